package library

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// maxImportBody is the largest import body: a full batch of documents of
// the largest JSON body each, within the upload limit.
func (s *server) maxImportBody() int64 {
	return min(int64(platform.MaxImportDocuments)*s.MaxBody, s.maxUpload())
}

// importDocuments answers POST /api/v1/documents/import: the body holds one
// DocumentInput JSON object per line (newline-delimited JSON, as `hub
// import` reads files), at most platform.MaxImportDocuments of them. Every
// line is decoded and checked before anything is written; the first bad
// line is refused by its number (400, 413 for a line over the JSON body
// limit). The documents are then stored as one batch, and 201 acknowledges
// them all with their ids in line order; a document the store refuses (a
// relation to a document that does not exist, a country the importer may
// not write for: 400, 403) is refused by its line's number too.
func (s *server) importDocuments(c *gin.Context) {
	ctx := c.Request.Context()
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	imp, ok := s.Documents.(platform.DocumentImporter)
	if !ok {
		s.WriteError(c, platform.Localized(platform.Unavailable, "error.unavailable", map[string]any{"Part": "import"}, "no importer"))
		return
	}
	limit := s.maxImportBody()
	if c.Request.ContentLength > limit {
		c.Header("Connection", "close")
		s.WriteError(c, platform.Localized(web.CodeTooLarge, "error.too_large", map[string]any{"Limit": web.HumanBytes(limit)}, "import over %d bytes", limit))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	ins, lines, line, err := s.decodeImport(c.Request.Body)
	if err != nil {
		if line > 0 {
			err = s.lineError(c, line, err)
		}
		if platform.ErrorCode(err) == web.CodeTooLarge {
			c.Header("Connection", "close")
		}
		s.WriteError(c, err)
		return
	}
	for i := range ins {
		ins[i].Normalize()
		if err := ins[i].Validate(); err != nil {
			s.WriteError(c, s.lineError(c, lines[i], err))
			return
		}
	}
	ids, err := imp.ImportDocuments(ctx, ins)
	if err != nil {
		// A refusal of one document (a relation to a document that does
		// not exist, a country the importer may not write for) names its
		// line as a refusal of its JSON does; one of the importer (not
		// signed in) is about no line.
		var refusal *platform.ImportRefusal
		if errors.As(err, &refusal) && refusal.Index >= 0 && refusal.Index < len(lines) && platform.ErrorCode(err) != platform.Unauthorized {
			err = s.lineError(c, lines[refusal.Index], refusal.Err)
		}
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"imported": len(ids), "ids": ids})
}

// lineError puts a line's number before its refusal, translated into the
// reader's language, keeping the refusal's code.
func (s *server) lineError(c *gin.Context, line int, err error) error {
	e := platform.AsError(err)
	if e == nil || e.MessageID == "" || e.Code == platform.Internal {
		return err
	}
	detail := s.Localizer(c).T(e.MessageID, e.Data)
	return &platform.Error{Code: e.Code, MessageID: "error.import_line", Data: map[string]any{"Number": line, "Detail": detail},
		Message: "line " + strconv.Itoa(line), Err: err}
}

// decodeImport reads newline-delimited DocumentInput objects strictly (one
// JSON object per line, no unknown fields; blank lines are skipped) and
// the line number of each. On a refusal it returns the number of the line
// at fault (0 when the refusal is about the whole body).
func (s *server) decodeImport(r io.Reader) (ins []platform.DocumentInput, lines []int, bad int, err error) {
	br := bufio.NewReaderSize(r, int(min(s.MaxBody, 64<<20))+1)
	// A UTF-8 byte order mark, which some editors put at the start of a
	// file, is not part of the first line (only there: elsewhere it is the
	// JSON decoder's to refuse).
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) || len(b) > int(s.MaxBody)+1 {
			return nil, nil, line, platform.Localized(web.CodeTooLarge, "error.too_large", map[string]any{"Limit": web.HumanBytes(s.MaxBody)}, "line over %d bytes", s.MaxBody)
		}
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, nil, 0, platform.Localized(web.CodeTooLarge, "error.too_large", map[string]any{"Limit": web.HumanBytes(maxErr.Limit)}, "import over %d bytes", maxErr.Limit)
		}
		if err != nil && err != io.EOF {
			return nil, nil, 0, platform.Localized(platform.Invalid, "error.bad_json", map[string]any{"Detail": err.Error()}, "reading the body: %v", err)
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			if len(ins) == platform.MaxImportDocuments {
				return nil, nil, 0, platform.Localized(platform.Invalid, "error.import_too_many", map[string]any{"Limit": platform.MaxImportDocuments},
					"more than %d documents", platform.MaxImportDocuments)
			}
			in, derr := decodeLine(t)
			if derr != nil {
				return nil, nil, line, s.JSONError(derr)
			}
			ins, lines = append(ins, in), append(lines, line)
		}
		if err == io.EOF {
			break
		}
	}
	if len(ins) == 0 {
		return nil, nil, 0, platform.Localized(platform.Invalid, "error.import_empty", nil, "no documents")
	}
	return ins, lines, 0, nil
}

// utf8BOM is the UTF-8 byte order mark.
var utf8BOM = []byte("\ufeff")

// decodeLine decodes one line as exactly one DocumentInput object.
func decodeLine(b []byte) (platform.DocumentInput, error) {
	var in platform.DocumentInput
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	return in, err
}
