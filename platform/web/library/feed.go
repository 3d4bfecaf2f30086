package library

import (
	"crypto/sha1"
	"encoding/xml"
	"fmt"
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

// feedNamespace is the namespace of the feed's ids (a random UUID chosen
// once): ids are name-based UUIDs (RFC 9562 version 5) of the record, so
// that they never change, whichever address the hub is reached at and even
// if its public address moves.
var feedNamespace = [16]byte{0x15, 0x03, 0x1c, 0xee, 0xdb, 0x62, 0x41, 0x55, 0x86, 0x73, 0xcf, 0xab, 0x8c, 0xb1, 0x25, 0x6b}

// feedID is the permanent id (an urn:uuid IRI) of what name names: a
// document ("document/<id>") or a feed.
func feedID(name string) string {
	h := sha1.New()
	h.Write(feedNamespace[:])
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
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
	// Absolute addresses start with the hub's configured public address,
	// never with what the request says (Host, X-Forwarded-*): the feed is
	// cached by shared caches, and a forged Host must not reach its links.
	base := s.PublicURL()
	query := url.Values{}
	for _, code := range f.Countries {
		query.Add("country", code)
	}
	for _, a := range f.Areas {
		query.Add("area", a)
	}
	self := base + "/" + lang + "/feed.atom"
	if len(query) > 0 {
		self += "?" + query.Encode()
	}
	var scope []string
	for _, code := range f.Countries {
		scope = append(scope, l.T("country."+code))
	}
	for _, a := range f.Areas {
		scope = append(scope, l.T("area."+a))
	}
	feed := atomFeed{
		Lang: lang, Title: l.T("feed.title"), ID: feedID("feed/" + lang + "?" + query.Encode()), Author: atomPerson{Name: l.T("site.name")},
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
			ID: feedID("document/" + d.ID), Title: atomText{Lang: tl, Text: title},
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
