package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
)

var embeddedURI string

func TestMain(m *testing.M) { mongotest.Main(m, "hub-demo-test", &embeddedURI) }

// TestLoadWritesTheDemoThroughTheServices loads the demo into an empty
// database on the embedded FerretDB, as a first start does, and reads it
// back.
func TestLoadWritesTheDemoThroughTheServices(t *testing.T) {
	ctx := context.Background()
	db, err := mongo.Open(ctx, embeddedURI, fmt.Sprintf("demo%d", time.Now().UnixNano()%1e6), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	docs, events := mongo.NewDocumentService(db), mongo.NewEventService(db)

	start := time.Now()
	if err := demo.Load(ctx, docs, events, mongo.NewRegistrationService(db)); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)

	wantDocs, _ := demo.Documents()
	wantEvents, _ := demo.Events()
	sec := platform.NewContextWithUser(ctx, platform.System())
	var all []*platform.Document
	for offset := 0; ; offset += 100 {
		page, total, err := docs.FindDocuments(sec, platform.DocumentFilter{Offset: offset, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(wantDocs) {
			t.Fatalf("%d documents stored, the demo has %d", total, len(wantDocs))
		}
		all = append(all, page...)
		if len(page) < 100 {
			break
		}
	}
	t.Logf("loaded %d documents and %d events in %s", len(all), len(wantEvents), took.Round(time.Millisecond))

	byID := map[string]*platform.Document{}
	provisions := 0
	for _, d := range all {
		byID[d.ID] = d
		provisions += len(d.Provisions)
	}
	relations := 0
	for _, d := range all {
		for _, r := range d.Relations {
			relations++
			target, ok := byID[r.Target]
			if !ok {
				t.Errorf("%q %s a document that is not there", d.Translations["ru"].Title, r.Type)
				continue
			}
			if target.Kind != d.Kind || target.Countries[0] != d.Countries[0] {
				t.Errorf("%q %s %q", d.Translations["ru"].Title, r.Type, target.Translations["ru"].Title)
			}
		}
	}
	if relations < 3 || provisions < 50 {
		t.Errorf("%d relations and %d provisions stored", relations, provisions)
	}

	// Anonymous readers see the public part only: no members' or
	// secretariat's document, event or provision.
	_, public, err := docs.FindDocuments(ctx, platform.DocumentFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if public >= len(wantDocs) || public < len(wantDocs)*3/4 {
		t.Errorf("anonymous readers see %d of %d documents", public, len(wantDocs))
	}
	got, _, err := events.FindEvents(sec, platform.EventFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(wantEvents) {
		t.Errorf("%d events stored, the demo has %d", len(got), len(wantEvents))
	}
	seen, _, err := events.FindEvents(ctx, platform.EventFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range seen {
		if e.Visibility != platform.Public {
			t.Errorf("an anonymous reader sees a %s event", e.Visibility)
		}
	}

	// The 2024 record: ten regional trainings and expert discussions with
	// more than 900 participants and 30 international experts, the Astana
	// conference with more than 150 practitioners, the Dushanbe event.
	regs := mongo.NewRegistrationService(db)
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	y2024, _, err := events.FindEvents(sec, platform.EventFilter{EndsAfter: from, StartsBefore: to, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	trainings, participants, astana, dushanbe := 0, 0, 0, 0
	experts := map[string]bool{}
	for _, e := range y2024 {
		list, _, err := regs.EventRegistrations(sec, e.ID, platform.RegistrationFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		seated := 0
		for _, r := range list {
			switch {
			case r.Status != platform.StatusRegistered:
				t.Errorf("%s: a demo participant is %s", e.ID, r.Status)
			case r.Category == platform.CategoryTrainer:
				experts[r.Email] = true
			default:
				seated++
			}
		}
		switch {
		case e.Kind == platform.EventRegionalTraining || e.Kind == platform.EventExpertDiscussion:
			trainings++
			participants += seated
		case e.Kind == platform.EventConference && e.Country == "KZ":
			astana = seated
		case e.Kind == platform.EventWorkshop && e.Country == "TJ":
			dushanbe = seated
		}
	}
	t.Logf("2024: %d trainings and expert discussions, %d participants, %d international experts; Astana %d, Dushanbe %d",
		trainings, participants, len(experts), astana, dushanbe)
	if trainings != 10 || participants <= 900 || len(experts) != 30 || astana <= 150 || dushanbe == 0 {
		t.Errorf("the 2024 record is not reproduced")
	}

	// Article 20 carries its title in all seven languages.
	page, _, err := docs.FindDocuments(ctx, platform.DocumentFilter{Kinds: []string{"convention"}, Articles: []int{20}, Limit: 5})
	if err != nil || len(page) != 1 {
		t.Fatalf("article 20: %v, %d documents", err, len(page))
	}
	for _, lang := range platform.Languages() {
		if page[0].Translations[lang].Title == "" {
			t.Errorf("article 20 has no %s title", lang)
		}
	}
}
