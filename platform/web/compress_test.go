package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTextAnswersAreCompressedForClientsThatAcceptIt: a page and the API's
// JSON come gzip-compressed to a client that accepts gzip, the same bytes
// once decompressed, and say they vary by Accept-Encoding; a client that
// does not accept it, or asks for a range, gets them as they are.
func TestTextAnswersAreCompressedForClientsThatAcceptIt(t *testing.T) {
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
	for _, path := range []string{"/kk/echo", "/api/openapi.json"} {
		plain := get(path)
		zipped := get(path, "Accept-Encoding", "gzip, deflate, br")
		if plain.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: compressed for a client that did not ask", path)
		}
		if zipped.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Content-Encoding %q, Vary %q", path, zipped.Header().Get("Content-Encoding"), zipped.Header().Get("Vary"))
			continue
		}
		size := zipped.Body.Len()
		zr, err := gzip.NewReader(zipped.Body)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, plain.Body.Bytes()) {
			t.Errorf("%s: the decompressed answer differs from the plain one", path)
		}
		t.Logf("%s: %d bytes plain, %d compressed", path, plain.Body.Len(), size)
		if ranged := get(path, "Accept-Encoding", "gzip", "Range", "bytes=0-99"); ranged.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: a range request was compressed", path)
		}
	}
}
