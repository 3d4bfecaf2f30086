package events

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

func itoa(n int) string { return strconv.Itoa(n) }

// versionTag is an event's version as an entity tag: reading an event gives
// it, and an update sent with it in If-Match succeeds only if nobody changed
// the event since (409 otherwise).
func versionTag(version int) string { return `"v` + strconv.Itoa(version) + `"` }

// ifMatchVersion reads an If-Match header made of one versionTag; empty and
// "*" mean no condition.
func ifMatchVersion(h string) (int, error) {
	h = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "W/"))
	if h == "" || h == "*" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.Trim(h, `"`), "v"))
	if err != nil || n < 1 {
		return 0, platform.Localized(platform.Invalid, "error.event_bad_value", map[string]any{"Field": "If-Match", "Value": h}, "bad If-Match %q", h)
	}
	return n, nil
}

// apiList answers GET /api/v1/events: the events that match the filters,
// in start order, with their number.
func (s *server) apiList(c *gin.Context) {
	f, page, err := filterParams(c, 100)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	events, total, err := s.Events.FindEvents(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	next := s.NextPage(c, f.Offset+len(events) < total, "page", page+1)
	c.JSON(http.StatusOK, web.WithNext(gin.H{"events": events, "total": total}, next))
}

// apiGet answers GET /api/v1/events/{id}, with the version as ETag.
func (s *server) apiGet(c *gin.Context) {
	e, ok := s.event(c)
	if !ok {
		return
	}
	c.Header("ETag", versionTag(e.Version))
	c.JSON(http.StatusOK, e)
}

// apiCreate answers POST /api/v1/events.
func (s *server) apiCreate(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	var in platform.EventInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	e, err := s.Events.CreateEvent(c.Request.Context(), in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/events/"+e.ID)
	c.Header("ETag", versionTag(e.Version))
	c.JSON(http.StatusCreated, s.withWarnings(c, e)) // overlaps.go
}

// apiUpdate answers PUT /api/v1/events/{id}; If-Match makes it conditional
// on the version a read gave.
func (s *server) apiUpdate(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	version, err := ifMatchVersion(c.GetHeader("If-Match"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var in platform.EventInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	in.IfVersion = version
	e, err := s.Events.UpdateEvent(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", versionTag(e.Version))
	c.JSON(http.StatusOK, s.withWarnings(c, e))
}

// apiDelete answers DELETE /api/v1/events/{id}.
func (s *server) apiDelete(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	if err := s.Events.DeleteEvent(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
