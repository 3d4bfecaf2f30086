package bilaterals

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// apiSettings answers GET /api/v1/events/{id}/bilaterals/settings, with the
// version as ETag.
func (s *server) apiSettings(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	set, err := s.Bilaterals.Settings(c.Request.Context(), e.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(set.Version))
	c.JSON(http.StatusOK, set)
}

// apiSaveSettings answers PUT …/settings: If-Match (else the body's
// version) makes it conditional on the version read.
func (s *server) apiSaveSettings(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	version, err := web.IfMatchVersion(c.GetHeader("If-Match"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var in platform.BilateralSettings
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	if version == 0 {
		version = in.Version
	}
	set, err := s.Bilaterals.SaveSettings(c.Request.Context(), e.ID, in, version)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(set.Version))
	c.JSON(http.StatusOK, set)
}

// apiWindows answers GET …/windows: the free windows the settings give.
func (s *server) apiWindows(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	ws, err := s.Bilaterals.Windows(c.Request.Context(), e.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if ws == nil {
		ws = []platform.TimeRange{}
	}
	c.JSON(http.StatusOK, gin.H{"windows": ws})
}

// apiDelegations answers GET …/delegations.
func (s *server) apiDelegations(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	ds, err := s.Bilaterals.Delegations(c.Request.Context(), e.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if ds == nil {
		ds = []*platform.Delegation{}
	}
	c.JSON(http.StatusOK, gin.H{"delegations": ds})
}

// apiCreateDelegation answers POST …/delegations.
func (s *server) apiCreateDelegation(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	var in platform.DelegationInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	d, err := s.Bilaterals.SaveDelegation(c.Request.Context(), e.ID, "", in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/events/"+e.ID+"/bilaterals/delegations/"+d.ID)
	c.Header("ETag", web.VersionTag(d.Version))
	c.JSON(http.StatusCreated, d)
}

// apiDelegation answers GET …/delegations/{did}.
func (s *server) apiDelegation(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	d, ok := s.delegation(c, e.ID)
	if !ok {
		return
	}
	c.Header("ETag", web.VersionTag(d.Version))
	c.JSON(http.StatusOK, d)
}

// apiUpdateDelegation answers PUT …/delegations/{did}; If-Match makes it
// conditional.
func (s *server) apiUpdateDelegation(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	d, ok := s.delegation(c, e.ID)
	if !ok {
		return
	}
	version, err := web.IfMatchVersion(c.GetHeader("If-Match"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var in platform.DelegationInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	in.IfVersion = version
	d, err = s.Bilaterals.SaveDelegation(c.Request.Context(), e.ID, d.ID, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(d.Version))
	c.JSON(http.StatusOK, d)
}

// apiDeleteDelegation answers DELETE …/delegations/{did}.
func (s *server) apiDeleteDelegation(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	d, ok := s.delegation(c, e.ID)
	if !ok {
		return
	}
	if err := s.Bilaterals.DeleteDelegation(c.Request.Context(), d.ID); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiRequests answers GET …/requests?delegation=&status=.
func (s *server) apiRequests(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	del, status, err := requestFilter(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	rs, err := s.Bilaterals.Requests(c.Request.Context(), e.ID, del, status)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if rs == nil {
		rs = []*platform.MeetingRequest{}
	}
	c.JSON(http.StatusOK, gin.H{"requests": rs})
}

// apiCreateRequest answers POST …/requests.
func (s *server) apiCreateRequest(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	var in platform.MeetingRequestInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	r, err := s.Bilaterals.CreateRequest(c.Request.Context(), e.ID, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/events/"+e.ID+"/bilaterals/requests/"+r.ID)
	c.Header("ETag", web.VersionTag(r.Version))
	c.JSON(http.StatusCreated, r)
}

// apiRequest answers GET …/requests/{rid}.
func (s *server) apiRequest(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	r, ok := s.request(c, e.ID)
	if !ok {
		return
	}
	c.Header("ETag", web.VersionTag(r.Version))
	c.JSON(http.StatusOK, r)
}

// apiAnswer answers POST …/requests/{rid}/answer: accept, decline or
// withdraw; If-Match makes it conditional.
func (s *server) apiAnswer(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	r, ok := s.request(c, e.ID)
	if !ok {
		return
	}
	version, err := web.IfMatchVersion(c.GetHeader("If-Match"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var in platform.MeetingAnswer
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	in.IfVersion = version
	if r, err = s.Bilaterals.AnswerRequest(c.Request.Context(), r.ID, in); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(r.Version))
	c.JSON(http.StatusOK, r)
}

// lockInput is the body of …/requests/{rid}/lock.
type lockInput struct {
	Locked bool `json:"locked"`
}

// apiLock answers POST …/requests/{rid}/lock.
func (s *server) apiLock(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	r, ok := s.request(c, e.ID)
	if !ok {
		return
	}
	var in lockInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	r, err := s.Bilaterals.LockRequest(c.Request.Context(), r.ID, in.Locked)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// apiSchedule answers GET …/schedule: all of it for the secretariat, a
// delegation's published meetings for those who act for one.
func (s *server) apiSchedule(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	sch, err := s.Bilaterals.Schedule(c.Request.Context(), e.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(sch.Version))
	c.JSON(http.StatusOK, sch)
}

// versionInput is the body of …/schedule/solve and …/schedule/publish:
// the schedule's version the caller saw.
type versionInput struct {
	IfVersion int `json:"ifVersion"`
}

// apiSolve answers POST …/schedule/solve.
func (s *server) apiSolve(c *gin.Context) {
	s.apiScheduleStep(c, s.Bilaterals.Solve)
}

// apiPublish answers POST …/schedule/publish.
func (s *server) apiPublish(c *gin.Context) {
	s.apiScheduleStep(c, s.Bilaterals.Publish)
}

// apiScheduleStep answers a solve or a publish: a signed-in caller, the
// version they saw, the new schedule (or 409 when another won).
func (s *server) apiScheduleStep(c *gin.Context, step func(ctx context.Context, eventID string, ifVersion int) (*platform.BilateralSchedule, error)) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	e, ok := s.conference(c)
	if !ok {
		return
	}
	var in versionInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	if in.IfVersion < 0 {
		s.WriteError(c, badParam("ifVersion", strconv.Itoa(in.IfVersion)))
		return
	}
	sch, err := step(c.Request.Context(), e.ID, in.IfVersion)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(sch.Version))
	c.JSON(http.StatusOK, sch)
}

// apiDelegationSchedule answers GET …/delegations/{did}/schedule: the
// delegation's published meetings with the names a printout needs.
func (s *server) apiDelegationSchedule(c *gin.Context) {
	e, ok := s.conference(c)
	if !ok {
		return
	}
	d, ok := s.delegation(c, e.ID)
	if !ok {
		return
	}
	ds, err := s.delegationSchedule(c, e, d)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	out := gin.H{"delegation": d.ID, "name": ds.Name, "zone": e.TimeZone, "version": ds.Version, "meetings": ds.jsonMeetings()}
	if ds.PublishedAt != nil {
		out["publishedAt"] = ds.PublishedAt
	}
	c.JSON(http.StatusOK, out)
}
