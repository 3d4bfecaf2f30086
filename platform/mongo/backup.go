package mongo

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// A backup copies the database as of one change-log number while the hub
// goes on serving writes. FerretDB has no transactions and no snapshot
// reads, so the copy is made the way a database makes a fuzzy checkpoint
// and then replays its log:
//
//  1. T0 is the log's settled head: every number up to it is logged.
//  2. Every collection is copied, record by record, while writes go on.
//  3. A round takes the settled head T, then reads again, by id, each record
//     whose change is logged in (previous T, T]. A read made before T was
//     taken reflects no change after T (a write takes its number before it
//     stores); a record read again after T reflects all its changes up to T.
//     The round is clean when none of the records it read changed again
//     between T and the end of its reads; otherwise the next round starts
//     from T. When a round is clean, every record is as it was at T.
//
// Records are found by their change's type through recordCollections. The
// collections with no change-log entries of their own (version history,
// tokens, links, extracted texts, claims, the meta collection) are copied
// after T is fixed, so they hold everything up to T and perhaps the traces
// of writes a moment later; each such trace is harmless on restore: a
// version kept ahead of its record is an earlier state in the history and
// its claim is taken over as stale by the next writer (claim.go), an
// extracted text or a link without its record is never read. The log
// itself is cut at T, the change counter set to T, and the audit trail
// keeps the entries of writes up to T (an entry carries its write's
// number; refusals and sign-ins, which write no record, are all kept).

// recordCollections is the collection of the records of each change type.
// A type with an empty collection has no record of its own (a provision's
// search entry is its document's). A change of a type missing here makes a
// backup fail: a new record type adds its collection here (the backup test
// loads every kind of demo record, so a forgotten one shows).
var recordCollections = map[platform.RecordType]string{
	platform.TypeDocument:          colDocuments,
	platform.TypeProvision:         "",
	platform.TypeEvent:             colEvents,
	platform.TypeAttachment:        colAttachments,
	platform.TypeUser:              colUsers,
	platform.TypeRegistration:      colRegistrations,
	platform.TypeNotice:            colNotices,
	platform.TypeEvaluation:        colEvaluations,
	platform.TypeEvaluationAnswer:  colEvaluationAnswers,
	platform.TypeExpert:            colExperts,
	platform.TypeExpertInvitation:  colExpertInvitations,
	platform.TypeRoadmapPeriod:     colRoadmapPeriods,
	platform.TypePriority:          colPriorities,
	platform.TypeCommitment:        colCommitments,
	platform.TypeProgressUpdate:    colProgressUpdates,
	platform.TypeReassessment:      colReassessments,
	platform.TypeRecommendation:    colRecommendations,
	platform.TypeFollow:            colFollows,
	platform.TypeNotification:      colNotifications,
	platform.TypeDelegation:        colDelegations,
	platform.TypeMeetingRequest:    colMeetingRequests,
	platform.TypeBilateralSettings: colBilateralSettings,
	platform.TypeBilateralSchedule: colBilateralSchedules,
}

// notBackedUp are the collections a backup leaves out: sign-in sessions
// (restoring signs everyone out, as a new deployment should), the counts
// of failed sign-ins (a rate limit's memory) and the claims of change-log
// numbers (the counter restored at T is all a new writer needs).
var notBackedUp = map[string]bool{colSessions: true, colSignInFailures: true, colSeqClaims: true}

// backupRounds bounds the rounds of a backup: a hub that rewrites the
// records being read faster than they are read never lets a round be
// clean, and the backup says so rather than run forever.
const backupRounds = 50

// settlePatience is how long a backup waits for a change-log number that
// is claimed but not logged (a write in progress) before it counts the
// writer as dead: a writer that died logged nothing and stored nothing the
// hub reads.
const backupSettlePatience = 30 * time.Second

// dumpStage is called as Dump passes its stages: after the first copy
// ("copied") and after each round's reads ("reread"). Tests write there.
var dumpStage = func(stage string, round int) {}

// BackupCollection is one collection of a backup: its documents as BSON,
// one after the other (the layout of mongodump's .bson files).
type BackupCollection struct {
	Name  string
	Count int
	Size  int64
	// Open reads the documents.
	Open func() (io.ReadCloser, error)
}

// BackupInfo describes a copy of the database.
type BackupInfo struct {
	// Seq is the change-log number the records are as of.
	Seq uint64
	// Schema is the database's layout version (SchemaVersion when current).
	Schema int
	// Rounds is the number of rounds of reads after the first copy.
	Rounds int
}

// Dump copies the database as of one change-log number (see the comment at
// the top of this file) into files of the folder spool, then hands each
// collection, in the order of their names, to emit. The files are removed
// when Dump returns.
func (db *DB) Dump(ctx context.Context, spool string, emit func(BackupCollection) error) (info BackupInfo, err error) {
	defer platform.Wrap(&err, "backup")
	dir, err := os.MkdirTemp(spool, "hub-backup-*")
	if err != nil {
		return info, err
	}
	defer os.RemoveAll(dir)
	names, err := db.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return info, translate(err)
	}
	slices.Sort(names)
	isRecord := map[string]bool{}
	for _, c := range recordCollections {
		if c != "" {
			isRecord[c] = true
		}
	}
	// 1. The settled head before anything is read.
	t0, err := db.settledHead(ctx, 0)
	if err != nil {
		return info, err
	}
	// 2. The first copy of every record collection.
	base := map[string]string{}
	for _, name := range names {
		if !isRecord[name] {
			continue
		}
		path := filepath.Join(dir, name+".base")
		if err := db.copyCollection(ctx, name, bson.D{}, path); err != nil {
			return info, err
		}
		base[name] = path
	}
	dumpStage("copied", 0)
	// 3. Rounds of reads again until one is clean.
	again := map[string]map[string]bson.Raw{} // collection → id → record (nil: absent)
	prev := t0
	var t uint64
	for round := 1; ; round++ {
		if round > backupRounds {
			return info, fmt.Errorf("the records kept changing while they were read: no round of %d was clean; try again when the hub is quieter", backupRounds)
		}
		if t, err = db.settledHead(ctx, prev); err != nil {
			return info, err
		}
		read, err := db.rereadChanged(ctx, prev, t, again)
		if err != nil {
			return info, err
		}
		dumpStage("reread", round)
		after, err := db.settledHead(ctx, t)
		if err != nil {
			return info, err
		}
		later, err := db.changedRecords(ctx, t, after)
		if err != nil {
			return info, err
		}
		clean := true
		for k := range later {
			if read[k] {
				clean = false
				break
			}
		}
		info.Rounds = round
		if clean {
			break
		}
		prev = t
	}
	info.Seq = t
	if info.Schema, err = db.schemaVersion(ctx); err != nil {
		return info, err
	}
	// Collections made while the copy went on are copied too.
	now, err := db.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return info, translate(err)
	}
	names = append(names, now...)
	for coll := range again {
		names = append(names, coll)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	// 4. Everything written out: record collections merged with what the
	// rounds read again, the others copied now.
	for _, name := range names {
		if notBackedUp[name] {
			continue
		}
		path := filepath.Join(dir, name+".bson")
		var n int
		switch {
		case isRecord[name]:
			n, err = mergeCollection(base[name], again[name], path)
		case name == colChanges:
			n, err = db.copyFiltered(ctx, name, bson.D{{Key: "_id", Value: bson.D{{Key: "$lte", Value: int64(t)}}}}, path, nil)
		case db.isAuditTrail(name):
			n, err = db.backupAuditTrail(ctx, path, t)
		case name == colCounters:
			n, err = db.copyFiltered(ctx, name, bson.D{}, path, nil, func(d bson.Raw) (bson.Raw, error) {
				if id, _ := d.Lookup("_id").StringValueOK(); id == "changes" {
					return bson.Marshal(bson.D{{Key: "_id", Value: "changes"}, {Key: "seq", Value: int64(t)}})
				}
				return d, nil
			})
		default:
			n, err = db.copyFiltered(ctx, name, bson.D{}, path, nil)
		}
		if err != nil {
			return info, fmt.Errorf("%s: %w", name, err)
		}
		st, err := os.Stat(path)
		if err != nil {
			return info, err
		}
		if err := emit(BackupCollection{Name: name, Count: n, Size: st.Size(), Open: func() (io.ReadCloser, error) { return os.Open(path) }}); err != nil {
			return info, err
		}
	}
	return info, nil
}

// settledHead returns the highest change-log number handed out and waits
// until every number above from and up to it is logged, or its writer
// counts as dead. Numbers up to from were found settled before.
func (db *DB) settledHead(ctx context.Context, from uint64) (uint64, error) {
	head, err := db.ChangeLog().LastSeq(ctx)
	if err != nil {
		return 0, err
	}
	// Numbers may have been claimed past the counter (see nextSeqs).
	var top struct {
		ID int64 `bson:"_id"`
	}
	err = db.db.Collection(colSeqClaims).FindOne(ctx, bson.D{}, options.FindOne().SetSort(bson.D{{Key: "_id", Value: -1}})).Decode(&top)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return 0, translate(err)
	}
	head = max(head, uint64(max(top.ID, 0)))
	// Writes in flight hold the last numbers handed out: a number long
	// below the head that is still missing belongs to a writer that died.
	from = max(from, head-min(head, settleWindow))
	deadline := time.Now().Add(backupSettlePatience)
	pause := 5 * time.Millisecond
	for {
		entries, err := db.changeEntries(ctx, from, head)
		if err != nil {
			return 0, err
		}
		if uint64(len(entries)) == head-from || time.Now().After(deadline) {
			return head, nil
		}
		// The numbers below the first missing one are settled.
		for n := from + 1; n <= head; n++ {
			if _, ok := entries[n]; !ok {
				break
			}
			from = n
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, 500*time.Millisecond)
	}
}

// settleWindow is how far below the head settledHead looks for numbers
// claimed but not logged: more than the numbers of the largest write (a
// bulk import's batch of 500 documents and their provisions).
const settleWindow = 5_000

// changeEntries reads the change-log entries numbered in (from, to]. (One
// query: FerretDB scans the log for a range, but it scans it for an exact
// numeric _id too, so a lookup per number is far worse.)
func (db *DB) changeEntries(ctx context.Context, from, to uint64) (map[uint64]changeEntry, error) {
	out := map[uint64]changeEntry{}
	if to <= from {
		return out, nil
	}
	cur, err := db.db.Collection(colChanges).Find(ctx, bson.D{{Key: "_id", Value: bson.D{
		{Key: "$gt", Value: int64(from)}, {Key: "$lte", Value: int64(to)}}}})
	if err != nil {
		return nil, translate(err)
	}
	var entries []changeEntry
	if err := cur.All(ctx, &entries); err != nil {
		return nil, translate(err)
	}
	for _, e := range entries {
		out[uint64(e.Seq)] = e
	}
	return out, nil
}

// recordKey names a record across collections.
type recordKey struct{ coll, id string }

// changedRecords returns the records whose changes are logged in (from, to].
func (db *DB) changedRecords(ctx context.Context, from, to uint64) (map[recordKey]bool, error) {
	entries, err := db.changeEntries(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out := map[recordKey]bool{}
	for _, e := range entries {
		typ := e.Type
		if t, ok := legacyChangeTypes[typ]; ok {
			typ = t
		}
		coll, known := recordCollections[typ]
		if !known {
			return nil, fmt.Errorf("change %d is of type %q, which has no collection in recordCollections", e.Seq, typ)
		}
		if coll != "" {
			out[recordKey{coll, e.ID}] = true
		}
	}
	return out, nil
}

// rereadChanged reads again each record changed in (from, to] into again
// (nil when it is absent) and returns the records it read.
func (db *DB) rereadChanged(ctx context.Context, from, to uint64, again map[string]map[string]bson.Raw) (map[recordKey]bool, error) {
	changed, err := db.changedRecords(ctx, from, to)
	if err != nil {
		return nil, err
	}
	for k := range changed {
		raw, err := db.db.Collection(k.coll).FindOne(ctx, byID(k.id)).Raw()
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
			raw = nil
		case err != nil:
			return nil, translate(err)
		default:
			raw = slices.Clone(raw)
		}
		if again[k.coll] == nil {
			again[k.coll] = map[string]bson.Raw{}
		}
		again[k.coll][k.id] = raw
	}
	return changed, nil
}

// copyCollection writes the documents of name matching filter to path.
func (db *DB) copyCollection(ctx context.Context, name string, filter bson.D, path string) error {
	_, err := db.copyFiltered(ctx, name, filter, path, nil)
	return err
}

// copyFiltered writes the documents of name that match filter and keep
// (all when nil) to path, each passed through the edits, and returns how
// many it wrote.
func (db *DB) copyFiltered(ctx context.Context, name string, filter bson.D, path string, keep func(bson.Raw) bool, edits ...func(bson.Raw) (bson.Raw, error)) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	cur, err := db.db.Collection(name).Find(ctx, filter, options.Find().SetBatchSize(500))
	if err != nil {
		return 0, translate(err)
	}
	defer cur.Close(ctx)
	n := 0
	for cur.Next(ctx) {
		doc := cur.Current
		if keep != nil && !keep(doc) {
			continue
		}
		for _, e := range edits {
			if doc, err = e(doc); err != nil {
				return 0, err
			}
		}
		if _, err := w.Write(doc); err != nil {
			return 0, err
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return 0, translate(err)
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return n, f.Close()
}

// mergeCollection writes to path the records of the first copy (basePath)
// that were not read again, then those read again that are present.
func mergeCollection(basePath string, again map[string]bson.Raw, path string) (int, error) {
	out, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	w := bufio.NewWriterSize(out, 1<<20)
	n := 0
	if basePath != "" {
		in, err := os.Open(basePath)
		if err != nil {
			return 0, err
		}
		defer in.Close()
		err = ReadBSON(in, func(doc bson.Raw) error {
			if _, replaced := again[docID(doc)]; replaced {
				return nil
			}
			n++
			_, err := w.Write(doc)
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	ids := make([]string, 0, len(again))
	for id, doc := range again {
		if doc != nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if _, err := w.Write(again[id]); err != nil {
			return 0, err
		}
		n++
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return n, out.Close()
}

// docID is a record's _id as the change log names it: a string id as it
// is, any other as its extended-JSON text.
func docID(doc bson.Raw) string {
	v := doc.Lookup("_id")
	if s, ok := v.StringValueOK(); ok {
		return s
	}
	return v.String()
}

// MaxBSONDocument is the largest document ReadBSON accepts: MongoDB's
// limit of 16 MiB.
const MaxBSONDocument = 16 << 20

// ReadBSON calls fn with each document of r, a sequence of BSON documents
// (a collection of a backup). A truncated or malformed sequence is an
// error; fn's error stops the reading and is returned.
func ReadBSON(r io.Reader, fn func(bson.Raw) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var size [4]byte
	for i := 0; ; i++ {
		if _, err := io.ReadFull(br, size[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("document %d: %w", i, err)
		}
		n := binary.LittleEndian.Uint32(size[:])
		if n < 5 || n > MaxBSONDocument {
			return fmt.Errorf("document %d: a length of %d bytes is not a BSON document's", i, n)
		}
		doc := make([]byte, n)
		copy(doc, size[:])
		if _, err := io.ReadFull(br, doc[4:]); err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
		raw := bson.Raw(doc)
		if err := raw.Validate(); err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
		if err := fn(raw); err != nil {
			return err
		}
	}
}

// schemaVersion is the database's recorded layout version.
func (db *DB) schemaVersion(ctx context.Context) (int, error) {
	s, err := db.readSchema(ctx)
	if err != nil || s == nil {
		return 0, err
	}
	return s.Version, nil
}

// IsEmpty reports whether the database holds nothing but what Open writes
// into a new one (its layout's record): a restore goes only there. It
// names a collection that holds records when it is not.
func (db *DB) IsEmpty(ctx context.Context) (bool, string, error) {
	names, err := db.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return false, "", translate(err)
	}
	slices.Sort(names)
	for _, name := range names {
		filter := bson.D{}
		if name == "meta" {
			filter = bson.D{{Key: "_id", Value: bson.D{{Key: "$ne", Value: schemaID}}}}
		}
		n, err := db.db.Collection(name).CountDocuments(ctx, filter, options.Count().SetLimit(1))
		if err != nil {
			return false, "", translate(err)
		}
		if n > 0 {
			return false, name, nil
		}
	}
	return true, "", nil
}

// Load inserts the documents of one collection of a backup (read from r,
// as Dump wrote them) into this database, in batches. The layout's record
// of the meta collection replaces the one Open wrote. It returns how many
// documents it inserted.
func (db *DB) Load(ctx context.Context, coll string, r io.Reader) (int, error) {
	if notBackedUp[coll] {
		return 0, fmt.Errorf("collection %q is never in a backup", coll)
	}
	c := db.db.Collection(coll)
	const batch = 500
	var pending []any
	n := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if _, err := c.InsertMany(ctx, pending); err != nil {
			return translate(err)
		}
		n += len(pending)
		pending = pending[:0]
		return nil
	}
	err := ReadBSON(r, func(doc bson.Raw) error {
		if coll == "meta" && docID(doc) == schemaID {
			if _, err := c.DeleteOne(ctx, byID(schemaID)); err != nil {
				return translate(err)
			}
		}
		if _, err := doc.LookupErr("leaseUntil"); err == nil {
			// A lease (an attachment's extraction under way) was held by
			// a process of the deployment backed up: here nobody holds it.
			var d bson.D
			if err := bson.Unmarshal(doc, &d); err != nil {
				return err
			}
			d = slices.DeleteFunc(d, func(e bson.E) bool { return e.Key == "leaseUntil" })
			b, err := bson.Marshal(d)
			if err != nil {
				return err
			}
			doc = b
		}
		pending = append(pending, doc)
		if len(pending) == batch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, flush()
}

// RecordCollections are the collections whose records a backup holds
// exactly as of its change-log number, with the type of their changes.
func RecordCollections() map[string]platform.RecordType {
	out := map[string]platform.RecordType{}
	for typ, coll := range recordCollections {
		if coll != "" {
			out[coll] = typ
		}
	}
	return out
}

// RawCollections reads every collection of the database as stored, by
// collection and id; for tests and tools comparing databases, not for
// large ones.
func (db *DB) RawCollections(ctx context.Context) (map[string]map[string]bson.Raw, error) {
	names, err := db.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, translate(err)
	}
	out := map[string]map[string]bson.Raw{}
	for _, name := range names {
		cur, err := db.db.Collection(name).Find(ctx, bson.D{})
		if err != nil {
			return nil, translate(err)
		}
		recs := map[string]bson.Raw{}
		for cur.Next(ctx) {
			recs[docID(cur.Current)] = slices.Clone(cur.Current)
		}
		err = cur.Err()
		cur.Close(ctx)
		if err != nil {
			return nil, translate(err)
		}
		out[name] = recs
	}
	return out, nil
}
