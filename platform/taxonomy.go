package platform

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Languages are the hub's content and interface languages, in display order.
func Languages() []string { return []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"} }

// Countries are the platform's member states, by ISO 3166-1 alpha-2 code.
func Countries() []string { return []string{"KZ", "KG", "TJ", "TM", "UZ"} }

// Areas are the platform's four thematic areas.
func Areas() []string {
	return []string{"prevention", "private_sector", "asset_recovery", "criminalization"}
}

// DocumentKinds are the kinds of library documents.
func DocumentKinds() []string {
	return []string{
		"convention", "model_law", "national_law", "regulation", "strategy", "guideline",
		"training", "course", "video", "report", "case",
	}
}

// Visibilities, from the widest audience to the narrowest.
const (
	Public      = "public"
	Members     = "members"
	Secretariat = "secretariat"
)

// Visibilities lists the record visibilities.
func Visibilities() []string { return []string{Public, Members, Secretariat} }

// Article is one article of the UN Convention against Corruption.
type Article struct {
	Number  int    `json:"article"`
	Chapter string `json:"chapter"`
	// Title is the article's title in each of Languages.
	Title map[string]string `json:"title"`
	// Text is the article's text by language; English only for now.
	Text map[string]string `json:"text"`
}

// Chapter is one chapter (I–VIII) of the Convention.
type Chapter struct {
	// Number is the chapter's Roman numeral, as in Article.Chapter.
	Number string `json:"number"`
	// Title is the chapter's title in each of Languages.
	Title map[string]string `json:"title"`
	// Articles are the numbers of the chapter's articles, in order.
	Articles []int `json:"articles"`
}

//go:embed data/uncac.json
var uncacJSON []byte

// taxonomyJSON names the Convention's chapters and articles, the thematic
// areas and the countries in every language of the hub.
//
//go:embed data/taxonomy.json
var taxonomyJSON []byte

// taxonomyNames is the decoded data/taxonomy.json.
type taxonomyNames struct {
	Chapters  map[string]map[string]string `json:"chapters"`
	Articles  map[string]map[string]string `json:"articles"`
	Areas     map[string]map[string]string `json:"areas"`
	Countries map[string]map[string]string `json:"countries"`
}

// taxonomy holds the taxonomies decoded once from the embedded files.
type taxonomy struct {
	articles []Article
	chapters []Chapter
	names    taxonomyNames
}

var loadTaxonomy = sync.OnceValue(func() *taxonomy {
	t, err := parseTaxonomy(uncacJSON, taxonomyJSON)
	if err != nil {
		// The files are embedded at build time; a broken copy is a build
		// defect, which the package's tests catch.
		panic("platform: " + err.Error())
	}
	return t
})

// parseTaxonomy reads the Convention's text and the taxonomy names, and
// checks that every chapter, article, area and country is named in every
// language.
func parseTaxonomy(uncac, names []byte) (*taxonomy, error) {
	var f struct {
		Articles []Article `json:"articles"`
	}
	if err := json.Unmarshal(uncac, &f); err != nil {
		return nil, fmt.Errorf("embedded uncac.json: %w", err)
	}
	t := &taxonomy{articles: f.Articles}
	if err := json.Unmarshal(names, &t.names); err != nil {
		return nil, fmt.Errorf("embedded taxonomy.json: %w", err)
	}
	complete := func(what string, m map[string]string) error {
		for _, lang := range Languages() {
			if strings.TrimSpace(m[lang]) == "" {
				return fmt.Errorf("taxonomy.json: %s has no %s name", what, lang)
			}
		}
		return nil
	}
	for i := range t.articles {
		a := &t.articles[i]
		if a.Number != i+1 {
			return nil, fmt.Errorf("uncac.json: article %d is at position %d", a.Number, i+1)
		}
		title := t.names.Articles[strconv.Itoa(a.Number)]
		if err := complete(fmt.Sprintf("article %d", a.Number), title); err != nil {
			return nil, err
		}
		// The titles come from taxonomy.json alone, and the text keeps only
		// the hub's languages (the source file also has Dutch), so that no
		// other language reaches pages or the index.
		a.Title = make(map[string]string, len(Languages()))
		for _, lang := range Languages() {
			a.Title[lang] = title[lang]
		}
		maps.DeleteFunc(a.Text, func(lang, _ string) bool { return !ValidLanguage(lang) })
		if n := len(t.chapters); n == 0 || t.chapters[n-1].Number != a.Chapter {
			title := t.names.Chapters[a.Chapter]
			if err := complete("chapter "+a.Chapter, title); err != nil {
				return nil, err
			}
			t.chapters = append(t.chapters, Chapter{Number: a.Chapter, Title: title})
		}
		c := &t.chapters[len(t.chapters)-1]
		c.Articles = append(c.Articles, a.Number)
	}
	if len(t.names.Articles) != len(t.articles) || len(t.names.Chapters) != len(t.chapters) {
		return nil, fmt.Errorf("taxonomy.json names %d articles and %d chapters, the Convention has %d and %d",
			len(t.names.Articles), len(t.names.Chapters), len(t.articles), len(t.chapters))
	}
	for _, code := range Areas() {
		if err := complete("area "+code, t.names.Areas[code]); err != nil {
			return nil, err
		}
	}
	for _, code := range append(slices.Clip(Countries()), "other") {
		if err := complete("country "+code, t.names.Countries[code]); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// Articles returns the Convention's articles 1–71 in order. The slice is
// shared: do not modify it.
func Articles() []Article { return loadTaxonomy().articles }

// ArticleByNumber returns article n and whether it exists.
func ArticleByNumber(n int) (Article, bool) {
	a := loadTaxonomy().articles
	if n < 1 || n > len(a) {
		return Article{}, false
	}
	return a[n-1], true
}

// Chapters returns the Convention's chapters I–VIII in order. The slice is
// shared: do not modify it.
func Chapters() []Chapter { return loadTaxonomy().chapters }

// ChapterByNumber returns the chapter with the Roman numeral n ("III") and
// whether it exists.
func ChapterByNumber(n string) (Chapter, bool) {
	for _, c := range loadTaxonomy().chapters {
		if c.Number == n {
			return c, true
		}
	}
	return Chapter{}, false
}

// AreaNames returns the names of a thematic area (one of Areas) by language
// code, or nil for an unknown area. The map is the caller's.
func AreaNames(code string) map[string]string {
	return maps.Clone(loadTaxonomy().names.Areas[code])
}

// CountryNames returns the names of a country (one of Countries, or
// "other") by language code, or nil for an unknown code. The map is the
// caller's.
func CountryNames(code string) map[string]string {
	return maps.Clone(loadTaxonomy().names.Countries[code])
}

// ValidLanguage reports whether code is one of Languages.
func ValidLanguage(code string) bool { return slices.Contains(Languages(), code) }
