package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/platform/web/account"
	"github.com/ca-uncac/hub/platform/web/home"
	"github.com/ca-uncac/hub/platform/web/library"
)

// hubServer is the web layer with every module of the hub registered and no
// services: enough for what is answered before a service is asked.
func hubServer(t *testing.T, sec web.Security) (*web.Server, http.Handler) {
	t.Helper()
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &web.Server{Bundle: bundle, Security: sec, Modules: []web.Module{&home.Module{}, &library.Module{}, &account.Module{}}}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return s, h
}

// TestRedirectsCarryTheSecurityHeaders asks for each kind of redirect the
// hub answers: gin's own trailing-slash redirects (which no middleware
// sees), the language redirect and a handler's redirect to sign in.
func TestRedirectsCarryTheSecurityHeaders(t *testing.T) {
	_, h := hubServer(t, web.Security{BaseURL: "https://hub.example.org"})
	tests := []struct {
		name, method, path string
		status             int
	}{
		{"a page with a trailing slash", "GET", "/en/library/", http.StatusMovedPermanently},
		{"an API route with a trailing slash", "GET", "/api/v1/documents/", http.StatusMovedPermanently},
		{"a form's address with a trailing slash", "POST", "/en/library/new/", http.StatusTemporaryRedirect},
		{"the language redirect", "GET", "/", http.StatusFound},
		{"a page that sends an anonymous visitor to sign in", "GET", "/en/account", http.StatusSeeOther},
		{"a page that does not exist", "GET", "/en/no-such-page", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Strict-Transport-Security"} {
				if rec.Header().Get(name) == "" {
					t.Errorf("no %s (headers %v)", name, rec.Header())
				}
			}
		})
	}
}
