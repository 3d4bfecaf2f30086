// Package files keeps the files attached to the hub's records: it composes
// an object store (package storage) with the attachment records (kept by
// the persistence layer) and runs the background worker that extracts their
// text for search and empties the trash of stored files nothing refers to;
// and it keeps the experts' profile photos (Photos). It holds no database
// code and parses no file itself: the extractor and the photo processor it
// is given do.
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/storage"
)

// Records is the persistence of attachments the service needs (in
// production platform/mongo.AttachmentStore). Its writes go through the
// persistence layer's one write path, so they reach the change log and the
// audit trail.
type Records interface {
	// CheckAttach reports whether the user in ctx may attach files to the
	// document and remove them. Codes: Unauthorized, NotFound, Forbidden.
	CheckAttach(ctx context.Context, docID string) error
	// InsertAttachment records a new attachment, pending extraction, and
	// sets its id; NotFound if the document went away meanwhile.
	InsertAttachment(ctx context.Context, a *platform.Attachment) error
	// DeleteAttachment removes an attachment's record and text and notes
	// its stored file for the trash. Codes: NotFound.
	DeleteAttachment(ctx context.Context, docID, id string) error
	// FindAttachments and FindAttachment read attachments as the user in
	// ctx may see them. Codes: NotFound.
	FindAttachments(ctx context.Context, docID string) ([]*platform.Attachment, error)
	FindAttachment(ctx context.Context, docID, id string) (*platform.Attachment, error)
	// KeyInUse reports whether an attachment refers to a stored file.
	KeyInUse(ctx context.Context, key string) (bool, error)
	// ClaimPending leases the oldest attachment pending extraction, or
	// returns nil.
	ClaimPending(ctx context.Context, lease time.Duration) (*platform.Attachment, error)
	// SaveText records an extraction's outcome: text in lang, or the reason
	// there is none. It reports false when the attachment went away.
	SaveText(ctx context.Context, a *platform.Attachment, text, lang, reason string) (bool, error)
	// TrashObjects notes stored files that may no longer be referred to;
	// TrashedObjects lists those noted at or before until; Untrash takes
	// one off the list.
	TrashObjects(ctx context.Context, keys []string)
	TrashedObjects(ctx context.Context, until time.Time, limit int) ([]string, error)
	Untrash(ctx context.Context, key string) error
}

// Documents finds the document an attachment belongs to (its language is
// the text's when nothing else tells it).
type Documents interface {
	FindDocumentByID(ctx context.Context, id string) (*platform.Document, error)
}

// Extractor turns a stored file of a format into plain text (see package
// platform/extract); Detect guesses the language of a text, or "". An error
// of Text makes the file not searchable with the error as the reason, at
// once, except an error with the code platform.Unavailable (the extractor
// could not run), after which the file is tried again.
type Extractor struct {
	Text   func(format string, r io.ReaderAt, size int64) (string, error)
	Detect func(text string) string
}

// Options tune a Service.
type Options struct {
	// Extract is used by the background worker; without it, Work extracts
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
	// flight does not lose it. Default 10 minutes; negative means none.
	TrashGrace time.Duration
	// TempDir holds files while their text is extracted; default os.TempDir.
	TempDir string
	Logger  *slog.Logger
	// Outcome, when set, is told of each extraction that finished: failed
	// when the file was kept as not searchable (the metrics count them).
	Outcome func(failed bool)
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service implements platform.AttachmentService on an object store and the
// attachment records, and runs the background text extraction.
type Service struct {
	records Records
	docs    Documents
	store   storage.Store
	opts    Options
	wake    chan struct{}
}

var _ platform.AttachmentService = (*Service)(nil)

// New returns the attachment service keeping files in store and their
// records in records; docs finds their documents.
func New(records Records, docs Documents, store storage.Store, opts Options) *Service {
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
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{records: records, docs: docs, store: store, opts: opts, wake: make(chan struct{}, 1)}
}

// CheckAttach implements platform.AttachmentService.
func (s *Service) CheckAttach(ctx context.Context, docID string) error {
	return s.records.CheckAttach(ctx, docID)
}

// CreateAttachment implements platform.AttachmentService. The file goes to
// the store first, then the record; if the document was deleted meanwhile
// the record is not kept and the file is deleted (unless another attachment
// uses the same content), so that a deletion racing an upload leaves
// nothing behind.
func (s *Service) CreateAttachment(ctx context.Context, docID string, up platform.AttachmentUpload) (_ *platform.Attachment, err error) {
	defer platform.Wrap(&err, "CreateAttachment(%q)", docID)
	if err := s.records.CheckAttach(ctx, docID); err != nil {
		return nil, err
	}
	if !slices.Contains(platform.AttachmentFormats(), up.Format) {
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
	a := &platform.Attachment{
		DocumentID: docID, Name: platform.CleanAttachmentName(up.Name), Lang: up.Lang,
		Format: up.Format, ContentType: up.ContentType, Size: up.Size, SHA256: up.SHA256, Key: key,
	}
	if err := s.records.InsertAttachment(ctx, a); err != nil {
		s.dropObjectIfUnused(ctx, key)
		return nil, err
	}
	s.Notify()
	return a, nil
}

// dropObjectIfUnused deletes a stored file no attachment refers to.
func (s *Service) dropObjectIfUnused(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	used, err := s.records.KeyInUse(ctx, key)
	if err != nil || used {
		return
	}
	if err := s.store.Delete(ctx, key); err != nil {
		s.opts.Logger.Warn("deleting an unused stored file failed; it is left for the trash", "key", key, "err", err)
		s.records.TrashObjects(ctx, []string{key})
	}
}

// FindAttachments implements platform.AttachmentService.
func (s *Service) FindAttachments(ctx context.Context, docID string) ([]*platform.Attachment, error) {
	return s.records.FindAttachments(ctx, docID)
}

// FindAttachment implements platform.AttachmentService.
func (s *Service) FindAttachment(ctx context.Context, docID, id string) (*platform.Attachment, error) {
	return s.records.FindAttachment(ctx, docID, id)
}

// OpenAttachment implements platform.AttachmentService.
func (s *Service) OpenAttachment(ctx context.Context, docID, id string) (io.ReadCloser, *platform.Attachment, error) {
	a, err := s.records.FindAttachment(ctx, docID, id)
	if err != nil {
		return nil, nil, err
	}
	rc, _, err := s.store.Get(ctx, a.Key)
	if errors.Is(err, storage.ErrNotExist) {
		s.opts.Logger.Error("stored file of an attachment is missing", "attachment", id, "key", a.Key)
		return nil, nil, platform.Localized(platform.NotFound, "error.attachment_not_found", nil, "attachment %q not found", id)
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
func (s *Service) AttachmentURL(ctx context.Context, docID, id string, expiry time.Duration) (string, error) {
	a, err := s.records.FindAttachment(ctx, docID, id)
	if err != nil {
		return "", err
	}
	u, err := s.store.PresignGet(ctx, a.Key, expiry, a.Name)
	if err != nil {
		return "", storeUnavailable(err)
	}
	return u, nil
}

// DeleteAttachment implements platform.AttachmentService. The stored file
// goes through the trash: another attachment may share its content.
func (s *Service) DeleteAttachment(ctx context.Context, docID, id string) (err error) {
	defer platform.Wrap(&err, "DeleteAttachment(%q)", id)
	if err := s.records.CheckAttach(ctx, docID); err != nil {
		return err
	}
	return s.records.DeleteAttachment(ctx, docID, id)
}

// Notify wakes the extraction worker. It never blocks.
func (s *Service) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Work runs the background text extraction until ctx ends: it takes up
// pending attachments one by one (across processes, through a lease kept in
// the record, so a restart resumes where it stopped) and empties the trash.
func (s *Service) Work(ctx context.Context) {
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
func (s *Service) ProcessPending(ctx context.Context) (int, error) {
	if s.opts.Extract.Text == nil {
		return 0, nil
	}
	n := 0
	for ctx.Err() == nil {
		a, err := s.records.ClaimPending(ctx, s.opts.Lease)
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

// process extracts one attachment's text and records the outcome. An
// outage of the store is an error (the lease lapses and the file is tried
// again); a file that cannot be read is an outcome: not searchable.
func (s *Service) process(ctx context.Context, a *platform.Attachment) error {
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
	if text != "" && lang == "" && s.docs != nil {
		// No language given or told: the document's own language.
		if d, err := s.docs.FindDocumentByID(platform.NewContextWithUser(ctx, platform.System()), a.DocumentID); err == nil {
			_, lang = d.Title(platform.Languages())
		}
	}
	if text != "" && lang == "" {
		lang = "en"
	}
	saved, err := s.records.SaveText(ctx, a, text, lang, reason)
	if err != nil {
		return err
	}
	if saved && s.opts.Outcome != nil {
		s.opts.Outcome(reason != "")
	}
	if saved && reason != "" {
		s.opts.Logger.Info("attachment text not extracted; kept as not searchable", "attachment", a.ID, "format", a.Format, "reason", reason)
	}
	return nil
}

// fileError is a problem of the file itself, as opposed to an outage.
type fileError struct{ err error }

func (e *fileError) Error() string { return e.err.Error() }

// extract copies the stored file to a temporary file (PDF needs random
// access) and extracts its text.
func (s *Service) extract(ctx context.Context, a *platform.Attachment) (string, error) {
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
	if platform.ErrorCode(err) == platform.Unavailable {
		// The extractor did not run (it could not be started): nothing is
		// known of the file yet. The lease lapses and the file is tried
		// again, up to MaxTries.
		return "", err
	}
	if err != nil {
		// Whatever the extractor did with the file, even dying on it in
		// its child process, is an outcome: not searchable, at once.
		return "", &fileError{err}
	}
	return text, nil
}

// EmptyTrash deletes the stored files noted in the trash longer than the
// grace period ago that no attachment refers to.
func (s *Service) EmptyTrash(ctx context.Context) error {
	keys, err := s.records.TrashedObjects(ctx, s.opts.Now().Add(-s.opts.TrashGrace), 500)
	if err != nil {
		return err
	}
	for _, key := range keys {
		used, err := s.records.KeyInUse(ctx, key)
		if err != nil {
			return err
		}
		if !used {
			if err := s.store.Delete(ctx, key); err != nil {
				return fmt.Errorf("delete stored file %s: %w", key, err)
			}
		}
		if err := s.records.Untrash(ctx, key); err != nil {
			return err
		}
	}
	return nil
}
