// Package wiring holds the two pieces of the hub's assembly that the server
// (cmd/hub) and its benchmarks (cmd/hubbench) must share so that the
// benchmarks measure what the server runs: how the embedded database is
// started, and which records feed the search index and how. Everything else
// is chosen in cmd/hub; cmd/hubbench drives the real hub binary for what it
// measures of the whole process.
package wiring

import (
	"context"
	"log/slog"
	"time"

	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/search"
)

// OpenEmbedded starts the embedded database (FerretDB with its SQLite files
// in dir), connects to database name within timeout, and gives its
// collections the index FerretDB's lookups by id need (mongo.IndexIDs).
// FerretDB logs to logger (nil: nowhere), which should let through errors
// only: FerretDB is talkative. Stop the server after closing the DB.
func OpenEmbedded(ctx context.Context, dir, name string, timeout time.Duration, logger *slog.Logger, opt ...mongo.OpenOption) (*mongo.Embedded, *mongo.DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	e, err := mongo.StartEmbedded(ctx, dir, logger)
	if err != nil {
		return nil, nil, err
	}
	db, err := mongo.Open(ctx, e.URI, name, timeout, opt...)
	if err != nil {
		e.Stop()
		return nil, nil, err
	}
	if err := e.IndexIDs(ctx, name); err != nil {
		closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = db.Close(closeCtx)
		e.Stop()
		return nil, nil, err
	}
	return e, db, nil
}

// NewIndexer is the hub's indexer: it follows the change log of db into idx,
// with one source for each type of record the library searches.
func NewIndexer(idx search.Index, db *mongo.DB, docs *mongo.DocumentService, events *mongo.EventService, logger *slog.Logger) *indexer.Indexer {
	return indexer.New(idx, db.ChangeLog(), []indexer.Source{
		indexer.DocumentsWithAttachments(docs, mongo.NewAttachmentTextStore(db)),
		indexer.Provisions(docs),
		indexer.Events(events),
		// The expert source only reads profiles: the service's options
		// (photo removal) do not matter to it.
		indexer.Experts(mongo.NewExpertService(db, mongo.ExpertOptions{})),
		indexer.Commitments(mongo.NewCommitmentSearchStore(db)),
		indexer.Priorities(mongo.NewCommitmentSearchStore(db)),
		indexer.Recommendations(mongo.NewRecommendationService(db)),
	}, indexer.Options{Logger: logger})
}
