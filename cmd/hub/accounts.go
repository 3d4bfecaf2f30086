package main

import (
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/platform/web/account"
)

// SMTPConfig is the mail part of Config (HUB_SMTP_*).
type SMTPConfig struct {
	Host, User, Password, From string
	Port                       int
}

// OIDCConfig is the single sign-on part of Config (HUB_OIDC_*).
type OIDCConfig struct {
	Issuer, ClientID, ClientSecret string
}

// parseProxies reads HUB_TRUSTED_PROXIES: addresses or CIDR ranges.
func parseProxies(c *Config, v string) error {
	c.TrustedProxies = nil
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return fmt.Errorf("%q is neither an address nor a CIDR range", p)
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return nil
}

// validateAccounts checks the variables that only make sense together.
func validateAccounts(c *Config) error {
	if c.SMTP.Host != "" {
		if c.SMTP.From == "" {
			return fmt.Errorf("HUB_SMTP_FROM is required when HUB_SMTP_HOST is set")
		}
		if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
			return fmt.Errorf("HUB_SMTP_FROM=%q: %v", c.SMTP.From, err)
		}
		if (c.SMTP.User == "") != (c.SMTP.Password == "") {
			return fmt.Errorf("HUB_SMTP_USER and HUB_SMTP_PASSWORD go together")
		}
	}
	o := c.OIDC
	if o.Issuer != "" || o.ClientID != "" || o.ClientSecret != "" {
		if o.Issuer == "" || o.ClientID == "" || o.ClientSecret == "" {
			return fmt.Errorf("HUB_OIDC_ISSUER, HUB_OIDC_CLIENT_ID and HUB_OIDC_CLIENT_SECRET go together")
		}
		u, err := url.Parse(o.Issuer)
		if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))) {
			return fmt.Errorf("HUB_OIDC_ISSUER=%q: want an https URL (http only on a loopback address, for tests)", o.Issuer)
		}
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// webSecurity is the web layer's settings of sessions and request safety
// (the core's) and of mail and single sign-on (the account module's).
type webSecurity struct {
	web.Security
	Mailer account.Mailer
	OIDC   *account.OIDCConfig
}

// security builds the web layer's account settings from the configuration.
func security(cfg Config) webSecurity {
	sec := webSecurity{Security: web.Security{BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies}}
	if cfg.SMTP.Host != "" {
		sec.Mailer = &account.SMTPMailer{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, User: cfg.SMTP.User,
			Password: cfg.SMTP.Password, From: cfg.SMTP.From}
	}
	if cfg.OIDC.Issuer != "" {
		sec.OIDC = &account.OIDCConfig{Issuer: cfg.OIDC.Issuer, ClientID: cfg.OIDC.ClientID, ClientSecret: cfg.OIDC.ClientSecret,
			RedirectURL: cfg.BaseURL + "/auth/oidc/callback"}
	}
	return sec
}
