package roadmap

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// periodForm is a period's form as text, so that a refused form shows what
// was typed. Title is in TextLang; the other languages' titles are kept by
// the save.
type periodForm struct {
	ID, Start, End, Title, TextLang, StallDays, Previous string
	Version                                              int
}

// priorityForm is a priority's form as text, likewise.
type priorityForm struct {
	ID, Period, Area, Code, Order, Title, Description, TextLang, Visibility string
	Version                                                                 int
}

// periodsView is a period as the periods page lists it, with its forms.
type periodsView struct {
	ID, Start, End, Previous string
	Title                    textIn
	Stall                    int
	Priorities               []periodPriority
	Form                     periodForm
	NewPriority              priorityForm
}

// periodPriority is a priority as the periods page lists it.
type periodPriority struct {
	ID, Code, AreaName, VisibilityLabel string
	Title                               textIn
	Form                                priorityForm
}

// periodsFailure is a refused form of the periods page: which form
// (new-period, period, new-priority, priority), the record it edits, and
// what was typed.
type periodsFailure struct {
	Form, ID string
	Period   periodForm
	Priority priorityForm
	Err      error
}

func periodFormOf(p platform.RoadmapPeriod, lang string) periodForm {
	f := periodForm{ID: p.ID, Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly), Title: p.Title[lang],
		TextLang: lang, Previous: p.Previous, Version: p.Version}
	if p.StallDays > 0 {
		f.StallDays = strconv.Itoa(p.StallDays)
	}
	return f
}

func priorityFormOf(p platform.Priority, lang string) priorityForm {
	return priorityForm{ID: p.ID, Period: p.Period, Area: p.Area, Code: p.Code, Order: strconv.Itoa(p.Order), Title: p.Title[lang],
		Description: p.Description[lang], TextLang: lang, Visibility: p.Visibility, Version: p.Version}
}

// formLang is the form's language field, or the reader's.
func formLang(v url.Values, lang string) string {
	if l := strings.TrimSpace(v.Get("lang")); platform.ValidLanguage(l) {
		return l
	}
	return lang
}

func periodFormFrom(v url.Values, lang string) periodForm {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := periodForm{ID: g("id"), Start: g("start"), End: g("end"), Title: g("title"), TextLang: formLang(v, lang),
		StallDays: g("stallDays"), Previous: g("previous")}
	f.Version, _ = strconv.Atoi(g("version"))
	return f
}

func priorityFormFrom(v url.Values, lang string) priorityForm {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := priorityForm{Period: g("period"), Area: g("area"), Code: g("code"), Order: g("order"), Title: g("title"),
		Description: g("description"), TextLang: formLang(v, lang), Visibility: g("visibility")}
	f.Version, _ = strconv.Atoi(g("version"))
	return f
}

var periodIDForm = regexp.MustCompile(`^\d{4}-\d{4}$`)

// period applies the form to base (a stored period, or a new one),
// keeping the titles in the other languages.
func (f periodForm) period(base platform.RoadmapPeriod) (platform.RoadmapPeriod, error) {
	p := base
	p.ID, p.Previous = f.ID, f.Previous
	if !periodIDForm.MatchString(f.ID) {
		return p, badParam("id", f.ID)
	}
	for _, d := range []struct {
		name, text string
		dst        *time.Time
	}{{"start", f.Start, &p.Start}, {"end", f.End, &p.End}} {
		t, err := dateField(d.name, d.text)
		if err != nil {
			return p, err
		}
		if t == nil {
			return p, badParam(d.name, "")
		}
		*d.dst = *t
	}
	p.StallDays = 0
	if f.StallDays != "" {
		n, err := strconv.Atoi(f.StallDays)
		if err != nil {
			return p, badParam("stallDays", f.StallDays)
		}
		p.StallDays = n
	}
	p.Title = cloneText(base.Title)
	if f.Title == "" {
		delete(p.Title, f.TextLang)
	} else {
		p.Title[f.TextLang] = f.Title
	}
	return p, nil
}

// priority applies the form to base likewise.
func (f priorityForm) priority(base platform.Priority) (platform.Priority, error) {
	p := base
	p.Area, p.Code, p.Visibility = f.Area, f.Code, f.Visibility
	if base.ID == "" {
		p.Period = f.Period
	}
	p.Order = 0
	if f.Order != "" {
		n, err := strconv.Atoi(f.Order)
		if err != nil || n < 0 || n > 100000 {
			return p, badParam("order", f.Order)
		}
		p.Order = n
	}
	p.Title, p.Description = cloneText(base.Title), cloneText(base.Description)
	for _, t := range []struct {
		text string
		dst  platform.Text
	}{{f.Title, p.Title}, {f.Description, p.Description}} {
		if t.text == "" {
			delete(t.dst, f.TextLang)
		} else {
			t.dst[f.TextLang] = t.text
		}
	}
	return p, nil
}

// periodFields are the form fields the page names in its messages.
var periodFields = []string{"id", "start", "end", "title", "stallDays", "previous", "period", "area", "code", "order", "description", "visibility"}

// explainField is a refused form's message naming its field as the form
// labels it, in the reader's language, and the field's name ("" when the
// error is not about one field).
func explainField(l *i18n.Localizer, err error) (string, string) {
	e := platform.AsError(err)
	if e == nil || platform.ErrorCode(err) != platform.Invalid {
		return "", ""
	}
	field, _ := e.Data["Field"].(string)
	for _, f := range periodFields {
		if f != field {
			continue
		}
		key := f
		if f == "stallDays" {
			key = "stall_days" // message ids are lower case
		}
		label := l.T("roadmap_periods.field." + key)
		value := ""
		if v, ok := e.Data["Value"]; ok && v != nil {
			value = web.Clip(fmt.Sprint(v), 80)
		}
		if value == "" {
			return l.T("roadmap_periods.error.required", map[string]any{"Field": label}), f
		}
		return l.T("roadmap_periods.error.bad_field", map[string]any{"Field": label, "Value": value}), f
	}
	return "", field
}

// periodsPage serves /{lang}/roadmap/periods: the periods and their
// priorities, and the secretariat's forms.
func (s *server) periodsPage(c *gin.Context) {
	s.renderPeriods(c, http.StatusOK, nil)
}

func (s *server) renderPeriods(c *gin.Context, status int, fail *periodsFailure) {
	ctx := c.Request.Context()
	l, lang := s.Localizer(c), web.Lang(c)
	periods, err := s.Roadmap.Periods(ctx)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	data := map[string]any{"CanEdit": platform.IsSecretariat(web.User(c)), "FormLanguage": languageName(lang)}
	newPeriod := periodForm{TextLang: lang}
	if len(periods) > 0 {
		newPeriod.Previous = periods[0].ID
	}
	var views []periodsView
	for _, p := range periods {
		v := periodsView{ID: p.ID, Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly), Previous: p.Previous,
			Title: pick(p.Title, lang), Stall: p.Stall(), Form: periodFormOf(p, lang),
			NewPriority: priorityForm{Period: p.ID, TextLang: lang, Visibility: platform.Public, Area: platform.Areas()[0]}}
		prios, err := s.Roadmap.Priorities(ctx, p.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		for _, x := range prios {
			pv := periodPriority{ID: x.ID, Code: x.Code, AreaName: l.T("area." + x.Area), VisibilityLabel: l.T("visibility." + x.Visibility),
				Title: pick(x.Title, lang), Form: priorityFormOf(x, lang)}
			if fail != nil && fail.Form == "priority" && fail.ID == x.ID {
				pv.Form = fail.Priority
			}
			v.Priorities = append(v.Priorities, pv)
		}
		if fail != nil && fail.Form == "period" && fail.ID == p.ID {
			v.Form = fail.Period
		}
		if fail != nil && fail.Form == "new-priority" && fail.Priority.Period == p.ID {
			v.NewPriority = fail.Priority
		}
		views = append(views, v)
	}
	if fail != nil {
		if fail.Form == "new-period" {
			newPeriod = fail.Period
		}
		var msg string
		status, msg = s.Explain(c, fail.Err)
		if named, field := explainField(l, fail.Err); field != "" {
			data["ErrorField"] = field
			if named != "" {
				msg = named
			}
		}
		data["Error"], data["ErrorForm"], data["ErrorID"] = msg, fail.Form, fail.ID
	}
	data["Periods"], data["NewPeriod"] = views, newPeriod
	var areas, vis []countView
	for _, a := range platform.Areas() {
		areas = append(areas, countView{Key: a, Label: l.T("area." + a)})
	}
	for _, v := range platform.Visibilities() {
		vis = append(vis, countView{Key: v, Label: l.T("visibility." + v)})
	}
	data["Areas"], data["Visibilities"] = areas, vis
	web.NoStore(c)
	s.Render(c, status, "roadmap_periods", "roadmap", l.T("roadmap_periods.title"), data)
}

// requireSecretariatPage lets the secretariat on: an anonymous visitor is
// sent to sign in, anyone else refused (403).
func (s *server) requireSecretariatPage(c *gin.Context) bool {
	if !s.requirePageUser(c) {
		return false
	}
	if !platform.IsSecretariat(web.User(c)) {
		s.WriteError(c, forbidden("edit the roadmap's periods"))
		return false
	}
	return true
}

// refused re-renders the page for a form the service or the form refused
// as bad input (400, or 409 on a concurrent edit); other errors are
// answered as errors.
func (s *server) refused(c *gin.Context, fail periodsFailure) {
	if formRefusal(fail.Err) {
		s.renderPeriods(c, http.StatusBadRequest, &fail)
		return
	}
	s.WriteError(c, fail.Err)
}

// findPeriod is the stored period id, or nil.
func (s *server) findPeriod(c *gin.Context, id string) (*platform.RoadmapPeriod, error) {
	periods, err := s.Roadmap.Periods(c.Request.Context())
	if err != nil {
		return nil, err
	}
	for i := range periods {
		if periods[i].ID == id {
			return &periods[i], nil
		}
	}
	return nil, nil
}

// createPeriodSubmit saves the new-period form. An id that exists is
// refused rather than replaced: the form would drop its other titles.
func (s *server) createPeriodSubmit(c *gin.Context) {
	if !s.requireSecretariatPage(c) {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := periodFormFrom(values, web.Lang(c))
	p, err := f.period(platform.RoadmapPeriod{})
	if err == nil {
		var old *platform.RoadmapPeriod
		if old, err = s.findPeriod(c, p.ID); err == nil && old != nil {
			err = platform.Localized(platform.Conflict, "roadmap_periods.error.exists", map[string]any{"Value": p.ID}, "period %s exists", p.ID)
		}
	}
	if err == nil {
		if _, err = s.Roadmap.SavePeriod(c.Request.Context(), p); err == nil {
			redirect(c, "/roadmap/periods#period-"+p.ID)
			return
		}
	}
	s.refused(c, periodsFailure{Form: "new-period", Period: f, Err: err})
}

// updatePeriodSubmit saves a period's edit form.
func (s *server) updatePeriodSubmit(c *gin.Context) {
	if !s.requireSecretariatPage(c) {
		return
	}
	id := c.Param("id")
	old, err := s.findPeriod(c, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if old == nil {
		s.NotFound(c)
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := periodFormFrom(values, web.Lang(c))
	f.ID = id
	p, err := f.period(*old)
	if err == nil && f.Version != old.Version {
		err = platform.Localized(platform.Conflict, "roadmap_periods.error.changed", nil, "period %s changed meanwhile", id)
	}
	if err == nil {
		if _, err = s.Roadmap.SavePeriod(c.Request.Context(), p); err == nil {
			redirect(c, "/roadmap/periods#period-"+id)
			return
		}
	}
	s.refused(c, periodsFailure{Form: "period", ID: id, Period: f, Err: err})
}

// createPrioritySubmit saves a period's new-priority form.
func (s *server) createPrioritySubmit(c *gin.Context) {
	if !s.requireSecretariatPage(c) {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := priorityFormFrom(values, web.Lang(c))
	old, err := s.findPeriod(c, f.Period)
	if err == nil && old == nil {
		err = badParam("period", f.Period)
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	p, err := f.priority(platform.Priority{})
	if err == nil {
		if _, err = s.Roadmap.SavePriority(c.Request.Context(), p); err == nil {
			redirect(c, "/roadmap/periods#period-"+f.Period)
			return
		}
	}
	s.refused(c, periodsFailure{Form: "new-priority", Priority: f, Err: err})
}

// updatePrioritySubmit saves a priority's edit form; the form names its
// period, among whose priorities it is found.
func (s *server) updatePrioritySubmit(c *gin.Context) {
	if !s.requireSecretariatPage(c) {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := priorityFormFrom(values, web.Lang(c))
	f.ID = id
	var old *platform.Priority
	if periodIDForm.MatchString(f.Period) {
		prios, err := s.Roadmap.Priorities(c.Request.Context(), f.Period)
		if err != nil && platform.ErrorCode(err) != platform.Invalid {
			s.WriteError(c, err)
			return
		}
		for i := range prios {
			if prios[i].ID == id {
				old = &prios[i]
			}
		}
	}
	if old == nil {
		s.NotFound(c)
		return
	}
	p, err := f.priority(*old)
	if err == nil && f.Version != old.Version {
		err = platform.Localized(platform.Conflict, "roadmap_periods.error.changed", nil, "priority %s changed meanwhile", id)
	}
	if err == nil {
		if _, err = s.Roadmap.SavePriority(c.Request.Context(), p); err == nil {
			redirect(c, "/roadmap/periods#priority-"+id)
			return
		}
	}
	s.refused(c, periodsFailure{Form: "priority", ID: id, Priority: f, Err: err})
}
