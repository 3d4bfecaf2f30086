package platform

import (
	"context"
	"slices"
	"time"
)

// Event is a meeting the secretariat plans or records: a training, webinar,
// focus group, the annual conference or a bilateral meeting in its margins.
type Event struct {
	ID           string                 `json:"id" bson:"_id"`
	Kind         string                 `json:"kind" bson:"kind"`
	Start        time.Time              `json:"start" bson:"start"`
	End          time.Time              `json:"end" bson:"end"`
	City         map[string]string      `json:"city" bson:"city"`
	Country      string                 `json:"country" bson:"country"`
	Countries    []string               `json:"countries" bson:"countries"`
	Areas        []string               `json:"areas" bson:"areas"`
	Visibility   string                 `json:"visibility" bson:"visibility"`
	Translations map[string]Translation `json:"translations" bson:"translations"`
	CreatedAt    time.Time              `json:"createdAt" bson:"createdAt"`
	UpdatedAt    time.Time              `json:"updatedAt" bson:"updatedAt"`
	Seq          uint64                 `json:"-" bson:"seq"`
}

// EventFilter selects events. Zero times mean no bound.
type EventFilter struct {
	EndsAfter    time.Time
	StartsBefore time.Time
	Descending   bool
	Limit        int // 0 means 20; at most 100
}

// EventService keeps events, applying the visibility rules for the user in
// ctx.
type EventService interface {
	// FindEvents returns events in start order (or reversed).
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, error)
	// CreateEvent stores a new event. Codes: Invalid, Unauthorized, Forbidden
	// (including a visibility the user may not give: CanGiveVisibility).
	CreateEvent(ctx context.Context, e *Event) error
}

// Validate checks an event against the taxonomies.
func (e *Event) Validate() error {
	if !slices.Contains(EventKinds(), e.Kind) {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": "kind"}, "unknown event kind %q", e.Kind)
	}
	if e.Start.IsZero() || e.End.Before(e.Start) {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": "start/end"}, "event needs a start before its end")
	}
	now := time.Now()
	if err := checkDateRange("start", "error.event_start_out_of_range", e.Start, now); err != nil {
		return err
	}
	if err := checkDateRange("end", "error.event_end_out_of_range", e.End, now); err != nil {
		return err
	}
	if e.Visibility == "" {
		e.Visibility = Public
	}
	if !slices.Contains(Visibilities(), e.Visibility) {
		return Localized(Invalid, "error.bad_visibility", map[string]any{"Value": e.Visibility}, "unknown visibility %q", e.Visibility)
	}
	if t, _ := PickText(e.Translations, nil, func(t Translation) string { return t.Title }); t == "" {
		return Localized(Invalid, "error.missing_title", nil, "a title is required in at least one language")
	}
	return nil
}
