// Package extract turns the files attached to library documents into plain
// text for the search index, and tells what kind of file a file is from its
// content (never from its name).
//
// Sniff and Text are pure: bytes in, text out, with no I/O of their own
// beyond the reader they are given. The server does not call Text itself:
// Isolated runs it in a child process with limits on memory, stack, time
// and output (RunChild is the child's side), because a parser of untrusted
// files can be made to crash, exhaust or hang the process it runs in.
//
// Text reads PDF (parsed and its fonts decoded by github.com/ledongthuc/pdf,
// after the hub's own check of the file's structure, see pdfcheck.go; the
// lines and the spaces between words are found again from where each glyph
// is drawn, see pdf.go), DOCX and ODT (zip
// containers of XML, read with the standard library), HTML
// (golang.org/x/net/html, honouring the declared charset) and plain text
// (UTF-8, UTF-16 with a byte-order mark, and the legacy Cyrillic code pages
// windows-1251, KOI8-R and CP866 guessed from the letters they produce). The
// text comes out NFC-normalised, so that a Kazakh "қ" or an Uzbek "ў" is one
// code point whatever the producer wrote.
package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/text/unicode/norm"

	"github.com/ca-uncac/hub/platform"
)

// Errors of Sniff and Text.
var (
	// ErrUnsupported means the content is none of the accepted formats.
	ErrUnsupported = errors.New("extract: unsupported file type")
	// ErrNoText means the file was read but holds no text (a scanned PDF,
	// an empty document).
	ErrNoText = errors.New("extract: no text in the file")
	// ErrTooLarge means an archive member is larger than the extractor
	// accepts (a zip bomb, or a document too big to index).
	ErrTooLarge = errors.New("extract: content too large")
)

// MaxChars bounds the text kept from one file, in characters.
const MaxChars = platform.MaxBodyLen

// maxUnzipped bounds how much an archive member may inflate to.
const maxUnzipped = 256 << 20

// sniffLen is how much of the head Sniff looks at, as mimetype does.
const sniffLen = 3072

// Kind is the result of Sniff.
type Kind struct {
	// Format is one of platform.AttachmentFormats().
	Format string
	// ContentType is the media type to serve the file with.
	ContentType string
}

// Media types of the accepted formats.
const (
	typePDF  = "application/pdf"
	typeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	typeODT  = "application/vnd.oasis.opendocument.text"
	typeHTML = "text/html; charset=utf-8"
	typeTXT  = "text/plain; charset=utf-8"
)

// Sniff tells the format of a file of size bytes from its content. Zip
// containers are opened to tell DOCX and ODT from any other zip. Anything
// else (an executable, an image, a spreadsheet) is ErrUnsupported.
func Sniff(r io.ReaderAt, size int64) (Kind, error) {
	head := make([]byte, min(size, sniffLen))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return Kind{}, err
	}
	if len(head) == 0 {
		return Kind{}, ErrUnsupported
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return sniffZip(r, size)
	}
	m := mimetype.Detect(head)
	switch {
	case m.Is("application/pdf"):
		return Kind{platform.FormatPDF, typePDF}, nil
	case m.Is("text/html"):
		return Kind{platform.FormatHTML, typeHTML}, nil
	case m.Is("text/plain") || isUTF16Text(head):
		return Kind{platform.FormatTXT, typeTXT}, nil
	case m.Is("application/octet-stream") && looksLikeLegacyText(head):
		return Kind{platform.FormatTXT, typeTXT}, nil
	}
	return Kind{}, fmt.Errorf("%w: %s", ErrUnsupported, m.String())
}

func sniffZip(r io.ReaderAt, size int64) (Kind, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Kind{}, fmt.Errorf("%w: damaged zip: %v", ErrUnsupported, err)
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return Kind{platform.FormatDOCX, typeDOCX}, nil
		case "mimetype":
			b, err := readMember(f, 200)
			if err == nil && strings.TrimSpace(string(b)) == typeODT {
				return Kind{platform.FormatODT, typeODT}, nil
			}
		}
	}
	return Kind{}, fmt.Errorf("%w: zip archive that is neither DOCX nor ODT", ErrUnsupported)
}

// isUTF16Text reports whether head starts with a UTF-16 byte-order mark and
// decodes to text without control characters.
func isUTF16Text(head []byte) bool {
	if len(head) < 4 || !(head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return false
	}
	s := decodeUTF16(head[:len(head)&^1])
	return !hasBinary(s)
}

// looksLikeLegacyText accepts text in an 8-bit code page: no NUL or other C0
// control bytes besides tab, newlines and form feed, and mostly letters in
// the upper half (Cyrillic in windows-1251, KOI8-R or CP866).
func looksLikeLegacyText(head []byte) bool {
	high := 0
	for _, b := range head {
		switch {
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f':
			return false
		case b == 0x7f:
			return false
		case b >= 0x80:
			high++
		}
	}
	return high > 0
}

func hasBinary(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return true
		}
	}
	return false
}

// Text extracts the plain text of a file of the given format (see Sniff).
// It returns ErrNoText when the file holds no letters. A malformed file is
// an error, never a panic.
func Text(format string, r io.ReaderAt, size int64) (text string, err error) {
	defer func() {
		// The PDF reader panics on some malformed files; such a file is
		// simply one whose text cannot be extracted.
		if v := recover(); v != nil {
			text, err = "", fmt.Errorf("extract %s: malformed file: %v", format, v)
		}
	}()
	switch format {
	case platform.FormatPDF:
		text, err = pdfText(r, size)
	case platform.FormatDOCX:
		text, err = docxText(r, size)
	case platform.FormatODT:
		text, err = odtText(r, size)
	case platform.FormatHTML:
		text, err = htmlText(io.NewSectionReader(r, 0, size))
	case platform.FormatTXT:
		text, err = plainText(io.NewSectionReader(r, 0, size))
	default:
		return "", fmt.Errorf("%w: format %q", ErrUnsupported, format)
	}
	if err != nil {
		return "", err
	}
	text = Clean(text)
	if !hasLetters(text) {
		return "", ErrNoText
	}
	return text, nil
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Clean normalises extracted text: NFC, no control characters but tab and
// newline, no more than one blank line in a row, lines trimmed,
// at most MaxChars characters.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	n := 0
	for line := range strings.SplitSeq(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return r
			case r == '\r' || r == '\f' || r == '\v' || r == '\u00a0':
				return ' '
			case unicode.IsControl(r) || r == '\ufeff' || r == utf8.RuneError:
				return -1
			}
			return r
		}, line)
		line = strings.TrimSpace(line)
		if line == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank > 0 {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.WriteString(line)
		n += utf8.RuneCountInString(line) + 1
		if n >= MaxChars {
			break
		}
	}
	out := b.String()
	if utf8.RuneCountInString(out) > MaxChars {
		out = string([]rune(out)[:MaxChars])
	}
	return out
}

// readMember reads a zip member, refusing to inflate past limit bytes.
func readMember(f *zip.File, limit int64) ([]byte, error) {
	rc, err := openMember(f, limit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// openMember opens a zip member for streaming; reading past limit bytes
// fails with ErrTooLarge, whatever the archive claims the size is.
func openMember(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, ErrTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &capped{rc: rc, left: limit}, nil
}

// capped reads at most left bytes, then fails with ErrTooLarge.
type capped struct {
	rc   io.ReadCloser
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One more byte available means the member is too large.
		var one [1]byte
		if n, _ := c.rc.Read(one[:]); n > 0 {
			return 0, ErrTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *capped) Close() error { return c.rc.Close() }

// enough reports whether out holds more text than is kept anyway, so that
// a reader can stop early.
func enough(out *strings.Builder) bool { return out.Len() > 4*MaxChars }
