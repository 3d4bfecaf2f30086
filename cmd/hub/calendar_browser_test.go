package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The month view in two languages, read by a browser in New York: the Astana
// conference is on 30 and 31 October, the webinar at 01:00 in Bishkek on
// 1 November, whatever the reader's zone.
func TestBrowserMonthViewPutsEventsOnTheirDays(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	createEvent(t, h.URL, sec, astanaConference)
	night := createEvent(t, h.URL, sec, bishkekNight)
	ctx := browser(t)
	if err := chromedp.Do(ctx, inZone("America/New_York")); err != nil {
		t.Fatal(err)
	}
	step, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for _, tt := range []struct{ lang, title, month, next string }{
		{"en", "Annual conference", "October 2026", "November 2026"},
		{"ru", "Ежегодная конференция", "Октябрь 2026", "Ноябрь 2026"},
	} {
		if err := chromedp.Do(step,
			chromedp.Navigate(h.URL+"/"+tt.lang+"/events/calendar?month=2026-10"),
			chromedp.WaitVisible(chromedp.CSS("table.calendar")),
		); err != nil {
			t.Fatalf("%s: %v", tt.lang, err)
		}
		caption, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("table.calendar caption")))
		if err != nil || caption != tt.month {
			t.Errorf("%s: the caption reads %q (%v)", tt.lang, caption, err)
		}
		for date, want := range map[string]bool{"2026-10-29": false, "2026-10-30": true, "2026-10-31": true} {
			cell, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("#day-"+date)))
			if err != nil || strings.Contains(cell, tt.title) != want {
				t.Errorf("%s %s reads %q (%v); want the conference: %v", tt.lang, date, cell, err, want)
			}
		}
		// The next month, by its link, has the webinar on its first day.
		if err := chromedp.Do(step,
			chromedp.Click(chromedp.CSS(`a[rel="next"]`)),
			chromedp.WaitVisible(chromedp.CSS("#day-2026-11-01")),
		); err != nil {
			t.Fatalf("%s next month: %v", tt.lang, err)
		}
		caption, _ = chromedp.Run(step, chromedp.Text(chromedp.CSS("table.calendar caption")))
		first, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("#day-2026-11-01")))
		if caption != tt.next || err != nil || !strings.Contains(first, "Night webinar") || !strings.Contains(first, "01:00–03:00") {
			t.Errorf("%s: %q, 1 November reads %q (%v)", tt.lang, caption, first, err)
		}
		// Its entry leads to the event's page.
		if err := chromedp.Do(step,
			chromedp.Click(chromedp.CSS(`#day-2026-11-01 a[href="/`+tt.lang+`/events/`+night.ID+`"]`)),
			chromedp.WaitVisible(chromedp.CSS("#event-time")),
		); err != nil {
			t.Errorf("%s: the entry does not open the event: %v", tt.lang, err)
		}
	}
}
