package mongo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/schedule"
)

// Solve implements platform.BilateralService. The secretariat member who
// solves first claims the schedule's version (claimSchedule): of two
// solving from the same version, the other is told that a result stands
// (Conflict) without waiting for the scheduler. Once claimed, the run and
// its result are not cancelled by the client leaving: a claim that stays
// without a result would hold the schedule for minutes.
func (s *BilateralService) Solve(ctx context.Context, eventID string, ifVersion int) (_ *platform.BilateralSchedule, err error) {
	defer platform.Wrap(&err, "Solve(%q)", eventID)
	c, err := s.secretariatAt(ctx, platform.TypeBilateralSchedule, eventID, "solve the schedule", nil)
	if err != nil {
		return nil, err
	}
	old, err := s.storedSchedule(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if ifVersion != old.Version {
		return nil, bilateralConflict(eventID)
	}
	in, requests, err := s.instance(ctx, c, old)
	if err != nil {
		return nil, err
	}
	if err := s.claimSchedule(ctx, eventID, old.Version, "solve"); err != nil {
		return nil, err
	}
	ctx = context.WithoutCancel(ctx)
	next, err := s.solve(ctx, c, old, in, requests)
	if err == nil {
		err = s.storeSchedule(ctx, old, next)
	}
	if err != nil {
		// Nothing was stored: the version is free for the next try.
		_, _ = s.coll(colBilateralSolves).DeleteOne(ctx, byID(fmt.Sprintf("%s.%d", eventID, old.Version)))
		return nil, err
	}
	return cloneSchedule(next), nil
}

// Instance returns the scheduler's problem Solve would solve now, for the
// secretariat (a benchmark on a real conference, a check of the stored
// schedule by schedule.Check). Codes as Solve's.
func (s *BilateralService) Instance(ctx context.Context, eventID string) (_ schedule.Instance, err error) {
	defer platform.Wrap(&err, "Instance(%q)", eventID)
	c, err := s.secretariatAt(ctx, platform.TypeBilateralSchedule, eventID, "read the scheduler's problem", nil)
	if err != nil {
		return schedule.Instance{}, err
	}
	old, err := s.storedSchedule(ctx, eventID)
	if err != nil {
		return schedule.Instance{}, err
	}
	in, _, err := s.instance(ctx, c, old)
	return in, err
}

// instance builds the scheduler's problem from the conference: its free
// windows, the rooms and interpreters in use, the accepted requests (each
// with the members named on both sides as people, their times off), the
// locked ones where the draft has them and the published schedule. It
// returns the accepted requests by id with it. Settings that cannot hold a
// meeting are Invalid, naming the field.
func (s *BilateralService) instance(ctx context.Context, c *conference, old *platform.BilateralSchedule) (schedule.Instance, map[string]*platform.MeetingRequest, error) {
	st := c.settings
	windows, err := platform.BilateralWindows(c.ev, st)
	if err != nil {
		return schedule.Instance{}, nil, err
	}
	slot := time.Duration(st.SlotMinutes) * time.Minute
	if !slices.ContainsFunc(windows, func(w platform.TimeRange) bool { return w.End.Sub(w.Start) >= slot }) {
		return schedule.Instance{}, nil, bilateralInvalid("slotMinutes", "slot_too_long", st.SlotMinutes, "longer than every free window")
	}
	in := schedule.Instance{SlotLength: slot, Break: time.Duration(st.BreakMinutes) * time.Minute}
	for _, w := range windows {
		in.Windows = append(in.Windows, schedule.Interval{Start: w.Start, End: w.End})
	}
	for _, r := range st.Rooms {
		if !r.Withdrawn {
			in.Rooms = append(in.Rooms, schedule.Room{ID: r.ID, Capacity: r.Capacity})
		}
	}
	if len(in.Rooms) == 0 {
		return schedule.Instance{}, nil, bilateralInvalid("rooms", "no_rooms", "", "no room in use")
	}
	for _, x := range st.Interpreters {
		if x.Withdrawn {
			continue
		}
		it := schedule.Interpreter{ID: x.ID, Unavailable: intervals(x.Unavailable)}
		for _, p := range x.Pairs {
			it.Pairs = append(it.Pairs, schedule.LanguagePair{A: p.A, B: p.B})
		}
		in.Interpreters = append(in.Interpreters, it)
	}
	delegations := map[string]*platform.Delegation{}
	requests := map[string]*platform.MeetingRequest{}
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, d := range m.roadmap.bilateral.delegations.by[eventKey(c.ev.ID)] {
			delegations[d.ID] = cloneDelegation(d)
		}
		for _, r := range m.roadmap.bilateral.requests.by[eventKey(c.ev.ID)] {
			if r.EffectiveStatus(c.now, c.deadline()) == platform.MeetingAccepted && delegations[r.From] != nil && delegations[r.To] != nil {
				requests[r.ID] = cloneRequest(r)
			}
		}
	}); err != nil {
		return schedule.Instance{}, nil, err
	}
	draft := map[string]platform.ScheduledMeeting{}
	for _, m := range old.Meetings {
		draft[m.RequestID] = m
	}
	ids := make([]string, 0, len(requests))
	for id := range requests {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	people := map[string]bool{}
	used := map[string]bool{}
	for _, id := range ids {
		r := requests[id]
		m := schedule.Meeting{ID: r.ID, Delegations: [2]string{r.From, r.To}, Priority: r.Priority.Weight()}
		for _, side := range []struct {
			d       *platform.Delegation
			members []string
		}{{delegations[r.From], r.FromMembers}, {delegations[r.To], r.ToMembers}} {
			used[side.d.ID] = true
			for _, mid := range side.members {
				mem := side.d.Member(mid)
				if mem == nil {
					continue // removed from the delegation since
				}
				pid := side.d.ID + "/" + mid
				if !people[pid] {
					people[pid] = true
					in.People = append(in.People, schedule.Person{ID: pid, Delegation: side.d.ID, Unavailable: intervals(mem.Unavailable)})
				}
				m.People = append(m.People, pid)
			}
		}
		if r.Interpretation != nil {
			m.Interpretation = &schedule.LanguagePair{A: r.Interpretation.A, B: r.Interpretation.B}
		}
		if p, ok := draft[r.ID]; ok && r.Locked {
			m.Locked = &schedule.Placement{Meeting: r.ID, Start: p.Start, End: p.End, Room: p.Room, Interpreter: p.Interpreter}
		}
		in.Meetings = append(in.Meetings, m)
	}
	for id := range used {
		in.Delegations = append(in.Delegations, schedule.Delegation{ID: id})
	}
	slices.SortFunc(in.Delegations, func(a, b schedule.Delegation) int { return strings.Compare(a.ID, b.ID) })
	for _, p := range old.Published {
		if requests[p.RequestID] != nil {
			in.Published = append(in.Published, schedule.Placement{Meeting: p.RequestID, Start: p.Start, End: p.End, Room: p.Room, Interpreter: p.Interpreter})
		}
	}
	return in, requests, nil
}

func intervals(rs []platform.TimeRange) []schedule.Interval {
	out := make([]schedule.Interval, len(rs))
	for i, r := range rs {
		out[i] = schedule.Interval{Start: r.Start, End: r.End}
	}
	return out
}

func scheduled(p schedule.Placement) platform.ScheduledMeeting {
	return platform.ScheduledMeeting{RequestID: p.Meeting, Start: p.Start.UTC(), End: p.End.UTC(), Room: p.Room, Interpreter: p.Interpreter}
}

// solve runs the scheduler on in and makes the draft that follows old:
// its meetings, what it could not place and why, the published meetings
// it moves or drops (those of requests no longer accepted among them).
func (s *BilateralService) solve(ctx context.Context, c *conference, old *platform.BilateralSchedule, in schedule.Instance,
	requests map[string]*platform.MeetingRequest) (*platform.BilateralSchedule, error) {
	res, err := schedule.Solve(ctx, in, schedule.Options{TimeBox: time.Duration(c.settings.TimeBoxSeconds) * time.Second, Seed: 1})
	if err != nil {
		var fe *schedule.FieldError
		if errors.As(err, &fe) {
			return nil, bilateralInvalid(fe.Field, "bad_field", "", "%s", fe.Message)
		}
		return nil, err
	}
	s.log.Info("bilaterals: solved", "event", c.ev.ID, "meetings", len(in.Meetings), "placed", res.Placed,
		"upperBound", res.UpperBound, "optimal", res.Optimal, "timedOut", res.TimedOut, "elapsed", res.Elapsed)
	next := cloneSchedule(old)
	next.Meetings = make([]platform.ScheduledMeeting, 0, len(res.Placements))
	for _, p := range res.Placements {
		next.Meetings = append(next.Meetings, scheduled(p))
	}
	slices.SortFunc(next.Meetings, func(a, b platform.ScheduledMeeting) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Room, b.Room)
	})
	next.Unplaced = make([]platform.UnplacedMeeting, 0, len(res.Unplaced))
	for _, u := range res.Unplaced {
		next.Unplaced = append(next.Unplaced, platform.UnplacedMeeting{RequestID: u.Meeting, Reason: string(u.Reason), Resource: u.Resource})
	}
	next.Moves = []platform.MeetingMove{}
	for _, m := range res.Moves {
		mv := platform.MeetingMove{RequestID: m.Meeting, From: scheduled(m.From)}
		if m.To != nil {
			to := scheduled(*m.To)
			mv.To = &to
		}
		next.Moves = append(next.Moves, mv)
	}
	for _, p := range old.Published {
		if requests[p.RequestID] == nil {
			next.Moves = append(next.Moves, platform.MeetingMove{RequestID: p.RequestID, From: p})
		}
	}
	next.Placed, next.UpperBound, next.Optimal, next.TimedOut = res.Placed, res.UpperBound, res.Optimal, res.TimedOut
	next.SolvedAt, next.SolvedBy, next.Version = c.now, c.u.ID, old.Version+1
	return next, nil
}
