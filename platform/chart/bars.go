package chart

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/ca-uncac/hub/platform"
)

// Bar is one row of a progress bar chart: what it is about, its progress
// and how many items it counts (0: l.NoItems is shown instead of bars).
type Bar struct {
	Label    string
	Progress platform.Progress
	Items    int
}

// Bars draws a horizontal bar chart of progress: for each bar, in the
// order given, its claimed and its verified progress as two bars with
// their numbers. The numbers are also in the chart's description.
func Bars(bars []Bar, l Labels) template.HTML {
	const (
		labelW = 180.0
		barW   = 300.0
		rowH   = 46.0
		barH   = 12.0
		top    = 8.0
	)
	width := labelW + barW + 170
	height := top + rowH*float64(len(bars)) + 30
	var desc []string
	for _, b := range bars {
		if b.Items == 0 {
			desc = append(desc, b.Label+": "+l.NoItems+".")
		} else {
			desc = append(desc, b.Label+": "+l.both(b.Progress)+".")
		}
	}
	var s svg
	s.start("roadmap-bars", l, width, height, strings.TrimSpace(l.Desc+" "+strings.Join(desc, " ")))
	for i, b := range bars {
		y := top + rowH*float64(i)
		s.printf(`<g class="bar">`)
		name := wrap(b.Label, 24, 2)
		s.lines(labelW-8, y+rowH/2-2-7*float64(len(name)-1), 14, "end", "", name)
		if b.Items == 0 {
			s.printf(`<title>%s</title>`, esc(b.Label+": "+l.NoItems))
			s.text(labelW, y+rowH/2+2, "start", ` fill="`+mutedColor+`" font-style="italic"`, l.NoItems)
		} else {
			s.printf(`<title>%s</title>`, esc(b.Label+": "+l.both(b.Progress)))
			s.bar(labelW, y+4, barW, barH, b.Progress.Claimed, claimedColor)
			s.text(labelW+barW+8, y+4+barH-2, "start", ` font-size="11"`, l.progress(l.Claimed, b.Progress.Claimed))
			s.bar(labelW, y+4+barH+4, barW, barH, b.Progress.Verified, verifiedColor)
			s.text(labelW+barW+8, y+4+2*barH+2, "start", ` font-size="11"`, l.progress(l.Verified, b.Progress.Verified))
		}
		s.printf(`</g>`)
	}
	s.legend(labelW, height-10, l)
	return s.end()
}

// CountryBars draws Bars for the overview's countries, then regional.
func CountryBars(o *platform.Overview, l Labels) template.HTML {
	var bars []Bar
	for _, c := range rows() {
		var cell platform.MatrixCell
		if o != nil {
			cell = o.Countries[c]
		}
		bars = append(bars, Bar{Label: l.country(c), Progress: cell.Progress, Items: cell.Items})
	}
	if l.ID == "" {
		l.ID = "roadmap-country-bars"
	}
	return Bars(bars, l)
}

// AreaBars draws Bars for the overview's thematic areas.
func AreaBars(o *platform.Overview, l Labels) template.HTML {
	var bars []Bar
	for _, a := range platform.Areas() {
		var cell platform.MatrixCell
		if o != nil {
			cell = o.Areas[a]
		}
		bars = append(bars, Bar{Label: l.area(a), Progress: cell.Progress, Items: cell.Items})
	}
	if l.ID == "" {
		l.ID = "roadmap-area-bars"
	}
	return Bars(bars, l)
}

// statusFill is each status's shade: lighter to darker along the scale,
// withdrawn hatched.
func statusFill(st platform.ItemStatus, hatch string) string {
	switch st {
	case platform.StatusNotStarted:
		return scale[0]
	case platform.StatusLimited:
		return scale[1]
	case platform.StatusSubstantial:
		return scale[3]
	case platform.StatusCompleted:
		return scale[4]
	}
	return "url(#" + hatch + ")"
}

// StatusBars draws how many items have each status (counts, as in
// platform.Overview.Statuses), in the order of the scale: a bar each, with
// its count and its share of all items.
func StatusBars(counts map[platform.ItemStatus]int, l Labels) template.HTML {
	const (
		labelW = 180.0
		barW   = 300.0
		rowH   = 28.0
		barH   = 16.0
		top    = 8.0
	)
	statuses := platform.ItemStatuses()
	total, most := 0, 0
	for _, st := range statuses {
		total += counts[st]
		most = max(most, counts[st])
	}
	share := func(n int) string {
		if total == 0 {
			return "0"
		}
		return strconv.Itoa(n) + " (" + l.pct(float64(n)*100/float64(total)) + ")"
	}
	var desc []string
	for _, st := range statuses {
		desc = append(desc, l.status(st)+": "+share(counts[st])+".")
	}
	width := labelW + barW + 110
	height := top + rowH*float64(len(statuses)) + 4
	var s svg
	s.start("roadmap-statuses", l, width, height, strings.TrimSpace(l.Desc+" "+strings.Join(desc, " ")))
	hatch := s.id + "-hatch"
	s.printf(`<defs><pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="2"/></pattern></defs>`,
		esc(hatch), mutedColor)
	for i, st := range statuses {
		y := top + rowH*float64(i)
		n := counts[st]
		w := 0.0
		if most > 0 {
			w = barW * float64(n) / float64(most)
		}
		s.printf(`<g class="status" data-status="%s"><title>%s</title>`, esc(string(st)), esc(l.status(st)+": "+share(n)))
		s.text(labelW-8, y+barH-2, "end", "", l.status(st))
		s.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="0.75"/>`,
			num(labelW), num(y), num(max(w, 1)), num(barH), statusFill(st, hatch), verifiedColor)
		s.text(labelW+w+8, y+barH-3, "start", "", share(n))
		s.printf(`</g>`)
	}
	return s.end()
}
