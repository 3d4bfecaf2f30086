package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/platform/web/account"
	"github.com/ca-uncac/hub/platform/web/bilaterals"
	"github.com/ca-uncac/hub/platform/web/events"
	"github.com/ca-uncac/hub/platform/web/experts"
	"github.com/ca-uncac/hub/platform/web/home"
	"github.com/ca-uncac/hub/platform/web/library"
	"github.com/ca-uncac/hub/platform/web/roadmap"
)

// TestOpenAPIMatchesTheRouter checks that every API route of the hub's
// modules is documented and every documented operation is routed.
func TestOpenAPIMatchesTheRouter(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &web.Server{Bundle: bundle, Modules: []web.Module{&home.Module{}, &library.Module{}, &account.Module{}, &events.Module{}, &experts.Module{}, &roadmap.Module{}, &bilaterals.Module{}}}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:([a-zA-Z]+)`)
	var routed []string
	for _, r := range s.Routes() {
		if strings.HasPrefix(r.Path, "/api/") || r.Path == "/healthz" || r.Path == "/readyz" {
			routed = append(routed, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d", rec.Code)
	}
	b, err := io.ReadAll(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routed)
	sort.Strings(documented)
	for _, r := range routed {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routed, d) {
			t.Errorf("openapi.json documents %s, which is not routed", d)
		}
	}
	// Every $ref resolves.
	var whole map[string]any
	json.Unmarshal(b, &whole)
	for _, ref := range regexp.MustCompile(`"\$ref": "#/([^"]+)"`).FindAllStringSubmatch(string(b), -1) {
		var node any = whole
		for _, part := range strings.Split(ref[1], "/") {
			m, ok := node.(map[string]any)
			if !ok {
				node = nil
				break
			}
			node = m[part]
		}
		if node == nil {
			t.Errorf("unresolved $ref #/%s", ref[1])
		}
	}
}
