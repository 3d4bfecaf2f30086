package account

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// usersView is what the users page shows.
type usersView struct {
	Users     []*platform.User
	Total     int
	Query     url.Values
	Roles     []string
	Countries []string
	Languages []web.LangLink
	Invite    platform.NewUser
	Error     *formError
	Notice    string
	Page      int
	HasNext   bool
	NextURL   string
	PrevURL   string
}

const usersPerPage = 50

func (s *server) usersView(c *gin.Context) (*usersView, error) {
	q := c.Request.URL.Query()
	page, err := web.IntParam(c, "page", 1, 1, 10000)
	if err != nil {
		return nil, err
	}
	f := platform.UserFilter{Role: q.Get("role"), Country: q.Get("country"), Text: q.Get("q"),
		DeletionRequested: q.Get("status") == "deletion", Offset: (page - 1) * usersPerPage, Limit: usersPerPage}
	switch q.Get("status") {
	case "active":
		f.Disabled = new(bool)
	case "disabled":
		t := true
		f.Disabled = &t
	}
	users, total, err := s.Users.FindUsers(c.Request.Context(), f)
	if err != nil {
		return nil, err
	}
	v := &usersView{Users: users, Total: total, Query: q, Roles: platform.Roles(), Countries: append(append([]string{}, platform.Countries()...), "other"),
		Notice: s.notice(c), Page: page, HasNext: page*usersPerPage < total}
	next, prev := c.Request.URL.Query(), c.Request.URL.Query()
	next.Set("page", strconv.Itoa(page+1))
	prev.Set("page", strconv.Itoa(page-1))
	v.NextURL, v.PrevURL = "?"+next.Encode(), "?"+prev.Encode()
	for _, lg := range i18n.Languages() {
		v.Languages = append(v.Languages, web.LangLink{Code: lg.Code, Name: lg.Name})
	}
	v.Invite.Role, v.Invite.Language = platform.RoleExpert, web.Lang(c)
	return v, nil
}

func (s *server) usersPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	v, err := s.usersView(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.Render(c, http.StatusOK, "users", "users", s.Localizer(c).T("account.users.title"), v)
}

// inviteUser creates a user and shows the one-time invitation link, also
// mailing it when mail is set up.
func (s *server) inviteUser(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	in := platform.NewUser{Email: c.PostForm("email"), Name: c.PostForm("name"), Role: c.PostForm("role"),
		Country: c.PostForm("country"), Organization: c.PostForm("organization"), Language: c.PostForm("language")}
	u, secret, err := s.Accounts.Invite(c.Request.Context(), in)
	if err != nil {
		if platform.ErrorCode(err) == platform.Forbidden || platform.ErrorCode(err) == platform.Unauthorized {
			s.WriteError(c, err)
			return
		}
		v, verr := s.usersView(c)
		if verr != nil {
			s.WriteError(c, verr)
			return
		}
		fe := s.formFailure(c, err)
		v.Invite, v.Error = in, &fe
		s.Render(c, fe.Status, "users", "users", s.Localizer(c).T("account.users.title"), v)
		return
	}
	s.showLink(c, u, platform.LinkInvitation, secret)
}

// showLink shows a new one-time link once, after mailing it if it can.
func (s *server) showLink(c *gin.Context, u *platform.User, kind, secret string) {
	lang := u.Language
	if lang == "" {
		lang = web.Lang(c)
	}
	link := s.linkURL(c, lang, kind, secret)
	mailed := false
	if s.Mailer != nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 30*time.Second)
		err := s.mailLink(ctx, u, lang, kind, link)
		cancel()
		if err != nil {
			s.Logger.Error("mail link", "user", u.ID, "kind", kind, "err", err)
		} else {
			mailed = true
		}
	}
	web.NoStore(c)
	s.Render(c, http.StatusCreated, "secret", "users", s.Localizer(c).T("account.link."+kind+".created_title"), secretView{
		Kind: kind, Secret: link, User: u, Mailed: mailed, Back: "/" + web.Lang(c) + "/users/" + u.ID,
	})
}

// userView is what a user's page shows to the secretariat.
type userView struct {
	User      *platform.User
	Self      bool
	Roles     []string
	Countries []string
	Notice    string
	Error     *formError
	// ConfirmErase shows the erasure's confirmation instead of the forms;
	// EraseError is why an erasure was refused.
	ConfirmErase bool
	EraseError   *formError
}

// userID returns the :id of a user's address, or NotFound when it cannot
// be one.
func userID(c *gin.Context) (string, error) {
	id := c.Param("id")
	if !platform.ValidRecordID(id) {
		return "", platform.Localized(platform.NotFound, "account.error.user_not_found", nil, "bad id %q", id)
	}
	return id, nil
}

func (s *server) userView(c *gin.Context) (*userView, error) {
	id, err := userID(c)
	if err != nil {
		return nil, err
	}
	if err := s.requireSecretariatPage(c); err != nil {
		return nil, err
	}
	u, err := s.Users.FindUserByID(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	return &userView{User: u, Self: u.ID == web.User(c).ID, Roles: platform.Roles(),
		Countries: append(append([]string{}, platform.Countries()...), "other"), Notice: s.notice(c)}, nil
}

// requireSecretariatPage refuses the secretariat's pages to others (the
// services refuse too; this gives one clear answer for the whole page).
func (s *server) requireSecretariatPage(c *gin.Context) error {
	if !platform.IsSecretariat(web.User(c)) {
		return platform.Localized(platform.Forbidden, "error.forbidden", nil, "secretariat only")
	}
	return nil
}

func (s *server) userPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	v, err := s.userView(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.Render(c, http.StatusOK, "user", "users", s.userTitle(c, v.User), v)
}

// userTitle is the title of a user's page: their name, or that they were
// erased.
func (s *server) userTitle(c *gin.Context, u *platform.User) string {
	if u.ErasedAt != nil {
		return s.Localizer(c).T("account.users.erased_name")
	}
	return u.Name
}

// eraseUserConfirm asks the secretariat to confirm the erasure of a
// user's personal data, saying what goes and what stays.
func (s *server) eraseUserConfirm(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	v, err := s.userView(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	v.ConfirmErase = v.User.ErasedAt == nil && !v.Self
	s.Render(c, http.StatusOK, "user", "users", s.userTitle(c, v.User), v)
}

// eraseUserPage erases a user's personal data once the confirmation is
// ticked, and shows the user's page with the result. The service decides
// who may (and records a refusal in the audit trail).
func (s *server) eraseUserPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	id, err := userID(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	err = platform.Localized(platform.Invalid, "account.error.erase_unconfirmed", nil, "the erasure is not confirmed")
	if c.PostForm("confirm") == "yes" {
		err = s.Users.EraseUser(c.Request.Context(), id)
	}
	if err != nil {
		if code := platform.ErrorCode(err); code != platform.Invalid && code != platform.Conflict {
			s.WriteError(c, err)
			return
		}
		v, verr := s.userView(c)
		if verr != nil {
			s.WriteError(c, verr)
			return
		}
		fe := s.formFailure(c, err)
		v.ConfirmErase = v.User.ErasedAt == nil && !v.Self
		if v.ConfirmErase {
			v.EraseError = &fe
		} else {
			v.Error = &fe // one's own account, or erased meanwhile
		}
		s.Render(c, fe.Status, "user", "users", s.userTitle(c, v.User), v)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/users/"+id+"?notice=user_erased")
}

// updateUserPage changes a user's role and country, or (de)activates them.
// The service decides (and records a refusal in the audit trail); the page
// only shows its answer.
func (s *server) updateUserPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	id, err := userID(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var up platform.UserUpdate
	switch c.PostForm("action") {
	case "deactivate":
		t := true
		up.Disabled = &t
	case "reactivate":
		up.Disabled = new(bool)
	default:
		role, country := c.PostForm("role"), c.PostForm("country")
		up.Role, up.Country = &role, &country
	}
	if _, err := s.Users.UpdateUser(c.Request.Context(), id, up); err != nil {
		s.userFormFailed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/users/"+id+"?notice=user_saved")
}

// userFormFailed shows a refused form of a user's page: invalid input and
// conflicts on the page with the message, anything else as an error page.
func (s *server) userFormFailed(c *gin.Context, err error) {
	if code := platform.ErrorCode(err); code != platform.Invalid && code != platform.Conflict {
		s.WriteError(c, err)
		return
	}
	v, verr := s.userView(c)
	if verr != nil {
		s.WriteError(c, verr)
		return
	}
	fe := s.formFailure(c, err)
	v.Error = &fe
	s.Render(c, fe.Status, "user", "users", s.userTitle(c, v.User), v)
}

// userLink makes a new invitation or password-reset link for a user (the
// service refuses anyone but the secretariat, and records the refusal).
func (s *server) userLink(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	id, err := userID(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	secret, err := s.Accounts.CreateLink(c.Request.Context(), c.PostForm("kind"), id)
	if err != nil {
		s.userFormFailed(c, err)
		return
	}
	u, err := s.Users.FindUserByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.showLink(c, u, c.PostForm("kind"), secret)
}
