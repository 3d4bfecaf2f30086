package schedule

import (
	"math/bits"
	"sort"
)

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
// the locked ones alone, for a schedule better (by count, then priority)
// than the current one. It leaves the state at the best schedule found and
// reports whether the search completed, which proves that schedule optimal
// in count and priority.
//
// Meetings are decided one by one, higher priority first: in each of its
// candidate slots where it fits, then left out. A branch is cut when even
// placing as many of the remaining meetings as the free (slot, room) pairs
// allow, with the highest priorities among them, cannot beat the best.
func (sv *solver) exact() bool {
	st, p := sv.st, sv.p
	best := sv.snap()
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
		if x.prio != y.prio {
			return x.prio > y.prio
		}
		return len(x.cand) < len(y.cand)
	})
	n := len(order)
	// pre[i] is the sum of the priorities of order[:i]; as order is by
	// priority, pre[i+k]-pre[i] is the most k of order[i:] can add.
	pre := make([]int, n+1)
	for i, mi := range order {
		pre[i+1] = pre[i] + p.ms[mi].prio
	}
	capLeft := 0
	for s := range p.slots {
		capLeft += p.freeRooms[s] - len(st.at[s])
	}
	slots := make([][]int, n)
	for i, mi := range order {
		slots[i] = sv.slotOrder(mi)
		sort.Ints(slots[i][min(1, len(slots[i])):])
	}
	nodes, aborted := 0, false
	var rec func(i int)
	rec = func(i int) {
		nodes++
		if nodes&1023 == 0 && sv.expired() {
			aborted = true
		}
		if aborted {
			return
		}
		k := min(n-i, capLeft, sv.roomFor(order[i:]))
		if c := st.count + k; c < best.sc.count || (c == best.sc.count && st.prio+pre[i+k]-pre[i] <= best.sc.prio) {
			return
		}
		if i == n {
			best = sv.snap()
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
