package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// OIDCConfig configures single sign-on with an OpenID Connect provider
// (HUB_OIDC_ISSUER, HUB_OIDC_CLIENT_ID, HUB_OIDC_CLIENT_SECRET). The
// provider must send a verified email; it signs in the existing user with
// that email (nobody is created by signing in).
type OIDCConfig struct {
	Issuer, ClientID, ClientSecret string
	// RedirectURL is where the provider sends people back:
	// <HUB_BASE_URL>/auth/oidc/callback; register it with the provider.
	RedirectURL string
}

// oidcClient discovers the provider on first use (so that a provider that
// is down does not stop the hub from starting) and keeps what it learned.
type oidcClient struct {
	cfg      OIDCConfig
	mu       sync.Mutex
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

func newOIDCClient(cfg OIDCConfig) *oidcClient { return &oidcClient{cfg: cfg} }

func (o *oidcClient) setup(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.oauth != nil {
		return o.oauth, o.verifier, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
	if err != nil {
		return nil, nil, &platform.Error{Code: platform.Unavailable, MessageID: "error.unavailable",
			Data: map[string]any{"Part": "single sign-on"}, Message: "OIDC discovery", Err: err}
	}
	o.oauth = &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: o.cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	o.verifier = p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID})
	return o.oauth, o.verifier, nil
}

// oidcState is what the browser keeps, in a short-lived HttpOnly cookie,
// between leaving for the provider and coming back: the state that the
// callback's must equal (so that nobody else's sign-in can be completed in
// this browser), the nonce the ID token must carry (so that a token cannot
// be replayed), the PKCE verifier, and where to go afterwards.
type oidcState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Lang     string `json:"l"`
	Next     string `json:"x,omitempty"`
	Expires  int64  `json:"e"`
}

const (
	oidcCookie   = "hub_oidc"
	oidcStateTTL = 10 * time.Minute
)

func randomString() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func newOIDCState(lang, next string, now time.Time) oidcState {
	return oidcState{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(),
		Lang: lang, Next: next, Expires: now.Add(oidcStateTTL).Unix()}
}

func (st oidcState) encode() string {
	b, _ := json.Marshal(st)
	return base64.RawURLEncoding.EncodeToString(b)
}

// errOIDCState is any problem with the state: no cookie, an expired or
// unreadable one, or a state that does not match.
var errOIDCState = errors.New("OIDC state missing, expired or not matching")

// decodeOIDCState reads the cookie's value and checks it against the state
// the provider sent back.
func decodeOIDCState(cookie, state string, now time.Time) (oidcState, error) {
	var st oidcState
	b, err := base64.RawURLEncoding.DecodeString(cookie)
	if err != nil || json.Unmarshal(b, &st) != nil {
		return st, errOIDCState
	}
	if st.State == "" || st.Nonce == "" || now.Unix() > st.Expires ||
		subtle.ConstantTimeCompare([]byte(st.State), []byte(state)) != 1 {
		return st, errOIDCState
	}
	if !i18n.Supported(st.Lang) {
		st.Lang = i18n.Default
	}
	st.Next = safeNext(st.Next, "")
	return st, nil
}

// oidcClaims are the ID token claims the hub reads.
type oidcClaims struct {
	Email         string `json:"email"`
	EmailVerified any    `json:"email_verified"`
}

// verifiedEmail returns the token's email if the provider says it verified
// it; some providers send the flag as a string.
func (c oidcClaims) verifiedEmail() (string, bool) {
	email := strings.ToLower(strings.TrimSpace(c.Email))
	if email == "" {
		return "", false
	}
	switch v := c.EmailVerified.(type) {
	case bool:
		return email, v
	case string:
		return email, strings.EqualFold(v, "true")
	}
	return "", false
}

// checkNonce compares the ID token's nonce with the one this browser sent.
func checkNonce(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (s *server) oidcStart(c *gin.Context) {
	if s.oidc == nil {
		s.NotFound(c)
		return
	}
	oc, _, err := s.oidc.setup(c.Request.Context())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	st := newOIDCState(web.Lang(c), safeNext(c.Query("next"), ""), s.Now())
	http.SetCookie(c.Writer, &http.Cookie{Name: oidcCookie, Value: st.encode(), Path: "/auth/oidc/",
		MaxAge: int(oidcStateTTL / time.Second), HttpOnly: true, Secure: s.Secure(c), SameSite: http.SameSiteLaxMode})
	web.NoStore(c)
	c.Redirect(http.StatusFound, oc.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)))
}

// oidcCallback completes single sign-on: state, code exchange with PKCE, ID
// token signature, audience, expiry and nonce, verified email, existing
// active user.
func (s *server) oidcCallback(c *gin.Context) {
	cookie, _ := c.Cookie(oidcCookie)
	http.SetCookie(c.Writer, &http.Cookie{Name: oidcCookie, Value: "", Path: "/auth/oidc/", MaxAge: -1,
		HttpOnly: true, Secure: s.Secure(c), SameSite: http.SameSiteLaxMode})
	st, err := decodeOIDCState(cookie, c.Query("state"), s.Now())
	lang := st.Lang
	if !i18n.Supported(lang) {
		cookieLang, _ := c.Cookie("lang")
		lang = i18n.Negotiate("", cookieLang, c.GetHeader("Accept-Language"))
	}
	web.AsPage(c, lang)
	if err != nil {
		s.WriteError(c, platform.Localized(platform.Unauthorized, "account.error.oidc_state", nil, "%v", err))
		return
	}
	if e := c.Query("error"); e != "" {
		s.WriteError(c, platform.Localized(platform.Unauthorized, "account.error.oidc_refused", nil, "provider answered %s", web.Clip(e, 100)))
		return
	}
	ctx := c.Request.Context()
	oc, verifier, err := s.oidc.setup(ctx)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	xctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	tok, err := oc.Exchange(xctx, c.Query("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		s.WriteError(c, platform.Localized(platform.Unauthorized, "account.error.oidc_refused", nil, "code exchange: %v", err))
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := verifier.Verify(xctx, raw)
	if err != nil {
		s.WriteError(c, platform.Localized(platform.Unauthorized, "account.error.oidc_refused", nil, "ID token: %v", err))
		return
	}
	if !checkNonce(idt.Nonce, st.Nonce) {
		s.WriteError(c, platform.Localized(platform.Unauthorized, "account.error.oidc_refused", nil, "ID token nonce does not match"))
		return
	}
	var claims oidcClaims
	if err := idt.Claims(&claims); err != nil {
		s.WriteError(c, platform.Localized(platform.Unauthorized, "account.error.oidc_refused", nil, "claims: %v", err))
		return
	}
	email, ok := claims.verifiedEmail()
	if !ok {
		s.WriteError(c, platform.Localized(platform.Unauthorized, "account.error.oidc_unverified", nil, "no verified email in ID token"))
		return
	}
	u, secret, err := s.Accounts.SignInVerifiedEmail(ctx, email, "oidc")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.SetSessionCookie(c, secret)
	home := "/" + lang + "/"
	if u.Language != "" {
		home = "/" + u.Language + "/"
	}
	c.Redirect(http.StatusSeeOther, safeNext(st.Next, home))
}
