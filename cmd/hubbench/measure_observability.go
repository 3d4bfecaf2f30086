package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ca-uncac/hub/bench"
)

// bench-observability measures what the hub's observability costs a
// reader's search: Prometheus metrics (HUB_METRICS_ADDR set, and /metrics
// scraped during the run as Prometheus would) and the request log (one
// JSON line a request written to a file). It runs the hub of bench-search
// (the same imported corpus, the same query mix through the search API)
// alternately without both and with both, each run a new hub process, and
// compares the latencies pooled over the runs of each configuration.
// --each adds runs with either alone; --control runs "off" in place of
// "on", which tells how far apart two identical configurations come out
// on the machine at the time.
//
// The hub's result cache (search/bleve/cache.go) lives in its process and
// starts empty with each run; within a run every search is distinct (by
// its whole query string: the warm-up and each level of concurrency draw
// from one set), so no answer measured comes from it. Every run sends the
// same searches in the same order, so the two configurations are compared
// on the same work.

type observabilityOptions struct {
	docs, queries, rounds int
	levels                string
	scrape                time.Duration
	each                  bool   // also runs with metrics alone and with the log alone
	control               bool   // "on" replaced by a second "off": the method's noise
	logDir                string // where the request logs are written
	pipe                  bool   // the log goes through a pipe to cat, which writes the file
}

// observabilityCmd parses bench-observability's flags and runs it.
func observabilityCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hubbench bench-observability", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var m measureFlags
	o := observabilityOptions{}
	fs.StringVar(&m.out, "out", "bench/out", "folder for the corpus, the hub's data, the request logs and the figures")
	fs.Uint64Var(&m.seed, "seed", 1, "seed of the corpus and the query mix")
	fs.StringVar(&m.hub, "hub", "", "the hub binary to measure (default: built from ./cmd/hub into <out>/bin)")
	fs.IntVar(&o.docs, "docs", 10_000, "size of the corpus (imported first when missing)")
	fs.IntVar(&o.queries, "queries", 2000, "distinct searches at each level of concurrency in each run")
	fs.StringVar(&o.levels, "clients", "1,8", "levels of concurrency")
	fs.IntVar(&o.rounds, "rounds", 4, "rounds, each one run without and one with metrics and the request log (alternating which goes first)")
	fs.DurationVar(&o.scrape, "scrape", time.Second, "how often /metrics is scraped during a run with metrics")
	fs.StringVar(&o.logDir, "log-dir", "", "folder the hub's request logs are written to (default <out>/observability-N-logs)")
	fs.BoolVar(&o.control, "control", false, "compare the hub without metrics and log with itself (each \"on\" run is one more \"off\"): the noise of the method on this machine")
	fs.BoolVar(&o.pipe, "pipe", false, "the hub writes its log into a pipe that cat copies into the file, as docker's log driver or journald take it")
	fs.BoolVar(&o.each, "each", false, "also run with the metrics alone and with the request log alone, to tell their shares")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if o.rounds < 1 || o.queries < 100 || o.scrape <= 0 {
		return fmt.Errorf("--rounds must be at least 1, --queries at least 100 and --scrape positive")
	}
	hub, err := hubBinary(ctx, m.hub, filepath.Join(m.out, "bin"), stdout)
	if err != nil {
		return err
	}
	m.hub = hub
	p, err := benchObservability(ctx, m, o, stdout)
	if err != nil {
		return err
	}
	p.Command = "hubbench bench-observability " + strings.Join(args, " ")
	if err := bench.SavePart(m.out, p); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\nsaved %s\n", p.Markdown, filepath.Join(m.out, p.Name+".json"))
	return nil
}

// observed is a configuration of the hub's observability.
type observed struct {
	metrics bool // HUB_METRICS_ADDR set, /metrics scraped
	log     bool // HUB_LOG_LEVEL=info: every request logged, as JSON, to a file
	again   bool // off, counted apart (--control)
}

var (
	quiet        = observed{}                         // no metrics; the log at warn, so no request lines
	instrumented = observed{metrics: true, log: true} // what an operator runs
)

func (c observed) String() string {
	switch c {
	case quiet:
		return "metrics and request log off"
	case instrumented:
		return "metrics and request log on"
	case observed{metrics: true}:
		return "metrics alone"
	case observed{again: true}:
		return "metrics and request log off again"
	}
	return "request log alone"
}

// short names the configuration in the figures and the table.
func (c observed) short() string {
	switch c {
	case quiet:
		return "off"
	case instrumented:
		return "on"
	case observed{metrics: true}:
		return "metrics"
	case observed{again: true}:
		return "off again"
	}
	return "log"
}

// observabilityConfigs are the configurations each round runs, in order.
func observabilityConfigs(o observabilityOptions) []observed {
	last := instrumented
	if o.control {
		last = observed{again: true}
	}
	if o.each {
		return []observed{quiet, {metrics: true}, {log: true}, last}
	}
	return []observed{quiet, last}
}

// obsLevel is what one level of concurrency of one run measured.
type obsLevel struct {
	latencies []time.Duration
	errors    int
	firstErr  string
	took      time.Duration
	cpu       time.Duration // the hub's CPU time (user and system) meanwhile
}

// obsRun is one run of the hub in one configuration.
type obsRun struct {
	config   observed
	levels   map[int]*obsLevel
	scrapes  int   // /metrics answered during the run
	scrapeKB int64 // the last scrape's size
	logLines int   // request lines written for the search API
	logBytes int64
	searches int // searches sent, warm-up included
	counted  float64
}

// obsMix is the searches of one run: a warm-up and, for each level, its
// own, all distinct.
type obsMix struct {
	warm   []bench.Query
	levels map[int][]bench.Query
}

// observabilityMix draws the run's searches from the mix of bench-search
// (bench.Queries), keeping each distinct query string once, so that no
// search of a run is answered from the hub's result cache.
func observabilityMix(levels []int, queries int, seed uint64) (obsMix, error) {
	need := 100 + queries*len(levels)
	seen := map[string]bool{}
	var all []bench.Query
	// The generator has about 20,000 distinct searches; 200,000 draws find
	// nearly all of them.
	for round := uint64(0); len(all) < need && round < 10; round++ {
		for _, q := range bench.Queries(20_000, seed*1000+500+round) {
			k := queryValues(q).Encode()
			if !seen[k] && len(all) < need {
				seen[k] = true
				all = append(all, q)
			}
		}
	}
	if len(all) < need {
		return obsMix{}, fmt.Errorf("the query mix has only %d distinct searches, %d needed: ask fewer --queries", len(all), need)
	}
	mix := obsMix{warm: all[:100], levels: map[int][]bench.Query{}}
	for i, c := range levels {
		mix.levels[c] = all[100+i*queries : 100+(i+1)*queries]
	}
	return mix, nil
}

func benchObservability(ctx context.Context, m measureFlags, o observabilityOptions, stdout io.Writer) (bench.Part, error) {
	part := newPart(fmt.Sprintf("observability-%d", o.docs), fmt.Sprintf("Cost of metrics and request logging, %d documents", o.docs))
	levels, err := parseLevels(o.levels)
	if err != nil {
		return part, err
	}
	if err := ensureImported(ctx, m, o.docs, stdout); err != nil {
		return part, err
	}
	mix, err := observabilityMix(levels, o.queries, m.seed)
	if err != nil {
		return part, err
	}
	logDir := o.logDir
	if logDir == "" {
		logDir = filepath.Join(m.out, fmt.Sprintf("observability-%d-logs", o.docs))
	}
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return part, err
	}
	// Every other round runs the configurations in the reverse order (off
	// on, on off, off on…): a drift of the machine over the session falls
	// on each alike.
	var runs []*obsRun
	for round := range o.rounds {
		order := observabilityConfigs(o)
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for _, cfg := range order {
			logPath := filepath.Join(logDir, fmt.Sprintf("round-%d-%s.jsonl", round+1, cfg.short()))
			r, err := observabilityRun(ctx, m, o, cfg, mix, levels, logPath)
			if err != nil {
				return part, fmt.Errorf("round %d, %s: %w", round+1, cfg, err)
			}
			runs = append(runs, r)
			fmt.Fprintf(stdout, "round %d, %s:", round+1, cfg)
			for _, c := range levels {
				l := r.levels[c]
				s := bench.Summarise(l.latencies)
				fmt.Fprintf(stdout, " %d clients p50 %s p99 %s (%.0f/s, %d errors, CPU %.0f µs/search);", c, bench.Ms(s.P50), bench.Ms(s.P99),
					float64(len(l.latencies))/l.took.Seconds(), l.errors, float64(l.cpu.Microseconds())/float64(max(1, len(l.latencies))))
			}
			if cfg.metrics {
				fmt.Fprintf(stdout, " %d scrapes of %d KB, the search counter says %.0f of %d;", r.scrapes, r.scrapeKB, r.counted, r.searches)
			}
			if cfg.log {
				fmt.Fprintf(stdout, " %d request lines (%s) in %s", r.logLines, bench.MB(r.logBytes), logPath)
			}
			fmt.Fprintln(stdout)
			for _, c := range levels {
				// A search can fail on a machine busy with other work (over
				// its time budget: 400; no turn in time: 503): counted and
				// shown, not timed, and the run goes on.
				if l := r.levels[c]; l.errors > 0 {
					fmt.Fprintf(stdout, "   %d clients: %d searches failed, the first: %s\n", c, l.errors, l.firstErr)
				}
			}
			if (cfg.log && r.logLines != r.searches) || (cfg.metrics && int(r.counted) != r.searches) {
				return part, fmt.Errorf("round %d, %s: %d searches sent, but %d request lines logged and %.0f counted by the metrics", round+1, cfg, r.searches, r.logLines, r.counted)
			}
		}
	}
	part.Markdown = observabilityReport(part, o, levels, runs)
	return part, nil
}

// observabilityRun starts a hub in configuration cfg, warms it up, sends
// each level's searches and stops it.
func observabilityRun(ctx context.Context, m measureFlags, o observabilityOptions, cfg observed, mix obsMix, levels []int, logPath string) (*obsRun, error) {
	r := &obsRun{config: cfg, levels: map[int]*obsLevel{}}
	// Set whatever the environment says: only cfg differs between runs.
	env := []string{"HUB_LOG_FORMAT=json", "HUB_METRICS_ADDR=", "HUB_LOG_LEVEL=warn"}
	var logFile *os.File
	metricsURL := ""
	if cfg.metrics {
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		metricsURL = "http://" + addr + "/metrics"
		env = append(env, "HUB_METRICS_ADDR="+addr)
	}
	hubLog := (*os.File)(nil) // the hub's standard error
	var copier *exec.Cmd
	if cfg.log {
		var err error
		if logFile, err = os.Create(logPath); err != nil {
			return nil, err
		}
		defer logFile.Close()
		env = append(env, "HUB_LOG_LEVEL=info")
		hubLog = logFile
		if o.pipe {
			r, w, err := os.Pipe()
			if err != nil {
				return nil, err
			}
			copier = exec.Command("cat")
			copier.Stdin, copier.Stdout = r, logFile
			err = copier.Start()
			r.Close()
			if err != nil {
				w.Close()
				return nil, err
			}
			// The hub gets its own copy of w; closing this one lets cat
			// see the end when the hub exits.
			defer w.Close()
			hubLog = w
		}
	}
	hub, err := startHub(ctx, m.hub, hubDataDir(m.out, o.docs), 10*time.Minute, hubLog, env...)
	if copier != nil {
		hubLog.Close()
		defer copier.Wait()
	}
	if err != nil {
		return nil, err
	}
	defer hub.stop()
	client := benchClient(64)
	var mu sync.Mutex
	var current *obsLevel
	search := func(ctx context.Context, q bench.Query) error {
		v := queryValues(q)
		v.Set("size", "20")
		start := time.Now()
		err := httpGet(ctx, client, hub.URL+"/api/v1/search?"+v.Encode())
		took := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		if current != nil {
			if err != nil {
				current.errors++
				if current.firstErr == "" {
					current.firstErr = err.Error()
				}
			} else {
				current.latencies = append(current.latencies, took)
			}
		}
		return err
	}
	// Prometheus scrapes the metrics from the start, every o.scrape.
	var scrapeWG sync.WaitGroup
	stopScrape := make(chan struct{})
	var lastScrape []byte
	scrapeErr := error(nil)
	if metricsURL != "" {
		scrapeWG.Add(1)
		go func() {
			defer scrapeWG.Done()
			sc := benchClient(1)
			tick := time.NewTicker(o.scrape)
			defer tick.Stop()
			for {
				select {
				case <-stopScrape:
					return
				case <-tick.C:
				}
				b, err := scrapeMetrics(ctx, sc, metricsURL)
				mu.Lock()
				if err != nil && scrapeErr == nil {
					scrapeErr = err
				}
				if err == nil {
					r.scrapes++
					lastScrape = b
				}
				mu.Unlock()
			}
		}()
	}
	// Warm up (connections, the index's segment tables, the page cache),
	// then give the index the idle second after which it prepares the
	// thesaurus's alternatives (search/bleve/matches.go), as bench-search
	// does.
	bench.Drive(ctx, 2, mix.warm, search)
	time.Sleep(5 * time.Second)
	for _, c := range levels {
		l := &obsLevel{}
		r.levels[c] = l
		mu.Lock()
		current = l
		mu.Unlock()
		cpu0, err := processCPU(hub.Pid())
		if err != nil {
			return nil, err
		}
		start := time.Now()
		bench.Drive(ctx, c, mix.levels[c], search)
		l.took = time.Since(start)
		cpu1, err := processCPU(hub.Pid())
		if err != nil {
			return nil, err
		}
		l.cpu = cpu1 - cpu0
		mu.Lock()
		current = nil
		mu.Unlock()
	}
	r.searches = len(mix.warm)
	for _, c := range levels {
		r.searches += len(mix.levels[c])
	}
	if metricsURL != "" {
		close(stopScrape)
		scrapeWG.Wait()
		if scrapeErr != nil {
			return nil, fmt.Errorf("scraping %s: %w", metricsURL, scrapeErr)
		}
		// One more, to check that every search was counted.
		b, err := scrapeMetrics(ctx, benchClient(1), metricsURL)
		if err != nil {
			return nil, err
		}
		r.scrapeKB = int64(len(lastScrape)+1023) / 1024
		r.counted = searchesCounted(b)
	}
	if err := hub.stop(); err != nil {
		return nil, err
	}
	if copier != nil {
		if err := copier.Wait(); err != nil {
			return nil, fmt.Errorf("cat, copying the log: %w", err)
		}
	}
	if logFile != nil {
		if r.logLines, r.logBytes, err = countRequestLines(logPath, "/api/v1/search"); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// scrapeMetrics fetches /metrics as Prometheus does (its text format).
func scrapeMetrics(ctx context.Context, c *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("%s: %s", u, res.Status)
	}
	return b, nil
}

// searchesCounted is the search API's answered GETs in a scrape, all
// statuses.
func searchesCounted(scrape []byte) float64 {
	var n float64
	for line := range bytes.Lines(scrape) {
		s := strings.TrimSpace(string(line))
		if !strings.HasPrefix(s, "hub_http_requests_total{") || !strings.Contains(s, `route="/api/v1/search"`) || !strings.Contains(s, `method="GET"`) {
			continue
		}
		if v, err := strconv.ParseFloat(s[strings.LastIndexByte(s, ' ')+1:], 64); err == nil {
			n += v
		}
	}
	return n
}

// countRequestLines counts the request lines of route in a JSON log and
// their size.
func countRequestLines(path, route string) (int, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var lines int
	var size int64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		b := sc.Bytes()
		if bytes.Contains(b, []byte(`"msg":"request"`)) && bytes.Contains(b, []byte(`"route":"`+route+`"`)) {
			lines++
			size += int64(len(b)) + 1
		}
	}
	return lines, size, sc.Err()
}

// processCPU is the CPU time (user and system) a process has used, from
// /proc/<pid>/stat, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command's name, in parentheses, may hold spaces: the fields
	// counted are after it (utime and stime are the 14th and 15th).
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %q %q", pid, f[11], f[12])
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// obsSummary pools the runs of one configuration at one level.
type obsSummary struct {
	lat      bench.Percentiles
	perSec   float64
	cpuPer   float64 // µs of the hub's CPU per search
	runs     []bench.Percentiles
	searches int
	errors   int
}

func summariseObserved(runs []*obsRun, cfg observed, c int) obsSummary {
	var s obsSummary
	var all []time.Duration
	var took, cpu time.Duration
	for _, r := range runs {
		if r.config != cfg {
			continue
		}
		l := r.levels[c]
		all = append(all, l.latencies...)
		took += l.took
		cpu += l.cpu
		s.errors += l.errors
		s.runs = append(s.runs, bench.Summarise(l.latencies))
	}
	s.lat = bench.Summarise(all)
	s.searches = len(all)
	if took > 0 {
		s.perSec = float64(len(all)) / took.Seconds()
	}
	s.cpuPer = float64(cpu.Microseconds()) / float64(max(1, len(all)))
	return s
}

// pct is the relative difference of b over a, in %.
func pct(a, b float64) float64 {
	if a == 0 {
		return 0
	}
	return 100 * (b - a) / a
}

// roundDiffs are the differences, in %, between the two runs of each
// round at the percentile pick chooses, sorted.
func roundDiffs(off, on []bench.Percentiles, pick func(bench.Percentiles) time.Duration) []float64 {
	var d []float64
	for i := range min(len(off), len(on)) {
		d = append(d, pct(float64(pick(off[i])), float64(pick(on[i]))))
	}
	slices.Sort(d)
	return d
}

func observabilityReport(part bench.Part, o observabilityOptions, levels []int, runs []*obsRun) string {
	f := part.Figures
	configs := observabilityConfigs(o)
	var b strings.Builder
	fmt.Fprintf(&b, "%d rounds, each one hub run in each of %d configurations (in turn, the order reversed every other round), %d runs in all, each a new hub process on the same %d documents. ",
		o.rounds, len(configs), len(runs), o.docs)
	fmt.Fprintf(&b, "Each run: 100 searches to warm up, 5 s idle, then %d distinct searches at each level of concurrency (`GET /api/v1/search?…&size=20`, the mix of bench-search), ", o.queries)
	b.WriteString("the same in every run and none repeated within one, so none is answered from the hub's result cache. ")
	fmt.Fprintf(&b, "**off**: `HUB_METRICS_ADDR` empty, `HUB_LOG_LEVEL=warn` (request lines are INFO). **on**: `HUB_METRICS_ADDR` set and `/metrics` scraped every %s, ", o.scrape)
	b.WriteString("`HUB_LOG_LEVEL=info HUB_LOG_FORMAT=json` with the log written to a file")
	if o.pipe {
		b.WriteString(" by `cat`, from a pipe the hub writes into")
	}
	if o.each {
		b.WriteString("; **metrics** and **log**: one of the two alone")
	}
	if o.control {
		b.WriteString("; **off again**: in place of **on**, the same hub as **off** once more, so that the difference is the method's noise alone")
	}
	b.WriteString(". Latencies pooled over the runs of each configuration; ")
	b.WriteString("hub CPU is the hub process's user and system time over the searches (scrapes included), per search.\n\n")
	b.WriteString("| clients | configuration | searches timed (failed) | p50 | p99 | mean | searches/s | hub CPU per search |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range levels {
		off := summariseObserved(runs, quiet, c)
		for _, cfg := range configs {
			s := summariseObserved(runs, cfg, c)
			fmt.Fprintf(&b, "| %d | %s | %d (%d) | %s | %s | %s | %.0f | %.0f µs |\n", c, cfg.short(), s.searches, s.errors, bench.Ms(s.lat.P50), bench.Ms(s.lat.P99),
				bench.Ms(s.lat.Avg), s.perSec, s.cpuPer)
			k := strings.ReplaceAll(cfg.short(), " ", "_")
			f[fmt.Sprintf("%s_p50_ms_c%d", k, c)], f[fmt.Sprintf("%s_p99_ms_c%d", k, c)] = msf(s.lat.P50), msf(s.lat.P99)
			f[fmt.Sprintf("%s_cpu_us_c%d", k, c)] = s.cpuPer
		}
		for _, cfg := range configs[1:] {
			on := summariseObserved(runs, cfg, c)
			d50, d99 := pct(float64(off.lat.P50), float64(on.lat.P50)), pct(float64(off.lat.P99), float64(on.lat.P99))
			davg, dqps, dcpu := pct(float64(off.lat.Avg), float64(on.lat.Avg)), pct(off.perSec, on.perSec), pct(off.cpuPer, on.cpuPer)
			r50 := roundDiffs(off.runs, on.runs, func(p bench.Percentiles) time.Duration { return p.P50 })
			r99 := roundDiffs(off.runs, on.runs, func(p bench.Percentiles) time.Duration { return p.P99 })
			fmt.Fprintf(&b, "| %d | **%s − off** | | **%+.1f %%** (rounds %s) | **%+.1f %%** (rounds %s) | %+.1f %% | %+.1f %% | %+.1f %% |\n", c,
				cfg.short(), d50, spread(r50), d99, spread(r99), davg, dqps, dcpu)
			k := strings.ReplaceAll(cfg.short(), " ", "_")
			f[fmt.Sprintf("cost_%s_p50_pct_c%d", k, c)], f[fmt.Sprintf("cost_%s_p99_pct_c%d", k, c)] = d50, d99
			f[fmt.Sprintf("cost_%s_cpu_pct_c%d", k, c)] = dcpu
		}
	}
	var scrapes, lines int
	var logBytes int64
	for _, r := range runs {
		scrapes += r.scrapes
		lines += r.logLines
		logBytes += r.logBytes
	}
	fmt.Fprintf(&b, "\n\"rounds\" is the range of the differences between the runs of each round.")
	if scrapes > 0 {
		fmt.Fprintf(&b, " With metrics: %d scrapes in all, every search counted in `hub_http_requests_total`.", scrapes)
	}
	if lines > 0 {
		fmt.Fprintf(&b, " With the log: %d request lines written (%.0f bytes each), one for every search sent.", lines, float64(logBytes)/float64(lines))
	}
	b.WriteString("\n")
	return b.String()
}

// spread writes the lowest and highest of sorted differences.
func spread(d []float64) string {
	if len(d) == 0 {
		return "–"
	}
	return fmt.Sprintf("%+.0f…%+.0f %%", d[0], d[len(d)-1])
}
