package mongo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// AddUpdate implements platform.RoadmapService.
//
// The update's Date defaults to today and may not be in the future
// ("date"). A claim is refused on an item with children ("claim.progress":
// a parent's progress is rolled up); a focal point's claim is claimed, the
// secretariat's verified at once (by it, now); a claim's status becomes the
// item's. Evidence must exist and be visible to the writer: a document of
// the library, an event, or an uploaded file with its name. The update
// takes the item's country and visibility (the narrowest of the item's and
// its ancestors', kept so when they change). The item's own progress and
// last update follow, and its ancestors are rolled up. The writer must be
// allowed to edit the item (CanEditRoadmap of its country). Followers are
// told of a claim, of evidence and of a change of status.
func (s *RoadmapService) AddUpdate(ctx context.Context, item string, in platform.UpdateInput) (_ *platform.ProgressUpdate, err error) {
	defer platform.Wrap(&err, "AddUpdate(%q)", item)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	now := s.db.now()
	today := platform.Day(now)
	if in.Date.IsZero() {
		in.Date = today
	}
	in.Date = platform.Day(in.Date)
	for l, txt := range in.Text {
		if txt = strings.TrimSpace(txt); txt == "" {
			delete(in.Text, l)
		} else {
			in.Text[l] = txt
		}
	}
	var old *platform.RoadmapItem
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.items[item]; got != nil && m.seenBy(platform.Tier(u), got) {
			old = got
		}
	}); err != nil {
		return nil, err
	}
	if old == nil {
		return nil, itemNotFound(item)
	}
	if !platform.CanEditRoadmap(u, old.Country) {
		return nil, s.db.deniedAttempt(ctx, platform.TypeProgressUpdate, "", old, in,
			roadmapForbidden(u, "add updates to the roadmap items of "+countryName(old.Country)))
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.Date.After(today) {
		return nil, badField("date", in.Date.Format("2006-01-02"), "an update speaks of a day that has come")
	}
	if err := s.checkEvidence(ctx, in.Evidence); err != nil {
		return nil, err
	}
	if len(in.Text) == 0 {
		in.Text = nil
	}
	if in.Claim != nil {
		c := *in.Claim
		c.Reason, c.ReviewedBy, c.ReviewedAt = "", "", nil
		c.State = platform.ClaimClaimed
		if platform.IsSecretariat(u) {
			c.State, c.ReviewedBy, c.ReviewedAt = platform.ClaimVerified, u.ID, &now
		}
		in.Claim = &c
	}
	up := &platform.ProgressUpdate{UpdateInput: in, ID: bson.NewObjectID().Hex(), Item: item, Country: old.Country,
		Author: u.ID, CreatedAt: now, UpdatedAt: now, Version: 1}
	var t *tree
	var ws []itemWrite
	var statusChanged bool
	err = s.inMirror(ctx, func(m *mirror) (err error) {
		cur := m.items[item]
		if cur == nil {
			err = itemNotFound(item)
			return
		}
		t = newTree(m)
		up.Visibility = t.shownAs(cur)
		if in.Claim != nil && len(t.children(item)) > 0 {
			err = badField("claim.progress", in.Claim.Progress, "the progress of an item with actions is rolled up from them")
			return
		}
		next := t.edit(item)
		next.Own, next.LastUpdate = ownOf(append(m.updatesOf(item), up), next.CreatedAt)
		if in.Claim != nil && in.Claim.Status != "" && in.Claim.Status != cur.Status {
			next.Status, next.Version, next.UpdatedAt = in.Claim.Status, cur.Version+1, now
			t.actions[item], t.primary[item] = platform.ActionUpdate, true
			statusChanged = true
		}
		t.settle(item)
		ws = t.writes()
		return
	})
	if err != nil {
		return nil, err
	}
	w := pending{w: upsert(platform.TypeProgressUpdate, up.ID).holding(up).audited(platform.ActionCreate, nil, up),
		store: func(ctx context.Context, seq uint64) error {
			up.Seq = seq
			_, err := s.coll(colProgressUpdates).InsertOne(ctx, up)
			return err
		}}
	if err := s.writeTree(ctx, t, ws, w); err != nil {
		return nil, err
	}
	if in.Claim != nil {
		s.notify(ctx, platform.NotifyClaim, item, fmt.Sprintf("%g", in.Claim.Progress))
	}
	if len(in.Evidence) > 0 {
		s.notify(ctx, platform.NotifyEvidence, item, fmt.Sprint(len(in.Evidence)))
	}
	if statusChanged {
		s.notify(ctx, platform.NotifyStatus, item, string(in.Claim.Status))
	}
	return cloneUpdate(up), nil
}

// checkEvidence makes sure every document and event given as evidence
// exists and is visible to the writer, and that an uploaded file has a
// name.
func (s *RoadmapService) checkEvidence(ctx context.Context, ev []platform.Evidence) error {
	for i, e := range ev {
		field := fmt.Sprintf("evidence.%d.ref", i)
		switch e.Kind {
		case platform.EvidenceFile:
			if strings.TrimSpace(e.Name) == "" || utf8.RuneCountInString(e.Name) > platform.MaxRoadmapTitle {
				return badField(fmt.Sprintf("evidence.%d.name", i), e.Name, "a file has a name")
			}
		case platform.EvidenceDocument:
			vis, err := s.documentVisibility(ctx, e.Ref)
			if err != nil {
				return err
			}
			if vis == "" || !visible(ctx, vis) {
				return badField(field, e.Ref, "no document %q", e.Ref)
			}
		case platform.EvidenceEvent:
			var vis string
			if err := s.db.mirror().view(ctx, func(m *mirror) {
				if ev := m.events[e.Ref]; ev != nil {
					vis = ev.Visibility
				}
			}); err != nil {
				return err
			}
			if vis == "" || !visible(ctx, vis) {
				return badField(field, e.Ref, "no event %q", e.Ref)
			}
		}
	}
	return nil
}

// documentVisibility is a library document's visibility, "" when there is
// no such document (a lookup by _id, see byid.go).
func (s *RoadmapService) documentVisibility(ctx context.Context, id string) (string, error) {
	var d struct {
		Visibility string `bson:"visibility"`
	}
	err := s.coll(colDocuments).FindOne(ctx, byID(id), options.FindOne().SetProjection(bson.D{{Key: "visibility", Value: 1}})).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil
	}
	if err != nil {
		return "", translate(err)
	}
	return d.Visibility, nil
}

// ReviewClaim implements platform.RoadmapService: the secretariat verifies
// or questions (with a reason) a claim still claimed; the item's own
// progress follows and its ancestors are rolled up; followers are told.
func (s *RoadmapService) ReviewClaim(ctx context.Context, update string, verified bool, reason string) (_ *platform.ProgressUpdate, err error) {
	defer platform.Wrap(&err, "ReviewClaim(%q)", update)
	u, err := secretariatWrite(ctx, "review progress claims")
	if err != nil {
		return nil, s.db.denied(ctx, platform.TypeProgressUpdate, update, nil, err)
	}
	reason = strings.TrimSpace(reason)
	if !verified && reason == "" {
		return nil, badField("reason", "", "a questioned claim says why")
	}
	if utf8.RuneCountInString(reason) > platform.MaxRoadmapText || strings.IndexFunc(reason, func(r rune) bool { return r < ' ' && r != '\n' && r != '\t' && r != '\r' }) >= 0 {
		return nil, badField("reason", "", "at most %d characters, no control characters", platform.MaxRoadmapText)
	}
	now := s.db.now()
	var old, next *platform.ProgressUpdate
	var t *tree
	var ws []itemWrite
	err = s.inMirror(ctx, func(m *mirror) (err error) {
		if got := m.updates[update]; got != nil && got.Claim != nil {
			old = got
		}
		if old == nil {
			err = platform.Localized(platform.NotFound, "roadmap.error.update_not_found", nil, "no claim %q", update)
			return
		}
		if old.Claim.State != platform.ClaimClaimed {
			err = platform.Localized(platform.Conflict, "roadmap.error.reviewed", map[string]any{"State": string(old.Claim.State)},
				"the claim is %s already", old.Claim.State)
			return
		}
		next = cloneUpdate(old)
		next.Claim.State, next.Claim.Reason, next.Claim.ReviewedBy, next.Claim.ReviewedAt = platform.ClaimQuestioned, reason, u.ID, &now
		if verified {
			next.Claim.State = platform.ClaimVerified
		}
		next.Version, next.UpdatedAt = old.Version+1, now
		t = newTree(m)
		if it := t.edit(old.Item); it != nil {
			ups := slices.DeleteFunc(m.updatesOf(old.Item), func(x *platform.ProgressUpdate) bool { return x.ID == update })
			it.Own, it.LastUpdate = ownOf(append(ups, next), it.CreatedAt)
			t.settle(old.Item)
		}
		ws = t.writes()
		return
	})
	if err != nil {
		return nil, err
	}
	conflict := roadmapConflict(update)
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.coll(colUpdateVersions), records: s.coll(colProgressUpdates),
		parentKey: "updateId", id: update, version: old.Version, state: old, conflict: conflict}); err != nil {
		return nil, err
	}
	w := pending{w: upsert(platform.TypeProgressUpdate, update).holding(next).audited(platform.ActionUpdate, old, next),
		store: func(ctx context.Context, seq uint64) error {
			next.Seq = seq
			return replaceVersion(ctx, s.coll(colProgressUpdates), update, old.Version, next, conflict)
		}}
	if err := s.writeTree(ctx, t, ws, w); err != nil {
		return nil, err
	}
	kind := platform.NotifyQuestioned
	if verified {
		kind = platform.NotifyVerified
	}
	s.notify(ctx, kind, old.Item, reason)
	return cloneUpdate(next), nil
}

// Timeline implements platform.RoadmapService: the updates of the item the
// reader may see, oldest first (by the day they speak of, then creation),
// each with the evidence the reader may see (documents and events by their
// visibility; files go with their update), preceded by the timelines of the
// items it was carried from, earliest period first (FromItem set).
func (s *RoadmapService) Timeline(ctx context.Context, item string) ([]platform.TimelineEntry, error) {
	tier := tierOf(ctx)
	var chain []string
	var groups [][]*platform.ProgressUpdate
	found := false
	err := s.db.mirror().view(ctx, func(m *mirror) {
		it := m.items[item]
		if it == nil || !m.seenBy(tier, it) {
			return
		}
		found = true
		for k := 0; it != nil && k < 20; k++ {
			var ups []*platform.ProgressUpdate
			for _, up := range m.updatesOf(it.ID) {
				if platform.TierSees(tier, up.Visibility) {
					ups = append(ups, cloneUpdate(up))
				}
			}
			sortUpdates(ups)
			chain, groups = append(chain, it.ID), append(groups, ups)
			if it.CarriedFrom == "" {
				break
			}
			it = m.items[it.CarriedFrom]
		}
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, itemNotFound(item)
	}
	out := []platform.TimelineEntry{}
	for i := len(chain) - 1; i >= 0; i-- {
		for _, up := range groups[i] {
			ev, err := s.visibleEvidence(ctx, up.Evidence)
			if err != nil {
				return nil, err
			}
			up.Evidence = ev
			e := platform.TimelineEntry{ProgressUpdate: *up}
			// Who wrote an update is for the platform's members: the
			// public read what a country reported, not which account
			// reported it.
			if tier == platform.Public {
				e.Author = ""
			}
			if chain[i] != item {
				e.FromItem = chain[i]
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// visibleEvidence is the evidence the reader in ctx may see.
func (s *RoadmapService) visibleEvidence(ctx context.Context, ev []platform.Evidence) ([]platform.Evidence, error) {
	var out []platform.Evidence
	for _, e := range ev {
		switch e.Kind {
		case platform.EvidenceDocument:
			vis, err := s.documentVisibility(ctx, e.Ref)
			if err != nil {
				return nil, err
			}
			if vis == "" || !visible(ctx, vis) {
				continue
			}
		case platform.EvidenceEvent:
			var vis string
			if err := s.db.mirror().view(ctx, func(m *mirror) {
				if x := m.events[e.Ref]; x != nil {
					vis = x.Visibility
				}
			}); err != nil {
				return nil, err
			}
			if vis == "" || !visible(ctx, vis) {
				continue
			}
		}
		out = append(out, e)
	}
	return out, nil
}
