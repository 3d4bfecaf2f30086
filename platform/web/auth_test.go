package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/i18n"
)

// bareServer is a Server without services: enough for the middlewares that
// run before any service is asked.
func bareServer(t *testing.T, sec Security) http.Handler {
	t.Helper()
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Bundle: bundle, Security: sec}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestSecurityHeaders(t *testing.T) {
	tests := []struct {
		name string
		sec  Security
		tls  bool
		hsts bool
	}{
		{"plain http on a local address: no HSTS", Security{BaseURL: "http://localhost:8080"}, false, false},
		{"served over TLS: HSTS", Security{BaseURL: "http://localhost:8080"}, true, true},
		{"behind a TLS proxy (https base URL): HSTS", Security{BaseURL: "https://hub.example.org"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/healthz", nil)
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			rec := httptest.NewRecorder()
			bareServer(t, tt.sec).ServeHTTP(rec, req)
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("CSP %q", csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
				t.Errorf("headers %v", h)
			}
			if got := h.Get("Strict-Transport-Security") != ""; got != tt.hsts {
				t.Errorf("HSTS %v, want %v", got, tt.hsts)
			}
		})
	}
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	h := bareServer(t, Security{BaseURL: "https://hub.example.org"})
	tests := []struct {
		name    string
		method  string
		path    string
		headers map[string]string
		refused bool
	}{
		{"a cross-site form post", "POST", "/en/signin", map[string]string{"Sec-Fetch-Site": "cross-site"}, true},
		{"a same-site but cross-origin post", "POST", "/ru/signout", map[string]string{"Sec-Fetch-Site": "same-site"}, true},
		{"an old browser's post from another origin", "POST", "/en/account/tokens", map[string]string{"Origin": "https://evil.example"}, true},
		{"a cross-site API delete", "DELETE", "/api/v1/documents/0123456789abcdef01234567", map[string]string{"Sec-Fetch-Site": "cross-site"}, true},
		{"a cross-site GET is a link, not a change", "GET", "/en/signin", map[string]string{"Sec-Fetch-Site": "cross-site"}, false},
		{"a same-origin post", "POST", "/en/signin", map[string]string{"Sec-Fetch-Site": "same-origin"}, false},
		{"a post from the public address behind a proxy", "POST", "/en/signin", map[string]string{"Origin": "https://hub.example.org"}, false},
		{"a program without browser headers", "POST", "/api/v1/documents", map[string]string{"Authorization": "Bearer hub_x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader("email=a%40b.org&password=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			func() {
				// Requests that pass the check reach handlers whose services
				// this bare server lacks; only the refusal matters here.
				defer func() { _ = recover() }()
				h.ServeHTTP(rec, req)
			}()
			if refused := rec.Code == http.StatusForbidden; refused != tt.refused {
				t.Fatalf("status %d, refused %v, want %v", rec.Code, refused, tt.refused)
			}
			if tt.refused && strings.HasPrefix(tt.path, "/ru/") && !strings.Contains(rec.Body.String(), "другого сайта") {
				t.Errorf("refusal not in Russian: %s", rec.Body.String())
			}
		})
	}
}
