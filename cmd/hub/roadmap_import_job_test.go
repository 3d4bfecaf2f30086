package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// startImportJob posts a sheet to the import page as token and returns the
// address of the job's page it is sent to (303).
func startImportJob(t *testing.T, base, lang, token string, fields map[string]string, name string, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	req, err := http.NewRequest("POST", base+"/"+lang+"/roadmap/import", &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/"+lang+"/roadmap/import/jobs/") {
		t.Fatalf("the import was not sent to its job: %d %q %.300s", res.StatusCode, loc, body)
	}
	return base + loc
}

// importPageJob is what the polls of a job's page saw.
type importPageJob struct {
	// running counts the readings of a running job; progressShown those
	// that showed a progress bar and reloaded themselves.
	running, progressShown int
	// last is the page of the ended job.
	last string
}

// waitImportJob reads a job's page as a person would (the page reloads
// itself) until the job has ended. The deadline is generous: the machine
// may be loaded; nothing here measures time.
func waitImportJob(t *testing.T, url, token string) importPageJob {
	t.Helper()
	var seen importPageJob
	deadline := time.Now().Add(3 * time.Minute)
	for {
		status, page := do(t, "GET", url, token, nil)
		if status != 200 {
			t.Fatalf("the job's page: %d %.300s", status, page)
		}
		if !strings.Contains(string(page), `data-state="running"`) {
			seen.last = string(page)
			return seen
		}
		seen.running++
		if strings.Contains(string(page), `<meta http-equiv="refresh" content="1">`) && strings.Contains(string(page), `<progress id="progress-checked"`) {
			seen.progressShown++
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job is still running after 3 minutes: %.1000s", page)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestAPageImportRunsAsAJobWhosePageShowsItsProgressThenTheReportToItsOwnerOnly(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	kg := addUser(t, env, "--email", "fp@example.kg", "--name", "Focal KG", "--role", "focal-point", "--country", "KG")
	prio := seedRoadmap(t, h.URL, sec)
	const n = 300
	var csv strings.Builder
	csv.WriteString("code,period,priority,country,title.ru,weight\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&csv, "KZ-7.%d,%s,%s,KZ,Мера номер %d,1\n", i, roadmapPeriod, prio, i)
	}

	// A dry run is a job too, and writes nothing.
	job := startImportJob(t, h.URL, "ru", kz, map[string]string{"kind": "items", "mode": "dry"}, "план.csv", []byte(csv.String()))
	seen := waitImportJob(t, job, kz)
	for _, want := range []string{`data-state="done"`, fmt.Sprintf(`<td id="n-created">%d</td>`, n), `<td id="n-rejected">0</td>`, `id="import-not-written"`} {
		if !strings.Contains(seen.last, want) {
			t.Errorf("the dry run's report lacks %s", want)
		}
	}
	if status, out := do(t, "GET", h.URL+"/api/v1/roadmap/items?period="+roadmapPeriod+"&limit=500", sec, nil); status != 200 || strings.Contains(string(out), "KZ-7.1") {
		t.Errorf("a dry run wrote: %d %.300s", status, out)
	}

	// Writing: the page reloads itself while the job runs, then shows the
	// report as the import page always did, in the reader's language.
	bad := csv.String() + "KZ-7.999," + roadmapPeriod + "," + prio + ",KZ,Плохая строка,много\n"
	job = startImportJob(t, h.URL, "ru", kz, map[string]string{"kind": "items", "mode": "valid"}, "план.csv", []byte(bad))
	seen = waitImportJob(t, job, kz)
	t.Logf("the job's page was read %d times while it ran, %d of them with a progress bar", seen.running, seen.progressShown)
	if seen.running != seen.progressShown {
		t.Errorf("%d readings of the running job, %d with a progress bar that reloads", seen.running, seen.progressShown)
	}
	for _, want := range []string{`data-state="done"`, fmt.Sprintf(`<td id="n-created">%d</td>`, n), `<td id="n-rejected">1</td>`,
		`id="import-written"`, fmt.Sprintf(`<td class="row">%d</td><td class="column">weight</td>`, n+2), `id="import-form"`} {
		if !strings.Contains(seen.last, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	if strings.Contains(seen.last, `http-equiv="refresh"`) {
		t.Error("the page of an ended job still reloads itself")
	}
	if !strings.Contains(seen.last, "Изменения записаны.") {
		t.Error("the report is not in Russian")
	}
	status, out := do(t, "GET", h.URL+"/api/v1/roadmap/items?period="+roadmapPeriod+"&country=KZ&limit=500", sec, nil)
	if status != 200 || !strings.Contains(string(out), `"KZ-7.1"`) || !strings.Contains(string(out), fmt.Sprintf(`"KZ-7.%d"`, n)) || strings.Contains(string(out), "KZ-7.999") {
		t.Errorf("after the job: %d %.300s", status, out)
	}

	// The page is its owner's: another user, like a made-up job, is not
	// found; an anonymous reader is asked to sign in.
	if status, _ := do(t, "GET", job, kg, nil); status != 404 {
		t.Errorf("another user reads the job: %d", status)
	}
	if status, _ := do(t, "GET", h.URL+"/ru/roadmap/import/jobs/nosuchjob", kz, nil); status != 404 {
		t.Errorf("a made-up job: %d", status)
	}
	if status, page := do(t, "GET", job, "", nil); strings.Contains(string(page), `id="import-report"`) {
		t.Errorf("an anonymous reader reads the job: %d", status)
	}

	// A job whose hub stopped mid-way says it runs forever; another hub
	// sharing the database (here, one beside this one) shows it
	// interrupted once its heartbeat is old, and says whether anything
	// may have been written.
	cfg, err := LoadConfig(func(k string) string {
		if k == "HUB_DATA_DIR" {
			return h.DataDir
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d, err := openData(ctx, cfg, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	jobs := mongo.NewImportJobStore(d.db)
	j, err := jobs.Get(ctx, path.Base(job))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		writing bool
		want    string
	}{
		{false, "Ничего не записано."},
		{true, "Часть изменений могла быть записана."},
	} {
		j.ID, j.State, j.Report, j.Writing = fmt.Sprintf("stale-%v", tt.writing), platform.JobRunning, nil, tt.writing
		j.UpdatedAt = time.Now().Add(-time.Minute)
		if err := jobs.Save(ctx, j); err != nil {
			t.Fatal(err)
		}
		status, page := do(t, "GET", h.URL+"/ru/roadmap/import/jobs/"+j.ID, kz, nil)
		if status != 200 || !strings.Contains(string(page), `data-state="interrupted"`) || !strings.Contains(string(page), tt.want) ||
			strings.Contains(string(page), `http-equiv="refresh"`) {
			t.Errorf("an interrupted job (writing %v): %d %.2000s", tt.writing, status, page)
		}
	}
}
