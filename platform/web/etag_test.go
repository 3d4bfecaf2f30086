package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAPageTheReaderHasIsNotSentAgain: a page carries a weak ETag and
// "private, no-cache"; asked again with that tag (as sent plain or
// compressed) it is answered 304 without a body, and with another tag in
// full.
func TestAPageTheReaderHasIsNotSentAgain(t *testing.T) {
	_, h, err := serverWith(t, echoModule{page: "echo"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/kk/echo", nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := get()
	tag := first.Header().Get("ETag")
	if first.Code != http.StatusOK || !strings.HasPrefix(tag, `W/"`) || first.Header().Get("Cache-Control") != "private, no-cache" {
		t.Fatalf("first: %d, ETag %q, Cache-Control %q", first.Code, tag, first.Header().Get("Cache-Control"))
	}
	zipped := get("Accept-Encoding", "gzip")
	zipTag := zipped.Header().Get("ETag")
	if zipTag == tag || !strings.HasSuffix(zipTag, `-gzip"`) {
		t.Errorf("the compressed page's tag %q (plain %q)", zipTag, tag)
	}
	for _, c := range []struct {
		name, match string
		want        int
	}{
		{"its own tag", tag, http.StatusNotModified},
		{"the compressed page's tag", zipTag, http.StatusNotModified},
		{"its tag among others", `"other", ` + tag, http.StatusNotModified},
		{"another tag", `W/"p000"`, http.StatusOK},
	} {
		rec := get("If-None-Match", c.match)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, rec.Code, c.want)
		}
		if c.want == http.StatusNotModified && rec.Body.Len() != 0 {
			t.Errorf("%s: a 304 with %d bytes of body", c.name, rec.Body.Len())
		}
	}
}
