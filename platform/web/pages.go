package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io/fs"
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

var pageNames = []string{"error"}

func parsePages() (*pageSet, error) {
	ps := &pageSet{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := parsePage(assets, nil, name)
		if err != nil {
			return nil, err
		}
		ps.byName[name] = t
	}
	return ps, nil
}

// parsePage parses the page templates/<name>.html of fsys with the layout.
func parsePage(fsys fs.FS, more template.FuncMap, name string) (*template.Template, error) {
	t, err := template.New("layout.html").Funcs(funcs).Funcs(more).ParseFS(assets, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	return t.ParseFS(fsys, "templates/"+name+".html")
}

// funcs are the template functions every page may use.
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
	// static is the fingerprinted address of a static file (static.go).
	"static": staticURL,
	"date":   func(t time.Time) string { return t.Format("2006-01-02") },
	"add":    func(a, b int) int { return a + b },
	"sub":    func(a, b int) int { return a - b },
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
	// Unread is how many notifications the signed-in user has not read.
	Unread int
	// Refresh, when positive, has the browser reload the page after that
	// many seconds (a progress page that works without JavaScript).
	Refresh int
	// Head is what the page's head says of it to search engines, link
	// previews and feed readers (Describe, AddFeed).
	Head Head
}

// Head is what a page's head says of it: its canonical address and its
// languages' as absolute URLs (x-default: English), a description and Open
// Graph type for search engines and link previews, and its feed.
type Head struct {
	Canonical, XDefault string
	Description         string
	// Type is the Open Graph type: "website", or "article" for a record.
	Type string
	// Locale is the page's language as Open Graph writes it (ru_RU).
	Locale             string
	FeedURL, FeedTitle string
}

// ogLocales are the languages with the country Open Graph names them by.
var ogLocales = map[string]string{"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ", "ky": "ky_KG", "tg": "tg_TJ", "tk": "tk_TM", "uz": "uz_UZ"}

// Keys of what a handler says of its page's head.
const (
	describeKey = "web.describe"
	articleKey  = "web.article"
	feedKey     = "web.feed"
)

// Describe gives the page rendered next for c a description of its own
// (search engines and link previews show it; default: the site's tagline),
// and marks it an article (a record's page) for Open Graph. The text is cut
// to about 300 characters at a word.
func Describe(c *gin.Context, description string) {
	c.Set(describeKey, shorten(strings.Join(strings.Fields(description), " "), 300))
	c.Set(articleKey, true)
}

// AddFeed names the Atom feed of the page rendered next for c (a path or
// URL and its title), which the head links for feed readers.
func AddFeed(c *gin.Context, url, title string) { c.Set(feedKey, [2]string{url, title}) }

// shorten cuts s to at most n runes, at a space when one is near, with an
// ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// refreshKey is the context key of a page's Refresh.
const refreshKey = "web.refresh"

// Refresh has the page rendered next for c reload itself every seconds:
// a page showing a job's progress, without JavaScript.
func Refresh(c *gin.Context, seconds int) { c.Set(refreshKey, seconds) }

// LangLink is a language as a page links it: the site in that language, a
// record's text in it, a choice of a form.
type LangLink struct {
	Code, Name, URL string
	// Abs is URL with the hub's public address (hreflang links).
	Abs     string
	Current bool
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

// Render answers with a page: page names a template (the core's or one a
// module added with ParsePages), nav the entry of the main menu marked as
// current, title the page's title; data is the template's .Data. The page is
// executed into a buffer first, so that a template error becomes a clean 500
// rather than half a page.
func (s *Server) Render(c *gin.Context, status int, page, nav, title string, data any) {
	lang := Lang(c)
	l := s.Bundle.Localizer(lang)
	path := strings.TrimPrefix(c.Request.URL.Path, "/"+c.Param("lang"))
	if path == "" || c.Param("lang") == "" {
		path = "/"
	}
	v := view{Lang: lang, Dir: "ltr", L: l, Path: path, Nav: nav, Title: title, Data: data, User: User(c), Refresh: c.GetInt(refreshKey)}
	if v.User != nil && s.Unread != nil {
		v.Unread = s.Unread(c.Request.Context())
	}
	base := s.PublicURL()
	for _, lg := range i18n.Languages() {
		u := "/" + lg.Code + path
		if c.Request.URL.RawQuery != "" {
			u += "?" + c.Request.URL.RawQuery
		}
		v.Languages = append(v.Languages, LangLink{Code: lg.Code, Name: lg.Name, URL: u, Abs: base + u, Current: lg.Code == lang})
		if lg.Code == lang {
			v.Head.Canonical = base + u
		}
		if lg.Code == "en" {
			v.Head.XDefault = base + u
		}
	}
	v.Head.Description = l.T("site.tagline")
	v.Head.Locale = ogLocales[lang]
	v.Head.Type = "website"
	if d := c.GetString(describeKey); d != "" {
		v.Head.Description = d
	}
	if c.GetBool(articleKey) {
		v.Head.Type = "article"
	}
	if f, ok := c.Get(feedKey); ok {
		feed := f.([2]string)
		v.Head.FeedURL, v.Head.FeedTitle = feed[0], feed[1]
		if strings.HasPrefix(v.Head.FeedURL, "/") {
			v.Head.FeedURL = base + v.Head.FeedURL
		}
	}
	var buf bytes.Buffer
	if err := s.pages.byName[page].Execute(&buf, v); err != nil {
		s.Logger.Error("render page", "page", page, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(l.T("error.internal")))
		return
	}
	c.Header("Content-Language", lang)
	if status == http.StatusOK && notModified(c, buf.Bytes()) {
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// notModified gives a page an ETag, the hash of its bytes as this reader
// gets them (their name, language and rights are in them), and answers 304
// when the reader's copy has it: the page is still built, but not sent
// again. The tag is weak (W/): the same page compressed or not is the same
// page. "private, no-cache" keeps shared caches from storing a page that may
// be one reader's, and has browsers ask each time. A page that must not be
// stored (no-store: a form with what was typed) gets no tag.
func notModified(c *gin.Context, body []byte) bool {
	if m := c.Request.Method; m != http.MethodGet && m != http.MethodHead {
		return false
	}
	cc := c.Writer.Header().Get("Cache-Control")
	if strings.Contains(cc, "no-store") {
		return false
	}
	if cc == "" {
		c.Header("Cache-Control", "private, no-cache")
	}
	sum := sha256.Sum256(body)
	tag := `W/"p` + hex.EncodeToString(sum[:12]) + `"`
	c.Header("ETag", tag)
	if !etagListHas(c.GetHeader("If-None-Match"), tag) {
		return false
	}
	c.Status(http.StatusNotModified)
	c.Writer.WriteHeaderNow()
	return true
}

// etagListHas reports whether an If-None-Match list names tag, by weak
// comparison (RFC 9110 13.1.2): W/ prefixes do not count.
func etagListHas(list, tag string) bool {
	if strings.TrimSpace(list) == "*" {
		return true
	}
	tag = strings.TrimPrefix(tag, "W/")
	for t := range strings.SplitSeq(list, ",") {
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == tag {
			return true
		}
	}
	return false
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

// NotFound answers that there is no such page or API route (404), in the
// language of the path's prefix for a page.
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
