package account

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The account part of the JSON API: the caller's own account and tokens,
// and the secretariat's user management.

func (s *server) apiMe(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	fresh, err := s.Users.FindUserByID(c.Request.Context(), u.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, fresh)
}

func (s *server) apiExport(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	s.writeExport(c, u.ID)
}

func (s *server) apiTokens(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	tokens, err := s.Users.FindTokens(c.Request.Context(), u.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"tokens": tokens})
}

// tokenInput is the body of POST /api/v1/me/tokens.
type tokenInput struct {
	Name      string     `json:"name"`
	ExpiresAt *time.Time `json:"expiresAt"`
}

func (s *server) apiCreateToken(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	var in tokenInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	secret, t, err := s.Users.CreateToken(c.Request.Context(), u.ID, in.Name, in.ExpiresAt)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	web.NoStore(c)
	c.JSON(http.StatusCreated, gin.H{"token": t, "secret": secret})
}

func (s *server) apiRevokeToken(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	if !platform.ValidRecordID(c.Param("id")) {
		s.WriteError(c, platform.Localized(platform.NotFound, "account.error.token_not_found", nil, "bad id"))
		return
	}
	if err := s.Users.RevokeToken(c.Request.Context(), u.ID, c.Param("id")); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *server) apiUsers(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	f := platform.UserFilter{Role: c.Query("role"), Country: c.Query("country"), Text: c.Query("q")}
	var err error
	if f.Offset, err = web.IntParam(c, "offset", 0, 0, 1_000_000); err != nil {
		s.WriteError(c, err)
		return
	}
	if f.Limit, err = web.IntParam(c, "limit", 50, 1, 200); err != nil {
		s.WriteError(c, err)
		return
	}
	users, total, err := s.Users.FindUsers(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"total": total, "users": users})
}

// apiInvite creates a user and answers with the one-time invitation link
// (also mailed when mail is set up).
func (s *server) apiInvite(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	var in platform.NewUser
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	u, secret, err := s.Accounts.Invite(c.Request.Context(), in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	lang := u.Language
	if lang == "" {
		lang = web.Lang(c)
	}
	link := s.linkURL(c, lang, platform.LinkInvitation, secret)
	mailed := false
	if s.Mailer != nil {
		if err := s.mailLink(c.Request.Context(), u, lang, platform.LinkInvitation, link); err != nil {
			s.Logger.Error("mail invitation", "user", u.ID, "err", err)
		} else {
			mailed = true
		}
	}
	web.NoStore(c)
	c.Header("Location", "/api/v1/users/"+u.ID)
	c.JSON(http.StatusCreated, gin.H{"user": u, "invitationUrl": link, "mailed": mailed})
}

func (s *server) apiUser(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, err := userID(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	u, err := s.Users.FindUserByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (s *server) apiUpdateUser(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, err := userID(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var up platform.UserUpdate
	if err := s.DecodeJSON(c, &up); err != nil {
		s.WriteError(c, err)
		return
	}
	u, err := s.Users.UpdateUser(c.Request.Context(), id, up)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

// apiEraseUser erases a user's personal data (the secretariat; see
// platform.UserService.EraseUser) and answers with what is left of the
// account.
func (s *server) apiEraseUser(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, err := userID(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if err := s.Users.EraseUser(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	u, err := s.Users.FindUserByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}
