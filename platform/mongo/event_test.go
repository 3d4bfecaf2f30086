package mongo_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

func eventInput(kind platform.EventKind, countries ...string) platform.EventInput {
	start := time.Date(2026, 5, 12, 4, 0, 0, 0, time.UTC)
	return platform.EventInput{
		Kind: kind, Start: start, End: start.Add(7 * time.Hour), Country: countries[0], Countries: countries,
		Areas: []string{"prevention"}, UncacArticles: []int{7, 8}, Capacity: 30,
		Translations: map[string]platform.EventText{"en": {Title: "Training on conflicts of interest"}, "ru": {Title: "Тренинг о конфликте интересов"}},
	}
}

func TestEventLifecycle(t *testing.T) {
	db := openDB(t)
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	e, err := events.CreateEvent(sec, eventInput(platform.EventRegionalTraining, "KZ", "KG"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Version != 1 || e.TimeZone != "Asia/Almaty" || e.Status != platform.EventPlanned {
		t.Errorf("created %+v", e)
	}
	got, err := events.FindEventByID(context.Background(), e.ID)
	if err != nil || got.Translations["ru"].Title != "Тренинг о конфликте интересов" || !got.Start.Equal(e.Start) {
		t.Fatalf("read back: %v %+v", err, got)
	}

	in := got.Input()
	in.Capacity = 40
	upd, err := events.UpdateEvent(sec, e.ID, in)
	if err != nil || upd.Version != 2 || upd.Capacity != 40 {
		t.Fatalf("update: %v %+v", err, upd)
	}
	in.IfVersion = 1
	if _, err := events.UpdateEvent(sec, e.ID, in); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("an update of an old version: %v, want conflict", err)
	}

	// Filters: country, area, kind, article, time.
	if _, err := events.CreateEvent(sec, eventInput(platform.EventWebinar, "TM")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		f    platform.EventFilter
		want int
	}{
		{"all", platform.EventFilter{}, 2},
		{"by country", platform.EventFilter{Countries: []string{"KG"}}, 1},
		{"by kind", platform.EventFilter{Kinds: []platform.EventKind{platform.EventWebinar}}, 1},
		{"by article", platform.EventFilter{Articles: []int{8}}, 2},
		{"by area", platform.EventFilter{Areas: []string{"asset_recovery"}}, 0},
		{"ending after", platform.EventFilter{EndsAfter: e.End}, 0},
		{"starting before", platform.EventFilter{StartsBefore: e.Start.Add(time.Minute)}, 2},
	} {
		list, total, err := events.FindEvents(context.Background(), tt.f)
		if err != nil || len(list) != tt.want || total != tt.want {
			t.Errorf("%s: %v, %d listed, %d in all; want %d", tt.name, err, len(list), total, tt.want)
		}
	}
	if _, _, err := events.FindEvents(context.Background(), platform.EventFilter{Kinds: []platform.EventKind{"party"}}); platform.ErrorCode(err) != platform.Invalid {
		t.Errorf("a bad kind filter: %v", err)
	}

	if err := events.DeleteEvent(sec, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := events.FindEventByID(sec, e.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("after delete: %v", err)
	}
}

func TestEventConcurrentUpdatesOneWins(t *testing.T) {
	db := openDB(t)
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	e, err := events.CreateEvent(sec, eventInput(platform.EventNationalTraining, "UZ"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			in := e.Input()
			in.Capacity = 10 + i
			_, errs[i] = events.UpdateEvent(sec, e.ID, in)
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch platform.ErrorCode(err) {
		case "":
			ok++
		case platform.Conflict:
		default:
			t.Errorf("unexpected %v", err)
		}
	}
	got, _ := events.FindEventByID(sec, e.ID)
	if ok != 1 || got.Version != 2 {
		t.Errorf("%d updates of version 1 succeeded; now at version %d", ok, got.Version)
	}
}

func TestFocalPointEditsOnlyTheirNationalEvents(t *testing.T) {
	db := openDB(t)
	events, audit := mongo.NewEventService(db), mongo.NewAuditService(db)
	sec := asUser(platform.RoleSecretariat, "")
	kz := asUser(platform.RoleFocalPoint, "KZ")
	own, err := events.CreateEvent(kz, eventInput(platform.EventNationalTraining, "KZ"))
	if err != nil {
		t.Fatalf("a focal point's national training: %v", err)
	}
	other, err := events.CreateEvent(sec, eventInput(platform.EventNationalTraining, "UZ"))
	if err != nil {
		t.Fatal(err)
	}
	in := other.Input()
	in.Translations["en"] = platform.EventText{Title: "Taken over"}
	if _, err := events.UpdateEvent(kz, other.ID, in); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("editing another country's event: %v", err)
	}
	if got, _ := events.FindEventByID(sec, other.ID); got.Version != 1 || got.Translations["en"].Title != "Training on conflicts of interest" {
		t.Errorf("the refused edit changed the event: %+v", got)
	}
	mine := own.Input()
	mine.Kind, mine.Countries = platform.EventRegionalTraining, []string{"KZ", "KG"}
	if _, err := events.UpdateEvent(kz, own.ID, mine); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("turning their national training into a regional one: %v", err)
	}
	if err := events.DeleteEvent(kz, other.ID); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("deleting another country's event: %v", err)
	}
	denied, n, err := audit.FindAudit(sec, platform.AuditFilter{Action: platform.ActionDenied, Kind: platform.TypeEvent})
	if err != nil || n != 3 {
		t.Fatalf("%d refusals audited (%v), want 3", n, err)
	}
	for _, d := range denied {
		if d.ActorID == "" {
			t.Errorf("a refusal without its actor: %+v", d)
		}
	}
}

func TestEventsStoredBeforeKindsWereNamed(t *testing.T) {
	db := openDB(t)
	events := mongo.NewEventService(db)
	id := bson.NewObjectID().Hex()
	start := time.Date(2024, 4, 16, 4, 0, 0, 0, time.UTC)
	err := mongo.InsertRaw(context.Background(), db, "events", bson.D{
		{Key: "_id", Value: id}, {Key: "kind", Value: "training"}, {Key: "start", Value: start}, {Key: "end", Value: start.Add(56 * time.Hour)},
		{Key: "city", Value: bson.D{{Key: "en", Value: "Almaty"}}}, {Key: "country", Value: "KZ"}, {Key: "countries", Value: bson.A{"KZ", "KG"}},
		{Key: "areas", Value: bson.A{"prevention"}}, {Key: "visibility", Value: "public"},
		{Key: "translations", Value: bson.D{{Key: "en", Value: bson.D{{Key: "title", Value: "Old training"}, {Key: "summary", Value: "As stored before."}}}}},
		{Key: "seq", Value: int64(1)},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := events.FindEventByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != platform.EventRegionalTraining || e.TimeZone != "Asia/Almaty" || e.Status != platform.EventHeld || e.Version != 1 ||
		e.Translations["en"].Description != "As stored before." {
		t.Errorf("read as %+v", e)
	}
	list, _, err := events.FindEvents(context.Background(), platform.EventFilter{Kinds: []platform.EventKind{platform.EventRegionalTraining}})
	if err != nil || len(list) != 1 {
		t.Errorf("filtered by its new kind: %v %d", err, len(list))
	}
	in := e.Input()
	in.Capacity = 80
	if upd, err := events.UpdateEvent(asUser(platform.RoleSecretariat, ""), id, in); err != nil || upd.Version != 2 {
		t.Errorf("updating it: %v", err)
	}
}
