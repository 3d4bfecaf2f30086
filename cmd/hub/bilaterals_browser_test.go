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

// In Chromium: Kazakhstan's focal point asks Uzbekistan for a meeting from
// the conference's bilaterals page, reached from the event's page;
// Uzbekistan's focal point accepts it with its member; the secretariat
// makes the schedule and publishes it; the Kazakh delegation's page then
// shows the meeting in Kazakh and in English, and its PDF and calendar
// file download. The conference is a month ahead at fixed hours in its own
// zone (bilateralConferenceJSON), so nothing depends on the time of day
// the test runs at.
func TestBrowserDelegationsAskAcceptAndTheSecretariatPublishes(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	secLink, sec := inviteUser(t, env, "--email", "sec@unodc.example", "--name", "Dilnoza Secretariat", "--role", "secretariat")
	kzLink, kz := inviteUser(t, env, "--email", "fp@example.kz", "--name", "Aigerim Focal", "--role", "focal-point", "--country", "KZ")
	uzLink, uz := inviteUser(t, env, "--email", "fp@example.uz", "--name", "Jasur Focal", "--role", "focal-point", "--country", "UZ")
	w := &bilateralWorld{h: h, sec: sec, kz: kz, uz: uz}
	w.setUp(t)
	page := h.URL + "/en/events/" + w.event.ID + "/bilaterals"

	ctx := browser(t)
	step, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(sel)))
		must("read "+sel, err)
		return strings.TrimSpace(s)
	}
	signIn := func(link, password string) {
		must("choose a password", chromedp.Do(step,
			chromedp.Navigate(h.URL+"/en/invitation/"+link),
			chromedp.SendKeys(chromedp.CSS("#password"), password),
			chromedp.SendKeys(chromedp.CSS("#confirm"), password),
			chromedp.Click(chromedp.CSS("main form.stack button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
		))
	}
	signOut := func() {
		must("sign out", chromedp.Do(step,
			chromedp.Click(chromedp.CSS(".account-nav form button")),
			chromedp.WaitVisible(chromedp.CSS("#h-signin")),
		))
	}
	shot := func(name string) {
		if dir := os.Getenv("HUB_SCREENSHOTS"); dir != "" {
			if b, err := chromedp.Run(step, chromedp.FullScreenshot(100)); err == nil {
				_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
			}
		}
	}

	// Kazakhstan asks, from the event's page.
	signIn(kzLink, "focal point passphrase kz")
	must("ask for a meeting", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/events/"+w.event.ID),
		chromedp.WaitVisible(chromedp.CSS("#bilaterals-link")),
		chromedp.Click(chromedp.CSS("#bilaterals-link")),
		chromedp.WaitVisible(chromedp.CSS("#h-bilaterals")),
		chromedp.Click(chromedp.CSS("#requests details > summary")),
		chromedp.WaitVisible(chromedp.CSS("#new-request")),
		chromedp.SetValue(chromedp.CSS("#req-to"), w.uzDel),
		chromedp.SetValue(chromedp.CSS("#req-topic"), "Return of stolen assets"),
		chromedp.SetValue(chromedp.CSS("#req-articles"), "51, 57"),
		chromedp.Click(chromedp.CSS(`#new-request input[name=members][value="`+w.kzDel+`:m1"]`)),
		chromedp.Click(chromedp.CSS(`#new-request input[name=areas][value="asset_recovery"]`)),
		chromedp.SetValue(chromedp.CSS(`#new-request input[name=interpA]`), "ru"),
		chromedp.SetValue(chromedp.CSS(`#new-request input[name=interpB]`), "uz"),
		chromedp.Click(chromedp.CSS("#send-request")),
		chromedp.WaitVisible(chromedp.CSS("#notice")),
	))
	if got := text("#requests-pending"); !strings.Contains(got, "Return of stolen assets") || !strings.Contains(got, "Kazakhstan → Uzbekistan") {
		t.Errorf("the pending requests read %q", got)
	}
	shot("bilaterals-requested-en.png")
	signOut()

	// Uzbekistan accepts with its member.
	signIn(uzLink, "focal point passphrase uz")
	must("accept", chromedp.Do(step,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#requests-pending details.answer-forms > summary")),
		chromedp.Click(chromedp.CSS("#requests-pending details.answer-forms > summary")),
		chromedp.WaitVisible(chromedp.CSS("#requests-pending form.answer")),
		chromedp.Click(chromedp.CSS(`#requests-pending form.answer input[name=toMembers][value="m1"]`)),
		chromedp.Click(chromedp.CSS(`#requests-pending form.answer button[value=accept]`)),
		chromedp.WaitVisible(chromedp.CSS("#notice")),
	))
	if got := text("#requests-accepted"); !strings.Contains(got, "Return of stolen assets") || !strings.Contains(got, "Dilnoza Karimova") {
		t.Errorf("the accepted requests read %q", got)
	}
	signOut()

	// The secretariat makes the schedule and publishes it.
	signIn(secLink, "secretariat passphrase")
	must("solve", chromedp.Do(step,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#solve")),
		chromedp.Click(chromedp.CSS("#solve")),
		// The page before the click says there is no schedule yet; the
		// one after it, the result or an error.
		chromedp.WaitNotPresent(chromedp.CSS("#not-solved")),
	))
	msg, err := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector("#notice") ? "" : document.querySelector("main").textContent`))
	must("read the result", err)
	if msg != "" {
		t.Fatalf("solve refused: %s", strings.TrimSpace(msg))
	}
	if got := text("#solve-result"); !strings.Contains(got, "1 of 1 accepted meetings placed") {
		t.Errorf("the solve's result reads %q", got)
	}
	if got := text(".schedule-grid"); !strings.Contains(got, "Uzbekistan") || !strings.Contains(got, "Зал «Алатау»") {
		t.Errorf("the grid reads %q", got)
	}
	shot("bilaterals-solved-en.png")
	must("publish", chromedp.Do(step,
		chromedp.Click(chromedp.CSS("#publish")),
		chromedp.WaitVisible(chromedp.CSS("#published-at")),
	))
	if got := text("#notice"); !strings.Contains(got, "published") {
		t.Errorf("after publishing: %q", got)
	}

	// Kazakhstan's page shows the meeting, in Kazakh then in English.
	delegation := "/events/" + w.event.ID + "/bilaterals/delegations/" + w.kzDel
	for _, tt := range []struct{ lang, heading, with string }{{"kk", "Жарияланған кесте", "Өзбекстан"}, {"en", "Published schedule", "Uzbekistan"}} {
		must("open the delegation in "+tt.lang, chromedp.Do(step,
			chromedp.Navigate(h.URL+"/"+tt.lang+delegation),
			chromedp.WaitVisible(chromedp.CSS("#published tr.meeting")),
		))
		if got := text("#h-published"); got != tt.heading {
			t.Errorf("%s: the heading reads %q", tt.lang, got)
		}
		row := text("#published tr.meeting")
		for _, want := range []string{tt.with, "Зал «Алатау»", "Return of stolen assets", "Айгүл Нұрова", "Айгүл Сейітқызы", "Dilnoza Karimova"} {
			if !strings.Contains(row, want) {
				t.Errorf("%s: the meeting's row lacks %q: %q", tt.lang, want, row)
			}
		}
		shot("bilaterals-delegation-" + tt.lang + ".png")
	}

	// The PDF and the calendar file come with the reader's session.
	for _, tt := range []struct{ sel, kind, head string }{{"#schedule-pdf", "application/pdf", "%PDF-"}, {"#schedule-ics", "text/calendar", "BEGIN:VCALENDAR"}} {
		// A synchronous request keeps the test free of promises: the
		// answer's status, type and first bytes.
		got, err := chromedp.Run(step, chromedp.Evaluate[string](`(() => { const x = new XMLHttpRequest();
			x.open("GET", document.querySelector("`+tt.sel+`").href, false); x.send();
			return x.status + " " + x.getResponseHeader("Content-Type") + " " + x.responseText.slice(0, 15) })()`))
		must("download "+tt.sel, err)
		if !strings.HasPrefix(got, "200 "+tt.kind) || !strings.Contains(got, tt.head) {
			t.Errorf("%s: %q", tt.sel, got)
		}
	}
}
