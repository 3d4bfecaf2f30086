package platform

import (
	"slices"
	"strings"
	"time"
)

// OverlapKind is why two events at the same time are worth a warning.
type OverlapKind string

// Overlap kinds.
const (
	// OverlapCountry: both concern a country (Event.Concerns), whose
	// experts would be asked to two events at once.
	OverlapCountry OverlapKind = "country"
	// OverlapTrainer: a trainer or speaker of one is a trainer or speaker
	// of the other (names compared trimmed and case-insensitively).
	OverlapTrainer OverlapKind = "trainer"
	// OverlapRoom: both use a room of the same name at the same venue
	// (a city they share in some language, or the same address).
	OverlapRoom OverlapKind = "room"
)

// OverlapReason is one thing two overlapping events share.
type OverlapReason struct {
	Kind OverlapKind `json:"reason"`
	// Value is what they share: a country code, a trainer's name or a
	// room's, as the other event writes it.
	Value string `json:"value"`
}

// Overlap is another event held at the same time as the one being written,
// with what they share. It is a warning: overlaps never stop a save.
type Overlap struct {
	EventID string `json:"id"`
	// Titles are the other event's titles by language (see Title).
	Titles   map[string]string `json:"-"`
	Start    time.Time         `json:"start"`
	End      time.Time         `json:"end"`
	TimeZone string            `json:"timeZone"`
	Reasons  []OverlapReason   `json:"reasons"`
}

// Title returns the other event's title in the first language of chain that
// has one, with that language (as Event.Title).
func (o *Overlap) Title(chain []string) (string, string) {
	return PickText(o.Titles, chain, func(t string) string { return t })
}

// MaxOverlapScan is how many events held at the same time as the one being
// written are compared with it; the rest are not reported.
const MaxOverlapScan = 2000

// Overlapping reports whether [start1,end1) and [start2,end2) intersect. An
// event whose end is its start is taken as the instant it starts, so that
// it overlaps the events running at that instant.
func Overlapping(start1, end1, start2, end2 time.Time) bool {
	if !end1.After(start1) {
		end1 = start1.Add(time.Nanosecond)
	}
	if !end2.After(start2) {
		end2 = start2.Add(time.Nanosecond)
	}
	return start1.Before(end2) && start2.Before(end1)
}

// OverlapWith returns the warning an event written with in gets about
// other: none (false) when either is cancelled, when they are not held at
// the same time, or when they share no country, trainer or speaker, or room
// at one venue. Call in.Normalize first.
func OverlapWith(in *EventInput, other *Event) (Overlap, bool) {
	if in.Status == EventCancelled || other.Status == EventCancelled || !Overlapping(in.Start, in.End, other.Start, other.End) {
		return Overlap{}, false
	}
	var reasons []OverlapReason
	mine := in.Concerns()
	for _, c := range other.Concerns() {
		if slices.Contains(mine, c) {
			reasons = append(reasons, OverlapReason{OverlapCountry, c})
		}
	}
	people := append(append([]string{}, in.Trainers...), in.Speakers...)
	seen := map[string]bool{}
	for _, p := range append(append([]string{}, other.Trainers...), other.Speakers...) {
		key := nameKey(p)
		if key != "" && !seen[key] && containsName(people, p) {
			seen[key] = true
			reasons = append(reasons, OverlapReason{OverlapTrainer, strings.TrimSpace(p)})
		}
	}
	if sameVenue(in.City, in.Address, other.City, other.Address) {
		for _, r := range other.Rooms {
			if containsName(in.Rooms, r) {
				reasons = append(reasons, OverlapReason{OverlapRoom, strings.TrimSpace(r)})
			}
		}
	}
	if len(reasons) == 0 {
		return Overlap{}, false
	}
	titles := make(map[string]string, len(other.Translations))
	for lang, t := range other.Translations {
		if t.Title != "" {
			titles[lang] = t.Title
		}
	}
	return Overlap{EventID: other.ID, Titles: titles, Start: other.Start, End: other.End, TimeZone: other.TimeZone, Reasons: reasons}, true
}

// nameKey is a name as overlaps compare it: trimmed, its inner spaces made
// one, case folded.
func nameKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func containsName(names []string, name string) bool {
	key := nameKey(name)
	if key == "" {
		return false
	}
	for _, n := range names {
		if nameKey(n) == key {
			return true
		}
	}
	return false
}

// sameVenue reports whether two events are at one venue: they share a
// city's name in some language (Tashkent in English for one, Toshkent and
// Tashkent for the other), or have the same address.
func sameVenue(city1 map[string]string, address1 string, city2 map[string]string, address2 string) bool {
	if nameKey(address1) != "" && nameKey(address1) == nameKey(address2) {
		return true
	}
	for _, c1 := range city1 {
		for _, c2 := range city2 {
			if nameKey(c1) != "" && nameKey(c1) == nameKey(c2) {
				return true
			}
		}
	}
	return false
}
