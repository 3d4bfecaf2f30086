package mongo

import (
	"context"
	"slices"

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
	cur, err := db.db.Collection(coll).Find(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	defer cur.Close(ctx)
	out := map[string]bson.Raw{}
	for cur.Next(ctx) {
		out[docID(cur.Current)] = slices.Clone(cur.Current)
	}
	return out, cur.Err()
}
