package extract

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// PDF text comes out of the page's content stream glyph by glyph, each at a
// position on the page. Many producers never draw a space character between
// words: Word and LibreOffice justify a line by placing every word where it
// belongs, TeX and InDesign move the pen with TJ offsets, some generators
// place every letter on its own. Joined by their characters alone such words
// run together ("законопротиводействии") and cannot be found. So the text is
// laid out again from the geometry: a space where the pen jumps forward
// between two glyphs on a line, a line break where the baseline moves.
//
// The thresholds are fractions of the font size (an em):
//
//   - spaceGap: a gap wider than 0.15 em between the end of one glyph (its
//     advance, with character and word spacing) and the start of the next is
//     a word break. The narrowest natural spaces are about 0.2 em (Calibri
//     0.226, Times 0.25, Helvetica and Arial 0.278, Courier 0.6), and
//     justification only widens them (TeX may shrink them to about 0.2 em);
//     inside a word the pen moves by kerning (negative, rarely beyond -0.1 em),
//     by tracking (a few hundredths of an em) and by rounding. 0.15 em sits
//     between the two; pdf.js and poppler use about 0.1, which splits words
//     set with loose tracking.
//   - backGap: the pen moving back by more than 0.5 em on the same line is
//     a new piece of text (text drawn out of order, a table cell), and is
//     taken as a word break too. Kerning moves back far less; a combining
//     mark drawn back over its letter never takes a space.
//   - lineShift: the baseline moving by more than 0.5 em across the text
//     direction is a new line. Superscripts and subscripts (footnote marks,
//     "м²") move less and stay on their line.
//
// Character spacing (Tc) is part of a glyph's advance, so letter-spaced
// emphasis (разрядка, common in Russian texts) is not split into letters, and
// the gaps measured are only the producer's explicit moves (Td, Tm, TJ).
// Spaces already in the text are kept, and no space is added next to one.
const (
	spaceGap  = 0.15
	backGap   = 0.5
	lineShift = 0.5
)

// Bounds on what a hostile file can make the reader do.
const (
	maxPageNodes = 100_000 // page tree nodes visited
	maxPageDepth = 64      // page tree depth
	maxSavedGS   = 256     // nested q operators that are remembered
)

// maxOps bounds the content operators interpreted in one file, about ten
// seconds' work: pages that share one content stream, or a small stream
// that inflates to gigabytes of operators without text, end there. Letters
// placed one by one take three operators each, so the text kept (MaxChars)
// fits well within it. A variable for the tests.
var maxOps = 8 * MaxChars

// errEnough stops reading a page once more text than is kept has been
// read, or the operator budget is spent.
var errEnough = errors.New("enough text")

// pdfText reads the text of every page in page order, laying each page out
// from its glyphs' positions (see spaceGap). Pages are read one by one with
// their own fonts (a font name such as /F1 may mean different fonts on
// different pages). A page whose content is damaged keeps the text read
// before the damage; the file is an error only when no page gave text.
func pdfText(r io.ReaderAt, size int64) (string, error) {
	if checkPDFStructure {
		if err := checkStructure(r, size); err != nil {
			return "", err
		}
	}
	rd, err := pdf.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("pdf: %w", err)
	}
	var l layout
	var firstErr error
	page, nodes := 0, 0
	walkPages(rd.Trailer().Key("Root").Key("Pages"), 0, &nodes, func(v pdf.Value) bool {
		page++
		if err := pageText(pdf.Page{V: v}, &l); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("pdf page %d: %w", page, err)
		}
		l.endPage()
		return !l.full()
	})
	if firstErr != nil && !hasLetters(l.out.String()) {
		return "", firstErr
	}
	return l.out.String(), nil
}

// walkPages calls visit for each page under the page tree node v, in order,
// until visit returns false. It reports whether to go on. The tree is walked
// directly rather than through Reader.Page(i), which walks it again for each
// page and follows a loop in a damaged tree for ever.
func walkPages(v pdf.Value, depth int, nodes *int, visit func(pdf.Value) bool) bool {
	*nodes++
	if *nodes > maxPageNodes {
		return false
	}
	if depth > maxPageDepth {
		return true // a loop in the tree: this branch ends here
	}
	kids := v.Key("Kids")
	if v.Key("Type").Name() == "Pages" || v.Key("Type").IsNull() && kids.Kind() == pdf.Array {
		for i := range kids.Len() {
			if !walkPages(kids.Index(i), depth+1, nodes, visit) {
				return false
			}
		}
		return true
	}
	if v.Kind() != pdf.Dict {
		return true
	}
	return visit(v)
}

// inherited finds an entry of a page that its page tree nodes may hold for
// it, going up through /Parent at most maxPageDepth times: the PDF
// reader's Page.Resources follows /Parent without end, and a page can be
// its own parent.
func inherited(v pdf.Value, key string) pdf.Value {
	for range maxPageDepth {
		if v.IsNull() {
			break
		}
		if r := v.Key(key); !r.IsNull() {
			return r
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// affine is a PDF transformation matrix [a b c d e f]: a point (x, y) goes
// to (a·x + c·y + e, b·x + d·y + f).
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// mul returns m × n: first m, then n.
func (m affine) mul(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m affine) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// gstate is the part of the graphics state that places text.
type gstate struct {
	ctm, tm, tlm              affine
	tc, tw, th, tl, tfs, rise float64
	font                      *pdfFont
}

// pageText interprets one page's content stream and lays its glyphs out into
// l. Form XObjects are not entered (nor were they before); annotations are
// not text of the page.
func pageText(p pdf.Page, l *layout) (err error) {
	defer func() {
		if v := recover(); v != nil {
			if e, ok := v.(error); ok && errors.Is(e, errEnough) {
				return
			}
			err = fmt.Errorf("malformed content: %v", v)
		}
	}()
	contents := p.V.Key("Contents")
	if contents.Kind() != pdf.Stream && contents.Kind() != pdf.Array {
		return nil
	}
	resources := inherited(p.V, "Resources").Key("Font")
	fonts := map[string]*pdfFont{}
	unknown := newUnknownFont()
	font := func(name string) *pdfFont {
		if f, ok := fonts[name]; ok {
			return f
		}
		f := unknown
		if v := resources.Key(name); v.Kind() == pdf.Dict {
			f = loadFont(v)
		}
		fonts[name] = f
		return f
	}

	g := gstate{ctm: identity, tm: identity, tlm: identity, th: 1, font: unknown}
	var saved []gstate
	dropped := 0          // q operators beyond maxSavedGS
	var args [6]pdf.Value // no operator that places text takes more
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		if l.ops++; l.full() {
			panic(errEnough)
		}
		n := stk.Len()
		for i := n - 1; i >= 0; i-- {
			v := stk.Pop()
			if i < len(args) {
				args[i] = v
			}
		}
		if n > len(args) {
			return
		}
		num := func(i int) float64 { return args[i].Float64() }
		switch op {
		case "q":
			if len(saved) < maxSavedGS {
				saved = append(saved, g)
			} else {
				dropped++
			}
		case "Q":
			switch {
			case dropped > 0:
				dropped--
			case len(saved) > 0:
				g = saved[len(saved)-1]
				saved = saved[:len(saved)-1]
			}
		case "cm":
			if n == 6 {
				g.ctm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
			}
		case "BT":
			g.tm, g.tlm = identity, identity
		case "Tc":
			if n == 1 {
				g.tc = num(0)
			}
		case "Tw":
			if n == 1 {
				g.tw = num(0)
			}
		case "Tz":
			if n == 1 {
				g.th = num(0) / 100
			}
		case "TL":
			if n == 1 {
				g.tl = num(0)
			}
		case "Ts":
			if n == 1 {
				g.rise = num(0)
			}
		case "Tf":
			if n == 2 {
				g.font = font(args[0].Name())
				g.tfs = num(1)
			}
		case "TD", "Td":
			if n == 2 {
				if op == "TD" {
					g.tl = -num(1)
				}
				g.tlm = affine{1, 0, 0, 1, num(0), num(1)}.mul(g.tlm)
				g.tm = g.tlm
			}
		case "Tm":
			if n == 6 {
				g.tlm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}
				g.tm = g.tlm
			}
		case "T*":
			g.nextLine()
		case "Tj":
			if n == 1 {
				g.show(l, args[0].RawString())
			}
		case "'":
			if n == 1 {
				g.nextLine()
				g.show(l, args[0].RawString())
			}
		case "\"":
			if n == 3 {
				g.tw, g.tc = num(0), num(1)
				g.nextLine()
				g.show(l, args[2].RawString())
			}
		case "TJ":
			if n == 1 {
				a := args[0]
				for i := range a.Len() {
					switch x := a.Index(i); x.Kind() {
					case pdf.String:
						g.show(l, x.RawString())
					case pdf.Integer, pdf.Real:
						// A number moves the pen back by thousandths of
						// the font size: a large negative one is a gap.
						g.advance(-x.Float64() / 1000 * g.tfs * g.th)
					}
				}
			}
		}
	})
	return nil
}

func (g *gstate) nextLine() {
	g.tlm = affine{1, 0, 0, 1, 0, -g.tl}.mul(g.tlm)
	g.tm = g.tlm
}

// advance moves the pen by tx along the text direction, in text space.
func (g *gstate) advance(tx float64) {
	g.tm[4] += tx * g.tm[0]
	g.tm[5] += tx * g.tm[1]
}

// show lays out the glyphs of one string shown with the current font.
func (g *gstate) show(l *layout, raw string) {
	f := g.font
	m := g.tm.mul(g.ctm)
	// The text direction, and the size of an em along and across it, on
	// the page.
	along := math.Hypot(m[0], m[1])
	if along == 0 || math.IsNaN(along) || math.IsInf(along, 0) {
		return
	}
	dir := [2]float64{m[0] / along, m[1] / along}
	emX := math.Abs(g.tfs * g.th * along)
	emY := math.Abs(g.tfs * math.Hypot(m[2], m[3]))
	step := 1
	if f.twoByte {
		step = 2
	}
	x := 0.0
	for i := 0; i+step <= len(raw); i += step {
		code := int(raw[i])
		if step == 2 {
			code = code<<8 | int(raw[i+1])
		}
		text := f.text(code, raw[i:i+step])
		adv := f.width(code, text)*g.tfs + g.tc
		if step == 1 && code == ' ' {
			adv += g.tw
		}
		adv *= g.th
		sx, sy := m.apply(x, g.rise)
		ex, ey := m.apply(x+adv, g.rise)
		l.glyph(text, sx, sy, ex, ey, dir, emX, emY)
		x += adv
	}
	g.advance(x)
}

// layout writes glyphs as text, with the spaces and line breaks that their
// positions call for.
type layout struct {
	out strings.Builder
	// The last glyph with text on this page: where it ended, its direction
	// and its em along and across.
	have     bool
	ex, ey   float64
	dir      [2]float64
	emX, emY float64
	// Whether the text written so far ends with white space.
	space bool
	// Content operators interpreted so far.
	ops int
}

// full reports whether reading can stop: more text than is kept, or the
// operator budget spent.
func (l *layout) full() bool { return l.ops > maxOps || enough(&l.out) }

func (l *layout) glyph(text string, sx, sy, ex, ey float64, dir [2]float64, emX, emY float64) {
	if text == "" || text == "\uFFFD" {
		// A glyph without text (no Unicode mapping) keeps its width in
		// the gap to the next one: it is more often a space than a letter.
		return
	}
	first, size := utf8.DecodeRuneInString(text)
	if size == len(text) && first >= 0xFB00 && first <= 0xFB06 {
		// TeX's fonts map their ligature glyphs to the presentation
		// forms (ﬁ); searches type the letters.
		text = ligatures[first-0xFB00]
		first = rune(text[0])
	}
	if l.have {
		dx, dy := sx-l.ex, sy-l.ey
		gap := dx*l.dir[0] + dy*l.dir[1]
		shift := dy*l.dir[0] - dx*l.dir[1]
		x, y := max(l.emX, emX), max(l.emY, emY)
		turned := dir[0]*l.dir[0]+dir[1]*l.dir[1] < 0.99
		switch {
		case turned || math.Abs(shift) > lineShift*y:
			l.out.WriteByte('\n')
			l.space = true
		case l.space || unicode.IsSpace(first) || unicode.Is(unicode.Mn, first):
		case gap > spaceGap*x || gap < -backGap*x:
			l.out.WriteByte(' ')
			l.space = true
		}
	}
	l.out.WriteString(text)
	last, _ := utf8.DecodeLastRuneInString(text)
	l.space = unicode.IsSpace(last)
	l.have, l.ex, l.ey, l.dir, l.emX, l.emY = true, ex, ey, dir, emX, emY
}

// ligatures are the letters of U+FB00..U+FB06.
var ligatures = [...]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}

// endPage ends a page with a blank line.
func (l *layout) endPage() {
	if l.out.Len() > 0 {
		l.out.WriteString("\n\n")
	}
	l.have, l.space = false, true
}
