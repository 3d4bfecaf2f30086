package bilaterals

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// option is a choice of a select or a set of checkboxes.
type option struct {
	Value, Label string
	Selected     bool
}

// eventInfo is the conference as the pages name it.
type eventInfo struct {
	ID, Title, TitleLang, Zone string
}

// delegationRow is a delegation as the list shows it.
type delegationRow struct {
	ID, Name, Kind, Head string
	Members              int
	CanAct               bool
}

// requestRow is a meeting request as the lists show it, with the forms the
// reader may use on it.
type requestRow struct {
	ID, From, To, FromID, ToID, Topic, Priority, Status, StatusLabel string
	Areas                                                            []string
	Articles                                                         string
	FromMembers, ToMembers                                           []string
	Interpretation, Reason                                           string
	// InterpretationPair is the asker's pair, which the accepting side
	// may change.
	InterpretationPair *platform.LanguagePair
	Version            int
	Locked, Placed     bool
	// CanAnswer: the reader acts for the asked delegation and the request
	// is pending; CanWithdraw: for the asking one, and it is pending or
	// accepted; CanLock: the secretariat, and it is accepted.
	CanAnswer, CanWithdraw, CanLock bool
	// ToOptions are the asked delegation's members to accept with.
	ToOptions []option
}

// requestGroup is the requests of one status.
type requestGroup struct {
	Status, Label string
	Requests      []requestRow
}

// gridCell is one room at one time of the draft's grid.
type gridCell struct {
	Meeting *meetingView
}

// gridRow is one start time of a day.
type gridRow struct {
	Time, TimeUTC string
	Cells         []gridCell
}

// gridDay is one day of the draft as a grid, time × room.
type gridDay struct {
	Date, Weekday string
	Rows          []gridRow
}

// scheduleView is the secretariat's view of the draft schedule.
type scheduleView struct {
	Version, Placed, UpperBound, Accepted int
	Optimal, TimedOut, Solved             bool
	SolvedAt, PublishedAt                 string
	Rooms                                 []string
	Days                                  []gridDay
	Unplaced                              []unplacedView
	Moves                                 []moveView
	Published                             int
	// Unpublished reports that the draft differs from the published
	// schedule (publishing would change something).
	Unpublished bool
}

// unplacedView is an accepted request the draft does not place, and why.
type unplacedView struct {
	ID, Label, Reason string
}

// moveView is a published meeting the draft moves or drops.
type moveView struct {
	Label, From, To string
	Dropped         bool
}

// failure is a refused form of the main page: which form (settings,
// delegation, request, answer, solve, publish, lock), what was typed, and
// why.
type failure struct {
	Form, ID   string
	Settings   *settingsForm
	Delegation *delegationForm
	Request    *requestForm
	Err        error
}

// mainPage serves /{lang}/events/{id}/bilaterals.
func (s *server) mainPage(c *gin.Context) {
	s.renderMain(c, http.StatusOK, nil)
}

// renderMain shows the conference's bilaterals to the reader, with fail's
// message and typed values when a form was refused.
func (s *server) renderMain(c *gin.Context, status int, fail *failure) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	lang, l, u := web.Lang(c), s.Localizer(c), web.User(c)
	n, dels, err := s.loadNames(c, e.ID)
	if platform.ErrorCode(err) == platform.NotFound && mayRegisterDelegation(u) && e.Kind == platform.EventConference {
		// A focal point whose country has no delegation yet sees nothing
		// of the others, only the form that registers theirs.
		f := delegationForm{Kind: string(platform.DelegationCountry), Country: u.Country}
		if fail != nil && fail.Delegation != nil {
			f = *fail.Delegation
		}
		data := map[string]any{"Event": info(e, lang), "Lang": lang, "OnlyCreate": true, "CanCreateDelegation": true,
			"NewDelegation": f, "Countries": []option{{Value: u.Country, Label: l.T("country." + u.Country), Selected: true}}}
		if fail != nil {
			st, msg := s.Explain(c, fail.Err)
			if status == http.StatusBadRequest {
				status = st
			}
			data["Error"], data["ErrorForm"] = msg, fail.Form
		}
		web.NoStore(c)
		s.Render(c, status, "bilaterals", "events", l.T("bilaterals.title"), data)
		return
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	reqs, err := s.Bilaterals.Requests(ctx, e.ID, "", "")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	sec := platform.IsSecretariat(u)
	data := map[string]any{"Event": info(e, lang), "Secretariat": sec, "Lang": lang}

	var rows []delegationRow
	var acting, all []option
	hasCountry := map[string]bool{}
	for _, d := range dels {
		can := platform.CanActForDelegation(u, d)
		// The secretariat acts for every delegation: "yours" would say
		// nothing.
		rows = append(rows, delegationRow{ID: d.ID, Name: delegationName(l, d), Kind: l.T("bilaterals.kind." + string(d.Kind)),
			Head: memberName(d, d.Head), Members: len(d.Members), CanAct: can && !sec})
		all = append(all, option{Value: d.ID, Label: delegationName(l, d)})
		if can {
			acting = append(acting, option{Value: d.ID, Label: delegationName(l, d)})
		}
		if d.Kind == platform.DelegationCountry {
			hasCountry[d.Country] = true
		}
	}
	data["Delegations"], data["Acting"], data["All"] = rows, acting, all
	canCreate := sec || mayRegisterDelegation(u) && !hasCountry[u.Country]
	data["CanCreateDelegation"] = canCreate
	if canCreate {
		f := delegationForm{Kind: string(platform.DelegationCountry)}
		if !sec {
			f.Country = u.Country
		}
		if fail != nil && fail.Form == "delegation" && fail.Delegation != nil {
			f = *fail.Delegation
		}
		data["NewDelegation"] = f
		data["Countries"] = countryOptions(l, f.Country)
		if !sec { // a focal point registers their own country's
			data["Countries"] = []option{{Value: u.Country, Label: l.T("country." + u.Country), Selected: true}}
		}
	}

	// The request form, for those who act for a delegation.
	if len(acting) > 0 {
		f := requestForm{Priority: string(platform.PriorityNormal)}
		if fail != nil && fail.Form == "request" && fail.Request != nil {
			f = *fail.Request
		}
		data["NewRequest"] = f
		data["Areas"] = areaOptions(l, f.Areas)
		data["Priorities"] = priorityOptions(l, f.Priority)
		var members []option
		for _, d := range dels {
			if !platform.CanActForDelegation(u, d) {
				continue
			}
			for _, m := range d.Members {
				v := d.ID + ":" + m.ID
				members = append(members, option{Value: v, Label: delegationName(l, d) + " — " + m.Name, Selected: slices.Contains(f.Members, v)})
			}
		}
		data["MemberOptions"] = members
	}

	var sch *platform.BilateralSchedule
	if sch, err = s.Bilaterals.Schedule(ctx, e.ID); err != nil {
		s.WriteError(c, err)
		return
	}
	placed := map[string]bool{}
	for _, m := range sch.Meetings {
		placed[m.RequestID] = true
	}
	data["Requests"] = requestGroups(l, u, reqs, n, placed)
	data["ScheduleVersion"] = sch.Version

	if sec {
		set, err := s.Bilaterals.Settings(ctx, e.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		f := settingsFormOf(set, e.Location())
		if fail != nil && fail.Form == "settings" && fail.Settings != nil {
			f = *fail.Settings
		}
		data["Settings"] = f
		if ws, err := s.Bilaterals.Windows(ctx, e.ID); err == nil {
			var views []string
			loc := e.Location()
			for _, w := range ws {
				views = append(views, w.Start.In(loc).Format("2006-01-02 15:04")+"–"+w.End.In(loc).Format("15:04"))
			}
			data["Windows"] = views
		}
		data["Schedule"] = draftView(l, e, set, sch, reqs, n)
	}
	if fail != nil {
		st, msg := s.Explain(c, fail.Err)
		if status == http.StatusBadRequest {
			status = st
		}
		data["Error"], data["ErrorForm"], data["ErrorID"] = msg, fail.Form, fail.ID
	}
	if done := c.Query("done"); slices.Contains(doneNotices, done) {
		data["Notice"] = l.T("bilaterals.done." + done)
	}
	web.NoStore(c)
	title := l.T("bilaterals.title")
	s.Render(c, status, "bilaterals", "events", title, data)
}

// mayRegisterDelegation reports whether u may register their country's
// delegation at a conference (platform.BilateralService.SaveDelegation
// lets a focal point create their country's).
func mayRegisterDelegation(u *platform.User) bool {
	return u != nil && !u.Disabled && u.Role == platform.RoleFocalPoint && u.Country != ""
}

// doneNotices are the ?done= values the pages thank the reader for.
var doneNotices = []string{"saved", "deleted", "requested", "answered", "solved", "published", "locked", "unlocked"}

func info(e *platform.Event, lang string) eventInfo {
	t, tl := e.Title(i18n.Chain(lang))
	return eventInfo{ID: e.ID, Title: t, TitleLang: tl, Zone: e.TimeZone}
}

func countryOptions(l *i18n.Localizer, selected string) []option {
	var out []option
	for _, c := range platform.Countries() {
		out = append(out, option{Value: c, Label: l.T("country." + c), Selected: c == selected})
	}
	return out
}

func areaOptions(l *i18n.Localizer, selected []string) []option {
	var out []option
	for _, a := range platform.Areas() {
		out = append(out, option{Value: a, Label: l.T("area." + a), Selected: slices.Contains(selected, a)})
	}
	return out
}

func priorityOptions(l *i18n.Localizer, selected string) []option {
	var out []option
	for _, p := range []platform.MeetingPriority{platform.PriorityHigh, platform.PriorityNormal, platform.PriorityLow} {
		out = append(out, option{Value: string(p), Label: l.T("bilaterals.priority." + string(p)), Selected: string(p) == selected})
	}
	return out
}

// requestGroups sorts the requests into their statuses, in a fixed order,
// with the forms the reader may use.
func requestGroups(l *i18n.Localizer, u *platform.User, reqs []*platform.MeetingRequest, n *names, placed map[string]bool) []requestGroup {
	var out []requestGroup
	for _, st := range statuses {
		g := requestGroup{Status: string(st), Label: l.T("bilaterals.status." + string(st))}
		for _, r := range reqs {
			if r.Status != st {
				continue
			}
			g.Requests = append(g.Requests, requestRowOf(l, u, r, n, placed[r.ID]))
		}
		if len(g.Requests) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func requestRowOf(l *i18n.Localizer, u *platform.User, r *platform.MeetingRequest, n *names, placed bool) requestRow {
	from, to := n.delegations[r.From], n.delegations[r.To]
	row := requestRow{ID: r.ID, FromID: r.From, ToID: r.To, From: orName(l, from, r.From), To: orName(l, to, r.To), Topic: r.Topic,
		Priority: l.T("bilaterals.priority." + string(r.Priority)), Status: string(r.Status), StatusLabel: l.T("bilaterals.status." + string(r.Status)),
		Reason: r.Reason, Version: r.Version, Locked: r.Locked, Placed: placed}
	for _, a := range r.Areas {
		row.Areas = append(row.Areas, l.T("area."+a))
	}
	var arts []string
	for _, a := range r.UncacArticles {
		arts = append(arts, strconv.Itoa(a))
	}
	row.Articles = strings.Join(arts, ", ")
	row.FromMembers, row.ToMembers = memberNames(from, r.FromMembers), memberNames(to, r.ToMembers)
	if p := r.Interpretation; p != nil {
		row.Interpretation, row.InterpretationPair = p.A+"–"+p.B, p
	}
	row.CanAnswer = r.Status == platform.MeetingPending && platform.CanActForDelegation(u, to)
	row.CanWithdraw = (r.Status == platform.MeetingPending || r.Status == platform.MeetingAccepted) && platform.CanActForDelegation(u, from)
	row.CanLock = r.Status == platform.MeetingAccepted && platform.IsSecretariat(u)
	if row.CanAnswer && to != nil {
		for _, m := range to.Members {
			row.ToOptions = append(row.ToOptions, option{Value: m.ID, Label: m.Name})
		}
	}
	return row
}

func orName(l *i18n.Localizer, d *platform.Delegation, id string) string {
	if name := delegationName(l, d); name != "" {
		return name
	}
	return id
}

// draftView lays the draft out as a grid per day (start times × rooms),
// with the unplaced requests' reasons and the moves against the published
// schedule.
func draftView(l *i18n.Localizer, e *platform.Event, set *platform.BilateralSettings, sch *platform.BilateralSchedule,
	reqs []*platform.MeetingRequest, n *names) *scheduleView {
	loc := e.Location()
	v := &scheduleView{Version: sch.Version, Placed: sch.Placed, UpperBound: sch.UpperBound, Optimal: sch.Optimal, TimedOut: sch.TimedOut,
		Solved: !sch.SolvedAt.IsZero(), Published: len(sch.Published)}
	if v.Solved {
		v.SolvedAt = sch.SolvedAt.In(loc).Format("2006-01-02 15:04")
	}
	if sch.PublishedAt != nil {
		v.PublishedAt = sch.PublishedAt.In(loc).Format("2006-01-02 15:04")
	}
	byID := map[string]*platform.MeetingRequest{}
	for _, r := range reqs {
		byID[r.ID] = r
		if r.Status == platform.MeetingAccepted {
			v.Accepted++
		}
	}
	// Columns: the rooms in use, then the settings' other rooms not
	// withdrawn.
	var roomIDs []string
	for _, r := range set.Rooms {
		if !r.Withdrawn {
			roomIDs = append(roomIDs, r.ID)
		}
	}
	for _, m := range sch.Meetings {
		if !slices.Contains(roomIDs, m.Room) {
			roomIDs = append(roomIDs, m.Room)
		}
	}
	for _, id := range roomIDs {
		v.Rooms = append(v.Rooms, orID(n.rooms, id))
	}
	meetings := slices.Clone(sch.Meetings)
	slices.SortFunc(meetings, func(a, b platform.ScheduledMeeting) int { return a.Start.Compare(b.Start) })
	for _, m := range meetings {
		mv := n.view(l, loc, m, byID[m.RequestID], "")
		if len(v.Days) == 0 || v.Days[len(v.Days)-1].Date != mv.Day {
			v.Days = append(v.Days, gridDay{Date: mv.Day, Weekday: weekday(l, m.Start.In(loc))})
		}
		day := &v.Days[len(v.Days)-1]
		if len(day.Rows) == 0 || day.Rows[len(day.Rows)-1].Time != mv.From+"–"+mv.To {
			day.Rows = append(day.Rows, gridRow{Time: mv.From + "–" + mv.To, TimeUTC: mv.StartUTC, Cells: make([]gridCell, len(roomIDs))})
		}
		row := &day.Rows[len(day.Rows)-1]
		row.Cells[slices.Index(roomIDs, m.Room)] = gridCell{Meeting: &mv}
	}
	label := func(id string) string {
		r := byID[id]
		if r == nil {
			return id
		}
		return orName(l, n.delegations[r.From], r.From) + " — " + orName(l, n.delegations[r.To], r.To) + ": " + r.Topic
	}
	for _, u := range sch.Unplaced {
		v.Unplaced = append(v.Unplaced, unplacedView{ID: u.RequestID, Label: label(u.RequestID),
			Reason: l.T("bilaterals.reason."+u.Reason, map[string]any{"Value": u.Resource})})
	}
	at := func(m platform.ScheduledMeeting) string {
		return m.Start.In(loc).Format("2006-01-02 15:04") + ", " + orID(n.rooms, m.Room)
	}
	for _, m := range sch.Moves {
		mv := moveView{Label: label(m.RequestID), From: at(m.From), Dropped: m.To == nil}
		if m.To != nil {
			mv.To = at(*m.To)
		}
		v.Moves = append(v.Moves, mv)
	}
	v.Unpublished = v.Solved && (sch.PublishedAt == nil || sch.SolvedAt.After(*sch.PublishedAt))
	return v
}

// settingsForm is the settings' form as text, so that a refused form shows
// what was typed. Rooms are lines "id | name | capacity", interpreters
// lines "id | name | en-ru, ru-kk | 2026-06-02 09:00–11:00; …" (the last,
// when they are not available, in the conference's zone).
type settingsForm struct {
	SlotMinutes, BreakMinutes, DayStart, DayEnd, Deadline, TimeBox, Rooms, Interpreters string
	Version                                                                             int
}

func settingsFormOf(set *platform.BilateralSettings, loc *time.Location) settingsForm {
	f := settingsForm{SlotMinutes: strconv.Itoa(set.SlotMinutes), BreakMinutes: strconv.Itoa(set.BreakMinutes), DayStart: set.DayStart,
		DayEnd: set.DayEnd, TimeBox: strconv.Itoa(set.TimeBoxSeconds), Version: set.Version}
	if !set.RequestDeadline.IsZero() {
		f.Deadline = set.RequestDeadline.In(loc).Format("2006-01-02 15:04")
	}
	var rooms, interps []string
	for _, r := range set.Rooms {
		if !r.Withdrawn {
			rooms = append(rooms, r.ID+" | "+r.Name+" | "+strconv.Itoa(r.Capacity))
		}
	}
	for _, x := range set.Interpreters {
		if x.Withdrawn {
			continue
		}
		var pairs []string
		for _, p := range x.Pairs {
			pairs = append(pairs, p.A+"-"+p.B)
		}
		line := x.ID + " | " + x.Name + " | " + strings.Join(pairs, ", ")
		if len(x.Unavailable) > 0 {
			line += " | " + rangesText(x.Unavailable, loc)
		}
		interps = append(interps, line)
	}
	f.Rooms, f.Interpreters = strings.Join(rooms, "\n"), strings.Join(interps, "\n")
	return f
}

// cells splits a form line at "|" into n trimmed fields (missing ones
// empty).
func cells(line string, n int) []string {
	parts := strings.SplitN(line, "|", n)
	for len(parts) < n {
		parts = append(parts, "")
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// lines are a textarea's non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// settings applies the form to the stored settings: rooms and interpreters
// left out of the form are kept, withdrawn (schedules name them).
func (f settingsForm) settings(base platform.BilateralSettings, loc *time.Location) (platform.BilateralSettings, error) {
	set := base
	var err error
	num := func(name, v string) int {
		if err != nil {
			return 0
		}
		n, e := strconv.Atoi(strings.TrimSpace(v))
		if e != nil {
			err = badParam(name, v)
		}
		return n
	}
	set.SlotMinutes = num("slotMinutes", f.SlotMinutes)
	set.BreakMinutes = num("breakMinutes", f.BreakMinutes)
	set.TimeBoxSeconds = num("timeBoxSeconds", f.TimeBox)
	set.DayStart, set.DayEnd = strings.TrimSpace(f.DayStart), strings.TrimSpace(f.DayEnd)
	if err != nil {
		return set, err
	}
	set.RequestDeadline = time.Time{}
	if d := strings.TrimSpace(f.Deadline); d != "" {
		t, e := time.ParseInLocation("2006-01-02 15:04", strings.Replace(d, "T", " ", 1), loc)
		if e != nil {
			return set, badParam("requestDeadline", d)
		}
		set.RequestDeadline = t
	}
	set.Rooms = nil
	seen := map[string]bool{}
	for _, line := range lines(f.Rooms) {
		p := cells(line, 3)
		capacity, e := strconv.Atoi(p[2])
		if p[0] == "" || e != nil {
			return set, badParam("rooms", line)
		}
		seen[p[0]] = true
		set.Rooms = append(set.Rooms, platform.BilateralRoom{ID: p[0], Name: p[1], Capacity: capacity})
	}
	for _, r := range base.Rooms {
		if !seen[r.ID] {
			r.Withdrawn = true
			set.Rooms = append(set.Rooms, r)
		}
	}
	set.Interpreters = nil
	seen = map[string]bool{}
	for _, line := range lines(f.Interpreters) {
		p := cells(line, 4)
		if p[0] == "" {
			return set, badParam("interpreters", line)
		}
		x := platform.BilateralInterpreter{ID: p[0], Name: p[1]}
		for _, pair := range strings.FieldsFunc(p[2], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			a, b, ok := strings.Cut(pair, "-")
			if !ok || a == "" || b == "" {
				return set, badParam("interpreters", line)
			}
			x.Pairs = append(x.Pairs, platform.LanguagePair{A: strings.ToLower(a), B: strings.ToLower(b)})
		}
		un, err := parseRanges(p[3], loc, "interpreters")
		if err != nil {
			return set, err
		}
		x.Unavailable = un
		seen[x.ID] = true
		set.Interpreters = append(set.Interpreters, x)
	}
	for _, x := range base.Interpreters {
		if !seen[x.ID] {
			x.Withdrawn = true
			set.Interpreters = append(set.Interpreters, x)
		}
	}
	return set, nil
}

// settingsSubmit saves the settings' form (the service refuses all but
// the secretariat).
func (s *server) settingsSubmit(c *gin.Context) {
	e, values, ok := s.formOf(c)
	if !ok {
		return
	}
	if !platform.IsSecretariat(web.User(c)) {
		// The settings are the secretariat's (the service says so too):
		// anyone else is refused before their fields are read, rather than
		// shown a field's error on a page with no settings form to fix.
		s.WriteError(c, platform.Localized(platform.Forbidden, "bilaterals.error.forbidden", nil, "only the secretariat changes the settings"))
		return
	}
	g := func(k string) string { return values.Get(k) }
	f := settingsForm{SlotMinutes: g("slotMinutes"), BreakMinutes: g("breakMinutes"), DayStart: g("dayStart"), DayEnd: g("dayEnd"),
		Deadline: g("requestDeadline"), TimeBox: g("timeBoxSeconds"), Rooms: g("rooms"), Interpreters: g("interpreters")}
	f.Version, _ = strconv.Atoi(g("version"))
	base, err := s.Bilaterals.Settings(c.Request.Context(), e.ID)
	if err == nil {
		var set platform.BilateralSettings
		if set, err = f.settings(*base, e.Location()); err == nil {
			if _, err = s.Bilaterals.SaveSettings(c.Request.Context(), e.ID, set, f.Version); err == nil {
				redirect(c, e.ID, "?done=saved#settings")
				return
			}
		}
	}
	s.refused(c, failure{Form: "settings", Settings: &f, Err: err})
}

// refused shows the main page again for a form the reader can fix (400,
// or 409 when someone else changed the record first); other errors are
// answered as errors.
func (s *server) refused(c *gin.Context, fail failure) {
	if formRefusal(fail.Err) {
		s.renderMain(c, web.Status(fail.Err), &fail)
		return
	}
	s.WriteError(c, fail.Err)
}

// formOf is the common start of a page form: a signed-in reader (else to
// sign in), the conference, the form's fields.
func (s *server) formOf(c *gin.Context) (*platform.Event, url.Values, bool) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return nil, nil, false
	}
	e, ok := s.conference(c)
	if !ok {
		return nil, nil, false
	}
	values, err := s.readForm(c)
	if err != nil {
		s.WriteError(c, err)
		return nil, nil, false
	}
	return e, values, true
}

// requestForm is the new request's form as typed. Members are
// "delegation:member" values, so that one list serves a reader who acts
// for several delegations (the secretariat).
type requestForm struct {
	From, To, Topic, Articles, Priority, InterpA, InterpB string
	Areas, Members                                        []string
}

func (f requestForm) input() (platform.MeetingRequestInput, error) {
	in := platform.MeetingRequestInput{From: f.From, To: f.To, Topic: strings.TrimSpace(f.Topic), Areas: f.Areas,
		Priority: platform.MeetingPriority(f.Priority)}
	for _, a := range strings.FieldsFunc(f.Articles, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(a)
		if err != nil {
			return in, badParam("uncacArticles", a)
		}
		in.UncacArticles = append(in.UncacArticles, n)
	}
	for _, m := range f.Members {
		if d, id, ok := strings.Cut(m, ":"); ok && d == f.From {
			in.FromMembers = append(in.FromMembers, id)
		}
	}
	a, b := strings.ToLower(strings.TrimSpace(f.InterpA)), strings.ToLower(strings.TrimSpace(f.InterpB))
	if a != "" || b != "" {
		in.Interpretation = &platform.LanguagePair{A: a, B: b}
	}
	return in, nil
}

// requestSubmit saves the new-request form.
func (s *server) requestSubmit(c *gin.Context) {
	e, values, ok := s.formOf(c)
	if !ok {
		return
	}
	g := func(k string) string { return strings.TrimSpace(first(values[k])) }
	f := requestForm{From: g("from"), To: g("to"), Topic: g("topic"), Articles: g("articles"), Priority: g("priority"),
		InterpA: g("interpA"), InterpB: g("interpB"), Areas: values["areas"], Members: values["members"]}
	in, err := f.input()
	if err == nil {
		if _, err = s.Bilaterals.CreateRequest(c.Request.Context(), e.ID, in); err == nil {
			redirect(c, e.ID, "?done=requested#requests")
			return
		}
	}
	s.refused(c, failure{Form: "request", Request: &f, Err: err})
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// answerSubmit accepts, declines or withdraws a request.
func (s *server) answerSubmit(c *gin.Context) {
	e, values, ok := s.formOf(c)
	if !ok {
		return
	}
	r, ok := s.request(c, e.ID)
	if !ok {
		return
	}
	in := platform.MeetingAnswer{Action: first(values["action"]), ToMembers: values["toMembers"], Reason: strings.TrimSpace(first(values["reason"]))}
	in.IfVersion, _ = strconv.Atoi(first(values["version"]))
	a, b := strings.ToLower(strings.TrimSpace(first(values["interpA"]))), strings.ToLower(strings.TrimSpace(first(values["interpB"])))
	if a != "" || b != "" {
		in.Interpretation = &platform.LanguagePair{A: a, B: b}
	}
	var err error
	if !slices.Contains([]string{"accept", "decline", "withdraw"}, in.Action) {
		err = badParam("action", in.Action)
	} else if _, err = s.Bilaterals.AnswerRequest(c.Request.Context(), r.ID, in); err == nil {
		redirect(c, e.ID, "?done=answered#request-"+r.ID)
		return
	}
	s.refused(c, failure{Form: "answer", ID: r.ID, Err: err})
}

// lockSubmit locks or frees an accepted request where the draft has it.
func (s *server) lockSubmit(c *gin.Context) {
	e, values, ok := s.formOf(c)
	if !ok {
		return
	}
	r, ok := s.request(c, e.ID)
	if !ok {
		return
	}
	locked := first(values["locked"]) == "1"
	if _, err := s.Bilaterals.LockRequest(c.Request.Context(), r.ID, locked); err != nil {
		s.refused(c, failure{Form: "lock", ID: r.ID, Err: err})
		return
	}
	done := "unlocked"
	if locked {
		done = "locked"
	}
	redirect(c, e.ID, "?done="+done+"#request-"+r.ID)
}

// solveSubmit solves with the version the page showed; a Conflict (another
// solve won) shows the page again with the winner's draft and says so.
func (s *server) solveSubmit(c *gin.Context) {
	s.scheduleStepSubmit(c, "solve", s.Bilaterals.Solve, "solved")
}

// publishSubmit publishes the draft the page showed.
func (s *server) publishSubmit(c *gin.Context) {
	s.scheduleStepSubmit(c, "publish", s.Bilaterals.Publish, "published")
}

func (s *server) scheduleStepSubmit(c *gin.Context, form string, step func(ctx context.Context, eventID string, ifVersion int) (*platform.BilateralSchedule, error), done string) {
	e, values, ok := s.formOf(c)
	if !ok {
		return
	}
	version, err := strconv.Atoi(strings.TrimSpace(first(values["version"])))
	if err != nil || version < 0 {
		err = badParam("version", first(values["version"]))
	} else if _, err = step(c.Request.Context(), e.ID, version); err == nil {
		redirect(c, e.ID, "?done="+done+"#schedule")
		return
	}
	s.refused(c, failure{Form: form, Err: err})
}
