package bleve_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ca-uncac/hub/search"
	"github.com/ca-uncac/hub/search/bleve"
)

// fuzzRecords are a few records in the seven languages and both scripts,
// with the markup and apostrophes a snippet must escape or fold.
var fuzzRecords = []search.Document{
	{ID: "kz-law", Type: "document", Kind: "national_law", Countries: []string{"KZ"}, Articles: []int{20}, Visibility: "public",
		Date: time.Date(2015, 11, 18, 0, 0, 0, 0, time.UTC), Texts: map[string]search.Text{
			"kk": {Title: "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы", Body: "Заңсыз баю <b>және</b> мүдделер қақтығысы."},
			"ru": {Title: "О противодействии коррупции", Body: "Незаконное обогащение & конфликт интересов."},
		}},
	{ID: "uz-law", Type: "document", Kind: "national_law", Countries: []string{"UZ"}, Articles: []int{7, 8}, Visibility: "members",
		Texts: map[string]search.Text{"uz": {Title: "Korrupsiyaga qarshi kurashish toʻgʻrisida", Summary: "Oʻzbekiston Respublikasi qonuni"}}},
	{ID: "uz-law/p/art-3", Type: "provision", Parent: "uz-law", Countries: []string{"UZ"}, Articles: []int{8}, Visibility: "members",
		Texts: map[string]search.Text{"uz": {Title: "3-modda", Body: "Manfaatlar to'qnashuvi — \"ta'rif\""}}},
	{ID: "tj-strategy", Type: "document", Kind: "strategy", Countries: []string{"TJ"}, Status: "in_force", Year: 2021,
		Texts: map[string]search.Text{"tg": {Title: "Стратегияи муқовимат ба коррупсия", Body: "Ҷумҳурии Тоҷикистон"}}},
	{ID: "kg-training", Type: "document", Kind: "training", Countries: []string{"KG"}, Areas: []string{"prevention"},
		Texts: map[string]search.Text{"ky": {Title: "Коррупцияга каршы окутуу"}, "en": {Title: "Anti-corruption training <script>"}}},
	{ID: "tm-event", Type: "event", Countries: []string{"TM"}, Date: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC),
		Texts: map[string]search.Text{"tk": {Title: "Korrupsiýa garşy maslahat", Summary: "Aşgabat şäherinde"}}},
}

// FuzzSearch runs arbitrary query text, with the reader's language, a
// filter and the sort chosen by the fuzzer, through the whole query engine
// (parser, folding, typo expansion, prefixes, BM25, facets, snippets) of a
// small index: it must answer or refuse with ErrInvalidQuery, never panic,
// and its answers must hold together: no more hits than asked, no hit that
// is not in the index, every hit passing the filter, facet counts within
// the total, snippets of valid UTF-8 whose only markup is <mark>.
func FuzzSearch(f *testing.F) {
	ix, err := bleve.OpenMemory()
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	if err := ix.Apply(context.Background(), search.Batch{Seq: 1, Upserts: fuzzRecords}); err != nil {
		f.Fatal(err)
	}
	known := map[string]search.Document{}
	for _, d := range fuzzRecords {
		known[d.ID] = d
	}
	for _, s := range []string{
		"коррупция", "korrupsiya", "Ўзбекистон", `"manfaatlar to'qnashuvi"`, "корупция", "korr*", "-коррупция", `"`, "*", "",
		"сыбайлас жемқорлық", "syбайлас", "ta'rif", "<mark>", "\x00", strings.Repeat("а ", 300), "o‘zbekiston", "ЌАЗАЌСТАН",
		"korupsiya qarshi kurashish zzz", `"manfaatlar" korrupsiyaga qonuni -ta'rif`, "каррупция закон", "KORUPSIYA",
	} {
		f.Add(s, uint8(0), uint8(0))
	}
	f.Add("коррупция", uint8(2), uint8(9))
	f.Fuzz(func(t *testing.T, text string, lang, filter uint8) {
		langs := append([]string{""}, search.Languages()...)
		q := search.Query{Text: text, Lang: langs[int(lang)%len(langs)], Highlight: true, Size: 3,
			Facets: []string{search.FacetCountry, search.FacetKind, search.FacetYear, search.FacetArticle}}
		switch filter % 4 {
		case 1:
			q.Countries = []string{"UZ"}
		case 2:
			q.Visibilities = []string{"public"}
		case 3:
			q.Articles = []int{8}
		}
		if filter&4 != 0 {
			q.Sort = search.SortDate
		}
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			if !errors.Is(err, search.ErrInvalidQuery) {
				t.Fatalf("Search(%q): %v", text, err)
			}
			return
		}
		if len(res.Hits) > q.Size || uint64(len(res.Hits)) > res.Total || res.Total > uint64(len(known)) {
			t.Fatalf("Search(%q): %d hits of %d", text, len(res.Hits), res.Total)
		}
		if res.FullMatches > res.Total || res.Relaxed != (res.Total > res.FullMatches) {
			t.Fatalf("Search(%q): %d full matches of %d, relaxed %v", text, res.FullMatches, res.Total, res.Relaxed)
		}
		if res.DidYouMean != "" && (!utf8.ValidString(res.DidYouMean) || res.DidYouMean == text) {
			t.Fatalf("Search(%q): did you mean %q", text, res.DidYouMean)
		}
		partial := false
		for i, h := range res.Hits {
			// Full matches first; a partial one lacks some words, each
			// as typed, and is only given by a relaxed search.
			switch {
			case len(h.Missing) > 0:
				partial = true
				if !res.Relaxed || slices.Contains(h.Missing, "") {
					t.Fatalf("Search(%q): hit %d lacks %q (relaxed %v)", text, i, h.Missing, res.Relaxed)
				}
			case partial:
				t.Fatalf("Search(%q): full match %s after a partial one", text, h.ID)
			}
		}
		for _, h := range res.Hits {
			d, ok := known[h.ID]
			switch {
			case !ok:
				t.Fatalf("Search(%q) found %q, which is not in the index", text, h.ID)
			case len(q.Countries) > 0 && d.Countries[0] != "UZ",
				len(q.Visibilities) > 0 && d.Visibility != "" && d.Visibility != "public",
				len(q.Articles) > 0 && !containsInt(d.Articles, 8):
				t.Fatalf("Search(%q) with filter %d found %q", text, filter, h.ID)
			}
			s := strings.ReplaceAll(strings.ReplaceAll(h.Snippet, "<mark>", ""), "</mark>", "")
			if !utf8.ValidString(h.Snippet) || strings.ContainsAny(s, "<>") ||
				strings.Count(h.Snippet, "<mark>") != strings.Count(h.Snippet, "</mark>") {
				t.Fatalf("Search(%q): snippet %q", text, h.Snippet)
			}
		}
		for name, values := range res.Facets {
			for _, v := range values {
				if v.Count == 0 || uint64(v.Count) > res.Total {
					t.Fatalf("Search(%q): facet %s %q counts %d of %d", text, name, v.Value, v.Count, res.Total)
				}
			}
		}
	})
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
