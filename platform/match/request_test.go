package match_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
)

var (
	day1 = time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)
	day3 = time.Date(2026, 3, 12, 12, 0, 0, 0, time.UTC)
)

func TestRequestValidate(t *testing.T) {
	event := func() match.Request {
		return match.Request{Kind: match.KindEvent, EventID: "ev1", Areas: []string{"prevention"}, Articles: []int{5},
			Languages: []string{"ru"}, Start: day1, End: day3, Countries: []string{"KZ"}}
	}
	review := func() match.Request {
		return match.Request{Kind: match.KindReview, State: "UZ", Cycle: 2, Languages: []string{"ru", "en"}}
	}
	tests := []struct {
		name  string
		req   match.Request
		field string // "" when valid
		value any
	}{
		{"an event with its topics, languages and dates is valid", event(), "", nil},
		{"a review of a State in a cycle without dates is valid", review(), "", nil},
		{"a review with a period is valid", func() match.Request {
			r := review()
			r.Start, r.End = platform.Day(day1), platform.Day(day3).AddDate(0, 0, 1)
			return r
		}(), "", nil},
		{"a request of no kind is refused", func() match.Request { r := event(); r.Kind = ""; return r }(), "kind", match.Kind("")},
		{"an unknown area is named", func() match.Request { r := event(); r.Areas = []string{"sports"}; return r }(), "areas", "sports"},
		{"an article beyond 71 is named", func() match.Request { r := event(); r.Articles = []int{72}; return r }(), "articles", 72},
		{"a language that is no ISO 639-1 code is named", func() match.Request { r := event(); r.Languages = []string{"rus"}; return r }(), "languages", "rus"},
		{"an unknown country is named", func() match.Request { r := event(); r.Countries = []string{"XX"}; return r }(), "countries", "XX"},
		{"an event without a start is refused", func() match.Request { r := event(); r.Start = time.Time{}; return r }(), "start", ""},
		{"an event without an end is refused", func() match.Request { r := event(); r.End = time.Time{}; return r }(), "end", ""},
		{"an event ending before it starts is refused", func() match.Request { r := event(); r.End = day1.Add(-time.Hour); return r }(), "end", day1.Add(-time.Hour).Format(time.RFC3339)},
		{"a review with only one end of its period is refused", func() match.Request { r := review(); r.Start = day1; return r }(), "end", ""},
		{"a review of a lower-case state is refused", func() match.Request { r := review(); r.State = "uz"; return r }(), "state", "uz"},
		{"a review of no state is refused", func() match.Request { r := review(); r.State = ""; return r }(), "state", ""},
		{"a review in cycle 3 is refused", func() match.Request { r := review(); r.Cycle = 3; return r }(), "cycle", 3},
		{"an event with a state under review is refused", func() match.Request { r := event(); r.State = "UZ"; return r }(), "state", "UZ"},
		{"an event with a cycle is refused", func() match.Request { r := event(); r.Cycle = 1; return r }(), "cycle", 1},
		{"a negative limit is refused", func() match.Request { r := event(); r.Limit = -1; return r }(), "limit", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			e := platform.AsError(err)
			if e == nil || e.Code != platform.Invalid || e.MessageID != "experts.error.bad_field" {
				t.Fatalf("Validate = %v, want Invalid experts.error.bad_field", err)
			}
			if e.Data["Field"] != tt.field || !reflect.DeepEqual(e.Data["Value"], tt.value) {
				t.Errorf("data %v, want Field %q Value %v", e.Data, tt.field, tt.value)
			}
		})
	}
}

func TestForEvent(t *testing.T) {
	e := &platform.Event{ID: "ev1", Start: day1, End: day3, Areas: []string{"prevention"}, UncacArticles: []int{5, 6},
		Languages: []string{"ru", "kk"}, Countries: []string{"KZ"}, Trainers: []string{"Aibek Toktogulov"}}
	got := match.ForEvent(e)
	want := match.Request{Kind: match.KindEvent, EventID: "ev1", Areas: []string{"prevention"}, Articles: []int{5, 6},
		Languages: []string{"ru", "kk"}, Start: day1, End: day3, Countries: []string{"KZ"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ForEvent = %+v, want %+v", got, want)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	got.Areas[0] = "asset_recovery"
	if e.Areas[0] != "prevention" {
		t.Error("the request shares the event's slices")
	}
}
