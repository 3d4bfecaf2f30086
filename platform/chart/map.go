package chart

import (
	"html/template"
	"strings"

	"github.com/ca-uncac/hub/platform"
)

// Map draws the five countries (outlines in mapdata.go, see tools/mapgen),
// each shaded by its verified progress in five steps of 20% (hatched when
// nothing is verified), with its name, its verified and its claimed
// progress written on it, and a legend of the shades. progress is by
// country code; a country missing from it shows as having nothing
// verified.
func Map(progress map[string]platform.Progress, l Labels) template.HTML {
	const legendH = 44.0
	width, height := float64(mapWidth), float64(mapHeight)+legendH
	var desc []string
	for _, c := range platform.Countries() {
		p := progress[c]
		desc = append(desc, l.country(c)+": "+l.progress(l.Verified, p.Verified)+", "+l.progress(l.Claimed, p.Claimed)+".")
	}
	var s svg
	s.start("roadmap-map", l, width, height, strings.TrimSpace(l.Desc+" "+strings.Join(desc, " ")))
	hatch := s.id + "-none"
	s.printf(`<defs><pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="1"/></pattern></defs>`,
		esc(hatch), gridColor)
	fill := func(p platform.Progress) string {
		if p.Verified == nil {
			return "url(#" + hatch + ")"
		}
		return shade(*p.Verified)
	}
	for _, c := range platform.Countries() {
		p := progress[c]
		s.printf(`<g class="country" data-country="%s"><title>%s</title><path d="%s" fill="%s" fill-rule="evenodd" stroke="#333333" stroke-width="0.8" stroke-linejoin="round"/></g>`,
			esc(c), esc(l.country(c)+": "+l.progress(l.Verified, p.Verified)+", "+l.progress(l.Claimed, p.Claimed)),
			outlines[c].path, fill(p))
	}
	// The names above every outline, each with a white halo so that it
	// reads across borders and on dark shades, on screen and on paper.
	const halo = ` stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`
	for _, c := range platform.Countries() {
		o, p := outlines[c], progress[c]
		s.text(o.x, o.y-4, "middle", ` font-weight="bold" font-size="13"`+halo, l.country(c))
		s.text(o.x, o.y+10, "middle", ` font-size="11"`+halo, l.progress(l.Verified, p.Verified))
		s.text(o.x, o.y+23, "middle", ` font-size="11" fill="`+mutedColor+`"`+halo, l.progress(l.Claimed, p.Claimed))
	}
	// The legend: the five shades of verified progress, and none.
	y := float64(mapHeight) + 8
	s.text(8, y+12, "start", ` font-weight="bold"`, l.Verified)
	x := 8.0 + float64(len([]rune(l.Verified)))*7.5 + 10
	for i, sh := range scale {
		s.printf(`<rect x="%s" y="%s" width="28" height="14" fill="%s" stroke="#333333" stroke-width="0.5"/>`, num(x), num(y), sh)
		s.text(x+14, y+28, "middle", ` font-size="10"`, l.pct(float64(i*20))+"–"+l.pct(float64(i*20+20)))
		x += 62
	}
	s.printf(`<rect x="%s" y="%s" width="28" height="14" fill="url(#%s)" stroke="#333333" stroke-width="0.5"/>`, num(x), num(y), esc(hatch))
	s.text(x+34, y+12, "start", ` font-size="11"`, l.NoData)
	return s.end()
}

// OverviewMap draws Map for the overview's countries' progress (all areas).
func OverviewMap(o *platform.Overview, l Labels) template.HTML {
	progress := map[string]platform.Progress{}
	if o != nil {
		for c, cell := range o.Countries {
			progress[c] = cell.Progress
		}
	}
	return Map(progress, l)
}
