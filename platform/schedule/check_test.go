package schedule

import (
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

// at is a time minutes after 9:00 on the test day.
func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

// tiny is a small valid instance: two windows (9:00–10:10 holding slots at
// 9:00 and 9:40, 11:00–11:30 holding one), two rooms, one en-ru
// interpreter, four delegations, and four meetings.
func tiny() Instance {
	return Instance{
		Windows:      []Interval{{Start: at(0), End: at(70)}, {Start: at(120), End: at(150)}},
		SlotLength:   30 * time.Minute,
		Break:        10 * time.Minute,
		Rooms:        []Room{{ID: "small", Capacity: 2}, {ID: "big", Capacity: 6}},
		Interpreters: []Interpreter{{ID: "anna", Pairs: []LanguagePair{{A: "ru", B: "en"}}}},
		Delegations:  []Delegation{{ID: "kz"}, {ID: "kg"}, {ID: "eu"}, {ID: "un"}},
		People: []Person{{ID: "kz1", Delegation: "kz"}, {ID: "kz2", Delegation: "kz"}, {ID: "kg1", Delegation: "kg"},
			{ID: "eu1", Delegation: "eu"}, {ID: "eu2", Delegation: "eu"}, {ID: "un1", Delegation: "un"}},
		Meetings: []Meeting{
			{ID: "a", Delegations: [2]string{"kz", "kg"}, People: []string{"kz1", "kg1"}, Priority: 2},
			{ID: "b", Delegations: [2]string{"eu", "un"}, People: []string{"eu1", "eu2", "un1"}, Priority: 3,
				Interpretation: &LanguagePair{A: "en", B: "ru"}},
			{ID: "c", Delegations: [2]string{"kz", "eu"}, People: []string{"kz2", "eu1"}, Priority: 1},
			{ID: "d", Delegations: [2]string{"kg", "un"}, People: []string{"kg1"}, Priority: 1, Size: 4},
		},
	}
}

// good is a valid schedule of tiny.
func good() []Placement {
	return []Placement{
		{Meeting: "a", Start: at(0), End: at(30), Room: "small"},
		{Meeting: "b", Start: at(0), End: at(30), Room: "big", Interpreter: "anna"},
		{Meeting: "c", Start: at(40), End: at(70), Room: "small"},
		{Meeting: "d", Start: at(120), End: at(150), Room: "big"},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *Instance, pl []Placement) []Placement
		want   []string // rules, in order
	}{
		{"a valid schedule passes", func(in *Instance, pl []Placement) []Placement { return pl }, nil},
		{"an empty schedule passes", func(in *Instance, pl []Placement) []Placement { return nil }, nil},
		{"a meeting not in the instance is unknown", func(in *Instance, pl []Placement) []Placement {
			return append(pl, Placement{Meeting: "zz", Start: at(120), End: at(150), Room: "small"})
		}, []string{"unknown_meeting"}},
		{"a meeting placed twice is caught", func(in *Instance, pl []Placement) []Placement {
			return append(pl, Placement{Meeting: "d", Start: at(40), End: at(70), Room: "big"})
		}, []string{"placed_twice"}},
		{"a meeting after the windows is outside them", func(in *Instance, pl []Placement) []Placement {
			pl[3].Start, pl[3].End = at(200), at(230)
			return pl
		}, []string{"outside_window"}},
		{"a meeting running past its window's end is outside it", func(in *Instance, pl []Placement) []Placement {
			pl[2].Start, pl[2].End = at(80), at(110)
			return pl
		}, []string{"outside_window"}},
		{"a meeting between grid slots is off the grid", func(in *Instance, pl []Placement) []Placement {
			in.Windows[0].End = at(80)
			pl[2].Start, pl[2].End = at(45), at(75)
			return pl
		}, []string{"off_grid"}},
		{"a meeting shorter than the slot has the wrong length", func(in *Instance, pl []Placement) []Placement {
			pl[2].End = at(60)
			return pl
		}, []string{"wrong_length"}},
		{"a person in two meetings at once overlaps (and so does the delegation)", func(in *Instance, pl []Placement) []Placement {
			pl[1].Start, pl[1].End = at(40), at(70)
			return pl
		}, []string{"person_overlap", "delegation_overlap"}},
		{"a delegation in two meetings at once overlaps", func(in *Instance, pl []Placement) []Placement {
			in.Meetings[2].People = []string{"kz2"}
			pl[1].Start, pl[1].End = at(40), at(70)
			return pl
		}, []string{"delegation_overlap"}},
		{"two meetings closer than the break share a delegation", func(in *Instance, pl []Placement) []Placement {
			in.Meetings[2].People = []string{"kz2"}
			in.Windows = append(in.Windows, Interval{Start: at(30), End: at(60)})
			return []Placement{pl[0], {Meeting: "c", Start: at(30), End: at(60), Room: "big"}}
		}, []string{"delegation_overlap"}},
		{"one room holding two meetings at once overlaps", func(in *Instance, pl []Placement) []Placement {
			pl[1].Room = "small"
			pl[1].Interpreter = "anna"
			in.Rooms[0].Capacity = 5
			return pl
		}, []string{"room_overlap"}},
		{"one interpreter in two meetings at once overlaps", func(in *Instance, pl []Placement) []Placement {
			pl[0].Interpreter = "anna"
			return pl
		}, []string{"interpreter_overlap"}},
		{"a room too small for the meeting is caught", func(in *Instance, pl []Placement) []Placement {
			pl[3].Room = "small"
			return pl
		}, []string{"room_too_small"}},
		{"an interpreter without the pair is caught", func(in *Instance, pl []Placement) []Placement {
			in.Interpreters[0].Pairs = []LanguagePair{{A: "en", B: "kk"}}
			return pl
		}, []string{"interpreter_pair"}},
		{"a meeting that needs an interpreter has one", func(in *Instance, pl []Placement) []Placement {
			pl[1].Interpreter = ""
			return pl
		}, []string{"missing_interpreter"}},
		{"a person away is unavailable", func(in *Instance, pl []Placement) []Placement {
			in.People[0].Unavailable = []Interval{{Start: at(20), End: at(25)}}
			return pl
		}, []string{"unavailable"}},
		{"a delegation away is unavailable", func(in *Instance, pl []Placement) []Placement {
			in.Delegations[3].Unavailable = []Interval{{Start: at(140), End: at(200)}}
			return pl
		}, []string{"unavailable"}},
		{"a room taken is unavailable", func(in *Instance, pl []Placement) []Placement {
			in.Rooms[1].Unavailable = []Interval{{Start: at(0), End: at(1)}}
			return pl
		}, []string{"unavailable"}},
		{"an interpreter away is unavailable", func(in *Instance, pl []Placement) []Placement {
			in.Interpreters[0].Unavailable = []Interval{{Start: at(29), End: at(40)}}
			return pl
		}, []string{"unavailable"}},
		{"unavailability that ends as the meeting starts is no conflict", func(in *Instance, pl []Placement) []Placement {
			in.People[0].Unavailable = []Interval{{Start: at(-60), End: at(0)}}
			return pl
		}, nil},
		{"an unknown room is caught", func(in *Instance, pl []Placement) []Placement {
			pl[0].Room = "attic"
			return pl
		}, []string{"unknown_room"}},
		{"an unknown interpreter is caught", func(in *Instance, pl []Placement) []Placement {
			pl[1].Interpreter = "boris"
			return pl
		}, []string{"unknown_interpreter"}},
		{"a locked meeting elsewhere has moved", func(in *Instance, pl []Placement) []Placement {
			in.Meetings[2].Locked = &Placement{Meeting: "c", Start: at(120), End: at(150), Room: "small"}
			return pl
		}, []string{"locked_moved"}},
		{"a locked meeting where it is locked passes", func(in *Instance, pl []Placement) []Placement {
			l := pl[2]
			in.Meetings[2].Locked = &l
			return pl
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tiny()
			pl := tt.change(&in, good())
			var got []string
			for _, v := range Check(in, pl) {
				got = append(got, v.Rule)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rules = %v, want %v (%+v)", got, tt.want, Check(in, pl))
			}
		})
	}
}
