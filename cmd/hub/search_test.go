package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestSearchOverTheWholePath runs the real hub with the demo content and
// checks the search and suggestion API and the library page end to end:
// the documented answer shapes, the thesaurus and taxonomy reaching records
// in other languages, and hostile input, which gets results or a 400 with a
// message in the reader's language, never a 500.
func TestSearchOverTheWholePath(t *testing.T) {
	h := startHub(t, nil)

	type hit struct {
		ID, Type, Title, Lang, Snippet, URL string
		Score                               float64
	}
	type result struct {
		Total  *int  `json:"total"`
		Hits   []hit `json:"hits"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Count *int   `json:"count"`
		} `json:"facets"`
	}
	search := func(t *testing.T, query string) (int, result, []byte) {
		t.Helper()
		status, body := do(t, "GET", h.URL+"/api/v1/search?"+query, "", nil)
		var r result
		if status == 200 {
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatalf("%s: %v\n%s", query, err, body)
			}
		}
		return status, r, body
	}

	t.Run("the answer has the documented shape", func(t *testing.T) {
		status, r, body := search(t, "q="+url.QueryEscape("коррупция")+"&lang=ru")
		if status != 200 || r.Total == nil || *r.Total == 0 || len(r.Hits) == 0 {
			t.Fatalf("%d %s", status, body)
		}
		for _, h := range r.Hits {
			if h.ID == "" || h.Type == "" || h.Title == "" || h.URL == "" || h.Score <= 0 {
				t.Errorf("hit %+v lacks a field", h)
			}
			if !strings.HasPrefix(h.URL, "/ru/") {
				t.Errorf("hit url %q is not in the reader's language", h.URL)
			}
		}
		for _, name := range []string{"type", "kind", "country", "area", "article", "language", "status", "year"} {
			values, ok := r.Facets[name]
			if !ok {
				t.Errorf("no facet %s: %s", name, body)
				continue
			}
			for _, v := range values {
				if v.Value == "" || v.Count == nil || *v.Count <= 0 {
					t.Errorf("facet %s value %+v", name, v)
				}
			}
		}
	})

	t.Run("filters, sort and pages", func(t *testing.T) {
		_, all, _ := search(t, "q=&lang=en&size=100")
		_, kz, _ := search(t, "country=KZ&article=20&lang=en&sort=date&size=5&page=1")
		if kz.Total == nil || *kz.Total == 0 || *kz.Total >= *all.Total {
			t.Fatalf("filtered total %v of %v", kz.Total, all.Total)
		}
		_, page2, _ := search(t, "country=KZ&article=20&lang=en&sort=date&size=5&page=2")
		if *page2.Total != *kz.Total {
			t.Errorf("page 2 total %d, page 1 %d", *page2.Total, *kz.Total)
		}
		for _, a := range kz.Hits {
			for _, b := range page2.Hits {
				if a.ID == b.ID {
					t.Errorf("%s on both pages", a.ID)
				}
			}
		}
	})

	t.Run("words reach records through the taxonomy and the thesaurus", func(t *testing.T) {
		for _, tt := range []struct{ q, lang, want string }{
			{"незаконное обогащение", "ru", "бога"},     // article 20, whatever its title's language
			{"откат", "ru", "одкуп"},                    // a kickback is bribery (article 15)
			{"kickback", "en", "ribery"},                // the same in English
			{"PEP", "en", "proceeds of crime"},          // article 52
			{"манфаатлар тўқнашуви", "uz", "anfaatlar"}, // Uzbek Cyrillic finds the Latin law
		} {
			_, r, body := search(t, "q="+url.QueryEscape(tt.q)+"&lang="+tt.lang+"&size=10")
			found := false
			for _, h := range r.Hits {
				if strings.Contains(strings.ToLower(h.Title), strings.ToLower(tt.want)) {
					found = true
				}
			}
			if !found {
				t.Errorf("%q: no title with %q in the first ten: %s", tt.q, tt.want, body)
			}
		}
	})

	t.Run("suggestions", func(t *testing.T) {
		status, body := do(t, "GET", h.URL+"/api/v1/suggest?q="+url.QueryEscape("незаконное обог")+"&lang=ru", "", nil)
		var r struct {
			Suggestions []struct{ Text, Lang, ID, Type, URL string } `json:"suggestions"`
		}
		if status != 200 || json.Unmarshal(body, &r) != nil || len(r.Suggestions) == 0 {
			t.Fatalf("%d %s", status, body)
		}
		if s := r.Suggestions[0]; !strings.Contains(strings.ToLower(s.Text), "обогащение") || s.ID == "" || s.URL == "" {
			t.Errorf("first suggestion %+v", s)
		}
	})

	hostile := []string{
		`"`, `"unbalanced`, `unbalanced"`, `«незакрытая`, `-`, `--`, `+`, `*`, `-*`, `AND`, `OR NOT`, `:`, `title:x`,
		`(x OR y`, `[a TO b]`, `a~2 b^3`, `\`, `'`, `ʻ`, "\x00\x01\x1b[31m", "a\u202eb\u200b", `<script>alert(1)</script>`,
		"%", strings.Repeat("коррупция ", 99), strings.Repeat("x", 999), strings.Repeat(`"a" `, 200),
	}
	t.Run("hostile input gets results or a 400, never a 500", func(t *testing.T) {
		for _, q := range hostile {
			for _, path := range []string{"/api/v1/search?q=", "/api/v1/suggest?q=", "/en/library?q="} {
				status, body := do(t, "GET", h.URL+path+url.QueryEscape(q)+"&lang=ru", "", nil)
				switch {
				case status == 200:
				case status == 400 && strings.HasPrefix(path, "/api/"):
					checkMessage(t, body)
				case status == 400:
				default:
					t.Errorf("%s%.30q: %d %.200s", path, q, status, body)
				}
			}
		}
	})

	t.Run("a 10 KB query is refused with a message", func(t *testing.T) {
		long := url.QueryEscape(strings.Repeat("коррупция ", 1024))
		for _, path := range []string{"/api/v1/search?lang=ru&q=", "/api/v1/suggest?lang=ru&q="} {
			status, body := do(t, "GET", h.URL+path+long, "", nil)
			if status != 400 {
				t.Errorf("%s: %d %.200s", path, status, body)
				continue
			}
			msg := checkMessage(t, body)
			if !strings.Contains(msg, "1000") && !strings.Contains(msg, "1 000") {
				t.Errorf("the message does not give the limit: %q", msg)
			}
		}
		if status, _ := do(t, "GET", h.URL+"/en/library?q="+long, "", nil); status != 400 && status != 200 {
			t.Errorf("library page: %d", status)
		}
	})

	t.Run("invalid bytes and bad parameters", func(t *testing.T) {
		for _, query := range []string{
			"q=%FF%FE%FD", "q=%C0%AF", "q=a%00b", "q=x&page=0", "q=x&page=-1", "q=x&size=1000", "q=x&size=abc",
			"q=x&year=abc", "q=x&year=99999", "q=x&article=abc", "q=x&article=9999", "q=x&sort=title", "q=x&lang=xx",
			"q=x&type=bogus", "q=x&country=XX&area=none&status=lost", "q=x&page=10000",
		} {
			for _, path := range []string{"/api/v1/search?", "/api/v1/suggest?"} {
				status, body := do(t, "GET", h.URL+path+query, "", nil)
				switch status {
				case 200:
				case 400:
					checkMessage(t, body)
				default:
					t.Errorf("%s%s: %d %.200s", path, query, status, body)
				}
			}
		}
	})
}

// checkMessage fails unless body is the API's error with a message, and
// returns the message.
func checkMessage(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("not an error with a message: %.200s", body)
	}
	return e.Error.Message
}
