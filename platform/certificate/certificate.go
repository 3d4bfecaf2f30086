// Package certificate renders a participant's certificate of attendance of
// an event as a one-page A4 landscape PDF, in the participant's language and
// script.
//
// A caller fills Data from the event and the registration and calls Render;
// the package reads nothing else (no database, no request), so the web layer
// decides who may have which certificate, and the verification page that
// VerifyURL points to is the web layer's too.
//
// # Languages and scripts
//
// Data.Language is one of nine codes (Languages): the hub's seven, en ru kk
// ky tg tk uz, each in the script the hub writes it in everywhere else
// (Kazakh, Kyrgyz and Tajik in Cyrillic, Turkmen and Uzbek in Latin), and the
// second script of the two languages that have one, named with its BCP 47
// script subtag: "kk-Latn" (the Kazakh Latin alphabet of 2021, the one
// search.Fold reads: ä ğ ñ ö ū ü ş ı, not the acute letters á ǵ ń ó ú ý
// of the 2018 draft) and "uz-Cyrl". The texts a caller gives (name, title,
// city, country, organization) are printed as given, in any script the font
// covers (a name written in the 2018 letters prints as written): the
// package does not transliterate them.
//
// The certificate's own words are kept in this package (texts.go), not in the
// hub's i18n bundle, for three reasons. The bundle holds exactly the seven
// languages and checks each against one alphabet, so kk-Latn and uz-Cyrl
// have no place in it. The bundle falls back from a missing message to
// Russian, then English, which is right for a page and wrong for a
// certificate: a Kazakh certificate with one Russian line would be a wrong
// document, not a degraded page; here a missing text is a compile-time table
// the tests check complete. And the sentences need grammatical forms the
// interface's labels do not have: the event kinds in the Russian
// prepositional, the Kazakh and Kyrgyz dative, the Uzbek locative, the Tajik
// ezafe, and the months in the Turkic locative and possessive. The Kazakh
// Latin texts are derived from the Cyrillic ones by latin2021, so the two
// scripts cannot drift apart. The hub formats dates as YYYY-MM-DD in its
// pages (i18n/locales/dates.*.toml has only range errors), so the month
// names are here too.
//
// # Layout
//
// Everything is laid out on one page: long names, titles and organizations
// wrap at word boundaries (a word longer than a line is cut), and when the
// whole does not fit every text shrinks together, each no smaller than a
// legible minimum. Every input within the length limits fits; Render never
// makes a second page. VerifyURL, when given, is also drawn as a QR code
// (github.com/piglig/go-qr, level M) in the bottom right corner.
//
// # PDF
//
// The PDF is made with codeberg.org/go-pdf/fpdf v0.12.0 and DejaVu Sans
// (regular and bold, fonts/, Bitstream Vera licence in fonts/LICENSE),
// embedded in the binary and subset by fpdf to the glyphs a certificate uses,
// with a ToUnicode map so the text can be copied and extracted (the tests
// read it back with the hub's own extractor, platform/extract). Text the
// font has no glyph for is refused rather than printed as empty boxes. The
// output is deterministic: the creation and modification dates are
// IssuedAt, the producer is fixed, and nothing depends on the clock, so the
// same Data gives the same bytes.
//
// # Measured
//
// A certificate is 42 to 55 KB (the nine variants of the tests, with the QR
// code; the fonts, subset to the glyphs used, are most of it; the whole
// DejaVu pair is 1.4 MB). BenchmarkRender: 41–57 ms/op, 17.3 MB and 27,640
// allocations per certificate on the shared 2-core machine (load average
// 6 while it ran; its CPU profile gives about 22 ms of CPU per
// certificate, half of it fpdf parsing, hashing and subsetting the two
// fonts anew for each document), measured with
//
//	go test -run '^$' -bench Render -benchtime 50x -count 3 ./platform/certificate/
package certificate

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"

	"github.com/ca-uncac/hub/platform"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// Limits on Data's texts, in characters. The name, organization and title
// take the limits the hub already puts on a user's name and organization
// and on an event's title, so every stored record can be printed.
const (
	MaxNameLen         = platform.MaxNameLen         // 200
	MaxOrganizationLen = platform.MaxOrganizationLen // 300
	MaxTitleLen        = platform.MaxTitleLen        // 1000
	MaxCityLen         = 200
	MaxCountryLen      = 100
	MaxCodeLen         = 64
	MaxURLLen          = 256 // bytes; the URL is ASCII
	MaxDays            = 366
	MaxHours           = 10_000
)

// Data is what a certificate says. Texts are printed as given, after the
// hub's clean-up of a one-line field (platform.CleanLine: NFC, one space
// between words, no control or invisible characters).
type Data struct {
	// Language is one of Languages(): "en", "ru", "kk", "kk-Latn", "ky",
	// "tg", "tk", "uz", "uz-Cyrl". Required.
	Language string
	// ParticipantName is the participant's name as it is to be printed.
	// Required, at most MaxNameLen characters.
	ParticipantName string
	// Organization and Country are printed under the name when given, in
	// the certificate's language and script (the caller translates the
	// country's name). At most MaxOrganizationLen and MaxCountryLen.
	Organization, Country string
	// EventTitle is the event's title in the certificate's language.
	// Required, at most MaxTitleLen characters.
	EventTitle string
	// EventKind is one of platform.EventKinds(), or empty for an event of
	// no particular kind.
	EventKind platform.EventKind
	// City is where the event was held, the bare name ("Almaty", not "the
	// city of Almaty"), in the certificate's language; empty for an online
	// event. At most MaxCityLen.
	City string
	// Start and End are the event's first and last instants; they are
	// printed as days in TimeZone, one day when both fall on the same day.
	// Required, End not before Start.
	Start, End time.Time
	// TimeZone is the event's zone (platform.Event.Location()). Required: a
	// day printed in another zone than the event's can be a day off.
	TimeZone *time.Location
	// DaysAttended and Hours are printed when not zero; at most MaxDays and
	// MaxHours. Hours may have a fraction (7.5).
	DaysAttended int
	Hours        float64
	// VerificationCode is what the verification page asks for: letters and
	// digits of ASCII and hyphens, starting with a letter or digit, at most
	// MaxCodeLen. Required.
	VerificationCode string
	// VerifyURL, when given, is printed and linked under the code: an
	// absolute http or https URL of at most MaxURLLen bytes.
	VerifyURL string
	// IssuedAt is when the certificate was issued: printed as a day in
	// TimeZone, and the PDF's creation date, so that the same Data always
	// gives the same file. Required.
	IssuedAt time.Time
}

// Render writes d's certificate to w as a PDF. An invalid d is refused
// (platform.Invalid, the message names the field) before anything is
// written; other errors are internal.
func Render(w io.Writer, d Data) (err error) {
	defer platform.Wrap(&err, "certificate.Render")
	t, err := d.clean()
	if err != nil {
		return err
	}
	pdf, err := t.layout(d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	doc, err := fixToUnicode(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(doc)
	return err
}

// clean normalises d's texts in place and checks them; it returns the
// texts of d's language.
func (d *Data) clean() (*texts, error) {
	t, ok := catalog[d.Language]
	if !ok {
		return nil, invalid("language", "%q is not one of %s", d.Language, strings.Join(variants, ", "))
	}
	fields := []struct {
		name     string
		value    *string
		max      int
		required bool
	}{
		{"participantName", &d.ParticipantName, MaxNameLen, true},
		{"eventTitle", &d.EventTitle, MaxTitleLen, true},
		{"organization", &d.Organization, MaxOrganizationLen, false},
		{"country", &d.Country, MaxCountryLen, false},
		{"city", &d.City, MaxCityLen, false},
	}
	for _, f := range fields {
		*f.value = cleanLine(*f.value)
		n := utf8.RuneCountInString(*f.value)
		switch {
		case n == 0 && f.required:
			return nil, invalid(f.name, "is required")
		case n > f.max:
			return nil, invalid(f.name, "has %d characters, at most %d fit on a certificate", n, f.max)
		}
		if r, ok := missingGlyph(*f.value); !ok {
			return nil, invalid(f.name, "has %q (%U), which the certificate's font cannot print", r, r)
		}
	}
	if _, ok := t.kinds[d.EventKind]; !ok {
		return nil, invalid("eventKind", "%q is not an event kind", d.EventKind)
	}
	switch {
	case d.TimeZone == nil:
		return nil, invalid("timeZone", "is required")
	case d.Start.IsZero() || d.End.IsZero():
		return nil, invalid("start", "start and end are required")
	case d.End.Before(d.Start):
		return nil, invalid("end", "%s is before the start %s", d.End.Format(time.RFC3339), d.Start.Format(time.RFC3339))
	case d.IssuedAt.IsZero():
		return nil, invalid("issuedAt", "is required")
	case d.DaysAttended < 0 || d.DaysAttended > MaxDays:
		return nil, invalid("daysAttended", "%d is not from 0 to %d", d.DaysAttended, MaxDays)
	case math.IsNaN(d.Hours) || d.Hours < 0 || d.Hours > MaxHours:
		return nil, invalid("hours", "%v is not from 0 to %d", d.Hours, MaxHours)
	case !validCode(d.VerificationCode):
		return nil, invalid("verificationCode", "%q is not 1 to %d ASCII letters, digits and hyphens starting with a letter or digit", d.VerificationCode, MaxCodeLen)
	}
	if d.VerifyURL != "" {
		if err := checkURL(d.VerifyURL); err != nil {
			return nil, invalid("verifyURL", "%v", err)
		}
	}
	return t, nil
}

func invalid(field, format string, args ...any) error {
	return platform.Errorf(platform.Invalid, "certificate: %s: %s", field, fmt.Sprintf(format, args...))
}

// cleanLine is platform.CleanLine without the format characters it keeps
// inside a line (zero-width joiners, soft hyphens): fpdf does no shaping, so
// they could only print as boxes.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return platform.CleanLine(s)
}

func validCode(s string) bool {
	if s == "" || len(s) > MaxCodeLen || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func checkURL(s string) error {
	if len(s) > MaxURLLen {
		return fmt.Errorf("has %d bytes, at most %d", len(s), MaxURLLen)
	}
	for _, r := range s {
		if r <= ' ' || r >= 0x7f {
			return errors.New("must be ASCII without spaces (percent-encode the rest)")
		}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http or https URL", s)
	}
	return nil
}

// fonts are DejaVu Sans regular and bold parsed for their character maps,
// once: missingGlyph asks them whether a text can be printed.
var fonts = sync.OnceValues(func() ([2]*sfnt.Font, error) {
	var fs [2]*sfnt.Font
	for i, b := range [][]byte{fontRegular, fontBold} {
		f, err := sfnt.Parse(b)
		if err != nil {
			return fs, err
		}
		fs[i] = f
	}
	return fs, nil
})

// missingGlyph returns the first character of s that the regular or the
// bold font has no glyph for, and false; or true when all can be printed.
func missingGlyph(s string) (rune, bool) {
	fs, err := fonts()
	if err != nil {
		// The fonts are embedded: a parse error is a broken build, which
		// the tests catch; let fpdf report it.
		return 0, true
	}
	var buf sfnt.Buffer
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if r > 0xFFFF {
			// fpdf writes two-byte codes: nothing beyond the BMP.
			return r, false
		}
		for _, f := range fs {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				return r, false
			}
		}
	}
	return 0, true
}

// The page: A4 landscape, in millimetres.
const (
	pageW, pageH = 297.0, 210.0
	marginX      = 30.0  // text column from marginX to pageW-marginX
	top          = 22.0  // first line's top
	bottom       = 190.0 // last line's bottom
	ptToMM       = 25.4 / 72
	leading      = 1.22 // line height as a multiple of the font size
	family       = "DejaVu"
)

// Colours: UN blue for the heading and the frame, dark grey for text.
var (
	blue = [3]int{0, 94, 154}
	ink  = [3]int{33, 33, 33}
	grey = [3]int{96, 96, 96}
)

// block is one paragraph of the page: centred, wrapped to the text column.
type block struct {
	text      string
	bold      bool
	size, min float64 // font size in points, and the least it shrinks to
	gap       float64 // space above, in mm, before shrinking
	color     [3]int
}

// layout draws the certificate.
func (t *texts) layout(d Data) (*fpdf.Fpdf, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "L", UnitStr: "mm", SizeStr: "A4"})
	issued := d.IssuedAt.UTC()
	pdf.SetCreationDate(issued)
	pdf.SetModificationDate(issued)
	pdf.SetProducer("Central Asia UNCAC Hub, codeberg.org/go-pdf/fpdf v0.12.0", true)
	pdf.SetCreator("Central Asia UNCAC Hub", true)
	pdf.SetTitle(t.title+" — "+d.ParticipantName, true)
	pdf.SetLang(d.Language)
	// Resources in a fixed order: fpdf otherwise writes its fonts in map order.
	pdf.SetCatalogSort(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCellMargin(0)
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	pdf.AddPage()
	if err := pdf.Error(); err != nil {
		return nil, err
	}

	// The frame: a heavy line and a hairline inside it.
	pdf.SetDrawColor(blue[0], blue[1], blue[2])
	pdf.SetLineWidth(1.2)
	pdf.Rect(9, 9, pageW-18, pageH-18, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(12, 12, pageW-24, pageH-24, "D")

	footTop, err := t.footer(pdf, d)
	if err != nil {
		return nil, err
	}
	if err := t.body(pdf, d, footTop-4); err != nil {
		return nil, err
	}
	if n := pdf.PageCount(); n != 1 {
		return nil, fmt.Errorf("the certificate took %d pages", n)
	}
	return pdf, pdf.Error()
}

// body draws the blocks from the organizer to the days and hours, centred
// between top and limit, shrinking them together until they fit.
func (t *texts) body(pdf *fpdf.Fpdf, d Data, limit float64) error {
	kind := t.kinds[d.EventKind]
	fill := strings.NewReplacer("{kind}", kind)
	blocks := []block{
		{text: t.organizer, size: 10, min: 7, color: grey},
		{text: t.title, bold: true, size: 30, min: 16, gap: 7, color: blue},
		{text: t.intro, size: 14, min: 9, gap: 7, color: ink},
		{text: d.ParticipantName, bold: true, size: 28, min: 12, gap: 2, color: ink},
	}
	if aff := joinNonEmpty(", ", d.Organization, d.Country); aff != "" {
		blocks = append(blocks, block{text: aff, size: 13, min: 8, gap: 1, color: grey})
	}
	if t.before != "" {
		blocks = append(blocks, block{text: fill.Replace(t.before), size: 14, min: 9, gap: 5, color: ink})
	}
	blocks = append(blocks, block{text: t.open + d.EventTitle + t.close, bold: true, size: 18, min: 8, gap: 2, color: ink})
	if t.after != "" {
		blocks = append(blocks, block{text: fill.Replace(t.after), size: 14, min: 9, gap: 2, color: ink})
	}
	blocks = append(blocks, block{text: t.held(d), size: 12, min: 8, gap: 5, color: ink})
	var figures []string
	if d.DaysAttended > 0 {
		figures = append(figures, strings.ReplaceAll(t.days, "{n}", strconv.Itoa(d.DaysAttended)))
	}
	if d.Hours > 0 {
		figures = append(figures, strings.ReplaceAll(t.hours, "{n}", t.number(d.Hours)))
	}
	if len(figures) > 0 {
		blocks = append(blocks, block{text: strings.Join(figures, "   ·   "), size: 12, min: 8, gap: 4, color: ink})
	}

	width := pageW - 2*marginX
	avail := limit - top
	for scale := 1.0; ; scale -= 0.02 {
		var lines [][]string
		var sizes []float64
		height := 0.0
		atMin := true
		for _, b := range blocks {
			size := math.Max(b.min, b.size*scale)
			atMin = atMin && size == b.min
			setFont(pdf, b.bold, size)
			ls := wrap(pdf, b.text, width)
			lines, sizes = append(lines, ls), append(sizes, size)
			height += b.gap*math.Max(scale, 0.3) + float64(len(ls))*size*ptToMM*leading
		}
		if height > avail && !atMin {
			continue
		}
		if height > avail {
			return platform.Errorf(platform.Invalid, "certificate: the texts do not fit on one page even at the smallest size")
		}
		y := top + (avail-height)/2
		for i, b := range blocks {
			y += b.gap * math.Max(scale, 0.3)
			setFont(pdf, b.bold, sizes[i])
			pdf.SetTextColor(b.color[0], b.color[1], b.color[2])
			h := sizes[i] * ptToMM * leading
			for _, l := range lines[i] {
				pdf.SetXY(marginX, y)
				pdf.CellFormat(width, h, l, "", 0, "C", false, 0, "")
				y += h
			}
		}
		return nil
	}
}

// footer draws the verification code, the URL and the date of issue at the
// bottom of the page, and the URL's QR code in the bottom right corner; it
// returns the top of what it drew.
func (t *texts) footer(pdf *fpdf.Fpdf, d Data) (float64, error) {
	width := pageW - 2*marginX
	footTop := bottom
	if d.VerifyURL != "" {
		modules, err := qrModules(d.VerifyURL)
		if err != nil {
			return 0, fmt.Errorf("QR code of %q: %w", d.VerifyURL, err)
		}
		footTop = bottom - qrSize
		drawQR(pdf, modules, pageW-marginX-qrSize+6, footTop)
		// The text stays centred on the page, clear of the code.
		width -= 2 * (qrSize - 6 + 4)
	}
	type line struct {
		text string
		bold bool
		size float64
		link string
	}
	ls := []line{{text: t.code + ": " + d.VerificationCode, bold: true, size: 11}}
	if d.VerifyURL != "" {
		setFont(pdf, false, 9)
		for _, l := range wrap(pdf, strings.ReplaceAll(t.verify, "{url}", d.VerifyURL), width) {
			ls = append(ls, line{text: l, size: 9, link: d.VerifyURL})
		}
	}
	ls = append(ls, line{text: strings.ReplaceAll(t.issued, "{date}", t.date(d.IssuedAt.In(d.TimeZone), datePlain)), size: 9})
	height := 0.0
	for _, l := range ls {
		height += l.size * ptToMM * leading
	}
	y := bottom - height
	footTop = min(footTop, y)
	for _, l := range ls {
		setFont(pdf, l.bold, l.size)
		pdf.SetTextColor(grey[0], grey[1], grey[2])
		h := l.size * ptToMM * leading
		pdf.SetXY((pageW-width)/2, y)
		pdf.CellFormat(width, h, l.text, "", 0, "C", false, 0, l.link)
		y += h
	}
	return footTop, nil
}

// held says where and when the event was held, in its zone.
func (t *texts) held(d Data) string {
	start, end := d.Start.In(d.TimeZone), d.End.In(d.TimeZone)
	sy, sm, sd := start.Date()
	ey, em, ed := end.Date()
	oneDay := sy == ey && sm == em && sd == ed
	var tmpl string
	switch {
	case d.City != "" && oneDay:
		tmpl = t.heldDay
	case d.City != "":
		tmpl = t.heldRange
	case oneDay:
		tmpl = t.heldDayOnline
	default:
		tmpl = t.heldRangeOnline
	}
	return strings.NewReplacer(
		"{city}", d.City,
		"{date}", t.date(start, dateOn),
		"{start}", t.date(start, t.rangeForm),
		"{end}", t.date(end, t.rangeForm),
	).Replace(tmpl)
}

// number writes hours with at most two decimals and the language's
// separator: 24, 7,5.
func (t *texts) number(f float64) string {
	s := strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
	return strings.Replace(s, ".", t.decimal, 1)
}

func setFont(pdf *fpdf.Fpdf, bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	pdf.SetFont(family, style, size)
}

// wrap breaks s into lines no wider than width in the current font: at
// spaces, and inside a word only when the word alone is wider than a line.
func wrap(pdf *fpdf.Fpdf, s string, width float64) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && pdf.GetStringWidth(cur.String()+" "+word) <= width {
			cur.WriteString(" " + word)
			continue
		}
		if cur.Len() > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		for pdf.GetStringWidth(word) > width {
			cut := cutAt(pdf, word, width)
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// cutAt returns the byte length of the longest prefix of word, at least one
// character, that fits in width.
func cutAt(pdf *fpdf.Fpdf, word string, width float64) int {
	cut := 0
	for i, r := range word {
		next := i + utf8.RuneLen(r)
		if cut > 0 && pdf.GetStringWidth(word[:next]) > width {
			break
		}
		cut = next
	}
	return cut
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
