package schedule

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// SyntheticSize is the shape of a Synthetic instance.
type SyntheticSize int

// Sizes of synthetic instances.
const (
	// SyntheticSmall: up to 8 delegations and 25 requests, one or two
	// windows of a few slots, up to 3 small rooms and 2 interpreters, some
	// people, rooms and interpreters unavailable at times: small enough for
	// an exhaustive search, often with meetings that cannot all be placed.
	SyntheticSmall SyntheticSize = iota
	// SyntheticMedium: a one-day conference of 20 delegations, 80
	// accepted requests, 3 rooms and 4 interpreters.
	SyntheticMedium
	// SyntheticConference: the benchmark's conference (see conference).
	SyntheticConference
)

// Synthetic returns a random instance of the given size, the same for the
// same seed. It is for tests and benchmarks.
func Synthetic(seed int64, size SyntheticSize) Instance {
	r := rand.New(rand.NewPCG(uint64(seed), 0xb11a7e4a1))
	switch size {
	case SyntheticMedium:
		return conference(r, 20, 80, 1, []int{4, 6, 10}, 4)
	case SyntheticConference:
		return conference(r, 60, 400, 2, []int{4, 6, 6, 8, 10, 14}, 12)
	}
	return small(r)
}

var zone = time.FixedZone("Asia/Almaty", 5*3600)

func small(r *rand.Rand) Instance {
	day := time.Date(2026, 6, 15, 9, 0, 0, 0, zone)
	in := Instance{SlotLength: 30 * time.Minute, Break: time.Duration(r.IntN(3)*5) * time.Minute}
	step := in.SlotLength + in.Break
	at := day
	for w := range 1 + r.IntN(2) {
		n := 1 + r.IntN(3)
		if w == 1 {
			n = 1 + r.IntN(2)
		}
		length := time.Duration(n)*step - in.Break + time.Duration(r.IntN(10))*time.Minute
		if r.IntN(15) == 0 {
			length = in.SlotLength - time.Minute // a window too short for a slot
		}
		in.Windows = append(in.Windows, Interval{Start: at, End: at.Add(length)})
		at = at.Add(length + time.Hour)
	}
	slots := Slots(&in)
	someSlot := func() Interval {
		if len(slots) == 0 {
			return Interval{Start: day, End: day.Add(time.Hour)}
		}
		s := slots[r.IntN(len(slots))]
		return Interval{Start: s.Start.Add(time.Duration(r.IntN(20)) * time.Minute), End: s.End}
	}
	maybeBusy := func(pct int) []Interval {
		if r.IntN(100) < pct {
			return []Interval{someSlot()}
		}
		return nil
	}
	for i := range 1 + r.IntN(3) {
		in.Rooms = append(in.Rooms, Room{ID: fmt.Sprintf("room%d", i+1), Capacity: 2 + r.IntN(5), Unavailable: maybeBusy(15)})
	}
	langs := []string{"en", "ru", "kk"}
	for i := range r.IntN(3) {
		a := r.IntN(3)
		b := (a + 1 + r.IntN(2)) % 3
		in.Interpreters = append(in.Interpreters, Interpreter{ID: fmt.Sprintf("int%d", i+1),
			Pairs: []LanguagePair{{A: langs[a], B: langs[b]}}, Unavailable: maybeBusy(15)})
	}
	nd := 2 + r.IntN(7)
	lang := make([]string, nd)
	members := make([][]string, nd)
	for d := range nd {
		id := fmt.Sprintf("d%d", d+1)
		lang[d] = langs[r.IntN(3)]
		in.Delegations = append(in.Delegations, Delegation{ID: id, Unavailable: maybeBusy(10)})
		for k := range 1 + r.IntN(3) {
			pid := fmt.Sprintf("%s.p%d", id, k+1)
			members[d] = append(members[d], pid)
			in.People = append(in.People, Person{ID: pid, Delegation: id, Unavailable: maybeBusy(15)})
		}
	}
	for i := range 1 + r.IntN(25) {
		a := r.IntN(nd)
		b := (a + 1 + r.IntN(nd-1)) % nd
		m := Meeting{ID: fmt.Sprintf("m%d", i+1), Delegations: [2]string{in.Delegations[a].ID, in.Delegations[b].ID},
			Priority: 1 + r.IntN(3)}
		for _, d := range []int{a, b} {
			for _, pid := range members[d] {
				if r.IntN(2) == 0 {
					m.People = append(m.People, pid)
				}
			}
		}
		if r.IntN(4) == 0 {
			m.Size = len(m.People) + r.IntN(3)
		}
		if lang[a] != lang[b] && r.IntN(3) > 0 {
			m.Interpretation = &LanguagePair{A: lang[a], B: lang[b]}
		}
		in.Meetings = append(in.Meetings, m)
	}
	return in
}

// conference is a conference of nd delegations (the first five the Central
// Asian states, the rest partners, donors and civil society) asking nreq
// meetings of each other over days days, with rooms of the given capacities
// and ni interpreters.
//
// Why its numbers are what they are. Each day has the plenaries real
// conferences have (an opening, a panel, a closing session, lunch), so the
// windows are one and a half to three and a half hours long; meetings take
// 25 minutes with 5 to change rooms, which gives 24 slots over two days,
// and six rooms 144 meetings at most, 141 with the largest room taken by a
// side event one morning. So the delegations ask for almost three times
// what the conference can hold (as they do once bilaterals are offered:
// 400 meetings in two days would take 33 hours of six rooms), and the
// solver must choose: which meetings, by priority, and fitting sizes to
// rooms and pairs to interpreters. Requests are not uniform: the five
// states are asked four times as often as the six large organizations and
// twelve times as often as the others, so that each state is wanted in
// more meetings than it has slots; heads of delegation attend seven
// meetings in ten of their delegation; a meeting's size runs from 2 to 9
// (more with a note-taker) against rooms of 4 to 14 seats; languages are
// those delegations really share (states mostly Russian as well as their
// own, organizations English, some Russian, a few Chinese), so about half
// the meetings need an interpreter, and some pairs (a state's language with
// Chinese or another state's) have none; a quarter of the people, one
// delegation in eight and a quarter of the interpreters are away for part of
// the time. With rooms this scarce, the count placed is decided by the
// rooms, and the solver reaches it (and the highest priority the bound
// allows) quickly; `hubbench bench-schedule --requests N` keeps the first N
// requests only, for conferences where rooms are not the only limit.
func conference(r *rand.Rand, nd, nreq, days int, caps []int, ni int) Instance {
	in := Instance{SlotLength: 25 * time.Minute, Break: 5 * time.Minute}
	first := time.Date(2026, 6, 15, 0, 0, 0, 0, zone)
	at := func(day, h, m int) time.Time {
		return first.AddDate(0, 0, day).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	// Day one: opening plenary 9:00–10:30, lunch 13:00–14:00, a panel
	// 15:30–16:30, bilaterals until 18:45. Day two: bilaterals from 9:00,
	// closing plenary and lunch 12:30–14:30, bilaterals until 17:30.
	for d := range days {
		if d%2 == 0 {
			in.Windows = append(in.Windows,
				Interval{Start: at(d, 10, 45), End: at(d, 13, 0)},
				Interval{Start: at(d, 14, 0), End: at(d, 15, 30)},
				Interval{Start: at(d, 16, 45), End: at(d, 18, 45)})
		} else {
			in.Windows = append(in.Windows,
				Interval{Start: at(d, 9, 0), End: at(d, 12, 30)},
				Interval{Start: at(d, 14, 30), End: at(d, 17, 30)})
		}
	}
	span := func() Interval {
		w := in.Windows[r.IntN(len(in.Windows))]
		start := w.Start.Add(time.Duration(r.IntN(4)) * 30 * time.Minute)
		return Interval{Start: start, End: start.Add(time.Duration(1+r.IntN(3)) * time.Hour)}
	}
	for i, c := range caps {
		room := Room{ID: fmt.Sprintf("room-%d", i+1), Capacity: c}
		if i == len(caps)-1 {
			room.Unavailable = []Interval{{Start: at(days-1, 9, 0), End: at(days-1, 10, 30)}} // a side event
		}
		in.Rooms = append(in.Rooms, room)
	}
	// Interpreters: mostly en-ru, then the states' languages with en or
	// ru, two for zh; the list repeats for more than twelve.
	pairs := [][]LanguagePair{
		{{A: "en", B: "ru"}}, {{A: "en", B: "ru"}}, {{A: "en", B: "ru"}, {A: "en", B: "kk"}}, {{A: "en", B: "ru"}},
		{{A: "ru", B: "kk"}, {A: "ru", B: "ky"}}, {{A: "en", B: "uz"}, {A: "ru", B: "uz"}}, {{A: "ru", B: "tg"}},
		{{A: "ru", B: "tk"}, {A: "en", B: "tk"}}, {{A: "en", B: "zh"}}, {{A: "ru", B: "zh"}, {A: "en", B: "zh"}},
		{{A: "en", B: "ky"}, {A: "en", B: "ru"}}, {{A: "en", B: "tg"}, {A: "en", B: "ru"}},
	}
	for i := range ni {
		it := Interpreter{ID: fmt.Sprintf("int-%d", i+1), Pairs: pairs[i%len(pairs)]}
		if i%4 == 3 {
			it.Unavailable = []Interval{span()}
		}
		in.Interpreters = append(in.Interpreters, it)
	}
	states := []string{"kz", "kg", "tj", "tm", "uz"}
	national := []string{"kk", "ky", "tg", "tk", "uz"}
	// langs[d] are the languages delegation d meets in, its first the one
	// it asks interpretation from when it shares none with the other.
	langs := make([][]string, nd)
	weight := make([]int, nd)
	members := make([][]string, nd)
	total := 0
	for d := range nd {
		id := fmt.Sprintf("org-%d", d+1)
		n := 2 + r.IntN(3)
		switch {
		case d < len(states):
			id, n, weight[d] = states[d], 5+r.IntN(4), 12
			langs[d] = []string{national[d]}
			if r.IntN(10) < 7 {
				langs[d] = append(langs[d], "ru")
			}
		case d < len(states)+6:
			weight[d], langs[d] = 3, []string{"en"}
			if r.IntN(2) == 0 {
				langs[d] = append(langs[d], "ru")
			}
		default:
			weight[d] = 1
			langs[d] = [][]string{{"en"}, {"en"}, {"en"}, {"en"}, {"en"}, {"ru"}, {"ru"}, {"en", "ru"}, {"en", "ru"}, {"zh"}}[r.IntN(10)]
		}
		total += weight[d]
		del := Delegation{ID: id}
		if r.IntN(8) == 0 {
			// Arrives late, or leaves early.
			if r.IntN(2) == 0 {
				del.Unavailable = []Interval{{Start: at(0, 0, 0), End: at(0, 14, 0)}}
			} else {
				del.Unavailable = []Interval{{Start: at(days-1, 14, 0), End: at(days, 0, 0)}}
			}
		}
		in.Delegations = append(in.Delegations, del)
		for k := range n {
			pid := fmt.Sprintf("%s.%d", id, k+1)
			members[d] = append(members[d], pid)
			pe := Person{ID: pid, Delegation: id}
			if r.IntN(4) == 0 {
				pe.Unavailable = []Interval{span()}
			}
			in.People = append(in.People, pe)
		}
	}
	pick := func(not int) int {
		for {
			x := r.IntN(total)
			for d := range nd {
				if x < weight[d] {
					if d != not {
						return d
					}
					break
				}
				x -= weight[d]
			}
		}
	}
	for i := range nreq {
		a := r.IntN(nd)
		if r.IntN(3) == 0 {
			a = pick(-1)
		}
		b := pick(a)
		m := Meeting{ID: fmt.Sprintf("req-%d", i+1), Delegations: [2]string{in.Delegations[a].ID, in.Delegations[b].ID}}
		for _, d := range []int{a, b} {
			ms, before := members[d], len(m.People)
			if r.IntN(10) < 7 {
				m.People = append(m.People, ms[0]) // the head
			}
			for _, k := range r.Perm(len(ms) - 1)[:r.IntN(min(3, len(ms)))] {
				m.People = append(m.People, ms[k+1])
			}
			if len(m.People) == before {
				m.People = append(m.People, ms[1+r.IntN(len(ms)-1)])
			}
		}
		if r.IntN(3) == 0 {
			m.Size = len(m.People) + 1 // a note-taker
		}
		switch x := r.IntN(10); {
		case x < 2:
			m.Priority = 3
		case x < 8:
			m.Priority = 2
		default:
			m.Priority = 1
		}
		common := false
		for _, x := range langs[a] {
			for _, y := range langs[b] {
				common = common || x == y
			}
		}
		if !common {
			m.Interpretation = &LanguagePair{A: langs[a][0], B: langs[b][0]}
		}
		in.Meetings = append(in.Meetings, m)
	}
	return in
}
