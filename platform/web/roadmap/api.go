package roadmap

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// itemJSON is an item as the API gives it: its fields and its progress as
// the caller sees it, and whether it is delayed or stalled.
type itemJSON struct {
	*platform.RoadmapItem
	Progress platform.Progress `json:"progress"`
	Delayed  bool              `json:"delayed"`
	Stalled  bool              `json:"stalled"`
}

func (s *server) itemOut(c *gin.Context, it *platform.RoadmapItem) itemJSON {
	return itemJSON{RoadmapItem: it, Progress: it.ProgressFor(web.User(c)), Delayed: it.Delayed(s.Now()),
		Stalled: it.Stalled(s.Now(), s.stall(c, it.Period))}
}

// stallKey keeps a request's periods' stall limits in gin's context, read
// once per request.
type stallKey struct{}

// stall is period's stall limit in days (the default when the periods
// cannot be read).
func (s *server) stall(c *gin.Context, period string) int {
	v, ok := c.Get(stallKey{})
	if !ok {
		periods, _ := s.Roadmap.Periods(c.Request.Context())
		c.Set(stallKey{}, periods)
		v = periods
	}
	periods, _ := v.([]platform.RoadmapPeriod)
	return stallOf(periods, period)
}

// apiPeriods answers GET /api/v1/roadmap/periods.
func (s *server) apiPeriods(c *gin.Context) {
	periods, err := s.Roadmap.Periods(c.Request.Context())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if periods == nil {
		periods = []platform.RoadmapPeriod{}
	}
	cur := currentPeriod(periods, s.Now())
	current := ""
	if cur != nil {
		current = cur.ID
	}
	c.JSON(http.StatusOK, gin.H{"periods": periods, "current": current})
}

// saveJSON answers a POST whose JSON body is save's input and whose
// answer (200) is what save returns: a signed-in caller, the body decoded
// strictly, the service's refusal as its error.
func saveJSON[In, Out any](s *server, c *gin.Context, save func(context.Context, In) (Out, error)) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	var in In
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	out, err := save(c.Request.Context(), in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// apiSavePeriod answers POST /api/v1/roadmap/periods.
func (s *server) apiSavePeriod(c *gin.Context) { saveJSON(s, c, s.Roadmap.SavePeriod) }

// apiPriorities answers GET /api/v1/roadmap/priorities?period=.
func (s *server) apiPriorities(c *gin.Context) {
	period, _, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	out := []platform.Priority{}
	if period != nil {
		ps, err := s.Roadmap.Priorities(c.Request.Context(), period.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		out = append(out, ps...)
	}
	c.JSON(http.StatusOK, gin.H{"priorities": out})
}

// apiSavePriority answers POST /api/v1/roadmap/priorities.
func (s *server) apiSavePriority(c *gin.Context) { saveJSON(s, c, s.Roadmap.SavePriority) }

// apiOverview answers GET /api/v1/roadmap/overview?period=.
func (s *server) apiOverview(c *gin.Context) {
	period, _, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if period == nil {
		s.WriteError(c, badParam("period", ""))
		return
	}
	ov, err := s.overview(c, period.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, ov)
}

// apiAttention answers GET /api/v1/roadmap/attention?period=.
func (s *server) apiAttention(c *gin.Context) {
	period, _, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	out := []itemJSON{}
	if period != nil {
		items, err := s.Roadmap.Attention(c.Request.Context(), period.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		for _, it := range items {
			out = append(out, s.itemOut(c, it))
		}
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// itemFilter reads the items' filters from the query.
func itemFilter(c *gin.Context) (platform.ItemFilter, error) {
	var f platform.ItemFilter
	if err := onlyOnce(c, "period", "priority", "article", "parent", "top", "delayed", "stalled", "q", "offset", "limit"); err != nil {
		return f, err
	}
	f.Period = strings.TrimSpace(c.Query("period"))
	f.Countries = web.SplitList(c.QueryArray("country"))
	f.Areas = web.SplitList(c.QueryArray("area"))
	for _, k := range web.SplitList(c.QueryArray("kind")) {
		f.Kinds = append(f.Kinds, platform.ItemKind(k))
	}
	for _, st := range web.SplitList(c.QueryArray("status")) {
		f.Statuses = append(f.Statuses, platform.ItemStatus(st))
	}
	for name, dst := range map[string]*string{"priority": &f.Priority, "parent": &f.Parent} {
		if v := strings.TrimSpace(c.Query(name)); v != "" {
			if !platform.ValidRecordID(v) {
				return f, badParam(name, v)
			}
			*dst = v
		}
	}
	var err error
	if f.Article, err = intParam(c, "article", 0, 1, 71); err != nil {
		return f, err
	}
	for name, dst := range map[string]*bool{"top": &f.TopLevel, "delayed": &f.Delayed, "stalled": &f.Stalled} {
		if *dst, err = boolParam(c, name); err != nil {
			return f, err
		}
	}
	f.Text = strings.TrimSpace(c.Query("q"))
	if f.Offset, err = intParam(c, "offset", 0, 0, platform.MaxSearchDepth); err != nil {
		return f, err
	}
	if f.Limit, err = intParam(c, "limit", 50, 1, 500); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// apiItems answers GET /api/v1/roadmap/items.
func (s *server) apiItems(c *gin.Context) {
	f, err := itemFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	items, total, err := s.Roadmap.FindItems(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	out := make([]itemJSON, 0, len(items))
	for _, it := range items {
		out = append(out, s.itemOut(c, it))
	}
	next := s.NextPage(c, f.Offset+len(items) < total && f.Offset+f.Limit <= platform.MaxSearchDepth, "offset", f.Offset+f.Limit)
	c.JSON(http.StatusOK, web.WithNext(gin.H{"items": out, "total": total}, next))
}

// apiItem answers GET /api/v1/roadmap/items/{id}.
func (s *server) apiItem(c *gin.Context) {
	it, ok := s.item(c)
	if !ok {
		return
	}
	c.Header("Cache-Control", "private, no-cache")
	c.JSON(http.StatusOK, s.itemOut(c, it))
}

// apiCreateItem answers POST /api/v1/roadmap/items.
func (s *server) apiCreateItem(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	var in platform.ItemInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	it, err := s.Roadmap.CreateItem(c.Request.Context(), in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/roadmap/items/"+it.ID)
	c.JSON(http.StatusCreated, s.itemOut(c, it))
}

// apiUpdateItem answers PUT /api/v1/roadmap/items/{id}.
func (s *server) apiUpdateItem(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	var in platform.ItemInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	it, err := s.Roadmap.UpdateItem(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, s.itemOut(c, it))
}

// apiDeleteItem answers DELETE /api/v1/roadmap/items/{id}.
func (s *server) apiDeleteItem(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	if err := s.Roadmap.DeleteItem(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiTimeline answers GET /api/v1/roadmap/items/{id}/updates.
func (s *server) apiTimeline(c *gin.Context) {
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	tl, err := s.Roadmap.Timeline(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if tl == nil {
		tl = []platform.TimelineEntry{}
	}
	c.JSON(http.StatusOK, gin.H{"updates": tl})
}

// apiAddUpdate answers POST /api/v1/roadmap/items/{id}/updates: a JSON
// UpdateInput, or a multipart form with the page's fields and a file.
func (s *server) apiAddUpdate(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	ctx := c.Request.Context()
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	var in platform.UpdateInput
	if strings.HasPrefix(c.GetHeader("Content-Type"), "multipart/form-data") {
		it, err := s.Roadmap.Item(ctx, id)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		if !platform.CanEditRoadmap(web.User(c), it.Country) {
			s.WriteError(c, forbidden("add an update"))
			return
		}
		limit := int64(0)
		if s.Evidence != nil {
			limit = s.maxEvidence()
		}
		values, up, err := s.readForm(c, limit)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		if in, err = updateInput(values, web.Lang(c), s.Now()); err != nil {
			s.WriteError(c, err)
			return
		}
		if up != nil && s.Evidence != nil {
			ev, err := s.Evidence.PutEvidence(ctx, up.Name, up.ContentType, bytes.NewReader(up.Data), int64(len(up.Data)))
			if err != nil {
				s.WriteError(c, err)
				return
			}
			in.Evidence = append(in.Evidence, ev)
		}
	} else if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	if in.Date.IsZero() {
		in.Date = platform.Day(s.Now())
	}
	up, err := s.Roadmap.AddUpdate(ctx, id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusCreated, up)
}

// apiReview answers POST /api/v1/roadmap/updates/{id}/review
// {"verified": true|false, "reason": "…"}.
func (s *server) apiReview(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	var body struct {
		Verified *bool  `json:"verified"`
		Reason   string `json:"reason"`
	}
	if err := s.DecodeJSON(c, &body); err != nil {
		s.WriteError(c, err)
		return
	}
	if body.Verified == nil {
		s.WriteError(c, badParam("verified", ""))
		return
	}
	up, err := s.Roadmap.ReviewClaim(c.Request.Context(), id, *body.Verified, body.Reason)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, up)
}

// apiCarryOver answers POST /api/v1/roadmap/items/{id}/carry-over
// {"to": "2027-2028"}: the id may be a commitment's or a priority's.
func (s *server) apiCarryOver(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	var body struct {
		To string `json:"to"`
	}
	if err := s.DecodeJSON(c, &body); err != nil {
		s.WriteError(c, err)
		return
	}
	newID, err := s.Roadmap.CarryOver(c.Request.Context(), id, body.To)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": newID})
}

// apiReassessments answers GET /api/v1/roadmap/reassessments?period=.
func (s *server) apiReassessments(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	period, _, err := s.queryPeriod(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	out := []platform.Reassessment{}
	if period != nil {
		rs, err := s.Roadmap.Reassessments(c.Request.Context(), period.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		out = append(out, rs...)
	}
	c.JSON(http.StatusOK, gin.H{"reassessments": out})
}

// apiReassess answers POST /api/v1/roadmap/reassessments.
func (s *server) apiReassess(c *gin.Context) { saveJSON(s, c, s.Roadmap.Reassess) }

// apiRecs answers GET /api/v1/roadmap/recommendations.
func (s *server) apiRecs(c *gin.Context) {
	f, page, err := recFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	recs, total, err := s.Recommendations.FindRecommendations(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if recs == nil {
		recs = []*platform.Recommendation{}
	}
	next := s.NextPage(c, f.Offset+len(recs) < total && f.Offset+f.Limit < platform.MaxSearchDepth, "page", page+1)
	c.JSON(http.StatusOK, web.WithNext(gin.H{"recommendations": recs, "total": total}, next))
}

// apiRec answers GET /api/v1/roadmap/recommendations/{id}.
func (s *server) apiRec(c *gin.Context) {
	r, ok := s.rec(c)
	if !ok {
		return
	}
	c.Header("Cache-Control", "private, no-cache")
	c.JSON(http.StatusOK, r)
}

// apiCreateRec answers POST /api/v1/roadmap/recommendations.
func (s *server) apiCreateRec(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	var in platform.RecommendationInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	r, err := s.Recommendations.CreateRecommendation(c.Request.Context(), in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/roadmap/recommendations/"+r.ID)
	c.JSON(http.StatusCreated, r)
}

// apiUpdateRec answers PUT /api/v1/roadmap/recommendations/{id}.
func (s *server) apiUpdateRec(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	var in platform.RecommendationInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	r, err := s.Recommendations.UpdateRecommendation(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// apiDeleteRec answers DELETE /api/v1/roadmap/recommendations/{id}.
func (s *server) apiDeleteRec(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	if err := s.Recommendations.DeleteRecommendation(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiImport answers POST /api/v1/roadmap/import?kind=&dryRun=&writeValid=:
// a multipart upload (part file) checked, and written unless dryRun.
func (s *server) apiImport(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	if s.Sheets == nil {
		s.noService(c)
		return
	}
	if err := onlyOnce(c, "kind", "dryRun", "writeValid"); err != nil {
		s.WriteError(c, err)
		return
	}
	dry := true
	if v := c.Query("dryRun"); v != "" {
		var err error
		if dry, err = boolParam(c, "dryRun"); err != nil {
			s.WriteError(c, err)
			return
		}
	}
	valid, err := boolParam(c, "writeValid")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	_, up, err := s.readForm(c, MaxImportBytes)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if up == nil {
		s.WriteError(c, platform.Localized(platform.Invalid, "roadmap.error.no_file", nil, "no file"))
		return
	}
	rep, err := s.runImport(c, c.Query("kind"), up, importMode{DryRun: dry, WriteValid: valid})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	l := s.Localizer(c)
	for i, p := range rep.Problems {
		if p.MessageID != "" {
			rep.Problems[i].Message = l.T(p.MessageID, p.Data)
		}
	}
	c.JSON(http.StatusOK, rep)
}

// apiExport answers GET /api/v1/roadmap/export?kind=&format=&country=&period=.
func (s *server) apiExport(c *gin.Context) {
	if err := onlyOnce(c, "kind"); err != nil {
		s.WriteError(c, err)
		return
	}
	switch k := c.Query("kind"); k {
	case "", "items":
		s.exportItems(c)
	case "recommendations":
		s.exportRecs(c)
	default:
		s.WriteError(c, badParam("kind", k))
	}
}

// apiFollowing answers GET /api/v1/follows.
func (s *server) apiFollowing(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	if s.Follows == nil {
		s.noService(c)
		return
	}
	fs, err := s.Follows.Following(c.Request.Context())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if fs == nil {
		fs = []platform.Follow{}
	}
	c.JSON(http.StatusOK, gin.H{"follows": fs})
}

// apiFollow answers POST /api/v1/follows {"type": …, "id": …}.
func (s *server) apiFollow(c *gin.Context) { s.apiFollowing2(c, true) }

// apiUnfollow answers DELETE /api/v1/follows {"type": …, "id": …}.
func (s *server) apiUnfollow(c *gin.Context) { s.apiFollowing2(c, false) }

func (s *server) apiFollowing2(c *gin.Context, follow bool) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	if s.Follows == nil {
		s.noService(c)
		return
	}
	var t platform.FollowTarget
	if err := s.DecodeJSON(c, &t); err != nil {
		s.WriteError(c, err)
		return
	}
	var err error
	if follow {
		err = s.Follows.Follow(c.Request.Context(), t)
	} else {
		err = s.Follows.Unfollow(c.Request.Context(), t)
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiNotifications answers GET /api/v1/notifications?offset=&limit=.
func (s *server) apiNotifications(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	if s.Follows == nil {
		s.noService(c)
		return
	}
	if err := onlyOnce(c, "offset", "limit"); err != nil {
		s.WriteError(c, err)
		return
	}
	offset, err := intParam(c, "offset", 0, 0, platform.MaxSearchDepth)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	limit, err := intParam(c, "limit", 50, 1, 500)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	ns, unread, err := s.Follows.Notifications(c.Request.Context(), offset, limit)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if ns == nil {
		ns = []platform.Notification{}
	}
	c.JSON(http.StatusOK, gin.H{"notifications": ns, "unread": unread})
}

// apiMarkRead answers POST /api/v1/notifications/read {"ids": […]}
// (none: all).
func (s *server) apiMarkRead(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	if s.Follows == nil {
		s.noService(c)
		return
	}
	var body struct {
		IDs []string `json:"ids"`
	}
	if err := s.DecodeJSON(c, &body); err != nil {
		s.WriteError(c, err)
		return
	}
	if err := s.Follows.MarkRead(c.Request.Context(), body.IDs); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
