package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTheConfigurationIsLoggedWithoutSecrets(t *testing.T) {
	secrets := map[string]string{
		"HUB_FILES_SECRET":       "files-secret-0123456789",
		"HUB_S3_ACCESS_KEY":      "s3-access-key-value",
		"HUB_S3_SECRET_KEY":      "s3-secret-key-value",
		"HUB_SMTP_USER":          "mailer@ministry.example",
		"HUB_SMTP_PASSWORD":      "smtp-password-value",
		"HUB_OIDC_CLIENT_SECRET": "oidc-client-secret-value",
	}
	env := map[string]string{
		"HUB_MONGO_URI":   "mongodb://hubuser:mongo-password-value@db1.example:27017,db2.example:27017/uncachub?authSource=admin&authMechanismProperties=AWS_SESSION_TOKEN:session-token-value",
		"HUB_S3_ENDPOINT": "minio.example:9000", "HUB_SMTP_HOST": "smtp.example", "HUB_SMTP_FROM": "Hub <hub@example.org>",
		"HUB_OIDC_ISSUER": "https://id.example", "HUB_OIDC_CLIENT_ID": "uncac-hub", "HUB_LOG_FORMAT": "json",
	}
	for k, v := range secrets {
		env[k] = v
	}
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	newLogger(cfg.LogFormat, &out, slog.LevelInfo).Info("hub started", "config", cfg)
	var line struct{ Config map[string]any }
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	// Every variable shows, so that a new one cannot be forgotten here.
	for _, v := range configVars {
		if _, ok := line.Config[v.name]; !ok {
			t.Errorf("%s is not in the start-up line", v.name)
		}
	}
	for k, v := range secrets {
		if line.Config[k] != redacted {
			t.Errorf("%s logged as %v, want %s", k, line.Config[k], redacted)
		}
		if strings.Contains(out.String(), v) {
			t.Errorf("the value of %s is in the log", k)
		}
	}
	for _, s := range []string{"hubuser", "mongo-password-value", "session-token-value"} {
		if strings.Contains(out.String(), s) {
			t.Errorf("%q of HUB_MONGO_URI is in the log: %s", s, line.Config["HUB_MONGO_URI"])
		}
	}
	if uri, _ := line.Config["HUB_MONGO_URI"].(string); !strings.Contains(uri, "db1.example:27017,db2.example:27017/uncachub") {
		t.Errorf("HUB_MONGO_URI logged as %q, want its hosts and database", uri)
	}
	if line.Config["HUB_OIDC_CLIENT_ID"] != "uncac-hub" || line.Config["HUB_S3_ENDPOINT"] != "minio.example:9000" {
		t.Errorf("settings that are not secret should show: %v", line.Config)
	}
}

func TestTheLogOfAWholeSessionIsJSONWithoutSecrets(t *testing.T) {
	const (
		filesSecret = "files-secret-of-the-log-test"
		password    = "log test passphrase"
		email       = "log.tester@ministry.example"
		name        = "Гульнара Логова"
	)
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_LOG_FORMAT": "json", "HUB_FILES_SECRET": filesSecret})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	link, cliToken := inviteUser(t, env, "--email", email, "--name", name, "--role", "secretariat")
	invited := accept(t, h.URL, "en", link, password)

	// Sign in with the password in a fresh browser.
	b := newBrowserClient(t, h.URL, false)
	if res, body := b.do("POST", "/en/signin", url.Values{"email": {email}, "password": {password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d %s", res.StatusCode, body)
	}
	if res, body := b.do("GET", "/en/account", nil); res.StatusCode != 200 {
		t.Fatalf("account page: %d %s", res.StatusCode, body)
	}
	// An API token made with the session, then used.
	req, _ := http.NewRequest("POST", h.URL+"/api/v1/me/tokens", strings.NewReader(`{"name":"log test"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ Secret string }
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	if res.StatusCode != 201 || created.Secret == "" {
		t.Fatalf("token: %d", res.StatusCode)
	}
	token := created.Secret
	status, body := do(t, "GET", h.URL+"/api/v1/me", token, nil)
	var me struct{ ID string }
	if json.Unmarshal(body, &me); status != 200 || me.ID == "" {
		t.Fatalf("me: %d %s", status, body)
	}
	status, body = do(t, "POST", h.URL+"/api/v1/documents", token,
		strings.NewReader(`{"kind":"national_law","countries":["KZ"],"translations":{"ru":{"title":"Закон о журнале"}}}`))
	var doc struct{ ID string }
	if json.Unmarshal(body, &doc); status != 201 || doc.ID == "" {
		t.Fatalf("create: %d %s", status, body)
	}
	if status, body := upload(t, h.URL+"/api/v1/documents/"+doc.ID+"/attachments", token, "note.txt", []byte("Закон о журнале: текст."), "ru"); status != 201 {
		t.Fatalf("upload: %d %s", status, body)
	}
	atts := waitExtracted(t, h.URL, doc.ID, token)
	if status, _ := do(t, "GET", h.URL+"/api/v1/documents/"+doc.ID+"/attachments/"+atts[0].ID+"?download=1", token, nil); status != 200 {
		t.Fatalf("download: %d", status)
	}
	if res, _ := b.do("GET", "/ru/library/"+doc.ID+"?q=журнал", nil); res.StatusCode != 200 {
		t.Fatalf("document page: %d", res.StatusCode)
	}
	if status, _ := do(t, "GET", h.URL+"/api/v1/documents/"+doc.ID, "hub_not-a-real-token", nil); status != 401 {
		t.Fatalf("a bad token: %d", status)
	}
	secrets := map[string]string{
		"the password": password, "the token made by the command line": cliToken, "the token made with the session": token,
		"the invitation link": link, "the files secret": filesSecret, "the refused token": "hub_not-a-real-token",
		"the user's email": email, "the user's name": name, "a search word": "журнал",
	}
	for i, c := range []*browserClient{invited, b} {
		secrets[fmt.Sprintf("session cookie %d", i+1)] = c.cookie("hub_session").Value
	}
	h.stop(t)

	log := h.Log()
	for what, s := range secrets {
		if s == "" {
			t.Fatalf("%s is empty", what)
		}
		if strings.Contains(log, s) {
			t.Errorf("%s is in the log", what)
		}
	}
	// The token's secret part alone must not show either.
	if _, rest, ok := strings.Cut(token, "_"); ok && strings.Contains(log, rest) {
		t.Errorf("the token's secret part is in the log")
	}
	msgs := map[string]int{}
	routes := map[string]bool{}
	signedIn := 0
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("a line that is not JSON: %q", l)
		}
		msg, _ := m["msg"].(string)
		msgs[msg]++
		if msg != "request" {
			continue
		}
		id, _ := m["request"].(string)
		route, _ := m["route"].(string)
		if len(id) != 16 || m["method"] == nil || route == "" || strings.Contains(route, "?") || m["status"] == nil || m["ms"] == nil {
			t.Errorf("a request line without its fields: %s", l)
		}
		routes[route] = true
		if m["user"] != nil {
			if m["user"] != me.ID {
				t.Errorf("a request line with user %v, want %s: %s", m["user"], me.ID, l)
			}
			signedIn++
		}
	}
	for _, r := range []string{"/:lang/signin", "/api/v1/me/tokens", "/api/v1/documents", "/api/v1/documents/:id/attachments", "/api/v1/documents/:id/attachments/:attachmentId", "/:lang/library/:id"} {
		if !routes[r] {
			t.Errorf("no request line for %s; routes logged: %v", r, routes)
		}
	}
	if signedIn < 5 {
		t.Errorf("only %d request lines name the user", signedIn)
	}
	if msgs["hub started"] != 1 || msgs["hub stopped"] != 1 {
		t.Errorf("start and stop lines: %v", msgs)
	}
	var start struct {
		Version string
		Config  map[string]any
	}
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, `"msg":"hub started"`) {
			json.Unmarshal([]byte(l), &start)
		}
	}
	if start.Version != readBuildInfo().String() || start.Config["HUB_FILES_SECRET"] != redacted || start.Config["HUB_LOG_FORMAT"] != "json" {
		t.Errorf("start line: %+v", start)
	}
}
