package platform

import (
	"testing"
	"time"
)

func TestOverlapWith(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 10, 30, h, 0, 0, 0, time.UTC) }
	base := func() *Event {
		return &Event{ID: "other", Status: EventPlanned, Start: at(4), End: at(10), Country: "KZ", Countries: []string{"KZ"},
			Trainers: []string{"Sara Lindqvist"}, Speakers: []string{"Jasur Ergashev"}, Rooms: []string{"Hall A"},
			City: map[string]string{"en": "Astana", "kk": "Астана"}, Address: "Mangilik El 55/20",
			Translations: map[string]EventText{"en": {Title: "Conference"}}}
	}
	mine := func() EventInput {
		return EventInput{Status: EventPlanned, Start: at(8), End: at(12), Countries: []string{"UZ"}}
	}
	for _, tt := range []struct {
		name   string
		change func(in *EventInput, e *Event)
		want   []OverlapReason
	}{
		{"nothing shared is no overlap", func(*EventInput, *Event) {}, nil},
		{"a country the other is for", func(in *EventInput, _ *Event) { in.Countries = []string{"KZ", "UZ"} },
			[]OverlapReason{{OverlapCountry, "KZ"}}},
		{"a country that hosts the other", func(in *EventInput, e *Event) { e.Countries = []string{"KG"}; in.Countries = []string{"KZ"} },
			[]OverlapReason{{OverlapCountry, "KZ"}}},
		{"a speaker who is a trainer here, case and spaces aside", func(in *EventInput, _ *Event) { in.Trainers = []string{"  jasur   ERGASHEV "} },
			[]OverlapReason{{OverlapTrainer, "Jasur Ergashev"}}},
		{"a room at the same city in another language", func(in *EventInput, _ *Event) {
			in.Rooms, in.City = []string{"hall a"}, map[string]string{"ru": "Астана"}
		}, []OverlapReason{{OverlapRoom, "Hall A"}}},
		{"a room at the same address", func(in *EventInput, _ *Event) {
			in.Rooms, in.Address = []string{"Hall A"}, "mangilik el 55/20"
		}, []OverlapReason{{OverlapRoom, "Hall A"}}},
		{"a room of that name in another city", func(in *EventInput, _ *Event) {
			in.Rooms, in.City = []string{"Hall A"}, map[string]string{"en": "Tashkent"}
		}, nil},
		{"a cancelled other event", func(in *EventInput, e *Event) { in.Countries = []string{"KZ"}; e.Status = EventCancelled }, nil},
		{"a cancelled event being written", func(in *EventInput, _ *Event) { in.Countries = []string{"KZ"}; in.Status = EventCancelled }, nil},
		{"ending when the other starts", func(in *EventInput, _ *Event) { in.Countries = []string{"KZ"}; in.Start, in.End = at(1), at(4) }, nil},
		{"starting when the other ends", func(in *EventInput, _ *Event) { in.Countries = []string{"KZ"}; in.Start, in.End = at(10), at(11) }, nil},
		{"an instant inside the other", func(in *EventInput, _ *Event) { in.Countries = []string{"KZ"}; in.Start, in.End = at(4), at(4) },
			[]OverlapReason{{OverlapCountry, "KZ"}}},
		{"everything at once", func(in *EventInput, _ *Event) {
			in.Countries, in.Speakers, in.Rooms, in.City = []string{"KZ"}, []string{"Sara Lindqvist"}, []string{"Hall A"}, map[string]string{"en": "Astana"}
		}, []OverlapReason{{OverlapCountry, "KZ"}, {OverlapTrainer, "Sara Lindqvist"}, {OverlapRoom, "Hall A"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, e := mine(), base()
			tt.change(&in, e)
			o, ok := OverlapWith(&in, e)
			if ok != (tt.want != nil) || len(o.Reasons) != len(tt.want) {
				t.Fatalf("OverlapWith = %+v, %v; want %v", o, ok, tt.want)
			}
			for i := range tt.want {
				if o.Reasons[i] != tt.want[i] {
					t.Errorf("reason %d = %v, want %v", i, o.Reasons[i], tt.want[i])
				}
			}
			if ok {
				if title, _ := o.Title([]string{"ru", "en"}); o.EventID != "other" || title != "Conference" {
					t.Errorf("the overlap names %q %q", o.EventID, title)
				}
			}
		})
	}
}
