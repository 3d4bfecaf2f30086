package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGoalsSayByHowMuchTheyAreMissed(t *testing.T) {
	tests := []struct {
		name  string
		goal  Goal
		value float64
		want  string
	}{
		{"a latency under its ceiling", Goal{AtMost: true, Target: 50}, 31, "✅ met"},
		{"a latency a little over", Goal{AtMost: true, Target: 50}, 60, "❌ missed by 20%"},
		{"a latency far over", Goal{AtMost: true, Target: 50}, 160, "❌ missed: 3.2× the goal"},
		{"a rate under its floor", Goal{Target: 1000}, 620, "❌ missed: 62% of the goal"},
		{"a rate over its floor", Goal{Target: 1000}, 1620, "✅ met"},
		{"a difference that must not be negative", Goal{Target: 0}, -0.1, "❌ missed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.goal.Verdict(tt.value); got != tt.want {
				t.Fatalf("Verdict(%v) = %q, want %q", tt.value, got, tt.want)
			}
		})
	}
}

func TestResultsAreWrittenFromTheSavedParts(t *testing.T) {
	dir := t.TempDir()
	p := Part{Name: "pages", Title: "Pages", Command: "hubbench bench-pages", When: time.Now(), Load: "0.1 0.2 0.3",
		Figures: map[string]float64{"home_kb": 19.3}, Markdown: "| page | weight |"}
	if err := SavePart(dir, p); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "results.md")
	goals := []Goal{
		{What: "home page weight", Part: "pages", Figure: "home_kb", AtMost: true, Target: 150, Unit: "KB", Command: "make bench-pages"},
		{What: "import rate", Part: "import-100000", Figure: "docs_per_s", Target: 1000, Unit: "documents/s", Command: "make bench-import"},
	}
	if err := Results(dir, path, []string{"import-100000", "pages"}, goals, "## Analysis\n\nWhy."); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{"## Machine", "| home page weight | ≤ 150 KB | 19.3 KB | ✅ met | `make bench-pages` |",
		"| import rate | ≥ 1000 documents/s | not run |", "## Pages", "Command: `hubbench bench-pages`", "load average at start 0.1 0.2 0.3",
		"Not run yet: import-100000.", "## Analysis"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("results lack %q:\n%s", want, b)
		}
	}
}
