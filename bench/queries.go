package bench

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
)

// Query is one search of the benchmark's mix, as a reader of the library
// asks it.
type Query struct {
	Text      string
	Lang      string
	Countries []string
	Articles  []int
	Year      int
	Sort      string // "" or "date"
}

// practitioners are words of the thesaurus that readers type instead of the
// Convention's terms.
var practitioners = []struct{ lang, text string }{
	{"ru", "откат"}, {"en", "kickback"}, {"en", "PEP"}, {"en", "facilitation payments"}, {"en", "state capture"},
	{"ru", "кумовство"}, {"en", "nepotism"}, {"ru", "бенефициарная собственность"}, {"en", "beneficial ownership"},
	{"kk", "пара"}, {"uz", "pora"}, {"ru", "взятка"}, {"en", "grand corruption"}, {"ru", "конфликт интересов"},
	{"uz", "manfaatlar toʻqnashuvi"}, {"tk", "para"}, {"ky", "пара"}, {"tg", "ришва"}, {"en", "whistleblower"},
	{"ru", "незаконное обогащение"},
}

// common are words nearly every record of the library has.
var common = []struct{ lang, text string }{
	{"ru", "коррупция"}, {"ru", "коррупции"}, {"en", "corruption"}, {"uz", "korrupsiya"}, {"ky", "коррупция"},
	{"kk", "сыбайлас жемқорлық"}, {"tg", "коррупсия"}, {"tk", "korrupsiýa"}, {"ru", "закон"}, {"en", "law"},
}

// Queries returns n queries of the benchmark's mix, the same for the same
// seed: words and phrases of the corpus's topics in every language and
// script, some quoted, some cut short with *, some with a typo, some with
// filters, practitioners' words of the thesaurus, words nearly every record
// has, and browsing with filters and no words.
func Queries(n int, seed uint64) []Query {
	r := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	out := make([]Query, 0, n)
	langs := platform.Languages()
	for len(out) < n {
		lang := langs[r.IntN(len(langs))]
		t := topics[r.IntN(len(topics))]
		name := script(r, lang, t.name[lang])
		words := strings.Fields(strings.NewReplacer(",", "", "«", "", "»", "").Replace(name))
		q := Query{Lang: lang}
		switch k := r.IntN(100); {
		case k < 30: // one or two words of a topic
			i := r.IntN(len(words))
			q.Text = strings.Join(words[i:min(i+1+r.IntN(2), len(words))], " ")
		case k < 45: // a whole topic
			q.Text = strings.Join(words, " ")
		case k < 53: // a quoted phrase
			i := r.IntN(len(words))
			q.Text = `"` + strings.Join(words[i:min(i+2, len(words))], " ") + `"`
		case k < 63: // words and a filter
			q.Text = words[r.IntN(len(words))]
			switch r.IntN(3) {
			case 0:
				q.Countries = []string{platform.Countries()[r.IntN(len(platform.Countries()))]}
			case 1:
				q.Articles = []int{t.articles[r.IntN(len(t.articles))]}
			default:
				q.Year = 2000 + r.IntN(25)
			}
		case k < 68: // a prefix
			w := longest(words)
			if utf8.RuneCountInString(w) > 5 {
				w = string([]rune(w)[:5])
			}
			q.Text = w + "*"
		case k < 73: // a typo
			q.Text = typo(r, longest(words))
		case k < 85: // the thesaurus
			p := practitioners[r.IntN(len(practitioners))]
			q.Text, q.Lang = p.text, p.lang
		case k < 93: // common words
			c := common[r.IntN(len(common))]
			q.Text, q.Lang = c.text, c.lang
		default: // browsing: filters, no words, newest first
			q.Countries = []string{platform.Countries()[r.IntN(len(platform.Countries()))]}
			if r.IntN(2) == 0 {
				q.Articles = []int{t.articles[0]}
			}
			q.Sort = "date"
		}
		if q.Sort == "" && r.IntN(10) == 0 {
			q.Sort = "date"
		}
		out = append(out, q)
	}
	return out
}

// script writes a share of the text in the language's other script, as
// readers do.
func script(r *rand.Rand, lang, s string) string {
	if r.IntN(4) != 0 {
		return s
	}
	switch lang {
	case "uz":
		return uzbekCyrillic(s)
	case "kk":
		return kazakhLatin(s)
	case "tk":
		return turkmenCyrillic(s)
	}
	return s
}

func longest(words []string) string {
	return slices.MaxFunc(words, func(a, b string) int { return utf8.RuneCountInString(a) - utf8.RuneCountInString(b) })
}

// typo swaps two letters in the middle of a word.
func typo(r *rand.Rand, w string) string {
	rs := []rune(w)
	if len(rs) < 5 {
		return w
	}
	i := 1 + r.IntN(len(rs)-3)
	rs[i], rs[i+1] = rs[i+1], rs[i]
	return string(rs)
}

// Percentiles summarises latencies.
type Percentiles struct {
	N                       int
	P50, P95, P99, Max, Avg time.Duration
}

// Summarise returns the percentiles of ds (nearest rank).
func Summarise(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Percentiles{N: len(s), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: s[len(s)-1], Avg: sum / time.Duration(len(s))}
}
