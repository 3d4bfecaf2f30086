package search

import (
	"slices"
	"strings"
	"testing"
)

// letter is one letter of a Cyrillic alphabet with its Latin spellings. A
// letter whose spelling depends on its neighbours (Uzbek е and ц) has a row
// per context, with the neighbours written out.
type letter struct {
	cyrillic string
	official string   // the official Latin alphabet (or, without one, the usual romanisation)
	informal []string // what people type without the official letters
	// apart lists spellings in use that Fold does not bring to the letter:
	// each is a price named in Fold's doc comment, pinned here so that it
	// is not paid or lifted silently.
	apart []string
}

// word is a word or phrase in Cyrillic and its Latin spellings, the official
// one first.
type word struct {
	cyrillic string
	latin    []string
}

// checkAlphabet checks that each letter's official and informal spellings
// fold as the Cyrillic letter does, in lower and upper case, and that the
// spellings in apart do not. cyrillic and latin list the letters of the
// alphabets (separated by spaces; latin empty for a language without an
// official Latin alphabet): each must have its row, so that no letter is
// left out in either direction.
func checkAlphabet(t *testing.T, cyrillic, latin string, letters []letter) {
	t.Helper()
	for _, c := range strings.Fields(cyrillic) {
		if !slices.ContainsFunc(letters, func(l letter) bool { return strings.Contains(l.cyrillic, c) }) {
			t.Errorf("the Cyrillic letter %q has no row", c)
		}
	}
	for _, c := range strings.Fields(latin) {
		if !slices.ContainsFunc(letters, func(l letter) bool { return strings.Contains(l.official, c) }) {
			t.Errorf("the Latin letter %q is in no row", c)
		}
	}
	for _, l := range letters {
		name := l.cyrillic + " is " + l.official
		if l.official == "" {
			name = l.cyrillic + " is not written"
		}
		t.Run(name, func(t *testing.T) {
			want := Fold(l.cyrillic)
			wantUpper := Fold(strings.ToUpper(l.cyrillic))
			for _, s := range append([]string{l.official}, l.informal...) {
				if got := Fold(s); got != want {
					t.Errorf("Fold(%q) = %q, but Fold(%q) = %q", s, got, l.cyrillic, want)
				}
				if got := Fold(strings.ToUpper(s)); got != wantUpper {
					t.Errorf("upper case: Fold(%q) = %q, but Fold(%q) = %q", strings.ToUpper(s), got, strings.ToUpper(l.cyrillic), wantUpper)
				}
			}
			for _, s := range l.apart {
				if got := Fold(s); got == want {
					t.Errorf("Fold(%q) = Fold(%q) = %q, which the doc comment says does not happen", s, l.cyrillic, got)
				}
			}
		})
	}
}

// checkWords checks whole words both ways: the Cyrillic word folds as each
// Latin spelling does (a Cyrillic query finds the Latin text and a Latin query
// the Cyrillic text: the index compares folded terms), and folding either
// folded form again gives the other's, as the index does when it folds a
// query term that is already folded.
func checkWords(t *testing.T, words []word) {
	t.Helper()
	for _, w := range words {
		t.Run(w.cyrillic, func(t *testing.T) {
			c := Fold(w.cyrillic)
			for _, s := range w.latin {
				l := Fold(s)
				if c != l {
					t.Errorf("Cyrillic %q folds to %q, Latin %q to %q", w.cyrillic, c, s, l)
				}
				if Fold(c) != l || Fold(l) != c {
					t.Errorf("folded forms %q and %q do not fold to each other", c, l)
				}
			}
		})
	}
}

// TestTranslitUzbek checks the Uzbek Latin alphabet of 1995, with its
// amendments (oʻ gʻ sh ch ng and the tutuq belgisi ʼ), against Uzbek
// Cyrillic, letter by letter and on words of the field.
func TestTranslitUzbek(t *testing.T) {
	t.Run("letters", func(t *testing.T) {
		checkAlphabet(t, "а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш ъ ь э ю я ў қ ғ ҳ", "a b d e f g h i j k l m n o p q r s t u v x y z oʻ gʻ sh ch ng ʼ", []letter{
			{"а", "a", nil, nil},
			{"б", "b", nil, nil},
			{"в", "v", []string{"w"}, nil},
			{"г", "g", nil, nil},
			{"д", "d", nil, nil},
			{"е", "ye", []string{"e"}, nil}, // at the start of a word
			{"бе", "be", nil, nil},          // after a consonant
			{"ое", "oye", []string{"oe"}, nil},
			{"ъе", "ye", []string{"ʼye", "'e"}, nil},
			{"ье", "ye", nil, nil},
			{"ё", "yo", []string{"io"}, []string{"jo"}},
			{"ж", "j", []string{"zh", "dj", "dzh"}, nil},
			{"з", "z", nil, nil},
			{"и", "i", nil, nil},
			{"й", "y", []string{"i"}, nil},
			{"к", "k", nil, nil},
			{"л", "l", nil, nil},
			{"м", "m", nil, nil},
			{"н", "n", nil, nil},
			{"о", "o", nil, nil},
			{"п", "p", nil, nil},
			{"р", "r", nil, nil},
			{"с", "s", nil, nil},
			{"т", "t", nil, nil},
			{"у", "u", nil, nil},
			{"ф", "f", nil, nil},
			{"х", "x", []string{"kh", "h"}, nil},
			{"ц", "s", []string{"ts"}, nil},          // at the start of a word
			{"ци", "si", []string{"tsi", "ci"}, nil}, // the same, before и
			{"нц", "ns", []string{"nts"}, nil},       // after a consonant
			{"аци", "atsi", []string{"aci"}, []string{"asi"}},
			{"ч", "ch", []string{"ç"}, nil},
			{"ш", "sh", []string{"ş"}, nil},
			{"аъ", "aʼ", []string{"a'", "a’", "a`", "aʾ", "a"}, nil},
			{"ль", "l", []string{"l'"}, nil},
			{"э", "e", nil, nil},
			{"ю", "yu", []string{"iu"}, []string{"ju"}},
			{"я", "ya", []string{"ia"}, []string{"ja"}},
			{"ў", "oʻ", []string{"o'", "o`", "o’", "o‘", "oʼ", "oʿ", "u", "у"}, []string{"o"}},
			{"қ", "q", []string{"k", "к"}, nil},
			{"ғ", "gʻ", []string{"g'", "g`", "g’", "gʿ", "gh", "g", "г"}, nil},
			{"ҳ", "h", []string{"x", "kh", "х"}, nil},
			{"нг", "ng", []string{"n", "ñ", "ң"}, nil},
		})
	})
	t.Run("words", func(t *testing.T) { checkWords(t, uzbekWords) })
}

// TestTranslitKazakh checks the Kazakh Latin alphabet of 2021 (A Ä B D E F G
// Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z) and the Latin people type
// against Kazakh Cyrillic. The letters of Russian loans that the 2021
// alphabet has no letter for (ё ц ч щ ъ ь э ю я) are written as Russian
// romanisation writes them.
func TestTranslitKazakh(t *testing.T) {
	t.Run("letters", func(t *testing.T) {
		checkAlphabet(t, "а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я", "a ä b d e f g ğ h ı i j k l m n ñ o ö p q r s ş t u ū ü v y z", []letter{
			{"а", "a", nil, nil},
			{"ә", "ä", []string{"a", "á", "a'", "ə"}, nil},
			{"б", "b", nil, nil},
			{"в", "v", []string{"w"}, nil},
			{"г", "g", nil, nil},
			{"ғ", "ğ", []string{"g", "gh", "ǵ", "g'", "gʻ"}, nil},
			{"д", "d", nil, nil},
			{"е", "e", []string{"ye"}, nil},
			{"ё", "io", []string{"yo"}, nil},
			{"ж", "j", []string{"zh", "dzh", "dj"}, nil},
			{"з", "z", nil, nil},
			{"и", "i", []string{"İ", "ï"}, []string{"iy"}},
			{"й", "i", []string{"İ", "y"}, nil},
			{"к", "k", nil, nil},
			{"қ", "q", []string{"k", "к"}, nil},
			{"л", "l", nil, nil},
			{"м", "m", nil, nil},
			{"н", "n", nil, nil},
			{"ң", "ñ", []string{"n", "ng", "ŋ", "ń", "n'", "н"}, nil},
			{"о", "o", nil, nil},
			{"ө", "ö", []string{"o", "ó", "о"}, []string{"o'", "oe"}},
			{"п", "p", nil, nil},
			{"р", "r", nil, nil},
			{"с", "s", nil, nil},
			{"т", "t", nil, nil},
			{"у", "u", nil, []string{"w", "ý"}},
			{"ұ", "ū", []string{"u", "ú", "u'", "у"}, nil},
			{"ү", "ü", []string{"u", "ú", "у"}, []string{"ue"}},
			{"ф", "f", nil, nil},
			{"х", "h", []string{"kh", "x"}, nil},
			{"һ", "h", []string{"kh", "x", "х"}, nil},
			{"ц", "ts", []string{"s"}, nil},
			{"ч", "ch", []string{"ç"}, []string{"c'"}},
			{"ш", "ş", []string{"sh"}, []string{"s'"}},
			{"щ", "shch", []string{"şç"}, nil},
			{"ъ", "", nil, nil},
			{"ы", "y", []string{"i", "ı"}, nil},
			{"і", "ı", []string{"i", "и"}, nil},
			{"ь", "", nil, nil},
			{"э", "e", nil, nil},
			{"ю", "iu", []string{"yu"}, nil},
			{"я", "ia", []string{"ya"}, nil},
		})
	})
	t.Run("words", func(t *testing.T) { checkWords(t, kazakhWords) })
}

// TestTranslitKyrgyz checks Kyrgyz Cyrillic against the romanisation of maps
// and documents (BGN/PCGN: ö ü ng, kh, ts) and the Latin people type in
// messages (o u n for ө ү ң, zh or dzh for ж).
func TestTranslitKyrgyz(t *testing.T) {
	t.Run("letters", func(t *testing.T) {
		checkAlphabet(t, "а б в г д е ё ж з и й к л м н ң о ө п р с т у ү ф х ц ч ш щ ъ ы ь э ю я", "", []letter{
			{"а", "a", nil, nil},
			{"б", "b", nil, nil},
			{"в", "v", nil, nil},
			{"г", "g", nil, nil},
			{"д", "d", nil, nil},
			{"е", "e", []string{"ye"}, nil},
			{"ё", "yo", []string{"io"}, []string{"ë"}},
			{"ж", "j", []string{"zh", "dzh", "dj", "ž"}, nil},
			{"з", "z", nil, nil},
			{"и", "i", nil, nil},
			{"й", "y", []string{"i", "ĭ"}, []string{"j"}},
			{"к", "k", nil, nil},
			{"л", "l", nil, nil},
			{"м", "m", nil, nil},
			{"н", "n", nil, nil},
			{"ң", "ng", []string{"n", "ñ", "ŋ", "н"}, nil},
			{"о", "o", nil, nil},
			{"ө", "ö", []string{"o", "ȯ", "ô", "о"}, []string{"oe"}},
			{"п", "p", nil, nil},
			{"р", "r", nil, nil},
			{"с", "s", nil, nil},
			{"т", "t", nil, nil},
			{"у", "u", nil, nil},
			{"ү", "ü", []string{"u", "u̇", "ù", "у"}, []string{"ue"}},
			{"ф", "f", nil, nil},
			{"х", "kh", []string{"h", "x"}, nil},
			{"ц", "ts", []string{"s", "t͡s"}, nil},
			{"ч", "ch", []string{"č"}, nil},
			{"ш", "sh", []string{"š"}, nil},
			{"щ", "shch", nil, nil},
			{"ъ", "", []string{"ʺ"}, nil},
			{"бъе", "bye", []string{"bʺe", "bie"}, []string{"be"}},
			{"ы", "y", []string{"i", "ı"}, nil},
			{"ь", "", []string{"'", "ʹ"}, nil},
			{"э", "e", []string{"ė", "è"}, nil},
			{"ю", "yu", []string{"iu", "i͡u"}, []string{"û"}},
			{"я", "ya", []string{"ia", "i͡a"}, []string{"â"}},
		})
	})
	t.Run("words", func(t *testing.T) { checkWords(t, kyrgyzWords) })
}

// TestTranslitTajik checks Tajik Cyrillic against the usual romanisation (gh
// ī q ū h j for ғ ӣ қ ӯ ҳ ҷ, kh for х) and the Latin typed in messages (g i k
// u x, j or dj or dzh).
func TestTranslitTajik(t *testing.T) {
	t.Run("letters", func(t *testing.T) {
		checkAlphabet(t, "а б в г ғ д е ё ж з и ӣ й к қ л м н о п р с т у ӯ ф х ҳ ч ҷ ш ъ э ю я", "", []letter{
			{"а", "a", nil, nil},
			{"б", "b", nil, nil},
			{"в", "v", []string{"w"}, nil},
			{"г", "g", nil, nil},
			{"ғ", "gh", []string{"g", "g'", "gʻ", "ğ", "г"}, nil},
			{"д", "d", nil, nil},
			{"е", "e", []string{"ye"}, nil},
			{"ё", "yo", []string{"io"}, nil},
			{"ж", "zh", []string{"j", "ž"}, nil},
			{"з", "z", nil, nil},
			{"и", "i", nil, nil},
			{"ӣ", "ī", []string{"i", "и"}, []string{"iy"}},
			{"й", "y", []string{"i"}, nil},
			{"к", "k", nil, nil},
			{"қ", "q", []string{"k", "к"}, nil},
			{"л", "l", nil, nil},
			{"м", "m", nil, nil},
			{"н", "n", nil, nil},
			{"о", "o", nil, nil},
			{"п", "p", nil, nil},
			{"р", "r", nil, nil},
			{"с", "s", nil, nil},
			{"т", "t", nil, nil},
			{"у", "u", nil, nil},
			{"ӯ", "ū", []string{"u", "o'", "oʻ", "у", "ў"}, []string{"o", "ö"}},
			{"ф", "f", nil, nil},
			{"х", "kh", []string{"x", "h"}, nil},
			{"ҳ", "h", []string{"x", "kh", "х", "ḩ"}, nil},
			{"ч", "ch", []string{"č"}, nil},
			{"ҷ", "j", []string{"dj", "dzh", "zh", "ǰ", "җ", "ж"}, []string{"ch", "ч"}},
			{"ш", "sh", []string{"š"}, nil},
			{"аъ", "aʼ", []string{"a'", "a"}, nil},
			{"э", "e", nil, nil},
			{"ю", "yu", []string{"iu"}, nil},
			{"я", "ya", []string{"ia"}, nil},
		})
	})
	t.Run("words", func(t *testing.T) { checkWords(t, tajikWords) })
}

// TestTranslitTurkmen checks the Turkmen Latin alphabet (1993, as amended in
// 1999: A B Ç D E Ä F G H I J Ž K L M N Ň O Ö P R S Ş T U Ü W Y Ý Z) against
// Turkmen Cyrillic, and the Latin typed without its letters.
func TestTranslitTurkmen(t *testing.T) {
	t.Run("letters", func(t *testing.T) {
		checkAlphabet(t, "а б в г д е ё ж җ з и й к л м н ң о ө п р с т у ү ф х ц ч ш щ ъ ы ь э ә ю я", "a b ç d e ä f g h i j ž k l m n ň o ö p r s ş t u ü w y ý z", []letter{
			{"а", "a", nil, nil},
			{"б", "b", nil, nil},
			{"в", "w", []string{"v"}, nil},
			{"г", "g", nil, nil},
			{"д", "d", nil, nil},
			{"е", "ýe", []string{"ye", "e"}, nil}, // at the start of a word
			{"бе", "be", nil, nil},
			{"ё", "ýo", []string{"yo", "ÿo"}, nil},
			{"ж", "ž", []string{"zh", "j"}, nil},
			{"җ", "j", []string{"dj", "dzh", "ж"}, nil},
			{"з", "z", nil, nil},
			{"и", "i", nil, nil},
			{"й", "ý", []string{"y", "i", "ÿ"}, nil},
			{"к", "k", nil, nil},
			{"л", "l", nil, nil},
			{"м", "m", nil, nil},
			{"н", "n", nil, nil},
			{"ң", "ň", []string{"n", "ng", "ñ"}, nil},
			{"о", "o", nil, nil},
			{"ө", "ö", []string{"o"}, nil},
			{"п", "p", nil, nil},
			{"р", "r", nil, nil},
			{"с", "s", nil, nil},
			{"т", "t", nil, nil},
			{"у", "u", nil, nil},
			{"ү", "ü", []string{"u"}, nil},
			{"ф", "f", nil, nil},
			{"х", "h", []string{"kh", "x"}, nil},
			{"ц", "s", []string{"ts"}, nil},
			{"ч", "ç", []string{"ch"}, []string{"c"}},
			{"ш", "ş", []string{"sh"}, []string{"s"}},
			{"щ", "şç", []string{"shch"}, nil},
			{"ъ", "", nil, nil},
			{"ы", "y", []string{"i", "ı"}, nil},
			{"ь", "", nil, nil},
			{"э", "e", nil, nil},
			{"ә", "ä", []string{"a"}, nil},
			{"ю", "ýu", []string{"yu"}, nil},
			{"я", "ýa", []string{"ya"}, nil},
		})
	})
	t.Run("words", func(t *testing.T) { checkWords(t, turkmenWords) })
}

// TestTranslitSeparate pins words that transliteration could merge but must
// keep apart, beside TestFoldKeepsApart, and the merges that the digraph
// rules (gh, dj, ng) pay, as Fold's doc comment names them.
func TestTranslitSeparate(t *testing.T) {
	apart := [][2]string{
		{"ҷой", "чой"},        // Tajik ҷ typed as ч does not meet (place, tea)
		{"жол", "чол"},        // ж and ч stay apart
		{"поэт", "пот"},       // oe is not ө
		{"дуэт", "дут"},       // ue is not ү
		{"төр", "тур"},        // ө and ү (o, u) stay apart
		{"сез", "шез"},        // s and sh
		{"yangi", "yaʼni"},    // Uzbek: new, namely (ng before a vowel stays)
		{"oldingi", "oldini"}, // Uzbek: previous, its prevention
		{"теңге", "тене"},     // ңг is not ң
		{"Kengesh", "Кеңеш"},  // documented: ng for ң before a vowel does not meet
		{"zhanga", "жаңа"},    // likewise
	}
	for _, p := range apart {
		if a, b := Fold(p[0]), Fold(p[1]); a == b {
			t.Errorf("Fold(%q) = Fold(%q) = %q", p[0], p[1], a)
		}
	}
	paid := [][2]string{
		{"thing", "thin"},
		{"signing", "signin"},
		{"ранг", "ран"},
		{"джем", "жем"},
	}
	for _, p := range paid {
		if a, b := Fold(p[0]), Fold(p[1]); a != b {
			t.Errorf("Fold(%q) = %q and Fold(%q) = %q: the doc comment says they meet", p[0], a, p[1], b)
		}
	}
}

// uzbekWords are Uzbek words and phrases of the anti-corruption field, in Cyrillic
// and in Latin (the official spelling first).
var uzbekWords = []word{
	{"коррупция", []string{"korrupsiya", "korruptsiya", "korrupciya", "коррупсия"}},
	{"Коррупцияга қарши курашиш тўғрисида", []string{"Korrupsiyaga qarshi kurashish toʻgʻrisida", "korrupsiyaga qarshi kurashish to'g'risida", "коррупцияга карши курашиш тугрисида"}},
	{"манфаатлар тўқнашуви", []string{"manfaatlar toʻqnashuvi", "manfaatlar to'qnashuvi", "manfaatlar tuqnashuvi", "манфаатлар тукнашуви"}},
	{"пора", []string{"pora"}},
	{"порахўрлик", []string{"poraxoʻrlik", "poraxo'rlik", "porakho'rlik", "порахурлик"}},
	{"ўзлаштириш", []string{"oʻzlashtirish", "o'zlashtirish", "uzlashtirish"}},
	{"таъмагирлик", []string{"taʼmagirlik", "ta'magirlik", "tamagirlik"}},
	{"ноқонуний бойлик", []string{"noqonuniy boylik", "nokonuniy boylik", "ноконуний бойлик"}},
	{"давлат харидлари", []string{"davlat xaridlari", "davlat kharidlari", "davlat haridlari"}},
	{"мансабдор шахс", []string{"mansabdor shaxs", "mansabdor shakhs"}},
	{"ҳуқуқни муҳофаза қилиш органлари", []string{"huquqni muhofaza qilish organlari", "hukukni muxofaza kilish organlari"}},
	{"жиноят", []string{"jinoyat", "zhinoyat", "djinoyat"}},
	{"Бош прокуратура", []string{"Bosh prokuratura"}},
	{"ошкоралик", []string{"oshkoralik"}},
	{"ҳисобдорлик", []string{"hisobdorlik", "xisobdorlik"}},
	{"даромадлар декларацияси", []string{"daromadlar deklaratsiyasi", "daromadlar deklaraciyasi"}},
	{"фуқаролик жамияти", []string{"fuqarolik jamiyati", "fukarolik jamiyati", "fuqarolik jamiyati"}},
	{"ғаразли", []string{"gʻarazli", "g'arazli", "gharazli"}},
	{"коррупцион ҳуқуқбузарлик субъекти", []string{"korrupsion huquqbuzarlik subyekti"}},
	{"экстрадиция", []string{"ekstraditsiya", "ekstradiciya"}},
	{"Европа кенгаши", []string{"Yevropa kengashi", "Evropa kengashi"}},
	{"янги таҳрирдаги қонун", []string{"yangi tahrirdagi qonun", "yangi taxrirdagi konun"}},
}

// kazakhWords are Kazakh words and phrases of the anti-corruption field, in Cyrillic
// and in Latin (the official spelling first).
var kazakhWords = []word{
	{"сыбайлас жемқорлық", []string{"sybailas jemqorlyq", "sybaylas zhemqorlyq", "sybailas zhemkorlyk", "сыбайлас жемкорлык"}},
	{"сыбайлас жемқорлыққа қарсы іс-қимыл", []string{"sybailas jemqorlyqqa qarsy ıs-qimyl", "sybailas zhemkorlykka karsy is-kimyl"}},
	{"пара", []string{"para"}},
	{"парақорлық", []string{"paraqorlyq", "parakorlyk"}},
	{"мүдделер қақтығысы", []string{"müddeler qaqtyğysy", "muddeler qaqtygysy", "muddeler kaktyghysy", "мудделер кактыгысы"}},
	{"мемлекеттік сатып алу", []string{"memlekettık satyp alu", "memlekettik satyp alu"}},
	{"заңсыз баю", []string{"zañsyz baiu", "zansyz bayu", "zangsyz bayu", "зансыз баю"}},
	{"құқық қорғау органдары", []string{"qūqyq qorğau organdary", "kukyk korgau organdary", "quqyq qorghau organdary"}},
	{"Бас прокуратура", []string{"Bas prokuratura"}},
	{"мемлекеттік қызметші", []string{"memlekettık qyzmetşı", "memlekettik kyzmetshi"}},
	{"ашықтық", []string{"aşyqtyq", "ashyqtyq", "ashyktyk"}},
	{"есеп беру", []string{"esep beru", "yesep beru"}},
	{"кірістер декларациясы", []string{"kırıster deklaratsiiasy", "kirister deklaraciyasy", "kirister deklaratsiyasy"}},
	{"Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі", []string{"Sybailas jemqorlyqqa qarsy ıs-qimyl agenttıgı"}},
	{"әділеттілік", []string{"ädılettılık", "adilettilik"}},
	{"лауазымды тұлға", []string{"lauazymdy tūlğa", "lauazymdy tulga", "lauazymdy tulgha"}},
	{"тергеу", []string{"tergeu"}},
	{"Ұлттық бюро", []string{"Ūlttyq biuro", "Ulttyk byuro"}},
}

// kyrgyzWords are Kyrgyz words and phrases of the anti-corruption field, in Cyrillic
// and in Latin (the official spelling first).
var kyrgyzWords = []word{
	{"коррупция", []string{"korruptsiya", "korrupsiya", "korrupciya"}},
	{"коррупцияга каршы күрөшүү", []string{"korruptsiyaga karshy küröshüü", "korrupsiyaga karshy kuroshuu"}},
	{"пара", []string{"para"}},
	{"паракорчулук", []string{"parakorchuluk"}},
	{"кызыкчылыктардын кагылышы", []string{"kyzykchylyktardyn kagylyshy", "kizikchiliktardin kagilishi"}},
	{"мамлекеттик сатып алуулар", []string{"mamlekettik satyp aluular"}},
	{"мыйзамсыз байытуу", []string{"myyzamsyz bayytuu", "myizamsyz baiytuu"}},
	{"Башкы прокуратура", []string{"Bashky prokuratura"}},
	{"Жогорку Кеңеш", []string{"Jogorku Kenesh", "Zhogorku Kenesh", "Dzhogorku Kenesh", "Jogorku Keñesh", "Жогорку Кенеш"}},
	{"айкындык", []string{"aykyndyk", "aikyndyk"}},
	{"мамлекеттик кызматчы", []string{"mamlekettik kyzmatchy"}},
	{"кылмыш", []string{"kylmysh"}},
	{"өкмөт", []string{"ökmöt", "okmot", "окмот"}},
	{"тергөө", []string{"tergöö", "tergoo"}},
	{"мыйзам", []string{"myyzam", "mıyzam"}},
	{"Кыргыз Республикасынын Жогорку Кеңеши", []string{"Kyrgyz Respublikasynyn Jogorku Keneshi", "Kirgiz Respublikasinin Zhogorku Keneshi"}},
}

// tajikWords are Tajik words and phrases of the anti-corruption field, in Cyrillic
// and in Latin (the official spelling first).
var tajikWords = []word{
	{"коррупсия", []string{"korrupsiya", "korruptsiya", "korrupciya", "коррупция"}},
	{"муқовимат ба коррупсия", []string{"muqovimat ba korrupsiya", "mukovimat ba korrupsiya"}},
	{"ришва", []string{"rishva"}},
	{"ришвахорӣ", []string{"rishvakhorī", "rishvakhori", "rishvaxori", "rishvahori", "ришвахори"}},
	{"бархӯрди манфиатҳо", []string{"barkhūrdi manfiatho", "barkhurdi manfiatho", "barxo'rdi manfiatho", "бархурди манфиатхо"}},
	{"харидҳои давлатӣ", []string{"kharidhoi davlatī", "xaridhoi davlati", "haridhoi davlati"}},
	{"Агентии назорати молиявии давлатӣ ва мубориза бо коррупсия", []string{"Agentii nazorati moliyavii davlatī va muboriza bo korrupsiya"}},
	{"Прокуратураи генералӣ", []string{"Prokuraturai generalī", "Prokuraturai generali"}},
	{"шаффофият", []string{"shaffofiyat"}},
	{"ҷиноят", []string{"jinoyat", "djinoyat", "dzhinoyat", "жиноят"}},
	{"хизматчии давлатӣ", []string{"khizmatchii davlatī", "xizmatchii davlati"}},
	{"ғайриқонунӣ", []string{"ghayriqonunī", "gayriqonuni", "g'ayriqonuni", "ghayrikonuni"}},
	{"ҳисоботдиҳӣ", []string{"hisobotdihī", "hisobotdihi", "xisobotdixi"}},
	{"Ҷумҳурии Тоҷикистон", []string{"Jumhurii Tojikiston", "Djumhurii Todjikiston", "Dzhumhurii Tojikiston"}},
	{"қонун", []string{"qonun", "konun"}},
}

// turkmenWords are Turkmen words and phrases of the anti-corruption field, in Cyrillic
// and in Latin (the official spelling first).
var turkmenWords = []word{
	{"коррупсия", []string{"korrupsiýa", "korrupsiya", "коррупция"}},
	{"коррупсия гаршы гөреш", []string{"korrupsiýa garşy göreş", "korrupsiya garshy goresh"}},
	{"пара", []string{"para"}},
	{"парахорлык", []string{"parahorlyk", "parakhorlyk", "paraxorlik"}},
	{"парахорлуга гаршы гөрешмек хакында", []string{"parahorluga garşy göreşmek hakynda", "parakhorluga garshy goreshmek khakynda"}},
	{"бәхбитлериң гапма-гаршылыгы", []string{"bähbitleriň gapma-garşylygy", "bahbitlering gapma-garshylygy"}},
	{"дөвлет сатын алышлары", []string{"döwlet satyn alyşlary", "dowlet satyn alyshlary", "dovlet satyn alyshlary"}},
	{"Баш прокуратура", []string{"Baş prokuratura", "Bash prokuratura"}},
	{"канун", []string{"kanun"}},
	{"җенаят", []string{"jenaýat", "jenayat", "djenayat"}},
	{"айдыңлык", []string{"aýdyňlyk", "aydynlyk", "aydynglyk"}},
	{"дөвлет гуллукчысы", []string{"döwlet gullukçysy", "dowlet gullukchysy"}},
	{"җогапкәрчилик", []string{"jogapkärçilik", "jogapkarchilik"}},
	{"Түркменистаның Меҗлиси", []string{"Türkmenistanyň Mejlisi", "Turkmenistanyn Mejlisi", "Туркменистанын Меджлиси"}},
	{"хукук горайҗы эдаралар", []string{"hukuk goraýjy edaralar", "khukuk gorayjy edaralar"}},
	{"журналист", []string{"žurnalist", "zhurnalist", "jurnalist"}},
}

// TranslitWords gives the word tables by language code, for the index test
// in package search_test (translit_index_test.go), which cannot import this
// package's test files.
func TranslitWords() map[string][][]string {
	m := map[string][][]string{}
	for lang, words := range map[string][]word{"uz": uzbekWords, "kk": kazakhWords, "ky": kyrgyzWords, "tg": tajikWords, "tk": turkmenWords} {
		for _, w := range words {
			m[lang] = append(m[lang], append([]string{w.cyrillic}, w.latin...))
		}
	}
	return m
}
