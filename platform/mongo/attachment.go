package mongo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/storage"
)

// Collections of attachments: the records, the extracted texts (apart, so
// that listing attachments never drags megabytes of text along) and the
// stored files waiting to be deleted once nothing refers to them.
const (
	colAttachments     = "attachments"
	colAttachmentTexts = "attachment_texts"
	colObjectTrash     = "object_trash"
)

// Extractor turns a stored file of a format into plain text (see package
// platform/extract); Detect guesses the language of a text, or "".
type Extractor struct {
	Text   func(format string, r io.ReaderAt, size int64) (string, error)
	Detect func(text string) string
}

// AttachmentOptions tune an AttachmentService.
type AttachmentOptions struct {
	// Extract is used by the background worker; without it, Work does
	// nothing.
	Extract Extractor
	// Lease is how long a worker may take over one file before another
	// worker (or this one after a restart) takes it up. Default 10 minutes.
	Lease time.Duration
	// Poll is how often the worker looks for pending files when nothing
	// wakes it. Default 2 seconds.
	Poll time.Duration
	// MaxTries is how many times a file is tried before it is given up as
	// not searchable. Default 3.
	MaxTries int
	// TrashGrace is how long a file no longer referred to is kept before it
	// is deleted from the store, so that an upload of the same content in
	// flight does not lose it. Default 10 minutes.
	TrashGrace time.Duration
	// TempDir holds files while their text is extracted; default os.TempDir.
	TempDir string
	Logger  *slog.Logger
}

// AttachmentService implements platform.AttachmentService on MongoDB and an
// object store, and runs the background text extraction.
type AttachmentService struct {
	db    *DB
	store storage.Store
	docs  *DocumentService
	opts  AttachmentOptions
	wake  chan struct{}
}

var _ platform.AttachmentService = (*AttachmentService)(nil)

// NewAttachmentService returns the attachment service of db, keeping files
// in store.
func NewAttachmentService(db *DB, store storage.Store, opts AttachmentOptions) *AttachmentService {
	if opts.Lease <= 0 {
		opts.Lease = 10 * time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = 2 * time.Second
	}
	if opts.MaxTries <= 0 {
		opts.MaxTries = 3
	}
	if opts.TrashGrace < 0 {
		opts.TrashGrace = 0
	} else if opts.TrashGrace == 0 {
		opts.TrashGrace = 10 * time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &AttachmentService{db: db, store: store, docs: NewDocumentService(db), opts: opts, wake: make(chan struct{}, 1)}
}

func (s *AttachmentService) coll() *mongo.Collection { return s.db.db.Collection(colAttachments) }

func attachmentNotFound(id string) error {
	return platform.Localized(platform.NotFound, "error.attachment_not_found", nil, "attachment %q not found", id)
}

// CheckAttach implements platform.AttachmentService.
func (s *AttachmentService) CheckAttach(ctx context.Context, docID string) error {
	if platform.UserFromContext(ctx) == nil {
		return platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	d, err := s.docs.FindDocumentByID(ctx, docID)
	if err != nil {
		return err
	}
	_, err = checkEdit(ctx, d.Countries)
	return s.db.denied(ctx, platform.KindAttachment, docID, d, err)
}

// CreateAttachment implements platform.AttachmentService. The file goes to
// the store first, then the record; then the document is looked up again,
// and if it was deleted meanwhile the record is taken back and the file
// deleted (unless another attachment uses the same content), so that a
// deletion racing an upload leaves nothing behind.
func (s *AttachmentService) CreateAttachment(ctx context.Context, docID string, up platform.AttachmentUpload) (_ *platform.Attachment, err error) {
	defer platform.Wrap(&err, "CreateAttachment(%q)", docID)
	if err := s.CheckAttach(ctx, docID); err != nil {
		return nil, err
	}
	if !slices.Contains(platform.AttachmentFormats, up.Format) {
		return nil, platform.Localized(platform.Invalid, "error.attachment_type", map[string]any{"Value": up.Format}, "format %q not accepted", up.Format)
	}
	if up.Lang != "" && !platform.ValidLanguage(up.Lang) {
		return nil, platform.Localized(platform.Invalid, "error.bad_language", map[string]any{"Value": up.Lang}, "unsupported language %q", up.Lang)
	}
	key := storage.ContentKey(up.SHA256)
	if key == "" || up.Size <= 0 || up.Content == nil {
		return nil, platform.Errorf(platform.Invalid, "upload without content, size or sha256")
	}
	if obj, err := s.store.Stat(ctx, key); err == nil && obj.Size == up.Size {
		// The same content is already stored (content keys): keep it.
	} else if _, err := s.store.Put(ctx, key, up.Content, up.Size, storage.PutOptions{ContentType: up.ContentType, SHA256: up.SHA256}); err != nil {
		err = fmt.Errorf("store %s: %w", key, err)
		if errors.Is(err, storage.ErrIntegrity) || errors.Is(err, storage.ErrInvalidKey) || ctx.Err() != nil {
			return nil, err
		}
		// Nothing was written yet: the reader is told so, and to try again.
		return nil, &platform.Error{Code: platform.Unavailable, MessageID: "error.upload_unavailable", Message: "object store unavailable", Err: err}
	}
	u := platform.UserFromContext(ctx)
	seq, err := s.db.nextSeq(ctx)
	if err != nil {
		s.dropObjectIfUnused(ctx, key)
		return nil, translate(err)
	}
	a := &platform.Attachment{
		ID: bson.NewObjectID().Hex(), DocumentID: docID, Name: platform.CleanAttachmentName(up.Name), Lang: up.Lang,
		Format: up.Format, ContentType: up.ContentType, Size: up.Size, SHA256: up.SHA256, Key: key,
		TextState: platform.TextPending, CreatedAt: s.db.now(), CreatedBy: u.ID, Seq: seq,
	}
	if _, err := s.coll().InsertOne(ctx, a); err != nil {
		s.db.fillGap(ctx, seq, colAttachments, a.ID)
		s.dropObjectIfUnused(ctx, key)
		return nil, translate(err)
	}
	if err := s.db.appendChange(ctx, seq, colAttachments, a.ID, platform.OpUpsert); err != nil {
		return nil, translate(err)
	}
	// The document may have been deleted while the file was uploading.
	if _, err := s.docs.FindDocumentByID(platform.NewContextWithUser(ctx, platform.System), docID); err != nil {
		cctx := context.WithoutCancel(ctx)
		if derr := s.removeAttachment(cctx, a); derr != nil {
			s.opts.Logger.Error("attachment of a deleted document not removed", "attachment", a.ID, "err", derr)
		}
		s.dropObjectIfUnused(cctx, key)
		return nil, err
	}
	s.Notify()
	return a, s.db.audit(ctx, platform.KindAttachment, a.ID, platform.ActionCreate, nil, a)
}

// dropObjectIfUnused deletes a stored file no attachment refers to.
func (s *AttachmentService) dropObjectIfUnused(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	n, err := s.coll().CountDocuments(ctx, bson.D{{Key: "key", Value: key}})
	if err != nil || n > 0 {
		return
	}
	if err := s.store.Delete(ctx, key); err != nil {
		s.opts.Logger.Warn("deleting an unused stored file failed; it is left for the trash", "key", key, "err", err)
		s.db.trashObjects(ctx, []string{key})
	}
}

// removeAttachment deletes an attachment's record and text, logging the
// deletion in the change log.
func (s *AttachmentService) removeAttachment(ctx context.Context, a *platform.Attachment) error {
	seq, err := s.db.nextSeq(ctx)
	if err != nil {
		return err
	}
	if _, err := s.coll().DeleteOne(ctx, bson.D{{Key: "_id", Value: a.ID}}); err != nil {
		s.db.fillGap(ctx, seq, colAttachments, a.ID)
		return err
	}
	if _, err := s.db.db.Collection(colAttachmentTexts).DeleteOne(ctx, bson.D{{Key: "_id", Value: a.ID}}); err != nil {
		s.db.fillGap(ctx, seq, colAttachments, a.ID)
		return err
	}
	return s.db.appendChange(ctx, seq, colAttachments, a.ID, platform.OpDelete)
}

// FindAttachments implements platform.AttachmentService.
func (s *AttachmentService) FindAttachments(ctx context.Context, docID string) ([]*platform.Attachment, error) {
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

// FindAttachment implements platform.AttachmentService.
func (s *AttachmentService) FindAttachment(ctx context.Context, docID, id string) (*platform.Attachment, error) {
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
	return a.ForReader(platform.UserFromContext(ctx)), nil
}

// OpenAttachment implements platform.AttachmentService.
func (s *AttachmentService) OpenAttachment(ctx context.Context, docID, id string) (io.ReadCloser, *platform.Attachment, error) {
	a, err := s.FindAttachment(ctx, docID, id)
	if err != nil {
		return nil, nil, err
	}
	rc, _, err := s.store.Get(ctx, a.Key)
	if errors.Is(err, storage.ErrNotExist) {
		s.opts.Logger.Error("stored file of an attachment is missing", "attachment", id, "key", a.Key)
		return nil, nil, attachmentNotFound(id)
	}
	if err != nil {
		return nil, nil, storeUnavailable(err)
	}
	return rc, a, nil
}

func storeUnavailable(err error) error {
	return &platform.Error{Code: platform.Unavailable, MessageID: "error.unavailable", Data: map[string]any{"Part": "storage"},
		Message: "object store unavailable", Err: err}
}

// AttachmentURL implements platform.AttachmentService.
func (s *AttachmentService) AttachmentURL(ctx context.Context, docID, id string, expiry time.Duration) (string, error) {
	a, err := s.FindAttachment(ctx, docID, id)
	if err != nil {
		return "", err
	}
	u, err := s.store.PresignGet(ctx, a.Key, expiry, a.Name)
	if err != nil {
		return "", storeUnavailable(err)
	}
	return u, nil
}

// DeleteAttachment implements platform.AttachmentService.
func (s *AttachmentService) DeleteAttachment(ctx context.Context, docID, id string) (err error) {
	defer platform.Wrap(&err, "DeleteAttachment(%q)", id)
	if err := s.CheckAttach(ctx, docID); err != nil {
		return err
	}
	a, err := s.FindAttachment(ctx, docID, id)
	if err != nil {
		return err
	}
	if err := s.removeAttachment(ctx, a); err != nil {
		return translate(err)
	}
	if err := s.db.audit(ctx, platform.KindAttachment, a.ID, platform.ActionDelete, a, nil); err != nil {
		return err
	}
	s.db.trashObjects(ctx, []string{a.Key})
	// The document's search entry loses the attachment's text.
	return translate(s.db.touchDocument(ctx, docID))
}

// touchDocument appends a change for a document whose search entry changed
// without the document itself changing (an attachment's text came or went).
func (db *DB) touchDocument(ctx context.Context, docID string) error {
	seq, err := db.nextSeq(ctx)
	if err != nil {
		return err
	}
	return db.appendChange(ctx, seq, colDocuments, docID, platform.OpUpsert)
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
		seq, err := db.nextSeq(ctx)
		if err != nil {
			return err
		}
		if _, err := db.db.Collection(colAttachments).DeleteOne(ctx, bson.D{{Key: "_id", Value: r.ID}}); err != nil {
			db.fillGap(ctx, seq, colAttachments, r.ID)
			return err
		}
		if err := db.appendChange(ctx, seq, colAttachments, r.ID, platform.OpDelete); err != nil {
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

// Notify wakes the extraction worker. It never blocks.
func (s *AttachmentService) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Work runs the background text extraction until ctx ends: it takes up
// pending attachments one by one (across processes, through a lease kept in
// the record, so a restart resumes where it stopped) and empties the trash.
func (s *AttachmentService) Work(ctx context.Context) {
	t := time.NewTicker(s.opts.Poll)
	defer t.Stop()
	for {
		if _, err := s.ProcessPending(ctx); err != nil && ctx.Err() == nil {
			s.opts.Logger.Warn("attachment worker", "err", err)
		}
		if err := s.EmptyTrash(ctx); err != nil && ctx.Err() == nil {
			s.opts.Logger.Warn("emptying the file trash", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

// ProcessPending extracts the text of every pending attachment it can claim
// and returns how many it finished.
func (s *AttachmentService) ProcessPending(ctx context.Context) (int, error) {
	if s.opts.Extract.Text == nil {
		return 0, nil
	}
	n := 0
	for ctx.Err() == nil {
		a, err := s.claim(ctx)
		if err != nil || a == nil {
			return n, err
		}
		if err := s.process(ctx, a); err != nil {
			return n, err
		}
		n++
	}
	return n, ctx.Err()
}

// claim takes the oldest pending attachment whose lease is free.
func (s *AttachmentService) claim(ctx context.Context) (*platform.Attachment, error) {
	now := s.db.now()
	var a platform.Attachment
	err := s.coll().FindOneAndUpdate(ctx,
		bson.D{{Key: "textState", Value: platform.TextPending}, {Key: "$or", Value: bson.A{
			bson.D{{Key: "leaseUntil", Value: bson.D{{Key: "$exists", Value: false}}}},
			bson.D{{Key: "leaseUntil", Value: bson.D{{Key: "$lt", Value: now}}}},
		}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "leaseUntil", Value: now.Add(s.opts.Lease)}}}, {Key: "$inc", Value: bson.D{{Key: "tries", Value: 1}}}},
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

// process extracts one attachment's text and records the outcome. An
// outage of the store is an error (the lease lapses and the file is tried
// again); a file that cannot be read is an outcome: not searchable.
func (s *AttachmentService) process(ctx context.Context, a *platform.Attachment) error {
	var text, reason string
	if a.Tries > s.opts.MaxTries {
		reason = fmt.Sprintf("gave up after %d tries", s.opts.MaxTries)
	} else {
		var err error
		text, err = s.extract(ctx, a)
		if err != nil {
			var fe *fileError
			if !errors.As(err, &fe) {
				return err
			}
			reason = fe.Error()
		}
	}
	lang := a.Lang
	if text != "" && lang == "" && s.opts.Extract.Detect != nil {
		lang = s.opts.Extract.Detect(text)
	}
	if text != "" && lang == "" {
		// No language given or told: the document's own language.
		if d, err := s.docs.FindDocumentByID(platform.NewContextWithUser(ctx, platform.System), a.DocumentID); err == nil {
			_, lang = d.Title(platform.Languages)
		}
	}
	if text != "" && lang == "" {
		lang = "en"
	}
	set := bson.D{{Key: "textState", Value: platform.TextFailed}, {Key: "searchable", Value: false}, {Key: "textError", Value: reason}}
	if text != "" {
		if _, err := s.db.db.Collection(colAttachmentTexts).ReplaceOne(ctx, bson.D{{Key: "_id", Value: a.ID}},
			bson.D{{Key: "docId", Value: a.DocumentID}, {Key: "lang", Value: lang}, {Key: "text", Value: text}},
			options.Replace().SetUpsert(true)); err != nil {
			return translate(err)
		}
		set = bson.D{{Key: "textState", Value: platform.TextDone}, {Key: "searchable", Value: true},
			{Key: "textChars", Value: len([]rune(text))}, {Key: "lang", Value: lang}}
	}
	seq, err := s.db.nextSeq(ctx)
	if err != nil {
		return translate(err)
	}
	set = append(set, bson.E{Key: "seq", Value: int64(seq)})
	res, err := s.coll().UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}, {Key: "textState", Value: platform.TextPending}},
		bson.D{{Key: "$set", Value: set}, {Key: "$unset", Value: bson.D{{Key: "leaseUntil", Value: ""}}}})
	if err != nil {
		s.db.fillGap(ctx, seq, colAttachments, a.ID)
		return translate(err)
	}
	if res.MatchedCount == 0 {
		// Deleted (or finished elsewhere) meanwhile: a text written for a
		// deleted attachment must not stay.
		if n, err := s.coll().CountDocuments(ctx, bson.D{{Key: "_id", Value: a.ID}}); err == nil && n == 0 {
			_, _ = s.db.db.Collection(colAttachmentTexts).DeleteOne(ctx, bson.D{{Key: "_id", Value: a.ID}})
		}
		s.db.fillGap(ctx, seq, colAttachments, a.ID)
		return nil
	}
	if reason != "" {
		s.opts.Logger.Info("attachment text not extracted; kept as not searchable", "attachment", a.ID, "format", a.Format, "reason", reason)
	}
	// The change names the document: its search entry gains the text.
	return translate(s.db.appendChange(ctx, seq, colDocuments, a.DocumentID, platform.OpUpsert))
}

// fileError is a problem of the file itself, as opposed to an outage.
type fileError struct{ err error }

func (e *fileError) Error() string { return e.err.Error() }

// extract copies the stored file to a temporary file (PDF needs random
// access) and extracts its text.
func (s *AttachmentService) extract(ctx context.Context, a *platform.Attachment) (string, error) {
	rc, _, err := s.store.Get(ctx, a.Key)
	if errors.Is(err, storage.ErrNotExist) {
		return "", &fileError{fmt.Errorf("stored file %s is missing", a.Key)}
	}
	if err != nil {
		return "", err
	}
	defer rc.Close()
	f, err := os.CreateTemp(s.opts.TempDir, "hub-extract-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := io.Copy(f, rc)
	if err != nil {
		return "", err
	}
	text, err := s.opts.Extract.Text(a.Format, f, n)
	if err != nil {
		return "", &fileError{err}
	}
	return text, nil
}

// EmptyTrash deletes the stored files noted in the trash longer than the
// grace period ago that no attachment refers to.
func (s *AttachmentService) EmptyTrash(ctx context.Context) error {
	trash := s.db.db.Collection(colObjectTrash)
	cur, err := trash.Find(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lte", Value: s.db.now().Add(-s.opts.TrashGrace)}}}}, options.Find().SetLimit(500))
	if err != nil {
		return translate(err)
	}
	var rows []struct {
		Key string `bson:"_id"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return translate(err)
	}
	for _, r := range rows {
		n, err := s.coll().CountDocuments(ctx, bson.D{{Key: "key", Value: r.Key}})
		if err != nil {
			return translate(err)
		}
		if n == 0 {
			if err := s.store.Delete(ctx, r.Key); err != nil {
				return fmt.Errorf("delete stored file %s: %w", r.Key, err)
			}
		}
		if _, err := trash.DeleteOne(ctx, bson.D{{Key: "_id", Value: r.Key}}); err != nil {
			return translate(err)
		}
	}
	return nil
}
