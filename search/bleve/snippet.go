package bleve

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/ca-uncac/hub/search"
)

// Snippets are cut from the stored text of the hits, here rather than by
// bleve's highlighter: that one needs the positions of every match of every
// hit, collected while searching, for the twenty hits it shows.

const (
	// snippetRunes is the length of a snippet.
	snippetRunes = 200
	// snippetLead is how much text comes before the first match in it.
	snippetLead = 40
	// maxMarkedBytes bounds the text analysed to find matches: a snippet
	// comes from the start of a long body. The first firstMarkedBytes are
	// analysed first, and the rest only when they have no match.
	maxMarkedBytes   = 32 << 10
	firstMarkedBytes = 4 << 10
)

// marker recognises a query's matches in stored text.
type marker struct {
	analyzers map[string]analysis.Analyzer
	// terms are the analysed terms looked up in each field.
	terms map[string]map[string]bool
	// folded are the terms looked up in the folded fields: a word whose
	// Fold is among them is a cross-script (or typo) match in any field.
	folded map[string]bool
	// named are the terms looked up in the names, and namePre the
	// beginnings of names that some record has: a word whose FoldName is
	// among the first, or begins as one of the second, is a person's name
	// the query asked for, in whatever script or spelling.
	named, namePre map[string]bool
}

func newMarker(analyzers map[string]analysis.Analyzer, p *plan) *marker {
	m := &marker{analyzers: analyzers, terms: map[string]map[string]bool{}, folded: map[string]bool{},
		named: map[string]bool{}, namePre: map[string]bool{}}
	add := func(field string, term []byte, excluded bool) {
		if excluded {
			return
		}
		if m.terms[field] == nil {
			m.terms[field] = map[string]bool{}
		}
		m.terms[field][string(term)] = true
		if i := searchFieldIndex(field); i >= 0 && searchFields[i].folded {
			m.folded[string(term)] = true
		}
		if field == fieldNames {
			m.named[string(term)] = true
		}
	}
	// Of the names and their beginnings, only those some record has: every
	// query looks its words up in the names, and comparing the words of a
	// text with them costs a FoldName per word (and per letter, for a
	// beginning).
	for _, tp := range p.terms {
		switch {
		case tp.field == fieldNamePre:
			if tp.df > 0 && tp.bit&p.exclude == 0 {
				m.namePre[string(tp.term)] = true
			}
		case tp.field == fieldNames && tp.df == 0:
		case !tp.constant:
			add(tp.field, tp.term, tp.bit&p.exclude != 0)
		}
	}
	for _, pp := range p.phrases {
		if pp.field == fieldNames && !slices.ContainsFunc(pp.pls, func(pls []segment.PostingsList) bool { return pls != nil }) {
			continue
		}
		for _, t := range pp.terms {
			add(pp.field, t, pp.bit&p.exclude != 0)
		}
	}
	return m
}

// span is a match's byte range in a text.
type span struct{ start, end int }

// marks returns the matches of the query in text, a value of field.
// Words are recognised by the field's own terms and, when cross is set, by
// their Fold too (a match through the fold fields; Fold is slow enough to
// be worth skipping when the field matched by itself).
func (m *marker) marks(field, text string, cross bool) []span {
	if len(text) > firstMarkedBytes {
		if out := m.marks(field, prefix(text, firstMarkedBytes), cross); len(out) > 0 {
			return out
		}
	}
	text = prefix(text, maxMarkedBytes)
	i := searchFieldIndex(field)
	if i < 0 {
		return nil
	}
	terms := m.terms[field]
	folded := searchFields[i].folded
	named := cross && (len(m.named) > 0 || len(m.namePre) > 0)
	cross = cross && len(m.folded) > 0
	var out []span
	if folded {
		// The fold analyzer is search.Segment and Fold: done here without
		// bleve's tokens, which cost more than the work itself.
		for _, sp := range search.Segment(text) {
			word := text[sp.Start:sp.End]
			t := foldCached([]byte(word))
			if terms[t] || cross && m.folded[t] || named && m.isName(word) {
				if n := len(out); n > 0 && out[n-1].end > sp.Start {
					continue
				}
				out = append(out, span{sp.Start, sp.End})
			}
		}
		return out
	}
	for _, tok := range m.analyzers[searchFields[i].analyzer].Analyze([]byte(text)) {
		hit := terms[string(tok.Term)]
		if !hit && cross {
			hit = m.folded[foldCached([]byte(text[tok.Start:tok.End]))]
		}
		if !hit && named {
			hit = m.isName(text[tok.Start:tok.End])
		}
		if hit {
			if n := len(out); n > 0 && out[n-1].end > tok.Start {
				continue // overlapping tokens
			}
			out = append(out, span{tok.Start, tok.End})
		}
	}
	return out
}

// isName reports whether word is one of the names (or beginnings of
// names) the query looked for.
func (m *marker) isName(word string) bool {
	f := nameCached([]byte(word))
	if m.named[f] {
		return true
	}
	if f == "" || len(m.namePre) == 0 {
		return false
	}
	for p := range m.namePre {
		if namePrefixMatch(word, p) {
			return true
		}
	}
	return false
}

// nameMarks returns the words of a name (a value of Document.Names) that
// are whole words the query looked for in the names.
func (m *marker) nameMarks(name string) []span {
	var out []span
	for _, sp := range search.Segment(name) {
		if m.named[nameCached([]byte(name[sp.Start:sp.End]))] {
			out = append(out, span{sp.Start, sp.End})
		}
	}
	return out
}

// prefix returns about the first n bytes of text, ending at a space when
// one is near (so that no word is cut in two), or at a rune boundary.
func prefix(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if sp := strings.LastIndexFunc(text[:cut], unicode.IsSpace); sp > cut*3/4 {
		cut = sp
	}
	return text[:cut]
}

// fragment cuts a snippet of about snippetRunes around the densest run of
// marks, escaped, with the marks in <mark>.
func fragment(text string, marks []span) string {
	if len(marks) > 200 {
		marks = marks[:200]
	}
	// Byte offset of each rune boundary is walked lazily: the window is
	// measured in runes from its start.
	bestStart, bestCount := 0, -1
	for i, mk := range marks {
		start := backUp(text, mk.start, snippetLead)
		end := forward(text, start, snippetRunes)
		count := 0
		for _, m2 := range marks[i:] {
			if m2.end > end {
				break
			}
			count++
		}
		if count > bestCount {
			bestStart, bestCount = start, count
		}
	}
	start := bestStart
	end := forward(text, start, snippetRunes)
	// End at a word boundary when one is near.
	if end < len(text) {
		if sp := strings.LastIndexFunc(text[start:end], unicode.IsSpace); sp > (end-start)/2 {
			end = start + sp
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, mk := range marks {
		if mk.start < start || mk.end > end {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:mk.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[mk.start:mk.end]))
		b.WriteString("</mark>")
		pos = mk.end
	}
	b.WriteString(html.EscapeString(strings.TrimRightFunc(text[pos:end], unicode.IsSpace)))
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

// backUp returns the offset about n runes before at, at the start of a
// word (or of the text).
func backUp(text string, at, n int) int {
	i := at
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	if i == 0 {
		return 0
	}
	// Move forward to the next word start.
	for j, r := range text[i:at] {
		if unicode.IsSpace(r) {
			return i + j + utf8.RuneLen(r)
		}
	}
	return at
}

// forward returns the offset n runes after from (or the text's end).
func forward(text string, from, n int) int {
	i := from
	for k := 0; k < n && i < len(text); k++ {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// storedText is a hit's stored text fields.
type storedText map[string]string

// snippet picks a fragment of a hit's text: in the reader's languages
// first (chain: their own, then those they read next), then in the others
// in the hub's order; within a language from the
// summary, else the body, else the title (the first of them with a match).
// matched has the bits of the fields the hit matched in: when a text field
// matched, only such fields are looked at; when the hit matched only
// through the fold, title-fold, terms or names fields, every text field is,
// for a cross-script match (a name is marked where the text writes it, in
// any spelling). Without any match in the text, the snippet is the
// start of a summary or title.
func (m *marker) snippet(texts storedText, matched uint32, chain []string) (string, string) {
	var langs []string
	for _, l := range append(slices.Clip(chain), search.Languages()...) {
		if l != "" && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	direct := false
	for _, lang := range langs {
		for _, p := range textParts {
			if matched&(1<<searchFieldIndex(textField(p.name, lang))) != 0 {
				direct = true
			}
		}
	}
	// A hit that matched in no text field, nor in the fold fields or the
	// names, matched only through its taxonomy terms (or tags): no text has
	// the words.
	cross := matched&(1<<searchFieldIndex(fieldFold)|1<<searchFieldIndex(fieldTitleFold)|namesBit) != 0
	for _, lang := range langs {
		if !direct && !cross {
			break
		}
		for _, part := range []string{"summary", "body", "title"} {
			field := textField(part, lang)
			text := texts[field]
			if text == "" || direct && matched&(1<<searchFieldIndex(field)) == 0 {
				continue
			}
			if marks := m.marks(field, text, !direct); len(marks) > 0 {
				return fragment(text, marks), lang
			}
		}
	}
	for _, lang := range langs {
		for _, part := range []string{"summary", "title"} {
			if text := texts[textField(part, lang)]; text != "" {
				return html.EscapeString(cut(text, snippetRunes)), lang
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
