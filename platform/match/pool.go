package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ca-uncac/hub/platform"
)

// Synthetic is a generated pool of experts with what Rank needs beside it.
// It is for benchmarks and tests (this package's, cmd/hubbench): the
// people are invented and the demo content never uses them.
type Synthetic struct {
	// Experts are the profiles, in the order they were "entered": mostly
	// approved, some pending, merged or erased.
	Experts []*platform.Expert
	// Bookings are the experts' commitments over the pool's year (2026).
	Bookings []Booking
	// Deliveries counts past events per expert id.
	Deliveries map[string]int
	// Twins are the planted duplicates, [original, twin] by id: one person
	// entered twice, the second time spelled differently (another
	// transliteration, the other word order, without the patronymic, in
	// one script only), sometimes with the same email or phone written
	// another way.
	Twins [][2]string
	// Requests are varied requests (events and reviews, with and without
	// dates), so that a benchmark does not ask the same question each time.
	Requests []Request
}

// TwinShare is the share of SyntheticPool's profiles that are planted
// duplicates, in percent.
const TwinShare = 2

// SyntheticPool generates n realistic experts of the region from seed (the
// same seed gives the same pool): names from lists of Central Asian
// surnames and given names, in Cyrillic with a patronymic (Russian or
// Uzbek style) and in Latin in passport transliteration; countries,
// languages at levels that fit them, areas, articles, IRM experience,
// availability periods and bookings in 2026, past deliveries. TwinShare
// percent of them are twins of others (Synthetic.Twins). For benchmarks and
// tests only.
func SyntheticPool(n int, seed int64) *Synthetic {
	g := &generator{rnd: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), emails: map[string]bool{}, phones: map[string]bool{}}
	s := &Synthetic{Deliveries: map[string]int{}}
	twins := n * TwinShare / 100
	var people []person
	for i := range n - twins {
		p := g.person()
		e := g.expert(i, p)
		people = append(people, p)
		s.Experts = append(s.Experts, e)
	}
	// Twins of distinct approved originals, entered later.
	order := g.rnd.Perm(len(people))
	for i := 0; len(s.Twins) < twins && i < len(order); i++ {
		o := s.Experts[order[i]]
		if o.Status != platform.ExpertApproved {
			continue
		}
		t := g.twin(len(s.Experts), o, people[order[i]])
		s.Experts = append(s.Experts, t)
		s.Twins = append(s.Twins, [2]string{o.ID, t.ID})
	}
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n * 3 / 10 {
		e := s.Experts[g.rnd.IntN(len(s.Experts))]
		start := year.Add(time.Duration(g.rnd.IntN(360*24)) * time.Hour)
		s.Bookings = append(s.Bookings, Booking{ExpertID: e.ID, EventID: fmt.Sprintf("b%023x", i),
			Start: start, End: start.Add(time.Duration(8+g.rnd.IntN(4*24)) * time.Hour)})
	}
	for _, e := range s.Experts {
		if g.rnd.IntN(10) < 4 {
			s.Deliveries[e.ID] = 1 + g.rnd.IntN(12)
		}
	}
	for i := range 64 {
		s.Requests = append(s.Requests, g.request(i, year))
	}
	return s
}

type generator struct {
	rnd            *rand.Rand
	emails, phones map[string]bool
}

// person is a generated person's name parts, in Cyrillic.
type person struct {
	surname, given, patronymic string
	female                     bool
}

func (g *generator) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *generator) person() person {
	p := person{female: g.rnd.IntN(2) == 0, surname: g.pick(surnames)}
	father := g.pick(maleNames)
	if p.female {
		p.given = g.pick(femaleNames)
		p.surname += "а"
	} else {
		p.given = g.pick(maleNames)
	}
	switch r := g.rnd.IntN(10); {
	case r < 6:
		p.patronymic = russianPatronymic(father, p.female)
	case r < 8:
		p.patronymic = father + map[bool]string{false: " ўғли", true: " қизи"}[p.female]
	}
	return p
}

// russianPatronymic is a patronymic from the father's given name.
func russianPatronymic(father string, female bool) string {
	suffix := map[bool][2]string{false: {"ович", "евич"}, true: {"овна", "евна"}}[female]
	switch {
	case strings.HasSuffix(father, "ий"), strings.HasSuffix(father, "ей"):
		return strings.TrimSuffix(father, "й") + suffix[1]
	default:
		return father + suffix[0]
	}
}

var (
	countryPhones = map[string]string{"KZ": "+7 7", "KG": "+996 ", "TJ": "+992 ", "TM": "+993 ", "UZ": "+998 ", "other": "+41 "}
	countryLangs  = map[string]string{"KZ": "kk", "KG": "ky", "TJ": "tg", "TM": "tk", "UZ": "uz", "other": "en"}
	emailDomains  = map[string][]string{"KZ": {"anticorruption.gov.kz", "prokuror.kz", "mail.kz"}, "KG": {"nacbez.kg", "gp.kg", "mail.ru"},
		"TJ": {"anticorruption.tj", "prokuratura.tj", "mail.ru"}, "TM": {"online.tm", "gov.tm"}, "UZ": {"anticorruption.uz", "prokuratura.uz", "gmail.com"},
		"other": {"unodc.org", "oecd.org", "gmail.com"}}
	irmStates = []string{"AF", "AM", "AZ", "BY", "GE", "MN", "PK", "RU", "TR", "UA", "CN", "IN", "KZ", "KG", "TJ", "TM", "UZ"}
)

func (g *generator) expert(i int, p person) *platform.Expert {
	country := g.pick([]string{"KZ", "KG", "TJ", "TM", "UZ", "KZ", "UZ", "KG", "TJ", "other"})
	e := &platform.Expert{ID: fmt.Sprintf("65a1%020x", i), Status: platform.ExpertApproved, Version: 1,
		CreatedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)}
	switch r := g.rnd.IntN(100); {
	case r < 5:
		e.Status = platform.ExpertPending
	case r < 7:
		e.Status = platform.ExpertMerged
	case r < 8:
		e.Status = platform.ExpertErased
	}
	pr := &e.ExpertProfile
	pr.Country = country
	cyr, lat := p.cyrillic(), p.latin(0, false)
	switch r := g.rnd.IntN(10); {
	case r == 0 || country == "other":
		pr.NameLatin = lat
	case r == 1:
		pr.NameCyrillic = cyr
	default:
		pr.NameCyrillic, pr.NameLatin = cyr, lat
	}
	pr.Organization = g.pick([]string{"Anti-Corruption Agency", "Prosecutor General's Office", "Supreme Court", "Parliament", "Financial Intelligence Unit", "Ministry of Justice", "University"})
	pr.Position = g.pick([]string{"Head of Division", "Senior Prosecutor", "Chief Specialist", "Judge", "Professor", "Deputy Director", "Analyst"})
	for _, a := range platform.Areas() {
		if g.rnd.IntN(3) == 0 {
			pr.Areas = append(pr.Areas, a)
		}
	}
	if len(pr.Areas) == 0 {
		pr.Areas = []string{g.pick(platform.Areas())}
	}
	for range 1 + g.rnd.IntN(8) {
		pr.Articles = append(pr.Articles, g.article())
	}
	slices.Sort(pr.Articles)
	pr.Articles = slices.Compact(pr.Articles)
	pr.Languages = g.languages(country)
	switch r := g.rnd.IntN(10); {
	case r < 3:
		for range 1 + g.rnd.IntN(3) {
			pr.IRM = append(pr.IRM, platform.IRMExperience{Role: platform.IRMReviewer, Cycle: 1 + g.rnd.IntN(2), State: g.pick(irmStates), Year: 2011 + g.rnd.IntN(14)})
		}
	case r < 4 && country != "other":
		pr.IRM = append(pr.IRM, platform.IRMExperience{Role: platform.IRMFocalPoint, Cycle: 1 + g.rnd.IntN(2), State: country, Year: 2011 + g.rnd.IntN(14)})
	}
	if g.rnd.IntN(10) < 6 {
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for range 1 + g.rnd.IntN(3) {
			day = day.AddDate(0, 0, g.rnd.IntN(100))
			to := day.AddDate(0, 0, 7+g.rnd.IntN(60))
			pr.Availability = append(pr.Availability, platform.Period{From: day, To: to})
			day = to
		}
	}
	pr.DoNotPropose = g.rnd.IntN(100) < 3
	pr.Contact.Email = g.email(p, country)
	if g.rnd.IntN(10) < 8 {
		pr.Contact.Phone = g.phone(country)
	}
	return e
}

// article picks an article, the chapters the platform works on most
// (II–V) more often.
func (g *generator) article() int {
	if g.rnd.IntN(4) == 0 {
		return 1 + g.rnd.IntN(71)
	}
	return 5 + g.rnd.IntN(55) // 5–59: chapters II to V
}

func (g *generator) languages(country string) []platform.LanguageSkill {
	levels := platform.LanguageLevels()
	var out []platform.LanguageSkill
	if country == "other" {
		out = append(out, platform.LanguageSkill{Lang: g.pick([]string{"en", "fr", "de"}), Level: platform.LevelNative})
		if g.rnd.IntN(3) == 0 {
			out = append(out, platform.LanguageSkill{Lang: "ru", Level: levels[1+g.rnd.IntN(3)]})
		}
		if out[0].Lang != "en" {
			out = append(out, platform.LanguageSkill{Lang: "en", Level: levels[1+g.rnd.IntN(2)]})
		}
		return out
	}
	out = append(out, platform.LanguageSkill{Lang: countryLangs[country], Level: platform.LevelNative})
	out = append(out, platform.LanguageSkill{Lang: "ru", Level: levels[g.rnd.IntN(3)]})
	if g.rnd.IntN(2) == 0 {
		out = append(out, platform.LanguageSkill{Lang: "en", Level: levels[1+g.rnd.IntN(3)]})
	}
	if g.rnd.IntN(8) == 0 {
		other := g.pick([]string{"kk", "ky", "tg", "tk", "uz"})
		if !slices.ContainsFunc(out, func(l platform.LanguageSkill) bool { return l.Lang == other }) {
			out = append(out, platform.LanguageSkill{Lang: other, Level: levels[1+g.rnd.IntN(3)]})
		}
	}
	return out
}

// email is a new address for p; addresses are unique, so that only twins
// share one.
func (g *generator) email(p person, country string) string {
	local := strings.ToLower(ascii(translit(p.given, 1)) + "." + ascii(translit(p.surname, 1)))
	domain := g.pick(emailDomains[country])
	addr := local + "@" + domain
	for n := 2; g.emails[addr]; n++ {
		addr = fmt.Sprintf("%s%d@%s", local, n, domain)
	}
	g.emails[addr] = true
	return addr
}

// phone is a new number in country, written the international way.
func (g *generator) phone(country string) string {
	for {
		d := fmt.Sprintf("%09d", g.rnd.IntN(1_000_000_000))
		if g.phones[d] {
			continue
		}
		g.phones[d] = true
		return countryPhones[country] + d[:2] + " " + d[2:5] + " " + d[5:7] + " " + d[7:]
	}
}

// twin is the same person as o entered again: a pending or approved
// profile with the name spelled differently and, sometimes, the same email
// or phone written another way.
func (g *generator) twin(i int, o *platform.Expert, p person) *platform.Expert {
	t := &platform.Expert{ID: fmt.Sprintf("65b2%020x", i), Status: platform.ExpertApproved, Version: 1,
		CreatedAt: o.CreatedAt.AddDate(1, 0, 0)}
	if g.rnd.IntN(3) == 0 {
		t.Status = platform.ExpertPending
	}
	pr := &t.ExpertProfile
	pr.Country = o.Country
	pr.Areas = slices.Clone(o.Areas)
	pr.Languages = slices.Clone(o.Languages)
	// The name: another transliteration, in either order; the Cyrillic
	// without the patronymic or not at all.
	pr.NameLatin = p.latin(1, g.rnd.IntN(2) == 0)
	switch g.rnd.IntN(3) {
	case 0:
		pr.NameCyrillic = p.surname + " " + p.given
	case 1:
		pr.NameCyrillic = p.cyrillic()
	}
	if o.NameCyrillic == "" && o.NameLatin != "" && g.rnd.IntN(2) == 0 {
		pr.NameCyrillic = ""
	}
	switch r := g.rnd.IntN(10); {
	case r < 4 && o.Contact.Email != "":
		pr.Contact.Email = strings.ToUpper(o.Contact.Email[:1]) + o.Contact.Email[1:]
	default:
		pr.Contact.Email = g.email(p, o.Country)
	}
	if g.rnd.IntN(10) < 3 && o.Contact.Phone != "" {
		// The national number alone, in one block.
		d := platform.PhoneDigits(o.Contact.Phone)
		pr.Contact.Phone = d[len(d)-9:len(d)-7] + " " + d[len(d)-7:]
	}
	return t
}

func (g *generator) request(i int, year time.Time) Request {
	start := year.Add(time.Duration(g.rnd.IntN(340*24)+4) * time.Hour)
	end := start.Add(time.Duration(8+g.rnd.IntN(4*24)) * time.Hour)
	if i%4 == 3 {
		r := Request{Kind: KindReview, State: g.pick(platform.Countries()), Cycle: 1 + g.rnd.IntN(2), Languages: []string{"ru", "en"}}
		if g.rnd.IntN(2) == 0 {
			r.Start, r.End = platform.Day(start), platform.Day(start).AddDate(0, 0, 5)
		}
		return r
	}
	r := Request{Kind: KindEvent, EventID: fmt.Sprintf("e%023x", i), Start: start, End: end}
	r.Areas = []string{g.pick(platform.Areas())}
	if g.rnd.IntN(3) == 0 {
		if a := g.pick(platform.Areas()); a != r.Areas[0] {
			r.Areas = append(r.Areas, a)
		}
	}
	for range 1 + g.rnd.IntN(4) {
		r.Articles = append(r.Articles, g.article())
	}
	r.Languages = [][]string{{"ru"}, {"ru", "en"}, {"en"}, {"uz", "ru"}, {"kk", "ru"}}[g.rnd.IntN(5)]
	if g.rnd.IntN(2) == 0 {
		r.Countries = []string{g.pick(platform.Countries())}
	} else {
		r.Countries = platform.Countries()
	}
	return r
}

// cyrillic is the name as written in Cyrillic: surname, given name,
// patronymic.
func (p person) cyrillic() string {
	return strings.TrimSpace(p.surname + " " + p.given + " " + p.patronymic)
}

// latin is the name in Latin letters, given name first (or surname first
// when surnameFirst), without the patronymic, in transliteration scheme v
// (0: passport style, 1: Uzbek and Kazakh Latin style).
func (p person) latin(v int, surnameFirst bool) string {
	if surnameFirst {
		return translit(p.surname, v) + " " + translit(p.given, v)
	}
	return translit(p.given, v) + " " + translit(p.surname, v)
}

// translit writes Cyrillic s in Latin letters: scheme 0 as Russian-style
// passports do (Zhumabayev, Fyodor, Khodjayev), scheme 1 as Uzbek and
// Kazakh Latin do (Jumabaev, Fedor, Xo'jaev).
func translit(s string, v int) string {
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		lo := unicode.ToLower(r)
		t, ok := translitTable[lo]
		if !ok {
			b.WriteRune(r)
			prev = r
			continue
		}
		out := t[v]
		if lo == 'е' && v == 0 && (prev == ' ' || strings.ContainsRune("аеёиоуыэюяьъ", unicode.ToLower(prev))) {
			out = "ye"
		}
		if unicode.IsUpper(r) && out != "" {
			out = strings.ToUpper(out[:1]) + out[1:]
		}
		b.WriteString(out)
		prev = r
	}
	return b.String()
}

// ascii drops what is not an ASCII letter (for email addresses).
func ascii(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
}

var translitTable = map[rune][2]string{
	'а': {"a", "a"}, 'б': {"b", "b"}, 'в': {"v", "v"}, 'г': {"g", "g"}, 'д': {"d", "d"}, 'е': {"e", "e"},
	'ё': {"yo", "e"}, 'ж': {"zh", "j"}, 'з': {"z", "z"}, 'и': {"i", "i"}, 'й': {"y", "y"}, 'к': {"k", "k"},
	'л': {"l", "l"}, 'м': {"m", "m"}, 'н': {"n", "n"}, 'о': {"o", "o"}, 'п': {"p", "p"}, 'р': {"r", "r"},
	'с': {"s", "s"}, 'т': {"t", "t"}, 'у': {"u", "u"}, 'ф': {"f", "f"}, 'х': {"kh", "x"}, 'ц': {"ts", "ts"},
	'ч': {"ch", "ch"}, 'ш': {"sh", "sh"}, 'щ': {"shch", "sch"}, 'ъ': {"", ""}, 'ы': {"y", "i"}, 'ь': {"", ""},
	'э': {"e", "e"}, 'ю': {"yu", "yu"}, 'я': {"ya", "ya"}, 'ў': {"u", "o'"}, 'қ': {"k", "q"}, 'ғ': {"g", "g'"},
	'ә': {"a", "ä"}, 'ө': {"o", "ö"}, 'ү': {"u", "ü"}, 'ұ': {"u", "u"}, 'і': {"i", "i"}, 'һ': {"h", "h"},
}

// Name lists: Central Asian and Russian names as the region's registries
// write them in Cyrillic (surnames in the masculine form).
var (
	surnames = append(strings.Fields(`Алиев Абдуллаев Ахмедов Бакиров Валиев Габдуллин Джураев Ергашев Жумабаев
		Зайнуллин Ибрагимов Исмаилов Каримов Касымов Мамедов Махмудов Мирзаев Мурадов Назаров Нурланов
		Рахимов Рашидов Садыков Сапаров Султанов Турсунов Умаров Усманов Хакимов Хамидов Шакиров Юсупов
		Якубов Токтогулов Жээнбеков Бекмуратов Сейтказиев Оразбаев Кенжебаев Атаев Мамбетов Асанов Усенов
		Омурбеков Акматов Абдыкадыров Байрамов Гельдыев Овезов Аннаев Чарыев Бердыев Рахмонов Саидов
		Шарипов Холматов Давлатов Назриев Сафаров Қодиров Тошматов Эргашев Юлдашев Хасанов Хусанов
		Абдуллоев Зиёев Файзуллаев Мухамедов Нуриев Сатпаев Байтурсынов Кунаев Сулейменов Есенов Исабеков
		Кожахметов Оспанов Тулегенов Шаймерденов Абенов Байжанов Ермеков Жаксыбеков Серикбаев Толеубаев
		Ахметжанов Муратов Искаков Тажибаев Койчиев Эсенгулов Мамытов Сыдыков Турдубаев Чотонов Алымкулов
		Осмонов Дуйшеев Карабаев Нуралиев Ғафуров Ўринбоев Пугачёв Орлов Фёдоров`),
		derivedSurnames()...)
	maleNames = strings.Fields(`Рустам Тимур Алишер Бахтиёр Шерзод Жамшид Улугбек Фаррух Дилшод Отабек
		Азиз Акмал Баходир Равшан Санжар Ильхом Нурлан Ерлан Серик Асхат Арман Данияр Ержан Марат Канат
		Айбек Бакыт Нурбек Азамат Эрлан Талант Улан Мирлан Алмаз Бекзод Сухроб Фирдавс Умед Парвиз Шухрат
		Рахмон Бахром Меред Довлет Батыр Максат Атамырат Гурбан Дмитрий Сергей Андрей Алексей Евгений
		Юрий Фёдор Ильдар Ғайрат Ўткир Хуршид Джамшед Абдулла Абдурахмон Анвар Бобур Вохид Жахонгир
		Зафар Икром Камол Мансур Мухаммад Нодир Ойбек Пўлат Рашид Саидакбар Тохир Хасан Хусан Шавкат
		Элдор Юсуф Ядгор Абай Айдос Бекжан Болат Дархан Ернар Жандос Кайрат Мейрам Нуржан Олжас Руслан
		Самат Тимурлан Аскар Бакай Жыргал Кубанычбек Медер Нурсултан Эмил Адилет Айдар Бекболот Далер
		Исмоил Комрон Мансур Носир Саидмурод Фаридун Шамсиддин Аман Бегенч Гуванч Мекан Нурмухаммет
		Ровшен Сердар Язмырат Хыдыр`)
	femaleNames = strings.Fields(`Гульнара Дильноза Нигора Шахноза Малика Зарина Мадина Камила Сайёра
		Феруза Айгуль Жанар Динара Асель Сауле Гаухар Алия Айжан Мээрим Айпери Нургуль Чолпон Бермет
		Жылдыз Назира Тахмина Мехрангез Фарангис Гулшан Мохира Огулджерен Айна Майса Джемал Елена Наталья
		Ольга Юлия Екатерина Зульфия Лола Барно Мунира Севара Умида Хилола Гульчехра Дилором Нодира
		Ирода Латофат Мавлюда Нилуфар Озода Рухшона Шоира Ёркиной Гулбахор Манзура Айдана Айым Ботагоз
		Данагуль Жансая Карлыгаш Куралай Ляззат Меруерт Раушан Салтанат Толкын Улжан Шолпан Аида Бактыгуль
		Бурул Венера Гулзат Жаныл Замира Каныкей Нуриза Сабина Таалай Фатима Шарофат Мавджуда Парвина
		Тахмина Гулнора Меҳри Ширин Огулнабат Гулялек Энегуль Джахан`)
)

// derivedSurnames are surnames made the region's usual way: a man's name
// and -ов, -баев, -беков, -жанов or -кулов (Рустамов, Нурланбеков).
func derivedSurnames() []string {
	var out []string
	for _, n := range maleNames {
		if strings.HasSuffix(n, "й") || strings.HasSuffix(n, "а") || slices.Contains([]string{"Дмитрий", "Сергей", "Андрей", "Алексей", "Евгений", "Юрий", "Фёдор"}, n) {
			continue
		}
		suffixes := []string{"ов", "баев", "беков", "жанов", "кулов"}
		if strings.HasSuffix(n, "бек") || strings.HasSuffix(n, "жан") {
			suffixes = suffixes[:1] // Нурбеков, not Нурбекбаев
		}
		for _, suf := range suffixes {
			out = append(out, n+suf)
		}
	}
	return out
}
