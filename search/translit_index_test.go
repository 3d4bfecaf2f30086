package search_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/search"
	"github.com/ca-uncac/hub/search/bleve"
)

// TestTranslitFindsBothWays puts the words of the transliteration tables
// (translit_test.go) through a real index: each spelling is the title of a
// record in its language, and a search for the Cyrillic spelling must find
// every Latin record, and a search for each Latin spelling the Cyrillic
// record, through the analyzers and the query parser rather than Fold alone.
func TestTranslitFindsBothWays(t *testing.T) {
	ix, err := bleve.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ctx := context.Background()

	tables := search.TranslitWords()
	langs := make([]string, 0, len(tables))
	for lang := range tables {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	var docs []search.Document
	for _, lang := range langs {
		for i, spellings := range tables[lang] {
			for j, s := range spellings {
				id := fmt.Sprintf("%s-%d-%d", lang, i, j) // j 0 is the Cyrillic spelling
				docs = append(docs, search.Document{
					ID: id, Type: "document", Kind: "note", Visibility: "public",
					Texts: map[string]search.Text{lang: {Title: s}},
				})
			}
		}
	}
	if err := ix.Apply(ctx, search.Batch{Seq: 1, Upserts: docs}); err != nil {
		t.Fatal(err)
	}

	find := func(t *testing.T, lang, text string) []string {
		t.Helper()
		res, err := ix.Search(ctx, search.Query{Text: text, Lang: lang, Visibilities: []string{"public"}, Size: search.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	for _, lang := range langs {
		for i, spellings := range tables[lang] {
			t.Run(lang+" "+spellings[0], func(t *testing.T) {
				cyrillic := fmt.Sprintf("%s-%d-0", lang, i)
				found := find(t, lang, spellings[0])
				for j, s := range spellings[1:] {
					if id := fmt.Sprintf("%s-%d-%d", lang, i, j+1); !slices.Contains(found, id) {
						t.Errorf("a search for %q does not find the record titled %q (found %v)", spellings[0], s, found)
					}
					if !slices.Contains(find(t, lang, s), cyrillic) {
						t.Errorf("a search for %q does not find the record titled %q", s, spellings[0])
					}
				}
			})
		}
	}
}
