package roadmap

import (
	"bytes"
	"context"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/storage"
)

// MaxImportBytes bounds an uploaded spreadsheet.
const MaxImportBytes = sheet.MaxFileBytes

// importMode is what an import does: check only (the default), write when
// every row is good, or write the good rows.
type importMode struct{ DryRun, WriteValid bool }

func modeOf(v string) (importMode, error) {
	switch v {
	case "", "dry":
		return importMode{DryRun: true}, nil
	case "write":
		return importMode{}, nil
	case "valid":
		return importMode{WriteValid: true}, nil
	}
	return importMode{}, badParam("mode", v)
}

// formatOf is an upload's format, by its name's extension, else by its
// content (an XLSX is a zip).
func formatOf(up *upload) sheet.Format {
	if f, err := sheet.ParseFormat(path.Ext(up.Name)); err == nil {
		return f
	}
	if bytes.HasPrefix(up.Data, []byte("PK\x03\x04")) {
		return sheet.XLSX
	}
	return sheet.CSV
}

// parsedSheet is an uploaded spreadsheet read into rows: those of its
// kind, and the problems of the rows the reader could not read.
type parsedSheet struct {
	kind     string
	items    []platform.ItemRow
	recs     []platform.RecommendationRow
	problems []platform.ImportProblem
}

// readUpload reads a spreadsheet of kind ("items" or "recommendations")
// in the isolated reader.
func (s *server) readUpload(ctx context.Context, kind string, up *upload) (*parsedSheet, error) {
	format := formatOf(up)
	p := &parsedSheet{kind: kind}
	var err error
	switch kind {
	case "", "items":
		p.kind = "items"
		p.items, p.problems, err = s.Sheets.ReadItems(ctx, bytes.NewReader(up.Data), format)
	case "recommendations":
		p.recs, p.problems, err = s.Sheets.ReadRecommendations(ctx, bytes.NewReader(up.Data), format)
	default:
		return nil, badParam("kind", kind)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// unreadRows is how many rows the reader could not read.
func (p *parsedSheet) unreadRows() int {
	rows := map[int]bool{}
	for _, pr := range p.problems {
		rows[pr.Row] = true
	}
	return len(rows)
}

// applySheet applies read rows. A row the reader could not read is a
// problem of the report like those the service finds; while there is
// one, nothing is written unless the good rows were asked for. progress
// (optional) is the service's ImportOptions.Progress.
func (s *server) applySheet(ctx context.Context, p *parsedSheet, mode importMode, progress func(done, total int)) (*platform.ImportReport, error) {
	opts := platform.ImportOptions{DryRun: mode.DryRun, WriteValid: mode.WriteValid, Progress: progress}
	if len(p.problems) > 0 && !opts.WriteValid {
		opts.DryRun = true
	}
	var (
		rep *platform.ImportReport
		err error
	)
	if p.kind == "recommendations" {
		rep, err = s.Recommendations.ImportRecommendations(ctx, p.recs, opts)
	} else {
		rep, err = s.Roadmap.ImportItems(ctx, p.items, opts)
	}
	if err != nil {
		return nil, err
	}
	rejected := map[int]bool{}
	for _, pr := range p.problems {
		rejected[pr.Row] = true
	}
	for _, r := range rep.Rows {
		delete(rejected, r.Row)
	}
	rep.Rejected += len(rejected)
	// Never nil: a file without problems answers "problems": [], as the
	// API documents, not null (slices.Clone keeps nil).
	rep.Problems = append(append([]platform.ImportProblem{}, p.problems...), rep.Problems...)
	slices.SortStableFunc(rep.Problems, func(a, b platform.ImportProblem) int { return a.Row - b.Row })
	return rep, nil
}

// runImport reads a spreadsheet and applies it within the request (the
// API's import: programs wait for the report).
func (s *server) runImport(c *gin.Context, kind string, up *upload, mode importMode) (*platform.ImportReport, error) {
	p, err := s.readUpload(c.Request.Context(), kind, up)
	if err != nil {
		return nil, err
	}
	return s.applySheet(c.Request.Context(), p, mode, nil)
}

// problemView is an import problem in the reader's language.
type problemView struct {
	Row            int
	Column, Reason string
}

// importPage serves /{lang}/roadmap/import: the upload form.
func (s *server) importPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if s.Sheets == nil {
		s.noService(c)
		return
	}
	s.renderImport(c, http.StatusOK, map[string]any{"Kind": "items"})
}

func (s *server) renderImport(c *gin.Context, status int, data map[string]any) {
	data["Limit"] = web.HumanBytes(MaxImportBytes)
	if _, ok := data["JobState"]; !ok {
		data["JobState"] = ""
	}
	web.NoStore(c)
	s.Render(c, status, "roadmap_import", "roadmap", s.Localizer(c).T("roadmap.import.title"), data)
}

// importSubmit checks (or writes) an uploaded spreadsheet and shows what
// it did or would do, with every bad row.
func (s *server) importSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	if s.Sheets == nil {
		s.noService(c)
		return
	}
	l := s.Localizer(c)
	values, up, err := s.readForm(c, MaxImportBytes)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	kind := values.Get("kind")
	data := map[string]any{"Kind": kind}
	mode, err := modeOf(values.Get("mode"))
	if err == nil && up == nil {
		err = platform.Localized(platform.Invalid, "roadmap.error.no_file", nil, "no file")
	}
	var rep *platform.ImportReport
	var p *parsedSheet
	if err == nil {
		p, err = s.readUpload(c.Request.Context(), kind, up)
	}
	if err == nil && s.Jobs != nil {
		// The rows are read: the import runs as a job whose page shows
		// its progress.
		var id string
		if id, err = s.startImportJob(c, p, mode); err == nil {
			c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/roadmap/import/jobs/"+id)
			return
		}
	}
	if err == nil {
		rep, err = s.applySheet(c.Request.Context(), p, mode, nil)
	}
	if err != nil {
		if code := platform.ErrorCode(err); code == platform.Invalid || code == platform.TooLarge || code == platform.UnsupportedType {
			status, msg := s.Explain(c, err)
			data["Error"] = msg
			s.renderImport(c, status, data)
			return
		}
		s.WriteError(c, err)
		return
	}
	data["Report"], data["Problems"], data["DryRun"] = rep, problemViews(l, rep.Problems), mode.DryRun
	s.renderImport(c, http.StatusOK, data)
}

// problemViews are a report's problems in the reader's language.
func problemViews(l *i18n.Localizer, ps []platform.ImportProblem) []problemView {
	var views []problemView
	for _, p := range ps {
		reason := p.Message
		if p.MessageID != "" {
			reason = l.T(p.MessageID, p.Data)
		}
		views = append(views, problemView{Row: p.Row, Column: p.Column, Reason: reason})
	}
	return views
}

// exportFormat reads ?format= (csv or xlsx).
func exportFormat(c *gin.Context) (sheet.Format, error) {
	if err := onlyOnce(c, "format", "country", "period"); err != nil {
		return "", err
	}
	f := c.DefaultQuery("format", "csv")
	if f != "csv" && f != "xlsx" {
		return "", badParam("format", f)
	}
	return sheet.Format(f), nil
}

// exportItems serves /{lang}/roadmap/export?format=&country=&period=: the
// items the reader may see, as a spreadsheet the import takes back.
func (s *server) exportItems(c *gin.Context) {
	format, err := exportFormat(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	period, _, err := s.periodOf(c, strings.TrimSpace(c.Query("period")))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := platform.ItemFilter{}
	name := "roadmap"
	if period != nil {
		f.Period, name = period.ID, name+"-"+period.ID
	}
	if cc := strings.TrimSpace(c.Query("country")); cc != "" {
		f.Countries, name = []string{cc}, name+"-"+strings.ToLower(cc)
	}
	if err := f.Validate(); err != nil {
		s.WriteError(c, err)
		return
	}
	items, err := s.allItems(c, f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var priorities []platform.Priority
	if period != nil {
		if priorities, err = s.Roadmap.Priorities(c.Request.Context(), period.ID); err != nil {
			s.WriteError(c, err)
			return
		}
	}
	var buf bytes.Buffer
	if err := sheet.WriteItems(&buf, format, items, priorities, platform.Tier(web.User(c))); err != nil {
		s.WriteError(c, err)
		return
	}
	sendFile(c, name+"."+string(format), format.ContentType(), buf.Bytes())
}

// exportRecs serves /{lang}/roadmap/recommendations/export?format=&country=.
func (s *server) exportRecs(c *gin.Context) {
	format, err := exportFormat(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := platform.RecommendationFilter{Limit: 500}
	name := "recommendations"
	if cc := strings.TrimSpace(c.Query("country")); cc != "" {
		f.Countries, name = []string{cc}, name+"-"+strings.ToLower(cc)
	}
	if err := f.Validate(); err != nil {
		s.WriteError(c, err)
		return
	}
	var all []*platform.Recommendation
	for {
		recs, total, err := s.Recommendations.FindRecommendations(c.Request.Context(), f)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		all = append(all, recs...)
		if len(recs) == 0 || len(all) >= total || f.Offset+len(recs) >= platform.MaxSearchDepth {
			break
		}
		f.Offset += len(recs)
	}
	var buf bytes.Buffer
	if err := sheet.WriteRecommendations(&buf, format, all); err != nil {
		s.WriteError(c, err)
		return
	}
	sendFile(c, name+"."+string(format), format.ContentType(), buf.Bytes())
}

func sendFile(c *gin.Context, name, contentType string, b []byte) {
	c.Header("Content-Disposition", storage.ContentDisposition(name))
	c.Header("Cache-Control", "private, no-cache")
	c.Data(http.StatusOK, contentType, b)
}
