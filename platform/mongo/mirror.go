package mongo

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// mirror is this process's copy of the events, the registrations and what
// each participant was told. The events' and registrations' reads that are
// not by _id are answered from it: FerretDB v1 on SQLite pushes down no
// filter but {_id: "string"} (an integer _id, a range, any other field: it
// reads and decodes the whole collection), so a count of one event's
// registrations took seconds at 100,000, while the mirror answers in
// microseconds. MongoDB would serve those queries from indexes; the mirror
// costs it nothing but memory (a few hundred bytes a registration).
//
// The write path keeps it current: every write of this process hands the
// mirror its change-log numbers when it takes them (claimed) and its
// records as stored once the change is logged (written). Writes of other
// processes (several hubs on one database) are found from the change log:
// a read first compares the log's last number (one lookup) with the
// numbers the mirror knows, and only a number neither written nor claimed
// here sends it to the log, once. A process alone on its database thus
// never reads the log on a read.
type mirror struct {
	db *DB
	// catching serializes loading and reading the log; mu guards the rest.
	catching sync.Mutex
	mu       sync.Mutex
	loaded   bool
	// loading is set while the first load reads the collections.
	loading bool
	// seq: every number up to it is known (applied, or dead). Above it,
	// done lists the numbers applied, local those this process claimed and
	// has not written yet, holes when each number missing from the log was
	// first seen missing.
	seq   uint64
	done  map[uint64]bool
	local map[uint64]bool
	holes map[uint64]time.Time
	// early keeps what this process wrote before the first load finished;
	// the load applies it again.
	early []mirrored
	// caught is when catchUp last looked at the log's last number.
	caught time.Time

	events  map[string]*platform.Event
	regs    map[string]*platform.Registration
	byEvent map[string]map[string]*platform.Registration
	byEmail map[string]map[string]*platform.Registration
	byUser  map[string]map[string]*platform.Registration
	byCert  map[string]*platform.Registration
	// lines caches each event's seat-taking active registrations in queue
	// order; a change of the event's registrations drops it.
	lines map[string][]*platform.Registration
	told  map[string]toldState
	// experts and invitations are the experts' pool (see ExpertService).
	experts     map[string]*platform.Expert
	invitations map[string]*platform.ExpertInvitation
	// roadmapMirror is the roadmap (see RoadmapService).
	roadmapMirror
	// roadmap holds the recommendations, follows and notifications (see
	// mirror_tables.go).
	roadmap roadmapTables
}

// mirrored is a change of this process's write, for the mirror.
type mirrored struct {
	seq uint64
	change
	// unchanged: the write failed, its record is as it was.
	unchanged bool
}

// mirrorReload is how many numbers below the last one a first load reads
// from the log again: a write of another process that took its number
// before the load may store its record after the load read its collection.
const mirrorReload = 512

// mirrorFresh is how long a look at the log's last number serves: another
// hub's write is seen within it.
const mirrorFresh = 50 * time.Millisecond

// mirror returns the database's mirror, made on first use.
func (db *DB) mirror() *mirror {
	db.mirrorOnce.Do(func() {
		db.mirrorOf = &mirror{db: db, done: map[uint64]bool{}, local: map[uint64]bool{}, holes: map[uint64]time.Time{},
			roadmap: newRoadmapTables()}
	})
	return db.mirrorOf
}

// claimed records numbers this process took for a write in progress.
func (m *mirror) claimed(numbers []uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, n := range numbers {
		m.local[n] = true
	}
}

// written applies this process's changes, their records as stored; a
// change of a mirrored type without its record is read back by _id.
func (m *mirror) written(ctx context.Context, changes []mirrored) {
	var reload []changeEntry
	m.mu.Lock()
	for _, c := range changes {
		delete(m.local, c.seq)
		if !m.loaded {
			// Before the first load nothing is kept (the load reads the
			// records), but during it what was written is applied after.
			if m.loading {
				m.early = append(m.early, c)
			}
			continue
		}
		if m.applyOwn(c) {
			m.done[c.seq] = true
		} else {
			reload = append(reload, changeEntry{Seq: int64(c.seq), Type: c.typ, ID: c.id, Op: c.op})
		}
	}
	m.advance()
	m.mu.Unlock()
	for _, c := range reload {
		if err := m.apply(ctx, c); err == nil {
			m.mu.Lock()
			m.done[uint64(c.Seq)] = true
			m.advance()
			m.mu.Unlock()
		}
		// A failed read back leaves the number unknown: the next read
		// looks for it in the log.
	}
}

// applyOwn applies a change of this process from its record, and reports
// whether it could (m.mu held).
func (m *mirror) applyOwn(c mirrored) bool {
	if c.unchanged {
		return true
	}
	if handled, ok := m.applyRoadmap(c); handled {
		return ok
	}
	if t, ok := m.roadmap.byType()[c.typ]; ok {
		return t.own(c)
	}
	switch c.typ {
	case platform.TypeEvent:
		if c.op == platform.OpDelete {
			delete(m.events, c.id)
			return true
		}
		e, ok := c.rec.(*platform.Event)
		if !ok {
			return false
		}
		cp := *e
		cp.SetFields(e.Input())
		cp.Version, cp.Seq = e.Version, e.Seq
		m.events[cp.ID] = &cp
	case platform.TypeRegistration:
		m.dropRegistration(c.id)
		if c.op == platform.OpDelete {
			return true
		}
		r, ok := c.rec.(*platform.Registration)
		if !ok {
			return false
		}
		m.putRegistration(copyOf(r))
	case platform.TypeNotice:
		n, ok := c.rec.(platform.Notice)
		if !ok {
			return false
		}
		m.putTold(n)
	case platform.TypeExpert:
		if c.op == platform.OpDelete {
			delete(m.experts, c.id)
			return true
		}
		e, ok := c.rec.(*platform.Expert)
		if !ok {
			return false
		}
		m.experts[e.ID] = e.Clone()
	case platform.TypeExpertInvitation:
		if c.op == platform.OpDelete {
			delete(m.invitations, c.id)
			return true
		}
		x, ok := c.rec.(*platform.ExpertInvitation)
		if !ok {
			return false
		}
		cp := *x
		m.invitations[x.ID] = &cp
	}
	return true // other types are not mirrored
}

// advance moves the checkpoint over the numbers known (m.mu held).
func (m *mirror) advance() {
	stale := m.db.now().Add(-settleStale)
	for {
		next := m.seq + 1
		if m.done[next] {
			delete(m.done, next)
		} else if since, ok := m.holes[next]; ok && !m.local[next] && since.Before(stale) {
			delete(m.holes, next)
		} else {
			break
		}
		m.seq = next
	}
}

// catchUp loads the mirror the first time, then reads from the log the
// changes of other processes it does not know yet.
func (m *mirror) catchUp(ctx context.Context) error {
	m.catching.Lock()
	defer m.catching.Unlock()
	if !m.loaded {
		if err := m.load(ctx); err != nil {
			return err
		}
	}
	// This process's writes are applied as they are made; other
	// processes' are looked for at most every mirrorFresh, so that one
	// page's several reads cost one lookup.
	if time.Since(m.caught) < mirrorFresh {
		return nil
	}
	m.caught = time.Now()
	// The counter is read while no writer of this process takes numbers:
	// every number it shows that this process took is claimed already.
	m.db.seqMu.Lock()
	head, err := m.db.ChangeLog().LastSeq(ctx)
	m.db.seqMu.Unlock()
	if err != nil {
		return err
	}
	m.mu.Lock()
	unknown := false
	for n := m.seq + 1; n <= head && !unknown; n++ {
		if _, hole := m.holes[n]; !m.done[n] && !m.local[n] && !hole {
			unknown = true
		}
	}
	from := m.seq
	m.mu.Unlock()
	if !unknown {
		return nil
	}
	// Numbers nobody here wrote: read the log above the checkpoint.
	cur, err := m.db.db.Collection(colChanges).Find(ctx,
		bson.D{{Key: "_id", Value: bson.D{{Key: "$gt", Value: int64(from)}, {Key: "$lte", Value: int64(head)}}}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return translate(err)
	}
	var entries []changeEntry
	if err := cur.All(ctx, &entries); err != nil {
		return translate(err)
	}
	logged := make(map[uint64]time.Time, len(entries))
	for _, c := range entries {
		n := uint64(c.Seq)
		logged[n] = c.At
		m.mu.Lock()
		known := m.done[n] || m.local[n]
		m.mu.Unlock()
		if known {
			continue
		}
		if err := m.apply(ctx, c); err != nil {
			return err
		}
		m.mu.Lock()
		m.done[n] = true
		m.mu.Unlock()
	}
	// Numbers still missing: a write in progress elsewhere, or dead (below
	// a change logged long ago: a writer that died, an older hub's skipped
	// number).
	now := m.db.now()
	stale := now.Add(-settleStale)
	m.mu.Lock()
	defer m.mu.Unlock()
	for n := from + 1; n <= head; n++ {
		if _, ok := logged[n]; ok || m.done[n] || m.local[n] {
			continue
		}
		if _, seen := m.holes[n]; seen {
			continue
		}
		m.holes[n] = now
		for above := n + 1; above <= head; above++ {
			if at, ok := logged[above]; ok {
				if at.Before(stale) {
					m.holes[n] = time.Time{}
				}
				break
			}
		}
	}
	m.advance()
	return nil
}

// waitApplied waits until every change-log number below seq is applied
// (or dead), at most settlePatience, and reports whether it is.
func (m *mirror) waitApplied(ctx context.Context, seq uint64) bool {
	deadline := time.Now().Add(settlePatience)
	pause := time.Millisecond
	for {
		if err := m.catchUp(ctx); err != nil {
			return false
		}
		m.mu.Lock()
		m.advance()
		done := m.seq+1 >= seq
		m.mu.Unlock()
		if done {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(pause):
		}
		pause = min(pause*2, 20*time.Millisecond)
	}
}

// load reads the events, registrations and told notices whole (m.catching
// held).
func (m *mirror) load(ctx context.Context) (err error) {
	m.mu.Lock()
	m.loading = true
	m.mu.Unlock()
	defer func() {
		if err != nil { // tried again on the next read
			m.mu.Lock()
			m.loading, m.early = false, nil
			m.mu.Unlock()
		}
	}()
	head, err := m.db.ChangeLog().LastSeq(ctx)
	if err != nil {
		return err
	}
	events := map[string]*platform.Event{}
	if err := each(ctx, m.db.db.Collection(colEvents), func(e *platform.Event) error {
		e.FillDefaults()
		events[e.ID] = e
		return nil
	}); err != nil {
		return err
	}
	var regs []*platform.Registration
	if err := each(ctx, m.db.db.Collection(colRegistrations), func(r *platform.Registration) error {
		regs = append(regs, r)
		return nil
	}); err != nil {
		return err
	}
	cur, err := m.db.db.Collection(colNotices).Find(ctx, bson.D{{Key: "tell", Value: bson.D{{Key: "$gt", Value: 0}}}},
		options.Find().SetProjection(bson.D{{Key: "registrationId", Value: 1}, {Key: "tell", Value: 1}, {Key: "status", Value: 1}}))
	if err != nil {
		return translate(err)
	}
	var ns []platform.Notice
	if err := cur.All(ctx, &ns); err != nil {
		return translate(err)
	}
	experts := map[string]*platform.Expert{}
	if err := each(ctx, m.db.db.Collection(colExperts), func(e *platform.Expert) error {
		experts[e.ID] = e
		return nil
	}); err != nil {
		return err
	}
	invitations := map[string]*platform.ExpertInvitation{}
	if err := each(ctx, m.db.db.Collection(colExpertInvitations), func(x *platform.ExpertInvitation) error {
		invitations[x.ID] = x
		return nil
	}); err != nil {
		return err
	}
	roadmap, err := loadRoadmap(ctx, m.db)
	if err != nil {
		return err
	}
	installTables, err := m.loadTables(ctx)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resetRoadmap(roadmap)
	installTables()
	m.events, m.regs, m.told = events, map[string]*platform.Registration{}, map[string]toldState{}
	m.experts, m.invitations = experts, invitations
	m.byEvent, m.byEmail, m.byUser = map[string]map[string]*platform.Registration{}, map[string]map[string]*platform.Registration{}, map[string]map[string]*platform.Registration{}
	m.byCert, m.lines = map[string]*platform.Registration{}, map[string][]*platform.Registration{}
	for _, r := range regs {
		m.putRegistration(r)
	}
	for _, n := range ns {
		m.putTold(n)
	}
	// What this process wrote while the load read is applied again (the
	// reads may have missed it), and the last numbers are read from the
	// log again (other processes' writes in progress).
	m.loaded, m.loading = true, false
	for _, c := range m.early {
		if m.applyOwn(c) {
			m.done[c.seq] = true
		}
	}
	m.early = nil
	m.seq = head - min(head, mirrorReload)
	for n := range m.done {
		if n <= m.seq {
			delete(m.done, n)
		}
	}
	return nil
}

// apply reads back the record of a change by _id.
func (m *mirror) apply(ctx context.Context, c changeEntry) error {
	typ := c.Type
	if t, ok := legacyChangeTypes[typ]; ok {
		typ = t
	}
	if handled, err := m.applyRoadmapEntry(ctx, typ, c.ID); handled {
		return err
	}
	if t, ok := m.roadmap.byType()[typ]; ok {
		return t.readBack(ctx, m, c.ID)
	}
	switch typ {
	case platform.TypeEvent:
		var e platform.Event
		err := m.db.db.Collection(colEvents).FindOne(ctx, byID(c.ID)).Decode(&e)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return translate(err)
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		if err != nil {
			delete(m.events, c.ID)
			return nil
		}
		e.FillDefaults()
		m.events[e.ID] = &e
	case platform.TypeRegistration:
		var r platform.Registration
		err := m.db.db.Collection(colRegistrations).FindOne(ctx, byID(c.ID)).Decode(&r)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return translate(err)
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		m.dropRegistration(c.ID)
		if err == nil {
			m.putRegistration(&r)
		}
	case platform.TypeExpert:
		return readBack(ctx, m, colExperts, c.ID, m.experts)
	case platform.TypeExpertInvitation:
		return readBack(ctx, m, colExpertInvitations, c.ID, m.invitations)
	case platform.TypeNotice:
		var n platform.Notice
		err := m.db.db.Collection(colNotices).FindOne(ctx, byID(c.ID)).Decode(&n)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil
		}
		if err != nil {
			return translate(err)
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		m.putTold(n)
	}
	return nil
}

// readBack reads record id of coll by _id into the mirror's map into
// (deleting it when it is gone).
func readBack[T any](ctx context.Context, m *mirror, coll, id string, into map[string]*T) error {
	var rec T
	err := m.db.db.Collection(coll).FindOne(ctx, byID(id)).Decode(&rec)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return translate(err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		delete(into, id)
		return nil
	}
	into[id] = &rec
	return nil
}

// putRegistration indexes r (m.mu held).
func (m *mirror) putRegistration(r *platform.Registration) {
	if r.Attended == nil {
		r.Attended = []string{}
	}
	m.regs[r.ID] = r
	add := func(idx map[string]map[string]*platform.Registration, key string) {
		if key == "" {
			return
		}
		if idx[key] == nil {
			idx[key] = map[string]*platform.Registration{}
		}
		idx[key][r.ID] = r
	}
	add(m.byEvent, r.EventID)
	add(m.byEmail, r.Email)
	add(m.byUser, r.UserID)
	if r.CertificateCode != "" {
		m.byCert[r.CertificateCode] = r
	}
	delete(m.lines, r.EventID)
}

// dropRegistration forgets a registration (m.mu held).
func (m *mirror) dropRegistration(id string) {
	old := m.regs[id]
	if old == nil {
		return
	}
	delete(m.regs, id)
	delete(m.byEvent[old.EventID], id)
	delete(m.byEmail[old.Email], id)
	if old.UserID != "" {
		delete(m.byUser[old.UserID], id)
	}
	if old.CertificateCode != "" && m.byCert[old.CertificateCode] == old {
		delete(m.byCert, old.CertificateCode)
	}
	delete(m.lines, old.EventID)
}

// putTold records a told notice (m.mu held).
func (m *mirror) putTold(n platform.Notice) {
	if n.Tell > m.told[n.RegistrationID].n {
		m.told[n.RegistrationID] = toldState{n.Status, n.Tell}
	}
}

// line returns an event's seat-taking active registrations in queue order
// (m.mu held for writing, or read-locked by a caller that upgrades: see
// lineOf).
func (m *mirror) lineLocked(eventID string) []*platform.Registration {
	if l, ok := m.lines[eventID]; ok {
		return l
	}
	var l []*platform.Registration
	for _, r := range m.byEvent[eventID] {
		if r.State == platform.RegistrationActive && !r.Category.Staff() {
			l = append(l, r)
		}
	}
	slices.SortFunc(l, func(a, b *platform.Registration) int { return cmp.Compare(a.Queue, b.Queue) })
	m.lines[eventID] = l
	return l
}

// snapshot is what a reader gets of the mirror: copies it may keep.
// view runs fn with the mirror locked (for writing: lines are cached on
// the way).
func (m *mirror) view(ctx context.Context, fn func(*mirror)) error {
	if err := m.catchUp(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	fn(m)
	return nil
}

// status works out a registration's status and place on the waiting list
// from the event's line (m.mu held).
func (m *mirror) status(ev *platform.Event, r *platform.Registration) (platform.RegistrationStatus, int) {
	switch r.State {
	case platform.RegistrationPending:
		return platform.StatusPending, 0
	case platform.RegistrationRejected:
		return platform.StatusRejected, 0
	case platform.RegistrationCancelled:
		return platform.StatusCancelled, 0
	}
	if r.Category.Staff() || ev.Capacity == 0 {
		return platform.StatusRegistered, 0
	}
	line := m.lineLocked(ev.ID)
	rank, _ := slices.BinarySearchFunc(line, r.Queue, func(x *platform.Registration, q uint64) int { return cmp.Compare(x.Queue, q) })
	if rank < ev.Capacity {
		return platform.StatusRegistered, 0
	}
	return platform.StatusWaiting, rank - ev.Capacity + 1
}

// copyOf is a copy of a mirrored registration a caller may change.
func copyOf(r *platform.Registration) *platform.Registration {
	c := *r
	c.Attended = slices.Clone(r.Attended)
	return &c
}

// registrationOf returns a copy of the registration of eventID with email,
// or nil.
func (m *mirror) registrationOf(ctx context.Context, eventID, email string) (*platform.Registration, error) {
	var out *platform.Registration
	err := m.view(ctx, func(m *mirror) {
		for _, r := range m.byEmail[strings.ToLower(email)] {
			if r.EventID == eventID {
				out = copyOf(r)
			}
		}
	})
	return out, err
}
