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

// consentedExpert is a profile whose fields are spread over the three
// audiences: organization and a phrase of the Kazakh biography for the
// secretariat, languages, contact and the Russian biography for members.
func consentedExpert() platform.ExpertInput {
	return platform.ExpertInput{ExpertProfile: platform.ExpertProfile{
		NameCyrillic: "Нурланова Айгерим", NameLatin: "Aigerim Nurlanova", Country: "KZ",
		Organization: "Zarafshan Mining Compliance", Position: "Investigator", Areas: []string{"criminalization"}, Articles: []int{15, 23},
		Languages: []platform.LanguageSkill{{Lang: "kk", Level: platform.LevelNative}},
		Biography: map[string]string{"en": "Traces laundered proceeds through shell companies.", "ru": "Расследует отмывание доходов через подставные компании."},
		Contact:   platform.ExpertContact{Email: "aigerim@example.kz"},
		Consent: map[platform.ExpertField]string{
			platform.FieldName: platform.Public, platform.FieldBiography: platform.Public, platform.FieldAreas: platform.Public,
			platform.FieldArticles: platform.Members, platform.FieldCountry: platform.Public, platform.FieldOrganization: platform.Secretariat,
		},
	}}
}

type expertIndex struct {
	s       *indexer.Searcher
	experts *mongo.ExpertService
}

func openExpertIndex(t *testing.T, inputs ...platform.ExpertInput) *expertIndex {
	t.Helper()
	f := newFixture(t)
	experts := mongo.NewExpertService(f.db, mongo.ExpertOptions{})
	for i, in := range inputs {
		// A profile whose account is "pending…" is its expert's own, not
		// yet approved.
		ctx := secretariat
		if in.UserID != "" {
			ctx = platform.NewContextWithUser(context.Background(), &platform.User{ID: fmt.Sprint("x", i), Role: platform.RoleExpert})
			in.UserID = ""
		}
		if _, err := experts.CreateExpert(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	// A document beside the profiles, so that statistics have something
	// else to count.
	f.create(t, "Руководство по отмыванию доходов", platform.Public)
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{indexer.Documents(f.docs), indexer.Experts(experts)}, indexer.Options{})
	if err := ix.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &expertIndex{s: &indexer.Searcher{Index: idx}, experts: experts}
}

func TestAWordInAFieldHiddenFromTheReaderFindsNothing(t *testing.T) {
	x := openExpertIndex(t, consentedExpert())
	anon, member := context.Background(), platform.NewContextWithUser(context.Background(), &platform.User{ID: "m", Role: platform.RoleFocalPoint, Country: "KG"})
	for _, tt := range []struct {
		name, q          string
		anon, mem, secre int
	}{
		{"a public name in Latin", "Nurlanova", 1, 1, 1},
		{"a public name in Cyrillic", "Нурланова", 1, 1, 1},
		{"a public biography", "shell companies", 1, 1, 1},
		{"a secretariat-only organization", "Zarafshan", 0, 0, 1},
		{"a members-only email", "aigerim@example.kz", 0, 1, 1},
		{"a members-only article's name", "\"bribery of national public officials\"", 0, 1, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []struct {
				ctx  context.Context
				want int
			}{{anon, tt.anon}, {member, tt.mem}, {secretariat, tt.secre}} {
				res, err := x.s.Search(r.ctx, platform.SearchQuery{Text: tt.q, Lang: "en", Types: []platform.RecordType{platform.TypeExpert}})
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != r.want {
					t.Errorf("%v finds %d, want %d", platform.Tier(platform.UserFromContext(r.ctx)), res.Total, r.want)
				}
				for _, h := range res.Hits {
					if v, err := x.experts.FindExpertByID(r.ctx, h.ID); err != nil {
						t.Errorf("hit %q is no profile the reader sees: %v", h.ID, err)
					} else if h.Title != v.Name("en") {
						t.Errorf("hit title %q, want %q", h.Title, v.Name("en"))
					}
				}
			}
		})
	}
}

// TestHiddenFieldsChangeNothingTheReaderGets compares what a reader gets
// from a pool with hidden fields with what they get from the same pool
// where those fields were never written: totals, scores, facets and
// suggestions must be equal.
func TestHiddenFieldsChangeNothingTheReaderGets(t *testing.T) {
	pending := consentedExpert()
	pending.NameLatin, pending.NameCyrillic, pending.UserID = "Quentin Pending", "", "pending"
	full := openExpertIndex(t, consentedExpert(), pending)

	for _, tier := range []string{platform.Public, platform.Members} {
		t.Run(tier, func(t *testing.T) {
			// The same profile as the tier reads it, all of it consented.
			seen := consentedExpert()
			e := &platform.Expert{ExpertProfile: seen.ExpertProfile, Status: platform.ExpertApproved}
			v := e.ViewAs(tier, false)
			seen.ExpertProfile = v.ExpertProfile
			seen.Consent = map[platform.ExpertField]string{}
			for _, f := range platform.ExpertFields() {
				seen.Consent[f] = tier
			}
			seen.Consent[platform.FieldContact] = platform.Members
			seen.Contact = v.Contact
			bare := openExpertIndex(t, seen)
			ctx := context.Background()
			if tier == platform.Members {
				ctx = platform.NewContextWithUser(ctx, &platform.User{ID: "m", Role: platform.RoleFocalPoint, Country: "KG"})
			}
			for _, q := range []string{"example", "aigerim example", "aigerim", "example.kz", "aigerim@example.kz", "Nurlanova", "Zarafshan", "Zarafshen", "компании", "Quentin", "investigator", "laundered", "KZ", ""} {
				a, err := full.s.Search(ctx, platform.SearchQuery{Text: q, Lang: "en", Facets: true, Size: 20, Page: 1})
				if err != nil {
					t.Fatal(err)
				}
				b, err := bare.s.Search(ctx, platform.SearchQuery{Text: q, Lang: "en", Facets: true, Size: 20, Page: 1})
				if err != nil {
					t.Fatal(err)
				}
				if sig(a) != sig(b) {
					t.Errorf("%q:\n with hidden fields    %s\n without hidden fields %s", q, sig(a), sig(b))
				}
			}
			for _, p := range []string{"Nur", "Zar", "Que", "inv"} {
				a, _ := full.s.Suggest(ctx, platform.SuggestQuery{Prefix: p, Lang: "en", Size: 10})
				b, _ := bare.s.Suggest(ctx, platform.SuggestQuery{Prefix: p, Lang: "en", Size: 10})
				var at, bt []string
				for _, s := range a {
					at = append(at, s.Text)
				}
				for _, s := range b {
					bt = append(bt, s.Text)
				}
				if !slices.Equal(at, bt) {
					t.Errorf("suggestions for %q: %v with hidden fields, %v without", p, at, bt)
				}
			}
		})
	}
}

// sig is a search result without record ids (the two pools' ids differ):
// total, each hit's type, title and score, the facets and the correction.
func sig(r *platform.SearchResult) string {
	s := fmt.Sprintf("total %d;", r.Total)
	for _, h := range r.Hits {
		s += fmt.Sprintf(" %s %q %.6f;", h.Type, h.Title, h.Score)
	}
	for _, name := range []string{"type", "kind", "country", "area", "article", "language", "status", "year"} {
		s += fmt.Sprintf(" %s %v;", name, r.Facets[name])
	}
	return s
}

func TestAnExpertIsFoundByTheirNameInAnyCommonSpelling(t *testing.T) {
	in := consentedExpert()
	in.NameCyrillic, in.NameLatin = "Ходжаев Бахтиёр", ""
	x := openExpertIndex(t, in)
	for _, q := range []string{"Ходжаев", "Khodjaev", "Hodjaev", "Xoʻjayev", "Xo'jayev", "Khodzhaev", "Bakhtiyor Khodjaev", "Baxtiyor"} {
		res, err := x.s.Search(context.Background(), platform.SearchQuery{Text: q, Lang: "en", Types: []platform.RecordType{platform.TypeExpert}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("%q finds %d", q, res.Total)
		}
	}
}

func TestAnEventIsNotFoundByAHiddenTrainersName(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	experts := mongo.NewExpertService(f.db, mongo.ExpertOptions{})
	in := consentedExpert()
	in.Consent[platform.FieldName] = platform.Members
	e, err := experts.CreateExpert(secretariat, in)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 6, 17, 4, 0, 0, 0, time.UTC)
	ev, err := f.events.CreateEvent(secretariat, platform.EventInput{Kind: platform.EventWebinar, Start: start, End: start.Add(2 * time.Hour), Countries: []string{"KZ"},
		Trainers: []string{"Aigerim Nurlanova (demo)"}, Experts: []platform.EventExpert{{ExpertID: e.ID, Role: platform.RoleTrainer}},
		Translations: map[string]platform.EventText{"en": {Title: "Webinar on shell companies"}}})
	if err != nil {
		t.Fatal(err)
	}
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{indexer.Events(f.events), indexer.Experts(experts)}, indexer.Options{})
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	s := &indexer.Searcher{Index: idx}
	q := platform.SearchQuery{Text: "Nurlanova", Lang: "en", Types: []platform.RecordType{platform.TypeEvent}}
	if got := hitIDs(t, s, ctx, q); len(got) != 0 {
		t.Errorf("the public finds the event by its trainer's members-only name: %v", got)
	}
	// The expert makes their name and trainings public: the event is
	// indexed again with it.
	up := e.Input()
	up.Consent[platform.FieldName], up.Consent[platform.FieldTrainings] = platform.Public, platform.Public
	if _, err := experts.UpdateExpert(secretariat, e.ID, up); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(t, s, ctx, q); !slices.Equal(got, []string{ev.ID}) {
		t.Errorf("after the consent, the public finds %v", got)
	}
}
