// Package i18n holds the hub's seven languages: which ones exist, how a
// request's language is chosen, and the translated interface strings.
//
// Message files live in locales/<code>.toml and are embedded in the binary.
// English is the reference: every other locale must have every English id
// (the tests enforce it). When a string is missing anyway, a reader of one of
// the Central Asian languages gets Russian before English, because Russian is
// the language the region's officials share (see Chain).
package i18n

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// Language is a supported UI/content language.
type Language struct {
	// Code is the ISO 639-1 code used in URLs, cookies and message files.
	Code string
	// Name is the language's name in itself, as shown in the language switcher.
	Name string
	// EnglishName is the language's name in English, for logs and admin pages.
	EnglishName string
}

// Default is the code of the language used when nothing better is known.
const Default = "en"

// languages is the fixed table behind Languages, Supported, Chain and
// Negotiate; its order is the switcher's order.
var languages = [...]Language{
	{Code: "en", Name: "English", EnglishName: "English"},
	{Code: "ru", Name: "Русский", EnglishName: "Russian"},
	{Code: "kk", Name: "Қазақша", EnglishName: "Kazakh"},
	{Code: "ky", Name: "Кыргызча", EnglishName: "Kyrgyz"},
	{Code: "tg", Name: "Тоҷикӣ", EnglishName: "Tajik"},
	{Code: "tk", Name: "Türkmençe", EnglishName: "Turkmen"},
	{Code: "uz", Name: "Oʻzbekcha", EnglishName: "Uzbek"},
}

// supported holds the tags of languages, in the same order, and matcher
// matches requested tags against them. Both are immutable after
// initialisation; a Matcher is safe for concurrent use.
var (
	supported = supportedTags()
	matcher   = language.NewMatcher(supported)
)

func supportedTags() []language.Tag {
	tags := make([]language.Tag, len(languages))
	for i, l := range languages {
		tags[i] = language.MustParse(l.Code)
	}
	return tags
}

// Languages returns the supported languages in the order en ru kk ky tg tk uz.
// The slice is a fresh copy; callers may modify it.
func Languages() []Language {
	return slices.Clone(languages[:])
}

// Name is a language's name in itself ("Қазақша"), or code when it is not
// one of the supported languages.
func Name(code string) string {
	for _, l := range languages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// Supported reports whether code is exactly one of the supported language
// codes. It does not normalise: "RU" and "ru-RU" are not supported codes (use
// Negotiate to turn user input into one).
func Supported(code string) bool {
	for _, l := range languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Chain returns the fallback chain for a language: kk,ky,tg,tk,uz -> [x, "ru", "en"]; ru -> [ru en]; en -> [en]; unsupported -> [en].
// The slice is a fresh copy.
func Chain(code string) []string {
	switch {
	case code == Default || !Supported(code):
		return []string{Default}
	case code == "ru":
		return []string{"ru", Default}
	default:
		return []string{code, "ru", Default}
	}
}

// Limits on the Accept-Language header. Browsers send a handful of entries;
// anything beyond these bounds is not a real preference list, and the bounds
// keep the parsing cost of a hostile header small.
const (
	maxAcceptLanguageLen     = 4096
	maxAcceptLanguageEntries = 32
	maxTagLen                = 64
)

// Negotiate picks the language from (in order) a URL prefix value, a cookie
// value, and an Accept-Language header, using golang.org/x/text/language
// Matcher. The first source that names a supported language wins; within the
// header, entries are tried in order of their q weight and the first
// acceptable one wins. Anything else gives Default. It never panics.
//
// A tag is acceptable when the Matcher matches it with at least High
// confidence to a supported language with the same base language. So
// regional variants are accepted ("ru-RU", "kk-KZ", "en-GB"), but nothing
// is substituted for a language the reader did not ask for: "tr" matches
// nothing (confidence No) and gives English rather than Turkmen or Uzbek, and
// "az", "be" or "mn", which CLDR's matching data maps to Russian with High
// confidence, also give English — the reader can pick Russian in the switcher,
// and the cookie then keeps that choice.
//
// The hub publishes each language in one script only (Cyrillic kk ky tg,
// Latin tk uz), so the script a reader asks for is no reason to withhold their
// language: when a tag with an explicit script does not match, it is tried
// again without the script ("uz-Cyrl" -> uz, "kk-Latn" -> kk). The region
// stays, so "uz-Arab-AF" still gives English: Afghan Uzbek is written in
// Arabic script, and its readers are not assumed to read Latin Uzbek.
//
// The header is parsed entry by entry, so one malformed entry does not cost
// the reader their other preferences ("xx-!!, ru" -> ru).
func Negotiate(prefix, cookie, acceptLanguage string) string {
	for _, value := range []string{prefix, cookie} {
		if code, ok := matchValue(value); ok {
			return code
		}
	}
	for _, tag := range parseAcceptLanguage(acceptLanguage) {
		if code, ok := match(tag); ok {
			return code
		}
	}
	return Default
}

// matchValue matches a single language tag such as a URL prefix or a cookie.
func matchValue(value string) (string, bool) {
	value = strings.TrimSpace(value)
	if value == "" || len(value) > maxTagLen {
		return "", false
	}
	tag, err := language.Parse(value)
	if err != nil {
		return "", false
	}
	return match(tag)
}

// match applies the acceptance rule documented on Negotiate to one tag.
func match(tag language.Tag) (string, bool) {
	candidates := []language.Tag{tag}
	if base, script, region := tag.Raw(); script != (language.Script{}) {
		if withoutScript, err := language.Compose(base, region); err == nil {
			candidates = append(candidates, withoutScript)
		}
	}
	for _, c := range candidates {
		_, i, confidence := matcher.Match(c)
		if confidence < language.High {
			continue
		}
		want, _ := c.Base()
		got, _ := supported[i].Base()
		if want != got {
			continue
		}
		return languages[i].Code, true
	}
	return "", false
}

// parseAcceptLanguage returns the header's tags, highest q first, skipping
// entries that do not parse and entries with q=0.
func parseAcceptLanguage(header string) []language.Tag {
	if len(header) > maxAcceptLanguageLen {
		header = header[:maxAcceptLanguageLen]
	}
	type preference struct {
		tag language.Tag
		q   float32
	}
	var prefs []preference
	entries := 0
	for entry := range strings.SplitSeq(header, ",") {
		if entries++; entries > maxAcceptLanguageEntries {
			break
		}
		tags, qs, err := language.ParseAcceptLanguage(entry)
		if err != nil {
			continue
		}
		for i := range tags {
			prefs = append(prefs, preference{tags[i], qs[i]})
		}
	}
	slices.SortStableFunc(prefs, func(a, b preference) int { return cmp.Compare(b.q, a.q) })
	tags := make([]language.Tag, len(prefs))
	for i, p := range prefs {
		tags[i] = p.tag
	}
	return tags
}
