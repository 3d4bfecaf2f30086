package certificate

import (
	"maps"
	"strings"
	"time"
	"unicode"
)

// kazakhLatin derives the Kazakh Latin texts from the Cyrillic ones, so the
// two scripts say the same words: every static text, kind and month goes
// through latin2021. Placeholders and the acronym UNODC are ASCII and pass
// through unchanged.
func kazakhLatin(kk *texts) *texts {
	l := *kk
	for _, s := range []*string{&l.title, &l.intro, &l.before, &l.after, &l.heldRange, &l.heldDay,
		&l.heldRangeOnline, &l.heldDayOnline, &l.days, &l.hours, &l.code, &l.verify, &l.issued, &l.organizer} {
		*s = latin2021(*s)
	}
	l.kinds = maps.Clone(kk.kinds)
	for k, v := range l.kinds {
		l.kinds[k] = latin2021(v)
	}
	l.date = func(t time.Time, form dateForm) string { return latin2021(kk.date(t, form)) }
	return &l
}

// latin2021Letters is the Kazakh Latin alphabet of 2021 for each Cyrillic
// letter, in lower case: the alphabet search.Fold reads (ä ğ ñ ö ū ü ş ı,
// и and й as i, ы as y, і as ı, у as u, ч as ç). Letters of Russian loans
// without a letter of their own are written as the alphabet's users write
// them: ц as s, щ as şş, ё ю я as io iu ia, ъ and ь dropped.
var latin2021Letters = map[rune]string{
	'а': "a", 'ә': "ä", 'б': "b", 'в': "v", 'г': "g", 'ғ': "ğ", 'д': "d", 'е': "e",
	'ё': "io", 'ж': "j", 'з': "z", 'и': "i", 'й': "i", 'к': "k", 'қ': "q", 'л': "l",
	'м': "m", 'н': "n", 'ң': "ñ", 'о': "o", 'ө': "ö", 'п': "p", 'р': "r", 'с': "s",
	'т': "t", 'у': "u", 'ұ': "ū", 'ү': "ü", 'ф': "f", 'х': "h", 'һ': "h", 'ц': "s",
	'ч': "ç", 'ш': "ş", 'щ': "şş", 'ъ': "", 'ы': "y", 'і': "ı", 'ь': "", 'э': "e",
	'ю': "iu", 'я': "ia",
}

// latin2021Capitals are the capitals that are not unicode.ToUpper of the
// small letter: и and й are dotted İ (ToUpper('i') is a dotless I), and і is
// a dotless I (whose small letter ı ToUpper already maps to I).
var latin2021Capitals = map[rune]string{'И': "İ", 'Й': "İ", 'Ё': "İo", 'Ю': "İu", 'Я': "İa"}

// latin2021 writes Kazakh Cyrillic text in the Latin alphabet of 2021;
// anything not a Kazakh Cyrillic letter is kept.
func latin2021(s string) string {
	var b strings.Builder
	for _, r := range s {
		if c, ok := latin2021Capitals[r]; ok {
			b.WriteString(c)
			continue
		}
		lower := unicode.ToLower(r)
		l, ok := latin2021Letters[lower]
		if !ok {
			b.WriteRune(r)
			continue
		}
		if lower != r && l != "" {
			first, size := []rune(l)[0], len(string([]rune(l)[0]))
			b.WriteRune(unicode.ToUpper(first))
			b.WriteString(l[size:])
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}
