package bilaterals

import (
	"io/fs"
	"regexp"
	"strconv"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// TestFormsLetTypeNoMoreThanTheStoreTakes: a text field's maxlength is
// never above what the store accepts (the topic's once let a reader type
// 1000 characters the store then refused over 500), so a browser stops the
// reader where the rule does.
func TestFormsLetTypeNoMoreThanTheStoreTakes(t *testing.T) {
	limits := map[string]int{"topic": platform.MaxMeetingTopic, "reason": platform.MaxMeetingReason,
		"name": platform.MaxDelegationName, "head": platform.MaxBilateralID}
	field := regexp.MustCompile(`name="([A-Za-z]+)"[^>]*maxlength="([0-9]+)"`)
	files, err := fs.Glob(templates, "templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v %v", files, err)
	}
	seen := 0
	for _, f := range files {
		b, err := fs.ReadFile(templates, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range field.FindAllSubmatch(b, -1) {
			limit, ok := limits[string(m[1])]
			if !ok {
				continue
			}
			seen++
			if n, _ := strconv.Atoi(string(m[2])); n > limit {
				t.Errorf("%s: %s takes %d characters, the store %d", f, m[1], n, limit)
			}
		}
	}
	if seen < 4 {
		t.Fatalf("only %d limited fields found", seen)
	}
}
