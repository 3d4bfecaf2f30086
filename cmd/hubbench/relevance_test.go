package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/ca-uncac/hub/search/relevance"
)

// TestRelevanceStaysAboveTheFloor runs the judged set (search/relevance)
// as `hubbench relevance` does and fails when the mean nDCG@10 or MRR falls
// below the floor in search/relevance/floor.json. Raise the floor with
// `go run ./cmd/hubbench relevance --raise-floor search/relevance/floor.json`
// after an improvement; it never goes down.
func TestRelevanceStaysAboveTheFloor(t *testing.T) {
	rep, err := measureRelevance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	printRelevance(&out, rep, 0)
	t.Log("\n" + out.String())
	floor, err := relevance.Floor()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Overall.NDCG10 < floor.NDCG10 {
		t.Errorf("mean nDCG@10 %.3f is below the floor %.2f", rep.Overall.NDCG10, floor.NDCG10)
	}
	if rep.Overall.MRR < floor.MRR {
		t.Errorf("MRR %.3f is below the floor %.2f", rep.Overall.MRR, floor.MRR)
	}
	if len(rep.Queries) < 40 {
		t.Errorf("only %d judged queries ran", len(rep.Queries))
	}
}
