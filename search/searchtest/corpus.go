package searchtest

import (
	"time"

	"github.com/ca-uncac/hub/search"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// corpus returns the documents the search tests run against: excerpts of the
// UN Convention against Corruption (English authentic text) and hand-written
// records in the hub's other languages.
func corpus() []search.Document {
	public := func(d search.Document) search.Document {
		if d.Visibility == "" {
			d.Visibility = "public"
		}
		if d.Status == "" {
			d.Status = "published"
		}
		return d
	}
	docs := []search.Document{
		{
			ID: "uncac-5", Type: "document", Kind: "convention", Articles: []int{5}, Areas: []string{"prevention"},
			Date: day(2003, 10, 31),
			Texts: map[string]search.Text{"en": {
				Title: "Preventive anti-corruption policies and practices",
				Body: "Each State Party shall, in accordance with the fundamental principles of its legal system, develop and implement or maintain effective, " +
					"coordinated anti-corruption policies that promote the participation of society and reflect the principles of the rule of law, " +
					"proper management of public affairs and public property, integrity, transparency and accountability. " +
					"Each State Party shall endeavour to establish and promote effective practices aimed at the prevention of corruption.",
			}},
		},
		{
			ID: "uncac-15", Type: "document", Kind: "convention", Articles: []int{15}, Areas: []string{"criminalization"},
			Date: day(2003, 10, 31),
			Texts: map[string]search.Text{
				"en": {
					Title: "Bribery of national public officials",
					Body: "Each State Party shall adopt such legislative and other measures as may be necessary to establish as criminal offences, " +
						"when committed intentionally: The promise, offering or giving, to a public official, directly or indirectly, of an undue advantage, " +
						"for the official himself or herself or another person or entity, in order that the official act or refrain from acting in the exercise of his or her official duties.",
				},
				"ru": {
					Title: "Подкуп национальных публичных должностных лиц",
					Body: "Каждое государство-участник принимает такие законодательные и другие меры, какие могут потребоваться, " +
						"с тем чтобы признать в качестве уголовно наказуемых деяний, когда они совершаются умышленно, обещание, предложение " +
						"или предоставление публичному должностному лицу, лично или через посредников, какого-либо неправомерного преимущества.",
				},
			},
		},
		{
			ID: "uncac-20", Type: "document", Kind: "convention", Articles: []int{20}, Areas: []string{"criminalization"},
			Date: day(2003, 10, 31),
			Texts: map[string]search.Text{"en": {
				Title: "Illicit enrichment",
				Body: "Subject to its constitution and the fundamental principles of its legal system, each State Party shall consider adopting such " +
					"legislative and other measures as may be necessary to establish as a criminal offence, when committed intentionally, illicit enrichment, " +
					"that is, a significant increase in the assets of a public official that he or she cannot reasonably explain in relation to his or her lawful income.",
			}},
			Terms: []string{"Illicit enrichment", "Незаконное обогащение", "Заңсыз баю", "Qonunga xilof ravishda boyish"},
		},
		{
			ID: "uncac-23", Type: "document", Kind: "convention", Articles: []int{23}, Areas: []string{"criminalization"},
			Date: day(2003, 10, 31),
			Texts: map[string]search.Text{"en": {
				Title: "Laundering of proceeds of crime",
				Body: "Each State Party shall adopt, in accordance with fundamental principles of its domestic law, such legislative and other measures " +
					"as may be necessary to establish as criminal offences, when committed intentionally: The conversion or transfer of property, " +
					"knowing that such property is the proceeds of crime, for the purpose of concealing or disguising the illicit origin of the property.",
			}},
		},
		{
			ID: "uncac-31", Type: "document", Kind: "convention", Articles: []int{31}, Areas: []string{"criminalization"},
			Date: day(2003, 10, 31),
			Texts: map[string]search.Text{"en": {
				Title: "Freezing, seizure and confiscation",
				Body: "Each State Party shall take, to the greatest extent possible within its domestic legal system, such measures as may be necessary " +
					"to enable confiscation of: Proceeds of crime derived from offences established in accordance with this Convention or property " +
					"the value of which corresponds to that of such proceeds.",
			}},
		},
		{
			ID: "decoy-dinner", Type: "event", Kind: "social", Countries: []string{"KG"}, Date: day(2023, 5, 1),
			Texts: map[string]search.Text{"en": {
				Title: "Annual charity dinner",
				Body:  "The proceeds of the dinner go to a youth club; no crime statistics were discussed.",
			}},
		},
		{
			ID: "kz-law", Type: "document", Kind: "law", Countries: []string{"KZ"}, Articles: []int{5, 36}, Areas: []string{"prevention"},
			Date: day(2015, 11, 18),
			Texts: map[string]search.Text{
				"kk": {
					Title:   "Қазақстан Республикасының «Сыбайлас жемқорлыққа қарсы іс-қимыл туралы» Заңы",
					Summary: "Заң сыбайлас жемқорлыққа қарсы іс-қимылдың негізгі қағидаттарын айқындайды.",
				},
				"ru": {
					Title:   "Закон Республики Казахстан «О противодействии коррупции»",
					Summary: "Закон определяет основные принципы противодействия коррупции в Республике Казахстан.",
				},
			},
		},
		{
			ID: "uz-law", Type: "document", Kind: "law", Countries: []string{"UZ"}, Articles: []int{5, 6}, Areas: []string{"prevention"},
			Date: day(2017, 1, 3),
			Texts: map[string]search.Text{"uz": {
				Title:   "Oʻzbekiston Respublikasining «Korrupsiyaga qarshi kurashish toʻgʻrisida»gi Qonuni",
				Summary: "Qonun Oʻzbekiston Respublikasida korrupsiyaga qarshi kurashish sohasidagi munosabatlarni tartibga soladi.",
			}},
		},
		{
			ID: "uz-event", Type: "event", Kind: "seminar", Countries: []string{"UZ"}, Date: day(2024, 3, 12),
			Texts: map[string]search.Text{"uz": {
				Title:   "Ўзбекистон Республикаси: коррупцияга қарши семинар",
				Summary: "Тошкентда давлат хизматчилари учун халқаро семинар бўлиб ўтди.",
			}},
		},
		{
			ID: "kg-training", Type: "document", Kind: "training", Countries: []string{"KG"}, Areas: []string{"education"},
			Date: day(2022, 9, 1),
			Texts: map[string]search.Text{"ky": {
				Title:   "Кыргыз Республикасында коррупцияга каршы күрөшүү боюнча окуу куралы",
				Summary: "Мамлекеттик кызматчылар үчүн окуу куралы.",
			}},
		},
		{
			ID: "tj-expert", Type: "expert", Countries: []string{"TJ"}, Date: day(2021, 6, 15),
			Texts: map[string]search.Text{"tg": {
				Title:   "Мутахассиси Тоҷикистон оид ба муқовимат ба коррупсия",
				Summary: "Ҳуқуқшинос аз Душанбе, муаллифи тавсияҳо оид ба эъломияи даромад.",
			}},
		},
		{
			ID: "tm-commitment", Type: "commitment", Countries: []string{"TM"}, Articles: []int{8}, Date: day(2020, 12, 9),
			Texts: map[string]search.Text{"tk": {
				Title:   "Türkmenistanyň korrupsiýa garşy göreş boýunça borçnamasy",
				Summary: "Döwlet gullukçylarynyň girdejileri barada maglumat bermek.",
			}},
		},
		{
			ID: "xss", Type: "document", Kind: "guide", Countries: []string{"KZ"}, Articles: []int{33}, Date: day(2019, 4, 1),
			Texts: map[string]search.Text{"en": {
				Title: "Whistleblower protection guide",
				Body: `Reporting persons deserve protection. <script>alert("whistleblower")</script> <b onclick='x'>A whistleblower</b> ` +
					`must never be punished for reporting in good faith & on reasonable grounds.`,
			}},
		},
		{
			ID: "internal-rec", Type: "recommendation", Countries: []string{"KZ"}, Articles: []int{20}, Visibility: "internal", Status: "draft",
			Date: day(2024, 11, 20),
			Texts: map[string]search.Text{"en": {
				Title: "Recommendation on asset declarations",
				Body:  "Public officials should declare their assets and income every year; illicit enrichment should be criminalised.",
			}},
		},
		{
			// A provision of kz-law: a part with a parent, a year of its own
			// (the law's adoption) apart from its date (the last change), and
			// languages beyond its texts (an attachment's).
			ID: "kz-law/p/art-3", Type: "provision", Kind: "law", Countries: []string{"KZ"}, Articles: []int{9},
			Areas: []string{"prevention"}, Parent: "kz-law", Date: day(2023, 2, 1), Year: 2015, Languages: []string{"ru", "kk"},
			Texts: map[string]search.Text{"ru": {
				Title: "Статья 3. Прозрачность государственных закупок",
				Body:  "Государственные закупки проводятся открыто; сведения о закупках публикуются на веб-портале.",
			}},
		},
		{
			ID: "undated", Type: "document", Kind: "note",
			Texts: map[string]search.Text{"en": {
				Title: "Undated note on integrity",
				Body:  "Integrity and transparency in public procurement.",
			}},
		},
	}
	for i := range docs {
		docs[i] = public(docs[i])
	}
	return docs
}
