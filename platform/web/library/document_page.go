package library

import (
	"cmp"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// textView is one language's text of a document as a page shows it.
type textView struct {
	Lang, Title, Summary, IssuingBody string
	Body                              template.HTML
	// FallbackName names the language shown when it is not the reader's.
	FallbackName string
}

// relationView is a relation as a page shows it.
type relationView struct {
	Label, URL, Title, TitleLang string
	Missing                      bool
}

// provisionView is a provision in the list of a document's provisions.
type provisionView struct {
	Key, Number, Title, TitleLang, Extract, URL string
	// Label is the number and title as shown ("Article 5. Title");
	// NumberLabel the number alone ("Article 5").
	Label, NumberLabel string
	Fallback           bool
	Articles           []int
}

// tabsFor lists the languages a record has text in, linking each.
func tabsFor(langs []string, current string) []web.LangLink {
	var tabs []web.LangLink
	for _, lg := range i18n.Languages() {
		if slices.Contains(langs, lg.Code) {
			tabs = append(tabs, web.LangLink{Code: lg.Code, Name: lg.Name, URL: "?show=" + lg.Code, Current: lg.Code == current})
		}
	}
	return tabs
}

// pickShown chooses the language a record's text is shown in: the one asked
// for with ?show= when the record has it, else the first of the reader's
// chain that it has, else any.
func pickShown(asked, lang string, has func(string) bool) string {
	if has(asked) {
		return asked
	}
	for _, l := range i18n.Chain(lang) {
		if has(l) {
			return l
		}
	}
	for _, l := range platform.Languages() {
		if has(l) {
			return l
		}
	}
	return lang
}

// pageDocument loads the document of the :id parameter for a page,
// answering the page itself when it cannot.
func (s *server) pageDocument(c *gin.Context) (*platform.Document, bool) {
	id := c.Param("id")
	if !platform.ValidRecordID(id) {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.document_not_found", nil, "bad id %q", id))
		return nil, false
	}
	d, err := s.Documents.FindDocumentByID(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return nil, false
	}
	return d, true
}

func (s *server) documentPage(c *gin.Context) {
	d, ok := s.pageDocument(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	chain := i18n.Chain(lang)
	show := pickShown(c.Query("show"), lang, func(code string) bool { _, ok := d.Translations[code]; return ok })
	t := d.Translations[show]
	text := textView{Lang: show, Title: t.Title, Summary: t.Summary, Body: renderMarkdown(t.Body), IssuingBody: t.IssuingBody}
	if text.Title == "" {
		text.Title, _ = d.Title(chain)
	}
	if text.IssuingBody == "" {
		text.IssuingBody, _ = platform.PickText(d.Translations, chain, func(t platform.Translation) string { return t.IssuingBody })
	}
	if show != lang {
		text.FallbackName = langName(show)
	}
	var langs []string
	for code := range d.Translations {
		langs = append(langs, code)
	}

	relations, err := s.relations(c, d, lang)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	provisions := make([]provisionView, 0, len(d.Provisions))
	for _, p := range d.Provisions {
		provisions = append(provisions, provisionSummary(l, d.ID, p, show, lang))
	}
	var attachments []*platform.Attachment
	if s.Attachments != nil {
		if attachments, err = s.Attachments.FindAttachments(ctx, d.ID); err != nil {
			s.WriteError(c, err)
			return
		}
	}
	var articles []articleRef
	for _, n := range d.UncacArticles {
		articles = append(articles, articleRef{Number: n, Label: articleLabel(l, lang, n)})
	}
	var sections []*ArticleItems
	for _, section := range s.DocumentSections {
		items, err := section(ctx, lang, d.ID)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		if items != nil {
			sections = append(sections, items)
		}
	}
	u := web.User(c)
	web.Describe(c, cmp.Or(text.Summary, text.Title))
	s.Render(c, http.StatusOK, "document", "library", text.Title, map[string]any{
		"Sections": sections,
		"Doc":      d, "Text": text, "Show": show, "Tabs": tabsFor(langs, show), "Articles": articles,
		"Relations": relations, "Provisions": provisions, "Attachments": attachments, "Formats": platform.AttachmentFormatNames(),
		"CanEdit": platform.CanEdit(u, d.Countries), "Languages": i18n.Languages(),
		"MaxUpload": humanSize(s.maxUpload()), "Accept": platform.AttachmentAccept(),
	})
}

// articleRef is an UNCAC article with its label in the reader's language.
type articleRef struct {
	Number int
	Label  string
}

// provisionSummary is how a document's page lists one of its provisions.
func provisionSummary(l *i18n.Localizer, docID string, p platform.Provision, show, lang string) provisionView {
	chain := append([]string{show}, i18n.Chain(lang)...)
	title, tl := platform.PickText(p.Translations, chain, func(t platform.ProvisionText) string { return t.Title })
	body, _ := platform.PickText(p.Translations, chain, func(t platform.ProvisionText) string { return t.Body })
	return provisionView{
		Key: p.Key, Number: p.Number, Title: title, TitleLang: tl, Fallback: tl != "" && tl != show,
		Label: provisionLabel(l, p.Number, title), NumberLabel: provisionLabel(l, p.Number, ""),
		Extract: plainExtract(body, 280), URL: "/" + lang + "/library/" + docID + "/p/" + p.Key, Articles: p.UncacArticles,
	}
}

// provisionLabel names a provision: "Article 5. Title". A title that
// already starts with its number ("Статья 5. …", "5-бап. …") is left as it
// is.
func provisionLabel(l *i18n.Localizer, number, title string) string {
	if number == "" {
		return title
	}
	label := l.T("provision.number", map[string]any{"Number": number})
	switch {
	case title == "":
		return label
	case strings.HasPrefix(strings.ToLower(title), strings.ToLower(label)), startsWithNumber(title, number):
		return title
	}
	return label + ". " + title
}

// startsWithNumber reports whether a title opens with the provision's
// number, alone or inside the word for "article" in any of the languages
// ("Статья 5.", "5-modda", "Article 5").
func startsWithNumber(title, number string) bool {
	head := title
	if i := strings.IndexAny(head, ".:"); i >= 0 {
		head = head[:i]
	}
	if len([]rune(head)) > 24 {
		return false
	}
	for _, w := range strings.FieldsFunc(head, func(r rune) bool { return r == ' ' || r == '-' || r == '\u00a0' }) {
		if w == number {
			return true
		}
	}
	return false
}

// relations lists a document's relations both ways: the documents it
// amends, repeals, implements or translates, and those that do so to it.
func (s *server) relations(c *gin.Context, d *platform.Document, lang string) ([]relationView, error) {
	ctx := c.Request.Context()
	l := s.Bundle.Localizer(lang)
	chain := i18n.Chain(lang)
	var ids []string
	for _, r := range d.Relations {
		ids = append(ids, r.Target)
	}
	targets := map[string]*platform.Document{}
	if len(ids) > 0 {
		found, _, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{IDs: ids, Limit: len(ids)})
		if err != nil {
			return nil, err
		}
		for _, t := range found {
			targets[t.ID] = t
		}
	}
	var out []relationView
	for _, r := range d.Relations {
		v := relationView{Label: l.T("relation." + string(r.Type)), URL: "/" + lang + "/library/" + r.Target}
		if t, ok := targets[r.Target]; ok {
			v.Title, v.TitleLang = t.Title(chain)
		} else {
			v.Missing, v.URL = true, ""
		}
		out = append(out, v)
	}
	back, _, err := s.Documents.FindDocuments(ctx, platform.DocumentFilter{RelatedTo: d.ID, Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, b := range back {
		for _, r := range b.Relations {
			if r.Target != d.ID {
				continue
			}
			v := relationView{Label: l.T("relation." + string(r.Type) + "_by"), URL: "/" + lang + "/library/" + b.ID}
			v.Title, v.TitleLang = b.Title(chain)
			out = append(out, v)
		}
	}
	return out, nil
}

func (s *server) provisionPage(c *gin.Context) {
	d, ok := s.pageDocument(c)
	if !ok {
		return
	}
	p, ok := d.Provision(c.Param("key"))
	if !ok {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.provision_not_found", nil, "no provision %q", c.Param("key")))
		return
	}
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	chain := i18n.Chain(lang)
	show := pickShown(c.Query("show"), lang, func(code string) bool { _, ok := p.Translations[code]; return ok })
	pt := p.Translations[show]
	var langs []string
	for code := range p.Translations {
		langs = append(langs, code)
	}
	docTitle, docTitleLang := d.Title(append([]string{show}, chain...))
	heading := provisionLabel(l, p.Number, pt.Title)
	if heading == "" {
		heading = p.Key
	}
	var prev, next *provisionView
	for i := range d.Provisions {
		if d.Provisions[i].Key != p.Key {
			continue
		}
		if i > 0 {
			v := provisionSummary(l, d.ID, d.Provisions[i-1], show, lang)
			prev = &v
		}
		if i+1 < len(d.Provisions) {
			v := provisionSummary(l, d.ID, d.Provisions[i+1], show, lang)
			next = &v
		}
	}
	var articles []articleRef
	for _, n := range p.UncacArticles {
		articles = append(articles, articleRef{Number: n, Label: articleLabel(l, lang, n)})
	}
	fallback := ""
	if show != lang {
		fallback = langName(show)
	}
	s.Render(c, http.StatusOK, "provision", "library", heading+" · "+docTitle, map[string]any{
		"Doc": d, "DocTitle": docTitle, "DocTitleLang": docTitleLang, "DocURL": "/" + lang + "/library/" + d.ID,
		"Provision": p, "Heading": heading, "Body": renderMarkdown(pt.Body), "Show": show, "FallbackName": fallback,
		"Tabs": tabsFor(langs, show), "Articles": articles, "Prev": prev, "Next": next,
	})
}

// versionView is one version in the versions list.
type versionView struct {
	platform.DocumentVersion
	From, To bool
}

func (s *server) versionsPage(c *gin.Context) {
	d, ok := s.pageDocument(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	lang := web.Lang(c)
	l := s.Bundle.Localizer(lang)
	versions, err := s.Documents.FindDocumentVersions(ctx, d.ID)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	to := d.Version
	from := 0
	if len(versions) > 1 {
		from = versions[1].Version
	}
	for _, p := range []struct {
		name string
		v    *int
	}{{"from", &from}, {"to", &to}} {
		if q := c.Query(p.name); q != "" {
			n, err := strconv.Atoi(q)
			if err != nil || n < 1 || n > d.Version {
				s.WriteError(c, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": p.name + "=" + q}, "bad version %q", q))
				return
			}
			*p.v = n
		}
	}
	if from > to {
		from, to = to, from
	}
	var diffs []fieldDiff
	if from > 0 && from != to {
		a, err := s.Documents.FindDocumentVersion(ctx, d.ID, from)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		b, err := s.Documents.FindDocumentVersion(ctx, d.ID, to)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		diffs = documentDiff(l, lang, a, b)
	}
	list := make([]versionView, 0, len(versions))
	for _, v := range versions {
		list = append(list, versionView{DocumentVersion: v, From: v.Version == from, To: v.Version == to})
	}
	title, _ := d.Title(i18n.Chain(lang))
	s.Render(c, http.StatusOK, "versions", "library", l.T("version.title")+" · "+title, map[string]any{
		"Doc": d, "DocTitle": title, "DocURL": "/" + lang + "/library/" + d.ID,
		"Versions": list, "From": from, "To": to, "Diffs": diffs, "Compared": from > 0 && from != to,
		// Who saved each version: a column for signed-in members, to whom
		// the service gives it (DocumentVersion.ForReader).
		"Editors": platform.CanSee(web.User(c), platform.Members),
	})
}

// fieldDiff is the difference of one field between two versions.
type fieldDiff struct {
	Label    string
	Lang     string // the language of the text, for its lang attribute
	Segments []segment
}

// documentDiff compares two versions field by field; unchanged fields are
// left out.
func documentDiff(l *i18n.Localizer, lang string, a, b *platform.Document) []fieldDiff {
	var out []fieldDiff
	add := func(label, textLang, x, y string) {
		if x == y {
			return
		}
		out = append(out, fieldDiff{Label: label, Lang: textLang, Segments: elide(diffText(x, y))})
	}
	labels := func(prefix string, vs []string) string {
		var parts []string
		for _, v := range vs {
			parts = append(parts, l.T(prefix+v))
		}
		return strings.Join(parts, ", ")
	}
	numbers := func(ns []int) string {
		var parts []string
		for _, n := range ns {
			parts = append(parts, strconv.Itoa(n))
		}
		return strings.Join(parts, ", ")
	}
	optional := func(prefix, v string) string {
		if v == "" {
			return ""
		}
		return l.T(prefix + v)
	}
	add(l.T("document.kind"), lang, l.T("kind."+a.Kind), l.T("kind."+b.Kind))
	add(l.T("document.countries"), lang, labels("country.", a.Countries), labels("country.", b.Countries))
	add(l.T("document.areas"), lang, labels("area.", a.Areas), labels("area.", b.Areas))
	add(l.T("document.uncac_articles"), lang, numbers(a.UncacArticles), numbers(b.UncacArticles))
	add(l.T("docform.paragraphs"), lang, strings.Join(a.UncacParagraphs, ", "), strings.Join(b.UncacParagraphs, ", "))
	add(l.T("docform.visibility"), lang, l.T("visibility."+a.Visibility), l.T("visibility."+b.Visibility))
	add(l.T("document.adopted"), lang, a.Adopted, b.Adopted)
	add(l.T("document.in_force"), lang, a.InForce, b.InForce)
	add(l.T("library.status"), lang, optional("doc_status.", string(a.Status)), optional("doc_status.", string(b.Status)))
	add(l.T("document.status_date"), lang, a.StatusDate, b.StatusDate)
	rels := func(d *platform.Document) string {
		var parts []string
		for _, r := range d.Relations {
			parts = append(parts, l.T("relation."+string(r.Type))+" "+r.Target)
		}
		return strings.Join(parts, "\n")
	}
	add(l.T("document.relations"), lang, rels(a), rels(b))
	for _, code := range platform.Languages() {
		ta, tb := a.Translations[code], b.Translations[code]
		name := " (" + langName(code) + ")"
		add(l.T("docform.title")+name, code, ta.Title, tb.Title)
		add(l.T("docform.summary")+name, code, ta.Summary, tb.Summary)
		add(l.T("docform.issuing_body")+name, code, ta.IssuingBody, tb.IssuingBody)
		add(l.T("docform.body")+name, code, ta.Body, tb.Body)
	}
	provisionText := func(p *platform.Provision) string {
		if p == nil {
			return ""
		}
		var b strings.Builder
		b.WriteString(p.Number + "\n" + numbers(p.UncacArticles) + "\n")
		for _, code := range platform.Languages() {
			if t, ok := p.Translations[code]; ok {
				b.WriteString("[" + code + "] " + t.Title + "\n" + t.Body + "\n")
			}
		}
		return b.String()
	}
	var keys []string
	for _, p := range append(slices.Clone(a.Provisions), b.Provisions...) {
		if !slices.Contains(keys, p.Key) {
			keys = append(keys, p.Key)
		}
	}
	for _, k := range keys {
		pa, _ := a.Provision(k)
		pb, _ := b.Provision(k)
		add(l.T("provision.label", map[string]any{"Value": k}), "", provisionText(pa), provisionText(pb))
	}
	return out
}
