// Package mongo keeps the hub's records in MongoDB through the official
// driver. It uses only what both MongoDB and FerretDB v1 support: no
// multi-document transactions, change streams, $lookup, $facet, $text, TTL
// or collation indexes, and no $group with more than one accumulator.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// Collection names.
const (
	colDocuments        = "documents"
	colDocumentVersions = "document_versions"
	colEvents           = "events"
	colUsers            = "users"
	colTokens           = "tokens"
	colChanges          = "changes"
	colCounters         = "counters"
	colSeqClaims        = "seq_claims"
	colSessions         = "sessions"
	colLinks            = "links"
	colAudit            = "audit"
	colSignInFailures   = "signin_failures"
)

// DB is a connection to the hub's database.
type DB struct {
	client *mongo.Client
	db     *mongo.Database
	now    func() time.Time
	// notify, when set, is called after every change appended by this
	// process, so that the local indexer can apply it at once.
	notify func()
	// mirrorOf is the events' and registrations' copy in memory (see
	// mirror), made on first use.
	mirrorOnce sync.Once
	mirrorOf   *mirror
	// seqMu makes this process's writers take their numbers in turn.
	seqMu sync.Mutex
	// recentChanges are the change-log entries this process appended.
	recentChanges recent
	// imported are the documents this process's bulk imports stored, until
	// the indexer takes them (see bulk.go).
	imported importedDocuments
}

// OpenOption tunes Open.
type OpenOption func(*openConfig)

type openConfig struct {
	commandFailed func(command string)
}

// OnCommandFailed has f told the name of every database command that
// fails (the metrics count them by command).
func OnCommandFailed(f func(command string)) OpenOption {
	return func(c *openConfig) { c.commandFailed = f }
}

// Open connects to the MongoDB server at uri and uses database name. It
// fails within timeout when the server cannot be reached, and creates the
// indexes the hub needs.
func Open(ctx context.Context, uri, name string, timeout time.Duration, opt ...OpenOption) (_ *DB, err error) {
	defer platform.Wrap(&err, "mongo.Open")
	var oc openConfig
	for _, o := range opt {
		o(&oc)
	}
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(timeout).
		SetConnectTimeout(timeout).
		SetAppName("uncac-hub")
	if f := oc.commandFailed; f != nil {
		opts.SetMonitor(&event.CommandMonitor{Failed: func(_ context.Context, e *event.CommandFailedEvent) {
			// "No such collection" answers a listing of a collection not
			// made yet (every start on a new database asks): not a failure.
			var nf interface{ NamespaceNotFound() bool }
			if errors.As(e.Failure, &nf) && nf.NamespaceNotFound() {
				return
			}
			f(e.CommandName)
		}})
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, err
	}
	// Migrations may take longer than reaching the server: they get the
	// caller's context, not the timeout.
	migrateCtx := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := client.Ping(ctx, nil); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("cannot reach MongoDB within %s: %w", timeout, err)
	}
	db := &DB{client: client, db: client.Database(name), now: func() time.Time { return time.Now().UTC() }}
	fresh, err := db.isNew(ctx)
	if err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	if err := db.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	if err := db.migrate(migrateCtx, fresh); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return db, nil
}

// Close disconnects from the server.
func (db *DB) Close(ctx context.Context) error { return db.client.Disconnect(ctx) }

// Ping reports whether the server answers.
func (db *DB) Ping(ctx context.Context) error { return db.client.Ping(ctx, nil) }

// OnChange sets a function called after each change this process appends.
func (db *DB) OnChange(f func()) { db.notify = f }

func (db *DB) ensureIndexes(ctx context.Context) error {
	idx := map[string][]mongo.IndexModel{
		colDocuments: {
			{Keys: bson.D{{Key: "updatedAt", Value: -1}}},
			{Keys: bson.D{{Key: "seq", Value: 1}}},
			{Keys: bson.D{{Key: "countries", Value: 1}}},
			{Keys: bson.D{{Key: "uncacArticles", Value: 1}}},
		},
		colDocumentVersions: {{Keys: bson.D{{Key: "docId", Value: 1}, {Key: "version", Value: 1}}, Options: options.Index().SetUnique(true)}},
		colEvents: {
			{Keys: bson.D{{Key: "start", Value: 1}}}, {Keys: bson.D{{Key: "end", Value: 1}}}, {Keys: bson.D{{Key: "seq", Value: 1}}},
			{Keys: bson.D{{Key: "countries", Value: 1}}}, {Keys: bson.D{{Key: "uncacArticles", Value: 1}}},
			{Keys: bson.D{{Key: "materials", Value: 1}}},
		},
		colEventVersions:   {{Keys: bson.D{{Key: "eventId", Value: 1}, {Key: "version", Value: 1}}, Options: options.Index().SetUnique(true)}},
		colUsers:           {{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)}},
		colTokens:          {{Keys: bson.D{{Key: "hash", Value: 1}}, Options: options.Index().SetUnique(true)}, {Keys: bson.D{{Key: "userId", Value: 1}}}},
		colAttachments:     {{Keys: bson.D{{Key: "docId", Value: 1}}}, {Keys: bson.D{{Key: "textState", Value: 1}}}, {Keys: bson.D{{Key: "key", Value: 1}}}},
		colAttachmentTexts: {{Keys: bson.D{{Key: "docId", Value: 1}}}},
		colSessions:        {{Keys: bson.D{{Key: "hash", Value: 1}}, Options: options.Index().SetUnique(true)}, {Keys: bson.D{{Key: "userId", Value: 1}}}, {Keys: bson.D{{Key: "expiresAt", Value: 1}}}},
		colLinks:           {{Keys: bson.D{{Key: "hash", Value: 1}}, Options: options.Index().SetUnique(true)}, {Keys: bson.D{{Key: "userId", Value: 1}, {Key: "kind", Value: 1}}}},
		colAudit: {
			{Keys: bson.D{{Key: "at", Value: -1}}},
			{Keys: bson.D{{Key: "actorId", Value: 1}, {Key: "at", Value: -1}}},
			{Keys: bson.D{{Key: "countries", Value: 1}, {Key: "at", Value: -1}}},
			{Keys: bson.D{{Key: "kind", Value: 1}, {Key: "at", Value: -1}}},
			{Keys: bson.D{{Key: "recordId", Value: 1}}},
		},
		colSignInFailures: {{Keys: bson.D{{Key: "key", Value: 1}, {Key: "at", Value: 1}}}, {Keys: bson.D{{Key: "at", Value: 1}}}},
		colImportJobs:     {{Keys: bson.D{{Key: "updatedAt", Value: 1}}}},
	}
	maps.Copy(idx, registrationIndexes())
	maps.Copy(idx, evaluationIndexes())
	maps.Copy(idx, roadmapIndexes())
	for coll, models := range idx {
		// Only missing indexes are created: FerretDB v1 fails (closing the
		// connection) when asked again for an existing compound index.
		have, err := indexNames(ctx, db.db.Collection(coll))
		if err != nil {
			return fmt.Errorf("list indexes on %s: %w", coll, err)
		}
		var missing []mongo.IndexModel
		for _, m := range models {
			if !have[indexName(m.Keys.(bson.D))] {
				missing = append(missing, m)
			}
		}
		if len(missing) == 0 {
			continue
		}
		if _, err := db.db.Collection(coll).Indexes().CreateMany(ctx, missing); err != nil {
			return fmt.Errorf("create indexes on %s: %w", coll, err)
		}
	}
	return nil
}

// indexName is the name MongoDB gives an index by default: key_direction
// pairs joined by underscores.
func indexName(keys bson.D) string {
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s_%v", k.Key, k.Value))
	}
	return strings.Join(parts, "_")
}

func indexNames(ctx context.Context, coll *mongo.Collection) (map[string]bool, error) {
	cur, err := coll.Indexes().List(ctx)
	if err != nil {
		return nil, err
	}
	var specs []struct {
		Name string `bson:"name"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, s := range specs {
		names[s.Name] = true
	}
	return names, nil
}

// nextSeqs hands out n change-log numbers, in increasing order, that no
// other writer gets. They are consecutive unless other writers took some of
// the range proposed.
//
// A counter incremented with $inc proposes the numbers; inserting them into
// the seq_claims collection, whose _id is unique, is what makes them ours.
// On MongoDB the counter alone would do, but FerretDB v1 does not apply
// findAndModify atomically (400 concurrent increments gave 107 distinct
// numbers), so two writers may be proposed the same number. The loser
// takes the next number nobody holds instead, upwards: every number below
// a claimed one is thus claimed or about to be, and the log has no hole
// but those of writers that died (which waitSettled and the indexer's gap
// wait rely on). Giving numbers back and jumping past the highest claim,
// as the hub did before, left holes that never filled.
func (db *DB) nextSeqs(ctx context.Context, n int) ([]uint64, error) {
	// The writers of one process take their numbers one at a time: at once
	// they would all be proposed the same number and probe for free ones
	// one after the other (500 registrations sent together made 125,000
	// claims). Across processes the claims decide, as above.
	db.seqMu.Lock()
	defer db.seqMu.Unlock()
	n = max(n, 1)
	claims := db.db.Collection(colSeqClaims)
	token := bson.NewObjectID()
	var c struct {
		Seq int64 `bson:"seq"`
	}
	for range 10 {
		err := db.db.Collection(colCounters).FindOneAndUpdate(ctx,
			bson.D{{Key: "_id", Value: "changes"}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(n)}}}},
			options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
		).Decode(&c)
		if !mongo.IsDuplicateKeyError(err) { // two first writers may create the counter at once
			if err != nil {
				return nil, fmt.Errorf("next change sequences: %w", err)
			}
			break
		}
	}
	first := c.Seq - int64(n) + 1
	docs := make([]any, n)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: first + int64(i)}, {Key: "by", Value: token}}
	}
	got := make([]uint64, 0, n)
	_, err := claims.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	taken := map[int]bool{}
	var bulk mongo.BulkWriteException
	switch {
	case err == nil:
	case errors.As(err, &bulk) && bulk.WriteConcernError == nil && allDuplicates(bulk):
		for _, we := range bulk.WriteErrors {
			taken[we.Index] = true
		}
	default:
		return nil, fmt.Errorf("claim change sequences: %w", err)
	}
	for i := range n {
		if !taken[i] {
			got = append(got, uint64(first+int64(i)))
		}
	}
	next, misses := first+int64(n), 0
	for len(got) < n {
		_, err := claims.InsertOne(ctx, bson.D{{Key: "_id", Value: next}, {Key: "by", Value: token}})
		switch {
		case err == nil:
			got, misses = append(got, uint64(next)), 0
		case !mongo.IsDuplicateKeyError(err):
			return nil, fmt.Errorf("claim change sequence %d: %w", next, err)
		case misses+1 == 64:
			// A long run of taken numbers means the counter fell far
			// behind (it was lost): go on past the highest claim.
			var top struct {
				ID int64 `bson:"_id"`
			}
			if err := claims.FindOne(ctx, bson.D{}, options.FindOne().SetSort(bson.D{{Key: "_id", Value: -1}})).Decode(&top); err != nil {
				return nil, fmt.Errorf("highest change sequence: %w", err)
			}
			next, misses = top.ID, 0
		default:
			misses++
		}
		next++
	}
	// The mirror waits for these numbers from this process rather than
	// looking for them in the log; it learns of them before the counter
	// it reads can show them (catchUp holds seqMu to read it).
	db.mirror().claimed(got)
	if last := int64(got[n-1]); last > c.Seq {
		// Numbers taken past the proposal: move the counter there, so that
		// the next writers are not proposed them.
		if _, err := db.db.Collection(colCounters).UpdateOne(ctx, bson.D{{Key: "_id", Value: "changes"}},
			bson.D{{Key: "$max", Value: bson.D{{Key: "seq", Value: last}}}}); err != nil {
			return nil, fmt.Errorf("move the change counter: %w", err)
		}
	}
	return got, nil
}

// allDuplicates reports whether every error of a bulk write is a duplicate
// key.
func allDuplicates(e mongo.BulkWriteException) bool {
	for _, we := range e.WriteErrors {
		if !mongo.IsDuplicateKeyError(we) {
			return false
		}
	}
	return len(e.WriteErrors) > 0
}

// ChangeLog returns the database's change log.
func (db *DB) ChangeLog() platform.ChangeLog { return changeLog{db} }

type changeLog struct{ db *DB }

var _ platform.ChangeLog = changeLog{}

// Since implements platform.ChangeLog.
//
// The changes this process logged are answered from memory (recentSince)
// when they are all there is: reading the log is a scan of it on the
// embedded FerretDB, which a hub's indexer otherwise did after every write.
func (l changeLog) Since(ctx context.Context, seq uint64, limit int) ([]platform.Change, error) {
	if out, ok, err := l.db.recentSince(ctx, seq, limit); err != nil || ok {
		return out, err
	}
	cur, err := l.db.db.Collection(colChanges).Find(ctx,
		bson.D{{Key: "_id", Value: bson.D{{Key: "$gt", Value: int64(seq)}}}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, translate(err)
	}
	var out []platform.Change
	if err := cur.All(ctx, &out); err != nil {
		return nil, translate(err)
	}
	for i, c := range out {
		if t, ok := legacyChangeTypes[c.Type]; ok {
			out[i].Type = t
		}
	}
	return out, nil
}

// LastSeq implements platform.ChangeLog.
func (l changeLog) LastSeq(ctx context.Context) (uint64, error) {
	var c struct {
		Seq int64 `bson:"seq"`
	}
	err := l.db.db.Collection(colCounters).FindOne(ctx, bson.D{{Key: "_id", Value: "changes"}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, translate(err)
	}
	return uint64(c.Seq), nil
}

// translate turns driver errors into platform errors: an unreachable server
// becomes Unavailable, everything else stays internal.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected) ||
		errors.Is(err, context.DeadlineExceeded) {
		return &platform.Error{Code: platform.Unavailable, MessageID: "error.unavailable",
			Data: map[string]any{"Part": "database"}, Message: "database unavailable", Err: err}
	}
	return err
}

// Claim records, once for the whole database, that the named one-time task
// is being done, and reports whether this caller won it. Several processes
// starting together thus load the demo content only once.
func (db *DB) Claim(ctx context.Context, name string) (bool, error) {
	_, err := db.db.Collection("meta").InsertOne(ctx, bson.D{{Key: "_id", Value: "claim:" + name}, {Key: "at", Value: db.now()}})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, translate(err)
	}
	return true, nil
}

// recent keeps the change-log entries this process appended, so that
// Since can answer from memory; other processes' entries are read from the
// log.
type recent struct {
	mu      sync.Mutex
	entries map[uint64]platform.Change
	// low is the first number kept: below it the log is read.
	low uint64
}

// recentKept is how many entries recent keeps: enough for the indexer to
// follow a bulk import of 100,000 documents from memory (at 20,000, it
// fell behind what was kept and read the log, a scan of it on the embedded
// FerretDB, for every 5,000 changes in the import's tail). An entry takes
// about 150 bytes.
const recentKept = 200_000

// remember keeps the entries of a write this process logged.
func (db *DB) remember(entries []changeEntry) {
	r := &db.recentChanges
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.entries == nil {
		r.entries = map[uint64]platform.Change{}
	}
	for _, e := range entries {
		n := uint64(e.Seq)
		if r.low == 0 || n < r.low && len(r.entries) == 0 {
			r.low = n
		}
		if n >= r.low {
			r.entries[n] = platform.Change{Seq: n, Type: e.Type, ID: e.ID, Op: e.Op, At: e.At}
		}
	}
	if len(r.entries) > recentKept {
		keepFrom := uint64(0)
		for n := range r.entries {
			keepFrom = max(keepFrom, n)
		}
		keepFrom -= recentKept / 2
		for n := range r.entries {
			if n < keepFrom {
				delete(r.entries, n)
			}
		}
		r.low = keepFrom
	}
}

// recentSince answers Since from memory when every number after seq up to
// the log's last is this process's: logged (kept) or still being written
// (not in the log yet either). Otherwise (a number of another process, or
// older than what is kept) ok is false and the log is read.
func (db *DB) recentSince(ctx context.Context, seq uint64, limit int) (out []platform.Change, ok bool, err error) {
	r := &db.recentChanges
	r.mu.Lock()
	low := r.low
	r.mu.Unlock()
	if low == 0 || seq+1 < low {
		return nil, false, nil
	}
	db.seqMu.Lock()
	head, err := db.ChangeLog().LastSeq(ctx)
	db.seqMu.Unlock()
	if err != nil {
		return nil, false, err
	}
	m := db.mirror()
	r.mu.Lock()
	defer r.mu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	for n := seq + 1; n <= head && len(out) < limit; n++ {
		if c, kept := r.entries[n]; kept {
			out = append(out, c)
			continue
		}
		if m.local[n] {
			continue // being written here: not in the log yet
		}
		return nil, false, nil
	}
	return out, true, nil
}
