package web

import (
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzhttp"
)

// Answers in text formats (pages, the API's JSON, feeds, the style sheet,
// calendars, CSV and SVG) are gzip-compressed for clients that accept it:
// klauspost's gzhttp, the maintained handler of the compress module the hub
// already links. Formats that are compressed already (PDF, images, XLSX)
// and stored files (/files/, served as stored, with ranges) are sent as
// they are, and so is any request for a range. Zstandard is left off: one
// compressed form per answer keeps the ETags simple.
//
// A compressed answer's ETag gains "-gzip" (RFC 9110 8.8.3: another
// representation, another tag), and the suffix is taken off the tags a
// client sends back in If-None-Match and If-Match, so that a 304 and an
// update's version check work whether the client got the compressed form
// or not.
//
// Compressing a page that holds a secret next to text the reader chose
// lets an attacker who sees the sizes guess the secret (BREACH). The hub's
// pages hold no secret tokens (cross-site requests are refused by their
// origin, not by a token in the form), and gzhttp adds up to 32 bytes of
// padding derived from the content, which hides small size differences
// all the same.

// compressTypes are the media types compressed.
var compressTypes = []string{"text/html", "text/css", "text/plain", "text/csv", "text/calendar", "text/javascript",
	"application/javascript", "application/json", "application/problem+json", "application/atom+xml", "application/xml",
	"image/svg+xml"}

// etagSuffix marks the ETag of a compressed answer.
const etagSuffix = "-gzip"

// compress wraps next with the compression.
func compress(next http.Handler) (http.Handler, error) {
	wrap, err := gzhttp.NewWrapper(gzhttp.EnableZstd(false), gzhttp.ContentTypes(compressTypes),
		gzhttp.SuffixETag(etagSuffix), gzhttp.RandomJitter(32, 0, false))
	if err != nil {
		return nil, err
	}
	compressed := wrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{"If-None-Match", "If-Match"} {
			if v := r.Header.Get(h); strings.Contains(v, etagSuffix+`"`) {
				r.Header.Set(h, strings.ReplaceAll(v, etagSuffix+`"`, `"`))
			}
		}
		if r.Header.Get("Range") != "" || strings.HasPrefix(r.URL.Path, "/files/") {
			next.ServeHTTP(w, r)
			return
		}
		compressed.ServeHTTP(w, r)
	}), nil
}
