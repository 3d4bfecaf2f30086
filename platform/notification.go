package platform

import (
	"context"
	"time"
)

// NotificationOutbox is the notifications waiting to be mailed, as
// NoticeOutbox is the registration notices: a sender claims a notification
// before mailing it, so that of several hubs one mails it.
type NotificationOutbox interface {
	// PendingNotifications lists up to limit notifications not mailed
	// yet, oldest first, none older than MailNotificationsWithin (a hub
	// that gets mail later does not send a backlog).
	PendingNotifications(ctx context.Context, limit int) ([]Notification, error)
	// ClaimNotification makes the caller the one that mails it; false when
	// another sender holds it.
	ClaimNotification(ctx context.Context, id string) (bool, error)
	// MarkMailed records it mailed.
	MarkMailed(ctx context.Context, id string) error
	// ReleaseNotification gives a claimed notification back (the mail
	// failed): it is tried again later.
	ReleaseNotification(ctx context.Context, id string) error
}

// MailNotificationsWithin is how old a notification may be and still be
// mailed.
const MailNotificationsWithin = 7 * 24 * time.Hour
