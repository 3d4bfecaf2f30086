package events

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// eventView is what the event page shows.
type eventView struct {
	ID, Title, TitleLang, Description, DescriptionLang, Outcome, OutcomeLang string
	// Fallback names the language of a text shown because the event has
	// none in the reader's (the page says so, as the library's does).
	Fallback                                               string
	Kind, Status, Host, City, Address, OnlineURL, Capacity string
	// Start and End are in the event's zone; StartUTC and EndUTC are the
	// instants the page's script shows in the reader's zone.
	Start, End, StartUTC, EndUTC, Zone, Offset string
	// YourTime is the event's time in the zone of the reader's settings,
	// when they chose one (else the page's script shows the browser's).
	YourTime                                           string
	Countries, Areas, Rooms, Languages, Interpretation []string
	Organizers, Partners, Funders                      []string
	// Trainers and Speakers are the names the event gives and its linked
	// expert profiles (see people).
	Trainers, Speakers []person
	Articles           []int
	Materials          []material
	CanEdit            bool
	Registration       *eventRegistration
	// Overlaps are shown to those who may edit the event (overlaps.go).
	Overlaps []overlapView
	// Programme is the sessions grouped by day in the event's zone.
	Programme []programmeDay
	// Bilaterals: the reader may see the conference's bilateral meetings.
	Bilaterals bool
}

// programmeDay is one day of an event's programme, in the event's zone.
type programmeDay struct {
	Date, Weekday string
	Sessions      []sessionView
}

// sessionView is one session as the event page shows it: its times at
// the event and its texts along the reader's fallback chain.
type sessionView struct {
	Start, End, StartUTC, EndUTC, Room string
	Title, TitleLang                   string
	Description, DescriptionLang       string
	Speakers                           []string
}

// programme groups the event's sessions (stored in start order) by their
// day in the event's zone.
func programme(e *platform.Event, chain []string, l *i18n.Localizer) []programmeDay {
	loc := e.Location()
	var days []programmeDay
	for _, se := range e.Sessions {
		start, end := se.Start.In(loc), se.End.In(loc)
		date := start.Format("2006-01-02")
		if len(days) == 0 || days[len(days)-1].Date != date {
			wd := (int(start.Weekday())+6)%7 + 1 // Monday is 1
			days = append(days, programmeDay{Date: date, Weekday: l.T("calendar.weekday_" + strconv.Itoa(wd))})
		}
		v := sessionView{Start: start.Format("15:04"), End: end.Format("15:04"), Room: se.Room, Speakers: se.Speakers,
			StartUTC: se.Start.UTC().Format(time.RFC3339), EndUTC: se.End.UTC().Format(time.RFC3339)}
		if end.Format("2006-01-02") != date { // a session past midnight says on which day it ends
			v.End = end.Format("2006-01-02 15:04")
		}
		v.Title, v.TitleLang = se.Title(chain)
		v.Description, v.DescriptionLang = platform.PickText(se.Translations, chain, func(t platform.SessionText) string { return t.Description })
		days[len(days)-1].Sessions = append(days[len(days)-1].Sessions, v)
	}
	return days
}

// person is a trainer or speaker as the event page names them: a linked
// profile has its page's URL.
type person struct{ Name, URL string }

// people lists an event's trainers (or speakers) for the page: the names
// the event gives, then its linked profiles of that role. A linked profile
// the reader may see is named as they may read it and replaces a given
// name that mentions its own (platform.NameMentions: the secretariat
// typed it before the profile existed); one they may not see, or an erased
// one, is "a trainer" (the event's reads leave out the given names that
// mention it: see mongo's hideExperts).
func (s *server) people(c *gin.Context, names []string, links []platform.EventExpert, role platform.ExpertRole) []person {
	out := make([]person, 0, len(names)+len(links))
	for _, n := range names {
		out = append(out, person{Name: n})
	}
	lang := web.Lang(c)
	for _, x := range links {
		if x.Role != role {
			continue
		}
		var v *platform.ExpertView
		if x.ExpertID != "" && s.Experts != nil {
			v, _ = s.Experts.FindExpertByID(c.Request.Context(), x.ExpertID)
		}
		if v == nil || v.Status == platform.ExpertErased || v.Name(lang) == "" {
			out = append(out, person{Name: s.Localizer(c).T("event.a_" + string(role))})
			continue
		}
		p := person{Name: v.Name(lang), URL: "/" + lang + "/experts/" + v.ID}
		replaced := false
		for i, given := range out {
			if given.URL == "" && platform.NameMentions(given.Name, v.Names()) {
				out[i], replaced = p, true
				break
			}
		}
		if !replaced {
			out = append(out, p)
		}
	}
	return out
}

// material is a library document used at an event.
type material struct{ ID, Title string }

// eventPageOrICS serves /{lang}/events/{id} and /{lang}/events/{id}.ics.
func (s *server) eventPageOrICS(c *gin.Context) {
	param := c.Param("id")
	if id, ok := strings.CutSuffix(param, ".ics"); ok {
		s.eventICS(c, id)
		return
	}
	id, ok := s.eventID(c, param)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	e, err := s.Events.FindEventByID(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	lang, l := web.Lang(c), s.Localizer(c)
	chain := i18n.Chain(lang)
	v := eventView{ID: e.ID, Kind: l.T("event_kind." + string(e.Kind)), Status: l.T("event_status." + string(e.Status)),
		City: pick(e.City, chain), Address: e.Address, OnlineURL: e.OnlineURL, Zone: e.TimeZone,
		Rooms: e.Rooms, Organizers: e.Organizers, Partners: e.Partners, Funders: e.Funders, Articles: e.UncacArticles, CanEdit: platform.CanEditEvent(web.User(c), e.Kind, e.Concerns())}
	v.Title, v.TitleLang = e.Title(chain)
	v.Description, v.DescriptionLang = platform.PickText(e.Translations, chain, func(t platform.EventText) string { return t.Description })
	v.Outcome, v.OutcomeLang = platform.PickText(e.Translations, chain, func(t platform.EventText) string { return t.Outcome })
	for _, shown := range []struct{ text, lang string }{{v.Title, v.TitleLang}, {v.Description, v.DescriptionLang}, {v.Outcome, v.OutcomeLang}} {
		if shown.text != "" && shown.lang != lang {
			v.Fallback = i18n.Name(shown.lang)
			break
		}
	}
	v.Programme = programme(e, chain, l)
	v.Trainers = s.people(c, e.Trainers, e.Experts, platform.RoleTrainer)
	v.Speakers = s.people(c, e.Speakers, e.Experts, platform.RoleSpeaker)
	loc := e.Location()
	v.Start, v.End = e.Start.In(loc).Format("2006-01-02 15:04"), e.End.In(loc).Format("2006-01-02 15:04")
	v.StartUTC, v.EndUTC = e.Start.UTC().Format(time.RFC3339), e.End.UTC().Format(time.RFC3339)
	v.Offset = e.Start.In(loc).Format("-07:00")
	if u := web.User(c); u != nil && u.TimeZone != "" {
		if yours, err := platform.LoadZone(u.TimeZone); err == nil {
			v.YourTime = e.Start.In(yours).Format("2006-01-02 15:04") + " – " + e.End.In(yours).Format("2006-01-02 15:04") + " (" + u.TimeZone + ")"
		}
	}
	if e.Country != "" {
		v.Host = l.T("country." + e.Country)
	}
	for _, c := range e.Countries {
		v.Countries = append(v.Countries, l.T("country."+c))
	}
	for _, a := range e.Areas {
		v.Areas = append(v.Areas, l.T("area."+a))
	}
	v.Languages, v.Interpretation = languageNames(e.Languages), languageNames(e.Interpretation)
	v.Capacity = l.T("event.no_limit")
	if e.Capacity > 0 {
		v.Capacity = itoa(e.Capacity)
	}
	if len(e.Materials) > 0 && s.Documents != nil {
		docs, _, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{IDs: e.Materials, Limit: len(e.Materials)})
		if err != nil {
			s.WriteError(c, err)
			return
		}
		for _, d := range docs {
			t, _ := d.Title(chain)
			v.Materials = append(v.Materials, material{ID: d.ID, Title: t})
		}
	}
	if v.Registration, err = s.eventRegistrationView(c, e); err != nil {
		s.WriteError(c, err)
		return
	}
	if v.Registration != nil && v.Registration.Counts.Full() && e.Status == platform.EventRegistrationOpen {
		v.Status = l.T("event_status." + string(platform.EventFull))
	}
	if e.Kind == platform.EventConference && s.Bilaterals != nil && web.User(c) != nil {
		// The service answers NotFound to those who may not see them.
		_, err := s.Bilaterals.Delegations(ctx, e.ID)
		// A focal point whose country has no delegation yet is shown the
		// way to register it.
		u := web.User(c)
		v.Bilaterals = err == nil || platform.ErrorCode(err) == platform.NotFound && u.Role == platform.RoleFocalPoint && u.Country != "" && !u.Disabled
	}
	if v.CanEdit {
		if v.Overlaps, err = s.overlapViews(c, e); err != nil {
			s.WriteError(c, err)
			return
		}
	}
	web.Describe(c, cmp.Or(v.Description, v.Title))
	s.Render(c, http.StatusOK, "event", "events", v.Title, map[string]any{"Event": v, "Lang": lang})
}

// languageNames names the hub's languages in themselves and shows other
// codes as they are.
func languageNames(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		name := strings.ToUpper(code)
		for _, l := range i18n.Languages() {
			if l.Code == code {
				name = l.Name
			}
		}
		out = append(out, name)
	}
	return out
}
