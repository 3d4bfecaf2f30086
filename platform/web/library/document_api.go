package library

import (
	"net/http"
	"strconv"
	"strings"

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

// versionTag is a document version as an entity tag: reading a document
// gives it, and an update sent with it in If-Match succeeds only if nobody
// changed the document since (409 otherwise).
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
		return 0, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "If-Match: " + h}, "bad If-Match %q", h)
	}
	return n, nil
}
