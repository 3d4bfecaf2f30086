package i18n

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"
)

// newTestBundle builds a Bundle from locale files given as name -> TOML text.
func newTestBundle(t *testing.T, files map[string]string) *Bundle {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	b, err := newFromFS(fsys)
	if err != nil {
		t.Fatalf("newFromFS: %v", err)
	}
	return b
}

// fallbackFiles is a bundle with deliberate gaps: Russian lacks only_en,
// Kazakh has only greeting (shared is present but empty, which counts as
// missing), and the other languages have no file at all.
var fallbackFiles = map[string]string{
	"en.toml": `
"greeting" = "Hello"
"only_en" = "English only"
"shared" = "Shared {{.Name}}"
[items]
one = "{{.Count}} item"
other = "{{.Count}} items"
`,
	"ru.toml": `
"greeting" = "Здравствуйте"
"shared" = "Общее {{.Name}}"
[items]
one = "{{.Count}} предмет"
few = "{{.Count}} предмета"
many = "{{.Count}} предметов"
other = "{{.Count}} предмета"
`,
	"kk.toml": `
"greeting" = "Сәлеметсіз бе"
"shared" = ""
`,
}

func TestLocalizerWalksTheFallbackChain(t *testing.T) {
	b := newTestBundle(t, fallbackFiles)
	name := map[string]any{"Name": "X"}
	tests := []struct {
		name string
		lang string
		got  func(*Localizer) string
		want string
	}{
		{"Kazakh has its own string", "kk", func(l *Localizer) string { return l.T("greeting") }, "Сәлеметсіз бе"},
		{"Kazakh lacking a string gets Russian, not English", "kk", func(l *Localizer) string { return l.T("shared", name) }, "Общее X"},
		{"Kazakh lacking a string that Russian also lacks gets English", "kk", func(l *Localizer) string { return l.T("only_en") }, "English only"},
		{"a Russian fallback uses Russian plural rules (few)", "kk", func(l *Localizer) string { return l.N("items", 2) }, "2 предмета"},
		{"a Russian fallback uses Russian plural rules (many)", "kk", func(l *Localizer) string { return l.N("items", 5) }, "5 предметов"},
		{"a language without a file gets Russian", "ky", func(l *Localizer) string { return l.T("greeting") }, "Здравствуйте"},
		{"Russian lacking a string gets English", "ru", func(l *Localizer) string { return l.T("only_en") }, "English only"},
		{"English has its own string", "en", func(l *Localizer) string { return l.T("greeting") }, "Hello"},
		{"an id unknown everywhere gives the id", "kk", func(l *Localizer) string { return l.T("no.such.id") }, "no.such.id"},
		{"a plural id unknown everywhere gives the id", "ru", func(l *Localizer) string { return l.N("no.such.id", 3) }, "no.such.id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(b.Localizer(tt.lang)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMissingListsWhatEachLocaleLacks(t *testing.T) {
	b := newTestBundle(t, fallbackFiles)
	all := []string{"greeting", "items", "only_en", "shared"}
	want := map[string][]string{
		"ru": {"only_en"},
		"kk": {"items", "only_en", "shared"},
		"ky": all,
		"tg": all,
		"tk": all,
		"uz": all,
	}
	got := b.Missing()
	if !maps.EqualFunc(got, want, func(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }) {
		t.Errorf("Missing() = %v, want %v", got, want)
	}
}

func TestLocalizerForAnUnsupportedLanguageIsEnglish(t *testing.T) {
	b := newTestBundle(t, fallbackFiles)
	for _, lang := range []string{"", "de", "RU", "kk-KZ"} {
		if got := b.Localizer(lang).Lang(); got != "en" {
			t.Errorf("Localizer(%q).Lang() = %q, want en", lang, got)
		}
	}
	for _, l := range Languages() {
		if got := b.Localizer(l.Code).Lang(); got != l.Code {
			t.Errorf("Localizer(%q).Lang() = %q", l.Code, got)
		}
	}
}

func TestTemplateData(t *testing.T) {
	b := newTestBundle(t, fallbackFiles)
	en := b.Localizer("en")

	t.Run("later maps win when several are given", func(t *testing.T) {
		got := en.T("shared", map[string]any{"Name": "first"}, map[string]any{"Name": "second"})
		if got != "Shared second" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("N adds Count without changing the caller's map", func(t *testing.T) {
		data := map[string]any{"Name": "X"}
		if got := en.N("items", 1, data); got != "1 item" {
			t.Errorf("N(items, 1) = %q", got)
		}
		if _, ok := data["Count"]; ok {
			t.Error("N added Count to the caller's map")
		}
	})
	t.Run("N's count wins over a Count in the data", func(t *testing.T) {
		if got := en.N("items", 3, map[string]any{"Count": 99}); got != "3 items" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("missing data renders visibly instead of failing", func(t *testing.T) {
		got := en.T("shared")
		if !strings.HasPrefix(got, "Shared ") {
			t.Errorf("got %q", got)
		}
	})
}

func TestNewFromFSRejectsBadLocaleFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no English file", map[string]string{"ru.toml": `"a" = "б"`}, `default language "en"`},
		{"an empty English file", map[string]string{"en.toml": ""}, `default language "en"`},
		{"a file for an unsupported language", map[string]string{"en.toml": `"a" = "b"`, "de.toml": `"a" = "b"`}, `"de" is not a supported language code`},
		{"a file named with a region", map[string]string{"en.toml": `"a" = "b"`, "ru-RU.toml": `"a" = "б"`}, `"ru-RU" is not a supported language code`},
		{"an id defined in two files of one language", map[string]string{"en.toml": `"a" = "b"`, "accounts.en.toml": `"a" = "c"`}, "defined in another en file"},
		{"malformed TOML", map[string]string{"en.toml": `"a" = `}, "parse en.toml"},
		{"a duplicate id", map[string]string{"en.toml": "\"a\" = \"b\"\n\"a\" = \"c\"\n"}, "parse en.toml"},
		{"plural forms mixed with other keys", map[string]string{"en.toml": "[a]\none = \"x\"\nfoo = \"y\"\n"}, "parse en.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			b, err := newFromFS(fsys)
			if err == nil {
				t.Fatalf("newFromFS succeeded (%v), want an error mentioning %q", b, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestFeatureFilesMergeIntoTheirLanguage(t *testing.T) {
	b, err := newFromFS(fstest.MapFS{
		"en.toml":          {Data: []byte(`"a" = "A"`)},
		"accounts.en.toml": {Data: []byte(`"b" = "B"`)},
		"accounts.ru.toml": {Data: []byte(`"b" = "Б"`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Localizer("en").T("b"); got != "B" {
		t.Fatalf("en b = %q", got)
	}
	if got := b.Localizer("kk").T("b"); got != "Б" {
		t.Fatalf("kk b = %q, want the Russian fallback", got)
	}
}
