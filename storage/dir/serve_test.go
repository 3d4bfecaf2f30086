package dir

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/storage"
)

const secretContent = "top secret content"

// newTestStore returns a store with a fixed clock, holding "docs/a.txt",
// next to a file outside its root that must never be served.
func newTestStore(t *testing.T) (*Store, *time.Time) {
	t.Helper()
	parent := t.TempDir()
	if err := os.WriteFile(filepath.Join(parent, "secret~obj"), []byte(secretContent), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "passwd"), []byte(secretContent), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(filepath.Join(parent, "root"), Options{BaseURL: "https://hub.example/files", Secret: []byte("0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	if _, err := s.Put(context.Background(), "docs/a.txt", strings.NewReader("hello"), 5, storage.PutOptions{ContentType: "text/html"}); err != nil {
		t.Fatal(err)
	}
	return s, &now
}

func serve(s *Store, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

// pathQuery strips scheme and host from a presigned URL.
func pathQuery(t *testing.T, u string) string {
	t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return pu.RequestURI()
}

func TestServeHTTPRejectsBadRequests(t *testing.T) {
	t.Parallel()
	s, now := newTestStore(t)
	ctx := context.Background()
	good, err := s.PresignGet(ctx, "docs/a.txt", time.Minute, "a.txt")
	if err != nil {
		t.Fatal(err)
	}
	good = pathQuery(t, good)
	if w := serve(s, http.MethodGet, good); w.Code != http.StatusOK || w.Body.String() != "hello" {
		t.Fatalf("GET of a good URL = %d %q", w.Code, w.Body)
	}
	expires := strconv.FormatInt(now.Add(time.Minute).Unix(), 10)
	sigFor := func(key, name string) string {
		exp, _ := strconv.ParseInt(expires, 10, 64)
		return s.sign(key, exp, name)
	}
	tests := []struct {
		name, method, target string
		want                 int
	}{
		{"no signature", "GET", "/files/docs/a.txt?expires=" + expires, http.StatusForbidden},
		{"a wrong signature", "GET", "/files/docs/a.txt?expires=" + expires + "&sig=" + sigFor("docs/b.txt", ""), http.StatusForbidden},
		{"an extended expiry", "GET", strings.Replace(good, "expires="+expires, "expires=9999999999", 1), http.StatusForbidden},
		{"a changed download name", "GET", strings.Replace(good, "name=a.txt", "name=evil.html", 1), http.StatusForbidden},
		{"a signature for another key", "GET", strings.Replace(good, "docs/a.txt", "docs/b.txt", 1), http.StatusForbidden},
		{"no expiry", "GET", "/files/docs/a.txt?sig=" + sigFor("docs/a.txt", ""), http.StatusForbidden},
		{"a path outside the base", "GET", "/other/docs/a.txt?expires=" + expires + "&sig=" + sigFor("docs/a.txt", ""), http.StatusNotFound},
		{"dot-dot out of the root, signed", "GET", "/files/../secret?expires=" + expires + "&sig=" + sigFor("../secret", ""), http.StatusNotFound},
		{"encoded dot-dot, signed", "GET", "/files/%2e%2e/secret?expires=" + expires + "&sig=" + sigFor("../secret", ""), http.StatusNotFound},
		{"deep dot-dot, signed", "GET", "/files/docs/../../passwd?expires=" + expires + "&sig=" + sigFor("docs/../../passwd", ""), http.StatusNotFound},
		{"an absolute path, signed", "GET", "/files//etc/passwd?expires=" + expires + "&sig=" + sigFor("/etc/passwd", ""), http.StatusNotFound},
		{"a backslash, signed", "GET", `/files/..\secret?expires=` + expires + "&sig=" + sigFor(`..\secret`, ""), http.StatusNotFound},
		{"a signed key that does not exist", "GET", "/files/docs/b.txt?expires=" + expires + "&sig=" + sigFor("docs/b.txt", ""), http.StatusNotFound},
		{"POST", "POST", good, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(s, tt.method, tt.target)
			if w.Code != tt.want || strings.Contains(w.Body.String(), secretContent) || strings.Contains(w.Body.String(), "hello") {
				t.Errorf("%s %s = %d %q, want %d without content", tt.method, tt.target, w.Code, w.Body, tt.want)
			}
		})
	}

	t.Run("an expired URL", func(t *testing.T) {
		*now = now.Add(61 * time.Second)
		defer func() { *now = now.Add(-61 * time.Second) }()
		if w := serve(s, http.MethodGet, good); w.Code != http.StatusForbidden {
			t.Errorf("GET after expiry = %d %q, want 403", w.Code, w.Body)
		}
	})
}

func TestServeHTTPHeaders(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	u, err := s.PresignGet(context.Background(), "docs/a.txt", time.Minute, "Отчёт.html")
	if err != nil {
		t.Fatal(err)
	}
	w := serve(s, http.MethodGet, pathQuery(t, u))
	want := map[string]string{
		"Content-Type":            "text/html",
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "sandbox",
		"Content-Disposition":     storage.ContentDisposition("Отчёт.html"),
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	head := serve(s, http.MethodHead, pathQuery(t, u))
	if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Content-Length") != "5" {
		t.Errorf("HEAD = %d, %d body bytes, Content-Length %q; want 200, none, 5", head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
	}
}

func TestNewRemovesStaleTemporaryFiles(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	tmp := filepath.Join(root, tmpDir)
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		t.Fatal(err)
	}
	stale, fresh := filepath.Join(tmp, "put-stale"), filepath.Join(tmp, "put-fresh")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("half an upload"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleTemp)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	s, err := New(root, Options{BaseURL: "/files", Secret: []byte("0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file still there (%v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temporary file removed: %v", err)
	}
	if objs, err := s.List(context.Background(), ""); err != nil || len(objs) != 0 {
		t.Errorf("List = %v, %v; want no objects (temporary files are not objects)", objs, err)
	}
}

func TestDamagedObjectFileIsAnErrorNotMissing(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	if err := os.Truncate(s.path("docs/a.txt"), headerSize+2); err != nil {
		t.Fatal(err)
	}
	_, err := s.Stat(context.Background(), "docs/a.txt")
	if err == nil || err == storage.ErrNotExist {
		t.Errorf("Stat of a truncated file = %v, want an error other than ErrNotExist", err)
	}
}
