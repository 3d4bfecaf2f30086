// Package experts serves the regional pool of experts: the list with its
// filters, the profile pages (each field only when the reader may see it),
// the forms an expert and the secretariat write profiles with, the
// secretariat's approvals, duplicates, merges and matching, the experts'
// invitations to events, the profiles' photos and the JSON API. It is a
// web.Module.
//
// What a reader may see is the service's business (platform.ExpertView and
// its Shown fields); the module shows a field only when the view lists it,
// so that a service that forgot to empty one still does not leak it.
package experts

import (
	"context"
	"embed"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
	"github.com/ca-uncac/hub/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Module is the experts' part of the web layer. Fields are set once, before
// the server's handler is built; the optional ones leave their routes
// answering 404 when nil.
type Module struct {
	// Experts are the profiles the module shows and writes.
	Experts platform.ExpertService
	// Events name the events experts trained at, are invited to and are
	// matched for.
	Events platform.EventService
	// Documents give the experts' materials their titles.
	Documents platform.DocumentService
	// Photos make, keep and serve the profiles' photos; PhotoRecords (the
	// experts' service) records which photo a profile has. Both are needed
	// for the photo routes.
	Photos       PhotoStore
	PhotoRecords PhotoRecords
	// Invitations are the secretariat's invitations of experts to events.
	Invitations Invitations
	// Match ranks the experts for an event or an IRM review.
	Match Matcher
	// Duplicates finds the profiles entered twice.
	Duplicates DuplicateFinder
}

// PhotoStore makes a profile's photo from an upload, keeps it in the object
// store, serves and removes it.
type PhotoStore interface {
	// PutPhoto makes expert id's photo from an uploaded image (resized,
	// its metadata dropped) and stores it. Codes: UnsupportedType (not an
	// image it takes), TooLarge, Invalid, Unavailable.
	PutPhoto(ctx context.Context, expertID string, image []byte) (*platform.ExpertPhoto, error)
	// OpenPhoto reads a stored photo (a JPEG). Codes: NotFound.
	OpenPhoto(ctx context.Context, p *platform.ExpertPhoto) (io.ReadCloser, error)
	// DeletePhoto removes a stored photo; one already gone is no error.
	DeletePhoto(ctx context.Context, p *platform.ExpertPhoto) error
}

// PhotoRecords is what the experts' service adds for photos.
type PhotoRecords interface {
	// CheckExpertEdit tells whether the user in ctx may change profile id,
	// before an upload is read. Codes: NotFound, Unauthorized, Forbidden.
	CheckExpertEdit(ctx context.Context, id string) error
	// SetExpertPhoto gives profile id a new photo (nil: none) and returns
	// the one it had, which the caller removes from the store. Codes as
	// CheckExpertEdit.
	SetExpertPhoto(ctx context.Context, id string, p *platform.ExpertPhoto) (old *platform.ExpertPhoto, err error)
}

// Invitations are the secretariat's invitations of experts to take a part
// at events, and the experts' answers.
type Invitations interface {
	// InviteExpert invites expert to event in role. Secretariat only.
	// Codes: Invalid, NotFound, Unauthorized, Forbidden, Conflict
	// (invited already).
	InviteExpert(ctx context.Context, expertID, eventID string, role platform.ExpertRole, message string) (*platform.ExpertInvitation, error)
	// AnswerInvitation accepts or declines an invitation of the expert in
	// ctx. Codes: NotFound, Unauthorized, Forbidden, Conflict (answered).
	AnswerInvitation(ctx context.Context, id string, accept bool) (*platform.ExpertInvitation, error)
	// FindInvitations lists the invitations of an expert (and of the
	// profiles merged into theirs), or to an event, or both, the latest
	// first: the secretariat's any, an expert's their own. Codes:
	// Unauthorized, NotFound (an expert not theirs).
	FindInvitations(ctx context.Context, expertID, eventID string) ([]*platform.ExpertInvitation, error)
}

// Matcher ranks the experts the user in ctx (the secretariat) may propose
// for an event or for the IRM review of a State, with the reasons of each
// rank, and lists those left out with theirs: match.Rank over the pool,
// as the experts' service gathers it (its MatchExperts). Codes: Invalid,
// Unauthorized, Forbidden.
type Matcher func(ctx context.Context, req match.Request) (match.Result, error)

// DuplicateFinder lists the pairs of profiles that look like one person,
// with the evidence, for the secretariat (the experts' service's
// Duplicates). Codes: Unauthorized, Forbidden.
type DuplicateFinder func(ctx context.Context) ([]platform.DuplicatePair, error)

var _ web.Module = (*Module)(nil)

// server is the module's handlers: the web core's helpers and the module's
// services.
type server struct {
	*web.Server
	*Module
}

// Register implements web.Module.
func (m *Module) Register(r *web.Router) error {
	if err := r.ParsePages(templates, nil, "experts", "expert", "expertform", "duplicates", "match"); err != nil {
		return err
	}
	s := &server{Server: r.Server(), Module: m}
	api, p := r.API, r.Pages
	r.AddSitemap(s.sitemap)
	api.GET("/experts", s.apiList)
	api.POST("/experts", s.apiCreate)
	api.GET("/experts/duplicates", s.apiDuplicates)
	api.POST("/experts/merge", s.apiMerge)
	api.GET("/experts/match", s.apiMatch)
	api.GET("/experts/:id", s.apiGet)
	api.PUT("/experts/:id", s.apiUpdate)
	api.POST("/experts/:id/approve", s.apiApprove)
	api.GET("/experts/:id/history", s.apiHistory)
	api.GET("/experts/:id/export", s.apiExport)
	api.POST("/experts/:id/deletion-request", s.apiDeletionRequest)
	api.POST("/experts/:id/erase", s.apiErase)
	api.GET("/experts/:id/photo", s.photo)
	api.PUT("/experts/:id/photo", s.apiPutPhoto)
	api.DELETE("/experts/:id/photo", s.apiDeletePhoto)
	api.GET("/experts/:id/invitations", s.apiInvitations)
	api.POST("/experts/:id/invitations", s.apiInvite)
	api.POST("/experts/:id/invitations/:invitation/accept", s.apiAnswer(true))
	api.POST("/experts/:id/invitations/:invitation/decline", s.apiAnswer(false))

	p.GET("/experts", s.listPage)
	p.GET("/experts/new", s.newForm)
	p.POST("/experts/new", s.createForm)
	p.GET("/experts/me", s.mePage)
	p.GET("/experts/duplicates", s.duplicatesPage)
	p.POST("/experts/merge", s.mergeSubmit)
	p.GET("/experts/match", s.matchPage)
	p.GET("/experts/:id", s.profilePage)
	p.GET("/experts/:id/edit", s.editForm)
	p.POST("/experts/:id/edit", s.updateForm)
	p.POST("/experts/:id/approve", s.approveSubmit)
	p.POST("/experts/:id/erase", s.eraseSubmit)
	p.POST("/experts/:id/deletion-request", s.deletionSubmit)
	p.POST("/experts/:id/photo", s.photoSubmit)
	p.POST("/experts/:id/photo/delete", s.photoDeleteSubmit)
	p.POST("/experts/:id/invite", s.inviteSubmit)
	p.POST("/experts/:id/invitations/:invitation", s.answerSubmit)
	return nil
}

// expertID reads the :id of the path; an id of the wrong form is a 404
// (written, and ok false).
func (s *server) expertID(c *gin.Context) (string, bool) {
	id := c.Param("id")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, notFound(id))
		return "", false
	}
	return id, true
}

func notFound(id string) error {
	return platform.Localized(platform.NotFound, "experts.error.not_found", nil, "no expert %q", id)
}

// expert reads the profile the path's :id names as the request's user sees
// it; a profile they may not see is a 404 (written, and ok false).
func (s *server) expert(c *gin.Context) (*platform.ExpertView, bool) {
	id, ok := s.expertID(c)
	if !ok {
		return nil, false
	}
	v, err := s.Experts.FindExpertByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return v, true
}

// filterParams reads the list's filters from the query: area, article and
// country (each may repeat), language with level, irm (a role, or "any"),
// from and to (the days the experts must be available, both or neither),
// status (the secretariat's, may repeat), page and size. Bad values are
// Invalid, naming the parameter.
func filterParams(c *gin.Context, defaultSize int) (platform.ExpertFilter, int, error) {
	f := platform.ExpertFilter{Areas: web.SplitList(c.QueryArray("area"))}
	if err := onlyOnce(c, "language", "level", "irm", "from", "to", "page", "size"); err != nil {
		return f, 0, err
	}
	for _, cc := range web.SplitList(c.QueryArray("country")) {
		f.Countries = append(f.Countries, platform.NormalizeCountry(cc))
	}
	for _, a := range web.SplitList(c.QueryArray("article")) {
		n, err := strconv.Atoi(a)
		if err != nil {
			return f, 0, badParam("article", a)
		}
		f.Articles = append(f.Articles, n)
	}
	f.Language = strings.ToLower(strings.TrimSpace(c.Query("language")))
	f.MinLevel = platform.LanguageLevel(strings.TrimSpace(c.Query("level")))
	if f.MinLevel != "" && f.Language == "" {
		return f, 0, badParam("language", "")
	}
	switch irm := strings.TrimSpace(c.Query("irm")); irm {
	case "":
	case "any":
		f.HasIRM = true
	default:
		f.IRM = platform.IRMRole(irm)
	}
	var err error
	if f.AvailableFrom, err = dateParam(c, "from"); err != nil {
		return f, 0, err
	}
	if f.AvailableTo, err = dateParam(c, "to"); err != nil {
		return f, 0, err
	}
	switch {
	case f.AvailableFrom.IsZero() && !f.AvailableTo.IsZero():
		return f, 0, badParam("from", "")
	case !f.AvailableFrom.IsZero() && f.AvailableTo.IsZero():
		return f, 0, badParam("to", "")
	case f.AvailableTo.Before(f.AvailableFrom):
		return f, 0, badParam("to", c.Query("to"))
	}
	for _, st := range web.SplitList(c.QueryArray("status")) {
		f.Statuses = append(f.Statuses, platform.ExpertStatus(st))
	}
	page, size := 1, defaultSize
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100_000 {
			return f, 0, badParam("page", v)
		}
		page = n
	}
	if v := c.Query("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > platform.MaxExpertPage {
			return f, 0, badParam("size", v)
		}
		size = n
	}
	f.Offset, f.Limit = (page-1)*size, size
	return f, page, f.Validate()
}

// dateParam reads a day (YYYY-MM-DD) from the query; absent is the zero
// time.
func dateParam(c *gin.Context, name string) (time.Time, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, badParam(name, v)
	}
	return t, nil
}

// onlyOnce refuses a query parameter of one value given more than once
// (page=1&page=-1): which one the reader meant is not for the hub to
// guess.
func onlyOnce(c *gin.Context, names ...string) error {
	for _, name := range names {
		if vs := c.QueryArray(name); len(vs) > 1 {
			return badParam(name, strings.Join(vs, ","))
		}
	}
	return nil
}

// badParam refuses the value of a query parameter or form field, naming it.
func badParam(name, value string) error {
	return platform.Localized(platform.Invalid, "error.event_bad_value", map[string]any{"Field": name, "Value": web.Clip(value, 80)},
		"%s: bad value %q", name, web.Clip(value, 80))
}

// forbidden refuses what only the secretariat (or the expert) may do.
func forbidden(what string) error {
	return platform.Localized(platform.Forbidden, "error.forbidden", nil, "may not %s", what)
}

// photoURL is the address of a profile's photo; the photo's digest makes a
// new photo a new address, so that browsers may keep one for long.
func photoURL(e *platform.Expert) string {
	if e.Photo == nil {
		return ""
	}
	v := e.Photo.SHA256
	if len(v) > 12 {
		v = v[:12]
	}
	return "/api/v1/experts/" + e.ID + "/photo?v=" + v
}

// noService answers 404 for a route whose optional service is not set.
func (s *server) noService(c *gin.Context) {
	s.NotFound(c)
}

// redirect sends the browser to path under the reader's language after a
// form.
func redirect(c *gin.Context, path string) {
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+path)
}
