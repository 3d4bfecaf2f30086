package platform

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {" EN ", "en"}, {"eng", "en"}, {"rus", "ru"}, {"kk", "kk"}, {"zh", "zh"}, {"de", "de"},
		{"xyz", ""}, {"und", ""}, {"qaa", ""}, {"en-US", ""}, {"klingon", ""}, {"", ""}, {"e", ""},
	}
	for _, tt := range tests {
		if got := NormalizeLanguage(tt.in); got != tt.want {
			t.Errorf("NormalizeLanguage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLanguagePairsAreStoredOneWay(t *testing.T) {
	p := LanguagePair{A: " RU", B: "eng"}
	p.Normalize()
	if p != (LanguagePair{A: "en", B: "ru"}) || p.Validate("x") != nil || p.String() != "en-ru" {
		t.Fatalf("%+v", p)
	}
	same := LanguagePair{A: "ru", B: "rus"}
	same.Normalize()
	if err := same.Validate("interpretation"); ErrorCode(err) != Invalid || AsError(err).MessageID != "bilaterals.error.same_language" {
		t.Fatalf("a pair of one language: %v", err)
	}
}

func TestDelegationInputNormalizeAndValidate(t *testing.T) {
	ev := &Event{Start: time.Date(2024, 10, 30, 4, 0, 0, 0, time.UTC), End: time.Date(2024, 11, 1, 12, 0, 0, 0, time.UTC)}
	member := func(id string) DelegationMember {
		return DelegationMember{ID: id, Name: "  Ерлан\u00a0 Оспанов ", Languages: []string{"RU", "kaz", "ru"}}
	}
	tests := []struct {
		name  string
		in    DelegationInput
		field string // "" for valid
	}{
		{"a country delegation whose members get ids", DelegationInput{Kind: DelegationCountry, Country: "kz", Members: []DelegationMember{member(""), member("")}, Head: "m2"}, ""},
		{"new members take the ids after those given", DelegationInput{Kind: DelegationCountry, Country: "KZ", Members: []DelegationMember{member("m3"), member("")}, Head: "m4"}, ""},
		{"two members with one id", DelegationInput{Kind: DelegationCountry, Country: "KZ", Members: []DelegationMember{member("m1"), member("m1")}, Head: "m1"}, "members.1.id"},
		{"no head", DelegationInput{Kind: DelegationCountry, Country: "KZ", Members: []DelegationMember{member("")}}, "head"},
		{"an unknown kind", DelegationInput{Kind: "club", Members: []DelegationMember{member("")}, Head: "m1"}, "kind"},
		{"a member without languages", DelegationInput{Kind: DelegationCountry, Country: "KZ", Members: []DelegationMember{{Name: "A"}}, Head: "m1"}, "members.0.languages"},
		{"a position too long", DelegationInput{Kind: DelegationCountry, Country: "KZ", Members: []DelegationMember{{Name: "A", Languages: []string{"kk"}, Position: strings.Repeat("я", MaxMemberPosition+1)}}, Head: "m1"}, "members.0.position"},
		{"a time off that ends before it starts", DelegationInput{Kind: DelegationCountry, Country: "KZ", Members: []DelegationMember{{Name: "A", Languages: []string{"kk"},
			Unavailable: []TimeRange{{Start: ev.Start.Add(2 * time.Hour), End: ev.Start.Add(time.Hour)}}}}, Head: "m1"}, "members.0.unavailable.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Normalize()
			err := in.Validate(ev)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				m := in.Members[len(in.Members)-1]
				if m.Name != "Ерлан Оспанов" || len(m.Languages) != 2 || m.Languages[0] != "kk" || in.Country != "KZ" {
					t.Fatalf("normalized: %+v", in)
				}
				return
			}
			if ErrorCode(err) != Invalid || AsError(err).Data["Field"] != tt.field {
				t.Fatalf("got %v, want Invalid naming %q", err, tt.field)
			}
		})
	}
}

// TestARoomsCapacityOutOfRangeSaysWhichBoundItBroke: a room of 0 seats and
// one of more than MaxRoomCapacity are refused with different messages (the
// second once said that a room must seat at least one person).
func TestARoomsCapacityOutOfRangeSaysWhichBoundItBroke(t *testing.T) {
	ev := &Event{ID: "e", Start: time.Date(2027, 6, 15, 4, 0, 0, 0, time.UTC), End: time.Date(2027, 6, 17, 13, 0, 0, 0, time.UTC)}
	tests := []struct {
		name     string
		capacity int
		message  string
	}{
		{"no seats", 0, "bilaterals.error.room_capacity"},
		{"fewer than none", -3, "bilaterals.error.room_capacity"},
		{"more than any room", MaxRoomCapacity + 1, "bilaterals.error.room_capacity_max"},
		{"a number no room has", 1 << 40, "bilaterals.error.room_capacity_max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultBilateralSettings(ev.ID)
			s.Rooms = []BilateralRoom{{ID: "r1", Name: "Esil", Capacity: tt.capacity}}
			s.Normalize()
			e := AsError(s.Validate(ev))
			if e == nil || e.MessageID != tt.message || e.Data["Field"] != "rooms.0.capacity" {
				t.Fatalf("got %+v, want %s naming rooms.0.capacity", e, tt.message)
			}
			if tt.message == "bilaterals.error.room_capacity_max" && e.Data["Max"] != MaxRoomCapacity {
				t.Fatalf("the message is not given the limit: %v", e.Data)
			}
		})
	}
}
