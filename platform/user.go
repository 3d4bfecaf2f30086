package platform

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Roles a user can have.
const (
	RoleSecretariat = "secretariat"
	RoleFocalPoint  = "focal-point"
	RoleExpert      = "expert"
)

// Roles lists the roles.
func Roles() []string { return []string{RoleSecretariat, RoleFocalPoint, RoleExpert} }

// User is a person with an account on the hub. The password hash is kept
// beside the record by the persistence layer and never travels in a User.
type User struct {
	ID           string `json:"id" bson:"_id"`
	Email        string `json:"email" bson:"email"`
	Name         string `json:"name" bson:"name"`
	Role         string `json:"role" bson:"role"`
	Country      string `json:"country,omitempty" bson:"country,omitempty"`
	Organization string `json:"organization,omitempty" bson:"organization,omitempty"`
	// Language is the preferred interface language (one of Languages).
	Language string `json:"language,omitempty" bson:"language,omitempty"`
	// TimeZone is the IANA zone the user reads times in; empty means the
	// browser's (see the events' pages).
	TimeZone string `json:"timeZone,omitempty" bson:"timeZone,omitempty"`
	// Disabled users cannot sign in, and their sessions and tokens stop
	// working; what they wrote stays, attributed to them.
	Disabled   bool       `json:"disabled,omitempty" bson:"disabled,omitempty"`
	DisabledAt *time.Time `json:"disabledAt,omitempty" bson:"disabledAt,omitempty"`
	// DeletionRequestedAt is set when the user asked for their account and
	// personal data to be deleted; the secretariat acts on it.
	DeletionRequestedAt *time.Time `json:"deletionRequestedAt,omitempty" bson:"deletionRequestedAt,omitempty"`
	DeletionReason      string     `json:"deletionReason,omitempty" bson:"deletionReason,omitempty"`
	// ErasedAt is set when the secretariat erased the user's personal data
	// (UserService.EraseUser): the record keeps its id, role and country
	// for what points at it, and nothing that names the person.
	ErasedAt *time.Time `json:"erasedAt,omitempty" bson:"erasedAt,omitempty"`
	// HasPassword tells whether the user has set a password (an invited
	// user has not, until they follow their invitation).
	HasPassword bool      `json:"hasPassword" bson:"hasPassword"`
	CreatedAt   time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt" bson:"updatedAt"`
	CreatedBy   string    `json:"createdBy,omitempty" bson:"createdBy,omitempty"`
	// Seq is the change-log sequence of the write that produced this state.
	Seq uint64 `json:"-" bson:"seq"`
	// system marks the value System made; no stored or requested user has
	// it (it is neither encoded nor decoded).
	system bool
}

// Token is an API token. Only the SHA-256 of its secret is kept.
type Token struct {
	ID         string     `json:"id" bson:"_id"`
	UserID     string     `json:"userId" bson:"userId"`
	Hash       string     `json:"-" bson:"hash"`
	Name       string     `json:"name,omitempty" bson:"name,omitempty"`
	CreatedAt  time.Time  `json:"createdAt" bson:"createdAt"`
	ExpiresAt  *time.Time `json:"expiresAt,omitempty" bson:"expiresAt,omitempty"`
	RevokedAt  *time.Time `json:"revokedAt,omitempty" bson:"revokedAt,omitempty"`
	LastUsedAt *time.Time `json:"lastUsedAt,omitempty" bson:"lastUsedAt,omitempty"`
}

// Active reports whether the token may still be used at now.
func (t *Token) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}

// NewUser is what is needed to create a user.
type NewUser struct {
	Email        string `json:"email"`
	Name         string `json:"name"`
	Role         string `json:"role"`
	Country      string `json:"country,omitempty"`
	Organization string `json:"organization,omitempty"`
	Language     string `json:"language,omitempty"`
}

// UserUpdate changes some fields of a user; nil fields stay as they are.
// A user may change their own Name, Organization and Language; only the
// secretariat changes Role, Country and Disabled.
type UserUpdate struct {
	Name         *string `json:"name,omitempty"`
	Organization *string `json:"organization,omitempty"`
	Language     *string `json:"language,omitempty"`
	TimeZone     *string `json:"timeZone,omitempty"`
	Role         *string `json:"role,omitempty"`
	Country      *string `json:"country,omitempty"`
	Disabled     *bool   `json:"disabled,omitempty"`
}

// UserFilter selects users for the secretariat's list.
type UserFilter struct {
	Role     string
	Country  string
	Text     string // part of the name or email
	Disabled *bool
	// DeletionRequested lists only users who asked to be deleted and
	// were not erased yet: the secretariat's deletions to carry out.
	DeletionRequested bool
	Offset            int
	Limit             int // 0 means 50; at most 200
}

// Limits on user fields.
const (
	MaxNameLen         = 200
	MaxOrganizationLen = 300
	MaxTokenNameLen    = 100
)

// Normalize trims the input and puts codes in their canonical case.
func (in *NewUser) Normalize() {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	in.Role = strings.TrimSpace(in.Role)
	in.Country = NormalizeCountry(in.Country)
	in.Organization = strings.TrimSpace(in.Organization)
	in.Language = strings.TrimSpace(in.Language)
}

// NormalizeCountry upper-cases a member state's code; "other" stays lower
// case, as the taxonomy spells it.
func NormalizeCountry(c string) string {
	c = strings.TrimSpace(c)
	if strings.EqualFold(c, "other") {
		return "other"
	}
	return strings.ToUpper(c)
}

// Validate checks a new user. Call Normalize first. The error is Invalid,
// with a message id for the reader.
func (in *NewUser) Validate() error {
	addr, err := mail.ParseAddress(in.Email)
	if err != nil || addr.Name != "" || addr.Address != in.Email || len(in.Email) > 254 {
		return Localized(Invalid, "account.error.bad_email", map[string]any{"Value": in.Email}, "%q is not an email address", in.Email)
	}
	if err := validateName(in.Name); err != nil {
		return err
	}
	if utf8.RuneCountInString(in.Organization) > MaxOrganizationLen {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": "organization"}, "organization too long")
	}
	if in.Language != "" && !ValidLanguage(in.Language) {
		return Localized(Invalid, "error.bad_language", map[string]any{"Value": in.Language}, "unsupported language %q", in.Language)
	}
	return ValidateRole(in.Role, in.Country)
}

func validateName(name string) error {
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxNameLen {
		return Localized(Invalid, "account.error.bad_name", nil, "a name of 1 to %d characters is required", MaxNameLen)
	}
	return nil
}

// ValidateRole checks a role and the country it goes with: a focal point
// acts for one member state; others may name any country or none.
func ValidateRole(role, country string) error {
	if !slices.Contains(Roles(), role) {
		return Localized(Invalid, "account.error.bad_role", map[string]any{"Value": role}, "role must be one of %s", strings.Join(Roles(), ", "))
	}
	if country != "" && !slices.Contains(Countries(), country) && country != "other" {
		return Localized(Invalid, "error.bad_country", map[string]any{"Value": country}, "unknown country %q", country)
	}
	if role == RoleFocalPoint && !slices.Contains(Countries(), country) {
		return Localized(Invalid, "account.error.focal_country", nil, "a focal point needs the member state they act for (one of %s)", strings.Join(Countries(), ", "))
	}
	return nil
}

// Apply returns u with the update applied and validated, and reports which
// restricted fields (role, country, disabled) it changes.
func (up UserUpdate) Apply(u User) (User, bool, error) {
	restricted := false
	if up.Name != nil {
		u.Name = strings.TrimSpace(*up.Name)
		if err := validateName(u.Name); err != nil {
			return u, false, err
		}
	}
	if up.Organization != nil {
		u.Organization = strings.TrimSpace(*up.Organization)
		if utf8.RuneCountInString(u.Organization) > MaxOrganizationLen {
			return u, false, Localized(Invalid, "error.invalid", map[string]any{"Detail": "organization"}, "organization too long")
		}
	}
	if up.Language != nil {
		u.Language = strings.TrimSpace(*up.Language)
		if u.Language != "" && !ValidLanguage(u.Language) {
			return u, false, Localized(Invalid, "error.bad_language", map[string]any{"Value": u.Language}, "unsupported language %q", u.Language)
		}
	}
	if up.TimeZone != nil {
		u.TimeZone = strings.TrimSpace(*up.TimeZone)
		if _, err := LoadZone(u.TimeZone); u.TimeZone != "" && err != nil {
			return u, false, Localized(Invalid, "error.event_bad_zone", map[string]any{"Field": "timeZone", "Value": u.TimeZone, "Example": "Asia/Tashkent"},
				"timeZone: unknown time zone %q", u.TimeZone)
		}
	}
	if up.Role != nil && *up.Role != u.Role {
		u.Role, restricted = strings.TrimSpace(*up.Role), true
	}
	if up.Country != nil && NormalizeCountry(*up.Country) != u.Country {
		u.Country, restricted = NormalizeCountry(*up.Country), true
	}
	if up.Disabled != nil && *up.Disabled != u.Disabled {
		u.Disabled, restricted = *up.Disabled, true
	}
	if restricted {
		if err := ValidateRole(u.Role, u.Country); err != nil {
			return u, false, err
		}
	}
	return u, restricted, nil
}

// UserService keeps users and their API tokens. Every method applies the
// rules for the user in ctx: the secretariat manages every account, everyone
// else only sees and changes their own (and never their own role). A user
// who may not see another user's record gets NotFound, as if it did not
// exist. The System user (command line, demo) may do everything.
type UserService interface {
	// CreateUser adds a user without a password (see AccountService.Invite
	// for the usual way). Codes: Invalid, Conflict (email taken),
	// Unauthorized, Forbidden.
	CreateUser(ctx context.Context, u NewUser) (*User, error)
	// FindUserByID returns a user. Codes: NotFound, Unauthorized.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUsers returns a page of users by name and the total that match.
	// Codes: Unauthorized, Forbidden (not the secretariat).
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// UpdateUser changes a user. Codes: Invalid (including a secretariat
	// member changing their own role or disabling themselves), NotFound,
	// Unauthorized, Forbidden, Conflict (changed concurrently, or erased:
	// an erased account is never changed again). Disabling a user ends
	// their sessions.
	UpdateUser(ctx context.Context, id string, up UserUpdate) (*User, error)
	// RequestDeletion records that the user in ctx asks for their account
	// and personal data to be deleted. Codes: Unauthorized, Invalid.
	RequestDeletion(ctx context.Context, reason string) error
	// ExportUser returns everything the hub holds about a user, for the user
	// themselves or the secretariat. Codes: NotFound, Unauthorized.
	ExportUser(ctx context.Context, id string) (*UserExport, error)
	// EraseUser carries out the deletion of a user's personal data, asked
	// for or not: the account keeps its id (what points at it stays
	// whole) and loses everything that names the person, is disabled and
	// marked erased; their sessions, tokens and links go; their
	// registrations keep only what the statistics count; their expert
	// profile is erased; the audit trail keeps who did what, without
	// their name or values. Erasing an erased user does nothing. The
	// secretariat only. Codes: NotFound, Unauthorized, Forbidden (audited),
	// Invalid (one's own account), Conflict (a record changed meanwhile:
	// asking again resumes the erasure).
	EraseUser(ctx context.Context, id string) error

	// CreateToken makes a new API token for a user and returns its secret,
	// which is shown once and never stored. Only the owner (or System) may.
	// Codes: Invalid, NotFound, Unauthorized, Forbidden.
	CreateToken(ctx context.Context, userID, name string, expiresAt *time.Time) (secret string, t *Token, err error)
	// FindTokens lists a user's tokens, newest first. Codes: NotFound,
	// Unauthorized.
	FindTokens(ctx context.Context, userID string) ([]*Token, error)
	// RevokeToken revokes one of the user's tokens. Codes: NotFound,
	// Unauthorized.
	RevokeToken(ctx context.Context, userID, tokenID string) error
	// Authenticate returns the user a token secret belongs to. Codes:
	// Unauthorized (unknown, revoked or expired token, or disabled user).
	Authenticate(ctx context.Context, secret string) (*User, error)
}

// UserExport is everything the hub holds about one person.
type UserExport struct {
	ExportedAt time.Time      `json:"exportedAt"`
	User       *User          `json:"user"`
	Sessions   []*Session     `json:"sessions"`
	Tokens     []*Token       `json:"tokens"`
	Links      []*LinkSummary `json:"links"`
	// Documents lists the ids of the library records they created.
	Documents []string `json:"documents"`
	// Audit lists the audit entries where they acted or that concern their
	// account, as AuditEntry.ForSubject gives them: other people's
	// addresses and browsers left out.
	Audit []*AuditEntry `json:"audit"`
}

// ErasedEmail is the address an erased account or registration keeps in
// place of the person's: unique (it holds the record's id, and the users'
// and an event's registrations' emails must be), still an address to code
// that expects one, and one that cannot receive mail, since ".invalid" is
// a top-level domain reserved never to exist (RFC 2606, RFC 6761).
func ErasedEmail(id string) string { return "erased-" + id + "@invalid" }

// IsErasedEmail reports whether addr is one ErasedEmail made: nothing is
// ever sent to it.
func IsErasedEmail(addr string) bool {
	return strings.HasPrefix(addr, "erased-") && strings.HasSuffix(addr, "@invalid")
}

type userKey struct{}

// NewContextWithUser returns a context carrying the acting user.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the acting user, or nil for an anonymous visitor.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// System is the actor for the hub's own work (demo content, reindexing, the
// command line): it sees and may change everything.
func System() *User { return &User{ID: SystemID, Name: "Hub", Role: RoleSecretariat, system: true} }

// SystemID is the System user's id, as the audit trail and authors name it.
const SystemID = "system"

// IsSystem reports whether u is the System user: a value made by System,
// never a user read from the database or a request, whatever its id.
func (u *User) IsSystem() bool { return u != nil && u.system }

// IsSecretariat reports whether u acts with the secretariat's rights.
func IsSecretariat(u *User) bool {
	return u != nil && !u.Disabled && u.Role == RoleSecretariat
}

// CanSee reports whether u (nil: anonymous) may read a record of the given
// visibility.
func CanSee(u *User, visibility string) bool {
	switch visibility {
	case Public:
		return true
	case Members:
		return u != nil && !u.Disabled
	case Secretariat:
		return IsSecretariat(u)
	}
	return false
}

// VisibleTo lists the visibilities u may read.
func VisibleTo(u *User) []string {
	var out []string
	for _, v := range Visibilities() {
		if CanSee(u, v) {
			out = append(out, v)
		}
	}
	return out
}

// CanEdit reports whether u may create, change or delete a record that
// concerns the given countries: the secretariat may edit everything, a focal
// point only records of their own country (and only those), an expert nothing
// in the library.
func CanEdit(u *User, countries []string) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch u.Role {
	case RoleSecretariat:
		return true
	case RoleFocalPoint:
		if u.Country == "" || len(countries) == 0 {
			return false
		}
		for _, c := range countries {
			if c != u.Country {
				return false
			}
		}
		return true
	}
	return false
}

// CanCreate reports whether u may add records at all: whether they may add a
// given one is CanEdit of its countries. The secretariat may, and a focal
// point of a country (records of that country); experts and anonymous
// visitors may not.
func CanCreate(u *User) bool {
	return u != nil && CanEdit(u, []string{u.Country})
}

// CanEditEvent reports whether u may create, change or delete an event of
// the kind that concerns the countries (those it is for and its host:
// Event.Concerns): the secretariat any
// event; a focal point only events of a national kind (EventKind.National)
// for their own country alone; nobody else.
func CanEditEvent(u *User, kind EventKind, countries []string) bool {
	if IsSecretariat(u) {
		return CanEdit(u, countries)
	}
	return kind.National() && CanEdit(u, countries)
}

// CanGiveVisibility reports whether u, who may edit a record, may also give
// it the visibility: only the secretariat may make a record secretariat-only.
// A focal point who did would lose sight of their own country's record at
// once (they could no longer see, correct or delete it), so the choice is
// the secretariat's; public and members-only are for every editor.
func CanGiveVisibility(u *User, visibility string) bool {
	return visibility != Secretariat || IsSecretariat(u)
}

// CanManageUser reports whether actor may see and change target's account:
// the secretariat may manage everyone, others only themselves.
func CanManageUser(actor *User, targetID string) bool {
	if actor == nil || actor.Disabled {
		return false
	}
	return actor.Role == RoleSecretariat || actor.ID == targetID
}
