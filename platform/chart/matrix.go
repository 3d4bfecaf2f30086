package chart

import (
	"html/template"
	"strings"

	"github.com/ca-uncac/hub/platform"
)

// Matrix draws the overview's matrix: a row for each of the five countries
// and one for regional items, a column for each thematic area, and in
// each cell the claimed and the verified progress of its commitments as
// two bars, each with its number ("claimed 60%", "verified 45%"). A cell
// without items says so (l.NoItems). The numbers are also in the chart's
// description, row by row.
func Matrix(o *platform.Overview, l Labels) template.HTML {
	const (
		labelW  = 160.0
		colW    = 200.0
		headH   = 58.0
		rowH    = 66.0
		barW    = 176.0
		barH    = 8.0
		padding = 12.0
	)
	cells := map[[2]string]platform.MatrixCell{}
	if o != nil {
		for _, c := range o.Cells {
			cells[[2]string{c.Country, c.Area}] = c
		}
	}
	areas := platform.Areas()
	width := labelW + colW*float64(len(areas)) + 4
	gridBottom := headH + rowH*float64(len(rows()))
	height := gridBottom + 34

	var desc []string
	for _, country := range rows() {
		var parts []string
		for _, a := range areas {
			c, ok := cells[[2]string{country, a}]
			if !ok || c.Items == 0 {
				parts = append(parts, l.area(a)+": "+l.NoItems)
			} else {
				parts = append(parts, l.area(a)+": "+l.both(c.Progress))
			}
		}
		desc = append(desc, l.country(country)+" — "+strings.Join(parts, "; ")+".")
	}

	var s svg
	s.start("roadmap-matrix", l, width, height, strings.TrimSpace(l.Desc+" "+strings.Join(desc, " ")))
	// Column heads.
	for i, a := range areas {
		x := labelW + colW*float64(i)
		s.lines(x+padding, 18, 14, "start", ` font-weight="bold"`, wrap(l.area(a), 26, 3))
	}
	for r, country := range rows() {
		y := headH + rowH*float64(r)
		s.printf(`<line x1="0" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(y), num(width), num(y), gridColor)
		name := wrap(l.country(country), 20, 3)
		s.lines(4, y+rowH/2+4-7*float64(len(name)-1), 14, "start", ` font-weight="bold"`, name)
		for i, a := range areas {
			x := labelW + colW*float64(i)
			c, ok := cells[[2]string{country, a}]
			s.printf(`<g class="cell" data-country="%s" data-area="%s">`, esc(country), esc(a))
			if !ok || c.Items == 0 {
				s.printf(`<title>%s</title>`, esc(l.country(country)+" — "+l.area(a)+": "+l.NoItems))
				s.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="#f5f5f5" stroke="none"/>`,
					num(x+2), num(y+2), num(colW-4), num(rowH-4))
				s.text(x+colW/2, y+rowH/2+4, "middle", ` fill="`+mutedColor+`" font-style="italic"`, l.NoItems)
			} else {
				s.printf(`<title>%s</title>`, esc(l.country(country)+" — "+l.area(a)+": "+l.both(c.Progress)))
				s.text(x+padding, y+17, "start", ` font-size="11"`, l.progress(l.Claimed, c.Progress.Claimed))
				s.bar(x+padding, y+21, barW, barH, c.Progress.Claimed, claimedColor)
				s.text(x+padding, y+46, "start", ` font-size="11"`, l.progress(l.Verified, c.Progress.Verified))
				s.bar(x+padding, y+50, barW, barH, c.Progress.Verified, verifiedColor)
			}
			s.printf(`</g>`)
		}
	}
	s.printf(`<line x1="0" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(gridBottom), num(width), num(gridBottom), gridColor)
	for i := range areas {
		x := labelW + colW*float64(i)
		s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(headH), num(x), num(gridBottom), gridColor)
	}
	s.legend(labelW+padding, gridBottom+24, l)
	return s.end()
}
