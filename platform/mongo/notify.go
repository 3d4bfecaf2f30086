package mongo

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
)

// notifyFollowers tells the followers of any of targets who may read a
// record of the given visibility and country what happened (n without its
// ID and User, which are filled per follower). The roadmap's writes call it
// after their commit; a failure to notify is logged by the caller, never
// undoes the write.
//
// The followers are found in the mirror (by target); the one acting (the
// user in ctx) is not told of their own change; each follower's account is
// read, and one disabled, erased or not allowed to see the visibility is
// not told. A follower of several of the targets gets one notification.
// The notifications are written in one commit.
func (db *DB) notifyFollowers(ctx context.Context, n platform.Notification, visibility, country string, targets ...platform.FollowTarget) error {
	actor := ""
	if u := platform.UserFromContext(ctx); u != nil {
		actor = u.ID
	}
	var users []string
	if err := db.mirror().view(ctx, func(m *mirror) {
		for _, t := range targets {
			for _, f := range m.roadmap.follows.by[followKey(t)] {
				if f.User != actor {
					users = append(users, f.User)
				}
			}
		}
	}); err != nil {
		return err
	}
	slices.Sort(users)
	users = slices.Compact(users)
	if n.At.IsZero() {
		n.At = db.now()
	}
	if n.Country == "" {
		n.Country = country
	}
	n.Read, n.Mailed = false, nil
	n.Title = shortTitle(n.Title)
	var out []platform.Notification
	for _, id := range users {
		u, err := db.userByID(ctx, id)
		if platform.ErrorCode(err) == platform.NotFound {
			continue
		}
		if err != nil {
			return err
		}
		if u.Disabled || u.ErasedAt != nil || !platform.CanSee(&u.User, visibility) {
			continue
		}
		c := n
		c.ID, c.User = bson.NewObjectID().Hex(), id
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil
	}
	ws := make([]write, len(out))
	for i := range out {
		ws[i] = upsert(platform.TypeNotification, out[i].ID)
	}
	return db.commit(ctx, ws, func(ctx context.Context, seqs []uint64) error {
		docs := make([]any, len(out))
		for i := range out {
			out[i].Seq = seqs[i]
			ws[i].changes[0].rec = out[i]
			docs[i] = out[i]
		}
		_, err := db.db.Collection(colNotifications).InsertMany(ctx, docs)
		return err
	})
}

// warnNotify logs a failure to notify the followers of record id: the
// write it followed stands.
func warnNotify(id string, err error) {
	slog.Default().Warn("roadmap: could not notify followers", "record", id, "err", err)
}

// notificationTitle bounds a notification's title in each language: a
// recommendation's title is its text, which may be pages long, and each
// follower's notification keeps a copy.
const notificationTitle = 200

func shortTitle(t platform.Text) platform.Text {
	out := make(platform.Text, len(t))
	for lang, s := range t {
		if r := []rune(s); len(r) > notificationTitle {
			s = strings.TrimSpace(string(r[:notificationTitle-1])) + "…"
		}
		out[lang] = s
	}
	return out
}
