package platform

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// Languages are the hub's content and interface languages, in display order.
var Languages = []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"}

// Countries are the platform's member states, by ISO 3166-1 alpha-2 code.
var Countries = []string{"KZ", "KG", "TJ", "TM", "UZ"}

// Areas are the platform's four thematic areas.
var Areas = []string{"prevention", "private_sector", "asset_recovery", "criminalization"}

// DocumentKinds are the kinds of library documents.
var DocumentKinds = []string{
	"convention", "model_law", "national_law", "regulation", "strategy", "guideline",
	"training", "course", "video", "report", "case",
}

// Visibilities, from the widest audience to the narrowest.
const (
	Public      = "public"
	Members     = "members"
	Secretariat = "secretariat"
)

// Visibilities lists the record visibilities.
var Visibilities = []string{Public, Members, Secretariat}

// EventKinds are the kinds of events the secretariat plans.
var EventKinds = []string{"conference", "meeting", "training", "webinar", "focus_group", "bilateral"}

// Article is one article of the UN Convention against Corruption.
type Article struct {
	Number  int               `json:"article"`
	Chapter string            `json:"chapter"`
	Title   map[string]string `json:"title"`
	Text    map[string]string `json:"text"`
}

//go:embed data/uncac.json
var uncacJSON []byte

var articles = sync.OnceValue(func() []Article {
	var f struct {
		Articles []Article `json:"articles"`
	}
	if err := json.Unmarshal(uncacJSON, &f); err != nil {
		// The file is embedded at build time; a broken copy is a build defect.
		panic(fmt.Sprintf("platform: embedded uncac.json: %v", err))
	}
	return f.Articles
})

// Articles returns the Convention's articles 1–71 in order. The slice is
// shared: do not modify it.
func Articles() []Article { return articles() }

// ArticleByNumber returns article n and whether it exists.
func ArticleByNumber(n int) (Article, bool) {
	a := articles()
	if n < 1 || n > len(a) {
		return Article{}, false
	}
	return a[n-1], true
}

// ValidLanguage reports whether code is one of Languages.
func ValidLanguage(code string) bool { return slices.Contains(Languages, code) }
