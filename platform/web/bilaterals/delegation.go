package bilaterals

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// delegationForm is a delegation's form as text. Members are lines
// "id | name | position | en, ru | 2026-06-02 09:00–11:00; …" (a new
// member's id may be left empty; the times the member is not available, in
// the conference's zone, may be left out); Head is a member's id. A
// member's registration is kept from the stored delegation (the API links
// it).
type delegationForm struct {
	ID, Kind, Country, Name, Members, Head string
	Version                                int
}

func delegationFormOf(d *platform.Delegation, loc *time.Location) delegationForm {
	f := delegationForm{ID: d.ID, Kind: string(d.Kind), Country: d.Country, Name: d.Name, Head: d.Head, Version: d.Version}
	var ms []string
	for _, m := range d.Members {
		line := m.ID + " | " + m.Name + " | " + m.Position + " | " + strings.Join(m.Languages, ", ")
		if len(m.Unavailable) > 0 {
			line += " | " + rangesText(m.Unavailable, loc)
		}
		ms = append(ms, line)
	}
	f.Members = strings.Join(ms, "\n")
	return f
}

// rangesText writes time ranges as the form reads them, in loc:
// "2026-06-02 09:00–11:00; 2026-06-03 14:00–2026-06-04 09:00".
func rangesText(rs []platform.TimeRange, loc *time.Location) string {
	var out []string
	for _, r := range rs {
		start, end := r.Start.In(loc), r.End.In(loc)
		to := end.Format("15:04")
		if end.Format(time.DateOnly) != start.Format(time.DateOnly) {
			to = end.Format("2006-01-02 15:04")
		}
		out = append(out, start.Format("2006-01-02 15:04")+"–"+to)
	}
	return strings.Join(out, "; ")
}

// parseRanges reads rangesText's form back; field names the form's field
// in a refusal.
func parseRanges(text string, loc *time.Location, field string) ([]platform.TimeRange, error) {
	out := []platform.TimeRange{}
	for _, part := range strings.Split(text, ";") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		a, b, ok := strings.Cut(part, "–")
		if !ok {
			a, b, ok = strings.Cut(part, "—")
		}
		if !ok {
			return nil, badParam(field, part)
		}
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		start, err := time.ParseInLocation("2006-01-02 15:04", a, loc)
		if err != nil {
			return nil, badParam(field, part)
		}
		end, err := time.ParseInLocation("2006-01-02 15:04", b, loc)
		if err != nil {
			hm, err2 := time.ParseInLocation("15:04", b, loc)
			if err2 != nil {
				return nil, badParam(field, part)
			}
			end = time.Date(start.Year(), start.Month(), start.Day(), hm.Hour(), hm.Minute(), 0, 0, loc)
		}
		out = append(out, platform.TimeRange{Start: start, End: end})
	}
	return out, nil
}

func (f delegationForm) input(base *platform.Delegation, loc *time.Location) (platform.DelegationInput, error) {
	in := platform.DelegationInput{Kind: platform.DelegationKind(f.Kind), Country: strings.TrimSpace(f.Country), Name: strings.TrimSpace(f.Name),
		Head: strings.TrimSpace(f.Head), IfVersion: f.Version}
	if in.Kind == platform.DelegationOrganization {
		in.Country = ""
	} else {
		in.Name = ""
	}
	old := map[string]platform.DelegationMember{}
	used := map[string]bool{}
	if base != nil {
		for _, m := range base.Members {
			old[m.ID] = m
			used[m.ID] = true
		}
	}
	ls := lines(f.Members)
	for _, line := range ls {
		if id := cells(line, 4)[0]; id != "" {
			used[id] = true
		}
	}
	next := 1
	for _, line := range ls {
		p := cells(line, 5)
		if p[1] == "" {
			return in, badParam("members", line)
		}
		m := old[p[0]]
		m.ID, m.Name, m.Position = p[0], p[1], p[2]
		if m.ID == "" {
			for used["m"+strconv.Itoa(next)] {
				next++
			}
			m.ID = "m" + strconv.Itoa(next)
			used[m.ID] = true
		}
		m.Languages = nil
		for _, lg := range strings.FieldsFunc(p[3], func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			m.Languages = append(m.Languages, strings.ToLower(lg))
		}
		un, err := parseRanges(p[4], loc, "members")
		if err != nil {
			return in, err
		}
		m.Unavailable = un
		in.Members = append(in.Members, m)
	}
	if in.Head == "" && len(in.Members) > 0 {
		in.Head = in.Members[0].ID
	}
	return in, nil
}

// delegationSubmit saves the new-delegation form (no :did) or a
// delegation's edit form.
func (s *server) delegationSubmit(c *gin.Context) {
	e, values, ok := s.formOf(c)
	if !ok {
		return
	}
	var base *platform.Delegation
	if c.Param("did") != "" {
		if base, ok = s.delegation(c, e.ID); !ok {
			return
		}
	}
	g := func(k string) string { return strings.TrimSpace(values.Get(k)) }
	f := delegationForm{Kind: g("kind"), Country: g("country"), Name: g("name"), Members: values.Get("members"), Head: g("head")}
	f.Version, _ = strconv.Atoi(g("version"))
	in, err := f.input(base, e.Location())
	if err == nil {
		id := ""
		if base != nil {
			id = base.ID
		}
		var d *platform.Delegation
		if d, err = s.Bilaterals.SaveDelegation(c.Request.Context(), e.ID, id, in); err == nil {
			redirect(c, e.ID, "/delegations/"+d.ID+"?done=saved")
			return
		}
	}
	if base != nil && formRefusal(err) {
		f.ID = base.ID
		s.renderDelegation(c, e, base, web.Status(err), &f, err)
		return
	}
	s.refused(c, failure{Form: "delegation", Delegation: &f, Err: err})
}

// deleteDelegationSubmit removes a delegation (the service refuses one
// with accepted requests: Conflict, shown on its page).
func (s *server) deleteDelegationSubmit(c *gin.Context) {
	e, _, ok := s.formOf(c)
	if !ok {
		return
	}
	d, ok := s.delegation(c, e.ID)
	if !ok {
		return
	}
	err := s.Bilaterals.DeleteDelegation(c.Request.Context(), d.ID)
	switch {
	case err == nil:
		redirect(c, e.ID, "?done=deleted")
	case platform.ErrorCode(err) == platform.Conflict:
		s.renderDelegation(c, e, d, http.StatusConflict, nil, err)
	default:
		s.WriteError(c, err)
	}
}

// memberView is a delegation's member as its page lists them.
type memberView struct {
	ID, Name, Position, Languages string
	Head, Registered              bool
	Unavailable                   []string
}

// delegationPage serves /{lang}/events/{id}/bilaterals/delegations/{did}.
func (s *server) delegationPage(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	d, ok := s.delegation(c, e.ID)
	if !ok {
		return
	}
	s.renderDelegation(c, e, d, http.StatusOK, nil, nil)
}

func (s *server) renderDelegation(c *gin.Context, e *platform.Event, d *platform.Delegation, status int, form *delegationForm, ferr error) {
	ctx := c.Request.Context()
	lang, l, u := web.Lang(c), s.Localizer(c), web.User(c)
	loc := e.Location()
	ds, err := s.delegationSchedule(c, e, d)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	n, _, err := s.loadNames(c, e.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	n.delegations[d.ID] = d
	reqs, err := s.Bilaterals.Requests(ctx, e.ID, d.ID, "")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var mine []*platform.MeetingRequest
	for _, r := range reqs {
		if r.From == d.ID || r.To == d.ID {
			mine = append(mine, r)
		}
	}
	var members []memberView
	for _, m := range d.Members {
		v := memberView{ID: m.ID, Name: m.Name, Position: m.Position, Languages: strings.Join(m.Languages, ", "), Head: m.ID == d.Head,
			Registered: m.RegistrationID != ""}
		for _, r := range m.Unavailable {
			v.Unavailable = append(v.Unavailable, r.Start.In(loc).Format("2006-01-02 15:04")+"–"+r.End.In(loc).Format("2006-01-02 15:04"))
		}
		members = append(members, v)
	}
	base := "/" + lang + "/events/" + e.ID + "/bilaterals/delegations/" + d.ID
	data := map[string]any{"Event": info(e, lang), "Lang": lang, "ID": d.ID, "Name": delegationName(l, d),
		"Kind": l.T("bilaterals.kind." + string(d.Kind)), "Head": memberName(d, d.Head), "Members": members,
		"Requests": requestGroups(l, u, mine, n, nil), "Schedule": ds, "Zone": e.TimeZone,
		"PDF": base + "/schedule.pdf", "ICS": base + "/schedule.ics", "CanAct": platform.CanActForDelegation(u, d)}
	if ds.PublishedAt != nil {
		data["PublishedAt"] = ds.PublishedAt.In(loc).Format("2006-01-02 15:04")
	}
	var days []scheduleDay
	for _, m := range ds.Meetings {
		if len(days) == 0 || days[len(days)-1].Date != m.Day {
			days = append(days, scheduleDay{Date: m.Day, Weekday: weekday(l, m.Start.In(loc))})
		}
		days[len(days)-1].Meetings = append(days[len(days)-1].Meetings, m)
	}
	data["Days"] = days
	if platform.CanActForDelegation(u, d) {
		f := delegationFormOf(d, loc)
		if form != nil {
			f = *form
		}
		data["Form"], data["Countries"] = f, countryOptions(l, f.Country)
	}
	if ferr != nil {
		_, msg := s.Explain(c, ferr)
		data["Error"] = msg
	}
	if c.Query("done") == "saved" {
		data["Notice"] = l.T("bilaterals.done.saved")
	}
	web.NoStore(c)
	s.Render(c, status, "bilaterals_delegation", "events", l.T("bilaterals.delegation_title", map[string]any{"Name": delegationName(l, d)}), data)
}

// scheduleDay is one day of a delegation's published meetings.
type scheduleDay struct {
	Date, Weekday string
	Meetings      []meetingView
}
