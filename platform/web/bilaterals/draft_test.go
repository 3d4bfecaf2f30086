package bilaterals

import (
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/schedule"
)

func TestTheDraftIsAGridWithReasonsAndMoves(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	e := &platform.Event{ID: "e", Kind: platform.EventConference, TimeZone: "Asia/Almaty"}
	set := &platform.BilateralSettings{Rooms: []platform.BilateralRoom{{ID: "r1", Name: "Алатау", Capacity: 8}, {ID: "r2", Name: "Көктөбе", Capacity: 4},
		{ID: "r0", Name: "Old", Capacity: 4, Withdrawn: true}}}
	kz := &platform.Delegation{ID: "kz", Kind: platform.DelegationCountry, Country: "KZ"}
	uz := &platform.Delegation{ID: "uz", Kind: platform.DelegationCountry, Country: "UZ"}
	org := &platform.Delegation{ID: "org", Kind: platform.DelegationOrganization, Name: "Academy"}
	n := &names{rooms: map[string]string{"r1": "Алатау", "r2": "Көктөбе", "r0": "Old"}, interpreters: map[string]string{},
		delegations: map[string]*platform.Delegation{"kz": kz, "uz": uz, "org": org}}
	reqs := []*platform.MeetingRequest{
		{ID: "a", From: "kz", To: "uz", Topic: "Assets", Status: platform.MeetingAccepted},
		{ID: "b", From: "uz", To: "org", Topic: "Training", Status: platform.MeetingAccepted},
		{ID: "c", From: "org", To: "kz", Topic: "Georgian", Status: platform.MeetingAccepted},
	}
	day := time.Date(2026, 6, 2, 4, 0, 0, 0, time.UTC) // 09:00 in Almaty
	at := func(req, room string, start time.Time) platform.ScheduledMeeting {
		return platform.ScheduledMeeting{RequestID: req, Room: room, Start: start, End: start.Add(30 * time.Minute)}
	}
	sch := &platform.BilateralSchedule{Version: 3, Placed: 2, UpperBound: 2, Optimal: true, SolvedAt: day.AddDate(0, 0, -10),
		Meetings:  []platform.ScheduledMeeting{at("b", "r2", day.Add(time.Hour)), at("a", "r1", day)},
		Unplaced:  []platform.UnplacedMeeting{{RequestID: "c", Reason: "no_interpreter", Resource: "en-ka"}},
		Published: []platform.ScheduledMeeting{at("a", "r2", day)},
		Moves:     []platform.MeetingMove{{RequestID: "a", From: at("a", "r2", day), To: &platform.ScheduledMeeting{RequestID: "a", Room: "r1", Start: day, End: day.Add(30 * time.Minute)}}},
	}
	published := day.AddDate(0, 0, -11)
	sch.PublishedAt = &published
	v := draftView(b.Localizer("ru"), e, set, sch, reqs, n)
	if strings.Join(v.Rooms, ",") != "Алатау,Көктөбе" {
		t.Errorf("columns %v: the withdrawn room is not one", v.Rooms)
	}
	if len(v.Days) != 1 || v.Days[0].Date != "2026-06-02" || len(v.Days[0].Rows) != 2 {
		t.Fatalf("days %+v", v.Days)
	}
	first := v.Days[0].Rows[0]
	if first.Time != "09:00–09:30" || first.Cells[0].Meeting == nil || first.Cells[0].Meeting.With != "Узбекистан" || first.Cells[1].Meeting != nil {
		t.Errorf("the first row %+v", first)
	}
	if second := v.Days[0].Rows[1]; second.Time != "10:00–10:30" || second.Cells[1].Meeting == nil || second.Cells[1].Meeting.With != "Academy" {
		t.Errorf("the second row %+v", second)
	}
	if len(v.Unplaced) != 1 || v.Unplaced[0].Reason != "никто не переводит en-ka" || !strings.Contains(v.Unplaced[0].Label, "Academy — Казахстан: Georgian") {
		t.Errorf("unplaced %+v", v.Unplaced)
	}
	if len(v.Moves) != 1 || v.Moves[0].From != "2026-06-02 09:00, Көктөбе" || v.Moves[0].To != "2026-06-02 09:00, Алатау" {
		t.Errorf("moves %+v", v.Moves)
	}
	if v.Accepted != 3 || !v.Unpublished || !v.Solved {
		t.Errorf("accepted %d, unpublished %v, solved %v", v.Accepted, v.Unpublished, v.Solved)
	}
}

func TestEveryReasonIsTranslated(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []schedule.Reason{schedule.ReasonSlotTooLong, schedule.ReasonNoRoomLargeEnough, schedule.ReasonNoInterpreter,
		schedule.ReasonNoCommonTime, schedule.ReasonLockedInvalid, schedule.ReasonPersonBusy, schedule.ReasonDelegationBusy,
		schedule.ReasonRoomsFull, schedule.ReasonInterpretersBusy, schedule.ReasonLowerPriority} {
		for _, lang := range []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"} {
			id := "bilaterals.reason." + string(r)
			if got := b.Localizer(lang).T(id, map[string]any{"Value": "x"}); got == id || got == "" {
				t.Errorf("%s: %s is not translated", lang, id)
			}
		}
	}
}
