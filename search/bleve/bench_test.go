package bleve_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/bench"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/search"
	"github.com/ca-uncac/hub/search/bleve"
)

// benchIndex is an index in memory of the benchmark's generated corpus
// (package bench), HUB_BENCH_DOCS documents (default 10,000), made once.
var benchIndex = sync.OnceValues(func() (*bleve.Index, error) {
	n := 10_000
	if v := os.Getenv("HUB_BENCH_DOCS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			return nil, fmt.Errorf("HUB_BENCH_DOCS=%q: %w", v, err)
		}
	}
	ix, err := bleve.OpenMemory()
	if err != nil {
		return nil, err
	}
	g := bench.NewGenerator(1)
	created := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 500 {
		b := search.Batch{Seq: uint64(start/500 + 1)}
		for i, in := range g.Documents(min(500, n-start)) {
			d := &platform.Document{ID: fmt.Sprintf("bench-%06d", start+i), Kind: in.Kind, Countries: in.Countries, Areas: in.Areas,
				UncacArticles: in.UncacArticles, Visibility: in.Visibility, Adopted: in.Adopted, Status: in.Status,
				Translations: in.Translations, CreatedAt: created}
			b.Upserts = append(b.Upserts, indexer.DocumentToSearch(d))
		}
		if err := ix.Apply(context.Background(), b); err != nil {
			return nil, err
		}
	}
	return ix, nil
})

// BenchmarkSearchMix runs the benchmark's mix of 500 searches (package
// bench: topic words and phrases in every language and script, quoted
// phrases, prefixes, typos, filters, thesaurus words, common words,
// browsing) as an anonymous reader with three facets, snippets and the
// thesaurus's expansions, as hubbench's index pass does, and reports the
// percentiles of one search. The result cache is emptied before each
// search (an empty batch moves the index's generation on), so every search
// is computed; the segments' tables stay, as on a serving hub.
//
// The sub-benchmark "paraphrased" adds to each search that has words one
// word no record has ("safeguarding"), as a reader paraphrasing the
// Convention does: every such search of several words is then relaxed,
// and the word is looked up for a correction.
//
//	go test -run '^$' -bench SearchMix -benchtime 3x ./search/bleve/
func BenchmarkSearchMix(b *testing.B) {
	b.Run("as-is", func(b *testing.B) { benchmarkSearchMix(b, "") })
	b.Run("paraphrased", func(b *testing.B) { benchmarkSearchMix(b, "safeguarding") })
}

func benchmarkSearchMix(b *testing.B, extra string) {
	ix, err := benchIndex()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	th := indexer.NewThesaurus(platform.Thesaurus())
	mix := bench.Queries(500, 1)
	seq := uint64(1 << 20)
	var took []time.Duration
	relaxed, corrected := 0, 0
	b.ResetTimer()
	for range b.N {
		for _, q := range mix {
			b.StopTimer()
			seq++
			if err := ix.Apply(ctx, search.Batch{Seq: seq}); err != nil {
				b.Fatal(err)
			}
			if extra != "" && q.Text != "" {
				q.Text += " " + extra
			}
			sq := search.Query{Text: q.Text, Lang: q.Lang, Countries: q.Countries, Articles: q.Articles, Year: q.Year, Sort: q.Sort,
				Facets: []string{search.FacetCountry, search.FacetKind, search.FacetYear}, Highlight: true, Size: 20,
				Visibilities: platform.VisibleTo(nil), Expand: th.Expand(q.Text)}
			b.StartTimer()
			t := time.Now()
			res, err := ix.Search(ctx, sq)
			if err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t))
			if res.Relaxed {
				relaxed++
			}
			if res.DidYouMean != "" {
				corrected++
			}
		}
	}
	b.StopTimer()
	slices.Sort(took)
	at := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	// How many searches of the mix were relaxed or got a correction.
	b.ReportMetric(float64(relaxed)/float64(b.N), "relaxed/op")
	b.ReportMetric(float64(corrected)/float64(b.N), "corrected/op")
}

// BenchmarkApply indexes 2,000 of the benchmark's generated documents in
// batches of 500 into a new index in memory, as the indexer applies an
// import's changes, and reports the time a document takes (analysis,
// segment building and merging; the database's part is not in it).
//
//	go test -run '^$' -bench Apply -benchtime 3x ./search/bleve/
func BenchmarkApply(b *testing.B) {
	g := bench.NewGenerator(1)
	created := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 2000
	var batches []search.Batch
	for start := 0; start < n; start += 500 {
		bt := search.Batch{Seq: uint64(start/500 + 1)}
		for i, in := range g.Documents(500) {
			d := &platform.Document{ID: fmt.Sprintf("bench-%06d", start+i), Kind: in.Kind, Countries: in.Countries, Areas: in.Areas,
				UncacArticles: in.UncacArticles, Visibility: in.Visibility, Adopted: in.Adopted, Status: in.Status,
				Translations: in.Translations, CreatedAt: created}
			bt.Upserts = append(bt.Upserts, indexer.DocumentToSearch(d))
		}
		batches = append(batches, bt)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		ix, err := bleve.OpenMemory()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, bt := range batches {
			if err := ix.Apply(context.Background(), bt); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*n), "ms/doc")
}
