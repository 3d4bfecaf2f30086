package library

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// ArticleSection adds a part to an UNCAC article's page: the records of
// another kind tagged with the article (commitments, trainings, experts, as
// those land). It returns nothing to leave the page without it; the user
// in ctx sees only what they may.
type ArticleSection func(ctx context.Context, lang string, article int) (*ArticleItems, error)

// DocumentSection adds a part to a library document's page: the records of
// another kind that use it (the trainings it was material of). It returns
// nothing to leave the page without it; the user in ctx sees only what they
// may.
type DocumentSection func(ctx context.Context, lang, docID string) (*ArticleItems, error)

// ArticleItems is a section of an article's or a document's page.
type ArticleItems struct {
	Heading string
	Items   []ArticleItem
	// MoreURL, when set, lists everything.
	MoreURL string
}

// ArticleItem is one record in a section of an article's page.
type ArticleItem struct {
	Title, TitleLang, URL, Meta string
}

// chapterView is a chapter of the Convention on the index page.
type chapterView struct {
	Number, Title, TitleLang string
	Articles                 []articleEntry
}

type articleEntry struct {
	Number          int
	Title, TitleLng string
	Count           int
}

func (s *server) uncacIndex(c *gin.Context) {
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	chain := i18n.Chain(lang)
	counts := map[int]int{}
	res, err := s.Search.Search(c.Request.Context(), platform.SearchQuery{Lang: lang, Types: []platform.RecordType{platform.TypeDocument}, Facets: true, Size: 1})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	for _, fv := range res.Facets["article"] {
		n, _ := strconv.Atoi(fv.Value)
		counts[n] = fv.Count
	}
	var chapters []chapterView
	for _, ch := range platform.Chapters() {
		t, tl := platform.PickText(ch.Title, chain, func(s string) string { return s })
		cv := chapterView{Number: ch.Number, Title: t, TitleLang: tl}
		for _, n := range ch.Articles {
			a, _ := platform.ArticleByNumber(n)
			at, atl := platform.PickText(a.Title, chain, func(s string) string { return s })
			cv.Articles = append(cv.Articles, articleEntry{Number: n, Title: at, TitleLng: atl, Count: counts[n]})
		}
		chapters = append(chapters, cv)
	}
	s.Render(c, http.StatusOK, "uncac", "library", l.T("uncac.title"), map[string]any{"Chapters": chapters})
}

// countryGroup is the documents of one country on an article's page.
type countryGroup struct {
	Code, Name string
	Documents  []articleDoc
}

// articleDoc is a document tagged with an article, with the provisions of
// it that are tagged too, shown as extracts.
type articleDoc struct {
	ID, Title, TitleLang, Kind, URL string
	Provisions                      []provisionView
}

func (s *server) articlePage(c *gin.Context) {
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	chain := i18n.Chain(lang)
	n, err := strconv.Atoi(c.Param("n"))
	a, ok := platform.ArticleByNumber(n)
	if err != nil || !ok {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.not_found", nil, "no article %q", c.Param("n")))
		return
	}
	ctx := c.Request.Context()
	title, titleLang := platform.PickText(a.Title, chain, func(s string) string { return s })
	text, textLang := platform.PickText(a.Text, chain, func(s string) string { return s })
	chapter, _ := platform.ChapterByNumber(a.Chapter)
	chapterTitle, chapterLang := platform.PickText(chapter.Title, chain, func(s string) string { return s })

	const limit = 100
	docs, total, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{Articles: []int{n}, Limit: limit})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var groups []countryGroup
	byCode := map[string]int{}
	for _, code := range append(slices.Clip(platform.Countries()), "") {
		name := l.T("uncac.regional")
		if code != "" {
			name = l.T("country." + code)
		}
		byCode[code] = len(groups)
		groups = append(groups, countryGroup{Code: code, Name: name})
	}
	var convention []articleDoc
	for _, d := range docs {
		t, tl := d.Title(chain)
		ad := articleDoc{ID: d.ID, Title: t, TitleLang: tl, Kind: d.Kind, URL: "/" + lang + "/library/" + d.ID}
		for _, p := range d.Provisions {
			if slices.Contains(p.UncacArticles, n) {
				ad.Provisions = append(ad.Provisions, provisionSummary(l, d.ID, p, lang, lang))
			}
		}
		if d.Kind == "convention" {
			convention = append(convention, ad)
			continue
		}
		// A document of one member state goes under it; one of several
		// (a regional report, a course for all five) or of none under
		// "regional and international", once.
		i := byCode[""]
		if len(d.Countries) == 1 {
			if j, ok := byCode[d.Countries[0]]; ok {
				i = j
			}
		}
		groups[i].Documents = append(groups[i].Documents, ad)
	}
	var sections []*ArticleItems
	for _, section := range s.ArticleSections {
		items, err := section(ctx, lang, n)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		if items != nil {
			sections = append(sections, items)
		}
	}
	var prev, next int
	if _, ok := platform.ArticleByNumber(n - 1); ok {
		prev = n - 1
	}
	if _, ok := platform.ArticleByNumber(n + 1); ok {
		next = n + 1
	}
	textFallback := ""
	if textLang != "" && textLang != lang {
		textFallback = langName(textLang)
	}
	s.Render(c, http.StatusOK, "article", "library", l.T("uncac.article", map[string]any{"Number": n})+". "+title, map[string]any{
		"Number": n, "Title": title, "TitleLang": titleLang, "Text": text, "TextLang": textLang, "TextFallback": textFallback,
		"Chapter": a.Chapter, "ChapterTitle": chapterTitle, "ChapterLang": chapterLang,
		"Convention": convention, "Groups": groups, "Total": total, "More": total > len(docs),
		"LibraryURL": "/" + lang + "/library?article=" + strconv.Itoa(n), "Sections": sections, "Prev": prev, "Next": next,
	})
}
