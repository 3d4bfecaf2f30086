package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
	"github.com/ca-uncac/hub/platform/mongo"
)

const expertsUsage = `usage: hubbench bench-experts [--experts N] [--requests N] [--dir DIR] [--reuse] [--hub HUB]`

// expertsBenchCmd measures the experts' pool over HTTP against a hub
// process: the matching of experts to an event or a review, the duplicate
// finder over the whole pool and the experts' page with filters. The pool
// is match.SyntheticPool's (2% twins), written through the expert service;
// matching requests vary (events of the fixture, reviews of each State),
// and each answer is computed afresh (the hub caches none of them).
func expertsBenchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench-experts", flag.ContinueOnError)
	fs.SetOutput(stderr)
	nExperts := fs.Int("experts", 5000, "experts in the fixture")
	requests := fs.Int("requests", 200, "timed requests of each kind")
	dir := fs.String("dir", "", "folder of the fixture (default: a temporary one)")
	reuse := fs.Bool("reuse", false, "use the fixture already in --dir")
	hubPath := fs.String("hub", "", "hub binary (default: built from ./cmd/hub)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%v\n%s", err, expertsUsage)
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "hub-bench-experts-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	data := filepath.Join(*dir, "data")
	if !*reuse {
		if err := os.RemoveAll(data); err != nil {
			return err
		}
		start := time.Now()
		if err := expertsFixture(ctx, data, *nExperts, stdout); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "fixture: %d experts and 40 events written in %s\n", *nExperts, time.Since(start).Round(time.Second))
	}
	exe, err := hubBinary(ctx, *hubPath, filepath.Join(*dir, "bin"), stdout)
	if err != nil {
		return err
	}
	start := time.Now()
	p, err := startHubProcess(ctx, exe, data, 10*time.Minute)
	if err != nil {
		return err
	}
	defer p.stop()
	fmt.Fprintf(stdout, "hub ready in %s\n", time.Since(start).Round(time.Millisecond))
	token, err := p.token(ctx)
	if err != nil {
		return err
	}
	client := benchClient(8)

	var list struct {
		Events []struct {
			ID string `json:"id"`
		} `json:"events"`
	}
	// The first read loads the hub's mirror of events and experts: timed
	// apart.
	start = time.Now()
	if err := getJSON(ctx, client, p.URL+"/api/v1/events?size=500", token, &list); err != nil {
		return err
	}
	var pool struct {
		Total int `json:"total"`
	}
	if err := getJSON(ctx, client, p.URL+"/api/v1/experts?size=1", token, &pool); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "first read (loads the mirror of %d experts): %s\n", pool.Total, time.Since(start).Round(time.Millisecond))
	if len(list.Events) == 0 {
		return fmt.Errorf("the fixture has no events")
	}

	r := rand.New(rand.NewPCG(5, 9))
	areas, countries := platform.Areas(), platform.Countries()
	levels := []string{"native", "fluent", "working"}
	langs := []string{"ru", "en", "kk", "uz", "tg", "ky", "tk"}
	type timed struct {
		name, goal string
		n          int
		url        func() string
		token      string
	}
	runs := []timed{
		{"matching for an event (/api/v1/experts/match?event={id}, 40 events)", "50 ms", *requests,
			func() string {
				return p.URL + "/api/v1/experts/match?event=" + list.Events[r.IntN(len(list.Events))].ID
			}, token},
		{"matching for an IRM review (/api/v1/experts/match?state=XX&cycle=N)", "50 ms", *requests,
			func() string {
				return fmt.Sprintf("%s/api/v1/experts/match?state=%s&cycle=%d", p.URL, countries[r.IntN(len(countries))], 1+r.IntN(2))
			}, token},
		{"experts page with filters (/en/experts?area=…&language=…&level=…&country=…)", "20 ms", *requests,
			func() string {
				return fmt.Sprintf("%s/en/experts?area=%s&language=%s&level=%s&country=%s", p.URL,
					areas[r.IntN(len(areas))], langs[r.IntN(len(langs))], levels[r.IntN(len(levels))], countries[r.IntN(len(countries))])
			}, ""},
		{"duplicate finder over the pool (/api/v1/experts/duplicates)", "2 s (each)", 10,
			func() string { return p.URL + "/api/v1/experts/duplicates" }, token},
	}
	fmt.Fprintf(stdout, "\n| request | requests | p50 | p95 | max | goal (p95) |\n|---|---|---|---|---|---|\n")
	for _, run := range runs {
		var took []time.Duration
		for range run.n {
			u := run.url()
			t0 := time.Now()
			var sink any
			if err := getJSONOrPage(ctx, client, u, run.token, &sink); err != nil {
				return err
			}
			took = append(took, time.Since(t0))
		}
		slices.Sort(took)
		fmt.Fprintf(stdout, "| %s | %d | %s | %s | %s | %s |\n", run.name, len(took), ms(took[len(took)/2]), ms(took[len(took)*95/100]), ms(took[len(took)-1]), run.goal)
	}
	return nil
}

// getJSONOrPage reads u: with a token, JSON of the API into v; without,
// a page read whole.
func getJSONOrPage(ctx context.Context, c *http.Client, u, token string, v any) error {
	if token == "" {
		return httpGet(ctx, c, u)
	}
	return getJSON(ctx, c, u, token, v)
}

// expertsFixture writes n experts of match.SyntheticPool through the
// expert service, as the secretariat enters them (approved; the pool's
// pending, merged and erased ones too, as approved), and 40 events of
// 2026 for the matching to be asked about.
func expertsFixture(ctx context.Context, data string, n int, stdout io.Writer) error {
	d, err := openDatabase(ctx, data)
	if err != nil {
		return err
	}
	defer d.close()
	sys := platform.NewContextWithUser(ctx, platform.System())
	experts := mongo.NewExpertService(d.db, mongo.ExpertOptions{})
	syn := match.SyntheticPool(n, 2026)
	for i, e := range syn.Experts {
		if _, err := experts.CreateExpert(sys, e.Input()); err != nil {
			return fmt.Errorf("expert %d: %w", i, err)
		}
		if (i+1)%1000 == 0 {
			fmt.Fprintf(stdout, "  %d experts written\n", i+1)
		}
	}
	r := rand.New(rand.NewPCG(40, 2026))
	kinds, countries, areas := []platform.EventKind{platform.EventRegionalTraining, platform.EventWebinar, platform.EventExpertDiscussion}, platform.Countries(), platform.Areas()
	for i := range 40 {
		start := time.Date(2026, 1, 12, 4, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(350)) * 24 * time.Hour)
		c := countries[i%len(countries)]
		if _, err := d.events.CreateEvent(sys, platform.EventInput{
			Kind: kinds[i%len(kinds)], Start: start, End: start.Add(time.Duration(8+24*r.IntN(3)) * time.Hour),
			Country: c, Countries: []string{c, countries[(i+2)%len(countries)]}, Areas: []string{areas[i%len(areas)]},
			UncacArticles: []int{[]int{7, 12, 15, 23, 31, 46, 52}[i%7]}, Languages: []string{[]string{"ru", "en"}[i%2]},
			Translations: map[string]platform.EventText{"en": {Title: fmt.Sprintf("Benchmark training %d", i)}},
		}); err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
	}
	return nil
}
