package sheet

import (
	"io"
	"strings"

	"github.com/ca-uncac/hub/platform"
)

// RecommendationColumns are the columns of a recommendations sheet, in the
// order written. "commitments" are item ids separated by commas;
// "duplicates" (the likely duplicates' ids) is read-only.
func RecommendationColumns() []string {
	cols := []string{"id", "country", "source", "reference", "year", "area", "articles"}
	cols = append(cols, langColumns("text")...)
	return append(cols, "implementation", "commitments", "visibility", ColDuplicates)
}

func recommendationWidths() []float64 {
	w := []float64{26, 9, 12, 30, 7, 16, 14}
	for range platform.Languages() {
		w = append(w, 60)
	}
	return append(w, 16, 30, 12, 30)
}

// WriteRecommendations writes recs as a sheet of format, one row each in
// the order given, under a header row of RecommendationColumns, as
// WriteItems does.
func WriteRecommendations(w io.Writer, format Format, recs []*platform.Recommendation) error {
	sw, err := newWriter(w, format, "recommendations", RecommendationColumns(), recommendationWidths(), map[string][]string{
		"country": platform.Countries(), "source": strs(platform.RecommendationSources()), "area": platform.Areas(),
		"implementation": strs(platform.Implementations()), "visibility": platform.Visibilities(),
	})
	if err != nil {
		return err
	}
	for _, r := range recs {
		var year any
		if r.Year != 0 {
			year = float64(r.Year)
		}
		v := []any{r.ID, r.Country, string(r.Source), r.Reference, year, r.Area, articlesValue(r.Articles)}
		v = append(v, textValues(r.Text)...)
		v = append(v, string(r.Implementation), strings.Join(r.Commitments, ", "), r.Visibility, strings.Join(r.Duplicates, ", "))
		if err := sw.row(v); err != nil {
			return err
		}
	}
	return sw.close()
}

// ReadRecommendations reads a recommendations sheet of format as ReadItems
// reads an items sheet: the rows that read, the problems of the others,
// and the same errors.
func ReadRecommendations(r io.Reader, format Format) ([]platform.RecommendationRow, []platform.ImportProblem, error) {
	t, err := readTable(r, format)
	if err != nil {
		return nil, nil, err
	}
	pos, problems, err := columns(t.header, RecommendationColumns())
	if err != nil {
		return nil, nil, err
	}
	rows := make([]platform.RecommendationRow, 0, len(t.rows))
	for _, tr := range t.rows {
		c := &cells{row: tr, pos: pos, format: t.format}
		row := platform.RecommendationRow{Row: tr.n, ID: c.text("id")}
		in := &row.RecommendationInput
		in.Country = strings.ToUpper(c.text("country"))
		in.Source = platform.RecommendationSource(strings.ToLower(c.text("source")))
		in.Reference = c.get("reference")
		in.Year = c.integer("year")
		in.Area = strings.ToLower(c.text("area"))
		in.Articles = c.articles("articles")
		in.Text = c.texts("text")
		in.Implementation = platform.Implementation(strings.ToLower(c.text("implementation")))
		in.Commitments = list(c.get("commitments"))
		in.Visibility = strings.ToLower(c.text("visibility"))
		if len(c.problems) > 0 {
			problems = append(problems, c.problems...)
			continue
		}
		rows = append(rows, row)
	}
	return rows, problems, nil
}
