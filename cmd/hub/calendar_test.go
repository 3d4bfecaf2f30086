package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// astanaConference is held on 30 and 31 October 2026 in Astana: 04:00 UTC
// is the morning there, and 31 October 13:00 UTC its afternoon.
const astanaConference = `{"kind":"conference","countries":["KZ","KG","TJ","TM","UZ"],"country":"KZ","timeZone":"Asia/Almaty",
  "start":"2026-10-30T04:00:00Z","end":"2026-10-31T13:00:00Z","areas":["prevention"],"uncacArticles":[5],
  "trainers":["Sara Lindqvist"],"rooms":["Hall A"],"city":{"en":"Astana","kk":"Астана","ru":"Астана"},
  "translations":{"en":{"title":"Annual conference"},"ru":{"title":"Ежегодная конференция"}}}`

// bishkekNight starts at 01:00 on 1 November in Bishkek, which is still
// 31 October in UTC: it is on 1 November.
const bishkekNight = `{"kind":"webinar","countries":["KG"],"country":"KG","timeZone":"Asia/Bishkek",
  "start":"2026-10-31T19:00:00Z","end":"2026-10-31T21:00:00Z","onlineUrl":"https://meet.example.org/night",
  "translations":{"en":{"title":"Night webinar"}}}`

// dayCell is the month view's cell of a date.
func dayCell(t *testing.T, page, date string) string {
	t.Helper()
	at := strings.Index(page, `id="day-`+date+`"`)
	if at < 0 {
		t.Fatalf("no cell for %s", date)
	}
	return page[at : at+strings.Index(page[at:], "</td>")]
}

func TestEventMonthView(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	conf := createEvent(t, h.URL, sec, astanaConference)
	night := createEvent(t, h.URL, sec, bishkekNight)

	t.Run("an event is on every day it covers in its own zone", func(t *testing.T) {
		status, raw := do(t, "GET", h.URL+"/en/events/calendar?month=2026-10", "", nil)
		page := string(raw)
		if status != 200 || !strings.Contains(page, "October 2026") || !strings.Contains(page, "its own time zone") ||
			!strings.Contains(page, `<th scope="col">Monday</th>`) {
			t.Fatalf("%d %s", status, page)
		}
		for _, date := range []string{"2026-10-30", "2026-10-31"} {
			if cell := dayCell(t, page, date); !strings.Contains(cell, `href="/en/events/`+conf.ID+`"`) || !strings.Contains(cell, "Annual conference") ||
				!strings.Contains(cell, `<span class="meta">Annual conference · `) || !strings.Contains(cell, "(Asia/Almaty)") {
				t.Errorf("%s: %s", date, cell)
			}
		}
		if !strings.Contains(dayCell(t, page, "2026-10-30"), "from ") || !strings.Contains(dayCell(t, page, "2026-10-31"), "until ") {
			t.Errorf("the conference's first and last days do not say so")
		}
		if cell := dayCell(t, page, "2026-10-29"); strings.Contains(cell, conf.ID) {
			t.Errorf("the conference is on the 29th: %s", cell)
		}
		if strings.Contains(page, night.ID) {
			t.Errorf("October shows the webinar held on 1 November in Bishkek")
		}
		// 1 October 2026 is a Thursday: three empty cells before it.
		if !strings.Contains(page, "<tr><td></td><td></td><td></td><td id=\"day-2026-10-01\"") {
			t.Errorf("the first week does not start on Monday")
		}
		_, raw = do(t, "GET", h.URL+"/ru/events/calendar?month=2026-11", "", nil)
		// Bishkek is UTC+6 all year: 19:00 UTC is 01:00 there.
		if cell := dayCell(t, string(raw), "2026-11-01"); !strings.Contains(cell, night.ID) || !strings.Contains(cell, "01:00–03:00 (Asia/Bishkek)") ||
			!strings.Contains(string(raw), "Ноябрь 2026") {
			t.Errorf("1 November in Russian: %s", cell)
		}
	})

	t.Run("the filters are the list's, and the month links keep them", func(t *testing.T) {
		_, raw := do(t, "GET", h.URL+"/en/events/calendar?month=2026-10&country=UZ&kind=conference", "", nil)
		page := string(raw)
		if !strings.Contains(page, conf.ID) {
			t.Errorf("the conference for UZ is missing")
		}
		if !strings.Contains(page, `href="/en/events/calendar?country=UZ&amp;kind=conference&amp;month=2026-09"`) ||
			!strings.Contains(page, `href="/en/events/calendar?country=UZ&amp;kind=conference&amp;month=2026-11"`) ||
			!strings.Contains(page, `href="/en/events?country=UZ&amp;kind=conference"`) {
			t.Errorf("the links do not keep the filters: %s", page)
		}
		_, raw = do(t, "GET", h.URL+"/en/events/calendar?month=2026-10&kind=webinar", "", nil)
		if strings.Contains(string(raw), conf.ID) {
			t.Errorf("a conference among webinars")
		}
		_, raw = do(t, "GET", h.URL+"/en/events?country=KZ", "", nil)
		if !strings.Contains(string(raw), `href="/en/events/calendar?country=KZ"`) ||
			!strings.Contains(string(raw), `href="/events.ics?lang=en&amp;country=KZ"`) {
			t.Errorf("the list does not link to the month view and the feed with its filters")
		}
	})

	t.Run("bad values are a 400 naming the parameter", func(t *testing.T) {
		for _, tt := range []struct{ query, param string }{
			{"month=2026-13", "month"}, {"month=October", "month"}, {"month=2026-1", "month"}, {"month=1899-12", "month"},
			{"country=XX", "country"}, {"kind=party", "kind"}, {"area=sports", "area"}, {"article=x", "article"}, {"article=99", "article"},
		} {
			for _, path := range []string{"/en/events/calendar?", "/api/v1/events/calendar?lang=en&"} {
				status, raw := do(t, "GET", h.URL+path+tt.query, "", nil)
				if status != 400 || !strings.Contains(string(raw), "“"+tt.param+"”") {
					t.Errorf("%s%s: %d %s", path, tt.query, status, raw)
				}
			}
		}
	})

	t.Run("the API gives the month with the days of each event", func(t *testing.T) {
		status, raw := do(t, "GET", h.URL+"/api/v1/events/calendar?month=2026-10&country=KZ", "", nil)
		var got struct {
			Month  string
			Events []eventJSON
			Days   []struct {
				Date   string
				Events []string
			}
		}
		if status != 200 || json.Unmarshal(raw, &got) != nil || got.Month != "2026-10" || len(got.Events) != 1 || len(got.Days) != 2 ||
			got.Days[0].Date != "2026-10-30" || got.Days[1].Date != "2026-10-31" || got.Days[0].Events[0] != conf.ID {
			t.Errorf("%d %s", status, raw)
		}
	})

	t.Run("an event the reader may not see leaves the page as it was", func(t *testing.T) {
		month := h.URL + "/en/events/calendar?month=2026-10"
		_, before := do(t, "GET", month, "", nil)
		hidden := strings.NewReplacer(`"kind":"conference"`, `"kind":"meeting","visibility":"secretariat"`,
			"Annual conference", "Closed coordination meeting", "Ежегодная конференция", "Закрытое совещание").Replace(astanaConference)
		secret := createEvent(t, h.URL, sec, hidden)
		_, after := do(t, "GET", month, "", nil)
		if string(before) != string(after) {
			t.Errorf("the anonymous month page changed with a secretariat-only event:\n%s\n---\n%s", before, after)
		}
		if _, raw := do(t, "GET", month, sec, nil); !strings.Contains(string(raw), secret.ID) {
			t.Errorf("the secretariat does not see its own event in the month")
		}
		_, raw := do(t, "GET", h.URL+"/api/v1/events/calendar?month=2026-10", "", nil)
		if strings.Contains(string(raw), secret.ID) {
			t.Errorf("the API's month reveals the hidden event")
		}
	})
}

func TestEventOverlapWarnings(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	conf := createEvent(t, h.URL, sec, astanaConference)
	secret := createEvent(t, h.URL, sec, strings.NewReplacer(`"kind":"conference"`, `"kind":"meeting","visibility":"secretariat"`,
		"Annual conference", "Closed coordination meeting").Replace(astanaConference))
	cancelled := createEvent(t, h.URL, sec, strings.Replace(astanaConference, `"kind":"conference"`, `"kind":"conference","status":"cancelled"`, 1))

	type saved struct {
		ID       string
		Warnings []struct {
			ID, Title, TimeZone string
			Reasons             []struct{ Reason, Value string }
		}
	}
	reasons := func(t *testing.T, s saved) map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, w := range s.Warnings {
			var rs []string
			for _, r := range w.Reasons {
				rs = append(rs, r.Reason+"="+r.Value)
			}
			out[w.ID] = strings.Join(rs, ",")
			if w.ID == conf.ID && w.Title != "Ежегодная конференция" && w.Title != "Annual conference" {
				t.Errorf("the warning's title: %+v", w)
			}
		}
		return out
	}

	// A national training of Kazakhstan on the conference's second day, by
	// its trainer, in its hall.
	training := `{"kind":"national_training","countries":["KZ"],"country":"KZ","timeZone":"Asia/Almaty",
	  "start":"2026-10-31T08:00:00Z","end":"2026-10-31T10:00:00Z","trainers":["  sara LINDQVIST "],"rooms":["hall a"],"city":{"ru":"Астана"},
	  "translations":{"en":{"title":"Training on asset declarations"}}}`
	status, raw := do(t, "POST", h.URL+"/api/v1/events?lang=ru", kz, strings.NewReader(training))
	var created saved
	if status != 201 || json.Unmarshal(raw, &created) != nil {
		t.Fatalf("the focal point's training: %d %s", status, raw)
	}
	got := reasons(t, created)
	if want := "country=KZ,trainer=Sara Lindqvist,room=Hall A"; got[conf.ID] != want || len(got) != 1 {
		t.Errorf("the focal point's warnings: %v, want %s for the conference only (not the cancelled %s nor the hidden %s)", got, want, cancelled.ID, secret.ID)
	}

	t.Run("an update is warned too, and never of the event itself", func(t *testing.T) {
		status, raw := do(t, "PUT", h.URL+"/api/v1/events/"+created.ID, sec, strings.NewReader(training))
		var updated saved
		if status != 200 || json.Unmarshal(raw, &updated) != nil {
			t.Fatalf("%d %s", status, raw)
		}
		if got := reasons(t, updated); len(got) != 2 || got[conf.ID] == "" || got[secret.ID] == "" || got[created.ID] != "" {
			t.Errorf("the secretariat's warnings: %v", got)
		}
		later := strings.NewReplacer("2026-10-31T08:00:00Z", "2026-11-02T08:00:00Z", "2026-10-31T10:00:00Z", "2026-11-02T10:00:00Z").Replace(training)
		status, raw = do(t, "PUT", h.URL+"/api/v1/events/"+created.ID, sec, strings.NewReader(later))
		if status != 200 || !strings.Contains(string(raw), `"warnings":[]`) {
			t.Errorf("moved away: %d %s", status, raw)
		}
		do(t, "PUT", h.URL+"/api/v1/events/"+created.ID, sec, strings.NewReader(training))
	})

	t.Run("the check endpoint answers before saving, for what the caller sees", func(t *testing.T) {
		q := url.Values{"start": {"2026-10-31T08:00:00Z"}, "end": {"2026-10-31T09:00:00Z"}, "country": {"kz"}, "exclude": {created.ID}}
		for _, tt := range []struct {
			name, token string
			want        []string
		}{
			{"anonymous", "", []string{conf.ID}},
			{"the focal point", kz, []string{conf.ID}},
			{"the secretariat", sec, []string{conf.ID, secret.ID}},
		} {
			status, raw := do(t, "GET", h.URL+"/api/v1/events/overlaps?"+q.Encode(), tt.token, nil)
			var s saved
			if status != 200 || json.Unmarshal(raw, &s) != nil || len(s.Warnings) != len(tt.want) {
				t.Errorf("%s: %d %s", tt.name, status, raw)
				continue
			}
			for i, id := range tt.want {
				if s.Warnings[i].ID != id {
					t.Errorf("%s: warning %d is %s, want %s", tt.name, i, s.Warnings[i].ID, id)
				}
			}
		}
		room := url.Values{"start": {"2026-10-30T06:00:00Z"}, "end": {"2026-10-30T07:00:00Z"}, "room": {"HALL A"}, "city": {"astana"}, "trainer": {"Nobody"}}
		_, raw := do(t, "GET", h.URL+"/api/v1/events/overlaps?"+room.Encode(), "", nil)
		if !strings.Contains(string(raw), `{"reason":"room","value":"Hall A"}`) || strings.Contains(string(raw), `"trainer"`) {
			t.Errorf("the room check: %s", raw)
		}
		room.Set("city", "Tashkent")
		if _, raw := do(t, "GET", h.URL+"/api/v1/events/overlaps?"+room.Encode(), "", nil); string(raw) != `{"warnings":[]}` {
			t.Errorf("a hall of that name in another city: %s", raw)
		}
	})

	t.Run("bad check parameters are a 400 naming them", func(t *testing.T) {
		ok := "start=2026-10-31T08:00:00Z&end=2026-10-31T09:00:00Z"
		for _, tt := range []struct{ query, param string }{
			{"end=2026-10-31T09:00:00Z", "start"},
			{"start=2026-10-31T08:00:00Z", "end"},
			{"start=2026-10-31&end=2026-10-31T09:00:00Z", "start"},
			{"start=2026-10-31T08:00:00Z&end=tomorrow", "end"},
			{"start=2026-10-31T08:00:00Z&end=2026-10-31T07:00:00Z", "end"},
			{ok + "&country=XX", "country"},
			{ok + "&exclude=42", "exclude"},
			{ok + "&trainer=" + strings.Repeat("x", 1001), "trainer"},
			{ok + "&room=" + strings.Repeat("x", 1001), "room"},
			{ok + "&city=" + strings.Repeat("x", 1001), "city"},
			{ok + "&address=" + strings.Repeat("x", 1001), "address"},
		} {
			status, raw := do(t, "GET", h.URL+"/api/v1/events/overlaps?lang=en&"+tt.query, "", nil)
			if status != 400 || !strings.Contains(string(raw), "“"+tt.param+"”") {
				t.Errorf("%.80s: %d %s", tt.query, status, raw)
			}
		}
	})

	t.Run("the event page tells its editors, in their language, with links", func(t *testing.T) {
		_, raw := do(t, "GET", h.URL+"/ru/events/"+created.ID, kz, nil)
		page := string(raw)
		if !strings.Contains(page, `id="overlaps"`) || !strings.Contains(page, `href="/ru/events/`+conf.ID+`"`) ||
			!strings.Contains(page, "Ежегодная конференция") || !strings.Contains(page, "тот же тренер или докладчик: Sara Lindqvist") ||
			!strings.Contains(page, "та же страна: Казахстан") || strings.Contains(page, secret.ID) {
			t.Errorf("the focal point's page: %s", page)
		}
		_, raw = do(t, "GET", h.URL+"/en/events/"+created.ID, "", nil)
		if strings.Contains(string(raw), `id="overlaps"`) {
			t.Errorf("an anonymous reader is shown the overlaps")
		}
	})

	t.Run("the form saves an overlapping event and its page lists the overlaps", func(t *testing.T) {
		form := url.Values{"kind": {"webinar"}, "status": {"planned"}, "visibility": {"public"}, "time_zone": {"Asia/Almaty"},
			"start": {"2026-10-30T10:00"}, "end": {"2026-10-30T11:00"}, "country": {"KZ"}, "countries": {"KZ"},
			"speakers": {"SARA LINDQVIST"}, "title_en": {"Webinar during the conference"}}
		req, _ := http.NewRequest("POST", h.URL+"/en/events/new", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+kz)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc := res.Header.Get("Location")
		if res.StatusCode != 303 || !strings.HasPrefix(loc, "/en/events/") {
			t.Fatalf("the form: %d %s", res.StatusCode, loc)
		}
		_, raw := do(t, "GET", h.URL+loc, kz, nil)
		if page := string(raw); !strings.Contains(page, "Held at the same time") || !strings.Contains(page, `href="/en/events/`+conf.ID+`"`) ||
			!strings.Contains(page, "same trainer or speaker: Sara Lindqvist") {
			t.Errorf("the new event's page: %s", page)
		}
	})
}
