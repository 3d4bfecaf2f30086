package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ca-uncac/hub/bench"
)

type importBenchOptions struct {
	docs, batch, clients int
}

// benchImport generates the corpus, starts a hub with an empty database
// and imports the corpus through the API (POST /api/v1/documents/import,
// batches of o.batch documents, o.clients requests at a time), then waits
// until search finds every document. The hub's data stays in <out>/hub-N
// for the other parts.
func benchImport(ctx context.Context, m measureFlags, o importBenchOptions, stdout io.Writer) (bench.Part, error) {
	part := newPart(fmt.Sprintf("import-%d", o.docs), fmt.Sprintf("Import through the API, %d documents", o.docs))
	start := time.Now()
	corpus, lines, err := corpusLines(m.out, o.docs, m.seed)
	if err != nil {
		return part, err
	}
	fi, _ := os.Stat(corpus)
	fmt.Fprintf(stdout, "corpus %s: %d documents, %.0f MB (%s)\n", corpus, len(lines), float64(fi.Size())/(1<<20), time.Since(start).Round(time.Millisecond))
	dir := hubDataDir(m.out, o.docs)
	if err := os.RemoveAll(dir); err != nil {
		return part, err
	}
	hub, err := startHubProcess(ctx, m.hub, dir, 2*time.Minute)
	if err != nil {
		return part, err
	}
	defer hub.stop()
	token, err := hub.token(ctx)
	if err != nil {
		return part, err
	}
	var bodies [][]byte
	for i := 0; i < len(lines); i += o.batch {
		bodies = append(bodies, append(bytes.Join(lines[i:min(i+o.batch, len(lines))], []byte("\n")), '\n'))
	}
	mem := bench.FollowMemory(hub.Pid(), 200*time.Millisecond)
	defer mem.Stop()
	client := benchClient(o.clients)
	imported := 0
	importStart := time.Now()
	run := bench.Drive(ctx, o.clients, bodies, func(ctx context.Context, body []byte) error {
		req, err := http.NewRequestWithContext(ctx, "POST", hub.URL+"/api/v1/documents/import", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 201 {
			return fmt.Errorf("import: %s %.300s", res.Status, b)
		}
		return nil
	})
	if run.Errors > 0 {
		return part, fmt.Errorf("%d of %d import requests failed, the first: %s", run.Errors, run.Requests, run.FirstError)
	}
	imported = len(lines)
	importMem := mem.Peak()
	fmt.Fprintf(stdout, "imported %d documents in %s: %.0f documents/s (batches of %d, %d at a time; batch p50 %s, p99 %s)\n",
		imported, run.Took.Round(time.Millisecond), float64(imported)/run.Took.Seconds(), o.batch, o.clients, bench.Ms(run.Latency.P50), bench.Ms(run.Latency.P99))

	// Searchable: the hub's indexer follows the change log while the import
	// runs; wait for it to have every document.
	if err := waitIndexed(ctx, client, hub.URL, token, imported, 30*time.Minute); err != nil {
		return part, err
	}
	searchable := time.Since(importStart)
	sinceImport := searchable - run.Took
	peak, _ := bench.PeakResidentMemory(hub.Pid())
	fmt.Fprintf(stdout, "all %d searchable %s after the import began (%s after it ended); hub peak memory %s\n",
		imported, searchable.Round(time.Millisecond), sinceImport.Round(time.Millisecond), bench.MB(peak))
	if err := hub.stop(); err != nil {
		return part, err
	}
	dbSize, indexSize := dirSize(filepath.Join(dir, "db")), dirSize(filepath.Join(dir, "index"))

	rate := float64(imported) / run.Took.Seconds()
	part.Figures = map[string]float64{
		"docs": float64(imported), "docs_per_s": rate, "import_s": run.Took.Seconds(), "searchable_s": searchable.Seconds(),
		"searchable_per_s": float64(imported) / searchable.Seconds(), "batch_p50_ms": msf(run.Latency.P50), "batch_p99_ms": msf(run.Latency.P99),
		"peak_rss_mb": float64(peak) / (1 << 20), "import_rss_mb": float64(importMem) / (1 << 20),
		"db_mb": float64(dbSize) / (1 << 20), "index_mb": float64(indexSize) / (1 << 20), "corpus_mb": float64(fi.Size()) / (1 << 20),
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The corpus (`bench.Generator`, seed %d: laws, regulations, strategies, trainings, reports… of the five states in their languages, ", m.seed)
	b.WriteString("Kazakh also in Latin, Uzbek and Turkmen also in Cyrillic, mostly with Russian and often English texts, quoting the Convention) ")
	fmt.Fprintf(&b, "is %.0f MB of JSON lines. A hub with an empty embedded database (FerretDB on SQLite) takes it through `POST /api/v1/documents/import` ", float64(fi.Size())/(1<<20))
	fmt.Fprintf(&b, "in batches of %d, %d requests at a time, from a client on the same machine; its indexer follows the change log meanwhile.\n\n", o.batch, o.clients)
	b.WriteString("| measure | value |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| documents | %d |\n", imported)
	fmt.Fprintf(&b, "| import, acknowledged | %s, **%.0f documents/s** |\n", run.Took.Round(time.Millisecond), rate)
	fmt.Fprintf(&b, "| one batch of %d, p50 / p99 | %s / %s |\n", o.batch, bench.Ms(run.Latency.P50), bench.Ms(run.Latency.P99))
	fmt.Fprintf(&b, "| all searchable | %s after the import began (%s after it ended): %.0f documents/s end to end |\n",
		searchable.Round(time.Millisecond), sinceImport.Round(time.Millisecond), float64(imported)/searchable.Seconds())
	fmt.Fprintf(&b, "| hub peak memory (VmHWM) | %s (during the import: %s sampled) |\n", bench.MB(peak), bench.MB(importMem))
	fmt.Fprintf(&b, "| database on disk / index on disk | %s / %s |\n", bench.MB(dbSize), bench.MB(indexSize))
	part.Markdown = b.String()
	return part, nil
}

// waitIndexed polls the search until it counts want documents (the token's
// user sees every visibility).
func waitIndexed(ctx context.Context, client *http.Client, base, token string, want int, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/search?type=document&size=1", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err == nil {
			var r struct{ Total int }
			json.NewDecoder(res.Body).Decode(&r)
			res.Body.Close()
			if r.Total >= want {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("search did not count %d documents within %s", want, within)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}
