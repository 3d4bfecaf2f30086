package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/mongo"
)

// waitStatus polls url until it answers want or the deadline passes.
func waitStatus(t *testing.T, url string, want int, within time.Duration) []byte {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		status, body := do(t, "GET", url, "", nil)
		if status == want {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s answered %d, want %d within %s: %s", url, status, want, within, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestTheHubSurvivesTheDatabaseGoingAway(t *testing.T) {
	dbDir := t.TempDir()
	e, err := mongo.StartEmbedded(context.Background(), dbDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(e.URI)
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_MONGO_URI": e.URI + "?serverSelectionTimeoutMS=2000"})
	token := addUser(t, map[string]string{"HUB_MONGO_URI": e.URI}, "--email", "s@example.org", "--name", "S", "--role", "secretariat")
	doc := `{"kind":"strategy","translations":{"en":{"title":"National anti-corruption strategy"}}}`

	start := time.Now()
	e.Stop()
	body := waitStatus(t, h.URL+"/readyz", 503, 10*time.Second)
	var r struct{ Parts map[string]string }
	json.Unmarshal(body, &r)
	if !strings.HasPrefix(r.Parts["database"], "failing") {
		t.Fatalf("readyz does not name the database: %s", body)
	}
	status, body := do(t, "POST", h.URL+"/api/v1/documents", token, strings.NewReader(doc))
	if status != 503 && status != 401 {
		t.Fatalf("a write without the database: %d %s", status, body)
	}
	if status, _ := do(t, "GET", h.URL+"/en/", "", nil); status != 503 {
		t.Fatalf("a page without the database: %d", status)
	}

	t.Logf("database down, checks done after %s", time.Since(start))
	e, err = mongo.StartEmbeddedAt(context.Background(), dbDir, u.Host, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()
	waitStatus(t, h.URL+"/readyz", 200, 30*time.Second)
	t.Logf("ready again after %s", time.Since(start))
	status, body = do(t, "POST", h.URL+"/api/v1/documents", token, strings.NewReader(doc))
	if status != 201 {
		t.Fatalf("a write after the database came back: %d %s", status, body)
	}
	var c struct{ ID string }
	json.Unmarshal(body, &c)
	waitFound(t, h.URL, "strategy", "en", c.ID, 5*time.Second)
}

func TestABrokenIndexIsRebuiltAtStart(t *testing.T) {
	h := startHub(t, nil)
	data := h.DataDir
	h.stop(t)
	// Garbage over every file of the index.
	err := filepath.Walk(filepath.Join(data, "index"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			return os.WriteFile(p, []byte("not an index"), 0o644)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h2 := startHub(t, map[string]string{"HUB_DATA_DIR": data})
	status, body := do(t, "GET", h2.URL+"/api/v1/search?q=bribery", "", nil)
	var res struct{ Total int }
	json.Unmarshal(body, &res)
	if status != 200 || res.Total == 0 {
		t.Fatalf("search after a corrupted index: %d %s", status, body)
	}
}
