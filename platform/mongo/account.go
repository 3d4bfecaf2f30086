package mongo

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// AccountService implements platform.AccountService on MongoDB.
type AccountService struct {
	db     *DB
	users  *UserService
	params platform.PasswordParams
	// hashing bounds concurrent argon2 computations: each takes the
	// parameters' memory (80 MiB by default), so a burst of sign-ins must
	// queue rather than exhaust the machine's memory.
	hashing chan struct{}
	// dummy is a hash of a random password, verified when the email is
	// unknown so that the answer takes as long as for a known one.
	dummyOnce sync.Once
	dummy     string
	cleanups  atomic.Uint64
}

var _ platform.AccountService = (*AccountService)(nil)

// AccountOptions tune an AccountService.
type AccountOptions struct {
	// Password are the argon2id parameters of new hashes; zero means
	// platform.DefaultPasswordParams(). Tests use cheaper ones.
	Password platform.PasswordParams
	// ConcurrentHashes bounds the argon2 computations running at once; 0
	// means 2.
	ConcurrentHashes int
}

// NewAccountService returns the account service of db.
func NewAccountService(db *DB, opts AccountOptions) *AccountService {
	if opts.Password == (platform.PasswordParams{}) {
		opts.Password = platform.DefaultPasswordParams()
	}
	if opts.ConcurrentHashes <= 0 {
		opts.ConcurrentHashes = 2
	}
	return &AccountService{db: db, users: NewUserService(db), params: opts.Password, hashing: make(chan struct{}, opts.ConcurrentHashes)}
}

// hash and verify take a place among the concurrent hashes.
func (s *AccountService) acquire(ctx context.Context) error {
	select {
	case s.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return platform.Localized(platform.Unavailable, "error.unavailable", map[string]any{"Part": "sign-in"}, "busy hashing")
	}
}

func (s *AccountService) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-s.hashing }()
	return platform.HashPassword(password, s.params)
}

func (s *AccountService) verify(ctx context.Context, password, phc string) (bool, error) {
	if err := s.acquire(ctx); err != nil {
		return false, err
	}
	defer func() { <-s.hashing }()
	if phc == "" {
		s.dummyOnce.Do(func() {
			secret, _ := newSecret("")
			s.dummy, _ = platform.HashPassword(secret, s.params)
		})
		_, _ = platform.VerifyPassword(password, s.dummy)
		return false, nil
	}
	return platform.VerifyPassword(password, phc)
}

// wrongCredentials is the one answer for an unknown email, a wrong password,
// an account without a password and a disabled account, so that the form
// does not reveal which accounts exist.
func wrongCredentials() error {
	return platform.Localized(platform.Unauthorized, "account.error.wrong_password", nil, "wrong email or password")
}

// Rate-limit keys: one per address and one per account.
func ipKey(ip string) string         { return "ip:" + ip }
func accountKey(email string) string { return "account:" + strings.ToLower(strings.TrimSpace(email)) }

// limited returns a RateLimited error when key has SignInLimit failures
// within the window, nil otherwise.
func (s *AccountService) limited(ctx context.Context, key string) error {
	if key == "ip:" {
		return nil // no address (command line): nothing to limit by
	}
	now := s.db.now()
	coll := s.db.db.Collection(colSignInFailures)
	filter := bson.D{{Key: "key", Value: key}, {Key: "at", Value: bson.D{{Key: "$gt", Value: now.Add(-platform.SignInWindow)}}}}
	n, err := coll.CountDocuments(ctx, filter)
	if err != nil {
		return translate(err)
	}
	if n < platform.SignInLimit {
		return nil
	}
	// Attempts are allowed again when the SignInLimit-th newest failure
	// leaves the window.
	var f struct {
		At time.Time `bson:"at"`
	}
	err = coll.FindOne(ctx, filter, options.FindOne().SetSort(bson.D{{Key: "at", Value: -1}}).SetSkip(platform.SignInLimit-1)).Decode(&f)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return translate(err)
	}
	wait := f.At.Add(platform.SignInWindow).Sub(now)
	if wait <= 0 {
		wait = time.Second
	}
	minutes := int(math.Ceil(wait.Minutes()))
	return platform.Localized(platform.RateLimited, "account.error.rate_limited", map[string]any{"Wait": wait, "Minutes": minutes, "Count": minutes},
		"too many failed attempts for %s; wait %s", key, wait.Round(time.Second))
}

// checkLimits refuses when the address or the account is over its limit.
func (s *AccountService) checkLimits(ctx context.Context, email string) error {
	if err := s.limited(ctx, ipKey(platform.RequestInfoFromContext(ctx).IP)); err != nil {
		return err
	}
	return s.limited(ctx, accountKey(email))
}

// fail records a failed attempt for the address and the account, and
// returns the error to answer with: RateLimited if this failure reached the
// limit, else err.
func (s *AccountService) fail(ctx context.Context, email string, err error) error {
	now := s.db.now()
	ip := platform.RequestInfoFromContext(ctx).IP
	docs := []any{bson.D{{Key: "key", Value: accountKey(email)}, {Key: "at", Value: now}}}
	if ip != "" {
		docs = append(docs, bson.D{{Key: "key", Value: ipKey(ip)}, {Key: "at", Value: now}})
	}
	coll := s.db.db.Collection(colSignInFailures)
	if _, ierr := coll.InsertMany(ctx, docs); ierr != nil {
		return translate(ierr)
	}
	// Old failures are removed now and then rather than by a TTL index.
	if s.cleanups.Add(1)%20 == 0 {
		_, _ = coll.DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: now.Add(-platform.SignInWindow)}}}})
	}
	if lerr := s.checkLimits(ctx, email); lerr != nil {
		return lerr
	}
	return err
}

// SignIn implements platform.AccountService.
func (s *AccountService) SignIn(ctx context.Context, email, password string) (_ *platform.User, _ string, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || password == "" || len(email) > 254 || len(password) > 4*platform.MaxPasswordLen {
		return nil, "", platform.Localized(platform.Invalid, "account.error.email_password_required", nil, "email and password are required")
	}
	if err := s.checkLimits(ctx, email); err != nil {
		if platform.ErrorCode(err) == platform.RateLimited {
			_ = s.db.record(ctx, auditRecord{kind: platform.TypeSession, action: platform.ActionSignInLimited, note: "email " + email})
		}
		return nil, "", err
	}
	u, err := s.db.userByEmail(ctx, email)
	if err != nil && platform.ErrorCode(err) != platform.NotFound {
		return nil, "", err
	}
	phc := ""
	if u != nil && !u.Disabled {
		phc = u.PasswordHash
	}
	ok, verr := s.verify(ctx, password, phc)
	if verr != nil && platform.ErrorCode(verr) == platform.Unavailable {
		return nil, "", verr
	}
	if !ok {
		rec := auditRecord{kind: platform.TypeSession, action: platform.ActionSignInFailed, note: "email " + email}
		if u != nil {
			rec.id = u.ID
			if u.Disabled {
				rec.note += " (account disabled)"
			}
		}
		if aerr := s.db.record(ctx, rec); aerr != nil {
			return nil, "", aerr
		}
		return nil, "", s.fail(ctx, email, wrongCredentials())
	}
	if platform.NeedsRehash(u.PasswordHash, s.params) {
		if h, err := s.hash(ctx, password); err == nil {
			_, _ = s.db.db.Collection(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: u.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "passwordHash", Value: h}}}})
		}
	}
	secret, err := s.db.openSession(ctx, &u.User, "password")
	if err != nil {
		return nil, "", err
	}
	return &u.User, secret, nil
}

// SignInVerifiedEmail implements platform.AccountService.
func (s *AccountService) SignInVerifiedEmail(ctx context.Context, email, method string) (*platform.User, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := s.db.userByEmail(ctx, email)
	if err != nil && platform.ErrorCode(err) != platform.NotFound {
		return nil, "", err
	}
	if u == nil || u.Disabled {
		rec := auditRecord{kind: platform.TypeSession, action: platform.ActionSignInFailed, note: method + ": no active account for " + email}
		if u != nil {
			rec.id = u.ID
		}
		if err := s.db.record(ctx, rec); err != nil {
			return nil, "", err
		}
		return nil, "", platform.Localized(platform.Unauthorized, "account.error.no_account", map[string]any{"Email": email}, "no active account for %s", email)
	}
	secret, err := s.db.openSession(ctx, &u.User, method)
	if err != nil {
		return nil, "", err
	}
	return &u.User, secret, nil
}

// setPassword stores a new password hash and ends every session of the
// user; when revoke is set it also revokes their API tokens (see
// revokeCredentials for when).
func (s *AccountService) setPassword(ctx context.Context, u *storedUser, password string, why string, revoke bool) error {
	if err := platform.ValidatePassword(password, u.Email); err != nil {
		return err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	before, after := u.User, u.User
	after.HasPassword = true
	w := upsert(platform.TypeUser, u.ID).auditedAs(auditRecord{kind: platform.TypeUser, id: u.ID, action: platform.ActionPasswordChanged,
		before: &before, after: &after, note: why, actor: &u.User})
	err = s.db.write(ctx, w, func(ctx context.Context, seq uint64) error {
		_, err := s.db.db.Collection(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: u.ID}}, bson.D{{Key: "$set", Value: bson.D{
			{Key: "passwordHash", Value: h}, {Key: "hasPassword", Value: true}, {Key: "updatedAt", Value: s.db.now()}, {Key: "seq", Value: int64(seq)},
		}}})
		return err
	})
	if err != nil {
		return err
	}
	if revoke {
		return s.db.revokeCredentials(ctx, u.ID, "password "+why)
	}
	return s.db.endSessions(ctx, u.ID, "password changed")
}

// revokeCredentials ends every session of a user and revokes every API
// token they hold. A password is changed or reset when its owner fears
// someone else knows it, and whoever knew it could have opened a session and
// made a token with it: a token made that way would otherwise outlive the
// new password. So every change and every reset of a password revokes the
// tokens, and so does a reset link made by the secretariat, at once (the
// account is thought compromised; the link may wait 24 hours for its owner).
// Only the first password, set through an invitation, leaves them: there was
// no password to steal, and a token the secretariat made for the account on
// the command line is meant to work. The owner makes new tokens on the
// account page.
func (db *DB) revokeCredentials(ctx context.Context, userID, why string) error {
	if err := db.revokeTokens(ctx, userID, why); err != nil {
		return err
	}
	return db.endSessions(ctx, userID, why)
}

// revokeTokens revokes every live API token of a user, with an audit entry
// for each (as RevokeToken writes one).
func (db *DB) revokeTokens(ctx context.Context, userID, why string) error {
	live := bson.D{{Key: "userId", Value: userID}, {Key: "revokedAt", Value: bson.D{{Key: "$exists", Value: false}}}}
	tokens, err := findAll[platform.Token](ctx, db.db.Collection(colTokens), live)
	if err != nil || len(tokens) == 0 {
		return err
	}
	now := db.now()
	ids := make([]string, len(tokens))
	for i, t := range tokens {
		ids[i] = t.ID
	}
	if _, err := db.db.Collection(colTokens).UpdateMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revokedAt", Value: now}}}}); err != nil {
		return translate(err)
	}
	audits := make([]auditRecord, len(tokens))
	for i, t := range tokens {
		next := *t
		next.RevokedAt = &now
		audits[i] = auditRecord{kind: platform.TypeToken, id: t.ID, action: platform.ActionRevoke, before: t, after: &next, note: why}
	}
	return db.recordAll(ctx, audits)
}

// ChangePassword implements platform.AccountService.
func (s *AccountService) ChangePassword(ctx context.Context, current, next string) (string, error) {
	actor := signedIn(ctx)
	if actor == nil || actor.IsSystem() {
		return "", signInRequired()
	}
	u, err := s.db.userByID(ctx, actor.ID)
	if err != nil {
		return "", err
	}
	if err := s.checkLimits(ctx, u.Email); err != nil {
		return "", err
	}
	ok, err := s.verify(ctx, current, u.PasswordHash)
	if err != nil && platform.ErrorCode(err) == platform.Unavailable {
		return "", err
	}
	if !ok {
		_ = s.db.record(ctx, auditRecord{kind: platform.TypeUser, id: u.ID, action: platform.ActionDenied, note: "wrong current password"})
		return "", s.fail(ctx, u.Email, platform.Localized(platform.Invalid, "account.error.wrong_current_password", nil, "wrong current password"))
	}
	if err := s.setPassword(ctx, u, next, "changed by the user", true); err != nil {
		return "", err
	}
	return s.db.openSession(ctx, &u.User, "password")
}

// links is the collection of one-time links.
func (db *DB) links() *mongo.Collection { return db.db.Collection(colLinks) }

// storedLink is a one-time link as stored.
type storedLink struct {
	platform.LinkSummary `bson:",inline"`
	Hash                 string     `bson:"hash"`
	RevokedAt            *time.Time `bson:"revokedAt,omitempty"`
}

// linkPrefix marks one-time link secrets.
const linkPrefix = "hl_"

func linkInvalid() error {
	return platform.Localized(platform.NotFound, "account.link_invalid", nil, "unknown, used or expired link")
}

// newLink stores a one-time link for u and returns its secret; earlier
// unused links of the same kind for u stop working.
func (db *DB) newLink(ctx context.Context, kind string, u *platform.User) (string, error) {
	ttl := platform.InvitationTTL
	if kind == platform.LinkReset {
		ttl = platform.ResetTTL
	}
	now := db.now()
	if _, err := db.links().UpdateMany(ctx, bson.D{{Key: "userId", Value: u.ID}, {Key: "kind", Value: kind},
		{Key: "usedAt", Value: bson.D{{Key: "$exists", Value: false}}}, {Key: "revokedAt", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revokedAt", Value: now}}}}); err != nil {
		return "", translate(err)
	}
	secret, err := newSecret(linkPrefix)
	if err != nil {
		return "", err
	}
	createdBy := ""
	if actor := platform.UserFromContext(ctx); actor != nil {
		createdBy = actor.ID
	}
	l := &storedLink{LinkSummary: platform.LinkSummary{ID: bson.NewObjectID().Hex(), Kind: kind, UserID: u.ID, CreatedBy: createdBy,
		CreatedAt: now, ExpiresAt: now.Add(ttl)}, Hash: hashSecret(secret)}
	if _, err := db.links().InsertOne(ctx, l); err != nil {
		return "", translate(err)
	}
	if err := db.record(ctx, auditRecord{kind: platform.TypeLink, id: l.ID, action: platform.ActionLinkCreated, after: &l.LinkSummary, note: kind}); err != nil {
		return "", err
	}
	return secret, nil
}

// Invite implements platform.AccountService.
func (s *AccountService) Invite(ctx context.Context, in platform.NewUser) (*platform.User, string, error) {
	u, err := s.users.CreateUser(ctx, in)
	if err != nil {
		return nil, "", err
	}
	secret, err := s.db.newLink(ctx, platform.LinkInvitation, u)
	if err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// CreateLink implements platform.AccountService.
func (s *AccountService) CreateLink(ctx context.Context, kind, userID string) (_ string, err error) {
	defer platform.Wrap(&err, "CreateLink(%q, %q)", kind, userID)
	if kind != platform.LinkInvitation && kind != platform.LinkReset {
		return "", platform.Errorf(platform.Invalid, "unknown link kind %q", kind)
	}
	if err := requireSecretariat(ctx); err != nil {
		if !platform.UserFromContext(ctx).IsSystem() {
			return "", s.db.deniedAttempt(ctx, platform.TypeLink, "", nil, map[string]any{"userId": userID, "kind": kind}, err)
		}
	}
	u, err := s.db.userByID(ctx, userID)
	if err != nil {
		return "", err
	}
	if u.Disabled {
		return "", platform.Localized(platform.Invalid, "account.error.disabled", nil, "user %s is disabled", userID)
	}
	secret, err := s.db.newLink(ctx, kind, &u.User)
	if err != nil || kind != platform.LinkReset || platform.UserFromContext(ctx).ID == u.ID {
		return secret, err
	}
	// The secretariat resets a password when the account is thought
	// compromised: whoever holds it loses it now, not when the owner gets
	// round to using the link.
	return secret, s.db.revokeCredentials(ctx, u.ID, "password reset by the secretariat")
}

// RequestReset implements platform.AccountService.
func (s *AccountService) RequestReset(ctx context.Context, email string) (*platform.User, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	// Requests count against the address's sign-in budget, so that the form
	// cannot be used to mail-bomb an account or probe many addresses.
	ip := platform.RequestInfoFromContext(ctx).IP
	if err := s.limited(ctx, ipKey(ip)); err != nil {
		return nil, "", err
	}
	if ip != "" {
		if _, err := s.db.db.Collection(colSignInFailures).InsertOne(ctx, bson.D{{Key: "key", Value: ipKey(ip)}, {Key: "at", Value: s.db.now()}}); err != nil {
			return nil, "", translate(err)
		}
	}
	u, err := s.db.userByEmail(ctx, email)
	if err != nil {
		return nil, "", err
	}
	if u.Disabled {
		return nil, "", userNotFound(email)
	}
	ctx = platform.NewContextWithUser(ctx, &u.User) // the link is the user's own request
	secret, err := s.db.newLink(ctx, platform.LinkReset, &u.User)
	if err != nil {
		return nil, "", err
	}
	return &u.User, secret, nil
}

// liveLinkFilter selects the usable link of a secret.
func (db *DB) liveLinkFilter(kind, secret string) bson.D {
	return bson.D{
		{Key: "hash", Value: hashSecret(secret)}, {Key: "kind", Value: kind},
		{Key: "usedAt", Value: bson.D{{Key: "$exists", Value: false}}},
		{Key: "revokedAt", Value: bson.D{{Key: "$exists", Value: false}}},
		{Key: "expiresAt", Value: bson.D{{Key: "$gt", Value: db.now()}}},
	}
}

// CheckLink implements platform.AccountService.
func (s *AccountService) CheckLink(ctx context.Context, kind, secret string) (*platform.User, error) {
	if !strings.HasPrefix(secret, linkPrefix) || len(secret) > 100 {
		return nil, linkInvalid()
	}
	var l storedLink
	err := s.db.links().FindOne(ctx, s.db.liveLinkFilter(kind, secret)).Decode(&l)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, linkInvalid()
	}
	if err != nil {
		return nil, translate(err)
	}
	u, err := s.db.userByID(ctx, l.UserID)
	if platform.ErrorCode(err) == platform.NotFound || err == nil && u.Disabled {
		return nil, linkInvalid()
	}
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}

// UseLink implements platform.AccountService.
func (s *AccountService) UseLink(ctx context.Context, kind, secret, password string) (*platform.User, string, error) {
	u, err := s.CheckLink(ctx, kind, secret)
	if err != nil {
		return nil, "", err
	}
	// Check the password before using the link up, so that a refused
	// password leaves the link working.
	if err := platform.ValidatePassword(password, u.Email); err != nil {
		return nil, "", err
	}
	var l storedLink
	err = s.db.links().FindOne(ctx, s.db.liveLinkFilter(kind, secret)).Decode(&l)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, "", linkInvalid()
	}
	if err != nil {
		return nil, "", translate(err)
	}
	// Taking the link is an insert under a unique key: of two requests
	// racing with the same link, only one wins. (A conditional update would
	// not do: FerretDB v1 does not apply findAndModify atomically.)
	won, err := s.db.Claim(ctx, "link:"+l.ID)
	if err != nil {
		return nil, "", err
	}
	if !won {
		return nil, "", linkInvalid()
	}
	if _, err := s.db.links().UpdateOne(ctx, bson.D{{Key: "_id", Value: l.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "usedAt", Value: s.db.now()}}}}); err != nil {
		return nil, "", translate(err)
	}
	ctx = platform.NewContextWithUser(ctx, u)
	if err := s.db.record(ctx, auditRecord{kind: platform.TypeLink, id: l.ID, action: platform.ActionLinkUsed, note: kind}); err != nil {
		return nil, "", err
	}
	stored, err := s.db.userByID(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	// A reset revokes the API tokens; setting the first password through an
	// invitation does not (see revokeCredentials).
	if err := s.setPassword(ctx, stored, password, kind+" link", kind == platform.LinkReset); err != nil {
		return nil, "", err
	}
	stored.HasPassword = true
	secretSession, err := s.db.openSession(ctx, &stored.User, "link")
	if err != nil {
		return nil, "", err
	}
	return &stored.User, secretSession, nil
}
