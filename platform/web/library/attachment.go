package library

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/storage"
)

// DefaultMaxUpload is the largest attachment accepted when the Module does
// not say (HUB_MAX_UPLOAD).
const DefaultMaxUpload = 50 << 20

// multipartSlack is what a multipart body may carry beyond the file itself:
// boundaries, part headers, the language field.
const multipartSlack = 64 << 10

func (s *server) maxUpload() int64 {
	if s.MaxUpload > 0 {
		return s.MaxUpload
	}
	return DefaultMaxUpload
}

func (s *server) tooLarge() error {
	return platform.Localized(web.CodeTooLarge, "error.attachment_too_large", map[string]any{"Limit": web.HumanBytes(s.maxUpload())},
		"upload over %d bytes", s.maxUpload())
}

// receiveUpload reads a multipart upload (field "file", optional "lang")
// for a document and attaches it. Permission is checked before a byte of
// the body is read; a body announced too large is refused unread, and one
// that turns out too large is cut off at the limit: the file streams to a
// temporary file, never into memory. Its type is sniffed from the content.
func (s *server) receiveUpload(c *gin.Context, docID string) (*platform.Attachment, error) {
	if s.Attachments == nil {
		return nil, platform.Localized(platform.Unavailable, "error.unavailable", map[string]any{"Part": "storage"}, "no attachment service")
	}
	ctx := c.Request.Context()
	if err := s.Attachments.CheckAttach(ctx, docID); err != nil {
		return nil, err
	}
	limit := s.maxUpload()
	if c.Request.ContentLength > limit+multipartSlack {
		c.Header("Connection", "close")
		return nil, s.tooLarge()
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit+multipartSlack)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, platform.Localized(platform.Invalid, "error.attachment_no_file", nil, "not a multipart upload: %v", err)
	}
	var (
		tmp          *os.File
		size         int64
		sum          string
		name, lang   string
		sawFile      bool
		readingError error
	)
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			readingError = err
			break
		}
		switch part.FormName() {
		case "lang":
			b, _ := io.ReadAll(io.LimitReader(part, 16))
			lang = strings.TrimSpace(string(b))
		case "file":
			if sawFile {
				return nil, platform.Localized(platform.Invalid, "error.attachment_one_file", nil, "more than one file")
			}
			sawFile = true
			name = part.FileName()
			tmp, err = os.CreateTemp(s.TempDir, "hub-upload-*")
			if err != nil {
				return nil, err
			}
			h := sha256.New()
			size, err = io.Copy(io.MultiWriter(tmp, h), io.LimitReader(part, limit+1))
			if err != nil {
				readingError = err
				break
			}
			if size > limit {
				c.Header("Connection", "close")
				return nil, s.tooLarge()
			}
			sum = hex.EncodeToString(h.Sum(nil))
		}
		part.Close()
		if readingError != nil {
			break
		}
	}
	if readingError != nil {
		var maxErr *http.MaxBytesError
		if errors.As(readingError, &maxErr) {
			c.Header("Connection", "close")
			return nil, s.tooLarge()
		}
		return nil, platform.Localized(platform.Invalid, "error.attachment_no_file", nil, "broken upload: %v", readingError)
	}
	if !sawFile || size == 0 {
		return nil, platform.Localized(platform.Invalid, "error.attachment_no_file", nil, "no file in the upload")
	}
	if lang != "" && !platform.ValidLanguage(lang) {
		return nil, platform.Localized(platform.Invalid, "error.bad_language", map[string]any{"Value": lang}, "unsupported language %q", lang)
	}
	kind, err := extract.Sniff(tmp, size)
	if errors.Is(err, extract.ErrUnsupported) {
		return nil, platform.Localized(web.CodeUnsupportedType, "error.attachment_type", map[string]any{"Value": platform.AttachmentFormatNames()}, "%v", err)
	}
	if err != nil {
		return nil, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return s.Attachments.CreateAttachment(ctx, docID, platform.AttachmentUpload{
		Name: name, Lang: lang, Format: kind.Format, ContentType: kind.ContentType, Size: size, SHA256: sum, Content: tmp,
	})
}

// apiUpload answers POST /api/v1/documents/{id}/attachments.
func (s *server) apiUpload(c *gin.Context) {
	id, ok := s.docID(c)
	if !ok {
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	a, err := s.receiveUpload(c, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/documents/"+id+"/attachments/"+a.ID)
	c.JSON(http.StatusCreated, a)
}

// uploadPage answers the upload form of a document's page.
func (s *server) uploadPage(c *gin.Context) {
	id := c.Param("id")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.document_not_found", nil, "bad id %q", id))
		return
	}
	if _, err := s.receiveUpload(c, id); err != nil {
		if platform.ErrorCode(err) == platform.Unauthorized {
			s.ToSignIn(c)
			return
		}
		s.WriteError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/library/"+id+"?uploaded=1#attachments")
}

// apiAttachments answers GET /api/v1/documents/{id}/attachments.
func (s *server) apiAttachments(c *gin.Context) {
	id, ok := s.docID(c)
	if !ok || !s.haveAttachments(c) {
		return
	}
	list, err := s.Attachments.FindAttachments(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"attachments": list})
}

func (s *server) haveAttachments(c *gin.Context) bool {
	if s.Attachments == nil {
		s.WriteError(c, platform.Localized(platform.Unavailable, "error.unavailable", map[string]any{"Part": "storage"}, "no attachment service"))
		return false
	}
	return true
}

// apiDeleteAttachment answers DELETE /api/v1/documents/{id}/attachments/{attachmentId}.
func (s *server) apiDeleteAttachment(c *gin.Context) {
	id, ok := s.docID(c)
	if !ok || !s.haveAttachments(c) {
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	aid := c.Param("attachmentId")
	if !platform.ValidRecordID(aid) {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.attachment_not_found", nil, "bad id %q", aid))
		return
	}
	if err := s.Attachments.DeleteAttachment(c.Request.Context(), id, aid); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// download sends an attachment through the hub, after the visibility check
// of its document. PDF and plain text (in its own charset) open in the
// browser; other formats
// (HTML above all, which could carry script) download, and every file is
// served sandboxed.
func (s *server) download(c *gin.Context) {
	id, aid := c.Param("id"), c.Param("attachmentId")
	if !platform.ValidRecordID(id) || !platform.ValidRecordID(aid) {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.attachment_not_found", nil, "bad id"))
		return
	}
	if !s.haveAttachments(c) {
		return
	}
	rc, a, err := s.Attachments.OpenAttachment(c.Request.Context(), id, aid)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	defer rc.Close()
	etag := `"` + a.SHA256 + `"`
	h := c.Writer.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age=300")
	if match := c.GetHeader("If-None-Match"); match != "" && strings.Contains(match, etag) {
		c.Status(http.StatusNotModified)
		return
	}
	disposition := storage.ContentDisposition(a.Name)
	if a.Format == platform.FormatPDF || a.Format == platform.FormatTXT {
		disposition = "inline" + strings.TrimPrefix(disposition, "attachment")
	}
	ct := a.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil || ct == "" {
		ct = "application/octet-stream"
	}
	var body io.Reader = rc
	if a.Format == platform.FormatTXT {
		// Plain text opens in the browser: it must be told the charset
		// the file is in (charset.go), which the stored type does not say.
		head := make([]byte, min(a.Size, charsetHead))
		n, err := io.ReadFull(rc, head)
		if err != nil && err != io.ErrUnexpectedEOF {
			s.WriteError(c, err)
			return
		}
		ct = "text/plain; charset=" + extract.Charset(head[:n], int64(n) >= a.Size)
		body = io.MultiReader(bytes.NewReader(head[:n]), rc)
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'")
	h.Set("X-Content-Type-Options", "nosniff")
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return
	}
	if _, err := io.Copy(c.Writer, body); err != nil {
		s.Logger.Warn("sending an attachment stopped", "attachment", aid, "err", err)
	}
}
