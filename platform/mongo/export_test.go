package mongo

import "context"

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
