package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/sheet"
)

// The roadmap's benchmark: a period of 10,000 items (commitments with
// actions, for the five countries and regional, across the four areas,
// public, members-only and secretariat-only) written through
// RoadmapService.ImportItems on the embedded database, in the process (the
// service, without HTTP: the roadmap's pages are another helper's). It
// times the overview and the attention list as an anonymous reader, a
// member and the secretariat, each right after a change (a claim on a
// random action, through AddUpdate: its roll-up up the tree is timed
// too), and a 5,000-row import, dry run and write.
//
// Nothing is cached between views: each overview and attention list is
// computed afresh from the service's mirror (its copy of the roadmap in
// memory, see platform/mongo/mirror.go) and the roll-ups kept on the items,
// which is how the hub answers them.

const roadmapUsage = `usage: hubbench bench-roadmap [--items N] [--views N] [--import N] [--recs N] [--pages N] [--hub PATH] [--dir DIR] [--cpuprofile FILE]`

func roadmapBenchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench-roadmap", flag.ContinueOnError)
	fs.SetOutput(stderr)
	nItems := fs.Int("items", 10_000, "items in the fixture (a fifth commitments, the rest their actions)")
	views := fs.Int("views", 100, "timed views of each kind and reader")
	nImport := fs.Int("import", 5000, "rows of the timed import")
	dir := fs.String("dir", "", "folder of the database (default: a temporary one)")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the timed views to this file")
	nRecs := fs.Int("recs", 5000, "recommendations in the fixture (the overview counts them by rating)")
	nPages := fs.Int("pages", 50, "timed requests of each page through a hub process on the fixture, each after a claim through the API (0: none)")
	hubPath := fs.String("hub", "", "hub binary for the pages (default: built from ./cmd/hub)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%v\n%s", err, roadmapUsage)
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "hub-bench-roadmap-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	began := time.Now()
	d, err := openDatabase(ctx, filepath.Join(*dir, "data"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "embedded database started in %s\n", time.Since(began).Round(time.Millisecond))
	closed := false
	defer func() {
		if !closed {
			d.close()
		}
	}()
	rm := mongo.NewRoadmapService(d.db)
	sec := platform.NewContextWithUser(ctx, &platform.User{ID: "bench-secretariat", Name: "Secretariat", Role: platform.RoleSecretariat})
	const period = "2025-2026"
	if _, err := rm.SavePeriod(sec, platform.RoadmapPeriod{ID: period, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		return err
	}
	var prios []string
	for i, a := range platform.Areas() {
		for k := range 3 {
			p, err := rm.SavePriority(sec, platform.Priority{Period: period, Area: a, Code: fmt.Sprintf("%d.%d", i+1, k+1), Order: k,
				Title: platform.Text{"en": fmt.Sprintf("Priority %d.%d", i+1, k+1)}})
			if err != nil {
				return err
			}
			prios = append(prios, p.ID)
		}
	}

	r := rand.New(rand.NewPCG(2025, 2026))
	start := time.Now()
	rows := roadmapRows(r, prios, period, "", *nItems)
	for lo := 0; lo < len(rows); lo += 2000 {
		rep, err := rm.ImportItems(sec, rows[lo:min(lo+2000, len(rows))], platform.ImportOptions{})
		if err != nil {
			return err
		}
		if rep.Rejected > 0 {
			return fmt.Errorf("fixture row %d: %s", rep.Problems[0].Row, rep.Problems[0].Message)
		}
	}
	fmt.Fprintf(stdout, "fixture: %d items imported in %s\n", len(rows), time.Since(start).Round(time.Millisecond))
	if *nRecs > 0 {
		start = time.Now()
		recs := mongo.NewRecommendationService(d.db)
		rep, err := recs.ImportRecommendations(sec, recommendationRows(r, *nRecs), platform.ImportOptions{})
		if err != nil {
			return err
		}
		if rep.Rejected > 0 {
			return fmt.Errorf("fixture recommendation row %d: %s", rep.Problems[0].Row, rep.Problems[0].Message)
		}
		fmt.Fprintf(stdout, "fixture: %d recommendations imported in %s\n", rep.Created, time.Since(start).Round(time.Millisecond))
	}

	var leaves []*platform.RoadmapItem
	for off := 0; ; off += 500 {
		page, n, err := rm.FindItems(sec, platform.ItemFilter{Period: period, Kinds: []platform.ItemKind{platform.KindAction}, Offset: off, Limit: 500})
		if err != nil {
			return err
		}
		for _, it := range page {
			if it.Children == 0 {
				leaves = append(leaves, it)
			}
		}
		if off+500 >= n || off+500 > platform.MaxSearchDepth {
			break
		}
	}
	if len(leaves) == 0 {
		return fmt.Errorf("the fixture has no actions")
	}
	readers := []struct {
		name string
		ctx  context.Context
	}{
		{"anonymous", ctx},
		{"member", platform.NewContextWithUser(ctx, &platform.User{ID: "bench-expert", Role: platform.RoleExpert})},
		{"secretariat", sec},
	}
	claim := func() (time.Duration, error) {
		leaf := leaves[r.IntN(len(leaves))]
		writer := sec
		if leaf.Country != "" && leaf.Visibility != platform.Secretariat && r.IntN(2) == 0 {
			writer = platform.NewContextWithUser(ctx, &platform.User{ID: "bench-fp-" + leaf.Country, Role: platform.RoleFocalPoint, Country: leaf.Country})
		}
		t0 := time.Now()
		_, err := rm.AddUpdate(writer, leaf.ID, platform.UpdateInput{Text: platform.Text{"en": "Benchmark update"},
			Claim: &platform.Claim{Progress: float64(r.IntN(101))}})
		return time.Since(t0), err
	}
	var claims []time.Duration
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(stdout, "\n| view, right after a claim | reader | views | p50 | p95 | max | answer |\n|---|---|---|---|---|---|---|\n")
	for _, view := range []string{"Overview", "Attention"} {
		for _, rd := range readers {
			var took []time.Duration
			answer := ""
			for range *views {
				c, err := claim()
				if err != nil {
					return err
				}
				claims = append(claims, c)
				t0 := time.Now()
				if view == "Overview" {
					var o *platform.Overview
					o, err = rm.Overview(rd.ctx, period)
					if err == nil {
						answer = fmt.Sprintf("%d commitments", o.Total.Items)
					}
				} else {
					var list []*platform.RoadmapItem
					list, err = rm.Attention(rd.ctx, period)
					answer = fmt.Sprintf("%d items", len(list))
				}
				if err != nil {
					return err
				}
				took = append(took, time.Since(t0))
			}
			fmt.Fprintf(stdout, "| %s | %s | %d | %s | %s | %s | %s |\n", view, rd.name, len(took), pctl(took, 50), pctl(took, 95), pctl(took, 100), answer)
		}
	}
	fmt.Fprintf(stdout, "| AddUpdate with a claim (the write and its roll-up up the tree) | focal point or secretariat | %d | %s | %s | %s | |\n",
		len(claims), pctl(claims, 50), pctl(claims, 95), pctl(claims, 100))

	imp := roadmapRows(r, prios, period, "B", *nImport)
	t0 := time.Now()
	rep, err := rm.ImportItems(sec, imp, platform.ImportOptions{DryRun: true})
	if err != nil {
		return err
	}
	dry := time.Since(t0)
	t0 = time.Now()
	rep2, err := rm.ImportItems(sec, imp, platform.ImportOptions{})
	if err != nil {
		return err
	}
	wrote := time.Since(t0)
	t0 = time.Now()
	rep3, err := rm.ImportItems(sec, imp, platform.ImportOptions{})
	if err != nil {
		return err
	}
	again := time.Since(t0)
	for i := range imp {
		imp[i].Title = platform.Text{"en": imp[i].Title["en"] + " (revised)"}
	}
	t0 = time.Now()
	rep4, err := rm.ImportItems(sec, imp, platform.ImportOptions{})
	if err != nil {
		return err
	}
	revised := time.Since(t0)
	fmt.Fprintf(stdout, "\n| import of %d rows onto %d items | time | created | changed | unchanged |\n|---|---|---|---|---|\n", len(imp), len(rows))
	fmt.Fprintf(stdout, "| dry run | %s | %d | %d | %d |\n", ms(dry), rep.Created, rep.Changed, rep.Unchanged)
	fmt.Fprintf(stdout, "| write | %s | %d | %d | %d |\n", ms(wrote), rep2.Created, rep2.Changed, rep2.Unchanged)
	fmt.Fprintf(stdout, "| the same file again (changes nothing) | %s | %d | %d | %d |\n", ms(again), rep3.Created, rep3.Changed, rep3.Unchanged)
	fmt.Fprintf(stdout, "| the file with every title revised | %s | %d | %d | %d |\n", ms(revised), rep4.Created, rep4.Changed, rep4.Unchanged)
	if *nPages <= 0 {
		return nil
	}
	// The pages and the spreadsheet through a hub process on the same
	// database, as its readers get them: the database is handed over.
	d.close()
	closed = true
	leafIDs := make([]string, len(leaves))
	for i, l := range leaves {
		leafIDs[i] = l.ID
	}
	return roadmapPages(ctx, *hubPath, *dir, period, leafIDs, roadmapRows(r, prios, period, "X", *nImport), *nPages, stdout)
}

// roadmapPages starts a hub on the benchmark's database and times, each
// right after a claim on a random action through the API (so that every
// page shows a roll-up changed since the last), the overview page (matrix,
// map and bars drawn as SVG, with their tables) and a country page for an
// anonymous reader; then an XLSX of the given rows imported through the
// API, read in the hub's sheet-reading child: a dry run, then the write.
func roadmapPages(ctx context.Context, hubPath, dir, period string, leaves []string, rows []platform.ItemRow, n int, stdout io.Writer) error {
	exe, err := hubBinary(ctx, hubPath, filepath.Join(dir, "bin"), stdout)
	if err != nil {
		return err
	}
	start := time.Now()
	p, err := startHubProcess(ctx, exe, filepath.Join(dir, "data"), 10*time.Minute)
	if err != nil {
		return err
	}
	defer p.stop()
	fmt.Fprintf(stdout, "\nhub ready in %s\n", time.Since(start).Round(time.Millisecond))
	token, err := p.token(ctx)
	if err != nil {
		return err
	}
	client := benchClient(4)
	r := rand.New(rand.NewPCG(13, 17))
	claim := func() error {
		body := fmt.Sprintf(`{"text":{"en":"Benchmark update"},"claim":{"progress":%d}}`, r.IntN(101))
		_, err := postJSON(ctx, client, p.URL+"/api/v1/roadmap/items/"+leaves[r.IntN(len(leaves))]+"/updates", token, body)
		return err
	}
	// The first page loads the hub's mirror of the roadmap: timed apart.
	start = time.Now()
	if _, err := getPage(ctx, client, p.URL+"/en/roadmap?period="+period); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "first page (loads the mirror): %s\n", time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "\n| page, anonymous, right after a claim through the API | requests | p50 | p95 | max | bytes |\n|---|---|---|---|---|---|\n")
	for _, page := range []string{"/en/roadmap?period=" + period, "/ru/roadmap/countries/KZ?period=" + period} {
		var took []time.Duration
		size := 0
		for range n {
			if err := claim(); err != nil {
				return err
			}
			t0 := time.Now()
			b, err := getPage(ctx, client, p.URL+page)
			if err != nil {
				return err
			}
			took = append(took, time.Since(t0))
			size = len(b)
		}
		fmt.Fprintf(stdout, "| %s | %d | %s | %s | %s | %d |\n", page, len(took), pctl(took, 50), pctl(took, 95), pctl(took, 100), size)
	}
	items := make([]*platform.RoadmapItem, len(rows))
	for i, row := range rows {
		in := row.ItemInput
		in.Parent = row.ParentRef
		items[i] = &platform.RoadmapItem{ItemInput: in}
	}
	var file bytes.Buffer
	if err := sheet.WriteItems(&file, sheet.XLSX, items, nil, platform.Secretariat); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n| XLSX import through the API (%d rows, %d KB) | time | created | changed | unchanged | rejected |\n|---|---|---|---|---|---|\n",
		len(rows), file.Len()/1024)
	for _, dry := range []bool{true, false} {
		t0 := time.Now()
		var rep platform.ImportReport
		if err := postFile(ctx, client, fmt.Sprintf("%s/api/v1/roadmap/import?kind=items&dryRun=%t", p.URL, dry), token, "items.xlsx", file.Bytes(), &rep); err != nil {
			return err
		}
		label := "dry run"
		if !dry {
			label = "write"
		}
		fmt.Fprintf(stdout, "| %s | %s | %d | %d | %d | %d |\n", label, ms(time.Since(t0)), rep.Created, rep.Changed, rep.Unchanged, rep.Rejected)
	}
	return nil
}

// getPage reads a page, which must answer 200.
func getPage(ctx context.Context, c *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, res.Status)
	}
	return b, err
}

// postFile sends a file as the multipart field "file" and decodes the
// JSON answer into v.
func postFile(ctx context.Context, c *http.Client, u, token, name string, data []byte, v any) error {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		return err
	}
	if _, err := part.Write(data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, &body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: %s %.300s", u, res.Status, b)
	}
	return json.Unmarshal(b, v)
}

// pctl is the p-th percentile of durations, as milliseconds.
func pctl(d []time.Duration, p int) string {
	s := slices.Clone(d)
	slices.Sort(s)
	i := min(len(s)-1, len(s)*p/100)
	return ms(s[i])
}

// roadmapRows are n rows: commitments (a fifth) each followed by its
// actions naming it by code, for the five countries and regional, across
// the given priorities; mostly public, some members-only and
// secretariat-only; some due already (delayed). prefix keeps the codes of
// two sets apart.
func roadmapRows(r *rand.Rand, prios []string, period, prefix string, n int) []platform.ItemRow {
	countries := append(platform.Countries(), "")
	visibility := func() string {
		switch x := r.IntN(10); {
		case x < 7:
			return platform.Public
		case x < 9:
			return platform.Members
		}
		return platform.Secretariat
	}
	due := func() *time.Time {
		d := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(730))
		return &d
	}
	// Most items due already are done, as in a roadmap kept up to date:
	// the attention list holds the rest.
	status := func(d *time.Time) platform.ItemStatus {
		x := r.IntN(10)
		switch {
		case d.After(time.Now()):
			return []platform.ItemStatus{platform.StatusNotStarted, platform.StatusLimited, platform.StatusSubstantial}[x%3]
		case x < 7:
			return platform.StatusCompleted
		case x < 9:
			return platform.StatusSubstantial
		}
		return platform.StatusLimited
	}
	var rows []platform.ItemRow
	for i := 0; len(rows) < n; i++ {
		c := countries[i%len(countries)]
		code := fmt.Sprintf("%s%s-%d", prefix, c, i+1)
		if c == "" {
			code = fmt.Sprintf("%sR-%d", prefix, i+1)
		}
		vis := platform.Public
		if r.IntN(10) == 0 {
			vis = platform.Members
		}
		cd := due()
		rows = append(rows, platform.ItemRow{Row: len(rows) + 2, ItemInput: platform.ItemInput{Kind: platform.KindCommitment,
			Period: period, Priority: prios[i%len(prios)], Country: c, Code: code, Weight: float64(1 + r.IntN(3)),
			Title: platform.Text{"en": "Commitment " + code, "ru": "Обязательство " + code}, Visibility: vis, Due: cd, Status: status(cd)}})
		for j := 1; j <= 4 && len(rows) < n; j++ {
			ad := due()
			rows = append(rows, platform.ItemRow{Row: len(rows) + 2, ParentRef: code, ItemInput: platform.ItemInput{Kind: platform.KindAction,
				Period: period, Country: c, Code: fmt.Sprintf("%s.%d", code, j), Weight: float64(1 + r.IntN(3)),
				Title: platform.Text{"en": fmt.Sprintf("Action %s.%d", code, j)}, Visibility: visibility(), Due: ad, Status: status(ad)}})
		}
	}
	return rows
}

// recommendationRows are n recommendations to the five countries from the
// six sources, on varied subjects and articles, mostly public, with every
// implementation rating; one in ten restates an earlier one (a likely
// duplicate).
func recommendationRows(r *rand.Rand, n int) []platform.RecommendationRow {
	subjects := []string{"asset declarations of public officials", "the independence of the anti-corruption agency",
		"the liability of legal persons", "the protection of whistleblowers", "public procurement", "the confiscation of proceeds",
		"conflicts of interest in the civil service", "the financing of political parties", "mutual legal assistance",
		"the beneficial ownership of companies"}
	verbs := []string{"Strengthen", "Review", "Publish", "Introduce", "Extend", "Evaluate", "Train staff on", "Digitize"}
	var rows []platform.RecommendationRow
	for i := range n {
		text := fmt.Sprintf("%s %s in region %d, with a report to parliament by %d (measure %d).",
			verbs[r.IntN(len(verbs))], subjects[r.IntN(len(subjects))], r.IntN(20), 2020+r.IntN(7), i)
		if i%10 == 9 {
			text = "The State should " + rows[i-5].Text["en"]
		}
		vis := platform.Public
		if r.IntN(10) >= 8 {
			vis = platform.Members
		}
		in := platform.RecommendationInput{Country: platform.Countries()[i%5],
			Source:    platform.RecommendationSources()[r.IntN(len(platform.RecommendationSources()))],
			Reference: fmt.Sprintf("para. %d", i), Articles: []int{5 + r.IntN(60)}, Text: platform.Text{"en": text},
			Implementation: platform.Implementations()[r.IntN(len(platform.Implementations()))], Visibility: vis}
		in.Normalize()
		rows = append(rows, platform.RecommendationRow{Row: i + 2, RecommendationInput: in})
	}
	return rows
}
