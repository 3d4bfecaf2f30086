package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// The demo roadmap: the period 2025–2026, a priority under each thematic
// area, commitments of each member state with their actions, updates with
// claims (verified, and some still waiting for the secretariat), and the
// review recommendations they answer. The commitments are illustrative,
// drawn from the kinds of measures the member states reported; they are not
// the platform's adopted roadmap.

// DemoPeriod is the demo roadmap's period.
const DemoPeriod = "2025-2026"

type demoPriority struct {
	area, code, en, ru string
}

var demoPriorities = []demoPriority{
	{"prevention", "1", "Integrity and asset declarations in the civil service", "Добросовестность и декларирование активов на государственной службе"},
	{"private_sector", "2", "Compliance and integrity in state-owned and private companies", "Комплаенс и добросовестность в государственных и частных компаниях"},
	{"asset_recovery", "3", "Tracing, freezing and returning the proceeds of corruption", "Выявление, арест и возврат доходов от коррупции"},
	{"criminalization", "4", "Investigating and prosecuting corruption offences", "Расследование коррупционных преступлений и уголовное преследование"},
}

type demoAction struct {
	code, en, ru, due string
	status            platform.ItemStatus
	// claim is the progress claimed (negative: none); verified says
	// whether the secretariat has verified it.
	claim    float64
	verified bool
	note     string
}

type demoCommitment struct {
	country, code string
	priority      int // index in demoPriorities
	en, ru, lead  string
	due           string
	articles      []int
	actions       []demoAction
}

var demoCommitments = []demoCommitment{
	{"KZ", "KZ-1.1", 0, "Extend electronic asset declarations to all civil servants", "Распространить электронное декларирование активов на всех госслужащих",
		"Anti-Corruption Agency", "2026-12-01", []int{8, 52}, []demoAction{
			{"KZ-1.1.1", "Amend the law on combating corruption", "Внести изменения в закон о противодействии коррупции", "2025-09-30", platform.StatusCompleted, 100, true, "The amendments entered into force."},
			{"KZ-1.1.2", "Connect the declaration system to the tax authority", "Подключить систему деклараций к налоговым органам", "2026-10-31", platform.StatusSubstantial, 60, false, "Two of three registers are connected."},
		}},
	{"KZ", "KZ-3.1", 2, "Set up an interagency asset recovery office", "Создать межведомственный офис по возврату активов",
		"Prosecutor General's Office", "2026-06-30", []int{51, 54, 57}, []demoAction{
			{"KZ-3.1.1", "Adopt the office's regulation", "Утвердить положение об офисе", "2025-12-31", platform.StatusCompleted, 100, true, "Regulation adopted by joint order."},
		}},
	{"KG", "KG-1.1", 0, "Adopt a code of ethics for civil servants with a complaints procedure", "Принять кодекс этики госслужащих с порядком рассмотрения жалоб",
		"State Personnel Service", "2026-03-31", []int{8}, []demoAction{
			{"KG-1.1.1", "Draft the code with civil society", "Разработать кодекс с участием гражданского общества", "2025-10-31", platform.StatusCompleted, 100, true, "Draft discussed at three public hearings."},
			{"KG-1.1.2", "Train ethics commissioners in every ministry", "Обучить уполномоченных по этике во всех министерствах", "2026-03-31", platform.StatusLimited, 30, false, "Trainings held in 6 of 20 ministries."},
		}},
	{"KG", "KG-4.1", 3, "Specialised training for investigators of corruption offences", "Специализированное обучение следователей по коррупционным делам",
		"Ministry of Internal Affairs", "2025-06-30", []int{36, 60}, []demoAction{
			{"KG-4.1.1", "Run the regional training on financial investigations", "Провести региональный тренинг по финансовым расследованиям", "2025-06-30", platform.StatusLimited, 20, true, ""},
		}},
	{"TJ", "TJ-2.1", 1, "Compliance programmes in state-owned enterprises", "Программы комплаенса на государственных предприятиях",
		"Agency for State Financial Control and Combating Corruption", "2026-09-30", []int{12}, []demoAction{
			{"TJ-2.1.1", "Publish a model compliance programme", "Опубликовать типовую программу комплаенса", "2025-12-31", platform.StatusCompleted, 100, true, "Published on the agency's website."},
			{"TJ-2.1.2", "Appoint compliance officers in the ten largest enterprises", "Назначить комплаенс-офицеров на десяти крупнейших предприятиях", "2026-09-30", platform.StatusSubstantial, 50, true, "Five enterprises have appointed one."},
		}},
	{"TM", "TM-1.1", 0, "Publish the procedure of public procurement online", "Опубликовать порядок государственных закупок в интернете",
		"Ministry of Finance and Economy", "2026-12-01", []int{9}, []demoAction{
			{"TM-1.1.1", "Launch the electronic procurement portal", "Запустить портал электронных закупок", "2026-06-30", platform.StatusLimited, 25, false, "Pilot with two ministries."},
		}},
	{"UZ", "UZ-3.1", 2, "Join the interagency network for asset recovery", "Присоединиться к межведомственной сети по возврату активов",
		"Anti-Corruption Agency", "2026-06-30", []int{51, 56}, []demoAction{
			{"UZ-3.1.1", "Designate the national contact points", "Назначить национальные контактные пункты", "2025-09-30", platform.StatusCompleted, 100, true, "Contact points designated."},
		}},
	{"UZ", "UZ-4.1", 3, "Criminalize illicit enrichment in line with article 20", "Криминализировать незаконное обогащение в соответствии со статьёй 20",
		"Anti-Corruption Agency", "2026-12-01", []int{20}, []demoAction{
			{"UZ-4.1.1", "Submit the draft law to parliament", "Внести законопроект в парламент", "2026-06-30", platform.StatusSubstantial, 70, false, "The draft passed the first reading."},
		}},
	{"", "R-1", 3, "Regional exchange of practice among prosecutors", "Региональный обмен практикой между прокурорами",
		"UNODC", "2026-12-01", []int{46, 48}, nil},
}

type demoRec struct {
	country   string
	source    platform.RecommendationSource
	reference string
	year      int
	articles  []int
	en, ru    string
	impl      platform.Implementation
	answers   string // code of the commitment that answers it
}

var demoRecs = []demoRec{
	{"KZ", platform.SourceUNCAC2, "Country review, para. 45", 2021, []int{52}, "Extend the declaration of assets to all public officials and verify the declarations.", "Распространить декларирование активов на всех должностных лиц и проверять декларации.", platform.ImplPartial, "KZ-1.1"},
	{"KZ", platform.SourceIstanbul, "Fifth round, recommendation 12", 2024, []int{52}, "Introduce the verification of asset declarations of high-level officials.", "Ввести проверку деклараций об активах высокопоставленных должностных лиц.", platform.ImplPartial, "KZ-1.1"},
	{"KG", platform.SourceUNCAC1, "Country review, para. 12", 2015, []int{36}, "Strengthen the specialisation of law enforcement bodies in corruption cases.", "Усилить специализацию правоохранительных органов по коррупционным делам.", platform.ImplNone, "KG-4.1"},
	{"TJ", platform.SourceUNCAC2, "Country review, para. 30", 2022, []int{12}, "Promote compliance programmes in the private sector.", "Содействовать внедрению программ комплаенса в частном секторе.", platform.ImplLargely, "TJ-2.1"},
	{"UZ", platform.SourceIstanbul, "Fifth round, recommendation 3", 2023, []int{20}, "Consider criminalizing illicit enrichment.", "Рассмотреть вопрос о криминализации незаконного обогащения.", platform.ImplPartial, "UZ-4.1"},
}

// commitmentStatus is a demo commitment's status from its actions': done
// when they all are, substantial or limited by their mean progress.
func commitmentStatus(actions []demoAction) platform.ItemStatus {
	if len(actions) == 0 {
		return platform.StatusNotStarted
	}
	done, sum := 0, 0.0
	for _, a := range actions {
		if a.status == platform.StatusCompleted {
			done++
		}
		sum += max(a.claim, 0)
	}
	switch {
	case done == len(actions):
		return platform.StatusCompleted
	case sum/float64(len(actions)) >= 50:
		return platform.StatusSubstantial
	}
	return platform.StatusLimited
}

func demoDay(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// LoadRoadmap writes the demo roadmap through the services, as the
// secretariat; claims a focal point makes are made as a focal point of the
// country, so that some wait for the secretariat's verification. It is
// meant for a database without a roadmap; the caller makes sure it runs
// once.
func LoadRoadmap(ctx context.Context, rm platform.RoadmapService, recs platform.RecommendationService) error {
	sec := platform.NewContextWithUser(ctx, platform.System())
	if _, err := rm.SavePeriod(sec, platform.RoadmapPeriod{ID: DemoPeriod, Start: *demoDay("2025-01-01"), End: *demoDay("2026-12-31"),
		Title: platform.Text{"en": "Roadmap 2025–2026", "ru": "Дорожная карта на 2025–2026 годы"}}); err != nil {
		return fmt.Errorf("demo period: %w", err)
	}
	prios := make([]string, len(demoPriorities))
	for i, p := range demoPriorities {
		saved, err := rm.SavePriority(sec, platform.Priority{Period: DemoPeriod, Area: p.area, Code: p.code, Order: i,
			Title: platform.Text{"en": p.en, "ru": p.ru}, Visibility: platform.Public})
		if err != nil {
			return fmt.Errorf("demo priority %s: %w", p.code, err)
		}
		prios[i] = saved.ID
	}
	byCode := map[string]string{}
	today := platform.Day(time.Now())
	for _, c := range demoCommitments {
		it, err := rm.CreateItem(sec, platform.ItemInput{Kind: platform.KindCommitment, Period: DemoPeriod, Priority: prios[c.priority],
			Country: c.country, Code: c.code, Title: platform.Text{"en": c.en, "ru": c.ru}, Lead: c.lead, Due: demoDay(c.due),
			Weight: 1, Articles: c.articles, Status: commitmentStatus(c.actions), Visibility: platform.Public})
		if err != nil {
			return fmt.Errorf("demo commitment %s: %w", c.code, err)
		}
		byCode[c.code] = it.ID
		for _, a := range c.actions {
			act, err := rm.CreateItem(sec, platform.ItemInput{Kind: platform.KindAction, Period: DemoPeriod, Priority: prios[c.priority],
				Parent: it.ID, Country: c.country, Code: a.code, Title: platform.Text{"en": a.en, "ru": a.ru}, Due: demoDay(a.due),
				Weight: 1, Visibility: platform.Public})
			if err != nil {
				return fmt.Errorf("demo action %s: %w", a.code, err)
			}
			if a.claim < 0 {
				continue
			}
			// A verified claim is the secretariat's; one waiting is the
			// country's focal point's.
			who := sec
			if !a.verified {
				who = platform.NewContextWithUser(ctx, &platform.User{ID: "demo-focal-point-" + c.country, Name: "Focal point",
					Role: platform.RoleFocalPoint, Country: c.country})
			}
			date := *demoDay(a.due)
			if date.After(today) {
				date = today
			}
			in := platform.UpdateInput{Date: date, Claim: &platform.Claim{Progress: a.claim, Status: a.status}}
			if a.note != "" {
				in.Text = platform.Text{"en": a.note}
			}
			if _, err := rm.AddUpdate(who, act.ID, in); err != nil {
				return fmt.Errorf("demo update of %s: %w", a.code, err)
			}
		}
	}
	for i, r := range demoRecs {
		if _, err := recs.CreateRecommendation(sec, platform.RecommendationInput{Country: r.country, Source: r.source, Reference: r.reference,
			Year: r.year, Articles: r.articles, Text: platform.Text{"en": r.en, "ru": r.ru}, Implementation: r.impl,
			Commitments: []string{byCode[r.answers]}, Visibility: platform.Public}); err != nil {
			return fmt.Errorf("demo recommendation %d: %w", i+1, err)
		}
	}
	return nil
}
