package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// FuzzImportLines feeds arbitrary files to `hub import`'s line decoder
// (eachLine) and the checks importFile runs on each line before anything is
// written: no panic, line numbers that rise and stay within the file, and
// every refusal of a decoded line a platform error with a message.
func FuzzImportLines(f *testing.F) {
	for _, seed := range []string{
		"{\"kind\":\"national_law\",\"countries\":[\"KZ\"],\"translations\":{\"kk\":{\"title\":\"Заң\"}}}\n",
		"\n\n{\"kind\":\"report\"}\n{\"kind\":",
		"{\"kind\":\"report\",\"colour\":1}\n", "{} {}\n", "[]\n", "null\n", "\xff\xfe\n", "{\"uncacArticles\":[1e400]}\n",
		"{\"kind\":\"training\",\"translations\":{\"uz\":{\"title\":\"Oʻzbekiston\"}}}\r\n",
		"\ufeff{\"kind\":\"report\",\"translations\":{\"en\":{\"title\":\"Saved by Notepad\"}}}\r\n", "\ufeff\ufeff{}\n",
	} {
		f.Add(seed)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content string) {
		path := filepath.Join(dir, "import.jsonl")
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(content, "\n") + 1
		last := 0
		err := eachLine(path, func(line int, in platform.DocumentInput, err error) error {
			if line <= last || line > lines {
				t.Fatalf("line %d after line %d, in a file of %d lines", line, last, lines)
			}
			last = line
			if err != nil {
				return nil // reported by number, as importFile does
			}
			in.Normalize()
			if err := in.Validate(); err != nil && platform.AsError(err) == nil {
				t.Fatalf("line %d refused without a message: %v", line, err)
			}
			return nil
		})
		if err != nil && !strings.Contains(err.Error(), path) {
			t.Fatalf("a reading error that does not name the file: %v", err)
		}
	})
}
