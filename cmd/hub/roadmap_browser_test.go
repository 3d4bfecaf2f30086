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

// In Chromium, Kazakhstan's focal point adds an update to their own
// commitment from its page — a text, a progress claim of 40%, a library
// document and a file as evidence — which waits for the secretariat; the
// secretariat verifies it from the same page, and the regional overview
// and the country's page then show 40% claimed and 40% verified.
func TestBrowserAFocalPointClaimsProgressAndTheSecretariatVerifiesIt(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	secLink, sec := inviteUser(t, env, "--email", "sec@unodc.example", "--name", "Dilnoza Secretariat", "--role", "secretariat")
	kzLink, kz := inviteUser(t, env, "--email", "fp@example.kz", "--name", "Aigerim Focal", "--role", "focal-point", "--country", "KZ")
	prio := seedRoadmap(t, h.URL, sec)
	doc := createDoc(t, h.URL, sec, `{"kind":"national_law","countries":["KZ"],"translations":{"en":{"title":"Code of ethics of civil servants"}}}`)
	item := createItem(t, h.URL, kz, `{"period":"`+roadmapPeriod+`","priority":"`+prio+`","country":"KZ","code":"KZ-1.1",
		"title":{"en":"Adopt a code of ethics for civil servants"},"due":"2026-11-30T00:00:00Z"}`)
	evidence := filepath.Join(t.TempDir(), "minutes.txt")
	if err := os.WriteFile(evidence, []byte("Minutes of the working group."), 0o600); err != nil {
		t.Fatal(err)
	}

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
		return strings.TrimSpace(s)
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
	shot := func(name string) {
		if dir := os.Getenv("HUB_SCREENSHOTS"); dir != "" {
			if b, err := chromedp.Run(step, chromedp.FullScreenshot(100)); err == nil {
				_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
			}
		}
	}

	// The focal point goes from their country's page to the commitment
	// and reports.
	setPassword(kzLink, "focal point passphrase")
	must("open the commitment", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/roadmap/countries/KZ"),
		chromedp.WaitVisible(chromedp.CSS("#item-"+item+" a")),
		chromedp.Click(chromedp.CSS("#item-"+item+" a")),
		chromedp.WaitVisible(chromedp.CSS("#update-form")),
	))
	must("add the update", chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS("#u-text"), "The working group approved the draft code."),
		chromedp.SetValue(chromedp.CSS("#u-progress"), "40"),
		chromedp.SetValue(chromedp.CSS("#u-documents"), doc),
		chromedp.SetUploadFiles(chromedp.CSS("#u-file"), []string{evidence}),
		chromedp.Click(chromedp.CSS("#u-submit")),
		chromedp.WaitVisible(chromedp.CSS("#notice")),
	))
	if got := text("#claimed-value"); got != "40%" {
		t.Errorf("claimed after the update: %q", got)
	}
	if got := text("#verified-value"); got != "–" {
		t.Errorf("verified before review: %q", got)
	}
	if got := text("#timeline .claim-state"); got != "Awaiting verification" {
		t.Errorf("the claim's state: %q", got)
	}
	if got := text(`#timeline .evidence li[data-kind="file"] a`); got != "minutes.txt" {
		t.Errorf("the file's link reads %q", got)
	}
	shot("roadmap-item-claimed-en.png")
	must("sign out", chromedp.Do(step,
		chromedp.Click(chromedp.CSS(".account-nav form button")),
		chromedp.WaitVisible(chromedp.CSS("#h-signin")),
	))

	// The secretariat verifies the claim.
	setPassword(secLink, "secretariat passphrase")
	must("verify", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/roadmap/items/"+item),
		chromedp.WaitVisible(chromedp.CSS("#timeline button.verify")),
		chromedp.Click(chromedp.CSS("#timeline button.verify")),
		chromedp.WaitVisible(chromedp.CSS("#notice")),
	))
	if got := text("#verified-value"); got != "40%" {
		t.Errorf("verified after review: %q", got)
	}
	if got := text("#timeline .claim-state"); got != "Verified" {
		t.Errorf("the claim's state after review: %q", got)
	}

	// The overview and the country's page show both.
	must("open the overview", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/roadmap"),
		chromedp.WaitVisible(chromedp.CSS("#matrix")),
	))
	if got := text("#row-KZ td.total"); !strings.Contains(got, "claimed 40%") || !strings.Contains(got, "verified 40%") {
		t.Errorf("the overview's Kazakhstan row reads %q", got)
	}
	shot("roadmap-overview-en.png")
	must("open the country", chromedp.Do(step,
		chromedp.Click(chromedp.CSS("#country-KZ")),
		chromedp.WaitVisible(chromedp.CSS("#item-"+item)),
	))
	if got := text("#item-" + item + " .verified-value"); got != "40%" {
		t.Errorf("the country page's verified progress: %q", got)
	}
	if got := text("#item-" + item + " .claimed-value"); got != "40%" {
		t.Errorf("the country page's claimed progress: %q", got)
	}
	shot("roadmap-country-en.png")
}

// In Chromium, Kyrgyzstan's focal point, reading in Russian, is refused
// the edit form of a Kazakh commitment, and checks a spreadsheet before
// importing it: the report names each bad row and its column, in Russian,
// and nothing is written.
func TestBrowserAFocalPointIsRefusedAnotherCountrysItemAndChecksAnImport(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	kgLink, _ := inviteUser(t, env, "--email", "fp@example.kg", "--name", "Бакыт Focal", "--role", "focal-point", "--country", "KG")
	prio := seedRoadmap(t, h.URL, sec)
	item := createItem(t, h.URL, kz, `{"period":"`+roadmapPeriod+`","priority":"`+prio+`","country":"KZ","code":"KZ-1.1","title":{"ru":"Кодекс этики"}}`)
	sheetFile := filepath.Join(t.TempDir(), "план.csv")
	csv := "code;period;priority;country;title.ru;weight\n" +
		"KG-1;" + roadmapPeriod + ";" + prio + ";KG;Обучение судей;1\n" +
		"KG-2;" + roadmapPeriod + ";" + prio + ";KG;Реестр деклараций;много\n"
	if err := os.WriteFile(sheetFile, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}

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
		return strings.TrimSpace(s)
	}
	must("choose a password", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/invitation/"+kgLink),
		chromedp.SendKeys(chromedp.CSS("#password"), "focal point passphrase"),
		chromedp.SendKeys(chromedp.CSS("#confirm"), "focal point passphrase"),
		chromedp.Click(chromedp.CSS("main form.stack button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	))
	must("open another country's item", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/roadmap/items/"+item),
		chromedp.WaitVisible(chromedp.CSS("#item-title")),
	))
	forms, err := chromedp.Run(step, chromedp.Evaluate[int](`document.querySelectorAll("#update-form, #edit-item").length`))
	must("count forms", err)
	if forms != 0 {
		t.Errorf("another country's focal point is offered %d edit forms", forms)
	}
	must("open its edit form", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/roadmap/items/"+item+"/edit"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	))
	if got := text("main h1"); got != "Действие не разрешено" {
		t.Errorf("the refusal's heading reads %q", got)
	}

	must("check the sheet", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/roadmap/import"),
		chromedp.WaitVisible(chromedp.CSS("#import-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{sheetFile}),
		chromedp.Click(chromedp.CSS("#import-submit")),
		chromedp.WaitVisible(chromedp.CSS("#import-report")),
	))
	if got := text("#n-created"); got != "1" {
		t.Errorf("new rows: %q", got)
	}
	if got := text("#problems tbody tr td.row"); got != "3" {
		t.Errorf("the bad row's number: %q", got)
	}
	if got := text("#problems tbody tr td.column"); got != "weight" {
		t.Errorf("the bad row's column: %q", got)
	}
	if got := text("#problems tbody tr td.reason"); !strings.Contains(got, "много") {
		t.Errorf("the reason does not quote the value: %q", got)
	}
	if got := text("#import-not-written"); got != "Ничего не записано." {
		t.Errorf("the report says %q", got)
	}
}
