package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

// TestStaticFilesAreFingerprinted: pages link the style sheet with the hash
// of its content; that address may be cached for a year, any other (an
// old hash, none) is revalidated, and a revalidation with the ETag gets 304.
func TestStaticFilesAreFingerprinted(t *testing.T) {
	_, h, err := serverWith(t, echoModule{page: "echo"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	m := regexp.MustCompile(`href="(/static/style\.css\?v=([0-9a-f]{12}))"`).FindStringSubmatch(get("/en/echo").Body.String())
	if m == nil {
		t.Fatal("the page does not link a fingerprinted style sheet")
	}
	current := get(m[1])
	if current.Code != 200 || current.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || current.Header().Get("ETag") != `"`+m[2]+`"` {
		t.Errorf("current: %d %q %q", current.Code, current.Header().Get("Cache-Control"), current.Header().Get("ETag"))
	}
	for _, path := range []string{"/static/style.css", "/static/style.css?v=000000000000"} {
		if rec := get(path); rec.Code != 200 || rec.Header().Get("Cache-Control") != "public, no-cache" {
			t.Errorf("%s: %d %q", path, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
	if rec := get("/static/style.css", "If-None-Match", `"`+m[2]+`"`); rec.Code != http.StatusNotModified {
		t.Errorf("revalidated: %d", rec.Code)
	}
	if rec := get("/static/"); rec.Code != http.StatusNotFound {
		t.Errorf("the folder: %d, want no listing", rec.Code)
	}
}
