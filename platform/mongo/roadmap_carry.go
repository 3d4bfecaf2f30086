package mongo

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
)

// Reassess implements platform.RoadmapService. A commitment of country C
// is reassessed by C alone (r.Country must be C: Invalid naming "country"
// otherwise), by its focal point or the secretariat; a regional commitment
// or a priority by any of the five countries, each by its own focal point
// or the secretariat. Item is a priority or a commitment (a top-level
// item) of r.Period the writer sees (NotFound otherwise). An answer given
// again replaces the earlier one (keeping CarriedTo).
func (s *RoadmapService) Reassess(ctx context.Context, r platform.Reassessment) (_ *platform.Reassessment, err error) {
	defer platform.Wrap(&err, "Reassess(%q)", r.Item)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	if _, err := s.period(ctx, r.Period, "period"); err != nil {
		return nil, err
	}
	if !slices.Contains(platform.Ratings(), r.Rating) {
		return nil, badField("rating", r.Rating, "unknown rating %q", r.Rating)
	}
	if !slices.Contains(platform.Countries(), r.Country) {
		return nil, badField("country", r.Country, "unknown country %q", r.Country)
	}
	r.Comment = strings.TrimSpace(r.Comment)
	if utf8.RuneCountInString(r.Comment) > platform.MaxRoadmapText || strings.ContainsRune(r.Comment, 0) {
		return nil, badField("comment", "", "at most %d characters", platform.MaxRoadmapText)
	}
	tier := platform.Tier(u)
	var itemCountry string
	var old *platform.Reassessment
	found := false
	r.ID = platform.ReassessmentID(r.Period, r.Country, r.Item)
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if p := m.priorities[r.Item]; p != nil && p.Period == r.Period && platform.TierSees(tier, p.Visibility) {
			found, r.ItemType = true, platform.TypePriority
		} else if it := m.items[r.Item]; it != nil && it.Period == r.Period && it.Parent == "" && m.seenBy(tier, it) {
			found, r.ItemType, itemCountry = true, platform.TypeCommitment, it.Country
		}
		if got := m.reassessments[r.ID]; got != nil {
			c := *got
			old = &c
		}
	}); err != nil {
		return nil, err
	}
	if !found {
		return nil, itemNotFound(r.Item)
	}
	if itemCountry != "" && r.Country != itemCountry {
		return nil, badField("country", r.Country, "a country's commitment is reassessed by that country")
	}
	if !platform.CanEditRoadmap(u, r.Country) {
		return nil, s.db.deniedAttempt(ctx, platform.TypeReassessment, r.ID, old, r, roadmapForbidden(u, "reassess for "+r.Country))
	}
	r.By, r.At, r.Version, r.CarriedTo = u.ID, s.db.now(), 1, ""
	if old == nil {
		err = s.db.write(ctx, upsert(platform.TypeReassessment, r.ID).holding(&r).audited(platform.ActionCreate, nil, &r),
			func(ctx context.Context, seq uint64) error {
				r.Seq = seq
				_, err := s.coll(colReassessments).InsertOne(ctx, &r)
				return err
			})
		return &r, err
	}
	r.Version, r.CarriedTo = old.Version+1, old.CarriedTo
	return &r, s.replaceReassessment(ctx, old, &r)
}

// replaceReassessment replaces old with next after claiming old's version.
func (s *RoadmapService) replaceReassessment(ctx context.Context, old, next *platform.Reassessment) error {
	conflict := roadmapConflict(old.ID)
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.coll(colReassessmentVersion), records: s.coll(colReassessments),
		parentKey: "reassessmentId", id: old.ID, version: old.Version, state: old, conflict: conflict}); err != nil {
		return err
	}
	return s.db.write(ctx, upsert(platform.TypeReassessment, old.ID).holding(next).audited(platform.ActionUpdate, old, next),
		func(ctx context.Context, seq uint64) error {
			next.Seq = seq
			return replaceVersion(ctx, s.coll(colReassessments), old.ID, old.Version, next, conflict)
		})
}

// Reassessments implements platform.RoadmapService: signed-in members
// only; the answers on items the reader sees, by item then country.
func (s *RoadmapService) Reassessments(ctx context.Context, period string) ([]platform.Reassessment, error) {
	u := platform.UserFromContext(ctx)
	if u == nil || !platform.CanSee(u, platform.Members) {
		return nil, signInRequired()
	}
	if _, err := s.period(ctx, period, "period"); err != nil {
		return nil, err
	}
	tier := platform.Tier(u)
	var out []platform.Reassessment
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.reassessments {
			if r.Period != period {
				continue
			}
			if p := m.priorities[r.Item]; p != nil && platform.TierSees(tier, p.Visibility) {
				out = append(out, *r)
			} else if it := m.items[r.Item]; it != nil && m.seenBy(tier, it) {
				out = append(out, *r)
			}
		}
	})
	slices.SortFunc(out, func(a, b platform.Reassessment) int {
		return cmp.Or(cmp.Compare(a.ItemType, b.ItemType), cmp.Compare(a.Item, b.Item), cmp.Compare(a.Country, b.Country))
	})
	return out, err
}

// CarryOver implements platform.RoadmapService. A priority is copied into
// the period to; an item is copied with every item under it (new ids,
// CarriedFrom set to the original, parents remapped onto the copies). The
// top item goes under the priority of to carried from its own priority
// (Invalid naming "priority" when there is none) and, for an action, under
// the copy of its parent (Invalid naming "parent" when its parent was not
// carried). Start and due dates outside the new period are cleared; status,
// own progress and last update are copied, so that progress continues; the
// timeline stays with the original and is shown before the copy's. Codes
// stay unless taken in the new period. An item or priority carried into to
// already is a Conflict. The reassessments of the original get CarriedTo.
func (s *RoadmapService) CarryOver(ctx context.Context, item string, to string) (_ string, err error) {
	defer platform.Wrap(&err, "CarryOver(%q, %q)", item, to)
	u, err := secretariatWrite(ctx, "carry roadmap items over")
	if err != nil {
		return "", s.db.denied(ctx, platform.TypeCommitment, item, nil, err)
	}
	target, err := s.period(ctx, to, "to")
	if err != nil {
		return "", err
	}
	now := s.db.now()
	var prio *platform.Priority
	var t *tree
	var ws []itemWrite
	var reass []*platform.Reassessment
	var newID string
	err = s.inMirror(ctx, func(m *mirror) (err error) {
		from := ""
		src := m.items[item]
		srcPrio := m.priorities[item]
		switch {
		case src != nil:
			from = src.Period
		case srcPrio != nil:
			from = srcPrio.Period
		default:
			err = itemNotFound(item)
			return
		}
		if fp := m.periods[from]; fp == nil || !target.Start.After(fp.End) {
			err = badField("to", to, "carried into a later period")
			return
		}
		for _, r := range m.reassessments {
			if r.Item == item {
				reass = append(reass, r)
			}
		}
		if srcPrio != nil {
			for _, p := range m.priorities {
				if p.Period == to && p.CarriedFrom == item {
					err = platform.Localized(platform.Conflict, "roadmap.error.carried", nil, "%q is carried into %s already", item, to)
					return
				}
			}
			prio = clonePriority(srcPrio)
			prio.ID, prio.Period, prio.CarriedFrom = bson.NewObjectID().Hex(), to, item
			prio.CreatedAt, prio.UpdatedAt, prio.Version, prio.Seq = now, now, 1, 0
			newID = prio.ID
			return
		}
		for _, it := range m.items {
			if it.Period == to && it.CarriedFrom == item {
				err = platform.Localized(platform.Conflict, "roadmap.error.carried", nil, "%q is carried into %s already", item, to)
				return
			}
		}
		toPrio := ""
		for _, p := range m.priorities {
			if p.Period == to && p.CarriedFrom == src.Priority {
				toPrio = p.ID
			}
		}
		if toPrio == "" {
			err = badField("priority", src.Priority, "the item's priority is not carried into %s", to)
			return
		}
		toParent := ""
		if src.Parent != "" {
			for _, it := range m.items {
				if it.Period == to && it.CarriedFrom == src.Parent {
					toParent = it.ID
				}
			}
			if toParent == "" {
				err = badField("parent", src.Parent, "the item's parent is not carried into %s", to)
				return
			}
		}
		t = newTree(m)
		codes := scanCodes(t)
		ids := map[string]string{}
		var copyOf func(it *platform.RoadmapItem, parent string, guard int)
		copyOf = func(it *platform.RoadmapItem, parent string, guard int) {
			c := cloneItem(it)
			c.ID, c.Period, c.Priority, c.Parent, c.CarriedFrom = bson.NewObjectID().Hex(), to, toPrio, parent, it.ID
			c.CreatedAt, c.UpdatedAt, c.CreatedBy, c.Version, c.Seq = now, now, u.ID, 1, 0
			if c.Start != nil && (c.Start.Before(target.Start) || c.Start.After(target.End)) {
				c.Start = nil
			}
			if c.Due != nil && (c.Due.Before(target.Start) || c.Due.After(target.End)) {
				c.Due = nil
			}
			if c.Code != "" && codes(to, c.Country, c.Code) != "" {
				c.Code = ""
			}
			ids[it.ID] = c.ID
			t.put(c)
			t.actions[c.ID], t.primary[c.ID], t.notes[c.ID] = platform.ActionCreate, true, "carried over from "+it.ID
			if guard > platform.MaxRoadmapDepth+1 {
				return
			}
			for _, k := range newTree(m).children(it.ID) {
				copyOf(k, c.ID, guard+1)
			}
		}
		copyOf(src, toParent, 0)
		newID = ids[item]
		t.settle(newID, toParent)
		ws = t.writes()
		return
	})
	if err != nil {
		return "", err
	}
	if prio != nil {
		err = s.db.write(ctx, upsert(platform.TypePriority, prio.ID).holding(prio).auditedAs(auditRecord{kind: platform.TypePriority,
			id: prio.ID, action: platform.ActionCreate, after: prio, note: "carried over from " + item}),
			func(ctx context.Context, seq uint64) error {
				prio.Seq = seq
				_, err := s.coll(colPriorities).InsertOne(ctx, prio)
				return err
			})
	} else {
		err = s.writeTree(ctx, t, ws)
	}
	if err != nil {
		return "", err
	}
	for _, r := range reass {
		next := *r
		next.CarriedTo, next.Version = newID, r.Version+1
		if err := s.replaceReassessment(ctx, r, &next); err != nil {
			return newID, err
		}
	}
	return newID, nil
}
