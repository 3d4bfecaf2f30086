package bleve

import (
	"reflect"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
)

// The mapping repeats a document's text in several fields: the fold field
// holds every text again, the folded titles hold the titles a third time,
// and the terms are in three fields. Where two fields of a document use the
// same analyzer on the same text (the language fields of the five languages
// analysed by search.Fold and the fold field, every title in the fold and
// folded-title fields, the folded terms), shareAnalysis makes the analyzer
// run once: the fields then differ only in the frequencies bleve counts
// from the tokens, which is what each field's options ask for.

// sharedAnalysis remembers the tokens of one document's texts by analyzer
// and text. bleve analyses the fields of one document one after the other
// in one goroutine (scorch's analyze), so it needs no lock. The document
// stays in its batch until the batch's segment is built, and its fields
// with it: the tokens are forgotten as soon as the last field that shares
// them is analysed (left counts them down), or a batch of thousands of
// documents would hold all their tokens.
type sharedAnalysis struct {
	tokens map[sharedKey]analysis.TokenStream
	left   int
}

type sharedKey struct {
	analyzer analysis.Analyzer
	text     string
}

// sharingAnalyzer is an analyzer whose answers are remembered in a
// document's sharedAnalysis. Tokens are only read after analysis (bleve
// counts them into frequencies), so two fields may hold the same ones.
type sharingAnalyzer struct {
	analysis.Analyzer
	shared *sharedAnalysis
}

// Analyze implements analysis.Analyzer.
func (a sharingAnalyzer) Analyze(text []byte) analysis.TokenStream {
	sh := a.shared
	sh.left--
	defer func() {
		if sh.left <= 0 {
			sh.tokens = nil
		}
	}()
	if sh.tokens == nil {
		return a.Analyzer.Analyze(text)
	}
	k := sharedKey{a.Analyzer, string(text)}
	if ts, ok := sh.tokens[k]; ok {
		return ts
	}
	ts := a.Analyzer.Analyze(text)
	if sh.left > 0 {
		sh.tokens[k] = ts
	}
	return ts
}

// shareAnalysis replaces the text fields of doc, as the mapping made them,
// by the same fields whose analyzers share their work (see sharedAnalysis).
// Name, value, array positions and options stay as they were.
func shareAnalysis(doc *document.Document) {
	shared := &sharedAnalysis{tokens: map[sharedKey]analysis.TokenStream{}}
	for i, f := range doc.Fields {
		t, ok := f.(*document.TextField)
		// An analyzer of a type that cannot be a map key (none of the
		// hub's: they are pointers) keeps analysing alone; fields that are
		// not indexed are never analysed.
		if !ok || t.Analyzer() == nil || !t.Options().IsIndexed() || !reflect.TypeOf(t.Analyzer()).Comparable() {
			continue
		}
		shared.left++
		doc.Fields[i] = document.NewTextFieldCustom(t.Name(), t.ArrayPositions(), t.Value(), t.Options(),
			sharingAnalyzer{Analyzer: t.Analyzer(), shared: shared})
	}
}
