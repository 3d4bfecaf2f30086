package platform_test

import (
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

func TestStatsFilterValidateNamesTheParameter(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		f     platform.StatsFilter
		param string // "" when valid
	}{
		{"no year means this year", platform.StatsFilter{}, ""},
		{"a past year with countries and areas is valid", platform.StatsFilter{Year: 2024, Countries: []string{"kz", "other"}, Areas: []string{"prevention"}}, ""},
		{"a year before 1900 is refused", platform.StatsFilter{Year: 1899}, "year"},
		{"a year too far ahead is refused", platform.StatsFilter{Year: 2037}, "year"},
		{"ten years ahead is accepted", platform.StatsFilter{Year: 2036}, ""},
		{"an unknown country is refused", platform.StatsFilter{Year: 2025, Countries: []string{"XX"}}, "country"},
		{"an unknown area is refused", platform.StatsFilter{Year: 2025, Areas: []string{"sports"}}, "area"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Normalize(now)
			err := tt.f.Validate(now)
			if tt.param == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := platform.AsError(err)
			if e == nil || e.Code != platform.Invalid || e.Data["Field"] != tt.param {
				t.Fatalf("error %v, want Invalid naming %q", err, tt.param)
			}
		})
	}
	f := platform.StatsFilter{Countries: []string{"kz", "KZ", "Other"}}
	f.Normalize(now)
	if f.Year != 2026 || len(f.Countries) != 2 || f.Countries[0] != "KZ" || f.Countries[1] != "other" {
		t.Errorf("normalized %+v", f)
	}
}

func TestTrainingHoursAreCappedPerDayInTheEventsZone(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		start, end string
		zone       string
		want       float64
		days       int
	}{
		{"a two-hour webinar", "2025-03-10T04:00:00Z", "2025-03-10T06:00:00Z", "Asia/Bishkek", 2, 1},
		{"a ten-hour day counts eight", "2025-03-10T02:00:00Z", "2025-03-10T12:00:00Z", "Asia/Bishkek", 8, 1},
		{"three days from Monday 09:00 to Wednesday 17:00 are 24 hours, not 56", "2025-03-10T03:00:00Z", "2025-03-12T11:00:00Z", "Asia/Bishkek", 24, 3},
		{"an evening into the night is split at midnight in the event's zone", "2025-03-10T16:00:00Z", "2025-03-10T20:00:00Z", "Asia/Tashkent", 4, 2},
		{"an event ending at midnight does not cover the next day", "2025-03-10T13:00:00Z", "2025-03-10T19:00:00Z", "Asia/Tashkent", 6, 1},
		{"an event of no length has no hours", "2025-03-10T13:00:00Z", "2025-03-10T13:00:00Z", "UTC", 0, 0},
		{"a day of DST change in Vienna has its own length", "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z", "Europe/Vienna", 8, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &platform.Event{Kind: platform.EventRegionalTraining, Start: at(tt.start), End: at(tt.end), TimeZone: tt.zone}
			if got := e.TrainingHours(); got != tt.want {
				t.Errorf("hours %v, want %v", got, tt.want)
			}
			if got := len(e.DayHours()); got != tt.days {
				t.Errorf("days %v, want %d", e.DayHours(), tt.days)
			}
		})
	}
}

func TestAnEventIsHeldWhenItSaysSoOrEndedUncancelled(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	tests := []struct {
		status platform.EventStatus
		end    time.Time
		want   bool
	}{
		{platform.EventHeld, future, true},
		{platform.EventHeld, past, true},
		{platform.EventPlanned, past, true},
		{platform.EventRegistrationOpen, past, true},
		{platform.EventFull, past, true},
		{platform.EventPlanned, future, false},
		{platform.EventCancelled, past, false},
		{platform.EventDraft, past, false},
	}
	for _, tt := range tests {
		e := &platform.Event{Status: tt.status, End: tt.end}
		if got := e.HeldBy(now); got != tt.want {
			t.Errorf("%s ending %s: held %v, want %v", tt.status, tt.end.Format(time.Kitchen), got, tt.want)
		}
	}
	if !platform.EventRegionalTraining.Training() || !platform.EventNationalTraining.Training() || platform.EventWebinar.Training() {
		t.Errorf("the training kinds are the two trainings")
	}
}
