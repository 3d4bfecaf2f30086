package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces text to a script-neutral form in which the spellings of one
// word in the hub's scripts meet: Kazakh "Қазақстан", Kazakh Latin (2021)
// "Qazaqstan" and the Russian-keyboard spelling "Казакстан" all fold to
// "kazakstan"; Uzbek "Oʻzbekiston", "O'zbekiston", "Ўзбекистон" and
// "Узбекистон" all fold to "uzbekiston".
//
// The scheme is an ASCII skeleton: every letter becomes what a writer without
// the special keys would type, Cyrillic is transliterated, and letters whose
// spelling differs between the alphabets are merged:
//
//   - lower case, NFKC, apostrophes (ʻ ʼ ' ’ ‘ ` ´ ʽ ʹ ′ ʾ ʿ) dropped;
//   - ш ş ș š → sh; ч ç č → ch; щ → shch;
//   - ц, the ts of Russian romanisation and a Latin c before e or i (as
//     keyboards without Cyrillic type ц) → s at the start of a word and
//     after a consonant, ts after a vowel: the Uzbek Latin rule (1995), so
//     "korrupsiya", "korruptsiya", "korrupciya" and "коррупция" all fold to
//     "korrupsiia", "politsiya" and "полиция" to "politsiia". The price:
//     a t before s after a consonant is lost in any word ("documents" folds
//     to "documens"), word-initial ц meets s ("цена" and "сена"), and a
//     prefix cut between t and s ("korrupt") no longer reaches "коррупция";
//   - ж җ ҷ ž j dj dzh → j (Uzbek and Kazakh Latin j, Turkmen ž and j,
//     Tajik ҷ, and the Russian дж that stands for them: "Таджикистан" meets
//     "Tajikistan", "Меджлис" "Mejlis"). The price: Russian дж meets ж
//     ("джем" and "жем");
//   - ғ ğ g gʻ gh → g (gh: Tajik and Kazakh ғ in English; the price: г
//     before ҳ loses the h, as in the Tajik plural "тренингҳо"); қ q k → k;
//     х ҳ һ x h → h (Uzbek writes х as x and ҳ as h, Kazakh and Turkmen
//     Latin write both as h);
//   - ң ñ ň ŋ → n, and so does ng before a consonant or at the end of a
//     word, where informal Kazakh, Kyrgyz and Turkmen write ң as ng
//     ("zangsyz" meets "заңсыз", "bahbitlering" "бәхбитлериң"; Uzbek нг,
//     written ng, folds the same way in both scripts). Before a vowel ng
//     stays, because there it is also н + г (Uzbek "yangi" must not meet
//     "yaʼni", nor "oldingi" "oldini", nor "теңге" "тене"): so ң typed as
//     ng between vowels ("Kengesh", "zhanga") does not meet "Кеңеш" and
//     "жаңа", which typo tolerance bridges. The price: a final ng meets n
//     ("thing" and "thin", "ранг" and "ран");
//   - ә ä ə → a; ө ö ɵ → o; ү ұ ӯ ü ū → u; w → v (Turkmen w is в);
//   - ы і и й ӣ ı ý y i → i, hence я ю ё → ia iu io. Kazakh Latin (2021)
//     writes й as i and ы as y while Uzbek and Turkmen write й as y, so the
//     only mapping all of them share is one letter for the lot;
//   - oʻ and ў → u. Uzbek oʻ is Cyrillic ў, which people on Russian keyboards
//     type as у; folding both to u lets "Узбекистон" meet "Oʻzbekiston". The
//     price is that oʻ meets u ("qoʻl"/"qul") and that "Ozbekiston", typed
//     without any apostrophe, does not meet (the index bridges it with typo
//     tolerance);
//   - ъ ь and ʺ (ъ in ALA-LC) dropped (Uzbek ъ is the tutuq belgisi,
//     written ʼ in Latin), but before е they become i, as Uzbek Latin
//     writes the е after them ye ("объект", "obyekt", "obʺekt" → "obiekt");
//   - kh → h and zh → j (English and Russian romanisations: "Kazakhstan"
//     meets "Казахстан" as "kazahstan"), and ie → e at the start of a word
//     or after a vowel (Uzbek and Turkmen Latin write initial е as ye/ýe);
//   - other Latin letters lose their diacritics (é → e; so the Kazakh
//     2018 acute letters á ǵ ń ó ú, ALA-LC's ė ȯ u̇ ĭ and its tie bars
//     meet), other scripts are only lower-cased.
//
// The alphabets are checked letter by letter and on words of the field in
// translit_test.go: Uzbek Latin (1995, with oʻ gʻ sh ch ng ʼ) against
// Uzbek Cyrillic with its positional е and ц; Kazakh Latin (2021) against
// Kazakh Cyrillic; Kyrgyz and Tajik Cyrillic against their romanisations
// (BGN/PCGN, ALA-LC) and the Latin typed in messages; Turkmen Latin (1999)
// against Turkmen Cyrillic; and for each, the informal spellings (sh ch zh
// kh gh dj ng, q as k, x as h, o u a i for the letters with diacritics).
// What those tables list as not meeting, and why:
//
//   - oe and ue for ө and ү (German-style): merging them would make Russian
//     "поэт" meet "пот", "новое" "ново" and Tajik "-ҳое" "-ҳо";
//   - Tajik ҷ typed as ч on a Russian keyboard ("Точикистон"): ч and j
//     must stay apart ("чой", tea, and "ҷой", place);
//   - j for й, ё, ю, я ("jo", "ju", "ja"): j is ж in every alphabet of
//     the hub (FoldName merges them in names, where the price is smaller);
//   - the Kazakh Latin of 2017 (s' c' o' y' for ш ч ө у, o' being Uzbek
//     oʻ) and the 2018 ý for у (ý is Turkmen й), both superseded, and the w
//     of drafts and informal writing for у after a vowel ("taw"): w is
//     Turkmen в;
//   - ISO 9's â û ë ŝ for я ю ё щ (read as a u e s) and j for й;
//   - iy for Tajik ӣ and Kazakh и: it folds to ii, a second letter;
//   - the Turkmen letters of 1993 replaced in 1999 by currency signs
//     (¢ $ £ ¥ for ç ş ž ň), which are not letters to the word splitter (ÿ,
//     the 1993 ý, meets);
//   - s for ş and c for ç (Turkmen and Kazakh typed without them): s and
//     sh stay apart everywhere ("сез", "шез").
//
// Legacy Kazakh text typed with substitute glyphs from other Cyrillic
// alphabets is repaired: Ќ→Қ, Ѕ→Ң, Є→Ғ, Ј→Ә, Ї→Ү, Ґ→Ө and Ў→Ұ. None of the
// substitutes but Ў is a letter of the hub's languages; Ў is an Uzbek letter
// too, but Uzbek ў and Kazakh ұ both fold to u, so the ambiguity does not
// matter. (Ukrainian or Serbian text would be folded wrongly; the hub has
// none.)
//
// Fold keeps everything that is not a letter (spaces, punctuation, digits),
// so it can fold a whole text or a single word; its result is valid UTF-8 and
// folding it again changes nothing. The fold is lossy by design: it is used
// for a recall field beside the per-language fields, never for display.
func Fold(s string) string {
	out, marks := foldOnce(s)
	// Dropping an apostrophe can bring two combining marks together, which
	// NFKC then puts in canonical order: fold again until nothing changes,
	// so that folding the result changes nothing (found by FuzzFold).
	for i := 0; marks && i < 3; i++ {
		next, m := foldOnce(out)
		if next == out {
			break
		}
		out, marks = next, m
	}
	return out
}

// foldOnce is one pass of Fold; it reports whether it kept a combining
// mark.
func foldOnce(s string) (string, bool) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// Apostrophes first: NFKC would turn ´ into a space and a combining accent.
	s = strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return '\''
		}
		return r
	}, s)
	s = norm.NFKC.String(s)

	f := folder{out: make([]rune, 0, len(s))}
	marks := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		r = lower(r)
		switch {
		case isApostrophe(r): // NFKC can make some (U+0374 → U+02B9)
			continue
		case r == 'o' && i < len(s):
			if next, n := utf8.DecodeRuneInString(s[i:]); isApostrophe(next) {
				f.pushString("u", true)
				i += n
				continue
			}
		}
		if r == 'ъ' || r == 'ь' || r == 'ʺ' {
			// Before е they mark its y sound: Uzbek "объект" is "obyekt"
			// (ʺ is ъ in ALA-LC romanisation: "obʺekt").
			if next, _ := utf8.DecodeRuneInString(s[i:]); lower(next) == 'е' || r == 'ʺ' && lower(next) == 'e' {
				f.pushString("i", true)
				continue
			}
		}
		if t, ok := foldTable[r]; ok {
			f.pushString(t, true)
			continue
		}
		switch {
		case r < utf8.RuneSelf:
			f.push(r, isASCIILetter(r))
		case unicode.Is(unicode.Mn, r):
			// A combining mark left over after NFKC (a Russian stress mark,
			// say) is dropped when it sits on a folded letter.
			if !f.latin {
				f.push(r, false)
				marks = true
			}
		case unicode.Is(unicode.Latin, r):
			for _, d := range norm.NFD.String(string(r)) {
				if unicode.Is(unicode.Mn, d) {
					continue
				}
				d = lower(d)
				if t, ok := foldTable[d]; ok {
					f.pushString(t, true)
				} else {
					f.push(d, true)
				}
			}
		default:
			f.push(r, false)
		}
	}
	f.finish()
	return string(f.out), marks
}

// folder accumulates Fold's output and applies the digraph rules as it goes,
// so that the result holds no pair a rule would rewrite (which makes Fold
// idempotent) in time linear in its length.
type folder struct {
	out   []rune
	latin bool // the last rune pushed came from a Latin or Cyrillic letter
}

// finish applies the rules that wait for what follows a letter, at the end
// of the text: a final ng is ң.
func (f *folder) finish() {
	if n := len(f.out); n >= 2 && f.out[n-1] == 'g' && f.out[n-2] == 'n' {
		f.out = f.out[:n-1]
	}
}

func (f *folder) pushString(s string, latin bool) {
	for _, r := range s {
		f.push(r, latin)
	}
	f.latin = latin
}

func (f *folder) push(r rune, latin bool) {
	f.latin = latin
	if n := len(f.out); n > 0 && f.out[n-1] == 'c' && (r == 'e' || r == 'i') {
		// A Latin c before e or i is read as ц ("korrupciya", "cena").
		f.out = f.out[:n-1]
		f.push('t', true)
		f.push('s', true)
		f.latin = latin
	}
	for n := len(f.out); n > 0; n = len(f.out) {
		top := f.out[n-1]
		switch {
		case r == 'h' && top == 'k':
			r = 'h'
		case r == 'h' && top == 'z':
			r = 'j'
		case r == 'h' && top == 'g':
			// gh: Tajik and Kazakh ғ in English spellings.
			r = 'g'
		case r == 'j' && top == 'd':
			// dj (and dzh, once zh is j): Russian дж for Tajik ҷ and
			// Uzbek j.
			r = 'j'
		case top == 'g' && n >= 2 && f.out[n-2] == 'n' && !isVowel(r) && r != 'i':
			// ng before a consonant or a non-letter is ң: the g goes, so
			// that ң typed as n or as ng meets. (Before a vowel ng stays:
			// Uzbek "yangi" is not "yaʼni". The end of the text is seen
			// by finish.)
		case r == 'e' && top == 'i' && (n == 1 || !unicode.IsLetter(f.out[n-2]) || isVowel(f.out[n-2])):
			r = 'e'
		case r == 's' && top == 't' && (n == 1 || !isVowel(f.out[n-2]) && f.out[n-2] != 'i'):
			// ц (folded "ts") is s at the start of a word and after a
			// consonant, ts after a vowel, as Uzbek Latin writes it.
			r = 's'
		default:
			f.out = append(f.out, r)
			return
		}
		f.out = f.out[:n-1]
	}
	f.out = append(f.out, r)
}

// isVowel reports whether r is a vowel of the folded alphabet other than i
// (after i, "ie" is a real diphthong: Russian "мнение").
func isVowel(r rune) bool {
	return r == 'a' || r == 'e' || r == 'o' || r == 'u'
}

func isASCIILetter(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

// lower lower-cases r; Turkish İ becomes a plain i rather than i with a
// combining dot.
func lower(r rune) rune {
	if r == 'İ' {
		return 'i'
	}
	return unicode.ToLower(r)
}

// isApostrophe reports whether r is one of the characters writers use for
// the Uzbek oʻ and gʻ sign, the tutuq belgisi or an apostrophe.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '\u00B4', // ASCII apostrophe, grave accent, acute accent
		'\u02B9', '\u02BB', '\u02BC', '\u02BD', // ʹ ʻ ʼ ʽ
		'\u02BE', '\u02BF', // ʾ ʿ (the half rings of Arabic romanisation, typed for ʼ and ʻ)
		'\u2018', '\u2019', '\u2032': // ‘ ’ ′
		return true
	}
	return false
}

// foldTable maps lower-case letters to their folded spelling. Letters absent
// from it stay as they are (after losing diacritics, for Latin letters).
var foldTable = map[rune]string{
	// Russian and shared Cyrillic.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "io",
	'ж': "j", 'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "i", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	'ʺ': "", // ъ in ALA-LC romanisation
	// Kazakh and Kyrgyz.
	'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u",
	'һ': "h", 'і': "i",
	// Tajik.
	'ӣ': "i", 'ӯ': "u", 'ҳ': "h", 'ҷ': "j",
	// Uzbek (and Kazakh ұ typed as ў, see Fold).
	'ў': "u",
	// Turkmen Cyrillic.
	'җ': "j",
	// Substitute glyphs of legacy Kazakh fonts: ќ for қ, ѕ for ң, є for ғ,
	// ј for ә, ї for ү, ґ for ө.
	'ќ': "k", 'ѕ': "n", 'є': "g", 'ј': "a", 'ї': "u", 'ґ': "o",
	// Latin letters of Kazakh (2021), Turkmen, Uzbek and scholarly
	// transliteration that do not simply lose a diacritic.
	'ä': "a", 'ə': "a", 'ç': "ch", 'č': "ch", 'ı': "i", 'ñ': "n", 'ň': "n",
	'ŋ': "n", 'ɵ': "o", 'ş': "sh", 'ș': "sh", 'š': "sh", 'ý': "i", 'ž': "j",
	'q': "k", 'x': "h", 'w': "v", 'y': "i",
}
