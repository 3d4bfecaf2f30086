package main

import (
	"os"
	"testing"

	"github.com/ca-uncac/hub/platform/extract"
)

// TestMain lets this test binary stand for the hub's binary as the child
// that extracts text: the hubs the tests serve in process start their own
// executable with extract.ChildCommand, as main does.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == extract.ChildCommand {
		os.Exit(extract.RunChild(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]))
	}
	os.Exit(m.Run())
}
