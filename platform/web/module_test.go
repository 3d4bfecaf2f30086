package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform/web"
)

// echoModule is a capability the core has never heard of: a page and an API
// route that say the reader's language, the API one for signed-in users only.
type echoModule struct{ page string }

func (m echoModule) Register(r *web.Router) error {
	pages := fstest.MapFS{"templates/" + m.page + ".html": {Data: []byte(`{{define "content"}}<p id="echo">{{.Data}}</p>{{end}}`)}}
	if err := r.ParsePages(pages, nil, m.page); err != nil {
		return err
	}
	s := r.Server()
	r.Pages.GET("/echo", func(c *gin.Context) { s.Render(c, http.StatusOK, m.page, "", "Echo", web.Lang(c)) })
	r.API.GET("/echo", func(c *gin.Context) {
		if _, ok := s.RequireAPIUser(c); !ok {
			return
		}
		c.JSON(http.StatusOK, gin.H{"lang": web.Lang(c)})
	})
	return nil
}

func serverWith(t *testing.T, modules ...web.Module) (*web.Server, http.Handler, error) {
	t.Helper()
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &web.Server{Bundle: bundle, Modules: modules}
	h, err := s.Handler()
	return s, h, err
}

// TestAModulePlugsInWithoutTheCoreKnowingIt: a module's pages get the
// layout and the reader's language, its API routes the API's language and
// the core's refusals.
func TestAModulePlugsInWithoutTheCoreKnowingIt(t *testing.T) {
	_, h, err := serverWith(t, echoModule{page: "echo"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	page := get("/kk/echo")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `<p id="echo">kk</p>`) || !strings.Contains(page.Body.String(), `<html lang="kk"`) {
		t.Errorf("the module's page: %d %s", page.Code, page.Body)
	}
	if rec := get("/xx/echo"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("the module's page under an unsupported language: %d %s, want a 404 page", rec.Code, rec.Header().Get("Content-Type"))
	}
	api := get("/api/v1/echo?lang=ru")
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal(api.Body.Bytes(), &body); err != nil || api.Code != http.StatusUnauthorized ||
		body.Error.Code != "unauthorized" || !strings.Contains(body.Error.Message, "Требуется") {
		t.Errorf("the module's API route asked anonymously: %d %s", api.Code, api.Body)
	}
}

func TestTwoModulesCannotServeThePageOfOneName(t *testing.T) {
	if _, _, err := serverWith(t, echoModule{page: "echo"}, echoModule{page: "echo"}); err == nil || !strings.Contains(err.Error(), "echo") {
		t.Fatalf("two modules with a page named echo: %v", err)
	}
}
