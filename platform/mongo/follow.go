package mongo

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// The follows and the notifications they bring.
const (
	colFollows       = "follows"
	colNotifications = "notifications"
)

// Notification pages.
const (
	defaultNotificationPage = 50
	maxNotificationPage     = 500
)

// FollowService implements platform.FollowService on MongoDB. Follows and
// notifications are mirrored (see mirror_tables.go): the followers of a
// record and a user's notifications are found by key in memory, where
// FerretDB would read the whole collection for a filter on target or user.
type FollowService struct{ db *DB }

var _ platform.FollowService = (*FollowService)(nil)

// NewFollowService returns the follow service of db.
func NewFollowService(db *DB) *FollowService { return &FollowService{db: db} }

// FollowID is the id of user's follow of t: "<user>/<type>/<target id>".
func FollowID(user string, t platform.FollowTarget) string {
	return user + "/" + string(t.Type) + "/" + t.ID
}

func followTargetInvalid(field string, value any) error {
	return platform.Localized(platform.Invalid, "roadmap.error.bad_field", map[string]any{"Field": field, "Value": value},
		"%s: nothing to follow named %v", field, value)
}

func followTargetNotFound(t platform.FollowTarget) error {
	return platform.Localized(platform.NotFound, "roadmap.error.follow_not_found", nil, "no %s %q to follow", t.Type, t.ID)
}

// checkTarget makes sure t exists and u may see it.
func (s *FollowService) checkTarget(ctx context.Context, u *platform.User, t platform.FollowTarget) error {
	switch t.Type {
	case platform.FollowCountry:
		if t.ID != platform.RegionalKey && !slices.Contains(platform.Countries(), t.ID) {
			return followTargetInvalid("id", t.ID)
		}
		return nil
	case platform.TypeCommitment:
		if !platform.ValidRecordID(t.ID) {
			return followTargetNotFound(t)
		}
		var it struct {
			Visibility string `bson:"visibility"`
		}
		err := s.db.db.Collection(roadmapItemsColl).FindOne(ctx, byID(t.ID),
			options.FindOne().SetProjection(bson.D{{Key: "visibility", Value: 1}})).Decode(&it)
		if errors.Is(err, mongo.ErrNoDocuments) || err == nil && !platform.CanSee(u, it.Visibility) {
			return followTargetNotFound(t)
		}
		return translate(err)
	case platform.TypeRecommendation:
		visible := false
		if err := s.db.mirror().view(ctx, func(m *mirror) {
			r := m.roadmap.recs.rows[t.ID]
			visible = r != nil && platform.CanSee(u, r.Visibility)
		}); err != nil {
			return err
		}
		if !visible {
			return followTargetNotFound(t)
		}
		return nil
	}
	return followTargetInvalid("type", t.Type)
}

func follower(ctx context.Context) (*platform.User, error) {
	u := platform.UserFromContext(ctx)
	if u == nil || u.Disabled {
		return nil, signInRequired()
	}
	return u, nil
}

// Follow implements platform.FollowService.
func (s *FollowService) Follow(ctx context.Context, t platform.FollowTarget) (err error) {
	defer platform.Wrap(&err, "Follow(%s %q)", t.Type, t.ID)
	u, err := follower(ctx)
	if err != nil {
		return err
	}
	if err := s.checkTarget(ctx, u, t); err != nil {
		return err
	}
	id := FollowID(u.ID, t)
	exists := false
	if err := s.db.mirror().view(ctx, func(m *mirror) { exists = m.roadmap.follows.rows[id] != nil }); err != nil {
		return err
	}
	if exists {
		return nil
	}
	f := platform.Follow{ID: id, User: u.ID, Target: t, At: s.db.now()}
	return s.db.write(ctx, upsert(platform.TypeFollow, id).holding(f), func(ctx context.Context, seq uint64) error {
		f.Seq = seq
		_, err := s.db.db.Collection(colFollows).ReplaceOne(ctx, byID(id), f, options.Replace().SetUpsert(true))
		return err
	})
}

// Unfollow implements platform.FollowService.
func (s *FollowService) Unfollow(ctx context.Context, t platform.FollowTarget) (err error) {
	defer platform.Wrap(&err, "Unfollow(%s %q)", t.Type, t.ID)
	u, err := follower(ctx)
	if err != nil {
		return err
	}
	id := FollowID(u.ID, t)
	exists := false
	if err := s.db.mirror().view(ctx, func(m *mirror) { exists = m.roadmap.follows.rows[id] != nil }); err != nil {
		return err
	}
	if !exists {
		return nil
	}
	return s.db.write(ctx, remove(platform.TypeFollow, id), func(ctx context.Context, _ uint64) error {
		_, err := s.db.db.Collection(colFollows).DeleteOne(ctx, byID(id))
		return err
	})
}

// Following implements platform.FollowService: by type, then target.
func (s *FollowService) Following(ctx context.Context) ([]platform.Follow, error) {
	u, err := follower(ctx)
	if err != nil {
		return nil, err
	}
	out := []platform.Follow{}
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, f := range m.roadmap.follows.by[userKey(u.ID)] {
			out = append(out, *f)
		}
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b platform.Follow) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Notifications implements platform.FollowService: latest first; limit 0
// is 50, at most 500.
func (s *FollowService) Notifications(ctx context.Context, offset, limit int) ([]platform.Notification, int, error) {
	u, err := follower(ctx)
	if err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = defaultNotificationPage
	}
	limit = min(limit, maxNotificationPage)
	offset = max(offset, 0)
	var all []platform.Notification
	unread := 0
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, n := range m.roadmap.notifications.by[userKey(u.ID)] {
			all = append(all, *n)
			if !n.Read {
				unread++
			}
		}
	}); err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b platform.Notification) int { return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.ID, a.ID)) })
	lo := min(offset, len(all))
	return all[lo:min(lo+limit, len(all))], unread, nil
}

// MarkRead implements platform.FollowService: each notification read is
// replaced whole through the write path, in one commit. Ids of others'
// notifications are ignored.
func (s *FollowService) MarkRead(ctx context.Context, ids []string) (err error) {
	defer platform.Wrap(&err, "MarkRead(%d)", len(ids))
	u, err := follower(ctx)
	if err != nil {
		return err
	}
	var read []platform.Notification
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, n := range m.roadmap.notifications.by[userKey(u.ID)] {
			if !n.Read && (len(ids) == 0 || slices.Contains(ids, n.ID)) {
				c := *n
				c.Read = true
				read = append(read, c)
			}
		}
	}); err != nil {
		return err
	}
	return s.db.replaceNotifications(ctx, read)
}

// replaceNotifications stores changed notifications in one commit.
func (db *DB) replaceNotifications(ctx context.Context, ns []platform.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	ws := make([]write, len(ns))
	for i := range ns {
		ws[i] = upsert(platform.TypeNotification, ns[i].ID).holding(ns[i])
	}
	return db.commit(ctx, ws, func(ctx context.Context, seqs []uint64) error {
		models := make([]mongo.WriteModel, len(ns))
		for i := range ns {
			ns[i].Seq = seqs[i]
			ws[i].changes[0].rec = ns[i]
			models[i] = mongo.NewReplaceOneModel().SetFilter(byID(ns[i].ID)).SetReplacement(ns[i])
		}
		_, err := db.db.Collection(colNotifications).BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
		return err
	})
}
