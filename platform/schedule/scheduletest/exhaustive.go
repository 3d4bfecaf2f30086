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
// second aim), pruning a branch by count and then by the sum of the
// highest priorities that remain.
func ExhaustiveBest(in schedule.Instance, priority bool) (count, prio int) {
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
	bestN, bestP := 0, 0
	var rec func(i, placed, prio int)
	rec = func(i, placed, prio int) {
		if placed > bestN || (placed == bestN && prio > bestP) {
			bestN, bestP = placed, prio
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
		if placed+more < bestN || (placed+more == bestN && (!priority || prio+top[i][more] <= bestP)) {
			return
		}
		for g := range grid {
			if !free(i, g) {
				continue
			}
			groups[g] = append(groups[g], i)
			if assignable(groups[g], g) {
				slotOf[i] = g
				rec(i+1, placed+1, prio+in.Meetings[i].Priority)
				slotOf[i] = -1
			}
			groups[g] = groups[g][:len(groups[g])-1]
		}
		rec(i+1, placed, prio)
	}
	rec(0, 0, 0)
	return bestN, bestP
}
