package mongo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

func TestEventOverlaps(t *testing.T) {
	db := openDB(t)
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	create := func(title string, change func(in *platform.EventInput)) *platform.Event {
		t.Helper()
		in := eventInput(platform.EventRegionalTraining, "TM")
		in.Translations = map[string]platform.EventText{"en": {Title: title}}
		change(&in)
		e, err := events.CreateEvent(sec, in)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	// eventInput's events run 2026-05-12 04:00–11:00 UTC.
	country := create("Same country", func(in *platform.EventInput) { in.Country, in.Countries = "KZ", []string{"KZ", "KG"} })
	create("Same trainer", func(in *platform.EventInput) { in.Speakers = []string{"Sara LINDQVIST"} })
	create("Same room", func(in *platform.EventInput) {
		in.Rooms, in.City = []string{"Hall A"}, map[string]string{"ru": "Астана", "en": "Astana"}
	})
	create("Cancelled", func(in *platform.EventInput) { in.Countries, in.Status = []string{"KZ"}, platform.EventCancelled })
	// Later starts when mine (below, two hours after the others) ends.
	create("Later", func(in *platform.EventInput) {
		in.Countries = []string{"KZ"}
		in.Start, in.End = in.End.Add(2*time.Hour), in.End.Add(3*time.Hour)
	})
	create("Secretariat only", func(in *platform.EventInput) { in.Countries, in.Visibility = []string{"KZ"}, platform.Secretariat })

	mine := eventInput(platform.EventNationalTraining, "KZ")
	mine.Start, mine.End = mine.Start.Add(2*time.Hour), mine.End.Add(2*time.Hour)
	mine.Trainers, mine.Rooms, mine.City = []string{" sara lindqvist"}, []string{"hall a"}, map[string]string{"kk": "Астана"}
	reasons := func(ctx context.Context, exceptID string) map[string][]platform.OverlapReason {
		t.Helper()
		list, err := events.Overlaps(ctx, mine, exceptID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]platform.OverlapReason{}
		for _, o := range list {
			title, _ := o.Title([]string{"en"})
			out[title] = o.Reasons
		}
		return out
	}

	got := reasons(sec, "")
	for title, want := range map[string]platform.OverlapReason{
		"Same country":     {Kind: platform.OverlapCountry, Value: "KZ"},
		"Same trainer":     {Kind: platform.OverlapTrainer, Value: "Sara LINDQVIST"},
		"Same room":        {Kind: platform.OverlapRoom, Value: "Hall A"},
		"Secretariat only": {Kind: platform.OverlapCountry, Value: "KZ"},
	} {
		if len(got[title]) != 1 || got[title][0] != want {
			t.Errorf("%s: %v, want %v", title, got[title], want)
		}
	}
	for _, title := range []string{"Cancelled", "Later"} {
		if _, ok := got[title]; ok {
			t.Errorf("%s overlaps: %v", title, got)
		}
	}
	if len(got) != 4 {
		t.Errorf("overlaps: %v", got)
	}

	// The event itself, edited, is not its own overlap.
	mine = country.Input()
	if got := reasons(sec, country.ID); len(got) != 1 || got["Secretariat only"] == nil {
		t.Errorf("editing the event itself: %v", got)
	}
	if got := reasons(sec, ""); got["Same country"] == nil {
		t.Errorf("without the exception, the event overlaps itself: %v", got)
	}

	// A focal point does not learn of the secretariat's own event.
	kz := asUser(platform.RoleFocalPoint, "KZ")
	if got := reasons(kz, country.ID); len(got) != 0 {
		t.Errorf("a focal point is warned of an event they cannot see: %v", got)
	}
	if got := reasons(context.Background(), country.ID); len(got) != 0 {
		t.Errorf("an anonymous reader is warned of an event they cannot see: %v", got)
	}

	mine.End = mine.Start.Add(-time.Hour)
	if _, err := events.Overlaps(sec, mine, ""); platform.ErrorCode(err) != platform.Invalid {
		t.Errorf("an end before the start: %v", err)
	}
}
