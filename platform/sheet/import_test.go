package sheet_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

// recorder is an importer that takes every row it is given, and says
// whether it wrote them as the options asked.
type recorder struct {
	opts platform.ImportOptions
	rows []platform.ItemRow
}

func (r *recorder) ImportItems(_ context.Context, rows []platform.ItemRow, opts platform.ImportOptions) (*platform.ImportReport, error) {
	r.opts, r.rows = opts, rows
	rep := &platform.ImportReport{Written: !opts.DryRun}
	for _, row := range rows {
		rep.Rows = append(rep.Rows, platform.ImportRowResult{Row: row.Row, Outcome: platform.OutcomeCreated})
		rep.Created++
	}
	return rep, nil
}

func TestAnUnreadableRowKeepsTheImportFromWriting(t *testing.T) {
	csv := "code,weight,colour\nA,1,\nB,abc,\nC,2,\n"
	tests := []struct {
		name      string
		csv       string
		opts      platform.ImportOptions
		wantDry   bool
		wantRows  string
		rejected  int
		problems  int
		wantWrite bool
	}{
		{"a bad cell makes a dry run", "code,weight\nA,1\nB,abc\nC,2\n", platform.ImportOptions{}, true, "2 created, 3 rejected, 4 created", 1, 1, false},
		{"an unknown column makes a dry run", csv, platform.ImportOptions{}, true, "2 created, 3 rejected, 4 created", 1, 2, false},
		{"the valid rows are written when asked", csv, platform.ImportOptions{WriteValid: true}, false, "2 created, 3 rejected, 4 created", 1, 2, true},
		{"a file that reads whole is written", "code,weight\nA,1\n", platform.ImportOptions{}, false, "2 created", 0, 0, true},
		{"a dry run stays one", "code,weight\nA,1\n", platform.ImportOptions{DryRun: true}, true, "2 created", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems, err := sheet.ReadItems(strings.NewReader(tt.csv), sheet.CSV)
			if err != nil {
				t.Fatal(err)
			}
			svc := &recorder{}
			rep, err := sheet.ImportItems(context.Background(), svc, rows, problems, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rep.Rows {
				got = append(got, fmt.Sprintf("%d %s", r.Row, r.Outcome))
			}
			if svc.opts.DryRun != tt.wantDry || strings.Join(got, ", ") != tt.wantRows || rep.Rejected != tt.rejected ||
				len(rep.Problems) != tt.problems || rep.Written != tt.wantWrite {
				t.Errorf("dry run %v, rows %v, rejected %d, problems %v, written %v", svc.opts.DryRun, got, rep.Rejected, rep.Problems, rep.Written)
			}
		})
	}
}
