package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// eventJSON is the part of an event the tests read.
type eventJSON struct {
	ID       string `json:"id"`
	Version  int    `json:"version"`
	TimeZone string `json:"timeZone"`
	Capacity int    `json:"capacity"`
	Start    time.Time
	End      time.Time
}

const bishkekWebinar = `{"kind":"webinar","countries":["KG"],"country":"KG","timeZone":"Asia/Bishkek",
  "start":"2026-03-10T10:00:00+06:00","end":"2026-03-10T12:00:00+06:00","areas":["prevention"],"uncacArticles":[8],
  "onlineUrl":"https://meet.example.org/kg-webinar","capacity":80,"trainers":["Aibek Toktogulov"],
  "translations":{"en":{"title":"Webinar on codes of conduct","description":"How public officials report conflicts of interest."},
                  "ru":{"title":"Вебинар о кодексах поведения","description":"Как должностные лица сообщают о конфликте интересов."}}}`

func createEvent(t *testing.T, base, token, body string) eventJSON {
	t.Helper()
	status, raw := do(t, "POST", base+"/api/v1/events", token, strings.NewReader(body))
	if status != 201 {
		t.Fatalf("create event: %d %s", status, raw)
	}
	var e eventJSON
	if err := json.Unmarshal(raw, &e); err != nil || e.ID == "" {
		t.Fatalf("created event %s: %v", raw, err)
	}
	return e
}

func TestEventsThroughTheAPIAndPages(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")

	e := createEvent(t, h.URL, sec, bishkekWebinar)
	if e.TimeZone != "Asia/Bishkek" || !e.Start.Equal(time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)) || e.Version != 1 {
		t.Fatalf("created %+v", e)
	}

	t.Run("bad input is a 400 naming the field, in the reader's language", func(t *testing.T) {
		for _, tt := range []struct{ name, change, field, lang, word string }{
			{"end before start", `"end":"2026-03-10T09:00:00+06:00"`, "end", "en", "ends before it starts"},
			{"unknown zone", `"timeZone":"Asia/Atlantis"`, "timeZone", "ru", "часовой пояс"},
			{"negative capacity", `"capacity":-5`, "capacity", "uz", "oʻrinlar soni"},
		} {
			body := strings.Replace(bishkekWebinar, `"kind":"webinar",`, `"kind":"webinar",`+tt.change+`,`, 1)
			body = removeDuplicateKey(body, tt.change)
			status, raw := do(t, "POST", h.URL+"/api/v1/events?lang="+tt.lang, sec, strings.NewReader(body))
			if status != 400 || !strings.Contains(string(raw), "“"+tt.field+"”") && !strings.Contains(string(raw), "«"+tt.field+"»") ||
				!strings.Contains(string(raw), tt.word) {
				t.Errorf("%s: %d %s", tt.name, status, raw)
			}
		}
	})

	t.Run("a focal point editing another country's national event gets 403, nothing changes, and the refusal is audited", func(t *testing.T) {
		changed := strings.Replace(bishkekWebinar, `"capacity":80`, `"capacity":5`, 1)
		status, raw := do(t, "PUT", h.URL+"/api/v1/events/"+e.ID+"?lang=ru", kz, strings.NewReader(changed))
		if status != 403 || !strings.Contains(string(raw), "секретариат") {
			t.Fatalf("focal point of KZ edits KG's webinar: %d %s", status, raw)
		}
		status, raw = do(t, "DELETE", h.URL+"/api/v1/events/"+e.ID, kz, nil)
		if status != 403 {
			t.Fatalf("focal point of KZ deletes KG's webinar: %d %s", status, raw)
		}
		_, raw = do(t, "GET", h.URL+"/api/v1/events/"+e.ID, "", nil)
		var got eventJSON
		json.Unmarshal(raw, &got)
		if got.Version != 1 || got.Capacity != 80 {
			t.Errorf("after the refusals: %s", raw)
		}
		status, raw = do(t, "GET", h.URL+"/api/v1/audit?action=denied&record="+e.ID, sec, nil)
		if status != 200 || strings.Count(string(raw), `"action":"denied"`) != 2 {
			t.Errorf("audit of the refusals: %d %s", status, raw)
		}
	})

	t.Run("an update needs the version it read", func(t *testing.T) {
		changed := strings.Replace(bishkekWebinar, `"capacity":80`, `"capacity":100`, 1)
		if status, raw := do(t, "PUT", h.URL+"/api/v1/events/"+e.ID, sec, strings.NewReader(changed), "If-Match", `"v1"`); status != 200 {
			t.Fatalf("update at v1: %d %s", status, raw)
		}
		if status, raw := do(t, "PUT", h.URL+"/api/v1/events/"+e.ID, sec, strings.NewReader(changed), "If-Match", `"v1"`); status != 409 {
			t.Fatalf("second update at v1: %d %s", status, raw)
		}
	})

	t.Run("the event page shows the time at the event in two languages", func(t *testing.T) {
		for _, tt := range []struct{ lang, title, label string }{
			{"en", "Webinar on codes of conduct", "At the event"},
			{"ru", "Вебинар о кодексах поведения", "По месту проведения"},
		} {
			status, page := do(t, "GET", h.URL+"/"+tt.lang+"/events/"+e.ID, "", nil)
			s := string(page)
			if status != 200 || !strings.Contains(s, tt.title) || !strings.Contains(s, tt.label) ||
				!strings.Contains(s, "2026-03-10 10:00") || !strings.Contains(s, "Asia/Bishkek") ||
				!strings.Contains(s, `datetime="2026-03-10T04:00:00Z"`) || !strings.Contains(s, "/"+tt.lang+"/events/"+e.ID+".ics") {
				t.Errorf("%s page: %d %s", tt.lang, status, page)
			}
		}
		// A reader whose language the event lacks gets the Russian text
		// (tg → ru → en), told so in their own language, as in the library.
		status, page := do(t, "GET", h.URL+"/tg/events/"+e.ID, "", nil)
		if s := string(page); status != 200 || !strings.Contains(s, `lang="ru">Вебинар о кодексах поведения`) ||
			!strings.Contains(s, `class="fallback" lang="tg"`) || !strings.Contains(s, "Ин матн бо забони шумо дастрас нест") {
			t.Errorf("tg page: %d %s", status, page)
		}
		if _, page := do(t, "GET", h.URL+"/ru/events/"+e.ID, "", nil); strings.Contains(string(page), `class="fallback"`) {
			t.Errorf("the ru page says its text falls back")
		}
		status, list := do(t, "GET", h.URL+"/ru/events?country=KG&kind=webinar", "", nil)
		if status != 200 || !strings.Contains(string(list), "Вебинар о кодексах поведения") {
			t.Errorf("the list filtered by country and kind: %d", status)
		}
		status, list = do(t, "GET", h.URL+"/en/events?country=UZ", "", nil)
		if status != 200 || strings.Contains(string(list), "codes of conduct") {
			t.Errorf("the list filtered by another country shows the event: %d", status)
		}
	})

	t.Run("the iCalendar files parse back with the event in UTC", func(t *testing.T) {
		for _, path := range []string{"/ru/events/" + e.ID + ".ics", "/events.ics?lang=ru&country=KG", "/events.ics?kind=webinar&article=8"} {
			status, raw := do(t, "GET", h.URL+path, "", nil)
			if status != 200 || !bytes.Contains(raw, []byte("\r\n")) {
				t.Fatalf("%s: %d %q", path, status, raw)
			}
			cal, err := ics.ParseCalendar(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%s does not parse: %v\n%s", path, err, raw)
			}
			evs := cal.Events()
			if len(evs) != 1 {
				t.Fatalf("%s has %d events", path, len(evs))
			}
			start, err := evs[0].GetStartAt()
			if err != nil || !start.Equal(e.Start) {
				t.Errorf("%s starts at %v (%v), want %v", path, start, err, e.Start)
			}
			end, err := evs[0].GetEndAt()
			if err != nil || !end.Equal(e.End) {
				t.Errorf("%s ends at %v (%v)", path, end, err)
			}
			if p := evs[0].GetProperty(ics.ComponentPropertyDtStart); p == nil || !strings.HasSuffix(p.Value, "Z") {
				t.Errorf("%s: DTSTART is not in UTC: %+v", path, p)
			}
			if strings.HasPrefix(path, "/ru/") || strings.Contains(path, "lang=ru") {
				if p := evs[0].GetProperty(ics.ComponentPropertySummary); p == nil || p.Value != "Вебинар о кодексах поведения" {
					t.Errorf("%s summary: %+v", path, p)
				}
			}
		}
		_, raw := do(t, "GET", h.URL+"/events.ics?country=UZ", "", nil)
		if cal, err := ics.ParseCalendar(bytes.NewReader(raw)); err != nil || len(cal.Events()) != 0 {
			t.Errorf("a feed for another country: %v %s", err, raw)
		}
	})

	t.Run("the UNCAC article's page lists the event", func(t *testing.T) {
		_, page := do(t, "GET", h.URL+"/ru/uncac/8", "", nil)
		if !strings.Contains(string(page), `href="/ru/events/`+e.ID+`"`) || !strings.Contains(string(page), "Вебинар о кодексах поведения") {
			t.Errorf("article 8's page does not list the webinar tagged with it")
		}
		_, page = do(t, "GET", h.URL+"/ru/uncac/20", "", nil)
		if strings.Contains(string(page), "/ru/events/"+e.ID) {
			t.Errorf("article 20's page lists a webinar tagged with article 8 only")
		}
	})

	t.Run("a deleted event is gone", func(t *testing.T) {
		if status, raw := do(t, "DELETE", h.URL+"/api/v1/events/"+e.ID, sec, nil); status != 204 {
			t.Fatalf("delete: %d %s", status, raw)
		}
		if status, _ := do(t, "GET", h.URL+"/en/events/"+e.ID, "", nil); status != 404 {
			t.Errorf("page after delete: %d", status)
		}
	})
}

// removeDuplicateKey drops the original value of the key that change sets
// again, so that the body is valid JSON with the changed value only.
func removeDuplicateKey(body, change string) string {
	key := change[:strings.Index(change, ":")+1]
	first := strings.Index(body, key)
	second := strings.Index(body[first+len(key):], key)
	if second < 0 {
		return body
	}
	at := first + len(key) + second
	end := at + strings.IndexAny(body[at:], ",}")
	if body[end] == ',' {
		end++
	}
	return body[:at] + body[end:]
}

func TestEventForms(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	post := func(t *testing.T, path, token string, form url.Values) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", h.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+token)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Location"), string(b)
	}
	form := url.Values{
		"kind": {"regional_training"}, "status": {"registration_open"}, "visibility": {"public"},
		"start": {"2026-09-15T09:00"}, "end": {"2026-09-17T17:30"}, "time_zone": {"Asia/Tashkent"},
		"country": {"UZ"}, "countries": {"KZ", "KG", "UZ"}, "areas": {"asset_recovery"}, "articles": {"31, 54"},
		"capacity": {"60"}, "languages": {"ru, en"}, "trainers": {"Sara Lindqvist\nJasur Ergashev"},
		"city_en": {"Tashkent"}, "city_uz": {"Toshkent"}, "title_en": {"Regional training on confiscation"},
		"title_uz": {"Musodara boʻyicha mintaqaviy trening"},
	}
	status, loc, body := post(t, "/en/events/new", sec, form)
	if status != 303 || !strings.HasPrefix(loc, "/en/events/") {
		t.Fatalf("the secretariat's new event: %d %s %s", status, loc, body)
	}
	id := strings.TrimPrefix(loc, "/en/events/")
	_, page := do(t, "GET", h.URL+"/uz"+strings.TrimPrefix(loc, "/en"), "", nil)
	if !strings.Contains(string(page), "Musodara boʻyicha mintaqaviy trening") || !strings.Contains(string(page), "2026-09-15 09:00") ||
		!strings.Contains(string(page), `datetime="2026-09-15T04:00:00Z"`) || !strings.Contains(string(page), "Sara Lindqvist") {
		t.Errorf("the page of the new event: %s", page)
	}
	_, edit := do(t, "GET", h.URL+"/en/events/"+id+"/edit", sec, nil)
	if !strings.Contains(string(edit), `value="2026-09-15T09:00"`) || !strings.Contains(string(edit), `value="Asia/Tashkent"`) {
		t.Errorf("the edit form does not show the times at the event: %s", edit)
	}

	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("end", "2026-09-14T17:30")
	status, _, body = post(t, "/ru/events/new", sec, bad)
	if status != 400 || !strings.Contains(body, "«end»") || !strings.Contains(body, `value="Regional training on confiscation"`) {
		t.Errorf("an end before the start: %d %s", status, body)
	}

	form.Set("version", "1")
	form.Set("capacity", "10")
	status, _, body = post(t, "/ru/events/"+id+"/edit", kz, form)
	if status != 403 || !strings.Contains(body, "секретариат") {
		t.Errorf("a focal point edits a regional training: %d %s", status, body)
	}
	_, raw := do(t, "GET", h.URL+"/api/v1/events/"+id, "", nil)
	if !strings.Contains(string(raw), `"capacity":60`) || !strings.Contains(string(raw), `"version":1`) {
		t.Errorf("the refused edit changed the event: %s", raw)
	}
	if status, _, _ := post(t, "/en/events/"+id+"/edit", sec, form); status != 303 {
		t.Errorf("the secretariat's edit: %d", status)
	}
	if status, _, _ := post(t, "/en/events/"+id+"/edit", sec, form); status != 409 {
		t.Errorf("an edit of the version before: %d", status)
	}
}

// A library document shows the events that used it as material, and only
// those its reader may see: a secretariat-only training changes nothing an
// anonymous reader gets.
func TestADocumentShowsTheEventsThatUsedIt(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	doc := createDoc(t, h.URL, sec, `{"kind":"training","countries":["KZ"],"translations":{"en":{"title":"Handbook on asset declarations"}}}`)
	page := func() string {
		status, raw := do(t, "GET", h.URL+"/en/library/"+doc, "", nil)
		if status != 200 {
			t.Fatalf("document page: %d", status)
		}
		return string(raw)
	}
	if strings.Contains(page(), "Used at these events") {
		t.Fatal("a document no event used lists events")
	}
	withMaterial := strings.Replace(openTrainingJSON(20, false), `"rooms":["Hall A"],`, `"rooms":["Hall A"],"materials":["`+doc+`"],`, 1)
	createEvent(t, h.URL, sec, withMaterial)
	before := page()
	if !strings.Contains(before, "Used at these events") || !strings.Contains(before, "Regional training on asset declarations") {
		t.Fatalf("the document page does not list the training")
	}
	hidden := strings.Replace(withMaterial, `"countries":`, `"visibility":"secretariat","countries":`, 1)
	hidden = strings.Replace(hidden, "Regional training on asset declarations", "Closed meeting of the secretariat", 1)
	createEvent(t, h.URL, sec, hidden)
	if after := page(); strings.Contains(after, "Closed meeting") || strings.Count(after, `href="/en/events/`) != strings.Count(before, `href="/en/events/`) {
		t.Errorf("a secretariat-only event shows to an anonymous reader")
	}
	status, raw := do(t, "GET", h.URL+"/en/library/"+doc, sec, nil)
	if status != 200 || !strings.Contains(string(raw), "Closed meeting of the secretariat") {
		t.Errorf("the secretariat does not see its own event on the document: %d", status)
	}
}

// A reader who chose a time zone in their settings reads an event's times
// in it from the server (a 10:00 Bishkek webinar at 09:00 in Tashkent); a
// zone nobody knows is refused, naming the field.
func TestTheTimeZoneOfTheReadersSettings(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	e := createEvent(t, h.URL, sec, bishkekWebinar)
	status, raw := do(t, "GET", h.URL+"/api/v1/me", sec, nil)
	var me struct{ ID string }
	if status != 200 || json.Unmarshal(raw, &me) != nil {
		t.Fatalf("me: %d %s", status, raw)
	}
	if status, raw := do(t, "PATCH", h.URL+"/api/v1/users/"+me.ID+"?lang=ru", sec, strings.NewReader(`{"timeZone":"Asia/Atlantis"}`)); status != 400 || !strings.Contains(string(raw), "«timeZone»") {
		t.Errorf("an unknown zone: %d %s", status, raw)
	}
	if status, raw := do(t, "PATCH", h.URL+"/api/v1/users/"+me.ID, sec, strings.NewReader(`{"timeZone":"Asia/Tashkent"}`)); status != 200 {
		t.Fatalf("set the zone: %d %s", status, raw)
	}
	status, raw = do(t, "GET", h.URL+"/en/events/"+e.ID, sec, nil)
	if status != 200 || !strings.Contains(string(raw), "2026-03-10 09:00 – 2026-03-10 11:00 (Asia/Tashkent)") || !strings.Contains(string(raw), "the zone of your settings") {
		t.Errorf("the event page for a reader in Tashkent: %d", status)
	}
	if _, raw = do(t, "GET", h.URL+"/en/events/"+e.ID, "", nil); strings.Contains(string(raw), "the zone of your settings") {
		t.Errorf("an anonymous reader gets another's zone")
	}
}
