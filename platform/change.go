package platform

import (
	"context"
	"time"
)

// Change operations.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// Change is one entry of the change log: record ID of Collection was written
// (OpUpsert) or removed (OpDelete). Seq is strictly increasing across all
// processes that share the database.
type Change struct {
	Seq        uint64    `bson:"_id"`
	Collection string    `bson:"coll"`
	ID         string    `bson:"rid"`
	Op         string    `bson:"op"`
	At         time.Time `bson:"at"`
}

// ChangeLog is the ordered log of writes that search indexes follow.
type ChangeLog interface {
	// Since returns up to limit changes with Seq > seq, in Seq order.
	Since(ctx context.Context, seq uint64, limit int) ([]Change, error)
	// LastSeq returns the highest sequence handed out so far (0 if none).
	LastSeq(ctx context.Context) (uint64, error)
}
