package bilaterals

import (
	"bytes"
	"net/http"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/certificate"
	"github.com/ca-uncac/hub/platform/web"
)

// A delegation's printable schedule: A4 portrait, the conference and the
// delegation at the top, then each day's meetings in time order, in the
// reader's language. It uses the certificates' embedded DejaVu Sans (which
// covers Cyrillic, and Latin with ʻ), and their conforming ToUnicode map so
// that the text can be copied. Names typed in a script the font lacks are
// printed with "?" for the missing letters rather than refused: the
// schedule must print whatever the delegations wrote. The document depends
// on the schedule only (its dates are the publication's), so the same
// schedule gives the same bytes.

const (
	pdfFamily = "DejaVu"
	pdfMargin = 18.0
	pdfWidth  = 210.0 - 2*pdfMargin
)

// printable replaces the characters the font has no glyph for with "?".
func printable(s string) string {
	if _, ok := certificate.Printable(s); ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return r
		}
		if _, ok := certificate.Printable(string(r)); !ok {
			return '?'
		}
		return r
	}, s)
}

// schedulePDF writes the delegation's schedule as a PDF.
func schedulePDF(ds *delegationSchedule, e *platform.Event, l *i18n.Localizer, lang string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	stamp := time.Unix(0, 0).UTC()
	if ds.PublishedAt != nil {
		stamp = ds.PublishedAt.UTC()
	}
	title, _ := e.Title(i18n.Chain(lang))
	heading := l.T("bilaterals.schedule_of", map[string]any{"Name": ds.Name})
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetProducer("Central Asia UNCAC Hub, codeberg.org/go-pdf/fpdf v0.12.0", true)
	pdf.SetCreator("Central Asia UNCAC Hub", true)
	pdf.SetTitle(printable(heading+" — "+title), true)
	pdf.SetLang(lang)
	pdf.SetCatalogSort(true)
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin)
	regular, bold := certificate.Fonts()
	pdf.AddUTF8FontFromBytes(pdfFamily, "", regular)
	pdf.AddUTF8FontFromBytes(pdfFamily, "B", bold)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(pdfFamily, "", 8)
		pdf.SetTextColor(96, 96, 96)
		pdf.CellFormat(0, 5, printable(l.T("site.name")), "", 0, "L", false, 0, "")
	})
	pdf.AddPage()

	text := func(style string, size float64, color [3]int, s string) {
		pdf.SetFont(pdfFamily, style, size)
		pdf.SetTextColor(color[0], color[1], color[2])
		pdf.MultiCell(pdfWidth, size*0.5, printable(s), "", "L", false)
	}
	blue, ink, grey := [3]int{0, 94, 154}, [3]int{33, 33, 33}, [3]int{96, 96, 96}
	text("B", 16, blue, heading)
	pdf.Ln(1)
	text("", 11, ink, title)
	when := l.T("bilaterals.times_in", map[string]any{"Value": e.TimeZone})
	if ds.PublishedAt != nil {
		when += " · " + l.T("bilaterals.published_at", map[string]any{"Time": ds.PublishedAt.In(e.Location()).Format("2006-01-02 15:04")})
	}
	text("", 9, grey, when)
	pdf.Ln(4)
	if len(ds.Meetings) == 0 {
		text("", 11, ink, l.T("bilaterals.no_meetings"))
	}
	day := ""
	for _, m := range ds.Meetings {
		if m.Day != day {
			day = m.Day
			pdf.Ln(2)
			text("B", 12, blue, weekday(l, m.Start.In(e.Location()))+", "+m.Day)
			pdf.SetDrawColor(blue[0], blue[1], blue[2])
			pdf.Line(pdfMargin, pdf.GetY()+0.5, pdfMargin+pdfWidth, pdf.GetY()+0.5)
			pdf.Ln(2)
		}
		text("B", 11, ink, m.From+"–"+m.To+"   "+l.T("bilaterals.meeting_with", map[string]any{"Name": m.With}))
		lines := []string{l.T("bilaterals.field.room") + ": " + m.Room}
		if m.Topic != "" {
			lines = append(lines, l.T("bilaterals.field.topic")+": "+m.Topic)
		}
		if len(m.Members) > 0 {
			lines = append(lines, l.T("bilaterals.our_members")+": "+strings.Join(m.Members, ", "))
		}
		if len(m.Others) > 0 {
			lines = append(lines, l.T("bilaterals.their_members")+": "+strings.Join(m.Others, ", "))
		}
		if m.Interpreter != "" {
			lines = append(lines, l.T("bilaterals.interpreter")+": "+m.Interpreter)
		}
		for _, line := range lines {
			text("", 10, ink, line)
		}
		pdf.Ln(3)
	}
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return certificate.FixToUnicode(buf.Bytes())
}

// weekday names t's day of the week in the reader's language.
func weekday(l *i18n.Localizer, t time.Time) string {
	return l.T("calendar.weekday_" + string(rune('0'+(int(t.Weekday())+6)%7+1)))
}

// delegationPDF serves …/delegations/{did}/schedule.pdf, page or API.
func (s *server) delegationPDF(c *gin.Context) {
	e, d, ds, ok := s.scheduleFor(c)
	if !ok {
		return
	}
	lang := web.Lang(c)
	doc, err := schedulePDF(ds, e, s.Bundle.Localizer(lang), lang)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="bilaterals-`+d.ID+`-`+lang+`.pdf"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", doc)
}
