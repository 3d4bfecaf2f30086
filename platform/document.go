package platform

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Translation is one language's text of a record.
type Translation struct {
	Title   string `json:"title" bson:"title"`
	Summary string `json:"summary,omitempty" bson:"summary,omitempty"`
	// Body is Markdown; pages render it sanitized.
	Body string `json:"body,omitempty" bson:"body,omitempty"`
	// IssuingBody names the authority that issued a document (parliament,
	// ministry, agency), in this language. Only documents use it.
	IssuingBody string `json:"issuingBody,omitempty" bson:"issuingBody,omitempty"`
}

// DocumentStatus is where a law or other instrument stands. Other records'
// statuses (a commitment's, a registration's) are types of their own.
type DocumentStatus string

// Document statuses.
const (
	DocumentDraft    DocumentStatus = "draft"
	DocumentInForce  DocumentStatus = "in_force"
	DocumentAmended  DocumentStatus = "amended"
	DocumentRepealed DocumentStatus = "repealed"
)

// DocumentStatuses lists the statuses a document may have; a document may
// also have none (a training material has no legal status).
func DocumentStatuses() []DocumentStatus {
	return []DocumentStatus{DocumentDraft, DocumentInForce, DocumentAmended, DocumentRepealed}
}

// RelationType is how a document stands to another.
type RelationType string

// Relation types.
const (
	RelAmends        RelationType = "amends"
	RelRepeals       RelationType = "repeals"
	RelImplements    RelationType = "implements"
	RelTranslationOf RelationType = "translation_of"
)

// RelationTypes lists the relation types.
func RelationTypes() []RelationType {
	return []RelationType{RelAmends, RelRepeals, RelImplements, RelTranslationOf}
}

// Relation ties a document to another document of the library.
type Relation struct {
	Type   RelationType `json:"type" bson:"type"`
	Target string       `json:"target" bson:"target"`
}

// ProvisionText is one language's text of a provision.
type ProvisionText struct {
	Title string `json:"title,omitempty" bson:"title,omitempty"`
	Body  string `json:"body,omitempty" bson:"body,omitempty"`
}

// Provision is one article or provision of a law, with its own address
// (/{lang}/library/{id}/p/{key}) and its own UNCAC tags.
type Provision struct {
	// Key is a stable slug that addresses the provision ("art-5").
	Key string `json:"key" bson:"key"`
	// Number is the provision's number as the law writes it ("5", "12-1").
	Number        string                   `json:"number,omitempty" bson:"number,omitempty"`
	UncacArticles []int                    `json:"uncacArticles" bson:"uncacArticles"`
	Translations  map[string]ProvisionText `json:"translations" bson:"translations"`
}

// Document is a library record: a law, a model law, a training material…
type Document struct {
	ID            string   `json:"id" bson:"_id"`
	Kind          string   `json:"kind" bson:"kind"`
	Countries     []string `json:"countries" bson:"countries"`
	Areas         []string `json:"areas" bson:"areas"`
	UncacArticles []int    `json:"uncacArticles" bson:"uncacArticles"`
	// UncacParagraphs are finer tags such as "8(5)"; each one's article is
	// also in UncacArticles.
	UncacParagraphs []string `json:"uncacParagraphs" bson:"uncacParagraphs"`
	Visibility      string   `json:"visibility" bson:"visibility"`
	// Adopted, InForce and StatusDate are calendar dates, "YYYY-MM-DD".
	Adopted      string                 `json:"adopted,omitempty" bson:"adopted,omitempty"`
	InForce      string                 `json:"inForce,omitempty" bson:"inForce,omitempty"`
	Status       DocumentStatus         `json:"status,omitempty" bson:"status,omitempty"`
	StatusDate   string                 `json:"statusDate,omitempty" bson:"statusDate,omitempty"`
	Relations    []Relation             `json:"relations" bson:"relations"`
	Provisions   []Provision            `json:"provisions" bson:"provisions"`
	Translations map[string]Translation `json:"translations" bson:"translations"`
	CreatedAt    time.Time              `json:"createdAt" bson:"createdAt"`
	UpdatedAt    time.Time              `json:"updatedAt" bson:"updatedAt"`
	// CreatedBy and UpdatedBy are the ids of the users who created the
	// document and saved its current version: signed-in members only see
	// them (see ForReader).
	CreatedBy string `json:"createdBy,omitempty" bson:"createdBy,omitempty"`
	UpdatedBy string `json:"updatedBy,omitempty" bson:"updatedBy,omitempty"`
	Version   int    `json:"version" bson:"version"`
	// Seq is the change-log sequence of the write that produced this state.
	Seq uint64 `json:"-" bson:"seq"`
}

// DocumentInput is what a client sends to create or replace a document.
type DocumentInput struct {
	Kind            string                 `json:"kind"`
	Countries       []string               `json:"countries"`
	Areas           []string               `json:"areas"`
	UncacArticles   []int                  `json:"uncacArticles"`
	UncacParagraphs []string               `json:"uncacParagraphs"`
	Visibility      string                 `json:"visibility"`
	Adopted         string                 `json:"adopted"`
	InForce         string                 `json:"inForce"`
	Status          DocumentStatus         `json:"status"`
	StatusDate      string                 `json:"statusDate"`
	Relations       []Relation             `json:"relations"`
	Provisions      []Provision            `json:"provisions"`
	Translations    map[string]Translation `json:"translations"`
	// IfVersion, when not 0, makes an update succeed only if the document
	// is still at that version (an edit form or an If-Match header).
	IfVersion int `json:"-"`
}

// DocumentFilter selects documents for a list.
type DocumentFilter struct {
	IDs       []string
	Kinds     []string
	Countries []string
	Areas     []string
	Articles  []int
	// RelatedTo selects the documents with a relation to this document.
	RelatedTo string
	Offset    int
	Limit     int // 0 means the default, 20; at most 100
}

// DocumentVersion describes one version of a document.
type DocumentVersion struct {
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updatedAt"`
	// UpdatedBy is the id of the user who saved the version, and
	// UpdatedByName their name (as their account has it now): signed-in
	// members only see them (see ForReader).
	UpdatedBy     string `json:"updatedBy,omitempty"`
	UpdatedByName string `json:"updatedByName,omitempty"`
	// Current is true for the document as it is now.
	Current bool `json:"current"`
}

// ForReader returns the document as u (nil: anonymous) may see it. Who
// created it and who saved its current version (CreatedBy, UpdatedBy) are
// for the platform's signed-in members only: a member may need to ask the
// author, while a user id lets a stranger tell accounts apart and follow
// what one person writes. A document is returned as it is to a member, and
// as a copy without those fields to anyone else, so that a caller's own
// copy (an edit's) keeps them.
func (d *Document) ForReader(u *User) *Document {
	if CanSee(u, Members) {
		return d
	}
	c := *d
	c.CreatedBy, c.UpdatedBy = "", ""
	return &c
}

// ForReader returns the version as u (nil: anonymous) may see it: who
// saved it (UpdatedBy, UpdatedByName) is for signed-in members only, as for
// Document.ForReader.
func (v DocumentVersion) ForReader(u *User) DocumentVersion {
	if !CanSee(u, Members) {
		v.UpdatedBy, v.UpdatedByName = "", ""
	}
	return v
}

// DocumentService keeps the library's documents. Every method applies the
// visibility and permission rules for the user in ctx (see UserFromContext),
// and gives documents and versions as that user may see them (authors to
// signed-in members only: Document.ForReader, DocumentVersion.ForReader).
type DocumentService interface {
	// FindDocumentByID returns a document. Codes: NotFound (also for a
	// document the user may not see).
	FindDocumentByID(ctx context.Context, id string) (*Document, error)
	// FindDocuments returns a page of documents, newest first, and the total
	// number that match.
	FindDocuments(ctx context.Context, f DocumentFilter) ([]*Document, int, error)
	// CreateDocument validates and stores a new document. Codes: Invalid,
	// Unauthorized, Forbidden (including a visibility the user may not give:
	// CanGiveVisibility).
	CreateDocument(ctx context.Context, in DocumentInput) (*Document, error)
	// UpdateDocument replaces a document's fields, keeping the previous
	// state as a version. Codes: Invalid, NotFound, Unauthorized, Forbidden
	// (as for CreateDocument), Conflict (changed concurrently, or not at
	// in.IfVersion).
	UpdateDocument(ctx context.Context, id string, in DocumentInput) (*Document, error)
	// DeleteDocument removes a document and its attachments. Codes:
	// NotFound, Unauthorized, Forbidden.
	DeleteDocument(ctx context.Context, id string) error
	// FindDocumentVersions lists a document's versions, newest (the current
	// one) first; versions the user may not see are left out. Members are
	// told who saved each (id and name). Codes: NotFound.
	FindDocumentVersions(ctx context.Context, id string) ([]DocumentVersion, error)
	// FindDocumentVersion returns a document as it was at a version (the
	// current document for its current version). Codes: NotFound.
	FindDocumentVersion(ctx context.Context, id string, version int) (*Document, error)
}

// Limits on document fields, so that a record stays a sensible size (MongoDB
// refuses records over 16 MB).
const (
	MaxTitleLen       = 1000
	MaxSummaryLen     = 10_000
	MaxBodyLen        = 2_000_000
	MaxIssuingBodyLen = 1000
	MaxProvisions     = 1000
	MaxProvisionBody  = 100_000
	MaxRelations      = 100
	MaxParagraphs     = 200
	// MaxDocumentBytes bounds the text of a whole document, all languages
	// and provisions together.
	MaxDocumentBytes = 12 << 20
)

// ValidRecordID reports whether id has the form of a record id (24 lower-case
// hex digits), so that garbage never reaches the database.
func ValidRecordID(id string) bool {
	if len(id) != 24 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// paragraphRe is an UNCAC paragraph reference: an article number followed by
// one or more parenthesised paragraph or subparagraph marks, "8(5)",
// "52(1)(a)".
var paragraphRe = regexp.MustCompile(`^([1-9][0-9]?)((\([0-9a-z]{1,3}\))+)$`)

// ParseParagraph checks an UNCAC paragraph reference and returns it in its
// normal form (no spaces, lower case) with its article number.
func ParseParagraph(s string) (string, int, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	m := paragraphRe.FindStringSubmatch(s)
	if m == nil {
		return s, 0, false
	}
	n, _ := strconv.Atoi(m[1])
	if _, ok := ArticleByNumber(n); !ok {
		return s, n, false
	}
	return s, n, true
}

// provisionKeyRe is a provision key: lower-case letters and digits in
// groups joined by single hyphens.
var provisionKeyRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidProvisionKey reports whether key can address a provision.
func ValidProvisionKey(key string) bool { return len(key) <= 64 && provisionKeyRe.MatchString(key) }

// ValidDate reports whether s is a calendar date "YYYY-MM-DD".
func ValidDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// The dates a record may carry: from 1 January of EarliestYear to
// MaxYearsAhead years after today. "0000-01-01" parses, but it is a slip,
// and it would give the library a year facet "0" that filters nothing.
const (
	EarliestYear  = 1900
	MaxYearsAhead = 10
)

// DateBounds returns the first and the last plausible date on the day now.
func DateBounds(now time.Time) (first, last time.Time) {
	first = time.Date(EarliestYear, time.January, 1, 0, 0, 0, 0, time.UTC)
	y, m, d := now.UTC().AddDate(MaxYearsAhead, 0, 0).Date()
	return first, time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(24*time.Hour - time.Nanosecond)
}

// checkDateRange refuses (Invalid, with messageID naming the field for the
// reader) a date outside DateBounds(now).
func checkDateRange(field, messageID string, t, now time.Time) error {
	first, last := DateBounds(now)
	if !t.Before(first) && !t.After(last) {
		return nil
	}
	value := t.UTC().Format(time.DateOnly)
	if t.Year() < 0 || t.Year() > 9999 {
		value = strconv.Itoa(t.Year())
	}
	return Localized(Invalid, messageID, map[string]any{
		"Field": field, "Value": value, "Min": first.Format(time.DateOnly), "Max": last.Format(time.DateOnly),
	}, "%s %s is outside %s to %s", field, value, first.Format(time.DateOnly), last.Format(time.DateOnly))
}

// Normalize trims and de-duplicates the input's lists and texts in place,
// and adds to UncacArticles the articles of its paragraphs and provisions.
func (in *DocumentInput) Normalize() {
	in.Kind = strings.TrimSpace(in.Kind)
	in.Visibility = strings.TrimSpace(in.Visibility)
	if in.Visibility == "" {
		in.Visibility = Public
	}
	in.Countries = normalizeCodes(in.Countries, func(s string) string {
		if s = strings.ToUpper(s); s == "OTHER" {
			return "other"
		}
		return s
	})
	in.Areas = normalizeCodes(in.Areas, func(s string) string { return s })
	in.Adopted, in.InForce = strings.TrimSpace(in.Adopted), strings.TrimSpace(in.InForce)
	in.Status, in.StatusDate = DocumentStatus(strings.TrimSpace(string(in.Status))), strings.TrimSpace(in.StatusDate)
	var paragraphs []string
	for _, p := range in.UncacParagraphs {
		norm, n, ok := ParseParagraph(p)
		if norm == "" {
			continue
		}
		if ok {
			in.UncacArticles = append(in.UncacArticles, n)
		}
		if !slices.Contains(paragraphs, norm) {
			paragraphs = append(paragraphs, norm)
		}
	}
	slices.SortFunc(paragraphs, compareParagraphs)
	in.UncacParagraphs = paragraphs
	var rels []Relation
	for _, r := range in.Relations {
		r.Type, r.Target = RelationType(strings.TrimSpace(string(r.Type))), strings.ToLower(strings.TrimSpace(r.Target))
		if !slices.Contains(rels, r) {
			rels = append(rels, r)
		}
	}
	in.Relations = rels
	for i := range in.Provisions {
		p := &in.Provisions[i]
		p.Key = strings.ToLower(strings.TrimSpace(p.Key))
		p.Number = strings.TrimSpace(p.Number)
		slices.Sort(p.UncacArticles)
		p.UncacArticles = slices.Compact(p.UncacArticles)
		if p.UncacArticles == nil {
			p.UncacArticles = []int{}
		}
		for lang, t := range p.Translations {
			t.Title, t.Body = CleanLine(t.Title), CleanText(t.Body)
			if t.Title == "" && t.Body == "" {
				delete(p.Translations, lang)
				continue
			}
			p.Translations[lang] = t
		}
		in.UncacArticles = append(in.UncacArticles, p.UncacArticles...)
	}
	slices.Sort(in.UncacArticles)
	in.UncacArticles = slices.Compact(in.UncacArticles)
	for lang, t := range in.Translations {
		t.Title = CleanLine(t.Title)
		t.Summary = CleanText(t.Summary)
		t.Body = CleanText(t.Body)
		t.IssuingBody = CleanLine(t.IssuingBody)
		if t.Title == "" && t.Summary == "" && t.Body == "" && t.IssuingBody == "" {
			delete(in.Translations, lang)
			continue
		}
		in.Translations[lang] = t
	}
}

// CleanText prepares a multi-line text for storage: NFC, line ends as \n,
// no control characters but newline and tab, no bidirectional override or
// isolate characters (which can disguise what a text says), no zero-width or
// other invisible characters at its ends.
func CleanText(s string) string {
	s = norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, s)
	return strings.TrimFunc(s, invisible)
}

// CleanLine is CleanText for a one-line field (a title, a name): line
// breaks and tabs become spaces, and a line with no letter or digit at all
// (only spaces, marks or invisible characters) is empty.
func CleanLine(s string) string {
	s = strings.Join(strings.Fields(CleanText(s)), " ")
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return strings.TrimFunc(s, invisible)
		}
	}
	return ""
}

// invisible reports characters that show nothing: spaces, format characters
// (zero-width space and joiners, soft hyphen, BOM) and lone combining marks.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r)
}

// compareParagraphs orders paragraph references by article number, then as
// text, so that "8(5)" comes before "12(1)".
func compareParagraphs(a, b string) int {
	na, _ := strconv.Atoi(a[:strings.IndexByte(a+"(", '(')])
	nb, _ := strconv.Atoi(b[:strings.IndexByte(b+"(", '(')])
	if na != nb {
		return na - nb
	}
	return strings.Compare(a, b)
}

func normalizeCodes(in []string, norm func(string) string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = norm(strings.TrimSpace(s))
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// textField is one text of the input with its limit, for validation.
type textField struct {
	name, value string
	max         int
}

func checkText(f textField) error {
	if !utf8.ValidString(f.value) {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": f.name + ": invalid UTF-8"}, "%s is not valid UTF-8", f.name)
	}
	if utf8.RuneCountInString(f.value) > f.max {
		detail := f.name + " > " + strconv.Itoa(f.max)
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": detail}, "%s is longer than %d characters", f.name, f.max)
	}
	return nil
}

// Validate checks the input against the taxonomies and limits. Call
// Normalize first. The error is Invalid, with a message id for the reader.
// Whether relation targets exist is for the service to check.
func (in *DocumentInput) Validate() error {
	if !slices.Contains(DocumentKinds(), in.Kind) {
		return Localized(Invalid, "error.bad_kind", map[string]any{"Value": in.Kind}, "unknown document kind %q", in.Kind)
	}
	for _, c := range in.Countries {
		if !slices.Contains(Countries(), c) && c != "other" {
			return Localized(Invalid, "error.bad_country", map[string]any{"Value": c}, "unknown country %q", c)
		}
	}
	for _, a := range in.Areas {
		if !slices.Contains(Areas(), a) {
			return Localized(Invalid, "error.bad_area", map[string]any{"Value": a}, "unknown area %q", a)
		}
	}
	for _, n := range in.UncacArticles {
		if _, ok := ArticleByNumber(n); !ok {
			return Localized(Invalid, "error.bad_article", map[string]any{"Value": n}, "no UNCAC article %d", n)
		}
	}
	if len(in.UncacParagraphs) > MaxParagraphs {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": "uncacParagraphs > " + strconv.Itoa(MaxParagraphs)}, "too many paragraphs")
	}
	for _, p := range in.UncacParagraphs {
		if _, _, ok := ParseParagraph(p); !ok {
			return Localized(Invalid, "error.doc_bad_paragraph", map[string]any{"Value": p}, "bad UNCAC paragraph %q", p)
		}
	}
	if !slices.Contains(Visibilities(), in.Visibility) {
		return Localized(Invalid, "error.bad_visibility", map[string]any{"Value": in.Visibility}, "unknown visibility %q", in.Visibility)
	}
	now := time.Now()
	for _, f := range []struct{ name, value, rangeID string }{
		{"adopted", in.Adopted, "error.doc_adopted_out_of_range"},
		{"inForce", in.InForce, "error.doc_in_force_out_of_range"},
		{"statusDate", in.StatusDate, "error.doc_status_date_out_of_range"},
	} {
		if f.value == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, f.value)
		if err != nil {
			return Localized(Invalid, "error.doc_bad_date", map[string]any{"Field": f.name, "Value": f.value}, "%s %q is not a date YYYY-MM-DD", f.name, f.value)
		}
		if err := checkDateRange(f.name, f.rangeID, t, now); err != nil {
			return err
		}
	}
	if in.Status != "" && !slices.Contains(DocumentStatuses(), in.Status) {
		return Localized(Invalid, "error.doc_bad_status", map[string]any{"Value": in.Status}, "unknown status %q", in.Status)
	}
	if in.StatusDate != "" && in.Status == "" {
		return Localized(Invalid, "error.doc_status_date_alone", nil, "a status date needs a status")
	}
	if len(in.Relations) > MaxRelations {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": "relations > " + strconv.Itoa(MaxRelations)}, "too many relations")
	}
	for _, r := range in.Relations {
		if !slices.Contains(RelationTypes(), r.Type) {
			return Localized(Invalid, "error.doc_bad_relation", map[string]any{"Value": r.Type}, "unknown relation type %q", r.Type)
		}
		if !ValidRecordID(r.Target) {
			return Localized(Invalid, "error.doc_bad_target", map[string]any{"Value": r.Target}, "relation target %q is not a document id", r.Target)
		}
	}
	size := 0
	hasTitle := false
	for lang, t := range in.Translations {
		if !ValidLanguage(lang) {
			return Localized(Invalid, "error.bad_language", map[string]any{"Value": lang}, "unsupported language %q", lang)
		}
		for _, f := range []textField{
			{lang + ".title", t.Title, MaxTitleLen}, {lang + ".summary", t.Summary, MaxSummaryLen},
			{lang + ".body", t.Body, MaxBodyLen}, {lang + ".issuingBody", t.IssuingBody, MaxIssuingBodyLen},
		} {
			if err := checkText(f); err != nil {
				return err
			}
			size += len(f.value)
		}
		if t.Title != "" {
			hasTitle = true
		}
	}
	if !hasTitle {
		return Localized(Invalid, "error.missing_title", nil, "a title is required in at least one language")
	}
	if err := in.validateProvisions(&size); err != nil {
		return err
	}
	if size > MaxDocumentBytes {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": fmt.Sprintf("text > %d MB", MaxDocumentBytes>>20)}, "document text over %d bytes", MaxDocumentBytes)
	}
	return nil
}

func (in *DocumentInput) validateProvisions(size *int) error {
	if len(in.Provisions) > MaxProvisions {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": "provisions > " + strconv.Itoa(MaxProvisions)}, "too many provisions")
	}
	keys := make(map[string]bool, len(in.Provisions))
	for _, p := range in.Provisions {
		if !ValidProvisionKey(p.Key) {
			return Localized(Invalid, "error.doc_bad_provision_key", map[string]any{"Value": p.Key}, "bad provision key %q", p.Key)
		}
		if keys[p.Key] {
			return Localized(Invalid, "error.doc_duplicate_provision", map[string]any{"Value": p.Key}, "provision key %q used twice", p.Key)
		}
		keys[p.Key] = true
		if err := checkText(textField{"provisions." + p.Key + ".number", p.Number, 20}); err != nil {
			return err
		}
		for _, n := range p.UncacArticles {
			if _, ok := ArticleByNumber(n); !ok {
				return Localized(Invalid, "error.bad_article", map[string]any{"Value": n}, "no UNCAC article %d", n)
			}
		}
		if len(p.Translations) == 0 {
			return Localized(Invalid, "error.doc_empty_provision", map[string]any{"Value": p.Key}, "provision %q has no text", p.Key)
		}
		for lang, t := range p.Translations {
			if !ValidLanguage(lang) {
				return Localized(Invalid, "error.bad_language", map[string]any{"Value": lang}, "unsupported language %q", lang)
			}
			prefix := "provisions." + p.Key + "." + lang
			for _, f := range []textField{{prefix + ".title", t.Title, MaxTitleLen}, {prefix + ".body", t.Body, MaxProvisionBody}} {
				if err := checkText(f); err != nil {
					return err
				}
				*size += len(f.value)
			}
		}
	}
	return nil
}

// Title returns the document's title in the first language of chain that
// has one, with that language; or any title when none of chain has one.
func (d *Document) Title(chain []string) (string, string) {
	return PickText(d.Translations, chain, func(t Translation) string { return t.Title })
}

// Provision returns the document's provision with the given key.
func (d *Document) Provision(key string) (*Provision, bool) {
	for i := range d.Provisions {
		if d.Provisions[i].Key == key {
			return &d.Provisions[i], true
		}
	}
	return nil, false
}

// Input returns the document's fields as an input, for an edit that changes
// only some of them.
func (d *Document) Input() DocumentInput {
	tr := make(map[string]Translation, len(d.Translations))
	for k, v := range d.Translations {
		tr[k] = v
	}
	return DocumentInput{
		Kind: d.Kind, Countries: slices.Clone(d.Countries), Areas: slices.Clone(d.Areas),
		UncacArticles: slices.Clone(d.UncacArticles), UncacParagraphs: slices.Clone(d.UncacParagraphs),
		Visibility: d.Visibility, Adopted: d.Adopted, InForce: d.InForce, Status: d.Status, StatusDate: d.StatusDate,
		Relations: slices.Clone(d.Relations), Provisions: slices.Clone(d.Provisions), Translations: tr,
	}
}

// ProvisionID is the search id of a document's provision.
func ProvisionID(docID, key string) string { return docID + "/p/" + key }

// SplitProvisionID splits a provision's search id into the document id and
// the provision key.
func SplitProvisionID(id string) (docID, key string, ok bool) {
	docID, key, ok = strings.Cut(id, "/p/")
	return docID, key, ok && ValidRecordID(docID) && ValidProvisionKey(key)
}

// PickText returns field of the first translation along chain that has it,
// with its language, then of any translation in Languages order.
func PickText[T any](tr map[string]T, chain []string, field func(T) string) (string, string) {
	for _, lang := range chain {
		if t, ok := tr[lang]; ok && field(t) != "" {
			return field(t), lang
		}
	}
	for _, lang := range Languages() {
		if t, ok := tr[lang]; ok && field(t) != "" {
			return field(t), lang
		}
	}
	return "", ""
}

// Validate refuses a filter value no document can have, naming the
// parameter and the value (a typing error is told, not answered with an
// empty list).
func (f *DocumentFilter) Validate() error {
	q := SearchQuery{Kinds: f.Kinds, Countries: f.Countries, Areas: f.Areas}
	for _, k := range f.Kinds {
		if !slices.Contains(DocumentKinds(), k) {
			return Localized(Invalid, "error.invalid", map[string]any{"Detail": "kind=" + k}, "bad kind %v", k)
		}
	}
	for _, n := range f.Articles {
		if _, ok := ArticleByNumber(n); !ok {
			return Localized(Invalid, "error.bad_article", map[string]any{"Value": n}, "no UNCAC article %d", n)
		}
	}
	return q.checkFilters()
}
