package indexer_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/search"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
)

// reachFixture holds the Convention's articles as library documents, each
// with its English text and tagged with its own number, and one record in
// each of three languages tagged with articles but not naming them.
type reachFixture struct {
	s        *indexer.Searcher
	articles map[int]string // article number → document id
	kg, uz   string
}

func newReachFixture(t *testing.T) *reachFixture {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{indexer.Documents(f.docs)}, indexer.Options{})
	r := &reachFixture{articles: map[int]string{}}
	for _, a := range platform.Articles() {
		d, err := f.docs.CreateDocument(secretariat, platform.DocumentInput{
			Kind: "convention", UncacArticles: []int{a.Number}, Visibility: platform.Public,
			Translations: map[string]platform.Translation{"en": {Title: fmt.Sprintf("UNCAC Article %d. %s", a.Number, a.Title["en"]), Body: a.Text["en"]}},
		})
		if err != nil {
			t.Fatal(err)
		}
		r.articles[a.Number] = d.ID
	}
	kg, err := f.docs.CreateDocument(secretariat, platform.DocumentInput{
		Kind: "case", Countries: []string{"KG"}, Areas: []string{"criminalization"}, UncacArticles: []int{20}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{"ky": {Title: "Бажы кызматкеринин иши", Summary: "Кызмат адамынын активдери анын мыйзамдуу кирешесинен ашып кеткен."}},
	})
	if err != nil {
		t.Fatal(err)
	}
	uz, err := f.docs.CreateDocument(secretariat, platform.DocumentInput{
		Kind: "training", Countries: []string{"UZ"}, Areas: []string{"private_sector"}, UncacArticles: []int{12, 52}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{"uz": {Title: "Kompaniyalarning haqiqiy egalari reestri boʻyicha trening"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.kg, r.uz = kg.ID, uz.ID
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	r.s = &indexer.Searcher{Index: idx, Thesaurus: indexer.NewThesaurus(platform.Thesaurus())}
	return r
}

func (r *reachFixture) top(t *testing.T, q, lang string, n int) []string {
	t.Helper()
	return hitIDs(t, r.s, context.Background(), platform.SearchQuery{Text: q, Lang: lang, Size: n})
}

func TestQueriesReachRecordsThroughTaxonomyAndThesaurus(t *testing.T) {
	r := newReachFixture(t)
	tests := []struct {
		name  string
		q     string
		lang  string
		top   int   // looked at
		wants []int // articles whose Convention document must be among them
		ids   func() []string
	}{
		{"an article's Russian title finds its English text and a Kyrgyz record", "незаконное обогащение", "ru", 5, []int{20}, func() []string { return []string{r.kg} }},
		{"an article's Kazakh title", "заңсыз баю", "kk", 5, []int{20}, func() []string { return []string{r.kg} }},
		{"a country's name in another language", "Кыргызстан", "ru", 5, nil, func() []string { return []string{r.kg} }},
		{"an area's name", "Private sector corruption", "en", 10, nil, func() []string { return []string{r.uz} }},
		{"the article number as Russian writes it", "статья 52", "ru", 3, []int{52}, func() []string { return []string{r.uz} }},
		{"beneficial ownership in English", "beneficial ownership", "en", 10, []int{52, 12}, func() []string { return []string{r.uz} }},
		{"beneficial ownership in Russian", "бенефициарная собственность", "ru", 10, []int{52, 12}, func() []string { return []string{r.uz} }},
		{"facilitation payments", "facilitation payments", "en", 5, []int{15, 16}, nil},
		{"Russian slang for kickbacks", "откат", "ru", 5, []int{15, 21}, nil},
		{"English slang for kickbacks", "kickback", "en", 5, []int{15, 21}, nil},
		{"politically exposed persons", "PEP", "en", 3, []int{52}, nil},
		{"state capture", "state capture", "en", 5, []int{5, 12, 18}, nil},
		{"nepotism in Kyrgyz", "тууганчылык", "ky", 5, []int{7}, nil},
		{"nepotism in Uzbek Cyrillic", "таниш-билишчилик", "uz", 5, []int{7}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.top(t, tt.q, tt.lang, tt.top)
			for _, a := range tt.wants {
				if !slices.Contains(got, r.articles[a]) {
					t.Errorf("%q: article %d not in the first %d: %v", tt.q, a, tt.top, r.names(got))
				}
			}
			if tt.ids != nil {
				for _, id := range tt.ids() {
					if !slices.Contains(got, id) {
						t.Errorf("%q: %s not in the first %d: %v", tt.q, id, tt.top, r.names(got))
					}
				}
			}
		})
	}
}

// names shows hits as article numbers where they are articles.
func (r *reachFixture) names(ids []string) []string {
	var out []string
	for _, id := range ids {
		name := id
		for n, aid := range r.articles {
			if aid == id {
				name = fmt.Sprintf("art%d", n)
			}
		}
		out = append(out, name)
	}
	return out
}

func TestSuggestionsObeyVisibility(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	idx, ix := f.open(t)
	defer idx.Close()
	open := f.create(t, "Методика оценки коррупционных рисков", platform.Public)
	hidden := f.create(t, "Методика проверки деклараций", platform.Secretariat)
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	s := &indexer.Searcher{Index: idx}
	suggest := func(ctx context.Context, prefix string) []string {
		out, err := s.Suggest(ctx, platform.SuggestQuery{Prefix: prefix, Lang: "ru"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, sg := range out {
			ids = append(ids, sg.ID)
		}
		return ids
	}
	if got := suggest(ctx, "метод"); !slices.Equal(got, []string{open.ID}) {
		t.Errorf("anonymous: %v", got)
	}
	if got := suggest(secretariat, "метод"); len(got) != 2 || !slices.Contains(got, hidden.ID) {
		t.Errorf("secretariat: %v", got)
	}
	if _, err := s.Suggest(ctx, platform.SuggestQuery{Prefix: string(make([]rune, platform.MaxQueryLen+1))}); platform.ErrorCode(err) != platform.Invalid {
		t.Errorf("a prefix over the limit: %v", err)
	}
	var _ search.Index = idx
}
