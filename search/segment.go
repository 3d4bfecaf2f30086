package search

import (
	"unicode"
	"unicode/utf8"
)

// Span is the byte range [Start, End) of a word in a string.
type Span struct {
	Start, End int
}

// Segment splits text into words: runs of letters, combining marks and
// digits. An apostrophe between two letters belongs to the word, whichever
// of the variants in use it is (Uzbek "Oʻzbekiston", "O`zbekiston",
// "O‘zbekiston" are one word each); everything else separates words, as do
// invalid UTF-8 bytes. The query parser and the index tokenizer share it so
// that both cut text the same way.
func Segment(text string) []Span {
	var spans []Span
	start := -1
	prevLetter := false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			// invalid byte: a separator
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if start < 0 {
				start = i
			}
			prevLetter = unicode.IsLetter(r) || (prevLetter && unicode.IsMark(r))
			i += n
			continue
		case isApostrophe(r) && start >= 0 && prevLetter:
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if unicode.IsLetter(next) {
				prevLetter = false
				i += n
				continue
			}
		}
		if start >= 0 {
			spans = append(spans, Span{start, i})
			start = -1
		}
		prevLetter = false
		i += n
	}
	if start >= 0 {
		spans = append(spans, Span{start, len(text)})
	}
	return spans
}

// FoldedWords returns the words of s after Fold, as the fold analyzer
// indexes them.
func FoldedWords(s string) []string {
	f := Fold(s)
	var out []string
	for _, sp := range Segment(f) {
		out = append(out, f[sp.Start:sp.End])
	}
	return out
}
