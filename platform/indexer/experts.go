package indexer

import (
	"context"
	"slices"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// ExpertStore is what the indexer needs of the experts' persistence: the
// profiles whole, whatever their consent (the source makes each tier's
// entry from them).
type ExpertStore interface {
	StoredExpert(ctx context.Context, id string) (*platform.Expert, error)
	AllExperts(ctx context.Context, fn func(*platform.Expert) error) error
}

// Experts returns the Source of expert profiles. A profile is indexed as
// one entry per tier of readers (the public, members, the secretariat),
// each holding only the fields that tier may read under the expert's
// consent and readable by that tier alone (platform.TierVisibility): a
// word in a field hidden from a reader is in no entry they search, so it
// finds nothing, counts nothing and corrects no spelling for them. A
// pending profile has the secretariat's entry only; a merged or erased one
// none.
func Experts(s ExpertStore) Source { return expertSource{s} }

type expertSource struct{ s ExpertStore }

// Type implements Source.
func (expertSource) Type() platform.RecordType { return platform.TypeExpert }

// Load implements Source; the indexer calls LoadViews instead.
func (x expertSource) Load(ctx context.Context, id string) (*search.Document, error) {
	docs, _, err := x.LoadViews(ctx, id)
	if err != nil || len(docs) == 0 {
		return nil, err
	}
	return &docs[0], nil
}

// LoadViews implements ViewSource.
func (x expertSource) LoadViews(ctx context.Context, id string) ([]search.Document, []string, error) {
	e, err := x.s.StoredExpert(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if e == nil {
		return nil, x.ViewIDs(id), nil
	}
	docs := ExpertSearchEntries(e)
	var gone []string
	for _, vid := range x.ViewIDs(id) {
		found := false
		for _, d := range docs {
			found = found || d.ID == vid
		}
		if !found {
			gone = append(gone, vid)
		}
	}
	return docs, gone, nil
}

// ViewIDs implements ViewSource.
func (expertSource) ViewIDs(id string) []string {
	out := make([]string, 0, len(platform.Visibilities()))
	for _, tier := range platform.Visibilities() {
		out = append(out, platform.ExpertSearchID(id, tier))
	}
	return out
}

// All implements Source.
func (x expertSource) All(ctx context.Context, fn func(search.Document) error) error {
	return x.s.AllExperts(ctx, func(e *platform.Expert) error {
		for _, d := range ExpertSearchEntries(e) {
			if err := fn(d); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExpertSearchEntries flattens a profile into its search entries, one per
// tier that may see it (see Experts). An entry's title is the name in the
// script of each language (Latin for en, tk, uz; Cyrillic for the others),
// its summary the position and organization, its body the biography in
// that language; both names are its names (search.FoldName), the IRM
// states, availability notes, the email and the taxonomy names are terms,
// each only when the tier may read its field. The kind is "expert";
// countries, areas and articles are the facets' only when the tier may
// read them. The record's languages are those of its biographies.
func ExpertSearchEntries(e *platform.Expert) []search.Document {
	var out []search.Document
	for _, tier := range platform.Visibilities() {
		if e.Status != platform.ExpertApproved && !(e.Status == platform.ExpertPending && tier == platform.Secretariat) {
			continue
		}
		if !platform.TierSees(tier, e.ConsentOf(platform.FieldName)) {
			continue
		}
		v := e.ViewAs(tier, false)
		out = append(out, expertEntry(v, tier))
	}
	return out
}

func expertEntry(v *platform.ExpertView, tier string) search.Document {
	p := &v.ExpertProfile
	tx := map[string]search.Text{}
	summary := p.Position
	if p.Organization != "" {
		if summary != "" {
			summary += ", "
		}
		summary += p.Organization
	}
	for _, lang := range platform.Languages() {
		bio := p.Biography[lang]
		// A title in every language: a result list shows the name, in the
		// reader's script where the expert wrote it.
		tx[lang] = search.Text{Title: p.Name(lang), Summary: summary, Body: bio}
	}
	var countries []string
	if p.Country != "" {
		countries = []string{p.Country}
	}
	terms := taxonomyTerms(p.Articles, p.Areas, countries)
	for _, x := range p.IRM {
		terms = append(terms, x.State)
	}
	for _, t := range p.Availability {
		if t.Note != "" {
			terms = append(terms, t.Note)
		}
	}
	if p.Contact.Email != "" {
		terms = append(terms, p.Contact.Email)
	}
	var langs []string
	for lang := range p.Biography {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	return search.Document{
		ID: platform.ExpertSearchID(v.ID, tier), Type: string(platform.TypeExpert), Kind: string(platform.TypeExpert),
		Texts: tx, Countries: countries, Areas: p.Areas, Articles: p.Articles,
		Visibility: platform.TierVisibility(tier), Status: string(v.Status), Languages: langs, Terms: terms,
		// The entry exists only for tiers that may read the name.
		Names: p.Names(),
	}
}
