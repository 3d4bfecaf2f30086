// Package similar finds recommendations that are likely the same one,
// entered twice (from two review cycles, or typed by two people): the same
// country, the same UNCAC article and text that says much the same in some
// language. It imports only platform and search, and is tested by table
// without a database.
package similar

import (
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// Threshold is the similarity from which two recommendations of one
// country sharing an article are flagged as likely duplicates. Measured on
// the pairs of similar_test.go: reworded recommendations score 0.53–0.73
// (one Uzbek text in Latin and in Cyrillic letters 1.00), and texts about
// other matters under the same article 0.00–0.12 (they share the
// vocabulary of the article: "public officials", "коррупционные
// преступления"), so 0.30 leaves a margin on both sides. A flag is a
// prompt for the secretariat to look, never a merge.
const Threshold = 0.30

// stemLen is how many letters of a folded word are kept: a crude stemmer
// that lets the inflections of Russian, Kazakh or Uzbek words meet
// ("коррупции", "коррупцию" → "korru…"; "declarations", "declaration").
const stemLen = 6

// minWord is the shortest word (in letters, after folding) that counts:
// shorter ones are prepositions, conjunctions and articles in every
// language of the hub ("в", "и", "of", "va", "на").
const minWord = 3

// stopwords are the frequent longer words that say nothing of a
// recommendation's matter, folded (search.Fold) and cut to stemLen: the
// modal verbs and function words of the recommendations' languages.
var stopwords = func() map[string]bool {
	words := []string{
		// English
		"the", "and", "for", "with", "that", "this", "its", "their", "which", "should", "shall", "must", "also",
		"are", "was", "were", "been", "from", "into", "such", "other", "any", "all", "has", "have", "not",
		"consider", "continue", "ensure", "further", "take", "measures", "steps", "state", "party", "country",
		// Russian
		"для", "что", "как", "или", "при", "его", "ее", "их", "также", "этого", "этой", "которые", "который",
		"следует", "должна", "должно", "рекомендуется", "принять", "меры", "обеспечить", "рассмотреть",
		"продолжить", "государство", "участник", "страна", "свои", "своих", "всех",
		// Kazakh, Kyrgyz, Uzbek, Tajik, Turkmen: the commonest
		"және", "үшін", "мен", "бен", "пен", "жана", "учун", "ва", "учун", "bilan", "uchun", "hamda",
		"барои", "бо", "ва", "дар", "bilen", "üçin", "we",
	}
	out := map[string]bool{}
	for _, w := range words {
		out[stem(search.Fold(w))] = true
	}
	return out
}()

func stem(w string) string {
	if utf8.RuneCountInString(w) <= stemLen {
		return w
	}
	r := []rune(w)
	return string(r[:stemLen])
}

// features is a text's set of words and word pairs, as sorted hashes.
type features struct {
	words, pairs []uint64
}

// featuresOf folds the text (scripts meet: Uzbek Latin and Cyrillic),
// drops short words and stopwords, stems, and keeps the words and the
// pairs of consecutive kept words.
func featuresOf(s string) features {
	var kept []string
	for _, w := range search.FoldedWords(s) {
		if utf8.RuneCountInString(w) < minWord {
			continue
		}
		w = stem(w)
		if stopwords[w] || isNumber(w) {
			continue
		}
		kept = append(kept, w)
	}
	var f features
	for i, w := range kept {
		f.words = append(f.words, hash(w))
		if i > 0 {
			f.pairs = append(f.pairs, hash(kept[i-1]+" "+w))
		}
	}
	f.words, f.pairs = set(f.words), set(f.pairs)
	return f
}

func isNumber(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

func hash(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

func set(xs []uint64) []uint64 {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// jaccard is |a∩b| / |a∪b| of two sorted sets; 0 when both are empty.
func jaccard(a, b []uint64) float64 {
	common, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - common
	if union == 0 {
		return 0
	}
	return float64(common) / float64(union)
}

// score mixes the two measures: two thirds the words' Jaccard (a
// paraphrase keeps most words and changes their order), one third the
// pairs' (the same phrase, "independence of the judiciary", is stronger
// evidence than its words scattered). A text of fewer than three kept
// words compares as nothing: two one-line stubs ("Article 9") would meet
// on everything.
func score(a, b features) float64 {
	if len(a.words) < 3 || len(b.words) < 3 {
		return 0
	}
	return (2*jaccard(a.words, b.words) + jaccard(a.pairs, b.pairs)) / 3
}

// prepared is a recommendation's texts made ready to compare, by
// language.
type prepared map[string]features

func prepare(t platform.Text) prepared {
	p := make(prepared, len(t))
	for lang, s := range t {
		if s != "" {
			p[lang] = featuresOf(s)
		}
	}
	return p
}

func (p prepared) best(q prepared) float64 {
	best := 0.0
	for lang, f := range p {
		if g, ok := q[lang]; ok {
			best = max(best, score(f, g))
		}
	}
	return best
}

// Texts is how alike two texts are, from 0 to 1: the best score over the
// languages both have. Within a language the texts are folded first
// (search.Fold), so Uzbek or Kazakh written in Cyrillic meets the same
// words in Latin letters; words shorter than three letters and the
// stopwords of the hub's languages are left out, words are cut to their
// first six letters (inflections meet), and the score is two thirds the
// Jaccard index of the word sets and one third that of the sets of
// consecutive word pairs.
func Texts(a, b platform.Text) float64 { return prepare(a).best(prepare(b)) }

// related reports whether two recommendations may be duplicates by their
// tags: the same country, and a shared UNCAC article, or both without
// articles and of the same thematic area.
func related(a, b *platform.Recommendation) bool {
	if a.Country != b.Country {
		return false
	}
	if len(a.Articles) == 0 && len(b.Articles) == 0 {
		return a.Area == b.Area
	}
	for _, n := range a.Articles {
		if slices.Contains(b.Articles, n) {
			return true
		}
	}
	return false
}

// LikelyDuplicates returns the ids of the recommendations of others that
// are likely the same as r: related (same country; a shared article, or
// both without articles and of the same area) and with texts whose
// similarity (Texts) is at least Threshold. r itself (by id) is left out;
// the ids are sorted.
func LikelyDuplicates(r *platform.Recommendation, others []*platform.Recommendation) []string {
	pr := prepare(r.Text)
	var out []string
	for _, o := range others {
		if o == nil || o.ID == r.ID || !related(r, o) {
			continue
		}
		if pr.best(prepare(o.Text)) >= Threshold {
			out = append(out, o.ID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// All returns the likely duplicates of every recommendation of recs, by
// id, as LikelyDuplicates would give them one by one (a record without any
// is absent). Each text is prepared once and only records of one country
// sharing an article (or an area) are compared, so an import of thousands
// computes its flags in one pass.
func All(recs []*platform.Recommendation) map[string][]string {
	preps := make([]prepared, len(recs))
	buckets := map[string][]int{}
	for i, r := range recs {
		preps[i] = prepare(r.Text)
		if len(r.Articles) == 0 {
			k := r.Country + "/area/" + r.Area
			buckets[k] = append(buckets[k], i)
		}
		for _, n := range r.Articles {
			k := r.Country + "/" + strconv.Itoa(n)
			buckets[k] = append(buckets[k], i)
		}
	}
	type pair struct{ a, b int }
	seen := map[pair]bool{}
	out := map[string][]string{}
	for _, ids := range buckets {
		for x, i := range ids {
			for _, j := range ids[x+1:] {
				a, b := min(i, j), max(i, j)
				if a == b || seen[pair{a, b}] || recs[a].ID == recs[b].ID {
					continue
				}
				seen[pair{a, b}] = true
				if preps[a].best(preps[b]) >= Threshold {
					out[recs[a].ID] = append(out[recs[a].ID], recs[b].ID)
					out[recs[b].ID] = append(out[recs[b].ID], recs[a].ID)
				}
			}
		}
	}
	for id, d := range out {
		slices.Sort(d)
		out[id] = slices.Compact(d)
	}
	return out
}
