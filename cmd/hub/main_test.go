package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// hub is a hub serving in this test process.
type hub struct {
	URL     string
	DataDir string
	cancel  context.CancelFunc
	done    chan error
	logs    *bytes.Buffer
	logMu   *sync.Mutex
}

// Log is what the hub has logged so far.
func (h *hub) Log() string {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	return h.logs.String()
}

// startHub runs the real program on a free port with env on top of a fresh
// data folder, and stops it at the end of the test.
func startHub(t *testing.T, env map[string]string) *hub {
	t.Helper()
	data := env["HUB_DATA_DIR"]
	if data == "" {
		data = t.TempDir()
	}
	getenv := func(k string) string {
		switch k {
		case "HUB_DATA_DIR":
			return data
		case "HUB_ADDR":
			if v, ok := env[k]; ok {
				return v
			}
			return "127.0.0.1:0"
		}
		return env[k]
	}
	cfg, err := LoadConfig(getenv)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	var mu sync.Mutex
	h := &hub{DataDir: data, cancel: cancel, done: make(chan error, 1), logs: &logs, logMu: &mu}
	addr := make(chan string, 1)
	go func() {
		h.done <- serve(ctx, cfg, io.Discard, &lockedWriter{w: &logs, mu: &mu}, func(a string) { addr <- a })
	}()
	select {
	case a := <-addr:
		h.URL = "http://" + a
	case err := <-h.done:
		t.Fatalf("hub did not start: %v\n%s", err, h.Log())
	case <-time.After(60 * time.Second):
		t.Fatal("hub did not start within 60s")
	}
	t.Cleanup(func() { h.stop(t) })
	// The hub listens before the demo content and the index are ready.
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(h.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("hub not ready within 60s\n%s", h.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return h
}

func (h *hub) stop(t *testing.T) {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("hub stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("hub did not stop within 30s")
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// do sends a request and returns the status and body.
func do(t *testing.T, method, url, token string, body io.Reader, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// addUser runs `hub users add` against the hub's data and returns the token.
func addUser(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"users", "add", "--token"}, args...), func(k string) string { return env[k] }, &out, &errb)
	if err != nil {
		t.Fatalf("users add: %v\n%s", err, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return lines[len(lines)-1]
}

// waitFound polls search until q finds id or the deadline passes, and
// returns how long it took.
func waitFound(t *testing.T, base, q, lang, id string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		status, body := do(t, "GET", base+"/api/v1/search?q="+q+"&lang="+lang, "", nil)
		if status == 200 && strings.Contains(string(body), `"id":"`+id+`"`) {
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("search for %q did not find %s within %s (last answer %d %s)", q, id, within, status, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestConfigRejectsBadValuesNamingTheVariable(t *testing.T) {
	tests := []struct {
		name, key, value string
	}{
		{"a port without a colon", "HUB_ADDR", "8080"},
		{"a non-mongodb URI", "HUB_MONGO_URI", "postgres://x"},
		{"a body limit that is not a number", "HUB_MAX_BODY", "lots"},
		{"a negative timeout", "HUB_START_TIMEOUT", "-5s"},
		{"an unknown log level", "HUB_LOG_LEVEL", "loud"},
		{"an unknown log format", "HUB_LOG_FORMAT", "xml"},
		{"a log format in capitals", "HUB_LOG_FORMAT", "JSON"},
		{"a yes that is not a boolean", "HUB_DEMO", "yes please"},
		{"an endpoint with a scheme", "HUB_S3_ENDPOINT", "http://minio:9000"},
		{"a short files secret", "HUB_FILES_SECRET", "short"},
		{"an extraction timeout without a unit", "HUB_EXTRACT_TIMEOUT", "60"},
		{"an extraction timeout under a second", "HUB_EXTRACT_TIMEOUT", "10ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(func(k string) string {
				if k == tt.key {
					return tt.value
				}
				return ""
			})
			if err == nil || !strings.Contains(err.Error(), tt.key) {
				t.Fatalf("error %v does not name %s", err, tt.key)
			}
		})
	}
	cfg, err := LoadConfig(func(string) string { return "" })
	if err != nil || cfg.Addr != ":8080" || cfg.DataDir != "./hub-data" || cfg.BaseURL != "http://localhost:8080" || !cfg.Demo || cfg.ExtractTimeout != time.Minute || cfg.LogFormat != LogText {
		t.Fatalf("defaults: %v %+v", err, cfg)
	}
}

func TestUnreachableExternalServersFailStartQuickly(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"MongoDB", map[string]string{"HUB_MONGO_URI": "mongodb://127.0.0.1:1/?connectTimeoutMS=500", "HUB_START_TIMEOUT": "3s"}, "HUB_MONGO_URI"},
		{"S3", map[string]string{"HUB_S3_ENDPOINT": "127.0.0.1:1", "HUB_S3_ACCESS_KEY": "k", "HUB_S3_SECRET_KEY": "secretsecret", "HUB_START_TIMEOUT": "3s"}, "HUB_S3_ENDPOINT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"HUB_DATA_DIR": t.TempDir(), "HUB_ADDR": "127.0.0.1:0"}
			for k, v := range tt.env {
				env[k] = v
			}
			start := time.Now()
			err := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error naming %s, got %v", tt.want, err)
			}
			if took := time.Since(start); took > 15*time.Second {
				t.Fatalf("start-up took %s to fail", took)
			}
		})
	}
}

func TestTheHubServesItsPagesInEveryLanguage(t *testing.T) {
	h := startHub(t, nil)
	want := map[string]string{
		"en": "Library", "ru": "Библиотека", "kk": "Кітапхана", "ky": "Китепкана", "tg": "Китобхона", "tk": "Kitaphana", "uz": "Kutubxona",
	}
	for lang, word := range want {
		status, body := do(t, "GET", h.URL+"/"+lang+"/", "", nil)
		if status != 200 || !strings.Contains(string(body), `<html lang="`+lang+`"`) {
			t.Errorf("/%s/: %d, no lang attribute", lang, status)
		}
		if !strings.Contains(string(body), word) {
			t.Errorf("/%s/ lacks %q", lang, word)
		}
		if !strings.Contains(string(body), "Tashkent") && !strings.Contains(string(body), "Ташкент") && !strings.Contains(string(body), "Toshkent") &&
			!strings.Contains(string(body), "Тошканд") && !strings.Contains(string(body), "Daşkent") {
			t.Errorf("/%s/ does not show the founding meeting's city", lang)
		}
	}
	// An untranslated message shows as its id: none may appear on any page.
	messageID := regexp.MustCompile(`\b(site|nav|home|area|country|kind|visibility|search|library|events|experts|roadmap|document|uncac|event|event_kind|event_status|footer|error)\.[A-Za-z_]+\b`)
	_, body := do(t, "GET", h.URL+"/api/v1/documents?limit=1&kind=national_law", "", nil)
	var list struct{ Documents []struct{ ID string } }
	json.Unmarshal(body, &list)
	if len(list.Documents) == 0 {
		t.Fatal("the demo content has no national law")
	}
	_, body = do(t, "GET", h.URL+"/api/v1/events?kind=conference&size=1", "", nil)
	var events struct{ Events []struct{ ID string } }
	json.Unmarshal(body, &events)
	if len(events.Events) == 0 {
		t.Fatal("the demo content has no conference")
	}
	_, body = do(t, "GET", h.URL+"/api/v1/experts?size=1", "", nil)
	var pool struct{ Experts []struct{ ID string } }
	json.Unmarshal(body, &pool)
	if len(pool.Experts) == 0 {
		t.Fatal("the demo content has no public expert")
	}
	for lang := range want {
		for _, path := range []string{"/", "/library", "/events", "/experts", "/roadmap", "/library?q=коррупция", "/library?q=korrupsiya&country=UZ",
			"/library/" + list.Documents[0].ID, "/events/" + events.Events[0].ID, "/experts/" + pool.Experts[0].ID, "/no-such-page"} {
			status, body := do(t, "GET", h.URL+"/"+lang+path, "", nil)
			// The events' calendar feed is an address, not a message.
			body = bytes.ReplaceAll(body, []byte("/events.ics"), nil)
			if status != 200 && path != "/no-such-page" || path == "/no-such-page" && status != 404 {
				t.Errorf("/%s%s: %d", lang, path, status)
			}
			if m := messageID.Find(body); m != nil {
				t.Errorf("/%s%s shows the untranslated message id %q", lang, path, m)
			}
		}
	}
	if status, body := do(t, "GET", h.URL+"/xx/", "", nil); status != 404 || !strings.Contains(string(body), "<html") {
		t.Errorf("/xx/: %d", status)
	}
	req, _ := http.NewRequest("GET", h.URL+"/", nil)
	req.Header.Set("Accept-Language", "ru-RU,ru;q=0.9")
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/ru/" {
		t.Errorf("/ with Accept-Language ru redirects to %q", loc)
	}
	for _, p := range []string{"/healthz", "/readyz", "/api/openapi.json"} {
		if status, body := do(t, "GET", h.URL+p, "", nil); status != 200 {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
}

func TestDocumentsThroughTheAPI(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_MAX_BODY": "4096"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kzToken := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")

	doc := `{"kind":"national_law","countries":["KG"],"areas":["prevention"],"uncacArticles":[20],"visibility":"public",
	  "translations":{"ky":{"title":"Мыйзамсыз баюу жөнүндө","summary":"Кыргыз Республикасынын мыйзамы"},"en":{"title":"Illicit enrichment act"}}}`
	status, body := do(t, "POST", h.URL+"/api/v1/documents", token, strings.NewReader(doc))
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct{ ID string }
	json.Unmarshal(body, &created)
	if created.ID == "" {
		t.Fatalf("no id in %s", body)
	}
	if took := waitFound(t, h.URL, "enrichment", "en", created.ID, time.Second); took > time.Second {
		t.Errorf("found after %s", took)
	}

	bad := []struct {
		name, method, path, token, body, lang string
		status                                int
		message                               string
	}{
		{"malformed JSON in Russian", "POST", "/api/v1/documents", token, `{"kind":`, "ru", 400, "JSON"},
		{"an unknown field", "POST", "/api/v1/documents", token, `{"kind":"national_law","colour":"red"}`, "en", 400, "colour"},
		{"a wrong type", "POST", "/api/v1/documents", token, `{"kind":"national_law","uncacArticles":"twenty"}`, "en", 400, "uncacArticles"},
		{"an article that does not exist", "POST", "/api/v1/documents", token, `{"kind":"national_law","uncacArticles":[99],"translations":{"en":{"title":"x"}}}`, "en", 400, "99"},
		{"a body over the limit", "POST", "/api/v1/documents", token, `{"kind":"national_law","translations":{"en":{"title":"` + strings.Repeat("x", 5000) + `"}}}`, "en", 413, ""},
		{"no token", "POST", "/api/v1/documents", "", doc, "en", 401, ""},
		{"a bad token", "POST", "/api/v1/documents", "hub_nonsense", doc, "en", 401, ""},
		{"another country's focal point", "PUT", "/api/v1/documents/" + created.ID, kzToken, doc, "en", 403, ""},
		{"an unknown id", "GET", "/api/v1/documents/0123456789abcdef01234567", "", "", "en", 404, ""},
		{"a malformed id", "GET", "/api/v1/documents/../../etc", "", "", "en", 404, ""},
		{"a query that is too long", "GET", "/api/v1/search?q=" + strings.Repeat("a", 1200), "", "", "en", 400, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var rb io.Reader
			if tt.body != "" {
				rb = strings.NewReader(tt.body)
			}
			sep := "?"
			if strings.Contains(tt.path, "?") {
				sep = "&"
			}
			status, body := do(t, tt.method, h.URL+tt.path+sep+"lang="+tt.lang, tt.token, rb)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error.Message == "" {
				t.Fatalf("no error message in %s", body)
			}
			if !strings.Contains(e.Error.Message, tt.message) {
				t.Fatalf("message %q lacks %q", e.Error.Message, tt.message)
			}
		})
	}
	// Nothing half-written: the document is as created, and only it exists.
	status, body = do(t, "GET", h.URL+"/api/v1/documents", "", nil)
	var list struct {
		Total     int
		Documents []struct {
			ID      string
			Version int
		}
	}
	json.Unmarshal(body, &list)
	if status != 200 || list.Total != 1 || list.Documents[0].Version != 1 {
		t.Fatalf("after bad requests: %d %s", status, body)
	}
	// The Russian message is in Russian.
	_, body = do(t, "POST", h.URL+"/api/v1/documents?lang=ru", token, strings.NewReader(`{"kind":`))
	if !strings.ContainsAny(string(body), "абвгдежзиклмнопрстуфхцчшщыэюя") {
		t.Errorf("message not in Russian: %s", body)
	}

	upd := strings.Replace(doc, "Illicit enrichment act", "Unexplained wealth act", 1)
	if status, body := do(t, "PUT", h.URL+"/api/v1/documents/"+created.ID, token, strings.NewReader(upd)); status != 200 {
		t.Fatalf("update: %d %s", status, body)
	}
	waitFound(t, h.URL, "unexplained", "en", created.ID, time.Second)
	if status, _ := do(t, "DELETE", h.URL+"/api/v1/documents/"+created.ID, token, nil); status != 204 {
		t.Fatalf("delete: %d", status)
	}
	if status, _ := do(t, "GET", h.URL+"/api/v1/documents/"+created.ID, "", nil); status != 404 {
		t.Fatalf("deleted document still there: %d", status)
	}
}

func TestTwoHubsShareOneDatabase(t *testing.T) {
	first := startHub(t, map[string]string{"HUB_DEMO": "false"})
	uri, err := os.ReadFile(filepath.Join(first.DataDir, "db", "serving-uri"))
	if err != nil {
		t.Fatal(err)
	}
	second := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_MONGO_URI": string(uri)})
	token := addUser(t, map[string]string{"HUB_DATA_DIR": first.DataDir}, "--email", "a@b.example", "--name", "A", "--role", "secretariat")
	doc := `{"kind":"guideline","translations":{"ru":{"title":"Методика антикоррупционной экспертизы"}}}`
	status, body := do(t, "POST", first.URL+"/api/v1/documents", token, strings.NewReader(doc))
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct{ ID string }
	json.Unmarshal(body, &created)
	took := waitFound(t, second.URL, "экспертизы", "ru", created.ID, 2*time.Second)
	t.Logf("found on the second hub after %s", took)
}
