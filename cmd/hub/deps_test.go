package main

import (
	"os/exec"
	"strings"
	"testing"
)

// serverTags are the build tags the hub is built with (the Makefile's
// SERVER_TAGS, the Dockerfile): ferretdb_no_postgresql leaves out the
// embedded FerretDB's PostgreSQL backend, which the hub never uses.
const serverTags = "ferretdb_no_postgresql"

// TestTheServerLinksNoPostgreSQLDriver keeps the hub's binary free of a
// PostgreSQL driver: the benchmarks that need one live in cmd/hubbench, and
// the embedded FerretDB's PostgreSQL backend is left out by a build tag.
func TestTheServerLinksNoPostgreSQLDriver(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", serverTags, "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		p := strings.ToLower(pkg)
		if strings.Contains(p, "pgx") || strings.Contains(p, "postgres") || strings.Contains(p, "lib/pq") {
			t.Errorf("the hub links %s", pkg)
		}
	}
}
