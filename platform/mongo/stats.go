package mongo

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/stats"
)

// StatsService implements platform.StatsService from the events and
// registrations the database's mirror holds (see mirror): the year's
// events the reader sees, then the active registrations of those held.
// platform/stats decides the rest in Go (who has a seat depends on each
// event's queue and capacity, which no single $group says, and FerretDB v1
// would compute only the first accumulator of one).
//
// The service also keeps each answer, keyed by the filter and the reader's
// visibilities (a reader never gets what another with wider rights was
// given), and gives it again while the change log's last number is the one
// it was computed at and it is younger than statsMaxAge (the age bounds
// what the log does not say: the time an event ends). Readers asking for
// the same answer at once wait for one computation.
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
// held in the year (stats.Held). They come from the mirror (see mirror).
func (s *StatsService) heldEvents(ctx context.Context, f platform.StatsFilter, now time.Time) ([]*platform.Event, error) {
	from, to := stats.YearWindow(f.Year)
	visible := platform.VisibleTo(platform.UserFromContext(ctx))
	anyOf := func(have, want []string) bool {
		return len(want) == 0 || slices.ContainsFunc(want, func(w string) bool { return slices.Contains(have, w) })
	}
	var events []*platform.Event
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.events {
			if slices.Contains(visible, e.Visibility) && !e.Start.Before(from) && e.Start.Before(to) &&
				e.Status != platform.EventCancelled && e.Status != platform.EventDraft &&
				anyOf(e.Countries, f.Countries) && anyOf(e.Areas, f.Areas) {
				events = append(events, e) // the mirror's own, which stats only reads
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return stats.Held(events, f, now), nil
}

// registrations returns the active registrations of the events, from the
// mirror: its own records, which stats.Compute only reads (a mirrored
// registration is replaced, never changed).
func (s *StatsService) registrations(ctx context.Context, events []*platform.Event) ([]*platform.Registration, error) {
	var regs []*platform.Registration
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range events {
			for _, r := range m.byEvent[e.ID] {
				if r.State == platform.RegistrationActive {
					regs = append(regs, r)
				}
			}
		}
	})
	return regs, err
}
