package sheet_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

func day(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func pct(v float64) *float64 { return &v }

// everyLanguage is a text in all seven languages, with the letters that go
// wrong: Cyrillic, Kazakh and Tajik letters, the Uzbek ʻ (U+02BB).
func everyLanguage(prefix string) platform.Text {
	return platform.Text{
		"en": prefix + " — anti-corruption, \"quoted\"; with, commas",
		"ru": prefix + " Противодействие коррупции; ёлка",
		"kk": prefix + " Сыбайлас жемқорлыққа қарсы іс-қимыл әңгіме",
		"ky": prefix + " Коррупцияга каршы күрөшүү ңөү",
		"tg": prefix + " Муқовимат ба коррупсия ғӯҳҷ",
		"tk": prefix + " Korrupsiýa garşy göreş ňäçe",
		"uz": prefix + " Korrupsiyaga qarshi kurash oʻgʻ Oʻzbekiston",
	}
}

func testItems() []*platform.RoadmapItem {
	commitment := &platform.RoadmapItem{
		ID: "650000000000000000000001",
		ItemInput: platform.ItemInput{
			Kind: platform.KindCommitment, Period: "2025-2026", Priority: "650000000000000000000101",
			Country: "KZ", Code: "KZ-1.2", Title: everyLanguage("Commitment"),
			Description: platform.Text{"en": "First line\nsecond line, with a comma", "ru": "Строка один\n\nстрока «два»"},
			Lead:        "Anti-Corruption Agency", Start: day("2025-01-01"), Due: day("2026-12-31"),
			Weight: 2.5, Status: platform.StatusLimited, Articles: []int{5, 6, 36}, Visibility: platform.Public,
		},
		Rollup:    map[string]platform.Progress{platform.Public: {Claimed: pct(60), Verified: pct(45.5)}, platform.Secretariat: {Claimed: pct(70)}},
		UpdatedAt: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
	}
	action := &platform.RoadmapItem{
		ID: "650000000000000000000002",
		ItemInput: platform.ItemInput{
			Kind: platform.KindAction, Period: "2025-2026", Priority: "650000000000000000000101",
			Parent: commitment.ID, Country: "KZ", Code: "KZ-1.2.1",
			Title:  platform.Text{"ru": "=HYPERLINK(\"http://evil\")", "en": "+1 plus", "uz": "'quoted by hand", "kk": "''two", "tg": "-minus", "ky": "@at"},
			Weight: 0, Status: platform.StatusNotStarted, Visibility: platform.Members,
		},
	}
	regional := &platform.RoadmapItem{
		ID: "650000000000000000000003",
		ItemInput: platform.ItemInput{
			Kind: platform.KindCommitment, Period: "2025-2026", Priority: "650000000000000000000102",
			Title: platform.Text{"en": "Regional"}, Weight: 1, Status: platform.StatusCompleted,
			Visibility: platform.Secretariat, Due: day("2026-06-30"),
		},
	}
	return []*platform.RoadmapItem{commitment, action, regional}
}

var testPriorities = []platform.Priority{
	{ID: "650000000000000000000101", Area: "prevention"},
	{ID: "650000000000000000000102", Area: "asset_recovery"},
}

// wantRows are the rows an import of items gives: the items' inputs, the
// parent as a reference.
func wantRows(items []*platform.RoadmapItem) []platform.ItemRow {
	var rows []platform.ItemRow
	for i, it := range items {
		in := it.ItemInput
		in.Parent = ""
		rows = append(rows, platform.ItemRow{Row: i + 2, ID: it.ID, ParentRef: it.Parent, ItemInput: in})
	}
	return rows
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestItemsComeBackAsTheyWereWritten(t *testing.T) {
	for _, format := range sheet.Formats() {
		t.Run(string(format), func(t *testing.T) {
			items := testItems()
			var buf bytes.Buffer
			if err := sheet.WriteItems(&buf, format, items, testPriorities, platform.Public); err != nil {
				t.Fatal(err)
			}
			rows, problems, err := sheet.ReadItems(&buf, format)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 0 {
				t.Fatalf("problems: %s", asJSON(t, problems))
			}
			if got, want := asJSON(t, rows), asJSON(t, wantRows(items)); got != want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestRecommendationsComeBackAsTheyWereWritten(t *testing.T) {
	recs := []*platform.Recommendation{
		{ID: "660000000000000000000001", Duplicates: []string{"660000000000000000000002"}, RecommendationInput: platform.RecommendationInput{
			Country: "UZ", Source: platform.SourceUNCAC2, Reference: "para. 12(b); annex", Year: 2024, Area: "prevention",
			Articles: []int{7, 9}, Text: everyLanguage("Rec"), Implementation: platform.ImplPartial,
			Commitments: []string{"650000000000000000000001", "650000000000000000000002"}, Visibility: platform.Public,
		}},
		{ID: "660000000000000000000002", RecommendationInput: platform.RecommendationInput{
			Country: "TM", Source: platform.SourceNational, Text: platform.Text{"tk": "Teklip\nikinji setir"},
			Implementation: platform.ImplNotRated, Visibility: platform.Members,
		}},
	}
	for _, format := range sheet.Formats() {
		t.Run(string(format), func(t *testing.T) {
			var buf bytes.Buffer
			if err := sheet.WriteRecommendations(&buf, format, recs); err != nil {
				t.Fatal(err)
			}
			rows, problems, err := sheet.ReadRecommendations(&buf, format)
			if err != nil || len(problems) != 0 {
				t.Fatalf("err %v, problems %s", err, asJSON(t, problems))
			}
			var want []platform.RecommendationRow
			for i, r := range recs {
				want = append(want, platform.RecommendationRow{Row: i + 2, ID: r.ID, RecommendationInput: r.RecommendationInput})
			}
			if got, want := asJSON(t, rows), asJSON(t, want); got != want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestTheExportIsWhatAPersonOpens(t *testing.T) {
	t.Run("a CSV starts with a byte order mark and keeps formulas as text", func(t *testing.T) {
		var buf bytes.Buffer
		if err := sheet.WriteItems(&buf, sheet.CSV, testItems(), testPriorities, platform.Public); err != nil {
			t.Fatal(err)
		}
		s := buf.String()
		if !strings.HasPrefix(s, "\ufeffid,code,kind,") {
			t.Errorf("starts %q", s[:min(40, len(s))])
		}
		for _, want := range []string{`"'=HYPERLINK(""http://evil"")"`, "'+1 plus", "'-minus", "'@at", "'''two", "prevention", "60,45.5", "asset_recovery"} {
			if !strings.Contains(s, want) {
				t.Errorf("the CSV lacks %q", want)
			}
		}
	})
	t.Run("an XLSX has a bold frozen header and the progress for the tier asked", func(t *testing.T) {
		var buf bytes.Buffer
		if err := sheet.WriteItems(&buf, sheet.XLSX, testItems(), testPriorities, platform.Secretariat); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		panes, err := f.GetPanes("items")
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("panes %+v, %v", panes, err)
		}
		style, _ := f.GetCellStyle("items", "A1")
		st, err := f.GetStyle(style)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("the header is not bold: %+v %v", st, err)
		}
		if w, _ := f.GetColWidth("items", "H"); w < 30 {
			t.Errorf("title.en is %v wide", w)
		}
		dvs, err := f.GetDataValidations("items")
		lists := map[string]string{}
		for _, dv := range dvs {
			lists[dv.Sqref] = dv.Formula1
			if !dv.ShowErrorMessage {
				t.Errorf("the drop-down of %s takes any value", dv.Sqref)
			}
		}
		if err != nil || !strings.Contains(lists["Z2:Z20001"], "not_started") || !strings.Contains(lists["G2:G20001"], "regional") {
			t.Errorf("drop-downs %v, %v", lists, err)
		}
		claimed, _ := f.GetCellValue("items", "AC2")
		verified, _ := f.GetCellValue("items", "AD2")
		head, _ := f.GetCellValue("items", "AC1")
		if head != "progress.claimed" || claimed != "70" || verified != "" {
			t.Errorf("%s = %q, verified %q: want the secretariat's 70 and nothing verified", head, claimed, verified)
		}
	})
}

// problemKeys are the row, column and message id of each problem.
func problemKeys(ps []platform.ImportProblem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d %s %s", p.Row, p.Column, p.MessageID))
	}
	return out
}

func TestCellsThatDoNotParseAreProblemsOfTheirRowAndColumn(t *testing.T) {
	// Excel in a Russian locale: semicolons, decimal commas, a byte order
	// mark, a quoted field over two lines, blank rows at the end.
	csv := "\ufeffCode;Title.ru;weight;due;articles;colour;country\r\n" +
		"A-1;\"Первая\nстрока\";0,5;2026-12-31;5, 6;;kz\r\n" +
		"A-2;Вторая;abc;31/12/2026;x;;\r\n" +
		"\r\n" +
		"A-3;Третья;;;;;regional\r\n" +
		";;;;;;\r\n\r\n"
	rows, problems, err := sheet.ReadItems(strings.NewReader(csv), sheet.CSV)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 colour roadmap.sheet.unknown_column",
		"3 due roadmap.sheet.bad_date",
		"3 weight roadmap.sheet.bad_number",
		"3 articles roadmap.sheet.bad_article",
	}
	got := problemKeys(problems)
	if strings.Join(sorted(got), "|") != strings.Join(sorted(want), "|") {
		t.Errorf("problems %v, want %v", got, want)
	}
	if len(rows) != 2 {
		t.Fatalf("rows %s", asJSON(t, rows))
	}
	first, third := rows[0], rows[1]
	if first.Row != 2 || first.Code != "A-1" || first.Title["ru"] != "Первая\nстрока" || first.Weight != 0.5 ||
		!first.Due.Equal(*day("2026-12-31")) || fmt.Sprint(first.Articles) != "[5 6]" || first.Country != "KZ" {
		t.Errorf("row 2 read as %s", asJSON(t, first))
	}
	if third.Row != 5 || third.Weight != 1 || third.Country != "" || third.Due != nil {
		t.Errorf("row 5 (after a blank row) read as %s", asJSON(t, third))
	}
	for _, p := range problems {
		if p.Data["Field"] != p.Column || p.Message == "" {
			t.Errorf("problem %+v: its data's Field is not its column", p)
		}
	}
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestTheSeparatorIsTheHeadersOwn(t *testing.T) {
	for name, csv := range map[string]string{
		"commas":            "code,title.en,weight\nA,\"x; y\",2\n",
		"semicolons":        "code;title.en;weight\nA;x, y;2\n",
		"tabs":              "code\ttitle.en\tweight\nA\tx, y\t2\n",
		"Excel's sep= line": "\ufeffsep=;\r\ncode;title.en;weight\r\nA;x, y;2\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			rows, problems, err := sheet.ReadItems(strings.NewReader(csv), sheet.CSV)
			if err != nil || len(problems) != 0 || len(rows) != 1 || rows[0].Code != "A" || rows[0].Weight != 2 {
				t.Errorf("rows %s, problems %v, %v", asJSON(t, rows), problems, err)
			}
		})
	}
}

func TestFilesThatAreNotSheetsAreRefused(t *testing.T) {
	big := strings.Repeat("a", sheet.MaxFileBytes+1)
	tests := []struct {
		name   string
		format sheet.Format
		data   string
		code   string
		id     string
	}{
		{"a CSV with a NUL byte", sheet.CSV, "code,title.en\nA,x\x00y\n", platform.Invalid, "roadmap.sheet.binary"},
		{"a CSV in Windows-1251", sheet.CSV, "code,title.ru\nA,\xcf\xf0\xe8\xe2\xe5\xf2\n", platform.Invalid, "roadmap.sheet.not_utf8"},
		{"a CSV with a quote left open", sheet.CSV, "code,title.en\nA,\"open\n", platform.Invalid, "roadmap.sheet.csv_syntax"},
		{"a header naming nothing known", sheet.CSV, "a,b\n1,2\n", platform.Invalid, "roadmap.sheet.no_header"},
		{"an empty file", sheet.CSV, "", platform.Invalid, "roadmap.sheet.no_header"},
		{"a file over 20 MB", sheet.CSV, big, platform.TooLarge, "roadmap.sheet.too_large"},
		{"random bytes as XLSX", sheet.XLSX, "\x8f\x01\x02garbage" + strings.Repeat("\xff", 100), platform.Invalid, "roadmap.sheet.not_spreadsheet"},
		{"a CSV as XLSX", sheet.XLSX, "code,title.en\nA,x\n", platform.Invalid, "roadmap.sheet.not_spreadsheet"},
		{"an unknown format", sheet.Format("ods"), "x", platform.UnsupportedType, "roadmap.sheet.unknown_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sheet.ReadItems(strings.NewReader(tt.data), tt.format)
			e := platform.AsError(err)
			if e == nil || e.Code != tt.code || e.MessageID != tt.id {
				t.Errorf("err %v, want %s %s", err, tt.code, tt.id)
			}
		})
	}
}

func TestControlCharactersAndLongCellsAreProblems(t *testing.T) {
	long := strings.Repeat("й", sheet.MaxCellChars+1)
	csv := "code,title.en,lead\nA,bell\x07,ok\nB,ok," + long + "\nC,fine,\u0085x\n"
	rows, problems, err := sheet.ReadItems(strings.NewReader(csv), sheet.CSV)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2 title.en roadmap.sheet.control_character", "3 lead roadmap.sheet.cell_too_long", "4 lead roadmap.sheet.control_character"}
	if got := problemKeys(problems); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("problems %v, want %v", got, want)
	}
	if len(rows) != 0 {
		t.Errorf("rows with problems were kept: %s", asJSON(t, rows))
	}
}

func TestMoreRowsThanAnImportTakesAreRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("code\n")
	for i := range platform.MaxImportRows + 1 {
		fmt.Fprintf(&b, "C%d\n", i)
	}
	_, _, err := sheet.ReadItems(strings.NewReader(b.String()), sheet.CSV)
	if e := platform.AsError(err); e == nil || e.Code != platform.Invalid || e.MessageID != "roadmap.sheet.too_many_rows" {
		t.Errorf("err %v", err)
	}
}

// xlsxOf builds an XLSX by hand around a worksheet's sheetData, so that
// tests can write what excelize itself would not: formulas with cached
// values, sparse rows.
func xlsxOf(t testing.TB, sheetData string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			sheetData + `</sheetData></worksheet>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func inline(ref, s string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, s)
}

func TestAnXLSXIsReadAsItsCellsShow(t *testing.T) {
	data := xlsxOf(t, `<row r="1">`+inline("A1", "code")+inline("B1", "weight")+inline("C1", "due")+inline("D1", "title.uz")+`</row>`+
		// A formula's cached value is read; the formula is not evaluated.
		`<row r="2">`+inline("A2", "F-1")+`<c r="B2"><f>1/0+WEBSERVICE("http://evil")</f><v>3</v></c>`+
		// A date typed in Excel is a serial number of days: 46387 is 2026-12-31.
		`<c r="C2"><v>46387</v></c>`+inline("D2", "Oʻzbekiston")+`</row>`+
		// Rows 3 and 4 are absent: row 5 keeps its number.
		`<row r="5">`+inline("A5", "F-5")+`<c r="B5" t="str"><f>A1</f><v>0.25</v></c></row>`)
	rows, problems, err := sheet.ReadItems(bytes.NewReader(data), sheet.XLSX)
	if err != nil || len(problems) != 0 {
		t.Fatalf("err %v, problems %v", err, problems)
	}
	if len(rows) != 2 || rows[0].Weight != 3 || rows[0].Due == nil || !rows[0].Due.Equal(*day("2026-12-31")) ||
		rows[0].Title["uz"] != "Oʻzbekiston" || rows[1].Row != 5 || rows[1].Weight != 0.25 {
		t.Errorf("rows %s", asJSON(t, rows))
	}
}

func TestParseFormat(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want sheet.Format
		ok   bool
	}{{"csv", sheet.CSV, true}, {".XLSX", sheet.XLSX, true}, {" xlsx ", sheet.XLSX, true}, {"xls", "", false}, {"", "", false}} {
		got, err := sheet.ParseFormat(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseFormat(%q) = %q, %v", tt.in, got, err)
		}
	}
}

// TestXLSXsBuiltToBreakTheReaderAreRefused: what excelize before v2.11.0
// fell to (GO-2026-6452, a negative shared-string index; GHSA-q5j5-6p94-4gwc,
// a row number inflated to make it allocate) reads as nothing or as a
// refusal, in process, at once.
func TestXLSXsBuiltToBreakTheReaderAreRefused(t *testing.T) {
	for name, sheetData := range map[string]string{
		"a negative shared-string index": `<row r="1">` + inline("A1", "code") + `</row><row r="2"><c r="A2" t="s"><v>-1</v></c></row>`,
		"a row number past Excel's last": `<row r="1">` + inline("A1", "code") + `</row><row r="99999999999">` + inline("A2", "x") + `</row>`,
		"the last row of Excel":          `<row r="1">` + inline("A1", "code") + `</row><row r="1048576">` + inline("A1048576", "x") + `</row>`,
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			rows, problems, err := sheet.ReadItems(bytes.NewReader(xlsxOf(t, sheetData)), sheet.XLSX)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			t.Logf("rows %d, problems %v, err %v", len(rows), problems, err)
			switch name {
			case "the last row of Excel":
				if err != nil || len(rows) != 1 || rows[0].Row != 1048576 {
					t.Errorf("rows %s, %v", asJSON(t, rows), err)
				}
			case "a negative shared-string index":
				// No string: the cell is empty, and so is the row.
				if err != nil || len(rows) != 0 {
					t.Errorf("rows %s, %v", asJSON(t, rows), err)
				}
			default:
				if e := platform.AsError(err); e == nil || e.Code != platform.Invalid {
					t.Errorf("err %v", err)
				}
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	zip := []byte("PK\x03\x04rest")
	ole := []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	for _, tt := range []struct {
		name string
		head []byte
		want sheet.Format
	}{
		{"roadmap.xlsx", zip, sheet.XLSX},
		{"roadmap.csv", zip, sheet.XLSX}, // the content decides
		{"roadmap.XLSX", []byte("code,title"), sheet.XLSX},
		{"roadmap.csv", []byte("code,title"), sheet.CSV},
		{"Дорожная карта.CSV", []byte("\ufeffcode;title"), sheet.CSV},
		{"export", []byte("code\n"), sheet.CSV},
		{"roadmap.txt", []byte("code\n"), sheet.CSV},
		{"roadmap.xls", ole, ""},
		{"export", ole, ""},
		{"roadmap.ods", zip, ""},
		{"roadmap.pdf", []byte("%PDF-1.7"), ""},
	} {
		got, err := sheet.FormatOf(tt.name, tt.head)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("FormatOf(%q, %q) = %q, %v; want %q", tt.name, tt.head, got, err, tt.want)
		} else if err != nil && platform.ErrorCode(err) != platform.UnsupportedType {
			t.Errorf("FormatOf(%q): %v, want unsupported_type", tt.name, err)
		}
	}
}
