package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/storage/s3/miniotest"
)

func TestReindexRebuildsFromTheDatabase(t *testing.T) {
	h := startHub(t, nil)
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	getenv := func(k string) string { return env[k] }

	// While the hub serves, its index is taken: reindex says so at once.
	start := time.Now()
	err := run(context.Background(), []string{"reindex"}, getenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "stop it first") {
		t.Fatalf("reindex beside a running hub: %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("refusing took %s", time.Since(start))
	}
	h.stop(t)

	var out bytes.Buffer
	if err := run(context.Background(), []string{"reindex"}, getenv, &out, io.Discard); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	// Every demo document and event is a record; provisions may add more.
	docs, _ := demo.Documents()
	evs, _ := demo.Events()
	indexed := 0
	if i := strings.Index(out.String(), "indexed "); i >= 0 {
		fmt.Sscanf(out.String()[i:], "indexed %d records", &indexed)
	}
	if indexed < len(docs)+len(evs) {
		t.Fatalf("reindex said %q, want at least the %d demo documents and %d events", out.String(), len(docs), len(evs))
	}
	h2 := startHub(t, map[string]string{"HUB_DATA_DIR": h.DataDir})
	status, body := do(t, "GET", h2.URL+"/api/v1/search?q=Tashkent", "", nil)
	if status != 200 || !strings.Contains(string(body), `"type":"event"`) {
		t.Fatalf("search after reindex: %d %s", status, body)
	}
}

func TestReadinessFollowsTheObjectStore(t *testing.T) {
	m := miniotest.Start(t)
	h := startHub(t, map[string]string{
		"HUB_DEMO": "false", "HUB_S3_ENDPOINT": m.Endpoint, "HUB_S3_ACCESS_KEY": m.AccessKey,
		"HUB_S3_SECRET_KEY": m.SecretKey, "HUB_S3_BUCKET": "hub-ready",
	})
	if status, body := do(t, "GET", h.URL+"/readyz", "", nil); status != 200 {
		t.Fatalf("readyz with MinIO up: %d %s", status, body)
	}
	m.Stop()
	status, body := do(t, "GET", h.URL+"/readyz", "", nil)
	var r struct {
		Parts map[string]string
	}
	json.Unmarshal(body, &r)
	if status != 503 || !strings.HasPrefix(r.Parts["storage"], "failing") || r.Parts["database"] != "ok" {
		t.Fatalf("readyz with MinIO down: %d %s", status, body)
	}
	m.Start()
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, body = do(t, "GET", h.URL+"/readyz", "", nil)
		if status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz after MinIO came back: %d %s", status, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestVersionCommandAndReadinessShowTheBuildVersion(t *testing.T) {
	// `hub version` answers without any configuration, even a wrong one.
	var out bytes.Buffer
	err := run(context.Background(), []string{"version"}, func(k string) string {
		if k == "HUB_ADDR" {
			return "wrong"
		}
		return ""
	}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := readBuildInfo()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if lines[0] != "hub "+want.String() || !strings.HasPrefix(want.String(), want.Version) || want.Version == "" {
		t.Fatalf("hub version said %q, want first line %q", out.String(), "hub "+want.String())
	}
	if !strings.Contains(out.String(), "go "+want.Go) {
		t.Fatalf("hub version does not name the Go release: %q", out.String())
	}
	if want.Revision != "" && !strings.Contains(out.String(), "revision "+want.Revision) {
		t.Fatalf("hub version does not name the revision %s: %q", want.Revision, out.String())
	}

	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	status, body := do(t, "GET", h.URL+"/readyz", "", nil)
	var r struct{ Version string }
	if err := json.Unmarshal(body, &r); err != nil || status != 200 || r.Version != want.String() {
		t.Fatalf("readyz: %d %s, want version %q", status, body, want.String())
	}
}

func TestBuildInfoIsOneWord(t *testing.T) {
	tests := []struct {
		name string
		b    buildInfo
		want string
	}{
		{"a build outside a checkout is devel", buildInfo{Version: "devel"}, "devel"},
		{"a checkout adds its commit", buildInfo{Version: "devel", Revision: "0123456789abcdef0123"}, "devel+0123456789ab"},
		{"uncommitted changes are said", buildInfo{Version: "devel", Revision: "0123456789abcdef0123", Modified: true}, "devel+0123456789ab-modified"},
		{"a tagged module is its tag", buildInfo{Version: "v1.2.0"}, "v1.2.0"},
		{"a pseudo-version already names the commit", buildInfo{Version: "v0.0.0-20261205062300-0123456789ab", Revision: "0123456789abcdef0123"}, "v0.0.0-20261205062300-0123456789ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.String(); got != tt.want {
				t.Fatalf("%+v: %q, want %q", tt.b, got, tt.want)
			}
		})
	}
}
