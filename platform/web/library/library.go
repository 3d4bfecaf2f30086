// Package library serves the library's part of the hub: documents (pages,
// forms, versions, the JSON API and its bulk import), their attachments,
// search with facets and suggestions, the UNCAC articles' pages and the
// Atom feed. It is a web.Module.
package library

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Module is the library. Fields are set once, before the server's handler
// is built.
type Module struct {
	// Documents are the library's records.
	Documents platform.DocumentService
	// Search answers the library's searches and suggestions (over every
	// record type the reader may see).
	Search platform.SearchService
	// Attachments keeps documents' files; MaxUpload is the largest file
	// accepted (default DefaultMaxUpload) and TempDir where uploads wait
	// while they are checked (default the system's).
	Attachments platform.AttachmentService
	MaxUpload   int64
	TempDir     string
	// ArticleSections add parts to the UNCAC article pages (the records of
	// other capabilities tagged with the article).
	ArticleSections []ArticleSection
	// DocumentSections add parts to the documents' pages.
	DocumentSections []DocumentSection
	// SearchSlots is how many searches run at once (default two per
	// processor); SearchQueueWait how long a search waits for its turn
	// (default 10 s). See searchWithin.
	SearchSlots     int
	SearchQueueWait time.Duration
}

var _ web.Module = (*Module)(nil)

// server is the module's handlers: the web core's helpers and the module's
// services.
type server struct {
	*web.Server
	*Module
	searchSlots chan struct{}
}

// libraryPages are the templates of the library's pages.
var libraryPages = []string{"library", "search", "document", "provision", "versions", "docform", "uncac", "article"}

// libraryFuncs are the template functions the library's pages add.
var libraryFuncs = template.FuncMap{
	"markdown":  renderMarkdown,
	"humanSize": humanSize,
	"langName":  langName,
	"upper":     strings.ToUpper,
}

// Register implements web.Module: the documents' API and its bulk import,
// search and suggestions, and the library's pages (search with facets,
// documents, provisions, versions, forms, attachments, the UNCAC articles,
// the Atom feed).
func (m *Module) Register(r *web.Router) error {
	if err := r.ParsePages(templates, libraryFuncs, libraryPages...); err != nil {
		return err
	}
	slots := m.SearchSlots
	if slots <= 0 {
		slots = searchesPerCore * runtime.GOMAXPROCS(0)
	}
	s := &server{Server: r.Server(), Module: m, searchSlots: make(chan struct{}, slots)}
	api, p := r.API, r.Pages
	api.GET("/documents", s.listDocuments)
	api.POST("/documents", s.createDocument)
	api.GET("/documents/:id", s.getDocument)
	api.PUT("/documents/:id", s.updateDocument)
	api.DELETE("/documents/:id", s.deleteDocument)
	api.POST("/documents/import", s.importDocuments)
	api.GET("/documents/:id/versions", s.apiVersions)
	api.GET("/documents/:id/versions/:version", s.apiVersion)
	api.GET("/documents/:id/attachments", s.apiAttachments)
	api.POST("/documents/:id/attachments", s.apiUpload)
	api.GET("/documents/:id/attachments/:attachmentId", s.download)
	api.DELETE("/documents/:id/attachments/:attachmentId", s.apiDeleteAttachment)
	api.GET("/search", s.search)
	api.GET("/suggest", s.suggest)

	p.GET("/library", s.library)
	p.GET("/search", s.hubSearch)
	p.GET("/library/new", s.newDocumentForm)
	p.POST("/library/new", s.createDocumentForm)
	p.GET("/library/:id", s.documentPage)
	p.GET("/library/:id/edit", s.editDocumentForm)
	p.POST("/library/:id/edit", s.updateDocumentForm)
	p.GET("/library/:id/p/:key", s.provisionPage)
	p.GET("/library/:id/versions", s.versionsPage)
	p.POST("/library/:id/attachments", s.uploadPage)
	p.GET("/library/:id/attachments/:attachmentId", s.download)
	p.GET("/uncac", s.uncacIndex)
	p.GET("/uncac/:n", s.articlePage)
	p.GET("/feed.atom", s.feed)
	r.AddSitemap(s.sitemap)
	return nil
}

// sitemap lists the library's public pages: its list, the Convention's
// index and articles, and every document the public may read.
func (s *server) sitemap(ctx context.Context) ([]web.SitemapEntry, error) {
	out := []web.SitemapEntry{{Path: "/library"}, {Path: "/uncac"}}
	for n := 1; n <= 71; n++ {
		out = append(out, web.SitemapEntry{Path: "/uncac/" + strconv.Itoa(n)})
	}
	for offset := 0; ; offset += 100 {
		docs, total, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{Offset: offset, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			out = append(out, web.SitemapEntry{Path: "/library/" + url.PathEscape(d.ID), Modified: d.UpdatedAt})
		}
		if len(docs) == 0 || offset+len(docs) >= total {
			return out, nil
		}
	}
}

// langName is a language's name in itself ("Қазақша"), or the code.
func langName(code string) string { return i18n.Name(code) }

// humanSize writes a file size for people.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// hitView is a search hit as the library lists it.
type hitView struct {
	platform.SearchHit
	URL       string
	Fallback  bool
	Provision bool
}

// chip is an active filter with the address that removes it.
type chip struct {
	Label, RemoveURL string
}

// filterGroup is one facet of the library's filter form.
type filterGroup struct {
	Name   string
	Legend string
	// Radio makes the options exclusive (year), with an "any" option.
	Radio bool
	// Fold puts a long list in a disclosure, open when one of its values is
	// chosen (it works without script).
	Fold, Open bool
	AnyText    string
	Options    []filterOption
}

type filterOption struct {
	Name, Value, Label string
	// Lang is the language of Label when it is not the page's (a
	// language's own name).
	Lang    string
	Count   int
	Checked bool
}

// facetOptions lists a facet's values with their counts, in the order of
// values (nil: by count); values without hits are left out unless they are
// selected, so that no filter leads to nothing.
func facetOptions(name string, values []string, counts []platform.FacetValue, selected []string, label func(string) string) []filterOption {
	count := map[string]int{}
	for _, fv := range counts {
		count[fv.Value] = fv.Count
	}
	if values == nil {
		for _, fv := range counts {
			values = append(values, fv.Value)
		}
		for _, v := range selected {
			if !slices.Contains(values, v) {
				values = append(values, v)
			}
		}
	}
	var out []filterOption
	for _, v := range values {
		checked := slices.Contains(selected, v)
		if count[v] == 0 && !checked {
			continue
		}
		out = append(out, filterOption{Name: name, Value: v, Label: label(v), Count: count[v], Checked: checked})
	}
	return out
}

// articleLabel names an UNCAC article in the reader's language.
func articleLabel(l *i18n.Localizer, lang string, n int) string {
	label := l.T("uncac.article", map[string]any{"Number": n})
	if a, ok := platform.ArticleByNumber(n); ok {
		if t, _ := platform.PickText(a.Title, i18n.Chain(lang), func(s string) string { return s }); t != "" {
			label += ". " + t
		}
	}
	return label
}

// withoutParam returns the query with one value of a parameter removed (and
// the page reset).
func withoutParam(q url.Values, name, value string) string {
	out := url.Values{}
	for k, vs := range q {
		if k == "page" {
			continue
		}
		for _, v := range vs {
			for _, part := range strings.Split(v, ",") {
				part = strings.TrimSpace(part)
				if part != "" && !(k == name && part == value) {
					out.Add(k, part)
				}
			}
		}
	}
	return "?" + out.Encode()
}

func (s *server) library(c *gin.Context) {
	lang := web.Lang(c)
	q, err := s.searchQuery(c, lang)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	browsing := strings.TrimSpace(q.Text) == ""
	switch {
	case slices.Equal(q.Types, []platform.RecordType{platform.TypeExpert}):
		// The experts' list searches here for experts only (type=expert):
		// the index answers with the profiles the reader may see.
	case len(q.Types) > 0 && !slices.ContainsFunc(q.Types, func(t platform.RecordType) bool {
		return t != platform.TypeCommitment && t != platform.TypeRecommendation
	}):
		// The roadmap's pages search here for its items and
		// recommendations (type=commitment, type=recommendation).
	case browsing:
		// Without words there is no relevance: newest first, documents
		// only (their provisions are reached through them).
		if q.Sort == "" {
			q.Sort = "date"
		}
		q.Types = []platform.RecordType{platform.TypeDocument}
	default:
		q.Types = []platform.RecordType{platform.TypeDocument, platform.TypeProvision}
	}
	q.Facets = true
	res, err := s.searchWithin(c.Request.Context(), q)
	if err != nil {
		if platform.ErrorCode(err) != platform.Invalid {
			s.WriteError(c, err)
			return
		}
		// A query the engine cannot run: say so on the page, keep the box.
		c.Status(http.StatusBadRequest)
		_, msg := s.Explain(c, err)
		s.renderLibrary(c, q, &platform.SearchResult{}, msg)
		return
	}
	s.renderLibrary(c, q, res, "")
}

func (s *server) renderLibrary(c *gin.Context, q platform.SearchQuery, res *platform.SearchResult, problem string) {
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	query := c.Request.URL.Query()
	hits := s.hitViews(lang, res)
	size := max(q.Size, 1)
	pages := (res.Total + size - 1) / size
	selected := func(name string) []string { return web.SplitList(query[name]) }
	var articles []string
	for _, fv := range res.Facets["article"] {
		articles = append(articles, fv.Value)
	}
	slices.SortFunc(articles, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
	groups := []filterGroup{
		{Name: "kind", Legend: l.T("document.kind"), Options: facetOptions("kind", platform.DocumentKinds(), res.Facets["kind"], selected("kind"),
			func(v string) string { return l.T("kind." + v) })},
		{Name: "country", Legend: l.T("document.countries"), Options: facetOptions("country", append(slices.Clip(platform.Countries()), "other"), res.Facets["country"], selected("country"),
			func(v string) string { return l.T("country." + v) })},
		{Name: "area", Legend: l.T("document.areas"), Options: facetOptions("area", platform.Areas(), res.Facets["area"], selected("area"),
			func(v string) string { return l.T("area." + v) })},
		{Name: "article", Legend: l.T("document.uncac_articles"), Options: facetOptions("article", articles, res.Facets["article"], selected("article"),
			func(v string) string { n, _ := strconv.Atoi(v); return articleLabel(l, lang, n) })},
		{Name: "status", Legend: l.T("library.status"), Options: facetOptions("status", statusNames(platform.DocumentStatuses()), res.Facets["status"], selected("status"),
			func(v string) string { return l.T("doc_status." + v) })},
		{Name: "language", Legend: l.T("library.languages"), Options: facetOptions("language", platform.Languages(), res.Facets["language"], selected("language"), langName)},
	}
	var years []string
	for _, fv := range res.Facets["year"] {
		years = append(years, fv.Value)
	}
	slices.Sort(years)
	slices.Reverse(years)
	yearSel := []string{}
	if q.Year > 0 {
		yearSel = []string{strconv.Itoa(q.Year)}
	}
	groups = append(groups, filterGroup{Name: "year", Legend: l.T("library.year"), Radio: true, AnyText: l.T("library.any_year"),
		Options: facetOptions("year", years, res.Facets["year"], yearSel, func(v string) string { return v })})
	for i := range groups {
		g := &groups[i]
		if g.Name == "language" {
			for j := range g.Options {
				g.Options[j].Lang = g.Options[j].Value
			}
		}
		if len(g.Options) > 12 {
			g.Fold = true
			g.Open = slices.ContainsFunc(g.Options, func(o filterOption) bool { return o.Checked })
		}
	}
	var chips []chip
	for _, g := range groups {
		for _, o := range g.Options {
			if o.Checked {
				chips = append(chips, chip{Label: g.Legend + ": " + o.Label, RemoveURL: withoutParam(query, g.Name, o.Value)})
			}
		}
	}
	next, prev := url.Values{}, url.Values{}
	for k, v := range query {
		next[k], prev[k] = v, v
	}
	next.Set("page", strconv.Itoa(q.Page+1))
	prev.Set("page", strconv.Itoa(q.Page-1))
	sort := q.Sort
	if sort == "" {
		sort = "relevance"
	}
	feed := url.Values{}
	for _, name := range []string{"country", "area"} {
		for _, v := range selected(name) {
			feed.Add(name, v)
		}
	}
	feedURL := "/" + lang + "/feed.atom"
	if len(feed) > 0 {
		feedURL += "?" + feed.Encode()
	}
	web.AddFeed(c, feedURL, l.T("library.title"))
	s.Render(c, statusOr(c, http.StatusOK), "library", "library", l.T("library.title"), map[string]any{
		"Query": q.Text, "Sort": sort, "Browsing": strings.TrimSpace(q.Text) == "", "Problem": problem,
		"Hits": hits, "Total": res.Total, "Page": q.Page, "Pages": pages, "Start": (q.Page-1)*size + 1,
		"HasNext": q.Page < pages, "NextURL": "?" + next.Encode(), "PrevURL": "?" + prev.Encode(),
		"Filters": groups, "Chips": chips, "ClearURL": "?" + url.Values{"q": {q.Text}}.Encode(),
		"FeedURL": feedURL, "CanCreate": platform.CanCreate(web.User(c)),
		"DidYouMean": res.DidYouMean, "Relaxed": res.Relaxed,
	})
}

// statusOr is the status a handler already chose (c.Status), or def.
func statusOr(c *gin.Context, def int) int {
	if c.Writer.Status() != http.StatusOK {
		return c.Writer.Status()
	}
	return def
}

// statusNames are document statuses as the facet names them.
func statusNames(sts []platform.DocumentStatus) []string {
	out := make([]string, len(sts))
	for i, st := range sts {
		out[i] = string(st)
	}
	return out
}
