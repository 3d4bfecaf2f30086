package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// ImportError says which input of a bulk import was refused.
type ImportError struct {
	// Index is the input's position in the batch (from 0).
	Index int
	Err   error
}

func (e *ImportError) Error() string { return fmt.Sprintf("document %d: %v", e.Index+1, e.Err) }

// Unwrap returns the refusal (a *platform.Error).
func (e *ImportError) Unwrap() error { return e.Err }

// ImportDocuments stores new documents many at a time, checked as
// CreateDocument checks one: normalised, the user in ctx allowed to edit
// their countries (a refusal is recorded in the audit trail), validated,
// relations pointing at existing documents. Nothing is written unless every
// input passes; the first that fails is reported as an *ImportError.
//
// Then one counter increment reserves the change-log numbers of the whole
// batch (one for each document and one for each provision, as
// CreateDocument takes them), and the documents, their change-log entries
// and their audit entries are each written with one InsertMany. The change
// entries are written even when the documents' insert fails part-way, so
// that the reserved numbers leave no hole for indexers to wait on (an entry
// for a document that was not written is simply skipped by them).
//
// It returns the new documents' ids in input order. Callers keep batches to
// a few hundred documents: each is one request of each kind to the server.
func (s *DocumentService) ImportDocuments(ctx context.Context, ins []platform.DocumentInput) (_ []string, err error) {
	defer platform.Wrap(&err, "ImportDocuments(%d)", len(ins))
	if len(ins) == 0 {
		return nil, nil
	}
	var u *platform.User
	n := 0
	for i := range ins {
		in := &ins[i]
		in.Normalize()
		user, err := checkEdit(ctx, in.Countries)
		if err == nil {
			err = checkVisibility(user, in.Visibility)
		}
		if err != nil {
			return nil, &ImportError{i, s.db.deniedAttempt(ctx, platform.TypeDocument, "", nil, *in, err)}
		}
		u = user
		if err := in.Validate(); err != nil {
			return nil, &ImportError{i, err}
		}
		if err := s.checkRelations(ctx, "", in.Relations); err != nil {
			return nil, &ImportError{i, err}
		}
		n += 1 + len(in.Provisions)
	}
	first, err := s.db.nextSeqs(ctx, n)
	if err != nil {
		return nil, translate(err)
	}
	now := s.db.now()
	ids := make([]string, len(ins))
	docs := make([]any, len(ins))
	audited := make([]any, len(ins))
	changes := make([]any, 0, n)
	seq := first
	for i, in := range ins {
		d := &platform.Document{
			ID: bson.NewObjectID().Hex(), CreatedAt: now, UpdatedAt: now, CreatedBy: u.ID, UpdatedBy: u.ID, Version: 1, Seq: seq,
		}
		setFields(d, in)
		ids[i], docs[i], audited[i] = d.ID, d, auditOfImport(d)
		changes = append(changes, changeEntry(seq, colDocuments, d.ID, now))
		for k, key := range provisionKeys(d.Provisions) {
			changes = append(changes, changeEntry(seq+1+uint64(k), ChangeProvisions, platform.ProvisionID(d.ID, key), now))
		}
		seq += 1 + uint64(len(d.Provisions))
	}
	_, insertErr := s.coll().InsertMany(ctx, docs, options.InsertMany().SetOrdered(true))
	// The change entries go in whatever happened, on a context that a
	// client leaving does not cancel: see the doc comment.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if _, err := s.db.db.Collection(colChanges).InsertMany(wctx, changes, options.InsertMany().SetOrdered(false)); err != nil {
		return nil, translate(err)
	}
	if s.db.notify != nil {
		s.db.notify()
	}
	if insertErr != nil {
		return nil, translate(insertErr)
	}
	return ids, s.db.auditCreated(ctx, platform.TypeDocument, ids, audited, "bulk import")
}

// importedDocument is what the audit trail keeps of a document a bulk
// import created: the entry's actor, time and address say who imported it,
// these fields say which record it is. (The record itself, at version 1, is
// what was imported; copying every text into the trail as well made an
// import three times slower.)
type importedDocument struct {
	Kind       string            `json:"kind"`
	Countries  []string          `json:"countries"`
	Articles   []int             `json:"uncacArticles"`
	Visibility string            `json:"visibility"`
	Titles     map[string]string `json:"titles"`
}

func auditOfImport(d *platform.Document) importedDocument {
	a := importedDocument{Kind: d.Kind, Countries: d.Countries, Articles: d.UncacArticles, Visibility: d.Visibility, Titles: map[string]string{}}
	for lang, t := range d.Translations {
		a.Titles[lang] = t.Title
	}
	return a
}

// changeEntry is a change-log entry as appendChange writes it.
func changeEntry(seq uint64, coll, id string, at time.Time) bson.D {
	return bson.D{
		{Key: "_id", Value: int64(seq)}, {Key: "coll", Value: coll}, {Key: "rid", Value: id},
		{Key: "op", Value: platform.OpUpsert}, {Key: "at", Value: at},
	}
}
