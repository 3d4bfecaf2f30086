package indexer

import (
	"context"
	"errors"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// DocumentStore is what the indexer needs of the document persistence.
type DocumentStore interface {
	FindDocumentByID(ctx context.Context, id string) (*platform.Document, error)
	AllDocuments(ctx context.Context, fn func(*platform.Document) error) error
}

// EventStore is what the indexer needs of the event persistence.
type EventStore interface {
	FindEventByID(ctx context.Context, id string) (*platform.Event, error)
	AllEvents(ctx context.Context, fn func(*platform.Event) error) error
}

// Documents returns the Source of library documents.
func Documents(s DocumentStore) Source { return documentSource{s} }

// Events returns the Source of events.
func Events(s EventStore) Source { return eventSource{s} }

type documentSource struct{ s DocumentStore }

func (d documentSource) Load(ctx context.Context, id string) (*search.Document, error) {
	doc, err := d.s.FindDocumentByID(platform.NewContextWithUser(ctx, platform.System), id)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sd := DocumentToSearch(doc)
	return &sd, nil
}

func (d documentSource) All(ctx context.Context, fn func(search.Document) error) error {
	return d.s.AllDocuments(ctx, func(doc *platform.Document) error { return fn(DocumentToSearch(doc)) })
}

// DocumentToSearch flattens a library document for the index.
func DocumentToSearch(d *platform.Document) search.Document {
	return search.Document{
		ID: d.ID, Type: platform.TypeDocument, Kind: d.Kind, Texts: texts(d.Translations),
		Countries: d.Countries, Areas: d.Areas, Articles: d.UncacArticles,
		Visibility: d.Visibility, Date: d.UpdatedAt, Terms: articleTerms(d.UncacArticles),
	}
}

type eventSource struct{ s EventStore }

func (e eventSource) Load(ctx context.Context, id string) (*search.Document, error) {
	ev, err := e.s.FindEventByID(platform.NewContextWithUser(ctx, platform.System), id)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sd := EventToSearch(ev)
	return &sd, nil
}

func (e eventSource) All(ctx context.Context, fn func(search.Document) error) error {
	return e.s.AllEvents(ctx, func(ev *platform.Event) error { return fn(EventToSearch(ev)) })
}

// EventToSearch flattens an event for the index; its city names in every
// language are searchable terms.
func EventToSearch(e *platform.Event) search.Document {
	terms := []string{}
	for _, c := range e.City {
		terms = append(terms, c)
	}
	return search.Document{
		ID: e.ID, Type: platform.TypeEvent, Kind: e.Kind, Texts: texts(e.Translations),
		Countries: e.Countries, Areas: e.Areas, Visibility: e.Visibility, Date: e.Start, Terms: terms,
	}
}

func texts(tr map[string]platform.Translation) map[string]search.Text {
	out := make(map[string]search.Text, len(tr))
	for lang, t := range tr {
		out[lang] = search.Text{Title: t.Title, Summary: t.Summary, Body: t.Body}
	}
	return out
}

// Searcher implements platform.SearchService on a search index, reading the
// found records' titles from the database with the reader's permissions.
type Searcher struct {
	Index     search.Index
	Documents platform.DocumentService
	Events    EventStore
}

var _ platform.SearchService = (*Searcher)(nil)

// Search implements platform.SearchService.
func (s *Searcher) Search(ctx context.Context, q platform.SearchQuery) (*platform.SearchResult, error) {
	if len([]rune(q.Text)) > platform.MaxQueryLen {
		return nil, platform.Localized(platform.Invalid, "error.query_too_long",
			map[string]any{"Limit": platform.MaxQueryLen}, "query longer than %d characters", platform.MaxQueryLen)
	}
	size := q.Size
	if size <= 0 {
		size = 20
	}
	size = min(size, 100)
	page := max(q.Page, 1)
	if page > 10000/size {
		return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "page"}, "page %d too deep", page)
	}
	sq := search.Query{
		Text: q.Text, Lang: q.Lang, Types: q.Types, Kinds: q.Kinds, Countries: q.Countries,
		Areas: q.Areas, Articles: q.Articles, Statuses: q.Statuses, Year: q.Year, Sort: q.Sort,
		From: (page - 1) * size, Size: size, Highlight: true,
		Visibilities: platform.VisibleTo(platform.UserFromContext(ctx)),
	}
	if q.Facets {
		sq.Facets = []string{"type", "kind", "country", "area", "article", "language", "year"}
	}
	res, err := s.Index.Search(ctx, sq)
	if err != nil {
		if isInvalid(err) {
			return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": err.Error()}, "invalid query: %v", err)
		}
		return nil, err
	}
	out := &platform.SearchResult{Total: int(res.Total), Facets: map[string][]platform.FacetValue{}}
	for name, values := range res.Facets {
		fv := make([]platform.FacetValue, len(values))
		for i, v := range values {
			fv[i] = platform.FacetValue{Value: v.Value, Count: v.Count}
		}
		out.Facets[name] = fv
	}
	titles, err := s.titles(ctx, res.Hits, append([]string{q.Lang}, q.Fallback...))
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		t, ok := titles[h.Type+"/"+h.ID]
		if !ok {
			// Deleted since it was indexed, or not visible to this reader.
			continue
		}
		out.Hits = append(out.Hits, platform.SearchHit{
			ID: h.ID, Type: h.Type, Title: t[0], TitleLang: t[1], Snippet: h.Snippet, Score: h.Score,
		})
	}
	return out, nil
}

// titles reads the hits' records with the reader's permissions.
func (s *Searcher) titles(ctx context.Context, hits []search.Hit, chain []string) (map[string][2]string, error) {
	out := map[string][2]string{}
	var docIDs []string
	for _, h := range hits {
		switch h.Type {
		case platform.TypeDocument:
			docIDs = append(docIDs, h.ID)
		case platform.TypeEvent:
			if s.Events == nil {
				continue
			}
			e, err := s.Events.FindEventByID(ctx, h.ID)
			if platform.ErrorCode(err) == platform.NotFound {
				continue
			}
			if err != nil {
				return nil, err
			}
			t, l := platform.PickText(e.Translations, chain, func(t platform.Translation) string { return t.Title })
			out[h.Type+"/"+h.ID] = [2]string{t, l}
		}
	}
	if len(docIDs) > 0 {
		docs, _, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{IDs: docIDs, Limit: len(docIDs)})
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			t, l := d.Title(chain)
			out[platform.TypeDocument+"/"+d.ID] = [2]string{t, l}
		}
	}
	return out, nil
}

func isInvalid(err error) bool {
	return errors.Is(err, search.ErrInvalidQuery)
}
