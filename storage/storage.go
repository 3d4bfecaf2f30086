// Package storage is the boundary to the object store that keeps document
// attachments: the Store interface, the key rules every implementation
// enforces, and the error sentinels callers match with errors.Is.
//
// Implementations live in subpackages, one per technology (storage/dir for a
// local folder, storage/s3 for S3/MinIO), and are held to the same behaviour
// by the conformance suite in storage/storagetest. They depend on this
// package and never on each other.
package storage

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
)

// Errors returned by every Store. They are wrapped with the operation and the
// key, so match them with errors.Is. Any other error is an internal failure
// of the store (unreachable server, full disk, ...) whose text is for the
// server log, not for users.
var (
	// ErrNotExist means no object is stored under the key.
	ErrNotExist = errors.New("storage: object does not exist")
	// ErrIntegrity means the content handed to Put did not have the declared
	// size or SHA-256; nothing was stored.
	ErrIntegrity = errors.New("storage: content does not match its declared size or sha256")
	// ErrInvalidKey means the key (or list prefix) breaks the rules of ValidKey.
	ErrInvalidKey = errors.New("storage: invalid key")
)

// MaxKeyLen is the longest key, in bytes, that ValidKey accepts.
const MaxKeyLen = 512

// MaxSegmentLen is the longest segment of a key (the text between slashes),
// in bytes; it keeps keys usable as file names, which most file systems
// limit to 255 bytes.
const MaxSegmentLen = 200

// MaxPresignExpiry is the longest lifetime of a presigned URL; it is the
// limit of S3 signatures (version 4), applied to every implementation alike.
const MaxPresignExpiry = 7 * 24 * time.Hour

// MinPresignExpiry is the shortest lifetime of a presigned URL (S3 counts
// expiry in whole seconds).
const MinPresignExpiry = time.Second

// DefaultContentType is recorded when PutOptions.ContentType is empty.
const DefaultContentType = "application/octet-stream"

// Object describes a stored object.
type Object struct {
	Key         string
	Size        int64
	ContentType string
	// SHA256 is the lowercase hex SHA-256 of the content.
	SHA256 string
	// Modified is when the object was last written, as the store reports it.
	Modified time.Time
}

// PutOptions are the optional parts of a Put.
type PutOptions struct {
	// ContentType is the media type served with the object; empty means
	// DefaultContentType. It must parse as a media type and be at most 255
	// bytes.
	ContentType string
	// SHA256 is the lowercase hex SHA-256 of the content. When set, Put
	// verifies it while streaming and stores nothing on a mismatch.
	SHA256 string
}

// Store is an object store. Every method takes ctx first; a cancelled ctx
// makes the call fail with an error wrapping ctx.Err(). Every method that
// takes a key returns an error wrapping ErrInvalidKey when !ValidKey(key).
//
// Do not store both a key and a key below it ("a" and "a/b"): MinIO accepts
// such pairs but then lists only "a". Content keys (ContentKey) never clash.
type Store interface {
	// Put stores exactly size bytes read from r under key, replacing any
	// object there only once the new content is complete and verified. It
	// reads r up to EOF: when r holds fewer or more than size bytes, or its
	// SHA-256 differs from opts.SHA256, Put returns an error wrapping
	// ErrIntegrity and stores nothing (an object already under key is left
	// as it was). The returned Object always carries the SHA-256 of what was
	// stored. Put does not close r.
	Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) (Object, error)

	// Get opens the object for reading; the caller must close the reader.
	// Errors: ErrNotExist, ErrInvalidKey.
	Get(ctx context.Context, key string) (io.ReadCloser, Object, error)

	// Stat describes the object. Errors: ErrNotExist, ErrInvalidKey.
	Stat(ctx context.Context, key string) (Object, error)

	// Delete removes the object; deleting a missing key is not an error.
	// Errors: ErrInvalidKey.
	Delete(ctx context.Context, key string) error

	// PresignGet returns a URL that lets anyone GET the object until expiry,
	// which must lie within [MinPresignExpiry, MaxPresignExpiry]. When
	// filename is non-empty the response carries
	// ContentDisposition(filename), so the browser saves it under that name
	// (which may be non-ASCII, e.g. Cyrillic). It does not check that the
	// object exists. Errors: ErrInvalidKey.
	PresignGet(ctx context.Context, key string, expiry time.Duration, filename string) (string, error)

	// List returns the objects whose key starts with prefix, in byte order
	// of their keys; an empty prefix lists everything. Errors: ErrInvalidKey
	// when prefix has characters no key can contain.
	List(ctx context.Context, prefix string) ([]Object, error)

	// Ping reports whether the store is reachable and usable; it is meant
	// for readiness checks and start-up.
	Ping(ctx context.Context) error
}

// ValidKey reports whether key is acceptable to a Store: non-empty, at most
// MaxKeyLen bytes, made of "/"-separated non-empty segments of at most
// MaxSegmentLen ASCII characters a-z, 0-9, '.', '_' and '-', with no leading
// or trailing "/",
// no "." segment and no "..". Such keys are safe as file paths and as URL
// paths without escaping.
func ValidKey(key string) bool {
	if key == "" || len(key) > MaxKeyLen || !validChars(key) || strings.Contains(key, "..") {
		return false
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg == "." || len(seg) > MaxSegmentLen {
			return false
		}
	}
	return true
}

// ValidPrefix reports whether prefix may start a valid key: empty, or at
// most MaxKeyLen bytes of key characters not starting with "/".
func ValidPrefix(prefix string) bool {
	return prefix == "" || len(prefix) <= MaxKeyLen && prefix[0] != '/' && validChars(prefix)
}

func validChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ValidSHA256 reports whether s is a SHA-256 digest in lowercase hex.
func ValidSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ContentKey returns the content-derived key for a SHA-256 digest in
// lowercase hex: "sha256/ab/cd/abcd…" (the two fan-out levels keep folders
// small). Keys are never built from user-supplied file names; those travel
// only in PresignGet's filename. ContentKey returns "" when sha256hex is not
// a valid digest, and every Store rejects "" with ErrInvalidKey.
func ContentKey(sha256hex string) string {
	if !ValidSHA256(sha256hex) {
		return ""
	}
	return "sha256/" + sha256hex[0:2] + "/" + sha256hex[2:4] + "/" + sha256hex
}
