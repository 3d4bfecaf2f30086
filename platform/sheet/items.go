package sheet

import (
	"io"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// Read-only columns: written on export for the reader, ignored on import
// (the service computes them).
const (
	ColProgressClaimed  = "progress.claimed"
	ColProgressVerified = "progress.verified"
	ColArea             = "area"
	ColUpdated          = "updated"
	ColDuplicates       = "duplicates"
)

// ItemColumns are the columns of an items sheet, in the order written.
// "parent" names the parent item by id or code; "country" is empty or
// "regional" for a regional item. The last four are read-only.
func ItemColumns() []string {
	cols := []string{"id", "code", "kind", "period", "priority", "parent", "country"}
	cols = append(cols, langColumns("title")...)
	cols = append(cols, langColumns("description")...)
	return append(cols, "lead", "start", "due", "weight", "status", "articles", "visibility",
		ColProgressClaimed, ColProgressVerified, ColArea, ColUpdated)
}

// itemWidths are the columns' widths in an XLSX, in characters.
func itemWidths() []float64 {
	w := []float64{26, 12, 12, 11, 26, 26, 9}
	for range platform.Languages() {
		w = append(w, 40)
	}
	for range platform.Languages() {
		w = append(w, 50)
	}
	return append(w, 30, 12, 12, 8, 13, 14, 12, 10, 10, 16, 20)
}

// WriteItems writes items as a sheet of format, one row each in the order
// given, under a header row of ItemColumns. priorities give each item's
// area (an item whose priority is not among them has none). The progress
// columns are each item's roll-up for tier (platform.Tier of the reader):
// the secretariat's roll-up counts children a public reader may not see,
// so the caller says whose it is rather than the sheet guessing.
//
// CSV is written in UTF-8 with a byte order mark (so that Excel reads
// Cyrillic right), comma separated, a text that Excel would take for a
// formula after an apostrophe (which reading drops); XLSX with a bold,
// frozen header row and column widths. Dates are written YYYY-MM-DD.
func WriteItems(w io.Writer, format Format, items []*platform.RoadmapItem, priorities []platform.Priority, tier string) error {
	area := map[string]string{}
	for _, p := range priorities {
		area[p.ID] = p.Area
	}
	countries := append(platform.Countries(), platform.RegionalKey)
	sw, err := newWriter(w, format, "items", ItemColumns(), itemWidths(), map[string][]string{
		"kind": strs(platform.ItemKinds()), "status": strs(platform.ItemStatuses()),
		"visibility": platform.Visibilities(), "country": countries,
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		country := it.Country
		if country == "" {
			country = platform.RegionalKey
		}
		v := []any{it.ID, it.Code, string(it.Kind), it.Period, it.Priority, it.Parent, country}
		v = append(v, textValues(it.Title)...)
		v = append(v, textValues(it.Description)...)
		p := it.Rollup[tier]
		var updated any
		if !it.UpdatedAt.IsZero() {
			updated = it.UpdatedAt.UTC().Format(time.RFC3339)
		}
		v = append(v, it.Lead, dateValue(it.Start), dateValue(it.Due), it.Weight, string(it.Status),
			articlesValue(it.Articles), it.Visibility,
			floatValue(p.Claimed), floatValue(p.Verified), area[it.Priority], updated)
		if err := sw.row(v); err != nil {
			return err
		}
	}
	return sw.close()
}

// ReadItems reads an items sheet of format: row 1 names the columns
// (ItemColumns, in any order, any subset), each row below is an item. It
// returns the rows that read, and the problems of those that did not (a
// row with a problem is not among the rows): unknown or repeated columns
// (row 1), and cells that do not parse (a weight "abc", a date
// "31/12/2026", an article "x"), each with its row and column. Values are
// only parsed here, not checked: the import checks them (ItemInput
// Validate) and names the same columns.
//
// A row's parent is its ParentRef (an id or a code) and ItemInput.Parent
// stays empty: the import resolves it, perhaps to a row above. An empty
// weight is 1; "regional" or an empty country is a regional item; kind,
// status and visibility are read in lower case and countries in upper
// case. Blank rows are skipped (rows keep their numbers in the file).
//
// Errors: TooLarge (a file over MaxFileBytes), Invalid (more than
// platform.MaxImportRows rows, no known column in row 1, a file that does
// not read as format: damaged, not UTF-8, a NUL in a CSV),
// UnsupportedType (an unknown format).
func ReadItems(r io.Reader, format Format) ([]platform.ItemRow, []platform.ImportProblem, error) {
	t, err := readTable(r, format)
	if err != nil {
		return nil, nil, err
	}
	pos, problems, err := columns(t.header, ItemColumns())
	if err != nil {
		return nil, nil, err
	}
	rows := make([]platform.ItemRow, 0, len(t.rows))
	for _, tr := range t.rows {
		c := &cells{row: tr, pos: pos, format: t.format}
		row := platform.ItemRow{Row: tr.n, ID: c.text("id"), ParentRef: c.text("parent")}
		in := &row.ItemInput
		in.Code = c.text("code")
		in.Kind = platform.ItemKind(strings.ToLower(c.text("kind")))
		in.Period = c.text("period")
		in.Priority = c.text("priority")
		in.Country = country(c.text("country"))
		in.Title = c.texts("title")
		in.Description = c.texts("description")
		in.Lead = c.get("lead")
		in.Start = c.date("start")
		in.Due = c.date("due")
		in.Weight = c.number("weight", 1)
		in.Status = platform.ItemStatus(strings.ToLower(c.text("status")))
		in.Articles = c.articles("articles")
		in.Visibility = strings.ToLower(c.text("visibility"))
		if len(c.problems) > 0 {
			problems = append(problems, c.problems...)
			continue
		}
		rows = append(rows, row)
	}
	return rows, problems, nil
}

// country reads a country cell: a code in upper case, or "" for regional.
func country(s string) string {
	if strings.EqualFold(s, platform.RegionalKey) {
		return ""
	}
	return strings.ToUpper(s)
}

// strs are the values of a named string type as strings.
func strs[S ~string](values []S) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
