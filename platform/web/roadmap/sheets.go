package roadmap

import (
	"bytes"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

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

// runImport reads a spreadsheet of kind ("items" or "recommendations") in
// the isolated reader and applies it. A row the reader could not read is
// a problem of the report like those the service finds; while there is
// one, nothing is written unless the good rows were asked for.
func (s *server) runImport(c *gin.Context, kind string, up *upload, mode importMode) (*platform.ImportReport, error) {
	ctx := c.Request.Context()
	format := formatOf(up)
	var (
		rep      *platform.ImportReport
		problems []platform.ImportProblem
		err      error
	)
	opts := platform.ImportOptions{DryRun: mode.DryRun, WriteValid: mode.WriteValid}
	switch kind {
	case "", "items":
		var rows []platform.ItemRow
		if rows, problems, err = s.Sheets.ReadItems(ctx, bytes.NewReader(up.Data), format); err != nil {
			return nil, err
		}
		if len(problems) > 0 && !opts.WriteValid {
			opts.DryRun = true
		}
		rep, err = s.Roadmap.ImportItems(ctx, rows, opts)
	case "recommendations":
		var rows []platform.RecommendationRow
		if rows, problems, err = s.Sheets.ReadRecommendations(ctx, bytes.NewReader(up.Data), format); err != nil {
			return nil, err
		}
		if len(problems) > 0 && !opts.WriteValid {
			opts.DryRun = true
		}
		rep, err = s.Recommendations.ImportRecommendations(ctx, rows, opts)
	default:
		return nil, badParam("kind", kind)
	}
	if err != nil {
		return nil, err
	}
	rejected := map[int]bool{}
	for _, p := range problems {
		rejected[p.Row] = true
	}
	for _, r := range rep.Rows {
		delete(rejected, r.Row)
	}
	rep.Rejected += len(rejected)
	rep.Problems = append(problems, rep.Problems...)
	slices.SortStableFunc(rep.Problems, func(a, b platform.ImportProblem) int { return a.Row - b.Row })
	return rep, nil
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
	if err == nil {
		rep, err = s.runImport(c, kind, up, mode)
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
	var problems []problemView
	for _, p := range rep.Problems {
		reason := p.Message
		if p.MessageID != "" {
			reason = l.T(p.MessageID, p.Data)
		}
		problems = append(problems, problemView{Row: p.Row, Column: p.Column, Reason: reason})
	}
	data["Report"], data["Problems"], data["DryRun"] = rep, problems, mode.DryRun
	s.renderImport(c, http.StatusOK, data)
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
