package platform

import (
	"regexp"
	"strings"
	"testing"
	"time"
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
	if !NeedsRehash(h, DefaultPasswordParams) {
		t.Fatal("a cheaper hash does not need rehashing")
	}
	if !NeedsRehash("garbage", testParams) {
		t.Fatal("garbage does not need rehashing")
	}
}

// TestDefaultParametersCostAboutATenthOfASecond keeps the default cost in a
// sane band on the machine running the tests: far above what brute force
// likes, far below what a person notices. The exact figure is measured by
// the benchmark below.
func TestDefaultParametersCostAboutATenthOfASecond(t *testing.T) {
	start := time.Now()
	if _, err := HashPassword("measure me", DefaultPasswordParams); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 20*time.Millisecond || took > 2*time.Second {
		t.Fatalf("one default hash took %s", took)
	}
}

// BenchmarkHashPassword measures the default parameters (see
// DefaultPasswordParams for the figure on the reference machine).
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple", DefaultPasswordParams); err != nil {
			b.Fatal(err)
		}
	}
}
