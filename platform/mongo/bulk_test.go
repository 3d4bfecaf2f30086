package mongo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ca-uncac/hub/bench"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

func TestImportDocuments(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	audit := mongo.NewAuditService(db)
	sec := asUser(platform.RoleSecretariat, "")
	ctx := context.Background()

	withProvisions := lawInput("KZ", platform.Public)
	withProvisions.Provisions = []platform.Provision{
		{Key: "art-1", Number: "1", UncacArticles: []int{20}, Translations: map[string]platform.ProvisionText{"ru": {Title: "Статья 1"}}},
		{Key: "art-2", Number: "2", Translations: map[string]platform.ProvisionText{"ru": {Title: "Статья 2"}}},
	}
	ins := []platform.DocumentInput{lawInput("UZ", platform.Public), withProvisions, lawInput("KG", platform.Members)}
	before, err := db.ChangeLog().LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := docs.ImportDocuments(sec, ins)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 {
		t.Fatalf("%d ids", len(ids))
	}
	for i, id := range ids {
		d, err := docs.FindDocumentByID(sec, id)
		if err != nil {
			t.Fatalf("imported document %d: %v", i, err)
		}
		if d.Countries[0] != ins[i].Countries[0] || d.Translations["en"].Title != "Law on combating corruption" || d.Version != 1 {
			t.Errorf("imported document %d is %+v", i, d)
		}
	}
	// Five numbers, one each for the documents and the provisions, with
	// no hole, in input order.
	changes, err := db.ChangeLog().Since(ctx, before, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ids[0], ids[1], ids[1] + "/p/art-1", ids[1] + "/p/art-2", ids[2]}
	if len(changes) != len(want) {
		t.Fatalf("%d changes, want %d", len(changes), len(want))
	}
	for i, c := range changes {
		if c.Seq != before+uint64(i)+1 || c.ID != want[i] || c.Op != platform.OpUpsert {
			t.Errorf("change %d = %+v, want seq %d for %s", i, c, before+uint64(i)+1, want[i])
		}
	}
	entries, _, err := audit.FindAudit(sec, platform.AuditFilter{RecordID: ids[1]})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Action != platform.ActionCreate || len(entries[0].Changes) == 0 {
		t.Errorf("audit of an imported document: %+v", entries)
	}

	t.Run("an invalid input stops the import before anything is written", func(t *testing.T) {
		bad := lawInput("KZ", platform.Public)
		bad.Kind = "novel"
		last, _ := db.ChangeLog().LastSeq(ctx)
		_, err := docs.ImportDocuments(sec, []platform.DocumentInput{lawInput("KZ", platform.Public), bad})
		var ie *mongo.ImportError
		if !errors.As(err, &ie) || ie.Index != 1 || platform.ErrorCode(err) != platform.Invalid {
			t.Fatalf("err = %v", err)
		}
		if now, _ := db.ChangeLog().LastSeq(ctx); now != last {
			t.Errorf("the change log moved from %d to %d", last, now)
		}
	})
	t.Run("a focal point imports only their country's documents", func(t *testing.T) {
		fp := asUser(platform.RoleFocalPoint, "KZ")
		if _, err := docs.ImportDocuments(fp, []platform.DocumentInput{lawInput("KZ", platform.Public)}); err != nil {
			t.Fatalf("own country: %v", err)
		}
		_, err := docs.ImportDocuments(fp, []platform.DocumentInput{lawInput("KZ", platform.Public), lawInput("UZ", platform.Public)})
		var ie *mongo.ImportError
		if !errors.As(err, &ie) || ie.Index != 1 || platform.ErrorCode(err) != platform.Forbidden {
			t.Fatalf("err = %v", err)
		}
		denied, _, err := audit.FindAudit(sec, platform.AuditFilter{Action: platform.ActionDenied})
		if err != nil || len(denied) == 0 {
			t.Errorf("the refusal is not in the audit trail: %v %v", denied, err)
		}
	})
	t.Run("anonymous imports are refused", func(t *testing.T) {
		_, err := docs.ImportDocuments(ctx, []platform.DocumentInput{lawInput("KZ", platform.Public)})
		if platform.ErrorCode(err) != platform.Unauthorized {
			t.Errorf("err = %v", err)
		}
	})
}

// TestImportThroughput imports generated documents in batches as `hub
// import` does and reports the rate (the benchmark, `hubbench bench`, measures it
// at scale; this keeps the path exercised).
func TestImportThroughput(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sys := platform.NewContextWithUser(context.Background(), platform.System())
	g := bench.NewGenerator(7)
	const n, batch = 2000, 500
	start := time.Now()
	for i := 0; i < n; i += batch {
		if _, err := docs.ImportDocuments(sys, g.Documents(batch)); err != nil {
			t.Fatal(err)
		}
	}
	el := time.Since(start)
	t.Logf("imported %d documents in %s: %.0f documents/s", n, el.Round(time.Millisecond), float64(n)/el.Seconds())
	count, err := docs.CountDocuments(context.Background())
	if err != nil || count != n {
		t.Errorf("count %d, %v", count, err)
	}
}

func TestImportedDocumentsAreKeptForTheIndexerUntilTaken(t *testing.T) {
	db := openDB(t)
	sec := asUser(platform.RoleSecretariat, "")
	withProvisions := lawInput("KZ", platform.Public)
	withProvisions.Provisions = []platform.Provision{
		{Key: "art-1", Number: "1", Translations: map[string]platform.ProvisionText{"ru": {Title: "Статья 1"}}},
		{Key: "art-2", Number: "2", Translations: map[string]platform.ProvisionText{"ru": {Title: "Статья 2"}}},
	}
	imp := func(t *testing.T, docs *mongo.DocumentService, ins ...platform.DocumentInput) []*platform.Document {
		t.Helper()
		ids, err := docs.ImportDocuments(sec, ins)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]*platform.Document, len(ids))
		for i, id := range ids {
			if out[i], err = docs.FindDocumentByID(sec, id); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}

	t.Run("nothing is kept unless the indexer asks", func(t *testing.T) {
		docs := mongo.NewDocumentService(db)
		d := imp(t, docs, lawInput("UZ", platform.Public))[0]
		if _, ok := docs.TakeImported(d.ID, d.Seq); ok {
			t.Fatal("kept without KeepImported")
		}
	})
	t.Run("each change of the import is taken once, then the document is forgotten", func(t *testing.T) {
		docs := mongo.NewDocumentService(db)
		docs.KeepImported(10)
		defer docs.KeepImported(0)
		got := imp(t, docs, lawInput("UZ", platform.Public), withProvisions)
		plain, law := got[0], got[1]
		// Another service of the same database (the indexer's) takes them.
		other := mongo.NewDocumentService(db)
		k, ok := other.TakeImported(plain.ID, plain.Seq)
		if !ok || k.ID != plain.ID || k.Seq != plain.Seq || k.Translations["ru"].Title != plain.Translations["ru"].Title || k.Kind != plain.Kind {
			t.Fatalf("kept %+v, stored %+v", k, plain)
		}
		if _, ok := other.TakeImported(plain.ID, plain.Seq); ok {
			t.Fatal("taken twice")
		}
		for _, seq := range []uint64{law.Seq + 2, law.Seq, law.Seq + 1} {
			if k, ok := other.TakeImported(law.ID, seq); !ok || len(k.Provisions) != 2 {
				t.Fatalf("change %d of the law (first %d): %v %+v", seq, law.Seq, ok, k)
			}
		}
		if _, ok := other.TakeImported(law.ID, law.Seq); ok {
			t.Fatal("the law is still kept after its three changes were taken")
		}
	})
	t.Run("a later change of the document is read, and the kept one forgotten", func(t *testing.T) {
		docs := mongo.NewDocumentService(db)
		docs.KeepImported(10)
		defer docs.KeepImported(0)
		d := imp(t, docs, lawInput("UZ", platform.Public))[0]
		if _, ok := docs.TakeImported(d.ID, d.Seq+1); ok {
			t.Fatal("taken for another change")
		}
		if _, ok := docs.TakeImported(d.ID, d.Seq); ok {
			t.Fatal("still kept after a later change was asked for")
		}
	})
	t.Run("an import beyond the limit is not kept", func(t *testing.T) {
		docs := mongo.NewDocumentService(db)
		docs.KeepImported(2)
		defer docs.KeepImported(0)
		got := imp(t, docs, lawInput("UZ", platform.Public), lawInput("KG", platform.Public), lawInput("TJ", platform.Public))
		for _, d := range got {
			if _, ok := docs.TakeImported(d.ID, d.Seq); ok {
				t.Fatalf("%s kept beyond the limit", d.ID)
			}
		}
	})
}
