package certificate

import (
	"strconv"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// The language variants a certificate can be written in: the hub's seven
// languages, and the second script of Kazakh and Uzbek. A plain code means
// the script the hub writes that language in everywhere else (Kazakh in
// Cyrillic, Uzbek in Latin, as in i18n/locales); the other script is named
// with its BCP 47 script subtag.
const (
	English        = "en"
	Russian        = "ru"
	Kazakh         = "kk"      // Cyrillic
	KazakhLatin    = "kk-Latn" // the Latin alphabet of 2021, as search.Fold reads it
	Kyrgyz         = "ky"      // Cyrillic
	Tajik          = "tg"      // Cyrillic
	Turkmen        = "tk"      // Latin
	Uzbek          = "uz"      // Latin (1995, with ʻ U+02BB and ʼ U+02BC)
	UzbekCyrillic  = "uz-Cyrl" // Cyrillic
	defaultVariant = English
)

// variants is the order Languages reports them in: the hub's switcher order,
// each second script after its language.
var variants = []string{English, Russian, Kazakh, KazakhLatin, Kyrgyz, Tajik, Turkmen, Uzbek, UzbekCyrillic}

// Languages returns the codes Data.Language accepts, in the hub's order with
// each second script after its language. The slice is a fresh copy.
func Languages() []string {
	return append([]string(nil), variants...)
}

// texts are a certificate's words in one language variant. Placeholders in
// braces ({kind}, {city}, {start}, {end}, {date}, {url}, {n}) are replaced in
// one pass, so a value that itself holds braces is printed as it is.
type texts struct {
	title string // the heading
	// intro stands before the participant's name; before and after around
	// the event's title, each with {kind}: English and Russian say "took
	// part in the training" before the title, the Turkic languages put the
	// verb at the end of the sentence, after the title.
	intro, before, after string
	// kinds are the event kinds in the form the sentence needs them (the
	// Russian prepositional with its preposition, the Turkic dative or
	// locative, the Tajik ezafe); kinds[""] is the word for an event of no
	// particular kind.
	kinds map[platform.EventKind]string
	// open and close quote the event's title.
	open, close string
	// held says where and when: a range of days or one day, with or without
	// a city.
	heldRange, heldDay, heldRangeOnline, heldDayOnline string
	days, hours                                        string // labels before a number ({n})
	code                                               string // "Verification code"
	verify                                             string // with {url}
	issued                                             string // with {date}
	organizer                                          string
	// date writes a day in the given form: as issued shows it, as heldDay
	// needs it, or as the range needs it (rangeForm).
	date      func(t time.Time, form dateForm) string
	rangeForm dateForm
	// decimal is the decimal separator of hours.
	decimal string
}

// catalog holds every variant's texts. It is built once and only read.
var catalog = buildCatalog()

func buildCatalog() map[string]*texts {
	c := map[string]*texts{
		English: {
			title:  "Certificate of attendance",
			intro:  "This is to certify that",
			before: "took part in the {kind}",
			kinds: map[platform.EventKind]string{
				"":                             "event",
				platform.EventRegionalTraining: "regional training",
				platform.EventNationalTraining: "national training",
				platform.EventWebinar:          "webinar",
				platform.EventWorkshop:         "workshop",
				platform.EventFocusGroup:       "focus group",
				platform.EventExpertDiscussion: "expert discussion",
				platform.EventConference:       "annual conference",
				platform.EventBilateral:        "bilateral meeting",
				platform.EventStudyVisit:       "study visit",
				platform.EventMeeting:          "meeting",
			},
			open: "“", close: "”",
			heldRange:       "held in {city} from {start} to {end}",
			heldDay:         "held in {city} on {date}",
			heldRangeOnline: "held from {start} to {end}",
			heldDayOnline:   "held on {date}",
			days:            "Days attended: {n}",
			hours:           "Hours: {n}",
			code:            "Verification code",
			verify:          "Verify at {url}",
			issued:          "Issued on {date}",
			organizer:       "Regional Platform for Fast-Tracking UNCAC Implementation in Central Asia — UNODC secretariat",
			date: func(t time.Time, _ dateForm) string {
				return strconv.Itoa(t.Day()) + " " + t.Month().String() + " " + strconv.Itoa(t.Year())
			},
			decimal: ".",
		},
		Russian: {
			title:  "Сертификат об участии",
			intro:  "Настоящим удостоверяется, что",
			before: "принял(а) участие {kind}",
			kinds: map[platform.EventKind]string{
				"":                             "в мероприятии",
				platform.EventRegionalTraining: "в региональном тренинге",
				platform.EventNationalTraining: "в национальном тренинге",
				platform.EventWebinar:          "в вебинаре",
				platform.EventWorkshop:         "в семинаре-практикуме",
				platform.EventFocusGroup:       "в фокус-группе",
				platform.EventExpertDiscussion: "в экспертном обсуждении",
				platform.EventConference:       "в ежегодной конференции",
				platform.EventBilateral:        "в двусторонней встрече",
				platform.EventStudyVisit:       "в ознакомительном визите",
				platform.EventMeeting:          "во встрече",
			},
			open: "«", close: "»",
			// "в городе Бишкек": with the word город the name stays in the
			// nominative, as official Russian writes it, so no city needs
			// declining.
			heldRange:       "Мероприятие проходило в городе {city} с {start} по {end}.",
			heldDay:         "Мероприятие состоялось в городе {city} {date}.",
			heldRangeOnline: "Мероприятие проходило с {start} по {end}.",
			heldDayOnline:   "Мероприятие состоялось {date}.",
			days:            "Количество дней участия: {n}",
			hours:           "Количество часов: {n}",
			code:            "Код проверки",
			verify:          "Проверить подлинность: {url}",
			issued:          "Дата выдачи: {date}",
			organizer:       "Региональная платформа по ускорению осуществления Конвенции ООН против коррупции в Центральной Азии — секретариат УНП ООН",
			date: func(t time.Time, _ dateForm) string {
				return strconv.Itoa(t.Day()) + " " + ruMonths[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " г."
			},
			decimal: ",",
		},
		Kazakh: {
			title: "Қатысу сертификаты",
			// "Осы сертификат [name] «[title]» атты [kind-dative] қатысқанын
			// растайды": the verb closes the sentence after the title.
			intro: "Осы сертификат",
			after: "атты {kind} қатысқанын растайды.",
			kinds: map[platform.EventKind]string{
				"":                             "іс-шараға",
				platform.EventRegionalTraining: "өңірлік тренингке",
				platform.EventNationalTraining: "ұлттық тренингке",
				platform.EventWebinar:          "вебинарға",
				platform.EventWorkshop:         "практикалық семинарға",
				platform.EventFocusGroup:       "фокус-топқа",
				platform.EventExpertDiscussion: "сарапшылық талқылауға",
				platform.EventConference:       "жыл сайынғы конференцияға",
				platform.EventBilateral:        "екіжақты кездесуге",
				platform.EventStudyVisit:       "танысу сапарына",
				platform.EventMeeting:          "кездесуге",
			},
			open: "«", close: "»",
			// "Алматы қаласында": the city keeps its form; a range is
			// "[date] – [date] аралығында", so no date takes a case ending
			// that would depend on the month's last sound.
			heldRange:       "Іс-шара {city} қаласында {start} – {end} аралығында өтті.",
			heldDay:         "Іс-шара {city} қаласында {date} өтті.",
			heldRangeOnline: "Іс-шара {start} – {end} аралығында өтті.",
			heldDayOnline:   "Іс-шара {date} өтті.",
			days:            "Қатысқан күндер саны: {n}",
			hours:           "Сағат саны: {n}",
			code:            "Тексеру коды",
			verify:          "Түпнұсқалығын тексеру: {url}",
			issued:          "Берілген күні: {date}",
			organizer:       "Орталық Азияда БҰҰ-ның Сыбайлас жемқорлыққа қарсы конвенциясын іске асыруды жеделдету жөніндегі өңірлік платформа — UNODC хатшылығы",
			date: func(t time.Time, form dateForm) string {
				m := kkMonths[t.Month()-1]
				if form == dateOn {
					m = kkMonthsLocative[t.Month()-1]
				}
				return strconv.Itoa(t.Year()) + " жылғы " + strconv.Itoa(t.Day()) + " " + m
			},
			decimal: ",",
		},
		Kyrgyz: {
			title: "Катышуу сертификаты",
			intro: "Бул сертификат",
			after: "аттуу {kind} катышканын тастыктайт.",
			kinds: map[platform.EventKind]string{
				"":                             "иш-чарага",
				platform.EventRegionalTraining: "аймактык тренингге",
				platform.EventNationalTraining: "улуттук тренингге",
				platform.EventWebinar:          "вебинарга",
				platform.EventWorkshop:         "практикалык семинарга",
				platform.EventFocusGroup:       "фокус-топко",
				platform.EventExpertDiscussion: "эксперттик талкууга",
				platform.EventConference:       "жылдык конференцияга",
				platform.EventBilateral:        "эки тараптуу жолугушууга",
				platform.EventStudyVisit:       "таанышуу сапарына",
				platform.EventMeeting:          "жолугушууга",
			},
			open: "«", close: "»",
			heldRange:       "Иш-чара {city} шаарында {start} – {end} аралыгында өттү.",
			heldDay:         "Иш-чара {city} шаарында {date} өттү.",
			heldRangeOnline: "Иш-чара {start} – {end} аралыгында өттү.",
			heldDayOnline:   "Иш-чара {date} өттү.",
			days:            "Катышкан күндөрдүн саны: {n}",
			hours:           "Сааттардын саны: {n}",
			code:            "Текшерүү коду",
			verify:          "Аныктыгын текшерүү: {url}",
			issued:          "Берилген күнү: {date}",
			organizer:       "Борбор Азияда БУУнун Коррупцияга каршы конвенциясын ишке ашырууну тездетүү боюнча аймактык платформа — UNODC катчылыгы",
			date: func(t time.Time, form dateForm) string {
				m := kyMonths[t.Month()-1]
				if form == dateOn {
					m = kyMonthsLocative[t.Month()-1]
				}
				return strconv.Itoa(t.Year()) + "-жылдын " + strconv.Itoa(t.Day()) + "-" + m
			},
			decimal: ",",
		},
		Tajik: {
			title: "Сертификати иштирок",
			intro: "Ин сертификат тасдиқ мекунад, ки",
			// "дар семинари «…» иштирок кардааст": the kind takes the ezafe
			// that joins it to the title.
			before: "{kind}",
			after:  "иштирок кардааст.",
			kinds: map[platform.EventKind]string{
				"":                             "дар чорабинии",
				platform.EventRegionalTraining: "дар тренинги минтақавии",
				platform.EventNationalTraining: "дар тренинги миллии",
				platform.EventWebinar:          "дар вебинари",
				platform.EventWorkshop:         "дар семинари амалии",
				platform.EventFocusGroup:       "дар гурӯҳи фокусии",
				platform.EventExpertDiscussion: "дар муҳокимаи коршиносон дар мавзӯи",
				platform.EventConference:       "дар конференсияи солонаи",
				platform.EventBilateral:        "дар мулоқоти дуҷонибаи",
				platform.EventStudyVisit:       "дар сафари омӯзишии",
				platform.EventMeeting:          "дар мулоқоти",
			},
			open: "«", close: "»",
			heldRange:       "Чорабинӣ дар шаҳри {city} аз {start} то {end} баргузор гардид.",
			heldDay:         "Чорабинӣ {date} дар шаҳри {city} баргузор гардид.",
			heldRangeOnline: "Чорабинӣ аз {start} то {end} баргузор гардид.",
			heldDayOnline:   "Чорабинӣ {date} баргузор гардид.",
			days:            "Шумораи рӯзҳои иштирок: {n}",
			hours:           "Шумораи соатҳо: {n}",
			code:            "Рамзи санҷиш",
			verify:          "Санҷиши аслият: {url}",
			issued:          "Санаи додан: {date}",
			organizer:       "Платформаи минтақавӣ оид ба тезонидани татбиқи Конвенсияи СММ бар зидди коррупсия дар Осиёи Марказӣ — котиботи UNODC",
			date: func(t time.Time, _ dateForm) string {
				return strconv.Itoa(t.Day()) + " " + tgMonths[t.Month()-1] + " соли " + strconv.Itoa(t.Year())
			},
			decimal: ",",
		},
		Turkmen: {
			title: "Gatnaşandygy barada sertifikat",
			intro: "Şu sertifikat",
			after: "atly {kind} gatnaşandygyny tassyklaýar.",
			kinds: map[platform.EventKind]string{
				"":                             "çärä",
				platform.EventRegionalTraining: "sebitleýin treninge",
				platform.EventNationalTraining: "milli treninge",
				platform.EventWebinar:          "webinara",
				platform.EventWorkshop:         "amaly seminara",
				platform.EventFocusGroup:       "fokus-topara",
				platform.EventExpertDiscussion: "bilermenleriň ara alyp maslahatlaşmasyna",
				platform.EventConference:       "ýyllyk konferensiýa",
				platform.EventBilateral:        "ikitaraplaýyn duşuşyga",
				platform.EventStudyVisit:       "tanyşlyk saparyna",
				platform.EventMeeting:          "duşuşyga",
			},
			open: "«", close: "»",
			heldRange:       "Çäre {city} şäherinde {start} – {end} aralygynda geçirildi.",
			heldDay:         "Çäre {city} şäherinde {date} geçirildi.",
			heldRangeOnline: "Çäre {start} – {end} aralygynda geçirildi.",
			heldDayOnline:   "Çäre {date} geçirildi.",
			days:            "Gatnaşan günleriniň sany: {n}",
			hours:           "Sagat sany: {n}",
			code:            "Barlag kody",
			verify:          "Hakykylygyny barlamak: {url}",
			issued:          "Berlen senesi: {date}",
			organizer:       "Merkezi Aziýada BMG-niň Korrupsiýa garşy konwensiýasynyň durmuşa geçirilişini çaltlandyrmak boýunça sebitleýin platforma — UNODC sekretariaty",
			date: func(t time.Time, form dateForm) string {
				m := tkMonths[t.Month()-1]
				if form == dateOn {
					m = tkMonthsLocative[t.Month()-1]
				}
				return tkOrdinal(t.Year()) + " ýylyň " + tkOrdinal(t.Day()) + " " + m
			},
			decimal: ",",
		},
		Uzbek: {
			title: "Ishtirok sertifikati",
			intro: "Ushbu sertifikat",
			after: "nomli {kind} ishtirok etganini tasdiqlaydi.",
			kinds: map[platform.EventKind]string{
				"":                             "tadbirda",
				platform.EventRegionalTraining: "mintaqaviy treningda",
				platform.EventNationalTraining: "milliy treningda",
				platform.EventWebinar:          "vebinarda",
				platform.EventWorkshop:         "amaliy seminarda",
				platform.EventFocusGroup:       "fokus-guruhda",
				platform.EventExpertDiscussion: "ekspertlar muhokamasida",
				platform.EventConference:       "yillik konferensiyada",
				platform.EventBilateral:        "ikki tomonlama uchrashuvda",
				platform.EventStudyVisit:       "tanishuv safarida",
				platform.EventMeeting:          "uchrashuvda",
			},
			open: "«", close: "»",
			// Uzbek suffixes do not change with the word they follow, so the
			// dates take -dan and -gacha directly.
			heldRange:       "Tadbir {city} shahrida {start}dan {end}gacha boʻlib oʻtdi.",
			heldDay:         "Tadbir {city} shahrida {date} boʻlib oʻtdi.",
			heldRangeOnline: "Tadbir {start}dan {end}gacha boʻlib oʻtdi.",
			heldDayOnline:   "Tadbir {date} boʻlib oʻtdi.",
			days:            "Ishtirok etgan kunlar soni: {n}",
			hours:           "Soatlar soni: {n}",
			code:            "Tekshirish kodi",
			verify:          "Haqiqiyligini tekshirish: {url}",
			issued:          "Berilgan sana: {date}",
			organizer:       "Markaziy Osiyoda BMTning Korrupsiyaga qarshi konvensiyasini amalga oshirishni jadallashtirish boʻyicha mintaqaviy platforma — UNODC kotibiyati",
			date: func(t time.Time, form dateForm) string {
				s := strconv.Itoa(t.Year()) + "-yil " + strconv.Itoa(t.Day()) + "-" + uzMonths[t.Month()-1]
				if form == dateOn {
					s += "da"
				}
				return s
			},
			rangeForm: dateStem,
			decimal:   ",",
		},
		UzbekCyrillic: {
			title: "Иштирок сертификати",
			intro: "Ушбу сертификат",
			after: "номли {kind} иштирок этганини тасдиқлайди.",
			kinds: map[platform.EventKind]string{
				"":                             "тадбирда",
				platform.EventRegionalTraining: "минтақавий тренингда",
				platform.EventNationalTraining: "миллий тренингда",
				platform.EventWebinar:          "вебинарда",
				platform.EventWorkshop:         "амалий семинарда",
				platform.EventFocusGroup:       "фокус-гуруҳда",
				platform.EventExpertDiscussion: "экспертлар муҳокамасида",
				platform.EventConference:       "йиллик конференцияда",
				platform.EventBilateral:        "икки томонлама учрашувда",
				platform.EventStudyVisit:       "танишув сафарида",
				platform.EventMeeting:          "учрашувда",
			},
			open: "«", close: "»",
			heldRange:       "Тадбир {city} шаҳрида {start}дан {end}гача бўлиб ўтди.",
			heldDay:         "Тадбир {city} шаҳрида {date} бўлиб ўтди.",
			heldRangeOnline: "Тадбир {start}дан {end}гача бўлиб ўтди.",
			heldDayOnline:   "Тадбир {date} бўлиб ўтди.",
			days:            "Иштирок этган кунлар сони: {n}",
			hours:           "Соатлар сони: {n}",
			code:            "Текшириш коди",
			verify:          "Ҳақиқийлигини текшириш: {url}",
			issued:          "Берилган сана: {date}",
			organizer:       "Марказий Осиёда БМТнинг Коррупцияга қарши конвенциясини амалга оширишни жадаллаштириш бўйича минтақавий платформа — UNODC котибияти",
			// As decrees write it: "2019 йил 8 октябрь", and before a
			// suffix without the soft sign, "8 октябрдан", "8 октябрда".
			date: func(t time.Time, form dateForm) string {
				m := uzCyrlMonths[t.Month()-1]
				switch form {
				case dateOn:
					m = strings.TrimSuffix(m, "ь") + "да"
				case dateStem:
					m = strings.TrimSuffix(m, "ь")
				}
				return strconv.Itoa(t.Year()) + " йил " + strconv.Itoa(t.Day()) + " " + m
			},
			rangeForm: dateStem,
			decimal:   ",",
		},
	}
	c[KazakhLatin] = kazakhLatin(c[Kazakh])
	return c
}

// dateForm is the grammatical form a date is written in.
type dateForm int

const (
	datePlain dateForm = iota // "28 October 2024", as "Issued on" and most ranges take it
	dateOn                    // as heldDay takes it: the Turkic locative ("28 қазанда")
	dateStem                  // before a suffix the range writes (Uzbek Cyrillic "октябр|дан")
)

var (
	ruMonths = [12]string{"января", "февраля", "марта", "апреля", "мая", "июня",
		"июля", "августа", "сентября", "октября", "ноября", "декабря"}
	kkMonths = [12]string{"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
		"шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"}
	kkMonthsLocative = [12]string{"қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда",
		"шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"}
	// Kyrgyz dates put the month in the possessive: "2024-жылдын
	// 28-октябры", "…28-октябрында".
	kyMonths = [12]string{"январы", "февралы", "марты", "апрели", "майы", "июну",
		"июлу", "августу", "сентябры", "октябры", "ноябры", "декабры"}
	kyMonthsLocative = [12]string{"январында", "февралында", "мартында", "апрелинде", "майында", "июнунда",
		"июлунда", "августунда", "сентябрында", "октябрында", "ноябрында", "декабрында"}
	// Tajik months with the ezafe that joins them to "соли 2024".
	tgMonths = [12]string{"январи", "феврали", "марти", "апрели", "майи", "июни",
		"июли", "августи", "сентябри", "октябри", "ноябри", "декабри"}
	// Turkmen dates put the month in the possessive: "2024-nji ýylyň
	// 28-nji oktýabry", "…oktýabrynda".
	tkMonths = [12]string{"ýanwary", "fewraly", "marty", "apreli", "maýy", "iýuny",
		"iýuly", "awgusty", "sentýabry", "oktýabry", "noýabry", "dekabry"}
	tkMonthsLocative = [12]string{"ýanwarynda", "fewralynda", "martynda", "aprelinde", "maýynda", "iýunynda",
		"iýulynda", "awgustynda", "sentýabrynda", "oktýabrynda", "noýabrynda", "dekabrynda"}
	uzMonths = [12]string{"yanvar", "fevral", "mart", "aprel", "may", "iyun",
		"iyul", "avgust", "sentabr", "oktabr", "noyabr", "dekabr"}
	uzCyrlMonths = [12]string{"январь", "февраль", "март", "апрель", "май", "июнь",
		"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}
)

// tkOrdinal writes n with the Turkmen ordinal suffix, -nji after a numeral
// whose last word has front vowels (bir, iki, üç, dört, bäş, ýedi, sekiz,
// ýigrimi, elli, ýetmiş, segsen, ýüz, müň), -njy after back vowels (alty,
// dokuz, on, otuz, kyrk, altmyş, togsan): 2024-nji, 6-njy, 30-njy.
func tkOrdinal(n int) string {
	front := true
	switch {
	case n%10 != 0:
		front = n%10 != 6 && n%10 != 9
	case n/10%10 != 0:
		switch n / 10 % 10 {
		case 1, 3, 4, 6, 9: // on, otuz, kyrk, altmyş, togsan
			front = false
		}
	}
	if front {
		return strconv.Itoa(n) + "-nji"
	}
	return strconv.Itoa(n) + "-njy"
}
