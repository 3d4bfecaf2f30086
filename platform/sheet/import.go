package sheet

import (
	"cmp"
	"context"
	"slices"

	"github.com/ca-uncac/hub/platform"
)

// ItemImporter applies an items sheet's rows: platform.RoadmapService
// does.
type ItemImporter interface {
	ImportItems(ctx context.Context, rows []platform.ItemRow, opts platform.ImportOptions) (*platform.ImportReport, error)
}

// RecommendationImporter applies a recommendations sheet's rows:
// platform.RecommendationService does.
type RecommendationImporter interface {
	ImportRecommendations(ctx context.Context, rows []platform.RecommendationRow, opts platform.ImportOptions) (*platform.ImportReport, error)
}

// ImportItems applies the rows read from a sheet (ReadItems) with the
// problems the reading found, keeping the promise of platform.ImportOptions
// for the file as a whole: the service never saw the rows that did not
// read, so when there are such problems (or the header's) and not
// opts.WriteValid, the service only checks the rows (a dry run) and
// nothing is written. The report then holds the reading's problems with
// the service's, by row and column, each unreadable row rejected.
func ImportItems(ctx context.Context, svc ItemImporter, rows []platform.ItemRow, problems []platform.ImportProblem, opts platform.ImportOptions) (*platform.ImportReport, error) {
	return importRows(problems, opts, func(o platform.ImportOptions) (*platform.ImportReport, error) {
		return svc.ImportItems(ctx, rows, o)
	})
}

// ImportRecommendations applies a recommendations sheet's rows with the
// reading's problems, as ImportItems does.
func ImportRecommendations(ctx context.Context, svc RecommendationImporter, rows []platform.RecommendationRow, problems []platform.ImportProblem, opts platform.ImportOptions) (*platform.ImportReport, error) {
	return importRows(problems, opts, func(o platform.ImportOptions) (*platform.ImportReport, error) {
		return svc.ImportRecommendations(ctx, rows, o)
	})
}

func importRows(problems []platform.ImportProblem, opts platform.ImportOptions, run func(platform.ImportOptions) (*platform.ImportReport, error)) (*platform.ImportReport, error) {
	o := opts
	if len(problems) > 0 && !opts.WriteValid {
		o.DryRun = true
	}
	rep, err := run(o)
	if err != nil {
		return nil, err
	}
	Merge(rep, problems)
	return rep, nil
}

// Merge adds the problems a reading found to an import's report: each
// row of them (but the header, row 1) is a rejected row, and the rows and
// problems are put in the file's order.
func Merge(rep *platform.ImportReport, problems []platform.ImportProblem) {
	seen := map[int]bool{}
	for _, r := range rep.Rows {
		seen[r.Row] = true
	}
	for _, p := range problems {
		if p.Row > 1 && !seen[p.Row] {
			seen[p.Row] = true
			rep.Rows = append(rep.Rows, platform.ImportRowResult{Row: p.Row, Outcome: platform.OutcomeRejected})
			rep.Rejected++
		}
	}
	rep.Problems = append(rep.Problems, problems...)
	slices.SortStableFunc(rep.Rows, func(a, b platform.ImportRowResult) int { return cmp.Compare(a.Row, b.Row) })
	slices.SortStableFunc(rep.Problems, func(a, b platform.ImportProblem) int { return cmp.Compare(a.Row, b.Row) })
}
