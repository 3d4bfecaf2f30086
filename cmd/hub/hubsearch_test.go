package main

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestTheHubsSearchGroupsEveryKindOfRecord: the front page's box leads to
// one search over every kind of record, answered in groups in the reader's
// language, each group linking to all of its hits; a group alone pages.
func TestTheHubsSearchGroupsEveryKindOfRecord(t *testing.T) {
	h := startHub(t, map[string]string{})
	status, home := do(t, "GET", h.URL+"/ru/", "", nil)
	if status != 200 || !strings.Contains(string(home), `action="/ru/search"`) {
		t.Fatalf("the front page's search box: %d, leads elsewhere", status)
	}
	for _, tt := range []struct {
		lang     string
		headings []string
	}{
		{"en", []string{"Library", "Events", "Experts", "Roadmap: commitments and recommendations"}},
		{"ru", []string{"Библиотека", "Мероприятия", "Эксперты", "Дорожная карта: обязательства и рекомендации"}},
		{"uz", []string{"Kutubxona", "Tadbirlar", "Ekspertlar", "Yoʻl xaritasi: majburiyatlar va tavsiyalar"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			status, body := do(t, "GET", h.URL+"/"+tt.lang+"/search?q=asset+recovery", "", nil)
			page := string(body)
			if status != 200 {
				t.Fatalf("%d %.300s", status, body)
			}
			for _, want := range tt.headings {
				if !strings.Contains(page, want) {
					t.Errorf("no group %q", want)
				}
			}
			for _, link := range []string{`href="/` + tt.lang + `/library/`, `href="/` + tt.lang + `/events/`, `href="/` + tt.lang + `/experts/`, `href="/` + tt.lang + `/roadmap/`} {
				if !strings.Contains(page, link) {
					t.Errorf("no hit linking %s", link)
				}
			}
			if !strings.Contains(page, `recovery&amp;type=event"`) {
				t.Errorf("no link to all the events found")
			}
		})
	}
	// One group alone, page by page.
	status, body := do(t, "GET", h.URL+"/en/search?q=corruption&type=document&page=2", "", nil)
	if status != 200 || !strings.Contains(string(body), `rel="prev"`) || !strings.Contains(string(body), `start="21"`) {
		t.Errorf("the second page of documents: %d", status)
	}
	for _, bad := range []string{"type=bogus", "type=document&page=0x", "page=2", "type=event&page=-1"} {
		if status, body := do(t, "GET", h.URL+"/en/search?q=corruption&"+bad, "", nil); status != 400 {
			t.Errorf("%s: %d %.200s", bad, status, body)
		}
	}
	// Nothing typed: an invitation, no error.
	if status, body := do(t, "GET", h.URL+"/kk/search", "", nil); status != 200 || !strings.Contains(string(body), "Не іздейтініңізді жазыңыз") {
		t.Errorf("the empty search page: %d", status)
	}
}

// TestAPartialMatchAndACorrectionAreShown: a query of several words that
// few records hold whole is answered with the records that have most of
// them, marked with the words they lack, on the pages and in the API; a
// misspelt query is offered its correction.
func TestAPartialMatchAndACorrectionAreShown(t *testing.T) {
	h := startHub(t, map[string]string{})
	// "lifestyle monitoring" together is a thesaurus term (illicit
	// enrichment), which would widen the query: the words are apart here.
	q := url.QueryEscape("lifestyle illicit enrichment monitoring")
	status, body := do(t, "GET", h.URL+"/api/v1/search?lang=en&q="+q, "", nil)
	var res struct {
		Total, FullMatches int
		Relaxed            bool
		DidYouMean         string
		Hits               []struct {
			Title   string
			Missing []string
		}
	}
	if status != 200 || json.Unmarshal(body, &res) != nil {
		t.Fatalf("%d %s", status, body)
	}
	if !res.Relaxed || len(res.Hits) == 0 || res.FullMatches >= res.Total {
		t.Fatalf("not relaxed: %s", body)
	}
	partial := 0
	for i, hit := range res.Hits {
		if len(hit.Missing) > 0 {
			partial++
			if !slices.Contains(hit.Missing, "lifestyle") {
				t.Errorf("hit %d %q lacks %v, which does not name lifestyle", i, hit.Title, hit.Missing)
			}
		} else if partial > 0 {
			t.Errorf("full match %q after a partial one", hit.Title)
		}
	}
	if partial == 0 {
		t.Fatalf("no partial match: %s", body)
	}
	for _, path := range []string{"/ru/library?q=" + q, "/ru/search?q=" + q + "&type=document"} {
		status, body := do(t, "GET", h.URL+path, "", nil)
		page := string(body)
		if status != 200 || !strings.Contains(page, "Частичное совпадение") || !strings.Contains(page, "<s>lifestyle</s>") ||
			!strings.Contains(page, "Все слова запроса есть лишь в немногих записях") {
			t.Errorf("%s: %d, the partial matches are not marked", path, status)
		}
	}
	// A quoted phrase stays strict.
	status, body = do(t, "GET", h.URL+"/api/v1/search?lang=en&q="+url.QueryEscape(`"lifestyle vouchers" illicit enrichment`), "", nil)
	if status != 200 || strings.Contains(string(body), `"missing"`) {
		t.Errorf("a quoted phrase relaxed: %d %.300s", status, body)
	}

	status, body = do(t, "GET", h.URL+"/api/v1/search?lang=en&q=corupton", "", nil)
	if status != 200 || json.Unmarshal(body, &res) != nil || res.DidYouMean != "corruption" {
		t.Fatalf("did you mean for corupton: %d %.300s", status, body)
	}
	for _, path := range []string{"/en/library?q=corupton", "/en/search?q=corupton"} {
		status, body := do(t, "GET", h.URL+path, "", nil)
		if status != 200 || !strings.Contains(string(body), "Did you mean:") || !strings.Contains(string(body), "?q=corruption\">corruption</a>") {
			t.Errorf("%s: %d, no correction offered", path, status)
		}
	}
}
