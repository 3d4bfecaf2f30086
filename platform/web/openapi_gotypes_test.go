package web_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// TestRequiredFieldsFollowTheGoTypes: an answer schema requires exactly
// the fields its Go type always writes (a json tag without omitempty or
// omitzero), so that a field added to a record, or one that becomes
// optional, shows here until the document says so too.
func TestRequiredFieldsFollowTheGoTypes(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		schema string
		value  any
		// notRequired are fields always written that the schema does not
		// require, with the reason in a comment.
		notRequired []string
	}{
		{"Attachment", platform.Attachment{}, nil},
		{"AuditEntry", platform.AuditEntry{}, nil},
		{"BilateralSchedule", platform.BilateralSchedule{}, nil},
		{"BilateralSettings", platform.BilateralSettings{}, nil},
		{"CertificateCheck", platform.CertificateCheck{}, nil},
		{"CheckInResult", platform.CheckInResult{}, nil},
		{"Claim", platform.Claim{}, nil},
		{"Delegation", platform.Delegation{}, nil},
		{"DelegationMember", platform.DelegationMember{}, nil},
		{"Document", platform.Document{}, nil},
		{"DocumentVersion", platform.DocumentVersion{}, nil},
		{"DuplicatePair", platform.DuplicatePair{}, nil},
		{"Evaluation", platform.Evaluation{}, nil},
		{"EvaluationAnswer", platform.EvaluationAnswer{}, nil},
		{"EvaluationResults", platform.EvaluationResults{}, nil},
		{"Event", platform.Event{}, nil},
		// The schema is also a request body's, where a session may come
		// without speakers.
		{"EventSession", platform.EventSession{}, []string{"speakers"}},
		{"EventStats", platform.EventStats{}, nil},
		{"Evidence", platform.Evidence{}, nil},
		{"Expert", platform.Expert{}, nil},
		{"ExpertDelivery", platform.ExpertDelivery{}, nil},
		{"ExpertExport", platform.ExpertExport{}, nil},
		{"ExpertInvitation", platform.ExpertInvitation{}, nil},
		{"ExpertPhoto", platform.ExpertPhoto{}, nil},
		{"ExpertVersion", platform.ExpertVersion{}, nil},
		{"FacetValue", platform.FacetValue{}, nil},
		{"Follow", platform.Follow{}, nil},
		{"ImportReport", platform.ImportReport{}, nil},
		{"Indicator", platform.Indicator{}, nil},
		{"MatrixCell", platform.MatrixCell{}, nil},
		{"MeetingMove", platform.MeetingMove{}, nil},
		{"MeetingRequest", platform.MeetingRequest{}, nil},
		{"Notification", platform.Notification{}, nil},
		{"Priority", platform.Priority{}, nil},
		{"ProgressUpdate", platform.ProgressUpdate{}, nil},
		{"PublicParticipant", platform.PublicParticipant{}, nil},
		{"Reassessment", platform.Reassessment{}, nil},
		{"Recommendation", platform.Recommendation{}, nil},
		{"Registration", platform.Registration{}, nil},
		{"RegistrationCounts", platform.RegistrationCounts{}, nil},
		{"RoadmapOverview", platform.Overview{}, nil},
		{"RoadmapPeriod", platform.RoadmapPeriod{}, nil},
		{"ScheduledMeeting", platform.ScheduledMeeting{}, nil},
		{"StatsCount", platform.StatsCount{}, nil},
		{"Token", platform.Token{}, nil},
		{"UnplacedMeeting", platform.UnplacedMeeting{}, nil},
		{"User", platform.User{}, nil},
	} {
		var s struct {
			Required []string `json:"required"`
		}
		raw, ok := doc.Components.Schemas[tt.schema]
		if !ok {
			t.Errorf("no schema %s", tt.schema)
			continue
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		written := alwaysWritten(reflect.TypeOf(tt.value))
		for _, f := range written {
			if !slices.Contains(s.Required, f) && !slices.Contains(tt.notRequired, f) {
				t.Errorf("%s: the Go type always writes %q, which the schema does not require", tt.schema, f)
			}
		}
		for _, f := range s.Required {
			if !slices.Contains(written, f) {
				t.Errorf("%s: the schema requires %q, which the Go type does not always write", tt.schema, f)
			}
		}
	}
}

// alwaysWritten are the JSON names of the fields encoding/json always
// writes for a struct type, those of embedded structs included.
func alwaysWritten(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, alwaysWritten(ft)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if opts := strings.Split(opts, ","); slices.Contains(opts, "omitempty") || slices.Contains(opts, "omitzero") {
			continue
		}
		out = append(out, name)
	}
	return out
}
