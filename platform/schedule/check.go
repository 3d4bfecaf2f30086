package schedule

// Check validates a schedule against every rule of an instance, written
// apart from the solver (it shares nothing with it but the types of
// model.go), so that each can catch the other's mistakes. It returns every
// violation it finds, in the order of the placements; none means the
// schedule is valid. It does not ask that a schedule be good, only that it
// be allowed: meetings left out and published meetings moved are not
// violations, locked meetings moved are.
//
// The rules: each placement names a known meeting, once; it starts on the
// grid of a window (the window's start plus a whole number of
// SlotLength+Break) and lasts SlotLength, inside the window; its room is
// known, seats the meeting and is free; an interpreter is present when the
// meeting needs a pair, is known, interprets that pair and is free; its
// people and delegations are free; two meetings that share a person, a
// delegation, a room or an interpreter lie at least Break apart; a locked
// meeting is where it was locked.
func Check(in Instance, placements []Placement) []Violation {
	var out []Violation
	flag := func(rule, meeting, other, resource string) {
		out = append(out, Violation{Rule: rule, Meeting: meeting, Other: other, Resource: resource})
	}
	meetings := map[string]*Meeting{}
	for i := range in.Meetings {
		meetings[in.Meetings[i].ID] = &in.Meetings[i]
	}
	rooms := map[string]*Room{}
	for i := range in.Rooms {
		rooms[in.Rooms[i].ID] = &in.Rooms[i]
	}
	interps := map[string]*Interpreter{}
	for i := range in.Interpreters {
		interps[in.Interpreters[i].ID] = &in.Interpreters[i]
	}
	people := map[string]*Person{}
	for i := range in.People {
		people[in.People[i].ID] = &in.People[i]
	}
	dels := map[string]*Delegation{}
	for i := range in.Delegations {
		dels[in.Delegations[i].ID] = &in.Delegations[i]
	}
	meets := func(a, b Interval) bool { return a.Start.Before(b.End) && b.Start.Before(a.End) }
	busy := func(list []Interval, at Interval) bool {
		for _, u := range list {
			if meets(u, at) {
				return true
			}
		}
		return false
	}

	seen := map[string]bool{}
	known := make([]*Meeting, len(placements))
	for k, pl := range placements {
		m := meetings[pl.Meeting]
		if m == nil {
			flag("unknown_meeting", pl.Meeting, "", "")
			continue
		}
		if seen[pl.Meeting] {
			flag("placed_twice", pl.Meeting, "", "")
			continue
		}
		seen[pl.Meeting] = true
		known[k] = m
		at := Interval{Start: pl.Start, End: pl.End}

		if pl.End.Sub(pl.Start) != in.SlotLength {
			flag("wrong_length", m.ID, "", "")
		}
		inside, onGrid := false, false
		for _, w := range in.Windows {
			if pl.Start.Before(w.Start) || w.End.Before(pl.End) {
				continue
			}
			inside = true
			step := in.SlotLength + in.Break
			if off := pl.Start.Sub(w.Start); step > 0 && off%step == 0 {
				onGrid = true
			}
		}
		switch {
		case !inside:
			flag("outside_window", m.ID, "", "")
		case !onGrid:
			flag("off_grid", m.ID, "", "")
		}

		if r := rooms[pl.Room]; r == nil {
			flag("unknown_room", m.ID, "", pl.Room)
		} else {
			size := m.Size
			if size == 0 {
				size = len(m.People)
			}
			if r.Capacity < size {
				flag("room_too_small", m.ID, "", r.ID)
			}
			if busy(r.Unavailable, at) {
				flag("unavailable", m.ID, "", r.ID)
			}
		}

		if pl.Interpreter == "" {
			if m.Interpretation != nil {
				flag("missing_interpreter", m.ID, "", m.Interpretation.A+"-"+m.Interpretation.B)
			}
		} else if it := interps[pl.Interpreter]; it == nil {
			flag("unknown_interpreter", m.ID, "", pl.Interpreter)
		} else {
			if m.Interpretation != nil {
				has := false
				for _, q := range it.Pairs {
					a, b := m.Interpretation.A, m.Interpretation.B
					if (q.A == a && q.B == b) || (q.A == b && q.B == a) {
						has = true
					}
				}
				if !has {
					flag("interpreter_pair", m.ID, "", it.ID)
				}
			}
			if busy(it.Unavailable, at) {
				flag("unavailable", m.ID, "", it.ID)
			}
		}

		for _, pid := range m.People {
			if pe := people[pid]; pe != nil && busy(pe.Unavailable, at) {
				flag("unavailable", m.ID, "", pid)
			}
		}
		for _, did := range m.Delegations {
			if d := dels[did]; d != nil && busy(d.Unavailable, at) {
				flag("unavailable", m.ID, "", did)
			}
		}

		if l := m.Locked; l != nil && (!l.Start.Equal(pl.Start) || !l.End.Equal(pl.End) || l.Room != pl.Room || l.Interpreter != pl.Interpreter) {
			flag("locked_moved", m.ID, "", "")
		}
	}

	// Pairs of placements: anything they share needs Break between them.
	for i := range placements {
		a, ma := placements[i], known[i]
		if ma == nil {
			continue
		}
		for j := i + 1; j < len(placements); j++ {
			b, mb := placements[j], known[j]
			if mb == nil {
				continue
			}
			if !a.Start.Before(b.End.Add(in.Break)) || !b.Start.Before(a.End.Add(in.Break)) {
				continue
			}
			for _, pa := range ma.People {
				for _, pb := range mb.People {
					if pa == pb {
						flag("person_overlap", ma.ID, mb.ID, pa)
					}
				}
			}
			for _, da := range ma.Delegations {
				for _, db := range mb.Delegations {
					if da == db {
						flag("delegation_overlap", ma.ID, mb.ID, da)
					}
				}
			}
			if a.Room == b.Room {
				flag("room_overlap", ma.ID, mb.ID, a.Room)
			}
			if a.Interpreter != "" && a.Interpreter == b.Interpreter {
				flag("interpreter_overlap", ma.ID, mb.ID, a.Interpreter)
			}
		}
	}
	return out
}
