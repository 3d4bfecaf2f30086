package mongo

import (
	"context"
	"fmt"
	"sync"

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
// Then the batch goes through the write path as one commit: one counter
// increment reserves the change-log numbers of the whole batch (one for
// each document and one for each provision, as CreateDocument takes them),
// and the documents, their change-log entries and their audit entries are
// each written with one InsertMany.
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
	now := s.db.now()
	ids := make([]string, len(ins))
	docs := make([]*platform.Document, len(ins))
	ws := make([]write, len(ins))
	for i, in := range ins {
		d := &platform.Document{
			ID: bson.NewObjectID().Hex(), CreatedAt: now, UpdatedAt: now, CreatedBy: u.ID, UpdatedBy: u.ID, Version: 1,
		}
		setFields(d, in)
		ids[i], docs[i] = d.ID, d
		ws[i] = documentWrite(platform.OpUpsert, d.ID, provisionKeys(d.Provisions)).auditedAs(auditRecord{
			kind: platform.TypeDocument, id: d.ID, action: platform.ActionCreate, after: auditOfImport(d), note: "bulk import"})
	}
	err = s.db.commit(ctx, ws, func(ctx context.Context, seqs []uint64) error {
		batch := make([]any, len(docs))
		for i, d := range docs {
			d.Seq, batch[i] = seqs[i], d
		}
		_, err := s.coll().InsertMany(ctx, batch, options.InsertMany().SetOrdered(true))
		if err == nil {
			// Before the changes are appended (and the indexer woken):
			// the indexer finds them here rather than reading them back.
			s.db.imported.keep(docs)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
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

// importedDocuments keeps the documents this process's bulk imports have
// just stored, so that the local indexer takes them from memory instead of
// reading each back from the database (a read by id is about a millisecond
// on the embedded FerretDB, and an import of 100,000 documents made the
// indexer read them all). It keeps nothing until KeepImported is called
// (`hub import` has no indexer), and at most limit documents: when it is
// full, a new batch's documents are not kept and the indexer reads them.
type importedDocuments struct {
	mu    sync.Mutex
	limit int
	docs  map[string]*keptDocument
}

// keptDocument is a kept document and how many of its changes (the
// document's and one for each provision) have not been taken yet.
type keptDocument struct {
	doc  *platform.Document
	left int
}

func (k *importedDocuments) keep(docs []*platform.Document) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.limit == 0 || len(k.docs)+len(docs) > k.limit {
		return
	}
	if k.docs == nil {
		k.docs = map[string]*keptDocument{}
	}
	for _, d := range docs {
		k.docs[d.ID] = &keptDocument{doc: d, left: 1 + len(d.Provisions)}
	}
}

// take returns the kept document id when seq is the number of one of the
// changes its import logged (the document's first, then one for each
// provision in order), and forgets it when all of them have been taken or
// when seq is not one of them (the document changed since: it is read from
// the database).
func (k *importedDocuments) take(id string, seq uint64) (*platform.Document, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.docs[id]
	if !ok {
		return nil, false
	}
	if seq < e.doc.Seq || seq > e.doc.Seq+uint64(len(e.doc.Provisions)) {
		delete(k.docs, id)
		return nil, false
	}
	if e.left--; e.left <= 0 {
		delete(k.docs, id)
	}
	return e.doc, true
}

// forgetThrough forgets every kept document whose import's changes are
// all numbered seq or lower: the indexer's checkpoint has passed them
// without taking them (a rebuild that read them from the database, say).
func (k *importedDocuments) forgetThrough(seq uint64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for id, e := range k.docs {
		if e.doc.Seq+uint64(len(e.doc.Provisions)) <= seq {
			delete(k.docs, id)
		}
	}
}

// KeepImported has the documents that bulk imports of this process store
// kept in memory, up to limit at a time, until TakeImported hands them to
// the indexer. The hub's indexer asks for it (see indexer.Documents).
func (s *DocumentService) KeepImported(limit int) {
	s.db.imported.mu.Lock()
	defer s.db.imported.mu.Unlock()
	s.db.imported.limit = limit
	if limit == 0 {
		s.db.imported.docs = nil
	}
}

// TakeImported returns, without reading the database, the document id as
// a bulk import of this process stored it, when seq is the change-log
// number of that import's change of the document or of one of its
// provisions (a document changed since is read from the database). The
// caller must not change the document. The document is forgotten once
// each of those changes has been taken.
func (s *DocumentService) TakeImported(id string, seq uint64) (*platform.Document, bool) {
	return s.db.imported.take(id, seq)
}

// ForgetImportedThrough forgets the kept documents whose import's changes
// are all numbered seq or lower: the indexer calls it as its checkpoint
// advances, so that a document it will never take (its changes passed by a
// rebuild) does not stay kept.
func (s *DocumentService) ForgetImportedThrough(seq uint64) {
	s.db.imported.forgetThrough(seq)
}
