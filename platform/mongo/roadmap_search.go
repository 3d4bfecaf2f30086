package mongo

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// CommitmentSearchStore reads the roadmap's items and their priorities as
// stored, whatever their visibility, for the search index
// (indexer.CommitmentStore). The items are RoadmapService's; this reads
// them by id (an indexed lookup on FerretDB) and whole for a rebuild.
type CommitmentSearchStore struct{ db *DB }

// NewCommitmentSearchStore returns the items' reader of db.
func NewCommitmentSearchStore(db *DB) *CommitmentSearchStore { return &CommitmentSearchStore{db: db} }

func (s *CommitmentSearchStore) priority(ctx context.Context, id string) (*platform.Priority, error) {
	if id == "" {
		return nil, nil
	}
	var p platform.Priority
	err := s.db.db.Collection(roadmapPrioritiesColl).FindOne(ctx, byID(id)).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	return &p, nil
}

// StoredCommitment returns item id and its priority; a nil item when there
// is none.
func (s *CommitmentSearchStore) StoredCommitment(ctx context.Context, id string) (*platform.RoadmapItem, *platform.Priority, error) {
	var it platform.RoadmapItem
	err := s.db.db.Collection(roadmapItemsColl).FindOne(ctx, byID(id)).Decode(&it)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, translate(err)
	}
	p, err := s.priority(ctx, it.Priority)
	return &it, p, err
}

// AllCommitments calls fn for every item with its priority (each priority
// read once).
func (s *CommitmentSearchStore) AllCommitments(ctx context.Context, fn func(*platform.RoadmapItem, *platform.Priority) error) error {
	priorities := map[string]*platform.Priority{}
	if err := each(ctx, s.db.db.Collection(roadmapPrioritiesColl), func(p *platform.Priority) error {
		priorities[p.ID] = p
		return nil
	}); err != nil {
		return err
	}
	return each(ctx, s.db.db.Collection(roadmapItemsColl), func(it *platform.RoadmapItem) error {
		return fn(it, priorities[it.Priority])
	})
}
