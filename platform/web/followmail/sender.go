// Package followmail mails the roadmap's notifications (a followed
// commitment's status, a claim verified, a recommendation's rating…) to
// their users, in each user's language, with the link to the record and
// to their notifications. It is the notifications' counterpart of the
// events' NoticeSender: without a mailer the hub keeps the notifications
// on the notifications page only.
package followmail

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// Mailer sends a plain-text message to one address (the account module's
// SMTPMailer is one).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Users reads the account a notification is for (its email and
// language), whatever the caller's rights.
type Users interface {
	FindUserByID(ctx context.Context, id string) (*platform.User, error)
}

// Sender mails pending notifications. Several hubs may run one each: a
// notification is claimed before it is mailed.
type Sender struct {
	Outbox platform.NotificationOutbox
	Users  Users
	Mailer Mailer
	Bundle *i18n.Bundle
	// BaseURL is the hub's public address, for the links.
	BaseURL string
	Logger  *slog.Logger
}

// Run mails pending notifications every interval until ctx ends.
func (s *Sender) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.SendPending(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Warn("notifications: mailing failed; will try again", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendPending mails the notifications waiting now and returns how many it
// mailed. One whose mail fails is given back for the next round; one
// whose user is gone, deactivated or erased is marked mailed unsent (no
// one is there to read it).
func (s *Sender) SendPending(ctx context.Context) (int, error) {
	pending, err := s.Outbox.PendingNotifications(ctx, 100)
	if err != nil {
		return 0, err
	}
	sys := platform.NewContextWithUser(ctx, platform.System())
	sent := 0
	for _, n := range pending {
		ok, err := s.Outbox.ClaimNotification(ctx, n.ID)
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		u, err := s.Users.FindUserByID(sys, n.User)
		switch {
		case platform.ErrorCode(err) == platform.NotFound, err == nil && (u.Disabled || u.ErasedAt != nil || u.Email == ""):
			err = nil
		case err == nil:
			subject, body := s.Compose(n, u)
			err = s.Mailer.Send(ctx, u.Email, subject, body)
			if err == nil {
				sent++
			}
		}
		if err != nil {
			if rerr := s.Outbox.ReleaseNotification(context.WithoutCancel(ctx), n.ID); rerr != nil {
				s.Logger.Warn("notifications: could not give one back", "notification", n.ID, "err", rerr)
			}
			return sent, err
		}
		if err := s.Outbox.MarkMailed(ctx, n.ID); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// Compose writes a notification's mail in its user's language (else
// English): what happened, the record's title, the link to it and to the
// user's notifications.
func (s *Sender) Compose(n platform.Notification, u *platform.User) (subject, body string) {
	lang := u.Language
	if !i18n.Supported(lang) {
		lang = "en"
	}
	l := s.Bundle.Localizer(lang)
	title := ""
	for _, c := range i18n.Chain(lang) {
		if title = n.Title[c]; title != "" {
			break
		}
	}
	if title == "" {
		title, _ = n.Title.In(lang)
	}
	base := strings.TrimRight(s.BaseURL, "/") + "/" + lang
	link := base + "/roadmap/items/" + n.RecordID
	subject = l.T("notification.mail_subject", map[string]any{"Name": oneLine(title, 80)})
	switch n.RecordType {
	case platform.TypeRecommendation:
		link = base + "/roadmap/recommendations/" + n.RecordID
	case platform.TypeBilateralSchedule: // the record is the conference
		link = base + "/events/" + n.RecordID + "/bilaterals"
		subject = l.T("roadmap.notify.schedule") + ": " + oneLine(title, 80)
	}
	body = l.T("notification.mail_"+string(n.Kind), map[string]any{"Detail": n.Detail}) + "\n\n" + title + "\n\n" +
		l.T("notification.mail_link") + "\n" + link + "\n\n" +
		l.T("notification.mail_settings") + "\n" + base + "/notifications\n"
	return subject, body
}

// oneLine shortens s to one line of at most n characters, for a subject.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
