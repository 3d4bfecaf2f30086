package platform

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAcceptedAttachmentFormatsAreNamedForPeopleAndPickers(t *testing.T) {
	if got, want := AttachmentFormatNames(), "PDF, DOCX, ODT, HTML, TXT"; got != want {
		t.Errorf("AttachmentFormatNames() = %q, want %q", got, want)
	}
	want := ".pdf,.docx,.odt,.html,.htm,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document," +
		"application/vnd.oasis.opendocument.text,text/html,text/plain"
	if got := AttachmentAccept(); got != want {
		t.Errorf("AttachmentAccept() = %q, want %q", got, want)
	}
	for _, f := range AttachmentFormats() {
		if p := attachmentPicker[f]; len(p.endings) == 0 || len(p.types) == 0 {
			t.Errorf("format %s has no name ending or media type for the file picker", f)
		}
	}
}

func TestWhoMayCreateRecords(t *testing.T) {
	tests := []struct {
		name string
		u    *User
		want bool
	}{
		{"an anonymous visitor", nil, false},
		{"the secretariat", &User{Role: RoleSecretariat}, true},
		{"a deactivated secretariat member", &User{Role: RoleSecretariat, Disabled: true}, false},
		{"a focal point of a country", &User{Role: RoleFocalPoint, Country: "KZ"}, true},
		{"a focal point without a country", &User{Role: RoleFocalPoint}, false},
		{"a deactivated focal point", &User{Role: RoleFocalPoint, Country: "KG", Disabled: true}, false},
		{"an expert", &User{Role: RoleExpert, Country: "UZ"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanCreate(tt.u); got != tt.want {
				t.Errorf("CanCreate = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAttachmentNamesAreCleanedAndShortenedKeepingTheirExtension(t *testing.T) {
	long := strings.Repeat("Закон о противодействии коррупции ", 10)
	tests := []struct {
		name, in, want string
	}{
		{"a plain name stays", "law.pdf", "law.pdf"},
		{"folders are dropped", `C:\Users\a\law.docx`, "law.docx"},
		{"control characters go", "la\x00w\u202e.txt", "law.txt"},
		{"an empty name becomes file", " / ", "file"},
		{"a long name keeps its extension", long + ".pdf", strings.TrimRight(string([]rune(long)[:MaxAttachmentNameLen-4]), " .") + ".pdf"},
		{"a long name without an extension is cut", strings.Repeat("a", 300), strings.Repeat("a", MaxAttachmentNameLen)},
		{"a long ending that is no extension is cut with the rest", strings.Repeat("a", 250) + "." + strings.Repeat("b", 40), strings.Repeat("a", 250) + "." + "bbbb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanAttachmentName(tt.in)
			if got != tt.want {
				t.Errorf("CleanAttachmentName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > MaxAttachmentNameLen {
				t.Errorf("%d characters, more than %d", n, MaxAttachmentNameLen)
			}
		})
	}
}
