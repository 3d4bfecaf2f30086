package experts

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
)

// The words of the pages that are not messages of their own: names of
// languages and countries in the reader's language, the labels of fields,
// levels, roles and reasons.

// languageChoices are the languages the form offers first (an expert may
// name any other by its code): the hub's, then those of the United Nations
// and the region's neighbours.
var languageChoices = []string{"en", "ru", "kk", "ky", "tg", "tk", "uz", "ar", "zh", "fr", "es", "de", "tr", "fa", "uk", "az", "ko", "ja", "it"}

// languageName is the name of language code in the reader's language (CLDR's
// names, through x/text), or the code itself when CLDR has none.
func languageName(lang, code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Languages(language.Make(lang)); n != nil {
		if name := n.Name(tag); name != "" {
			return name
		}
	}
	return code
}

// stateName is a State's name in the reader's language: the hub's names
// for its five countries, CLDR's for the others.
func stateName(l *i18n.Localizer, code string) string {
	if slices.Contains(platform.Countries(), code) || code == "other" {
		return l.T("country." + code)
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.Regions(language.Make(l.Lang())); n != nil {
		if name := n.Name(r); name != "" {
			return name
		}
	}
	return code
}

// tr is the message id in the reader's language, or fallback when the
// locales have no such message (an action or a reason code newer than the
// locales): a page never shows a message id.
func tr(l *i18n.Localizer, id, fallback string, data ...map[string]any) string {
	if s := l.T(id, data...); s != id {
		return s
	}
	return fallback
}

// key makes a code a message id segment: "focal-point" is focal_point.
func key(code string) string { return strings.ReplaceAll(code, "-", "_") }

func fieldLabel(l *i18n.Localizer, f platform.ExpertField) string {
	return tr(l, "experts.field."+key(string(f)), string(f))
}

func levelLabel(l *i18n.Localizer, lv platform.LanguageLevel) string {
	return tr(l, "experts.level."+key(string(lv)), string(lv))
}

func irmLabel(l *i18n.Localizer, r platform.IRMRole) string {
	return tr(l, "experts.irm_role."+key(string(r)), string(r))
}

func consentLabel(l *i18n.Localizer, v string) string {
	return tr(l, "experts.consent."+key(v), v)
}

func statusLabel(l *i18n.Localizer, st platform.ExpertStatus) string {
	return tr(l, "experts.status."+key(string(st)), string(st))
}

func roleLabel(l *i18n.Localizer, r platform.ExpertRole) string {
	return tr(l, "experts.role."+key(string(r)), string(r))
}

func invitationLabel(l *i18n.Localizer, st platform.ExpertInvitationStatus) string {
	return tr(l, "experts.invitation_status."+key(string(st)), string(st))
}

// reasonText is a matching reason in the reader's language, its
// arguments named for the reader; a code the locales do not know yet is
// shown as such.
func reasonText(l *i18n.Localizer, r match.Reason) string {
	lang := l.Lang()
	var names []string
	for _, a := range r.Areas {
		names = append(names, l.T("area."+a))
	}
	for _, n := range r.Articles {
		names = append(names, strconv.Itoa(n))
	}
	for _, sk := range r.Languages {
		names = append(names, languageName(lang, sk.Lang)+" ("+levelLabel(l, sk.Level)+")")
	}
	data := map[string]any{"Value": strings.Join(names, ", "), "Count": r.Count, "Cycle": r.Cycle, "Country": "", "From": "", "To": ""}
	if len(r.EventIDs) > 0 && r.Count == 0 {
		data["Count"] = len(r.EventIDs)
	}
	switch {
	case r.State != "":
		data["Country"] = stateName(l, r.State)
	case r.Country != "":
		data["Country"] = stateName(l, r.Country)
	}
	if r.Period != nil {
		data["From"], data["To"] = r.Period.From.Format(time.DateOnly), r.Period.To.Format(time.DateOnly)
	}
	return tr(l, "experts.reason."+key(string(r.Code)), l.T("experts.reason_other", map[string]any{"Value": string(r.Code)}), data)
}

// fieldPathLabel names a field of the form, as the service's errors give it
// (its JSON path, as "languages.2.level"), in the reader's language:
// "Languages, line 3: level".
func fieldPathLabel(l *i18n.Localizer, path string) string {
	parts := strings.Split(path, ".")
	top := parts[0]
	label := func(id string) string { return tr(l, "experts.label."+key(id), id) }
	switch top {
	case "nameCyrillic":
		return label("name_cyrillic")
	case "nameLatin":
		return label("name_latin")
	case "doNotPropose":
		return label("do_not_propose")
	case "contact":
		if len(parts) > 1 {
			return label(parts[1])
		}
		return fieldLabel(l, platform.FieldContact)
	case "consent":
		if len(parts) > 1 {
			return l.T("experts.label.consent_of", map[string]any{"Field": fieldLabel(l, platform.ExpertField(parts[1]))})
		}
		return label("consent")
	case "biography":
		if len(parts) > 1 {
			return l.T("experts.label.biography_in", map[string]any{"Language": languageName(l.Lang(), parts[1])})
		}
	case "languages", "irm", "availability":
		if len(parts) > 1 {
			if n, err := strconv.Atoi(parts[1]); err == nil {
				s := l.T("experts.label.line", map[string]any{"Field": fieldLabel(l, platform.ExpertField(top)), "Line": n + 1})
				if len(parts) > 2 {
					s += ": " + label(parts[2])
				}
				return s
			}
		}
	}
	if slices.Contains(platform.ExpertFields(), platform.ExpertField(top)) {
		return fieldLabel(l, platform.ExpertField(top))
	}
	return path
}

// localizeField returns err with the field it names put in the reader's
// words, for a page; the API keeps the JSON path, which programs read.
// It returns the path too, which the form marks as the field to correct.
func localizeField(l *i18n.Localizer, err error) (string, error) {
	e := platform.AsError(err)
	if e == nil || e.Data == nil {
		return "", err
	}
	path, ok := e.Data["Field"].(string)
	if !ok {
		return "", err
	}
	c := *e
	c.Data = maps.Clone(e.Data)
	c.Data["Field"] = fieldPathLabel(l, path)
	if v, ok := c.Data["Value"]; ok && (v == nil || v == "") {
		c.Data["Value"] = "…" // the field is too long or malformed: nothing to quote
	}
	return path, &c
}
