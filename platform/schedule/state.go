package schedule

// state is a schedule by slots: which meeting is in which slot. Rooms and
// interpreters are not fixed until the end: since meetings in different
// slots never conflict, a slot's meetings can be held exactly when they can
// be given distinct rooms that seat them and distinct interpreters with
// their pairs, which two bipartite matchings decide (fits). The rooms and
// interpreters themselves are chosen last (assign).
type state struct {
	p     *problem
	slot  []int     // meeting → slot, -1 when unplaced
	at    [][]int   // slot → its meetings
	delAt [][]int32 // [delegation][slot] → meeting+1, 0 when free
	perAt [][]int32 // [person][slot] → meeting+1, 0 when free

	count, prio int
	// moved counts meetings with a published placement that still holds
	// but which are not in its slot.
	moved int

	journal []op
	logging bool

	m matcher
	// scratch for fits
	left [][]int
	buf  []int
}

type op struct{ m, from, to int }

func newState(p *problem) *state {
	st := &state{p: p, slot: make([]int, len(p.ms)), at: make([][]int, len(p.slots))}
	for i := range st.slot {
		st.slot[i] = -1
	}
	st.delAt = make([][]int32, len(p.in.Delegations))
	for d := range st.delAt {
		st.delAt[d] = make([]int32, len(p.slots))
	}
	st.perAt = make([][]int32, len(p.in.People))
	for i := range st.perAt {
		st.perAt[i] = make([]int32, len(p.slots))
	}
	for mi := range p.ms {
		if p.ms[mi].pub != nil {
			st.moved++
		}
	}
	return st
}

// score is the objective, compared lexicographically: more placed, then
// fewer published meetings moved, then more priority. Moves come before
// priority because delegations plan around the published schedule: a
// published meeting gives way only to place more meetings, never to place
// a meeting of higher priority instead of it.
type score struct{ count, prio, moved int }

func (a score) better(b score) bool {
	if a.count != b.count {
		return a.count > b.count
	}
	if a.moved != b.moved {
		return a.moved < b.moved
	}
	return a.prio > b.prio
}

func (st *state) score() score { return score{st.count, st.prio, st.moved} }

func (st *state) place(mi, s int) {
	x := &st.p.ms[mi]
	st.slot[mi] = s
	st.at[s] = append(st.at[s], mi)
	for _, d := range x.dels {
		st.delAt[d][s] = int32(mi + 1)
	}
	for _, pe := range x.people {
		st.perAt[pe][s] = int32(mi + 1)
	}
	st.count++
	st.prio += x.prio
	if x.pub != nil && x.pub.slot == s {
		st.moved--
	}
	if st.logging {
		st.journal = append(st.journal, op{mi, -1, s})
	}
}

func (st *state) remove(mi int) {
	x := &st.p.ms[mi]
	s := st.slot[mi]
	st.slot[mi] = -1
	list := st.at[s]
	for k, v := range list {
		if v == mi {
			list[k] = list[len(list)-1]
			st.at[s] = list[:len(list)-1]
			break
		}
	}
	for _, d := range x.dels {
		st.delAt[d][s] = 0
	}
	for _, pe := range x.people {
		st.perAt[pe][s] = 0
	}
	st.count--
	st.prio -= x.prio
	if x.pub != nil && x.pub.slot == s {
		st.moved++
	}
	if st.logging {
		st.journal = append(st.journal, op{mi, s, -1})
	}
}

// rollback undoes the journal back to mark.
func (st *state) rollback(mark int) {
	logging := st.logging
	st.logging = false
	for k := len(st.journal) - 1; k >= mark; k-- {
		o := st.journal[k]
		if o.to >= 0 {
			st.remove(o.m)
		}
		if o.from >= 0 {
			st.place(o.m, o.from)
		}
	}
	st.journal = st.journal[:mark]
	st.logging = logging
}

// free reports whether meeting mi's delegations and people are free in s.
func (st *state) free(mi, s int) bool {
	x := &st.p.ms[mi]
	for _, d := range x.dels {
		if st.delAt[d][s] != 0 {
			return false
		}
	}
	for _, pe := range x.people {
		if st.perAt[pe][s] != 0 {
			return false
		}
	}
	return true
}

// canAdd reports whether meeting mi can join slot s as it stands.
func (st *state) canAdd(mi, s int) bool {
	return st.p.ms[mi].isCand[s] && st.free(mi, s) && st.fits(s, mi, -1, -1)
}

// fits reports whether slot s's meetings, plus add and less drop1 and drop2
// (each -1 for none), can all have rooms and interpreters.
func (st *state) fits(s, add, drop1, drop2 int) bool {
	list := st.buf[:0]
	for _, mi := range st.at[s] {
		if mi != drop1 && mi != drop2 {
			list = append(list, mi)
		}
	}
	if add >= 0 {
		list = append(list, add)
	}
	st.buf = list
	if len(list) > st.p.freeRooms[s] {
		return false
	}
	left := st.roomsOf(s, list)
	if st.m.run(left, len(st.p.roomCap), true) < len(left) {
		return false
	}
	left = st.interpsOf(s, list)
	return st.m.run(left, len(st.p.intFree), true) == len(left)
}

// roomsOf lists, for each meeting of list, the rooms it may have in s.
func (st *state) roomsOf(s int, list []int) [][]int {
	left := st.left[:0]
	for _, mi := range list {
		left = append(left, st.p.ms[mi].roomsAt[s])
	}
	st.left = left
	return left
}

// interpsOf lists, for each meeting of list that takes an interpreter, the
// interpreters it may have in s.
func (st *state) interpsOf(s int, list []int) [][]int {
	left := st.left[:0]
	for _, mi := range list {
		if x := &st.p.ms[mi]; x.interpreted() {
			left = append(left, x.intsAt[s])
		}
	}
	st.left = left
	return left
}

// blockers returns the meetings in s that share a delegation or a person
// with meeting mi.
func (st *state) blockers(mi, s int, out []int) []int {
	x := &st.p.ms[mi]
	add := func(v int32) {
		if v == 0 {
			return
		}
		b := int(v - 1)
		for _, o := range out {
			if o == b {
				return
			}
		}
		out = append(out, b)
	}
	for _, d := range x.dels {
		add(st.delAt[d][s])
	}
	for _, pe := range x.people {
		add(st.perAt[pe][s])
	}
	return out
}

// matcher finds maximum bipartite matchings by augmenting paths (Kuhn's
// algorithm): the graphs here have a handful of vertices a side per slot.
type matcher struct {
	matchR   []int
	matchedL []bool
	seen     []int
	stamp    int
}

// run matches left vertices to right ones 0..nRight-1 and returns how many
// it matched; with stopEarly it gives up at the first left vertex it cannot
// match (enough for "can all be matched"). matchR holds the matching. A
// greedy pass first takes each left vertex's first free right vertex, which
// leaves few augmenting searches on the large graphs of the bound.
func (mt *matcher) run(adj [][]int, nRight int, stopEarly bool) int {
	if cap(mt.matchR) < nRight {
		mt.matchR = make([]int, nRight)
		mt.seen = make([]int, nRight)
		mt.stamp = 0
	}
	mt.matchR = mt.matchR[:nRight]
	mt.seen = mt.seen[:nRight]
	for i := range mt.matchR {
		mt.matchR[i] = -1
	}
	if cap(mt.matchedL) < len(adj) {
		mt.matchedL = make([]bool, len(adj))
	}
	matched := mt.matchedL[:len(adj)]
	n := 0
	for u, vs := range adj {
		matched[u] = false
		for _, v := range vs {
			if mt.matchR[v] < 0 {
				mt.matchR[v], matched[u] = u, true
				n++
				break
			}
		}
	}
	// Right vertices a failed search visited lead to no augmenting path
	// while the matching stays as it is, so the marks are kept until a
	// search succeeds.
	mt.stamp++
	for u := range adj {
		if matched[u] {
			continue
		}
		if mt.try(adj, u) {
			n++
			mt.stamp++
		} else if stopEarly {
			return n
		}
	}
	return n
}

// augment tries to match left vertex u, keeping the matching already in
// matchR (used to seed preferred edges).
func (mt *matcher) augment(adj [][]int, u int) bool {
	mt.stamp++
	return mt.try(adj, u)
}

func (mt *matcher) try(adj [][]int, u int) bool {
	for _, v := range adj[u] {
		if mt.seen[v] == mt.stamp {
			continue
		}
		mt.seen[v] = mt.stamp
		if mt.matchR[v] < 0 || mt.try(adj, mt.matchR[v]) {
			mt.matchR[v] = u
			return true
		}
	}
	return false
}
