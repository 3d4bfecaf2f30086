package sheet_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

// fragments are the pieces of text that sheets get wrong: separators,
// quotes, what Excel takes for a formula, line ends, letters of every
// script, a decimal comma, spaces that are not spaces.
var fragments = []string{
	"=", "+", "-", "@", "'", "''", `"`, `""`, ",", ";", "\t", "\n", "\n\n", " ", "  ",
	"ʻ", "oʻ", "Ё", "ң", "ҳ", "ý", "x", "1,5", "0.5", "é", "\u00a0", "—", "«»", "<b>", "&amp;", "_x000D_",
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteString(fragments[r.IntN(len(fragments))])
	}
	return b.String()
}

// TestAnyTextComesBackAsItWasWritten: items whose texts are made of the
// fragments above, normalized as the service stores them, come back from
// a sheet as they were, in both formats.
func TestAnyTextComesBackAsItWasWritten(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, format := range sheet.Formats() {
		for round := range 30 {
			var items []*platform.RoadmapItem
			for i := range 20 {
				in := platform.ItemInput{Period: "2025-2026", Priority: "p", Code: strings.TrimSpace(randomText(r)), Lead: randomText(r),
					Title: platform.Text{}, Description: platform.Text{}, Weight: float64(r.IntN(100000)) / 100}
				for _, l := range platform.Languages() {
					in.Title[l] = randomText(r)
					in.Description[l] = randomText(r)
				}
				if i%3 == 0 {
					in.Parent = "650000000000000000000001"
				}
				in.Normalize()
				if len(in.Title) == 0 {
					in.Title = nil
				}
				if len(in.Description) == 0 {
					in.Description = nil
				}
				items = append(items, &platform.RoadmapItem{ID: "x" + strings.Repeat("1", i), ItemInput: in})
			}
			var buf bytes.Buffer
			if err := sheet.WriteItems(&buf, format, items, nil, platform.Public); err != nil {
				t.Fatal(err)
			}
			rows, problems, err := sheet.ReadItems(&buf, format)
			if err != nil || len(problems) != 0 {
				t.Fatalf("%s round %d: %v %s", format, round, err, asJSON(t, problems))
			}
			want := wantRows(items)
			for i := range want {
				// A kind is only read back when one was written.
				want[i].Kind = items[i].Kind
			}
			if got, want := asJSON(t, rows), asJSON(t, want); got != want {
				t.Fatalf("%s round %d:\n%s\nwant\n%s", format, round, got, want)
			}
		}
	}
}
