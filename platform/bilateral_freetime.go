package platform

import (
	"slices"
	"time"
)

// BilateralWindows returns the free windows of a conference for bilateral
// meetings, in time order: the settings' Windows when they list any (within
// the event); else, on each day of the event in its zone, the hours from
// DayStart to DayEnd (within the event's start and end) less the sessions
// of its timetable, which are plenaries. A session that runs past midnight
// takes its time from both days. Days are counted in the event's zone, so
// that a conference in Tashkent has its meeting hours at 09:00 Tashkent
// time whatever the server's zone.
func BilateralWindows(ev *Event, s *BilateralSettings) ([]TimeRange, error) {
	if len(s.Windows) > 0 {
		var out []TimeRange
		for _, w := range s.Windows {
			if c, ok := clip(w, TimeRange{Start: ev.Start, End: ev.End}); ok {
				out = append(out, c)
			}
		}
		slices.SortFunc(out, func(a, b TimeRange) int { return a.Start.Compare(b.Start) })
		return out, nil
	}
	from, err := clockTime(s.DayStart)
	if err != nil {
		return nil, bilateralField("dayStart", "bad_time", s.DayStart, "not a time of day")
	}
	to, err := clockTime(s.DayEnd)
	if err != nil {
		return nil, bilateralField("dayEnd", "bad_time", s.DayEnd, "not a time of day")
	}
	loc, err := LoadZone(ev.TimeZone)
	if err != nil {
		return nil, bilateralField("timeZone", "bad_field", ev.TimeZone, "unknown time zone")
	}
	if !ev.End.After(ev.Start) || to <= from {
		return []TimeRange{}, nil
	}
	sessions := make([]TimeRange, 0, len(ev.Sessions))
	for _, se := range ev.Sessions {
		if se.End.After(se.Start) {
			sessions = append(sessions, TimeRange{Start: se.Start, End: se.End})
		}
	}
	out := []TimeRange{}
	first := ev.Start.In(loc)
	last := ev.End.In(loc)
	day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc)
	end := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, loc)
	for !day.After(end) {
		y, m, d := day.Date()
		w := TimeRange{
			Start: time.Date(y, m, d, from/60, from%60, 0, 0, loc).UTC(),
			End:   time.Date(y, m, d, to/60, to%60, 0, 0, loc).UTC(),
		}
		if c, ok := clip(w, TimeRange{Start: ev.Start, End: ev.End}); ok {
			out = append(out, subtract(c, sessions)...)
		}
		day = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	}
	return out, nil
}

// clip is w within bounds, and whether anything is left.
func clip(w, bounds TimeRange) (TimeRange, bool) {
	if w.Start.Before(bounds.Start) {
		w.Start = bounds.Start
	}
	if w.End.After(bounds.End) {
		w.End = bounds.End
	}
	w.Start, w.End = w.Start.UTC(), w.End.UTC()
	return w, w.End.After(w.Start)
}

// subtract is w less the busy times, as the pieces left in order.
func subtract(w TimeRange, busy []TimeRange) []TimeRange {
	pieces := []TimeRange{w}
	for _, b := range busy {
		var next []TimeRange
		for _, p := range pieces {
			if !b.Start.Before(p.End) || !b.End.After(p.Start) {
				next = append(next, p)
				continue
			}
			if b.Start.After(p.Start) {
				next = append(next, TimeRange{Start: p.Start, End: b.Start.UTC()})
			}
			if b.End.Before(p.End) {
				next = append(next, TimeRange{Start: b.End.UTC(), End: p.End})
			}
		}
		pieces = next
	}
	slices.SortFunc(pieces, func(a, b TimeRange) int { return a.Start.Compare(b.Start) })
	return pieces
}
