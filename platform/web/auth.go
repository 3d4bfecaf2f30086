package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// Security configures the web layer's accounts and request safety.
type Security struct {
	// BaseURL is the hub's public address. When it is https, cookies are
	// Secure and responses carry HSTS; its origin is trusted by the
	// cross-origin check (for a proxy that rewrites Host); links in
	// invitations start with it.
	BaseURL string
	// TrustedProxies lists the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For header is believed. Empty: none, and the peer's
	// address is the client's (what rate limits and the audit trail see).
	TrustedProxies []string
	// Mailer sends invitation and reset links; nil: links are only shown.
	Mailer Mailer
	// OIDC, when set, offers single sign-on with an OpenID Connect provider.
	OIDC *OIDCConfig
}

// https reports whether the hub's public address is https.
func (sec Security) https() bool { return strings.HasPrefix(strings.ToLower(sec.BaseURL), "https://") }

// sessionCookie holds the session secret.
const sessionCookie = "hub_session"

// secure reports whether cookies must be Secure for this request.
func (s *Server) Secure(c *gin.Context) bool { return c.Request.TLS != nil || s.Security.https() }

func (s *Server) SetSessionCookie(c *gin.Context, secret string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/",
		MaxAge: int(platform.MaxSessionAge / time.Second), HttpOnly: true, Secure: s.Secure(c), SameSite: http.SameSiteLaxMode})
}

func (s *Server) ClearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.Secure(c), SameSite: http.SameSiteLaxMode})
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
			s.Logger.Info("cross-origin request refused", "method", c.Request.Method, "path", c.Request.URL.Path,
				"origin", c.Request.Header.Get("Origin"), "sec-fetch-site", c.Request.Header.Get("Sec-Fetch-Site"))
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
	lang := Lang(c)
	c.Redirect(http.StatusSeeOther, "/"+lang+"/signin?next="+url.QueryEscape(c.Request.URL.RequestURI()))
	c.Abort()
	return false
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

// safeNext accepts only a local path as where to go after signing in, so
// that the sign-in page cannot be used to send people to another site.
func safeNext(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\\") || len(next) > 2000 {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return fallback
	}
	return next
}

// NoStore marks a response that carries a secret (a new token, a one-time
// link) or a form reached through one: never cached, never sent as Referer.
func NoStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
}

// accountPages are the templates of this file's pages, parsed with the
// layout like the others.
var accountPages = []string{"signin", "forgot", "link", "account", "secret", "users", "user", "audit"}

// accountRoutes adds the sign-in, account, users and audit pages and their
// API. The middlewares that identify users and check origins are installed
// by Handler for every route.
func (s *Server) accountRoutes(r *gin.Engine) error {
	for _, name := range accountPages {
		t, err := template.New("layout.html").Funcs(funcs).Funcs(accountFuncs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return err
		}
		s.pages.byName[name] = t
	}
	if s.Security.OIDC != nil {
		s.oidc = newOIDCClient(*s.Security.OIDC)
		r.GET("/auth/oidc/callback", s.oidcCallback)
	}
	p := r.Group("/:lang", s.pageLanguage)
	p.GET("/signin", s.signInPage)
	p.POST("/signin", s.signIn)
	p.GET("/signin/oidc", s.oidcStart)
	p.POST("/signout", s.signOut)
	p.GET("/signin/forgot", s.forgotPage)
	p.POST("/signin/forgot", s.forgot)
	p.GET("/invitation/:secret", s.linkPage(platform.LinkInvitation))
	p.POST("/invitation/:secret", s.useLink(platform.LinkInvitation))
	p.GET("/reset/:secret", s.linkPage(platform.LinkReset))
	p.POST("/reset/:secret", s.useLink(platform.LinkReset))

	p.GET("/account", s.accountPage)
	p.POST("/account", s.updateProfile)
	p.POST("/account/password", s.changePassword)
	p.POST("/account/tokens", s.createTokenPage)
	p.POST("/account/tokens/:id/revoke", s.revokeTokenPage)
	p.GET("/account/export", s.exportPage)
	p.POST("/account/deletion", s.requestDeletionPage)
	p.POST("/account/signout-everywhere", s.signOutEverywhere)

	p.GET("/users", s.usersPage)
	p.POST("/users", s.inviteUser)
	p.GET("/users/:id", s.userPage)
	p.POST("/users/:id", s.updateUserPage)
	p.POST("/users/:id/link", s.userLink)

	p.GET("/audit", s.auditPage)

	api := r.Group("/api/v1", s.apiLanguage)
	api.GET("/me", s.apiMe)
	api.GET("/me/export", s.apiExport)
	api.GET("/me/tokens", s.apiTokens)
	api.POST("/me/tokens", s.apiCreateToken)
	api.DELETE("/me/tokens/:id", s.apiRevokeToken)
	api.GET("/users", s.apiUsers)
	api.POST("/users", s.apiInvite)
	api.GET("/users/:id", s.apiUser)
	api.PATCH("/users/:id", s.apiUpdateUser)
	api.GET("/audit", s.apiAudit)
	return nil
}

// linkURL is the absolute address of a one-time link.
func (s *Server) linkURL(c *gin.Context, lang, kind, secret string) string {
	base := strings.TrimRight(s.Security.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if c.Request.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + c.Request.Host
	}
	return base + "/" + lang + "/" + kind + "/" + url.PathEscape(secret)
}

// accountFuncs are template helpers of the account pages.
var accountFuncs = template.FuncMap{
	"datetime": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"deref": func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	},
	"list": func(v ...string) []string { return v },
	// roleKey turns a role into its message id segment (focal-point:
	// focal_point).
	"roleKey": func(role string) string { return strings.ReplaceAll(role, "-", "_") },
	// tOr translates id, or shows fallback when no language has it (a
	// record kind or action added by a later part of the hub).
	"tOr": func(l *i18n.Localizer, id, fallback string) string {
		if t := l.T(id); t != id {
			return t
		}
		return fallback
	},
}
