// Package relevance measures how well the hub's search ranks: a judged set
// of queries (judged.json) in the hub's languages and scripts, with the
// records a national expert would want from the demo content, and the
// measures nDCG@10 and reciprocal rank. `hubbench relevance` runs the set against
// a fresh hub with the demo content; a test keeps the result above the floor
// in floor.json, which only ever rises.
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
