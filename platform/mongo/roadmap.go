package mongo

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// The roadmap's collections. The *_versions collections keep each
// record's earlier states, one per replacement, and the claims that let
// only one of several concurrent writers replace a record (see
// DB.claimVersion).
const (
	colRoadmapPeriods      = "roadmap_periods"
	colPriorities          = "priorities"
	colCommitments         = "commitments"
	colProgressUpdates     = "progress_updates"
	colReassessments       = "reassessments"
	colPeriodVersions      = "roadmap_period_versions"
	colPriorityVersions    = "priority_versions"
	colCommitmentVersions  = "commitment_versions"
	colUpdateVersions      = "progress_update_versions"
	colReassessmentVersion = "reassessment_versions"
)

// roadmapIndexes are the roadmap's indexes. Its reads are the mirror's
// (a load in seq order, then lookups by _id), so the items and updates
// have no other: on the embedded FerretDB every index is a cost of each
// insert (an import writes thousands) and helps no read.
func roadmapIndexes() map[string][]mongo.IndexModel {
	unique := func(key string) []mongo.IndexModel {
		return []mongo.IndexModel{{Keys: bson.D{{Key: key, Value: 1}, {Key: "version", Value: 1}}, Options: options.Index().SetUnique(true)}}
	}
	return map[string][]mongo.IndexModel{
		colPriorities:          {{Keys: bson.D{{Key: "period", Value: 1}}}},
		colCommitments:         {{Keys: bson.D{{Key: "seq", Value: 1}}}},
		colProgressUpdates:     {{Keys: bson.D{{Key: "seq", Value: 1}}}},
		colReassessments:       {{Keys: bson.D{{Key: "period", Value: 1}}}},
		colPeriodVersions:      unique("periodId"),
		colPriorityVersions:    unique("priorityId"),
		colCommitmentVersions:  unique("itemId"),
		colUpdateVersions:      unique("updateId"),
		colReassessmentVersion: unique("reassessmentId"),
	}
}

// RoadmapService implements platform.RoadmapService on MongoDB.
//
// Every read is answered from the mirror (see mirror and roadmapMirror):
// the overview, the lists and the roll-ups read every item of a period.
// Every write goes through the write path (DB.commit), and a record is
// replaced whole after claiming its current state (DB.claimVersion on the
// change-log number it carries, its seq): FerretDB applies an update as a
// read and a write, and two writers may meet on a parent's roll-up.
//
// The roll-ups are kept on write, never computed per view: after a write
// that changes an item's progress, status, weight, visibility or parent,
// the item and every ancestor (along its old parent and its new one) are
// computed again from the mirror, deepest first, and each that changed is
// replaced. An item's Version counts its editors' changes (what IfVersion
// compares); a change of its roll-up alone leaves it, so that a form open
// on a commitment does not go stale because an action was updated. Such
// derived replacements go to the change log (indexes follow them) but not
// to the audit trail: the write that caused them is audited.
type RoadmapService struct {
	db  *DB
	log *slog.Logger
}

var _ platform.RoadmapService = (*RoadmapService)(nil)

// NewRoadmapService returns the roadmap service of db. It logs (a failure
// to notify followers) to slog's default logger until SetLogger.
func NewRoadmapService(db *DB) *RoadmapService { return &RoadmapService{db: db, log: slog.Default()} }

// SetLogger sets the logger of failures that do not fail a write.
func (s *RoadmapService) SetLogger(l *slog.Logger) {
	if l != nil {
		s.log = l
	}
}

func (s *RoadmapService) coll(name string) *mongo.Collection { return s.db.db.Collection(name) }

func itemNotFound(id string) error {
	return platform.Localized(platform.NotFound, "roadmap.error.not_found", nil, "roadmap item %q not found", id)
}

func roadmapConflict(id string) error {
	return platform.Localized(platform.Conflict, "error.conflict", nil, "%q changed concurrently", id)
}

// badField is an Invalid error naming field, as platform's validation
// gives them.
func badField(field string, value any, format string, args ...any) error {
	return platform.Localized(platform.Invalid, "roadmap.error.bad_field", map[string]any{"Field": field, "Value": value},
		"%s: "+format, append([]any{field}, args...)...)
}

// roadmapForbidden is the refusal of a write the user may not make.
func roadmapForbidden(u *platform.User, what string) error {
	return platform.Localized(platform.Forbidden, "roadmap.error.forbidden", nil, "user %s may not %s", u.ID, what)
}

// secretariatWrite refuses (Unauthorized, Forbidden) anyone but the
// secretariat.
func secretariatWrite(ctx context.Context, what string) (*platform.User, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	if !platform.IsSecretariat(u) {
		return nil, roadmapForbidden(u, what)
	}
	return u, nil
}

// tierOf is the tier of the reader in ctx.
func tierOf(ctx context.Context) string { return platform.Tier(platform.UserFromContext(ctx)) }

// seenBy reports whether a reader of tier sees item it: it and every
// ancestor visible to the tier (m.mu held).
func (m *mirror) seenBy(tier string, it *platform.RoadmapItem) bool {
	for k := 0; it != nil && k <= platform.MaxRoadmapDepth+1; k++ {
		if !platform.TierSees(tier, it.Visibility) {
			return false
		}
		if it.Parent == "" {
			return true
		}
		it = m.items[it.Parent]
	}
	return false
}

// itemFor is a copy of it as a reader of tier gets it: its roll-up for
// that tier alone, its children counted among those the tier sees (m.mu
// held). What a reader gets thus does not depend on items hidden from
// them.
func (m *mirror) itemFor(tier string, it *platform.RoadmapItem) *platform.RoadmapItem {
	rollup := it.Rollup
	c := *it
	c.Rollup = nil
	c = *cloneItem(&c)
	c.Rollup = map[string]platform.Progress{tier: rollup[tier]}
	c.Children = 0
	for id := range m.kids[it.ID] {
		if k := m.items[id]; k != nil && platform.TierSees(tier, k.Visibility) {
			c.Children++
		}
	}
	if tier != platform.Secretariat {
		c.CreatedBy = ""
	}
	return &c
}

// Periods implements platform.RoadmapService, latest first.
func (s *RoadmapService) Periods(ctx context.Context) ([]platform.RoadmapPeriod, error) {
	var out []platform.RoadmapPeriod
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, p := range m.periods {
			out = append(out, *p)
		}
	})
	slices.SortFunc(out, func(a, b platform.RoadmapPeriod) int {
		return cmp.Or(b.Start.Compare(a.Start), cmp.Compare(b.ID, a.ID))
	})
	return out, err
}

// period returns a copy of period id, or an Invalid error naming field.
func (s *RoadmapService) period(ctx context.Context, id, field string) (*platform.RoadmapPeriod, error) {
	var p *platform.RoadmapPeriod
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.periods[id]; got != nil {
			c := *got
			p = &c
		}
	}); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, badField(field, id, "no period %q", id)
	}
	return p, nil
}

// SavePeriod implements platform.RoadmapService. The start and end are
// taken as days (UTC midnight); a period that exists is replaced whole
// (its creation kept).
func (s *RoadmapService) SavePeriod(ctx context.Context, p platform.RoadmapPeriod) (_ *platform.RoadmapPeriod, err error) {
	defer platform.Wrap(&err, "SavePeriod(%q)", p.ID)
	if _, err := secretariatWrite(ctx, "save roadmap periods"); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeRoadmapPeriod, p.ID, nil, p, err)
	}
	p.Start, p.End = platform.Day(p.Start), platform.Day(p.End)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Previous != "" {
		if _, err := s.period(ctx, p.Previous, "previous"); err != nil {
			return nil, err
		}
	}
	var old *platform.RoadmapPeriod
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.periods[p.ID]; got != nil {
			c := *got
			old = &c
		}
	}); err != nil {
		return nil, err
	}
	now := s.db.now()
	p.UpdatedAt, p.Version = now, 1
	p.CreatedAt = now
	if old == nil {
		err = s.db.write(ctx, upsert(platform.TypeRoadmapPeriod, p.ID).holding(&p).audited(platform.ActionCreate, nil, &p),
			func(ctx context.Context, seq uint64) error {
				p.Seq = seq
				_, err := s.coll(colRoadmapPeriods).InsertOne(ctx, &p)
				if mongo.IsDuplicateKeyError(err) {
					return roadmapConflict(p.ID)
				}
				return err
			})
		return &p, err
	}
	p.CreatedAt, p.Version = old.CreatedAt, old.Version+1
	conflict := roadmapConflict(p.ID)
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.coll(colPeriodVersions), records: s.coll(colRoadmapPeriods),
		parentKey: "periodId", id: p.ID, version: old.Version, state: old, conflict: conflict}); err != nil {
		return nil, err
	}
	err = s.db.write(ctx, upsert(platform.TypeRoadmapPeriod, p.ID).holding(&p).audited(platform.ActionUpdate, old, &p),
		func(ctx context.Context, seq uint64) error {
			p.Seq = seq
			return replaceVersion(ctx, s.coll(colRoadmapPeriods), p.ID, old.Version, &p, conflict)
		})
	return &p, err
}

// replaceVersion replaces record id, whose state at version the writer
// claimed (DB.claimVersion), with next. The filter is the id alone: the
// claim is what makes this writer the only one to replace that state (a
// filter on the version as well would not, on FerretDB), and any other
// filter than {_id} is a scan of the whole collection there (see byid.go).
func replaceVersion(ctx context.Context, coll *mongo.Collection, id string, _ int, next any, conflict error) error {
	res, err := coll.ReplaceOne(ctx, byID(id), next)
	if err == nil && res.MatchedCount == 0 {
		err = conflict
	}
	return err
}

// Priorities implements platform.RoadmapService: by area (in the order of
// platform.Areas), then order, then code.
func (s *RoadmapService) Priorities(ctx context.Context, period string) ([]platform.Priority, error) {
	if _, err := s.period(ctx, period, "period"); err != nil {
		return nil, err
	}
	var out []platform.Priority
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, p := range m.priorities {
			if p.Period == period && visible(ctx, p.Visibility) {
				out = append(out, *clonePriority(p))
			}
		}
	})
	areas := platform.Areas()
	slices.SortFunc(out, func(a, b platform.Priority) int {
		return cmp.Or(cmp.Compare(slices.Index(areas, a.Area), slices.Index(areas, b.Area)), cmp.Compare(a.Order, b.Order),
			naturalCompare(a.Code, b.Code), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// SavePriority implements platform.RoadmapService. A priority keeps its
// period (a change of it is Invalid naming "period": its commitments would
// be left in the other).
func (s *RoadmapService) SavePriority(ctx context.Context, p platform.Priority) (_ *platform.Priority, err error) {
	defer platform.Wrap(&err, "SavePriority(%q)", p.ID)
	if _, err := secretariatWrite(ctx, "save priorities"); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypePriority, p.ID, nil, p, err)
	}
	if p.Visibility == "" {
		p.Visibility = platform.Public
	}
	p.Code = strings.TrimSpace(p.Code)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.period(ctx, p.Period, "period"); err != nil {
		return nil, err
	}
	now := s.db.now()
	if p.ID == "" {
		p.ID = bson.NewObjectID().Hex()
		p.CreatedAt, p.UpdatedAt, p.Version = now, now, 1
		err = s.db.write(ctx, upsert(platform.TypePriority, p.ID).holding(&p).audited(platform.ActionCreate, nil, &p),
			func(ctx context.Context, seq uint64) error {
				p.Seq = seq
				_, err := s.coll(colPriorities).InsertOne(ctx, &p)
				return err
			})
		return &p, err
	}
	var old *platform.Priority
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.priorities[p.ID]; got != nil {
			old = clonePriority(got)
		}
	}); err != nil {
		return nil, err
	}
	if old == nil {
		return nil, platform.Localized(platform.NotFound, "roadmap.error.priority_not_found", nil, "priority %q not found", p.ID)
	}
	if old.Period != p.Period {
		return nil, badField("period", p.Period, "a priority stays in its period")
	}
	p.CreatedAt, p.UpdatedAt, p.Version = old.CreatedAt, now, old.Version+1
	conflict := roadmapConflict(p.ID)
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.coll(colPriorityVersions), records: s.coll(colPriorities),
		parentKey: "priorityId", id: p.ID, version: old.Version, state: old, conflict: conflict}); err != nil {
		return nil, err
	}
	err = s.db.write(ctx, upsert(platform.TypePriority, p.ID).holding(&p).audited(platform.ActionUpdate, old, &p),
		func(ctx context.Context, seq uint64) error {
			p.Seq = seq
			return replaceVersion(ctx, s.coll(colPriorities), p.ID, old.Version, &p, conflict)
		})
	return &p, err
}

// FindItems implements platform.RoadmapService, from the mirror, each item
// the reader's copy (see Item): by
// country (the five in order, then regional), then code (numbers in codes
// compared as numbers: KZ-1.2 before KZ-1.10), then creation.
func (s *RoadmapService) FindItems(ctx context.Context, f platform.ItemFilter) ([]*platform.RoadmapItem, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	tier := tierOf(ctx)
	now := s.db.now()
	text := strings.ToLower(strings.TrimSpace(f.Text))
	var matched []*platform.RoadmapItem
	var out []*platform.RoadmapItem
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, it := range m.items {
			if !itemMatches(m, it, &f, text, now) || !m.seenBy(tier, it) {
				continue
			}
			matched = append(matched, it)
		}
		sortItems(matched)
		lo := min(f.Offset, len(matched))
		for _, it := range matched[lo:min(lo+f.Limit, len(matched))] {
			out = append(out, m.itemFor(tier, it))
		}
	})
	if err != nil {
		return nil, 0, err
	}
	return out, len(matched), nil
}

// itemMatches reports whether it passes the filter (m.mu held).
func itemMatches(m *mirror, it *platform.RoadmapItem, f *platform.ItemFilter, text string, now time.Time) bool {
	country := it.Country
	if country == "" {
		country = platform.RegionalKey
	}
	switch {
	case f.Period != "" && it.Period != f.Period,
		len(f.Countries) > 0 && !slices.Contains(f.Countries, country),
		f.Priority != "" && it.Priority != f.Priority,
		len(f.Kinds) > 0 && !slices.Contains(f.Kinds, it.Kind),
		len(f.Statuses) > 0 && !slices.Contains(f.Statuses, it.Status),
		f.Article != 0 && !slices.Contains(it.Articles, f.Article),
		f.Parent != "" && it.Parent != f.Parent,
		f.TopLevel && it.Parent != "",
		f.Delayed && !it.Delayed(now):
		return false
	}
	if len(f.Areas) > 0 {
		p := m.priorities[it.Priority]
		if p == nil || !slices.Contains(f.Areas, p.Area) {
			return false
		}
	}
	if f.Stalled {
		stall := platform.DefaultStallDays
		if p := m.periods[it.Period]; p != nil {
			stall = p.Stall()
		}
		if !it.Stalled(now, stall) {
			return false
		}
	}
	if text != "" {
		found := strings.Contains(strings.ToLower(it.Code), text)
		for _, t := range it.Title {
			found = found || strings.Contains(strings.ToLower(t), text)
		}
		if !found {
			return false
		}
	}
	return true
}

// sortItems orders items by country (the five, then regional), code, then
// creation.
func sortItems(items []*platform.RoadmapItem) {
	rank := func(c string) int {
		if c == "" {
			return len(platform.Countries())
		}
		return slices.Index(platform.Countries(), c)
	}
	slices.SortFunc(items, func(a, b *platform.RoadmapItem) int {
		return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(rank(a.Country), rank(b.Country)), naturalCompare(a.Code, b.Code),
			a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}

// naturalCompare compares codes with their runs of digits as numbers, an
// empty code last.
func naturalCompare(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// Item implements platform.RoadmapService. The item is the reader's copy
// (see itemFor): its Rollup holds the reader's tier alone and Children
// counts the children the reader sees, so nothing in it tells of items
// hidden from them. An item is seen when it and its ancestors are.
func (s *RoadmapService) Item(ctx context.Context, id string) (*platform.RoadmapItem, error) {
	tier := tierOf(ctx)
	var out *platform.RoadmapItem
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if it := m.items[id]; it != nil && m.seenBy(tier, it) {
			out = m.itemFor(tier, it)
		}
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, itemNotFound(id)
	}
	return out, nil
}

// inMirror runs fn with the mirror locked (see mirror.view) and returns
// the mirror's error, else fn's.
func (s *RoadmapService) inMirror(ctx context.Context, fn func(m *mirror) error) error {
	var ferr error
	if err := s.db.mirror().view(ctx, func(m *mirror) { ferr = fn(m) }); err != nil {
		return err
	}
	return ferr
}
