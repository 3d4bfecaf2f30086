package extract_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/extract/extracttest"
)

// TestMain lets the test binary be the child of extract.Isolated, as the
// hub's binary is in production: run with extract.ChildCommand, it
// extracts and exits.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == extract.ChildCommand {
		os.Exit(extract.RunChild(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]))
	}
	os.Exit(m.Run())
}

// isolated runs the child in this test binary; flags go to the child.
func isolated(t testing.TB, timeout time.Duration, flags ...string) *extract.Isolated {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &extract.Isolated{Command: append([]string{exe, extract.ChildCommand}, flags...), Timeout: timeout}
}

// onDisk writes b to a file and opens it, as the files worker hands files
// to the extractor.
func onDisk(t *testing.T, b []byte) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestHostilePDFsEndAsErrorsInTheChild: each crafted PDF that crashes,
// exhausts or hangs the PDF reader ends as an error of the file within the
// timeout (and sooner where a limit catches it), the test process (the
// parent) goes on, and a normal file is read after them. The child skips
// the structure check here, so that the PDF reader meets each file as it
// would without it and the limits alone stop it.
func TestHostilePDFsEndAsErrorsInTheChild(t *testing.T) {
	const timeout = 3 * time.Second
	x := isolated(t, timeout, "-check=false")
	want := map[string]error{
		"an object stream that contains itself":               extract.ErrStack,
		"an xref subsection starting at object 2,000,000,000": extract.ErrMemory,
		"an xref stream with /Size 4000000000":                extract.ErrMemory,
		"a trailer whose /Prev points at its own xref":        extract.ErrTimeout,
		"an object stream that /Extends itself":               extract.ErrTimeout,
	}
	for _, f := range extracttest.HostilePDFs() {
		t.Run(f.Name, func(t *testing.T) {
			k, err := extract.Sniff(bytes.NewReader(f.Data), int64(len(f.Data)))
			if err != nil || k.Format != platform.FormatPDF {
				t.Fatalf("Sniff = %+v, %v: the file would not reach extraction", k, err)
			}
			for _, via := range []struct {
				name string
				r    interface {
					ReadAt([]byte, int64) (int, error)
				}
			}{{"a file", onDisk(t, f.Data)}, {"a pipe", bytes.NewReader(f.Data)}} {
				start := time.Now()
				text, err := x.Text(platform.FormatPDF, via.r, int64(len(f.Data)))
				took := time.Since(start)
				t.Logf("through %s: %v in %s", via.name, err, took.Round(time.Millisecond))
				if err == nil {
					t.Fatalf("through %s: text %q, want an error", via.name, text)
				}
				if !errors.Is(err, want[f.Name]) {
					t.Errorf("through %s: %v, want %v", via.name, err, want[f.Name])
				}
				if took > timeout+2*time.Second {
					t.Errorf("through %s: took %s", via.name, took)
				}
			}
		})
	}
	text, err := x.Text(platform.FormatPDF, bytes.NewReader(extracttest.PDF("Still reading after them")), int64(len(extracttest.PDF("Still reading after them"))))
	if err != nil || !strings.Contains(text, "Still reading after them") {
		t.Fatalf("a normal PDF after the hostile ones: %q, %v", text, err)
	}
}

// TestTheIsolatedExtractorAnswersAsTextDoes: files of every format give the
// same text and the same errors through the child as in process, under the
// default memory cap (the Go runtime and the readers start and work within
// it).
func TestTheIsolatedExtractorAnswersAsTextDoes(t *testing.T) {
	x := isolated(t, 30*time.Second)
	for _, c := range []struct {
		name, format string
		data         []byte
	}{
		{"a PDF", platform.FormatPDF, pdfDoc(t, true, []string{russian}, []string{kazakh})},
		{"a DOCX", platform.FormatDOCX, docx(t, kazakh, uzbekL)},
		{"an ODT", platform.FormatODT, odt(t, tajik, kyrgyz)},
		{"a text", platform.FormatTXT, []byte(turkmen)},
		{"a scan", platform.FormatPDF, pdfDoc(t, false, []string{})},
		{"a text without letters", platform.FormatTXT, []byte("12 345\n* * *")},
		{"garbage called PDF", platform.FormatPDF, []byte("%PDF-1.4\nnothing else")},
		{"an unknown format", "exe", []byte("MZ")},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, wantErr := extract.Text(c.format, bytes.NewReader(c.data), int64(len(c.data)))
			got, err := x.Text(c.format, onDisk(t, c.data), int64(len(c.data)))
			if got != want || (err == nil) != (wantErr == nil) {
				t.Fatalf("isolated: %q, %v\nin process: %q, %v", got, err, want, wantErr)
			}
			for _, sentinel := range []error{extract.ErrNoText, extract.ErrUnsupported, extract.ErrTooLarge} {
				if errors.Is(wantErr, sentinel) != errors.Is(err, sentinel) {
					t.Errorf("isolated error %v, in process %v", err, wantErr)
				}
			}
		})
	}
}

// TestTheChildsOutputIsCutAtACharacter: text over MaxOutput is kept up to
// the last whole character before the limit.
func TestTheChildsOutputIsCutAtACharacter(t *testing.T) {
	x := isolated(t, 30*time.Second)
	x.MaxOutput = 11 // "Закон о" is 13 bytes; 11 ends inside "о"
	got, err := x.Text(platform.FormatTXT, bytes.NewReader([]byte(russian)), int64(len(russian)))
	if err != nil {
		t.Fatal(err)
	}
	if got != "Закон" || !utf8.ValidString(got) {
		t.Fatalf("got %q, want %q", got, "Закон")
	}
}

// TestAChildThatCannotStartIsAnOutage: failing to start the child says
// nothing about the file, so it is not an error of the file.
func TestAChildThatCannotStartIsAnOutage(t *testing.T) {
	x := &extract.Isolated{Command: []string{filepath.Join(t.TempDir(), "missing")}}
	_, err := x.Text(platform.FormatTXT, bytes.NewReader([]byte(russian)), int64(len(russian)))
	if platform.ErrorCode(err) != platform.Unavailable {
		t.Fatalf("err %v (%s), want Unavailable", err, platform.ErrorCode(err))
	}
}

// FuzzIsolatedText feeds arbitrary bytes, as a PDF and as the sniffed
// format, to the isolated path: whatever the file does to the reader in the
// child, the parent gets clean text or an error within the timeout, and
// goes on. Seeds: the hostile PDFs, a normal PDF, a text.
func FuzzIsolatedText(f *testing.F) {
	for _, h := range append(extracttest.HostilePDFs(), extracttest.Unchecked()...) {
		f.Add(h.Data)
	}
	f.Add(extracttest.PDF("Asset recovery and international cooperation"))
	f.Add([]byte(russian))
	const timeout = 500 * time.Millisecond
	x := isolated(f, timeout)
	f.Fuzz(func(t *testing.T, data []byte) {
		formats := []string{platform.FormatPDF}
		if k, err := extract.Sniff(bytes.NewReader(data), int64(len(data))); err == nil && k.Format != platform.FormatPDF {
			formats = append(formats, k.Format)
		}
		for _, format := range formats {
			start := time.Now()
			text, err := x.Text(format, bytes.NewReader(data), int64(len(data)))
			if took := time.Since(start); took > timeout+5*time.Second {
				t.Fatalf("Text(%s) took %s", format, took)
			}
			if platform.ErrorCode(err) == platform.Unavailable {
				t.Fatalf("Text(%s): %v", format, err)
			}
			if err == nil {
				checkText(t, format, text)
			} else if err.Error() == "" {
				t.Fatalf("Text(%s): an error without a message", format)
			}
		}
	})
}
