package account

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// auditFilter reads the audit trail's filters from the query: user, country,
// kind, action, record, from and to (dates, YYYY-MM-DD, to inclusive),
// offset and limit.
func auditFilter(c *gin.Context, defLimit int) (platform.AuditFilter, error) {
	f := platform.AuditFilter{ActorID: c.Query("user"), Country: c.Query("country"), Kind: platform.RecordType(c.Query("kind")),
		Action: c.Query("action"), RecordID: c.Query("record")}
	bad := func(name, v string) error {
		return platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": name + "=" + web.Clip(v, 40)}, "bad %s", name)
	}
	if f.ActorID != "" && !platform.ValidRecordID(f.ActorID) && f.ActorID != platform.SystemID {
		return f, bad("user", f.ActorID)
	}
	if f.RecordID != "" && len(f.RecordID) > 100 {
		return f, bad("record", f.RecordID)
	}
	if f.Country != "" && !slices.Contains(platform.Countries(), f.Country) && f.Country != "other" {
		return f, bad("country", f.Country)
	}
	if f.Kind != "" && !slices.Contains(platform.AuditKinds(), f.Kind) {
		return f, bad("kind", string(f.Kind))
	}
	if len(f.Action) > 40 {
		return f, bad("action", f.Action)
	}
	for _, d := range []struct {
		name string
		to   *time.Time
		add  time.Duration
	}{{"from", &f.Since, 0}, {"to", &f.Until, 24 * time.Hour}} {
		v := c.Query(d.name)
		if v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, v); err != nil {
				return f, bad(d.name, v)
			}
			*d.to = t
			continue
		}
		*d.to = t.Add(d.add)
	}
	var err error
	if f.Offset, err = web.IntParam(c, "offset", 0, 0, 1_000_000); err != nil {
		return f, err
	}
	if f.Limit, err = web.IntParam(c, "limit", defLimit, 1, 500); err != nil {
		return f, err
	}
	return f, nil
}

// auditView is what the audit page shows.
type auditView struct {
	Entries   []*platform.AuditEntry
	Total     int
	Query     url.Values
	Users     []*platform.User
	Countries []string
	Kinds     []platform.RecordType
	From, To  int
	HasNext   bool
	NextURL   string
	PrevURL   string
}

const auditPerPage = 50

// auditPage lets the secretariat browse and filter the audit trail.
func (s *server) auditPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if err := s.requireSecretariatPage(c); err != nil {
		s.WriteError(c, err)
		return
	}
	f, err := auditFilter(c, auditPerPage)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	ctx := c.Request.Context()
	entries, total, err := s.Audit.FindAudit(ctx, f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	users, _, err := s.Users.FindUsers(ctx, platform.UserFilter{Limit: 200})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	q := c.Request.URL.Query()
	v := auditView{Entries: entries, Total: total, Query: q, Users: users, Kinds: platform.AuditKinds(),
		Countries: append(append([]string{}, platform.Countries()...), "other")}
	v.From, v.To, v.HasNext = f.Offset+1, f.Offset+len(entries), f.Offset+len(entries) < total
	next, prev := c.Request.URL.Query(), c.Request.URL.Query()
	next.Set("offset", strconv.Itoa(f.Offset+f.Limit))
	prev.Set("offset", strconv.Itoa(max(f.Offset-f.Limit, 0)))
	v.NextURL, v.PrevURL = "?"+next.Encode(), "?"+prev.Encode()
	s.Render(c, http.StatusOK, "audit", "audit", s.Localizer(c).T("account.audit.title"), v)
}

// apiAudit answers GET /api/v1/audit.
func (s *server) apiAudit(c *gin.Context) {
	f, err := auditFilter(c, 50)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	entries, total, err := s.Audit.FindAudit(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"total": total, "entries": entries})
}
