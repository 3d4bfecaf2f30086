package i18n

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// The tests in this file check the real, embedded locale files.

func newEmbedded(t *testing.T) *Bundle {
	t.Helper()
	b, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return b
}

// wellFormedID is the shape of a message id: a lower-case namespace and one
// or more dot-separated segments of letters, digits and underscores
// ("nav.home", "error.not_found", "country.KZ"; upper case appears only in
// codes such as country codes). There is deliberately no fixed list of ids:
// the set grows with the application, and the completeness tests below keep
// every locale in step with English.
var wellFormedID = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$`)

// pluralIDs are the messages rendered with N.
var pluralIDs = []string{"search.results"}

// pluralForms are the CLDR plural categories each language needs, as
// go-i18n v2.7.0 implements them (TestPluralFormsMatchGoI18n checks this
// table against the library). "other" is required by go-i18n in every
// language, even where integers never select it (Russian).
var pluralForms = map[string][]string{
	"en": {"one", "other"},
	"ru": {"one", "few", "many", "other"},
	"kk": {"one", "other"},
	"ky": {"one", "other"},
	"tg": {"one", "other"},
	"tk": {"one", "other"},
	"uz": {"one", "other"},
}

// forms returns a message's non-empty plural forms by CLDR category.
func forms(m *goi18n.Message) map[string]string {
	all := map[string]string{
		"zero": m.Zero, "one": m.One, "two": m.Two,
		"few": m.Few, "many": m.Many, "other": m.Other,
	}
	maps.DeleteFunc(all, func(_, text string) bool { return text == "" })
	return all
}

func TestWellFormedIDPattern(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"nav.home", true},
		{"error.not_found_title", true},
		{"event_kind.focus_group", true},
		{"country.KZ", true},
		{"a.b.c", true},
		{"uncac.article2", true},
		{"", false},
		{"nav", false},
		{"Nav.home", false},
		{"2fa.code", false},
		{"_nav.home", false},
		{".nav.home", false},
		{"nav.home.", false},
		{"nav..home", false},
		{"nav.home page", false},
		{"nav-main.home", false},
		{"nav.hóme", false},
		{"nav.{{.X}}", false},
	}
	for _, tt := range tests {
		if got := wellFormedID.MatchString(tt.id); got != tt.want {
			t.Errorf("wellFormedID.MatchString(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestEveryIDIsWellFormed(t *testing.T) {
	b := newEmbedded(t)
	for _, l := range Languages() {
		for id := range b.messages[l.Code] {
			if !wellFormedID.MatchString(id) {
				t.Errorf("%s has a malformed id %q: want a lower-case dotted id such as \"nav.home\"", l.Code, id)
			}
		}
	}
	for _, id := range pluralIDs {
		if !wellFormedID.MatchString(id) {
			t.Errorf("pluralIDs has a malformed id %q", id)
		}
		if _, ok := b.messages[Default][id]; !ok {
			t.Errorf("pluralIDs lists %q, which English lacks", id)
		}
	}
}

func TestEveryLocaleHasEveryEnglishID(t *testing.T) {
	b := newEmbedded(t)
	if missing := b.Missing(); len(missing) != 0 {
		t.Errorf("Missing() = %v, want every locale complete", missing)
	}
}

func TestNoLocaleHasIDsEnglishLacks(t *testing.T) {
	b := newEmbedded(t)
	english := slices.Collect(maps.Keys(b.messages[Default]))
	for _, l := range Languages() {
		ids := slices.Collect(maps.Keys(b.messages[l.Code]))
		if extra := difference(ids, english); len(extra) > 0 {
			t.Errorf("%s has ids that English lacks: %v", l.Code, extra)
		}
	}
}

func TestPluralMessagesHaveTheFormsTheirLanguageNeeds(t *testing.T) {
	b := newEmbedded(t)
	for _, l := range Languages() {
		for id, m := range b.messages[l.Code] {
			t.Run(l.Code+" "+id, func(t *testing.T) {
				got := slices.Sorted(maps.Keys(forms(m)))
				want := []string{"other"}
				if slices.Contains(pluralIDs, id) {
					want = slices.Sorted(slices.Values(pluralForms[l.Code]))
				}
				if !slices.Equal(got, want) {
					t.Errorf("forms %v, want %v", got, want)
				}
			})
		}
	}
}

// TestPluralFormsMatchGoI18n ties pluralForms to the CLDR rules inside
// go-i18n: a probe message with every form set to its own category name is
// rendered for 0…1000, and the categories integers select must be exactly
// the table's (plus "other", which go-i18n always requires).
func TestPluralFormsMatchGoI18n(t *testing.T) {
	const probe = `[probe]
zero = "zero"
one = "one"
two = "two"
few = "few"
many = "many"
other = "other"
`
	files := map[string]string{}
	for _, l := range Languages() {
		files[l.Code+".toml"] = probe
	}
	b := newTestBundle(t, files)
	for _, l := range Languages() {
		t.Run(l.EnglishName, func(t *testing.T) {
			used := map[string]bool{"other": true}
			for n := range 1001 {
				used[b.Localizer(l.Code).N("probe", n)] = true
			}
			got := slices.Sorted(maps.Keys(used))
			want := slices.Sorted(slices.Values(pluralForms[l.Code]))
			if !slices.Equal(got, want) {
				t.Errorf("go-i18n selects %v, the table says %v", got, want)
			}
		})
	}
}

var templateField = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// fields returns the template fields a text uses, sorted.
func fields(text string) []string {
	var names []string
	for _, m := range templateField.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func TestTranslationsUseTheSameTemplateFieldsAsEnglish(t *testing.T) {
	b := newEmbedded(t)
	for id, en := range b.messages[Default] {
		want := fields(en.Other)
		for _, l := range Languages() {
			m, ok := b.messages[l.Code][id]
			if !ok {
				continue // reported by the completeness test
			}
			for form, text := range forms(m) {
				if strings.Count(text, "{{") != len(templateField.FindAllString(text, -1)) {
					t.Errorf("%s %s (%s) has a template action other than {{.Field}}: %q", l.Code, id, form, text)
				}
				if got := fields(text); !slices.Equal(got, want) {
					t.Errorf("%s %s (%s) uses fields %v, English uses %v", l.Code, id, form, got, want)
				}
			}
		}
	}
}

func TestEveryMessageRendersInItsOwnLanguage(t *testing.T) {
	b := newEmbedded(t)
	data := map[string]any{
		"Query": "q", "Language": "L", "Date": "D", "Number": 5, "Detail": "d",
		"Field": "f", "Expected": "e", "Limit": "1 MiB", "Part": "p", "Value": "v",
		// Accounts (accounts.*.toml).
		"Email": "e@x.org", "Name": "N", "Min": 10, "Max": 256, "Minutes": 3, "Count": 3, "Days": 30,
		"Link": "l", "Site": "s", "Hours": 24,
		// Events (events.*.toml).
		"Example": "x", "Label": "l", "From": 1, "To": 20, "Total": 35,
		// Registrations (registrations.*.toml).
		"Registered": 12, "Capacity": 30, "Position": 2, "Event": "E", "Code": "C",
		// The month view (calendar.*.toml).
		"Time": "09:00", "Month": "M", "Year": 2026,
		// The programme (timetable.*.toml).
		"Other": "sessions.0", "Line": 3,
		// The experts (experts.*.toml): matching reasons.
		"Country": "c", "Cycle": 2,
		// The experts' photos (photos.*.toml).
		"Formats": "JPEG, PNG, GIF, WebP", "Megapixels": 40, "Side": 12000,
		// The roadmap (roadmap.*.toml): a claim's state, a feed entry's status.
		"State": "s", "Status": "s",
		// An import job's progress (roadmap.import.checked, written_count).
		"Done": 2,
	}
	for _, l := range Languages() {
		loc := b.Localizer(l.Code)
		for id := range b.messages[Default] {
			var got string
			if slices.Contains(pluralIDs, id) {
				got = loc.N(id, 3, data)
			} else {
				got = loc.T(id, data)
			}
			own, ok := b.messages[l.Code][id]
			switch {
			case !ok:
				continue // reported by the completeness test
			case got == id || strings.Contains(got, "{{") || strings.Contains(got, "<no value>"):
				t.Errorf("%s %s rendered as %q", l.Code, id, got)
			case fields(own.Other) == nil && got != own.Other:
				t.Errorf("%s %s rendered as %q, not its own text %q", l.Code, id, got, own.Other)
			}
		}
	}
}

func TestRussianResultsUseAllThreeIntegerForms(t *testing.T) {
	ru := newEmbedded(t).Localizer("ru")
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 результатов"},
		{1, "1 результат"},
		{2, "2 результата"},
		{5, "5 результатов"},
		{11, "11 результатов"},
		{21, "21 результат"},
		{24, "24 результата"},
		{111, "111 результатов"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			if got := ru.N("search.results", tt.n); got != tt.want {
				t.Errorf("N(search.results, %d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

// alphabets lists the lower-case letters each locale may use outside
// template actions and the acronyms in scriptExempt. They catch text typed in
// the wrong keyboard layout (Latin "i" for Kazakh "і", "c" for "с") and
// letters a language does not have (ц щ ы ь are not Tajik; c q v x are not
// Turkmen; Uzbek writes "c" only in "ch", handled in the test).
var alphabets = map[string]string{
	"en": "abcdefghijklmnopqrstuvwxyz",
	"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
	"kk": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + "әғқңөұүһі",
	"ky": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + "ңөү",
	"tg": "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
	"tk": "abçdeäfghijžklmnňoöprsştuüwyýz",
	"uz": "abdefghijklmnopqrstuvxyz" + "ʻʼ",
}

// scriptExempt are Latin acronyms that stay Latin in every language.
var scriptExempt = []string{"API", "JSON", "UNODC"}

func TestTranslationsAreWrittenInTheirOwnAlphabet(t *testing.T) {
	b := newEmbedded(t)
	for _, l := range Languages() {
		for id, m := range b.messages[l.Code] {
			for form, text := range forms(m) {
				plain := templateField.ReplaceAllString(text, "")
				for _, acronym := range scriptExempt {
					plain = strings.ReplaceAll(plain, acronym, "")
				}
				if l.Code == "uz" {
					plain = strings.NewReplacer("ch", "", "Ch", "").Replace(plain)
				}
				for _, r := range plain {
					if unicode.IsLetter(r) && !strings.ContainsRune(alphabets[l.Code], unicode.ToLower(r)) {
						t.Errorf("%s %s (%s): letter %q (%U) is not in the alphabet: %q", l.Code, id, form, r, r, text)
					}
				}
			}
		}
	}
}

func TestUzbekUsesModifierLettersNotApostrophes(t *testing.T) {
	b := newEmbedded(t)
	for id, m := range b.messages["uz"] {
		for form, text := range forms(m) {
			if strings.ContainsAny(text, "'‘’`") {
				t.Errorf("%s (%s) uses an apostrophe instead of ʻ (U+02BB) or ʼ (U+02BC): %q", id, form, text)
			}
			prev := ' '
			for _, r := range text {
				if r == 'ʻ' && !strings.ContainsRune("oOgG", prev) {
					t.Errorf("%s (%s): ʻ after %q; it belongs only in oʻ and gʻ (the tutuq belgisi is ʼ): %q", id, form, prev, text)
				}
				prev = r
			}
		}
	}
}

// difference returns the elements of a that are not in b, sorted.
func difference(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}
