package experts

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
)

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAFieldARefusalNamesIsNamedInTheReadersWords(t *testing.T) {
	b := bundle(t)
	tests := []struct{ lang, path, want string }{
		{"en", "contact.email", "Email"},
		{"ru", "contact.email", "Электронная почта"},
		{"en", "nameLatin", "Name in Latin letters"},
		{"en", "languages.2.level", "Languages, line 3: Level"},
		{"ru", "availability.0.to", "Доступность, строка 1: По"},
		{"en", "irm.1.state", "Implementation Review Mechanism, line 2: State reviewed"},
		{"en", "biography.kk", "Biography (Kazakh)"},
		{"ru", "consent.contact", "Кто видит: Контакты"},
		{"en", "areas", "Thematic areas"},
		{"en", "doNotPropose", "Please do not propose me for trainings or reviews"},
		{"en", "somethingElse", "somethingElse"},
	}
	for _, tt := range tests {
		if got := fieldPathLabel(b.Localizer(tt.lang), tt.path); got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.lang, tt.path, got, tt.want)
		}
	}
}

func TestARefusalKeepsItsCodeAndGetsTheFieldInTheReadersWords(t *testing.T) {
	l := bundle(t).Localizer("en")
	err := platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": "organization", "Value": ""}, "organization: too long")
	path, local := localizeField(l, err)
	e := platform.AsError(local)
	if path != "organization" || e.Code != platform.Invalid || e.Data["Field"] != "Organization" || e.Data["Value"] != "…" {
		t.Fatalf("localizeField: %q %+v", path, e)
	}
	if err.Data["Field"] != "organization" {
		t.Errorf("the service's error was changed: %+v", err)
	}
}

// TestEveryReasonOfTheMatchingReadsInEveryLanguage renders each reason code
// of platform/match with its arguments: none may show a message id or a
// template's gap.
func TestEveryReasonOfTheMatchingReadsInEveryLanguage(t *testing.T) {
	b := bundle(t)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	period := &platform.Period{From: day("2026-09-01"), To: day("2026-10-31")}
	reasons := []match.Reason{
		{Code: match.CodeArea, Areas: []string{"prevention", "asset_recovery"}},
		{Code: match.CodeArticle, Articles: []int{20, 36}},
		{Code: match.CodeNoTopic},
		{Code: match.CodeLanguage, Languages: []platform.LanguageSkill{{Lang: "ru", Level: platform.LevelNative}}},
		{Code: match.CodeNoLanguage},
		{Code: match.CodeAvailable, Period: period},
		{Code: match.CodeAvailablePartly, Period: period},
		{Code: match.CodeUnavailable},
		{Code: match.CodeAvailabilityUnknown},
		{Code: match.CodeDelivered, Count: 3},
		{Code: match.CodeCountry, Country: "KG"},
		{Code: match.CodeIRMReviewer, Count: 2},
		{Code: match.CodeIRMCycle, Cycle: 2},
		{Code: match.CodeIRMFocalPoint, Count: 1},
		{Code: match.CodeOnEvent, EventIDs: []string{"e1"}},
		{Code: match.CodeDoNotPropose},
		{Code: match.CodeStateUnderReview, State: "UZ"},
		{Code: match.CodeBooked, EventIDs: []string{"e1", "e2"}},
	}
	for _, lg := range i18n.Languages() {
		l := b.Localizer(lg.Code)
		for _, r := range reasons {
			got := reasonText(l, r)
			untranslated := got == l.T("experts.reason_other", map[string]any{"Value": string(r.Code)})
			if untranslated || strings.Contains(got, "experts.") || strings.Contains(got, "<no value>") {
				t.Errorf("%s %s reads %q", lg.Code, r.Code, got)
			}
		}
		if got := reasonText(l, match.Reason{Code: "a_new_code"}); !strings.Contains(got, "a_new_code") || strings.Contains(got, "experts.") {
			t.Errorf("%s: an unknown code reads %q", lg.Code, got)
		}
	}
	en := b.Localizer("en")
	for _, tt := range []struct {
		r    match.Reason
		want string
	}{
		{reasons[0], "Works on Preventive measures, Asset recovery and international cooperation"},
		{reasons[3], "Works in Russian (native)"},
		{reasons[5], "Available from 2026-09-01 to 2026-10-31"},
		{reasons[16], "Conflict of interest: of Uzbekistan, the State under review, or focal point of its review"},
		{reasons[17], "Booked on other events at that time: 2"},
	} {
		if got := reasonText(en, tt.r); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.r.Code, got, tt.want)
		}
	}
}

func TestTheMatchingPagesReadTheirParameters(t *testing.T) {
	tests := []struct {
		name, query string
		want        matchQuery
		bad         string
	}{
		{"an event", "event=0123456789abcdef01234567", matchQuery{EventID: "0123456789abcdef01234567"}, ""},
		{"a review in the current cycle", "state=kz", matchQuery{State: "KZ", Cycle: 2}, ""},
		{"a review in Russian and Kazakh", "state=KG&cycle=1&language=ru,kk", matchQuery{State: "KG", Cycle: 1, Languages: []string{"ru", "kk"}}, ""},
		{"nothing asked", "", matchQuery{}, ""},
		{"an event and a State", "event=0123456789abcdef01234567&state=KZ", matchQuery{}, "state"},
		{"an event id of the wrong form", "event=../x", matchQuery{}, "event"},
		{"a State of three letters", "state=KAZ", matchQuery{}, "state"},
		{"a third cycle", "state=KZ&cycle=3", matchQuery{}, "cycle"},
		{"a cycle without a State", "cycle=1", matchQuery{}, "cycle"},
		{"a language name", "state=KZ&language=russian", matchQuery{}, "language"},
		{"a cycle given twice", "state=KZ&cycle=1&cycle=zzz", matchQuery{}, "cycle"},
		{"a limit given twice", "state=KZ&limit=1&limit=-1", matchQuery{}, "limit"},
		{"a limit past the most", "state=KZ&limit=501", matchQuery{}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := gin.CreateTestContext(httptest.NewRecorder())
			c.Request = httptest.NewRequest("GET", "/api/v1/experts/match?"+tt.query, nil)
			got, err := matchParams(c)
			if tt.bad != "" {
				if e := platform.AsError(err); e == nil || e.Code != platform.Invalid || e.Data["Field"] != tt.bad {
					t.Fatalf("error %v, want one naming %s", err, tt.bad)
				}
				return
			}
			if err != nil || got.EventID != tt.want.EventID || got.State != tt.want.State || got.Cycle != tt.want.Cycle ||
				strings.Join(got.Languages, ",") != strings.Join(tt.want.Languages, ",") {
				t.Fatalf("%+v %v, want %+v", got, err, tt.want)
			}
		})
	}
}
