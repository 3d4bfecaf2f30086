package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// This file is the hub's one write path. Every create, update and delete of
// every record type goes through commit: it takes the change-log numbers,
// has the caller store the records carrying them, appends the change
// records (filling the numbers of a failed write so that indexes following
// the log never wait for them) and writes the audit entries. A new record
// type calls write with its own store function and adds no copy of this.

// change is one change-log entry of a write.
type change struct {
	typ platform.RecordType
	id  string
	op  platform.ChangeOp
	// rec, when set, is the record as stored: the mirror takes it from
	// here rather than reading it back (see mirror).
	rec any
}

// write is what one record's write adds to the log and the trail.
type write struct {
	// changes are the write's change-log entries, the record itself
	// first; each takes a number, in order. A document's provisions, which
	// have search entries of their own, follow the document.
	changes []change
	// audit, when set, is the write's audit entry, appended once the record
	// and its changes are. Writes that change no one's record (an
	// attachment's extracted text, a document's search entry touched) have
	// none.
	audit *auditRecord
}

// upsert is the write of one record that is created or replaced.
func upsert(typ platform.RecordType, id string) write {
	return write{changes: []change{{typ: typ, id: id, op: platform.OpUpsert}}}
}

// remove is the write of one record that is deleted.
func remove(typ platform.RecordType, id string) write {
	return write{changes: []change{{typ: typ, id: id, op: platform.OpDelete}}}
}

// also adds a change of another record (typ, id) with the same operation.
func (w write) also(typ platform.RecordType, id string) write {
	w.changes = append(w.changes, change{typ: typ, id: id, op: w.changes[0].op})
	return w
}

// holding gives the write's last change the record as it is stored, for
// the mirror: events, registrations and notices are written holding it.
func (w write) holding(rec any) write {
	w.changes[len(w.changes)-1].rec = rec
	return w
}

// audited adds the audit entry of the write by the user in ctx: action
// on the record, with its state before and after (nil for a creation or a
// deletion).
func (w write) audited(action string, before, after any) write {
	w.audit = &auditRecord{kind: w.changes[0].typ, id: w.changes[0].id, action: action, before: before, after: after}
	return w
}

// auditedAs adds a prepared audit entry (another actor, a note).
func (w write) auditedAs(r auditRecord) write {
	w.audit = &r
	return w
}

// write stores one record through commit; store writes it carrying seq, the
// first of the write's numbers.
func (db *DB) write(ctx context.Context, w write, store func(ctx context.Context, seq uint64) error) error {
	return db.commit(ctx, []write{w}, func(ctx context.Context, seqs []uint64) error { return store(ctx, seqs[0]) })
}

// commit is the write path: it reserves one change-log number for every
// change of ws (one counter step for the whole batch), calls store with the
// first number of each write, writes the audit entries when store
// succeeded, and appends the change entries. The change entries are appended even when
// store fails, as upserts, so that the reserved numbers leave no hole for
// indexers to wait on: an indexer reloads the record, finds it as it was (or
// absent) and moves on. They are written on a context a client leaving does
// not cancel: a write that happened is logged.
//
// store's error is returned as it is (translated when it is the driver's);
// a failure to append the changes or the audit entries of a successful
// write is returned too, the record being stored.
func (db *DB) commit(ctx context.Context, ws []write, store func(ctx context.Context, seqs []uint64) error) error {
	n := 0
	for _, w := range ws {
		n += len(w.changes)
	}
	if n == 0 {
		return nil
	}
	numbers, err := db.nextSeqs(ctx, n)
	if err != nil {
		return translate(err)
	}
	m := db.mirror()
	// The numbers are handed back to the mirror whatever happens (a store
	// that panics included): one it waits for forever would stall every
	// registration's wait for the writes before it.
	handed := false
	defer func() {
		if !handed {
			back := make([]mirrored, len(numbers))
			for i, n := range numbers {
				back[i] = mirrored{seq: n, unchanged: true}
			}
			m.written(context.WithoutCancel(ctx), back)
		}
	}()
	// Each write's record carries the first of its numbers; its changes
	// take its numbers in order.
	seqs := make([]uint64, len(ws))
	first := make([]int, len(ws))
	k := 0
	for i, w := range ws {
		seqs[i], first[i] = numbers[k], k
		k += len(w.changes)
	}
	storeErr := store(ctx, seqs)
	// The audit entries go in before the change entries: once the log
	// shows a change, its write's audit entry exists (a backup as of a
	// change number copies the trail after the log and keeps every entry
	// up to it).
	var auditErr error
	if storeErr == nil {
		var audits []auditRecord
		for i, w := range ws {
			if w.audit != nil {
				a := *w.audit
				a.seq = seqs[i]
				audits = append(audits, a)
			}
		}
		auditErr = db.recordAll(ctx, audits)
	}
	now := db.now()
	entries := make([]any, 0, n)
	for i, w := range ws {
		for j, c := range w.changes {
			op := c.op
			if storeErr != nil {
				op = platform.OpUpsert
			}
			entries = append(entries, changeEntry{Seq: int64(numbers[first[i]+j]), Type: c.typ, ID: c.id, Op: op, At: now})
		}
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	_, logErr := db.db.Collection(colChanges).InsertMany(wctx, entries, options.InsertMany().SetOrdered(false))
	if logErr == nil {
		logged := make([]changeEntry, len(entries))
		for i, e := range entries {
			logged[i] = e.(changeEntry)
		}
		db.remember(logged)
	}
	var applied []mirrored
	for i, w := range ws {
		for j, c := range w.changes {
			mc := mirrored{seq: numbers[first[i]+j], change: c}
			if storeErr != nil {
				mc.rec, mc.op = nil, platform.OpUpsert // nothing changed: the record is as it was
				mc.unchanged = true
			}
			applied = append(applied, mc)
		}
	}
	m.written(wctx, applied)
	handed = true
	if db.notify != nil {
		db.notify()
	}
	if storeErr != nil {
		return translate(storeErr)
	}
	if logErr != nil {
		return translate(logErr)
	}
	return auditErr
}

// changeEntry is a change-log entry as stored (platform.Change reads it).
type changeEntry struct {
	Seq  int64               `bson:"_id"`
	Type platform.RecordType `bson:"coll"`
	ID   string              `bson:"rid"`
	Op   platform.ChangeOp   `bson:"op"`
	At   time.Time           `bson:"at"`
}

// legacyChangeTypes are the collection names the change log used for record
// types before it was keyed on them; entries written by an older hub and
// not yet indexed are read as their types.
var legacyChangeTypes = map[platform.RecordType]platform.RecordType{
	"documents": platform.TypeDocument, "provisions": platform.TypeProvision, "events": platform.TypeEvent,
	"users": platform.TypeUser, "attachments": platform.TypeAttachment,
}
