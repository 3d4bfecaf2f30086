package indexer

import (
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

func TestThesaurusExpandsPractitionersWords(t *testing.T) {
	th := NewThesaurus(platform.Thesaurus())
	tests := []struct {
		name      string
		query     string
		match     string
		articles  []int // among the expansion's articles
		alternate search.Alternative
	}{
		{"an English term of art", "facilitation payments", "facilitation payments", []int{15, 16}, search.Alternative{Lang: "ru", Text: "смазочные платежи"}},
		{"Russian slang", "откат", "откат", []int{15, 21}, search.Alternative{Lang: "en", Text: "kickback"}},
		{"an inflected Russian word", "откаты при закупках", "откаты", []int{15}, search.Alternative{Lang: "uz", Text: "otkat"}},
		{"English slang", "kickback", "kickback", []int{15}, search.Alternative{Lang: "ru", Text: "откат"}},
		{"an abbreviation", "PEP", "PEP", []int{52}, search.Alternative{Lang: "en", Text: "politically exposed person"}},
		{"an abbreviation in the plural", "PEPs screening", "PEPs", []int{52}, search.Alternative{Lang: "ru", Text: "политически значимое лицо"}},
		{"a two-word term", "state capture", "state capture", []int{5, 12}, search.Alternative{Lang: "ru", Text: "захват государства"}},
		{"a Russian phrase in another case", "бенефициарной собственности", "бенефициарной собственности", []int{12, 52}, search.Alternative{Lang: "en", Text: "beneficial ownership"}},
		{"a plural with a plural inside", "conflicts of interests", "conflicts of interests", []int{7, 8}, search.Alternative{Lang: "ru", Text: "конфликт интересов"}},
		{"Uzbek Cyrillic meets the Latin term", "пора", "пора", []int{15}, search.Alternative{Lang: "en", Text: "bribery"}},
		{"a quoted phrase", `"money laundering" Kazakhstan`, "money laundering", []int{23}, search.Alternative{Lang: "ru", Text: "отмывание денег"}},
		{"nepotism", "nepotism", "nepotism", []int{7}, search.Alternative{Lang: "ru", Text: "кумовство"}},
		{"grand corruption", "grand corruption", "grand corruption", []int{20}, search.Alternative{Lang: "ru", Text: "крупная коррупция"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := th.Expand(tt.query)
			i := slices.IndexFunc(es, func(e search.Expansion) bool { return e.Match == tt.match })
			if i < 0 {
				t.Fatalf("Expand(%q) = %+v, want a match of %q", tt.query, es, tt.match)
			}
			e := es[i]
			for _, a := range tt.articles {
				if !slices.Contains(e.Articles, a) {
					t.Errorf("articles %v lack %d", e.Articles, a)
				}
			}
			if !slices.Contains(e.Alternatives, tt.alternate) {
				t.Errorf("alternatives %v lack %+v", e.Alternatives, tt.alternate)
			}
			if len(e.Alternatives) > search.MaxAlternatives {
				t.Errorf("%d alternatives", len(e.Alternatives))
			}
		})
	}
}

func TestThesaurusLeavesOtherWordsAlone(t *testing.T) {
	th := NewThesaurus(platform.Thesaurus())
	for _, q := range []string{
		"", "the", "закон", "Oʻzbekiston", "-откат", "откат*", `"state capture law"`, "poraxoʻrlikka", "statecapture",
		"conflict", // only part of "conflict of interest"
	} {
		for _, e := range th.Expand(q) {
			if e.Match == "откат" || e.Match == "state capture" || e.Match == "conflict" || e.Match == "the" {
				t.Errorf("Expand(%q) = %+v", q, e)
			}
		}
	}
	var nilThesaurus *Thesaurus
	if es := nilThesaurus.Expand("откат"); es != nil {
		t.Errorf("a nil thesaurus expands: %v", es)
	}
}

func TestSameWord(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"otkat", "otkati", true},
		{"interest", "interests", true},
		{"pep", "peps", true},
		{"benefitsiarnaia", "benefitsiarnoi", true},
		{"pora", "poraxurlik", false},
		{"vziatka", "vziatochnichestvo", false},
		{"para", "pari", false},
		{"korruptsiia", "korruptsionnii", false},
	} {
		if got := sameWord(tt.a, tt.b); got != tt.want {
			t.Errorf("sameWord(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func TestTaxonomyTermsNameEveryTagInEveryLanguage(t *testing.T) {
	terms := taxonomyTerms([]int{20}, []string{"prevention"}, []string{"KZ"})
	for _, want := range []string{"article 20", "статья 20", "20-бап", "Қазақстан", "Kazakhstan"} {
		if !slices.Contains(terms, want) {
			t.Errorf("terms %v lack %q", terms, want)
		}
	}
	a, _ := platform.ArticleByNumber(20)
	for _, lang := range platform.Languages() {
		if !slices.Contains(terms, a.Title[lang]) {
			t.Errorf("terms lack article 20's %s title %q", lang, a.Title[lang])
		}
		if n := platform.AreaNames("prevention")[lang]; !slices.Contains(terms, n) {
			t.Errorf("terms lack the area's %s name %q", lang, n)
		}
	}
}

// TestAllHoldsEveryTerm: the expansions an index prepares name every term
// of every group, in its language, within the limit per expansion.
func TestAllHoldsEveryTerm(t *testing.T) {
	th := HubThesaurus()
	have := map[string]bool{}
	for _, e := range th.All() {
		if len(e.Alternatives) > search.MaxAlternatives || e.Match == "" {
			t.Fatalf("expansion %q with %d alternatives", e.Match, len(e.Alternatives))
		}
		for _, a := range e.Alternatives {
			have[a.Lang+":"+a.Text] = true
		}
	}
	for _, g := range platform.Thesaurus() {
		for lang, terms := range g.Terms {
			for _, term := range terms {
				if !have[lang+":"+term] {
					t.Errorf("%s term %q is not prepared", lang, term)
				}
			}
		}
	}
}

// TestUzbekWithoutTheModifierLetter: "poraxorlik", typed on a keyboard
// without ʻ, is the thesaurus's "poraxoʻrlik".
func TestUzbekWithoutTheModifierLetter(t *testing.T) {
	th := HubThesaurus()
	with, without := th.Expand("poraxoʻrlik"), th.Expand("poraxorlik")
	if len(with) == 0 || len(without) == 0 {
		t.Fatalf("expansions: with ʻ %d, without %d", len(with), len(without))
	}
	if !slices.Equal(with[0].Articles, without[0].Articles) || len(with[0].Alternatives) != len(without[0].Alternatives) {
		t.Errorf("without ʻ: %+v, with: %+v", without[0], with[0])
	}
}
