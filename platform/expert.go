package platform

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Record types of the experts' pool.
const (
	// TypeExpert is an expert's profile.
	TypeExpert RecordType = "expert"
	// TypeExpertInvitation is the secretariat's invitation of an expert to
	// an event (to train or speak at it).
	TypeExpertInvitation RecordType = "expert_invitation"
)

// ExpertField names a part of a profile whose visibility the expert
// chooses (ExpertProfile.Consent).
type ExpertField string

// The fields of a profile under the expert's consent. The name decides
// whether a reader sees the profile at all: a profile a reader may not know
// the name of is not listed, found or counted for them.
const (
	FieldName         ExpertField = "name"
	FieldPhoto        ExpertField = "photo"
	FieldCountry      ExpertField = "country"
	FieldOrganization ExpertField = "organization"
	FieldPosition     ExpertField = "position"
	FieldAreas        ExpertField = "areas"
	FieldArticles     ExpertField = "articles"
	FieldLanguages    ExpertField = "languages"
	FieldIRM          ExpertField = "irm"
	FieldTrainings    ExpertField = "trainings"
	FieldMaterials    ExpertField = "materials"
	FieldBiography    ExpertField = "biography"
	FieldContact      ExpertField = "contact"
	FieldAvailability ExpertField = "availability"
)

// ExpertFields lists the fields under consent, in the order forms show them.
func ExpertFields() []ExpertField {
	return []ExpertField{FieldName, FieldPhoto, FieldCountry, FieldOrganization, FieldPosition, FieldAreas,
		FieldArticles, FieldLanguages, FieldIRM, FieldTrainings, FieldMaterials, FieldBiography, FieldContact, FieldAvailability}
}

// DefaultConsent is the visibility of a field the expert said nothing
// about: platform members.
const DefaultConsent = Members

// ExpertStatus is where a profile stands.
type ExpertStatus string

// Profile statuses. A pending profile is seen by its expert and the
// secretariat only, until the secretariat approves it. A merged profile
// lives on inside the one it was merged into (MergedInto); an erased one
// keeps only its id, so that the events it taught still say "a trainer".
const (
	ExpertPending  ExpertStatus = "pending"
	ExpertApproved ExpertStatus = "approved"
	ExpertMerged   ExpertStatus = "merged"
	ExpertErased   ExpertStatus = "erased"
)

// LanguageLevel is how well an expert works in a language.
type LanguageLevel string

// Language levels, from the highest.
const (
	LevelNative  LanguageLevel = "native"
	LevelFluent  LanguageLevel = "fluent"
	LevelWorking LanguageLevel = "working"
	LevelBasic   LanguageLevel = "basic"
)

// LanguageLevels lists the levels from the highest.
func LanguageLevels() []LanguageLevel {
	return []LanguageLevel{LevelNative, LevelFluent, LevelWorking, LevelBasic}
}

// Rank is the level's strength: 4 for native down to 1 for basic, 0 for
// an unknown level.
func (l LanguageLevel) Rank() int {
	if i := slices.Index(LanguageLevels(), l); i >= 0 {
		return len(LanguageLevels()) - i
	}
	return 0
}

// LanguageSkill is a language an expert works in, an ISO 639-1 code (the
// hub's seven or any other, such as "fr" or "ar"), and its level.
type LanguageSkill struct {
	Lang  string        `json:"lang" bson:"lang"`
	Level LanguageLevel `json:"level" bson:"level"`
}

// IRMRole is a part an expert had in the UNCAC Implementation Review
// Mechanism.
type IRMRole string

// IRM roles.
const (
	IRMReviewer   IRMRole = "reviewer"
	IRMFocalPoint IRMRole = "focal-point"
)

// IRMRoles lists the IRM roles.
func IRMRoles() []IRMRole { return []IRMRole{IRMReviewer, IRMFocalPoint} }

// IRMExperience is one part in one review: a governmental expert reviewing
// State in a cycle, or the focal point of their own State's review.
type IRMExperience struct {
	Role IRMRole `json:"role" bson:"role"`
	// Cycle is the review cycle, 1 (chapters III and IV) or 2 (II and V).
	Cycle int `json:"cycle" bson:"cycle"`
	// State is the State party reviewed, an ISO 3166-1 alpha-2 code.
	State string `json:"state" bson:"state"`
	// Year the part began, when known (0 otherwise).
	Year int `json:"year,omitempty" bson:"year,omitempty"`
	// Ongoing marks a review still under way.
	Ongoing bool `json:"ongoing,omitempty" bson:"ongoing,omitempty"`
}

// Period is a span of whole days, From and To included, as dates at
// midnight UTC.
type Period struct {
	From time.Time `json:"from" bson:"from"`
	To   time.Time `json:"to" bson:"to"`
	Note string    `json:"note,omitempty" bson:"note,omitempty"`
}

// Covers reports whether the period holds every day from from to to.
func (p Period) Covers(from, to time.Time) bool {
	return !Day(from).Before(p.From) && !Day(to).After(p.To)
}

// Overlaps reports whether the period shares a day with from–to.
func (p Period) Overlaps(from, to time.Time) bool {
	return !Day(to).Before(p.From) && !Day(from).After(p.To)
}

// Day is t's calendar day in UTC, at midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ExpertContact is how to reach an expert; it is never public.
type ExpertContact struct {
	Email string `json:"email,omitempty" bson:"email,omitempty"`
	Phone string `json:"phone,omitempty" bson:"phone,omitempty"`
	// Messenger is a handle on a messenger (Telegram, WhatsApp, Signal…),
	// free text.
	Messenger string `json:"messenger,omitempty" bson:"messenger,omitempty"`
}

// ExpertPhoto is a profile's photo as stored: a JPEG the hub made from the
// upload (resized, its metadata dropped), under Key in the object store.
type ExpertPhoto struct {
	Key    string `json:"-" bson:"key"`
	Width  int    `json:"width" bson:"width"`
	Height int    `json:"height" bson:"height"`
	Size   int64  `json:"size" bson:"size"`
	SHA256 string `json:"sha256" bson:"sha256"`
}

// ExpertProfile is what an expert says about themselves: the fields of a
// profile that its expert (or the secretariat) writes.
type ExpertProfile struct {
	// NameCyrillic and NameLatin are the person's name as they write it
	// in each script; one of them at least.
	NameCyrillic string `json:"nameCyrillic,omitempty" bson:"nameCyrillic,omitempty"`
	NameLatin    string `json:"nameLatin,omitempty" bson:"nameLatin,omitempty"`
	// Country is a member state, or "other" for a partner organization's
	// expert; a conflict in a review of it.
	Country      string          `json:"country,omitempty" bson:"country,omitempty"`
	Organization string          `json:"organization,omitempty" bson:"organization,omitempty"`
	Position     string          `json:"position,omitempty" bson:"position,omitempty"`
	Areas        []string        `json:"areas,omitempty" bson:"areas,omitempty"`
	Articles     []int           `json:"articles,omitempty" bson:"articles,omitempty"`
	Languages    []LanguageSkill `json:"languages,omitempty" bson:"languages,omitempty"`
	IRM          []IRMExperience `json:"irm,omitempty" bson:"irm,omitempty"`
	// Materials are ids of library documents the expert authored.
	Materials []string `json:"materials,omitempty" bson:"materials,omitempty"`
	// Biography is by language (one of Languages).
	Biography    map[string]string `json:"biography,omitempty" bson:"biography,omitempty"`
	Contact      ExpertContact     `json:"contact" bson:"contact"`
	Availability []Period          `json:"availability,omitempty" bson:"availability,omitempty"`
	// DoNotPropose asks the secretariat not to propose the expert for
	// trainings or reviews: matching leaves them out.
	DoNotPropose bool `json:"doNotPropose,omitempty" bson:"doNotPropose,omitempty"`
	// Consent gives each field's visibility (Public, Members or
	// Secretariat); a field absent is DefaultConsent. Contact is never
	// public.
	Consent map[ExpertField]string `json:"consent,omitempty" bson:"consent,omitempty"`
}

// Expert is a profile in the regional pool.
type Expert struct {
	ID            string `json:"id" bson:"_id"`
	ExpertProfile `bson:",inline"`
	// UserID is the expert's account, when they have one: its owner edits
	// the profile. The secretariat keeps profiles of people without one.
	UserID string       `json:"userId,omitempty" bson:"userId,omitempty"`
	Status ExpertStatus `json:"status" bson:"status"`
	Photo  *ExpertPhoto `json:"photo,omitempty" bson:"photo,omitempty"`
	// MergedInto is the profile this one was merged into; MergedFrom the
	// profiles merged into this one, whose histories and links it keeps.
	MergedInto string   `json:"mergedInto,omitempty" bson:"mergedInto,omitempty"`
	MergedFrom []string `json:"mergedFrom,omitempty" bson:"mergedFrom,omitempty"`
	// DeletionRequestedAt is set when the expert asked for the profile to
	// be erased; the secretariat approves it (EraseExpert).
	DeletionRequestedAt *time.Time `json:"deletionRequestedAt,omitempty" bson:"deletionRequestedAt,omitempty"`
	DeletionReason      string     `json:"deletionReason,omitempty" bson:"deletionReason,omitempty"`
	CreatedAt           time.Time  `json:"createdAt" bson:"createdAt"`
	// UpdatedAt and Version are for the expert and the secretariat (their
	// views have them): they would tell other readers that something they
	// may not see changed.
	UpdatedAt  time.Time  `json:"updatedAt,omitzero" bson:"updatedAt"`
	CreatedBy  string     `json:"createdBy,omitempty" bson:"createdBy,omitempty"`
	ApprovedAt *time.Time `json:"approvedAt,omitempty" bson:"approvedAt,omitempty"`
	ApprovedBy string     `json:"approvedBy,omitempty" bson:"approvedBy,omitempty"`
	// Version counts the saved states (see ExpertInput.IfVersion).
	Version int `json:"version,omitempty" bson:"version"`
	// Seq is the change-log sequence of the write that produced this state.
	Seq uint64 `json:"-" bson:"seq"`
}

// ConsentOf is the visibility of field f on the profile.
func (p *ExpertProfile) ConsentOf(f ExpertField) string {
	v, ok := p.Consent[f]
	if !ok || !slices.Contains(Visibilities(), v) {
		v = DefaultConsent
	}
	if f == FieldContact && v == Public {
		return Members
	}
	return v
}

// Name is the profile's name in the script the reader's language is
// written in (Latin for en, tk and uz, Cyrillic for the others), else in
// the other script.
func (p *ExpertProfile) Name(lang string) string {
	latinFirst := lang == "en" || lang == "tk" || lang == "uz"
	if latinFirst && p.NameLatin != "" || p.NameCyrillic == "" {
		return p.NameLatin
	}
	return p.NameCyrillic
}

// Names lists the profile's names, Cyrillic first, without empties.
func (p *ExpertProfile) Names() []string {
	var out []string
	for _, n := range []string{p.NameCyrillic, p.NameLatin} {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Tier is the audience a reader belongs to for the experts' consent: the
// widest visibility they may read. Anonymous readers are Public, signed-in
// ones Members, the secretariat Secretariat.
func Tier(u *User) string {
	switch {
	case IsSecretariat(u):
		return Secretariat
	case CanSee(u, Members):
		return Members
	}
	return Public
}

// tierRank orders the visibilities from the widest audience.
func tierRank(v string) int {
	// A switch, not an index into Visibilities(): it is asked for every
	// record of every list and overview, and Visibilities allocates.
	switch v {
	case Public:
		return 0
	case Members:
		return 1
	case Secretariat:
		return 2
	}
	return -1
}

// NarrowerConsent returns the narrower of two visibilities (the one
// fewer readers may read).
func NarrowerConsent(a, b string) string {
	if tierRank(b) > tierRank(a) {
		return b
	}
	return a
}

// TierSees reports whether a reader of tier may read a field given
// visibility.
func TierSees(tier, visibility string) bool {
	return tierRank(visibility) >= 0 && tierRank(visibility) <= tierRank(tier)
}

// ExpertView is a profile as one reader may see it: the fields they may
// not read are empty, and Shown names those they may.
type ExpertView struct {
	*Expert
	// Shown lists the fields the reader may read.
	Shown []ExpertField `json:"shown"`
	// Own is set when the reader is the expert (or the secretariat acting
	// for them): every field shows, with its consent.
	Own bool `json:"own,omitempty"`
}

// Sees reports whether the view shows field f.
func (v *ExpertView) Sees(f ExpertField) bool { return slices.Contains(v.Shown, f) }

// CanSeeExpert reports whether u may see the profile at all: its expert
// and the secretariat always; others an approved profile whose name they
// may read.
func CanSeeExpert(u *User, e *Expert) bool {
	if IsSecretariat(u) || IsOwnExpert(u, e) {
		return e.Status != ExpertMerged && e.Status != ExpertErased || IsSecretariat(u)
	}
	return e.Status == ExpertApproved && TierSees(Tier(u), e.ConsentOf(FieldName))
}

// IsOwnExpert reports whether u is the expert of profile e.
func IsOwnExpert(u *User, e *Expert) bool {
	return u != nil && !u.Disabled && e.UserID != "" && e.UserID == u.ID
}

// ViewAs returns the profile as a reader of tier sees it (own: every
// field): a copy whose hidden fields are empty. The consent map itself is
// the expert's business: only an own view keeps it.
func (e *Expert) ViewAs(tier string, own bool) *ExpertView {
	c := *e
	c.ExpertProfile = e.ExpertProfile.clone()
	v := &ExpertView{Expert: &c, Own: own}
	for _, f := range ExpertFields() {
		if own || TierSees(tier, e.ConsentOf(f)) {
			v.Shown = append(v.Shown, f)
			continue
		}
		c.clear(f)
	}
	if !own {
		c.Version, c.UpdatedAt = 0, time.Time{}
		c.Consent = nil
		c.DeletionRequestedAt, c.DeletionReason = nil, ""
		if tier != Secretariat {
			c.DoNotPropose = false
			c.UserID, c.CreatedBy, c.ApprovedBy = "", "", ""
			c.MergedFrom = nil
		}
	}
	return v
}

// ViewFor returns the profile as u sees it (see ViewAs).
func (e *Expert) ViewFor(u *User) *ExpertView {
	return e.ViewAs(Tier(u), IsOwnExpert(u, e) || IsSecretariat(u))
}

func (e *Expert) clear(f ExpertField) {
	p := &e.ExpertProfile
	switch f {
	case FieldName:
		p.NameCyrillic, p.NameLatin = "", ""
	case FieldPhoto:
		e.Photo = nil
	case FieldCountry:
		p.Country = ""
	case FieldOrganization:
		p.Organization = ""
	case FieldPosition:
		p.Position = ""
	case FieldAreas:
		p.Areas = nil
	case FieldArticles:
		p.Articles = nil
	case FieldLanguages:
		p.Languages = nil
	case FieldIRM:
		p.IRM = nil
	case FieldMaterials:
		p.Materials = nil
	case FieldBiography:
		p.Biography = nil
	case FieldContact:
		p.Contact = ExpertContact{}
	case FieldAvailability:
		p.Availability = nil
	}
}

func (p ExpertProfile) clone() ExpertProfile {
	p.Areas = slices.Clone(p.Areas)
	p.Articles = slices.Clone(p.Articles)
	p.Languages = slices.Clone(p.Languages)
	p.IRM = slices.Clone(p.IRM)
	p.Materials = slices.Clone(p.Materials)
	p.Availability = slices.Clone(p.Availability)
	if p.Biography != nil {
		b := make(map[string]string, len(p.Biography))
		for k, v := range p.Biography {
			b[k] = v
		}
		p.Biography = b
	}
	if p.Consent != nil {
		c := make(map[ExpertField]string, len(p.Consent))
		for k, v := range p.Consent {
			c[k] = v
		}
		p.Consent = c
	}
	return p
}

// Clone returns a deep copy of e.
func (e *Expert) Clone() *Expert {
	c := *e
	c.ExpertProfile = e.ExpertProfile.clone()
	c.MergedFrom = slices.Clone(e.MergedFrom)
	if e.Photo != nil {
		p := *e.Photo
		c.Photo = &p
	}
	return &c
}

// ExpertInput is what an expert or the secretariat sends to create or
// replace a profile.
type ExpertInput struct {
	ExpertProfile
	// UserID links the profile to an account; only the secretariat sets
	// it (an expert's own profile is linked to them).
	UserID string `json:"userId,omitempty"`
	// IfVersion, when not 0, makes an update succeed only if the profile
	// is still at that version.
	IfVersion int `json:"-"`
}

// Limits on profile fields.
const (
	MaxExpertText      = 300
	MaxBiography       = 5000
	MaxExpertListItems = 50
	MaxAvailability    = 50
	MaxExpertPage      = 200
	// MaxPhotoBytes is the largest photo upload.
	MaxPhotoBytes = 10 << 20
)

// Normalize trims the input and puts codes in their canonical form.
func (in *ExpertInput) Normalize() {
	p := &in.ExpertProfile
	p.NameCyrillic = collapseSpaces(p.NameCyrillic)
	p.NameLatin = collapseSpaces(p.NameLatin)
	if p.Country != "" {
		p.Country = NormalizeCountry(p.Country)
	}
	p.Organization = strings.TrimSpace(p.Organization)
	p.Position = strings.TrimSpace(p.Position)
	p.Areas = cleanNames(p.Areas)
	slices.Sort(p.Articles)
	p.Articles = slices.Compact(p.Articles)
	for i := range p.Languages {
		p.Languages[i].Lang = strings.ToLower(strings.TrimSpace(p.Languages[i].Lang))
		p.Languages[i].Level = LanguageLevel(strings.ToLower(strings.TrimSpace(string(p.Languages[i].Level))))
	}
	for i := range p.IRM {
		p.IRM[i].State = strings.ToUpper(strings.TrimSpace(p.IRM[i].State))
		p.IRM[i].Role = IRMRole(strings.TrimSpace(string(p.IRM[i].Role)))
	}
	p.Materials = cleanNames(p.Materials)
	for lang, b := range p.Biography {
		if b = strings.TrimSpace(b); b == "" {
			delete(p.Biography, lang)
		} else {
			p.Biography[lang] = b
		}
	}
	p.Contact.Email = strings.ToLower(strings.TrimSpace(p.Contact.Email))
	p.Contact.Phone = strings.TrimSpace(p.Contact.Phone)
	p.Contact.Messenger = strings.TrimSpace(p.Contact.Messenger)
	for i := range p.Availability {
		p.Availability[i].From = Day(p.Availability[i].From)
		p.Availability[i].To = Day(p.Availability[i].To)
		p.Availability[i].Note = strings.TrimSpace(p.Availability[i].Note)
	}
	slices.SortFunc(p.Availability, func(a, b Period) int { return a.From.Compare(b.From) })
}

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// phonePattern is an international number as people write it: an optional
// +, digits with spaces, dots, hyphens or brackets between them.
var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ().-]*[0-9]$`)

// PhoneDigits is a phone number's digits alone, which compare numbers
// written differently.
func PhoneDigits(phone string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
}

func expertField(field string, value any, format string, args ...any) error {
	return Localized(Invalid, "experts.error.bad_field", map[string]any{"Field": field, "Value": value},
		"%s: "+format, append([]any{field}, args...)...)
}

// Validate checks the input. Call Normalize first. The error is Invalid,
// with a message for the reader that names the field (its JSON name).
// Whether materials exist is for the service to check.
func (in *ExpertInput) Validate() error {
	p := &in.ExpertProfile
	if p.NameCyrillic == "" && p.NameLatin == "" {
		return Localized(Invalid, "experts.error.name_required", map[string]any{"Field": "nameLatin"}, "nameLatin: a name in Cyrillic or Latin letters is required")
	}
	for field, n := range map[string]string{"nameCyrillic": p.NameCyrillic, "nameLatin": p.NameLatin} {
		if err := checkPersonName(field, n); err != nil {
			return err
		}
	}
	if p.Country != "" && !slices.Contains(Countries(), p.Country) && p.Country != "other" {
		return expertField("country", p.Country, "unknown country %q", p.Country)
	}
	for field, s := range map[string]string{"organization": p.Organization, "position": p.Position} {
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxExpertText {
			return expertField(field, "", "longer than %d characters", MaxExpertText)
		}
	}
	// Free text holds no control characters (a NUL, a terminal escape) nor
	// the marks that reverse the text's direction, which would make a
	// page say what its writer did not type; a biography keeps its line
	// breaks and tabs.
	texts := []struct{ field, text string }{{"organization", p.Organization}, {"position", p.Position},
		{"contact.messenger", p.Contact.Messenger}}
	for _, lang := range Languages() {
		texts = append(texts, struct{ field, text string }{"biography." + lang, p.Biography[lang]})
	}
	for i, a := range p.Availability {
		texts = append(texts, struct{ field, text string }{fmt.Sprintf("availability.%d.note", i), a.Note})
	}
	for _, t := range texts {
		if i := strings.IndexFunc(t.text, unsafeRune); i >= 0 {
			return expertField(t.field, fmt.Sprintf("U+%04X", []rune(t.text[i:])[0]), "holds a control character")
		}
	}
	for _, a := range p.Areas {
		if !slices.Contains(Areas(), a) {
			return expertField("areas", a, "unknown area %q", a)
		}
	}
	for _, n := range p.Articles {
		if _, ok := ArticleByNumber(n); !ok {
			return expertField("articles", n, "no UNCAC article %d", n)
		}
	}
	for _, l := range []struct {
		field  string
		n, max int
	}{{"areas", len(p.Areas), MaxExpertListItems}, {"articles", len(p.Articles), 71}, {"languages", len(p.Languages), MaxExpertListItems},
		{"irm", len(p.IRM), MaxExpertListItems}, {"materials", len(p.Materials), MaxExpertListItems}} {
		if l.n > l.max {
			return expertField(l.field, l.n, "more than %d entries", l.max)
		}
	}
	seen := map[string]bool{}
	for i, l := range p.Languages {
		field := fmt.Sprintf("languages.%d", i)
		if !validLanguageCode(l.Lang) {
			return expertField(field+".lang", l.Lang, "not an ISO 639-1 language code")
		}
		if seen[l.Lang] {
			return expertField(field+".lang", l.Lang, "language %q given twice", l.Lang)
		}
		seen[l.Lang] = true
		if l.Level.Rank() == 0 {
			return expertField(field+".level", l.Level, "level must be one of native, fluent, working, basic")
		}
	}
	for i, x := range p.IRM {
		field := fmt.Sprintf("irm.%d", i)
		switch {
		case !slices.Contains(IRMRoles(), x.Role):
			return expertField(field+".role", x.Role, "role must be reviewer or focal-point")
		case x.Cycle != 1 && x.Cycle != 2:
			return expertField(field+".cycle", x.Cycle, "cycle must be 1 or 2")
		case !validStateCode(x.State):
			return expertField(field+".state", x.State, "not an ISO 3166-1 alpha-2 code")
		case x.Year != 0 && (x.Year < 2010 || x.Year > 2100):
			return expertField(field+".year", x.Year, "year out of range")
		}
	}
	for _, id := range p.Materials {
		if !ValidRecordID(id) {
			return expertField("materials", id, "not a document id")
		}
	}
	for lang, b := range p.Biography {
		if !ValidLanguage(lang) {
			return expertField("biography", lang, "unsupported language %q", lang)
		}
		if !utf8.ValidString(b) || utf8.RuneCountInString(b) > MaxBiography {
			return expertField("biography."+lang, "", "longer than %d characters", MaxBiography)
		}
	}
	if e := p.Contact.Email; e != "" {
		addr, err := mail.ParseAddress(e)
		if err != nil || addr.Name != "" || addr.Address != e || len(e) > 254 {
			return Localized(Invalid, "experts.error.bad_email", map[string]any{"Field": "contact.email", "Value": e}, "contact.email: %q is not an email address", e)
		}
	}
	if ph := p.Contact.Phone; ph != "" {
		if d := PhoneDigits(ph); !phonePattern.MatchString(ph) || len(d) < 7 || len(d) > 15 {
			return Localized(Invalid, "experts.error.bad_phone", map[string]any{"Field": "contact.phone", "Value": ph}, "contact.phone: %q is not a phone number", ph)
		}
	}
	if m := p.Contact.Messenger; !utf8.ValidString(m) || utf8.RuneCountInString(m) > 100 {
		return expertField("contact.messenger", "", "longer than 100 characters")
	}
	if len(p.Availability) > MaxAvailability {
		return expertField("availability", len(p.Availability), "more than %d periods", MaxAvailability)
	}
	for i, a := range p.Availability {
		field := fmt.Sprintf("availability.%d", i)
		switch {
		case a.From.IsZero() || a.To.IsZero():
			return expertField(field, "", "a period needs a start and an end")
		case a.To.Before(a.From):
			return expertField(field+".to", a.To.Format(time.DateOnly), "ends before it starts")
		case a.From.Year() < 2000 || a.To.Year() > 2100:
			return expertField(field, a.From.Format(time.DateOnly), "out of range")
		case utf8.RuneCountInString(a.Note) > MaxExpertText:
			return expertField(field+".note", "", "longer than %d characters", MaxExpertText)
		}
	}
	for f, v := range p.Consent {
		if !slices.Contains(ExpertFields(), f) {
			return expertField("consent", f, "unknown field %q", f)
		}
		if !slices.Contains(Visibilities(), v) {
			return expertField("consent."+string(f), v, "visibility must be public, members or secretariat")
		}
		if f == FieldContact && v == Public {
			return Localized(Invalid, "experts.error.contact_public", map[string]any{"Field": "consent.contact"}, "consent.contact: contact details are never public")
		}
	}
	return nil
}

// unsafeRune reports whether r may not stand in a profile's text: a
// control character other than a line break or a tab, or a mark that
// overrides the direction of the text.
func unsafeRune(r rune) bool {
	return r != '\n' && r != '\t' && r != '\r' && unicode.IsControl(r) ||
		r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// checkPersonName refuses a name that is too long or holds anything but
// letters, marks, spaces, hyphens, apostrophes and dots.
func checkPersonName(field, n string) error {
	if n == "" {
		return nil
	}
	if !utf8.ValidString(n) || utf8.RuneCountInString(n) > MaxNameLen {
		return expertField(field, "", "a name of at most %d characters", MaxNameLen)
	}
	for _, r := range n {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && !strings.ContainsRune(" -.'’ʻʼ", r) {
			return expertField(field, n, "a name holds letters only")
		}
	}
	return nil
}

func validLanguageCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

func validStateCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// Input returns the profile's fields as an input.
func (e *Expert) Input() ExpertInput {
	return ExpertInput{ExpertProfile: e.ExpertProfile.clone(), UserID: e.UserID}
}

// Speaks returns the expert's level in lang (0 when they do not speak it).
func (p *ExpertProfile) Speaks(lang string) int {
	for _, l := range p.Languages {
		if l.Lang == lang {
			return l.Level.Rank()
		}
	}
	return 0
}

// AvailableFor reports whether the expert said they are available from
// from to to: true when their periods cover it (periods that touch or
// overlap count as one: 1–15 March and 16–31 March cover 10–20 March),
// false when they gave periods and these do not, and known=false when they
// gave none.
func (p *ExpertProfile) AvailableFor(from, to time.Time) (available, known bool) {
	if len(p.Availability) == 0 {
		return false, false
	}
	_, ok := p.Covering(from, to)
	return ok, true
}

// Covering returns the span of the expert's periods, joined where they
// touch or overlap, that covers every day from from to to, if one does.
func (p *ExpertProfile) Covering(from, to time.Time) (Period, bool) {
	ps := slices.Clone(p.Availability)
	slices.SortFunc(ps, func(a, b Period) int { return a.From.Compare(b.From) })
	for i := 0; i < len(ps); i++ {
		span := Period{From: ps[i].From, To: ps[i].To}
		for i+1 < len(ps) && !ps[i+1].From.After(span.To.AddDate(0, 0, 1)) {
			i++
			if ps[i].To.After(span.To) {
				span.To = ps[i].To
			}
		}
		if span.Covers(from, to) {
			return span, true
		}
	}
	return Period{}, false
}

// ExpertFilter selects profiles; each condition reads only what the reader
// may see of a profile, so a hidden field matches no condition.
type ExpertFilter struct {
	Areas     []string
	Articles  []int
	Countries []string
	// Language, with MinLevel, keeps experts who work in it at that level
	// or better.
	Language string
	MinLevel LanguageLevel
	// IRM keeps experts with IRM experience of that role ("" for any role
	// when HasIRM).
	IRM    IRMRole
	HasIRM bool
	// AvailableFrom and AvailableTo keep experts who said they are
	// available for the whole period.
	AvailableFrom, AvailableTo time.Time
	// Statuses, for the secretariat, lists profiles in these statuses
	// (default: approved, and pending ones for the secretariat).
	Statuses []ExpertStatus
	Offset   int
	Limit    int // 0 means 20; at most MaxExpertPage
}

// Validate checks the filter. Codes: Invalid, naming the parameter.
func (f *ExpertFilter) Validate() error {
	for _, c := range f.Countries {
		if !slices.Contains(Countries(), c) && c != "other" {
			return invalidField("country", "error.event_bad_value", c, "unknown country %q", c)
		}
	}
	for _, a := range f.Areas {
		if !slices.Contains(Areas(), a) {
			return invalidField("area", "error.event_bad_value", a, "unknown area %q", a)
		}
	}
	for _, n := range f.Articles {
		if _, ok := ArticleByNumber(n); !ok {
			return invalidField("article", "error.event_bad_value", n, "no UNCAC article %d", n)
		}
	}
	if f.Language != "" && !validLanguageCode(f.Language) {
		return invalidField("language", "error.event_bad_value", f.Language, "not a language code")
	}
	if f.MinLevel != "" && f.MinLevel.Rank() == 0 {
		return invalidField("level", "error.event_bad_value", f.MinLevel, "unknown level")
	}
	if f.IRM != "" && !slices.Contains(IRMRoles(), f.IRM) {
		return invalidField("irm", "error.event_bad_value", f.IRM, "unknown IRM role")
	}
	if f.AvailableFrom.IsZero() != f.AvailableTo.IsZero() {
		return invalidField("availableTo", "error.event_bad_value", "", "a period needs both ends")
	}
	if !f.AvailableFrom.IsZero() && f.AvailableTo.Before(f.AvailableFrom) {
		return invalidField("availableTo", "error.event_bad_value", f.AvailableTo.Format(time.DateOnly), "ends before it starts")
	}
	for _, s := range f.Statuses {
		if !slices.Contains([]ExpertStatus{ExpertPending, ExpertApproved, ExpertMerged, ExpertErased}, s) {
			return invalidField("status", "error.event_bad_value", s, "unknown status")
		}
	}
	if f.Offset < 0 || f.Limit < 0 {
		return invalidField("page", "error.event_bad_value", f.Offset, "negative paging")
	}
	return nil
}

// Matches reports whether a view (the profile as the reader sees it)
// meets the filter's conditions on the profile's fields.
func (f *ExpertFilter) Matches(v *ExpertProfile) bool {
	anyOf := func(have, want []string) bool {
		return len(want) == 0 || slices.ContainsFunc(want, func(w string) bool { return slices.Contains(have, w) })
	}
	switch {
	case !anyOf(v.Areas, f.Areas), !anyOf([]string{v.Country}, f.Countries),
		len(f.Articles) > 0 && !slices.ContainsFunc(f.Articles, func(n int) bool { return slices.Contains(v.Articles, n) }):
		return false
	}
	if f.Language != "" && v.Speaks(f.Language) < max(1, f.MinLevel.Rank()) {
		return false
	}
	if f.IRM != "" || f.HasIRM {
		if !slices.ContainsFunc(v.IRM, func(x IRMExperience) bool { return f.IRM == "" || x.Role == f.IRM }) {
			return false
		}
	}
	if !f.AvailableFrom.IsZero() {
		if ok, _ := v.AvailableFor(f.AvailableFrom, f.AvailableTo); !ok {
			return false
		}
	}
	return true
}

// ExpertVersion is one saved state of a profile in its history: who wrote
// it, when, and which fields changed from the state before.
type ExpertVersion struct {
	ExpertID string        `json:"expertId" bson:"expertId"`
	Version  int           `json:"version" bson:"version"`
	At       time.Time     `json:"at" bson:"at"`
	By       string        `json:"by" bson:"by"`
	ByName   string        `json:"byName,omitempty" bson:"byName,omitempty"`
	Action   string        `json:"action" bson:"action"`
	Changed  []ExpertField `json:"changed,omitempty" bson:"changed,omitempty"`
	Note     string        `json:"note,omitempty" bson:"note,omitempty"`
}

// ChangedFields lists the fields under consent that differ between two
// states of a profile, in ExpertFields order, then "consent" when the
// choices of visibility changed and "doNotPropose" when that wish did.
func ChangedFields(a, b *Expert) []ExpertField {
	var out []ExpertField
	for _, f := range ExpertFields() {
		if fieldValue(a, f) != fieldValue(b, f) {
			out = append(out, f)
		}
	}
	consent := func(e *Expert) string {
		var kv []string
		for _, f := range ExpertFields() {
			kv = append(kv, e.ConsentOf(f))
		}
		return strings.Join(kv, ",")
	}
	if consent(a) != consent(b) {
		out = append(out, "consent")
	}
	if a.DoNotPropose != b.DoNotPropose {
		out = append(out, "doNotPropose")
	}
	return out
}

// fieldValue is field f of e in a form that compares.
func fieldValue(e *Expert, f ExpertField) string {
	p := &e.ExpertProfile
	var v any
	switch f {
	case FieldName:
		v = []string{p.NameCyrillic, p.NameLatin}
	case FieldPhoto:
		if e.Photo != nil {
			v = e.Photo.SHA256
		}
	case FieldCountry:
		v = p.Country
	case FieldOrganization:
		v = p.Organization
	case FieldPosition:
		v = p.Position
	case FieldAreas:
		v = p.Areas
	case FieldArticles:
		v = p.Articles
	case FieldLanguages:
		v = p.Languages
	case FieldIRM:
		v = p.IRM
	case FieldMaterials:
		v = p.Materials
	case FieldBiography:
		v = p.Biography
	case FieldContact:
		v = p.Contact
	case FieldAvailability:
		v = p.Availability
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if s == "[]" || s == "{}" || s == `""` {
		s = "null"
	}
	return s
}

// ExpertInvitationStatus is where an invitation stands.
type ExpertInvitationStatus string

// Invitation statuses.
const (
	InvitationSent     ExpertInvitationStatus = "invited"
	InvitationAccepted ExpertInvitationStatus = "accepted"
	InvitationDeclined ExpertInvitationStatus = "declined"
)

// ExpertRole is the part an invited expert takes at an event.
type ExpertRole string

// Parts at events.
const (
	RoleTrainer ExpertRole = "trainer"
	RoleSpeaker ExpertRole = "speaker"
)

// ExpertInvitation is the secretariat's invitation of an expert to take a
// part at an event. Accepting it makes the expert the event's trainer (or
// speaker): the event then names them and links their profile.
type ExpertInvitation struct {
	ID         string                 `json:"id" bson:"_id"`
	ExpertID   string                 `json:"expertId" bson:"expertId"`
	EventID    string                 `json:"eventId" bson:"eventId"`
	Role       ExpertRole             `json:"role" bson:"role"`
	Status     ExpertInvitationStatus `json:"status" bson:"status"`
	Message    string                 `json:"message,omitempty" bson:"message,omitempty"`
	By         string                 `json:"by" bson:"by"`
	At         time.Time              `json:"at" bson:"at"`
	AnsweredAt *time.Time             `json:"answeredAt,omitempty" bson:"answeredAt,omitempty"`
	Seq        uint64                 `json:"-" bson:"seq"`
}

// DuplicateEvidence is one reason two profiles look like one person.
type DuplicateEvidence struct {
	// Kind is "name", "email" or "phone".
	Kind string `json:"kind"`
	// A and B are the values compared, as each profile has them.
	A string `json:"a"`
	B string `json:"b"`
}

// DuplicatePair is two profiles that look like one person, with the
// evidence.
type DuplicatePair struct {
	A        string              `json:"a"`
	B        string              `json:"b"`
	Evidence []DuplicateEvidence `json:"evidence"`
}

// ExpertDelivery is an event an expert trained or spoke at.
type ExpertDelivery struct {
	EventID string     `json:"eventId"`
	Role    ExpertRole `json:"role"`
	Start   time.Time  `json:"start"`
	End     time.Time  `json:"end"`
	Kind    EventKind  `json:"kind"`
}

// ExpertExport is everything the hub holds about one profile.
type ExpertExport struct {
	ExportedAt  time.Time           `json:"exportedAt"`
	Expert      *Expert             `json:"expert"`
	History     []ExpertVersion     `json:"history"`
	Invitations []*ExpertInvitation `json:"invitations"`
	Deliveries  []ExpertDelivery    `json:"deliveries"`
}

// ExpertService keeps the pool of experts. Every method applies the
// consent and permission rules for the user in ctx: a profile a reader may
// not see does not exist for them (NotFound), and a field they may not read
// is empty in what they get.
type ExpertService interface {
	// FindExperts returns a page of profiles as the reader sees them, by
	// name, and the number that match. Codes: Invalid.
	FindExperts(ctx context.Context, f ExpertFilter) ([]*ExpertView, int, error)
	// FindExpertByID returns a profile as the reader sees it. Codes:
	// NotFound.
	FindExpertByID(ctx context.Context, id string) (*ExpertView, error)
	// OwnExpert returns the profile of the user in ctx. Codes: NotFound
	// (they have none), Unauthorized.
	OwnExpert(ctx context.Context) (*ExpertView, error)
	// CreateExpert stores a new profile: an expert's own (pending until
	// the secretariat approves it) or one the secretariat enters (approved
	// at once). Codes: Invalid (naming the field), Unauthorized, Forbidden
	// (neither an expert nor the secretariat), Conflict (the expert has a
	// profile already).
	CreateExpert(ctx context.Context, in ExpertInput) (*Expert, error)
	// UpdateExpert replaces a profile's fields. Codes: Invalid, NotFound,
	// Unauthorized, Forbidden (not the expert nor the secretariat; audited,
	// nothing changed), Conflict (changed concurrently, or not at
	// in.IfVersion).
	UpdateExpert(ctx context.Context, id string, in ExpertInput) (*Expert, error)
	// ApproveExpert makes a pending profile visible to others. Codes:
	// NotFound, Unauthorized, Forbidden (not the secretariat), Conflict
	// (not pending).
	ApproveExpert(ctx context.Context, id string) (*Expert, error)
	// ExpertHistory lists a profile's saved states, oldest first, with
	// those of the profiles merged into it. For the expert and the
	// secretariat. Codes: NotFound, Unauthorized, Forbidden.
	ExpertHistory(ctx context.Context, id string) ([]ExpertVersion, error)
	// Deliveries lists the events the expert trained or spoke at that the
	// reader may see, latest first. Codes: NotFound.
	Deliveries(ctx context.Context, id string) ([]ExpertDelivery, error)
	// RequestExpertDeletion records the expert's wish that the profile be
	// erased. Codes: NotFound, Unauthorized, Forbidden (not the expert),
	// Invalid (reason too long).
	RequestExpertDeletion(ctx context.Context, id, reason string) error
	// EraseExpert carries out a deletion: the profile keeps only its id and
	// status, the photo is removed from the store, and the events the
	// expert taught keep "a trainer" without the name. Secretariat only.
	// Codes: NotFound, Unauthorized, Forbidden.
	EraseExpert(ctx context.Context, id string) error
	// ExportExpert returns everything the hub holds about a profile, for
	// its expert or the secretariat: the profile whole, its history, its
	// invitations and deliveries. Codes: NotFound, Unauthorized, Forbidden.
	ExportExpert(ctx context.Context, id string) (*ExpertExport, error)
	// MergeExperts merges profile drop into keep: keep gains what it
	// lacked, drop becomes merged into keep, and both histories and every
	// link (events, invitations, materials) stay. Codes: Invalid (a
	// profile merged with itself), NotFound, Unauthorized, Forbidden,
	// Conflict (either is merged or erased already).
	MergeExperts(ctx context.Context, keep, drop string) (*Expert, error)
}

// A profile is searched as one entry per tier (see ExpertSearchEntries in
// platform/indexer): the entry of a tier holds only the fields that tier
// may read, and only that tier's readers search it.

// ExpertSearchID is the id of profile id's search entry for readers of
// tier.
func ExpertSearchID(id, tier string) string { return id + "@" + tier }

// ExpertIDOfSearch returns the profile id of a search entry's id (the id
// itself when it names no tier).
func ExpertIDOfSearch(searchID string) string {
	if i := strings.LastIndexByte(searchID, '@'); i > 0 {
		return searchID[:i]
	}
	return searchID
}

// TierVisibility is the visibility of search entries that readers of tier
// alone may read: unlike Public or Members, a wider audience does not
// include a narrower one.
func TierVisibility(tier string) string { return "tier:" + tier }

// SearchVisibilities lists the visibilities of the search entries u may
// read: the records' (VisibleTo) and their own tier's entries.
func SearchVisibilities(u *User) []string { return append(VisibleTo(u), TierVisibility(Tier(u))) }

// NameMentions reports whether typed, a name as someone typed it among an
// event's trainers or speakers ("Dr. Zarina Testova", "Testova Zarina
// (UNODC)"), names the person whose names are given: every word of one of
// those names is among typed's words, whatever their case and order. An
// erasure removes such mentions, and an event page shows a linked profile
// in their place.
func NameMentions(typed string, names []string) bool {
	words := nameWords(typed)
	for _, n := range names {
		want := nameWords(n)
		if len(want) == 0 || len(want) == 1 && !slices.Equal(words, want) {
			// A one-word name mentions nobody else's name: only itself.
			continue
		}
		all := true
		for _, w := range want {
			all = all && slices.Contains(words, w)
		}
		if all {
			return true
		}
	}
	return false
}

// nameWords are the words of a name in lower case, without punctuation.
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && !strings.ContainsRune("'’ʻʼ", r)
	})
}
