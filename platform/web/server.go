// Package web serves the hub over HTTP with gin: server-rendered pages under
// /{lang}/ and a JSON API under /api/v1. It speaks to the domain only through
// the platform services; it is the one place that maps error codes to HTTP
// statuses.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

//go:embed templates/*.html static/* openapi.json
var assets embed.FS

// Server holds what the web layer needs. Fields are set once before Handler.
type Server struct {
	Documents platform.DocumentService
	Events    platform.EventService
	Users     platform.UserService
	Accounts  platform.AccountService
	Audit     platform.AuditService
	Search    platform.SearchService
	Bundle    *i18n.Bundle
	// Checks are the readiness checks shown by /readyz, by part name.
	Checks map[string]func(context.Context) error
	// Files, when set, serves signed object URLs under /files/.
	Files http.Handler
	// MaxBody is the largest JSON request body accepted, in bytes.
	MaxBody int64
	// Attachments keeps documents' files; MaxUpload is the largest file
	// accepted (default DefaultMaxUpload) and TempDir where uploads wait
	// while they are checked (default the system's).
	Attachments platform.AttachmentService
	MaxUpload   int64
	TempDir     string
	// ArticleSections add parts to the UNCAC article pages.
	ArticleSections []ArticleSection
	Logger          *slog.Logger
	// Now returns the current time (for "upcoming events"); default time.Now.
	Now func() time.Time
	// Security configures sessions, cross-origin checks, proxies, mail and
	// single sign-on (see auth.go).
	Security Security
	// SearchSlots is how many searches run at once (default two per
	// processor); SearchQueueWait how long a search waits for its turn
	// (default 10 s). See searchWithin.
	SearchSlots     int
	SearchQueueWait time.Duration

	searchSlots chan struct{}
	pages       *pageSet
	oidc        *oidcClient
}

// Handler builds the HTTP handler. Every GET route answers HEAD too
// (head.go).
func (s *Server) Handler() (http.Handler, error) {
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.SearchSlots <= 0 {
		s.SearchSlots = searchesPerCore * runtime.GOMAXPROCS(0)
	}
	s.searchSlots = make(chan struct{}, s.SearchSlots)
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
	r.Use(restoreHEAD, s.recover, s.securityHeaders, s.crossOrigin(), s.identify)
	static, _ := fs.Sub(assets, "static")
	r.StaticFS("/static", noListing{http.FS(static)})
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

	api := r.Group("/api/v1", s.apiLanguage)
	api.GET("/documents", s.listDocuments)
	api.POST("/documents", s.createDocument)
	api.GET("/documents/:id", s.getDocument)
	api.PUT("/documents/:id", s.updateDocument)
	api.DELETE("/documents/:id", s.deleteDocument)
	s.importRoutes(api)
	api.GET("/events", s.listEvents)
	api.GET("/search", s.search)
	api.GET("/suggest", s.suggest)

	r.GET("/", s.rootRedirect)
	pagesGroup := r.Group("/:lang", s.pageLanguage)
	pagesGroup.GET("/", s.home)
	pagesGroup.GET("/events", s.eventsPage)
	pagesGroup.GET("/experts", s.simplePage("experts"))
	pagesGroup.GET("/roadmap", s.simplePage("roadmap"))
	if err := s.accountRoutes(r); err != nil {
		return nil, err
	}
	if err := s.libraryRoutes(api, pagesGroup); err != nil {
		return nil, err
	}
	r.NoRoute(s.NotFound)
	r.NoMethod(func(c *gin.Context) {
		s.WriteError(c, platform.Localized(codeMethod, "error.method", nil, "method %s not allowed", c.Request.Method))
	})
	return headRouter{r}, nil
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
	c.JSON(status, gin.H{"ready": status == http.StatusOK, "parts": parts})
}

func (s *Server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.Logger.Error("panic serving request", "path", c.Request.URL.Path, "panic", v)
			c.Abort()
			s.WriteError(c, platform.Errorf(platform.Internal, "panic"))
		}
	}()
	c.Next()
}

// securityHeaders sets headers every response carries. Pages use no inline
// script, so the policy forbids it. HSTS goes with TLS or an https base URL.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	h.Set("X-Frame-Options", "DENY")
	if s.Secure(c) {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	c.Next()
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
