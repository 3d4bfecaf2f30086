package platform

import (
	"fmt"
	"strings"
	"unicode"
)

// Uzbek's two apostrophe letters: the turned comma of oʻ and gʻ, and the
// modifier apostrophe of the tutuq belgisi (taʼlim).
const (
	UzbekTurnedComma = 'ʻ' // U+02BB
	UzbekApostrophe  = 'ʼ' // U+02BC
)

// alphabets are the lower-case letters each language writes its words with.
// Kazakh, Kyrgyz and Tajik add their own letters to the Russian alphabet (and
// Tajik drops ц, щ, ы and ь); Turkmen and Uzbek are written in Latin letters
// without c (Uzbek keeps it for ch), q, v, x (Turkmen) or w (Uzbek).
var alphabets = map[string]string{
	"en": "abcdefghijklmnopqrstuvwxyz",
	"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
	"kk": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
	"ky": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү",
	"tg": "абвгдеёжзийклмнопрстуфхчшъэюяғӣқӯҳҷ",
	"tk": "abdefghijklmnoprstuwyzäçňöşüýž",
	"uz": "abcdefghijklmnopqrstuvxyz" + string(UzbekTurnedComma) + string(UzbekApostrophe),
}

// CheckScript reports the first letter of text that does not belong to the
// alphabet of language lang (one of Languages): a Latin letter in a Russian
// word, a Kazakh ұ in Kyrgyz, a Cyrillic letter in Turkmen, an ASCII
// apostrophe where Uzbek writes ʻ or ʼ. Words written wholly in capitals
// (acronyms such as UNODC or КПК ООН) and Roman numerals may use either
// script.
// It checks curated multilingual data (taxonomy names, the thesaurus, the
// demo content); it is no rule for what users write.
func CheckScript(lang, text string) error {
	alphabet, ok := alphabets[lang]
	if !ok {
		return fmt.Errorf("no alphabet for language %q", lang)
	}
	for word := range strings.FieldsFuncSeq(text, func(r rune) bool { return !isWordRune(r) }) {
		if acronym(word) {
			continue
		}
		prev := rune(0)
		for i, r := range word {
			lower := unicode.ToLower(r)
			switch {
			case lang == "uz" && (r == '\'' || r == '’' || r == '‘' || r == '`'):
				return fmt.Errorf("uz: %q writes %q where Uzbek uses ʻ (U+02BB) or ʼ (U+02BC)", word, r)
			case lang == "uz" && r == UzbekTurnedComma && !strings.ContainsRune("oOgG", prev):
				return fmt.Errorf("uz: %q has ʻ after %q; it belongs after o or g (use ʼ elsewhere)", word, prev)
			case lang == "uz" && lower == 'c' && !strings.HasPrefix(strings.ToLower(word[i+1:]), "h"):
				return fmt.Errorf("uz: %q has a c that does not begin ch", word)
			case r == '\'' || r == '’' || r == '-':
				// English possessives and hyphenated words; Uzbek handled above.
			case unicode.IsLetter(r) && !strings.ContainsRune(alphabet, lower):
				return fmt.Errorf("%s: %q has %q (U+%04X), not a letter of the %s alphabet", lang, word, r, r, lang)
			}
			prev = r
		}
	}
	return nil
}

// isWordRune reports whether r continues a word: letters, the apostrophes
// that stand inside words, and hyphens.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || r == '\'' || r == '’' || r == '‘' || r == '`' || r == '-'
}

// acronym reports whether word is written wholly in capital letters of one
// script, with at least two letters, or is a Roman numeral ("V", "410-V").
func acronym(word string) bool {
	if strings.Trim(word, "-IVXLCDM") == "" && strings.Trim(word, "-") != "" {
		return true
	}
	letters, latin, cyrillic := 0, 0, 0
	for _, r := range word {
		if !unicode.IsLetter(r) {
			continue
		}
		if !unicode.IsUpper(r) {
			return false
		}
		letters++
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		}
	}
	return letters >= 2 && (latin == letters || cyrillic == letters)
}
