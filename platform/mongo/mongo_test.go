package mongo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
)

var embeddedURI string

func TestMain(m *testing.M) { mongotest.Main(m, "hub-mongo-test", &embeddedURI) }

func openDB(t *testing.T) *mongo.DB { return mongotest.OpenDB(t, embeddedURI) }

var (
	asUser   = mongotest.AsUser
	lawInput = mongotest.LawInput
)

// publicLaw opens a database and has the secretariat create a public law of
// Kazakhstan in it; it returns the database, the document service, the
// secretariat's context and the law.
func publicLaw(t *testing.T) (*mongo.DB, *mongo.DocumentService, context.Context, *platform.Document) {
	t.Helper()
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	d, err := docs.CreateDocument(sec, lawInput("KZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	return db, docs, sec, d
}

func TestDocumentLifecycle(t *testing.T) {
	db, docs, sec, d := publicLaw(t)
	if d.Translations["en"].Title != "Law on combating corruption" || len(d.UncacArticles) != 2 || d.UncacArticles[0] != 5 {
		t.Fatalf("input not normalized: %+v", d)
	}
	got, err := docs.FindDocumentByID(context.Background(), d.ID)
	if err != nil || got.Translations["ru"].Title != "Закон о противодействии коррупции" {
		t.Fatalf("read back: %v %+v", err, got)
	}
	in := lawInput("KZ", platform.Public)
	in.Translations["kk"] = platform.Translation{Title: "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы заң"}
	up, err := docs.UpdateDocument(sec, d.ID, in)
	if err != nil || up.Version != 2 || up.Translations["kk"].Title == "" {
		t.Fatalf("update: %v %+v", err, up)
	}
	list, total, err := docs.FindDocuments(context.Background(), platform.DocumentFilter{Countries: []string{"KZ"}})
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("list: %v %d %d", err, total, len(list))
	}
	if err := docs.DeleteDocument(sec, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := docs.FindDocumentByID(sec, d.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("after delete: %v", err)
	}
	changes, err := db.ChangeLog().Since(context.Background(), 0, 100)
	if err != nil || len(changes) != 3 {
		t.Fatalf("changes: %v %+v", err, changes)
	}
	ops := []platform.ChangeOp{platform.OpUpsert, platform.OpUpsert, platform.OpDelete}
	for i, c := range changes {
		if c.ID != d.ID || c.Op != ops[i] || (i > 0 && c.Seq <= changes[i-1].Seq) {
			t.Fatalf("change %d: %+v", i, c)
		}
	}
	last, _ := db.ChangeLog().LastSeq(context.Background())
	if last != changes[2].Seq {
		t.Fatalf("last seq %d, want %d", last, changes[2].Seq)
	}
}

func TestDocumentRules(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	members, err := docs.CreateDocument(sec, lawInput("UZ", platform.Members))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ctx  context.Context
		do   func(ctx context.Context) error
		want string
	}{
		{"an anonymous visitor cannot see a members-only document", context.Background(),
			func(ctx context.Context) error { _, err := docs.FindDocumentByID(ctx, members.ID); return err }, platform.NotFound},
		{"an expert can see a members-only document", asUser(platform.RoleExpert, "KG"),
			func(ctx context.Context) error { _, err := docs.FindDocumentByID(ctx, members.ID); return err }, ""},
		{"an anonymous visitor cannot create", context.Background(),
			func(ctx context.Context) error {
				_, err := docs.CreateDocument(ctx, lawInput("UZ", "public"))
				return err
			}, platform.Unauthorized},
		{"a focal point cannot create for another country", asUser(platform.RoleFocalPoint, "KZ"),
			func(ctx context.Context) error {
				_, err := docs.CreateDocument(ctx, lawInput("UZ", "public"))
				return err
			}, platform.Forbidden},
		{"a focal point can create for their country", asUser(platform.RoleFocalPoint, "UZ"),
			func(ctx context.Context) error {
				_, err := docs.CreateDocument(ctx, lawInput("UZ", "public"))
				return err
			}, ""},
		{"a focal point cannot change another country's document", asUser(platform.RoleFocalPoint, "KZ"),
			func(ctx context.Context) error {
				_, err := docs.UpdateDocument(ctx, members.ID, lawInput("KZ", "public"))
				return err
			}, platform.Forbidden},
		{"an expert cannot delete", asUser(platform.RoleExpert, "UZ"),
			func(ctx context.Context) error { return docs.DeleteDocument(ctx, members.ID) }, platform.Forbidden},
		{"an unknown kind is invalid", sec,
			func(ctx context.Context) error {
				in := lawInput("UZ", "public")
				in.Kind = "poem"
				_, err := docs.CreateDocument(ctx, in)
				return err
			}, platform.Invalid},
		{"article 72 is invalid", sec,
			func(ctx context.Context) error {
				in := lawInput("UZ", "public")
				in.UncacArticles = []int{72}
				_, err := docs.CreateDocument(ctx, in)
				return err
			}, platform.Invalid},
		{"a document without any title is invalid", sec,
			func(ctx context.Context) error {
				in := lawInput("UZ", "public")
				in.Translations = map[string]platform.Translation{"en": {Body: "text"}}
				_, err := docs.CreateDocument(ctx, in)
				return err
			}, platform.Invalid},
		{"an unsupported language is invalid", sec,
			func(ctx context.Context) error {
				in := lawInput("UZ", "public")
				in.Translations["fr"] = platform.Translation{Title: "Loi"}
				_, err := docs.CreateDocument(ctx, in)
				return err
			}, platform.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := platform.ErrorCode(tt.do(tt.ctx)); got != tt.want {
				t.Fatalf("code %q, want %q", got, tt.want)
			}
		})
	}
	after, err := docs.FindDocumentByID(sec, members.ID)
	if err != nil || after.Version != 1 {
		t.Fatalf("refused writes changed the record: %v %+v", err, after)
	}
}

func TestOpeningAnExistingDatabaseAgain(t *testing.T) {
	name := fmt.Sprintf("reopen%d", time.Now().UnixNano())
	for i := range 3 {
		db, err := mongo.Open(context.Background(), embeddedURI, name, 10*time.Second)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		db.Close(context.Background())
	}
}
