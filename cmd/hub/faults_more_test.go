package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ca-uncac/hub/storage/s3/miniotest"
)

// searchIDs pages through every hit of a search and returns the ids.
func searchIDs(t *testing.T, base, query string) []string {
	t.Helper()
	var ids []string
	for page := 1; ; page++ {
		status, body := do(t, "GET", fmt.Sprintf("%s/api/v1/search?size=100&page=%d&%s", base, page, query), "", nil)
		if status != 200 {
			t.Fatalf("search %s page %d: %d %s", query, page, status, body)
		}
		var res struct {
			Total int
			Hits  []struct{ ID string }
		}
		json.Unmarshal(body, &res)
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < 100 || len(ids) >= res.Total {
			return ids
		}
	}
}

// documentTotal is the number of documents in the database, as the API
// lists them.
func documentTotal(t *testing.T, base string) int {
	t.Helper()
	status, body := do(t, "GET", base+"/api/v1/documents?limit=1", "", nil)
	var list struct{ Total int }
	if err := json.Unmarshal(body, &list); status != 200 || err != nil {
		t.Fatalf("list documents: %d %s", status, body)
	}
	return list.Total
}

func TestAHubKilledDuringABulkImportKeepsEveryAcknowledgedDocument(t *testing.T) {
	bin := buildHub(t)
	data := t.TempDir()
	addr := freePort(t)
	env := []string{"HUB_DATA_DIR=" + data, "HUB_ADDR=" + addr, "HUB_DEMO=false", "HUB_LOG_LEVEL=error"}
	base := "http://" + addr
	proc := startProcess(t, bin, env)
	cmd := exec.Command(bin, "users", "add", "--email", "import@example.org", "--name", "Importer", "--role", "secretariat", "--token")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("users add: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := lines[len(lines)-1]

	// Two clients send batches of 100 documents without pause, in two
	// languages and both scripts, each marked with the word "qalqon"; the
	// hub is killed once six batches have been acknowledged, with others
	// in flight.
	const batch, killAfter = 100, 6
	var (
		mu       sync.Mutex
		acked    []string
		sent     int
		killed   = make(chan struct{})
		killOnce sync.Once
		wg       sync.WaitGroup
	)
	client := &http.Client{Timeout: time.Minute}
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; ; b++ {
				var body strings.Builder
				for i := range batch {
					n := (w*1000+b)*batch + i
					if i%2 == 0 {
						fmt.Fprintf(&body, `{"kind":"report","countries":["UZ"],"translations":{"uz":{"title":"qalqon hisobot %d","body":"Oʻzbekiston Respublikasi korrupsiyaga qarshi"}}}`+"\n", n)
					} else {
						fmt.Fprintf(&body, `{"kind":"guideline","countries":["KZ"],"translations":{"kk":{"title":"qalqon басшылық %d","summary":"Қазақстан Республикасы сыбайлас жемқорлыққа қарсы"}}}`+"\n", n)
					}
				}
				req, _ := http.NewRequest("POST", base+"/api/v1/documents/import", strings.NewReader(body.String()))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/x-ndjson")
				mu.Lock()
				sent += batch
				mu.Unlock()
				res, err := client.Do(req)
				if err != nil {
					return // the hub is gone
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 201 {
					select {
					case <-killed:
					default:
						t.Errorf("import answered %d before the kill: %s", res.StatusCode, b)
					}
					return
				}
				var r struct{ IDs []string }
				json.Unmarshal(b, &r)
				mu.Lock()
				acked = append(acked, r.IDs...)
				n := len(acked)
				mu.Unlock()
				if n >= killAfter*batch {
					killOnce.Do(func() {
						proc.Process.Signal(syscall.SIGKILL)
						close(killed)
					})
				}
			}
		}()
	}
	select {
	case <-killed:
	case <-time.After(2 * time.Minute):
		t.Fatal("six batches were not acknowledged within two minutes")
	}
	proc.Wait()
	wg.Wait()
	mu.Lock()
	ackedIDs := slices.Clone(acked)
	mu.Unlock()
	t.Logf("killed with %d documents acknowledged of %d sent", len(ackedIDs), sent)

	startProcess(t, bin, env)
	for _, id := range ackedIDs {
		if status, body := do(t, "GET", base+"/api/v1/documents/"+id, "", nil); status != 200 {
			t.Fatalf("acknowledged document %s after the restart: %d %s", id, status, body)
		}
	}
	stored := documentTotal(t, base)
	// Every acknowledged document is found, in either script.
	for _, q := range []string{"q=qalqon", "q=%D2%9B%D0%B0%D0%BB%D2%9B%D0%BE%D0%BD"} { // қалқон
		found := searchIDs(t, base, q)
		for _, id := range ackedIDs {
			if !slices.Contains(found, id) {
				t.Fatalf("search %s after the restart misses acknowledged document %s (%d found)", q, id, len(found))
			}
		}
		t.Logf("search %s finds %d documents; %d are stored, %d were acknowledged", q, len(found), stored, len(ackedIDs))
	}
}

// textFile is a text file of about size bytes that no other file shares.
func textFile(tag string, size int) []byte {
	line := "Korrupsiyaga qarshi kurashish toʻgʻrisidagi qonun — " + tag + "\n"
	return []byte(strings.Repeat(line, size/len(line)+1))
}

func TestAnObjectStoreOutageDuringUploadsLeavesNoRecordWithoutItsFile(t *testing.T) {
	m := miniotest.Start(t)
	h := startHub(t, map[string]string{
		"HUB_DEMO": "false", "HUB_S3_ENDPOINT": m.Endpoint, "HUB_S3_ACCESS_KEY": m.AccessKey,
		"HUB_S3_SECRET_KEY": m.SecretKey, "HUB_S3_BUCKET": "hub-faults",
	})
	token := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "files@example.org", "--name", "Files", "--role", "secretariat")
	status, body := do(t, "POST", h.URL+"/api/v1/documents", token, strings.NewReader(`{"kind":"national_law","countries":["UZ"],"translations":{"uz":{"title":"Korrupsiyaga qarshi kurashish toʻgʻrisida"}}}`))
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var doc struct{ ID string }
	json.Unmarshal(body, &doc)
	attachURL := h.URL + "/api/v1/documents/" + doc.ID + "/attachments?lang="

	files := map[string][]byte{} // name → content, every file sent
	var answers sync.Map         // name → status
	send := func(name string, content []byte) int {
		status, body := upload(t, attachURL+"en", token, name, content, "uz")
		if status != 201 && status != 503 {
			t.Errorf("upload %s: %d %s", name, status, body)
		}
		answers.Store(name, status)
		return status
	}
	files["before.txt"] = textFile("before", 64<<10)
	if status := send("before.txt", files["before.txt"]); status != 201 {
		t.Fatalf("upload with the store up: %d", status)
	}

	// Four uploads of 4 MB are under way when the store goes down.
	var wg sync.WaitGroup
	for i := range 4 {
		name := fmt.Sprintf("during-%d.txt", i)
		files[name] = textFile(name, 4<<20)
		wg.Add(1)
		go func() { defer wg.Done(); send(name, files[name]) }()
	}
	time.Sleep(150 * time.Millisecond)
	if err := m.Stop(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	// With the store down: 503, and a message that says what happened, in
	// the reader's language.
	files["while-down.txt"] = textFile("while-down", 64<<10)
	for lang, words := range map[string]string{"en": "file store cannot be reached", "ru": "Хранилище файлов сейчас недоступно"} {
		status, body := upload(t, attachURL+lang, token, "while-down.txt", files["while-down.txt"], "uz")
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(body, &e)
		if status != 503 || !strings.Contains(e.Error.Message, words) {
			t.Fatalf("upload with the store down (%s): %d %s", lang, status, body)
		}
	}
	answers.Store("while-down.txt", 503)

	// The records are only those of acknowledged uploads.
	listed := attachmentList(t, h.URL, token, doc.ID)
	var acknowledged []string
	answers.Range(func(k, v any) bool {
		if v.(int) == 201 {
			acknowledged = append(acknowledged, k.(string))
		}
		return true
	})
	slices.Sort(acknowledged)
	var names []string
	for _, a := range listed {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, acknowledged) {
		t.Fatalf("attachments listed %v, acknowledged %v", names, acknowledged)
	}
	t.Logf("%d of 4 uploads under way were acknowledged before the store went down", len(acknowledged)-1)

	// Back up: every record's file is there, whole, and every refused
	// upload succeeds when sent again.
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, h.URL+"/readyz", 200, 30*time.Second)
	for name, content := range files {
		if v, _ := answers.Load(name); v.(int) == 503 {
			if status, body := upload(t, attachURL+"en", token, name, content, "uz"); status != 201 {
				t.Fatalf("upload of %s again with the store back: %d %s", name, status, body)
			}
		}
	}
	listed = attachmentList(t, h.URL, token, doc.ID)
	if len(listed) != len(files) {
		t.Fatalf("%d attachments after the retries, want %d", len(listed), len(files))
	}
	for _, a := range listed {
		status, body := do(t, "GET", h.URL+"/api/v1/documents/"+doc.ID+"/attachments/"+a.ID, token, nil)
		sum := sha256.Sum256(files[a.Name])
		if got := sha256.Sum256(body); status != 200 || got != sum || a.SHA256 != hex.EncodeToString(sum[:]) {
			t.Fatalf("download of %s: %d, %d bytes, sha256 %x, want %x", a.Name, status, len(body), got, sum)
		}
	}
}

func attachmentList(t *testing.T, base, token, docID string) []attachmentJSON {
	t.Helper()
	status, body := do(t, "GET", base+"/api/v1/documents/"+docID+"/attachments", token, nil)
	var res struct{ Attachments []attachmentJSON }
	if err := json.Unmarshal(body, &res); status != 200 || err != nil {
		t.Fatalf("list attachments: %d %s", status, body)
	}
	return res.Attachments
}

func TestAMissingIndexIsRebuiltAtStart(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(dir string) error
	}{
		{"the index folder deleted", os.RemoveAll},
		{"the index folder emptied", func(dir string) error {
			entries, err := os.ReadDir(dir)
			for _, e := range entries {
				if err == nil {
					err = os.RemoveAll(filepath.Join(dir, e.Name()))
				}
			}
			return err
		}},
	}
	h := startHub(t, nil)
	data := h.DataDir
	want := searchIDs(t, h.URL, "q=korrupsiya&lang=uz")
	h.stop(t)
	if len(want) == 0 {
		t.Fatal("the demo content has nothing for korrupsiya")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.breakIt(filepath.Join(data, "index")); err != nil {
				t.Fatal(err)
			}
			h := startHub(t, map[string]string{"HUB_DATA_DIR": data})
			got := searchIDs(t, h.URL, "q=korrupsiya&lang=uz")
			slices.Sort(got)
			w := slices.Sorted(slices.Values(want))
			if !slices.Equal(got, w) {
				t.Fatalf("after the rebuild the search finds %d records, before %d", len(got), len(w))
			}
			h.stop(t)
		})
	}
}
