package events

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// Registration pages and API.
//
// A person registers with or without an account. Without one, the answer
// to a registration is the address of its page with a secret (?token=):
// whoever holds it sees and cancels the registration, as a link sent by
// mail does in Indico. A second registration of the same address from
// someone else only says that the address is registered (and a new link is
// noticed to its owner), so that typing another person's address reveals
// nothing and cancels nothing.

// registerRoutes adds the registration routes to the module's.
func (s *server) registerRoutes(r *web.Router) {
	api, p := r.API, r.Pages
	api.POST("/events/:id/registrations", s.apiRegister)
	api.GET("/events/:id/registrations", s.apiEventRegistrations)
	api.GET("/events/:id/participants", s.apiParticipants)
	api.GET("/registrations", s.apiMyRegistrations)
	api.GET("/registrations/:rid", s.apiRegistration)
	api.POST("/registrations/:rid/cancel", s.apiCancel)
	api.POST("/registrations/:rid/approve", s.apiDecide(true))
	api.POST("/registrations/:rid/reject", s.apiDecide(false))

	p.GET("/events/:id/register", s.registerForm)
	p.POST("/events/:id/register", s.registerSubmit)
	p.GET("/events/:id/registrations", s.registrationsPage)
	p.GET("/registrations", s.myRegistrationsPage)
	p.GET("/registrations/:rid", s.registrationPage)
	p.POST("/registrations/:rid/cancel", s.cancelSubmit)
	p.POST("/registrations/:rid/decide", s.decideSubmit)
}

// registrationToken is the link secret a request carries: the token
// parameter of the address or form, or the X-Registration-Token header.
func registrationToken(c *gin.Context) string {
	if t := c.GetHeader("X-Registration-Token"); t != "" {
		return t
	}
	if t := c.PostForm("token"); t != "" {
		return t
	}
	return c.Query("token")
}

// regContext is the request's context with its link secret.
func regContext(c *gin.Context) *gin.Context {
	if t := registrationToken(c); t != "" {
		c.Request = c.Request.WithContext(platform.ContextWithRegistrationToken(c.Request.Context(), t))
	}
	return c
}

// registrationID reads the :rid of the path; an id of the wrong form is a
// 404.
func (s *server) registrationID(c *gin.Context) (string, bool) {
	id := c.Param("rid")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.registration_not_found", nil, "no registration %q", id))
		return "", false
	}
	return id, true
}

// manageURL is the address of a registration's page, with its link
// secret when there is one.
func (s *server) manageURL(lang, id, token string) string {
	u := "/" + lang + "/registrations/" + id
	if token != "" {
		u += "?token=" + url.QueryEscape(token)
	}
	return u
}

// registrationJSON is a registration as the API gives it, with the
// address that manages it when the answer carries a link secret.
type registrationJSON struct {
	*platform.Registration
	ManageToken string `json:"manageToken,omitempty"`
	ManageURL   string `json:"manageUrl,omitempty"`
}

func (s *server) apiRegister(c *gin.Context) {
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	var in platform.RegistrationInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	res, err := s.Registrations.Register(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	out := registrationJSON{Registration: res.Registration}
	if res.Token != "" {
		out.ManageToken = res.Token
		out.ManageURL = s.PublicURL() + s.manageURL(res.Registration.Language, res.Registration.ID, res.Token)
	}
	status := http.StatusCreated
	if res.Existed {
		status = http.StatusOK
	}
	c.JSON(status, out)
}

// registrationFilter reads status, page and size.
func registrationFilter(c *gin.Context) (platform.RegistrationFilter, error) {
	f := platform.RegistrationFilter{Status: platform.RegistrationStatus(c.Query("status"))}
	page, err := web.IntParam(c, "page", 1, 1, 100_000)
	if err != nil {
		return f, err
	}
	size, err := web.IntParam(c, "size", 50, 1, platform.MaxEventPage)
	if err != nil {
		return f, err
	}
	f.Offset, f.Limit = (page-1)*size, size
	return f, nil
}

func (s *server) apiEventRegistrations(c *gin.Context) {
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	f, err := registrationFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	list, total, err := s.Registrations.EventRegistrations(c.Request.Context(), id, f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"registrations": list, "total": total})
}

func (s *server) apiParticipants(c *gin.Context) {
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	ctx := c.Request.Context()
	counts, err := s.Registrations.Counts(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	list, err := s.Registrations.PublicParticipants(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"counts": counts, "participants": list})
}

func (s *server) apiMyRegistrations(c *gin.Context) {
	list, err := s.Registrations.MyRegistrations(c.Request.Context())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"registrations": list})
}

func (s *server) apiRegistration(c *gin.Context) {
	id, ok := s.registrationID(c)
	if !ok {
		return
	}
	r, err := s.Registrations.FindRegistration(regContext(c).Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *server) apiCancel(c *gin.Context) {
	id, ok := s.registrationID(c)
	if !ok {
		return
	}
	r, err := s.Registrations.CancelRegistration(regContext(c).Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *server) apiDecide(approve bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := s.registrationID(c)
		if !ok {
			return
		}
		r, err := s.Registrations.DecideRegistration(c.Request.Context(), id, approve)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, r)
	}
}

// registerView is the registration form, with what was typed.
type registerView struct {
	EventID, EventTitle, Error, FormKey       string
	In                                        platform.RegistrationInput
	Counts                                    platform.RegistrationCounts
	Countries, Genders, Categories, Languages []option
	Open                                      bool
}

func newFormKey() string { return rand.Text() }

func (s *server) registerView(c *gin.Context, e *platform.Event, in platform.RegistrationInput) (registerView, error) {
	l, lang := s.Localizer(c), web.Lang(c)
	title, _ := e.Title(i18n.Chain(lang))
	counts, err := s.Registrations.Counts(c.Request.Context(), e.ID)
	if err != nil {
		return registerView{}, err
	}
	v := registerView{EventID: e.ID, EventTitle: title, In: in, Counts: counts, Open: e.RegistrationOpen(timeNow())}
	v.Countries = countryOptions(l, []string{in.Country})
	v.Genders = []option{{Value: "", Label: l.T("registration.gender_none"), Selected: in.Gender == ""}}
	for _, g := range platform.Genders() {
		v.Genders = append(v.Genders, option{Value: g, Label: l.T("registration.gender_" + g), Selected: in.Gender == g})
	}
	editor := platform.CanEditEvent(web.User(c), e.Kind, e.Concerns())
	for _, cat := range platform.RegistrationCategories() {
		if cat.Staff() && !editor {
			continue
		}
		v.Categories = append(v.Categories, option{Value: string(cat), Label: l.T("registration.category_" + string(cat)), Selected: in.Category == cat})
	}
	for _, lg := range i18n.Languages() {
		v.Languages = append(v.Languages, option{Value: lg.Code, Label: lg.Name, Selected: in.Language == lg.Code})
	}
	return v, nil
}

// registerForm serves /{lang}/events/{id}/register, filled from the
// reader's account when they are signed in.
func (s *server) registerForm(c *gin.Context) {
	e, ok := s.event(c)
	if !ok {
		return
	}
	in := platform.RegistrationInput{Language: web.Lang(c), Category: platform.CategoryDelegate}
	if u := web.User(c); u != nil {
		in.Name, in.Email, in.Country, in.Organization = u.Name, u.Email, u.Country, u.Organization
	}
	v, err := s.registerView(c, e, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	v.FormKey = newFormKey()
	if !v.Open {
		v.Error = s.Localizer(c).T("error.registration_closed")
	}
	s.Render(c, http.StatusOK, "register", "events", s.Localizer(c).T("registration.title"), v)
}

// registerSubmit takes the form: a registration (or a repeat) goes to its
// page; a refusal shows the form again with what was typed and the reason.
func (s *server) registerSubmit(c *gin.Context) {
	e, ok := s.event(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	id := e.ID
	in := platform.RegistrationInput{
		Name: c.PostForm("name"), Email: c.PostForm("email"), Country: c.PostForm("country"),
		Organization: c.PostForm("organization"), Position: c.PostForm("position"), Gender: c.PostForm("gender"),
		Category: platform.RegistrationCategory(c.PostForm("category")), Language: c.PostForm("language"),
		ListPublicly: c.PostForm("list_publicly") == "on", FormKey: c.PostForm("form_key"),
	}
	res, err := s.Registrations.Register(ctx, id, in)
	if err != nil {
		status, msg := s.Explain(c, err)
		if status >= 500 {
			s.WriteError(c, err)
			return
		}
		v, verr := s.registerView(c, e, in)
		if verr != nil {
			s.WriteError(c, verr)
			return
		}
		v.Error, v.FormKey = msg, in.FormKey
		s.Render(c, status, "register", "events", s.Localizer(c).T("registration.title"), v)
		return
	}
	if res.Token == "" {
		// Registered already, and this request may not manage it.
		l := s.Localizer(c)
		title, _ := e.Title(i18n.Chain(web.Lang(c)))
		s.Render(c, http.StatusOK, "registered", "events", l.T("registration.title"),
			map[string]any{"EventID": e.ID, "EventTitle": title, "Email": res.Registration.Email})
		return
	}
	c.Redirect(http.StatusSeeOther, s.manageURL(web.Lang(c), res.Registration.ID, res.Token))
}

// registrationView is a registration's page.
type registrationView struct {
	R                                     *platform.Registration
	EventID, EventTitle, Status, Category string
	Country, Start, End, Zone, Token      string
	Notices                               []noticeView
	CanCancel, Editor                     bool
	// Certificate links to the certificate once the participant may have
	// it (attendance.go).
	Certificate string
	// Evaluation lists the phases of the event's evaluation the
	// participant answers (evaluation.go).
	Evaluation []evaluationLink
}

type noticeView struct{ At, Text string }

// registrationPage serves /{lang}/registrations/{id}: the participant's
// status, place on the waiting list, check-in code and notices, with a
// button that cancels.
func (s *server) registrationPage(c *gin.Context) {
	id, ok := s.registrationID(c)
	if !ok {
		return
	}
	ctx := regContext(c).Request.Context()
	r, err := s.Registrations.FindRegistration(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	notices, err := s.Registrations.Notices(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	e, err := s.Events.FindEventByID(platform.NewContextWithUser(ctx, platform.System()), r.EventID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	l, lang := s.Localizer(c), web.Lang(c)
	loc := e.Location()
	v := registrationView{R: r, EventID: e.ID, Status: statusText(l, r), Category: l.T("registration.category_" + string(r.Category)),
		Country: l.T("country." + r.Country), Start: e.Start.In(loc).Format("2006-01-02 15:04"), End: e.End.In(loc).Format("2006-01-02 15:04"),
		Zone: e.TimeZone, Token: registrationToken(c),
		CanCancel: r.State != platform.RegistrationCancelled && r.State != platform.RegistrationRejected && timeNow().Before(e.End),
		Editor:    platform.CanEditEvent(web.User(c), e.Kind, e.Concerns())}
	v.EventTitle, _ = e.Title(i18n.Chain(lang))
	if eligible(e, r) {
		v.Certificate = certificateLink(lang, r.ID, v.Token)
	}
	v.Evaluation = s.registrationEvaluation(c, id)
	for _, n := range notices {
		v.Notices = append(v.Notices, noticeView{At: n.At.In(loc).Format("2006-01-02 15:04"), Text: l.T("notice." + n.Kind)})
	}
	s.Render(c, http.StatusOK, "registration", "events", l.T("registration.yours"), v)
}

// statusText is a registration's status in words, with the place on the
// waiting list.
func statusText(l *i18n.Localizer, r *platform.Registration) string {
	if r.Status == platform.StatusWaiting {
		return l.T("registration.status_waiting_at", map[string]any{"Position": r.WaitingPosition})
	}
	return l.T("registration.status_" + string(r.Status))
}

func (s *server) cancelSubmit(c *gin.Context) {
	id, ok := s.registrationID(c)
	if !ok {
		return
	}
	if _, err := s.Registrations.CancelRegistration(regContext(c).Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	if back := c.PostForm("back"); back == "list" {
		c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/events/"+c.PostForm("event")+"/registrations")
		return
	}
	c.Redirect(http.StatusSeeOther, s.manageURL(web.Lang(c), id, registrationToken(c)))
}

func (s *server) decideSubmit(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	id, ok := s.registrationID(c)
	if !ok {
		return
	}
	r, err := s.Registrations.DecideRegistration(c.Request.Context(), id, c.PostForm("decision") == "approve")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/events/"+r.EventID+"/registrations")
}

// registrationRow is a line of an event's registrations page.
type registrationRow struct {
	R                         *platform.Registration
	Status, Country, Category string
	CanDecide                 bool
	Certificate               string // attendance.go
}

// registrationsPage serves /{lang}/events/{id}/registrations to the
// event's editors (everyone) and focal points (their country's people).
func (s *server) registrationsPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	s.showRegistrations(c, http.StatusOK, s.listNotice(c))
}

// showRegistrations renders the registrations page with status and, for
// the event's editors, the check-in part saying n (attendance.go).
func (s *server) showRegistrations(c *gin.Context, status int, n checkInNotice) {
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	f, err := registrationFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	ctx := c.Request.Context()
	e, err := s.Events.FindEventByID(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	list, total, err := s.Registrations.EventRegistrations(ctx, id, f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	counts, err := s.Registrations.Counts(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	l, lang := s.Localizer(c), web.Lang(c)
	u := web.User(c)
	rows := make([]registrationRow, 0, len(list))
	for _, r := range list {
		rows = append(rows, registrationRow{R: r, Status: statusText(l, r), Country: l.T("country." + r.Country),
			Category:  l.T("registration.category_" + string(r.Category)),
			CanDecide: r.State == platform.RegistrationPending && platform.CanApproveRegistration(u, r.Country)})
		if eligible(e, r) && platform.CanEditEvent(u, e.Kind, e.Concerns()) {
			rows[len(rows)-1].Certificate = certificateLink(lang, r.ID, "")
		}
	}
	title, _ := e.Title(i18n.Chain(lang))
	statuses := []option{{Value: "", Label: l.T("registration.status_all"), Selected: f.Status == ""}}
	for _, st := range platform.RegistrationStatuses() {
		statuses = append(statuses, option{Value: string(st), Label: l.T("registration.status_" + string(st)), Selected: f.Status == st})
	}
	s.Render(c, status, "registrations", "events", l.T("registration.list_title"), map[string]any{
		"EventID": e.ID, "EventTitle": title, "Rows": rows, "Total": total, "Counts": counts, "Statuses": statuses,
		"Open": timeNow().Before(e.End), "CheckIn": s.checkInView(c, e, list, n),
	})
}

// myRegistrationsPage serves /{lang}/registrations: the signed-in user's
// registrations.
func (s *server) myRegistrationsPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	ctx := c.Request.Context()
	list, err := s.Registrations.MyRegistrations(ctx)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	l, lang := s.Localizer(c), web.Lang(c)
	sys := platform.NewContextWithUser(ctx, platform.System())
	type row struct{ ID, EventID, EventTitle, Status, Start string }
	rows := make([]row, 0, len(list))
	for _, r := range list {
		e, err := s.Events.FindEventByID(sys, r.EventID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		title, _ := e.Title(i18n.Chain(lang))
		rows = append(rows, row{ID: r.ID, EventID: e.ID, EventTitle: title, Status: statusText(l, r),
			Start: e.Start.In(e.Location()).Format("2006-01-02 15:04") + " (" + e.TimeZone + ")"})
	}
	s.Render(c, http.StatusOK, "myregistrations", "events", l.T("registration.mine"), map[string]any{"Rows": rows})
}

// eventRegistration is what the event page shows of registration.
type eventRegistration struct {
	Counts       platform.RegistrationCounts
	Open         bool
	Participants []platform.PublicParticipant
	// Manage links to the list, for editors and focal points.
	Manage bool
}

// eventRegistrationView sums up an event's registration for its page.
func (s *server) eventRegistrationView(c *gin.Context, e *platform.Event) (*eventRegistration, error) {
	if s.Registrations == nil {
		return nil, nil
	}
	ctx := c.Request.Context()
	counts, err := s.Registrations.Counts(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	people, err := s.Registrations.PublicParticipants(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	u := web.User(c)
	return &eventRegistration{Counts: counts, Open: e.RegistrationOpen(timeNow()), Participants: people,
		Manage: platform.CanEditEvent(u, e.Kind, e.Concerns()) || u != nil && !u.Disabled && u.Role == platform.RoleFocalPoint}, nil
}

// timeNow is the clock registration pages read.
var timeNow = time.Now
