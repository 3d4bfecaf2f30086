package similar_test

import (
	"fmt"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/similar"
)

// BenchmarkAllTheWorstCase flags 1,000 recommendations of one country
// under one article: every pair is compared (half a million). The records
// are made anew for each run, so nothing prepared is reused across runs.
//
// go test -run '^$' -bench AllTheWorstCase -benchtime 3x ./platform/similar/
// measured 0.39 s a run on the shared 2-core machine (December 2026): what an
// import pays at worst; a single write compares only its own pairs.
func BenchmarkAllTheWorstCase(b *testing.B) {
	subjects := []string{"asset declarations of public officials", "the independence of the anti-corruption agency",
		"the liability of legal persons", "the protection of whistleblowers", "public procurement", "the confiscation of proceeds"}
	for b.Loop() {
		b.StopTimer()
		recs := make([]*platform.Recommendation, 1000)
		for i := range recs {
			recs[i] = &platform.Recommendation{ID: fmt.Sprint(i), RecommendationInput: platform.RecommendationInput{Country: "KZ", Articles: []int{36},
				Text: platform.Text{"en": fmt.Sprintf("Review %s in region %d and report on measure %d.", subjects[i%len(subjects)], i%13, i)}}}
		}
		b.StartTimer()
		similar.All(recs)
	}
}
