package library

import (
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// FuzzDecodeImport feeds arbitrary bodies to the bulk import's decoder
// (POST /api/v1/documents/import): it must never panic, every refusal must
// be a client error with a message id (and a line number when it is about
// a line), and what it accepts must be the non-blank lines, each numbered
// by its place in the body.
func FuzzDecodeImport(f *testing.F) {
	for _, seed := range []string{
		"{\"kind\":\"national_law\",\"translations\":{\"ru\":{\"title\":\"Закон\"}}}\n",
		"{\"kind\":\"report\"}\n\n{\"kind\":\"training\"}",
		"{\"kind\":\n", "[]\n", "null\n", "{\"colour\":\"red\"}\n", "{} {}\n", "\n\n\n", "\r\n{\"kind\":\"case\"}\r\n",
		strings.Repeat("{}\n", 1001), "{\"kind\":\"" + strings.Repeat("x", 5000) + "\"}\n", "\xff\n", "{\"uncacArticles\":[1e400]}",
		"\ufeff{\"kind\":\"report\"}\n", "\ufeff\n{\"kind\":\"case\"}\n{\"kind\":\"report\"}\ufeff\n", "\xef\xbb",
	} {
		f.Add(seed)
	}
	s := &server{Server: &web.Server{MaxBody: 4096}, Module: &Module{MaxUpload: 1 << 20}}
	f.Fuzz(func(t *testing.T, body string) {
		ins, lines, bad, err := s.decodeImport(strings.NewReader(body))
		if err != nil {
			e := platform.AsError(err)
			if e == nil || e.MessageID == "" {
				t.Fatalf("error without a message id for %q: %v", body, err)
			}
			if status := web.Status(err); status < 400 || status >= 500 {
				t.Fatalf("body %q gives status %d (%v)", body, status, err)
			}
			if bad < 0 || bad > strings.Count(body, "\n")+1 {
				t.Fatalf("line %d of a body of %d lines", bad, strings.Count(body, "\n")+1)
			}
			return
		}
		all := strings.Split(body, "\n")
		if len(ins) != len(lines) || len(ins) == 0 || len(ins) > platform.MaxImportDocuments {
			t.Fatalf("%d documents, %d line numbers", len(ins), len(lines))
		}
		for i, n := range lines {
			if n < 1 || n > len(all) || strings.TrimSpace(all[n-1]) == "" || i > 0 && n <= lines[i-1] {
				t.Fatalf("document %d said to be on line %d of %q", i, n, body)
			}
		}
		for _, in := range ins {
			in.Normalize()
			if err := in.Validate(); err != nil && platform.AsError(err) == nil {
				t.Fatalf("validation error without a message: %v", err)
			}
		}
	})
}
