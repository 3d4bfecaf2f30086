package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/storage"
)

// PhotoProcessor makes a profile photo from an upload of at most max bytes
// where a hostile image cannot harm the server (in production
// photo.Isolated.Process, a child process): it returns the JPEG and its
// record without a Key. Its errors say what is wrong with the upload
// (platform.TooLarge, platform.UnsupportedType) or that it could not run
// (platform.Unavailable).
type PhotoProcessor func(ctx context.Context, r io.Reader, max int64) ([]byte, *platform.ExpertPhoto, error)

// photoPrefix starts every photo's key: photos live apart from the
// attachments' content keys, and Open and Delete touch nothing else.
const photoPrefix = "photos/"

// Photos keeps the experts' profile photos in an object store: an upload
// is made into a photo by the processor and only that photo is stored,
// under photos/<expert id>/<sha256>.jpg, so the upload itself (with its
// metadata) never reaches the store, and a photo that cannot be made
// leaves nothing behind. The records that point at photos are the experts'
// profiles (platform.Expert.Photo), kept by the experts' service, which
// deletes a photo it no longer refers to.
type Photos struct {
	store   storage.Store
	process PhotoProcessor
}

// NewPhotos returns the photos kept in store, made by process.
func NewPhotos(store storage.Store, process PhotoProcessor) *Photos {
	return &Photos{store: store, process: process}
}

// PhotoKey is the key of expert id's photo whose content has the SHA-256
// sha256hex, or "" when either is malformed.
func PhotoKey(id, sha256hex string) string {
	if !platform.ValidRecordID(id) || !storage.ValidSHA256(sha256hex) {
		return ""
	}
	return photoPrefix + id + "/" + sha256hex + ".jpg"
}

// isPhotoKey reports whether key is one PhotoKey makes.
func isPhotoKey(key string) bool {
	rest, ok := strings.CutPrefix(key, photoPrefix)
	if !ok {
		return false
	}
	id, file, _ := strings.Cut(rest, "/")
	sum, ok := strings.CutSuffix(file, ".jpg")
	return ok && PhotoKey(id, sum) == key
}

// Put makes expert id's photo from an upload read from r (at most
// platform.MaxPhotoBytes) and stores it. The same upload twice is one
// stored photo (the key is the content's). The caller records the photo
// on the profile, and deletes the one it replaces.
//
// Codes: Invalid (not an expert's id), TooLarge and UnsupportedType (the
// processor's refusals), Unavailable (the processor or the store could not
// be reached; nothing was stored).
func (p *Photos) Put(ctx context.Context, id string, r io.Reader) (_ *platform.ExpertPhoto, err error) {
	defer platform.Wrap(&err, "Photos.Put(%q)", id)
	if !platform.ValidRecordID(id) {
		return nil, platform.Errorf(platform.Invalid, "%q is not an expert's id", id)
	}
	jpeg, ph, err := p.process(ctx, r, platform.MaxPhotoBytes)
	if err != nil {
		return nil, err
	}
	ph.Key = PhotoKey(id, ph.SHA256)
	if ph.Key == "" || ph.Size != int64(len(jpeg)) {
		return nil, fmt.Errorf("the processor's record does not describe its photo: %+v", ph)
	}
	_, err = p.store.Put(ctx, ph.Key, bytes.NewReader(jpeg), ph.Size, storage.PutOptions{ContentType: "image/jpeg", SHA256: ph.SHA256})
	if err != nil {
		if errors.Is(err, storage.ErrIntegrity) || errors.Is(err, storage.ErrInvalidKey) || ctx.Err() != nil {
			return nil, err
		}
		return nil, &platform.Error{Code: platform.Unavailable, MessageID: "error.upload_unavailable", Message: "object store unavailable", Err: err}
	}
	return ph, nil
}

// Open opens a stored photo for serving; the caller closes it. Codes:
// NotFound (no such photo, or not a photo's key), Unavailable.
func (p *Photos) Open(ctx context.Context, key string) (io.ReadCloser, storage.Object, error) {
	if !isPhotoKey(key) {
		return nil, storage.Object{}, platform.Errorf(platform.NotFound, "%q is not a photo's key", key)
	}
	rc, obj, err := p.store.Get(ctx, key)
	if errors.Is(err, storage.ErrNotExist) {
		return nil, storage.Object{}, platform.Errorf(platform.NotFound, "photo %q not found", key)
	}
	if err != nil {
		return nil, storage.Object{}, storeUnavailable(err)
	}
	return rc, obj, nil
}

// Delete removes a stored photo; a photo already gone is not an error.
// Codes: Invalid (not a photo's key), Unavailable.
func (p *Photos) Delete(ctx context.Context, key string) error {
	if !isPhotoKey(key) {
		return platform.Errorf(platform.Invalid, "%q is not a photo's key", key)
	}
	if err := p.store.Delete(ctx, key); err != nil {
		return storeUnavailable(err)
	}
	return nil
}
