package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// heldTraining is openTrainingJSON's training as it was held: 10 to 12
// March 2025 in Almaty, 09:00 to 17:00 there.
const heldTraining = `{"kind":"regional_training","status":"held","countries":["KZ","KG"],"country":"KZ","timeZone":"Asia/Almaty",
  "start":"2025-03-10T04:00:00Z","end":"2025-03-12T12:00:00Z","capacity":2,"areas":["prevention"],"uncacArticles":[7],
  "trainers":["Sara Lindqvist"],"city":{"en":"Almaty","ru":"Алматы"},"rooms":["Hall A"],
  "translations":{"en":{"title":"Regional training on asset declarations"},"ru":{"title":"Региональный тренинг по декларированию активов"}}}`

type statsJSON struct {
	Events, Participants, UniqueParticipants, Trainers int
	TrainingHours                                      float64
	ByCountry                                          []struct {
		Key   string
		Count int
	}
	KnowledgeGain *struct{ Mean float64 }
}

func TestEventStatistics(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	e := createEvent(t, h.URL, sec, openTrainingJSON(2, false))
	register(t, h.URL, e.ID, "", personJSON("Айгүл Сейітқызы", "aigul@example.kz", "KZ"), 201)
	register(t, h.URL, e.ID, "", personJSON("Bakyt Asanov", "bakyt@example.kg", "KG"), 201)
	register(t, h.URL, e.ID, "", personJSON("Dilnoza Karimova", "dilnoza@example.uz", "UZ"), 201) // waits
	if status, raw := do(t, "PUT", h.URL+"/api/v1/events/"+e.ID, sec, strings.NewReader(heldTraining)); status != 200 {
		t.Fatalf("held: %d %s", status, raw)
	}

	api := func(t *testing.T, token string) ([]byte, statsJSON) {
		t.Helper()
		status, raw := do(t, "GET", h.URL+"/api/v1/events/statistics?year=2025", token, nil)
		var st statsJSON
		if status != 200 || json.Unmarshal(raw, &st) != nil {
			t.Fatalf("%d %s", status, raw)
		}
		return raw, st
	}
	raw, st := api(t, "")
	t.Run("the API counts the seats of the events held", func(t *testing.T) {
		if st.Events != 1 || st.Participants != 2 || st.UniqueParticipants != 2 || st.Trainers != 1 || st.TrainingHours != 24 ||
			st.KnowledgeGain != nil || !strings.Contains(string(raw), `"knowledgeGain":null`) {
			t.Errorf("%s", raw)
		}
		if strings.Contains(string(raw), "aigul") || strings.Contains(string(raw), "Bakyt") {
			t.Errorf("a person's data in the statistics: %s", raw)
		}
	})

	t.Run("bad values are a 400 naming the parameter", func(t *testing.T) {
		for _, tt := range []struct{ query, param string }{
			{"year=abc", "year"}, {"year=1899", "year"}, {"year=99999", "year"}, {"country=XX", "country"}, {"area=sports", "area"},
		} {
			for _, path := range []string{"/en/events/statistics?", "/en/events/statistics.csv?", "/api/v1/events/statistics?lang=en&"} {
				status, raw := do(t, "GET", h.URL+path+tt.query, "", nil)
				if status != 400 || !strings.Contains(string(raw), "“"+tt.param+"”") {
					t.Errorf("%s%s: %d %s", path, tt.query, status, raw)
				}
			}
		}
	})

	sumCountries := func(rows [][]string, table string) (sum int, found bool) {
		for _, r := range rows {
			if len(r) == 3 && r[0] == table {
				n, err := strconv.Atoi(r[2])
				if err != nil {
					t.Fatalf("row %v", r)
				}
				sum, found = sum+n, true
			}
		}
		return sum, found
	}

	t.Run("the CSV holds the same numbers, with headers in the reader's language and a BOM", func(t *testing.T) {
		status, raw := do(t, "GET", h.URL+"/ru/events/statistics.csv?year=2025", "", nil)
		if status != 200 || !bytes.HasPrefix(raw, []byte("\uFEFF")) {
			t.Fatalf("%d %q", status, raw[:min(len(raw), 40)])
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "Таблица" || rows[0][2] != "Значение" {
			t.Errorf("header %v", rows[0])
		}
		if sum, ok := sumCountries(rows, "Участники по странам"); !ok || sum != st.Participants {
			t.Errorf("the countries sum to %d (%v), the API says %d", sum, ok, st.Participants)
		}
	})

	t.Run("the XLSX holds the same numbers", func(t *testing.T) {
		status, raw := do(t, "GET", h.URL+"/en/events/statistics.xlsx?year=2025", "", nil)
		if status != 200 {
			t.Fatalf("%d %s", status, raw)
		}
		f, err := excelize.OpenReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil {
			t.Fatal(err)
		}
		if sum, ok := sumCountries(rows, "Participants by country"); !ok || sum != st.Participants {
			t.Errorf("the countries sum to %d (%v), the API says %d", sum, ok, st.Participants)
		}
		if _, ok := sumCountries(rows, "Participants by gender"); !ok {
			t.Errorf("no table by gender: %v", rows)
		}
	})

	t.Run("the page draws well-formed SVG charts with their numbers as text", func(t *testing.T) {
		status, raw := do(t, "GET", h.URL+"/kk/events/statistics?year=2025", "", nil)
		page := string(raw)
		if status != 200 || !strings.Contains(page, "Іс-шаралар статистикасы, 2025") || strings.Contains(page, "<script") {
			t.Fatalf("%d %s", status, page)
		}
		charts := 0
		for rest := page; ; charts++ {
			at := strings.Index(rest, "<svg")
			if at < 0 {
				break
			}
			end := strings.Index(rest[at:], "</svg>") + len("</svg>")
			svg := rest[at : at+end]
			if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "<title") || !strings.Contains(svg, "<desc") {
				t.Errorf("an SVG without its role, title or description: %s", svg)
			}
			dec := xml.NewDecoder(strings.NewReader(svg))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("SVG not well-formed: %v\n%s", err, svg)
				}
			}
			rest = rest[at+end:]
		}
		if charts != 4 || !strings.Contains(page, `<th scope="row">Қазақстан</th><td>1</td>`) {
			t.Errorf("%d charts; page %s", charts, page)
		}
		_, list := do(t, "GET", h.URL+"/en/events", "", nil)
		if !strings.Contains(string(list), `href="/en/events/statistics"`) {
			t.Errorf("the events list does not link to the statistics")
		}
	})

	t.Run("an event the reader may not see changes nothing they get", func(t *testing.T) {
		csvBefore := func() []byte { _, b := do(t, "GET", h.URL+"/en/events/statistics.csv?year=2025", "", nil); return b }()
		hidden := createEvent(t, h.URL, sec, strings.NewReplacer(`"status":"held"`, `"status":"held","visibility":"secretariat"`,
			"Sara Lindqvist", "Hidden Trainer").Replace(heldTraining))
		after, _ := api(t, "")
		if string(after) != string(raw) {
			t.Errorf("the anonymous statistics changed with a secretariat-only event:\n%s\n%s", raw, after)
		}
		if _, b := do(t, "GET", h.URL+"/en/events/statistics.csv?year=2025", "", nil); string(b) != string(csvBefore) {
			t.Errorf("the anonymous CSV changed")
		}
		if _, secStats := api(t, sec); secStats.Events != 2 || secStats.Trainers != 2 {
			t.Errorf("the secretariat does not count its event %s: %+v", hidden.ID, secStats)
		}
	})
}
