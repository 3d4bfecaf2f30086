package experts

import (
	"context"
	"net/url"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// sitemap lists the experts' pool and every profile the public may open
// (its consent shows at least the name to everyone).
func (s *server) sitemap(ctx context.Context) ([]web.SitemapEntry, error) {
	out := []web.SitemapEntry{{Path: "/experts"}}
	for offset := 0; ; offset += platform.MaxExpertPage {
		page, total, err := s.Experts.FindExperts(ctx, platform.ExpertFilter{Offset: offset, Limit: platform.MaxExpertPage})
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			out = append(out, web.SitemapEntry{Path: "/experts/" + url.PathEscape(e.ID), Modified: e.UpdatedAt})
		}
		if len(page) == 0 || offset+len(page) >= total || offset+len(page) >= platform.MaxSearchDepth {
			return out, nil
		}
	}
}
