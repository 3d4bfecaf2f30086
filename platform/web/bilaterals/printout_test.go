package bilaterals

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// testSchedule is a delegation's schedule of two meetings on two days, one
// with an interpreter, with names in Cyrillic and in Uzbek Latin.
func testSchedule(t *testing.T) (*delegationSchedule, *platform.Event) {
	t.Helper()
	e := &platform.Event{ID: "0123456789abcdef01234567", Kind: platform.EventConference, TimeZone: "Asia/Tashkent",
		Translations: map[string]platform.EventText{"en": {Title: "Regional conference"}, "ru": {Title: "Региональная конференция"}}}
	published := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	m1 := time.Date(2026, 6, 2, 5, 0, 0, 0, time.UTC) // 10:00 in Tashkent
	m2 := time.Date(2026, 6, 3, 9, 30, 0, 0, time.UTC)
	ds := &delegationSchedule{Name: "Kazakhstan", Version: 4, PublishedAt: &published, Meetings: []meetingView{
		{RequestID: "aaaaaaaaaaaaaaaaaaaaaaaa", Start: m1, End: m1.Add(30 * time.Minute), Day: "2026-06-02", From: "10:00", To: "10:30",
			Room: "Зал «Алатау»", With: "Oʻzbekiston", Topic: "Возврат активов; сотрудничество, обмен", Members: []string{"Нұрлан Әбенов"},
			Others: []string{"Gʻayrat Oʻrinov"}},
		{RequestID: "bbbbbbbbbbbbbbbbbbbbbbbb", Start: m2, End: m2.Add(30 * time.Minute), Day: "2026-06-03", From: "14:30", To: "15:00",
			Room: "Room B", With: "UNDP", Topic: "Asset recovery", Interpreter: "Айгүл Сейітова", Members: []string{"Нұрлан Әбенов"}},
	}}
	return ds, e
}

func TestThePrintableScheduleReadsBackInEveryLanguage(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	ds, e := testSchedule(t)
	for _, lang := range []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"} {
		t.Run(lang, func(t *testing.T) {
			l := b.Localizer(lang)
			doc, err := schedulePDF(ds, e, l, lang)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(doc, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %.20q", doc)
			}
			text, err := extract.Text(platform.FormatPDF, bytes.NewReader(doc), int64(len(doc)))
			if err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(text), " ")
			for _, want := range []string{l.T("bilaterals.interpreter"), "Айгүл Сейітова", "Oʻzbekiston", "Gʻayrat Oʻrinov", "10:00–10:30",
				"2026-06-03", l.T("calendar.weekday_2")} {
				if !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, flat)
				}
			}
			again, err := schedulePDF(ds, e, l, lang)
			if err != nil || !bytes.Equal(doc, again) {
				t.Errorf("the same schedule gave other bytes (err %v)", err)
			}
		})
	}
}

func TestAScheduleWithNoMeetingsPrintsASentence(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	_, e := testSchedule(t)
	doc, err := schedulePDF(&delegationSchedule{Name: "漢字 Kazakhstan"}, e, b.Localizer("kk"), "kk")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := extract.Text(platform.FormatPDF, bytes.NewReader(doc), int64(len(doc)))
	if !strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(b.Localizer("kk").T("bilaterals.no_meetings")), " ")) {
		t.Errorf("no sentence for an empty schedule:\n%s", text)
	}
}

func TestTheCalendarHasOneStableEventPerMeeting(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	ds, e := testSchedule(t)
	out := scheduleCalendar(ds, e, b.Localizer("kk"), "kk", "https://hub.example/kk/events/x/bilaterals/delegations/y").Serialize(ics.WithNewLineWindows)
	if strings.Count(out, "BEGIN:VEVENT") != 2 {
		t.Fatalf("want 2 events:\n%s", out)
	}
	for _, want := range []string{"UID:aaaaaaaaaaaaaaaaaaaaaaaa@bilaterals.uncac-hub", "SEQUENCE:4", "DTSTART:20260602T050000Z", "DTEND:20260602T053000Z",
		"DTSTAMP:20260520T090000Z", `Возврат активов\; сотрудничество\, обмен`, "\r\n"} {
		if !strings.Contains(unfold(out), want) {
			t.Errorf("the calendar lacks %q:\n%s", want, out)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value; got != b.Localizer("kk").T("bilaterals.meeting_with", map[string]any{"Name": "Oʻzbekiston"}) {
		t.Errorf("summary %q", got)
	}
}

// unfold joins RFC 5545's folded lines.
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }
