package roadmap

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// ratingCell is one country's answer on a row of the reassessment.
type ratingCell struct {
	Country, Rating, RatingLabel, Comment string
	// Own: the reader rates this cell (their country's, or any for the
	// secretariat on a country's own commitment).
	Own bool
}

// ratingRow is a priority or a commitment with each country's answer.
type ratingRow struct {
	ID, Type, Code string
	Title          textIn
	Commitment     bool
	Country        string
	Cells          []ratingCell
	// Carry: the secretariat may carry it over to the next period.
	Carry     bool
	CarriedTo string
}

// nextPeriod is the period after p: the one that names p as its
// previous, else the first that starts after p ends.
func nextPeriod(periods []platform.RoadmapPeriod, p *platform.RoadmapPeriod) string {
	next := ""
	var start time.Time
	for _, q := range periods {
		if q.Previous == p.ID {
			return q.ID
		}
		if q.Start.After(p.End) && (next == "" || q.Start.Before(start)) {
			next, start = q.ID, q.Start
		}
	}
	return next
}

// reassessmentPage serves /{lang}/roadmap/reassessment: each country's
// rating of each priority and commitment of the period, side by side; a
// focal point rates their own country's, the secretariat carries the
// relevant ones over to the next period.
func (s *server) reassessmentPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	ctx := c.Request.Context()
	l, lang, u := s.Localizer(c), web.Lang(c), web.User(c)
	period, periods, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	data := map[string]any{"Periods": periodLinks(periods, period), "Countries": platformCountries(l),
		"Notice": noticeOf(l, c.Query("done"))}
	var ratings []countView
	for _, r := range platform.Ratings() {
		ratings = append(ratings, countView{Key: string(r), Label: l.T("roadmap.rating." + string(r))})
	}
	data["Ratings"] = ratings
	if period == nil {
		s.Render(c, http.StatusOK, "roadmap_reassessment", "roadmap", l.T("roadmap.reassessment.title"), data)
		return
	}
	answers, err := s.Roadmap.Reassessments(ctx, period.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	priorities, err := s.Roadmap.Priorities(ctx, period.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	items, err := s.allItems(c, platform.ItemFilter{Period: period.ID, TopLevel: true})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	byKey := map[string]platform.Reassessment{}
	for _, a := range answers {
		byKey[a.Country+"/"+a.Item] = a
	}
	secretariat := platform.IsSecretariat(u)
	next := nextPeriod(periods, period)
	// What the next period carries already: a commitment is carried
	// after its priority, so its button waits for the priority's.
	carried := map[string]bool{}
	if next != "" && secretariat {
		nextPrios, err := s.Roadmap.Priorities(ctx, next)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		for _, p := range nextPrios {
			if p.CarriedFrom != "" {
				carried[p.CarriedFrom] = true
			}
		}
		nextItems, err := s.allItems(c, platform.ItemFilter{Period: next, TopLevel: true})
		if err != nil {
			s.WriteError(c, err)
			return
		}
		for _, it := range nextItems {
			if it.CarriedFrom != "" {
				carried[it.CarriedFrom] = true
			}
		}
	}
	relevant := func(id string) bool {
		for _, cc := range platform.Countries() {
			if a, ok := byKey[cc+"/"+id]; ok && (a.Rating == platform.RatingRelevant || a.Rating == platform.RatingAdjust) {
				return true
			}
		}
		return false
	}
	row := func(id string, typ platform.RecordType, code string, title platform.Text, country string) ratingRow {
		r := ratingRow{ID: id, Type: string(typ), Code: code, Title: pick(title, lang), Commitment: typ == platform.TypeCommitment, Country: country}
		for _, cc := range platform.Countries() {
			cell := ratingCell{Country: cc}
			if a, ok := byKey[cc+"/"+id]; ok {
				cell.Rating, cell.RatingLabel, cell.Comment = string(a.Rating), l.T("roadmap.rating."+string(a.Rating)), a.Comment
			}
			applies := country == "" || country == cc
			cell.Own = applies && platform.CanEditRoadmap(u, cc) && (!secretariat || country != "")
			r.Cells = append(r.Cells, cell)
		}
		if carried[id] {
			r.CarriedTo = next
		}
		return r
	}
	var rows []ratingRow
	for _, p := range priorities {
		var under []*platform.RoadmapItem
		for _, it := range items {
			if it.Priority == p.ID {
				under = append(under, it)
			}
		}
		slices.SortFunc(under, func(a, b *platform.RoadmapItem) int { return strings.Compare(a.Code, b.Code) })
		pr := row(p.ID, platform.TypePriority, p.Code, p.Title, "")
		wanted := relevant(p.ID)
		for _, it := range under {
			wanted = wanted || relevant(it.ID)
		}
		pr.Carry = secretariat && next != "" && !carried[p.ID] && wanted
		rows = append(rows, pr)
		for _, it := range under {
			r := row(it.ID, platform.TypeCommitment, it.Code, it.Title, it.Country)
			r.Carry = secretariat && next != "" && !carried[it.ID] && carried[p.ID] && relevant(it.ID)
			rows = append(rows, r)
		}
	}
	data["Period"], data["Rows"], data["Next"], data["Secretariat"] = period.ID, rows, next, secretariat
	web.NoStore(c)
	s.Render(c, http.StatusOK, "roadmap_reassessment", "roadmap", l.T("roadmap.reassessment.title"), data)
}

// reassessSubmit records a country's rating of a row.
func (s *server) reassessSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	g := func(k string) string { return strings.TrimSpace(values.Get(k)) }
	r := platform.Reassessment{Period: g("period"), Country: g("country"), Item: g("item"), ItemType: platform.RecordType(g("type")),
		Rating: platform.Rating(g("rating")), Comment: g("comment")}
	if !platform.ValidRecordID(r.Item) {
		s.WriteError(c, badParam("item", r.Item))
		return
	}
	if _, err := s.Roadmap.Reassess(c.Request.Context(), r); err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, "/roadmap/reassessment?period="+r.Period+"&done=rated#row-"+r.Item)
}

// carryOverSubmit carries a priority or commitment over to a later
// period (the secretariat's).
func (s *server) carryOverSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	item, to, from := values.Get("item"), values.Get("to"), values.Get("period")
	if !platform.ValidRecordID(item) {
		s.WriteError(c, badParam("item", item))
		return
	}
	if _, err := s.Roadmap.CarryOver(c.Request.Context(), item, to); err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, "/roadmap/reassessment?period="+from+"&done=carried")
}

// Atom feed of a country's updates.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Links   []atomLink  `xml:"link"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Lang string `xml:"xml:lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   atomText `xml:"title"`
	Link    atomLink `xml:"link"`
	Updated string   `xml:"updated"`
	Summary atomText `xml:"summary"`
}

// feedItems is how many of a country's recently updated items the feed
// reads timelines of, and feedEntries how many entries it gives.
const (
	feedItems   = 30
	feedEntries = 40
)

// countryFeed serves /{lang}/roadmap/countries/{country}/feed.atom: the
// latest updates of the country's items that the public may see, whoever
// asks (a feed reader has no session, and a feed is cached and shared).
func (s *server) countryFeed(c *gin.Context) {
	cc, ok := s.countryParam(c)
	if !ok {
		return
	}
	l, lang := s.Localizer(c), web.Lang(c)
	// The public's view, whoever asks.
	c.Request = c.Request.WithContext(platform.NewContextWithUser(c.Request.Context(), nil))
	ctx := c.Request.Context()
	period, _, err := s.periodOf(c, "")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	base := s.PublicURL()
	self := base + "/" + lang + "/roadmap/countries/" + cc
	feed := atomFeed{Lang: lang, Title: l.T("roadmap.feed.title", map[string]any{"Country": countryName(l, cc)}), ID: self + "/feed.atom",
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self + "/feed.atom"}, {Rel: "alternate", Type: "text/html", Href: self}},
		Author: atomPerson{Name: l.T("site.name")}, Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
	if period != nil {
		items, err := s.allItems(c, platform.ItemFilter{Period: period.ID, Countries: []string{cc}})
		if err != nil {
			s.WriteError(c, err)
			return
		}
		slices.SortFunc(items, func(a, b *platform.RoadmapItem) int { return b.LastUpdate.Compare(a.LastUpdate) })
		type entry struct {
			it *platform.RoadmapItem
			e  platform.TimelineEntry
		}
		var entries []entry
		for _, it := range items[:min(len(items), feedItems)] {
			tl, err := s.Roadmap.Timeline(ctx, it.ID)
			if err != nil {
				continue
			}
			for _, e := range tl {
				if e.FromItem == "" {
					entries = append(entries, entry{it, e})
				}
			}
		}
		slices.SortFunc(entries, func(a, b entry) int { return b.e.CreatedAt.Compare(a.e.CreatedAt) })
		for _, x := range entries[:min(len(entries), feedEntries)] {
			title := pick(x.it.Title, lang)
			text := pick(x.e.Text, lang)
			summary := text.Text
			if x.e.Claim != nil {
				claim := l.T("roadmap.feed.claim", map[string]any{"Value": x.e.Claim.Progress, "Status": l.T("roadmap.claim." + string(x.e.Claim.State))})
				summary = strings.TrimSpace(claim + " " + summary)
			}
			feed.Entries = append(feed.Entries, atomEntry{ID: "urn:hub:progress-update:" + x.e.ID,
				Title: atomText{Lang: title.Lang, Text: strings.TrimSpace(x.it.Code + " " + title.Text)},
				Link:  atomLink{Href: base + "/" + lang + "/roadmap/items/" + x.it.ID}, Updated: x.e.CreatedAt.UTC().Format(time.RFC3339),
				Summary: atomText{Lang: text.Lang, Text: summary}})
		}
		if len(feed.Entries) > 0 {
			feed.Updated = feed.Entries[0].Updated
		}
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}
