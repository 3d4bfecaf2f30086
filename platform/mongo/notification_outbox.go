package mongo

import (
	"cmp"
	"context"
	"slices"

	"github.com/ca-uncac/hub/platform"
)

// colNotificationClaims holds the claims of notification senders (see
// claimOnce).
const colNotificationClaims = "notification_claims"

var _ platform.NotificationOutbox = (*FollowService)(nil)

// PendingNotifications implements platform.NotificationOutbox, from the
// mirror.
func (s *FollowService) PendingNotifications(ctx context.Context, limit int) ([]platform.Notification, error) {
	since := s.db.now().Add(-platform.MailNotificationsWithin)
	var out []platform.Notification
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, n := range m.roadmap.notifications.rows {
			if n.Mailed == nil && n.At.After(since) {
				out = append(out, *n)
			}
		}
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b platform.Notification) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	return out[:min(limit, len(out))], nil
}

// ClaimNotification implements platform.NotificationOutbox.
func (s *FollowService) ClaimNotification(ctx context.Context, id string) (bool, error) {
	return s.db.claimOnce(ctx, colNotificationClaims, id)
}

// MarkMailed implements platform.NotificationOutbox: the notification is
// replaced whole through the write path with its time of mailing.
func (s *FollowService) MarkMailed(ctx context.Context, id string) error {
	var n *platform.Notification
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.roadmap.notifications.rows[id]; got != nil {
			c := *got
			n = &c
		}
	}); err != nil || n == nil {
		return err
	}
	now := s.db.now()
	n.Mailed = &now
	return s.db.replaceNotifications(ctx, []platform.Notification{*n})
}

// ReleaseNotification implements platform.NotificationOutbox.
func (s *FollowService) ReleaseNotification(ctx context.Context, id string) error {
	_, err := s.db.db.Collection(colNotificationClaims).DeleteOne(ctx, byID(id))
	return translate(err)
}
