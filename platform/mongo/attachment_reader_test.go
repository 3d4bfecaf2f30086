package mongo_test

import (
	"context"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// TestAttachmentDetailsAreForMembers: everybody who may see a document sees
// that an attachment is not searchable; only signed-in members see why
// (the extractor's error) and who uploaded it, in the list and one by one.
func TestAttachmentDetailsAreForMembers(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	atts := mongo.NewAttachmentService(db, newStore(t), mongo.AttachmentOptions{Extract: extractor})
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
