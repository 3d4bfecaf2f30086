package mongo

import (
	"context"
	"errors"
	"fmt"

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
	var d platform.Document
	err := s.coll().FindOne(ctx, bson.D{{Key: "_id", Value: id}, visibleFilter(ctx)}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, translate(err)
	}
	return &d, nil
}

// FindDocuments implements platform.DocumentService.
func (s *DocumentService) FindDocuments(ctx context.Context, f platform.DocumentFilter) ([]*platform.Document, int, error) {
	filter := bson.D{visibleFilter(ctx)}
	if len(f.IDs) > 0 {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$in", Value: f.IDs}}})
	}
	if len(f.Kinds) > 0 {
		filter = append(filter, bson.E{Key: "kind", Value: bson.D{{Key: "$in", Value: f.Kinds}}})
	}
	if len(f.Countries) > 0 {
		filter = append(filter, bson.E{Key: "countries", Value: bson.D{{Key: "$in", Value: f.Countries}}})
	}
	if len(f.Areas) > 0 {
		filter = append(filter, bson.E{Key: "areas", Value: bson.D{{Key: "$in", Value: f.Areas}}})
	}
	if len(f.Articles) > 0 {
		filter = append(filter, bson.E{Key: "uncacArticles", Value: bson.D{{Key: "$in", Value: f.Articles}}})
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

// CreateDocument implements platform.DocumentService.
func (s *DocumentService) CreateDocument(ctx context.Context, in platform.DocumentInput) (_ *platform.Document, err error) {
	defer platform.Wrap(&err, "CreateDocument")
	u, err := checkEdit(ctx, in.Countries)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	seq, err := s.db.nextSeq(ctx)
	if err != nil {
		return nil, translate(err)
	}
	now := s.db.now()
	d := &platform.Document{
		ID: bson.NewObjectID().Hex(), Kind: in.Kind, Countries: in.Countries, Areas: in.Areas,
		UncacArticles: in.UncacArticles, Visibility: in.Visibility, Translations: in.Translations,
		CreatedAt: now, UpdatedAt: now, CreatedBy: u.ID, Version: 1, Seq: seq,
	}
	fillNil(d)
	if _, err := s.coll().InsertOne(ctx, d); err != nil {
		s.db.fillGap(ctx, seq, colDocuments, d.ID)
		return nil, translate(err)
	}
	if err := s.db.appendChange(ctx, seq, colDocuments, d.ID, platform.OpUpsert); err != nil {
		return nil, translate(err)
	}
	return d, nil
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
	if d.Translations == nil {
		d.Translations = map[string]platform.Translation{}
	}
}

// UpdateDocument implements platform.DocumentService. The previous state is
// kept in the versions collection before it is replaced; the replacement only
// succeeds if nobody changed the document in between.
func (s *DocumentService) UpdateDocument(ctx context.Context, id string, in platform.DocumentInput) (_ *platform.Document, err error) {
	defer platform.Wrap(&err, "UpdateDocument(%q)", id)
	if platform.UserFromContext(ctx) == nil {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	old, err := s.FindDocumentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	// The editor must be allowed to edit both the record as it was and as it
	// will be, so a focal point cannot move a record out of (or into)
	// another country's hands.
	if _, err := checkEdit(ctx, old.Countries); err != nil {
		return nil, err
	}
	if _, err := checkEdit(ctx, in.Countries); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.db.db.Collection(colDocumentVersions).InsertOne(ctx, bson.D{
		{Key: "_id", Value: fmt.Sprintf("%s.%d", old.ID, old.Version)},
		{Key: "docId", Value: old.ID}, {Key: "version", Value: old.Version}, {Key: "doc", Value: old},
	}); err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, translate(err)
	}
	seq, err := s.db.nextSeq(ctx)
	if err != nil {
		return nil, translate(err)
	}
	d := *old
	d.Kind, d.Countries, d.Areas, d.UncacArticles = in.Kind, in.Countries, in.Areas, in.UncacArticles
	d.Visibility, d.Translations = in.Visibility, in.Translations
	d.UpdatedAt, d.Version, d.Seq = s.db.now(), old.Version+1, seq
	fillNil(&d)
	res, err := s.coll().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: old.Version}}, &d)
	if err != nil {
		s.db.fillGap(ctx, seq, colDocuments, id)
		return nil, translate(err)
	}
	if res.MatchedCount == 0 {
		s.db.fillGap(ctx, seq, colDocuments, id)
		return nil, platform.Localized(platform.Conflict, "error.conflict", nil, "document %q changed concurrently", id)
	}
	if err := s.db.appendChange(ctx, seq, colDocuments, id, platform.OpUpsert); err != nil {
		return nil, translate(err)
	}
	return &d, nil
}

// DeleteDocument implements platform.DocumentService.
func (s *DocumentService) DeleteDocument(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "DeleteDocument(%q)", id)
	if platform.UserFromContext(ctx) == nil {
		return platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	old, err := s.FindDocumentByID(ctx, id)
	if err != nil {
		return err
	}
	if _, err := checkEdit(ctx, old.Countries); err != nil {
		return err
	}
	seq, err := s.db.nextSeq(ctx)
	if err != nil {
		return translate(err)
	}
	res, err := s.coll().DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		s.db.fillGap(ctx, seq, colDocuments, id)
		return translate(err)
	}
	if res.DeletedCount == 0 {
		s.db.fillGap(ctx, seq, colDocuments, id)
		return notFound(id)
	}
	return translate(s.db.appendChange(ctx, seq, colDocuments, id, platform.OpDelete))
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
