package events

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The month view: /{lang}/events/calendar and /api/v1/events/calendar.
// An event is on every day it covers in its own zone: a conference held on
// 30 October in Astana is on 30 October for a reader anywhere, as its
// programme says. The month's events come from one query (EventFilter's
// EndsAfter and StartsBefore, widened by the furthest zones' offsets) with
// the list's filters; the days are computed here.

// registerCalendar adds the month view's and the overlap check's routes.
func (s *server) registerCalendar(r *web.Router) error {
	if err := r.ParsePages(templates, nil, "calendar"); err != nil {
		return err
	}
	r.Pages.GET("/events/calendar", s.calendarPage)
	r.API.GET("/events/calendar", s.apiCalendar)
	r.API.GET("/events/overlaps", s.apiOverlaps)
	return nil
}

// monthLayout is the month parameter's form.
const monthLayout = "2006-01"

// zoneReach is how far the furthest zones are from UTC (UTC−12 to UTC+14):
// an event on a month's first or last day in its zone may be that far
// outside the month in UTC.
const zoneReach = 14 * time.Hour

// parseMonth reads month=YYYY-MM (empty: the month of now, in UTC) into the
// month's first day, at midnight UTC. A bad value, or a month outside the
// dates events may have, is Invalid naming "month".
func parseMonth(v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC), nil
	}
	m, err := time.Parse(monthLayout, v)
	if err != nil || len(v) != len(monthLayout) || !monthInRange(m, now) {
		return time.Time{}, badParam("month", v)
	}
	return m, nil
}

// monthInRange reports whether events may fall in the month starting at m
// (platform.DateBounds).
func monthInRange(m, now time.Time) bool {
	first, last := platform.DateBounds(now)
	return m.AddDate(0, 1, 0).After(first) && !m.After(last)
}

// day is a date, as midnight UTC.
func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// eventDays returns the first and last day an event covers in its zone. An
// event ending at midnight does not cover the day that starts then.
func eventDays(e *platform.Event) (time.Time, time.Time) {
	loc := e.Location()
	start, end := e.Start.In(loc), e.End.In(loc)
	if end.After(start) {
		end = end.Add(-time.Nanosecond)
	} else {
		end = start
	}
	return day(start), day(end)
}

// monthEvents returns the events with the filter's countries, areas, kinds
// and articles that are on a day of the month starting at m, in start
// order. It asks the service for the month's window in pages of the
// largest size, so one query unless the month holds more events than that.
func (s *server) monthEvents(ctx context.Context, f platform.EventFilter, m time.Time) ([]*platform.Event, error) {
	next := m.AddDate(0, 1, 0)
	f.EndsAfter, f.StartsBefore = m.Add(-zoneReach), next.Add(zoneReach)
	f.Descending, f.Offset, f.Limit = false, 0, platform.MaxEventPage
	var out []*platform.Event
	for {
		page, total, err := s.Events.FindEvents(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			if first, last := eventDays(e); first.Before(next) && !last.Before(m) {
				out = append(out, e)
			}
		}
		f.Offset += f.Limit
		if f.Offset >= total || len(page) == 0 {
			return out, nil
		}
	}
}

// calendarFilter reads the list's filters for the month view. The list's
// own parameters (from, to, upcoming, page, size) are checked as the list
// checks them, so that a link from a filtered list works, and then left
// aside: the month decides the dates.
func calendarFilter(c *gin.Context) (platform.EventFilter, time.Time, error) {
	f, _, err := filterParams(c, platform.MaxEventPage)
	if err != nil {
		return f, time.Time{}, err
	}
	m, err := parseMonth(c.Query("month"), time.Now())
	return f, m, err
}

// calEntry is an event on one day of the month view.
type calEntry struct {
	ID, Title, TitleLang, Kind, Time, Zone string
	Fallback, Cancelled                    bool
}

// calDay is a cell of the month view; Day is 0 for the days of the weeks
// before and after the month.
type calDay struct {
	Day     int
	Date    string
	Entries []calEntry
}

// monthGrid lays the month starting at m out in weeks from Monday to
// Sunday, each event on every day it covers in its zone.
func monthGrid(events []*platform.Event, m time.Time, l *i18n.Localizer, lang string) [][]calDay {
	next := m.AddDate(0, 1, 0)
	byDay := map[time.Time][]calEntry{}
	chain := i18n.Chain(lang)
	for _, e := range events {
		first, last := eventDays(e)
		loc := e.Location()
		start, end := e.Start.In(loc).Format("15:04"), e.End.In(loc).Format("15:04")
		title, tl := e.Title(chain)
		entry := calEntry{ID: e.ID, Title: title, TitleLang: tl, Fallback: tl != lang, Zone: e.TimeZone,
			Kind: l.T("event_kind." + string(e.Kind)), Cancelled: e.Status == platform.EventCancelled}
		d := first
		if d.Before(m) {
			d = m
		}
		for ; d.Before(next) && !d.After(last); d = d.AddDate(0, 0, 1) {
			switch {
			case d.Equal(first) && d.Equal(last):
				entry.Time = start + "–" + end
			case d.Equal(first):
				entry.Time = l.T("calendar.from_time", map[string]any{"Time": start})
			case d.Equal(last):
				entry.Time = l.T("calendar.until_time", map[string]any{"Time": end})
			default:
				entry.Time = l.T("calendar.all_day")
			}
			byDay[d] = append(byDay[d], entry)
		}
	}
	// Monday is the first day of the week in the five countries.
	lead := (int(m.Weekday()) + 6) % 7
	var weeks [][]calDay
	week := make([]calDay, lead, 7)
	for d := m; d.Before(next); d = d.AddDate(0, 0, 1) {
		week = append(week, calDay{Day: d.Day(), Date: d.Format(time.DateOnly), Entries: byDay[d]})
		if len(week) == 7 {
			weeks, week = append(weeks, week), make([]calDay, 0, 7)
		}
	}
	if len(week) > 0 {
		weeks = append(weeks, append(week, make([]calDay, 7-len(week))...))
	}
	return weeks
}

// filterQuery is the request's list filters as a query string, without the
// month and the list's dates and paging, for the links that keep them.
func filterQuery(c *gin.Context) url.Values {
	q := url.Values{}
	for _, name := range []string{"country", "area", "kind", "article"} {
		for _, v := range nonEmpty(c.QueryArray(name)) {
			q.Add(name, v)
		}
	}
	return q
}

// monthName is "October 2026" in the reader's language.
func monthName(l *i18n.Localizer, m time.Time) string {
	return l.T("calendar.month_name", map[string]any{"Month": l.T("calendar.month_" + strconv.Itoa(int(m.Month()))), "Year": m.Year()})
}

// calendarPage serves /{lang}/events/calendar: the month's events in a
// table of weeks, with the list's filters.
func (s *server) calendarPage(c *gin.Context) {
	lang, l := web.Lang(c), s.Localizer(c)
	f, m, err := calendarFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	events, err := s.monthEvents(c.Request.Context(), f, m)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	q := filterQuery(c)
	link := func(month time.Time) string {
		if !monthInRange(month, time.Now()) {
			return ""
		}
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("month", month.Format(monthLayout))
		return "/" + lang + "/events/calendar?" + v.Encode()
	}
	list := "/" + lang + "/events"
	if len(q) > 0 {
		list += "?" + q.Encode()
	}
	weekdays := make([]string, 7)
	for i := range weekdays {
		weekdays[i] = l.T("calendar.weekday_" + strconv.Itoa(i+1))
	}
	article := ""
	if len(f.Articles) > 0 {
		article = strconv.Itoa(f.Articles[0])
	}
	name := monthName(l, m)
	s.Render(c, http.StatusOK, "calendar", "events", l.T("calendar.title")+": "+name, map[string]any{
		"Month": m.Format(monthLayout), "MonthName": name, "Weeks": monthGrid(events, m, l, lang), "Weekdays": weekdays,
		"Count": len(events), "Prev": link(m.AddDate(0, -1, 0)), "Next": link(m.AddDate(0, 1, 0)), "List": list,
		"PrevName": monthName(l, m.AddDate(0, -1, 0)), "NextName": monthName(l, m.AddDate(0, 1, 0)),
		"Kinds": kindOptions(l, f.Kinds), "Countries": countryOptions(l, f.Countries), "Areas": areaOptions(l, f.Areas),
		"Article": article,
	})
}

// apiCalendar answers GET /api/v1/events/calendar: the month's events, as
// the month view shows them, and the days each is on in its zone.
func (s *server) apiCalendar(c *gin.Context) {
	f, m, err := calendarFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	events, err := s.monthEvents(c.Request.Context(), f, m)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	type calendarDay struct {
		Date   string   `json:"date"`
		Events []string `json:"events"`
	}
	var days []calendarDay
	next := m.AddDate(0, 1, 0)
	for d := m; d.Before(next); d = d.AddDate(0, 0, 1) {
		var ids []string
		for _, e := range events {
			if first, last := eventDays(e); !d.Before(first) && !d.After(last) {
				ids = append(ids, e.ID)
			}
		}
		if ids != nil {
			days = append(days, calendarDay{Date: d.Format(time.DateOnly), Events: ids})
		}
	}
	if events == nil {
		events, days = []*platform.Event{}, []calendarDay{}
	}
	c.JSON(http.StatusOK, gin.H{"month": m.Format(monthLayout), "events": events, "days": days})
}
