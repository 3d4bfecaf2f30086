package bleve

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/ca-uncac/hub/search"
)

// "Did you mean": the query rewritten with its misspelt words corrected
// (search.Result.DidYouMean says when). Typo tolerance already matches a
// word that is in no record with close words; the suggestion names the
// word meant, so that the reader can search for it, and catches the typos
// that are words of some record (a misspelling in one text keeps typo
// tolerance off: "brybery" in one record, "bribery" in thirty).
//
// Everything is read as the reader may see it: which words are in no
// record and how common each is (the reader's statistics, see
// snapshotReader.see), the close words (dictTerms counts the reader's
// records only), how records write the word chosen (only records the reader
// may see are read, in the order of their ids, which does not depend on
// what else is indexed), and whether the corrected query finds more.

const (
	// rareWord: a word in fewer records than this may be a misspelling of
	// a much commoner close word (by rareFactor) when the query finds little.
	rareWord   = 3
	rareFactor = 10
	// surfaceDocs is how many records (the first by id) are read for the
	// way they write a correction.
	surfaceDocs = 16
)

// spellWord is a word of the query that may be misspelt.
type spellWord struct {
	clause int
	folded string
	// df is the number of records the reader may see that have the word
	// in the commonest of the forms it is looked up in (folded, stemmed,
	// with other endings): a word whose other forms are common is no
	// misspelling.
	df      uint64
	unknown bool // no record the reader may see has it in any field
}

// didYouMean returns the corrected query, or "": see
// search.Result.DidYouMean. full is the number of full matches of the query.
func (ix *Index) didYouMean(ctx context.Context, r *snapshotReader, clauses []search.Clause, p *plan, q search.Query, f queryFilters, full uint64) (string, error) {
	words := p.spellWords(clauses, ix.newPlanner(q.Lang))
	few := full < search.RelaxBelow
	var fixed []search.Clause
	unknown := false
	for _, w := range words {
		if !w.unknown && (!few || w.df >= rareWord) {
			continue
		}
		es, err := r.closeWords(p, w)
		if err != nil {
			return "", err
		}
		need := max(1, w.df*rareFactor)
		es = slices.DeleteFunc(es, func(e index.DictEntry) bool { return e.Term == w.folded || e.Count < need })
		if len(es) == 0 {
			continue
		}
		for i := range es {
			es[i].EditDistance = editDistance(w.folded, es[i].Term)
		}
		best := slices.MinFunc(es, func(a, b index.DictEntry) int {
			if c := cmp.Compare(a.EditDistance, b.EditDistance); c != 0 {
				return c
			}
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Term, b.Term)
		})
		typed := clauses[w.clause].Words[0]
		form, err := r.surface(best.Term, typed)
		if err != nil {
			return "", err
		}
		if form == "" {
			continue
		}
		if fixed == nil {
			fixed = slices.Clone(clauses)
		}
		fixed[w.clause].Words = []string{form}
		fixed[w.clause].Typed = form
		unknown = unknown || w.unknown
	}
	if fixed == nil {
		return "", nil
	}
	// The query as typed: none when a word is in no record (what typo
	// tolerance found is the corrections' business).
	before := full
	if unknown {
		before = 0
	}
	after, err := ix.fullMatches(ctx, r, fixed, q, f)
	if err != nil || after <= before {
		return "", err
	}
	return render(fixed), nil
}

// closeWords returns the words of the fold field as close to w as typo
// tolerance allows, with the number of records the reader may see that
// have each. For a word in no record they are the ones typo tolerance
// looked up already (the closest, with their counts); for a rare word the
// dictionary is walked.
func (r *snapshotReader) closeWords(p *plan, w spellWord) ([]index.DictEntry, error) {
	if w.unknown {
		var es []index.DictEntry
		for _, tp := range p.terms {
			if tp.typo && tp.clause == w.clause && tp.field == fieldFold && tp.df > 0 {
				es = append(es, index.DictEntry{Term: string(tp.term), Count: tp.df})
			}
		}
		return es, nil
	}
	a, err := levAutomaton(w.folded, fuzzinessOf(w.folded))
	if err != nil {
		return nil, err
	}
	return r.dictTerms(fieldFold, a, nil, nil, candidateFactor*maxFuzzyTerms+1, true)
}

// spellWords returns the words of the query that may be misspelt: single
// words typed without quotes, stars or minus, long enough for typo
// tolerance, not stop words and not covered by the thesaurus (whose terms
// are words practitioners use, misspellings of nothing).
func (p *plan) spellWords(clauses []search.Clause, pl *planner) []spellWord {
	var out []spellWord
	for i, c := range clauses {
		if c.Exclude || c.Prefix || c.Quoted || len(c.Words) != 1 || slices.Contains(p.thesaurus, i) {
			continue
		}
		folded := search.Fold(c.Words[0])
		if utf8.RuneCountInString(folded) < minTypoRunes || pl.isStopWord(c.Words[0]) {
			continue
		}
		w := spellWord{clause: i, folded: folded, unknown: true}
		for _, tp := range p.terms {
			if tp.clause != i || tp.typo {
				continue
			}
			if tp.df > 0 {
				w.unknown = false
			}
			w.df = max(w.df, tp.df)
		}
		out = append(out, w)
	}
	return out
}

// fullMatches counts the full matches of clauses with q's filters and
// expansions, for the reader r is restricted to.
func (ix *Index) fullMatches(ctx context.Context, r *snapshotReader, clauses []search.Clause, q search.Query, f queryFilters) (uint64, error) {
	pl := ix.newPlanner(q.Lang)
	p := pl.build(clauses, q.Expand)
	if err := pl.expandPrefixes(r); err != nil {
		return 0, err
	}
	if err := r.lookup(p); err != nil {
		return 0, err
	}
	if err := r.addTypos(p); err != nil {
		return 0, err
	}
	if err := r.lookup(p); err != nil {
		return 0, err
	}
	sc := r.newScores()
	defer sc.release()
	if err := r.accumulate(ctx, p, sc); err != nil {
		return 0, err
	}
	return r.collect(p, sc, f, nil, 0, false).full, nil
}

// surface returns how the records the reader may see write the folded
// word term: a word of their texts or names whose Fold it is, from the
// first records by id that have it, in the script of typed where one does,
// the commonest form, in typed's case. "" when none writes it (it is in
// their taxonomy terms only, which are not stored).
func (r *snapshotReader) surface(term, typed string) (string, error) {
	type doc struct {
		id  string
		seg int
		num uint64
	}
	var docs []doc
	for s, ss := range r.segs {
		d, err := r.dict(s, fieldFold)
		if err != nil {
			return "", err
		}
		pl, err := d.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return "", err
		}
		if pl == nil {
			continue
		}
		it := pl.Iterator(false, false, false, nil)
		for {
			post, err := it.Next()
			if err != nil {
				return "", err
			}
			if post == nil {
				break
			}
			n := post.Number()
			if ps := r.vis[s]; ps != nil && !ps.has(n) {
				continue
			}
			// Keep the first surfaceDocs by id, in order: a common word
			// has tens of thousands of records, and most fail the first
			// comparison.
			id := r.tables[s].ids[n]
			if len(docs) == surfaceDocs && id >= docs[len(docs)-1].id {
				continue
			}
			i, _ := slices.BinarySearchFunc(docs, id, func(d doc, id string) int { return strings.Compare(d.id, id) })
			docs = slices.Insert(docs, i, doc{id, s, n})
			if len(docs) > surfaceDocs {
				docs = docs[:surfaceDocs]
			}
		}
	}
	latin, cyrillic := scripts(typed)
	var other string
	for _, d := range docs {
		forms := map[string]int{}
		err := r.segs[d.seg].VisitDocument(d.num, func(field string, _ byte, value []byte, _ []uint64) bool {
			part, l, _ := strings.Cut(field, "_")
			if field != fieldNames && !(search.IsLanguage(l) && (part == "title" || part == "summary" || part == "body")) {
				return true
			}
			text := string(value[:min(len(value), maxMarkedBytes)])
			for _, sp := range search.Segment(text) {
				if w := text[sp.Start:sp.End]; search.Fold(w) == term {
					forms[strings.ToLower(w)]++
				}
			}
			return true
		})
		if err != nil {
			return "", err
		}
		var same []string
		for w := range forms {
			if l, c := scripts(w); l == latin && c == cyrillic {
				same = append(same, w)
			} else if other == "" || forms[w] > forms[other] || forms[w] == forms[other] && w < other {
				other = w
			}
		}
		if len(same) > 0 {
			best := slices.MinFunc(same, func(a, b string) int {
				if c := cmp.Compare(forms[b], forms[a]); c != 0 {
					return c
				}
				return strings.Compare(a, b)
			})
			return inCaseOf(best, typed), nil
		}
	}
	return inCaseOf(other, typed), nil
}

// inCaseOf writes word (lower case) as typed is written: all capitals,
// a capital first, or lower case.
func inCaseOf(word, typed string) string {
	if word == "" {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(typed)
	switch {
	case strings.ToUpper(typed) == typed && strings.ToLower(typed) != typed && utf8.RuneCountInString(typed) > 1:
		return strings.ToUpper(word)
	case unicode.IsUpper(first):
		r, n := utf8.DecodeRuneInString(word)
		return string(unicode.ToUpper(r)) + word[n:]
	}
	return word
}

// render writes clauses back as a query: words as typed, phrases in
// quotes, prefixes with their star, exclusions with their minus.
func render(clauses []search.Clause) string {
	parts := make([]string, 0, len(clauses))
	for _, c := range clauses {
		t := typedOf(c)
		switch {
		case c.Quoted:
			t = `"` + t + `"`
		case c.Prefix:
			t += "*"
		}
		if c.Exclude {
			t = "-" + t
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}

// editDistance is the number of letters inserted, deleted, replaced or
// swapped with the next to make b from a (the optimal string alignment
// distance, as typo tolerance counts them).
func editDistance(a, b string) uint8 {
	x, y := []rune(a), []rune(b)
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return uint8(min(prev[len(y)], 255))
}
