package platform_test

import (
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// conference is a two-day conference in Astana with two rooms and two
// sessions, one in each.
func conference() platform.EventInput {
	in := validEvent()
	in.Kind, in.Country, in.Countries, in.TimeZone = platform.EventConference, "KZ", []string{"KZ", "KG"}, "Asia/Almaty"
	in.Start = time.Date(2026, 10, 28, 9, 0, 0, 0, time.FixedZone("Almaty", 5*3600))
	in.End = in.Start.Add(32 * time.Hour) // the next day at 17:00
	in.Rooms = []string{"Hall A", "Hall B"}
	in.Sessions = []platform.EventSession{
		session(in.Start, 90*time.Minute, "Hall A", "Opening"),
		session(in.Start.Add(2*time.Hour), time.Hour, "Hall B", "Panel"),
	}
	return in
}

func session(start time.Time, d time.Duration, room, title string) platform.EventSession {
	return platform.EventSession{Start: start, End: start.Add(d), Room: room,
		Translations: map[string]platform.SessionText{"en": {Title: title}}}
}

func TestSessionsValidateNamesTheField(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *platform.EventInput)
		field  string // "" when valid
	}{
		{"a conference with two sessions is valid", func(*platform.EventInput) {}, ""},
		{"a session before the event is refused", func(in *platform.EventInput) {
			in.Sessions[0].Start = in.Start.Add(-time.Hour)
		}, "sessions.0.start"},
		{"a session ending after the event is refused", func(in *platform.EventInput) {
			in.Sessions[1].End = in.End.Add(time.Minute)
		}, "sessions.1.end"},
		{"a session may end when the event ends", func(in *platform.EventInput) { in.Sessions[1].End = in.End }, ""},
		{"a session ending before it starts is refused", func(in *platform.EventInput) {
			in.Sessions[1].End = in.Sessions[1].Start.Add(-time.Minute)
		}, "sessions.1.end"},
		{"a session without an end is refused", func(in *platform.EventInput) { in.Sessions[1].End = time.Time{} }, "sessions.1.end"},
		{"a room the event does not list is refused", func(in *platform.EventInput) { in.Sessions[1].Room = "Hall C" }, "sessions.1.room"},
		{"any room is accepted when the event lists none", func(in *platform.EventInput) {
			in.Rooms = nil
			in.Sessions[1].Room = "Hall C"
		}, ""},
		{"a session without a room is accepted", func(in *platform.EventInput) { in.Sessions[1].Room = "" }, ""},
		{"two sessions at once in one room are refused", func(in *platform.EventInput) {
			in.Sessions[1].Room = "Hall A"
			in.Sessions[1].Start = in.Sessions[0].End.Add(-time.Minute)
		}, "sessions.1.room"},
		{"a session may start when the previous one in its room ends", func(in *platform.EventInput) {
			in.Sessions[1].Room = "Hall A"
			in.Sessions[1].Start = in.Sessions[0].End
		}, ""},
		{"two sessions at once in two rooms are accepted", func(in *platform.EventInput) {
			in.Sessions[1].Start = in.Sessions[0].Start
		}, ""},
		{"a session without a title is refused", func(in *platform.EventInput) {
			in.Sessions[1].Translations = map[string]platform.SessionText{"ru": {Title: "  ", Description: "Без названия"}}
		}, "sessions.1.translations"},
		{"a session's title in an unknown language is refused", func(in *platform.EventInput) {
			in.Sessions[1].Translations["fr"] = platform.SessionText{Title: "Panel"}
		}, "sessions.1.translations"},
		{"too many speakers are refused", func(in *platform.EventInput) {
			for i := range platform.MaxEventNames + 1 {
				in.Sessions[1].Speakers = append(in.Sessions[1].Speakers, "Speaker "+string(rune('A'+i%26))+string(rune('a'+i/26)))
			}
		}, "sessions.1.speakers"},
		{"too many sessions are refused", func(in *platform.EventInput) {
			in.Rooms = nil
			for i := range platform.MaxEventSessions {
				in.Sessions = append(in.Sessions, session(in.Start.Add(time.Duration(i)*time.Minute), time.Minute, "", "Talk"))
			}
		}, "sessions"},
		{"a training may have sessions too", func(in *platform.EventInput) { in.Kind = platform.EventRegionalTraining }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := conference()
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

func TestSessionsNormalizeSortsAndCleans(t *testing.T) {
	in := conference()
	at := in.Start.Add(3 * time.Hour)
	in.Sessions = []platform.EventSession{
		session(at, time.Hour, "Hall B", "Third"),
		session(at, time.Hour, " Hall A ", "Second"),
		session(in.Start, time.Hour, "Hall B", "First"),
	}
	in.Sessions[0].Speakers = []string{" Dana  Sultanova ", "", "Dana Sultanova"}
	in.Sessions[0].Translations["ru"] = platform.SessionText{Title: " "}
	in.Sessions[0].Translations["en"] = platform.SessionText{Title: "  Third\tpanel ", Description: "Line one\r\n\r\nLine two  "}
	in.Normalize()
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range in.Sessions {
		title, _ := s.Title([]string{"en"})
		got = append(got, s.Room+"/"+title)
	}
	want := []string{"Hall B/First", "Hall A/Second", "Hall B/Third panel"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("order %q, want %q", got, want)
	}
	last := in.Sessions[2]
	if len(last.Speakers) != 1 || last.Speakers[0] != "Dana Sultanova" {
		t.Errorf("speakers %q", last.Speakers)
	}
	if _, ok := last.Translations["ru"]; ok {
		t.Error("an empty translation is kept")
	}
	if d := last.Translations["en"].Description; d != "Line one\n\nLine two" {
		t.Errorf("description %q", d)
	}
}

func TestSessionsAreCopiedNotShared(t *testing.T) {
	in := conference()
	in.Normalize()
	var e platform.Event
	e.SetFields(in)
	in.Sessions[0].Speakers = append(in.Sessions[0].Speakers, "Changed")
	in.Sessions[0].Translations["en"] = platform.SessionText{Title: "Changed"}
	back := e.Input()
	back.Sessions[1].Translations["en"] = platform.SessionText{Title: "Changed too"}
	if t0, _ := e.Sessions[0].Title([]string{"en"}); t0 != "Opening" || len(e.Sessions[0].Speakers) != 0 {
		t.Errorf("the event shares its input's sessions: %+v", e.Sessions[0])
	}
	if t1, _ := e.Sessions[1].Title([]string{"en"}); t1 != "Panel" {
		t.Errorf("the event shares its sessions with Input(): %q", t1)
	}
	if e.Sessions[0].Start.Location() != time.UTC {
		t.Errorf("a session's start is kept in %v", e.Sessions[0].Start.Location())
	}
	var empty platform.Event
	empty.FillDefaults()
	if empty.Sessions == nil {
		t.Error("no sessions is null rather than an empty list")
	}
}
