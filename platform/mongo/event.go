package mongo

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// EventService implements platform.EventService on MongoDB.
type EventService struct{ db *DB }

var _ platform.EventService = (*EventService)(nil)

// NewEventService returns the event service of db.
func NewEventService(db *DB) *EventService { return &EventService{db: db} }

// FindEvents implements platform.EventService.
func (s *EventService) FindEvents(ctx context.Context, f platform.EventFilter) ([]*platform.Event, error) {
	filter := bson.D{visibleFilter(ctx)}
	if !f.EndsAfter.IsZero() {
		filter = append(filter, bson.E{Key: "end", Value: bson.D{{Key: "$gte", Value: f.EndsAfter}}})
	}
	if !f.StartsBefore.IsZero() {
		filter = append(filter, bson.E{Key: "start", Value: bson.D{{Key: "$lt", Value: f.StartsBefore}}})
	}
	dir := 1
	if f.Descending {
		dir = -1
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	cur, err := s.db.db.Collection(colEvents).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "start", Value: dir}}).SetLimit(int64(min(limit, 100))))
	if err != nil {
		return nil, translate(err)
	}
	var out []*platform.Event
	if err := cur.All(ctx, &out); err != nil {
		return nil, translate(err)
	}
	return out, nil
}

// CreateEvent implements platform.EventService.
func (s *EventService) CreateEvent(ctx context.Context, e *platform.Event) (err error) {
	defer platform.Wrap(&err, "CreateEvent")
	u, err := checkEdit(ctx, e.Countries)
	if err == nil {
		err = checkVisibility(u, e.Visibility)
	}
	if err != nil {
		return s.db.deniedAttempt(ctx, platform.TypeEvent, "", nil, e, err)
	}
	if err := e.Validate(); err != nil {
		return err
	}
	now := s.db.now()
	e.ID, e.CreatedAt, e.UpdatedAt = bson.NewObjectID().Hex(), now, now
	return s.db.write(ctx, upsert(platform.TypeEvent, e.ID).audited(platform.ActionCreate, nil, e),
		func(ctx context.Context, seq uint64) error {
			e.Seq = seq
			_, err := s.db.db.Collection(colEvents).InsertOne(ctx, e)
			return err
		})
}

// FindEventByID returns an event the user in ctx may see. Codes: NotFound.
func (s *EventService) FindEventByID(ctx context.Context, id string) (*platform.Event, error) {
	var e platform.Event
	err := s.db.db.Collection(colEvents).FindOne(ctx, byID(id)).Decode(&e) // see byid.go
	if errors.Is(err, mongo.ErrNoDocuments) || err == nil && !visible(ctx, e.Visibility) {
		return nil, platform.Localized(platform.NotFound, "error.not_found", nil, "event %q not found", id)
	}
	if err != nil {
		return nil, translate(err)
	}
	return &e, nil
}

// AllEvents calls fn for every event, whatever its visibility; it is for
// rebuilding search indexes.
func (s *EventService) AllEvents(ctx context.Context, fn func(*platform.Event) error) error {
	return each(ctx, s.db.db.Collection(colEvents), fn)
}

// CountEvents returns the number of events, whatever their visibility.
func (s *EventService) CountEvents(ctx context.Context) (int64, error) {
	n, err := s.db.db.Collection(colEvents).EstimatedDocumentCount(ctx)
	return n, translate(err)
}
