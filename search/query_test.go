package search

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	w := func(words ...string) Clause { return Clause{Words: words} }
	tests := []struct {
		name string
		in   string
		want []Clause
	}{
		{"an empty text has no clauses", "", nil},
		{"spaces have no clauses", " \t\n ", nil},
		{"free words are separate clauses", "illicit enrichment", []Clause{w("illicit"), w("enrichment")}},
		{"quotes make a phrase", `"proceeds of crime" seizure`,
			[]Clause{{Words: []string{"proceeds", "of", "crime"}, Phrase: true, Quoted: true}, w("seizure")}},
		{"typographic quotes make a phrase", "«противодействии коррупции» “asset recovery”", []Clause{
			{Words: []string{"противодействии", "коррупции"}, Phrase: true, Quoted: true},
			{Words: []string{"asset", "recovery"}, Phrase: true, Quoted: true},
		}},
		{"an unclosed quote runs to the end", `bribery "public officials`,
			[]Clause{w("bribery"), {Words: []string{"public", "officials"}, Phrase: true, Quoted: true}}},
		{"a leading minus excludes", "proceeds -confiscation",
			[]Clause{w("proceeds"), {Words: []string{"confiscation"}, Exclude: true}}},
		{"a leading minus excludes a phrase", `-"public officials"`,
			[]Clause{{Words: []string{"public", "officials"}, Phrase: true, Exclude: true, Quoted: true}}},
		{"a trailing star is a prefix", "confisc* Ўзбек*",
			[]Clause{{Words: []string{"confisc"}, Prefix: true}, {Words: []string{"Ўзбек"}, Prefix: true}}},
		{"a leading plus is ignored", "+bribery", []Clause{w("bribery")}},
		{"apostrophes stay inside words", "Oʻzbekiston O'zbekiston O`zbekiston",
			[]Clause{w("Oʻzbekiston"), w("O'zbekiston"), w("O`zbekiston")}},
		{"punctuation inside a word makes a phrase", "anti-corruption",
			[]Clause{{Words: []string{"anti", "corruption"}, Phrase: true}}},
		{"field syntax is plain text", "title:x",
			[]Clause{{Words: []string{"title", "x"}, Phrase: true}}},
		{"lone operators are nothing", `- * + : ^ ~ ( ) "" -"" -* *-`, nil},
		{"boolean words are plain words", "bribery AND NOT fraud OR theft",
			[]Clause{w("bribery"), w("AND"), w("NOT"), w("fraud"), w("OR"), w("theft")}},
		{"control characters separate words", "a\x00b\x1bc\u0085d", []Clause{w("a"), w("b"), w("c"), w("d")}},
		{"bleve query-string syntax is plain text", `+type:event -country:KZ title:"x" /re.*/ a~2 b^3 c:>5`, []Clause{
			{Words: []string{"type", "event"}, Phrase: true},
			{Words: []string{"country", "KZ"}, Phrase: true, Exclude: true},
			w("title"), {Words: []string{"x"}, Phrase: true, Quoted: true},
			{Words: []string{"re"}, Prefix: false, Phrase: false},
			{Words: []string{"a", "2"}, Phrase: true}, {Words: []string{"b", "3"}, Phrase: true},
			{Words: []string{"c", "5"}, Phrase: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseQuery(tt.in)
			for i := range got {
				got[i].Typed = "" // TestParseQueryTyped
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseQuery(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseQueryTyped(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bribery", "bribery"},
		{"anti-corruption,", "anti-corruption"},
		{"-confisc*", "confisc"},
		{`«proceeds of crime»`, "proceeds of crime"},
		{"O'zbekiston", "O'zbekiston"},
		{"(korrupsiya)", "korrupsiya"},
	}
	for _, tt := range tests {
		got := ParseQuery(tt.in)
		if len(got) != 1 || got[0].Typed != tt.want {
			t.Errorf("ParseQuery(%q) = %+v, want one clause typed %q", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryLimits(t *testing.T) {
	t.Run("at most MaxTerms words are kept", func(t *testing.T) {
		got := ParseQuery(strings.Repeat("word ", 100) + `"a phrase"`)
		if n := countWords(got); n != MaxTerms {
			t.Errorf("%d words, want %d", n, MaxTerms)
		}
	})
	t.Run("a phrase is cut to the words left", func(t *testing.T) {
		got := ParseQuery(strings.Repeat("w ", MaxTerms-2) + `"one two three"`)
		if n := countWords(got); n != MaxTerms {
			t.Errorf("%d words, want %d", n, MaxTerms)
		}
	})
	t.Run("10 KB of text is fine", func(t *testing.T) {
		got := ParseQuery(strings.Repeat("x", 10<<10))
		if len(got) != 1 || utf8.RuneCountInString(got[0].Words[0]) != MaxWordRunes {
			t.Errorf("got %d clauses, want one word of %d runes", len(got), MaxWordRunes)
		}
	})
}

func countWords(cs []Clause) int {
	n := 0
	for _, c := range cs {
		n += len(c.Words)
	}
	return n
}

func TestQueryValidate(t *testing.T) {
	valid := []Query{
		{},
		{Text: `"unbalanced -* title:x`, Lang: "uz", Facets: FacetNames(), Sort: SortDate, From: 10, Size: MaxSize, Year: 2024, Articles: []int{1, 71}},
		{Sort: SortRelevance},
	}
	for _, q := range valid {
		if err := q.Validate(); err != nil {
			t.Errorf("%+v: %v", q, err)
		}
	}
	invalid := map[string]Query{
		"an unknown language": {Lang: "fr"},
		"an unknown facet":    {Facets: []string{"author"}},
		"an unknown sort":     {Sort: "title"},
		"a negative from":     {From: -1},
		"a deep page":         {From: MaxFrom + 1},
		"a negative size":     {Size: -1},
		"a huge size":         {Size: MaxSize + 1},
		"a negative year":     {Year: -5},
		"article 0":           {Articles: []int{0}},
		"article 72":          {Articles: []int{72}},
	}
	for name, q := range invalid {
		if err := q.Validate(); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%s: Validate() = %v, want ErrInvalidQuery", name, err)
		}
	}
}

func TestDocumentValidate(t *testing.T) {
	if err := (Document{ID: "d1", Texts: map[string]Text{"uz": {Title: "x"}}}).Validate(); err != nil {
		t.Errorf("valid document: %v", err)
	}
	for name, d := range map[string]Document{
		"an empty id":     {},
		"an unknown lang": {ID: "d1", Texts: map[string]Text{"fr": {Title: "x"}}},
		"a non-UTF-8 id":  {ID: "\xff"},
		"an oversized id": {ID: strings.Repeat("x", MaxIDBytes+1)},
	} {
		if err := d.Validate(); !errors.Is(err, ErrInvalidDocument) {
			t.Errorf("%s: Validate() = %v, want ErrInvalidDocument", name, err)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", `"`, `""`, `-`, `*`, `+`, `AND`, `:`, `title:x`, `"unbalanced`, `-"x`, `a* -b "c d"`,
		"\x00\x01\x7f", "\xff\xfe", "Oʻzbekiston", `«Қазақстан»`, `+type:event -country:KZ /re.*/ a~2 b^3`,
		strings.Repeat("ab ", 5000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clauses := ParseQuery(s)
		if n := countWords(clauses); n > MaxTerms {
			t.Fatalf("%d words", n)
		}
		for _, c := range clauses {
			if len(c.Words) == 0 {
				t.Fatalf("a clause without words: %+v", c)
			}
			if c.Prefix && (c.Phrase || len(c.Words) != 1) {
				t.Fatalf("a prefix phrase: %+v", c)
			}
			for _, w := range c.Words {
				if w == "" || !utf8.ValidString(w) || utf8.RuneCountInString(w) > MaxWordRunes {
					t.Fatalf("bad word %q in %+v", w, c)
				}
			}
		}
	})
}
