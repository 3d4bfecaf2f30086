package dir

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/internal/verify"
)

// PresignGet implements storage.Store. The URL is
// BaseURL/key?expires=<unix seconds>&name=<filename>&sig=<HMAC-SHA256>, and
// it is served by ServeHTTP.
func (s *Store) PresignGet(ctx context.Context, key string, expiry time.Duration, filename string) (u string, err error) {
	defer wrap(&err, "presign", key)
	if err := verify.PresignArgs(ctx, key, expiry); err != nil {
		return "", err
	}
	// Round up so the URL lives at least expiry.
	expires := int64(math.Ceil(float64(s.now().Add(expiry).UnixNano()) / 1e9))
	q := url.Values{}
	q.Set("expires", strconv.FormatInt(expires, 10))
	if filename != "" {
		q.Set("name", filename)
	}
	q.Set("sig", s.sign(key, expires, filename))
	return s.base + "/" + key + "?" + q.Encode(), nil
}

// sign returns the signature of a presigned URL; it covers the key, the
// expiry and the download name, so none of them can be changed.
func (s *Store) sign(key string, expires int64, filename string) string {
	m := hmac.New(sha256.New, s.secret)
	io.WriteString(m, "GET\n"+key+"\n"+strconv.FormatInt(expires, 10)+"\n"+filename)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ServeHTTP serves the URLs made by PresignGet: GET and HEAD, with Range
// support. Mount it at the path of Options.BaseURL without stripping the
// prefix, e.g. mux.Handle("/files/", store) for ".../files". A missing,
// altered or expired signature gets 403; an unknown key 404.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	key, ok := strings.CutPrefix(r.URL.Path, s.basePath+"/")
	if !ok || !storage.ValidKey(key) {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	expires, err := strconv.ParseInt(q.Get("expires"), 10, 64)
	name := q.Get("name")
	want := s.sign(key, expires, name)
	if err != nil || !hmac.Equal([]byte(q.Get("sig")), []byte(want)) {
		http.Error(w, "forbidden: bad signature", http.StatusForbidden)
		return
	}
	if s.now().After(time.Unix(expires, 0)) {
		http.Error(w, "forbidden: link expired", http.StatusForbidden)
		return
	}
	f, obj, err := s.open(key)
	if errors.Is(err, storage.ErrNotExist) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", obj.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private")
	h.Set("ETag", `"`+obj.SHA256+`"`)
	if name != "" {
		h.Set("Content-Disposition", storage.ContentDisposition(name))
	}
	// Objects are served from the application's origin, so an uploaded
	// HTML or SVG file must not run script there. Browsers' PDF viewers do
	// not work in a sandbox, and PDF is the common attachment.
	if obj.ContentType != "application/pdf" {
		h.Set("Content-Security-Policy", "sandbox")
	}
	http.ServeContent(w, r, "", obj.Modified, io.NewSectionReader(f, headerSize, obj.Size))
}
