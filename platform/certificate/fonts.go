package certificate

// Fonts returns the embedded DejaVu Sans regular and bold (TrueType), which
// cover the hub's seven languages in both their scripts, for other
// printouts of the hub (the bilateral schedules) to use with fpdf's
// AddUTF8FontFromBytes. The slices are the package's own: read, never
// change them.
func Fonts() (regular, bold []byte) { return fontRegular, fontBold }

// FixToUnicode replaces, in a PDF that fpdf v0.12.0 wrote with UTF-8 fonts,
// fpdf's non-conforming ToUnicode maps with a conforming one, so that the
// text can be copied and extracted (see tounicode.go).
func FixToUnicode(doc []byte) ([]byte, error) { return fixToUnicode(doc) }

// Printable reports whether the embedded fonts have a glyph for every
// character of s; if not, it returns the first that is missing.
func Printable(s string) (rune, bool) { return missingGlyph(s) }
