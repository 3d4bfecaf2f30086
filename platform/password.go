package platform

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are argon2id's cost parameters.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultPasswordParams cost about 100 ms per hash on the hub's reference
// machine (2 shared cores, Go 1.26, amd64): 80 MiB, 2 passes, 1 thread
// measured 101–109 ms per hash (64 MiB/2 passes: 79–83 ms; 64 MiB/3 passes:
// 117–124 ms) with
//
//	go test ./platform -run '^$' -bench BenchmarkHashPassword -benchtime 20x -count 3
//
// One thread keeps the time predictable on a busy machine; memory is the
// cost an attacker with GPUs pays (RFC 9106 and OWASP ask for at least
// 19 MiB). A hash made with other parameters still verifies, and
// NeedsRehash tells when to upgrade it at the next sign-in.
func DefaultPasswordParams() PasswordParams {
	return PasswordParams{Memory: 80 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// HashPassword hashes a password with argon2id into a PHC string:
// $argon2id$v=19$m=81920,t=2,p=1$<salt>$<hash> (unpadded base64).
func HashPassword(password string, p PasswordParams) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// errBadHash reports a stored hash that is not an argon2id PHC string.
var errBadHash = errors.New("not an argon2id PHC string")

// parsePHC reads the parameters, salt and key of an argon2id PHC string.
func parsePHC(phc string) (PasswordParams, []byte, []byte, error) {
	var p PasswordParams
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errBadHash
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &threads); err != nil ||
		threads == 0 || threads > 255 || p.Time == 0 || p.Memory < 8*threads || p.Memory > 4<<20 || p.Time > 100 {
		return p, nil, nil, errBadHash
	}
	p.Threads = uint8(threads)
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, errBadHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, errBadHash
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}

// VerifyPassword reports whether password matches the PHC string, comparing
// in constant time. An unreadable hash is an error, never a match.
func VerifyPassword(password, phc string) (bool, error) {
	p, salt, key, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether a PHC string was made with parameters other
// than want, so that the hash is renewed at the next successful sign-in.
func NeedsRehash(phc string, want PasswordParams) bool {
	p, _, _, err := parsePHC(phc)
	return err != nil || p.Memory != want.Memory || p.Time != want.Time || p.Threads != want.Threads ||
		p.KeyLen != want.KeyLen || p.SaltLen != want.SaltLen
}
