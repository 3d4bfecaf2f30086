package bleve

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/ca-uncac/hub/search"
)

// Names under which the hub's analysis components are registered with
// bleve. Indexes store these names in their mapping, so they must not change
// without a new MappingVersion.
const (
	// wordsTokenizerName cuts text with search.Segment: Unicode words, with
	// apostrophes between letters kept inside (Uzbek oʻ, gʻ).
	wordsTokenizerName = "ca_uncac_words"
	// foldFilterName replaces each token with its search.Fold.
	foldFilterName = "ca_uncac_fold"
	// foldAnalyzerName is the words tokenizer followed by the fold filter. It
	// analyses the languages bleve has no analyzer for (kk, ky, tg, tk, uz),
	// the cross-script "fold" field and the "terms" field. It has no stemmer:
	// the Turkish one mangles Uzbek, and the others have none.
	foldAnalyzerName = "ca_uncac_fold"
	// nameFilterName replaces each token with its search.FoldName, and
	// nameAnalyzerName is the words tokenizer followed by it: the names
	// field (Document.Names).
	nameFilterName   = "ca_uncac_name"
	nameAnalyzerName = "ca_uncac_name"
	// namePrefixFilterName replaces each token with the FoldName of each of
	// its beginnings (see namePrefixes), and namePrefixAnalyzerName is the
	// words tokenizer followed by it: the names' prefix field.
	namePrefixFilterName   = "ca_uncac_name_prefix"
	namePrefixAnalyzerName = "ca_uncac_name_prefix"
)

// maxTermBytes bounds an indexed term; longer "words" (base64, long URLs) are
// not something anybody searches for.
const maxTermBytes = 256

type wordsTokenizer struct{}

func (wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	spans := search.Segment(string(input))
	ts := make(analysis.TokenStream, 0, len(spans))
	for i, sp := range spans {
		ts = append(ts, &analysis.Token{
			Start:    sp.Start,
			End:      sp.End,
			Term:     input[sp.Start:sp.End],
			Position: i + 1,
			Type:     analysis.AlphaNumeric,
		})
	}
	return ts
}

type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		folded := foldCached(tok.Term)
		if folded == "" || len(folded) > maxTermBytes {
			continue // a lone ъ or ь, or a monster
		}
		tok.Term = []byte(folded)
		out = append(out, tok)
	}
	return out
}

// Words repeat: the same few tens of thousands make up most of the
// library, in every field the fold analyzer serves (five languages, the
// fold fields, the terms). Their Fold is kept, so that indexing folds each
// word once; the cache starts afresh when it reaches foldCacheSize words.
const foldCacheSize = 1 << 18

var (
	foldCache      sync.Map // string → string
	foldCacheCount atomic.Int64
)

func foldCached(word []byte) string {
	if v, ok := foldCache.Load(string(word)); ok {
		return v.(string)
	}
	w := string(word)
	f := search.Fold(w)
	if foldCacheCount.Add(1) > foldCacheSize {
		foldCache.Clear()
		foldCacheCount.Store(0)
	}
	foldCache.Store(w, f)
	return f
}

type nameFilter struct{}

func (nameFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		folded := nameCached(tok.Term)
		if folded == "" || len(folded) > maxTermBytes {
			continue
		}
		tok.Term = []byte(folded)
		out = append(out, tok)
	}
	return out
}

// nameCache keeps the FoldName of the words of names and of the words a
// snippet's text is compared with, as foldCache does for Fold.
var (
	nameCache      sync.Map // string → string
	nameCacheCount atomic.Int64
)

func nameCached(word []byte) string {
	if v, ok := nameCache.Load(string(word)); ok {
		return v.(string)
	}
	w := string(word)
	f := search.FoldName(w)
	if nameCacheCount.Add(1) > foldCacheSize {
		nameCache.Clear()
		nameCacheCount.Store(0)
	}
	nameCache.Store(w, f)
	return f
}

// minNamePrefix is the shortest beginning of a name word that is indexed
// (in runes as written); the suggestions start at minSuggestPrefix letters.
const minNamePrefix = minSuggestPrefix

// namePrefixes returns the FoldName of each beginning of word from
// minNamePrefix runes to the whole word, without repeats: what the word is
// found by while it is being typed. The FoldName of a beginning is not
// always the beginning of the word's FoldName, because the rules look at
// the letters that follow ("Али" gives "ali" but "Алиев" gives "alev"); so
// the beginnings are folded as they would be typed, and "Ali", "Aliy" and
// "Alie" each meet one of "Алиев"'s. (A beginning typed in another
// spelling meets when its fold does: "Khodj" meets "Ходж", "Kh" does not
// meet "Х", which is shorter than minNamePrefix.)
func namePrefixes(word string) []string {
	if v, ok := prefixCache.Load(word); ok {
		return v.([]string)
	}
	out := foldPrefixes(word)
	if prefixCacheCount.Add(1) > prefixCacheSize {
		prefixCache.Clear()
		prefixCacheCount.Store(0)
	}
	prefixCache.Store(word, out)
	return out
}

// The beginnings of the words of names and of the words a snippet's text is
// compared with are kept, as their FoldName is (a word's cost a FoldName
// per letter); fewer than for foldCache, since each is a list.
const prefixCacheSize = 1 << 16

var (
	prefixCache      sync.Map // string → []string
	prefixCacheCount atomic.Int64
)

func foldPrefixes(word string) []string {
	var out []string
	n := 0
	for i := range word {
		if n >= minNamePrefix {
			out = appendNew(out, nameCached([]byte(word[:i])))
		}
		n++
	}
	if n >= minNamePrefix {
		out = appendNew(out, nameCached([]byte(word)))
	}
	return out
}

func appendNew(out []string, s string) []string {
	if s == "" || len(s) > maxTermBytes || slices.Contains(out, s) {
		return out
	}
	return append(out, s)
}

// namePrefixMatch reports whether a beginning of word has FoldName folded.
func namePrefixMatch(word, folded string) bool {
	return slices.Contains(namePrefixes(word), folded)
}

type namePrefixFilter struct{}

func (namePrefixFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for _, tok := range input {
		for _, p := range namePrefixes(string(tok.Term)) {
			out = append(out, &analysis.Token{Start: tok.Start, End: tok.End, Term: []byte(p), Position: tok.Position, Type: tok.Type})
		}
	}
	return out
}

func init() {
	mustRegister(registry.RegisterTokenizer(wordsTokenizerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return wordsTokenizer{}, nil
		}))
	mustRegister(registry.RegisterTokenFilter(foldFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return foldFilter{}, nil
		}))
	mustRegister(registry.RegisterAnalyzer(foldAnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return &analysis.DefaultAnalyzer{
				Tokenizer:    wordsTokenizer{},
				TokenFilters: []analysis.TokenFilter{foldFilter{}},
			}, nil
		}))
	mustRegister(registry.RegisterTokenFilter(nameFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return nameFilter{}, nil
		}))
	mustRegister(registry.RegisterAnalyzer(nameAnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return &analysis.DefaultAnalyzer{
				Tokenizer:    wordsTokenizer{},
				TokenFilters: []analysis.TokenFilter{nameFilter{}},
			}, nil
		}))
	mustRegister(registry.RegisterTokenFilter(namePrefixFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return namePrefixFilter{}, nil
		}))
	mustRegister(registry.RegisterAnalyzer(namePrefixAnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return &analysis.DefaultAnalyzer{
				Tokenizer:    wordsTokenizer{},
				TokenFilters: []analysis.TokenFilter{namePrefixFilter{}},
			}, nil
		}))
}

// mustRegister stops the program when a name is taken twice, which is a
// programming error found on the first run (bleve's own packages do the same).
func mustRegister(err error) {
	if err != nil {
		panic(err)
	}
}
