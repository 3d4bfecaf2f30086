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

// MaterialEvents lists the events that used a library document as
// material, that the user in ctx may see, the latest first, for the
// document's page: the section's heading and its events. No events, no
// section (an empty heading).
func MaterialEvents(ctx context.Context, svc platform.EventService, l *i18n.Localizer, lang, docID string) (string, []ArticleEvent, error) {
	events, _, err := svc.FindEvents(ctx, platform.EventFilter{Materials: []string{docID}, Descending: true, Limit: platform.MaxEventPage})
	if err != nil || len(events) == 0 {
		return "", nil, err
	}
	return l.T("event.used_at"), articleEvents(events, l, lang), nil
}

// articleEvents are events as a section of another record's page lists
// them.
func articleEvents(events []*platform.Event, l *i18n.Localizer, lang string) []ArticleEvent {
	chain := i18n.Chain(lang)
	out := make([]ArticleEvent, 0, len(events))
	for _, e := range events {
		t, tl := e.Title(chain)
		out = append(out, ArticleEvent{Title: t, TitleLang: tl, URL: "/" + lang + "/events/" + e.ID,
			Meta: l.T("event_kind."+string(e.Kind)) + " · " + e.Start.In(e.Location()).Format("2006-01-02")})
	}
	return out
}

// ArticleEvents lists the events tagged with an UNCAC article that the user
// in ctx may see, the latest first, for the article's page (cmd/hub hands it
// to the library's article pages): the section's heading, its events and
// the address of the whole list. No events, no section (an empty heading).
func ArticleEvents(ctx context.Context, svc platform.EventService, l *i18n.Localizer, lang string, article int) (string, []ArticleEvent, string, error) {
	events, total, err := svc.FindEvents(ctx, platform.EventFilter{Articles: []int{article}, Descending: true, Limit: articleEventsShown})
	if err != nil || total == 0 {
		return "", nil, "", err
	}
	out := articleEvents(events, l, lang)
	more := ""
	if total > len(events) {
		more = "/" + lang + "/events?article=" + strconv.Itoa(article)
	}
	return l.T("events.title"), out, more, nil
}
