package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// pageSet holds each page's template, parsed together with the layout.
type pageSet struct{ byName map[string]*template.Template }

var pageNames = []string{"home", "events", "simple", "error"}

func parsePages() (*pageSet, error) {
	ps := &pageSet{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		ps.byName[name] = t
	}
	return ps, nil
}

var funcs = template.FuncMap{
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m[k] = kv[i+1]
		}
		return m
	},
	"safeSnippet": func(s string) template.HTML {
		// Snippets come from the search index as escaped text whose only
		// markup is <mark>; see search.Hit.
		return template.HTML(s)
	},
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"lines": func(s string) []string { return strings.Split(s, "\n") },
	"date":  func(t time.Time) string { return t.Format("2006-01-02") },
	"add":   func(a, b int) int { return a + b },
	"sub":   func(a, b int) int { return a - b },
}

// view is what every page template receives.
type view struct {
	Lang      string
	Dir       string
	L         *i18n.Localizer
	Languages []LangLink
	Path      string // the path without the language prefix
	Nav       string
	Title     string
	Data      any
	// User is the signed-in user, or nil (the header shows sign-in or account).
	User *platform.User
}

type LangLink struct {
	Code, Name, URL string
	Current         bool
}

// pageLanguage reads the /{lang}/ prefix: an unsupported one is a 404. A
// visit remembers the language in a cookie so that / leads back to it.
func (s *Server) pageLanguage(c *gin.Context) {
	setPage(c)
	lang := c.Param("lang")
	if !i18n.Supported(lang) {
		cookie, _ := c.Cookie("lang")
		setLang(c, i18n.Negotiate("", cookie, c.GetHeader("Accept-Language")))
		s.NotFound(c)
		c.Abort()
		return
	}
	setLang(c, lang)
	if cookie, _ := c.Cookie("lang"); cookie != lang {
		http.SetCookie(c.Writer, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.Request.TLS != nil})
	}
	c.Next()
}

func (s *Server) rootRedirect(c *gin.Context) {
	cookie, _ := c.Cookie("lang")
	lang := i18n.Negotiate("", cookie, c.GetHeader("Accept-Language"))
	c.Header("Vary", "Accept-Language, Cookie")
	c.Redirect(http.StatusFound, "/"+lang+"/")
}

// Render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *Server) Render(c *gin.Context, status int, page, nav, title string, data any) {
	lang := Lang(c)
	l := s.Bundle.Localizer(lang)
	path := strings.TrimPrefix(c.Request.URL.Path, "/"+c.Param("lang"))
	if path == "" || c.Param("lang") == "" {
		path = "/"
	}
	v := view{Lang: lang, Dir: "ltr", L: l, Path: path, Nav: nav, Title: title, Data: data, User: User(c)}
	for _, lg := range i18n.Languages() {
		u := "/" + lg.Code + path
		if c.Request.URL.RawQuery != "" {
			u += "?" + c.Request.URL.RawQuery
		}
		v.Languages = append(v.Languages, LangLink{Code: lg.Code, Name: lg.Name, URL: u, Current: lg.Code == lang})
	}
	var buf bytes.Buffer
	if err := s.pages.byName[page].Execute(&buf, v); err != nil {
		s.Logger.Error("render page", "page", page, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(l.T("error.internal")))
		return
	}
	c.Header("Content-Language", lang)
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func (s *Server) renderError(c *gin.Context, status int, msg string) {
	l := s.Localizer(c)
	title := l.T("error.not_found_title")
	if status != http.StatusNotFound {
		title = l.T("error.title_" + strconv.Itoa(status))
		if strings.HasPrefix(title, "error.") {
			title = l.T("error.title_500")
		}
	}
	c.Abort()
	s.Render(c, status, "error", "", title, map[string]any{"Message": msg, "Status": status})
}

func (s *Server) NotFound(c *gin.Context) {
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.not_found", nil, "no route %s", c.Request.URL.Path))
		return
	}
	if Lang(c) == "" {
		// A page under a language's prefix answers in that language.
		prefix, _, _ := strings.Cut(strings.TrimPrefix(c.Request.URL.Path, "/"), "/")
		if !i18n.Supported(prefix) {
			prefix = ""
		}
		cookie, _ := c.Cookie("lang")
		setLang(c, i18n.Negotiate(prefix, cookie, c.GetHeader("Accept-Language")))
	}
	setPage(c)
	s.WriteError(c, platform.Localized(platform.NotFound, "error.not_found", nil, "no page %s", c.Request.URL.Path))
}

// docCard is a document as a list shows it.
type docCard struct {
	ID, Title, TitleLang, Kind string
	Fallback                   bool
	Countries                  []string
	Articles                   []int
	Updated                    time.Time
}

func cards(docs []*platform.Document, lang string) []docCard {
	chain := i18n.Chain(lang)
	out := make([]docCard, 0, len(docs))
	for _, d := range docs {
		t, tl := d.Title(chain)
		out = append(out, docCard{ID: d.ID, Title: t, TitleLang: tl, Fallback: tl != lang, Kind: d.Kind,
			Countries: d.Countries, Articles: d.UncacArticles, Updated: d.UpdatedAt})
	}
	return out
}

// eventCard is an event as a list shows it.
type eventCard struct {
	ID, Title, TitleLang, Summary, City, Kind string
	Fallback                                  bool
	Start, End                                time.Time
}

func eventCards(events []*platform.Event, lang string) []eventCard {
	chain := i18n.Chain(lang)
	out := make([]eventCard, 0, len(events))
	for _, e := range events {
		t, tl := platform.PickText(e.Translations, chain, func(t platform.Translation) string { return t.Title })
		sum, _ := platform.PickText(e.Translations, chain, func(t platform.Translation) string { return t.Summary })
		city := ""
		for _, l := range chain {
			if city = e.City[l]; city != "" {
				break
			}
		}
		out = append(out, eventCard{ID: e.ID, Title: t, TitleLang: tl, Fallback: tl != lang, Summary: sum,
			City: city, Kind: e.Kind, Start: e.Start, End: e.End})
	}
	return out
}

func (s *Server) home(c *gin.Context) {
	ctx := c.Request.Context()
	lang := Lang(c)
	docs, _, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{Limit: 6})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	upcoming, err := s.Events.FindEvents(ctx, platform.EventFilter{EndsAfter: s.Now(), Limit: 5})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	recent, err := s.Events.FindEvents(ctx, platform.EventFilter{StartsBefore: s.Now(), Descending: true, Limit: 3})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.Render(c, http.StatusOK, "home", "home", s.Bundle.Localizer(lang).T("site.name"), map[string]any{
		"Countries": platform.Countries, "Areas": platform.Areas,
		"Documents": cards(docs, lang), "Upcoming": eventCards(upcoming, lang), "Recent": eventCards(recent, lang),
	})
}

func (s *Server) eventsPage(c *gin.Context) {
	lang := Lang(c)
	events, err := s.Events.FindEvents(c.Request.Context(), platform.EventFilter{Descending: true, Limit: 100})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.Render(c, http.StatusOK, "events", "events", s.Bundle.Localizer(lang).T("events.title"), map[string]any{
		"Events": eventCards(events, lang), "Now": s.Now(),
	})
}

// simplePage serves a section whose content later work fills in: it says
// what the section is for.
func (s *Server) simplePage(name string) gin.HandlerFunc {
	return func(c *gin.Context) {
		l := s.Localizer(c)
		s.Render(c, http.StatusOK, "simple", name, l.T(name+".title"), map[string]any{
			"Heading": l.T(name + ".title"), "Intro": l.T(name + ".intro"),
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
