package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/bench"
)

type pagesBenchOptions struct {
	lighthouse, chrome string
}

// lighthouseReport is the part of Lighthouse's JSON report the benchmark
// reads.
type lighthouseReport struct {
	LighthouseVersion string `json:"lighthouseVersion"`
	Environment       struct {
		HostUserAgent string `json:"hostUserAgent"`
	} `json:"environment"`
	Categories map[string]struct {
		Score     *float64 `json:"score"`
		AuditRefs []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
		} `json:"auditRefs"`
	} `json:"categories"`
	Audits map[string]struct {
		Title        string          `json:"title"`
		Score        *float64        `json:"score"`
		NumericValue float64         `json:"numericValue"`
		DisplayValue string          `json:"displayValue"`
		Details      json.RawMessage `json:"details"`
	} `json:"audits"`
}

// requests is the number of network requests Lighthouse saw.
func (r *lighthouseReport) requests() int {
	var d struct {
		Items []json.RawMessage `json:"items"`
	}
	json.Unmarshal(r.Audits["network-requests"].Details, &d)
	return len(d.Items)
}

func (r *lighthouseReport) score(category string) float64 {
	if c, ok := r.Categories[category]; ok && c.Score != nil {
		return *c.Score * 100
	}
	return 0
}

// failing lists the weighted audits of a category that did not pass.
func (r *lighthouseReport) failing(category string) []string {
	var out []string
	for _, ref := range r.Categories[category].AuditRefs {
		a := r.Audits[ref.ID]
		if ref.Weight > 0 && a.Score != nil && *a.Score < 1 {
			out = append(out, ref.ID)
		}
	}
	slices.Sort(out)
	return out
}

// benchPages starts a hub with the demo content and runs Lighthouse on the
// home and library pages (and a page of results), for phones (Lighthouse's
// default: a mid-range phone on a slow 4G network, simulated) and for
// desktops.
func benchPages(ctx context.Context, m measureFlags, o pagesBenchOptions, stdout io.Writer) (bench.Part, error) {
	part := newPart("pages", "Pages: weight and Lighthouse")
	if _, err := os.Stat(o.lighthouse); err != nil {
		return part, fmt.Errorf("lighthouse: %w (make bench-pages installs it with npm into tools/lighthouse)", err)
	}
	dir := filepath.Join(m.out, "hub-demo")
	if err := os.RemoveAll(dir); err != nil {
		return part, err
	}
	hub, err := startHubProcess(ctx, m.hub, dir, 5*time.Minute, "HUB_DEMO=true")
	if err != nil {
		return part, err
	}
	defer hub.stop()
	pages := []struct{ name, title, path string }{
		{"home", "home", "/en/"},
		{"library", "library", "/en/library"},
		{"results", "library, results of «коррупция»", "/ru/library?q=%D0%BA%D0%BE%D1%80%D1%80%D1%83%D0%BF%D1%86%D0%B8%D1%8F"},
	}
	// A law with provisions, as a reader finds it.
	var list struct{ Documents []struct{ ID string } }
	if res, err := http.Get(hub.URL + "/api/v1/documents?kind=national_law&country=KZ&limit=1"); err == nil {
		json.NewDecoder(res.Body).Decode(&list)
		res.Body.Close()
	}
	if len(list.Documents) > 0 {
		pages = append(pages, struct{ name, title, path string }{"document", "a Kazakh law", "/kk/library/" + list.Documents[0].ID})
	}
	type row struct {
		name, title, path string
		mobile, desktop   *lighthouseReport
	}
	var rows []row
	f := part.Figures
	f["a11y_min"], f["perf_min"], f["perf_min_desktop"] = 100, 100, 100
	var version, agent string
	for _, p := range pages {
		r := row{name: p.name, title: p.title, path: p.path}
		for _, desktop := range []bool{false, true} {
			form := "mobile"
			args := []string{hub.URL + p.path, "--output=json", "--quiet", "--only-categories=performance,accessibility",
				"--chrome-flags=--headless --no-sandbox"}
			if desktop {
				form = "desktop"
				args = append(args, "--preset=desktop")
			}
			out := filepath.Join(m.out, fmt.Sprintf("lighthouse-%s-%s.json", p.name, form))
			args = append(args, "--output-path="+out)
			cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
			cmd := exec.CommandContext(cctx, o.lighthouse, args...)
			cmd.Env = append(os.Environ(), "CHROME_PATH="+o.chrome)
			msg, err := cmd.CombinedOutput()
			cancel()
			if err != nil {
				return part, fmt.Errorf("lighthouse %s (%s): %v\n%s", p.path, form, err, msg)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				return part, err
			}
			var rep lighthouseReport
			if err := json.Unmarshal(b, &rep); err != nil {
				return part, fmt.Errorf("%s: %w", out, err)
			}
			version, agent = rep.LighthouseVersion, rep.Environment.HostUserAgent
			weight := rep.Audits["total-byte-weight"].NumericValue
			fmt.Fprintf(stdout, "%s %s: performance %.0f, accessibility %.0f, %.1f KB in %d requests; failing accessibility audits: %v\n",
				p.path, form, rep.score("performance"), rep.score("accessibility"), weight/1024,
				rep.requests(), rep.failing("accessibility"))
			if desktop {
				r.desktop = &rep
				f["perf_min_desktop"] = min(f["perf_min_desktop"], rep.score("performance"))
			} else {
				r.mobile = &rep
				f[p.name+"_kb"] = weight / 1024
				f[p.name+"_requests"] = float64(rep.requests())
				f["perf_min"] = min(f["perf_min"], rep.score("performance"))
			}
			f[p.name+"_a11y"] = rep.score("accessibility")
			f["a11y_min"] = min(f["a11y_min"], rep.score("accessibility"))
			f[p.name+"_perf_"+form] = rep.score("performance")
		}
		rows = append(rows, r)
	}
	if err := hub.stop(); err != nil {
		return part, err
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Lighthouse %s (npm, in `tools/lighthouse`) driving Debian's Chromium headless (%s), against a hub on loopback with the demo content. ", version, agent)
	b.WriteString("**Mobile** is Lighthouse's default: a mid-range phone, 4× CPU slowdown and a slow 4G network, simulated; **desktop** is `--preset=desktop`. ")
	b.WriteString("Weight is Lighthouse's `total-byte-weight`: every byte transferred to show the page (HTML, CSS, script, images, fonts), as compressed on the wire.\n\n")
	b.WriteString("| page | weight (requests) | performance mobile / desktop | accessibility | FCP / LCP / TBT / CLS (mobile) | accessibility audits not passed |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		mo, de := r.mobile, r.desktop
		failing := strings.Join(mo.failing("accessibility"), ", ")
		if failing == "" {
			failing = "none"
		}
		fmt.Fprintf(&b, "| %s `%s` | %.1f KB (%d) | %.0f / %.0f | %.0f | %s / %s / %s / %s | %s |\n", r.title, r.path,
			mo.Audits["total-byte-weight"].NumericValue/1024, mo.requests(),
			mo.score("performance"), de.score("performance"), mo.score("accessibility"),
			mo.Audits["first-contentful-paint"].DisplayValue, mo.Audits["largest-contentful-paint"].DisplayValue,
			mo.Audits["total-blocking-time"].DisplayValue, mo.Audits["cumulative-layout-shift"].DisplayValue, failing)
	}
	b.WriteString("\nThe reports are in `bench/out/lighthouse-*.json`.\n")
	part.Markdown = b.String()
	return part, nil
}
