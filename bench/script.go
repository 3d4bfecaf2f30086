package bench

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The corpus has Uzbek and Turkmen in both scripts and Kazakh in both, as
// the real library does; these transliterations make the second script.
// They are written for generated text, not as general converters.

// uzbekCyrillic writes Uzbek Latin (1995 alphabet) in Cyrillic letters.
func uzbekCyrillic(s string) string {
	var b strings.Builder
	rs := []rune(s)
	wordStart := true
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		upper := unicode.IsUpper(r)
		lr := unicode.ToLower(r)
		next := rune(0)
		if i+1 < len(rs) {
			next = unicode.ToLower(rs[i+1])
		}
		out := ""
		skip := 0
		switch {
		case (lr == 'o' || lr == 'g') && next == 'ʻ':
			out = map[rune]string{'o': "ў", 'g': "ғ"}[lr]
			skip = 1
		case lr == 's' && next == 'h':
			out, skip = "ш", 1
		case lr == 'c' && next == 'h':
			out, skip = "ч", 1
		case lr == 'y' && next == 'o':
			out, skip = "ё", 1
		case lr == 'y' && next == 'u':
			out, skip = "ю", 1
		case lr == 'y' && next == 'a':
			out, skip = "я", 1
		case lr == 'y' && next == 'e':
			out, skip = "е", 1
		case lr == 't' && next == 's':
			out, skip = "ц", 1
		case lr == 'e' && wordStart:
			out = "э"
		case r == 'ʼ':
			out = "ъ"
		default:
			if c, ok := uzLatinToCyr[lr]; ok {
				out = c
			} else {
				out = string(r)
				upper = false
			}
		}
		if upper {
			out = capitalize(out)
		}
		b.WriteString(out)
		i += skip
		wordStart = !unicode.IsLetter(r) && r != 'ʻ' && r != 'ʼ'
	}
	return b.String()
}

var uzLatinToCyr = map[rune]string{
	'a': "а", 'b': "б", 'd': "д", 'e': "е", 'f': "ф", 'g': "г", 'h': "ҳ", 'i': "и", 'j': "ж",
	'k': "к", 'l': "л", 'm': "м", 'n': "н", 'o': "о", 'p': "п", 'q': "қ", 'r': "р", 's': "с",
	't': "т", 'u': "у", 'v': "в", 'x': "х", 'y': "й", 'z': "з",
}

// kazakhLatin writes Kazakh Cyrillic in the Latin alphabet of 2021.
func kazakhLatin(s string) string { return byLetter(s, kkCyrToLatin) }

// turkmenCyrillic writes Turkmen Latin in the Cyrillic alphabet used until
// 1993.
func turkmenCyrillic(s string) string { return byLetter(s, tkLatinToCyr) }

// byLetter writes each letter of s that table has as its value, keeping
// capitals; other characters stay.
func byLetter(s string, table map[rune]string) string {
	var b strings.Builder
	for _, r := range s {
		out, ok := table[unicode.ToLower(r)]
		if !ok {
			b.WriteRune(r)
			continue
		}
		if unicode.IsUpper(r) {
			out = capitalize(out)
		}
		b.WriteString(out)
	}
	return b.String()
}

var kkCyrToLatin = map[rune]string{
	'а': "a", 'ә': "ä", 'б': "b", 'в': "v", 'г': "g", 'ғ': "ğ", 'д': "d", 'е': "e", 'ё': "io",
	'ж': "j", 'з': "z", 'и': "i", 'й': "i", 'к': "k", 'қ': "q", 'л': "l", 'м': "m", 'н': "n",
	'ң': "ñ", 'о': "o", 'ө': "ö", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ұ': "ū",
	'ү': "ü", 'ф': "f", 'х': "h", 'һ': "h", 'ц': "ts", 'ч': "ch", 'ш': "ş", 'щ': "şş", 'ъ': "",
	'ы': "y", 'і': "ı", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
}

var tkLatinToCyr = map[rune]string{
	'a': "а", 'b': "б", 'ç': "ч", 'd': "д", 'e': "е", 'ä': "ә", 'f': "ф", 'g': "г", 'h': "х",
	'i': "и", 'j': "җ", 'ž': "ж", 'k': "к", 'l': "л", 'm': "м", 'n': "н", 'ň': "ң", 'o': "о",
	'ö': "ө", 'p': "п", 'r': "р", 's': "с", 'ş': "ш", 't': "т", 'u': "у", 'ü': "ү", 'w': "в",
	'y': "ы", 'ý': "й", 'z': "з",
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
