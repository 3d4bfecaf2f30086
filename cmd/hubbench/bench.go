package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ca-uncac/hub/bench"
	"github.com/ca-uncac/hub/cmd/internal/wiring"
	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/search"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
)

// benchCmd is `hubbench bench`: the performance benchmark of the library on
// the embedded default. It generates a corpus (package bench), writes it as
// an import file, imports it with `hub import`, indexes it as a new hub does
// at start, and runs a fixed mix of searches, printing the import and
// indexing rates and the search latencies.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hubbench bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	docs := fs.Int("docs", 100_000, "documents to generate and import")
	queries := fs.Int("queries", 500, "searches in the mix (distinct; each runs cold, then again from the cache)")
	seed := fs.Uint64("seed", 1, "seed of the corpus and the mix")
	dir := fs.String("dir", "", "folder for the database, index and corpus (kept); default a temporary folder, removed")
	reuse := fs.Bool("reuse", false, "with --dir of an earlier run: only run the searches, on its database and index")
	slowest := fs.Int("slowest", 0, "list this many of the slowest searches of the service, with their hits")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the searches (all passes) to this file")
	hubBin := fs.String("hub", "", "the hub binary that imports the corpus (default: built from ./cmd/hub)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *reuse && *dir == "" {
		return fmt.Errorf("--reuse needs the --dir of an earlier run")
	}
	data := *dir
	if data == "" {
		tmp, err := os.MkdirTemp("", "hub-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		data = tmp
	}
	if err := os.MkdirAll(data, 0o750); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "hubbench bench: %d documents, %d searches, %d CPUs (%s), data in %s\n", *docs, *queries, runtime.NumCPU(), runtime.GOARCH, data)

	if !*reuse {
		// 1. The corpus, as an import file.
		corpus := filepath.Join(data, "corpus.jsonl")
		start := time.Now()
		size, err := writeCorpus(corpus, *docs, *seed)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated %d documents (%.0f MB of JSON) in %s\n", *docs, float64(size)/(1<<20), time.Since(start).Round(time.Millisecond))

		// 2. Import, as an operator does.
		hub, err := hubBinary(ctx, *hubBin, filepath.Join(data, "bin"), stdout)
		if err != nil {
			return err
		}
		n, took, err := hubImport(ctx, hub, data, corpus)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "imported %d documents in %s: %.0f documents/s\n", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	}
	d, err := openDatabase(ctx, data)
	if err != nil {
		return err
	}
	defer d.close()

	// 3. Index, as a hub with a new index does at start (with --reuse, the
	// earlier run's index catches up, which is nothing to do).
	idx, _, err := searchbleve.Open(filepath.Join(data, "index"))
	if err != nil {
		return err
	}
	defer idx.Close()
	ix := wiring.NewIndexer(idx, d.db, d.docs, d.events, nil)
	start := time.Now()
	if err := ix.Start(ctx); err != nil {
		return err
	}
	took := time.Since(start)
	count, err := idx.Count(ctx)
	if err != nil {
		return err
	}
	if !*reuse {
		fmt.Fprintf(stdout, "indexed %d records in %s: %.0f records/s\n", count, took.Round(time.Millisecond), float64(count)/took.Seconds())
	}

	// 4. Searches: the index alone (three facets, snippets), then the
	// service the API calls (every facet, snippets, titles read from the
	// database with the reader's permissions, the thesaurus), cold; then
	// the service again, each search now answered from the cache.
	s := &indexer.Searcher{Index: idx, Thesaurus: indexer.HubThesaurus()}
	mix := bench.Queries(*queries, *seed)
	if _, err := idx.Search(ctx, search.Query{Text: "warm", Facets: []string{search.FacetCountry}}); err != nil {
		return err // builds the segment tables, as the warmer does after a start
	}
	idx.PrepareExpansions(indexer.HubThesaurus().All())
	start = time.Now()
	if err := idx.PrepareNow(); err != nil {
		return err // the thesaurus's alternatives, as the warmer does when idle
	}
	fmt.Fprintf(stdout, "prepared the thesaurus's alternatives in %s: %.1f MB kept\n", time.Since(start).Round(time.Millisecond), float64(idx.KeptBytes())/(1<<20))
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	index, service, cached := make([]time.Duration, 0, len(mix)), make([]time.Duration, 0, len(mix)), make([]time.Duration, 0, len(mix))
	var hits uint64
	type slow struct {
		q    bench.Query
		took time.Duration
		hits uint64
	}
	var slows []slow
	for _, q := range mix {
		iq := search.Query{Text: q.Text, Lang: q.Lang, Countries: q.Countries, Articles: q.Articles, Year: q.Year, Sort: q.Sort,
			Facets: []string{search.FacetCountry, search.FacetKind, search.FacetYear}, Highlight: true, Size: 20,
			Visibilities: platform.VisibleTo(nil)}
		t := time.Now()
		res, err := idx.Search(ctx, iq)
		if err != nil {
			return fmt.Errorf("search %q: %w", q.Text, err)
		}
		index = append(index, time.Since(t))
		hits += res.Total
	}
	for pass, lat := range [][]time.Duration{service, cached} {
		for _, q := range mix {
			sq := platform.SearchQuery{Text: q.Text, Lang: q.Lang, Fallback: i18n.Chain(q.Lang)[1:], Countries: q.Countries,
				Articles: q.Articles, Year: q.Year, Sort: q.Sort, Size: 20, Facets: true}
			t := time.Now()
			res, err := s.Search(ctx, sq)
			if err != nil {
				return fmt.Errorf("search %q: %w", q.Text, err)
			}
			lat = append(lat, time.Since(t))
			if pass == 0 {
				slows = append(slows, slow{q, time.Since(t), uint64(res.Total)})
			}
		}
		if pass == 0 {
			service = lat
		} else {
			cached = lat
		}
	}
	fmt.Fprintf(stdout, "searches: %d distinct, %.0f hits on average; match lists kept after them: %.1f MB\n", len(mix), float64(hits)/float64(len(mix)), float64(idx.KeptBytes())/(1<<20))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "search\tp50\tp95\tp99\tmax\tmean\t")
	for _, row := range []struct {
		name string
		lat  []time.Duration
	}{
		{"index, 3 facets + snippets, cold", index},
		{"service (API), 8 facets + snippets + titles, cold", service},
		{"service, repeated (cache)", cached},
	} {
		p := bench.Summarise(row.lat)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", row.name, ms(p.P50), ms(p.P95), ms(p.P99), ms(p.Max), ms(p.Avg))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if *slowest > 0 {
		slices.SortFunc(slows, func(a, b slow) int { return cmp.Compare(b.took, a.took) })
		for _, sl := range slows[:min(*slowest, len(slows))] {
			fmt.Fprintf(stdout, "%8s  %6d hits  %s %q countries=%v articles=%v year=%d sort=%s\n", ms(sl.took), sl.hits, sl.q.Lang, sl.q.Text, sl.q.Countries, sl.q.Articles, sl.q.Year, sl.q.Sort)
		}
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// hubImport runs `hub import FILE` on the embedded database of the folder
// data and returns what it imported and how long it took, as the command
// reports it (from reading the file to the last batch written, without the
// database's start).
func hubImport(ctx context.Context, hub, data, file string) (int, time.Duration, error) {
	cmd := exec.CommandContext(ctx, hub, "import", file)
	cmd.Env = append(os.Environ(), "HUB_DATA_DIR="+data, "HUB_MONGO_URI=", "HUB_MONGO_DB="+dbName, "HUB_LOG_LEVEL=warn")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("hub import: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		var n int
		var took string
		if _, err := fmt.Sscanf(line, "imported %d documents in %s", &n, &took); err == nil {
			d, err := time.ParseDuration(took)
			if err != nil {
				return 0, 0, fmt.Errorf("hub import said %q: %w", line, err)
			}
			return n, d, nil
		}
	}
	return 0, 0, fmt.Errorf("hub import did not say what it imported:\n%s", out)
}

// writeCorpus writes n generated documents to path, one JSON object per
// line, and returns the file's size.
func writeCorpus(path string, n int, seed uint64) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	g := bench.NewGenerator(seed)
	for range n {
		if err := enc.Encode(g.Document()); err != nil {
			f.Close()
			return 0, err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return fi.Size(), f.Close()
}
