package bleve

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/ca-uncac/hub/search"
)

// Relevance weights, relative to a match in the body of the reader's
// language (1). The parts of a language's text weigh as textParts says.
const (
	otherLangWeight = 0.4  // a match in another language's text
	foldWeight      = 0.3  // a cross-script match anywhere in the text (fold field)
	titleFoldWeight = 1.0  // a cross-script match in a title
	termsWeight     = 0.6  // a match in the names of the record's taxonomy terms (folded)
	termsStemWeight = 0.7  // the same, through the English or Russian stemmer
	fuzzyWeight     = 0.15 // a match with a typo
	prefixWeight    = 0.5  // a completion of a word typed with *
	endingWeight    = 0.2  // the same word with another ending (see stemPrefix)
	expandWeight    = 0.5  // a match through a thesaurus alternative (in any language alike)
	articleWeight   = 4.0  // tagged with an article the thesaurus ties to the words (see tagBoost)
	// namesWeight weighs a match in the names of the people a record is
	// about (Document.Names), above a title: a person looked for by name is
	// the record wanted. Prefixes and typos in names weigh it times
	// prefixWeight and fuzzyWeight.
	namesWeight = 4.0
)

// maxQueryAlternatives is the most alternatives a query with several
// expansions looks for, shared out among them.
const maxQueryAlternatives = 24

// BM25 parameters. Field lengths are not averaged over the index; each kind
// of field has a typical length instead (avgLen), which is as good for
// telling a short title from a long one.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// minPrefixRunes is the shortest prefix searched as a prefix; a shorter one
// ("a*") would expand to a large part of the dictionary and is searched as
// a word instead.
const minPrefixRunes = 3

// Expansion limits: how many dictionary terms a prefix or a typo stands
// for at most (the most frequent are kept).
const (
	maxPrefixTerms = 50
	maxFuzzyTerms  = 16
	maxEndingTerms = 24
)

// searchField is a field that query words are looked up in.
type searchField struct {
	name      string
	analyzer  string
	lang      string // "" for the fields of every language
	part      string // "title", "summary", "body", or "" for the others
	weight    float64
	avgLen    float64
	positions bool
	folded    bool // analysed with the fold analyzer
	named     bool // analysed with the name analyzer (search.FoldName)
}

// searchFields lists the fields in a fixed order; a field's index is its
// bit in the per-hit record of matched fields (hence at most 32).
var searchFields = func() []searchField {
	var fs []searchField
	avg := map[string]float64{"title": 12, "summary": 45, "body": 350}
	for _, lang := range search.Languages() {
		for _, p := range textParts {
			a := analyzerFor(lang)
			fs = append(fs, searchField{name: textField(p.name, lang), analyzer: a, lang: lang, part: p.name,
				weight: p.boost, avgLen: avg[p.name], positions: true, folded: a == foldAnalyzerName})
		}
	}
	fs = append(fs,
		searchField{name: fieldFold, analyzer: foldAnalyzerName, weight: foldWeight, avgLen: 600, folded: true},
		searchField{name: fieldTitleFold, analyzer: foldAnalyzerName, part: "title", weight: titleFoldWeight, avgLen: 25, folded: true},
		searchField{name: fieldTerms, analyzer: foldAnalyzerName, weight: termsWeight, avgLen: 60, positions: true, folded: true},
		searchField{name: fieldTermsEN, analyzer: en.AnalyzerName, weight: termsStemWeight, avgLen: 60, positions: true},
		searchField{name: fieldTermsRU, analyzer: ru.AnalyzerName, weight: termsStemWeight, avgLen: 60, positions: true},
		searchField{name: fieldNames, analyzer: nameAnalyzerName, weight: namesWeight, avgLen: namesAvgLen, positions: true, named: true},
	)
	return fs
}()

// namesAvgLen is the typical length of the names field: a name of two or
// three words in each script.
const namesAvgLen = 5

// namesBit is the names field's bit in the record of matched fields; a
// match of a name's beginning (in fieldNamePre, which is not looked up
// for whole words) counts as a match in the names.
var namesBit = uint32(1) << searchFieldIndex(fieldNames)

func searchFieldIndex(name string) int {
	return slices.IndexFunc(searchFields, func(f searchField) bool { return f.name == name })
}

// unit is one requirement of a query: a hit has every bit of all, or one
// bit of any. A plain word is a unit with one bit in all; words that a
// thesaurus expansion covers share a unit whose any bit stands for the
// alternatives.
//
// A relaxed search (see search.RelaxBelow) lets a partial match lack some
// units, but never a strict one (a quoted phrase); typed is the unit's
// words as the reader typed them, which a partial match reports missing.
type unit struct {
	all, any uint64
	strict   bool
	typed    string
}

func (u unit) ok(m uint64) bool {
	return m&u.all == u.all && u.all != 0 || m&u.any != 0
}

// termPlan is one term looked up in one field.
type termPlan struct {
	field    string
	fbit     uint32 // the field's bit, or 0 for fields not in searchFields
	term     []byte
	weight   float64
	bit      uint64 // the clause bit set on the documents that have it
	constant bool   // adds weight as it is, without BM25 (a tag)
	avgLen   float64
	clause   int // index of the clause in plan.clauses, or -1
	part     int // see plan.partOf
	// ending marks a placeholder for the other endings of a word: its
	// term is expanded in the fold field only (see expandPrefixes); word is
	// the word itself, folded.
	ending bool
	word   string
	// cached marks a thesaurus alternative, whose matches are kept with
	// the segment (see matches.go).
	cached bool
	// flat scores a match by the term's weight and rarity alone, as if it
	// stood once in a field of typical length: see flatField.
	flat bool
	// typo marks a word close to a word of the query that is in no record
	// (see addTypos).
	typo bool

	df  uint64
	idf float64
	pls []segment.PostingsList // per segment
}

// phrasePlan is a sequence of terms looked up, at consecutive positions,
// in one field.
type phrasePlan struct {
	field  string
	fbit   uint32
	terms  [][]byte
	offs   []uint64 // position of each term relative to the first
	weight float64
	bit    uint64
	avgLen float64
	part   int // see plan.partOf
	// group, from 1, numbers the alternative wording the phrase belongs to
	// (one phrasePlan per field): a document that has it in a field is not
	// looked at again in the later fields (summary after title, body after
	// both), as it qualifies already and the earlier fields weigh more.
	group int
	// cached: see termPlan.cached.
	cached bool

	idf float64
	pls [][]segment.PostingsList // per segment, per term
}

// plan is a query turned into lookups.
type plan struct {
	terms   []*termPlan
	phrases []*phrasePlan
	units   []unit
	exclude uint64 // bits of excluded clauses
	// text says the query has words: without any, every document (that
	// the filters let through) is a hit.
	text bool
	// relaxable says a relaxed search could find records that lack some
	// of the units: there are several, and not all are strict.
	relaxable bool
	// typoClauses are the words that may be matched with a typo when they
	// are not in the index at all.
	typoClauses []typoClause
	// expansions are the units that thesaurus expansions made.
	expansions []expansionUnit
	// groups counts the alternative wordings (see phrasePlan.group).
	groups int
	// thesaurus are the indexes of the clauses an expansion covers.
	thesaurus []int
}

// expansionUnit is a unit made by a thesaurus expansion. A record that has
// only some of the unit's own words and qualifies through an alternative
// is scored as if it had none of them: "payments" in an unrelated text does
// not make a record about facilitation payments. Its tags with the
// expansion's articles score by how much the record is about them (see
// tagBoost).
type expansionUnit struct {
	own, alt uint64
	articles []string
}

// partOf returns 1 + the index of the expansion whose own words include
// bit, or 0.
func (p *plan) partOf(bit uint64) int {
	for k, e := range p.expansions {
		if e.own&bit != 0 {
			return k + 1
		}
	}
	return 0
}

// typoClause is a word that may be matched with a typo: its Fold in the
// fold field and its FoldName in the names, each when it is long enough
// ("" otherwise).
type typoClause struct {
	folded, named string
	bit           uint64
	weight        float64
	clause        int
}

// minTypoRunes is the shortest word (folded) matched with a typo.
const minTypoRunes = 5

// planner builds plans with the index's analyzers.
type planner struct {
	analyzers map[string]analysis.Analyzer
	lang      string
	// anyLang weighs every language alike: set while planning the
	// alternatives of an expansion, which exist to cross languages.
	anyLang bool
	// group, when not 0, is the phrasePlan.group of the phrases planned
	// meanwhile.
	group   int
	nextBit int
	p       *plan
	// cache of analysed words by analyzer and text
	cache map[[2]string]analysis.TokenStream
}

func (ix *Index) newPlanner(lang string) *planner {
	return &planner{analyzers: ix.analyzers, lang: lang, p: &plan{}, cache: map[[2]string]analysis.TokenStream{}}
}

func (pl *planner) analyze(analyzer, text string) analysis.TokenStream {
	k := [2]string{analyzer, text}
	if ts, ok := pl.cache[k]; ok {
		return ts
	}
	ts := pl.analyzers[analyzer].Analyze([]byte(text))
	pl.cache[k] = ts
	return ts
}

func (pl *planner) bit() (uint64, bool) {
	if pl.nextBit >= 64 {
		return 0, false
	}
	b := uint64(1) << pl.nextBit
	pl.nextBit++
	return b, true
}

// langWeight is the weight of a match in lang's text for this reader.
func (pl *planner) langWeight(lang string) float64 {
	if pl.lang != "" && lang != "" && lang != pl.lang && !pl.anyLang {
		return otherLangWeight
	}
	return 1
}

// isStopWord reports whether w is a word too common to require.
func (pl *planner) isStopWord(w string) bool {
	return len(pl.analyze(en.AnalyzerName, w)) == 0 ||
		len(pl.analyze(ru.AnalyzerName, w)) == 0 ||
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

// words adds the lookups of a clause (a word, a phrase or a prefix) in
// fields, with bit and weight.
func (pl *planner) clause(c search.Clause, idx int, bit uint64, weight float64, fields []searchField) {
	switch {
	case c.Prefix && utf8.RuneCountInString(search.Fold(c.Words[0])) >= minPrefixRunes:
		// Expanded later, against the dictionary (see expandPrefixes).
		pl.p.terms = append(pl.p.terms, &termPlan{field: "", term: []byte(search.Fold(c.Words[0])), weight: weight, bit: bit, clause: idx})
		// A name's beginnings are indexed as such (see namePrefixes).
		pl.p.terms = append(pl.p.terms, pl.namePrefixTerm(c.Words[0], weight*prefixWeight, bit, idx))
		return
	}
	text := strings.Join(c.Words, " ")
	latin, cyrillic := scripts(text)
	for _, f := range fields {
		// The English and Russian stemmers leave the other script as it
		// is, which the folded terms field matches already; and only an
		// English or Russian reader needs their inflections (the terms
		// fields name every record's articles in seven languages, so their
		// common words are in most records and dear to look up).
		if f.name == fieldTermsEN && (!latin || pl.lang != "" && pl.lang != "en") ||
			f.name == fieldTermsRU && (!cyrillic || pl.lang != "" && pl.lang != "ru") {
			continue
		}
		fbit := uint32(0)
		if i := searchFieldIndex(f.name); i >= 0 {
			fbit = 1 << i
		}
		w := weight * f.weight * pl.langWeight(f.lang)
		ts := pl.analyze(f.analyzer, text)
		switch {
		case len(ts) == 0:
			continue
		case len(ts) == 1:
			pl.p.terms = append(pl.p.terms, &termPlan{field: f.name, fbit: fbit, term: ts[0].Term, weight: w, bit: bit, avgLen: f.avgLen, clause: idx,
				cached: pl.anyLang, flat: flatField(f.name)})
		case f.positions:
			pp := &phrasePlan{field: f.name, fbit: fbit, weight: w, bit: bit, avgLen: f.avgLen, group: pl.group, cached: pl.anyLang}
			first := ts[0].Position
			for _, t := range ts {
				pp.terms = append(pp.terms, t.Term)
				pp.offs = append(pp.offs, uint64(t.Position-first))
			}
			pl.p.phrases = append(pl.p.phrases, pp)
		}
	}
	// Typos and other endings are for what the reader typed, not for the
	// thesaurus's own words.
	if !c.Phrase && !c.Prefix && len(c.Words) == 1 && !pl.anyLang {
		f := search.Fold(c.Words[0])
		n := utf8.RuneCountInString(f)
		tc := typoClause{bit: bit, weight: weight, clause: idx}
		if n >= minTypoRunes {
			tc.folded = f
		}
		if nf := search.FoldName(c.Words[0]); utf8.RuneCountInString(nf) >= minTypoRunes {
			tc.named = nf
		}
		if tc.folded != "" || tc.named != "" {
			pl.p.typoClauses = append(pl.p.typoClauses, tc)
		}
		if n >= minStemRunes && weight > 0 {
			// Other endings of the word (see stemPrefix), in the fold field.
			pl.p.terms = append(pl.p.terms, &termPlan{field: "", term: []byte(stemPrefix(f)), weight: weight * endingWeight,
				bit: bit, clause: idx, ending: true, word: f})
		}
		if latin, cyrillic := scripts(c.Words[0]); pl.lang == "uz" && latin && !cyrillic && n >= 4 {
			for _, v := range withoutModifier(f) {
				for _, sf := range searchFields {
					if !sf.folded {
						continue
					}
					pl.p.terms = append(pl.p.terms, &termPlan{field: sf.name, fbit: 1 << searchFieldIndex(sf.name), term: []byte(v),
						weight: weight * modifierWeight * sf.weight * pl.langWeight(sf.lang), bit: bit, avgLen: sf.avgLen, clause: idx})
				}
			}
		}
	}
}

// namePrefixTerm is the lookup of word, typed so far, among the
// beginnings of the names' words, weighing weight times namesWeight. It is
// scored with BM25 like a word: of two records that name the person, the
// one that names fewer people (their own profile, rather than an event
// with several trainers) comes first.
func (pl *planner) namePrefixTerm(word string, weight float64, bit uint64, clause int) *termPlan {
	return &termPlan{field: fieldNamePre, fbit: namesBit, term: []byte(search.FoldName(word)), weight: weight * namesWeight,
		bit: bit, avgLen: namePreAvgLen, clause: clause}
}

// namePreAvgLen is the typical length of the names' prefix field: the
// beginnings of a few words of a few letters.
const namePreAvgLen = 20

// modifierWeight weighs a match of an Uzbek word read as if an o had lost
// its ʻ (see withoutModifier): the reader meant that word, most likely.
const modifierWeight = 0.8

// withoutModifier returns the other readings of a folded Uzbek Latin word
// typed without the ʻ of oʻ, which many keyboards lack: "poraxorlik" for
// "poraxoʻrlik", "ozbekiston" for "oʻzbekiston". Fold writes oʻ (and
// Cyrillic ў) as u, so each of the word's first three o's is read as o and
// as u. (gʻ needs nothing: Fold writes it as g.)
func withoutModifier(folded string) []string {
	var at []int
	for i := 0; i < len(folded) && len(at) < 3; i++ {
		if folded[i] == 'o' {
			at = append(at, i)
		}
	}
	var out []string
	for mask := 1; mask < 1<<len(at); mask++ {
		b := []byte(folded)
		for k, i := range at {
			if mask&(1<<k) != 0 {
				b[i] = 'u'
			}
		}
		out = append(out, string(b))
	}
	return out
}

// scripts reports whether s has Latin and Cyrillic letters.
func scripts(s string) (latin, cyrillic bool) {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic = true
		}
	}
	return latin, cyrillic
}

// flatField reports whether matches in the field are scored flat (see
// termPlan.flat). Reading a match's frequency and field length costs more
// than the rest of it, and in these fields they say little:
//   - the taxonomy terms name a record's articles, areas and countries in
//     seven languages, so their common words ("public", "коррупция") are in
//     most records, and how often a name repeats is not how much the record
//     is about it (tagBoost says that);
//   - the fold field holds every text of the record again, folded, to catch
//     a word in another script or language: the language fields, where the
//     same words are scored with BM25 and weigh more, tell a record that
//     dwells on them from one that mentions them.
//
// A flat match reads only which records have the term. On 100,000 records
// this took a third of the time of common words' searches, and the judged
// set's nDCG@10 went from 0.843 to 0.844.
func flatField(name string) bool {
	return name == fieldTerms || name == fieldTermsEN || name == fieldTermsRU || name == fieldFold
}

// minStemRunes is the shortest word also matched with other endings.
const minStemRunes = 6

// stemPrefix cuts the last letters off a long folded word: "respublikasi"
// becomes "respublik", which begins "respublikasining", "respublikada" and
// "respublika". Kazakh, Kyrgyz, Tajik, Turkmen and Uzbek have no stemmer in
// bleve and pile suffixes onto words, so a word is also matched by the
// words it begins with this cut, in the fold field, with a low weight. (For
// English and Russian the stemmed fields do better, and this adds little.)
func stemPrefix(folded string) string {
	rs := []rune(folded)
	n := len(rs)
	return string(rs[:n-min(3, n/4)])
}

// fieldsFor returns the fields a clause is looked up in: phrases only where
// positions are kept.
func fieldsFor(c search.Clause) []searchField {
	if !c.Phrase {
		return searchFields
	}
	var fs []searchField
	for _, f := range searchFields {
		if f.positions {
			fs = append(fs, f)
		}
	}
	return fs
}

// alternativeFields are the fields an alternative wording in lang is
// looked for in: that language's text. Not the fold fields, where a word of
// another language with the same letters would match; nor the taxonomy
// terms, which the expansion's articles stand for (and which, naming the
// Convention's articles, are full of the commonest words of the thesaurus:
// "public officials").
func alternativeFields(c search.Clause, lang string) []searchField {
	var fs []searchField
	for _, f := range fieldsFor(c) {
		if f.lang != "" && (lang == "" || f.lang == lang) {
			fs = append(fs, f)
		}
	}
	return fs
}

// build plans q's text and expansions. relaxed turns the required units
// into alternatives.
func (pl *planner) build(clauses []search.Clause, expand []search.Expansion) *plan {
	p := pl.p
	// Sort the clauses: required, optional (stop words), excluded.
	type entry struct {
		c        search.Clause
		idx      int
		bit      uint64
		optional bool
	}
	var kept []entry
	for i, c := range clauses {
		bit, ok := pl.bit()
		if !ok {
			break
		}
		switch {
		case c.Exclude:
			p.exclude |= bit
			pl.clause(c, i, bit, 0, fieldsFor(c))
			continue
		case !c.Phrase && !c.Prefix && pl.isStopWord(c.Words[0]):
			kept = append(kept, entry{c, i, bit, true})
		default:
			kept = append(kept, entry{c, i, bit, false})
		}
	}
	required := 0
	for _, e := range kept {
		if !e.optional {
			required++
		}
	}
	for i, e := range kept {
		switch {
		case required == 0:
			// Only stop words: they are the query.
			kept[i].optional = false
		case e.optional:
			// A stop word beside other words is left out: it is in most
			// records of its language, so looking it up costs much and
			// ranks little. It still counts for matching thesaurus terms.
			continue
		}
		pl.clause(e.c, e.idx, e.bit, 1, fieldsFor(e.c))
	}
	// Expansions join the clauses they cover into one unit. Their
	// alternatives share a budget: each is a lookup in several fields,
	// phrases a dear one.
	expand = expand[:min(len(expand), search.MaxExpansions)]
	perExpansion := search.MaxAlternatives
	if len(expand) > 1 {
		perExpansion = max(4, maxQueryAlternatives/len(expand))
	}
	covered := make([]bool, len(kept))
	var units []unit
	for _, e := range expand {
		want := search.FoldedWords(e.Match)
		if len(want) == 0 {
			continue
		}
		for start := range kept {
			end, ok := matchRun(kept, start, want, func(k entry) search.Clause { return k.c })
			if !ok || slices.Contains(covered[start:end], true) {
				continue
			}
			alt, ok := pl.bit()
			if !ok {
				break
			}
			var own uint64
			for i := start; i < end; i++ {
				covered[i] = true
				p.thesaurus = append(p.thesaurus, kept[i].idx)
				if !kept[i].optional {
					own |= kept[i].bit
				}
			}
			// A term of several words is one expression: its words
			// scattered over a text do not make a hit, the phrase does (and
			// it is among the alternatives, in its language).
			all := own
			if end-start > 1 {
				all = 0
			}
			// The tags get a bit of their own: an alternative is then looked
			// for in tagged records too (it scores there), while a record
			// an alternative already matched is not searched again for the
			// others (phrasePlan.group).
			tag := uint64(0)
			if len(e.Articles) > 0 {
				if tag, ok = pl.bit(); !ok {
					tag = 0
				}
			}
			u := unit{all: all, any: alt | tag}
			var typed []string
			for i := start; i < end; i++ {
				u.strict = u.strict || kept[i].c.Quoted
				typed = append(typed, typedOf(kept[i].c))
			}
			u.typed = strings.Join(typed, " ")
			units = append(units, u)
			exp := expansionUnit{own: own, alt: alt | tag}
			for _, n := range e.Articles {
				exp.articles = append(exp.articles, strconv.Itoa(n))
			}
			p.expansions = append(p.expansions, exp)
			for _, a := range e.Alternatives[:min(len(e.Alternatives), perExpansion)] {
				ws := search.ParseQuery(a.Text)
				var words []string
				for _, c := range ws {
					if !c.Exclude {
						words = append(words, c.Words...)
					}
				}
				if len(words) == 0 {
					continue
				}
				c := search.Clause{Words: words, Phrase: len(words) > 1}
				pl.anyLang = true
				p.groups++
				pl.group = p.groups
				pl.clause(c, -1, alt, expandWeight, alternativeFields(c, a.Lang))
				pl.anyLang, pl.group = false, 0
			}
			// The tags make hits; their score comes in collect (tagBoost).
			for _, n := range e.Articles {
				if tag == 0 {
					break
				}
				p.terms = append(p.terms, &termPlan{field: search.FacetArticle, term: []byte(strconv.Itoa(n)),
					bit: tag, constant: true, clause: -1})
			}
			break
		}
	}
	for i, e := range kept {
		if !covered[i] && !e.optional {
			units = append(units, unit{all: e.bit, strict: e.c.Quoted, typed: typedOf(e.c)})
		}
	}
	p.units = units
	for _, tp := range p.terms {
		tp.part = p.partOf(tp.bit)
	}
	for _, pp := range p.phrases {
		pp.part = p.partOf(pp.bit)
	}
	p.text = len(units) > 0 || p.exclude != 0
	p.relaxable = len(units) > 1 && slices.ContainsFunc(units, func(u unit) bool { return !u.strict })
	return p
}

// typedOf is a clause as the reader typed it.
func typedOf(c search.Clause) string {
	if c.Typed != "" {
		return c.Typed
	}
	return strings.Join(c.Words, " ")
}

// matchRun reports whether the clauses from start on spell want (folded
// words), and where the run ends. A phrase clause must be matched whole.
func matchRun[T any](items []T, start int, want []string, clause func(T) search.Clause) (int, bool) {
	i, w := start, 0
	for w < len(want) && i < len(items) {
		c := clause(items[i])
		if c.Prefix || c.Exclude {
			return 0, false
		}
		for _, word := range c.Words {
			if w >= len(want) || search.Fold(word) != want[w] {
				return 0, false
			}
			w++
		}
		i++
	}
	return i, w == len(want)
}

// expandPrefixes replaces each prefix placeholder (a termPlan without a
// field) with the most frequent dictionary terms it begins, looked up in the
// folded fields.
func (pl *planner) expandPrefixes(r *snapshotReader) error {
	p := pl.p
	var out []*termPlan
	for _, tp := range p.terms {
		if tp.field != "" {
			out = append(out, tp)
			continue
		}
		limit := maxPrefixTerms
		if tp.ending {
			limit = maxEndingTerms
		}
		terms, err := r.prefixTerms(fieldFold, string(tp.term), limit)
		if err != nil {
			return err
		}
		for _, t := range terms {
			if tp.ending && t == tp.word {
				continue // the word itself is looked up already
			}
			if tp.ending {
				out = append(out, &termPlan{field: fieldFold, fbit: uint32(1) << searchFieldIndex(fieldFold), term: []byte(t),
					weight: tp.weight * foldWeight, bit: tp.bit, avgLen: 600, clause: tp.clause, part: tp.part, flat: true})
				continue
			}
			for _, f := range searchFields {
				if !f.folded {
					continue
				}
				fbit := uint32(1) << searchFieldIndex(f.name)
				out = append(out, &termPlan{field: f.name, fbit: fbit, term: []byte(t), weight: tp.weight * prefixWeight * f.weight * pl.langWeight(f.lang),
					bit: tp.bit, avgLen: f.avgLen, clause: tp.clause, part: tp.part})
			}
		}
	}
	p.terms = out
	return nil
}

// pickTerms returns at most limit of the terms es, the closest (for a typo)
// and most frequent first.
func pickTerms(es []index.DictEntry, limit int) []string {
	slices.SortFunc(es, func(a, b index.DictEntry) int {
		if c := cmp.Compare(a.EditDistance, b.EditDistance); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Term, b.Term)
	})
	out := make([]string, 0, min(limit, len(es)))
	for _, e := range es[:min(limit, len(es))] {
		out = append(out, e.Term)
	}
	return out
}
