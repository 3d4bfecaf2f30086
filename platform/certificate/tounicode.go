package certificate

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// fpdfToUnicode is the ToUnicode map fpdf v0.12.0 writes for every UTF-8
// font (the constant toUnicode of its utf8fontfile.go): one bfrange from
// <0000> to <FFFF>. PDF 32000-1 §9.10.3 lets a range's destination step only
// in its last byte ("the value of the last byte in the string shall be less
// than or equal to 255 − (srcCode2 − srcCode1) … otherwise, the result of
// mapping is undefined"), and the hub's extractor (ledongthuc/pdf) reads it
// so: every letter past U+00FF comes out as another character, "А" as
// "0". Viewers that are lenient copy the text right; search engines and
// screen readers that are not would not. So Render replaces the map with a
// conforming one of the same meaning, one range per high byte.
const fpdfToUnicode = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"

// conformingToUnicode is the replacement stream object's dictionary and
// stream: the identity from code to UTF-16 as 248 ranges of 256 codes (the
// surrogates D800–DFFF left out: fpdf never writes them, since validation
// refuses characters beyond the BMP), in blocks of at most 100 as the CMap
// format wants, compressed.
var conformingToUnicode = sync.OnceValue(func() []byte {
	var cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var highs []int
	for h := 0; h <= 0xFF; h++ {
		if h < 0xD8 || h > 0xDF {
			highs = append(highs, h)
		}
	}
	for len(highs) > 0 {
		n := min(len(highs), 100)
		fmt.Fprintf(&cmap, "%d beginbfrange\n", n)
		for _, h := range highs[:n] {
			fmt.Fprintf(&cmap, "<%02X00> <%02XFF> <%02X00>\n", h, h, h)
		}
		cmap.WriteString("endbfrange\n")
		highs = highs[n:]
	}
	cmap.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")

	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression) // a valid level: no error
	zw.Write([]byte(cmap.String()))
	zw.Close()
	return []byte("<</Length " + strconv.Itoa(z.Len()) + "/Filter /FlateDecode>>\nstream\n" + z.String() + "\nendstream")
})

// fixToUnicode replaces fpdf's ToUnicode maps in doc with the conforming
// one and moves the cross-reference table's offsets by what that added.
func fixToUnicode(doc []byte) ([]byte, error) {
	old := []byte("<</Length " + strconv.Itoa(len(fpdfToUnicode)) + ">>\nstream\n" + fpdfToUnicode + "\nendstream")
	repl := conformingToUnicode()
	var at []int // where each old map starts in doc
	for i := 0; ; {
		j := bytes.Index(doc[i:], old)
		if j < 0 {
			break
		}
		at = append(at, i+j)
		i += j + len(old)
	}
	if len(at) == 0 {
		return nil, errors.New("fpdf's ToUnicode map is not in the document: has fpdf changed?")
	}
	delta := len(repl) - len(old)
	moved := func(off int) int {
		n := 0
		for _, a := range at {
			if a < off {
				n++
			}
		}
		return off + n*delta
	}

	out := make([]byte, 0, len(doc)+len(at)*delta)
	prev := 0
	for _, a := range at {
		out = append(out, doc[prev:a]...)
		out = append(out, repl...)
		prev = a + len(old)
	}
	out = append(out, doc[prev:]...)

	// The table: "xref\n0 N\n" and N entries of 20 bytes, "0000000009 00000 n \n",
	// then the trailer and "startxref\nOFFSET\n%%EOF".
	x := bytes.LastIndex(out, []byte("\nxref\n0 "))
	if x < 0 {
		return nil, errors.New("no cross-reference table")
	}
	p := x + len("\nxref\n0 ")
	nl := bytes.IndexByte(out[p:], '\n')
	if nl < 0 {
		return nil, errors.New("a malformed cross-reference table")
	}
	count, err := strconv.Atoi(string(out[p : p+nl]))
	if err != nil {
		return nil, fmt.Errorf("a malformed cross-reference table: %w", err)
	}
	p += nl + 1
	for i := range count {
		e := out[p+20*i : p+20*i+20]
		if e[17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil {
			return nil, fmt.Errorf("a malformed cross-reference entry %q: %w", e, err)
		}
		copy(e[:10], fmt.Sprintf("%010d", moved(off)))
	}
	s := bytes.LastIndex(out, []byte("\nstartxref\n"))
	if s < 0 {
		return nil, errors.New("no startxref")
	}
	s += len("\nstartxref\n")
	end := s + bytes.IndexByte(out[s:], '\n')
	off, err := strconv.Atoi(string(out[s:end]))
	if err != nil {
		return nil, fmt.Errorf("a malformed startxref: %w", err)
	}
	return append(append(append([]byte(nil), out[:s]...), strconv.Itoa(moved(off))...), out[end:]...), nil
}
