package library

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The Atom feed (RFC 4287) of new and changed documents, newest change
// first, optionally for some countries and thematic areas. It lists public
// documents only, whoever asks: feed readers share what they fetch.

const feedSize = 50

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Links    []atomLink  `xml:"link"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
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

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

// baseURL is the scheme and host the request came to, for the feed's
// absolute links.
func baseURL(c *gin.Context) string {
	scheme := "http"
	if c.Request.TLS != nil || strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: c.Request.Host}).String()
}

func (s *server) feed(c *gin.Context) {
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	chain := i18n.Chain(lang)
	f := platform.DocumentFilter{Countries: web.SplitList(c.QueryArray("country")), Areas: web.SplitList(c.QueryArray("area")), Limit: feedSize}
	for i, code := range f.Countries {
		if strings.EqualFold(code, "other") {
			f.Countries[i] = "other"
		} else {
			f.Countries[i] = strings.ToUpper(code)
		}
		if !slices.Contains(platform.Countries(), f.Countries[i]) && f.Countries[i] != "other" {
			s.WriteError(c, platform.Localized(platform.Invalid, "error.bad_country", map[string]any{"Value": code}, "unknown country %q", code))
			return
		}
	}
	for _, a := range f.Areas {
		if !slices.Contains(platform.Areas(), a) {
			s.WriteError(c, platform.Localized(platform.Invalid, "error.bad_area", map[string]any{"Value": a}, "unknown area %q", a))
			return
		}
	}
	// Public documents only, whoever is signed in.
	ctx := platform.NewContextWithUser(c.Request.Context(), nil)
	docs, _, err := s.Documents.FindDocuments(ctx, f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	base := baseURL(c)
	self := base + c.Request.URL.RequestURI()
	var scope []string
	for _, code := range f.Countries {
		scope = append(scope, l.T("country."+code))
	}
	for _, a := range f.Areas {
		scope = append(scope, l.T("area."+a))
	}
	feed := atomFeed{
		Lang: lang, Title: l.T("feed.title"), ID: self, Author: atomPerson{Name: l.T("site.name")},
		Subtitle: strings.Join(scope, " · "),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: base + "/" + lang + "/library"}},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
	}
	for i, d := range docs {
		if i == 0 {
			feed.Updated = d.UpdatedAt.UTC().Format(time.RFC3339)
		}
		title, tl := d.Title(chain)
		e := atomEntry{
			ID: base + "/library/" + d.ID, Title: atomText{Lang: tl, Text: title},
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/" + lang + "/library/" + d.ID}},
			Updated: d.UpdatedAt.UTC().Format(time.RFC3339), Published: d.CreatedAt.UTC().Format(time.RFC3339),
			Categories: []atomCategory{{Term: d.Kind, Scheme: base + "/kinds", Label: l.T("kind." + d.Kind)}},
		}
		summary, sl := platform.PickText(d.Translations, chain, func(t platform.Translation) string { return t.Summary })
		if summary == "" {
			body, bl := platform.PickText(d.Translations, chain, func(t platform.Translation) string { return t.Body })
			summary, sl = plainExtract(body, 400), bl
		}
		if summary != "" {
			e.Summary = &atomText{Lang: sl, Text: summary}
		}
		for _, code := range d.Countries {
			e.Categories = append(e.Categories, atomCategory{Term: code, Scheme: base + "/countries", Label: l.T("country." + code)})
		}
		for _, a := range d.Areas {
			e.Categories = append(e.Categories, atomCategory{Term: a, Scheme: base + "/areas", Label: l.T("area." + a)})
		}
		feed.Entries = append(feed.Entries, e)
	}
	out, err := xml.MarshalIndent(feed, "", " ")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}
