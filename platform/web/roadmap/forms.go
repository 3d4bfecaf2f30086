package roadmap

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// formLimit bounds a form's fields (not its file).
const formLimit = 1 << 20

// upload is a file sent with a form, read whole.
type upload struct {
	Name, ContentType string
	Data              []byte
}

// readForm reads a posted form, url-encoded or multipart; a multipart
// form's file (the part named file) is read up to fileLimit bytes, over
// which the form is refused (TooLarge, naming the limit).
func (s *server) readForm(c *gin.Context, fileLimit int64) (url.Values, *upload, error) {
	media, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if media != "multipart/form-data" {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, formLimit)
		if err := c.Request.ParseForm(); err != nil {
			return nil, nil, formError(err, formLimit)
		}
		return c.Request.PostForm, nil, nil
	}
	total := fileLimit + formLimit
	if c.Request.ContentLength > total {
		c.Header("Connection", "close")
		return nil, nil, tooLarge(fileLimit)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, total)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, nil, badParam("file", err.Error())
	}
	values := url.Values{}
	var up *upload
	var fields int64
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, formError(err, fileLimit)
		}
		if part.FileName() != "" {
			data, err := io.ReadAll(io.LimitReader(part, fileLimit+1))
			if err != nil {
				return nil, nil, formError(err, fileLimit)
			}
			if int64(len(data)) > fileLimit {
				c.Header("Connection", "close")
				return nil, nil, tooLarge(fileLimit)
			}
			if len(data) > 0 && up == nil {
				up = &upload{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data}
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, formLimit-fields+1))
		if err != nil {
			return nil, nil, formError(err, fileLimit)
		}
		if fields += int64(len(b)); fields > formLimit {
			return nil, nil, tooLarge(formLimit)
		}
		values.Add(part.FormName(), string(b))
	}
	return values, up, nil
}

func tooLarge(limit int64) error {
	return platform.Localized(web.CodeTooLarge, "roadmap.error.file_too_large", map[string]any{"Limit": web.HumanBytes(limit)}, "upload over %d bytes", limit)
}

func formError(err error, limit int64) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return tooLarge(limit)
	}
	return badParam("form", err.Error())
}

// maxEvidence is the largest evidence file an update takes.
func (s *server) maxEvidence() int64 {
	if s.MaxEvidence > 0 {
		return s.MaxEvidence
	}
	return 20 << 20
}

// requirePageUser sends an anonymous visitor to sign in; it reports
// whether the handler may go on.
func (s *server) requirePageUser(c *gin.Context) bool {
	if web.User(c) != nil {
		return true
	}
	s.ToSignIn(c)
	return false
}

// itemForm is the item form's fields as text, so that a refused form
// shows them again as they were.
type itemForm struct {
	ID                                                     string
	Kind, Period, Priority, Parent, Country, Code          string
	Title, Description, TextLang, Lead, Start, Due, Weight string
	Status, Articles, Visibility                           string
	Version                                                int
	// Indicators are the item's indicators, then empty rows for new
	// ones.
	Indicators []indicatorRow
}

// indicatorRow is an indicator's line of the form: its name in the form's
// language, its unit and numbers as typed.
type indicatorRow struct {
	Index                                 int
	Name, Unit, Baseline, Target, Current string
}

// emptyIndicatorRows is how many empty indicator lines the form offers.
const emptyIndicatorRows = 2

// withEmptyRows numbers the rows and adds the empty ones.
func withEmptyRows(rows []indicatorRow) []indicatorRow {
	for range emptyIndicatorRows {
		if len(rows) < platform.MaxIndicators {
			rows = append(rows, indicatorRow{})
		}
	}
	for i := range rows {
		rows[i].Index = i
	}
	return rows
}

func numberText(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func formOfItem(it *platform.RoadmapItem, lang string) itemForm {
	f := itemForm{ID: it.ID, Kind: string(it.Kind), Period: it.Period, Priority: it.Priority, Parent: it.Parent,
		Country: it.Country, Code: it.Code, Title: it.Title[lang], Description: it.Description[lang], TextLang: lang,
		Lead: it.Lead, Weight: strconv.FormatFloat(it.Weight, 'f', -1, 64), Status: string(it.Status),
		Visibility: it.Visibility, Version: it.Version}
	if it.Start != nil {
		f.Start = it.Start.Format(time.DateOnly)
	}
	if it.Due != nil {
		f.Due = it.Due.Format(time.DateOnly)
	}
	var arts []string
	for _, a := range it.Articles {
		arts = append(arts, strconv.Itoa(a))
	}
	f.Articles = strings.Join(arts, ", ")
	var rows []indicatorRow
	for _, ind := range it.Indicators {
		rows = append(rows, indicatorRow{Name: ind.Name[lang], Unit: ind.Unit, Baseline: numberText(ind.Baseline),
			Target: numberText(ind.Target), Current: numberText(ind.Current)})
	}
	f.Indicators = withEmptyRows(rows)
	return f
}

func formFromValues(v url.Values, lang string) itemForm {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := itemForm{Kind: g("kind"), Period: g("period"), Priority: g("priority"), Parent: g("parent"), Country: g("country"),
		Code: g("code"), Title: g("title"), Description: g("description"), TextLang: g("lang"), Lead: g("lead"),
		Start: g("start"), Due: g("due"), Weight: g("weight"), Status: g("status"), Articles: g("articles"), Visibility: g("visibility")}
	f.Version, _ = strconv.Atoi(g("version"))
	if !platform.ValidLanguage(f.TextLang) {
		f.TextLang = lang
	}
	if f.Country == platform.RegionalKey {
		f.Country = ""
	}
	for i := 0; i < platform.MaxIndicators+emptyIndicatorRows; i++ {
		k := "indicators." + strconv.Itoa(i) + "."
		if _, ok := v[k+"name"]; !ok {
			break
		}
		f.Indicators = append(f.Indicators, indicatorRow{Index: i, Name: g(k + "name"), Unit: g(k + "unit"),
			Baseline: g(k + "baseline"), Target: g(k + "target"), Current: g(k + "current")})
	}
	return f
}

// input applies the form to base (an item's input, or a new one), keeping
// what the form does not show (other languages' texts, indicators).
func (f itemForm) input(base platform.ItemInput) (platform.ItemInput, error) {
	in := base
	in.Kind, in.Period, in.Priority, in.Parent, in.Country = platform.ItemKind(f.Kind), f.Period, f.Priority, f.Parent, f.Country
	in.Code, in.Lead, in.Status, in.Visibility = f.Code, f.Lead, platform.ItemStatus(f.Status), f.Visibility
	in.Title, in.Description = cloneText(base.Title), cloneText(base.Description)
	in.Title[f.TextLang], in.Description[f.TextLang] = f.Title, f.Description
	var err error
	if in.Start, err = dateField("start", f.Start); err != nil {
		return in, err
	}
	if in.Due, err = dateField("due", f.Due); err != nil {
		return in, err
	}
	in.Weight = 1
	if f.Weight != "" {
		w, err := strconv.ParseFloat(strings.ReplaceAll(f.Weight, ",", "."), 64)
		if err != nil {
			return in, badParam("weight", f.Weight)
		}
		in.Weight = w
	}
	if in.Articles, err = articlesField(f.Articles); err != nil {
		return in, err
	}
	if f.Indicators != nil {
		// The form's lines replace the indicators, each keeping its
		// name in the other languages; a blank line is dropped.
		var out []platform.Indicator
		for i, row := range f.Indicators {
			if row.Name == "" && row.Unit == "" && row.Baseline == "" && row.Target == "" && row.Current == "" {
				continue
			}
			var ind platform.Indicator
			if i < len(base.Indicators) {
				ind.Name = cloneText(base.Indicators[i].Name)
			} else {
				ind.Name = platform.Text{}
			}
			if row.Name == "" {
				delete(ind.Name, f.TextLang)
			} else {
				ind.Name[f.TextLang] = row.Name
			}
			ind.Unit = row.Unit
			field := "indicators." + strconv.Itoa(i) + "."
			for _, x := range []struct {
				name, text string
				dst        **float64
			}{{"baseline", row.Baseline, &ind.Baseline}, {"target", row.Target, &ind.Target}, {"current", row.Current, &ind.Current}} {
				if x.text == "" {
					continue
				}
				n, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(x.text, " ", ""), ",", "."), 64)
				if err != nil {
					return in, badParam(field+x.name, x.text)
				}
				*x.dst = &n
			}
			out = append(out, ind)
		}
		in.Indicators = out
	}
	in.IfVersion = f.Version
	return in, nil
}

func cloneText(t platform.Text) platform.Text {
	out := platform.Text{}
	for k, v := range t {
		out[k] = v
	}
	return out
}

func dateField(name, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < 1990 || t.Year() > 2200 {
		return nil, badParam(name, v)
	}
	return &t, nil
}

func articlesField(v string) ([]int, error) {
	var out []int
	for _, a := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(a)
		if err != nil {
			return nil, badParam("articles", a)
		}
		out = append(out, n)
	}
	return out, nil
}

// idsField reads record ids separated by commas or spaces.
func idsField(name, v string) ([]string, error) {
	var out []string
	for _, id := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' || r == '\r' }) {
		if !platform.ValidRecordID(id) {
			return nil, badParam(name, id)
		}
		out = append(out, id)
	}
	return out, nil
}

// renderItemForm shows the item form, with err's message when a save was
// refused.
func (s *server) renderItemForm(c *gin.Context, status int, f itemForm, err error) {
	ctx := c.Request.Context()
	l := s.Localizer(c)
	data := map[string]any{"Form": f, "Statuses": statusOptions(l), "Countries": platformCountries(l)}
	if err != nil {
		status, data["Error"] = s.Explain(c, err)
		if e := platform.AsError(err); e != nil {
			data["ErrorField"], _ = e.Data["Field"].(string)
		}
	}
	periods, perr := s.Roadmap.Periods(ctx)
	if perr != nil {
		s.WriteError(c, perr)
		return
	}
	type option struct{ ID, Label string }
	var pr []option
	var pids []string
	for _, p := range periods {
		pids = append(pids, p.ID)
		ps, _ := s.Roadmap.Priorities(ctx, p.ID)
		for _, x := range ps {
			t := pick(x.Title, web.Lang(c))
			pr = append(pr, option{ID: x.ID, Label: strings.TrimSpace(p.ID + " · " + x.Code + " " + t.Text)})
		}
	}
	data["PeriodIDs"], data["Priorities"] = pids, pr
	var kinds []countView
	for _, k := range platform.ItemKinds() {
		kinds = append(kinds, countView{Key: string(k), Label: l.T("roadmap.kind." + string(k))})
	}
	data["Kinds"] = kinds
	var vis []countView
	for _, v := range platform.Visibilities() {
		vis = append(vis, countView{Key: v, Label: l.T("visibility." + v)})
	}
	data["Visibilities"] = vis
	title := l.T("roadmap.item.new")
	if f.ID != "" {
		title = l.T("roadmap.item.edit")
	}
	data["Title"] = title
	web.NoStore(c)
	s.Render(c, status, "roadmap_itemform", "roadmap", title, data)
}

// platformCountries are the member states with their names.
func platformCountries(l *i18n.Localizer) []countView {
	var out []countView
	for _, cc := range platform.Countries() {
		out = append(out, countView{Key: cc, Label: l.T("country." + cc)})
	}
	return out
}

// newItemForm serves /{lang}/roadmap/items/new (?parent=, ?country=,
// ?period=, ?priority= fill it in).
func (s *server) newItemForm(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	if err := onlyOnce(c, "parent", "country", "period", "priority"); err != nil {
		s.WriteError(c, err)
		return
	}
	u := web.User(c)
	f := itemForm{Kind: string(platform.KindCommitment), TextLang: web.Lang(c), Weight: "1", Status: string(platform.StatusNotStarted),
		Visibility: platform.Public, Period: c.Query("period"), Priority: c.Query("priority"), Country: c.Query("country"),
		Indicators: withEmptyRows(nil)}
	if u.Country != "" && !platform.IsSecretariat(u) {
		f.Country = u.Country
	}
	if parent := c.Query("parent"); parent != "" {
		if !platform.ValidRecordID(parent) {
			s.WriteError(c, badParam("parent", parent))
			return
		}
		p, err := s.Roadmap.Item(c.Request.Context(), parent)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		f.Parent, f.Kind, f.Period, f.Priority, f.Country = p.ID, string(platform.KindAction), p.Period, p.Priority, p.Country
	}
	if f.Country != "" && f.Country != platform.RegionalKey && !slices.Contains(platform.Countries(), f.Country) {
		s.WriteError(c, badParam("country", f.Country))
		return
	}
	if f.Period == "" {
		if cur, _, err := s.periodOf(c, ""); err == nil && cur != nil {
			f.Period = cur.ID
		}
	}
	s.renderItemForm(c, http.StatusOK, f, nil)
}

// formRefusal reports whether a form's save failed on what was typed (a
// field the service refused, or a record changed meanwhile): the form is
// shown again with the values and the message, rather than an error page.
func formRefusal(err error) bool {
	code := platform.ErrorCode(err)
	return code == platform.Invalid || code == platform.Conflict
}

// createItemSubmit saves the new-item form.
func (s *server) createItemSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := formFromValues(values, web.Lang(c))
	in, err := f.input(platform.ItemInput{})
	if err == nil {
		var it *platform.RoadmapItem
		if it, err = s.Roadmap.CreateItem(c.Request.Context(), in); err == nil {
			redirect(c, "/roadmap/items/"+it.ID+"?done=saved")
			return
		}
	}
	if formRefusal(err) {
		s.renderItemForm(c, http.StatusBadRequest, f, err)
		return
	}
	s.WriteError(c, err)
}

// editItemForm serves /{lang}/roadmap/items/{id}/edit.
func (s *server) editItemForm(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	it, ok := s.item(c)
	if !ok {
		return
	}
	if !platform.CanEditRoadmap(web.User(c), it.Country) {
		s.WriteError(c, forbidden("edit item"))
		return
	}
	s.renderItemForm(c, http.StatusOK, formOfItem(it, web.Lang(c)), nil)
}

// updateItemSubmit saves the edit form.
func (s *server) updateItemSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	it, ok := s.item(c)
	if !ok {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := formFromValues(values, web.Lang(c))
	f.ID = it.ID
	in, err := f.input(it.ItemInput)
	if err == nil {
		if _, err = s.Roadmap.UpdateItem(c.Request.Context(), it.ID, in); err == nil {
			redirect(c, "/roadmap/items/"+it.ID+"?done=saved")
			return
		}
	}
	if formRefusal(err) {
		s.renderItemForm(c, http.StatusBadRequest, f, err)
		return
	}
	s.WriteError(c, err)
}

// deleteItemSubmit deletes an item (one without children).
func (s *server) deleteItemSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	it, ok := s.item(c)
	if !ok {
		return
	}
	if err := s.Roadmap.DeleteItem(c.Request.Context(), it.ID); err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, "/roadmap/countries/"+countryKey(it.Country)+"?done=deleted")
}

// addUpdateSubmit adds an update to an item's timeline from its page: a
// text, a progress claim, a status, documents and events by id, and a file.
func (s *server) addUpdateSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	ctx := c.Request.Context()
	it, ok := s.item(c)
	if !ok {
		return
	}
	// Whether the reader may write is known before the file is read.
	if !platform.CanEditRoadmap(web.User(c), it.Country) {
		s.WriteError(c, forbidden("add an update"))
		return
	}
	limit := int64(0)
	if s.Evidence != nil {
		limit = s.maxEvidence()
	}
	values, up, err := s.readForm(c, limit)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	in, err := updateInput(values, web.Lang(c), s.Now())
	if err != nil {
		s.WriteError(c, err)
		return
	}
	if up != nil && s.Evidence != nil {
		ev, err := s.Evidence.PutEvidence(ctx, up.Name, up.ContentType, strings.NewReader(string(up.Data)), int64(len(up.Data)))
		if err != nil {
			s.WriteError(c, err)
			return
		}
		in.Evidence = append(in.Evidence, ev)
	}
	if _, err := s.Roadmap.AddUpdate(ctx, it.ID, in); err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, "/roadmap/items/"+it.ID+"?done=update")
}

// updateInput reads an update from a form (or a multipart body's fields):
// text and lang, date, progress and status (a claim when progress is
// given), documents and events (ids).
func updateInput(v url.Values, lang string, now time.Time) (platform.UpdateInput, error) {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	in := platform.UpdateInput{Date: platform.Day(now)}
	textLang := g("lang")
	if !platform.ValidLanguage(textLang) {
		textLang = lang
	}
	if t := g("text"); t != "" {
		in.Text = platform.Text{textLang: t}
	}
	if d := g("date"); d != "" {
		t, err := dateField("date", d)
		if err != nil {
			return in, err
		}
		in.Date = *t
	}
	if p := g("progress"); p != "" {
		n, err := strconv.ParseFloat(strings.TrimSuffix(strings.ReplaceAll(p, ",", "."), "%"), 64)
		if err != nil {
			return in, badParam("claim.progress", p)
		}
		in.Claim = &platform.Claim{Progress: n, Status: platform.ItemStatus(g("status"))}
	} else if st := g("status"); st != "" {
		return in, badParam("claim.progress", "")
	}
	docs, err := idsField("documents", g("documents"))
	if err != nil {
		return in, err
	}
	for _, d := range docs {
		in.Evidence = append(in.Evidence, platform.Evidence{Kind: platform.EvidenceDocument, Ref: d})
	}
	evs, err := idsField("events", g("events"))
	if err != nil {
		return in, err
	}
	for _, e := range evs {
		in.Evidence = append(in.Evidence, platform.Evidence{Kind: platform.EvidenceEvent, Ref: e})
	}
	return in, nil
}

// reviewSubmit verifies or questions a claim (the secretariat's), then
// goes back to the item.
func (s *server) reviewSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	id, ok := s.recordID(c)
	if !ok {
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	verified := false
	reason := strings.TrimSpace(values.Get("reason"))
	switch values.Get("verdict") {
	case "verify":
		verified = true
	case "question":
		// Questioning needs a reason: the page says so beside the claim
		// rather than on an error page.
		if item := values.Get("item"); reason == "" && platform.ValidRecordID(item) {
			redirect(c, "/roadmap/items/"+item+"?done=need_reason#update-"+id)
			return
		}
	default:
		s.WriteError(c, badParam("verdict", values.Get("verdict")))
		return
	}
	up, err := s.Roadmap.ReviewClaim(c.Request.Context(), id, verified, reason)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	done := "questioned"
	if verified {
		done = "verified"
	}
	redirect(c, "/roadmap/items/"+up.Item+"?done="+done)
}

// followSubmit follows or unfollows a commitment, a recommendation or a
// country, then goes back to its page.
func (s *server) followSubmit(c *gin.Context) {
	if !s.requirePageUser(c) {
		return
	}
	if s.Follows == nil {
		s.noService(c)
		return
	}
	values, _, err := s.readForm(c, 0)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	t := platform.FollowTarget{Type: platform.RecordType(values.Get("type")), ID: values.Get("id")}
	var back string
	switch t.Type {
	case platform.TypeCommitment:
		back = "/roadmap/items/" + t.ID
	case platform.TypeRecommendation:
		back = "/roadmap/recommendations/" + t.ID
	case platform.FollowCountry:
		back = "/roadmap/countries/" + t.ID
	default:
		s.WriteError(c, badParam("type", string(t.Type)))
		return
	}
	if t.Type == platform.FollowCountry && !slices.Contains(platform.Countries(), t.ID) || t.Type != platform.FollowCountry && !platform.ValidRecordID(t.ID) {
		s.WriteError(c, badParam("id", t.ID))
		return
	}
	done := "followed"
	if values.Get("action") == "unfollow" {
		err, done = s.Follows.Unfollow(c.Request.Context(), t), "unfollowed"
	} else {
		err = s.Follows.Follow(c.Request.Context(), t)
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	redirect(c, back+"?done="+done)
}
