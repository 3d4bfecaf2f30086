package platform

import (
	"context"
	"time"
)

// Roles a user can have.
const (
	RoleSecretariat = "secretariat"
	RoleFocalPoint  = "focal-point"
	RoleExpert      = "expert"
)

// Roles lists the roles.
var Roles = []string{RoleSecretariat, RoleFocalPoint, RoleExpert}

// User is a person with an account on the hub.
type User struct {
	ID        string    `json:"id" bson:"_id"`
	Email     string    `json:"email" bson:"email"`
	Name      string    `json:"name" bson:"name"`
	Role      string    `json:"role" bson:"role"`
	Country   string    `json:"country,omitempty" bson:"country,omitempty"`
	Language  string    `json:"language,omitempty" bson:"language,omitempty"`
	Disabled  bool      `json:"disabled,omitempty" bson:"disabled,omitempty"`
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
}

// Token is an API token. Only the SHA-256 of its secret is kept.
type Token struct {
	ID        string     `json:"id" bson:"_id"`
	UserID    string     `json:"userId" bson:"userId"`
	Hash      string     `json:"-" bson:"hash"`
	Name      string     `json:"name,omitempty" bson:"name,omitempty"`
	CreatedAt time.Time  `json:"createdAt" bson:"createdAt"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty" bson:"expiresAt,omitempty"`
	RevokedAt *time.Time `json:"revokedAt,omitempty" bson:"revokedAt,omitempty"`
}

// NewUser is what is needed to create a user.
type NewUser struct {
	Email   string
	Name    string
	Role    string
	Country string
}

// UserService keeps users and their API tokens.
type UserService interface {
	// CreateUser adds a user. Codes: Invalid, Conflict (email taken).
	CreateUser(ctx context.Context, u NewUser) (*User, error)
	// FindUserByID returns a user. Codes: NotFound.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// CreateToken makes a new API token for a user and returns its secret,
	// which is shown once and never stored. Codes: NotFound.
	CreateToken(ctx context.Context, userID, name string, expiresAt *time.Time) (secret string, t *Token, err error)
	// Authenticate returns the user a token secret belongs to. Codes:
	// Unauthorized (unknown, revoked or expired token, or disabled user).
	Authenticate(ctx context.Context, secret string) (*User, error)
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

// System is the actor for the hub's own work (demo content, reindexing): it
// sees and may change everything.
var System = &User{ID: "system", Name: "Hub", Role: RoleSecretariat}

// CanSee reports whether u (nil: anonymous) may read a record of the given
// visibility.
func CanSee(u *User, visibility string) bool {
	switch visibility {
	case Public:
		return true
	case Members:
		return u != nil && !u.Disabled
	case Secretariat:
		return u != nil && !u.Disabled && u.Role == RoleSecretariat
	}
	return false
}

// VisibleTo lists the visibilities u may read.
func VisibleTo(u *User) []string {
	var out []string
	for _, v := range Visibilities {
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
