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

// The demo's bilateral meetings. At the first annual conference (Astana,
// 30 October – 1 November 2024) the five member states and four partners
// (the International Anti-Corruption Academy, Hong Kong's Independent
// Commission Against Corruption, a donor and a civil society network) met
// in twelve bilateral meetings in the margins: the demo holds their
// delegations, rooms and interpreters and the twelve requests, accepted,
// solved and published. The member states' delegates are people of the
// demo's participant pools (recorded as participants when they are not
// yet); the partners' people are fictional, written in their own scripts.
// A second, wholly fictional conference ("Demonstration conference for the
// scheduler", June 2027 in Tashkent) has twenty delegations and about
// eighty requests, pending, accepted and declined, the accepted ones not
// yet solved, for the secretariat to try the scheduler on.

// Registrations is what the demo's bilaterals need of the registrations:
// an event's list, and recording participants (whatever the event's
// status: the Astana conference is held).
type Registrations interface {
	EventRegistrations(ctx context.Context, eventID string, f platform.RegistrationFilter) ([]*platform.Registration, int, error)
	RecordParticipants(ctx context.Context, eventID string, people []platform.ParticipantRecord) (*platform.RecordResult, error)
}

// demoMember is a delegate as the demo writes them.
type demoMember struct {
	name, email, position, org string
	languages                  []string
}

// demoDelegation is a delegation: a member state (country) or a partner
// (name), its members, the first its head.
type demoDelegation struct {
	key, country, name, regCountry string
	members                        []demoMember
}

// demoMeeting is a request between two delegations (by key).
type demoMeeting struct {
	from, to, topic string
	areas           []string
	articles        []int
	priority        platform.MeetingPriority
}

// astanaPartners are the partners' delegations at the Astana conference.
var astanaPartners = []demoDelegation{
	{key: "iaca", name: "International Anti-Corruption Academy", regCountry: "other", members: []demoMember{
		{name: "Elisabeth Gruber", email: "e.gruber@iaca.demo.example.org", position: "Head of Training", org: "IACA", languages: []string{"de", "en"}},
		{name: "Tomás Herrera", email: "t.herrera@iaca.demo.example.org", position: "Programme Manager", org: "IACA", languages: []string{"es", "en"}},
	}},
	{key: "icac", name: "Independent Commission Against Corruption, Hong Kong", regCountry: "other", members: []demoMember{
		{name: "陳志明", email: "chan.chiming@icac.demo.example.org", position: "Principal Investigator", org: "ICAC Hong Kong", languages: []string{"zh", "en"}},
		{name: "黃美玲", email: "wong.meiling@icac.demo.example.org", position: "Corruption Prevention Officer", org: "ICAC Hong Kong", languages: []string{"zh", "en"}},
	}},
	{key: "donor", name: "Central Asia Integrity Fund (demo donor)", regCountry: "other", members: []demoMember{
		{name: "Sophie Laurent", email: "s.laurent@fund.demo.example.org", position: "Programme Officer", org: "Central Asia Integrity Fund", languages: []string{"fr", "en"}},
	}},
	{key: "cso", name: "Central Asian Civil Society Anti-Corruption Network (demo)", regCountry: "KZ", members: []demoMember{
		{name: "Динара Ахметова", email: "d.akhmetova@network.demo.example.org", position: "Coordinator", org: "Civil Society Network", languages: []string{"ru", "kk", "en"}},
		{name: "Bakhtiyor Rahimov", email: "b.rahimov@network.demo.example.org", position: "Researcher", org: "Civil Society Network", languages: []string{"uz", "ru"}},
	}},
}

// astanaMeetings are the twelve bilateral meetings of the Astana
// conference.
var astanaMeetings = []demoMeeting{
	{"KZ", "UZ", "Mutual legal assistance in asset recovery cases", []string{"asset_recovery"}, []int{46, 51}, platform.PriorityHigh},
	{"KG", "KZ", "Verifying public officials' asset declarations", []string{"prevention"}, []int{8, 20}, platform.PriorityNormal},
	{"TJ", "UZ", "Cooperation between financial intelligence units", []string{"asset_recovery"}, []int{58}, platform.PriorityHigh},
	{"TM", "KZ", "Transparency of public procurement", []string{"prevention"}, []int{9}, platform.PriorityNormal},
	{"UZ", "iaca", "Places for investigators in the master's programme", []string{"criminalization"}, []int{60}, platform.PriorityNormal},
	{"KZ", "icac", "Investigating illicit enrichment: the Hong Kong experience", []string{"criminalization"}, []int{20}, platform.PriorityHigh},
	{"KG", "iaca", "Training of trainers for the anti-corruption service", []string{"criminalization"}, []int{60}, platform.PriorityNormal},
	{"TJ", "donor", "Support for the national anti-corruption strategy", []string{"prevention"}, []int{5}, platform.PriorityNormal},
	{"cso", "KZ", "Civil society in the review of the roadmap", []string{"prevention"}, []int{13}, platform.PriorityNormal},
	{"TM", "UZ", "Protection of whistleblowers", []string{"prevention"}, []int{33}, platform.PriorityLow},
	{"donor", "KG", "Funding of the electronic declaration system", []string{"prevention"}, []int{8}, platform.PriorityNormal},
	{"icac", "UZ", "Preventing corruption in the private sector", []string{"private_sector"}, []int{12}, platform.PriorityNormal},
}

// nationalLanguage is each member state's language.
var nationalLanguage = map[string]string{"KZ": "kk", "KG": "ky", "TJ": "tg", "TM": "tk", "UZ": "uz"}

// countryDelegation is a member state's delegation of n people from the
// demo's pool, from index first, who speak the national language and
// Russian (a meeting with a partner that speaks English needs an
// interpreter).
func countryDelegation(country string, first, n int) demoDelegation {
	d := demoDelegation{key: country, country: country, regCountry: country}
	for _, p := range poolOf(country, 160)[first : first+n] {
		langs := []string{nationalLanguage[country], "ru"}
		d.members = append(d.members, demoMember{name: p.name, email: p.email, position: p.position, org: p.org, languages: langs})
	}
	return d
}

// LoadBilaterals writes the demo's bilateral meetings through the service,
// as System: the Astana conference's (its event must exist: see Load) and
// the fictional conference's, which it creates. It is meant for a database
// without them; the caller makes sure it runs once.
func LoadBilaterals(ctx context.Context, svc platform.BilateralService, events platform.EventService, regs Registrations) error {
	ctx = platform.NewContextWithUser(ctx, platform.System())
	astana, err := astanaConference(ctx, events)
	if err != nil {
		return err
	}
	var dels []demoDelegation
	for _, c := range platform.Countries() {
		dels = append(dels, countryDelegation(c, 0, 3))
	}
	dels = append(dels, astanaPartners...)
	ids, err := writeDelegations(ctx, svc, regs, astana, dels)
	if err != nil {
		return fmt.Errorf("demo bilaterals, Astana: %w", err)
	}
	settings := platform.DefaultBilateralSettings(astana.ID)
	settings.Rooms = []platform.BilateralRoom{{Name: "Bilateral room 1", Capacity: 8}, {Name: "Bilateral room 2", Capacity: 8}, {Name: "Room B", Capacity: 12}}
	settings.Interpreters = []platform.BilateralInterpreter{
		{Name: "Мария Ким", Pairs: []platform.LanguagePair{{A: "en", B: "ru"}}},
		{Name: "Данияр Садыков", Pairs: []platform.LanguagePair{{A: "en", B: "ru"}, {A: "en", B: "kk"}}},
		{Name: "Ли Вэй", Pairs: []platform.LanguagePair{{A: "zh", B: "ru"}, {A: "en", B: "ru"}}},
	}
	settings.RequestDeadline = astana.Start.Add(-7 * 24 * time.Hour)
	if _, err := svc.SaveSettings(ctx, astana.ID, *settings, 0); err != nil {
		return fmt.Errorf("demo bilaterals, Astana settings: %w", err)
	}
	byKey := map[string]demoDelegation{}
	for _, d := range dels {
		byKey[d.key] = d
	}
	for i, m := range astanaMeetings {
		if err := writeMeeting(ctx, svc, astana.ID, ids, byKey, m, platform.MeetingAccepted, 2); err != nil {
			return fmt.Errorf("demo bilaterals, Astana meeting %d: %w", i+1, err)
		}
	}
	draft, err := svc.Solve(ctx, astana.ID, 0)
	if err != nil {
		return fmt.Errorf("demo bilaterals, Astana schedule: %w", err)
	}
	if _, err := svc.Publish(ctx, astana.ID, draft.Version); err != nil {
		return fmt.Errorf("demo bilaterals, Astana publication: %w", err)
	}
	return loadFictionalConference(ctx, svc, events, regs)
}

// astanaConference finds the demo's first annual conference.
func astanaConference(ctx context.Context, events platform.EventService) (*platform.Event, error) {
	start := time.Date(2024, 10, 30, 9, 0, 0, 0, time.FixedZone("+05", 5*3600))
	list, _, err := events.FindEvents(ctx, platform.EventFilter{Kinds: []platform.EventKind{platform.EventConference}, Limit: platform.MaxEventPage})
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		if e.Start.Equal(start) && e.Country == "KZ" {
			return e, nil
		}
	}
	return nil, fmt.Errorf("demo bilaterals: the Astana conference of 30 October 2024 is not in the database (load the demo events first)")
}

// writeDelegations records the delegations' people as participants of the
// event (those recorded already are kept) and writes the delegations with
// their members linked to the registrations; it returns the delegations'
// ids by key.
func writeDelegations(ctx context.Context, svc platform.BilateralService, regs Registrations, ev *platform.Event, dels []demoDelegation) (map[string]*platform.Delegation, error) {
	var people []platform.ParticipantRecord
	days := []string{}
	if ev.Status == platform.EventHeld {
		days = ev.Days()
	}
	for _, d := range dels {
		for _, m := range d.members {
			lang := "en"
			if platform.ValidLanguage(m.languages[0]) {
				lang = m.languages[0]
			}
			people = append(people, platform.ParticipantRecord{RegistrationInput: platform.RegistrationInput{Name: m.name, Email: m.email,
				Country: d.regCountry, Organization: m.org, Position: m.position, Category: platform.CategoryDelegate, Language: lang}, Attended: days})
		}
	}
	if _, err := regs.RecordParticipants(ctx, ev.ID, people); err != nil {
		return nil, err
	}
	byEmail := map[string]string{}
	for offset := 0; ; offset += platform.MaxEventPage {
		page, total, err := regs.EventRegistrations(ctx, ev.ID, platform.RegistrationFilter{Offset: offset, Limit: platform.MaxEventPage})
		if err != nil {
			return nil, err
		}
		for _, r := range page {
			byEmail[r.Email] = r.ID
		}
		if offset+len(page) >= total || len(page) == 0 {
			break
		}
	}
	out := map[string]*platform.Delegation{}
	for _, d := range dels {
		in := platform.DelegationInput{Kind: platform.DelegationCountry, Country: d.country, Name: d.name, Head: "m1"}
		if d.country == "" {
			in.Kind = platform.DelegationOrganization
		}
		for _, m := range d.members {
			in.Members = append(in.Members, platform.DelegationMember{RegistrationID: byEmail[strings.ToLower(m.email)], Name: m.name,
				Position: m.position, Languages: m.languages})
		}
		got, err := svc.SaveDelegation(ctx, ev.ID, "", in)
		if err != nil {
			return nil, fmt.Errorf("delegation %s: %w", d.key, err)
		}
		out[d.key] = got
	}
	return out, nil
}

// interpretation is the pair a meeting of a and b needs: none when their
// heads share a language; else English and Russian when one side speaks
// each (the interpreters' usual pair); else their first languages.
func interpretation(a, b demoDelegation) *platform.LanguagePair {
	la, lb := a.members[0].languages, b.members[0].languages
	if slices.ContainsFunc(la, func(l string) bool { return slices.Contains(lb, l) }) {
		return nil
	}
	for _, x := range la {
		for _, y := range lb {
			if x == "en" && y == "ru" || x == "ru" && y == "en" {
				return &platform.LanguagePair{A: x, B: y}
			}
		}
	}
	return &platform.LanguagePair{A: la[0], B: lb[0]}
}

// writeMeeting asks for the meeting m and leaves it in status (pending,
// accepted or declined), each side sending up to n members.
func writeMeeting(ctx context.Context, svc platform.BilateralService, eventID string, ids map[string]*platform.Delegation,
	byKey map[string]demoDelegation, m demoMeeting, status platform.MeetingStatus, n int) error {
	from, to := ids[m.from], ids[m.to]
	members := func(d *platform.Delegation) []string {
		var out []string
		for _, mem := range d.Members[:min(n, len(d.Members))] {
			out = append(out, mem.ID)
		}
		return out
	}
	r, err := svc.CreateRequest(ctx, eventID, platform.MeetingRequestInput{From: from.ID, To: to.ID, Topic: m.topic, Areas: m.areas,
		UncacArticles: m.articles, Priority: m.priority, FromMembers: members(from), Interpretation: interpretation(byKey[m.from], byKey[m.to])})
	if err != nil {
		return err
	}
	switch status {
	case platform.MeetingAccepted:
		_, err = svc.AnswerRequest(ctx, r.ID, platform.MeetingAnswer{Action: platform.AnswerAccept, ToMembers: members(to)})
	case platform.MeetingDeclined:
		_, err = svc.AnswerRequest(ctx, r.ID, platform.MeetingAnswer{Action: platform.AnswerDecline, Reason: "The delegation's programme is full."})
	}
	return err
}

// fictionalTitles are the fictional conference's titles.
var fictionalTitles = map[string]platform.EventText{
	"en": {Title: "Demonstration conference for the scheduler (fictional)", Description: "A fictional conference with twenty delegations and about eighty requests for bilateral meetings, for trying the scheduler. Nothing here happened or will happen."},
	"ru": {Title: "Демонстрационная конференция для планировщика (вымышленная)", Description: "Вымышленная конференция с двадцатью делегациями и примерно восемьюдесятью запросами о двусторонних встречах, чтобы опробовать планировщик. Ничего из этого не происходило и не произойдёт."},
	"kk": {Title: "Жоспарлағышқа арналған демонстрациялық конференция (ойдан шығарылған)"},
	"ky": {Title: "Пландоочу үчүн демонстрациялык конференция (ойдон чыгарылган)"},
	"tg": {Title: "Конференсияи намоишӣ барои банақшагир (тахайюлӣ)"},
	"tk": {Title: "Meýilleşdiriji üçin görkezme konferensiýasy (toslama)"},
	"uz": {Title: "Rejalashtiruvchi uchun namoyish konferensiyasi (toʻqima)"},
}

// fictionalOrganizations are the fictional conference's partners, each
// with the language its people speak besides English.
var fictionalOrganizations = []struct{ name, lang string }{
	{"Northern Lakes Integrity Institute", "fi"}, {"Caspian Audit Network", "az"}, {"Silk Road Prosecutors' Forum", "tr"},
	{"Open Contracts Observatory", "es"}, {"Alpine Anti-Corruption Agency", "de"}, {"Steppe Journalists' Association", "ru"},
	{"Pamir Legal Clinic", "fa"}, {"Aral Sea Development Fund", "fr"}, {"Tian Shan Public Service Academy", "zh"},
	{"Harbour Commission against Graft", "zh"}, {"Meridian Asset Recovery Unit", "pt"}, {"Baltic Transparency Council", "lt"},
	{"Amu Darya Civic Union", "ru"}, {"Coastal Ethics Office", "it"}, {"Highland Ombudsman Service", "ka"},
}

// fictionalTopics are the requests' topics at the fictional conference.
var fictionalTopics = []struct {
	topic    string
	area     string
	articles []int
}{
	{"Asset declarations of judges", "prevention", []int{8, 11}}, {"Beneficial ownership registers", "private_sector", []int{12, 14}},
	{"Recovery of assets held abroad", "asset_recovery", []int{51, 57}}, {"Joint investigations", "criminalization", []int{49}},
	{"Whistleblower protection", "prevention", []int{33}}, {"Public procurement audits", "prevention", []int{9}},
	{"Corporate liability for bribery", "private_sector", []int{26}}, {"Illicit enrichment cases", "criminalization", []int{20}},
	{"Extradition requests", "asset_recovery", []int{44}}, {"Training of investigators", "criminalization", []int{60}},
	{"Codes of conduct for public officials", "prevention", []int{8}}, {"Conflicts of interest in customs", "prevention", []int{7}},
	{"Money laundering typologies", "criminalization", []int{23, 14}}, {"Mutual legal assistance channels", "asset_recovery", []int{46}},
	{"Integrity of sports organizations", "private_sector", []int{12}}, {"E-government against petty corruption", "prevention", []int{10}},
}

// loadFictionalConference creates the fictional conference with its
// delegations, settings and requests.
func loadFictionalConference(ctx context.Context, svc platform.BilateralService, events platform.EventService, regs Registrations) error {
	tz := time.FixedZone("+05", 5*3600)
	day := func(d, h, m int) time.Time { return time.Date(2027, 6, d, h, m, 0, 0, tz) }
	plenary := func(d, h1, m1, h2, m2 int, en, ru string) platform.EventSession {
		return platform.EventSession{Start: day(d, h1, m1), End: day(d, h2, m2), Room: "Plenary hall",
			Translations: map[string]platform.SessionText{"en": {Title: en}, "ru": {Title: ru}}}
	}
	titles := map[string]platform.EventText{}
	for k, v := range fictionalTitles {
		titles[k] = v
	}
	ev, err := events.CreateEvent(ctx, platform.EventInput{Kind: platform.EventConference, Status: platform.EventRegistrationOpen,
		Start: day(15, 9, 0), End: day(17, 17, 0), TimeZone: "Asia/Tashkent", Country: "UZ", Countries: platform.Countries(),
		Areas: platform.Areas(), City: map[string]string{"en": "Tashkent", "ru": "Ташкент", "uz": "Toshkent"}, Rooms: []string{"Plenary hall"},
		Languages: []string{"ru", "en"}, Interpretation: []string{"en", "ru"}, Organizers: []string{"UNODC"}, Visibility: platform.Public,
		Translations: titles,
		Sessions: []platform.EventSession{
			plenary(15, 9, 30, 11, 0, "Opening plenary (fictional)", "Открытие (вымышленное)"),
			plenary(15, 14, 0, 15, 30, "Plenary: the roadmaps (fictional)", "Пленарное заседание: дорожные карты (вымышленное)"),
			plenary(16, 9, 30, 11, 0, "Plenary: asset recovery (fictional)", "Пленарное заседание: возвращение активов (вымышленное)"),
			plenary(17, 15, 30, 17, 0, "Closing plenary (fictional)", "Закрытие (вымышленное)"),
		}})
	if err != nil {
		return fmt.Errorf("demo bilaterals, the fictional conference: %w", err)
	}
	var dels []demoDelegation
	for _, c := range platform.Countries() {
		dels = append(dels, countryDelegation(c, 150, 3))
	}
	for i, o := range fictionalOrganizations {
		d := demoDelegation{key: fmt.Sprintf("org%02d", i+1), name: o.name, regCountry: "other"}
		for k := range 2 {
			name := experts[(2*i+k)%len(experts)]
			email := fmt.Sprintf("org%02d.%d@fictional.demo.example.org", i+1, k+1)
			langs := []string{"en"}
			if o.lang != "en" {
				langs = append(langs, o.lang)
			}
			if o.lang == "ka" {
				langs = []string{"ka"} // no interpreter has Georgian: its meetings show why
			}
			d.members = append(d.members, demoMember{name: name, email: email, position: "Delegate", org: o.name, languages: langs})
		}
		dels = append(dels, d)
	}
	ids, err := writeDelegations(ctx, svc, regs, ev, dels)
	if err != nil {
		return fmt.Errorf("demo bilaterals, the fictional conference: %w", err)
	}
	settings := platform.DefaultBilateralSettings(ev.ID)
	// Two small rooms and a third withdrawn: the scheduler has to choose.
	settings.Rooms = []platform.BilateralRoom{{Name: "Room 1", Capacity: 3}, {Name: "Room 2", Capacity: 4}, {Name: "Room 3", Capacity: 8, Withdrawn: true}}
	settings.SlotMinutes, settings.BreakMinutes = 45, 15
	settings.Interpreters = []platform.BilateralInterpreter{
		{Name: "Гульнара Исмаилова", Pairs: []platform.LanguagePair{{A: "en", B: "ru"}}},
		{Name: "Jasur Toshmatov", Pairs: []platform.LanguagePair{{A: "en", B: "ru"}, {A: "en", B: "uz"}}},
		{Name: "Ольга Ли", Pairs: []platform.LanguagePair{{A: "en", B: "ru"}}},
		{Name: "Marie Dupont", Pairs: []platform.LanguagePair{{A: "fr", B: "en"}, {A: "fr", B: "ru"}}},
		{Name: "Wang Fang", Pairs: []platform.LanguagePair{{A: "zh", B: "en"}, {A: "zh", B: "ru"}},
			Unavailable: []platform.TimeRange{{Start: day(16, 9, 0), End: day(16, 13, 0)}}},
	}
	settings.TimeBoxSeconds = 5
	if _, err := svc.SaveSettings(ctx, ev.ID, *settings, 0); err != nil {
		return fmt.Errorf("demo bilaterals, the fictional conference's settings: %w", err)
	}
	byKey := map[string]demoDelegation{}
	for _, d := range dels {
		byKey[d.key] = d
	}
	r := rand.New(rand.NewPCG(2027, 0xb11a7))
	priorities := []platform.MeetingPriority{platform.PriorityHigh, platform.PriorityNormal, platform.PriorityNormal, platform.PriorityLow}
	asked := map[string]bool{}
	for n := 0; n < 80; {
		a, b := dels[r.IntN(len(dels))], dels[r.IntN(len(dels))]
		t := fictionalTopics[r.IntN(len(fictionalTopics))]
		key := min(a.key, b.key) + "|" + max(a.key, b.key) + "|" + t.topic
		if a.key == b.key || asked[key] {
			continue
		}
		asked[key] = true
		status := platform.MeetingAccepted // 45 %
		switch k := r.IntN(100); {
		case k < 35:
			status = platform.MeetingPending
		case k < 55:
			status = platform.MeetingDeclined
		}
		m := demoMeeting{from: a.key, to: b.key, topic: t.topic, areas: []string{t.area}, articles: t.articles, priority: priorities[r.IntN(len(priorities))]}
		if err := writeMeeting(ctx, svc, ev.ID, ids, byKey, m, status, 1+r.IntN(2)); err != nil {
			return fmt.Errorf("demo bilaterals, the fictional conference's request %d: %w", n+1, err)
		}
		n++
	}
	return nil
}

// FictionalConferenceTitles are the fictional conference's titles and
// descriptions by language, for the tests of scripts.
func FictionalConferenceTitles() map[string]string {
	out := map[string]string{}
	for lang, t := range fictionalTitles {
		out[lang] = t.Title + " " + t.Description
	}
	return out
}
