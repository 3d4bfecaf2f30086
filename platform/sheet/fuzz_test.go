package sheet_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

// FuzzReadCSV: any bytes read as a CSV sheet give rows, problems or an
// error of the platform's, never a panic; every problem is of row 1 (the
// header) or names a column of the sheet, and rows are numbered past the
// header, in order.
//
//	go test -run '^$' -fuzz FuzzReadCSV -fuzztime 30s ./platform/sheet/
func FuzzReadCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := sheet.WriteItems(&buf, sheet.CSV, testItems(), testPriorities, platform.Public); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("\ufeffcode;weight;due\r\nA;0,5;2026-12-31\r\n\r\nB;x;31/12/2026\r\n"))
	f.Add([]byte("code,title.en\n\"a\nb\",\"'=1\"\n,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, problems, err := sheet.ReadItems(bytes.NewReader(data), sheet.CSV)
		if err != nil {
			if platform.AsError(err) == nil {
				t.Fatalf("a foreign error: %v", err)
			}
			return
		}
		last := 1
		for _, r := range rows {
			if r.Row <= last {
				t.Fatalf("row %d after row %d", r.Row, last)
			}
			last = r.Row
		}
		for _, p := range problems {
			if p.Row != 1 && !slices.Contains(sheet.ItemColumns(), p.Column) || p.MessageID == "" {
				t.Fatalf("problem %+v", p)
			}
		}
	})
}
