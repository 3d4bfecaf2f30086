package schedule

import (
	"context"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"time"
)

// How Solve works (see also state.go and bound.go).
//
// Meetings in different slots never conflict (Slots), so a schedule is a
// choice of slot per meeting such that in each slot the meetings share no
// delegation or person, and can be given distinct rooms that seat them and
// distinct interpreters with their pairs: two bipartite matchings, tiny
// (a slot holds at most as many meetings as there are rooms). Rooms and
// interpreters are fixed only at the end.
//
// 1. Each meeting's candidate slots are those where it could be alone.
//    Locked meetings are fixed first (or reported ReasonLockedInvalid);
//    then published meetings whose placement still holds, in their slots.
// 2. A greedy places the others, higher priority first, then those with
//    fewer candidate slots (the scarcer first).
// 3. Local search until the time box, the proven bound, or a long stall:
//    each unplaced meeting is inserted by an ejection chain (it takes a slot
//    whose one or two blocking meetings move to other slots, recursively
//    to a small depth), or it replaces a lower-priority meeting that is
//    not in its published place (a published meeting gives way only to
//    place more); then a perturbation (a few random meetings out,
//    everything reinserted in a random order) and the search again,
//    keeping the best schedule by the objective: count, then fewest
//    published meetings moved, then priority. After each round, published
//    meetings moved for nothing go back (restorePass).
// 4. When the count is short of the bound, an exact branch and bound
//    (exact.go), restarted with new orders and growing node limits, proves
//    the count optimal or finds a better schedule; on small instances,
//    another then does the same for the moves and the priority.
// 5. Rooms and interpreters per slot by matching, keeping the most
//    published meetings in their rooms with their interpreters (assign).
//
// The local search counts a published meeting as moved when it is not in
// its published slot (st.moved); that it keeps its room and interpreter
// there is left to assign and polish, which moves a meeting that would
// take them to a slot where it disturbs nobody. The exact search counts
// moves as Result.Moves does, room and interpreter changes included
// (movedAll), with st.moved as its bound; on 2000 small instances
// re-solved after a change it matched the exhaustive optimum of count,
// moves and priority (exhaustive_test.go runs 200).
//
// The upper bound (bound.go) is the least of exact solutions of several
// relaxations, and the branch and bound's optimum when it completes.

// DefaultTimeBox is the time box when Options.TimeBox is 0.
const DefaultTimeBox = 2 * time.Second

// exactLimit is how many meetings to be placed the branch and bound takes
// on to prove the moves and the priority optimal once the count is (the count it always
// tries to prove, within the time box); beyond, it rarely completes.
const exactLimit = 40

type solver struct {
	p        *problem
	st       *state
	rng      *rand.Rand
	ctx      context.Context
	deadline time.Time
	expiredF bool
	tabu     []bool
	depth    int
	// scratch of the exact search's bound
	perSlot          []int
	delMask, perMask []uint64
	delCnt, perCnt   []int
}

// Solve places as many of the instance's meetings as it can (see the
// package comment and the comment above) within opt.TimeBox, or before ctx
// ends, whichever is first. Its only error is Validate's: an instance with
// no feasible placement gives an empty or partial schedule, each meeting
// not placed with its reason.
func Solve(ctx context.Context, in Instance, opt Options) (Result, error) {
	began := time.Now()
	if err := in.Validate(); err != nil {
		return Result{}, err
	}
	box := opt.TimeBox
	if box <= 0 {
		box = DefaultTimeBox
	}
	deadline := began.Add(box)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	p := newProblem(&in)
	sv := &solver{p: p, st: newState(p), rng: rand.New(rand.NewPCG(uint64(opt.Seed), 0x5ca1ab1e)),
		ctx: ctx, deadline: deadline, tabu: make([]bool, len(p.ms)), depth: 2}
	if len(p.ms) > 150 {
		sv.depth = 1
	}
	ub := upperBound(p, sv.expired)
	pbound := priorityBound(p, ub)
	if len(in.Published) > 0 {
		pbound = min(pbound, priorityBoundKept(p, ub))
	}
	sv.initial()
	sv.improve(ub, pbound)
	optimal := sv.st.count >= ub
	if !optimal && !sv.expired() {
		if sv.exactly(true) && !p.dropped {
			ub, optimal = sv.st.count, true
		}
		sv.tidy()
	}
	if optimal && (sv.movedAll() > 0 || sv.st.prio < pbound) && !sv.expired() && sv.free() <= exactLimit {
		sv.exactly(false)
		sv.tidy()
	}
	sv.polish()
	res := sv.result()
	res.UpperBound = max(ub, res.Placed)
	res.Optimal = optimal
	res.TimedOut = sv.expiredF && !optimal
	res.Elapsed = time.Since(began)
	return res, nil
}

// expired reports whether the time box is over or ctx ended.
func (sv *solver) expired() bool {
	if sv.expiredF {
		return true
	}
	if time.Now().After(sv.deadline) || sv.ctx.Err() != nil {
		sv.expiredF = true
	}
	return sv.expiredF
}

// free counts the meetings with candidate slots that are not locked.
func (sv *solver) free() int {
	n := 0
	for _, x := range sv.p.ms {
		if x.lock == nil && len(x.cand) > 0 {
			n++
		}
	}
	return n
}

// initial places locked meetings, then published ones that still hold
// where they were, then the rest greedily.
func (sv *solver) initial() {
	st, p := sv.st, sv.p
	for mi, x := range p.ms {
		if x.lock != nil {
			st.place(mi, x.lock.slot)
		}
	}
	var pubs []int
	for mi, x := range p.ms {
		if x.pub != nil {
			pubs = append(pubs, mi)
		}
	}
	sort.SliceStable(pubs, func(a, b int) bool { return p.ms[pubs[a]].prio > p.ms[pubs[b]].prio })
	for _, mi := range pubs {
		if s := p.ms[mi].pub.slot; st.canAdd(mi, s) {
			st.place(mi, s)
		}
	}
	for k, mi := range sv.order(false) {
		if k%64 == 63 && sv.expired() {
			return
		}
		if x := &p.ms[mi]; x.hasPubSlot && st.canAdd(mi, x.pubSlot) {
			st.place(mi, x.pubSlot)
			continue
		}
		for _, s := range p.ms[mi].cand {
			if st.canAdd(mi, s) {
				st.place(mi, s)
				break
			}
		}
	}
}

// order lists the unplaced meetings with candidate slots, higher priority
// first, then fewer candidates (shuffled among equals when shuffle).
func (sv *solver) order(shuffle bool) []int {
	p, st := sv.p, sv.st
	var list []int
	for mi := range p.ms {
		if st.slot[mi] < 0 && len(p.ms[mi].cand) > 0 && p.ms[mi].lock == nil {
			list = append(list, mi)
		}
	}
	if shuffle {
		sv.rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		sort.SliceStable(list, func(a, b int) bool { return p.ms[list[a]].prio > p.ms[list[b]].prio })
		return list
	}
	sort.SliceStable(list, func(a, b int) bool {
		x, y := &p.ms[list[a]], &p.ms[list[b]]
		if x.prio != y.prio {
			return x.prio > y.prio
		}
		return len(x.cand) < len(y.cand)
	})
	return list
}

// slotOrder is the order in which to try meeting mi's slots: its published
// slot first (its published time, when only its room or interpreter is
// gone), then the others in a random order.
func (sv *solver) slotOrder(mi int) []int {
	x := &sv.p.ms[mi]
	out := make([]int, 0, len(x.cand))
	first := -1
	if x.pub != nil {
		first = x.pub.slot
	} else if x.hasPubSlot {
		first = x.pubSlot
	}
	if first >= 0 {
		out = append(out, first)
	}
	k := len(out)
	for _, s := range x.cand {
		if s != first {
			out = append(out, s)
		}
	}
	rest := out[k:]
	sv.rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	return out
}

// snapshot is a schedule to return to.
type snapshot struct {
	slot []int
	sc   score
}

func (sv *solver) snap() snapshot {
	return snapshot{slot: append([]int(nil), sv.st.slot...), sc: sv.st.score()}
}

func (sv *solver) restore(sn snapshot) {
	st := sv.st
	logging := st.logging
	st.logging = false
	for mi, s := range st.slot {
		if s >= 0 && sn.slot[mi] != s {
			st.remove(mi)
		}
	}
	for mi, s := range sn.slot {
		if s >= 0 && st.slot[mi] != s {
			st.place(mi, s)
		}
	}
	st.journal = st.journal[:0]
	st.logging = logging
}

// improve runs the local search until the time box, the bounds or a stall.
func (sv *solver) improve(ub, pbound int) {
	st := sv.st
	st.logging = true
	defer func() { st.logging = false; st.journal = st.journal[:0] }()
	sv.pass(false)
	sv.restorePass()
	best := sv.snap()
	stall := 0
	for !sv.expired() {
		if st.count >= ub && st.prio >= pbound && st.moved == 0 {
			break
		}
		if stall > 60+len(sv.p.ms) {
			break
		}
		sv.perturb()
		sv.pass(true)
		sv.restorePass()
		if sc := st.score(); sc.better(best.sc) {
			best = sv.snap()
			stall = 0
		} else if best.sc.better(sc) {
			sv.restore(best)
			stall++
		} else {
			stall++
		}
	}
	if best.sc.better(st.score()) {
		sv.restore(best)
	}
	// A restoration may have left room for a meeting tried before it.
	for _, u := range sv.order(false) {
		for _, s := range sv.p.ms[u].cand {
			if st.canAdd(u, s) {
				st.place(u, s)
				break
			}
		}
	}
}

// pass tries each unplaced meeting once: an insertion, else a swap.
func (sv *solver) pass(shuffle bool) {
	st := sv.st
	for _, u := range sv.order(shuffle) {
		if sv.expired() {
			return
		}
		if st.slot[u] >= 0 {
			continue
		}
		if !sv.tryInsert(u, sv.depth) {
			sv.trySwap(u)
		}
		st.journal = st.journal[:0]
	}
}

// restorePass tries to put each published meeting that is not in its
// published slot back there, moving the meetings in its way elsewhere; it
// keeps a change only when the schedule is better for it (by count, then
// fewer moves, then priority), so it undoes moves that bought no count,
// even at the cost of priority.
func (sv *solver) restorePass() {
	st := sv.st
	for mi := range sv.p.ms {
		x := &sv.p.ms[mi]
		if x.pub == nil || st.slot[mi] == x.pub.slot || sv.expired() {
			continue
		}
		before := st.score()
		mark := len(st.journal)
		s := x.pub.slot
		if st.slot[mi] >= 0 {
			st.remove(mi)
		}
		if st.canAdd(mi, s) {
			st.place(mi, s)
		} else if ej, ok := sv.ejectSet(mi, s); ok {
			for _, b := range ej {
				st.remove(b)
			}
			st.place(mi, s)
			sv.tabu[mi] = true
			for _, b := range ej {
				sv.tryInsert(b, sv.depth)
			}
			sv.tabu[mi] = false
		}
		if !st.score().better(before) {
			st.rollback(mark)
		}
		st.journal = st.journal[:0]
	}
}

// tidy puts back published meetings that the exact search moved for
// nothing (the count-only search does not count moves).
func (sv *solver) tidy() {
	st := sv.st
	st.logging = true
	sv.restorePass()
	st.logging = false
	st.journal = st.journal[:0]
}

// perturb takes a few random meetings out of the schedule.
func (sv *solver) perturb() {
	st := sv.st
	var placed []int
	for mi, s := range st.slot {
		if s >= 0 && sv.p.ms[mi].lock == nil {
			placed = append(placed, mi)
		}
	}
	if len(placed) == 0 {
		return
	}
	k := 1 + sv.rng.IntN(max(2, len(placed)/15))
	for range k {
		j := sv.rng.IntN(len(placed))
		st.remove(placed[j])
		placed[j] = placed[len(placed)-1]
		placed = placed[:len(placed)-1]
		if len(placed) == 0 {
			break
		}
	}
	st.journal = st.journal[:0]
}

// movable reports whether meeting b may be taken out of its slot by a chain.
func (sv *solver) movable(b int) bool {
	return !sv.tabu[b] && sv.p.ms[b].lock == nil
}

// ejectSet returns the meetings to take out of slot s so that meeting u
// fits there: those that share a delegation or person with it, plus at most
// one more for a room or an interpreter; ok is false when no set of at most
// two movable meetings will do.
func (sv *solver) ejectSet(u, s int) ([]int, bool) {
	st := sv.st
	b := st.blockers(u, s, nil)
	if len(b) > 2 {
		return nil, false
	}
	for _, m := range b {
		if !sv.movable(m) {
			return nil, false
		}
	}
	d1, d2 := -1, -1
	if len(b) > 0 {
		d1 = b[0]
	}
	if len(b) > 1 {
		d2 = b[1]
	}
	if st.fits(s, u, d1, d2) {
		return b, true
	}
	if len(b) == 2 {
		return nil, false
	}
	// Cheapest first: a meeting not in its published place, then of
	// lowest priority.
	bestW := -1
	for _, w := range st.at[s] {
		if w == d1 || !sv.movable(w) {
			continue
		}
		if bestW >= 0 && sv.cheaper(bestW, w, s) {
			continue
		}
		if st.fits(s, u, d1, w) {
			bestW = w
		}
	}
	if bestW < 0 {
		return nil, false
	}
	return append(b, bestW), true
}

// inPlace reports whether meeting w, in slot s, is in its published slot.
func (sv *solver) inPlace(w, s int) bool {
	pub := sv.p.ms[w].pub
	return pub != nil && pub.slot == s
}

// cheaper reports whether meeting a, in slot s, is no dearer to take out
// than meeting b: one in its published place is dearer (taking it out may
// cost a move), then the higher priority.
func (sv *solver) cheaper(a, b, s int) bool {
	pa, pb := sv.inPlace(a, s), sv.inPlace(b, s)
	if pa != pb {
		return pb
	}
	return sv.p.ms[a].prio <= sv.p.ms[b].prio
}

// tryInsert places unplaced meeting u, moving other meetings by an
// ejection chain of at most depth steps; it leaves the state unchanged when
// it fails.
func (sv *solver) tryInsert(u, depth int) bool {
	st := sv.st
	order := sv.slotOrder(u)
	for _, s := range order {
		if st.canAdd(u, s) {
			st.place(u, s)
			return true
		}
	}
	if depth == 0 || sv.expired() {
		return false
	}
	sv.tabu[u] = true
	defer func() { sv.tabu[u] = false }()
	for _, s := range order {
		ej, ok := sv.ejectSet(u, s)
		if !ok {
			continue
		}
		mark := len(st.journal)
		for _, b := range ej {
			st.remove(b)
		}
		st.place(u, s)
		all := true
		for _, b := range ej {
			if !sv.tryInsert(b, depth-1) {
				all = false
				break
			}
		}
		if all {
			return true
		}
		st.rollback(mark)
	}
	return false
}

// trySwap puts unplaced meeting u in the place of one meeting of lower
// priority, which then tries to find another slot. A meeting in its
// published place is never swapped out: that would trade a move for
// priority, and moves come first.
func (sv *solver) trySwap(u int) bool {
	st, p := sv.st, sv.p
	for _, s := range sv.slotOrder(u) {
		ej, ok := sv.ejectSet(u, s)
		if !ok || len(ej) != 1 || p.ms[ej[0]].prio >= p.ms[u].prio || sv.inPlace(ej[0], s) {
			continue
		}
		st.remove(ej[0])
		st.place(u, s)
		sv.tabu[u] = true
		sv.tryInsert(ej[0], sv.depth-1)
		sv.tabu[u] = false
		return true
	}
	return false
}

// changed counts the published meetings kept in slot s whose room or
// interpreter the assignment would change.
func (sv *solver) changed(s int) int {
	list := sv.st.at[s]
	rooms, interps := sv.assign(s, list)
	n := 0
	for k, mi := range list {
		if pub := sv.p.ms[mi].pub; pub != nil && pub.slot == s && (rooms[k] != pub.room || interps[k] != pub.interp) {
			n++
		}
	}
	return n
}

// movedAll counts the published meetings moved as Result.Moves will: those
// not in their published slot (st.moved) and those in it that assign gives
// another room or interpreter.
func (sv *solver) movedAll() int {
	n := sv.st.moved
	for s := range sv.p.slots {
		if len(sv.st.at[s]) > 0 {
			n += sv.changed(s)
		}
	}
	return n
}

// polish moves meetings out of slots where they would take a kept
// published meeting's room or interpreter, to slots where they disturb
// nobody, or puts a meeting left out of no lower priority in their place:
// the search counts moves by slot, so it does not see those.
func (sv *solver) polish() {
	st, p := sv.st, sv.p
	for s := range p.slots {
		c := sv.changed(s)
		for _, w := range append([]int(nil), st.at[s]...) {
			if c == 0 || sv.expired() {
				break
			}
			x := &p.ms[w]
			if x.lock != nil || (x.pub != nil && x.pub.slot == s) {
				continue
			}
			st.remove(w)
			c2 := sv.changed(s)
			moved := false
			if c2 < c {
				for _, s2 := range x.cand {
					if s2 == s || !st.canAdd(w, s2) {
						continue
					}
					before := sv.changed(s2)
					st.place(w, s2)
					if sv.changed(s2) == before {
						moved = true
						break
					}
					st.remove(w)
				}
			}
			if !moved && c2 < c {
				// Or a meeting left out, of no lower priority, in its
				// place, if it disturbs nobody there.
				for _, u := range sv.order(false) {
					if p.ms[u].prio < x.prio {
						break
					}
					if !st.canAdd(u, s) {
						continue
					}
					st.place(u, s)
					if sv.changed(s) == c2 {
						moved = true
						break
					}
					st.remove(u)
				}
			}
			if moved {
				c = c2
			} else {
				st.place(w, s)
			}
		}
	}
	// Meetings a swap left out may fit elsewhere.
	for _, u := range sv.order(false) {
		for _, s := range p.ms[u].cand {
			if st.canAdd(u, s) {
				before := sv.changed(s)
				st.place(u, s)
				if sv.changed(s) == before {
					break
				}
				st.remove(u)
			}
		}
	}
}

// result turns the state into a Result: rooms and interpreters per slot,
// reasons, moves.
func (sv *solver) result() Result {
	p, st := sv.p, sv.st
	in := p.in
	res := Result{Placements: []Placement{}, Unplaced: []Unplaced{}, Moves: []Move{}}
	final := make([]*Placement, len(p.ms))
	for s, list := range st.at {
		rooms, interps := sv.assign(s, list)
		for k, mi := range list {
			pl := Placement{Meeting: p.ms[mi].id, Start: p.slots[s].Start, End: p.slots[s].End, Room: in.Rooms[rooms[k]].ID}
			if interps[k] >= 0 {
				pl.Interpreter = in.Interpreters[interps[k]].ID
			}
			final[mi] = &pl
		}
	}
	for mi := range p.ms {
		if final[mi] != nil {
			res.Placements = append(res.Placements, *final[mi])
		} else {
			reason, what := sv.reason(mi)
			res.Unplaced = append(res.Unplaced, Unplaced{Meeting: p.ms[mi].id, Reason: reason, Resource: what})
		}
	}
	sort.SliceStable(res.Placements, func(a, b int) bool {
		x, y := res.Placements[a], res.Placements[b]
		if !x.Start.Equal(y.Start) {
			return x.Start.Before(y.Start)
		}
		return x.Room < y.Room
	})
	res.Placed = len(res.Placements)
	// The last published placement of each meeting is the one that counts.
	last := map[string]int{}
	for k, pl := range in.Published {
		last[pl.Meeting] = k
	}
	for k, pub := range in.Published {
		if last[pub.Meeting] != k {
			continue
		}
		mi, ok := p.meetIdx[pub.Meeting]
		if !ok || final[mi] == nil {
			res.Moves = append(res.Moves, Move{Meeting: pub.Meeting, From: pub})
			continue
		}
		f := *final[mi]
		if !f.Start.Equal(pub.Start) || !f.End.Equal(pub.End) || f.Room != pub.Room || f.Interpreter != pub.Interpreter {
			res.Moves = append(res.Moves, Move{Meeting: pub.Meeting, From: pub, To: &f})
		}
	}
	return res
}

// assign gives the meetings of slot s rooms and interpreters (list order),
// keeping the most published meetings in their rooms with their
// interpreters: it tries the sets of those in their published slot, larger
// first, each held to its published room and interpreter, until the rest
// can be matched around them. (Keeping a set is feasible only if keeping
// each of its subsets is, and slots hold a handful of meetings; beyond
// maxKeptExact of them it seeds the published ones and augments.)
func (sv *solver) assign(s int, list []int) (rooms, interps []int) {
	p := sv.p
	var pubs []int // positions in list of the meetings in their published slot
	for k, mi := range list {
		if x := &p.ms[mi]; x.lock == nil && x.pub != nil && x.pub.slot == s && x.pub.room >= 0 && (x.pub.interp >= 0 || !x.interpreted()) {
			pubs = append(pubs, k)
		}
	}
	if len(pubs) > 0 && len(pubs) <= maxKeptExact {
		for _, set := range subsetsBySize(len(pubs)) {
			if r, i, ok := sv.assignKeeping(s, list, pubs, set); ok {
				return r, i
			}
		}
	}
	roomAdj := make([][]int, len(list))
	roomPref := make([]int, len(list))
	intAdj := make([][]int, len(list))
	intPref := make([]int, len(list))
	for k, mi := range list {
		x := &p.ms[mi]
		roomAdj[k], roomPref[k], intPref[k] = x.roomsAt[s], -1, -1
		if x.interpreted() {
			intAdj[k] = x.intsAt[s]
		}
		if x.lock != nil {
			roomPref[k], intPref[k] = x.lock.room, x.lock.interp
		} else if x.pub != nil && x.pub.slot == s {
			roomPref[k], intPref[k] = x.pub.room, x.pub.interp
		}
	}
	return matchWithPrefs(roomAdj, roomPref, len(p.roomCap)), matchWithPrefs(intAdj, intPref, len(p.intFree))
}

// maxKeptExact is the most published meetings of one slot whose sets
// assign tries one by one (2^n sets).
const maxKeptExact = 10

// subsetsBySize lists the subsets of n elements as bit masks, larger first.
func subsetsBySize(n int) []uint {
	out := make([]uint, 0, 1<<n)
	for m := uint(0); m < 1<<n; m++ {
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b uint) int { return bits.OnesCount(b) - bits.OnesCount(a) })
	return out
}

// assignKeeping matches slot s's meetings to rooms and interpreters with
// the published meetings list[pubs[j]] (j in set) held to their published
// room and interpreter; ok is false when the others cannot then all be
// matched.
func (sv *solver) assignKeeping(s int, list, pubs []int, set uint) (rooms, interps []int, ok bool) {
	p, st := sv.p, sv.st
	roomAdj := make([][]int, len(list))
	var intAdj [][]int
	var intOf []int // left vertex of the interpreter matching → position in list
	for k, mi := range list {
		roomAdj[k] = p.ms[mi].roomsAt[s]
	}
	held := make([]bool, len(list))
	for j, k := range pubs {
		if set&(1<<uint(j)) != 0 {
			held[k] = true
			roomAdj[k] = []int{p.ms[list[k]].pub.room}
		}
	}
	for k, mi := range list {
		x := &p.ms[mi]
		if !x.interpreted() {
			continue
		}
		intOf = append(intOf, k)
		if held[k] {
			intAdj = append(intAdj, []int{x.pub.interp})
		} else {
			intAdj = append(intAdj, x.intsAt[s])
		}
	}
	if st.m.run(roomAdj, len(p.roomCap), true) < len(roomAdj) {
		return nil, nil, false
	}
	rooms = make([]int, len(list))
	for v, k := range st.m.matchR {
		if k >= 0 {
			rooms[k] = v
		}
	}
	if st.m.run(intAdj, len(p.intFree), true) < len(intAdj) {
		return nil, nil, false
	}
	interps = make([]int, len(list))
	for k := range interps {
		interps[k] = -1
	}
	for v, j := range st.m.matchR {
		if j >= 0 {
			interps[intOf[j]] = v
		}
	}
	return rooms, interps, true
}

// matchWithPrefs matches each left vertex with an edge, starting from the
// preferred edges (in order, when free) and augmenting the rest; -1 for a
// vertex with no edges. The caller knows a full matching exists.
func matchWithPrefs(adj [][]int, pref []int, nRight int) []int {
	var mt matcher
	mt.run(nil, nRight, false)
	for k, v := range pref {
		if v >= 0 && mt.matchR[v] < 0 && contains(adj[k], v) {
			mt.matchR[v] = k
		}
	}
	out := make([]int, len(adj))
	for k := range out {
		out[k] = -1
	}
	for v, k := range mt.matchR {
		if k >= 0 {
			out[k] = v
		}
	}
	// A free vertex first, so that no preferred edge is given up for
	// nothing; then augmenting paths for the rest.
	for k := range adj {
		if out[k] >= 0 {
			continue
		}
		for _, v := range adj[k] {
			if mt.matchR[v] < 0 {
				mt.matchR[v], out[k] = k, v
				break
			}
		}
	}
	for k := range adj {
		if out[k] < 0 && len(adj[k]) > 0 {
			mt.augment(adj, k)
		}
		for v, kk := range mt.matchR {
			if kk >= 0 {
				out[kk] = v
			}
		}
	}
	return out
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// reason says why unplaced meeting mi is not placed: first what holds for
// it alone, then the resource that blocked it in the most of its candidate
// slots.
func (sv *solver) reason(mi int) (Reason, string) {
	p, st := sv.p, sv.st
	x := &p.ms[mi]
	switch {
	case x.lockBad:
		return ReasonLockedInvalid, x.lockWhat
	case len(p.in.Windows) > 0 && len(p.grid) == 0:
		return ReasonSlotTooLong, ""
	case len(x.rooms) == 0:
		return ReasonNoRoomLargeEnough, strconv.Itoa(x.size)
	case x.needs && len(x.interps) == 0:
		return ReasonNoInterpreter, pairKey(x.pair)
	case len(x.cand) == 0:
		return ReasonNoCommonTime, ""
	}
	type key struct {
		r Reason
		w string
	}
	tally := map[key]int{}
	var first []key
	bump := func(k key) {
		if tally[k] == 0 {
			first = append(first, k)
		}
		tally[k]++
	}
	for _, s := range x.cand {
		busy := false
		for _, pe := range x.people {
			if v := st.perAt[pe][s]; v != 0 {
				bump(key{ReasonPersonBusy, p.in.People[pe].ID})
				busy = true
				break
			}
		}
		if busy {
			continue
		}
		for _, d := range x.dels {
			if v := st.delAt[d][s]; v != 0 {
				bump(key{ReasonDelegationBusy, p.in.Delegations[d].ID})
				busy = true
				break
			}
		}
		if busy {
			continue
		}
		list := append(append([]int(nil), st.at[s]...), mi)
		if len(list) > p.freeRooms[s] || st.m.run(st.roomsOf(s, list), len(p.roomCap), true) < len(list) {
			bump(key{ReasonRoomsFull, ""})
			continue
		}
		if !st.fits(s, mi, -1, -1) {
			bump(key{ReasonInterpretersBusy, pairKey(x.pair)})
			continue
		}
		bump(key{ReasonLowerPriority, ""})
	}
	best := first[0]
	for _, k := range first {
		if tally[k] > tally[best] {
			best = k
		}
	}
	return best.r, best.w
}
