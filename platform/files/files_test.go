package files_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/files"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
	"github.com/ca-uncac/hub/platform/photo"
	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/s3"
	"github.com/ca-uncac/hub/storage/s3/miniotest"
)

// The attachment service runs against the real persistence (embedded
// FerretDB) and real object stores (a folder, MinIO): no mocks.

var embeddedURI string

// TestMain lets the test binary be the child that makes photos, as the
// hub's binary is (photo.Isolated), before it starts the database.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == photo.ChildCommand {
		os.Exit(photo.RunChild(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]))
	}
	mongotest.Main(m, "hub-files-test", &embeddedURI)
}

func openDB(t *testing.T) *mongo.DB { return mongotest.OpenDB(t, embeddedURI) }

var (
	asUser   = mongotest.AsUser
	lawInput = mongotest.LawInput
	newStore = mongotest.FolderStore
	upload   = mongotest.Upload
)

var extractor = files.Extractor{Text: extract.Text, Detect: extract.DetectLanguage}

func TestAttachmentsAreStoredExtractedAndIndexedWithTheirDocument(t *testing.T) {
	db := openDB(t)
	store := newStore(t)
	docs := mongo.NewDocumentService(db)
	atts := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), store, files.Options{Extract: extractor})
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, lawInput("KZ", platform.Members))
	if err != nil {
		t.Fatal(err)
	}
	kazakh := []byte("Сыбайлас жемқорлыққа қарсы іс-қимыл туралы Қазақстан Республикасының Заңы. Әділет, ұлттық, өңір.")
	a, err := atts.CreateAttachment(sec, d.ID, upload(`C:\Users\aida\Заң.txt`, kazakh, platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Заң.txt" || a.TextState != platform.TextPending || a.Key != storage.ContentKey(a.SHA256) {
		t.Fatalf("attachment %+v", a)
	}
	// The same content again is a second record over the same stored file.
	b, err := atts.CreateAttachment(sec, d.ID, upload("copy.txt", kazakh, platform.FormatTXT))
	if err != nil || b.Key != a.Key {
		t.Fatalf("second upload: %v %+v", err, b)
	}
	// A file without a single letter (as a scanned PDF's text layer is):
	// stored, but not searchable.
	noText := []byte("—— 12 345 ——\n\n  * * *")
	c, err := atts.CreateAttachment(sec, d.ID, upload("scan.txt", noText, platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	last, _ := db.ChangeLog().LastSeq(context.Background())
	n, err := atts.ProcessPending(context.Background())
	if err != nil || n != 3 {
		t.Fatalf("processed %d: %v", n, err)
	}
	list, err := atts.FindAttachments(asUser(platform.RoleExpert, "TJ"), d.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %v %d", err, len(list))
	}
	if got := list[0]; got.TextState != platform.TextDone || !got.Searchable || got.Lang != "kk" || got.TextChars == 0 {
		t.Errorf("extracted attachment: %+v", got)
	}
	if got := list[2]; got.ID != c.ID || got.TextState != platform.TextFailed || got.Searchable || got.TextError == "" {
		t.Errorf("attachment without text: %+v", got)
	}
	texts, err := mongo.NewAttachmentTextStore(db).AttachmentTexts(context.Background(), d.ID)
	if err != nil || len(texts) != 2 || texts[0].Lang != "kk" || !strings.Contains(texts[0].Text, "Әділет") {
		t.Fatalf("texts: %v %+v", err, texts)
	}
	with, err := mongo.NewAttachmentTextStore(db).DocumentsWithText(context.Background())
	if err != nil || !with[d.ID] || len(with) != 1 {
		t.Fatalf("documents with text: %v %v", err, with)
	}
	// Each finished extraction tells the indexer to reload the document.
	changes, _ := db.ChangeLog().Since(context.Background(), last, 10)
	docChanges := 0
	for _, ch := range changes {
		if ch.Type == platform.TypeDocument && ch.ID == d.ID {
			docChanges++
		}
	}
	if docChanges != 3 {
		t.Errorf("%d document changes after extraction, want 3: %+v", docChanges, changes)
	}
	// Reading obeys the document's visibility.
	if _, _, err := atts.OpenAttachment(context.Background(), d.ID, a.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("anonymous read of a members-only attachment: %v", err)
	}
	rc, got, err := atts.OpenAttachment(asUser(platform.RoleExpert, "TJ"), d.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(body, kazakh) || got.SHA256 != a.SHA256 {
		t.Errorf("content %q", body)
	}
	if _, err := atts.FindAttachment(sec, d.ID, "0123456789abcdef01234567"); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("unknown attachment: %v", err)
	}
	// Deleting one of two records over the same file keeps the file.
	if err := atts.DeleteAttachment(sec, d.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	atts2 := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), store, files.Options{TrashGrace: -1})
	if err := atts2.EmptyTrash(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Stat(context.Background(), b.Key); err != nil {
		t.Fatalf("file still used by another attachment was deleted: %v", err)
	}
	// Deleting the document removes the rest, records, texts and files.
	if err := docs.DeleteDocument(sec, d.ID); err != nil {
		t.Fatal(err)
	}
	if err := atts2.EmptyTrash(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{b.Key, c.Key} {
		if _, err := store.Stat(context.Background(), key); !errors.Is(err, storage.ErrNotExist) {
			t.Errorf("file %s left after the document was deleted: %v", key, err)
		}
	}
	if texts, _ := mongo.NewAttachmentTextStore(db).AttachmentTexts(context.Background(), d.ID); len(texts) != 0 {
		t.Errorf("texts left: %d", len(texts))
	}
}

func TestAttachingFollowsTheEditingRules(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	atts := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), newStore(t), files.Options{})
	sec := asUser(platform.RoleSecretariat, "")
	kz, err := docs.CreateDocument(sec, lawInput("KZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ctx  context.Context
		up   platform.AttachmentUpload
		want string
	}{
		{"an anonymous visitor cannot attach", context.Background(), upload("a.txt", []byte("text"), platform.FormatTXT), platform.Unauthorized},
		{"an expert cannot attach", asUser(platform.RoleExpert, "KZ"), upload("a.txt", []byte("text"), platform.FormatTXT), platform.Forbidden},
		{"a focal point cannot attach to another country's law", asUser(platform.RoleFocalPoint, "UZ"), upload("a.txt", []byte("text"), platform.FormatTXT), platform.Forbidden},
		{"a format outside the list is refused", sec, upload("a.exe", []byte("MZ"), "exe"), platform.Invalid},
		{"a language outside the seven is refused", sec, func() platform.AttachmentUpload {
			u := upload("a.txt", []byte("text"), platform.FormatTXT)
			u.Lang = "fr"
			return u
		}(), platform.Invalid},
		{"a focal point can attach to their country's law", asUser(platform.RoleFocalPoint, "KZ"), upload("a.txt", []byte("text"), platform.FormatTXT), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := atts.CreateAttachment(tt.ctx, kz.ID, tt.up)
			if got := platform.ErrorCode(err); got != tt.want {
				t.Fatalf("code %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

// pausingReader hands out its content in two halves and waits between them
// until released, so that a test can act while an upload is in flight.
type pausingReader struct {
	r        *bytes.Reader
	half     int
	once     sync.Once
	reached  chan struct{}
	released chan struct{}
}

func (p *pausingReader) Read(b []byte) (int, error) {
	if p.r.Len() <= p.half {
		p.once.Do(func() { close(p.reached); <-p.released })
	}
	if over := p.r.Len() - p.half; over > 0 && len(b) > over {
		b = b[:over]
	}
	return p.r.Read(b)
}

func TestADocumentDeletedDuringAnUploadLeavesNothingBehind(t *testing.T) {
	db := openDB(t)
	store := newStore(t)
	docs := mongo.NewDocumentService(db)
	atts := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), store, files.Options{})
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, lawInput("TJ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("Қонуни Ҷумҳурии Тоҷикистон "), 20000)
	up := upload("law.txt", content, platform.FormatTXT)
	pr := &pausingReader{r: bytes.NewReader(content), half: len(content) / 2, reached: make(chan struct{}), released: make(chan struct{})}
	up.Content = pr
	done := make(chan error, 1)
	go func() {
		_, err := atts.CreateAttachment(sec, d.ID, up)
		done <- err
	}()
	select {
	case <-pr.reached:
	case err := <-done:
		t.Fatalf("upload ended before the pause: %v", err)
	}
	if err := docs.DeleteDocument(sec, d.ID); err != nil {
		t.Fatal(err)
	}
	close(pr.released)
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("upload did not finish")
	}
	if platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("upload to a deleted document: %v, want not found", err)
	}
	objects, err := store.List(context.Background(), "")
	if err != nil || len(objects) != 0 {
		t.Fatalf("objects left in the store: %v %+v", err, objects)
	}
	if n, err := atts.ProcessPending(context.Background()); err != nil || n != 0 {
		t.Fatalf("pending after the race: %d %v", n, err)
	}
	with, _ := mongo.NewAttachmentTextStore(db).DocumentsWithText(context.Background())
	if len(with) != 0 {
		t.Fatalf("texts left: %v", with)
	}
}

func TestExtractionResumesAfterAWorkerDies(t *testing.T) {
	db := openDB(t)
	store := newStore(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, lawInput("UZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	// A first worker claims the file and dies in the middle (its extractor
	// never returns); its lease is short.
	stuck := make(chan struct{})
	defer close(stuck)
	claimed := make(chan struct{})
	dying := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), store, files.Options{Lease: 300 * time.Millisecond, Extract: files.Extractor{
		Text: func(string, io.ReaderAt, int64) (string, error) {
			close(claimed)
			<-stuck
			return "", errors.New("never")
		},
	}})
	a, err := dying.CreateAttachment(sec, d.ID, upload("qonun.txt", []byte("Oʻzbekiston Respublikasining Qonuni. Korrupsiyaga qarshi kurashish toʻgʻrisida."), platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	go dying.ProcessPending(context.Background())
	<-claimed
	// The next process starts: while the lease holds it leaves the file
	// alone, then takes it up.
	next := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), store, files.Options{Extract: extractor})
	if n, err := next.ProcessPending(context.Background()); err != nil || n != 0 {
		t.Fatalf("took a leased file: %d %v", n, err)
	}
	time.Sleep(400 * time.Millisecond)
	if n, err := next.ProcessPending(context.Background()); err != nil || n != 1 {
		t.Fatalf("after the lease: %d %v", n, err)
	}
	got, err := next.FindAttachment(sec, d.ID, a.ID)
	if err != nil || got.TextState != platform.TextDone || got.Lang != "uz" {
		t.Fatalf("after resuming: %v %+v", err, got)
	}
}

func TestAttachmentsLiveInS3Too(t *testing.T) {
	srv := miniotest.Start(t)
	store, err := s3.New(context.Background(), srv.Config("library"))
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	atts := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), store, files.Options{Extract: extractor, TrashGrace: -1})
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, lawInput("TJ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("Қонуни Ҷумҳурии Тоҷикистон «Дар бораи муқовимат ба коррупсия». Ӣ ӯ ҳ ҷ ғ қ.")
	a, err := atts.CreateAttachment(sec, d.ID, upload("қонун.txt", content, platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := atts.ProcessPending(context.Background()); err != nil || n != 1 {
		t.Fatalf("processed %d: %v", n, err)
	}
	got, err := atts.FindAttachment(sec, d.ID, a.ID)
	if err != nil || got.TextState != platform.TextDone || got.Lang != "tg" {
		t.Fatalf("after extraction: %v %+v", err, got)
	}
	rc, _, err := atts.OpenAttachment(context.Background(), d.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(body, content) {
		t.Fatalf("content %q", body)
	}
	u, err := atts.AttachmentURL(context.Background(), d.ID, a.ID, time.Minute)
	if err != nil || !strings.HasPrefix(u, srv.URL()) {
		t.Fatalf("presigned URL %q: %v", u, err)
	}
	if err := docs.DeleteDocument(sec, d.ID); err != nil {
		t.Fatal(err)
	}
	if err := atts.EmptyTrash(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Stat(context.Background(), a.Key); !errors.Is(err, storage.ErrNotExist) {
		t.Fatalf("the file of a deleted document is still in S3: %v", err)
	}
}

// TestAttachmentDetailsAreForMembers: everybody who may see a document sees
// that an attachment is not searchable; only signed-in members see why
// (the extractor's error) and who uploaded it, in the list and one by one.
func TestAttachmentDetailsAreForMembers(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	atts := files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), newStore(t), files.Options{Extract: extractor})
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, lawInput("KZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	// No letter in it, as in a scanned PDF's text layer: not searchable.
	a, err := atts.CreateAttachment(sec, d.ID, upload("scan.txt", []byte("—— 12 345 ——\n\n  * * *"), platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := atts.ProcessPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	disabled := &platform.User{ID: "gone", Role: platform.RoleFocalPoint, Country: "KZ", Disabled: true}
	tests := []struct {
		name    string
		ctx     context.Context
		details bool
	}{
		{"an anonymous visitor", context.Background(), false},
		{"a deactivated account", platform.NewContextWithUser(context.Background(), disabled), false},
		{"an expert of another country", asUser(platform.RoleExpert, "TJ"), true},
		{"the document's focal point", asUser(platform.RoleFocalPoint, "KZ"), true},
		{"the secretariat", sec, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := atts.FindAttachments(tt.ctx, d.ID)
			if err != nil || len(list) != 1 {
				t.Fatalf("list: %v %d", err, len(list))
			}
			one, err := atts.FindAttachment(tt.ctx, d.ID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, got := range []*platform.Attachment{list[0], one} {
				if got.TextState != platform.TextFailed || got.Searchable {
					t.Errorf("the not-searchable marker is lost: %+v", got)
				}
				if tt.details != (got.TextError != "") {
					t.Errorf("error text %q shown: want %v", got.TextError, tt.details)
				}
				if want := map[bool]string{true: "u-secretariat"}[tt.details]; got.CreatedBy != want {
					t.Errorf("uploader %q shown, want %q", got.CreatedBy, want)
				}
			}
		})
	}
	// What a visitor is given is a copy: the members' view stays whole.
	if _, err := atts.FindAttachments(context.Background(), d.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := atts.FindAttachment(sec, d.ID, a.ID); err != nil || got.TextError == "" || got.CreatedBy == "" {
		t.Fatalf("the secretariat's view after a visitor's: %v %+v", err, got)
	}
}

// TestAFileThatKillsTheExtractorIsNotSearchableAtOnce: an extractor that
// dies on a file (extract.Isolated reports a child killed for its memory,
// stack or time) makes the file not searchable with the reason, on the
// first try, and the worker goes on with the next file; an extractor that
// cannot run at all leaves the file to be tried again, and after MaxTries
// it is given up.
func TestAFileThatKillsTheExtractorIsNotSearchableAtOnce(t *testing.T) {
	db := openDB(t)
	store := newStore(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, lawInput("KG", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	calls := map[string]int{}
	text := func(format string, r io.ReaderAt, size int64) (string, error) {
		b := make([]byte, size)
		r.ReadAt(b, 0)
		mu.Lock()
		calls[string(b)]++
		mu.Unlock()
		switch string(b) {
		case "hostile":
			return "", extract.ErrStack
		case "no extractor":
			return "", &platform.Error{Code: platform.Unavailable, Message: "cannot start the extractor"}
		}
		return extract.Text(format, r, size)
	}
	atts := files.New(mongo.NewAttachmentStore(db), docs, store, files.Options{Lease: 200 * time.Millisecond, MaxTries: 2,
		Extract: files.Extractor{Text: text, Detect: extract.DetectLanguage}})
	hostile, err := atts.CreateAttachment(sec, d.ID, upload("hostile.txt", []byte("hostile"), platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	outage, err := atts.CreateAttachment(sec, d.ID, upload("outage.txt", []byte("no extractor"), platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	good, err := atts.CreateAttachment(sec, d.ID, upload("law.txt", []byte("Кыргыз Республикасынын Мыйзамы. Коррупцияга каршы аракеттенүү жөнүндө."), platform.FormatTXT))
	if err != nil {
		t.Fatal(err)
	}
	state := func(id string) *platform.Attachment {
		t.Helper()
		a, err := atts.FindAttachment(sec, d.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	// The first round: the hostile file fails at once, the outage stops
	// the round (its file stays pending under its lease).
	if _, err := atts.ProcessPending(context.Background()); platform.ErrorCode(err) != platform.Unavailable {
		t.Fatalf("first round: %v, want the outage", err)
	}
	if a := state(hostile.ID); a.TextState != platform.TextFailed || a.TextError != extract.ErrStack.Error() {
		t.Fatalf("hostile file after one try: %+v", a)
	}
	// Later rounds: the good file is read past the leased one, the outage
	// is tried again until MaxTries, then given up.
	deadline := time.Now().Add(10 * time.Second)
	for state(outage.ID).TextState == platform.TextPending || state(good.ID).TextState == platform.TextPending {
		if time.Now().After(deadline) {
			t.Fatalf("still pending: %+v %+v", state(outage.ID), state(good.ID))
		}
		time.Sleep(250 * time.Millisecond)
		atts.ProcessPending(context.Background())
	}
	if a := state(good.ID); a.TextState != platform.TextDone || a.Lang != "ky" {
		t.Errorf("good file: %+v", a)
	}
	if a := state(outage.ID); a.TextState != platform.TextFailed || a.TextError != "gave up after 2 tries" {
		t.Errorf("file of the outage: %+v", a)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls["hostile"] != 1 || calls["no extractor"] != 2 {
		t.Errorf("tries: %v", calls)
	}
}
