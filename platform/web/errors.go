package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// statuses maps error codes to HTTP statuses: the one table of its kind.
var statuses = map[string]int{
	platform.Invalid:      http.StatusBadRequest,
	platform.NotFound:     http.StatusNotFound,
	platform.Conflict:     http.StatusConflict,
	platform.Unauthorized: http.StatusUnauthorized,
	platform.Forbidden:    http.StatusForbidden,
	platform.Unavailable:  http.StatusServiceUnavailable,
	platform.Internal:     http.StatusInternalServerError,
	CodeTooLarge:          http.StatusRequestEntityTooLarge,
	codeMethod:            http.StatusMethodNotAllowed,
	platform.RateLimited:  http.StatusTooManyRequests,
	CodeUnsupportedType:   http.StatusUnsupportedMediaType,
}

// Codes of the web layer. The first two are the platform's own (services
// that read files refuse them too), named here as the web layer has always
// named them.
const (
	// CodeTooLarge refuses a body, upload or line over its limit (413).
	CodeTooLarge = platform.TooLarge
	// CodeUnsupportedType refuses a file of a type the hub does not take
	// (415).
	CodeUnsupportedType = platform.UnsupportedType
	codeMethod          = "method"
)

// errorBody is the JSON form of an error.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Localizer returns the localizer of the reader's language.
func (s *Server) Localizer(c *gin.Context) *i18n.Localizer {
	return s.Bundle.Localizer(Lang(c))
}

// WriteError answers with err's status and a message in the reader's
// language; internal details go to the log only.
func (s *Server) WriteError(c *gin.Context, err error) {
	status, msg := s.Explain(c, err)
	if IsPage(c) {
		s.renderError(c, status, msg)
		return
	}
	var body errorBody
	body.Error.Code, body.Error.Message = platform.ErrorCode(err), msg
	c.AbortWithStatusJSON(status, body)
}

// DecodeJSON reads a JSON body strictly into v: one value, no unknown
// fields, within the size limit. Its errors carry messages for the reader.
func (s *Server) DecodeJSON(c *gin.Context, v any) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBody)
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	return s.JSONError(err)
}

// JSONError turns a failure of decoding JSON into an error with a message
// for the reader (nil stays nil).
func (s *Server) JSONError(err error) error {
	if err == nil {
		return nil
	}
	var (
		maxErr    *http.MaxBytesError
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &maxErr):
		return platform.Localized(CodeTooLarge, "error.too_large", map[string]any{"Limit": HumanBytes(s.MaxBody)}, "body over %d bytes", s.MaxBody)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "(body)"
		}
		return platform.Localized(platform.Invalid, "error.wrong_type", map[string]any{"Field": field, "Expected": jsonKind(typeErr.Type.Kind().String())}, "wrong type for %s", field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return platform.Localized(platform.Invalid, "error.unknown_field", map[string]any{"Field": field}, "unknown field %q", field)
	case errors.As(err, &syntaxErr):
		detail := err.Error() + " (offset " + strconv.FormatInt(syntaxErr.Offset, 10) + ")"
		return platform.Localized(platform.Invalid, "error.bad_json", map[string]any{"Detail": detail}, "bad JSON: %v", err)
	case errors.Is(err, io.EOF):
		return platform.Localized(platform.Invalid, "error.bad_json", map[string]any{"Detail": "empty body"}, "empty body")
	default:
		return platform.Localized(platform.Invalid, "error.bad_json", map[string]any{"Detail": strings.TrimPrefix(err.Error(), "json: ")}, "bad JSON: %v", err)
	}
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(kind string) string {
	switch kind {
	case "slice", "array":
		return "array"
	case "map", "struct":
		return "object"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "number"
	case "bool":
		return "boolean"
	}
	return kind
}

// HumanBytes writes a limit for people: "50 MB", "64 KB", "100 B".
func HumanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// Status is the HTTP status that answers err, by its code; an error
// without a known code is internal (500).
func Status(err error) int {
	if status, ok := statuses[platform.ErrorCode(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// Explain returns the HTTP status of err and its message in the reader's
// language (internal details go to the log only). An error that says how
// long to wait (Data "Wait", a time.Duration: a rate limit, a busy search)
// sets Retry-After.
func (s *Server) Explain(c *gin.Context, err error) (int, string) {
	code := platform.ErrorCode(err)
	status := Status(err)
	l := s.Localizer(c)
	msg := l.T("error.internal")
	e := platform.AsError(err)
	if e != nil && e.MessageID != "" && code != platform.Internal {
		msg = l.T(e.MessageID, e.Data)
	}
	if e != nil {
		if wait, ok := e.Data["Wait"].(time.Duration); ok && wait > 0 {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		}
	}
	if status >= 500 {
		s.Logger.Error("request failed", append(requestAttrs(c), "err", err)...)
	}
	return status, msg
}
