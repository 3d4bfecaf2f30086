package sheet_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

// Commands of the test binary beside sheet.ChildCommand: children that
// fail as a parser beaten by a file would.
const (
	crashCommand = "sheet-test-crash"
	hangCommand  = "sheet-test-hang"
)

// TestMain lets the test binary be the child of sheet.Isolated, as the
// hub's binary is in production: run with sheet.ChildCommand, it reads one
// sheet and exits.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case sheet.ChildCommand:
			os.Exit(sheet.RunChild(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]))
		case crashCommand:
			fmt.Fprintln(os.Stderr, "panic: runtime error: index out of range [3] with length 3")
			os.Exit(2)
		case hangCommand:
			time.Sleep(time.Minute)
			os.Exit(0)
		}
	}
	os.Exit(m.Run())
}

func isolated(t testing.TB, command string) *sheet.Isolated {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &sheet.Isolated{Command: []string{exe, command}, Timeout: 30 * time.Second}
}

func TestTheIsolatedRowsAreTheOnesReadInProcess(t *testing.T) {
	x := isolated(t, sheet.ChildCommand)
	for _, format := range sheet.Formats() {
		t.Run(string(format), func(t *testing.T) {
			var buf bytes.Buffer
			if err := sheet.WriteItems(&buf, format, testItems(), testPriorities, platform.Public); err != nil {
				t.Fatal(err)
			}
			// A problem too, to see problems cross the process boundary.
			data := buf.Bytes()
			if format == sheet.CSV {
				data = append(data, []byte("X-1,,,,,,,,,,,,,,,,,,,,,,,,abc\r\n")...)
			}
			wantRows, wantProblems, err := sheet.ReadItems(bytes.NewReader(data), format)
			if err != nil {
				t.Fatal(err)
			}
			rows, problems, err := x.ReadItems(context.Background(), bytes.NewReader(data), format)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := asJSON(t, rows), asJSON(t, wantRows); got != want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, want)
			}
			if got, want := fmt.Sprint(problemKeys(problems)), fmt.Sprint(problemKeys(wantProblems)); got != want {
				t.Errorf("problems %s, want %s", got, want)
			}
		})
	}
	t.Run("recommendations", func(t *testing.T) {
		csv := "country;text.ru;year;articles\nkz;Рекомендация;2024;5\n"
		rows, problems, err := x.ReadRecommendations(context.Background(), strings.NewReader(csv), sheet.CSV)
		if err != nil || len(problems) != 0 || len(rows) != 1 || rows[0].Country != "KZ" || rows[0].Year != 2024 || rows[0].Text["ru"] != "Рекомендация" {
			t.Errorf("rows %s, problems %v, %v", asJSON(t, rows), problems, err)
		}
	})
}

// zipOf builds a zip of named parts, each compressed.
func zipOf(t testing.TB, parts map[string]io.Reader) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, r := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// repeated reads s n times.
func repeated(s string, n int) io.Reader {
	return io.LimitReader(&cycle{s: s}, int64(len(s)*n))
}

type cycle struct {
	s   string
	off int
}

func (c *cycle) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], c.s[c.off:])
		n += k
		c.off = (c.off + k) % len(c.s)
	}
	return n, nil
}

func TestHostileFilesAreRefusedByTheChild(t *testing.T) {
	valid := xlsxOf(t, `<row r="1">`+inline("A1", "code")+`</row><row r="2">`+inline("A2", "A-1")+`</row>`)
	tests := []struct {
		name   string
		x      *sheet.Isolated
		format sheet.Format
		data   func(t *testing.T) []byte
		code   string
		id     string
	}{
		{"a zip bomb: a worksheet that unzips to 400 MB", nil, sheet.XLSX, func(t *testing.T) []byte {
			return zipOf(t, map[string]io.Reader{"xl/worksheets/sheet1.xml": repeated("<row/>", 400<<20/6)})
		}, platform.TooLarge, "roadmap.sheet.too_complex"},
		{"a shared-strings table larger than the child's memory", &sheet.Isolated{MaxMemory: 64 << 20}, sheet.XLSX, func(t *testing.T) []byte {
			sst := io.MultiReader(strings.NewReader(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`),
				repeated("<si><t>abcdefgh</t></si>", 180<<20/24), strings.NewReader(`</sst>`))
			return zipOf(t, map[string]io.Reader{"xl/sharedStrings.xml": sst, "[Content_Types].xml": strings.NewReader("<Types/>")})
		}, platform.TooLarge, "roadmap.sheet.too_complex"},
		{"XML nested a million deep", nil, sheet.XLSX, func(t *testing.T) []byte {
			nested := strings.Repeat("<is>", 1_000_000) + strings.Repeat("</is>", 1_000_000)
			return xlsxOf(t, `<row r="1"><c r="A1" t="inlineStr">`+nested+`</c></row>`)
		}, platform.Invalid, ""},
		{"a truncated XLSX", nil, sheet.XLSX, func(t *testing.T) []byte { return valid[:len(valid)/2] },
			platform.Invalid, "roadmap.sheet.not_spreadsheet"},
		{"random bytes", nil, sheet.XLSX, func(t *testing.T) []byte {
			b := make([]byte, 64<<10)
			for i := range b {
				b[i] = byte(i*7919 + i>>8)
			}
			return append([]byte("PK\x03\x04"), b...)
		}, platform.Invalid, "roadmap.sheet.not_spreadsheet"},
		{"a CSV with a NUL", nil, sheet.CSV, func(t *testing.T) []byte { return []byte("code,title.en\nA,\x00\x01\x02\n") },
			platform.Invalid, "roadmap.sheet.binary"},
		{"a child that crashes", isolated(t, crashCommand), sheet.CSV, func(t *testing.T) []byte { return []byte("code\nA\n") },
			platform.Invalid, "roadmap.sheet.unreadable"},
		{"a child that never ends", &sheet.Isolated{Command: isolated(t, hangCommand).Command, Timeout: time.Second}, sheet.CSV,
			func(t *testing.T) []byte { return []byte("code\nA\n") }, platform.TooLarge, "roadmap.sheet.too_complex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := tt.x
			if x == nil {
				x = isolated(t, sheet.ChildCommand)
			} else if x.Command == nil {
				x.Command = isolated(t, sheet.ChildCommand).Command
			}
			data := tt.data(t)
			if len(data) > sheet.MaxFileBytes {
				t.Fatalf("the file has %d bytes, over the limit before any child", len(data))
			}
			start := time.Now()
			_, _, err := x.ReadItems(context.Background(), bytes.NewReader(data), tt.format)
			e := platform.AsError(err)
			if e == nil || e.Code != tt.code || tt.id != "" && e.MessageID != tt.id || e.MessageID == "" {
				t.Errorf("err %v (%+v), want %s %s", err, e, tt.code, tt.id)
			}
			t.Logf("%d bytes refused in %v: %v", len(data), time.Since(start).Round(time.Millisecond), err)
		})
	}
}

func TestControlCharactersInACSVAreProblemsThroughTheChild(t *testing.T) {
	x := isolated(t, sheet.ChildCommand)
	rows, problems, err := x.ReadItems(context.Background(), strings.NewReader("code,title.en\nA,bell\x07\x1b[31m\nB,fine\n"), sheet.CSV)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(problemKeys(problems)); got != "[2 title.en roadmap.sheet.control_character]" || len(rows) != 1 || rows[0].Code != "B" {
		t.Errorf("problems %s, rows %s", got, asJSON(t, rows))
	}
}

func TestAFileOverTheLimitNeedsNoChild(t *testing.T) {
	noChild := &sheet.Isolated{Command: []string{"/nonexistent/hub", sheet.ChildCommand}}
	_, _, err := noChild.ReadItems(context.Background(), repeated("a", sheet.MaxFileBytes+1), sheet.CSV)
	if e := platform.AsError(err); e == nil || e.Code != platform.TooLarge {
		t.Errorf("err %v", err)
	}
	_, _, err = noChild.ReadItems(context.Background(), strings.NewReader("code\nA\n"), sheet.CSV)
	if platform.ErrorCode(err) != platform.Unavailable {
		t.Errorf("a child that cannot start: %v, want unavailable", err)
	}
}
