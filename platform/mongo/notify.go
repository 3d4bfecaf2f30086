package mongo

import (
	"context"

	"github.com/ca-uncac/hub/platform"
)

// notifyFollowers tells the followers of any of targets who may read a
// record of the given visibility and country what happened (n without its
// ID and User, which are filled per follower). The roadmap's writes call it
// after their commit; a failure to notify is logged by the caller, never
// undoes the write.
//
// The follows and notifications (FollowService) are being built; until
// then nobody follows anything and there is no one to tell.
func (db *DB) notifyFollowers(ctx context.Context, n platform.Notification, visibility, country string, targets ...platform.FollowTarget) error {
	_, _, _, _, _ = ctx, n, visibility, country, targets
	return nil
}
