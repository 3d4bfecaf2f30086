package experts

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// The profile form. Its inputs are named as the JSON fields of an
// ExpertInput ("contact.email", "languages.2.level"), so that the field a
// refusal names is the input the form marks. What was typed is kept as
// text (values), so that a refused form shows it again as it was; rows left
// empty are dropped before anything else, so that a line number in a
// refusal is the line the form shows.

// langRow, irmRow and periodRow are a line of the form's repeated parts.
type langRow struct{ Lang, Level string }

type irmRow struct {
	Role, Cycle, State, Year string
	Ongoing                  bool
}

type periodRow struct{ From, To, Note string }

// values are the form's fields as text.
type values struct {
	NameCyrillic, NameLatin, Country, Organization, Position string
	Areas                                                    []string
	Articles                                                 string
	Languages                                                []langRow
	IRM                                                      []irmRow
	Availability                                             []periodRow
	Materials                                                string
	Biography                                                map[string]string
	Email, Phone, Messenger                                  string
	DoNotPropose                                             bool
	Consent                                                  map[platform.ExpertField]string
	UserID                                                   string
	Version                                                  int
}

// valuesOf fills the form from a profile.
func valuesOf(e *platform.Expert) values {
	p := &e.ExpertProfile
	v := values{NameCyrillic: p.NameCyrillic, NameLatin: p.NameLatin, Country: p.Country, Organization: p.Organization,
		Position: p.Position, Areas: p.Areas, Materials: strings.Join(p.Materials, "\n"), Biography: p.Biography,
		Email: p.Contact.Email, Phone: p.Contact.Phone, Messenger: p.Contact.Messenger, DoNotPropose: p.DoNotPropose,
		Consent: map[platform.ExpertField]string{}, UserID: e.UserID, Version: e.Version}
	var arts []string
	for _, n := range p.Articles {
		arts = append(arts, strconv.Itoa(n))
	}
	v.Articles = strings.Join(arts, ", ")
	for _, l := range p.Languages {
		v.Languages = append(v.Languages, langRow{Lang: l.Lang, Level: string(l.Level)})
	}
	for _, x := range p.IRM {
		r := irmRow{Role: string(x.Role), Cycle: strconv.Itoa(x.Cycle), State: x.State, Ongoing: x.Ongoing}
		if x.Year != 0 {
			r.Year = strconv.Itoa(x.Year)
		}
		v.IRM = append(v.IRM, r)
	}
	for _, a := range p.Availability {
		v.Availability = append(v.Availability, periodRow{From: a.From.Format(time.DateOnly), To: a.To.Format(time.DateOnly), Note: a.Note})
	}
	for _, f := range platform.ExpertFields() {
		v.Consent[f] = p.ConsentOf(f)
	}
	return v
}

// maxRows bounds the repeated lines a form is read for.
const maxRows = platform.MaxExpertListItems

// readValues reads the posted form.
func readValues(c *gin.Context) values {
	f := func(name string) string { return strings.TrimSpace(c.PostForm(name)) }
	v := values{NameCyrillic: f("nameCyrillic"), NameLatin: f("nameLatin"), Country: f("country"), Organization: f("organization"),
		Position: f("position"), Areas: c.PostFormArray("areas"), Articles: f("articles"), Materials: c.PostForm("materials"),
		Biography: map[string]string{}, Email: f("contact.email"), Phone: f("contact.phone"), Messenger: f("contact.messenger"),
		DoNotPropose: c.PostForm("doNotPropose") == "on", Consent: map[platform.ExpertField]string{}, UserID: f("userId")}
	// The page writes the version it showed; anything else is no version
	// the profile ever had (-1), which the service refuses as a
	// concurrent change rather than skip the check.
	if raw := c.PostForm("version"); raw != "" {
		if n, err := strconv.Atoi(raw); err == nil && n > 0 {
			v.Version = n
		} else {
			v.Version = -1
		}
	}
	for i := range maxRows {
		p := "languages." + strconv.Itoa(i) + "."
		if r := (langRow{Lang: f(p + "lang"), Level: f(p + "level")}); r != (langRow{}) {
			v.Languages = append(v.Languages, r)
		}
		p = "irm." + strconv.Itoa(i) + "."
		if r := (irmRow{Role: f(p + "role"), Cycle: f(p + "cycle"), State: f(p + "state"), Year: f(p + "year"),
			Ongoing: c.PostForm(p+"ongoing") == "on"}); r != (irmRow{}) {
			v.IRM = append(v.IRM, r)
		}
		p = "availability." + strconv.Itoa(i) + "."
		if r := (periodRow{From: f(p + "from"), To: f(p + "to"), Note: f(p + "note")}); r != (periodRow{}) {
			v.Availability = append(v.Availability, r)
		}
	}
	for _, lg := range platform.Languages() {
		if b := strings.TrimSpace(c.PostForm("biography." + lg)); b != "" {
			v.Biography[lg] = b
		}
	}
	for _, fl := range platform.ExpertFields() {
		if cv := f("consent." + string(fl)); cv != "" {
			v.Consent[fl] = cv
		}
	}
	return v
}

// input turns the form into an ExpertInput. What cannot be read at all (a
// year that is not a number, a day that is not a date) is Invalid, naming
// the input; the rest is the service's to check. The periods are put in
// the order the service keeps them (by their first day), so that a
// refusal's line number is the form's.
func (v *values) input() (platform.ExpertInput, error) {
	in := platform.ExpertInput{ExpertProfile: platform.ExpertProfile{
		NameCyrillic: v.NameCyrillic, NameLatin: v.NameLatin, Country: v.Country, Organization: v.Organization,
		Position: v.Position, Areas: v.Areas, Materials: lines(v.Materials), Biography: v.Biography,
		Contact:      platform.ExpertContact{Email: v.Email, Phone: v.Phone, Messenger: v.Messenger},
		DoNotPropose: v.DoNotPropose, Consent: v.Consent,
	}, UserID: v.UserID, IfVersion: v.Version}
	var firstErr error
	fail := func(err error) {
		if firstErr == nil {
			firstErr = err
		}
	}
	for _, a := range strings.FieldsFunc(v.Articles, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		n, err := strconv.Atoi(a)
		if err != nil {
			fail(badParam("articles", a))
			continue
		}
		in.Articles = append(in.Articles, n)
	}
	for _, r := range v.Languages {
		in.Languages = append(in.Languages, platform.LanguageSkill{Lang: r.Lang, Level: platform.LanguageLevel(r.Level)})
	}
	for i, r := range v.IRM {
		x := platform.IRMExperience{Role: platform.IRMRole(r.Role), State: r.State, Ongoing: r.Ongoing}
		var err error
		if x.Cycle, err = strconv.Atoi(r.Cycle); err != nil {
			fail(badParam(fmt.Sprintf("irm.%d.cycle", i), r.Cycle))
		}
		if r.Year != "" {
			if x.Year, err = strconv.Atoi(r.Year); err != nil {
				fail(badParam(fmt.Sprintf("irm.%d.year", i), r.Year))
			}
		}
		in.IRM = append(in.IRM, x)
	}
	day := func(s string) time.Time {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return time.Time{}
		}
		return t
	}
	slices.SortStableFunc(v.Availability, func(a, b periodRow) int { return day(a.From).Compare(day(b.From)) })
	for i, r := range v.Availability {
		p := platform.Period{Note: r.Note}
		for _, d := range []struct {
			name, text string
			dst        *time.Time
		}{{"from", r.From, &p.From}, {"to", r.To, &p.To}} {
			if d.text == "" {
				continue
			}
			t, err := time.Parse(time.DateOnly, d.text)
			if err != nil {
				fail(badParam(fmt.Sprintf("availability.%d.%s", i, d.name), d.text))
			}
			*d.dst = t
		}
		in.Availability = append(in.Availability, p)
	}
	return in, firstErr
}

// lines splits a text area into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// formView is the profile form as the template shows it.
type formView struct {
	Action, Cancel, Error string
	// ErrorField is the input a refusal named (its name), which the form
	// marks.
	ErrorField  string
	Editing     bool
	Secretariat bool
	ID          string
	V           values
	Countries   []option
	Areas       []option
	LangRows    []langRowView
	IRMRows     []irmRowView
	Periods     []periodRowView
	Bios        []bioView
	Consent     []consentRow
	// Invitations are shown on the expert's own page (/experts/me).
	Invitations []invitationView
}

// Bad reports whether the refusal named input name.
func (f formView) Bad(name string) bool { return f.ErrorField != "" && f.ErrorField == name }

type langRowView struct {
	Index            int
	Languages, Level []option
}

type irmRowView struct {
	Index         int
	Roles, Cycles []option
	State, Year   string
	Ongoing       bool
}

type periodRowView struct {
	Index          int
	From, To, Note string
}

type bioView struct{ Lang, Name, Text string }

type consentRow struct {
	Field, Label string
	Options      []option
}

// spareRows is how many empty lines each repeated part offers beyond the
// filled ones (the form works without script).
const spareRows = 2

// newFormView shows values in the form, in the reader's language.
func newFormView(l *i18n.Localizer, v values) formView {
	lang := l.Lang()
	f := formView{V: v, Areas: areaOptions(l, v.Areas)}
	f.Countries = append([]option{{Value: "", Label: l.T("experts.not_said"), Selected: v.Country == ""}}, countryOptions(l, []string{v.Country})...)
	rows := func(n int) int { return min(n+spareRows, maxRows) }
	for i := range rows(len(v.Languages)) {
		var r langRow
		if i < len(v.Languages) {
			r = v.Languages[i]
		}
		f.LangRows = append(f.LangRows, langRowView{Index: i, Languages: languageOptions(lang, r.Lang), Level: levelOptions(l, platform.LanguageLevel(r.Level))})
	}
	for i := range rows(len(v.IRM)) {
		var r irmRow
		if i < len(v.IRM) {
			r = v.IRM[i]
		}
		cycles := []option{{Value: "1", Label: "1", Selected: r.Cycle == "1"}, {Value: "2", Label: "2", Selected: r.Cycle == "2"}}
		if r.Cycle != "" && r.Cycle != "1" && r.Cycle != "2" {
			cycles = append(cycles, option{Value: r.Cycle, Label: r.Cycle, Selected: true})
		}
		f.IRMRows = append(f.IRMRows, irmRowView{Index: i, Roles: irmOptions(l, platform.IRMRole(r.Role)), Cycles: cycles,
			State: r.State, Year: r.Year, Ongoing: r.Ongoing})
	}
	for i := range rows(len(v.Availability)) {
		var r periodRow
		if i < len(v.Availability) {
			r = v.Availability[i]
		}
		f.Periods = append(f.Periods, periodRowView{Index: i, From: r.From, To: r.To, Note: r.Note})
	}
	for _, lg := range i18n.Languages() {
		f.Bios = append(f.Bios, bioView{Lang: lg.Code, Name: lg.Name, Text: v.Biography[lg.Code]})
	}
	for _, fl := range platform.ExpertFields() {
		cur := v.Consent[fl]
		if cur == "" {
			cur = platform.DefaultConsent
		}
		row := consentRow{Field: string(fl), Label: fieldLabel(l, fl)}
		for _, vis := range platform.Visibilities() {
			if fl == platform.FieldContact && vis == platform.Public {
				continue // contact details are never public
			}
			row.Options = append(row.Options, option{Value: vis, Label: consentLabel(l, vis), Selected: vis == cur})
		}
		f.Consent = append(f.Consent, row)
	}
	return f
}

func (s *server) renderForm(c *gin.Context, status int, f formView) {
	l := s.Localizer(c)
	title := l.T("experts.form_new")
	if f.Editing {
		title = l.T("experts.form_edit")
	}
	web.NoStore(c)
	s.Render(c, status, "expertform", "experts", title, map[string]any{"Form": f})
}

// formError shows the form again with what was typed and the refusal in
// the reader's language, the field it names in their words.
func (s *server) formError(c *gin.Context, f formView, err error) {
	l := s.Localizer(c)
	path, err := localizeField(l, err)
	status, msg := s.Explain(c, err)
	if status >= 500 {
		s.WriteError(c, err)
		return
	}
	f.Error, f.ErrorField = msg, path
	s.renderForm(c, status, f)
}

// parseForm reads the posted form within the body limit.
func (s *server) parseForm(c *gin.Context) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBody)
	if err := c.Request.ParseForm(); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return platform.Localized(web.CodeTooLarge, "error.too_large", map[string]any{"Limit": web.HumanBytes(s.MaxBody)}, "form over %d bytes", s.MaxBody)
		}
		return platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "form"}, "bad form: %v", err)
	}
	return nil
}

// mayHaveProfile reports whether u may write a profile: their own (an
// expert's account) or anyone's (the secretariat).
func mayHaveProfile(u *platform.User) bool {
	return platform.IsSecretariat(u) || u != nil && !u.Disabled && u.Role == platform.RoleExpert
}

// newForm serves /{lang}/experts/new: the secretariat enters a profile, an
// expert writes their own (one only: one who has it goes to it).
func (s *server) newForm(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	u := web.User(c)
	if !mayHaveProfile(u) {
		s.WriteError(c, forbidden("create an expert profile"))
		return
	}
	v := values{Consent: map[platform.ExpertField]string{}}
	if !platform.IsSecretariat(u) {
		own, err := s.Experts.OwnExpert(c.Request.Context())
		switch {
		case err == nil:
			redirect(c, "/experts/"+own.ID+"/edit")
			return
		case platform.ErrorCode(err) != platform.NotFound:
			s.WriteError(c, err)
			return
		}
		// What the account says already.
		if strings.ContainsFunc(u.Name, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
			v.NameCyrillic = u.Name
		} else {
			v.NameLatin = u.Name
		}
		v.Country, v.Organization, v.Email = u.Country, u.Organization, u.Email
	}
	f := newFormView(s.Localizer(c), v)
	f.Secretariat = platform.IsSecretariat(u)
	f.Action, f.Cancel = "/"+web.Lang(c)+"/experts/new", "/"+web.Lang(c)+"/experts"
	s.renderForm(c, http.StatusOK, f)
}

// createForm handles the new-profile form.
func (s *server) createForm(c *gin.Context) {
	u := web.User(c)
	if u == nil {
		s.ToSignIn(c)
		return
	}
	lang := web.Lang(c)
	if err := s.parseForm(c); err != nil {
		s.WriteError(c, err)
		return
	}
	v := readValues(c)
	in, err := v.input()
	f := newFormView(s.Localizer(c), v)
	f.Secretariat = platform.IsSecretariat(u)
	f.Action, f.Cancel = "/"+lang+"/experts/new", "/"+lang+"/experts"
	if err != nil {
		s.formError(c, f, err)
		return
	}
	e, err := s.Experts.CreateExpert(c.Request.Context(), in)
	if err != nil {
		s.formError(c, f, err)
		return
	}
	redirect(c, "/experts/"+e.ID+"?done=saved")
}

// mePage serves /{lang}/experts/me: the expert's own profile in its form,
// with their invitations; one without a profile goes to write it.
func (s *server) mePage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	v, err := s.Experts.OwnExpert(c.Request.Context())
	if platform.ErrorCode(err) == platform.NotFound {
		redirect(c, "/experts/new")
		return
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	f := s.editView(c, v)
	if s.Invitations != nil {
		if f.Invitations, err = s.invitationViews(c, v.ID, true); err != nil {
			s.WriteError(c, err)
			return
		}
	}
	s.renderForm(c, http.StatusOK, f)
}

// editView is the form of profile v, for its expert or the secretariat.
func (s *server) editView(c *gin.Context, v *platform.ExpertView) formView {
	lang := web.Lang(c)
	f := newFormView(s.Localizer(c), valuesOf(v.Expert))
	f.Editing, f.ID, f.Secretariat = true, v.ID, platform.IsSecretariat(web.User(c))
	f.Action, f.Cancel = "/"+lang+"/experts/"+v.ID+"/edit", "/"+lang+"/experts/"+v.ID
	return f
}

// editForm serves /{lang}/experts/{id}/edit to the expert and the
// secretariat.
func (s *server) editForm(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	v, ok := s.expert(c)
	if !ok {
		return
	}
	if !v.Own || v.Status == platform.ExpertErased || v.Status == platform.ExpertMerged {
		s.WriteError(c, forbidden("edit expert "+v.ID))
		return
	}
	s.renderForm(c, http.StatusOK, s.editView(c, v))
}

// updateForm handles the edit form; the version it was opened at guards
// against overwriting a newer one.
func (s *server) updateForm(c *gin.Context) {
	u := web.User(c)
	if u == nil {
		s.ToSignIn(c)
		return
	}
	id, ok := s.expertID(c)
	if !ok {
		return
	}
	if err := s.parseForm(c); err != nil {
		s.WriteError(c, err)
		return
	}
	lang := web.Lang(c)
	v := readValues(c)
	in, err := v.input()
	f := newFormView(s.Localizer(c), v)
	f.Editing, f.ID, f.Secretariat = true, id, platform.IsSecretariat(u)
	f.Action, f.Cancel = "/"+lang+"/experts/"+id+"/edit", "/"+lang+"/experts/"+id
	if err != nil {
		s.formError(c, f, err)
		return
	}
	if _, err := s.Experts.UpdateExpert(c.Request.Context(), id, in); err != nil {
		s.formError(c, f, err)
		return
	}
	redirect(c, "/experts/"+id+"?done=saved")
}
