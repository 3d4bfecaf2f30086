package experts

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The secretariat's pages: possible duplicates and their merging, and the
// matching of experts to an event or an IRM review. The service refuses
// others (Forbidden); the pages ask for a signed-in reader first.

// pairView is a pair of profiles that look like one person, as the
// duplicates page shows it.
type pairView struct {
	A, B     card
	Evidence []evidenceView
}

type evidenceView struct{ Kind, A, B string }

// duplicatesPage serves /{lang}/experts/duplicates.
func (s *server) duplicatesPage(c *gin.Context) {
	if s.Duplicates == nil {
		s.noService(c)
		return
	}
	if !s.RequireUser(c) {
		return
	}
	ctx := c.Request.Context()
	lang, l := web.Lang(c), s.Localizer(c)
	pairs, err := s.Duplicates(ctx)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	cache := map[string]card{}
	cardFor := func(id string) (card, error) {
		if cd, ok := cache[id]; ok {
			return cd, nil
		}
		v, err := s.Experts.FindExpertByID(ctx, id)
		if err != nil {
			return card{}, err
		}
		cache[id] = cardOf(v, l, lang)
		return cache[id], nil
	}
	var out []pairView
	for _, p := range pairs {
		a, err := cardFor(p.A)
		if platform.ErrorCode(err) == platform.NotFound {
			continue // merged or erased meanwhile
		}
		if err != nil {
			s.WriteError(c, err)
			return
		}
		b, err := cardFor(p.B)
		if platform.ErrorCode(err) == platform.NotFound {
			continue
		}
		if err != nil {
			s.WriteError(c, err)
			return
		}
		pv := pairView{A: a, B: b}
		for _, ev := range p.Evidence {
			pv.Evidence = append(pv.Evidence, evidenceView{Kind: tr(l, "experts.evidence."+key(ev.Kind), ev.Kind), A: ev.A, B: ev.B})
		}
		out = append(out, pv)
	}
	web.NoStore(c)
	s.Render(c, http.StatusOK, "duplicates", "experts", l.T("experts.duplicates.title"), map[string]any{"Pairs": out})
}

// mergeSubmit handles a merge form: profile drop into profile keep.
func (s *server) mergeSubmit(c *gin.Context) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return
	}
	keep, drop := c.PostForm("keep"), c.PostForm("drop")
	for _, p := range []struct{ name, id string }{{"keep", keep}, {"drop", drop}} {
		if !platform.ValidRecordID(p.id) {
			s.WriteError(c, badParam(p.name, p.id))
			return
		}
	}
	if _, err := s.Experts.MergeExperts(c.Request.Context(), keep, drop); err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, "/experts/"+keep+"?done=merged")
}

// candidateView is a ranked expert as the matching page shows it.
type candidateView struct {
	card
	Rank    int
	Score   int
	Reasons []reasonView
	// Invitation is the expert's invitation to the event, if any.
	Invitation string
}

// reasonView is a reason in the reader's words, with its points.
type reasonView struct {
	Text, Points string
}

type excludedView struct {
	card
	Reasons []reasonView
}

func reasonViews(rs []reason) []reasonView {
	out := make([]reasonView, 0, len(rs))
	for _, r := range rs {
		v := reasonView{Text: r.Text}
		if r.Points != 0 {
			v.Points = strconv.Itoa(r.Points)
			if r.Points > 0 {
				v.Points = "+" + v.Points
			}
		}
		out = append(out, v)
	}
	return out
}

// matchPage serves /{lang}/experts/match: with ?event=ID the experts for
// an event (and an invitation form for each), with ?state=XX (&cycle=,
// &language=) those for the IRM review of a State; with neither, the form
// that asks.
func (s *server) matchPage(c *gin.Context) {
	if s.Match == nil {
		s.noService(c)
		return
	}
	if !s.RequireUser(c) {
		return
	}
	ctx := c.Request.Context()
	lang, l := web.Lang(c), s.Localizer(c)
	q, err := matchParams(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if !platform.IsSecretariat(web.User(c)) {
		s.WriteError(c, forbidden("match experts"))
		return
	}
	cycle := q.Cycle
	if cycle == 0 {
		cycle = 2
	}
	lg := ""
	if len(q.Languages) > 0 {
		lg = q.Languages[0]
	}
	data := map[string]any{"State": q.State, "EventID": q.EventID, "States": countryOptions(l, []string{q.State}),
		"Cycles":    []option{{Value: "1", Label: "1", Selected: cycle == 1}, {Value: "2", Label: "2", Selected: cycle == 2}},
		"Languages": languageOptions(lang, lg)}
	if data["Events"], err = s.upcoming(ctx, lang, q.EventID); err != nil {
		s.WriteError(c, err)
		return
	}
	if q.EventID != "" || q.State != "" {
		if q.EventID != "" {
			t, _, ok := s.eventTitle(ctx, i18n.Chain(lang), q.EventID)
			if !ok {
				s.WriteError(c, platform.Localized(platform.NotFound, "error.event_not_found", nil, "no event %q", q.EventID))
				return
			}
			data["Heading"] = l.T("experts.match.for_event", map[string]any{"Event": t})
			data["Roles"] = []option{{Value: string(platform.RoleTrainer), Label: roleLabel(l, platform.RoleTrainer), Selected: true},
				{Value: string(platform.RoleSpeaker), Label: roleLabel(l, platform.RoleSpeaker)}}
			data["CanInvite"] = s.Invitations != nil
		} else {
			data["Heading"] = l.T("experts.match.for_state", map[string]any{"Country": stateName(l, q.State)})
		}
		res, err := s.match(c, q)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		invited, err := s.invited(ctx, l, q.EventID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		var cands []candidateView
		for i, cd := range res.Candidates {
			cands = append(cands, candidateView{card: cardOf(cd.Expert, l, lang), Rank: i + 1, Score: cd.Score,
				Reasons: reasonViews(cd.Reasons), Invitation: invited[cd.ExpertID]})
		}
		var excl []excludedView
		for _, x := range res.Excluded {
			excl = append(excl, excludedView{card: cardOf(x.Expert, l, lang), Reasons: reasonViews(x.Reasons)})
		}
		data["Candidates"], data["Excluded"], data["Asked"] = cands, excl, true
	}
	web.NoStore(c)
	s.Render(c, http.StatusOK, "match", "experts", l.T("experts.match.title"), data)
}

// invited gives, for the experts invited to event, their invitation's
// status in the reader's words.
func (s *server) invited(ctx context.Context, l *i18n.Localizer, eventID string) (map[string]string, error) {
	out := map[string]string{}
	if eventID == "" || s.Invitations == nil {
		return out, nil
	}
	invs, err := s.Invitations.FindInvitations(ctx, "", eventID)
	if err != nil {
		return nil, err
	}
	for _, inv := range invs {
		if _, seen := out[inv.ExpertID]; !seen { // the latest first
			out[inv.ExpertID] = invitationLabel(l, inv.Status)
		}
	}
	return out, nil
}

// upcoming lists the events not yet over that the reader may see, for the
// matching page's choice (with selected, when it is another).
func (s *server) upcoming(ctx context.Context, lang, selected string) ([]option, error) {
	if s.Events == nil {
		return nil, nil
	}
	events, _, err := s.Events.FindEvents(ctx, platform.EventFilter{EndsAfter: time.Now(), Limit: 100})
	if err != nil {
		return nil, err
	}
	chain := i18n.Chain(lang)
	var out []option
	found := false
	for _, e := range events {
		t, _ := e.Title(chain)
		out = append(out, option{Value: e.ID, Label: e.Start.Format(time.DateOnly) + " · " + t, Selected: e.ID == selected})
		found = found || e.ID == selected
	}
	if selected != "" && !found {
		if t, _, ok := s.eventTitle(ctx, chain, selected); ok {
			out = append(out, option{Value: selected, Label: t, Selected: true})
		}
	}
	return out, nil
}
