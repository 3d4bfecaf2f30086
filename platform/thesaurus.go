package platform

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
)

// TermGroup is one entry of the anti-corruption thesaurus: the words
// practitioners use for one notion ("kickback", "откат", "otkat"), in every
// language of the hub, tied to the articles of the Convention that deal with
// it. The search applies the thesaurus at query time, so that a query in
// one language and vocabulary reaches records written in another.
type TermGroup struct {
	// ID names the group in snake case ("beneficial_ownership").
	ID string `json:"id"`
	// Articles are the UNCAC article numbers the notion belongs to.
	Articles []int `json:"articles"`
	// Terms are the group's words and phrases by language code, the
	// preferred term first.
	Terms map[string][]string `json:"terms"`
}

//go:embed data/thesaurus.json
var thesaurusJSON []byte

var thesaurus = sync.OnceValues(func() ([]TermGroup, error) {
	return parseThesaurus(thesaurusJSON)
})

func parseThesaurus(b []byte) ([]TermGroup, error) {
	var f struct {
		Groups []TermGroup `json:"groups"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("thesaurus.json: %w", err)
	}
	return f.Groups, nil
}

// Thesaurus returns the groups of the anti-corruption thesaurus
// (data/thesaurus.json). The slice is shared: do not modify it.
func Thesaurus() []TermGroup {
	g, err := thesaurus()
	if err != nil {
		// The file is embedded at build time; a broken copy is a build
		// defect, which the package's tests catch.
		panic("platform: " + err.Error())
	}
	return g
}
