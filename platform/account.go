package platform

import (
	"context"
	"time"
	"unicode/utf8"
)

// RateLimited is the error code of a request refused because too many
// attempts came from the same address or for the same account; its Data
// carries "Wait" (a time.Duration, also as "Minutes" for messages).
const RateLimited = "rate_limited"

// Session is a signed-in browser. Only the SHA-256 of the cookie's secret is
// kept, so a copy of the database signs nobody in.
type Session struct {
	ID         string    `json:"id" bson:"_id"`
	UserID     string    `json:"userId" bson:"userId"`
	Hash       string    `json:"-" bson:"hash"`
	CreatedAt  time.Time `json:"createdAt" bson:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt" bson:"lastSeenAt"`
	ExpiresAt  time.Time `json:"expiresAt" bson:"expiresAt"`
	IP         string    `json:"ip,omitempty" bson:"ip,omitempty"`
	UserAgent  string    `json:"userAgent,omitempty" bson:"userAgent,omitempty"`
	// Method is how the user signed in: "password", "oidc", "link".
	Method string `json:"method" bson:"method"`
}

// Session lifetimes: a session ends after IdleTimeout without a request,
// and at the latest MaxSessionAge after sign-in.
const (
	SessionIdleTimeout = 12 * time.Hour
	MaxSessionAge      = 7 * 24 * time.Hour
)

// One-time link kinds.
const (
	LinkInvitation = "invitation"
	LinkReset      = "reset"
)

// Lifetimes of one-time links.
const (
	InvitationTTL = 7 * 24 * time.Hour
	ResetTTL      = 24 * time.Hour
)

// LinkSummary describes a one-time link (invitation or password reset)
// without its secret.
type LinkSummary struct {
	ID        string     `json:"id" bson:"_id"`
	Kind      string     `json:"kind" bson:"kind"`
	UserID    string     `json:"userId" bson:"userId"`
	CreatedBy string     `json:"createdBy" bson:"createdBy"`
	CreatedAt time.Time  `json:"createdAt" bson:"createdAt"`
	ExpiresAt time.Time  `json:"expiresAt" bson:"expiresAt"`
	UsedAt    *time.Time `json:"usedAt,omitempty" bson:"usedAt,omitempty"`
}

// Sign-in rate limits: after SignInLimit failed attempts within
// SignInWindow for one account, or from one address, further attempts are
// refused (RateLimited) until the oldest of them leaves the window.
const (
	SignInLimit  = 20
	SignInWindow = 15 * time.Minute
)

// Password length limits, in characters. The upper bound keeps hashing
// cheap to refuse.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// ValidatePassword checks a new password: long enough, not too long, not the
// email address. The error is Invalid with a message for the reader.
func ValidatePassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen || n > MaxPasswordLen || !utf8.ValidString(password) {
		return Localized(Invalid, "account.error.password_length", map[string]any{"Min": MinPasswordLen, "Max": MaxPasswordLen},
			"a password needs %d to %d characters", MinPasswordLen, MaxPasswordLen)
	}
	if email != "" && password == email {
		return Localized(Invalid, "account.error.password_is_email", nil, "the password may not be the email address")
	}
	return nil
}

// AccountService signs people in and out and manages passwords and one-time
// links. Session secrets and link secrets are returned once and only their
// hashes are stored.
type AccountService interface {
	// SignIn checks an email and password and opens a session. Codes:
	// Unauthorized (wrong email or password, disabled account; the same
	// answer for each), RateLimited, Invalid.
	SignIn(ctx context.Context, email, password string) (u *User, sessionSecret string, err error)
	// SignInVerifiedEmail opens a session for the existing user with this
	// email, which an identity provider has verified (single sign-on).
	// Codes: Unauthorized (no such user, or disabled).
	SignInVerifiedEmail(ctx context.Context, email, method string) (u *User, sessionSecret string, err error)
	// SessionUser returns the user of a session secret and the session.
	// Codes: Unauthorized (unknown, expired, or the user is disabled).
	SessionUser(ctx context.Context, sessionSecret string) (*User, *Session, error)
	// SignOut ends one session. It is not an error if it already ended.
	SignOut(ctx context.Context, sessionSecret string) error
	// SignOutEverywhere ends every session of the user in ctx. Codes:
	// Unauthorized.
	SignOutEverywhere(ctx context.Context) error
	// ChangePassword sets a new password for the user in ctx after checking
	// the current one; every session ends, every API token of the user is
	// revoked, and a new session is returned.
	// Codes: Unauthorized, Invalid, RateLimited.
	ChangePassword(ctx context.Context, current, next string) (sessionSecret string, err error)
	// Invite creates a user and a one-time invitation link secret to pass
	// on; the secretariat only. Codes: Invalid, Conflict, Unauthorized,
	// Forbidden.
	Invite(ctx context.Context, in NewUser) (u *User, linkSecret string, err error)
	// CreateLink makes a one-time link of kind (LinkInvitation or
	// LinkReset) for an existing user; the secretariat only. Earlier unused
	// links of the same kind for that user stop working. A reset link for
	// someone else ends that user's sessions and revokes their API tokens at
	// once (the account is thought compromised). Codes: NotFound,
	// Unauthorized, Forbidden, Invalid (a disabled user).
	CreateLink(ctx context.Context, kind, userID string) (linkSecret string, err error)
	// RequestReset makes a password-reset link for the account with this
	// email, to be mailed (never shown: whoever typed the email may not own
	// it). Codes: NotFound (no such active account), RateLimited.
	RequestReset(ctx context.Context, email string) (u *User, linkSecret string, err error)
	// CheckLink returns the user a one-time link is for, without using it.
	// Codes: NotFound (unknown, used or expired link: "account.link_invalid").
	CheckLink(ctx context.Context, kind, linkSecret string) (*User, error)
	// UseLink sets the password through a one-time link, marks the link
	// used, ends the user's other sessions and opens a new one; a reset
	// link also revokes the user's API tokens (an invitation, which sets
	// the first password, does not). A link works
	// once. Codes: NotFound (as CheckLink), Invalid (password).
	UseLink(ctx context.Context, kind, linkSecret, password string) (u *User, sessionSecret string, err error)
}

// RequestInfo tells where a request came from, for the audit trail and rate
// limits.
type RequestInfo struct {
	IP        string
	UserAgent string
}

type requestInfoKey struct{}

// NewContextWithRequestInfo returns a context carrying the request's origin.
func NewContextWithRequestInfo(ctx context.Context, ri RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, ri)
}

// RequestInfoFromContext returns the request's origin (zero outside a
// request, e.g. on the command line).
func RequestInfoFromContext(ctx context.Context) RequestInfo {
	ri, _ := ctx.Value(requestInfoKey{}).(RequestInfo)
	return ri
}
