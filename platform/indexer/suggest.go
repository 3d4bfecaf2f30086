package indexer

import (
	"context"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// Suggest implements platform.SearchService: titles of records the reader
// may see that complete what they are typing.
func (s *Searcher) Suggest(ctx context.Context, q platform.SuggestQuery) ([]platform.Suggestion, error) {
	if utf8.RuneCountInString(q.Prefix) > platform.MaxQueryLen {
		return nil, platform.Localized(platform.Invalid, "error.query_too_long",
			map[string]any{"Limit": platform.MaxQueryLen}, "prefix longer than %d characters", platform.MaxQueryLen)
	}
	if q.Lang != "" && !platform.ValidLanguage(q.Lang) {
		q.Lang = ""
	}
	size := q.Size
	if size <= 0 {
		size = search.DefaultSuggestSize
	}
	res, err := s.Index.Suggest(ctx, search.SuggestQuery{
		Prefix: q.Prefix, Lang: q.Lang, Types: q.Types, Size: min(size, search.MaxSuggestSize),
		Visibilities: platform.VisibleTo(platform.UserFromContext(ctx)),
	})
	if err != nil {
		if isInvalid(err) {
			return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": err.Error()}, "invalid suggestion query: %v", err)
		}
		return nil, err
	}
	// The index may lag a change of visibility by a moment: the records are
	// read with the reader's permissions, as for search hits, and only those
	// the reader may see are suggested.
	hits := make([]search.Hit, len(res))
	for i, r := range res {
		hits[i] = search.Hit{ID: r.ID, Type: r.Type}
	}
	visible, err := s.titles(ctx, hits, []string{q.Lang})
	if err != nil {
		return nil, err
	}
	out := []platform.Suggestion{}
	for _, r := range res {
		if _, ok := visible[r.Type+"/"+r.ID]; ok {
			out = append(out, platform.Suggestion{Text: r.Text, Lang: r.Lang, ID: r.ID, Type: r.Type})
		}
	}
	return out, nil
}
