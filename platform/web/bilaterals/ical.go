package bilaterals

import (
	"net/http"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// A delegation's iCalendar file follows RFC 5545 as the events' files do
// (platform/web/events/ical.go): every time in UTC, lines ending in CRLF,
// text escaped by the library. Each meeting is one VEVENT whose UID is its
// request's, so that a calendar program moves the meeting it has when the
// schedule moves it, rather than adding a second; SEQUENCE is the
// schedule's version, which grows with every solve and publish. A meeting
// the new schedule drops is simply absent (a program that subscribed to the
// file removes it; METHOD:PUBLISH has no cancellation of its own).

// productID names the hub as the calendar's producer.
const productID = "-//UNODC//Central Asia UNCAC Hub//EN"

// uid is a meeting's UID: stable per request.
func uid(requestID string) string { return requestID + "@bilaterals.uncac-hub" }

// scheduleCalendar builds the iCalendar object of a delegation's
// published meetings, in the reader's language.
func scheduleCalendar(ds *delegationSchedule, e *platform.Event, l *i18n.Localizer, lang, page string) *ics.Calendar {
	cal := ics.NewCalendarFor("UNODC")
	cal.SetProductId(productID)
	cal.SetMethod(ics.MethodPublish)
	title, _ := e.Title(i18n.Chain(lang))
	cal.SetName(l.T("bilaterals.schedule_of", map[string]any{"Name": ds.Name}) + " · " + title)
	stamp := time.Unix(0, 0).UTC()
	if ds.PublishedAt != nil {
		stamp = ds.PublishedAt.UTC()
	}
	for _, m := range ds.Meetings {
		ev := cal.AddEvent(uid(m.RequestID))
		ev.SetDtStampTime(stamp)
		ev.SetModifiedAt(stamp)
		ev.SetSequence(ds.Version)
		ev.SetStartAt(m.Start)
		ev.SetEndAt(m.End)
		ev.SetSummary(l.T("bilaterals.meeting_with", map[string]any{"Name": m.With}))
		ev.SetLocation(m.Room)
		var desc []string
		if m.Topic != "" {
			desc = append(desc, l.T("bilaterals.field.topic")+": "+m.Topic)
		}
		desc = append(desc, l.T("bilaterals.when")+": "+m.Day+" "+m.From+"–"+m.To+" ("+e.TimeZone+")")
		if len(m.Members) > 0 {
			desc = append(desc, l.T("bilaterals.our_members")+": "+strings.Join(m.Members, ", "))
		}
		if len(m.Others) > 0 {
			desc = append(desc, l.T("bilaterals.their_members")+": "+strings.Join(m.Others, ", "))
		}
		if m.Interpreter != "" {
			desc = append(desc, l.T("bilaterals.interpreter")+": "+m.Interpreter)
		}
		desc = append(desc, title, page)
		ev.SetDescription(strings.Join(desc, "\n"))
		ev.SetURL(page)
		ev.SetStatus(ics.ObjectStatusConfirmed)
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

// delegationICS serves …/delegations/{did}/schedule.ics, page or API: the
// delegation's published meetings.
func (s *server) delegationICS(c *gin.Context) {
	e, d, ds, ok := s.scheduleFor(c)
	if !ok {
		return
	}
	lang := web.Lang(c)
	page := s.baseURL(c) + "/" + lang + "/events/" + e.ID + "/bilaterals/delegations/" + d.ID
	cal := scheduleCalendar(ds, e, s.Bundle.Localizer(lang), lang, page)
	c.Header("Content-Disposition", `attachment; filename="bilaterals-`+d.ID+`.ics"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", []byte(cal.Serialize(ics.WithNewLineWindows)))
}

// scheduleFor reads the path's conference and delegation and the
// delegation's published schedule (written errors, and ok false).
func (s *server) scheduleFor(c *gin.Context) (*platform.Event, *platform.Delegation, *delegationSchedule, bool) {
	e, ok := s.conference(c)
	if !ok {
		return nil, nil, nil, false
	}
	d, ok := s.delegation(c, e.ID)
	if !ok {
		return nil, nil, nil, false
	}
	ds, err := s.delegationSchedule(c, e, d)
	if err != nil {
		s.WriteError(c, err)
		return nil, nil, nil, false
	}
	return e, d, ds, true
}
