package main

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// expertJSON is the part of an expert's view the tests read.
type expertJSON struct {
	ID      string   `json:"id"`
	Status  string   `json:"status"`
	Version int      `json:"version"`
	Shown   []string `json:"shown"`
}

// aigerim is an expert's own profile: each field with its own audience,
// and a value that appears nowhere else, so that a page or an answer can be
// searched for each field.
const aigerim = `{"nameCyrillic":"Айгерим Нурланова","nameLatin":"Aigerim Nurlanova","country":"KZ",
  "organization":"Agency for Civil Service Affairs","position":"Chief inspector of integrity",
  "areas":["prevention"],"articles":[20],"languages":[{"lang":"kk","level":"native"},{"lang":"en","level":"fluent"}],
  "irm":[{"role":"reviewer","cycle":2,"state":"MN","year":2019}],
  "biography":{"ru":"Двадцать лет в антикоррупционной службе Казахстана."},
  "contact":{"email":"a.nurlanova@example.kz","phone":"+7 701 555 01 23","messenger":"@aigerim_n"},
  "availability":[{"from":"2026-09-01T00:00:00Z","to":"2026-10-31T00:00:00Z","note":"Autumn session only"}],
  "consent":{"name":"public","country":"public","areas":"public","articles":"public","biography":"public",
    "organization":"members","position":"members","languages":"members","contact":"members",
    "irm":"secretariat","availability":"secretariat"}}`

// aigerimValues are the profile's values by field, as pages and answers
// show them.
var aigerimValues = map[string][]string{
	"name":         {"Aigerim Nurlanova"},
	"country":      {"Kazakhstan"},
	"areas":        {"Preventive measures"},
	"articles":     {"/uncac/20"},
	"biography":    {"Двадцать лет"},
	"organization": {"Agency for Civil Service Affairs"},
	"position":     {"Chief inspector of integrity"},
	"languages":    {"Kazakh (native)"},
	"contact":      {"a.nurlanova@example.kz", "555 01 23", "@aigerim_n"},
	"irm":          {"Mongolia"},
	"availability": {"Autumn session only"},
}

// apiValues are the same values as the API gives them.
var apiValues = map[string][]string{
	"name": {"Aigerim Nurlanova"}, "country": {`"KZ"`}, "areas": {`"prevention"`}, "articles": {`"articles"`},
	"biography": {"Двадцать лет"}, "organization": {"Agency for Civil Service Affairs"}, "position": {"Chief inspector"},
	"languages": {`"native"`}, "contact": {"a.nurlanova@example.kz", "555 01 23", "@aigerim_n"}, "irm": {`"MN"`},
	"availability": {"Autumn session only"},
}

func createExpert(t *testing.T, base, token, body string) expertJSON {
	t.Helper()
	status, raw := do(t, "POST", base+"/api/v1/experts", token, strings.NewReader(body))
	if status != 201 {
		t.Fatalf("create expert: %d %s", status, raw)
	}
	var e expertJSON
	if err := json.Unmarshal(raw, &e); err != nil || e.ID == "" {
		t.Fatalf("created expert %s: %v", raw, err)
	}
	return e
}

// form posts a page's form with a token, as a browser of that user would.
func form(t *testing.T, base, path, token string, v url.Values, header ...string) (int, string) {
	t.Helper()
	status, body := do(t, "POST", base+path, token, strings.NewReader(v.Encode()), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, header...)...)
	return status, string(body)
}

func TestTheSameExpertProfileShowsEachReaderTheFieldsTheExpertConsentedTo(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")
	member := addUser(t, env, "--email", "fp@example.kg", "--name", "Focal KG", "--role", "focal-point", "--country", "KG")

	e := createExpert(t, h.URL, expert, aigerim)
	if e.Status != "pending" {
		t.Fatalf("an expert's own profile is %s, want pending", e.Status)
	}
	t.Run("a pending profile is the expert's and the secretariat's only", func(t *testing.T) {
		for who, token := range map[string]string{"anonymous": "", "a member": member} {
			if status, raw := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID, token, nil); status != 404 {
				t.Errorf("%s reads the pending profile: %d %s", who, status, raw)
			}
			if status, _ := do(t, "GET", h.URL+"/en/experts/"+e.ID, token, nil); status != 404 {
				t.Errorf("%s opens the pending profile's page: %d", who, status)
			}
			if _, raw := do(t, "GET", h.URL+"/en/experts", token, nil); strings.Contains(string(raw), "Aigerim") {
				t.Errorf("%s finds the pending profile in the list", who)
			}
		}
		if _, raw := do(t, "GET", h.URL+"/en/experts?status=pending", sec, nil); !strings.Contains(string(raw), "Aigerim Nurlanova") {
			t.Errorf("the secretariat's list of pending profiles lacks it")
		}
	})
	status, raw := do(t, "POST", h.URL+"/api/v1/experts/"+e.ID+"/approve", sec, nil)
	if status != 200 {
		t.Fatalf("approve: %d %s", status, raw)
	}

	all := []string{"name", "photo", "country", "organization", "position", "areas", "articles", "languages", "irm", "trainings",
		"materials", "biography", "contact", "availability"}
	public := []string{"name", "country", "areas", "articles", "biography"}
	members := append(slices.Clone(public), "photo", "organization", "position", "languages", "trainings", "materials", "contact")
	readers := []struct {
		name, token string
		shown       []string
	}{
		{"anonymous", "", public},
		{"a member", member, members},
		{"the expert", expert, all},
		{"the secretariat", sec, all},
	}
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			status, raw := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID, r.token, nil)
			var v expertJSON
			if status != 200 || json.Unmarshal(raw, &v) != nil {
				t.Fatalf("API: %d %s", status, raw)
			}
			slices.Sort(v.Shown)
			want := slices.Sorted(slices.Values(r.shown))
			if !slices.Equal(v.Shown, want) {
				t.Errorf("API shown %v, want %v", v.Shown, want)
			}
			status, page := do(t, "GET", h.URL+"/en/experts/"+e.ID, r.token, nil)
			if status != 200 {
				t.Fatalf("page: %d %s", status, page)
			}
			for field, values := range aigerimValues {
				sees := slices.Contains(r.shown, field)
				for _, value := range values {
					if got := strings.Contains(string(page), value); got != sees {
						t.Errorf("page: field %s (%q) shown %v, want %v", field, value, got, sees)
					}
				}
				for _, value := range apiValues[field] {
					if got := strings.Contains(string(raw), value); got != sees {
						t.Errorf("API: field %s (%q) shown %v, want %v", field, value, got, sees)
					}
				}
			}
			// The consent itself is the expert's business.
			if own := strings.Contains(string(raw), `"consent"`); own != (r.token == expert || r.token == sec) {
				t.Errorf("API: consent shown %v", own)
			}
		})
	}

	t.Run("the list and the article page show what the reader may see", func(t *testing.T) {
		_, list := do(t, "GET", h.URL+"/en/experts?article=20&country=KZ", "", nil)
		if !strings.Contains(string(list), "Aigerim Nurlanova") || strings.Contains(string(list), "Agency for Civil Service Affairs") {
			t.Errorf("anonymous list: %s", list)
		}
		_, list = do(t, "GET", h.URL+"/en/experts?language=kk&level=fluent", member, nil)
		if !strings.Contains(string(list), "Agency for Civil Service Affairs") {
			t.Errorf("a member's list filtered by Kazakh lacks the expert")
		}
		// A filter on a field the reader may not see matches nothing.
		_, list = do(t, "GET", h.URL+"/en/experts?irm=reviewer", member, nil)
		if strings.Contains(string(list), "Aigerim") {
			t.Errorf("a member finds the expert by her IRM experience, which only the secretariat sees")
		}
		_, list = do(t, "GET", h.URL+"/en/experts?irm=reviewer", sec, nil)
		if !strings.Contains(string(list), "Aigerim") {
			t.Errorf("the secretariat does not find the expert by her IRM experience")
		}
		_, article := do(t, "GET", h.URL+"/en/uncac/20", "", nil)
		if !strings.Contains(string(article), "/en/experts/"+e.ID) {
			t.Errorf("the article page does not list the expert")
		}
	})

	t.Run("the experts' search box finds the expert through the hub's search, by a public field only", func(t *testing.T) {
		deadline := time.Now().Add(5 * time.Second)
		for {
			status, page := do(t, "GET", h.URL+"/en/library?type=expert&q=Nurlanova", "", nil)
			if status == 200 && strings.Contains(string(page), `href="/en/experts/`+e.ID+`"`) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the search did not find the expert: %d %.2000s", status, page)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if _, page := do(t, "GET", h.URL+"/en/library?type=expert&q=Mongolia", "", nil); strings.Contains(string(page), "/en/experts/"+e.ID) {
			t.Errorf("the public finds the expert by a field only the secretariat sees")
		}
	})

	t.Run("the biography falls back along the reader's chain, marked", func(t *testing.T) {
		_, page := do(t, "GET", h.URL+"/kk/experts/"+e.ID, "", nil)
		if !strings.Contains(string(page), "Двадцать лет") || !strings.Contains(string(page), `class="fallback"`) {
			t.Errorf("kk page without the Russian biography and its marker")
		}
		_, page = do(t, "GET", h.URL+"/ru/experts/"+e.ID, "", nil)
		if strings.Contains(string(page), `class="fallback"`) {
			t.Errorf("ru page marks its own language's biography as a fallback")
		}
	})

	t.Run("the expert and the secretariat see the history and export it", func(t *testing.T) {
		for _, token := range []string{expert, sec} {
			status, raw := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID+"/history", token, nil)
			if status != 200 || !strings.Contains(string(raw), `"approve"`) {
				t.Errorf("history: %d %s", status, raw)
			}
			status, raw = do(t, "GET", h.URL+"/api/v1/experts/"+e.ID+"/export", token, nil)
			if status != 200 || !strings.Contains(string(raw), "Autumn session only") || !strings.Contains(string(raw), `"history"`) {
				t.Errorf("export: %d %s", status, raw)
			}
		}
		for who, token := range map[string]string{"a member": member, "anonymous": ""} {
			if status, _ := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID+"/history", token, nil); status != 403 && status != 401 {
				t.Errorf("%s reads the history: %d", who, status)
			}
			if status, _ := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID+"/export", token, nil); status != 403 && status != 401 {
				t.Errorf("%s exports the profile: %d", who, status)
			}
		}
		_, page := do(t, "GET", h.URL+"/en/experts/"+e.ID, expert, nil)
		if !strings.Contains(string(page), `id="history"`) || !strings.Contains(string(page), `id="deletion-form"`) {
			t.Errorf("the expert's page lacks the history or the deletion request")
		}
		_, page = do(t, "GET", h.URL+"/en/experts/"+e.ID, member, nil)
		if strings.Contains(string(page), `id="history"`) || strings.Contains(string(page), `id="edit-expert"`) {
			t.Errorf("a member's page shows the history or the edit button")
		}
	})
}

func TestAnExpertEditingAnotherExpertsProfileIsRefusedAndNothingChanges(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	owner := addUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")
	other := addUser(t, env, "--email", "b.toktogulov@example.kg", "--name", "Bakyt Toktogulov", "--role", "expert", "--country", "KG")
	e := createExpert(t, h.URL, owner, aigerim)
	if status, raw := do(t, "POST", h.URL+"/api/v1/experts/"+e.ID+"/approve", sec, nil); status != 200 {
		t.Fatalf("approve: %d %s", status, raw)
	}
	_, before := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID, sec, nil)

	changed := strings.Replace(aigerim, "Agency for Civil Service Affairs", "Somebody Else's Agency", 1)
	if status, raw := do(t, "PUT", h.URL+"/api/v1/experts/"+e.ID+"?lang=ru", other, strings.NewReader(changed)); status != 403 {
		t.Errorf("API: another expert's PUT: %d %s", status, raw)
	}
	if status, page := form(t, h.URL, "/en/experts/"+e.ID+"/edit", other, url.Values{"nameLatin": {"Hijacked"}}); status != 403 {
		t.Errorf("page: another expert's edit form: %d %.300s", status, page)
	}
	if status, _ := do(t, "GET", h.URL+"/en/experts/"+e.ID+"/edit", other, nil); status != 403 {
		t.Errorf("page: another expert opens the edit form: %d", status)
	}
	for _, p := range []string{"/approve", "/erase", "/deletion-request"} {
		if status, raw := do(t, "POST", h.URL+"/api/v1/experts/"+e.ID+p, other, nil); status != 403 {
			t.Errorf("API: another expert's POST %s: %d %s", p, status, raw)
		}
	}
	if status, raw := do(t, "POST", h.URL+"/api/v1/experts/"+e.ID+"/photo", other, nil); status != 405 && status != 404 {
		t.Errorf("API: POST photo: %d %s", status, raw)
	}
	_, after := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID, sec, nil)
	if string(before) != string(after) {
		t.Errorf("the profile changed:\nbefore %s\nafter  %s", before, after)
	}
	// The owner still edits it.
	status, raw := do(t, "PUT", h.URL+"/api/v1/experts/"+e.ID, owner, strings.NewReader(changed), "If-Match", `"v2"`)
	if status != 200 || !strings.Contains(string(raw), "Somebody Else's Agency") {
		t.Errorf("the owner's PUT: %d %s", status, raw)
	}
	if status, raw := do(t, "PUT", h.URL+"/api/v1/experts/"+e.ID, owner, strings.NewReader(aigerim), "If-Match", `"v2"`); status != 409 {
		t.Errorf("a PUT at an old version: %d %s", status, raw)
	}
}

func TestMalformedContactDetailsAreRefusedNamingTheField(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")

	t.Run("API", func(t *testing.T) {
		for _, tt := range []struct{ name, from, to, field, lang, word string }{
			{"an email without a domain", "a.nurlanova@example.kz", "a.nurlanova@", "contact.email", "en", "email address"},
			{"a phone with letters", "+7 701 555 01 23", "call me maybe", "contact.phone", "ru", "номер телефона"},
			{"a public contact", `"contact":"members"`, `"contact":"public"`, "consent.contact", "kk", "байланыс"},
			{"an unknown level", `"level":"native"`, `"level":"perfect"`, "languages.0.level", "en", "perfect"},
		} {
			body := strings.Replace(aigerim, tt.from, tt.to, 1)
			status, raw := do(t, "POST", h.URL+"/api/v1/experts?lang="+tt.lang, sec, strings.NewReader(body))
			if status != 400 || !strings.Contains(string(raw), tt.field) || !strings.Contains(string(raw), tt.word) {
				t.Errorf("%s: %d %s", tt.name, status, raw)
			}
		}
		if status, raw := do(t, "GET", h.URL+"/api/v1/experts", sec, nil); status != 200 || !strings.Contains(string(raw), `"total":0`) {
			t.Errorf("after refusals: %d %s", status, raw)
		}
	})

	t.Run("page", func(t *testing.T) {
		v := url.Values{"nameLatin": {"Aigerim Nurlanova"}, "organization": {"Agency for Civil Service Affairs"},
			"contact.email": {"a.nurlanova@"}, "contact.phone": {"+7 701 555 01 23"}, "languages.0.lang": {"kk"}, "languages.0.level": {"native"}}
		status, page := form(t, h.URL, "/ru/experts/new", expert, v)
		if status != 400 || !strings.Contains(page, "Поле «Электронная почта»") || !strings.Contains(page, `id="form-error"`) {
			t.Errorf("a bad email: %d %.500s", status, page)
		}
		// What was typed is kept, and the field is marked.
		for _, kept := range []string{`value="a.nurlanova@"`, `value="Agency for Civil Service Affairs"`, `name="contact.email" value="a.nurlanova@" maxlength="254" autocomplete="off" aria-invalid="true"`} {
			if !strings.Contains(page, kept) {
				t.Errorf("the refused form lacks %s", kept)
			}
		}
		v.Set("contact.email", "a.nurlanova@example.kz")
		v.Set("contact.phone", "twelve")
		status, page = form(t, h.URL, "/en/experts/new", expert, v)
		if status != 400 || !strings.Contains(page, "Field “Phone”") || !strings.Contains(page, `value="twelve"`) {
			t.Errorf("a bad phone: %d %.500s", status, page)
		}
		v.Set("contact.phone", "+7 701 555 01 23")
		v.Set("availability.0.from", "2026-13-01")
		v.Set("availability.0.to", "2026-12-31")
		status, page = form(t, h.URL, "/en/experts/new", expert, v)
		if status != 400 || !strings.Contains(page, "Availability, line 1: From") || !strings.Contains(page, `value="2026-13-01"`) {
			t.Errorf("a bad day: %d %.500s", status, page)
		}
		v.Del("availability.0.from")
		v.Del("availability.0.to")
		// The client follows the redirection to the new profile's page.
		status, page = form(t, h.URL, "/en/experts/new", expert, v)
		if status != 200 || !strings.Contains(page, "The profile was saved.") || !strings.Contains(page, "Waiting for approval") {
			t.Fatalf("a good form: %d %.500s", status, page)
		}
	})
}

func TestEachBadExpertsParameterIsA400NamingItInTheReadersLanguage(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	tests := []struct{ path, query, param string }{
		{"/experts", "article=abc", "article"},
		{"/experts", "article=99", "article"},
		{"/experts", "area=corruption", "area"},
		{"/experts", "country=XX", "country"},
		{"/experts", "language=russian", "language"},
		{"/experts", "language=ru&level=perfect", "level"},
		{"/experts", "level=native", "language"},
		{"/experts", "irm=boss", "irm"},
		{"/experts", "from=2026-02-30&to=2026-03-01", "from"},
		{"/experts", "from=2026-03-01", "to"},
		{"/experts", "to=2026-03-01", "from"},
		{"/experts", "from=2026-03-02&to=2026-03-01", "to"},
		{"/experts", "status=gone", "status"},
		{"/experts", "page=0", "page"},
		{"/experts", "size=100000", "size"},
		{"/experts/match", "event=nonsense", "event"},
		{"/experts/match", "state=KAZ", "state"},
		{"/experts/match", "state=KZ&cycle=3", "cycle"},
		{"/experts/match", "cycle=1", "cycle"},
		{"/experts/match", "state=KZ&language=russian", "language"},
	}
	for _, tt := range tests {
		for _, prefix := range []string{"/ru", "/api/v1"} {
			u := h.URL + prefix + tt.path + "?" + tt.query
			if prefix == "/api/v1" {
				u += "&lang=ru"
			}
			status, body := do(t, "GET", u, sec, nil)
			if status != 400 || !strings.Contains(string(body), "«"+tt.param+"»") {
				t.Errorf("%s%s?%s: %d %.300s", prefix, tt.path, tt.query, status, body)
			}
		}
	}
}

func TestTheSecretariatInvitesAnExpertWhoAcceptsOnTheirOwnPage(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")
	member := addUser(t, env, "--email", "fp@example.kg", "--name", "Focal KG", "--role", "focal-point", "--country", "KG")
	ev := createEvent(t, h.URL, sec, bishkekWebinar)

	// An expert without a profile is sent to write one.
	status, page := do(t, "GET", h.URL+"/en/experts/me", expert, nil)
	if status != 200 || !strings.Contains(string(page), `id="expert-form"`) || !strings.Contains(string(page), `value="Aigerim Nurlanova"`) {
		t.Fatalf("/experts/me without a profile: %d %.300s", status, page)
	}
	e := createExpert(t, h.URL, expert, aigerim)
	if status, page := form(t, h.URL, "/en/experts/"+e.ID+"/approve", sec, url.Values{}); status != 200 || !strings.Contains(page, "now visible to others") {
		t.Fatalf("approve by the page's button: %d %.300s", status, page)
	}
	if status, page := form(t, h.URL, "/en/experts/"+e.ID+"/invite", sec, url.Values{"event": {ev.ID}, "role": {"trainer"}, "message": {"Would you train on codes of conduct?"}}); status != 200 || !strings.Contains(page, "The invitation was sent.") {
		t.Fatalf("invite: %d %.300s", status, page)
	}
	// Inviting twice is refused.
	if status, raw := do(t, "POST", h.URL+"/api/v1/experts/"+e.ID+"/invitations", sec, strings.NewReader(`{"eventId":"`+ev.ID+`","role":"speaker"}`)); status != 409 {
		t.Errorf("a second invitation: %d %s", status, raw)
	}
	status, raw := do(t, "GET", h.URL+"/api/v1/experts/"+e.ID+"/invitations", expert, nil)
	var list struct {
		Invitations []struct{ ID, Status, EventID string }
	}
	if status != 200 || json.Unmarshal(raw, &list) != nil || len(list.Invitations) != 1 || list.Invitations[0].Status != "invited" {
		t.Fatalf("the expert's invitations: %d %s", status, raw)
	}
	inv := list.Invitations[0]
	_, page = do(t, "GET", h.URL+"/en/experts/me", expert, nil)
	if !strings.Contains(string(page), `id="invitation-`+inv.ID+`"`) || !strings.Contains(string(page), "Webinar on codes of conduct") ||
		!strings.Contains(string(page), `name="answer" value="accept"`) {
		t.Fatalf("the expert's page lacks the open invitation: %.2000s", page)
	}
	// Nobody else answers it.
	if status, _ := form(t, h.URL, "/en/experts/"+e.ID+"/invitations/"+inv.ID, member, url.Values{"answer": {"accept"}}); status != 404 && status != 403 {
		t.Errorf("a member answers the invitation: %d", status)
	}
	if status, page := form(t, h.URL, "/en/experts/"+e.ID+"/invitations/"+inv.ID, expert, url.Values{"answer": {"accept"}}); status != 200 || !strings.Contains(page, "You accepted the invitation.") {
		t.Fatalf("accept: %d %.300s", status, page)
	}
	// The event now names the expert, and the profile lists the event
	// among the trainings delivered, for those who may see them.
	_, page = do(t, "GET", h.URL+"/en/experts/"+e.ID, member, nil)
	if !strings.Contains(string(page), `id="f-trainings"`) || !strings.Contains(string(page), "/en/events/"+ev.ID) {
		t.Errorf("a member's view of the profile lacks the training: %.3000s", page)
	}
	_, page = do(t, "GET", h.URL+"/en/experts/"+e.ID, "", nil)
	if strings.Contains(string(page), `id="f-trainings"`) {
		t.Errorf("the public sees the trainings, which are for members")
	}
	if status, raw := do(t, "POST", h.URL+"/api/v1/experts/"+e.ID+"/invitations/"+inv.ID+"/decline", expert, nil); status != 409 {
		t.Errorf("declining an accepted invitation: %d %s", status, raw)
	}
}

func TestTheSecretariatMergesAndErasesProfiles(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")
	own := createExpert(t, h.URL, expert, aigerim)
	entered := createExpert(t, h.URL, sec, `{"nameCyrillic":"Айгерим Нурланова","country":"KZ","position":"Inspector","consent":{"name":"public"}}`)
	if entered.Status != "approved" {
		t.Fatalf("a profile the secretariat enters is %s", entered.Status)
	}
	if status, page := form(t, h.URL, "/en/experts/merge", sec, url.Values{"keep": {own.ID}, "drop": {entered.ID}}); status != 200 || !strings.Contains(page, "The profiles were merged.") {
		t.Fatalf("merge by the page: %d %.300s", status, page)
	}
	if status, _ := do(t, "GET", h.URL+"/api/v1/experts/"+entered.ID, "", nil); status != 404 && status != 200 {
		t.Errorf("the merged profile: %d", status)
	}
	if status, raw := do(t, "POST", h.URL+"/api/v1/experts/merge", sec, strings.NewReader(`{"keep":"`+own.ID+`","drop":"`+own.ID+`"}`)); status != 400 {
		t.Errorf("merging a profile with itself: %d %s", status, raw)
	}
	if status, page := form(t, h.URL, "/en/experts/"+own.ID+"/deletion-request", expert, url.Values{"reason": {"I left the civil service."}}); status != 200 || !strings.Contains(page, "sent to the secretariat") {
		t.Fatalf("deletion request: %d %.300s", status, page)
	}
	_, page := do(t, "GET", h.URL+"/en/experts/"+own.ID, sec, nil)
	if !strings.Contains(string(page), "I left the civil service.") || !strings.Contains(string(page), `id="erase-form"`) {
		t.Errorf("the secretariat's page lacks the request or the erase form")
	}
	if status, _ := form(t, h.URL, "/en/experts/"+own.ID+"/erase", sec, url.Values{}); status != 400 {
		t.Errorf("erasing without the confirmation: %d", status)
	}
	if status, _ := form(t, h.URL, "/en/experts/"+own.ID+"/erase", sec, url.Values{"confirm": {"on"}}); status != 200 {
		t.Errorf("erase: %d", status)
	}
	for _, token := range []string{"", expert} {
		if status, _ := do(t, "GET", h.URL+"/en/experts/"+own.ID, token, nil); status != 404 {
			t.Errorf("the erased profile still shows: %d", status)
		}
	}
	if _, page := do(t, "GET", h.URL+"/en/experts/"+own.ID, sec, nil); strings.Contains(string(page), "Nurlanova") || strings.Contains(string(page), "Нурланова") {
		t.Errorf("the erased profile keeps a name")
	}
}

func TestTheSecretariatFindsExpertsForAnEventAndAReviewWithTheReasons(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	member := addUser(t, env, "--email", "fp@example.kg", "--name", "Focal KG", "--role", "focal-point", "--country", "KG")
	ev := createEvent(t, h.URL, sec, bishkekWebinar)
	kz := createExpert(t, h.URL, sec, aigerim)
	kg := createExpert(t, h.URL, sec, `{"nameLatin":"Bakyt Toktogulov","country":"KG","areas":["prevention"],"articles":[8,20],
	  "languages":[{"lang":"ru","level":"native"},{"lang":"ky","level":"native"}],"consent":{"name":"public"}}`)
	resting := createExpert(t, h.URL, sec, `{"nameLatin":"Dilnoza Rashidova","country":"UZ","areas":["prevention"],"doNotPropose":true,"consent":{"name":"public"}}`)

	t.Run("an event", func(t *testing.T) {
		if _, page := do(t, "GET", h.URL+"/en/events/"+ev.ID, sec, nil); !strings.Contains(string(page), `href="/en/experts/match?event=`+ev.ID+`"`) {
			t.Errorf("the event's page does not lead the secretariat to its experts")
		}
		status, page := do(t, "GET", h.URL+"/en/experts/match?event="+ev.ID, sec, nil)
		if status != 200 {
			t.Fatalf("%d %.500s", status, page)
		}
		for _, want := range []string{`id="candidate-` + kg.ID + `"`, "Works on Preventive measures", "Covers UNCAC articles 8",
			`id="excluded-` + resting.ID + `"`, "Asked not to be proposed", `action="/en/experts/` + kg.ID + `/invite"`} {
			if !strings.Contains(string(page), want) {
				t.Errorf("the page lacks %s", want)
			}
		}
		if status, page := form(t, h.URL, "/en/experts/"+kg.ID+"/invite", sec, url.Values{"event": {ev.ID}, "role": {"speaker"}}); status != 200 || !strings.Contains(page, "The invitation was sent.") {
			t.Fatalf("invite from the matching page: %d %.300s", status, page)
		}
		_, page = do(t, "GET", h.URL+"/en/experts/match?event="+ev.ID, sec, nil)
		if !strings.Contains(string(page), "Invitation: Invited") {
			t.Errorf("the matching page does not say the candidate is invited")
		}
	})
	t.Run("a review, in Russian", func(t *testing.T) {
		status, raw := do(t, "GET", h.URL+"/api/v1/experts/match?state=KZ&cycle=2&language=ru&lang=ru", sec, nil)
		var res struct {
			Candidates []struct {
				ExpertID string
				Score    int
				Reasons  []struct{ Code, Text string }
			}
			Excluded []struct {
				ExpertID string
				Reasons  []struct{ Code, Text string }
			}
		}
		if status != 200 || json.Unmarshal(raw, &res) != nil {
			t.Fatalf("%d %s", status, raw)
		}
		excluded := map[string]string{}
		for _, x := range res.Excluded {
			for _, r := range x.Reasons {
				excluded[x.ExpertID] += r.Code + ":" + r.Text + ";"
			}
		}
		if !strings.Contains(excluded[kz.ID], "state_under_review:Конфликт интересов") {
			t.Errorf("the Kazakh expert is not left out of Kazakhstan's review: %s", raw)
		}
		if len(res.Candidates) == 0 || res.Candidates[0].ExpertID != kg.ID || res.Candidates[0].Reasons[0].Text == "" {
			t.Errorf("candidates: %s", raw)
		}
		_, page := do(t, "GET", h.URL+"/ru/experts/match?state=KZ", sec, nil)
		if !strings.Contains(string(page), "Конфликт интересов") || strings.Contains(string(page), "experts.reason") {
			t.Errorf("the Russian page: %.3000s", page)
		}
	})
	t.Run("for the secretariat only", func(t *testing.T) {
		for _, u := range []string{"/en/experts/match?event=" + ev.ID, "/api/v1/experts/match?event=" + ev.ID, "/en/experts/duplicates", "/api/v1/experts/duplicates"} {
			if status, _ := do(t, "GET", h.URL+u, member, nil); status != 403 {
				t.Errorf("a member's GET %s: %d", u, status)
			}
		}
	})
}

func TestTheSecretariatMergesADuplicateFromItsPage(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	a := createExpert(t, h.URL, sec, aigerim)
	b := createExpert(t, h.URL, sec, `{"nameCyrillic":"Нурланова Айгерим","contact":{"email":"A.Nurlanova@example.kz"},"position":"Inspector"}`)
	status, raw := do(t, "GET", h.URL+"/api/v1/experts/duplicates", sec, nil)
	if status != 200 || !strings.Contains(string(raw), a.ID) || !strings.Contains(string(raw), b.ID) || !strings.Contains(string(raw), `"kind":"email"`) {
		t.Fatalf("duplicates: %d %s", status, raw)
	}
	_, page := do(t, "GET", h.URL+"/en/experts/duplicates", sec, nil)
	if !strings.Contains(string(page), "Aigerim Nurlanova") || !strings.Contains(string(page), "a.nurlanova@example.kz") ||
		!strings.Contains(string(page), `name="drop" value="`+b.ID+`"`) {
		t.Fatalf("the duplicates page: %.3000s", page)
	}
	if status, page := form(t, h.URL, "/en/experts/merge", sec, url.Values{"keep": {a.ID}, "drop": {b.ID}}); status != 200 || !strings.Contains(page, "The profiles were merged.") {
		t.Fatalf("merge: %d %.300s", status, page)
	}
	if _, page := do(t, "GET", h.URL+"/en/experts/duplicates", sec, nil); !strings.Contains(string(page), `id="no-duplicates"`) {
		t.Errorf("the pair is still offered after the merge")
	}
}
