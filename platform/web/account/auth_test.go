package account

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestOnlyLocalPathsAreFollowedAfterSignIn(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/ru/library/0123456789abcdef01234567", "/ru/library/0123456789abcdef01234567"},
		{"/en/audit?user=x&country=KZ", "/en/audit?user=x&country=KZ"},
		{"https://evil.example/", "/fallback"},
		{"//evil.example/", "/fallback"},
		{"/\\evil.example", "/fallback"},
		{"/en/\r\nSet-Cookie: x", "/fallback"},
		{"", "/fallback"},
		{"javascript:alert(1)", "/fallback"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.next, "/fallback"); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

func TestOIDCStateAndNonce(t *testing.T) {
	now := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	st := newOIDCState("kk", "/kk/library", now)
	cookie := st.encode()
	if st.State == st.Nonce || len(st.State) < 40 || st.Verifier == "" {
		t.Fatalf("weak state: %+v", st)
	}
	other := newOIDCState("kk", "", now)
	if other.State == st.State || other.Nonce == st.Nonce {
		t.Fatal("two states are equal")
	}
	tests := []struct {
		name, cookie, state string
		at                  time.Time
		ok                  bool
	}{
		{"the state this browser started with", cookie, st.State, now.Add(time.Minute), true},
		{"another browser's state", cookie, other.State, now.Add(time.Minute), false},
		{"no cookie", "", st.State, now, false},
		{"an empty state", cookie, "", now, false},
		{"a forged cookie", "eyJzIjoiYSJ9", "a", now, false},
		{"an expired attempt", cookie, st.State, now.Add(oidcStateTTL + time.Second), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeOIDCState(tt.cookie, tt.state, tt.at)
			if (err == nil) != tt.ok {
				t.Fatalf("err %v", err)
			}
			if tt.ok && (got.Nonce != st.Nonce || got.Lang != "kk" || got.Next != "/kk/library") {
				t.Fatalf("decoded %+v", got)
			}
		})
	}
	if !checkNonce(st.Nonce, st.Nonce) || checkNonce(other.Nonce, st.Nonce) || checkNonce("", "") {
		t.Fatal("nonce check")
	}
	evil := oidcState{State: "s", Nonce: "n", Lang: "xx", Next: "https://evil.example", Expires: now.Add(time.Hour).Unix()}
	got, err := decodeOIDCState(evil.encode(), "s", now)
	if err != nil || got.Lang != "en" || got.Next != "" {
		t.Fatalf("a cookie with a bad language and an outside address: %v %+v", err, got)
	}
}

func TestOIDCSignsInOnlyVerifiedEmails(t *testing.T) {
	tests := []struct {
		name   string
		claims oidcClaims
		email  string
		ok     bool
	}{
		{"a verified email", oidcClaims{Email: " Aida@Example.KG ", EmailVerified: true}, "aida@example.kg", true},
		{"a verified email, flag as a string", oidcClaims{Email: "a@b.org", EmailVerified: "true"}, "a@b.org", true},
		{"an unverified email", oidcClaims{Email: "a@b.org", EmailVerified: false}, "", false},
		{"no verification claim", oidcClaims{Email: "a@b.org"}, "", false},
		{"no email", oidcClaims{EmailVerified: true}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email, ok := tt.claims.verifiedEmail()
			if ok != tt.ok || ok && email != tt.email {
				t.Fatalf("got %q %v", email, ok)
			}
		})
	}
}

func TestMailIsEncodedForEveryScript(t *testing.T) {
	m, err := newMessage("UNCAC Hub <hub@example.org>", "oʻqituvchi@example.uz", "Taklifnoma: Oʻzbekiston", "Salom!\nHavola: https://hub.example.org/uz/invitation/hl_abc")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	msg := buf.String()
	if !strings.Contains(strings.ToLower(msg), "subject: =?utf-8?q?") || !strings.Contains(msg, "Content-Transfer-Encoding: quoted-printable") ||
		!strings.Contains(msg, "Auto-Submitted: auto-generated") || !strings.Contains(msg, "Salom!\r\nHavola: https://hub.example.org/uz/invitation/hl_abc") {
		t.Fatalf("message:\n%s", msg)
	}
	if _, err := newMessage("not an address", "a@example.org", "s", "b"); err == nil || !strings.Contains(err.Error(), "HUB_SMTP_FROM") {
		t.Errorf("a bad sender: %v", err)
	}
}
