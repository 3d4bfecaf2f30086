package indexer

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// CommitmentStore is what the indexer needs of the roadmap's items: each
// item as stored with its priority (whose area is the item's), whatever
// their visibility.
type CommitmentStore interface {
	// StoredCommitment returns the item and its priority (nil when the
	// priority is gone), or a nil item when there is none.
	StoredCommitment(ctx context.Context, id string) (*platform.RoadmapItem, *platform.Priority, error)
	AllCommitments(ctx context.Context, fn func(*platform.RoadmapItem, *platform.Priority) error) error
	// CommitmentsOfPriority returns the items under a priority, and the
	// priority (nil when it is gone).
	CommitmentsOfPriority(ctx context.Context, id string) ([]*platform.RoadmapItem, *platform.Priority, error)
}

// RecommendationStore is what the indexer needs of the recommendations.
type RecommendationStore interface {
	// StoredRecommendation returns the recommendation, or nil when there
	// is none.
	StoredRecommendation(ctx context.Context, id string) (*platform.Recommendation, error)
	AllRecommendations(ctx context.Context, fn func(*platform.Recommendation) error) error
}

// Commitments returns the Source of the roadmap's items (commitments,
// actions and milestones: one record type).
func Commitments(s CommitmentStore) Source { return commitmentSource{s} }

// Priorities returns the Source that indexes the items of a priority again
// when it changes: an item's area is its priority's, so a priority moved to
// another thematic area moves its items in the area facet and filter. It
// has no entries of its own.
func Priorities(s CommitmentStore) Source { return prioritySource{s} }

type prioritySource struct{ s CommitmentStore }

// Type implements Source.
func (prioritySource) Type() platform.RecordType { return platform.TypePriority }

// Load implements Source; the indexer calls LoadViews instead.
func (prioritySource) Load(context.Context, string) (*search.Document, error) { return nil, nil }

// All implements Source: the items are the commitments' source's.
func (prioritySource) All(context.Context, func(search.Document) error) error { return nil }

// ViewIDs implements ViewSource: a deleted priority removes no entry (its
// items' deletions are changes of their own).
func (prioritySource) ViewIDs(string) []string { return nil }

// LoadViews implements ViewSource: the priority's items, each with the
// priority's area.
func (p prioritySource) LoadViews(ctx context.Context, id string) ([]search.Document, []string, error) {
	items, pr, err := p.s.CommitmentsOfPriority(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	docs := make([]search.Document, len(items))
	for i, it := range items {
		docs[i] = CommitmentToSearch(it, pr)
	}
	return docs, nil, nil
}

// Recommendations returns the Source of recommendations.
func Recommendations(s RecommendationStore) Source { return recommendationSource{s} }

type commitmentSource struct{ s CommitmentStore }

// Type implements Source.
func (commitmentSource) Type() platform.RecordType { return platform.TypeCommitment }

func (c commitmentSource) Load(ctx context.Context, id string) (*search.Document, error) {
	it, p, err := c.s.StoredCommitment(ctx, id)
	if err != nil || it == nil {
		return nil, err
	}
	d := CommitmentToSearch(it, p)
	return &d, nil
}

func (c commitmentSource) All(ctx context.Context, fn func(search.Document) error) error {
	return c.s.AllCommitments(ctx, func(it *platform.RoadmapItem, p *platform.Priority) error {
		return fn(CommitmentToSearch(it, p))
	})
}

// CommitmentToSearch flattens a roadmap item for the index: its title and
// description in every language; its code and lead institution, its
// indicators' names and the names of its articles, area and country as
// terms. The kind is the item's kind, the status its status, the area its
// priority's, the date its due date (else its start, else its creation).
// A regional item has no country.
func CommitmentToSearch(it *platform.RoadmapItem, p *platform.Priority) search.Document {
	tx := make(map[string]search.Text, len(it.Title)+len(it.Description))
	for _, lang := range platform.Languages() {
		t := search.Text{Title: it.Title[lang], Summary: it.Description[lang]}
		if t.Title != "" || t.Summary != "" {
			tx[lang] = t
		}
	}
	var countries, areas []string
	if it.Country != "" {
		countries = []string{it.Country}
	}
	if p != nil && p.Area != "" {
		areas = []string{p.Area}
	}
	terms := taxonomyTerms(it.Articles, areas, countries)
	for _, s := range []string{it.Code, it.Lead} {
		if s != "" {
			terms = append(terms, s)
		}
	}
	for _, ind := range it.Indicators {
		for _, lang := range platform.Languages() {
			if n := ind.Name[lang]; n != "" {
				terms = append(terms, n)
			}
		}
	}
	date := it.CreatedAt
	switch {
	case it.Due != nil:
		date = *it.Due
	case it.Start != nil:
		date = *it.Start
	}
	return search.Document{
		ID: it.ID, Type: string(platform.TypeCommitment), Kind: string(it.Kind), Texts: tx,
		Countries: countries, Areas: areas, Articles: it.Articles, Visibility: it.Visibility, Status: string(it.Status),
		Date: date, Terms: terms,
	}
}

type recommendationSource struct{ s RecommendationStore }

// Type implements Source.
func (recommendationSource) Type() platform.RecordType { return platform.TypeRecommendation }

func (r recommendationSource) Load(ctx context.Context, id string) (*search.Document, error) {
	rec, err := r.s.StoredRecommendation(ctx, id)
	if err != nil || rec == nil {
		return nil, err
	}
	d := RecommendationToSearch(rec)
	return &d, nil
}

func (r recommendationSource) All(ctx context.Context, fn func(search.Document) error) error {
	return r.s.AllRecommendations(ctx, func(rec *platform.Recommendation) error { return fn(RecommendationToSearch(rec)) })
}

// recTitleLen is how much of a recommendation's text names it in a result
// list (a recommendation has no title: its text is it).
const recTitleLen = 160

// RecommendationToSearch flattens a recommendation for the index: in each
// language its text (the start of it as the title, the whole as the
// body); its reference and the names of its articles, area and country as
// terms. The kind is its source, the status its implementation rating, the
// year its year.
func RecommendationToSearch(r *platform.Recommendation) search.Document {
	tx := make(map[string]search.Text, len(r.Text))
	for lang, s := range r.Text {
		if s != "" {
			tx[lang] = search.Text{Title: cut(s, recTitleLen), Body: s}
		}
	}
	var areas []string
	if r.Area != "" {
		areas = []string{r.Area}
	}
	terms := taxonomyTerms(r.Articles, areas, []string{r.Country})
	if r.Reference != "" {
		terms = append(terms, r.Reference)
	}
	var date time.Time
	if r.Year != 0 {
		date = time.Date(r.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return search.Document{
		ID: r.ID, Type: string(platform.TypeRecommendation), Kind: string(r.Source), Texts: tx,
		Countries: []string{r.Country}, Areas: areas, Articles: r.Articles, Visibility: r.Visibility,
		Status: string(r.Implementation), Date: date, Year: r.Year, Terms: terms,
	}
}

// cut shortens s to at most n characters, at a word, with an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexAny(string(r), " \u00a0"); i > len(string(r))/2 {
		return strings.TrimRight(string(r)[:i], " ,;:") + "…"
	}
	return string(r) + "…"
}
