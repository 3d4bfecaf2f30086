// Package searchtest is the conformance suite of search.Index: every
// implementation runs it from its own tests.
package searchtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ca-uncac/hub/search"
)

// Run runs the suite. open returns a new, empty index each time it is
// called; Run closes it when the test that opened it ends, so open must not.
func Run(t *testing.T, open func(t *testing.T) search.Index) {
	newIndex := func(t *testing.T) search.Index {
		t.Helper()
		ix := open(t)
		t.Cleanup(func() {
			if err := ix.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return ix
	}
	t.Run("Apply, Seq and Count", func(t *testing.T) { testApply(t, newIndex(t)) })
	t.Run("Search", func(t *testing.T) {
		ix := newIndex(t)
		apply(t, ix, search.Batch{Upserts: corpus(), Seq: 1})
		testSearch(t, ix)
		testSuggest(t, ix)
	})
	t.Run("Names", func(t *testing.T) { testNames(t, newIndex(t)) })
	t.Run("Relaxation", func(t *testing.T) { testRelaxation(t, newIndex(t)) })
	t.Run("Did you mean", func(t *testing.T) { testDidYouMean(t, newIndex(t)) })
	t.Run("Hidden records change nothing for the reader", func(t *testing.T) { testHiddenRecords(t, newIndex) })
}

func testSuggest(t *testing.T, ix search.Index) {
	suggest := func(t *testing.T, q search.SuggestQuery) []search.Suggestion {
		t.Helper()
		out, err := ix.Suggest(context.Background(), q)
		if err != nil {
			t.Fatalf("Suggest(%+v): %v", q, err)
		}
		return out
	}
	public := []string{"public"}
	tests := []struct {
		name     string
		q        search.SuggestQuery
		wantID   string
		wantText string
	}{
		{"an English prefix", search.SuggestQuery{Prefix: "brib"}, "uncac-15", "Bribery of national public officials"},
		{"a complete word and a prefix", search.SuggestQuery{Prefix: "illicit enr"}, "uncac-20", "Illicit enrichment"},
		{"the reader's language is preferred", search.SuggestQuery{Prefix: "Қазақ", Lang: "kk"}, "kz-law",
			"Қазақстан Республикасының «Сыбайлас жемқорлыққа қарсы іс-қимыл туралы» Заңы"},
		{"a Latin prefix finds a Cyrillic title", search.SuggestQuery{Prefix: "Qazaqstan Resp", Lang: "kk"}, "kz-law",
			"Қазақстан Республикасының «Сыбайлас жемқорлыққа қарсы іс-қимыл туралы» Заңы"},
		{"a Russian prefix gives the Russian title", search.SuggestQuery{Prefix: "противод", Lang: "kk"}, "kz-law",
			"Закон Республики Казахстан «О противодействии коррупции»"},
		{"a Cyrillic prefix finds a Latin title", search.SuggestQuery{Prefix: "Ўзбекистон респ", Lang: "uz"}, "uz-law",
			"Oʻzbekiston Respublikasining «Korrupsiyaga qarshi kurashish toʻgʻrisida»gi Qonuni"},
		{"a trailing space completes the word", search.SuggestQuery{Prefix: "whistleblower "}, "xss", "Whistleblower protection guide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := suggest(t, tt.q)
			i := slices.IndexFunc(got, func(s search.Suggestion) bool { return s.ID == tt.wantID })
			if i < 0 {
				t.Fatalf("%q does not suggest %s: %+v", tt.q.Prefix, tt.wantID, got)
			}
			if got[i].Text != tt.wantText {
				t.Errorf("%q suggests %q for %s, want %q", tt.q.Prefix, got[i].Text, tt.wantID, tt.wantText)
			}
		})
	}
	t.Run("visibility is respected", func(t *testing.T) {
		for _, s := range suggest(t, search.SuggestQuery{Prefix: "recommend", Visibilities: public}) {
			if s.ID == "internal-rec" {
				t.Errorf("an internal record is suggested to the public: %+v", s)
			}
		}
		if got := suggest(t, search.SuggestQuery{Prefix: "recommend"}); len(got) == 0 || got[0].ID != "internal-rec" {
			t.Errorf("without a restriction: %+v", got)
		}
	})
	t.Run("types restrict", func(t *testing.T) {
		for _, s := range suggest(t, search.SuggestQuery{Prefix: "Ўзбек", Types: []string{"event"}}) {
			if s.Type != "event" {
				t.Errorf("suggested %+v", s)
			}
		}
	})
	t.Run("size bounds the suggestions", func(t *testing.T) {
		if got := suggest(t, search.SuggestQuery{Prefix: "co", Size: 2}); len(got) > 2 {
			t.Errorf("%d suggestions", len(got))
		}
	})
	t.Run("nothing to complete", func(t *testing.T) {
		for _, p := range []string{"", " ", "a", "«", `"`, "-", strings.Repeat("x", 10<<10), "\x00\xff", "zzzzqqq"} {
			if got := suggest(t, search.SuggestQuery{Prefix: p}); len(got) != 0 {
				t.Errorf("%.20q suggests %+v", p, got)
			}
		}
	})
	t.Run("a malformed query fails with ErrInvalidQuery", func(t *testing.T) {
		for _, q := range []search.SuggestQuery{{Lang: "xx"}, {Size: -1}, {Size: search.MaxSuggestSize + 1}} {
			if _, err := ix.Suggest(context.Background(), q); !errors.Is(err, search.ErrInvalidQuery) {
				t.Errorf("Suggest(%+v) = %v", q, err)
			}
		}
	})
}

func apply(t *testing.T, ix search.Index, b search.Batch) {
	t.Helper()
	if err := ix.Apply(context.Background(), b); err != nil {
		t.Fatalf("Apply: %v", err)
	}
}

func seq(t *testing.T, ix search.Index) uint64 {
	t.Helper()
	s, err := ix.Seq(context.Background())
	if err != nil {
		t.Fatalf("Seq: %v", err)
	}
	return s
}

func count(t *testing.T, ix search.Index) uint64 {
	t.Helper()
	n, err := ix.Count(context.Background())
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	return n
}

func run(t *testing.T, ix search.Index, q search.Query) *search.Result {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

// ids runs q and returns the ids of the hits (up to search.MaxSize).
func ids(t *testing.T, ix search.Index, q search.Query) []string {
	t.Helper()
	all, _ := idsFull(t, ix, q)
	return all
}

// idsFull runs q and returns the ids of the hits (up to search.MaxSize)
// and of the full matches among them (those that lack no word).
func idsFull(t *testing.T, ix search.Index, q search.Query) (all, full []string) {
	t.Helper()
	if q.Size == 0 {
		q.Size = search.MaxSize
	}
	res := run(t, ix, q)
	all = make([]string, len(res.Hits))
	for i, h := range res.Hits {
		all[i] = h.ID
		if len(h.Missing) == 0 {
			full = append(full, h.ID)
		}
	}
	return all, full
}

func testApply(t *testing.T, ix search.Index) {
	ctx := context.Background()
	if s := seq(t, ix); s != 0 {
		t.Errorf("a new index has Seq %d, want 0", s)
	}
	if n := count(t, ix); n != 0 {
		t.Errorf("a new index has Count %d, want 0", n)
	}
	docs := corpus()
	apply(t, ix, search.Batch{Upserts: docs, Seq: 7})
	if s := seq(t, ix); s != 7 {
		t.Errorf("Seq = %d after a batch with Seq 7", s)
	}
	if n := count(t, ix); n != uint64(len(docs)) {
		t.Errorf("Count = %d after indexing %d documents", n, len(docs))
	}
	find := func(text string) []string {
		return ids(t, ix, search.Query{Text: text})
	}

	t.Run("deleted documents disappear", func(t *testing.T) {
		if got := find("whistleblower"); !slices.Contains(got, "xss") {
			t.Fatalf("before the delete, whistleblower finds %v", got)
		}
		apply(t, ix, search.Batch{Deletes: []string{"xss", "no-such-id"}, Seq: 8})
		if got := find("whistleblower"); slices.Contains(got, "xss") {
			t.Errorf("after the delete, whistleblower finds %v", got)
		}
		if n := count(t, ix); n != uint64(len(docs)-1) {
			t.Errorf("Count = %d after deleting one of %d", n, len(docs))
		}
		if s := seq(t, ix); s != 8 {
			t.Errorf("Seq = %d, want 8", s)
		}
	})

	t.Run("an upsert replaces the whole document", func(t *testing.T) {
		d := docs[slices.IndexFunc(docs, func(d search.Document) bool { return d.ID == "uncac-20" })]
		d.Texts = map[string]search.Text{"en": {Title: "Renamed", Body: "Nothing about money any more: a zeppelin."}}
		d.Terms = nil
		apply(t, ix, search.Batch{Upserts: []search.Document{d}, Seq: 9})
		if got := find("enrichment"); slices.Contains(got, "uncac-20") {
			t.Errorf("the old text is still found: %v", got)
		}
		if got := find("zeppelin"); !slices.Equal(got, []string{"uncac-20"}) {
			t.Errorf("the new text finds %v", got)
		}
	})

	t.Run("a delete beats an upsert of the same id in one batch", func(t *testing.T) {
		d := search.Document{ID: "both", Type: "document", Texts: map[string]search.Text{"en": {Title: "quokka"}}}
		apply(t, ix, search.Batch{Upserts: []search.Document{d}, Deletes: []string{"both"}, Seq: 10})
		if got := find("quokka"); len(got) != 0 {
			t.Errorf("found %v", got)
		}
	})

	t.Run("an invalid document fails the whole batch", func(t *testing.T) {
		good := search.Document{ID: "good", Type: "document", Texts: map[string]search.Text{"en": {Title: "axolotl"}}}
		bad := search.Document{ID: "bad", Texts: map[string]search.Text{"xx": {Title: "axolotl"}}}
		err := ix.Apply(ctx, search.Batch{Upserts: []search.Document{good, bad}, Seq: 11})
		if !errors.Is(err, search.ErrInvalidDocument) {
			t.Errorf("Apply = %v, want ErrInvalidDocument", err)
		}
		if s := seq(t, ix); s != 10 {
			t.Errorf("Seq = %d after a failed batch, want 10", s)
		}
		if got := find("axolotl"); len(got) != 0 {
			t.Errorf("found %v", got)
		}
	})

	t.Run("searches run while batches are applied", func(t *testing.T) {
		done := make(chan error)
		go func() {
			var err error
			for i := 0; i < 20 && err == nil; i++ {
				_, err = ix.Search(ctx, search.Query{Text: "proceeds", Facets: []string{search.FacetType}, Highlight: true})
			}
			done <- err
		}()
		for i := 0; i < 5; i++ {
			d := search.Document{ID: fmt.Sprintf("c%d", i), Type: "event", Texts: map[string]search.Text{"en": {Title: "proceeds"}}}
			apply(t, ix, search.Batch{Upserts: []search.Document{d}, Seq: 10})
		}
		if err := <-done; err != nil {
			t.Errorf("Search during Apply: %v", err)
		}
		apply(t, ix, search.Batch{Deletes: []string{"c0", "c1", "c2", "c3", "c4"}, Seq: 10})
	})

	t.Run("a batch of deletes only still moves Seq", func(t *testing.T) {
		apply(t, ix, search.Batch{Seq: 12})
		if s := seq(t, ix); s != 12 {
			t.Errorf("Seq = %d, want 12", s)
		}
	})

	t.Run("a cancelled context stops Apply", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := ix.Apply(cctx, search.Batch{Seq: 13}); err == nil {
			t.Error("Apply with a cancelled context succeeded")
		}
	})
}

func testSearch(t *testing.T, ix search.Index) {
	docs := corpus()

	// finds checks that each query finds all of want and none of not among
	// its full matches (a relaxed search may give them as partial ones,
	// which the reader is told lack a word).
	type finds struct {
		name      string
		q         search.Query
		want, not []string
	}
	check := func(t *testing.T, tests []finds) {
		t.Helper()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, full := idsFull(t, ix, tt.q)
				for _, id := range tt.want {
					if !slices.Contains(got, id) {
						t.Errorf("%q does not find %s; found %v", tt.q.Text, id, got)
					}
				}
				for _, id := range tt.not {
					if slices.Contains(full, id) {
						t.Errorf("%q finds %s as a full match; full matches %v", tt.q.Text, id, full)
					}
				}
			})
		}
	}
	text := func(s string) search.Query { return search.Query{Text: s} }
	in := func(lang, s string) search.Query { return search.Query{Text: s, Lang: lang} }

	t.Run("words", func(t *testing.T) {
		check(t, []finds{
			{"English words match through stemming", text("corrupted"), []string{"uncac-5"}, nil},
			{"an English title word", text("bribery"), []string{"uncac-15"}, []string{"uncac-20"}},
			{"Russian words match through stemming (genitive)", in("ru", "коррупции"), []string{"kz-law"}, nil},
			{"Russian words match through stemming (nominative)", in("ru", "коррупция"), []string{"kz-law"}, nil},
			{"Russian inflected forms", in("ru", "подкупа должностного лица"), []string{"uncac-15"}, nil},
			{"a Russian query reaches an English record through its terms", in("ru", "обогащения"), []string{"uncac-20"}, nil},
			{"a Kazakh query reaches an English record through its terms", in("kk", "Заңсыз"), []string{"uncac-20"}, nil},
			{"every word is required", text("illicit proceeds"), []string{"uncac-23"}, []string{"uncac-20", "uncac-31"}},
			{"all words found together", text("illicit enrichment"), []string{"uncac-20", "internal-rec"}, []string{"uncac-23"}},
			{"words no record has together fall back to any of them", text("bribery whistleblower"), []string{"uncac-15", "xss"}, nil},
			{"stop words are not required", text("the bribery of officials"), []string{"uncac-15"}, nil},
			{"a typo is tolerated", text("corupton"), []string{"uncac-5"}, nil},
			{"a transposition is tolerated", text("enrichmnet"), []string{"uncac-20"}, nil},
			{"words are case-insensitive", text("BRIBERY"), []string{"uncac-15"}, nil},
		})
	})

	t.Run("cross-script", func(t *testing.T) {
		uz := []string{"uz-law", "uz-event"}
		var tests []finds
		for _, s := range []string{"Oʻzbekiston", "O'zbekiston", "O’zbekiston", "O‘zbekiston", "O`zbekiston", "Oʼzbekiston", "Ўзбекистон", "Узбекистон", "OʻZBEKISTON"} {
			tests = append(tests, finds{"Uzbek " + s, in("uz", s), uz, nil})
		}
		tests = append(tests,
			finds{"Uzbek without an apostrophe, as a typo", in("uz", "Ozbekiston"), []string{"uz-law"}, nil},
			finds{"Uzbek Cyrillic finds Latin", in("uz", "Ўзбекистон Республикаси"), uz, nil},
			finds{"Uzbek Latin finds Cyrillic", in("uz", "qarshi seminar"), []string{"uz-event"}, []string{"uz-law"}},
			finds{"Kazakh Latin 2021 finds Cyrillic", in("kk", "Qazaqstan"), []string{"kz-law"}, nil},
			finds{"Kazakh Latin 2021 phrase", in("kk", "sybailas jemqorlyqqa"), []string{"kz-law"}, nil},
			finds{"Kazakh Cyrillic", in("kk", "Қазақстан"), []string{"kz-law"}, nil},
			finds{"Kazakh on a Russian keyboard", in("kk", "Казакстан"), []string{"kz-law"}, nil},
			finds{"Russian spelling of Kazakhstan", in("ru", "Казахстан"), []string{"kz-law"}, nil},
			finds{"Kyrgyz in Latin letters", in("ky", "Kyrgyz"), []string{"kg-training"}, nil},
			finds{"Kyrgyz Cyrillic", in("ky", "күрөшүү"), []string{"kg-training"}, nil},
			finds{"Tajik in Latin letters", in("tg", "Tojikiston"), []string{"tj-expert"}, nil},
			finds{"Tajik Cyrillic", in("tg", "Душанбе"), []string{"tj-expert"}, nil},
			finds{"Tajik, English spelling", in("en", "Dushanbe"), []string{"tj-expert"}, nil},
			finds{"Turkmen Cyrillic finds Latin", in("tk", "Түркменистаның"), []string{"tm-commitment"}, nil},
			finds{"Turkmen without special letters", in("tk", "turkmenistanyn borcnamasy"), []string{"tm-commitment"}, nil},
		)
		check(t, tests)
	})

	t.Run("operators", func(t *testing.T) {
		check(t, []finds{
			{"a phrase", text(`"proceeds of crime"`), []string{"uncac-23", "uncac-31"}, []string{"decoy-dinner"}},
			{"the same words without quotes", text("proceeds crime"), []string{"uncac-23", "uncac-31", "decoy-dinner"}, nil},
			{"a Kazakh phrase", text(`"сыбайлас жемқорлыққа"`), []string{"kz-law"}, nil},
			{"an exclusion", text("proceeds -confiscation"), []string{"uncac-23", "decoy-dinner"}, []string{"uncac-31"}},
			{"an excluded phrase", text(`proceeds -"proceeds of crime"`), []string{"decoy-dinner"}, []string{"uncac-23", "uncac-31"}},
			{"only an exclusion", text("-proceeds"), []string{"uncac-15", "kz-law"}, []string{"uncac-23", "uncac-31", "decoy-dinner"}},
			{"a prefix", text("confisc*"), []string{"uncac-31"}, []string{"uncac-23"}},
			{"an English prefix", text("launder*"), []string{"uncac-23"}, nil},
			{"a Cyrillic prefix finds Latin", text("Ўзбек*"), []string{"uz-law", "uz-event"}, nil},
			{"a Russian prefix", text("противодейств*"), []string{"kz-law"}, nil},
			{"a hyphenated word", text("anti-corruption"), []string{"uncac-5"}, nil},
		})
	})

	t.Run("filters", func(t *testing.T) {
		all := func(keep func(search.Document) bool) []string {
			var out []string
			for _, d := range docs {
				if keep(d) {
					out = append(out, d.ID)
				}
			}
			slices.Sort(out)
			return out
		}
		tests := []struct {
			name string
			q    search.Query
			want []string
		}{
			{"by country", search.Query{Countries: []string{"KZ"}},
				all(func(d search.Document) bool { return slices.Contains(d.Countries, "KZ") })},
			{"by two countries", search.Query{Countries: []string{"KZ", "UZ"}},
				all(func(d search.Document) bool {
					return slices.Contains(d.Countries, "KZ") || slices.Contains(d.Countries, "UZ")
				})},
			{"by article", search.Query{Articles: []int{20}},
				all(func(d search.Document) bool { return slices.Contains(d.Articles, 20) })},
			{"by type", search.Query{Types: []string{"event"}},
				all(func(d search.Document) bool { return d.Type == "event" })},
			{"by kind and status", search.Query{Kinds: []string{"law"}, Statuses: []string{"published"}},
				all(func(d search.Document) bool { return d.Kind == "law" && d.Status == "published" })},
			{"by area", search.Query{Areas: []string{"prevention"}},
				all(func(d search.Document) bool { return slices.Contains(d.Areas, "prevention") })},
			{"by year", search.Query{Year: 2003},
				all(func(d search.Document) bool { return d.Date.Year() == 2003 })},
			{"by a year of its own", search.Query{Year: 2015},
				all(func(d search.Document) bool { return d.Year == 2015 || d.Year == 0 && d.Date.Year() == 2015 })},
			{"by type and year, where Year differs from Date", search.Query{Types: []string{"provision"}, Year: 2023}, nil},
			{"by visibility", search.Query{Visibilities: []string{"public"}},
				all(func(d search.Document) bool { return d.Visibility == "public" })},
			{"by two visibilities", search.Query{Visibilities: []string{"public", "internal"}},
				all(func(search.Document) bool { return true })},
			{"text and filters together", search.Query{Text: "illicit", Visibilities: []string{"public"}, Countries: []string{"KZ"}}, nil},
			{"text and a filter", search.Query{Text: `"illicit enrichment"`, Visibilities: []string{"public"}}, []string{"uncac-20"}},
			{"a filter nothing passes", search.Query{Countries: []string{"FR"}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := ids(t, ix, tt.q)
				slices.Sort(got)
				if !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
	})

	t.Run("facets count every hit", func(t *testing.T) {
		for _, filter := range []search.Query{{}, {Countries: []string{"KZ"}}, {Text: "public"}, {Text: "коррупц*"}} {
			q := filter
			q.Facets = search.FacetNames()
			res := run(t, ix, q)
			want := map[string]map[string]int{}
			hits := map[string]bool{}
			for _, id := range ids(t, ix, filter) {
				hits[id] = true
			}
			for _, d := range docs {
				if hits[d.ID] {
					for name, values := range facetValues(d) {
						if want[name] == nil {
							want[name] = map[string]int{}
						}
						for _, v := range values {
							want[name][v]++
						}
					}
				}
			}
			for _, name := range q.Facets {
				got := map[string]int{}
				prev := -1
				for i, fv := range res.Facets[name] {
					got[fv.Value] = fv.Count
					if i > 0 && fv.Count > prev {
						t.Errorf("%+v: facet %s is not ordered by count: %v", filter, name, res.Facets[name])
					}
					prev = fv.Count
				}
				if fmt.Sprint(got) != fmt.Sprint(want[name]) && !(len(got) == 0 && len(want[name]) == 0) {
					t.Errorf("%+v: facet %s = %v, want %v", filter, name, got, want[name])
				}
			}
		}
	})

	t.Run("sort by date puts the newest first and the undated last", func(t *testing.T) {
		for _, text := range []string{"", "public"} {
			res := run(t, ix, search.Query{Text: text, Sort: search.SortDate, Size: search.MaxSize})
			if len(res.Hits) < 3 {
				t.Fatalf("%q: only %d hits", text, len(res.Hits))
			}
			dates := map[string]time.Time{}
			for _, d := range docs {
				dates[d.ID] = d.Date
			}
			for i := 1; i < len(res.Hits); i++ {
				a, b := dates[res.Hits[i-1].ID], dates[res.Hits[i].ID]
				if a.IsZero() && !b.IsZero() || !b.IsZero() && a.Before(b) {
					t.Errorf("%q: %s (%s) before %s (%s)", text, res.Hits[i-1].ID, a, res.Hits[i].ID, b)
				}
			}
		}
		if got := ids(t, ix, search.Query{Sort: search.SortDate}); got[len(got)-1] != "undated" {
			t.Errorf("the undated record is not last: %v", got)
		}
	})

	t.Run("pages join up to the whole list", func(t *testing.T) {
		for _, sort := range []string{search.SortDate, search.SortRelevance} {
			whole := run(t, ix, search.Query{Text: "", Sort: sort, Size: search.MaxSize})
			var paged []string
			for from := 0; from < len(whole.Hits)+4; from += 4 {
				res := run(t, ix, search.Query{Sort: sort, From: from, Size: 4})
				if res.Total != whole.Total {
					t.Errorf("page at %d has Total %d, want %d", from, res.Total, whole.Total)
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
				t.Errorf("sort %s: pages %v, whole %v", sort, paged, want)
			}
			if whole.Total != uint64(len(docs)) {
				t.Errorf("Total = %d, want %d", whole.Total, len(docs))
			}
		}
		if res := run(t, ix, search.Query{Text: "bribery", Size: 1}); len(res.Hits) != 1 || res.Total < 1 {
			t.Errorf("Size 1: %d hits of %d", len(res.Hits), res.Total)
		}
	})

	t.Run("hits carry the parent of a part", func(t *testing.T) {
		res := run(t, ix, search.Query{Text: "закупок", Lang: "ru"})
		i := slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.ID == "kz-law/p/art-3" })
		if i < 0 || res.Hits[i].Parent != "kz-law" || res.Hits[i].Type != "provision" {
			t.Errorf("hits %+v", res.Hits)
		}
		for _, h := range res.Hits {
			if h.ID != "kz-law/p/art-3" && h.Parent != "" {
				t.Errorf("%s has parent %q", h.ID, h.Parent)
			}
		}
	})

	t.Run("thesaurus expansions", func(t *testing.T) {
		kickback := search.Expansion{Match: "kickback", Alternatives: []search.Alternative{{Lang: "en", Text: "undue advantage"}, {Lang: "ru", Text: "взятка"}}, Articles: []int{15}}
		tests := []struct {
			name      string
			q         search.Query
			want, not []string
		}{
			{"an alternative phrase finds what lacks the word", search.Query{Text: "kickback", Expand: []search.Expansion{
				{Match: "kickback", Alternatives: []search.Alternative{{Text: "undue advantage"}}}}}, []string{"uncac-15"}, []string{"uncac-20"}},
			{"an article tag finds what lacks the word", search.Query{Text: "kickback", Expand: []search.Expansion{
				{Match: "kickback", Articles: []int{33}}}}, []string{"xss"}, []string{"uncac-15"}},
			{"the other words still count", search.Query{Text: "kickback officials", Expand: []search.Expansion{kickback}},
				[]string{"uncac-15"}, []string{"uncac-20"}},
			{"an expansion of two words", search.Query{Text: "state capture", Expand: []search.Expansion{
				{Match: "State  Capture", Alternatives: []search.Alternative{{Lang: "en", Text: "illicit enrichment"}}}}}, []string{"uncac-20"}, nil},
			{"an alternative is looked for in its own language only", search.Query{Text: "kickback", Expand: []search.Expansion{
				{Match: "kickback", Alternatives: []search.Alternative{{Lang: "ru", Text: "undue advantage"}}}}}, nil, []string{"uncac-15"}},
			{"an expansion whose words are not in the query is ignored", search.Query{Text: "whistleblower", Expand: []search.Expansion{
				{Match: "kickback", Articles: []int{15}}}}, []string{"xss"}, []string{"uncac-15"}},
			{"the words themselves rank first", search.Query{Text: "whistleblower", Expand: []search.Expansion{
				{Match: "whistleblower", Articles: []int{15}}}}, []string{"xss", "uncac-15"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, full := idsFull(t, ix, tt.q)
				for _, id := range tt.want {
					if !slices.Contains(got, id) {
						t.Errorf("%q does not find %s; found %v", tt.q.Text, id, got)
					}
				}
				for _, id := range tt.not {
					if slices.Contains(full, id) {
						t.Errorf("%q finds %s as a full match; full matches %v", tt.q.Text, id, full)
					}
				}
			})
		}
		got := ids(t, ix, search.Query{Text: "whistleblower", Expand: []search.Expansion{{Match: "whistleblower", Articles: []int{15}}}})
		if len(got) < 2 || got[0] != "xss" {
			t.Errorf("the record with the word is not first: %v", got)
		}
		res := run(t, ix, search.Query{Text: "kickback", Highlight: true, Expand: []search.Expansion{
			{Match: "kickback", Alternatives: []search.Alternative{{Lang: "en", Text: "undue advantage"}}}}})
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "<mark>undue</mark>") {
			t.Errorf("an alternative is not marked in the snippet: %+v", res.Hits)
		}
	})

	t.Run("hits carry the record type", func(t *testing.T) {
		res := run(t, ix, search.Query{Text: "seminar"})
		if len(res.Hits) == 0 || res.Hits[0].ID != "uz-event" || res.Hits[0].Type != "event" {
			t.Errorf("hits %+v", res.Hits)
		}
	})

	t.Run("snippets", func(t *testing.T) {
		tests := []struct {
			name, text, lang, id, wantLang, wantMark string
		}{
			{"a record with markup yields escaped text", "whistleblower alert", "en", "xss", "en", "<mark>alert</mark>"},
			{"the reader's language is preferred", "коррупции", "ru", "kz-law", "ru", "<mark>коррупции</mark>"},
			{"a cross-script match is marked", "Oʻzbekiston", "uz", "uz-event", "uz", "<mark>Ўзбекистон</mark>"},
			{"a Kazakh Latin query marks Cyrillic", "Qazaqstan", "kk", "kz-law", "kk", "<mark>Қазақстан</mark>"},
			{"a match through terms still gives a snippet", "обогащение", "ru", "uncac-20", "en", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := run(t, ix, search.Query{Text: tt.text, Lang: tt.lang, Highlight: true, Size: search.MaxSize})
				i := slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.ID == tt.id })
				if i < 0 {
					t.Fatalf("%s not found", tt.id)
				}
				h := res.Hits[i]
				if h.Lang != tt.wantLang {
					t.Errorf("snippet %q is in %q, want %q", h.Snippet, h.Lang, tt.wantLang)
				}
				if !strings.Contains(h.Snippet, tt.wantMark) {
					t.Errorf("snippet %q has no %q", h.Snippet, tt.wantMark)
				}
				if h.Snippet == "" {
					t.Errorf("no snippet")
				}
				for _, h := range res.Hits {
					checkSafe(t, h.Snippet)
				}
			})
		}
		res := run(t, ix, search.Query{Text: "whistleblower alert", Highlight: true})
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "&lt;script&gt;") {
			t.Errorf("the markup is not shown escaped: %+v", res.Hits)
		}
		if res := run(t, ix, search.Query{Text: "bribery"}); len(res.Hits) == 0 || res.Hits[0].Snippet != "" {
			t.Errorf("a snippet without Highlight: %+v", res.Hits)
		}
	})

	t.Run("hostile text never fails", func(t *testing.T) {
		hostile := []string{
			`"`, `"unbalanced`, `-`, `*`, `+`, `AND`, `OR`, `NOT`, `:`, `title:x`, `type:event`, `_id:xss`,
			`+type:event -country:KZ`, `/re.*/`, `a~2`, `b^3`, `c:>5`, `(x OR y)`, `[a TO b]`, `{a TO b}`, `\`, `\\"`,
			"\x00\x01\x02\x7f\u0085", "\xff\xfe\xfd", `***`, `---x`, `-"`, `"-"`, `a*b*c*`, `ъ*`, `ъ`, `a*`, `ʻ`, `''`,
			strings.Repeat("a", 10<<10), strings.Repeat("word ", 2<<10), strings.Repeat(`"a" `, 500),
			strings.Repeat("коррупция ", 200), strings.Repeat("x*", 300), "<script>alert(1)</script>",
			"\u202e\u200b\ufeff", "🙂 corruption 🙂",
		}
		for _, h := range hostile {
			for _, q := range []search.Query{
				{Text: h},
				{Text: h, Lang: "uz", Highlight: true, Facets: []string{search.FacetType, search.FacetArticle}, Sort: search.SortDate},
			} {
				res, err := ix.Search(context.Background(), q)
				if err != nil && !errors.Is(err, search.ErrInvalidQuery) {
					t.Errorf("Search(%.40q): %v", h, err)
					continue
				}
				if res != nil {
					for _, hit := range res.Hits {
						checkSafe(t, hit.Snippet)
					}
				}
			}
		}
	})

	t.Run("malformed queries fail with ErrInvalidQuery", func(t *testing.T) {
		for name, q := range map[string]search.Query{
			"a negative from":     {From: -1},
			"a negative size":     {Size: -1},
			"a huge size":         {Size: search.MaxSize + 1},
			"an unknown facet":    {Facets: []string{"colour"}},
			"an unknown sort":     {Sort: "title"},
			"an unknown language": {Lang: "xx"},
			"article 99":          {Articles: []int{99}},
		} {
			if _, err := ix.Search(context.Background(), q); !errors.Is(err, search.ErrInvalidQuery) {
				t.Errorf("%s: Search = %v, want ErrInvalidQuery", name, err)
			}
		}
	})
}

// facetValues returns d's values of every facet, as the index should count
// them.
func facetValues(d search.Document) map[string][]string {
	nonEmpty := func(vs ...string) []string {
		var out []string
		for _, v := range vs {
			if v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	var articles, langs, year []string
	for _, a := range d.Articles {
		articles = append(articles, strconv.Itoa(a))
	}
	for _, l := range search.Languages() {
		if t, ok := d.Texts[l]; ok && t.Title+t.Summary+t.Body != "" {
			langs = append(langs, l)
		}
	}
	if len(d.Languages) > 0 {
		langs = d.Languages
	}
	switch {
	case d.Year != 0:
		year = []string{strconv.Itoa(d.Year)}
	case !d.Date.IsZero():
		year = []string{strconv.Itoa(d.Date.Year())}
	}
	return map[string][]string{
		search.FacetType:       nonEmpty(d.Type),
		search.FacetKind:       nonEmpty(d.Kind),
		search.FacetCountry:    nonEmpty(d.Countries...),
		search.FacetArea:       nonEmpty(d.Areas...),
		search.FacetArticle:    articles,
		search.FacetLanguage:   langs,
		search.FacetStatus:     nonEmpty(d.Status),
		search.FacetYear:       year,
		search.FacetVisibility: nonEmpty(d.Visibility),
	}
}

// checkSafe fails unless snippet is valid UTF-8 and its only tags are
// <mark> and </mark>.
func checkSafe(t *testing.T, snippet string) {
	t.Helper()
	if !utf8.ValidString(snippet) {
		t.Errorf("snippet %q is not valid UTF-8", snippet)
	}
	rest := strings.ReplaceAll(strings.ReplaceAll(snippet, "<mark>", ""), "</mark>", "")
	if strings.ContainsAny(rest, `<>"'`) {
		t.Errorf("snippet %q has unescaped markup", snippet)
	}
	if strings.Count(snippet, "<mark>") != strings.Count(snippet, "</mark>") {
		t.Errorf("snippet %q has unbalanced marks", snippet)
	}
}
