package match_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/match"
)

// BenchmarkRank5000 answers matching requests over a pool of 5,000
// experts (SyntheticPool: 1,500 bookings, deliveries for 40%): "page"
// asks for the 50 best, as the secretariat's page does, "all" for every
// candidate with its reasons. Rank keeps nothing between calls, and the
// iterations rotate over 64 different requests (events and reviews, with
// and without dates), so no answer is reused. p95-ms is the 95th
// percentile of the iterations' times (the budget is 50 ms), cpu-ms/op
// the CPU time an iteration took, which a busy machine does not inflate.
//
//	go test -run '^$' -bench . -benchmem ./platform/match/
func BenchmarkRank5000(b *testing.B) {
	s := match.SyntheticPool(5000, 1)
	for _, bc := range []struct {
		name  string
		limit int
	}{{"page", 50}, {"all", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			var times []time.Duration
			i := 0
			cpu := cpuTime()
			for b.Loop() {
				req := s.Requests[i%len(s.Requests)]
				req.Limit = bc.limit
				start := time.Now()
				res := match.Rank(req, s.Experts, s.Bookings, s.Deliveries)
				times = append(times, time.Since(start))
				if len(res.Candidates) == 0 {
					b.Fatal("no candidates")
				}
				i++
			}
			b.ReportMetric(p95(times), "p95-ms")
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(i), "cpu-ms/op")
		})
	}
}

// BenchmarkDuplicates5000 finds the duplicates of a pool of 5,000 experts
// (2% planted twins spelled differently), alternating between two pools so
// that no run meets the memory the previous left warm. The budget is 2 s.
// The metrics are BenchmarkRank5000's.
//
//	go test -run '^$' -bench Duplicates -benchmem ./platform/match/
func BenchmarkDuplicates5000(b *testing.B) {
	pools := []*match.Synthetic{match.SyntheticPool(5000, 1), match.SyntheticPool(5000, 2)}
	var times []time.Duration
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		p := pools[i%len(pools)]
		start := time.Now()
		pairs := match.Duplicates(p.Experts)
		times = append(times, time.Since(start))
		if len(pairs) < len(p.Twins) {
			b.Fatalf("%d pairs for %d twins", len(pairs), len(p.Twins))
		}
		i++
	}
	b.ReportMetric(p95(times), "p95-ms")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(i), "cpu-ms/op")
}

// p95 is the 95th percentile of times, in milliseconds.
func p95(times []time.Duration) float64 {
	if len(times) == 0 {
		return 0
	}
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	return float64(sorted[(len(sorted)*95+99)/100-1]) / float64(time.Millisecond)
}
