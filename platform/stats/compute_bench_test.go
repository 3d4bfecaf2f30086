package stats_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/stats"
)

// BenchmarkCompute is the statistics of a year of 700 held events with
// 50 registrations each, computed in Go as the hub does per request
// (`go test ./platform/stats -bench Compute -run '^$'`).
func BenchmarkCompute(b *testing.B) {
	var events []*platform.Event
	var regs []*platform.Registration
	start := time.Date(2025, 1, 6, 4, 0, 0, 0, time.UTC)
	for i := range 700 {
		e := &platform.Event{ID: fmt.Sprintf("e%d", i), Kind: platform.EventRegionalTraining, Status: platform.EventHeld,
			Start: start.Add(time.Duration(i) * 12 * time.Hour), TimeZone: "Asia/Almaty", Country: "KZ", Countries: []string{"KZ", "UZ"},
			Trainers: []string{fmt.Sprintf("Trainer %d", i%90)}}
		e.End = e.Start.Add(56 * time.Hour)
		e.FillDefaults()
		events = append(events, e)
		for j := range 50 {
			regs = append(regs, &platform.Registration{ID: fmt.Sprintf("r%d-%d", i, j), EventID: e.ID, Queue: uint64(i*50 + j),
				State: platform.RegistrationActive, Category: platform.CategoryDelegate, Country: "KZ", Gender: "female",
				Email: fmt.Sprintf("p%d@example.org", j+i%40), Attended: []string{"2025-01-06"}})
		}
	}
	f := platform.StatsFilter{Year: 2025}
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for b.Loop() {
		held := stats.Held(events, f, now)
		stats.Compute(f, held, regs, nil)
	}
}
