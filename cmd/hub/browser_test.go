package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium (Debian's package, which `make test`
// installs) and returns a context for one tab.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed: run `make chromium` (the browser test never skips): %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

func TestBrowserSwitchesTheLanguage(t *testing.T) {
	h := startHub(t, nil)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.URL+"/en/")); err != nil {
		t.Fatal(err)
	}
	step, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	lang, err := chromedp.Run(step, chromedp.AttributeValue(chromedp.CSS("html"), "lang"))
	if err != nil || lang.Value != "en" {
		t.Fatalf("home page language %q: %v", lang.Value, err)
	}
	tests := []struct{ code, library string }{
		{"ru", "Библиотека"}, {"kk", "Кітапхана"}, {"uz", "Kutubxona"}, {"en", "Library"},
	}
	for _, tt := range tests {
		if err := chromedp.Do(step,
			chromedp.Click(chromedp.CSS(`nav.langs a[hreflang="`+tt.code+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="`+tt.code+`"] main`)),
		); err != nil {
			t.Fatalf("switching to %s: %v", tt.code, err)
		}
		nav, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(`nav.main-nav a[href="/`+tt.code+`/library"]`)))
		if err != nil || strings.TrimSpace(nav) != tt.library {
			t.Fatalf("after switching to %s the library link reads %q (%v)", tt.code, nav, err)
		}
		loc, _ := chromedp.Run(step, chromedp.Location())
		if !strings.Contains(loc, "/"+tt.code+"/") {
			t.Fatalf("location %s", loc)
		}
	}
	// The search form works without script: submit a query from the home
	// page, which searches the whole hub (its library group first).
	if err := chromedp.Do(step,
		chromedp.Navigate(h.URL+"/ru/"),
		chromedp.SendKeys(chromedp.CSS("#home-q"), "коррупции\n"),
		chromedp.WaitVisible(chromedp.CSS("#h-document")),
	); err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("#h-document")))
	if err != nil || heading == "" {
		t.Fatalf("results heading %q: %v", heading, err)
	}
	if shot, err := chromedp.Run(step, chromedp.FullScreenshot(80)); err == nil && os.Getenv("HUB_SCREENSHOTS") != "" {
		_ = os.WriteFile(filepath.Join(os.Getenv("HUB_SCREENSHOTS"), "library-ru.jpg"), shot, 0o644)
	}
}
