package library

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The create and edit forms of a document work without script: a refused
// form comes back with the reader's message and everything typed kept. The
// form holds a document's own fields; its provisions are kept as they are on
// an edit (the API edits them), and its relations are listed, each with a box
// to remove it (the API adds them). The relations listed are those the
// editor may see; the service keeps the others (see UpdateDocument).

// option is a choice of a select, checkbox or radio group.
type option struct {
	Value, Label string
	Selected     bool
}

// formText is one language's fields of the form.
type formText struct {
	Lang, Name                        string
	Title, Summary, Body, IssuingBody string
}

// docForm is what the form template receives.
type docForm struct {
	Action, Cancel string
	Editing        bool
	Version        int
	Error          string
	Kinds          []option
	Visibilities   []option
	Countries      []option
	Areas          []option
	Statuses       []option
	Articles       string
	Adopted        string
	InForce        string
	StatusDate     string
	Texts          []formText
	Relations      []formRelation
}

// formRelation is one of a document's relations on the edit form.
type formRelation struct {
	// Value names the relation in the form ("amends <id>").
	Value, Label, Title, TitleLang, URL string
	// Remove is ticked when the editor asked to remove the relation.
	Remove bool
}

// relationValue names a relation in the form.
func relationValue(r platform.Relation) string { return string(r.Type) + " " + r.Target }

// formRelations lists the relations of the document being edited (all, as
// the editor may see it), ticking those the input no longer has.
func (s *server) formRelations(c *gin.Context, l *i18n.Localizer, all, kept []platform.Relation) ([]formRelation, error) {
	if len(all) == 0 {
		return nil, nil
	}
	lang := web.Lang(c)
	ids := make([]string, 0, len(all))
	for _, r := range all {
		ids = append(ids, r.Target)
	}
	found, _, err := s.Documents.FindDocuments(c.Request.Context(), platform.DocumentFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return nil, err
	}
	out := make([]formRelation, 0, len(all))
	for _, r := range all {
		f := formRelation{Value: relationValue(r), Label: l.T("relation." + string(r.Type)), Remove: !slices.Contains(kept, r)}
		for _, d := range found {
			if d.ID == r.Target {
				f.Title, f.TitleLang = d.Title(i18n.Chain(lang))
				f.URL = "/" + lang + "/library/" + d.ID
			}
		}
		if f.URL == "" {
			continue // gone since it was read: the service drops it
		}
		out = append(out, f)
	}
	return out, nil
}

// articlesText writes a document's articles and paragraphs as the form's
// one text field shows them: "5, 8(5), 20".
func articlesText(articles []int, paragraphs []string) string {
	var parts []string
	covered := map[int]bool{}
	for _, p := range paragraphs {
		if _, n, ok := platform.ParseParagraph(p); ok {
			covered[n] = true
		}
	}
	for _, n := range articles {
		if !covered[n] {
			parts = append(parts, strconv.Itoa(n))
		}
	}
	parts = append(parts, paragraphs...)
	slices.SortStableFunc(parts, func(a, b string) int { return leadingNumber(a) - leadingNumber(b) })
	return strings.Join(parts, ", ")
}

func leadingNumber(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.Atoi(s[:i])
	return n
}

// parseArticles reads the articles field: numbers and paragraph references
// separated by commas, semicolons or spaces.
func parseArticles(s string) ([]int, []string, error) {
	var articles []int
	var paragraphs []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		var pieces []string
		if strings.ContainsRune(item, '(') {
			pieces = []string{item}
		} else {
			pieces = strings.Fields(item)
		}
		for _, p := range pieces {
			if n, err := strconv.Atoi(p); err == nil {
				if _, ok := platform.ArticleByNumber(n); !ok {
					return nil, nil, platform.Localized(platform.Invalid, "error.bad_article", map[string]any{"Value": n}, "no UNCAC article %d", n)
				}
				articles = append(articles, n)
				continue
			}
			norm, _, ok := platform.ParseParagraph(p)
			if !ok {
				return nil, nil, platform.Localized(platform.Invalid, "error.doc_bad_paragraph", map[string]any{"Value": p}, "bad UNCAC reference %q", p)
			}
			paragraphs = append(paragraphs, norm)
		}
	}
	return articles, paragraphs, nil
}

// formFromInput fills the form with a document's fields for u. The
// visibilities offered are those u may give (only the secretariat is offered
// "secretariat only"), and the one the input has, so that a refused form
// shows what was asked for instead of quietly widening it to public.
func (s *server) formFromInput(l *i18n.Localizer, u *platform.User, in platform.DocumentInput) docForm {
	f := docForm{
		Articles: articlesText(in.UncacArticles, in.UncacParagraphs),
		Adopted:  in.Adopted, InForce: in.InForce, StatusDate: in.StatusDate,
	}
	for _, k := range platform.DocumentKinds() {
		f.Kinds = append(f.Kinds, option{Value: k, Label: l.T("kind." + k), Selected: k == in.Kind})
	}
	vis := in.Visibility
	if vis == "" {
		vis = platform.Public
	}
	for _, v := range platform.Visibilities() {
		if v == vis || platform.CanGiveVisibility(u, v) {
			f.Visibilities = append(f.Visibilities, option{Value: v, Label: l.T("visibility." + v), Selected: v == vis})
		}
	}
	for _, c := range append(slices.Clip(platform.Countries()), "other") {
		f.Countries = append(f.Countries, option{Value: c, Label: l.T("country." + c), Selected: slices.Contains(in.Countries, c)})
	}
	for _, a := range platform.Areas() {
		f.Areas = append(f.Areas, option{Value: a, Label: l.T("area." + a), Selected: slices.Contains(in.Areas, a)})
	}
	f.Statuses = append(f.Statuses, option{Value: "", Label: l.T("doc_status.none"), Selected: in.Status == ""})
	for _, st := range platform.DocumentStatuses() {
		f.Statuses = append(f.Statuses, option{Value: string(st), Label: l.T("doc_status." + string(st)), Selected: st == in.Status})
	}
	for _, lg := range i18n.Languages() {
		t := in.Translations[lg.Code]
		f.Texts = append(f.Texts, formText{Lang: lg.Code, Name: lg.Name, Title: t.Title, Summary: t.Summary, Body: t.Body, IssuingBody: t.IssuingBody})
	}
	return f
}

// inputFromForm reads the posted form over base (the document as it is, for
// an edit; empty for a new one). The articles field may be malformed: its
// error is returned with the input as typed, so the form can show both.
func inputFromForm(c *gin.Context, base platform.DocumentInput) (platform.DocumentInput, string, error) {
	in := base
	if err := c.Request.ParseForm(); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return in, "", platform.Localized(web.CodeTooLarge, "error.too_large", map[string]any{"Limit": web.HumanBytes(maxErr.Limit)}, "form over %d bytes", maxErr.Limit)
		}
		return in, "", platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "form"}, "bad form: %v", err)
	}
	in.Kind = c.PostForm("kind")
	in.Visibility = c.PostForm("visibility")
	in.Countries = c.PostFormArray("countries")
	in.Areas = c.PostFormArray("areas")
	in.Adopted, in.InForce = c.PostForm("adopted"), c.PostForm("in_force")
	in.Status, in.StatusDate = platform.DocumentStatus(c.PostForm("status")), c.PostForm("status_date")
	in.Translations = map[string]platform.Translation{}
	for _, lang := range platform.Languages() {
		in.Translations[lang] = platform.Translation{
			Title: c.PostForm("title_" + lang), Summary: c.PostForm("summary_" + lang),
			Body: c.PostForm("body_" + lang), IssuingBody: c.PostForm("issuing_body_" + lang),
		}
	}
	articles := c.PostForm("articles")
	arts, paras, err := parseArticles(articles)
	if err != nil {
		return in, articles, err
	}
	// The articles a document carries because of its provisions stay
	// (Normalize adds them back).
	in.UncacArticles, in.UncacParagraphs = arts, paras
	remove := c.PostFormArray("remove_relation")
	in.Relations = slices.DeleteFunc(slices.Clone(base.Relations), func(r platform.Relation) bool {
		return slices.Contains(remove, relationValue(r))
	})
	return in, articles, nil
}

// blankTranslations drops the empty languages the form posted, so that a
// refused form shows only what was typed.
func blankTranslations(in *platform.DocumentInput) {
	for lang, t := range in.Translations {
		if t == (platform.Translation{}) {
			delete(in.Translations, lang)
		}
	}
}

func (s *server) renderForm(c *gin.Context, status int, f docForm, title string) {
	c.Header("Cache-Control", "no-store")
	s.Render(c, status, "docform", "library", title, f)
}

func (s *server) newDocumentForm(c *gin.Context) {
	u := web.User(c)
	if u == nil {
		s.ToSignIn(c)
		return
	}
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	in := platform.DocumentInput{Kind: "national_law", Visibility: platform.Public}
	if u.Role == platform.RoleFocalPoint && u.Country != "" {
		in.Countries = []string{u.Country}
	}
	f := s.formFromInput(l, u, in)
	f.Action, f.Cancel = "/"+lang+"/library/new", "/"+lang+"/library"
	status := http.StatusOK
	if !platform.CanCreate(u) {
		status, f.Error = http.StatusForbidden, l.T("error.forbidden")
	}
	s.renderForm(c, status, f, l.T("docform.new_title"))
}

func (s *server) createDocumentForm(c *gin.Context) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return
	}
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.formLimit())
	in, articles, err := inputFromForm(c, platform.DocumentInput{})
	if err == nil {
		var d *platform.Document
		if d, err = s.Documents.CreateDocument(c.Request.Context(), in); err == nil {
			c.Redirect(http.StatusSeeOther, "/"+lang+"/library/"+d.ID)
			return
		}
	}
	blankTranslations(&in)
	f := s.formFromInput(l, web.User(c), in)
	f.Articles = articles
	f.Action, f.Cancel = "/"+lang+"/library/new", "/"+lang+"/library"
	status, msg := s.Explain(c, err)
	f.Error = msg
	s.renderForm(c, status, f, l.T("docform.new_title"))
}

// formLimit bounds a posted form: seven languages of bodies fit.
func (s *server) formLimit() int64 { return max(s.MaxBody, 16<<20) }

func (s *server) editDocumentForm(c *gin.Context) {
	u := web.User(c)
	if u == nil {
		s.ToSignIn(c)
		return
	}
	d, ok := s.pageDocument(c)
	if !ok {
		return
	}
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	f := s.formFromInput(l, u, d.Input())
	f.Editing, f.Version = true, d.Version
	var err error
	if f.Relations, err = s.formRelations(c, l, d.Relations, d.Relations); err != nil {
		s.WriteError(c, err)
		return
	}
	f.Action, f.Cancel = "/"+lang+"/library/"+d.ID+"/edit", "/"+lang+"/library/"+d.ID
	status := http.StatusOK
	if !platform.CanEdit(u, d.Countries) {
		status, f.Error = http.StatusForbidden, l.T("error.forbidden")
	}
	title, _ := d.Title(i18n.Chain(lang))
	s.renderForm(c, status, f, l.T("docform.edit_title")+" · "+title)
}

func (s *server) updateDocumentForm(c *gin.Context) {
	if web.User(c) == nil {
		s.ToSignIn(c)
		return
	}
	d, ok := s.pageDocument(c)
	if !ok {
		return
	}
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.formLimit())
	in, articles, err := inputFromForm(c, d.Input())
	version, _ := strconv.Atoi(c.PostForm("version"))
	if err == nil {
		in.IfVersion = version
		if _, err = s.Documents.UpdateDocument(c.Request.Context(), d.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/"+lang+"/library/"+d.ID)
			return
		}
	}
	blankTranslations(&in)
	f := s.formFromInput(l, web.User(c), in)
	f.Articles = articles
	f.Editing, f.Version = true, version
	if rels, rerr := s.formRelations(c, l, d.Relations, in.Relations); rerr == nil {
		f.Relations = rels
	}
	f.Action, f.Cancel = "/"+lang+"/library/"+d.ID+"/edit", "/"+lang+"/library/"+d.ID
	status, msg := s.Explain(c, err)
	f.Error = msg
	title, _ := d.Title(i18n.Chain(lang))
	s.renderForm(c, status, f, l.T("docform.edit_title")+" · "+title)
}
