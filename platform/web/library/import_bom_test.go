package library

import (
	"slices"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// TestTheImportBodyMayStartWithAByteOrderMark: a UTF-8 byte order mark at
// the very start of an import body is dropped; anywhere else it is still
// refused as bad JSON on its line.
func TestTheImportBodyMayStartWithAByteOrderMark(t *testing.T) {
	const bom = "\ufeff"
	doc := `{"kind":"report","translations":{"en":{"title":"A report"}}}`
	tests := []struct {
		name  string
		body  string
		lines []int // the accepted documents' line numbers
		bad   int   // the refused line, when the body is refused
	}{
		{"a mark before the first document", bom + doc + "\n" + doc + "\n", []int{1, 2}, 0},
		{"a mark before Windows line ends", bom + doc + "\r\n" + doc + "\r\n", []int{1, 2}, 0},
		{"a mark alone on the first line", bom + "\n" + doc + "\n", []int{2}, 0},
		{"a mark and no newline", bom + doc, []int{1}, 0},
		{"no mark", doc + "\n", []int{1}, 0},
		{"a mark at the start of the second line", doc + "\n" + bom + doc + "\n", nil, 2},
		{"two marks at the start", bom + bom + doc + "\n", nil, 1},
		{"a mark after the first document", doc + bom + "\n", nil, 1},
	}
	s := &server{Server: &web.Server{MaxBody: 4096}, Module: &Module{MaxUpload: 1 << 20}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, lines, bad, err := s.decodeImport(strings.NewReader(tt.body))
			if tt.bad != 0 {
				if err == nil || bad != tt.bad || platform.ErrorCode(err) != platform.Invalid {
					t.Fatalf("got lines %v, refusal %v on line %d; want a refusal on line %d", lines, err, bad, tt.bad)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused on line %d: %v", bad, err)
			}
			if !slices.Equal(lines, tt.lines) || len(ins) != len(tt.lines) {
				t.Fatalf("documents on lines %v, want %v", lines, tt.lines)
			}
			for _, in := range ins {
				if in.Kind != "report" || in.Translations["en"].Title != "A report" {
					t.Fatalf("decoded %+v", in)
				}
			}
		})
	}
}
