package platform

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Translation is one language's text of a record.
type Translation struct {
	Title   string `json:"title" bson:"title"`
	Summary string `json:"summary,omitempty" bson:"summary,omitempty"`
	Body    string `json:"body,omitempty" bson:"body,omitempty"`
}

// Document is a library record: a law, a model law, a training material…
type Document struct {
	ID            string                 `json:"id" bson:"_id"`
	Kind          string                 `json:"kind" bson:"kind"`
	Countries     []string               `json:"countries" bson:"countries"`
	Areas         []string               `json:"areas" bson:"areas"`
	UncacArticles []int                  `json:"uncacArticles" bson:"uncacArticles"`
	Visibility    string                 `json:"visibility" bson:"visibility"`
	Translations  map[string]Translation `json:"translations" bson:"translations"`
	CreatedAt     time.Time              `json:"createdAt" bson:"createdAt"`
	UpdatedAt     time.Time              `json:"updatedAt" bson:"updatedAt"`
	CreatedBy     string                 `json:"createdBy,omitempty" bson:"createdBy,omitempty"`
	Version       int                    `json:"version" bson:"version"`
	// Seq is the change-log sequence of the write that produced this state.
	Seq uint64 `json:"-" bson:"seq"`
}

// DocumentInput is what a client sends to create or replace a document.
type DocumentInput struct {
	Kind          string                 `json:"kind"`
	Countries     []string               `json:"countries"`
	Areas         []string               `json:"areas"`
	UncacArticles []int                  `json:"uncacArticles"`
	Visibility    string                 `json:"visibility"`
	Translations  map[string]Translation `json:"translations"`
}

// DocumentFilter selects documents for a list.
type DocumentFilter struct {
	IDs       []string
	Kinds     []string
	Countries []string
	Areas     []string
	Articles  []int
	Offset    int
	Limit     int // 0 means the default, 20; at most 100
}

// DocumentService keeps the library's documents. Every method applies the
// visibility and permission rules for the user in ctx (see UserFromContext).
type DocumentService interface {
	// FindDocumentByID returns a document. Codes: NotFound (also for a
	// document the user may not see).
	FindDocumentByID(ctx context.Context, id string) (*Document, error)
	// FindDocuments returns a page of documents, newest first, and the total
	// number that match.
	FindDocuments(ctx context.Context, f DocumentFilter) ([]*Document, int, error)
	// CreateDocument validates and stores a new document. Codes: Invalid,
	// Unauthorized, Forbidden.
	CreateDocument(ctx context.Context, in DocumentInput) (*Document, error)
	// UpdateDocument replaces a document's fields. Codes: Invalid, NotFound,
	// Unauthorized, Forbidden, Conflict (changed concurrently).
	UpdateDocument(ctx context.Context, id string, in DocumentInput) (*Document, error)
	// DeleteDocument removes a document. Codes: NotFound, Unauthorized, Forbidden.
	DeleteDocument(ctx context.Context, id string) error
}

// Limits on document fields, so that a record stays a sensible size.
const (
	MaxTitleLen   = 1000
	MaxSummaryLen = 10_000
	MaxBodyLen    = 2_000_000
)

// Normalize trims and de-duplicates the input's lists and texts in place.
func (in *DocumentInput) Normalize() {
	in.Kind = strings.TrimSpace(in.Kind)
	in.Visibility = strings.TrimSpace(in.Visibility)
	if in.Visibility == "" {
		in.Visibility = Public
	}
	in.Countries = normalizeCodes(in.Countries, strings.ToUpper)
	in.Areas = normalizeCodes(in.Areas, func(s string) string { return s })
	slices.Sort(in.UncacArticles)
	in.UncacArticles = slices.Compact(in.UncacArticles)
	for lang, t := range in.Translations {
		t.Title = strings.TrimSpace(t.Title)
		t.Summary = strings.TrimSpace(t.Summary)
		t.Body = strings.TrimSpace(t.Body)
		if t.Title == "" && t.Summary == "" && t.Body == "" {
			delete(in.Translations, lang)
			continue
		}
		in.Translations[lang] = t
	}
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

// Validate checks the input against the taxonomies and limits. Call
// Normalize first. The error is Invalid, with a message id for the reader.
func (in *DocumentInput) Validate() error {
	if !slices.Contains(DocumentKinds, in.Kind) {
		return Localized(Invalid, "error.bad_kind", map[string]any{"Value": in.Kind}, "unknown document kind %q", in.Kind)
	}
	for _, c := range in.Countries {
		if !slices.Contains(Countries, c) && c != "other" {
			return Localized(Invalid, "error.bad_country", map[string]any{"Value": c}, "unknown country %q", c)
		}
	}
	for _, a := range in.Areas {
		if !slices.Contains(Areas, a) {
			return Localized(Invalid, "error.bad_area", map[string]any{"Value": a}, "unknown area %q", a)
		}
	}
	for _, n := range in.UncacArticles {
		if _, ok := ArticleByNumber(n); !ok {
			return Localized(Invalid, "error.bad_article", map[string]any{"Value": n}, "no UNCAC article %d", n)
		}
	}
	if !slices.Contains(Visibilities, in.Visibility) {
		return Localized(Invalid, "error.bad_visibility", map[string]any{"Value": in.Visibility}, "unknown visibility %q", in.Visibility)
	}
	hasTitle := false
	for lang, t := range in.Translations {
		if !ValidLanguage(lang) {
			return Localized(Invalid, "error.bad_language", map[string]any{"Value": lang}, "unsupported language %q", lang)
		}
		for _, f := range []struct {
			name, value string
			max         int
		}{{"title", t.Title, MaxTitleLen}, {"summary", t.Summary, MaxSummaryLen}, {"body", t.Body, MaxBodyLen}} {
			if !utf8.ValidString(f.value) {
				return Localized(Invalid, "error.invalid", map[string]any{"Detail": lang + "." + f.name + ": invalid UTF-8"}, "%s.%s is not valid UTF-8", lang, f.name)
			}
			if utf8.RuneCountInString(f.value) > f.max {
				detail := lang + "." + f.name + " > " + strconv.Itoa(f.max)
				return Localized(Invalid, "error.invalid", map[string]any{"Detail": detail}, "%s.%s is longer than %d characters", lang, f.name, f.max)
			}
		}
		if t.Title != "" {
			hasTitle = true
		}
	}
	if !hasTitle {
		return Localized(Invalid, "error.missing_title", nil, "a title is required in at least one language")
	}
	return nil
}

// Title returns the document's title in the first language of chain that
// has one, with that language; or any title when none of chain has one.
func (d *Document) Title(chain []string) (string, string) {
	return PickText(d.Translations, chain, func(t Translation) string { return t.Title })
}

// PickText returns field of the first translation along chain that has it,
// with its language, then of any translation in Languages order.
func PickText(tr map[string]Translation, chain []string, field func(Translation) string) (string, string) {
	for _, lang := range chain {
		if t, ok := tr[lang]; ok && field(t) != "" {
			return field(t), lang
		}
	}
	for _, lang := range Languages {
		if t, ok := tr[lang]; ok && field(t) != "" {
			return field(t), lang
		}
	}
	return "", ""
}
