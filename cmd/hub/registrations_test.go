package main

import (
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"
)

// openTrainingJSON is a regional training a month from now that takes
// registrations, with capacity seats.
func openTrainingJSON(capacity int, approval bool) string {
	start := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	return fmt.Sprintf(`{"kind":"regional_training","status":"registration_open","countries":["KZ","KG"],"country":"KZ",
  "start":%q,"end":%q,"capacity":%d,"requiresApproval":%v,"areas":["prevention"],"uncacArticles":[7],
  "city":{"en":"Almaty","ru":"Алматы"},"rooms":["Hall A"],
  "translations":{"en":{"title":"Regional training on asset declarations"},"ru":{"title":"Региональный тренинг по декларированию активов"}}}`,
		start.Format(time.RFC3339), start.Add(8*time.Hour).Format(time.RFC3339), capacity, approval)
}

type registrationJSON struct {
	ID              string   `json:"id"`
	Status          string   `json:"status"`
	WaitingPosition int      `json:"waitingPosition"`
	ManageToken     string   `json:"manageToken"`
	ManageURL       string   `json:"manageUrl"`
	Name            string   `json:"name"`
	Attended        []string `json:"attended"`
	CheckInCode     string   `json:"checkInCode"`
}

func register(t *testing.T, base, eventID, token, body string, want int) registrationJSON {
	t.Helper()
	status, raw := do(t, "POST", base+"/api/v1/events/"+eventID+"/registrations", token, strings.NewReader(body))
	if status != want {
		t.Fatalf("register: %d %s, want %d", status, raw, want)
	}
	var r registrationJSON
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func personJSON(name, email, country string) string {
	return fmt.Sprintf(`{"name":%q,"email":%q,"country":%q,"organization":"Anti-Corruption Agency","language":"ru","listPublicly":true}`, name, email, country)
}

func TestRegistrationsThroughTheAPI(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "expert@example.org", "--name", "Expert", "--role", "expert")
	e := createEvent(t, h.URL, sec, openTrainingJSON(2, false))

	a := register(t, h.URL, e.ID, "", personJSON("Айгүл Сейітқызы", "aigul@example.kz", "KZ"), 201)
	b := register(t, h.URL, e.ID, "", personJSON("Bakyt Asanov", "bakyt@example.kg", "KG"), 201)
	c := register(t, h.URL, e.ID, "", personJSON("Dilnoza Karimova", "dilnoza@example.uz", "UZ"), 201)
	if a.Status != "registered" || b.Status != "registered" || c.Status != "waiting" || c.WaitingPosition != 1 {
		t.Fatalf("statuses %s %s %s (%d)", a.Status, b.Status, c.Status, c.WaitingPosition)
	}
	if a.ManageToken == "" || !strings.HasPrefix(a.ManageURL, h.URL+"/ru/registrations/"+a.ID+"?token=") {
		t.Errorf("the answer's link: %q %q", a.ManageToken, a.ManageURL)
	}

	t.Run("registering twice changes nothing and gives a stranger no link", func(t *testing.T) {
		again := register(t, h.URL, e.ID, "", personJSON("Someone Else", "AIGUL@example.kz ", "KZ"), 200)
		if again.ID != a.ID || again.ManageToken != "" || again.Name != "Айгүл Сейітқызы" {
			t.Errorf("a repeat answered %+v", again)
		}
	})

	t.Run("bad input is a 400 naming the field, in the reader's language", func(t *testing.T) {
		for _, tt := range []struct{ body, field, lang, word string }{
			{`{"name":"A","email":"not-an-address","country":"KZ"}`, "email", "ru", "не адрес электронной почты"},
			{`{"email":"a@example.org","country":"KZ"}`, "name", "en", "is required"},
			{`{"name":"A","email":"a@example.org","country":"Atlantis"}`, "country", "en", "ATLANTIS"},
			{`{"name":"A","email":"a@example.org","country":"KZ","category":"speaker"}`, "category", "kk", "ұйымдастырушылар"},
		} {
			// An expert: signed in, not among the event's organizers.
			status, raw := do(t, "POST", h.URL+"/api/v1/events/"+e.ID+"/registrations?lang="+tt.lang, expert, strings.NewReader(tt.body))
			if status/100 != 4 || !strings.Contains(string(raw), tt.field) || !strings.Contains(string(raw), tt.word) {
				t.Errorf("%s: %d %s", tt.field, status, raw)
			}
		}
		for _, q := range []string{"status=bogus", "page=0", "size=100000"} {
			if status, raw := do(t, "GET", h.URL+"/api/v1/events/"+e.ID+"/registrations?"+q, sec, nil); status != 400 {
				t.Errorf("?%s: %d %s", q, status, raw)
			}
		}
	})

	t.Run("only the participant's link reads the registration", func(t *testing.T) {
		if status, _ := do(t, "GET", h.URL+"/api/v1/registrations/"+a.ID, "", nil); status != 404 {
			t.Errorf("without the link: %d", status)
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/registrations/"+a.ID, "", nil, "X-Registration-Token", b.ManageToken); status != 404 {
			t.Errorf("with another registration's link: %d", status)
		}
		status, raw := do(t, "GET", h.URL+"/api/v1/registrations/"+a.ID+"?token="+a.ManageToken, "", nil)
		if status != 200 || !strings.Contains(string(raw), `"status":"registered"`) {
			t.Errorf("with its link: %d %s", status, raw)
		}
	})

	t.Run("capacity below the registered is refused", func(t *testing.T) {
		body := strings.Replace(openTrainingJSON(1, false), `"capacity":1`, `"capacity":1`, 1)
		status, raw := do(t, "PUT", h.URL+"/api/v1/events/"+e.ID, sec, strings.NewReader(body))
		if status != 400 || !strings.Contains(string(raw), "capacity") {
			t.Errorf("capacity 1 with 2 registered: %d %s", status, raw)
		}
	})

	t.Run("a cancellation moves the waiting list up", func(t *testing.T) {
		status, raw := do(t, "POST", h.URL+"/api/v1/registrations/"+a.ID+"/cancel", "", nil, "X-Registration-Token", a.ManageToken)
		if status != 200 || !strings.Contains(string(raw), `"status":"cancelled"`) {
			t.Fatalf("cancel: %d %s", status, raw)
		}
		status, raw = do(t, "GET", h.URL+"/api/v1/registrations/"+c.ID, "", nil, "X-Registration-Token", c.ManageToken)
		if status != 200 || !strings.Contains(string(raw), `"status":"registered"`) {
			t.Errorf("the waiting one after a cancellation: %d %s", status, raw)
		}
		status, raw = do(t, "GET", h.URL+"/api/v1/events/"+e.ID+"/participants", "", nil)
		if status != 200 || !strings.Contains(string(raw), `"registered":2,"waiting":0`) || strings.Contains(string(raw), "aigul") ||
			!strings.Contains(string(raw), "Dilnoza Karimova") || strings.Contains(string(raw), "@") {
			t.Errorf("participants: %d %s", status, raw)
		}
	})

	t.Run("the organizers' list", func(t *testing.T) {
		if status, _ := do(t, "GET", h.URL+"/api/v1/events/"+e.ID+"/registrations", "", nil); status != 401 {
			t.Errorf("anonymous: %d", status)
		}
		status, raw := do(t, "GET", h.URL+"/api/v1/events/"+e.ID+"/registrations", sec, nil)
		if status != 200 || !strings.Contains(string(raw), `"total":3`) {
			t.Errorf("secretariat: %d %s", status, raw)
		}
	})
}

func TestRegistrationApprovalByTheFocalPoint(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kg := addUser(t, env, "--email", "fp@kg.example", "--name", "KG focal point", "--role", "focal-point", "--country", "KG")
	kz := addUser(t, env, "--email", "fp@kz.example", "--name", "KZ focal point", "--role", "focal-point", "--country", "KZ")
	e := createEvent(t, h.URL, sec, openTrainingJSON(10, true))
	r := register(t, h.URL, e.ID, "", personJSON("Бакыт Асанов", "bakyt@example.kg", "KG"), 201)
	if r.Status != "pending" {
		t.Fatalf("status %s, want pending", r.Status)
	}
	if status, _ := do(t, "POST", h.URL+"/api/v1/registrations/"+r.ID+"/approve", kz, nil); status != 404 {
		t.Errorf("another country's focal point approved: %d", status)
	}
	status, raw := do(t, "GET", h.URL+"/api/v1/events/"+e.ID+"/registrations", kz, nil)
	if status != 200 || !strings.Contains(string(raw), `"total":0`) {
		t.Errorf("another country's focal point lists: %d %s", status, raw)
	}
	status, raw = do(t, "POST", h.URL+"/api/v1/registrations/"+r.ID+"/approve", kg, nil)
	if status != 200 || !strings.Contains(string(raw), `"status":"registered"`) {
		t.Fatalf("approve: %d %s", status, raw)
	}
	if status, _ := do(t, "POST", h.URL+"/api/v1/registrations/"+r.ID+"/reject", kg, nil); status != 409 {
		t.Errorf("deciding twice: %d", status)
	}
}

// With mail configured, notices reach the participant in their language:
// the registration with a link that manages it, and the move up from the
// waiting list when a seat frees.
func TestRegistrationNoticesAreMailedInTheParticipantsLanguage(t *testing.T) {
	mail := newMailbox(t)
	_, port, _ := net.SplitHostPort(mail.ln.Addr().String())
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_ADDR": freeAddr(t),
		"HUB_SMTP_HOST": "127.0.0.1", "HUB_SMTP_PORT": port, "HUB_SMTP_FROM": "UNCAC Hub <hub@example.org>"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	e := createEvent(t, h.URL, sec, openTrainingJSON(1, false))
	first := register(t, h.URL, e.ID, "", `{"name":"Aziz Karimov","email":"aziz@example.uz","country":"UZ","language":"uz"}`, 201)
	register(t, h.URL, e.ID, "", `{"name":"Гульнара Токтогулова","email":"gulnara@example.kg","country":"KG","language":"ky"}`, 201)

	msg := mail.waitFor(t, "<aziz@example.uz>")
	if !strings.Contains(msg, "Siz roʻyxatdan oʻtdingiz.") || !strings.Contains(msg, "Региональный тренинг по декларированию активов") { // uz falls back to ru
		t.Errorf("the first's mail:\n%s", msg)
	}
	link := regexp.MustCompile(`http://\S+/uz/registrations/` + first.ID + `\?token=\S+`).FindString(msg)
	if link == "" {
		t.Fatalf("no link in the first's mail:\n%s", msg)
	}
	if status, raw := do(t, "GET", link, "", nil); status != 200 || !strings.Contains(string(raw), "Aziz Karimov") {
		t.Errorf("the mailed link: %d", status)
	}
	if msg := mail.waitFor(t, "<gulnara@example.kg>"); !strings.Contains(msg, "Бардык орундар ээленген эле") {
		t.Errorf("the second's mail:\n%s", msg)
	}
	if status, raw := do(t, "POST", h.URL+"/api/v1/registrations/"+first.ID+"/cancel", "", nil, "X-Registration-Token", first.ManageToken); status != 200 {
		t.Fatalf("cancel: %d %s", status, raw)
	}
	if msg := mail.waitFor(t, "Орун бошоду"); !strings.Contains(msg, "<gulnara@example.kg>") {
		t.Errorf("the move up went to:\n%s", msg)
	}
}
