package platform

import (
	"context"
	"time"
)

// RecordType names a kind of record the hub keeps. The change log, the
// indexer's sources, search hits and the audit trail are all keyed on it, so
// a new record type is one constant here, not a new set of names per layer.
type RecordType string

// Record types. Documents, provisions and events are searched; the others
// are written through the same write path and audited.
const (
	TypeDocument RecordType = "document"
	// TypeProvision is a law's provision, indexed as a hit of its own (id
	// "<document id>/p/<key>"); it is stored inside its document.
	TypeProvision RecordType = "provision"
	TypeEvent     RecordType = "event"
	// TypeAttachment is a file attached to a library document.
	TypeAttachment RecordType = "attachment"
	TypeUser       RecordType = "user"
	TypeToken      RecordType = "token"
	TypeSession    RecordType = "session"
	TypeLink       RecordType = "link"
	// TypeRegistration is a person's registration for an event.
	TypeRegistration RecordType = "registration"
	// TypeNotice is a message to a participant about their registration.
	TypeNotice RecordType = "notice"
	// TypeEvaluation is an event's pre- and post-test and satisfaction
	// questionnaire (its id is the event's); TypeEvaluationAnswer a
	// participant's answer to one of its phases.
	TypeEvaluation       RecordType = "evaluation"
	TypeEvaluationAnswer RecordType = "evaluation_answer"
)

// ChangeOp is what a change did to its record.
type ChangeOp string

// Change operations.
const (
	OpUpsert ChangeOp = "upsert"
	OpDelete ChangeOp = "delete"
)

// Change is one entry of the change log: record ID of Type was written
// (OpUpsert) or removed (OpDelete). Seq is strictly increasing across all
// processes that share the database.
type Change struct {
	Seq  uint64     `bson:"_id"`
	Type RecordType `bson:"coll"`
	ID   string     `bson:"rid"`
	Op   ChangeOp   `bson:"op"`
	At   time.Time  `bson:"at"`
}

// ChangeLog is the ordered log of writes that search indexes follow.
type ChangeLog interface {
	// Since returns up to limit changes with Seq > seq, in Seq order.
	Since(ctx context.Context, seq uint64, limit int) ([]Change, error)
	// LastSeq returns the highest sequence handed out so far (0 if none).
	LastSeq(ctx context.Context) (uint64, error)
}
