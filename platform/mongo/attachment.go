package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// Collections of attachments: the records, the extracted texts (apart, so
// that listing attachments never drags megabytes of text along) and the
// stored files waiting to be deleted once nothing refers to them.
const (
	colAttachments     = "attachments"
	colAttachmentTexts = "attachment_texts"
	colObjectTrash     = "object_trash"
)

// AttachmentStore keeps the records of the files attached to documents,
// their extracted texts and the trash of stored files. The files themselves,
// and the extraction worker, are package platform/files's: this is the
// persistence it composes with an object store.
type AttachmentStore struct {
	db   *DB
	docs *DocumentService
}

// NewAttachmentStore returns the attachment records of db.
func NewAttachmentStore(db *DB) *AttachmentStore {
	return &AttachmentStore{db: db, docs: NewDocumentService(db)}
}

func (s *AttachmentStore) coll() *mongo.Collection { return s.db.db.Collection(colAttachments) }

func attachmentNotFound(id string) error {
	return platform.Localized(platform.NotFound, "error.attachment_not_found", nil, "attachment %q not found", id)
}

// CheckAttach reports whether the user in ctx may attach files to (and
// remove them from) the document: whoever may edit it. A refusal is
// audited. Codes: Unauthorized, NotFound, Forbidden.
func (s *AttachmentStore) CheckAttach(ctx context.Context, docID string) error {
	if platform.UserFromContext(ctx) == nil {
		return platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	d, err := s.docs.FindDocumentByID(ctx, docID)
	if err != nil {
		return err
	}
	_, err = checkEdit(ctx, d.Countries)
	return s.db.denied(ctx, platform.TypeAttachment, docID, d, err)
}

// InsertAttachment records a new attachment of a.DocumentID, pending
// extraction, by the user in ctx; it sets a's id, creation and sequence.
// If the document was deleted while the file was uploading, the record is
// taken back and NotFound returned, so a deletion racing an upload leaves
// no record behind (the caller drops the stored file).
func (s *AttachmentStore) InsertAttachment(ctx context.Context, a *platform.Attachment) (err error) {
	defer platform.Wrap(&err, "InsertAttachment(%q)", a.DocumentID)
	a.ID, a.CreatedAt, a.CreatedBy, a.TextState = bson.NewObjectID().Hex(), s.db.now(), platform.UserFromContext(ctx).ID, platform.TextPending
	return s.db.write(ctx, upsert(platform.TypeAttachment, a.ID).audited(platform.ActionCreate, nil, a),
		func(ctx context.Context, seq uint64) error {
			a.Seq = seq
			if _, err := s.coll().InsertOne(ctx, a); err != nil {
				return err
			}
			_, err := s.docs.FindDocumentByID(platform.NewContextWithUser(ctx, platform.System()), a.DocumentID)
			if err != nil {
				if _, derr := s.coll().DeleteOne(context.WithoutCancel(ctx), byID(a.ID)); derr != nil {
					return errors.Join(err, derr)
				}
			}
			return err
		})
}

// DeleteAttachment removes an attachment's record and text, notes its
// stored file for the trash and touches the document, whose search entry
// loses the text. The caller has checked the right (CheckAttach). Codes:
// NotFound.
func (s *AttachmentStore) DeleteAttachment(ctx context.Context, docID, id string) (err error) {
	defer platform.Wrap(&err, "DeleteAttachment(%q)", id)
	a, err := s.findAttachment(ctx, docID, id)
	if err != nil {
		return err
	}
	err = s.db.write(ctx, remove(platform.TypeAttachment, a.ID).audited(platform.ActionDelete, a, nil),
		func(ctx context.Context, _ uint64) error {
			if _, err := s.coll().DeleteOne(ctx, byID(a.ID)); err != nil {
				return err
			}
			_, err := s.db.db.Collection(colAttachmentTexts).DeleteOne(ctx, byID(a.ID))
			return err
		})
	if err != nil {
		return err
	}
	s.TrashObjects(ctx, []string{a.Key})
	return s.db.touchDocument(ctx, a.DocumentID)
}

// FindAttachments lists a document's attachments, oldest first, as the
// user in ctx may see them. Codes: NotFound (the document).
func (s *AttachmentStore) FindAttachments(ctx context.Context, docID string) ([]*platform.Attachment, error) {
	if _, err := s.docs.FindDocumentByID(ctx, docID); err != nil {
		return nil, err
	}
	cur, err := s.coll().Find(ctx, bson.D{{Key: "docId", Value: docID}}, options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	out := []*platform.Attachment{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, translate(err)
	}
	u := platform.UserFromContext(ctx)
	for i, a := range out {
		out[i] = a.ForReader(u)
	}
	return out, nil
}

// FindAttachment returns one attachment of a document as the user in ctx
// may see it. Codes: NotFound.
func (s *AttachmentStore) FindAttachment(ctx context.Context, docID, id string) (*platform.Attachment, error) {
	a, err := s.findAttachment(ctx, docID, id)
	if err != nil {
		return nil, err
	}
	return a.ForReader(platform.UserFromContext(ctx)), nil
}

// findAttachment is FindAttachment with every field, for the writes.
func (s *AttachmentStore) findAttachment(ctx context.Context, docID, id string) (*platform.Attachment, error) {
	if _, err := s.docs.FindDocumentByID(ctx, docID); err != nil {
		return nil, err
	}
	var a platform.Attachment
	err := s.coll().FindOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "docId", Value: docID}}).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, attachmentNotFound(id)
	}
	if err != nil {
		return nil, translate(err)
	}
	return &a, nil
}

// KeyInUse reports whether an attachment refers to the stored file key.
func (s *AttachmentStore) KeyInUse(ctx context.Context, key string) (bool, error) {
	n, err := s.coll().CountDocuments(ctx, bson.D{{Key: "key", Value: key}})
	return n > 0, translate(err)
}

// ClaimPending takes the oldest attachment pending extraction whose lease
// is free, leasing it until lease from now, or returns nil when none is.
func (s *AttachmentStore) ClaimPending(ctx context.Context, lease time.Duration) (*platform.Attachment, error) {
	now := s.db.now()
	var a platform.Attachment
	err := s.coll().FindOneAndUpdate(ctx,
		bson.D{{Key: "textState", Value: platform.TextPending}, {Key: "$or", Value: bson.A{
			bson.D{{Key: "leaseUntil", Value: bson.D{{Key: "$exists", Value: false}}}},
			bson.D{{Key: "leaseUntil", Value: bson.D{{Key: "$lt", Value: now}}}},
		}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "leaseUntil", Value: now.Add(lease)}}}, {Key: "$inc", Value: bson.D{{Key: "tries", Value: 1}}}},
		options.FindOneAndUpdate().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}).SetReturnDocument(options.After),
	).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	return &a, nil
}

// PendingCount is the number of attachments waiting for their text to be
// extracted (the metrics' queue depth).
func (s *AttachmentStore) PendingCount(ctx context.Context) (int64, error) {
	n, err := s.coll().CountDocuments(ctx, bson.D{{Key: "textState", Value: platform.TextPending}})
	return n, translate(err)
}

// SaveText records the outcome of a pending attachment's extraction: its
// text in lang, or (text empty) the reason it is not searchable. The change
// names the document, whose search entry gains the text. It reports false
// when the attachment was deleted or finished elsewhere meanwhile.
func (s *AttachmentStore) SaveText(ctx context.Context, a *platform.Attachment, text, lang, reason string) (saved bool, err error) {
	defer platform.Wrap(&err, "SaveText(%q)", a.ID)
	set := bson.D{{Key: "textState", Value: platform.TextFailed}, {Key: "searchable", Value: false}, {Key: "textError", Value: reason}}
	if text != "" {
		if _, err := s.db.db.Collection(colAttachmentTexts).ReplaceOne(ctx, byID(a.ID),
			bson.D{{Key: "docId", Value: a.DocumentID}, {Key: "lang", Value: lang}, {Key: "text", Value: text}},
			options.Replace().SetUpsert(true)); err != nil {
			return false, translate(err)
		}
		set = bson.D{{Key: "textState", Value: platform.TextDone}, {Key: "searchable", Value: true},
			{Key: "textChars", Value: len([]rune(text))}, {Key: "lang", Value: lang}}
	}
	// The change names the attachment too: its record changes (a backup
	// reads it again by that change).
	err = s.db.write(ctx, upsert(platform.TypeDocument, a.DocumentID).also(platform.TypeAttachment, a.ID), func(ctx context.Context, seq uint64) error {
		set = append(set, bson.E{Key: "seq", Value: int64(seq)})
		res, err := s.coll().UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}, {Key: "textState", Value: platform.TextPending}},
			bson.D{{Key: "$set", Value: set}, {Key: "$unset", Value: bson.D{{Key: "leaseUntil", Value: ""}}}})
		if err == nil && res.MatchedCount == 0 {
			// Deleted (or finished elsewhere) meanwhile: a text written for
			// a deleted attachment must not stay.
			if n, err := s.coll().CountDocuments(ctx, byID(a.ID)); err == nil && n == 0 {
				_, _ = s.db.db.Collection(colAttachmentTexts).DeleteOne(ctx, byID(a.ID))
			}
			return nil
		}
		saved = err == nil
		return err
	})
	return saved, err
}

// TrashedObjects lists up to limit stored files noted in the trash at or
// before until.
func (s *AttachmentStore) TrashedObjects(ctx context.Context, until time.Time, limit int) ([]string, error) {
	cur, err := s.db.db.Collection(colObjectTrash).Find(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lte", Value: until}}}}, options.Find().SetLimit(int64(limit)))
	if err != nil {
		return nil, translate(err)
	}
	var rows []struct {
		Key string `bson:"_id"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.Key
	}
	return keys, nil
}

// Untrash takes a stored file off the trash (it was deleted, or is in use).
func (s *AttachmentStore) Untrash(ctx context.Context, key string) error {
	_, err := s.db.db.Collection(colObjectTrash).DeleteOne(ctx, byID(key))
	return translate(err)
}

// TrashObjects notes stored files that may no longer be referred to; the
// worker deletes each one that still is not after a grace period.
func (s *AttachmentStore) TrashObjects(ctx context.Context, keys []string) {
	s.db.trashObjects(ctx, keys)
}

// touchDocument appends a change for a document whose search entry changed
// without the document itself changing (an attachment's text came or went).
func (db *DB) touchDocument(ctx context.Context, docID string) error {
	return db.write(ctx, upsert(platform.TypeDocument, docID), func(context.Context, uint64) error { return nil })
}

// dropAttachments removes the attachments of a deleted document: records
// and texts now, stored files through the trash.
func (db *DB) dropAttachments(ctx context.Context, docID string) error {
	ctx = context.WithoutCancel(ctx)
	cur, err := db.db.Collection(colAttachments).Find(ctx, bson.D{{Key: "docId", Value: docID}}, options.Find().SetProjection(bson.D{{Key: "key", Value: 1}}))
	if err != nil {
		return err
	}
	var rows []struct {
		ID  string `bson:"_id"`
		Key string `bson:"key"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	var keys []string
	for _, r := range rows {
		keys = append(keys, r.Key)
		err := db.write(ctx, remove(platform.TypeAttachment, r.ID), func(ctx context.Context, _ uint64) error {
			_, err := db.db.Collection(colAttachments).DeleteOne(ctx, bson.D{{Key: "_id", Value: r.ID}})
			return err
		})
		if err != nil {
			return err
		}
	}
	if _, err := db.db.Collection(colAttachmentTexts).DeleteMany(ctx, bson.D{{Key: "docId", Value: docID}}); err != nil {
		return err
	}
	db.trashObjects(ctx, keys)
	return nil
}

// trashObjects notes stored files that may no longer be referred to; the
// worker deletes each one that still is not after a grace period.
func (db *DB) trashObjects(ctx context.Context, keys []string) {
	for _, k := range keys {
		_, err := db.db.Collection(colObjectTrash).UpdateOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: k}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: db.now()}}}}, options.UpdateOne().SetUpsert(true))
		_ = err // best effort: a file left over wastes space, nothing more
	}
}

// AttachmentTextStore reads the text extracted from attachments, for the
// search index. It needs only the database (reindexing has no object store).
type AttachmentTextStore struct{ db *DB }

// NewAttachmentTextStore returns the attachment texts of db.
func NewAttachmentTextStore(db *DB) *AttachmentTextStore { return &AttachmentTextStore{db: db} }

// AttachmentTexts returns the extracted texts of a document's attachments,
// for the search index.
func (s *AttachmentTextStore) AttachmentTexts(ctx context.Context, docID string) ([]platform.AttachmentText, error) {
	cur, err := s.db.db.Collection(colAttachmentTexts).Find(ctx, bson.D{{Key: "docId", Value: docID}}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	var rows []struct {
		ID   string `bson:"_id"`
		Lang string `bson:"lang"`
		Text string `bson:"text"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	out := make([]platform.AttachmentText, 0, len(rows))
	for _, r := range rows {
		out = append(out, platform.AttachmentText{AttachmentID: r.ID, Lang: r.Lang, Text: r.Text})
	}
	return out, nil
}

// DocumentsWithText returns the ids of the documents that have extracted
// attachment text, so that a rebuild of the index looks texts up only for
// those.
func (s *AttachmentTextStore) DocumentsWithText(ctx context.Context) (map[string]bool, error) {
	cur, err := s.db.db.Collection(colAttachmentTexts).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "docId", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	defer cur.Close(ctx)
	out := map[string]bool{}
	for cur.Next(ctx) {
		var r struct {
			DocID string `bson:"docId"`
		}
		if err := cur.Decode(&r); err != nil {
			return nil, err
		}
		out[r.DocID] = true
	}
	return out, translate(cur.Err())
}
