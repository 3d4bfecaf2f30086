package schedule_test

import (
	"context"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/schedule"
	"github.com/ca-uncac/hub/platform/schedule/scheduletest"
)

// TestSolveFindsTheExactOptimumOfSmallInstances compares Solve with an
// exhaustive search (scheduletest, written apart from the solver) on 200
// seeded small instances: the count placed must be the most any schedule
// places, and the priority placed the most any schedule of that count has.
func TestSolveFindsTheExactOptimumOfSmallInstances(t *testing.T) {
	began := time.Now()
	var solveTime, searchTime time.Duration
	optimal, atBound, short := 0, 0, 0
	for seed := range int64(200) {
		in := schedule.Synthetic(seed, schedule.SyntheticSmall)
		t0 := time.Now()
		res, err := schedule.Solve(context.Background(), in, schedule.Options{Seed: seed, TimeBox: 5 * time.Second})
		solveTime += time.Since(t0)
		if err != nil {
			t.Fatalf("instance %d: %v", seed, err)
		}
		t0 = time.Now()
		want, wantPrio := scheduletest.ExhaustiveBest(in, true)
		searchTime += time.Since(t0)
		if d := time.Since(t0); d > time.Second {
			t.Logf("instance %d: exhaustive search %s (%d delegations, %d meetings, %d slots, %d rooms)", seed, d, len(in.Delegations), len(in.Meetings), len(schedule.Slots(&in)), len(in.Rooms))
		}
		if res.Placed != want {
			t.Errorf("instance %d (%d delegations, %d meetings): Solve placed %d, the optimum is %d", seed, len(in.Delegations), len(in.Meetings), res.Placed, want)
		}
		prio := 0
		for _, pl := range res.Placements {
			for _, m := range in.Meetings {
				if m.ID == pl.Meeting {
					prio += m.Priority
				}
			}
		}
		if res.Placed == want && prio != wantPrio {
			t.Errorf("instance %d: Solve placed priority %d, the most for %d meetings is %d", seed, prio, want, wantPrio)
		}
		if res.UpperBound < want {
			t.Errorf("instance %d: the bound %d is below the optimum %d", seed, res.UpperBound, want)
		}
		if want < len(in.Meetings) {
			short++
		}
		if res.Optimal {
			optimal++
		}
		if res.Placed == res.UpperBound {
			atBound++
		}
	}
	t.Logf("200 instances in %s: Solve %s, exhaustive search %s; %d where not all meetings fit; proven optimal %d, placed = bound %d",
		time.Since(began).Round(time.Millisecond), solveTime.Round(time.Millisecond), searchTime.Round(time.Millisecond), short, optimal, atBound)
}

// TestResolveFindsTheExactOptimumOfSmallInstances solves 200 seeded small
// instances, publishes the schedule, changes the instance (by turns: the
// busiest room withdrawn, the busiest person withdrawn, a request of the
// highest priority added) and solves again; the re-solve must reach the
// exhaustive search's optimum of the whole objective: the count placed,
// then the fewest published meetings moved (time, room or interpreter
// changed, or dropped), then the priority. This is where "moves before
// priority" is proven: a published meeting dropped for a meeting of higher
// priority, or moved for nothing, shows as moves above the optimum.
func TestResolveFindsTheExactOptimumOfSmallInstances(t *testing.T) {
	began := time.Now()
	moved, searched := 0, 0
	for seed := range int64(200) {
		in := schedule.Synthetic(seed, schedule.SyntheticSmall)
		first, err := schedule.Solve(context.Background(), in, schedule.Options{Seed: seed, TimeBox: 5 * time.Second})
		if err != nil {
			t.Fatalf("instance %d: %v", seed, err)
		}
		what := scheduletest.Change(&in, first, int(seed%3))
		again, err := schedule.Solve(context.Background(), in, schedule.Options{Seed: seed + 1, TimeBox: 5 * time.Second})
		if err != nil {
			t.Fatalf("instance %d: %v", seed, err)
		}
		if v := schedule.Check(in, again.Placements); len(v) > 0 {
			t.Fatalf("instance %d, %s: Check: %+v", seed, what, v)
		}
		t0 := time.Now()
		wantN, wantM, wantP := scheduletest.ExhaustiveResolve(in)
		searched++
		if d := time.Since(t0); d > time.Second {
			t.Logf("instance %d: exhaustive search %s", seed, d)
		}
		prio := 0
		for _, pl := range again.Placements {
			for _, m := range in.Meetings {
				if m.ID == pl.Meeting {
					prio += m.Priority
				}
			}
		}
		moved += len(again.Moves)
		switch {
		case again.Placed != wantN:
			t.Errorf("instance %d, %s: re-solve placed %d, the optimum is %d", seed, what, again.Placed, wantN)
		case len(again.Moves) != wantM:
			t.Errorf("instance %d, %s: re-solve moved %d published meetings, the fewest for %d placed is %d: %+v", seed, what, len(again.Moves), wantN, wantM, again.Moves)
		case prio != wantP:
			t.Errorf("instance %d, %s: re-solve placed priority %d, the most for %d placed and %d moved is %d", seed, what, prio, wantN, wantM, wantP)
		}
	}
	t.Logf("%d re-solves in %s, %d moves in all", searched, time.Since(began).Round(time.Millisecond), moved)
}
