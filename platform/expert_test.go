package platform_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAvailabilityJoinsPeriodsThatTouch(t *testing.T) {
	p := platform.ExpertProfile{Availability: []platform.Period{
		{From: day("2027-03-16"), To: day("2027-03-31")}, {From: day("2027-03-01"), To: day("2027-03-15")},
		{From: day("2027-05-01"), To: day("2027-05-10")},
	}}
	for _, tt := range []struct {
		name, from, to string
		want           bool
	}{
		{"a period inside one", "2027-03-02", "2027-03-05", true},
		{"across two periods that touch", "2027-03-10", "2027-03-20", true},
		{"across a gap", "2027-03-30", "2027-05-02", false},
		{"past the last day", "2027-05-09", "2027-05-11", false},
		{"the first and last days of a joined span", "2027-03-01", "2027-03-31", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, known := p.AvailableFor(day(tt.from), day(tt.to)); got != tt.want || !known {
				t.Errorf("AvailableFor = %v, %v", got, known)
			}
		})
	}
	if _, known := (&platform.ExpertProfile{}).AvailableFor(day("2027-01-01"), day("2027-01-02")); known {
		t.Error("no periods given, yet availability is known")
	}
}

func TestAMergeTakesTheNarrowerConsent(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{platform.Public, platform.Members, platform.Members},
		{platform.Secretariat, platform.Public, platform.Secretariat},
		{platform.Members, platform.Members, platform.Members},
	} {
		if got := platform.NarrowerConsent(tt.a, tt.b); got != tt.want {
			t.Errorf("NarrowerConsent(%s, %s) = %s", tt.a, tt.b, got)
		}
	}
}

func TestAProfileRefusalNamesTheField(t *testing.T) {
	base := func() platform.ExpertInput {
		return platform.ExpertInput{ExpertProfile: platform.ExpertProfile{NameLatin: "Dana Seitkali"}}
	}
	for _, tt := range []struct {
		name, field string
		edit        func(*platform.ExpertInput)
	}{
		{"no name", "nameLatin", func(in *platform.ExpertInput) { in.NameLatin = "" }},
		{"a name with digits", "nameCyrillic", func(in *platform.ExpertInput) { in.NameCyrillic = "Дана 2" }},
		{"a malformed email", "contact.email", func(in *platform.ExpertInput) { in.Contact.Email = "dana at example" }},
		{"a phone of words", "contact.phone", func(in *platform.ExpertInput) { in.Contact.Phone = "call me" }},
		{"a public contact", "consent.contact", func(in *platform.ExpertInput) {
			in.Consent = map[platform.ExpertField]string{platform.FieldContact: platform.Public}
		}},
		{"a level nobody has", "languages.0.level", func(in *platform.ExpertInput) {
			in.Languages = []platform.LanguageSkill{{Lang: "ru", Level: "superb"}}
		}},
		{"a third cycle", "irm.0.cycle", func(in *platform.ExpertInput) {
			in.IRM = []platform.IRMExperience{{Role: platform.IRMReviewer, Cycle: 3, State: "KZ"}}
		}},
		{"a period that ends before it starts", "availability.0.to", func(in *platform.ExpertInput) {
			in.Availability = []platform.Period{{From: day("2027-02-01"), To: day("2027-01-01")}}
		}},
		{"a NUL in the organization", "organization", func(in *platform.ExpertInput) { in.Organization = "Agency\x00" }},
		{"a direction override in the biography", "biography.ru", func(in *platform.ExpertInput) {
			in.Biography = map[string]string{"ru": "Текст\u202eтскеТ"}
		}},
		{"too many materials", "materials", func(in *platform.ExpertInput) {
			for i := range 51 {
				in.Materials = append(in.Materials, strings.Repeat("a", 23)+string(rune('a'+i%26)))
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.edit(&in)
			in.Normalize()
			err := in.Validate()
			if platform.ErrorCode(err) != platform.Invalid || platform.AsError(err).Data["Field"] != tt.field {
				t.Errorf("got %v, want Invalid naming %s", err, tt.field)
			}
		})
	}
	in := base()
	if err := in.Validate(); err != nil {
		t.Errorf("a name alone: %v", err)
	}
}

func TestATypedNameMentionsThePersonWhateverItsDecoration(t *testing.T) {
	names := []string{"Тестова Зарина", "Zarina Testova"}
	for _, tt := range []struct {
		typed string
		want  bool
	}{
		{"Zarina Testova", true},
		{"Dr. Zarina Testova", true},
		{"Zarina Testova (UNODC)", true},
		{"testova zarina", true},
		{"Зарина Тестова", true},
		{"Zarina Testovich", false},
		{"Zarina", false},
		{"Alisher Testov", false},
	} {
		if got := platform.NameMentions(tt.typed, names); got != tt.want {
			t.Errorf("NameMentions(%q) = %v", tt.typed, got)
		}
	}
	if platform.NameMentions("Dana Seitkali", []string{"Dana"}) {
		t.Error("a one-word name mentions a longer one")
	}
}
