package experts

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// profileView is what the profile page shows: each field is filled only
// when the reader's view lists it in Shown.
type profileView struct {
	ID, Name, OtherName, NameCyrillic, NameLatin string
	PhotoURL                                     string
	Status                                       string
	Pending, Merged, Erased                      bool
	MergedInto                                   string
	Country, Organization, Position              string
	Areas                                        []string
	Articles                                     []articleLink
	Languages                                    []languageView
	IRM                                          []irmView
	Trainings                                    []linkView
	Materials                                    []linkView
	// Biography is in the reader's language or, with Fallback naming the
	// language it is in, the first of the fallback chain that has one.
	Biography, BiographyLang, Fallback string
	Email, Phone, Messenger            string
	Availability                       []periodView
	// Consent is each field's audience, shown to the expert and the
	// secretariat beside the field.
	Consent []consentView
	// Own: the reader is the expert or the secretariat (every field shows);
	// IsExpert: the reader is the expert themselves; Secretariat: the
	// reader is the secretariat.
	Own, IsExpert, Secretariat bool
	DoNotPropose               bool
	DeletionRequested          string
	DeletionReason             string
	History                    []historyView
	Invitations                []invitationView
	// CanPhoto: photos can be uploaded (the module has a photo store), of
	// these formats and size.
	CanPhoto                 bool
	PhotoFormats, PhotoLimit string
}

// consentView is a field and who may see it.
type consentView struct{ Field, Label, Audience string }

type articleLink struct {
	Number          int
	Title, TitleLng string
}

type languageView struct{ Code, Name, Level string }

type irmView struct {
	Role, State string
	Cycle, Year int
	Ongoing     bool
}

type periodView struct{ From, To, Note string }

// linkView is an event or a document a profile links to.
type linkView struct {
	URL, Title, TitleLang, Meta string
}

type historyView struct {
	At, By, Action string
	Changed        []string
	Note           string
}

type invitationView struct {
	ID, EventURL, EventTitle, EventTitleLang, Role, Status, Message, At string
	// Open: the expert may still accept or decline it.
	Open bool
}

// profilePage serves /{lang}/experts/{id}.
func (s *server) profilePage(c *gin.Context) {
	v, ok := s.expert(c)
	if !ok {
		return
	}
	p, err := s.profile(c, v)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if p.Own {
		web.NoStore(c)
	}
	s.Render(c, http.StatusOK, "expert", "experts", p.Name, map[string]any{"Expert": p, "Notice": notice(s.Localizer(c), c.Query("done"))})
}

// notice is the message a page shows after a form sent the reader back
// to it (?done=saved and the like); "" for none.
func notice(l *i18n.Localizer, done string) string {
	switch done {
	case "saved", "approved", "requested", "merged", "invited", "accepted", "declined", "photo":
		return l.T("experts.done." + done)
	}
	return ""
}

// profile builds the page of view v for the request's reader.
func (s *server) profile(c *gin.Context, v *platform.ExpertView) (*profileView, error) {
	ctx := c.Request.Context()
	lang, l := web.Lang(c), s.Localizer(c)
	chain := i18n.Chain(lang)
	u := web.User(c)
	e := v.Expert
	p := &profileView{ID: e.ID, Status: statusLabel(l, e.Status), Pending: e.Status == platform.ExpertPending,
		Merged: e.Status == platform.ExpertMerged, Erased: e.Status == platform.ExpertErased, MergedInto: e.MergedInto,
		Own: v.Own, IsExpert: platform.IsOwnExpert(u, e), Secretariat: platform.IsSecretariat(u),
		CanPhoto: s.Photos != nil && s.PhotoRecords != nil, PhotoFormats: photoFormats, PhotoLimit: web.HumanBytes(platform.MaxPhotoBytes)}
	if v.Sees(platform.FieldName) {
		p.Name, p.OtherName = names(&e.ExpertProfile, lang)
		p.NameCyrillic, p.NameLatin = e.NameCyrillic, e.NameLatin
	}
	if p.Name == "" {
		p.Name = l.T("experts.unnamed")
	}
	if v.Sees(platform.FieldPhoto) {
		p.PhotoURL = photoURL(e)
	}
	if v.Sees(platform.FieldCountry) && e.Country != "" {
		p.Country = l.T("country." + e.Country)
	}
	if v.Sees(platform.FieldOrganization) {
		p.Organization = e.Organization
	}
	if v.Sees(platform.FieldPosition) {
		p.Position = e.Position
	}
	if v.Sees(platform.FieldAreas) {
		for _, a := range e.Areas {
			p.Areas = append(p.Areas, l.T("area."+a))
		}
	}
	if v.Sees(platform.FieldArticles) {
		for _, n := range e.Articles {
			a, ok := platform.ArticleByNumber(n)
			if !ok {
				continue
			}
			t, tl := platform.PickText(a.Title, chain, func(s string) string { return s })
			p.Articles = append(p.Articles, articleLink{Number: n, Title: t, TitleLng: tl})
		}
	}
	if v.Sees(platform.FieldLanguages) {
		for _, sk := range e.Languages {
			p.Languages = append(p.Languages, languageView{Code: sk.Lang, Name: languageName(lang, sk.Lang), Level: levelLabel(l, sk.Level)})
		}
	}
	if v.Sees(platform.FieldIRM) {
		for _, x := range e.IRM {
			p.IRM = append(p.IRM, irmView{Role: irmLabel(l, x.Role), State: stateName(l, x.State), Cycle: x.Cycle, Year: x.Year, Ongoing: x.Ongoing})
		}
	}
	if v.Sees(platform.FieldBiography) {
		p.Biography, p.BiographyLang = platform.PickText(e.Biography, chain, func(s string) string { return s })
		if p.Biography != "" && p.BiographyLang != lang {
			p.Fallback = i18n.Name(p.BiographyLang)
		}
	}
	if v.Sees(platform.FieldContact) {
		p.Email, p.Phone, p.Messenger = e.Contact.Email, e.Contact.Phone, e.Contact.Messenger
	}
	if v.Sees(platform.FieldAvailability) {
		for _, a := range e.Availability {
			p.Availability = append(p.Availability, periodView{From: a.From.Format(time.DateOnly), To: a.To.Format(time.DateOnly), Note: a.Note})
		}
	}
	if v.Sees(platform.FieldTrainings) && e.Status != platform.ExpertErased {
		ds, err := s.Experts.Deliveries(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			t, tl, ok := s.eventTitle(ctx, chain, d.EventID)
			if !ok {
				continue
			}
			p.Trainings = append(p.Trainings, linkView{URL: "/" + lang + "/events/" + d.EventID, Title: t, TitleLang: tl,
				Meta: roleLabel(l, d.Role) + " · " + l.T("event_kind."+string(d.Kind)) + " · " + d.Start.Format(time.DateOnly)})
		}
	}
	if v.Sees(platform.FieldMaterials) && len(e.Materials) > 0 && s.Documents != nil {
		docs, _, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{IDs: e.Materials, Limit: min(len(e.Materials), 100)})
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			t, tl := d.Title(chain)
			p.Materials = append(p.Materials, linkView{URL: "/" + lang + "/library/" + d.ID, Title: t, TitleLang: tl, Meta: l.T("kind." + d.Kind)})
		}
	}
	if !v.Own {
		return p, nil
	}
	// The expert and the secretariat: consent, wishes, history, invitations.
	for _, f := range platform.ExpertFields() {
		p.Consent = append(p.Consent, consentView{Field: string(f), Label: fieldLabel(l, f), Audience: consentLabel(l, e.ConsentOf(f))})
	}
	p.DoNotPropose = e.DoNotPropose
	if e.DeletionRequestedAt != nil {
		p.DeletionRequested, p.DeletionReason = e.DeletionRequestedAt.Format(time.DateOnly), e.DeletionReason
	}
	history, err := s.Experts.ExpertHistory(ctx, e.ID)
	if err != nil && platform.ErrorCode(err) != platform.Forbidden {
		return nil, err
	}
	for _, h := range history {
		hv := historyView{At: h.At.UTC().Format("2006-01-02 15:04") + " UTC", By: h.ByName, Note: h.Note,
			Action: tr(l, "experts.action."+key(h.Action), h.Action)}
		if hv.By == "" {
			hv.By = h.By
		}
		for _, f := range h.Changed {
			hv.Changed = append(hv.Changed, changedLabel(l, f))
		}
		p.History = append(p.History, hv)
	}
	if s.Invitations != nil && e.Status != platform.ExpertErased {
		if p.Invitations, err = s.invitationViews(c, e.ID, p.IsExpert); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// changedLabel names a changed field of the history: a field under
// consent, the choices of visibility, or the wish not to be proposed.
func changedLabel(l *i18n.Localizer, f platform.ExpertField) string {
	switch f {
	case "consent":
		return l.T("experts.label.consent")
	case "doNotPropose":
		return l.T("experts.label.do_not_propose")
	}
	return fieldLabel(l, f)
}

// eventTitle is an event's title as the reader may see it; ok is false
// when they may not see the event.
func (s *server) eventTitle(ctx context.Context, chain []string, id string) (string, string, bool) {
	if s.Events == nil {
		return "", "", false
	}
	ev, err := s.Events.FindEventByID(ctx, id)
	if err != nil {
		return "", "", false
	}
	t, tl := ev.Title(chain)
	return t, tl, true
}

// invitationViews lists an expert's invitations; own is set for the expert
// themselves, who may answer the open ones.
func (s *server) invitationViews(c *gin.Context, expertID string, own bool) ([]invitationView, error) {
	ctx := c.Request.Context()
	lang, l := web.Lang(c), s.Localizer(c)
	invs, err := s.Invitations.FindInvitations(ctx, expertID, "")
	if err != nil {
		return nil, err
	}
	out := make([]invitationView, 0, len(invs))
	for _, inv := range invs {
		iv := invitationView{ID: inv.ID, EventURL: "/" + lang + "/events/" + inv.EventID, Role: roleLabel(l, inv.Role),
			Status: invitationLabel(l, inv.Status), Message: inv.Message, At: inv.At.Format(time.DateOnly),
			Open: own && inv.Status == platform.InvitationSent}
		var ok bool
		if iv.EventTitle, iv.EventTitleLang, ok = s.eventTitle(ctx, i18n.Chain(lang), inv.EventID); !ok {
			iv.EventTitle, iv.EventURL = l.T("experts.event_hidden"), ""
		}
		out = append(out, iv)
	}
	return out, nil
}

// approveSubmit handles the secretariat's approval of a pending profile.
func (s *server) approveSubmit(c *gin.Context) {
	s.action(c, "approved", func(ctx context.Context, id string) error {
		_, err := s.Experts.ApproveExpert(ctx, id)
		return err
	})
}

// eraseSubmit handles the secretariat's erasure of a profile; the form
// must say it is confirmed.
func (s *server) eraseSubmit(c *gin.Context) {
	if c.PostForm("confirm") != "on" {
		s.WriteError(c, platform.Localized(platform.Invalid, "experts.error.confirm", nil, "erasing needs a confirmation"))
		return
	}
	s.action(c, "", func(ctx context.Context, id string) error { return s.Experts.EraseExpert(ctx, id) })
}

// deletionSubmit handles the expert's request that their profile be
// erased.
func (s *server) deletionSubmit(c *gin.Context) {
	s.action(c, "requested", func(ctx context.Context, id string) error {
		return s.Experts.RequestExpertDeletion(ctx, id, strings.TrimSpace(c.PostForm("reason")))
	})
}

// action runs a profile page's button: the reader must be signed in; the
// page follows with done's notice (the list when done is "").
func (s *server) action(c *gin.Context, done string, do func(ctx context.Context, id string) error) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	if err := do(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	if done == "" {
		redirect(c, "/experts")
		return
	}
	redirect(c, "/experts/"+id+"?done="+done)
}

// inviteSubmit handles the secretariat's invitation of an expert to an
// event (from the matching page or the profile).
func (s *server) inviteSubmit(c *gin.Context) {
	if s.Invitations == nil {
		s.noService(c)
		return
	}
	eventID := c.PostForm("event")
	if !platform.ValidRecordID(eventID) {
		s.WriteError(c, badParam("event", eventID))
		return
	}
	s.action(c, "invited", func(ctx context.Context, id string) error {
		_, err := s.Invitations.InviteExpert(ctx, id, eventID, platform.ExpertRole(c.PostForm("role")), strings.TrimSpace(c.PostForm("message")))
		return err
	})
}

// answerSubmit handles the expert's answer to an invitation
// (answer=accept or decline).
func (s *server) answerSubmit(c *gin.Context) {
	if s.Invitations == nil {
		s.noService(c)
		return
	}
	inv := c.Param("invitation")
	answer := c.PostForm("answer")
	if answer != "accept" && answer != "decline" {
		s.WriteError(c, badParam("answer", answer))
		return
	}
	done := map[string]string{"accept": "accepted", "decline": "declined"}[answer]
	s.action(c, done, func(ctx context.Context, id string) error {
		if err := s.checkInvitation(c, id, inv); err != nil {
			return err
		}
		_, err := s.Invitations.AnswerInvitation(ctx, inv, answer == "accept")
		return err
	})
}

// checkInvitation makes sure invitation id is one of the expert's, as the
// address says (NotFound otherwise): the address names both.
func (s *server) checkInvitation(c *gin.Context, expertID, id string) error {
	missing := platform.Localized(platform.NotFound, "experts.error.invitation_not_found", nil, "no invitation %q of expert %s", id, expertID)
	if len(id) > 100 || strings.Trim(id, "0123456789abcdefABCDEF.-_") != "" {
		return missing
	}
	invs, err := s.Invitations.FindInvitations(c.Request.Context(), expertID, "")
	if err != nil {
		return err
	}
	for _, inv := range invs {
		if inv.ID == id {
			return nil
		}
	}
	return missing
}
