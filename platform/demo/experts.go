package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// The demo's pool of experts: the trainers named in events.json, the
// thirty international experts of the 2024 trainings (participants.go) and
// national practitioners of the five member states, every one fictional.
// National experts write their names in Cyrillic and in Latin letters (a
// Turkmen or Uzbek in Latin letters first); consent choices, languages,
// IRM experience and availability vary by a fixed recipe, so that every
// hub's demo is the same. A few people are entered twice, as happens: once
// by the secretariat and once more in another spelling, with the same
// email or phone, for the duplicate finder to flag.

// demoExpert is one profile of the demo pool.
type demoExpert struct {
	cyr, lat, country, org, position string
	// trainer is the name events.json gives the expert as a trainer
	// (with its "(demo)" mark), if any.
	trainer string
	areas   []string
	arts    []int
	langs   []platform.LanguageSkill
	irm     []platform.IRMExperience
	bio     map[string]string
}

func skills(pairs ...string) []platform.LanguageSkill {
	var out []platform.LanguageSkill
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, platform.LanguageSkill{Lang: pairs[i], Level: platform.LanguageLevel(pairs[i+1])})
	}
	return out
}

func reviewer(cycle int, state string, year int) platform.IRMExperience {
	return platform.IRMExperience{Role: platform.IRMReviewer, Cycle: cycle, State: state, Year: year}
}

func focal(cycle int, state string, year int) platform.IRMExperience {
	return platform.IRMExperience{Role: platform.IRMFocalPoint, Cycle: cycle, State: state, Year: year}
}

// namedTrainers are the trainers events.json names, as profiles.
var namedTrainers = []demoExpert{
	{cyr: "Каримова Дилноза", lat: "Dilnoza Karimova", country: "UZ", trainer: "Dilnoza Karimova (demo)",
		org: "Oʻzbekiston Respublikasi Korrupsiyaga qarshi kurashish agentligi", position: "Head of the investigations methodology unit",
		areas: []string{"criminalization"}, arts: []int{15, 16, 21}, langs: skills("uz", "native", "ru", "fluent", "en", "working"),
		irm: []platform.IRMExperience{reviewer(2, "KG", 2021)},
		bio: map[string]string{"en": "Fictional demo expert. Trains investigators on bribery cases and the use of financial evidence.",
			"ru": "Вымышленный эксперт демонстрации. Обучает следователей расследованию дел о взяточничестве и работе с финансовыми доказательствами.",
			"uz": "Namoyish uchun toʻqima ekspert. Tergovchilarni poraxoʻrlik ishlarini tergov qilishga oʻrgatadi."}},
	{lat: "Martin Keller", country: "other", trainer: "Martin Keller (demo)", org: "International Anti-Corruption Academy", position: "Senior lecturer",
		areas: []string{"criminalization", "asset_recovery"}, arts: []int{15, 43, 46}, langs: skills("de", "native", "en", "fluent", "ru", "working"),
		irm: []platform.IRMExperience{reviewer(1, "TJ", 2014), reviewer(2, "UZ", 2022)},
		bio: map[string]string{"en": "Fictional demo expert. Former prosecutor; teaches mutual legal assistance and financial investigations."}},
	{cyr: "Токтогулов Айбек", lat: "Aibek Toktogulov", country: "KG", trainer: "Aibek Toktogulov (demo)",
		org: "Генеральная прокуратура Кыргызской Республики", position: "Прокурор отдела по надзору за исполнением антикоррупционного законодательства",
		areas: []string{"prevention"}, arts: []int{7, 8}, langs: skills("ky", "native", "ru", "native", "en", "basic"),
		irm: []platform.IRMExperience{focal(2, "KG", 2020)},
		bio: map[string]string{"ru": "Вымышленный эксперт демонстрации. Проверяет декларации и конфликты интересов государственных служащих.",
			"ky": "Демонстрациянын ойдон чыгарылган эксперти. Мамлекеттик кызматчылардын декларацияларын текшерет."}},
	{lat: "Sara Lindqvist", country: "other", trainer: "Sara Lindqvist (demo)", org: "Basel Institute on Governance", position: "Asset recovery specialist",
		areas: []string{"asset_recovery"}, arts: []int{31, 52, 54, 55}, langs: skills("sv", "native", "en", "fluent", "ru", "working"),
		bio: map[string]string{"en": "Fictional demo expert. Advises on tracing, freezing and returning the proceeds of corruption."}},
	{cyr: "Назаров Фаррух", lat: "Farrukh Nazarov", country: "TJ", trainer: "Farrukh Nazarov (demo)",
		org: "Агентии назорати давлатии молиявӣ ва мубориза бо коррупсия", position: "Сармутахассис",
		areas: []string{"asset_recovery", "criminalization"}, arts: []int{14, 31, 52}, langs: skills("tg", "native", "ru", "fluent", "en", "working"),
		irm: []platform.IRMExperience{reviewer(2, "TM", 2023)},
		bio: map[string]string{"tg": "Коршиноси тахайюлии намоиш. Оид ба пайгирии дороиҳо ва мубориза бо пулшӯӣ таълим медиҳад.",
			"ru": "Вымышленный эксперт демонстрации. Преподаёт отслеживание активов и противодействие отмыванию денег."}},
	{cyr: "Раҳимова Нодира", lat: "Nodira Rahimova", country: "TJ", trainer: "Nodira Rahimova (demo)",
		org: "Вазорати адлияи Ҷумҳурии Тоҷикистон", position: "Мушовир",
		areas: []string{"prevention", "private_sector"}, arts: []int{7, 8, 12}, langs: skills("tg", "native", "ru", "fluent", "uz", "working"),
		bio: map[string]string{"ru": "Вымышленный эксперт демонстрации. Работает с комплаенс-программами компаний."}},
	{cyr: "Абенов Ерлан", lat: "Yerlan Abenov", country: "KZ", trainer: "Yerlan Abenov (demo)",
		org: "Агентство Республики Казахстан по противодействию коррупции", position: "Главный эксперт",
		areas: []string{"private_sector", "asset_recovery"}, arts: []int{12, 14, 52}, langs: skills("kk", "native", "ru", "native", "en", "fluent"),
		irm: []platform.IRMExperience{reviewer(2, "TJ", 2022), focal(1, "KZ", 2016)},
		bio: map[string]string{"kk": "Демонстрацияның ойдан шығарылған сарапшысы. Бизнестегі комплаенс пен бенефициарлық меншік бойынша сарапшы.",
			"ru": "Вымышленный эксперт демонстрации. Специалист по комплаенсу и бенефициарной собственности."}},
	{lat: "Claire Dubois", country: "other", trainer: "Claire Dubois (demo)", org: "OECD Anti-Corruption Network for Eastern Europe and Central Asia",
		position: "Policy analyst", areas: []string{"private_sector", "prevention"}, arts: []int{9, 12}, langs: skills("fr", "native", "en", "fluent", "ru", "basic"),
		bio: map[string]string{"en": "Fictional demo expert. Monitors anti-corruption reforms and business integrity programmes."}},
	{cyr: "Оразова Марал", lat: "Maral Orazova", country: "TM", trainer: "Maral Orazova (demo)",
		org: "Türkmenistanyň Maliýe we ykdysadyýet ministrligi", position: "Baş hünärmen",
		areas: []string{"prevention"}, arts: []int{9}, langs: skills("tk", "native", "ru", "fluent"),
		bio: map[string]string{"tk": "Görkezmek üçin oýlanyp tapylan bilermen. Döwlet satyn alyşlarynda açyklyk boýunça okuw geçýär.",
			"ru": "Вымышленный эксперт демонстрации. Ведёт занятия по прозрачности государственных закупок."}},
	{cyr: "Эргашев Жасур", lat: "Jasur Ergashev", country: "UZ", trainer: "Jasur Ergashev (demo)",
		org: "Oʻzbekiston Respublikasi Bosh prokuraturasi", position: "Prokuror",
		areas: []string{"asset_recovery"}, arts: []int{43, 46}, langs: skills("uz", "native", "ru", "fluent", "en", "fluent"),
		irm: []platform.IRMExperience{reviewer(2, "KZ", 2021)},
		bio: map[string]string{"uz": "Namoyish uchun toʻqima ekspert. Xalqaro huquqiy yordam soʻrovlari boʻyicha mutaxassis."}},
	{cyr: "Жакупова Асель", lat: "Asel Zhakupova", country: "KZ", trainer: "Asel Zhakupova (demo)",
		org: "Агентство по финансовому мониторингу Республики Казахстан", position: "Начальник управления",
		areas: []string{"asset_recovery"}, arts: []int{31, 54, 55}, langs: skills("kk", "native", "ru", "native", "en", "working"),
		bio: map[string]string{"ru": "Вымышленный эксперт демонстрации. Занимается финансовыми расследованиями и возвратом активов."}},
	{cyr: "Юсупова Гулнора", lat: "Gulnora Yusupova", country: "UZ", trainer: "Gulnora Yusupova (demo)",
		org: "Oʻzbekiston Respublikasi Adliya vazirligi", position: "Bosh mutaxassis",
		areas: []string{"criminalization", "prevention"}, arts: []int{32, 33}, langs: skills("uz", "native", "ru", "fluent"),
		bio: map[string]string{"ru": "Вымышленный эксперт демонстрации. Защита свидетелей и заявителей о коррупции."}},
}

// duplicates are the same people entered a second time, in another
// spelling, with the evidence the finder should see.
var duplicates = []demoExpert{
	// Yerlan Abenov again, typed by a colleague: another transliteration,
	// the same phone.
	{cyr: "Абенов Ерлан Серикович", lat: "Erlan Abenov", country: "KZ", org: "Антикоррупционная служба", areas: []string{"private_sector"},
		langs: skills("kk", "native", "ru", "fluent")},
	// Jasur Ergashev in Uzbek Cyrillic only, the same email.
	{cyr: "Эргашев Жасур", country: "UZ", areas: []string{"asset_recovery"}, arts: []int{46, 48}, langs: skills("uz", "native")},
	// Farrukh Nazarov spelled Farrukh Nazarov -> Farruh Nazarow.
	{lat: "Farruh Nazarow", country: "TJ", areas: []string{"criminalization"}, langs: skills("tg", "native", "ru", "working")},
}

// internationalOrgs are the partner organizations of the thirty
// international experts.
var internationalOrgs = []string{"UNODC", "OECD Anti-Corruption Network for Eastern Europe and Central Asia", "International Anti-Corruption Academy",
	"Basel Institute on Governance", "Stolen Asset Recovery Initiative", "OSCE Programme Office", "Council of Europe GRECO"}

// cyrToLat spells a Russian, Kazakh, Kyrgyz or Tajik name in Latin letters
// as passports of the region do.
var cyrToLat = strings.NewReplacer(
	"Ж", "Zh", "ж", "zh", "Х", "Kh", "х", "kh", "Ц", "Ts", "ц", "ts", "Ч", "Ch", "ч", "ch", "Ш", "Sh", "ш", "sh", "Щ", "Shch", "щ", "shch",
	"Ю", "Yu", "ю", "yu", "Я", "Ya", "я", "ya", "Ё", "Yo", "ё", "yo", "Е", "Ye", "е", "e", "Ы", "Y", "ы", "y", "Й", "Y", "й", "y",
	"ъ", "", "ь", "", "А", "A", "а", "a", "Б", "B", "б", "b", "В", "V", "в", "v", "Г", "G", "г", "g", "Д", "D", "д", "d",
	"З", "Z", "з", "z", "И", "I", "и", "i", "К", "K", "к", "k", "Л", "L", "л", "l", "М", "M", "м", "m", "Н", "N", "н", "n",
	"О", "O", "о", "o", "П", "P", "п", "p", "Р", "R", "р", "r", "С", "S", "с", "s", "Т", "T", "т", "t", "У", "U", "у", "u",
	"Ф", "F", "ф", "f", "Э", "E", "э", "e", "Ә", "A", "ә", "a", "Ғ", "G", "ғ", "g", "Қ", "K", "қ", "k", "Ң", "N", "ң", "n",
	"Ө", "O", "ө", "o", "Ұ", "U", "ұ", "u", "Ү", "U", "ү", "u", "Һ", "H", "һ", "h", "І", "I", "і", "i", "Ӣ", "I", "ӣ", "i",
	"Ӯ", "U", "ӯ", "u", "Ҳ", "H", "ҳ", "h", "Ҷ", "J", "ҷ", "j")

// nationalExperts makes the national practitioners of the pool: n of each
// member state, from the participants' name lists.
func nationalExperts(n int) []demoExpert {
	var out []demoExpert
	for _, c := range platform.Countries() {
		p := pools[c]
		r := rand.New(rand.NewPCG(uint64(c[0]), uint64(c[1])+0xE7))
		lang := map[string]string{"KZ": "kk", "KG": "ky", "TJ": "tg", "TM": "tk", "UZ": "uz"}[c]
		for i := range n {
			first, surname := p.male[(i*5+r.IntN(3))%len(p.male)], p.surnames[(i*3+r.IntN(4))%len(p.surnames)]
			if i%2 == 1 {
				first, surname = p.female[(i*7+r.IntN(3))%len(p.female)], p.femaleSurname(p.surnames[(i*3+1)%len(p.surnames)])
			}
			e := demoExpert{country: c, org: p.orgs[r.IntN(len(p.orgs))]}
			if c == "TM" || c == "UZ" {
				e.lat = first + " " + surname
			} else {
				e.cyr = surname + " " + first
				if r.IntN(100) < 70 {
					e.lat = cyrToLat.Replace(first + " " + surname)
				}
			}
			areas := platform.Areas()
			e.areas = []string{areas[(i+r.IntN(2))%len(areas)]}
			if r.IntN(100) < 40 {
				e.areas = append(e.areas, areas[(i+2)%len(areas)])
			}
			for range 1 + r.IntN(3) {
				if a := []int{5, 6, 7, 8, 9, 12, 14, 15, 16, 17, 19, 20, 21, 23, 26, 31, 32, 33, 36, 43, 46, 48, 51, 52, 53, 54, 55, 57, 58}[r.IntN(29)]; !slices.Contains(e.arts, a) {
					e.arts = append(e.arts, a)
				}
			}
			e.langs = skills(lang, "native", "ru", []string{"native", "fluent", "fluent", "working"}[r.IntN(4)])
			if r.IntN(100) < 45 {
				e.langs = append(e.langs, platform.LanguageSkill{Lang: "en", Level: []platform.LanguageLevel{platform.LevelFluent, platform.LevelWorking, platform.LevelBasic}[r.IntN(3)]})
			}
			if r.IntN(100) < 35 {
				others := slices.DeleteFunc(slices.Clone(platform.Countries()), func(s string) bool { return s == c })
				e.irm = append(e.irm, reviewer(1+r.IntN(2), others[r.IntN(len(others))], 2012+r.IntN(12)))
			}
			if r.IntN(100) < 10 {
				e.irm = append(e.irm, focal(2, c, 2017+r.IntN(5)))
			}
			e.position = positions[map[string]string{"KZ": "ru", "KG": "ru", "TJ": "tg", "TM": "tk", "UZ": "uz"}[c]][r.IntN(5)]
			out = append(out, e)
		}
	}
	return out
}

// phones are the country codes of the member states' mobile numbers.
var phones = map[string]string{"KZ": "+7 701", "KG": "+996 555", "TJ": "+992 93", "TM": "+993 65", "UZ": "+998 90", "other": "+41 79"}

// ExpertInputs returns the demo pool as inputs, and for each the name
// events.json gives it as a trainer ("" for none).
func ExpertInputs() ([]platform.ExpertInput, []string) {
	var all []demoExpert
	all = append(all, namedTrainers...)
	for i, name := range experts {
		all = append(all, demoExpert{lat: name, country: "other", org: internationalOrgs[i%len(internationalOrgs)],
			position: []string{"Senior expert", "Legal adviser", "Financial investigator", "Programme officer"}[i%4],
			areas:    []string{platform.Areas()[i%4], platform.Areas()[(i+1)%4]}, arts: []int{[]int{7, 12, 15, 31, 46, 52}[i%6]},
			langs: skills("en", "fluent", "ru", []string{"working", "basic", "fluent"}[i%3]),
			bio:   map[string]string{"en": "Fictional demo expert of the 2024 regional trainings."}})
	}
	all = append(all, nationalExperts(8)...)
	r := rand.New(rand.NewPCG(0xE4, 0x2024))
	consents := []string{platform.Public, platform.Members, platform.Members, platform.Secretariat}
	var out []platform.ExpertInput
	var trainers []string
	for i, e := range all {
		in := platform.ExpertInput{ExpertProfile: platform.ExpertProfile{
			NameCyrillic: e.cyr, NameLatin: e.lat, Country: e.country, Organization: e.org, Position: e.position,
			Areas: e.areas, Articles: e.arts, Languages: e.langs, IRM: e.irm, Biography: e.bio,
		}}
		name := e.lat
		if name == "" {
			name = cyrToLat.Replace(e.cyr)
		}
		local := strings.ToLower(strings.NewReplacer(" ", ".", "é", "e", "á", "a", "ś", "s", "ė", "e", "í", "i", "ä", "a", "ö", "o", "ü", "u", "ý", "y", "ç", "ch", "ş", "sh", "ž", "zh", "ň", "n", "ʻ", "", "'", "").Replace(name))
		in.Contact = platform.ExpertContact{Email: fmt.Sprintf("%s@experts.example.org", local),
			Phone: fmt.Sprintf("%s %03d %02d %02d", phones[e.country], 100+i, i%100, (i*7)%100)}
		if i%3 == 0 {
			in.Contact.Messenger = "@" + strings.ReplaceAll(local, ".", "_")
		}
		// Consent: most show their name publicly; the rest choose field by
		// field.
		in.Consent = map[platform.ExpertField]string{platform.FieldName: platform.Public, platform.FieldCountry: platform.Public,
			platform.FieldAreas: platform.Public, platform.FieldArticles: platform.Public, platform.FieldTrainings: platform.Public}
		if r.IntN(100) < 15 {
			in.Consent[platform.FieldName] = platform.Members
		}
		for _, f := range []platform.ExpertField{platform.FieldOrganization, platform.FieldPosition, platform.FieldBiography, platform.FieldLanguages,
			platform.FieldIRM, platform.FieldAvailability, platform.FieldPhoto} {
			in.Consent[f] = consents[r.IntN(len(consents))]
		}
		in.Consent[platform.FieldContact] = []string{platform.Members, platform.Secretariat}[r.IntN(2)]
		// Availability over the coming year, for the matching.
		if r.IntN(100) < 70 {
			from := time.Date(2026, time.Month(11+r.IntN(6)), 1+r.IntN(20), 0, 0, 0, 0, time.UTC)
			in.Availability = []platform.Period{{From: from, To: from.AddDate(0, 2+r.IntN(6), 0)}}
		}
		in.DoNotPropose = r.IntN(100) < 4
		out = append(out, in)
		trainers = append(trainers, e.trainer)
	}
	// The duplicates carry the evidence of the profile they repeat.
	for k, d := range duplicates {
		orig := out[[]int{6, 9, 4}[k]]
		in := platform.ExpertInput{ExpertProfile: platform.ExpertProfile{NameCyrillic: d.cyr, NameLatin: d.lat, Country: d.country,
			Organization: d.org, Areas: d.areas, Articles: d.arts, Languages: d.langs,
			Consent: map[platform.ExpertField]string{platform.FieldName: platform.Members}}}
		switch k {
		case 0:
			in.Contact.Phone = strings.ReplaceAll(orig.Contact.Phone, " ", "")
		case 1:
			in.Contact.Email = strings.ToUpper(orig.Contact.Email)
		}
		out = append(out, in)
		trainers = append(trainers, "")
	}
	return out, trainers
}

// LoadExperts writes the demo pool through the experts' service and links
// each expert to the events events.json names them a trainer of. It runs
// after Load, on the database Load filled.
func LoadExperts(ctx context.Context, experts platform.ExpertService, events platform.EventService) error {
	ctx = platform.NewContextWithUser(ctx, platform.System())
	inputs, trainers := ExpertInputs()
	byTrainer := map[string]string{}
	for i, in := range inputs {
		e, err := experts.CreateExpert(ctx, in)
		if err != nil {
			return fmt.Errorf("demo expert %d (%s%s): %w", i+1, in.NameLatin, in.NameCyrillic, err)
		}
		if trainers[i] != "" {
			byTrainer[trainers[i]] = e.ID
		}
	}
	all, _, err := events.FindEvents(ctx, platform.EventFilter{Limit: platform.MaxEventPage})
	if err != nil {
		return err
	}
	for _, ev := range all {
		var links []platform.EventExpert
		for _, name := range ev.Trainers {
			if id := byTrainer[name]; id != "" {
				links = append(links, platform.EventExpert{ExpertID: id, Role: platform.RoleTrainer})
			}
		}
		if len(links) == 0 {
			continue
		}
		in := ev.Input()
		in.Experts = links
		// The link names the trainer now, as their consent allows; the
		// typed name would show it to readers the consent leaves out.
		in.Trainers = slices.DeleteFunc(in.Trainers, func(n string) bool { return byTrainer[n] != "" })
		if _, err := events.UpdateEvent(ctx, ev.ID, in); err != nil {
			return fmt.Errorf("demo event %s's experts: %w", ev.ID, err)
		}
	}
	return nil
}
