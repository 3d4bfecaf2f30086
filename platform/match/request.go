// Package match proposes experts from the regional pool and finds the
// profiles that look like one person entered twice. It is pure: it reads
// the profiles, bookings and delivery counts a store gathered and imports
// only platform (and search, for folding names across scripts), so the
// rules are tested without a database.
//
// Rank answers the secretariat's question "whom do we invite?": for an
// event, or for an IRM review of a State, a ranked list of approved
// experts with the reasons for each one's rank, and the list of experts
// left out because of a conflict. Duplicates lists pairs of profiles that
// look like one person, with the evidence.
package match

import (
	"slices"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// Kind is what a request proposes experts for.
type Kind string

// Request kinds.
const (
	// KindEvent proposes trainers and speakers for an event.
	KindEvent Kind = "event"
	// KindReview proposes governmental experts for a review of a State in
	// the UNCAC Implementation Review Mechanism.
	KindReview Kind = "review"
)

// Request is what the secretariat asks experts for: an event (its topics,
// working languages and dates) or an IRM review (the State under review,
// the cycle, the languages of the review and, when known, its period).
type Request struct {
	Kind Kind `json:"kind"`
	// EventID is the event the request is for, when it is one: a booking
	// of an expert on this very event is no conflict (they are on it
	// already).
	EventID string `json:"eventId,omitempty"`
	// Areas and Articles are the topics (thematic areas, UNCAC articles).
	// A review without them takes the cycle's: chapters III and IV
	// (criminalization, asset recovery and international cooperation) for
	// cycle 1, chapters II and V (prevention, asset recovery) for cycle 2.
	Areas    []string `json:"areas,omitempty"`
	Articles []int    `json:"articles,omitempty"`
	// Languages are the working languages (ISO 639-1), of the event or of
	// the review.
	Languages []string `json:"languages,omitempty"`
	// Start and End are the instants the expert is needed from and until
	// (End excluded): an event's own, or for a review its first day at
	// midnight UTC and the midnight after its last day. An event needs
	// them; a review without a known period leaves both zero, and then
	// neither availability nor bookings count.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Countries are those the event is for (ISO 3166-1 alpha-2); an event
	// for a single country favours its experts, who know its law.
	Countries []string `json:"countries,omitempty"`
	// State is the State party under review (ISO 3166-1 alpha-2) and
	// Cycle the review cycle (1 or 2); for reviews only.
	State string `json:"state,omitempty"`
	Cycle int    `json:"cycle,omitempty"`
	// Limit keeps the first Limit candidates (0: all). Exclusions are
	// always listed in full.
	Limit int `json:"limit,omitempty"`
}

// ForEvent is the request for trainers and speakers of event e: its
// topics, working languages, dates and countries.
func ForEvent(e *platform.Event) Request {
	return Request{
		Kind: KindEvent, EventID: e.ID,
		Areas: slices.Clone(e.Areas), Articles: slices.Clone(e.UncacArticles), Languages: slices.Clone(e.Languages),
		Start: e.Start, End: e.End, Countries: slices.Clone(e.Countries),
	}
}

// Booking is an expert's commitment in time: an event they train or speak
// at, or accepted an invitation to. The caller builds the bookings from the
// events and invitations it reads.
type Booking struct {
	ExpertID string    `json:"expertId"`
	EventID  string    `json:"eventId"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
}

// overlaps reports whether the booking shares an instant with [from, to).
func (b Booking) overlaps(from, to time.Time) bool {
	return b.Start.Before(to) && from.Before(b.End)
}

// badField is the error of a request's field: Invalid, with the message id
// the experts' pages translate.
func badField(field string, value any, format string, args ...any) error {
	return platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": field, "Value": value},
		"%s: "+format, append([]any{field}, args...)...)
}

// Validate checks the request. Codes: Invalid, naming the field (its JSON
// name) and the value refused.
func (r *Request) Validate() error {
	if r.Kind != KindEvent && r.Kind != KindReview {
		return badField("kind", r.Kind, "must be event or review")
	}
	for _, a := range r.Areas {
		if !slices.Contains(platform.Areas(), a) {
			return badField("areas", a, "unknown area %q", a)
		}
	}
	for _, n := range r.Articles {
		if _, ok := platform.ArticleByNumber(n); !ok {
			return badField("articles", n, "no UNCAC article %d", n)
		}
	}
	for _, l := range r.Languages {
		if !validLanguageCode(l) {
			return badField("languages", l, "not an ISO 639-1 language code")
		}
	}
	for _, c := range r.Countries {
		if !slices.Contains(platform.Countries(), c) && c != "other" {
			return badField("countries", c, "unknown country %q", c)
		}
	}
	switch {
	case r.Kind == KindEvent && r.Start.IsZero():
		return badField("start", "", "an event's start is required")
	case r.Kind == KindEvent && r.End.IsZero():
		return badField("end", "", "an event's end is required")
	case r.Start.IsZero() != r.End.IsZero():
		return badField("end", "", "a period needs both ends")
	case !r.Start.IsZero() && !r.End.After(r.Start):
		return badField("end", r.End.Format(time.RFC3339), "ends before it starts")
	}
	if r.Kind == KindReview {
		if !validStateCode(r.State) {
			return badField("state", r.State, "not an ISO 3166-1 alpha-2 code")
		}
		if r.Cycle != 1 && r.Cycle != 2 {
			return badField("cycle", r.Cycle, "cycle must be 1 or 2")
		}
	} else if r.State != "" || r.Cycle != 0 {
		field, value := "state", any(r.State)
		if r.State == "" {
			field, value = "cycle", r.Cycle
		}
		return badField(field, value, "only for a review")
	}
	if r.Limit < 0 {
		return badField("limit", r.Limit, "must not be negative")
	}
	return nil
}

func validLanguageCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

func validStateCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// cycleTopics are the chapters a review cycle covers and the thematic
// areas they fall under.
var cycleTopics = map[int]struct {
	chapters []string
	areas    []string
}{
	1: {[]string{"III", "IV"}, []string{"criminalization", "asset_recovery"}},
	2: {[]string{"II", "V"}, []string{"prevention", "asset_recovery"}},
}

// topics returns the request's areas and articles: its own, or for a
// review without any, its cycle's.
func (r *Request) topics() (areas []string, articles []int) {
	areas, articles = r.Areas, r.Articles
	if r.Kind != KindReview || len(areas) > 0 || len(articles) > 0 {
		return areas, articles
	}
	t, ok := cycleTopics[r.Cycle]
	if !ok {
		return nil, nil
	}
	for _, ch := range t.chapters {
		if c, ok := platform.ChapterByNumber(ch); ok {
			articles = append(articles, c.Articles...)
		}
	}
	return t.areas, articles
}
