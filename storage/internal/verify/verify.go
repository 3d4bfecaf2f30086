// Package verify holds what every storage implementation does the same way
// around Put: checking the options and streaming the content through a
// reader that enforces the declared size and SHA-256 before the last byte
// reaches the store, so a bad upload is never committed.
package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"strings"
	"time"

	"github.com/ca-uncac/hub/storage"
)

// MaxContentTypeLen bounds PutOptions.ContentType.
const MaxContentTypeLen = 255

// PutArgs checks the arguments of a Put, and that ctx is still live, and
// returns the content type to record.
func PutArgs(ctx context.Context, key string, size int64, opts storage.PutOptions) (contentType string, err error) {
	if !storage.ValidKey(key) {
		return "", storage.ErrInvalidKey
	}
	if size < 0 {
		return "", fmt.Errorf("storage: negative size %d", size)
	}
	if opts.SHA256 != "" && !storage.ValidSHA256(opts.SHA256) {
		return "", fmt.Errorf("storage: PutOptions.SHA256 %q is not a lowercase hex SHA-256", opts.SHA256)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	ct := opts.ContentType
	if ct == "" {
		return storage.DefaultContentType, nil
	}
	if len(ct) > MaxContentTypeLen || strings.ContainsFunc(ct, func(r rune) bool { return r < ' ' || r > '~' }) {
		return "", fmt.Errorf("storage: PutOptions.ContentType %q is too long or not printable ASCII", ct)
	}
	if _, _, err := mime.ParseMediaType(ct); err != nil {
		return "", fmt.Errorf("storage: PutOptions.ContentType %q: %w", ct, err)
	}
	return ct, nil
}

// ListArgs checks a List prefix; none reports that no valid key can start
// with it (e.g. "a//"), so there is nothing to list.
func ListArgs(prefix string) (none bool, err error) {
	if !storage.ValidPrefix(prefix) {
		return false, storage.ErrInvalidKey
	}
	return prefix != "" && !storage.ValidKey(prefix) && !storage.ValidKey(prefix+"x"), nil
}

// PresignArgs checks the arguments of a PresignGet, and that ctx is still
// live.
func PresignArgs(ctx context.Context, key string, expiry time.Duration) error {
	if !storage.ValidKey(key) {
		return storage.ErrInvalidKey
	}
	if expiry < storage.MinPresignExpiry || expiry > storage.MaxPresignExpiry {
		return fmt.Errorf("storage: presign expiry %v outside [%v, %v]", expiry, storage.MinPresignExpiry, storage.MaxPresignExpiry)
	}
	return ctx.Err()
}

// Reader passes exactly size bytes of the underlying reader through while
// hashing them. The Read that would deliver the last byte first checks that
// the underlying reader is at EOF and that the digest matches; if not, it
// fails instead, so whoever consumes the Reader never sees a complete (and
// thus committable) body for bad content. Errors are sticky. A Reader is not
// safe for concurrent use.
type Reader struct {
	ctx       context.Context
	r         io.Reader
	size      int64
	remaining int64
	want      string
	h         hash.Hash
	sum       string
	finished  bool
	err       error
}

// NewReader returns a Reader over r expecting size bytes whose SHA-256 is
// want (lowercase hex; empty means any). Each Read fails once ctx is done.
func NewReader(ctx context.Context, r io.Reader, size int64, want string) *Reader {
	return &Reader{ctx: ctx, r: r, size: size, remaining: size, want: want, h: sha256.New()}
}

// Read implements io.Reader.
func (v *Reader) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	if err := v.ctx.Err(); err != nil {
		v.err = err
		return 0, err
	}
	if v.remaining == 0 {
		if err := v.Finish(); err != nil {
			return 0, err
		}
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	if int64(len(p)) > v.remaining {
		p = p[:v.remaining]
	}
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	v.remaining -= int64(n)
	if v.remaining == 0 {
		// Withhold these last bytes unless the whole content checks out.
		if ferr := v.Finish(); ferr != nil {
			return 0, ferr
		}
		return n, nil
	}
	switch {
	case err == io.EOF:
		v.err = fmt.Errorf("content ended after %d of %d bytes: %w", v.size-v.remaining, v.size, storage.ErrIntegrity)
		return 0, v.err
	case err != nil:
		v.err = err
		return n, err
	}
	return n, nil
}

// Finish checks, once all size bytes have been read, that the underlying
// reader is at EOF and that the digest matches. Called earlier it fails with
// ErrIntegrity. It is idempotent; after a failure it returns the first error.
func (v *Reader) Finish() error {
	if v.err != nil || v.finished {
		return v.err
	}
	if v.remaining != 0 {
		v.err = fmt.Errorf("content ended after %d of %d bytes: %w", v.size-v.remaining, v.size, storage.ErrIntegrity)
		return v.err
	}
	if err := v.atEOF(); err != nil {
		v.err = err
		return err
	}
	sum := hex.EncodeToString(v.h.Sum(nil))
	if v.want != "" && sum != v.want {
		v.err = fmt.Errorf("content has sha256 %s, declared %s: %w", sum, v.want, storage.ErrIntegrity)
		return v.err
	}
	v.sum, v.finished = sum, true
	return nil
}

// atEOF reads one more byte to make sure the content is not longer than
// declared.
func (v *Reader) atEOF() error {
	var b [1]byte
	for range 100 { // readers may return 0, nil; don't spin forever
		n, err := v.r.Read(b[:])
		if n > 0 {
			return fmt.Errorf("content is longer than the declared %d bytes: %w", v.size, storage.ErrIntegrity)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return io.ErrNoProgress
}

// Err returns the error that stopped the Reader, if any.
func (v *Reader) Err() error { return v.err }

// Sum returns the lowercase hex SHA-256 of the content once Finish has
// succeeded, and "" before.
func (v *Reader) Sum() string { return v.sum }
