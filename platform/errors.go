// Package platform is the hub's domain: the records it keeps (documents,
// events, users and their tokens), the rules that apply to them and the
// service interfaces that the persistence and web packages implement and use.
// It imports no database, web or search library.
package platform

import (
	"errors"
	"fmt"
)

// Error codes. Each service method's comment names the codes it returns;
// any other error counts as Internal.
const (
	Invalid      = "invalid"
	NotFound     = "not_found"
	Conflict     = "conflict"
	Unauthorized = "unauthorized"
	Forbidden    = "forbidden"
	Unavailable  = "unavailable"
	Internal     = "internal"
	// TooLarge refuses a body, an upload or a file's content over its
	// limit (bytes, or an image's pixels).
	TooLarge = "too_large"
	// UnsupportedType refuses a file of a type the hub does not take, or
	// one that is not what it claims to be.
	UnsupportedType = "unsupported_type"
)

// Error is the hub's one error type. Message is for the server log and for
// programs (English); MessageID and Data let the web layer show the reader a
// translated message. Internal details never go into MessageID or Data.
type Error struct {
	Code      string
	MessageID string
	Data      map[string]any
	Message   string
	Err       error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and an English message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Localized returns an Error with a message id for the reader and the data
// the translated message needs.
func Localized(code, messageID string, data map[string]any, format string, args ...any) *Error {
	return &Error{Code: code, MessageID: messageID, Data: data, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: the Code of the first *Error in its
// chain, or Internal for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// AsError returns the first *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Wrap annotates *errp, when it is not nil, with the operation that failed,
// keeping its code. Use it as `defer platform.Wrap(&err, "op(%q)", id)`.
func Wrap(errp *error, format string, args ...any) {
	if *errp == nil {
		return
	}
	*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
}
