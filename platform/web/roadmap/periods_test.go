package roadmap

import (
	"net/url"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

func TestThePeriodFormBecomesAPeriodKeepingOtherLanguagesTitlesOrIsRefusedNamingTheField(t *testing.T) {
	base := platform.RoadmapPeriod{ID: "2025-2026", Title: platform.Text{"en": "First", "ru": "Первый"}, Version: 3}
	good := url.Values{"id": {"2025-2026"}, "start": {"2025-01-01"}, "end": {"2026-12-31"}, "title": {"Бірінші"}, "lang": {"kk"}, "stallDays": {"45"}, "previous": {"2023-2024"}}
	tests := []struct {
		name  string
		set   map[string]string
		field string // "" when the form is accepted
	}{
		{"a whole form is accepted", nil, ""},
		{"an id of one year is refused", map[string]string{"id": "2025"}, "id"},
		{"a missing start is refused", map[string]string{"start": ""}, "start"},
		{"an end that is no date is refused", map[string]string{"end": "31.12.2026"}, "end"},
		{"stall days that are no number are refused", map[string]string{"stallDays": "sixty"}, "stallDays"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, x := range good {
				v[k] = x
			}
			for k, x := range tt.set {
				v.Set(k, x)
			}
			p, err := periodFormFrom(v, "en").period(base)
			if tt.field != "" {
				if e := platform.AsError(err); e == nil || e.Data["Field"] != tt.field {
					t.Fatalf("err %v, want one naming %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Title["en"] != "First" || p.Title["ru"] != "Первый" || p.Title["kk"] != "Бірінші" || p.StallDays != 45 || p.Previous != "2023-2024" ||
				p.Start != day("2025-01-01") || p.End != day("2026-12-31") || p.Version != 3 {
				t.Errorf("period %+v", p)
			}
			if base.Title["kk"] != "" {
				t.Errorf("the stored period's titles were changed: %v", base.Title)
			}
		})
	}
}

func TestThePriorityFormKeepsItsPeriodAndOtherLanguagesTexts(t *testing.T) {
	base := platform.Priority{ID: "p1", Period: "2025-2026", Area: "prevention", Title: platform.Text{"en": "Integrity", "ru": "Добросовестность"},
		Description: platform.Text{"en": "Civil service"}, Visibility: platform.Public}
	v := url.Values{"period": {"2027-2028"}, "area": {"criminalization"}, "code": {"2"}, "order": {"5"}, "title": {"Честность"}, "description": {""},
		"lang": {"ru"}, "visibility": {"members"}}
	p, err := priorityFormFrom(v, "en").priority(base)
	if err != nil {
		t.Fatal(err)
	}
	if p.Period != "2025-2026" || p.Area != "criminalization" || p.Order != 5 || p.Title["ru"] != "Честность" || p.Title["en"] != "Integrity" ||
		p.Description["en"] != "Civil service" || p.Visibility != "members" {
		t.Errorf("priority %+v", p)
	}
	v.Set("order", "first")
	if _, err := priorityFormFrom(v, "en").priority(base); platform.AsError(err) == nil || platform.AsError(err).Data["Field"] != "order" {
		t.Errorf("a bad order: %v", err)
	}
}
