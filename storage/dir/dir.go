// Package dir implements storage.Store in a local folder, for development,
// tests and single-server installations.
//
// Layout: the object under key "a/b/c" is the file <root>/a/b/c~obj. The
// "~obj" suffix uses a character keys cannot contain, so the objects "a" and
// "a/b" can coexist (file "a~obj" beside folder "a"), as they can in S3.
// Each file starts with a fixed-size header holding the metadata (size,
// content type, sha256), followed by the content; keeping both in one file
// makes the final rename the single commit point, so a crash can never pair
// new content with old metadata. Writes go to a temporary file in
// <root>/~tmp (same file system), are synced, and are renamed into place;
// leftovers of a crash are removed by New once they are an hour old.
//
// The folder must belong to one process: this package does not lock across
// processes, so several servers must not share it (use storage/s3 there).
package dir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/internal/verify"
)

const (
	objSuffix  = "~obj"
	tmpDir     = "~tmp"
	headerSize = 1024
	magic      = "hub-storage-object/1\n"
	// staleTemp is the age after which New removes temporary files.
	staleTemp = time.Hour
	// minSecret is the shortest HMAC key New accepts.
	minSecret = 16
)

// Options configure a Store.
type Options struct {
	// BaseURL is where the Store's ServeHTTP is reachable, e.g.
	// "http://localhost:8080/files"; PresignGet returns URLs below it.
	BaseURL string
	// Secret is the HMAC key that signs presigned URLs; at least 16 bytes.
	// Keep it stable across restarts or earlier URLs stop working.
	Secret []byte
}

// Store is a storage.Store in a local folder. It is safe for concurrent use
// within one process. It also serves presigned URLs as an http.Handler.
type Store struct {
	root     string
	base     string // BaseURL without trailing slash
	basePath string // path of BaseURL without trailing slash
	secret   []byte
	now      func() time.Time
}

var _ storage.Store = (*Store)(nil)

// New opens (creating if needed) the store in the folder root.
func New(root string, opts Options) (*Store, error) {
	if root == "" {
		return nil, errors.New("dir: empty root folder")
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("dir: root folder: %w", err)
	}
	if len(opts.Secret) < minSecret {
		return nil, fmt.Errorf("dir: Options.Secret must have at least %d bytes", minSecret)
	}
	u, err := url.Parse(opts.BaseURL)
	if err != nil || opts.BaseURL == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("dir: Options.BaseURL %q is not a URL without query or fragment", opts.BaseURL)
	}
	if err := os.MkdirAll(filepath.Join(root, tmpDir), 0o750); err != nil {
		return nil, fmt.Errorf("dir: %w", err)
	}
	s := &Store{
		root:     root,
		base:     strings.TrimSuffix(opts.BaseURL, "/"),
		basePath: strings.TrimSuffix(u.Path, "/"),
		secret:   slices.Clone(opts.Secret),
		now:      time.Now,
	}
	if err := s.removeStaleTemps(); err != nil {
		return nil, fmt.Errorf("dir: %w", err)
	}
	return s, nil
}

func (s *Store) removeStaleTemps() error {
	dir := filepath.Join(s.root, tmpDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && s.now().Sub(info.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, e.Name())) // best effort
		}
	}
	return nil
}

// wrap gives err its operation and key, once.
func wrap(err *error, op, key string) {
	if *err != nil {
		*err = fmt.Errorf("dir: %s %q: %w", op, key, *err)
	}
}

// path returns the file of a valid key.
func (s *Store) path(key string) string {
	return filepath.Join(s.root, filepath.FromSlash(key)+objSuffix)
}

// header is the metadata at the start of each object file.
type header struct {
	Size        int64  `json:"size"`
	ContentType string `json:"contentType"`
	SHA256      string `json:"sha256"`
}

func (h header) encode() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(magic)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	if b.Len() > headerSize {
		return nil, errors.New("metadata too long")
	}
	out := bytes.Repeat([]byte{' '}, headerSize)
	copy(out, b.Bytes())
	out[headerSize-1] = '\n'
	return out, nil
}

func decodeHeader(b []byte) (header, error) {
	var h header
	rest, ok := bytes.CutPrefix(b, []byte(magic))
	if !ok {
		return h, errors.New("not an object file (bad magic)")
	}
	if err := json.Unmarshal(bytes.TrimSpace(rest), &h); err != nil {
		return h, fmt.Errorf("bad object header: %w", err)
	}
	return h, nil
}

// open opens the object file of key and reads its header.
func (s *Store) open(key string) (*os.File, storage.Object, error) {
	f, err := os.Open(s.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, storage.Object{}, storage.ErrNotExist
	}
	if err != nil {
		return nil, storage.Object{}, err
	}
	obj, err := readObject(f, key)
	if err != nil {
		f.Close()
		return nil, storage.Object{}, err
	}
	return f, obj, nil
}

func readObject(f *os.File, key string) (storage.Object, error) {
	buf := make([]byte, headerSize)
	if _, err := io.ReadFull(f, buf); err != nil {
		return storage.Object{}, fmt.Errorf("reading object header: %w", err)
	}
	h, err := decodeHeader(buf)
	if err != nil {
		return storage.Object{}, err
	}
	info, err := f.Stat()
	if err != nil {
		return storage.Object{}, err
	}
	if info.Size() != headerSize+h.Size {
		return storage.Object{}, fmt.Errorf("object file has %d bytes, header says %d+%d", info.Size(), headerSize, h.Size)
	}
	return storage.Object{Key: key, Size: h.Size, ContentType: h.ContentType, SHA256: h.SHA256, Modified: info.ModTime()}, nil
}

// Put implements storage.Store.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts storage.PutOptions) (obj storage.Object, err error) {
	defer wrap(&err, "put", key)
	ct, err := verify.PutArgs(ctx, key, size, opts)
	if err != nil {
		return storage.Object{}, err
	}
	tmp, err := os.CreateTemp(filepath.Join(s.root, tmpDir), "put-*")
	if err != nil {
		return storage.Object{}, err
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	if _, err := tmp.Write(make([]byte, headerSize)); err != nil {
		return storage.Object{}, err
	}
	vr := verify.NewReader(ctx, r, size, opts.SHA256)
	if _, err := io.Copy(tmp, vr); err != nil {
		return storage.Object{}, err
	}
	if err := vr.Finish(); err != nil {
		return storage.Object{}, err
	}
	hdr, err := header{Size: size, ContentType: ct, SHA256: vr.Sum()}.encode()
	if err != nil {
		return storage.Object{}, err
	}
	if _, err := tmp.WriteAt(hdr, 0); err != nil {
		return storage.Object{}, err
	}
	if err := tmp.Sync(); err != nil {
		return storage.Object{}, err
	}
	info, err := tmp.Stat()
	if err != nil {
		return storage.Object{}, err
	}
	if err := tmp.Close(); err != nil {
		return storage.Object{}, err
	}
	// Last chance to honour a cancellation before the commit.
	if err := ctx.Err(); err != nil {
		return storage.Object{}, err
	}
	dst := s.path(key)
	if err := s.commit(tmp.Name(), dst); err != nil {
		return storage.Object{}, err
	}
	committed = true
	return storage.Object{Key: key, Size: size, ContentType: ct, SHA256: vr.Sum(), Modified: info.ModTime()}, nil
}

// commit renames the finished temporary file onto dst and syncs the folder
// so the rename survives a crash.
func (s *Store) commit(tmp, dst string) error {
	dir := filepath.Dir(dst)
	var err error
	// A concurrent Delete may prune the (empty) folder between MkdirAll
	// and Rename; try again then.
	for range 5 {
		if err = os.MkdirAll(dir, 0o750); err != nil {
			return err
		}
		if err = os.Rename(tmp, dst); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Get implements storage.Store.
func (s *Store) Get(ctx context.Context, key string) (rc io.ReadCloser, obj storage.Object, err error) {
	defer wrap(&err, "get", key)
	if !storage.ValidKey(key) {
		return nil, storage.Object{}, storage.ErrInvalidKey
	}
	if err := ctx.Err(); err != nil {
		return nil, storage.Object{}, err
	}
	f, obj, err := s.open(key)
	if err != nil {
		return nil, storage.Object{}, err
	}
	return &content{ctx: ctx, f: f, r: io.NewSectionReader(f, headerSize, obj.Size)}, obj, nil
}

// content reads an object's content and fails once ctx is done.
type content struct {
	ctx context.Context
	f   *os.File
	r   *io.SectionReader
}

func (c *content) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func (c *content) Close() error { return c.f.Close() }

// Stat implements storage.Store.
func (s *Store) Stat(ctx context.Context, key string) (obj storage.Object, err error) {
	defer wrap(&err, "stat", key)
	if !storage.ValidKey(key) {
		return storage.Object{}, storage.ErrInvalidKey
	}
	if err := ctx.Err(); err != nil {
		return storage.Object{}, err
	}
	f, obj, err := s.open(key)
	if err != nil {
		return storage.Object{}, err
	}
	f.Close()
	return obj, nil
}

// Delete implements storage.Store. It also removes the folders the object
// leaves empty.
func (s *Store) Delete(ctx context.Context, key string) (err error) {
	defer wrap(&err, "delete", key)
	if !storage.ValidKey(key) {
		return storage.ErrInvalidKey
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p := s.path(key)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Remove fails on a folder that is not empty, which ends the pruning.
	for dir := filepath.Dir(p); dir != s.root && strings.HasPrefix(dir, s.root); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
	return nil
}

// List implements storage.Store.
func (s *Store) List(ctx context.Context, prefix string) (objs []storage.Object, err error) {
	defer wrap(&err, "list", prefix)
	none, err := verify.ListArgs(prefix)
	if err != nil || none {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Walk only the deepest folder the prefix names in full.
	start := s.root
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		start = filepath.Join(s.root, filepath.FromSlash(prefix[:i]))
	}
	err = filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // the folder is gone: nothing under it
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == tmpDir && filepath.Dir(p) == s.root {
				return fs.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		key, ok := strings.CutSuffix(filepath.ToSlash(rel), objSuffix)
		if !ok || !storage.ValidKey(key) || !strings.HasPrefix(key, prefix) {
			return nil
		}
		f, obj, err := s.open(key)
		if errors.Is(err, storage.ErrNotExist) {
			return nil // deleted meanwhile
		}
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		f.Close()
		objs = append(objs, obj)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Folder order differs from key order ("a-c" < "a/b" but folder "a"
	// sorts before file "a-c~obj"), so sort by key.
	slices.SortFunc(objs, func(a, b storage.Object) int { return strings.Compare(a.Key, b.Key) })
	return objs, nil
}

// Ping implements storage.Store: the root folder must be a writable folder.
func (s *Store) Ping(ctx context.Context) (err error) {
	defer wrap(&err, "ping", s.root)
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Join(s.root, tmpDir), "ping-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
