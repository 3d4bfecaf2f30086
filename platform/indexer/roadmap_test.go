package indexer_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/platform/mongo"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
)

// roadmapFixture writes commitments through the roadmap's service and
// recommendations through theirs; the index is built by a rebuild and
// then follows the log.
type roadmapFixture struct {
	db       *mongo.DB
	rm       *mongo.RoadmapService
	recs     *mongo.RecommendationService
	priority string
}

var roadmapSecretariat = platform.NewContextWithUser(context.Background(), &platform.User{ID: "s", Role: platform.RoleSecretariat})

func newRoadmapFixture(t *testing.T) *roadmapFixture {
	t.Helper()
	db, err := mongo.Open(context.Background(), embeddedURI, fmt.Sprintf("rm%d", time.Now().UnixNano()), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	f := &roadmapFixture{db: db, rm: mongo.NewRoadmapService(db), recs: mongo.NewRecommendationService(db)}
	if _, err := f.rm.SavePeriod(roadmapSecretariat, platform.RoadmapPeriod{ID: "2025-2026", Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	p, err := f.rm.SavePriority(roadmapSecretariat, platform.Priority{Period: "2025-2026", Area: "asset_recovery", Code: "3",
		Title: platform.Text{"en": "Asset recovery"}, Visibility: platform.Public})
	if err != nil {
		t.Fatal(err)
	}
	f.priority = p.ID
	return f
}

func (f *roadmapFixture) item(t *testing.T, vis string, title, description platform.Text) string {
	t.Helper()
	due := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	code := "UZ-3.1"
	if vis != platform.Public {
		code = "UZ-3.2"
	}
	it, err := f.rm.CreateItem(roadmapSecretariat, platform.ItemInput{Kind: platform.KindCommitment, Period: "2025-2026", Priority: f.priority,
		Country: "UZ", Code: code, Title: title, Description: description, Lead: "Agency for Anti-Corruption", Due: &due,
		Status: platform.StatusSubstantial, Visibility: vis, Articles: []int{52}, Weight: 1})
	if err != nil {
		t.Fatal(err)
	}
	return it.ID
}

func TestCommitmentsAndRecommendationsAreSearched(t *testing.T) {
	f := newRoadmapFixture(t)
	ctx := context.Background()
	pubItem := f.item(t, platform.Public,
		platform.Text{"en": "Return of stolen assets", "ru": "Возврат похищенных активов", "uz": "Oʻgʻirlangan aktivlarni qaytarish"},
		platform.Text{"en": "Agreements on the return of confiscated property", "ru": "Соглашения о возврате конфискованного имущества"})
	memItem := f.item(t, platform.Members,
		platform.Text{"en": "Registry of beneficial owners", "ru": "Реестр бенефициарных собственников", "uz": "Benefitsiar mulkdorlar reestri"}, nil)
	sec := roadmapSecretariat
	pubRec, err := f.recs.CreateRecommendation(sec, platform.RecommendationInput{Country: "UZ", Source: platform.SourceUNCAC2, Reference: "UZ-2019 para. 41",
		Articles: []int{52}, Area: "asset_recovery", Implementation: platform.ImplPartial, Visibility: platform.Public,
		Text: platform.Text{"en": "Strengthen the supervision of politically exposed persons by banks.",
			"ru": "Усилить надзор банков за публичными должностными лицами.",
			"uz": "Banklar tomonidan siyosiy taʼsirga ega shaxslar ustidan nazoratni kuchaytirish."}})
	if err != nil {
		t.Fatal(err)
	}
	idx, _, err := searchbleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{
		indexer.Commitments(mongo.NewCommitmentSearchStore(f.db)), indexer.Priorities(mongo.NewCommitmentSearchStore(f.db)),
		indexer.Recommendations(f.recs),
	}, indexer.Options{})
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// A members-only recommendation written after the start reaches the
	// index through the change log.
	memRec, err := f.recs.CreateRecommendation(sec, platform.RecommendationInput{Country: "UZ", Source: platform.SourceIstanbul,
		Articles: []int{52}, Area: "asset_recovery", Visibility: platform.Members,
		Text: platform.Text{"ru": "Создать реестр бенефициарных собственников юридических лиц.", "en": "Create a registry of beneficial owners of legal persons."}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	s := &indexer.Searcher{Index: idx}
	member := platform.NewContextWithUser(ctx, &platform.User{ID: "m", Role: platform.RoleExpert})
	for _, tc := range []struct {
		name, q, lang string
		typ           platform.RecordType
		want          string
	}{
		{"a commitment in Russian", "похищенных активов", "ru", platform.TypeCommitment, pubItem},
		{"a commitment in Uzbek Latin with a plain apostrophe", "O'g'irlangan aktivlar", "uz", platform.TypeCommitment, pubItem},
		{"a commitment in Uzbek Cyrillic", "Ўғирланган активларни", "uz", platform.TypeCommitment, pubItem},
		{"a commitment in English, by its description", "confiscated property", "en", platform.TypeCommitment, pubItem},
		{"a commitment by its code", "UZ-3.1", "en", platform.TypeCommitment, pubItem},
		{"a recommendation in Russian", "надзор банков", "ru", platform.TypeRecommendation, pubRec.ID},
		{"a recommendation in Uzbek Latin", "nazoratni kuchaytirish", "uz", platform.TypeRecommendation, pubRec.ID},
		{"a recommendation in Uzbek Cyrillic", "назоратни кучайтириш", "uz", platform.TypeRecommendation, pubRec.ID},
		{"a recommendation in English", "politically exposed persons", "en", platform.TypeRecommendation, pubRec.ID},
		{"a recommendation by its reference", "UZ-2019", "en", platform.TypeRecommendation, pubRec.ID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := hitIDs(t, s, ctx, platform.SearchQuery{Text: tc.q, Lang: tc.lang, Types: []platform.RecordType{tc.typ}})
			if !slices.Contains(got, tc.want) {
				t.Fatalf("%q: %v", tc.q, got)
			}
		})
	}
	t.Run("filters by area from the priority, status and kind", func(t *testing.T) {
		got := hitIDs(t, s, ctx, platform.SearchQuery{Areas: []string{"asset_recovery"}, Statuses: []string{string(platform.StatusSubstantial)},
			Kinds: []string{string(platform.KindCommitment)}, Types: []platform.RecordType{platform.TypeCommitment}})
		if !slices.Equal(got, []string{pubItem}) {
			t.Fatalf("%v", got)
		}
		got = hitIDs(t, s, ctx, platform.SearchQuery{Statuses: []string{string(platform.ImplPartial)}, Kinds: []string{string(platform.SourceUNCAC2)}})
		if !slices.Equal(got, []string{pubRec.ID}) {
			t.Fatalf("%v", got)
		}
	})
	// The members-only ones: found by a member, and for an anonymous
	// reader neither found, counted nor suggested (the same query with
	// and without them).
	for _, tc := range []struct{ name, q, lang, id string }{
		{"the members-only commitment", "бенефициарных собственников", "ru", memItem},
		{"the members-only commitment in Uzbek", "benefitsiar mulkdorlar", "uz", memItem},
		{"the members-only recommendation", "beneficial owners", "en", memRec.ID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := platform.SearchQuery{Text: tc.q, Lang: tc.lang, Facets: true}
			if got := hitIDs(t, s, member, q); !slices.Contains(got, tc.id) {
				t.Fatalf("a member does not find it: %v", got)
			}
			res, err := s.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 0 || len(res.Hits) != 0 {
				t.Fatalf("anonymous: %d %+v", res.Total, res.Hits)
			}
			for name, values := range res.Facets {
				for _, v := range values {
					if v.Count != 0 {
						t.Fatalf("anonymous facet %s counts it: %+v", name, v)
					}
				}
			}
			for _, who := range []context.Context{ctx, member} {
				sg, err := s.Suggest(who, platform.SuggestQuery{Prefix: string([]rune(tc.q)[:len([]rune(tc.q))-2]), Lang: tc.lang})
				if err != nil {
					t.Fatal(err)
				}
				found := slices.ContainsFunc(sg, func(x platform.Suggestion) bool { return x.ID == tc.id })
				if found != (who == member) {
					t.Fatalf("suggested to anonymous %v / member %v: %+v", who == ctx, who == member, sg)
				}
			}
		})
	}
	// The priority moves to another area: its items move in the area
	// filter.
	p := platform.Priority{ID: f.priority, Period: "2025-2026", Area: "criminalization", Code: "3",
		Title: platform.Text{"en": "Asset recovery"}, Visibility: platform.Public}
	if _, err := f.rm.SavePriority(sec, p); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(t, s, sec, platform.SearchQuery{Areas: []string{p.Area}, Types: []platform.RecordType{platform.TypeCommitment}}); len(got) != 2 {
		t.Fatalf("after the priority moved: %v", got)
	}
	// Deleted: gone from the index.
	if err := f.recs.DeleteRecommendation(sec, pubRec.ID); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(t, s, ctx, platform.SearchQuery{Text: "politically exposed", Lang: "en"}); slices.Contains(got, pubRec.ID) {
		t.Fatalf("deleted but found: %v", got)
	}
}

// openRoadmapIndex builds an index of a public commitment and a public
// recommendation, and, with hidden, a members-only commitment and a
// members-only recommendation that share their words.
func openRoadmapIndex(t *testing.T, hidden bool) *indexer.Searcher {
	t.Helper()
	f := newRoadmapFixture(t)
	ctx := context.Background()
	f.item(t, platform.Public, platform.Text{"en": "Return of stolen assets", "ru": "Возврат похищенных активов"},
		platform.Text{"en": "Agreements with banks on the return of confiscated assets"})
	rec := platform.RecommendationInput{Country: "UZ", Source: platform.SourceUNCAC2, Articles: []int{52}, Area: "asset_recovery",
		Visibility: platform.Public, Text: platform.Text{"en": "Strengthen the supervision of politically exposed persons by banks."}}
	if _, err := f.recs.CreateRecommendation(roadmapSecretariat, rec); err != nil {
		t.Fatal(err)
	}
	if hidden {
		f.item(t, platform.Members, platform.Text{"en": "Registry of beneficial owners of banks", "ru": "Реестр бенефициарных собственников банков"},
			platform.Text{"en": "Assets held through companies are traced to their beneficial owners."})
		rec.Visibility, rec.Source, rec.Implementation = platform.Members, platform.SourceIstanbul, platform.ImplLargely
		rec.Text = platform.Text{"en": "Banks should identify the beneficial owners of assets and of politically exposed persons' companies."}
		if _, err := f.recs.CreateRecommendation(roadmapSecretariat, rec); err != nil {
			t.Fatal(err)
		}
	}
	idx, _, err := searchbleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{
		indexer.Commitments(mongo.NewCommitmentSearchStore(f.db)), indexer.Recommendations(f.recs),
	}, indexer.Options{})
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return &indexer.Searcher{Index: idx}
}

// TestMembersOnlyRoadmapRecordsChangeNothingTheAnonymousGet compares what
// an anonymous reader gets from an index with members-only commitments
// and recommendations with what they get from one without them: totals,
// scores, facets, corrections and suggestions must be equal.
func TestMembersOnlyRoadmapRecordsChangeNothingTheAnonymousGet(t *testing.T) {
	with, without := openRoadmapIndex(t, true), openRoadmapIndex(t, false)
	ctx := context.Background()
	for _, q := range []string{"assets", "banks", "beneficial owners", "benefical", "politically exposed", "активов", "собственников", "UZ", ""} {
		for _, typ := range [][]platform.RecordType{nil, {platform.TypeCommitment}, {platform.TypeRecommendation}} {
			sq := platform.SearchQuery{Text: q, Lang: "en", Types: typ, Facets: true, Size: 20, Page: 1}
			a, err := with.Search(ctx, sq)
			if err != nil {
				t.Fatal(err)
			}
			b, err := without.Search(ctx, sq)
			if err != nil {
				t.Fatal(err)
			}
			if sig(a) != sig(b) {
				t.Errorf("%q %v:\n with members-only records    %s\n without members-only records %s", q, typ, sig(a), sig(b))
			}
		}
	}
	for _, p := range []string{"Reg", "Rees", "Ban", "Bene", "Str", "Ret"} {
		a, _ := with.Suggest(ctx, platform.SuggestQuery{Prefix: p, Lang: "en", Size: 10})
		b, _ := without.Suggest(ctx, platform.SuggestQuery{Prefix: p, Lang: "en", Size: 10})
		var at, bt []string
		for _, s := range a {
			at = append(at, s.Text)
		}
		for _, s := range b {
			bt = append(bt, s.Text)
		}
		if !slices.Equal(at, bt) {
			t.Errorf("suggestions for %q: %v with members-only records, %v without", p, at, bt)
		}
	}
	// And a member does get them.
	member := platform.NewContextWithUser(ctx, &platform.User{ID: "m", Role: platform.RoleExpert})
	a, _ := with.Search(member, platform.SearchQuery{Text: "beneficial owners", Lang: "en", Size: 20, Page: 1})
	if a.Total != 2 {
		t.Fatalf("a member finds %d", a.Total)
	}
}
