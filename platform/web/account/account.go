package account

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// accountView is what the account page shows.
type accountView struct {
	User      *platform.User
	Tokens    []tokenView
	Languages []web.LangLink
	Notice    string
	// Section and Error say which form was refused, and why.
	Section string
	Error   *formError
	// TokenName and TokenExpiry refill the token form after a refusal.
	TokenName, TokenExpiry string
}

// tokenView is a token as the account page lists it.
type tokenView struct {
	*platform.Token
	Active bool
}

func (s *server) accountView(c *gin.Context) (*accountView, error) {
	u := web.User(c)
	ctx := c.Request.Context()
	fresh, err := s.Users.FindUserByID(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	tokens, err := s.Users.FindTokens(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	v := &accountView{User: fresh, Notice: s.notice(c), TokenExpiry: "90"}
	now := s.Now()
	for _, t := range tokens {
		v.Tokens = append(v.Tokens, tokenView{Token: t, Active: t.Active(now)})
	}
	for _, lg := range i18n.Languages() {
		v.Languages = append(v.Languages, web.LangLink{Code: lg.Code, Name: lg.Name, Current: lg.Code == fresh.Language})
	}
	return v, nil
}

func (s *server) renderAccount(c *gin.Context, status int, v *accountView) {
	s.Render(c, status, "account", "account", s.Localizer(c).T("account.title"), v)
}

func (s *server) accountPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	v, err := s.accountView(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.renderAccount(c, http.StatusOK, v)
}

// accountFormFailed shows the account page again with a refused form's
// message next to that form.
func (s *server) accountFormFailed(c *gin.Context, section string, err error, fill func(*accountView)) {
	v, verr := s.accountView(c)
	if verr != nil {
		s.WriteError(c, verr)
		return
	}
	fe := s.formFailure(c, err)
	v.Section, v.Error = section, &fe
	if fill != nil {
		fill(v)
	}
	s.renderAccount(c, fe.Status, v)
}

func (s *server) updateProfile(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	u := web.User(c)
	name, org, lang, zone := c.PostForm("name"), c.PostForm("organization"), c.PostForm("language"), c.PostForm("time_zone")
	if _, err := s.Users.UpdateUser(c.Request.Context(), u.ID, platform.UserUpdate{Name: &name, Organization: &org, Language: &lang, TimeZone: &zone}); err != nil {
		s.accountFormFailed(c, "profile", err, nil)
		return
	}
	to := web.Lang(c)
	if lang != "" && i18n.Supported(lang) {
		to = lang
	}
	c.Redirect(http.StatusSeeOther, "/"+to+"/account?notice=profile_saved")
}

func (s *server) changePassword(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if c.PostForm("new") != c.PostForm("confirm") {
		s.accountFormFailed(c, "password", platform.Localized(platform.Invalid, "account.error.confirm_mismatch", nil, "passwords differ"), nil)
		return
	}
	secret, err := s.Accounts.ChangePassword(c.Request.Context(), c.PostForm("current"), c.PostForm("new"))
	if err != nil {
		s.accountFormFailed(c, "password", err, nil)
		return
	}
	s.SetSessionCookie(c, secret)
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/account?notice=password_changed")
}

// secretView shows a secret once: a new API token or a one-time link.
type secretView struct {
	Kind   string // "token", "invitation", "reset"
	Secret string
	Name   string
	User   *platform.User
	Mailed bool
	// Back is where the page leads on.
	Back string
}

// tokenExpiry reads the token form's lifetime in days ("0" or "": none).
func tokenExpiry(days string, now time.Time) (*time.Time, error) {
	days = strings.TrimSpace(days)
	if days == "" || days == "0" {
		return nil, nil
	}
	n, err := strconv.Atoi(days)
	if err != nil || n < 1 || n > 3650 {
		return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "expiry"}, "bad expiry %q", days)
	}
	t := now.Add(time.Duration(n) * 24 * time.Hour).UTC()
	return &t, nil
}

func (s *server) createTokenPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	u := web.User(c)
	name, days := c.PostForm("name"), c.PostForm("expiry")
	exp, err := tokenExpiry(days, s.Now())
	if err == nil {
		var secret string
		secret, _, err = s.Users.CreateToken(c.Request.Context(), u.ID, name, exp)
		if err == nil {
			web.NoStore(c)
			s.Render(c, http.StatusCreated, "secret", "account", s.Localizer(c).T("account.tokens.created_title"), secretView{
				Kind: "token", Secret: secret, Name: name, Back: "/" + web.Lang(c) + "/account",
			})
			return
		}
	}
	s.accountFormFailed(c, "tokens", err, func(v *accountView) { v.TokenName, v.TokenExpiry = name, days })
}

func (s *server) revokeTokenPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if err := s.Users.RevokeToken(c.Request.Context(), web.User(c).ID, c.Param("id")); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/account?notice=token_revoked")
}

// exportPage downloads everything the hub holds about the signed-in user.
func (s *server) exportPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	s.writeExport(c, web.User(c).ID)
}

func (s *server) writeExport(c *gin.Context, id string) {
	ex, err := s.Users.ExportUser(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	b, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	web.NoStore(c)
	c.Header("Content-Disposition", `attachment; filename="uncac-hub-my-data-`+ex.ExportedAt.Format("2006-01-02")+`.json"`)
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}

func (s *server) requestDeletionPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if err := s.Users.RequestDeletion(c.Request.Context(), c.PostForm("reason")); err != nil {
		s.accountFormFailed(c, "deletion", err, nil)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/account?notice=deletion_requested")
}
