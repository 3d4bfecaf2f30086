package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/gin-gonic/gin"
)

// The sitemap (sitemaps.org 0.9) lists every public page of every record, in
// the seven languages, each with its alternates in the others (hreflang, and
// x-default: English, the language the hub falls back to). The modules tell
// the core what they have (Router.AddSitemap); the core asks them as an
// anonymous reader, whoever asks for the sitemap, so it never names a
// record the public may not see. /sitemap.xml is an index of files of at
// most sitemapRecords records each (seven URLs a record, each with eight
// links: well under the format's 50,000 URLs and 50 MB a file).
//
// Listing every record is work, and anyone may ask: the list is built at
// most once every sitemapTTL and shared by the requests meanwhile.

// SitemapEntry is a public page as the sitemap lists it: its path after
// the language prefix ("/library/abc") and when its record last changed
// (zero: unknown).
type SitemapEntry struct {
	Path     string
	Modified time.Time
}

// SitemapSource lists a module's public pages. ctx is an anonymous
// reader's.
type SitemapSource func(ctx context.Context) ([]SitemapEntry, error)

// AddSitemap adds a module's pages to the sitemap.
func (r *Router) AddSitemap(src SitemapSource) { r.s.sitemaps = append(r.s.sitemaps, src) }

// Limits of the sitemap's files.
const (
	sitemapRecords = 2000
	sitemapTTL     = 10 * time.Minute
)

// sitemapCache is the last list of entries built and when.
type sitemapCache struct {
	mu      sync.Mutex
	entries []SitemapEntry
	built   time.Time
}

// sitemapEntries returns the entries, built anew when older than the TTL.
func (s *Server) sitemapEntries(ctx context.Context) ([]SitemapEntry, error) {
	s.sitemap.mu.Lock()
	defer s.sitemap.mu.Unlock()
	if s.sitemap.entries != nil && s.Now().Sub(s.sitemap.built) < sitemapTTL {
		return s.sitemap.entries, nil
	}
	// An anonymous reader, whoever asked.
	ctx = platform.NewContextWithUser(context.WithoutCancel(ctx), nil)
	entries := []SitemapEntry{{Path: "/"}}
	for _, src := range s.sitemaps {
		more, err := src(ctx)
		if err != nil {
			return nil, err
		}
		entries = append(entries, more...)
	}
	s.sitemap.entries, s.sitemap.built = entries, s.Now()
	return entries, nil
}

type xmlSitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []xmlSitemap `xml:"sitemap"`
}

type xmlSitemap struct {
	Loc string `xml:"loc"`
}

type xmlURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string   `xml:"xmlns:xhtml,attr"`
	URLs    []xmlURL `xml:"url"`
}

type xmlURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	Links   []xmlLink `xml:"xhtml:link"`
}

type xmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapIndex answers /sitemap.xml.
func (s *Server) sitemapIndex(c *gin.Context) {
	entries, err := s.sitemapEntries(c.Request.Context())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var idx xmlSitemapIndex
	for n := 1; (n-1)*sitemapRecords < len(entries); n++ {
		idx.Sitemaps = append(idx.Sitemaps, xmlSitemap{Loc: fmt.Sprintf("%s/sitemaps/%d.xml", s.PublicURL(), n)})
	}
	writeXML(c, idx)
}

// sitemapFile answers /sitemaps/{n}.xml.
func (s *Server) sitemapFile(c *gin.Context) {
	num, ok := strings.CutSuffix(c.Param("file"), ".xml")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 || strconv.Itoa(n) != num {
		s.NotFound(c)
		return
	}
	entries, err := s.sitemapEntries(c.Request.Context())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	from := (n - 1) * sitemapRecords
	if from >= len(entries) {
		s.NotFound(c)
		return
	}
	set := xmlURLSet{XHTML: "http://www.w3.org/1999/xhtml"}
	base := s.PublicURL()
	for _, e := range entries[from:min(len(entries), from+sitemapRecords)] {
		var links []xmlLink
		for _, lg := range i18n.Languages() {
			links = append(links, xmlLink{Rel: "alternate", Hreflang: lg.Code, Href: base + "/" + lg.Code + e.Path})
		}
		links = append(links, xmlLink{Rel: "alternate", Hreflang: "x-default", Href: base + "/en" + e.Path})
		lastmod := ""
		if !e.Modified.IsZero() {
			lastmod = e.Modified.UTC().Format(time.RFC3339)
		}
		for _, lg := range i18n.Languages() {
			set.URLs = append(set.URLs, xmlURL{Loc: base + "/" + lg.Code + e.Path, LastMod: lastmod, Links: links})
		}
	}
	writeXML(c, set)
}

func writeXML(c *gin.Context, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Header("Cache-Control", "public, max-age=600")
	c.Data(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), b...))
}

// robots answers /robots.txt: crawlers are welcome to the pages and told
// where the sitemap is; the API, stored files, forms and account pages are
// no place for them.
func (s *Server) robots(c *gin.Context) {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /api/\nDisallow: /files/\n")
	for _, lg := range i18n.Languages() {
		for _, p := range []string{"/signin", "/account", "/users", "/audit", "/notifications"} {
			b.WriteString("Disallow: /" + lg.Code + p + "\n")
		}
	}
	b.WriteString("\nSitemap: " + s.PublicURL() + "/sitemap.xml\n")
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(b.String()))
}
