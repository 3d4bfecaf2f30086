// Package mongotest runs a package's tests against an embedded FerretDB,
// the real wire-protocol server the hub embeds (no mock of Mongo). Each test
// binary starts one server in TestMain and opens its own databases on it.
package mongotest

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/ca-uncac/hub/platform/mongo"
)

// Main is a whole TestMain: it starts an embedded FerretDB with its SQLite
// files in a new temporary folder whose name begins with prefix, stores the
// server's address in *uri, runs the tests, stops the server, removes the
// folder and exits with the tests' code. A server that does not start within
// the embedded server's own start-up limit (15 s) fails the binary before
// any test runs.
//
//	func TestMain(m *testing.M) { mongotest.Main(m, "hub-mongo-test", &embeddedURI) }
func Main(m *testing.M, prefix string, uri *string) {
	os.Exit(run(m, prefix, uri))
}

// run is Main without the exit, so that its deferred clean-up runs.
func run(m *testing.M, prefix string, uri *string) int {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	e, err := mongo.StartEmbedded(context.Background(), dir, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer e.Stop()
	*uri = e.URI
	return m.Run()
}
