package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// ndjson joins documents into an import body, one per line.
func ndjson(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func TestDocumentsAreImportedInBulkThroughTheAPI(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_MAX_BODY": "4096"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kzToken := addUser(t, env, "--email", "kz@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")

	good := []string{
		`{"kind":"national_law","countries":["KZ"],"uncacArticles":[20],"translations":{"kk":{"title":"Заңсыз баю туралы заң"}}}`,
		`{"kind":"training","countries":["UZ"],"translations":{"uz":{"title":"Manfaatlar toʻqnashuvi boʻyicha trening"}}}`,
		`{"kind":"report","countries":["TM"],"translations":{"tk":{"title":"Korrupsiýa garşy hasabat"}}}`,
	}
	count := func() int {
		_, body := do(t, "GET", h.URL+"/api/v1/documents", "", nil)
		var list struct{ Total int }
		json.Unmarshal(body, &list)
		return list.Total
	}
	tooMany := strings.Repeat(good[0]+"\n", 1001)
	refused := []struct {
		name, token, body, lang string
		status                  int
		message                 string
	}{
		{"an unknown field on the second line", token, ndjson(good[0], `{"kind":"report","colour":"red"}`), "en", 400, "Line 2: "},
		{"an article that does not exist on the third line, blank lines counted", token, ndjson(good[0], "", `{"kind":"report","uncacArticles":[99],"translations":{"en":{"title":"x"}}}`), "en", 400, "Line 3: "},
		{"malformed JSON, in Russian", token, ndjson(good[0], `{"kind":`), "ru", 400, "Строка 2: "},
		{"a line over the body limit", token, ndjson(good[0], `{"kind":"report","translations":{"en":{"title":"`+strings.Repeat("x", 5000)+`"}}}`), "en", 413, "Line 2: "},
		{"more documents than one request takes", token, tooMany, "en", 400, "1000"},
		{"an empty body", token, "\n\n", "en", 400, "JSON"},
		{"no token", "", ndjson(good...), "en", 401, ""},
		{"a focal point importing another country's documents, on the second line", kzToken, ndjson(good...), "en", 403, "Line 2: You are not allowed"},
		{"the same in Russian, blank lines counted", kzToken, ndjson(good[0], "", good[0], good[1]), "ru", 403, "Строка 4: "},
		{"a relation to a document that does not exist, on the third line", token,
			ndjson(good[0], good[1], `{"kind":"report","relations":[{"type":"amends","target":"0123456789abcdef01234567"}],"translations":{"en":{"title":"x"}}}`),
			"en", 400, "Line 3: The related document 0123456789abcdef01234567"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, "POST", h.URL+"/api/v1/documents/import?lang="+tt.lang, tt.token, strings.NewReader(tt.body), "Content-Type", "application/x-ndjson")
			if status != tt.status {
				t.Fatalf("status %d, want %d: %.300s", status, tt.status, body)
			}
			var e struct{ Error struct{ Message string } }
			if err := json.Unmarshal(body, &e); err != nil || !strings.Contains(e.Error.Message, tt.message) {
				t.Fatalf("message %q lacks %q", e.Error.Message, tt.message)
			}
			if n := count(); n != 0 {
				t.Fatalf("a refused import stored %d documents", n)
			}
		})
	}

	status, body := do(t, "POST", h.URL+"/api/v1/documents/import", token, strings.NewReader(ndjson(good[0], "", good[1], good[2])), "Content-Type", "application/x-ndjson")
	if status != 201 {
		t.Fatalf("import: %d %s", status, body)
	}
	var res struct {
		Imported int
		IDs      []string
	}
	json.Unmarshal(body, &res)
	if res.Imported != 3 || len(res.IDs) != 3 {
		t.Fatalf("import answered %s", body)
	}
	// Each is stored as sent and found in its own language and script and
	// across scripts.
	for i, q := range []struct{ text, lang string }{{"баю", "kk"}, {"toʻqnashuvi", "uz"}, {"korrupsiýa", "tk"}} {
		status, body := do(t, "GET", h.URL+"/api/v1/documents/"+res.IDs[i], "", nil)
		if status != 200 || !strings.Contains(string(body), `"version":1`) {
			t.Fatalf("document %d: %d %s", i, status, body)
		}
		waitFound(t, h.URL, q.text, q.lang, res.IDs[i], 5*time.Second)
	}
	waitFound(t, h.URL, "тўқнашуви", "uz", res.IDs[1], 5*time.Second)

	// A focal point imports their own country's documents.
	kz := make([]string, 40)
	for i := range kz {
		kz[i] = fmt.Sprintf(`{"kind":"regulation","countries":["KZ"],"translations":{"ru":{"title":"Постановление номер %d"}}}`, i)
	}
	status, body = do(t, "POST", h.URL+"/api/v1/documents/import", kzToken, strings.NewReader(ndjson(kz...)))
	if status != 201 || count() != 43 {
		t.Fatalf("focal point's import: %d %.200s, %d documents", status, body, count())
	}

	// A byte order mark at the start of the body (a file saved by a Windows
	// editor, sent as it is) is not part of the first line.
	status, body = do(t, "POST", h.URL+"/api/v1/documents/import", token, strings.NewReader("\ufeff"+ndjson(good[0], good[1])), "Content-Type", "application/x-ndjson")
	if status != 201 || count() != 45 {
		t.Fatalf("an import starting with a byte order mark: %d %.200s, %d documents", status, body, count())
	}
}
