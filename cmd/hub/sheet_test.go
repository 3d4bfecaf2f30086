package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

// TestTheHubReadsSheetsInItsHiddenCommand: the hub's binary (this test
// binary, through runChild as main) answers `hub read-sheet KIND FORMAT`
// with the rows of the file on its standard input, and its refusals come
// back to the parent as the errors they were.
func TestTheHubReadsSheetsInItsHiddenCommand(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	x := &sheet.Isolated{Command: []string{exe, sheet.ChildCommand}}
	rows, problems, err := x.ReadItems(context.Background(), strings.NewReader("code;weight\nKZ-1;0,5\nKZ-2;abc\n"), sheet.CSV)
	if err != nil || len(rows) != 1 || rows[0].Weight != 0.5 || len(problems) != 1 || problems[0].Column != "weight" {
		t.Fatalf("rows %+v, problems %+v, %v", rows, problems, err)
	}
	_, _, err = x.ReadItems(context.Background(), strings.NewReader("PK\x03\x04 not a zip"), sheet.XLSX)
	if e := platform.AsError(err); e == nil || e.Code != platform.Invalid || e.MessageID != "roadmap.sheet.not_spreadsheet" {
		t.Fatalf("a damaged XLSX: %v", err)
	}
}
