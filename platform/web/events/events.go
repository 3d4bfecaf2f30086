// Package events serves the platform's events: the list with its filters,
// an event's page, the forms that create and edit events, the JSON API and
// the iCalendar feeds. It is a web.Module.
package events

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Module is the events' part of the web layer. Fields are set once, before
// the server's handler is built.
type Module struct {
	// Events are the records the module shows and writes.
	Events platform.EventService
	// Documents give an event's materials their titles.
	Documents platform.DocumentService
	// Registrations are the events' participants; without them the
	// module serves no registration.
	Registrations platform.RegistrationService
	// Evaluations are the events' pre- and post-tests and questionnaires;
	// without them the evaluation routes answer 404.
	Evaluations platform.EvaluationService
	// Stats make the events' statistics; without them the statistics'
	// routes answer 404.
	Stats platform.StatsService
	// Experts name the profiles linked to events; without them a linked
	// profile is "a trainer".
	Experts ExpertFinder
	// Bilaterals, when set, lets a conference's page link to its bilateral
	// meetings for the readers who may see them (platform/web/bilaterals
	// serves them).
	Bilaterals platform.BilateralService
}

// ExpertFinder reads an expert's profile as the reader may see it.
type ExpertFinder interface {
	FindExpertByID(ctx context.Context, id string) (*platform.ExpertView, error)
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
	if err := r.ParsePages(templates, nil, "events", "event", "eventform",
		"register", "registered", "registration", "registrations", "myregistrations",
		"evaluation", "evaluationform", "evaluationresults"); err != nil {
		return err
	}
	s := &server{Server: r.Server(), Module: m}
	r.AddSitemap(s.sitemap)
	if err := s.registerCalendar(r); err != nil { // calendar.go: the month view, the overlap check
		return err
	}
	if err := s.registerStats(r); err != nil { // stats.go: the statistics page, files and API
		return err
	}
	api, p := r.API, r.Pages
	api.GET("/events", s.apiList)
	api.POST("/events", s.apiCreate)
	api.GET("/events/:id", s.apiGet)
	api.PUT("/events/:id", s.apiUpdate)
	api.DELETE("/events/:id", s.apiDelete)

	p.GET("/events", s.listPage)
	p.GET("/events/new", s.newForm)
	p.POST("/events/new", s.createForm)
	// /{lang}/events/{id} is the page, /{lang}/events/{id}.ics its
	// calendar file: one route, since the router cannot tell them apart.
	p.GET("/events/:id", s.eventPageOrICS)
	p.GET("/events/:id/edit", s.editForm)
	p.POST("/events/:id/edit", s.updateForm)
	p.POST("/events/:id/delete", s.deleteForm)

	r.Root.GET("/events.ics", s.feedICS)
	s.registerRoutes(r)
	s.registerEvaluation(r)      // evaluation.go
	return s.attendanceRoutes(r) // attendance.go: check-in, certificates
}

// filterParams reads the list's filters from the query: country, area,
// kind and article (each may repeat), from and to (dates, inclusive), page
// and size. Bad values are Invalid, naming the parameter.
func filterParams(c *gin.Context, defaultSize int) (platform.EventFilter, int, error) {
	f := platform.EventFilter{Countries: nonEmpty(c.QueryArray("country")), Areas: nonEmpty(c.QueryArray("area"))}
	for i, cc := range f.Countries {
		f.Countries[i] = strings.ToUpper(cc)
		if f.Countries[i] == "OTHER" {
			f.Countries[i] = "other"
		}
	}
	for _, k := range nonEmpty(c.QueryArray("kind")) {
		f.Kinds = append(f.Kinds, platform.EventKind(k))
	}
	for _, a := range nonEmpty(c.QueryArray("article")) {
		n, err := strconv.Atoi(a)
		if err != nil {
			return f, 0, badParam("article", a)
		}
		f.Articles = append(f.Articles, n)
	}
	if v := c.Query("from"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return f, 0, badParam("from", v)
		}
		f.EndsAfter = t
	}
	if v := c.Query("to"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return f, 0, badParam("to", v)
		}
		f.StartsBefore = t.AddDate(0, 0, 1)
	}
	switch v := c.Query("upcoming"); v {
	case "true":
		f.EndsAfter = time.Now()
	case "", "false":
	default:
		return f, 0, badParam("upcoming", v)
	}
	page, size := 1, defaultSize
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100_000 {
			return f, 0, badParam("page", v)
		}
		page = n
	}
	if v := c.Query("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > platform.MaxEventPage {
			return f, 0, badParam("size", v)
		}
		size = n
	}
	f.Offset, f.Limit = (page-1)*size, size
	return f, page, f.Validate()
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func badParam(name, value string) error {
	return platform.Localized(platform.Invalid, "error.event_bad_value", map[string]any{"Field": name, "Value": value}, "%s: bad value %q", name, value)
}

// event reads the event the path's :id names, as the request's user sees
// it; an id of the wrong form, or an event the user may not see, is a 404
// (written, and ok false).
func (s *server) event(c *gin.Context) (*platform.Event, bool) {
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return nil, false
	}
	e, err := s.Events.FindEventByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return e, true
}

// eventID reads the :id of the path; an id of the wrong form is a 404.
func (s *server) eventID(c *gin.Context, id string) (string, bool) {
	if !platform.ValidRecordID(id) {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.event_not_found", nil, "no event %q", id))
		return "", false
	}
	return id, true
}

// option is a choice of a select or a set of checkboxes.
type option struct {
	Value, Label string
	Selected     bool
}

func kindOptions(l *i18n.Localizer, selected []platform.EventKind) []option {
	out := make([]option, 0, len(platform.EventKinds()))
	for _, k := range platform.EventKinds() {
		sel := false
		for _, s := range selected {
			sel = sel || s == k
		}
		out = append(out, option{Value: string(k), Label: l.T("event_kind." + string(k)), Selected: sel})
	}
	return out
}

func countryOptions(l *i18n.Localizer, selected []string) []option {
	var out []option
	for _, c := range append(platform.Countries(), "other") {
		out = append(out, option{Value: c, Label: l.T("country." + c), Selected: contains(selected, c)})
	}
	return out
}

func areaOptions(l *i18n.Localizer, selected []string) []option {
	var out []option
	for _, a := range platform.Areas() {
		out = append(out, option{Value: a, Label: l.T("area." + a), Selected: contains(selected, a)})
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// card is an event as the list shows it.
type card struct {
	ID, Title, TitleLang, City, Kind, Status string
	Fallback, Online                         bool
	Start, End                               string // in the event's zone
	StartUTC                                 string
	Zone                                     string
}

func cards(events []*platform.Event, l *i18n.Localizer, lang string) []card {
	chain := i18n.Chain(lang)
	out := make([]card, 0, len(events))
	for _, e := range events {
		t, tl := e.Title(chain)
		loc := e.Location()
		out = append(out, card{ID: e.ID, Title: t, TitleLang: tl, Fallback: tl != lang, City: pick(e.City, chain),
			Kind: l.T("event_kind." + string(e.Kind)), Status: l.T("event_status." + string(e.Status)),
			Online: e.OnlineURL != "", Start: e.Start.In(loc).Format("2006-01-02 15:04"), End: e.End.In(loc).Format("2006-01-02 15:04"),
			StartUTC: e.Start.UTC().Format(time.RFC3339), Zone: e.TimeZone})
	}
	return out
}

// pick is the text of the first language of chain that has one.
func pick(m map[string]string, chain []string) string {
	for _, l := range chain {
		if v := m[l]; v != "" {
			return v
		}
	}
	for _, l := range platform.Languages() {
		if v := m[l]; v != "" {
			return v
		}
	}
	return ""
}

// listPage serves /{lang}/events: the events that match the filters, the
// latest first, fifty a page.
func (s *server) listPage(c *gin.Context) {
	lang, l := web.Lang(c), s.Localizer(c)
	f, page, err := filterParams(c, 50)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f.Descending = true
	events, total, err := s.Events.FindEvents(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	article := ""
	if len(f.Articles) > 0 {
		article = strconv.Itoa(f.Articles[0])
	}
	q := c.Request.URL.Query()
	q.Del("page")
	query := q.Encode()
	data := map[string]any{
		"Events": cards(events, l, lang), "Total": total, "From": f.Offset + 1, "To": f.Offset + len(events),
		"Kinds": kindOptions(l, f.Kinds), "Countries": countryOptions(l, f.Countries), "Areas": areaOptions(l, f.Areas),
		"Article": article, "FromDate": c.Query("from"), "ToDate": c.Query("to"),
		// Encoded already: the template must not escape its = and & again.
		"Query":     template.URL(query),
		"CanCreate": platform.CanCreate(web.User(c)),
	}
	if page > 1 {
		data["Prev"] = page - 1
	}
	if f.Offset+len(events) < total {
		data["Next"] = page + 1
	}
	s.Render(c, http.StatusOK, "events", "events", l.T("events.title"), data)
}
