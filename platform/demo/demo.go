// Package demo holds the content a new hub starts with: the Convention
// itself, article by article, a national anti-corruption law of each member
// state in its languages, a training material, and the platform's first
// meetings. It writes through the platform services, like any other client.
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// Load writes the demo content. It is meant for an empty database; the
// caller makes sure it runs once.
func Load(ctx context.Context, docs platform.DocumentService, events platform.EventService) error {
	ctx = platform.NewContextWithUser(ctx, platform.System)
	for _, in := range Documents() {
		if _, err := docs.CreateDocument(ctx, in); err != nil {
			t, _ := platform.PickText(in.Translations, nil, func(t platform.Translation) string { return t.Title })
			return fmt.Errorf("demo document %q: %w", t, err)
		}
	}
	for _, e := range Events() {
		if err := events.CreateEvent(ctx, e); err != nil {
			return fmt.Errorf("demo event: %w", err)
		}
	}
	return nil
}

// chapterAreas ties the Convention's chapters to the platform's thematic
// areas.
var chapterAreas = map[string][]string{
	"II":  {"prevention"},
	"III": {"criminalization"},
	"IV":  {"asset_recovery"},
	"V":   {"asset_recovery"},
}

// privateSector lists the articles about the private sector.
var privateSector = map[int]bool{12: true, 21: true, 22: true, 26: true, 39: true}

// Documents returns the demo documents: the 71 articles of the Convention,
// then the national laws and materials.
func Documents() []platform.DocumentInput {
	var out []platform.DocumentInput
	for _, a := range platform.Articles() {
		areas := append([]string(nil), chapterAreas[a.Chapter]...)
		if privateSector[a.Number] {
			areas = append(areas, "private_sector")
		}
		title := fmt.Sprintf("UNCAC Article %d. %s", a.Number, a.Title["en"])
		out = append(out, platform.DocumentInput{
			Kind: "convention", Areas: areas, UncacArticles: []int{a.Number}, Visibility: platform.Public,
			Translations: map[string]platform.Translation{"en": {
				Title:   title,
				Summary: fmt.Sprintf("United Nations Convention against Corruption, chapter %s, article %d.", a.Chapter, a.Number),
				Body:    strings.TrimSpace(a.Text["en"]),
			}},
		})
	}
	return append(out, laws...)
}

var laws = []platform.DocumentInput{
	{
		Kind: "national_law", Countries: []string{"KZ"}, Areas: []string{"prevention", "criminalization"},
		UncacArticles: []int{5, 6, 7, 8, 12, 13}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{
			"kk": {Title: "«Сыбайлас жемқорлыққа қарсы іс-қимыл туралы» Қазақстан Республикасының Заңы",
				Summary: "Сыбайлас жемқорлыққа қарсы іс-қимылдың мақсаттары мен міндеттерін, сыбайлас жемқорлықтың алдын алу шараларын және мемлекеттік органдардың өкілеттіктерін белгілейді.",
				Body:    "1-бап. Осы Заңда пайдаланылатын негізгі ұғымдар.\n\nСыбайлас жемқорлыққа қарсы мониторинг, сыбайлас жемқорлық тәуекелдерін талдау, мүдделер қақтығысын болғызбау және қаржылық бақылау шаралары қолданылады."},
			"ru": {Title: "Закон Республики Казахстан «О противодействии коррупции»",
				Summary: "Определяет цели и задачи противодействия коррупции, меры предупреждения коррупции и полномочия государственных органов.",
				Body:    "Статья 1. Основные понятия, используемые в настоящем Законе.\n\nПрименяются антикоррупционный мониторинг, анализ коррупционных рисков, предотвращение конфликта интересов и меры финансового контроля."},
			"en": {Title: "Law of the Republic of Kazakhstan on Combating Corruption",
				Summary: "Sets the aims of anti-corruption policy, the measures that prevent corruption and the powers of state bodies."},
		},
	},
	{
		Kind: "national_law", Countries: []string{"UZ"}, Areas: []string{"prevention"},
		UncacArticles: []int{5, 6, 9, 10, 13}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{
			"uz": {Title: "«Korrupsiyaga qarshi kurashish toʻgʻrisida»gi Oʻzbekiston Respublikasining Qonuni",
				Summary: "Korrupsiyaning oldini olish, unga qarshi kurashish va davlat organlari faoliyatining ochiqligini taʼminlash sohasidagi munosabatlarni tartibga soladi.",
				Body:    "1-modda. Ushbu Qonunning maqsadi.\n\nOʻzbekiston Respublikasida korrupsiyaga qarshi kurashish sohasidagi davlat siyosatining asosiy yoʻnalishlari: aholining huquqiy ongini oshirish, korrupsiyaviy huquqbuzarliklarning oldini olish."},
			"ru": {Title: "Закон Республики Узбекистан «О противодействии коррупции»",
				Summary: "Регулирует отношения в области предупреждения коррупции, борьбы с ней и обеспечения открытости деятельности государственных органов.",
				Body:    "Статья 1. Цель настоящего Закона.\n\nОсновные направления государственной политики в сфере противодействия коррупции в Республике Узбекистан: повышение правосознания населения, предупреждение коррупционных правонарушений."},
		},
	},
	{
		Kind: "national_law", Countries: []string{"KG"}, Areas: []string{"prevention", "criminalization"},
		UncacArticles: []int{5, 8, 15, 20}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{
			"ky": {Title: "«Коррупцияга каршы аракеттенүү жөнүндө» Кыргыз Республикасынын Мыйзамы",
				Summary: "Коррупциянын алдын алуунун негизги принциптерин жана мамлекеттик органдардын милдеттерин аныктайт.",
				Body:    "1-берене. Ушул Мыйзамда колдонулуучу негизги түшүнүктөр.\n\nМамлекеттик кызматчылардын кирешелерин декларациялоо жана кызыкчылыктардын кагылышуусун болтурбоо."},
			"ru": {Title: "Закон Кыргызской Республики «О противодействии коррупции»",
				Summary: "Определяет основные принципы предупреждения коррупции и обязанности государственных органов.",
				Body:    "Статья 1. Основные понятия, используемые в настоящем Законе.\n\nДекларирование доходов государственных служащих и предотвращение конфликта интересов."},
		},
	},
	{
		Kind: "national_law", Countries: []string{"TJ"}, Areas: []string{"prevention", "criminalization"},
		UncacArticles: []int{5, 7, 15, 17}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{
			"tg": {Title: "Қонуни Ҷумҳурии Тоҷикистон «Дар бораи муқовимат ба коррупсия»",
				Summary: "Асосҳои ҳуқуқӣ ва ташкилии пешгирӣ ва муқовимат ба коррупсияро муайян менамояд.",
				Body:    "Моддаи 1. Мафҳумҳои асосӣ.\n\nПешгирии коррупсия, ошкор ва бартараф кардани оқибатҳои ҳуқуқвайронкуниҳои коррупсионӣ."},
			"ru": {Title: "Закон Республики Таджикистан «О противодействии коррупции»",
				Summary: "Определяет правовые и организационные основы предупреждения коррупции и борьбы с ней.",
				Body:    "Статья 1. Основные понятия.\n\nПредупреждение коррупции, выявление и устранение последствий коррупционных правонарушений."},
		},
	},
	{
		Kind: "national_law", Countries: []string{"TM"}, Areas: []string{"prevention"},
		UncacArticles: []int{5, 7, 8}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{
			"tk": {Title: "Türkmenistanyň «Korrupsiýa garşy göreşmek hakynda» Kanuny",
				Summary: "Korrupsiýanyň öňüni almagyň we oňa garşy göreşmegiň hukuk esaslaryny kesgitleýär.",
				Body:    "1-nji madda. Esasy düşünjeler.\n\nDöwlet gullukçylarynyň girdejileri barada maglumatlary yglan etmek we bähbitler çaknyşygynyň öňüni almak."},
			"ru": {Title: "Закон Туркменистана «О борьбе с коррупцией»",
				Summary: "Определяет правовые основы предупреждения коррупции и борьбы с ней.",
				Body:    "Статья 1. Основные понятия.\n\nДекларирование доходов государственных служащих и предотвращение конфликта интересов."},
		},
	},
	{
		Kind: "training", Areas: []string{"asset_recovery"}, UncacArticles: []int{31, 51, 52, 54, 57},
		Countries: []string{}, Visibility: platform.Members,
		Translations: map[string]platform.Translation{
			"en": {Title: "Asset recovery and beneficial ownership: a practitioners' course",
				Summary: "Training material of the platform's asset recovery workshop: tracing, freezing and returning the proceeds of corruption across borders.",
				Body:    "Module 1. Identifying beneficial owners of companies and trusts.\n\nModule 2. Mutual legal assistance requests for freezing and confiscation."},
			"ru": {Title: "Возвращение активов и бенефициарная собственность: курс для практиков",
				Summary: "Учебные материалы семинара платформы по возвращению активов: отслеживание, арест и возврат доходов от коррупции через границы."},
		},
	},
	{
		Kind: "model_law", Areas: []string{"prevention"}, UncacArticles: []int{7, 8, 12},
		Countries: []string{}, Visibility: platform.Public,
		Translations: map[string]platform.Translation{
			"ru": {Title: "Модельный закон о предотвращении конфликта интересов",
				Summary: "Модельные нормы о декларировании интересов, самоотводе и контроле за соблюдением правил государственными служащими.",
				Body:    "Статья 1. Конфликт интересов — ситуация, при которой личная заинтересованность должностного лица влияет или может повлиять на надлежащее исполнение им должностных обязанностей."},
			"en": {Title: "Model law on the prevention of conflicts of interest",
				Summary: "Model provisions on declarations of interest, recusal and the oversight of public officials' compliance."},
		},
	},
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil {
		panic(err) // constant input
	}
	return t.UTC()
}

// Events returns the platform's founding meeting and first annual
// conference, from its public record.
func Events() []*platform.Event {
	return []*platform.Event{
		{
			Kind: "meeting", Start: day("2023-11-02T09:00"), End: day("2023-11-03T18:00"), Country: "UZ",
			Countries: platform.Countries, Areas: platform.Areas, Visibility: platform.Public,
			City: map[string]string{"en": "Tashkent", "ru": "Ташкент", "kk": "Ташкент", "ky": "Ташкент", "tg": "Тошканд", "tk": "Daşkent", "uz": "Toshkent"},
			Translations: map[string]platform.Translation{
				"en": {Title: "Founding meeting of the Regional Platform for Fast-Tracking UNCAC Implementation in Central Asia",
					Summary: "Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan establish the platform, with UNODC as its secretariat, around four priorities: preventive measures; corruption in the corporate and private sector; asset recovery and international cooperation; criminalization and investigation."},
				"ru": {Title: "Учредительное совещание Региональной платформы по ускоренному осуществлению КПК ООН в Центральной Азии",
					Summary: "Казахстан, Кыргызстан, Таджикистан, Туркменистан и Узбекистан учреждают платформу; секретариат — УНП ООН."},
				"uz": {Title: "Markaziy Osiyoda BMTning Korrupsiyaga qarshi konvensiyasini jadal amalga oshirish mintaqaviy platformasining taʼsis yigʻilishi"},
			},
		},
		{
			Kind: "conference", Start: day("2024-10-30T09:00"), End: day("2024-10-30T18:00"), Country: "KZ",
			Countries: platform.Countries, Areas: platform.Areas, Visibility: platform.Public,
			City: map[string]string{"en": "Astana", "ru": "Астана", "kk": "Астана", "ky": "Астана", "tg": "Астана", "tk": "Astana", "uz": "Astana"},
			Translations: map[string]platform.Translation{
				"en": {Title: "First annual conference of the Regional Platform",
					Summary: "The member states review the first year of the platform's roadmaps and hold bilateral meetings in its margins."},
				"ru": {Title: "Первая ежегодная конференция Региональной платформы",
					Summary: "Государства-участники подводят итоги первого года дорожных карт платформы и проводят двусторонние встречи на её полях."},
				"kk": {Title: "Өңірлік платформаның бірінші жыл сайынғы конференциясы"},
			},
		},
	}
}
