package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ca-uncac/hub/bench"
)

// The measurements of `make bench` (issue 5), one subcommand per part, each
// runnable alone; each saves its figures and its section under --out
// (bench/out) and rewrites bench/results.md from the latest run of every
// part:
//
//	hubbench bench-import --docs N   corpus of N generated documents imported through the API
//	hubbench bench-search --docs N   the query mix at 1, 8, 32 clients over HTTP; library page TTFB under the
//	                                 same load; the floors: in-process bleve, a no-op endpoint; peak memory
//	hubbench bench-pg --docs N       the same corpus and queries on PostgreSQL full-text search; nDCG@10 of both
//	hubbench bench-load              wrk for 60 s at 64 connections on search and the library page; memory
//	hubbench bench-pages             page weight and Lighthouse scores of the home and library pages
//	hubbench bench-report            rewrite bench/results.md from what the parts saved
//
// The hub under test is the real hub binary (--hub, or one built for the
// run), started as a separate process (`hub serve`) on a loopback port with
// its data in <out>/hub-N, so that its memory is its own and the client's
// work is not counted in it.

// measureOrder is the order of the parts in the results file.
var measureOrder = []string{
	"import-10000", "import-100000", "search-10000", "search-100000", "pg-10000", "pg-100000", "load", "pages",
}

// measureGoals are the goals of issue 5 (and issue 4's latency goals).
var measureGoals = []bench.Goal{
	{What: "search p50, 100,000 documents, API (facets, snippets, titles), 1 client", Part: "search-100000", Figure: "hub_p50_ms_c1", AtMost: true, Target: 10, Unit: "ms", Command: "make bench-search"},
	{What: "search p99, 100,000 documents, API (facets, snippets, titles), 1 client", Part: "search-100000", Figure: "hub_p99_ms_c1", AtMost: true, Target: 50, Unit: "ms", Command: "make bench-search"},
	{What: "hub faster than PostgreSQL FTS, median latency, 1 client (PostgreSQL ÷ hub)", Part: "pg-100000", Figure: "speedup_p50_c1", Target: 5, Unit: "×", Command: "make bench-pg"},
	{What: "hub faster than PostgreSQL FTS, p99 latency, 1 client (PostgreSQL ÷ hub)", Part: "pg-100000", Figure: "speedup_p99_c1", Target: 5, Unit: "×", Command: "make bench-pg"},
	{What: "nDCG@10 on the judged set, hub − PostgreSQL", Part: "pg-100000", Figure: "ndcg_diff", Target: 0, Unit: "", Command: "make bench-pg"},
	{What: "hub overhead over in-process bleve, median, 1 client (hub ÷ bleve)", Part: "search-100000", Figure: "overhead_p50_c1", AtMost: true, Target: 1.5, Unit: "×", Command: "make bench-search"},
	{What: "import through the API, 100,000 documents", Part: "import-100000", Figure: "docs_per_s", Target: 1000, Unit: "documents/s", Command: "make bench-import"},
	{What: "wrk 60 s × 64 connections: errors and 5xx, search and library page", Part: "load", Figure: "bad", AtMost: true, Target: 0, Unit: "", Command: "make bench-load"},
	{What: "memory growth after warm-up under wrk (end ÷ 10 s, worst target)", Part: "load", Figure: "rss_growth_pct", AtMost: true, Target: 10, Unit: "%", Command: "make bench-load"},
	{What: "home page weight (all bytes transferred)", Part: "pages", Figure: "home_kb", AtMost: true, Target: 150, Unit: "KB", Command: "make bench-pages"},
	{What: "library page weight (all bytes transferred)", Part: "pages", Figure: "library_kb", AtMost: true, Target: 150, Unit: "KB", Command: "make bench-pages"},
	{What: "Lighthouse accessibility (lowest page)", Part: "pages", Figure: "a11y_min", Target: 95, Unit: "", Command: "make bench-pages"},
	{What: "Lighthouse performance, mobile (lowest page)", Part: "pages", Figure: "perf_min", Target: 90, Unit: "", Command: "make bench-pages"},
}

// measureFlags are the flags every part takes.
type measureFlags struct {
	out, results string
	seed         uint64
	hub          string // the hub binary
}

func (m *measureFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.out, "out", "bench/out", "folder for the corpora, the hubs' data and each part's figures")
	fs.StringVar(&m.results, "results", "bench/results.md", "results file rewritten from every part's latest figures")
	fs.Uint64Var(&m.seed, "seed", 1, "seed of the corpus and the query mixes")
	fs.StringVar(&m.hub, "hub", "", "the hub binary to measure (default: built from ./cmd/hub into <out>/bin)")
}

// measureCmd runs the part named by cmd.
func measureCmd(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hubbench "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var m measureFlags
	m.register(fs)
	var run func() (bench.Part, error)
	switch cmd {
	case "bench-import":
		o := importBenchOptions{}
		fs.IntVar(&o.docs, "docs", 10_000, "documents to generate and import")
		fs.IntVar(&o.batch, "batch", 500, "documents per import request")
		fs.IntVar(&o.clients, "clients", 2, "import requests at a time")
		run = func() (bench.Part, error) { return benchImport(ctx, m, o, stdout) }
	case "bench-search":
		o := searchBenchOptions{}
		fs.IntVar(&o.docs, "docs", 10_000, "size of the corpus (imported first when missing)")
		fs.IntVar(&o.queries, "queries", 300, "searches at each level of concurrency (distinct, different at each level)")
		fs.StringVar(&o.levels, "clients", "1,8,32", "levels of concurrency")
		run = func() (bench.Part, error) { return benchSearch(ctx, m, o, stdout) }
	case "bench-pg":
		o := pgBenchOptions{}
		fs.IntVar(&o.docs, "docs", 10_000, "size of the corpus")
		fs.IntVar(&o.queries, "queries", 300, "searches at each level of concurrency (the hub's mix)")
		fs.StringVar(&o.levels, "clients", "1,8,32", "levels of concurrency")
		fs.StringVar(&o.url, "pg", "postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable", "PostgreSQL server (bench/postgres.sh start runs one)")
		run = func() (bench.Part, error) { return benchPG(ctx, m, o, stdout) }
	case "bench-load":
		o := loadBenchOptions{}
		fs.IntVar(&o.docs, "docs", 100_000, "size of the corpus (imported first when missing)")
		fs.DurationVar(&o.duration, "duration", time.Minute, "how long wrk runs on each page")
		fs.IntVar(&o.connections, "connections", 64, "wrk connections")
		fs.IntVar(&o.threads, "threads", 2, "wrk threads")
		fs.StringVar(&o.wrk, "wrk", "wrk", "the wrk program")
		fs.StringVar(&o.script, "script", "bench/wrk/paths.lua", "the wrk script")
		run = func() (bench.Part, error) { return benchLoad(ctx, m, o, stdout) }
	case "bench-pages":
		o := pagesBenchOptions{}
		fs.StringVar(&o.lighthouse, "lighthouse", "tools/lighthouse/node_modules/.bin/lighthouse", "the lighthouse program")
		fs.StringVar(&o.chrome, "chrome", "/usr/bin/chromium", "the Chromium Lighthouse drives")
		run = func() (bench.Part, error) { return benchPages(ctx, m, o, stdout) }
	case "bench-report":
		run = nil
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if run != nil {
		if cmd != "bench-pg" {
			hub, err := hubBinary(ctx, m.hub, filepath.Join(m.out, "bin"), stdout)
			if err != nil {
				return err
			}
			m.hub = hub
		}
		p, err := run()
		if err != nil {
			return err
		}
		p.Command = "hubbench " + cmd + " " + strings.Join(args, " ")
		if err := bench.SavePart(m.out, p); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "saved %s\n", filepath.Join(m.out, p.Name+".json"))
	}
	analysis, _ := os.ReadFile(filepath.Join(filepath.Dir(m.results), "analysis.md"))
	if err := bench.Results(m.out, m.results, measureOrder, measureGoals, string(analysis)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", m.results)
	return nil
}

// newPart starts a part's record.
func newPart(name, title string) bench.Part {
	return bench.Part{Name: name, Title: title, When: time.Now(), Load: bench.LoadAverage(), Figures: map[string]float64{}}
}

// hubProcess is a hub serving from its own process, started by the
// benchmark.
type hubProcess struct {
	exe     string
	cmd     *exec.Cmd
	URL     string
	DataDir string
	env     []string
	exited  chan error
	logs    *bytes.Buffer

	stopOnce sync.Once
	stopErr  error
}

// startHubProcess runs `hub serve` (the hub binary exe) with its data in
// dataDir on a free loopback port and waits until it is ready, at most
// within. Its log (warnings and errors only, unless extraEnv sets
// HUB_LOG_LEVEL) is kept in memory for the error messages.
func startHubProcess(ctx context.Context, exe, dataDir string, within time.Duration, extraEnv ...string) (*hubProcess, error) {
	return startHub(ctx, exe, dataDir, within, nil, extraEnv...)
}

// startHub is startHubProcess with the hub's standard error given to
// logTo when it is not nil: the child then writes its log into the file
// itself, as under an operator's redirection, and this process copies
// nothing (bench-observability counts what writing the log costs the hub).
func startHub(ctx context.Context, exe, dataDir string, within time.Duration, logTo *os.File, extraEnv ...string) (*hubProcess, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "HUB_DATA_DIR="+dataDir, "HUB_ADDR="+addr, "HUB_BASE_URL=http://"+addr, "HUB_LOG_LEVEL=warn", "HUB_DEMO=false")
	env = append(env, extraEnv...)
	cmd := exec.Command(exe, "serve")
	cmd.Env = env
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = io.Discard, &limitedWriter{w: logs, n: 1 << 20}
	if logTo != nil {
		cmd.Stderr = logTo
		fmt.Fprintf(logs, "(the hub's log is in %s)\n", logTo.Name())
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &hubProcess{exe: exe, cmd: cmd, URL: "http://" + addr, DataDir: dataDir, env: env, exited: make(chan error, 1), logs: logs}
	go func() { p.exited <- cmd.Wait() }()
	deadline := time.Now().Add(within)
	for {
		res, err := http.Get(p.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p, nil
			}
		}
		select {
		case err := <-p.exited:
			return nil, fmt.Errorf("the hub exited while starting: %v\n%s", err, logs.String())
		case <-ctx.Done():
			p.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("the hub was not ready within %s\n%s", within, logs.String())
		}
	}
}

// freeAddr is a loopback address with a port free a moment ago, for a
// child process to listen on.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Pid is the hub's process id.
func (p *hubProcess) Pid() int { return p.cmd.Process.Pid }

// stop ends the hub as an operator would (SIGTERM) and waits. Called
// again (a deferred stop after an explicit one), it returns what the first
// call did at once: the process's exit was read by the first call, and
// waiting for it again would take the whole minute.
func (p *hubProcess) stop() error {
	p.stopOnce.Do(func() { p.stopErr = p.terminate() })
	return p.stopErr
}

func (p *hubProcess) terminate() error {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("the hub stopped with %v\n%s", err, p.logs.String())
		}
		return nil
	case <-time.After(time.Minute):
		p.cmd.Process.Kill()
		return fmt.Errorf("the hub did not stop within a minute")
	}
}

// token creates a secretariat user with an API token beside the running
// hub (`hub users add`), as an administrator would.
func (p *hubProcess) token(ctx context.Context) (string, error) {
	email := fmt.Sprintf("bench-%d@example.org", time.Now().UnixNano())
	cmd := exec.CommandContext(ctx, p.exe, "users", "add", "--email", email, "--name", "Benchmark", "--role", "secretariat", "--token")
	cmd.Env = p.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("users add: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1], nil
}

// limitedWriter keeps the first n bytes written.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

// corpusFile returns the path of the corpus of n documents for seed under
// out, generating it (bench.Generator, one DocumentInput JSON object per
// line) when it is missing.
func corpusFile(out string, n int, seed uint64) (string, error) {
	path := filepath.Join(out, fmt.Sprintf("corpus-%d-%d.jsonl", n, seed))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	tmp := path + ".tmp"
	if _, err := writeCorpus(tmp, n, seed); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// corpusLines is corpusFile with the corpus's lines.
func corpusLines(out string, n int, seed uint64) (string, [][]byte, error) {
	path, err := corpusFile(out, n, seed)
	if err != nil {
		return "", nil, err
	}
	lines, err := readLines(path)
	return path, lines, err
}

// readLines returns the non-blank lines of a file.
func readLines(path string) ([][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 {
			out = append(out, line)
		}
	}
	return out, nil
}

// hubDataDir is where the hub of the corpus of n documents keeps its data.
func hubDataDir(out string, n int) string { return filepath.Join(out, fmt.Sprintf("hub-%d", n)) }

// queryValues are a benchmark query as the search API and the library page
// take it.
func queryValues(q bench.Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	v.Set("lang", q.Lang)
	for _, c := range q.Countries {
		v.Add("country", c)
	}
	for _, a := range q.Articles {
		v.Add("article", strconv.Itoa(a))
	}
	if q.Year != 0 {
		v.Set("year", strconv.Itoa(q.Year))
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	return v
}

// mixes returns the query mix of each level: different queries at each
// level (so that no level finds its answers in the hub's result cache), the
// same for the same seed, each query once.
func mixes(levels []int, queries int, seed uint64) map[int][]bench.Query {
	out := map[int][]bench.Query{}
	for _, c := range levels {
		seen := map[string]bool{}
		var mix []bench.Query
		for _, q := range bench.Queries(queries*3, seed*1000+uint64(c)) {
			k := queryValues(q).Encode()
			if !seen[k] && len(mix) < queries {
				seen[k] = true
				mix = append(mix, q)
			}
		}
		out[c] = mix
	}
	return out
}

// parseLevels reads "1,8,32".
func parseLevels(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("bad level of concurrency %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// dirSize is the size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// ms is a duration in milliseconds, as a figure.
func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// httpGet fetches a URL with the client and fails on any status but 200.
func httpGet(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return err
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != 200 {
		return fmt.Errorf("%s: %s", u, res.Status)
	}
	return nil
}

// benchClient is an HTTP client with a connection for each of n clients.
func benchClient(n int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost, t.MaxConnsPerHost = n+4, n+4, 0
	return &http.Client{Transport: t, Timeout: 2 * time.Minute}
}
