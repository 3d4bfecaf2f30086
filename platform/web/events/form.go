package events

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// localLayout is the value of an <input type="datetime-local">.
const localLayout = "2006-01-02T15:04"

// langText is one language's fields of the form.
type langText struct {
	Lang, Name, Title, Description, Outcome, City string
}

// formView is the event form, filled with an event or with what was typed.
type formView struct {
	Action, Cancel, Error                                          string
	Editing                                                        bool
	Version                                                        int
	Kinds, Statuses, Visibilities, Hosts, Countries, Areas         []option
	Start, End, TimeZone, Articles, Address, OnlineURL, Capacity   string
	Languages, Interpretation                                      string
	RequiresApproval                                               bool
	Rooms, Organizers, Partners, Funders, Trainers, Speakers, Mats string
	// Programme is the sessions a line each (programme.go).
	Programme string
	Texts     []langText
}

// newFormView fills the form from an input (an event's, or one refused).
func newFormView(l *i18n.Localizer, in platform.EventInput) formView {
	v := formView{
		Kinds: kindOptions(l, []platform.EventKind{in.Kind}), Countries: countryOptions(l, in.Countries), Areas: areaOptions(l, in.Areas),
		TimeZone: in.TimeZone, Address: in.Address, OnlineURL: in.OnlineURL,
		Languages: strings.Join(in.Languages, ", "), Interpretation: strings.Join(in.Interpretation, ", "),
		Rooms: strings.Join(in.Rooms, "\n"), Organizers: strings.Join(in.Organizers, "\n"), Partners: strings.Join(in.Partners, "\n"),
		Funders: strings.Join(in.Funders, "\n"), Trainers: strings.Join(in.Trainers, "\n"), Speakers: strings.Join(in.Speakers, "\n"),
		Mats: strings.Join(in.Materials, "\n"), Version: in.IfVersion, RequiresApproval: in.RequiresApproval,
	}
	if in.Capacity != 0 {
		v.Capacity = strconv.Itoa(in.Capacity)
	}
	loc, err := platform.LoadZone(in.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	if !in.Start.IsZero() {
		v.Start = in.Start.In(loc).Format(localLayout)
	}
	if !in.End.IsZero() {
		v.End = in.End.In(loc).Format(localLayout)
	}
	v.Programme = formatProgramme(in.Sessions, loc, i18n.Chain(l.Lang()))
	var arts []string
	for _, n := range in.UncacArticles {
		arts = append(arts, strconv.Itoa(n))
	}
	v.Articles = strings.Join(arts, ", ")
	for _, st := range platform.EventStatuses() {
		v.Statuses = append(v.Statuses, option{Value: string(st), Label: l.T("event_status." + string(st)), Selected: st == in.Status})
	}
	for _, vis := range platform.Visibilities() {
		v.Visibilities = append(v.Visibilities, option{Value: vis, Label: l.T("visibility." + vis), Selected: vis == in.Visibility})
	}
	v.Hosts = append([]option{{Value: "", Label: l.T("event.online"), Selected: in.Country == ""}}, countryOptions(l, []string{in.Country})...)
	for _, lg := range i18n.Languages() {
		t := in.Translations[lg.Code]
		v.Texts = append(v.Texts, langText{Lang: lg.Code, Name: lg.Name, Title: t.Title, Description: t.Description, Outcome: t.Outcome, City: in.City[lg.Code]})
	}
	return v
}

// lines splits a text area into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// commas splits a field of comma-separated values.
func commas(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
}

// formInput reads the form into an input. Start and end are times at the
// event, in its zone (an unknown zone is left for the service to refuse,
// naming the field). Values that cannot be read at all are Invalid, naming
// the field.
func formInput(c *gin.Context, l *i18n.Localizer) (platform.EventInput, error) {
	in := platform.EventInput{
		Kind: platform.EventKind(c.PostForm("kind")), Status: platform.EventStatus(c.PostForm("status")),
		Visibility: c.PostForm("visibility"), TimeZone: strings.TrimSpace(c.PostForm("time_zone")), Country: c.PostForm("country"),
		Countries: c.PostFormArray("countries"), Areas: c.PostFormArray("areas"),
		Address: c.PostForm("address"), OnlineURL: c.PostForm("online_url"),
		Languages: commas(c.PostForm("languages")), Interpretation: commas(c.PostForm("interpretation")),
		Rooms: lines(c.PostForm("rooms")), Organizers: lines(c.PostForm("organizers")), Partners: lines(c.PostForm("partners")),
		Funders: lines(c.PostForm("funders")), Trainers: lines(c.PostForm("trainers")), Speakers: lines(c.PostForm("speakers")),
		Materials:        lines(c.PostForm("materials")),
		RequiresApproval: c.PostForm("requires_approval") == "on",
		City:             map[string]string{},
		Translations:     map[string]platform.EventText{},
	}
	in.IfVersion, _ = strconv.Atoi(c.PostForm("version"))
	for _, lg := range i18n.Languages() {
		t := platform.EventText{Title: c.PostForm("title_" + lg.Code), Description: c.PostForm("description_" + lg.Code), Outcome: c.PostForm("outcome_" + lg.Code)}
		if t != (platform.EventText{}) {
			in.Translations[lg.Code] = t
		}
		if city := c.PostForm("city_" + lg.Code); city != "" {
			in.City[lg.Code] = city
		}
	}
	loc, err := platform.LoadZone(in.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	var firstErr error
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"start", &in.Start}, {"end", &in.End}} {
		v := strings.TrimSpace(c.PostForm(f.name))
		if v == "" {
			continue
		}
		t, err := time.ParseInLocation(localLayout, v, loc)
		if err != nil && firstErr == nil {
			firstErr = platform.Localized(platform.Invalid, "error.event_bad_time", map[string]any{"Field": f.name, "Value": v}, "%s: %q is not a time", f.name, v)
		}
		*f.dst = t
	}
	sessions, err := parseProgramme(c.PostForm("programme"), l.Lang(), l.T("event.programme_example"), loc)
	if err != nil && firstErr == nil {
		firstErr = err
	}
	in.Sessions = sessions
	for _, a := range commas(c.PostForm("articles")) {
		n, err := strconv.Atoi(a)
		if err != nil && firstErr == nil {
			firstErr = badParam("uncacArticles", a)
		}
		in.UncacArticles = append(in.UncacArticles, n)
	}
	if v := strings.TrimSpace(c.PostForm("capacity")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil && firstErr == nil {
			firstErr = badParam("capacity", v)
		}
		in.Capacity = n
	}
	return in, firstErr
}

func (s *server) renderForm(c *gin.Context, status int, v formView) {
	l := s.Localizer(c)
	title := l.T("event.form_new")
	if v.Editing {
		title = l.T("event.form_edit")
	}
	web.NoStore(c)
	s.Render(c, status, "eventform", "events", title, map[string]any{"Form": v})
}

// formError shows the form again with what was typed and the refusal in
// the reader's language.
func (s *server) formError(c *gin.Context, v formView, err error) {
	status, msg := s.Explain(c, err)
	if status >= 500 {
		s.WriteError(c, err)
		return
	}
	v.Error = msg
	s.renderForm(c, status, v)
}

// newForm serves /{lang}/events/new to those who may create events.
func (s *server) newForm(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	lang := web.Lang(c)
	u := web.User(c)
	in := platform.EventInput{Kind: platform.EventNationalTraining, Status: platform.EventPlanned, Visibility: platform.Public}
	if u != nil && u.Country != "" {
		in.Country, in.Countries, in.TimeZone = u.Country, []string{u.Country}, platform.DefaultTimeZone(u.Country)
	}
	if platform.IsSecretariat(u) {
		in.Kind = platform.EventRegionalTraining
	}
	if !platform.CanCreate(u) {
		s.WriteError(c, platform.Localized(platform.Forbidden, "error.event_forbidden", nil, "may not create events"))
		return
	}
	v := newFormView(s.Localizer(c), in)
	v.Action, v.Cancel = "/"+lang+"/events/new", "/"+lang+"/events"
	s.renderForm(c, http.StatusOK, v)
}

// createForm handles the new-event form.
func (s *server) createForm(c *gin.Context) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return
	}
	lang := web.Lang(c)
	in, err := formInput(c, s.Localizer(c))
	v := newFormView(s.Localizer(c), in)
	v.Programme = c.PostForm("programme") // as typed, a line that did not read too
	v.Action, v.Cancel = "/"+lang+"/events/new", "/"+lang+"/events"
	if err != nil {
		s.formError(c, v, err)
		return
	}
	e, err := s.Events.CreateEvent(c.Request.Context(), in)
	if err != nil {
		s.formError(c, v, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+lang+"/events/"+e.ID)
}

// editForm serves /{lang}/events/{id}/edit.
func (s *server) editForm(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	e, ok := s.event(c)
	if !ok {
		return
	}
	id := e.ID
	if !platform.CanEditEvent(web.User(c), e.Kind, e.Concerns()) {
		s.WriteError(c, platform.Localized(platform.Forbidden, "error.event_forbidden", nil, "may not edit event %s", id))
		return
	}
	lang := web.Lang(c)
	v := newFormView(s.Localizer(c), e.Input())
	v.Editing, v.Action, v.Cancel = true, "/"+lang+"/events/"+id+"/edit", "/"+lang+"/events/"+id
	s.renderForm(c, http.StatusOK, v)
}

// updateForm handles the edit form; the version it was opened at guards
// against overwriting a newer one.
func (s *server) updateForm(c *gin.Context) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	lang := web.Lang(c)
	in, err := formInput(c, s.Localizer(c))
	v := newFormView(s.Localizer(c), in)
	v.Programme = c.PostForm("programme") // as typed, a line that did not read too
	v.Editing, v.Action, v.Cancel = true, "/"+lang+"/events/"+id+"/edit", "/"+lang+"/events/"+id
	if err != nil {
		s.formError(c, v, err)
		return
	}
	// The form shows the sessions' titles in one language; the others and
	// the descriptions are kept from the event as it was.
	before, err := s.Events.FindEventByID(c.Request.Context(), id)
	if err != nil {
		s.formError(c, v, err)
		return
	}
	keepTexts(in.Sessions, before.Sessions, lang)
	if _, err := s.Events.UpdateEvent(c.Request.Context(), id, in); err != nil {
		s.formError(c, v, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+lang+"/events/"+id)
}

// deleteForm handles the event page's delete button.
func (s *server) deleteForm(c *gin.Context) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	if err := s.Events.DeleteEvent(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/events")
}
