package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestFindingsOfTheHostileProbe keeps the defects an independent probe
// found from coming back.
func TestFindingsOfTheHostileProbe(t *testing.T) {
	h := startHub(t, nil)
	tests := []struct {
		name, path string
		status     int
		want, not  string
	}{
		{"an article that does not exist gets the reader's message, not the engine's", "/api/v1/search?q=corruption&article=72&lang=ru", 400, "72", "search/bleve"},
		{"an unknown language filter gets the reader's message", "/api/v1/search?q=corruption&language=xx&lang=en", 400, "xx", "invalid search query"},
		{"the library page says the same", "/uz/library?article=72", 400, "72", "search/bleve"},
		{"a bad request page is titled in Russian", "/ru/library?page=-1", 400, "На запрос нельзя ответить", "Bad Request"},
		{"an unknown page under /ru/ answers in Russian", "/ru/no-such-page", 404, `<html lang="ru"`, "Page not found"},
		{"the static folder lists nothing", "/static/", 404, "", `href="style.css"`},
		{"thirty common words are answered or refused, never a 500", "/api/v1/search?q=" + url.QueryEscape(strings.Repeat("a* b* c* d* e* f* и в на ", 4)), 0, "", "panic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, "GET", h.URL+tt.path, "", nil)
			if tt.status != 0 && status != tt.status || status >= 500 {
				t.Fatalf("status %d, want %d: %.300s", status, tt.status, body)
			}
			if tt.want != "" && !strings.Contains(string(body), tt.want) {
				t.Fatalf("answer lacks %q: %.300s", tt.want, body)
			}
			if tt.not != "" && strings.Contains(string(body), tt.not) {
				t.Fatalf("answer shows %q: %.300s", tt.not, body)
			}
		})
	}
}
