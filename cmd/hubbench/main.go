// Command hubbench holds the hub's benchmarks and measurements, apart from
// the server so that the hub's binary links none of their tools (the
// PostgreSQL driver of bench-pg among them).
//
// Where a benchmark measures the whole process (a hub serving over HTTP, or
// `hub import` as an operator runs it), it drives the real hub binary as a
// child process: the one given with --hub, or one built from ./cmd/hub for
// the run. Where it measures inside the process (the engine's searches, the
// relevance of the judged set), it opens the embedded database and the index
// through package wiring, as the hub does.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ca-uncac/hub/cmd/internal/wiring"
	"github.com/ca-uncac/hub/platform/mongo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hubbench:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  hubbench bench [--docs N] [--queries N] [--dir DIR] [--reuse] [--hub HUB]
                              performance benchmark on the embedded default: generate, import (hub import),
                              index and search a corpus of N documents (default 100,000)
  hubbench bench-import|bench-search|bench-pg|bench-load|bench-pages [--docs N] [--out bench/out] [--hub HUB]
                              the measurements of bench/results.md, each part alone (make bench runs
                              them all): import through the API, search against PostgreSQL and the
                              in-process floor, wrk load, page weight and Lighthouse; bench-report
                              rewrites the results from what the parts saved
  hubbench bench-observability [--docs N] [--queries N] [--clients 1,8] [--rounds N] [--scrape 1s] [--each] [--control]
                              [--pipe] [--log-dir DIR] [--hub HUB]
                              what metrics (HUB_METRICS_ADDR, scraped) and the JSON request log to a file
                              cost bench-search's query mix: runs without and with both, alternating,
                              p50 and p99 of each and the difference in %
  hubbench bench-experts [--experts N] [--requests N] [--dir DIR] [--reuse] [--hub HUB]
  hubbench bench-events [--events N] [--registrations N] [--requests N] [--dir DIR] [--reuse] [--hub HUB]
                              the events' benchmark: month view, event page, a year's iCalendar feed and
                              the statistics page with 2,000 events and 100,000 registrations, and 500
                              registrations sent at once to an event of capacity 100
  hubbench bench-roadmap [--items N] [--views N] [--import N] [--dir DIR]
                              the roadmap's benchmark, in the process on the embedded database: 10,000
                              items imported through the service, the overview and the attention list
                              for each tier of readers right after a claim, a 5,000-row import
  hubbench bench-schedule [--seed N] [--runs N] [--timebox 2s] [--requests N] [--small N]
                              the bilateral scheduler, in the process: synthetic conferences of 60
                              delegations and 400 requests (placed, proven bound, gap, time), a re-solve
                              after a withdrawn room, and 200 small instances against an exhaustive search
  hubbench bench-backup [--hub ./hub] [--docs 10000] [--runs 3] [--out DIR]
                              hub backup and hub restore (with the index rebuilt) of the generated corpus,
                              each timed as a whole process, nothing reused between runs
  hubbench relevance [--top N] [--raise-floor FILE]
                              measure search relevance (nDCG@10, MRR) of the judged queries
                              (search/relevance) on the demo content, in a temporary folder

--hub is the hub binary the benchmarks run (make passes ./hub); without it,
one is built from ./cmd/hub for the run.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("no command\n%s", usage)
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "bench":
		return benchCmd(ctx, args, stdout, stderr)
	case "bench-import", "bench-search", "bench-pg", "bench-load", "bench-pages", "bench-report":
		return measureCmd(ctx, cmd, args, stdout, stderr)
	case "relevance":
		return relevanceCmd(ctx, args, stdout, stderr)
	case "bench-observability":
		return observabilityCmd(ctx, args, stdout, stderr)
	case "bench-experts":
		return expertsBenchCmd(ctx, args, stdout, stderr)
	case "bench-events":
		return eventsBenchCmd(ctx, args, stdout, stderr)
	case "bench-roadmap":
		return roadmapBenchCmd(ctx, args, stdout, stderr)
	case "bench-schedule":
		return scheduleBenchCmd(ctx, args, stdout, stderr)
	case "bench-backup":
		return backupBenchCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// hubBinary returns the hub binary to run: path when it is set, else one
// built now from ./cmd/hub into dir, as `make build` builds it (without the
// embedded FerretDB's PostgreSQL backend: the Makefile's SERVER_TAGS).
func hubBinary(ctx context.Context, path, dir string, stdout io.Writer) (string, error) {
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return "", err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", fmt.Errorf("--hub: %w (make build writes ./hub)", err)
		}
		return abs, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(dir, "hub")
	start := time.Now()
	build := exec.CommandContext(ctx, "go", "build", "-tags", "ferretdb_no_postgresql", "-o", out, "github.com/ca-uncac/hub/cmd/hub")
	if msg, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the hub: %v\n%s", err, msg)
	}
	fmt.Fprintf(stdout, "built the hub into %s (%s)\n", out, time.Since(start).Round(time.Millisecond))
	return out, nil
}

// dbName is the database the benchmarks' embedded databases hold (the
// hub's default, HUB_MONGO_DB).
const dbName = "uncachub"

// database is an embedded database in a benchmark's folder, opened as the
// hub opens its default.
type database struct {
	embedded *mongo.Embedded
	db       *mongo.DB
	docs     *mongo.DocumentService
	events   *mongo.EventService
}

// openDatabase starts the embedded database with its files in dir/db.
func openDatabase(ctx context.Context, dir string) (*database, error) {
	e, db, err := wiring.OpenEmbedded(ctx, filepath.Join(dir, "db"), dbName, 15*time.Second, nil)
	if err != nil {
		return nil, err
	}
	return &database{embedded: e, db: db, docs: mongo.NewDocumentService(db), events: mongo.NewEventService(db)}, nil
}

func (d *database) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = d.db.Close(ctx)
	d.embedded.Stop()
}
