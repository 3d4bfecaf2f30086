package mongo

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
)

// An item's place is checked by the service, with the error shape of
// ItemInput.Validate (Invalid naming the field):
//   - its period exists ("period");
//   - its priority exists in the same period ("priority");
//   - its parent exists in the same period and under the same priority,
//     and the writer sees it ("parent"); an action or milestone takes its
//     parent's period, priority and country when it gives none, and a
//     country other than its parent's is refused ("country");
//   - a parent that is the item or one of its descendants would make a
//     cycle ("parent"); the item and the items under it stay within
//     MaxRoadmapDepth levels below their commitment ("parent");
//   - its start and due date lie within its period ("start", "due");
//   - its code is unique in its period and country ("code").
//
// Who may write: platform.CanEditRoadmap for the country the item has and
// the one it will have (the secretariat any, a focal point their own
// country's, never a regional one); a refusal is Forbidden, audited, and
// changes nothing. Only the secretariat makes an item secretariat-only.

// inherit fills what an action takes from its parent (t's mirror
// locked): its period, priority and country when it gives none.
func inherit(t *tree, tier string, in *platform.ItemInput) error {
	if in.Parent == "" {
		return nil
	}
	p := t.get(in.Parent)
	if p == nil || !t.m.seenBy(tier, p) && t.over[in.Parent] == nil {
		return badField("parent", in.Parent, "no item %q", in.Parent)
	}
	if in.Period == "" {
		in.Period = p.Period
	}
	if in.Priority == "" {
		in.Priority = p.Priority
	}
	if in.Country == "" {
		in.Country = p.Country
	}
	return nil
}

// codeOwner finds the item holding a code in a period and country.
type codeOwner func(period, country, code string) string

// scanCodes is a codeOwner that reads every item of t.
func scanCodes(t *tree) codeOwner {
	return func(period, country, code string) string {
		for id, it := range t.over {
			if it != nil && it.Period == period && it.Country == country && it.Code == code {
				return id
			}
		}
		for id, it := range t.m.items {
			if _, changed := t.over[id]; !changed && it.Period == period && it.Country == country && it.Code == code {
				return id
			}
		}
		return ""
	}
}

// checkPlacement checks item id's place (id empty for a new item): see
// above.
func checkPlacement(t *tree, id string, in *platform.ItemInput, codes codeOwner) error {
	period := t.m.periods[in.Period]
	if period == nil {
		return badField("period", in.Period, "no period %q", in.Period)
	}
	if p := t.m.priorities[in.Priority]; p == nil || p.Period != in.Period {
		return badField("priority", in.Priority, "no priority %q in period %s", in.Priority, in.Period)
	}
	depth := 0
	if in.Parent != "" {
		p := t.get(in.Parent)
		switch {
		case p == nil:
			return badField("parent", in.Parent, "no item %q", in.Parent)
		case p.Period != in.Period:
			return badField("parent", in.Parent, "the parent is in period %s", p.Period)
		case p.Country != in.Country:
			return badField("country", in.Country, "an action has its parent's country (%q)", p.Country)
		case p.Priority != in.Priority:
			return badField("priority", in.Priority, "an action has its parent's priority")
		case id != "" && (in.Parent == id || slices.Contains(t.ancestors(in.Parent), id)):
			return badField("parent", in.Parent, "an item cannot be under itself")
		}
		depth = p.Depth + 1
	}
	if old := t.m.items[id]; id != "" && old != nil {
		depth += t.height(id, 0)
		// The items under it share its period and country: it keeps them
		// while it has any (its priority they follow: cascadePriority).
		if len(t.children(id)) > 0 {
			if in.Period != old.Period {
				return badField("period", in.Period, "an item with actions stays in its period")
			}
			if in.Country != old.Country {
				return badField("country", in.Country, "an item with actions stays with its country")
			}
		}
	}
	if depth > platform.MaxRoadmapDepth {
		return badField("parent", in.Parent, "at most %d levels under a commitment", platform.MaxRoadmapDepth)
	}
	for field, d := range map[string]*time.Time{"start": in.Start, "due": in.Due} {
		if d != nil && (d.Before(period.Start) || d.After(period.End)) {
			return badField(field, d.Format(time.DateOnly), "outside the period %s", period.ID)
		}
	}
	if in.Code != "" {
		if other := codes(in.Period, in.Country, in.Code); other != "" && other != id {
			return badField("code", in.Code, "code %q is taken in %s", in.Code, in.Period)
		}
	}
	return nil
}

// normalizeItem normalises an input as stored: platform's Normalize, days
// for its dates, no empty maps or lists.
func normalizeItem(in *platform.ItemInput) {
	in.Normalize()
	in.IfVersion = 0
	for _, d := range []**time.Time{&in.Start, &in.Due} {
		if *d != nil {
			day := platform.Day(**d)
			*d = &day
		}
	}
	if len(in.Title) == 0 {
		in.Title = nil
	}
	if len(in.Description) == 0 {
		in.Description = nil
	}
	if len(in.Indicators) == 0 {
		in.Indicators = nil
	}
	if len(in.Articles) == 0 {
		in.Articles = nil
	}
}

// sameInput reports whether two normalised inputs are equal.
func sameInput(a, b platform.ItemInput) bool {
	a.IfVersion, b.IfVersion = 0, 0
	normalizeItem(&a)
	normalizeItem(&b)
	if !sameDay(a.Start, b.Start) || !sameDay(a.Due, b.Due) {
		return false
	}
	a.Start, a.Due, b.Start, b.Due = nil, nil, nil, nil
	return reflect.DeepEqual(a, b)
}

func sameDay(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}

// checkItemWrite checks a write of in by u as CreateItem and UpdateItem do
// (old nil for a creation), t's mirror locked: the permission (Forbidden),
// the fields, the place.
func checkItemWrite(t *tree, u *platform.User, id string, old *platform.RoadmapItem, in *platform.ItemInput, codes codeOwner) error {
	if err := inherit(t, platform.Tier(u), in); err != nil {
		return err
	}
	if old != nil && !platform.CanEditRoadmap(u, old.Country) || !platform.CanEditRoadmap(u, in.Country) {
		return roadmapForbidden(u, "edit the roadmap items of "+countryName(in.Country))
	}
	if err := checkVisibility(u, in.Visibility); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return checkPlacement(t, id, in, codes)
}

func countryName(c string) string {
	if c == "" {
		return platform.RegionalKey
	}
	return c
}

// newItem is a new item of in by u at now.
func newItem(in platform.ItemInput, u *platform.User, now time.Time) *platform.RoadmapItem {
	it := &platform.RoadmapItem{ItemInput: in, ID: bson.NewObjectID().Hex(), CreatedAt: now, UpdatedAt: now,
		CreatedBy: u.ID, Version: 1, LastUpdate: now}
	it.Rollup = rollupOf(it.Own, nil)
	return it
}

// CreateItem implements platform.RoadmapService. See the rules above.
func (s *RoadmapService) CreateItem(ctx context.Context, in platform.ItemInput) (_ *platform.RoadmapItem, err error) {
	defer platform.Wrap(&err, "CreateItem")
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	normalizeItem(&in)
	now := s.db.now()
	var it *platform.RoadmapItem
	var t *tree
	var ws []itemWrite
	err = s.inMirror(ctx, func(m *mirror) (err error) {
		t = newTree(m)
		if err = checkItemWrite(t, u, "", nil, &in, scanCodes(t)); err != nil {
			return
		}
		it = newItem(in, u, now)
		t.put(it)
		t.actions[it.ID], t.primary[it.ID] = platform.ActionCreate, true
		t.settle(it.ID)
		ws = t.writes()
		return
	})
	if err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeCommitment, "", nil, in, err)
	}
	if err := s.writeTree(ctx, t, ws); err != nil {
		return nil, err
	}
	return s.Item(ctx, it.ID)
}

// UpdateItem implements platform.RoadmapService. An input equal to the
// item's fields changes nothing (no new version). A change of status
// notifies the followers.
func (s *RoadmapService) UpdateItem(ctx context.Context, id string, in platform.ItemInput) (_ *platform.RoadmapItem, err error) {
	defer platform.Wrap(&err, "UpdateItem(%q)", id)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	ifVersion := in.IfVersion
	normalizeItem(&in)
	now := s.db.now()
	var old, next *platform.RoadmapItem
	var t *tree
	var ws []itemWrite
	var stale []updateChange
	unchanged := false
	err = s.inMirror(ctx, func(m *mirror) (err error) {
		if got := m.items[id]; got != nil && m.seenBy(platform.Tier(u), got) {
			old = got
		}
		if old == nil {
			err = itemNotFound(id)
			return
		}
		t = newTree(m)
		if err = checkItemWrite(t, u, id, old, &in, scanCodes(t)); err != nil {
			return
		}
		if ifVersion != 0 && ifVersion != old.Version {
			err = roadmapConflict(id)
			return
		}
		if sameInput(old.ItemInput, in) {
			unchanged = true
			return
		}
		next = cloneItem(old)
		next.ItemInput = in
		next.Version, next.UpdatedAt = old.Version+1, now
		t.put(next)
		t.actions[id], t.primary[id] = platform.ActionUpdate, true
		t.cascadePriority(id, now)
		t.settle(id, old.Parent)
		ws = t.writes()
		stale = t.staleUpdates([]string{id}, now)
		return
	})
	if err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeCommitment, id, old, in, err)
	}
	if !unchanged {
		extra, err := s.syncUpdates(ctx, stale)
		if err != nil {
			return nil, err
		}
		if err := s.writeTree(ctx, t, ws, extra...); err != nil {
			return nil, err
		}
		if next.Status != old.Status {
			s.notify(ctx, platform.NotifyStatus, id, string(next.Status))
		}
	}
	return s.Item(ctx, id)
}

// DeleteItem implements platform.RoadmapService. The item's updates go
// with it; its parent is rolled up again.
func (s *RoadmapService) DeleteItem(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "DeleteItem(%q)", id)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return signInRequired()
	}
	var old *platform.RoadmapItem
	var t *tree
	var ws []itemWrite
	var updates []*platform.ProgressUpdate
	err = s.inMirror(ctx, func(m *mirror) (err error) {
		if got := m.items[id]; got != nil && m.seenBy(platform.Tier(u), got) {
			old = got
		}
		if old == nil {
			err = itemNotFound(id)
			return
		}
		if !platform.CanEditRoadmap(u, old.Country) {
			err = roadmapForbidden(u, "delete the roadmap items of "+countryName(old.Country))
			return
		}
		t = newTree(m)
		if n := len(t.children(id)); n > 0 {
			err = platform.Localized(platform.Conflict, "roadmap.error.has_children", map[string]any{"Count": n},
				"item %q has %d items under it", id, n)
			return
		}
		updates = m.updatesOf(id)
		t.over[id] = nil
		t.actions[id], t.primary[id] = platform.ActionDelete, true
		t.settle(old.Parent)
		ws = t.writes()
		return
	})
	if err != nil {
		return s.db.denied(ctx, platform.TypeCommitment, id, old, err)
	}
	// The updates go in one request (each request deleting by _id reads
	// the whole collection on FerretDB), each with its change and audit
	// entry.
	var extra []pending
	ids := make([]string, len(updates))
	for i, up := range updates {
		ids[i] = up.ID
		extra = append(extra, pending{w: remove(platform.TypeProgressUpdate, up.ID).audited(platform.ActionDelete, up, nil),
			store: func(ctx context.Context, _ uint64) error {
				if i > 0 {
					return nil
				}
				_, err := s.coll(colProgressUpdates).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
				return err
			}})
	}
	return s.writeTree(ctx, t, ws, extra...)
}

// notify tells the followers of an item, of its ancestors and of its
// country what happened to it. A failure is logged: the write it follows
// is done.
func (s *RoadmapService) notify(ctx context.Context, kind platform.NotificationKind, id, detail string) {
	var it *platform.RoadmapItem
	var targets []platform.FollowTarget
	vis := ""
	_ = s.db.mirror().view(ctx, func(m *mirror) {
		if it = m.items[id]; it == nil {
			return
		}
		// Followers are told as far as they may read the item: its
		// visibility narrowed by its ancestors'.
		vis = it.Visibility
		for cur, k := it, 0; cur != nil && k <= platform.MaxRoadmapDepth+1; k++ {
			targets = append(targets, platform.FollowTarget{Type: platform.TypeCommitment, ID: cur.ID})
			vis = platform.NarrowerConsent(vis, cur.Visibility)
			cur = m.items[cur.Parent]
		}
	})
	if it == nil {
		return
	}
	targets = append(targets, platform.FollowTarget{Type: platform.FollowCountry, ID: countryName(it.Country)})
	n := platform.Notification{Kind: kind, RecordType: platform.TypeCommitment, RecordID: id, Country: it.Country,
		Title: maps.Clone(it.Title), Detail: detail, At: s.db.now()}
	if err := s.db.notifyFollowers(context.WithoutCancel(ctx), n, vis, it.Country, targets...); err != nil {
		s.log.Warn("notifying the followers of a roadmap item failed", "item", id, "kind", kind, "err", err)
	}
}
