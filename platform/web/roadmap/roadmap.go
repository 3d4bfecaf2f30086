// Package roadmap serves the regional roadmap: the overview of a period (the
// country × thematic area matrix, the map and the charts, each with its
// numbers as a table), each country's commitments as a tree, an item's page
// with its timeline of updates, claims and evidence, the secretariat's
// verification of claims, the list of delayed and stalled items for the
// regional meetings, the end-of-period reassessment, the review
// recommendations, the spreadsheets in and out, what a reader follows and
// their notifications, and the JSON API of all that. It is a web.Module.
//
// What a reader may see is the services' business (platform.RoadmapService
// and the others apply the visibility rules for the user in the request's
// context); the module shows what they return.
package roadmap

import (
	"context"
	"embed"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
	"github.com/ca-uncac/hub/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Module is the roadmap's part of the web layer. Fields are set once,
// before the server's handler is built; a route whose optional part is nil
// answers 404.
type Module struct {
	// Roadmap keeps the periods, priorities, items and their timelines.
	Roadmap platform.RoadmapService
	// Recommendations keeps the review recommendations.
	Recommendations platform.RecommendationService
	// Follows keeps who follows what, and the notifications.
	Follows platform.FollowService
	// Evidence keeps the files uploaded as evidence with an update
	// (optional: without it, updates link documents and events only).
	Evidence EvidenceFiles
	// MaxEvidence is the largest file an update takes (default 20 MB).
	MaxEvidence int64
	// Documents and Events give evidence its titles (optional: without
	// them, evidence shows its id).
	Documents platform.DocumentService
	Events    platform.EventService
	// Sheets reads uploaded spreadsheets (optional: the import routes
	// answer 404 without it). Exports are written here, with
	// platform/sheet.
	Sheets SheetReader
	// Jobs keeps the imports run from the pages (optional: without it,
	// the import page imports within the request). With it, a page import
	// runs in the background and its page shows how far it is.
	Jobs platform.ImportJobStore
	// Context, when set, is the server's life: an import job still
	// running when it ends is stopped (its page then says so).
	Context context.Context
	// ImportTimeout bounds an import job (default 15 minutes).
	ImportTimeout time.Duration
}

// EvidenceFiles keeps the files uploaded as evidence of an update.
type EvidenceFiles interface {
	// PutEvidence stores an uploaded file of size bytes read from r and
	// returns the evidence that points at it (Kind file, Ref its id).
	// Codes: TooLarge, Unavailable.
	PutEvidence(ctx context.Context, name, contentType string, r io.Reader, size int64) (platform.Evidence, error)
	// OpenEvidence opens a stored file by its Ref. Codes: NotFound,
	// Unavailable.
	OpenEvidence(ctx context.Context, ref string) (io.ReadCloser, error)
}

// SheetReader reads uploaded spreadsheets into rows, where a hostile file
// cannot take the server down: sheet.Isolated, which reads them in a child
// process.
type SheetReader interface {
	// ReadItems reads an items sheet: its good rows, and the problems of
	// the others (row, column, reason). Codes: Invalid, TooLarge,
	// UnsupportedType, Unavailable.
	ReadItems(ctx context.Context, r io.Reader, format sheet.Format) ([]platform.ItemRow, []platform.ImportProblem, error)
	// ReadRecommendations reads a recommendations sheet likewise.
	ReadRecommendations(ctx context.Context, r io.Reader, format sheet.Format) ([]platform.RecommendationRow, []platform.ImportProblem, error)
}

var _ web.Module = (*Module)(nil)

// server is the module's handlers: the web core's helpers and the module's
// services.
type server struct {
	*web.Server
	*Module
}

// Register implements web.Module.
func (m *Module) Register(r *web.Router) error {
	if err := r.ParsePages(templates, funcs, "roadmap_overview", "roadmap_country", "roadmap_item", "roadmap_itemform",
		"roadmap_attention", "roadmap_reassessment", "roadmap_recs", "roadmap_rec", "roadmap_recform",
		"roadmap_import", "roadmap_notifications", "roadmap_periods"); err != nil {
		return err
	}
	s := &server{Server: r.Server(), Module: m}
	api, p := r.API, r.Pages
	r.AddSitemap(s.sitemap)

	api.GET("/roadmap/periods", s.apiPeriods)
	api.POST("/roadmap/periods", s.apiSavePeriod)
	api.GET("/roadmap/priorities", s.apiPriorities)
	api.POST("/roadmap/priorities", s.apiSavePriority)
	api.GET("/roadmap/overview", s.apiOverview)
	api.GET("/roadmap/attention", s.apiAttention)
	api.GET("/roadmap/items", s.apiItems)
	api.POST("/roadmap/items", s.apiCreateItem)
	api.GET("/roadmap/items/:id", s.apiItem)
	api.PUT("/roadmap/items/:id", s.apiUpdateItem)
	api.DELETE("/roadmap/items/:id", s.apiDeleteItem)
	api.GET("/roadmap/items/:id/updates", s.apiTimeline)
	api.POST("/roadmap/items/:id/updates", s.apiAddUpdate)
	api.POST("/roadmap/items/:id/carry-over", s.apiCarryOver)
	api.POST("/roadmap/updates/:id/review", s.apiReview)
	api.GET("/roadmap/reassessments", s.apiReassessments)
	api.POST("/roadmap/reassessments", s.apiReassess)
	api.GET("/roadmap/recommendations", s.apiRecs)
	api.POST("/roadmap/recommendations", s.apiCreateRec)
	api.GET("/roadmap/recommendations/:id", s.apiRec)
	api.PUT("/roadmap/recommendations/:id", s.apiUpdateRec)
	api.DELETE("/roadmap/recommendations/:id", s.apiDeleteRec)
	api.POST("/roadmap/import", s.apiImport)
	api.GET("/roadmap/export", s.apiExport)
	api.GET("/follows", s.apiFollowing)
	api.POST("/follows", s.apiFollow)
	api.DELETE("/follows", s.apiUnfollow)
	api.GET("/notifications", s.apiNotifications)
	api.POST("/notifications/read", s.apiMarkRead)

	p.GET("/roadmap", s.overviewPage)
	p.GET("/roadmap/countries/:country", s.countryPage)
	p.GET("/roadmap/countries/:country/feed.atom", s.countryFeed)
	p.GET("/roadmap/attention", s.attentionPage)
	p.GET("/roadmap/reassessment", s.reassessmentPage)
	p.POST("/roadmap/reassessment", s.reassessSubmit)
	p.POST("/roadmap/carry-over", s.carryOverSubmit)
	p.GET("/roadmap/items/new", s.newItemForm)
	p.POST("/roadmap/items/new", s.createItemSubmit)
	p.GET("/roadmap/items/:id", s.itemPage)
	p.GET("/roadmap/items/:id/edit", s.editItemForm)
	p.POST("/roadmap/items/:id/edit", s.updateItemSubmit)
	p.POST("/roadmap/items/:id/delete", s.deleteItemSubmit)
	p.POST("/roadmap/items/:id/updates", s.addUpdateSubmit)
	p.GET("/roadmap/items/:id/files/:ref", s.evidenceFile)
	p.POST("/roadmap/updates/:id/review", s.reviewSubmit)
	p.GET("/roadmap/recommendations", s.recsPage)
	p.GET("/roadmap/recommendations/new", s.newRecForm)
	p.POST("/roadmap/recommendations/new", s.createRecSubmit)
	p.GET("/roadmap/recommendations/:id", s.recPage)
	p.GET("/roadmap/recommendations/:id/edit", s.editRecForm)
	p.POST("/roadmap/recommendations/:id/edit", s.updateRecSubmit)
	p.POST("/roadmap/recommendations/:id/delete", s.deleteRecSubmit)
	p.GET("/roadmap/periods", s.periodsPage)
	p.POST("/roadmap/periods", s.createPeriodSubmit)
	p.POST("/roadmap/periods/:id", s.updatePeriodSubmit)
	p.POST("/roadmap/priorities", s.createPrioritySubmit)
	p.POST("/roadmap/priorities/:id", s.updatePrioritySubmit)
	p.GET("/roadmap/import", s.importPage)
	p.POST("/roadmap/import", s.importSubmit)
	p.GET("/roadmap/import/jobs/:id", s.importJobPage)
	p.GET("/roadmap/export", s.exportItems)
	p.GET("/roadmap/recommendations/export", s.exportRecs)
	p.POST("/roadmap/follow", s.followSubmit)
	p.GET("/notifications", s.notificationsPage)
	p.POST("/notifications/read", s.markReadSubmit)
	return nil
}

// funcs are the module's template functions.
var funcs = map[string]any{
	"pct": func(p *float64) string {
		if p == nil {
			return "–"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64) + "%"
	},
	"pctv": func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	},
	"has": func(p *float64) bool { return p != nil },
	// in reports whether a filter's values hold key.
	"in": func(key string, values any) bool {
		switch vs := values.(type) {
		case []string:
			return slices.Contains(vs, key)
		case []platform.RecommendationSource:
			return slices.Contains(vs, platform.RecommendationSource(key))
		case []platform.Implementation:
			return slices.Contains(vs, platform.Implementation(key))
		}
		return false
	},
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
	return platform.Localized(platform.Invalid, "roadmap.error.bad_field", map[string]any{"Field": name, "Value": web.Clip(value, 80)},
		"%s: bad value %q", name, web.Clip(value, 80))
}

// intParam reads a whole number from lo to hi (def when absent).
func intParam(c *gin.Context, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badParam(name, v)
	}
	return n, nil
}

// boolParam reads a flag: absent, "", "0", "false" are false; "1", "true",
// "on" true; anything else is refused.
func boolParam(c *gin.Context, name string) (bool, error) {
	switch v := strings.TrimSpace(c.Query(name)); v {
	case "", "0", "false":
		return false, nil
	case "1", "true", "on":
		return true, nil
	default:
		return false, badParam(name, v)
	}
}

// notFound is the 404 of an id that names nothing the reader may see.
func notFound(id string) error {
	return platform.Localized(platform.NotFound, "roadmap.error.not_found", nil, "no roadmap record %q", id)
}

// recordID reads the path's :id; one of the wrong form is a 404 (written,
// and ok false).
func (s *server) recordID(c *gin.Context) (string, bool) {
	id := c.Param("id")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, notFound(id))
		return "", false
	}
	return id, true
}

// countryParam reads the path's :country: a member state's code or
// "regional"; anything else is a 404.
func (s *server) countryParam(c *gin.Context) (string, bool) {
	cc := c.Param("country")
	if cc != platform.RegionalKey && !slices.Contains(platform.Countries(), cc) {
		s.WriteError(c, notFound(cc))
		return "", false
	}
	return cc, true
}

// periodOf picks the period the request asks for (?period=), else the
// current one by date, else the latest; it also returns them all, latest
// first. No periods at all is a nil period. Codes: Invalid (an unknown
// period, or the parameter twice).
func (s *server) periodOf(c *gin.Context, value string) (*platform.RoadmapPeriod, []platform.RoadmapPeriod, error) {
	periods, err := s.Roadmap.Periods(c.Request.Context())
	if err != nil {
		return nil, nil, err
	}
	if value != "" {
		for i := range periods {
			if periods[i].ID == value {
				return &periods[i], periods, nil
			}
		}
		return nil, periods, badParam("period", value)
	}
	return currentPeriod(periods, s.Now()), periods, nil
}

// currentPeriod is the period that holds today, else the latest (periods
// come latest first), else nil.
func currentPeriod(periods []platform.RoadmapPeriod, now time.Time) *platform.RoadmapPeriod {
	day := platform.Day(now)
	for i := range periods {
		if !day.Before(periods[i].Start) && !day.After(periods[i].End) {
			return &periods[i]
		}
	}
	if len(periods) > 0 {
		return &periods[0]
	}
	return nil
}

// queryPeriod reads ?period= once and resolves it.
func (s *server) queryPeriod(c *gin.Context) (*platform.RoadmapPeriod, []platform.RoadmapPeriod, error) {
	if err := onlyOnce(c, "period"); err != nil {
		return nil, nil, err
	}
	return s.periodOf(c, strings.TrimSpace(c.Query("period")))
}

// redirect sends the browser to path under the reader's language after a
// form.
func redirect(c *gin.Context, path string) {
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+path)
}

// noService answers 404 for a route whose optional part is not set.
func (s *server) noService(c *gin.Context) { s.NotFound(c) }

// textIn is a text in the reader's language along the fallback chain, the
// language it is in, and whether that is a fallback.
type textIn struct {
	Text, Lang string
	Fallback   bool
}

func pick(t platform.Text, lang string) textIn {
	s, l := t.In(lang)
	return textIn{Text: s, Lang: l, Fallback: s != "" && l != lang}
}

// languageName is a language's name in itself, for the fallback marker.
func languageName(code string) string {
	for _, l := range i18n.Languages() {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// countryName names a country code or the regional key.
func countryName(l *i18n.Localizer, c string) string {
	if c == "" || c == platform.RegionalKey {
		return l.T("roadmap.regional")
	}
	return l.T("country." + c)
}

// countryKey is an item's country as URLs name it: its code, or regional.
func countryKey(c string) string {
	if c == "" {
		return platform.RegionalKey
	}
	return c
}

// forbidden refuses what the reader may not do.
func forbidden(what string) error {
	return platform.Localized(platform.Forbidden, "error.forbidden", nil, "may not %s", what)
}

// noticeOf is the message a page shows after a form sent the reader back
// to it (?done=saved and the like); "" for none.
func noticeOf(l *i18n.Localizer, done string) string {
	switch done {
	case "saved", "deleted", "update", "verified", "questioned", "followed", "unfollowed", "rated", "carried", "read", "need_reason":
		return l.T("roadmap.done." + done)
	}
	return ""
}
