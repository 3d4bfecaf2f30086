package mongo_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// TestOnlyTheSecretariatMakesRecordsSecretariatOnly: a focal point who
// gives their own country's record the visibility "secretariat" (and would
// lose it) is refused with a message for the reader, nothing is written,
// and the refusal is in the audit trail with what was asked for; the
// secretariat may.
func TestOnlyTheSecretariatMakesRecordsSecretariatOnly(t *testing.T) {
	db := openDB(t)
	docs, events, audit := mongo.NewDocumentService(db), mongo.NewEventService(db), mongo.NewAuditService(db)
	focal := &platform.User{ID: "focal-kz", Name: "Focal KZ", Role: platform.RoleFocalPoint, Country: "KZ"}
	fp := platform.NewContextWithUser(context.Background(), focal)
	sec := asUser(platform.RoleSecretariat, "")
	own, err := docs.CreateDocument(fp, lawInput("KZ", platform.Members))
	if err != nil {
		t.Fatalf("a focal point's members-only law: %v", err)
	}
	event := func(vis string) platform.EventInput {
		start := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		return platform.EventInput{Kind: platform.EventFocusGroup, Start: start, End: start.Add(3 * time.Hour), Country: "KZ", Countries: []string{"KZ"},
			Visibility: vis, Translations: map[string]platform.EventText{"ru": {Title: "Фокус-группа по декларированию активов"}}}
	}
	tests := []struct {
		name     string
		recordID string // of the denied entry ("" for a creation)
		do       func(ctx context.Context) error
	}{
		{"creating a law", "", func(ctx context.Context) error {
			_, err := docs.CreateDocument(ctx, lawInput("KZ", platform.Secretariat))
			return err
		}},
		{"hiding their members-only law", own.ID, func(ctx context.Context) error {
			_, err := docs.UpdateDocument(ctx, own.ID, lawInput("KZ", platform.Secretariat))
			return err
		}},
		{"importing a batch with one such law", "", func(ctx context.Context) error {
			_, err := docs.ImportDocuments(ctx, []platform.DocumentInput{lawInput("KZ", platform.Public), lawInput("KZ", platform.Secretariat)})
			var ie *mongo.ImportError
			if err != nil && (!errors.As(err, &ie) || ie.Index != 1) {
				t.Errorf("the refusal does not name the second document: %v", err)
			}
			return err
		}},
		{"planning an event", "", func(ctx context.Context) error {
			_, err := events.CreateEvent(ctx, event(platform.Secretariat))
			return err
		}},
	}
	counts := func() (int64, int64) {
		d, err := docs.CountDocuments(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		e, err := events.CountEvents(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return d, e
	}
	for _, tt := range tests {
		t.Run("a focal point is refused "+tt.name, func(t *testing.T) {
			docsBefore, eventsBefore := counts()
			err := tt.do(fp)
			e := platform.AsError(err)
			if platform.ErrorCode(err) != platform.Forbidden || e == nil || e.MessageID != "error.secretariat_visibility" {
				t.Fatalf("got %v, want Forbidden with the secretariat-only message", err)
			}
			if d, ev := counts(); d != docsBefore || ev != eventsBefore {
				t.Errorf("something was written: %d→%d documents, %d→%d events", docsBefore, d, eventsBefore, ev)
			}
			got, err := docs.FindDocumentByID(sec, own.ID)
			if err != nil || got.Version != own.Version || got.Visibility != platform.Members {
				t.Errorf("their law changed: %v %+v", err, got)
			}
			trail, _, err := audit.FindAudit(system(), platform.AuditFilter{ActorID: focal.ID, Action: platform.ActionDenied, Limit: 1})
			if err != nil || len(trail) != 1 {
				t.Fatalf("no denied entry: %v", err)
			}
			entry := trail[0]
			if entry.RecordID != tt.recordID || !strings.Contains(entry.Note, "secretariat-only") {
				t.Errorf("denied entry %+v", entry)
			}
			asked := false
			for _, c := range entry.Changes {
				asked = asked || c.Field == "visibility" && c.After == `"secretariat"`
			}
			if !asked {
				t.Errorf("the entry does not say secretariat-only was asked for: %+v", entry.Changes)
			}
		})
	}
	t.Run("the secretariat may do all of it", func(t *testing.T) {
		if _, err := docs.CreateDocument(sec, lawInput("KZ", platform.Secretariat)); err != nil {
			t.Error(err)
		}
		if _, err := docs.UpdateDocument(sec, own.ID, lawInput("KZ", platform.Secretariat)); err != nil {
			t.Error(err)
		}
		if _, err := docs.ImportDocuments(sec, []platform.DocumentInput{lawInput("KZ", platform.Secretariat)}); err != nil {
			t.Error(err)
		}
		if _, err := events.CreateEvent(sec, event(platform.Secretariat)); err != nil {
			t.Error(err)
		}
	})
	t.Run("a focal point still makes records public or members-only", func(t *testing.T) {
		if _, err := docs.CreateDocument(fp, lawInput("KZ", platform.Public)); err != nil {
			t.Error(err)
		}
		if _, err := events.CreateEvent(fp, event(platform.Members)); err != nil {
			t.Error(err)
		}
	})
}
