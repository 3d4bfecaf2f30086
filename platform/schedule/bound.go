package schedule

import "slices"

// upperBound proves how many meetings any schedule could place, as the
// least of several relaxations, each solved exactly. Each drops some rules,
// so every valid schedule is also a solution of the relaxation, and the
// relaxation's optimum is at least the schedule's count:
//
//   - alone: a placed meeting has a slot where it could be alone (its
//     people, delegations, a room that seats it and an interpreter with its
//     pair all free), so at most the meetings with a candidate slot;
//   - rooms: a schedule gives each placed meeting a distinct (slot, room)
//     pair where the room is free and seats it (two meetings in one room at
//     one time would overlap), so at most a maximum matching of meetings to
//     such pairs;
//   - interpreters: likewise each interpreted meeting takes a distinct
//     (slot, interpreter) pair, so at most a maximum matching of those plus
//     the meetings that need none;
//   - delegations and people: a delegation (a person) meets at most once per
//     slot, so of its meetings at most a maximum matching of them to its
//     free candidate slots are placed; the rest, its excess, are unplaced.
//     A meeting is of two delegations, so at least half the sum of the
//     delegations' excesses is unplaced; and at least the largest excess of
//     one person.
//
// Locked meetings count with their one placement (or not at all when it is
// invalid: a locked meeting is never moved). When the solver drops slots of
// overlapping windows (never for the store's windows), its candidate slots
// are not all the grid's, so only the count of meetings that some room seats
// and some interpreter serves is a bound. Past the time box (expired), the
// relaxations not yet solved are skipped: the least of the others is still
// a bound.
func upperBound(p *problem, expired func() bool) int {
	if p.dropped {
		n := 0
		for _, x := range p.ms {
			if !x.lockBad && len(x.rooms) > 0 && (!x.needs || len(x.interps) > 0) && len(p.grid) > 0 {
				n++
			}
		}
		return n
	}
	S, nR, nI := len(p.slots), len(p.roomCap), len(p.intFree)
	var placeable []int
	for mi := range p.ms {
		if len(p.ms[mi].cand) > 0 {
			placeable = append(placeable, mi)
		}
	}
	best := len(placeable)
	var mt matcher

	adj := make([][]int, 0, len(placeable))
	for _, mi := range placeable {
		x := &p.ms[mi]
		var e []int
		for _, s := range x.cand {
			for _, r := range x.roomsAt[s] {
				e = append(e, s*nR+r)
			}
		}
		adj = append(adj, e)
	}
	best = min(best, mt.run(adj, S*nR, false))
	if expired() {
		return best
	}

	adj = adj[:0]
	plain := 0
	for _, mi := range placeable {
		x := &p.ms[mi]
		if !x.interpreted() {
			plain++
			continue
		}
		var e []int
		for _, s := range x.cand {
			for _, i := range x.intsAt[s] {
				e = append(e, s*nI+i)
			}
		}
		adj = append(adj, e)
	}
	if len(adj) > 0 {
		best = min(best, plain+mt.run(adj, S*nI, false))
	}
	if expired() {
		return best
	}

	// excess returns, for each group of meetings, how many of them cannot
	// have distinct slots.
	excess := func(groups [][]int) []int {
		out := make([]int, len(groups))
		for g, list := range groups {
			if len(list) <= 1 {
				continue
			}
			adj := make([][]int, len(list))
			for k, mi := range list {
				adj[k] = p.ms[mi].cand
			}
			out[g] = len(list) - mt.run(adj, S, false)
		}
		return out
	}
	byDel := make([][]int, len(p.in.Delegations))
	byPer := make([][]int, len(p.in.People))
	for _, mi := range placeable {
		x := &p.ms[mi]
		for _, d := range x.dels {
			byDel[d] = append(byDel[d], mi)
		}
		for _, pe := range x.people {
			byPer[pe] = append(byPer[pe], mi)
		}
	}
	sum := 0
	for _, e := range excess(byDel) {
		sum += e
	}
	lost := (sum + 1) / 2
	for _, e := range excess(byPer) {
		lost = max(lost, e)
	}
	return min(best, len(placeable)-lost)
}

// priorityBound is the most priority count meetings could have: the sum of
// the count highest priorities of meetings with a candidate slot.
func priorityBound(p *problem, count int) int {
	var ps []int
	for _, x := range p.ms {
		if len(x.cand) > 0 {
			ps = append(ps, x.prio)
		}
	}
	slices.Sort(ps)
	slices.Reverse(ps)
	sum := 0
	for k := 0; k < count && k < len(ps); k++ {
		sum += ps[k]
	}
	return sum
}

// priorityBoundKept is the most priority count meetings could have when
// every published meeting whose placement still holds stays (no moves):
// theirs, plus the count-kept highest priorities of the other meetings
// with a candidate slot. Once a schedule places count meetings with no
// moves, count and moves are optimal and this bounds what is left to gain:
// after a room withdrawn from a full conference it is already reached.
func priorityBoundKept(p *problem, count int) int {
	sum, kept := 0, 0
	var ps []int
	for _, x := range p.ms {
		switch {
		case x.pub != nil:
			sum += x.prio
			kept++
		case len(x.cand) > 0:
			ps = append(ps, x.prio)
		}
	}
	slices.Sort(ps)
	slices.Reverse(ps)
	for k := 0; k < count-kept && k < len(ps); k++ {
		sum += ps[k]
	}
	return sum
}
