// Package account serves accounts: sign-in with a password or single
// sign-on (OpenID Connect), sign-out, invitations and password resets by
// one-time links (mailed when mail is set up), the account page with API
// tokens, personal-data export and deletion requests, the secretariat's users
// pages (where it erases a user's personal data) and the audit trail, and
// their JSON API. It is a web.Module.
package account

import (
	"embed"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Module is the accounts' part of the web layer. The users and accounts
// services are the web.Server's (it needs them to know who is asking).
// Fields are set once, before the server's handler is built.
type Module struct {
	// Audit is the trail the secretariat reads.
	Audit platform.AuditService
	// Mailer sends invitation and reset links; nil: links are only shown.
	Mailer Mailer
	// OIDC, when set, offers single sign-on with an OpenID Connect provider.
	OIDC *OIDCConfig
}

var _ web.Module = (*Module)(nil)

// server is the module's handlers: the web core's helpers and services, and
// the module's.
type server struct {
	*web.Server
	*Module
	oidc *oidcClient
}

// safeNext accepts only a local path as where to go after signing in, so
// that the sign-in page cannot be used to send people to another site.
func safeNext(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\\") || len(next) > 2000 {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return fallback
	}
	return next
}

// accountPages are the templates of the module's pages.
var accountPages = []string{"signin", "forgot", "link", "account", "secret", "users", "user", "audit"}

// Register implements web.Module: the sign-in, account, users and audit
// pages and their API. The middlewares that identify users and check
// origins are the core's, for every route.
func (m *Module) Register(r *web.Router) error {
	if err := r.ParsePages(templates, accountFuncs, accountPages...); err != nil {
		return err
	}
	s := &server{Server: r.Server(), Module: m}
	if m.OIDC != nil {
		s.oidc = newOIDCClient(*m.OIDC)
		r.Root.GET("/auth/oidc/callback", s.oidcCallback)
	}
	p := r.Pages
	p.GET("/signin", s.signInPage)
	p.POST("/signin", s.signIn)
	p.GET("/signin/oidc", s.oidcStart)
	p.POST("/signout", s.signOut)
	p.GET("/signin/forgot", s.forgotPage)
	p.POST("/signin/forgot", s.forgot)
	p.GET("/invitation/:secret", s.linkPage(platform.LinkInvitation))
	p.POST("/invitation/:secret", s.useLink(platform.LinkInvitation))
	p.GET("/reset/:secret", s.linkPage(platform.LinkReset))
	p.POST("/reset/:secret", s.useLink(platform.LinkReset))

	p.GET("/account", s.accountPage)
	p.POST("/account", s.updateProfile)
	p.POST("/account/password", s.changePassword)
	p.POST("/account/tokens", s.createTokenPage)
	p.POST("/account/tokens/:id/revoke", s.revokeTokenPage)
	p.GET("/account/export", s.exportPage)
	p.POST("/account/deletion", s.requestDeletionPage)
	p.POST("/account/signout-everywhere", s.signOutEverywhere)

	p.GET("/users", s.usersPage)
	p.POST("/users", s.inviteUser)
	p.GET("/users/:id", s.userPage)
	p.POST("/users/:id", s.updateUserPage)
	p.POST("/users/:id/link", s.userLink)
	p.GET("/users/:id/erase", s.eraseUserConfirm)
	p.POST("/users/:id/erase", s.eraseUserPage)

	p.GET("/audit", s.auditPage)

	api := r.API
	api.GET("/me", s.apiMe)
	api.GET("/me/export", s.apiExport)
	api.GET("/me/tokens", s.apiTokens)
	api.POST("/me/tokens", s.apiCreateToken)
	api.DELETE("/me/tokens/:id", s.apiRevokeToken)
	api.GET("/users", s.apiUsers)
	api.POST("/users", s.apiInvite)
	api.GET("/users/:id", s.apiUser)
	api.PATCH("/users/:id", s.apiUpdateUser)
	api.POST("/users/:id/erase", s.apiEraseUser)
	api.GET("/audit", s.apiAudit)
	return nil
}

// linkURL is the absolute address of a one-time link, at the hub's public
// address (never the request's Host, which a sender of a reset request
// could forge to receive the link).
func (s *server) linkURL(c *gin.Context, lang, kind, secret string) string {
	return s.PublicURL() + "/" + lang + "/" + kind + "/" + url.PathEscape(secret)
}

// accountFuncs are template helpers of the account pages.
var accountFuncs = template.FuncMap{
	"datetime": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"deref": func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	},
	"list": func(v ...string) []string { return v },
	// roleKey turns a role into its message id segment (focal-point:
	// focal_point).
	"roleKey": func(role string) string { return strings.ReplaceAll(role, "-", "_") },
	// tOr translates id, or shows fallback when no language has it (a
	// record kind or action added by a later part of the hub).
	"tOr": func(l *i18n.Localizer, id, fallback string) string {
		if t := l.T(id); t != id {
			return t
		}
		return fallback
	},
}
