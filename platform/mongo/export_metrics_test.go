package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// RunCommand runs a raw database command, for tests of what the hub does
// when one fails.
func (db *DB) RunCommand(ctx context.Context, cmd bson.D) error {
	return db.db.RunCommand(ctx, cmd).Err()
}
