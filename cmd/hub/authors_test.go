package main

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestAuthorsAreShownToMembersOnly: who created a document, who saved each
// of its versions, and anything else that names a user, reach signed-in
// members only, through the API and the pages; an anonymous reader gets the
// same records without them, wherever they read them: a document, the list,
// its versions and their differences, a provision, the events, search,
// suggestions, the UNCAC article page and the Atom feed. The hub runs with
// its demo content, which the hub itself wrote.
func TestAuthorsAreShownToMembersOnly(t *testing.T) {
	h := startHub(t, nil)
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "officer@unodc.example", "--name", "Dilnoza Officer", "--role", "secretariat")
	kz := addUser(t, env, "--email", "aida@example.kz", "--name", "Aida Nurlanovna", "--role", "focal-point", "--country", "KZ")
	expert := addUser(t, env, "--email", "expert@example.tj", "--name", "Expert Tajik", "--role", "expert", "--country", "TJ")
	me := func(token string) string {
		t.Helper()
		status, body := do(t, "GET", h.URL+"/api/v1/me", token, nil)
		var u struct{ ID string }
		if status != 200 || json.Unmarshal(body, &u) != nil || u.ID == "" {
			t.Fatalf("me: %d %s", status, body)
		}
		return u.ID
	}
	kzID, secID := me(kz), me(sec)

	// Versions 1 (the focal point), 2 (the secretariat), 3 (the focal point).
	id := createDoc(t, h.URL, kz, kzLaw)
	for i, token := range []string{sec, kz} {
		in := strings.Replace(kzLaw, "О противодействии коррупции", "О противодействии коррупции (редакция "+string(rune('2'+i))+")", 1)
		if status, out := do(t, "PUT", h.URL+"/api/v1/documents/"+id, token, strings.NewReader(in)); status != 200 {
			t.Fatalf("update %d: %d %s", i+2, status, out)
		}
	}
	waitFound(t, h.URL, url.QueryEscape("редакция 3"), "ru", id, 10*time.Second)

	// Anything that names one of them, or says who wrote what.
	hidden := []string{kzID, secID, "Aida Nurlanovna", "Dilnoza Officer", "createdBy", "updatedBy", "updatedByName", `"system"`}
	visitor := []struct{ name, path string }{
		{"the document", "/api/v1/documents/" + id},
		{"the list", "/api/v1/documents?country=KZ&limit=100"},
		{"the demo content", "/api/v1/documents?limit=100"},
		{"the versions", "/api/v1/documents/" + id + "/versions"},
		{"an earlier version", "/api/v1/documents/" + id + "/versions/2"},
		{"the current version", "/api/v1/documents/" + id + "/versions/3"},
		{"the events", "/api/v1/events"},
		{"search", "/api/v1/search?lang=ru&q=" + url.QueryEscape("незаконное обогащение")},
		{"suggestions", "/api/v1/suggest?lang=ru&q=" + url.QueryEscape("О против")},
		{"the document's page", "/en/library/" + id},
		{"the versions page", "/ru/library/" + id + "/versions?from=1&to=3"},
		{"a provision's page", "/kk/library/" + id + "/p/art-12"},
		{"the events page", "/en/events"},
		{"the library page", "/ru/library?q=" + url.QueryEscape("коррупции")},
		{"an article's page", "/en/uncac/20"},
		{"the home page", "/en/"},
		{"the feed", "/ru/feed.atom?country=KZ"},
	}
	for _, p := range visitor {
		t.Run("an anonymous reader of "+p.name+" sees no author", func(t *testing.T) {
			status, body := do(t, "GET", h.URL+p.path, "", nil)
			if status != 200 {
				t.Fatalf("%s: %d %.300s", p.path, status, body)
			}
			text := html.UnescapeString(string(body))
			for _, s := range hidden {
				if strings.Contains(text, s) {
					t.Errorf("%s shows %q", p.path, s)
				}
			}
		})
	}
	if _, body := do(t, "GET", h.URL+"/en/library/"+id+"/versions", "", nil); strings.Contains(string(body), "Saved by") {
		t.Error("the versions page has a column of authors for a visitor")
	}
	if _, body := do(t, "GET", h.URL+"/api/v1/events", "", nil); !strings.Contains(string(body), `"kind":"`) {
		t.Errorf("the demo's events are missing, nothing was checked: %.300s", body)
	}

	t.Run("a member is told who wrote the document and each version", func(t *testing.T) {
		_, body := do(t, "GET", h.URL+"/api/v1/documents/"+id, expert, nil)
		var d struct{ CreatedBy, UpdatedBy string }
		if json.Unmarshal(body, &d) != nil || d.CreatedBy != kzID || d.UpdatedBy != kzID {
			t.Errorf("document: %s", body)
		}
		_, body = do(t, "GET", h.URL+"/api/v1/documents/"+id+"/versions/2", expert, nil)
		if json.Unmarshal(body, &d) != nil || d.CreatedBy != kzID || d.UpdatedBy != secID {
			t.Errorf("version 2: %s", body)
		}
		_, body = do(t, "GET", h.URL+"/api/v1/documents/"+id+"/versions", expert, nil)
		var res struct {
			Versions []struct {
				Version                  int
				UpdatedBy, UpdatedByName string
			}
		}
		if json.Unmarshal(body, &res) != nil || len(res.Versions) != 3 {
			t.Fatalf("versions: %s", body)
		}
		for i, w := range []struct{ id, name string }{{kzID, "Aida Nurlanovna"}, {secID, "Dilnoza Officer"}, {kzID, "Aida Nurlanovna"}} {
			if v := res.Versions[i]; v.UpdatedBy != w.id || v.UpdatedByName != w.name {
				t.Errorf("version %d: %+v, want %s (%s)", v.Version, v, w.id, w.name)
			}
		}
		_, body = do(t, "GET", h.URL+"/api/v1/documents?limit=1&kind=convention", expert, nil)
		if !strings.Contains(string(body), `"createdBy":"system"`) {
			t.Errorf("the demo content is not the hub's: %.300s", body)
		}
	})
	t.Run("a member sees who saved each version on the page, in their language", func(t *testing.T) {
		for lang, header := range map[string]string{"ru": "Кем сохранена", "kk": "Кім сақтаған", "uz": "Kim saqlagan"} {
			status, body := do(t, "GET", h.URL+"/"+lang+"/library/"+id+"/versions", expert, nil)
			text := html.UnescapeString(string(body))
			if status != 200 || !strings.Contains(text, `<th scope="col">`+header+`</th>`) {
				t.Errorf("/%s: %d, no column %q", lang, status, header)
			}
			if strings.Count(text, "Aida Nurlanovna") != 2 || strings.Count(text, "Dilnoza Officer") != 1 {
				t.Errorf("/%s: the versions' authors are not named", lang)
			}
		}
	})
	t.Run("content the hub wrote itself is said to be the hub's, in the reader's language", func(t *testing.T) {
		_, body := do(t, "GET", h.URL+"/api/v1/documents?limit=1&kind=convention", expert, nil)
		var list struct{ Documents []struct{ ID string } }
		if json.Unmarshal(body, &list) != nil || len(list.Documents) != 1 {
			t.Fatalf("no demo document: %.300s", body)
		}
		for lang, want := range map[string]string{"ru": "Сам портал (импорт", "en": "The hub itself", "uz": "Portalning oʻzi"} {
			_, body := do(t, "GET", h.URL+"/"+lang+"/library/"+list.Documents[0].ID+"/versions", expert, nil)
			if !strings.Contains(html.UnescapeString(string(body)), want) {
				t.Errorf("/%s: the demo document's version is not said to be the hub's (%q)", lang, want)
			}
		}
	})
}
