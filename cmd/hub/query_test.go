package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
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

// pageParams are the query parameters each page reads; API routes document
// theirs in openapi.json. A GET page missing here fails the test below, so
// that a new page is swept too.
var pageParams = map[string][]string{
	"/:lang/":                                                    nil,
	"/:lang/events":                                              {"country", "area", "kind", "article", "from", "to", "upcoming", "page", "size"},
	"/:lang/events/new":                                          nil,
	"/:lang/events/calendar":                                     {"month", "country", "area", "kind", "article"},
	"/:lang/events/:id":                                          nil,
	"/:lang/events/:id/edit":                                     nil,
	"/:lang/events/:id/register":                                 nil,
	"/:lang/events/:id/registrations":                            {"status", "page", "size"},
	"/:lang/registrations":                                       nil,
	"/:lang/registrations/:rid":                                  {"token"},
	"/:lang/registrations/:rid/certificate.pdf":                  {"token", "script"},
	"/:lang/certificates/:code":                                  nil,
	"/:lang/events/statistics":                                   {"year", "country", "area"},
	"/:lang/events/statistics.csv":                               {"year", "country", "area"},
	"/:lang/events/statistics.xlsx":                              {"year", "country", "area"},
	"/:lang/events/:id/evaluation/edit":                          nil,
	"/:lang/events/:id/evaluation/results":                       nil,
	"/:lang/events/:id/bilaterals":                               {"done"},
	"/:lang/events/:id/bilaterals/delegations/:did":              {"done"},
	"/:lang/events/:id/bilaterals/delegations/:did/schedule.pdf": nil,
	"/:lang/events/:id/bilaterals/delegations/:did/schedule.ics": nil,
	"/:lang/registrations/:rid/evaluation/:phase":                {"token"},
	"/events.ics":                                                {"country", "area", "kind", "article", "from", "to", "upcoming", "lang"},
	"/:lang/experts":                                             {"area", "article", "country", "language", "level", "irm", "from", "to", "status", "page", "size"},
	"/:lang/experts/new":                                         nil,
	"/:lang/experts/me":                                          nil,
	"/:lang/experts/duplicates":                                  nil,
	"/:lang/experts/match":                                       {"event", "state", "cycle", "language", "limit"},
	"/:lang/experts/:id":                                         {"done"},
	"/:lang/experts/:id/edit":                                    nil,
	"/:lang/roadmap":                                             {"period"},
	"/:lang/roadmap/countries/:country":                          {"period", "done"},
	"/:lang/roadmap/countries/:country/feed.atom":                nil,
	"/:lang/roadmap/attention":                                   {"period"},
	"/:lang/roadmap/periods":                                     nil,
	"/:lang/roadmap/reassessment":                                {"period", "done"},
	"/:lang/roadmap/items/new":                                   {"parent", "country", "period", "priority"},
	"/:lang/roadmap/items/:id":                                   {"done"},
	"/:lang/roadmap/items/:id/edit":                              nil,
	"/:lang/roadmap/items/:id/files/:ref":                        nil,
	"/:lang/roadmap/recommendations":                             {"country", "source", "implementation", "article", "area", "duplicates", "commitment", "q", "page", "size"},
	"/:lang/roadmap/recommendations/new":                         nil,
	"/:lang/roadmap/recommendations/:id":                         {"done"},
	"/:lang/roadmap/recommendations/:id/edit":                    nil,
	"/:lang/roadmap/recommendations/export":                      {"format", "country"},
	"/:lang/roadmap/import":                                      nil,
	"/:lang/roadmap/import/jobs/:id":                             nil,
	"/:lang/roadmap/export":                                      {"format", "country", "period"},
	"/:lang/notifications":                                       {"page", "done"},
	"/:lang/library":                                             {"q", "type", "kind", "country", "area", "article", "status", "language", "year", "page", "size", "sort"},
	"/:lang/search":                                              {"q", "type", "page"},
	"/:lang/library/new":                                         nil,
	"/:lang/library/:id":                                         {"show", "uploaded"},
	"/:lang/library/:id/edit":                                    nil,
	"/:lang/library/:id/p/:key":                                  {"show"},
	"/:lang/library/:id/versions":                                {"from", "to"},
	"/:lang/library/:id/attachments/:attachmentId":               nil,
	"/:lang/uncac":                                               nil,
	"/:lang/uncac/:n":                                            nil,
	"/:lang/feed.atom":                                           {"country", "area"},
	"/:lang/signin":                                              {"next", "notice"},
	"/:lang/signin/oidc":                                         {"next"},
	"/:lang/signin/forgot":                                       nil,
	"/:lang/invitation/:secret":                                  nil,
	"/:lang/reset/:secret":                                       nil,
	"/:lang/account":                                             {"tab"},
	"/:lang/account/export":                                      nil,
	"/:lang/users":                                               {"q", "role", "country", "status", "page", "notice"},
	"/:lang/users/:id":                                           nil,
	"/:lang/users/:id/erase":                                     nil,
	"/:lang/audit":                                               {"user", "country", "kind", "action", "record", "from", "to", "offset", "limit"},
	"/":                                                          nil,
	"/healthz":                                                   nil,
	"/readyz":                                                    nil,
	"/api/openapi.json":                                          nil,
	"/static/*filepath":                                          nil,
	"/files/*key":                                                nil,
	"/robots.txt":                                                nil,
	"/sitemap.xml":                                               nil,
	"/sitemaps/:file":                                            nil,
	"/favicon.ico":                                               nil,
}

// TestBadTextInAnyQueryParameterIsRefused asks every GET route, page and
// API, with each parameter it reads (and one it does not) set to text no
// handler can use: a NUL byte, bytes that are not UTF-8, a control
// character, a malformed escape, a query string over the limit. Each is a
// 400 in the reader's language. A long but readable value is a parameter's
// own business (200 where it is free text, 400 where it is not), and never
// a 500.
func TestBadTextInAnyQueryParameterIsRefused(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	docID := createDoc(t, h.URL, token, `{"kind":"national_law","countries":["KZ"],"uncacArticles":[20],"translations":{"ru":{"title":"Закон"}},
		"provisions":[{"key":"art-1","number":"1","translations":{"ru":{"title":"Статья 1","body":"Текст"}}}]}`)
	status, out := upload(t, h.URL+"/api/v1/documents/"+docID+"/attachments", token, "law.txt", []byte("Статья 1."), "ru")
	var a attachmentJSON
	if status != 201 || json.Unmarshal(out, &a) != nil {
		t.Fatalf("upload: %d %s", status, out)
	}
	ev := createEvent(t, h.URL, token, openTrainingJSON(5, false))
	reg := register(t, h.URL, ev.ID, "", personJSON("Нурлан Абенов", "nurlan@example.kz", "KZ"), 201)
	expert := createExpert(t, h.URL, token, `{"nameLatin":"Aigerim Nurlanova","country":"KZ","articles":[20]}`)
	status, out = do(t, "GET", h.URL+"/api/v1/me", token, nil)
	var me struct{ ID string }
	if status != 200 || json.Unmarshal(out, &me) != nil || me.ID == "" {
		t.Fatalf("me: %d %s", status, out)
	}

	apiParams := documentedQueryParams(t)
	var routes []string
	for _, r := range hubRoutes(t) {
		if r.Method != http.MethodGet {
			continue
		}
		params, ok := apiParams[r.Path]
		if !strings.HasPrefix(r.Path, "/api/v1/") {
			params, ok = pageParams[r.Path]
		}
		if !ok {
			t.Errorf("GET %s: its query parameters are neither in openapi.json nor in pageParams", r.Path)
			continue
		}
		routes = append(routes, r.Path)
		apiParams[r.Path] = append(params, "zzz")
	}
	sort.Strings(routes)
	if len(routes) < 30 {
		t.Fatalf("only %d GET routes", len(routes))
	}
	fill := strings.NewReplacer(":lang", "ru", ":rid", reg.ID, ":attachmentId", a.ID, ":version", "1", ":key", "art-1", ":n", "20",
		":secret", "hl_nothing", ":code", "NOTACODE0000", ":phase", "pre", ":country", "KZ", ":ref", "0123456789abcdef01234567", ":did", "0123456789abcdef01234567", "*filepath", "style.css", "*key", "sha256/x")
	path := func(route string) string {
		id := docID
		switch {
		case strings.Contains(route, "/users/"):
			id = me.ID
		case strings.Contains(route, "/events/"):
			id = ev.ID
		case strings.Contains(route, "/experts/"):
			id = expert.ID
		}
		return fill.Replace(strings.ReplaceAll(route, ":id", id))
	}

	refused := []struct{ name, raw string }{
		{"a NUL byte", "%00"},
		{"a NUL byte inside text", "abc%00def"},
		{"a byte that is not UTF-8", "%ff"},
		{"an overlong UTF-8 encoding of /", "%c0%af"},
		{"a control character", "a%1bb"},
		{"a malformed escape", "50%zz"},
		{"a value over the length limit", strings.Repeat("%D0%B9", web.MaxQuery/6+1)},
	}
	readable := []struct{ name, raw string }{
		{"long readable text", strings.Repeat("a", 3000)},
		{"readable text just within the limit", strings.Repeat("a", web.MaxQuery-40)},
		{"long Cyrillic text", url.QueryEscape(strings.Repeat("коррупция ", 100))},
	}
	for _, route := range routes {
		t.Run(route, func(t *testing.T) {
			for _, param := range apiParams[route] {
				for _, v := range refused {
					u := h.URL + path(route) + "?" + url.QueryEscape(param) + "=" + v.raw
					status, body := do(t, "GET", u, token, nil, "Accept-Language", "ru")
					if status != http.StatusBadRequest || !strings.Contains(string(body), "адрес") && !strings.Contains(string(body), "Адрес") {
						t.Errorf("%s=%s: %d %.200s", param, v.name, status, body)
					}
				}
				for _, v := range readable {
					u := h.URL + path(route) + "?" + url.QueryEscape(param) + "=" + v.raw
					if status, body := do(t, "GET", u, token, nil, "Accept-Language", "ru"); status >= 500 {
						t.Errorf("%s=%s: %d %.200s", param, v.name, status, body)
					}
				}
			}
			// A bad name is refused as a bad value is.
			if status, body := do(t, "GET", h.URL+path(route)+"?%ff=1", token, nil, "Accept-Language", "ru"); status != http.StatusBadRequest {
				t.Errorf("a name that is not UTF-8: %d %.200s", status, body)
			}
		})
	}
}

// hubRoutes lists the routes of the web layer with every module of the hub.
func hubRoutes(t *testing.T) []struct{ Method, Path string } {
	t.Helper()
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &web.Server{Bundle: bundle, Files: http.NotFoundHandler(), Modules: []web.Module{&home.Module{}, &library.Module{}, &account.Module{}, &events.Module{}, &experts.Module{}, &roadmap.Module{}, &bilaterals.Module{}}}
	if _, err := s.Handler(); err != nil {
		t.Fatal(err)
	}
	var out []struct{ Method, Path string }
	for _, r := range s.Routes() {
		out = append(out, struct{ Method, Path string }{r.Method, r.Path})
	}
	return out
}

// documentedQueryParams reads the query parameters of each GET operation of
// openapi.json, by gin's form of its path.
func documentedQueryParams(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile("../../platform/web/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	type param struct {
		Ref  string `json:"$ref"`
		Name string `json:"name"`
		In   string `json:"in"`
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]param `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	braces := regexp.MustCompile(`\{([a-zA-Z]+)\}`)
	out := map[string][]string{}
	for p, ops := range doc.Paths {
		raw, ok := ops["get"]
		if !ok {
			continue
		}
		var op struct{ Parameters []param }
		if err := json.Unmarshal(raw, &op); err != nil {
			t.Fatal(err)
		}
		names := []string{}
		for _, prm := range op.Parameters {
			if prm.Ref != "" {
				prm = doc.Components.Parameters[strings.TrimPrefix(prm.Ref, "#/components/parameters/")]
			}
			if prm.In == "query" {
				names = append(names, prm.Name)
			}
		}
		out[braces.ReplaceAllString(p, ":$1")] = names
	}
	return out
}
