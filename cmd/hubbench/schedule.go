package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"

	"github.com/ca-uncac/hub/platform/schedule"
	"github.com/ca-uncac/hub/platform/schedule/scheduletest"
)

// The bilateral scheduler's benchmark, in the process (the solver is pure:
// no database, no HTTP). For each run it solves a fresh synthetic
// conference (schedule.Synthetic with SyntheticConference: 60
// delegations, 400 accepted requests, 6 rooms, 12 interpreters, two days;
// run k uses seed --seed+k, so no two runs share an instance and nothing
// is cached between them), and prints the time, the count placed, the
// proven upper bound and the gap, and the priority placed against its
// bound. Then, on the same instances, it withdraws the busiest room of the
// schedule, publishes the schedule and solves again: the moves, against
// the meetings the room held (the objective is count, then fewest moves,
// then priority, so a meeting outside the room moves only when that
// places more than keeping every other meeting where it was). Last, it
// compares Solve with an exhaustive search on 200 small instances, then
// the re-solve of each after a change (a room or a person withdrawn, a
// request added) with the exhaustive optimum of count, moves and priority.

const scheduleUsage = `usage: hubbench bench-schedule [--seed N] [--runs N] [--timebox 2s] [--requests N] [--small N]`

func scheduleBenchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench-schedule", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Int64("seed", 1, "seed of the first run's instance (run k uses seed+k)")
	runs := fs.Int("runs", 5, "conferences to solve")
	box := fs.Duration("timebox", 2*time.Second, "the solver's time box")
	requests := fs.Int("requests", 0, "accepted requests per conference (0: the benchmark's 400; fewer makes rooms less scarce)")
	small := fs.Int("small", 200, "small instances compared with an exhaustive search (0: none)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%v\n%s", err, scheduleUsage)
	}
	instance := func(k int) schedule.Instance {
		in := schedule.Synthetic(*seed+int64(k), schedule.SyntheticConference)
		if *requests > 0 && *requests < len(in.Meetings) {
			in.Meetings = in.Meetings[:*requests]
		}
		return in
	}

	fmt.Fprintf(stdout, "| run | seed | requests | elapsed | placed | upper bound | gap | optimal | priority placed / bound | Check |\n|---|---|---|---|---|---|---|---|---|---|\n")
	var took []time.Duration
	var gaps []float64
	for k := range *runs {
		in := instance(k)
		res, err := schedule.Solve(ctx, in, schedule.Options{TimeBox: *box, Seed: *seed + int64(k)})
		if err != nil {
			return err
		}
		gap := 0.0
		if res.UpperBound > 0 {
			gap = 100 * float64(res.UpperBound-res.Placed) / float64(res.UpperBound)
		}
		took, gaps = append(took, res.Elapsed), append(gaps, gap)
		fmt.Fprintf(stdout, "| %d | %d | %d | %s | %d | %d | %.1f %% | %v | %d / %d | %s |\n", k+1, *seed+int64(k), len(in.Meetings),
			res.Elapsed.Round(time.Millisecond), res.Placed, res.UpperBound, gap, res.Optimal,
			priority(in, res.Placements), priorityBound(in, res), verdict(in, res.Placements))
	}
	slices.Sort(took)
	slices.Sort(gaps)
	fmt.Fprintf(stdout, "\nmedian of %d runs: elapsed %s, gap %.1f %% (worst: %s, %.1f %%)\n", len(took),
		took[len(took)/2].Round(time.Millisecond), gaps[len(gaps)/2], took[len(took)-1].Round(time.Millisecond), gaps[len(gaps)-1])

	fmt.Fprintf(stdout, "\nre-solve after the busiest room is withdrawn, the first schedule published (a meeting outside the room\nmoves only when that places more than keeping every other meeting where it was):\n\n")
	fmt.Fprintf(stdout, "| run | room | meetings in it | moves | in the room: moved, dropped | outside the room: moved, dropped | placed, priority | keeping the others: placed, priority | elapsed | Check |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for k := range *runs {
		in := instance(k)
		first, err := schedule.Solve(ctx, in, schedule.Options{TimeBox: *box, Seed: *seed + int64(k)})
		if err != nil {
			return err
		}
		per := map[string]int{}
		for _, pl := range first.Placements {
			per[pl.Room]++
		}
		gone := ""
		for _, r := range in.Rooms {
			if gone == "" || per[r.ID] > per[gone] {
				gone = r.ID
			}
		}
		in.Rooms = slices.DeleteFunc(slices.Clone(in.Rooms), func(r schedule.Room) bool { return r.ID == gone })
		in.Published = first.Placements
		again, err := schedule.Solve(ctx, in, schedule.Options{TimeBox: *box, Seed: *seed + int64(k) + 1000})
		if err != nil {
			return err
		}
		wasIn := map[string]bool{}
		for _, pl := range first.Placements {
			wasIn[pl.Meeting] = pl.Room == gone
		}
		inside, insideDropped, outside, dropped := 0, 0, 0, 0
		for _, mv := range again.Moves {
			if wasIn[mv.Meeting] {
				inside++
				if mv.To == nil {
					insideDropped++
				}
			} else {
				outside++
				if mv.To == nil {
					dropped++
				}
			}
		}
		// What keeping every other meeting where it was would give: the
		// same solve with them locked.
		kept := in
		kept.Meetings = slices.Clone(in.Meetings)
		at := map[string]schedule.Placement{}
		for _, pl := range first.Placements {
			if pl.Room != gone {
				at[pl.Meeting] = pl
			}
		}
		for i, m := range kept.Meetings {
			if pl, ok := at[m.ID]; ok {
				kept.Meetings[i].Locked = &pl
			}
		}
		base, err := schedule.Solve(ctx, kept, schedule.Options{TimeBox: *box, Seed: *seed + int64(k) + 1000})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "| %d | %s | %d | %d | %d, %d | %d, %d | %d, %d | %d, %d | %s | %s |\n", k+1, gone, per[gone], len(again.Moves),
			inside-insideDropped, insideDropped, outside-dropped, dropped,
			again.Placed, priority(in, again.Placements), base.Placed, priority(in, base.Placements),
			again.Elapsed.Round(time.Millisecond), verdict(in, again.Placements))
	}

	if *small > 0 {
		equal, equalPrio, optimal, resolved, moves := 0, 0, 0, 0, 0
		var solveTime, searchTime time.Duration
		for s := range int64(*small) {
			in := schedule.Synthetic(s, schedule.SyntheticSmall)
			res, err := schedule.Solve(ctx, in, schedule.Options{TimeBox: *box, Seed: s})
			if err != nil {
				return err
			}
			solveTime += res.Elapsed
			t0 := time.Now()
			want, wantPrio := scheduletest.ExhaustiveBest(in, true)
			searchTime += time.Since(t0)
			if res.Placed == want {
				equal++
				if priority(in, res.Placements) == wantPrio {
					equalPrio++
				}
			} else {
				fmt.Fprintf(stdout, "small instance %d: placed %d, the optimum is %d\n", s, res.Placed, want)
			}
			if res.Optimal {
				optimal++
			}
			what := scheduletest.Change(&in, res, int(s%3))
			again, err := schedule.Solve(ctx, in, schedule.Options{TimeBox: *box, Seed: s + 1})
			if err != nil {
				return err
			}
			solveTime += again.Elapsed
			t0 = time.Now()
			wantN, wantM, wantP := scheduletest.ExhaustiveResolve(in)
			searchTime += time.Since(t0)
			moves += len(again.Moves)
			if again.Placed == wantN && len(again.Moves) == wantM && priority(in, again.Placements) == wantP {
				resolved++
			} else {
				fmt.Fprintf(stdout, "small instance %d, %s: re-solve placed %d, moved %d, priority %d; the optimum is %d, %d, %d\n",
					s, what, again.Placed, len(again.Moves), priority(in, again.Placements), wantN, wantM, wantP)
			}
		}
		fmt.Fprintf(stdout, "\n%d small instances (seeds 0–%d): placed = exhaustive optimum on %d, and the priority too on %d; proven optimal by Solve on %d;\n"+
			"re-solved after a change (a room withdrawn, a person withdrawn, a request added, by turns), the schedule published:\n"+
			"placed, moves and priority = exhaustive optimum on %d (%d moves in all); Solve %s in all, exhaustive search %s\n",
			*small, *small-1, equal, equalPrio, optimal, resolved, moves, solveTime.Round(time.Millisecond), searchTime.Round(time.Millisecond))
	}
	return nil
}

// priority is the sum of the priorities of the placed meetings.
func priority(in schedule.Instance, placements []schedule.Placement) int {
	prio := map[string]int{}
	for _, m := range in.Meetings {
		prio[m.ID] = m.Priority
	}
	sum := 0
	for _, pl := range placements {
		sum += prio[pl.Meeting]
	}
	return sum
}

// priorityBound is the most priority UpperBound meetings could have: the
// highest priorities of the meetings that some schedule might place (not
// unplaced for a reason of their own).
func priorityBound(in schedule.Instance, res schedule.Result) int {
	alone := map[string]bool{}
	for _, u := range res.Unplaced {
		switch u.Reason {
		case schedule.ReasonSlotTooLong, schedule.ReasonNoRoomLargeEnough, schedule.ReasonNoInterpreter, schedule.ReasonNoCommonTime, schedule.ReasonLockedInvalid:
			alone[u.Meeting] = true
		}
	}
	var ps []int
	for _, m := range in.Meetings {
		if !alone[m.ID] {
			ps = append(ps, m.Priority)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ps)))
	sum := 0
	for k := 0; k < res.UpperBound && k < len(ps); k++ {
		sum += ps[k]
	}
	return sum
}

// verdict is what the independent checker says of a schedule.
func verdict(in schedule.Instance, placements []schedule.Placement) string {
	if v := schedule.Check(in, placements); len(v) > 0 {
		return fmt.Sprintf("%d violations (%s…)", len(v), v[0].Rule)
	}
	return "valid"
}
