package indexer

import (
	"context"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// Suggest implements platform.SearchService: titles of records the reader
// may see that complete what they are typing. Like search results, they
// come from the index, which filters on the visibility it holds.
func (s *Searcher) Suggest(ctx context.Context, q platform.SuggestQuery) ([]platform.Suggestion, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	res, err := s.Index.Suggest(ctx, search.SuggestQuery{
		Prefix: q.Prefix, Lang: q.Lang, Types: typeNames(q.Types), Size: q.Size,
		Visibilities: platform.SearchVisibilities(platform.UserFromContext(ctx)),
	})
	if err != nil {
		if isInvalid(err) {
			return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": err.Error()}, "invalid suggestion query: %v", err)
		}
		return nil, err
	}
	out := make([]platform.Suggestion, len(res))
	for i, r := range res {
		out[i] = platform.Suggestion{Text: r.Text, Lang: r.Lang, ID: hitID(r.Type, r.ID), Type: platform.RecordType(r.Type)}
	}
	return out, nil
}
