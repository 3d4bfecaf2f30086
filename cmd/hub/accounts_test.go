package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// mailbox is a small SMTP server on a loopback port that keeps what it is
// sent: a real server for the hub's real SMTP client.
type mailbox struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string
	auth []string
}

func newMailbox(t *testing.T) *mailbox {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := &mailbox{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go m.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return m
}

func (m *mailbox) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	say := func(s string) { fmt.Fprintf(c, "%s\r\n", s) }
	say("220 mailbox ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			say("250-mailbox")
			say("250-AUTH PLAIN")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "AUTH PLAIN"):
			m.mu.Lock()
			m.auth = append(m.auth, strings.TrimSpace(line[len("AUTH PLAIN"):]))
			m.mu.Unlock()
			say("235 accepted")
		case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"), strings.HasPrefix(cmd, "RSET"):
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.mu.Lock()
			m.msgs = append(m.msgs, b.String())
			m.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// waitFor returns the first message containing s, decoded.
func (m *mailbox) waitFor(t *testing.T, s string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		m.mu.Lock()
		for _, msg := range m.msgs {
			head, body, _ := strings.Cut(msg, "\r\n\r\n")
			decoded, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
			if text := head + "\r\n\r\n" + string(decoded); strings.Contains(text, s) {
				m.mu.Unlock()
				return text
			}
		}
		m.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no mail containing %q", s)
	return ""
}

// provider is an OpenID Connect provider on a loopback port: discovery,
// keys, an authorization endpoint that signs in whoever is set as next and
// sends the browser straight back, and a token endpoint that checks PKCE
// and signs ID tokens with RS256.
type provider struct {
	URL      string
	key      *rsa.PrivateKey
	mu       sync.Mutex
	email    string
	verified bool
	badNonce bool
	codes    map[string]authRequest
}

type authRequest struct{ nonce, challenge, clientID string }

func newProvider(t *testing.T) *provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{key: key, codes: map[string]authRequest{}}
	mux := http.NewServeMux()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.URL = "http://" + ln.Addr().String()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize", "token_endpoint": p.URL + "/token",
			"jwks_uri": p.URL + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		b64 := base64.RawURLEncoding
		json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
			"n": b64.EncodeToString(p.key.N.Bytes()), "e": b64.EncodeToString(big.NewInt(int64(p.key.E)).Bytes()),
		}}})
	})
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("response_type") != "code" {
			http.Error(w, "want PKCE and the code flow", http.StatusBadRequest)
			return
		}
		code := fmt.Sprintf("code-%d", time.Now().UnixNano())
		p.mu.Lock()
		p.codes[code] = authRequest{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), clientID: q.Get("client_id")}
		p.mu.Unlock()
		back, _ := url.Parse(q.Get("redirect_uri"))
		v := url.Values{"code": {code}, "state": {q.Get("state")}}
		back.RawQuery = v.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		p.mu.Lock()
		req, ok := p.codes[r.PostForm.Get("code")]
		delete(p.codes, r.PostForm.Get("code"))
		email, verified, badNonce := p.email, p.verified, p.badNonce
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != req.challenge {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		nonce := req.nonce
		if badNonce {
			nonce = "someone else's nonce"
		}
		now := time.Now()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600,
			"id_token": p.sign(map[string]any{"iss": p.URL, "aud": req.clientID, "sub": "subject-" + email, "email": email,
				"email_verified": verified, "nonce": nonce, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})})
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return p
}

func (p *provider) next(email string, verified, badNonce bool) {
	p.mu.Lock()
	p.email, p.verified, p.badNonce = email, verified, badNonce
	p.mu.Unlock()
}

func (p *provider) sign(claims map[string]any) string {
	b64 := base64.RawURLEncoding
	head, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": "k1", "typ": "JWT"})
	body, _ := json.Marshal(claims)
	input := b64.EncodeToString(head) + "." + b64.EncodeToString(body)
	sum := sha256.Sum256([]byte(input))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, p.key, crypto.SHA256, sum[:])
	return input + "." + b64.EncodeToString(sig)
}

// freeAddr returns a loopback address with a free port, so that the hub's
// public address (for links and the single sign-on callback) is known
// before it starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// browserClient is an HTTP client with its own cookies that does not follow
// redirects unless asked, and sends what a browser sends on same-origin
// form posts.
type browserClient struct {
	t      *testing.T
	base   string
	jar    *cookiejar.Jar
	client *http.Client
}

func newBrowserClient(t *testing.T, base string, follow bool) *browserClient {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	if !follow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return &browserClient{t: t, base: base, jar: jar, client: c}
}

func (b *browserClient) do(method, path string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", b.base)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, string(raw)
}

func (b *browserClient) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.base)
	for _, c := range b.jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// inviteUser runs `hub users add --invite --token` and returns the secret of
// the invitation link and the token.
func inviteUser(t *testing.T, env map[string]string, args ...string) (link, token string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"users", "add", "--invite", "--token"}, args...), func(k string) string { return env[k] }, &out, &errb)
	if err != nil {
		t.Fatalf("users add: %v\n%s", err, errb.String())
	}
	m := regexp.MustCompile(`/invitation/(hl_[A-Za-z0-9_-]+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no invitation link in %q", out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return m[1], lines[len(lines)-1]
}

// accept follows an invitation link in a fresh browser and sets the password.
func accept(t *testing.T, base, lang, secret, password string) *browserClient {
	t.Helper()
	b := newBrowserClient(t, base, false)
	if res, body := b.do("GET", "/"+lang+"/invitation/"+secret, nil); res.StatusCode != 200 || !strings.Contains(body, `name="password"`) {
		t.Fatalf("invitation page: %d %s", res.StatusCode, body)
	}
	res, body := b.do("POST", "/"+lang+"/invitation/"+secret, url.Values{"password": {password}, "confirm": {password}})
	if res.StatusCode != http.StatusSeeOther || b.cookie("hub_session") == nil {
		t.Fatalf("setting the password: %d %s", res.StatusCode, body)
	}
	return b
}

func TestAccountsEndToEnd(t *testing.T) {
	mail := newMailbox(t)
	idp := newProvider(t)
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(mail.ln.Addr().String())
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_ADDR": addr,
		"HUB_SMTP_HOST": "127.0.0.1", "HUB_SMTP_PORT": port, "HUB_SMTP_FROM": "UNCAC Hub <hub@example.org>",
		"HUB_SMTP_USER": "hub", "HUB_SMTP_PASSWORD": "mail-secret",
		"HUB_OIDC_ISSUER": idp.URL, "HUB_OIDC_CLIENT_ID": "uncac-hub", "HUB_OIDC_CLIENT_SECRET": "oidc-secret",
		// The tests' requests all come from 127.0.0.1: as a trusted proxy
		// it may name other addresses in X-Forwarded-For.
		"HUB_TRUSTED_PROXIES": "127.0.0.1"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	secLink, secToken := inviteUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	sec := accept(t, h.URL, "en", secLink, "secretariat passphrase")

	t.Run("the session cookie is HttpOnly and SameSite=Lax", func(t *testing.T) {
		res, _ := newBrowserClient(t, h.URL, false).do("POST", "/en/signin", url.Values{"email": {"sec@unodc.example"}, "password": {"secretariat passphrase"}})
		var c *http.Cookie
		for _, k := range res.Cookies() {
			if k.Name == "hub_session" {
				c = k
			}
		}
		if res.StatusCode != http.StatusSeeOther || c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
			t.Fatalf("sign in: %d %+v", res.StatusCode, c)
		}
		if strings.Contains(c.Value, "secretariat") || len(c.Value) < 40 {
			t.Fatalf("cookie value %q", c.Value)
		}
	})

	t.Run("an invitation link used twice is refused with a clear page", func(t *testing.T) {
		for _, lang := range []string{"en", "ru"} {
			res, body := newBrowserClient(t, h.URL, false).do("POST", "/"+lang+"/invitation/"+secLink, url.Values{"password": {"another passphrase"}, "confirm": {"another passphrase"}})
			want := map[string]string{"en": "already been used", "ru": "уже использована"}[lang]
			if res.StatusCode != http.StatusGone || !strings.Contains(body, want) {
				t.Fatalf("%s: %d %s", lang, res.StatusCode, body)
			}
		}
	})

	// The secretariat invites a focal point through the page; the link is
	// shown and mailed.
	res, body := sec.do("POST", "/en/users", url.Values{"email": {"fp@example.kz"}, "name": {"Асель Нурлановна"}, "role": {"focal-point"},
		"country": {"KZ"}, "language": {"kk"}})
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, "/kk/invitation/hl_") {
		t.Fatalf("invite: %d %s", res.StatusCode, body)
	}
	shown := regexp.MustCompile(`/kk/invitation/(hl_[A-Za-z0-9_-]+)`).FindStringSubmatch(body)[1]
	msg := mail.waitFor(t, "fp@example.kz")
	if !strings.Contains(msg, shown) || !strings.Contains(msg, "Сәлеметсіз бе, Асель Нурлановна") || !regexp.MustCompile(`(?i)Subject:\s+=\?utf-8\?`).MatchString(msg) {
		t.Fatalf("invitation mail:\n%s", msg)
	}
	mail.mu.Lock()
	if len(mail.auth) == 0 || !strings.Contains(mail.auth[0], base64.StdEncoding.EncodeToString([]byte("\x00hub\x00mail-secret"))) {
		t.Errorf("the hub did not authenticate to the SMTP server: %q", mail.auth)
	}
	mail.mu.Unlock()
	fp := accept(t, h.URL, "kk", shown, "focal point passphrase")

	// Documents of two countries, written through the API with a token.
	newDoc := func(country, vis string) string {
		doc := fmt.Sprintf(`{"kind":"national_law","countries":[%q],"visibility":%q,"translations":{"ru":{"title":"Закон %s"}}}`, country, vis, country)
		status, body := do(t, "POST", h.URL+"/api/v1/documents", secToken, strings.NewReader(doc))
		if status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		var d struct{ ID string }
		json.Unmarshal([]byte(body), &d)
		return d.ID
	}
	kzDoc, uzDoc, membersDoc := newDoc("KZ", "public"), newDoc("UZ", "public"), newDoc("UZ", "members")

	t.Run("a focal point changing another country's record gets 403 and it stays unchanged", func(t *testing.T) {
		upd := `{"kind":"national_law","countries":["UZ"],"translations":{"ru":{"title":"Изменено"}}}`
		req, _ := http.NewRequest("PUT", h.URL+"/api/v1/documents/"+uzDoc+"?lang=kk", strings.NewReader(upd))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := fp.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(raw), "рұқсат") {
			t.Fatalf("%d %s", res.StatusCode, raw)
		}
		_, got := do(t, "GET", h.URL+"/api/v1/documents/"+uzDoc, secToken, nil)
		if !strings.Contains(string(got), "Закон UZ") || !strings.Contains(string(got), `"version":1`) {
			t.Fatalf("the record changed: %s", got)
		}
	})

	t.Run("a members-only record asked for anonymously is not found", func(t *testing.T) {
		if status, _ := do(t, "GET", h.URL+"/api/v1/documents/"+membersDoc, "", nil); status != 404 {
			t.Fatalf("anonymous: %d", status)
		}
		if res, _ := newBrowserClient(t, h.URL, false).do("GET", "/en/library/"+membersDoc, nil); res.StatusCode != 404 {
			t.Fatalf("anonymous page: %d", res.StatusCode)
		}
		if res, _ := fp.do("GET", "/api/v1/documents/"+membersDoc, nil); res.StatusCode != 200 {
			t.Fatalf("a member: %d", res.StatusCode)
		}
	})

	t.Run("a tampered or expired session cookie means signed out", func(t *testing.T) {
		good := fp.cookie("hub_session").Value
		for _, v := range []string{good[:len(good)-2] + "xx", "hs_forged", "garbage"} {
			b := newBrowserClient(t, h.URL, false)
			u, _ := url.Parse(h.URL)
			b.jar.SetCookies(u, []*http.Cookie{{Name: "hub_session", Value: v, Path: "/"}})
			res, _ := b.do("GET", "/en/account", nil)
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/en/signin") {
				t.Fatalf("cookie %q: %d %s", v, res.StatusCode, res.Header.Get("Location"))
			}
			if b.cookie("hub_session") != nil {
				t.Fatalf("the bad cookie %q was not cleared", v)
			}
			if res, _ := b.do("GET", "/api/v1/me", nil); res.StatusCode != 401 {
				t.Fatalf("API with cookie %q: %d", v, res.StatusCode)
			}
		}
	})

	t.Run("a cross-site POST is refused and a program with a token is not", func(t *testing.T) {
		b := newBrowserClient(t, h.URL, false)
		req, _ := http.NewRequest("POST", h.URL+"/en/signin", strings.NewReader("email=sec%40unodc.example&password=secretariat+passphrase"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		res, err := b.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || b.cookie("hub_session") != nil {
			t.Fatalf("cross-site sign-in: %d", res.StatusCode)
		}
		// The same attack on a signed-in browser's session: revoke tokens.
		req, _ = http.NewRequest("POST", h.URL+"/en/account/signout-everywhere", nil)
		req.Header.Set("Origin", "https://evil.example")
		res, _ = fp.client.Do(req)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site sign-out-everywhere: %d", res.StatusCode)
		}
		if res, _ := fp.do("GET", "/api/v1/me", nil); res.StatusCode != 200 {
			t.Fatalf("the session ended anyway: %d", res.StatusCode)
		}
		status, body := do(t, "POST", h.URL+"/api/v1/documents", secToken, strings.NewReader(`{"kind":"guideline","translations":{"en":{"title":"Guide"}}}`))
		if status != 201 {
			t.Fatalf("a program with a token: %d %s", status, body)
		}
	})

	t.Run("the account API: invitations, users, own tokens", func(t *testing.T) {
		status, body := do(t, "POST", h.URL+"/api/v1/users", secToken, strings.NewReader(`{"email":"expert@example.tj","name":"Фарҳод","role":"expert","country":"TJ","language":"tg"}`))
		var inv struct {
			User          struct{ ID string }
			InvitationURL string
			Mailed        bool
		}
		if err := json.Unmarshal(body, &inv); status != 201 || err != nil || !strings.HasPrefix(inv.InvitationURL, h.URL+"/tg/invitation/hl_") || !inv.Mailed {
			t.Fatalf("invite: %d %v %s", status, err, body)
		}
		if status, body := do(t, "POST", h.URL+"/api/v1/users", secToken, strings.NewReader(`{"email":"expert@example.tj","name":"Again","role":"expert"}`)); status != 409 {
			t.Fatalf("the same email again: %d %s", status, body)
		}
		secret := strings.TrimPrefix(inv.InvitationURL, h.URL+"/tg/invitation/")
		ex := accept(t, h.URL, "tg", secret, "expert passphrase")
		req, _ := http.NewRequest("POST", h.URL+"/api/v1/me/tokens", strings.NewReader(`{"name":"notebook"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := ex.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var created struct {
			Token  struct{ ID string }
			Secret string
		}
		json.NewDecoder(res.Body).Decode(&created)
		res.Body.Close()
		if res.StatusCode != 201 || !strings.HasPrefix(created.Secret, "hub_") {
			t.Fatalf("token through the API: %d %+v", res.StatusCode, created)
		}
		exToken := created.Secret
		bad := []struct {
			name, method, path, body string
			status                   int
		}{
			{"an expert lists users", "GET", "/api/v1/users", "", 403},
			{"an expert invites", "POST", "/api/v1/users", `{"email":"x@example.org","name":"X","role":"secretariat"}`, 403},
			{"an expert promotes themselves", "PATCH", "/api/v1/users/" + inv.User.ID, `{"role":"secretariat"}`, 403},
			{"an expert reads the audit trail", "GET", "/api/v1/audit", "", 403},
			{"an unknown field", "PATCH", "/api/v1/users/" + inv.User.ID, `{"admin":true}`, 400},
		}
		for _, tt := range bad {
			var rb io.Reader
			if tt.body != "" {
				rb = strings.NewReader(tt.body)
			}
			if status, body := do(t, tt.method, h.URL+tt.path, exToken, rb); status != tt.status {
				t.Errorf("%s: %d %s", tt.name, status, body)
			}
		}
		if status, body := do(t, "PATCH", h.URL+"/api/v1/users/"+inv.User.ID, exToken, strings.NewReader(`{"organization":"Агентии мубориза бо коррупсия"}`)); status != 200 || !strings.Contains(string(body), "мубориза") {
			t.Fatalf("own organization: %d %s", status, body)
		}
		if status, _ := do(t, "DELETE", h.URL+"/api/v1/me/tokens/"+created.Token.ID, exToken, nil); status != 204 {
			t.Fatalf("revoke own token: %d", status)
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/me", exToken, nil); status != 401 {
			t.Fatalf("revoked token: %d", status)
		}
	})

	t.Run("twenty wrong passwords give 429 with the time to wait", func(t *testing.T) {
		b := newBrowserClient(t, h.URL, false)
		var res *http.Response
		var body string
		for i := 1; i <= 20; i++ {
			res, body = b.do("POST", "/ru/signin", url.Values{"email": {"fp@example.kz"}, "password": {fmt.Sprintf("guess %d", i)}}, "X-Forwarded-For", "10.0.0.66")
			if i < 20 && res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i, res.StatusCode)
			}
		}
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
			!strings.Contains(body, "повторите через 15 мин.") {
			t.Fatalf("attempt 20: %d Retry-After %q %s", res.StatusCode, res.Header.Get("Retry-After"), body)
		}
		// The account is locked for its owner too, from anywhere, for now.
		res, _ = newBrowserClient(t, h.URL, false).do("POST", "/en/signin", url.Values{"email": {"fp@example.kz"}, "password": {"focal point passphrase"}}, "X-Forwarded-For", "10.0.0.67")
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("right password during the lock: %d", res.StatusCode)
		}
	})

	t.Run("API tokens are created and revoked on the account page", func(t *testing.T) {
		res, body := sec.do("POST", "/en/account/tokens", url.Values{"name": {"import script"}, "expiry": {"30"}})
		m := regexp.MustCompile(`value="(hub_[A-Za-z0-9_-]+)"`).FindStringSubmatch(body)
		if res.StatusCode != http.StatusCreated || m == nil || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("create: %d %s", res.StatusCode, body)
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/me", m[1], nil); status != 200 {
			t.Fatalf("new token: %d", status)
		}
		_, page := sec.do("GET", "/en/account", nil)
		if strings.Contains(page, m[1]) {
			t.Fatal("the account page shows a token's secret again")
		}
		id := regexp.MustCompile(`/en/account/tokens/([0-9a-f]{24})/revoke`).FindAllStringSubmatch(page, -1)
		if len(id) != 2 {
			t.Fatalf("revoke forms: %v", id)
		}
		for _, x := range id {
			if res, _ := sec.do("POST", "/en/account/tokens/"+x[1]+"/revoke", url.Values{}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("revoke: %d", res.StatusCode)
			}
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/me", m[1], nil); status != 401 {
			t.Fatalf("revoked token: %d", status)
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/me", secToken, nil); status != 401 {
			t.Fatalf("revoked command-line token: %d", status)
		}
	})

	t.Run("a user downloads their data and asks for deletion", func(t *testing.T) {
		res, body := fp.do("GET", "/kk/account/export", nil)
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %v", res.StatusCode, res.Header)
		}
		var ex struct {
			User     struct{ Email string }
			Audit    []struct{ Action string }
			Sessions []json.RawMessage
		}
		if err := json.Unmarshal([]byte(body), &ex); err != nil || ex.User.Email != "fp@example.kz" || len(ex.Audit) == 0 || len(ex.Sessions) == 0 {
			t.Fatalf("export: %v %s", err, body)
		}
		if strings.Contains(body, "argon2id") || strings.Contains(body, `"hash"`) {
			t.Fatal("the export contains a secret's hash")
		}
		if res, _ := fp.do("POST", "/kk/account/deletion", url.Values{"reason": {"Басқа жұмысқа ауыстым"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("deletion request: %d", res.StatusCode)
		}
		_, page := sec.do("GET", "/en/users?status=deletion", nil)
		if !strings.Contains(page, "fp@example.kz") {
			t.Fatalf("the secretariat does not see the request: %s", page)
		}
	})

	t.Run("single sign-on maps a verified email to an existing user", func(t *testing.T) {
		tests := []struct {
			name            string
			email           string
			verified, nonce bool
			signedIn        bool
			message         string
		}{
			{"a verified email of an account", "SEC@unodc.example", true, true, true, ""},
			{"an unverified email", "sec@unodc.example", false, true, false, "did not confirm your email"},
			{"a token for another sign-in (nonce)", "sec@unodc.example", true, false, false, "did not confirm who you are"},
			{"an email without an account", "stranger@example.org", true, true, false, "no active account"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				idp.next(tt.email, tt.verified, !tt.nonce)
				b := newBrowserClient(t, h.URL, true)
				res, body := b.do("GET", "/en/signin/oidc?next=/en/account", nil)
				if tt.signedIn != (b.cookie("hub_session") != nil) {
					t.Fatalf("signed in: %v; %d %s", !tt.signedIn, res.StatusCode, body)
				}
				if tt.signedIn && (res.StatusCode != 200 || !strings.Contains(body, "sec@unodc.example")) {
					t.Fatalf("after sign-on: %d %s", res.StatusCode, body)
				}
				if !tt.signedIn && (res.StatusCode != 401 || !strings.Contains(body, tt.message)) {
					t.Fatalf("refusal: %d %s", res.StatusCode, body)
				}
			})
		}
		// A callback this browser did not start is refused.
		b := newBrowserClient(t, h.URL, false)
		res, body := b.do("GET", "/auth/oidc/callback?code=x&state=y", nil)
		if res.StatusCode != 401 || !strings.Contains(body, "did not start here") {
			t.Fatalf("forged callback: %d %s", res.StatusCode, body)
		}
	})

	t.Run("forgotten passwords are reset by mail, the link working once", func(t *testing.T) {
		b := newBrowserClient(t, h.URL, false)
		res, body := b.do("POST", "/ru/signin/forgot", url.Values{"email": {"sec@unodc.example"}})
		if res.StatusCode != 200 || !strings.Contains(body, "sec@unodc.example") {
			t.Fatalf("forgot: %d %s", res.StatusCode, body)
		}
		if res, other := b.do("POST", "/ru/signin/forgot", url.Values{"email": {"nobody@example.org"}}); res.StatusCode != 200 ||
			strings.Count(other, "nobody@example.org") != strings.Count(body, "sec@unodc.example") {
			t.Fatal("the answer tells whether an account exists")
		}
		msg := mail.waitFor(t, "/reset/hl_")
		link := regexp.MustCompile(`/(\w\w)/reset/(hl_[A-Za-z0-9_-]+)`).FindStringSubmatch(msg)
		nb := newBrowserClient(t, h.URL, false)
		path := "/" + link[1] + "/reset/" + link[2]
		if res, _ := nb.do("POST", path, url.Values{"password": {"a new secretariat passphrase"}, "confirm": {"a new secretariat passphrase"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d", res.StatusCode)
		}
		if res, _ := nb.do("GET", path, nil); res.StatusCode != http.StatusGone {
			t.Fatalf("reset link again: %d", res.StatusCode)
		}
		if res, _ := sec.do("GET", "/en/account", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("an old session after a reset: %d", res.StatusCode)
		}
		sec = newBrowserClient(t, h.URL, false)
		if res, _ := sec.do("POST", "/en/signin", url.Values{"email": {"sec@unodc.example"}, "password": {"a new secretariat passphrase"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in with the new password: %d", res.StatusCode)
		}
	})

	t.Run("the secretariat changes roles and deactivates users", func(t *testing.T) {
		_, page := sec.do("GET", "/en/users?q=fp%40example", nil)
		id := regexp.MustCompile(`/en/users/([0-9a-f]{24})"`).FindStringSubmatch(page)
		if id == nil {
			t.Fatalf("users page: %s", page)
		}
		if res, _ := sec.do("POST", "/en/users/"+id[1], url.Values{"action": {"role"}, "role": {"focal-point"}, "country": {"UZ"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change country: %d", res.StatusCode)
		}
		if res, _ := fp.do("GET", "/api/v1/me", nil); res.StatusCode != 200 {
			t.Fatalf("focal point after the change: %d", res.StatusCode)
		}
		if res, body := fp.do("POST", "/kk/users/"+id[1], url.Values{"action": {"role"}, "role": {"secretariat"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("a focal point promotes themselves: %d %s", res.StatusCode, body)
		}
		if res, _ := sec.do("POST", "/en/users/"+id[1], url.Values{"action": {"deactivate"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", res.StatusCode)
		}
		if res, _ := fp.do("GET", "/api/v1/me", nil); res.StatusCode != 401 {
			t.Fatalf("a deactivated user's session: %d", res.StatusCode)
		}
		_, doc := do(t, "GET", h.URL+"/api/v1/documents/"+kzDoc, "", nil)
		if !strings.Contains(string(doc), "Закон KZ") {
			t.Fatal("a deactivated user's records must stay")
		}
	})

	t.Run("the secretariat erases a user's personal data, through the API and the pages", func(t *testing.T) {
		// The command line's token was revoked with the password reset.
		_, made := sec.do("POST", "/en/account/tokens", url.Values{"name": {"erasures"}, "expiry": {"0"}})
		secToken := regexp.MustCompile(`value="(hub_[A-Za-z0-9_-]+)"`).FindStringSubmatch(made)[1]
		invite := func(email, name string) (string, *browserClient) {
			t.Helper()
			status, body := do(t, "POST", h.URL+"/api/v1/users", secToken, strings.NewReader(`{"email":"`+email+`","name":"`+name+`","role":"expert","country":"KG","language":"ky","organization":"Удаловдун уюму"}`))
			var inv struct {
				User          struct{ ID string }
				InvitationURL string
			}
			if err := json.Unmarshal(body, &inv); status != 201 || err != nil {
				t.Fatalf("invite %s: %d %v %s", email, status, err, body)
			}
			return inv.User.ID, accept(t, h.URL, "ky", strings.TrimPrefix(inv.InvitationURL, h.URL+"/ky/invitation/"), "erasure passphrase")
		}
		id, person := invite("erlan.udalov@example.kg", "Эрлан Удалов")
		if res, _ := person.do("POST", "/ky/account/deletion", url.Values{"reason": {"Эрлан Удалов: маалыматымды өчүрүңүз"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("deletion request: %d", res.StatusCode)
		}
		// They registered for a coming webinar, without signing in.
		ev := createEvent(t, h.URL, secToken, `{"kind":"webinar","status":"registration_open","countries":["KG"],"country":"KG","timeZone":"Asia/Bishkek",
			"start":"2030-03-10T10:00:00+06:00","end":"2030-03-10T12:00:00+06:00","capacity":80,"translations":{"en":{"title":"Webinar on erasure"}}}`)
		if status, body := do(t, "POST", h.URL+"/api/v1/events/"+ev.ID+"/registrations", "", strings.NewReader(
			`{"name":"Эрлан Удалов","email":"erlan.udalov@example.kg","country":"KG","organization":"Удаловдун уюму","gender":"male","language":"ky"}`)); status != 201 {
			t.Fatalf("registering: %d %s", status, body)
		}
		_, page := sec.do("GET", "/en/users?status=deletion", nil)
		if !strings.Contains(page, `action="/en/users/`+id+`/erase"`) {
			t.Fatalf("the users page offers no erasure for the request: %s", page)
		}

		var me struct{ ID string }
		_, raw := do(t, "GET", h.URL+"/api/v1/me", secToken, nil)
		if err := json.Unmarshal(raw, &me); err != nil {
			t.Fatal(err)
		}
		_, expertToken := inviteUser(t, env, "--email", "other.expert@example.kg", "--name", "Other Expert", "--role", "expert")
		for _, tt := range []struct {
			name, token, id string
			status          int
		}{
			{"anonymously", "", id, 401},
			{"by an expert", expertToken, id, 403},
			{"by the secretariat, of their own account", secToken, me.ID, 400},
			{"by the secretariat, of nobody", secToken, "64b000000000000000000000", 404},
		} {
			if status, body := do(t, "POST", h.URL+"/api/v1/users/"+tt.id+"/erase", tt.token, nil); status != tt.status {
				t.Errorf("erasing %s: %d %s", tt.name, status, body)
			}
		}
		status, body := do(t, "POST", h.URL+"/api/v1/users/"+id+"/erase", secToken, nil)
		var erased struct {
			Email, Name, Organization string
			Disabled                  bool
			ErasedAt                  *time.Time
		}
		if err := json.Unmarshal(body, &erased); status != 200 || err != nil || erased.Email != "erased-"+id+"@invalid" || erased.Name != "" ||
			erased.Organization != "" || !erased.Disabled || erased.ErasedAt == nil {
			t.Fatalf("erase: %d %v %s", status, err, body)
		}
		if res, _ := person.do("GET", "/api/v1/me", nil); res.StatusCode != 401 {
			t.Errorf("the erased person's session: %d", res.StatusCode)
		}
		_, regs := do(t, "GET", h.URL+"/api/v1/events/"+ev.ID+"/registrations", secToken, nil)
		if strings.Contains(string(regs), "Удалов") || strings.Contains(string(regs), "erlan") || !strings.Contains(string(regs), `"erasedAt"`) ||
			!strings.Contains(string(regs), `"state":"cancelled"`) || !strings.Contains(string(regs), `"gender":"male"`) {
			t.Errorf("the registration after the erasure: %s", regs)
		}
		_, trail := do(t, "GET", h.URL+"/api/v1/audit?limit=500", secToken, nil)
		if strings.Contains(string(trail), "Удалов") || strings.Contains(string(trail), "erlan.udalov") || !strings.Contains(string(trail), `"action":"erase"`) {
			t.Errorf("the audit trail after the erasure: %s", trail)
		}
		_, page = sec.do("GET", "/en/users?status=deletion", nil)
		if strings.Contains(page, id) {
			t.Errorf("an erased user is still a deletion to carry out")
		}

		// Through the pages: a confirmation that says what goes, a refusal
		// without the tick, then the result.
		other, _ := invite("aigerim.ochurulot@example.kg", "Айгерим Өчүрүлөт")
		if res, page := sec.do("GET", "/en/users/"+other, nil); res.StatusCode != 200 || !strings.Contains(page, `action="/en/users/`+other+`/erase"`) {
			t.Fatalf("the user's page offers no erasure: %d %s", res.StatusCode, page)
		}
		res, page := sec.do("GET", "/ru/users/"+other+"/erase", nil)
		if res.StatusCode != 200 || !strings.Contains(page, `name="confirm"`) || !strings.Contains(page, "Удалить персональные данные этого пользователя?") {
			t.Fatalf("confirmation page: %d %s", res.StatusCode, page)
		}
		if res, page := sec.do("POST", "/ru/users/"+other+"/erase", url.Values{}); res.StatusCode != 400 || !strings.Contains(page, "Отметьте поле") {
			t.Fatalf("without the tick: %d %s", res.StatusCode, page)
		}
		res, _ = sec.do("POST", "/ru/users/"+other+"/erase", url.Values{"confirm": {"yes"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ru/users/"+other+"?notice=user_erased" {
			t.Fatalf("erase through the page: %d %v", res.StatusCode, res.Header)
		}
		if _, page := sec.do("GET", "/ru/users/"+other+"?notice=user_erased", nil); !strings.Contains(page, "Персональные данные пользователя удалены.") ||
			strings.Contains(page, "Айгерим") || strings.Contains(page, `action="/ru/users/`+other+`/erase"`) {
			t.Errorf("the page after the erasure: %s", page)
		}
	})

	t.Run("the audit trail is the secretariat's, in a page and the API", func(t *testing.T) {
		_, page := sec.do("GET", "/en/audit?kind=document&action=denied", nil)
		if !strings.Contains(page, uzDoc) || !strings.Contains(page, "Асель Нурлановна") || !strings.Contains(page, "Refused") {
			t.Fatalf("audit page: %s", page)
		}
		tok := regexp.MustCompile(`value="(hub_[A-Za-z0-9_-]+)"`)
		_, body := sec.do("POST", "/en/account/tokens", url.Values{"name": {"audit reader"}, "expiry": {"0"}})
		secret := tok.FindStringSubmatch(body)[1]
		status, raw := do(t, "GET", h.URL+"/api/v1/audit?country=UZ&action=denied&kind=document", secret, nil)
		var list struct {
			Total   int
			Entries []struct {
				Action, RecordID, IP string
				Changes              []struct {
					Field         string
					Before, After any
				}
			}
		}
		if err := json.Unmarshal(raw, &list); status != 200 || err != nil || list.Total == 0 || list.Entries[0].RecordID != uzDoc || list.Entries[0].IP != "127.0.0.1" {
			t.Fatalf("audit API: %d %v %s", status, err, raw)
		}
		// The focal point's attempt to promote themselves is there too.
		if status, raw := do(t, "GET", h.URL+"/api/v1/audit?kind=user&action=denied", secret, nil); status != 200 || !strings.Contains(string(raw), `"field":"role"`) {
			t.Fatalf("refused role change not audited: %d %s", status, raw)
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/audit", "", nil); status != 401 {
			t.Fatalf("anonymous: %d", status)
		}
		for _, lang := range []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"} {
			for _, p := range []string{"/audit", "/users", "/account", "/signin", "/users?status=deletion"} {
				res, body := sec.do("GET", "/"+lang+p, nil)
				if res.StatusCode != 200 && !(p == "/signin" && res.StatusCode == http.StatusSeeOther) {
					t.Errorf("/%s%s: %d", lang, p, res.StatusCode)
				}
				if m := regexp.MustCompile(`\baccount\.[a-z_.]+\b`).FindString(body); m != "" {
					t.Errorf("/%s%s shows the untranslated id %s", lang, p, m)
				}
			}
		}
	})
}

func TestAccountSettingsAreCheckedAtStart(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // a variable the error must name; "" for valid
	}{
		{"mail without a sender", map[string]string{"HUB_SMTP_HOST": "smtp.example.org"}, "HUB_SMTP_FROM"},
		{"a sender that is not an address", map[string]string{"HUB_SMTP_HOST": "smtp.example.org", "HUB_SMTP_FROM": "hub at example"}, "HUB_SMTP_FROM"},
		{"a user without a password", map[string]string{"HUB_SMTP_HOST": "smtp.example.org", "HUB_SMTP_FROM": "hub@example.org", "HUB_SMTP_USER": "hub"}, "HUB_SMTP_PASSWORD"},
		{"a port that is not a number", map[string]string{"HUB_SMTP_PORT": "smtp"}, "HUB_SMTP_PORT"},
		{"single sign-on without a secret", map[string]string{"HUB_OIDC_ISSUER": "https://id.example.org", "HUB_OIDC_CLIENT_ID": "hub"}, "HUB_OIDC_CLIENT_SECRET"},
		{"an issuer over plain http", map[string]string{"HUB_OIDC_ISSUER": "http://id.example.org", "HUB_OIDC_CLIENT_ID": "hub", "HUB_OIDC_CLIENT_SECRET": "s"}, "HUB_OIDC_ISSUER"},
		{"a proxy that is not an address", map[string]string{"HUB_TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"}, "HUB_TRUSTED_PROXIES"},
		{"mail and single sign-on set up", map[string]string{"HUB_SMTP_HOST": "smtp.example.org", "HUB_SMTP_FROM": "UNCAC Hub <hub@example.org>",
			"HUB_OIDC_ISSUER": "https://id.example.org/", "HUB_OIDC_CLIENT_ID": "hub", "HUB_OIDC_CLIENT_SECRET": "s",
			"HUB_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := LoadConfig(func(k string) string { return tt.env[k] })
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				sec := security(cfg)
				if sec.Mailer == nil || sec.OIDC == nil || sec.OIDC.RedirectURL != "http://localhost:8080/auth/oidc/callback" ||
					sec.OIDC.Issuer != "https://id.example.org" || len(sec.TrustedProxies) != 2 {
					t.Fatalf("security settings: %+v", sec)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v does not name %s", err, tt.want)
			}
		})
	}
}
