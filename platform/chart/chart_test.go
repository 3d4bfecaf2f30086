package chart_test

import (
	"encoding/xml"
	"html/template"
	"io"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/chart"
)

func pct(v float64) *float64 { return &v }

const hostile = `<script>alert("x")</script> & Co`

func labels() chart.Labels {
	return chart.Labels{
		Title: "Roadmap 2025–2026", Desc: "Progress by country and area.",
		Countries: map[string]string{"KZ": "Казахстан", "KG": hostile, "TJ": "Тоҷикистон", "TM": "Türkmenistan", "UZ": "Oʻzbekiston", platform.RegionalKey: "Regional"},
		Areas:     map[string]string{"prevention": "Preventive measures", "private_sector": "Corruption in the corporate and private sector", "asset_recovery": "Asset recovery and international cooperation", "criminalization": "Criminalization and investigation"},
		Statuses:  map[platform.ItemStatus]string{platform.StatusNotStarted: "not started", platform.StatusCompleted: "completed"},
		Claimed:   "claimed", Verified: "verified", NoItems: "no items", NoData: "nothing verified",
	}
}

func overview() *platform.Overview {
	return &platform.Overview{
		Period: "2025-2026",
		Cells: []platform.MatrixCell{
			{Country: "KZ", Area: "prevention", Items: 3, Progress: platform.Progress{Claimed: pct(60), Verified: pct(45.5)}},
			{Country: "KG", Area: "asset_recovery", Items: 1, Progress: platform.Progress{Claimed: pct(20)}},
			{Country: platform.RegionalKey, Area: "criminalization", Items: 2, Progress: platform.Progress{Claimed: pct(100), Verified: pct(100)}},
		},
		Countries: map[string]platform.MatrixCell{
			"KZ": {Items: 3, Progress: platform.Progress{Claimed: pct(60), Verified: pct(45.5)}},
			"KG": {Items: 1, Progress: platform.Progress{Claimed: pct(20)}},
		},
		Areas: map[string]platform.MatrixCell{
			"prevention": {Items: 3, Progress: platform.Progress{Claimed: pct(60), Verified: pct(45.5)}},
		},
		Statuses: map[platform.ItemStatus]int{platform.StatusNotStarted: 3, platform.StatusLimited: 1, platform.StatusCompleted: 2},
	}
}

// parsed is what an SVG holds, read as XML.
type parsed struct {
	root     xml.StartElement
	ids      map[string]string // element id → its text
	text     string            // all character data
	elements map[string]int    // element name → count
	attrs    []map[string]string
}

func parse(t *testing.T, h template.HTML) parsed {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(h)))
	d.Strict = true
	p := parsed{ids: map[string]string{}, elements: map[string]int{}}
	var open []string // ids of the open elements
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, h)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if p.root.Name.Local == "" {
				p.root = tok.Copy()
			}
			p.elements[tok.Name.Local]++
			a := map[string]string{"": tok.Name.Local}
			id := ""
			for _, at := range tok.Attr {
				a[at.Name.Local] = at.Value
				if at.Name.Local == "id" {
					id = at.Value
				}
			}
			p.attrs = append(p.attrs, a)
			open = append(open, id)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			text.Write(tok)
			for _, id := range open {
				if id != "" {
					p.ids[id] += string(tok)
				}
			}
		}
	}
	p.text = text.String()
	return p
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// checkAccessible: an image named by its title and described by its desc.
func checkAccessible(t *testing.T, p parsed, l chart.Labels) {
	t.Helper()
	if p.root.Name.Local != "svg" || attr(p.root, "role") != "img" {
		t.Errorf("root %v role %q", p.root.Name, attr(p.root, "role"))
	}
	ids := strings.Fields(attr(p.root, "aria-labelledby"))
	if len(ids) != 2 || p.ids[ids[0]] != l.Title || !strings.HasPrefix(p.ids[ids[1]], l.Desc) {
		t.Errorf("aria-labelledby %v: title %q, desc %q", ids, p.ids[ids[0]], p.ids[ids[1]])
	}
	if p.elements["title"] == 0 || p.elements["desc"] != 1 {
		t.Errorf("elements %v", p.elements)
	}
}

func TestChartsAreAccessibleXMLHoldingTheirNumbers(t *testing.T) {
	l := labels()
	tests := []struct {
		name string
		svg  template.HTML
		want []string // in the text, and in the description
	}{
		{"matrix", chart.Matrix(overview(), l), []string{"claimed 60%", "verified 45.5%", "claimed 20%", "verified —", "claimed 100%", "no items", "Казахстан", "Preventive measures"}},
		{"country bars", chart.CountryBars(overview(), l), []string{"claimed 60%", "verified 45.5%", "claimed 20%", "no items", "Oʻzbekiston"}},
		{"area bars", chart.AreaBars(overview(), l), []string{"claimed 60%", "verified 45.5%", "no items", "Asset recovery"}},
		{"statuses", chart.StatusBars(overview().Statuses, l), []string{"not started", "3 (50%)", "1 (16.7%)", "completed", "2 (33.3%)", "withdrawn"}},
		{"map", chart.Map(map[string]platform.Progress{"KZ": {Claimed: pct(60), Verified: pct(45.5)}, "UZ": {Claimed: pct(10)}}, l),
			[]string{"verified 45.5%", "claimed 60%", "claimed 10%", "verified —", "Тоҷикистон", "nothing verified", "80%–100%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parse(t, tt.svg)
			checkAccessible(t, p, l)
			desc := p.ids[strings.Fields(attr(p.root, "aria-labelledby"))[1]]
			for _, w := range tt.want {
				if !strings.Contains(p.text, w) {
					t.Errorf("the chart lacks %q", w)
				}
				if tt.name != "map" || !strings.Contains(w, "–") && w != "nothing verified" {
					if !strings.Contains(desc, w) && !strings.Contains(w, "Preventive") && !strings.Contains(w, "Asset") {
						t.Errorf("the description lacks %q: %q", w, desc)
					}
				}
			}
		})
	}
}

func TestHostileLabelsStayText(t *testing.T) {
	l := labels()
	l.Title = hostile
	l.ID = `x" onload="alert(1)`
	for name, svg := range map[string]template.HTML{
		"matrix": chart.Matrix(overview(), l), "bars": chart.CountryBars(overview(), l),
		"map": chart.Map(nil, l), "statuses": chart.StatusBars(nil, l),
	} {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(string(svg), "<script") || strings.Contains(string(svg), `" onload`) {
				t.Fatalf("the label escaped into markup:\n%s", svg)
			}
			p := parse(t, svg)
			if !strings.Contains(p.text, hostile) {
				t.Errorf("the hostile label is not shown as text")
			}
			for _, a := range p.attrs {
				if _, ok := a["onload"]; ok {
					t.Errorf("an onload attribute: %v", a)
				}
			}
		})
	}
}

func TestTheMapHasAPathPerCountry(t *testing.T) {
	p := parse(t, chart.Map(map[string]platform.Progress{"TM": {Verified: pct(90)}}, labels()))
	var groups []string
	for i, a := range p.attrs {
		if a[""] == "g" && a["data-country"] != "" {
			groups = append(groups, a["data-country"])
			// The group's title, then its path.
			if i+2 >= len(p.attrs) || p.attrs[i+2][""] != "path" || len(p.attrs[i+2]["d"]) < 200 {
				t.Errorf("%s has no outline", a["data-country"])
			}
		}
	}
	if strings.Join(groups, " ") != "KZ KG TJ TM UZ" {
		t.Errorf("countries %v", groups)
	}
	if p.elements["path"] != 5 {
		t.Errorf("%d paths", p.elements["path"])
	}
}

func TestTheOverviewsMapIsItsCountries(t *testing.T) {
	p := parse(t, chart.OverviewMap(overview(), labels()))
	if !strings.Contains(p.text, "verified 45.5%") || !strings.Contains(p.text, "claimed 20%") {
		t.Errorf("the map lacks the overview's numbers: %q", p.text)
	}
	parse(t, chart.OverviewMap(nil, labels()))
}

func TestAnEmptyCellSaysItHasNoItems(t *testing.T) {
	p := parse(t, chart.Matrix(&platform.Overview{}, labels()))
	if n := strings.Count(p.text, "no items"); n < 24 {
		t.Errorf("%d cells say they have no items, want the 24 of an empty matrix", n)
	}
}

func TestADecimalCommaIsTheReadersOwn(t *testing.T) {
	l := labels()
	l.Decimal = ","
	p := parse(t, chart.Matrix(overview(), l))
	if !strings.Contains(p.text, "verified 45,5%") || strings.Contains(p.text, "45.5") {
		t.Errorf("decimal comma not used")
	}
}
