package schedule

import "fmt"

// FieldError is a structural error in an Instance: the field named as in
// the JSON of model.go ("rooms[2].capacity", "meetings[0].people[1]"), the
// index of the element of its top-level list (-1 for a top-level field),
// and a message in English for the log. The store answers it with 400
// Invalid, naming the field.
type FieldError struct {
	Field   string
	Index   int
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(index int, msg string, format string, args ...any) *FieldError {
	return &FieldError{Field: fmt.Sprintf(format, args...), Index: index, Message: msg}
}

// Validate reports the first structural error of the instance: duplicate
// ids, references to unknown delegations or people, a person in a meeting
// who is of neither of its delegations, a negative size or priority, a slot
// length that is not positive, a negative break, a room that seats nobody,
// a meeting of a delegation with itself, a language pair of one language,
// backward intervals, a grid of more than MaxSlots slots. It does not
// refuse a slot longer than every window: Solve reports that per meeting
// (ReasonSlotTooLong), and the store refuses it when settings are saved.
// Published and locked placements are not checked here (they may name
// rooms and interpreters no longer listed): a published meeting whose room
// was withdrawn is a move, a locked one that no longer holds is unplaced
// with ReasonLockedInvalid.
func (in *Instance) Validate() error {
	if in.SlotLength <= 0 {
		return fieldErr(-1, "must be positive", "slotLength")
	}
	if in.Break < 0 {
		return fieldErr(-1, "must not be negative", "break")
	}
	slots := 0
	for i, w := range in.Windows {
		if !w.Start.Before(w.End) {
			return fieldErr(i, "ends before it starts", "windows[%d]", i)
		}
		if d := w.End.Sub(w.Start); d >= in.SlotLength {
			// Counted in float so that a window of centuries cannot overflow.
			slots += int(min(float64(d-in.SlotLength)/float64(in.SlotLength+in.Break)+1, MaxSlots+1))
			if slots > MaxSlots {
				return fieldErr(i, fmt.Sprintf("the windows hold more than %d slots", MaxSlots), "windows[%d]", i)
			}
		}
	}
	rooms := map[string]bool{}
	for i, r := range in.Rooms {
		if r.ID == "" || rooms[r.ID] {
			return fieldErr(i, "empty or duplicate id", "rooms[%d].id", i)
		}
		rooms[r.ID] = true
		if r.Capacity <= 0 {
			return fieldErr(i, "must be positive", "rooms[%d].capacity", i)
		}
		if err := checkIntervals(i, fmt.Sprintf("rooms[%d].unavailable", i), r.Unavailable); err != nil {
			return err
		}
	}
	interps := map[string]bool{}
	for i, it := range in.Interpreters {
		if it.ID == "" || interps[it.ID] {
			return fieldErr(i, "empty or duplicate id", "interpreters[%d].id", i)
		}
		interps[it.ID] = true
		for j, p := range it.Pairs {
			if err := checkPair(i, fmt.Sprintf("interpreters[%d].pairs[%d]", i, j), p); err != nil {
				return err
			}
		}
		if err := checkIntervals(i, fmt.Sprintf("interpreters[%d].unavailable", i), it.Unavailable); err != nil {
			return err
		}
	}
	dels := map[string]bool{}
	for i, d := range in.Delegations {
		if d.ID == "" || dels[d.ID] {
			return fieldErr(i, "empty or duplicate id", "delegations[%d].id", i)
		}
		dels[d.ID] = true
		if err := checkIntervals(i, fmt.Sprintf("delegations[%d].unavailable", i), d.Unavailable); err != nil {
			return err
		}
	}
	people := map[string]string{}
	for i, p := range in.People {
		if _, dup := people[p.ID]; p.ID == "" || dup {
			return fieldErr(i, "empty or duplicate id", "people[%d].id", i)
		}
		if !dels[p.Delegation] {
			return fieldErr(i, "unknown delegation", "people[%d].delegation", i)
		}
		people[p.ID] = p.Delegation
		if err := checkIntervals(i, fmt.Sprintf("people[%d].unavailable", i), p.Unavailable); err != nil {
			return err
		}
	}
	meetings := map[string]bool{}
	for i, m := range in.Meetings {
		if m.ID == "" || meetings[m.ID] {
			return fieldErr(i, "empty or duplicate id", "meetings[%d].id", i)
		}
		meetings[m.ID] = true
		for k, d := range m.Delegations {
			if !dels[d] {
				return fieldErr(i, "unknown delegation", "meetings[%d].delegations[%d]", i, k)
			}
		}
		if m.Delegations[0] == m.Delegations[1] {
			return fieldErr(i, "a delegation cannot meet itself", "meetings[%d].delegations", i)
		}
		seen := map[string]bool{}
		for k, p := range m.People {
			d, ok := people[p]
			if !ok {
				return fieldErr(i, "unknown person", "meetings[%d].people[%d]", i, k)
			}
			if d != m.Delegations[0] && d != m.Delegations[1] {
				return fieldErr(i, "not a member of either delegation", "meetings[%d].people[%d]", i, k)
			}
			if seen[p] {
				return fieldErr(i, "listed twice", "meetings[%d].people[%d]", i, k)
			}
			seen[p] = true
		}
		if m.Size < 0 {
			return fieldErr(i, "must not be negative", "meetings[%d].size", i)
		}
		if m.Priority < 0 {
			return fieldErr(i, "must not be negative", "meetings[%d].priority", i)
		}
		if m.Interpretation != nil {
			if err := checkPair(i, fmt.Sprintf("meetings[%d].interpretation", i), *m.Interpretation); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkPair(index int, field string, p LanguagePair) error {
	if p.A == "" || p.B == "" {
		return fieldErr(index, "a language is missing", "%s", field)
	}
	if p.A == p.B {
		return fieldErr(index, "the same language twice", "%s", field)
	}
	return nil
}

func checkIntervals(index int, field string, list []Interval) error {
	for j, u := range list {
		if u.End.Before(u.Start) {
			return fieldErr(index, "ends before it starts", "%s[%d]", field, j)
		}
	}
	return nil
}

// pairKey is a pair as a resource name, in the order the meeting gives it:
// "en-ru".
func pairKey(p LanguagePair) string { return p.A + "-" + p.B }

// samePair reports whether two pairs are the same, in either direction.
func samePair(a, b LanguagePair) bool {
	return (a.A == b.A && a.B == b.B) || (a.A == b.B && a.B == b.A)
}
