package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// NextSeqs exposes nextSeqs to the external tests.
func NextSeqs(ctx context.Context, db *DB, n int) ([]uint64, error) { return db.nextSeqs(ctx, n) }

// InsertRaw writes doc into a collection as it is, bypassing the services:
// for tests of records stored by an older hub.
func InsertRaw(ctx context.Context, db *DB, coll string, doc any) error {
	_, err := db.db.Collection(coll).InsertOne(ctx, doc)
	return err
}

// CountRaw counts the documents of a collection that match filter, for
// tests that check what a write left in the database.
func CountRaw(ctx context.Context, db *DB, coll string, filter any) (int64, error) {
	return db.db.Collection(coll).CountDocuments(ctx, filter)
}

// DumpRaw returns every document of a collection as relaxed extended JSON,
// for tests that look for a text anywhere in what the database holds.
func DumpRaw(ctx context.Context, db *DB, coll string) ([]string, error) {
	cur, err := db.db.Collection(coll).Find(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	var out []string
	for cur.Next(ctx) {
		b, err := bson.MarshalExtJSON(cur.Current, false, false)
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, cur.Err()
}
