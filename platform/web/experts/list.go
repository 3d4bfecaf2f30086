package experts

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// option is a choice of a select or a set of checkboxes.
type option struct {
	Value, Label string
	Selected     bool
}

func countryOptions(l *i18n.Localizer, selected []string) []option {
	var out []option
	for _, c := range append(platform.Countries(), "other") {
		out = append(out, option{Value: c, Label: l.T("country." + c), Selected: slices.Contains(selected, c)})
	}
	return out
}

func areaOptions(l *i18n.Localizer, selected []string) []option {
	var out []option
	for _, a := range platform.Areas() {
		out = append(out, option{Value: a, Label: l.T("area." + a), Selected: slices.Contains(selected, a)})
	}
	return out
}

func levelOptions(l *i18n.Localizer, selected platform.LanguageLevel) []option {
	var out []option
	for _, lv := range platform.LanguageLevels() {
		out = append(out, option{Value: string(lv), Label: levelLabel(l, lv), Selected: lv == selected})
	}
	return out
}

func irmOptions(l *i18n.Localizer, selected platform.IRMRole) []option {
	var out []option
	for _, r := range platform.IRMRoles() {
		out = append(out, option{Value: string(r), Label: irmLabel(l, r), Selected: r == selected})
	}
	return out
}

// languageOptions are the languages the form and the filters offer, named
// in the reader's language, with selected added when it is another.
func languageOptions(lang, selected string) []option {
	codes := languageChoices
	if selected != "" && !slices.Contains(codes, selected) {
		codes = append(slices.Clip(codes), selected)
	}
	out := make([]option, 0, len(codes))
	for _, code := range codes {
		out = append(out, option{Value: code, Label: languageName(lang, code), Selected: code == selected})
	}
	return out
}

// card is a profile as the list shows it: only what the reader may see.
type card struct {
	ID, Name, OtherName, PhotoURL, Country, Organization, Position string
	Areas                                                          []string
	Pending                                                        bool
	Status                                                         string
}

func cards(views []*platform.ExpertView, l *i18n.Localizer, lang string) []card {
	out := make([]card, 0, len(views))
	for _, v := range views {
		out = append(out, cardOf(v, l, lang))
	}
	return out
}

func cardOf(v *platform.ExpertView, l *i18n.Localizer, lang string) card {
	e := v.Expert
	c := card{ID: e.ID, Pending: e.Status == platform.ExpertPending, Status: statusLabel(l, e.Status)}
	if v.Sees(platform.FieldName) {
		c.Name, c.OtherName = names(&e.ExpertProfile, lang)
	}
	if c.Name == "" {
		c.Name = l.T("experts.unnamed")
	}
	if v.Sees(platform.FieldPhoto) {
		c.PhotoURL = photoURL(e)
	}
	if v.Sees(platform.FieldCountry) && e.Country != "" {
		c.Country = l.T("country." + e.Country)
	}
	if v.Sees(platform.FieldOrganization) {
		c.Organization = e.Organization
	}
	if v.Sees(platform.FieldPosition) {
		c.Position = e.Position
	}
	if v.Sees(platform.FieldAreas) {
		for _, a := range e.Areas {
			c.Areas = append(c.Areas, l.T("area."+a))
		}
	}
	return c
}

// names is the profile's name in the reader's script and its name in the
// other script, when it has both.
func names(p *platform.ExpertProfile, lang string) (string, string) {
	first := p.Name(lang)
	for _, n := range p.Names() {
		if n != first {
			return first, n
		}
	}
	return first, ""
}

// listPage serves /{lang}/experts: the profiles the reader may see that
// match the filters, by name, twenty a page.
func (s *server) listPage(c *gin.Context) {
	lang, l := web.Lang(c), s.Localizer(c)
	f, page, err := filterParams(c, 20)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	views, total, err := s.Experts.FindExperts(c.Request.Context(), f)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	u := web.User(c)
	article := ""
	if len(f.Articles) > 0 {
		article = strconv.Itoa(f.Articles[0])
	}
	q := c.Request.URL.Query()
	q.Del("page")
	var statuses []option
	if platform.IsSecretariat(u) {
		for _, st := range []platform.ExpertStatus{platform.ExpertPending, platform.ExpertApproved} {
			statuses = append(statuses, option{Value: string(st), Label: statusLabel(l, st), Selected: slices.Contains(f.Statuses, st)})
		}
	}
	irm := string(f.IRM)
	if f.HasIRM {
		irm = "any"
	}
	data := map[string]any{
		"Experts": cards(views, l, lang), "Total": total, "From": f.Offset + 1, "To": f.Offset + len(views),
		"Countries": countryOptions(l, f.Countries), "Areas": areaOptions(l, f.Areas), "Article": article,
		"Languages": languageOptions(lang, f.Language), "Levels": levelOptions(l, f.MinLevel),
		"IRM": irmOptions(l, f.IRM), "AnyIRM": irm == "any",
		"FromDate": c.Query("from"), "ToDate": c.Query("to"), "Statuses": statuses,
		// Encoded already: the template must not escape its = and & again.
		"Query":       template.URL(q.Encode()),
		"CanCreate":   platform.IsSecretariat(u),
		"Secretariat": platform.IsSecretariat(u),
		"IsExpert":    u != nil && u.Role == platform.RoleExpert,
	}
	if page > 1 {
		data["Prev"] = page - 1
	}
	if f.Offset+len(views) < total {
		data["Next"] = page + 1
	}
	s.Render(c, http.StatusOK, "experts", "experts", l.T("experts.title"), data)
}
