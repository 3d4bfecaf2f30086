package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// pdfFont is what laying out text needs of a font: how to cut a string into
// character codes, the text of a code, and the width of its glyph.
type pdfFont struct {
	enc     pdf.TextEncoding
	twoByte bool // composite (Type0) fonts: two-byte codes

	// Simple fonts: Widths from FirstChar, in glyph space units, times
	// scale (1/1000, or a Type 3 font's FontMatrix) for the width in ems.
	first  int
	widths []float64
	scale  float64
	// Composite fonts: the descendant's W, by CID (Identity: CID = code).
	cids   map[int]float64
	ranges []cidRange
	// A standard 14 font (or a metric twin: Arial, Times New Roman,
	// Courier New) without Widths: Adobe's metrics.
	std *stdFont
	// The width in ems of a glyph nothing else gives a width for.
	missing float64

	text1 [256]string // decoded one-byte codes
	done1 [256]bool
	text2 map[int]string // decoded two-byte codes
}

type cidRange struct {
	first, last int
	width       float64 // glyph space units
}

// rawEncoding passes codes through as text, as the PDF reader does for a
// font it cannot find.
type rawEncoding struct{}

func (rawEncoding) Decode(raw string) string { return raw }

// newUnknownFont is the font of text shown before any Tf, or with a font
// name that the page does not define.
func newUnknownFont() *pdfFont {
	return &pdfFont{enc: rawEncoding{}, scale: 0.001, missing: 0.5}
}

// loadFont reads a font dictionary.
func loadFont(v pdf.Value) *pdfFont {
	pf := pdf.Font{V: v}
	f := &pdfFont{enc: pf.Encoder(), scale: 0.001, missing: 0.5}
	if f.enc == nil {
		f.enc = rawEncoding{}
	}
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		f.text2 = map[int]string{}
		d := v.Key("DescendantFonts").Index(0)
		f.missing = 1 // the default DW is 1000
		if dw := d.Key("DW"); isNumber(dw) {
			f.missing = dw.Float64() / 1000
		}
		f.readW(d.Key("W"))
		return f
	}
	if v.Key("Subtype").Name() == "Type3" {
		if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
			f.scale = m.Index(0).Float64()
		}
	}
	if w := v.Key("Widths"); w.Len() > 0 && w.Len() <= 256 {
		f.widths = make([]float64, w.Len())
		zero := true
		for i := range f.widths {
			f.widths[i] = w.Index(i).Float64()
			zero = zero && f.widths[i] == 0
		}
		if zero {
			// All zero: a broken producer; a width of 0 would turn every
			// glyph positioned on its own into a word.
			f.widths = nil
		}
		f.first = int(v.Key("FirstChar").Int64())
	}
	desc := v.Key("FontDescriptor")
	if mw := desc.Key("MissingWidth").Float64(); mw > 0 {
		f.missing = mw * f.scale
	}
	if f.widths == nil {
		f.std = standardFont(v.Key("BaseFont").Name())
		if aw := desc.Key("AvgWidth").Float64(); f.std == nil && aw > 0 {
			f.missing = aw * f.scale
		}
	}
	return f
}

func isNumber(v pdf.Value) bool { return v.Kind() == pdf.Integer || v.Kind() == pdf.Real }

// readW reads a CIDFont's W array: "c [w1 w2 …]" gives the widths of CIDs
// from c on, "first last w" one width for a range. Codes have two bytes, so
// no more than 65,536 widths and ranges are kept: a longer array (a file's
// way to make each glyph's width lookup slow) is cut there.
func (f *pdfFont) readW(w pdf.Value) {
	f.cids = map[int]float64{}
	for i := 0; i < w.Len() && len(f.cids)+len(f.ranges) < 1<<16; {
		c := w.Index(i)
		if c.Kind() != pdf.Integer {
			return
		}
		next := w.Index(i + 1)
		switch {
		case next.Kind() == pdf.Array:
			first := int(c.Int64())
			for j := range min(next.Len(), 1<<16) {
				f.cids[first+j] = next.Index(j).Float64()
			}
			i += 2
		case next.Kind() == pdf.Integer && isNumber(w.Index(i+2)):
			f.ranges = append(f.ranges, cidRange{int(c.Int64()), int(next.Int64()), w.Index(i + 2).Float64()})
			i += 3
		default:
			return
		}
	}
}

// text is the text of a character code (raw is its bytes).
func (f *pdfFont) text(code int, raw string) string {
	if !f.twoByte {
		if !f.done1[code] {
			f.text1[code], f.done1[code] = f.enc.Decode(raw), true
		}
		return f.text1[code]
	}
	t, ok := f.text2[code]
	if !ok {
		t = f.enc.Decode(raw)
		f.text2[code] = t
	}
	return t
}

// width is the advance of a code's glyph in ems (text space units for a
// font size of 1); text is what the code decodes to.
func (f *pdfFont) width(code int, text string) float64 {
	switch {
	case f.twoByte:
		if w, ok := f.cids[code]; ok {
			return w / 1000
		}
		for _, r := range f.ranges {
			if r.first <= code && code <= r.last {
				return r.width / 1000
			}
		}
	case f.widths != nil:
		if i := code - f.first; i >= 0 && i < len(f.widths) {
			return f.widths[i] * f.scale
		}
	case f.std != nil:
		r, _ := utf8.DecodeRuneInString(text)
		if w := f.std.width(r); w > 0 {
			return float64(w) / 1000
		}
	}
	return f.missing
}

// stdFont holds the widths of a standard 14 font by character.
type stdFont struct {
	mono  uint16      // every glyph's width (Courier)
	latin [224]uint16 // U+0020..U+00FF
	other []stdWidth  // beyond, sorted
}

type stdWidth struct {
	r rune
	w uint16
}

var courier = stdFont{mono: 600}

func (s *stdFont) width(r rune) uint16 {
	switch {
	case s.mono > 0:
		return s.mono
	case r >= 0x20 && r <= 0xFF:
		return s.latin[r-0x20]
	}
	if i, ok := slices.BinarySearchFunc(s.other, r, func(w stdWidth, r rune) int { return int(w.r - r) }); ok {
		return s.other[i].w
	}
	return 0
}

// standardFont returns the metrics of a standard 14 font, or of a font
// with the same metrics under another name (Arial for Helvetica, Times New
// Roman for Times, Courier New for Courier), as producers name them in
// files that do not embed them. A subset prefix ("ABCDEF+") is ignored.
func standardFont(base string) *stdFont {
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[i+1:]
	}
	name := strings.ToLower(strings.NewReplacer("-", "", ",", "", " ", "", "_", "").Replace(base))
	bold := strings.Contains(name, "bold")
	italic := strings.Contains(name, "italic") || strings.Contains(name, "oblique")
	switch {
	case strings.Contains(name, "narrow") || strings.Contains(name, "condensed") || strings.Contains(name, "black"):
		return nil
	case strings.HasPrefix(name, "helvetica") || strings.HasPrefix(name, "arial"):
		if bold {
			return &helveticaBold
		}
		return &helvetica
	case strings.HasPrefix(name, "times"):
		switch {
		case bold && italic:
			return &timesBoldItalic
		case bold:
			return &timesBold
		case italic:
			return &timesItalic
		}
		return &timesRoman
	case strings.HasPrefix(name, "courier"):
		return &courier
	}
	return nil
}
