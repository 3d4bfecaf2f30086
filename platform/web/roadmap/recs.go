package roadmap

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// recFilter reads the recommendations' filters: country, source,
// implementation (each may repeat), article, area, duplicates, commitment,
// q, page and size. Bad values are Invalid, naming the parameter.
func recFilter(c *gin.Context) (platform.RecommendationFilter, int, error) {
	var f platform.RecommendationFilter
	if err := onlyOnce(c, "article", "area", "duplicates", "commitment", "q", "page", "size", "offset", "limit"); err != nil {
		return f, 0, err
	}
	f.Countries = web.SplitList(c.QueryArray("country"))
	for _, s := range web.SplitList(c.QueryArray("source")) {
		f.Sources = append(f.Sources, platform.RecommendationSource(s))
	}
	for _, s := range web.SplitList(c.QueryArray("implementation")) {
		f.Implementations = append(f.Implementations, platform.Implementation(s))
	}
	var err error
	if f.Article, err = intParam(c, "article", 0, 1, 71); err != nil {
		return f, 0, err
	}
	f.Area = strings.TrimSpace(c.Query("area"))
	if f.Duplicates, err = boolParam(c, "duplicates"); err != nil {
		return f, 0, err
	}
	if cm := strings.TrimSpace(c.Query("commitment")); cm != "" {
		if !platform.ValidRecordID(cm) {
			return f, 0, badParam("commitment", cm)
		}
		f.Commitment = cm
	}
	f.Text = strings.TrimSpace(c.Query("q"))
	page, err := intParam(c, "page", 1, 1, 10000)
	if err != nil {
		return f, 0, err
	}
	size, err := intParam(c, "size", 50, 1, 500)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit = (page-1)*size, size
	if f.Offset > platform.MaxSearchDepth {
		return f, 0, badParam("page", strconv.Itoa(page))
	}
	return f, page, f.Validate()
}

// recView is a recommendation as the pages show it.
type recView struct {
	ID, Country, CountryName, Source, SourceLabel string
	Reference                                     string
	Year                                          int
	Articles                                      []int
	Area, AreaLabel                               string
	Text                                          textIn
	Texts                                         []langText
	Implementation, ImplementationLabel           string
	Visibility                                    string
	Duplicates                                    int
}

// langText is a text in one language.
type langText struct{ Lang, Name, Text string }

func viewRec(l *i18n.Localizer, lang string, r *platform.Recommendation) recView {
	v := recView{ID: r.ID, Country: r.Country, CountryName: countryName(l, r.Country), Source: string(r.Source),
		SourceLabel: l.T("roadmap.source." + string(r.Source)), Reference: r.Reference, Year: r.Year, Articles: r.Articles,
		Area: r.Area, Text: pick(r.Text, lang), Implementation: string(r.Implementation),
		ImplementationLabel: l.T("roadmap.impl." + string(r.Implementation)), Visibility: r.Visibility, Duplicates: len(r.Duplicates)}
	if r.Area != "" {
		v.AreaLabel = l.T("area." + r.Area)
	}
	for _, code := range platform.Languages() {
		if t := r.Text[code]; t != "" {
			v.Texts = append(v.Texts, langText{Lang: code, Name: languageName(code), Text: t})
		}
	}
	return v
}

// recOptions are the filters' and forms' choices.
func recOptions(l *i18n.Localizer) map[string]any {
	var sources, impls []countView
	for _, s := range platform.RecommendationSources() {
		sources = append(sources, countView{Key: string(s), Label: l.T("roadmap.source." + string(s))})
	}
	for _, im := range platform.Implementations() {
		impls = append(impls, countView{Key: string(im), Label: l.T("roadmap.impl." + string(im))})
	}
	return map[string]any{"Sources": sources, "Implementations": impls, "Countries": platformCountries(l), "Areas": areaLabels(l)}
}

// recsPage serves /{lang}/roadmap/recommendations with its filters.
func (s *server) recsPage(c *gin.Context) {
	l, lang := s.Localizer(c), web.Lang(c)
	f, page, err := recFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	recs, total, err := s.Recommendations.FindRecommendations(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var views []recView
	for _, r := range recs {
		views = append(views, viewRec(l, lang, r))
	}
	data := recOptions(l)
	data["Recs"], data["Total"], data["Page"] = views, total, page
	data["Filter"] = map[string]any{"Countries": f.Countries, "Sources": f.Sources, "Implementations": f.Implementations,
		"Article": f.Article, "Area": f.Area, "Duplicates": f.Duplicates, "Q": f.Text}
	q := c.Request.URL.Query()
	if f.Offset+len(recs) < total {
		q.Set("page", strconv.Itoa(page+1))
		data["Next"] = "?" + q.Encode()
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page-1))
		data["Prev"] = "?" + q.Encode()
	}
	u := web.User(c)
	data["CanEdit"] = platform.IsSecretariat(u) || isFocalPoint(u)
	data["HasSheets"] = s.Sheets != nil
	s.Render(c, http.StatusOK, "roadmap_recs", "roadmap", l.T("roadmap.recs.title"), data)
}

// rec reads the recommendation the path's :id names.
func (s *server) rec(c *gin.Context) (*platform.Recommendation, bool) {
	id, ok := s.recordID(c)
	if !ok {
		return nil, false
	}
	r, err := s.Recommendations.Recommendation(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return r, true
}

// recPage serves /{lang}/roadmap/recommendations/{id}: its text in every
// language it has, the commitments that answer it, its likely duplicates.
func (s *server) recPage(c *gin.Context) {
	ctx := c.Request.Context()
	l, lang, u := s.Localizer(c), web.Lang(c), web.User(c)
	r, ok := s.rec(c)
	if !ok {
		return
	}
	v := viewRec(l, lang, r)
	var commitments []*itemView
	for _, id := range r.Commitments {
		if it, err := s.Roadmap.Item(ctx, id); err == nil {
			commitments = append(commitments, s.viewItem(c, it, platform.DefaultStallDays))
		}
	}
	var dups []recView
	for _, id := range r.Duplicates {
		if d, err := s.Recommendations.Recommendation(ctx, id); err == nil {
			dups = append(dups, viewRec(l, lang, d))
		}
	}
	if u != nil {
		web.NoStore(c)
	}
	s.Render(c, http.StatusOK, "roadmap_rec", "roadmap", l.T("roadmap.recs.one"), map[string]any{"Rec": v,
		"Commitments": commitments, "Duplicates": dups, "CanEdit": platform.CanEditRoadmap(u, r.Country), "SignedIn": u != nil,
		"Following": s.follows(c, platform.FollowTarget{Type: platform.TypeRecommendation, ID: r.ID}),
		"Notice":    noticeOf(l, c.Query("done"))})
}

// recForm is the recommendation form's fields as text.
type recForm struct {
	ID, Country, Source, Reference, Year, Articles, Area string
	Text, TextLang, Implementation, Commitments          string
	Visibility                                           string
	Version                                              int
}

func formOfRec(r *platform.Recommendation, lang string) recForm {
	f := recForm{ID: r.ID, Country: r.Country, Source: string(r.Source), Reference: r.Reference, Area: r.Area,
		Text: r.Text[lang], TextLang: lang, Implementation: string(r.Implementation),
		Commitments: strings.Join(r.Commitments, " "), Visibility: r.Visibility, Version: r.Version}
	if r.Year != 0 {
		f.Year = strconv.Itoa(r.Year)
	}
	var arts []string
	for _, a := range r.Articles {
		arts = append(arts, strconv.Itoa(a))
	}
	f.Articles = strings.Join(arts, ", ")
	return f
}

func recFormFrom(v url.Values, lang string) recForm {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := recForm{Country: g("country"), Source: g("source"), Reference: g("reference"), Year: g("year"), Articles: g("articles"),
		Area: g("area"), Text: g("text"), TextLang: g("lang"), Implementation: g("implementation"), Commitments: g("commitments"),
		Visibility: g("visibility")}
	f.Version, _ = strconv.Atoi(g("version"))
	if !platform.ValidLanguage(f.TextLang) {
		f.TextLang = lang
	}
	return f
}

func (f recForm) input(base platform.RecommendationInput) (platform.RecommendationInput, error) {
	in := base
	in.Country, in.Source, in.Reference, in.Area = f.Country, platform.RecommendationSource(f.Source), f.Reference, f.Area
	in.Implementation, in.Visibility = platform.Implementation(f.Implementation), f.Visibility
	in.Text = cloneText(base.Text)
	in.Text[f.TextLang] = f.Text
	in.Year = 0
	if f.Year != "" {
		y, err := strconv.Atoi(f.Year)
		if err != nil {
			return in, badParam("year", f.Year)
		}
		in.Year = y
	}
	var err error
	if in.Articles, err = articlesField(f.Articles); err != nil {
		return in, err
	}
	if in.Commitments, err = idsField("commitments", f.Commitments); err != nil {
		return in, err
	}
	in.IfVersion = f.Version
	return in, nil
}

func (s *server) renderRecForm(c *gin.Context, status int, f recForm, err error) {
	l := s.Localizer(c)
	data := recOptions(l)
	data["Form"] = f
	if err != nil {
		status, data["Error"] = s.Explain(c, err)
		if e := platform.AsError(err); e != nil {
			data["ErrorField"], _ = e.Data["Field"].(string)
		}
	}
	var vis []countView
	for _, v := range platform.Visibilities() {
		vis = append(vis, countView{Key: v, Label: l.T("visibility." + v)})
	}
	data["Visibilities"] = vis
	title := l.T("roadmap.recs.new")
	if f.ID != "" {
		title = l.T("roadmap.recs.edit")
	}
	data["Title"] = title
	web.NoStore(c)
	s.Render(c, status, "roadmap_recform", "roadmap", title, data)
}

// newRecForm serves /{lang}/roadmap/recommendations/new.
func (s *server) newRecForm(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	u := web.User(c)
	f := recForm{TextLang: web.Lang(c), Implementation: string(platform.ImplNotRated), Visibility: platform.Public,
		Source: string(platform.SourceUNCAC2)}
	if !platform.IsSecretariat(u) {
		f.Country = u.Country
	}
	s.renderRecForm(c, http.StatusOK, f, nil)
}

// createRecSubmit saves the new-recommendation form.
func (s *server) createRecSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := recFormFrom(values, web.Lang(c))
	in, err := f.input(platform.RecommendationInput{})
	if err == nil {
		var r *platform.Recommendation
		if r, err = s.Recommendations.CreateRecommendation(c.Request.Context(), in); err == nil {
			redirect(c, "/roadmap/recommendations/"+r.ID+"?done=saved")
			return
		}
	}
	if formRefusal(err) {
		s.renderRecForm(c, http.StatusBadRequest, f, err)
		return
	}
	s.WriteError(c, err)
}

// editRecForm serves /{lang}/roadmap/recommendations/{id}/edit.
func (s *server) editRecForm(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	r, ok := s.rec(c)
	if !ok {
		return
	}
	if !platform.CanEditRoadmap(web.User(c), r.Country) {
		s.WriteError(c, forbidden("edit recommendation"))
		return
	}
	s.renderRecForm(c, http.StatusOK, formOfRec(r, web.Lang(c)), nil)
}

// updateRecSubmit saves the edit form.
func (s *server) updateRecSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	r, ok := s.rec(c)
	if !ok {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := recFormFrom(values, web.Lang(c))
	f.ID = r.ID
	in, err := f.input(r.RecommendationInput)
	if err == nil {
		if _, err = s.Recommendations.UpdateRecommendation(c.Request.Context(), r.ID, in); err == nil {
			redirect(c, "/roadmap/recommendations/"+r.ID+"?done=saved")
			return
		}
	}
	if formRefusal(err) {
		s.renderRecForm(c, http.StatusBadRequest, f, err)
		return
	}
	s.WriteError(c, err)
}

// deleteRecSubmit deletes a recommendation.
func (s *server) deleteRecSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	if err := s.Recommendations.DeleteRecommendation(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, "/roadmap/recommendations?done=deleted")
}

// notificationsPage serves /{lang}/notifications: the reader's
// notifications, latest first, and what they follow.
func (s *server) notificationsPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if s.Follows == nil {
		s.noService(c)
		return
	}
	ctx := c.Request.Context()
	l, lang := s.Localizer(c), web.Lang(c)
	if err := onlyOnce(c, "page"); err != nil {
		s.WriteError(c, err)
		return
	}
	page, err := intParam(c, "page", 1, 1, 1000)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	const size = 50
	notes, unread, err := s.Follows.Notifications(ctx, (page-1)*size, size)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	type noteView struct {
		ID, Kind, KindLabel, URL, Detail, At, Country string
		Title                                         textIn
		Read                                          bool
	}
	var views []noteView
	for _, n := range notes {
		v := noteView{ID: n.ID, Kind: string(n.Kind), KindLabel: l.T("roadmap.notify." + string(n.Kind)), Detail: noteDetail(l, n),
			At: n.At.UTC().Format("2006-01-02 15:04"), Title: pick(n.Title, lang), Read: n.Read}
		if n.Country != "" {
			v.Country = countryName(l, n.Country)
		}
		switch n.RecordType {
		case platform.TypeCommitment:
			v.URL = "/" + lang + "/roadmap/items/" + n.RecordID
		case platform.TypeRecommendation:
			v.URL = "/" + lang + "/roadmap/recommendations/" + n.RecordID
		case platform.TypeBilateralSchedule: // the record is the conference
			v.URL = "/" + lang + "/events/" + n.RecordID + "/bilaterals"
		}
		views = append(views, v)
	}
	following, err := s.Follows.Following(ctx)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	type followView struct{ Label, URL string }
	var fv []followView
	for _, f := range following {
		switch f.Target.Type {
		case platform.FollowCountry:
			fv = append(fv, followView{Label: countryName(l, f.Target.ID), URL: "/" + lang + "/roadmap/countries/" + f.Target.ID})
		case platform.TypeCommitment:
			label := f.Target.ID
			if it, err := s.Roadmap.Item(ctx, f.Target.ID); err == nil {
				label = strings.TrimSpace(it.Code + " " + pick(it.Title, lang).Text)
			}
			fv = append(fv, followView{Label: label, URL: "/" + lang + "/roadmap/items/" + f.Target.ID})
		case platform.TypeRecommendation:
			label := f.Target.ID
			if r, err := s.Recommendations.Recommendation(ctx, f.Target.ID); err == nil {
				label = web.Clip(pick(r.Text, lang).Text, 120)
			}
			fv = append(fv, followView{Label: label, URL: "/" + lang + "/roadmap/recommendations/" + f.Target.ID})
		}
	}
	slices.SortFunc(fv, func(a, b followView) int { return strings.Compare(a.Label, b.Label) })
	web.NoStore(c)
	data := map[string]any{"Notes": views, "Unread": unread, "Following": fv, "Notice": noticeOf(l, c.Query("done"))}
	if len(notes) == size {
		data["Next"] = "?page=" + strconv.Itoa(page+1)
	}
	s.Render(c, http.StatusOK, "roadmap_notifications", "notifications", l.T("roadmap.notifications.title"), data)
}

// noteDetail says what a notification's detail is: a status, a progress,
// a reason.
func noteDetail(l *i18n.Localizer, n platform.Notification) string {
	switch n.Kind {
	case platform.NotifyStatus:
		return l.T("roadmap.status." + n.Detail)
	case platform.NotifyRating:
		return l.T("roadmap.impl." + n.Detail)
	case platform.NotifySchedule:
		return l.T("bilaterals.notify." + n.Detail)
	}
	return n.Detail
}

// markReadSubmit marks the reader's notifications read (those listed in
// id, or all).
func (s *server) markReadSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	if s.Follows == nil {
		s.noService(c)
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	ids := values["id"]
	for _, id := range ids {
		if id == "" || len(id) > 200 {
			s.WriteError(c, badParam("id", id))
			return
		}
	}
	if err := s.Follows.MarkRead(c.Request.Context(), ids); err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, "/notifications?done=read")
}
