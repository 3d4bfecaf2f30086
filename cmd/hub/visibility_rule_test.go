package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAFocalPointCannotMakeTheirRecordSecretariatOnly goes through the API
// and the library form: a focal point is not offered "secretariat only",
// is refused it in their language when they ask anyway, and nothing
// changes; the secretariat sees the refusals in the audit trail.
func TestAFocalPointCannotMakeTheirRecordSecretariatOnly(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	id := createDoc(t, h.URL, kz, `{"kind":"national_law","countries":["KZ"],"visibility":"members","translations":{"ru":{"title":"Закон о декларировании"}}}`)
	total := func() int {
		_, body := do(t, "GET", h.URL+"/api/v1/documents", sec, nil)
		var list struct{ Total int }
		json.Unmarshal(body, &list)
		return list.Total
	}
	message := func(t *testing.T, body []byte) string {
		t.Helper()
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("not an error: %s", body)
		}
		return e.Error.Message
	}
	unchanged := func(t *testing.T) {
		t.Helper()
		_, body := do(t, "GET", h.URL+"/api/v1/documents/"+id, sec, nil)
		if !strings.Contains(string(body), `"visibility":"members"`) || !strings.Contains(string(body), `"version":1`) {
			t.Errorf("the law changed: %s", body)
		}
		if n := total(); n != 1 {
			t.Errorf("%d documents, want 1", n)
		}
	}

	t.Run("the API refuses it in the reader's language", func(t *testing.T) {
		status, body := do(t, "POST", h.URL+"/api/v1/documents?lang=ru", kz,
			strings.NewReader(`{"kind":"national_law","countries":["KZ"],"visibility":"secretariat","translations":{"ru":{"title":"Закон"}}}`))
		if status != 403 || !strings.Contains(message(t, body), "Только секретариат может") {
			t.Errorf("create: %d %s", status, body)
		}
		status, body = do(t, "PUT", h.URL+"/api/v1/documents/"+id+"?lang=kk", kz,
			strings.NewReader(`{"kind":"national_law","countries":["KZ"],"visibility":"secretariat","translations":{"ru":{"title":"Закон о декларировании"}}}`))
		if status != 403 || !strings.Contains(message(t, body), "тек хатшылық белгілей алады") {
			t.Errorf("update: %d %s", status, body)
		}
		unchanged(t)
	})

	secretariatOption := `<option value="secretariat"`
	t.Run("the form does not offer it to a focal point", func(t *testing.T) {
		for _, path := range []string{"/en/library/new", "/en/library/" + id + "/edit"} {
			status, page := do(t, "GET", h.URL+path, kz, nil)
			if status != 200 || strings.Contains(string(page), secretariatOption) || !strings.Contains(string(page), `<option value="members"`) {
				t.Errorf("%s: %d, offers secretariat-only: %v", path, status, strings.Contains(string(page), secretariatOption))
			}
		}
		if _, page := do(t, "GET", h.URL+"/en/library/new", sec, nil); !strings.Contains(string(page), secretariatOption) {
			t.Error("the secretariat is not offered secretariat-only")
		}
	})

	t.Run("a form that asks anyway comes back refused, with what was asked", func(t *testing.T) {
		form := url.Values{"kind": {"national_law"}, "visibility": {"secretariat"}, "countries": {"KZ"}, "title_uz": {"Qonun"}, "version": {"1"}}
		req, _ := http.NewRequest("POST", h.URL+"/uz/library/"+id+"/edit", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+kz)
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 403 || !strings.Contains(string(body), "faqat kotibiyat belgilay oladi") ||
			!strings.Contains(string(body), secretariatOption+` selected`) || !strings.Contains(string(body), `role="alert"`) {
			t.Errorf("form: %d %s", res.StatusCode, body)
		}
		unchanged(t)
	})

	t.Run("the secretariat sees the refusals in the audit trail", func(t *testing.T) {
		status, body := do(t, "GET", h.URL+"/api/v1/audit?action=denied", sec, nil)
		var trail struct {
			Entries []struct{ ActorName, RecordID, Note string }
		}
		if status != 200 || json.Unmarshal(body, &trail) != nil {
			t.Fatalf("audit: %d %s", status, body)
		}
		refusals, onTheLaw := 0, 0
		for _, e := range trail.Entries {
			if e.ActorName == "Focal KZ" && strings.Contains(e.Note, "secretariat-only") {
				refusals++
				if e.RecordID == id {
					onTheLaw++
				}
			}
		}
		if refusals != 3 || onTheLaw != 2 {
			t.Errorf("%d refusals (%d of the law), want 3 (2): %s", refusals, onTheLaw, body)
		}
	})
}
