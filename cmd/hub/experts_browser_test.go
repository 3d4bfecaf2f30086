package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In Chromium, an expert writes their profile with the form (per-field
// consent included), the profile waits for the secretariat, who approves it
// from the pending list, and the public then sees the fields the expert
// made public and none of the others.
func TestBrowserAnExpertWritesTheirProfileAndTheSecretariatApprovesIt(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	secLink, _ := inviteUser(t, env, "--email", "sec@unodc.example", "--name", "Dilnoza Secretariat", "--role", "secretariat")
	expLink, _ := inviteUser(t, env, "--email", "a.nurlanova@example.kz", "--name", "Aigerim Nurlanova", "--role", "expert", "--country", "KZ")

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
	html := func() string {
		t.Helper()
		s, err := chromedp.Run(step, chromedp.OuterHTML(chromedp.CSS("main")))
		must("read the page", err)
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
	shot := func(name string) {
		if dir := os.Getenv("HUB_SCREENSHOTS"); dir != "" {
			if b, err := chromedp.Run(step, chromedp.FullScreenshot(100)); err == nil {
				_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
			}
		}
	}
	field := func(name string) chromedp.CSS { return chromedp.CSS(`[name="` + name + `"]`) }

	// The expert, signed in, goes from the list to their profile, which
	// they have not written yet: the form, with what their account says.
	setPassword(expLink, "expert passphrase")
	must("open the form", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/experts"),
		chromedp.WaitVisible(chromedp.CSS("#my-profile")),
		chromedp.Click(chromedp.CSS("#my-profile")),
		chromedp.WaitVisible(chromedp.CSS("#expert-form")),
	))
	if v, _ := chromedp.Run(step, chromedp.Value(chromedp.CSS("#nameLatin"))); v != "Aigerim Nurlanova" {
		t.Errorf("the form's Latin name is %q", v)
	}
	must("fill the form", chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS("#nameCyrillic"), "Айгерим Нурланова"),
		chromedp.SetValue(chromedp.CSS("#organization"), "Agency for Civil Service Affairs"),
		chromedp.SetValue(chromedp.CSS("#position"), "Chief inspector of integrity"),
		chromedp.Click(chromedp.CSS(`input[name="areas"][value="prevention"]`)),
		chromedp.SetValue(chromedp.CSS("#articles"), "20, 36"),
		chromedp.SetValue(field("languages.0.lang"), "kk"),
		chromedp.SetValue(field("languages.0.level"), "native"),
		chromedp.SetValue(field("languages.1.lang"), "en"),
		chromedp.SetValue(field("languages.1.level"), "fluent"),
		chromedp.SetValue(field("contact.phone"), "+7 701 555 01 23"),
		chromedp.SetValue(field("biography.ru"), "Двадцать лет в антикоррупционной службе Казахстана."),
		chromedp.SetValue(field("consent.name"), "public"),
		chromedp.SetValue(field("consent.areas"), "public"),
		chromedp.SetValue(field("consent.biography"), "public"),
		chromedp.SetValue(field("consent.contact"), "secretariat"),
		chromedp.Click(chromedp.CSS("#save-expert")),
		chromedp.WaitVisible(chromedp.CSS("#notice")),
	))
	loc, err := chromedp.Run(step, chromedp.Location())
	must("location", err)
	m := regexp.MustCompile(`/en/experts/([0-9a-f]{24})\?done=saved$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after saving: %s", loc)
	}
	id := m[1]
	if got := text("#expert-status"); !strings.Contains(got, "Waiting for approval") {
		t.Errorf("status %q", got)
	}
	if got := text(`#consent td[data-field="contact"]`); got != "The secretariat only" {
		t.Errorf("the contact's audience reads %q", got)
	}
	shot("expert-own-en.png")
	signOut()
	if status, _ := do(t, "GET", h.URL+"/en/experts/"+id, "", nil); status != 404 {
		t.Fatalf("the pending profile is public: %d", status)
	}

	// The secretariat finds it among the pending profiles and approves it.
	setPassword(secLink, "secretariat passphrase")
	must("approve", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/experts?status=pending"),
		chromedp.WaitVisible(chromedp.CSS(`#expert-`+id+` a`)),
		chromedp.Click(chromedp.CSS(`#expert-`+id+` a`)),
		chromedp.WaitVisible(chromedp.CSS("#approve-expert")),
	))
	if got := text("#f-phone"); got != "+7 701 555 01 23" {
		t.Errorf("the secretariat reads the phone as %q", got)
	}
	must("click approve", chromedp.Do(step,
		chromedp.Click(chromedp.CSS("#approve-expert")),
		chromedp.WaitVisible(chromedp.CSS("#notice")),
	))
	if strings.Contains(html(), `id="approve-expert"`) || strings.Contains(html(), `id="expert-status"`) {
		t.Errorf("the approved profile still offers approval or shows a status")
	}
	shot("expert-secretariat-en.png")
	signOut()

	// The public sees what the expert made public, and only that.
	must("read as the public", chromedp.Do(step,
		chromedp.Navigate(h.URL+"/en/experts/"+id),
		chromedp.WaitVisible(chromedp.CSS("#expert-name")),
	))
	if got := text("#expert-name"); !strings.Contains(got, "Aigerim Nurlanova") || !strings.Contains(got, "Айгерим Нурланова") {
		t.Errorf("the public reads the name as %q", got)
	}
	page := html()
	for _, want := range []string{"Preventive measures", "Двадцать лет"} {
		if !strings.Contains(page, want) {
			t.Errorf("the public page lacks %q", want)
		}
	}
	for _, hidden := range []string{"Agency for Civil Service Affairs", "Chief inspector", "555 01 23", "Kazakh (native)", `id="own"`} {
		if strings.Contains(page, hidden) {
			t.Errorf("the public page shows %q", hidden)
		}
	}
	shot("expert-public-en.png")
}
