package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestADatabaseOfAnEarlierLayoutIsUpgradedOnce: a database written before
// the layout had a version (events of the old kind "training") is brought
// to SchemaVersion when opened, each migration recorded, the events
// rewritten through the write path (the event reads back with its kind);
// opened again, nothing runs twice. A new database starts current; one
// written by a newer release is refused with a message saying so.
func TestADatabaseOfAnEarlierLayoutIsUpgradedOnce(t *testing.T) {
	ctx := context.Background()
	client, err := driver.Connect(options.Client().ApplyURI(embeddedURI))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	name := fmt.Sprintf("migrate_%d", time.Now().UnixNano()%1e9)
	raw := client.Database(name)
	start := time.Date(2023, 11, 20, 4, 0, 0, 0, time.UTC)
	for _, e := range []bson.D{
		{{Key: "_id", Value: "old-regional"}, {Key: "kind", Value: "training"}, {Key: "countries", Value: bson.A{"KZ", "KG"}},
			{Key: "start", Value: start}, {Key: "end", Value: start.Add(8 * time.Hour)}, {Key: "visibility", Value: "public"},
			{Key: "translations", Value: bson.D{{Key: "en", Value: bson.D{{Key: "title", Value: "Regional training"}}}}}},
		{{Key: "_id", Value: "old-national"}, {Key: "kind", Value: "training"}, {Key: "countries", Value: bson.A{"UZ"}}, {Key: "country", Value: "UZ"},
			{Key: "start", Value: start}, {Key: "end", Value: start.Add(8 * time.Hour)}, {Key: "visibility", Value: "public"},
			{Key: "translations", Value: bson.D{{Key: "en", Value: bson.D{{Key: "title", Value: "National training"}}}}}},
	} {
		if _, err := raw.Collection("events").InsertOne(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	schema := func() (version, runs int) {
		var s struct {
			Version    int   `bson:"version"`
			Migrations []any `bson:"migrations"`
		}
		if err := raw.Collection("meta").FindOne(ctx, bson.D{{Key: "_id", Value: "schema"}}).Decode(&s); err != nil {
			t.Fatal(err)
		}
		return s.Version, len(s.Migrations)
	}
	for range 2 {
		db, err := mongo.Open(ctx, embeddedURI, name, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if v, runs := schema(); v != mongo.SchemaVersion || runs != mongo.SchemaVersion {
			t.Errorf("schema version %d after %d migrations, want %d", v, runs, mongo.SchemaVersion)
		}
		if n, err := raw.Collection("events").CountDocuments(ctx, bson.D{{Key: "kind", Value: "training"}}); err != nil || n != 0 {
			t.Errorf("%d events still of the old kind (%v)", n, err)
		}
		events := mongo.NewEventService(db)
		sys := platform.NewContextWithUser(ctx, platform.System())
		for id, kind := range map[string]platform.EventKind{"old-regional": platform.EventRegionalTraining, "old-national": platform.EventNationalTraining} {
			e, err := events.FindEventByID(sys, id)
			if err != nil || e.Kind != kind {
				t.Errorf("%s: %v %v", id, e, err)
			}
		}
		changes, err := db.ChangeLog().Since(ctx, 0, 100)
		if err != nil || len(changes) != 2 {
			t.Errorf("%d changes logged (%v), want one per rewritten event", len(changes), err)
		}
		db.Close(ctx)
	}

	if _, err := raw.Collection("meta").UpdateOne(ctx, bson.D{{Key: "_id", Value: "schema"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "version", Value: mongo.SchemaVersion + 1}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := mongo.Open(ctx, embeddedURI, name, 10*time.Second); !errors.Is(err, mongo.ErrSchemaNewer) {
		t.Errorf("a newer database opened: %v", err)
	}

	fresh := fmt.Sprintf("fresh_%d", time.Now().UnixNano()%1e9)
	db, err := mongo.Open(ctx, embeddedURI, fresh, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	var s struct {
		Version    int   `bson:"version"`
		Migrations []any `bson:"migrations"`
	}
	if err := client.Database(fresh).Collection("meta").FindOne(ctx, bson.D{{Key: "_id", Value: "schema"}}).Decode(&s); err != nil || s.Version != mongo.SchemaVersion || len(s.Migrations) != 0 {
		t.Errorf("a new database: version %d, %d migrations run (%v)", s.Version, len(s.Migrations), err)
	}
}
