package bleve

import (
	"context"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/search"
)

// TestManySegments writes the index in many small batches, with updates and
// deletes in between, so that the search runs over several segments (some
// with deleted documents) and over merges, and checks totals, facets, date
// order and paging against what was written.
func TestManySegments(t *testing.T) {
	ix, _, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	countries := []string{"KZ", "KG", "TJ", "TM", "UZ"}
	docs := map[string]search.Document{}
	doc := func(i, version int) search.Document {
		return search.Document{
			ID: fmt.Sprintf("d%03d", i), Type: "document", Kind: []string{"law", "training"}[i%2],
			Countries: []string{countries[i%5]}, Articles: []int{1 + i%7}, Visibility: "public",
			Date:  time.Date(2000+i%20, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
			Texts: map[string]search.Text{"ru": {Title: fmt.Sprintf("Закон %d о противодействии коррупции, редакция %d", i, version)}},
		}
	}
	seq := uint64(0)
	for batch := 0; batch < 30; batch++ {
		var b search.Batch
		for i := batch * 10; i < batch*10+10; i++ {
			d := doc(i, 1)
			b.Upserts = append(b.Upserts, d)
			docs[d.ID] = d
		}
		if batch > 0 {
			// Rewrite a document of an earlier batch and delete another.
			d := doc(batch*7%(batch*10), 2)
			b.Upserts = append(b.Upserts, d)
			docs[d.ID] = d
			gone := fmt.Sprintf("d%03d", batch*3%(batch*10))
			if gone != d.ID {
				b.Deletes = append(b.Deletes, gone)
				delete(docs, gone)
			}
		}
		seq++
		b.Seq = seq
		if err := ix.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		if batch%10 == 9 {
			check(t, ix, docs)
		}
	}
	check(t, ix, docs)
}

func check(t *testing.T, ix *Index, docs map[string]search.Document) {
	t.Helper()
	ctx := context.Background()
	res, err := ix.Search(ctx, search.Query{Text: "коррупции", Facets: []string{search.FacetCountry, search.FacetKind, search.FacetYear}, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != uint64(len(docs)) {
		t.Errorf("total %d, want %d", res.Total, len(docs))
	}
	want := map[string]map[string]int{search.FacetCountry: {}, search.FacetKind: {}, search.FacetYear: {}}
	for _, d := range docs {
		want[search.FacetCountry][d.Countries[0]]++
		want[search.FacetKind][d.Kind]++
		want[search.FacetYear][strconv.Itoa(d.Date.Year())]++
	}
	for name, w := range want {
		got := map[string]int{}
		for _, fv := range res.Facets[name] {
			got[fv.Value] = fv.Count
		}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("facet %s = %v, want %v", name, got, w)
		}
	}
	// Pages by date join up to every document, newest first.
	var paged []string
	for from := 0; from < len(docs); from += 37 {
		res, err := ix.Search(ctx, search.Query{Sort: search.SortDate, From: from, Size: 37})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			paged = append(paged, h.ID)
		}
	}
	if len(paged) != len(docs) {
		t.Fatalf("paged %d of %d documents", len(paged), len(docs))
	}
	for i := 1; i < len(paged); i++ {
		if docs[paged[i-1]].Date.Before(docs[paged[i]].Date) {
			t.Errorf("%s before %s", paged[i-1], paged[i])
		}
	}
	seen := map[string]bool{}
	for _, id := range paged {
		if seen[id] {
			t.Errorf("%s on two pages", id)
		}
		seen[id] = true
	}
	// A rewritten document is found by its new text only.
	for id, d := range docs {
		if d.Texts["ru"].Title[len(d.Texts["ru"].Title)-1] != '2' {
			continue
		}
		res, err := ix.Search(ctx, search.Query{Text: `"Закон ` + strings.TrimLeft(id[1:], "0") + ` о противодействии коррупции, редакция 1"`})
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(res.Hits, func(h search.Hit) bool { return h.ID == id }) {
			t.Errorf("%s is found by its old text", id)
		}
		res, err = ix.Search(ctx, search.Query{Text: `"Закон ` + strings.TrimLeft(id[1:], "0") + ` о противодействии коррупции, редакция 2"`})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Hits, func(h search.Hit) bool { return h.ID == id }) {
			t.Errorf("%s is not found by its new text: %+v", id, res.Hits)
		}
		break
	}
}

func TestStemPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"respublikasi":  "respublik",
		"korrupsiia":    "korrupsi",
		"ozbek":         "ozbe",
		"obogashchenie": "obogashche",
	} {
		if got := stemPrefix(in); got != want {
			t.Errorf("stemPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFragment(t *testing.T) {
	long := "начало " + strings.Repeat("слово ", 60) + "коррупция в конце, <b>и</b> " + strings.Repeat("хвост ", 60)
	marks := []span{}
	i := strings.Index(long, "коррупция")
	marks = append(marks, span{i, i + len("коррупция")})
	got := fragment(long, marks)
	for _, want := range []string{"<mark>коррупция</mark>", "&lt;b&gt;", "…"} {
		if !strings.Contains(got, want) {
			t.Errorf("fragment %q has no %q", got, want)
		}
	}
	if n := len([]rune(got)); n > snippetRunes+40 {
		t.Errorf("fragment of %d runes", n)
	}
}

// TestKeptAlternativeMatchesFollowDeletes: what a thesaurus alternative
// matches is kept with the segment (matches.go); a document deleted or
// rewritten afterwards must leave the results all the same.
func TestKeptAlternativeMatchesFollowDeletes(t *testing.T) {
	ix, _, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	doc := func(i int, body string) search.Document {
		return search.Document{ID: fmt.Sprintf("d%02d", i), Type: "document", Visibility: "public",
			Texts: map[string]search.Text{"ru": {Title: fmt.Sprintf("Документ %d", i), Body: body}}}
	}
	var b search.Batch
	for i := range 30 {
		body := "Правила для служащих."
		if i%2 == 0 {
			body = fmt.Sprintf("Кодекс поведения государственных служащих, глава %d.", i)
		}
		b.Upserts = append(b.Upserts, doc(i, body))
	}
	b.Seq = 1
	if err := ix.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	q := search.Query{Text: "code of conduct", Lang: "en", Size: 50,
		Expand: []search.Expansion{{Match: "code of conduct", Alternatives: []search.Alternative{{Lang: "ru", Text: "кодекс поведения"}}}}}
	ids := func() []string {
		t.Helper()
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		if int(res.Total) != len(out) {
			t.Fatalf("total %d for %d hits", res.Total, len(out))
		}
		return out
	}
	first := ids()
	if len(first) != 15 {
		t.Fatalf("found %v through the alternative, want the 15 even documents", first)
	}
	if matchBytes.Load() == 0 {
		t.Fatal("no match list was kept: the test does not exercise them")
	}
	// Delete two, rewrite two without the phrase, add one with it.
	b = search.Batch{Seq: 2, Deletes: []string{"d00", "d02"},
		Upserts: []search.Document{doc(4, "Другой текст."), doc(6, "Другой текст."), doc(31, "Кодекс поведения судей.")}}
	if err := ix.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := 8; i < 30; i += 2 {
		want = append(want, fmt.Sprintf("d%02d", i))
	}
	want = append(want, "d31")
	slices.Sort(want)
	if got := ids(); !slices.Equal(got, want) {
		t.Errorf("after deletes and rewrites found %v, want %v", got, want)
	}
}

// TestPreparedAlternativesRankAlike: an index that prepared the thesaurus's
// alternatives ahead (PrepareNow) answers exactly as one that matches them
// when a search needs them.
func TestPreparedAlternativesRankAlike(t *testing.T) {
	ctx := context.Background()
	var b search.Batch
	for i := range 40 {
		texts := map[string]search.Text{"ru": {Title: fmt.Sprintf("Документ %d", i), Body: strings.Repeat("Кодекс поведения служащих. ", 1+i%4)}}
		if i%3 == 0 {
			texts["en"] = search.Text{Title: fmt.Sprintf("Document %d", i), Body: "A code of conduct for public officials."}
		}
		b.Upserts = append(b.Upserts, search.Document{ID: fmt.Sprintf("d%02d", i), Type: "document", Visibility: "public", Texts: texts})
	}
	b.Seq = 1
	exp := search.Expansion{Match: "code of conduct", Alternatives: []search.Alternative{{Lang: "ru", Text: "кодекс поведения"}, {Lang: "en", Text: "codes of conduct"}}}
	answers := make([][]search.Hit, 2)
	for k := range answers {
		ix, _, err := Open(filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if err := ix.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		if k == 1 {
			before := ix.KeptBytes()
			ix.PrepareExpansions([]search.Expansion{exp})
			if err := ix.PrepareNow(); err != nil {
				t.Fatal(err)
			}
			if ix.KeptBytes() <= before {
				t.Fatal("PrepareNow kept nothing")
			}
		}
		res, err := ix.Search(ctx, search.Query{Text: "code of conduct", Lang: "en", Size: 50, Expand: []search.Expansion{exp}})
		if err != nil {
			t.Fatal(err)
		}
		answers[k] = res.Hits
	}
	if len(answers[0]) != 40 {
		t.Fatalf("%d hits, want all 40", len(answers[0]))
	}
	// Equal scores may come in another order: two indexes number their
	// documents differently.
	for _, hs := range answers {
		slices.SortFunc(hs, func(a, b search.Hit) int { return strings.Compare(a.ID, b.ID) })
	}
	for i := range answers[0] {
		a, p := answers[0][i], answers[1][i]
		if a.ID != p.ID || a.Score != p.Score {
			t.Fatalf("%s %.4f unprepared, %s %.4f prepared", a.ID, a.Score, p.ID, p.Score)
		}
	}
}

// TestSnippetsFollowTheReadersChain: a reader with no text in their own
// language gets the snippet from the language they read next (an Uzbek
// reader's Russian), not from the first in the hub's order.
func TestSnippetsFollowTheReadersChain(t *testing.T) {
	ix, _, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	texts := map[string]search.Text{}
	for _, l := range []string{"en", "ru", "tg"} {
		texts[l] = search.Text{Title: "UNCAC " + l, Body: "UNCAC review, " + l + " text."}
	}
	if err := ix.Apply(ctx, search.Batch{Seq: 1, Upserts: []search.Document{{ID: "d1", Type: "document", Visibility: "public", Texts: texts}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang     string
		fallback []string
		want     string
	}{
		{"uz", []string{"ru", "en"}, "ru"},
		{"tg", []string{"ru", "en"}, "tg"},
		{"kk", []string{"en"}, "en"},
		{"ky", nil, "en"}, // no chain: the hub's order
	} {
		res, err := ix.Search(ctx, search.Query{Text: "uncac review", Lang: c.lang, Fallback: c.fallback, Highlight: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Lang != c.want || !strings.Contains(res.Hits[0].Snippet, c.want+" text") {
			t.Errorf("reader %s with %v: %+v, want the snippet in %s", c.lang, c.fallback, res.Hits, c.want)
		}
	}
}

// TestFiltersKeptPerSegmentStayApart: which documents pass a set of filters
// is kept per segment (collect.go); searches with other filters, and the
// same ones again, must each get their own.
func TestFiltersKeptPerSegmentStayApart(t *testing.T) {
	ix, _, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	var b search.Batch
	want := map[string]int{}
	for i := range 60 {
		c, v := []string{"KZ", "UZ", "TJ"}[i%3], []string{"public", "members"}[i%2]
		b.Upserts = append(b.Upserts, search.Document{ID: fmt.Sprintf("d%02d", i), Type: "document", Countries: []string{c}, Visibility: v,
			Texts: map[string]search.Text{"ru": {Title: fmt.Sprintf("Закон %d о коррупции", i)}}})
		want[c+"/"+v]++
		want["/"+v]++
		want[c+"/"]++
	}
	b.Seq = 1
	if err := ix.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		for _, c := range []string{"KZ", "UZ", "TJ", ""} {
			for _, vis := range [][]string{{"public"}, {"members"}, nil} {
				q := search.Query{Text: strings.Repeat(" ", round) + "коррупции", Visibilities: vis}
				if c != "" {
					q.Countries = []string{c}
				}
				res, err := ix.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				key := c + "/" + strings.Join(vis, "")
				n, ok := want[key]
				if c == "" && vis == nil {
					n, ok = 60, true
				}
				if ok && int(res.Total) != n {
					t.Errorf("round %d, country %q, visibility %v: %d hits, want %d", round, c, vis, res.Total, n)
				}
			}
		}
	}
}

// TestUzbekTypedWithoutTheModifierLetter: an Uzbek reader who types oʻ as a
// plain o ("Ozbekiston", "toʻgʻrisida" as "togrisida") finds the words,
// whichever script the text is in; other readers are not given the
// variants.
func TestUzbekTypedWithoutTheModifierLetter(t *testing.T) {
	ix, _, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	b := search.Batch{Seq: 1, Upserts: []search.Document{
		{ID: "latin", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {Title: "Oʻzbekiston Respublikasining davlat xaridlari toʻgʻrisidagi qonuni"}}},
		{ID: "cyrillic", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {Title: "Ўзбекистон Республикасининг давлат харидлари тўғрисидаги қонуни"}}},
		{ID: "other", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {Title: "Qozogʻiston Respublikasi"}}},
		{ID: "four", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {Title: "Toʻrt yillik dastur"}}},
	}}
	if err := ix.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	// "tort" is too short for typo tolerance: only the reading of o as oʻ
	// finds "toʻrt" (four); a Russian reader typing it gets nothing.
	for lang, want := range map[string]int{"uz": 1, "ru": 0} {
		res, err := ix.Search(ctx, search.Query{Text: "tort", Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != want {
			t.Errorf("%s reader, \"tort\": %d hits, want %d", lang, res.Total, want)
		}
	}
	for _, q := range []string{"Ozbekiston", "ozbekiston respublikasining", "togrisidagi qonuni"} {
		res, err := ix.Search(ctx, search.Query{Text: q, Lang: "uz", Highlight: true})
		if err != nil {
			t.Fatal(err)
		}
		// Full matches only: a record with some of the words may follow
		// as a partial match (a relaxed search), marked as such.
		var got []string
		for _, h := range res.Hits {
			if len(h.Missing) == 0 {
				got = append(got, h.ID)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, []string{"cyrillic", "latin"}) {
			t.Errorf("uz reader, %q: %v, want both scripts' law", q, got)
		}
		for _, h := range res.Hits {
			if !strings.Contains(h.Snippet, "<mark>") {
				t.Errorf("uz reader, %q: snippet %q marks nothing", q, h.Snippet)
			}
		}
	}
}

// TestASecretWordDoesNotStopTheTypoCorrection is the case the property test
// in search/searchtest generalises: an anonymous reader's "axtradition"
// finds the four public records about extradition, with the same scores,
// after the secretariat adds a record that has the word "axtradition";
// the secretariat finds that record by the word itself.
func TestASecretWordDoesNotStopTheTypoCorrection(t *testing.T) {
	ix, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	var b search.Batch
	for i := range 4 {
		b.Upserts = append(b.Upserts, search.Document{ID: fmt.Sprintf("public-%d", i), Type: "document", Visibility: "public",
			Texts: map[string]search.Text{"en": {Title: fmt.Sprintf("Extradition treaty %d", i), Body: strings.Repeat("extradition of offenders ", i+1)}}})
	}
	for i := range 6 {
		b.Upserts = append(b.Upserts, search.Document{ID: fmt.Sprintf("other-%d", i), Type: "document", Visibility: "public",
			Texts: map[string]search.Text{"en": {Title: "Asset recovery", Body: "Return of proceeds of crime."}}})
	}
	b.Seq = 1
	if err := ix.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	anonymous := search.Query{Text: "axtradition", Visibilities: []string{"public"}}
	scores := func(q search.Query) map[string]float64 {
		t.Helper()
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	before := scores(anonymous)
	if len(before) != 4 {
		t.Fatalf("axtradition finds %v, want the 4 public records about extradition", before)
	}
	secret := search.Document{ID: "secret", Type: "document", Visibility: "secretariat",
		Texts: map[string]search.Text{"en": {Title: "Note", Body: "The axtradition file; extradition."}}}
	if err := ix.Apply(ctx, search.Batch{Upserts: []search.Document{secret}, Seq: 2}); err != nil {
		t.Fatal(err)
	}
	if after := scores(anonymous); !maps.Equal(after, before) {
		t.Errorf("after a secret record with the word, axtradition finds %v, want %v", after, before)
	}
	secretariat := anonymous
	secretariat.Visibilities = []string{"public", "members", "secretariat"}
	if got := scores(secretariat); len(got) != 1 || got["secret"] == 0 {
		t.Errorf("the secretariat's axtradition finds %v, want the secret record alone (the word is in it)", got)
	}
}

// TestUzbekLatinFindsUzbekCyrillicTs is the reported case: a reader who
// writes Uzbek Latin finds a text in Uzbek Cyrillic with all four words of
// the query, although Latin writes the ц of "коррупция" as s
// ("korrupsiya"); readers typing the Russian romanisation or a c find it
// too, other forms of the word meet across the scripts, and a text without
// the word stays out.
func TestUzbekLatinFindsUzbekCyrillicTs(t *testing.T) {
	ix, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	b := search.Batch{Seq: 1, Upserts: []search.Document{
		{ID: "all-four", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {
			Title: "Давлат хизматида коррупция ҳолатларини аниқлаш тартиби",
			Body:  "Ушбу тартиб давлат хизматчилари томонидан содир этилган коррупция ҳолатларини аниқлашни белгилайди.",
		}}},
		{ID: "three", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {
			Title: "Давлат хизматида ҳолатларини аниқлаш тартиби",
		}}},
		{ID: "police", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {
			Title: "Полиция ходимлари учун одоб қоидалари",
		}}},
		{ID: "law", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {
			Title: "Коррупцияга қарши курашиш тўғрисидаги қонун",
		}}},
		// The word is in the library in Latin too, so it is no typo to
		// correct: only the folding can bring the Cyrillic texts.
		{ID: "latin", Type: "document", Visibility: "public", Texts: map[string]search.Text{"uz": {
			Title: "Korrupsiya va jamiyat",
		}}},
	}}
	if err := ix.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, text, want string }{
		{"uz", "davlat korrupsiya holatlarini aniqlash", "all-four"},
		{"ru", "davlat korruptsiya holatlarini aniqlash", "all-four"},
		{"ky", "davlat korrupciya holatlarini aniqlash", "all-four"},
		{"uz", "korrupsiyaga", "law"},
		{"uz", "коррупцияга", "law"},
		{"uz", "politsiya xodimlari", "police"},
		{"uz", "korrupsiya qarshi kurashish qonun", "law"},
		{"uz", "korrupsiyaga qarshi kurashish toʻgʻrisidagi", "law"},
	}
	for _, tt := range tests {
		res, err := ix.Search(ctx, search.Query{Text: tt.text, Lang: tt.lang})
		if err != nil {
			t.Fatal(err)
		}
		// "three" lacks the word: it may follow as a partial match only.
		var got []string
		for _, h := range res.Hits {
			if len(h.Missing) == 0 {
				got = append(got, h.ID)
			}
		}
		if !slices.Contains(got, tt.want) || slices.Contains(got, "three") {
			t.Errorf("%s reader, %q: full matches %v, want %s and not the text without the word", tt.lang, tt.text, got, tt.want)
		}
	}
}

// TestAPhraseStaysWithinOneValue: the terms are several values, each with
// positions from 1, so a phrase made of words of two values is not in the
// record, and a word at the same position in two values does not make the
// phrase twice.
func TestAPhraseStaysWithinOneValue(t *testing.T) {
	ix, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	doc := func(id string, terms ...string) search.Document {
		return search.Document{ID: id, Type: "expert", Visibility: "public", Terms: terms,
			Texts: map[string]search.Text{"en": {Title: "Expert"}}}
	}
	b := search.Batch{Seq: 1, Upserts: []search.Document{
		doc("two", "Alpha Beta", "Gamma Delta"),
		doc("name-and-address", "Dana Seitkali", "dana@mail.kz"),
		doc("address-and-name", "dana@mail.kz", "Dana Seitkali"),
	}}
	if err := ix.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	hits := func(text string) map[string]float64 {
		t.Helper()
		res, err := ix.Search(ctx, search.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{`"alpha delta"`, nil},
		{`"gamma delta"`, []string{"two"}},
		{`"beta gamma"`, nil},
		{"dana@mail.kz", []string{"address-and-name", "name-and-address"}},
	} {
		got := hits(tc.text)
		if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, tc.want) {
			t.Errorf("%s finds %v, want %v", tc.text, ids, tc.want)
		}
	}
	// The same terms in another order: the same score.
	if got := hits("dana@mail.kz"); got["name-and-address"] != got["address-and-name"] {
		t.Errorf("dana@mail.kz scores %v: the order of the terms counts", got)
	}
}

// TestNamePrefixes checks the beginnings a name word is indexed by: folded
// as typed, so that a beginning typed in another spelling meets one of them
// although the FoldName of the whole word differs from its beginnings'.
func TestNamePrefixes(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"Алиев", []string{"al", "ali", "ale", "alev"}},
		{"Xoʻjayev", []string{"hu", "hui", "huia", "huiai", "huiae", "huiaev"}},
		{"Ц", nil},
		{"Цой", []string{"su", "sui"}},
	}
	for _, tt := range tests {
		if got := namePrefixes(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("namePrefixes(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	for _, typed := range []string{"Ali", "Aliy", "Alie", "Алие", "Aliye"} {
		if !namePrefixMatch("Алиев", search.FoldName(typed)) {
			t.Errorf("%q does not begin Алиев", typed)
		}
	}
	for _, typed := range []string{"Khodj", "Хўж", "Xo'ja", "Hodja"} {
		if !namePrefixMatch("Ходжаев", search.FoldName(typed)) {
			t.Errorf("%q does not begin Ходжаев", typed)
		}
	}
}

// TestKeptFrequentWordsRankAlike: a reader's frequent word is read from a
// list kept with the segment (matches.go) rather than from its postings;
// the answers must be exactly those of the postings, before and after
// documents are deleted and rewritten.
func TestKeptFrequentWordsRankAlike(t *testing.T) {
	ctx := context.Background()
	defer func(k uint64) { keepTermDocs = k }(keepTermDocs)
	bodies := []string{
		"Кодекс поведения государственных служащих и декларации.",
		"Public officials shall declare their assets and interests.",
		"Конфликт интересов государственных служащих.",
		"Declarations of assets by public officials, verified.",
	}
	var b search.Batch
	for i := range 48 {
		body := strings.Repeat(bodies[i%4]+" ", 1+i%3)
		b.Upserts = append(b.Upserts, search.Document{ID: fmt.Sprintf("d%02d", i), Type: "document", Visibility: "public",
			Countries: []string{[]string{"KZ", "KG", "TJ"}[i%3]},
			Texts:     map[string]search.Text{"ru": {Title: fmt.Sprintf("Документ %d", i), Body: body}, "en": {Title: fmt.Sprintf("Document %d", i), Body: body}}})
	}
	b.Seq = 1
	later := search.Batch{Seq: 2, Deletes: []string{"d00", "d05"}, Upserts: []search.Document{
		{ID: "d07", Type: "document", Visibility: "public", Texts: map[string]search.Text{"en": {Title: "Other", Body: "Nothing to see."}}},
	}}
	queries := []string{"public officials", "государственных служащих", "assets", "\"public officials\" declare", "служащих -конфликт"}
	answer := func(keep uint64) [][]search.Result {
		keepTermDocs = keep
		ix, _, err := Open(filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		before := frequentBytes.Load()
		var out [][]search.Result
		for _, batch := range []search.Batch{b, later} {
			if err := ix.Apply(ctx, batch); err != nil {
				t.Fatal(err)
			}
			var rs []search.Result
			for _, q := range queries {
				res, err := ix.Search(ctx, search.Query{Text: q, Lang: "en", Size: 50, Facets: []string{search.FacetCountry}, Highlight: true})
				if err != nil {
					t.Fatal(err)
				}
				rs = append(rs, *res)
			}
			out = append(out, rs)
		}
		if kept := frequentBytes.Load() > before; kept != (keep == 1) {
			t.Fatalf("with keepTermDocs %d, lists kept: %v", keep, kept)
		}
		return out
	}
	read, kept := answer(math.MaxUint64), answer(1)
	for i := range read {
		for j, q := range queries {
			if !reflect.DeepEqual(read[i][j], kept[i][j]) {
				t.Errorf("batch %d, %q: read from the postings\n%+v\nfrom kept lists\n%+v", i+1, q, read[i][j], kept[i][j])
			}
		}
	}
}
