package mongo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// UserService implements platform.UserService on MongoDB.
type UserService struct {
	db *DB
	// experts erases the expert profile of an erased account.
	experts *ExpertService
}

var _ platform.UserService = (*UserService)(nil)

// NewUserService returns the user service of db. The expert profile of an
// account it erases is erased by an ExpertService that leaves the photo
// in the object store; SetExperts gives it one that removes it.
func NewUserService(db *DB) *UserService {
	return &UserService{db: db, experts: NewExpertService(db, ExpertOptions{})}
}

// SetExperts makes experts the service that erases an erased account's
// expert profile (the server's, which removes photos from its store). Call
// it before the service is used.
func (s *UserService) SetExperts(experts *ExpertService) { s.experts = experts }

func (s *UserService) users() *mongo.Collection  { return s.db.db.Collection(colUsers) }
func (s *UserService) tokens() *mongo.Collection { return s.db.db.Collection(colTokens) }

// SetClock replaces the database's clock, for tests of expiry.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

func userNotFound(id string) error {
	return platform.Localized(platform.NotFound, "account.error.user_not_found", nil, "user %q not found", id)
}

// signedIn returns the acting user, or nil for an anonymous visitor or a
// deactivated account (which acts as nobody, should it ever reach a service).
func signedIn(ctx context.Context) *platform.User {
	u := platform.UserFromContext(ctx)
	if u == nil || u.Disabled {
		return nil
	}
	return u
}

func signInRequired() error {
	return platform.Localized(platform.Unauthorized, "account.error.sign_in_required", nil, "sign-in required")
}

// storedUser is a user's record as stored, with the password hash that
// platform.User never carries.
type storedUser struct {
	platform.User `bson:",inline"`
	PasswordHash  string `bson:"passwordHash,omitempty"`
}

// userByID reads a user whatever the caller's rights.
func (db *DB) userByID(ctx context.Context, id string) (*storedUser, error) {
	var u storedUser
	err := db.db.Collection(colUsers).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, userNotFound(id)
	}
	if err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// userByEmail reads a user by (normalized) email whatever the caller's
// rights.
func (db *DB) userByEmail(ctx context.Context, email string) (*storedUser, error) {
	var u storedUser
	err := db.db.Collection(colUsers).FindOne(ctx, bson.D{{Key: "email", Value: strings.ToLower(strings.TrimSpace(email))}}).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, userNotFound(email)
	}
	if err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// CreateUser implements platform.UserService.
func (s *UserService) CreateUser(ctx context.Context, in platform.NewUser) (_ *platform.User, err error) {
	defer platform.Wrap(&err, "CreateUser(%q)", in.Email)
	in.Normalize()
	if err := requireSecretariat(ctx); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeUser, "", nil, in, err)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	now := s.db.now()
	u := &platform.User{
		ID: bson.NewObjectID().Hex(), Email: in.Email, Name: in.Name, Role: in.Role, Country: in.Country,
		Organization: in.Organization, Language: in.Language, CreatedAt: now, UpdatedAt: now,
		CreatedBy: platform.UserFromContext(ctx).ID,
	}
	err = s.db.write(ctx, upsert(platform.TypeUser, u.ID).audited(platform.ActionCreate, nil, u),
		func(ctx context.Context, seq uint64) error {
			u.Seq = seq
			_, err := s.users().InsertOne(ctx, u)
			if mongo.IsDuplicateKeyError(err) {
				return platform.Localized(platform.Conflict, "account.error.email_taken", map[string]any{"Email": u.Email}, "a user with email %s exists", u.Email)
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// FindUserByID implements platform.UserService.
func (s *UserService) FindUserByID(ctx context.Context, id string) (*platform.User, error) {
	_, u, err := s.managedUser(ctx, id)
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}

// mayManage returns the user signed in to ctx when they may manage the
// user id: Unauthorized when nobody is, NotFound (as if id did not exist)
// when they may not.
func mayManage(ctx context.Context, id string) (*platform.User, error) {
	actor := signedIn(ctx)
	if actor == nil {
		return nil, signInRequired()
	}
	if !platform.CanManageUser(actor, id) {
		return nil, userNotFound(id)
	}
	return actor, nil
}

// managedUser is mayManage, then reads the user id.
func (s *UserService) managedUser(ctx context.Context, id string) (*platform.User, *storedUser, error) {
	actor, err := mayManage(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.db.userByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return actor, u, nil
}

// FindUsers implements platform.UserService.
func (s *UserService) FindUsers(ctx context.Context, f platform.UserFilter) ([]*platform.User, int, error) {
	if err := requireSecretariat(ctx); err != nil {
		return nil, 0, err
	}
	filter := bson.D{}
	if f.Role != "" {
		filter = append(filter, bson.E{Key: "role", Value: f.Role})
	}
	if f.Country != "" {
		filter = append(filter, bson.E{Key: "country", Value: platform.NormalizeCountry(f.Country)})
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		if utf8.RuneCountInString(t) > 200 {
			return nil, 0, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "q"}, "search text too long")
		}
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "name", Value: textPattern(t)}}, bson.D{{Key: "email", Value: textPattern(t)}},
		}})
	}
	if f.Disabled != nil {
		if *f.Disabled {
			filter = append(filter, bson.E{Key: "disabled", Value: true})
		} else {
			filter = append(filter, bson.E{Key: "disabled", Value: bson.D{{Key: "$ne", Value: true}}})
		}
	}
	if f.DeletionRequested {
		filter = append(filter, bson.E{Key: "deletionRequestedAt", Value: bson.D{{Key: "$exists", Value: true}}},
			bson.E{Key: "erasedAt", Value: bson.D{{Key: "$exists", Value: false}}})
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	total, err := s.users().CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, translate(err)
	}
	cur, err := s.users().Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(max(f.Offset, 0))).SetLimit(int64(limit)))
	if err != nil {
		return nil, 0, translate(err)
	}
	out := []*platform.User{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, 0, translate(err)
	}
	return out, int(total), nil
}

// UpdateUser implements platform.UserService.
func (s *UserService) UpdateUser(ctx context.Context, id string, up platform.UserUpdate) (_ *platform.User, err error) {
	defer platform.Wrap(&err, "UpdateUser(%q)", id)
	actor, old, err := s.managedUser(ctx, id)
	if err != nil {
		return nil, err
	}
	if old.ErasedAt != nil {
		return nil, platform.Localized(platform.Conflict, "account.error.erased", nil, "user %s was erased", id)
	}
	next, restricted, err := up.Apply(old.User)
	if err != nil {
		return nil, err
	}
	if restricted {
		if !platform.IsSecretariat(actor) {
			err := platform.Localized(platform.Forbidden, "error.forbidden", nil, "user %s may not change roles, countries or accounts' status", actor.ID)
			return nil, s.db.deniedAttempt(ctx, platform.TypeUser, id, &old.User, &next, err)
		}
		if actor.ID == id {
			return nil, platform.Localized(platform.Invalid, "account.error.own_role", nil, "one cannot change one's own role, country or status")
		}
	}
	return s.db.writeUser(ctx, old, next)
}

// writeUser stores next in place of old (if nobody changed it meanwhile),
// logs the change and audits it. Disabling ends the user's sessions.
func (db *DB) writeUser(ctx context.Context, old *storedUser, next platform.User) (*platform.User, error) {
	now := db.now()
	next.UpdatedAt = now
	switch {
	case next.Disabled && !old.Disabled:
		next.DisabledAt = &now
	case !next.Disabled:
		next.DisabledAt = nil
	}
	set := bson.D{
		{Key: "name", Value: next.Name}, {Key: "role", Value: next.Role}, {Key: "country", Value: next.Country},
		{Key: "organization", Value: next.Organization}, {Key: "language", Value: next.Language}, {Key: "timeZone", Value: next.TimeZone},
		{Key: "disabled", Value: next.Disabled}, {Key: "updatedAt", Value: next.UpdatedAt},
		{Key: "hasPassword", Value: next.HasPassword},
	}
	unset := bson.D{}
	for _, f := range []struct {
		key string
		v   any
		nil bool
	}{
		{"disabledAt", next.DisabledAt, next.DisabledAt == nil},
		{"deletionRequestedAt", next.DeletionRequestedAt, next.DeletionRequestedAt == nil},
		{"deletionReason", next.DeletionReason, next.DeletionReason == ""},
		{"erasedAt", next.ErasedAt, next.ErasedAt == nil},
	} {
		if f.nil {
			unset = append(unset, bson.E{Key: f.key, Value: ""})
		} else {
			set = append(set, bson.E{Key: f.key, Value: f.v})
		}
	}
	update := bson.D{{Key: "$set", Value: set}}
	if len(unset) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: unset})
	}
	err := db.write(ctx, upsert(platform.TypeUser, old.ID).audited(platform.ActionUpdate, &old.User, &next),
		func(ctx context.Context, seq uint64) error {
			next.Seq = seq
			update[0].Value = append(set, bson.E{Key: "seq", Value: int64(seq)})
			res, err := db.db.Collection(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: old.ID}, {Key: "seq", Value: int64(old.Seq)}}, update)
			if err == nil && res.MatchedCount == 0 {
				err = platform.Localized(platform.Conflict, "error.conflict", nil, "user %q changed concurrently", old.ID)
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	if next.Disabled && !old.Disabled {
		if err := db.endSessions(ctx, old.ID, "account disabled"); err != nil {
			return nil, err
		}
	}
	return &next, nil
}

// RequestDeletion implements platform.UserService.
func (s *UserService) RequestDeletion(ctx context.Context, reason string) (err error) {
	defer platform.Wrap(&err, "RequestDeletion")
	actor := signedIn(ctx)
	if actor == nil || actor.IsSystem() {
		return signInRequired()
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 2000 || !utf8.ValidString(reason) {
		return platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "reason"}, "reason too long")
	}
	old, err := s.db.userByID(ctx, actor.ID)
	if err != nil {
		return err
	}
	next := old.User
	now := s.db.now()
	next.DeletionRequestedAt, next.DeletionReason = &now, reason
	if _, err := s.db.writeUser(ctx, old, next); err != nil {
		return err
	}
	return s.db.record(ctx, auditRecord{kind: platform.TypeUser, id: actor.ID, action: platform.ActionDeletionRequested, note: reason})
}

// EraseUser implements platform.UserService. It erases, in an order that
// a failed erasure resumes from (the account is disabled and marked first,
// so that the person can no longer act; its name and addresses go last,
// as the other steps find what to erase by them):
//
//   - The account keeps its id, role, country, dates and who created it:
//     documents, versions, registrations and audit entries point at the
//     id, and "a focal point of KZ did this" stays true of the trail. Its
//     name, organization, language, time zone, deletion reason and
//     password hash go; its email becomes platform.ErasedEmail(id), since
//     users' emails are unique and the placeholder can receive no mail. It
//     is disabled, marked erased, and can no longer be changed or
//     reactivated (UpdateUser answers Conflict).
//   - Its sessions, API tokens and sign-in links are deleted, and the
//     failed sign-ins counted against its email: they only served it.
//   - Its registrations (by the account or by its email) lose the name,
//     organization, position, language, public listing, their management
//     links, earlier states and notices not mailed yet (mailed ones keep
//     only the placeholder), and the check-in and certificate codes (a
//     code printed on a certificate would tie the paper's name back to
//     the record). Each address the person registered with becomes one
//     placeholder, so that they stay one participant. They keep the event,
//     country, category, gender, days attended, state and place in line:
//     what platform/stats counts, so that the platform's record of who
//     attended from which country stays, as counts (the statistics are
//     unchanged; an erased trainer counts once, by the placeholder). A
//     registration for an event not held yet and not attended is
//     cancelled, its seat going to the next in line. Where the person was
//     registered as staff, that event's trainers and speakers drop their
//     name (the event keeps "a trainer" through its counts and links).
//   - Evaluation answers keep their answers and their registration, which
//     no longer names anyone: the knowledge gain, matching pre- and
//     post-tests, stays.
//   - Their expert profile (with those merged with it) is erased by
//     ExpertService.EraseExpert; the profiles' history loses their name as
//     editor of any profile.
//   - The audit trail keeps every entry: those about the account, its
//     tokens and registrations keep who did what when and which fields
//     changed, without the values (scrubAudit); those where the person
//     acted keep their id, role and country, without their name, address
//     and browser; wherever their email is in a note or a value, it is the
//     placeholder (see scrubPerson).
//   - What others wrote stays as written: a document's text, or another
//     event's list of trainers, that holds the name is that record's
//     content, and the hub cannot tell the person from a namesake there.
func (s *UserService) EraseUser(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "EraseUser(%q)", id)
	actor := signedIn(ctx)
	if actor == nil {
		return signInRequired()
	}
	if !platform.IsSecretariat(actor) {
		err := platform.Localized(platform.Forbidden, "error.forbidden", nil, "user %s may not erase users", actor.ID)
		return s.db.deniedAttempt(ctx, platform.TypeUser, id, nil, map[string]any{"erase": true}, err)
	}
	if actor.ID == id {
		return platform.Localized(platform.Invalid, "account.error.erase_self", nil, "one cannot erase one's own account")
	}
	u, err := s.db.userByID(ctx, id)
	if err != nil {
		return err
	}
	if u.ErasedAt != nil && platform.IsErasedEmail(u.Email) {
		// Erased already; the last step may have failed.
		return s.db.scrubAudit(ctx, platform.TypeUser, id)
	}
	if u.ErasedAt == nil {
		next := u.User
		now := s.db.now()
		next.Disabled, next.ErasedAt = true, &now
		if _, err := s.db.writeUser(ctx, u, next); err != nil {
			return err
		}
		if u, err = s.db.userByID(ctx, id); err != nil {
			return err
		}
	}
	emails := map[string]string{strings.ToLower(u.Email): platform.ErasedEmail(id)}
	// The other addresses the account registered with, each its own
	// placeholder (the statistics count addresses).
	err = s.db.mirror().view(ctx, func(m *mirror) {
		var other []string
		for _, r := range m.byUser[id] {
			if e := strings.ToLower(r.Email); !platform.IsErasedEmail(e) && emails[e] == "" && !slices.Contains(other, e) {
				other = append(other, e)
			}
		}
		slices.Sort(other)
		for i, e := range other {
			emails[e] = platform.ErasedEmail(fmt.Sprintf("%s.%d", id, i+1))
		}
	})
	if err != nil {
		return err
	}
	if err := s.eraseCredentials(ctx, id, emails); err != nil {
		return err
	}
	if err := s.eraseProfiles(ctx, id); err != nil {
		return err
	}
	names, err := s.db.eraseRegistrations(ctx, id, emails)
	if err != nil {
		return err
	}
	if _, err := s.db.db.Collection(colExpertHistory).UpdateMany(ctx, bson.D{{Key: "by", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "byName", Value: ""}}}}); err != nil {
		return translate(err)
	}
	if err := s.db.scrubPerson(ctx, id, emails, append(names, u.Name)); err != nil {
		return err
	}
	erased := platform.User{ID: id, Email: platform.ErasedEmail(id), Role: u.Role, Country: u.Country, Disabled: true,
		DisabledAt: u.DisabledAt, DeletionRequestedAt: u.DeletionRequestedAt, ErasedAt: u.ErasedAt,
		CreatedAt: u.CreatedAt, UpdatedAt: s.db.now(), CreatedBy: u.CreatedBy}
	w := upsert(platform.TypeUser, id).auditedAs(auditRecord{kind: platform.TypeUser, id: id, action: platform.ActionErase})
	err = s.db.write(ctx, w, func(ctx context.Context, seq uint64) error {
		erased.Seq = seq
		res, err := s.users().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "seq", Value: int64(u.Seq)}}, &erased)
		if err == nil && res.MatchedCount == 0 {
			err = platform.Localized(platform.Conflict, "error.conflict", nil, "user %q changed concurrently", id)
		}
		return err
	})
	if err != nil {
		return err
	}
	return s.db.scrubAudit(ctx, platform.TypeUser, id)
}

// eraseCredentials deletes an erased account's sessions, tokens and
// links, and the failed sign-ins counted against its addresses; the
// values of its tokens' audit entries go first (a token's name may say
// whose it is).
func (s *UserService) eraseCredentials(ctx context.Context, id string, emails map[string]string) error {
	byUser := bson.D{{Key: "userId", Value: id}}
	tokens, err := findAll[platform.Token](ctx, s.tokens(), byUser)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if err := s.db.scrubAudit(ctx, platform.TypeToken, t.ID); err != nil {
			return err
		}
	}
	// An erased user's import jobs go too: their problems quote the rows.
	for _, coll := range []string{colSessions, colTokens, colLinks, colImportJobs} {
		if _, err := s.db.db.Collection(coll).DeleteMany(ctx, byUser); err != nil {
			return translate(err)
		}
	}
	for e := range emails {
		if _, err := s.db.db.Collection(colSignInFailures).DeleteMany(ctx, bson.D{{Key: "key", Value: accountKey(e)}}); err != nil {
			return translate(err)
		}
	}
	return nil
}

// eraseProfiles erases the expert profiles of account id: its own, and
// the one it was merged into (a merge says both are one person).
func (s *UserService) eraseProfiles(ctx context.Context, id string) error {
	var ids []string
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.experts {
			if e.UserID != id || e.Status == platform.ExpertErased {
				continue
			}
			target := e.ID
			if e.Status == platform.ExpertMerged && e.MergedInto != "" {
				target = e.MergedInto
			}
			if !slices.Contains(ids, target) {
				ids = append(ids, target)
			}
		}
	})
	if err != nil {
		return err
	}
	slices.Sort(ids)
	for _, x := range ids {
		if err := s.experts.EraseExpert(ctx, x); err != nil {
			return err
		}
	}
	return nil
}

// ExportUser implements platform.UserService.
func (s *UserService) ExportUser(ctx context.Context, id string) (_ *platform.UserExport, err error) {
	defer platform.Wrap(&err, "ExportUser(%q)", id)
	_, u, err := s.managedUser(ctx, id)
	if err != nil {
		return nil, err
	}
	ex := &platform.UserExport{ExportedAt: s.db.now(), User: &u.User, Documents: []string{}}
	byUser := bson.D{{Key: "userId", Value: id}}
	if ex.Sessions, err = findAll[platform.Session](ctx, s.db.db.Collection(colSessions), byUser); err != nil {
		return nil, err
	}
	if ex.Tokens, err = findAll[platform.Token](ctx, s.tokens(), byUser); err != nil {
		return nil, err
	}
	if ex.Links, err = findAll[platform.LinkSummary](ctx, s.db.db.Collection(colLinks), byUser); err != nil {
		return nil, err
	}
	cur, err := s.db.db.Collection(colDocuments).Find(ctx, bson.D{{Key: "createdBy", Value: id}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return nil, translate(err)
	}
	for _, d := range ids {
		ex.Documents = append(ex.Documents, d.ID)
	}
	if ex.Audit, err = s.db.auditAbout(ctx, id); err != nil {
		return nil, err
	}
	for i, e := range ex.Audit {
		subject := e.ForSubject(id)
		ex.Audit[i] = &subject
	}
	return ex, s.db.record(ctx, auditRecord{kind: platform.TypeUser, id: id, action: platform.ActionExport})
}

// findAll decodes every record of coll matching filter, newest first.
func findAll[T any](ctx context.Context, coll *mongo.Collection, filter bson.D) ([]*T, error) {
	cur, err := coll.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}}).SetLimit(1000))
	if err != nil {
		return nil, translate(err)
	}
	out := []*T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, translate(err)
	}
	return out, nil
}

// tokenPrefix marks the hub's tokens, so that secret scanners recognise them.
const tokenPrefix = "hub_"

// hashSecret is how token, session and link secrets are stored: they are
// 256 random bits, so a fast hash is enough (nothing to brute-force).
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newSecret returns 256 random bits, URL-safe, after prefix.
func newSecret(prefix string) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// ownerOnly allows the user themselves (and System, for the command line).
func ownerOnly(ctx context.Context, userID string) error {
	actor := signedIn(ctx)
	if actor == nil {
		return signInRequired()
	}
	if !actor.IsSystem() && (actor.ID != userID || actor.Disabled) {
		return platform.Localized(platform.Forbidden, "error.forbidden", nil, "only the owner manages their tokens")
	}
	return nil
}

// CreateToken implements platform.UserService.
func (s *UserService) CreateToken(ctx context.Context, userID, name string, expiresAt *time.Time) (_ string, _ *platform.Token, err error) {
	defer platform.Wrap(&err, "CreateToken(%q)", userID)
	if err := ownerOnly(ctx, userID); err != nil {
		return "", nil, s.db.deniedAttempt(ctx, platform.TypeToken, "", nil, map[string]any{"userId": userID, "name": name}, err)
	}
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > platform.MaxTokenNameLen || !utf8.ValidString(name) {
		return "", nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "name"}, "token name too long")
	}
	if expiresAt != nil && !expiresAt.After(s.db.now()) {
		return "", nil, platform.Localized(platform.Invalid, "account.error.expiry_past", nil, "the expiry is in the past")
	}
	u, err := s.db.userByID(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	if u.Disabled {
		return "", nil, platform.Localized(platform.Invalid, "account.error.disabled", nil, "user %s is disabled", userID)
	}
	secret, err := newSecret(tokenPrefix)
	if err != nil {
		return "", nil, err
	}
	t := &platform.Token{
		ID: bson.NewObjectID().Hex(), UserID: userID, Hash: hashSecret(secret), Name: name,
		CreatedAt: s.db.now(), ExpiresAt: expiresAt,
	}
	if t.ExpiresAt != nil {
		utc := t.ExpiresAt.UTC().Truncate(time.Millisecond)
		t.ExpiresAt = &utc
	}
	if _, err := s.tokens().InsertOne(ctx, t); err != nil {
		return "", nil, translate(err)
	}
	return secret, t, s.db.audit(ctx, platform.TypeToken, t.ID, platform.ActionCreate, nil, t)
}

// FindTokens implements platform.UserService.
func (s *UserService) FindTokens(ctx context.Context, userID string) ([]*platform.Token, error) {
	if _, err := mayManage(ctx, userID); err != nil {
		return nil, err
	}
	return findAll[platform.Token](ctx, s.tokens(), bson.D{{Key: "userId", Value: userID}})
}

// RevokeToken implements platform.UserService.
func (s *UserService) RevokeToken(ctx context.Context, userID, tokenID string) (err error) {
	defer platform.Wrap(&err, "RevokeToken(%q)", tokenID)
	notFound := platform.Localized(platform.NotFound, "account.error.token_not_found", nil, "token %q not found", tokenID)
	if err := ownerOnly(ctx, userID); err != nil {
		if platform.ErrorCode(err) == platform.Forbidden {
			return notFound
		}
		return err
	}
	var old platform.Token
	err = s.tokens().FindOne(ctx, bson.D{{Key: "_id", Value: tokenID}, {Key: "userId", Value: userID}}).Decode(&old)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return notFound
	}
	if err != nil {
		return translate(err)
	}
	if old.RevokedAt != nil {
		return nil
	}
	now := s.db.now()
	if _, err := s.tokens().UpdateOne(ctx, bson.D{{Key: "_id", Value: tokenID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "revokedAt", Value: now}}}}); err != nil {
		return translate(err)
	}
	next := old
	next.RevokedAt = &now
	return s.db.audit(ctx, platform.TypeToken, tokenID, platform.ActionRevoke, &old, &next)
}

// Authenticate implements platform.UserService.
func (s *UserService) Authenticate(ctx context.Context, secret string) (*platform.User, error) {
	unauthorized := platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "invalid token")
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 200 {
		return nil, unauthorized
	}
	var t platform.Token
	err := s.tokens().FindOne(ctx, bson.D{{Key: "hash", Value: hashSecret(secret)}}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, unauthorized
	}
	if err != nil {
		return nil, translate(err)
	}
	now := s.db.now()
	if !t.Active(now) {
		return nil, unauthorized
	}
	u, err := s.db.userByID(ctx, t.UserID)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, unauthorized
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, unauthorized
	}
	// Note the last use, at most once a minute, so that owners can tell
	// forgotten tokens from live ones without a write per request.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		_, _ = s.tokens().UpdateOne(ctx, bson.D{{Key: "_id", Value: t.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "lastUsedAt", Value: now}}}})
	}
	return &u.User, nil
}
