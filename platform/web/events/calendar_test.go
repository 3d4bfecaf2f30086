package events

import (
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

func TestEventDaysAreTheEventsOwn(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		name, zone, start, end, first, last string
	}{
		{"an evening in Bishkek that is already the next day there", "Asia/Bishkek", "2026-10-31T19:00:00Z", "2026-10-31T21:00:00Z", "2026-11-01", "2026-11-01"},
		{"two days in Tashkent", "Asia/Tashkent", "2026-10-30T04:00:00Z", "2026-10-31T13:00:00Z", "2026-10-30", "2026-10-31"},
		{"ending at midnight there does not take the next day", "Asia/Tashkent", "2026-10-30T04:00:00Z", "2026-10-30T19:00:00Z", "2026-10-30", "2026-10-30"},
		{"an instant", "UTC", "2026-10-30T00:00:00Z", "2026-10-30T00:00:00Z", "2026-10-30", "2026-10-30"},
		{"a New York evening is the next day in UTC but not there", "America/New_York", "2026-10-30T22:00:00Z", "2026-10-31T02:00:00Z", "2026-10-30", "2026-10-30"},
	} {
		e := &platform.Event{TimeZone: tt.zone, Start: utc(tt.start), End: utc(tt.end)}
		first, last := eventDays(e)
		if first.Format(time.DateOnly) != tt.first || last.Format(time.DateOnly) != tt.last {
			t.Errorf("%s: %s to %s, want %s to %s", tt.name, first.Format(time.DateOnly), last.Format(time.DateOnly), tt.first, tt.last)
		}
	}
}

func TestParseMonth(t *testing.T) {
	now := time.Date(2026, 10, 14, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"", "2026-10", true}, {"2026-02", "2026-02", true}, {"1900-01", "1900-01", true},
		{"2026-13", "", false}, {"2026-1", "", false}, {"26-01", "", false}, {"1899-12", "", false}, {"2999-01", "", false}, {"2026-02-01", "", false},
	} {
		m, err := parseMonth(tt.in, now)
		if (err == nil) != tt.ok || tt.ok && m.Format(monthLayout) != tt.want {
			t.Errorf("parseMonth(%q) = %v, %v", tt.in, m, err)
		}
		if err != nil && platform.ErrorCode(err) != platform.Invalid {
			t.Errorf("parseMonth(%q): %v is not Invalid", tt.in, err)
		}
	}
}
