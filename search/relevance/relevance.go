// Package relevance measures how well the hub's search ranks: a judged set
// of queries (judged.json) in the hub's languages and scripts, with the
// records a national expert would want from the demo content, and the
// measures nDCG@10 and reciprocal rank. Some queries are paraphrases: the
// words practitioners use (integrity testing, lifestyle audits, red flags)
// rather than the Convention's, the searches a hub that only knows the
// Convention's wording would leave empty-handed. `hubbench relevance` runs
// the set against a fresh hub with the demo content and reports the means
// over all queries, over the paraphrases and per language (Breakdown); a
// test keeps the means over all queries above the floor in floor.json,
// which only ever rises while the set stays the same.
package relevance

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// Query is one judged query.
type Query struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Lang string `json:"lang"`
	// Paraphrase marks a query written in practitioners' words (national
	// practice, glossaries) rather than the Convention's, or mixing such a
	// word with words the texts use.
	Paraphrase bool `json:"paraphrase,omitempty"`
	// Relevant grades records by name: 3 the answer, 2 highly relevant, 1
	// relevant. Unnamed records count 0.
	Relevant map[string]int `json:"relevant"`
}

//go:embed judged.json
var judgedJSON []byte

//go:embed floor.json
var floorJSON []byte

// Judged returns the judged queries.
func Judged() ([]Query, error) {
	var f struct {
		Queries []Query `json:"queries"`
	}
	if err := json.Unmarshal(judgedJSON, &f); err != nil {
		return nil, fmt.Errorf("relevance: judged.json: %w", err)
	}
	return f.Queries, nil
}

// Scores are the mean measures over the judged set.
type Scores struct {
	NDCG10 float64 `json:"ndcg10"`
	MRR    float64 `json:"mrr"`
}

// Measured is one judged query's measures.
type Measured struct {
	Query      Query
	NDCG10, RR float64
}

// Group is the mean measures over a part of the judged set.
type Group struct {
	// Name is "all", "paraphrases" or a language code.
	Name    string
	Queries int
	Scores
}

// breakdownLangs is the order of the languages in Breakdown, the hub's.
var breakdownLangs = []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"}

// Breakdown returns the mean measures over all queries, over the
// paraphrases, and over the queries of each language (in the hub's order,
// then any other in order of appearance), leaving out empty groups.
// Separate means show what a single mean hides: the set is mostly the
// Convention's wording in English and Russian, so a search that fails the
// paraphrases or a language can still keep a good overall mean.
func Breakdown(ms []Measured) []Group {
	all := Group{Name: "all"}
	para := Group{Name: "paraphrases"}
	byLang := map[string]*Group{}
	langs := append([]string(nil), breakdownLangs...)
	for _, m := range ms {
		add(&all, m)
		if m.Query.Paraphrase {
			add(&para, m)
		}
		g := byLang[m.Query.Lang]
		if g == nil {
			g = &Group{Name: m.Query.Lang}
			byLang[m.Query.Lang] = g
			if !slices.Contains(langs, m.Query.Lang) {
				langs = append(langs, m.Query.Lang)
			}
		}
		add(g, m)
	}
	out := []Group{}
	for _, g := range append([]*Group{&all, &para}, groupsOf(byLang, langs)...) {
		if g.Queries > 0 {
			g.NDCG10 /= float64(g.Queries)
			g.MRR /= float64(g.Queries)
			out = append(out, *g)
		}
	}
	return out
}

// add sums m into g; Breakdown divides by the count at the end.
func add(g *Group, m Measured) {
	g.Queries++
	g.NDCG10 += m.NDCG10
	g.MRR += m.RR
}

func groupsOf(byLang map[string]*Group, langs []string) []*Group {
	var out []*Group
	for _, l := range langs {
		if g, ok := byLang[l]; ok {
			out = append(out, g)
		}
	}
	return out
}

// Floor returns the scores the search must not fall below (floor.json as
// built into the program).
func Floor() (Scores, error) {
	var s Scores
	if err := json.Unmarshal(floorJSON, &s); err != nil {
		return s, fmt.Errorf("relevance: floor.json: %w", err)
	}
	return s, nil
}

// RaiseFloor writes measured, rounded down to 0.01, as the floor in the
// file at path, each measure only where it is higher than the file's; it
// reports whether it changed anything.
func RaiseFloor(path string, measured Scores) (bool, error) {
	var old Scores
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, &old); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	next := Scores{NDCG10: max(old.NDCG10, RoundDown(measured.NDCG10)), MRR: max(old.MRR, RoundDown(measured.MRR))}
	if next == old {
		return false, nil
	}
	out, err := json.MarshalIndent(next, "", "  ")
	if err != nil {
		return false, err
	}
	return true, os.WriteFile(path, append(out, '\n'), 0o644)
}

// RoundDown rounds x down to two decimals.
func RoundDown(x float64) float64 { return math.Floor(x*100+1e-9) / 100 }

// Gain returns the grade of a ranked record by name. A part of a record
// (named "<record>/p/<key>", a law's provision) stands for its record.
func (q Query) Gain(name string) int {
	return q.Relevant[record(name)]
}

// record returns the record a name stands for: itself, or the record a
// part belongs to.
func record(name string) string {
	if i := strings.LastIndex(name, "/p/"); i > 0 {
		return name[:i]
	}
	return name
}

// gains returns the gain of each ranked name: a record counts the first
// time it (or a part of it) appears, not again.
func (q Query) gains(ranked []string) []int {
	seen := map[string]bool{}
	out := make([]int, len(ranked))
	for i, name := range ranked {
		r := record(name)
		if seen[r] {
			continue
		}
		seen[r] = true
		out[i] = q.Relevant[r]
	}
	return out
}

// NDCG returns the normalised discounted cumulative gain of ranked (record
// names, best first) at depth k, with gains 2^grade − 1.
func (q Query) NDCG(ranked []string, k int) float64 {
	dcg := 0.0
	for i, g := range q.gains(ranked[:min(k, len(ranked))]) {
		dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	var ideal []int
	for _, g := range q.Relevant {
		ideal = append(ideal, g)
	}
	slices.Sort(ideal)
	slices.Reverse(ideal)
	idcg := 0.0
	for i, g := range ideal[:min(k, len(ideal))] {
		idcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// ReciprocalRank returns 1/rank of the first relevant record in ranked,
// or 0 when there is none.
func (q Query) ReciprocalRank(ranked []string) float64 {
	for i, name := range ranked {
		if q.Gain(name) > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}
