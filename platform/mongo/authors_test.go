package mongo_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// TestAuthorsOfDocumentsAndVersionsAreForMembers: who created a document,
// who saved its current version and who saved each earlier one (ids, and
// names in the versions list) are given to signed-in members only, by every
// method that reads documents; anybody else gets the same record without
// them. What is stored keeps them whatever was read before.
func TestAuthorsOfDocumentsAndVersionsAreForMembers(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	users := mongo.NewUserService(db)
	person := func(email, name, role, country string) (*platform.User, context.Context) {
		t.Helper()
		u, err := users.CreateUser(system(), platform.NewUser{Email: email, Name: name, Role: role, Country: country})
		if err != nil {
			t.Fatal(err)
		}
		return u, platform.NewContextWithUser(context.Background(), u)
	}
	fp, asFP := person("aida@example.kz", "Aida Nurlanovna", platform.RoleFocalPoint, "KZ")
	sec, asSec := person("sec@unodc.example", "Secretariat Officer", platform.RoleSecretariat, "")

	// Created by the focal point, saved again by the secretariat, then by
	// the focal point: versions 1 (fp), 2 (sec), 3 (fp, current).
	d, err := docs.CreateDocument(asFP, lawInput("KZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	in := d.Input()
	in.Translations["kk"] = platform.Translation{Title: "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы"}
	if _, err := docs.UpdateDocument(asSec, d.ID, in); err != nil {
		t.Fatal(err)
	}
	// An anonymous read between two edits must not strip what the next
	// edit writes back or keeps as a version.
	if _, err := docs.FindDocumentByID(context.Background(), d.ID); err != nil {
		t.Fatal(err)
	}
	in.Translations["kk"] = platform.Translation{Title: "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы заң"}
	if _, err := docs.UpdateDocument(asFP, d.ID, in); err != nil {
		t.Fatal(err)
	}
	// Demo content and imports from the command line are the hub's own.
	demo, err := docs.CreateDocument(system(), lawInput("UZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}

	disabled := &platform.User{ID: "gone", Name: "Gone", Role: platform.RoleFocalPoint, Country: "KZ", Disabled: true}
	tests := []struct {
		name    string
		ctx     context.Context
		authors bool
	}{
		{"an anonymous visitor", context.Background(), false},
		{"a deactivated account", platform.NewContextWithUser(context.Background(), disabled), false},
		{"an expert of another country", asUser(platform.RoleExpert, "TJ"), true},
		{"the document's focal point", asFP, true},
		{"the secretariat", asSec, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// want is what the reader should see of an author.
			want := func(s string) string {
				if tt.authors {
					return s
				}
				return ""
			}
			one, err := docs.FindDocumentByID(tt.ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			list, _, err := docs.FindDocuments(tt.ctx, platform.DocumentFilter{Countries: []string{"KZ"}})
			if err != nil || len(list) != 1 {
				t.Fatalf("list: %v %d", err, len(list))
			}
			current, err := docs.FindDocumentVersion(tt.ctx, d.ID, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, got := range []*platform.Document{one, list[0], current} {
				if got.Version != 3 || got.Translations["kk"].Title == "" {
					t.Errorf("not the whole record: %+v", got)
				}
				if got.CreatedBy != want(fp.ID) || got.UpdatedBy != want(fp.ID) {
					t.Errorf("authors %q and %q, want %q", got.CreatedBy, got.UpdatedBy, want(fp.ID))
				}
			}
			v2, err := docs.FindDocumentVersion(tt.ctx, d.ID, 2)
			if err != nil || v2.Version != 2 {
				t.Fatalf("version 2: %v %+v", err, v2)
			}
			if v2.CreatedBy != want(fp.ID) || v2.UpdatedBy != want(sec.ID) {
				t.Errorf("version 2's authors %q and %q", v2.CreatedBy, v2.UpdatedBy)
			}
			versions, err := docs.FindDocumentVersions(tt.ctx, d.ID)
			if err != nil || len(versions) != 3 {
				t.Fatalf("versions: %v %+v", err, versions)
			}
			for i, w := range []struct{ id, name string }{{fp.ID, fp.Name}, {sec.ID, sec.Name}, {fp.ID, fp.Name}} {
				if v := versions[i]; v.Version != 3-i || v.UpdatedBy != want(w.id) || v.UpdatedByName != want(w.name) {
					t.Errorf("version %d saved by %q (%q), want %q (%q)", v.Version, v.UpdatedBy, v.UpdatedByName, want(w.id), want(w.name))
				}
			}
			hub, err := docs.FindDocumentVersions(tt.ctx, demo.ID)
			if err != nil || len(hub) != 1 || hub[0].UpdatedBy != want(platform.System().ID) || hub[0].UpdatedByName != want(platform.System().Name) {
				t.Errorf("demo content's versions: %v %+v", err, hub)
			}
			if tt.authors {
				return
			}
			// Nothing that names a person reaches this reader, in any field.
			b, err := json.Marshal(map[string]any{"one": one, "list": list, "current": current, "v2": v2, "versions": versions, "demo": hub})
			if err != nil {
				t.Fatal(err)
			}
			for _, hidden := range []string{fp.ID, sec.ID, fp.Name, sec.Name, `"system"`, "createdBy", "updatedBy"} {
				if strings.Contains(string(b), hidden) {
					t.Errorf("%q is shown: %s", hidden, b)
				}
			}
		})
	}

	// What a visitor was given were copies: the stored record and its
	// versions keep their authors, and an edit after a visitor's read
	// writes them back whole.
	got, err := docs.FindDocumentByID(asSec, d.ID)
	if err != nil || got.CreatedBy != fp.ID || got.UpdatedBy != fp.ID {
		t.Fatalf("the secretariat's view after visitors': %v %+v", err, got)
	}
	if v1, err := docs.FindDocumentVersion(asSec, d.ID, 1); err != nil || v1.CreatedBy != fp.ID || v1.UpdatedBy != fp.ID {
		t.Fatalf("version 1 as kept: %v %+v", err, v1)
	}
}

// TestWritersAreGivenTheirDocumentWithItsAuthors: what a create or an update
// answers is the writer's own record, authors included (a writer is a
// member).
func TestWritersAreGivenTheirDocumentWithItsAuthors(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	kz := asUser(platform.RoleFocalPoint, "KZ")
	d, err := docs.CreateDocument(kz, lawInput("KZ", platform.Members))
	if err != nil || d.CreatedBy != "u-focal-pointKZ" || d.UpdatedBy != "u-focal-pointKZ" {
		t.Fatalf("create: %v %+v", err, d)
	}
	up, err := docs.UpdateDocument(asUser(platform.RoleSecretariat, ""), d.ID, d.Input())
	if err != nil || up.CreatedBy != "u-focal-pointKZ" || up.UpdatedBy != "u-secretariat" {
		t.Fatalf("update: %v %+v", err, up)
	}
}

// TestEventsNameNobody: an event records no author, so no reader of the
// events, anonymous or member, is given a user id or name through them;
// platform's TestRecordsHideTheirAuthorsFromVisitors makes sure that a
// field naming one is not added without hiding it.
func TestEventsNameNobody(t *testing.T) {
	db := openDB(t)
	users := mongo.NewUserService(db)
	events := mongo.NewEventService(db)
	sec, err := users.CreateUser(system(), platform.NewUser{Email: "planner@unodc.example", Name: "Event Planner", Role: platform.RoleSecretariat})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	e, err := events.CreateEvent(platform.NewContextWithUser(context.Background(), sec), platform.EventInput{
		Kind: platform.EventNationalTraining, Start: start, End: start.Add(8 * time.Hour), Country: "KG", Countries: []string{"KG"},
		Visibility: platform.Public, Translations: map[string]platform.EventText{"ru": {Title: "Тренинг по статье 20"}}})
	if err != nil {
		t.Fatal(err)
	}
	for name, ctx := range map[string]context.Context{"anonymous": context.Background(), "an expert": asUser(platform.RoleExpert, "KG")} {
		list, _, err := events.FindEvents(ctx, platform.EventFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: %v %d", name, err, len(list))
		}
		one, err := events.FindEventByID(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal([]any{list, one})
		for _, hidden := range []string{sec.ID, sec.Name, "By\""} {
			if strings.Contains(string(b), hidden) {
				t.Errorf("%s is shown %q: %s", name, hidden, b)
			}
		}
	}
}
