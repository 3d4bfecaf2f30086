package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In Chromium, without accounts: a first person registers for the last
// seat (in Russian, with a Kazakh name), a second lands on the waiting list
// (and sends the form twice: still one registration), the first cancels
// through the button on their registration's page, and the second's page
// then says they are registered, with the notice that they moved up.
func TestBrowserRegistersCancelsAndTheWaitingListMovesUp(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	e := createEvent(t, h.URL, sec, openTrainingJSON(1, false))

	ctx := browser(t)
	step, cancel := context.WithTimeout(ctx, 2*time.Minute)
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
		return s
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(step, chromedp.Location())
		must("location", err)
		return loc
	}
	// fill fills the form and sends it times times at once (a form sent
	// twice: a double click on a slow line, a retry).
	fill := func(name, email, country string, times int) {
		t.Helper()
		must("fill the form", chromedp.Do(step,
			chromedp.WaitVisible(chromedp.CSS("#register-form")),
			chromedp.SendKeys(chromedp.CSS("#name"), name),
			chromedp.SendKeys(chromedp.CSS("#email"), email),
			chromedp.SetValue(chromedp.CSS("#country"), country),
			chromedp.Click(chromedp.CSS("#list_publicly")),
		))
		// The page's own form, sent times times at once as the browser
		// sends it (same fields, same origin), then the last answer shown.
		_, err := chromedp.Run(step, chromedp.Evaluate[string](`(async () => {
			const f = document.querySelector("#register-form");
			const body = new URLSearchParams(new FormData(f));
			const answers = await Promise.all(Array.from({length: `+strconv.Itoa(times)+`}, () => fetch(f.action, {method: "POST", body})));
			location.href = answers[answers.length - 1].url;
			return answers[answers.length - 1].url; })()`, chromedp.EvalAwaitPromise))
		must("send the form", err)
		must("the registration's page", chromedp.Do(step, chromedp.WaitVisible(chromedp.CSS("#registration-status"))))
	}

	must("open the event", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/events/"+e.ID),
		chromedp.Click(chromedp.CSS("#register")),
	))
	fill("Әлия Нұрланқызы", "aliya@example.kz", "KZ", 1)
	first := location()
	if got := text("#registration-status"); !strings.Contains(got, "Зарегистрирован") {
		t.Fatalf("the first reads %q", got)
	}
	code := text("#check-in-code")
	if len(code) != 8 {
		t.Errorf("check-in code %q", code)
	}

	must("open the form in English", chromedp.Do(step, chromedp.Navigate(h.URL+"/en/events/"+e.ID+"/register")))
	if got := text("#full-note"); !strings.Contains(got, "waiting list") {
		t.Errorf("a full event's form says %q", got)
	}
	// The second sends the form twice at once: one registration, and the
	// page of it.
	fill("Timur Rakhimov", "timur@example.uz", "UZ", 2)
	second := location()
	if got := text("#registration-status"); got != "On the waiting list, place 1" {
		t.Fatalf("the second reads %q", got)
	}
	if n := strings.Count(h.Log(), "method=POST route=/:lang/events/:id/register "); n != 3 { // the first's, and the second's twice
		t.Errorf("the hub saw %d registrations sent, want 3:\n%s", n, h.Log())
	}
	if status, raw := do(t, "GET", h.URL+"/api/v1/events/"+e.ID+"/registrations", sec, nil); status != 200 || !strings.Contains(string(raw), `"total":2`) {
		t.Errorf("registrations after a repeat: %d %s", status, raw)
	}

	must("cancel the first", chromedp.Do(step,
		chromedp.Navigate(first),
		chromedp.Click(chromedp.CSS("#cancel-registration")),
		chromedp.WaitVisible(chromedp.CSS("#registration-status.status-cancelled")),
	))
	if got := text("#registration-status"); got != "Отменена" {
		t.Errorf("after cancelling the first reads %q", got)
	}
	must("look at the second", chromedp.Do(step, chromedp.Navigate(second), chromedp.WaitVisible(chromedp.CSS("#notices"))))
	if got := text("#registration-status"); got != "Registered" {
		t.Errorf("after the cancellation the second reads %q", got)
	}
	if got := text("#notices"); !strings.Contains(got, "moved from the waiting list") {
		t.Errorf("the second's notices: %q", got)
	}
	must("the event page", chromedp.Do(step, chromedp.Navigate(h.URL+"/en/events/"+e.ID), chromedp.WaitVisible(chromedp.CSS("#participants"))))
	if got := text("#participants"); !strings.Contains(got, "Timur Rakhimov") || strings.Contains(got, "Әлия") {
		t.Errorf("the public list reads %q", got)
	}
}
