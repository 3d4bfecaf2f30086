package mongo

import (
	"context"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
)

// Reads of one record by id filter on the id alone and check the record's
// visibility here: FerretDB v1 on SQLite turns a filter of exactly {_id: …}
// into an indexed lookup, but scans and decodes the whole collection for
// any other filter, {_id: …, visibility: …} included (tens of milliseconds
// at a few thousand records, seconds at a hundred thousand). MongoDB answers
// both from the _id index.

// byID is the filter of one record.
func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// visible reports whether the user in ctx may read a record with this
// visibility.
func visible(ctx context.Context, visibility string) bool {
	return slices.Contains(platform.VisibleTo(platform.UserFromContext(ctx)), visibility)
}

// anyOf adds to filter the condition that field holds one of values; no
// values add none (an empty list filters nothing).
func anyOf[T any](filter bson.D, field string, values []T) bson.D {
	if len(values) == 0 {
		return filter
	}
	return append(filter, bson.E{Key: field, Value: bson.D{{Key: "$in", Value: values}}})
}
