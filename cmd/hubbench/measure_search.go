package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ca-uncac/hub/bench"
	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/search"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
)

type searchBenchOptions struct {
	docs, queries int
	levels        string
}

// apiFacets are the facets the search API counts (indexer.Searcher asks
// for all of them).
var apiFacets = []string{search.FacetType, search.FacetKind, search.FacetCountry, search.FacetArea, search.FacetArticle,
	search.FacetLanguage, search.FacetStatus, search.FacetYear}

// ensureImported imports the corpus of n documents when its hub data is
// missing, saving that part too.
func ensureImported(ctx context.Context, m measureFlags, n int, stdout io.Writer) error {
	if _, err := os.Stat(filepath.Join(hubDataDir(m.out, n), "index")); err == nil {
		return nil
	}
	fmt.Fprintf(stdout, "no hub with %d documents in %s: importing them first\n", n, m.out)
	p, err := benchImport(ctx, m, importBenchOptions{docs: n, batch: 500, clients: 2}, stdout)
	if err != nil {
		return err
	}
	p.Command = fmt.Sprintf("hubbench bench-import --docs %d", n)
	return bench.SavePart(m.out, p)
}

// levelResult is one level of concurrency of the search benchmark.
type levelResult struct {
	clients          int
	hub, noop, bleve bench.Run
	ttfb             bench.Percentiles
	ttfbErrors       int
	hits             float64
}

// benchSearch runs the query mix against a hub serving the imported corpus,
// over HTTP, at each level of concurrency, with a reader loading library
// pages meanwhile; then the no-op endpoint (/healthz) under the same load;
// then, the hub stopped, the same queries against its index in this
// process, with no HTTP and no database.
func benchSearch(ctx context.Context, m measureFlags, o searchBenchOptions, stdout io.Writer) (bench.Part, error) {
	part := newPart(fmt.Sprintf("search-%d", o.docs), fmt.Sprintf("Search, %d documents", o.docs))
	levels, err := parseLevels(o.levels)
	if err != nil {
		return part, err
	}
	if err := ensureImported(ctx, m, o.docs, stdout); err != nil {
		return part, err
	}
	dir := hubDataDir(m.out, o.docs)
	hub, err := startHubProcess(ctx, m.hub, dir, 10*time.Minute)
	if err != nil {
		return part, err
	}
	defer hub.stop()
	mix := mixes(levels, o.queries, m.seed)
	probes := bench.Queries(2000, m.seed+7)
	client := benchClient(64)
	apiSearch := func(ctx context.Context, q bench.Query) error {
		v := queryValues(q)
		v.Set("size", "20")
		return httpGet(ctx, client, hub.URL+"/api/v1/search?"+v.Encode())
	}
	// Warm up (connections, the index's segment tables, the page cache).
	bench.Drive(ctx, 2, bench.Queries(100, m.seed+9), apiSearch)
	// The hub's index prepares the thesaurus's alternatives once it has
	// been idle for a second (search/bleve/matches.go); give it that.
	time.Sleep(5 * time.Second)
	mem := bench.FollowMemory(hub.Pid(), 100*time.Millisecond)
	defer mem.Stop()
	results := map[int]*levelResult{}
	probed := 0 // the reader's next page: each level gets pages not asked before
	for _, c := range levels {
		r := &levelResult{clients: c}
		results[c] = r
		// A reader loads library pages one after the other while the
		// clients search.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var ttfb []time.Duration
		wg.Add(1)
		go func() {
			defer wg.Done()
			pc := benchClient(1)
			for ; ; probed++ {
				select {
				case <-stop:
					return
				default:
				}
				q := probes[probed%len(probes)]
				d, err := firstByte(ctx, pc, hub.URL+"/"+q.Lang+"/library?"+queryValues(q).Encode())
				if err != nil {
					r.ttfbErrors++
					continue
				}
				ttfb = append(ttfb, d)
			}
		}()
		r.hub = bench.Drive(ctx, c, mix[c], apiSearch)
		close(stop)
		wg.Wait()
		r.ttfb = bench.Summarise(ttfb)
		r.noop = bench.Drive(ctx, c, mix[c], func(ctx context.Context, _ bench.Query) error {
			return httpGet(ctx, client, hub.URL+"/healthz")
		})
		fmt.Fprintf(stdout, "%2d clients: hub p50 %s p95 %s p99 %s (%.0f/s, %d errors); library TTFB p50 %s p99 %s (%d); no-op p50 %s p99 %s\n",
			c, bench.Ms(r.hub.Latency.P50), bench.Ms(r.hub.Latency.P95), bench.Ms(r.hub.Latency.P99), r.hub.PerSecond(), r.hub.Errors,
			bench.Ms(r.ttfb.P50), bench.Ms(r.ttfb.P99), r.ttfb.N, bench.Ms(r.noop.Latency.P50), bench.Ms(r.noop.Latency.P99))
		if r.hub.Errors > 0 {
			fmt.Fprintf(stdout, "   first error: %s\n", r.hub.FirstError)
		}
	}
	peak, _ := bench.PeakResidentMemory(hub.Pid())
	searchPeak := mem.Peak()
	if err := hub.stop(); err != nil {
		return part, err
	}

	// The floor: the same queries on the same index, in this process.
	idx, rebuilt, err := searchbleve.Open(filepath.Join(dir, "index"))
	if err != nil {
		return part, err
	}
	defer idx.Close()
	if rebuilt {
		return part, fmt.Errorf("the index in %s was rebuilt on opening: run bench-import again", dir)
	}
	th := indexer.HubThesaurus()
	// As the hub's warmer does a moment after its start.
	idx.PrepareExpansions(th.All())
	if err := idx.PrepareNow(); err != nil {
		return part, err
	}
	visible := platform.VisibleTo(nil)
	var hitsMu sync.Mutex
	var hits uint64
	indexSearch := func(ctx context.Context, q bench.Query) error {
		// The query indexer.Searcher makes of the API's, for an anonymous
		// reader.
		res, err := idx.Search(ctx, search.Query{Text: q.Text, Lang: q.Lang, Fallback: i18n.Chain(q.Lang)[1:], Countries: q.Countries, Articles: q.Articles,
			Year: q.Year, Sort: q.Sort, Size: 20, Highlight: true, Visibilities: visible, Expand: th.Expand(q.Text), Facets: apiFacets})
		if err == nil {
			hitsMu.Lock()
			hits += res.Total
			hitsMu.Unlock()
		}
		return err
	}
	bench.Drive(ctx, 2, bench.Queries(100, m.seed+9), indexSearch)
	for _, c := range levels {
		hits = 0
		r := results[c]
		r.bleve = bench.Drive(ctx, c, mix[c], indexSearch)
		r.hits = float64(hits) / float64(max(1, len(mix[c])))
		fmt.Fprintf(stdout, "%2d clients: in-process bleve p50 %s p95 %s p99 %s (%.0f/s); hub ÷ bleve at p50 %.2f×\n",
			c, bench.Ms(r.bleve.Latency.P50), bench.Ms(r.bleve.Latency.P95), bench.Ms(r.bleve.Latency.P99), r.bleve.PerSecond(),
			ratio(r.hub.Latency.P50, r.bleve.Latency.P50))
	}

	f := part.Figures
	f["peak_rss_mb"], f["search_rss_mb"] = float64(peak)/(1<<20), float64(searchPeak)/(1<<20)
	for _, c := range levels {
		r := results[c]
		for name, run := range map[string]bench.Run{"hub": r.hub, "bleve": r.bleve, "noop": r.noop} {
			f[fmt.Sprintf("%s_p50_ms_c%d", name, c)] = msf(run.Latency.P50)
			f[fmt.Sprintf("%s_p95_ms_c%d", name, c)] = msf(run.Latency.P95)
			f[fmt.Sprintf("%s_p99_ms_c%d", name, c)] = msf(run.Latency.P99)
			f[fmt.Sprintf("%s_qps_c%d", name, c)] = run.PerSecond()
			f[fmt.Sprintf("%s_errors_c%d", name, c)] = float64(run.Errors)
		}
		f[fmt.Sprintf("ttfb_p50_ms_c%d", c)] = msf(r.ttfb.P50)
		f[fmt.Sprintf("ttfb_p95_ms_c%d", c)] = msf(r.ttfb.P95)
		f[fmt.Sprintf("ttfb_p99_ms_c%d", c)] = msf(r.ttfb.P99)
		f[fmt.Sprintf("overhead_p50_c%d", c)] = ratio(r.hub.Latency.P50, r.bleve.Latency.P50)
		f[fmt.Sprintf("overhead_p99_c%d", c)] = ratio(r.hub.Latency.P99, r.bleve.Latency.P99)
		f[fmt.Sprintf("hits_c%d", c)] = r.hits
	}

	var b strings.Builder
	fmt.Fprintf(&b, "The fixed query mix (`bench.Queries`: one or two words of a topic, whole topics, quoted phrases, words with a country, article or year filter, ")
	b.WriteString("prefixes `word*`, typos, practitioners' words of the thesaurus, words nearly every record has, browsing by filters sorted by date; ")
	b.WriteString("in the seven languages, a quarter of the Uzbek, Kazakh and Turkmen ones in the other script), ")
	fmt.Fprintf(&b, "%d distinct queries at each level, different at each level so that none is answered from the hub's result cache. ", o.queries)
	b.WriteString("Each client sends its next query when the previous answer has arrived. ")
	b.WriteString("**hub API**: `GET /api/v1/search?…&size=20` as an anonymous reader: 8 facets with counts (type, kind, country, area, article, language, status, year), ")
	b.WriteString("highlighted snippets, titles read from the database, thesaurus expansions. ")
	b.WriteString("**in-process bleve**: the same queries, as `indexer.Searcher` puts them to the index (same facets, snippets, expansions, visibility), ")
	b.WriteString("on the hub's index opened in the benchmark's process: no HTTP, no database. ")
	b.WriteString("**no-op**: `GET /healthz` of the same hub, as many requests at the same concurrency: HTTP, routing and middleware only. ")
	b.WriteString("**library page TTFB**: meanwhile one more reader loads `/{lang}/library?q=…` pages (search, facets, rendering) one after the other; time to the first byte.\n\n")
	b.WriteString("| clients | hub API p50 / p95 / p99 | hub q/s | errors | in-process bleve p50 / p95 / p99 | bleve q/s | hub ÷ bleve p50 / p99 | no-op p50 / p99 | library page TTFB p50 / p95 / p99 (pages) | hits per query |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range levels {
		r := results[c]
		fmt.Fprintf(&b, "| %d | %s / %s / **%s** | %.0f | %d | %s / %s / %s | %.0f | %.2f× / %.2f× | %s / %s | %s / %s / %s (%d) | %.0f |\n", c,
			bench.Ms(r.hub.Latency.P50), bench.Ms(r.hub.Latency.P95), bench.Ms(r.hub.Latency.P99), r.hub.PerSecond(), r.hub.Errors,
			bench.Ms(r.bleve.Latency.P50), bench.Ms(r.bleve.Latency.P95), bench.Ms(r.bleve.Latency.P99), r.bleve.PerSecond(),
			ratio(r.hub.Latency.P50, r.bleve.Latency.P50), ratio(r.hub.Latency.P99, r.bleve.Latency.P99),
			bench.Ms(r.noop.Latency.P50), bench.Ms(r.noop.Latency.P99),
			bench.Ms(r.ttfb.P50), bench.Ms(r.ttfb.P95), bench.Ms(r.ttfb.P99), r.ttfb.N, r.hits)
	}
	fmt.Fprintf(&b, "\nHub peak memory (VmHWM, since its start): %s; highest sampled during the searches: %s.\n", bench.MB(peak), bench.MB(searchPeak))
	part.Markdown = b.String()
	return part, nil
}

// firstByte loads a page and returns the time to its first byte.
func firstByte(ctx context.Context, c *http.Client, u string) (time.Duration, error) {
	var first time.Duration
	start := time.Now()
	trace := &httptrace.ClientTrace{GotFirstResponseByte: func() { first = time.Since(start) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), "GET", u, nil)
	if err != nil {
		return 0, err
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != 200 {
		return 0, fmt.Errorf("%s: %s", u, res.Status)
	}
	return first, nil
}

// ratio is a ÷ b.
func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}
