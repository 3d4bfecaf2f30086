package similar_test

import (
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/similar"
)

// Realistic pairs: recommendations of the UNCAC review cycles and the
// OECD Istanbul plan, paraphrased as a second cycle or a second editor
// writes them.
var pairs = []struct {
	name string
	a, b platform.Text
	same bool
}{
	{
		name: "an English paraphrase of one recommendation on the agency's independence",
		a:    platform.Text{"en": "Strengthen the independence of the Anti-Corruption Agency, including guarantees against the early dismissal of its head."},
		b:    platform.Text{"en": "Kazakhstan should ensure the independence of the anti-corruption agency and guarantee its head against early dismissal."},
		same: true,
	},
	{
		name: "a Russian paraphrase with other inflections",
		a:    platform.Text{"ru": "Обеспечить независимость антикоррупционного органа, включая гарантии против досрочного освобождения его руководителя от должности."},
		b:    platform.Text{"ru": "Укрепить независимость антикоррупционного органа и предусмотреть гарантии от досрочного освобождения руководителя."},
		same: true,
	},
	{
		name: "Uzbek in Latin letters and the same in Cyrillic",
		a:    platform.Text{"uz": "Davlat xizmatchilarining daromadlari va mol-mulkini deklaratsiya qilish tizimini joriy etish."},
		b:    platform.Text{"uz": "Давлат хизматчиларининг даромадлари ва мол-мулкини декларация қилиш тизимини жорий этиш."},
		same: true,
	},
	{
		name: "Uzbek Latin with a plain apostrophe and Cyrillic, reworded",
		a:    platform.Text{"uz": "Korrupsiyaga oid jinoyatlar uchun yuridik shaxslarning javobgarligini belgilash."},
		b:    platform.Text{"uz": "Юридик шахсларнинг коррупцияга оид жиноятлар учун жавобгарлигини белгилаш зарур."},
		same: true,
	},
	{
		name: "one text in English and Russian, the other only in Russian",
		a: platform.Text{"en": "Adopt a law on the protection of whistleblowers.",
			"ru": "Принять закон о защите лиц, сообщающих о коррупции."},
		b:    platform.Text{"ru": "Принять отдельный закон о защите лиц, сообщающих о фактах коррупции."},
		same: true,
	},
	{
		name: "two matters of article 8 in English: asset declarations and codes of conduct",
		a:    platform.Text{"en": "Introduce an electronic system for the verification of asset declarations of public officials."},
		b:    platform.Text{"en": "Adopt codes of conduct for public officials in all ministries and train staff on conflicts of interest."},
	},
	{
		name: "two matters of article 30 in Russian: immunities and sanctions",
		a:    platform.Text{"ru": "Ограничить круг должностных лиц, пользующихся иммунитетом от уголовного преследования за коррупционные преступления."},
		b:    platform.Text{"ru": "Обеспечить соразмерность санкций за коррупционные преступления и вести статистику вынесенных приговоров."},
	},
	{
		name: "two Uzbek matters: declarations and procurement",
		a:    platform.Text{"uz": "Davlat xizmatchilarining daromadlarini deklaratsiya qilish tizimini joriy etish."},
		b:    platform.Text{"uz": "Давлат харидлари тўғрисидаги қонунчиликни такомиллаштириш ва очиқлигини таъминлаш."},
	},
	{
		name: "texts in no common language",
		a:    platform.Text{"en": "Adopt a law on the protection of whistleblowers."},
		b:    platform.Text{"ru": "Принять закон о защите лиц, сообщающих о коррупции."},
	},
	{
		name: "two stubs that say only the article",
		a:    platform.Text{"en": "Article 9."},
		b:    platform.Text{"en": "Article 9"},
	},
}

func TestTexts(t *testing.T) {
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			s := similar.Texts(p.a, p.b)
			t.Logf("%.3f", s)
			if (s >= similar.Threshold) != p.same {
				t.Fatalf("similarity %.3f, threshold %.2f, want same=%v", s, similar.Threshold, p.same)
			}
			if back := similar.Texts(p.b, p.a); back != s {
				t.Fatalf("not symmetric: %.3f and %.3f", s, back)
			}
		})
	}
}

func TestIdenticalTextsScoreOne(t *testing.T) {
	a := platform.Text{"ru": "Принять закон о защите лиц, сообщающих о коррупции."}
	if s := similar.Texts(a, a); s != 1 {
		t.Fatalf("got %.3f", s)
	}
}

func rec(id, country, area string, articles []int, text platform.Text) *platform.Recommendation {
	return &platform.Recommendation{ID: id, RecommendationInput: platform.RecommendationInput{
		Country: country, Area: area, Articles: articles, Text: text}}
}

func TestLikelyDuplicates(t *testing.T) {
	agency := platform.Text{"en": "Strengthen the independence of the Anti-Corruption Agency, including guarantees against the early dismissal of its head."}
	agency2 := platform.Text{"en": "Kazakhstan should ensure the independence of the anti-corruption agency and guarantee its head against early dismissal."}
	r := rec("r", "KZ", "prevention", []int{6, 36}, agency)
	others := []*platform.Recommendation{
		rec("same", "KZ", "prevention", []int{36}, agency2),
		rec("itself", "KZ", "prevention", []int{6}, agency),
		rec("other country", "UZ", "prevention", []int{36}, agency2),
		rec("no shared article", "KZ", "prevention", []int{5}, agency2),
		rec("other matter", "KZ", "prevention", []int{36}, platform.Text{"en": "Publish annual statistics of corruption cases investigated and sent to court."}),
		rec("r", "KZ", "prevention", []int{36}, agency2), // r itself, by id
	}
	got := similar.LikelyDuplicates(r, others)
	if want := []string{"itself", "same"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Without articles, the area decides.
	a := rec("a", "KZ", "prevention", nil, agency)
	for _, tc := range []struct {
		name string
		b    *platform.Recommendation
		want bool
	}{
		{"both without articles, same area", rec("b", "KZ", "prevention", nil, agency2), true},
		{"both without articles, other area", rec("b", "KZ", "criminalization", nil, agency2), false},
		{"one with articles", rec("b", "KZ", "prevention", []int{36}, agency2), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := similar.LikelyDuplicates(a, []*platform.Recommendation{tc.b})
			if (len(got) == 1) != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

func TestAllAgreesWithLikelyDuplicates(t *testing.T) {
	var recs []*platform.Recommendation
	for i, p := range pairs {
		for j, text := range []platform.Text{p.a, p.b} {
			arts := []int{8 + i%3}
			if i%4 == 3 {
				arts = nil
			}
			recs = append(recs, rec(string(rune('a'+i))+string(rune('0'+j)), []string{"KZ", "UZ"}[i%2], "prevention", arts, text))
		}
	}
	all := similar.All(recs)
	for _, r := range recs {
		if got, want := all[r.ID], similar.LikelyDuplicates(r, recs); !slices.Equal(got, want) {
			t.Fatalf("%s: All gives %v, LikelyDuplicates %v", r.ID, got, want)
		}
	}
	if len(all) == 0 {
		t.Fatal("no duplicates found at all")
	}
}
