package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/bench"
)

func TestQueriesBecomeTsqueries(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"words are all required", "незаконное обогащение", "'незаконное' & 'обогащение'"},
		{"a quoted phrase keeps its order", `"beneficial ownership" register`, "('beneficial' <-> 'ownership') & 'register'"},
		{"a prefix", "korr*", "'korr':*"},
		{"an exclusion", "коррупция -взятка", "'коррупция' & !'взятка'"},
		{"an apostrophe inside a word is doubled", `o'zbekiston`, `'o''zbekiston'`},
		{"punctuation inside a word makes a phrase", `anti-corruption`, `('anti' <-> 'corruption')`},
		{"nothing to match", "", ""},
		{"only an exclusion matches nothing", "-взятка", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tsquery(tt.text); got != tt.want {
				t.Fatalf("tsquery(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestThePostgreSQLSearchFiltersAndCountsThreeFacets(t *testing.T) {
	sql, args := pgSearchSQL("docs_10", bench.Query{Text: "pora", Lang: "uz", Countries: []string{"UZ"}, Articles: []int{15}, Year: 2020, Sort: "date"}, true, 20)
	for _, want := range []string{"d.visibility = 'public'", "d.countries && $1::text[]", "d.articles && $2::int[]", "d.year = $3", "to_tsquery('russian', $4)",
		"ts_headline('hub_simple'", "ORDER BY date DESC, id LIMIT 20", "unnest(countries)", "GROUP BY 1"} {
		if !strings.Contains(sql, want) {
			t.Errorf("the statement lacks %q:\n%s", want, sql)
		}
	}
	if len(args) != 4 || args[3] != "'pora'" {
		t.Errorf("arguments %v", args)
	}
	if sql, _ := pgSearchSQL("docs_10", bench.Query{Lang: "ru", Countries: []string{"KZ"}}, false, 20); strings.Contains(sql, "to_tsquery") || strings.Contains(sql, "visibility") {
		t.Errorf("browsing without words or visibility:\n%s", sql)
	}
}

func TestWrkOutputIsRead(t *testing.T) {
	out := `Running 1m test @ http://127.0.0.1:40000
  2 threads and 64 connections
HUB requests=12000 duration_us=60010000 bytes=99999 status4xx=1 status5xx=2 connect=0 read=3 write=0 timeout=4 status=3
HUB latency_us p50=25000 p90=60000 p99=120000 max=900000 mean=30000
Requests/sec:    199.97
`
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.requests != 12000 || r.duration != 60010*time.Millisecond || r.status5xx != 2 || r.status4xx != 1 || r.errors() != 7 ||
		r.p50 != 25*time.Millisecond || r.p99 != 120*time.Millisecond || r.maxLatency != 900*time.Millisecond {
		t.Fatalf("read %+v", r)
	}
	if _, err := parseWrk("Running 1m test\n"); err == nil {
		t.Fatal("output without the script's lines was accepted")
	}
}

func TestEachLevelHasItsOwnDistinctQueries(t *testing.T) {
	m := mixes([]int{1, 8}, 50, 1)
	seen := map[string]int{}
	for c, mix := range m {
		if len(mix) != 50 {
			t.Fatalf("%d queries at %d clients", len(mix), c)
		}
		for _, q := range mix {
			k := queryValues(q).Encode()
			if prev, ok := seen[k]; ok && prev == c {
				t.Fatalf("%q twice at %d clients", k, c)
			}
			seen[k] = c
		}
	}
	if again := mixes([]int{1, 8}, 50, 1); queryValues(again[8][7]).Encode() != queryValues(m[8][7]).Encode() {
		t.Fatal("the same seed gave another mix")
	}
}

func TestNoSearchOfAnObservabilityRunIsRepeated(t *testing.T) {
	mix, err := observabilityMix([]int{1, 8}, 2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	all := append([]bench.Query{}, mix.warm...)
	for _, c := range []int{1, 8} {
		if len(mix.levels[c]) != 2000 {
			t.Fatalf("%d searches at %d clients", len(mix.levels[c]), c)
		}
		all = append(all, mix.levels[c]...)
	}
	seen := map[string]bool{}
	for _, q := range all {
		k := queryValues(q).Encode()
		if seen[k] {
			t.Fatalf("%q twice in one run: the hub would answer it from its cache", k)
		}
		seen[k] = true
	}
	if _, err := observabilityMix([]int{1, 8, 32}, 20_000, 1); err == nil {
		t.Fatal("more searches than the mix has distinct ones were accepted")
	}
}

func TestTheSearchAPIsRequestsAreReadFromAScrape(t *testing.T) {
	tests := []struct {
		name, scrape string
		want         float64
	}{
		{"every status of GET is counted", `# HELP hub_http_requests_total HTTP requests answered, by route pattern, method and status.
# TYPE hub_http_requests_total counter
hub_http_requests_total{method="GET",route="/api/v1/search",status="200"} 4200
hub_http_requests_total{method="GET",route="/api/v1/search",status="400"} 3
hub_http_requests_total{method="GET",route="/healthz",status="200"} 17
hub_http_requests_total{method="HEAD",route="/api/v1/search",status="200"} 5
hub_http_request_duration_seconds_count{method="GET",route="/api/v1/search"} 4203
`, 4203},
		{"a large count in exponent form", `hub_http_requests_total{method="GET",route="/api/v1/search",status="200"} 1.2e+06` + "\n", 1.2e6},
		{"nothing yet", "go_goroutines 12\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := searchesCounted([]byte(tt.scrape)); got != tt.want {
				t.Fatalf("counted %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTheRequestLinesOfARouteAreCounted(t *testing.T) {
	path := t.TempDir() + "/hub.jsonl"
	log := `{"time":"2026-12-05T19:00:00Z","level":"INFO","msg":"hub started","version":"devel"}
{"time":"2026-12-05T19:00:01Z","level":"INFO","msg":"request","request":"a1","method":"GET","route":"/api/v1/search","status":200,"ms":1.2,"bytes":900}
{"time":"2026-12-05T19:00:01Z","level":"INFO","msg":"request","request":"a2","method":"GET","route":"/healthz","status":200,"ms":0.1,"bytes":2}
{"time":"2026-12-05T19:00:02Z","level":"ERROR","msg":"request","request":"a3","method":"GET","route":"/api/v1/search","status":503,"ms":9.9,"bytes":80}
`
	if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	lines, size, err := countRequestLines(path, "/api/v1/search")
	if err != nil {
		t.Fatal(err)
	}
	want := int64(len(strings.Split(log, "\n")[1]) + len(strings.Split(log, "\n")[3]) + 2)
	if lines != 2 || size != want {
		t.Fatalf("%d lines of %d bytes, want 2 of %d", lines, size, want)
	}
}

func TestTheCPUTimeOfThisProcessIsRead(t *testing.T) {
	before, err := processCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Spin until the kernel has counted at least one tick more.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		after, err := processCPU(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		if after > before {
			t.Logf("CPU time %s then %s", before, after)
			return
		}
	}
	t.Fatal("the CPU time did not move in 10 s of spinning")
}
