package roadmap

import (
	"context"
	"net/url"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// sitemap lists the roadmap's public pages: the overview, each country's
// page, and every item and recommendation the public may read.
func (s *server) sitemap(ctx context.Context) ([]web.SitemapEntry, error) {
	out := []web.SitemapEntry{{Path: "/roadmap"}, {Path: "/roadmap/recommendations"}}
	for _, c := range append(platform.Countries(), "regional") {
		out = append(out, web.SitemapEntry{Path: "/roadmap/countries/" + c})
	}
	const page = 500
	for offset := 0; offset < platform.MaxSearchDepth; offset += page {
		items, total, err := s.Roadmap.FindItems(ctx, platform.ItemFilter{Offset: offset, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			out = append(out, web.SitemapEntry{Path: "/roadmap/items/" + url.PathEscape(it.ID), Modified: it.UpdatedAt})
		}
		if len(items) == 0 || offset+len(items) >= total {
			break
		}
	}
	for offset := 0; offset < platform.MaxSearchDepth; offset += page {
		recs, total, err := s.Recommendations.FindRecommendations(ctx, platform.RecommendationFilter{Offset: offset, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			out = append(out, web.SitemapEntry{Path: "/roadmap/recommendations/" + url.PathEscape(r.ID), Modified: r.UpdatedAt})
		}
		if len(recs) == 0 || offset+len(recs) >= total {
			break
		}
	}
	return out, nil
}
