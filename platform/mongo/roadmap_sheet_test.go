package mongo_test

import (
	"context"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// TestAnImportedRowKeepsWhatSheetsDoNotHold: a spreadsheet has no columns
// for indicators or the carried-from link, so a row matched to an item
// keeps the item's own; the same row imported again is unchanged.
func TestAnImportedRowKeepsWhatSheetsDoNotHold(t *testing.T) {
	env := newRoadmapEnv(t)
	in := env.commitment("KZ", "prevention", "Asset declarations online")
	in.Code = "KZ-7"
	target := 100.0
	in.Indicators = []platform.Indicator{{Name: platform.Text{"en": "Declarations filed online"}, Unit: "%", Target: &target}}
	it, err := env.rm.CreateItem(env.sec, in)
	if err != nil {
		t.Fatal(err)
	}
	row := in
	row.Indicators = nil
	rep, err := env.rm.ImportItems(env.sec, []platform.ItemRow{{Row: 2, ID: it.ID, ItemInput: row}}, platform.ImportOptions{})
	if err != nil || rep.Unchanged != 1 {
		t.Fatalf("import of the row as exported: %v %+v, want unchanged", err, rep)
	}
	row.Title = platform.Text{"en": "Asset declarations online, renamed"}
	if rep, err = env.rm.ImportItems(env.sec, []platform.ItemRow{{Row: 2, ID: it.ID, ItemInput: row}}, platform.ImportOptions{}); err != nil || rep.Changed != 1 {
		t.Fatalf("import of an edited row: %v %+v", err, rep)
	}
	got, err := env.rm.Item(env.sec, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Indicators) != 1 || got.Title["en"] != "Asset declarations online, renamed" {
		t.Errorf("after the import: indicators %v, title %q; want the indicator kept and the new title", got.Indicators, got.Title["en"])
	}
}

// TestATimelineNamesItsAuthorsToMembersOnly: the public read what a
// country reported, not which account reported it.
func TestATimelineNamesItsAuthorsToMembersOnly(t *testing.T) {
	env := newRoadmapEnv(t)
	kz := asUser(platform.RoleFocalPoint, "KZ")
	c := env.create(t, kz, env.commitment("KZ", "prevention", "Integrity checks"))
	if _, err := env.rm.AddUpdate(kz, c.ID, platform.UpdateInput{Text: platform.Text{"en": "Pilot begun"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		author bool
	}{{"the public", context.Background(), false}, {"a member", asUser(platform.RoleExpert, ""), true}, {"the secretariat", env.sec, true}} {
		tl, err := env.rm.Timeline(tc.ctx, c.ID)
		if err != nil || len(tl) != 1 {
			t.Fatalf("%s: %v %v", tc.name, tl, err)
		}
		if (tl[0].Author != "") != tc.author {
			t.Errorf("%s reads the author %q", tc.name, tl[0].Author)
		}
	}
}
