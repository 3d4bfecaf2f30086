// Package bilaterals serves the bilateral meetings in the margins of a
// conference: the secretariat's page (delegations, settings, requests, the
// draft schedule as a grid, what could not be placed and why, the moves
// against the published schedule, solving and publishing), a delegation's
// page with its published schedule, that schedule as a PDF in the page's
// language and as an iCalendar file, and the JSON API of all that. It is a
// web.Module.
//
// Who may see and do what is the service's business
// (platform.BilateralService answers NotFound for what the reader may not
// see, Forbidden for what they may not do); the module shows what it
// returns and offers the forms platform.CanActForDelegation allows.
package bilaterals

import (
	"embed"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Module is the bilateral meetings' part of the web layer. Fields are set
// once, before the server's handler is built; without Bilaterals or Events
// every route answers 404.
type Module struct {
	// Bilaterals keeps the delegations, requests, settings and schedules.
	Bilaterals platform.BilateralService
	// Events gives the conference its title and time zone.
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
	if err := r.ParsePages(templates, funcs, "bilaterals", "bilaterals_delegation"); err != nil {
		return err
	}
	s := &server{Server: r.Server(), Module: m}
	api, p := r.API, r.Pages
	const b = "/events/:id/bilaterals"
	// Every route names the query parameters it reads (openapi.json for the
	// API, pageParams in cmd/hub's tests for the pages): any other, or one
	// given twice, empty or with a value it does not take, is a 400 naming
	// it rather than silently ignored.
	q := func(names ...string) gin.HandlerFunc {
		allowed := map[string][]string{"lang": langCodes()}
		for _, n := range names {
			allowed[n] = nil
		}
		return s.query(allowed)
	}
	api.GET(b+"/settings", q(), s.apiSettings)
	api.PUT(b+"/settings", q(), s.apiSaveSettings)
	api.GET(b+"/windows", q(), s.apiWindows)
	api.GET(b+"/delegations", q(), s.apiDelegations)
	api.POST(b+"/delegations", q(), s.apiCreateDelegation)
	api.GET(b+"/delegations/:did", q(), s.apiDelegation)
	api.PUT(b+"/delegations/:did", q(), s.apiUpdateDelegation)
	api.DELETE(b+"/delegations/:did", q(), s.apiDeleteDelegation)
	api.GET(b+"/delegations/:did/schedule", q(), s.apiDelegationSchedule)
	api.GET(b+"/delegations/:did/schedule.ics", q(), s.delegationICS)
	api.GET(b+"/delegations/:did/schedule.pdf", q(), s.delegationPDF)
	api.GET(b+"/requests", q("delegation", "status"), s.apiRequests)
	api.POST(b+"/requests", q(), s.apiCreateRequest)
	api.GET(b+"/requests/:rid", q(), s.apiRequest)
	api.POST(b+"/requests/:rid/answer", q(), s.apiAnswer)
	api.POST(b+"/requests/:rid/lock", q(), s.apiLock)
	api.GET(b+"/schedule", q(), s.apiSchedule)
	api.POST(b+"/schedule/solve", q(), s.apiSolve)
	api.POST(b+"/schedule/publish", q(), s.apiPublish)

	none := s.query(nil)
	p.GET(b, s.query(map[string][]string{"done": doneNotices}), s.mainPage)
	p.POST(b+"/settings", none, s.settingsSubmit)
	p.POST(b+"/delegations", none, s.delegationSubmit)
	p.GET(b+"/delegations/:did", s.query(map[string][]string{"done": {"saved"}}), s.delegationPage)
	p.POST(b+"/delegations/:did", none, s.delegationSubmit)
	p.POST(b+"/delegations/:did/delete", none, s.deleteDelegationSubmit)
	p.GET(b+"/delegations/:did/schedule.pdf", none, s.delegationPDF)
	p.GET(b+"/delegations/:did/schedule.ics", none, s.delegationICS)
	p.POST(b+"/requests", none, s.requestSubmit)
	p.POST(b+"/requests/:rid/answer", none, s.answerSubmit)
	p.POST(b+"/requests/:rid/lock", none, s.lockSubmit)
	p.POST(b+"/solve", none, s.solveSubmit)
	p.POST(b+"/publish", none, s.publishSubmit)
	return nil
}

// funcs are the module's template functions.
var funcs = map[string]any{
	"inList": func(v string, list []string) bool { return slices.Contains(list, v) },
}

// badParam refuses the value of a query parameter or form field, naming it.
func badParam(name, value string) error {
	return platform.Localized(platform.Invalid, "bilaterals.bad_value", map[string]any{"Field": name, "Value": web.Clip(value, 80)},
		"%s: bad value %q", name, web.Clip(value, 80))
}

// query refuses a request whose query string holds a parameter not in
// allowed, one given more than once or empty, or a value not among those
// allowed lists for it (nil: any value; the handler checks it).
func (s *server) query(allowed map[string][]string) gin.HandlerFunc {
	return func(c *gin.Context) {
		values := c.Request.URL.Query()
		names := make([]string, 0, len(values))
		for name := range values {
			names = append(names, name)
		}
		slices.Sort(names) // the same parameter named whatever the order
		for _, name := range names {
			vs := values[name]
			take, ok := allowed[name]
			switch {
			case !ok:
				s.WriteError(c, platform.Localized(platform.Invalid, "bilaterals.unknown_param", map[string]any{"Field": web.Clip(name, 40)},
					"unknown query parameter %q", web.Clip(name, 40)))
			case len(vs) > 1:
				s.WriteError(c, badParam(name, strings.Join(vs, ",")))
			case strings.TrimSpace(vs[0]) == "" || take != nil && !slices.Contains(take, vs[0]):
				s.WriteError(c, badParam(name, vs[0]))
			default:
				continue
			}
			c.Abort()
			return
		}
		c.Next()
	}
}

// langCodes are the values ?lang= takes on the API.
func langCodes() []string {
	var codes []string
	for _, l := range i18n.Languages() {
		codes = append(codes, l.Code)
	}
	return codes
}

// notFound is the 404 of an id that names nothing the reader may see.
func notFound(id string) error {
	return platform.Localized(platform.NotFound, "error.not_found", nil, "no bilateral record %q", id)
}

// onlyOnce refuses a query parameter of one value given more than once.
func onlyOnce(c *gin.Context, names ...string) error {
	for _, name := range names {
		if vs := c.QueryArray(name); len(vs) > 1 {
			return badParam(name, strings.Join(vs, ","))
		}
	}
	return nil
}

// conference reads the event the path's :id names, as the reader may see
// it: an id of the wrong form, a hidden event, an event that is no
// conference or a module without its services is a 404 (written, and ok
// false).
func (s *server) conference(c *gin.Context) (*platform.Event, bool) {
	id := c.Param("id")
	if s.Bilaterals == nil || s.Events == nil || !platform.ValidRecordID(id) {
		s.WriteError(c, notFound(id))
		return nil, false
	}
	e, err := s.Events.FindEventByID(c.Request.Context(), id)
	if err == nil && e.Kind != platform.EventConference {
		// Only a conference has bilateral meetings: another event has no
		// such page, as a missing one has not.
		err = notFound(id)
	}
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return e, true
}

// delegation reads the delegation the path's :did names, of the event:
// one of another event is a 404 as a missing one is.
func (s *server) delegation(c *gin.Context, eventID string) (*platform.Delegation, bool) {
	id := c.Param("did")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, notFound(id))
		return nil, false
	}
	d, err := s.Bilaterals.Delegation(c.Request.Context(), id)
	if err == nil && d.EventID != eventID {
		err = notFound(id)
	}
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return d, true
}

// request reads the request the path's :rid names, of the event.
func (s *server) request(c *gin.Context, eventID string) (*platform.MeetingRequest, bool) {
	id := c.Param("rid")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, notFound(id))
		return nil, false
	}
	r, err := s.Bilaterals.Request(c.Request.Context(), id)
	if err == nil && r.EventID != eventID {
		err = notFound(id)
	}
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return r, true
}

// statuses are the values ?status= takes.
var statuses = []platform.MeetingStatus{platform.MeetingPending, platform.MeetingAccepted, platform.MeetingDeclined,
	platform.MeetingWithdrawn, platform.MeetingExpired}

// requestFilter reads ?delegation= and ?status= (each at most once); an
// unknown value is refused naming its parameter.
func requestFilter(c *gin.Context) (string, platform.MeetingStatus, error) {
	if err := onlyOnce(c, "delegation", "status"); err != nil {
		return "", "", err
	}
	d := strings.TrimSpace(c.Query("delegation"))
	if d != "" && !platform.ValidRecordID(d) {
		return "", "", badParam("delegation", d)
	}
	st := platform.MeetingStatus(strings.TrimSpace(c.Query("status")))
	if st != "" && !slices.Contains(statuses, st) {
		return "", "", badParam("status", string(st))
	}
	return d, st, nil
}

// formLimit bounds a page form's body.
const formLimit = 256 << 10

// readForm reads a posted url-encoded form, at most formLimit bytes.
func (s *server) readForm(c *gin.Context) (url.Values, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, formLimit)
	if err := c.Request.ParseForm(); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, platform.Localized(web.CodeTooLarge, "error.too_large", map[string]any{"Limit": web.HumanBytes(formLimit)}, "form over %d bytes", formLimit)
		}
		return nil, badParam("form", err.Error())
	}
	return c.Request.PostForm, nil
}

// formRefusal reports whether a form's error is the reader's to fix (the
// page shows the form again with the message) rather than an error page.
func formRefusal(err error) bool {
	code := platform.ErrorCode(err)
	return code == platform.Invalid || code == platform.Conflict
}

// redirect sends the browser to the bilaterals' path under the reader's
// language after a form.
func redirect(c *gin.Context, eventID, rest string) {
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/events/"+eventID+"/bilaterals"+rest)
}
