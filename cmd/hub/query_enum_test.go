package main

import (
	"strings"
	"testing"
)

// TestUnknownValuesOfEnumeratedParametersAreRefused: a filter value no
// record can have is a 400 naming it, not an empty list that hides the
// typing error; the values that exist are answered.
func TestUnknownValuesOfEnumeratedParametersAreRefused(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	for _, c := range []struct {
		path, names string
		want        int
	}{
		{"/api/v1/events?upcoming=maybe", "upcoming", 400},
		{"/api/v1/events?upcoming=true", "", 200},
		{"/api/v1/events?upcoming=false", "", 200},
		{"/api/v1/events?kind=bogus", "kind", 400},
		{"/api/v1/documents?kind=bogus", "kind=bogus", 400},
		{"/api/v1/documents?kind=national_law", "", 200},
		{"/api/v1/documents?country=XX", "country=XX", 400},
		{"/api/v1/documents?area=nowhere", "area=nowhere", 400},
		{"/api/v1/documents?article=72", "72", 400},
		{"/api/v1/documents?country=KZ&area=prevention&article=20", "", 200},
	} {
		status, body := do(t, "GET", h.URL+c.path, "", nil)
		if status != c.want || c.names != "" && !strings.Contains(string(body), c.names) {
			t.Errorf("%s: %d %s", c.path, status, body)
		}
	}
}
