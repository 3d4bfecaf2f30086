package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// conferenceJSON is a two-day conference in Tashkent (UTC+5 all year) with
// two rooms; sessions are added by each test. Session times are written in
// UTC so that the pages showing them at 09:30 prove the event's zone.
const conferenceJSON = `{"kind":"conference","countries":["KZ","KG","TJ","TM","UZ"],"country":"UZ","timeZone":"Asia/Tashkent",
  "start":"2026-10-28T09:00:00+05:00","end":"2026-10-29T17:00:00+05:00","rooms":["Hall A","Hall B"],
  "translations":{"en":{"title":"Annual conference on integrity"},"ru":{"title":"Ежегодная конференция по добросовестности"}},
  "sessions":%s}`

const goodSessions = `[
  {"start":"2026-10-29T04:00:00Z","end":"2026-10-29T06:00:00Z","room":"Hall A","speakers":["Malika Yusupova"],
   "translations":{"en":{"title":"Asset declarations in practice"}}},
  {"start":"2026-10-28T04:30:00Z","end":"2026-10-28T06:00:00Z","room":"Hall A","speakers":["Dana Sultanova","Rustam Karimov"],
   "translations":{"en":{"title":"Opening plenary","description":"Welcome by the host.\n\nThe year in review."},"ru":{"title":"Открытие пленарного заседания"}}},
  {"start":"2026-10-28T06:30:00Z","end":"2026-10-28T08:00:00Z","room":"Hall B",
   "translations":{"en":{"title":"Whistleblower protection"},"ru":{"title":"Защита заявителей"}}}]`

func TestTimetableThroughTheAPIPagesAndForm(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	create := func(sessions, lang string) (int, string) {
		t.Helper()
		status, raw := do(t, "POST", h.URL+"/api/v1/events?lang="+lang, sec, strings.NewReader(strings.Replace(conferenceJSON, "%s", sessions, 1)))
		return status, string(raw)
	}

	// The second session (in start order) ends before it starts.
	bad := `[{"start":"2026-10-28T04:30:00Z","end":"2026-10-28T06:00:00Z","room":"Hall A","translations":{"en":{"title":"Opening"}}},
	         {"start":"2026-10-28T06:30:00Z","end":"2026-10-28T06:00:00Z","room":"Hall B","translations":{"en":{"title":"Panel"}}}]`
	for lang, want := range map[string]string{"en": "“sessions.1.end”", "ru": "«sessions.1.end»"} {
		if status, body := create(bad, lang); status != 400 || !strings.Contains(body, want) {
			t.Errorf("%s: a session ending before it starts: %d %s", lang, status, body)
		}
	}
	if status, body := create(strings.Replace(goodSessions, `"Hall B"`, `"Hall C"`, 1), "en"); status != 400 || !strings.Contains(body, "sessions.1.room") {
		t.Errorf("a room the event does not list: %d %s", status, body)
	}

	status, body := create(goodSessions, "en")
	if status != 201 {
		t.Fatalf("the conference: %d %s", status, body)
	}
	var e struct {
		ID       string `json:"id"`
		Sessions []struct {
			Room         string                       `json:"room"`
			Translations map[string]map[string]string `json:"translations"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Sessions) != 3 || e.Sessions[0].Translations["en"]["title"] != "Opening plenary" || e.Sessions[2].Room != "Hall A" {
		t.Fatalf("the sessions are not stored in start order: %s", body)
	}

	// The page groups the sessions by day at the event, 09:30 in Tashkent.
	for _, tt := range []struct{ lang, heading, title, fallback string }{
		{"en", "Programme", "Opening plenary", ""},
		{"ru", "Программа", "Открытие пленарного заседания", `<strong lang="en">Asset declarations in practice</strong>`},
	} {
		_, raw := do(t, "GET", h.URL+"/"+tt.lang+"/events/"+e.ID, "", nil)
		page := string(raw)
		day1, day2 := strings.Index(page, `id="programme-2026-10-28"`), strings.Index(page, `id="programme-2026-10-29"`)
		if !strings.Contains(page, "<h2>"+tt.heading+"</h2>") || day1 < 0 || day2 < day1 {
			t.Fatalf("%s: no programme by day: %s", tt.lang, page)
		}
		first, second := page[day1:day2], page[day2:]
		for _, want := range []string{">09:30</time>–<time", ">11:00</time>", tt.title, "Dana Sultanova; Rustam Karimov", "Hall B", ">11:30</time>–<time"} {
			if !strings.Contains(first, want) {
				t.Errorf("%s: the first day lacks %q: %s", tt.lang, want, first)
			}
		}
		if !strings.Contains(second, ">09:00</time>–<time") || !strings.Contains(second, "Malika Yusupova") {
			t.Errorf("%s: the second day: %s", tt.lang, second)
		}
		if tt.fallback != "" && !strings.Contains(second, tt.fallback) {
			t.Errorf("%s: a title in another language is not marked: %s", tt.lang, second)
		}
		if tt.lang == "en" && !strings.Contains(first, "<p>The year in review.</p>") {
			t.Errorf("the description's paragraphs: %s", first)
		}
	}

	// The edit form prints the programme a line each, titles in the form's
	// language or the next that has one.
	_, raw := do(t, "GET", h.URL+"/ru/events/"+e.ID+"/edit", sec, nil)
	edit := string(raw)
	lines := []string{
		"2026-10-28 09:30–11:00 | Hall A | Открытие пленарного заседания | Dana Sultanova; Rustam Karimov",
		"2026-10-28 11:30–13:00 | Hall B | Защита заявителей | ",
		"2026-10-29 09:00–11:00 | Hall A | Asset declarations in practice | Malika Yusupova",
	}
	if !strings.Contains(edit, "2024-10-30 10:00–11:30 | Зал А | Название | Спикер; Спикер") {
		t.Errorf("the edit form's hint does not show the format in Russian: %s", edit)
	}
	for _, l := range lines {
		if !strings.Contains(edit, l) {
			t.Errorf("the edit form lacks %q: %s", l, edit)
		}
	}

	post := func(lang, programme string) (int, string) {
		t.Helper()
		form := url.Values{
			"kind": {"conference"}, "status": {"planned"}, "visibility": {"public"}, "version": {"1"},
			"start": {"2026-10-28T09:00"}, "end": {"2026-10-29T17:00"}, "time_zone": {"Asia/Tashkent"},
			"country": {"UZ"}, "countries": {"KZ", "KG", "TJ", "TM", "UZ"}, "rooms": {"Hall A\nHall B"},
			"title_en": {"Annual conference on integrity"}, "title_ru": {"Ежегодная конференция по добросовестности"},
			"programme": {programme},
		}
		req, _ := http.NewRequest("POST", h.URL+"/"+lang+"/events/"+e.ID+"/edit", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+sec)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for lang, want := range map[string]string{"en": "Programme, line 2:", "ru": "Программа, строка 2:"} {
		status, body := post(lang, lines[0]+"\n2026-10-28 11:30 | Hall B | Panel\n")
		if status != 400 || !strings.Contains(body, want) || !strings.Contains(body, "2026-10-28 11:30 | Hall B | Panel") {
			t.Errorf("%s: a line without an end: %d %s", lang, status, body)
		}
	}

	// Saved in Russian with a hyphen and one title changed: the English
	// titles and the description stay, the fallback title is not copied
	// into Russian.
	changed := strings.Join([]string{lines[0], strings.Replace(strings.Replace(lines[1], "–", "-", 1), "Защита заявителей", "Защита информаторов", 1), lines[2]}, "\n")
	if status, body := post("ru", changed); status != 303 {
		t.Fatalf("the form's save: %d %s", status, body)
	}
	_, raw = do(t, "GET", h.URL+"/api/v1/events/"+e.ID, "", nil)
	e.Sessions = nil
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Sessions) != 3 {
		t.Fatalf("sessions after the form: %s", raw)
	}
	if tr := e.Sessions[0].Translations; tr["en"]["title"] != "Opening plenary" || tr["en"]["description"] == "" || tr["ru"]["title"] != "Открытие пленарного заседания" {
		t.Errorf("the first session's texts after the form: %v", tr)
	}
	if tr := e.Sessions[1].Translations; tr["en"]["title"] != "Whistleblower protection" || tr["ru"]["title"] != "Защита информаторов" {
		t.Errorf("the changed title: %v", tr)
	}
	if tr := e.Sessions[2].Translations; len(tr) != 1 || tr["en"]["title"] != "Asset declarations in practice" {
		t.Errorf("the fallback title was copied: %v", tr)
	}
}
