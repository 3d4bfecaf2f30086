package events

import (
	"context"
	"net/url"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// sitemap lists the events' public pages: the list, the calendar, the
// statistics and every event the public may read.
func (s *server) sitemap(ctx context.Context) ([]web.SitemapEntry, error) {
	out := []web.SitemapEntry{{Path: "/events"}, {Path: "/events/calendar"}, {Path: "/events/statistics"}}
	for offset := 0; offset < platform.MaxSearchDepth; offset += platform.MaxEventPage {
		events, total, err := s.Events.FindEvents(ctx, platform.EventFilter{Offset: offset, Limit: platform.MaxEventPage})
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			out = append(out, web.SitemapEntry{Path: "/events/" + url.PathEscape(e.ID), Modified: e.UpdatedAt})
		}
		if len(events) == 0 || offset+len(events) >= total {
			break
		}
	}
	return out, nil
}
