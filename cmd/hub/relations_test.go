package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestLibraryRelationsToHiddenAndDeletedDocuments: a document pointing at
// one deleted and one made secretariat-only stays editable through the form
// by its country's focal point, neither id reaches an anonymous reader, and
// the secretariat removes the remaining relation on the form.
func TestLibraryRelationsToHiddenAndDeletedDocuments(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	law := func(country, vis, title, relations string) string {
		return `{"kind":"national_law","countries":["` + country + `"],"visibility":"` + vis + `","relations":[` + relations +
			`],"translations":{"ru":{"title":"` + title + `"}}}`
	}
	gone := createDoc(t, h.URL, sec, law("KZ", "public", "Старый закон", ""))
	hidden := createDoc(t, h.URL, sec, law("UZ", "public", "Модельный закон", ""))
	id := createDoc(t, h.URL, kz, law("KZ", "public", "Закон о противодействии коррупции",
		`{"type":"amends","target":"`+gone+`"},{"type":"implements","target":"`+hidden+`"}`))
	if status, out := do(t, "DELETE", h.URL+"/api/v1/documents/"+gone, sec, nil); status != 204 {
		t.Fatalf("delete: %d %s", status, out)
	}
	if status, out := do(t, "PUT", h.URL+"/api/v1/documents/"+hidden, sec, strings.NewReader(law("UZ", "secretariat", "Модельный закон", ""))); status != 200 {
		t.Fatalf("hide: %d %s", status, out)
	}
	post := func(t *testing.T, path, token string, form url.Values) (int, string) {
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
		return res.StatusCode, string(b)
	}
	version := func(t *testing.T) string {
		t.Helper()
		_, out := do(t, "GET", h.URL+"/api/v1/documents/"+id, sec, nil)
		var d struct{ Version int }
		json.Unmarshal(out, &d)
		return strconv.Itoa(d.Version)
	}
	form := func(title string) url.Values {
		return url.Values{"kind": {"national_law"}, "visibility": {"public"}, "countries": {"KZ"}, "title_ru": {title}}
	}

	t.Run("an anonymous reader gets neither id", func(t *testing.T) {
		for _, path := range []string{"/api/v1/documents/" + id, "/api/v1/documents?country=KZ", "/ru/library/" + id, "/api/v1/documents/" + id + "/versions/1"} {
			status, out := do(t, "GET", h.URL+path, "", nil)
			if status != 200 || strings.Contains(string(out), hidden) || strings.Contains(string(out), gone) {
				t.Errorf("%s: %d, reveals a hidden or deleted document's id: %.400s", path, status, out)
			}
		}
	})

	t.Run("the focal point edits through the form", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/ru/library/"+id+"/edit", kz, nil)
		if status != 200 || strings.Contains(string(page), hidden) {
			t.Fatalf("edit form: %d", status)
		}
		f := form("Закон о противодействии коррупции (ред. 2024)")
		f.Set("version", version(t))
		if status, body := post(t, "/ru/library/"+id+"/edit", kz, f); status != 303 {
			t.Fatalf("edit refused: %d %.600s", status, body)
		}
		_, out := do(t, "GET", h.URL+"/api/v1/documents/"+id, sec, nil)
		if !strings.Contains(string(out), `"target":"`+hidden+`"`) || strings.Contains(string(out), gone) {
			t.Fatalf("after the edit the secretariat reads: %s", out)
		}
	})

	t.Run("the secretariat removes the relation on the form", func(t *testing.T) {
		status, page := do(t, "GET", h.URL+"/en/library/"+id+"/edit", sec, nil)
		value := "implements " + hidden
		if status != 200 || !strings.Contains(string(page), `name="remove_relation" value="`+value+`"`) {
			t.Fatalf("the form offers no way to remove the relation: %d", status)
		}
		if u := unlabelled(t, page); len(u) > 0 {
			t.Errorf("controls without a label: %v", u)
		}
		f := form("Закон о противодействии коррупции (ред. 2024)")
		f.Set("version", version(t))
		f.Set("remove_relation", value)
		if status, body := post(t, "/en/library/"+id+"/edit", sec, f); status != 303 {
			t.Fatalf("removal refused: %d %.600s", status, body)
		}
		_, out := do(t, "GET", h.URL+"/api/v1/documents/"+id, sec, nil)
		if !strings.Contains(string(out), `"relations":[]`) {
			t.Fatalf("relation not removed: %s", out)
		}
	})
}
