package schedule

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestAWithdrawnRoomMovesItsMeetingsToAnotherRoomAtTheSameTime publishes
// three meetings in room A, the latest first, and solves again with room A
// withdrawn and room B free all day: each meeting can keep its time in
// room B, so none may change time (a delegation plans its day around the
// times it was sent; a new room is the least change). It once moved them
// to the earliest free slots instead.
func TestAWithdrawnRoomMovesItsMeetingsToAnotherRoomAtTheSameTime(t *testing.T) {
	day := time.Date(2027, 6, 15, 4, 0, 0, 0, time.UTC)
	in := Instance{
		Windows:    []Interval{{Start: day, End: day.Add(3 * time.Hour)}},
		SlotLength: 45 * time.Minute,
		Break:      15 * time.Minute,
		Rooms:      []Room{{ID: "B", Capacity: 10}},
	}
	for i := 0; i < 3; i++ {
		a, b := fmt.Sprintf("d%da", i), fmt.Sprintf("d%db", i)
		in.Delegations = append(in.Delegations, Delegation{ID: a}, Delegation{ID: b})
		in.People = append(in.People, Person{ID: a + "1", Delegation: a}, Person{ID: b + "1", Delegation: b})
		id := fmt.Sprintf("m%d", i)
		in.Meetings = append(in.Meetings, Meeting{ID: id, Delegations: [2]string{a, b}, People: []string{a + "1", b + "1"}, Priority: 1})
		start := day.Add(time.Duration(2-i) * time.Hour)
		in.Published = append(in.Published, Placement{Meeting: id, Start: start, End: start.Add(45 * time.Minute), Room: "A"})
	}
	for seed := int64(1); seed <= 5; seed++ {
		res, err := Solve(context.Background(), in, Options{Seed: seed, TimeBox: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if res.Placed != 3 || len(res.Moves) != 3 {
			t.Fatalf("seed %d: placed %d with %d moves, want 3 and 3 (room changes): %+v", seed, res.Placed, len(res.Moves), res)
		}
		for _, mv := range res.Moves {
			if mv.To == nil || !mv.To.Start.Equal(mv.From.Start) || mv.To.Room != "B" {
				t.Errorf("seed %d: %s moved from %s to %+v, want room B at the same time", seed, mv.Meeting, mv.From.Start.Format("15:04"), mv.To)
			}
		}
	}
}
