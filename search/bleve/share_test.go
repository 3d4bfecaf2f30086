package bleve

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/document"

	"github.com/ca-uncac/hub/search"
)

// TestSharedAnalysisChangesNoField analyses documents whose texts repeat
// across fields (every language, titles, terms, names) with and without
// shareAnalysis and wants every field's length and frequencies, positions
// included, to be the same.
func TestSharedAnalysisChangesNoField(t *testing.T) {
	m := newMapping()
	docs := []search.Document{
		{ID: "a", Type: "document", Visibility: "public", Texts: map[string]search.Text{
			"en": {Title: "Asset recovery", Summary: "Recovery of assets", Body: "The recovery of stolen assets, and asset recovery again."},
			"ru": {Title: "Возврат активов", Body: "Возврат похищенных активов; возврат активов."},
			"uz": {Title: "Aktivlarni qaytarish", Body: "Korrupsiyaga qarshi kurash. Aktivlarni qaytarish, aktivlarni qaytarish."},
			"kk": {Title: "Сыбайлас жемқорлық", Summary: "Сыбайлас жемқорлық", Body: "Сыбайлас жемқорлыққа қарсы іс-қимыл"},
		}, Terms: []string{"asset recovery", "Aktivlarni qaytarish"}, Names: []string{"Aliya Nurlanovna", "Aliya Nurlanovna"}},
		{ID: "b", Type: "document", Visibility: "public", Texts: map[string]search.Text{
			"tg": {Title: "Мубориза бар зидди коррупсия", Body: "Мубориза бар зидди коррупсия"},
		}},
	}
	for _, d := range docs {
		plain, shared := document.NewDocument(d.ID), document.NewDocument(d.ID)
		for _, doc := range []*document.Document{plain, shared} {
			if err := m.MapDocument(doc, fields(d)); err != nil {
				t.Fatal(err)
			}
		}
		shareAnalysis(shared)
		if len(plain.Fields) != len(shared.Fields) {
			t.Fatalf("%s: %d fields, shared %d", d.ID, len(plain.Fields), len(shared.Fields))
		}
		// The mapping walks a map: the fields come in any order.
		key := func(f document.Field) string { return fmt.Sprint(f.Name(), f.ArrayPositions()) }
		byKey := map[string]document.Field{}
		for _, f := range shared.Fields {
			byKey[key(f)] = f
		}
		replaced := 0
		for _, p := range plain.Fields {
			s, ok := byKey[key(p)]
			if !ok {
				t.Fatalf("%s: no shared field %s", d.ID, key(p))
			}
			if _, same := s.(*document.TextField); same && s.(*document.TextField).Analyzer() != nil {
				if _, sharing := s.(*document.TextField).Analyzer().(sharingAnalyzer); sharing {
					replaced++
				}
			}
			p.Analyze()
			s.Analyze()
			if p.Options() != s.Options() || string(p.Value()) != string(s.Value()) {
				t.Errorf("%s: field %s: %v %q, shared %v %q", d.ID, key(p), p.Options(), p.Value(), s.Options(), s.Value())
			}
			if p.AnalyzedLength() != s.AnalyzedLength() || !reflect.DeepEqual(p.AnalyzedTokenFrequencies(), s.AnalyzedTokenFrequencies()) {
				t.Errorf("%s: field %s: analysed %d %v, shared %d %v", d.ID, key(p),
					p.AnalyzedLength(), p.AnalyzedTokenFrequencies(), s.AnalyzedLength(), s.AnalyzedTokenFrequencies())
			}
		}
		if replaced == 0 {
			t.Errorf("%s: no field shares its analysis", d.ID)
		}
		// Once every field is analysed, the document holds no tokens.
		for _, f := range shared.Fields {
			if tf, ok := f.(*document.TextField); ok {
				if a, ok := tf.Analyzer().(sharingAnalyzer); ok && (a.shared.tokens != nil || a.shared.left != 0) {
					t.Errorf("%s: %d token streams kept after analysis, %d fields left", d.ID, len(a.shared.tokens), a.shared.left)
				}
			}
		}
	}
}
