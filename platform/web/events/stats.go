package events

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The statistics of events: /{lang}/events/statistics (tables and bar
// charts drawn on the server as SVG, each with its numbers in a table as
// its text alternative; no script), the same tables as
// /{lang}/events/statistics.csv and .xlsx with headers in the reader's
// language, and GET /api/v1/events/statistics. The rules are platform's
// (platform/stats.go); this file only reads the parameters and lays the
// numbers out.

// registerStats adds the statistics' routes. They are static paths, which
// gin matches before /events/:id.
func (s *server) registerStats(r *web.Router) error {
	if err := r.ParsePages(templates, template.FuncMap{"bars": bars}, "statistics"); err != nil {
		return err
	}
	r.Pages.GET("/events/statistics", s.statsPage)
	r.Pages.GET("/events/statistics.csv", s.statsCSV)
	r.Pages.GET("/events/statistics.xlsx", s.statsXLSX)
	r.API.GET("/events/statistics", s.apiStats)
	return nil
}

// statsFilter reads year (default the current one), country and area (each
// may repeat). Bad values are Invalid, naming the parameter.
func statsFilter(c *gin.Context) (platform.StatsFilter, error) {
	f := platform.StatsFilter{Countries: nonEmpty(c.QueryArray("country")), Areas: nonEmpty(c.QueryArray("area"))}
	if v := strings.TrimSpace(c.Query("year")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, badParam("year", v)
		}
		f.Year = n
	}
	now := time.Now()
	f.Normalize(now)
	return f, f.Validate(now)
}

// stats reads the filter and asks the service; false when it answered.
func (s *server) stats(c *gin.Context) (*platform.EventStats, bool) {
	f, err := statsFilter(c)
	if err == nil && s.Stats == nil {
		err = platform.Localized(platform.NotFound, "error.not_found", nil, "no statistics service")
	}
	var st *platform.EventStats
	if err == nil {
		st, err = s.Stats.EventStats(c.Request.Context(), f)
	}
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return st, true
}

// apiStats answers GET /api/v1/events/statistics.
func (s *server) apiStats(c *gin.Context) {
	if st, ok := s.stats(c); ok {
		c.JSON(http.StatusOK, st)
	}
}

// statsLine is a line of a statistics table: what is counted and its
// number, as shown (Text) and as a number (Value; Missing for no data).
type statsLine struct {
	Label, Text string
	Value       float64
	Missing     bool
}

// statsTable is one of the statistics' tables; Chart tells the page to draw
// it as bars.
type statsTable struct {
	ID, Title string
	Lines     []statsLine
	Chart     bool
}

// number writes n as the page and the files show it: whole numbers
// without decimals, others with one.
func number(n float64) string {
	if n == float64(int64(n)) {
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatFloat(n, 'f', 1, 64)
}

func countLines(l *i18n.Localizer, list []platform.StatsCount, prefix string) []statsLine {
	out := make([]statsLine, 0, len(list))
	for _, c := range list {
		out = append(out, statsLine{Label: l.T(prefix + c.Key), Text: strconv.Itoa(c.Count), Value: float64(c.Count)})
	}
	return out
}

// statsTables lays the statistics out in the reader's language, in the
// order the page, the CSV and the XLSX file give them.
func statsTables(l *i18n.Localizer, st *platform.EventStats) []statsTable {
	noData := statsLine{Text: l.T("stats.no_data"), Missing: true}
	line := func(id string, v float64) statsLine { return statsLine{Label: l.T(id), Text: number(v), Value: v} }
	summary := []statsLine{
		line("stats.events_held", float64(st.Events)),
		line("stats.participants", float64(st.Participants)),
		line("stats.unique_participants", float64(st.UniqueParticipants)),
		line("stats.trainers", float64(st.Trainers)),
		line("stats.trainings", float64(st.TrainingEvents)),
		line("stats.training_hours", st.TrainingHours),
	}
	if a := st.Attendance; a != nil {
		summary = append(summary, line("stats.participant_hours", a.ParticipantHours))
	} else {
		ph := noData
		ph.Label = l.T("stats.participant_hours")
		summary = append(summary, ph)
	}
	if g := st.KnowledgeGain; g != nil {
		summary = append(summary, line("stats.knowledge_gain", g.Mean), line("stats.gain_events", float64(g.Events)),
			line("stats.respondents", float64(g.Respondents)))
	} else {
		kg := noData
		kg.Label = l.T("stats.knowledge_gain")
		summary = append(summary, kg)
	}
	return []statsTable{
		{ID: "summary", Title: l.T("stats.summary"), Lines: summary},
		{ID: "kinds", Title: l.T("stats.by_kind"), Lines: countLines(l, st.EventsByKind, "event_kind."), Chart: true},
		{ID: "countries", Title: l.T("stats.by_country"), Lines: countLines(l, st.ByCountry, "country."), Chart: true},
		{ID: "categories", Title: l.T("stats.by_category"), Lines: countLines(l, st.ByCategory, "registration.category_"), Chart: true},
		{ID: "genders", Title: l.T("stats.by_gender"), Lines: countLines(l, st.ByGender, "stats.gender_"), Chart: true},
	}
}

// bar is a bar of a chart, in SVG user units.
type bar struct {
	Label, Text      string
	Y, Width, TextX  int
	LabelY, BarY     int
	BarHeight, ViewW int
}

// chart is a table drawn as horizontal bars: each line's label above its
// bar, the number at the bar's end.
type chart struct {
	Bars           []bar
	Height, Width  int
	Title, Summary string
}

// bars draws a table's lines as a bar chart; the longest bar is the
// chart's width.
func bars(t statsTable) chart {
	const width, barMax, rowH, barH = 640, 560, 44, 18
	var top float64
	for _, ln := range t.Lines {
		top = max(top, ln.Value)
	}
	ch := chart{Width: width, Height: len(t.Lines)*rowH + 8, Title: t.Title}
	var desc []string
	for i, ln := range t.Lines {
		w := 0
		if top > 0 {
			w = int(ln.Value / top * barMax)
		}
		y := i * rowH
		ch.Bars = append(ch.Bars, bar{Label: ln.Label, Text: ln.Text, LabelY: y + 14, BarY: y + 20, BarHeight: barH, Width: w, TextX: w + 6, Y: y + 34})
		desc = append(desc, ln.Label+": "+ln.Text)
	}
	ch.Summary = strings.Join(desc, "; ")
	return ch
}

// statsQuery is the filter as a query string, for the links to the files.
func statsQuery(st *platform.EventStats) string {
	q := url.Values{"year": {strconv.Itoa(st.Year)}}
	for _, c := range st.Countries {
		q.Add("country", c)
	}
	for _, a := range st.Areas {
		q.Add("area", a)
	}
	return q.Encode()
}

// statsPage serves /{lang}/events/statistics.
func (s *server) statsPage(c *gin.Context) {
	st, ok := s.stats(c)
	if !ok {
		return
	}
	l := s.Localizer(c)
	title := l.T("stats.title_year", map[string]any{"Year": st.Year})
	s.Render(c, http.StatusOK, "statistics", "events", title, map[string]any{
		"Title": title, "Year": st.Year, "Tables": statsTables(l, st),
		"Countries": countryOptions(l, st.Countries), "Areas": areaOptions(l, st.Areas),
		"Query": template.URL(statsQuery(st)),
	})
}

// statsRows are the tables as the files' rows: table, item, value.
func statsRows(l *i18n.Localizer, st *platform.EventStats) [][]any {
	rows := [][]any{{l.T("stats.column_table"), l.T("stats.column_item"), l.T("stats.column_value")}}
	for _, t := range statsTables(l, st) {
		for _, ln := range t.Lines {
			var v any = ln.Value
			if ln.Missing {
				v = ln.Text
			}
			rows = append(rows, []any{t.Title, ln.Label, v})
		}
	}
	return rows
}

// fileName is the name a downloaded file is offered under.
func fileName(st *platform.EventStats, ext string) string {
	return fmt.Sprintf("event-statistics-%d.%s", st.Year, ext)
}

// statsCSV serves the tables as CSV in UTF-8 with a byte order mark:
// without it Excel reads the file in the system's code page and shows
// Cyrillic as mojibake; with it Excel, LibreOffice and encoding/csv
// readers that strip it all read the file right.
func (s *server) statsCSV(c *gin.Context) {
	st, ok := s.stats(c)
	if !ok {
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	for _, row := range statsRows(s.Localizer(c), st) {
		rec := make([]string, len(row))
		for i, v := range row {
			if f, ok := v.(float64); ok {
				rec[i] = number(f)
			} else {
				rec[i] = fmt.Sprint(v)
			}
		}
		_ = w.Write(rec) // a bytes.Buffer does not fail
	}
	w.Flush()
	c.Header("Content-Disposition", `attachment; filename="`+fileName(st, "csv")+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// statsXLSX serves the tables as an Excel workbook of one sheet, numbers
// as numbers.
func (s *server) statsXLSX(c *gin.Context) {
	st, ok := s.stats(c)
	if !ok {
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, row := range statsRows(s.Localizer(c), st) {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err == nil {
			err = f.SetSheetRow(sheet, cell, &row)
		}
		if err != nil {
			s.WriteError(c, err)
			return
		}
	}
	_ = f.SetColWidth(sheet, "A", "B", 40)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+fileName(st, "xlsx")+`"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}
