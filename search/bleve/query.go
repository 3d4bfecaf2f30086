package bleve

import (
	"context"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlhighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ca-uncac/hub/search"
)

// Relevance weights, relative to a match in the body of the reader's
// language (1). The parts of the text weigh as textParts says.
const (
	otherLangWeight = 0.4 // a match in another language's text
	foldBoost       = 0.3 // a cross-script match (fold field)
	termsBoost      = 1.0 // a match in the names of the record's taxonomy terms
	fuzzyBoost      = 0.1 // a match with a typo
)

// minPrefixRunes is the shortest prefix searched as a prefix; a shorter one
// ("a*") would expand to a large part of the dictionary and is searched as
// a word instead.
const minPrefixRunes = 3

// snippetRunes bounds the snippet made when no matched word is in a stored
// text field.
const snippetRunes = 200

// Search implements search.Index.
//
// Every word must match (AND) in some field: any language's text (stemmed
// for English and Russian, folded for the others), the cross-script fold
// field, the taxonomy terms, or the fold field with a typo (one edit for
// words of 5–7 letters, two from 8: "corupton" is two edits from
// "corruption"). Stop words (English and Russian, and the commonest
// conjunctions of the other languages) only rank. When no record has all the
// words the search falls back to any of them (OR), so that a long query
// never comes back empty just because of one unlucky word.
func (ix *Index) Search(ctx context.Context, q search.Query) (res *search.Result, err error) {
	defer wrap(&err, "search/bleve: search %.40q", q.Text)
	if err := q.Validate(); err != nil {
		return nil, err
	}
	b := builder{
		lang:    q.Lang,
		en:      ix.bi.Mapping().AnalyzerNamed(en.AnalyzerName),
		ru:      ix.bi.Mapping().AnalyzerNamed(ru.AnalyzerName),
		clauses: search.ParseQuery(q.Text),
	}
	if b.en == nil || b.ru == nil {
		return nil, fmt.Errorf("the en and ru analyzers are not registered")
	}
	br, err := ix.bi.SearchInContext(ctx, request(q, b.query(q, false)))
	if err != nil {
		return nil, err
	}
	if br.Total == 0 && b.canRelax() {
		br, err = ix.bi.SearchInContext(ctx, request(q, b.query(q, true)))
		if err != nil {
			return nil, err
		}
	}
	return result(q, br), nil
}

// builder turns parsed clauses into a bleve query.
type builder struct {
	lang    string
	en, ru  analysis.Analyzer
	clauses []search.Clause
}

// split sorts the clauses into required, optional (stop words) and excluded.
func (b *builder) split() (required, optional, excluded []search.Clause) {
	for _, c := range b.clauses {
		switch {
		case c.Exclude:
			excluded = append(excluded, c)
		case !c.Phrase && !c.Prefix && b.isStopWord(c.Words[0]):
			optional = append(optional, c)
		default:
			required = append(required, c)
		}
	}
	if len(required) == 0 {
		required, optional = optional, nil
	}
	return required, optional, excluded
}

// canRelax reports whether the OR fallback could find more than AND did.
func (b *builder) canRelax() bool {
	required, _, _ := b.split()
	return len(required) > 1
}

// isStopWord reports whether w is a word too common to require.
func (b *builder) isStopWord(w string) bool {
	return len(b.en.Analyze([]byte(w))) == 0 ||
		len(b.ru.Analyze([]byte(w))) == 0 ||
		commonWords[search.Fold(w)]
}

// commonWords are conjunctions and particles of the languages bleve has no
// stop words for, folded.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		va yoki bilan uchun ham bu shu u da esa ва ёки билан учун ҳам
		және мен бен пен үшін бұл осы да де та те немесе туралы
		жана менен үчүн бул жөнүндө же
		дар аз бо ба ки то барои ё оид
		we bilen üçin hem bu ýa hakynda`) {
		m[search.Fold(w)] = true
	}
	return m
}()

// query returns the bleve query for q; relaxed makes the required clauses
// alternatives rather than all required.
func (b *builder) query(q search.Query, relaxed bool) query.Query {
	required, optional, excluded := b.split()
	filter := filterQuery(q)
	if len(required) == 0 && len(excluded) == 0 {
		if filter == nil {
			return query.NewMatchAllQuery()
		}
		bq := query.NewBooleanQuery(nil, nil, nil)
		bq.AddFilter(filter)
		return bq
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	if len(required) > 0 {
		qs := make([]query.Query, len(required))
		for i, c := range required {
			qs[i] = b.clauseQuery(c, true)
		}
		if relaxed && len(qs) > 1 {
			d := query.NewDisjunctionQuery(qs)
			d.SetMin(1)
			bq.AddMust(d)
		} else {
			bq.AddMust(qs...)
		}
	}
	for _, c := range optional {
		bq.AddShould(b.clauseQuery(c, false))
	}
	for _, c := range excluded {
		bq.AddMustNot(b.clauseQuery(c, false))
	}
	if filter != nil {
		bq.AddFilter(filter)
	}
	return bq
}

// clauseQuery matches c in any text field; typos allows typo tolerance.
func (b *builder) clauseQuery(c search.Clause, typos bool) query.Query {
	var qs []query.Query
	add := func(field string, boost float64) {
		qs = append(qs, b.fieldQuery(c, field, boost))
	}
	for _, lang := range search.Languages() {
		w := 1.0
		if b.lang != "" && lang != b.lang {
			w = otherLangWeight
		}
		for _, p := range textParts {
			add(textField(p.name, lang), p.boost*w)
		}
	}
	if !c.Phrase { // the fold field has no positions
		add(fieldFold, foldBoost)
	}
	add(fieldTerms, termsBoost)
	add(fieldTermsEN, termsBoost)
	add(fieldTermsRU, termsBoost)
	if typos && !c.Phrase && !c.Prefix {
		if n := utf8.RuneCountInString(search.Fold(c.Words[0])); n >= 5 {
			mq := query.NewMatchQuery(c.Words[0])
			mq.SetField(fieldFold)
			mq.SetFuzziness(1)
			if n >= 8 {
				mq.SetFuzziness(2)
			}
			mq.SetBoost(fuzzyBoost)
			qs = append(qs, mq)
		}
	}
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(1)
	return d
}

// fieldQuery matches c in one field, which analyses the text itself.
func (b *builder) fieldQuery(c search.Clause, field string, boost float64) query.Query {
	switch {
	case c.Phrase:
		q := query.NewMatchPhraseQuery(strings.Join(c.Words, " "))
		q.SetField(field)
		q.SetBoost(boost)
		return q
	case c.Prefix:
		// Prefixes are not analysed, so they are normalised here the way the
		// field normalises words: folded, or only lower-cased where the
		// analyzer stems (a prefix of a stem still matches the stem).
		p := search.Fold(c.Words[0])
		if !foldedField(field) {
			p = strings.ToLower(c.Words[0])
		}
		if utf8.RuneCountInString(p) >= minPrefixRunes {
			q := query.NewPrefixQuery(p)
			q.SetField(field)
			q.SetBoost(boost)
			return q
		}
	}
	q := query.NewMatchQuery(c.Words[0])
	q.SetField(field)
	q.SetBoost(boost)
	// A word the field's tokenizer cuts in two (O`zbekiston in an English
	// field) needs both halves.
	q.SetOperator(query.MatchQueryOperatorAnd)
	return q
}

// foldedField reports whether field is analysed with the fold analyzer.
func foldedField(field string) bool {
	switch field {
	case fieldFold, fieldTerms:
		return true
	case fieldTermsEN, fieldTermsRU:
		return false
	}
	_, lang, _ := strings.Cut(field, "_")
	return analyzerFor(lang) == foldAnalyzerName
}

// filterQuery returns the filters of q (AND between filters, OR within
// one), or nil for none.
func filterQuery(q search.Query) query.Query {
	var qs []query.Query
	add := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		alts := make([]query.Query, len(values))
		for i, v := range values {
			tq := query.NewTermQuery(v)
			tq.SetField(field)
			alts[i] = tq
		}
		d := query.NewDisjunctionQuery(alts)
		d.SetMin(1)
		qs = append(qs, d)
	}
	add(search.FacetType, q.Types)
	add(search.FacetKind, q.Kinds)
	add(search.FacetCountry, q.Countries)
	add(search.FacetArea, q.Areas)
	add(search.FacetStatus, q.Statuses)
	add(search.FacetVisibility, q.Visibilities)
	articles := make([]string, len(q.Articles))
	for i, a := range q.Articles {
		articles[i] = strconv.Itoa(a)
	}
	add(search.FacetArticle, articles)
	if q.Year != 0 {
		add(search.FacetYear, []string{strconv.Itoa(q.Year)})
	}
	if len(qs) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(qs)
}

// request returns the bleve request for q with the query bq.
func request(q search.Query, bq query.Query) *blevesearch.SearchRequest {
	size := q.Size
	if size == 0 {
		size = search.DefaultSize
	}
	req := blevesearch.NewSearchRequestOptions(bq, size, q.From, false)
	req.Fields = []string{search.FacetType}
	if q.Highlight {
		req.Highlight = blevesearch.NewHighlightWithStyle(htmlhighlighter.Name)
		for _, lang := range search.Languages() {
			for _, p := range textParts {
				req.Highlight.AddField(textField(p.name, lang))
			}
			// For a snippet when the match was elsewhere (fold, terms).
			req.Fields = append(req.Fields, textField("summary", lang), textField("title", lang))
		}
	}
	if q.Sort == search.SortDate {
		req.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fieldDate, Desc: true, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortScore{Desc: true},
			&bsearch.SortDocID{},
		})
	} else {
		req.SortBy([]string{"-_score", "_id"})
	}
	for _, name := range q.Facets {
		req.AddFacet(name, blevesearch.NewFacetRequest(name, facetSize(name)))
	}
	return req
}

// result converts a bleve result.
func result(q search.Query, br *blevesearch.SearchResult) *search.Result {
	res := &search.Result{Total: br.Total, Hits: make([]search.Hit, 0, len(br.Hits))}
	for _, dm := range br.Hits {
		h := search.Hit{ID: dm.ID, Type: firstString(dm.Fields[search.FacetType]), Score: dm.Score}
		if q.Highlight {
			h.Snippet, h.Lang = snippet(dm, q.Lang)
		}
		res.Hits = append(res.Hits, h)
	}
	if len(q.Facets) > 0 {
		res.Facets = make(map[string][]search.FacetValue, len(q.Facets))
		for _, name := range q.Facets {
			values := []search.FacetValue{}
			if fr := br.Facets[name]; fr != nil && fr.Terms != nil {
				for _, tf := range fr.Terms.Terms() {
					values = append(values, search.FacetValue{Value: tf.Term, Count: tf.Count})
				}
			}
			slices.SortStableFunc(values, func(a, b search.FacetValue) int {
				if a.Count != b.Count {
					return b.Count - a.Count
				}
				return strings.Compare(a.Value, b.Value)
			})
			res.Facets[name] = values
		}
	}
	return res
}

// snippet picks the best highlighted fragment of dm: the reader's language
// first, then the fragment with most matches, then summary before body
// before title. Without any, it falls back to the start of a stored summary
// or title, escaped.
func snippet(dm *bsearch.DocumentMatch, reader string) (snippet, lang string) {
	partRank := map[string]int{"summary": 3, "body": 2, "title": 1}
	best, bestField := -1, ""
	for field, frags := range dm.Fragments {
		part, l, ok := strings.Cut(field, "_")
		if !ok || partRank[part] == 0 || !search.IsLanguage(l) || len(frags) == 0 {
			continue
		}
		marks := strings.Count(frags[0], "<mark>")
		if marks == 0 {
			continue
		}
		score := marks*4 + partRank[part]
		if l == reader {
			score += 1 << 20
		}
		if score > best || score == best && field < bestField {
			best, bestField, snippet, lang = score, field, frags[0], l
		}
	}
	if best >= 0 {
		return strings.ToValidUTF8(snippet, "\uFFFD"), lang
	}
	langs := search.Languages()
	if reader != "" {
		langs = append([]string{reader}, langs...)
	}
	for _, l := range langs {
		for _, part := range []string{"summary", "title"} {
			if text := firstString(dm.Fields[textField(part, l)]); text != "" {
				return html.EscapeString(cut(text, snippetRunes)), l
			}
		}
	}
	return "", ""
}

// cut shortens s to n runes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	i := 0
	for pos := range s {
		if i == n {
			return strings.TrimSpace(s[:pos]) + "…"
		}
		i++
	}
	return s
}

// firstString returns a stored field's (first) value as a string.
func firstString(v interface{}) string {
	switch v := v.(type) {
	case string:
		return v
	case []interface{}:
		if len(v) > 0 {
			s, _ := v[0].(string)
			return s
		}
	}
	return ""
}
