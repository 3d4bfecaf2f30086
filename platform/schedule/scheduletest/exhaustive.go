// Package scheduletest holds what tests and benchmarks of package schedule
// share: an exhaustive search for the optimum of small instances, written
// apart from the solver, against which the solver is measured.
package scheduletest

import (
	"slices"
	"time"

	"github.com/ca-uncac/hub/platform/schedule"
)

// ExhaustiveOptimum is the most meetings any valid schedule of in places,
// found by trying every slot or none for every meeting, and for each slot
// every way of giving its meetings rooms and interpreters. It is written
// apart from the solver and shares none of its code: its own grid, its own
// availability and conflict tests, plain backtracking where the solver
// matches. Meetings of different slots never share a room or an
// interpreter here because Synthetic's small windows lie an hour apart
// (more than any break); people and delegations are checked across slots
// anyway. The only pruning: a branch cannot place more meetings than those
// remaining that still have a slot where none of their people and
// delegations is taken and a room is left, nor more than the rooms left in
// each slot, or the delegations not yet meeting there, could take of them.
func ExhaustiveOptimum(in schedule.Instance) int {
	count, _ := ExhaustiveBest(in, false)
	return count
}

// ExhaustiveBest is ExhaustiveOptimum that, with priority, also finds the
// most priority a schedule of that many meetings can have (the solver's
// last aim), pruning a branch by count and then by the sum of the
// highest priorities that remain. It ignores in.Published.
func ExhaustiveBest(in schedule.Instance, priority bool) (count, prio int) {
	in.Published = nil
	count, _, prio = exhaustive(in, priority)
	return count, prio
}

// ExhaustiveResolve is the solver's whole objective, found by the same
// exhaustive search: the most meetings any valid schedule places; the
// fewest published meetings (in.Published, the last placement of each
// meeting) a schedule of that count moves, a move being a published
// meeting not placed at exactly its published time, room and interpreter
// (a published meeting the instance no longer has is always one); and the
// most priority a schedule of that count and those moves has. For each
// slot it tries every way of giving its meetings rooms and interpreters,
// keeping the most published ones where they were.
func ExhaustiveResolve(in schedule.Instance) (count, moves, prio int) {
	return exhaustive(in, true)
}

func exhaustive(in schedule.Instance, priority bool) (count, moves, prio int) {
	var grid [][2]time.Time
	for _, w := range in.Windows {
		for t := w.Start; !t.Add(in.SlotLength).After(w.End); t = t.Add(in.SlotLength + in.Break) {
			grid = append(grid, [2]time.Time{t, t.Add(in.SlotLength)})
		}
	}
	away := func(list []schedule.Interval, g [2]time.Time) bool {
		for _, u := range list {
			if u.Start.Before(g[1]) && g[0].Before(u.End) {
				return true
			}
		}
		return false
	}
	personAway := map[string][]schedule.Interval{}
	for _, p := range in.People {
		personAway[p.ID] = p.Unavailable
	}
	delAway := map[string][]schedule.Interval{}
	for _, d := range in.Delegations {
		delAway[d.ID] = d.Unavailable
	}
	n := len(in.Meetings)
	// ok[m][g]: the meeting's people and delegations are free in slot g
	// (and a locked meeting is locked there).
	ok := make([][]bool, n)
	for mi, m := range in.Meetings {
		ok[mi] = make([]bool, len(grid))
		for g, sl := range grid {
			free := m.Locked == nil || (m.Locked.Start.Equal(sl[0]) && m.Locked.End.Equal(sl[1]))
			for _, p := range m.People {
				free = free && !away(personAway[p], sl)
			}
			for _, d := range m.Delegations {
				free = free && !away(delAway[d], sl)
			}
			ok[mi][g] = free
		}
	}
	roomOK := func(mi int, r schedule.Room, g int) bool {
		m := in.Meetings[mi]
		size := m.Size
		if size == 0 {
			size = len(m.People)
		}
		return r.Capacity >= size && !away(r.Unavailable, grid[g]) && (m.Locked == nil || m.Locked.Room == r.ID)
	}
	interOK := func(mi int, it schedule.Interpreter, g int) bool {
		m := in.Meetings[mi]
		if m.Locked != nil && m.Locked.Interpreter != it.ID {
			return false
		}
		if away(it.Unavailable, grid[g]) {
			return false
		}
		if m.Interpretation == nil {
			return true
		}
		for _, q := range it.Pairs {
			if (q.A == m.Interpretation.A && q.B == m.Interpretation.B) || (q.A == m.Interpretation.B && q.B == m.Interpretation.A) {
				return true
			}
		}
		return false
	}
	interpreted := func(mi int) bool {
		m := in.Meetings[mi]
		return m.Interpretation != nil || (m.Locked != nil && m.Locked.Interpreter != "")
	}
	// assignable tries every way to give the meetings of group distinct
	// rooms, then distinct interpreters to those that take one.
	assignable := func(group []int, g int) bool {
		usedR := map[string]bool{}
		var rooms func(k int) bool
		rooms = func(k int) bool {
			if k == len(group) {
				return true
			}
			for _, r := range in.Rooms {
				if !usedR[r.ID] && roomOK(group[k], r, g) {
					usedR[r.ID] = true
					if rooms(k + 1) {
						return true
					}
					usedR[r.ID] = false
				}
			}
			return false
		}
		if !rooms(0) {
			return false
		}
		usedI := map[string]bool{}
		var inters func(k int) bool
		inters = func(k int) bool {
			if k == len(group) {
				return true
			}
			if !interpreted(group[k]) {
				return inters(k + 1)
			}
			for _, it := range in.Interpreters {
				if !usedI[it.ID] && interOK(group[k], it, g) {
					usedI[it.ID] = true
					if inters(k + 1) {
						return true
					}
					usedI[it.ID] = false
				}
			}
			return false
		}
		return inters(0)
	}
	shares := func(a, b int) bool {
		ma, mb := in.Meetings[a], in.Meetings[b]
		for _, d := range ma.Delegations {
			if d == mb.Delegations[0] || d == mb.Delegations[1] {
				return true
			}
		}
		for _, p := range ma.People {
			for _, q := range mb.People {
				if p == q {
					return true
				}
			}
		}
		return false
	}
	close := func(g, h int) bool {
		return grid[g][0].Before(grid[h][1].Add(in.Break)) && grid[h][0].Before(grid[g][1].Add(in.Break))
	}
	slotOf := make([]int, n)
	for i := range slotOf {
		slotOf[i] = -1
	}
	groups := make([][]int, len(grid))
	free := func(mi, g int) bool {
		if !ok[mi][g] || len(groups[g]) >= len(in.Rooms) {
			return false
		}
		for other, h := range slotOf {
			if h >= 0 && close(g, h) && shares(mi, other) {
				return false
			}
		}
		return true
	}
	// top[i][k] is the sum of the k highest priorities among meetings i….
	top := make([][]int, n+1)
	for i := n; i >= 0; i-- {
		var ps []int
		for k := i; k < n; k++ {
			ps = append(ps, in.Meetings[k].Priority)
		}
		slices.Sort(ps)
		slices.Reverse(ps)
		top[i] = make([]int, len(ps)+1)
		for k, v := range ps {
			top[i][k+1] = top[i][k] + v
		}
	}
	// The published placements: the last of each meeting; those of
	// meetings the instance does not have are moves whatever happens.
	pub := make([]*schedule.Placement, n)
	lost := 0
	{
		last := map[string]schedule.Placement{}
		var ids []string
		for _, pl := range in.Published {
			if _, seen := last[pl.Meeting]; !seen {
				ids = append(ids, pl.Meeting)
			}
			last[pl.Meeting] = pl
		}
		for _, id := range ids {
			found := false
			for mi, m := range in.Meetings {
				if m.ID == id {
					pl := last[id]
					pub[mi], found = &pl, true
				}
			}
			if !found {
				lost++
			}
		}
	}
	// keptIn is the most published meetings of slot g's group that some
	// assignment of rooms and interpreters keeps exactly where they were.
	keptIn := func(group []int, g int) int {
		best := -1
		usedR, usedI := map[string]bool{}, map[string]bool{}
		roomOf := make([]string, len(group))
		var inters func(k, kept int)
		inters = func(k, kept int) {
			if k == len(group) {
				best = max(best, kept)
				return
			}
			mi := group[k]
			p := pub[mi]
			here := p != nil && p.Start.Equal(grid[g][0]) && p.End.Equal(grid[g][1]) && p.Room == roomOf[k]
			if !interpreted(mi) {
				if here && p.Interpreter == "" {
					kept++
				}
				inters(k+1, kept)
				return
			}
			for _, it := range in.Interpreters {
				if !usedI[it.ID] && interOK(mi, it, g) {
					usedI[it.ID] = true
					add := 0
					if here && p.Interpreter == it.ID {
						add = 1
					}
					inters(k+1, kept+add)
					usedI[it.ID] = false
				}
			}
		}
		var rooms func(k int)
		rooms = func(k int) {
			if k == len(group) {
				inters(0, 0)
				return
			}
			for _, r := range in.Rooms {
				if !usedR[r.ID] && roomOK(group[k], r, g) {
					usedR[r.ID] = true
					roomOf[k] = r.ID
					rooms(k + 1)
					usedR[r.ID] = false
				}
			}
		}
		rooms(0)
		return best
	}
	nPub := lost
	for _, p := range pub {
		if p != nil {
			nPub++
		}
	}
	// off counts the decided meetings with a published placement that are
	// not in its slot: moves no completion undoes.
	off := lost
	bestN, bestM, bestP := 0, nPub, 0
	var rec func(i, placed, prio int)
	rec = func(i, placed, prio int) {
		if placed > bestN || (placed == bestN && off <= bestM) {
			// The schedule so far, the rest left out.
			kept := 0
			for g, group := range groups {
				if len(group) > 0 && nPub > 0 {
					kept += keptIn(group, g)
				}
			}
			mv := nPub - kept
			if placed > bestN || mv < bestM || (mv == bestM && prio > bestP) {
				bestN, bestM, bestP = placed, mv, prio
			}
		}
		could, perSlot := 0, make([]int, len(grid))
		for k := i; k < n; k++ {
			any := false
			for g := range grid {
				if free(k, g) {
					any = true
					perSlot[g]++
				}
			}
			if any {
				could++
			}
		}
		room := 0
		for g := range grid {
			// Each meeting of a slot takes two delegations of its own.
			room += min(perSlot[g], len(in.Rooms)-len(groups[g]), (len(in.Delegations)-2*len(groups[g]))/2)
		}
		more := min(could, room)
		if placed+more < bestN || (placed+more == bestN && (!priority || off > bestM || (off == bestM && prio+top[i][more] <= bestP))) {
			return
		}
		if i == n {
			return
		}
		// onGrid reports whether meeting i's published placement is in
		// slot g: anywhere else (or left out) is a move.
		onGrid := func(g int) bool {
			p := pub[i]
			return p != nil && p.Start.Equal(grid[g][0]) && p.End.Equal(grid[g][1])
		}
		for g := range grid {
			if !free(i, g) {
				continue
			}
			groups[g] = append(groups[g], i)
			if assignable(groups[g], g) {
				slotOf[i] = g
				d := 0
				if pub[i] != nil && !onGrid(g) {
					d = 1
				}
				off += d
				rec(i+1, placed+1, prio+in.Meetings[i].Priority)
				off -= d
				slotOf[i] = -1
			}
			groups[g] = groups[g][:len(groups[g])-1]
		}
		d := 0
		if pub[i] != nil {
			d = 1
		}
		off += d
		rec(i+1, placed, prio)
		off -= d
	}
	rec(0, 0, 0)
	return bestN, bestM, bestP
}
