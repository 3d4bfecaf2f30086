package searchtest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/search"
)

// namesCorpus returns experts and records about people (Document.Names).
// Most names are only in Names, so that only the names field can find
// them; the expert Aliyev has his name in his titles too, as a profile
// would, and a news item speaks of him in its text.
func namesCorpus() []search.Document {
	expert := func(id string, names []string, texts map[string]search.Text) search.Document {
		return search.Document{ID: id, Type: "expert", Visibility: "public", Status: "approved", Countries: []string{"UZ"},
			Date: day(2024, 1, 1), Names: names, Texts: texts}
	}
	return []search.Document{
		expert("expert-aliev", []string{"Алиев Рустам Ахмедович", "Aliyev Rustam"}, map[string]search.Text{
			"ru": {Title: "Алиев Рустам Ахмедович", Summary: "Прокурор, возвращение активов."},
			"en": {Title: "Aliyev Rustam", Summary: "Prosecutor, asset recovery."},
		}),
		expert("expert-yuldashev", []string{"Юлдашев Бахтиёр"}, map[string]search.Text{
			"ru": {Title: "Эксперт по государственным закупкам", Summary: "Аналитик антикоррупционного агентства."},
		}),
		expert("expert-tsoy", []string{"Цой Виктор"}, map[string]search.Text{
			"ru": {Title: "Аналитик финансовой разведки", Summary: "Цой Виктор, аналитик финансовой разведки."},
		}),
		expert("expert-pugachev", []string{"Pugachyov Fyodor"}, map[string]search.Text{
			"en": {Title: "Expert on whistleblower protection", Summary: "Trainer on the protection of reporting persons."},
		}),
		expert("expert-gulomov", []string{"Gʻulomov Oʻktam"}, map[string]search.Text{
			"uz": {Title: "Davlat xaridlari boʻyicha ekspert", Summary: "Korrupsiyaga qarshi kurashish agentligi tahlilchisi."},
		}),
		expert("expert-khodjaev", []string{"Ходжаев Илҳомжон", "Xoʻjayev Ilhomjon"}, map[string]search.Text{
			"en": {Title: "Anti-corruption agency analyst", Summary: "Analyst of asset declarations."},
		}),
		expert("expert-zhanabaev", []string{"Жаңабаев Ержан Нұрланұлы"}, map[string]search.Text{
			"kk": {Title: "Сыбайлас жемқорлыққа қарсы сарапшы", Summary: "Мемлекеттік қызмет агенттігі."},
		}),
		// An event lists its trainers: the expert Yuldashev and a trainer
		// without a profile.
		{ID: "event-training", Type: "event", Kind: "training", Visibility: "public", Date: day(2024, 5, 20),
			Names: []string{"Юлдашев Бахтиёр", "Karimova Dilnoza"},
			Texts: map[string]search.Text{"en": {Title: "Procurement integrity training", Summary: "A training on public procurement."}}},
		{ID: "news-aliev", Type: "document", Kind: "news", Visibility: "public", Date: day(2024, 6, 1),
			Texts: map[string]search.Text{"ru": {Title: "Семинар по возвращению активов",
				Body: "На семинаре выступили эксперты из пяти стран; модератор — прокурор Алиев."}}},
		{ID: "no-names", Type: "document", Kind: "guide", Visibility: "public", Date: day(2023, 1, 1),
			Texts: map[string]search.Text{"en": {Title: "Guide to asset declarations", Body: "How to declare assets and income."}}},
	}
}

// testNames checks that people's names are found across scripts and
// spellings (see search.FoldName), by prefixes and with typos, rank high,
// are suggested, and stay with their own record.
func testNames(t *testing.T, ix search.Index) {
	apply(t, ix, search.Batch{Upserts: namesCorpus(), Seq: 1})
	finds := func(t *testing.T, q search.Query, want string, not ...string) {
		t.Helper()
		got := ids(t, ix, q)
		if !slices.Contains(got, want) {
			t.Errorf("%q does not find %s; found %v", q.Text, want, got)
		}
		for _, id := range not {
			if slices.Contains(got, id) {
				t.Errorf("%q finds %s; found %v", q.Text, id, got)
			}
		}
	}

	t.Run("a Cyrillic name is found in Latin spellings", func(t *testing.T) {
		for _, tt := range []struct {
			id    string
			texts []string
		}{
			{"expert-yuldashev", []string{"Yuldashev", "Juldashev", "Iuldashev", "YULDASHEV", "Bakhtiyor", "Baxtiyor", "Юлдашев", "юлдашев"}},
			{"expert-tsoy", []string{"Tsoy", "Tsoi", "Coy", "Victor", "Viktor", "Цой"}},
			{"expert-aliev", []string{"Aliev", "Aliyev", "Alieff", "Әлиев", "Rustam"}},
			{"expert-khodjaev", []string{"Khodjaev", "Hodjaev", "Xo'jayev", "Khujaev", "Хўжаев", "Ilkhomzhon"}},
			{"expert-zhanabaev", []string{"Zhanabayev", "Janabaev", "Nurlanuly", "Nurlanuli", "Yerzhan"}},
		} {
			for _, text := range tt.texts {
				finds(t, search.Query{Text: text}, tt.id, "no-names")
			}
		}
	})

	t.Run("a Latin name is found in Cyrillic and other spellings", func(t *testing.T) {
		for _, text := range []string{"Пугачёв", "Пугачев", "Pugachev", "Pugachov", "Фёдор", "Федор", "Fedor"} {
			finds(t, search.Query{Text: text}, "expert-pugachev", "no-names")
		}
	})

	t.Run("an Uzbek Latin name is found with any apostrophe or none", func(t *testing.T) {
		for _, text := range []string{"Gʻulomov", "G'ulomov", "G’ulomov", "G`ulomov", "Gulomov", "Ғуломов", "Гуломов",
			"Oʻktam", "O'ktam", "Oktam", "Ўктам", "Uktam"} {
			finds(t, search.Query{Text: text, Lang: "uz"}, "expert-gulomov", "no-names")
		}
	})

	t.Run("a full name as a phrase", func(t *testing.T) {
		finds(t, search.Query{Text: `"Tsoi Viktor"`}, "expert-tsoy")
		finds(t, search.Query{Text: "Tsoi Viktor"}, "expert-tsoy", "expert-aliev")
	})

	t.Run("a name's beginning is a prefix in any spelling", func(t *testing.T) {
		for _, text := range []string{"Alie*", "Ali*", "Aliy*", "Алие*"} {
			finds(t, search.Query{Text: text}, "expert-aliev", "no-names")
		}
		finds(t, search.Query{Text: "Khodj*"}, "expert-khodjaev")
		finds(t, search.Query{Text: "Юлд*"}, "expert-yuldashev")
	})

	t.Run("a name with a typo", func(t *testing.T) {
		finds(t, search.Query{Text: "Yuldasev"}, "expert-yuldashev", "no-names")
		finds(t, search.Query{Text: "Pugatchev"}, "expert-pugachev")
	})

	t.Run("the record about the person ranks first", func(t *testing.T) {
		// The news's text is no name: it meets the query as text does
		// (Fold), where "Aliyev" is not "Алиев".
		for _, text := range []string{"Алиев", "Aliev", "алиев"} {
			got := ids(t, ix, search.Query{Text: text, Lang: "ru"})
			if len(got) < 2 || got[0] != "expert-aliev" || !slices.Contains(got, "news-aliev") {
				t.Errorf("%q finds %v, want expert-aliev first and the news that names him", text, got)
			}
		}
		if got := ids(t, ix, search.Query{Text: "Aliyev", Lang: "ru"}); len(got) == 0 || got[0] != "expert-aliev" {
			t.Errorf("Aliyev finds %v, want expert-aliev first", got)
		}
	})

	t.Run("a name found only in the names is marked in the text", func(t *testing.T) {
		res := run(t, ix, search.Query{Text: "Coy", Lang: "ru", Highlight: true})
		i := slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.ID == "expert-tsoy" })
		if i < 0 || !strings.Contains(res.Hits[i].Snippet, "<mark>Цой</mark>") {
			t.Errorf("hits %+v, want expert-tsoy with Цой marked", res.Hits)
		}
		for _, h := range res.Hits {
			checkSafe(t, h.Snippet)
		}
	})

	t.Run("a name stays with its own record", func(t *testing.T) {
		tests := []struct {
			text string
			want []string
		}{
			{"Khodjaev", []string{"expert-khodjaev"}},
			{"Ilhomjon", []string{"expert-khodjaev"}},
			{"Yuldashev", []string{"event-training", "expert-yuldashev"}},
			{"Pugachev", []string{"expert-pugachev"}},
			{"Tsoy", []string{"expert-tsoy"}},
			{"Nurlanuly", []string{"expert-zhanabaev"}},
		}
		for _, tt := range tests {
			got := ids(t, ix, search.Query{Text: tt.text})
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q finds %v, want %v", tt.text, got, tt.want)
			}
		}
		// The events' trainer is not the experts' subject, nor the reverse.
		if got := ids(t, ix, search.Query{Text: "Yuldashev procurement"}); !slices.Contains(got, "event-training") || slices.Contains(got, "expert-tsoy") {
			t.Errorf("Yuldashev procurement finds %v", got)
		}
	})

	t.Run("suggestions complete names", func(t *testing.T) {
		tests := []struct {
			prefix, wantID, wantText string
		}{
			{"Alie", "expert-aliev", ""},
			{"Aliy", "expert-aliev", ""},
			{"Xo'j", "expert-khodjaev", "Xoʻjayev Ilhomjon"},
			{"Khodj", "expert-khodjaev", "Xoʻjayev Ilhomjon"},
			{"Ходж", "expert-khodjaev", "Ходжаев Илҳомжон"},
			{"Yuld", "expert-yuldashev", "Юлдашев Бахтиёр"},
			{"Pugachyo", "expert-pugachev", "Pugachyov Fyodor"},
			{"Пугачё", "expert-pugachev", "Pugachyov Fyodor"},
			{"Gulo", "expert-gulomov", "Gʻulomov Oʻktam"},
			{"Tsoy Vik", "expert-tsoy", "Цой Виктор"},
			{"Nurlanul", "expert-zhanabaev", "Жаңабаев Ержан Нұрланұлы"},
		}
		for _, tt := range tests {
			got, err := ix.Suggest(context.Background(), search.SuggestQuery{Prefix: tt.prefix, Size: search.MaxSuggestSize})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(got, func(s search.Suggestion) bool { return s.ID == tt.wantID })
			switch {
			case i < 0:
				t.Errorf("%q does not suggest %s: %+v", tt.prefix, tt.wantID, got)
			case tt.wantText != "" && (got[i].Text != tt.wantText || got[i].Lang != ""):
				t.Errorf("%q suggests %+v, want the name %q", tt.prefix, got[i], tt.wantText)
			}
			// Only a record's own names or titles are its text.
			for _, s := range got {
				if !ownText(s) {
					t.Errorf("%q suggests %+v, which is not among its record's names or titles", tt.prefix, s)
				}
			}
		}
		// The name in the script typed, when a record has both.
		got, err := ix.Suggest(context.Background(), search.SuggestQuery{Prefix: "Alie", Lang: "ru"})
		if err != nil || len(got) == 0 || got[0].ID != "expert-aliev" {
			t.Fatalf("Alie suggests %+v, %v", got, err)
		}
		if ih := slices.IndexFunc(got, func(s search.Suggestion) bool { return s.ID == "news-aliev" }); ih >= 0 {
			t.Errorf("Alie suggests the news, whose title does not name him: %+v", got)
		}
		if got, _ := ix.Suggest(context.Background(), search.SuggestQuery{Prefix: "Ilhom"}); len(got) != 1 || got[0].ID != "expert-khodjaev" {
			t.Errorf("Ilhom suggests %+v, want expert-khodjaev alone", got)
		}
	})
}

// ownText reports whether a suggestion's text is one of its record's
// titles or names in namesCorpus (or a record of another corpus).
func ownText(s search.Suggestion) bool {
	for _, d := range namesCorpus() {
		if d.ID != s.ID {
			continue
		}
		return s.Lang == "" && slices.Contains(d.Names, s.Text) || s.Lang != "" && d.Texts[s.Lang].Title == s.Text
	}
	return true
}
