package indexer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/files"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/search"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
	"github.com/ca-uncac/hub/storage/dir"
)

// openLibrary opens an index fed with documents (with their attachments'
// text) and provisions, as the hub wires it.
func (f *fixture) openLibrary(t *testing.T) (search.Index, *indexer.Indexer, *indexer.Searcher) {
	t.Helper()
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{
		indexer.DocumentsWithAttachments(f.docs, mongo.NewAttachmentTextStore(f.db)),
		indexer.Provisions(f.docs),
	}, indexer.Options{})
	return idx, ix, &indexer.Searcher{Index: idx}
}

func hits(t *testing.T, s platform.SearchService, q platform.SearchQuery) []platform.SearchHit {
	t.Helper()
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

func TestProvisionsAreHitsOfTheirOwn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, ix, s := f.openLibrary(t)
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := f.docs.CreateDocument(secretariat, platform.DocumentInput{
		Kind: "national_law", Countries: []string{"KG"}, Status: platform.DocumentInForce, Adopted: "2012-08-08",
		Translations: map[string]platform.Translation{"ru": {Title: "О противодействии коррупции", IssuingBody: "Жогорку Кенеш"}},
		Provisions: []platform.Provision{
			{Key: "art-5", Number: "5", UncacArticles: []int{7}, Translations: map[string]platform.ProvisionText{
				"ru": {Title: "Декларирование доходов", Body: "Государственные служащие ежегодно представляют декларацию о доходах."}}},
			{Key: "art-9", Number: "9", UncacArticles: []int{20}, Translations: map[string]platform.ProvisionText{
				"ky": {Title: "Мыйзамсыз байуу", Body: "Кызмат адамынын активдеринин мыйзамсыз көбөйүшү."}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	got := hits(t, s, platform.SearchQuery{Text: "декларацию", Lang: "ru"})
	if len(got) != 1 || got[0].ID != d.ID+"/p/art-5" || got[0].Type != platform.TypeProvision ||
		got[0].Title != "Декларирование доходов — О противодействии коррупции" {
		t.Fatalf("provision hit: %+v", got)
	}
	// The provision carries its own article; the law carries every one.
	got = hits(t, s, platform.SearchQuery{Articles: []int{20}, Lang: "ru"})
	var ids []string
	for _, h := range got {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	if want := []string{d.ID, d.ID + "/p/art-9"}; !slices.Equal(ids, want) {
		t.Fatalf("article 20: %v, want %v", ids, want)
	}
	// The issuing body is searchable, and the year is the adoption's.
	if got := hits(t, s, platform.SearchQuery{Text: "Кенеш", Lang: "ru", Year: 2012}); len(got) != 1 || got[0].ID != d.ID {
		t.Fatalf("issuing body and year: %+v", got)
	}
	// A provision dropped by an edit leaves the index; one added joins it.
	in := d.Input()
	in.Provisions = []platform.Provision{in.Provisions[1], {Key: "art-10", Number: "10", Translations: map[string]platform.ProvisionText{
		"ru": {Title: "Конфликт интересов", Body: "Урегулирование конфликта интересов."}}}}
	if _, err := f.docs.UpdateDocument(secretariat, d.ID, in); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hits(t, s, platform.SearchQuery{Text: "декларацию", Lang: "ru"}); len(got) != 0 {
		t.Fatalf("removed provision still found: %+v", got)
	}
	if got := hits(t, s, platform.SearchQuery{Text: "конфликта", Lang: "ru"}); len(got) != 1 || got[0].ID != d.ID+"/p/art-10" {
		t.Fatalf("added provision: %+v", got)
	}
	// Provisions follow the law's visibility.
	in.Visibility = platform.Secretariat
	if _, err := f.docs.UpdateDocument(secretariat, d.ID, in); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hits(t, s, platform.SearchQuery{Text: "конфликта", Lang: "ru"}); len(got) != 0 {
		t.Fatalf("secretariat-only provision found anonymously: %+v", got)
	}
	if err := f.docs.DeleteDocument(secretariat, d.ID); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.Search(secretariat, platform.SearchQuery{Text: "конфликта", Lang: "ru"}); res.Total != 0 {
		t.Fatalf("provisions of a deleted law found: %+v", res.Hits)
	}
}

func TestAttachmentTextIsSearchableWithItsDocument(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	store, err := dir.New(t.TempDir(), dir.Options{BaseURL: "http://127.0.0.1:1/files", Secret: []byte("0123456789abcdef0123")})
	if err != nil {
		t.Fatal(err)
	}
	atts := files.New(mongo.NewAttachmentStore(f.db), mongo.NewDocumentService(f.db), store, files.Options{Extract: files.Extractor{Text: extract.Text, Detect: extract.DetectLanguage}})
	d, err := f.docs.CreateDocument(secretariat, platform.DocumentInput{
		Kind: "training", Countries: []string{"UZ"}, Translations: map[string]platform.Translation{"en": {Title: "Training slides"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("Korrupsiyaga qarshi kurashish toʻgʻrisidagi qonun. Manfaatlar toʻqnashuvi va mol-mulkni deklaratsiya qilish.")
	sum := sha256.Sum256(content)
	if _, err := atts.CreateAttachment(secretariat, d.ID, platform.AttachmentUpload{
		Name: "slaydlar.txt", Format: platform.FormatTXT, ContentType: "text/plain", Size: int64(len(content)),
		SHA256: hex.EncodeToString(sum[:]), Content: bytes.NewReader(content),
	}); err != nil {
		t.Fatal(err)
	}
	_, ix, s := f.openLibrary(t)
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hits(t, s, platform.SearchQuery{Text: "toʻqnashuvi", Lang: "uz"}); len(got) != 0 {
		t.Fatalf("found before extraction: %+v", got)
	}
	if _, err := atts.ProcessPending(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	// Found in the Uzbek field, also as written with an ASCII apostrophe.
	for _, q := range []string{"toʻqnashuvi", "to'qnashuvi"} {
		if got := hits(t, s, platform.SearchQuery{Text: q, Lang: "uz"}); len(got) != 1 || got[0].ID != d.ID {
			t.Fatalf("%s after extraction: %+v", q, got)
		}
	}
	res, err := s.Search(ctx, platform.SearchQuery{Text: "deklaratsiya", Lang: "uz", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Facets["language"], platform.FacetValue{Value: "uz", Count: 1}) {
		t.Errorf("language facet %+v, want uz", res.Facets["language"])
	}
	// The attachment makes the document readable in Uzbek: the language
	// filter keeps it for Uzbek, and for English (its title), not Kazakh.
	for _, tt := range []struct {
		langs []string
		want  int
	}{{[]string{"uz"}, 1}, {[]string{"en"}, 1}, {[]string{"kk"}, 0}, {[]string{"kk", "uz"}, 1}} {
		if got := hits(t, s, platform.SearchQuery{Lang: "uz", Languages: tt.langs}); len(got) != tt.want {
			t.Errorf("languages %v: %d hits, want %d", tt.langs, len(got), tt.want)
		}
	}
	if _, err := s.Search(ctx, platform.SearchQuery{Languages: []string{"fr"}}); platform.ErrorCode(err) != platform.Invalid {
		t.Errorf("language fr: %v", err)
	}
	// A rebuild from the database finds the text again.
	idx2, _, err := searchbleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx2.Close()
	ix2 := indexer.New(idx2, f.db.ChangeLog(), []indexer.Source{
		indexer.DocumentsWithAttachments(f.docs, mongo.NewAttachmentTextStore(f.db)),
	}, indexer.Options{})
	if err := ix2.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s2 := &indexer.Searcher{Index: idx2}
	if got := hits(t, s2, platform.SearchQuery{Text: "toʻqnashuvi", Lang: "uz"}); len(got) != 1 {
		t.Fatalf("after rebuild: %+v", got)
	}
}

// countingStore counts the documents the indexer reads from the database.
type countingStore struct {
	*mongo.DocumentService
	reads int
}

func (c *countingStore) FindDocumentByID(ctx context.Context, id string) (*platform.Document, error) {
	c.reads++
	return c.DocumentService.FindDocumentByID(ctx, id)
}

func TestAnImportIsIndexedWithoutReadingItBack(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	store := &countingStore{DocumentService: f.docs}
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{
		indexer.DocumentsWithAttachments(store, mongo.NewAttachmentTextStore(f.db)),
		indexer.Provisions(store),
	}, indexer.Options{})
	s := &indexer.Searcher{Index: idx}
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var ins []platform.DocumentInput
	for i := range 20 {
		in := platform.DocumentInput{Kind: "report", Countries: []string{"KZ"},
			Translations: map[string]platform.Translation{"ru": {Title: fmt.Sprintf("Доклад номер %d", i)}}}
		if i == 0 {
			in.Kind, in.Status, in.Adopted = "national_law", platform.DocumentInForce, "2015-11-18"
			in.Provisions = []platform.Provision{{Key: "art-3", Number: "3", Translations: map[string]platform.ProvisionText{
				"ru": {Title: "Декларирование доходов", Body: "Служащие представляют декларацию."}}}}
		}
		ins = append(ins, in)
	}
	ids, err := f.docs.ImportDocuments(secretariat, ins)
	if err != nil {
		t.Fatal(err)
	}
	// Changed before the indexer saw the import: the change decides, and
	// it is read.
	changed := ins[1]
	changed.Translations = map[string]platform.Translation{"ru": {Title: "Пересмотренный отчёт"}}
	if _, err := f.docs.UpdateDocument(secretariat, ids[1], changed); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if store.reads != 1 {
		t.Fatalf("%d documents read from the database, want 1 (the one changed after the import)", store.reads)
	}
	if got := ids2(t, s, "доклад"); len(got) != 19 {
		t.Fatalf("%d reports found, want 19: %v", len(got), got)
	}
	if got := ids2(t, s, "пересмотренный"); !slices.Equal(got, []string{ids[1]}) {
		t.Fatalf("the changed report: %v", got)
	}
	if got := ids2(t, s, "декларацию"); !slices.Equal(got, []string{ids[0] + "/p/art-3"}) {
		t.Fatalf("the provision: %v", got)
	}
	// What the import kept is what a read gives the index.
	fromImport, err := idx.Search(ctx, search.Query{Text: "доклад", Lang: "ru", Size: 50, Visibilities: []string{platform.Public}, Highlight: true,
		Facets: []string{search.FacetKind, search.FacetCountry, search.FacetYear}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	fromReads, err := idx.Search(ctx, search.Query{Text: "доклад", Lang: "ru", Size: 50, Visibilities: []string{platform.Public}, Highlight: true,
		Facets: []string{search.FacetKind, search.FacetCountry, search.FacetYear}})
	if err != nil {
		t.Fatal(err)
	}
	if fromImport.Total != 19 || !reflect.DeepEqual(fromImport.Hits, fromReads.Hits) || !reflect.DeepEqual(fromImport.Facets, fromReads.Facets) {
		t.Fatalf("from the import %+v\nafter a rebuild %+v", fromImport, fromReads)
	}
}

func ids2(t *testing.T, s platform.SearchService, q string) []string {
	t.Helper()
	return hitIDs(t, s, secretariat, platform.SearchQuery{Text: q, Lang: "ru", Size: 50})
}

// startLibrary opens the fixture's index with an indexer of documents and
// provisions, started: the store keeps what imports store for it.
func (f *fixture) startLibrary(t *testing.T) (search.Index, *indexer.Indexer) {
	t.Helper()
	idx, _, err := searchbleve.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	ix := indexer.New(idx, f.db.ChangeLog(), []indexer.Source{indexer.Documents(f.docs), indexer.Provisions(f.docs)}, indexer.Options{})
	if err := ix.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return idx, ix
}

// TestADocumentDeletedBeforeItsImportIsIndexedIsForgotten: the store keeps
// an imported document for the indexer until the indexer takes it; when the
// document is deleted first, the indexer's pass over the delete has the
// store forget it, instead of keeping it unused.
func TestADocumentDeletedBeforeItsImportIsIndexedIsForgotten(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	idx, ix := f.startLibrary(t)
	ids, err := f.docs.ImportDocuments(secretariat, []platform.DocumentInput{
		{Kind: "report", Countries: []string{"KZ"}, Translations: map[string]platform.Translation{"ru": {Title: "Доклад о проверках"}}},
		{Kind: "report", Countries: []string{"KG"}, Translations: map[string]platform.Translation{"ru": {Title: "Доклад о закупках"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := f.docs.FindDocumentByID(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := f.docs.DeleteDocument(secretariat, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ids2(t, &indexer.Searcher{Index: idx}, "доклад"); !slices.Equal(got, []string{ids[1]}) {
		t.Fatalf("found %v, want only %s", got, ids[1])
	}
	if _, kept := f.docs.TakeImported(ids[0], gone.Seq); kept {
		t.Fatal("the deleted document is still kept for the indexer")
	}
}

// TestAnImportARebuildPassesIsForgotten: a rebuild reads an import the
// indexer had not reached from the database and sets the checkpoint past
// its changes, which then never reach the indexer; the store forgets the
// documents it kept for them instead of keeping them until it fills.
func TestAnImportARebuildPassesIsForgotten(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	idx, ix := f.startLibrary(t)
	first, err := f.docs.ImportDocuments(secretariat, []platform.DocumentInput{
		{Kind: "report", Countries: []string{"KZ"}, Translations: map[string]platform.Translation{"ru": {Title: "Доклад о проверках"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := f.docs.FindDocumentByID(ctx, first[0])
	if err != nil {
		t.Fatal(err)
	}
	// Enough changes after it that the rebuild's checkpoint, which stays
	// some changes behind the log's end, lies past the first import.
	var more []platform.DocumentInput
	for i := range 1100 {
		more = append(more, platform.DocumentInput{Kind: "report", Countries: []string{"TJ"}, Translations: map[string]platform.Translation{"ru": {Title: fmt.Sprintf("Отчёт %d", i)}}})
	}
	if _, err := f.docs.ImportDocuments(secretariat, more); err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ids2(t, &indexer.Searcher{Index: idx}, "проверках"); !slices.Equal(got, first) {
		t.Fatalf("found %v, want %v", got, first)
	}
	if _, ok := f.docs.TakeImported(first[0], kept.Seq); ok {
		t.Fatal("the document the rebuild read is still kept for the indexer")
	}
}
