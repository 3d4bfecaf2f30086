package events

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/certificate"
	"github.com/ca-uncac/hub/platform/web"
)

// Attendance: the check-in on the organizers' list of registrations (a box
// for a participant's code, and a table of the event's days the secretariat
// ticks), its API, the certificates of attendance as PDF and the public
// page that verifies them.
//
// A certificate is written in the registration's language. Kazakh and
// Uzbek have a second script, asked for with ?script=latn or ?script=cyrl
// (Kazakh Latin, Uzbek Cyrillic); a script a language is not written in is
// refused, naming the parameter. The certificate's own words come from
// platform/certificate; the country's name comes from the hub's locales,
// and for the two second scripts from countrySecondScript below, since the
// locales hold one script per language.

// attendanceRoutes adds the attendance routes to the module's.
func (s *server) attendanceRoutes(r *web.Router) error {
	if err := r.ParsePages(templates, nil, "certificate"); err != nil {
		return err
	}
	api, p := r.API, r.Pages
	api.POST("/events/:id/checkin", s.apiCheckIn)
	api.PUT("/registrations/:rid/attendance", s.apiSetAttendance)
	api.GET("/certificates/:code", s.apiVerify)

	p.POST("/events/:id/checkin", s.checkInSubmit)
	p.POST("/events/:id/attendance", s.attendanceSubmit)
	p.GET("/registrations/:rid/certificate.pdf", s.certificatePDF)
	p.GET("/certificates/:code", s.verifyPage)
	return nil
}

func (s *server) apiCheckIn(c *gin.Context) {
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	var in platform.CheckInInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	res, err := s.Registrations.CheckIn(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *server) apiSetAttendance(c *gin.Context) {
	id, ok := s.registrationID(c)
	if !ok {
		return
	}
	var in struct {
		Days []string `json:"days"`
	}
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	r, err := s.Registrations.SetAttendance(c.Request.Context(), id, in.Days)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *server) apiVerify(c *gin.Context) {
	check, err := s.Registrations.VerifyCertificate(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, check)
}

// checkInView is the check-in part of the organizers' list, for the
// event's editors: the code box and the table of days.
type checkInView struct {
	Days  []string
	Today string // the day the code box checks in for by default
	Rows  []attendanceRow
	// Done tells the result of the last check-in or save.
	Done, Error string
}

type attendanceRow struct {
	ID, Name string
	Days     []attendanceDay
}

type attendanceDay struct {
	Day     string
	Checked bool
}

// checkInNotice is what the list says after a check-in or a save.
type checkInNotice struct{ done, err string }

// checkInView builds the check-in part for the registered of list, or nil
// for a reader who does not edit the event.
func (s *server) checkInView(c *gin.Context, e *platform.Event, list []*platform.Registration, n checkInNotice) *checkInView {
	if !platform.CanEditEvent(web.User(c), e.Kind, e.Concerns()) {
		return nil
	}
	v := &checkInView{Days: e.Days(), Done: n.done, Error: n.err}
	if today, ok := e.Today(timeNow()); ok {
		v.Today = today
	}
	for _, r := range list {
		if r.Status != platform.StatusRegistered {
			continue
		}
		row := attendanceRow{ID: r.ID, Name: r.Name}
		if r.ErasedAt != nil {
			row.Name = s.Localizer(c).T("registration.erased")
		}
		for _, d := range v.Days {
			row.Days = append(row.Days, attendanceDay{Day: d, Checked: slices.Contains(r.Attended, d)})
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// checkInSubmit takes the code box: the participant is checked in for the
// chosen day (today by default), and the list says so, or why not.
func (s *server) checkInSubmit(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	res, err := s.Registrations.CheckIn(c.Request.Context(), id, platform.CheckInInput{Code: c.PostForm("code"), Day: c.PostForm("day")})
	if err != nil {
		status, msg := s.Explain(c, err)
		if status >= 500 || status == http.StatusForbidden || status == http.StatusUnauthorized {
			s.WriteError(c, err)
			return
		}
		s.showRegistrations(c, status, checkInNotice{err: msg})
		return
	}
	// Success goes back to the list (a reload does not send the form
	// again), which says whom it checked in; a refusal is shown at once
	// with what the service said.
	q := url.Values{"checked": {res.Registration.ID}, "day": {res.Day}}
	if res.Already {
		q.Set("already", "1")
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/events/"+id+"/registrations?"+q.Encode())
}

// listNotice is what the list says after a redirect from a check-in or a
// save; a check-in names its participant, read again (and shown only to
// whoever may read that registration).
func (s *server) listNotice(c *gin.Context) checkInNotice {
	l := s.Localizer(c)
	if c.Query("saved") != "" {
		return checkInNotice{done: l.T("checkin.saved")}
	}
	rid, day := c.Query("checked"), c.Query("day")
	if rid == "" || !platform.ValidRecordID(rid) {
		return checkInNotice{}
	}
	r, err := s.Registrations.FindRegistration(c.Request.Context(), rid)
	if err != nil || !slices.Contains(r.Attended, day) {
		return checkInNotice{}
	}
	key := "checkin.done"
	if c.Query("already") != "" {
		key = "checkin.already"
	}
	return checkInNotice{done: l.T(key, map[string]any{"Name": r.Name, "Date": day})}
}

// attendanceSubmit saves the table of days: each row of the form (rows
// names them, so a page of the list changes only its own rows) gets the
// days ticked for it.
func (s *server) attendanceSubmit(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	ctx := c.Request.Context()
	for _, rid := range c.PostFormArray("rows") {
		if !platform.ValidRecordID(rid) {
			continue
		}
		if _, err := s.Registrations.SetAttendance(ctx, rid, c.PostFormArray("att_"+rid)); err != nil {
			status, msg := s.Explain(c, err)
			if status >= 500 || status == http.StatusForbidden {
				s.WriteError(c, err)
				return
			}
			s.showRegistrations(c, status, checkInNotice{err: msg})
			return
		}
	}
	q := c.Request.URL.Query()
	q.Set("saved", "1")
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/events/"+id+"/registrations?"+q.Encode())
}

// variant is the certificate's language variant for a registration's
// language and the script parameter (empty, latn or cyrl).
func variant(lang, script string) (string, error) {
	bad := badScript(script)
	switch {
	case script == "":
		return lang, nil
	case lang == "kk" && script == "latn":
		return certificate.KazakhLatin, nil
	case lang == "uz" && script == "cyrl":
		return certificate.UzbekCyrillic, nil
	case script == "latn" && (lang == "en" || lang == "tk" || lang == "uz"),
		script == "cyrl" && (lang == "ru" || lang == "kk" || lang == "ky" || lang == "tg"):
		return lang, nil
	}
	return "", bad
}

// badScript refuses a script parameter, naming it.
func badScript(script string) error {
	return platform.Localized(platform.Invalid, "error.certificate_bad_script", map[string]any{"Field": "script", "Value": script},
		"script: %q is not latn or cyrl, or not a script the certificate's language is written in", script)
}

// countrySecondScript names the countries in the second scripts: in the
// Kazakh Latin alphabet of 2021 (the letters platform/certificate writes
// Kazakh Latin in) and in Uzbek Cyrillic. A participant from elsewhere
// ("other") has no country printed.
var countrySecondScript = map[string]map[string]string{
	certificate.KazakhLatin:   {"KZ": "Qazaqstan", "KG": "Qyrğyzstan", "TJ": "Täjıkstan", "TM": "Türıkmenstan", "UZ": "Özbekstan"},
	certificate.UzbekCyrillic: {"KZ": "Қозоғистон", "KG": "Қирғизистон", "TJ": "Тожикистон", "TM": "Туркманистон", "UZ": "Ўзбекистон"},
}

// base is the hub's language of a certificate variant.
func base(v string) string { lang, _, _ := strings.Cut(v, "-"); return lang }

// cityChain is the order a certificate picks the event's city in: for a
// second script, a language already written in it (English for Kazakh
// Latin, Russian for Uzbek Cyrillic) before the language's own.
func cityChain(v string) []string {
	switch v {
	case certificate.KazakhLatin:
		return []string{"en", "kk", "ru"}
	case certificate.UzbekCyrillic:
		return []string{"ru", "uz", "en"}
	}
	return i18n.Chain(v)
}

// certificateData fills a certificate from an issued one.
func (s *server) certificateData(ic *platform.IssuedCertificate, v string) certificate.Data {
	r, e := ic.Registration, ic.Event
	lang := base(v)
	country := ""
	if r.Country != "other" {
		if names, ok := countrySecondScript[v]; ok {
			country = names[r.Country]
		} else {
			country = s.Bundle.Localizer(lang).T("country." + r.Country)
		}
	}
	title, _ := e.Title(i18n.Chain(lang))
	code := r.CertificateCode
	return certificate.Data{
		Language: v, ParticipantName: r.Name, Organization: r.Organization, Country: country,
		EventTitle: title, EventKind: e.Kind, City: pick(e.City, cityChain(v)),
		Start: e.Start, End: e.End, TimeZone: e.Location(),
		DaysAttended: len(r.Attended), Hours: ic.Hours,
		VerificationCode: code, VerifyURL: s.PublicURL() + "/" + lang + "/certificates/" + url.PathEscape(code),
		IssuedAt: *r.CertifiedAt,
	}
}

// certificatePDF serves /{lang}/registrations/{rid}/certificate.pdf to the
// participant (account or link) and the event's editors, once the event
// has ended and only to a participant who attended (403 otherwise, with
// the reason in the page's language).
func (s *server) certificatePDF(c *gin.Context) {
	id, ok := s.registrationID(c)
	if !ok {
		return
	}
	// The parameter's value is checked before anything is issued; whether
	// the registration's language is written in that script, after.
	script := c.Query("script")
	if script != "" && script != "latn" && script != "cyrl" {
		s.WriteError(c, badScript(script))
		return
	}
	ic, err := s.Registrations.Certificate(regContext(c).Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	v, err := variant(ic.Registration.Language, script)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := certificate.Render(&buf, s.certificateData(ic, v)); err != nil {
		s.WriteError(c, err)
		return
	}
	web.NoStore(c)
	c.Header("Content-Disposition", `inline; filename="certificate-`+ic.Registration.CertificateCode+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

// certificateLink is the address of a registration's certificate, with
// the link secret of the page it is on.
func certificateLink(lang, id, token string) string {
	u := "/" + lang + "/registrations/" + id + "/certificate.pdf"
	if token != "" {
		u += "?token=" + url.QueryEscape(token)
	}
	return u
}

// eligible reports whether a registration's certificate may be asked for
// now: the event is over and the participant attended.
func eligible(e *platform.Event, r *platform.Registration) bool {
	return !timeNow().Before(e.End) && len(r.Attended) > 0 && r.Status == platform.StatusRegistered
}

// verifyPage serves /{lang}/certificates/{code}: what the certificate of
// that code says, or a 404 page saying it is not a valid certificate.
func (s *server) verifyPage(c *gin.Context) {
	check, err := s.Registrations.VerifyCertificate(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	l, lang := s.Localizer(c), web.Lang(c)
	loc := (&platform.Event{TimeZone: check.TimeZone}).Location()
	title, titleLang := platform.PickText(check.Titles, i18n.Chain(lang), func(t string) string { return t })
	country := ""
	if check.Country != "other" {
		country = l.T("country." + check.Country)
	}
	s.Render(c, http.StatusOK, "certificate", "events", l.T("certificate.title"), map[string]any{
		"C": check, "EventTitle": title, "TitleLang": titleLang, "Country": country,
		"Start": check.Start.In(loc).Format("2006-01-02"), "End": check.End.In(loc).Format("2006-01-02"),
		"Issued": check.IssuedAt.In(loc).Format("2006-01-02"), "Kind": l.T("event_kind." + string(check.Kind)),
	})
}
