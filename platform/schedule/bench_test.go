package schedule

import (
	"context"
	"testing"
	"time"
)

// The benchmarks solve synthetic instances (Synthetic): each iteration
// solves a fresh copy of the same instance, the solver keeps nothing
// between calls, so there is no cache to warm. Figures: `go test -run XXX
// -bench . -benchtime 5x ./platform/schedule/` (placed, bound and gap are
// reported as metrics; cmd/hubbench bench-schedule prints the same per
// run, with the re-solve and the comparison with an exhaustive search).

func BenchmarkSolveConference(b *testing.B) {
	in := Synthetic(1, SyntheticConference)
	var res Result
	for b.Loop() {
		var err error
		res, err = Solve(context.Background(), in, Options{TimeBox: 2 * time.Second, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Placed), "placed")
	b.ReportMetric(float64(res.UpperBound), "bound")
	b.ReportMetric(100*float64(res.UpperBound-res.Placed)/float64(max(1, res.UpperBound)), "gap%")
}

func BenchmarkSolveMedium(b *testing.B) {
	in := Synthetic(1, SyntheticMedium)
	for b.Loop() {
		if _, err := Solve(context.Background(), in, Options{TimeBox: 2 * time.Second, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSolveSmall solves 200 small instances per iteration, each to a
// proven optimum.
func BenchmarkSolveSmall(b *testing.B) {
	ins := make([]Instance, 200)
	for i := range ins {
		ins[i] = Synthetic(int64(i), SyntheticSmall)
	}
	for b.Loop() {
		for i, in := range ins {
			if _, err := Solve(context.Background(), in, Options{TimeBox: 2 * time.Second, Seed: int64(i)}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkResolveWithdrawnRoom solves the conference again with its
// schedule published and its busiest room withdrawn; a re-solve runs to its
// time box (1 s here) when it cannot prove that no schedule moves fewer.
func BenchmarkResolveWithdrawnRoom(b *testing.B) {
	in := Synthetic(1, SyntheticConference)
	first, err := Solve(context.Background(), in, Options{TimeBox: 2 * time.Second, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	in.Published = first.Placements
	in.Rooms = in.Rooms[1:] // room-1, the smallest, is the busiest
	var res Result
	for b.Loop() {
		res, err = Solve(context.Background(), in, Options{TimeBox: time.Second, Seed: 2})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Moves)), "moves")
}

func BenchmarkCheckConference(b *testing.B) {
	in := Synthetic(1, SyntheticConference)
	res, err := Solve(context.Background(), in, Options{TimeBox: 2 * time.Second, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if v := Check(in, res.Placements); len(v) > 0 {
			b.Fatal(v)
		}
	}
}
