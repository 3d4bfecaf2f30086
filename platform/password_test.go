package platform

import (
	"regexp"
	"strings"
	"testing"
)

var testParams = PasswordParams{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestPasswordHashesArePHCStringsThatVerify(t *testing.T) {
	h, err := HashPassword("correct horse battery staple", testParams)
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h) {
		t.Fatalf("not a PHC string: %s", h)
	}
	again, _ := HashPassword("correct horse battery staple", testParams)
	if again == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name, password, hash string
		ok                   bool
		err                  bool
	}{
		{"the right password", "correct horse battery staple", h, true, false},
		{"a wrong password", "correct horse battery stapler", h, false, false},
		{"an empty password", "", h, false, false},
		{"Cyrillic passwords work", "тұпнұсқа құпиясөз", mustHash(t, "тұпнұсқа құпиясөз"), true, false},
		{"an argon2i hash is refused", "x", strings.Replace(h, "argon2id", "argon2i", 1), false, true},
		{"another version is refused", "x", strings.Replace(h, "v=19", "v=16", 1), false, true},
		{"absurd memory is refused", "x", strings.Replace(h, "m=1024", "m=99999999", 1), false, true},
		{"zero passes are refused", "x", strings.Replace(h, "t=1", "t=0", 1), false, true},
		{"a bcrypt hash is refused", "x", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", false, true},
		{"an empty hash is refused", "x", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword(tt.password, tt.hash)
			if ok != tt.ok || (err != nil) != tt.err {
				t.Fatalf("VerifyPassword = %v, %v", ok, err)
			}
		})
	}
}

func mustHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := HashPassword(pw, testParams)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHashesWithOldParametersNeedRehashing(t *testing.T) {
	h := mustHash(t, "password one two")
	if NeedsRehash(h, testParams) {
		t.Fatal("a current hash needs rehashing")
	}
	if !NeedsRehash(h, DefaultPasswordParams()) {
		t.Fatal("a cheaper hash does not need rehashing")
	}
	if !NeedsRehash("garbage", testParams) {
		t.Fatal("garbage does not need rehashing")
	}
}

// TestDefaultParametersAreInTheRecommendedBand keeps the default cost in
// the band RFC 9106 and OWASP recommend for argon2id: at least 19 MiB of
// memory with two passes (or more memory with fewer), and small enough
// that a sign-in costs a server a fraction of a second. Its time on a
// machine is measured by BenchmarkHashPassword, not asserted here: a timed
// assertion fails on a loaded machine and proves nothing on an idle one.
func TestDefaultParametersAreInTheRecommendedBand(t *testing.T) {
	p := DefaultPasswordParams()
	if p.Memory < 19*1024 || p.Memory > 256*1024 {
		t.Errorf("memory %d KiB, want 19 MiB to 256 MiB", p.Memory)
	}
	if p.Time < 1 || uint64(p.Memory)*uint64(p.Time) < 2*19*1024 {
		t.Errorf("time %d with %d KiB is below OWASP's m=19 MiB, t=2", p.Time, p.Memory)
	}
	if p.Threads < 1 || p.SaltLen < 16 || p.KeyLen < 32 {
		t.Errorf("threads %d, salt %d, key %d: want at least 1, 16, 32", p.Threads, p.SaltLen, p.KeyLen)
	}
}

// BenchmarkHashPassword measures the default parameters (see
// DefaultPasswordParams for the figure on the reference machine).
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple", DefaultPasswordParams()); err != nil {
			b.Fatal(err)
		}
	}
}
