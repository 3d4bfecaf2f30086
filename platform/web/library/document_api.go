package library

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
)

// apiVersions answers GET /api/v1/documents/{id}/versions: the versions the
// reader may see, newest first.
func (s *server) apiVersions(c *gin.Context) {
	id, ok := s.docID(c)
	if !ok {
		return
	}
	versions, err := s.Documents.FindDocumentVersions(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"versions": versions})
}

// apiVersion answers GET /api/v1/documents/{id}/versions/{version}: the
// document as it was.
func (s *server) apiVersion(c *gin.Context) {
	id, ok := s.docID(c)
	if !ok {
		return
	}
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.doc_version_not_found", map[string]any{"Number": c.Param("version")}, "bad version"))
		return
	}
	d, err := s.Documents.FindDocumentVersion(c.Request.Context(), id, n)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}
