package mongo

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// colEventVersions keeps each event's earlier states, one per update, and
// the claims that make concurrent updates of one version fail but one (see
// DB.claimVersion).
const colEventVersions = "event_versions"

// EventService implements platform.EventService on MongoDB.
type EventService struct{ db *DB }

var _ platform.EventService = (*EventService)(nil)

// NewEventService returns the event service of db.
func NewEventService(db *DB) *EventService { return &EventService{db: db} }

func (s *EventService) coll() *mongo.Collection { return s.db.db.Collection(colEvents) }

func eventNotFound(id string) error {
	return platform.Localized(platform.NotFound, "error.event_not_found", nil, "event %q not found", id)
}

// FindEvents implements platform.EventService, from the mirror (see
// mirror): the filters on times, countries, areas, kinds, articles and
// materials are no _id, which FerretDB would answer by reading every
// event.
func (s *EventService) FindEvents(ctx context.Context, f platform.EventFilter) ([]*platform.Event, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	visible := platform.VisibleTo(platform.UserFromContext(ctx))
	anyOf := func(have []string, want []string) bool {
		return len(want) == 0 || slices.ContainsFunc(want, func(w string) bool { return slices.Contains(have, w) })
	}
	var matched []*platform.Event
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.events {
			switch {
			case !slices.Contains(visible, e.Visibility),
				!f.EndsAfter.IsZero() && !e.End.After(f.EndsAfter),
				!f.StartsBefore.IsZero() && !e.Start.Before(f.StartsBefore),
				!anyOf(e.Countries, f.Countries), !anyOf(e.Areas, f.Areas), !anyOf(e.Materials, f.Materials),
				len(f.Kinds) > 0 && !slices.Contains(f.Kinds, e.Kind),
				len(f.Articles) > 0 && !slices.ContainsFunc(f.Articles, func(n int) bool { return slices.Contains(e.UncacArticles, n) }):
				continue
			}
			matched = append(matched, e)
		}
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(matched, func(a, b *platform.Event) int {
		c := a.Start.Compare(b.Start)
		if f.Descending {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	})
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, platform.MaxEventPage)
	lo := min(f.Offset, len(matched))
	page := matched[lo:min(lo+limit, len(matched))]
	out := make([]*platform.Event, len(page))
	err = s.db.mirror().view(ctx, func(m *mirror) {
		for i, e := range page {
			// A copy with its own lists and maps: callers may change it.
			c := *e
			c.SetFields(e.Input())
			hideExperts(ctx, m, &c)
			out[i] = &c
		}
	})
	if err != nil {
		return nil, 0, err
	}
	return out, len(matched), nil
}

// FindEventByID implements platform.EventService.
// It reads the mirror (see mirror), which holds every event current: a page
// of an event is then made without a database round trip.
// The links to expert profiles the reader may not see lose their ids
// (see hideExperts).
func (s *EventService) FindEventByID(ctx context.Context, id string) (*platform.Event, error) {
	return s.read(ctx, id, true)
}

// storedEvent is the event as stored, for a change of it: its links to
// expert profiles whole.
func (s *EventService) storedEvent(ctx context.Context, id string) (*platform.Event, error) {
	return s.read(ctx, id, false)
}

// read returns a copy of event id from the mirror if the reader in ctx
// may see it, with the expert links hidden from them blanked when hide is
// set (hideExperts), in one look at the mirror.
func (s *EventService) read(ctx context.Context, id string, hide bool) (*platform.Event, error) {
	var e *platform.Event
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.events[id]; got != nil {
			c := *got
			c.SetFields(got.Input())
			e = &c
			if hide {
				hideExperts(ctx, m, e)
			}
		}
	}); err != nil {
		return nil, err
	}
	if e == nil || !visible(ctx, e.Visibility) {
		return nil, eventNotFound(id)
	}
	return e, nil
}

// hideExperts blanks the ids of the event's linked experts that the
// reader in ctx may not know as its trainers (m.mu held): a profile they
// may not see, or whose trainings its expert shows to fewer readers (the
// page then says "a trainer", as for an erased profile); a link to a
// merged profile is to the profile it went into.
func hideExperts(ctx context.Context, m *mirror, e *platform.Event) {
	u := platform.UserFromContext(ctx)
	for i, x := range e.Experts {
		p := m.experts[x.ExpertID]
		for k := 0; p != nil && p.Status == platform.ExpertMerged && p.MergedInto != "" && k < 8; k++ {
			p = m.experts[p.MergedInto]
		}
		switch {
		case p == nil:
			e.Experts[i].ExpertID = ""
		case platform.CanSeeExpert(u, p) && (platform.IsSecretariat(u) || platform.IsOwnExpert(u, p) ||
			platform.TierSees(platform.Tier(u), p.ConsentOf(platform.FieldTrainings))):
			e.Experts[i].ExpertID = p.ID
		default:
			// Hidden: so are the names the event's writers typed for them,
			// which would tell what the expert's consent does not.
			e.Experts[i].ExpertID = ""
			names := p.Names()
			unname(&e.Trainers, &e.Speakers, e.Sessions, names)
		}
	}
}

// checkEventEdit refuses (Unauthorized, Forbidden) a user who may not write
// an event of the kind for the countries: platform.CanEditEvent.
func checkEventEdit(ctx context.Context, kind platform.EventKind, countries []string) (*platform.User, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	if !platform.CanEditEvent(u, kind, countries) {
		return nil, platform.Localized(platform.Forbidden, "error.event_forbidden", nil, "user %s may not edit %s events of %v", u.ID, kind, countries)
	}
	return u, nil
}

// checkMaterials makes sure every material is a document the user sees.
func (s *EventService) checkMaterials(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	n, err := s.db.db.Collection(colDocuments).CountDocuments(ctx, bson.D{visibleFilter(ctx), {Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return translate(err)
	}
	if int(n) != len(ids) {
		return platform.Localized(platform.Invalid, "error.event_bad_material", map[string]any{"Field": "materials"}, "materials: a material is not a document")
	}
	return nil
}

// CreateEvent implements platform.EventService.
func (s *EventService) CreateEvent(ctx context.Context, in platform.EventInput) (_ *platform.Event, err error) {
	defer platform.Wrap(&err, "CreateEvent")
	in.Normalize()
	u, err := checkEventEdit(ctx, in.Kind, in.Concerns())
	if err == nil {
		err = checkVisibility(u, in.Visibility)
	}
	if err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeEvent, "", nil, in, err)
	}
	if !platform.IsSecretariat(u) {
		in.Experts = nil // links to profiles are the secretariat's
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.checkMaterials(ctx, in.Materials); err != nil {
		return nil, err
	}
	if err := s.checkExperts(ctx, in.Experts, nil); err != nil {
		return nil, err
	}
	now := s.db.now()
	e := &platform.Event{ID: bson.NewObjectID().Hex(), CreatedAt: now, UpdatedAt: now, Version: 1}
	e.SetFields(in)
	err = s.db.write(ctx, upsert(platform.TypeEvent, e.ID).holding(e).audited(platform.ActionCreate, nil, e),
		func(ctx context.Context, seq uint64) error {
			e.Seq = seq
			_, err := s.coll().InsertOne(ctx, e)
			return err
		})
	if err != nil {
		return nil, err
	}
	return s.forReader(ctx, e)
}

// checkExperts makes sure every linked profile exists and is neither
// erased nor pending (an approved one, or one merged into another, which
// the link then reaches); the links the event had (kept) stay whatever
// became of their profiles.
func (s *EventService) checkExperts(ctx context.Context, links, kept []platform.EventExpert) error {
	if len(links) == 0 {
		return nil
	}
	var bad error
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for i, x := range links {
			if slices.Contains(kept, x) {
				continue
			}
			p := m.experts[x.ExpertID]
			if p == nil || p.Status == platform.ExpertErased || p.Status == platform.ExpertPending {
				field := fmt.Sprintf("experts.%d.expertId", i)
				bad = platform.Localized(platform.Invalid, "error.event_bad_value", map[string]any{"Field": field, "Value": x.ExpertID},
					"%s: no approved expert %q", field, x.ExpertID)
				return
			}
		}
	})
	if err != nil {
		return err
	}
	return bad
}

// forReader returns a copy of an event as stored, as the reader in ctx
// reads it (see hideExperts).
func (s *EventService) forReader(ctx context.Context, e *platform.Event) (*platform.Event, error) {
	c := *e
	c.SetFields(e.Input())
	c.Version, c.Seq = e.Version, e.Seq
	err := s.db.mirror().view(ctx, func(m *mirror) { hideExperts(ctx, m, &c) })
	return &c, err
}

// UpdateEvent implements platform.EventService. The previous state is kept
// in event_versions; the replacement only succeeds if nobody changed the
// event in between.
func (s *EventService) UpdateEvent(ctx context.Context, id string, in platform.EventInput) (_ *platform.Event, err error) {
	defer platform.Wrap(&err, "UpdateEvent(%q)", id)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	old, err := s.storedEvent(ctx, id)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	// The editor must be allowed to edit the event as it was and as it will
	// be: a focal point can neither take another country's event nor turn
	// their national training into a regional one.
	if _, err := checkEventEdit(ctx, old.Kind, old.Concerns()); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeEvent, id, old, in, err)
	}
	if _, err := checkEventEdit(ctx, in.Kind, in.Concerns()); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeEvent, id, old, in, err)
	}
	if err := checkVisibility(u, in.Visibility); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeEvent, id, old, in, err)
	}
	if !platform.IsSecretariat(u) {
		// Links to expert profiles are the secretariat's (invitations make
		// them); another editor's copy may lack the ids of profiles hidden
		// from them, so it keeps the stored links.
		in.Experts = nil
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	conflict := platform.Localized(platform.Conflict, "error.conflict", nil, "event %q changed concurrently", id)
	if in.IfVersion != 0 && in.IfVersion != old.Version {
		return nil, conflict
	}
	if in.Capacity != old.Capacity && in.Capacity > 0 {
		c, err := s.db.registrationCounts(ctx, old)
		if err != nil {
			return nil, err
		}
		if in.Capacity < c.Registered {
			return nil, platform.Localized(platform.Invalid, "error.event_capacity_below_registered",
				map[string]any{"Field": "capacity", "Value": in.Capacity, "Registered": c.Registered},
				"capacity: %d is below the %d people registered", in.Capacity, c.Registered)
		}
	}
	if err := s.checkExperts(ctx, in.Experts, old.Experts); err != nil {
		return nil, err
	}
	if err := s.checkMaterials(ctx, in.Materials); err != nil {
		return nil, err
	}
	err = s.db.claimVersion(ctx, versionClaim{versions: s.db.db.Collection(colEventVersions), records: s.coll(),
		parentKey: "eventId", id: id, version: old.Version, state: old, conflict: conflict})
	if err != nil {
		return nil, err
	}
	e := *old
	e.SetFields(in)
	e.UpdatedAt, e.Version = s.db.now(), old.Version+1
	err = s.db.write(ctx, upsert(platform.TypeEvent, id).holding(&e).audited(platform.ActionUpdate, old, &e),
		func(ctx context.Context, seq uint64) error {
			e.Seq = seq
			// Events stored before versions were counted have none: the
			// filter takes them as version 1, as FillDefaults does.
			filter := bson.D{{Key: "_id", Value: id}, {Key: "version", Value: old.Version}}
			if old.Version == 1 {
				filter = bson.D{{Key: "_id", Value: id}, {Key: "version", Value: bson.D{{Key: "$in", Value: bson.A{1, nil}}}}}
			}
			res, err := s.coll().ReplaceOne(ctx, filter, &e)
			if err == nil && res.MatchedCount == 0 {
				err = conflict
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	if e.Capacity != old.Capacity {
		// A larger capacity (or none) moves people up from the waiting
		// list; they are told.
		if err := s.db.settle(ctx, &e); err != nil {
			return nil, err
		}
	}
	return s.forReader(ctx, &e)
}

// DeleteEvent implements platform.EventService.
func (s *EventService) DeleteEvent(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "DeleteEvent(%q)", id)
	if platform.UserFromContext(ctx) == nil {
		return platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	old, err := s.FindEventByID(ctx, id)
	if err != nil {
		return err
	}
	if _, err := checkEventEdit(ctx, old.Kind, old.Concerns()); err != nil {
		return s.db.denied(ctx, platform.TypeEvent, id, old, err)
	}
	// An event people registered for is part of the platform's record
	// (their registrations, attendance, certificates, evaluations): it is
	// cancelled, not deleted.
	registered := 0
	if err := s.db.mirror().view(ctx, func(m *mirror) { registered = len(m.byEvent[id]) }); err != nil {
		return err
	}
	if registered > 0 {
		return platform.Localized(platform.Conflict, "error.event_has_registrations", map[string]any{"Count": registered},
			"event %q has %d registrations: cancel it instead", id, registered)
	}
	return s.db.write(ctx, remove(platform.TypeEvent, id).audited(platform.ActionDelete, old, nil),
		func(ctx context.Context, _ uint64) error {
			res, err := s.coll().DeleteOne(ctx, byID(id))
			if err == nil && res.DeletedCount == 0 {
				err = eventNotFound(id)
			}
			return err
		})
}

// AllEvents calls fn for every event, whatever its visibility; it is for
// rebuilding search indexes.
func (s *EventService) AllEvents(ctx context.Context, fn func(*platform.Event) error) error {
	return each(ctx, s.coll(), func(e *platform.Event) error {
		e.FillDefaults()
		return fn(e)
	})
}

// CountEvents returns the number of events, whatever their visibility.
func (s *EventService) CountEvents(ctx context.Context) (int64, error) {
	n, err := s.coll().EstimatedDocumentCount(ctx)
	return n, translate(err)
}

// Overlaps implements platform.EventService. It reads only the events held
// in in's time window that the user sees and are not cancelled (the start
// and end indexes), and compares each with in (platform.OverlapWith), so
// that a warning never names an event hidden from the one writing.
func (s *EventService) Overlaps(ctx context.Context, in platform.EventInput, exceptID string) (_ []platform.Overlap, err error) {
	defer platform.Wrap(&err, "Overlaps")
	in.Normalize()
	switch {
	case in.Start.IsZero():
		return nil, platform.Localized(platform.Invalid, "error.event_missing", map[string]any{"Field": "start"}, "start: a start is required")
	case in.End.IsZero():
		return nil, platform.Localized(platform.Invalid, "error.event_missing", map[string]any{"Field": "end"}, "end: an end is required")
	case in.End.Before(in.Start):
		return nil, platform.Localized(platform.Invalid, "error.event_end_before_start", map[string]any{"Field": "end"}, "end: the end is before the start")
	}
	out := []platform.Overlap{}
	if in.Status == platform.EventCancelled {
		return out, nil
	}
	// An event that starts when in ends does not overlap it, but one that
	// starts at in's instant does when in lasts no time: $lte, and
	// OverlapWith decides.
	filter := bson.D{visibleFilter(ctx),
		{Key: "start", Value: bson.D{{Key: "$lte", Value: in.End}}},
		{Key: "end", Value: bson.D{{Key: "$gte", Value: in.Start}}},
		{Key: "status", Value: bson.D{{Key: "$ne", Value: string(platform.EventCancelled)}}}}
	if exceptID != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$ne", Value: exceptID}}})
	}
	cur, err := s.coll().Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "start", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(platform.MaxOverlapScan))
	if err != nil {
		return nil, translate(err)
	}
	var found []*platform.Event
	if err := cur.All(ctx, &found); err != nil {
		return nil, translate(err)
	}
	for _, e := range found {
		e.FillDefaults()
		if o, ok := platform.OverlapWith(&in, e); ok {
			out = append(out, o)
		}
	}
	return out, nil
}
