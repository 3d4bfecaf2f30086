package main

import "testing"

// TestMemoryLimitDefaultsUnlessGOMEMLIMIT: a hub sets its own soft memory
// limit only when the environment names none.
func TestMemoryLimitDefaultsUnlessGOMEMLIMIT(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if l, ok := memoryLimit(getenv); !ok || l != 1<<30 {
		t.Fatalf("no GOMEMLIMIT: %d %v, want 1 GiB", l, ok)
	}
	for _, v := range []string{"4GiB", "off"} {
		env["GOMEMLIMIT"] = v
		if l, ok := memoryLimit(getenv); ok {
			t.Errorf("GOMEMLIMIT=%s: the hub sets %d", v, l)
		}
	}
}
