package events

import (
	"context"
	"log/slog"
	"net/url"
	"time"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// Mailer sends a plain-text message to one address (the account module's
// SMTPMailer is one).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// NoticeSender mails registration notices (registered, moved up from the
// waiting list, not approved…) in each participant's language, with the
// link to their registration. Without a mailer the hub keeps the notices
// on the registrations' pages only. Several hubs may run one each: a
// notice is claimed before it is mailed.
type NoticeSender struct {
	Outbox platform.NoticeOutbox
	Events platform.EventService
	Mailer Mailer
	Bundle *i18n.Bundle
	// BaseURL is the hub's public address, for the links.
	BaseURL string
	Logger  *slog.Logger
}

// Run mails pending notices every interval until ctx ends.
func (n *NoticeSender) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := n.SendPending(ctx); err != nil && ctx.Err() == nil {
			n.Logger.Warn("notices: mailing failed; will try again", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendPending mails the notices waiting now and returns how many it
// mailed. A notice whose mail fails is given back for the next round.
func (n *NoticeSender) SendPending(ctx context.Context) (int, error) {
	pending, err := n.Outbox.PendingNotices(ctx, 100)
	if err != nil {
		return 0, err
	}
	sys := platform.NewContextWithUser(ctx, platform.System())
	sent := 0
	for _, notice := range pending {
		ok, err := n.Outbox.ClaimNotice(ctx, notice.ID)
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		e, err := n.Events.FindEventByID(sys, notice.EventID)
		if err == nil {
			subject, body := n.compose(notice, e)
			err = n.Mailer.Send(ctx, notice.Email, subject, body)
		}
		if err != nil {
			if rerr := n.Outbox.ReleaseNotice(context.WithoutCancel(ctx), notice.ID); rerr != nil {
				n.Logger.Warn("notices: could not give a notice back", "notice", notice.ID, "err", rerr)
			}
			return sent, err
		}
		if err := n.Outbox.NoticeSent(ctx, notice.ID); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// compose writes a notice's mail in the participant's language.
func (n *NoticeSender) compose(notice platform.Notice, e *platform.Event) (subject, body string) {
	l := n.Bundle.Localizer(notice.Language)
	title, _ := e.Title(i18n.Chain(notice.Language))
	loc := e.Location()
	link := n.BaseURL + "/" + notice.Language + "/registrations/" + notice.RegistrationID
	if notice.Token != "" {
		link += "?token=" + url.QueryEscape(notice.Token)
	}
	data := map[string]any{"Event": title}
	subject = l.T("notice.mail_subject", data)
	body = l.T("notice."+notice.Kind) + "\n\n" + title + "\n" +
		e.Start.In(loc).Format("2006-01-02 15:04") + " – " + e.End.In(loc).Format("2006-01-02 15:04") + " (" + e.TimeZone + ")\n\n" +
		l.T("notice.mail_link") + "\n" + link + "\n"
	return subject, body
}
