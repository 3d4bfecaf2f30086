package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// The events' benchmark (issue "Events"): with 2,000 events and 100,000
// registrations on the embedded default, the month view and an event page
// (under 20 ms at p95), the iCalendar feed of a year (under 50 ms), the
// statistics page (under 100 ms), each timed as a client sees it over
// HTTP, one request at a time against the real hub binary; then 500
// registrations sent at once to an event of capacity 100.
//
// Nothing is answered from a response cache: the pages are made on each
// request from the hub's mirror of the events and registrations (its copy
// in memory, see platform/mongo/mirror.go), and the statistics, which the
// hub keeps until the next write, are timed after a write each (a
// registration, not timed), so each is computed afresh.

const eventsUsage = `usage: hubbench bench-events [--events N] [--registrations N] [--requests N] [--dir DIR] [--reuse] [--hub HUB]`

func eventsBenchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench-events", flag.ContinueOnError)
	fs.SetOutput(stderr)
	nEvents := fs.Int("events", 2000, "events in the fixture")
	nRegs := fs.Int("registrations", 100_000, "registrations in the fixture")
	requests := fs.Int("requests", 200, "timed requests of each page")
	dir := fs.String("dir", "", "folder of the fixture (default: a temporary one)")
	reuse := fs.Bool("reuse", false, "use the fixture already in --dir")
	hubPath := fs.String("hub", "", "hub binary (default: built from ./cmd/hub)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%v\n%s", err, eventsUsage)
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "hub-bench-events-")
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
		if err := eventsFixture(ctx, data, *nEvents, *nRegs, stdout); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "fixture: %d events and %d registrations written in %s\n", *nEvents, *nRegs, time.Since(start).Round(time.Second))
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

	// The ids of the events, and the busiest month.
	var list struct {
		Events []struct {
			ID    string    `json:"id"`
			Start time.Time `json:"start"`
		} `json:"events"`
		Total int `json:"total"`
	}
	// The first read of a hub loads its mirror of the events and
	// registrations: timed apart.
	start = time.Now()
	if err := getJSON(ctx, client, p.URL+"/api/v1/events?size=500", token, &list); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "first read (loads the mirror of %d events and %d registrations): %s\n", *nEvents, *nRegs, time.Since(start).Round(time.Millisecond))
	if len(list.Events) == 0 {
		return fmt.Errorf("the fixture has no events")
	}

	r := rand.New(rand.NewPCG(7, 11))
	month := "2025-10"
	pages := []struct {
		name, goal string
		url        func() string
		beforeEach func() error
	}{
		{"month view (/en/events/calendar?month=" + month + ")", "20 ms", func() string { return p.URL + "/en/events/calendar?month=" + month }, nil},
		{"event page (/en/events/{id}, random)", "20 ms", func() string { return p.URL + "/en/events/" + list.Events[r.IntN(len(list.Events))].ID }, nil},
		{"iCalendar feed of a year (/events.ics?from=2025-01-01&to=2025-12-31)", "50 ms", func() string {
			return p.URL + "/events.ics?from=2025-01-01&to=2025-12-31"
		}, nil},
		{"statistics page (/en/events/statistics?year=2025), after a write each", "100 ms", func() string {
			return p.URL + "/en/events/statistics?year=2025"
		}, func() error { return benchWrite(ctx, client, p.URL, token) }},
	}
	fmt.Fprintf(stdout, "\n| page | requests | p50 | p95 | max | goal (p95) |\n|---|---|---|---|---|---|\n")
	for _, pg := range pages {
		var took []time.Duration
		for range *requests {
			if pg.beforeEach != nil {
				if err := pg.beforeEach(); err != nil {
					return err
				}
			}
			u := pg.url()
			t0 := time.Now()
			if err := httpGet(ctx, client, u); err != nil {
				return err
			}
			took = append(took, time.Since(t0))
		}
		slices.Sort(took)
		fmt.Fprintf(stdout, "| %s | %d | %s | %s | %s | %s |\n", pg.name, len(took), ms(took[len(took)/2]), ms(took[len(took)*95/100]), ms(took[len(took)-1]), pg.goal)
	}
	return rushRegistrations(ctx, client, p.URL, token, 500, 100, stdout)
}

// eventsFixture writes n events (2024–2026, every kind and country) and
// regs registrations spread over them, through the platform services.
func eventsFixture(ctx context.Context, data string, n, regs int, stdout io.Writer) error {
	d, err := openDatabase(ctx, data)
	if err != nil {
		return err
	}
	defer d.close()
	sys := platform.NewContextWithUser(ctx, platform.System())
	recorder := mongo.NewRegistrationService(d.db)
	r := rand.New(rand.NewPCG(2024, 2026))
	kinds, countries, areas := platform.EventKinds(), platform.Countries(), platform.Areas()
	perEvent := regs / n
	extra := regs - perEvent*n
	from := time.Date(2024, 1, 8, 4, 0, 0, 0, time.UTC)
	for i := range n {
		start := from.Add(time.Duration(r.IntN(3*365)) * 24 * time.Hour)
		c := countries[i%len(countries)]
		in := platform.EventInput{
			Kind: kinds[i%len(kinds)], Status: platform.EventHeld, Start: start, End: start.Add(time.Duration(8+24*r.IntN(3)) * time.Hour),
			Country: c, Countries: []string{c, countries[(i+1)%len(countries)]}, Areas: []string{areas[i%len(areas)]},
			UncacArticles: []int{5 + i%30}, Capacity: 0, Trainers: []string{fmt.Sprintf("Trainer %d", i%97)},
			City:         map[string]string{"en": "City " + c},
			Translations: map[string]platform.EventText{"en": {Title: fmt.Sprintf("Training %d on asset declarations", i)}, "ru": {Title: fmt.Sprintf("Тренинг %d", i)}},
		}
		e, err := d.events.CreateEvent(sys, in)
		if err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
		k := perEvent
		if i < extra {
			k++
		}
		people := make([]platform.ParticipantRecord, k)
		days := e.Days()
		for j := range people {
			country := countries[(i+j)%len(countries)]
			people[j] = platform.ParticipantRecord{
				RegistrationInput: platform.RegistrationInput{Name: fmt.Sprintf("Participant %d-%d", i, j), Email: fmt.Sprintf("p%d@%s.example", j+i*7%500, strings.ToLower(country)),
					Country: country, Organization: "Agency", Gender: platform.Genders()[j%3], Category: platform.CategoryDelegate, Language: "ru"},
				Attended: days,
			}
		}
		// Emails repeat across events (people come again), not within one.
		seen := map[string]bool{}
		kept := people[:0]
		for _, pp := range people {
			if !seen[pp.Email] {
				seen[pp.Email] = true
				kept = append(kept, pp)
			}
		}
		for j := len(kept); j < k; j++ {
			pp := people[0]
			pp.Email = fmt.Sprintf("extra%d-%d@example.org", i, j)
			kept = append(kept, pp)
		}
		if _, err := recorder.RecordParticipants(sys, e.ID, kept); err != nil {
			return fmt.Errorf("event %d's registrations: %w", i, err)
		}
		if (i+1)%250 == 0 {
			fmt.Fprintf(stdout, "  %d events written\n", i+1)
		}
	}
	return nil
}

// benchWrite registers someone for the benchmark's own open event (made on
// first use): a write, so that the statistics are computed afresh.
func benchWrite(ctx context.Context, client *http.Client, base, token string) error {
	benchEventOnce.Do(func() {
		benchEventID, benchEventErr = createOpenEvent(ctx, client, base, token, 0)
	})
	if benchEventErr != nil {
		return benchEventErr
	}
	benchWrites++
	body := fmt.Sprintf(`{"name":"Writer %d","email":"writer%d@example.org","country":"KZ"}`, benchWrites, benchWrites)
	_, err := postJSON(ctx, client, base+"/api/v1/events/"+benchEventID+"/registrations", "", body)
	return err
}

var (
	benchEventOnce sync.Once
	benchEventID   string
	benchEventErr  error
	benchWrites    int
)

// createOpenEvent creates a training a month ahead that takes
// registrations, with capacity seats (0: no limit).
func createOpenEvent(ctx context.Context, client *http.Client, base, token string, capacity int) (string, error) {
	start := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	body := fmt.Sprintf(`{"kind":"webinar","status":"registration_open","countries":["KZ"],"start":%q,"end":%q,"capacity":%d,
		"translations":{"en":{"title":"Benchmark webinar"}}}`, start.Format(time.RFC3339), start.Add(2*time.Hour).Format(time.RFC3339), capacity)
	raw, err := postJSON(ctx, client, base+"/api/v1/events", token, body)
	if err != nil {
		return "", err
	}
	var e struct{ ID string }
	if err := json.Unmarshal(raw, &e); err != nil {
		return "", err
	}
	return e.ID, nil
}

// rushRegistrations sends people registrations at once to a new event of
// capacity seats, and checks that exactly capacity are registered and the
// rest wait, in line order, with nobody lost or doubled, and that each was
// told their true status.
func rushRegistrations(ctx context.Context, client *http.Client, base, token string, people, capacity int, stdout io.Writer) error {
	id, err := createOpenEvent(ctx, client, base, token, capacity)
	if err != nil {
		return err
	}
	type answer struct {
		ID, Status string
	}
	answers := make([]answer, people)
	errs := make([]error, people)
	var wg sync.WaitGroup
	gate := make(chan struct{})
	start := time.Now()
	for i := range people {
		wg.Go(func() {
			<-gate
			body := fmt.Sprintf(`{"name":"Rush %d","email":"rush%d@example.org","country":"UZ"}`, i, i)
			raw, err := postJSON(ctx, client, base+"/api/v1/events/"+id+"/registrations", "", body)
			if err == nil {
				err = json.Unmarshal(raw, &answers[i])
			}
			errs[i] = err
		})
	}
	close(gate)
	wg.Wait()
	took := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("a registration of the rush: %w", err)
		}
	}
	var list struct {
		Registrations []struct {
			ID, Email, Status string
			WaitingPosition   int
		} `json:"registrations"`
		Total int `json:"total"`
	}
	if err := getJSON(ctx, client, fmt.Sprintf("%s/api/v1/events/%s/registrations?size=%d", base, id, platform.MaxEventPage), token, &list); err != nil {
		return err
	}
	registered, waiting, told := 0, 0, 0
	emails := map[string]bool{}
	byID := map[string]string{}
	for i, r := range list.Registrations {
		emails[r.Email] = true
		byID[r.ID] = r.Status
		switch {
		case r.Status == "registered" && i < capacity:
			registered++
		case r.Status == "waiting" && r.WaitingPosition == i-capacity+1:
			waiting++
		default:
			return fmt.Errorf("place %d is %s (waiting at %d)", i, r.Status, r.WaitingPosition)
		}
	}
	for _, a := range answers {
		if byID[a.ID] == a.Status {
			told++
		}
	}
	fmt.Fprintf(stdout, "\n%d registrations sent at once to an event of capacity %d, in %s: %d stored (%d distinct people), %d registered, %d waiting in line order, %d told their true status\n",
		people, capacity, took.Round(time.Millisecond), list.Total, len(emails), registered, waiting, told)
	if list.Total != people || len(emails) != people || registered != capacity || waiting != people-capacity || told != people {
		return fmt.Errorf("the rush lost, doubled or misplaced registrations")
	}
	return nil
}

func getJSON(ctx context.Context, c *http.Client, u, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != 200 {
		return fmt.Errorf("%s: %s %s", u, res.Status, raw)
	}
	return json.Unmarshal(raw, v)
}

func postJSON(ctx context.Context, c *http.Client, u, token, body string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", u, bytes.NewReader([]byte(body)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 && res.StatusCode != 201 {
		return nil, fmt.Errorf("%s: %s %s", u, res.Status, raw)
	}
	return raw, nil
}
