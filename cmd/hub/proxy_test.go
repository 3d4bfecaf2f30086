package main

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTwoHubsBehindNginx: Debian's nginx (which `make test` installs) in
// front of two hub processes sharing one MongoDB-protocol server, with the
// configuration the README gives (testdata/nginx-two-hubs.conf). A document
// written through the proxy is read and found by search through it, from
// both hubs, and each hub directly.
func TestTwoHubsBehindNginx(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		t.Fatalf("nginx is not installed: run `make nginx` (this test never skips): %v", err)
	}
	listen := freeAddr(t)
	base := "http://" + listen
	first := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_BASE_URL": base, "HUB_TRUSTED_PROXIES": "127.0.0.1"})
	uri, err := os.ReadFile(filepath.Join(first.DataDir, "db", "serving-uri"))
	if err != nil {
		t.Fatal(err)
	}
	second := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_MONGO_URI": string(uri), "HUB_BASE_URL": base, "HUB_TRUSTED_PROXIES": "127.0.0.1"})

	conf, err := os.ReadFile("testdata/nginx-two-hubs.conf")
	if err != nil {
		t.Fatal(err)
	}
	prefix := t.TempDir()
	text := strings.NewReplacer("LISTEN", listen, "HUB_A", strings.TrimPrefix(first.URL, "http://"),
		"HUB_B", strings.TrimPrefix(second.URL, "http://"), "PREFIX", prefix).Replace(string(conf))
	confFile := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confFile, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", prefix, "-c", confFile)
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		if c, err := net.DialTimeout("tcp", listen, time.Second); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on %s:\n%s", listen, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	token := addUser(t, map[string]string{"HUB_DATA_DIR": first.DataDir}, "--email", "a@b.example", "--name", "A", "--role", "secretariat")
	doc := `{"kind":"guideline","visibility":"public","translations":{"ru":{"title":"Методика антикоррупционной экспертизы проектов"}}}`
	status, body := do(t, "POST", base+"/api/v1/documents", token, strings.NewReader(doc))
	if status != 201 {
		t.Fatalf("create through the proxy: %d %s\n%s", status, body, logs.String())
	}
	var created struct{ ID string }
	json.Unmarshal(body, &created)
	// Through the proxy, the requests alternate between the hubs: several
	// reads reach both.
	for i := range 4 {
		if status, body := do(t, "GET", base+"/api/v1/documents/"+created.ID, "", nil); status != 200 {
			t.Fatalf("read %d through the proxy: %d %s", i, status, body)
		}
	}
	for _, h := range []string{first.URL, second.URL, base} {
		took := waitFound(t, h, "экспертизы", "ru", created.ID, 10*time.Second)
		t.Logf("found through %s after %s", h, took)
	}
	// Links the hubs write start with the public address, not a hub's own.
	status, robots := do(t, "GET", base+"/robots.txt", "", nil)
	if status != 200 || !strings.Contains(string(robots), "Sitemap: "+base+"/sitemap.xml") {
		t.Errorf("robots.txt through the proxy: %d %s", status, robots)
	}
}
