package platform

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Statistics of events: what the platform held in a year, for a country and
// an area, and who took part. They are sums only: no name, email or other
// person's data is ever part of them.
//
// The rules, decided here once (the README's Events section repeats them):
//
//   - An event counts in the year its start falls in, in its own time zone
//     (as the month view places it).
//   - An event is held (HeldBy) when its status says so, or when it has
//     ended and was neither cancelled nor left a draft: statuses are often
//     not moved to "held" after the fact, and an ended event that was open
//     for registration did take place unless someone cancelled it.
//   - The country and area filters are the event list's: events for any of
//     the countries (Event.Countries), in any of the areas. The participants
//     counted are all those of the events selected, whatever their own
//     country; the table by country shows where they came from.
//   - A participant is a registration that has a seat: active and, for
//     delegates and observers, within the event's capacity in queue order
//     (waiting, pending, rejected and cancelled ones do not count). Staff
//     categories (trainers, speakers, the secretariat) take no seat and
//     count as registered. Each registration counts once; unique
//     participants count each email once across the events.
//   - Trainers are the distinct names in the events' Trainers and of the
//     registered participants of category trainer, compared trimmed and
//     case-insensitively.
//   - Hours of training (TrainingHours) are summed over the training kinds'
//     events (EventKind.Training): on each day an event covers in its zone,
//     the hours it runs that day, at most MaxTrainingHoursPerDay, so that a
//     three-day training from Monday 09:00 to Wednesday 17:00 is 24 hours,
//     not 56. Where check-ins exist, participant-hours add the same day
//     hours over each participant's attended days.
//   - Knowledge gain comes from the events' evaluations through a
//     GainSource; its mean is over the events with data, each event
//     counting once, and is absent (no data) when none has any.

// MaxTrainingHoursPerDay caps the hours a training counts on one day.
const MaxTrainingHoursPerDay = 8

// Training reports whether events of the kind are trainings, whose hours
// the statistics sum: regional and national trainings. Webinars and
// workshops may teach too, but their kind does not say so.
func (k EventKind) Training() bool {
	return k == EventRegionalTraining || k == EventNationalTraining
}

// HeldBy reports whether the event counts as held at now: status held, or
// ended by now and neither cancelled nor a draft.
func (e *Event) HeldBy(now time.Time) bool {
	switch e.Status {
	case EventHeld:
		return true
	case EventCancelled, EventDraft:
		return false
	}
	return !e.End.IsZero() && !e.End.After(now)
}

// StatsYear is the year an event counts in: that of its start in its zone.
func (e *Event) StatsYear() int { return e.Start.In(e.Location()).Year() }

// DayHours returns, for each day (YYYY-MM-DD) the event covers in its zone,
// the hours it runs that day, capped at MaxTrainingHoursPerDay. An event
// ending at midnight does not cover the day that starts then.
func (e *Event) DayHours() map[string]float64 {
	out := map[string]float64{}
	if e.Start.IsZero() || !e.End.After(e.Start) {
		return out
	}
	loc := e.Location()
	s := e.Start.In(loc)
	day := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
	for day.Before(e.End) {
		next := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc)
		from, to := maxTime(day, e.Start), minTime(next, e.End)
		if h := to.Sub(from).Hours(); h > 0 {
			out[day.Format(time.DateOnly)] = min(h, MaxTrainingHoursPerDay)
		}
		day = next
	}
	return out
}

// TrainingHours is the sum of DayHours.
func (e *Event) TrainingHours() float64 {
	var sum float64
	for _, h := range e.DayHours() {
		sum += h
	}
	return sum
}

// StatsFilter selects the events statistics are made of: those held in
// Year, for any of Countries, in any of Areas (empty lists: all).
type StatsFilter struct {
	Year      int
	Countries []string
	Areas     []string
}

// Normalize upper-cases the country codes ("other" stays lower case),
// drops repeats, and makes a zero year that of now (UTC).
func (f *StatsFilter) Normalize(now time.Time) {
	if f.Year == 0 {
		f.Year = now.UTC().Year()
	}
	f.Countries = normalizeCodes(f.Countries, func(s string) string {
		if s = strings.ToUpper(s); s == "OTHER" {
			return "other"
		}
		return s
	})
	f.Areas = normalizeCodes(f.Areas, func(s string) string { return s })
}

// Validate checks the filter. Codes: Invalid, naming the parameter (year,
// country, area). A year is between EarliestYear and MaxYearsAhead years
// after now.
func (f *StatsFilter) Validate(now time.Time) error {
	if f.Year < EarliestYear || f.Year > now.UTC().Year()+MaxYearsAhead {
		return invalidField("year", "error.event_bad_value", f.Year, "year %d out of range", f.Year)
	}
	for _, c := range f.Countries {
		if !slices.Contains(Countries(), c) && c != "other" {
			return invalidField("country", "error.event_bad_value", c, "unknown country %q", c)
		}
	}
	for _, a := range f.Areas {
		if !slices.Contains(Areas(), a) {
			return invalidField("area", "error.event_bad_value", a, "unknown area %q", a)
		}
	}
	return nil
}

// StatsCount is one line of a breakdown: a key (a kind, a country code, a
// category, a gender or GenderNotGiven) and its count.
type StatsCount struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// GenderNotGiven is the gender key of registrations that gave none.
const GenderNotGiven = "not_given"

// EventGain is an event's knowledge gain as its evaluations measured it:
// the mean gain of its respondents (in the evaluations' own unit) and how
// many there were.
type EventGain struct {
	Mean        float64 `json:"mean"`
	Respondents int     `json:"respondents"`
}

// GainSource gives the knowledge gain of the events with the given ids;
// events without evaluation data are left out of the map. The ids are of
// events the reader may see.
type GainSource func(ctx context.Context, eventIDs []string) (map[string]EventGain, error)

// GainStats sums up the knowledge gain of the events with data.
type GainStats struct {
	// Mean is the mean of the events' means, each event counting once.
	Mean float64 `json:"mean"`
	// Events is the number of events with data; Respondents their sum.
	Events      int `json:"events"`
	Respondents int `json:"respondents"`
}

// AttendanceStats sums up check-ins of the trainings held.
type AttendanceStats struct {
	// Events is the number of trainings with at least one check-in.
	Events int `json:"events"`
	// ParticipantHours sums, over each participant's checked-in days, the
	// hours the training ran that day (capped as TrainingHours is).
	ParticipantHours float64 `json:"participantHours"`
}

// EventStats are the statistics of the events a filter selects, as the
// reader may see them.
type EventStats struct {
	Year      int      `json:"year"`
	Countries []string `json:"countries"`
	Areas     []string `json:"areas"`
	// Events is the number of events held; EventsByKind lists every kind
	// in EventKinds order, zeros included.
	Events       int          `json:"events"`
	EventsByKind []StatsCount `json:"eventsByKind"`
	// Participants counts registrations with a seat, each once;
	// UniqueParticipants each email once.
	Participants       int `json:"participants"`
	UniqueParticipants int `json:"uniqueParticipants"`
	// ByCountry lists Countries() and "other"; ByCategory every category;
	// ByGender Genders() and GenderNotGiven; each with zeros.
	ByCountry  []StatsCount `json:"byCountry"`
	ByCategory []StatsCount `json:"byCategory"`
	ByGender   []StatsCount `json:"byGender"`
	Trainers   int          `json:"trainers"`
	// TrainingEvents is the number of trainings held, TrainingHours their
	// hours (Event.TrainingHours).
	TrainingEvents int     `json:"trainingEvents"`
	TrainingHours  float64 `json:"trainingHours"`
	// Attendance is nil when no training held has a check-in.
	Attendance *AttendanceStats `json:"attendance"`
	// KnowledgeGain is nil when no event has evaluation data.
	KnowledgeGain *GainStats `json:"knowledgeGain"`
}

// StatsService makes the statistics of events. It applies the visibility
// rules for the user in ctx: events the user may not see, and their
// registrations, change nothing in what they get.
type StatsService interface {
	// EventStats returns the statistics of the events f selects.
	// Codes: Invalid (naming the parameter).
	EventStats(ctx context.Context, f StatsFilter) (*EventStats, error)
}
