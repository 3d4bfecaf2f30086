// Package backup writes and restores the hub's backups: one archive of
// every collection of the database, as of one change-log number (see
// mongo.DB.Dump), and every object of the object store, each with its
// SHA-256 in a manifest.
//
// The archive is a gzip-compressed tar file, readable with the usual tools:
//
//	collections/<name>.bson   the documents, one BSON document after another
//	                          (mongodump's layout; bsondump reads them)
//	objects/<key>             each stored object, byte for byte
//	manifest.json             what the archive holds, with sizes and SHA-256
//
// The manifest comes last because the checksums are known only once the
// rest is written. Restore reads the archive twice: once to check every
// entry against the manifest, writing nothing, and once to write; a damaged
// or truncated archive thus changes nothing.
package backup

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/storage"
)

// Format names the archive's layout; Restore refuses any other.
const Format = "ca-uncac-hub-backup/1"

const (
	manifestName      = "manifest.json"
	collectionsPrefix = "collections/"
	objectsPrefix     = "objects/"
)

// Manifest is what an archive holds.
type Manifest struct {
	Format string `json:"format"`
	// Created is when the backup ended.
	Created time.Time `json:"created"`
	// Hub is the version of the hub that wrote it.
	Hub string `json:"hub"`
	// Schema is the database layout's version (mongo.SchemaVersion of the
	// hub that wrote it).
	Schema int `json:"schema"`
	// Seq is the change-log number the records are as of.
	Seq uint64 `json:"seq"`
	// Rounds is how many rounds of reads the consistent copy took.
	Rounds      int          `json:"rounds"`
	Collections []Collection `json:"collections"`
	Objects     []Object     `json:"objects"`
}

// Collection is one collection in an archive.
type Collection struct {
	Name   string `json:"name"`
	Count  int    `json:"count"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Object is one stored object in an archive.
type Object struct {
	Key         string `json:"key"`
	Size        int64  `json:"size"`
	ContentType string `json:"contentType"`
	SHA256      string `json:"sha256"`
}

// Report is what a backup or a restore did.
type Report struct {
	Manifest Manifest
	// Bytes is the archive's size.
	Bytes int64
	// Duration is how long it took.
	Duration time.Duration
}

// Write backs up db and store into the file at path, through a temporary
// file beside it renamed at the end (a failed backup leaves no archive
// that looks whole). hub is the version written into the manifest.
func Write(ctx context.Context, db *mongo.DB, store storage.Store, path, hub string) (rep Report, err error) {
	start := time.Now()
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".hub-backup-*.partial")
	if err != nil {
		return rep, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	counted := &countingWriter{w: tmp}
	zw, err := gzip.NewWriterLevel(counted, gzip.DefaultCompression)
	if err != nil {
		return rep, err
	}
	tw := tar.NewWriter(zw)
	m := Manifest{Format: Format, Hub: hub}
	info, err := db.Dump(ctx, dir, func(c mongo.BackupCollection) error {
		r, err := c.Open()
		if err != nil {
			return err
		}
		defer r.Close()
		sum, err := writeEntry(tw, collectionsPrefix+c.Name+".bson", c.Size, r)
		if err != nil {
			return fmt.Errorf("collection %s: %w", c.Name, err)
		}
		m.Collections = append(m.Collections, Collection{Name: c.Name, Count: c.Count, Size: c.Size, SHA256: sum})
		return nil
	})
	if err != nil {
		return rep, err
	}
	m.Seq, m.Schema, m.Rounds = info.Seq, info.Schema, info.Rounds
	// The objects are listed once the records are fixed: every object a
	// record of the copy refers to is there (a file is deleted only after
	// a grace period once nothing refers to it), and perhaps some newer.
	objs, err := store.List(ctx, "")
	if err != nil {
		return rep, fmt.Errorf("list the objects: %w", err)
	}
	for _, o := range objs {
		rc, got, err := store.Get(ctx, o.Key)
		if errors.Is(err, storage.ErrNotExist) {
			continue // deleted since the listing: no record of the copy refers to it
		}
		if err != nil {
			return rep, fmt.Errorf("object %s: %w", o.Key, err)
		}
		sum, err := writeEntry(tw, objectsPrefix+o.Key, got.Size, rc)
		rc.Close()
		if err != nil {
			return rep, fmt.Errorf("object %s: %w", o.Key, err)
		}
		if got.SHA256 != "" && got.SHA256 != sum {
			return rep, fmt.Errorf("object %s: the store holds content whose SHA-256 is %s, not the %s it records", o.Key, sum, got.SHA256)
		}
		m.Objects = append(m.Objects, Object{Key: o.Key, Size: got.Size, ContentType: got.ContentType, SHA256: sum})
	}
	m.Created = time.Now().UTC()
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return rep, err
	}
	if _, err := writeEntry(tw, manifestName, int64(len(mb)), strings.NewReader(string(mb))); err != nil {
		return rep, err
	}
	if err := tw.Close(); err != nil {
		return rep, err
	}
	if err := zw.Close(); err != nil {
		return rep, err
	}
	if err := tmp.Sync(); err != nil {
		return rep, err
	}
	if err := tmp.Close(); err != nil {
		return rep, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return rep, err
	}
	return Report{Manifest: m, Bytes: counted.n, Duration: time.Since(start)}, nil
}

// writeEntry writes one file of size bytes read from r into the archive
// and returns its SHA-256.
func writeEntry(tw *tar.Writer, name string, size int64, r io.Reader) (string, error) {
	hdr := &tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: time.Now().UTC(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return "", err
	}
	h := sha256.New()
	n, err := io.Copy(tw, io.TeeReader(io.LimitReader(r, size+1), h))
	if err != nil {
		return "", err
	}
	if n != size {
		return "", fmt.Errorf("%d bytes where %d were announced", n, size)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Check reads the whole archive at path and checks every entry against its
// manifest (size, SHA-256, nothing missing, nothing unlisted), and the
// manifest against this hub (format, layout version). It writes nothing.
func Check(path string) (Manifest, error) {
	var m Manifest
	sums := map[string]string{}
	sizes := map[string]int64{}
	var manifest []byte
	err := walk(path, func(name string, size int64, r io.Reader) error {
		if name == manifestName {
			b, err := io.ReadAll(io.LimitReader(r, 64<<20))
			manifest = b
			return err
		}
		h := sha256.New()
		n, err := io.Copy(h, r)
		if err != nil {
			return err
		}
		if _, dup := sums[name]; dup {
			return fmt.Errorf("%s is in the archive twice", name)
		}
		sums[name], sizes[name] = hex.EncodeToString(h.Sum(nil)), n
		return nil
	})
	if err != nil {
		return m, err
	}
	if manifest == nil {
		return m, errors.New("the archive has no manifest.json: it is not a hub backup, or it was cut short")
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return m, fmt.Errorf("manifest.json: %w", err)
	}
	if m.Format != Format {
		return m, fmt.Errorf("the archive's format is %q; this hub reads %q", m.Format, Format)
	}
	if m.Schema > mongo.SchemaVersion {
		return m, fmt.Errorf("%w: the backup's layout is version %d, this hub's is %d; restore it with the release that wrote it (%s) or a newer one",
			mongo.ErrSchemaNewer, m.Schema, mongo.SchemaVersion, m.Hub)
	}
	listed := map[string]bool{}
	check := func(name string, size int64, sum string) error {
		if listed[name] {
			return fmt.Errorf("the manifest lists %s twice", name)
		}
		listed[name] = true
		got, ok := sums[name]
		switch {
		case !ok:
			return fmt.Errorf("%s is missing from the archive", name)
		case sizes[name] != size:
			return fmt.Errorf("%s has %d bytes, the manifest says %d", name, sizes[name], size)
		case got != sum:
			return fmt.Errorf("%s is damaged: its SHA-256 is %s, the manifest says %s", name, got, sum)
		}
		return nil
	}
	for _, c := range m.Collections {
		if !validName(c.Name) {
			return m, fmt.Errorf("the manifest names a collection %q", c.Name)
		}
		if err := check(collectionsPrefix+c.Name+".bson", c.Size, c.SHA256); err != nil {
			return m, err
		}
	}
	for _, o := range m.Objects {
		if !storage.ValidKey(o.Key) {
			return m, fmt.Errorf("the manifest names an object %q, which is not a valid key", o.Key)
		}
		if err := check(objectsPrefix+o.Key, o.Size, o.SHA256); err != nil {
			return m, err
		}
	}
	for name := range sums {
		if !listed[name] {
			return m, fmt.Errorf("%s is in the archive but not in its manifest", name)
		}
	}
	return m, nil
}

// validName reports whether a collection's name is one a hub writes:
// lower-case letters, digits and underscores.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// walk calls fn with each regular file of the archive at path.
func walk(path string, fn func(name string, size int64, r io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s is not a gzip-compressed hub backup: %w", path, err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("the archive is damaged or cut short: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		if err := fn(hdr.Name, hdr.Size, tr); err != nil {
			return fmt.Errorf("%s: %w", hdr.Name, err)
		}
	}
}

// Restore writes the collections of the archive at path into db and its
// objects into store, which must both be empty. m is the archive's manifest
// as Check returned it: the caller checks the archive before it opens the
// deployment, so that a damaged one creates nothing, and Restore does not
// read it a second time to check it again. The search index is not part of
// a backup: the caller rebuilds it.
func Restore(ctx context.Context, db *mongo.DB, store storage.Store, path string, m Manifest) (rep Report, err error) {
	start := time.Now()
	empty, coll, err := db.IsEmpty(ctx)
	if err != nil {
		return rep, err
	}
	if !empty {
		return rep, fmt.Errorf("the database is not empty (collection %s holds records): restore only into a new deployment", coll)
	}
	objs, err := store.List(ctx, "")
	if err != nil {
		return rep, fmt.Errorf("list the objects: %w", err)
	}
	if len(objs) > 0 {
		return rep, fmt.Errorf("the object store is not empty (%d objects, %s among them): restore only into a new deployment", len(objs), objs[0].Key)
	}
	types := map[string]string{}
	for _, o := range m.Objects {
		types[o.Key] = o.ContentType
	}
	sums := map[string]string{}
	for _, o := range m.Objects {
		sums[o.Key] = o.SHA256
	}
	// The collections in the manifest's order, the change counter among
	// them, then the objects.
	err = walk(path, func(name string, size int64, r io.Reader) error {
		switch {
		case strings.HasPrefix(name, collectionsPrefix):
			coll := strings.TrimSuffix(strings.TrimPrefix(name, collectionsPrefix), ".bson")
			_, err := db.Load(ctx, coll, r)
			return err
		case strings.HasPrefix(name, objectsPrefix):
			key := strings.TrimPrefix(name, objectsPrefix)
			_, err := store.Put(ctx, key, r, size, storage.PutOptions{ContentType: types[key], SHA256: sums[key]})
			return err
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return rep, err
	}
	slices.SortFunc(m.Collections, func(a, b Collection) int { return strings.Compare(a.Name, b.Name) })
	return Report{Manifest: m, Bytes: st.Size(), Duration: time.Since(start)}, nil
}
