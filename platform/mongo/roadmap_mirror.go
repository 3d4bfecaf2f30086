package mongo

import (
	"context"
	"errors"
	"maps"
	"slices"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// roadmapMirror is the roadmap's part of the mirror: periods, priorities,
// items, their updates and the reassessments. The overview, the lists and
// the roll-ups read every item of a period, which FerretDB would answer by
// reading the whole collection. The records it holds are never changed in
// place: a write replaces the pointer, so a reader may keep one it took
// under the lock.
type roadmapMirror struct {
	periods       map[string]*platform.RoadmapPeriod
	priorities    map[string]*platform.Priority
	items         map[string]*platform.RoadmapItem
	updates       map[string]*platform.ProgressUpdate
	reassessments map[string]*platform.Reassessment
	// kids are each item's children's ids; itemUpdates each item's
	// updates' ids.
	kids        map[string]map[string]bool
	itemUpdates map[string]map[string]bool
}

// roadmapLoaded is the roadmap read whole by a first load.
type roadmapLoaded struct {
	periods       []*platform.RoadmapPeriod
	priorities    []*platform.Priority
	items         []*platform.RoadmapItem
	updates       []*platform.ProgressUpdate
	reassessments []*platform.Reassessment
}

// loadRoadmap reads the roadmap's collections whole.
func loadRoadmap(ctx context.Context, db *DB) (*roadmapLoaded, error) {
	var l roadmapLoaded
	if err := each(ctx, db.db.Collection(colRoadmapPeriods), func(p *platform.RoadmapPeriod) error {
		l.periods = append(l.periods, p)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, db.db.Collection(colPriorities), func(p *platform.Priority) error {
		l.priorities = append(l.priorities, p)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, db.db.Collection(colCommitments), func(it *platform.RoadmapItem) error {
		l.items = append(l.items, it)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, db.db.Collection(colProgressUpdates), func(u *platform.ProgressUpdate) error {
		l.updates = append(l.updates, u)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, db.db.Collection(colReassessments), func(r *platform.Reassessment) error {
		l.reassessments = append(l.reassessments, r)
		return nil
	}); err != nil {
		return nil, err
	}
	return &l, nil
}

// resetRoadmap replaces the roadmap's part with what a load read (m.mu
// held).
func (m *mirror) resetRoadmap(l *roadmapLoaded) {
	m.roadmapMirror = roadmapMirror{
		periods: map[string]*platform.RoadmapPeriod{}, priorities: map[string]*platform.Priority{},
		items: map[string]*platform.RoadmapItem{}, updates: map[string]*platform.ProgressUpdate{},
		reassessments: map[string]*platform.Reassessment{},
		kids:          map[string]map[string]bool{}, itemUpdates: map[string]map[string]bool{},
	}
	for _, p := range l.periods {
		m.periods[p.ID] = p
	}
	for _, p := range l.priorities {
		m.priorities[p.ID] = p
	}
	for _, it := range l.items {
		m.putItem(it)
	}
	for _, u := range l.updates {
		m.putUpdate(u)
	}
	for _, r := range l.reassessments {
		m.reassessments[r.ID] = r
	}
}

// applyRoadmap applies a change of this process from its record (m.mu
// held); ok is false when the record is missing and must be read back,
// handled false when typ is not the roadmap's.
func (m *mirror) applyRoadmap(c mirrored) (handled, ok bool) {
	del := c.op == platform.OpDelete
	switch c.typ {
	case platform.TypeRoadmapPeriod:
		if del {
			delete(m.periods, c.id)
			return true, true
		}
		p, ok := c.rec.(*platform.RoadmapPeriod)
		if ok {
			cp := *p
			cp.Title = maps.Clone(p.Title)
			m.periods[p.ID] = &cp
		}
		return true, ok
	case platform.TypePriority:
		if del {
			delete(m.priorities, c.id)
			return true, true
		}
		p, ok := c.rec.(*platform.Priority)
		if ok {
			m.priorities[p.ID] = clonePriority(p)
		}
		return true, ok
	case platform.TypeCommitment:
		if del {
			m.dropItem(c.id)
			return true, true
		}
		it, ok := c.rec.(*platform.RoadmapItem)
		if ok {
			m.putItem(cloneItem(it))
		}
		return true, ok
	case platform.TypeProgressUpdate:
		if del {
			m.dropUpdate(c.id)
			return true, true
		}
		u, ok := c.rec.(*platform.ProgressUpdate)
		if ok {
			m.putUpdate(cloneUpdate(u))
		}
		return true, ok
	case platform.TypeReassessment:
		if del {
			delete(m.reassessments, c.id)
			return true, true
		}
		r, ok := c.rec.(*platform.Reassessment)
		if ok {
			cp := *r
			m.reassessments[r.ID] = &cp
		}
		return true, ok
	}
	return false, false
}

// applyRoadmapEntry reads back the roadmap record of a change of another
// process; handled is false when c is not the roadmap's.
func (m *mirror) applyRoadmapEntry(ctx context.Context, typ platform.RecordType, id string) (handled bool, err error) {
	switch typ {
	case platform.TypeRoadmapPeriod:
		return true, readBack(ctx, m, colRoadmapPeriods, id, m.periods)
	case platform.TypePriority:
		return true, readBack(ctx, m, colPriorities, id, m.priorities)
	case platform.TypeReassessment:
		return true, readBack(ctx, m, colReassessments, id, m.reassessments)
	case platform.TypeCommitment:
		var it platform.RoadmapItem
		err := m.db.db.Collection(colCommitments).FindOne(ctx, byID(id)).Decode(&it)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return true, translate(err)
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		m.dropItem(id)
		if err == nil {
			m.putItem(&it)
		}
		return true, nil
	case platform.TypeProgressUpdate:
		var u platform.ProgressUpdate
		err := m.db.db.Collection(colProgressUpdates).FindOne(ctx, byID(id)).Decode(&u)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return true, translate(err)
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		m.dropUpdate(id)
		if err == nil {
			m.putUpdate(&u)
		}
		return true, nil
	}
	return false, nil
}

// putItem keeps it, indexed under its parent (m.mu held).
func (m *mirror) putItem(it *platform.RoadmapItem) {
	if old := m.items[it.ID]; old != nil && old.Parent != it.Parent {
		delete(m.kids[old.Parent], it.ID)
	}
	m.items[it.ID] = it
	if it.Parent != "" {
		if m.kids[it.Parent] == nil {
			m.kids[it.Parent] = map[string]bool{}
		}
		m.kids[it.Parent][it.ID] = true
	}
}

// dropItem forgets an item (m.mu held).
func (m *mirror) dropItem(id string) {
	if old := m.items[id]; old != nil {
		delete(m.kids[old.Parent], id)
	}
	delete(m.items, id)
}

// putUpdate keeps u, indexed under its item (m.mu held).
func (m *mirror) putUpdate(u *platform.ProgressUpdate) {
	m.updates[u.ID] = u
	if m.itemUpdates[u.Item] == nil {
		m.itemUpdates[u.Item] = map[string]bool{}
	}
	m.itemUpdates[u.Item][u.ID] = true
}

// dropUpdate forgets an update (m.mu held).
func (m *mirror) dropUpdate(id string) {
	if old := m.updates[id]; old != nil {
		delete(m.itemUpdates[old.Item], id)
	}
	delete(m.updates, id)
}

// updatesOf lists an item's updates (m.mu held), in no order.
func (m *mirror) updatesOf(item string) []*platform.ProgressUpdate {
	out := make([]*platform.ProgressUpdate, 0, len(m.itemUpdates[item]))
	for id := range m.itemUpdates[item] {
		if u := m.updates[id]; u != nil {
			out = append(out, u)
		}
	}
	return out
}

// cloneItem is a copy of it whose maps and slices are its own.
func cloneItem(it *platform.RoadmapItem) *platform.RoadmapItem {
	c := *it
	c.Title, c.Description, c.Rollup = maps.Clone(it.Title), maps.Clone(it.Description), maps.Clone(it.Rollup)
	c.Indicators, c.Articles = slices.Clone(it.Indicators), slices.Clone(it.Articles)
	if it.Start != nil {
		t := *it.Start
		c.Start = &t
	}
	if it.Due != nil {
		t := *it.Due
		c.Due = &t
	}
	return &c
}

func clonePriority(p *platform.Priority) *platform.Priority {
	c := *p
	c.Title, c.Description = maps.Clone(p.Title), maps.Clone(p.Description)
	return &c
}

func cloneUpdate(u *platform.ProgressUpdate) *platform.ProgressUpdate {
	c := *u
	c.Text, c.Evidence = maps.Clone(u.Text), slices.Clone(u.Evidence)
	if u.Claim != nil {
		cl := *u.Claim
		c.Claim = &cl
	}
	return &c
}
