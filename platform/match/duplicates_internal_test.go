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
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"a Russian-style name folds, sorted, with its patronymic marked", "Алиев Рустам Каримович", []string{"=karim", "aliev", "rustam"}},
		{"an Uzbek patronymic is one word like the Russian one", "Aliyev Rustam Karim oʻgʻli", []string{"=karim", "aliev", "rustam"}},
		{"a patronymic from a name in -й meets the particle form", "Дмитриевич Дмитрий ўғли", []string{"=dmitr"}},
		{"a Kyrgyz uulu follows the father's name", "Асанов Бакыт Нурлан уулу", []string{"=nurlan", "asanov", "bakit"}},
		{"initials and punctuation go", "R. Aliyev", []string{"aliev"}},
		{"an empty name has no words", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nameWords(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("nameWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
