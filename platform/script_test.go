package platform

import (
	"strings"
	"testing"
)

func TestCheckScript(t *testing.T) {
	tests := []struct {
		name string
		lang string
		text string
		want string // part of the error; empty for none
	}{
		{"Russian in Cyrillic passes", "ru", "Незаконное обогащение (статья 20)", ""},
		{"a Latin a inside a Russian word fails", "ru", "Незаконное обогащениe", "not a letter of the ru alphabet"},
		{"a Kazakh letter in Russian fails", "ru", "Қазахстан", "not a letter"},
		{"Latin acronyms in Russian pass", "ru", "Семинар УНП ООН и UNODC по ISO 37001, глава III", ""},
		{"Roman numerals in Russian pass", "ru", "глава V, закон № 410-V", ""},
		{"a lone Latin capital in Russian fails", "ru", "пункт B", "not a letter of the ru alphabet"},
		{"Kazakh letters pass in Kazakh", "kk", "Сыбайлас жемқорлыққа қарсы іс-қимыл", ""},
		{"a Latin i standing for Kazakh і fails", "kk", "Сыбайлас жемқорлыққа қарсы iс-қимыл", "not a letter of the kk alphabet"},
		{"Kyrgyz letters pass in Kyrgyz", "ky", "Коррупцияга каршы аракеттенүү жөнүндө", ""},
		{"a Kazakh қ in Kyrgyz fails", "ky", "Мыйзамсыз байуу жана қылмыш", "not a letter of the ky alphabet"},
		{"Tajik letters pass in Tajik", "tg", "Бойшавии ғайриқонунӣ", ""},
		{"ц, which Tajik writes тс, fails in Tajik", "tg", "Конвенция", "not a letter of the tg alphabet"},
		{"Turkmen Latin passes", "tk", "Korrupsiýa garşy göreşmek hakynda Kanun", ""},
		{"a Cyrillic letter in Turkmen fails", "tk", "Korrupsiýa гarşy", "not a letter of the tk alphabet"},
		{"a v, which Turkmen writes w, fails", "tk", "Konvensiýa", "not a letter of the tk alphabet"},
		{"Turkmen acronyms pass", "tk", "BMG-niň UNODC bilen", ""},
		{"Uzbek with ʻ and ʼ passes", "uz", "Oʻzbekiston Respublikasining «Korrupsiyaga qarshi kurashish toʻgʻrisida»gi Qonuni, taʼsir", ""},
		{"an ASCII apostrophe in Uzbek fails", "uz", "O'zbekiston", "where Uzbek uses ʻ"},
		{"a typographic apostrophe in Uzbek fails", "uz", "Oʻzbekiston va taʼsir’", "where Uzbek uses ʻ"},
		{"a backtick in Uzbek fails", "uz", "O`zbekiston", "where Uzbek uses ʻ"},
		{"ʻ after a letter other than o or g fails", "uz", "taʻsir", "belongs after o or g"},
		{"a c outside ch fails in Uzbek", "uz", "Konvencion", "does not begin ch"},
		{"ch passes in Uzbek", "uz", "choralari, Choralar", ""},
		{"Cyrillic in Uzbek Latin fails", "uz", "Ўзбекистон", "not a letter of the uz alphabet"},
		{"English possessives pass", "en", "A practitioners' course on whistle-blowers", ""},
		{"Cyrillic in English fails", "en", "Law on соrruption", "not a letter of the en alphabet"},
		{"an unknown language fails", "fr", "corruption", "no alphabet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckScript(tt.lang, tt.text)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckScript(%s, %q): %v", tt.lang, tt.text, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckScript(%s, %q) = %v, want an error saying %q", tt.lang, tt.text, err, tt.want)
			}
		})
	}
}
