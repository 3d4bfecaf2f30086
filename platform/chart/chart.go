// Package chart draws the roadmap's charts on the server as SVG: the
// country × thematic area matrix, the map of the five countries, bar
// charts of progress and of statuses. Nothing needs JavaScript, every
// chart prints, and none relies on colour alone: the shades differ in
// lightness (they hold in grey scale) and every figure is also written as
// a number. Each chart is an image to assistive technology (role="img")
// named by its <title> and described by its <desc>, which also holds every
// number as text.
//
// The strings come translated from the caller (Labels), so the package
// has no dependency on i18n; it escapes every one of them. The SVG uses
// presentation attributes only, no style attributes, so that the hub's
// Content-Security-Policy (style-src 'self') lets it through.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
)

// Labels are the translated strings a chart shows, in the reader's
// language.
type Labels struct {
	// Title names the chart (its <title>, its accessible name); Desc
	// says what it shows, before the numbers the chart adds to its
	// <desc>.
	Title, Desc string
	// ID makes the ids of the chart's elements unique in the page
	// (default: the chart's kind, e.g. "roadmap-matrix"). Two charts of
	// one kind on a page need two IDs.
	ID string
	// Countries are the countries' names by code, and the regional
	// row's by platform.RegionalKey; a missing name shows the code.
	Countries map[string]string
	// Areas are the thematic areas' names by key (platform.Areas).
	Areas map[string]string
	// Statuses are the items' statuses' names.
	Statuses map[platform.ItemStatus]string
	// Claimed and Verified name the two kinds of progress ("claimed",
	// "verified"), shown before a number ("claimed 60%").
	Claimed, Verified string
	// NoItems marks a matrix cell (or a bar) with no items.
	NoItems string
	// NoData marks a country with nothing verified on the map ("nothing
	// verified yet"), in its legend.
	NoData string
	// Decimal is the decimal separator ("," in Russian); default ".".
	Decimal string
}

func (l Labels) country(code string) string {
	if s := l.Countries[code]; s != "" {
		return s
	}
	return code
}

func (l Labels) area(key string) string {
	if s := l.Areas[key]; s != "" {
		return s
	}
	return key
}

func (l Labels) status(s platform.ItemStatus) string {
	if name := l.Statuses[s]; name != "" {
		return name
	}
	return string(s)
}

// id is the prefix of the chart's element ids: l.ID with only the
// letters, digits, "-" and "_" kept (ids also go into url(#…) references,
// where no escaping applies), or kind.
func (l Labels) id(kind string) string {
	id := strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return r
		}
		return -1
	}, l.ID)
	if id == "" {
		return kind
	}
	return id
}

// pct writes a percentage rounded to one decimal: "45.5%", "60%".
func (l Labels) pct(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	if l.Decimal != "" {
		s = strings.Replace(s, ".", l.Decimal, 1)
	}
	return s + "%"
}

// progress writes "claimed 60%" (or "claimed —" when nothing is).
func (l Labels) progress(name string, v *float64) string {
	if v == nil {
		return name + " —"
	}
	return name + " " + l.pct(*v)
}

// both writes "claimed 60% · verified 45%".
func (l Labels) both(p platform.Progress) string {
	return l.progress(l.Claimed, p.Claimed) + " · " + l.progress(l.Verified, p.Verified)
}

// Shades, chosen to differ in lightness so that they hold in grey scale.
const (
	inkColor      = "#1a1a1a"
	mutedColor    = "#595959"
	trackColor    = "#ffffff"
	trackStroke   = "#8c8c8c"
	claimedColor  = "#9ecae1" // light: about 76% lightness
	verifiedColor = "#08519c" // dark: about 33%
	gridColor     = "#d9d9d9"
)

// scale are five shades from light to dark, for a value from 0 to 100.
var scale = []string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}

func shade(v float64) string {
	i := int(v / 20)
	return scale[max(0, min(len(scale)-1, i))]
}

// svg builds one chart.
type svg struct {
	b  strings.Builder
	id string
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// start writes the opening tag, the title and the description.
func (s *svg) start(kind string, l Labels, width, height float64, desc string) {
	s.id = l.id(kind)
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif" font-size="12" fill="%s">`,
		esc(kind), num(width), num(height), num(width), num(height), esc(s.id), esc(s.id), inkColor)
	fmt.Fprintf(&s.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(s.id), esc(l.Title), esc(s.id), esc(desc))
}

func (s *svg) end() template.HTML {
	s.b.WriteString("</svg>")
	// Every string in it was escaped as it was written.
	return template.HTML(s.b.String())
}

func (s *svg) printf(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// text writes a line of text at x, y (its baseline), anchored "start",
// "middle" or "end".
func (s *svg) text(x, y float64, anchor, attrs, t string) {
	s.printf(`<text x="%s" y="%s" text-anchor="%s"%s>%s</text>`, num(x), num(y), anchor, attrs, esc(t))
}

// lines writes wrapped text, one <tspan> a line, from baseline y.
func (s *svg) lines(x, y, lineHeight float64, anchor, attrs string, ls []string) {
	s.printf(`<text x="%s" y="%s" text-anchor="%s"%s>`, num(x), num(y), anchor, attrs)
	for i, l := range ls {
		dy := "0"
		if i > 0 {
			dy = num(lineHeight)
		}
		s.printf(`<tspan x="%s" dy="%s">%s</tspan>`, num(x), dy, esc(l))
	}
	s.b.WriteString(`</text>`)
}

// bar writes a track of width w and its fill for v percent.
func (s *svg) bar(x, y, w, h float64, v *float64, fill string) {
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="0.75"/>`,
		num(x), num(y), num(w), num(h), trackColor, trackStroke)
	if v != nil && *v > 0 {
		s.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="0.75"/>`,
			num(x), num(y), num(w*math.Min(*v, 100)/100), num(h), fill, verifiedColor)
	}
}

func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// wrap breaks s into lines of at most width characters, at spaces; a
// word longer than width stands alone on its line. At most maxLines lines
// are kept, the last ending with "…" when text was cut.
func wrap(s string, width, maxLines int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] += "…"
	}
	return lines
}

// legend writes the key of the claimed and verified bars at x, y.
func (s *svg) legend(x, y float64, l Labels) {
	s.printf(`<g class="legend">`)
	s.bar(x, y-9, 24, 10, ptr(100), claimedColor)
	s.text(x+30, y, "start", "", l.Claimed)
	x2 := x + 40 + float64(utf8.RuneCountInString(l.Claimed))*7
	s.bar(x2, y-9, 24, 10, ptr(100), verifiedColor)
	s.text(x2+30, y, "start", "", l.Verified)
	s.printf(`</g>`)
}

func ptr(v float64) *float64 { return &v }

// rows are the matrix's rows: the five countries, then regional.
func rows() []string { return append(platform.Countries(), platform.RegionalKey) }
