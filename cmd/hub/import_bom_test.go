package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// TestImportFilesMayStartWithAByteOrderMark: `hub import` drops a UTF-8 byte
// order mark at the very start of the file; anywhere else it is still a
// line's error.
func TestImportFilesMayStartWithAByteOrderMark(t *testing.T) {
	const bom = "\ufeff"
	doc := `{"kind":"report","translations":{"en":{"title":"A report"}}}`
	tests := []struct {
		name    string
		content string
		good    []int // lines decoded
		bad     []int // lines refused
	}{
		{"a mark before the first document", bom + doc + "\n" + doc + "\n", []int{1, 2}, nil},
		{"a mark before Windows line ends", bom + doc + "\r\n" + doc + "\r\n", []int{1, 2}, nil},
		{"a mark alone on the first line", bom + "\n" + doc + "\n", []int{2}, nil},
		{"no mark", doc + "\n", []int{1}, nil},
		{"a mark at the start of the second line", doc + "\n" + bom + doc + "\n", []int{1}, []int{2}},
		{"two marks at the start", bom + bom + doc + "\n", nil, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "import.jsonl")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			var good, bad []int
			err := eachLine(path, func(line int, in platform.DocumentInput, err error) error {
				if err != nil {
					bad = append(bad, line)
					return nil
				}
				if in.Kind != "report" || in.Translations["en"].Title != "A report" {
					t.Errorf("line %d decoded as %+v", line, in)
				}
				good = append(good, line)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(good, tt.good) || !slices.Equal(bad, tt.bad) {
				t.Fatalf("decoded lines %v and refused %v, want %v and %v", good, bad, tt.good, tt.bad)
			}
		})
	}
}
