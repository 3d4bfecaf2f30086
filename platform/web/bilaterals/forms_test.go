package bilaterals

import (
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

func TestTheDelegationFormReadsMembersAndTheirTimes(t *testing.T) {
	almaty := time.FixedZone("+05", 5*3600)
	base := &platform.Delegation{ID: "d", Kind: platform.DelegationCountry, Country: "KZ", Head: "m2", Members: []platform.DelegationMember{
		{ID: "m2", RegistrationID: "0123456789abcdef01234567", Name: "Айгүл", Languages: []string{"kk"}, Unavailable: []platform.TimeRange{}}}}
	tests := []struct {
		name, members, wantErr string
		check                  func(t *testing.T, in platform.DelegationInput)
	}{
		{name: "a stored member keeps its registration, a new one gets the next free id",
			members: "m2 | Айгүл Сейітқызы | Прокурор | kk, ru\n | Ерлан | | ru",
			check: func(t *testing.T, in platform.DelegationInput) {
				if len(in.Members) != 2 || in.Members[0].RegistrationID == "" || in.Members[0].Name != "Айгүл Сейітқызы" ||
					in.Members[1].ID != "m1" || strings.Join(in.Members[0].Languages, ",") != "kk,ru" {
					t.Errorf("%+v", in.Members)
				}
			}},
		{name: "times on one day and across midnight, in the conference's zone",
			members: "m2 | Айгүл | | kk | 2026-06-02 09:00–11:00; 2026-06-02 22:00–2026-06-03 08:00",
			check: func(t *testing.T, in platform.DelegationInput) {
				u := in.Members[0].Unavailable
				if len(u) != 2 || !u[0].Start.Equal(time.Date(2026, 6, 2, 4, 0, 0, 0, time.UTC)) || !u[1].End.Equal(time.Date(2026, 6, 3, 3, 0, 0, 0, time.UTC)) {
					t.Errorf("%+v", u)
				}
				if got := rangesText(u, almaty); got != "2026-06-02 09:00–11:00; 2026-06-02 22:00–2026-06-03 08:00" {
					t.Errorf("written back as %q", got)
				}
			}},
		{name: "a member without a name is refused", members: "m2 | | | kk", wantErr: "members"},
		{name: "a time without an end is refused", members: "m2 | A | | kk | 2026-06-02 09:00", wantErr: "members"},
		{name: "a time that is no time is refused", members: "m2 | A | | kk | tomorrow–later", wantErr: "members"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := delegationForm{Kind: "country", Country: "KZ", Members: tt.members, Head: "m2"}.input(base, almaty)
			if tt.wantErr != "" {
				e := platform.AsError(err)
				if e == nil || e.Data["Field"] != tt.wantErr {
					t.Fatalf("error %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, in)
		})
	}
}

func TestTheSettingsFormKeepsWhatItDoesNotShow(t *testing.T) {
	almaty := time.FixedZone("+05", 5*3600)
	busy := []platform.TimeRange{{Start: time.Date(2026, 6, 2, 4, 0, 0, 0, time.UTC), End: time.Date(2026, 6, 2, 6, 0, 0, 0, time.UTC)}}
	base := platform.BilateralSettings{Rooms: []platform.BilateralRoom{{ID: "r1", Name: "A", Capacity: 8}},
		Interpreters: []platform.BilateralInterpreter{{ID: "i1", Name: "X", Unavailable: busy}, {ID: "i2", Name: "Y"}}}
	f := settingsForm{SlotMinutes: "30", BreakMinutes: "10", TimeBox: "2", DayStart: "09:00", DayEnd: "12:00", Deadline: "2026-06-01 18:00",
		Rooms: "r2 | B | 6", Interpreters: "i1 | X | RU-uz, kk-ru | 2026-06-02 09:00–11:00"}
	set, err := f.settings(base, almaty)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rooms) != 2 || set.Rooms[0].ID != "r2" || !set.Rooms[1].Withdrawn {
		t.Errorf("rooms %+v", set.Rooms)
	}
	if len(set.Interpreters) != 2 || len(set.Interpreters[0].Unavailable) != 1 || !set.Interpreters[0].Unavailable[0].Start.Equal(busy[0].Start) || set.Interpreters[0].Pairs[0].A != "ru" || !set.Interpreters[1].Withdrawn {
		t.Errorf("interpreters %+v", set.Interpreters)
	}
	if !set.RequestDeadline.Equal(time.Date(2026, 6, 1, 13, 0, 0, 0, time.UTC)) {
		t.Errorf("deadline %v", set.RequestDeadline)
	}
	for field, bad := range map[string]settingsForm{
		"slotMinutes":     {SlotMinutes: "half", BreakMinutes: "0", TimeBox: "2"},
		"requestDeadline": {SlotMinutes: "30", BreakMinutes: "0", TimeBox: "2", Deadline: "next week"},
		"rooms":           {SlotMinutes: "30", BreakMinutes: "0", TimeBox: "2", Rooms: "r1 | A | many"},
		"interpreters":    {SlotMinutes: "30", BreakMinutes: "0", TimeBox: "2", Interpreters: "i1 | X | russian"},
	} {
		_, err := bad.settings(base, almaty)
		if e := platform.AsError(err); e == nil || e.Data["Field"] != field {
			t.Errorf("%s: error %v", field, err)
		}
	}
}
