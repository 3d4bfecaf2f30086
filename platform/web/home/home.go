// Package home serves the front page; the library, events, experts and
// roadmap modules serve their sections.
package home

import (
	"embed"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Module is the front page and the sections not yet served by a module of
// their own. It implements web.Module.
type Module struct {
	// Documents give the front page its newest documents.
	Documents platform.DocumentService
	// Events give the front page its upcoming and recent events.
	Events platform.EventService
}

var _ web.Module = (*Module)(nil)

// server is the module's handlers: the web core's helpers and the module's
// services.
type server struct {
	*web.Server
	*Module
}

// Register implements web.Module.
func (m *Module) Register(r *web.Router) error {
	if err := r.ParsePages(templates, nil, "home"); err != nil {
		return err
	}
	s := &server{Server: r.Server(), Module: m}
	r.Pages.GET("/", s.home)
	return nil
}

// docCard is a document as a list shows it.
type docCard struct {
	ID, Title, TitleLang, Kind string
	Fallback                   bool
	Countries                  []string
	Articles                   []int
	Updated                    time.Time
}

func cards(docs []*platform.Document, lang string) []docCard {
	chain := i18n.Chain(lang)
	out := make([]docCard, 0, len(docs))
	for _, d := range docs {
		t, tl := d.Title(chain)
		out = append(out, docCard{ID: d.ID, Title: t, TitleLang: tl, Fallback: tl != lang, Kind: d.Kind,
			Countries: d.Countries, Articles: d.UncacArticles, Updated: d.UpdatedAt})
	}
	return out
}

// eventCard is an event as a list shows it.
type eventCard struct {
	ID, Title, TitleLang, Summary, City, Kind string
	Fallback                                  bool
	Start, End                                time.Time
}

func eventCards(events []*platform.Event, lang string) []eventCard {
	chain := i18n.Chain(lang)
	out := make([]eventCard, 0, len(events))
	for _, e := range events {
		t, tl := e.Title(chain)
		sum, _ := platform.PickText(e.Translations, chain, func(t platform.EventText) string { return t.Description })
		city := ""
		for _, l := range chain {
			if city = e.City[l]; city != "" {
				break
			}
		}
		out = append(out, eventCard{ID: e.ID, Title: t, TitleLang: tl, Fallback: tl != lang, Summary: sum,
			City: city, Kind: string(e.Kind), Start: e.Start, End: e.End})
	}
	return out
}

func (s *server) home(c *gin.Context) {
	ctx := c.Request.Context()
	lang := web.Lang(c)
	docs, _, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{Limit: 6})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	upcoming, _, err := s.Events.FindEvents(ctx, platform.EventFilter{EndsAfter: s.Now(), Limit: 5})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	recent, _, err := s.Events.FindEvents(ctx, platform.EventFilter{StartsBefore: s.Now(), Descending: true, Limit: 3})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.Render(c, http.StatusOK, "home", "home", s.Bundle.Localizer(lang).T("site.name"), map[string]any{
		"Countries": platform.Countries(), "Areas": platform.Areas(),
		"Documents": cards(docs, lang), "Upcoming": eventCards(upcoming, lang), "Recent": eventCards(recent, lang),
	})
}
