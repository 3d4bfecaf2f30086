package i18n

import (
	"slices"
	"strings"
	"testing"
)

func TestLanguagesAreTheSevenInSwitcherOrder(t *testing.T) {
	want := []Language{
		{Code: "en", Name: "English", EnglishName: "English"},
		{Code: "ru", Name: "Русский", EnglishName: "Russian"},
		{Code: "kk", Name: "Қазақша", EnglishName: "Kazakh"},
		{Code: "ky", Name: "Кыргызча", EnglishName: "Kyrgyz"},
		{Code: "tg", Name: "Тоҷикӣ", EnglishName: "Tajik"},
		{Code: "tk", Name: "Türkmençe", EnglishName: "Turkmen"},
		{Code: "uz", Name: "Oʻzbekcha", EnglishName: "Uzbek"},
	}
	got := Languages()
	if !slices.Equal(got, want) {
		t.Fatalf("Languages() = %v, want %v", got, want)
	}
	got[0].Code = "xx"
	if Languages()[0].Code != "en" {
		t.Error("modifying the result of Languages() changed the package's table")
	}
}

func TestSupported(t *testing.T) {
	tests := []struct {
		name string
		code string
		want bool
	}{
		{"English is supported", "en", true},
		{"Uzbek is supported", "uz", true},
		{"Turkish is not", "tr", false},
		{"the empty code is not", "", false},
		{"codes are not normalised", "RU", false},
		{"regional tags are not codes", "ru-RU", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Supported(tt.code); got != tt.want {
				t.Errorf("Supported(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestChain(t *testing.T) {
	tests := []struct {
		name string
		code string
		want []string
	}{
		{"English has nothing to fall back to", "en", []string{"en"}},
		{"Russian falls back to English", "ru", []string{"ru", "en"}},
		{"Kazakh falls back to Russian, then English", "kk", []string{"kk", "ru", "en"}},
		{"Kyrgyz falls back to Russian, then English", "ky", []string{"ky", "ru", "en"}},
		{"Tajik falls back to Russian, then English", "tg", []string{"tg", "ru", "en"}},
		{"Turkmen falls back to Russian, then English", "tk", []string{"tk", "ru", "en"}},
		{"Uzbek falls back to Russian, then English", "uz", []string{"uz", "ru", "en"}},
		{"an unsupported code gives English", "de", []string{"en"}},
		{"the empty code gives English", "", []string{"en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Chain(tt.code); !slices.Equal(got, tt.want) {
				t.Errorf("Chain(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name                   string
		prefix, cookie, header string
		want                   string
	}{
		// Order of the sources.
		{"the URL prefix beats the cookie and the header", "kk", "ru", "uz", "kk"},
		{"the cookie beats the header", "", "tg", "ru", "tg"},
		{"an unsupported prefix falls through to the cookie", "de", "ky", "ru", "ky"},
		{"a garbage cookie falls through to the header", "", "xx-!!", "tk", "tk"},
		{"nothing at all gives English", "", "", "", "en"},
		{"a prefix is matched like a tag, not compared as a string", "RU", "", "", "ru"},
		{"a regional prefix gives its language", "ru-RU", "", "", "ru"},

		// Regional and script variants of supported languages.
		{"a browser's Russian list gives Russian", "", "", "ru-RU,ru;q=0.9", "ru"},
		{"Kazakh gives Kazakh", "", "", "kk", "kk"},
		{"Kazakh of Kazakhstan gives Kazakh", "", "", "kk-KZ", "kk"},
		{"Russian of Kazakhstan gives Russian", "", "", "ru-KZ", "ru"},
		{"Latin Uzbek of Uzbekistan gives Uzbek", "", "", "uz-Latn-UZ", "uz"},
		{"Cyrillic Uzbek gives (Latin) Uzbek", "", "", "uz-Cyrl", "uz"},
		{"Latin Kazakh gives (Cyrillic) Kazakh", "", "", "kk-Latn", "kk"},
		{"British English gives English", "", "", "en-GB", "en"},
		{"a three-letter ISO 639-2 code gives its language", "", "", "kaz", "kk"},
		{"Uzbek of Afghanistan (Arabic script) is not given Latin Uzbek", "", "", "uz-Arab-AF", "en"},

		// Preference order.
		{"q weights decide, not the order of entries", "", "", "en;q=0.1, kk;q=0.9", "kk"},
		{"an unsupported first choice gives way to a supported second", "", "", "tr, ru;q=0.5", "ru"},
		{"Turkish first and Turkmen second gives Turkmen", "", "", "tr-TR, tk;q=0.5", "tk"},
		{"q=0 means not acceptable", "", "", "ru;q=0, de", "en"},
		{"a malformed entry does not hide the others", "", "", "xx-!!, ru", "ru"},
		{"a malformed weight drops only its own entry", "", "", "ru;q=abc, kk;q=0.5", "kk"},

		// No other language is substituted for one we lack.
		{"Turkish is not Turkmen", "", "", "tr", "en"},
		{"Azerbaijani is not Turkmen, Uzbek or Russian", "", "", "az", "en"},
		{"Belarusian is not replaced by Russian", "", "", "be", "en"},
		{"Mongolian is not replaced by Russian", "", "", "mn", "en"},
		{"Ukrainian is not replaced by Russian", "", "", "uk", "en"},
		{"Persian is not Tajik", "", "", "fa", "en"},
		{"German gives English", "", "", "de", "en"},

		// Garbage.
		{"a wildcard gives English", "", "", "*", "en"},
		{"a malformed tag gives English", "", "", "xx-!!", "en"},
		{"a long garbage header gives English", "", "", strings.Repeat("a-", 5000), "en"},
		{"a long garbage prefix and cookie give English", strings.Repeat("kk", 100), strings.Repeat("ru-", 100), "", "en"},
		{"entries beyond the 32nd are ignored", "", "", strings.Repeat("de,", 32) + "ru", "en"},
		{"the 32nd entry still counts", "", "", strings.Repeat("de,", 31) + "ru", "ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Negotiate(tt.prefix, tt.cookie, tt.header); got != tt.want {
				t.Errorf("Negotiate(%.40q, %.40q, %.40q) = %q, want %q", tt.prefix, tt.cookie, tt.header, got, tt.want)
			}
		})
	}
}

func FuzzNegotiate(f *testing.F) {
	seeds := [][3]string{
		{"", "", ""},
		{"kk", "ru", "en"},
		{"", "", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"},
		{"", "", "en;q=0.1, kk;q=0.9"},
		{"", "", "tr, ru;q=0.5"},
		{"", "", "uz-Cyrl-UZ"},
		{"*", "xx-!!", "az;q=1.5, *;q=-1"},
		{"x-private", "i-klingon", "zh-Hant-TW-u-co-pinyin"},
		{"en-US-u-rg-kzzzzz", "ru-Latn", ",,;;q=,"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, prefix, cookie, header string) {
		if got := Negotiate(prefix, cookie, header); !Supported(got) {
			t.Errorf("Negotiate(%q, %q, %q) = %q, not a supported language", prefix, cookie, header, got)
		}
	})
}

func TestNameIsTheLanguagesOwnName(t *testing.T) {
	for code, want := range map[string]string{"kk": "Қазақша", "uz": "Oʻzbekcha", "en": "English", "xx": "xx", "": ""} {
		if got := Name(code); got != want {
			t.Errorf("Name(%q) = %q, want %q", code, got, want)
		}
	}
}
