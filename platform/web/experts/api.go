package experts

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
	"github.com/ca-uncac/hub/platform/web"
)

// apiList answers GET /api/v1/experts: the profiles the reader may see
// that match the filters, as they may see them, with their number.
func (s *server) apiList(c *gin.Context) {
	f, page, err := filterParams(c, 50)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	views, total, err := s.Experts.FindExperts(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if views == nil {
		views = []*platform.ExpertView{}
	}
	next := s.NextPage(c, f.Offset+len(views) < total, "page", page+1)
	c.JSON(http.StatusOK, web.WithNext(gin.H{"experts": views, "total": total}, next))
}

// apiGet answers GET /api/v1/experts/{id}, with the version as ETag.
func (s *server) apiGet(c *gin.Context) {
	v, ok := s.expert(c)
	if !ok {
		return
	}
	if v.Own {
		// Others' views carry no version: it would change with what they
		// may not see.
		c.Header("ETag", web.VersionTag(v.Version))
	}
	c.Header("Cache-Control", "private, no-cache")
	c.JSON(http.StatusOK, v)
}

// apiCreate answers POST /api/v1/experts.
func (s *server) apiCreate(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	var in platform.ExpertInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	e, err := s.Experts.CreateExpert(c.Request.Context(), in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/experts/"+e.ID)
	c.Header("ETag", web.VersionTag(e.Version))
	c.JSON(http.StatusCreated, e.ViewFor(u))
}

// apiUpdate answers PUT /api/v1/experts/{id}; If-Match makes it
// conditional on the version a read gave.
func (s *server) apiUpdate(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	version, err := web.IfMatchVersion(c.GetHeader("If-Match"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var in platform.ExpertInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	in.IfVersion = version
	e, err := s.Experts.UpdateExpert(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(e.Version))
	c.JSON(http.StatusOK, e.ViewFor(u))
}

// apiApprove answers POST /api/v1/experts/{id}/approve.
func (s *server) apiApprove(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	e, err := s.Experts.ApproveExpert(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(e.Version))
	c.JSON(http.StatusOK, e.ViewFor(u))
}

// apiHistory answers GET /api/v1/experts/{id}/history: the saved states,
// oldest first, for the expert and the secretariat.
func (s *server) apiHistory(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	h, err := s.Experts.ExpertHistory(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if h == nil {
		h = []platform.ExpertVersion{}
	}
	c.JSON(http.StatusOK, gin.H{"history": h})
}

// apiExport answers GET /api/v1/experts/{id}/export: everything the hub
// keeps about the profile (its fields, history, invitations and
// deliveries), as a JSON file to keep. For the expert and the secretariat;
// pages link to it (the session cookie works), and each export is audited.
func (s *server) apiExport(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	out, err := s.Experts.ExportExpert(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	web.NoStore(c)
	c.Header("Content-Disposition", `attachment; filename="expert-`+id+`.json"`)
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}

// apiDeletionRequest answers POST /api/v1/experts/{id}/deletion-request
// {"reason": "…"}: the expert asks for their profile to be erased.
func (s *server) apiDeletionRequest(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if c.Request.ContentLength != 0 {
		if err := s.DecodeJSON(c, &body); err != nil {
			s.WriteError(c, err)
			return
		}
	}
	if err := s.Experts.RequestExpertDeletion(c.Request.Context(), id, strings.TrimSpace(body.Reason)); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusAccepted)
}

// apiErase answers POST /api/v1/experts/{id}/erase.
func (s *server) apiErase(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	if err := s.Experts.EraseExpert(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiDuplicates answers GET /api/v1/experts/duplicates (the secretariat's).
func (s *server) apiDuplicates(c *gin.Context) {
	if s.Duplicates == nil {
		s.noService(c)
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	pairs, err := s.Duplicates(c.Request.Context())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if pairs == nil {
		pairs = []platform.DuplicatePair{}
	}
	c.JSON(http.StatusOK, gin.H{"pairs": pairs})
}

// mergeRequest is the body of POST /api/v1/experts/merge.
type mergeRequest struct {
	Keep string `json:"keep"`
	Drop string `json:"drop"`
}

// apiMerge answers POST /api/v1/experts/merge {"keep", "drop"}.
func (s *server) apiMerge(c *gin.Context) {
	u, ok := s.RequireAPIUser(c)
	if !ok {
		return
	}
	var m mergeRequest
	if err := s.DecodeJSON(c, &m); err != nil {
		s.WriteError(c, err)
		return
	}
	for name, id := range map[string]string{"keep": m.Keep, "drop": m.Drop} {
		if !platform.ValidRecordID(id) {
			s.WriteError(c, badParam(name, id))
			return
		}
	}
	e, err := s.Experts.MergeExperts(c.Request.Context(), m.Keep, m.Drop)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, e.ViewFor(u))
}

// matchQuery is what the matching is asked for: an event, or the review
// of a State in a cycle and languages.
type matchQuery struct {
	EventID, State string
	Cycle          int
	Languages      []string
	// Limit is how many candidates, and how many of the experts left out,
	// are listed (the best ones; the totals say how many there are).
	Limit int
}

// Limits of a matching's list: a page shows the best candidates, and a
// list of thousands, each with its profile, is no help and slow to send.
const (
	defaultMatchLimit = 50
	maxMatchLimit     = 500
)

// matchParams reads ?event=ID, or ?state=XX with cycle (1 or 2, default
// 2) and language (may repeat), and limit (1–500, default 50).
func matchParams(c *gin.Context) (matchQuery, error) {
	q := matchQuery{EventID: strings.TrimSpace(c.Query("event")), State: strings.ToUpper(strings.TrimSpace(c.Query("state"))), Limit: defaultMatchLimit}
	if err := onlyOnce(c, "event", "state", "cycle", "limit"); err != nil {
		return q, err
	}
	if raw := strings.TrimSpace(c.Query("limit")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxMatchLimit {
			return q, badParam("limit", raw)
		}
		q.Limit = n
	}
	cycle := strings.TrimSpace(c.Query("cycle"))
	langs := web.SplitList(c.QueryArray("language"))
	switch {
	case q.EventID != "" && q.State != "":
		return q, badParam("state", q.State)
	case q.EventID != "" && !platform.ValidRecordID(q.EventID):
		return q, badParam("event", q.EventID)
	case q.State != "" && (len(q.State) != 2 || strings.Trim(q.State, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != ""):
		return q, badParam("state", q.State)
	case q.State == "" && cycle != "":
		return q, badParam("cycle", cycle)
	case q.State == "" && len(langs) > 0:
		return q, badParam("language", langs[0])
	}
	if q.State != "" {
		q.Cycle = 2
		if cycle != "" {
			if cycle != "1" && cycle != "2" {
				return q, badParam("cycle", cycle)
			}
			q.Cycle = int(cycle[0] - '0')
		}
		for _, l := range langs {
			if l = strings.ToLower(l); len(l) != 2 || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
				return q, badParam("language", l)
			}
			q.Languages = append(q.Languages, l)
		}
	}
	return q, nil
}

// matchResult is the matching's answer as the module gives it: each
// expert with the profile as the reader sees it, each reason with its text
// in the reader's language.
type matchResult struct {
	Candidates []candidate `json:"candidates"`
	Excluded   []exclusion `json:"excluded"`
	// ExcludedTotal is the number of experts left out, of whom Excluded
	// lists the first (by id) up to the limit.
	ExcludedTotal int `json:"excludedTotal"`
}

type candidate struct {
	ExpertID string               `json:"expertId"`
	Expert   *platform.ExpertView `json:"expert"`
	Score    int                  `json:"score"`
	Reasons  []reason             `json:"reasons"`
}

type exclusion struct {
	ExpertID string               `json:"expertId"`
	Expert   *platform.ExpertView `json:"expert"`
	Reasons  []reason             `json:"reasons"`
}

// reason is a reason of the matching with its text.
type reason struct {
	match.Reason
	Text string `json:"text"`
}

// match asks the matcher (for an event, its topics, languages and dates;
// for a review, the State's) and fills in each expert's view and each
// reason's text; an expert the reader may not see (merged meanwhile) is
// left out.
func (s *server) match(c *gin.Context, q matchQuery) (*matchResult, error) {
	ctx := c.Request.Context()
	req := match.Request{Kind: match.KindReview, State: q.State, Cycle: q.Cycle, Languages: q.Languages}
	if q.EventID != "" {
		if s.Events == nil {
			return nil, platform.Localized(platform.NotFound, "error.event_not_found", nil, "no events")
		}
		ev, err := s.Events.FindEventByID(ctx, q.EventID)
		if err != nil {
			return nil, err
		}
		req = match.ForEvent(ev)
	}
	req.Limit = q.Limit
	res, err := s.Match(ctx, req)
	if err != nil {
		return nil, err
	}
	l := s.Localizer(c)
	view := func(id string) (*platform.ExpertView, error) {
		v, err := s.Experts.FindExpertByID(ctx, id)
		if platform.ErrorCode(err) == platform.NotFound {
			return nil, nil
		}
		return v, err
	}
	texts := func(rs []match.Reason) []reason {
		out := make([]reason, 0, len(rs))
		for _, r := range rs {
			out = append(out, reason{Reason: r, Text: reasonText(l, r)})
		}
		return out
	}
	out := &matchResult{Candidates: []candidate{}, Excluded: []exclusion{}, ExcludedTotal: len(res.Excluded)}
	if len(res.Excluded) > q.Limit {
		res.Excluded = res.Excluded[:q.Limit]
	}
	for _, cd := range res.Candidates {
		v, err := view(cd.ExpertID)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out.Candidates = append(out.Candidates, candidate{ExpertID: cd.ExpertID, Expert: v, Score: cd.Score, Reasons: texts(cd.Reasons)})
		}
	}
	for _, x := range res.Excluded {
		v, err := view(x.ExpertID)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out.Excluded = append(out.Excluded, exclusion{ExpertID: x.ExpertID, Expert: v, Reasons: texts(x.Reasons)})
		}
	}
	return out, nil
}

// apiMatch answers GET /api/v1/experts/match?event=ID or ?state=XX: the
// ranked candidates and the experts left out, each reason with its text in
// the request's language.
func (s *server) apiMatch(c *gin.Context) {
	if s.Match == nil {
		s.noService(c)
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	q, err := matchParams(c)
	if err == nil && q.EventID == "" && q.State == "" {
		err = badParam("event", "")
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	res, err := s.match(c, q)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// apiInvitations answers GET /api/v1/experts/{id}/invitations.
func (s *server) apiInvitations(c *gin.Context) {
	if s.Invitations == nil {
		s.noService(c)
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	invs, err := s.Invitations.FindInvitations(c.Request.Context(), id, "")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if invs == nil {
		invs = []*platform.ExpertInvitation{}
	}
	c.JSON(http.StatusOK, gin.H{"invitations": invs})
}

// inviteRequest is the body of POST /api/v1/experts/{id}/invitations.
type inviteRequest struct {
	EventID string              `json:"eventId"`
	Role    platform.ExpertRole `json:"role"`
	Message string              `json:"message"`
}

// apiInvite answers POST /api/v1/experts/{id}/invitations: the secretariat
// invites the expert to an event.
func (s *server) apiInvite(c *gin.Context) {
	if s.Invitations == nil {
		s.noService(c)
		return
	}
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	var in inviteRequest
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	if !platform.ValidRecordID(in.EventID) {
		s.WriteError(c, badParam("eventId", in.EventID))
		return
	}
	inv, err := s.Invitations.InviteExpert(c.Request.Context(), id, in.EventID, in.Role, strings.TrimSpace(in.Message))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusCreated, inv)
}

// apiAnswer answers POST /api/v1/experts/{id}/invitations/{invitation}/
// accept and …/decline.
func (s *server) apiAnswer(accept bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.Invitations == nil {
			s.noService(c)
			return
		}
		if _, ok := s.RequireAPIUser(c); !ok {
			return
		}
		expertID, ok := s.expertID(c)
		if !ok {
			return
		}
		id := c.Param("invitation")
		if err := s.checkInvitation(c, expertID, id); err != nil {
			s.WriteError(c, err)
			return
		}
		inv, err := s.Invitations.AnswerInvitation(c.Request.Context(), id, accept)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, inv)
	}
}
