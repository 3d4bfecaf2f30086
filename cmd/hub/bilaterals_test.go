package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// bilateralConferenceJSON is a public conference in Almaty (UTC+5) on two days a
// month ahead, from 09:00 to 18:00 on the first day: the month ahead keeps
// every request before its deadline, and the fixed hours of a fixed day
// make the free windows the same whatever the hour the test runs.
func bilateralConferenceJSON() string {
	day := time.Now().UTC().AddDate(0, 0, 30)
	zone := time.FixedZone("+05", 5*3600)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, zone)
	return fmt.Sprintf(`{"kind":"conference","status":"registration_open","countries":["KZ","KG","TJ","TM","UZ"],"country":"KZ",
  "timeZone":"Asia/Almaty","start":%q,"end":%q,"areas":["asset_recovery"],"uncacArticles":[51],"city":{"en":"Almaty","ru":"Алматы"},
  "translations":{"en":{"title":"Annual regional conference"},"ru":{"title":"Ежегодная региональная конференция"},"kk":{"title":"Жыл сайынғы өңірлік конференция"}}}`,
		start.Format(time.RFC3339), start.Add(33*time.Hour).Format(time.RFC3339))
}

// bilateralWorld is a hub with a conference, two country delegations and
// the accounts that act for them.
type bilateralWorld struct {
	h                       *hub
	sec, kz, uz, tj, expert string // tokens
	event                   eventJSON
	kzDel, uzDel            string
	base                    string // /api/v1/events/{id}/bilaterals
}

// newBilateralWorld starts a hub and sets the conference up through the
// API: delegations of Kazakhstan (two members) and Uzbekistan (one), a room
// and an interpreter.
func newBilateralWorld(t *testing.T) *bilateralWorld {
	t.Helper()
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	w := &bilateralWorld{h: h,
		sec:    addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat"),
		kz:     addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ"),
		uz:     addUser(t, env, "--email", "fp@example.uz", "--name", "Focal UZ", "--role", "focal-point", "--country", "UZ"),
		tj:     addUser(t, env, "--email", "fp@example.tj", "--name", "Focal TJ", "--role", "focal-point", "--country", "TJ"),
		expert: addUser(t, env, "--email", "expert@example.org", "--name", "Expert", "--role", "expert"),
	}
	w.setUp(t)
	return w
}

// setUp creates the conference as the secretariat, the delegations of
// Kazakhstan (by the secretariat) and Uzbekistan (by its focal point), and
// the settings: one room, one interpreter of Russian and Uzbek, meetings of
// 30 minutes from 09:00 to 12:00.
func (w *bilateralWorld) setUp(t *testing.T) {
	t.Helper()
	w.event = createEvent(t, w.h.URL, w.sec, bilateralConferenceJSON())
	w.base = w.h.URL + "/api/v1/events/" + w.event.ID + "/bilaterals"
	w.kzDel = w.mustID(t, "POST", "/delegations", w.sec, 201, `{"kind":"country","country":"KZ","head":"m1","members":[
		{"name":"Айгүл Сейітқызы","position":"Бас прокурордың орынбасары","languages":["kk","ru"],"unavailable":[]},
		{"name":"Ерлан Оспанов","languages":["ru"],"unavailable":[]}]}`)
	w.uzDel = w.mustID(t, "POST", "/delegations", w.uz, 201, `{"kind":"country","country":"UZ","head":"m1","members":[
		{"name":"Dilnoza Karimova","position":"Bosh prokuratura","languages":["uz","ru"],"unavailable":[]}]}`)
	status, out := do(t, "PUT", w.base+"/settings", w.sec, strings.NewReader(`{"slotMinutes":30,"breakMinutes":10,"dayStart":"09:00","dayEnd":"12:00",
		"rooms":[{"id":"r1","name":"Зал «Алатау»","capacity":8}],"interpreters":[{"id":"i1","name":"Айгүл Нұрова","pairs":[{"a":"ru","b":"uz"}],"unavailable":[]}]}`))
	if status != 200 {
		t.Fatalf("save settings: %d %s", status, out)
	}
}

// mustID sends a JSON request under the bilaterals' API and returns the id
// of what it answers.
func (w *bilateralWorld) mustID(t *testing.T, method, path, token string, want int, body string) string {
	t.Helper()
	status, out := do(t, method, w.base+path, token, strings.NewReader(body))
	var rec struct{ ID string }
	if status != want || json.Unmarshal(out, &rec) != nil || rec.ID == "" {
		t.Fatalf("%s %s: %d %s, want %d", method, path, status, out, want)
	}
	return rec.ID
}

// request asks for a meeting from Kazakhstan to Uzbekistan as the KZ focal
// point and has it accepted by the UZ one; it returns the request's id.
func (w *bilateralWorld) acceptedRequest(t *testing.T, topic string) string {
	t.Helper()
	rid := w.mustID(t, "POST", "/requests", w.kz, 201, `{"from":"`+w.kzDel+`","to":"`+w.uzDel+`","topic":"`+topic+`","areas":["asset_recovery"],
		"uncacArticles":[51,54],"priority":"high","fromMembers":["m1"],"interpretation":{"a":"ru","b":"uz"}}`)
	status, out := do(t, "POST", w.base+"/requests/"+rid+"/answer", w.uz, strings.NewReader(`{"action":"accept","toMembers":["m1"]}`))
	if status != 200 || !strings.Contains(string(out), `"status":"accepted"`) {
		t.Fatalf("accept: %d %s", status, out)
	}
	return rid
}

// scheduleVersion reads the schedule's version as the secretariat.
func (w *bilateralWorld) scheduleVersion(t *testing.T) int {
	t.Helper()
	status, out := do(t, "GET", w.base+"/schedule", w.sec, nil)
	var s struct{ Version int }
	if status != 200 || json.Unmarshal(out, &s) != nil {
		t.Fatalf("schedule: %d %s", status, out)
	}
	return s.Version
}

// solved solves as the secretariat.
func (w *bilateralWorld) solved(t *testing.T) {
	t.Helper()
	status, out := do(t, "POST", w.base+"/schedule/solve", w.sec, strings.NewReader(fmt.Sprintf(`{"ifVersion":%d}`, w.scheduleVersion(t))))
	if status != 200 {
		t.Fatalf("solve: %d %s", status, out)
	}
}

func TestBilateralsAreHiddenFromThoseWhoActForNoDelegation(t *testing.T) {
	w := newBilateralWorld(t)
	pages := []string{"/en/events/" + w.event.ID + "/bilaterals", "/en/events/" + w.event.ID + "/bilaterals/delegations/" + w.kzDel,
		"/en/events/" + w.event.ID + "/bilaterals/delegations/" + w.kzDel + "/schedule.pdf"}
	apis := []string{"/settings", "/windows", "/delegations", "/delegations/" + w.kzDel, "/requests", "/schedule",
		"/delegations/" + w.kzDel + "/schedule", "/delegations/" + w.kzDel + "/schedule.ics"}
	for _, who := range []struct{ name, token string }{{"an anonymous visitor", ""}, {"a focal point of a country without a delegation", w.tj}, {"an expert", w.expert}} {
		t.Run(who.name, func(t *testing.T) {
			if who.token == w.tj {
				// The conference's page only offers to register Tajikistan's
				// delegation: nothing of the others.
				status, body := do(t, "GET", w.h.URL+pages[0], who.token, nil)
				if status != 200 || !strings.Contains(string(body), `id="register-delegation"`) || strings.Contains(string(body), "Kazakhstan") ||
					strings.Contains(string(body), "Uzbekistan") || strings.Contains(string(body), `id="requests"`) {
					t.Errorf("the page offered to a focal point without a delegation: %d %.3000s", status, body[bytes.Index(body, []byte("<main")):])
				}
				pages := pages[1:]
				for _, p := range pages {
					if status, body := do(t, "GET", w.h.URL+p, who.token, nil); status != 404 {
						t.Errorf("GET %s: %d %.200s", p, status, body)
					}
				}
			}
			for _, p := range pages {
				if who.token == w.tj {
					break
				}
				if status, body := do(t, "GET", w.h.URL+p, who.token, nil); status != 404 {
					t.Errorf("GET %s: %d %.200s", p, status, body)
				}
			}
			for _, p := range apis {
				if status, body := do(t, "GET", w.base+p, who.token, nil); status != 404 {
					t.Errorf("GET %s: %d %.200s", p, status, body)
				}
			}
		})
	}
	t.Run("the event page links the bilaterals for those who may see them", func(t *testing.T) {
		for _, who := range []struct {
			token string
			link  bool
		}{{w.sec, true}, {w.kz, true}, {w.tj, true}, {w.expert, false}, {"", false}} {
			_, body := do(t, "GET", w.h.URL+"/en/events/"+w.event.ID, who.token, nil)
			if got := strings.Contains(string(body), `id="bilaterals-link"`); got != who.link {
				t.Errorf("token %.8s: link %v, want %v", who.token, got, who.link)
			}
		}
	})
	t.Run("the focal point registers their delegation from the page and then sees the others", func(t *testing.T) {
		form := url.Values{"kind": {"country"}, "country": {"TJ"}, "head": {""}, "members": {" | Фирӯз Раҳимов | Додситон | tg, ru"}}
		status, body := do(t, "POST", w.h.URL+"/tg/events/"+w.event.ID+"/bilaterals/delegations", w.tj, strings.NewReader(form.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
		if status != 200 || !strings.Contains(string(body), "Фирӯз Раҳимов") || !strings.Contains(string(body), "Тоҷикистон") {
			t.Fatalf("register: %d %.2000s", status, body)
		}
		_, body = do(t, "GET", w.h.URL+pages[0], w.tj, nil)
		if !strings.Contains(string(body), "Kazakhstan") || !strings.Contains(string(body), `id="new-request"`) {
			t.Errorf("after registering, the page lacks the others or the request form")
		}
	})
	t.Run("an event that is no conference has none", func(t *testing.T) {
		other := createEvent(t, w.h.URL, w.sec, bishkekWebinar)
		if status, body := do(t, "GET", w.h.URL+"/api/v1/events/"+other.ID+"/bilaterals/delegations", w.sec, nil); status != 404 {
			t.Errorf("a webinar's delegations: %d %.200s", status, body)
		}
	})
}

func TestBilateralsThroughTheAPI(t *testing.T) {
	w := newBilateralWorld(t)

	t.Run("bad input is refused naming the field, in the reader's language", func(t *testing.T) {
		for _, tt := range []struct {
			name, method, path, body, want string
		}{
			{"an unknown field", "POST", "/delegations", `{"kind":"country","country":"TM","colour":"red"}`, "colour"},
			{"a bad kind", "POST", "/delegations", `{"kind":"planet","members":[]}`, "kind"},
			{"a slot longer than allowed", "PUT", "/settings", `{"slotMinutes":1000,"dayStart":"09:00","dayEnd":"12:00"}`, "slotMinutes"},
			{"a room with no seats", "PUT", "/settings", `{"slotMinutes":30,"dayStart":"09:00","dayEnd":"12:00","rooms":[{"id":"r1","name":"A","capacity":0}]}`, "rooms"},
			{"a request to itself", "POST", "/requests", `{"from":"` + w.kzDel + `","to":"` + w.kzDel + `","topic":"Self","fromMembers":["m1"]}`, "to"},
			{"a member not of the delegation", "POST", "/requests", `{"from":"` + w.kzDel + `","to":"` + w.uzDel + `","topic":"X","fromMembers":["m9"]}`, "fromMembers"},
			{"a pair of one language", "POST", "/requests", `{"from":"` + w.kzDel + `","to":"` + w.uzDel + `","topic":"Y","fromMembers":["m1"],"interpretation":{"a":"ru","b":"ru"}}`, "interpretation"},
			{"a negative version", "POST", "/schedule/solve", `{"ifVersion":-1}`, "ifVersion"},
			{"a version of the wrong type", "POST", "/schedule/publish", `{"ifVersion":"one"}`, "ifVersion"},
			{"a lock that is not a flag", "POST", "/requests/" + w.acceptedRequest(t, "Lock flag") + "/lock", `{"locked":"yes"}`, "locked"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				status, out := do(t, tt.method, w.base+tt.path, w.sec, strings.NewReader(tt.body), "Accept-Language", "ru")
				if status != 400 || !strings.Contains(string(out), tt.want) {
					t.Errorf("%d %s, want 400 naming %s", status, out, tt.want)
				}
			})
		}
		status, out := do(t, "GET", w.base+"/requests?status=maybe", w.sec, nil, "Accept-Language", "ru")
		if status != 400 || !strings.Contains(string(out), "status") || !strings.Contains(string(out), "не подходит") {
			t.Errorf("?status=maybe: %d %s", status, out)
		}
		for _, q := range []string{"delegation=kz", "status=pending&status=accepted", "delegation=" + w.kzDel + "&delegation=" + w.uzDel} {
			name, _, _ := strings.Cut(q, "=")
			if status, out := do(t, "GET", w.base+"/requests?"+q, w.sec, nil); status != 400 || !strings.Contains(string(out), name) {
				t.Errorf("?%s: %d %s", q, status, out)
			}
		}
		if status, out := do(t, "PUT", w.base+"/delegations/"+w.kzDel, w.sec, strings.NewReader(`{"kind":"country","country":"KZ"}`), "If-Match", "yesterday"); status != 400 || !strings.Contains(string(out), "If-Match") {
			t.Errorf("a bad If-Match: %d %s", status, out)
		}
		big := `{"kind":"organization","name":"` + strings.Repeat("a", 2<<20) + `"}`
		if status, _ := do(t, "POST", w.base+"/delegations", w.sec, strings.NewReader(big)); status != http.StatusRequestEntityTooLarge {
			t.Errorf("a body over the limit: %d", status)
		}
	})

	t.Run("roles are refused what is not theirs", func(t *testing.T) {
		rid := w.acceptedRequest(t, "Roles")
		for _, tt := range []struct {
			name, token, method, path, body string
			want                            int
		}{
			{"a focal point may not create another country's delegation", w.kz, "POST", "/delegations", `{"kind":"country","country":"TM","head":"m1","members":[{"name":"A","languages":["tk"],"unavailable":[]}]}`, 403},
			{"a focal point may not change another country's delegation", w.kz, "PUT", "/delegations/" + w.uzDel, `{"kind":"country","country":"UZ","head":"m1","members":[{"id":"m1","name":"B","languages":["uz"],"unavailable":[]}]}`, 403},
			{"a focal point may not change the settings", w.kz, "PUT", "/settings", `{"slotMinutes":45,"dayStart":"09:00","dayEnd":"12:00"}`, 403},
			{"a focal point may not ask for another delegation", w.kz, "POST", "/requests", `{"from":"` + w.uzDel + `","to":"` + w.kzDel + `","topic":"Z","fromMembers":["m1"]}`, 403},
			{"the asking side may not accept", w.kz, "POST", "/requests/" + rid + "/answer", `{"action":"decline","reason":"no"}`, 403},
			{"a focal point may not lock", w.kz, "POST", "/requests/" + rid + "/lock", `{"locked":true}`, 403},
			{"a focal point may not solve", w.kz, "POST", "/schedule/solve", `{"ifVersion":0}`, 403},
			{"a focal point may not publish", w.uz, "POST", "/schedule/publish", `{"ifVersion":0}`, 403},
			{"a focal point may not delete another's delegation", w.uz, "DELETE", "/delegations/" + w.kzDel, "", 403},
			{"an anonymous writer must sign in", "", "POST", "/requests", `{}`, 401},
			{"a country without a delegation sees none to write to", w.tj, "POST", "/requests/" + rid + "/answer", `{"action":"accept"}`, 404},
		} {
			t.Run(tt.name, func(t *testing.T) {
				var body *strings.Reader
				if tt.body != "" {
					body = strings.NewReader(tt.body)
				}
				var status int
				var out []byte
				if body != nil {
					status, out = do(t, tt.method, w.base+tt.path, tt.token, body)
				} else {
					status, out = do(t, tt.method, w.base+tt.path, tt.token, nil)
				}
				if status != tt.want {
					t.Errorf("%d %s, want %d", status, out, tt.want)
				}
			})
		}
	})

	t.Run("a request is made, read, filtered, answered and withdrawn", func(t *testing.T) {
		rid := w.mustID(t, "POST", "/requests", w.kz, 201, `{"from":"`+w.kzDel+`","to":"`+w.uzDel+`","topic":"Mutual legal assistance","areas":["asset_recovery"],"uncacArticles":[46],"priority":"normal","fromMembers":["m2"]}`)
		status, out := do(t, "GET", w.base+"/requests?status=pending&delegation="+w.uzDel, w.uz, nil)
		if status != 200 || !strings.Contains(string(out), rid) {
			t.Errorf("the asked side's pending list: %d %s", status, out)
		}
		status, out = do(t, "GET", w.base+"/requests?status=declined", w.uz, nil)
		if status != 200 || strings.Contains(string(out), rid) {
			t.Errorf("the declined list holds a pending request: %d %s", status, out)
		}
		if status, out = do(t, "GET", w.base+"/requests/"+rid, w.uz, nil); status != 200 || !strings.Contains(string(out), "Mutual legal assistance") {
			t.Errorf("read: %d %s", status, out)
		}
		if status, out = do(t, "POST", w.base+"/requests", w.kz, strings.NewReader(`{"from":"`+w.kzDel+`","to":"`+w.uzDel+`","topic":"Mutual legal assistance","fromMembers":["m1"]}`)); status != 409 {
			t.Errorf("the same topic twice: %d %s", status, out)
		}
		if status, out = do(t, "POST", w.base+"/requests/"+rid+"/answer", w.kz, strings.NewReader(`{"action":"withdraw","reason":"Covered elsewhere"}`)); status != 200 || !strings.Contains(string(out), `"withdrawn"`) {
			t.Errorf("withdraw: %d %s", status, out)
		}
		if status, out = do(t, "POST", w.base+"/requests/"+rid+"/answer", w.uz, strings.NewReader(`{"action":"accept","toMembers":["m1"]}`)); status != 409 {
			t.Errorf("accepting a withdrawn request: %d %s", status, out)
		}
	})

	t.Run("a delegation is read, replaced on its version and deleted", func(t *testing.T) {
		id := w.mustID(t, "POST", "/delegations", w.sec, 201, `{"kind":"organization","name":"Academy","head":"m1","members":[{"name":"Anna Huber","languages":["en","de"],"unavailable":[]}]}`)
		status, out := do(t, "GET", w.base+"/delegations/"+id, w.sec, nil)
		if status != 200 || !strings.Contains(string(out), "Anna Huber") {
			t.Fatalf("read: %d %s", status, out)
		}
		body := `{"kind":"organization","name":"International Academy","head":"m1","members":[{"id":"m1","name":"Anna Huber","languages":["en"],"unavailable":[]}]}`
		if status, out = do(t, "PUT", w.base+"/delegations/"+id, w.sec, strings.NewReader(body), "If-Match", `"v1"`); status != 200 {
			t.Fatalf("replace: %d %s", status, out)
		}
		if status, out = do(t, "PUT", w.base+"/delegations/"+id, w.sec, strings.NewReader(body), "If-Match", `"v1"`); status != 409 {
			t.Errorf("replace on an old version: %d %s", status, out)
		}
		if status, out = do(t, "DELETE", w.base+"/delegations/"+id, w.sec, nil); status != 204 {
			t.Errorf("delete: %d %s", status, out)
		}
		if status, _ = do(t, "GET", w.base+"/delegations/"+id, w.sec, nil); status != 404 {
			t.Errorf("read after delete: %d", status)
		}
		if status, _ = do(t, "GET", w.base+"/delegations/0123456789abcdef01234567", w.sec, nil); status != 404 {
			t.Errorf("an unknown delegation: %d", status)
		}
	})

	t.Run("the settings and windows are read", func(t *testing.T) {
		status, out := do(t, "GET", w.base+"/settings", w.kz, nil)
		if status != 200 || !strings.Contains(string(out), "Алатау") {
			t.Errorf("settings: %d %s", status, out)
		}
		var ws struct{ Windows []platform.TimeRange }
		status, out = do(t, "GET", w.base+"/windows", w.sec, nil)
		if status != 200 || json.Unmarshal(out, &ws) != nil || len(ws.Windows) == 0 {
			t.Fatalf("windows: %d %s", status, out)
		}
		if h := ws.Windows[0].Start.In(time.FixedZone("+05", 5*3600)).Hour(); h != 9 {
			t.Errorf("the first window starts at %d:00 in Almaty, want 9: %s", h, out)
		}
	})

	t.Run("the secretariat solves and publishes; each delegation gets its schedule", func(t *testing.T) {
		rid := w.acceptedRequest(t, "Asset recovery; return of proceeds")
		w.solved(t)
		v := w.scheduleVersion(t)
		status, out := do(t, "POST", w.base+"/schedule/solve", w.sec, strings.NewReader(fmt.Sprintf(`{"ifVersion":%d}`, v-1)))
		if status != 409 {
			t.Errorf("a solve from a version another solve replaced: %d %s", status, out)
		}
		// Two solves from the same version at once: one result stands, the
		// other is told so.
		v = w.scheduleVersion(t)
		codes := make(chan int, 2)
		for range 2 {
			go func() {
				req, _ := http.NewRequest("POST", w.base+"/schedule/solve", strings.NewReader(fmt.Sprintf(`{"ifVersion":%d}`, v)))
				req.Header.Set("Authorization", "Bearer "+w.sec)
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					codes <- 0
					return
				}
				res.Body.Close()
				codes <- res.StatusCode
			}()
		}
		if a, b := <-codes, <-codes; a+b != 200+409 {
			t.Errorf("two solves at once answered %d and %d, want 200 and 409", a, b)
		}
		status, out = do(t, "POST", w.base+"/requests/"+rid+"/lock", w.sec, strings.NewReader(`{"locked":true}`))
		if status != 200 || !strings.Contains(string(out), `"locked":true`) {
			t.Errorf("lock: %d %s", status, out)
		}
		status, out = do(t, "POST", w.base+"/schedule/publish", w.sec, strings.NewReader(fmt.Sprintf(`{"ifVersion":%d}`, w.scheduleVersion(t))))
		if status != 200 || !strings.Contains(string(out), rid) {
			t.Fatalf("publish: %d %s", status, out)
		}
		var ds struct {
			Version  int
			Meetings []struct {
				RequestID, RoomName, WithName, InterpreterName string
				Start                                          time.Time
			}
		}
		status, out = do(t, "GET", w.base+"/delegations/"+w.kzDel+"/schedule?lang=kk", w.kz, nil)
		if status != 200 || json.Unmarshal(out, &ds) != nil || len(ds.Meetings) == 0 {
			t.Fatalf("Kazakhstan's schedule: %d %s", status, out)
		}
		m := ds.Meetings[0]
		for _, x := range ds.Meetings {
			if x.RequestID == rid {
				m = x
			}
		}
		if m.RequestID != rid || m.RoomName != "Зал «Алатау»" || m.WithName != "Өзбекстан" || m.InterpreterName != "Айгүл Нұрова" {
			t.Errorf("the meeting as Kazakhstan reads it: %+v", m)
		}
		status, out = do(t, "GET", w.base+"/delegations/"+w.kzDel+"/schedule.ics?lang=kk", w.kz, nil)
		cal := strings.ReplaceAll(string(out), "\r\n ", "")
		if status != 200 || !strings.Contains(cal, "UID:"+rid+"@bilaterals.uncac-hub") || !strings.Contains(cal, fmt.Sprintf("SEQUENCE:%d", ds.Version)) ||
			!strings.Contains(cal, "DTSTART:"+m.Start.UTC().Format("20060102T150405Z")) || !strings.Contains(cal, `Asset recovery\; return of proceeds`) {
			t.Errorf("the .ics: %d\n%s", status, cal)
		}
		status, out = do(t, "GET", w.base+"/delegations/"+w.kzDel+"/schedule.pdf?lang=uz", w.kz, nil)
		if status != 200 || !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Errorf("the PDF: %d %.40q", status, out)
		}
		// The other side reads the same meeting from its own point of view.
		status, out = do(t, "GET", w.base+"/delegations/"+w.uzDel+"/schedule?lang=ru", w.uz, nil)
		if status != 200 || !strings.Contains(string(out), `"withName":"Казахстан"`) {
			t.Errorf("Uzbekistan's schedule: %d %s", status, out)
		}
		// A delegation reads its published meetings, not the draft.
		status, out = do(t, "GET", w.base+"/schedule", w.uz, nil)
		if status != 200 || strings.Contains(string(out), `"solvedBy":"`) && !strings.Contains(string(out), `"solvedBy":""`) {
			t.Errorf("a delegation reads the draft's fields: %d %s", status, out)
		}
		// Both delegations are told, on their notifications page, with a
		// link to the conference's bilaterals, in their language.
		for _, tt := range []struct{ token, lang, kind string }{{w.uz, "ru", "Расписание двусторонних встреч"}, {w.kz, "kk", "Екіжақты кездесулер кестесі"}} {
			_, body := do(t, "GET", w.h.URL+"/"+tt.lang+"/notifications", tt.token, nil)
			if !strings.Contains(string(body), tt.kind) || !strings.Contains(string(body), `/`+tt.lang+`/events/`+w.event.ID+`/bilaterals"`) {
				t.Errorf("%s: the notifications page lacks the schedule's notification:\n%.3000s", tt.lang, body)
			}
		}
	})
}

func TestBilateralPagesAndForms(t *testing.T) {
	w := newBilateralWorld(t)
	page := w.h.URL + "/kk/events/" + w.event.ID + "/bilaterals"
	form := func(t *testing.T, path, token string, values url.Values) (int, string) {
		t.Helper()
		status, body := do(t, "POST", w.h.URL+"/kk/events/"+w.event.ID+"/bilaterals"+path, token, strings.NewReader(values.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
		return status, string(body)
	}

	t.Run("every page in every language, without an untranslated message", func(t *testing.T) {
		messageID := regexp.MustCompile(`\b(bilaterals|country|area|calendar|events|error)\.[a-z_]+[a-zA-Z_.]*\b`)
		w.acceptedRequest(t, "Every language")
		for _, lang := range []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"} {
			for _, who := range []string{w.sec, w.kz} {
				for _, p := range []string{"/bilaterals", "/bilaterals/delegations/" + w.kzDel, "/bilaterals/delegations/" + w.uzDel} {
					status, body := do(t, "GET", w.h.URL+"/"+lang+"/events/"+w.event.ID+p, who, nil)
					if status != 200 || !strings.Contains(string(body), `<html lang="`+lang+`"`) {
						t.Errorf("/%s%s: %d", lang, p, status)
					}
					if m := messageID.Find(body); m != nil {
						t.Errorf("/%s%s shows the message id %q", lang, p, m)
					}
				}
			}
		}
	})

	t.Run("the secretariat's page in Kazakh", func(t *testing.T) {
		status, body := do(t, "GET", page, w.sec, nil)
		for _, want := range []string{"Екіжақты кездесулер", "Қазақстан", "Өзбекстан", `id="settings-form"`, `id="solve"`, "r1 | Зал «Алатау» | 8"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("%d: the page lacks %q", status, want)
			}
		}
	})

	t.Run("a focal point asks for a meeting with the form and the other side accepts", func(t *testing.T) {
		status, body := form(t, "/requests", w.kz, url.Values{"from": {w.kzDel}, "to": {w.uzDel}, "topic": {"Құқықтық көмек"},
			"areas": {"asset_recovery"}, "articles": {"46, 51"}, "priority": {"high"}, "members": {w.kzDel + ":m1", w.uzDel + ":m1"}})
		if status != 200 || !strings.Contains(body, "Сұраныс жіберілді.") || !strings.Contains(body, "Құқықтық көмек") {
			t.Fatalf("the request form: %d %.300s", status, body)
		}
		status, out := do(t, "GET", w.base+"/requests?status=pending", w.uz, nil)
		var rs struct{ Requests []platform.MeetingRequest }
		if status != 200 || json.Unmarshal(out, &rs) != nil || len(rs.Requests) != 1 || rs.Requests[0].Priority != platform.PriorityHigh ||
			len(rs.Requests[0].UncacArticles) != 2 || strings.Join(rs.Requests[0].FromMembers, ",") != "m1" {
			t.Fatalf("the request as stored: %d %s", status, out)
		}
		rid := rs.Requests[0].ID
		_, body = func() (int, string) { s, b := do(t, "GET", page, w.uz, nil); return s, string(b) }()
		if !strings.Contains(body, `id="accept-`+rid+`"`) {
			t.Errorf("the asked side has no accept form")
		}
		_, body = func() (int, string) { s, b := do(t, "GET", page, w.kz, nil); return s, string(b) }()
		if strings.Contains(body, `id="accept-`+rid+`"`) || !strings.Contains(body, `id="withdraw-`+rid+`"`) {
			t.Errorf("the asking side is offered to accept, or not to withdraw")
		}
		status, body = form(t, "/requests/"+rid+"/answer", w.uz, url.Values{"action": {"accept"}, "toMembers": {"m1"}, "version": {fmt.Sprint(rs.Requests[0].Version)}})
		if status != 200 || !strings.Contains(body, "Жауап жазылды.") {
			t.Errorf("accept: %d %.300s", status, body)
		}
		status, body = form(t, "/requests/"+rid+"/answer", w.uz, url.Values{"action": {"shrug"}})
		if status != 400 || !strings.Contains(body, "action") {
			t.Errorf("an unknown action: %d", status)
		}
	})

	t.Run("a form or a call sent from another site is refused", func(t *testing.T) {
		status, _ := do(t, "POST", page+"/solve", w.sec, strings.NewReader("version=0"),
			"Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		if status != 403 {
			t.Errorf("a cross-site form: %d", status)
		}
		status, _ = do(t, "POST", w.base+"/schedule/publish", w.sec, strings.NewReader(`{"ifVersion":0}`), "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		if status != 403 {
			t.Errorf("a cross-site call: %d", status)
		}
	})

	t.Run("a refused form is shown again with what was typed", func(t *testing.T) {
		status, body := form(t, "/settings", w.sec, url.Values{"slotMinutes": {"half an hour"}, "breakMinutes": {"10"}, "dayStart": {"09:00"},
			"dayEnd": {"12:00"}, "timeBoxSeconds": {"2"}, "rooms": {"r1 | Зал «Алатау» | 8\nr2 | Зал «Көктөбе» | 6"}})
		if status != 400 || !strings.Contains(body, "slotMinutes") || !strings.Contains(body, "half an hour") || !strings.Contains(body, "Көктөбе") {
			t.Errorf("a slot in words: %d %.500s", status, body)
		}
		status, body = form(t, "/requests", w.kz, url.Values{"from": {w.kzDel}, "to": {w.kzDel}, "topic": {"Өзімен"}, "members": {w.kzDel + ":m1"}})
		if status != 400 || !strings.Contains(body, "Өзімен") || !strings.Contains(body, `data-form="request"`) {
			t.Errorf("a request to itself: %d %.500s", status, body)
		}
	})

	t.Run("the settings form saves rooms and interpreters, keeping the ones left out withdrawn", func(t *testing.T) {
		status, body := form(t, "/settings", w.sec, url.Values{"slotMinutes": {"30"}, "breakMinutes": {"10"}, "dayStart": {"09:00"},
			"dayEnd": {"12:00"}, "timeBoxSeconds": {"2"}, "rooms": {"r2 | Зал «Көктөбе» | 6"}, "interpreters": {"i1 | Айгүл Нұрова | ru-uz, kk-ru"}, "version": {"1"}})
		if status != 200 || !strings.Contains(body, "Сақталды.") {
			t.Fatalf("save: %d %.300s", status, body)
		}
		var set platform.BilateralSettings
		status, out := do(t, "GET", w.base+"/settings", w.sec, nil)
		if status != 200 || json.Unmarshal(out, &set) != nil || len(set.Rooms) != 2 || len(set.Interpreters) != 1 || len(set.Interpreters[0].Pairs) != 2 {
			t.Fatalf("the settings: %d %s", status, out)
		}
		for _, r := range set.Rooms {
			if r.Withdrawn != (r.ID == "r1") {
				t.Errorf("room %s withdrawn %v", r.ID, r.Withdrawn)
			}
		}
		status, body = form(t, "/settings", w.sec, url.Values{"slotMinutes": {"30"}, "breakMinutes": {"10"}, "dayStart": {"09:00"},
			"dayEnd": {"12:00"}, "timeBoxSeconds": {"2"}, "rooms": {"r2 | Зал «Көктөбе» | 6"}, "version": {"1"}})
		if status != 409 {
			t.Errorf("a save on an old version: %d %.300s", status, body)
		}
	})

	t.Run("the delegation page edits its members", func(t *testing.T) {
		status, body := form(t, "/delegations/"+w.kzDel, w.kz, url.Values{"kind": {"country"}, "country": {"KZ"}, "head": {"m1"}, "version": {"1"},
			"members": {"m1 | Айгүл Сейітқызы | Бас прокурордың орынбасары | kk, ru\n | Жанна Ахметова | Сарапшы | kk, en"}})
		if status != 200 || !strings.Contains(body, "Жанна Ахметова") || !strings.Contains(body, "Сақталды.") {
			t.Fatalf("edit: %d %.500s", status, body)
		}
		status, out := do(t, "GET", w.base+"/delegations/"+w.kzDel, w.kz, nil)
		var d platform.Delegation
		if status != 200 || json.Unmarshal(out, &d) != nil || len(d.Members) != 2 || d.Members[1].ID != "m3" && d.Members[1].ID != "m2" {
			t.Errorf("the delegation: %d %s", status, out)
		}
		status, _ = form(t, "/delegations/"+w.uzDel, w.kz, url.Values{"kind": {"country"}, "country": {"UZ"}, "members": {" | X | | uz"}})
		if status != 403 {
			t.Errorf("another country's delegation: %d", status)
		}
		if status, _ = form(t, "/delegations", "", url.Values{"kind": {"country"}}); status != 200 && status != 303 && status != 302 {
			t.Errorf("an anonymous form: %d", status) // sent to sign in
		}
	})

	t.Run("a delegation is removed from its page unless it has accepted meetings", func(t *testing.T) {
		id := w.mustID(t, "POST", "/delegations", w.sec, 201, `{"kind":"organization","name":"Academy","head":"m1","members":[{"name":"Anna Huber","languages":["en"],"unavailable":[]}]}`)
		status, body := form(t, "/delegations/"+id+"/delete", w.sec, nil)
		if status != 200 || !strings.Contains(body, "Делегация жойылды.") {
			t.Errorf("remove: %d %.300s", status, body)
		}
		status, body = form(t, "/delegations/"+w.uzDel+"/delete", w.sec, nil)
		if status != 409 || !strings.Contains(body, `id="form-error"`) {
			t.Errorf("remove one with accepted meetings: %d %.300s", status, body)
		}
		if status, _ = form(t, "/delegations/"+w.uzDel+"/delete", w.kz, nil); status != 403 {
			t.Errorf("remove another country's: %d", status)
		}
	})

	t.Run("solve, publish and the delegation page in Kazakh and English", func(t *testing.T) {
		w.acceptedRequest(t, "Asset recovery")
		v := w.scheduleVersion(t)
		status, body := form(t, "/solve", w.sec, url.Values{"version": {fmt.Sprint(v)}})
		if status != 200 || !strings.Contains(body, `id="solve-result"`) {
			t.Fatalf("solve: %d %.500s", status, body)
		}
		status, body = form(t, "/solve", w.sec, url.Values{"version": {fmt.Sprint(v)}})
		if status != 409 || !strings.Contains(body, `id="form-error"`) || !strings.Contains(body, `id="solve-result"`) {
			t.Errorf("a second solve from the same version: %d %.500s", status, body)
		}
		status, body = form(t, "/publish", w.sec, url.Values{"version": {fmt.Sprint(w.scheduleVersion(t))}})
		if status != 200 {
			t.Fatalf("publish: %d %.500s", status, body)
		}
		for _, tt := range []struct{ lang, want string }{{"kk", "Жарияланған кесте"}, {"en", "Published schedule"}} {
			_, out := do(t, "GET", w.h.URL+"/"+tt.lang+"/events/"+w.event.ID+"/bilaterals/delegations/"+w.kzDel, w.kz, nil)
			if !strings.Contains(string(out), tt.want) || !strings.Contains(string(out), `class="meeting"`) || !strings.Contains(string(out), "Зал «Көктөбе»") {
				t.Errorf("%s: the delegation page lacks the published meeting:\n%.2000s", tt.lang, out)
			}
		}
		status, out := do(t, "GET", w.h.URL+"/kk/events/"+w.event.ID+"/bilaterals/delegations/"+w.kzDel+"/schedule.pdf", w.kz, nil)
		if status != 200 || !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Errorf("the page's PDF: %d", status)
		}
		status, out = do(t, "GET", w.h.URL+"/kk/events/"+w.event.ID+"/bilaterals/delegations/"+w.kzDel+"/schedule.ics", w.kz, nil)
		if status != 200 || !strings.Contains(string(out), "BEGIN:VEVENT") {
			t.Errorf("the page's .ics: %d %s", status, out)
		}
	})
}

// TestBilateralQueryParametersAreNeverSilentlyIgnored asks every GET route
// of the bilaterals, API and pages, and a form, with a parameter it does
// not read, one it reads given empty or twice, and a value it does not
// take: each is a 400 naming the parameter (a page in the reader's
// language for the pages), and a POST so refused stores nothing.
func TestBilateralQueryParametersAreNeverSilentlyIgnored(t *testing.T) {
	w := newBilateralWorld(t)
	rid := w.acceptedRequest(t, "Asset tracing")
	del := "/delegations/" + w.kzDel
	api := []string{"/settings", "/windows", "/delegations", del, del + "/schedule", del + "/schedule.ics", del + "/schedule.pdf",
		"/requests", "/requests/" + rid, "/schedule"}
	for _, path := range api {
		for _, tt := range []struct{ query, name string }{
			{"colour=red", "colour"},
			{"lang=", "lang"},
			{"lang=xx", "lang"},
			{"lang=ru&lang=kk", "lang"},
		} {
			status, out := do(t, "GET", w.base+path+"?"+tt.query, w.sec, nil, "Accept-Language", "ru")
			if status != 400 || !strings.Contains(string(out), tt.name) {
				t.Errorf("GET %s?%s: %d %.200s, want 400 naming %s", path, tt.query, status, out, tt.name)
			}
		}
	}
	for _, q := range []string{"status=", "delegation=", "status=pending&colour=red"} {
		if status, out := do(t, "GET", w.base+"/requests?"+q, w.sec, nil); status != 400 {
			t.Errorf("GET /requests?%s: %d %.200s", q, status, out)
		}
	}
	status, out := do(t, "POST", w.base+"/requests?colour=red", w.kz, strings.NewReader(`{"from":"`+w.kzDel+`","to":"`+w.uzDel+`","topic":"Never stored","fromMembers":["m1"]}`))
	if status != 400 || !strings.Contains(string(out), "colour") {
		t.Errorf("POST /requests?colour=red: %d %.200s", status, out)
	}
	if _, out := do(t, "GET", w.base+"/requests", w.sec, nil); strings.Contains(string(out), "Never stored") {
		t.Errorf("a request refused for its query string was stored")
	}

	page := w.h.URL + "/kk/events/" + w.event.ID + "/bilaterals"
	for _, tt := range []struct{ path, query, name string }{
		{"", "colour=red", "colour"},
		{"", "done=hacked", "done"},
		{"", "done=", "done"},
		{"", "done=saved&done=solved", "done"},
		{del, "done=solved", "done"},
		{del, "colour=red", "colour"},
		{del + "/schedule.pdf", "lang=kk", "lang"},
		{del + "/schedule.ics", "colour=red", "colour"},
	} {
		status, out := do(t, "GET", page+tt.path+"?"+tt.query, w.sec, nil)
		if status != 400 || !strings.Contains(string(out), tt.name) || !strings.Contains(string(out), `<html lang="kk"`) {
			t.Errorf("GET …%s?%s: %d %.300s, want a 400 page in kk naming %s", tt.path, tt.query, status, out, tt.name)
		}
	}
	if status, out := do(t, "GET", page+"?done=saved", w.sec, nil); status != 200 {
		t.Errorf("?done=saved: %d %.200s", status, out)
	}
}

// TestTheSettingsFormOfAFocalPointIsRefusedNotCorrected: a focal point
// posting the secretariat's settings form, even with fields it could not
// read, is told they may not (403), not shown a field's error on a page
// that has no settings form to correct; the settings stay as they were.
func TestTheSettingsFormOfAFocalPointIsRefusedNotCorrected(t *testing.T) {
	w := newBilateralWorld(t)
	_, before := do(t, "GET", w.base+"/settings", w.sec, nil)
	for _, values := range []url.Values{{"version": {"1"}}, {"version": {"1"}, "slotMinutes": {"30"}, "breakMinutes": {"10"}, "dayStart": {"09:00"},
		"dayEnd": {"12:00"}, "timeBoxSeconds": {"2"}, "rooms": {"r1 | Hall | 8"}}} {
		status, body := do(t, "POST", w.h.URL+"/uz/events/"+w.event.ID+"/bilaterals/settings", w.kz, strings.NewReader(values.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
		if status != http.StatusForbidden {
			t.Errorf("%v: %d %.300s, want 403", values, status, body)
		}
	}
	if _, after := do(t, "GET", w.base+"/settings", w.sec, nil); !bytes.Equal(before, after) {
		t.Errorf("the settings changed:\n%s\n%s", before, after)
	}
}
