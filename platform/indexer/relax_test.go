package indexer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/search"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
)

// TestRelaxedSearchesAndCorrectionsReachTheService: the search service
// passes on which hits lack words and which, the number of full matches,
// that the search was relaxed and the spelling correction, under their
// API names; and a practitioner's word the thesaurus knows is not
// "corrected" into a word of the texts.
func TestRelaxedSearchesAndCorrectionsReachTheService(t *testing.T) {
	idx, err := searchbleve.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	doc := func(id, vis, title string) search.Document {
		return search.Document{ID: id, Type: string(platform.TypeDocument), Kind: "guide", Visibility: vis,
			Texts: map[string]search.Text{"en": {Title: title}, "ru": {Title: "Отказ в регистрации"}}}
	}
	docs := []search.Document{
		doc("hotline-1", platform.Public, "Whistleblower hotline for employees"),
		doc("hotline-2", platform.Public, "Hotline for whistleblower employees"),
		doc("secret", platform.Secretariat, "Whistleblower hotline for employees and safeguarding"),
	}
	for i := range 3 {
		docs = append(docs, doc(fmt.Sprintf("bribery-%d", i), platform.Public, "Bribery of public officials"))
	}
	if err := idx.Apply(context.Background(), search.Batch{Upserts: docs, Seq: 1}); err != nil {
		t.Fatal(err)
	}
	s := &indexer.Searcher{Index: idx, Thesaurus: indexer.NewThesaurus(platform.Thesaurus())}
	anonymous := context.Background()

	res, err := s.Search(anonymous, platform.SearchQuery{Text: "whistleblower hotline employees safeguarding", Lang: "en", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Relaxed || res.FullMatches != 0 || res.Total != 2 || len(res.Hits) != 2 {
		t.Fatalf("relaxed %v, %d full matches of %d: %+v", res.Relaxed, res.FullMatches, res.Total, res.Hits)
	}
	for _, h := range res.Hits {
		if !slices.Equal(h.Missing, []string{"safeguarding"}) {
			t.Errorf("%s lacks %v, want [safeguarding]", h.ID, h.Missing)
		}
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"fullMatches":0`, `"relaxed":true`, `"missing":["safeguarding"]`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("the JSON has no %s: %s", name, b)
		}
	}

	res, err = s.Search(anonymous, platform.SearchQuery{Text: "brbery officials", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DidYouMean != "bribery officials" {
		t.Errorf("did you mean %q, want %q", res.DidYouMean, "bribery officials")
	}

	// "откат" (a kickback) is one letter from "отказ" (a refusal), which
	// every record has; the thesaurus knows it for a practitioner's word.
	res, err = s.Search(anonymous, platform.SearchQuery{Text: "откат", Lang: "ru"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DidYouMean != "" {
		t.Errorf("откат: did you mean %q", res.DidYouMean)
	}
}
