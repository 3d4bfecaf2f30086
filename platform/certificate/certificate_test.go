package certificate

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	qr "github.com/piglig/go-qr"
	"golang.org/x/text/unicode/norm"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// Names with the letters of every script the certificates are written in.
var (
	cyrillicNames = []string{
		"Әсел Ғабитқызы Құнанбаева-Өңірбек Үкіһан", // Kazakh ә ғ қ ң ө ұ ү һ і
		"Ҷамшед Ҳакимович Ғоибзода-Ӯроқов Қодирӣ",  // Tajik ғ ӣ қ ӯ ҳ ҷ
		"Айгүл Өмүрбековна Ыңгайлыева",             // Kyrgyz ң ө ү
		"Шоҳрух Ўктамович Ғуломов",                 // Uzbek Cyrillic ў қ ғ ҳ
		"Пётр Ильич Щёголев-Эйхенбаум",             // Russian ё щ э ъ
	}
	latinNames = []string{
		"Ýazgül Ataýewa-Çöwlüýewa Žeňiş Bäşimowna",      // Turkmen ä ç ž ň ö ş ü ý
		"Oʻgʻiloy Gʻulomova-Shoʻxrat",                   // Uzbek oʻ gʻ with U+02BB
		"Äsel Ğabitqyzy Qūnanbaeva-Öñırbek Ükıhan İlia", // Kazakh Latin 2021 ä ğ ñ ö ū ü ı İ
		"Ásel Ǵabitqyzy Qunanbaeva-Óńirbek Úkihan Aıý",  // Kazakh Latin 2018 á ǵ ń ó ú ý ı
		"Siobhán O’Connor-Müller",
	}
)

// cases are, for each language variant, an event title in it and the
// phrases its certificate must say for an event of 28–30 October 2024 in
// Almaty: written here independently of texts.go, so a change of wording
// there is a change here too.
var cases = []struct {
	lang, title string
	phrases     []string
}{
	{English, "Asset recovery under the UNCAC",
		[]string{"Certificate of attendance", "This is to certify that", "took part in the regional training",
			"held in Almaty from 28 October 2024 to 30 October 2024", "Days attended: 3", "Hours: 22.5",
			"Verification code: KZ-2024-0042", "Verify at https://hub.example.org/verify/KZ-2024-0042", "Issued on 1 November 2024",
			"Regional Platform for Fast-Tracking UNCAC Implementation in Central Asia — UNODC secretariat"}},
	{Russian, "Возвращение активов в соответствии с Конвенцией ООН против коррупции",
		[]string{"Сертификат об участии", "Настоящим удостоверяется, что", "принял(а) участие в региональном тренинге",
			"Мероприятие проходило в городе Almaty с 28 октября 2024 г. по 30 октября 2024 г.",
			"Количество дней участия: 3", "Количество часов: 22,5", "Код проверки: KZ-2024-0042", "Дата выдачи: 1 ноября 2024 г.",
			"секретариат УНП ООН"}},
	{Kazakh, "Активтерді қайтару: БҰҰ-ның Сыбайлас жемқорлыққа қарсы конвенциясы",
		[]string{"Қатысу сертификаты", "Осы сертификат", "атты өңірлік тренингке қатысқанын растайды.",
			"Іс-шара Almaty қаласында 2024 жылғы 28 қазан – 2024 жылғы 30 қазан аралығында өтті.",
			"Тексеру коды: KZ-2024-0042", "Берілген күні: 2024 жылғы 1 қараша"}},
	{KazakhLatin, "Aktivterdı qaitaru: BŪŪ-nyñ Sybailas jemqorlyqqa qarsy konvensiiasy",
		[]string{"Qatysu sertifikaty", "Osy sertifikat", "atty öñırlık treningke qatysqanyn rastaidy.",
			"Is-şara Almaty qalasynda 2024 jylğy 28 qazan – 2024 jylğy 30 qazan aralyğynda öttı.",
			"Tekseru kody: KZ-2024-0042", "Berılgen künı: 2024 jylğy 1 qaraşa",
			"Ortalyq Aziiada BŪŪ-nyñ Sybailas jemqorlyqqa qarsy konvensiiasyn ıske asyrudy jedeldetu jönındegı öñırlık platforma"}},
	{Kyrgyz, "Активдерди кайтаруу: БУУнун Коррупцияга каршы конвенциясы",
		[]string{"Катышуу сертификаты", "Бул сертификат", "аттуу аймактык тренингге катышканын тастыктайт.",
			"Иш-чара Almaty шаарында 2024-жылдын 28-октябры – 2024-жылдын 30-октябры аралыгында өттү.",
			"Текшерүү коду: KZ-2024-0042", "Берилген күнү: 2024-жылдын 1-ноябры"}},
	{Tajik, "Баргардонидани дороиҳо: Конвенсияи СММ бар зидди коррупсия",
		[]string{"Сертификати иштирок", "Ин сертификат тасдиқ мекунад, ки", "дар тренинги минтақавии", "иштирок кардааст.",
			"Чорабинӣ дар шаҳри Almaty аз 28 октябри соли 2024 то 30 октябри соли 2024 баргузор гардид.",
			"Рамзи санҷиш: KZ-2024-0042", "Санаи додан: 1 ноябри соли 2024"}},
	{Turkmen, "Aktiwleri yzyna gaýtarmak: BMG-niň Korrupsiýa garşy konwensiýasy",
		[]string{"Gatnaşandygy barada sertifikat", "Şu sertifikat", "atly sebitleýin treninge gatnaşandygyny tassyklaýar.",
			"Çäre Almaty şäherinde 2024-nji ýylyň 28-nji oktýabry – 2024-nji ýylyň 30-njy oktýabry aralygynda geçirildi.",
			"Barlag kody: KZ-2024-0042", "Berlen senesi: 2024-nji ýylyň 1-nji noýabry"}},
	{Uzbek, "Aktivlarni qaytarish: BMTning Korrupsiyaga qarshi konvensiyasi boʻyicha",
		[]string{"Ishtirok sertifikati", "Ushbu sertifikat", "nomli mintaqaviy treningda ishtirok etganini tasdiqlaydi.",
			"Tadbir Almaty shahrida 2024-yil 28-oktabrdan 2024-yil 30-oktabrgacha boʻlib oʻtdi.",
			"Tekshirish kodi: KZ-2024-0042", "Berilgan sana: 2024-yil 1-noyabr"}},
	{UzbekCyrillic, "Активларни қайтариш: БМТнинг Коррупцияга қарши конвенцияси бўйича",
		[]string{"Иштирок сертификати", "Ушбу сертификат", "номли минтақавий тренингда иштирок этганини тасдиқлайди.",
			"Тадбир Almaty шаҳрида 2024 йил 28 октябрдан 2024 йил 30 октябргача бўлиб ўтди.",
			"Текшириш коди: KZ-2024-0042", "Берилган сана: 2024 йил 1 ноябрь"}},
}

func almaty(t testing.TB) *time.Location {
	t.Helper()
	loc, err := platform.LoadZone("Asia/Almaty")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// sample is a valid certificate of a three-day regional training in Almaty.
func sample(t testing.TB, lang, name, title string) Data {
	t.Helper()
	loc := almaty(t)
	return Data{
		Language: lang, ParticipantName: name, Organization: "Anti-Corruption Agency", Country: "Kazakhstan",
		EventTitle: title, EventKind: platform.EventRegionalTraining, City: "Almaty",
		Start:    time.Date(2024, 10, 28, 9, 0, 0, 0, loc),
		End:      time.Date(2024, 10, 30, 17, 0, 0, 0, loc),
		TimeZone: loc, DaysAttended: 3, Hours: 22.5,
		VerificationCode: "KZ-2024-0042", VerifyURL: "https://hub.example.org/verify/KZ-2024-0042",
		IssuedAt: time.Date(2024, 11, 1, 10, 0, 0, 0, loc),
	}
}

func render(t testing.TB, d Data) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		t.Fatalf("Render(%s): %v", d.Language, err)
	}
	return buf.Bytes()
}

var spaces = regexp.MustCompile(`\s+`)

// readBack extracts a certificate's text as the hub extracts an uploaded
// PDF, with its line breaks made spaces (a wrapped title is one phrase).
func readBack(t *testing.T, pdf []byte) string {
	t.Helper()
	text, err := extract.Text(platform.FormatPDF, bytes.NewReader(pdf), int64(len(pdf)))
	if err != nil {
		t.Fatalf("extract.Text: %v", err)
	}
	return spaces.ReplaceAllString(text, " ")
}

func mustContain(t *testing.T, text, want string) {
	t.Helper()
	if !strings.Contains(text, norm.NFC.String(want)) {
		t.Errorf("the certificate does not say %q; it reads:\n%s", want, text)
	}
}

func TestEveryLanguageIsReadBackFromThePDF(t *testing.T) {
	if got := Languages(); !slices.Equal(got, []string{"en", "ru", "kk", "kk-Latn", "ky", "tg", "tk", "uz", "uz-Cyrl"}) {
		t.Fatalf("Languages() = %v", got)
	}
	for i, c := range cases {
		for _, name := range []string{cyrillicNames[i%len(cyrillicNames)], latinNames[i%len(latinNames)]} {
			t.Run(c.lang+" "+name, func(t *testing.T) {
				d := sample(t, c.lang, name, c.title)
				pdf := render(t, d)
				text := readBack(t, pdf)
				mustContain(t, text, name)
				mustContain(t, text, c.title)
				mustContain(t, text, "KZ-2024-0042")
				for _, p := range c.phrases {
					mustContain(t, text, p)
				}
				if len(pdf) > 100_000 {
					t.Errorf("the certificate has %d bytes, want under 100 KB", len(pdf))
				}
			})
		}
	}
}

func TestEverySpecialLetterSurvives(t *testing.T) {
	for _, name := range slices.Concat(cyrillicNames, latinNames) {
		t.Run(name, func(t *testing.T) {
			text := readBack(t, render(t, sample(t, Kazakh, name, name)))
			mustContain(t, text, "«"+name+"»")
		})
	}
}

func TestTheOutputIsDeterministic(t *testing.T) {
	d := sample(t, Tajik, cyrillicNames[1], cases[5].title)
	first := render(t, d)
	// fpdf keeps its fonts in a map: ten renders would catch an order
	// that changes from run to run (it did before SetCatalogSort).
	for range 10 {
		if again := render(t, d); !bytes.Equal(first, again) {
			t.Fatal("the same data gave two different files")
		}
	}
	d.IssuedAt = d.IssuedAt.Add(24 * time.Hour)
	if later := render(t, d); bytes.Equal(first, later) {
		t.Error("another date of issue gave the same file")
	}
	if !bytes.Contains(first, []byte("/CreationDate (D:20241101050000)")) {
		t.Errorf("the creation date is not the date of issue in UTC")
	}
}

func TestOneDayAndOnlineEvents(t *testing.T) {
	tests := []struct {
		name, lang, city string
		days             int
		want             string
	}{
		{"an English one-day event in a city", English, "Bishkek", 0, "held in Bishkek on 28 October 2024"},
		{"an English online event over two days", English, "", 1, "held from 28 October 2024 to 29 October 2024"},
		{"a Kazakh one-day event takes the locative", Kazakh, "Астана", 0, "Іс-шара Астана қаласында 2024 жылғы 28 қазанда өтті."},
		{"a Kyrgyz one-day event takes the possessive locative", Kyrgyz, "", 0, "Иш-чара 2024-жылдын 28-октябрында өттү."},
		{"a Turkmen one-day event", Turkmen, "Aşgabat", 0, "Çäre Aşgabat şäherinde 2024-nji ýylyň 28-nji oktýabrynda geçirildi."},
		{"an Uzbek one-day event", Uzbek, "Toshkent", 0, "Tadbir Toshkent shahrida 2024-yil 28-oktabrda boʻlib oʻtdi."},
		{"an Uzbek Cyrillic one-day event drops the soft sign", UzbekCyrillic, "Тошкент", 0, "Тадбир Тошкент шаҳрида 2024 йил 28 октябрда бўлиб ўтди."},
		{"a Russian online event", Russian, "", 1, "Мероприятие проходило с 28 октября 2024 г. по 29 октября 2024 г."},
		{"a Tajik one-day event", Tajik, "Душанбе", 0, "Чорабинӣ 28 октябри соли 2024 дар шаҳри Душанбе баргузор гардид."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sample(t, tt.lang, "A B", "T")
			d.City = tt.city
			d.End = d.Start.Add(time.Duration(tt.days)*24*time.Hour + time.Hour)
			mustContain(t, readBack(t, render(t, d)), tt.want)
		})
	}
}

func TestTheDaysAreTheEventsOwn(t *testing.T) {
	// 23:30 in Almaty on 28 October is 17:30 UTC: the certificate says the
	// 28th whatever zone the instants come in.
	d := sample(t, English, "A B", "T")
	d.Start = time.Date(2024, 10, 28, 17, 30, 0, 0, time.UTC)
	d.End = d.Start.Add(time.Hour)
	mustContain(t, readBack(t, render(t, d)), "on 28 October 2024")
}

func TestTurkmenOrdinals(t *testing.T) {
	for n, want := range map[int]string{1: "1-nji", 6: "6-njy", 9: "9-njy", 10: "10-njy", 20: "20-nji",
		30: "30-njy", 31: "31-nji", 2024: "2024-nji", 2026: "2026-njy", 2030: "2030-njy", 2050: "2050-nji", 2000: "2000-nji", 2100: "2100-nji"} {
		if got := tkOrdinal(n); got != want {
			t.Errorf("tkOrdinal(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestTheCrossReferenceTableIsRight checks fixToUnicode's arithmetic: every
// offset of the table points at its object, and startxref at the table.
func TestTheCrossReferenceTableIsRight(t *testing.T) {
	doc := render(t, sample(t, Kyrgyz, cyrillicNames[2], cases[4].title))
	if bytes.Contains(doc, []byte("<0000> <FFFF> <0000>")) {
		t.Error("fpdf's ToUnicode map is still there")
	}
	x := bytes.LastIndex(doc, []byte("xref\n0 "))
	s := bytes.LastIndex(doc, []byte("startxref\n"))
	var start int
	fmt.Sscanf(string(doc[s+len("startxref\n"):]), "%d", &start)
	if start != x {
		t.Errorf("startxref says %d, the table is at %d", start, x)
	}
	var count int
	fmt.Sscanf(string(doc[x+len("xref\n0 "):]), "%d", &count)
	entries := doc[bytes.IndexByte(doc[x+5:], '\n')+x+6:]
	for i := 1; i < count; i++ {
		var off int
		fmt.Sscanf(string(entries[20*i:20*i+10]), "%d", &off)
		if want := fmt.Sprintf("%d 0 obj", i); !bytes.HasPrefix(doc[off:], []byte(want)) {
			t.Errorf("object %d: the table says %d, where %.12q is", i, off, doc[off:])
		}
	}
}

// TestTheQRCodeReadsBackAsTheURL paints the modules drawQR draws, with their
// quiet zone, and reads them with the library's own decoder, for the
// longest URL allowed too.
func TestTheQRCodeReadsBackAsTheURL(t *testing.T) {
	for _, u := range []string{
		"https://hub.example.org/verify/KZ-2024-0042",
		"https://hub.example.org/" + strings.Repeat("x", MaxURLLen-len("https://hub.example.org/")),
	} {
		modules, err := qrModules(u)
		if err != nil {
			t.Fatal(err)
		}
		const scale = 4
		side := (len(modules) + 8) * scale
		img := image.NewGray(image.Rect(0, 0, side, side))
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		for y, row := range modules {
			for x, dark := range row {
				if dark {
					draw.Draw(img, image.Rect((x+4)*scale, (y+4)*scale, (x+5)*scale, (y+5)*scale), image.Black, image.Point{}, draw.Src)
				}
			}
		}
		got, err := qr.Decode(img)
		if err != nil || got != u {
			t.Errorf("the QR code of %.40q… reads %.40q…, %v", u, got, err)
		}
		if m := qrSize / float64(len(modules)+8); m < 0.38 {
			t.Errorf("a URL of %d bytes has %d modules of %.2f mm", len(u), len(modules), m)
		}
	}
}

func TestKazakhLatinIsTheAlphabetSearchReads(t *testing.T) {
	// The pairs of search/fold_test.go, Cyrillic against Latin 2021.
	for cyr, lat := range map[string]string{
		"сыбайлас": "sybailas", "жемқорлық": "jemqorlyq", "Ұлттық": "Ūlttyq", "әділет": "ädılet", "өңір": "öñır",
		"Үкімет": "Ükımet", "ғылым": "ğylym", "халықаралық": "halyqaralyq", "шешім": "şeşım", "Қазақстан": "Qazaqstan",
		"Қырғызстан": "Qyrğyzstan", "Азия": "Aziia", "Ишім": "İşım", "Іле": "Ile", "Ясауи": "İasaui",
	} {
		if got := latin2021(cyr); got != lat {
			t.Errorf("latin2021(%q) = %q, want %q", cyr, got, lat)
		}
	}
}

// alphabets of the two second scripts, which platform.CheckScript does not
// know: Kazakh Latin of 2021, and Uzbek Cyrillic (with ц and ь of Russian
// loans, as "конвенция" and "октябрь" keep them).
var secondAlphabets = map[string]string{
	KazakhLatin:   "aäbçdefgğhıijklmnñoöpqrsştuūüvyz",
	UzbekCyrillic: "абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ",
}

// TestTextsAreWrittenInTheirOwnAlphabet holds every static text, kind and
// month to its variant's alphabet (platform.CheckScript for the seven
// languages): Latin "i" typed for Kazakh "і", a Cyrillic letter in Uzbek
// Latin, an apostrophe for ʻ.
func TestTextsAreWrittenInTheirOwnAlphabet(t *testing.T) {
	for _, lang := range Languages() {
		tx := catalog[lang]
		all := []string{tx.title, tx.intro, tx.before, tx.after, tx.heldRange, tx.heldDay, tx.heldRangeOnline,
			tx.heldDayOnline, tx.days, tx.hours, tx.code, tx.verify, tx.issued, tx.organizer}
		for _, k := range append([]platform.EventKind{""}, platform.EventKinds()...) {
			kind, ok := tx.kinds[k]
			if !ok || kind == "" {
				t.Errorf("%s has no text for the kind %q", lang, k)
			}
			all = append(all, kind)
		}
		if len(tx.kinds) != len(platform.EventKinds())+1 {
			t.Errorf("%s has %d kinds, the platform %d", lang, len(tx.kinds)-1, len(platform.EventKinds()))
		}
		for m := time.January; m <= time.December; m++ {
			day := time.Date(2024, m, 1, 0, 0, 0, 0, time.UTC)
			all = append(all, tx.date(day, datePlain), tx.date(day, dateOn), tx.date(day, dateStem))
		}
		for _, s := range all {
			plain := regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(s, "")
			if alphabet, ok := secondAlphabets[lang]; ok {
				for _, w := range strings.Fields(plain) {
					if w == "UNODC" {
						continue
					}
					for _, r := range w {
						if unicode.IsLetter(r) && !strings.ContainsRune(alphabet, unicode.ToLower(r)) {
							t.Errorf("%s: %q has %q, not a letter of its alphabet", lang, s, r)
						}
					}
				}
				continue
			}
			if err := platform.CheckScript(lang, plain); err != nil {
				t.Errorf("%s: %q: %v", lang, s, err)
			}
		}
	}
}

func TestInvalidDataIsRefusedWithTheField(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Data)
		field string
	}{
		{"an unknown language", func(d *Data) { d.Language = "kk-Cyrl" }, "language"},
		{"a name of spaces only", func(d *Data) { d.ParticipantName = " \u200b\t" }, "participantName"},
		{"a name one character too long", func(d *Data) { d.ParticipantName = strings.Repeat("Ә", MaxNameLen+1) }, "participantName"},
		{"no title", func(d *Data) { d.EventTitle = "" }, "eventTitle"},
		{"a title one character too long", func(d *Data) { d.EventTitle = strings.Repeat("a", MaxTitleLen+1) }, "eventTitle"},
		{"an organization too long", func(d *Data) { d.Organization = strings.Repeat("o", MaxOrganizationLen+1) }, "organization"},
		{"a letter the font cannot print", func(d *Data) { d.ParticipantName = "王小明" }, "participantName"},
		{"an unknown kind", func(d *Data) { d.EventKind = "party" }, "eventKind"},
		{"no time zone", func(d *Data) { d.TimeZone = nil }, "timeZone"},
		{"an end before the start", func(d *Data) { d.End = d.Start.Add(-time.Hour) }, "end"},
		{"no start", func(d *Data) { d.Start = time.Time{} }, "start"},
		{"no date of issue", func(d *Data) { d.IssuedAt = time.Time{} }, "issuedAt"},
		{"negative hours", func(d *Data) { d.Hours = -1 }, "hours"},
		{"too many days", func(d *Data) { d.DaysAttended = MaxDays + 1 }, "daysAttended"},
		{"no code", func(d *Data) { d.VerificationCode = "" }, "verificationCode"},
		{"a code with a space", func(d *Data) { d.VerificationCode = "KZ 42" }, "verificationCode"},
		{"a code in Cyrillic", func(d *Data) { d.VerificationCode = "КЗ-42" }, "verificationCode"},
		{"a relative URL", func(d *Data) { d.VerifyURL = "/verify/KZ-42" }, "verifyURL"},
		{"a javascript URL", func(d *Data) { d.VerifyURL = "javascript:alert(1)" }, "verifyURL"},
		{"a URL too long", func(d *Data) { d.VerifyURL = "https://hub.example.org/" + strings.Repeat("a", MaxURLLen) }, "verifyURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sample(t, Russian, "A B", "T")
			tt.edit(&d)
			var buf bytes.Buffer
			err := Render(&buf, d)
			if platform.ErrorCode(err) != platform.Invalid || !strings.Contains(err.Error(), tt.field+":") {
				t.Fatalf("Render = %v, want invalid naming %s", err, tt.field)
			}
			if buf.Len() != 0 {
				t.Errorf("a refused certificate wrote %d bytes", buf.Len())
			}
		})
	}
}

// TestTheLongestTextsFitOnOnePage fills every text to its limit with the
// widest letters, and words longer than a line, and reads them all back
// from the one page.
func TestTheLongestTextsFitOnOnePage(t *testing.T) {
	longWord := strings.Repeat("Ш", 150)
	words := strings.TrimSpace(strings.Repeat("Жемқорлыққа ", MaxTitleLen/12))
	d := sample(t, Kyrgyz, strings.Repeat("Ж", MaxNameLen), words)
	d.Organization = longWord + " " + strings.Repeat("W", MaxOrganizationLen-151)
	d.Country = strings.Repeat("M", MaxCountryLen)
	d.City = strings.Repeat("Щ", MaxCityLen)
	d.VerificationCode = strings.Repeat("W", MaxCodeLen)
	d.VerifyURL = "https://hub.example.org/" + strings.Repeat("W", MaxURLLen-len("https://hub.example.org/"))
	d.DaysAttended, d.Hours = MaxDays, MaxHours
	pdf := render(t, d)
	if n := bytes.Count(pdf, []byte("/Type /Page\n")); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	text := strings.ReplaceAll(readBack(t, pdf), " ", "")
	for _, s := range []string{d.ParticipantName, d.EventTitle, d.Organization, d.City, d.VerificationCode, d.VerifyURL} {
		if !strings.Contains(text, strings.ReplaceAll(s, " ", "")) {
			t.Errorf("%.40q… is not on the page", s)
		}
	}
}

// BenchmarkRender renders one Kazakh certificate per iteration. Nothing is
// cached between iterations but the fonts' character maps (parsed once for
// the glyph check): fpdf parses and subsets both fonts anew for every
// document, and each iteration has another name, so no two files are alike.
//
// Measured with `go test -run '^$' -bench Render -benchtime 50x -count 3
// ./platform/certificate/` on the shared 2-core machine: 41–57 ms/op,
// 43,036 pdf-bytes, 17.3 MB/op, 27,640 allocs/op (the package doc says more).
func BenchmarkRender(b *testing.B) {
	d := sample(b, Kazakh, cyrillicNames[0], cases[2].title)
	var buf bytes.Buffer
	size := 0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.ParticipantName = fmt.Sprintf("%s %d", cyrillicNames[0], i)
		buf.Reset()
		if err := Render(&buf, d); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
