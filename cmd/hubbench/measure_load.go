package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ca-uncac/hub/bench"
)

type loadBenchOptions struct {
	docs, connections, threads int
	duration                   time.Duration
	wrk, script                string
}

// wrkResult is what wrk reported, through bench/wrk/paths.lua.
type wrkResult struct {
	requests, bytes                           int64
	duration                                  time.Duration
	status4xx, status5xx                      int64
	connect, read, write, timeout, nonSuccess int64
	p50, p90, p99, maxLatency                 time.Duration
	rss10, rssEnd, rssMax, rssMin             int64
	samples                                   []bench.MemorySample
	raw                                       string
}

func (w wrkResult) errors() int64 { return w.connect + w.read + w.write + w.timeout }

// benchLoad runs wrk against the hub serving the imported corpus: the
// search API, then the library page, each with paths walking a long list
// of distinct queries, while the hub's resident memory is sampled each
// second.
func benchLoad(ctx context.Context, m measureFlags, o loadBenchOptions, stdout io.Writer) (bench.Part, error) {
	part := newPart("load", fmt.Sprintf("Load: wrk, %d connections for %s, %d documents", o.connections, o.duration, o.docs))
	wrk, err := exec.LookPath(o.wrk)
	if err != nil {
		return part, fmt.Errorf("%s: %w (make bench-load installs Debian's wrk)", o.wrk, err)
	}
	version, _ := exec.Command(wrk, "-v").CombinedOutput()
	if err := ensureImported(ctx, m, o.docs, stdout); err != nil {
		return part, err
	}
	hub, err := startHubProcess(ctx, m.hub, hubDataDir(m.out, o.docs), 10*time.Minute)
	if err != nil {
		return part, err
	}
	defer hub.stop()
	targets := []struct{ name, title string }{{"search", "search API"}, {"library", "library page"}}
	results := map[string]wrkResult{}
	for i, t := range targets {
		seen := map[string]bool{}
		var paths []string
		for _, q := range bench.Queries(20_000, m.seed+100+uint64(i)) {
			v := queryValues(q)
			p := "/api/v1/search?" + v.Encode() + "&size=20"
			if t.name == "library" {
				v.Del("lang")
				p = "/" + q.Lang + "/library?" + v.Encode()
			}
			if !seen[p] {
				seen[p] = true
				paths = append(paths, p)
			}
		}
		list := filepath.Join(m.out, "wrk-"+t.name+".txt")
		if err := os.WriteFile(list, []byte(strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
			return part, err
		}
		mem := bench.FollowMemory(hub.Pid(), time.Second)
		cmd := exec.CommandContext(ctx, wrk, "-t", strconv.Itoa(o.threads), "-c", strconv.Itoa(o.connections),
			"-d", fmt.Sprintf("%ds", int(o.duration.Seconds())), "--timeout", "10s", "-s", o.script, hub.URL, "--", list)
		out, err := cmd.CombinedOutput()
		mem.Stop()
		if err != nil {
			return part, fmt.Errorf("wrk: %v\n%s", err, out)
		}
		r, err := parseWrk(string(out))
		if err != nil {
			return part, err
		}
		r.samples = mem.Samples()
		for _, s := range r.samples {
			r.rssMax = max(r.rssMax, s.RSS)
			if r.rssMin == 0 || s.RSS < r.rssMin {
				r.rssMin = s.RSS
			}
			if r.rss10 == 0 && s.At >= 10*time.Second {
				r.rss10 = s.RSS
			}
			r.rssEnd = s.RSS
		}
		results[t.name] = r
		fmt.Fprintf(stdout, "%s: %d requests in %s (%.0f/s, %d distinct paths), p50 %s p99 %s, errors %d, 5xx %d, 4xx %d; memory at 10 s %s, at the end %s, highest %s\n",
			t.title, r.requests, r.duration.Round(time.Millisecond), float64(r.requests)/r.duration.Seconds(), len(paths),
			bench.Ms(r.p50), bench.Ms(r.p99), r.errors(), r.status5xx, r.status4xx, bench.MB(r.rss10), bench.MB(r.rssEnd), bench.MB(r.rssMax))
	}
	peak, _ := bench.PeakResidentMemory(hub.Pid())
	if err := hub.stop(); err != nil {
		return part, err
	}

	f := part.Figures
	bad, growth := 0.0, 0.0
	for _, t := range targets {
		r := results[t.name]
		bad += float64(r.errors() + r.status5xx + r.status4xx)
		g := 0.0
		if r.rss10 > 0 {
			g = 100 * float64(r.rssEnd-r.rss10) / float64(r.rss10)
		}
		growth = max(growth, g)
		f[t.name+"_rps"] = float64(r.requests) / r.duration.Seconds()
		f[t.name+"_p50_ms"], f[t.name+"_p90_ms"], f[t.name+"_p99_ms"] = msf(r.p50), msf(r.p90), msf(r.p99)
		f[t.name+"_errors"], f[t.name+"_5xx"], f[t.name+"_4xx"] = float64(r.errors()), float64(r.status5xx), float64(r.status4xx)
		f[t.name+"_rss_growth_pct"] = g
		f[t.name+"_rss_max_mb"] = float64(r.rssMax) / (1 << 20)
	}
	f["bad"], f["rss_growth_pct"], f["peak_rss_mb"] = bad, growth, float64(peak)/(1<<20)

	var b strings.Builder
	fmt.Fprintf(&b, "%s (Debian's package) on the same machine as the hub (so the two share the 2 cores), `wrk -t%d -c%d -d%ds --timeout 10s -s bench/wrk/paths.lua`: ",
		strings.TrimSpace(strings.SplitN(string(version), "\n", 2)[0]), o.threads, o.connections, int(o.duration.Seconds()))
	b.WriteString("each connection walks a list of distinct requests made from the query mix (up to 20,000, so that few are answered from the result cache), ")
	b.WriteString("and the script counts 4xx and 5xx answers. The hub's resident memory is sampled every second.\n\n")
	b.WriteString("| page | requests | requests/s | p50 / p90 / p99 / max | socket errors | 5xx | 4xx | memory at 10 s → end (lowest–highest) | growth after warm-up |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, t := range targets {
		r := results[t.name]
		fmt.Fprintf(&b, "| %s | %d | %.0f | %s / %s / %s / %s | %d | %d | %d | %s → %s (%s–%s) | %+.1f%% |\n", t.title, r.requests,
			float64(r.requests)/r.duration.Seconds(), bench.Ms(r.p50), bench.Ms(r.p90), bench.Ms(r.p99), bench.Ms(r.maxLatency),
			r.errors(), r.status5xx, r.status4xx, bench.MB(r.rss10), bench.MB(r.rssEnd), bench.MB(r.rssMin), bench.MB(r.rssMax), f[t.name+"_rss_growth_pct"])
	}
	b.WriteString("\nResident memory every 10 s (MB):\n\n")
	for _, t := range targets {
		var xs []string
		for _, s := range results[t.name].samples {
			if int(s.At.Seconds())%10 == 0 {
				xs = append(xs, fmt.Sprintf("%.0f", float64(s.RSS)/(1<<20)))
			}
		}
		fmt.Fprintf(&b, "- %s: %s\n", t.title, strings.Join(xs, " → "))
	}
	fmt.Fprintf(&b, "\nHub peak memory over both runs (VmHWM): %s.\n", bench.MB(peak))
	part.Markdown = b.String()
	return part, nil
}

// parseWrk reads wrk's output and the lines bench/wrk/paths.lua adds.
func parseWrk(out string) (wrkResult, error) {
	r := wrkResult{raw: out}
	found := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, "HUB ")
		if !ok {
			continue
		}
		found++
		for _, kv := range strings.Fields(rest) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			n, _ := strconv.ParseInt(v, 10, 64)
			us := time.Duration(n) * time.Microsecond
			switch k {
			case "requests":
				r.requests = n
			case "duration_us":
				r.duration = us
			case "bytes":
				r.bytes = n
			case "status4xx":
				r.status4xx = n
			case "status5xx":
				r.status5xx = n
			case "connect":
				r.connect = n
			case "read":
				r.read = n
			case "write":
				r.write = n
			case "timeout":
				r.timeout = n
			case "status":
				r.nonSuccess = n
			case "p50":
				r.p50 = us
			case "p90":
				r.p90 = us
			case "p99":
				r.p99 = us
			case "max":
				r.maxLatency = us
			}
		}
	}
	if found < 2 || r.duration <= 0 {
		return r, fmt.Errorf("wrk's output lacks the script's figures:\n%s", out)
	}
	return r, nil
}
