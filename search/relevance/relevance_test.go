package relevance

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestJudgedSetIsWellFormed(t *testing.T) {
	qs, err := Judged()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 40 {
		t.Errorf("%d judged queries, want at least 40", len(qs))
	}
	langs, ids := map[string]bool{}, map[string]bool{}
	for _, q := range qs {
		langs[q.Lang] = true
		if ids[q.ID] {
			t.Errorf("query id %s twice", q.ID)
		}
		ids[q.ID] = true
		if q.Text == "" || len(q.Relevant) == 0 {
			t.Errorf("%s has no text or no judgments", q.ID)
		}
		for name, g := range q.Relevant {
			if g < 1 || g > 3 {
				t.Errorf("%s grades %s %d", q.ID, name, g)
			}
		}
	}
	if len(langs) < 3 {
		t.Errorf("judged languages %v, want at least three", langs)
	}
	if _, err := Floor(); err != nil {
		t.Fatal(err)
	}
}

func TestMeasures(t *testing.T) {
	q := Query{Relevant: map[string]int{"a": 3, "b": 1}}
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	if got := q.NDCG([]string{"a", "b", "c"}, 10); !near(got, 1) {
		t.Errorf("the ideal order has nDCG %v", got)
	}
	if got := q.NDCG([]string{"c", "b", "a"}, 10); !(got > 0 && got < 1) {
		t.Errorf("a poor order has nDCG %v", got)
	}
	if got := q.NDCG([]string{"c"}, 10); got != 0 {
		t.Errorf("nothing relevant has nDCG %v", got)
	}
	if got := q.ReciprocalRank([]string{"c", "x", "b"}); !near(got, 1.0/3) {
		t.Errorf("RR %v", got)
	}
	if got := q.Gain("a/p/art-5"); got != 3 {
		t.Errorf("a provision of a grade-3 record has gain %d", got)
	}
	if got, want := q.NDCG([]string{"a/p/art-5", "a", "b/p/x", "b"}, 10), q.NDCG([]string{"a", "x", "b"}, 10); !near(got, want) {
		t.Errorf("a record found again through its provision counts again: %v, want %v", got, want)
	}
}

func TestFloorOnlyRises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "floor.json")
	if err := os.WriteFile(path, []byte(`{"ndcg10": 0.5, "mrr": 0.7}`), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, err := RaiseFloor(path, Scores{NDCG10: 0.6789, MRR: 0.6})
	if err != nil || !changed {
		t.Fatalf("RaiseFloor = %v, %v", changed, err)
	}
	b, _ := os.ReadFile(path)
	want := "{\n  \"ndcg10\": 0.67,\n  \"mrr\": 0.7\n}\n"
	if string(b) != want {
		t.Errorf("floor file %q, want %q", b, want)
	}
	if changed, _ := RaiseFloor(path, Scores{NDCG10: 0.1, MRR: 0.1}); changed {
		t.Error("a lower measure changed the floor")
	}
}
