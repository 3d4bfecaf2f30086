package main

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestWhatAPublicSiteIsExpectedToSpeak: robots.txt points to the sitemap;
// the sitemap lists every public record in the seven languages, each with
// its alternates and x-default, and never a record the public may not
// read, whoever asks; a document's page has an absolute canonical link and
// hreflang alternates, its own description and Open Graph tags; the
// library links its feed; the favicon is there.
func TestWhatAPublicSiteIsExpectedToSpeak(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	create := func(vis, title, summary string) string {
		doc := `{"kind":"national_law","countries":["KG"],"areas":["prevention"],"uncacArticles":[20],"visibility":"` + vis + `",
		  "translations":{"ru":{"title":"` + title + `","summary":"` + summary + `"}}}`
		status, body := do(t, "POST", h.URL+"/api/v1/documents", token, strings.NewReader(doc))
		if status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		var created struct{ ID string }
		json.Unmarshal(body, &created)
		return created.ID
	}
	public := create("public", "Закон о противодействии коррупции", "Закон Кыргызской Республики о мерах предупреждения коррупции")
	hidden := create("members", "Внутренняя записка", "Только для участников")

	status, robots := do(t, "GET", h.URL+"/robots.txt", "", nil)
	if status != 200 || !strings.Contains(string(robots), "Sitemap: "+h.URL+"/sitemap.xml") || !strings.Contains(string(robots), "Disallow: /api/") {
		t.Errorf("robots.txt: %d\n%s", status, robots)
	}
	// The secretariat asks: the sitemap is the public's all the same.
	status, body := do(t, "GET", h.URL+"/sitemap.xml", token, nil)
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(body, &index); status != 200 || err != nil || len(index.Sitemaps) == 0 {
		t.Fatalf("sitemap index: %d %v\n%s", status, err, body)
	}
	type link struct {
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	var urls []struct {
		Loc   string `xml:"loc"`
		Links []link `xml:"link"`
	}
	for _, sm := range index.Sitemaps {
		if !strings.HasPrefix(sm.Loc, h.URL+"/sitemaps/") {
			t.Fatalf("a sitemap at %s", sm.Loc)
		}
		status, body := do(t, "GET", sm.Loc, token, nil)
		var set struct {
			URLs []struct {
				Loc   string `xml:"loc"`
				Links []link `xml:"link"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(body, &set); status != 200 || err != nil {
			t.Fatalf("%s: %d %v", sm.Loc, status, err)
		}
		urls = append(urls, set.URLs...)
	}
	locs := map[string]bool{}
	for _, u := range urls {
		locs[u.Loc] = true
		if len(u.Links) != 8 || u.Links[7].Hreflang != "x-default" {
			t.Errorf("%s has alternates %v", u.Loc, u.Links)
		}
	}
	for _, lang := range []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"} {
		if !locs[h.URL+"/"+lang+"/library/"+public] || !locs[h.URL+"/"+lang+"/uncac/20"] || !locs[h.URL+"/"+lang+"/"] || !locs[h.URL+"/"+lang+"/events"] || !locs[h.URL+"/"+lang+"/experts"] || !locs[h.URL+"/"+lang+"/roadmap"] {
			t.Errorf("the sitemap misses pages in %s", lang)
		}
	}
	for loc := range locs {
		if strings.Contains(loc, hidden) {
			t.Errorf("the sitemap names a members-only document: %s", loc)
		}
	}
	if status, _ := do(t, "GET", h.URL+"/sitemaps/99.xml", "", nil); status != 404 {
		t.Errorf("a sitemap file past the last: %d", status)
	}
	if status, _ := do(t, "GET", h.URL+"/sitemaps/x.xml", "", nil); status != 404 {
		t.Errorf("a sitemap file by a bad number: %d", status)
	}

	status, page := do(t, "GET", h.URL+"/ru/library/"+public, "", nil)
	if status != 200 {
		t.Fatalf("document page: %d", status)
	}
	for _, want := range []string{
		`<link rel="canonical" href="` + h.URL + `/ru/library/` + public + `">`,
		`<link rel="alternate" hreflang="kk" href="` + h.URL + `/kk/library/` + public + `">`,
		`<link rel="alternate" hreflang="x-default" href="` + h.URL + `/en/library/` + public + `">`,
		`<meta name="description" content="Закон Кыргызской Республики о мерах предупреждения коррупции">`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:title" content="Закон о противодействии коррупции">`,
		`<meta property="og:locale" content="ru_RU">`,
		`<link rel="icon" href="/static/favicon.svg?v=`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the document page lacks %s", want)
		}
	}
	_, library := do(t, "GET", h.URL+"/kk/library", "", nil)
	if !regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" href="` + regexp.QuoteMeta(h.URL) + `/kk/feed.atom"`).Match(library) {
		t.Error("the library does not link its feed in its head")
	}
	res, err := http.Get(h.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Errorf("favicon: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
