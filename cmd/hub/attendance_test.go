package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// closingTrainingJSON is a regional training in Bishkek that began an hour
// ago, ends at end and takes registrations until then, without a seat
// limit: the hub runs on the real clock, so a test that needs the event
// over waits for end rather than moving a clock it does not own.
func closingTrainingJSON(end time.Time) string {
	return fmt.Sprintf(`{"kind":"regional_training","status":"registration_open","countries":["KZ","KG","UZ"],"country":"KG",
  "timeZone":"Asia/Bishkek","start":%q,"end":%q,"areas":["prevention"],"uncacArticles":[7],
  "city":{"en":"Bishkek","ru":"Бишкек","kk":"Бішкек"},
  "translations":{"en":{"title":"Regional training on asset declarations"},"ru":{"title":"Региональный тренинг по декларированию активов"},
  "kk":{"title":"Активтерді декларациялау жөніндегі өңірлік тренинг"}}}`,
		end.Add(-time.Hour).UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339))
}

// pdfText reads a PDF back as the hub reads an uploaded one, its lines
// joined by spaces.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	text, err := extract.Text(platform.FormatPDF, bytes.NewReader(pdf), int64(len(pdf)))
	if err != nil {
		t.Fatalf("extract.Text: %v", err)
	}
	return regexp.MustCompile(`\s+`).ReplaceAllString(text, " ")
}

func TestAttendanceCheckInAndCertificates(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	end := time.Now().Add(8 * time.Second).Truncate(time.Second)
	e := createEvent(t, h.URL, sec, closingTrainingJSON(end))
	person := func(name, email, country, lang string) string {
		return fmt.Sprintf(`{"name":%q,"email":%q,"country":%q,"organization":"Anti-Corruption Agency","language":%q}`, name, email, country, lang)
	}
	a := register(t, h.URL, e.ID, "", person("Айгүл Сейітқызы", "aigul@example.kz", "KZ", "kk"), 201)
	b := register(t, h.URL, e.ID, "", person("Dilnoza Karimova", "dilnoza@example.uz", "UZ", "uz"), 201)
	today := time.Now().In(time.FixedZone("Bishkek", 6*3600)).Format(time.DateOnly)

	checkIn := func(token, body string) (int, []byte) {
		return do(t, "POST", h.URL+"/api/v1/events/"+e.ID+"/checkin", token, strings.NewReader(body))
	}
	typed := strings.ToLower(a.CheckInCode[:4] + " " + a.CheckInCode[4:])
	status, raw := checkIn(sec, fmt.Sprintf(`{"code":%q}`, typed))
	if status != 200 || !strings.Contains(string(raw), `"already":false`) || !strings.Contains(string(raw), `"day":"`+today+`"`) {
		t.Fatalf("check-in by code: %d %s", status, raw)
	}
	if status, raw := checkIn(sec, fmt.Sprintf(`{"code":%q}`, a.CheckInCode)); status != 200 || !strings.Contains(string(raw), `"already":true`) {
		t.Errorf("checking in twice: %d %s", status, raw)
	}
	t.Run("bad check-ins say why", func(t *testing.T) {
		for _, tt := range []struct {
			token, body, lang string
			status            int
			words             []string
		}{
			{sec, fmt.Sprintf(`{"code":%q,"day":"2030-01-01"}`, a.CheckInCode), "en", 400, []string{"“day”", "not a day of the event"}},
			{sec, `{"code":"ZZZZ-ZZZZ"}`, "ru", 404, []string{"ZZZZZZZZ", "Проверьте код"}},
			{sec, `{"day":"` + today + `"}`, "en", 400, []string{"code"}},
			{"", fmt.Sprintf(`{"code":%q}`, b.CheckInCode), "en", 401, nil},
		} {
			status, raw := do(t, "POST", h.URL+"/api/v1/events/"+e.ID+"/checkin?lang="+tt.lang, tt.token, strings.NewReader(tt.body))
			if status != tt.status {
				t.Errorf("%s: %d %s, want %d", tt.body, status, raw, tt.status)
			}
			for _, w := range tt.words {
				if !strings.Contains(string(raw), w) {
					t.Errorf("%s: %s does not say %q", tt.body, raw, w)
				}
			}
		}
	})

	certURL := func(lang string, r registrationJSON, query string) string {
		return h.URL + "/" + lang + "/registrations/" + r.ID + "/certificate.pdf?token=" + r.ManageToken + query
	}
	if status, raw := do(t, "GET", certURL("en", a, ""), "", nil); status != 409 || !strings.Contains(string(raw), "once the event has ended") {
		t.Errorf("a certificate before the end: %d %.300s", status, raw)
	}
	time.Sleep(time.Until(end) + 100*time.Millisecond)

	t.Run("one who did not attend gets no certificate", func(t *testing.T) {
		status, raw := do(t, "GET", certURL("ru", b, ""), "", nil)
		if status != 403 || !strings.Contains(string(raw), "только присутствовавшим") {
			t.Errorf("the non-attendee's certificate: %d %.500s", status, raw)
		}
		if status, raw := do(t, "GET", h.URL+"/api/v1/registrations/"+b.ID+"?token="+b.ManageToken, "", nil); status != 200 || strings.Contains(string(raw), "certificateCode") {
			t.Errorf("the refusal issued a code: %d %s", status, raw)
		}
	})

	var code string
	t.Run("an attendee's certificate holds their name and its code, the same each time", func(t *testing.T) {
		status, pdf := do(t, "GET", certURL("kk", a, ""), "", nil)
		if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("the certificate: %d %.300s", status, pdf)
		}
		_, raw := do(t, "GET", h.URL+"/api/v1/registrations/"+a.ID+"?token="+a.ManageToken, "", nil)
		var r struct{ CertificateCode string }
		if err := json.Unmarshal(raw, &r); err != nil || len(r.CertificateCode) != 12 {
			t.Fatalf("the registration's code: %s %v", raw, err)
		}
		code = r.CertificateCode
		text := pdfText(t, pdf)
		for _, want := range []string{"Айгүл Сейітқызы", code, "Қазақстан", "Активтерді декларациялау"} {
			if !strings.Contains(text, want) {
				t.Errorf("the Kazakh certificate does not say %q; it reads: %s", want, text)
			}
		}
		status, latin := do(t, "GET", certURL("en", a, "&script=latn"), sec, nil)
		if status != 200 {
			t.Fatalf("the Kazakh Latin certificate: %d %.300s", status, latin)
		}
		if text := pdfText(t, latin); !strings.Contains(text, code) || !strings.Contains(text, "Qazaqstan") || !strings.Contains(text, "Bishkek") {
			t.Errorf("the Kazakh Latin certificate reads: %s", text)
		}
		if status, raw := do(t, "GET", certURL("en", a, "&script=arab"), "", nil); status != 400 || !strings.Contains(string(raw), "script") {
			t.Errorf("?script=arab: %d %.300s", status, raw)
		}
	})

	t.Run("the verification page confirms the certificate, and no other code", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/en/certificates/"+strings.ToLower(code), "", nil)
		if status != 200 || !strings.Contains(string(page), "Айгүл Сейітқызы") || !strings.Contains(string(page), today) ||
			!strings.Contains(string(page), "Regional training on asset declarations") {
			t.Errorf("the verification page: %d %s", status, page)
		}
		status, raw := do(t, "GET", h.URL+"/api/v1/certificates/"+code, "", nil)
		if status != 200 || !strings.Contains(string(raw), `"name":"Айгүл Сейітқызы"`) {
			t.Errorf("the verification API: %d %s", status, raw)
		}
		status, page = do(t, "GET", h.URL+"/en/certificates/ABCDEFGHJKLM", "", nil)
		if status != 404 || !strings.Contains(string(page), "not a valid certificate") {
			t.Errorf("an unknown code: %d %.500s", status, page)
		}
		if status, _ := do(t, "GET", h.URL+"/api/v1/certificates/nonsense", "", nil); status != 404 {
			t.Errorf("a malformed code: %d", status)
		}
	})

	t.Run("the secretariat sets the days afterwards, and the list links the certificates", func(t *testing.T) {
		status, raw := do(t, "PUT", h.URL+"/api/v1/registrations/"+b.ID+"/attendance", sec, strings.NewReader(`{"days":["`+today+`"]}`))
		if status != 200 || !strings.Contains(string(raw), `"attended":["`+today+`"]`) {
			t.Fatalf("set attendance: %d %s", status, raw)
		}
		if status, raw := do(t, "PUT", h.URL+"/api/v1/registrations/"+b.ID+"/attendance", sec, strings.NewReader(`{"days":["1999-01-01"]}`)); status != 400 || !strings.Contains(string(raw), "days") {
			t.Errorf("a day before the event: %d %s", status, raw)
		}
		status, pdf := do(t, "GET", certURL("uz", b, "&script=cyrl"), "", nil)
		if status != 200 {
			t.Fatalf("the Uzbek Cyrillic certificate: %d %.300s", status, pdf)
		}
		if text := pdfText(t, pdf); !strings.Contains(text, "Dilnoza Karimova") || !strings.Contains(text, "Ўзбекистон") {
			t.Errorf("the Uzbek Cyrillic certificate reads: %s", text)
		}
		status, page := do(t, "GET", h.URL+"/en/events/"+e.ID+"/registrations", sec, nil)
		if status != 200 || strings.Count(string(page), "/certificate.pdf") != 2 || !strings.Contains(string(page), "Download certificate") {
			t.Errorf("the organizers' list: %d, %d certificate links", status, strings.Count(string(page), "/certificate.pdf"))
		}
		if status, page := do(t, "GET", h.URL+"/en/registrations/"+a.ID+"?token="+a.ManageToken, "", nil); status != 200 ||
			!strings.Contains(string(page), "/en/registrations/"+a.ID+"/certificate.pdf?token=") {
			t.Errorf("the participant's page has no certificate link: %d", status)
		}
	})
}
