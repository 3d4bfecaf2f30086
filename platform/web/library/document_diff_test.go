package library

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// sides rebuilds the old and the new text from a diff.
func sides(segs []segment) (string, string) {
	var a, b strings.Builder
	for _, s := range segs {
		if s.Kind != segInsert {
			a.WriteString(s.Text)
		}
		if s.Kind != segDelete {
			b.WriteString(s.Text)
		}
	}
	return a.String(), b.String()
}

func render(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		switch s.Kind {
		case segDelete:
			b.WriteString("[-" + s.Text + "-]")
		case segInsert:
			b.WriteString("{+" + s.Text + "+}")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestDiffMarksChangedWords(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"identical texts have no change", "Закон о коррупции", "Закон о коррупции", "Закон о коррупции"},
		{"one word replaced", "Закон о противодействии коррупции", "Закон о предупреждении коррупции", "Закон о [-противодействии-]{+предупреждении+} коррупции"},
		{"a word added at the end", "Qonun", "Qonun loyihasi", "Qonun{+ loyihasi+}"},
		{"a word removed at the start", "Yangi Qonun", "Qonun", "[-Yangi -]Qonun"},
		{"an apostrophe is part of the word", "toʻgʻrisida qonun", "to'g'risida qonun", "[-toʻgʻrisida-]{+to'g'risida+} qonun"},
		{"a changed line among unchanged ones", "1. One\n2. Two\n3. Three\n", "1. One\n2. Deux\n3. Three\n", "1. One\n2. [-Two-]{+Deux+}\n3. Three\n"},
		{"from nothing", "", "new text", "{+new text+}"},
		{"to nothing", "old text", "", "[-old text-]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := diffText(tt.a, tt.b)
			if got := render(segs); got != tt.want {
				t.Errorf("diff = %q, want %q", got, tt.want)
			}
			if a, b := sides(segs); a != tt.a || b != tt.b {
				t.Errorf("sides %q %q", a, b)
			}
		})
	}
}

func TestDiffGivesBackBothTexts(t *testing.T) {
	words := []string{"закон", "qonun", "zaň", " ", " ", "\n", ",", "жемқорлық", "korrupsiya", "."}
	r := rand.New(rand.NewPCG(1, 2))
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	for i := range 300 {
		a, b := gen(r.IntN(80)), gen(r.IntN(80))
		segs := diffText(a, b)
		if ga, gb := sides(segs); ga != a || gb != b {
			t.Fatalf("case %d: got %q / %q from %q / %q", i, ga, gb, a, b)
		}
	}
}

func TestAHugeRewriteIsShownAsAReplacementInBoundedTime(t *testing.T) {
	var a, b strings.Builder
	for i := range 30000 {
		a.WriteString("alpha ")
		if i%2 == 0 {
			b.WriteString("beta ")
		} else {
			b.WriteString("gamma delta ")
		}
	}
	segs := diffText(a.String(), b.String())
	if ga, gb := sides(segs); ga != a.String() || gb != b.String() {
		t.Fatal("sides differ")
	}
}

func TestElideKeepsContextAroundChanges(t *testing.T) {
	long := strings.Repeat("слово ", 400)
	segs := elide(diffText(long+"старое"+long, long+"новое"+long))
	elided := 0
	for _, s := range segs {
		if s.Elided {
			elided++
		}
	}
	if elided != 2 {
		t.Fatalf("%d elisions in %+v", elided, len(segs))
	}
}
