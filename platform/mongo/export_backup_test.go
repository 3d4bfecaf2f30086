package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// SetDumpStage makes Dump call f at each of its stages until the returned
// function is called.
func SetDumpStage(f func(stage string, round int)) (reset func()) {
	old := dumpStage
	dumpStage = f
	return func() { dumpStage = old }
}

// RawRecords reads every record of the collection coll as stored, by id.
func (db *DB) RawRecords(ctx context.Context, coll string) (map[string]bson.Raw, error) {
	all, err := db.RawCollections(ctx)
	return all[coll], err
}
