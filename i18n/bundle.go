package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var localeFiles embed.FS

// Bundle holds the translated messages of every supported language. It is
// read-only once built and safe for concurrent use.
type Bundle struct {
	// messages indexes each locale's non-empty messages by id. It is the
	// source of truth for "does this language have this message", because
	// go-i18n's own lookup silently substitutes its default language.
	messages map[string]map[string]*goi18n.Message
	// localizers holds one ready Localizer per supported language.
	localizers map[string]*Localizer
}

// New returns a Bundle loaded from the locale files embedded in the binary.
func New() (*Bundle, error) {
	sub, err := fs.Sub(localeFiles, "locales")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	return newFromFS(sub)
}

// newFromFS loads every *.toml file at the root of fsys. Each file is named
// after a supported language code, either alone (en.toml) or after a
// feature name (accounts.en.toml), so that each part of the hub can keep its
// messages in files of its own; a language's files are merged, and an id
// defined twice for one language is an error. English must have messages; a
// language without a file is simply served by its fallback chain. Tests use it to build
// bundles with deliberately missing messages.
func newFromFS(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("i18n: list locale files: %w", err)
	}
	gb := goi18n.NewBundle(language.English)
	gb.RegisterUnmarshalFunc("toml", toml.Unmarshal)

	b := &Bundle{
		messages:   make(map[string]map[string]*goi18n.Message, len(names)),
		localizers: make(map[string]*Localizer, len(languages)),
	}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".toml")
		code := base[strings.LastIndex(base, ".")+1:]
		if !Supported(code) {
			return nil, fmt.Errorf("i18n: locale file %s: %q is not a supported language code", name, code)
		}
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", name, err)
		}
		file, err := gb.ParseMessageFileBytes(buf, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", name, err)
		}
		byID := b.messages[code]
		if byID == nil {
			byID = make(map[string]*goi18n.Message, len(file.Messages))
			b.messages[code] = byID
		}
		for _, m := range file.Messages {
			if _, dup := byID[m.ID]; dup {
				return nil, fmt.Errorf("i18n: %s: message %q is defined in another %s file too", name, m.ID, code)
			}
			// go-i18n treats a message without text as absent, and so do
			// we: an empty string in a locale file means "not translated".
			if !isEmpty(m) {
				byID[m.ID] = m
			}
		}
	}
	if len(b.messages[Default]) == 0 {
		return nil, fmt.Errorf("i18n: no messages for the default language %q (%s.toml)", Default, Default)
	}

	for _, l := range languages {
		loc := &Localizer{lang: l.Code}
		for _, code := range Chain(l.Code) {
			loc.steps = append(loc.steps, step{
				messages:  b.messages[code],
				localizer: goi18n.NewLocalizer(gb, code),
			})
		}
		b.localizers[l.Code] = loc
	}
	return b, nil
}

func isEmpty(m *goi18n.Message) bool {
	return m.Zero == "" && m.One == "" && m.Two == "" && m.Few == "" && m.Many == "" && m.Other == ""
}

// Localizer returns the Localizer for lang; an unsupported lang gives the
// English one.
func (b *Bundle) Localizer(lang string) *Localizer {
	if loc, ok := b.localizers[lang]; ok {
		return loc
	}
	return b.localizers[Default]
}

// Missing reports, for every locale, the message ids that English has and that locale lacks (used by the completeness test).
// Locales that lack nothing are left out, so a complete bundle gives an
// empty map; each list is sorted.
func (b *Bundle) Missing() map[string][]string {
	missing := make(map[string][]string)
	for _, l := range languages {
		if l.Code == Default {
			continue
		}
		var ids []string
		for id := range b.messages[Default] {
			if _, ok := b.messages[l.Code][id]; !ok {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			slices.Sort(ids)
			missing[l.Code] = ids
		}
	}
	return missing
}

// Localizer translates messages into one language, falling back along its
// Chain. It is read-only and safe for concurrent use.
type Localizer struct {
	lang  string
	steps []step
}

// step is one language of a Localizer's chain.
type step struct {
	messages  map[string]*goi18n.Message
	localizer *goi18n.Localizer
}

// Lang returns the code of the Localizer's language.
func (l *Localizer) Lang() string {
	return l.lang
}

// T translates a message id with optional template data; it walks Chain(lang): the first language of the chain that has the message wins (so a Kazakh reader gets Russian before English when kk lacks a string). A message id unknown everywhere returns the id itself (and never panics).
//
// Several data maps are merged, later keys winning. A template field missing
// from data renders as "<no value>", so the gap is visible but the page still
// renders.
func (l *Localizer) T(id string, data ...map[string]any) string {
	var td map[string]any
	switch len(data) {
	case 0:
	case 1:
		td = data[0]
	default:
		td = merge(data)
	}
	return l.localize(id, nil, td)
}

// N is T with CLDR plural selection on count n (go-i18n PluralCount); data gets "Count": n added.
// The caller's maps are not modified.
func (l *Localizer) N(id string, n int, data ...map[string]any) string {
	td := merge(data)
	td["Count"] = n
	return l.localize(id, n, td)
}

func merge(data []map[string]any) map[string]any {
	merged := make(map[string]any)
	for _, d := range data {
		maps.Copy(merged, d)
	}
	return merged
}

// localize renders id in the first language of the chain that has it. Each
// language is asked through its own go-i18n Localizer, so the plural rules
// are those of the language whose text is shown (a Kazakh reader who falls
// back to Russian gets Russian plural forms).
func (l *Localizer) localize(id string, count any, data map[string]any) string {
	for _, s := range l.steps {
		if _, ok := s.messages[id]; !ok {
			continue
		}
		msg, err := s.localizer.Localize(&goi18n.LocalizeConfig{
			MessageID:    id,
			TemplateData: data,
			PluralCount:  count,
		})
		if err == nil {
			return msg
		}
		// Not found should not happen after the index check, but if go-i18n
		// disagrees, it has substituted English; keep walking our chain.
		var notFound *goi18n.MessageNotFoundErr
		if errors.As(err, &notFound) {
			continue
		}
		// Other errors still come with go-i18n's best effort when there is
		// one, e.g. the "other" form when the needed plural form is missing.
		if msg != "" {
			return msg
		}
		// A template that does not execute in this language: let the next
		// language of the chain answer.
	}
	return id
}
