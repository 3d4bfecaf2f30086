package dir_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/dir"
	"github.com/ca-uncac/hub/storage/storagetest"
)

// newStore returns a store in a fresh folder whose presigned URLs are
// served by a real HTTP server at /files.
func newStore(t *testing.T) *dir.Store {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	s, err := dir.New(t.TempDir(), dir.Options{
		BaseURL: "http://" + srv.Listener.Addr().String() + "/files",
		Secret:  []byte("test secret, at least 16 bytes"),
	})
	if err != nil {
		t.Fatalf("dir.New: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/files/", s)
	srv.Config.Handler = mux
	srv.Start()
	t.Cleanup(srv.Close)
	return s
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storagetest.Run(t, func(t *testing.T) storage.Store { return newStore(t) })
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	secret := []byte("0123456789abcdef")
	tests := []struct {
		name string
		root string
		opts dir.Options
	}{
		{"no root", "", dir.Options{BaseURL: "http://h/files", Secret: secret}},
		{"no secret", t.TempDir(), dir.Options{BaseURL: "http://h/files"}},
		{"a short secret", t.TempDir(), dir.Options{BaseURL: "http://h/files", Secret: secret[:15]}},
		{"no base URL", t.TempDir(), dir.Options{Secret: secret}},
		{"a base URL with a query", t.TempDir(), dir.Options{BaseURL: "http://h/files?x=1", Secret: secret}},
		{"a base URL that does not parse", t.TempDir(), dir.Options{BaseURL: "http://h/%zz", Secret: secret}},
	}
	for _, tt := range tests {
		if _, err := dir.New(tt.root, tt.opts); err == nil {
			t.Errorf("%s: New succeeded", tt.name)
		}
	}
}
