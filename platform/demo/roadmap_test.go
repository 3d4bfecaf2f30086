package demo

import (
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// eachDemoItem calls f with every demo item, its period and its country.
func eachDemoItem(f func(it demoItem, period string, action bool)) {
	var walk func(it demoItem, period string, action bool)
	walk = func(it demoItem, period string, action bool) {
		f(it, period, action)
		for _, a := range it.actions {
			walk(a, period, true)
		}
	}
	for _, it := range demoEarlier {
		walk(it, "2023-2024", false)
	}
	for _, it := range append(append([]demoItem{}, demoRegional...), demoNational...) {
		walk(it, "2025-2026", false)
	}
}

func TestTheDemoRoadmapIsValidAndVaried(t *testing.T) {
	codes := map[string]bool{}
	states := map[string]int{}
	countries := map[string]int{}
	eachDemoItem(func(it demoItem, period string, action bool) {
		in := platform.ItemInput{Kind: platform.KindCommitment, Period: period, Priority: "p", Code: it.code, Title: it.title,
			Lead: it.lead, Weight: it.weight, Status: it.status, Articles: it.articles, Visibility: it.visibility}
		if action {
			in.Kind, in.Parent = platform.KindAction, "parent"
		}
		if it.indicator != nil {
			in.Indicators = []platform.Indicator{*it.indicator}
		}
		in.Normalize()
		if err := in.Validate(); err != nil {
			t.Errorf("%s: %v", it.code, err)
		}
		if codes[it.code] {
			t.Errorf("code %s twice", it.code)
		}
		codes[it.code] = true
		if !action {
			countries[it.country]++
			if it.area == "" || it.title["en"] == "" || it.title["ru"] == "" {
				t.Errorf("%s: a commitment needs an area and English and Russian titles", it.code)
			}
		}
		for _, c := range it.claims {
			u := platform.UpdateInput{Date: demoDay(c.date), Text: c.text, Claim: &platform.Claim{Progress: c.progress, Status: c.status}}
			if err := u.Validate(); err != nil {
				t.Errorf("%s's update: %v", it.code, err)
			}
			if len(it.actions) > 0 {
				t.Errorf("%s claims progress but has actions (its progress is rolled up)", it.code)
			}
			switch {
			case it.country == "":
				states["secretariat"]++
			case c.review == "":
				states["claimed"]++
			case c.review == "verified":
				states["verified"]++
			default:
				states["questioned"]++
			}
		}
	})
	for _, c := range append(platform.Countries(), "") {
		if countries[c] < 2 {
			t.Errorf("country %q has %d commitments, want at least 2", c, countries[c])
		}
	}
	for _, s := range []string{"claimed", "verified", "questioned", "secretariat"} {
		if states[s] == 0 {
			t.Errorf("no demo claim is %s", s)
		}
	}
	perCountry := map[string]int{}
	for i, r := range demoRecommendations {
		in := platform.RecommendationInput{Country: r.country, Source: r.source, Reference: r.reference, Year: r.year, Area: r.area,
			Articles: r.articles, Text: r.text, Implementation: r.impl}
		in.Normalize()
		if err := in.Validate(); err != nil {
			t.Errorf("recommendation %d: %v", i+1, err)
		}
		if r.commitment != "" && !codes[r.commitment] {
			t.Errorf("recommendation %d names commitment %s, which the demo lacks", i+1, r.commitment)
		}
		perCountry[r.country]++
	}
	for _, c := range platform.Countries() {
		if perCountry[c] < 2 {
			t.Errorf("%s has %d recommendations, want at least 2", c, perCountry[c])
		}
	}
}
