package mongo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// tiers are the audiences an item's progress is rolled up for.
var tiers = []string{platform.Public, platform.Members, platform.Secretariat}

// tree is the mirror's items with a write's changes laid over them: the
// items it creates, changes or deletes, and what follows from them
// (depths, children counts, roll-ups). It is made and settled while the
// mirror is locked, then written (writeTree) once the lock is let go.
type tree struct {
	m *mirror
	// over holds the items changed (a nil value: deleted); kids the
	// children the changes put under each parent.
	over map[string]*platform.RoadmapItem
	kids map[string]map[string]bool
	// actions are the audit actions of the items an editor changed; the
	// others in over changed as a consequence (roll-ups), unaudited.
	actions map[string]string
	// primary are the items whose claim failing fails the write
	// (Conflict); the others are rolled up again.
	primary map[string]bool
	// notes are the audit notes of items (an import, a carry-over).
	notes map[string]string
}

func newTree(m *mirror) *tree {
	return &tree{m: m, over: map[string]*platform.RoadmapItem{}, kids: map[string]map[string]bool{},
		actions: map[string]string{}, primary: map[string]bool{}, notes: map[string]string{}}
}

// get returns item id as the tree has it (nil when absent or deleted).
func (t *tree) get(id string) *platform.RoadmapItem {
	if it, ok := t.over[id]; ok {
		return it
	}
	return t.m.items[id]
}

// put lays it over the mirror (it is the tree's own from now on).
func (t *tree) put(it *platform.RoadmapItem) {
	t.over[it.ID] = it
	if it.Parent != "" {
		if t.kids[it.Parent] == nil {
			t.kids[it.Parent] = map[string]bool{}
		}
		t.kids[it.Parent][it.ID] = true
	}
}

// edit returns item id for changing: the tree's own copy.
func (t *tree) edit(id string) *platform.RoadmapItem {
	if it, ok := t.over[id]; ok {
		return it
	}
	it := t.m.items[id]
	if it == nil {
		return nil
	}
	c := cloneItem(it)
	t.put(c)
	return c
}

// children lists an item's children as the tree has them, by id.
func (t *tree) children(id string) []*platform.RoadmapItem {
	var out []*platform.RoadmapItem
	seen := map[string]bool{}
	for _, set := range []map[string]bool{t.m.kids[id], t.kids[id]} {
		for cid := range set {
			if seen[cid] {
				continue
			}
			seen[cid] = true
			if c := t.get(cid); c != nil && c.Parent == id {
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(a, b *platform.RoadmapItem) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// height is how many levels lie below item id (0 for a leaf).
func (t *tree) height(id string, guard int) int {
	if guard > platform.MaxRoadmapDepth+2 {
		return guard
	}
	h := 0
	for _, c := range t.children(id) {
		h = max(h, 1+t.height(c.ID, guard+1))
	}
	return h
}

// ancestors lists item id's ancestors, its parent first.
func (t *tree) ancestors(id string) []string {
	var out []string
	it := t.get(id)
	for k := 0; it != nil && it.Parent != "" && k <= platform.MaxRoadmapDepth+1; k++ {
		out = append(out, it.Parent)
		it = t.get(it.Parent)
	}
	return out
}

// settle computes again the depth (of the subtrees of touched), the
// children count and the roll-ups of the items touched and of all their
// ancestors, deepest first, and keeps in the tree those that changed.
// touched includes the old parents of moved or deleted items.
func (t *tree) settle(touched ...string) {
	var fixDepth func(id string, depth, guard int)
	fixDepth = func(id string, depth, guard int) {
		it := t.get(id)
		if it == nil || guard > platform.MaxRoadmapDepth+2 {
			return
		}
		if it.Depth != depth {
			t.edit(id).Depth = depth
		}
		for _, c := range t.children(id) {
			fixDepth(c.ID, depth+1, guard+1)
		}
	}
	all := map[string]bool{}
	for _, id := range touched {
		if id == "" {
			continue
		}
		if it := t.get(id); it != nil {
			depth := 0
			if p := t.get(it.Parent); it.Parent != "" && p != nil {
				depth = p.Depth + 1
			}
			fixDepth(id, depth, 0)
		}
		all[id] = true
		for _, a := range t.ancestors(id) {
			all[a] = true
		}
	}
	var order []*platform.RoadmapItem
	for id := range all {
		if it := t.get(id); it != nil {
			order = append(order, it)
		}
	}
	slices.SortFunc(order, func(a, b *platform.RoadmapItem) int {
		return cmp.Or(cmp.Compare(b.Depth, a.Depth), cmp.Compare(a.ID, b.ID))
	})
	for _, it := range order {
		kids := t.children(it.ID)
		rollup := rollupOf(it.Own, kids)
		if it.Children != len(kids) || !sameRollup(it.Rollup, rollup) {
			e := t.edit(it.ID)
			e.Children, e.Rollup = len(kids), rollup
		}
	}
}

// rollupOf is an item's progress per tier: platform.RollUp of the children
// the tier sees (their own roll-up for the tier, weight and status), or
// its own progress when the tier sees none of them (a leaf, or an item
// whose children are all hidden from the tier: what the tier gets is then
// what it would get without them).
func rollupOf(own platform.Progress, kids []*platform.RoadmapItem) map[string]platform.Progress {
	out := make(map[string]platform.Progress, len(tiers))
	for _, tier := range tiers {
		var cs []platform.ChildProgress
		for _, k := range kids {
			if platform.TierSees(tier, k.Visibility) {
				cs = append(cs, platform.ChildProgress{Weight: k.Weight, Status: k.Status, Progress: k.Rollup[tier]})
			}
		}
		if len(cs) == 0 {
			out[tier] = own
		} else {
			out[tier] = platform.RollUp(cs)
		}
	}
	return out
}

func sameRollup(a, b map[string]platform.Progress) bool {
	if len(a) != len(b) {
		return false
	}
	for k, p := range a {
		q, ok := b[k]
		if !ok || !sameFloat(p.Claimed, q.Claimed) || !sameFloat(p.Verified, q.Verified) {
			return false
		}
	}
	return true
}

func sameFloat(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// ownOf is an item's own progress and last update from its updates: the
// progress of its latest claim (by the day it speaks of, then creation)
// whatever the claim's state, and of its latest verified claim; the last
// update is the latest creation of an update, else created.
func ownOf(updates []*platform.ProgressUpdate, created time.Time) (platform.Progress, time.Time) {
	sorted := slices.Clone(updates)
	sortUpdates(sorted)
	var own platform.Progress
	last := created
	for _, u := range sorted {
		if u.CreatedAt.After(last) {
			last = u.CreatedAt
		}
		if u.Claim == nil {
			continue
		}
		p := u.Claim.Progress
		own.Claimed = &p
		if u.Claim.State == platform.ClaimVerified {
			v := p
			own.Verified = &v
		}
	}
	return own, last
}

// sortUpdates orders updates oldest first: by the day they speak of, then
// creation.
func sortUpdates(us []*platform.ProgressUpdate) {
	slices.SortFunc(us, func(a, b *platform.ProgressUpdate) int {
		return cmp.Or(a.Date.Compare(b.Date), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}

// pending is a write of another record made with a tree's (an update, a
// reassessment): its entry and its store.
type pending struct {
	w     write
	store func(ctx context.Context, seq uint64) error
}

// itemWrite is one item's part of a tree's write.
type itemWrite struct {
	old, next *platform.RoadmapItem // old nil: created; next nil: deleted
}

// writes lists the tree's changes against the mirror (m.mu held), those
// that change nothing left out.
func (t *tree) writes() []itemWrite {
	var out []itemWrite
	for id, next := range t.over {
		old := t.m.items[id]
		switch {
		case old == nil && next == nil:
			continue
		case old != nil && next != nil && t.actions[id] == "" && reflect.DeepEqual(old, next):
			continue
		}
		out = append(out, itemWrite{old: old, next: next})
	}
	slices.SortFunc(out, func(a, b itemWrite) int {
		return cmp.Compare(idOf(a), idOf(b))
	})
	return out
}

func idOf(w itemWrite) string {
	if w.next != nil {
		return w.next.ID
	}
	return w.old.ID
}

// writeTree writes the items of a tree (its writes, taken while the mirror
// was locked) and the pending writes of other records, in one commit: the
// items replaced or deleted are claimed first (DB.claimVersion on their
// seq). A claim lost on a primary item fails the write (Conflict, nothing
// written); one lost on an item changed only by a roll-up leaves it out,
// and it is rolled up again afterwards from what the other writer left.
func (s *RoadmapService) writeTree(ctx context.Context, t *tree, ws []itemWrite, extra ...pending) error {
	var again []string
	var keep []itemWrite
	var claimed []itemWrite
	var olds []*platform.RoadmapItem
	for _, w := range ws {
		if w.old != nil {
			olds = append(olds, w.old)
		}
	}
	claims := s.claimItems(ctx, olds)
	var failed error
	for _, w := range ws {
		if w.old == nil {
			keep = append(keep, w)
			continue
		}
		err := claims[w.old.ID]
		switch {
		case err == nil:
			keep, claimed = append(keep, w), append(claimed, w)
		case platform.ErrorCode(err) == platform.Conflict && !t.primary[w.old.ID]:
			again = append(again, w.old.ID)
		case failed == nil:
			failed = err
		}
	}
	if failed != nil {
		s.release(ctx, claimed)
		return failed
	}
	if err := s.commitItems(ctx, t, keep, extra...); err != nil {
		return err
	}
	if len(again) > 0 {
		return s.rollUp(ctx, again, 1)
	}
	return nil
}

// claimItems claims the current states of items as claimItem does, many
// at once (an import replaces thousands): the claims are inserted
// together, and those already taken go through claimItem one by one (a
// stale claim is taken over there). It returns each item's refusal (nil:
// claimed).
func (s *RoadmapService) claimItems(ctx context.Context, olds []*platform.RoadmapItem) map[string]error {
	out := make(map[string]error, len(olds))
	if len(olds) < 3 {
		for _, it := range olds {
			out[it.ID] = s.claimItem(ctx, it)
		}
		return out
	}
	token := bson.NewObjectID().Hex()
	now := s.db.now()
	docs := make([]any, len(olds))
	for i, it := range olds {
		docs[i] = bson.D{{Key: "_id", Value: fmt.Sprintf("%s.%d", it.ID, it.Seq)}, {Key: "itemId", Value: it.ID},
			{Key: "version", Value: int(it.Seq)}, {Key: "doc", Value: it}, {Key: "claim", Value: token}, {Key: "claimedAt", Value: now}}
	}
	_, err := s.coll(colCommitmentVersions).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bulk mongo.BulkWriteException
	switch {
	case err == nil:
	case errors.As(err, &bulk) && bulk.WriteConcernError == nil && allDuplicates(bulk):
		for _, we := range bulk.WriteErrors {
			it := olds[we.Index]
			out[it.ID] = s.claimItem(ctx, it)
		}
	default:
		for _, it := range olds {
			out[it.ID] = translate(err)
		}
	}
	return out
}

// claimItem claims an item's current state (its seq) for replacing it.
func (s *RoadmapService) claimItem(ctx context.Context, old *platform.RoadmapItem) error {
	return s.db.claimVersion(ctx, versionClaim{versions: s.coll(colCommitmentVersions), records: s.coll(colCommitments),
		parentKey: "itemId", id: old.ID, version: int(old.Seq), versionField: "seq", state: old, conflict: roadmapConflict(old.ID)})
}

// release gives back the claims of a write that failed, so that the next
// writer need not wait for them to go stale.
func (s *RoadmapService) release(ctx context.Context, claimed []itemWrite) {
	ctx = context.WithoutCancel(ctx)
	for _, w := range claimed {
		_, _ = s.coll(colCommitmentVersions).DeleteOne(ctx, byID(fmt.Sprintf("%s.%d", w.old.ID, w.old.Seq)))
	}
}

// commitItems is the commit of a tree's item writes and the pending ones:
// creations inserted together, replacements sent together (each filtered
// on the seq claimed), deletions by id.
func (s *RoadmapService) commitItems(ctx context.Context, t *tree, ws []itemWrite, extra ...pending) error {
	all := make([]write, 0, len(ws)+len(extra))
	for _, w := range ws {
		var wr write
		id := idOf(w)
		action := t.actions[id]
		switch {
		case w.next == nil:
			wr = remove(platform.TypeCommitment, id)
		default:
			wr = upsert(platform.TypeCommitment, id).holding(w.next)
		}
		switch {
		case action == "":
		case t.notes[id] != "" && w.old == nil:
			wr = wr.auditedAs(auditRecord{kind: platform.TypeCommitment, id: id, action: action, after: auditOfItem(w.next), note: t.notes[id]})
		case t.notes[id] != "":
			wr = wr.auditedAs(auditRecord{kind: platform.TypeCommitment, id: id, action: action, before: w.old, after: w.next, note: t.notes[id]})
		default:
			wr = wr.audited(action, w.old, w.next)
		}
		all = append(all, wr)
	}
	for _, p := range extra {
		all = append(all, p.w)
	}
	return s.db.commit(ctx, all, func(ctx context.Context, seqs []uint64) error {
		var inserts []any
		var replaced []itemWrite
		for i, w := range ws {
			switch {
			case w.next == nil:
				if _, err := s.coll(colCommitments).DeleteOne(ctx, byID(w.old.ID)); err != nil {
					return err
				}
			case w.old == nil:
				w.next.Seq = seqs[i]
				inserts = append(inserts, w.next)
			default:
				w.next.Seq = seqs[i]
				replaced = append(replaced, w)
			}
		}
		if len(inserts) > 0 {
			if _, err := s.coll(colCommitments).InsertMany(ctx, inserts, options.InsertMany().SetOrdered(true)); err != nil {
				return err
			}
		}
		if len(replaced) > bulkReplace {
			return s.replaceMany(ctx, replaced)
		}
		// One ReplaceOne each, by id alone (the claim on its seq makes
		// this writer the only one, see replaceVersion).
		for _, w := range replaced {
			if err := replaceVersion(ctx, s.coll(colCommitments), w.old.ID, 0, w.next, roadmapConflict(w.old.ID)); err != nil {
				return err
			}
		}
		for j, p := range extra {
			if err := p.store(ctx, seqs[len(ws)+j]); err != nil {
				return err
			}
		}
		return nil
	})
}

// bulkReplace is how many replacements of one write are made one by one;
// more are made by replaceMany.
const bulkReplace = 20

// replaceMany replaces many claimed items at once, as an import of a
// changed file does: it deletes them in one request and inserts their new
// states in another. On the embedded FerretDB a ReplaceOne reads every
// row of the collection (its SQLite UPDATE is not served by the _id
// index: 28 ms each at 2,000 items, growing with them), and a bulk write of
// many replacements stalled its SQLite connection (an update command of
// 500 statements never returned); two requests read it twice. The items
// are missing between the two: the mirrors do not see it (this process
// applies the write once both are done, others read back after the change
// log says so), and should the process die in between, the claimed states
// are in commitment_versions, one per item, to restore them from.
func (s *RoadmapService) replaceMany(ctx context.Context, ws []itemWrite) error {
	ids := make([]string, len(ws))
	docs := make([]any, len(ws))
	for i, w := range ws {
		ids[i], docs[i] = w.old.ID, w.next
	}
	res, err := s.coll(colCommitments).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return err
	}
	_, err = s.coll(colCommitments).InsertMany(context.WithoutCancel(ctx), docs, options.InsertMany().SetOrdered(false))
	if err == nil && int(res.DeletedCount) != len(ws) {
		err = roadmapConflict("items")
	}
	return err
}

// maxRollUpTries bounds the attempts of a roll-up that keeps meeting
// other writers (waiting 2, 4, … 64 ms between them).
const maxRollUpTries = 12

// rollUp computes again the items ids and their ancestors from the mirror
// and writes those that changed (after a claim lost to another writer).
func (s *RoadmapService) rollUp(ctx context.Context, ids []string, try int) error {
	if try >= maxRollUpTries {
		return roadmapConflict(ids[0])
	}
	if try > 0 {
		// The writer that won has not always applied its write to the
		// mirror yet: reading again at once would see the state lost.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(1<<min(try, 6)) * time.Millisecond):
		}
	}
	var t *tree
	var ws []itemWrite
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		t = newTree(m)
		// The own progress too: the write that lost its claim may have
		// added an update.
		for _, id := range ids {
			if it := t.get(id); it != nil {
				own, last := ownOf(m.updatesOf(id), it.CreatedAt)
				if !sameRollup(map[string]platform.Progress{"": own}, map[string]platform.Progress{"": it.Own}) || !last.Equal(it.LastUpdate) {
					e := t.edit(id)
					e.Own, e.LastUpdate = own, last
				}
			}
		}
		t.settle(ids...)
		ws = t.writes()
	}); err != nil {
		return err
	}
	if len(ws) == 0 {
		return nil
	}
	var again []string
	var keep []itemWrite
	for _, w := range ws {
		if err := s.claimItem(ctx, w.old); err != nil {
			if platform.ErrorCode(err) != platform.Conflict {
				return err
			}
			again = append(again, w.old.ID)
			continue
		}
		keep = append(keep, w)
	}
	if err := s.commitItems(ctx, t, keep); err != nil {
		return err
	}
	if len(again) > 0 {
		return s.rollUp(ctx, again, try+1)
	}
	return nil
}

// importedItem is what the audit trail keeps of an item an import or a
// carry-over created (the record itself is what was imported).
type importedItem struct {
	Kind       platform.ItemKind `json:"kind"`
	Period     string            `json:"period"`
	Country    string            `json:"country,omitempty"`
	Code       string            `json:"code,omitempty"`
	Parent     string            `json:"parent,omitempty"`
	Visibility string            `json:"visibility"`
	Titles     platform.Text     `json:"titles"`
}

func auditOfItem(it *platform.RoadmapItem) importedItem {
	return importedItem{Kind: it.Kind, Period: it.Period, Country: it.Country, Code: it.Code, Parent: it.Parent,
		Visibility: it.Visibility, Titles: maps.Clone(it.Title)}
}

// descendants lists the items under item id, as the tree has them.
func (t *tree) descendants(id string) []*platform.RoadmapItem {
	var out []*platform.RoadmapItem
	var walk func(id string, guard int)
	walk = func(id string, guard int) {
		if guard > platform.MaxRoadmapDepth+1 {
			return
		}
		for _, c := range t.children(id) {
			out = append(out, c)
			walk(c.ID, guard+1)
		}
	}
	walk(id, 0)
	return out
}

// cascadePriority files the items under item id under its priority, as
// changes of their editor's (an action has its commitment's priority).
func (t *tree) cascadePriority(id string, now time.Time) {
	it := t.get(id)
	if it == nil {
		return
	}
	for _, d := range t.descendants(id) {
		if d.Priority == it.Priority {
			continue
		}
		e := t.edit(d.ID)
		e.Priority, e.UpdatedAt = it.Priority, now
		if stored := t.m.items[d.ID]; stored != nil {
			e.Version = stored.Version + 1
			if t.actions[d.ID] == "" {
				t.actions[d.ID] = platform.ActionUpdate
			}
		}
		t.primary[d.ID] = true
	}
}

// shownAs is the visibility an item's updates carry: the narrowest of the
// item's and its ancestors', so that a feed filtering updates by their own
// visibility shows none of an item hidden by its commitment.
func (t *tree) shownAs(it *platform.RoadmapItem) string {
	vis := it.Visibility
	for k := 0; it != nil && it.Parent != "" && k <= platform.MaxRoadmapDepth+1; k++ {
		if it = t.get(it.Parent); it != nil {
			vis = platform.NarrowerConsent(vis, it.Visibility)
		}
	}
	return vis
}

// updateChange is an update whose copy of its item's country or visibility
// is stale, and its replacement.
type updateChange struct{ old, next *platform.ProgressUpdate }

// staleUpdates lists the updates of items ids and of the items under them
// whose country or visibility no longer is their item's (see shownAs).
func (t *tree) staleUpdates(ids []string, now time.Time) []updateChange {
	var out []updateChange
	seen := map[string]bool{}
	for _, id := range ids {
		it := t.get(id)
		if it == nil {
			continue
		}
		for _, x := range append([]*platform.RoadmapItem{it}, t.descendants(id)...) {
			if seen[x.ID] {
				continue
			}
			seen[x.ID] = true
			vis := t.shownAs(x)
			for _, up := range t.m.updatesOf(x.ID) {
				if up.Visibility != vis || up.Country != x.Country {
					next := cloneUpdate(up)
					next.Visibility, next.Country, next.Version, next.UpdatedAt = vis, x.Country, up.Version+1, now
					out = append(out, updateChange{up, next})
				}
			}
		}
	}
	return out
}

// syncUpdates claims the stale updates and returns their replacements as
// writes to make with the items' (in the change log, not audited: the
// item's change is).
func (s *RoadmapService) syncUpdates(ctx context.Context, changes []updateChange) ([]pending, error) {
	var out []pending
	for _, c := range changes {
		conflict := roadmapConflict(c.old.ID)
		if err := s.db.claimVersion(ctx, versionClaim{versions: s.coll(colUpdateVersions), records: s.coll(colProgressUpdates),
			parentKey: "updateId", id: c.old.ID, version: c.old.Version, state: c.old, conflict: conflict}); err != nil {
			return nil, err
		}
		next, version := c.next, c.old.Version
		out = append(out, pending{w: upsert(platform.TypeProgressUpdate, next.ID).holding(next),
			store: func(ctx context.Context, seq uint64) error {
				next.Seq = seq
				return replaceVersion(ctx, s.coll(colProgressUpdates), next.ID, version, next, conflict)
			}})
	}
	return out, nil
}
