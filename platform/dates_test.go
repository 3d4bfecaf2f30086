package platform

import (
	"strings"
	"testing"
	"time"
)

func TestImplausibleDatesAreRefusedNamingTheField(t *testing.T) {
	ahead := time.Now().AddDate(MaxYearsAhead, 0, 2).Format(time.DateOnly)
	soon := time.Now().AddDate(MaxYearsAhead-1, 0, 0).Format(time.DateOnly)
	for _, tt := range []struct {
		name, field, value, wantID string
	}{
		{"year zero", "adopted", "0000-01-01", "error.doc_adopted_out_of_range"},
		{"the year before 1900", "adopted", "1899-12-31", "error.doc_adopted_out_of_range"},
		{"1 January 1900", "adopted", "1900-01-01", ""},
		{"a date of entry into force over ten years ahead", "inForce", ahead, "error.doc_in_force_out_of_range"},
		{"a planned entry into force nine years ahead", "inForce", soon, ""},
		{"a status date of year 1", "statusDate", "0001-06-01", "error.doc_status_date_out_of_range"},
		{"a status date far ahead", "statusDate", "9999-12-31", "error.doc_status_date_out_of_range"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := DocumentInput{Kind: "national_law", Translations: map[string]Translation{"ru": {Title: "Закон"}}}
			switch tt.field {
			case "adopted":
				in.Adopted = tt.value
			case "inForce":
				in.InForce = tt.value
			case "statusDate":
				in.Status, in.StatusDate = DocumentAmended, tt.value
			}
			in.Normalize()
			err := in.Validate()
			if tt.wantID == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := AsError(err)
			if e == nil || e.Code != Invalid || e.MessageID != tt.wantID || e.Data["Field"] != tt.field || e.Data["Value"] != tt.value ||
				e.Data["Min"] != "1900-01-01" || !strings.Contains(e.Message, tt.field) {
				t.Fatalf("got %#v", err)
			}
		})
	}
}

func TestEventDatesOutsideThePlausibleRangeAreRefused(t *testing.T) {
	ok := time.Date(2025, 5, 20, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name       string
		start, end time.Time
		wantID     string
	}{
		{"an ordinary event", ok, ok.Add(8 * time.Hour), ""},
		{"a start in year zero", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), ok, "error.event_start_out_of_range"},
		{"an end far ahead", ok, time.Now().AddDate(MaxYearsAhead+1, 0, 0), "error.event_end_out_of_range"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := EventInput{Kind: EventWebinar, Start: tt.start, End: tt.end, TimeZone: "Asia/Bishkek",
				Country: "KG", Countries: []string{"KG"}, Translations: map[string]EventText{"en": {Title: "Training"}}}
			e.Normalize()
			err := e.Validate()
			if tt.wantID == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if pe := AsError(err); pe == nil || pe.Code != Invalid || pe.MessageID != tt.wantID {
				t.Fatalf("got %v", err)
			}
		})
	}
}
