package search

import (
	"strings"
	"unicode"
)

// FoldName reduces a person's name to a form in which its common spellings
// meet, across scripts and romanisations: "Алиев", "Aliev", "Aliyev" and
// "Әлиев" all give "alev"; "Пугачёв", "Pugachev", "Pugachyov" and
// "Pugachov" give "pugachev"; "Ходжаев", "Хўжаев", "Xo'jayev", "Khodjaev"
// and "Hodjaev" give "huiaev"; "Цой", "Tsoy", "Tsoi" and "Coy" give "sui".
//
// It is Fold (see there: scripts, apostrophes, zh/j, kh/h/x, ts/s, ы/и/й/y)
// followed by the merges that the spellings of names need and ordinary words
// do not. Within each word of Latin letters, in this order:
//
//   - before Fold, a Latin x reads ks in "ex" before a vowel or at the end of
//     a word and in a word-initial "max" before i or at the end ("Alexey",
//     "Maxim"); any other x is Uzbek х, h, as Fold has it ("Axmetov");
//   - a c not before h reads ц before a vowel or v (s at the start of a word
//     and after a consonant, ts after a vowel, as Fold writes ц: "Coy",
//     "Cvetkov", "Kuznecov" in ISO 9), k before another consonant or at
//     the end ("Victor", "Marc");
//   - shch and sch → sh (щ as ш), dj → j (Russian дж for Uzbek j), gh → g
//     (Tajik ғ in English), ng → n (Kazakh and Kyrgyz ң in English);
//   - a final ff → v (the French "Smirnoff", "Alieff");
//   - a doubled letter → one ("Mukhammad", "Kassymov", "Dmitrii");
//   - ie → e everywhere (Fold only merges it at the start of a word and
//     after a vowel): "Aliev", "Aliyev" (aliiev, then aliev), "Алиев";
//   - j before a, o or u → i ("Juldashev" meets "Yuldashev" and "Юлдашев",
//     "Natalja" meets "Наталья"), and a final j after a vowel → i
//     ("Sergej", "Nikolaj", "Dmitrij");
//   - io at the start of a word or after a consonant → e: Russian ё, which
//     writers also write as е ("Пётр" and "Petr", "Fyodor" and "Fedor",
//     "Artyom" and "Artem", "Ёлкин", "Елкин" and "Yolkin", "Ёдгор" and
//     "Edgor");
//   - o → u: Uzbek ў (oʻ), which Fold makes u, is written о in Russian forms
//     ("Хўжаев" and "Ходжаев", "Oʻktam", "Oktam" and "Uktam"), and Kazakh
//     and Kyrgyz о stands for Russian у (Болат and Булат, Омаров and
//     Умаров); it also makes an Uzbek oʻ typed without its apostrophe meet;
//   - a final chov, shov (now chuv, shuv) and their -a → chev, shev: ё after
//     ч, ш and щ, which English spellings write o ("Pugachov", "Gorbachov").
//
// The rules are applied again until nothing changes, so that FoldName is
// idempotent; like Fold it keeps everything that is not a letter (a whole
// name folds word by word) and its result is valid UTF-8. The result is for
// comparing and indexing, never for display.
//
// The prices: distinct names that now meet.
//
//   - o ≡ u: Родин and Рудин, Горин and Гурин, Умаров and Омаров (which are
//     often one name in two languages);
//   - ж before a vowel ≡ й: Жанна and Яна, Жуков and Юков, Жора and Юра;
//   - ie → e: Алиев and Алев, Daniel and Данель;
//   - an initial io, yo, jo ≡ e: Yormatov and Ermatov, Jonas and Enas
//     (Russian writes a word-initial ё as е: Ёлкин is often Елкин);
//   - doubled letters: Анна and Ана, Алла and Ала, Инна and Ина;
//   - щ ≡ ш: Щукин and Шукин; ch/sh + ov ≡ ev: Ершов and Ершев;
//   - ng ≡ n: Angela and Anela; and from Fold, ц ≡ с at the start of a word
//     (Цой and Сой).
//
// What still does not meet: the Uzbek and Tajik o for Russian а
// ("Yoʻldoshev" and "Юлдашев", "Rahmonov" and "Рахманов", "Gulnora" and
// "Гульнара": merging a with o and u would leave most names one vowel), e
// and i ("Jamshid" and "Jamshed"), feminine and masculine forms ("Ivanov"
// and "Ivanova" are two names), the English "Alexander" and the Russian
// "Aleksandr", German spellings ("Schukow"), and a Latin c before a vowel
// that stands for k ("Nicolai" reads as Ницолай). The search index bridges a
// letter or two with its typo tolerance.
func FoldName(s string) string {
	out := foldNameOnce(s)
	// A merge can make room for another (a final j becomes i next to an
	// i, which then collapses); fold until nothing changes. Every rule but
	// the c rule shortens a word or trades a letter for one no rule turns
	// back, and no rule makes a c, so this ends after a pass or two for a
	// name, and within a pass per byte for any text (the bound is never
	// met; it keeps a rule added later from looping for ever).
	for i := 0; i < len(s)+8; i++ {
		next := foldNameOnce(out)
		if next == out {
			break
		}
		out = next
	}
	return out
}

// foldNameOnce is one pass of FoldName: the x rule, Fold, then the name
// rules on each run of Latin letters.
func foldNameOnce(s string) string {
	f := Fold(nameX(s))
	var b strings.Builder
	b.Grow(len(f))
	for i := 0; i < len(f); {
		if !isLowerASCII(f[i]) {
			j := i
			for j < len(f) && !isLowerASCII(f[j]) {
				j++
			}
			b.WriteString(f[i:j])
			i = j
			continue
		}
		j := i
		for j < len(f) && isLowerASCII(f[j]) {
			j++
		}
		b.Write(nameWord([]byte(f[i:j])))
		i = j
	}
	return b.String()
}

// nameX spells out the Latin x that stands for ks (see FoldName) before Fold
// makes every x an h.
func nameX(s string) string {
	if !strings.ContainsAny(s, "xX") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + 4)
	at := func(i int) rune {
		if i < 0 || i >= len(rs) {
			return 0
		}
		return lower(rs[i])
	}
	letter := func(r rune) bool { return r != 0 && (isLetterRune(r) || isApostrophe(r)) }
	for i, r := range rs {
		if r != 'x' && r != 'X' {
			b.WriteRune(r)
			continue
		}
		next := at(i + 1)
		switch {
		case at(i-1) == 'e' && (strings.ContainsRune("aeiouy", next) || !letter(next)):
			b.WriteString("ks")
		case i >= 2 && at(i-2) == 'm' && at(i-1) == 'a' && !letter(at(i-3)) && (next == 'i' || !letter(next)):
			b.WriteString("ks")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nameWord applies the name rules to one word of Fold's lower-case Latin
// letters.
func nameWord(w []byte) []byte {
	w = nameC(w)
	w = nameClusters(w)
	if n := len(w); n >= 2 && w[n-2] == 'f' && w[n-1] == 'f' {
		w = append(w[:n-2], 'v')
	}
	// Doubled letters.
	out := w[:0]
	for i, c := range w {
		if i > 0 && c == w[i-1] {
			continue
		}
		out = append(out, c)
	}
	w = out
	// ie → e.
	out = w[:0]
	for i := 0; i < len(w); i++ {
		if w[i] == 'i' && i+1 < len(w) && w[i+1] == 'e' {
			continue
		}
		out = append(out, w[i])
	}
	w = out
	// j before a, o, u and a final j after a vowel → i.
	for i, c := range w {
		if c != 'j' {
			continue
		}
		if i+1 < len(w) && (w[i+1] == 'a' || w[i+1] == 'o' || w[i+1] == 'u') ||
			i+1 == len(w) && i > 0 && isNameVowel(w[i-1]) {
			w[i] = 'i'
		}
	}
	// io at the start or after a consonant → e (ё).
	out = w[:0]
	for i := 0; i < len(w); i++ {
		// At the start, not before u: a French "You…" is Ю ("Youssoupoff").
		if w[i] == 'i' && i+1 < len(w) && w[i+1] == 'o' && (i > 0 && !isNameVowel(w[i-1]) || i == 0 && (i+2 >= len(w) || w[i+2] != 'u')) {
			out = append(out, 'e')
			i++
			continue
		}
		out = append(out, w[i])
	}
	w = out
	// o → u.
	for i, c := range w {
		if c == 'o' {
			w[i] = 'u'
		}
	}
	// A final chuv, shuv, chuva, shuva → chev, shev, cheva, sheva.
	for _, end := range []string{"uv", "uva"} {
		n := len(w) - len(end)
		if n >= 2 && string(w[n:]) == end && w[n-1] == 'h' && (w[n-2] == 'c' || w[n-2] == 's') {
			w[n] = 'e'
		}
	}
	return w
}

// nameC reads each c that is not part of ch (see FoldName).
func nameC(w []byte) []byte {
	if !strings.ContainsRune(string(w), 'c') {
		return w
	}
	out := make([]byte, 0, len(w)+2)
	for i, c := range w {
		if c != 'c' {
			out = append(out, c)
			continue
		}
		var next byte
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case next == 'h':
			out = append(out, c)
		case isNameVowel(next) || next == 'v':
			// ц, written as Fold writes it.
			if n := len(out); n > 0 && isNameVowel(out[n-1]) {
				out = append(out, 't', 's')
			} else {
				out = append(out, 's')
			}
		default:
			out = append(out, 'k')
		}
	}
	return out
}

// nameClusters rewrites shch and sch as sh, dj as j, gh as g and ng as n.
func nameClusters(w []byte) []byte {
	out := w[:0]
	for i := 0; i < len(w); {
		rest := w[i:]
		switch {
		// Read against what is written so far, so that one pass does the
		// whole of a run such as "shchch" (each sh before ch a merge left).
		case hasSuffix(out, "sh") && hasPrefix(rest, "ch"): // shch
			i += 2
		case hasSuffix(out, "s") && hasPrefix(rest, "ch"): // sch
			out = append(out, 'h')
			i += 2
		case hasPrefix(rest, "dj"):
			out = append(out, 'j')
			i += 2
		case hasPrefix(rest, "gh"), hasPrefix(rest, "ng"):
			out = append(out, rest[0]) // g, n
			i += 2
		default:
			out = append(out, rest[0])
			i++
		}
	}
	return out
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

func hasSuffix(b []byte, p string) bool { return len(b) >= len(p) && string(b[len(b)-len(p):]) == p }

// isNameVowel reports whether c is a vowel of the folded Latin alphabet
// (with i, unlike isVowel).
func isNameVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }

func isLetterRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r)
}
