package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/platform/mongo"
)

// TestLoadRoadmapWritesAMixOfClaimedAndVerifiedProgress loads the demo
// roadmap after the demo events, through the services, and reads back what
// the dashboards show: every country has commitments with progress, claims
// wait for the secretariat beside verified ones, something needs attention,
// a commitment was carried over, and recommendations answer commitments,
// some flagged as likely duplicates.
func TestLoadRoadmapWritesAMixOfClaimedAndVerifiedProgress(t *testing.T) {
	ctx := context.Background()
	db, err := mongo.Open(ctx, embeddedURI, fmt.Sprintf("demoroadmap%d", time.Now().UnixNano()%1e6), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	events := mongo.NewEventService(db)
	if err := demo.Load(ctx, mongo.NewDocumentService(db), events, mongo.NewRegistrationService(db)); err != nil {
		t.Fatal(err)
	}
	rm, recs := mongo.NewRoadmapService(db), mongo.NewRecommendationService(db)
	if err := demo.LoadRoadmap(ctx, rm, recs, events); err != nil {
		t.Fatal(err)
	}
	sec := platform.NewContextWithUser(ctx, platform.System())
	o, err := rm.Overview(sec, "2025-2026")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(platform.Countries(), platform.RegionalKey) {
		row := o.Countries[c]
		if row.Items == 0 || row.Progress.Claimed == nil {
			t.Errorf("%s: %d commitments, claimed %v: want some, with progress", c, row.Items, row.Progress.Claimed)
		}
	}
	for _, s := range []platform.ClaimState{platform.ClaimClaimed, platform.ClaimVerified, platform.ClaimQuestioned} {
		if o.Claims[s] == 0 {
			t.Errorf("no claim is %s: %v", s, o.Claims)
		}
	}
	if att, err := rm.Attention(sec, "2025-2026"); err != nil || len(att) == 0 {
		t.Errorf("attention list: %d items, %v; want some", len(att), err)
	}
	items, _, err := rm.FindItems(sec, platform.ItemFilter{Period: "2025-2026", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	carried := 0
	for _, it := range items {
		if it.CarriedFrom != "" {
			carried++
		}
	}
	if carried == 0 {
		t.Error("no item of 2025–2026 was carried over from 2023–2024")
	}
	// The public see less than the secretariat: the members-only action.
	anon, _, err := rm.FindItems(ctx, platform.ItemFilter{Period: "2025-2026", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(anon) >= len(items) {
		t.Errorf("the public see %d items, the secretariat %d: want fewer", len(anon), len(items))
	}
	all, n, err := recs.FindRecommendations(sec, platform.RecommendationFilter{Limit: 500})
	if err != nil || n < 10 {
		t.Fatalf("recommendations: %d, %v", n, err)
	}
	linked, flagged := 0, 0
	for _, r := range all {
		if len(r.Commitments) > 0 {
			linked++
		}
		if len(r.Duplicates) > 0 {
			flagged++
		}
	}
	if linked == 0 || flagged < 4 {
		t.Errorf("%d recommendations linked to commitments, %d flagged as duplicates; want some and the two demo pairs", linked, flagged)
	}
}
