// Package web is the core of the hub's web layer, on gin: the server and
// its middlewares (languages, who is asking, security headers, cross-origin
// checks, HEAD), error answers (the one table from error codes to HTTP
// statuses), page rendering with the common layout, and typed accessors for
// what the middlewares learn about a request (Lang, IsPage, Session, User).
// The capabilities (library, accounts; events, experts and roadmap to come)
// are Modules in packages of their own, which cmd/hub hands to the Server:
// each adds its routes and pages and speaks to the domain only through the
// platform services.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

//go:embed templates/*.html static/* openapi.json
var assets embed.FS

// Server holds what the web core needs. Fields are set once before Handler.
type Server struct {
	// Bundle translates messages into the reader's language.
	Bundle *i18n.Bundle
	// Users and Accounts tell who is asking: the user of a bearer token,
	// of a session cookie.
	Users    platform.UserService
	Accounts platform.AccountService
	// Checks are the readiness checks shown by /readyz, by part name.
	Checks map[string]func(context.Context) error
	// Version is the build's version, shown by /readyz (default "devel").
	Version string
	// Files, when set, serves signed object URLs under /files/.
	Files http.Handler
	// MaxBody is the largest JSON request body accepted, in bytes.
	MaxBody int64
	// Logger receives a line for every request (requestlog.go) and what
	// goes wrong (default: nowhere).
	Logger *slog.Logger
	// Metrics, when set, counts every request by route and status, with
	// its latency (metrics.go).
	Metrics *HTTPMetrics
	// Now returns the current time; default time.Now.
	Now func() time.Time
	// Security configures sessions, cross-origin checks and proxies (see
	// auth.go).
	Security Security
	// Modules add the capabilities' routes and pages, in this order.
	Modules []Module
	// Unread, when set, counts the signed-in reader's unread
	// notifications for the menu of every page (it must be cheap: it runs
	// for each page a signed-in reader opens).
	Unread func(ctx context.Context) int

	pages  *pageSet
	engine *gin.Engine
	// sitemaps are the modules' lists of public pages (sitemap.go).
	sitemaps []SitemapSource
	sitemap  sitemapCache
}

// Handler builds the HTTP handler: the core's routes and middlewares, then
// each module's routes. Every GET route answers HEAD too (head.go).
func (s *Server) Handler() (http.Handler, error) {
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Version == "" {
		s.Version = "devel"
	}
	if s.MaxBody <= 0 {
		s.MaxBody = 1 << 20
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Only the proxies named in Security are believed about client addresses.
	if err := r.SetTrustedProxies(s.Security.TrustedProxies); err != nil {
		return nil, err
	}
	// The security headers are set before gin routes the request (below),
	// so that what gin answers by itself, the trailing-slash redirects
	// above all, carries them too.
	r.Use(noteRequest, restoreHEAD, s.recover, s.checkQuery, s.crossOrigin(), s.identify)
	r.GET("/static/*filepath", staticFiles())
	r.GET("/robots.txt", s.robots)
	r.GET("/sitemap.xml", s.sitemapIndex)
	r.GET("/sitemaps/:file", s.sitemapFile)
	r.GET("/favicon.ico", favicon)
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.readyz)
	r.GET("/api/openapi.json", func(c *gin.Context) {
		b, _ := assets.ReadFile("openapi.json")
		c.Data(http.StatusOK, "application/json", b)
	})
	if s.Files != nil {
		// The file store checks the signature over the whole path itself
		// (and answers HEAD: see head.go).
		r.GET("/files/*key", gin.WrapH(s.Files))
	}
	r.GET("/", s.rootRedirect)
	router := &Router{Root: &r.RouterGroup, Pages: r.Group("/:lang", s.pageLanguage), API: r.Group("/api/v1", s.apiLanguage), s: s}
	for _, m := range s.Modules {
		if err := m.Register(router); err != nil {
			return nil, err
		}
	}
	r.NoRoute(s.NotFound)
	r.NoMethod(func(c *gin.Context) {
		s.WriteError(c, platform.Localized(codeMethod, "error.method", nil, "method %s not allowed", c.Request.Method))
	})
	s.engine = r
	zipped, err := compress(r)
	if err != nil {
		return nil, err
	}
	h := headRouter{zipped}
	return s.logRequests(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.securityHeaders(w.Header(), req)
		h.ServeHTTP(w, req)
	})), nil
}

// Routes lists the routes of the handler Handler built (nil before).
func (s *Server) Routes() gin.RoutesInfo {
	if s.engine == nil {
		return nil
	}
	return s.engine.Routes()
}

func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
	defer cancel()
	status, parts := http.StatusOK, gin.H{}
	for name, check := range s.Checks {
		if err := check(ctx); err != nil {
			s.Logger.Warn("not ready", "part", name, "err", err)
			parts[name] = "failing: " + err.Error()
			status = http.StatusServiceUnavailable
		} else {
			parts[name] = "ok"
		}
	}
	c.JSON(status, gin.H{"ready": status == http.StatusOK, "version": s.Version, "parts": parts})
}

func (s *Server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.Logger.Error("panic serving request", append(requestAttrs(c), "panic", v)...)
			c.Abort()
			s.WriteError(c, platform.Errorf(platform.Internal, "panic"))
		}
	}()
	c.Next()
}

// securityHeaders sets headers every response carries, redirects and
// errors included; a handler may tighten them (a download's sandbox). Pages
// use no inline script, so the policy forbids it. HSTS goes with TLS or an
// https base URL.
func (s *Server) securityHeaders(h http.Header, r *http.Request) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	h.Set("X-Frame-Options", "DENY")
	if r.TLS != nil || s.Security.https() {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}

// noListing serves files but no directory listings.
type noListing struct{ fs http.FileSystem }

// Open implements http.FileSystem; directories do not exist for it.
func (n noListing) Open(name string) (http.File, error) {
	f, err := n.fs.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.IsDir() {
		f.Close()
		return nil, fs.ErrNotExist
	}
	return f, nil
}
