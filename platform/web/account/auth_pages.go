package account

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// formError is a refused form's message and HTTP status.
type formError struct {
	Status  int
	Message string
}

// formFailure turns a service error into the message a form shows (see
// explain).
func (s *server) formFailure(c *gin.Context, err error) formError {
	status, msg := s.Explain(c, err)
	return formError{Status: status, Message: msg}
}

// noticeIDs are the notices a page may show after a redirect (?notice=),
// by name; anything else is ignored, so the parameter cannot inject text.
var noticeIDs = map[string]string{
	"signed_out":            "account.notice.signed_out",
	"signed_out_everywhere": "account.notice.signed_out_everywhere",
	"password_set":          "account.notice.password_set",
	"password_reset":        "account.notice.password_reset",
	"password_changed":      "account.notice.password_changed",
	"profile_saved":         "account.notice.profile_saved",
	"token_revoked":         "account.notice.token_revoked",
	"deletion_requested":    "account.notice.deletion_requested",
	"user_saved":            "account.notice.user_saved",
	"user_erased":           "account.notice.user_erased",
	"signin_required":       "account.notice.signin_required",
}

func (s *server) notice(c *gin.Context) string {
	if id, ok := noticeIDs[c.Query("notice")]; ok {
		return s.Localizer(c).T(id)
	}
	return ""
}

// signInView is what the sign-in page shows.
type signInView struct {
	Email, Next, Notice string
	Error               *formError
	OIDC                bool
	Forgot              bool
}

func (s *server) signInPage(c *gin.Context) {
	lang := web.Lang(c)
	if web.User(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next"), "/"+lang+"/account"))
		return
	}
	s.Render(c, http.StatusOK, "signin", "signin", s.Localizer(c).T("account.signin.title"), signInView{
		Next: safeNext(c.Query("next"), ""), Notice: s.notice(c), OIDC: s.oidc != nil,
	})
}

func (s *server) signIn(c *gin.Context) {
	lang := web.Lang(c)
	email, next := strings.TrimSpace(c.PostForm("email")), safeNext(c.PostForm("next"), "")
	u, secret, err := s.Accounts.SignIn(c.Request.Context(), email, c.PostForm("password"))
	if err != nil {
		fe := s.formFailure(c, err)
		s.Render(c, fe.Status, "signin", "signin", s.Localizer(c).T("account.signin.title"), signInView{
			Email: web.Clip(email, 254), Next: next, Error: &fe, OIDC: s.oidc != nil,
		})
		return
	}
	s.SetSessionCookie(c, secret)
	home := "/" + lang + "/"
	if u.Language != "" {
		home = "/" + u.Language + "/"
	}
	c.Redirect(http.StatusSeeOther, safeNext(next, home))
}

func (s *server) signOut(c *gin.Context) {
	lang := web.Lang(c)
	if secret := web.SessionSecret(c); secret != "" {
		if err := s.Accounts.SignOut(c.Request.Context(), secret); err != nil {
			s.WriteError(c, err)
			return
		}
	}
	s.ClearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/"+lang+"/signin?notice=signed_out")
}

func (s *server) signOutEverywhere(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if err := s.Accounts.SignOutEverywhere(c.Request.Context()); err != nil {
		s.WriteError(c, err)
		return
	}
	s.ClearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/signin?notice=signed_out_everywhere")
}

// forgotView is what the forgotten-password page shows.
type forgotView struct {
	Mail  bool // a reset link can be mailed
	Sent  bool
	Email string
	Error *formError
}

func (s *server) forgotPage(c *gin.Context) {
	s.Render(c, http.StatusOK, "forgot", "signin", s.Localizer(c).T("account.forgot.title"), forgotView{Mail: s.Mailer != nil})
}

// forgot mails a reset link when the email belongs to an active account,
// and answers the same whether it does or not.
func (s *server) forgot(c *gin.Context) {
	l := s.Localizer(c)
	v := forgotView{Mail: s.Mailer != nil, Email: web.Clip(strings.TrimSpace(c.PostForm("email")), 254)}
	if !v.Mail {
		s.Render(c, http.StatusOK, "forgot", "signin", l.T("account.forgot.title"), v)
		return
	}
	u, secret, err := s.Accounts.RequestReset(c.Request.Context(), v.Email)
	switch platform.ErrorCode(err) {
	case "":
		lang := u.Language
		if lang == "" {
			lang = web.Lang(c)
		}
		link := s.linkURL(c, lang, platform.LinkReset, secret)
		// Mail in the background: the answer must not take longer when
		// the account exists.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := s.mailLink(ctx, u, lang, platform.LinkReset, link); err != nil {
				s.Logger.Error("mail reset link", "user", u.ID, "err", err)
			}
		}()
	case platform.NotFound:
	default:
		fe := s.formFailure(c, err)
		v.Error = &fe
		s.Render(c, fe.Status, "forgot", "signin", l.T("account.forgot.title"), v)
		return
	}
	v.Sent = true
	s.Render(c, http.StatusOK, "forgot", "signin", l.T("account.forgot.title"), v)
}

// linkView is what an invitation or reset page shows.
type linkView struct {
	Kind    string
	User    *platform.User
	Invalid bool
	Error   *formError
}

// linkPage shows the form that sets a password through a one-time link, or
// says clearly that the link cannot be used (410 Gone).
func (s *server) linkPage(kind string) gin.HandlerFunc {
	return func(c *gin.Context) {
		web.NoStore(c)
		l := s.Localizer(c)
		u, err := s.Accounts.CheckLink(c.Request.Context(), kind, c.Param("secret"))
		switch platform.ErrorCode(err) {
		case "":
			s.Render(c, http.StatusOK, "link", "signin", l.T("account.link."+kind+".title"), linkView{Kind: kind, User: u})
		case platform.NotFound:
			s.Render(c, http.StatusGone, "link", "signin", l.T("account.link_invalid_title"), linkView{Kind: kind, Invalid: true})
		default:
			s.WriteError(c, err)
		}
	}
}

func (s *server) useLink(kind string) gin.HandlerFunc {
	return func(c *gin.Context) {
		web.NoStore(c)
		l := s.Localizer(c)
		lang := web.Lang(c)
		password := c.PostForm("password")
		if password != c.PostForm("confirm") {
			u, err := s.Accounts.CheckLink(c.Request.Context(), kind, c.Param("secret"))
			if err == nil {
				s.Render(c, http.StatusBadRequest, "link", "signin", l.T("account.link."+kind+".title"), linkView{Kind: kind, User: u,
					Error: &formError{Status: http.StatusBadRequest, Message: l.T("account.error.confirm_mismatch")}})
				return
			}
		}
		u, secret, err := s.Accounts.UseLink(c.Request.Context(), kind, c.Param("secret"), password)
		switch platform.ErrorCode(err) {
		case "":
			s.SetSessionCookie(c, secret)
			if u.Language != "" {
				lang = u.Language
			}
			notice := "password_set"
			if kind == platform.LinkReset {
				notice = "password_reset"
			}
			c.Redirect(http.StatusSeeOther, "/"+lang+"/account?notice="+notice)
		case platform.NotFound:
			s.Render(c, http.StatusGone, "link", "signin", l.T("account.link_invalid_title"), linkView{Kind: kind, Invalid: true})
		case platform.Invalid:
			fe := s.formFailure(c, err)
			u, cerr := s.Accounts.CheckLink(c.Request.Context(), kind, c.Param("secret"))
			if cerr != nil {
				s.Render(c, http.StatusGone, "link", "signin", l.T("account.link_invalid_title"), linkView{Kind: kind, Invalid: true})
				return
			}
			s.Render(c, fe.Status, "link", "signin", l.T("account.link."+kind+".title"), linkView{Kind: kind, User: u, Error: &fe})
		default:
			s.WriteError(c, err)
		}
	}
}
