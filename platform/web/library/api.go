package library

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

func (s *server) docID(c *gin.Context) (string, bool) {
	id := c.Param("id")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.document_not_found", nil, "bad id %q", id))
		return "", false
	}
	return id, true
}

func (s *server) getDocument(c *gin.Context) {
	id, ok := s.docID(c)
	if !ok {
		return
	}
	d, err := s.Documents.FindDocumentByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(d.Version))
	c.JSON(http.StatusOK, d)
}

func (s *server) listDocuments(c *gin.Context) {
	f := platform.DocumentFilter{
		Kinds: web.SplitList(c.QueryArray("kind")), Countries: web.SplitList(c.QueryArray("country")),
		Areas: web.SplitList(c.QueryArray("area")),
	}
	var err error
	if f.Articles, err = intList(c.QueryArray("article")); err != nil {
		s.WriteError(c, err)
		return
	}
	if f.Offset, err = web.IntParam(c, "offset", 0, 0, 1_000_000); err != nil {
		s.WriteError(c, err)
		return
	}
	if f.Limit, err = web.IntParam(c, "limit", 20, 1, 100); err != nil {
		s.WriteError(c, err)
		return
	}
	if err := f.Validate(); err != nil {
		s.WriteError(c, err)
		return
	}
	docs, total, err := s.Documents.FindDocuments(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if docs == nil {
		docs = []*platform.Document{}
	}
	next := s.NextPage(c, f.Offset+len(docs) < total, "offset", f.Offset+f.Limit)
	c.JSON(http.StatusOK, web.WithNext(gin.H{"total": total, "documents": docs}, next))
}

func (s *server) createDocument(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	var in platform.DocumentInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	d, err := s.Documents.CreateDocument(c.Request.Context(), in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("Location", "/api/v1/documents/"+d.ID)
	c.JSON(http.StatusCreated, d)
}

func (s *server) updateDocument(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.docID(c)
	if !ok {
		return
	}
	var in platform.DocumentInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	v, err := web.IfMatchVersion(c.GetHeader("If-Match"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	in.IfVersion = v
	d, err := s.Documents.UpdateDocument(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(d.Version))
	c.JSON(http.StatusOK, d)
}

func (s *server) deleteDocument(c *gin.Context) {
	if _, ok := s.RequireAPIUser(c); !ok {
		return
	}
	id, ok := s.docID(c)
	if !ok {
		return
	}
	if err := s.Documents.DeleteDocument(c.Request.Context(), id); err != nil {
		s.WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// searchHit is the JSON form of a hit.
type searchHit struct {
	ID      string  `json:"id"`
	Type    string  `json:"type"`
	Title   string  `json:"title"`
	Lang    string  `json:"lang"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
	URL     string  `json:"url"`
	// Missing are a partial match's words of the query that it lacks.
	Missing []string `json:"missing,omitempty"`
}

func (s *server) search(c *gin.Context) {
	lang := c.Query("lang")
	if lang == "" || !i18n.Supported(lang) {
		lang = web.Lang(c)
	}
	q, err := s.searchQuery(c, lang)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	q.Facets = true
	res, err := s.searchWithin(c.Request.Context(), q)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	hits := make([]searchHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, searchHit{ID: h.ID, Type: string(h.Type), Title: h.Title, Lang: h.TitleLang,
			Snippet: h.Snippet, Score: h.Score, URL: recordURL(lang, h.Type, h.ID), Missing: h.Missing})
	}
	end := q.Page * q.Size
	next := s.NextPage(c, end < res.Total && end+q.Size <= platform.MaxSearchDepth, "page", q.Page+1)
	answer := gin.H{"total": res.Total, "fullMatches": res.FullMatches, "relaxed": res.Relaxed, "hits": hits, "facets": res.Facets}
	if res.DidYouMean != "" {
		answer["didYouMean"] = res.DidYouMean
	}
	c.JSON(http.StatusOK, web.WithNext(answer, next))
}

// searchBudget is the longest a reader's search may run. The engine stops
// at the deadline, so a pathological query (dozens of very common words)
// costs one bounded slice of the processor and gets a clear answer instead
// of holding a core for seconds.
const searchBudget = 2 * time.Second

// Searches take turns. Two cores shared by 64 searches at once give each
// a thirty-second of a core, so every one of them is slow and a burst
// pushes the whole lot past searchBudget; run a few at a time, each at full
// speed, the same work is done sooner and the others wait briefly in line.
const (
	// searchQueueWait is the longest a search waits for its turn before the
	// reader is told the hub is busy (503).
	searchQueueWait = 10 * time.Second
	// searchesPerCore is how many searches run at once per processor: more
	// than one, so that a search waiting for its database read or its
	// client does not hold a core idle.
	searchesPerCore = 2
	// searchRetryAfter is what a refused search's Retry-After asks for.
	searchRetryAfter = 5 * time.Second
)

// searchWithin runs a reader's query when its turn comes, within
// searchBudget from then.
func (s *server) searchWithin(ctx context.Context, q platform.SearchQuery) (*platform.SearchResult, error) {
	wait := s.SearchQueueWait
	if wait <= 0 {
		wait = searchQueueWait
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case s.searchSlots <- struct{}{}:
		defer func() { <-s.searchSlots }()
	case <-timer.C:
		return nil, platform.Localized(platform.Unavailable, "error.search_busy", map[string]any{"Wait": searchRetryAfter},
			"no turn to search within %s", wait)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, searchBudget)
	defer cancel()
	res, err := s.Search.Search(ctx, q)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, platform.Localized(platform.Invalid, "error.search_too_costly", nil, "search %q exceeded %s", q.Text, searchBudget)
	}
	return res, err
}

// searchQuery reads the search parameters shared by the API and the library
// page.
func (s *server) searchQuery(c *gin.Context, lang string) (platform.SearchQuery, error) {
	q := platform.SearchQuery{
		Text: c.Query("q"), Lang: lang, Fallback: i18n.Chain(lang)[1:],
		Types: recordTypes(web.SplitList(c.QueryArray("type"))), Kinds: web.SplitList(c.QueryArray("kind")),
		Countries: web.SplitList(c.QueryArray("country")), Areas: web.SplitList(c.QueryArray("area")),
		Statuses: web.SplitList(c.QueryArray("status")), Languages: web.SplitList(c.QueryArray("language")), Sort: c.Query("sort"),
	}
	// The numbers are read here; what they may be, and the filters, is
	// checked once, by the query itself, so that the reader gets a message
	// about what they asked rather than the search engine's own words.
	var err error
	if q.Articles, err = intList(c.QueryArray("article")); err != nil {
		return q, err
	}
	if q.Year, err = web.IntQuery(c, "year"); err != nil {
		return q, err
	}
	if q.Page, err = web.IntQuery(c, "page"); err != nil {
		return q, err
	}
	if q.Size, err = web.IntQuery(c, "size"); err != nil {
		return q, err
	}
	return q, q.Validate()
}

// recordURL is the page address of a record.
func recordURL(lang string, typ platform.RecordType, id string) string {
	switch typ {
	case platform.TypeEvent:
		return "/" + lang + "/events/" + id
	case platform.TypeExpert:
		return "/" + lang + "/experts/" + id
	case platform.TypeCommitment:
		return "/" + lang + "/roadmap/items/" + id
	case platform.TypeRecommendation:
		return "/" + lang + "/roadmap/recommendations/" + id
	case platform.TypeProvision:
		docID, key, _ := platform.SplitProvisionID(id)
		return "/" + lang + "/library/" + docID + "/p/" + key
	default:
		return "/" + lang + "/library/" + id
	}
}

func intList(values []string) ([]int, error) {
	var out []int
	for _, v := range web.SplitList(values) {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "article=" + v}, "bad number %q", v)
		}
		out = append(out, n)
	}
	return out, nil
}

// recordTypes reads record types from a query's values.
func recordTypes(names []string) []platform.RecordType {
	if names == nil {
		return nil
	}
	out := make([]platform.RecordType, len(names))
	for i, n := range names {
		out[i] = platform.RecordType(n)
	}
	return out
}
