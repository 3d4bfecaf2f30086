package main

import (
	"os"
	"testing"
)

// TestMain lets this test binary stand for the hub's binary as the child
// that reads an uploaded file: the hubs the tests serve in process start
// their own executable with a hidden command (extract-text,
// process-photo), as main does.
func TestMain(m *testing.M) {
	if code, ok := runChild(os.Args[1:]); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}
