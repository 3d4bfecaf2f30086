package platform

import (
	"context"
	"encoding/json"
	"time"
)

// Audit actions.
const (
	ActionCreate            = "create"
	ActionUpdate            = "update"
	ActionDelete            = "delete"
	ActionDenied            = "denied" // a write refused for lack of rights
	ActionRevoke            = "revoke"
	ActionSignIn            = "sign_in"
	ActionSignInFailed      = "sign_in_failed"
	ActionSignInLimited     = "sign_in_limited"
	ActionSignOut           = "sign_out"
	ActionSignOutEverywhere = "sign_out_everywhere"
	ActionPasswordChanged   = "password_changed"
	ActionLinkCreated       = "link_created"
	ActionLinkUsed          = "link_used"
	ActionDeletionRequested = "deletion_requested"
	ActionExport            = "export"
	ActionErase             = "erase" // a person's data erased
)

// AuditKinds lists the record kinds the audit page offers as a filter.
func AuditKinds() []RecordType {
	return []RecordType{TypeDocument, TypeAttachment, TypeEvent, TypeUser, TypeToken, TypeSession, TypeLink}
}

// AuditEntry is one line of the audit trail: who did what, when, from
// where, to which record, and which fields changed. Entries are only ever
// appended; nothing in the hub changes or removes them.
type AuditEntry struct {
	ID string    `json:"id" bson:"_id"`
	At time.Time `json:"at" bson:"at"`
	// The actor as they were at the time (their name and role may change
	// later; a deactivated user's entries stay).
	ActorID      string     `json:"actorId,omitempty" bson:"actorId,omitempty"`
	ActorName    string     `json:"actorName,omitempty" bson:"actorName,omitempty"`
	ActorRole    string     `json:"actorRole,omitempty" bson:"actorRole,omitempty"`
	ActorCountry string     `json:"actorCountry,omitempty" bson:"actorCountry,omitempty"`
	IP           string     `json:"ip,omitempty" bson:"ip,omitempty"`
	UserAgent    string     `json:"userAgent,omitempty" bson:"userAgent,omitempty"`
	Kind         RecordType `json:"kind" bson:"kind"`
	RecordID     string     `json:"recordId,omitempty" bson:"recordId,omitempty"`
	Action       string     `json:"action" bson:"action"`
	// Countries are the countries concerned: the record's (before and
	// after) and the actor's. The country filter matches any of them.
	Countries []string      `json:"countries" bson:"countries"`
	Changes   []FieldChange `json:"changes,omitempty" bson:"changes,omitempty"`
	// Note adds context in English for the reader of the trail, such as the
	// reason a write was denied or the email a failed sign-in used.
	Note string `json:"note,omitempty" bson:"note,omitempty"`
	// Seq is the change-log number of the write the entry records (none
	// for a refusal or a sign-in): a backup as of a number keeps the
	// entries up to it.
	Seq uint64 `json:"-" bson:"seq,omitempty"`
}

// ForSubject returns the entry as it goes into the export of subject's own
// data (UserExport): what subject did stays whole, with their own address
// and browser; an entry about them written by someone else, or by nobody
// signed in (a failed sign-in with their email), loses the address and the
// browser, which are the other person's and not subject's to get. Who acted
// stays named when it was the secretariat or the hub itself: they act on an
// account in their office, and the owner may ask them why; any other actor
// is left unnamed (their role and country stay).
func (e AuditEntry) ForSubject(subject string) AuditEntry {
	if e.ActorID == subject {
		return e
	}
	e.IP, e.UserAgent = "", ""
	if e.ActorRole != RoleSecretariat && e.ActorID != SystemID {
		e.ActorID, e.ActorName = "", ""
	}
	return e
}

// FieldChange is one field's value before and after a write, as JSON text
// ("" when the field was absent). Long texts are shortened.
type FieldChange struct {
	Field  string `json:"field" bson:"field"`
	Before string `json:"-" bson:"before,omitempty"`
	After  string `json:"-" bson:"after,omitempty"`
}

// MarshalJSON writes Before and After as JSON values rather than strings
// holding JSON.
func (c FieldChange) MarshalJSON() ([]byte, error) {
	raw := func(s string) json.RawMessage {
		if s == "" || !json.Valid([]byte(s)) {
			return json.RawMessage("null")
		}
		return json.RawMessage(s)
	}
	return json.Marshal(struct {
		Field  string          `json:"field"`
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}{c.Field, raw(c.Before), raw(c.After)})
}

// AuditFilter selects audit entries. Zero values do not filter.
type AuditFilter struct {
	ActorID  string
	Country  string
	Kind     RecordType
	Action   string
	RecordID string
	Since    time.Time // inclusive
	Until    time.Time // exclusive
	Offset   int
	Limit    int // 0 means 50; at most 500
}

// AuditService reads the audit trail. There is deliberately no method that
// changes or deletes entries: the persistence layer appends them as part of
// every write.
type AuditService interface {
	// FindAudit returns a page of entries, newest first, and the total that
	// match; the secretariat only. Codes: Unauthorized, Forbidden.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
}
