// Package stats computes the statistics of events (platform.EventStats)
// from the events and registrations a store read: which events count, who
// has a seat, the breakdowns, trainers, hours and knowledge gain. It is
// pure (it imports only platform), so the rules are tested without a
// database; platform/mongo reads the records and calls it.
package stats

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// Held returns the events that count for f at now: held (Event.HeldBy) in
// f.Year (Event.StatsYear). The store selects by time window, countries
// and areas; Held decides what needs the event's own zone and status.
func Held(events []*platform.Event, f platform.StatsFilter, now time.Time) []*platform.Event {
	var out []*platform.Event
	for _, e := range events {
		if e.StatsYear() == f.Year && e.HeldBy(now) {
			out = append(out, e)
		}
	}
	return out
}

// YearWindow is the UTC window a store reads for year: the year widened by
// the furthest zones' offsets (UTC−12 to UTC+14), since an event counts in
// the year of its start in its own zone.
func YearWindow(year int) (from, to time.Time) {
	const reach = 14 * time.Hour
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(-reach), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Add(reach)
}

// Compute returns the statistics of held events (from Held) given their
// active registrations (other states may be passed; they are left out) and
// the knowledge gain of those events that have data (nil: none).
func Compute(f platform.StatsFilter, held []*platform.Event, regs []*platform.Registration, gains map[string]platform.EventGain) *platform.EventStats {
	st := &platform.EventStats{Year: f.Year, Countries: nonNil(f.Countries), Areas: nonNil(f.Areas), Events: len(held)}
	byID := make(map[string]*platform.Event, len(held))
	kinds := map[platform.EventKind]int{}
	trainers := map[string]bool{}
	for _, e := range held {
		byID[e.ID] = e
		kinds[e.Kind]++
		for _, n := range e.Trainers {
			trainers[nameKey(n)] = true
		}
		if e.Kind.Training() {
			st.TrainingEvents++
			st.TrainingHours += e.TrainingHours()
		}
	}
	for _, k := range platform.EventKinds() {
		st.EventsByKind = append(st.EventsByKind, platform.StatsCount{Key: string(k), Count: kinds[k]})
	}

	seated := Seated(held, regs)
	countries, categories, genders := map[string]int{}, map[string]int{}, map[string]int{}
	emails := map[string]bool{}
	dayHours := map[string]map[string]float64{}
	var att platform.AttendanceStats
	attended := map[string]bool{}
	for _, r := range seated {
		st.Participants++
		emails[strings.ToLower(r.Email)] = true
		c := r.Country
		if !slices.Contains(platform.Countries(), c) {
			c = "other"
		}
		countries[c]++
		categories[string(r.Category)]++
		g := r.Gender
		if !slices.Contains(platform.Genders(), g) {
			g = platform.GenderNotGiven
		}
		genders[g]++
		if r.Category == platform.CategoryTrainer {
			trainers[trainerKey(r)] = true
		}
		e := byID[r.EventID]
		if len(r.Attended) > 0 && e.Kind.Training() {
			hours, ok := dayHours[e.ID]
			if !ok {
				hours = e.DayHours()
				dayHours[e.ID] = hours
			}
			for _, d := range r.Attended {
				att.ParticipantHours += hours[d]
			}
			attended[e.ID] = true
		}
	}
	st.UniqueParticipants = len(emails)
	delete(trainers, "")
	st.Trainers = len(trainers)
	for _, c := range append(platform.Countries(), "other") {
		st.ByCountry = append(st.ByCountry, platform.StatsCount{Key: c, Count: countries[c]})
	}
	for _, c := range platform.RegistrationCategories() {
		st.ByCategory = append(st.ByCategory, platform.StatsCount{Key: string(c), Count: categories[string(c)]})
	}
	for _, g := range append(platform.Genders(), platform.GenderNotGiven) {
		st.ByGender = append(st.ByGender, platform.StatsCount{Key: g, Count: genders[g]})
	}
	if att.Events = len(attended); att.Events > 0 {
		st.Attendance = &att
	}
	st.KnowledgeGain = Gain(held, gains)
	return st
}

// Seated returns the registrations of events that have a seat: active,
// and for delegates and observers among the first Capacity in queue order
// of their event (staff take no seat and always count). The order of the
// result is the input's.
func Seated(events []*platform.Event, regs []*platform.Registration) []*platform.Registration {
	capacity := make(map[string]int, len(events))
	for _, e := range events {
		capacity[e.ID] = e.Capacity
	}
	// The line of each event with a capacity: its seat-taking active
	// registrations in queue order.
	lines := map[string][]*platform.Registration{}
	for _, r := range regs {
		if c, ok := capacity[r.EventID]; ok && c > 0 && r.State == platform.RegistrationActive && !r.Category.Staff() {
			lines[r.EventID] = append(lines[r.EventID], r)
		}
	}
	waiting := map[*platform.Registration]bool{}
	for id, line := range lines {
		if len(line) <= capacity[id] {
			continue
		}
		slices.SortFunc(line, func(a, b *platform.Registration) int { return cmp.Compare(a.Queue, b.Queue) })
		for _, r := range line[capacity[id]:] {
			waiting[r] = true
		}
	}
	var out []*platform.Registration
	for _, r := range regs {
		if _, ok := capacity[r.EventID]; ok && r.State == platform.RegistrationActive && !waiting[r] {
			out = append(out, r)
		}
	}
	return out
}

// Gain sums up the knowledge gain of the held events that have data; nil
// when none has.
func Gain(held []*platform.Event, gains map[string]platform.EventGain) *platform.GainStats {
	var g platform.GainStats
	var sum float64
	for _, e := range held {
		eg, ok := gains[e.ID]
		if !ok || eg.Respondents <= 0 {
			continue
		}
		g.Events++
		g.Respondents += eg.Respondents
		sum += eg.Mean
	}
	if g.Events == 0 {
		return nil
	}
	g.Mean = sum / float64(g.Events)
	return &g
}

// trainerKey tells a trainer's registration apart: by the name, or for
// one whose personal data were erased, by the address it keeps in its
// place (one per person, platform.ErasedEmail), so that the person still
// counts once.
func trainerKey(r *platform.Registration) string {
	if r.ErasedAt != nil {
		return "\x00" + strings.ToLower(r.Email)
	}
	return nameKey(r.Name)
}

// nameKey is a name as trainers are told apart: trimmed, inner spaces
// collapsed, case-folded.
func nameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
