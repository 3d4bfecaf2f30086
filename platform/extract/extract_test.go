package extract_test

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// Sample lines in the hub's languages, with the letters that legacy
// encodings and careless extractors get wrong.
const (
	kazakh  = "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы Қазақстан Республикасының Заңы: әділет, ұлттық, өңір, һ."
	uzbekL  = "Oʻzbekiston Respublikasining Qonuni. Korrupsiyaga qarshi kurashish toʻgʻrisida."
	uzbekC  = "Ўзбекистон Республикасининг Қонуни. Коррупцияга қарши курашиш тўғрисида."
	tajik   = "Қонуни Ҷумҳурии Тоҷикистон «Дар бораи муқовимат ба коррупсия». Ӣ ӯ ҳ ҷ ғ қ."
	kyrgyz  = "Кыргыз Республикасынын Мыйзамы. Коррупцияга каршы аракеттенүү жөнүндө."
	turkmen = "Türkmenistanyň Kanuny. Korrupsiýa garşy göreşmek hakynda."
	russian = "Закон о противодействии коррупции. Ёлка, щука, объём."
)

var allSamples = []string{kazakh, uzbekL, uzbekC, tajik, kyrgyz, turkmen, russian}

func sniffAndExtract(t *testing.T, b []byte) (extract.Kind, string, error) {
	t.Helper()
	r := bytes.NewReader(b)
	k, err := extract.Sniff(r, int64(len(b)))
	if err != nil {
		return k, "", err
	}
	text, err := extract.Text(k.Format, r, int64(len(b)))
	return k, text, err
}

func wantAll(t *testing.T, text string, samples ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), " ")
	for _, s := range samples {
		if !strings.Contains(flat, s) {
			t.Errorf("text lacks %q\ngot: %q", s, flat)
		}
	}
}

// zipFile builds a zip archive of the given members, in order.
func zipFile(t testing.TB, members ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		method := zip.Deflate
		if m[0] == "mimetype" {
			method = zip.Store // as OpenDocument requires
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(m[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// docx builds a minimal Word document, as Word lays it out: each paragraph
// split into several runs, a tab, a tracked deletion that must not appear.
func docx(t testing.TB, paragraphs ...string) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paragraphs {
		half := len([]rune(p)) / 2
		r := []rune(p)
		fmt.Fprintf(&body, `<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>DELETED</w:delText></w:r></w:del><w:r><w:t>%s</w:t></w:r></w:p>`,
			xmlEscape(string(r[:half])), xmlEscape(string(r[half:])))
	}
	body.WriteString(`<w:p><w:r><w:t>Cell</w:t></w:r><w:r><w:tab/><w:t>after tab</w:t></w:r></w:p>`)
	return zipFile(t,
		[2]string{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		[2]string{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`},
	)
}

// odt builds a minimal OpenDocument text with headings, spans, runs of
// spaces (text:s) and an annotation that must not appear.
func odt(t testing.TB, paragraphs ...string) []byte {
	t.Helper()
	var body strings.Builder
	body.WriteString(`<text:h text:outline-level="1">Heading<text:s/>one</text:h>`)
	for _, p := range paragraphs {
		r := []rune(p)
		half := len(r) / 2
		fmt.Fprintf(&body, "\n    <text:p text:style-name=\"P1\">%s<text:span text:style-name=\"T1\">%s</text:span><office:annotation><text:p>NOTE</text:p></office:annotation></text:p>",
			xmlEscape(string(r[:half])), xmlEscape(string(r[half:])))
	}
	body.WriteString(`<text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d</text:p>`)
	return zipFile(t,
		[2]string{"mimetype", "application/vnd.oasis.opendocument.text"},
		[2]string{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>`},
		[2]string{"content.xml", `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>` + body.String() + `</office:text></office:body></office:document-content>`},
	)
}

// pdfDoc builds a PDF whose text is shown with a composite (Type0,
// Identity-H) font and decoded through its ToUnicode map, the way word
// processors and browsers write non-Latin text. The font program itself is
// not embedded: extraction needs only the map. With compress, the content
// stream is Flate-encoded.
func pdfDoc(t testing.TB, compress bool, pages ...[]string) []byte {
	t.Helper()
	cids := map[rune]int{}
	var order []rune
	for _, lines := range pages {
		for _, l := range lines {
			for _, r := range l {
				if _, ok := cids[r]; !ok {
					cids[r] = len(order) + 1
					order = append(order, r)
				}
			}
		}
	}
	var objs []string // objs[i] is object i+1
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict string, data []byte) string {
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
	}
	var cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(order); i += 100 {
		chunk := order[i:min(i+100, len(order))]
		fmt.Fprintf(&cmap, "%d beginbfchar\n", len(chunk))
		for j, r := range chunk {
			u := utf16.Encode([]rune{r})
			fmt.Fprintf(&cmap, "<%04X> <", i+j+1)
			for _, c := range u {
				fmt.Fprintf(&cmap, "%04X", c)
			}
			cmap.WriteString(">\n")
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	catalog := add("<< /Type /Catalog /Pages 2 0 R >>")
	pagesObj := add("") // filled below
	descriptor := add("<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 1793 1232] /ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 700 /StemV 80 >>")
	cidFont := add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 600 >>", descriptor))
	toUnicode := add(stream("", []byte(cmap.String())))
	font := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cidFont, toUnicode))
	var kids []string
	for _, lines := range pages {
		var content strings.Builder
		content.WriteString("BT\n/F1 12 Tf\n50 800 Td\n")
		for _, l := range lines {
			content.WriteString("<")
			for _, r := range l {
				fmt.Fprintf(&content, "%04X", cids[r])
			}
			content.WriteString("> Tj\n0 -16 Td\n")
		}
		content.WriteString("ET")
		data, dict := []byte(content.String()), ""
		if compress {
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			zw.Write(data)
			zw.Close()
			data, dict = z.Bytes(), "/Filter /FlateDecode"
		}
		c := add(stream(dict, data))
		p := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", pagesObj, font, c))
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return buf.Bytes()
}

func TestFormatsAreSniffedAndTheirTextExtracted(t *testing.T) {
	cp1251, _ := charmap.Windows1251.NewEncoder().String(russian)
	koi8, _ := charmap.KOI8R.NewEncoder().String(russian + " " + russian)
	cp866, _ := charmap.CodePage866.NewEncoder().String(russian)
	utf16le := []byte{0xFF, 0xFE}
	for _, c := range utf16.Encode([]rune(kazakh + "\n" + uzbekL)) {
		utf16le = append(utf16le, byte(c), byte(c>>8))
	}
	chromium, err := os.ReadFile("testdata/chromium-two-pages.pdf")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		file    []byte
		format  string
		samples []string
		absent  []string
	}{
		{"a DOCX in every language, runs joined and deletions left out", docx(t, allSamples...), platform.FormatDOCX,
			append([]string{"Cell after tab"}, allSamples...), []string{"DELETED"}},
		{"an ODT in every language, spans joined and annotations left out", odt(t, allSamples...), platform.FormatODT,
			append([]string{"Heading one", "a b c d"}, allSamples...), []string{"NOTE"}},
		{"a PDF with a composite font and a ToUnicode map", pdfDoc(t, false, []string{kazakh, uzbekL, tajik}), platform.FormatPDF,
			[]string{kazakh, uzbekL, tajik}, nil},
		{"a PDF of two pages with compressed content streams", pdfDoc(t, true, []string{kyrgyz, turkmen}, []string{russian, uzbekC}), platform.FormatPDF,
			[]string{kyrgyz, turkmen, russian, uzbekC}, nil},
		{"a PDF printed by Chromium with embedded subset fonts", chromium, platform.FormatPDF,
			[]string{"Сыбайлас жемқорлыққа қарсы іс-қимыл", "Қазақстан Республикасының Заңы. Әділет, ұлттық, үкімет, өңір, һ.", uzbekL, uzbekC, tajik, kyrgyz,
				"Türkmenistanyň Kanuny. Korrupsiýa garşy göreşmek hakynda. ä ň ö ş ü ý ž ç.", russian}, nil},
		{"UTF-8 text", []byte(strings.Join(allSamples, "\n")), platform.FormatTXT, allSamples, nil},
		{"UTF-8 text with a byte-order mark", []byte("\ufeff" + kazakh), platform.FormatTXT, []string{kazakh}, []string{"\ufeff"}},
		{"UTF-16 text with a byte-order mark", utf16le, platform.FormatTXT, []string{kazakh, uzbekL}, nil},
		{"windows-1251 text", []byte(cp1251), platform.FormatTXT, []string{russian}, nil},
		{"KOI8-R text", []byte(koi8), platform.FormatTXT, []string{russian}, nil},
		{"CP866 text", []byte(cp866), platform.FormatTXT, []string{russian}, nil},
		{"HTML in UTF-8 without scripts or styles", []byte(`<!doctype html><html><head><title>Заң</title><style>p{color:red}</style><script>var secret = 1;</script></head><body><h1>` + kazakh + `</h1><p>` + uzbekL + `<br>` + tajik + `</p><table><tr><td>a</td><td>b</td></tr></table></body></html>`),
			platform.FormatHTML, []string{"Заң", kazakh, uzbekL, tajik}, []string{"secret", "color"}},
		{"HTML declaring windows-1251", append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>`), append([]byte(cp1251), "</p></body></html>"...)...),
			platform.FormatHTML, []string{russian}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, text, err := sniffAndExtract(t, tt.file)
			if err != nil {
				t.Fatalf("sniffed %+v: %v", k, err)
			}
			if k.Format != tt.format {
				t.Fatalf("format %q, want %q", k.Format, tt.format)
			}
			wantAll(t, text, tt.samples...)
			for _, a := range tt.absent {
				if strings.Contains(text, a) {
					t.Errorf("text has %q: %q", a, text)
				}
			}
			if !norm.NFC.IsNormalString(text) {
				t.Error("text is not NFC")
			}
		})
	}
}

func TestDecomposedLettersComeOutComposed(t *testing.T) {
	// "й" and "ў" as base letter plus combining breve, as some PDF
	// producers write them.
	decomposed := "Узбекистон Республикаси\u0439 \u0443\u0306збек"
	_, text, err := sniffAndExtract(t, []byte(norm.NFD.String(decomposed)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "ўзбек") || strings.ContainsRune(text, '\u0306') {
		t.Fatalf("got %q", text)
	}
}

func TestFilesThatAreNotAcceptedAreRefused(t *testing.T) {
	elf := append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00"), bytes.Repeat([]byte{0}, 200)...)
	pe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0}, 200)...)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	tests := []struct {
		name string
		file []byte
	}{
		{"an ELF executable", elf},
		{"a Windows executable", pe},
		{"a PNG image", png},
		{"a zip that is neither DOCX nor ODT", zipFile(t, [2]string{"a.txt", "hello"})},
		{"a spreadsheet", zipFile(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"xl/workbook.xml", "<workbook/>"})},
		{"an empty file", nil},
		{"binary noise", bytes.Repeat([]byte{0, 1, 2, 3, 250, 13, 0}, 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := extract.Sniff(bytes.NewReader(tt.file), int64(len(tt.file)))
			if !errors.Is(err, extract.ErrUnsupported) {
				t.Fatalf("Sniff = %+v, %v; want ErrUnsupported", k, err)
			}
		})
	}
}

func TestBrokenOrEmptyFilesFailWithoutPanicking(t *testing.T) {
	good := pdfDoc(t, true, []string{russian})
	truncated := good[:len(good)/2]
	garbled := bytes.Clone(good)
	for i := 200; i < len(garbled)-200; i += 7 {
		garbled[i] ^= 0x5a
	}
	tests := []struct {
		name   string
		format string
		file   []byte
		want   error // nil: any error
	}{
		{"a PDF without text (a scan)", platform.FormatPDF, pdfDoc(t, false, []string{}), extract.ErrNoText},
		{"a truncated PDF", platform.FormatPDF, truncated, nil},
		{"a garbled PDF", platform.FormatPDF, garbled, nil},
		{"a DOCX without its document", platform.FormatDOCX, zipFile(t, [2]string{"word/other.xml", "<x/>"}), nil},
		{"a DOCX with broken XML", platform.FormatDOCX, zipFile(t, [2]string{"word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t>`}), nil},
		{"an empty text", platform.FormatTXT, []byte("  \n\n "), extract.ErrNoText},
		{"an HTML page with only markup", platform.FormatHTML, []byte("<html><body><script>alert(1)</script></body></html>"), extract.ErrNoText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := extract.Text(tt.format, bytes.NewReader(tt.file), int64(len(tt.file)))
			if err == nil {
				t.Fatalf("no error; text %q", text)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestADocxBombIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for range 300 {
		w.Write(chunk)
	}
	zw.Close()
	_, err := extract.Text(platform.FormatDOCX, bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if !errors.Is(err, extract.ErrTooLarge) {
		t.Fatalf("err %v, want ErrTooLarge", err)
	}
}

func TestLanguageIsDetectedFromTheLetters(t *testing.T) {
	tests := []struct{ text, want string }{
		{kazakh + " " + kazakh, "kk"},
		{uzbekL + " " + uzbekL, "uz"},
		{uzbekC + " " + uzbekC, "uz"},
		{tajik + " " + tajik, "tg"},
		{kyrgyz + " " + kyrgyz, "ky"},
		{turkmen + " " + turkmen, "tk"},
		{russian + " " + russian, "ru"},
		{"The law on combating corruption establishes the basic principles of the fight against corruption.", "en"},
		{"too short", ""},
	}
	for _, tt := range tests {
		t.Run(tt.want+" "+tt.text[:min(20, len(tt.text))], func(t *testing.T) {
			if got := extract.DetectLanguage(tt.text); got != tt.want {
				t.Errorf("DetectLanguage = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanKeepsParagraphsAndDropsControlCharacters(t *testing.T) {
	got := extract.Clean("  first\x00 line  \r\n\n\n\nsecond\tline\x07\n\n")
	if want := "first line\n\nsecond\tline"; got != want {
		t.Fatalf("Clean = %q, want %q", got, want)
	}
}
