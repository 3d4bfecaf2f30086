package storage_test

import (
	"mime"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/storage"
)

func TestValidKey(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"sha256/ab/cd/abcdef", true},
		{"a", true},
		{"docs/report-2024_v1.final.pdf", true},
		{strings.Repeat("a", storage.MaxSegmentLen), true},
		{strings.Repeat(strings.Repeat("a", 128)+"/", 4)[:storage.MaxKeyLen], true},
		{"", false},
		{strings.Repeat("a", storage.MaxSegmentLen+1), false},
		{strings.Repeat(strings.Repeat("a", 128)+"/", 5)[:storage.MaxKeyLen+1], false},
		{"../x", false},
		{"a/../b", false},
		{"a..b", false},
		{"/a", false},
		{"a/", false},
		{"a//b", false},
		{".", false},
		{"a/./b", false},
		{"A", false},
		{"a b", false},
		{"a\\b", false},
		{"ключ", false},
		{"a\nb", false},
	}
	for _, tt := range tests {
		if got := storage.ValidKey(tt.key); got != tt.want {
			t.Errorf("ValidKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestValidPrefix(t *testing.T) {
	for prefix, want := range map[string]bool{"": true, "docs/": true, "docs/a": true, "a//": true, "/": false, "/a": false, "A": false, "a b": false} {
		if got := storage.ValidPrefix(prefix); got != want {
			t.Errorf("ValidPrefix(%q) = %v, want %v", prefix, got, want)
		}
	}
}

func TestContentKey(t *testing.T) {
	const sum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if got, want := storage.ContentKey(sum), "sha256/e3/b0/"+sum; got != want {
		t.Errorf("ContentKey = %q, want %q", got, want)
	}
	if !storage.ValidKey(storage.ContentKey(sum)) {
		t.Error("ContentKey is not a valid key")
	}
	for _, bad := range []string{"", "abc", strings.ToUpper(sum), sum + "0", "../../" + sum[6:], strings.Repeat("g", 64)} {
		if got := storage.ContentKey(bad); got != "" {
			t.Errorf("ContentKey(%q) = %q, want \"\"", bad, got)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		name, filename, wantParsed string
	}{
		{"an ASCII name stays as it is", "report.pdf", "report.pdf"},
		{"a Cyrillic name survives", "Отчёт 2024.pdf", "Отчёт 2024.pdf"},
		{"a Kazakh name survives", "Есеп қазақша.docx", "Есеп қазақша.docx"},
		{"quotes and slashes become underscores", `a"b/c\d.txt`, "a_b_c_d.txt"},
		{"a newline cannot inject a header", "a\r\nSet-Cookie: x=1", "a__Set-Cookie: x=1"},
		{"invalid UTF-8 is replaced", "a\xffb", "a_b"},
		{"percent signs are not decoded twice", "100%25.txt", "100%25.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := storage.ContentDisposition(tt.filename)
			if strings.ContainsAny(v, "\r\n") {
				t.Fatalf("ContentDisposition(%q) = %q has a line break", tt.filename, v)
			}
			disp, params, err := mime.ParseMediaType(v)
			if err != nil || disp != "attachment" || params["filename"] != tt.wantParsed {
				t.Errorf("ContentDisposition(%q) = %q, parses to %q %q (%v); want attachment, filename %q",
					tt.filename, v, disp, params["filename"], err, tt.wantParsed)
			}
		})
	}
	if got := storage.ContentDisposition(""); got != "attachment" {
		t.Errorf(`ContentDisposition("") = %q, want "attachment"`, got)
	}
}
