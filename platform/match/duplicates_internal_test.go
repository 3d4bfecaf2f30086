package match

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// bruteDuplicates compares every pair of profiles, without buckets: what
// Duplicates must find.
func bruteDuplicates(experts []*platform.Expert) []platform.DuplicatePair {
	var live []*platform.Expert
	for _, e := range experts {
		if e != nil && e.Status != platform.ExpertMerged && e.Status != platform.ExpertErased &&
			!slices.ContainsFunc(live, func(x *platform.Expert) bool { return x.ID == e.ID }) {
			live = append(live, e)
		}
	}
	slices.SortFunc(live, func(a, b *platform.Expert) int { return strings.Compare(a.ID, b.ID) })
	words := make([][2][]string, len(live))
	for i, e := range live {
		words[i] = [2][]string{nameWords(e.NameCyrillic), nameWords(e.NameLatin)}
	}
	var out []platform.DuplicatePair
	for i, a := range live {
		for j := i + 1; j < len(live); j++ {
			b := live[j]
			ev := &evidence{}
			ea, eb := strings.ToLower(strings.TrimSpace(a.Contact.Email)), strings.ToLower(strings.TrimSpace(b.Contact.Email))
			ev.email = ea != "" && ea == eb
			ev.phone = phoneKey(a.Contact.Phone) != "" && phoneKey(a.Contact.Phone) == phoneKey(b.Contact.Phone)
			for s := range 2 {
				for t := range 2 {
					ev.names[s][t] = relate(words[i][s], words[j][t])
				}
			}
			if p := ev.pair(a, b); p != nil {
				out = append(out, *p)
			}
		}
	}
	slices.SortFunc(out, func(x, y platform.DuplicatePair) int {
		return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	})
	return out
}

// TestDuplicatesBucketsMissNothing compares Duplicates with the comparison
// of every pair on a crowded pool: bucketing must find every pair, with
// the same evidence, and the pool's order must not matter.
func TestDuplicatesBucketsMissNothing(t *testing.T) {
	s := SyntheticPool(500, 3)
	pool := s.Experts
	// Crowd the pool with namesakes, names of three words, shared
	// contacts and names in one script.
	rnd := rand.New(rand.NewPCG(3, 3))
	for i := range 80 {
		src := pool[rnd.IntN(len(pool))]
		e := &platform.Expert{ID: fmt.Sprintf("zz%02d", i), Status: platform.ExpertApproved}
		e.NameCyrillic, e.NameLatin = src.NameCyrillic, src.NameLatin
		switch i % 5 {
		case 0:
			e.NameCyrillic = strings.Replace(src.NameCyrillic, " ", " Тимур ", 1)
		case 1:
			e.Contact.Phone = "0" + platform.PhoneDigits(src.Contact.Phone)
		case 2:
			e.NameLatin, e.Contact.Email = "", strings.ToUpper(src.Contact.Email)
		case 3:
			if f := strings.Fields(src.NameLatin); len(f) == 2 {
				e.NameCyrillic, e.NameLatin = "", f[1]+" Karimovna "+f[0]
			}
		}
		pool = append(pool, e)
	}
	all := Duplicates(pool)
	want := bruteDuplicates(pool)
	if !reflect.DeepEqual(all, want) {
		t.Fatalf("Duplicates found %d pairs, the comparison of every pair %d", len(all), len(want))
	}
	shuffled := slices.Clone(pool)
	rnd.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if again := Duplicates(shuffled); !reflect.DeepEqual(all, again) {
		t.Error("the pool's order changed the result")
	}
	if len(all) < 80 {
		t.Errorf("only %d pairs: the crowding did not work", len(all))
	}
}

func TestNameWords(t *testing.T) {
	// The words as nameKey folds them, so that the test says what
	// nameWords adds to the fold, whatever the fold makes of each word.
	words := func(ws ...string) []string {
		out := slices.Clone(ws)
		slices.Sort(out)
		return out
	}
	f := nameKey
	pat := func(father string) string { return patronymic(nameKey(father)) }
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"a Russian-style name folds, sorted, with its patronymic marked", "Алиев Рустам Каримович", words(pat("Карим"), f("Алиев"), f("Рустам"))},
		{"an Uzbek patronymic is one word like the Russian one", "Aliyev Rustam Karim oʻgʻli", words(pat("Karim"), f("Aliyev"), f("Rustam"))},
		{"a patronymic from a name in -й meets the particle form", "Дмитриевич Дмитрий ўғли", words(pat("Дмитрий"))},
		{"a Kyrgyz uulu follows the father's name", "Асанов Бакыт Нурлан уулу", words(pat("Нурлан"), f("Асанов"), f("Бакыт"))},
		{"a Latin patronymic is found as written", "Rustam Karimovich Aliyev", words(pat("Karim"), f("Aliyev"), f("Rustam"))},
		{"a surname ending like a patronymic's stem is left alone", "Ович Ов", words(f("Ович"), f("Ов"))},
		{"initials and punctuation go", "R. Aliyev", words(f("Aliyev"))},
		{"an empty name has no words", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nameWords(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("nameWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if pat("Дмитрий") != pat("Дмитри") || pat("Алексей") != pat("Алексе") {
		t.Errorf("the stems of -евич patronymics do not meet the fathers' names: %q %q, %q %q",
			pat("Дмитрий"), pat("Дмитри"), pat("Алексей"), pat("Алексе"))
	}
}
