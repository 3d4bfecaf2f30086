package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLibrary drives the library in Chromium over the demo content:
// suggestions appear while typing (the one thing that needs script), the
// facets are a plain form, a hit opens its document, whose language tabs
// switch the text, and the UNCAC article page gathers the provisions tagged
// with it.
func TestBrowserLibrary(t *testing.T) {
	h := startHub(t, nil)
	ctx := browser(t)
	step, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	shot := func(name string) {
		if dir := os.Getenv("HUB_SCREENSHOTS"); dir != "" {
			if b, err := chromedp.Run(step, chromedp.FullScreenshot(80)); err == nil {
				_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
			}
		}
	}

	// Suggestions: typing fills the search box's datalist from the API.
	if err := chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/library"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "корруп"),
	); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(step, chromedp.Poll[int](`document.querySelectorAll("#q-suggestions option").length`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || n == 0 {
		t.Fatalf("no suggestions while typing: %d %v", n, err)
	}

	// Facets: tick Kazakhstan and apply; the address carries the filter and
	// every hit is Kazakh.
	if err := chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/library"),
		chromedp.Click(chromedp.CSS(`aside input[name="country"][value="KZ"]`)),
		chromedp.Click(chromedp.CSS(`form.facets button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.chips`)),
	); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(step, chromedp.Location())
	if err != nil || !strings.Contains(loc, "country=KZ") {
		t.Fatalf("after applying the facet: %s %v", loc, err)
	}
	checked, err := chromedp.Run(step, chromedp.Evaluate[bool](`document.querySelector('aside input[name="country"][value="KZ"]').checked`))
	if err != nil || !checked {
		t.Fatalf("the chosen country is not ticked: %v", err)
	}
	shot("library-facets-ru.jpg")

	// A search whose words are in a provision: the hit opens the provision,
	// which links into its law.
	if err := chromedp.Do(step,
		chromedp.Navigate(h.URL+"/kk/library?q="+"заңсыз+баю"),
		chromedp.WaitVisible(chromedp.CSS("ol.hits li a")),
		chromedp.Click(chromedp.CSS("ol.hits li a")),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatal(err)
	}
	loc, _ = chromedp.Run(step, chromedp.Location())
	if !strings.Contains(loc, "/kk/library/") {
		t.Fatalf("the hit led to %s", loc)
	}

	// A law of Kazakhstan with several languages: the tabs switch the text,
	// and a text in another language than the reader's says so.
	if err := chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/library?country=KZ&kind=national_law&sort=date"),
		chromedp.WaitVisible(chromedp.CSS("ol.hits li a")),
		chromedp.Click(chromedp.CSS("ol.hits li a")),
		chromedp.WaitVisible(chromedp.CSS(`nav.tabs a[hreflang="kk"]`)),
		chromedp.Click(chromedp.CSS(`nav.tabs a[hreflang="kk"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article[lang="kk"] p.fallback`)),
	); err != nil {
		t.Fatal(err)
	}
	shot("document-kk-tab.jpg")

	// The UNCAC article page lists, by country, the provisions tagged with
	// article 20, as extracts linking to their laws.
	if err := chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/uncac/20"),
		chromedp.WaitVisible(chromedp.CSS("#g-KZ")),
	); err != nil {
		t.Fatal(err)
	}
	extracts, err := chromedp.Run(step, chromedp.Evaluate[int](`document.querySelectorAll("ul.extracts blockquote.extract").length`))
	if err != nil || extracts == 0 {
		t.Fatalf("no provision extracts on the article page: %d %v", extracts, err)
	}
	shot("uncac-20-ru.jpg")
}
