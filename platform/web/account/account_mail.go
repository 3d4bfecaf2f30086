package account

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/ca-uncac/hub/platform"
)

// Mailer sends a plain-text message to one address.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SMTPMailer sends mail through an SMTP server with github.com/wneessen/go-mail
// (the maintained successor to the frozen net/smtp): implicit TLS on port
// 465, else STARTTLS when the server offers it; authentication (PLAIN) is
// refused over a connection that is not encrypted, except to localhost.
type SMTPMailer struct {
	// Host and Port are the SMTP server's; User and Password, when set,
	// authenticate to it.
	Host     string
	Port     int
	User     string
	Password string
	From     string // an address, optionally with a name: "UNCAC Hub <hub@example.org>"
}

// Send implements Mailer.
func (m *SMTPMailer) Send(ctx context.Context, to, subject, body string) (err error) {
	defer platform.Wrap(&err, "send mail to %s via %s", to, m.Host)
	msg, err := newMessage(m.From, to, subject, body)
	if err != nil {
		return err
	}
	timeout := 30 * time.Second
	if deadline, ok := ctx.Deadline(); ok {
		timeout = time.Until(deadline)
	}
	opts := []gomail.Option{gomail.WithPort(m.Port), gomail.WithTimeout(timeout)}
	if m.Port == 465 {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSOpportunistic))
	}
	if m.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(m.User), gomail.WithPassword(m.Password))
	}
	c, err := gomail.NewClient(m.Host, opts...)
	if err != nil {
		return err
	}
	c.SetTLSConfig(&tls.Config{ServerName: m.Host, MinVersion: tls.VersionTLS12})
	return c.DialAndSendWithContext(ctx, msg)
}

// newMessage builds a UTF-8 plain-text message, its headers encoded for any
// script and its body quoted-printable, marked as sent by a program
// (Auto-Submitted, so that vacation replies stay away).
func newMessage(from, to, subject, body string) (*gomail.Msg, error) {
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("HUB_SMTP_FROM: %w", err)
	}
	msg := gomail.NewMsg(gomail.WithEncoding(gomail.EncodingQP), gomail.WithCharset(gomail.CharsetUTF8))
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("HUB_SMTP_FROM: %w", err)
	}
	if err := msg.To(to); err != nil {
		return nil, err
	}
	msg.Subject(subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, body)
	return msg, nil
}

// mailLink mails a one-time link to u in lang.
func (s *server) mailLink(ctx context.Context, u *platform.User, lang, kind, link string) error {
	if s.Mailer == nil {
		return errors.New("no mailer")
	}
	l := s.Bundle.Localizer(lang)
	data := map[string]any{"Name": u.Name, "Link": link, "Site": l.T("site.name")}
	ttl := platform.InvitationTTL
	if kind == platform.LinkReset {
		ttl = platform.ResetTTL
	}
	data["Hours"] = int(ttl.Hours())
	subject := l.T("account.mail."+kind+".subject", data)
	body := l.T("account.mail."+kind+".body", data)
	return s.Mailer.Send(ctx, u.Email, subject, body)
}
