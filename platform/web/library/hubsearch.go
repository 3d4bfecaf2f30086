package library

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The search of the whole hub (/{lang}/search), where the front page's box
// leads: one query over every kind of record the reader may see, answered
// in groups, a group per kind of record, each with its first hits, its
// count and a link to all of them. The library keeps its own search with
// its filters; the other sections' lists link here for a query.

// searchGroup is one kind of record on the hub's search page.
type searchGroup struct {
	// Name is the group's value of the type parameter.
	Name string
	// Types are the record types the group holds.
	Types []platform.RecordType
	// Heading is the group's heading's message id.
	Heading string
}

// searchGroups are the groups in the order the page shows them.
var searchGroups = []searchGroup{
	{"document", []platform.RecordType{platform.TypeDocument, platform.TypeProvision}, "search.group_documents"},
	{"event", []platform.RecordType{platform.TypeEvent}, "search.group_events"},
	{"expert", []platform.RecordType{platform.TypeExpert}, "search.group_experts"},
	{"roadmap", []platform.RecordType{platform.TypeCommitment, platform.TypeRecommendation}, "search.group_roadmap"},
}

// groupFirst is how many hits a group shows on the page of every group.
const groupFirst = 5

// groupView is a group as the page shows it.
type groupView struct {
	Name, Heading string
	Total         int
	Hits          []hitView
	// AllURL lists all of the group's hits.
	AllURL string
}

// hubSearch is the hub's search page: every group's first hits, or with
// type= one group's hits page by page.
func (s *server) hubSearch(c *gin.Context) {
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	text := c.Query("q")
	only := c.Query("type")
	var group *searchGroup
	if only != "" {
		for i := range searchGroups {
			if searchGroups[i].Name == only {
				group = &searchGroups[i]
			}
		}
		if group == nil {
			s.WriteError(c, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "type=" + only}, "unknown search group %q", only))
			return
		}
	}
	page, err := web.IntQuery(c, "page")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	base := platform.SearchQuery{Text: text, Lang: lang, Fallback: i18n.Chain(lang)[1:], Page: page}
	if err := base.Validate(); err != nil {
		s.WriteError(c, err)
		return
	}
	data := map[string]any{"Query": text, "Only": only}
	title := l.T("search.title")
	if strings.TrimSpace(text) == "" {
		s.Render(c, http.StatusOK, "search", "library", title, data)
		return
	}
	if group != nil {
		q := base
		q.Types = group.Types
		res, err := s.searchWithin(c.Request.Context(), q)
		if err != nil {
			s.searchFailed(c, err, title, data)
			return
		}
		size := platform.DefaultSearchSize
		pages := (res.Total + size - 1) / size
		pg := max(page, 1)
		next := url.Values{"q": {text}, "type": {only}, "page": {strconv.Itoa(pg + 1)}}
		prev := url.Values{"q": {text}, "type": {only}, "page": {strconv.Itoa(pg - 1)}}
		data["Groups"] = []groupView{{Name: group.Name, Heading: l.T(group.Heading), Total: res.Total, Hits: s.hitViews(lang, res)}}
		data["Result"] = res
		data["Page"], data["Pages"], data["Start"] = pg, pages, (pg-1)*size+1
		data["NextURL"], data["PrevURL"] = "?"+next.Encode(), "?"+prev.Encode()
		data["AllURL"] = "?" + url.Values{"q": {text}}.Encode()
		s.Render(c, http.StatusOK, "search", "library", title, data)
		return
	}
	if page > 1 {
		s.WriteError(c, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "page=" + strconv.Itoa(page)}, "page without type"))
		return
	}
	var groups []groupView
	var first *platform.SearchResult // the documents' answer carries the spelling suggestion
	for _, g := range searchGroups {
		q := base
		q.Types, q.Size = g.Types, groupFirst
		res, err := s.searchWithin(c.Request.Context(), q)
		if err != nil {
			s.searchFailed(c, err, title, data)
			return
		}
		if first == nil {
			first = res
		}
		if res.Total == 0 {
			continue
		}
		all := "?" + url.Values{"q": {text}, "type": {g.Name}}.Encode()
		if g.Name == "document" {
			all = "/" + lang + "/library?" + url.Values{"q": {text}}.Encode()
		}
		groups = append(groups, groupView{Name: g.Name, Heading: l.T(g.Heading), Total: res.Total, Hits: s.hitViews(lang, res), AllURL: all})
	}
	data["Groups"] = groups
	data["Result"] = first
	s.Render(c, http.StatusOK, "search", "library", title, data)
}

// hitViews are a result's hits as the pages list them.
func (s *server) hitViews(lang string, res *platform.SearchResult) []hitView {
	hits := make([]hitView, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, hitView{SearchHit: h, URL: recordURL(lang, h.Type, h.ID),
			Fallback: h.TitleLang != "" && h.TitleLang != lang, Provision: h.Type == platform.TypeProvision})
	}
	return hits
}

// searchFailed answers a search the engine refused on the page (the box
// kept, the reason said) and any other failure as an error.
func (s *server) searchFailed(c *gin.Context, err error, title string, data map[string]any) {
	if platform.ErrorCode(err) != platform.Invalid {
		s.WriteError(c, err)
		return
	}
	_, msg := s.Explain(c, err)
	data["Problem"] = msg
	s.Render(c, http.StatusBadRequest, "search", "library", title, data)
}
