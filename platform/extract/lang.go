package extract

import (
	"strings"
	"unicode"
)

// DetectLanguage guesses which of the hub's seven languages text is written
// in, from the letters each alphabet has and the others lack: Kazakh ә ұ і һ,
// Tajik ӣ ӯ ҷ, Uzbek Cyrillic ў, Kyrgyz ң ө ү without the Kazakh letters,
// Turkmen ä ň ý ž ş, Uzbek Latin oʻ gʻ and its frequent q and x. It returns
// "" when the text has too few letters to tell. It is meant for attachments
// uploaded without a language, where a rough guess beats none: the guess only
// chooses the analyser the text is indexed with.
func DetectLanguage(text string) string {
	var cyr, lat int
	count := map[rune]int{}
	uzApostrophe := 0
	prev := ' '
	for i, r := range text {
		if i > 1<<20 {
			break // a megabyte is plenty to tell
		}
		lr := unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			count[lr]++
		case unicode.Is(unicode.Latin, r):
			lat++
			count[lr]++
		case strings.ContainsRune("ʻʼ'‘’`", r) && (prev == 'o' || prev == 'g' || prev == 'O' || prev == 'G'):
			uzApostrophe++
		}
		prev = r
	}
	sum := func(letters string) int {
		n := 0
		for _, r := range letters {
			n += count[r]
		}
		return n
	}
	// A marker counts when it makes up at least 0.5% of the letters.
	enough := func(n, total int) bool { return n >= 2 && n*200 >= total }
	if cyr+lat < 20 {
		return ""
	}
	if cyr >= lat {
		kk, tg, uz, ky := sum("әұіһ"), sum("ӣӯҷ"), sum("ў"), sum("ңөү")
		switch {
		case enough(tg, cyr) && tg >= kk:
			return "tg"
		case enough(kk, cyr):
			return "kk"
		case enough(uz, cyr):
			return "uz"
		case enough(ky, cyr):
			return "ky"
		}
		return "ru"
	}
	tk := sum("äňýžş")
	uz := sum("qx") + 3*uzApostrophe
	switch {
	case enough(tk, lat):
		return "tk"
	case uz*100 >= lat*3:
		// Uzbek Latin: q and x together are some 4–6% of its letters, and
		// well under 1% of English.
		return "uz"
	}
	return "en"
}
