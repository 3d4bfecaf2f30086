// Package bleve implements search.Index with a bleve (scorch) index in a
// local folder.
//
// The folder belongs to one process: bleve locks it, and a second Open
// fails after boltTimeout instead of waiting forever. It is a cache of the
// database, so whenever it cannot be used as it is (missing, corrupted,
// written with another MappingVersion) Open deletes and recreates it and
// reports rebuilt, and the caller re-indexes everything.
package bleve

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/ca-uncac/hub/search"
)

// boltTimeout is how long Open waits for the lock of a folder that another
// Index (in this process or another) holds.
const boltTimeout = "1s"

// Keys of the values stored inside the index beside the documents.
var (
	keyFingerprint = []byte("ca_uncac.mapping")
	keySeq         = []byte("ca_uncac.seq")
)

// ErrLocked is returned by Open when another Index holds the folder.
var ErrLocked = errors.New("search index folder is in use by another process")

// Index is a search.Index kept in a bleve index.
type Index struct {
	bi blevesearch.Index

	applyMu sync.Mutex // serialises Apply, so Seq follows batch order

	closeOnce sync.Once
	closeErr  error
}

var _ search.Index = (*Index)(nil)

// Open opens the index in dir, creating it if needed. rebuilt reports that
// the index is new and empty (dir was missing, unusable or written with
// another mapping) and must be filled from the database.
//
// Open deletes an unusable index only when dir holds nothing but what bleve
// writes (index_meta.json and store); otherwise it fails rather than delete
// files it does not know. It fails with ErrLocked when another Index holds
// dir.
func Open(dir string) (ix *Index, rebuilt bool, err error) {
	return open(dir, MappingVersion)
}

// open is Open with the mapping version as a parameter, for tests.
func open(dir string, version int) (ix *Index, rebuilt bool, err error) {
	defer wrap(&err, "search/bleve: open %s", dir)
	if dir == "" {
		return nil, false, errors.New("no folder given") // bleve would make a memory index
	}
	want, err := fingerprint(version)
	if err != nil {
		return nil, false, err
	}
	bi, err := blevesearch.OpenUsing(dir, runtimeConfig())
	var reason string
	switch {
	case err == nil:
		got, gerr := bi.GetInternal(keyFingerprint)
		if gerr == nil && string(got) == want {
			return &Index{bi: bi}, false, nil
		}
		if cerr := bi.Close(); cerr != nil {
			return nil, false, cerr
		}
		reason = fmt.Sprintf("mapping %q, want %q", got, want)
		if gerr != nil {
			reason = gerr.Error()
		}
	case errors.Is(err, blevesearch.ErrorIndexPathDoesNotExist):
		reason = "no index"
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, false, fmt.Errorf("%w (waited %s)", ErrLocked, boltTimeout)
	case errors.Is(err, fs.ErrPermission):
		return nil, false, err
	default:
		reason = err.Error() // corrupted or half-written
	}
	if err := removeIndex(dir); err != nil {
		return nil, false, fmt.Errorf("cannot rebuild (%s): %w", reason, err)
	}
	bi, err = blevesearch.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		return nil, false, fmt.Errorf("rebuild (%s): %w", reason, err)
	}
	if err := bi.SetInternal(keyFingerprint, []byte(want)); err != nil {
		_ = bi.Close()
		return nil, false, fmt.Errorf("rebuild (%s): %w", reason, err)
	}
	return &Index{bi: bi}, true, nil
}

func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{"bolt_timeout": boltTimeout}
}

// removeIndex deletes the bleve index in dir, refusing when dir holds
// anything bleve did not write.
func removeIndex(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch e.Name() {
		case "index_meta.json", "index_meta.json_temp", "store":
		default:
			return fmt.Errorf("%s holds %q, which is not part of a search index; not deleting it", dir, e.Name())
		}
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil // dir itself stays, with its owner and permissions
}

// OpenMemory returns a new index kept in memory, for tests and tools.
func OpenMemory() (*Index, error) {
	bi, err := blevesearch.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search/bleve: open memory index: %w", err)
	}
	return &Index{bi: bi}, nil
}

// Apply implements search.Index.
func (ix *Index) Apply(ctx context.Context, b search.Batch) (err error) {
	defer wrap(&err, "search/bleve: apply batch (seq %d)", b.Seq)
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := ix.bi.NewBatch()
	for _, d := range b.Upserts {
		if err := d.Validate(); err != nil {
			return err
		}
		if err := batch.Index(d.ID, fields(d)); err != nil {
			return err
		}
	}
	// Deletes come after upserts: the last operation on an id wins.
	for _, id := range b.Deletes {
		batch.Delete(id)
	}
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], b.Seq)
	batch.SetInternal(keySeq, seq[:])

	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	return ix.bi.Batch(batch)
}

// Seq implements search.Index.
func (ix *Index) Seq(ctx context.Context) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	v, err := ix.bi.GetInternal(keySeq)
	switch {
	case err != nil:
		return 0, fmt.Errorf("search/bleve: seq: %w", err)
	case len(v) == 0:
		return 0, nil
	case len(v) != 8:
		return 0, fmt.Errorf("search/bleve: seq: stored value has %d bytes, want 8", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// Count implements search.Index.
func (ix *Index) Count(ctx context.Context) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search/bleve: count: %w", err)
	}
	return n, nil
}

// Close implements search.Index.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		if err := ix.bi.Close(); err != nil {
			ix.closeErr = fmt.Errorf("search/bleve: close: %w", err)
		}
	})
	return ix.closeErr
}

// wrap prefixes a non-nil *errp with the operation that failed.
func wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
