package platform_test

import (
	"fmt"
	"testing"

	. "github.com/ca-uncac/hub/platform"
)

func pct(v float64) *float64 { return &v }

func TestRollUpWeighsChildrenAndLeavesOutTheWithdrawn(t *testing.T) {
	tests := []struct {
		name              string
		children          []ChildProgress
		claimed, verified *float64
	}{
		{"no children say nothing", nil, nil, nil},
		{"weights share the progress", []ChildProgress{
			{Weight: 3, Progress: Progress{Claimed: pct(100), Verified: pct(100)}},
			{Weight: 1, Progress: Progress{Claimed: pct(0)}},
		}, pct(75), pct(75)},
		{"a withdrawn child counts for nothing", []ChildProgress{
			{Weight: 1, Progress: Progress{Claimed: pct(40)}},
			{Weight: 5, Status: StatusWithdrawn, Progress: Progress{Claimed: pct(100)}},
		}, pct(40), nil},
		{"a child with nothing claimed counts as zero", []ChildProgress{
			{Weight: 1, Progress: Progress{Claimed: pct(50)}},
			{Weight: 1},
		}, pct(25), nil},
		{"all weights zero count equally", []ChildProgress{
			{Weight: 0, Progress: Progress{Claimed: pct(10), Verified: pct(10)}},
			{Weight: 0, Progress: Progress{Claimed: pct(30)}},
		}, pct(20), pct(5)},
		{"only withdrawn children say nothing", []ChildProgress{{Weight: 1, Status: StatusWithdrawn, Progress: Progress{Claimed: pct(10)}}}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RollUp(tt.children)
			if !samePct(got.Claimed, tt.claimed) || !samePct(got.Verified, tt.verified) {
				t.Errorf("RollUp = %s/%s, want %s/%s", show(got.Claimed), show(got.Verified), show(tt.claimed), show(tt.verified))
			}
		})
	}
}

func samePct(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func show(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmtFloat(*p)
}

func fmtFloat(f float64) string { return fmt.Sprintf("%g", f) }

func TestItemInputValidateNamesTheField(t *testing.T) {
	base := func() ItemInput {
		in := ItemInput{Period: "2025-2026", Priority: "p1", Title: Text{"en": "Asset declarations"}, Weight: 1}
		in.Normalize()
		return in
	}
	tests := []struct {
		name  string
		edit  func(*ItemInput)
		field string
	}{
		{"a negative weight", func(in *ItemInput) { in.Weight = -1 }, "weight"},
		{"an unknown status", func(in *ItemInput) { in.Status = "done" }, "status"},
		{"an action without parent", func(in *ItemInput) { in.Kind = KindAction }, "parent"},
		{"a commitment with a parent", func(in *ItemInput) { in.Parent = "x" }, "parent"},
		{"no title", func(in *ItemInput) { in.Title = Text{} }, "title"},
		{"a title in an unknown language", func(in *ItemInput) { in.Title["fr"] = "x" }, "title"},
		{"an article not in the Convention", func(in *ItemInput) { in.Articles = []int{99} }, "articles"},
		{"a country not of the platform", func(in *ItemInput) { in.Country = "RU" }, "country"},
		{"due before start", func(in *ItemInput) {
			s, d := day("2026-05-01"), day("2026-01-01")
			in.Start, in.Due = &s, &d
		}, "due"},
	}
	if err := func() error { in := base(); return in.Validate() }(); err != nil {
		t.Fatalf("the base input is refused: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.edit(&in)
			err := in.Validate()
			if ErrorCode(err) != Invalid {
				t.Fatalf("Validate = %v, want Invalid", err)
			}
			if f := AsError(err).Data["Field"]; f != tt.field {
				t.Errorf("the error names %v, want %s", f, tt.field)
			}
		})
	}
}

func TestUpdateInputRefusesProgressOutsideTheScale(t *testing.T) {
	for _, p := range []float64{-1, 100.5} {
		in := UpdateInput{Claim: &Claim{Progress: p}}
		err := in.Validate()
		if ErrorCode(err) != Invalid || AsError(err).Data["Field"] != "claim.progress" {
			t.Errorf("progress %g: %v, want Invalid naming claim.progress", p, err)
		}
	}
	in := UpdateInput{Claim: &Claim{Progress: 100}}
	if err := in.Validate(); err != nil {
		t.Errorf("progress 100 refused: %v", err)
	}
}
