package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// inZone makes the tab's clock read zone, as a reader's computer set to it.
func inZone(zone string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return chromedp.Void{}, err
	}
}

// A 10:00 Bishkek webinar reads 09:00 in Tashkent: the page shows the time at
// the event with its zone, and the reader's own time with theirs.
func TestBrowserShowsAnEventInItsZoneAndTheReaders(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	e := createEvent(t, h.URL, sec, bishkekWebinar)
	ctx := browser(t)
	if err := chromedp.Do(ctx, inZone("Asia/Tashkent")); err != nil {
		t.Fatal(err)
	}
	step, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for _, lang := range []string{"ru", "en"} {
		if err := chromedp.Do(step,
			chromedp.Navigate(h.URL+"/"+lang+"/events/"+e.ID),
			chromedp.WaitVisible(chromedp.CSS("dd#your-time")),
		); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		at, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("#event-time")))
		if err != nil || !strings.Contains(at, "10:00") || !strings.Contains(at, "Asia/Bishkek") {
			t.Errorf("%s: the time at the event reads %q (%v)", lang, at, err)
		}
		yours, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("#your-time")))
		t.Logf("%s: at the event %q; the reader's time %q", lang, at, yours)
		if err != nil || !strings.Contains(yours, "09:00") || !strings.Contains(yours, "Asia/Tashkent") || !strings.Contains(yours, "2026") {
			t.Errorf("%s: the reader's time reads %q (%v)", lang, yours, err)
		}
	}
}
