package roadmap

import (
	"cmp"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/chart"
	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/storage"
)

// itemView is an item as the pages show it.
type itemView struct {
	ID, Code, Kind, KindLabel   string
	Title, Description          textIn
	Lead, Start, Due            string
	Status, StatusLabel         string
	Claimed, Verified           *float64
	Delayed, Stalled            bool
	Country, CountryName        string
	CountryKey                  string
	Priority                    string
	PriorityTitle               textIn
	Visibility, VisibilityLabel string
	Period                      string
	Articles                    []int
	Weight                      float64
	Children                    []*itemView
	CarriedFrom                 string
	Version                     int
}

// viewItem makes an item's view for the request's reader.
func (s *server) viewItem(c *gin.Context, it *platform.RoadmapItem, stall int) *itemView {
	l, lang, u := s.Localizer(c), web.Lang(c), web.User(c)
	now := s.Now()
	p := it.ProgressFor(u)
	v := &itemView{ID: it.ID, Code: it.Code, Kind: string(it.Kind), KindLabel: l.T("roadmap.kind." + string(it.Kind)),
		Title: pick(it.Title, lang), Description: pick(it.Description, lang), Lead: it.Lead,
		Status: string(it.Status), StatusLabel: l.T("roadmap.status." + string(it.Status)),
		Claimed: p.Claimed, Verified: p.Verified, Delayed: it.Delayed(now), Stalled: it.Stalled(now, stall),
		Country: it.Country, CountryName: countryName(l, it.Country), CountryKey: countryKey(it.Country),
		Priority: it.Priority, Visibility: it.Visibility, VisibilityLabel: l.T("visibility." + it.Visibility),
		Period: it.Period, Articles: it.Articles, Weight: it.Weight, CarriedFrom: it.CarriedFrom, Version: it.Version}
	if it.Start != nil {
		v.Start = it.Start.Format(time.DateOnly)
	}
	if it.Due != nil {
		v.Due = it.Due.Format(time.DateOnly)
	}
	return v
}

// stallOf is the stall limit of the period id among periods.
func stallOf(periods []platform.RoadmapPeriod, id string) int {
	for i := range periods {
		if periods[i].ID == id {
			return periods[i].Stall()
		}
	}
	return platform.DefaultStallDays
}

// periodLink is a period in the pages' period choice.
type periodLink struct {
	ID      string
	Current bool
}

func periodLinks(periods []platform.RoadmapPeriod, current *platform.RoadmapPeriod) []periodLink {
	out := make([]periodLink, 0, len(periods))
	for _, p := range periods {
		out = append(out, periodLink{ID: p.ID, Current: current != nil && p.ID == current.ID})
	}
	return out
}

// cellView is a matrix cell or a total as the overview shows it.
type cellView struct {
	Claimed, Verified        *float64
	Items, Delayed, Stalled  int
	Country, CountryName, To string
}

func cellOf(m platform.MatrixCell) cellView {
	return cellView{Claimed: m.Progress.Claimed, Verified: m.Progress.Verified, Items: m.Items, Delayed: m.Delayed, Stalled: m.Stalled}
}

// rowView is a country's row of the matrix.
type rowView struct {
	Key, Name, URL string
	Cells          []cellView
	Total          cellView
}

// countView is a count with its label.
type countView struct {
	Key, Label string
	N          int
}

// overviewPage serves /{lang}/roadmap: the period's matrix, map, charts
// and counts, each chart with its numbers as a table.
func (s *server) overviewPage(c *gin.Context) {
	l, lang := s.Localizer(c), web.Lang(c)
	period, periods, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	data := map[string]any{"Periods": periodLinks(periods, period), "Areas": areaLabels(l),
		"CanEdit": platform.IsSecretariat(web.User(c)) || isFocalPoint(web.User(c)), "Secretariat": platform.IsSecretariat(web.User(c)),
		"HasSheets": s.Sheets != nil}
	if period == nil {
		s.Render(c, http.StatusOK, "roadmap_overview", "roadmap", l.T("roadmap.title"), data)
		return
	}
	ov, err := s.overview(c, period.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	data["Period"] = period.ID
	data["PeriodTitle"] = pick(period.Title, lang)
	var rows []rowView
	for _, cc := range append(slices.Clone(platform.Countries()), platform.RegionalKey) {
		row := rowView{Key: cc, Name: countryName(l, cc), URL: "/" + lang + "/roadmap/countries/" + cc + "?period=" + period.ID,
			Total: cellOf(ov.Countries[cc])}
		for _, a := range platform.Areas() {
			cell := cellView{}
			for _, m := range ov.Cells {
				if m.Country == cc && m.Area == a {
					cell = cellOf(m)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		rows = append(rows, row)
	}
	data["Rows"] = rows
	var areaTotals []cellView
	for _, a := range platform.Areas() {
		areaTotals = append(areaTotals, cellOf(ov.Areas[a]))
	}
	data["AreaTotals"] = areaTotals
	data["Total"] = cellOf(ov.Total)
	var statuses, claims, recs []countView
	for _, st := range platform.ItemStatuses() {
		statuses = append(statuses, countView{Key: string(st), Label: l.T("roadmap.status." + string(st)), N: ov.Statuses[st]})
	}
	for _, cs := range []platform.ClaimState{platform.ClaimClaimed, platform.ClaimVerified, platform.ClaimQuestioned} {
		claims = append(claims, countView{Key: string(cs), Label: l.T("roadmap.claim." + string(cs)), N: ov.Claims[cs]})
	}
	for _, im := range platform.Implementations() {
		recs = append(recs, countView{Key: string(im), Label: l.T("roadmap.impl." + string(im)), N: ov.Recs[im]})
	}
	data["Statuses"], data["Claims"], data["Recs"] = statuses, claims, recs
	data["MatrixSVG"], data["MapSVG"], data["BarsSVG"] = charts(ov, l)
	s.Render(c, http.StatusOK, "roadmap_overview", "roadmap", l.T("roadmap.title"), data)
}

// overview is the period's overview for the reader, with the counts of
// the recommendations they may see by implementation (which the
// roadmap's service leaves to its caller).
func (s *server) overview(c *gin.Context, period string) (*platform.Overview, error) {
	ctx := c.Request.Context()
	ov, err := s.Roadmap.Overview(ctx, period)
	if err != nil {
		return nil, err
	}
	if len(ov.Recs) == 0 && s.Recommendations != nil {
		if ov.Recs, err = s.Recommendations.RecommendationCounts(ctx); err != nil {
			return nil, err
		}
	}
	return ov, nil
}

// isFocalPoint reports whether u is a country's focal point.
func isFocalPoint(u *platform.User) bool {
	return u != nil && !u.Disabled && u.Role == platform.RoleFocalPoint && u.Country != ""
}

// areaLabels are the thematic areas with their names, in order.
func areaLabels(l *i18n.Localizer) []countView {
	var out []countView
	for _, a := range platform.Areas() {
		out = append(out, countView{Key: a, Label: l.T("area." + a)})
	}
	return out
}

// allItems lists every item of a filter the reader may see, page by page.
func (s *server) allItems(c *gin.Context, f platform.ItemFilter) ([]*platform.RoadmapItem, error) {
	f.Limit = 500
	var out []*platform.RoadmapItem
	for {
		items, total, err := s.Roadmap.FindItems(c.Request.Context(), f)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if len(items) == 0 || len(out) >= total || f.Offset+len(items) >= platform.MaxSearchDepth {
			return out, nil
		}
		f.Offset += len(items)
	}
}

// priorityView is a priority with its commitments as a tree.
type priorityView struct {
	ID, Code, Area, AreaLabel string
	Title                     textIn
	Items                     []*itemView
}

// tree arranges items under their priorities (in the priorities' order;
// items under a priority the reader may not see, or none, last), each
// commitment with its actions and milestones beneath it.
func (s *server) tree(c *gin.Context, items []*platform.RoadmapItem, priorities []platform.Priority, stall int) []*priorityView {
	l, lang := s.Localizer(c), web.Lang(c)
	views := map[string]*itemView{}
	for _, it := range items {
		views[it.ID] = s.viewItem(c, it, stall)
	}
	byCode := func(a, b *itemView) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Title.Text, b.Title.Text))
	}
	var roots []*itemView
	for _, it := range items {
		v := views[it.ID]
		if parent, ok := views[it.Parent]; ok && it.Parent != "" {
			parent.Children = append(parent.Children, v)
		} else {
			roots = append(roots, v)
		}
	}
	for _, v := range views {
		slices.SortFunc(v.Children, byCode)
	}
	slices.SortFunc(roots, byCode)
	var out []*priorityView
	byID := map[string]*priorityView{}
	for _, p := range priorities {
		pv := &priorityView{ID: p.ID, Code: p.Code, Area: p.Area, AreaLabel: l.T("area." + p.Area), Title: pick(p.Title, lang)}
		byID[p.ID] = pv
		out = append(out, pv)
	}
	var other *priorityView
	for _, r := range roots {
		if pv, ok := byID[r.Priority]; ok {
			pv.Items = append(pv.Items, r)
			continue
		}
		if other == nil {
			other = &priorityView{Title: textIn{Text: l.T("roadmap.other_priority"), Lang: lang}}
		}
		other.Items = append(other.Items, r)
	}
	if other != nil {
		out = append(out, other)
	}
	return slices.DeleteFunc(out, func(p *priorityView) bool { return len(p.Items) == 0 })
}

// countryPage serves /{lang}/roadmap/countries/{country}: the country's
// commitments by priority, with their actions and milestones.
func (s *server) countryPage(c *gin.Context) {
	ctx := c.Request.Context()
	l, lang, u := s.Localizer(c), web.Lang(c), web.User(c)
	cc, ok := s.countryParam(c)
	if !ok {
		return
	}
	period, periods, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	name := countryName(l, cc)
	country := cc // as items name it: empty for regional ones
	if cc == platform.RegionalKey {
		country = ""
	}
	data := map[string]any{"Country": cc, "CountryName": name, "Periods": periodLinks(periods, period),
		"Feed": "/" + lang + "/roadmap/countries/" + cc + "/feed.atom", "SignedIn": u != nil,
		"CanEdit": platform.CanEditRoadmap(u, country), "Notice": noticeOf(l, c.Query("done"))}
	if period != nil {
		data["Period"] = period.ID
		items, err := s.allItems(c, platform.ItemFilter{Period: period.ID, Countries: []string{cc}})
		if err != nil {
			s.WriteError(c, err)
			return
		}
		priorities, err := s.Roadmap.Priorities(ctx, period.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		data["Priorities"] = s.tree(c, items, priorities, period.Stall())
	}
	if cc != platform.RegionalKey {
		data["Following"] = s.follows(c, platform.FollowTarget{Type: platform.FollowCountry, ID: cc})
	}
	s.Render(c, http.StatusOK, "roadmap_country", "roadmap", name, data)
}

// follows reports whether the signed-in reader follows t (false for
// anyone else, or when following is not available).
func (s *server) follows(c *gin.Context, t platform.FollowTarget) bool {
	if web.User(c) == nil || s.Follows == nil {
		return false
	}
	all, err := s.Follows.Following(c.Request.Context())
	if err != nil {
		return false
	}
	return slices.ContainsFunc(all, func(f platform.Follow) bool { return f.Target == t })
}

// item reads the item the path's :id names as the reader sees it; one
// they may not see is a 404 (written, and ok false).
func (s *server) item(c *gin.Context) (*platform.RoadmapItem, bool) {
	id, ok := s.recordID(c)
	if !ok {
		return nil, false
	}
	it, err := s.Roadmap.Item(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return it, true
}

// entryView is an update of a timeline as the item's page shows it.
type entryView struct {
	ID, Date, Author    string
	Text                textIn
	FromItem            string
	Evidence            []evidenceView
	HasClaim            bool
	Progress            float64
	Status, StatusLabel string
	State, StateLabel   string
	Reason              string
	Reviewable          bool
}

// evidenceView is a piece of evidence as a link.
type evidenceView struct {
	Kind, KindLabel, URL, Name, NameLang, Meta string
}

// evidenceTitles reads the titles of the documents and events a timeline
// shows as evidence, in the reader's language; one the reader may not
// see (or that is gone) has none.
func (s *server) evidenceTitles(c *gin.Context, timeline []platform.TimelineEntry) map[string]textIn {
	ctx := c.Request.Context()
	chain := i18n.Chain(web.Lang(c))
	out := map[string]textIn{}
	for _, e := range timeline {
		for _, x := range e.Evidence {
			if _, done := out[x.Ref]; done {
				continue
			}
			switch {
			case x.Kind == platform.EvidenceDocument && s.Documents != nil:
				if d, err := s.Documents.FindDocumentByID(ctx, x.Ref); err == nil {
					t, l := d.Title(chain)
					out[x.Ref] = textIn{Text: t, Lang: l}
				}
			case x.Kind == platform.EvidenceEvent && s.Events != nil:
				if ev, err := s.Events.FindEventByID(ctx, x.Ref); err == nil {
					t, l := ev.Title(chain)
					out[x.Ref] = textIn{Text: t, Lang: l}
				}
			}
		}
	}
	return out
}

// itemPage serves /{lang}/roadmap/items/{id}: the item, its indicators,
// children, progress and timeline, with the forms of those who may add
// updates, verify claims and follow it.
func (s *server) itemPage(c *gin.Context) {
	ctx := c.Request.Context()
	l, lang, u := s.Localizer(c), web.Lang(c), web.User(c)
	it, ok := s.item(c)
	if !ok {
		return
	}
	periods, err := s.Roadmap.Periods(ctx)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	stall := stallOf(periods, it.Period)
	v := s.viewItem(c, it, stall)
	children, err := s.allItems(c, platform.ItemFilter{Period: it.Period, Parent: it.ID})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	for _, ch := range children {
		v.Children = append(v.Children, s.viewItem(c, ch, stall))
	}
	priorities, err := s.Roadmap.Priorities(ctx, it.Period)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	for _, p := range priorities {
		if p.ID == it.Priority {
			v.PriorityTitle = pick(p.Title, lang)
		}
	}
	timeline, err := s.Roadmap.Timeline(ctx, it.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	secretariat := platform.IsSecretariat(u)
	titles := s.evidenceTitles(c, timeline)
	var entries []entryView
	for i := len(timeline) - 1; i >= 0; i-- {
		e := timeline[i]
		ev := entryView{ID: e.ID, Date: e.Date.Format(time.DateOnly), Text: pick(e.Text, lang), FromItem: e.FromItem}
		for _, x := range e.Evidence {
			v := evidenceOf(l, lang, it.ID, x)
			if t, ok := titles[x.Ref]; ok {
				v.Name, v.NameLang = t.Text, t.Lang
			}
			ev.Evidence = append(ev.Evidence, v)
		}
		if e.Claim != nil {
			ev.HasClaim, ev.Progress, ev.Reason = true, e.Claim.Progress, e.Claim.Reason
			ev.State, ev.StateLabel = string(e.Claim.State), l.T("roadmap.claim."+string(e.Claim.State))
			if e.Claim.Status != "" {
				ev.Status, ev.StatusLabel = string(e.Claim.Status), l.T("roadmap.status."+string(e.Claim.Status))
			}
			ev.Reviewable = secretariat && e.Claim.State == platform.ClaimClaimed && e.FromItem == ""
		}
		entries = append(entries, ev)
	}
	var indicators []indicatorView
	for _, ind := range it.Indicators {
		indicators = append(indicators, indicatorView{Name: pick(ind.Name, lang), Unit: ind.Unit, Baseline: ind.Baseline, Target: ind.Target, Current: ind.Current})
	}
	// The recommendations this item answers (those the reader may see).
	var answers []recView
	if s.Recommendations != nil {
		recs, _, err := s.Recommendations.FindRecommendations(ctx, platform.RecommendationFilter{Commitment: it.ID, Limit: 100})
		if err != nil {
			s.WriteError(c, err)
			return
		}
		for _, r := range recs {
			answers = append(answers, viewRec(l, lang, r))
		}
	}
	data := map[string]any{"Item": v, "Entries": entries, "Indicators": indicators, "Recs": answers,
		"CanEdit": platform.CanEditRoadmap(u, it.Country), "Secretariat": secretariat, "SignedIn": u != nil,
		"CanUpload": s.Evidence != nil, "UploadLimit": web.HumanBytes(s.maxEvidence()),
		"Following": s.follows(c, platform.FollowTarget{Type: platform.TypeCommitment, ID: it.ID}),
		"Statuses":  statusOptions(l), "Leaf": it.Children == 0, "Today": platform.Day(s.Now()).Format(time.DateOnly),
		"Notice": noticeOf(l, c.Query("done")), "Lang": lang}
	if web.User(c) != nil {
		web.NoStore(c)
	}
	s.Render(c, http.StatusOK, "roadmap_item", "roadmap", v.Title.Text, data)
}

// indicatorView is an indicator with its numbers.
type indicatorView struct {
	Name                      textIn
	Unit                      string
	Baseline, Target, Current *float64
}

// evidenceOf makes a piece of evidence a link the reader may follow.
func evidenceOf(l *i18n.Localizer, lang, item string, e platform.Evidence) evidenceView {
	v := evidenceView{Kind: string(e.Kind), KindLabel: l.T("roadmap.evidence." + string(e.Kind)), Name: e.Name}
	switch e.Kind {
	case platform.EvidenceDocument:
		v.URL = "/" + lang + "/library/" + e.Ref
	case platform.EvidenceEvent:
		v.URL = "/" + lang + "/events/" + e.Ref
	case platform.EvidenceFile:
		v.URL = "/" + lang + "/roadmap/items/" + item + "/files/" + e.Ref
		if e.Size > 0 {
			v.Meta = web.HumanBytes(e.Size)
		}
	}
	if v.Name == "" {
		v.Name = e.Ref
	}
	return v
}

// statusOptions are the statuses with their labels, for forms.
func statusOptions(l *i18n.Localizer) []countView {
	var out []countView
	for _, st := range platform.ItemStatuses() {
		out = append(out, countView{Key: string(st), Label: l.T("roadmap.status." + string(st))})
	}
	return out
}

// attentionPage serves /{lang}/roadmap/attention: the period's delayed
// and stalled items, for the next regional meeting.
func (s *server) attentionPage(c *gin.Context) {
	l := s.Localizer(c)
	period, periods, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	data := map[string]any{"Periods": periodLinks(periods, period)}
	if period != nil {
		items, err := s.Roadmap.Attention(c.Request.Context(), period.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		var views []*itemView
		for _, it := range items {
			views = append(views, s.viewItem(c, it, period.Stall()))
		}
		slices.SortStableFunc(views, func(a, b *itemView) int {
			return cmp.Or(cmp.Compare(a.CountryKey, b.CountryKey), cmp.Compare(a.Code, b.Code))
		})
		data["Period"], data["Items"] = period.ID, views
	}
	s.Render(c, http.StatusOK, "roadmap_attention", "roadmap", l.T("roadmap.attention.title"), data)
}

// evidenceFile serves /{lang}/roadmap/items/{id}/files/{ref}: a file
// uploaded as evidence, to readers who may see an update of the item that
// shows it.
func (s *server) evidenceFile(c *gin.Context) {
	if s.Evidence == nil {
		s.noService(c)
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	ref := c.Param("ref")
	timeline, err := s.Roadmap.Timeline(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var found *platform.Evidence
	for _, e := range timeline {
		for i, x := range e.Evidence {
			if x.Kind == platform.EvidenceFile && x.Ref == ref {
				found = &e.Evidence[i]
			}
		}
	}
	if found == nil || !platform.ValidRecordID(ref) {
		s.WriteError(c, notFound(ref))
		return
	}
	rc, err := s.Evidence.OpenEvidence(c.Request.Context(), ref)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	defer rc.Close()
	c.Header("Content-Security-Policy", "sandbox; default-src 'none'")
	c.Header("Cache-Control", "private, no-cache")
	c.DataFromReader(http.StatusOK, found.Size, "application/octet-stream", rc, map[string]string{
		"Content-Disposition": storage.ContentDisposition(found.Name)})
}

// charts draws the overview's matrix, map and bars (platform/chart: SVG
// from numbers and escaped labels only); the page gives their numbers as
// tables too.
func charts(ov *platform.Overview, l *i18n.Localizer) (matrix, region, bars template.HTML) {
	labels := chart.Labels{Countries: map[string]string{}, Areas: map[string]string{}, Statuses: map[platform.ItemStatus]string{},
		Claimed: l.T("roadmap.claimed_short"), Verified: l.T("roadmap.verified_short"), NoItems: "–",
		NoData: l.T("roadmap.chart.no_data"), Decimal: l.T("roadmap.chart.decimal")}
	for _, c := range append(slices.Clone(platform.Countries()), platform.RegionalKey) {
		labels.Countries[c] = countryName(l, c)
	}
	for _, a := range platform.Areas() {
		labels.Areas[a] = l.T("area." + a)
	}
	for _, st := range platform.ItemStatuses() {
		labels.Statuses[st] = l.T("roadmap.status." + string(st))
	}
	m := labels
	m.Title, m.Desc = l.T("roadmap.matrix"), l.T("roadmap.matrix_note")
	g := labels
	g.Title, g.Desc = l.T("roadmap.map_caption"), l.T("roadmap.matrix_note")
	progress := map[string]platform.Progress{}
	for c, cell := range ov.Countries {
		progress[c] = cell.Progress
	}
	b := labels
	b.Title, b.Desc = l.T("roadmap.bars_caption"), l.T("roadmap.matrix_note")
	return chart.Matrix(ov, m), chart.Map(progress, g), chart.CountryBars(ov, b)
}
