package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// colNoticeClaims holds the claims of notice senders: a notice's _id
// inserted once (see ClaimNotice).
const colNoticeClaims = "notice_claims"

// staleNoticeClaim is how long a sender may hold a notice before another
// takes it over (the first died mailing it).
const staleNoticeClaim = 10 * time.Minute

var _ platform.NoticeOutbox = (*RegistrationService)(nil)

// PendingNotices implements platform.NoticeOutbox.
func (s *RegistrationService) PendingNotices(ctx context.Context, limit int) ([]platform.Notice, error) {
	cur, err := s.db.db.Collection(colNotices).Find(ctx, bson.D{{Key: "sentAt", Value: nil}},
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, translate(err)
	}
	var out []platform.Notice
	if err := cur.All(ctx, &out); err != nil {
		return nil, translate(err)
	}
	return out, nil
}

// ClaimNotice implements platform.NoticeOutbox: the claim is the unique
// insert of the notice's id; a claim older than staleNoticeClaim is taken
// over.
func (s *RegistrationService) ClaimNotice(ctx context.Context, id string) (bool, error) {
	return s.db.claimOnce(ctx, colNoticeClaims, id)
}

// claimOnce makes the caller the one sender of id: the unique insert of
// id into claims; a claim older than staleNoticeClaim is taken over.
// Notices and notifications are claimed so.
func (db *DB) claimOnce(ctx context.Context, coll, id string) (bool, error) {
	claims := db.db.Collection(coll)
	now := db.now()
	_, err := claims.InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: now}})
	if err == nil {
		return true, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return false, translate(err)
	}
	res, err := claims.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: bson.D{{Key: "$lt", Value: now.Add(-staleNoticeClaim)}}}})
	if err != nil || res.DeletedCount == 0 {
		return false, translate(err)
	}
	_, err = claims.InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: now}})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	return err == nil, translate(err)
}

// NoticeSent implements platform.NoticeOutbox.
func (s *RegistrationService) NoticeSent(ctx context.Context, id string) error {
	_, err := s.db.db.Collection(colNotices).UpdateOne(ctx, byID(id), bson.D{
		{Key: "$set", Value: bson.D{{Key: "sentAt", Value: s.db.now()}}},
		{Key: "$unset", Value: bson.D{{Key: "token", Value: ""}}},
	})
	return translate(err)
}

// ReleaseNotice implements platform.NoticeOutbox.
func (s *RegistrationService) ReleaseNotice(ctx context.Context, id string) error {
	_, err := s.db.db.Collection(colNoticeClaims).DeleteOne(ctx, byID(id))
	return translate(err)
}
