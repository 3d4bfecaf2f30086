package platform

import "testing"

func TestCleaningTexts(t *testing.T) {
	tests := []struct {
		name, in, line, text string
	}{
		{"plain Cyrillic stays", "Закон о коррупции", "Закон о коррупции", "Закон о коррупции"},
		{"zero-width spaces alone make no title", "\u200b\u200b", "", ""},
		{"combining marks alone make no title", "\u0301\u0301\u0301", "", ""},
		{"a NUL is removed", "a\u0000b", "ab", "ab"},
		{"a right-to-left override is removed", "a\u202eb", "ab", "ab"},
		{"line breaks in a title become spaces", "Law\r\non  bribery", "Law on bribery", "Law\non  bribery"},
		{"decomposed letters are composed (NFC)", "й", "й", "й"},
		{"a BOM at the start goes", "\ufeffTitle", "Title", "Title"},
		{"invalid UTF-8 becomes a replacement character", "a\xffb", "a\ufffdb", "a\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanLine(tt.in); got != tt.line {
				t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.line)
			}
			if got := CleanText(tt.in); got != tt.text {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.text)
			}
		})
	}
	in := DocumentInput{Kind: "report", Translations: map[string]Translation{"en": {Title: "\u200b"}}}
	in.Normalize()
	if err := in.Validate(); ErrorCode(err) != Invalid {
		t.Fatalf("a title of zero-width spaces was accepted: %v", err)
	}
}
