package roadmap

import (
	"net/url"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestThePeriodShownIsTheOneThatHoldsTodayElseTheLatest(t *testing.T) {
	periods := []platform.RoadmapPeriod{ // latest first, as Periods lists them
		{ID: "2027-2028", Start: day("2027-01-01"), End: day("2028-12-31"), Previous: "2025-2026"},
		{ID: "2025-2026", Start: day("2025-01-01"), End: day("2026-12-31")},
	}
	tests := []struct {
		name    string
		periods []platform.RoadmapPeriod
		now     string
		want    string
	}{
		{"a day inside the first period", periods, "2025-06-01", "2025-2026"},
		{"its last day, late in the evening", periods, "2026-12-31", "2025-2026"},
		{"a day inside the second", periods, "2027-01-01", "2027-2028"},
		{"a day after them all gives the latest", periods, "2031-01-01", "2027-2028"},
		{"a day before them all gives the latest", periods, "2020-01-01", "2027-2028"},
		{"no periods, none", nil, "2026-01-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := day(tt.now).Add(23 * time.Hour)
			got := ""
			if p := currentPeriod(tt.periods, now); p != nil {
				got = p.ID
			}
			if got != tt.want {
				t.Errorf("currentPeriod = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTheNextPeriodIsTheOneThatNamesThisOneElseTheFirstAfterIt(t *testing.T) {
	a := platform.RoadmapPeriod{ID: "2025-2026", Start: day("2025-01-01"), End: day("2026-12-31")}
	tests := []struct {
		name    string
		periods []platform.RoadmapPeriod
		want    string
	}{
		{"none after it", []platform.RoadmapPeriod{a}, ""},
		{"the earliest that starts after it", []platform.RoadmapPeriod{
			{ID: "2029-2030", Start: day("2029-01-01"), End: day("2030-12-31")},
			{ID: "2027-2028", Start: day("2027-01-01"), End: day("2028-12-31")}, a}, "2027-2028"},
		{"the one that names it, before a nearer one", []platform.RoadmapPeriod{
			{ID: "2029-2030", Start: day("2029-01-01"), End: day("2030-12-31"), Previous: "2025-2026"},
			{ID: "2027-2028", Start: day("2027-01-01"), End: day("2028-12-31")}, a}, "2029-2030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextPeriod(tt.periods, &a); got != tt.want {
				t.Errorf("nextPeriod = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAnUpdateFormBecomesAnUpdateOrIsRefusedNamingTheField(t *testing.T) {
	now := day("2026-03-10").Add(15 * time.Hour)
	const doc, ev = "0123456789abcdef01234567", "89abcdef0123456789abcdef"
	tests := []struct {
		name   string
		form   url.Values
		claim  float64 // -1: no claim
		text   string
		refs   int
		date   string
		refuse string // the field named, or ""
	}{
		{"a text alone, in the page's language, dated today", url.Values{"text": {" Сделано "}}, -1, "Сделано", 0, "2026-03-10", ""},
		{"a claim with a status", url.Values{"progress": {"40"}, "status": {"limited"}}, 40, "", 0, "2026-03-10", ""},
		{"a claim with a decimal comma and a percent sign", url.Values{"progress": {"12,5%"}}, 12.5, "", 0, "2026-03-10", ""},
		{"evidence by ids, separated by commas and spaces", url.Values{"documents": {doc + ", "}, "events": {" " + ev}}, -1, "", 2, "2026-03-10", ""},
		{"a date given", url.Values{"text": {"x"}, "date": {"2026-02-01"}}, -1, "x", 0, "2026-02-01", ""},
		{"a progress that is not a number", url.Values{"progress": {"half"}}, 0, "", 0, "", "claim.progress"},
		{"a status without a progress", url.Values{"status": {"completed"}}, 0, "", 0, "", "claim.progress"},
		{"a document id that is not one", url.Values{"documents": {"law-5"}}, 0, "", 0, "", "documents"},
		{"a malformed date", url.Values{"date": {"10.03.2026"}}, 0, "", 0, "", "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := updateInput(tt.form, "ru", now)
			if tt.refuse != "" {
				e := platform.AsError(err)
				if e == nil || e.Code != platform.Invalid || e.Data["Field"] != tt.refuse {
					t.Fatalf("err = %v, want Invalid naming %s", err, tt.refuse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.claim < 0 && in.Claim != nil:
				t.Errorf("claim %+v, want none", in.Claim)
			case tt.claim >= 0 && (in.Claim == nil || in.Claim.Progress != tt.claim):
				t.Errorf("claim %+v, want %v", in.Claim, tt.claim)
			}
			if got := in.Text["ru"]; got != tt.text {
				t.Errorf("text %q, want %q", got, tt.text)
			}
			if len(in.Evidence) != tt.refs {
				t.Errorf("evidence %v, want %d", in.Evidence, tt.refs)
			}
			if got := in.Date.Format(time.DateOnly); got != tt.date {
				t.Errorf("date %s, want %s", got, tt.date)
			}
		})
	}
}

func TestAnUploadedSheetsFormatIsItsExtensionElseItsContent(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             sheet.Format
	}{
		{"a CSV by its name", "plan.csv", "code\n", sheet.CSV},
		{"an XLSX by its name, in capitals", "PLAN.XLSX", "anything", sheet.XLSX},
		{"a zip without a known name is an XLSX", "plan", "PK\x03\x04rest", sheet.XLSX},
		{"text without a known name is a CSV", "plan.txt", "code;title.ru\n", sheet.CSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatOf(&upload{Name: tt.file, Data: []byte(tt.data)}); got != tt.want {
				t.Errorf("formatOf = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAnImportIsADryRunUnlessAskedToWrite(t *testing.T) {
	tests := []struct {
		mode string
		want importMode
		bad  bool
	}{
		{"", importMode{DryRun: true}, false},
		{"dry", importMode{DryRun: true}, false},
		{"write", importMode{}, false},
		{"valid", importMode{WriteValid: true}, false},
		{"all", importMode{}, true},
	}
	for _, tt := range tests {
		got, err := modeOf(tt.mode)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("modeOf(%q) = %+v, %v", tt.mode, got, err)
		}
	}
}

func TestTheItemFormsIndicatorsReplaceTheItemsKeepingOtherLanguagesNames(t *testing.T) {
	five, hundred := 5.0, 100.0
	base := platform.ItemInput{Kind: platform.KindCommitment, Period: "2025-2026", Priority: "p", Title: platform.Text{"en": "Code", "ru": "Кодекс"},
		Indicators: []platform.Indicator{{Name: platform.Text{"en": "Trained", "ru": "Обучено"}, Unit: "people", Baseline: &five, Target: &hundred}}}
	form := url.Values{"kind": {"commitment"}, "period": {"2025-2026"}, "priority": {"p"}, "title": {"Кодекс этики"}, "lang": {"ru"},
		"indicators.0.name": {"Обучено человек"}, "indicators.0.unit": {"чел."}, "indicators.0.baseline": {"5"}, "indicators.0.target": {"100"}, "indicators.0.current": {"42,5"},
		"indicators.1.name": {""}, "indicators.1.unit": {""}, "indicators.1.baseline": {""}, "indicators.1.target": {""}, "indicators.1.current": {""},
		"indicators.2.name": {"Проверено деклараций"}, "indicators.2.unit": {""}, "indicators.2.baseline": {""}, "indicators.2.target": {"1 000"}, "indicators.2.current": {""}}
	in, err := formFromValues(form, "en").input(base)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Indicators) != 2 {
		t.Fatalf("indicators %+v, want 2", in.Indicators)
	}
	first, second := in.Indicators[0], in.Indicators[1]
	if first.Name["en"] != "Trained" || first.Name["ru"] != "Обучено человек" || first.Current == nil || *first.Current != 42.5 || first.Unit != "чел." {
		t.Errorf("first %+v", first)
	}
	if second.Name["ru"] != "Проверено деклараций" || second.Target == nil || *second.Target != 1000 || second.Baseline != nil {
		t.Errorf("second %+v", second)
	}
	if in.Title["en"] != "Code" || in.Title["ru"] != "Кодекс этики" {
		t.Errorf("title %v", in.Title)
	}
	form.Set("indicators.0.current", "much")
	if _, err := formFromValues(form, "en").input(base); platform.AsError(err) == nil || platform.AsError(err).Data["Field"] != "indicators.0.current" {
		t.Errorf("a bad number: %v", err)
	}
}
