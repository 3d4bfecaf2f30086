package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform/backup"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/s3/miniotest"
)

// TestBackupOfAServingHubRestoresIntoANewDataFolder: the embedded default.
// A hub with the demo content (every kind of record) and attached files
// serves writes through its API while `hub backup` runs beside it; `hub
// restore` puts the archive into a new data folder, and every record and
// object of the restored deployment is compared with the source.
func TestBackupOfAServingHubRestoresIntoANewDataFolder(t *testing.T) {
	src := startHub(t, map[string]string{})
	srcEnv := map[string]string{"HUB_DATA_DIR": src.DataDir}
	dstEnv := map[string]string{"HUB_DATA_DIR": t.TempDir()}
	backupAndRestoreUnderWrites(t, src, srcEnv, dstEnv)
}

// TestBackupOfAHubOnExternalMongoAndS3: the production layout, a
// MongoDB-protocol server and an S3 bucket of its own for each deployment.
func TestBackupOfAHubOnExternalMongoAndS3(t *testing.T) {
	server := startHub(t, map[string]string{"HUB_DEMO": "false"}) // its embedded database serves as the external server
	uri, err := os.ReadFile(filepath.Join(server.DataDir, "db", "serving-uri"))
	if err != nil {
		t.Fatal(err)
	}
	m := miniotest.Start(t)
	env := func(db, bucket string) map[string]string {
		return map[string]string{
			"HUB_DATA_DIR": t.TempDir(), "HUB_DEMO": "false", "HUB_MONGO_URI": string(uri), "HUB_MONGO_DB": db,
			"HUB_S3_ENDPOINT": m.Endpoint, "HUB_S3_ACCESS_KEY": m.AccessKey, "HUB_S3_SECRET_KEY": m.SecretKey, "HUB_S3_BUCKET": bucket,
		}
	}
	srcEnv, dstEnv := env("backupsrc", "backup-src"), env("backupdst", "backup-dst")
	src := startHub(t, srcEnv)
	backupAndRestoreUnderWrites(t, src, srcEnv, dstEnv)
}

func backupAndRestoreUnderWrites(t *testing.T, src *hub, srcEnv, dstEnv map[string]string) {
	token := addUser(t, srcEnv, "--email", "backup@secretariat.example", "--name", "Backup Tester", "--role", "secretariat")
	// Documents with attached files before the backup: objects to copy.
	var before []string
	for i := range 3 {
		id := createDoc(t, src.URL, token, fmt.Sprintf(`{"kind":"national_law","countries":["KZ"],"visibility":"public","translations":{"ru":{"title":"Закон о государственной службе %d"}}}`, i))
		if status, body := upload(t, src.URL+"/api/v1/documents/"+id+"/attachments", token, fmt.Sprintf("law-%d.txt", i),
			[]byte(fmt.Sprintf("Статья %d. Конфликт интересов государственного служащего.", i)), "ru"); status != 201 {
			t.Fatalf("upload: %d %s", status, body)
		}
		before = append(before, id)
	}
	for _, id := range before {
		waitExtracted(t, src.URL, id, token)
	}

	// A writer creates documents, attaches files and deletes some, all
	// through the backup.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes atomic.Int64
	var writeErr atomic.Value
	wg.Add(1)
	go func() {
		defer wg.Done()
		var made []string
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := writeOnce(src.URL, token, i, &made); err != nil {
				writeErr.Store(err)
				return
			}
			writes.Add(1)
		}
	}()
	for writes.Load() < 5 && writeErr.Load() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	file := filepath.Join(t.TempDir(), "hub.tar.gz")
	var out bytes.Buffer
	err := run(context.Background(), []string{"backup", file}, func(k string) string { return srcEnv[k] }, &out, io.Discard)
	duringBackup := writes.Load()
	for writes.Load() < duringBackup+3 && writeErr.Load() == nil {
		time.Sleep(20 * time.Millisecond) // writes after the backup too
	}
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if e := writeErr.Load(); e != nil {
		t.Fatalf("writer: %v", e)
	}
	t.Logf("%s(%d writes by then)", out.String(), duringBackup)
	m, err := backup.Check(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Objects) < 3 {
		t.Errorf("the backup holds %d objects, want at least the 3 attached before it", len(m.Objects))
	}

	out.Reset()
	if err := run(context.Background(), []string{"restore", file}, func(k string) string { return dstEnv[k] }, &out, io.Discard); err != nil {
		t.Fatalf("restore: %v", err)
	}
	t.Log(out.String())
	// A second restore into the same deployment is refused.
	if err := run(context.Background(), []string{"restore", file}, func(k string) string { return dstEnv[k] }, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a restore into a deployment with records: %v", err)
	}

	compareDeployments(t, srcEnv, dstEnv, m.Seq)

	// The restored deployment serves: a document attached before the
	// backup is found by its file's text, and the file is there.
	dst := startHub(t, dstEnv)
	waitFound(t, dst.URL, "конфликт", "ru", before[0], 20*time.Second)
	atts := waitExtracted(t, dst.URL, before[0], token)
	if len(atts) != 1 {
		t.Fatalf("restored attachments: %+v", atts)
	}
	status, body := do(t, "GET", dst.URL+"/api/v1/documents/"+before[0]+"/attachments/"+atts[0].ID, token, nil)
	if status != 200 || !strings.Contains(string(body), "Конфликт интересов") {
		t.Errorf("download after restore: %d %.200s", status, body)
	}
}

// writeOnce is the writer's step i: a document created, every third step
// a file attached to it, every fourth an earlier one deleted.
func writeOnce(base, token string, i int, made *[]string) error {
	body := fmt.Sprintf(`{"kind":"guideline","visibility":"public","translations":{"en":{"title":"Written during the backup %d"}}}`, i)
	res, err := request("POST", base+"/api/v1/documents", token, "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	var created struct{ ID string }
	if res.status != 201 || json.Unmarshal(res.body, &created) != nil {
		return fmt.Errorf("create: %d %s", res.status, res.body)
	}
	*made = append(*made, created.ID)
	if i%3 == 0 {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", fmt.Sprintf("note-%d.txt", i))
		fmt.Fprintf(fw, "Note %d written while a backup ran.", i)
		mw.Close()
		if res, err = request("POST", base+"/api/v1/documents/"+created.ID+"/attachments", token, mw.FormDataContentType(), &buf); err != nil {
			return err
		}
		if res.status != 201 {
			return fmt.Errorf("attach: %d %s", res.status, res.body)
		}
	}
	if i%4 == 3 {
		victim := (*made)[0]
		*made = (*made)[1:]
		if res, err = request("DELETE", base+"/api/v1/documents/"+victim, token, "", nil); err != nil {
			return err
		}
		if res.status != 204 {
			return fmt.Errorf("delete: %d %s", res.status, res.body)
		}
	}
	return nil
}

type answer struct {
	status int
	body   []byte
}

// request is do for a goroutine: it returns its error rather than stop
// the test.
func request(method, url, token, contentType string, body io.Reader) (answer, error) {
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{res.StatusCode, b}, err
}

// compareDeployments compares every record and object of the restored
// deployment with the source, which went on being written after the
// backup's change seq:
//   - a record of a type in the change log is byte for byte the source's
//     when the log shows no change of it after seq; otherwise it carries
//     its last change up to seq, or is absent when that deleted it or
//     there was none;
//   - the change log is the source's up to seq, the audit trail the
//     source's entries up to seq and those of no write;
//   - every other record is the source's (they are copied after seq is
//     fixed, so the source may have more);
//   - every object is the source's, byte for byte, and every file a
//     restored attachment names is there.
func compareDeployments(t *testing.T, srcEnv, dstEnv map[string]string, seq uint64) {
	t.Helper()
	ctx := context.Background()
	open := func(env map[string]string, reuse bool) (*data, storage.Store) {
		cfg, err := LoadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		d, err := openData(ctx, cfg, nil, reuse)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(d.close)
		st, _, err := openStore(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return d, st
	}
	srcData, srcStore := open(srcEnv, true)
	dstData, dstStore := open(dstEnv, false)
	srcAll, err := srcData.db.RawCollections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dstAll, err := dstData.db.RawCollections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := srcData.db.ChangeLog().Since(ctx, 0, 10_000_000)
	if err != nil {
		t.Fatal(err)
	}
	records := mongo.RecordCollections()
	type key struct{ coll, id string }
	changedAfter := map[key]bool{}
	lastSeq := map[key]uint64{}
	for _, c := range changes {
		for coll, typ := range records {
			if typ != c.Type {
				continue
			}
			k := key{coll, c.ID}
			if c.Seq > seq {
				changedAfter[k] = true
			} else {
				lastSeq[k] = c.Seq
			}
		}
	}
	compared, exact := 0, 0
	for coll, typ := range records {
		ids := map[string]bool{}
		for id := range srcAll[coll] {
			ids[id] = true
		}
		for id := range dstAll[coll] {
			ids[id] = true
		}
		for id := range ids {
			k := key{coll, id}
			s, d := srcAll[coll][id], dstAll[coll][id]
			if coll == "attachments" {
				// The extraction worker's lease and count of tries are
				// its work, not changes of the record: they are not in
				// the log, and a restore drops the lease.
				s, d = without(s, "leaseUntil", "tries"), without(d, "leaseUntil", "tries")
			}
			compared++
			if !changedAfter[k] {
				exact++
				if !bytes.Equal(s, d) {
					t.Errorf("%s %s (%s), unchanged since the backup: restored %v, source %v", coll, id, typ, d, s)
				}
				continue
			}
			if d == nil {
				continue // created or deleted after the backup
			}
			// A document carries its write's first number; its other
			// changes (the provisions) come right after. Other records
			// may carry a number of their own or none (a registration's
			// is its version): the change log must show one up to seq.
			if _, ok := lastSeq[k]; !ok {
				t.Errorf("%s %s is restored but was changed only after the backup's change %d", coll, id, seq)
			}
			if n, ok := d.Lookup("seq").AsInt64OK(); ok && uint64(n) > seq {
				t.Errorf("%s %s is restored as of change %d, after the backup's %d", coll, id, n, seq)
			}
		}
	}
	if exact == 0 {
		t.Fatal("no record compared exactly")
	}
	for id, d := range dstAll["changes"] {
		if !bytes.Equal(d, srcAll["changes"][id]) {
			t.Errorf("change %s: restored %v, source %v", id, d, srcAll["changes"][id])
		}
	}
	for id, s := range srcAll["changes"] {
		if n, _ := s.Lookup("_id").AsInt64OK(); uint64(n) <= seq && dstAll["changes"][id] == nil {
			t.Errorf("change %s is missing from the restored log", id)
		}
	}
	for id, s := range srcAll["audit"] {
		n, numbered := s.Lookup("seq").AsInt64OK()
		_, restored := dstAll["audit"][id]
		if numbered && uint64(n) <= seq && !restored {
			t.Errorf("the audit entry %s of change %d is missing", id, n)
		}
		if numbered && uint64(n) > seq && restored {
			t.Errorf("the audit entry %s of change %d, after the backup's %d, is restored", id, n, seq)
		}
	}
	for coll, recs := range dstAll {
		if _, isRecord := records[coll]; isRecord || coll == "changes" || coll == "counters" {
			continue
		}
		for id, d := range recs {
			s := srcAll[coll][id]
			if coll == "meta" && id == "schema" {
				continue // compared below
			}
			if s == nil && (coll == "attachment_texts" || strings.HasSuffix(coll, "_versions")) {
				continue // copied after the backup's change, since deleted with their record
			}
			if !bytes.Equal(d, s) {
				t.Errorf("%s %s: restored %v, source %v", coll, id, d, s)
			}
		}
	}
	var srcSchema, dstSchema bson.Raw = srcAll["meta"]["schema"], dstAll["meta"]["schema"]
	if !bytes.Equal(srcSchema, dstSchema) {
		t.Errorf("layout record: restored %v, source %v", dstSchema, srcSchema)
	}
	if head, _ := dstData.db.ChangeLog().LastSeq(ctx); head != seq {
		t.Errorf("restored change counter %d, want %d", head, seq)
	}
	for _, coll := range []string{"sessions", "signin_failures", "seq_claims"} {
		if len(dstAll[coll]) > 0 {
			t.Errorf("%s restored: %d records", coll, len(dstAll[coll]))
		}
	}

	dstObjs, err := dstStore.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, o := range dstObjs {
		have[o.Key] = true
		want, err := srcStore.Stat(ctx, o.Key)
		if err != nil || want.SHA256 != o.SHA256 || want.Size != o.Size || want.ContentType != o.ContentType {
			t.Errorf("object %s: restored %+v, source %+v (%v)", o.Key, o, want, err)
		}
		a, _ := readObject(ctx, srcStore, o.Key)
		b, _ := readObject(ctx, dstStore, o.Key)
		if !bytes.Equal(a, b) || len(a) == 0 {
			t.Errorf("object %s: restored and source content differ", o.Key)
		}
	}
	for id, a := range dstAll["attachments"] {
		if k, _ := a.Lookup("key").StringValueOK(); !have[k] {
			t.Errorf("attachment %s names the file %s, which was not restored", id, k)
		}
	}
	t.Logf("compared %d records of %d types (%d exactly), %d changes, %d objects", compared, len(records), exact, len(dstAll["changes"]), len(dstObjs))
}

func readObject(ctx context.Context, st storage.Store, key string) ([]byte, error) {
	rc, _, err := st.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// without is doc without the fields named (nil stays nil).
func without(doc bson.Raw, fields ...string) bson.Raw {
	if doc == nil {
		return nil
	}
	var d bson.D
	if err := bson.Unmarshal(doc, &d); err != nil {
		return doc
	}
	d = slices.DeleteFunc(d, func(e bson.E) bool { return slices.Contains(fields, e.Key) })
	b, _ := bson.Marshal(d)
	return b
}
