package library

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The version page shows what changed between two versions of a document,
// field by field, word by word. The difference is computed with Myers'
// algorithm, first over lines (long bodies change in a few places), then
// over the words of each changed stretch. Both passes give up past a
// number of edits and show the stretch as replaced, so a huge rewrite costs
// bounded time and memory.

// Kinds of diff segments.
const (
	segEqual  = 0
	segDelete = 1
	segInsert = 2
)

// segment is a run of text that is in both versions, only the old one or
// only the new one. Elided marks an equal run shortened for display.
type segment struct {
	Kind   int
	Text   string
	Elided bool
}

// Limits of the diff passes.
const (
	maxLineEdits = 4000
	maxWordEdits = 2000
	// contextChars is how much unchanged text is kept around a change when
	// a long unchanged run is shortened.
	contextChars = 160
)

// diffText returns the word-level difference from a to b.
func diffText(a, b string) []segment {
	if a == b {
		if a == "" {
			return nil
		}
		return []segment{{Kind: segEqual, Text: a}}
	}
	la, lb := splitLines(a), splitLines(b)
	var out []segment
	lines, ok := myers(la, lb, maxLineEdits)
	if !ok {
		lines = []edit[string]{}
		for _, l := range la {
			lines = append(lines, edit[string]{segDelete, l})
		}
		for _, l := range lb {
			lines = append(lines, edit[string]{segInsert, l})
		}
	}
	// Stretches of deleted and inserted lines are compared word by word.
	for i := 0; i < len(lines); {
		if lines[i].kind == segEqual {
			out = appendSeg(out, segEqual, lines[i].v)
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(lines) && lines[i].kind != segEqual; i++ {
			if lines[i].kind == segDelete {
				del.WriteString(lines[i].v)
			} else {
				ins.WriteString(lines[i].v)
			}
		}
		out = append(out, diffWords(del.String(), ins.String())...)
	}
	return mergeSegments(out)
}

// diffWords compares two stretches of text word by word.
func diffWords(a, b string) []segment {
	wa, wb := splitWords(a), splitWords(b)
	words, ok := myers(wa, wb, maxWordEdits)
	var out []segment
	if !ok {
		out = appendSeg(out, segDelete, a)
		return appendSeg(out, segInsert, b)
	}
	for _, w := range words {
		out = appendSeg(out, w.kind, w.v)
	}
	return out
}

func appendSeg(out []segment, kind int, text string) []segment {
	if text == "" {
		return out
	}
	if n := len(out); n > 0 && out[n-1].Kind == kind {
		out[n-1].Text += text
		return out
	}
	return append(out, segment{Kind: kind, Text: text})
}

// mergeSegments joins neighbours of the same kind.
func mergeSegments(in []segment) []segment {
	var out []segment
	for _, s := range in {
		out = appendSeg(out, s.Kind, s.Text)
	}
	return out
}

// splitLines splits s after each newline, keeping them.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// splitWords splits s into words, runs of white space and single
// punctuation marks, keeping everything, so that joining gives s back.
func splitWords(s string) []string {
	var out []string
	start := 0
	class := func(r rune) int {
		switch {
		case unicode.IsSpace(r):
			return 1
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == 'ʻ' || r == 'ʼ' || r == '\'' || r == '’':
			return 2
		}
		return 3
	}
	prev := 0
	for i, r := range s {
		c := class(r)
		if i > start && (c != prev || c == 3) {
			out = append(out, s[start:i])
			start = i
		}
		prev = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// edit is one step of an edit script.
type edit[T comparable] struct {
	kind int
	v    T
}

// myers returns an edit script turning a into b with the fewest deletions
// and insertions (Myers 1986), or false when that takes more than maxD
// edits. The common head and tail are taken out first.
func myers[T comparable](a, b []T, maxD int) ([]edit[T], bool) {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	var out []edit[T]
	for _, v := range a[:head] {
		out = append(out, edit[T]{segEqual, v})
	}
	mid, ok := myersCore(a[head:len(a)-tail], b[head:len(b)-tail], maxD)
	if !ok {
		return nil, false
	}
	out = append(out, mid...)
	for _, v := range a[len(a)-tail:] {
		out = append(out, edit[T]{segEqual, v})
	}
	return out, true
}

func myersCore[T comparable](a, b []T, maxD int) ([]edit[T], bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		var out []edit[T]
		for _, v := range a {
			out = append(out, edit[T]{segDelete, v})
		}
		for _, v := range b {
			out = append(out, edit[T]{segInsert, v})
		}
		return out, true
	}
	limit := min(maxD, n+m)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] is v as it was before round d, for k in [-d, d].
	var trace [][]int
	for d := 0; d <= limit; d++ {
		snap := make([]int, 2*d+1)
		copy(snap, v[off-d:off+d+1])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, d), true
			}
		}
	}
	return nil, false
}

// backtrack walks the recorded rounds back from the end to recover the
// edit script.
func backtrack[T comparable](a, b []T, trace [][]int, last int) []edit[T] {
	x, y := len(a), len(b)
	var rev []edit[T]
	for d := last; d > 0; d-- {
		prev := trace[d] // v after round d-1, indexed k+d
		at := func(k int) int { return prev[k+d] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, edit[T]{segEqual, a[x]})
		}
		if x == px {
			y--
			rev = append(rev, edit[T]{segInsert, b[y]})
		} else {
			x--
			rev = append(rev, edit[T]{segDelete, a[x]})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, edit[T]{segEqual, a[x]})
	}
	out := make([]edit[T], len(rev))
	for i, e := range rev {
		out[len(rev)-1-i] = e
	}
	return out
}

// elide shortens long unchanged runs to their ends around the changes, so a
// one-word change in a long law shows as a few lines.
func elide(segs []segment) []segment {
	out := make([]segment, 0, len(segs))
	for i, s := range segs {
		if s.Kind != segEqual || utf8.RuneCountInString(s.Text) <= 3*contextChars {
			out = append(out, s)
			continue
		}
		r := []rune(s.Text)
		first, last := i == 0, i == len(segs)-1
		switch {
		case first && last:
			out = append(out, s)
		case first:
			out = append(out, segment{Kind: segEqual, Elided: true}, segment{Kind: segEqual, Text: string(r[len(r)-contextChars:])})
		case last:
			out = append(out, segment{Kind: segEqual, Text: string(r[:contextChars])}, segment{Kind: segEqual, Elided: true})
		default:
			out = append(out, segment{Kind: segEqual, Text: string(r[:contextChars])}, segment{Kind: segEqual, Elided: true},
				segment{Kind: segEqual, Text: string(r[len(r)-contextChars:])})
		}
	}
	return out
}
