package platform

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestEveryArticleHasATitleInEveryLanguage(t *testing.T) {
	arts := Articles()
	if len(arts) != 71 {
		t.Fatalf("%d articles, want 71", len(arts))
	}
	for i, a := range arts {
		if a.Number != i+1 {
			t.Fatalf("article at %d is numbered %d", i+1, a.Number)
		}
		if _, ok := a.Text["en"]; !ok || len(a.Text) != 1 {
			t.Errorf("article %d has text in %d languages, want English only", a.Number, len(a.Text))
		}
		if len(a.Title) != len(Languages()) {
			t.Errorf("article %d has titles in %d languages, want exactly the hub's %d", a.Number, len(a.Title), len(Languages()))
		}
		for _, lang := range Languages() {
			title := a.Title[lang]
			if strings.TrimSpace(title) == "" || title != strings.TrimSpace(title) {
				t.Errorf("article %d: %s title %q is empty or padded", a.Number, lang, title)
			}
			if err := CheckScript(lang, title); err != nil {
				t.Errorf("article %d: %v", a.Number, err)
			}
		}
	}
}

func TestEveryChapterHasATitleInEveryLanguageAndItsArticles(t *testing.T) {
	want := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII"}
	chs := Chapters()
	var got []string
	next := 1
	for _, c := range chs {
		got = append(got, c.Number)
		for _, lang := range Languages() {
			if strings.TrimSpace(c.Title[lang]) == "" {
				t.Errorf("chapter %s has no %s title", c.Number, lang)
			}
			if err := CheckScript(lang, c.Title[lang]); err != nil {
				t.Errorf("chapter %s: %v", c.Number, err)
			}
		}
		for _, n := range c.Articles {
			if n != next {
				t.Fatalf("chapter %s lists article %d where %d comes next", c.Number, n, next)
			}
			if a, _ := ArticleByNumber(n); a.Chapter != c.Number {
				t.Errorf("article %d is in chapter %q, listed under %s", n, a.Chapter, c.Number)
			}
			next++
		}
	}
	if !slices.Equal(got, want) || next != 72 {
		t.Fatalf("chapters %v covering articles up to %d, want %v covering 1–71", got, next-1, want)
	}
	if c, ok := ChapterByNumber("V"); !ok || c.Title["en"] != "Asset recovery" || c.Articles[0] != 51 {
		t.Errorf("ChapterByNumber(V) = %+v, %v", c, ok)
	}
	if _, ok := ChapterByNumber("IX"); ok {
		t.Error("ChapterByNumber(IX) found a chapter")
	}
}

func TestTitlesFollowTheAuthenticTexts(t *testing.T) {
	// English titles are those of the Convention's text in uncac.json.
	raw, err := os.ReadFile("data/uncac.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Articles []struct {
			Article int
			Title   map[string]string
		}
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	for _, a := range f.Articles {
		if got, _ := ArticleByNumber(a.Article); got.Title["en"] != a.Title["en"] {
			t.Errorf("article %d: en title %q, the Convention says %q", a.Article, got.Title["en"], a.Title["en"])
		}
	}
	// Russian titles are those of the authentic Russian text; a few checks.
	tests := []struct {
		name    string
		article int
		lang    string
		want    string
	}{
		{"illicit enrichment in Russian", 20, "ru", "Незаконное обогащение"},
		{"bribery of national officials in Russian", 15, "ru", "Подкуп национальных публичных должностных лиц"},
		{"transfers of proceeds in Russian", 52, "ru", "Предупреждение и выявление переводов доходов от преступлений"},
		{"trading in influence in Russian", 18, "ru", "Злоупотребление влиянием в корыстных целях"},
		{"return of assets in Russian", 57, "ru", "Возвращение активов и распоряжение ими"},
		{"illicit enrichment in Kazakh", 20, "kk", "Заңсыз баю"},
		{"illicit enrichment in Uzbek", 20, "uz", "Gʻayriqonuniy boyish"},
		{"mutual legal assistance in Turkmen", 46, "tk", "Özara hukuk kömegi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, _ := ArticleByNumber(tt.article); a.Title[tt.lang] != tt.want {
				t.Errorf("article %d in %s: %q, want %q", tt.article, tt.lang, a.Title[tt.lang], tt.want)
			}
		})
	}
}

// TestAreaAndCountryNamesMatchTheInterface checks that the names the search
// indexes are the words the interface shows (i18n/locales).
func TestAreaAndCountryNamesMatchTheInterface(t *testing.T) {
	for _, lang := range Languages() {
		var msgs map[string]any
		if _, err := toml.DecodeFile(filepath.Join("..", "i18n", "locales", lang+".toml"), &msgs); err != nil {
			t.Fatal(err)
		}
		for _, area := range Areas() {
			if got, want := AreaNames(area)[lang], msgs["area."+area]; got != want {
				t.Errorf("area %s in %s: %q, the interface says %q", area, lang, got, want)
			}
		}
		for _, c := range append(slices.Clip(Countries()), "other") {
			if got, want := CountryNames(c)[lang], msgs["country."+c]; got != want {
				t.Errorf("country %s in %s: %q, the interface says %q", c, lang, got, want)
			}
		}
	}
}

func TestNamesOfUnknownCodesAreNilAndMapsAreTheCallers(t *testing.T) {
	if AreaNames("sport") != nil || CountryNames("FR") != nil {
		t.Error("an unknown code has names")
	}
	m := CountryNames("UZ")
	m["uz"] = "changed"
	if CountryNames("UZ")["uz"] != "Oʻzbekiston" {
		t.Error("changing a returned map changed the taxonomy")
	}
	if AreaNames("asset_recovery")["ru"] != "Возвращение активов и международное сотрудничество" {
		t.Errorf("AreaNames(asset_recovery) = %v", AreaNames("asset_recovery"))
	}
}

func TestParseTaxonomyRefusesIncompleteNames(t *testing.T) {
	uncac := []byte(`{"articles":[{"article":1,"chapter":"I","title":{"en":"Statement of purpose"},"text":{"en":"…"}}]}`)
	full := func(s string) map[string]string {
		m := map[string]string{}
		for _, l := range Languages() {
			m[l] = s + " " + l
		}
		return m
	}
	good := func() taxonomyNames {
		n := taxonomyNames{
			Chapters:  map[string]map[string]string{"I": full("chapter")},
			Articles:  map[string]map[string]string{"1": full("article")},
			Areas:     map[string]map[string]string{},
			Countries: map[string]map[string]string{},
		}
		for _, a := range Areas() {
			n.Areas[a] = full(a)
		}
		for _, c := range append(slices.Clip(Countries()), "other") {
			n.Countries[c] = full(c)
		}
		return n
	}
	tests := []struct {
		name  string
		spoil func(*taxonomyNames)
		want  string
	}{
		{"complete names are accepted", func(*taxonomyNames) {}, ""},
		{"an article without its Tajik title is refused", func(n *taxonomyNames) { delete(n.Articles["1"], "tg") }, "article 1 has no tg name"},
		{"a chapter with a blank Uzbek title is refused", func(n *taxonomyNames) { n.Chapters["I"]["uz"] = "  " }, "chapter I has no uz name"},
		{"a missing area is refused", func(n *taxonomyNames) { delete(n.Areas, "prevention") }, "area prevention has no en name"},
		{"a country without a Kyrgyz name is refused", func(n *taxonomyNames) { delete(n.Countries["KG"], "ky") }, "country KG has no ky name"},
		{"a title for an article the Convention lacks is refused", func(n *taxonomyNames) { n.Articles["72"] = full("x") }, "names 2 articles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := good()
			// Deep-copy the inner maps the case may change.
			for _, m := range []map[string]map[string]string{n.Chapters, n.Articles, n.Areas, n.Countries} {
				for k, v := range m {
					m[k] = maps.Clone(v)
				}
			}
			tt.spoil(&n)
			b, _ := json.Marshal(n)
			tax, err := parseTaxonomy(uncac, b)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "" && tax.articles[0].Title["kk"] != "article kk":
				t.Fatalf("article title not taken from the names: %v", tax.articles[0].Title)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
	if _, err := parseTaxonomy([]byte(`{`), nil); err == nil {
		t.Error("broken uncac.json accepted")
	}
	if _, err := parseTaxonomy(uncac, []byte(`[]`)); err == nil {
		t.Error("broken taxonomy.json accepted")
	}
}

// Example of the names a search index gives a record tagged with article 20
// and Uzbekistan.
func ExampleCountryNames() {
	a, _ := ArticleByNumber(20)
	fmt.Println(a.Title["ru"], "·", a.Title["uz"], "·", CountryNames("UZ")["tg"])
	// Output: Незаконное обогащение · Gʻayriqonuniy boyish · Ӯзбекистон
}
