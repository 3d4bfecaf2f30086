package platform

import "context"

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
	// part of the batch stored, searchable like any other document. Codes:
	// Invalid, Unauthorized, Forbidden, Unavailable.
	ImportDocuments(ctx context.Context, ins []DocumentInput) ([]string, error)
}
