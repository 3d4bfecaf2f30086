package schedule

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// bytesReader hands out the fuzzer's bytes one at a time, zeros when they
// run out, so that every input decodes to some instance.
type bytesReader struct {
	b []byte
	i int
}

func (r *bytesReader) next(n int) int {
	if n <= 0 {
		return 0
	}
	var v byte
	if r.i < len(r.b) {
		v = r.b[r.i]
		r.i++
	}
	return int(v) % n
}

// decodeInstance turns arbitrary bytes into a small instance: up to two
// windows (possibly backward, or too short), a slot length that may be 0,
// up to three rooms (capacity possibly 0), two interpreters, four
// delegations of up to two people, eight meetings, some locked, some
// published, anywhere.
func decodeInstance(data []byte) Instance {
	r := &bytesReader{b: data}
	langs := []string{"en", "ru", "kk"}
	minutes := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	// Now and then a byte picks something Validate refuses (never once
	// the bytes are spent).
	odd := func() bool { return r.i < len(r.b) && r.next(16) == 0 }
	in := Instance{SlotLength: minutes(10 * (1 + r.next(6))), Break: minutes(5 * r.next(4))}
	if odd() {
		in.SlotLength = 0
	}
	var times []time.Time
	for range r.next(3) {
		start := at(30 * r.next(12))
		end := start.Add(minutes(10 * r.next(16)))
		if odd() {
			end = start.Add(-time.Minute)
		}
		in.Windows = append(in.Windows, Interval{Start: start, End: end})
		times = append(times, start, end)
	}
	when := func() time.Time {
		if len(times) == 0 || r.next(4) == 0 {
			return at(10 * r.next(40))
		}
		return times[r.next(len(times))].Add(minutes(10 * r.next(6)))
	}
	away := func() []Interval {
		if r.next(3) != 0 {
			return nil
		}
		s := when()
		return []Interval{{Start: s, End: s.Add(minutes(10 * r.next(12)))}}
	}
	pair := func() LanguagePair {
		a := r.next(3)
		if odd() {
			return LanguagePair{A: langs[a], B: langs[a]}
		}
		return LanguagePair{A: langs[a], B: langs[(a+1+r.next(2))%3]}
	}
	for i := range r.next(4) {
		in.Rooms = append(in.Rooms, Room{ID: fmt.Sprintf("r%d", i), Capacity: 1 + r.next(5) - b2i(odd()), Unavailable: away()})
	}
	for i := range r.next(3) {
		in.Interpreters = append(in.Interpreters, Interpreter{ID: fmt.Sprintf("i%d", i),
			Pairs: []LanguagePair{pair()}, Unavailable: away()})
	}
	nd := 2 + r.next(3)
	for d := range nd {
		id := fmt.Sprintf("d%d", d)
		in.Delegations = append(in.Delegations, Delegation{ID: id, Unavailable: away()})
		for k := range r.next(3) {
			in.People = append(in.People, Person{ID: fmt.Sprintf("%s.%d", id, k), Delegation: id, Unavailable: away()})
		}
	}
	for i := range r.next(9) {
		a, b := r.next(nd), r.next(nd)
		if a == b && !odd() {
			b = (a + 1 + r.next(nd-1)) % nd
		}
		m := Meeting{ID: fmt.Sprintf("m%d", i), Delegations: [2]string{in.Delegations[a].ID, in.Delegations[b].ID},
			Priority: r.next(4), Size: r.next(5)}
		for _, p := range in.People {
			if (p.Delegation == m.Delegations[0] || p.Delegation == m.Delegations[1]) && r.next(2) == 0 {
				m.People = append(m.People, p.ID)
			}
		}
		if r.next(2) == 0 {
			p := pair()
			m.Interpretation = &p
		}
		place := func() *Placement {
			s := when()
			pl := &Placement{Meeting: m.ID, Start: s, End: s.Add(in.SlotLength), Room: fmt.Sprintf("r%d", r.next(4))}
			if r.next(2) == 0 {
				pl.Interpreter = fmt.Sprintf("i%d", r.next(3))
			}
			return pl
		}
		if r.next(5) == 0 {
			m.Locked = place()
		}
		if r.next(4) == 0 {
			in.Published = append(in.Published, *place())
		}
		in.Meetings = append(in.Meetings, m)
	}
	return in
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func FuzzSolve(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 1, 2, 2, 8, 3, 6, 2, 3, 1, 2, 1, 3, 0, 1, 2, 8, 1, 0, 2, 1, 2, 1, 0, 2, 2, 1, 1, 0})
	f.Add([]byte("a schedule of bilateral meetings between delegations"))
	f.Add([]byte{6, 0, 2, 0, 12, 5, 9, 3, 5, 5, 5, 2, 0, 1, 2, 3, 3, 2, 2, 2, 8, 0, 1, 0, 1, 1, 1, 0, 0, 4, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := decodeInstance(data)
		res, err := Solve(context.Background(), in, Options{TimeBox: 20 * time.Millisecond, Seed: 1})
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Solve: %v, want a *FieldError", err)
			}
			return
		}
		if v := Check(in, res.Placements); len(v) > 0 {
			t.Fatalf("Check: %+v\ninstance %+v\nresult %+v", v, in, res)
		}
		if res.Placed != len(res.Placements) || res.Placed > res.UpperBound || len(res.Placements)+len(res.Unplaced) != len(in.Meetings) ||
			res.Optimal != (res.Placed == res.UpperBound) {
			t.Fatalf("result does not add up: %+v", res)
		}
	})
}

// TestDecodedInstancesPassCheck runs the fuzz target's body on a few
// hundred pseudo-random inputs, so that plain `go test` covers it too.
func TestDecodedInstancesPassCheck(t *testing.T) {
	solved := 0
	for seed := range 400 {
		data := make([]byte, 64)
		x := uint32(seed*2654435761 + 1)
		for i := range data {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			data[i] = byte(x)
		}
		in := decodeInstance(data)
		res, err := Solve(context.Background(), in, Options{TimeBox: 20 * time.Millisecond, Seed: 1})
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("input %d: Solve: %v, want a *FieldError", seed, err)
			}
			continue
		}
		solved++
		if v := Check(in, res.Placements); len(v) > 0 {
			t.Fatalf("input %d: Check: %+v\ninstance %+v\nresult %+v", seed, v, in, res)
		}
	}
	t.Logf("%d of 400 decoded instances valid and solved", solved)
}
