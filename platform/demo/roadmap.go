package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// The demo's roadmap: the periods 2023–2024 and 2025–2026, a priority per
// thematic area in each, the regional commitments drawn from the
// platform's stated plans (methodological resources, research and IT
// solutions, policy advice on conflicts of interest, asset declarations and
// corporate liability, the national IRM experts, focus groups, national
// trainings and webinars, civil society, the exchange of model legislation)
// and two commitments per member state, with actions, due dates, lead
// institutions and indicators. Progress is illustrative: some claims are
// verified, some wait for the secretariat, one was questioned; some items
// are late and one has had no news for months, so that the attention list
// has something to show. Recommendations are per country and source, with
// two pairs that say the same thing from two mechanisms, for the duplicate
// flag. The institutions are real; every figure and date is the demo's.

// demoItem is a commitment or an action of the demo roadmap.
type demoItem struct {
	code, country, area string
	title               platform.Text
	lead, due           string
	weight              float64
	status              platform.ItemStatus
	articles            []int
	visibility          string
	indicator           *platform.Indicator
	kindMilestone       bool
	claims              []demoClaim
	actions             []demoItem
}

// demoClaim is an update of the demo timeline: by the item's country's
// focal point (or the secretariat for a regional item), reviewed or not.
type demoClaim struct {
	date     string
	progress float64
	status   platform.ItemStatus
	text     platform.Text
	// review is "" (left claimed), "verified" or a reason to question it.
	review string
	// eventKind links the first demo event of that kind as evidence.
	eventKind platform.EventKind
}

func num(f float64) *float64 { return &f }

func ind(en, ru, unit string, baseline, target, current float64) *platform.Indicator {
	return &platform.Indicator{Name: platform.Text{"en": en, "ru": ru}, Unit: unit,
		Baseline: num(baseline), Target: num(target), Current: num(current)}
}

// demoRegional are the platform's regional commitments for 2025–2026.
var demoRegional = []demoItem{
	{code: "R-1", area: "prevention", weight: 2, status: platform.StatusSubstantial, articles: []int{5, 6},
		title: platform.Text{"en": "Methodological resources for practitioners", "ru": "Методические ресурсы для практиков",
			"kk": "Практиктерге арналған әдістемелік ресурстар", "ky": "Практиктер үчүн методикалык ресурстар",
			"tg": "Захираҳои методӣ барои амалкунандагон", "tk": "Amaly işgärler üçin usulyýet çeşmeleri", "uz": "Amaliyotchilar uchun uslubiy resurslar"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-12-31",
		actions: []demoItem{
			{code: "R-1.1", weight: 1, status: platform.StatusCompleted, due: "2025-12-31",
				title: platform.Text{"en": "Practitioners' handbook on asset declarations", "ru": "Практическое пособие по декларированию активов"},
				claims: []demoClaim{{date: "2025-11-20", progress: 100, status: platform.StatusCompleted, review: "verified",
					text: platform.Text{"en": "The handbook was published in Russian and English and presented at the regional training.",
						"ru": "Пособие издано на русском и английском языках и представлено на региональном тренинге."}, eventKind: platform.EventRegionalTraining}}},
			{code: "R-1.2", weight: 1, status: platform.StatusLimited, due: "2026-10-31",
				title:     platform.Text{"en": "Model guidance on conflicts of interest in the seven languages", "ru": "Типовое руководство по конфликту интересов на семи языках"},
				indicator: ind("Language versions published", "Опубликовано языковых версий", "", 0, 7, 3),
				claims: []demoClaim{{date: "2026-06-15", progress: 40, status: platform.StatusLimited,
					text: platform.Text{"en": "English, Russian and Kazakh versions are ready; the others are being translated.",
						"ru": "Готовы английская, русская и казахская версии; остальные переводятся."}}}},
		}},
	{code: "R-2", area: "prevention", weight: 1, status: platform.StatusSubstantial, articles: []int{7, 8},
		title: platform.Text{"en": "Policy advice on conflicts of interest and asset declarations", "ru": "Консультации по политике в области конфликта интересов и декларирования активов",
			"uz": "Manfaatlar toʻqnashuvi va aktivlarni deklaratsiya qilish boʻyicha siyosat maslahatlari", "kk": "Мүдделер қақтығысы және активтерді декларациялау жөніндегі саяси кеңестер"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-06-30",
		claims: []demoClaim{{date: "2026-05-10", progress: 70, status: platform.StatusSubstantial, review: "verified",
			text: platform.Text{"en": "Advice given to four countries; the fifth asked to postpone to the autumn.",
				"ru": "Консультации проведены для четырёх стран; пятая попросила перенести их на осень."}}}},
	{code: "R-3", area: "private_sector", weight: 1, status: platform.StatusLimited, articles: []int{12, 26},
		title: platform.Text{"en": "Policy advice on the liability of legal persons", "ru": "Консультации по ответственности юридических лиц",
			"uz": "Yuridik shaxslarning javobgarligi boʻyicha siyosat maslahatlari", "tg": "Машваратҳо оид ба масъулияти шахсони ҳуқуқӣ"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-09-30",
		claims: []demoClaim{{date: "2026-04-02", progress: 30, status: platform.StatusLimited,
			text: platform.Text{"en": "A comparative note on corporate liability in the five countries was drafted.",
				"ru": "Подготовлен проект сравнительной записки об ответственности юридических лиц в пяти странах."}}}},
	{code: "R-4", area: "asset_recovery", weight: 1, status: platform.StatusLimited, articles: []int{52, 58},
		title: platform.Text{"en": "Research capabilities and IT solutions for tracing assets", "ru": "Исследовательский потенциал и ИТ-решения для отслеживания активов",
			"kk": "Активтерді іздеуге арналған зерттеу әлеуеті және АТ шешімдері"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-03-31",
		claims: []demoClaim{{date: "2025-09-01", progress: 20, status: platform.StatusLimited,
			text: platform.Text{"en": "Requirements for a shared case-management tool were collected.",
				"ru": "Собраны требования к общему инструменту ведения дел."}}}},
	{code: "R-5", area: "criminalization", weight: 2, status: platform.StatusSubstantial, articles: []int{63},
		title: platform.Text{"en": "Capacity of the national IRM experts", "ru": "Потенциал национальных экспертов Механизма обзора",
			"ky": "Кароо механизминин улуттук эксперттеринин потенциалы", "tk": "Gözden geçiriş mehanizminiň milli hünärmenleriniň mümkinçilikleri"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-12-31",
		actions: []demoItem{
			{code: "R-5.1", weight: 2, status: platform.StatusSubstantial, due: "2026-11-30",
				title:     platform.Text{"en": "Train governmental experts for the second review cycle", "ru": "Обучение правительственных экспертов для второго цикла обзора"},
				indicator: ind("Experts trained", "Обучено экспертов", "people", 0, 60, 42),
				claims: []demoClaim{{date: "2026-09-18", progress: 70, status: platform.StatusSubstantial, review: "verified",
					text: platform.Text{"en": "42 experts from the five countries completed the course.", "ru": "42 эксперта из пяти стран завершили курс."}, eventKind: platform.EventRegionalTraining}}},
			{code: "R-5.2", kindMilestone: true, weight: 1, status: platform.StatusCompleted, due: "2025-10-31",
				title: platform.Text{"en": "Focus groups on the self-assessment checklist", "ru": "Фокус-группы по контрольному перечню для самооценки"},
				claims: []demoClaim{{date: "2025-10-20", progress: 100, status: platform.StatusCompleted,
					text: platform.Text{"en": "Five focus groups held, one per country.", "ru": "Проведено пять фокус-групп, по одной в каждой стране."}, eventKind: platform.EventFocusGroup}}},
			{code: "R-5.3", weight: 1, status: platform.StatusNotStarted, due: "2026-12-31", visibility: platform.Members,
				title: platform.Text{"en": "Peer exchange between focal points before the country visits", "ru": "Обмен опытом между координаторами перед страновыми визитами"}},
		}},
	{code: "R-6", area: "criminalization", weight: 1, status: platform.StatusSubstantial, articles: []int{15, 16, 36},
		title: platform.Text{"en": "National trainings and webinars on investigating corruption offences", "ru": "Национальные тренинги и вебинары по расследованию коррупционных преступлений",
			"tg": "Омӯзишҳо ва вебинарҳои миллӣ оид ба тафтиши ҷиноятҳои коррупсионӣ", "uz": "Korrupsiyaviy jinoyatlarni tergov qilish boʻyicha milliy treninglar va vebinarlar"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-12-31",
		claims: []demoClaim{{date: "2026-10-05", progress: 65, status: platform.StatusSubstantial,
			text: platform.Text{"en": "Eleven of seventeen planned sessions held.", "ru": "Проведено одиннадцать из семнадцати запланированных занятий."}, eventKind: platform.EventWebinar}}},
	{code: "R-7", area: "prevention", weight: 1, status: platform.StatusLimited, articles: []int{13},
		title: platform.Text{"en": "Engagement with civil society", "ru": "Взаимодействие с гражданским обществом",
			"kk": "Азаматтық қоғаммен өзара іс-қимыл", "tk": "Raýat jemgyýeti bilen gatnaşyk"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-08-31",
		claims: []demoClaim{{date: "2026-02-12", progress: 35, status: platform.StatusLimited,
			text: platform.Text{"en": "One regional consultation with NGOs held.", "ru": "Проведена одна региональная консультация с НКО."}}}},
	{code: "R-8", area: "private_sector", weight: 1, status: platform.StatusNotStarted, articles: []int{12},
		title: platform.Text{"en": "Exchange of model legislation", "ru": "Обмен типовым законодательством",
			"ky": "Типтүү мыйзамдар менен алмашуу"},
		lead: "UNODC Regional Office for Central Asia", due: "2026-11-30"},
}

// demoNational are two commitments per member state for 2025–2026.
var demoNational = []demoItem{
	{code: "KZ-1", country: "KZ", area: "prevention", weight: 2, status: platform.StatusSubstantial, articles: []int{8, 52},
		title: platform.Text{"en": "Electronic verification of asset declarations", "ru": "Электронная проверка деклараций об активах",
			"kk": "Активтер туралы декларацияларды электрондық тексеру"},
		lead: "Anti-Corruption Agency of the Republic of Kazakhstan", due: "2026-12-31",
		actions: []demoItem{
			{code: "KZ-1.1", weight: 1, status: platform.StatusCompleted, due: "2025-12-31",
				title: platform.Text{"en": "Connect the declarations system to the property registers", "ru": "Подключить систему деклараций к реестрам имущества",
					"kk": "Декларациялар жүйесін мүлік тізілімдеріне қосу"},
				claims: []demoClaim{{date: "2025-12-15", progress: 100, status: platform.StatusCompleted, review: "verified",
					text: platform.Text{"en": "Land, vehicle and real-estate registers connected.", "ru": "Подключены земельный, транспортный реестры и реестр недвижимости.",
						"kk": "Жер, көлік және жылжымайтын мүлік тізілімдері қосылды."}}}},
			{code: "KZ-1.2", weight: 1, status: platform.StatusLimited, due: "2026-09-30",
				title:     platform.Text{"en": "Risk-based selection of declarations for checks", "ru": "Отбор деклараций для проверки на основе рисков"},
				indicator: ind("Declarations checked automatically", "Деклараций проверено автоматически", "%", 0, 100, 35),
				claims: []demoClaim{{date: "2026-07-01", progress: 40, status: platform.StatusLimited,
					text: platform.Text{"en": "The risk model is in test on one region's declarations.", "ru": "Модель рисков проходит испытания на декларациях одной области."}}}},
		}},
	{code: "KZ-2", country: "KZ", area: "asset_recovery", weight: 1, status: platform.StatusSubstantial, articles: []int{54, 57},
		title: platform.Text{"en": "Procedures for the return of illegally acquired assets", "ru": "Процедуры возврата незаконно приобретённых активов",
			"kk": "Заңсыз алынған активтерді қайтару рәсімдері"},
		lead: "General Prosecutor's Office of the Republic of Kazakhstan", due: "2026-06-30",
		claims: []demoClaim{{date: "2026-03-30", progress: 60, status: platform.StatusSubstantial, review: "verified",
			text: platform.Text{"en": "Rules on the management of returned assets adopted.", "ru": "Приняты правила управления возвращёнными активами."}}}},
	{code: "KG-1", country: "KG", area: "prevention", weight: 1, status: platform.StatusLimited, articles: []int{7, 8},
		title: platform.Text{"en": "Rules on conflicts of interest in the civil service", "ru": "Правила о конфликте интересов на государственной службе",
			"ky": "Мамлекеттик кызматтагы кызыкчылыктардын кагылышуусу жөнүндө эрежелер"},
		lead: "Ministry of Justice of the Kyrgyz Republic", due: "2026-05-31",
		actions: []demoItem{
			{code: "KG-1.1", weight: 1, status: platform.StatusCompleted, due: "2025-09-30",
				title: platform.Text{"en": "Draft amendments to the civil service law", "ru": "Проект изменений в закон о государственной службе"},
				claims: []demoClaim{{date: "2025-09-25", progress: 100, status: platform.StatusCompleted,
					text: platform.Text{"en": "The draft was sent to the Jogorku Kenesh.", "ru": "Проект направлен в Жогорку Кенеш.",
						"ky": "Долбоор Жогорку Кеңешке жөнөтүлдү."}}}},
			{code: "KG-1.2", weight: 1, status: platform.StatusNotStarted, due: "2026-05-31",
				title: platform.Text{"en": "Training of ethics officers in ministries", "ru": "Обучение уполномоченных по этике в министерствах"}},
		}},
	{code: "KG-2", country: "KG", area: "private_sector", weight: 1, status: platform.StatusNotStarted, articles: []int{12},
		title: platform.Text{"en": "Anti-corruption compliance in state-owned enterprises", "ru": "Антикоррупционный комплаенс в государственных предприятиях",
			"ky": "Мамлекеттик ишканалардагы коррупцияга каршы комплаенс"},
		lead: "State Property Management Fund of the Kyrgyz Republic", due: "2026-12-31"},
	{code: "TJ-1", country: "TJ", area: "private_sector", weight: 1, status: platform.StatusLimited, articles: []int{12, 14},
		title: platform.Text{"en": "Register of the beneficial owners of legal entities", "ru": "Реестр бенефициарных собственников юридических лиц",
			"tg": "Феҳристи соҳибони ниҳоии шахсони ҳуқуқӣ"},
		lead: "Tax Committee under the Government of the Republic of Tajikistan", due: "2026-10-31",
		claims: []demoClaim{{date: "2026-08-14", progress: 45, status: platform.StatusLimited,
			text: platform.Text{"en": "The register's regulation is approved; data entry has begun.", "ru": "Положение о реестре утверждено; начато внесение данных.",
				"tg": "Низомномаи феҳрист тасдиқ шуд; ворид кардани маълумот оғоз ёфт."}}}},
	{code: "TJ-2", country: "TJ", area: "criminalization", weight: 1, status: platform.StatusSubstantial, articles: []int{36},
		title: platform.Text{"en": "Specialised training for anti-corruption investigators", "ru": "Специализированное обучение следователей по делам о коррупции",
			"tg": "Омӯзиши махсус барои муфаттишони зиддикоррупсионӣ"},
		lead: "Agency for State Financial Control and Combating Corruption", due: "2026-12-31",
		claims: []demoClaim{{date: "2026-11-02", progress: 75, status: platform.StatusSubstantial, review: "verified",
			text: platform.Text{"en": "Three courses on financial investigations delivered.", "ru": "Проведены три курса по финансовым расследованиям."}, eventKind: platform.EventNationalTraining}}},
	{code: "TM-1", country: "TM", area: "criminalization", weight: 2, status: platform.StatusLimited, articles: []int{15, 23},
		title: platform.Text{"en": "Follow-up of the second review cycle recommendations", "ru": "Выполнение рекомендаций второго цикла обзора",
			"tk": "Ikinji gözden geçiriş tapgyrynyň maslahatlaryny ýerine ýetirmek"},
		lead: "Inter-agency working group on the UNCAC review", due: "2025-12-31",
		claims: []demoClaim{{date: "2025-06-20", progress: 25, status: platform.StatusLimited,
			review: "The action plan is not attached; please add it or link the document that adopted it.",
			text:   platform.Text{"en": "An action plan for the recommendations was drafted.", "ru": "Подготовлен проект плана действий по рекомендациям."}}}},
	{code: "TM-2", country: "TM", area: "prevention", weight: 1, status: platform.StatusNotStarted, articles: []int{8},
		title: platform.Text{"en": "Updated code of conduct for civil servants", "ru": "Обновлённый кодекс поведения государственных служащих",
			"tk": "Döwlet gullukçylarynyň özüni alyp baryş kadalarynyň täzelenen düzgünnamasy"},
		lead: "Inter-agency working group on the UNCAC review", due: "2026-12-31"},
	{code: "UZ-1", country: "UZ", area: "private_sector", weight: 2, status: platform.StatusSubstantial, articles: []int{26},
		title: platform.Text{"en": "Liability of legal entities for corruption offences", "ru": "Ответственность юридических лиц за коррупционные правонарушения",
			"uz": "Yuridik shaxslarning korrupsiyaviy huquqbuzarliklar uchun javobgarligi"},
		lead: "Anti-Corruption Agency of the Republic of Uzbekistan", due: "2026-12-31",
		actions: []demoItem{
			{code: "UZ-1.1", weight: 1, status: platform.StatusCompleted, due: "2025-12-31",
				title: platform.Text{"en": "Concept of corporate liability approved", "ru": "Утверждена концепция ответственности юридических лиц",
					"uz": "Yuridik shaxslar javobgarligi konsepsiyasi tasdiqlandi"},
				claims: []demoClaim{{date: "2025-12-10", progress: 100, status: platform.StatusCompleted, review: "verified",
					text: platform.Text{"en": "Approved by the inter-agency commission.", "ru": "Утверждена межведомственной комиссией.",
						"uz": "Idoralararo komissiya tomonidan tasdiqlandi."}}}},
			{code: "UZ-1.2", weight: 2, status: platform.StatusLimited, due: "2026-12-31",
				title: platform.Text{"en": "Draft law on the liability of legal entities", "ru": "Проект закона об ответственности юридических лиц"},
				claims: []demoClaim{{date: "2026-11-20", progress: 50, status: platform.StatusSubstantial,
					text: platform.Text{"en": "The draft passed public discussion on the regulation.gov.uz portal.", "ru": "Проект прошёл общественное обсуждение на портале regulation.gov.uz.",
						"uz": "Loyiha regulation.gov.uz portalida jamoatchilik muhokamasidan oʻtdi."}}}},
		}},
	{code: "UZ-2", country: "UZ", area: "prevention", weight: 1, status: platform.StatusLimited, articles: []int{9},
		title: platform.Text{"en": "Risk indicators in electronic public procurement", "ru": "Индикаторы рисков в электронных государственных закупках",
			"uz": "Elektron davlat xaridlarida xavf indikatorlari"},
		lead: "Anti-Corruption Agency of the Republic of Uzbekistan", due: "2026-06-30",
		claims: []demoClaim{{date: "2026-01-15", progress: 30, status: platform.StatusLimited,
			text: platform.Text{"en": "Twelve red-flag indicators defined with the procurement operator.", "ru": "С оператором закупок определены двенадцать индикаторов риска."}}}},
}

// demoEarlier are commitments of 2023–2024: one is carried over.
var demoEarlier = []demoItem{
	{code: "R-2023-1", area: "criminalization", weight: 1, status: platform.StatusSubstantial, articles: []int{63},
		title: platform.Text{"en": "Capacity of the national IRM experts (first steps)", "ru": "Потенциал национальных экспертов Механизма обзора (первые шаги)"},
		lead:  "UNODC Regional Office for Central Asia", due: "2024-12-31",
		claims: []demoClaim{{date: "2024-11-28", progress: 60, status: platform.StatusSubstantial, review: "verified",
			text: platform.Text{"en": "Regional training for 25 governmental experts held in Tashkent.", "ru": "В Ташкенте проведён региональный тренинг для 25 правительственных экспертов."}}}},
	{code: "R-2023-2", area: "prevention", weight: 1, status: platform.StatusCompleted, articles: []int{5},
		title: platform.Text{"en": "Launch of the regional platform's knowledge hub", "ru": "Запуск базы знаний региональной платформы"},
		lead:  "UNODC Regional Office for Central Asia", due: "2024-12-31",
		claims: []demoClaim{{date: "2024-12-10", progress: 100, status: platform.StatusCompleted, review: "verified",
			text: platform.Text{"en": "The hub went live with the library of laws.", "ru": "База знаний открыта с библиотекой законов."}}}},
}

// demoRecommendation is one demo recommendation; commitment names a demo
// item by its code.
type demoRecommendation struct {
	country    string
	source     platform.RecommendationSource
	reference  string
	year       int
	area       string
	articles   []int
	text       platform.Text
	impl       platform.Implementation
	commitment string
}

var demoRecommendations = []demoRecommendation{
	{"KZ", platform.SourceUNCAC2, "Second cycle review, executive summary, para. 12 (demo)", 2023, "prevention", []int{8},
		platform.Text{"en": "Strengthen the verification of the asset declarations of public officials, including by connecting the declaration system to the registers of property.",
			"ru": "Усилить проверку деклараций об активах публичных должностных лиц, в том числе путём подключения системы декларирования к реестрам имущества."},
		platform.ImplPartial, "KZ-1"},
	{"KZ", platform.SourceIstanbul, "Fifth round monitoring report, recommendation 7 (demo)", 2024, "prevention", []int{8},
		platform.Text{"en": "Strengthen verification of asset declarations of public officials by connecting the declaration system to property registers.",
			"ru": "Усилить проверку деклараций об активах должностных лиц путём подключения системы декларирования к реестрам имущества."},
		platform.ImplPartial, "KZ-1"},
	{"KZ", platform.SourceUNCAC2, "Second cycle review, para. 31 (demo)", 2023, "asset_recovery", []int{57},
		platform.Text{"en": "Adopt rules on the management and disposal of returned assets.", "ru": "Принять правила управления возвращёнными активами и распоряжения ими.",
			"kk": "Қайтарылған активтерді басқару және оларға билік ету қағидаларын қабылдау."},
		platform.ImplLargely, "KZ-2"},
	{"KG", platform.SourceUNCAC1, "First cycle review, para. 18 (demo)", 2015, "prevention", []int{7},
		platform.Text{"en": "Adopt measures to prevent conflicts of interest in the civil service.", "ru": "Принять меры по предотвращению конфликта интересов на государственной службе.",
			"ky": "Мамлекеттик кызматта кызыкчылыктардын кагылышуусунун алдын алуу боюнча чараларды кабыл алуу."},
		platform.ImplPartial, "KG-1"},
	{"KG", platform.SourceConference, "Regional conference, Bishkek 2025, conclusions (demo)", 2025, "private_sector", []int{12},
		platform.Text{"en": "Introduce anti-corruption compliance programmes in state-owned enterprises.", "ru": "Внедрить антикоррупционные комплаенс-программы в государственных предприятиях."},
		platform.ImplNone, "KG-2"},
	{"TJ", platform.SourceUNCAC2, "Second cycle review, para. 22 (demo)", 2022, "private_sector", []int{12, 14},
		platform.Text{"en": "Establish a register of the beneficial owners of legal persons accessible to competent authorities.",
			"ru": "Создать реестр бенефициарных собственников юридических лиц, доступный компетентным органам.",
			"tg": "Феҳристи соҳибони ниҳоии шахсони ҳуқуқиро, ки барои мақомоти салоҳиятдор дастрас бошад, таъсис додан."},
		platform.ImplPartial, "TJ-1"},
	{"TJ", platform.SourceIstanbul, "Monitoring report, recommendation 15 (demo)", 2023, "criminalization", []int{36},
		platform.Text{"en": "Ensure specialised training of investigators of corruption offences.", "ru": "Обеспечить специализированное обучение следователей по коррупционным преступлениям."},
		platform.ImplLargely, "TJ-2"},
	{"TM", platform.SourceUNCAC2, "Second cycle review, para. 9 (demo)", 2024, "prevention", []int{9},
		platform.Text{"en": "Strengthen transparency and competition in public procurement.", "ru": "Усилить прозрачность и конкуренцию в государственных закупках.",
			"tk": "Döwlet satyn alyşlarynda aýanlygy we bäsdeşligi güýçlendirmek."},
		platform.ImplNotRated, ""},
	{"TM", platform.SourceUNCAC2, "Second cycle review, para. 14 (demo)", 2024, "criminalization", []int{15, 23},
		platform.Text{"en": "Criminalise the laundering of the proceeds of all corruption offences.", "ru": "Установить уголовную ответственность за отмывание доходов от всех коррупционных преступлений."},
		platform.ImplNone, "TM-1"},
	{"UZ", platform.SourceUNCAC2, "Second cycle review, para. 40 (demo)", 2023, "private_sector", []int{26},
		platform.Text{"en": "Establish the liability of legal persons for participation in corruption offences.",
			"ru": "Установить ответственность юридических лиц за участие в коррупционных правонарушениях.",
			"uz": "Yuridik shaxslarning korrupsiyaviy huquqbuzarliklarda ishtirok etgani uchun javobgarligini belgilash."},
		platform.ImplPartial, "UZ-1"},
	{"UZ", platform.SourceIstanbul, "Fourth round monitoring report, recommendation 21 (demo)", 2024, "private_sector", []int{26},
		platform.Text{"en": "Establish liability of legal persons for corruption offences.",
			"ru": "Установить ответственность юридических лиц за коррупционные правонарушения.",
			"uz": "Yuridik shaxslarning korrupsiyaviy huquqbuzarliklar uchun javobgarligini belgilash."},
		platform.ImplPartial, "UZ-1"},
	{"UZ", platform.SourceNational, "State anti-corruption programme 2025–2026, item 4 (demo)", 2025, "prevention", []int{9},
		platform.Text{"en": "Introduce risk indicators in electronic public procurement.", "ru": "Внедрить индикаторы рисков в электронные государственные закупки.",
			"uz": "Elektron davlat xaridlariga xavf indikatorlarini joriy etish."},
		platform.ImplPartial, "UZ-2"},
}

func demoDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// demoFocalPoint is the focal point the demo's claims of a country are made
// as: the demo has no accounts, so the claim's author is this name, and the
// secretariat's review is the hub's own.
func demoFocalPoint(country string) *platform.User {
	return &platform.User{ID: "demo-focal-point-" + country, Name: "Focal point " + country + " (demo)",
		Role: platform.RoleFocalPoint, Country: country}
}

// LoadRoadmap writes the demo roadmap through the services: periods,
// priorities, items with their timelines, a reassessment of 2023–2024 with
// one commitment carried over, and the recommendations linked to the
// commitments that answer them. It runs after Load (the events it links as
// evidence).
func LoadRoadmap(ctx context.Context, rm platform.RoadmapService, recs platform.RecommendationService, events platform.EventService) error {
	sys := platform.NewContextWithUser(ctx, platform.System())
	periods := []platform.RoadmapPeriod{
		{ID: "2023-2024", Start: demoDay("2023-11-01"), End: demoDay("2024-12-31"),
			Title: platform.Text{"en": "Roadmap 2023–2024", "ru": "Дорожная карта 2023–2024"}},
		{ID: "2025-2026", Start: demoDay("2025-01-01"), End: demoDay("2026-12-31"), Previous: "2023-2024", StallDays: 120,
			Title: platform.Text{"en": "Roadmap 2025–2026", "ru": "Дорожная карта 2025–2026"}},
	}
	for _, p := range periods {
		if _, err := rm.SavePeriod(sys, p); err != nil {
			return fmt.Errorf("demo period %s: %w", p.ID, err)
		}
	}
	// The four priorities of 2023–2024, carried into 2025–2026 (the
	// priorities stay; their commitments change).
	priorities := map[string]map[string]string{"2023-2024": {}, "2025-2026": {}} // period → area → id
	for i, area := range platform.Areas() {
		pr, err := rm.SavePriority(sys, platform.Priority{Period: "2023-2024", Area: area, Code: fmt.Sprintf("P%d", i+1), Order: i + 1,
			Title: platform.Text(platform.AreaNames(area)), Visibility: platform.Public})
		if err != nil {
			return fmt.Errorf("demo priority %s: %w", area, err)
		}
		priorities["2023-2024"][area] = pr.ID
		if priorities["2025-2026"][area], err = rm.CarryOver(sys, pr.ID, "2025-2026"); err != nil {
			return fmt.Errorf("demo priority %s carried over: %w", area, err)
		}
	}
	evidence := map[platform.EventKind]string{}
	all, _, err := events.FindEvents(sys, platform.EventFilter{Limit: platform.MaxEventPage})
	if err != nil {
		return err
	}
	for _, ev := range all {
		if evidence[ev.Kind] == "" && ev.Visibility == platform.Public {
			evidence[ev.Kind] = ev.ID
		}
	}
	codes := map[string]string{}
	var add func(it demoItem, period, area, parent, country string) error
	add = func(it demoItem, period, area, parent, country string) error {
		in := platform.ItemInput{Kind: platform.KindCommitment, Period: period, Priority: priorities[period][area], Parent: parent,
			Country: country, Code: it.code, Title: it.title, Lead: it.lead, Weight: it.weight, Status: it.status,
			Articles: it.articles, Visibility: it.visibility}
		if parent != "" {
			in.Kind = platform.KindAction
			if it.kindMilestone {
				in.Kind = platform.KindMilestone
			}
		}
		if it.due != "" {
			d := demoDay(it.due)
			in.Due = &d
		}
		if it.indicator != nil {
			in.Indicators = []platform.Indicator{*it.indicator}
		}
		in.Normalize()
		created, err := rm.CreateItem(sys, in)
		if err != nil {
			return fmt.Errorf("demo item %s: %w", it.code, err)
		}
		codes[it.code] = created.ID
		for _, a := range it.actions {
			if err := add(a, period, area, created.ID, country); err != nil {
				return err
			}
		}
		for _, c := range it.claims {
			// A regional item's progress is reported by the secretariat
			// itself, verified at once; a country's by its focal point,
			// claimed until the secretariat reviews it.
			author := sys
			if country != "" {
				author = platform.NewContextWithUser(ctx, demoFocalPoint(country))
			}
			u := platform.UpdateInput{Date: demoDay(c.date), Text: c.text, Claim: &platform.Claim{Progress: c.progress, Status: c.status}}
			if id := evidence[c.eventKind]; c.eventKind != "" && id != "" {
				u.Evidence = []platform.Evidence{{Kind: platform.EvidenceEvent, Ref: id}}
			}
			up, err := rm.AddUpdate(author, created.ID, u)
			if err != nil {
				return fmt.Errorf("demo update of %s: %w", it.code, err)
			}
			if up.Claim != nil && up.Claim.State == platform.ClaimClaimed && c.review != "" {
				if _, err := rm.ReviewClaim(sys, up.ID, c.review == "verified", reviewReason(c.review)); err != nil {
					return fmt.Errorf("demo review of %s: %w", it.code, err)
				}
			}
		}
		return nil
	}
	for _, it := range demoEarlier {
		if err := add(it, "2023-2024", it.area, "", it.country); err != nil {
			return err
		}
	}
	for _, it := range append(append([]demoItem{}, demoRegional...), demoNational...) {
		if err := add(it, "2025-2026", it.area, "", it.country); err != nil {
			return err
		}
	}
	// The end of 2023–2024: each country rated the IRM commitment; it was
	// still relevant and carried into 2025–2026 by the secretariat.
	comments := map[string]string{"KZ": "Still needed for the second cycle.", "KG": "Relevant; more experts to train.",
		"TJ": "Relevant.", "TM": "Relevant for the review under way.", "UZ": "Relevant; add practical exercises."}
	for _, c := range platform.Countries() {
		r := platform.Reassessment{Period: "2023-2024", Country: c, Item: codes["R-2023-1"], ItemType: platform.TypeCommitment,
			Rating: platform.RatingRelevant, Comment: comments[c]}
		if _, err := rm.Reassess(platform.NewContextWithUser(ctx, demoFocalPoint(c)), r); err != nil {
			return fmt.Errorf("demo reassessment %s: %w", c, err)
		}
		r = platform.Reassessment{Period: "2023-2024", Country: c, Item: codes["R-2023-2"], ItemType: platform.TypeCommitment,
			Rating: platform.RatingAchieved}
		if _, err := rm.Reassess(platform.NewContextWithUser(ctx, demoFocalPoint(c)), r); err != nil {
			return fmt.Errorf("demo reassessment %s: %w", c, err)
		}
	}
	if _, err := rm.CarryOver(sys, codes["R-2023-1"], "2025-2026"); err != nil {
		return fmt.Errorf("demo carry-over: %w", err)
	}
	for i, r := range demoRecommendations {
		in := platform.RecommendationInput{Country: r.country, Source: r.source, Reference: r.reference, Year: r.year, Area: r.area,
			Articles: r.articles, Text: r.text, Implementation: r.impl}
		if id := codes[r.commitment]; id != "" {
			in.Commitments = []string{id}
		}
		in.Normalize()
		if _, err := recs.CreateRecommendation(sys, in); err != nil {
			return fmt.Errorf("demo recommendation %d: %w", i+1, err)
		}
	}
	return nil
}

func reviewReason(review string) string {
	if review == "verified" {
		return ""
	}
	return review
}
