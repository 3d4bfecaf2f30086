package account

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// Mailer sends a plain-text message to one address.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SMTPMailer sends mail through an SMTP server with net/smtp: implicit TLS
// on port 465, else STARTTLS when the server offers it (required before
// authenticating to anything but localhost, as net/smtp enforces).
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
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return fmt.Errorf("HUB_SMTP_FROM: %w", err)
	}
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(m.Host, strconv.Itoa(m.Port))
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(30 * time.Second)
	}
	d := &net.Dialer{Deadline: deadline}
	var conn net.Conn
	if m.Port == 465 {
		conn, err = tls.DialWithDialer(d, "tcp", addr, &tls.Config{ServerName: m.Host, MinVersion: tls.VersionTLS12})
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, m.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if m.Port != 465 {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: m.Host, MinVersion: tls.VersionTLS12}); err != nil {
				return err
			}
		}
	}
	if m.User != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server does not offer AUTH")
		}
		if err := c.Auth(smtp.PlainAuth("", m.User, m.Password, m.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt.Address); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(composeMail(from, rcpt, subject, body, time.Now())); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// composeMail builds a UTF-8 plain-text message, its headers encoded for
// any script and its body quoted-printable.
func composeMail(from, to *mail.Address, subject, body string, now time.Time) []byte {
	var id [12]byte
	_, _ = rand.Read(id[:])
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id[:])+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(body, "\n", "\r\n")))
	_ = qp.Close()
	return b.Bytes()
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
