package platform

import (
	"context"
	"fmt"
)

// MaxImportDocuments is the most documents one bulk import takes: each
// import is one batch, written whole or refused, so that a client knows
// exactly which documents an acknowledgement covers.
const MaxImportDocuments = 1000

// DocumentImporter adds many new documents at once. A DocumentService that
// can also import implements it (the web layer checks with a type
// assertion).
type DocumentImporter interface {
	// ImportDocuments checks every input as CreateDocument does and, when
	// all pass, stores them and returns their ids in input order. A refusal
	// stores nothing; an outage of the database (Unavailable) may leave
	// part of the batch stored, searchable like any other document. The
	// refusal of one input (Invalid, Forbidden: its relations, its
	// countries) is an *ImportRefusal that says which. Codes: Invalid,
	// Unauthorized, Forbidden, Unavailable.
	ImportDocuments(ctx context.Context, ins []DocumentInput) ([]string, error)
}

// ImportRefusal is the refusal of one input of a batch import, so that the
// caller can tell the person which line of their file it was.
type ImportRefusal struct {
	// Index is the input's position in the batch, from 0.
	Index int
	// Err is the refusal (a *Error with a message for the reader).
	Err error
}

// Error implements error.
func (e *ImportRefusal) Error() string { return fmt.Sprintf("document %d: %v", e.Index+1, e.Err) }

// Unwrap returns the refusal, whose code is the ImportRefusal's.
func (e *ImportRefusal) Unwrap() error { return e.Err }
