package library

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// suggestion is the JSON form of a suggestion.
type suggestion struct {
	Text string `json:"text"`
	Lang string `json:"lang"`
	ID   string `json:"id"`
	Type string `json:"type"`
	URL  string `json:"url"`
}

// suggest answers GET /api/v1/suggest?q=&lang=&type=&size=: titles of
// records the caller may see that complete what they are typing, for the
// search box's suggestions (static/suggest.js).
func (s *server) suggest(c *gin.Context) {
	lang := c.Query("lang")
	if lang != "" && !i18n.Supported(lang) {
		s.WriteError(c, platform.Localized(platform.Invalid, "error.bad_language", map[string]any{"Value": lang}, "unsupported language %q", lang))
		return
	}
	if lang == "" {
		lang = web.Lang(c)
	}
	size, err := web.IntQuery(c, "size")
	if err != nil {
		s.WriteError(c, err)
		return
	}
	res, err := s.Search.Suggest(c.Request.Context(), platform.SuggestQuery{
		Prefix: c.Query("q"), Lang: lang, Types: recordTypes(web.SplitList(c.QueryArray("type"))), Size: size,
	})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	out := make([]suggestion, 0, len(res))
	for _, r := range res {
		out = append(out, suggestion{Text: r.Text, Lang: r.Lang, ID: r.ID, Type: string(r.Type), URL: recordURL(lang, r.Type, r.ID)})
	}
	// Suggestions depend on who asks (visibility): a browser may keep them
	// a moment, shared caches may not.
	c.Header("Cache-Control", "private, max-age=30")
	c.JSON(http.StatusOK, gin.H{"suggestions": out})
}
