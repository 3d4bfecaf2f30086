package searchtest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/search"
)

// relaxCorpus is a few records about whistleblowers' hotlines, none of
// which has the word "retaliation" but "full"; and twenty about integrity
// pacts, enough that a query of their words is not relaxed.
func relaxCorpus() []search.Document {
	doc := func(id, visibility, title, body string) search.Document {
		return search.Document{ID: id, Type: "document", Kind: "guide", Visibility: visibility, Countries: []string{"KZ"},
			Date: day(2020, 1, 1), Texts: map[string]search.Text{"en": {Title: title, Body: body}}}
	}
	docs := []search.Document{
		doc("three-a", "public", "Whistleblower hotline", "A hotline for public employees who report."),
		doc("three-e", "public", "Whistleblower hotline for employees", "Anonymous reports are accepted."),
		doc("two", "public", "Hotline for employees", "The hotline of employees: a hotline for employees and hotline staff."),
		doc("one", "public", "Whistleblower protection", "Protection of persons who report."),
		doc("none", "public", "Asset recovery", "Return of proceeds of crime."),
		doc("full", "public", "Whistleblower hotline for employees", "Facing retaliation after a report."),
		doc("hidden-three", "secretariat", "Whistleblower hotline note", "Employees of the secretariat."),
	}
	for i := range 20 {
		docs = append(docs, doc(fmt.Sprintf("pact-%02d", i), "public", "Integrity pact", "An integrity pact in procurement."))
	}
	docs = append(docs, doc("integrity-only", "public", "Integrity", "Integrity in the public service."))
	return docs
}

func testRelaxation(t *testing.T, ix search.Index) {
	apply(t, ix, search.Batch{Upserts: relaxCorpus(), Seq: 1})
	public := []string{"public"}
	search1 := func(t *testing.T, text string) *search.Result {
		t.Helper()
		return run(t, ix, search.Query{Text: text, Visibilities: public, Size: search.MaxSize,
			Facets: []string{search.FacetType, search.FacetCountry}})
	}
	// byID returns the hits by id, and fails unless every full match comes
	// before every partial one and the counts add up.
	byID := func(t *testing.T, res *search.Result) map[string]search.Hit {
		t.Helper()
		out := map[string]search.Hit{}
		partial := false
		full := 0
		for _, h := range res.Hits {
			out[h.ID] = h
			if len(h.Missing) > 0 {
				partial = true
				continue
			}
			full++
			if partial {
				t.Errorf("full match %s after a partial one: %+v", h.ID, res.Hits)
			}
		}
		if uint64(full) != res.FullMatches || uint64(len(res.Hits)) != res.Total || res.Relaxed != (res.Total > res.FullMatches) {
			t.Errorf("%d hits, %d full; Total %d, FullMatches %d, Relaxed %v", len(res.Hits), full, res.Total, res.FullMatches, res.Relaxed)
		}
		for _, name := range []string{search.FacetType, search.FacetCountry} {
			n := 0
			for _, v := range res.Facets[name] {
				n += v.Count
			}
			if uint64(n) != res.Total {
				t.Errorf("facet %s counts %d hits of %d", name, n, res.Total)
			}
		}
		return out
	}

	t.Run("a word no record has leaves the records with the other three, marked", func(t *testing.T) {
		res := search1(t, "whistleblower hotline employees safeguarding")
		hits := byID(t, res)
		if res.FullMatches != 0 || !res.Relaxed {
			t.Errorf("FullMatches %d, Relaxed %v", res.FullMatches, res.Relaxed)
		}
		for _, id := range []string{"three-a", "three-e", "full"} {
			if h, ok := hits[id]; !ok || !slices.Equal(h.Missing, []string{"safeguarding"}) {
				t.Errorf("%s: %+v, want it lacking [safeguarding]", id, h)
			}
		}
		for _, id := range []string{"two", "one", "none", "hidden-three"} {
			if _, ok := hits[id]; ok {
				t.Errorf("%s is a hit: %+v", id, res.Hits)
			}
		}
	})
	t.Run("full matches rank first, then the records with more of the words", func(t *testing.T) {
		res := search1(t, "Whistleblower hotline employees retaliation")
		hits := byID(t, res)
		if len(res.Hits) == 0 || res.Hits[0].ID != "full" || res.FullMatches != 1 {
			t.Fatalf("hits %+v", res.Hits)
		}
		if h := hits["three-a"]; !slices.Equal(h.Missing, []string{"retaliation"}) {
			t.Errorf("three-a: %+v", h)
		}
		res = search1(t, "whistleblower hotline employees")
		hits = byID(t, res)
		if h, ok := hits["two"]; !ok || !slices.Equal(h.Missing, []string{"whistleblower"}) {
			t.Errorf("two, with many of the other words, is not a partial match lacking the first: %+v", res.Hits)
		}
		if res.FullMatches != 3 || hits["one"].ID != "" {
			t.Errorf("FullMatches %d; hits %+v", res.FullMatches, res.Hits)
		}
	})
	t.Run("a quoted phrase is never missing", func(t *testing.T) {
		res := search1(t, `"whistleblower hotline" employees safeguarding`)
		hits := byID(t, res)
		if _, ok := hits["two"]; ok || len(hits) != 3 {
			t.Errorf("hits %+v, want the three with the phrase and employees", res.Hits)
		}
		for _, h := range res.Hits {
			if slices.Contains(h.Missing, "whistleblower hotline") {
				t.Errorf("%s lacks the phrase", h.ID)
			}
		}
	})
	t.Run("an excluded word stays excluded", func(t *testing.T) {
		res := search1(t, "whistleblower hotline employees safeguarding -anonymous")
		hits := byID(t, res)
		if _, ok := hits["three-e"]; ok || len(hits) != 2 {
			t.Errorf("hits %+v, want three-a and full", res.Hits)
		}
	})
	t.Run("a query of one word is never relaxed", func(t *testing.T) {
		for _, text := range []string{"safeguarding", "the safeguarding", "retaliation", `"hotline employees"`} {
			res := search1(t, text)
			byID(t, res)
			if res.Relaxed || res.Total != res.FullMatches {
				t.Errorf("%q: %+v", text, res)
			}
		}
	})
	t.Run("a page of full matches is not relaxed", func(t *testing.T) {
		res := search1(t, "integrity pact")
		byID(t, res)
		if res.Relaxed || res.FullMatches != 20 {
			t.Errorf("Relaxed %v with %d full matches", res.Relaxed, res.FullMatches)
		}
	})
	t.Run("pages of a relaxed search join up", func(t *testing.T) {
		whole := search1(t, "whistleblower hotline employees")
		var paged []string
		for from := 0; from < len(whole.Hits); from += 2 {
			res := run(t, ix, search.Query{Text: "whistleblower hotline employees", Visibilities: public, From: from, Size: 2})
			if res.Total != whole.Total || res.FullMatches != whole.FullMatches || res.Relaxed != whole.Relaxed {
				t.Errorf("page at %d: %d/%d/%v, want %d/%d/%v", from, res.Total, res.FullMatches, res.Relaxed,
					whole.Total, whole.FullMatches, whole.Relaxed)
			}
			for _, h := range res.Hits {
				paged = append(paged, h.ID)
			}
		}
		var want []string
		for _, h := range whole.Hits {
			want = append(want, h.ID)
		}
		if !slices.Equal(paged, want) {
			t.Errorf("pages %v, whole %v", paged, want)
		}
	})
}

// spellCorpus has the right spellings in several languages and scripts:
// "bribery" in a dozen records and "bribrey" in one, Russian "коррупция",
// Uzbek Latin "korrupsiya" beside Russian texts that write it in
// Cyrillic, and "corrigendum" in a secret record only.
func spellCorpus() []search.Document {
	doc := func(id, visibility, lang, title, body string) search.Document {
		return search.Document{ID: id, Type: "document", Visibility: visibility, Date: day(2021, 1, 1),
			Texts: map[string]search.Text{lang: {Title: title, Body: body}}}
	}
	var docs []search.Document
	for i := range 12 {
		docs = append(docs, doc(fmt.Sprintf("bribery-%02d", i), "public", "en", "Bribery of public officials", "Officials and bribery."))
	}
	return append(docs,
		doc("bribrey", "public", "en", "A note", "Bribrey of officials, as the note spells it."),
		doc("ru-1", "public", "ru", "Противодействие коррупции", "Коррупция в государственных закупках."),
		doc("ru-2", "public", "ru", "Коррупция и общество", "Коррупция."),
		doc("a-uz", "public", "uz", "Korrupsiya va jamiyat", "Korrupsiya haqida."),
		doc("secret", "secretariat", "en", "Corrigendum", "A corrigendum to the report."),
		doc("report", "public", "en", "Annual report", "The report of the year."),
	)
}

func testDidYouMean(t *testing.T, ix search.Index) {
	apply(t, ix, search.Batch{Upserts: spellCorpus(), Seq: 1})
	public := []string{"public"}
	all := []string{"public", "members", "secretariat"}
	tests := []struct {
		name, text, lang string
		sees             []string
		want             string
	}{
		{"an English typo", "brbery", "en", public, "bribery"},
		{"a typo beside a right word", "brbery officials", "en", public, "bribery officials"},
		{"a capital is kept", "Brbery", "en", public, "Bribery"},
		{"a rare word beside a common one", "bribrey", "en", public, "bribery"},
		{"a Russian typo, corrected in Cyrillic", "каррупция", "ru", public, "коррупция"},
		{"an Uzbek Latin typo, corrected in Latin", "korupsiya", "uz", public, "korrupsiya"},
		{"an Uzbek Latin typo from a Russian reader, still in Latin", "korupsiya", "ru", public, "korrupsiya"},
		{"operators are kept", `brbery -"annual report" publ*`, "en", public, `bribery -"annual report" publ*`},
		{"a right word", "bribery", "en", public, ""},
		{"nothing close", "zanzibar", "en", public, ""},
		{"a quoted word is not corrected", `"brbery"`, "en", public, ""},
		{"a hidden record's word is not suggested", "corigendum", "en", public, ""},
		{"the secretariat gets it", "corigendum", "en", all, "corrigendum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, ix, search.Query{Text: tt.text, Lang: tt.lang, Visibilities: tt.sees})
			if res.DidYouMean != tt.want {
				t.Errorf("%q: DidYouMean %q, want %q", tt.text, res.DidYouMean, tt.want)
			}
			if tt.want == "" {
				return
			}
			fixed := run(t, ix, search.Query{Text: res.DidYouMean, Lang: tt.lang, Visibilities: tt.sees})
			if fixed.FullMatches == 0 {
				t.Errorf("the suggestion %q finds nothing", res.DidYouMean)
			}
			if fixed.DidYouMean != "" {
				t.Errorf("the suggestion %q has a suggestion of its own: %q", res.DidYouMean, fixed.DidYouMean)
			}
		})
	}
}
