package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// asBearer makes the tab send token with every request, as a signed-in
// member's browser sends its session: the hub identifies pages and API
// alike by either (the sign-in form has its own browser test).
func asBearer(token string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
			Headers: network.Headers{"Authorization": "Bearer " + token}})
		return chromedp.Void{}, err
	}
}

// The secretariat, at the door of a training under way, types a
// participant's code into the registrations page and sees them checked in
// for today; then ticks another participant's box in the table of days,
// saves, and finds the box ticked and the day recorded.
func TestBrowserSecretariatChecksParticipantsIn(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	// Under way: started half an hour ago, so today in Bishkek is one of
	// its days whatever the hour (an event starting in two hours fell on
	// tomorrow there after 22:00, and the test failed at that hour).
	e := createEvent(t, h.URL, sec, closingTrainingJSON(time.Now().Add(30*time.Minute)))
	a := register(t, h.URL, e.ID, "", personJSON("Айгүл Сейітқызы", "aigul@example.kz", "KZ"), 201)
	b := register(t, h.URL, e.ID, "", personJSON("Bakyt Asanov", "bakyt@example.kg", "KG"), 201)
	today := time.Now().In(time.FixedZone("Bishkek", 6*3600)).Format(time.DateOnly)

	ctx := browser(t)
	step, cancel := context.WithTimeout(ctx, time.Minute)
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
	ticked := func(id string) bool {
		t.Helper()
		on, err := chromedp.Run(step, chromedp.Evaluate[bool](`document.getElementById("att-`+id+`-`+today+`").checked`))
		must("read the box of "+id, err)
		return on
	}
	page := h.URL + "/en/events/" + e.ID + "/registrations"
	must("open the registrations", chromedp.Do(step,
		asBearer(sec),
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#checkin-code")),
	))
	if day, err := chromedp.Run(step, chromedp.Value(chromedp.CSS("#checkin-day"))); err != nil || day != today {
		t.Errorf("the code box checks in for %q (%v), want today %s", day, err, today)
	}
	if ticked(a.ID) || ticked(b.ID) {
		t.Fatal("someone is checked in before anyone came")
	}

	// A mistyped code is refused on the page, saying which code.
	must("type a wrong code", chromedp.Do(step,
		chromedp.SendKeys(chromedp.CSS("#checkin-code"), "zzzz-zzzz"),
		chromedp.Click(chromedp.CSS("#checkin-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#checkin-error")),
	))
	if msg := text("#checkin-error"); !strings.Contains(msg, "ZZZZZZZZ") {
		t.Errorf("the refusal reads %q", msg)
	}

	// The participant's code, typed as read from a phone, checks them in.
	must("type the code", chromedp.Do(step,
		chromedp.SendKeys(chromedp.CSS("#checkin-code"), strings.ToLower(a.CheckInCode)),
		chromedp.Click(chromedp.CSS("#checkin-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#checkin-done")),
	))
	if msg := text("#checkin-done"); !strings.Contains(msg, "Айгүл Сейітқызы") || !strings.Contains(msg, today) {
		t.Errorf("the check-in reads %q", msg)
	}
	if !ticked(a.ID) {
		t.Error("the table does not show the participant checked in")
	}

	// The second participant's box, ticked and saved.
	must("tick and save", chromedp.Do(step,
		chromedp.Click(chromedp.CSS("#att-"+b.ID+"-"+today)),
		// The code's message is still showing: take it away, so that the
		// one waited for is the save's.
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#checkin-done").remove()`),
		chromedp.Click(chromedp.CSS("#attendance-save")),
		chromedp.WaitVisible(chromedp.CSS("#checkin-done")),
	))
	if msg := text("#checkin-done"); msg != "Attendance saved." {
		t.Errorf("the save reads %q", msg)
	}
	if !ticked(b.ID) || !ticked(a.ID) {
		t.Errorf("after saving: %v %v, want both ticked", ticked(a.ID), ticked(b.ID))
	}
	status, raw := do(t, "GET", h.URL+"/api/v1/registrations/"+b.ID, sec, nil)
	if status != 200 || !strings.Contains(string(raw), `"attended":["`+today+`"]`) {
		t.Errorf("the ticked participant's registration: %d %s", status, raw)
	}
}
