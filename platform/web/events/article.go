package events

import (
	"context"
	"strconv"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// ArticleEvent is an event as an UNCAC article's page lists it.
type ArticleEvent struct {
	Title, TitleLang, URL, Meta string
}

// articleEventsShown is how many events an article's page lists; the rest
// are a link away.
const articleEventsShown = 10

// ArticleEvents lists the events tagged with an UNCAC article that the user
// in ctx may see, the latest first, for the article's page (cmd/hub hands it
// to the library's article pages): the section's heading, its events and
// the address of the whole list. No events, no section (an empty heading).
func ArticleEvents(ctx context.Context, svc platform.EventService, l *i18n.Localizer, lang string, article int) (string, []ArticleEvent, string, error) {
	events, total, err := svc.FindEvents(ctx, platform.EventFilter{Articles: []int{article}, Descending: true, Limit: articleEventsShown})
	if err != nil || total == 0 {
		return "", nil, "", err
	}
	chain := i18n.Chain(lang)
	out := make([]ArticleEvent, 0, len(events))
	for _, e := range events {
		t, tl := e.Title(chain)
		out = append(out, ArticleEvent{Title: t, TitleLang: tl, URL: "/" + lang + "/events/" + e.ID,
			Meta: l.T("event_kind."+string(e.Kind)) + " · " + e.Start.In(e.Location()).Format("2006-01-02")})
	}
	more := ""
	if total > len(events) {
		more = "/" + lang + "/events?article=" + strconv.Itoa(article)
	}
	return l.T("events.title"), out, more, nil
}
