package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform/web"
)

// TestUnreadableQueryStringsAreRefusedInTheReadersLanguage asks the users
// list (whose search text once reached the database with a NUL and gave a
// 500) and a page with query strings no handler can use: each is a 400 with
// a message in the reader's language, before any service is asked (this
// server has none).
func TestUnreadableQueryStringsAreRefusedInTheReadersLanguage(t *testing.T) {
	_, h := hubServer(t, web.Security{})
	queries := []string{"q=%00", "q=%ff", "q=a%1bb", "%ff=1", "q=50%zz", "a=1;b=2", "q=" + strings.Repeat("a", web.MaxQuery)}
	english := map[string]bool{}
	for _, lang := range i18n.Languages() {
		for _, q := range queries {
			for _, path := range []string{"/api/v1/users?lang=" + lang.Code + "&", "/" + lang.Code + "/users?"} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path+q, nil))
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("%s%.40s: %d %.200s", path, q, rec.Code, rec.Body.String())
				}
				msg := rec.Body.String()
				if strings.HasPrefix(path, "/api/") {
					var e struct {
						Error struct{ Code, Message string }
					}
					if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code != "invalid" {
						t.Fatalf("%s%.40s: %s", path, q, rec.Body.String())
					}
					msg = e.Error.Message
					if lang.Code == "en" {
						english[msg] = true
					} else if english[msg] {
						t.Errorf("%s%.40s: the message is in English: %q", path, q, msg)
					}
				} else if !strings.Contains(msg, `<html lang="`+lang.Code+`"`) {
					t.Errorf("%s%.40s: not a page in %s: %.200s", path, q, lang.Code, msg)
				}
			}
		}
	}
}
