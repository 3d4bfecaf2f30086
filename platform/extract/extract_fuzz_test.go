package extract_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// FuzzSniffAndText feeds arbitrary bytes to the upload path: Sniff must
// accept only the library's formats, and Text, run for the sniffed format
// and for a format chosen by the fuzzer (so that every extractor meets
// garbage), must return clean text or an error, never panic in the hub's own
// code (a recovered panic is allowed for PDF only, whose reader is
// third-party), and never let control characters, invalid UTF-8 or
// decomposed letters through. Seeds: real files of each format in the
// hub's languages, and the corpus in testdata/fuzz/FuzzSniffAndText.
func FuzzSniffAndText(f *testing.F) {
	f.Add(docx(f, kazakh, uzbekL), uint8(0))
	f.Add(odt(f, tajik, kyrgyz), uint8(1))
	f.Add(pdfDoc(f, true, []string{russian}), uint8(2))
	f.Add(pdfDoc(f, false, []string{uzbekC, turkmen}), uint8(3))
	f.Add(placedPDF(f, []string{kazakh, turkmen}, []string{uzbekL}), uint8(2))
	if b, err := os.ReadFile("testdata/chromium-two-pages.pdf"); err == nil {
		f.Add(b, uint8(4))
	}
	cp1251, _ := charmap.Windows1251.NewEncoder().String(russian)
	f.Add([]byte(cp1251), uint8(4))
	f.Add([]byte("<html><head><meta charset=windows-1251></head><body><p>"+cp1251+"</p></body></html>"), uint8(3))
	f.Add([]byte("\xff\xfeK\x00a\x00z\x00"), uint8(4))
	f.Add(zipFile(f, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<x"}), uint8(1))
	f.Add([]byte("MZ\x90\x00"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		r := bytes.NewReader(data)
		formats := []string{}
		k, err := extract.Sniff(r, int64(len(data)))
		if err == nil {
			if !slices.Contains(platform.AttachmentFormats(), k.Format) || k.ContentType == "" {
				t.Fatalf("Sniff accepted %+v", k)
			}
			formats = append(formats, k.Format)
		}
		formats = append(formats, platform.AttachmentFormats()[int(pick)%len(platform.AttachmentFormats())])
		for _, format := range formats {
			text, err := extract.Text(format, r, int64(len(data)))
			if err != nil {
				if strings.Contains(err.Error(), "malformed file") && format != platform.FormatPDF {
					t.Fatalf("Text(%s) panicked: %v", format, err)
				}
				continue
			}
			checkText(t, format, text)
			if lang := extract.DetectLanguage(text); lang != "" && !platform.ValidLanguage(lang) {
				t.Fatalf("DetectLanguage = %q", lang)
			}
		}
	})
}

func checkText(t *testing.T, format, text string) {
	t.Helper()
	switch {
	case !utf8.ValidString(text):
		t.Fatalf("Text(%s) is not UTF-8: %q", format, text)
	case !norm.NFC.IsNormalString(text):
		t.Fatalf("Text(%s) is not NFC: %q", format, text)
	case utf8.RuneCountInString(text) > extract.MaxChars:
		t.Fatalf("Text(%s) has %d characters", format, utf8.RuneCountInString(text))
	case !strings.ContainsFunc(text, unicode.IsLetter):
		t.Fatalf("Text(%s) without letters: %q", format, text)
	}
	if i := strings.IndexFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' }); i >= 0 {
		t.Fatalf("Text(%s) has control character %q: %q", format, text[i:i+1], text)
	}
}
