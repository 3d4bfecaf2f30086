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
// in one goroutine (scorch's analyze), so it needs no lock; it is dropped
// with the document.
type sharedAnalysis map[sharedKey]analysis.TokenStream

type sharedKey struct {
	analyzer analysis.Analyzer
	text     string
}

// sharingAnalyzer is an analyzer whose answers are remembered in a
// document's sharedAnalysis. Tokens are only read after analysis (bleve
// counts them into frequencies), so two fields may hold the same ones.
type sharingAnalyzer struct {
	analysis.Analyzer
	seen sharedAnalysis
}

// Analyze implements analysis.Analyzer.
func (a sharingAnalyzer) Analyze(text []byte) analysis.TokenStream {
	if ts, ok := a.seen[sharedKey{a.Analyzer, string(text)}]; ok {
		return ts
	}
	ts := a.Analyzer.Analyze(text)
	a.seen[sharedKey{a.Analyzer, string(text)}] = ts
	return ts
}

// shareAnalysis replaces the text fields of doc, as the mapping made them,
// by the same fields whose analyzers share their work (see sharedAnalysis).
// Name, value, array positions and options stay as they were.
func shareAnalysis(doc *document.Document) {
	seen := sharedAnalysis{}
	for i, f := range doc.Fields {
		t, ok := f.(*document.TextField)
		// An analyzer of a type that cannot be a map key (none of the
		// hub's: they are pointers) keeps analysing alone.
		if !ok || t.Analyzer() == nil || !reflect.TypeOf(t.Analyzer()).Comparable() {
			continue
		}
		doc.Fields[i] = document.NewTextFieldCustom(t.Name(), t.ArrayPositions(), t.Value(), t.Options(),
			sharingAnalyzer{Analyzer: t.Analyzer(), seen: seen})
	}
}
