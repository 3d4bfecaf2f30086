package bleve

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ca-uncac/hub/search"
)

// MappingVersion is the version of the index layout: field names, analyzers
// and what they do (including search.Fold and search.Segment). Change it
// with any of them; Open then rebuilds the index and reports rebuilt, and the
// caller re-indexes from the database. (Open also rebuilds when the mapping
// itself changes without a new version, see fingerprint.)
//
// Version 2: a folded title field, the day and parent fields, the year and
// language facets from Document.Year and Document.Languages, no date field
// (searches read dates from the day field's doc values).
//
// Version 3: search.Fold writes ц as Uzbek Latin does (s at the start of a
// word and after a consonant, ts after a vowel) and е after ъ and ь as ye.
//
// Version 4: the names field (Document.Names, analysed with
// search.FoldName) and the names' prefix field.
//
// Version 5: search.FoldName writes a word-initial ё as e ("Ёлкин" meets
// "Елкин").
//
// Version 6: search.Fold reads gh as g, dj and dzh as j, ng before a
// consonant or at the end of a word as ң, and the ALA-LC ʺ as ъ.
//
// Version 7: no "_all" field.
const MappingVersion = 7

// Fields of the indexed document. Every language has its own text fields,
// because one field name analysed differently per document silently finds
// nothing.
const (
	fieldFold      = "fold"       // all text and terms, folded: cross-script matching and typos
	fieldTitleFold = "title_fold" // the titles in every language, folded: cross-script title matches and suggestions
	fieldTerms     = "terms"      // Document.Terms, folded
	fieldTermsEN   = "terms_en"   // Document.Terms, English stemming
	fieldTermsRU   = "terms_ru"   // Document.Terms, Russian stemming
	fieldNames     = "names"      // Document.Names, each word's search.FoldName; stored (suggestions)
	fieldNamePre   = "names_pre"  // Document.Names, the FoldName of each beginning of each word (see namePrefixes)
	fieldDay       = "day"        // Document.Date as days since 1970, a keyword with doc values
	fieldParent    = "parent"     // Document.Parent, stored
)

// Parts of a language's text, with their weight in relevance.
var textParts = []struct {
	name  string
	boost float64
}{
	{"title", 3},
	{"summary", 2},
	{"body", 1},
}

// textField names the field holding part ("title", "summary", "body") of
// the text in lang.
func textField(part, lang string) string { return part + "_" + lang }

// analyzerFor returns the analyzer of lang's text fields.
func analyzerFor(lang string) string {
	switch lang {
	case "en":
		return en.AnalyzerName
	case "ru":
		return ru.AnalyzerName
	}
	return foldAnalyzerName
}

// keywordFields are the filter and facet fields, named like the facets, and
// the day field. Searches read them all from doc values (see table.go).
var keywordFields = append(search.FacetNames(), fieldDay)

// facetSize is how many values a facet returns.
func facetSize(name string) int {
	switch name {
	case search.FacetArticle:
		return search.MaxArticle
	case search.FacetYear:
		return 50
	}
	return 20
}

// newMapping returns the index mapping. Only the language text fields and
// the names are stored (snippets and suggestions need their text), and the
// parent (hits report it); the database holds everything else.
func newMapping() *mapping.IndexMappingImpl {
	text := func(analyzer string, store, positions bool) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = store
		fm.IncludeTermVectors = positions // phrases need positions
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	doc := mapping.NewDocumentStaticMapping()
	for _, lang := range search.Languages() {
		for _, p := range textParts {
			doc.AddFieldMappingsAt(textField(p.name, lang), text(analyzerFor(lang), true, true))
		}
	}
	// The fold fields repeat the text, so they keep no positions: that
	// made the index about 40% smaller in a test with the Convention's
	// text. They serve single words, prefixes, typos and suggestions;
	// phrases are matched in the language fields, where the five languages
	// without a stemmer are folded too.
	doc.AddFieldMappingsAt(fieldFold, text(foldAnalyzerName, false, false))
	doc.AddFieldMappingsAt(fieldTitleFold, text(foldAnalyzerName, false, false))
	doc.AddFieldMappingsAt(fieldTerms, text(foldAnalyzerName, false, true))
	doc.AddFieldMappingsAt(fieldTermsEN, text(en.AnalyzerName, false, true))
	doc.AddFieldMappingsAt(fieldTermsRU, text(ru.AnalyzerName, false, true))
	// Names keep positions, for a quoted full name, and are stored: a
	// suggestion may be a name.
	doc.AddFieldMappingsAt(fieldNames, text(nameAnalyzerName, true, true))
	doc.AddFieldMappingsAt(fieldNamePre, text(namePrefixAnalyzerName, false, false))
	for _, name := range keywordFields {
		fm := mapping.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store = false
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = true // filters, facets and dates, see table.go
		doc.AddFieldMappingsAt(name, fm)
	}
	parent := mapping.NewKeywordFieldMapping()
	parent.Analyzer = keyword.Name
	parent.Store = true
	parent.Index = false
	parent.IncludeTermVectors = false
	parent.IncludeInAll = false
	parent.DocValues = false
	doc.AddFieldMappingsAt(fieldParent, parent)

	// No search reads bleve's "_all" field (every query names its
	// fields), and although every field is left out of it, bleve still
	// builds and writes it for each document: 6% of indexing's CPU.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())

	im := mapping.NewIndexMapping()
	im.DefaultMapping = doc
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = foldAnalyzerName
	return im
}

// fingerprint identifies the mapping the code would create: the
// MappingVersion and a hash of the mapping. It is stored in the index, and an
// index whose fingerprint differs is rebuilt.
func fingerprint(version int) (string, error) {
	b, err := json.Marshal(newMapping())
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return fmt.Sprintf("%d/%x", version, sum[:8]), nil
}

// fields flattens d into the document bleve indexes.
func fields(d search.Document) map[string]interface{} {
	m := map[string]interface{}{}
	// Empty values are left out: they would show up as a facet value "".
	keyword := func(name string, values ...string) {
		var vs []string
		for _, v := range values {
			if v != "" && !slices.Contains(vs, v) {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			m[name] = vs
		}
	}
	keyword(search.FacetType, d.Type)
	keyword(search.FacetKind, d.Kind)
	keyword(search.FacetVisibility, d.Visibility)
	keyword(search.FacetStatus, d.Status)
	keyword(search.FacetCountry, d.Countries...)
	keyword(search.FacetArea, d.Areas...)
	articles := make([]string, len(d.Articles))
	for i, a := range d.Articles {
		articles[i] = strconv.Itoa(a)
	}
	keyword(search.FacetArticle, articles...)

	var langs, all, titles []string
	for _, lang := range search.Languages() {
		t, ok := d.Texts[lang]
		if !ok {
			continue
		}
		has := false
		for _, p := range []struct{ name, text string }{{"title", t.Title}, {"summary", t.Summary}, {"body", t.Body}} {
			if p.text == "" {
				continue
			}
			has = true
			m[textField(p.name, lang)] = p.text
			all = append(all, p.text)
		}
		if t.Title != "" {
			titles = append(titles, t.Title)
		}
		if has {
			langs = append(langs, lang)
		}
	}
	if len(d.Languages) > 0 {
		langs = d.Languages
	}
	keyword(search.FacetLanguage, langs...)

	terms := slices.Clone(d.Terms)
	m[fieldTerms] = terms
	m[fieldTermsEN] = terms
	m[fieldTermsRU] = terms
	m[fieldFold] = append(all, terms...)
	if len(titles) > 0 {
		m[fieldTitleFold] = titles
	}
	var names []string
	for _, n := range d.Names {
		if n != "" {
			names = append(names, n)
		}
	}
	if len(names) > 0 {
		m[fieldNames] = names
		m[fieldNamePre] = names
	}

	if !d.Date.IsZero() {
		keyword(fieldDay, strconv.FormatInt(dayOf(d.Date), 10))
	}
	switch {
	case d.Year != 0:
		keyword(search.FacetYear, strconv.Itoa(d.Year))
	case !d.Date.IsZero():
		keyword(search.FacetYear, strconv.Itoa(d.Date.Year()))
	}
	if d.Parent != "" {
		m[fieldParent] = d.Parent
	}
	return m
}

// dayOf numbers t's day, counting from 1 January 1970 (negative before).
func dayOf(t time.Time) int64 {
	return int64(math.Floor(float64(t.Unix()) / 86400))
}
