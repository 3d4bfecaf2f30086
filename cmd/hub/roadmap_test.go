package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// roadmapPeriod is the period the roadmap tests use: it holds today.
const roadmapPeriod = "2025-2026"

// seedRoadmap makes the period and one priority under preventive
// measures, as the secretariat, and returns the priority's id.
func seedRoadmap(t *testing.T, base, sec string) string {
	t.Helper()
	status, out := do(t, "POST", base+"/api/v1/roadmap/periods", sec, strings.NewReader(
		`{"id":"`+roadmapPeriod+`","start":"2025-01-01T00:00:00Z","end":"2026-12-31T00:00:00Z"}`))
	if status != 200 {
		t.Fatalf("save period: %d %s", status, out)
	}
	status, out = do(t, "POST", base+"/api/v1/roadmap/priorities", sec, strings.NewReader(
		`{"period":"`+roadmapPeriod+`","area":"prevention","code":"1","title":{"en":"Integrity in the civil service","ru":"Добросовестность на государственной службе"},"visibility":"public"}`))
	var p struct{ ID string }
	if status != 200 || json.Unmarshal(out, &p) != nil || p.ID == "" {
		t.Fatalf("save priority: %d %s", status, out)
	}
	return p.ID
}

// createItem creates a roadmap item through the API and returns its id.
func createItem(t *testing.T, base, token, body string) string {
	t.Helper()
	status, out := do(t, "POST", base+"/api/v1/roadmap/items", token, strings.NewReader(body))
	var it struct{ ID string }
	if status != 201 || json.Unmarshal(out, &it) != nil || it.ID == "" {
		t.Fatalf("create item: %d %s", status, out)
	}
	return it.ID
}

// postMultipart posts a page's multipart form (fields, and a file when
// name is set) with a token, as a browser of that user would; redirects
// are followed.
func postMultipart(t *testing.T, url, token string, fields map[string]string, fileField, name string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if name != "" {
		fw, err := w.CreateFormFile(fileField, name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	w.Close()
	status, body := do(t, "POST", url, token, &buf, "Content-Type", w.FormDataContentType())
	return status, string(body)
}

// overviewCell reads the API overview's cell of country and area.
func overviewCell(t *testing.T, base, token, country, area string) (claimed, verified *float64) {
	t.Helper()
	status, out := do(t, "GET", base+"/api/v1/roadmap/overview?period="+roadmapPeriod, token, nil)
	var ov struct {
		Cells []struct {
			Country, Area string
			Progress      struct{ Claimed, Verified *float64 }
		}
	}
	if status != 200 || json.Unmarshal(out, &ov) != nil {
		t.Fatalf("overview: %d %s", status, out)
	}
	for _, c := range ov.Cells {
		if c.Country == country && c.Area == area {
			return c.Progress.Claimed, c.Progress.Verified
		}
	}
	return nil, nil
}

func pctOf(p *float64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

func TestAFocalPointClaimsProgressWithEvidenceAndTheSecretariatVerifiesIt(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	kg := addUser(t, env, "--email", "fp@example.kg", "--name", "Focal KG", "--role", "focal-point", "--country", "KG")
	prio := seedRoadmap(t, h.URL, sec)
	doc := createDoc(t, h.URL, sec, `{"kind":"national_law","countries":["KZ"],"uncacArticles":[7],"translations":{"ru":{"title":"Кодекс этики государственных служащих"}}}`)
	item := createItem(t, h.URL, kz, `{"period":"`+roadmapPeriod+`","priority":"`+prio+`","country":"KZ","code":"KZ-1.1",
		"title":{"ru":"Принять кодекс этики государственных служащих"},"lead":"Агентство по делам государственной службы","due":"2026-11-30T00:00:00Z","articles":[7]}`)

	// KG follows Kazakhstan, to be told of what happens there.
	if status, out := do(t, "POST", h.URL+"/api/v1/follows", kg, strings.NewReader(`{"type":"country","id":"KZ"}`)); status != 204 {
		t.Fatalf("follow: %d %s", status, out)
	}

	// The focal point adds an update from the item's page: text, a claim
	// of 40%, the law as evidence and a file.
	file := []byte("Протокол заседания рабочей группы, 12 марта.")
	status, page := postMultipart(t, h.URL+"/ru/roadmap/items/"+item+"/updates", kz, map[string]string{
		"text": "Проект кодекса одобрен рабочей группой.", "progress": "40", "status": "limited", "documents": doc,
	}, "file", "протокол.txt", file)
	if status != 200 || !strings.Contains(page, `id="notice"`) {
		t.Fatalf("add update: %d %.500s", status, page)
	}
	for _, want := range []string{"Проект кодекса одобрен", "Прогресс 40%", "Ожидает подтверждения", "/ru/library/" + doc, "протокол.txt"} {
		if !strings.Contains(page, want) {
			t.Errorf("the item's page lacks %q", want)
		}
	}
	m := regexp.MustCompile(`href="(/ru/roadmap/items/` + item + `/files/[0-9a-f]{24})"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no link to the uploaded file")
	}
	if status, got := do(t, "GET", h.URL+m[1], "", nil); status != 200 || !bytes.Equal(got, file) {
		t.Errorf("the uploaded file reads %d %q", status, got)
	}
	if claimed, verified := overviewCell(t, h.URL, "", "KZ", "prevention"); pctOf(claimed) != "40" || verified != nil {
		t.Errorf("before review the public overview says claimed %s, verified %s", pctOf(claimed), pctOf(verified))
	}

	t.Run("a focal point of another country is refused", func(t *testing.T) {
		if status, _ := do(t, "GET", h.URL+"/en/roadmap/items/"+item+"/edit", kg, nil); status != http.StatusForbidden {
			t.Errorf("the edit form: %d", status)
		}
		if status, _ := postMultipart(t, h.URL+"/en/roadmap/items/"+item+"/updates", kg, map[string]string{"text": "x", "progress": "100"}, "", "", nil); status != http.StatusForbidden {
			t.Errorf("an update by form: %d", status)
		}
		if status, out := do(t, "POST", h.URL+"/api/v1/roadmap/items/"+item+"/updates", kg, strings.NewReader(`{"text":{"en":"done"},"claim":{"progress":100}}`)); status != http.StatusForbidden {
			t.Errorf("an update by the API: %d %s", status, out)
		}
		if status, out := do(t, "PUT", h.URL+"/api/v1/roadmap/items/"+item, kg, strings.NewReader(`{"period":"`+roadmapPeriod+`","priority":"`+prio+`","country":"KZ","title":{"en":"Mine"}}`)); status != http.StatusForbidden {
			t.Errorf("a change by the API: %d %s", status, out)
		}
		if _, page := do(t, "GET", h.URL+"/en/roadmap/items/"+item, kg, nil); strings.Contains(string(page), `id="update-form"`) {
			t.Errorf("the item's page offers another country's focal point the update form")
		}
	})

	// The secretariat verifies the claim from the page.
	status, out := do(t, "GET", h.URL+"/api/v1/roadmap/items/"+item+"/updates", sec, nil)
	var tl struct {
		Updates []struct {
			ID    string
			Claim *struct{ State string }
		}
	}
	if status != 200 || json.Unmarshal(out, &tl) != nil || len(tl.Updates) != 1 || tl.Updates[0].Claim == nil {
		t.Fatalf("timeline: %d %s", status, out)
	}
	if _, page := do(t, "GET", h.URL+"/en/roadmap/items/"+item, kz, nil); strings.Contains(string(page), `value="verify"`) {
		t.Errorf("the focal point is offered to verify their own claim")
	}
	if status, body := form(t, h.URL, "/en/roadmap/updates/"+tl.Updates[0].ID+"/review", sec, url.Values{"verdict": {"question"}, "item": {item}}); status != 200 ||
		!strings.Contains(body, "To question a claim, write the reason") || !strings.Contains(body, "Awaiting verification") {
		t.Errorf("questioning without a reason: %d %.300s", status, body)
	}
	if status, body := form(t, h.URL, "/en/roadmap/updates/"+tl.Updates[0].ID+"/review", sec, url.Values{"verdict": {"verify"}}); status != 200 || !strings.Contains(body, "The claim was verified.") {
		t.Fatalf("verify: %d %.300s", status, body)
	}
	if claimed, verified := overviewCell(t, h.URL, "", "KZ", "prevention"); pctOf(claimed) != "40" || pctOf(verified) != "40" {
		t.Errorf("after review the public overview says claimed %s, verified %s", pctOf(claimed), pctOf(verified))
	}
	for _, path := range []string{"/en/roadmap", "/en/roadmap/countries/KZ"} {
		status, page := do(t, "GET", h.URL+path, "", nil)
		if status != 200 || !strings.Contains(string(page), "verified 40%") && !strings.Contains(string(page), `value="40">40%`) {
			t.Errorf("%s: %d, no verified 40%%", path, status)
		}
	}
	if _, page := do(t, "GET", h.URL+"/en/roadmap/countries/KZ", "", nil); !strings.Contains(string(page), `<span class="verified-value">40%</span>`) ||
		!strings.Contains(string(page), `<span class="claimed-value">40%</span>`) {
		t.Errorf("the country page lacks the claimed and verified 40%%")
	}
	status, out = do(t, "GET", h.URL+"/api/v1/notifications", kg, nil)
	var notes struct {
		Notifications []struct{ Kind, RecordID string }
		Unread        int
	}
	if status != 200 || json.Unmarshal(out, &notes) != nil || notes.Unread == 0 {
		t.Errorf("the follower of Kazakhstan was told nothing: %d %s", status, out)
	}
	if _, page := do(t, "GET", h.URL+"/en/roadmap", kg, nil); !strings.Contains(string(page), `<span class="unread-count" id="unread-count">`+fmt.Sprint(notes.Unread)+`</span>`) {
		t.Errorf("the menu does not count %d unread notifications", notes.Unread)
	}
	if status, page := do(t, "GET", h.URL+"/ru/notifications", kg, nil); status != 200 || !strings.Contains(string(page), "/ru/roadmap/items/"+item) {
		t.Errorf("the notifications page: %d", status)
	}
	if status, feed := do(t, "GET", h.URL+"/en/roadmap/countries/KZ/feed.atom", "", nil); status != 200 || !strings.Contains(string(feed), "KZ-1.1") {
		t.Errorf("the country's feed: %d %.300s", status, feed)
	}
	if status, page := do(t, "GET", h.URL+"/en/uncac/7", "", nil); status != 200 || !strings.Contains(string(page), "/en/roadmap/items/"+item) {
		t.Errorf("the article's page does not list the commitment: %d", status)
	}
}

func TestAnImportDryRunShowsEachBadRowWithItsNumberAndColumnInRussian(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	prio := seedRoadmap(t, h.URL, sec)
	csv := "code,period,priority,country,title.ru,weight\n" +
		"KZ-2.1," + roadmapPeriod + "," + prio + ",KZ,Обучение судей,1\n" +
		"KZ-2.2," + roadmapPeriod + "," + prio + ",KZ,Реестр деклараций,много\n" +
		"KZ-2.3," + roadmapPeriod + "," + prio + ",KZ,Защита заявителей,5000\n" +
		"KG-2.4," + roadmapPeriod + "," + prio + ",KG,Чужая строка,1\n"
	// The import runs as a job, whose page shows the report at the end.
	page := waitImportJob(t, startImportJob(t, h.URL, "ru", kz, map[string]string{"kind": "items", "mode": "dry"}, "план.csv", []byte(csv)), kz).last
	for _, want := range []string{`<td id="n-created">1</td>`, `<td id="n-rejected">3</td>`, `id="import-not-written"`,
		`<td class="row">3</td><td class="column">weight</td>`, `<td class="row">4</td><td class="column">weight</td>`,
		`<td class="row">5</td><td class="column">country</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	if m := regexp.MustCompile(`<td class="reason">([^<]*)</td>`).FindAllStringSubmatch(page, -1); len(m) != 3 {
		t.Errorf("reasons: %v", m)
	} else {
		for _, r := range m {
			if !regexp.MustCompile(`[А-Яа-я]{4}`).MatchString(r[1]) {
				t.Errorf("a reason not in Russian: %q", r[1])
			}
		}
	}
	if status, out := do(t, "GET", h.URL+"/api/v1/roadmap/items?period="+roadmapPeriod, sec, nil); status != 200 || strings.Contains(string(out), "KZ-2.1") {
		t.Errorf("a dry run wrote: %d %s", status, out)
	}
	// Writing the valid rows writes the good one only.
	page = waitImportJob(t, startImportJob(t, h.URL, "ru", kz, map[string]string{"kind": "items", "mode": "valid"}, "план.csv", []byte(csv)), kz).last
	if !strings.Contains(page, `id="import-written"`) {
		t.Fatalf("write the valid rows: %.300s", page)
	}
	if status, out := do(t, "GET", h.URL+"/api/v1/roadmap/items?period="+roadmapPeriod, sec, nil); status != 200 || !strings.Contains(string(out), "KZ-2.1") || strings.Contains(string(out), "KZ-2.2") {
		t.Errorf("after writing the valid rows: %d %s", status, out)
	}
	// The export reads back what the reader may see.
	if status, out := do(t, "GET", h.URL+"/en/roadmap/export?format=csv&country=KZ", "", nil); status != 200 || !strings.Contains(string(out), "KZ-2.1") {
		t.Errorf("export: %d %.300s", status, out)
	}
}

func TestEachBadRoadmapParameterIsA400NamingIt(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	seedRoadmap(t, h.URL, sec)
	tests := []struct{ path, field string }{
		{"/ru/roadmap?period=1999-2000", "period"},
		{"/ru/roadmap?period=" + roadmapPeriod + "&period=2027-2028", "period"},
		{"/ru/roadmap/recommendations?page=0", "page"},
		{"/ru/roadmap/recommendations?page=1&page=2", "page"},
		{"/ru/roadmap/recommendations?source=blog", "source"},
		{"/ru/roadmap/recommendations?article=99", "article"},
		{"/ru/roadmap/export?format=pdf", "format"},
		{"/api/v1/roadmap/items?limit=501&lang=ru", "limit"},
		{"/api/v1/roadmap/items?status=done&lang=ru", "status"},
		{"/api/v1/roadmap/items?delayed=maybe&lang=ru", "delayed"},
		{"/api/v1/roadmap/items?offset=-1&lang=ru", "offset"},
		{"/api/v1/roadmap/recommendations?implementation=some&lang=ru", "implementation"},
	}
	for _, tt := range tests {
		status, body := do(t, "GET", h.URL+tt.path, "", nil)
		if status != 400 || !strings.Contains(string(body), "«"+tt.field+"»") {
			t.Errorf("%s: %d %.300s", tt.path, status, body)
		}
	}
	for _, path := range []string{"/en/roadmap/countries/XX", "/en/roadmap/items/zzz", "/api/v1/roadmap/items/0123456789abcdef01234567"} {
		if status, _ := do(t, "GET", h.URL+path, "", nil); status != 404 {
			t.Errorf("%s: %d", path, status)
		}
	}
}

func TestRecommendationsReassessmentAndFollowingThroughThePages(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	kg := addUser(t, env, "--email", "fp@example.kg", "--name", "Focal KG", "--role", "focal-point", "--country", "KG")
	prio := seedRoadmap(t, h.URL, sec)
	if status, out := do(t, "POST", h.URL+"/api/v1/roadmap/periods", sec, strings.NewReader(
		`{"id":"2027-2028","start":"2027-01-01T00:00:00Z","end":"2028-12-31T00:00:00Z","previous":"`+roadmapPeriod+`"}`)); status != 200 {
		t.Fatalf("next period: %d %s", status, out)
	}
	item := createItem(t, h.URL, kz, `{"period":"`+roadmapPeriod+`","priority":"`+prio+`","country":"KZ","code":"KZ-3.1",
		"title":{"ru":"Внедрить декларирование активов"},"articles":[52]}`)

	// A focal point enters a recommendation by the form, answered by the
	// commitment.
	status, page := form(t, h.URL, "/ru/roadmap/recommendations/new", kz, url.Values{"country": {"KZ"}, "source": {"uncac2"},
		"reference": {"п. 45"}, "year": {"2024"}, "articles": {"52"}, "text": {"Ввести электронное декларирование активов и доходов должностных лиц."},
		"implementation": {"partially"}, "commitments": {item}, "visibility": {"public"}})
	if status != 200 || !strings.Contains(page, `id="notice"`) || !strings.Contains(page, "/ru/roadmap/items/"+item) {
		t.Fatalf("new recommendation: %d %.500s", status, page)
	}
	for _, want := range []string{"Обзор КПК ООН, второй цикл", "Выполнено частично", "Внедрить декларирование"} {
		if !strings.Contains(page, want) {
			t.Errorf("the recommendation's page lacks %q", want)
		}
	}
	if status, _ := form(t, h.URL, "/ru/roadmap/recommendations/new", kg, url.Values{"country": {"KZ"}, "source": {"uncac2"},
		"text": {"Чужая рекомендация"}}); status != http.StatusForbidden {
		t.Errorf("another country's focal point enters one for Kazakhstan: %d", status)
	}
	if status, page := do(t, "GET", h.URL+"/ru/roadmap/recommendations?country=KZ&implementation=partially", "", nil); status != 200 ||
		!strings.Contains(string(page), "Ввести электронное декларирование") || !strings.Contains(string(page), `value="partially" selected`) {
		t.Errorf("the filtered list: %d", status)
	}
	if status, page := do(t, "GET", h.URL+"/en/uncac/52", "", nil); status != 200 || !strings.Contains(string(page), "Review recommendations") {
		t.Errorf("the article's page lacks the recommendations: %d", status)
	}

	// Following by the page's button, and the notifications page.
	if status, page := form(t, h.URL, "/en/roadmap/follow", kg, url.Values{"type": {"commitment"}, "id": {item}}); status != 200 || !strings.Contains(page, "You follow it now.") {
		t.Errorf("follow: %d %.300s", status, page)
	}
	if status, out := do(t, "POST", h.URL+"/api/v1/roadmap/items/"+item+"/updates", kz, strings.NewReader(`{"text":{"ru":"Закон принят."},"claim":{"progress":100,"status":"completed"}}`)); status != 201 {
		t.Fatalf("update: %d %s", status, out)
	}
	if status, page := do(t, "GET", h.URL+"/en/notifications", kg, nil); status != 200 || !strings.Contains(string(page), "Progress claimed") || !strings.Contains(string(page), `id="mark-all"`) {
		t.Errorf("notifications: %d %.800s", status, page)
	}
	if status, page := form(t, h.URL, "/en/notifications/read", kg, url.Values{}); status != 200 || !strings.Contains(page, "Unread: 0") {
		t.Errorf("mark read: %d", status)
	}

	// Reassessment: the focal point rates their commitment as still
	// relevant; the secretariat carries it over to the next period.
	if status, page := do(t, "GET", h.URL+"/en/roadmap/reassessment", kg, nil); status != 200 || strings.Contains(string(page), `name="item" value="`+item+`"><input type="hidden" name="type" value="commitment">`) && strings.Contains(string(page), `name="country" value="KZ"`) {
		t.Errorf("KG may rate Kazakhstan's commitment: %d", status)
	}
	if status, page := form(t, h.URL, "/en/roadmap/reassessment", kz, url.Values{"period": {roadmapPeriod}, "country": {"KZ"}, "item": {item},
		"type": {"commitment"}, "rating": {"relevant"}, "comment": {"Secondary legislation still missing."}}); status != 200 || !strings.Contains(page, "The rating was saved.") {
		t.Fatalf("rate: %d %.300s", status, page)
	}
	if status, _ := form(t, h.URL, "/en/roadmap/reassessment", kg, url.Values{"period": {roadmapPeriod}, "country": {"KZ"}, "item": {item},
		"type": {"commitment"}, "rating": {"achieved"}}); status != http.StatusForbidden {
		t.Errorf("KG rates for Kazakhstan: %d", status)
	}
	status, raw := do(t, "GET", h.URL+"/en/roadmap/reassessment?period="+roadmapPeriod, sec, nil)
	if page = string(raw); status != 200 || !strings.Contains(string(page), "Still relevant") || !strings.Contains(string(page), "Carry over to 2027-2028") {
		t.Fatalf("the secretariat's reassessment: %d %.300s", status, page)
	}
	if strings.Count(page, "Carry over to 2027-2028") != 1 || !strings.Contains(page, `name="item" value="`+prio+`"><input type="hidden" name="to"`) {
		t.Errorf("the priority is not the one offered first")
	}
	// The priority first, then its commitment.
	for _, id := range []string{prio, item} {
		if status, page := form(t, h.URL, "/en/roadmap/carry-over", sec, url.Values{"item": {id}, "to": {"2027-2028"}, "period": {roadmapPeriod}}); status != 200 || !strings.Contains(page, "Carried over") {
			t.Fatalf("carry %s over: %d %.300s", id, status, page)
		}
	}
	if status, out := do(t, "GET", h.URL+"/api/v1/roadmap/items?period=2027-2028", sec, nil); status != 200 || !strings.Contains(string(out), "KZ-3.1") {
		t.Errorf("the next period lacks the carried commitment: %d %s", status, out)
	}
}

func TestEveryRoadmapPageRendersInEveryLanguageWithoutAMessageID(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	prio := seedRoadmap(t, h.URL, sec)
	item := createItem(t, h.URL, kz, `{"period":"`+roadmapPeriod+`","priority":"`+prio+`","country":"KZ","code":"KZ-1.1",
		"title":{"ru":"Кодекс этики"},"due":"2025-03-01T00:00:00Z","indicators":[{"name":{"en":"Trained officials"},"unit":"people","baseline":0,"target":500,"current":120}]}`)
	child := createItem(t, h.URL, kz, `{"period":"`+roadmapPeriod+`","priority":"`+prio+`","parent":"`+item+`","code":"KZ-1.1.1","title":{"en":"Draft the code"}}`)
	if status, out := do(t, "POST", h.URL+"/api/v1/roadmap/items/"+child+"/updates", kz, strings.NewReader(`{"text":{"en":"Drafted."},"claim":{"progress":50,"status":"substantial"}}`)); status != 201 {
		t.Fatalf("update: %d %s", status, out)
	}
	status, out := do(t, "POST", h.URL+"/api/v1/roadmap/recommendations", sec, strings.NewReader(`{"country":"KZ","source":"oecd_iap","text":{"en":"Adopt a code of ethics.","ru":"Принять кодекс этики."},"commitments":["`+item+`"]}`))
	var rec struct{ ID string }
	if status != 201 || json.Unmarshal(out, &rec) != nil {
		t.Fatalf("recommendation: %d %s", status, out)
	}
	if status, out := do(t, "POST", h.URL+"/api/v1/follows", sec, strings.NewReader(`{"type":"commitment","id":"`+item+`"}`)); status != 204 {
		t.Fatalf("follow: %d %s", status, out)
	}
	messageID := regexp.MustCompile(`\b(site|nav|area|country|visibility|roadmap|roadmap_periods|document|footer|error)\.[a-z_]+(\.[a-z_]+)?\b`)
	pages := []string{"/roadmap", "/roadmap/countries/KZ", "/roadmap/countries/regional", "/roadmap/items/" + item, "/roadmap/items/" + child,
		"/roadmap/attention", "/roadmap/recommendations", "/roadmap/recommendations/" + rec.ID, "/roadmap/periods"}
	signedIn := []string{"/roadmap/reassessment", "/roadmap/items/new", "/roadmap/items/" + item + "/edit", "/roadmap/recommendations/new",
		"/roadmap/recommendations/" + rec.ID + "/edit", "/roadmap/import", "/notifications"}
	for _, lang := range []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"} {
		for _, reader := range []struct{ name, token string }{{"anonymous", ""}, {"the secretariat", sec}} {
			list := pages
			if reader.token != "" {
				list = append(slices.Clone(pages), signedIn...)
			}
			for _, path := range list {
				status, body := do(t, "GET", h.URL+"/"+lang+path, reader.token, nil)
				if status != 200 || !strings.Contains(string(body), `<html lang="`+lang+`"`) {
					t.Errorf("%s: /%s%s: %d", reader.name, lang, path, status)
				}
				if m := messageID.Find(body); m != nil {
					t.Errorf("%s: /%s%s shows the message id %q", reader.name, lang, path, m)
				}
			}
		}
	}
	if _, body := do(t, "GET", h.URL+"/en/roadmap/attention", "", nil); !strings.Contains(string(body), "KZ-1.1") || !strings.Contains(string(body), "Delayed") {
		t.Errorf("the attention list lacks the delayed commitment")
	}
	if _, body := do(t, "GET", h.URL+"/ru/roadmap/items/"+item, "", nil); !strings.Contains(string(body), "Trained officials") || !strings.Contains(string(body), "KZ-1.1.1") {
		t.Errorf("the item's page lacks its indicator or its child")
	}
}

func TestTheRoadmapThroughTheAPI(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	uz := addUser(t, env, "--email", "fp@example.uz", "--name", "Focal UZ", "--role", "focal-point", "--country", "UZ")
	prio := seedRoadmap(t, h.URL, sec)
	item := createItem(t, h.URL, uz, `{"period":"`+roadmapPeriod+`","priority":"`+prio+`","country":"UZ","code":"UZ-1","title":{"uz":"Axloq kodeksi"}}`)

	status, out := do(t, "POST", h.URL+"/api/v1/roadmap/items/"+item+"/updates", uz, strings.NewReader(`{"text":{"uz":"Loyiha tayyor."},"claim":{"progress":30}}`))
	var up struct{ ID string }
	if status != 201 || json.Unmarshal(out, &up) != nil {
		t.Fatalf("update: %d %s", status, out)
	}
	if status, out := do(t, "POST", h.URL+"/api/v1/roadmap/updates/"+up.ID+"/review", uz, strings.NewReader(`{"verified":true}`)); status != http.StatusForbidden {
		t.Errorf("a focal point reviews: %d %s", status, out)
	}
	if status, out := do(t, "POST", h.URL+"/api/v1/roadmap/updates/"+up.ID+"/review", sec, strings.NewReader(`{"reason":"x"}`)); status != 400 {
		t.Errorf("a review without a verdict: %d %s", status, out)
	}
	if status, out := do(t, "POST", h.URL+"/api/v1/roadmap/updates/"+up.ID+"/review", sec, strings.NewReader(`{"verified":false,"reason":"The draft is not attached."}`)); status != 200 || !strings.Contains(string(out), `"questioned"`) {
		t.Errorf("question: %d %s", status, out)
	}
	status, out = do(t, "GET", h.URL+"/api/v1/roadmap/items/"+item, "", nil)
	if status != 200 || !strings.Contains(string(out), `"progress":{"claimed":30}`) {
		t.Errorf("the item as the public reads it: %d %s", status, out)
	}
	if status, out := do(t, "GET", h.URL+"/api/v1/roadmap/attention", "", nil); status != 200 || !strings.Contains(string(out), `"items":[`) {
		t.Errorf("attention: %d %s", status, out)
	}
	if status, out := do(t, "GET", h.URL+"/api/v1/roadmap/periods", "", nil); status != 200 || !strings.Contains(string(out), `"current":"`+roadmapPeriod+`"`) {
		t.Errorf("periods: %d %s", status, out)
	}

	// An import through the API: a dry run by default, then written.
	csv := "code,period,priority,country,title.uz\nUZ-2," + roadmapPeriod + "," + prio + ",UZ,Deklaratsiya\n"
	importOnce := func(query string) (int, []byte) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "reja.csv")
		fw.Write([]byte(csv))
		w.Close()
		return do(t, "POST", h.URL+"/api/v1/roadmap/import"+query, uz, &buf, "Content-Type", w.FormDataContentType())
	}
	if status, out := importOnce(""); status != 200 || !strings.Contains(string(out), `"created":1`) || !strings.Contains(string(out), `"written":false`) {
		t.Errorf("dry run: %d %s", status, out)
	}
	if status, out := importOnce("?dryRun=false"); status != 200 || !strings.Contains(string(out), `"written":true`) {
		t.Errorf("write: %d %s", status, out)
	}
	if status, out := importOnce("?dryRun=false"); status != 200 || !strings.Contains(string(out), `"unchanged":1`) {
		t.Errorf("the same file again: %d %s", status, out)
	}
	if status, out := importOnce("?dryRun=perhaps&lang=ru"); status != 400 || !strings.Contains(string(out), "«dryRun»") {
		t.Errorf("a bad flag: %d %s", status, out)
	}
	if status, out := do(t, "GET", h.URL+"/api/v1/roadmap/export?format=xlsx&country=UZ", "", nil); status != 200 || !bytes.HasPrefix(out, []byte("PK")) {
		t.Errorf("export: %d %.100s", status, out)
	}
	if status, _ := do(t, "DELETE", h.URL+"/api/v1/roadmap/items/"+item, uz, nil); status != 204 {
		t.Errorf("delete: %d", status)
	}
	if status, _ := do(t, "GET", h.URL+"/api/v1/roadmap/items/"+item, sec, nil); status != 404 {
		t.Errorf("a deleted item: %d", status)
	}
}

func TestTheDemoRoadmapShowsClaimedAndVerifiedProgress(t *testing.T) {
	h := startHub(t, nil)
	status, out := do(t, "GET", h.URL+"/api/v1/roadmap/overview", "", nil)
	var ov struct {
		Period string
		Total  struct {
			Progress struct{ Claimed, Verified *float64 }
			Items    int
		}
		Claims          map[string]int
		Recommendations map[string]int
	}
	if status != 200 || json.Unmarshal(out, &ov) != nil {
		t.Fatalf("overview: %d %s", status, out)
	}
	if ov.Period != "2025-2026" || ov.Total.Items < 9 || ov.Total.Progress.Claimed == nil || ov.Total.Progress.Verified == nil ||
		*ov.Total.Progress.Claimed <= *ov.Total.Progress.Verified {
		t.Errorf("the demo overview: %s", out)
	}
	if ov.Claims["claimed"] == 0 || ov.Claims["verified"] == 0 || ov.Recommendations["partially"] == 0 {
		t.Errorf("the demo's claims and recommendations: %v %v", ov.Claims, ov.Recommendations)
	}
	// A commitment's page lists the recommendations it answers (the demo
	// links KZ-1 to two, from the UNCAC review and the Istanbul plan).
	status, out = do(t, "GET", h.URL+"/api/v1/roadmap/items?country=KZ&limit=500", "", nil)
	var list struct {
		Items []struct{ ID, Code string }
	}
	if status != 200 || json.Unmarshal(out, &list) != nil {
		t.Fatalf("items: %d %s", status, out)
	}
	found := false
	for _, it := range list.Items {
		if it.Code != "KZ-1" {
			continue
		}
		found = true
		status, page := do(t, "GET", h.URL+"/en/roadmap/items/"+it.ID, "", nil)
		if status != 200 || bytes.Count(page, []byte(`id="answers-`)) != 2 {
			t.Errorf("KZ-1's page: %d, %d recommendations it answers; want 2", status, bytes.Count(page, []byte(`id="answers-`)))
		}
	}
	if !found {
		t.Error("the demo has no commitment KZ-1")
	}
	for _, path := range []string{"/ru/roadmap", "/kk/roadmap/countries/KZ", "/uz/roadmap/attention", "/ky/roadmap/recommendations"} {
		if status, _ := do(t, "GET", h.URL+path, "", nil); status != 200 {
			t.Errorf("%s: %d", path, status)
		}
	}
}

func TestAFocalPointWritesACommitmentAndItsActionWithTheForms(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	tj := addUser(t, env, "--email", "fp@example.tj", "--name", "Focal TJ", "--role", "focal-point", "--country", "TJ")
	prio := seedRoadmap(t, h.URL, sec)
	if status, page := do(t, "GET", h.URL+"/tg/roadmap/items/new?country=TJ", tj, nil); status != 200 || !strings.Contains(string(page), `value="TJ" selected`) {
		t.Fatalf("the new form: %d", status)
	}
	fields := url.Values{"kind": {"commitment"}, "period": {roadmapPeriod}, "priority": {prio}, "country": {"TJ"}, "code": {"TJ-1.1"},
		"title": {"Қабули кодекси одоб"}, "lang": {"tg"}, "lead": {"Агентӣ"}, "due": {"2026-10-01"}, "weight": {"1"}, "status": {"not_started"},
		"articles": {"8"}, "visibility": {"public"}, "version": {"0"},
		"indicators.0.name": {"Хизматчиёни омӯзонидашуда"}, "indicators.0.unit": {""}, "indicators.0.baseline": {"0"}, "indicators.0.target": {"300"}, "indicators.0.current": {""}}
	status, page := form(t, h.URL, "/tg/roadmap/items/new", tj, fields)
	m := regexp.MustCompile(`action="/tg/roadmap/items/([0-9a-f]{24})/updates"`).FindStringSubmatch(page)
	if status != 200 || m == nil || !strings.Contains(page, "Хизматчиёни омӯзонидашуда") {
		t.Fatalf("create by the form: %d %.400s", status, page)
	}
	id := m[1]
	// A refused form comes back with what was typed and the field named.
	bad := url.Values{}
	for k, v := range fields {
		bad[k] = v
	}
	bad.Set("due", "2031-01-01")
	bad.Set("code", "TJ-1.2")
	if status, page := form(t, h.URL, "/tg/roadmap/items/new", tj, bad); status != 400 || !strings.Contains(page, `data-field="due"`) || !strings.Contains(page, `value="TJ-1.2"`) {
		t.Errorf("a due date outside the period: %d %.300s", status, page)
	}
	// An action under it, from the commitment's page.
	if status, page := do(t, "GET", h.URL+"/tg/roadmap/items/new?parent="+id, tj, nil); status != 200 || !strings.Contains(string(page), `value="`+id+`"`) {
		t.Errorf("the new action's form: %d", status)
	}
	action := url.Values{"kind": {"action"}, "period": {roadmapPeriod}, "priority": {prio}, "parent": {id}, "country": {"TJ"}, "code": {"TJ-1.1.1"},
		"title": {"Тайёр кардани лоиҳа"}, "lang": {"tg"}, "weight": {"1"}, "status": {"not_started"}, "visibility": {"public"}}
	if status, page := form(t, h.URL, "/tg/roadmap/items/new", tj, action); status != 200 || !strings.Contains(page, "TJ-1.1.1") {
		t.Errorf("the action: %d %.300s", status, page)
	}
	// Edited: the indicator's current value, the title in English kept
	// apart from the Tajik one.
	edit := url.Values{}
	for k, v := range fields {
		edit[k] = v
	}
	edit.Set("lang", "en")
	edit.Set("title", "Adopt a code of conduct")
	edit.Set("indicators.0.name", "Civil servants trained")
	edit.Set("indicators.0.current", "120")
	edit.Set("version", "0")
	if status, page := form(t, h.URL, "/en/roadmap/items/"+id+"/edit", tj, edit); status != 200 || !strings.Contains(page, "Adopt a code of conduct") {
		t.Errorf("edit: %d %.300s", status, page)
	}
	status, out := do(t, "GET", h.URL+"/api/v1/roadmap/items/"+id, tj, nil)
	if status != 200 || !strings.Contains(string(out), `"tg":"Қабули кодекси одоб"`) || !strings.Contains(string(out), `"current":120`) || !strings.Contains(string(out), `"tg":"Хизматчиёни омӯзонидашуда"`) {
		t.Errorf("after the edit: %d %s", status, out)
	}
	// A commitment with an action is not deleted; the action is.
	if status, _ := form(t, h.URL, "/en/roadmap/items/"+id+"/delete", tj, url.Values{}); status != http.StatusConflict {
		t.Errorf("delete with children: %d", status)
	}
}
