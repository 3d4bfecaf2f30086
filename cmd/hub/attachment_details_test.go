package main

import (
	"encoding/json"
	"html"
	"strings"
	"testing"
)

// TestAttachmentErrorsAndUploadersAreShownToMembersOnly: a file whose text
// cannot be extracted is marked not searchable for everybody, on the
// document's page and in the API; why it failed and who uploaded it are
// shown to signed-in members only.
func TestAttachmentErrorsAndUploadersAreShownToMembersOnly(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "expert@example.tj", "--name", "Expert TJ", "--role", "expert", "--country", "TJ")
	id := createDoc(t, h.URL, token, `{"kind":"report","countries":["KZ"],"translations":{"ru":{"title":"Отчёт о проверке"}}}`)
	status, out := upload(t, h.URL+"/api/v1/documents/"+id+"/attachments", token, "scan.txt", []byte("—— 12 345 ——\n\n  * * *"), "")
	if status != 201 {
		t.Fatalf("upload: %d %s", status, out)
	}
	if got := waitExtracted(t, h.URL, id, token); len(got) != 1 || got[0].TextState != "failed" || got[0].Searchable {
		t.Fatalf("not marked as not searchable: %+v", got)
	}

	type attachment struct {
		TextState  string
		Searchable bool
		TextError  *string
		CreatedBy  *string
	}
	list := func(t *testing.T, token string) (attachment, string) {
		t.Helper()
		status, body := do(t, "GET", h.URL+"/api/v1/documents/"+id+"/attachments", token, nil)
		var res struct{ Attachments []attachment }
		if status != 200 || json.Unmarshal(body, &res) != nil || len(res.Attachments) != 1 {
			t.Fatalf("attachments: %d %s", status, body)
		}
		return res.Attachments[0], string(body)
	}
	member, _ := list(t, expert)
	if member.TextError == nil || *member.TextError == "" || member.CreatedBy == nil || *member.CreatedBy == "" {
		t.Fatalf("a member is not told why or by whom: %+v", member)
	}
	reason, uploader := *member.TextError, *member.CreatedBy

	t.Run("an anonymous reader of the API sees the marker only", func(t *testing.T) {
		a, body := list(t, "")
		if a.TextState != "failed" || a.Searchable {
			t.Errorf("marker lost: %+v", a)
		}
		if a.TextError != nil || a.CreatedBy != nil || strings.Contains(body, uploader) {
			t.Errorf("details shown: %s", body)
		}
	})
	page := func(t *testing.T, lang, token string) string {
		t.Helper()
		status, body := do(t, "GET", h.URL+"/"+lang+"/library/"+id, token, nil)
		if status != 200 {
			t.Fatalf("page: %d", status)
		}
		return html.UnescapeString(string(body))
	}
	t.Run("an anonymous reader of the page sees the marker only", func(t *testing.T) {
		body := page(t, "en", "")
		if !strings.Contains(body, "Not searchable: no text could be read from this file") {
			t.Error("the page lacks the not-searchable marker")
		}
		for _, hidden := range []string{reason, uploader, "What the text extractor reported"} {
			if strings.Contains(body, hidden) {
				t.Errorf("the page shows %q", hidden)
			}
		}
	})
	t.Run("a member sees why on the page, in their language", func(t *testing.T) {
		body := page(t, "ru", expert)
		for _, shown := range []string{"Не доступен для поиска: из этого файла не удалось извлечь текст", "Сообщение программы извлечения текста:", reason} {
			if !strings.Contains(body, shown) {
				t.Errorf("the page lacks %q", shown)
			}
		}
	})
}
