package mongo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
)

// BenchmarkStats measures the statistics of a year on the embedded
// FerretDB holding 2,000 events and 100,000 registrations (50 each, from
// 20,000 people; one in ten cancelled, trainings with 40 seats so that some
// wait), all in 2025, the heaviest year there can be. The fixture is written
// raw, in batches of 1,000. "cold" avoids the service's answers kept in
// memory by making a new service each iteration (FerretDB v1 caches no
// query results: each reads the rows from SQLite again); "kept" is the
// hub's case of a reader asking again with no write in between.
//
// Measured with:
//
//	go test ./platform/mongo/ -run '^$' -bench BenchmarkStats/kept -benchtime 200x
//	go test ./platform/mongo/ -run '^$' -bench BenchmarkStats/cold -benchtime 3x
func BenchmarkStats(b *testing.B) {
	db := mongotest.OpenDB(b, embeddedURI)
	ctx := context.Background()
	const nEvents, perEvent = 2000, 50
	kinds := platform.EventKinds()
	countries := platform.Countries()
	categories := []platform.RegistrationCategory{platform.CategoryDelegate, platform.CategoryDelegate, platform.CategoryDelegate,
		platform.CategoryObserver, platform.CategoryTrainer, platform.CategorySpeaker}
	genders := []string{"female", "male", "", "female", "male", "other"}
	start := time.Date(2025, 1, 6, 4, 0, 0, 0, time.UTC)
	var events, regs []any
	flush := func(coll string, docs *[]any) {
		if err := mongo.InsertManyRaw(ctx, db, coll, *docs); err != nil {
			b.Fatal(err)
		}
		*docs = (*docs)[:0]
	}
	queue := uint64(1)
	for i := range nEvents {
		id := bson.NewObjectID().Hex()
		kind := kinds[i%len(kinds)]
		s := start.Add(time.Duration(i%350) * 24 * time.Hour)
		e := &platform.Event{ID: id, Kind: kind, Status: platform.EventHeld, Start: s, End: s.Add(time.Duration(2+i%3*24) * time.Hour),
			TimeZone: platform.DefaultTimeZone(countries[i%5]), Country: countries[i%5], Countries: []string{countries[i%5], countries[(i+1)%5]},
			Areas: []string{platform.Areas()[i%4]}, Trainers: []string{fmt.Sprintf("Trainer %d", i%300)}, Visibility: platform.Public,
			Translations: map[string]platform.EventText{"en": {Title: fmt.Sprintf("Event %d", i)}}, Version: 1}
		if kind.Training() {
			e.Capacity = 40
		}
		events = append(events, e)
		for j := range perEvent {
			n := (i*perEvent + j) % 20000
			r := &platform.Registration{ID: bson.NewObjectID().Hex(), EventID: id, Name: fmt.Sprintf("Person %d", n),
				Email: fmt.Sprintf("p%d@example.org", n), Country: countries[n%5], Gender: genders[n%len(genders)],
				Category: categories[j%len(categories)], Language: "ru", State: platform.RegistrationActive, Queue: queue,
				Organization: "Agency", CheckInCode: "ABCDEFGH", Attended: []string{}}
			if j%10 == 9 {
				r.State, r.Queue = platform.RegistrationCancelled, 0
			}
			queue++
			regs = append(regs, r)
			if len(regs) == 1000 {
				flush("registrations", &regs)
			}
		}
		if len(events) == 1000 {
			flush("events", &events)
		}
	}
	year := platform.StatsFilter{Year: 2025}
	report := func(b *testing.B, st *platform.EventStats) {
		b.ReportMetric(float64(st.Events), "events")
		b.ReportMetric(float64(st.Participants), "participants")
	}
	// cold: a new service each time, so nothing is kept between iterations;
	// both queries read the collections again.
	b.Run("cold", func(b *testing.B) {
		var st *platform.EventStats
		for b.Loop() {
			var err error
			if st, err = mongo.NewStatsService(db).EventStats(ctx, year); err != nil {
				b.Fatal(err)
			}
		}
		report(b, st)
	})
	// kept: one service, as the hub has; after the first computation an
	// answer costs the change log's last number (a lookup by _id).
	b.Run("kept", func(b *testing.B) {
		svc := mongo.NewStatsService(db)
		st, err := svc.EventStats(ctx, year)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if st, err = svc.EventStats(ctx, year); err != nil {
				b.Fatal(err)
			}
		}
		report(b, st)
	})
}
