package indexer_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
	"github.com/ca-uncac/hub/search"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
)

var embeddedURI string

func TestMain(m *testing.M) { mongotest.Main(m, "hub-indexer-test", &embeddedURI) }

type fixture struct {
	db     *mongo.DB
	docs   *mongo.DocumentService
	events *mongo.EventService
	dir    string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := mongo.Open(context.Background(), embeddedURI, fmt.Sprintf("ix%d", time.Now().UnixNano()), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	return &fixture{db: db, docs: mongo.NewDocumentService(db), events: mongo.NewEventService(db), dir: t.TempDir()}
}

func (f *fixture) open(t *testing.T) (search.Index, *indexer.Indexer) {
	t.Helper()
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{
		indexer.Documents(f.docs), indexer.Events(f.events),
	}, indexer.Options{})
	return idx, ix
}

var secretariat = platform.NewContextWithUser(context.Background(), &platform.User{ID: "s", Role: platform.RoleSecretariat})

func (f *fixture) create(t *testing.T, title, vis string) *platform.Document {
	t.Helper()
	d, err := f.docs.CreateDocument(secretariat, platform.DocumentInput{
		Kind: "guideline", Visibility: vis, UncacArticles: []int{20},
		Translations: map[string]platform.Translation{"ru": {Title: title}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ids(t *testing.T, s platform.SearchService, ctx context.Context, q string) []string {
	t.Helper()
	return hitIDs(t, s, ctx, platform.SearchQuery{Text: q, Lang: "ru", Facets: true})
}

// hitIDs runs q and lists the ids of its hits in order.
func hitIDs(t *testing.T, s platform.SearchService, ctx context.Context, q platform.SearchQuery) []string {
	t.Helper()
	res, err := s.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestTheIndexFollowsTheDatabaseAcrossRestarts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	before := f.create(t, "Методика оценки коррупционных рисков", platform.Public)

	idx, ix := f.open(t)
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	s := &indexer.Searcher{Index: idx}
	if got := ids(t, s, ctx, "рисков"); len(got) != 1 || got[0] != before.ID {
		t.Fatalf("after start: %v", got)
	}
	hidden := f.create(t, "Методика проверки деклараций", platform.Secretariat)
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, s, ctx, "методика"); len(got) != 1 {
		t.Fatalf("an anonymous search shows %d hits, want only the public one", len(got))
	}
	if got := ids(t, s, secretariat, "методика"); len(got) != 2 {
		t.Fatalf("the secretariat sees %d hits, want 2", len(got))
	}
	seq, _ := idx.Seq(ctx)
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}

	// While no indexer runs, the database changes.
	if err := f.docs.DeleteDocument(secretariat, before.ID); err != nil {
		t.Fatal(err)
	}
	later := f.create(t, "Руководство по возврату активов", platform.Public)

	idx, ix = f.open(t)
	defer idx.Close()
	if got, _ := idx.Seq(ctx); got != seq {
		t.Fatalf("reopened index at %d, want %d", got, seq)
	}
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	s.Index = idx
	if got := ids(t, s, secretariat, "методика"); len(got) != 1 || got[0] != hidden.ID {
		t.Fatalf("after restart: %v", got)
	}
	if got := ids(t, s, ctx, "активов"); len(got) != 1 || got[0] != later.ID {
		t.Fatalf("change made while stopped not indexed: %v", got)
	}
	if lag, _ := ix.Lag(ctx); lag != 0 {
		t.Fatalf("lag %d after catching up", lag)
	}
}

func TestRebuildFillsAnEmptyIndex(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 30 {
		f.create(t, fmt.Sprintf("Документ номер %d о конфликте интересов", i), platform.Public)
	}
	idx, ix := f.open(t)
	defer idx.Close()
	var calls int
	if err := ix.Rebuild(ctx, func(int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if n, _ := idx.Count(ctx); n != 30 || calls == 0 {
		t.Fatalf("rebuilt %d documents with %d progress calls", n, calls)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	last, _ := f.db.ChangeLog().LastSeq(ctx)
	if seq, _ := idx.Seq(ctx); seq != last {
		t.Fatalf("checkpoint %d, want %d", seq, last)
	}
}

// recording is the real index, noting the batches applied to it.
type recording struct {
	search.Index
	mu    sync.Mutex // batches that keep the checkpoint are applied together
	sizes []int
	seqs  []uint64
}

func (r *recording) Apply(ctx context.Context, b search.Batch) error {
	r.mu.Lock()
	r.sizes = append(r.sizes, len(b.Upserts)+len(b.Deletes))
	r.seqs = append(r.seqs, b.Seq)
	r.mu.Unlock()
	return r.Index.Apply(ctx, b)
}

// TestALongCatchUpIsAppliedInBatches: far behind the log, the indexer reads
// many changes at once but applies them BatchSize at a time (a batch of
// 5,000 documents took gigabytes while bleve analysed it), advancing the
// checkpoint with the last one; nothing is lost.
func TestALongCatchUpIsAppliedInBatches(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 25 {
		f.create(t, fmt.Sprintf("Доклад номер %d", i), platform.Public)
	}
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	rec := &recording{Index: idx}
	ix := indexer.New(rec, f.db.ChangeLog(), []indexer.Source{indexer.Documents(f.docs)}, indexer.Options{BatchSize: 2})
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rec.sizes) < 13 {
		t.Fatalf("batches %v: want the 25 documents in batches of at most 2", rec.sizes)
	}
	for i, n := range rec.sizes {
		if n > 2 {
			t.Fatalf("batch %d had %d changes, more than BatchSize 2 (%v)", i, n, rec.sizes)
		}
		if i > 0 && rec.seqs[i] < rec.seqs[i-1] {
			t.Fatalf("the checkpoint went back: %v", rec.seqs)
		}
	}
	s := &indexer.Searcher{Index: idx}
	res, err := s.Search(ctx, platform.SearchQuery{Text: "доклад", Lang: "ru", Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 25 {
		t.Fatalf("%d documents found, want 25", res.Total)
	}
	if lag, _ := ix.Lag(ctx); lag != 0 {
		t.Fatalf("lag %d after catching up", lag)
	}
}
