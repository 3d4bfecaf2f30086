package extract_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// The PDFs of these tests are written by hand, each word (or letter) drawn
// at its own position and no space character between words, the way word
// processors justify lines, TeX moves the pen and some generators place
// every letter. The positions are computed from the fonts' widths, as a
// producer computes them.

// pdfWriter collects the objects of a PDF; object n is objs[n-1].
type pdfWriter struct{ objs []string }

func (w *pdfWriter) add(obj string) int { w.objs = append(w.objs, obj); return len(w.objs) }

func (w *pdfWriter) stream(dict, data string) int {
	return w.add(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
}

// file writes the PDF: one page per content stream, fonts /F1, /F2, … the
// given font objects on every page.
func (w *pdfWriter) file(fonts []int, pages ...string) []byte {
	var res strings.Builder
	for i, f := range fonts {
		fmt.Fprintf(&res, "/F%d %d 0 R ", i+1, f)
	}
	pagesObj := w.add("")
	var kids []string
	for _, content := range pages {
		c := w.stream("", content)
		p := w.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << %s>> >> /Contents %d 0 R >>", pagesObj, res.String(), c))
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	w.objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	catalog := w.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj))
	return w.raw(catalog)
}

// raw writes the objects as they are, with root as the catalog.
func (w *pdfWriter) raw(root int) []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(w.objs))
	for i, o := range w.objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(w.objs)+1, root, xref)
	return buf.Bytes()
}

// face is a font as a producer uses it: how to write a string for Tj, and
// each character's advance in ems.
type face struct {
	show  func(s string) string
	width func(r rune) float64
}

func (f face) advance(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += f.width(r)
	}
	return w
}

// helveticaAFM holds the widths of Adobe's Helvetica AFM for the characters
// the tests use, written down here rather than taken from the extractor's
// table, so that a wrong width in either shows.
var helveticaAFM = map[rune]int{
	' ': 278, ',': 278, '.': 278, '0': 556, '2': 556, 'A': 667, 'C': 722, 'I': 278, 'T': 611,
	'a': 556, 'b': 556, 'c': 500, 'd': 556, 'e': 556, 'f': 278, 'g': 556, 'h': 556, 'i': 222,
	'k': 500, 'l': 222, 'm': 833, 'n': 556, 'o': 556, 'p': 556, 'r': 333, 's': 500, 't': 278,
	'u': 556, 'v': 500, 'w': 722, 'y': 500,
}

// standardFace is a standard 14 font (or one named like its metric twin)
// that the file neither embeds nor gives widths for: the reader has to know
// its metrics.
func standardFace(t testing.TB, w *pdfWriter, base string) (face, int) {
	t.Helper()
	id := w.add("<< /Type /Font /Subtype /Type1 /BaseFont /" + base + " /Encoding /WinAnsiEncoding >>")
	return face{
		show: func(s string) string {
			b, err := charmap.Windows1252.NewEncoder().String(s)
			if err != nil {
				t.Fatal(err)
			}
			return "(" + strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(b) + ")"
		},
		width: func(r rune) float64 {
			w, ok := helveticaAFM[r]
			if !ok {
				t.Fatalf("no Helvetica width for %q", r)
			}
			return float64(w) / 1000
		},
	}, id
}

// compositeFace is a composite (Type0, Identity-H) font with a ToUnicode
// map and glyph widths (W), as Word, LibreOffice and browsers write fonts
// for Cyrillic and extended Latin. The font program is not embedded: the
// text needs only the map. Characters in unmapped get a glyph without a
// Unicode mapping. The widths are a spread of plausible values.
func compositeFace(w *pdfWriter, text string, unmapped ...rune) (face, int) {
	cids := map[rune]int{}
	var order []rune
	for _, r := range text {
		if _, ok := cids[r]; !ok {
			cids[r] = len(order) + 1
			order = append(order, r)
		}
	}
	width := func(r rune) int {
		if r == ' ' {
			return 280
		}
		return 300 + int(r)*37%500
	}
	var cmap, wArr strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var mapped []rune
	for _, r := range order {
		if !strings.ContainsRune(string(unmapped), r) {
			mapped = append(mapped, r)
		}
	}
	fmt.Fprintf(&cmap, "%d beginbfchar\n", len(mapped))
	for _, r := range mapped {
		fmt.Fprintf(&cmap, "<%04X> <", cids[r])
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&cmap, "%04X", u)
		}
		cmap.WriteString(">\n")
	}
	cmap.WriteString("endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	wArr.WriteString("[1 [")
	for _, r := range order {
		fmt.Fprintf(&wArr, "%d ", width(r))
	}
	wArr.WriteString("]]")
	toUnicode := w.stream("", cmap.String())
	desc := w.add("<< /Type /FontDescriptor /FontName /ABCDEF+PTSans /Flags 32 /FontBBox [-500 -300 1300 1000] /ItalicAngle 0 /Ascent 1000 /Descent -300 /CapHeight 700 /StemV 80 >>")
	cid := w.add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+PTSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W %s >>", desc, wArr.String()))
	id := w.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+PTSans /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid, toUnicode))
	return face{
		show: func(s string) string {
			var b strings.Builder
			b.WriteString("<")
			for _, r := range s {
				c, ok := cids[r]
				if !ok {
					panic(fmt.Sprintf("no glyph for %q", r))
				}
				fmt.Fprintf(&b, "%04X", c)
			}
			return b.String() + ">"
		},
		width: func(r rune) float64 { return float64(width(r)) / 1000 },
	}, id
}

// How producers place words, for lines of words in the face /F1 at 12 pt,
// 16 pt apart, each line justified by a different amount.
const (
	fontSize = 12.0
	leading  = 16.0
)

// wordGap is the space between two words on line i: the face's natural
// space (0.25 em) widened by justification.
func wordGap(i int) float64 { return 0.25*fontSize + float64(i%4)*1.5 }

type placement struct {
	name string
	set  func(f face, lines [][]string) string
}

var placements = []placement{
	{"word by word with Td, as LibreOffice writes", func(f face, lines [][]string) string {
		var b strings.Builder
		b.WriteString("BT\n/F1 12 Tf\n72 770 Td\n")
		for i, words := range lines {
			x := 0.0
			for j, word := range words {
				if j > 0 {
					step := f.advance(words[j-1])*fontSize + wordGap(i)
					fmt.Fprintf(&b, "%.3f 0 Td\n", step)
					x += step
				}
				fmt.Fprintf(&b, "%s Tj\n", f.show(word))
			}
			fmt.Fprintf(&b, "%.3f %.3f Td\n", -x, -leading)
		}
		b.WriteString("ET")
		return b.String()
	}},
	{"word by word with Tm and the font size in the matrix, as Word writes", func(f face, lines [][]string) string {
		var b strings.Builder
		b.WriteString("BT\n/F1 1 Tf\n")
		for i, words := range lines {
			x, y := 72.0, 770-float64(i)*leading
			for _, word := range words {
				fmt.Fprintf(&b, "12 0 0 12 %.3f %.3f Tm %s Tj\n", x, y, f.show(word))
				x += f.advance(word)*fontSize + wordGap(i)
			}
		}
		b.WriteString("ET")
		return b.String()
	}},
	{"a line at a time with TJ offsets between words, as TeX writes", func(f face, lines [][]string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "BT\n/F1 12 Tf\n%.1f TL\n72 770 Td\n", leading)
		for i, words := range lines {
			b.WriteString("[")
			for j, word := range words {
				if j > 0 {
					fmt.Fprintf(&b, " %.0f ", -wordGap(i)/fontSize*1000)
				}
				b.WriteString(f.show(word))
			}
			b.WriteString("] TJ T*\n")
		}
		b.WriteString("ET")
		return b.String()
	}},
	{"letter by letter, kerned and tracked, as some generators write", func(f face, lines [][]string) string {
		var b strings.Builder
		b.WriteString("BT\n/F1 12 Tf\n")
		for i, words := range lines {
			x, y := 72.0, 770-float64(i)*leading
			for _, word := range words {
				for k, r := range []rune(word) {
					fmt.Fprintf(&b, "1 0 0 1 %.3f %.3f Tm %s Tj\n", x, y, f.show(string(r)))
					// Kerning pulls some pairs together by up to 0.08 em,
					// tracking spreads others by 0.06 em.
					x += f.width(r)*fontSize + []float64{-0.08, 0.06, 0, 0.03}[k%4]*fontSize
				}
				x += wordGap(i)
			}
		}
		b.WriteString("ET")
		return b.String()
	}},
	{"with space characters and justified by TJ offsets", func(f face, lines [][]string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "BT\n/F1 12 Tf\n%.1f TL\n72 770 Td\n", leading)
		for i, words := range lines {
			b.WriteString("[")
			for j, word := range words {
				if j > 0 {
					fmt.Fprintf(&b, " %.0f ", -float64(i%4+1)*150)
				}
				if j < len(words)-1 {
					word += " "
				}
				b.WriteString(f.show(word))
			}
			b.WriteString("] TJ T*\n")
		}
		b.WriteString("ET")
		return b.String()
	}},
}

func extractPDF(t *testing.T, file []byte) string {
	t.Helper()
	k, text, err := sniffAndExtract(t, file)
	if err != nil || k.Format != platform.FormatPDF {
		t.Fatalf("sniffed %+v: %v", k, err)
	}
	return text
}

func TestWordsPlacedWithoutSpacesComeOutSeparated(t *testing.T) {
	english := []string{
		"The law on combating corruption sets out the basic principles,",
		"Article 20 Illicit enrichment, beneficial ownership, asset recovery.",
	}
	// The samples, and lines with the letters they lack: Kazakh ү ғ,
	// Kyrgyz ң, Uzbek ʼ, Turkmen ä ç ž.
	cyrillic := []string{kazakh, "Үкіметтің ғылыми-сараптамалық қорытындысы.", kyrgyz, "Жогорку Кеңештин токтому.", tajik, russian, uzbekC}
	latin := []string{uzbekL, "Davlat xizmatchilari toʻgʻrisida maʼlumot.", turkmen, "Ählumumy döwlet gullugy, jemgyýetçilik gözegçiligi we žurnalistleriň hukuklary."}
	faces := []struct {
		name  string
		lines []string
		face  func(t *testing.T, w *pdfWriter, text string) (face, int)
	}{
		{"English in Helvetica, a standard 14 font given without widths", english, func(t *testing.T, w *pdfWriter, _ string) (face, int) {
			return standardFace(t, w, "Helvetica")
		}},
		{"English in Arial, not embedded, with Helvetica's metrics", english, func(t *testing.T, w *pdfWriter, _ string) (face, int) {
			return standardFace(t, w, "Arial,Italic")
		}},
		{"Kazakh, Kyrgyz, Tajik, Russian and Uzbek Cyrillic in a composite font", cyrillic, func(_ *testing.T, w *pdfWriter, text string) (face, int) {
			return compositeFace(w, text)
		}},
		{"Uzbek and Turkmen Latin in a composite font", latin, func(_ *testing.T, w *pdfWriter, text string) (face, int) {
			return compositeFace(w, text)
		}},
	}
	for _, fc := range faces {
		var lines [][]string
		for _, l := range fc.lines {
			lines = append(lines, strings.Fields(l))
		}
		want := strings.Join(fc.lines, "\n")
		for _, p := range placements {
			t.Run(fc.name+", "+p.name, func(t *testing.T) {
				var w pdfWriter
				f, id := fc.face(t, &w, want+" ")
				file := w.file([]int{id}, p.set(f, lines))
				if got := extractPDF(t, file); got != want {
					t.Errorf("got:\n%s\nwant:\n%s", got, want)
				}
			})
		}
	}
}

func TestPagesOfPlacedWordsKeepTheirOrder(t *testing.T) {
	var w pdfWriter
	f, id := compositeFace(&w, kazakh+uzbekL+tajik+" ")
	set := placements[1].set
	words := func(s string) [][]string { return [][]string{strings.Fields(s)} }
	file := w.file([]int{id}, set(f, words(kazakh)), set(f, words(uzbekL)), set(f, words(tajik)))
	if got, want := extractPDF(t, file), kazakh+"\n\n"+uzbekL+"\n\n"+tajik; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestGapsBetweenGlyphsAreReadAsTheyLook draws two pieces of text in
// Courier (0.6 em a glyph, 7.2 pt at 12 pt) with the pen moved between them,
// and checks where a space or a line break comes out.
func TestGapsBetweenGlyphsAreReadAsTheyLook(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"kerning that pulls two letters 0.12 em together joins them", "[(ab) 120 (cd)] TJ", "abcd"},
		{"tracking of 0.1 em inside a word joins its letters", "[(ab) -100 (cd)] TJ", "abcd"},
		{"a gap of 0.2 em is a word break", "[(ab) -200 (cd)] TJ", "ab cd"},
		{"a wide gap, as between table columns, is one space", "[(ab) -5000 (cd)] TJ", "ab cd"},
		{"a space character followed by a gap gives one space", "[(ab ) -500 (cd)] TJ", "ab cd"},
		{"a gap followed by a space character gives one space", "[(ab) -500 ( cd)] TJ", "ab cd"},
		{"word spacing after a space character gives one space", "6 Tw (ab cd) Tj", "ab cd"},
		{"letter spacing (разрядка) does not split a word", "3.6 Tc (abcd) Tj", "abcd"},
		{"a word moved on by Td 0.47 em after the previous one is a new word", "(ab) Tj 20 0 Td (cd) Tj", "ab cd"},
		{"a word placed right after the previous one with Td continues it", "(ab) Tj 14.4 0 Td (cd) Tj", "abcd"},
		{"text drawn again from the start of the line is a new word", "(ab) Tj 0 0 Td (cd) Tj", "ab cd"},
		{"a baseline moved by a line's height is a new line", "(ab) Tj 0 -14 Td (cd) Tj", "ab\ncd"},
		{"a line above the previous one is a new line too", "(ab) Tj 0 30 Td (cd) Tj", "ab\ncd"},
		{"a superscript footnote mark stays on its line and on its word", "(ab) Tj /F1 7 Tf 4 Ts (1) Tj /F1 12 Tf 0 Ts [-300 (cd)] TJ", "ab1 cd"},
		{"a baseline that wobbles by 2 pt is the same line", "(ab) Tj 14.4 -2 Td (cd) Tj", "abcd"},
		{"text turned a quarter is a line of its own", "(ab) Tj ET BT 0 1 -1 0 300 700 Tm (cd) Tj", "ab\ncd"},
		{"separate text objects on one line are joined by the gap between them", "(ab) Tj ET BT /F1 12 Tf 114.4 700 Td (cd) Tj ET BT /F1 12 Tf 131.8 700 Td (ef) Tj", "abcd ef"},
		{"a text matrix scaled by cm measures gaps on the page", "ET q 2 0 0 2 0 0 cm BT /F1 6 Tf 50 350 Td [(ab) -100 (cd) -200 (ef)] TJ ET Q BT", "abcd ef"},
		{"horizontal scaling narrows the glyphs and the gaps alike", "50 Tz [(ab) -100 (cd) -200 (ef)] TJ", "abcd ef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w pdfWriter
			font := w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
			file := w.file([]int{font}, "BT /F1 12 Tf 100 700 Td "+tt.content+" ET")
			if got := extractPDF(t, file); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGlyphsThatAreNotLettersOfTheirOwn(t *testing.T) {
	t.Run("a combining breve drawn back over its letter makes one letter", func(t *testing.T) {
		var w pdfWriter
		f, id := compositeFace(&w, "Ўзбекистону\u0306")
		content := fmt.Sprintf("BT /F1 12 Tf 72 700 Td [%s 700 %s %s] TJ ET", f.show("Ўзбекистону"), f.show("\u0306"), f.show("збек"))
		if got, want := extractPDF(t, w.file([]int{id}, content)), "Ўзбекистонўзбек"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("a space glyph without a Unicode mapping still separates words", func(t *testing.T) {
		var w pdfWriter
		f, id := compositeFace(&w, "Коррупция жемқорлық", ' ')
		content := fmt.Sprintf("BT /F1 12 Tf 72 700 Td %s Tj ET", f.show("Коррупция жемқорлық"))
		if got, want := extractPDF(t, w.file([]int{id}, content)), "Коррупция жемқорлық"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("ligature glyphs mapped to presentation forms come out as letters", func(t *testing.T) {
		var w pdfWriter
		f, id := compositeFace(&w, "speci\uFB01cation e\uFB00ective")
		content := fmt.Sprintf("BT /F1 12 Tf 72 700 Td [%s -300 %s] TJ ET", f.show("speci\uFB01cation"), f.show("e\uFB00ective"))
		if got, want := extractPDF(t, w.file([]int{id}, content)), "specification effective"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestStandardFontNamesFindTheirMetrics(t *testing.T) {
	// Words set letter by letter in each font at its own widths, 0.18 em
	// apart: a glyph's width wrong by 0.03 em too wide closes the gap after
	// it, one wrong by 0.15 em too narrow opens a gap inside a word.
	tests := []struct {
		base   string
		widths []int // o, f: Adobe's AFM
	}{
		{"Helvetica", []int{556, 278, 278}},
		{"Helvetica-BoldOblique", []int{611, 333, 278}},
		{"Arial-BoldMT", []int{611, 333, 278}},
		{"Times-Roman", []int{500, 333, 250}},
		{"TimesNewRomanPS-BoldItalicMT", []int{500, 333, 250}},
		{"Times-Italic", []int{500, 278, 250}},
		{"Courier-Bold", []int{600, 600, 600}},
		{"ABCDEF+CourierNewPSMT", []int{600, 600, 600}},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			var w pdfWriter
			font := w.add("<< /Type /Font /Subtype /Type1 /BaseFont /" + tt.base + " /Encoding /WinAnsiEncoding >>")
			var b strings.Builder
			b.WriteString("BT /F1 20 Tf ")
			x := 100.0
			for _, word := range []string{"offoff", "foo", "of"} {
				for _, r := range word {
					fmt.Fprintf(&b, "1 0 0 1 %.2f 700 Tm (%c) Tj ", x, r)
					x += float64(tt.widths[strings.IndexRune("of", r)]) / 1000 * 20
				}
				x += 0.18 * 20 // a gap just wider than a word break
			}
			b.WriteString("ET")
			if got, want := extractPDF(t, w.file([]int{font}, b.String())), "offoff foo of"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestDamagedPageTreesEndTheWalk(t *testing.T) {
	tests := []struct {
		name string
		kids string
	}{
		{"a page tree that contains itself", "2 0 R 3 0 R"},
		{"a page count far beyond the pages", "3 0 R"},
		{"a page tree that contains itself twice", "2 0 R 2 0 R 3 0 R"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w pdfWriter
			w.add("<< /Type /Catalog /Pages 2 0 R >>")
			w.add("<< /Type /Pages /Kids [" + tt.kids + "] /Count 4000000000 >>")
			w.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
			w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
			w.stream("", "BT /F1 12 Tf 72 700 Td (Zakon) Tj ET")
			file := w.raw(1)
			text, err := extract.Text(platform.FormatPDF, bytes.NewReader(file), int64(len(file)))
			if err != nil || !strings.HasPrefix(text, "Zakon") {
				t.Fatalf("Text = %q, %v", text[:min(len(text), 40)], err)
			}
		})
	}
}

func TestReadingStopsWhenTheOperatorBudgetIsSpent(t *testing.T) {
	// A thousand pages share one content stream of 401 operators, five that
	// show a word and 396 that draw nothing: 10,000 operators read 24
	// pages and the word of the 25th.
	defer extract.SetMaxOps(10_000)()
	var w pdfWriter
	w.add("<< /Type /Catalog /Pages 2 0 R >>")
	w.add("<< /Type /Pages /Kids [" + strings.Repeat("3 0 R ", 1000) + "] /Count 1000 >>")
	w.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
	w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
	w.stream("", "BT /F1 12 Tf 72 700 Td (Zakon) Tj ET "+strings.Repeat("q Q ", 198))
	file := w.raw(1)
	text, err := extract.Text(platform.FormatPDF, bytes.NewReader(file), int64(len(file)))
	if n := strings.Count(text, "Zakon"); err != nil || n != 25 {
		t.Fatalf("Text has the words of %d pages, want 25; err %v", n, err)
	}
}

// placedPDF is a document of the given pages of lines, every word placed on
// its own with Tm in a composite font (see placements).
func placedPDF(t testing.TB, pages ...[]string) []byte {
	t.Helper()
	var all strings.Builder
	for _, p := range pages {
		for _, l := range p {
			all.WriteString(l)
		}
	}
	var w pdfWriter
	f, id := compositeFace(&w, all.String()+" ")
	var contents []string
	for _, p := range pages {
		var lines [][]string
		for _, l := range p {
			lines = append(lines, strings.Fields(l))
		}
		contents = append(contents, placements[1].set(f, lines))
	}
	return w.file([]int{id}, contents...)
}
