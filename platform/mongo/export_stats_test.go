package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// InsertManyRaw writes docs into a collection as they are, in one request,
// bypassing the services: for benchmark fixtures of a size the services
// would take minutes to write.
func InsertManyRaw(ctx context.Context, db *DB, coll string, docs []any) error {
	_, err := db.db.Collection(coll).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	return err
}
