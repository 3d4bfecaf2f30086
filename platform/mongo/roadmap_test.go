package mongo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// roadmapEnv is a database with the period 2025–2026 and one priority per
// area.
type roadmapEnv struct {
	db         *mongo.DB
	rm         *mongo.RoadmapService
	sec        context.Context
	priorities map[string]string // by area
}

const testPeriod = "2025-2026"

func newRoadmapEnv(t *testing.T) *roadmapEnv {
	t.Helper()
	db := openDB(t)
	env := &roadmapEnv{db: db, rm: mongo.NewRoadmapService(db), sec: asUser(platform.RoleSecretariat, ""), priorities: map[string]string{}}
	if _, err := env.rm.SavePeriod(env.sec, platform.RoadmapPeriod{ID: testPeriod, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	for i, a := range platform.Areas() {
		p, err := env.rm.SavePriority(env.sec, platform.Priority{Period: testPeriod, Area: a, Code: fmt.Sprint(i + 1), Order: i,
			Title: platform.Text{"en": "Priority " + a}, Visibility: platform.Public})
		if err != nil {
			t.Fatal(err)
		}
		env.priorities[a] = p.ID
	}
	return env
}

// commitment is the input of a public commitment of country in area.
func (env *roadmapEnv) commitment(country, area, title string) platform.ItemInput {
	return platform.ItemInput{Kind: platform.KindCommitment, Period: testPeriod, Priority: env.priorities[area], Country: country,
		Title: platform.Text{"en": title}, Weight: 1, Visibility: platform.Public}
}

// action is the input of a public action under parent, of weight w.
func action(parent, title string, w float64) platform.ItemInput {
	return platform.ItemInput{Kind: platform.KindAction, Parent: parent, Title: platform.Text{"en": title}, Weight: w, Visibility: platform.Public}
}

func (env *roadmapEnv) create(t *testing.T, ctx context.Context, in platform.ItemInput) *platform.RoadmapItem {
	t.Helper()
	it, err := env.rm.CreateItem(ctx, in)
	if err != nil {
		t.Fatalf("create %v: %v", in.Title, err)
	}
	return it
}

func (env *roadmapEnv) claim(t *testing.T, ctx context.Context, item string, progress float64) *platform.ProgressUpdate {
	t.Helper()
	up, err := env.rm.AddUpdate(ctx, item, platform.UpdateInput{Text: platform.Text{"en": "progress"}, Claim: &platform.Claim{Progress: progress}})
	if err != nil {
		t.Fatalf("claim on %s: %v", item, err)
	}
	return up
}

// progress is an item's progress as the secretariat reads it.
func (env *roadmapEnv) progress(t *testing.T, ctx context.Context, id string) platform.Progress {
	t.Helper()
	it, err := env.rm.Item(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return it.ProgressFor(platform.UserFromContext(ctx))
}

func pct(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func wantProgress(t *testing.T, what string, got platform.Progress, claimed, verified string) {
	t.Helper()
	if pct(got.Claimed) != claimed || pct(got.Verified) != verified {
		t.Fatalf("%s: claimed %s verified %s, want %s %s", what, pct(got.Claimed), pct(got.Verified), claimed, verified)
	}
}

func TestRoadmapRollupsAreWeightedAndKeptUpTheTree(t *testing.T) {
	env := newRoadmapEnv(t)
	kz := asUser(platform.RoleFocalPoint, "KZ")
	c := env.create(t, kz, env.commitment("KZ", "prevention", "Asset declarations online"))
	a1 := env.create(t, kz, action(c.ID, "Draft the law", 1))
	a2 := env.create(t, kz, action(c.ID, "Build the system", 3))
	if a1.Country != "KZ" || a1.Period != testPeriod || a1.Depth != 1 {
		t.Fatalf("an action does not inherit its parent's place: %+v", a1.ItemInput)
	}
	up := env.claim(t, kz, a1.ID, 50)
	if up.Claim.State != platform.ClaimClaimed {
		t.Fatalf("a focal point's claim is %s", up.Claim.State)
	}
	wantProgress(t, "commitment after a claim on the lighter action", env.progress(t, env.sec, c.ID), "12.5", "-")
	if _, err := env.rm.ReviewClaim(env.sec, up.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	wantProgress(t, "commitment after the claim verified", env.progress(t, env.sec, c.ID), "12.5", "12.5")
	env.claim(t, env.sec, a2.ID, 100)
	wantProgress(t, "commitment after the secretariat's claim", env.progress(t, env.sec, c.ID), "87.5", "87.5")

	// A level deeper: the action's progress is its sub-action's.
	a21 := env.create(t, kz, action(a2.ID, "Procure servers", 1))
	if a21.Depth != 2 {
		t.Fatalf("depth %d", a21.Depth)
	}
	wantProgress(t, "commitment once its heavier action has an unclaimed sub-action", env.progress(t, env.sec, c.ID), "12.5", "12.5")
	env.claim(t, kz, a21.ID, 80)
	wantProgress(t, "the action", env.progress(t, env.sec, a2.ID), "80", "-")
	wantProgress(t, "commitment two levels up", env.progress(t, env.sec, c.ID), "72.5", "12.5")

	// Withdrawing the lighter action leaves it out.
	in := a1.ItemInput
	in.Status = platform.StatusWithdrawn
	if _, err := env.rm.UpdateItem(kz, a1.ID, in); err != nil {
		t.Fatal(err)
	}
	wantProgress(t, "commitment without its withdrawn action", env.progress(t, env.sec, c.ID), "80", "-")

	// Moving the sub-action to the other action rolls up both sides.
	in = a21.ItemInput
	in.Parent = a1.ID
	if _, err := env.rm.UpdateItem(kz, a21.ID, in); err != nil {
		t.Fatal(err)
	}
	wantProgress(t, "the action it left", env.progress(t, env.sec, a2.ID), "100", "100")
	got, err := env.rm.Item(env.sec, c.ID)
	if err != nil || got.Children != 2 || got.Version != 1 {
		t.Fatalf("commitment: %v children %d version %d (a roll-up is not an edit)", err, got.Children, got.Version)
	}
	// A claim on an item with actions is refused.
	_, err = env.rm.AddUpdate(kz, c.ID, platform.UpdateInput{Claim: &platform.Claim{Progress: 10}})
	if platform.ErrorCode(err) != platform.Invalid || fieldOf(err) != "claim.progress" {
		t.Fatalf("claim on a parent: %v", err)
	}
	// Deleting: refused with children, then the leaf goes with its updates.
	if err := env.rm.DeleteItem(kz, a1.ID); platform.ErrorCode(err) != platform.Conflict {
		t.Fatalf("delete with children: %v", err)
	}
	if err := env.rm.DeleteItem(kz, a21.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := mongo.CountRaw(context.Background(), env.db, "progress_updates", bson.D{{Key: "item", Value: a21.ID}}); err != nil || n != 0 {
		t.Fatalf("the deleted item's updates: %v %d", err, n)
	}
	if n, _ := mongo.CountRaw(context.Background(), env.db, "progress_updates", bson.D{}); n != 2 {
		t.Fatalf("updates left: %d, want the other actions' 2", n)
	}
	if got, _ := env.rm.Item(env.sec, a1.ID); got.Children != 0 {
		t.Fatalf("children after a delete: %d", got.Children)
	}
}

// publicViews is what an anonymous reader gets of the period.
func publicViews(t *testing.T, env *roadmapEnv, id string) (ov *platform.Overview, item, list string) {
	t.Helper()
	anon := context.Background()
	ov, err := env.rm.Overview(anon, testPeriod)
	if err != nil {
		t.Fatal(err)
	}
	it, err := env.rm.Item(anon, id)
	if err != nil {
		t.Fatal(err)
	}
	items, n, err := env.rm.FindItems(anon, platform.ItemFilter{Period: testPeriod})
	if err != nil {
		t.Fatal(err)
	}
	js := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	item = js(it) + js(it.ProgressFor(nil))
	list = fmt.Sprint(n)
	for _, x := range items {
		list += js(x) + js(x.ProgressFor(nil))
	}
	return ov, item, list
}

func TestRoadmapMembersOnlyActionChangesNothingAnAnonymousReaderGets(t *testing.T) {
	env := newRoadmapEnv(t)
	c := env.create(t, env.sec, env.commitment("UZ", "criminalization", "Specialised courts"))
	p := env.create(t, env.sec, action(c.ID, "Train judges", 1))
	env.claim(t, asUser(platform.RoleFocalPoint, "UZ"), p.ID, 40)
	ovBefore, itemBefore, listBefore := publicViews(t, env, c.ID)

	hidden := action(c.ID, "Vet candidates", 3)
	hidden.Visibility = platform.Members
	due := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	hidden.Due = &due // delayed
	h := env.create(t, env.sec, hidden)
	env.claim(t, env.sec, h.ID, 100)

	ovAfter, itemAfter, listAfter := publicViews(t, env, c.ID)
	if !reflect.DeepEqual(ovBefore, ovAfter) {
		t.Errorf("the overview changed for the public:\n%+v\n%+v", ovBefore, ovAfter)
	}
	if itemBefore != itemAfter {
		t.Errorf("the commitment changed for the public:\n%s\n%s", itemBefore, itemAfter)
	}
	if listBefore != listAfter {
		t.Errorf("the list changed for the public:\n%s\n%s", listBefore, listAfter)
	}
	if _, err := env.rm.Item(context.Background(), h.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("the hidden action for the public: %v", err)
	}
	// Members see it.
	member := asUser(platform.RoleExpert, "")
	wantProgress(t, "the commitment for members", env.progress(t, member, c.ID), "85", "75")
	wantProgress(t, "the commitment for the public", env.progress(t, context.Background(), c.ID), "40", "-")
	ov, err := env.rm.Overview(member, testPeriod)
	if err != nil {
		t.Fatal(err)
	}
	cell := ov.Countries["UZ"]
	if cell.Items != 1 || cell.Delayed != 1 || ov.Claims[platform.ClaimVerified] != 1 || ov.Statuses[platform.StatusNotStarted] != 3 {
		t.Errorf("members' overview: %+v claims %v statuses %v", cell, ov.Claims, ov.Statuses)
	}
	att, err := env.rm.Attention(member, testPeriod)
	if err != nil || len(att) != 1 || att[0].ID != h.ID {
		t.Errorf("attention for members: %v %d", err, len(att))
	}
	if att, _ := env.rm.Attention(context.Background(), testPeriod); len(att) != 0 {
		t.Errorf("attention for the public: %d", len(att))
	}
}

func TestRoadmapClaimsAreReviewedByTheSecretariat(t *testing.T) {
	env := newRoadmapEnv(t)
	kg := asUser(platform.RoleFocalPoint, "KG")
	c := env.create(t, kg, env.commitment("KG", "private_sector", "Beneficial ownership register"))
	up, err := env.rm.AddUpdate(kg, c.ID, platform.UpdateInput{Text: platform.Text{"ru": "Закон принят"},
		Claim: &platform.Claim{Progress: 60, Status: platform.StatusSubstantial}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := env.rm.Item(env.sec, c.ID)
	if up.Claim.State != platform.ClaimClaimed || got.Status != platform.StatusSubstantial || got.Version != 2 {
		t.Fatalf("after a claim: %s, item %s v%d", up.Claim.State, got.Status, got.Version)
	}
	wantProgress(t, "claimed", got.ProgressFor(platform.UserFromContext(env.sec)), "60", "-")
	tests := []struct {
		name     string
		ctx      context.Context
		verified bool
		reason   string
		code     string
	}{
		{"a focal point cannot review a claim", kg, true, "", platform.Forbidden},
		{"questioning needs a reason", env.sec, false, "  ", platform.Invalid},
		{"the secretariat questions with a reason", env.sec, false, "The register is not public yet", ""},
		{"a claim questioned cannot be reviewed again", env.sec, true, "", platform.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := env.rm.ReviewClaim(tt.ctx, up.ID, tt.verified, tt.reason)
			if platform.ErrorCode(err) != tt.code {
				t.Fatalf("code %q, want %q", platform.ErrorCode(err), tt.code)
			}
			if tt.code == "" && (r.Claim.State != platform.ClaimQuestioned || r.Claim.Reason == "" || r.Claim.ReviewedBy == "" || r.Claim.ReviewedAt == nil) {
				t.Fatalf("questioned: %+v", r.Claim)
			}
		})
	}
	up2 := env.claim(t, kg, c.ID, 70)
	if _, err := env.rm.ReviewClaim(env.sec, up2.ID, true, "Seen the register"); err != nil {
		t.Fatal(err)
	}
	wantProgress(t, "verified", env.progress(t, env.sec, c.ID), "70", "70")
	// The future, and evidence that does not exist.
	tomorrow := time.Now().UTC().Add(48 * time.Hour)
	if _, err := env.rm.AddUpdate(kg, c.ID, platform.UpdateInput{Date: tomorrow, Text: platform.Text{"en": "x"}}); fieldOf(err) != "date" {
		t.Errorf("a future date: %v", err)
	}
	if _, err := env.rm.AddUpdate(kg, c.ID, platform.UpdateInput{Evidence: []platform.Evidence{{Kind: platform.EvidenceDocument, Ref: "aaaaaaaaaaaaaaaaaaaaaaaa"}}}); fieldOf(err) != "evidence.0.ref" {
		t.Errorf("unknown evidence: %v", err)
	}
	docs := mongo.NewDocumentService(env.db)
	secret, err := docs.CreateDocument(env.sec, lawInput("KG", platform.Secretariat))
	if err != nil {
		t.Fatal(err)
	}
	law, err := docs.CreateDocument(env.sec, lawInput("KG", platform.Members))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.rm.AddUpdate(kg, c.ID, platform.UpdateInput{Evidence: []platform.Evidence{{Kind: platform.EvidenceDocument, Ref: secret.ID}}}); fieldOf(err) != "evidence.0.ref" {
		t.Errorf("evidence the writer may not see: %v", err)
	}
	if _, err := env.rm.AddUpdate(env.sec, c.ID, platform.UpdateInput{Evidence: []platform.Evidence{{Kind: platform.EvidenceDocument, Ref: law.ID},
		{Kind: platform.EvidenceFile, Ref: "bbbbbbbbbbbbbbbbbbbbbbbb", Name: "register.pdf"}}}); err != nil {
		t.Fatal(err)
	}
	tl, err := env.rm.Timeline(context.Background(), c.ID)
	if err != nil || len(tl) != 3 || len(tl[2].Evidence) != 1 || tl[2].Evidence[0].Kind != platform.EvidenceFile {
		t.Fatalf("the public's timeline: %v %+v", err, tl)
	}
	if tl, _ := env.rm.Timeline(kg, c.ID); len(tl[2].Evidence) != 2 {
		t.Fatalf("a member's timeline: %+v", tl[2].Evidence)
	}
}

func TestRoadmapFocalPointOnAnotherCountrysItemIsRefusedAndAudited(t *testing.T) {
	env := newRoadmapEnv(t)
	c := env.create(t, env.sec, env.commitment("TJ", "asset_recovery", "Asset recovery office"))
	kz := platform.NewContextWithRequestInfo(asUser(platform.RoleFocalPoint, "KZ"), platform.RequestInfo{IP: "192.0.2.9"})
	in := c.ItemInput
	in.Title = platform.Text{"en": "Taken over"}
	tests := []struct {
		name string
		do   func() error
	}{
		{"update", func() error { _, err := env.rm.UpdateItem(kz, c.ID, in); return err }},
		{"move to their own country", func() error {
			in := in
			in.Country = "KZ"
			_, err := env.rm.UpdateItem(kz, c.ID, in)
			return err
		}},
		{"delete", func() error { return env.rm.DeleteItem(kz, c.ID) }},
		{"add an update", func() error {
			_, err := env.rm.AddUpdate(kz, c.ID, platform.UpdateInput{Text: platform.Text{"en": "x"}})
			return err
		}},
		{"create", func() error { _, err := env.rm.CreateItem(kz, env.commitment("TJ", "prevention", "x")); return err }},
		{"create a regional commitment", func() error { _, err := env.rm.CreateItem(kz, env.commitment("", "prevention", "x")); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); platform.ErrorCode(err) != platform.Forbidden {
				t.Fatalf("%v, want forbidden", err)
			}
		})
	}
	got, err := env.rm.Item(env.sec, c.ID)
	if err != nil || got.Version != 1 || got.Title["en"] != "Asset recovery office" {
		t.Fatalf("a refused write changed the item: %v %+v", err, got)
	}
	if tl, _ := env.rm.Timeline(env.sec, c.ID); len(tl) != 0 {
		t.Fatalf("a refused update was stored")
	}
	denied, n, err := mongo.NewAuditService(env.db).FindAudit(env.sec, platform.AuditFilter{Action: platform.ActionDenied})
	if err != nil || n != len(tests) {
		t.Fatalf("denied entries: %v %d, want %d", err, n, len(tests))
	}
	for _, e := range denied {
		if e.ActorID != platform.UserFromContext(kz).ID || e.IP != "192.0.2.9" {
			t.Fatalf("denied entry: %+v", e)
		}
	}
}

func TestRoadmapPlacementRules(t *testing.T) {
	env := newRoadmapEnv(t)
	c := env.create(t, env.sec, env.commitment("TM", "prevention", "Codes of conduct"))
	a := env.create(t, env.sec, action(c.ID, "Draft", 1))
	b := env.create(t, env.sec, action(a.ID, "Consult", 1))
	coded := env.commitment("TM", "prevention", "Coded")
	coded.Code = "TM-1"
	env.create(t, env.sec, coded)
	other := env.commitment("KZ", "prevention", "Other country")
	kzC := env.create(t, env.sec, other)
	day := func(y, m, d int) *time.Time { t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); return &t }
	tests := []struct {
		name  string
		id    string
		in    func() platform.ItemInput
		field string
	}{
		{"a parent under its own child makes a cycle", a.ID, func() platform.ItemInput { in := a.ItemInput; in.Parent = b.ID; return in }, "parent"},
		{"an item cannot be its own parent", a.ID, func() platform.ItemInput { in := a.ItemInput; in.Parent = a.ID; return in }, "parent"},
		{"a due date after the period", "", func() platform.ItemInput { in := action(c.ID, "Late", 1); in.Due = day(2027, 1, 15); return in }, "due"},
		{"a start before the period", "", func() platform.ItemInput { in := action(c.ID, "Early", 1); in.Start = day(2024, 12, 31); return in }, "start"},
		{"a code taken in the period and country", "", func() platform.ItemInput {
			in := env.commitment("TM", "prevention", "Again")
			in.Code = "TM-1"
			return in
		}, "code"},
		{"an action of another country than its parent's", "", func() platform.ItemInput { in := action(c.ID, "x", 1); in.Country = "KZ"; return in }, "country"},
		{"an unknown period", "", func() platform.ItemInput {
			in := env.commitment("TM", "prevention", "x")
			in.Period = "2031-2032"
			return in
		}, "period"},
		{"an unknown priority", "", func() platform.ItemInput {
			in := env.commitment("TM", "prevention", "x")
			in.Priority = "nope"
			return in
		}, "priority"},
		{"an unknown parent", "", func() platform.ItemInput { return action("ffffffffffffffffffffffff", "x", 1) }, "parent"},
		{"a parent of another country", "", func() platform.ItemInput { in := action(kzC.ID, "x", 1); in.Country = "TM"; return in }, "country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.id == "" {
				_, err = env.rm.CreateItem(env.sec, tt.in())
			} else {
				_, err = env.rm.UpdateItem(env.sec, tt.id, tt.in())
			}
			if platform.ErrorCode(err) != platform.Invalid || fieldOf(err) != tt.field {
				t.Fatalf("%v (field %q), want invalid %q", err, fieldOf(err), tt.field)
			}
		})
	}
	// Depth: MaxRoadmapDepth levels under a commitment, not one more.
	parent := b.ID
	for d := 3; d <= platform.MaxRoadmapDepth; d++ {
		parent = env.create(t, env.sec, action(parent, fmt.Sprint("level ", d), 1)).ID
	}
	if _, err := env.rm.CreateItem(env.sec, action(parent, "too deep", 1)); fieldOf(err) != "parent" {
		t.Fatalf("too deep: %v", err)
	}
	// A stale version is a conflict.
	in := c.ItemInput
	in.Title = platform.Text{"en": "Codes of conduct for civil servants"}
	in.IfVersion = 1
	if _, err := env.rm.UpdateItem(env.sec, c.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := env.rm.UpdateItem(env.sec, c.ID, in); platform.ErrorCode(err) != platform.Conflict {
		t.Fatalf("stale version: %v", err)
	}
}

// importRows are n rows: commitments of KZ, each followed by two actions
// naming it by code.
func importRows(env *roadmapEnv, n int) []platform.ItemRow {
	var rows []platform.ItemRow
	for i := 0; len(rows) < n; i++ {
		code := fmt.Sprintf("KZ-%d", i+1)
		c := env.commitment("KZ", platform.Areas()[i%4], "Commitment "+code)
		c.Code = code
		rows = append(rows, platform.ItemRow{Row: len(rows) + 2, ItemInput: c})
		for j := 1; j <= 2 && len(rows) < n; j++ {
			a := action("", fmt.Sprintf("Action %s.%d", code, j), float64(j))
			a.Code = fmt.Sprintf("%s.%d", code, j)
			a.Kind = platform.KindAction
			a.Period, a.Country = testPeriod, "KZ"
			rows = append(rows, platform.ItemRow{Row: len(rows) + 2, ParentRef: code, ItemInput: a})
		}
	}
	return rows
}

func (env *roadmapEnv) count(t *testing.T) int {
	t.Helper()
	_, n, err := env.rm.FindItems(env.sec, platform.ItemFilter{Period: testPeriod})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRoadmapImport(t *testing.T) {
	env := newRoadmapEnv(t)
	kz := asUser(platform.RoleFocalPoint, "KZ")
	rows := importRows(env, 30)
	calls := 0
	rep, err := env.rm.ImportItems(kz, rows, platform.ImportOptions{DryRun: true, Progress: func(done, total int) { calls++ }})
	if err != nil || rep.Created != 30 || rep.Written || calls == 0 || rep.Rows[0].ID != "" {
		t.Fatalf("dry run: %v %+v calls %d", err, rep, calls)
	}
	if n := env.count(t); n != 0 {
		t.Fatalf("a dry run wrote %d items", n)
	}
	rep, err = env.rm.ImportItems(kz, rows, platform.ImportOptions{})
	if err != nil || rep.Created != 30 || !rep.Written {
		t.Fatalf("import: %v %+v", err, rep)
	}
	items, _, _ := env.rm.FindItems(env.sec, platform.ItemFilter{Period: testPeriod, TopLevel: true})
	if len(items) != 10 || items[0].Code != "KZ-1" || items[0].Children != 2 || items[1].Code != "KZ-2" {
		t.Fatalf("imported commitments: %d %+v", len(items), items[0])
	}
	last, _ := env.db.ChangeLog().LastSeq(context.Background())
	rep, err = env.rm.ImportItems(kz, rows, platform.ImportOptions{})
	if err != nil || rep.Unchanged != 30 || rep.Created+rep.Changed != 0 {
		t.Fatalf("second import: %v %+v", err, rep)
	}
	if again, _ := env.db.ChangeLog().LastSeq(context.Background()); again != last {
		t.Fatalf("importing twice wrote %d changes", again-last)
	}
	// A changed title matched by code, a row matched by title, bad rows.
	rows2 := []platform.ItemRow{rows[0], rows[1]}
	rows2[0].Title = platform.Text{"en": "Commitment KZ-1, renamed"}
	// Matched by its title, it keeps its code (the row has none): unchanged.
	byTitle := env.commitment("KZ", platform.Areas()[1], "Commitment KZ-2")
	rows2 = append(rows2, platform.ItemRow{Row: 4, ItemInput: byTitle})
	bad := env.commitment("KZ", "prevention", "Bad weight")
	bad.Weight = -1
	foreign := env.commitment("UZ", "prevention", "Another country's")
	late := action("", "Late action", 1)
	late.Kind, late.Period, late.Country = platform.KindAction, testPeriod, "KZ"
	due := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	late.Due = &due
	fresh := env.commitment("KZ", "prevention", "A new one")
	fresh.Code = "KZ-99"
	rows2 = append(rows2, platform.ItemRow{Row: 5, ItemInput: bad}, platform.ItemRow{Row: 6, ItemInput: foreign},
		platform.ItemRow{Row: 7, ParentRef: "KZ-3", ItemInput: late}, platform.ItemRow{Row: 8, ItemInput: fresh},
		platform.ItemRow{Row: 9, ParentRef: "KZ-404", ItemInput: action("", "Orphan", 1)})
	rep, err = env.rm.ImportItems(kz, rows2, platform.ImportOptions{})
	if err != nil || rep.Written || rep.Rejected != 4 || rep.Changed != 1 || rep.Created != 1 || rep.Unchanged != 2 ||
		rep.Rows[2].ID != items[1].ID {
		t.Fatalf("bad rows: %v %+v", err, rep)
	}
	want := []platform.ImportProblem{{Row: 5, Column: "weight"}, {Row: 6, Column: "country", MessageID: "roadmap.error.forbidden_row"},
		{Row: 7, Column: "due"}, {Row: 9, Column: "parent"}}
	for i, w := range want {
		p := rep.Problems[i]
		if p.Row != w.Row || p.Column != w.Column || w.MessageID != "" && p.MessageID != w.MessageID || p.Message == "" {
			t.Errorf("problem %d: %+v, want %+v", i, p, w)
		}
	}
	if n := env.count(t); n != 30 {
		t.Fatalf("bad rows wrote: %d items", n)
	}
	if got, _, _ := env.rm.FindItems(env.sec, platform.ItemFilter{Period: testPeriod, Text: "renamed"}); len(got) != 0 {
		t.Fatalf("a row was written despite bad rows")
	}
	rep, err = env.rm.ImportItems(kz, rows2, platform.ImportOptions{WriteValid: true})
	if err != nil || !rep.Written || rep.Changed != 1 || rep.Created != 1 {
		t.Fatalf("write valid: %v %+v", err, rep)
	}
	if n := env.count(t); n != 31 {
		t.Fatalf("after writing the valid rows: %d items", n)
	}
	if got, _, _ := env.rm.FindItems(env.sec, platform.ItemFilter{Period: testPeriod, Text: "renamed"}); len(got) != 1 || got[0].Version != 2 {
		t.Fatalf("the renamed row: %+v", got)
	}
	// Every row revised: the items are replaced many at once.
	for i := range rows {
		rows[i].Title = platform.Text{"en": rows[i].Title["en"] + " (revised)"}
	}
	rep, err = env.rm.ImportItems(kz, rows, platform.ImportOptions{})
	// (KZ-2 kept its code when a row matched it by title: its row
	// changes it too.)
	if err != nil || rep.Changed != 30 || rep.Created != 0 {
		t.Fatalf("revised: %v %+v", err, rep)
	}
	revised, n, _ := env.rm.FindItems(env.sec, platform.ItemFilter{Period: testPeriod, Text: "(revised)"})
	if n != 30 || revised[0].Children != 2 {
		t.Fatalf("revised items: %d %+v", n, revised[0])
	}
	env.claim(t, kz, revised[1].ID, 10) // its claim and its parent's roll-up replace them again
	wantProgress(t, "a revised commitment", env.progress(t, env.sec, revised[0].ID), "3.3", "-")
}

func TestRoadmapImportOfFiveThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	env := newRoadmapEnv(t)
	rows := importRows(env, 5000)
	start := time.Now()
	if rep, err := env.rm.ImportItems(env.sec, rows, platform.ImportOptions{DryRun: true}); err != nil || rep.Created != 5000 {
		t.Fatalf("dry run: %v", err)
	}
	dry := time.Since(start)
	start = time.Now()
	if rep, err := env.rm.ImportItems(env.sec, rows, platform.ImportOptions{}); err != nil || rep.Created != 5000 {
		t.Fatalf("import: %v", err)
	}
	wrote := time.Since(start)
	// The goal (under 10 s) is measured by hubbench bench-roadmap, not
	// asserted here: a shared machine's timings would make a flaky test.
	t.Logf("5,000 rows: dry run %s, write %s", dry, wrote)
}

func TestRoadmapCarryOver(t *testing.T) {
	env := newRoadmapEnv(t)
	c := env.create(t, env.sec, env.commitment("KZ", "prevention", "Integrity checks"))
	a := env.create(t, env.sec, action(c.ID, "Pilot", 1))
	due := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	in := a.ItemInput
	in.Due = &due
	if _, err := env.rm.UpdateItem(env.sec, a.ID, in); err != nil {
		t.Fatal(err)
	}
	env.claim(t, env.sec, a.ID, 30)
	kz := asUser(platform.RoleFocalPoint, "KZ")
	if _, err := env.rm.Reassess(kz, platform.Reassessment{Period: testPeriod, Country: "KZ", Item: c.ID, Rating: platform.RatingRelevant}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.rm.SavePeriod(env.sec, platform.RoadmapPeriod{ID: "2027-2028", Previous: testPeriod,
		Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.rm.CarryOver(kz, c.ID, "2027-2028"); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("a focal point carries over: %v", err)
	}
	if _, err := env.rm.CarryOver(env.sec, c.ID, "2027-2028"); fieldOf(err) != "priority" {
		t.Fatalf("without the priority carried: %v", err)
	}
	np, err := env.rm.CarryOver(env.sec, env.priorities["prevention"], "2027-2028")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.rm.CarryOver(env.sec, env.priorities["prevention"], "2027-2028"); platform.ErrorCode(err) != platform.Conflict {
		t.Fatalf("a priority carried twice: %v", err)
	}
	id, err := env.rm.CarryOver(env.sec, c.ID, "2027-2028")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.rm.CarryOver(env.sec, c.ID, "2027-2028"); platform.ErrorCode(err) != platform.Conflict {
		t.Fatalf("carried twice: %v", err)
	}
	copied, err := env.rm.Item(env.sec, id)
	if err != nil || copied.Period != "2027-2028" || copied.Priority != np || copied.CarriedFrom != c.ID || copied.Children != 1 {
		t.Fatalf("the copy: %v %+v", err, copied)
	}
	wantProgress(t, "the copy's progress", copied.ProgressFor(platform.UserFromContext(env.sec)), "30", "30")
	kids, _, _ := env.rm.FindItems(env.sec, platform.ItemFilter{Parent: id})
	if len(kids) != 1 || kids[0].CarriedFrom != a.ID || kids[0].Due != nil || kids[0].Period != "2027-2028" {
		t.Fatalf("the action's copy: %+v", kids)
	}
	env.claim(t, env.sec, kids[0].ID, 60)
	tl, err := env.rm.Timeline(context.Background(), kids[0].ID)
	if err != nil || len(tl) != 2 || tl[0].FromItem != a.ID || tl[1].FromItem != "" {
		t.Fatalf("timeline of the copy: %v %+v", err, tl)
	}
	rs, err := env.rm.Reassessments(kz, testPeriod)
	if err != nil || len(rs) != 1 || rs[0].CarriedTo != id {
		t.Fatalf("reassessments: %v %+v", err, rs)
	}
}

func TestRoadmapReassessPermissions(t *testing.T) {
	env := newRoadmapEnv(t)
	kzC := env.create(t, env.sec, env.commitment("KZ", "prevention", "National"))
	regional := env.create(t, env.sec, env.commitment("", "prevention", "Regional"))
	prio := env.priorities["prevention"]
	kz, uz := asUser(platform.RoleFocalPoint, "KZ"), asUser(platform.RoleFocalPoint, "UZ")
	tests := []struct {
		name    string
		ctx     context.Context
		country string
		item    string
		code    string
	}{
		{"a country reassesses its commitment", kz, "KZ", kzC.ID, ""},
		{"another country may not answer for it", uz, "KZ", kzC.ID, platform.Forbidden},
		{"nor answer on it in its own name", uz, "UZ", kzC.ID, platform.Invalid},
		{"the secretariat records a country's answer", env.sec, "KZ", kzC.ID, ""},
		{"any country reassesses a regional commitment", uz, "UZ", regional.ID, ""},
		{"in its own name only", uz, "KZ", regional.ID, platform.Forbidden},
		{"any country reassesses a priority", kz, "KZ", prio, ""},
		{"an expert may not", asUser(platform.RoleExpert, "KZ"), "KZ", prio, platform.Forbidden},
		{"an anonymous visitor may not", context.Background(), "KZ", prio, platform.Unauthorized},
		{"an unknown item", kz, "KZ", "ffffffffffffffffffffffff", platform.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := env.rm.Reassess(tt.ctx, platform.Reassessment{Period: testPeriod, Country: tt.country, Item: tt.item, Rating: platform.RatingAdjust})
			if platform.ErrorCode(err) != tt.code {
				t.Fatalf("%v, want %q", err, tt.code)
			}
		})
	}
	rs, err := env.rm.Reassessments(kz, testPeriod)
	if err != nil || len(rs) != 3 {
		t.Fatalf("reassessments: %v %d", err, len(rs))
	}
	if _, err := env.rm.Reassessments(context.Background(), testPeriod); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("anonymous: %v", err)
	}
}

func TestRoadmapActionsFollowTheirCommitment(t *testing.T) {
	env := newRoadmapEnv(t)
	c := env.create(t, env.sec, env.commitment("KG", "prevention", "Whistle-blower protection"))
	a := env.create(t, env.sec, action(c.ID, "Hotline", 1))
	env.claim(t, asUser(platform.RoleFocalPoint, "KG"), a.ID, 20)

	in := c.ItemInput
	in.Country = "KZ"
	if _, err := env.rm.UpdateItem(env.sec, c.ID, in); fieldOf(err) != "country" {
		t.Fatalf("a commitment with actions changes country: %v", err)
	}
	in = c.ItemInput
	in.Priority = env.priorities["asset_recovery"]
	in.Visibility = platform.Members
	if _, err := env.rm.UpdateItem(env.sec, c.ID, in); err != nil {
		t.Fatal(err)
	}
	got, err := env.rm.Item(env.sec, a.ID)
	if err != nil || got.Priority != in.Priority || got.Version != 2 {
		t.Fatalf("the action's priority: %v %+v", err, got)
	}
	tl, err := env.rm.Timeline(env.sec, a.ID)
	if err != nil || len(tl) != 1 || tl[0].Visibility != platform.Members {
		t.Fatalf("the action's update keeps its commitment's old visibility: %v %+v", err, tl)
	}
	ov, err := env.rm.Overview(context.Background(), testPeriod)
	if err != nil || len(ov.Claims) != 0 || ov.Total.Items != 0 {
		t.Fatalf("the public's overview: %v %+v", err, ov)
	}
}

func TestRoadmapConcurrentClaimsRollUpEveryOne(t *testing.T) {
	env := newRoadmapEnv(t)
	c := env.create(t, env.sec, env.commitment("TJ", "prevention", "E-procurement"))
	var actions []*platform.RoadmapItem
	for i := range 8 {
		actions = append(actions, env.create(t, env.sec, action(c.ID, fmt.Sprint("Step ", i), 1)))
	}
	errs := make(chan error, len(actions))
	for i, a := range actions {
		go func() {
			_, err := env.rm.AddUpdate(env.sec, a.ID, platform.UpdateInput{Claim: &platform.Claim{Progress: float64(10 * (i + 1))}})
			errs <- err
		}()
	}
	for range actions {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	// (10+20+…+80)/8 = 45: every sibling's claim reached the commitment,
	// whichever writer replaced it last.
	wantProgress(t, "the commitment", env.progress(t, env.sec, c.ID), "45", "45")
}
