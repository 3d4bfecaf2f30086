package mongo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// TestLibraryRelationsToDeletedOrHiddenDocuments: a document pointing at
// another that is deleted or hidden later stays editable by those who edit
// it, and nobody reads the id of a document hidden from them (or deleted).
func TestLibraryRelationsToDeletedOrHiddenDocuments(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	kz := asUser(platform.RoleFocalPoint, "KZ")
	anon := context.Background()
	create := func(ctx context.Context, country string, rels ...platform.Relation) *platform.Document {
		t.Helper()
		in := lawInput(country, platform.Public)
		in.Relations = rels
		d, err := docs.CreateDocument(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	targets := func(ctx context.Context, id string) []string {
		t.Helper()
		d, err := docs.FindDocumentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range d.Relations {
			out = append(out, r.Target)
		}
		slices.Sort(out)
		return out
	}
	gone := create(sec, "KZ")
	hidden := create(sec, "UZ")
	stays := create(sec, "KG")
	law := create(kz, "KZ",
		platform.Relation{Type: platform.RelAmends, Target: gone.ID},
		platform.Relation{Type: platform.RelImplements, Target: hidden.ID},
		platform.Relation{Type: platform.RelImplements, Target: stays.ID})
	if err := docs.DeleteDocument(sec, gone.ID); err != nil {
		t.Fatal(err)
	}
	in := lawInput("UZ", platform.Secretariat)
	if _, err := docs.UpdateDocument(sec, hidden.ID, in); err != nil {
		t.Fatal(err)
	}

	t.Run("readers see only relations to documents they may see", func(t *testing.T) {
		if got := targets(anon, law.ID); !slices.Equal(got, []string{stays.ID}) {
			t.Errorf("anonymous: %v, want only %s", got, stays.ID)
		}
		if got := targets(kz, law.ID); !slices.Equal(got, []string{stays.ID}) {
			t.Errorf("the focal point: %v", got)
		}
		want := []string{hidden.ID, stays.ID}
		slices.Sort(want)
		if got := targets(sec, law.ID); !slices.Equal(got, want) {
			t.Errorf("the secretariat: %v, want %v (the deleted one shown to nobody)", got, want)
		}
		list, _, err := docs.FindDocuments(anon, platform.DocumentFilter{IDs: []string{law.ID}})
		if err != nil || len(list) != 1 || len(list[0].Relations) != 1 || list[0].Relations[0].Target != stays.ID {
			t.Errorf("list: %v %+v", err, list)
		}
	})

	t.Run("the focal point edits the document as they read it", func(t *testing.T) {
		d, err := docs.FindDocumentByID(kz, law.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := d.Input()
		in.Translations["kk"] = platform.Translation{Title: "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы"}
		if _, err := docs.UpdateDocument(kz, law.ID, in); err != nil {
			t.Fatalf("an edit refused because of a relation the editor cannot see: %v", err)
		}
		// The relation hidden from them was kept (they never saw it, so
		// leaving it out is no decision); the one to the deleted document
		// went.
		want := []string{hidden.ID, stays.ID}
		slices.Sort(want)
		if got := targets(sec, law.ID); !slices.Equal(got, want) {
			t.Errorf("after the edit: %v, want %v", got, want)
		}
	})

	t.Run("an update may keep a relation it had to a document since deleted", func(t *testing.T) {
		old := create(sec, "KZ")
		d := create(kz, "KZ", platform.Relation{Type: platform.RelAmends, Target: old.ID})
		if err := docs.DeleteDocument(sec, old.ID); err != nil {
			t.Fatal(err)
		}
		in := lawInput("KZ", platform.Public)
		in.Relations = []platform.Relation{{Type: platform.RelAmends, Target: old.ID}}
		if _, err := docs.UpdateDocument(kz, d.ID, in); err != nil {
			t.Fatalf("a client sending the relations it read before the deletion: %v", err)
		}
		in = lawInput("KZ", platform.Public)
		in.Relations = []platform.Relation{{Type: platform.RelRepeals, Target: old.ID}}
		if _, err := docs.UpdateDocument(kz, d.ID, in); platform.ErrorCode(err) != platform.Invalid {
			t.Fatalf("a new relation to a deleted document: %v", err)
		}
	})

	t.Run("a new relation must point at a document the writer sees", func(t *testing.T) {
		in := lawInput("KZ", platform.Public)
		in.Relations = []platform.Relation{{Type: platform.RelTranslationOf, Target: hidden.ID}, {Type: platform.RelRepeals, Target: stays.ID}}
		_, err := docs.UpdateDocument(kz, law.ID, in)
		if e := platform.AsError(err); e == nil || e.MessageID != "error.doc_missing_target" {
			t.Fatalf("got %v", err)
		}
	})

	t.Run("whoever sees a relation may remove it", func(t *testing.T) {
		in := lawInput("KZ", platform.Public)
		if _, err := docs.UpdateDocument(sec, law.ID, in); err != nil {
			t.Fatal(err)
		}
		if got := targets(sec, law.ID); len(got) != 0 {
			t.Errorf("relations left: %v", got)
		}
	})

	t.Run("old versions are filtered too", func(t *testing.T) {
		v, err := docs.FindDocumentVersion(anon, law.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Relations) != 1 || v.Relations[0].Target != stays.ID {
			t.Errorf("version 1 read anonymously: %+v", v.Relations)
		}
	})
}
