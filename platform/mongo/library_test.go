package mongo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/dir"
	"github.com/ca-uncac/hub/storage/s3"
	"github.com/ca-uncac/hub/storage/s3/miniotest"
)

// richLaw is a law with every field of the library's model.
func richLaw(country string) platform.DocumentInput {
	return platform.DocumentInput{
		Kind: "national_law", Countries: []string{country}, Areas: []string{"prevention"},
		UncacArticles: []int{5}, UncacParagraphs: []string{" 8 (5) ", "52(1)(a)", "8(5)"},
		Visibility: platform.Public, Adopted: "2015-11-18", InForce: "2016-01-01",
		Status: platform.StatusAmended, StatusDate: "2023-06-30",
		Provisions: []platform.Provision{
			{Key: "art-1", Number: "1", Translations: map[string]platform.ProvisionText{"ru": {Title: "Основные понятия", Body: "В настоящем Законе используются следующие понятия."}}},
			{Key: "art-12", Number: "12", UncacArticles: []int{20, 20}, Translations: map[string]platform.ProvisionText{
				"kk": {Title: "Заңсыз баю", Body: "Лауазымды адамның активтерінің заңсыз көбеюі."},
			}},
		},
		Translations: map[string]platform.Translation{
			"ru": {Title: "О противодействии коррупции", IssuingBody: " Парламент Республики Казахстан "},
			"kk": {Title: "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы", IssuingBody: "Қазақстан Республикасының Парламенті"},
		},
	}
}

func TestADocumentKeepsEveryFieldOfTheModel(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	base, err := docs.CreateDocument(sec, lawInput("KZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	in := richLaw("KZ")
	in.Relations = []platform.Relation{{Type: platform.RelAmends, Target: " " + strings.ToUpper(base.ID) + " "}}
	d, err := docs.CreateDocument(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := docs.FindDocumentByID(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{5, 8, 20, 52}; !slices.Equal(got.UncacArticles, want) {
		t.Errorf("articles %v, want %v (paragraphs' and provisions' articles added)", got.UncacArticles, want)
	}
	if want := []string{"8(5)", "52(1)(a)"}; !slices.Equal(got.UncacParagraphs, want) {
		t.Errorf("paragraphs %v, want %v", got.UncacParagraphs, want)
	}
	if got.Adopted != "2015-11-18" || got.InForce != "2016-01-01" || got.Status != platform.StatusAmended || got.StatusDate != "2023-06-30" {
		t.Errorf("dates and status: %+v", got)
	}
	if got.Translations["ru"].IssuingBody != "Парламент Республики Казахстан" {
		t.Errorf("issuing body %q", got.Translations["ru"].IssuingBody)
	}
	if len(got.Relations) != 1 || got.Relations[0] != (platform.Relation{Type: platform.RelAmends, Target: base.ID}) {
		t.Errorf("relations %+v", got.Relations)
	}
	if p, ok := got.Provision("art-12"); !ok || !slices.Equal(p.UncacArticles, []int{20}) || p.Translations["kk"].Title != "Заңсыз баю" {
		t.Errorf("provision art-12: %+v", p)
	}
	// The change log carries one entry for the document and one per
	// provision, so that each provision gets its own search entry.
	changes, err := db.ChangeLog().Since(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var provisionIDs []string
	for _, c := range changes {
		if c.Collection == mongo.ChangeProvisions {
			provisionIDs = append(provisionIDs, c.ID)
		}
	}
	if want := []string{d.ID + "/p/art-1", d.ID + "/p/art-12"}; !slices.Equal(provisionIDs, want) {
		t.Errorf("provision changes %v, want %v", provisionIDs, want)
	}
	for i := 1; i < len(changes); i++ {
		if changes[i].Seq != changes[i-1].Seq+1 {
			t.Errorf("change numbers not consecutive: %d then %d", changes[i-1].Seq, changes[i].Seq)
		}
	}
}

func TestDocumentFieldsAreValidated(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	hidden, err := docs.CreateDocument(sec, lawInput("UZ", platform.Secretariat))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		ctx     context.Context
		change  func(in *platform.DocumentInput)
		wantMsg string
	}{
		{"a paragraph of an article that does not exist", sec, func(in *platform.DocumentInput) { in.UncacParagraphs = []string{"72(1)"} }, "error.doc_bad_paragraph"},
		{"a paragraph without its parenthesis", sec, func(in *platform.DocumentInput) { in.UncacParagraphs = []string{"8.5"} }, "error.doc_bad_paragraph"},
		{"an adoption date that is not a date", sec, func(in *platform.DocumentInput) { in.Adopted = "18.11.2015" }, "error.doc_bad_date"},
		{"the 30th of February", sec, func(in *platform.DocumentInput) { in.InForce = "2023-02-30" }, "error.doc_bad_date"},
		{"an unknown status", sec, func(in *platform.DocumentInput) { in.Status = "abolished" }, "error.doc_bad_status"},
		{"a status date without a status", sec, func(in *platform.DocumentInput) { in.Status, in.StatusDate = "", "2020-01-01" }, "error.doc_status_date_alone"},
		{"an unknown relation type", sec, func(in *platform.DocumentInput) {
			in.Relations = []platform.Relation{{Type: "cites", Target: hidden.ID}}
		}, "error.doc_bad_relation"},
		{"a relation to something that is not an id", sec, func(in *platform.DocumentInput) {
			in.Relations = []platform.Relation{{Type: platform.RelAmends, Target: "../../etc"}}
		}, "error.doc_bad_target"},
		{"a relation to a document that does not exist", sec, func(in *platform.DocumentInput) {
			in.Relations = []platform.Relation{{Type: platform.RelAmends, Target: "0123456789abcdef01234567"}}
		}, "error.doc_missing_target"},
		{"a relation to a document the author cannot see", asUser(platform.RoleFocalPoint, "KZ"), func(in *platform.DocumentInput) {
			in.Relations = []platform.Relation{{Type: platform.RelImplements, Target: hidden.ID}}
		}, "error.doc_missing_target"},
		{"a provision key with a slash", sec, func(in *platform.DocumentInput) { in.Provisions[0].Key = "art/1" }, "error.doc_bad_provision_key"},
		{"two provisions with one key", sec, func(in *platform.DocumentInput) { in.Provisions[1].Key = "ART-1" }, "error.doc_duplicate_provision"},
		{"a provision without text", sec, func(in *platform.DocumentInput) { in.Provisions[0].Translations = nil }, "error.doc_empty_provision"},
		{"a provision tagged with article 99", sec, func(in *platform.DocumentInput) { in.Provisions[0].UncacArticles = []int{99} }, "error.bad_article"},
		{"a provision in an unsupported language", sec, func(in *platform.DocumentInput) {
			in.Provisions[0].Translations["de"] = platform.ProvisionText{Title: "Begriffe"}
		}, "error.bad_language"},
		{"an issuing body too long", sec, func(in *platform.DocumentInput) {
			in.Translations["ru"] = platform.Translation{Title: "x", IssuingBody: strings.Repeat("ж", platform.MaxIssuingBodyLen+1)}
		}, "error.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := richLaw("KZ")
			tt.change(&in)
			_, err := docs.CreateDocument(tt.ctx, in)
			e := platform.AsError(err)
			if e == nil || e.Code != platform.Invalid || e.MessageID != tt.wantMsg {
				t.Fatalf("error %v, want invalid with %s", err, tt.wantMsg)
			}
		})
	}
}

func TestEveryEditKeepsThePreviousVersion(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, richLaw("KZ"))
	if err != nil {
		t.Fatal(err)
	}
	in := d.Input()
	in.Translations["ru"] = platform.Translation{Title: "О противодействии коррупции (в новой редакции)"}
	in.Provisions = in.Provisions[1:] // art-1 repealed
	in.IfVersion = 1
	v2, err := docs.UpdateDocument(sec, d.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.UpdatedBy != "u-secretariat" {
		t.Fatalf("v2: %+v", v2)
	}
	// A stale form (still at version 1) is refused rather than overwriting.
	stale := d.Input()
	stale.IfVersion = 1
	if _, err := docs.UpdateDocument(sec, d.ID, stale); platform.ErrorCode(err) != platform.Conflict {
		t.Fatalf("stale update: %v", err)
	}
	in.Visibility = platform.Secretariat
	in.IfVersion = 0
	if _, err := docs.UpdateDocument(sec, d.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Visibility = platform.Public
	if _, err := docs.UpdateDocument(sec, d.ID, in); err != nil {
		t.Fatal(err)
	}
	versions, err := docs.FindDocumentVersions(sec, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, v := range versions {
		nums = append(nums, v.Version)
	}
	if !slices.Equal(nums, []int{4, 3, 2, 1}) || !versions[0].Current {
		t.Fatalf("versions %+v", versions)
	}
	// The public does not see version 3, which was secretariat-only.
	anon := context.Background()
	versions, err = docs.FindDocumentVersions(anon, d.ID)
	if err != nil || len(versions) != 3 {
		t.Fatalf("anonymous versions %v %+v", err, versions)
	}
	if _, err := docs.FindDocumentVersion(anon, d.ID, 3); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("anonymous version 3: %v", err)
	}
	v1, err := docs.FindDocumentVersion(anon, d.ID, 1)
	if err != nil || v1.Translations["ru"].Title != "О противодействии коррупции" || len(v1.Provisions) != 2 {
		t.Fatalf("version 1: %v %+v", err, v1)
	}
	for _, n := range []int{0, 5, -1} {
		if _, err := docs.FindDocumentVersion(sec, d.ID, n); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("version %d: %v", n, err)
		}
	}
	// The repealed provision's search entry is told to go: its change is
	// among those of the edit.
	changes, _ := db.ChangeLog().Since(context.Background(), v2.Seq-1, 10)
	found := false
	for _, c := range changes {
		found = found || c.ID == d.ID+"/p/art-1"
	}
	if !found {
		t.Errorf("no change for the removed provision: %+v", changes)
	}
}

// Attachments.

func newStore(t *testing.T) storage.Store {
	t.Helper()
	st, err := dir.New(t.TempDir(), dir.Options{BaseURL: "http://127.0.0.1:1/files", Secret: []byte("0123456789abcdef0123")})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func upload(name string, content []byte, format string) platform.AttachmentUpload {
	sum := sha256.Sum256(content)
	return platform.AttachmentUpload{Name: name, Format: format, ContentType: "text/plain; charset=utf-8",
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Content: bytes.NewReader(content)}
}

var extractor = mongo.Extractor{Text: extract.Text, Detect: extract.DetectLanguage}

func TestAttachmentsAreStoredExtractedAndIndexedWithTheirDocument(t *testing.T) {
	db := openDB(t)
	store := newStore(t)
	docs := mongo.NewDocumentService(db)
	atts := mongo.NewAttachmentService(db, store, mongo.AttachmentOptions{Extract: extractor})
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
		if ch.Collection == "documents" && ch.ID == d.ID {
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
	atts2 := mongo.NewAttachmentService(db, store, mongo.AttachmentOptions{TrashGrace: -1})
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
	atts := mongo.NewAttachmentService(db, newStore(t), mongo.AttachmentOptions{})
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
	atts := mongo.NewAttachmentService(db, store, mongo.AttachmentOptions{})
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
	dying := mongo.NewAttachmentService(db, store, mongo.AttachmentOptions{Lease: 300 * time.Millisecond, Extract: mongo.Extractor{
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
	next := mongo.NewAttachmentService(db, store, mongo.AttachmentOptions{Extract: extractor})
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
	atts := mongo.NewAttachmentService(db, store, mongo.AttachmentOptions{Extract: extractor, TrashGrace: -1})
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
