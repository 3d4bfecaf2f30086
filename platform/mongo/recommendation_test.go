package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/similar"
)

// commitment has the secretariat create a commitment of country (empty:
// regional) through the roadmap's service, in a period and priority made
// on first use in db, and returns its id.
func commitment(t *testing.T, db *mongo.DB, country, vis string, title platform.Text) string {
	t.Helper()
	rm := mongo.NewRoadmapService(db)
	ctx := system()
	priority, ok := testPriorities.Load(db)
	if !ok {
		if _, err := rm.SavePeriod(ctx, platform.RoadmapPeriod{ID: "2025-2026", Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		p, err := rm.SavePriority(ctx, platform.Priority{Period: "2025-2026", Area: "prevention", Code: "1",
			Title: platform.Text{"en": "Prevention"}, Visibility: platform.Public})
		if err != nil {
			t.Fatal(err)
		}
		priority = p.ID
		testPriorities.Store(db, priority)
	}
	it, err := rm.CreateItem(ctx, platform.ItemInput{Kind: platform.KindCommitment, Period: "2025-2026", Priority: priority.(string),
		Country: country, Title: title, Status: platform.StatusLimited, Visibility: vis, Articles: []int{36}, Lead: "Anti-Corruption Agency", Weight: 1})
	if err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// testPriorities is the priority commitment made in each database.
var testPriorities sync.Map

var (
	agencyEN  = "Strengthen the independence of the Anti-Corruption Agency, including guarantees against the early dismissal of its head."
	agencyEN2 = "Kazakhstan should ensure the independence of the anti-corruption agency and guarantee its head against early dismissal."
	statsEN   = "Publish annual statistics of corruption cases investigated, prosecuted and sent to court."
)

func recInput(country, ref, text, vis string, articles ...int) platform.RecommendationInput {
	return platform.RecommendationInput{Country: country, Source: platform.SourceUNCAC2, Reference: ref, Year: 2023,
		Articles: articles, Area: "prevention", Text: platform.Text{"en": text}, Visibility: vis}
}

func TestRecommendationLifecycleFlagsDuplicatesOnBothSides(t *testing.T) {
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	sec := asUser(platform.RoleSecretariat, "")
	kz := asUser(platform.RoleFocalPoint, "KZ")
	item := commitment(t, db, "KZ", platform.Public, platform.Text{"en": "Amend the law on the agency"})

	a, err := recs.CreateRecommendation(kz, recInput("KZ", "para. 12", agencyEN, platform.Public, 6, 36))
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 1 || a.Implementation != platform.ImplNotRated || len(a.Duplicates) != 0 {
		t.Fatalf("created: %+v", a)
	}
	in := recInput("KZ", "para. 40", agencyEN2, platform.Public, 36)
	in.Commitments = []string{item}
	b, err := recs.CreateRecommendation(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Duplicates, []string{a.ID}) {
		t.Fatalf("the new one's duplicates: %v", b.Duplicates)
	}
	got, err := recs.Recommendation(context.Background(), a.ID)
	if err != nil || !slices.Equal(got.Duplicates, []string{b.ID}) || got.Version != 2 {
		t.Fatalf("the older one is flagged too, at its next version: %v %+v", err, got)
	}
	// Another matter, other country: no flags.
	c, err := recs.CreateRecommendation(sec, recInput("KZ", "para. 50", statsEN, platform.Public, 36))
	if err != nil || len(c.Duplicates) != 0 {
		t.Fatalf("unrelated: %v %+v", err, c)
	}
	u, err := recs.CreateRecommendation(sec, recInput("UZ", "para. 12", agencyEN, platform.Public, 36))
	if err != nil || len(u.Duplicates) != 0 {
		t.Fatalf("other country: %v %+v", err, u)
	}
	// Changing b's text to another matter removes the flags on both sides.
	in.Text = platform.Text{"en": "Train judges on the confiscation of proceeds of corruption."}
	in.IfVersion = b.Version
	b2, err := recs.UpdateRecommendation(sec, b.ID, in)
	if err != nil || len(b2.Duplicates) != 0 || b2.Version != 2 {
		t.Fatalf("update: %v %+v", err, b2)
	}
	if got, _ := recs.Recommendation(context.Background(), a.ID); len(got.Duplicates) != 0 {
		t.Fatalf("a keeps a stale flag: %v", got.Duplicates)
	}
	// A stale version is refused.
	if _, err := recs.UpdateRecommendation(sec, b.ID, in); platform.ErrorCode(err) != platform.Conflict {
		t.Fatalf("stale update: %v", err)
	}
	// Back to the agency text, then deleted: a's flag comes and goes.
	in.Text, in.IfVersion = platform.Text{"en": agencyEN2}, 0
	if _, err := recs.UpdateRecommendation(sec, b.ID, in); err != nil {
		t.Fatal(err)
	}
	if got, _ := recs.Recommendation(context.Background(), a.ID); !slices.Equal(got.Duplicates, []string{b.ID}) {
		t.Fatalf("flag back: %v", got.Duplicates)
	}
	if err := recs.DeleteRecommendation(sec, b.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := recs.Recommendation(context.Background(), a.ID); len(got.Duplicates) != 0 {
		t.Fatalf("flag of a deleted one: %v", got.Duplicates)
	}
	if _, err := recs.Recommendation(context.Background(), b.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("deleted: %v", err)
	}
	// Stored as the mirror says (a second service reading a fresh mirror).
	n, err := mongo.CountRaw(context.Background(), db, "recommendations", bson.D{})
	if err != nil || n != 3 {
		t.Fatalf("stored: %v %d", err, n)
	}
}

func TestRecommendationRefusals(t *testing.T) {
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	sec := asUser(platform.RoleSecretariat, "")
	kz := asUser(platform.RoleFocalPoint, "KZ")
	r, err := recs.CreateRecommendation(kz, recInput("KZ", "p. 1", agencyEN, platform.Public, 36))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		do    func() error
		code  string
		field string
	}{
		{"a focal point may not create another country's", func() error {
			_, err := recs.CreateRecommendation(kz, recInput("UZ", "p. 1", agencyEN, platform.Public, 36))
			return err
		}, platform.Forbidden, ""},
		{"a focal point may not move their own to another country", func() error {
			_, err := recs.UpdateRecommendation(kz, r.ID, recInput("UZ", "p. 1", agencyEN, platform.Public, 36))
			return err
		}, platform.Forbidden, ""},
		{"another country's focal point may not change it", func() error {
			_, err := recs.UpdateRecommendation(asUser(platform.RoleFocalPoint, "UZ"), r.ID, recInput("UZ", "p. 1", agencyEN, platform.Public, 36))
			return err
		}, platform.Forbidden, ""},
		{"an anonymous visitor is asked to sign in", func() error {
			_, err := recs.CreateRecommendation(context.Background(), recInput("KZ", "p. 2", agencyEN, platform.Public, 36))
			return err
		}, platform.Unauthorized, ""},
		{"an unknown commitment is named", func() error {
			in := recInput("KZ", "p. 2", agencyEN, platform.Public, 36)
			in.Commitments = []string{bson.NewObjectID().Hex()}
			_, err := recs.CreateRecommendation(sec, in)
			return err
		}, platform.Invalid, "commitments"},
		{"a text is required", func() error {
			_, err := recs.CreateRecommendation(sec, recInput("KZ", "p. 2", " ", platform.Public, 36))
			return err
		}, platform.Invalid, "text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if platform.ErrorCode(err) != tc.code {
				t.Fatalf("got %v, want %s", err, tc.code)
			}
			if tc.field != "" {
				if e := platform.AsError(err); e == nil || e.Data["Field"] != tc.field {
					t.Fatalf("field: %v", err)
				}
			}
		})
	}
	got, _ := recs.Recommendation(sec, r.ID)
	if got.Version != 1 || got.Country != "KZ" {
		t.Fatalf("a refusal changed it: %+v", got)
	}
	denied, n, err := mongo.NewAuditService(db).FindAudit(sec, platform.AuditFilter{Action: platform.ActionDenied})
	if err != nil || n != 3 {
		t.Fatalf("denied entries: %v %d %+v", err, n, denied)
	}
}

func TestFindRecommendationsShowsOnlyWhatTheReaderSees(t *testing.T) {
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	sec := asUser(platform.RoleSecretariat, "")
	item := commitment(t, db, "UZ", platform.Public, platform.Text{"en": "Declarations"})
	pub, err := recs.CreateRecommendation(sec, recInput("KZ", "para. 9", agencyEN, platform.Public, 36))
	if err != nil {
		t.Fatal(err)
	}
	// Its duplicate is for members only.
	mem, err := recs.CreateRecommendation(sec, recInput("KZ", "para. 3", agencyEN2, platform.Members, 36))
	if err != nil {
		t.Fatal(err)
	}
	uz := recInput("UZ", "", "Davlat xizmatchilarining daromadlarini deklaratsiya qilish tizimini joriy etish.", platform.Secretariat, 8)
	uz.Source, uz.Commitments, uz.Implementation = platform.SourceIstanbul, []string{item}, platform.ImplPartial
	secOnly, err := recs.CreateRecommendation(sec, uz)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(list []*platform.Recommendation) []string {
		var out []string
		for _, r := range list {
			out = append(out, r.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		filter platform.RecommendationFilter
		want   []string
	}{
		{"the public sees the public one", context.Background(), platform.RecommendationFilter{}, []string{pub.ID}},
		{"the public sees no duplicate of it", context.Background(), platform.RecommendationFilter{Duplicates: true}, nil},
		{"a member sees both, by country then reference", asUser(platform.RoleExpert, ""), platform.RecommendationFilter{}, []string{mem.ID, pub.ID}},
		{"a member sees both flagged", asUser(platform.RoleExpert, ""), platform.RecommendationFilter{Duplicates: true}, []string{mem.ID, pub.ID}},
		{"the secretariat sees all, Kazakhstan first", sec, platform.RecommendationFilter{}, []string{mem.ID, pub.ID, secOnly.ID}},
		{"by country", sec, platform.RecommendationFilter{Countries: []string{"UZ"}}, []string{secOnly.ID}},
		{"by source", sec, platform.RecommendationFilter{Sources: []platform.RecommendationSource{platform.SourceIstanbul}}, []string{secOnly.ID}},
		{"by rating", sec, platform.RecommendationFilter{Implementations: []platform.Implementation{platform.ImplNotRated}}, []string{mem.ID, pub.ID}},
		{"by article", sec, platform.RecommendationFilter{Article: 8}, []string{secOnly.ID}},
		{"by commitment", sec, platform.RecommendationFilter{Commitment: item}, []string{secOnly.ID}},
		{"by text in Cyrillic Uzbek", sec, platform.RecommendationFilter{Text: "декларация"}, []string{secOnly.ID}},
		{"by reference", sec, platform.RecommendationFilter{Text: "para. 9"}, []string{pub.ID}},
		{"a page", sec, platform.RecommendationFilter{Offset: 1, Limit: 1}, []string{pub.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, total, err := recs.FindRecommendations(tc.ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(list); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if tc.filter.Limit == 0 && total != len(tc.want) {
				t.Fatalf("total %d", total)
			}
		})
	}
	got, err := recs.Recommendation(context.Background(), pub.ID)
	if err != nil || len(got.Duplicates) != 0 {
		t.Fatalf("the public reads a members-only duplicate's id: %v %+v", err, got)
	}
	if got, _ := recs.Recommendation(asUser(platform.RoleExpert, ""), pub.ID); !slices.Equal(got.Duplicates, []string{mem.ID}) {
		t.Fatalf("a member: %v", got.Duplicates)
	}
	if _, err := recs.Recommendation(asUser(platform.RoleFocalPoint, "UZ"), secOnly.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("secretariat-only: %v", err)
	}
	if _, _, err := recs.FindRecommendations(sec, platform.RecommendationFilter{Countries: []string{"XX"}}); platform.ErrorCode(err) != platform.Invalid {
		t.Fatalf("bad filter: %v", err)
	}
}

// A second hub's service (another process's mirror) sees the first's
// writes through the change log.
func TestRecommendationsReachAnotherHub(t *testing.T) {
	name := fmt.Sprintf("tworecs%d", time.Now().UnixNano())
	var hubs [2]*mongo.DB
	for i := range hubs {
		db, err := mongo.Open(context.Background(), embeddedURI, name, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close(context.Background())
		hubs[i] = db
	}
	db, other := hubs[0], hubs[1]
	a := mongo.NewRecommendationService(db)
	b := mongo.NewRecommendationService(other)
	if _, _, err := b.FindRecommendations(context.Background(), platform.RecommendationFilter{}); err != nil {
		t.Fatal(err)
	}
	r, err := a.CreateRecommendation(asUser(platform.RoleSecretariat, ""), recInput("KZ", "p", agencyEN, platform.Public, 36))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
	if _, err := b.Recommendation(context.Background(), r.ID); err != nil {
		t.Fatal(fmt.Errorf("the other hub does not see it: %w", err))
	}
}

func TestACommitmentHiddenFromTheReaderIsNeitherShownNorDropped(t *testing.T) {
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	kz := asUser(platform.RoleFocalPoint, "KZ")
	pub := commitment(t, db, "KZ", platform.Public, platform.Text{"en": "Declarations"})
	hidden := commitment(t, db, "KZ", platform.Secretariat, platform.Text{"en": "Internal review"})
	in := recInput("KZ", "p. 7", agencyEN, platform.Public, 36)
	in.Commitments = []string{pub, hidden}
	r, err := recs.CreateRecommendation(system(), in)
	if err != nil {
		t.Fatal(err)
	}
	seen, err := recs.Recommendation(kz, r.ID)
	if err != nil || !slices.Equal(seen.Commitments, []string{pub}) {
		t.Fatalf("the focal point reads %v (%v)", seen.Commitments, err)
	}
	if list, _, _ := recs.FindRecommendations(context.Background(), platform.RecommendationFilter{}); len(list) != 1 || !slices.Equal(list[0].Commitments, []string{pub}) {
		t.Fatalf("the public lists %+v", list)
	}
	// The focal point saves their copy: the hidden link stays.
	edit := seen.RecommendationInput
	edit.Implementation = platform.ImplPartial
	if _, err := recs.UpdateRecommendation(kz, r.ID, edit); err != nil {
		t.Fatal(err)
	}
	if got, _ := recs.Recommendation(system(), r.ID); !slices.Equal(got.Commitments, r.Commitments) || got.Implementation != platform.ImplPartial {
		t.Fatalf("stored %v, want %v", got.Commitments, r.Commitments)
	}
	// So does their import of what they read: unchanged.
	rep, err := recs.ImportRecommendations(kz, []platform.RecommendationRow{row(2, r.ID, edit)}, platform.ImportOptions{})
	if err != nil || rep.Unchanged != 1 {
		t.Fatalf("re-import: %v %+v", err, rep)
	}
}

// Flags kept write by write (each compared with its country's records)
// are those a computation of the whole set gives.
func TestFlagsKeptWriteByWriteAreTheWholeSetsFlags(t *testing.T) {
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	sec := system()
	texts := []string{agencyEN, agencyEN2, statsEN, "Publish statistics of corruption cases investigated and sent to court every year.",
		"Train judges on the confiscation of proceeds of corruption.", "Strengthen guarantees of the independence of the anti-corruption agency's head."}
	var ids []string
	for i := range 24 {
		r, err := recs.CreateRecommendation(sec, recInput([]string{"KZ", "UZ"}[i%2], fmt.Sprint("p. ", i), texts[i%len(texts)], platform.Public, 36+i%3))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	for i, id := range ids[:6] {
		if _, err := recs.UpdateRecommendation(sec, id, recInput("KZ", "q", texts[(i+3)%len(texts)], platform.Public, 36)); err != nil {
			t.Fatal(err)
		}
	}
	if err := recs.DeleteRecommendation(sec, ids[7]); err != nil {
		t.Fatal(err)
	}
	all, _, err := recs.FindRecommendations(sec, platform.RecommendationFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	want := similar.All(all)
	flagged := 0
	for _, r := range all {
		if !slices.Equal(r.Duplicates, want[r.ID]) {
			t.Errorf("%s (%s %v): kept %v, whole set %v", r.ID, r.Country, r.Articles, r.Duplicates, want[r.ID])
		}
		if len(r.Duplicates) > 0 {
			flagged++
		}
	}
	if flagged == 0 {
		t.Fatal("nothing flagged")
	}
}

// TestRecommendationCountsCountOnlyWhatTheReaderSees: the overview's
// counts by rating leave out what the reader may not see.
func TestRecommendationCountsCountOnlyWhatTheReaderSees(t *testing.T) {
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	sec := asUser(platform.RoleSecretariat, "")
	for _, vis := range []string{platform.Public, platform.Members, platform.Secretariat} {
		in := recInput("KZ", "para. "+vis, agencyEN, vis, 36)
		in.Implementation = platform.ImplPartial
		if _, err := recs.CreateRecommendation(sec, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want int
	}{
		{"the public", context.Background(), 1},
		{"a member", asUser(platform.RoleExpert, ""), 2},
		{"the secretariat", sec, 3},
	} {
		counts, err := recs.RecommendationCounts(tc.ctx)
		if err != nil || counts[platform.ImplPartial] != tc.want || len(counts) != 1 {
			t.Errorf("%s: %v %v, want %d partially implemented and nothing else", tc.name, counts, err, tc.want)
		}
	}
}
