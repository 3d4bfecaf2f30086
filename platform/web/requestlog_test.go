package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
)

func TestEveryRequestIsLoggedByItsRouteWithItsID(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s := &Server{Bundle: bundle, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	s.engine.GET("/items/:id", func(c *gin.Context) { c.String(http.StatusOK, "item") })
	s.engine.GET("/boom/:id", func(c *gin.Context) { panic("boom") })
	tests := []struct {
		name, method, path string
		status             int
		route              string
	}{
		{"a probe", "GET", "/healthz", 200, "/healthz"},
		{"an id and a query are not logged, the pattern is", "GET", "/items/personal-id?q=private+words", 200, "/items/:id"},
		{"HEAD is logged as HEAD", "HEAD", "/healthz", 200, "/healthz"},
		{"a path with no route", "GET", "/nowhere/private-path", 404, "none"},
		{"a panic is a 500 with its route", "GET", "/boom/personal-id", 500, "/boom/:id"},
		{"gin's own trailing-slash redirect", "GET", "/healthz/", 301, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			id := rec.Header().Get(RequestIDHeader)
			if rec.Code != tt.status || len(id) != 16 {
				t.Fatalf("%d, X-Request-Id %q", rec.Code, id)
			}
			var line map[string]any
			for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatalf("not JSON: %q", l)
				}
				if m["request"] != id {
					t.Errorf("a line without the request's id: %s", l)
				}
				if m["msg"] == "request" {
					line = m
				}
			}
			if line == nil {
				t.Fatalf("no request line in %s", logs.String())
			}
			if line["method"] != tt.method || line["route"] != tt.route || line["status"] != float64(tt.status) || line["ms"] == nil {
				t.Fatalf("request line %v", line)
			}
			if _, ok := line["user"]; ok {
				t.Fatalf("an anonymous request logged a user: %v", line)
			}
			if strings.Contains(logs.String(), "personal") || strings.Contains(logs.String(), "private") {
				t.Fatalf("the path or query reached the log: %s", logs.String())
			}
		})
	}
}
