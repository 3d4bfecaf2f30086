package mongo

import (
	"context"

	"github.com/ca-uncac/hub/platform"
)

// NotifyFollowers exposes notifyFollowers to the external tests (the
// roadmap's items call it).
func NotifyFollowers(ctx context.Context, db *DB, n platform.Notification, visibility, country string, targets ...platform.FollowTarget) error {
	return db.notifyFollowers(ctx, n, visibility, country, targets...)
}
