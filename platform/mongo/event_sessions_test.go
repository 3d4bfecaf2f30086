package mongo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// An event's sessions are stored with it, read back in start order by id
// and from the mirror, and a reader changing the sessions it was given
// changes nothing the next reader gets.
func TestEventSessionsAreStoredAndNotShared(t *testing.T) {
	db := openDB(t)
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	in := eventInput(platform.EventConference, "KZ", "KG")
	in.Rooms = []string{"Hall A"}
	in.Sessions = []platform.EventSession{
		{Start: in.Start.Add(2 * time.Hour), End: in.Start.Add(3 * time.Hour), Room: "Hall A", Speakers: []string{"Dana Sultanova"},
			Translations: map[string]platform.SessionText{"en": {Title: "Panel"}}},
		{Start: in.Start, End: in.Start.Add(time.Hour), Room: "Hall A",
			Translations: map[string]platform.SessionText{"en": {Title: "Opening"}, "ru": {Title: "Открытие"}}},
	}
	e, err := events.CreateEvent(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	check := func(how string, got *platform.Event) {
		t.Helper()
		if len(got.Sessions) != 2 || got.Sessions[0].Translations["ru"].Title != "Открытие" || !got.Sessions[0].Start.Equal(in.Start) ||
			got.Sessions[1].Speakers[0] != "Dana Sultanova" || got.Sessions[0].Speakers == nil {
			t.Errorf("%s: sessions %+v", how, got.Sessions)
		}
	}
	byID, err := events.FindEventByID(context.Background(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	check("by id", byID)
	list, _, err := events.FindEvents(context.Background(), platform.EventFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %d", err, len(list))
	}
	check("from the mirror", list[0])
	list[0].Sessions[0].Translations["ru"] = platform.SessionText{Title: "Changed"}
	list[0].Sessions[1].Speakers[0] = "Changed"
	again, _, err := events.FindEvents(context.Background(), platform.EventFilter{})
	if err != nil || len(again) != 1 {
		t.Fatalf("list again: %v", err)
	}
	check("from the mirror after a reader changed its copy", again[0])
}
