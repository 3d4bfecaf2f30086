package bleve

import (
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
}

// mustRegister stops the program when a name is taken twice, which is a
// programming error found on the first run (bleve's own packages do the same).
func mustRegister(err error) {
	if err != nil {
		panic(err)
	}
}
