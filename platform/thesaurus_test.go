package platform

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestThesaurusIsCompleteInEveryLanguage(t *testing.T) {
	groups := Thesaurus()
	if len(groups) < 40 {
		t.Fatalf("%d groups, want at least 40", len(groups))
	}
	id := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	seen := map[string]bool{}
	// owner[lang][term] is the group a term belongs to: a term leads to one
	// notion only, so that expanding a query never mixes two.
	owner := map[string]map[string]string{}
	for _, g := range groups {
		if !id.MatchString(g.ID) || seen[g.ID] {
			t.Errorf("group id %q is malformed or repeated", g.ID)
		}
		seen[g.ID] = true
		if len(g.Articles) == 0 {
			t.Errorf("%s: no UNCAC articles", g.ID)
		}
		for _, n := range g.Articles {
			if _, ok := ArticleByNumber(n); !ok {
				t.Errorf("%s: no UNCAC article %d", g.ID, n)
			}
		}
		if len(g.Terms) != len(Languages()) {
			t.Errorf("%s: terms in %d languages, want the hub's %d", g.ID, len(g.Terms), len(Languages()))
		}
		for _, lang := range Languages() {
			terms := g.Terms[lang]
			if len(terms) == 0 {
				t.Errorf("%s: no %s terms", g.ID, lang)
			}
			if owner[lang] == nil {
				owner[lang] = map[string]string{}
			}
			for _, term := range terms {
				if strings.TrimSpace(term) == "" || term != strings.TrimSpace(term) || strings.Contains(term, "  ") {
					t.Errorf("%s: %s term %q is empty or badly spaced", g.ID, lang, term)
				}
				if err := CheckScript(lang, term); err != nil {
					t.Errorf("%s: %v", g.ID, err)
				}
				key := strings.ToLower(term)
				if other, dup := owner[lang][key]; dup {
					t.Errorf("%s term %q is in both %s and %s", lang, term, other, g.ID)
				}
				owner[lang][key] = g.ID
			}
		}
	}
}

// TestThesaurusHasThePractitionersWords names notions the library's users
// search for, so that none silently disappears from the data.
func TestThesaurusHasThePractitionersWords(t *testing.T) {
	tests := []struct {
		name    string
		lang    string
		term    string
		article int
	}{
		{"beneficial ownership", "en", "beneficial ownership", 12},
		{"facilitation payments", "en", "facilitation payments", 15},
		{"nepotism in Russian", "ru", "кумовство", 7},
		{"state capture", "en", "state capture", 18},
		{"grand corruption", "en", "grand corruption", 20},
		{"petty corruption in Russian", "ru", "бытовая коррупция", 15},
		{"kickback in Russian slang", "ru", "откат", 15},
		{"a bribe in Kazakh", "kk", "пара", 15},
		{"a bribe in Tajik", "tg", "пора", 15},
		{"conflict of interest in Uzbek", "uz", "manfaatlar toʻqnashuvi", 8},
		{"asset declaration in Kyrgyz", "ky", "кирешелерди декларациялоо", 8},
		{"whistle-blower", "en", "whistle-blower", 33},
		{"PEP", "en", "PEP", 52},
		{"money laundering abbreviation in Russian", "ru", "ПОД/ФТ", 14},
		{"illicit enrichment in Turkmen", "tk", "bikanun baýamak", 20},
		{"MLA", "en", "MLA", 46},
		{"asset recovery in Uzbek", "uz", "aktivlarni qaytarish", 57},
		{"confiscation in Tajik", "tg", "мусодира", 31},
		{"abuse of functions in Russian", "ru", "злоупотребление служебным положением", 19},
		{"trading in influence", "en", "influence peddling", 18},
		{"embezzlement in Russian", "ru", "растрата", 17},
		{"procurement in Turkmen", "tk", "döwlet satyn alyşlary", 9},
		{"integrity", "en", "integrity", 8},
		{"anti-corruption agency", "en", "anti-corruption agency", 6},
		{"the review mechanism", "en", "IRM", 63},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, g := range Thesaurus() {
				if slices.Contains(g.Terms[tt.lang], tt.term) {
					if !slices.Contains(g.Articles, tt.article) {
						t.Errorf("%q is in %s, tied to articles %v, not %d", tt.term, g.ID, g.Articles, tt.article)
					}
					return
				}
			}
			t.Errorf("no group has the %s term %q", tt.lang, tt.term)
		})
	}
}

func TestParseThesaurusRefusesBrokenData(t *testing.T) {
	if _, err := parseThesaurus([]byte(`{"groups": [{"id": 1}]}`)); err == nil {
		t.Error("a group with a numeric id was accepted")
	}
}
