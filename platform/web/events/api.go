package events

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

func itoa(n int) string { return strconv.Itoa(n) }

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
	c.Header("ETag", web.VersionTag(e.Version))
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
	c.Header("ETag", web.VersionTag(e.Version))
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
	version, err := web.IfMatchVersion(c.GetHeader("If-Match"))
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
	c.Header("ETag", web.VersionTag(e.Version))
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
