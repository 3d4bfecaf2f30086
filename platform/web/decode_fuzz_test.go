package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
)

// FuzzDecodeJSON feeds arbitrary bodies to the strict JSON decoder that every
// write goes through: it must never panic, and every refusal must be a
// client error with a message id, never an internal error.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"kind":"national_law","translations":{"ru":{"title":"Закон"}}}`,
		`{"kind":`, `[]`, `null`, `{"colour":"red"}`, `{"uncacArticles":"x"}`, `{"uncacArticles":[1e400]}`,
		`{"translations":{"en":{"title":1}}}`, `{} {}`, "\x00", `{"kind":"\ud800"}`, strings.Repeat("[", 10000),
	} {
		f.Add(seed)
	}
	s := &Server{MaxBody: 4096}
	f.Fuzz(func(t *testing.T, body string) {
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		c.Request = httptest.NewRequest(http.MethodPost, "/api/v1/documents", strings.NewReader(body))
		var in platform.DocumentInput
		err := s.DecodeJSON(c, &in)
		if err == nil {
			in.Normalize()
			err = in.Validate()
			if err == nil {
				return
			}
		}
		e := platform.AsError(err)
		if e == nil || e.MessageID == "" {
			t.Fatalf("error without a message id for %q: %v", body, err)
		}
		if status := statuses[e.Code]; status < 400 || status >= 500 {
			t.Fatalf("body %q gives status %d (%v)", body, status, err)
		}
	})
}
