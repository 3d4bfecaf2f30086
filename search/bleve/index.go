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
	"sync/atomic"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/document"
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

	// onDisk says the index has a folder: bleve then persists batches in
	// the background, and durable waits for that.
	onDisk bool

	// analyzers are the mapping's analyzers by name, for queries.
	analyzers map[string]analysis.Analyzer
	tables    *tables
	cache     *resultCache

	// applyMu orders Apply so that Seq follows batch order: a batch that
	// moves the checkpoint waits for every batch before it and holds the
	// lock alone; batches that leave it where it is share it (see Apply).
	applyMu sync.RWMutex

	// stop ends the warmer; warmed is done when it has.
	stop   chan struct{}
	warmed sync.WaitGroup
	// prepared are the expansions the warmer matches in new segments (see
	// PrepareExpansions); lastApply is when a batch was last applied, in
	// Unix nanoseconds.
	prepared  atomic.Pointer[[]search.Expansion]
	lastApply atomic.Int64
	// applying counts the batches being applied: a batch can take longer
	// than prepareIdle on a busy machine, and the index is not idle then.
	applying atomic.Int32

	closeOnce sync.Once
	closeErr  error
}

// warmEvery is how often the warmer looks for new segments. Scorch merges
// segments in the background; the warmer builds the new ones' tables (see
// table.go) so that searches seldom wait for one.
const warmEvery = 500 * time.Millisecond

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
			ix, err := newIndex(bi, true)
			return ix, false, err
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
	ix, err = newIndex(bi, true)
	if err != nil {
		return nil, false, fmt.Errorf("rebuild (%s): %w", reason, err)
	}
	b := bi.NewBatch()
	b.SetInternal(keyFingerprint, []byte(want))
	if err := ix.durable(b); err != nil {
		_ = ix.Close()
		return nil, false, fmt.Errorf("rebuild (%s): %w", reason, err)
	}
	return ix, true, nil
}

// durableWait bounds how long durable waits for the disk.
const durableWait = 2 * time.Minute

// durable applies b and waits until it, and so every batch before it, is
// on disk.
func (ix *Index) durable(b *blevesearch.Batch) error {
	if !ix.onDisk {
		return ix.bi.Batch(b)
	}
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	if err := ix.bi.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-persisted:
		return err
	case <-time.After(durableWait):
		return fmt.Errorf("the index was not written to disk within %s", durableWait)
	}
}

// newIndex wraps an open bleve index.
func newIndex(bi blevesearch.Index, onDisk bool) (*Index, error) {
	ix := &Index{bi: bi, onDisk: onDisk, analyzers: map[string]analysis.Analyzer{}, tables: newTables(), cache: newResultCache()}
	for _, name := range []string{foldAnalyzerName, nameAnalyzerName, namePrefixAnalyzerName, en.AnalyzerName, ru.AnalyzerName} {
		a := bi.Mapping().AnalyzerNamed(name)
		if a == nil {
			_ = bi.Close()
			return nil, fmt.Errorf("analyzer %s is not registered", name)
		}
		ix.analyzers[name] = a
	}
	ix.stop = make(chan struct{})
	ix.warmed.Add(1)
	go ix.warm()
	return ix, nil
}

// warm builds the tables of new segments until the index is closed.
func (ix *Index) warm() {
	defer ix.warmed.Done()
	t := time.NewTicker(warmEvery)
	defer t.Stop()
	for {
		select {
		case <-ix.stop:
			return
		case <-t.C:
			if r, err := ix.openSnapshot(); err == nil {
				if exps := ix.prepared.Load(); exps != nil && ix.idle() {
					// A failure here is met again, and reported, by the
					// search that needs the lists.
					_ = ix.prepare(r, *exps)
				}
				r.close()
			}
		}
	}
}

// idle says no batch is being applied and none was for prepareIdle.
func (ix *Index) idle() bool {
	return ix.applying.Load() == 0 && time.Since(time.Unix(0, ix.lastApply.Load())) > prepareIdle
}

// runtimeConfig configures bleve. Batches do not wait for their segment to
// reach the disk ("unsafe_batch"): the index is a cache of the database,
// and each batch carries the change-log sequence it brings the index to in
// the same segment, so whatever state a crash leaves on disk names the
// sequence it holds, and the indexer catches up from there. Waiting for
// each batch's fsync made indexing several times slower. The fingerprint,
// checkpoint-only batches and Close do wait (see durable).
func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{"bolt_timeout": boltTimeout, "unsafe_batch": true}
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
	return newIndex(bi, false)
}

// Apply implements search.Index.
func (ix *Index) Apply(ctx context.Context, b search.Batch) (err error) {
	defer wrap(&err, "search/bleve: apply batch (seq %d)", b.Seq)
	if err := ctx.Err(); err != nil {
		return err
	}
	ix.applying.Add(1)
	defer func() {
		ix.lastApply.Store(time.Now().UnixNano())
		ix.applying.Add(-1)
	}()
	ix.lastApply.Store(time.Now().UnixNano())
	batch := ix.bi.NewBatch()
	for _, d := range b.Upserts {
		if err := d.Validate(); err != nil {
			return err
		}
		doc := document.NewDocument(d.ID)
		if err := ix.bi.Mapping().MapDocument(doc, fields(d)); err != nil {
			return err
		}
		shareAnalysis(doc)
		if err := batch.IndexAdvanced(doc); err != nil {
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

	// Batches that leave the checkpoint where it is (the indexer's first
	// batches of a long read) may be applied together: bleve analyses a
	// batch on every core but builds its segment on one, so the other core
	// analyses the next meanwhile. Their order does not matter, since the
	// checkpoint they store is the same. A batch that moves the checkpoint
	// is applied alone, after those before it.
	ix.applyMu.RLock()
	if cur, err := ix.Seq(ctx); err != nil || cur != b.Seq || len(b.Upserts)+len(b.Deletes) == 0 {
		ix.applyMu.RUnlock()
		ix.applyMu.Lock()
		defer ix.applyMu.Unlock()
	} else {
		defer ix.applyMu.RUnlock()
	}
	// The cache is invalidated after the batch is in: a search that began
	// before reads either the old index (and stores its answer under the
	// old generation, never served again) or the new one.
	defer ix.cache.invalidate()
	if len(b.Upserts) == 0 && len(b.Deletes) == 0 {
		// A checkpoint alone (the end of a rebuild, a hole skipped) is cheap
		// to wait for, and makes everything before it durable.
		return ix.durable(batch)
	}
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
		close(ix.stop)
		ix.warmed.Wait()
		// Batches reach the disk in the background (see runtimeConfig):
		// wait for the last before closing, so that a clean stop loses
		// nothing. (A crash may lose the last ones; their changes are
		// applied again from the checkpoint.)
		if ix.onDisk {
			ix.applyMu.Lock()
			// A batch that writes the checkpoint as it is.
			b := ix.bi.NewBatch()
			v, err := ix.bi.GetInternal(keySeq)
			if err != nil || len(v) != 8 {
				v = make([]byte, 8)
			}
			b.SetInternal(keySeq, v)
			if err := ix.durable(b); err != nil {
				ix.closeErr = fmt.Errorf("search/bleve: close: %w", err)
			}
			ix.applyMu.Unlock()
		}
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
