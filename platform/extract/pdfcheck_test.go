package extract_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/extract/extracttest"
)

// TestHostilePDFsAreRefusedBeforeTheReader: the structure check finds the
// loop, the impossible size or the object stream inside itself of each
// crafted PDF and refuses it in milliseconds, before the PDF reader meets
// it. It runs in the child, as in the hub, so that a miss costs a child
// and fails this test instead of ending the test process.
func TestHostilePDFsAreRefusedBeforeTheReader(t *testing.T) {
	x := isolated(t, 10*time.Second)
	for _, f := range extracttest.HostilePDFs() {
		t.Run(f.Name, func(t *testing.T) {
			start := time.Now()
			_, err := x.Text(platform.FormatPDF, bytes.NewReader(f.Data), int64(len(f.Data)))
			took := time.Since(start)
			t.Logf("%v in %s", err, took.Round(time.Millisecond))
			if !errors.Is(err, extract.ErrStructure) {
				t.Fatalf("err %v, want ErrStructure", err)
			}
			if took > 2*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}

// TestTheStructureCheckPassesRealFiles: PDFs as producers write them —
// classic tables, compressed object streams with a predicted
// cross-reference stream and an incremental update, Chromium's — pass the
// check and are read.
func TestTheStructureCheckPassesRealFiles(t *testing.T) {
	files := []struct {
		name, want string
		data       []byte
	}{
		{"a classic table", "Asset recovery", extracttest.PDF("Asset recovery")},
		{"object streams, a predicted xref stream and an update", "Mutual legal assistance", extracttest.CompressedPDF("Mutual legal assistance")},
		{"fonts with ToUnicode maps", "Закон", pdfDoc(t, true, []string{russian})},
	}
	if b, err := os.ReadFile("testdata/chromium-two-pages.pdf"); err == nil {
		files = append(files, struct {
			name, want string
			data       []byte
		}{"printed by Chromium", "", b})
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			text, err := extract.Text(platform.FormatPDF, bytes.NewReader(f.data), int64(len(f.data)))
			if err != nil || !strings.Contains(text, f.want) {
				t.Fatalf("%q, %v", text, err)
			}
		})
	}
}

// TestAPageThatIsItsOwnParentIsRead: the page's resources are looked up
// through a bounded number of parents (the PDF reader's own lookup follows
// /Parent for ever), so a page that is its own parent is read at once.
func TestAPageThatIsItsOwnParentIsRead(t *testing.T) {
	content := "BT /F1 12 Tf 72 720 Td (Whistleblower protection) Tj ET"
	b := extracttest.Objects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	)
	x := isolated(t, 5*time.Second)
	start := time.Now()
	text, err := x.Text(platform.FormatPDF, bytes.NewReader(b), int64(len(b)))
	if err != nil || !strings.Contains(text, "Whistleblower protection") {
		t.Fatalf("%q, %v after %s", text, err, time.Since(start))
	}
}

// TestWhatTheCheckMissesTheChildStops: hostile PDFs the structure check
// cannot follow reach the PDF reader, which overflows its stack or loops in
// the child until the limits stop it; the parent gets an error of the file.
func TestWhatTheCheckMissesTheChildStops(t *testing.T) {
	const timeout = 2 * time.Second
	x := isolated(t, timeout)
	for i, f := range extracttest.Unchecked() {
		t.Run(f.Name, func(t *testing.T) {
			start := time.Now()
			_, err := x.Text(platform.FormatPDF, bytes.NewReader(f.Data), int64(len(f.Data)))
			took := time.Since(start)
			t.Logf("%v in %s", err, took.Round(time.Millisecond))
			if want := []error{extract.ErrStack, extract.ErrTimeout}[i]; !errors.Is(err, want) {
				t.Fatalf("err %v, want %v", err, want)
			}
			if took > timeout+2*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}
