package library

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// TestTextCharsetIsTheOneExtractionDecodesWith encodes texts in Russian,
// Kazakh and English in each charset the library meets, and checks that
// extract.Charset names the charset, and that a browser decoding the file with
// that name reads the text extraction reads.
func TestTextCharsetIsTheOneExtractionDecodesWith(t *testing.T) {
	const ru = "Статья 20. Незаконное обогащение\nКаждое государство-участник рассматривает возможность принятия мер, которые могут потребоваться.\n"
	const kk = "Заңсыз баю туралы заң. Мемлекеттік қызметшінің активтерінің елеулі ұлғаюы.\n"
	bom := func(enc encoding.Encoding, s string) []byte {
		b, err := enc.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"UTF-8", []byte(ru), "utf-8"},
		{"UTF-8 with a byte-order mark", append([]byte("\ufeff"), kk...), "utf-8"},
		{"plain ASCII", []byte("Article 20. Illicit enrichment\n"), "utf-8"},
		{"UTF-16 little-endian with its mark", bom(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), kk), "utf-16le"},
		{"UTF-16 big-endian with its mark", bom(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), ru), "utf-16be"},
		{"windows-1251", bom(charmap.Windows1251, ru), "windows-1251"},
		{"KOI8-R", bom(charmap.KOI8R, ru), "koi8-r"},
		{"CP866", bom(charmap.CodePage866, ru), "ibm866"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extract.Charset(tt.file, true); got != tt.want {
				t.Fatalf("textCharset = %q, want %q", got, tt.want)
			}
			enc, err := htmlindex.Get(tt.want)
			if err != nil {
				t.Fatalf("browsers do not know %q: %v", tt.want, err)
			}
			read, err := enc.NewDecoder().Bytes(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			extracted, err := extract.Text(platform.FormatTXT, bytes.NewReader(tt.file), int64(len(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			if got := extract.Clean(strings.TrimPrefix(string(read), "\ufeff")); got != extracted {
				t.Errorf("a browser reads %q, extraction %q", got, extracted)
			}
		})
	}
	t.Run("a head cut inside a character is still UTF-8", func(t *testing.T) {
		b := []byte("Незаконное обогащение")
		for cut := len(b) - 1; cut > len(b)-6; cut -= 2 {
			if got := extract.Charset(b[:cut], false); got != "utf-8" {
				t.Errorf("cut at %d: %q", cut, got)
			}
		}
	})
}
