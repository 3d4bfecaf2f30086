package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the query language.
const (
	// MaxTerms bounds the words of a query, counting the words of phrases;
	// words beyond it are ignored.
	MaxTerms = 32
	// MaxQueryBytes bounds the query text that is read at all; the rest is
	// ignored (MaxTerms words fit in it many times over).
	MaxQueryBytes = 4096
	// MaxWordRunes bounds a word; longer words are cut.
	MaxWordRunes = 64
)

// Clause is one part of a parsed query.
type Clause struct {
	// Words are the clause's words as typed (not folded or lower-cased), in
	// order. A clause has at least one word.
	Words []string
	// Phrase says the words must appear next to each other, in order. It is
	// set for "quoted text" and for a word that punctuation splits into
	// several (anti-corruption, title:x); a quoted single word is a phrase
	// of one word, which means no typo tolerance.
	Phrase bool
	// Prefix says the (single) word is a prefix: it was typed with a
	// trailing *.
	Prefix bool
	// Exclude says matching records are left out: the clause was typed with
	// a leading -.
	Exclude bool
	// Quoted says the clause was typed in quotes: the reader insists on it,
	// so a relaxed search never drops it (see RelaxBelow).
	Quoted bool
	// Typed is the clause as typed, without its operators and quotes (a
	// clause that punctuation splits keeps its punctuation:
	// "anti-corruption"), for telling the reader which words a record lacks.
	Typed string
}

// ParseQuery parses the query language:
//
//   - words: a record must contain every word (in any language field, through
//     stemming, folding or typo tolerance); when fewer than RelaxBelow
//     records have them all, records with most of them follow;
//   - "a quoted phrase" (also “…”, «…», „…“): the words in this order; an
//     unclosed quote runs to the end of the text;
//   - -word or -"phrase": records containing it are left out;
//   - word*: a prefix;
//   - a leading + is accepted and ignored.
//
// There are no other operators: AND, OR, NOT, field:value, parentheses,
// ~, ^ and the rest of bleve's query-string syntax are plain text, and
// characters that are not part of words (see Segment) only separate words.
// Control characters are spaces and invalid UTF-8 is ignored. ParseQuery
// never fails; at most MaxTerms words are kept. A text without words yields
// no clauses.
func ParseQuery(text string) []Clause {
	if len(text) > MaxQueryBytes {
		text = text[:MaxQueryBytes]
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, " ")
	}
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)

	p := parser{text: text}
	var clauses []Clause
	budget := MaxTerms
	for budget > 0 {
		c, ok := p.next()
		if !ok {
			break
		}
		if len(c.Words) == 0 {
			continue
		}
		if len(c.Words) > budget {
			c.Words = c.Words[:budget]
		}
		budget -= len(c.Words)
		clauses = append(clauses, c)
	}
	return clauses
}

type parser struct {
	text string
	pos  int
}

// next reads one clause; ok is false at the end of the text. The clause may
// have no words (a lone "-", say), and then the caller skips it.
func (p *parser) next() (c Clause, ok bool) {
	// Skip spaces.
	for p.pos < len(p.text) {
		r, n := utf8.DecodeRuneInString(p.text[p.pos:])
		if !unicode.IsSpace(r) {
			break
		}
		p.pos += n
	}
	if p.pos >= len(p.text) {
		return Clause{}, false
	}
	// Operators at the start of a clause.
ops:
	for ; p.pos < len(p.text); p.pos++ {
		switch p.text[p.pos] {
		case '-':
			c.Exclude = true
		case '+':
		default:
			break ops
		}
	}
	if p.pos >= len(p.text) {
		return c, true
	}
	if r, n := utf8.DecodeRuneInString(p.text[p.pos:]); isQuote(r) {
		p.pos += n
		end := strings.IndexFunc(p.text[p.pos:], isQuote)
		var phrase string
		if end < 0 {
			phrase, p.pos = p.text[p.pos:], len(p.text)
		} else {
			phrase = p.text[p.pos : p.pos+end]
			_, qn := utf8.DecodeRuneInString(p.text[p.pos+end:])
			p.pos += end + qn
		}
		c.Words = words(phrase)
		c.Phrase, c.Quoted = true, true
		c.Typed = strings.TrimFunc(phrase, notWordRune)
		return c, true
	}
	end := strings.IndexFunc(p.text[p.pos:], func(r rune) bool {
		return unicode.IsSpace(r) || isQuote(r)
	})
	if end < 0 {
		end = len(p.text) - p.pos
	}
	raw := p.text[p.pos : p.pos+end]
	p.pos += end
	c.Words = words(raw)
	c.Typed = strings.TrimFunc(raw, notWordRune)
	switch {
	case len(c.Words) > 1:
		c.Phrase = true
	case len(c.Words) == 1 && strings.HasSuffix(raw, "*"):
		c.Prefix = true
	}
	return c, true
}

// words returns the words of s, each cut to MaxWordRunes.
func words(s string) []string {
	spans := Segment(s)
	ws := make([]string, 0, len(spans))
	for _, sp := range spans {
		w := s[sp.Start:sp.End]
		if utf8.RuneCountInString(w) > MaxWordRunes {
			cut, n := 0, 0
			for i := range w {
				if n == MaxWordRunes {
					cut = i
					break
				}
				n++
			}
			w = w[:cut]
		}
		ws = append(ws, w)
	}
	return ws
}

// notWordRune reports whether r is neither a letter, a digit nor a mark:
// what is trimmed off the ends of Clause.Typed.
func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}

func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‟', '＂':
		return true
	}
	return false
}
