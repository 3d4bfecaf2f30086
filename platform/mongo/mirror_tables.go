package mongo

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// The roadmap's mirrored records (recommendations, follows, notifications)
// are kept in tables: one generic map per record type, with an optional
// index on a key (a follow's target, a notification's user), loaded with
// the mirror and kept current by the same write path. The mirror hands a
// change of a type it has a table for to the table (see mirror.applyOwn
// and mirror.apply), so a new mirrored type adds a table here, not a case
// there.

// mirrorTable is one record type's table.
type mirrorTable interface {
	// own applies a change of this process from its record as stored,
	// and reports whether it could (m.mu held).
	own(c mirrored) bool
	// readBack reads the record of a change of another process by _id
	// (m.mu not held: it takes it).
	readBack(ctx context.Context, m *mirror, id string) error
	// load reads the whole collection; the returned function installs
	// it (m.mu held).
	load(ctx context.Context, db *DB) (func(), error)
}

// table is a mirrorTable of records of type T.
type table[T any] struct {
	coll string
	id   func(*T) string
	// keys, when set, index the records by keys (a follow by its target
	// and its user).
	keys func(*T) []string
	rows map[string]*T
	by   map[string]map[string]*T
}

func newTable[T any](coll string, id func(*T) string, keys func(*T) []string) *table[T] {
	return &table[T]{coll: coll, id: id, keys: keys, rows: map[string]*T{}, by: map[string]map[string]*T{}}
}

func (t *table[T]) put(r *T) {
	t.drop(t.id(r))
	t.rows[t.id(r)] = r
	if t.keys != nil {
		for _, k := range t.keys(r) {
			if t.by[k] == nil {
				t.by[k] = map[string]*T{}
			}
			t.by[k][t.id(r)] = r
		}
	}
}

func (t *table[T]) drop(id string) {
	old := t.rows[id]
	if old == nil {
		return
	}
	delete(t.rows, id)
	if t.keys != nil {
		for _, k := range t.keys(old) {
			delete(t.by[k], id)
			if len(t.by[k]) == 0 {
				delete(t.by, k)
			}
		}
	}
}

func (t *table[T]) own(c mirrored) bool {
	if c.op == platform.OpDelete {
		t.drop(c.id)
		return true
	}
	var r *T
	switch v := c.rec.(type) {
	case *T:
		cp := *v
		r = &cp
	case T:
		r = &v
	default:
		return false
	}
	t.put(r)
	return true
}

func (t *table[T]) readBack(ctx context.Context, m *mirror, id string) error {
	var r T
	err := m.db.db.Collection(t.coll).FindOne(ctx, byID(id)).Decode(&r)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return translate(err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		t.drop(id)
		return nil
	}
	t.put(&r)
	return nil
}

func (t *table[T]) load(ctx context.Context, db *DB) (func(), error) {
	var all []*T
	if err := each(ctx, db.db.Collection(t.coll), func(r *T) error {
		all = append(all, r)
		return nil
	}); err != nil {
		return nil, err
	}
	return func() {
		t.rows, t.by = map[string]*T{}, map[string]map[string]*T{}
		for _, r := range all {
			t.put(r)
		}
	}, nil
}

// roadmapTables are the mirror's tables of the roadmap's records.
type roadmapTables struct {
	recs          *table[platform.Recommendation]
	follows       *table[platform.Follow]
	notifications *table[platform.Notification]
	// bilateral are the bilateral meetings' records (bilateral.go).
	bilateral bilateralTables
}

func newRoadmapTables() roadmapTables {
	return roadmapTables{
		recs: newTable(colRecommendations, func(r *platform.Recommendation) string { return r.ID }, nil),
		follows: newTable(colFollows, func(f *platform.Follow) string { return f.ID },
			func(f *platform.Follow) []string { return []string{followKey(f.Target), userKey(f.User)} }),
		notifications: newTable(colNotifications, func(n *platform.Notification) string { return n.ID },
			func(n *platform.Notification) []string { return []string{userKey(n.User)} }),
		bilateral: newBilateralTables(),
	}
}

// byType lists the tables by the record type they hold.
func (r roadmapTables) byType() map[platform.RecordType]mirrorTable {
	tables := map[platform.RecordType]mirrorTable{
		platform.TypeRecommendation: r.recs, platform.TypeFollow: r.follows, platform.TypeNotification: r.notifications,
	}
	r.bilateral.add(tables)
	return tables
}

// loadTables reads every table; the returned function installs them
// (m.mu held).
func (m *mirror) loadTables(ctx context.Context) (func(), error) {
	var installs []func()
	for _, t := range m.roadmap.byType() {
		install, err := t.load(ctx, m.db)
		if err != nil {
			return nil, err
		}
		installs = append(installs, install)
	}
	return func() {
		for _, f := range installs {
			f()
		}
	}, nil
}

// followKey is the index key of a follow's target.
func followKey(t platform.FollowTarget) string { return "t:" + string(t.Type) + "/" + t.ID }

// userKey is the index key of a user's follows and notifications.
func userKey(id string) string { return "u:" + id }
