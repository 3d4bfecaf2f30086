package mongo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// DocumentService implements platform.DocumentService on MongoDB.
type DocumentService struct{ db *DB }

var _ platform.DocumentService = (*DocumentService)(nil)

// NewDocumentService returns the document service of db.
func NewDocumentService(db *DB) *DocumentService { return &DocumentService{db: db} }

func (s *DocumentService) coll() *mongo.Collection { return s.db.db.Collection(colDocuments) }

func notFound(id string) error {
	return platform.Localized(platform.NotFound, "error.document_not_found", nil, "document %q not found", id)
}

// visibleFilter restricts a query to what the user in ctx may read.
func visibleFilter(ctx context.Context) bson.E {
	return bson.E{Key: "visibility", Value: bson.D{{Key: "$in", Value: platform.VisibleTo(platform.UserFromContext(ctx))}}}
}

// FindDocumentByID implements platform.DocumentService.
func (s *DocumentService) FindDocumentByID(ctx context.Context, id string) (*platform.Document, error) {
	d, err := s.findDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.forReader(ctx, d)
}

// forReader gives documents as the user in ctx may see them: ForReader's
// fields for members, and only the relations whose targets exist and are
// visible to the reader, so that nobody learns the id of a record hidden
// from them (or of one deleted). Pages and the API read documents through
// here alike. The documents given are not changed.
func (s *DocumentService) forReader(ctx context.Context, d *platform.Document) (*platform.Document, error) {
	out := []*platform.Document{d}
	if err := s.forReaders(ctx, out); err != nil {
		return nil, err
	}
	return out[0], nil
}

// forReaders is forReader for a list, in place of its elements.
func (s *DocumentService) forReaders(ctx context.Context, docs []*platform.Document) error {
	u := platform.UserFromContext(ctx)
	var targets []string
	for _, d := range docs {
		for _, r := range d.Relations {
			if !slices.Contains(targets, r.Target) {
				targets = append(targets, r.Target)
			}
		}
	}
	seen, err := s.relationTargets(ctx, targets)
	if err != nil {
		return err
	}
	for i, d := range docs {
		d = d.ForReader(u)
		kept := slices.DeleteFunc(slices.Clone(d.Relations), func(r platform.Relation) bool {
			vis, ok := seen[r.Target]
			return !ok || !platform.CanSee(u, vis)
		})
		if len(kept) != len(d.Relations) {
			c := *d
			c.Relations = kept
			d = &c
		}
		docs[i] = d
	}
	return nil
}

// relationTargets returns the visibility of each of ids that is a
// document, whoever may see it; ids of no document are left out.
func (s *DocumentService) relationTargets(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cur, err := s.coll().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.Find().SetProjection(bson.D{{Key: "visibility", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	var rows []struct {
		ID         string `bson:"_id"`
		Visibility string `bson:"visibility"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.ID] = r.Visibility
	}
	return out, nil
}

// findDocument returns a document the user in ctx may see, whole (with its
// authors, whoever reads): for the service's own use, where the record is
// written back or kept as a version.
func (s *DocumentService) findDocument(ctx context.Context, id string) (*platform.Document, error) {
	var d platform.Document
	err := s.coll().FindOne(ctx, byID(id)).Decode(&d) // see byid.go
	if errors.Is(err, mongo.ErrNoDocuments) || err == nil && !visible(ctx, d.Visibility) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, translate(err)
	}
	fillNil(&d)
	return &d, nil
}

// FindDocuments implements platform.DocumentService.
func (s *DocumentService) FindDocuments(ctx context.Context, f platform.DocumentFilter) ([]*platform.Document, int, error) {
	filter := bson.D{visibleFilter(ctx)}
	filter = anyOf(filter, "_id", f.IDs)
	filter = anyOf(filter, "kind", f.Kinds)
	filter = anyOf(filter, "countries", f.Countries)
	filter = anyOf(filter, "areas", f.Areas)
	filter = anyOf(filter, "uncacArticles", f.Articles)
	if f.RelatedTo != "" {
		filter = append(filter, bson.E{Key: "relations.target", Value: f.RelatedTo})
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	offset := max(f.Offset, 0)
	total, err := s.coll().CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, translate(err)
	}
	cur, err := s.coll().Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "updatedAt", Value: -1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(offset)).SetLimit(int64(limit)))
	if err != nil {
		return nil, 0, translate(err)
	}
	var out []*platform.Document
	if err := cur.All(ctx, &out); err != nil {
		return nil, 0, translate(err)
	}
	for _, d := range out {
		fillNil(d)
	}
	if err := s.forReaders(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, int(total), nil
}

func checkEdit(ctx context.Context, countries []string) (*platform.User, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	if !platform.CanEdit(u, countries) {
		return nil, platform.Localized(platform.Forbidden, "error.forbidden", nil, "user %s may not edit records of %v", u.ID, countries)
	}
	return u, nil
}

// checkVisibility refuses (Forbidden, with the reader's message) a
// visibility that u may not give a record: see platform.CanGiveVisibility.
func checkVisibility(u *platform.User, visibility string) error {
	if platform.CanGiveVisibility(u, visibility) {
		return nil
	}
	return platform.Localized(platform.Forbidden, "error.secretariat_visibility", nil, "user %s may not make a record %s-only", u.ID, visibility)
}

// CreateDocument implements platform.DocumentService.
func (s *DocumentService) CreateDocument(ctx context.Context, in platform.DocumentInput) (_ *platform.Document, err error) {
	defer platform.Wrap(&err, "CreateDocument")
	in.Normalize()
	u, err := checkEdit(ctx, in.Countries)
	if err == nil {
		err = checkVisibility(u, in.Visibility)
	}
	if err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeDocument, "", nil, in, err)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	id := bson.NewObjectID().Hex()
	if err := s.checkRelations(ctx, id, in.Relations); err != nil {
		return nil, err
	}
	now := s.db.now()
	d := &platform.Document{ID: id, CreatedAt: now, UpdatedAt: now, CreatedBy: u.ID, UpdatedBy: u.ID, Version: 1}
	setFields(d, in)
	err = s.db.write(ctx, documentWrite(platform.OpUpsert, d.ID, provisionKeys(d.Provisions)).audited(platform.ActionCreate, nil, d),
		func(ctx context.Context, seq uint64) error {
			d.Seq = seq
			_, err := s.coll().InsertOne(ctx, d)
			return err
		})
	if err != nil {
		return nil, err
	}
	return s.forReader(ctx, d)
}

// setFields copies the input's fields onto the document.
func setFields(d *platform.Document, in platform.DocumentInput) {
	d.Kind, d.Countries, d.Areas, d.UncacArticles, d.UncacParagraphs = in.Kind, in.Countries, in.Areas, in.UncacArticles, in.UncacParagraphs
	d.Visibility, d.Adopted, d.InForce, d.Status, d.StatusDate = in.Visibility, in.Adopted, in.InForce, in.Status, in.StatusDate
	d.Relations, d.Provisions, d.Translations = in.Relations, in.Provisions, in.Translations
	fillNil(d)
}

// checkRelations makes sure every relation points at another document that
// the user can see.
func (s *DocumentService) checkRelations(ctx context.Context, self string, rels []platform.Relation) error {
	_, err := s.keepRelations(ctx, self, nil, rels)
	return err
}

// keepRelations returns the relations a document has after a write that
// asks for rels, when it had old before (nil for a new document). A relation
// the document did not have must point at another document the writer can
// see. A relation it had is kept as asked even if its target was deleted or
// hidden from the writer since: a record pointing at another must stay
// editable whatever becomes of that other. And the relations the writer
// cannot see (targets that exist but are hidden from them) are kept although
// not asked for: the writer was never shown them, so leaving them out is no
// decision to remove them. A relation to a deleted document that the write
// leaves out is dropped (nobody is shown it, so nobody can ask to keep it).
func (s *DocumentService) keepRelations(ctx context.Context, self string, old, rels []platform.Relation) ([]platform.Relation, error) {
	var targets []string
	for _, r := range slices.Concat(old, rels) {
		if r.Target == self && slices.Contains(rels, r) {
			return nil, platform.Localized(platform.Invalid, "error.doc_self_relation", nil, "a document cannot relate to itself")
		}
		if !slices.Contains(targets, r.Target) {
			targets = append(targets, r.Target)
		}
	}
	seen, err := s.relationTargets(ctx, targets)
	if err != nil {
		return nil, err
	}
	u := platform.UserFromContext(ctx)
	visible := func(target string) bool {
		vis, ok := seen[target]
		return ok && platform.CanSee(u, vis)
	}
	out := slices.Clone(rels)
	for _, r := range rels {
		if !slices.Contains(old, r) && !visible(r.Target) {
			return nil, platform.Localized(platform.Invalid, "error.doc_missing_target", map[string]any{"Value": r.Target}, "relation target %q does not exist", r.Target)
		}
	}
	for _, r := range old {
		if _, exists := seen[r.Target]; exists && !visible(r.Target) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(out) > platform.MaxRelations {
		return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "relations > " + strconv.Itoa(platform.MaxRelations)}, "too many relations")
	}
	return out, nil
}

// provisionKeys lists the keys of provisions.
func provisionKeys(ps []platform.Provision) []string {
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	return keys
}

// documentWrite is the write of a document and of its provisions' search
// entries (one number for the document, one for each provision).
func documentWrite(op platform.ChangeOp, id string, provisionKeys []string) write {
	w := write{changes: []change{{typ: platform.TypeDocument, id: id, op: op}}}
	for _, k := range provisionKeys {
		w = w.also(platform.TypeProvision, platform.ProvisionID(id, k))
	}
	return w
}

// fillNil makes empty lists encode as [] rather than null.
func fillNil(d *platform.Document) {
	if d.Countries == nil {
		d.Countries = []string{}
	}
	if d.Areas == nil {
		d.Areas = []string{}
	}
	if d.UncacArticles == nil {
		d.UncacArticles = []int{}
	}
	if d.UncacParagraphs == nil {
		d.UncacParagraphs = []string{}
	}
	if d.Relations == nil {
		d.Relations = []platform.Relation{}
	}
	if d.Provisions == nil {
		d.Provisions = []platform.Provision{}
	}
	for i := range d.Provisions {
		if d.Provisions[i].UncacArticles == nil {
			d.Provisions[i].UncacArticles = []int{}
		}
		if d.Provisions[i].Translations == nil {
			d.Provisions[i].Translations = map[string]platform.ProvisionText{}
		}
	}
	if d.Translations == nil {
		d.Translations = map[string]platform.Translation{}
	}
}

// UpdateDocument implements platform.DocumentService. The previous state is
// kept in the versions collection before it is replaced; the replacement only
// succeeds if nobody changed the document in between.
func (s *DocumentService) UpdateDocument(ctx context.Context, id string, in platform.DocumentInput) (_ *platform.Document, err error) {
	defer platform.Wrap(&err, "UpdateDocument(%q)", id)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	old, err := s.findDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	// The editor must be allowed to edit both the record as it was and as it
	// will be, so a focal point cannot move a record out of (or into)
	// another country's hands.
	if _, err := checkEdit(ctx, old.Countries); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeDocument, id, old, in, err)
	}
	if _, err := checkEdit(ctx, in.Countries); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeDocument, id, old, in, err)
	}
	if err := checkVisibility(u, in.Visibility); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeDocument, id, old, in, err)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.IfVersion != 0 && in.IfVersion != old.Version {
		return nil, platform.Localized(platform.Conflict, "error.conflict", nil, "document %q is at version %d, not %d", id, old.Version, in.IfVersion)
	}
	if in.Relations, err = s.keepRelations(ctx, id, old.Relations, in.Relations); err != nil {
		return nil, err
	}
	if err := s.claimVersion(ctx, old); err != nil {
		return nil, err
	}
	// Every provision, old and new, gets its search entry reloaded: the
	// document's fields (visibility, countries, status) are part of it.
	keys := provisionKeys(old.Provisions)
	for _, p := range in.Provisions {
		if !slices.Contains(keys, p.Key) {
			keys = append(keys, p.Key)
		}
	}
	d := *old
	setFields(&d, in)
	d.UpdatedAt, d.UpdatedBy, d.Version = s.db.now(), u.ID, old.Version+1
	err = s.db.write(ctx, documentWrite(platform.OpUpsert, id, keys).audited(platform.ActionUpdate, old, &d),
		func(ctx context.Context, seq uint64) error {
			d.Seq = seq
			res, err := s.coll().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: old.Version}}, &d)
			if err == nil && res.MatchedCount == 0 {
				err = platform.Localized(platform.Conflict, "error.conflict", nil, "document %q changed concurrently", id)
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	return s.forReader(ctx, &d)
}

// claimVersion keeps the document's current state as a version and makes
// this writer the only one that may replace it (see DB.claimVersion).
func (s *DocumentService) claimVersion(ctx context.Context, old *platform.Document) error {
	return s.db.claimVersion(ctx, versionClaim{
		versions: s.db.db.Collection(colDocumentVersions), records: s.coll(), parentKey: "docId", id: old.ID,
		version: old.Version, state: old,
		conflict: platform.Localized(platform.Conflict, "error.conflict", nil, "document %q changed concurrently", old.ID),
	})
}

// DeleteDocument implements platform.DocumentService. The document's
// attachments go with it: their records and texts at once, their stored
// files once no other attachment uses them.
func (s *DocumentService) DeleteDocument(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "DeleteDocument(%q)", id)
	if platform.UserFromContext(ctx) == nil {
		return platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	old, err := s.findDocument(ctx, id)
	if err != nil {
		return err
	}
	if _, err := checkEdit(ctx, old.Countries); err != nil {
		return s.db.denied(ctx, platform.TypeDocument, id, old, err)
	}
	err = s.db.write(ctx, documentWrite(platform.OpDelete, id, provisionKeys(old.Provisions)).audited(platform.ActionDelete, old, nil),
		func(ctx context.Context, _ uint64) error {
			res, err := s.coll().DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
			if err == nil && res.DeletedCount == 0 {
				err = notFound(id)
			}
			return err
		})
	if err != nil {
		return err
	}
	return translate(s.db.dropAttachments(ctx, id))
}

// FindDocumentVersions implements platform.DocumentService.
func (s *DocumentService) FindDocumentVersions(ctx context.Context, id string) ([]platform.DocumentVersion, error) {
	cur, err := s.findDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []platform.DocumentVersion{{Version: cur.Version, UpdatedAt: cur.UpdatedAt, UpdatedBy: cur.UpdatedBy, Current: true}}
	c, err := s.db.db.Collection(colDocumentVersions).Find(ctx, bson.D{{Key: "docId", Value: id}},
		options.Find().SetSort(bson.D{{Key: "version", Value: -1}}).
			SetProjection(bson.D{{Key: "version", Value: 1}, {Key: "doc.updatedAt", Value: 1}, {Key: "doc.updatedBy", Value: 1}, {Key: "doc.visibility", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	var rows []struct {
		Version int `bson:"version"`
		Doc     struct {
			UpdatedAt  time.Time `bson:"updatedAt"`
			UpdatedBy  string    `bson:"updatedBy"`
			Visibility string    `bson:"visibility"`
		} `bson:"doc"`
	}
	if err := c.All(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	u := platform.UserFromContext(ctx)
	for _, r := range rows {
		if r.Version >= cur.Version || !platform.CanSee(u, r.Doc.Visibility) {
			continue
		}
		out = append(out, platform.DocumentVersion{Version: r.Version, UpdatedAt: r.Doc.UpdatedAt, UpdatedBy: r.Doc.UpdatedBy})
	}
	if !platform.CanSee(u, platform.Members) {
		for i, v := range out {
			out[i] = v.ForReader(u)
		}
		return out, nil
	}
	ids := make([]string, 0, len(out))
	for _, v := range out {
		if v.UpdatedBy != "" && !slices.Contains(ids, v.UpdatedBy) {
			ids = append(ids, v.UpdatedBy)
		}
	}
	names, err := s.db.userNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].UpdatedByName = names[out[i].UpdatedBy]
	}
	return out, nil
}

// userNames returns the names of the users with these ids, as their
// accounts have them now (a deactivated user's too: what they wrote stays
// attributed to them). The hub's own work is the System user's; an id with
// no account has no name.
func (db *DB) userNames(ctx context.Context, ids []string) (map[string]string, error) {
	names := make(map[string]string, len(ids))
	var lookup []string
	for _, id := range ids {
		if id == platform.SystemID {
			names[id] = platform.System().Name
		} else {
			lookup = append(lookup, id)
		}
	}
	if len(lookup) == 0 {
		return names, nil
	}
	cur, err := db.db.Collection(colUsers).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: lookup}}}},
		options.Find().SetProjection(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	var rows []struct {
		ID   string `bson:"_id"`
		Name string `bson:"name"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		names[r.ID] = r.Name
	}
	return names, nil
}

// FindDocumentVersion implements platform.DocumentService. An earlier
// version is shown only to those who may see the document now and could see
// it then.
func (s *DocumentService) FindDocumentVersion(ctx context.Context, id string, version int) (*platform.Document, error) {
	cur, err := s.FindDocumentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if version == cur.Version {
		return cur, nil
	}
	missing := platform.Localized(platform.NotFound, "error.doc_version_not_found", map[string]any{"Number": version}, "document %q has no version %d", id, version)
	if version < 1 || version > cur.Version {
		return nil, missing
	}
	var row struct {
		Doc platform.Document `bson:"doc"`
	}
	err = s.db.db.Collection(colDocumentVersions).FindOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("%s.%d", id, version)}}).Decode(&row)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, missing
	}
	if err != nil {
		return nil, translate(err)
	}
	u := platform.UserFromContext(ctx)
	if !platform.CanSee(u, row.Doc.Visibility) {
		return nil, missing
	}
	fillNil(&row.Doc)
	return s.forReader(ctx, &row.Doc)
}

// AllDocuments calls fn for every document, whatever its visibility; it is
// for rebuilding search indexes.
func (s *DocumentService) AllDocuments(ctx context.Context, fn func(*platform.Document) error) error {
	return each(ctx, s.coll(), fn)
}

// each decodes every record of coll, in sequence order, and calls fn.
func each[T any](ctx context.Context, coll *mongo.Collection, fn func(*T) error) error {
	cur, err := coll.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "seq", Value: 1}}).SetBatchSize(500))
	if err != nil {
		return translate(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var v T
		if err := cur.Decode(&v); err != nil {
			return err
		}
		if err := fn(&v); err != nil {
			return err
		}
	}
	return translate(cur.Err())
}

// CountDocuments returns the number of documents, whatever their visibility.
func (s *DocumentService) CountDocuments(ctx context.Context) (int64, error) {
	n, err := s.coll().EstimatedDocumentCount(ctx)
	return n, translate(err)
}
