package schedule

import (
	"sort"
	"strconv"
)

// problem is an Instance turned into indices: slots, rooms, interpreters,
// delegations and people by number, and for each meeting the slots where it
// could take place if it were alone (its candidates).
type problem struct {
	in *Instance
	// grid is every slot of the windows; slots are those the solver uses
	// (the same, unless windows overlap: see usableSlots).
	grid    []Interval
	slots   []Interval
	dropped bool

	roomCap  []int
	roomFree [][]bool // [room][slot]
	intFree  [][]bool // [interpreter][slot]
	delFree  [][]bool // [delegation][slot]
	perFree  [][]bool // [person][slot]
	// freeRooms[s] is how many rooms are free in slot s.
	freeRooms []int

	roomIdx, intIdx, delIdx, perIdx, meetIdx map[string]int
	ms                                       []mtg
}

// mtg is a meeting as the solver sees it.
type mtg struct {
	id     string
	dels   [2]int
	people []int
	size   int
	prio   int
	needs  bool
	pair   LanguagePair
	// rooms seat the meeting (capacity >= size), smallest first;
	// interps have its pair.
	rooms   []int
	interps []int
	// cand are the slots where the meeting alone could be placed, and
	// isCand the same as a set.
	cand   []int
	isCand []bool
	// lock is where a locked meeting must be (slot >= 0) when that is
	// valid; lockBad and lockWhat say why it is not.
	lock     *fixed
	lockBad  bool
	lockWhat string
	// roomsAt and intsAt are, for each candidate slot, the rooms and
	// interpreters the meeting may have there (intsAt empty when it needs
	// none).
	roomsAt, intsAt [][]int
	// pub is the meeting's published placement, when that still holds
	// for the meeting alone; pubAny is whether it had one at all.
	pub    *fixed
	pubAny bool
	// pubSlot is the slot of the published time when the placement no
	// longer holds (its room or interpreter withdrawn) but the time is
	// still one of the meeting's candidates (hasPubSlot): tried first, so
	// that the meeting changes room rather than time.
	pubSlot    int
	hasPubSlot bool
}

// fixed is a placement by indices; interp is -1 for none.
type fixed struct{ slot, room, interp int }

func newProblem(in *Instance) *problem {
	p := &problem{in: in, roomIdx: map[string]int{}, intIdx: map[string]int{}, delIdx: map[string]int{},
		perIdx: map[string]int{}, meetIdx: map[string]int{}}
	p.grid = Slots(in)
	p.slots, p.dropped = usableSlots(in, p.grid)
	S := len(p.slots)
	avail := func(un []Interval) []bool {
		f := make([]bool, S)
		for s, sl := range p.slots {
			f[s] = freeDuring(un, sl)
		}
		return f
	}
	p.freeRooms = make([]int, S)
	for i, r := range in.Rooms {
		p.roomIdx[r.ID] = i
		p.roomCap = append(p.roomCap, r.Capacity)
		f := avail(r.Unavailable)
		p.roomFree = append(p.roomFree, f)
		for s := range f {
			if f[s] {
				p.freeRooms[s]++
			}
		}
	}
	for i, it := range in.Interpreters {
		p.intIdx[it.ID] = i
		p.intFree = append(p.intFree, avail(it.Unavailable))
	}
	for i, d := range in.Delegations {
		p.delIdx[d.ID] = i
		p.delFree = append(p.delFree, avail(d.Unavailable))
	}
	for i, pe := range in.People {
		p.perIdx[pe.ID] = i
		p.perFree = append(p.perFree, avail(pe.Unavailable))
	}
	roomsBySize := make([]int, len(in.Rooms))
	for i := range roomsBySize {
		roomsBySize[i] = i
	}
	sort.SliceStable(roomsBySize, func(a, b int) bool { return p.roomCap[roomsBySize[a]] < p.roomCap[roomsBySize[b]] })

	for mi, m := range in.Meetings {
		p.meetIdx[m.ID] = mi
		x := mtg{id: m.ID, prio: m.Priority, size: m.Size, isCand: make([]bool, S)}
		x.dels = [2]int{p.delIdx[m.Delegations[0]], p.delIdx[m.Delegations[1]]}
		for _, pe := range m.People {
			x.people = append(x.people, p.perIdx[pe])
		}
		if x.size == 0 {
			x.size = len(m.People)
		}
		for _, r := range roomsBySize {
			if p.roomCap[r] >= x.size {
				x.rooms = append(x.rooms, r)
			}
		}
		if m.Interpretation != nil {
			x.needs, x.pair = true, *m.Interpretation
			for i, it := range in.Interpreters {
				for _, q := range it.Pairs {
					if samePair(q, x.pair) {
						x.interps = append(x.interps, i)
						break
					}
				}
			}
		}
		for s := range p.slots {
			if p.alone(&x, s) {
				x.cand = append(x.cand, s)
				x.isCand[s] = true
			}
		}
		p.ms = append(p.ms, x)
	}
	p.readLocks()
	p.readPublished()
	// The rooms a meeting may have in a slot depend only on its size, the
	// interpreters only on its pair: meetings alike share the lists.
	bySize := map[int][][]int{}
	none := make([][]int, S)
	byPair := map[LanguagePair][][]int{}
	for mi := range p.ms {
		x := &p.ms[mi]
		if x.lock != nil {
			x.roomsAt, x.intsAt = make([][]int, S), make([][]int, S)
			x.roomsAt[x.lock.slot] = []int{x.lock.room}
			if x.lock.interp >= 0 {
				x.intsAt[x.lock.slot] = []int{x.lock.interp}
			}
			continue
		}
		rs, ok := bySize[x.size]
		if !ok {
			rs = make([][]int, S)
			for s := range rs {
				for _, r := range x.rooms {
					if p.roomFree[r][s] {
						rs[s] = append(rs[s], r)
					}
				}
			}
			bySize[x.size] = rs
		}
		x.roomsAt = rs
		x.intsAt = none
		if x.needs {
			key := x.pair
			if key.B < key.A {
				key.A, key.B = key.B, key.A
			}
			is, ok := byPair[key]
			if !ok {
				is = make([][]int, S)
				for s := range is {
					for _, i := range x.interps {
						if p.intFree[i][s] {
							is[s] = append(is[s], i)
						}
					}
				}
				byPair[key] = is
			}
			x.intsAt = is
		}
	}
	return p
}

// interpreted reports whether meeting x takes an interpreter: it needs a
// pair, or it is locked with one.
func (x *mtg) interpreted() bool {
	if x.lock != nil {
		return x.lock.interp >= 0
	}
	return x.needs
}

// alone reports whether meeting x could be in slot s with nothing else
// placed: its delegations and people free, a room that seats it free, an
// interpreter with its pair free.
func (p *problem) alone(x *mtg, s int) bool {
	for _, d := range x.dels {
		if !p.delFree[d][s] {
			return false
		}
	}
	for _, pe := range x.people {
		if !p.perFree[pe][s] {
			return false
		}
	}
	room := false
	for _, r := range x.rooms {
		if p.roomFree[r][s] {
			room = true
			break
		}
	}
	if !room {
		return false
	}
	if x.needs {
		for _, i := range x.interps {
			if p.intFree[i][s] {
				return true
			}
		}
		return false
	}
	return true
}

// slotOf returns the usable slot that starts at pl.Start and lasts the slot
// length, or -1.
func (p *problem) slotOf(pl Placement) int {
	i := sort.Search(len(p.slots), func(i int) bool { return !p.slots[i].Start.Before(pl.Start) })
	if i < len(p.slots) && p.slots[i].Start.Equal(pl.Start) && p.slots[i].End.Equal(pl.End) {
		return i
	}
	return -1
}

// check checks a placement of meeting mi for the meeting alone: on the
// grid, its room known, large enough and free, its interpreter (when it
// needs one) known, with the pair and free, its people and delegations free.
// It returns the placement by indices, or what breaks.
func (p *problem) check(mi int, pl Placement) (*fixed, string) {
	x := &p.ms[mi]
	s := p.slotOf(pl)
	if s < 0 {
		return nil, "time"
	}
	r, ok := p.roomIdx[pl.Room]
	if !ok || p.roomCap[r] < x.size || !p.roomFree[r][s] {
		return nil, pl.Room
	}
	f := &fixed{slot: s, room: r, interp: -1}
	if pl.Interpreter != "" || x.needs {
		i, ok := p.intIdx[pl.Interpreter]
		if !ok || !p.intFree[i][s] {
			return nil, "interpreter " + pl.Interpreter
		}
		if x.needs {
			has := false
			for _, j := range x.interps {
				has = has || j == i
			}
			if !has {
				return nil, pl.Interpreter
			}
		}
		f.interp = i
	}
	for _, d := range x.dels {
		if !p.delFree[d][s] {
			return nil, p.in.Delegations[d].ID
		}
	}
	for _, pe := range x.people {
		if !p.perFree[pe][s] {
			return nil, p.in.People[pe].ID
		}
	}
	return f, ""
}

// readLocks fixes each locked meeting where it is locked, when that holds
// for it alone and does not clash with a locked meeting before it.
func (p *problem) readLocks() {
	busy := map[string]bool{} // "kind/id/slot"
	key := func(kind string, id, s int) string { return kind + "/" + strconv.Itoa(id) + "/" + strconv.Itoa(s) }
	for mi, m := range p.in.Meetings {
		if m.Locked == nil {
			continue
		}
		x := &p.ms[mi]
		f, what := p.check(mi, *m.Locked)
		if f == nil {
			x.lockBad, x.lockWhat = true, what
			x.cand, x.isCand = nil, make([]bool, len(p.slots))
			continue
		}
		var keys []string
		clash := ""
		add := func(kind string, id int, name string) {
			k := key(kind, id, f.slot)
			if busy[k] && clash == "" {
				clash = name
			}
			keys = append(keys, k)
		}
		for _, d := range x.dels {
			add("d", d, p.in.Delegations[d].ID)
		}
		for _, pe := range x.people {
			add("p", pe, p.in.People[pe].ID)
		}
		add("r", f.room, p.in.Rooms[f.room].ID)
		if f.interp >= 0 {
			add("i", f.interp, p.in.Interpreters[f.interp].ID)
		}
		if clash != "" {
			x.lockBad, x.lockWhat = true, clash
			x.cand, x.isCand = nil, make([]bool, len(p.slots))
			continue
		}
		for _, k := range keys {
			busy[k] = true
		}
		x.lock = f
		x.cand = []int{f.slot}
		x.isCand = make([]bool, len(p.slots))
		x.isCand[f.slot] = true
	}
}

// readPublished notes each meeting's published placement that still holds
// for the meeting alone (the last one, if the list names a meeting twice).
func (p *problem) readPublished() {
	for _, pl := range p.in.Published {
		mi, ok := p.meetIdx[pl.Meeting]
		if !ok {
			continue
		}
		x := &p.ms[mi]
		x.pubAny = true
		x.pub = nil
		x.hasPubSlot = false
		if x.lock != nil || x.lockBad {
			continue
		}
		if f, _ := p.check(mi, pl); f != nil {
			x.pub = f
		} else if s := p.slotOf(pl); s >= 0 && x.isCand != nil && x.isCand[s] {
			x.pubSlot, x.hasPubSlot = s, true
		}
	}
}
