package mongo

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// Sessions live in their own collection, keyed by the SHA-256 of the
// cookie's secret. They are not in the change log: no index follows them.
// Expired sessions are refused by the time in the query and removed
// opportunistically at each sign-in (FerretDB v1 has no TTL indexes).

// sessionPrefix marks session secrets (never shown to people, but it makes
// a leaked one recognisable).
const sessionPrefix = "hs_"

func (db *DB) sessions() *mongo.Collection { return db.db.Collection(colSessions) }

// openSession creates a session for u and returns its secret.
func (db *DB) openSession(ctx context.Context, u *platform.User, method string) (string, error) {
	secret, err := newSecret(sessionPrefix)
	if err != nil {
		return "", err
	}
	now := db.now()
	ri := platform.RequestInfoFromContext(ctx)
	sess := &platform.Session{
		ID: bson.NewObjectID().Hex(), UserID: u.ID, Hash: hashSecret(secret), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(platform.MaxSessionAge), IP: ri.IP, UserAgent: ri.UserAgent, Method: method,
	}
	if _, err := db.sessions().InsertOne(ctx, sess); err != nil {
		return "", translate(err)
	}
	// Opportunistic clean-up of this user's and everyone's dead sessions.
	_, _ = db.sessions().DeleteMany(ctx, bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: now}}}},
		bson.D{{Key: "lastSeenAt", Value: bson.D{{Key: "$lt", Value: now.Add(-platform.SessionIdleTimeout)}}}},
	}}})
	if err := db.record(ctx, auditRecord{kind: platform.TypeSession, id: sess.ID, action: platform.ActionSignIn, actor: u, note: method}); err != nil {
		return "", err
	}
	return secret, nil
}

// sessionBySecret returns the live session of a secret.
func (db *DB) sessionBySecret(ctx context.Context, secret string) (*platform.Session, error) {
	unauthorized := platform.Localized(platform.Unauthorized, "account.error.signed_out", nil, "no such session")
	if !strings.HasPrefix(secret, sessionPrefix) || len(secret) > 100 {
		return nil, unauthorized
	}
	now := db.now()
	var sess platform.Session
	err := db.sessions().FindOne(ctx, bson.D{
		{Key: "hash", Value: hashSecret(secret)},
		{Key: "expiresAt", Value: bson.D{{Key: "$gt", Value: now}}},
		{Key: "lastSeenAt", Value: bson.D{{Key: "$gt", Value: now.Add(-platform.SessionIdleTimeout)}}},
	}).Decode(&sess)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, unauthorized
	}
	if err != nil {
		return nil, translate(err)
	}
	return &sess, nil
}

// SessionUser implements platform.AccountService.
func (s *AccountService) SessionUser(ctx context.Context, secret string) (*platform.User, *platform.Session, error) {
	sess, err := s.db.sessionBySecret(ctx, secret)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.db.userByID(ctx, sess.UserID)
	if platform.ErrorCode(err) == platform.NotFound || err == nil && u.Disabled {
		return nil, nil, platform.Localized(platform.Unauthorized, "account.error.signed_out", nil, "user of session gone or disabled")
	}
	if err != nil {
		return nil, nil, err
	}
	// Keep the session alive, writing at most once a minute.
	if now := s.db.now(); now.Sub(sess.LastSeenAt) > time.Minute {
		sess.LastSeenAt = now
		_, _ = s.db.sessions().UpdateOne(ctx, bson.D{{Key: "_id", Value: sess.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "lastSeenAt", Value: now}}}})
	}
	return &u.User, sess, nil
}

// SignOut implements platform.AccountService.
func (s *AccountService) SignOut(ctx context.Context, secret string) error {
	sess, err := s.db.sessionBySecret(ctx, secret)
	if platform.ErrorCode(err) == platform.Unauthorized {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := s.db.sessions().DeleteOne(ctx, bson.D{{Key: "_id", Value: sess.ID}}); err != nil {
		return translate(err)
	}
	actor := platform.UserFromContext(ctx)
	if actor == nil || actor.ID != sess.UserID {
		u, err := s.db.userByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		actor = &u.User
	}
	return s.db.record(ctx, auditRecord{kind: platform.TypeSession, id: sess.ID, action: platform.ActionSignOut, actor: actor})
}

// SignOutEverywhere implements platform.AccountService.
func (s *AccountService) SignOutEverywhere(ctx context.Context) error {
	u := signedIn(ctx)
	if u == nil || u.IsSystem() {
		return signInRequired()
	}
	return s.db.endSessions(ctx, u.ID, "signed out everywhere")
}

// endSessions ends every session of a user and records it.
func (db *DB) endSessions(ctx context.Context, userID, why string) error {
	res, err := db.sessions().DeleteMany(ctx, bson.D{{Key: "userId", Value: userID}})
	if err != nil {
		return translate(err)
	}
	if res.DeletedCount == 0 && why != "signed out everywhere" {
		return nil
	}
	return db.record(ctx, auditRecord{kind: platform.TypeSession, id: userID, action: platform.ActionSignOutEverywhere,
		note: why + " (" + strconv.FormatInt(res.DeletedCount, 10) + " sessions)"})
}
