// Package bench generates the corpus and the query mix of the hub's
// performance benchmarks (`hubbench bench` and the measurements of
// cmd/hubbench) and measures latencies.
//
// The corpus imitates the library: laws, regulations, strategies, guidelines,
// training materials and reports of the five member states, written in the
// country's language (Kazakh also in its 2021 Latin alphabet, Uzbek and
// Turkmen also in Cyrillic), mostly with a Russian translation and often with
// an English one, about the anti-corruption topics of the Convention, tagged
// with the articles and thematic areas of those topics. English bodies quote
// the Convention's own text (platform/data/uncac.json). Generation is
// deterministic: the same seed gives the same documents.
package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/ca-uncac/hub/platform"
)

// kindWeights is how common each kind is in the generated library.
var kindWeights = []struct {
	kind   string
	weight int
}{
	{"national_law", 24}, {"regulation", 14}, {"training", 12}, {"report", 10}, {"guideline", 10},
	{"strategy", 8}, {"case", 8}, {"course", 4}, {"video", 3}, {"model_law", 4}, {"convention", 3},
}

// legal reports whether documents of kind have a legal status.
func legal(kind string) bool {
	switch kind {
	case "national_law", "regulation", "model_law", "strategy", "convention":
		return true
	}
	return false
}

// Generator makes documents. It is not safe for concurrent use.
type Generator struct {
	r        *rand.Rand
	uncac    []string // sentences of the Convention's English text
	articles []platform.Article
}

// NewGenerator returns a generator whose output depends only on seed.
func NewGenerator(seed uint64) *Generator {
	g := &Generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), articles: platform.Articles()}
	for _, a := range g.articles {
		for _, s := range strings.FieldsFunc(a.Text["en"], func(r rune) bool { return r == '\n' || r == ';' }) {
			if s = strings.TrimSpace(s); len(s) > 40 {
				g.uncac = append(g.uncac, s)
			}
		}
	}
	return g
}

// Documents returns n generated documents.
func (g *Generator) Documents(n int) []platform.DocumentInput {
	out := make([]platform.DocumentInput, n)
	for i := range out {
		out[i] = g.Document()
	}
	return out
}

// Document returns the next generated document.
func (g *Generator) Document() platform.DocumentInput {
	r := g.r
	kind := g.kind()
	country := platform.Countries()[r.IntN(len(platform.Countries()))]
	countries := []string{country}
	if r.IntN(10) == 0 {
		countries = append(countries, platform.Countries()[r.IntN(len(platform.Countries()))])
	}
	// One main topic, sometimes a second.
	main := topics[g.zipf(len(topics))]
	ts := []topic{main}
	if r.IntN(3) == 0 {
		ts = append(ts, topics[r.IntN(len(topics))])
	}
	var articles []int
	var areas []string
	for _, t := range ts {
		articles = append(articles, t.articles...)
		areas = append(areas, t.area)
	}
	if r.IntN(4) == 0 {
		articles = append(articles, 5+r.IntN(10)) // the general prevention articles
	}
	year := 1998 + r.IntN(28)
	in := platform.DocumentInput{
		Kind: kind, Countries: countries, Areas: areas, UncacArticles: articles,
		Visibility:   g.visibility(),
		Translations: map[string]platform.Translation{},
	}
	if legal(kind) {
		in.Adopted = fmt.Sprintf("%04d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
		in.Status = []platform.DocumentStatus{platform.DocumentInForce, platform.DocumentInForce, platform.DocumentInForce,
			platform.DocumentAmended, platform.DocumentRepealed, platform.DocumentDraft}[r.IntN(6)]
	}
	// The country's own language always; Russian mostly; English often.
	native := nativeLanguage[country]
	langs := []string{native}
	if r.IntN(10) < 7 {
		langs = append(langs, "ru")
	}
	if r.IntN(10) < 4 || kind == "convention" || kind == "model_law" {
		langs = append(langs, "en")
	}
	slices.Sort(langs)
	langs = slices.Compact(langs)
	sentencesN := 6 + r.IntN(12)
	for _, lang := range langs {
		full := lang == native || r.IntN(2) == 0
		in.Translations[lang] = g.translation(lang, kind, country, ts, year, sentencesN, full)
	}
	return in
}

// translation writes one language's text.
func (g *Generator) translation(lang, kind, country string, ts []topic, year, n int, full bool) platform.Translation {
	r := g.r
	title := fmt.Sprintf("%s: %s", kindNames[lang][kind], ts[0].name[lang])
	switch kind {
	case "national_law", "regulation":
		title = fmt.Sprintf("%s %s № %d-%s", kindNames[lang][kind], countryOf[lang][country], 1+r.IntN(600), romanYear(year))
		title += ": " + ts[0].name[lang]
	case "training", "course", "video":
		if c := cities[lang][country]; len(c) > 0 && r.IntN(2) == 0 {
			title += " (" + c[r.IntN(len(c))] + ", " + strconv.Itoa(year) + ")"
		}
	}
	t := platform.Translation{Title: title}
	t.Summary = g.sentence(lang, country, ts[0], year) + " " + g.sentence(lang, country, ts[len(ts)-1], year)
	if full {
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				if i%4 == 0 {
					b.WriteString("\n\n")
				} else {
					b.WriteString(" ")
				}
			}
			if lang == "en" && r.IntN(3) == 0 {
				b.WriteString(g.uncac[r.IntN(len(g.uncac))])
				b.WriteString(".")
				continue
			}
			b.WriteString(g.sentence(lang, country, ts[r.IntN(len(ts))], year))
		}
		t.Body = b.String()
	}
	t.IssuingBody = bodies[lang][r.IntN(len(bodies[lang]))]
	// A share of the texts in the other script of the language.
	switch {
	case lang == "uz" && r.IntN(10) < 3:
		t = mapText(t, uzbekCyrillic)
	case lang == "kk" && r.IntN(10) < 2:
		t = mapText(t, kazakhLatin)
	case lang == "tk" && r.IntN(10) < 2:
		t = mapText(t, turkmenCyrillic)
	}
	return t
}

func mapText(t platform.Translation, f func(string) string) platform.Translation {
	return platform.Translation{Title: f(t.Title), Summary: f(t.Summary), Body: f(t.Body), IssuingBody: f(t.IssuingBody)}
}

// romanYear gives law numbers the look of "№ 123-VI" (the convocation of the
// parliament, roughly from the year).
func romanYear(year int) string {
	return []string{"I", "II", "III", "IV", "V", "VI", "VII"}[min((year-1995)/5, 6)]
}

// sentence fills a random pattern of lang.
func (g *Generator) sentence(lang, country string, t topic, year int) string {
	r := g.r
	s := sentences[lang][r.IntN(len(sentences[lang]))]
	c := cities[lang][country]
	return strings.NewReplacer(
		"{topic}", t.name[lang],
		"{country}", countryOf[lang][country],
		"{body}", bodies[lang][r.IntN(len(bodies[lang]))],
		"{city}", c[r.IntN(len(c))],
		"{year}", strconv.Itoa(year-r.IntN(3)),
		"{n}", strconv.Itoa(1+r.IntN(70)),
	).Replace(s)
}

func (g *Generator) kind() string {
	total := 0
	for _, k := range kindWeights {
		total += k.weight
	}
	n := g.r.IntN(total)
	for _, k := range kindWeights {
		if n < k.weight {
			return k.kind
		}
		n -= k.weight
	}
	return kindWeights[0].kind
}

func (g *Generator) visibility() string {
	switch n := g.r.IntN(20); {
	case n < 16:
		return platform.Public
	case n < 19:
		return platform.Members
	default:
		return platform.Secretariat
	}
}

// zipf picks an index below n with a falling frequency, so that some topics
// are common and others rare, as in a real library.
func (g *Generator) zipf(n int) int {
	// Weight 1/(i+2): the first topic is about ten times as common as the
	// last.
	total := 0.0
	for i := 0; i < n; i++ {
		total += 1 / float64(i+2)
	}
	x := g.r.Float64() * total
	for i := 0; i < n; i++ {
		x -= 1 / float64(i+2)
		if x < 0 {
			return i
		}
	}
	return n - 1
}
