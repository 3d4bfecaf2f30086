package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ca-uncac/hub/platform"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// The database records the version of its layout (the "schema" document of
// the meta collection) and the migrations that brought it there. Open runs
// the migrations a database lacks, in order, and records each; a database
// newer than the binary (written by a later release) makes Open fail with a
// message saying so, rather than have an old hub misread or overwrite what
// it does not know. A new database starts at the current version with no
// migration to run.
//
// A migration is idempotent (run twice, it changes nothing the second time)
// and writes through the one write path, so that the change log, the
// mirror, the search index and the audit trail see what it changed. Of
// several hubs starting on one database, one runs each migration (a claim
// in the meta collection, taken over when older than migrationLease) and the
// others wait for its version to be recorded.

// migration is one step of the layout.
type migration struct {
	version int
	name    string
	up      func(ctx context.Context, db *DB) error
}

// migrations are the steps, in order; version i+1 is migrations[i].
var migrations = []migration{
	{1, "legacy event kinds", migrateLegacyEventKinds},
}

// SchemaVersion is the version of the database layout this binary reads
// and writes.
var SchemaVersion = len(migrations)

// Timing of the migrations' claims.
const (
	migrationLease = 10 * time.Minute
	migrationWait  = 5 * time.Minute
)

// schemaDoc is the meta collection's record of the layout.
type schemaDoc struct {
	Version    int                `bson:"version"`
	Migrations []appliedMigration `bson:"migrations"`
}

// appliedMigration records one migration run.
type appliedMigration struct {
	Version int       `bson:"version"`
	Name    string    `bson:"name"`
	At      time.Time `bson:"at"`
}

// ErrSchemaNewer is wrapped by Open's error on a database written by a
// newer release.
var ErrSchemaNewer = errors.New("the database was written by a newer release of the hub")

const schemaID = "schema"

// isNew reports whether the database holds no collection yet (Open asks
// before it creates the indexes, which create collections).
func (db *DB) isNew(ctx context.Context) (bool, error) {
	names, err := db.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return false, translate(err)
	}
	return len(names) == 0, nil
}

// readSchema returns the recorded layout, or nil when none is.
func (db *DB) readSchema(ctx context.Context) (*schemaDoc, error) {
	var s schemaDoc
	err := db.db.Collection("meta").FindOne(ctx, byID(schemaID)).Decode(&s)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	return &s, nil
}

// migrate brings the database to SchemaVersion. fresh says it was empty
// when opened: it is marked current without running anything.
func (db *DB) migrate(ctx context.Context, fresh bool) error {
	meta := db.db.Collection("meta")
	s, err := db.readSchema(ctx)
	if err != nil {
		return err
	}
	if s == nil {
		start := 0
		if fresh {
			start = SchemaVersion
		}
		_, err := meta.InsertOne(ctx, bson.D{{Key: "_id", Value: schemaID}, {Key: "version", Value: start}, {Key: "migrations", Value: bson.A{}}})
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return translate(err)
		}
		// Another hub may have recorded it first: read what stands.
		if s, err = db.readSchema(ctx); err != nil {
			return err
		}
	}
	if s.Version > SchemaVersion {
		return fmt.Errorf("%w: its layout is version %d, this hub's is %d; run the newer release (or restore a backup taken before the upgrade)",
			ErrSchemaNewer, s.Version, SchemaVersion)
	}
	for _, m := range migrations[s.Version:] {
		if err := db.runMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// runMigration runs m unless another hub is running it, in which case it
// waits for m's version to be recorded.
func (db *DB) runMigration(ctx context.Context, m migration) error {
	meta := db.db.Collection("meta")
	claim := fmt.Sprintf("migration:%d", m.version)
	deadline := db.now().Add(migrationWait)
	for {
		s, err := db.readSchema(ctx)
		if err != nil {
			return err
		}
		if s != nil && s.Version >= m.version {
			return nil
		}
		_, err = meta.InsertOne(ctx, bson.D{{Key: "_id", Value: claim}, {Key: "at", Value: db.now()}})
		if err == nil {
			break
		}
		if !mongo.IsDuplicateKeyError(err) {
			return translate(err)
		}
		// A claim older than the lease is a hub that died running it.
		if _, err := meta.DeleteOne(ctx, bson.D{{Key: "_id", Value: claim}, {Key: "at", Value: bson.D{{Key: "$lt", Value: db.now().Add(-migrationLease)}}}}); err != nil {
			return translate(err)
		}
		if db.now().After(deadline) {
			return fmt.Errorf("another hub has been running it for over %s", migrationWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	if err := m.up(ctx, db); err != nil {
		_, _ = meta.DeleteOne(context.WithoutCancel(ctx), byID(claim))
		return err
	}
	_, err := meta.UpdateOne(ctx, bson.D{{Key: "_id", Value: schemaID}, {Key: "version", Value: m.version - 1}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "version", Value: m.version}}},
		{Key: "$push", Value: bson.D{{Key: "migrations", Value: appliedMigration{Version: m.version, Name: m.name, At: db.now()}}}},
	})
	return translate(err)
}

// migrateLegacyEventKinds gives the events stored with the kind "training",
// from before trainings were regional or national, their kind as
// platform.LegacyEventKind reads it, so that filters, statistics and the
// search index's facets see one kind for each.
func migrateLegacyEventKinds(ctx context.Context, db *DB) error {
	ctx = platform.NewContextWithUser(ctx, platform.System())
	coll := db.db.Collection(colEvents)
	cur, err := coll.Find(ctx, bson.D{{Key: "kind", Value: "training"}})
	if err != nil {
		return translate(err)
	}
	var old []*platform.Event
	if err := cur.All(ctx, &old); err != nil {
		return translate(err)
	}
	for _, e := range old {
		// The kind as every read has given it (FillDefaults), now stored.
		after := *e
		after.FillDefaults()
		err := db.write(ctx, upsert(platform.TypeEvent, e.ID).holding(&after).audited("migrate", e, &after), func(ctx context.Context, seq uint64) error {
			after.Seq = seq
			_, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: e.ID}, {Key: "kind", Value: "training"}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "kind", Value: after.Kind}, {Key: "seq", Value: seq}}}})
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
