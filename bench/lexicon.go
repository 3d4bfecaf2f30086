package bench

// The word material of the generated corpus: the same anti-corruption topics,
// institutions, places and sentence patterns written out in each of the
// hub's seven languages, so that the corpus has the vocabulary, the scripts
// and the overlap between languages of the real library. Uzbek and Turkmen
// are written in Latin letters and Kazakh in Cyrillic; the generator
// transliterates a share of them into the other script.

// topic is one anti-corruption subject, named in every language, with the
// UNCAC articles and thematic area it belongs to.
type topic struct {
	articles []int
	area     string
	name     map[string]string
}

var topics = []topic{
	{[]int{15, 16}, "criminalization", map[string]string{
		"en": "bribery of national public officials", "ru": "подкуп национальных публичных должностных лиц",
		"kk": "лауазымды адамдарға пара беру", "ky": "мамлекеттик кызмат адамдарына пара берүү",
		"tg": "додани ришва ба шахсони мансабдор", "tk": "döwlet wezipeli adamlaryna para bermek",
		"uz": "davlat mansabdor shaxslariga pora berish"}},
	{[]int{20}, "criminalization", map[string]string{
		"en": "illicit enrichment", "ru": "незаконное обогащение", "kk": "заңсыз баю", "ky": "мыйзамсыз байуу",
		"tg": "бойшавии ғайриқонунӣ", "tk": "bikanun baýlaşmak", "uz": "noqonuniy boyish"}},
	{[]int{14, 23}, "criminalization", map[string]string{
		"en": "laundering of proceeds of crime", "ru": "отмывание доходов от преступлений",
		"kk": "қылмыстық жолмен алынған кірістерді заңдастыру", "ky": "кылмыштуу кирешелерди легалдаштыруу",
		"tg": "қонунигардонии даромадҳои аз роҳи ҷиноят бадастомада", "tk": "jenaýat ýoly bilen alnan girdejileri kanunlaşdyrmak",
		"uz": "jinoiy daromadlarni legallashtirish"}},
	{[]int{7, 8}, "prevention", map[string]string{
		"en": "conflict of interest in the civil service", "ru": "конфликт интересов на государственной службе",
		"kk": "мемлекеттік қызметтегі мүдделер қақтығысы", "ky": "мамлекеттик кызматтагы кызыкчылыктардын кагылышуусу",
		"tg": "бархӯрди манфиатҳо дар хизмати давлатӣ", "tk": "döwlet gullugynda bähbitler çaknyşygy",
		"uz": "davlat xizmatida manfaatlar toʻqnashuvi"}},
	{[]int{8, 52}, "prevention", map[string]string{
		"en": "asset and income declarations of public officials", "ru": "декларирование доходов и имущества должностных лиц",
		"kk": "лауазымды адамдардың кірістері мен мүлкін декларациялау", "ky": "кызмат адамдарынын кирешелерин жана мүлкүн декларациялоо",
		"tg": "эълони даромад ва амволи шахсони мансабдор", "tk": "wezipeli adamlaryň girdejilerini we emlägini yglan etmek",
		"uz": "mansabdor shaxslarning daromad va mol-mulkini deklaratsiya qilish"}},
	{[]int{9}, "prevention", map[string]string{
		"en": "transparency in public procurement", "ru": "прозрачность государственных закупок",
		"kk": "мемлекеттік сатып алудың ашықтығы", "ky": "мамлекеттик сатып алуулардын ачыктыгы",
		"tg": "шаффофияти харидҳои давлатӣ", "tk": "döwlet satyn alyşlarynyň aç-açanlygy",
		"uz": "davlat xaridlarining shaffofligi"}},
	{[]int{33}, "criminalization", map[string]string{
		"en": "protection of reporting persons", "ru": "защита лиц, сообщающих информацию",
		"kk": "ақпарат беретін адамдарды қорғау", "ky": "маалымат берген адамдарды коргоо",
		"tg": "ҳифзи шахсоне, ки хабар медиҳанд", "tk": "maglumat berýän adamlary goramak",
		"uz": "xabar beruvchi shaxslarni himoya qilish"}},
	{[]int{12, 14, 52}, "private_sector", map[string]string{
		"en": "beneficial ownership transparency", "ru": "раскрытие бенефициарных собственников",
		"kk": "түпкілікті бенефициарлық меншік иелерін ашу", "ky": "бенефициардык ээлерди ачыкка чыгаруу",
		"tg": "ошкор кардани соҳибони бенефисиарӣ", "tk": "benefisiar eýeleri aýan etmek",
		"uz": "benefitsiar egalarni oshkor qilish"}},
	{[]int{51, 53, 57}, "asset_recovery", map[string]string{
		"en": "recovery of stolen assets", "ru": "возвращение похищенных активов",
		"kk": "ұрланған активтерді қайтару", "ky": "уурдалган активдерди кайтаруу",
		"tg": "баргардонидани дороиҳои дуздидашуда", "tk": "ogurlanan aktiwleri yzyna gaýtarmak",
		"uz": "oʻgʻirlangan aktivlarni qaytarish"}},
	{[]int{46}, "asset_recovery", map[string]string{
		"en": "mutual legal assistance in criminal matters", "ru": "взаимная правовая помощь по уголовным делам",
		"kk": "қылмыстық істер бойынша өзара құқықтық көмек", "ky": "кылмыш иштери боюнча өз ара укуктук жардам",
		"tg": "ёрии мутақобилаи ҳуқуқӣ оид ба парвандаҳои ҷиноятӣ", "tk": "jenaýat işleri boýunça özara hukuk kömegi",
		"uz": "jinoyat ishlari boʻyicha oʻzaro huquqiy yordam"}},
	{[]int{44}, "asset_recovery", map[string]string{
		"en": "extradition of offenders", "ru": "выдача правонарушителей", "kk": "құқық бұзушыларды ұстап беру",
		"ky": "укук бузуучуларды экстрадициялоо", "tg": "супоридани ҳуқуқвайронкунандагон",
		"tk": "hukuk bozujylary ekstradisiýa etmek", "uz": "huquqbuzarlarni ekstraditsiya qilish"}},
	{[]int{17}, "criminalization", map[string]string{
		"en": "embezzlement of public funds", "ru": "хищение государственных средств", "kk": "бюджет қаражатын жымқыру",
		"ky": "бюджеттик каражаттарды уурдоо", "tg": "азхудкунии маблағҳои буҷетӣ",
		"tk": "býujet serişdelerini ogurlamak", "uz": "byudjet mablagʻlarini oʻzlashtirish"}},
	{[]int{19}, "criminalization", map[string]string{
		"en": "abuse of functions", "ru": "злоупотребление служебным положением", "kk": "қызмет бабын теріс пайдалану",
		"ky": "кызмат абалынан кыянаттык менен пайдалануу", "tg": "суиистифода аз мансаб",
		"tk": "gulluk ýagdaýyndan hyýanatly peýdalanmak", "uz": "mansab vakolatlarini suisteʼmol qilish"}},
	{[]int{18}, "criminalization", map[string]string{
		"en": "trading in influence", "ru": "злоупотребление влиянием в корыстных целях",
		"kk": "ықпалды пайдакүнемдікпен теріс пайдалану", "ky": "таасирин кыянаттык менен пайдалануу",
		"tg": "суиистифода аз нуфуз", "tk": "täsirinden hyýanatly peýdalanmak",
		"uz": "taʼsirdan gʻarazli maqsadlarda foydalanish"}},
	{[]int{8}, "prevention", map[string]string{
		"en": "codes of conduct for public officials", "ru": "кодексы поведения государственных служащих",
		"kk": "мемлекеттік қызметшілердің әдеп кодексі", "ky": "мамлекеттик кызматчылардын этика кодекси",
		"tg": "кодекси одоби хизматчиёни давлатӣ", "tk": "döwlet gullukçylarynyň edep kodeksi",
		"uz": "davlat xizmatchilarining odob-axloq kodeksi"}},
	{[]int{6, 36}, "prevention", map[string]string{
		"en": "independence of the anti-corruption body", "ru": "независимость антикоррупционного органа",
		"kk": "сыбайлас жемқорлыққа қарсы органның тәуелсіздігі", "ky": "коррупцияга каршы органдын көз карандысыздыгы",
		"tg": "истиқлолияти мақоми зиддикоррупсионӣ", "tk": "korrupsiýa garşy edaranyň garaşsyzlygy",
		"uz": "korrupsiyaga qarshi organning mustaqilligi"}},
	{[]int{10, 13}, "prevention", map[string]string{
		"en": "public reporting and access to information", "ru": "публичная отчётность и доступ к информации",
		"kk": "ақпаратқа қол жеткізу және есептілік", "ky": "маалыматка жеткиликтүүлүк жана отчеттуулук",
		"tg": "дастрасӣ ба иттилоот ва ҳисоботдиҳӣ", "tk": "maglumata elýeterlilik we hasabatlylyk",
		"uz": "axborotdan foydalanish va hisobdorlik"}},
	{[]int{12, 21, 22}, "private_sector", map[string]string{
		"en": "integrity in the private sector", "ru": "добросовестность в частном секторе",
		"kk": "жеке сектордағы адалдық", "ky": "жеке сектордогу ак ниеттүүлүк", "tg": "беғаразӣ дар бахши хусусӣ",
		"tk": "hususy pudakda dogruçyllyk", "uz": "xususiy sektorda halollik"}},
	{[]int{11}, "prevention", map[string]string{
		"en": "integrity of the judiciary", "ru": "независимость и честность судебной системы",
		"kk": "сот жүйесінің тәуелсіздігі", "ky": "сот бийлигинин көз карандысыздыгы",
		"tg": "истиқлолияти ҳокимияти судӣ", "tk": "kazyýet häkimiýetiniň garaşsyzlygy",
		"uz": "sud hokimiyatining mustaqilligi"}},
	{[]int{13}, "prevention", map[string]string{
		"en": "participation of civil society", "ru": "участие гражданского общества",
		"kk": "азаматтық қоғамның қатысуы", "ky": "жарандык коомдун катышуусу", "tg": "иштироки ҷомеаи шаҳрвандӣ",
		"tk": "raýat jemgyýetiniň gatnaşmagy", "uz": "fuqarolik jamiyatining ishtiroki"}},
	{[]int{31, 54}, "asset_recovery", map[string]string{
		"en": "freezing, seizure and confiscation of proceeds", "ru": "арест, изъятие и конфискация доходов",
		"kk": "кірістерге тыйым салу, алып қою және тәркілеу", "ky": "кирешелерди камакка алуу жана конфискациялоо",
		"tg": "ҳабс, мусодира ва ситонидани даромадҳо", "tk": "girdejileri tussag etmek we müsür etmek",
		"uz": "daromadlarni xatlash va musodara qilish"}},
	{[]int{32}, "criminalization", map[string]string{
		"en": "protection of witnesses and experts", "ru": "защита свидетелей и экспертов",
		"kk": "куәгерлер мен сарапшыларды қорғау", "ky": "күбөлөрдү жана эксперттерди коргоо",
		"tg": "ҳифзи шоҳидон ва коршиносон", "tk": "şaýatlary we bilermenleri goramak",
		"uz": "guvohlar va ekspertlarni himoya qilish"}},
	{[]int{26}, "private_sector", map[string]string{
		"en": "liability of legal persons", "ru": "ответственность юридических лиц",
		"kk": "заңды тұлғалардың жауапкершілігі", "ky": "юридикалык жактардын жоопкерчилиги",
		"tg": "ҷавобгарии шахсони ҳуқуқӣ", "tk": "ýuridik şahslaryň jogapkärçiligi",
		"uz": "yuridik shaxslarning javobgarligi"}},
	{[]int{25}, "criminalization", map[string]string{
		"en": "obstruction of justice", "ru": "воспрепятствование осуществлению правосудия",
		"kk": "сот төрелігіне кедергі келтіру", "ky": "сот адилеттигине тоскоолдук кылуу",
		"tg": "монеъ шудан ба адолати судӣ", "tk": "adalatly kazyýete päsgel bermek",
		"uz": "odil sudlovga toʻsqinlik qilish"}},
	{[]int{7}, "prevention", map[string]string{
		"en": "funding of political parties", "ru": "финансирование политических партий",
		"kk": "саяси партияларды қаржыландыру", "ky": "саясий партияларды каржылоо",
		"tg": "маблағгузории ҳизбҳои сиёсӣ", "tk": "syýasy partiýalary maliýeleşdirmek",
		"uz": "siyosiy partiyalarni moliyalashtirish"}},
	{[]int{14, 58}, "asset_recovery", map[string]string{
		"en": "financial intelligence units", "ru": "подразделения финансовой разведки",
		"kk": "қаржылық барлау бөлімшелері", "ky": "финансылык чалгындоо бөлүмдөрү",
		"tg": "воҳидҳои иктишофи молиявӣ", "tk": "maliýe aňtaw bölümleri",
		"uz": "moliyaviy razvedka boʻlinmalari"}},
}

// countryOf names each member state in the form the sentence patterns use:
// "of …" in English, the genitive in Russian and the Turkic languages, the
// ezafe form in Tajik.
var countryOf = map[string]map[string]string{
	"en": {"KZ": "the Republic of Kazakhstan", "KG": "the Kyrgyz Republic", "TJ": "the Republic of Tajikistan", "TM": "Turkmenistan", "UZ": "the Republic of Uzbekistan"},
	"ru": {"KZ": "Республики Казахстан", "KG": "Кыргызской Республики", "TJ": "Республики Таджикистан", "TM": "Туркменистана", "UZ": "Республики Узбекистан"},
	"kk": {"KZ": "Қазақстан Республикасының", "KG": "Қырғыз Республикасының", "TJ": "Тәжікстан Республикасының", "TM": "Түрікменстанның", "UZ": "Өзбекстан Республикасының"},
	"ky": {"KZ": "Казакстан Республикасынын", "KG": "Кыргыз Республикасынын", "TJ": "Тажикстан Республикасынын", "TM": "Түркмөнстандын", "UZ": "Өзбекстан Республикасынын"},
	"tg": {"KZ": "Ҷумҳурии Қазоқистон", "KG": "Ҷумҳурии Қирғизистон", "TJ": "Ҷумҳурии Тоҷикистон", "TM": "Туркманистон", "UZ": "Ҷумҳурии Ӯзбекистон"},
	"tk": {"KZ": "Gazagystan Respublikasynyň", "KG": "Gyrgyz Respublikasynyň", "TJ": "Täjigistan Respublikasynyň", "TM": "Türkmenistanyň", "UZ": "Özbegistan Respublikasynyň"},
	"uz": {"KZ": "Qozogʻiston Respublikasining", "KG": "Qirgʻiz Respublikasining", "TJ": "Tojikiston Respublikasining", "TM": "Turkmanistonning", "UZ": "Oʻzbekiston Respublikasining"},
}

// nativeLanguage is the state language of each member state.
var nativeLanguage = map[string]string{"KZ": "kk", "KG": "ky", "TJ": "tg", "TM": "tk", "UZ": "uz"}

// cities are where trainings and meetings take place, per country.
var cities = map[string]map[string][]string{
	"en": {"KZ": {"Astana", "Almaty"}, "KG": {"Bishkek", "Osh"}, "TJ": {"Dushanbe", "Khujand"}, "TM": {"Ashgabat", "Turkmenabat"}, "UZ": {"Tashkent", "Samarkand"}},
	"ru": {"KZ": {"Астана", "Алматы"}, "KG": {"Бишкек", "Ош"}, "TJ": {"Душанбе", "Худжанд"}, "TM": {"Ашхабад", "Туркменабад"}, "UZ": {"Ташкент", "Самарканд"}},
	"kk": {"KZ": {"Астана", "Алматы"}, "KG": {"Бішкек", "Ош"}, "TJ": {"Душанбе", "Ходжент"}, "TM": {"Ашхабад", "Түрікменабат"}, "UZ": {"Ташкент", "Самарқанд"}},
	"ky": {"KZ": {"Астана", "Алматы"}, "KG": {"Бишкек", "Ош"}, "TJ": {"Душанбе", "Кожент"}, "TM": {"Ашхабад", "Түркмөнабат"}, "UZ": {"Ташкент", "Самарканд"}},
	"tg": {"KZ": {"Остона", "Алмаато"}, "KG": {"Бишкек", "Ӯш"}, "TJ": {"Душанбе", "Хуҷанд"}, "TM": {"Ашқобод", "Туркманобод"}, "UZ": {"Тошканд", "Самарқанд"}},
	"tk": {"KZ": {"Astana", "Almaty"}, "KG": {"Bişkek", "Oş"}, "TJ": {"Duşanbe", "Hujand"}, "TM": {"Aşgabat", "Türkmenabat"}, "UZ": {"Daşkent", "Samarkant"}},
	"uz": {"KZ": {"Astana", "Olmaota"}, "KG": {"Bishkek", "Oʻsh"}, "TJ": {"Dushanbe", "Xoʻjand"}, "TM": {"Ashxobod", "Turkmanobod"}, "UZ": {"Toshkent", "Samarqand"}},
}

// bodies are the institutions the texts speak of.
var bodies = map[string][]string{
	"en": {"the anti-corruption agency", "the prosecutor general's office", "the ministry of justice", "the financial monitoring agency", "the supreme court", "the parliament", "the civil service agency", "the audit chamber"},
	"ru": {"антикоррупционная служба", "генеральная прокуратура", "министерство юстиции", "агентство по финансовому мониторингу", "верховный суд", "парламент", "агентство по делам государственной службы", "счётная палата"},
	"kk": {"сыбайлас жемқорлыққа қарсы агенттік", "бас прокуратура", "әділет министрлігі", "қаржылық мониторинг агенттігі", "жоғарғы сот", "парламент", "мемлекеттік қызмет істері агенттігі", "жоғары аудиторлық палата"},
	"ky": {"коррупцияга каршы кызмат", "башкы прокуратура", "юстиция министрлиги", "финансылык чалгындоо кызматы", "жогорку сот", "Жогорку Кеңеш", "мамлекеттик кызмат агенттиги", "эсептөө палатасы"},
	"tg": {"агентии мубориза бар зидди коррупсия", "прокуратураи генералӣ", "вазорати адлия", "хадамоти мониторинги молиявӣ", "суди олӣ", "Маҷлиси Олӣ", "агентии хизмати давлатӣ", "палатаи ҳисоб"},
	"tk": {"korrupsiýa garşy göreş gullugy", "baş prokuratura", "adalat ministrligi", "maliýe monitoring gullugy", "ýokary kazyýet", "Mejlis", "döwlet gullugy akademiýasy", "hasaplaýyş edarasy"},
	"uz": {"korrupsiyaga qarshi kurashish agentligi", "bosh prokuratura", "adliya vazirligi", "moliyaviy monitoring departamenti", "oliy sud", "Oliy Majlis", "davlat xizmatini rivojlantirish agentligi", "hisob palatasi"},
}

// kindNames name the document kinds in titles.
var kindNames = map[string]map[string]string{
	"en": {"convention": "Convention", "model_law": "Model law", "national_law": "Law", "regulation": "Regulation", "strategy": "Strategy", "guideline": "Guidelines", "training": "Training manual", "course": "Online course", "video": "Video lecture", "report": "Report", "case": "Case summary"},
	"ru": {"convention": "Конвенция", "model_law": "Модельный закон", "national_law": "Закон", "regulation": "Положение", "strategy": "Стратегия", "guideline": "Методические рекомендации", "training": "Учебное пособие", "course": "Онлайн-курс", "video": "Видеолекция", "report": "Доклад", "case": "Обзор дела"},
	"kk": {"convention": "Конвенция", "model_law": "Үлгілік заң", "national_law": "Заң", "regulation": "Ереже", "strategy": "Стратегия", "guideline": "Әдістемелік ұсынымдар", "training": "Оқу құралы", "course": "Онлайн курс", "video": "Бейнедәріс", "report": "Баяндама", "case": "Іс бойынша шолу"},
	"ky": {"convention": "Конвенция", "model_law": "Үлгү мыйзам", "national_law": "Мыйзам", "regulation": "Жобо", "strategy": "Стратегия", "guideline": "Усулдук сунуштар", "training": "Окуу куралы", "course": "Онлайн курс", "video": "Видеолекция", "report": "Баяндама", "case": "Иш боюнча сереп"},
	"tg": {"convention": "Конвенсия", "model_law": "Қонуни намунавӣ", "national_law": "Қонун", "regulation": "Низомнома", "strategy": "Стратегия", "guideline": "Тавсияҳои методӣ", "training": "Дастури таълимӣ", "course": "Курси онлайн", "video": "Видеолексия", "report": "Гузориш", "case": "Шарҳи парванда"},
	"tk": {"convention": "Konwensiýa", "model_law": "Nusgalyk kanun", "national_law": "Kanun", "regulation": "Düzgünnama", "strategy": "Strategiýa", "guideline": "Usulyýet maslahatlary", "training": "Okuw gollanmasy", "course": "Onlaýn okuw", "video": "Wideoleksiýa", "report": "Hasabat", "case": "Iş boýunça syn"},
	"uz": {"convention": "Konvensiya", "model_law": "Namunaviy qonun", "national_law": "Qonun", "regulation": "Nizom", "strategy": "Strategiya", "guideline": "Uslubiy tavsiyalar", "training": "Oʻquv qoʻllanma", "course": "Onlayn kurs", "video": "Videomaʼruza", "report": "Hisobot", "case": "Ish boʻyicha sharh"},
}

// sentences are the patterns bodies and summaries are made of. Slots:
// {topic}, {country}, {body}, {city}, {year}, {n}.
var sentences = map[string][]string{
	"en": {
		"This document sets out the rules on {topic} adopted in {year}.",
		"Article {n} establishes the duties of {body} with respect to {topic}.",
		"The law of {country} on {topic} was amended in {year} following the review of implementation.",
		"Training participants in {city} discussed practical cases of {topic} and the evidence required in court.",
		"State bodies publish annual reports on the measures taken to prevent corruption, including {topic}.",
		"The review mechanism recommended strengthening {topic} and cooperation between {body} and civil society.",
		"Chapter {n} regulates the procedure for {topic}, including deadlines, sanctions and appeals.",
		"Investigators of {body} examined {n} cases related to {topic} in {year}.",
		"The methodology describes risk indicators for {topic} in ministries, state enterprises and local administrations.",
		"International cooperation on {topic} follows the United Nations Convention against Corruption.",
		"Public officials who violate the requirements on {topic} are subject to disciplinary, administrative or criminal liability.",
		"The action plan for {year} provides for {n} measures on {topic}.",
	},
	"ru": {
		"Настоящий документ устанавливает правила в сфере: {topic}; принят в {year} году.",
		"Статья {n} определяет обязанности уполномоченного органа ({body}) в вопросах: {topic}.",
		"Закон {country} в части «{topic}» изменён в {year} году по итогам обзора хода осуществления.",
		"Участники семинара в городе {city} обсудили практические случаи по теме «{topic}» и требования к доказательствам в суде.",
		"Государственные органы ежегодно публикуют отчёты о мерах по предупреждению коррупции, включая {topic}.",
		"Механизм обзора рекомендовал усилить направление «{topic}» и сотрудничество с гражданским обществом.",
		"Глава {n} регулирует порядок: {topic}, включая сроки, санкции и обжалование.",
		"Следователи ({body}) в {year} году рассмотрели {n} дел, связанных с темой «{topic}».",
		"Методика описывает индикаторы коррупционных рисков (тема: {topic}) в министерствах, государственных предприятиях и местных органах власти.",
		"Международное сотрудничество по вопросу «{topic}» осуществляется в соответствии с Конвенцией Организации Объединённых Наций против коррупции.",
		"Должностные лица, нарушившие требования ({topic}), несут дисциплинарную, административную или уголовную ответственность.",
		"План действий на {year} год предусматривает {n} мер по направлению «{topic}».",
	},
	"kk": {
		"Осы құжат {year} жылы қабылданған және «{topic}» саласындағы қағидаларды белгілейді.",
		"{n}-бап «{topic}» мәселелері бойынша уәкілетті органның ({body}) міндеттерін айқындайды.",
		"{country} заңы «{topic}» бөлігінде {year} жылы іске асыруды шолу қорытындысы бойынша өзгертілді.",
		"{city} қаласындағы семинарға қатысушылар «{topic}» тақырыбы бойынша практикалық істерді талқылады.",
		"Мемлекеттік органдар сыбайлас жемқорлықтың алдын алу шаралары туралы, оның ішінде «{topic}» бойынша жыл сайынғы есептерді жариялайды.",
		"Шолу тетігі «{topic}» бағытын және азаматтық қоғаммен ынтымақтастықты күшейтуді ұсынды.",
		"{n}-тарау «{topic}» тәртібін, мерзімдерді, санкцияларды және шағымдануды реттейді.",
		"{year} жылы тергеушілер ({body}) «{topic}» тақырыбына байланысты {n} істі қарады.",
		"Әдістеме министрліктердегі және мемлекеттік кәсіпорындардағы сыбайлас жемқорлық тәуекелдерінің көрсеткіштерін сипаттайды ({topic}).",
		"«{topic}» мәселесі бойынша халықаралық ынтымақтастық Біріккен Ұлттар Ұйымының Сыбайлас жемқорлыққа қарсы конвенциясына сәйкес жүзеге асырылады.",
		"«{topic}» талаптарын бұзған лауазымды адамдар тәртіптік, әкімшілік немесе қылмыстық жауапкершілікке тартылады.",
		"{year} жылға арналған іс-қимыл жоспары «{topic}» бағыты бойынша {n} шараны көздейді.",
	},
	"ky": {
		"Бул документ {year}-жылы кабыл алынган жана «{topic}» чөйрөсүндөгү эрежелерди белгилейт.",
		"{n}-берене «{topic}» маселелери боюнча ыйгарым укуктуу органдын ({body}) милдеттерин аныктайт.",
		"{country} мыйзамы «{topic}» бөлүгүндө {year}-жылы ишке ашырууну карап чыгуунун жыйынтыгы боюнча өзгөртүлгөн.",
		"{city} шаарындагы семинардын катышуучулары «{topic}» темасы боюнча практикалык иштерди талкуулашты.",
		"Мамлекеттик органдар коррупциянын алдын алуу чаралары, анын ичинде «{topic}» боюнча жыл сайын отчет жарыялашат.",
		"Карап чыгуу механизми «{topic}» багытын жана жарандык коом менен кызматташтыкты күчөтүүнү сунуштады.",
		"{n}-глава «{topic}» тартибин, мөөнөттөрдү, санкцияларды жана даттанууну жөнгө салат.",
		"{year}-жылы тергөөчүлөр ({body}) «{topic}» темасына байланыштуу {n} ишти карашты.",
		"Методика министрликтердеги жана мамлекеттик ишканалардагы коррупциялык тобокелдиктердин көрсөткүчтөрүн сүрөттөйт ({topic}).",
		"«{topic}» маселеси боюнча эл аралык кызматташтык Бириккен Улуттар Уюмунун Коррупцияга каршы конвенциясына ылайык жүргүзүлөт.",
		"«{topic}» талаптарын бузган кызмат адамдары тартиптик, административдик же кылмыш жоопкерчилигине тартылат.",
		"{year}-жылга арналган иш-аракеттер планы «{topic}» багыты боюнча {n} чараны карайт.",
	},
	"tg": {
		"Ин ҳуҷҷат соли {year} қабул шуда, қоидаҳоро дар соҳаи «{topic}» муқаррар мекунад.",
		"Моддаи {n} вазифаҳои мақоми ваколатдорро ({body}) оид ба масъалаҳои «{topic}» муайян мекунад.",
		"Қонуни {country} дар қисми «{topic}» соли {year} аз рӯи натиҷаҳои баррасии татбиқ тағйир дода шуд.",
		"Иштирокчиёни семинар дар шаҳри {city} парвандаҳои амалиро оид ба мавзӯи «{topic}» муҳокима карданд.",
		"Мақомоти давлатӣ ҳар сол ҳисоботҳоро оид ба чораҳои пешгирии коррупсия, аз ҷумла «{topic}», нашр мекунанд.",
		"Механизми баррасӣ тақвияти самти «{topic}» ва ҳамкорӣ бо ҷомеаи шаҳрвандиро тавсия дод.",
		"Боби {n} тартиби «{topic}», мӯҳлатҳо, ҷазоҳо ва шикоятро танзим мекунад.",
		"Соли {year} муфаттишон ({body}) {n} парвандаро марбут ба мавзӯи «{topic}» баррасӣ карданд.",
		"Методология нишондиҳандаҳои хатарҳои коррупсиониро дар вазоратҳо ва корхонаҳои давлатӣ тавсиф мекунад ({topic}).",
		"Ҳамкории байналмилалӣ оид ба масъалаи «{topic}» мувофиқи Конвенсияи Созмони Милали Муттаҳид бар зидди коррупсия амалӣ мегардад.",
		"Шахсони мансабдоре, ки талаботи «{topic}»-ро вайрон мекунанд, ба ҷавобгарии интизомӣ, маъмурӣ ё ҷиноятӣ кашида мешаванд.",
		"Нақшаи амал барои соли {year} {n} чораро оид ба самти «{topic}» пешбинӣ мекунад.",
	},
	"tk": {
		"Bu resminama {year}-nji ýylda kabul edildi we «{topic}» ugrundaky düzgünleri kesgitleýär.",
		"{n}-nji madda «{topic}» meseleleri boýunça ygtyýarly edaranyň ({body}) borçlaryny kesgitleýär.",
		"{country} kanuny «{topic}» bölüminde {year}-nji ýylda durmuşa geçirilişiň syny esasynda üýtgedildi.",
		"{city} şäherindäki seminaryň gatnaşyjylary «{topic}» mowzugy boýunça amaly işleri ara alyp maslahatlaşdylar.",
		"Döwlet edaralary korrupsiýanyň öňüni almak boýunça çäreler, şol sanda «{topic}» barada her ýyl hasabat çap edýärler.",
		"Syn mehanizmi «{topic}» ugruny we raýat jemgyýeti bilen hyzmatdaşlygy güýçlendirmegi maslahat berdi.",
		"{n}-nji bap «{topic}» tertibini, möhletleri, temmileri we şikaýat etmegi düzgünleşdirýär.",
		"{year}-nji ýylda derňewçiler ({body}) «{topic}» mowzugy bilen baglanyşykly {n} işe garadylar.",
		"Usulyýet ministrliklerde we döwlet kärhanalarynda korrupsiýa töwekgelçilikleriniň görkezijilerini beýan edýär ({topic}).",
		"«{topic}» meselesi boýunça halkara hyzmatdaşlyk Birleşen Milletler Guramasynyň Korrupsiýa garşy konwensiýasyna laýyklykda amala aşyrylýar.",
		"«{topic}» talaplaryny bozan wezipeli adamlar düzgün-nyzam, administratiw ýa-da jenaýat jogapkärçiligine çekilýär.",
		"{year}-nji ýyl üçin hereketler meýilnamasy «{topic}» ugry boýunça {n} çäräni göz öňünde tutýar.",
	},
	"uz": {
		"Ushbu hujjat {year}-yilda qabul qilingan va «{topic}» sohasidagi qoidalarni belgilaydi.",
		"{n}-modda «{topic}» masalalari boʻyicha vakolatli organning ({body}) vazifalarini belgilaydi.",
		"{country} qonuni «{topic}» qismida {year}-yilda amalga oshirishni koʻrib chiqish natijalariga koʻra oʻzgartirildi.",
		"{city} shahridagi seminar ishtirokchilari «{topic}» mavzusi boʻyicha amaliy ishlarni muhokama qildilar.",
		"Davlat organlari korrupsiyaning oldini olish choralari, shu jumladan «{topic}» haqida har yili hisobot eʼlon qiladi.",
		"Koʻrib chiqish mexanizmi «{topic}» yoʻnalishini va fuqarolik jamiyati bilan hamkorlikni kuchaytirishni tavsiya qildi.",
		"{n}-bob «{topic}» tartibini, muddatlarni, sanksiyalarni va shikoyat qilishni tartibga soladi.",
		"{year}-yilda tergovchilar ({body}) «{topic}» mavzusiga oid {n} ta ishni koʻrib chiqdilar.",
		"Metodika vazirliklar va davlat korxonalarida korrupsiyaviy xavflar koʻrsatkichlarini tavsiflaydi ({topic}).",
		"«{topic}» masalasi boʻyicha xalqaro hamkorlik Birlashgan Millatlar Tashkilotining Korrupsiyaga qarshi konvensiyasiga muvofiq amalga oshiriladi.",
		"«{topic}» talablarini buzgan mansabdor shaxslar intizomiy, maʼmuriy yoki jinoiy javobgarlikka tortiladi.",
		"{year}-yil uchun harakatlar rejasi «{topic}» yoʻnalishi boʻyicha {n} ta chorani nazarda tutadi.",
	},
}
