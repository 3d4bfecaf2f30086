package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestListsNameTheirNextPage: a list that has more gives its next page's
// URL as a Link header and as "next"; following it gives the rest, and the
// last page names none.
func TestListsNameTheirNextPage(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	token := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	for _, title := range []string{"Law one", "Law two", "Law three"} {
		doc := `{"kind":"national_law","countries":["KZ"],"areas":["prevention"],"visibility":"public","translations":{"en":{"title":"` + title + `"}}}`
		if status, body := do(t, "POST", h.URL+"/api/v1/documents", token, strings.NewReader(doc)); status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
	}
	get := func(url string) (string, []json.RawMessage, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body struct {
			Documents []json.RawMessage `json:"documents"`
			Next      string            `json:"next"`
		}
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %d %v", url, res.StatusCode, err)
		}
		return res.Header.Get("Link"), body.Documents, body.Next
	}
	link, docs, next := get(h.URL + "/api/v1/documents?limit=2&country=KZ")
	if len(docs) != 2 || !strings.Contains(next, "offset=2") || !strings.Contains(next, "country=KZ") || link != "<"+next+`>; rel="next"` {
		t.Fatalf("first page: %d documents, next %q, Link %q", len(docs), next, link)
	}
	link, docs, next = get(next)
	if len(docs) != 1 || next != "" || link != "" {
		t.Errorf("last page: %d documents, next %q, Link %q", len(docs), next, link)
	}
}
