package bleve

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ca-uncac/hub/search"
)

// minSuggestPrefix is the shortest last word completed: one letter would
// stand for a good part of the dictionary.
const minSuggestPrefix = 2

// Suggest implements search.Index: titles whose words include every
// complete word typed and a word that begins with the last one, in any
// language and script (the folded title field), the best first; and the
// names of people (Document.Names) that the typed words begin, compared as
// their search.FoldName, for records none of whose titles has them.
func (ix *Index) Suggest(ctx context.Context, q search.SuggestQuery) (out []search.Suggestion, err error) {
	defer wrap(&err, "search/bleve: suggest %.40q", q.Prefix)
	if err := q.Validate(); err != nil {
		return nil, err
	}
	size := q.Size
	if size == 0 {
		size = search.DefaultSuggestSize
	}
	text := q.Prefix
	if len(text) > search.MaxQueryBytes {
		text = text[:search.MaxQueryBytes]
	}
	text = strings.ToValidUTF8(text, " ")
	spans := search.Segment(text)
	if len(spans) == 0 {
		return []search.Suggestion{}, nil
	}
	if len(spans) > search.MaxTerms {
		spans = spans[len(spans)-search.MaxTerms:]
	}
	last := spans[len(spans)-1]
	complete := spans
	prefix, lastWord := "", ""
	if r, _ := utf8.DecodeLastRuneInString(text); last.End == len(text) && !unicode.IsSpace(r) {
		lastWord = text[last.Start:last.End]
		prefix = search.Fold(lastWord)
		complete = spans[:len(spans)-1]
		if utf8.RuneCountInString(prefix) < minSuggestPrefix {
			return []search.Suggestion{}, nil
		}
	}

	r, err := ix.openSnapshot()
	if err != nil {
		return nil, err
	}
	defer r.close()
	f := r.filters(search.Query{Visibilities: q.Visibilities, Types: q.Types})
	r.see(&f.visibility)
	pl := ix.newPlanner(q.Lang)
	var titleFields []searchField
	for _, f := range searchFields {
		if f.part == "title" || f.named {
			titleFields = append(titleFields, f)
		}
	}
	p := pl.p
	for i, sp := range complete {
		bit, ok := pl.bit()
		if !ok {
			break
		}
		pl.clause(search.Clause{Words: []string{text[sp.Start:sp.End]}}, i, bit, 1, titleFields)
		p.units = append(p.units, unit{all: bit})
	}
	p.typoClauses = nil // suggestions complete what is typed, they do not correct it
	if prefix != "" {
		bit, ok := pl.bit()
		if ok {
			terms, err := r.prefixTerms(fieldTitleFold, prefix, maxPrefixTerms)
			if err != nil {
				return nil, err
			}
			fbit := uint32(1) << searchFieldIndex(fieldTitleFold)
			for _, t := range terms {
				p.terms = append(p.terms, &termPlan{field: fieldTitleFold, fbit: fbit, term: []byte(t), weight: 1,
					bit: bit, avgLen: 25, clause: len(complete)})
			}
			// Or a name that begins so (its beginnings are indexed).
			p.terms = append(p.terms, pl.namePrefixTerm(lastWord, 1, bit, len(complete)))
			p.units = append(p.units, unit{all: bit})
		}
	}
	p.text = len(p.units) > 0
	if !p.text {
		return []search.Suggestion{}, nil
	}
	if err := r.lookup(p); err != nil {
		return nil, err
	}
	sc := r.newScores()
	defer sc.release()
	if err := r.accumulate(ctx, p, sc); err != nil {
		return nil, err
	}
	col := r.collect(p, sc, f, nil, size*3, false)

	mk := newMarker(ix.analyzers, p)
	langs := search.Languages()
	if q.Lang != "" {
		langs = append([]string{q.Lang}, slices.DeleteFunc(slices.Clone(langs), func(l string) bool { return l == q.Lang })...)
	}
	seen := map[string]bool{}
	out = []search.Suggestion{}
	for _, c := range col.top {
		if len(out) == size {
			break
		}
		ss := r.segs[c.seg]
		id, err := ss.DocID(uint64(c.doc))
		if err != nil {
			return nil, err
		}
		titles := map[string]string{}
		var names []string
		err = ss.VisitDocument(uint64(c.doc), func(field string, _ byte, value []byte, _ []uint64) bool {
			if part, lang, ok := strings.Cut(field, "_"); ok && part == "title" && search.IsLanguage(lang) {
				titles[lang] = string(value)
			}
			if field == fieldNames {
				names = append(names, string(value))
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		s := search.Suggestion{ID: string(id), Type: r.valueOf(r.tables[c.seg].row(uint64(c.doc)), search.FacetType)}
		// A title may write the name the record matched by, in another
		// spelling; for other records the beginnings of names are not
		// worth their FoldName.
		named := ""
		if sc.field[sc.base[c.seg]+int(c.doc)]&namesBit != 0 {
			named = search.FoldName(lastWord)
		}
		for _, lang := range langs {
			if t := titles[lang]; t != "" && titleMatches(mk, lang, t, prefix, named) {
				s.Text, s.Lang = t, lang
				break
			}
		}
		if s.Text == "" {
			s.Text = matchingName(mk, names, text, prefix, search.FoldName(lastWord))
		}
		if s.Text == "" {
			for _, lang := range langs {
				if t := titles[lang]; t != "" {
					s.Text, s.Lang = t, lang
					break
				}
			}
		}
		if s.Text == "" && len(names) > 0 {
			s.Text = names[0]
		}
		key := strings.ToLower(s.Text)
		if s.Text == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s)
	}
	return out, nil
}

// titleMatches reports whether a title has the typed words: the complete
// ones (as the marker finds them) and a word beginning with the prefix
// (folded), or, when named is not "", one that begins as a name does whose
// beginning has that FoldName (see namePrefixes).
func titleMatches(mk *marker, lang, title, prefix, named string) bool {
	if prefix != "" && !hasBeginning(title, prefix, named) {
		return false
	}
	return len(mk.terms[textField("title", lang)]) == 0 || len(mk.marks(textField("title", lang), title, true)) > 0
}

// hasBeginning reports whether a word of text begins with prefix (a Fold)
// or, when named is not "", has a beginning whose FoldName is named.
func hasBeginning(text, prefix, named string) bool {
	for _, sp := range search.Segment(text) {
		word := text[sp.Start:sp.End]
		if strings.HasPrefix(search.Fold(word), prefix) || named != "" && namePrefixMatch(word, named) {
			return true
		}
	}
	return false
}

// matchingName returns the first of names that has the typed words (text,
// whose last, incomplete word is prefix as folded and named as a name's
// beginning is, both "" when text ends with a space), those written in the
// script typed first; or "" when none has them.
func matchingName(mk *marker, names []string, text, prefix, named string) string {
	latin, cyrillic := scripts(text)
	sameScript := func(name string) bool {
		l, c := scripts(name)
		return l == latin && c == cyrillic
	}
	for _, pass := range []bool{true, false} {
		for _, name := range names {
			if sameScript(name) != pass {
				continue
			}
			if prefix != "" && !hasBeginning(name, prefix, named) {
				continue
			}
			if len(mk.named) > 0 && len(mk.nameMarks(name)) == 0 {
				continue
			}
			return name
		}
	}
	return ""
}
