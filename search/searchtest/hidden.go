package searchtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ca-uncac/hub/search"
)

// Readers of the hub, by the visibilities they may see (nested, as
// platform.VisibleTo gives them).
var readers = []struct {
	name string
	sees []string
}{
	{"anonymous", []string{"public"}},
	{"member", []string{"public", "members"}},
	{"secretariat", []string{"public", "members", "secretariat"}},
}

// hiddenCorpus returns a varied corpus of records of every visibility, in
// several batches (so that the index has several segments), and what the
// batches leave in the index. Some words exist only in records hidden from
// an anonymous reader: "axtradition" (secretariat only) is one typo away
// from "extradition", which public records have; "extradiction" and
// "brybery" are members' only; titles beginning "Extra…" and "Corr…" are
// hidden too, so that completions would differ. A public record's terms
// hold an address, "dana@mail.kz", and a name with its first word; a
// secretariat record's terms hold that word too, in the same batch (so the
// same segment), where it makes "dana" commoner than the address's other
// words: an engine must find and count the phrase "dana mail kz" alike
// whichever of its words it starts from.
func hiddenCorpus() (batches []search.Batch, final map[string]search.Document) {
	rng := rand.New(rand.NewPCG(10, 2))
	en := strings.Fields(`extradition corruption bribery officials public procurement asset recovery
		integrity transparency declaration income enrichment illicit laundering proceeds cooperation
		mutual legal assistance prevention whistleblower protection conflict interest judiciary
		prosecution investigation beneficial ownership sector private embezzlement trading influence`)
	ru := strings.Fields(`экстрадиция коррупция взяточничество должностные лица закупки возвращение активов
		прозрачность декларация доходы обогащение отмывание сотрудничество правовая помощь
		предупреждение защита конфликт интересов расследование собственность`)
	kk := strings.Fields(`сыбайлас жемқорлық пара мемлекеттік қызметші ұстап беру активтерді қайтару
		ашықтық декларация кіріс тергеу ынтымақтастық`)
	uz := strings.Fields(`korrupsiya poraxoʻrlik davlat xizmatchisi ekstraditsiya aktivlarni qaytarish
		shaffoflik deklaratsiya daromad tergov hamkorlik`)
	pick := func(ws []string, n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = ws[rng.IntN(len(ws))]
		}
		return strings.Join(out, " ")
	}
	title := func(s string) string {
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[n:]
	}
	countries := []string{"KZ", "KG", "TJ", "TM", "UZ"}
	kinds := []string{"law", "strategy", "training", "guide"}
	visibilities := []string{"public", "public", "public", "members", "secretariat"}
	doc := func(i int) search.Document {
		d := search.Document{
			ID:         fmt.Sprintf("doc-%03d", i),
			Type:       "document",
			Kind:       kinds[rng.IntN(len(kinds))],
			Visibility: visibilities[rng.IntN(len(visibilities))],
			Status:     "in_force",
			Countries:  []string{countries[rng.IntN(len(countries))]},
			Articles:   []int{[]int{5, 15, 20, 44, 46}[rng.IntN(5)]},
			// Few dates, so that dates tie and the order among equals counts.
			Date:  day(2015+rng.IntN(4), 1+rng.IntN(2), 1),
			Texts: map[string]search.Text{},
		}
		d.Texts["en"] = search.Text{Title: title(pick(en, 2+rng.IntN(3))), Body: pick(en, 10+rng.IntN(60))}
		if rng.IntN(2) == 0 {
			d.Texts["ru"] = search.Text{Title: title(pick(ru, 2+rng.IntN(3))), Summary: pick(ru, 8), Body: pick(ru, 10+rng.IntN(40))}
		}
		switch rng.IntN(3) {
		case 0:
			d.Texts["kk"] = search.Text{Title: pick(kk, 3), Body: pick(kk, 20)}
		case 1:
			d.Texts["uz"] = search.Text{Title: pick(uz, 3), Body: pick(uz, 20)}
		}
		if rng.IntN(3) == 0 {
			d.Terms = []string{"article " + fmt.Sprint(d.Articles[0]), "extradition", "экстрадиция"}
		}
		return d
	}
	hidden := []search.Document{
		{ID: "secret-axtradition", Type: "document", Kind: "note", Visibility: "secretariat", Status: "draft",
			Countries: []string{"KZ"}, Articles: []int{44}, Date: day(2016, 1, 1),
			Texts: map[string]search.Text{"en": {Title: "Extraordinary axtradition memo",
				Body: "The axtradition request of the secretariat, with extradition and corruption, public officials."}}},
		{ID: "members-extradiction", Type: "document", Kind: "note", Visibility: "members", Status: "draft",
			Countries: []string{"UZ"}, Articles: []int{44}, Date: day(2016, 1, 1),
			Texts: map[string]search.Text{"en": {Title: "Extradiction and brybery briefing",
				Body: "Members discuss extradiction, brybery and corruption of public officials."}}},
		{ID: "secret-corr", Type: "recommendation", Kind: "note", Visibility: "secretariat", Status: "draft",
			Countries: []string{"TM"}, Articles: []int{20}, Date: day(2017, 2, 1),
			Texts: map[string]search.Text{
				"en": {Title: "Corrigendum on illicit enrichment", Body: "Corrigendum: illicit enrichment, extraditable offences."},
				"ru": {Title: "Коррективы по незаконному обогащению", Body: "Экстрадиционные коррективы, коррупция."},
			}},
	}

	final = map[string]search.Document{}
	seq := uint64(0)
	add := func(b search.Batch) {
		seq++
		b.Seq = seq
		batches = append(batches, b)
		for _, d := range b.Upserts {
			final[d.ID] = d
		}
		for _, id := range b.Deletes {
			delete(final, id)
		}
	}
	add(search.Batch{Upserts: corpus()})
	n := 0
	for range 4 {
		var b search.Batch
		for range 40 {
			b.Upserts = append(b.Upserts, doc(n))
			n++
		}
		add(b)
	}
	// A public part of a secret record: its parent's titles are not the
	// reader's to see.
	part := search.Document{ID: "secret-axtradition/p/1", Type: "provision", Kind: "note", Visibility: "public",
		Parent: "secret-axtradition", Countries: []string{"KZ"}, Articles: []int{44}, Date: day(2016, 1, 1),
		Texts: map[string]search.Text{"en": {Title: "Extradition of public officials", Body: "Extradition of officials."}}}
	add(search.Batch{Upserts: append(slices.Clone(hidden[:1]), part)})
	// A public record made secret, and one deleted: their old versions stay
	// in the segments they were written to, marked deleted.
	moved := final["doc-003"]
	moved.Visibility = "secretariat"
	add(search.Batch{Upserts: append(slices.Clone(hidden[1:]), moved), Deletes: []string{"doc-007"}})
	// The terms of a record are several values, each with positions from
	// the start: "dana" stands at the same position in the name and in the
	// address.
	add(search.Batch{Upserts: []search.Document{
		{ID: "contact", Type: "expert", Kind: "expert", Visibility: "public", Status: "approved",
			Countries: []string{"KZ"}, Articles: []int{15}, Date: day(2018, 1, 1),
			Texts: map[string]search.Text{"en": {Title: "Dana Seitkali", Summary: "Investigator"}},
			Terms: []string{"Dana Seitkali", "dana@mail.kz"}},
		{ID: "secret-contact", Type: "expert", Kind: "expert", Visibility: "secretariat", Status: "pending",
			Countries: []string{"KZ"}, Articles: []int{15}, Date: day(2018, 1, 1),
			Texts: map[string]search.Text{"en": {Title: "Dana Pending", Summary: "Auditor"}},
			Terms: []string{"Dana Pending"}},
	}})
	// People's names (Document.Names) of every visibility: "Sharipov"
	// (secretariat only) is one letter from the public "Шарипова", so an
	// anonymous reader's "Sharipov" is a typo of it; "Алиева" is members'
	// only, beside the public "Алиев"; Tsoy was public and is no longer.
	named := []search.Document{
		person("expert-sharipova", "public", "Шарипова Нодира", "Sharipova Nodira"),
		person("expert-aliev", "public", "Алиев Рустам", "Aliyev Rustam"),
		person("expert-alieva", "members", "Алиева Дина"),
		person("expert-sharipov", "secretariat", "Sharipov Anvar"),
		person("expert-tsoy", "public", "Цой Виктор"),
		{ID: "event-aliev", Type: "event", Kind: "training", Visibility: "public", Date: day(2018, 2, 1),
			Names: []string{"Алиев Рустам", "Алиева Дина"},
			Texts: map[string]search.Text{"en": {Title: "Asset recovery training", Summary: "Trainers from two countries."}}},
		{ID: "event-secret", Type: "event", Kind: "training", Visibility: "secretariat", Date: day(2018, 2, 1),
			Names: []string{"Aliyev Rustam", "Tsoi Viktor"},
			Texts: map[string]search.Text{"en": {Title: "Closed briefing on extradition", Summary: "Trainers of the secretariat."}}},
	}
	add(search.Batch{Upserts: named})
	tsoy := final["expert-tsoy"]
	tsoy.Visibility = "secretariat"
	add(search.Batch{Upserts: []search.Document{tsoy}})
	return batches, final
}

// person is an expert's record: their names in each script, which are
// also the titles (in Russian and English) as a profile has them.
func person(id, visibility string, names ...string) search.Document {
	d := search.Document{ID: id, Type: "expert", Kind: "expert", Visibility: visibility, Status: "approved",
		Countries: []string{"UZ"}, Date: day(2018, 1, 1), Names: names,
		Texts: map[string]search.Text{"ru": {Title: names[0], Summary: "Эксперт по противодействию коррупции."}}}
	if len(names) > 1 {
		d.Texts["en"] = search.Text{Title: names[1], Summary: "Anti-corruption expert."}
	}
	return d
}

// visibleBatches returns batches with only what a reader of sees may see:
// records hidden from them are left out, as if they had never been written
// (a record that became hidden is deleted).
func visibleBatches(batches []search.Batch, sees []string) []search.Batch {
	var out []search.Batch
	for _, b := range batches {
		v := search.Batch{Seq: b.Seq, Deletes: slices.Clone(b.Deletes)}
		for _, d := range b.Upserts {
			if slices.Contains(sees, d.Visibility) {
				v.Upserts = append(v.Upserts, d)
			} else {
				v.Deletes = append(v.Deletes, d.ID)
			}
		}
		out = append(out, v)
	}
	return out
}

// testHiddenRecords checks that records hidden from a reader change nothing
// of what the reader gets: an index with them and one built without them
// answer every query and suggestion alike, scores and snippets included,
// and so do relaxed searches (which records are partial matches, the words
// they lack, the number of full matches) and spelling corrections.
func testHiddenRecords(t *testing.T, newIndex func(t *testing.T) search.Index) {
	batches, _ := hiddenCorpus()
	all := newIndex(t)
	for _, b := range batches {
		apply(t, all, b)
	}
	facets := search.FacetNames()
	queries := []search.Query{
		{Text: "axtradition"},
		{Text: "axtradition", Lang: "en", Highlight: true, Facets: facets},
		{Text: "extradition", Highlight: true, Facets: facets},
		{Text: "extradiction"},
		{Text: "brybery officials", Highlight: true},
		{Text: "corruption", Lang: "ru", Fallback: []string{"en"}, Highlight: true, Facets: facets},
		{Text: "corupton", Highlight: true},
		{Text: "коррупция", Lang: "kk", Fallback: []string{"ru", "en"}, Highlight: true},
		{Text: "korrupsiya", Lang: "uz", Highlight: true},
		{Text: "poraxorlik", Lang: "uz", Highlight: true},
		{Text: "extra*", Highlight: true, Facets: facets},
		{Text: "corr*", Lang: "en", Highlight: true},
		{Text: "экстради*", Highlight: true},
		{Text: `"public officials"`, Highlight: true, Facets: facets},
		{Text: `"illicit enrichment" -laundering`, Highlight: true},
		{Text: "extraditable"},
		{Text: "dana@mail.kz", Highlight: true},
		{Text: `"dana mail kz"`, Lang: "ru", Facets: facets},
		{Text: "corrigendum"},
		{Text: "asset recovery", Countries: []string{"KZ", "UZ"}, Facets: facets},
		{Text: "officials", Articles: []int{44}, Facets: facets, Highlight: true},
		{Text: "bribery", Sort: search.SortDate, Highlight: true},
		{Text: "", Facets: facets, Size: search.MaxSize},
		{Text: "", Sort: search.SortDate, Size: search.MaxSize},
		{Text: "", Kinds: []string{"note"}, Facets: facets},
		{Text: "public integrity nonexistentword", Highlight: true},
		{Text: "transparency", From: 10, Size: 10, Highlight: true},
		{Text: "kickback", Highlight: true, Expand: []search.Expansion{{Match: "kickback",
			Alternatives: []search.Alternative{{Lang: "en", Text: "bribery"}, {Lang: "ru", Text: "взяточничество"}}, Articles: []int{15}}}},
		// People's names.
		{Text: "Sharipov", Lang: "ru", Highlight: true, Facets: facets},
		{Text: "Sharipova"},
		{Text: "Aliyev", Lang: "en", Highlight: true, Facets: facets},
		{Text: "Alieva", Highlight: true},
		{Text: "Алие*", Highlight: true},
		{Text: "Aliy*", Lang: "ru", Highlight: true},
		{Text: `"Rustam Aliyev"`, Highlight: true},
		{Text: "Coy Viktor", Highlight: true},
		{Text: "Tsoi", Types: []string{"expert"}, Facets: facets},
		{Text: "Rustam training -Dina", Highlight: true},
		// Relaxed searches: partial matches, the words they lack, the
		// number of full matches; and corrections.
		{Text: "extradition officials corruption nonexistentword", Highlight: true, Facets: facets},
		{Text: "axtradition officials corruption", Lang: "en", Highlight: true},
		{Text: "brybery officials transparency whistleblower", Highlight: true, Facets: facets},
		{Text: `"public officials" extradition nonexistentword integrity`, Highlight: true},
		{Text: "extradition officials -bribery nonexistentword", Highlight: true, Facets: facets},
		{Text: "bribery officials procurement whistleblower", Sort: search.SortDate, From: 3, Size: 5},
		{Text: "Sharipov Nodira expert", Lang: "ru", Highlight: true},
		{Text: "corigendum", Lang: "en"},
		{Text: "corigendum illicit enrichment", Lang: "en"},
		{Text: "extradiction treaty", Lang: "en"},
		{Text: "brybery", Lang: "en"},
		{Text: "korupsiya", Lang: "uz"},
		{Text: "каррупция", Lang: "ru"},
		{Text: "экстрадицыя", Lang: "ru"},
		{Text: "ekstraditsiya deklaratsiya hamkorlik", Lang: "uz", Highlight: true},
	}
	suggestions := []string{"ex", "extr", "axtr", "corr", "Corrig", "brib", "public off", "экстр", "кор", "extradition ",
		"Ali", "Alie", "Али", "Алиева ", "Shar", "Шари", "Tso", "Rustam Ali", "Vikt"}
	for _, reader := range readers {
		t.Run(reader.name, func(t *testing.T) {
			without := newIndex(t)
			for _, b := range visibleBatches(batches, reader.sees) {
				apply(t, without, b)
			}
			for _, q := range queries {
				q.Visibilities = reader.sees
				if q.Size == 0 {
					q.Size = 50
				}
				got, want := run(t, all, q), run(t, without, q)
				if (q.Text == "axtradition" || q.Text == "Sharipov") && reader.name == "anonymous" && want.Total == 0 {
					t.Errorf("%s finds nothing in public records; the corpus should make it a typo", q.Text)
				}
				if q.Text == "axtradition" && reader.name == "anonymous" && want.DidYouMean != "extradition" {
					t.Errorf("%s: did you mean %q, want extradition", q.Text, want.DidYouMean)
				}
				if q.Text == "extradition officials corruption nonexistentword" && !want.Relaxed {
					t.Errorf("%s is not relaxed; the corpus should make it so", q.Text)
				}
				if d := diffResults(got, want); d != "" {
					t.Errorf("%q (%+v) with hidden records differs from without them: %s", q.Text, q, d)
				}
			}
			for _, prefix := range suggestions {
				q := search.SuggestQuery{Prefix: prefix, Visibilities: reader.sees, Size: search.MaxSuggestSize}
				got, err := all.Suggest(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				want, err := without.Suggest(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("suggestions for %q with hidden records:\n%v\nwithout:\n%v", prefix, got, want)
				}
			}
		})
	}
}

// diffResults describes how got differs from want, or returns "".
func diffResults(got, want *search.Result) string {
	if got.Total != want.Total {
		return fmt.Sprintf("total %d, want %d", got.Total, want.Total)
	}
	if got.FullMatches != want.FullMatches || got.Relaxed != want.Relaxed {
		return fmt.Sprintf("%d full matches (relaxed %v), want %d (relaxed %v)", got.FullMatches, got.Relaxed, want.FullMatches, want.Relaxed)
	}
	if got.DidYouMean != want.DidYouMean {
		return fmt.Sprintf("did you mean %q, want %q", got.DidYouMean, want.DidYouMean)
	}
	hitIDs := func(r *search.Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	if g, w := hitIDs(got), hitIDs(want); !slices.Equal(g, w) {
		return fmt.Sprintf("hits\n%v\nwant\n%v", g, w)
	}
	for i := range got.Hits {
		if g, w := got.Hits[i], want.Hits[i]; !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("hit %d\n%+v\nwant\n%+v", i, g, w)
		}
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) {
		return fmt.Sprintf("facets\n%v\nwant\n%v", got.Facets, want.Facets)
	}
	return ""
}
