package platform_test

import (
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

func validEvent() platform.EventInput {
	start := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	return platform.EventInput{
		Kind: platform.EventWebinar, Start: start, End: start.Add(2 * time.Hour), TimeZone: "Asia/Bishkek",
		Country: "KG", Countries: []string{"KG"}, Capacity: 50,
		Translations: map[string]platform.EventText{"ru": {Title: "Вебинар о конфликте интересов"}},
	}
}

func TestEventInputValidateNamesTheField(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *platform.EventInput)
		field  string // "" when valid
	}{
		{"a complete event is valid", func(*platform.EventInput) {}, ""},
		{"an end before the start is refused", func(in *platform.EventInput) { in.End = in.Start.Add(-time.Minute) }, "end"},
		{"an end equal to the start is accepted", func(in *platform.EventInput) { in.End = in.Start }, ""},
		{"an unknown time zone is refused", func(in *platform.EventInput) { in.TimeZone = "Asia/Atlantis" }, "timeZone"},
		{"the server's local zone is refused", func(in *platform.EventInput) { in.TimeZone = "Local" }, "timeZone"},
		{"any IANA zone is accepted", func(in *platform.EventInput) { in.TimeZone = "Europe/Vienna" }, ""},
		{"a negative capacity is refused", func(in *platform.EventInput) { in.Capacity = -1 }, "capacity"},
		{"no capacity means no limit", func(in *platform.EventInput) { in.Capacity = 0 }, ""},
		{"an unknown kind is refused", func(in *platform.EventInput) { in.Kind = "party" }, "kind"},
		{"the old kind training is refused in input", func(in *platform.EventInput) { in.Kind = "training" }, "kind"},
		{"an unknown status is refused", func(in *platform.EventInput) { in.Status = "postponed" }, "status"},
		{"a missing start is refused", func(in *platform.EventInput) { in.Start = time.Time{} }, "start"},
		{"no countries are refused", func(in *platform.EventInput) { in.Countries = nil; in.Country = "" }, "countries"},
		{"an unknown country is refused", func(in *platform.EventInput) { in.Countries = []string{"XX"} }, "countries"},
		{"an unknown host is refused", func(in *platform.EventInput) { in.Country = "XX" }, "country"},
		{"an unknown area is refused", func(in *platform.EventInput) { in.Areas = []string{"sports"} }, "areas"},
		{"article 72 is refused", func(in *platform.EventInput) { in.UncacArticles = []int{72} }, "uncacArticles"},
		{"a link that is not http is refused", func(in *platform.EventInput) { in.OnlineURL = "javascript:alert(1)" }, "onlineUrl"},
		{"an https link is accepted", func(in *platform.EventInput) { in.OnlineURL = "https://meet.example.org/x" }, ""},
		{"a material that is not an id is refused", func(in *platform.EventInput) { in.Materials = []string{"law"} }, "materials"},
		{"a working language that is not a code is refused", func(in *platform.EventInput) { in.Languages = []string{"Russian"} }, "languages"},
		{"a year-long event is the longest", func(in *platform.EventInput) { in.End = in.Start.Add(400 * 24 * time.Hour) }, "end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validEvent()
			tt.change(&in)
			in.Normalize()
			err := in.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := platform.AsError(err)
			if e == nil || e.Code != platform.Invalid || e.Data["Field"] != tt.field {
				t.Fatalf("got %v (%+v), want Invalid naming %s", err, e, tt.field)
			}
		})
	}
}

func TestEventInputNormalize(t *testing.T) {
	in := validEvent()
	in.TimeZone, in.Status, in.Visibility = "", "", ""
	in.Countries = []string{" kg", "KG", "uz"}
	in.Trainers = []string{" Aibek  Toktogulov ", "", "Aibek Toktogulov"}
	in.Translations["en"] = platform.EventText{Title: "  "}
	in.Normalize()
	if in.TimeZone != "Asia/Bishkek" || in.Status != platform.EventPlanned || in.Visibility != platform.Public {
		t.Errorf("defaults: zone %q status %q visibility %q", in.TimeZone, in.Status, in.Visibility)
	}
	if len(in.Countries) != 2 || in.Countries[0] != "KG" || in.Countries[1] != "UZ" {
		t.Errorf("countries %v", in.Countries)
	}
	if len(in.Trainers) != 1 || in.Trainers[0] != "Aibek Toktogulov" {
		t.Errorf("trainers %q", in.Trainers)
	}
	if _, ok := in.Translations["en"]; ok {
		t.Error("an empty translation is kept")
	}
}

func TestLegacyEventKinds(t *testing.T) {
	for _, tt := range []struct {
		kind      string
		countries []string
		want      platform.EventKind
	}{
		{"training", []string{"KZ", "KG"}, platform.EventRegionalTraining},
		{"training", []string{"TM"}, platform.EventNationalTraining},
		{"webinar", []string{"TM"}, platform.EventWebinar},
		{"bilateral", []string{"KZ", "KG"}, platform.EventBilateral},
	} {
		if got := platform.LegacyEventKind(tt.kind, tt.countries); got != tt.want {
			t.Errorf("%s for %v: %s, want %s", tt.kind, tt.countries, got, tt.want)
		}
	}
}

func TestCanEditEvent(t *testing.T) {
	fp := &platform.User{ID: "f", Role: platform.RoleFocalPoint, Country: "KG"}
	sec := &platform.User{ID: "s", Role: platform.RoleSecretariat}
	expert := &platform.User{ID: "e", Role: platform.RoleExpert, Country: "KG"}
	tests := []struct {
		name      string
		u         *platform.User
		kind      platform.EventKind
		countries []string
		want      bool
	}{
		{"the secretariat plans a regional training", sec, platform.EventRegionalTraining, []string{"KG", "KZ"}, true},
		{"a focal point plans their national training", fp, platform.EventNationalTraining, []string{"KG"}, true},
		{"a focal point plans a national webinar", fp, platform.EventWebinar, []string{"KG"}, true},
		{"a focal point may not plan another country's training", fp, platform.EventNationalTraining, []string{"KZ"}, false},
		{"a focal point may not plan a training for two countries", fp, platform.EventNationalTraining, []string{"KG", "KZ"}, false},
		{"a focal point may not plan a regional training of their own", fp, platform.EventRegionalTraining, []string{"KG"}, false},
		{"a focal point may not plan the conference", fp, platform.EventConference, []string{"KG"}, false},
		{"an expert plans nothing", expert, platform.EventNationalTraining, []string{"KG"}, false},
		{"an anonymous visitor plans nothing", nil, platform.EventWebinar, []string{"KG"}, false},
	}
	for _, tt := range tests {
		if got := platform.CanEditEvent(tt.u, tt.kind, tt.countries); got != tt.want {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
}
