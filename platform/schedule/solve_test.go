package schedule

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestSlots(t *testing.T) {
	tests := []struct {
		name    string
		windows []Interval
		slot    time.Duration
		brk     time.Duration
		want    []int // starts, in minutes after 9:00
	}{
		{"a window holds slots every slot plus break, each ending by its end", []Interval{{Start: at(0), End: at(99)}}, 30 * time.Minute, 5 * time.Minute, []int{0, 35}},
		{"a slot that ends exactly at the window's end counts", []Interval{{Start: at(0), End: at(65)}}, 30 * time.Minute, 5 * time.Minute, []int{0, 35}},
		{"a window shorter than the slot holds none", []Interval{{Start: at(0), End: at(20)}}, 30 * time.Minute, 0, nil},
		{"windows give slots in order of time", []Interval{{Start: at(120), End: at(150)}, {Start: at(0), End: at(30)}}, 30 * time.Minute, 0, []int{0, 120}},
		{"no windows, no slots", nil, 30 * time.Minute, 0, nil},
		{"a slot length of zero gives none rather than looping", []Interval{{Start: at(0), End: at(30)}}, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Slots(&Instance{Windows: tt.windows, SlotLength: tt.slot, Break: tt.brk})
			if len(got) != len(tt.want) {
				t.Fatalf("got %d slots %v, want %v", len(got), got, tt.want)
			}
			for k, s := range got {
				if !s.Start.Equal(at(tt.want[k])) || s.End.Sub(s.Start) != tt.slot {
					t.Errorf("slot %d = %v, want start %d", k, s, tt.want[k])
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *Instance)
		field  string
	}{
		{"the tiny instance is valid", func(in *Instance) {}, ""},
		{"a slot length of zero is refused", func(in *Instance) { in.SlotLength = 0 }, "slotLength"},
		{"a negative break is refused", func(in *Instance) { in.Break = -time.Minute }, "break"},
		{"a window that ends before it starts is refused", func(in *Instance) { in.Windows[1].End = at(100) }, "windows[1]"},
		{"a room of capacity 0 is refused", func(in *Instance) { in.Rooms[1].Capacity = 0 }, "rooms[1].capacity"},
		{"two rooms of one id are refused", func(in *Instance) { in.Rooms[1].ID = "small" }, "rooms[1].id"},
		{"two interpreters of one id are refused", func(in *Instance) {
			in.Interpreters = append(in.Interpreters, Interpreter{ID: "anna"})
		}, "interpreters[1].id"},
		{"an interpreter's pair of one language is refused", func(in *Instance) {
			in.Interpreters[0].Pairs = append(in.Interpreters[0].Pairs, LanguagePair{A: "kk", B: "kk"})
		}, "interpreters[0].pairs[1]"},
		{"two delegations of one id are refused", func(in *Instance) { in.Delegations[2].ID = "kz" }, "delegations[2].id"},
		{"a person of an unknown delegation is refused", func(in *Instance) { in.People[3].Delegation = "xx" }, "people[3].delegation"},
		{"two people of one id are refused", func(in *Instance) { in.People[1].ID = "kz1" }, "people[1].id"},
		{"two meetings of one id are refused", func(in *Instance) { in.Meetings[1].ID = "a" }, "meetings[1].id"},
		{"a meeting of an unknown delegation is refused", func(in *Instance) { in.Meetings[0].Delegations[1] = "xx" }, "meetings[0].delegations[1]"},
		{"a delegation meeting itself is refused", func(in *Instance) {
			in.Meetings[0].Delegations = [2]string{"kz", "kz"}
			in.Meetings[0].People = []string{"kz1"}
		}, "meetings[0].delegations"},
		{"an unknown person is refused", func(in *Instance) { in.Meetings[2].People[1] = "nobody" }, "meetings[2].people[1]"},
		{"a person of neither delegation is refused", func(in *Instance) { in.Meetings[2].People[1] = "un1" }, "meetings[2].people[1]"},
		{"a person listed twice is refused", func(in *Instance) { in.Meetings[2].People[1] = "kz2" }, "meetings[2].people[1]"},
		{"a negative size is refused", func(in *Instance) { in.Meetings[3].Size = -1 }, "meetings[3].size"},
		{"a negative priority is refused", func(in *Instance) { in.Meetings[2].Priority = -1 }, "meetings[2].priority"},
		{"a pair of one language is refused", func(in *Instance) {
			in.Meetings[1].Interpretation = &LanguagePair{A: "ru", B: "ru"}
		}, "meetings[1].interpretation"},
		{"an unavailable span that ends before it starts is refused", func(in *Instance) {
			in.Rooms[0].Unavailable = []Interval{{Start: at(10), End: at(5)}}
		}, "rooms[0].unavailable[0]"},
		{"a grid of too many slots is refused", func(in *Instance) {
			in.SlotLength, in.Break = time.Second, 0
		}, "windows[0]"},
		{"a slot longer than every window is left to Solve", func(in *Instance) { in.SlotLength = 5 * time.Hour }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tiny()
			tt.change(&in)
			err := in.Validate()
			var fe *FieldError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("Validate = %v, want nil", err)
			case tt.field == "":
			case !errors.As(err, &fe):
				t.Fatalf("Validate = %v, want a *FieldError on %s", err, tt.field)
			case fe.Field != tt.field:
				t.Errorf("field = %q, want %q (%v)", fe.Field, tt.field, err)
			}
			if tt.field != "" {
				if _, err := Solve(context.Background(), in, Options{}); !errors.As(err, &fe) {
					t.Errorf("Solve = %v, want the same *FieldError", err)
				}
			}
		})
	}
}

// solveChecked solves in and fails the test when the result breaks a rule
// or does not hold together.
func solveChecked(t *testing.T, in Instance, opt Options) Result {
	t.Helper()
	res, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if v := Check(in, res.Placements); len(v) > 0 {
		t.Fatalf("Check: %+v", v)
	}
	if res.Placed != len(res.Placements) || res.Placed > res.UpperBound || len(res.Placements)+len(res.Unplaced) != len(in.Meetings) {
		t.Fatalf("placed %d (%d placements), bound %d, unplaced %d of %d meetings", res.Placed, len(res.Placements),
			res.UpperBound, len(res.Unplaced), len(in.Meetings))
	}
	if res.Optimal != (res.Placed == res.UpperBound) {
		t.Fatalf("optimal %v, placed %d, bound %d", res.Optimal, res.Placed, res.UpperBound)
	}
	for _, u := range res.Unplaced {
		if u.Reason == "" {
			t.Fatalf("meeting %s unplaced without a reason", u.Meeting)
		}
	}
	// Moves: exactly the published meetings not where they were, each
	// with where it went.
	final := map[string]Placement{}
	for _, pl := range res.Placements {
		final[pl.Meeting] = pl
	}
	moved := map[string]bool{}
	for _, mv := range res.Moves {
		moved[mv.Meeting] = true
		to, ok := final[mv.Meeting]
		switch {
		case mv.To == nil && ok:
			t.Fatalf("%s dropped by the moves but placed at %+v", mv.Meeting, to)
		case mv.To != nil && (!ok || *mv.To != to):
			t.Fatalf("%s moved to %+v but placed at %+v", mv.Meeting, mv.To, to)
		case mv.To != nil && *mv.To == mv.From:
			t.Fatalf("%s moved where it was", mv.Meeting)
		}
	}
	for _, pub := range in.Published {
		if to, ok := final[pub.Meeting]; ok && to == pub && moved[pub.Meeting] {
			t.Fatalf("%s kept but listed as moved", pub.Meeting)
		} else if (!ok || to != pub) && !moved[pub.Meeting] {
			t.Fatalf("%s not kept (%+v → %+v) but not among the moves", pub.Meeting, pub, to)
		}
	}
	return res
}

func TestSolveTiny(t *testing.T) {
	in := tiny()
	res := solveChecked(t, in, Options{Seed: 1})
	if res.Placed != 4 || !res.Optimal {
		t.Errorf("placed %d, optimal %v; want all 4, optimal: %+v", res.Placed, res.Optimal, res)
	}
}

// adversarial are instances meant to break a solver: nothing to place,
// nothing that fits, everyone away.
func adversarial() map[string]Instance {
	out := map[string]Instance{}
	in := tiny()
	in.Windows = nil
	out["no windows"] = in
	in = tiny()
	in.SlotLength = 3 * time.Hour
	out["a slot longer than every window"] = in
	in = tiny()
	for i := range in.Rooms {
		in.Rooms[i].Capacity = 1
	}
	out["every room too small"] = in
	in = tiny()
	for i := range in.People {
		in.People[i].Unavailable = []Interval{{Start: at(-600), End: at(600)}}
	}
	out["nobody free"] = in
	in = tiny()
	in.Interpreters = nil
	out["no interpreters"] = in
	in = tiny()
	in.Meetings = nil
	out["no meetings"] = in
	in = tiny()
	in.Rooms = nil
	out["no rooms"] = in
	in = tiny()
	for i := range in.Meetings {
		l := good()[i]
		l.Room = "big"
		in.Meetings[i].Locked = &l
	}
	out["every meeting locked, two in one room at once"] = in
	return out
}

func TestSolveOutputPassesCheck(t *testing.T) {
	for name, in := range adversarial() {
		t.Run(name, func(t *testing.T) {
			res := solveChecked(t, in, Options{Seed: 1})
			want := map[string]Reason{
				"no windows":                      ReasonNoCommonTime,
				"a slot longer than every window": ReasonSlotTooLong,
				"every room too small":            ReasonNoRoomLargeEnough,
				"nobody free":                     ReasonNoCommonTime,
				"no rooms":                        ReasonNoRoomLargeEnough,
			}[name]
			if want == "" {
				return
			}
			if res.Placed != 0 {
				t.Errorf("placed %d, want none", res.Placed)
			}
			for _, u := range res.Unplaced {
				if u.Reason != want {
					t.Errorf("%s: %s, want %s", u.Meeting, u.Reason, want)
				}
			}
		})
	}
	for seed := range int64(300) {
		in := Synthetic(seed, SyntheticSmall)
		t.Run(fmt.Sprintf("small instance %d", seed), func(t *testing.T) {
			solveChecked(t, in, Options{Seed: seed, TimeBox: 200 * time.Millisecond})
		})
	}
	for seed := range int64(5) {
		in := Synthetic(seed, SyntheticMedium)
		t.Run(fmt.Sprintf("medium instance %d", seed), func(t *testing.T) {
			solveChecked(t, in, Options{Seed: seed, TimeBox: 300 * time.Millisecond})
		})
	}
}
