// Package storagetest is the conformance suite every storage.Store
// implementation must pass. It is written once and run by each
// implementation's tests against a real backend.
package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/storage"
)

// Run runs the suite. newStore must return an empty store that lives until
// the test ends; it is called once per subtest, possibly concurrently, since
// the subtests run in parallel.
func Run(t *testing.T, newStore func(t *testing.T) storage.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Store)
	}{
		{"put then get and stat return the content, content type and sha256", testRoundTrip},
		{"put computes the sha256 when it is not declared", testUndeclaredSHA},
		{"an empty object with no content type is stored as application/octet-stream", testEmpty},
		{"put replaces an existing object", testOverwrite},
		{"a wrong sha256 stores nothing", testWrongSHA},
		{"content shorter or longer than the declared size stores nothing", testWrongSize},
		{"malformed put options are rejected and store nothing", testBadOptions},
		{"get and stat of a missing key return ErrNotExist", testMissing},
		{"delete removes the object and is idempotent", testDelete},
		{"list returns the objects under a prefix in key order", testList},
		{"invalid keys are rejected by every method", testInvalidKeys},
		{"a presigned URL serves the bytes with the download name and expires", testPresign},
		{"presign rejects expiries outside 1s to 7 days", testPresignExpiryRange},
		{"a 5 MB object streams through put and get", testLarge},
		{"a cancelled context fails every method and stores nothing", testCancelled},
		{"cancelling the context during put stores nothing", testCancelDuringPut},
		{"cancelling the context during get stops the read", testCancelDuringGet},
		{"ping succeeds", testPing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newStore(t))
		})
	}
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// put stores content under key and fails the test on error.
func put(t *testing.T, s storage.Store, key string, content []byte, ct string) storage.Object {
	t.Helper()
	obj, err := s.Put(ctxFor(t), key, bytes.NewReader(content), int64(len(content)), storage.PutOptions{ContentType: ct, SHA256: sum(content)})
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
	return obj
}

// get reads the object under key and fails the test on error.
func get(t *testing.T, s storage.Store, key string) ([]byte, storage.Object) {
	t.Helper()
	rc, obj, err := s.Get(ctxFor(t), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("Get(%q): reading: %v", key, err)
	}
	return b, obj
}

// checkObject compares obj with what was stored.
func checkObject(t *testing.T, where string, obj storage.Object, key string, content []byte, ct string) {
	t.Helper()
	if obj.Key != key || obj.Size != int64(len(content)) || obj.ContentType != ct || obj.SHA256 != sum(content) {
		t.Errorf("%s = {Key:%q Size:%d ContentType:%q SHA256:%s}, want {%q %d %q %s}",
			where, obj.Key, obj.Size, obj.ContentType, obj.SHA256, key, len(content), ct, sum(content))
	}
	if d := time.Since(obj.Modified); d < -time.Minute || d > time.Minute {
		t.Errorf("%s: Modified = %v, not within a minute of now", where, obj.Modified)
	}
}

// checkAbsent fails the test unless key holds nothing.
func checkAbsent(t *testing.T, s storage.Store, key string) {
	t.Helper()
	if obj, err := s.Stat(ctxFor(t), key); !errors.Is(err, storage.ErrNotExist) {
		t.Errorf("Stat(%q) = %+v, %v; want ErrNotExist", key, obj, err)
	}
}

// checkContent fails the test unless key holds content.
func checkContent(t *testing.T, s storage.Store, key string, content []byte) {
	t.Helper()
	got, obj := get(t, s, key)
	if !bytes.Equal(got, content) || obj.SHA256 != sum(content) {
		t.Errorf("Get(%q) = %q (sha256 %s), want %q", key, got, obj.SHA256, content)
	}
}

func testRoundTrip(t *testing.T, s storage.Store) {
	content := []byte("Конвенция ООН против коррупции\n")
	key := storage.ContentKey(sum(content))
	const ct = "text/plain; charset=utf-8"
	obj := put(t, s, key, content, ct)
	checkObject(t, "Put", obj, key, content, ct)

	st, err := s.Stat(ctxFor(t), key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	checkObject(t, "Stat", st, key, content, ct)

	got, gobj := get(t, s, key)
	checkObject(t, "Get", gobj, key, content, ct)
	if !bytes.Equal(got, content) {
		t.Errorf("Get read %q, want %q", got, content)
	}
}

func testUndeclaredSHA(t *testing.T, s storage.Store) {
	content := []byte("%PDF-1.7 no declared digest")
	const key, ct = "docs/undeclared.pdf", "application/pdf"
	// A reader that is not a bytes.Reader, so no implementation can peek
	// at the whole content up front.
	r := io.MultiReader(bytes.NewReader(content[:5]), bytes.NewReader(content[5:]))
	obj, err := s.Put(ctxFor(t), key, r, int64(len(content)), storage.PutOptions{ContentType: ct})
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	checkObject(t, "Put", obj, key, content, ct)
	st, err := s.Stat(ctxFor(t), key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	checkObject(t, "Stat", st, key, content, ct)
	_, gobj := get(t, s, key)
	checkObject(t, "Get", gobj, key, content, ct)
	list, err := s.List(ctxFor(t), "docs/")
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %+v, %v; want one object", list, err)
	}
	checkObject(t, "List", list[0], key, content, ct)
}

func testEmpty(t *testing.T, s storage.Store) {
	for _, declared := range []bool{true, false} {
		key := fmt.Sprintf("empty/declared-%t", declared)
		var opts storage.PutOptions
		if declared {
			opts.SHA256 = sum(nil)
		}
		obj, err := s.Put(ctxFor(t), key, strings.NewReader(""), 0, opts)
		if err != nil {
			t.Fatalf("Put(%q): %v", key, err)
		}
		checkObject(t, "Put", obj, key, nil, storage.DefaultContentType)
		got, gobj := get(t, s, key)
		checkObject(t, "Get", gobj, key, nil, storage.DefaultContentType)
		if len(got) != 0 {
			t.Errorf("Get(%q) read %q, want nothing", key, got)
		}
	}
	// Declared empty, but the reader has more.
	_, err := s.Put(ctxFor(t), "empty/longer", strings.NewReader("x"), 0, storage.PutOptions{})
	if !errors.Is(err, storage.ErrIntegrity) {
		t.Errorf("Put of 1 byte declared as 0 = %v, want ErrIntegrity", err)
	}
	checkAbsent(t, s, "empty/longer")
}

func testOverwrite(t *testing.T, s storage.Store) {
	const key = "docs/report.txt"
	put(t, s, key, []byte("first version, rather long"), "text/plain")
	second := []byte("second")
	obj := put(t, s, key, second, "text/markdown")
	checkObject(t, "Put", obj, key, second, "text/markdown")
	got, gobj := get(t, s, key)
	checkObject(t, "Get", gobj, key, second, "text/markdown")
	if !bytes.Equal(got, second) {
		t.Errorf("Get read %q, want %q", got, second)
	}
}

func testWrongSHA(t *testing.T, s storage.Store) {
	content := []byte("the real content")
	wrong := sum([]byte("other content"))
	for _, key := range []string{"new/key", "old/key"} {
		var old []byte
		if key == "old/key" {
			old = []byte("previous content")
			put(t, s, key, old, "text/plain")
		}
		_, err := s.Put(ctxFor(t), key, bytes.NewReader(content), int64(len(content)), storage.PutOptions{SHA256: wrong})
		if !errors.Is(err, storage.ErrIntegrity) {
			t.Errorf("Put(%q) with a wrong sha256 = %v, want ErrIntegrity", key, err)
		}
		if old == nil {
			checkAbsent(t, s, key)
		} else {
			checkContent(t, s, key, old)
		}
	}
}

func testWrongSize(t *testing.T, s storage.Store) {
	content := []byte("0123456789")
	tests := []struct {
		name     string
		size     int64
		declared bool
	}{
		{"shorter, sha256 declared", 11, true},
		{"shorter, sha256 not declared", 11, false},
		{"longer, sha256 declared", 9, true},
		{"longer, sha256 not declared", 9, false},
	}
	for i, tt := range tests {
		key := fmt.Sprintf("size/%d", i)
		var opts storage.PutOptions
		if tt.declared {
			opts.SHA256 = sum(content)
		}
		_, err := s.Put(ctxFor(t), key, bytes.NewReader(content), tt.size, opts)
		if !errors.Is(err, storage.ErrIntegrity) {
			t.Errorf("%s: Put of %d bytes declared as %d = %v, want ErrIntegrity", tt.name, len(content), tt.size, err)
		}
		checkAbsent(t, s, key)
	}
}

func testBadOptions(t *testing.T, s storage.Store) {
	tests := []struct {
		name string
		size int64
		opts storage.PutOptions
	}{
		{"uppercase sha256", 1, storage.PutOptions{SHA256: strings.ToUpper(sum([]byte("x")))}},
		{"short sha256", 1, storage.PutOptions{SHA256: "abc"}},
		{"content type with a newline", 1, storage.PutOptions{ContentType: "text/plain\r\nX-Evil: 1"}},
		{"content type that is no media type", 1, storage.PutOptions{ContentType: "not a type"}},
		{"negative size", -1, storage.PutOptions{}},
	}
	for i, tt := range tests {
		key := fmt.Sprintf("bad/%d", i)
		if _, err := s.Put(ctxFor(t), key, strings.NewReader("x"), tt.size, tt.opts); err == nil {
			t.Errorf("%s: Put succeeded", tt.name)
		}
		checkAbsent(t, s, key)
	}
}

func testMissing(t *testing.T, s storage.Store) {
	const key = "no/such/object"
	if rc, _, err := s.Get(ctxFor(t), key); !errors.Is(err, storage.ErrNotExist) {
		if rc != nil {
			rc.Close()
		}
		t.Errorf("Get = %v, want ErrNotExist", err)
	}
	checkAbsent(t, s, key)
}

func testDelete(t *testing.T, s storage.Store) {
	const key = "trash/file.bin"
	put(t, s, key, []byte("soon gone"), "")
	put(t, s, "trash/keep.bin", []byte("stays"), "")
	for i := range 2 {
		if err := s.Delete(ctxFor(t), key); err != nil {
			t.Fatalf("Delete #%d: %v", i+1, err)
		}
		checkAbsent(t, s, key)
	}
	if err := s.Delete(ctxFor(t), "never/was/there"); err != nil {
		t.Errorf("Delete of a key never stored: %v", err)
	}
	checkContent(t, s, "trash/keep.bin", []byte("stays"))
}

func keys(objs []storage.Object) []string {
	ks := []string{}
	for _, o := range objs {
		ks = append(ks, o.Key)
	}
	return ks
}

func testList(t *testing.T, s storage.Store) {
	stored := map[string]string{ // key → content
		"docs/b.txt":  "b",
		"docs/a.txt":  "a",
		"docs/a/b":    "a/b",
		"docs/a-c":    "a-c",
		"docs/a/c/d":  "a/c/d",
		"docsx/1":     "x",
		"other/x":     "o",
		"docs2":       "2",
		"z/deep/leaf": "z",
		"z/.hidden":   "h",
	}
	for k, c := range stored {
		put(t, s, k, []byte(c), "text/plain")
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"docs/", []string{"docs/a-c", "docs/a.txt", "docs/a/b", "docs/a/c/d", "docs/b.txt"}},
		{"docs/a", []string{"docs/a-c", "docs/a.txt", "docs/a/b", "docs/a/c/d"}},
		{"docs/a/", []string{"docs/a/b", "docs/a/c/d"}},
		{"docs", []string{"docs/a-c", "docs/a.txt", "docs/a/b", "docs/a/c/d", "docs/b.txt", "docs2", "docsx/1"}},
		{"", []string{"docs/a-c", "docs/a.txt", "docs/a/b", "docs/a/c/d", "docs/b.txt", "docs2", "docsx/1", "other/x", "z/.hidden", "z/deep/leaf"}},
		{"z/.", []string{"z/.hidden"}},
		{"nothing/", []string{}},
		{"docs/a//", []string{}},
		{"docs/a/.", []string{}},
		{"docs/a..", []string{}},
		{"z/deep/leaf", []string{"z/deep/leaf"}},
	}
	for _, tt := range tests {
		objs, err := s.List(ctxFor(t), tt.prefix)
		if err != nil {
			t.Errorf("List(%q): %v", tt.prefix, err)
			continue
		}
		if got := keys(objs); !slices.Equal(got, tt.want) {
			t.Errorf("List(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
		for _, o := range objs {
			checkObject(t, "List("+tt.prefix+")", o, o.Key, []byte(stored[o.Key]), "text/plain")
		}
	}
}

func testInvalidKeys(t *testing.T, s storage.Store) {
	bad := []string{"", "../x", "/a", "a//b", "A B", "A", "a b", "a/", "a/../b", "a/./b", ".", "a..b",
		"ключ", "a\\b", "a\x00b", "a?b", "a%2fb", strings.Repeat("k", storage.MaxSegmentLen+1), longKey() + "k"}
	for _, key := range bad {
		ctx := ctxFor(t)
		checks := map[string]error{}
		_, err := s.Put(ctx, key, strings.NewReader("x"), 1, storage.PutOptions{})
		checks["Put"] = err
		rc, _, err := s.Get(ctx, key)
		if rc != nil {
			rc.Close()
		}
		checks["Get"] = err
		_, checks["Stat"] = s.Stat(ctx, key)
		checks["Delete"] = s.Delete(ctx, key)
		_, checks["PresignGet"] = s.PresignGet(ctx, key, time.Minute, "")
		for method, err := range checks {
			if !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("%s(%q) = %v, want ErrInvalidKey", method, key, err)
			}
		}
	}
	for _, prefix := range []string{"/", "/a", "A", "a b", "ключ"} {
		if _, err := s.List(ctxFor(t), prefix); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("List(%q) = %v, want ErrInvalidKey", prefix, err)
		}
	}
	// The longest valid key works.
	long := longKey()
	put(t, s, long, []byte("long"), "")
	checkContent(t, s, long, []byte("long"))
}

func testPresign(t *testing.T, s storage.Store) {
	content := []byte("%PDF-1.7 presigned")
	key := storage.ContentKey(sum(content))
	put(t, s, key, content, "application/pdf")
	const name = "Отчёт о коррупции 2024.pdf"

	u, err := s.PresignGet(ctxFor(t), key, time.Minute, name)
	if err != nil {
		t.Fatalf("PresignGet: %v", err)
	}
	resp := fetch(t, u, "")
	if resp.status != http.StatusOK || !bytes.Equal(resp.body, content) {
		t.Fatalf("GET presigned URL = %d %q, want 200 %q", resp.status, resp.body, content)
	}
	if ct := resp.header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q, want application/pdf", ct)
	}
	disp, params, err := mime.ParseMediaType(resp.header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != name {
		t.Errorf("Content-Disposition %q parses to %q %q (%v), want attachment with filename %q",
			resp.header.Get("Content-Disposition"), disp, params["filename"], err, name)
	}

	// Ranges let browsers resume downloads.
	resp = fetch(t, u, "bytes=5-7")
	if resp.status != http.StatusPartialContent || string(resp.body) != "1.7" {
		t.Errorf("GET with Range bytes=5-7 = %d %q, want 206 %q", resp.status, resp.body, "1.7")
	}

	// Without a name there is no attachment disposition.
	u, err = s.PresignGet(ctxFor(t), key, time.Minute, "")
	if err != nil {
		t.Fatalf("PresignGet without name: %v", err)
	}
	resp = fetch(t, u, "")
	if resp.status != http.StatusOK || strings.Contains(resp.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("GET presigned URL without name = %d, Content-Disposition %q; want 200 and none",
			resp.status, resp.header.Get("Content-Disposition"))
	}

	// Expiry. S3 counts in whole seconds, so wait comfortably past one.
	u, err = s.PresignGet(ctxFor(t), key, time.Second, name)
	if err != nil {
		t.Fatalf("PresignGet 1s: %v", err)
	}
	time.Sleep(2200 * time.Millisecond)
	resp = fetch(t, u, "")
	if resp.status != http.StatusForbidden || bytes.Contains(resp.body, content) {
		t.Errorf("GET of an expired URL = %d %q, want 403 without the content", resp.status, resp.body)
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func fetch(t *testing.T, u, rng string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctxFor(t), http.MethodGet, u, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading: %v", u, err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func testPresignExpiryRange(t *testing.T, s storage.Store) {
	put(t, s, "p", []byte("p"), "")
	for _, d := range []time.Duration{0, -time.Minute, time.Second - 1, storage.MaxPresignExpiry + time.Second} {
		if u, err := s.PresignGet(ctxFor(t), "p", d, ""); err == nil {
			t.Errorf("PresignGet with expiry %v = %q, want an error", d, u)
		}
	}
	if _, err := s.PresignGet(ctxFor(t), "p", storage.MaxPresignExpiry, ""); err != nil {
		t.Errorf("PresignGet with expiry %v: %v", storage.MaxPresignExpiry, err)
	}
}

// pseudoRandom returns a reader of n reproducible bytes that is not a
// bytes.Reader, so the content really streams.
func pseudoRandom(n int64) io.Reader {
	return io.LimitReader(readerFunc(rand.NewChaCha8([32]byte{1, 2, 3}).Read), n)
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func testLarge(t *testing.T, s storage.Store) {
	const size = 5 << 20
	h := sha256.New()
	io.Copy(h, pseudoRandom(size))
	want := hex.EncodeToString(h.Sum(nil))
	key := storage.ContentKey(want)

	obj, err := s.Put(ctxFor(t), key, pseudoRandom(size), size, storage.PutOptions{ContentType: "application/zip", SHA256: want})
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if obj.Size != size || obj.SHA256 != want {
		t.Errorf("Put = %+v, want size %d sha256 %s", obj, size, want)
	}
	rc, obj, err := s.Get(ctxFor(t), key)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	defer rc.Close()
	h.Reset()
	n, err := io.Copy(h, rc)
	if err != nil || n != size || hex.EncodeToString(h.Sum(nil)) != want || obj.Size != size {
		t.Errorf("Get streamed %d bytes (err %v) with sha256 %x; object %+v; want %d bytes with %s", n, err, h.Sum(nil), obj, size, want)
	}

	// The same size, streamed without a declared digest.
	obj, err = s.Put(ctxFor(t), "large/undeclared", pseudoRandom(size), size, storage.PutOptions{})
	if err != nil || obj.SHA256 != want {
		t.Errorf("Put without digest = %+v, %v; want sha256 %s", obj, err, want)
	}
}

func testCancelled(t *testing.T, s storage.Store) {
	put(t, s, "c/exists", []byte("here"), "")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	checks := map[string]error{}
	_, checks["Put"] = s.Put(ctx, "c/new", strings.NewReader("x"), 1, storage.PutOptions{})
	rc, _, err := s.Get(ctx, "c/exists")
	if rc != nil {
		rc.Close()
	}
	checks["Get"] = err
	_, checks["Stat"] = s.Stat(ctx, "c/exists")
	_, checks["List"] = s.List(ctx, "c/")
	checks["Delete"] = s.Delete(ctx, "c/exists")
	for method, err := range checks {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context = %v, want context.Canceled", method, err)
		}
	}
	checkAbsent(t, s, "c/new")
	checkContent(t, s, "c/exists", []byte("here"))
}

// cancellingReader cancels its context after passing on `after` bytes.
type cancellingReader struct {
	r      io.Reader
	after  int64
	n      int64
	cancel context.CancelFunc
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	if c.n >= c.after {
		c.cancel()
		// Give the store time to notice, as a slow client would.
		time.Sleep(50 * time.Millisecond)
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func testCancelDuringPut(t *testing.T, s storage.Store) {
	const size = 3 << 20
	ctx, cancel := context.WithCancel(ctxFor(t))
	defer cancel()
	r := &cancellingReader{r: pseudoRandom(size), after: 1 << 20, cancel: cancel}
	_, err := s.Put(ctx, "cancel/put", r, size, storage.PutOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Put cancelled midway = %v, want context.Canceled", err)
	}
	checkAbsent(t, s, "cancel/put")
}

func testCancelDuringGet(t *testing.T, s storage.Store) {
	const size = 5 << 20
	if _, err := s.Put(ctxFor(t), "cancel/get", pseudoRandom(size), size, storage.PutOptions{}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	ctx, cancel := context.WithCancel(ctxFor(t))
	defer cancel()
	rc, _, err := s.Get(ctx, "cancel/get")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	defer rc.Close()
	if _, err := io.ReadFull(rc, make([]byte, 1024)); err != nil {
		t.Fatalf("reading the start: %v", err)
	}
	cancel()
	n, err := io.Copy(io.Discard, rc)
	if err == nil {
		t.Errorf("reading after cancel returned the remaining %d bytes without error", n)
	}
}

func testPing(t *testing.T, s storage.Store) {
	if err := s.Ping(ctxFor(t)); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// longKey returns a valid key of MaxKeyLen bytes with segments of the
// greatest length.
func longKey() string {
	seg := strings.Repeat("k", storage.MaxSegmentLen)
	var b strings.Builder
	for b.Len() < storage.MaxKeyLen {
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(seg[:min(len(seg), storage.MaxKeyLen-b.Len())])
	}
	return b.String()
}
