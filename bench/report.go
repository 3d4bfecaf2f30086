package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Part is the outcome of one part of the benchmark (`make bench-import`,
// `bench-search`, …) for one corpus size: the figures the goals are held
// against and a section of bench/results.md. Each part is kept as
// <out>/<name>.json, so that any part can run alone and the results file is
// rewritten from the latest run of each.
type Part struct {
	Name    string    `json:"name"`
	Title   string    `json:"title"`
	Command string    `json:"command"`
	When    time.Time `json:"when"`
	// Load is the machine's load average when the part started: the
	// machine is shared, and figures taken under load say so.
	Load    string             `json:"load"`
	Figures map[string]float64 `json:"figures"`
	// Markdown is the part's section of the results, without its title.
	Markdown string `json:"markdown"`
}

// SavePart writes p to dir.
func SavePart(dir string, p Part) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, p.Name+".json"), b, 0o644)
}

// LoadPart reads the part of that name from dir; ok is false when it has
// not run.
func LoadPart(dir, name string) (p Part, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if os.IsNotExist(err) {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	return p, true, json.Unmarshal(b, &p)
}

// LoadAverage returns /proc/loadavg's first three numbers.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// Machine describes this machine in a few Markdown list items.
func Machine() string {
	var b strings.Builder
	cpu := "unknown CPU"
	if s, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(s), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	fmt.Fprintf(&b, "- CPU: %s, %d cores visible to Go (`runtime.NumCPU`), %s\n", cpu, runtime.NumCPU(), runtime.GOARCH)
	if s, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(s), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kb int64
				fmt.Sscan(strings.TrimSpace(v), &kb)
				fmt.Fprintf(&b, "- Memory: %.1f GB\n", float64(kb)/(1<<20))
			}
		}
	}
	osName := "Linux"
	if s, err := os.ReadFile("/etc/os-release"); err == nil {
		for _, line := range strings.Split(string(s), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				osName = strings.Trim(v, `"`)
			}
		}
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	fmt.Fprintf(&b, "- System: %s, kernel %s\n", osName, strings.TrimSpace(string(kernel)))
	fmt.Fprintf(&b, "- Go: %s\n", runtime.Version())
	b.WriteString("- The machine is shared with other engineers' builds and tests: each part notes the load average when it started.\n")
	return b.String()
}

// Goal is a target a figure is held against.
type Goal struct {
	What    string
	Part    string // the part whose figure it is
	Figure  string
	AtMost  bool // the figure must be ≤ Target (else ≥)
	Target  float64
	Unit    string
	Command string
}

// Met reports whether value meets the goal.
func (g Goal) Met(value float64) bool {
	if g.AtMost {
		return value <= g.Target
	}
	return value >= g.Target
}

// Verdict says whether value meets the goal and, when it does not, by how
// much it misses.
func (g Goal) Verdict(value float64) string {
	switch {
	case g.Met(value):
		return "✅ met"
	case g.Target == 0:
		return "❌ missed"
	case g.AtMost && value >= 2*g.Target:
		return fmt.Sprintf("❌ missed: %.1f× the goal", value/g.Target)
	case g.AtMost:
		return fmt.Sprintf("❌ missed by %.0f%%", 100*(value-g.Target)/g.Target)
	}
	return fmt.Sprintf("❌ missed: %.0f%% of the goal", 100*value/g.Target)
}

// Results writes the results file at path from the parts in dir, in the
// order given, with the goals table, the machine's description and the
// hand-written analysis (Markdown, may be empty).
func Results(dir, path string, order []string, goals []Goal, analysis string) error {
	parts := map[string]Part{}
	for _, name := range order {
		p, ok, err := LoadPart(dir, name)
		if err != nil {
			return err
		}
		if ok {
			parts[name] = p
		}
	}
	var b strings.Builder
	b.WriteString("# Measurements\n\n")
	b.WriteString("Written by `make bench` (or any of its parts: `make bench-import`, `bench-search`, `bench-pg`, `bench-load`, `bench-pages`), ")
	b.WriteString("each of which rewrites this file from the latest run of every part (kept in `bench/out/`). Do not edit by hand: ")
	b.WriteString("the analysis at the end comes from `bench/analysis.md`.\n\n")
	b.WriteString("## Machine\n\n")
	b.WriteString(Machine())
	fmt.Fprintf(&b, "- Written: %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))

	b.WriteString("## Goals\n\n")
	b.WriteString("| goal | target | measured | | command |\n| --- | --- | --- | --- | --- |\n")
	for _, g := range goals {
		p, ok := parts[g.Part]
		v, has := p.Figures[g.Figure]
		cmp := "≥"
		if g.AtMost {
			cmp = "≤"
		}
		measured, verdict := "not run", ""
		switch {
		case ok && has && !math.IsNaN(v):
			measured = strings.TrimSpace(trim(v) + " " + g.Unit)
			verdict = g.Verdict(v)
		case ok:
			measured = "n/a"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | `%s` |\n", g.What, strings.TrimSpace(cmp+" "+trim(g.Target)+" "+g.Unit), measured, verdict, g.Command)
	}
	b.WriteString("\n")
	for _, name := range order {
		p, ok := parts[name]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "## %s\n\n", p.Title)
		fmt.Fprintf(&b, "Command: `%s` — run %s, load average at start %s.\n\n", p.Command, p.When.UTC().Format("2006-01-02 15:04 MST"), p.Load)
		b.WriteString(strings.TrimSpace(p.Markdown))
		b.WriteString("\n\n")
	}
	var missing []string
	for _, name := range order {
		if _, ok := parts[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		fmt.Fprintf(&b, "Not run yet: %s.\n\n", strings.Join(missing, ", "))
	}
	if a := strings.TrimSpace(analysis); a != "" {
		b.WriteString(a)
		b.WriteString("\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// trim writes a number without needless decimals.
func trim(v float64) string {
	switch {
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
