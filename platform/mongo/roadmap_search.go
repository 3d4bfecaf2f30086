package mongo

import (
	"cmp"
	"context"
	"slices"

	"github.com/ca-uncac/hub/platform"
)

// CommitmentSearchStore reads the roadmap's items and their priorities as
// stored, whatever their visibility, for the search index
// (indexer.CommitmentStore), from the mirror RoadmapService keeps.
type CommitmentSearchStore struct{ db *DB }

// NewCommitmentSearchStore returns the items' reader of db.
func NewCommitmentSearchStore(db *DB) *CommitmentSearchStore { return &CommitmentSearchStore{db: db} }

// copies of the mirror's item and priority (m.mu held): the indexer reads
// them after the lock is released.
func itemAndPriority(m *mirror, it *platform.RoadmapItem) (*platform.RoadmapItem, *platform.Priority) {
	c := *it
	var p *platform.Priority
	if got := m.priorities[it.Priority]; got != nil {
		cp := *got
		p = &cp
	}
	return &c, p
}

// StoredCommitment returns item id and its priority; a nil item when there
// is none.
func (s *CommitmentSearchStore) StoredCommitment(ctx context.Context, id string) (*platform.RoadmapItem, *platform.Priority, error) {
	var it *platform.RoadmapItem
	var p *platform.Priority
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.items[id]; got != nil {
			it, p = itemAndPriority(m, got)
		}
	})
	return it, p, err
}

// CommitmentsOfPriority returns the items under priority id (their area is
// its) and the priority, nil when it is gone.
func (s *CommitmentSearchStore) CommitmentsOfPriority(ctx context.Context, id string) ([]*platform.RoadmapItem, *platform.Priority, error) {
	var out []*platform.RoadmapItem
	var p *platform.Priority
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, it := range m.items {
			if it.Priority == id {
				var c *platform.RoadmapItem
				c, p = itemAndPriority(m, it)
				out = append(out, c)
			}
		}
	})
	slices.SortFunc(out, func(a, b *platform.RoadmapItem) int { return cmp.Compare(a.ID, b.ID) })
	return out, p, err
}

// AllCommitments calls fn for every item with its priority.
func (s *CommitmentSearchStore) AllCommitments(ctx context.Context, fn func(*platform.RoadmapItem, *platform.Priority) error) error {
	type pair struct {
		it *platform.RoadmapItem
		p  *platform.Priority
	}
	var all []pair
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, it := range m.items {
			c, p := itemAndPriority(m, it)
			all = append(all, pair{c, p})
		}
	}); err != nil {
		return err
	}
	slices.SortFunc(all, func(a, b pair) int { return cmp.Compare(a.it.ID, b.it.ID) })
	for _, x := range all {
		if err := fn(x.it, x.p); err != nil {
			return err
		}
	}
	return nil
}
