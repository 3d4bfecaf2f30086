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
// language and script (the folded title field), the best first.
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
	prefix := ""
	if r, _ := utf8.DecodeLastRuneInString(text); last.End == len(text) && !unicode.IsSpace(r) {
		prefix = search.Fold(text[last.Start:last.End])
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
		if f.part == "title" {
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
	col := r.collect(p, sc, f, nil, size*3, false, false)

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
		err = ss.VisitDocument(uint64(c.doc), func(field string, _ byte, value []byte, _ []uint64) bool {
			if part, lang, ok := strings.Cut(field, "_"); ok && part == "title" && search.IsLanguage(lang) {
				titles[lang] = string(value)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		s := search.Suggestion{ID: string(id), Type: r.valueOf(r.tables[c.seg].row(uint64(c.doc)), search.FacetType)}
		for _, lang := range langs {
			if t := titles[lang]; t != "" && titleMatches(mk, lang, t, prefix) {
				s.Text, s.Lang = t, lang
				break
			}
		}
		if s.Text == "" {
			for _, lang := range langs {
				if t := titles[lang]; t != "" {
					s.Text, s.Lang = t, lang
					break
				}
			}
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
// ones (as the marker finds them) and a word beginning with the prefix.
func titleMatches(mk *marker, lang, title, prefix string) bool {
	if prefix != "" {
		found := false
		for _, sp := range search.Segment(title) {
			if strings.HasPrefix(search.Fold(title[sp.Start:sp.End]), prefix) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return len(mk.terms[textField("title", lang)]) == 0 || len(mk.marks(textField("title", lang), title, true)) > 0
}
