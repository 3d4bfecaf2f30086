package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// Security configures sessions and request safety.
type Security struct {
	// BaseURL is the hub's public address. When it is https, cookies are
	// Secure and responses carry HSTS; its origin is trusted by the
	// cross-origin check (for a proxy that rewrites Host); every absolute
	// URL the hub writes (feeds, one-time links) starts with it (PublicURL).
	BaseURL string
	// TrustedProxies lists the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For header is believed. Empty: none, and the peer's
	// address is the client's (what rate limits and the audit trail see).
	TrustedProxies []string
}

// PublicURL is the hub's public address without a trailing slash, which
// every absolute URL the hub writes (feeds, links in mail) starts with:
// Security.BaseURL, or http://localhost when none is set (tests). It never
// comes from the request: Host and X-Forwarded-* headers can be forged, and
// a page or feed built from them could be cached for everyone.
func (s *Server) PublicURL() string {
	if s.Security.BaseURL == "" {
		return "http://localhost"
	}
	return strings.TrimRight(s.Security.BaseURL, "/")
}

// https reports whether the hub's public address is https.
func (sec Security) https() bool { return strings.HasPrefix(strings.ToLower(sec.BaseURL), "https://") }

// sessionCookie holds the session secret.
const sessionCookie = "hub_session"

// Secure reports whether cookies must be Secure for this request: it came
// over TLS, or the hub's public address is https.
func (s *Server) Secure(c *gin.Context) bool { return c.Request.TLS != nil || s.Security.https() }

// SetSessionCookie gives the browser a new session's secret.
func (s *Server) SetSessionCookie(c *gin.Context, secret string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/",
		MaxAge: int(platform.MaxSessionAge / time.Second), HttpOnly: true, Secure: s.Secure(c), SameSite: http.SameSiteLaxMode})
}

// ClearSessionCookie makes the browser forget its session.
func (s *Server) ClearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.Secure(c), SameSite: http.SameSiteLaxMode})
}

// SessionSecret is the session secret the browser sent, or "".
func SessionSecret(c *gin.Context) string {
	secret, _ := c.Cookie(sessionCookie)
	return secret
}

// crossOrigin refuses state-changing requests that a browser sent from
// another site, with Go's CrossOriginProtection: it trusts Sec-Fetch-Site,
// then compares Origin with Host, and lets through requests that carry
// neither (programs with bearer tokens, curl) and safe methods.
func (s *Server) crossOrigin() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(s.Security.BaseURL); err == nil && u.Scheme != "" && u.Host != "" {
		_ = cop.AddTrustedOrigin(u.Scheme + "://" + u.Host)
	}
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			s.Logger.Info("cross-origin request refused", append(requestAttrs(c),
				"origin", c.Request.Header.Get("Origin"), "sec-fetch-site", c.Request.Header.Get("Sec-Fetch-Site"))...)
			s.earlyError(c, platform.Localized(platform.Forbidden, "account.error.cross_origin", nil, "cross-origin request refused: %v", err))
			return
		}
		c.Next()
	}
}

// identify puts the request's origin and its user into the request context,
// for pages and API alike: the user of a bearer token, else of the session
// cookie. A bad bearer token is refused (401), so that a program never
// silently acts with less than it meant to; a bad, tampered or expired
// session cookie is cleared and the visitor is anonymous.
func (s *Server) identify(c *gin.Context) {
	r := c.Request
	ctx := platform.NewContextWithRequestInfo(r.Context(), platform.RequestInfo{IP: c.ClientIP(), UserAgent: Clip(r.UserAgent(), 300)})
	c.Request = r.WithContext(ctx)
	p := r.URL.Path
	if strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/files/") || p == "/healthz" || p == "/readyz" {
		c.Next()
		return
	}
	if h := r.Header.Get("Authorization"); h != "" && s.Users != nil {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			s.earlyError(c, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "not a bearer token"))
			return
		}
		u, err := s.Users.Authenticate(ctx, strings.TrimSpace(token))
		if err != nil {
			s.earlyError(c, err)
			return
		}
		c.Request = c.Request.WithContext(platform.NewContextWithUser(ctx, u))
		c.Next()
		return
	}
	if cookie, err := r.Cookie(sessionCookie); err == nil && s.Accounts != nil {
		u, sess, err := s.Accounts.SessionUser(ctx, cookie.Value)
		switch platform.ErrorCode(err) {
		case "":
			c.Set(sessionKey, sess)
			c.Request = c.Request.WithContext(platform.NewContextWithUser(ctx, u))
			// Pages of a signed-in user are personal: never cached by
			// shared caches.
			c.Header("Cache-Control", "private, no-store")
			c.Header("Vary", "Cookie")
		case platform.Unauthorized:
			s.ClearSessionCookie(c)
		default:
			s.earlyError(c, err)
			return
		}
	}
	c.Next()
}

// earlyError answers with err from a middleware that runs before the
// language is known: it takes the language from the path's prefix, else as
// the API does.
func (s *Server) earlyError(c *gin.Context, err error) {
	p := c.Request.URL.Path
	if !strings.HasPrefix(p, "/api/") {
		setPage(c)
	}
	if Lang(c) == "" {
		seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
		if i18n.Supported(seg) {
			setLang(c, seg)
		} else {
			cookie, _ := c.Cookie("lang")
			setLang(c, i18n.Negotiate(c.Query("lang"), cookie, c.GetHeader("Accept-Language")))
		}
	}
	c.Abort()
	s.WriteError(c, err)
}

// Clip shortens s to at most n bytes on a character boundary.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// RequireUser redirects an anonymous visitor of a page to the sign-in page,
// coming back afterwards; it reports whether the handler may go on.
func (s *Server) RequireUser(c *gin.Context) bool {
	if User(c) != nil {
		return true
	}
	toSignInThen(c, c.Request.URL.RequestURI())
	return false
}

// ToSignIn sends an anonymous visitor of a page to the sign-in page, coming
// back here afterwards (to the same address after a GET, to the page of the
// form after a POST).
func (s *Server) ToSignIn(c *gin.Context) {
	next := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		next = c.Request.URL.Path
	}
	toSignInThen(c, next)
}

// toSignInThen redirects to the sign-in page in the reader's language, which
// leads to next afterwards.
func toSignInThen(c *gin.Context, next string) {
	c.Redirect(http.StatusSeeOther, "/"+Lang(c)+"/signin?next="+url.QueryEscape(next))
	c.Abort()
}

// RequireAPIUser answers a request of the API that needs a signed-in user
// and comes without one with SignInRequired (401); it returns the user and
// whether the handler may go on.
func (s *Server) RequireAPIUser(c *gin.Context) (*platform.User, bool) {
	u := User(c)
	if u == nil {
		s.WriteError(c, SignInRequired())
		return nil, false
	}
	return u, true
}

// SignInRequired is the refusal of something only a signed-in user may do,
// asked anonymously (401).
func SignInRequired() error {
	return platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
}

// NoStore marks a response that carries a secret (a new token, a one-time
// link) or a form reached through one: never cached, never sent as Referer.
func NoStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
}
