package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/ca-uncac/hub/platform"
)

// The participants of the demo's held events, made up from the name lists
// below by a fixed recipe, so that every hub's demo is the same. They
// reproduce the platform's 2024 record: ten regional trainings and expert
// discussions with more than 900 participants and 30 international experts
// as trainers, the first annual conference in Astana with more than 150
// practitioners, and the regional event on integrity in Dushanbe. Every
// person is fictional; the organizations are the member states' real
// anti-corruption bodies. A person of the pool of each country comes to
// several events, as practitioners do, so participants and people differ.

// attendance is how many people an event of events.json had.
type attendance struct {
	participants int // delegates and observers
	experts      int // international trainers, from the experts' pool
}

// heldAttendance maps the index of a held event in events.json to its
// attendance. The first ten are the 2024 trainings and expert discussions
// (94 participants and 3 experts each: 940 and 30).
var heldAttendance = map[int]attendance{
	1: {94, 3}, 2: {94, 3}, 3: {94, 3}, 4: {94, 3}, 5: {94, 3},
	8: {94, 3}, 9: {94, 3}, 10: {94, 3}, 14: {94, 3}, 15: {94, 3},
	7:  {96, 0},  // Dushanbe, integrity in business and the public sector
	11: {156, 0}, // Astana, the first annual conference
	0:  {40, 0},  // the founding meeting
	16: {18, 0}, 17: {36, 0}, 18: {14, 0}, 19: {70, 0}, 20: {140, 0},
	22: {58, 2}, 23: {20, 0}, 24: {65, 0}, 26: {130, 0},
}

type namePool struct {
	female, male, surnames []string
	// femaleSurname turns a surname into its feminine form.
	femaleSurname func(string) string
	orgs          []string
	domain        string
}

func cyrillicFeminine(s string) string {
	switch {
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ин"):
		return s + "а"
	}
	return s
}

var pools = map[string]namePool{
	"KZ": {
		female:        []string{"Айгүл", "Әсел", "Гүлнар", "Дана", "Жанар", "Қарлығаш", "Мәдина", "Назерке", "Салтанат", "Ұлжан", "Шынар", "Әйгерім"},
		male:          []string{"Айдос", "Бауыржан", "Ғалым", "Дәурен", "Ерлан", "Жандос", "Қайрат", "Нұрлан", "Серік", "Талғат", "Үмбет", "Ержан"},
		surnames:      []string{"Абенов", "Жұмабаев", "Қасымов", "Нұрғалиев", "Сәрсенбаев", "Төлеуов", "Ысқақов", "Мұқанов", "Оспанов", "Бекмұхамбетов"},
		femaleSurname: cyrillicFeminine,
		orgs:          []string{"Агентство Республики Казахстан по противодействию коррупции", "Генеральная прокуратура Республики Казахстан", "Агентство по финансовому мониторингу Республики Казахстан", "Министерство юстиции Республики Казахстан"},
		domain:        "example.kz",
	},
	"KG": {
		female:        []string{"Айжан", "Бермет", "Гүлзат", "Жылдыз", "Нургүл", "Саадат", "Чолпон", "Элмира", "Айпери", "Майрам", "Асел", "Нуриза"},
		male:          []string{"Азамат", "Бакыт", "Данияр", "Эрмек", "Жоомарт", "Кубан", "Марат", "Нурбек", "Талант", "Үсөн", "Чынгыз", "Темирлан"},
		surnames:      []string{"Асанов", "Бекбоев", "Жумалиев", "Исаков", "Кадыров", "Мамытов", "Осмонов", "Сыдыков", "Токтогулов", "Үсөнов"},
		femaleSurname: cyrillicFeminine,
		orgs:          []string{"Генеральная прокуратура Кыргызской Республики", "Служба по борьбе с экономическими преступлениями", "Государственная служба финансовой разведки", "Министерство юстиции Кыргызской Республики"},
		domain:        "example.kg",
	},
	"TJ": {
		female:        []string{"Гулноза", "Дилафрӯз", "Зарина", "Мавҷуда", "Нигина", "Парвина", "Сабрина", "Тахмина", "Фарзона", "Шаҳло", "Мунира", "Ҳилола"},
		male:          []string{"Алишер", "Бахтиёр", "Давлат", "Зафар", "Илҳом", "Комрон", "Меҳроҷ", "Нозим", "Рустам", "Фаррух", "Ҷамшед", "Шоҳин"},
		surnames:      []string{"Раҳимов", "Каримов", "Назаров", "Саидов", "Шарипов", "Қодиров", "Ҳасанов", "Ҷӯраев", "Одинаев", "Мирзоев"},
		femaleSurname: cyrillicFeminine,
		orgs:          []string{"Агентии назорати давлатии молиявӣ ва мубориза бо коррупсия", "Прокуратураи генералии Ҷумҳурии Тоҷикистон", "Вазорати адлияи Ҷумҳурии Тоҷикистон"},
		domain:        "example.tj",
	},
	"TM": {
		female:        []string{"Aýgül", "Bahar", "Dünýä", "Enejan", "Gülälek", "Jeren", "Maýsa", "Ogulgerek", "Sona", "Şirin", "Ýazgül", "Nurjahan"},
		male:          []string{"Arslan", "Batyr", "Döwlet", "Gurban", "Kerim", "Meretgeldi", "Nury", "Owez", "Rahman", "Serdar", "Şatlyk", "Ýusup"},
		surnames:      []string{"Annaýew", "Berdiýew", "Çaryýew", "Durdyýew", "Gurbanow", "Hojamyradow", "Meredow", "Orazow", "Saparow", "Täçmyradow"},
		femaleSurname: func(s string) string { return s + "a" },
		orgs:          []string{"Türkmenistanyň Baş prokuraturasy", "Türkmenistanyň Maliýe we ykdysadyýet ministrligi", "Türkmenistanyň Adalat ministrligi"},
		domain:        "example.tm",
	},
	"UZ": {
		female:        []string{"Dilnoza", "Gulnora", "Kamola", "Maftuna", "Nodira", "Oʻgiloy", "Sevara", "Shahnoza", "Umida", "Yulduz", "Zilola", "Gʻuncha"},
		male:          []string{"Akmal", "Bahodir", "Doniyor", "Farrux", "Gʻayrat", "Jahongir", "Oybek", "Rustam", "Sardor", "Shuhrat", "Ulugʻbek", "Zafar"},
		surnames:      []string{"Abdullayev", "Karimov", "Mirzayev", "Nazarov", "Qodirov", "Rahimov", "Sobirov", "Toshmatov", "Usmonov", "Xoʻjayev"},
		femaleSurname: func(s string) string { return s + "a" },
		orgs:          []string{"Oʻzbekiston Respublikasi Korrupsiyaga qarshi kurashish agentligi", "Oʻzbekiston Respublikasi Bosh prokuraturasi", "Oʻzbekiston Respublikasi Adliya vazirligi", "Davlat xaridlari boʻyicha idora"},
		domain:        "example.uz",
	},
}

// experts is the pool of international experts, as they write their
// names.
var experts = []string{
	"Anna Kowalska", "Jean-Marc Dubois", "Maria Rossi", "Thomas Becker", "Elena Popescu", "David Harris",
	"Sofia Lindqvist", "Pablo Ortega", "Ingrid Hansen", "Marek Novák", "Claire Martin", "Luca Bianchi",
	"Nino Beridze", "Aylin Demir", "Kristina Petrova", "Jonas Weber", "Hélène Laurent", "Oliver Grant",
	"Rasa Kazlauskienė", "Tomasz Wiśniewski", "Giorgi Kapanadze", "Eva Horvath", "Henrik Olsen", "Lucía Fernández",
	"Marta Silva", "Peter Novak", "Irina Volkova", "Karl Schmidt", "Sarah Mitchell", "Andrés Castillo",
}

var positions = map[string][]string{
	"ru": {"главный специалист", "старший следователь", "прокурор", "начальник отдела", "эксперт"},
	"tk": {"baş hünärmen", "uly derňewçi", "prokuror", "bölüm başlygy", "bilermen"},
	"uz": {"bosh mutaxassis", "katta tergovchi", "prokuror", "boʻlim boshligʻi", "ekspert"},
	"tg": {"мутахассиси асосӣ", "муфаттиши калон", "прокурор", "сардори шуъба", "коршинос"},
}

// person is one made-up practitioner of a country's pool.
type person struct {
	name, email, gender, org, position, lang string
}

// poolOf makes the country's pool of n people, the same every time.
func poolOf(country string, n int) []person {
	p := pools[country]
	r := rand.New(rand.NewPCG(uint64(len(country)), uint64(country[0])<<8|uint64(country[1])))
	lang := map[string]string{"KZ": "kk", "KG": "ky", "TJ": "tg", "TM": "tk", "UZ": "uz"}[country]
	posLang := map[string]string{"KZ": "ru", "KG": "ru", "TJ": "tg", "TM": "tk", "UZ": "uz"}[country]
	out := make([]person, 0, n)
	for i := range n {
		female := r.IntN(100) < 42
		first, gender := p.male[r.IntN(len(p.male))], "male"
		surname := p.surnames[r.IntN(len(p.surnames))]
		if female {
			first, gender, surname = p.female[r.IntN(len(p.female))], "female", p.femaleSurname(surname)
		}
		if r.IntN(100) < 8 {
			gender = "" // not given
		}
		out = append(out, person{
			name: first + " " + surname, email: fmt.Sprintf("%s.%03d@%s", strings.ToLower(country), i+1, p.domain),
			gender: gender, org: p.orgs[r.IntN(len(p.orgs))], position: positions[posLang][r.IntN(len(positions[posLang]))], lang: lang,
		})
	}
	return out
}

// Participants returns the demo participants of the event at index i of
// events.json (nil for an event without any), given the event as stored.
func Participants(i int, e *platform.Event) []platform.ParticipantRecord {
	a, ok := heldAttendance[i]
	if !ok {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(i)+1, 0x2024))
	countries := e.Countries
	if len(countries) == 0 {
		countries = platform.Countries()
	}
	people := map[string][]person{}
	for _, c := range countries {
		if _, ok := pools[c]; ok {
			people[c] = poolOf(c, 160)
		}
	}
	days := e.Days()
	var out []platform.ParticipantRecord
	taken := map[string]bool{}
	for n := 0; len(out) < a.participants && n < a.participants*20; n++ {
		c := countries[n%len(countries)]
		pool := people[c]
		if len(pool) == 0 {
			continue
		}
		p := pool[r.IntN(len(pool))]
		if taken[p.email] {
			continue
		}
		taken[p.email] = true
		attended := days
		if len(days) > 1 && r.IntN(100) < 8 {
			attended = days[:len(days)-1] // left before the last day
		}
		category := platform.CategoryDelegate
		if r.IntN(100) < 10 {
			category = platform.CategoryObserver
		}
		out = append(out, platform.ParticipantRecord{
			RegistrationInput: platform.RegistrationInput{Name: p.name, Email: p.email, Country: c, Organization: p.org,
				Position: p.position, Gender: p.gender, Category: category, Language: p.lang, ListPublicly: r.IntN(100) < 60},
			Attended: attended,
		})
	}
	// The international experts who trained: each 2024 training has its
	// own three from the pool of thirty.
	for k := range a.experts {
		name := experts[(expertOffset[i]+k)%len(experts)]
		out = append(out, platform.ParticipantRecord{
			RegistrationInput: platform.RegistrationInput{Name: name, Email: strings.ToLower(strings.NewReplacer(" ", ".", "é", "e", "á", "a", "ś", "s", "ė", "e", "í", "i").Replace(name)) + "@experts.example.org",
				Country: "other", Organization: "International expert", Category: platform.CategoryTrainer, Language: "en", ListPublicly: true},
			Attended: days,
		})
	}
	return out
}

// expertOffset gives each training its own experts of the pool.
var expertOffset = map[int]int{1: 0, 2: 3, 3: 6, 4: 9, 5: 12, 8: 15, 9: 18, 10: 21, 14: 24, 15: 27, 22: 5}
