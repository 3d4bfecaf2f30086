package indexer

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// Thesaurus applies the anti-corruption thesaurus (platform.Thesaurus) to
// queries: the words and phrases of a query that are terms of a group, in
// any language and script, are widened to the group's other terms in every
// language and to its UNCAC articles (see search.Expansion). So "откат"
// reaches records that speak of kickbacks in English or of "pora" in Uzbek,
// and records tagged with articles 15 and 21.
type Thesaurus struct {
	groups  []platform.TermGroup
	entries []thesaurusEntry
}

// thesaurusEntry is one term of one group, as folded words.
type thesaurusEntry struct {
	words []string
	group int
}

// HubThesaurus returns the hub's thesaurus (platform.Thesaurus), prepared
// once.
var HubThesaurus = sync.OnceValue(func() *Thesaurus { return NewThesaurus(platform.Thesaurus()) })

// NewThesaurus prepares groups for matching.
func NewThesaurus(groups []platform.TermGroup) *Thesaurus {
	t := &Thesaurus{groups: groups}
	for gi, g := range groups {
		for _, lang := range platform.Languages() {
			for _, term := range g.Terms[lang] {
				if ws := search.FoldedWords(term); len(ws) > 0 {
					t.entries = append(t.entries, thesaurusEntry{words: ws, group: gi})
				}
			}
		}
	}
	// Longest terms first, so that "conflict of interest" wins over
	// "conflict".
	slices.SortStableFunc(t.entries, func(a, b thesaurusEntry) int { return len(b.words) - len(a.words) })
	return t
}

// queryWord is a word of a query with the clause it belongs to.
type queryWord struct {
	text   string // as typed
	folded string
	clause int
	phrase bool
	first  bool // the first word of its clause
	last   bool // the last word of its clause
}

// Expand returns the expansions of the thesaurus terms found in a query's
// text: consecutive words (or a whole quoted phrase) that spell a term,
// allowing other endings of long words ("откаты" for "откат", "conflicts of
// interests"). Excluded words and prefixes are left alone; where terms
// overlap, the longest wins.
func (t *Thesaurus) Expand(text string) []search.Expansion {
	if t == nil {
		return nil
	}
	var words []queryWord
	for ci, c := range search.ParseQuery(text) {
		if c.Exclude || c.Prefix {
			continue
		}
		for wi, w := range c.Words {
			words = append(words, queryWord{text: w, folded: search.Fold(w), clause: ci, phrase: c.Phrase,
				first: wi == 0, last: wi == len(c.Words)-1})
		}
	}
	var out []search.Expansion
	for i := 0; i < len(words) && len(out) < search.MaxExpansions; {
		if !words[i].first && words[i].phrase {
			i++ // a phrase is matched whole
			continue
		}
		n, groups := t.match(words[i:])
		if n == 0 {
			i++
			continue
		}
		var typed []string
		for _, w := range words[i : i+n] {
			typed = append(typed, w.text)
		}
		out = append(out, t.expansion(strings.Join(typed, " "), groups))
		i += n
	}
	return out
}

// match returns the length of the longest term that words begin with,
// ending at a clause boundary, and the groups that have a term of that
// length there.
func (t *Thesaurus) match(words []queryWord) (int, []int) {
	best := 0
	var groups []int
	for _, e := range t.entries {
		n := len(e.words)
		if n < best {
			break // entries are sorted longest first
		}
		// A match must not split a phrase: it ends at a clause's end (and
		// Expand starts it at one).
		if n > len(words) || words[n-1].phrase && !words[n-1].last {
			continue
		}
		ok := true
		for k, w := range e.words {
			if !sameWord(words[k].folded, w) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		best = n
		if !slices.Contains(groups, e.group) {
			groups = append(groups, e.group)
		}
	}
	return best, groups
}

// sameWord reports whether two folded words are one word with perhaps
// different endings (and, in long words, perhaps an Uzbek oʻ typed as o):
// equal; or an English plural; or, for words of five
// letters or more, sharing all but at most three letters at the end of
// each (a stem of at least five): "otkati"/"otkat", "interests"/"interest",
// "benefitsiarnaia"/"benefitsiarnie". Short words must be equal: "pora"
// and "poraxurlik" are different words.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	// An Uzbek oʻ typed without its ʻ ("poraxorlik" for "poraxoʻrlik"):
	// Fold writes oʻ as u, so long words are compared with o read as u.
	if utf8.RuneCountInString(a) >= 5 && utf8.RuneCountInString(b) >= 5 {
		a, b = strings.ReplaceAll(a, "o", "u"), strings.ReplaceAll(b, "o", "u")
		if a == b {
			return true
		}
	}
	if a+"s" == b || b+"s" == a {
		return len(a) >= 3 && len(b) >= 3
	}
	ra, rb := []rune(a), []rune(b)
	common := 0
	for common < len(ra) && common < len(rb) && ra[common] == rb[common] {
		common++
	}
	return common >= 5 && len(ra)-common <= 3 && len(rb)-common <= 3
}

// All returns every term of every group as alternatives, in expansions of
// at most search.MaxAlternatives each (Match, a term of the group), for an
// index to prepare ahead of searches (see search/bleve's
// PrepareExpansions).
func (t *Thesaurus) All() []search.Expansion {
	var out []search.Expansion
	for _, g := range t.groups {
		var e search.Expansion
		for _, lang := range platform.Languages() {
			for _, term := range g.Terms[lang] {
				if e.Match == "" {
					e.Match = term
				}
				if len(e.Alternatives) == search.MaxAlternatives {
					out = append(out, e)
					e = search.Expansion{Match: e.Match}
				}
				e.Alternatives = append(e.Alternatives, search.Alternative{Lang: lang, Text: term})
			}
		}
		if len(e.Alternatives) > 0 {
			out = append(out, e)
		}
	}
	return out
}

// expansion gathers the terms and articles of groups as alternatives for
// the typed words.
func (t *Thesaurus) expansion(typed string, groups []int) search.Expansion {
	e := search.Expansion{Match: typed}
	own := search.FoldedWords(typed)
	seen := map[string]bool{strings.Join(own, " "): true}
	// Take each language's terms in turn, the preferred ones first, so that
	// when the list is cut every language keeps its main terms.
	for rank := 0; len(e.Alternatives) < search.MaxAlternatives; rank++ {
		added := false
		for _, gi := range groups {
			g := t.groups[gi]
			for _, lang := range platform.Languages() {
				terms := g.Terms[lang]
				if rank >= len(terms) {
					continue
				}
				added = true
				key := lang + ":" + strings.Join(search.FoldedWords(terms[rank]), " ")
				if seen[key] || len(e.Alternatives) >= search.MaxAlternatives || utf8.RuneCountInString(terms[rank]) < 2 {
					continue
				}
				seen[key] = true
				e.Alternatives = append(e.Alternatives, search.Alternative{Lang: lang, Text: terms[rank]})
			}
		}
		if !added {
			break
		}
	}
	for _, gi := range groups {
		for _, a := range t.groups[gi].Articles {
			if a >= 1 && a <= search.MaxArticle && !slices.Contains(e.Articles, a) {
				e.Articles = append(e.Articles, a)
			}
		}
	}
	return e
}
