package mongo

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/stats"
)

// StatsService implements platform.StatsService on MongoDB with two
// queries, whatever the number of events: the year's events the reader
// sees (the start index, a projection of the fields the rules read), then
// the active registrations of those held, by their ids (the registrations'
// eventId/state/queue index, a projection of the fields counted).
// platform/stats decides the rest in Go: FerretDB v1 would compute only the
// first accumulator of a $group, and who has a seat depends on each event's
// queue and capacity, which no single $group says.
//
// Those two queries are cheap on MongoDB, but FerretDB v1 on SQLite pushes
// down no filter other than {_id: x}: it reads and decodes every
// registration for any other, seconds at 100,000 (BenchmarkStats). So the
// service keeps each answer in memory, keyed by the filter and the reader's
// visibilities (a reader never gets what another with wider rights was
// given), and gives it again while the change log's last number (one
// lookup by _id) is the one it was computed at and it is younger than
// statsMaxAge: every write of an event or registration goes through the
// change log, and the age bounds what does not (the time an event ends,
// changes outside the write path). Readers asking for the same answer at
// once wait for one computation.
type StatsService struct {
	db *DB
	// Gains, when set, gives the knowledge gain of events from their
	// evaluations; without it the statistics say there is no data.
	Gains platform.GainSource

	mu    sync.Mutex
	cache map[string]*statsEntry
}

// statsEntry is an answer kept, or being computed (done not yet closed).
type statsEntry struct {
	done chan struct{}
	seq  uint64
	at   time.Time
	st   *platform.EventStats
	err  error
}

// Limits of the answers kept.
const (
	statsMaxAge     = time.Minute
	statsMaxEntries = 512
)

var _ platform.StatsService = (*StatsService)(nil)

// NewStatsService returns the statistics service of db.
func NewStatsService(db *DB) *StatsService {
	return &StatsService{db: db, cache: map[string]*statsEntry{}}
}

// statsEventFields are the event fields the statistics read (countries:
// platform.LegacyEventKind needs them for events stored as "training").
var statsEventFields = bson.D{{Key: "kind", Value: 1}, {Key: "status", Value: 1}, {Key: "start", Value: 1}, {Key: "end", Value: 1},
	{Key: "timeZone", Value: 1}, {Key: "country", Value: 1}, {Key: "countries", Value: 1}, {Key: "trainers", Value: 1}, {Key: "capacity", Value: 1}}

// statsRegistrationFields are the registration fields the statistics read;
// the name only counts trainers, and never leaves the service.
var statsRegistrationFields = bson.D{{Key: "eventId", Value: 1}, {Key: "category", Value: 1}, {Key: "country", Value: 1},
	{Key: "gender", Value: 1}, {Key: "email", Value: 1}, {Key: "name", Value: 1}, {Key: "state", Value: 1},
	{Key: "queue", Value: 1}, {Key: "attended", Value: 1}}

// EventStats implements platform.StatsService.
func (s *StatsService) EventStats(ctx context.Context, f platform.StatsFilter) (_ *platform.EventStats, err error) {
	defer platform.Wrap(&err, "EventStats")
	now := s.db.now()
	f.Normalize(now)
	if err := f.Validate(now); err != nil {
		return nil, err
	}
	seq, err := s.db.ChangeLog().LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprint(f.Year, f.Countries, f.Areas, platform.VisibleTo(platform.UserFromContext(ctx)))
	s.mu.Lock()
	e := s.cache[key]
	if e != nil {
		select {
		case <-e.done:
			if e.err != nil || e.seq != seq || now.Sub(e.at) > statsMaxAge {
				e = nil // computed again below
			}
		default: // being computed: wait for it
		}
	}
	if e == nil {
		if len(s.cache) >= statsMaxEntries {
			clear(s.cache)
		}
		e = &statsEntry{done: make(chan struct{}), seq: seq, at: now}
		s.cache[key] = e
		s.mu.Unlock()
		// The computation is the entry's, not this request's: a reader who
		// leaves does not fail those waiting with it.
		e.st, e.err = s.compute(context.WithoutCancel(ctx), f, now)
		close(e.done)
	} else {
		s.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, translate(ctx.Err())
		}
	}
	if e.err != nil {
		return nil, e.err
	}
	// A copy, so that no caller changes what others are given.
	st := *e.st
	st.Countries, st.Areas, st.EventsByKind = slices.Clone(st.Countries), slices.Clone(st.Areas), slices.Clone(st.EventsByKind)
	st.ByCountry, st.ByCategory, st.ByGender = slices.Clone(st.ByCountry), slices.Clone(st.ByCategory), slices.Clone(st.ByGender)
	if st.Attendance != nil {
		a := *st.Attendance
		st.Attendance = &a
	}
	if st.KnowledgeGain != nil {
		g := *st.KnowledgeGain
		st.KnowledgeGain = &g
	}
	return &st, nil
}

// compute makes the statistics from the database.
func (s *StatsService) compute(ctx context.Context, f platform.StatsFilter, now time.Time) (*platform.EventStats, error) {
	held, err := s.heldEvents(ctx, f, now)
	if err != nil {
		return nil, err
	}
	regs, err := s.registrations(ctx, held)
	if err != nil {
		return nil, err
	}
	var gains map[string]platform.EventGain
	if s.Gains != nil && len(held) > 0 {
		ids := make([]string, len(held))
		for i, e := range held {
			ids[i] = e.ID
		}
		if gains, err = s.Gains(ctx, ids); err != nil {
			return nil, err
		}
	}
	return stats.Compute(f, held, regs, gains), nil
}

// heldEvents reads the events the user sees for f's countries and areas
// whose start lies in the year's window (stats.YearWindow), and keeps those
// held in the year (stats.Held).
func (s *StatsService) heldEvents(ctx context.Context, f platform.StatsFilter, now time.Time) ([]*platform.Event, error) {
	from, to := stats.YearWindow(f.Year)
	filter := bson.D{visibleFilter(ctx), {Key: "start", Value: bson.D{{Key: "$gte", Value: from}, {Key: "$lt", Value: to}}},
		{Key: "status", Value: bson.D{{Key: "$nin", Value: bson.A{string(platform.EventCancelled), string(platform.EventDraft)}}}}}
	filter = anyOf(filter, "countries", f.Countries)
	filter = anyOf(filter, "areas", f.Areas)
	cur, err := s.db.db.Collection(colEvents).Find(ctx, filter, options.Find().SetProjection(statsEventFields))
	if err != nil {
		return nil, translate(err)
	}
	var events []*platform.Event
	if err := cur.All(ctx, &events); err != nil {
		return nil, translate(err)
	}
	for _, e := range events {
		e.FillDefaults()
	}
	return stats.Held(events, f, now), nil
}

// registrations reads the active registrations of the events in one query.
func (s *StatsService) registrations(ctx context.Context, events []*platform.Event) ([]*platform.Registration, error) {
	if len(events) == 0 {
		return nil, nil
	}
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	cur, err := s.db.db.Collection(colRegistrations).Find(ctx,
		bson.D{{Key: "eventId", Value: bson.D{{Key: "$in", Value: ids}}}, {Key: "state", Value: platform.RegistrationActive}},
		options.Find().SetProjection(statsRegistrationFields))
	if err != nil {
		return nil, translate(err)
	}
	var regs []*platform.Registration
	if err := cur.All(ctx, &regs); err != nil {
		return nil, translate(err)
	}
	return regs, nil
}
