package mongo

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// The audit trail is append-only: this file is the only one that touches
// the audit collection, and it only inserts and reads (a test checks that no
// other file names it).

// AuditService implements platform.AuditService on MongoDB.
type AuditService struct{ db *DB }

var _ platform.AuditService = (*AuditService)(nil)

// NewAuditService returns the audit service of db.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

// auditRecord is one write to record.
type auditRecord struct {
	kind          platform.RecordType
	id, action    string
	before, after any
	note          string
	// actor, when set, is who acted; by default the user in ctx. Sign-in
	// records the user who signed in, whom ctx does not carry yet.
	actor *platform.User
	// attempted restricts the field difference to the fields of after: a
	// denied write shows what was asked for, not every field it lacks.
	attempted bool
	// seq is the change-log number of the write, when it is one.
	seq uint64
}

// audit appends an entry to the audit trail for a write by the user in ctx
// to record id of kind, with the difference between before and after (nil
// for a creation or a deletion). Call it after the write succeeded.
func (db *DB) audit(ctx context.Context, kind platform.RecordType, id, action string, before, after any) error {
	return db.record(ctx, auditRecord{kind: kind, id: id, action: action, before: before, after: after})
}

// denied records a write refused for lack of rights (a Forbidden error) and
// returns err unchanged, so that refusals are written as
// `return db.denied(ctx, kind, id, record, err)`. record is the record as it
// is (or as asked for, on a creation): its countries go into the entry.
// Other errors are returned without an entry.
func (db *DB) denied(ctx context.Context, kind platform.RecordType, id string, record any, err error) error {
	if platform.ErrorCode(err) != platform.Forbidden {
		return err
	}
	note := ""
	if e := platform.AsError(err); e != nil {
		note = e.Message
	}
	if aerr := db.record(ctx, auditRecord{kind: kind, id: id, action: platform.ActionDenied, before: record, note: note}); aerr != nil {
		return fmt.Errorf("%w (and recording the refusal failed: %v)", err, aerr)
	}
	return err
}

// deniedAttempt is denied with the attempted change: before is the record
// as it is, after what the writer asked for.
func (db *DB) deniedAttempt(ctx context.Context, kind platform.RecordType, id string, before, after any, err error) error {
	if platform.ErrorCode(err) != platform.Forbidden {
		return err
	}
	note := ""
	if e := platform.AsError(err); e != nil {
		note = e.Message
	}
	if aerr := db.record(ctx, auditRecord{kind: kind, id: id, action: platform.ActionDenied, before: before, after: after, note: note, attempted: true}); aerr != nil {
		return fmt.Errorf("%w (and recording the refusal failed: %v)", err, aerr)
	}
	return err
}

// record writes an audit entry. It does not stop when the request's context
// is cancelled: a write that happened is recorded even if the client left.
func (db *DB) record(ctx context.Context, r auditRecord) error {
	return db.recordAll(ctx, []auditRecord{r})
}

// recordAll writes audit entries together (a bulk import writes one per
// record). Like record, it outlives a cancelled context.
func (db *DB) recordAll(ctx context.Context, rs []auditRecord) error {
	if len(rs) == 0 {
		return nil
	}
	entries := make([]any, len(rs))
	for i, r := range rs {
		e, err := db.entry(ctx, r)
		if err != nil {
			return err
		}
		entries[i] = &e
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second+time.Duration(len(rs))*time.Millisecond)
	defer cancel()
	if _, err := db.db.Collection(colAudit).InsertMany(wctx, entries); err != nil {
		return translate(err)
	}
	return nil
}

// entry makes the audit entry of r.
func (db *DB) entry(ctx context.Context, r auditRecord) (platform.AuditEntry, error) {
	actor := r.actor
	if actor == nil {
		actor = platform.UserFromContext(ctx)
	}
	ri := platform.RequestInfoFromContext(ctx)
	changes, countries, err := diffFields(r.before, r.after, r.attempted)
	if err != nil {
		return platform.AuditEntry{}, fmt.Errorf("audit %s %s: %w", r.kind, r.id, err)
	}
	if r.action == platform.ActionDenied && !r.attempted {
		changes = nil // the record as it is only gives the countries
	}
	e := platform.AuditEntry{
		ID: bson.NewObjectID().Hex(), At: db.now(), IP: ri.IP, UserAgent: ri.UserAgent,
		Kind: r.kind, RecordID: r.id, Action: r.action, Changes: changes, Note: r.note, Seq: r.seq,
	}
	if actor != nil {
		e.ActorID, e.ActorName, e.ActorRole, e.ActorCountry = actor.ID, actor.Name, actor.Role, actor.Country
		if actor.Country != "" && !slices.Contains(countries, actor.Country) {
			countries = append(countries, actor.Country)
		}
	}
	slices.Sort(countries)
	e.Countries = countries
	if e.Countries == nil {
		e.Countries = []string{}
	}
	return e, nil
}

// Fields left out of differences: they change on every write and say
// nothing the entry's time does not.
// ifVersion is a request's precondition, not a field of the record.
var ignoredFields = map[string]bool{"updatedAt": true, "ifVersion": true}

// maxValueLen bounds each value kept in a difference, in characters: a
// document body may be megabytes long, and the trail keeps its start.
const maxValueLen = 2000

// diffFields compares before and after field by field, through their JSON
// form (so that fields hidden from JSON, such as hashes, never enter the
// trail). Nested objects are compared by dotted path (translations.ru.title);
// lists are compared whole. It also returns the countries the two mention
// (fields "countries" and "country").
func diffFields(before, after any, onlyAfter bool) ([]platform.FieldChange, []string, error) {
	b, err := flatten(before)
	if err != nil {
		return nil, nil, err
	}
	a, err := flatten(after)
	if err != nil {
		return nil, nil, err
	}
	var countries []string
	for _, m := range []map[string]any{b, a} {
		if c, ok := m["country"].(string); ok && c != "" && !slices.Contains(countries, c) {
			countries = append(countries, c)
		}
		if list, ok := m["countries"].([]any); ok {
			for _, v := range list {
				if c, ok := v.(string); ok && c != "" && !slices.Contains(countries, c) {
					countries = append(countries, c)
				}
			}
		}
	}
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	if !onlyAfter {
		for k := range b {
			keys[k] = true
		}
	}
	var changes []platform.FieldChange
	for k := range keys {
		if ignoredFields[k] {
			continue
		}
		bv, bok := b[k]
		av, aok := a[k]
		bj, aj := "", ""
		if bok && !empty(bv) {
			bj = jsonValue(bv)
		}
		if aok && !empty(av) {
			aj = jsonValue(av)
		}
		if bj != aj {
			changes = append(changes, platform.FieldChange{Field: k, Before: bj, After: aj})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Field < changes[j].Field })
	return changes, countries, nil
}

// empty reports whether a JSON value says nothing: null, "", [] or {}. An
// absent field and an empty one are the same to the reader of the trail.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// flatten turns v's JSON form into a map from dotted paths to values.
func flatten(v any) (map[string]any, error) {
	out := map[string]any{}
	if v == nil {
		return out, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(raw) == "null" {
		return out, nil
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("audit values must be JSON objects: %w", err)
	}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok && len(sub) > 0 {
				walk(prefix+k+".", sub)
				continue
			}
			out[prefix+k] = v
		}
	}
	walk("", m)
	return out, nil
}

// jsonValue is v as JSON, with long strings shortened.
func jsonValue(v any) string {
	if s, ok := v.(string); ok && utf8.RuneCountInString(s) > maxValueLen {
		r := []rune(s)
		v = string(r[:maxValueLen]) + fmt.Sprintf("… (%d characters in all)", len(r))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `"(unreadable)"`
	}
	if len(b) > 4*maxValueLen {
		b, _ = json.Marshal(fmt.Sprintf("(%d bytes of JSON)", len(b)))
	}
	return string(b)
}

// FindAudit implements platform.AuditService.
func (s *AuditService) FindAudit(ctx context.Context, f platform.AuditFilter) ([]*platform.AuditEntry, int, error) {
	if err := requireSecretariat(ctx); err != nil {
		return nil, 0, err
	}
	filter := bson.D{}
	if f.ActorID != "" {
		filter = append(filter, bson.E{Key: "actorId", Value: f.ActorID})
	}
	if f.Country != "" {
		filter = append(filter, bson.E{Key: "countries", Value: f.Country})
	}
	if f.Kind != "" {
		filter = append(filter, bson.E{Key: "kind", Value: f.Kind})
	}
	if f.Action != "" {
		filter = append(filter, bson.E{Key: "action", Value: f.Action})
	}
	if f.RecordID != "" {
		filter = append(filter, bson.E{Key: "recordId", Value: f.RecordID})
	}
	if !f.Since.IsZero() || !f.Until.IsZero() {
		r := bson.D{}
		if !f.Since.IsZero() {
			r = append(r, bson.E{Key: "$gte", Value: f.Since.UTC()})
		}
		if !f.Until.IsZero() {
			r = append(r, bson.E{Key: "$lt", Value: f.Until.UTC()})
		}
		filter = append(filter, bson.E{Key: "at", Value: r})
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	return findAudit(ctx, s.db, filter, max(f.Offset, 0), limit)
}

func findAudit(ctx context.Context, db *DB, filter bson.D, offset, limit int) ([]*platform.AuditEntry, int, error) {
	coll := db.db.Collection(colAudit)
	total, err := coll.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, translate(err)
	}
	cur, err := coll.Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).
		SetSkip(int64(offset)).SetLimit(int64(limit)))
	if err != nil {
		return nil, 0, translate(err)
	}
	out := []*platform.AuditEntry{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, 0, translate(err)
	}
	return out, int(total), nil
}

// auditAbout returns the entries where the user acted or that concern
// their account, newest first (for the personal-data export).
func (db *DB) auditAbout(ctx context.Context, userID string) ([]*platform.AuditEntry, error) {
	filter := bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "actorId", Value: userID}},
		bson.D{{Key: "recordId", Value: userID}},
	}}}
	out, _, err := findAudit(ctx, db, filter, 0, 10_000)
	return out, err
}

// requireSecretariat refuses anyone but the secretariat.
func requireSecretariat(ctx context.Context) error {
	u := signedIn(ctx)
	if u == nil {
		return signInRequired()
	}
	if !platform.IsSecretariat(u) {
		return platform.Localized(platform.Forbidden, "error.forbidden", nil, "user %s is not the secretariat", u.ID)
	}
	return nil
}

// textPattern is a case-insensitive regular expression matching s literally.
func textPattern(s string) bson.Regex {
	return bson.Regex{Pattern: regexp.QuoteMeta(strings.TrimSpace(s)), Options: "i"}
}

// scrubAudit blanks the values in the audit entries of record id of kind,
// keeping who did what when and which fields changed: what an erasure
// leaves of a person's data. With names, it only takes those names out of
// the values (a person's name in an event's trainers). It reads the
// entries by kind and record, a scan on FerretDB; erasures are rare.
func (db *DB) scrubAudit(ctx context.Context, kind platform.RecordType, id string, names ...string) error {
	coll := db.db.Collection(colAudit)
	cur, err := coll.Find(ctx, bson.D{{Key: "kind", Value: kind}, {Key: "recordId", Value: id}})
	if err != nil {
		return translate(err)
	}
	var entries []platform.AuditEntry
	if err := cur.All(ctx, &entries); err != nil {
		return translate(err)
	}
	for _, e := range entries {
		scrubbed := false
		for i := range e.Changes {
			c := &e.Changes[i]
			if len(names) == 0 {
				if c.Before != "" || c.After != "" {
					c.Before, c.After, scrubbed = "", "", true
				}
				continue
			}
			for _, n := range names {
				for _, v := range []*string{&c.Before, &c.After} {
					if n != "" && strings.Contains(*v, n) {
						*v, scrubbed = strings.ReplaceAll(*v, n, ""), true
					}
				}
			}
		}
		if !scrubbed {
			continue
		}
		if _, err := coll.ReplaceOne(ctx, byID(e.ID), &e); err != nil {
			return translate(err)
		}
	}
	return nil
}

// scrubPerson takes an erased person out of the trail, which keeps every
// entry (see UserService.EraseUser): the entries where they acted keep
// their id, role and country but lose their name, address and browser;
// wherever a note or a value holds one of their addresses (a failed
// sign-in, a refused invitation), the address becomes its placeholder
// (emails maps each to it) and the names they went by leave that entry
// too; the reason they gave for asking to be deleted goes. Names are taken
// out only of entries their address or id ties to them: elsewhere a name
// may be a namesake's.
func (db *DB) scrubPerson(ctx context.Context, userID string, emails map[string]string, names []string) error {
	var alts []string
	for e := range emails {
		alts = append(alts, regexp.QuoteMeta(e))
	}
	slices.Sort(alts)
	or := bson.A{
		bson.D{{Key: "actorId", Value: userID}},
		bson.D{{Key: "recordId", Value: userID}, {Key: "action", Value: platform.ActionDeletionRequested}},
	}
	var mention *regexp.Regexp
	if len(alts) > 0 {
		pattern := strings.Join(alts, "|")
		mention = regexp.MustCompile("(?i)" + pattern)
		re := bson.Regex{Pattern: pattern, Options: "i"}
		or = append(or, bson.D{{Key: "note", Value: re}}, bson.D{{Key: "changes.before", Value: re}}, bson.D{{Key: "changes.after", Value: re}})
	}
	coll := db.db.Collection(colAudit)
	cur, err := coll.Find(ctx, bson.D{{Key: "$or", Value: or}})
	if err != nil {
		return translate(err)
	}
	var entries []platform.AuditEntry
	if err := cur.All(ctx, &entries); err != nil {
		return translate(err)
	}
	// Longer names first, so that a name holding another goes whole.
	names = slices.Clone(names)
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	for _, e := range entries {
		was := e
		was.Changes = slices.Clone(e.Changes)
		if e.ActorID == userID {
			e.ActorName, e.IP, e.UserAgent = "", "", ""
		}
		if e.RecordID == userID && e.Action == platform.ActionDeletionRequested {
			e.Note = ""
		}
		texts := []*string{&e.Note}
		for i := range e.Changes {
			texts = append(texts, &e.Changes[i].Before, &e.Changes[i].After)
		}
		tied := false
		for _, t := range texts {
			if mention != nil {
				var n int
				*t, n = replaceEmails(*t, mention, emails)
				tied = tied || n > 0
			}
		}
		if tied {
			for _, t := range texts {
				for _, n := range names {
					if n != "" {
						*t = strings.ReplaceAll(*t, n, "")
					}
				}
			}
		}
		if reflect.DeepEqual(was, e) {
			continue
		}
		if _, err := coll.ReplaceOne(ctx, byID(e.ID), &e); err != nil {
			return translate(err)
		}
	}
	return nil
}

// replaceEmails replaces in s the addresses re finds that stand whole (not
// a part of a longer address: "ann@x.org" in "joann@x.org") by their
// placeholders, and says how many it replaced.
func replaceEmails(s string, re *regexp.Regexp, placeholders map[string]string) (string, int) {
	var b strings.Builder
	last, n := 0, 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		i, j := m[0], m[1]
		if i > 0 && addrChar(s[i-1]) || j < len(s) && (addrChar(s[j]) && s[j] != '.' || s[j] == '.' && j+1 < len(s) && alnum(s[j+1])) {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(placeholders[strings.ToLower(s[i:j])])
		last, n = j, n+1
	}
	if n == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	return b.String(), n
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// addrChar reports whether c may be part of an address beside a match.
func addrChar(c byte) bool { return alnum(c) || strings.IndexByte("._%+-", c) >= 0 }

// isAuditTrail reports whether the collection name is the audit trail (a
// backup copies it apart).
func (db *DB) isAuditTrail(name string) bool { return name == colAudit }

// backupAuditTrail copies the audit trail into the file at path for a
// backup as of the change-log number seq: the entries of writes up to seq
// (an entry carries its write's number), and all entries of no write
// (refusals, sign-ins). It only reads.
func (db *DB) backupAuditTrail(ctx context.Context, path string, seq uint64) (int, error) {
	return db.copyFiltered(ctx, colAudit, bson.D{}, path, func(d bson.Raw) bool {
		v, ok := d.Lookup("seq").AsInt64OK()
		return !ok || v <= int64(seq)
	})
}
