// Package sheet writes the roadmap's items and recommendations as
// spreadsheets (CSV or XLSX) and reads them back as rows for an import
// (platform.ItemRow, platform.RecommendationRow). It only parses: whether a
// row's values are allowed (a known status, an existing parent) is the
// service's to check when it imports the rows, with the same problems'
// shape.
//
// The columns are named after the JSON fields of platform.ItemInput and
// platform.RecommendationInput ("weight", "title.ru"), so that a problem's
// column, from the sheet or from the service (platform.ProblemOf), names a
// column of the file.
//
// Reading a file a stranger uploaded belongs in a child process
// (ReadIsolated): an XLSX is a zip of XML, which a hostile file can make
// explode. ReadItems and ReadRecommendations, in process, are for the
// child and for files the hub wrote itself.
package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ca-uncac/hub/platform"
)

// Format is a spreadsheet's file format.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Formats lists the formats.
func Formats() []Format { return []Format{CSV, XLSX} }

// ParseFormat reads a format as a name or a file extension ("csv", ".XLSX").
// Codes: UnsupportedType.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")))
	if !slices.Contains(Formats(), f) {
		return "", platform.Localized(platform.UnsupportedType, "roadmap.sheet.unknown_format",
			map[string]any{"Expected": "CSV, XLSX"}, "a spreadsheet is CSV or XLSX, not %q", s)
	}
	return f, nil
}

// FormatOf tells an uploaded file's format from its first bytes and its
// name: a zip is an XLSX whatever its name; otherwise a name ending in
// .xlsx is an XLSX (which will not open), .csv, .txt or no extension a
// CSV. An old Excel workbook (.xls, an OLE compound file), an OpenDocument
// spreadsheet (.ods) or any other name is UnsupportedType.
func FormatOf(name string, head []byte) (Format, error) {
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.ContainsAny(name[i:], "/\\") {
		ext = strings.ToLower(name[i+1:])
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) && ext != "ods":
		return XLSX, nil
	case ext == "xlsx":
		return XLSX, nil
	case ext == "csv" || ext == "txt" || ext == "" && !bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0")):
		return CSV, nil
	}
	return ParseFormat(ext)
}

// ContentType is the format's media type, for a download.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Limits of a file read.
const (
	// MaxFileBytes is the largest file read.
	MaxFileBytes = 20 << 20
	// MaxCellChars is the most characters in a cell: Excel's own limit.
	MaxCellChars = 32767
	// maxUnzipped bounds what an XLSX unzips to, all parts together:
	// 20 MB of XLSX holding the most rows an import takes is far below it,
	// and it keeps every part in memory (excelize spills larger
	// worksheets to temporary files).
	maxUnzipped = 200 << 20
)

// DateLayout is how dates are written in a sheet.
const DateLayout = time.DateOnly

// table is a file's cells as read: the header (row 1) and the rows under it
// with their numbers in the file, blank rows left out.
type table struct {
	header []string
	rows   []tableRow
	format Format
}

type tableRow struct {
	n     int
	cells []string
}

// readTable reads a file of format into cells. A file the hub cannot read
// as a whole (too large, not UTF-8, damaged) is an error; cells are not
// looked at here.
func readTable(r io.Reader, format Format) (*table, error) {
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge()
	}
	var t *table
	if format == XLSX {
		t, err = readXLSX(data)
	} else {
		t, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	t.format = format
	if len(t.rows) > platform.MaxImportRows {
		return nil, platform.Localized(platform.Invalid, "roadmap.sheet.too_many_rows",
			map[string]any{"Limit": platform.MaxImportRows}, "more than %d rows", platform.MaxImportRows)
	}
	return t, nil
}

func tooLarge() error {
	return platform.Localized(platform.TooLarge, "roadmap.sheet.too_large", map[string]any{"Limit": "20 MB"},
		"the file is larger than %d MB", MaxFileBytes>>20)
}

// tooComplex refuses a file that needs more memory or time to read than a
// reader may take.
func tooComplex(err error) error {
	return &platform.Error{Code: platform.TooLarge, MessageID: "roadmap.sheet.too_complex",
		Message: "reading the file needs more memory or time than allowed", Err: err}
}

// notSpreadsheet refuses a file that does not read as format.
func notSpreadsheet(format Format, err error) error {
	e := platform.Localized(platform.Invalid, "roadmap.sheet.not_spreadsheet",
		map[string]any{"Expected": strings.ToUpper(string(format))}, "the file cannot be read as %s", strings.ToUpper(string(format)))
	e.Err = err
	return e
}

var bom = []byte("\xef\xbb\xbf")

func readCSV(data []byte) (*table, error) {
	data = bytes.TrimPrefix(data, bom)
	if bytes.IndexByte(data, 0) >= 0 {
		// A NUL is no text a person typed: the file is binary, or UTF-16.
		return nil, platform.Localized(platform.Invalid, "roadmap.sheet.binary", nil, "the file holds a NUL byte: not a text table")
	}
	if !utf8.Valid(data) {
		return nil, platform.Localized(platform.Invalid, "roadmap.sheet.not_utf8", map[string]any{"Expected": "UTF-8"},
			"the file is not UTF-8 text (save it as CSV UTF-8)")
	}
	comma, skipped := separator(data)
	data = data[skipped:]
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	t := &table{}
	row, end := 0, int64(0)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			e := platform.Localized(platform.Invalid, "roadmap.sheet.csv_syntax", map[string]any{"Line": line},
				"line %d: a quote is not closed or stands inside a field", line)
			e.Err = err
			return nil, e
		}
		// The reader skips blank lines; a spreadsheet counts them as rows.
		row += 1 + blankLines(data[end:])
		end = cr.InputOffset()
		for i, c := range rec {
			rec[i] = unescapeCSV(c)
		}
		if row == 1 {
			t.header = rec
			continue
		}
		if t.header == nil {
			// Blank lines above the header: the first record is still the
			// header, in row 1 of what a person sees.
			t.header = rec
			continue
		}
		if !blank(rec) {
			t.rows = append(t.rows, tableRow{n: row, cells: rec})
		}
	}
	return t, nil
}

// separator guesses the file's field separator from its first line: Excel
// writes ";" where the decimal separator is a comma (Russian and Central
// Asian locales), "," elsewhere, and some tools write tabs. A first line
// "sep=;" (which Excel reads and does not show) says it, and is skipped:
// skipped is its length.
func separator(data []byte) (comma rune, skipped int) {
	if rest, ok := bytes.CutPrefix(data, []byte("sep=")); ok && len(rest) > 0 && (len(rest) == 1 || rest[1] == '\n' || rest[1] == '\r') {
		if c := rune(rest[0]); c == ',' || c == ';' || c == '\t' || c == '|' {
			n := len("sep=") + 1
			n += blankLinePrefix(data[n:])
			return c, n
		}
	}
	inQuotes := false
	counts := map[rune]int{}
	for _, c := range data {
		if c == '"' {
			inQuotes = !inQuotes
		}
		if !inQuotes && (c == '\n' || c == '\r') {
			break
		}
		if !inQuotes && (c == ',' || c == ';' || c == '\t') {
			counts[rune(c)]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best, 0
}

// blankLinePrefix is the length of the line end b starts with.
func blankLinePrefix(b []byte) int {
	switch {
	case bytes.HasPrefix(b, []byte("\r\n")):
		return 2
	case bytes.HasPrefix(b, []byte("\n")), bytes.HasPrefix(b, []byte("\r")):
		return 1
	}
	return 0
}

func blankLines(b []byte) int {
	n := 0
	for {
		switch {
		case bytes.HasPrefix(b, []byte("\r\n")):
			b = b[2:]
		case bytes.HasPrefix(b, []byte("\n")):
			b = b[1:]
		default:
			return n
		}
		n++
	}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvFormulaStart are the characters that make Excel read a CSV field as a
// formula: a field that starts with one is written after an apostrophe, so
// that a title such as "=HYPERLINK(…)" stays text on the reader's machine.
// Reading drops that apostrophe again (and one before an apostrophe, so
// that every text comes back as it was).
const csvFormulaStart = "=+-@\t\r"

func escapeCSV(s string) string {
	if s == "" {
		return s
	}
	if strings.IndexByte(csvFormulaStart, s[0]) >= 0 || s[0] == '\'' && len(s) > 1 && strings.IndexByte(csvFormulaStart+"'", s[1]) >= 0 {
		return "'" + s
	}
	return s
}

func unescapeCSV(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(csvFormulaStart+"'", s[1]) >= 0 {
		return s[1:]
	}
	return s
}

func readXLSX(data []byte) (*table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			// A zip bomb, or a sheet too large to read whole: its
			// parts unzip to more than maxUnzipped.
			return nil, tooComplex(err)
		}
		return nil, notSpreadsheet(XLSX, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, notSpreadsheet(XLSX, errors.New("no worksheet"))
	}
	// RawCellValue: numbers as stored, not as displayed ("0.5", not
	// "50%"); a formula's cell gives its cached value, never evaluated.
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, notSpreadsheet(XLSX, err)
	}
	defer rows.Close()
	t := &table{}
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, notSpreadsheet(XLSX, err)
		}
		if n == 1 {
			t.header = cells
			continue
		}
		if !blank(cells) {
			t.rows = append(t.rows, tableRow{n: n, cells: cells})
			if len(t.rows) > platform.MaxImportRows {
				break
			}
		}
	}
	if err := rows.Error(); err != nil {
		return nil, notSpreadsheet(XLSX, err)
	}
	return t, nil
}

// columns maps the header's names to their positions, and tells the
// header's problems: unknown and repeated columns. known lists the columns
// of the sheet, read-only ones included (they are ignored when read).
func columns(header []string, known []string) (map[string]int, []platform.ImportProblem, error) {
	pos := map[string]int{}
	var problems []platform.ImportProblem
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case name == "":
			continue
		case !slices.Contains(known, name):
			problems = append(problems, problem(1, h, "roadmap.sheet.unknown_column", nil, "unknown column %q", h))
		case pos[name] != 0:
			problems = append(problems, problem(1, name, "roadmap.sheet.duplicate_column", nil, "column %q appears twice", name))
		default:
			pos[name] = i + 1
		}
	}
	if len(pos) == 0 {
		return nil, nil, platform.Localized(platform.Invalid, "roadmap.sheet.no_header",
			map[string]any{"Expected": strings.Join(known[:min(4, len(known))], ", ")},
			"row 1 names no known column: it should name the columns, such as %s", strings.Join(known[:min(4, len(known))], ", "))
	}
	for k := range pos {
		pos[k]--
	}
	return pos, problems, nil
}

// problem is a row's problem in column, with the message id and its data
// (Field is the column, as platform.ProblemOf has it).
func problem(row int, column, id string, data map[string]any, format string, args ...any) platform.ImportProblem {
	d := map[string]any{"Field": column}
	for k, v := range data {
		d[k] = v
	}
	return platform.ImportProblem{Row: row, Column: column, MessageID: id, Data: d,
		Message: column + ": " + fmt.Sprintf(format, args...)}
}

// cells reads one row's cells by column name, and collects its problems.
type cells struct {
	row      tableRow
	pos      map[string]int
	format   Format
	problems []platform.ImportProblem
}

// get is the cell of column, "" when the file has no such column. A cell
// too long or holding a control character is a problem, and reads as "".
func (c *cells) get(column string) string {
	i, ok := c.pos[column]
	if !ok || i >= len(c.row.cells) {
		return ""
	}
	s := c.row.cells[i]
	if n := utf8.RuneCountInString(s); n > MaxCellChars {
		c.fail(column, "roadmap.sheet.cell_too_long", map[string]any{"Limit": MaxCellChars}, "longer than %d characters", MaxCellChars)
		return ""
	}
	if !utf8.ValidString(s) {
		c.fail(column, "roadmap.sheet.control_character", map[string]any{"Value": "U+FFFD"}, "not UTF-8 text")
		return ""
	}
	if i := strings.IndexFunc(s, control); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		c.fail(column, "roadmap.sheet.control_character", map[string]any{"Value": fmt.Sprintf("U+%04X", r)},
			"holds the control character U+%04X", r)
		return ""
	}
	return s
}

func control(r rune) bool { return r != '\n' && r != '\t' && r != '\r' && unicode.IsControl(r) }

func (c *cells) fail(column, id string, data map[string]any, format string, args ...any) {
	c.problems = append(c.problems, problem(c.row.n, column, id, data, format, args...))
}

// shown cuts a value for a message: the reader sees which cell it was.
func shown(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

// text is a trimmed cell.
func (c *cells) text(column string) string { return strings.TrimSpace(c.get(column)) }

// texts reads the columns prefix.<lang>; empty cells give no entry, and no
// cell at all gives nil.
func (c *cells) texts(prefix string) platform.Text {
	var t platform.Text
	for _, l := range platform.Languages() {
		if s := c.get(prefix + "." + l); strings.TrimSpace(s) != "" {
			if t == nil {
				t = platform.Text{}
			}
			t[l] = s
		}
	}
	return t
}

// number reads a decimal number, with a decimal point or comma and perhaps
// spaces between thousands; empty gives def.
func (c *cells) number(column string, def float64) float64 {
	s := c.text(column)
	if s == "" {
		return def
	}
	v, ok := parseNumber(s)
	if !ok {
		c.fail(column, "roadmap.sheet.bad_number", map[string]any{"Value": shown(s)}, "%q is not a number", s)
		return def
	}
	return v
}

func parseNumber(s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// integer reads a whole number; empty gives 0.
func (c *cells) integer(column string) int {
	s := c.text(column)
	if s == "" {
		return 0
	}
	v, ok := parseNumber(s)
	if !ok || v != math.Trunc(v) || math.Abs(v) > 1e9 {
		c.fail(column, "roadmap.sheet.bad_number", map[string]any{"Value": shown(s)}, "%q is not a whole number", s)
		return 0
	}
	return int(v)
}

// date reads a day written YYYY-MM-DD, or in an XLSX a date cell (Excel
// stores a date as its serial number of days); empty gives nil.
func (c *cells) date(column string) *time.Time {
	s := c.text(column)
	if s == "" {
		return nil
	}
	if d, err := time.Parse(DateLayout, s); err == nil {
		return &d
	}
	if c.format == XLSX {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 1 && v < 2958466 {
			if t, err := excelize.ExcelDateToTime(v, false); err == nil {
				d := platform.Day(t.Add(time.Second)) // a serial's float may fall a hair before midnight
				return &d
			}
		}
	}
	c.fail(column, "roadmap.sheet.bad_date", map[string]any{"Value": shown(s), "Expected": "YYYY-MM-DD"},
		"%q is not a date written YYYY-MM-DD", s)
	return nil
}

// list splits a cell of values separated by commas, semicolons or spaces.
func list(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
}

// articles reads article numbers separated by commas; empty gives nil.
func (c *cells) articles(column string) []int {
	var out []int
	for _, f := range list(c.get(column)) {
		n, err := strconv.Atoi(strings.TrimSuffix(f, "."))
		if err != nil || n < 1 || n > 1000 {
			c.fail(column, "roadmap.sheet.bad_article", map[string]any{"Value": shown(f)}, "%q is not an article number", f)
			return nil
		}
		out = append(out, n)
	}
	return out
}

// sheetWriter writes rows of values (string, float64, or nil for an empty
// cell) in a format.
type sheetWriter interface {
	row(values []any) error
	close() error
}

// newWriter starts a sheet of format with its header. In an XLSX, the
// columns of lists (by name) offer their values in a drop-down, and Excel
// refuses others as they are typed.
func newWriter(w io.Writer, format Format, name string, header []string, widths []float64, lists map[string][]string) (sheetWriter, error) {
	switch format {
	case CSV:
		if _, err := w.Write(bom); err != nil {
			return nil, err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		sw := &csvWriter{w: cw}
		return sw, cw.Write(header)
	case XLSX:
		return newXLSXWriter(w, name, header, widths, lists)
	}
	_, err := ParseFormat(string(format))
	return nil, err
}

type csvWriter struct {
	w   *csv.Writer
	rec []string
}

func (c *csvWriter) row(values []any) error {
	c.rec = c.rec[:0]
	for _, v := range values {
		switch v := v.(type) {
		case string:
			c.rec = append(c.rec, escapeCSV(v))
		case float64:
			c.rec = append(c.rec, strconv.FormatFloat(v, 'f', -1, 64))
		default:
			c.rec = append(c.rec, "")
		}
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) close() error {
	c.w.Flush()
	return c.w.Error()
}

type xlsxWriter struct {
	out io.Writer
	f   *excelize.File
	sw  *excelize.StreamWriter
	n   int
	buf []any
}

func newXLSXWriter(out io.Writer, name string, header []string, widths []float64, lists map[string][]string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, err
	}
	// Validations are set before the stream starts: the stream writes the
	// worksheet's other parts as they are when it starts.
	for i, h := range header {
		values, ok := lists[h]
		if !ok {
			continue
		}
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return nil, err
		}
		dv := excelize.NewDataValidation(true)
		// Excel's own message, in the reader's language, when another
		// value is typed.
		dv.ShowErrorMessage = true
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, platform.MaxImportRows+1))
		if err := dv.SetDropList(values); err != nil {
			return nil, err
		}
		if err := f.AddDataValidation(name, dv); err != nil {
			return nil, err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	cellsOut := make([]any, len(header))
	for i, h := range header {
		cellsOut[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", cellsOut); err != nil {
		return nil, err
	}
	return &xlsxWriter{out: out, f: f, sw: sw, n: 1}, nil
}

func (x *xlsxWriter) row(values []any) error {
	x.n++
	x.buf = x.buf[:0]
	for _, v := range values {
		switch v := v.(type) {
		case string, float64:
			x.buf = append(x.buf, v)
		default:
			x.buf = append(x.buf, nil)
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, x.n)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.buf)
}

func (x *xlsxWriter) close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.out)
}

// langColumns are prefix.<lang> for every language.
func langColumns(prefix string) []string {
	var out []string
	for _, l := range platform.Languages() {
		out = append(out, prefix+"."+l)
	}
	return out
}

// textValues are t's texts in the order of langColumns.
func textValues(t platform.Text) []any {
	var out []any
	for _, l := range platform.Languages() {
		out = append(out, t[l])
	}
	return out
}

func dateValue(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(DateLayout)
}

func articlesValue(a []int) any {
	if len(a) == 0 {
		return nil
	}
	s := make([]string, len(a))
	for i, n := range a {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func floatValue(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
