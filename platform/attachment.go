package platform

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment formats the library accepts. The format is sniffed from the
// content, never taken from the file name.
const (
	FormatPDF  = "pdf"
	FormatDOCX = "docx"
	FormatODT  = "odt"
	FormatHTML = "html"
	FormatTXT  = "txt"
)

// AttachmentFormats lists the accepted formats.
func AttachmentFormats() []string {
	return []string{FormatPDF, FormatDOCX, FormatODT, FormatHTML, FormatTXT}
}

// attachmentPicker gives, for each accepted format in the order of
// AttachmentFormats, the file name endings and media types a browser's file
// picker knows it by.
var attachmentPicker = map[string]struct{ endings, types []string }{
	FormatPDF:  {[]string{".pdf"}, []string{"application/pdf"}},
	FormatDOCX: {[]string{".docx"}, []string{"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}},
	FormatODT:  {[]string{".odt"}, []string{"application/vnd.oasis.opendocument.text"}},
	FormatHTML: {[]string{".html", ".htm"}, []string{"text/html"}},
	FormatTXT:  {[]string{".txt"}, []string{"text/plain"}},
}

// AttachmentFormatNames names the accepted formats for people, as a refusal
// and an upload form say them: "PDF, DOCX, ODT, HTML, TXT".
func AttachmentFormatNames() string {
	return strings.ToUpper(strings.Join(AttachmentFormats(), ", "))
}

// AttachmentAccept is the accept attribute of a file input for the accepted
// formats: their name endings, then their media types. It only hints the
// browser's file picker; the hub trusts the content alone.
func AttachmentAccept() string {
	var endings, types []string
	for _, f := range AttachmentFormats() {
		endings = append(endings, attachmentPicker[f].endings...)
		types = append(types, attachmentPicker[f].types...)
	}
	return strings.Join(append(endings, types...), ",")
}

// TextState is where an attachment's text extraction stands.
type TextState string

// States of an attachment's text extraction.
const (
	// TextPending: waiting for the extraction worker (also while it works).
	TextPending TextState = "pending"
	// TextDone: the text was extracted and is searchable.
	TextDone TextState = "done"
	// TextFailed: no text could be extracted; the file is kept but it is
	// not searchable.
	TextFailed TextState = "failed"
)

// Attachment is a file attached to a document, kept in the object store
// under a key derived from its content.
type Attachment struct {
	ID         string `json:"id" bson:"_id"`
	DocumentID string `json:"documentId" bson:"docId"`
	// Name is the file name the uploader gave; it is shown and offered when
	// downloading, never used as a storage key.
	Name string `json:"name" bson:"name"`
	// Lang is the language of the file's text.
	Lang        string `json:"lang,omitempty" bson:"lang,omitempty"`
	Format      string `json:"format" bson:"format"`
	ContentType string `json:"contentType" bson:"contentType"`
	Size        int64  `json:"size" bson:"size"`
	SHA256      string `json:"sha256" bson:"sha256"`
	// Key is the object store key (storage.ContentKey of SHA256).
	Key string `json:"-" bson:"key"`
	// TextState is TextPending, TextDone or TextFailed.
	TextState TextState `json:"textState" bson:"textState"`
	// Searchable reports whether the extracted text is in the search index.
	Searchable bool `json:"searchable" bson:"searchable"`
	// TextChars is the number of characters extracted.
	TextChars int `json:"textChars,omitempty" bson:"textChars,omitempty"`
	// TextError says, for the log and the API, why extraction failed (to
	// members only: see ForReader).
	TextError string    `json:"textError,omitempty" bson:"textError,omitempty"`
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
	CreatedBy string    `json:"createdBy,omitempty" bson:"createdBy,omitempty"`
	// Seq is the change-log sequence of the last write of this record.
	Seq uint64 `json:"-" bson:"seq"`
	// LeaseUntil is when a worker's claim on a pending extraction lapses.
	LeaseUntil *time.Time `json:"-" bson:"leaseUntil,omitempty"`
	// Tries counts extraction attempts, so that a file that crashes the
	// worker is given up on.
	Tries int `json:"-" bson:"tries,omitempty"`
}

// ForReader returns the attachment as u (nil: anonymous) may see it. Who
// uploaded it (CreatedBy) and the extractor's own words on why its text
// could not be extracted (TextError) are for the platform's signed-in
// members only: a member may need to replace the file or ask the uploader,
// while the public needs only the marker that the file is not searchable
// (TextState and Searchable, which everybody sees). The extractor's words
// are English and can name the hub's internals; a user id lets a stranger
// tell accounts apart. An attachment is returned as it is to a member, and
// as a copy without those two fields to anyone else.
func (a *Attachment) ForReader(u *User) *Attachment {
	if CanSee(u, Members) {
		return a
	}
	c := *a
	c.TextError, c.CreatedBy = "", ""
	return &c
}

// AttachmentUpload is a file to attach. The web layer has already streamed
// it to a temporary place, measured it, hashed it and sniffed its format.
type AttachmentUpload struct {
	Name        string
	Lang        string // "" when the uploader did not say
	Format      string
	ContentType string
	Size        int64
	SHA256      string
	// Content is read once, from the start, for Size bytes.
	Content io.Reader
}

// AttachmentText is the text extracted from an attachment, in its language.
type AttachmentText struct {
	AttachmentID string
	Lang         string
	Text         string
}

// MaxAttachmentNameLen bounds the length of an attachment's name.
const MaxAttachmentNameLen = 255

// CleanAttachmentName makes a user-supplied file name safe to show and to
// offer for download: the base name only, without control characters, at
// most MaxAttachmentNameLen characters, a longer name shortened before its
// extension (which is kept).
func CleanAttachmentName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || (r >= 0x80 && r < 0xa0) || r == '\u202e' || r == '\u202d' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > MaxAttachmentNameLen {
		// The ending tells the reader's system what opens the file: it
		// stays, and the rest of the name is shortened.
		ext := []rune(attachmentExt(name))
		stem := strings.TrimRight(string(r[:MaxAttachmentNameLen-len(ext)]), " .")
		name = stem + string(ext)
	}
	if name == "" || name == "." || name == ".." {
		name = "file"
	}
	return name
}

// maxExtLen is the longest ending CleanAttachmentName keeps as an extension
// when it shortens a name.
const maxExtLen = 16

// attachmentExt is the name's extension with its dot (".pdf"), or "" when
// it has none: a dot that does not start the name, followed by at most
// maxExtLen letters or digits.
func attachmentExt(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	ext := name[i:]
	if n := utf8.RuneCountInString(ext) - 1; n == 0 || n > maxExtLen {
		return ""
	}
	for _, r := range ext[1:] {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return ""
		}
	}
	return ext
}

// AttachmentService keeps the files attached to documents, obeying each
// document's visibility and who may edit it.
type AttachmentService interface {
	// CheckAttach reports whether the user in ctx may attach files to the
	// document, before any upload is read. Codes: NotFound, Unauthorized,
	// Forbidden.
	CheckAttach(ctx context.Context, docID string) error
	// CreateAttachment stores a file and records it as pending extraction.
	// If the document is deleted meanwhile, nothing is left behind. Codes:
	// Invalid, NotFound, Unauthorized, Forbidden.
	CreateAttachment(ctx context.Context, docID string, up AttachmentUpload) (*Attachment, error)
	// FindAttachments lists a document's attachments, oldest first, as the
	// user in ctx may see them (Attachment.ForReader). Codes: NotFound (the
	// document, also when the user may not see it).
	FindAttachments(ctx context.Context, docID string) ([]*Attachment, error)
	// FindAttachment returns one attachment of a document, as the user in
	// ctx may see it (Attachment.ForReader). Codes: NotFound.
	FindAttachment(ctx context.Context, docID, id string) (*Attachment, error)
	// OpenAttachment opens an attachment's content for reading; the caller
	// closes it. Codes: NotFound.
	OpenAttachment(ctx context.Context, docID, id string) (io.ReadCloser, *Attachment, error)
	// AttachmentURL returns a short-lived URL of the content that needs no
	// further permission check. Codes: NotFound.
	AttachmentURL(ctx context.Context, docID, id string, expiry time.Duration) (string, error)
	// DeleteAttachment removes an attachment. Codes: NotFound,
	// Unauthorized, Forbidden.
	DeleteAttachment(ctx context.Context, docID, id string) error
}
