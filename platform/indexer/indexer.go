// Package indexer keeps a search index in step with the database and answers
// searches through it. The database is the source of truth: the indexer
// follows the change log, reloads each changed record and writes it to the
// index together with the sequence number it has reached, so that after a
// crash it resumes where the index says it stopped. Each hub process owns its
// own index and follows the shared log.
package indexer

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// Source gives the indexer the records of one record type. A record type
// becomes searchable by handing its Source to New: the indexer reads the
// changes the change log keys on that type through it.
type Source interface {
	// Type is the record type whose changes the source loads.
	Type() platform.RecordType
	// Load returns the search form of a record, or nil when it no longer exists.
	Load(ctx context.Context, id string) (*search.Document, error)
	// All calls fn for every record.
	All(ctx context.Context, fn func(search.Document) error) error
}

// catchUpFactor multiplies the changes read at once when the index is far
// behind the log (they are still applied BatchSize at a time).
const catchUpFactor = 10

// rebuildReplay is how many of the latest changes a rebuild applies again
// after its scan (see Rebuild).
const rebuildReplay = 1000

// Options tune an Indexer.
type Options struct {
	// Poll is how often the change log is read when nothing wakes the
	// indexer (writes of other processes). Default 250ms.
	Poll time.Duration
	// GapWait is how long a hole in the sequence numbers is waited for
	// before it is skipped (a writer that died between taking a number and
	// appending its change). Default 10s.
	GapWait time.Duration
	// BatchSize is the number of changes applied in one index batch.
	// Default 500.
	BatchSize int
	Logger    *slog.Logger
}

// Indexer applies the change log to a search index.
type Indexer struct {
	index   search.Index
	log     platform.ChangeLog
	sources map[platform.RecordType]Source
	opts    Options
	wake    chan struct{}

	mu       sync.Mutex // serialises CatchUp and Rebuild
	gapSince map[uint64]time.Time
	// applied holds sequence numbers past the checkpoint that were already
	// applied while an earlier hole stays open, so they are not reapplied on
	// every poll.
	applied map[uint64]bool
}

// New returns an indexer that writes to index the records of sources, one
// per record type (a second source of a type replaces the first).
func New(index search.Index, log platform.ChangeLog, sources []Source, opts Options) *Indexer {
	if opts.Poll <= 0 {
		opts.Poll = 250 * time.Millisecond
	}
	if opts.GapWait <= 0 {
		opts.GapWait = 10 * time.Second
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	byType := make(map[platform.RecordType]Source, len(sources))
	for _, src := range sources {
		byType[src.Type()] = src
	}
	return &Indexer{
		index: index, log: log, sources: byType, opts: opts,
		wake: make(chan struct{}, 1), gapSince: map[uint64]time.Time{}, applied: map[uint64]bool{},
	}
}

// Notify asks the indexer to read the change log now. It never blocks.
func (ix *Indexer) Notify() {
	select {
	case ix.wake <- struct{}{}:
	default:
	}
}

// Run follows the change log until ctx ends. Errors (a database outage) are
// logged and retried at the next poll.
func (ix *Indexer) Run(ctx context.Context) {
	t := time.NewTicker(ix.opts.Poll)
	defer t.Stop()
	for {
		if err := ix.CatchUp(ctx); err != nil && ctx.Err() == nil {
			ix.opts.Logger.Warn("indexer: catching up failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ix.wake:
		case <-t.C:
		}
	}
}

// CatchUp applies every change the index has not seen yet.
func (ix *Indexer) CatchUp(ctx context.Context) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for {
		n, err := ix.step(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// step applies one batch of changes and returns how many it read.
func (ix *Indexer) step(ctx context.Context) (int, error) {
	checkpoint, err := ix.index.Seq(ctx)
	if err != nil {
		return 0, err
	}
	// The log's position first: reading the log itself costs a scan of it
	// on the embedded FerretDB (a range of ids is not an indexed lookup
	// there), which an idle hub would otherwise do at every poll.
	last, err := ix.log.LastSeq(ctx)
	if err != nil || last <= checkpoint {
		return 0, err
	}
	// Far behind (after a bulk import, say), read more at a time: fewer
	// scans of the log, bigger index batches.
	limit := ix.opts.BatchSize
	if last-checkpoint > uint64(catchUpFactor*limit) {
		limit *= catchUpFactor
	}
	changes, err := ix.log.Since(ctx, checkpoint, limit)
	if err != nil || len(changes) == 0 {
		return 0, err
	}
	// The checkpoint advances over contiguous numbers only; past a hole,
	// changes are applied but the checkpoint waits for the hole to fill.
	next, contiguous, fresh := checkpoint, true, changes[:0:0]
	now := time.Now()
	for _, c := range changes {
		for contiguous && c.Seq > next+1 {
			since, seen := ix.gapSince[next+1]
			if !seen {
				ix.gapSince[next+1] = now
				since = now
			}
			if now.Sub(since) < ix.opts.GapWait {
				contiguous = false
				break
			}
			ix.opts.Logger.Warn("indexer: skipping a hole in the change log", "seq", next+1)
			delete(ix.gapSince, next+1)
			next++
		}
		if contiguous {
			next = c.Seq
			delete(ix.applied, c.Seq)
		}
		if !ix.applied[c.Seq] {
			fresh = append(fresh, c)
		}
		if !contiguous {
			ix.applied[c.Seq] = true
		}
	}
	if len(fresh) == 0 && next == checkpoint {
		return 0, nil
	}
	// A long read is applied in several batches: an index batch of 5,000
	// documents took 5 GB while bleve analysed it (736 MB at 500, for a
	// 10,000-document import). All but the last keep the checkpoint where
	// it was, so a crash in between applies them again; they are applied
	// applyAtOnce at a time, each of a share of BatchSize changes (so that
	// no more is being analysed at once than in one batch of BatchSize):
	// bleve builds a batch's segment on one core, and the other core
	// analyses the next batch meanwhile.
	if len(fresh) > ix.opts.BatchSize {
		size := max(1, ix.opts.BatchSize/applyAtOnce)
		var parts [][]platform.Change
		for len(fresh) > size {
			parts = append(parts, fresh[:size])
			fresh = fresh[size:]
		}
		if err := ix.applyTogether(ctx, checkpoint, parts); err != nil {
			return 0, err
		}
	}
	b, err := ix.load(ctx, fresh)
	if err != nil {
		return 0, err
	}
	b.Seq = next
	if err := ix.index.Apply(ctx, b); err != nil {
		return 0, fmt.Errorf("apply changes up to %d: %w", next, err)
	}
	ix.passed(next)
	if !contiguous {
		return 0, nil // wait for the hole; the next poll looks again
	}
	return len(changes), nil
}

// applyAtOnce is how many batches that keep the checkpoint where it is are
// applied at once (see step).
const applyAtOnce = 2

// applyTogether loads and applies parts, applyAtOnce at a time, each as a
// batch that keeps the checkpoint at checkpoint.
func (ix *Indexer) applyTogether(ctx context.Context, checkpoint uint64, parts [][]platform.Change) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		errMu sync.Mutex
		first error
	)
	sem := make(chan struct{}, applyAtOnce)
	for _, part := range parts {
		sem <- struct{}{}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			b, err := ix.load(ctx, part)
			if err == nil {
				b.Seq = checkpoint
				if err = ix.index.Apply(ctx, b); err != nil {
					err = fmt.Errorf("apply changes after %d: %w", checkpoint, err)
				}
			}
			if err != nil {
				errMu.Lock()
				if first == nil {
					first = err
				}
				errMu.Unlock()
				cancel()
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// ViewSource is a Source whose records are indexed as several entries,
// one per audience (an expert's profile as the public, members and the
// secretariat may see it): a reader's search then finds, counts and
// scores only what they may read of it, field by field.
type ViewSource interface {
	Source
	// LoadViews returns the entries a record has now and the ids of its
	// entries that no longer exist.
	LoadViews(ctx context.Context, id string) (docs []search.Document, gone []string, err error)
	// ViewIDs lists the ids every entry of a record may have.
	ViewIDs(id string) []string
}

// changeLoader is a Source that may have a record as a change left it at
// hand, without reading the database (a document a bulk import of this
// process has just stored). ok is false when it has not: the record is
// then loaded. Deletes reach it too (ok is then always false), so that it
// forgets a record deleted before its import was indexed.
type changeLoader interface {
	loadChange(c platform.Change) (doc *search.Document, ok bool)
	// passed tells it the index's checkpoint has reached seq: no change
	// numbered seq or lower will reach loadChange again (a rebuild read
	// those records from the database), so it may forget what it kept
	// for them.
	passed(seq uint64)
}

// passed tells every changeLoader that the checkpoint has reached seq.
func (ix *Indexer) passed(seq uint64) {
	for _, src := range ix.sources {
		if cl, ok := src.(changeLoader); ok {
			cl.passed(seq)
		}
	}
}

// load turns changes into an index batch, reading each changed record once.
func (ix *Indexer) load(ctx context.Context, changes []platform.Change) (search.Batch, error) {
	// The last change of each record decides; records are read several at
	// a time (each is a round trip to the database).
	type job struct {
		c    platform.Change
		src  Source
		docs []search.Document
		gone []string
		err  error
	}
	var jobs []*job
	seen := map[string]bool{}
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		key := string(c.Type) + "/" + c.ID
		if seen[key] {
			continue
		}
		seen[key] = true
		if src, ok := ix.sources[c.Type]; ok {
			jobs = append(jobs, &job{c: c, src: src})
		}
	}
	sem := make(chan struct{}, loaders)
	var wg sync.WaitGroup
	for _, j := range jobs {
		// A delete reaches the changeLoader too, which then forgets what
		// it kept of the record.
		if cl, ok := j.src.(changeLoader); ok {
			if doc, ok := cl.loadChange(j.c); ok {
				j.docs = []search.Document{*doc}
				continue
			}
		}
		if j.c.Op == platform.OpDelete {
			j.gone = []string{j.c.ID}
			if vs, ok := j.src.(ViewSource); ok {
				j.gone = vs.ViewIDs(j.c.ID)
			}
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if vs, ok := j.src.(ViewSource); ok {
				j.docs, j.gone, j.err = vs.LoadViews(ctx, j.c.ID)
				return
			}
			doc, err := j.src.Load(ctx, j.c.ID)
			switch {
			case err != nil:
				j.err = err
			case doc == nil:
				j.gone = []string{j.c.ID}
			default:
				j.docs = []search.Document{*doc}
			}
		}()
	}
	wg.Wait()
	var b search.Batch
	for _, j := range jobs {
		if j.err != nil {
			return b, fmt.Errorf("load %s/%s: %w", j.c.Type, j.c.ID, j.err)
		}
		b.Deletes = append(b.Deletes, j.gone...)
		b.Upserts = append(b.Upserts, j.docs...)
	}
	return b, nil
}

// loaders is how many records the indexer reads at once.
const loaders = 4

// Rebuild indexes every record of every source into an empty index and sets
// its checkpoint to the change log's position before the scan began, so that
// CatchUp then applies whatever changed during the scan. progress, when not
// nil, is called after each batch with the number of records indexed.
func (ix *Indexer) Rebuild(ctx context.Context, progress func(done int)) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	start, err := ix.log.LastSeq(ctx)
	if err != nil {
		return err
	}
	// Reading the database and indexing overlap: one goroutine reads and
	// flattens records into batches while this one applies them, so that
	// the two take a core each.
	batches := make(chan search.Batch, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var readErr error
	go func() {
		defer close(batches)
		var batch search.Batch
		send := func() error {
			if len(batch.Upserts) == 0 {
				return nil
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = search.Batch{}
			return nil
		}
		// Sources in type order: the same database gives the same index,
		// down to the order of equally ranked hits.
		for _, name := range slices.Sorted(maps.Keys(ix.sources)) {
			err := ix.sources[name].All(ctx, func(d search.Document) error {
				batch.Upserts = append(batch.Upserts, d)
				if len(batch.Upserts) >= ix.opts.BatchSize {
					return send()
				}
				return nil
			})
			if err != nil {
				readErr = fmt.Errorf("rebuild %s: %w", name, err)
				return
			}
		}
		readErr = send()
	}()
	done := 0
	for batch := range batches {
		if err := ix.index.Apply(ctx, batch); err != nil {
			cancel()
			for range batches {
			}
			return err
		}
		done += len(batch.Upserts)
		if progress != nil {
			progress(done)
		}
	}
	if readErr != nil {
		return readErr
	}
	// The checkpoint is written last: a rebuild cut short leaves it at zero,
	// and the next start replays the whole log instead of trusting a
	// half-built index. It stays rebuildReplay numbers behind the log's
	// position at the start of the scan: a writer that had taken its number
	// but not yet written its record when the scan passed is caught by
	// replaying those last changes (reapplying a change is harmless).
	if start > rebuildReplay {
		if err := ix.index.Apply(ctx, search.Batch{Seq: start - rebuildReplay}); err != nil {
			return err
		}
		ix.passed(start - rebuildReplay)
	}
	ix.gapSince, ix.applied = map[uint64]time.Time{}, map[uint64]bool{}
	return nil
}

// Start brings the index up to date at start-up: a new (or rebuilt) index
// is filled from the database, an existing one catches up from its
// checkpoint.
func (ix *Indexer) Start(ctx context.Context) error {
	seq, err := ix.index.Seq(ctx)
	if err != nil {
		return err
	}
	if seq == 0 {
		n, err := ix.index.Count(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			if err := ix.Rebuild(ctx, nil); err != nil {
				return err
			}
		}
	}
	return ix.CatchUp(ctx)
}

// Lag returns how many change-log entries the index has not applied yet.
func (ix *Indexer) Lag(ctx context.Context) (uint64, error) {
	seq, err := ix.index.Seq(ctx)
	if err != nil {
		return 0, err
	}
	last, err := ix.log.LastSeq(ctx)
	if err != nil {
		return 0, err
	}
	if last < seq {
		return 0, nil
	}
	return last - seq, nil
}

// articleTerms returns the searchable names of UNCAC articles: each
// article's title in every language and its number as each language writes
// it ("article 20", "статья 20", "20-бап"…), so that a query in any language
// reaches a record tagged with the article whatever language it is in.
func articleTerms(articles []int) []string {
	var out []string
	for _, n := range articles {
		a, ok := platform.ArticleByNumber(n)
		if !ok {
			continue
		}
		num := strconv.Itoa(n)
		for _, f := range articleNumberForms {
			out = append(out, strings.ReplaceAll(f, "N", num))
		}
		for _, lang := range platform.Languages() {
			if t := a.Title[lang]; t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// articleNumberForms write "article N" in the hub's languages.
var articleNumberForms = []string{
	"article N", "статья N", "N-бап", "N-берене", "моддаи N", "N-nji madda", "N-modda",
}

// taxonomyTerms returns the searchable names of a record's tags: its UNCAC
// articles (see articleTerms), thematic areas and countries, in every
// language.
func taxonomyTerms(articles []int, areas, countries []string) []string {
	out := articleTerms(articles)
	add := func(names map[string]string) {
		for _, lang := range platform.Languages() {
			if n := names[lang]; n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	for _, a := range areas {
		add(platform.AreaNames(a))
	}
	for _, c := range countries {
		add(platform.CountryNames(c))
	}
	return out
}
