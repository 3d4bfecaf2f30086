package mongo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/mail"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// UserService implements platform.UserService on MongoDB.
type UserService struct{ db *DB }

var _ platform.UserService = (*UserService)(nil)

// NewUserService returns the user service of db.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

// CreateUser implements platform.UserService.
func (s *UserService) CreateUser(ctx context.Context, in platform.NewUser) (_ *platform.User, err error) {
	defer platform.Wrap(&err, "CreateUser(%q)", in.Email)
	addr, perr := mail.ParseAddress(strings.TrimSpace(in.Email))
	if perr != nil || addr.Name != "" {
		return nil, platform.Errorf(platform.Invalid, "%q is not an email address", in.Email)
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, platform.Errorf(platform.Invalid, "a name is required")
	}
	if !slices.Contains(platform.Roles, in.Role) {
		return nil, platform.Errorf(platform.Invalid, "role must be one of %s", strings.Join(platform.Roles, ", "))
	}
	country := strings.ToUpper(strings.TrimSpace(in.Country))
	if country != "" && !slices.Contains(platform.Countries, country) && country != "OTHER" {
		return nil, platform.Errorf(platform.Invalid, "unknown country %q", in.Country)
	}
	if in.Role == platform.RoleFocalPoint && !slices.Contains(platform.Countries, country) {
		return nil, platform.Errorf(platform.Invalid, "a focal point needs the country they act for (one of %s)", strings.Join(platform.Countries, ", "))
	}
	u := &platform.User{
		ID: bson.NewObjectID().Hex(), Email: strings.ToLower(addr.Address), Name: name,
		Role: in.Role, Country: country, CreatedAt: s.db.now(),
	}
	if _, err := s.db.db.Collection(colUsers).InsertOne(ctx, u); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, platform.Errorf(platform.Conflict, "a user with email %s exists", u.Email)
		}
		return nil, translate(err)
	}
	return u, nil
}

// FindUserByID implements platform.UserService.
func (s *UserService) FindUserByID(ctx context.Context, id string) (*platform.User, error) {
	var u platform.User
	err := s.db.db.Collection(colUsers).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, platform.Errorf(platform.NotFound, "user %q not found", id)
	}
	if err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// tokenPrefix marks the hub's tokens, so that secret scanners recognise them.
const tokenPrefix = "hub_"

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken implements platform.UserService.
func (s *UserService) CreateToken(ctx context.Context, userID, name string, expiresAt *time.Time) (string, *platform.Token, error) {
	if _, err := s.FindUserByID(ctx, userID); err != nil {
		return "", nil, err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	t := &platform.Token{
		ID: bson.NewObjectID().Hex(), UserID: userID, Hash: hashToken(secret), Name: name,
		CreatedAt: s.db.now(), ExpiresAt: expiresAt,
	}
	if _, err := s.db.db.Collection(colTokens).InsertOne(ctx, t); err != nil {
		return "", nil, translate(err)
	}
	return secret, t, nil
}

// Authenticate implements platform.UserService.
func (s *UserService) Authenticate(ctx context.Context, secret string) (*platform.User, error) {
	unauthorized := platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "invalid token")
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 200 {
		return nil, unauthorized
	}
	var t platform.Token
	err := s.db.db.Collection(colTokens).FindOne(ctx, bson.D{{Key: "hash", Value: hashToken(secret)}}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, unauthorized
	}
	if err != nil {
		return nil, translate(err)
	}
	if t.RevokedAt != nil || (t.ExpiresAt != nil && !s.db.now().Before(*t.ExpiresAt)) {
		return nil, unauthorized
	}
	u, err := s.FindUserByID(ctx, t.UserID)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, unauthorized
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, unauthorized
	}
	return u, nil
}
