package experts

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// Photos. An upload is read whole into memory (it is at most
// platform.MaxPhotoBytes, and the photo store decodes it whole anyway),
// after the permission is checked: what is too large is cut off at the
// limit (413). Whether it is an image the hub takes (415) is the photo
// store's to say, which makes the photo where a hostile file cannot harm
// the server. The photo is served only to readers who may see the
// profile's photo field.

// photoFormats names the image types the photo store takes, for people.
const photoFormats = "JPEG, PNG, WebP, GIF"

func noUpload(format string, args ...any) error {
	return platform.Localized(platform.Invalid, "experts.error.no_photo_upload", map[string]any{"Field": "photo"}, format, args...)
}

func tooLarge() error {
	return platform.Localized(web.CodeTooLarge, "experts.error.upload_too_large", map[string]any{"Limit": web.HumanBytes(platform.MaxPhotoBytes)},
		"photo over %d bytes", platform.MaxPhotoBytes)
}

// photo answers GET /api/v1/experts/{id}/photo: the JPEG, to readers who
// may see the profile's photo.
func (s *server) photo(c *gin.Context) {
	if s.Photos == nil {
		s.noService(c)
		return
	}
	v, ok := s.expert(c)
	if !ok {
		return
	}
	if !v.Sees(platform.FieldPhoto) || v.Photo == nil {
		s.WriteError(c, platform.Localized(platform.NotFound, "experts.error.no_photo", nil, "no photo of expert %s", v.ID))
		return
	}
	etag := `"` + v.Photo.SHA256 + `"`
	// The photo is personal data under the expert's consent: caches keep it
	// for this reader only, and ask again, so that a withdrawn consent
	// holds at once.
	c.Header("Cache-Control", "private, no-cache")
	c.Header("ETag", etag)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	rc, err := s.Photos.OpenPhoto(c.Request.Context(), v.Photo)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	defer rc.Close()
	c.DataFromReader(http.StatusOK, v.Photo.Size, "image/jpeg", rc, map[string]string{"Content-Disposition": "inline"})
}

// readPhoto reads an upload: a multipart form's "photo" (or "file") part,
// or the raw body. Permission to change profile id is checked first.
func (s *server) readPhoto(c *gin.Context, id string) ([]byte, error) {
	if err := s.PhotoRecords.CheckExpertEdit(c.Request.Context(), id); err != nil {
		return nil, err
	}
	const slack = 64 << 10 // a multipart form's headers and boundaries
	limit := int64(platform.MaxPhotoBytes)
	if c.Request.ContentLength > limit+slack {
		c.Header("Connection", "close")
		return nil, tooLarge()
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit+slack)
	var r io.Reader = c.Request.Body
	media, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if media == "multipart/form-data" {
		mr, err := c.Request.MultipartReader()
		if err != nil {
			return nil, noUpload("not a multipart upload: %v", err)
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				return nil, uploadError(err)
			}
			if name := part.FormName(); name == "photo" || name == "file" {
				r = part
				break
			}
			part.Close()
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return nil, uploadError(err)
	case int64(len(data)) > limit:
		c.Header("Connection", "close")
		return nil, tooLarge()
	case len(data) == 0:
		return nil, noUpload("empty upload")
	}
	return data, nil
}

func uploadError(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return tooLarge()
	}
	if errors.Is(err, io.EOF) {
		return noUpload("no photo in the upload")
	}
	return noUpload("broken upload: %v", err)
}

// setPhoto stores data as profile id's photo (nil data: removes it) and
// removes the photo it replaces from the store.
func (s *server) setPhoto(ctx context.Context, id string, data []byte) (*platform.ExpertPhoto, error) {
	var p *platform.ExpertPhoto
	if data != nil {
		var err error
		if p, err = s.Photos.PutPhoto(ctx, id, data); err != nil {
			return nil, err
		}
	}
	old, err := s.PhotoRecords.SetExpertPhoto(ctx, id, p)
	if err != nil {
		if p != nil {
			_ = s.Photos.DeletePhoto(context.WithoutCancel(ctx), p)
		}
		return nil, err
	}
	if old != nil && (p == nil || old.Key != p.Key) {
		// The record no longer names it; a failure here leaves an orphan in
		// the store, never a broken profile.
		_ = s.Photos.DeletePhoto(context.WithoutCancel(ctx), old)
	}
	return p, nil
}

// apiPutPhoto answers PUT /api/v1/experts/{id}/photo: an image as the raw
// body or a multipart form's "photo".
func (s *server) apiPutPhoto(c *gin.Context) {
	if s.Photos == nil || s.PhotoRecords == nil {
		s.noService(c)
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	data, err := s.readPhoto(c, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	p, err := s.setPhoto(c.Request.Context(), id, data)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// apiDeletePhoto answers DELETE /api/v1/experts/{id}/photo.
func (s *server) apiDeletePhoto(c *gin.Context) {
	if s.Photos == nil || s.PhotoRecords == nil {
		s.noService(c)
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	if _, err := s.setPhoto(c.Request.Context(), id, nil); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// photoSubmit handles the profile page's photo form.
func (s *server) photoSubmit(c *gin.Context) {
	if s.Photos == nil || s.PhotoRecords == nil {
		s.noService(c)
		return
	}
	s.action(c, "photo", func(ctx context.Context, id string) error {
		data, err := s.readPhoto(c, id)
		if err != nil {
			return err
		}
		_, err = s.setPhoto(ctx, id, data)
		return err
	})
}

// photoDeleteSubmit handles the profile page's button that removes the
// photo.
func (s *server) photoDeleteSubmit(c *gin.Context) {
	if s.Photos == nil || s.PhotoRecords == nil {
		s.noService(c)
		return
	}
	s.action(c, "photo", func(ctx context.Context, id string) error {
		_, err := s.setPhoto(ctx, id, nil)
		return err
	})
}
