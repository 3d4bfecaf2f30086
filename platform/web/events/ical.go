package events

import (
	"net/http"
	"strings"

	ics "github.com/arran4/golang-ical"
	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The iCalendar files follow RFC 5545 with every time in UTC (a "Z" time
// needs no VTIMEZONE), so that a calendar program shows each event in its
// reader's zone; the event's own zone is named in the description. Lines
// end in CRLF, as the RFC requires (the library writes the platform's line
// end unless told).

// productID names the hub as the calendars' producer.
const productID = "-//UNODC//Central Asia UNCAC Hub//EN"

// feedLimit is the most events one feed holds.
const feedLimit = platform.MaxEventPage

// calendar builds an iCalendar object of events, in lang, with links to
// their pages under base.
func calendar(events []*platform.Event, l *i18n.Localizer, lang, base string) *ics.Calendar {
	cal := ics.NewCalendarFor("UNODC")
	cal.SetProductId(productID)
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(l.T("site.name") + " · " + l.T("events.title"))
	chain := i18n.Chain(lang)
	for _, e := range events {
		ev := cal.AddEvent(e.ID + "@uncac-hub")
		ev.SetDtStampTime(e.UpdatedAt)
		ev.SetModifiedAt(e.UpdatedAt)
		ev.SetSequence(max(e.Version-1, 0))
		ev.SetStartAt(e.Start)
		ev.SetEndAt(e.End)
		title, _ := e.Title(chain)
		ev.SetSummary(title)
		page := base + "/" + lang + "/events/" + e.ID
		desc, _ := platform.PickText(e.Translations, chain, func(t platform.EventText) string { return t.Description })
		loc := e.Location()
		when := e.Start.In(loc).Format("2006-01-02 15:04") + " – " + e.End.In(loc).Format("2006-01-02 15:04") + " " + e.TimeZone
		ev.SetDescription(strings.TrimSpace(l.T("event_kind."+string(e.Kind)) + ". " + when + "\n\n" + desc + "\n\n" + page))
		ev.SetURL(page)
		var where []string
		if city := pick(e.City, chain); city != "" {
			where = append(where, city)
		}
		if e.Address != "" {
			where = append(where, e.Address)
		}
		if e.OnlineURL != "" {
			where = append(where, e.OnlineURL)
		}
		if len(where) > 0 {
			ev.SetLocation(strings.Join(where, ", "))
		}
		switch e.Status {
		case platform.EventCancelled:
			ev.SetStatus(ics.ObjectStatusCancelled)
		case platform.EventDraft:
			ev.SetStatus(ics.ObjectStatusTentative)
		default:
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
		ev.SetProperty(ics.ComponentPropertyCategories, l.T("event_kind."+string(e.Kind)))
	}
	return cal
}

// baseURL is the site's address as the request reached it.
func (s *server) baseURL(c *gin.Context) string {
	scheme := "http"
	if s.Secure(c) {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

func writeICS(c *gin.Context, cal *ics.Calendar, filename string) {
	c.Header("Content-Disposition", `inline; filename="`+filename+`"`)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", []byte(cal.Serialize(ics.WithNewLineWindows)))
}

// eventICS serves /{lang}/events/{id}.ics: one event, for "add to
// calendar".
func (s *server) eventICS(c *gin.Context, id string) {
	if _, ok := s.eventID(c, id); !ok {
		return
	}
	e, err := s.Events.FindEventByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	lang := web.Lang(c)
	writeICS(c, calendar([]*platform.Event{e}, s.Localizer(c), lang, s.baseURL(c)), "event-"+e.ID+".ics")
}

// feedICS serves /events.ics: the events the reader may see that match the
// list's filters (country, area, kind, article, from, to), at most
// feedLimit, in the language of ?lang= (else English).
func (s *server) feedICS(c *gin.Context) {
	lang := "en"
	if l := c.Query("lang"); i18n.Supported(l) {
		lang = l
	}
	f, _, err := filterParams(c, feedLimit)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	events, _, err := s.Events.FindEvents(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	writeICS(c, calendar(events, s.Bundle.Localizer(lang), lang, s.baseURL(c)), "events.ics")
}
