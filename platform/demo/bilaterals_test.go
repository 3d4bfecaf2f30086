package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/schedule"
)

// TestLoadBilateralsPublishesTwelveMeetingsInAstana loads the demo, then
// its bilateral meetings, and reads back what the pages show: the Astana
// conference's nine delegations and twelve meetings, all placed and
// published; the fictional conference's twenty delegations and about
// eighty requests in every state, the accepted ones unsolved and solvable.
func TestLoadBilateralsPublishesTwelveMeetingsInAstana(t *testing.T) {
	ctx := context.Background()
	db, err := mongo.Open(ctx, embeddedURI, fmt.Sprintf("demobilaterals%d", time.Now().UnixNano()%1e6), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	events := mongo.NewEventService(db)
	regs := mongo.NewRegistrationService(db)
	if err := demo.Load(ctx, mongo.NewDocumentService(db), events, regs); err != nil {
		t.Fatal(err)
	}
	svc := mongo.NewBilateralService(db)
	began := time.Now()
	if err := demo.LoadBilaterals(ctx, svc, events, regs); err != nil {
		t.Fatal(err)
	}
	t.Logf("LoadBilaterals took %s", time.Since(began))
	sec := platform.NewContextWithUser(ctx, platform.System())
	confs, _, err := events.FindEvents(sec, platform.EventFilter{Kinds: []platform.EventKind{platform.EventConference}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var astana, fictional *platform.Event
	for _, e := range confs {
		switch {
		case e.Country == "KZ" && e.Start.Year() == 2024:
			astana = e
		case e.Translations["en"].Title == "Demonstration conference for the scheduler (fictional)":
			fictional = e
		}
	}
	if astana == nil || fictional == nil {
		t.Fatalf("conferences: %v %v", astana, fictional)
	}
	dels, err := svc.Delegations(sec, astana.ID)
	if err != nil || len(dels) != 9 {
		t.Fatalf("Astana delegations: %v %d", err, len(dels))
	}
	for _, d := range dels {
		for _, m := range d.Members {
			if m.RegistrationID == "" {
				t.Errorf("%s %s: a member without a registration", d.Country+d.Name, m.Name)
			}
		}
	}
	sch, err := svc.Schedule(sec, astana.ID)
	if err != nil || sch.Placed != 12 || len(sch.Published) != 12 || sch.PublishedAt == nil || len(sch.Unplaced) != 0 {
		t.Fatalf("Astana schedule: %v placed %d published %d unplaced %v", err, sch.Placed, len(sch.Published), sch.Unplaced)
	}
	interpreted := 0
	for _, m := range sch.Published {
		if m.Interpreter != "" {
			interpreted++
		}
	}
	if interpreted == 0 {
		t.Error("no Astana meeting has an interpreter")
	}

	fdels, err := svc.Delegations(sec, fictional.ID)
	if err != nil || len(fdels) != 20 {
		t.Fatalf("fictional delegations: %v %d", err, len(fdels))
	}
	reqs, err := svc.Requests(sec, fictional.ID, "", "")
	if err != nil || len(reqs) != 80 {
		t.Fatalf("fictional requests: %v %d", err, len(reqs))
	}
	by := map[platform.MeetingStatus]int{}
	for _, r := range reqs {
		by[r.Status]++
	}
	t.Logf("fictional requests by status: %v", by)
	for _, st := range []platform.MeetingStatus{platform.MeetingPending, platform.MeetingAccepted, platform.MeetingDeclined} {
		if by[st] == 0 {
			t.Errorf("no %s request", st)
		}
	}
	if fsch, err := svc.Schedule(sec, fictional.ID); err != nil || fsch.Version != 0 {
		t.Fatalf("the fictional conference's schedule should be unsolved: %v %+v", err, fsch)
	}
	solved, err := svc.Solve(sec, fictional.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fictional conference solved: %d of %d placed (bound %d, optimal %v), %d unplaced", solved.Placed, by[platform.MeetingAccepted],
		solved.UpperBound, solved.Optimal, len(solved.Unplaced))
	reasons := map[string]int{}
	for _, u := range solved.Unplaced {
		reasons[u.Reason]++
	}
	t.Logf("why not placed: %v", reasons)
	if solved.Placed == 0 || solved.Placed+len(solved.Unplaced) != by[platform.MeetingAccepted] {
		t.Fatalf("solved: %+v", solved)
	}
	// Both schedules obey every rule, by the checker written apart from
	// the solver.
	for _, c := range []struct {
		ev       *platform.Event
		meetings []platform.ScheduledMeeting
	}{{astana, sch.Published}, {fictional, solved.Meetings}} {
		in, err := svc.Instance(sec, c.ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		var placements []schedule.Placement
		for _, m := range c.meetings {
			placements = append(placements, schedule.Placement{Meeting: m.RequestID, Start: m.Start, End: m.End, Room: m.Room, Interpreter: m.Interpreter})
		}
		if v := schedule.Check(in, placements); len(v) != 0 {
			t.Errorf("%s: the schedule breaks rules: %+v", c.ev.Translations["en"].Title, v)
		}
	}
}

// TestDemoBilateralTextsAreInTheirLanguagesScripts checks the fictional
// conference's titles letter by letter.
func TestDemoBilateralTextsAreInTheirLanguagesScripts(t *testing.T) {
	for lang, text := range demo.FictionalConferenceTitles() {
		if err := platform.CheckScript(lang, text); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
}
