package mongo

import "context"

// NextSeqs exposes nextSeqs to the external tests.
func NextSeqs(ctx context.Context, db *DB, n int) (uint64, error) { return db.nextSeqs(ctx, n) }
