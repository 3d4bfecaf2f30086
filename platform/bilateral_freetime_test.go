package platform

import (
	"slices"
	"testing"
	"time"
)

func TestBilateralWindows(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	r := func(a, b string) TimeRange { return TimeRange{Start: at(a), End: at(b)} }
	session := func(a, b string) EventSession { return EventSession{Start: at(a), End: at(b)} }
	settings := func(start, end string) *BilateralSettings {
		s := DefaultBilateralSettings("e")
		s.DayStart, s.DayEnd = start, end
		return s
	}
	tests := []struct {
		name     string
		event    Event
		settings *BilateralSettings
		want     []TimeRange
	}{
		{
			name:     "an event with no sessions has the day's hours on each day, in its zone",
			event:    Event{Start: at("2024-10-30T09:00:00+05:00"), End: at("2024-11-01T17:00:00+05:00"), TimeZone: "Asia/Almaty"},
			settings: settings("09:00", "18:00"),
			want: []TimeRange{
				r("2024-10-30T09:00:00+05:00", "2024-10-30T18:00:00+05:00"),
				r("2024-10-31T09:00:00+05:00", "2024-10-31T18:00:00+05:00"),
				r("2024-11-01T09:00:00+05:00", "2024-11-01T17:00:00+05:00"), // the event ends at five
			},
		},
		{
			name: "the plenary sessions are taken out of the day",
			event: Event{Start: at("2024-10-30T09:00:00+05:00"), End: at("2024-10-30T18:00:00+05:00"), TimeZone: "Asia/Tashkent",
				Sessions: []EventSession{session("2024-10-30T10:00:00+05:00", "2024-10-30T12:00:00+05:00"),
					session("2024-10-30T14:00:00+05:00", "2024-10-30T15:30:00+05:00"),
					session("2024-10-30T14:30:00+05:00", "2024-10-30T16:00:00+05:00")}},
			settings: settings("09:00", "18:00"),
			want: []TimeRange{
				r("2024-10-30T09:00:00+05:00", "2024-10-30T10:00:00+05:00"),
				r("2024-10-30T12:00:00+05:00", "2024-10-30T14:00:00+05:00"),
				r("2024-10-30T16:00:00+05:00", "2024-10-30T18:00:00+05:00"),
			},
		},
		{
			name: "a session running past midnight takes time from both days",
			event: Event{Start: at("2025-10-29T09:00:00+06:00"), End: at("2025-10-30T17:00:00+06:00"), TimeZone: "Asia/Bishkek",
				Sessions: []EventSession{session("2025-10-29T20:00:00+06:00", "2025-10-30T10:00:00+06:00")}},
			settings: settings("08:00", "22:00"),
			want: []TimeRange{
				r("2025-10-29T09:00:00+06:00", "2025-10-29T20:00:00+06:00"),
				r("2025-10-30T10:00:00+06:00", "2025-10-30T17:00:00+06:00"),
			},
		},
		{
			name:     "days are the event zone's days, not UTC's: Dushanbe's morning is the evening before in UTC",
			event:    Event{Start: at("2026-11-11T00:00:00+05:00"), End: at("2026-11-11T23:00:00+05:00"), TimeZone: "Asia/Dushanbe"},
			settings: settings("02:00", "04:00"),
			want:     []TimeRange{r("2026-11-11T02:00:00+05:00", "2026-11-11T04:00:00+05:00")},
		},
		{
			name:     "Ashgabat keeps +05:00 all year (no daylight saving): March and October alike",
			event:    Event{Start: at("2027-03-27T00:00:00+05:00"), End: at("2027-03-29T00:00:00+05:00"), TimeZone: "Asia/Ashgabat"},
			settings: settings("09:00", "10:00"),
			want: []TimeRange{
				r("2027-03-27T09:00:00+05:00", "2027-03-27T10:00:00+05:00"),
				r("2027-03-28T09:00:00+05:00", "2027-03-28T10:00:00+05:00"),
			},
		},
		{
			name:     "a zone with daylight saving keeps 09:00 local across the change",
			event:    Event{Start: at("2027-03-27T00:00:00+01:00"), End: at("2027-03-29T00:00:00+02:00"), TimeZone: "Europe/Vienna"},
			settings: settings("09:00", "10:00"),
			want: []TimeRange{
				r("2027-03-27T09:00:00+01:00", "2027-03-27T10:00:00+01:00"),
				r("2027-03-28T09:00:00+02:00", "2027-03-28T10:00:00+02:00"),
			},
		},
		{
			name:     "a day filled by sessions has no window",
			event:    Event{Start: at("2024-10-30T09:00:00+05:00"), End: at("2024-10-30T18:00:00+05:00"), TimeZone: "Asia/Almaty", Sessions: []EventSession{session("2024-10-30T08:00:00+05:00", "2024-10-30T19:00:00+05:00")}},
			settings: settings("09:00", "18:00"),
			want:     []TimeRange{},
		},
		{
			name:  "windows listed explicitly are taken as they are, within the event",
			event: Event{Start: at("2024-10-30T09:00:00+05:00"), End: at("2024-10-30T18:00:00+05:00"), TimeZone: "Asia/Almaty", Sessions: []EventSession{session("2024-10-30T09:00:00+05:00", "2024-10-30T18:00:00+05:00")}},
			settings: func() *BilateralSettings {
				s := settings("09:00", "18:00")
				s.Windows = []TimeRange{r("2024-10-30T13:00:00+05:00", "2024-10-30T19:00:00+05:00"), r("2024-10-30T08:00:00+05:00", "2024-10-30T10:00:00+05:00")}
				return s
			}(),
			want: []TimeRange{r("2024-10-30T09:00:00+05:00", "2024-10-30T10:00:00+05:00"), r("2024-10-30T13:00:00+05:00", "2024-10-30T18:00:00+05:00")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BilateralWindows(&tt.event, tt.settings)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tt.want, func(a, b TimeRange) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }) {
				t.Fatalf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestBilateralWindowsRefusesABadDayHour(t *testing.T) {
	ev := Event{Start: time.Now(), End: time.Now().Add(time.Hour), TimeZone: "Asia/Almaty"}
	s := DefaultBilateralSettings("e")
	s.DayStart = "9h"
	if _, err := BilateralWindows(&ev, s); ErrorCode(err) != Invalid {
		t.Fatalf("got %v, want Invalid", err)
	}
}
