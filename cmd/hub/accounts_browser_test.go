package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserFocalPointEditsOnlyTheirCountryAndTheSecretariatSeesIt is the
// accounts issue's "done when": in Chromium, a focal point of Kazakhstan
// signs in with the sign-in form, edits a Kazakh document through the
// library's edit form, is refused on an Uzbek one, and the secretariat
// finds both attempts in the audit trail page.
func TestBrowserFocalPointEditsOnlyTheirCountryAndTheSecretariatSeesIt(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	secLink, secToken := inviteUser(t, env, "--email", "sec@unodc.example", "--name", "Dilnoza Secretariat", "--role", "secretariat")
	fpLink, _ := inviteUser(t, env, "--email", "fp@example.kz", "--name", "Aigerim Focal", "--role", "focal-point", "--country", "KZ")
	newDoc := func(country, title string) string {
		doc := `{"kind":"national_law","countries":["` + country + `"],"translations":{"en":{"title":"` + title + `"}}}`
		status, body := do(t, "POST", h.URL+"/api/v1/documents", secToken, strings.NewReader(doc))
		if status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		var d struct{ ID string }
		json.Unmarshal(body, &d)
		return d.ID
	}
	kz := newDoc("KZ", "Law on Combating Corruption")
	uz := newDoc("UZ", "Law on Combating Corruption of Uzbekistan")

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
	setPassword := func(link, password string) {
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
	signIn := func(email, password string) {
		must("sign in as "+email, chromedp.Do(step,
			chromedp.Navigate(h.URL+"/en/signin"),
			chromedp.SendKeys(chromedp.CSS("#email"), email),
			chromedp.SendKeys(chromedp.CSS("#password"), password),
			chromedp.Click(chromedp.CSS("main form.stack button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/en/account"]`)),
		))
	}
	shot := func(name string) {
		if dir := os.Getenv("HUB_SCREENSHOTS"); dir != "" {
			if b, err := chromedp.Run(step, chromedp.FullScreenshot(100)); err == nil { // 100: PNG
				_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
			}
		}
	}

	setPassword(secLink, "secretariat passphrase")
	signOut()
	setPassword(fpLink, "focal point passphrase")
	signOut()

	// The focal point signs in with the form and edits their country's law.
	signIn("fp@example.kz", "focal point passphrase")
	if got := text(".account-nav a[href=\"/en/account\"]"); !strings.Contains(got, "Aigerim Focal") {
		t.Fatalf("header shows %q", got)
	}
	must("edit the Kazakh law", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/library/"+kz+"/edit"),
		chromedp.WaitVisible(chromedp.CSS("#title_en")),
		chromedp.SetValue(chromedp.CSS("#title_en"), "Law on Combating Corruption (as amended in 2025)"),
		chromedp.Click(chromedp.CSS("form.docform button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#doc-title")),
	))
	if loc, _ := chromedp.Run(step, chromedp.Location()); !strings.HasSuffix(loc, "/en/library/"+kz) {
		t.Fatalf("after saving: %s", loc)
	}
	if got := text("#doc-title"); got != "Law on Combating Corruption (as amended in 2025)" {
		t.Fatalf("title after the edit: %q", got)
	}

	// Another country's law: the form says no, and saving is refused.
	must("open the Uzbek law's form", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/library/"+uz+"/edit"),
		chromedp.WaitVisible(chromedp.CSS("#form-error")),
		chromedp.SetValue(chromedp.CSS("#title_en"), "Changed by another country"),
		chromedp.Click(chromedp.CSS("form.docform button[type=submit]")),
	))
	deadline := time.Now().Add(15 * time.Second)
	for {
		status, raw := do(t, "GET", h.URL+"/api/v1/audit?action=denied&record="+uz, secToken, nil)
		if status == 200 && strings.Contains(string(raw), `"action":"denied"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the refused save was not audited: %d %s", status, raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
	must("wait for the refusal", chromedp.Do(step, chromedp.WaitVisible(chromedp.CSS("#form-error"))))
	if got := text("#form-error"); !strings.Contains(got, "not allowed") {
		t.Fatalf("refusal message %q", got)
	}
	shot("edit-refused-en.png")
	_, doc := do(t, "GET", h.URL+"/api/v1/documents/"+uz, secToken, nil)
	if !strings.Contains(string(doc), "Law on Combating Corruption of Uzbekistan") || !strings.Contains(string(doc), `"version":1`) {
		t.Fatalf("the Uzbek law changed: %s", doc)
	}
	signOut()

	// The secretariat reads the trail: both attempts, by whom, on what.
	signIn("sec@unodc.example", "secretariat passphrase")
	must("open the audit trail", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/audit?kind=document"),
		chromedp.WaitVisible(chromedp.CSS("table.audit")),
	))
	// Each row of the table as one line of text.
	tableRows := func() []string {
		t.Helper()
		rows, err := chromedp.Run(step, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll("table.audit tbody tr")).map(r => r.innerText.replace(/\s+/g, " "))`))
		must("read the audit rows", err)
		return rows
	}
	rows := tableRows()
	row := func(id string) string {
		for _, r := range rows {
			if strings.Contains(r, id) && strings.Contains(r, "Aigerim Focal") {
				return r
			}
		}
		return ""
	}
	if r := row(kz); !strings.Contains(r, "Changed") {
		t.Fatalf("no change of %s by the focal point in:\n%s", kz, strings.Join(rows, "\n"))
	}
	if r := row(uz); !strings.Contains(r, "Refused") {
		t.Fatalf("no refusal of %s in:\n%s", uz, strings.Join(rows, "\n"))
	}
	// The filters work without script: only Uzbekistan.
	must("filter by country", chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS("#acountry"), "UZ"),
		chromedp.Click(chromedp.CSS("form.filters button[type=submit]")),
		chromedp.WaitReady(chromedp.CSS(`#acountry option[value="UZ"][selected]`)),
	))
	filtered := strings.Join(tableRows(), "\n")
	if !strings.Contains(filtered, uz) || strings.Contains(filtered, kz) {
		t.Fatalf("filtered by UZ:\n%s", filtered)
	}
	if n := len(regexp.MustCompile(`Refused`).FindAllString(filtered, -1)); n != 1 {
		t.Fatalf("%d refusals for UZ:\n%s", n, filtered)
	}
	shot("audit-en.png")
}
