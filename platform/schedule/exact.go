package schedule

import (
	"math/bits"
	"sort"
)

// exactly runs exact again and again, each time with new random orders of
// the slots and twice the nodes, until one completes or the time box ends;
// the best schedule found carries over. It reports whether one completed.
func (sv *solver) exactly(countOnly bool) bool {
	for limit := 4096; !sv.expired(); limit *= 2 {
		if sv.exact(countOnly, limit) {
			return true
		}
	}
	return false
}

// roomFor bounds how many of the unplaced meetings rest could join the
// schedule: each needs a slot where its people and delegations are free;
// a slot takes no more than its free rooms, nor more than half its
// delegations not yet meeting there; and a delegation (a person) whose
// meetings among rest have fewer free slots between them than there are
// meetings loses the difference at least (half of the delegations' sum,
// since a meeting has two; the largest of one person's).
func (sv *solver) roomFor(rest []int) int {
	st, p := sv.st, sv.p
	S := len(p.slots)
	per := sv.perSlot[:0]
	for range p.slots {
		per = append(per, 0)
	}
	sv.perSlot = per
	masks := S <= 64
	if masks && sv.delMask == nil {
		sv.delMask = make([]uint64, len(p.in.Delegations))
		sv.delCnt = make([]int, len(p.in.Delegations))
		sv.perMask = make([]uint64, len(p.in.People))
		sv.perCnt = make([]int, len(p.in.People))
	}
	could := 0
	for _, mi := range rest {
		var m uint64
		x := &p.ms[mi]
		for _, s := range x.cand {
			if st.free(mi, s) {
				per[s]++
				m |= 1 << uint(s)
			}
		}
		if m == 0 {
			continue
		}
		could++
		if masks {
			for _, d := range x.dels {
				sv.delMask[d] |= m
				sv.delCnt[d]++
			}
			for _, pe := range x.people {
				sv.perMask[pe] |= m
				sv.perCnt[pe]++
			}
		}
	}
	lost := 0
	if masks {
		sum := 0
		for d, m := range sv.delMask {
			sum += max(0, sv.delCnt[d]-bits.OnesCount64(m))
			sv.delMask[d], sv.delCnt[d] = 0, 0
		}
		lost = (sum + 1) / 2
		for pe, m := range sv.perMask {
			lost = max(lost, sv.perCnt[pe]-bits.OnesCount64(m))
			sv.perMask[pe], sv.perCnt[pe] = 0, 0
		}
	}
	room := 0
	D := len(p.in.Delegations)
	for s, c := range per {
		room += min(c, p.freeRooms[s]-len(st.at[s]), (D-2*len(st.at[s]))/2)
	}
	return min(could-lost, room)
}

// exact runs a branch and bound over the meetings that are not locked, from
// the locked ones alone, for a schedule better (by count, then fewer moves
// of published meetings, then priority; by count only when countOnly) than
// the current one. It leaves the state at the best schedule found and
// reports whether the search completed, which proves that schedule optimal
// in count (and in moves and priority).
//
// Meetings are decided one by one: counting only, those with fewer
// candidate slots first; otherwise those with a published placement that
// still holds first (their published slot is tried first, so the first
// schedules found keep them), then higher priority, then fewer candidate
// slots. Each is tried in each of its candidate slots where it fits, then
// left out. A branch is cut when even placing as many of the remaining
// meetings as roomFor allows cannot beat the best: with no more moves than
// those already decided (a published meeting left out or put elsewhere)
// and the highest priorities among the remaining meetings. Counting only,
// a branch that can at most equal the best is cut too, which is why that
// search completes on instances where the full one does not.
//
// The search gives up after limit nodes: searches like this one take
// very different times with different orders of the slots (a heavy tail),
// so exactly restarts it with new random orders and doubling limits.
func (sv *solver) exact(countOnly bool, limit int) bool {
	st, p := sv.st, sv.p
	// Not counting only, schedules compare by their moves as Result.Moves
	// counts them, rooms and interpreters changed included (movedAll);
	// st.moved, which counts slots only, is no more and so bounds them.
	snap := func() snapshot {
		sn := sv.snap()
		if !countOnly {
			sn.sc.moved = sv.movedAll()
		}
		return sn
	}
	best := snap()
	logging := st.logging
	st.logging = false
	defer func() { st.logging = logging }()
	var order []int
	for mi, x := range p.ms {
		if x.lock == nil && len(x.cand) > 0 {
			order = append(order, mi)
			if st.slot[mi] >= 0 {
				st.remove(mi)
			}
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := &p.ms[order[a]], &p.ms[order[b]]
		if !countOnly {
			if (x.pub != nil) != (y.pub != nil) {
				return x.pub != nil
			}
			if x.prio != y.prio {
				return x.prio > y.prio
			}
		}
		return len(x.cand) < len(y.cand)
	})
	n := len(order)
	// pubRest[i] counts the meetings of order[i:] with a published
	// placement: while undecided they are out, so st.moved counts each,
	// and st.moved-pubRest[i] is the moves already decided, which no
	// completion undoes. top[i][k] is the most priority k meetings of
	// order[i:] can add (the sum of their k highest).
	pubRest := make([]int, n+1)
	var top [][]int
	if !countOnly {
		top = make([][]int, n+1)
		for i := n - 1; i >= 0; i-- {
			pubRest[i] = pubRest[i+1]
			if p.ms[order[i]].pub != nil {
				pubRest[i]++
			}
			ps := make([]int, 0, n-i)
			for _, mi := range order[i:] {
				ps = append(ps, p.ms[mi].prio)
			}
			sort.Sort(sort.Reverse(sort.IntSlice(ps)))
			top[i] = make([]int, n-i+1)
			for k, v := range ps {
				top[i][k+1] = top[i][k] + v
			}
		}
		top[n] = []int{0}
	}
	capLeft := 0
	for s := range p.slots {
		capLeft += p.freeRooms[s] - len(st.at[s])
	}
	slots := make([][]int, n)
	for i, mi := range order {
		slots[i] = sv.slotOrder(mi)
	}
	nodes, aborted := 0, false
	var rec func(i int)
	rec = func(i int) {
		nodes++
		if nodes > limit || (nodes&1023 == 0 && sv.expired()) {
			aborted = true
		}
		if aborted {
			return
		}
		k := min(n-i, capLeft, sv.roomFor(order[i:]))
		c := st.count + k
		if c < best.sc.count {
			return
		}
		if c == best.sc.count {
			if countOnly {
				return
			}
			// Any completion of this count makes at least the moves
			// decided so far and adds at most top[i][k] priority.
			mv := st.moved - pubRest[i]
			if mv > best.sc.moved || (mv == best.sc.moved && st.prio+top[i][k] <= best.sc.prio) {
				return
			}
		}
		if i == n {
			if sn := snap(); sn.sc.better(best.sc) {
				best = sn
			}
			return
		}
		mi := order[i]
		for _, s := range slots[i] {
			if st.canAdd(mi, s) {
				st.place(mi, s)
				capLeft--
				rec(i + 1)
				st.remove(mi)
				capLeft++
			}
		}
		rec(i + 1)
	}
	rec(0)
	sv.restore(best)
	return !aborted
}
