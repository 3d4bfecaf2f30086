package mongo_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// richLaw is a law with every field of the library's model.
func richLaw(country string) platform.DocumentInput {
	return platform.DocumentInput{
		Kind: "national_law", Countries: []string{country}, Areas: []string{"prevention"},
		UncacArticles: []int{5}, UncacParagraphs: []string{" 8 (5) ", "52(1)(a)", "8(5)"},
		Visibility: platform.Public, Adopted: "2015-11-18", InForce: "2016-01-01",
		Status: platform.DocumentAmended, StatusDate: "2023-06-30",
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
	if got.Adopted != "2015-11-18" || got.InForce != "2016-01-01" || got.Status != platform.DocumentAmended || got.StatusDate != "2023-06-30" {
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
		if c.Type == platform.TypeProvision {
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
