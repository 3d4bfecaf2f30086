package demo

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// fakeIDs gives every demo document a record id, so that inputs whose
// relations are resolved can be validated without a database.
func fakeIDs(docs []Document) map[string]string {
	ids := map[string]string{}
	for i, d := range docs {
		ids[d.Name] = fmt.Sprintf("%024x", i+1)
	}
	return ids
}

func mustDocuments(t *testing.T) []Document {
	t.Helper()
	docs, err := Documents()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// texts returns every text of a document input with the language it is
// written in and where it sits, for the script checks.
func texts(in platform.DocumentInput) (out [][3]string) {
	for lang, t := range in.Translations {
		for field, s := range map[string]string{"title": t.Title, "summary": t.Summary, "body": t.Body, "issuingBody": t.IssuingBody} {
			out = append(out, [3]string{lang, field, s})
		}
	}
	for _, p := range in.Provisions {
		for lang, t := range p.Translations {
			out = append(out, [3]string{lang, p.Key + ".title", t.Title}, [3]string{lang, p.Key + ".body", t.Body})
		}
	}
	return out
}

func TestEveryDemoDocumentIsValidAndWrittenInItsLanguagesScript(t *testing.T) {
	docs := mustDocuments(t)
	ids := fakeIDs(docs)
	name := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, d := range docs {
		if !name.MatchString(d.Name) || seen[d.Name] {
			t.Errorf("demo name %q is not a slug or is repeated", d.Name)
		}
		seen[d.Name] = true
		in, ok := resolve(d.Input, ids)
		if !ok {
			t.Errorf("%s: a relation names a document the demo lacks: %+v", d.Name, d.Input.Relations)
			continue
		}
		in.Translations = cloneTranslations(in.Translations)
		in.Normalize()
		if err := in.Validate(); err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
		for _, tx := range texts(in) {
			if err := platform.CheckScript(tx[0], tx[2]); err != nil {
				t.Errorf("%s %s: %v", d.Name, tx[1], err)
			}
		}
		if d.Input.Kind == "convention" {
			continue
		}
		if len(d.Input.Translations["ru"].Title) == 0 {
			t.Errorf("%s has no Russian title", d.Name)
		}
		for _, p := range d.Input.Provisions {
			if len(p.UncacArticles) == 0 {
				t.Errorf("%s: provision %s is not tagged with an UNCAC article", d.Name, p.Key)
			}
		}
	}
}

func cloneTranslations(m map[string]platform.Translation) map[string]platform.Translation {
	out := make(map[string]platform.Translation, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestConventionArticlesHaveTitlesInAllSevenLanguages(t *testing.T) {
	docs := mustDocuments(t)
	n := 0
	for _, d := range docs {
		if d.Input.Kind != "convention" {
			continue
		}
		n++
		a, _ := platform.ArticleByNumber(n)
		if d.Name != "uncac-article-"+strconv.Itoa(n) || !slices.Equal(d.Input.UncacArticles, []int{n}) {
			t.Fatalf("convention document %d is %s tagged %v", n, d.Name, d.Input.UncacArticles)
		}
		for _, lang := range platform.Languages() {
			tr := d.Input.Translations[lang]
			if !strings.Contains(tr.Title, a.Title[lang]) || !strings.Contains(tr.Title, strconv.Itoa(n)) || tr.Summary == "" {
				t.Errorf("article %d in %s: title %q, summary %q", n, lang, tr.Title, tr.Summary)
			}
		}
		if !strings.HasPrefix(d.Input.Translations["en"].Body, strings.TrimSpace(a.Text["en"])[:20]) {
			t.Errorf("article %d: English body is not the Convention's text", n)
		}
	}
	if n != 71 {
		t.Fatalf("%d convention documents, want 71", n)
	}
	if got := docs[19].Input.Translations["ru"].Title; got != "КПК ООН, статья 20. Незаконное обогащение" {
		t.Errorf("article 20 in Russian: %q", got)
	}
	if got := docs[45].Input.Translations["tk"].Title; got != "BMG-niň Korrupsiýa garşy Konwensiýasy, 46-njy madda. Özara hukuk kömegi" {
		t.Errorf("article 46 in Turkmen: %q", got)
	}
}

func TestTurkmenOrdinalFollowsVowelHarmony(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "nji"}, {2, "nji"}, {5, "nji"}, {6, "njy"}, {9, "njy"}, {10, "njy"}, {16, "njy"},
		{20, "nji"}, {30, "njy"}, {40, "njy"}, {50, "nji"}, {60, "njy"}, {70, "nji"}, {71, "nji"},
	}
	for _, tt := range tests {
		if got := turkmenOrdinal(tt.n); got != tt.want {
			t.Errorf("%d-%s, want %d-%s", tt.n, got, tt.n, tt.want)
		}
	}
}

// TestDemoMakesEveryFacetMeaningful checks that the demo library beyond the
// Convention spreads over every value a reader can filter by.
func TestDemoMakesEveryFacetMeaningful(t *testing.T) {
	var lib []platform.DocumentInput
	for _, d := range mustDocuments(t) {
		if d.Input.Kind != "convention" {
			lib = append(lib, d.Input)
		}
	}
	if len(lib) < 40 || len(lib) > 60 {
		t.Errorf("%d documents beyond the Convention, want 40–60", len(lib))
	}
	count := func(key func(platform.DocumentInput) []string) map[string]int {
		m := map[string]int{}
		for _, in := range lib {
			for _, k := range key(in) {
				m[k]++
			}
		}
		return m
	}
	kinds := count(func(in platform.DocumentInput) []string { return []string{in.Kind} })
	statuses := count(func(in platform.DocumentInput) []string { return []string{string(in.Status)} })
	areas := count(func(in platform.DocumentInput) []string { return in.Areas })
	vis := count(func(in platform.DocumentInput) []string { return []string{in.Visibility} })
	countries := count(func(in platform.DocumentInput) []string { return in.Countries })
	articles := count(func(in platform.DocumentInput) []string {
		var out []string
		for _, n := range in.UncacArticles {
			out = append(out, strconv.Itoa(n))
		}
		for _, p := range in.Provisions {
			for _, n := range p.UncacArticles {
				out = append(out, strconv.Itoa(n))
			}
		}
		return out
	})
	years := count(func(in platform.DocumentInput) []string {
		for _, d := range []string{in.Adopted, in.StatusDate} {
			if d != "" {
				return []string{d[:4]}
			}
		}
		return nil
	})
	for _, k := range platform.DocumentKinds() {
		if k != "convention" && kinds[k] == 0 {
			t.Errorf("no demo document of kind %s", k)
		}
	}
	for _, s := range platform.DocumentStatuses() {
		if statuses[string(s)] < 2 {
			t.Errorf("%d demo documents with status %s, want at least 2", statuses[string(s)], s)
		}
	}
	for _, a := range platform.Areas() {
		if areas[a] < 8 {
			t.Errorf("%d demo documents in area %s, want at least 8", areas[a], a)
		}
	}
	if vis[platform.Members] == 0 || vis[platform.Secretariat] == 0 || 2*vis[platform.Public] <= len(lib) {
		t.Errorf("visibilities %v: want all three, mostly public", vis)
	}
	for _, c := range platform.Countries() {
		if countries[c] < 7 {
			t.Errorf("%d demo documents for %s, want at least 7", countries[c], c)
		}
	}
	if len(articles) < 45 {
		t.Errorf("the demo tags %d distinct UNCAC articles, want at least 45", len(articles))
	}
	if years["2008"] == 0 || years["2026"] == 0 || len(years) < 15 {
		t.Errorf("documents dated in %d distinct years %v, want at least 15 from 2008 to 2026", len(years), years)
	}
	provisions := 0
	for _, in := range lib {
		provisions += len(in.Provisions)
	}
	if provisions < 50 {
		t.Errorf("%d provisions, want at least 50", provisions)
	}
}

// TestEachCountryHasItsLanguageAndRussian checks that each member state's
// documents come in its own language and in Russian.
func TestEachCountryHasItsLanguageAndRussian(t *testing.T) {
	lang := map[string]string{"KZ": "kk", "KG": "ky", "TJ": "tg", "TM": "tk", "UZ": "uz"}
	for _, d := range mustDocuments(t) {
		if len(d.Input.Countries) != 1 || d.Input.Kind == "convention" {
			continue
		}
		c := d.Input.Countries[0]
		if _, ok := d.Input.Translations[lang[c]]; !ok {
			t.Errorf("%s (%s) has no %s translation", d.Name, c, lang[c])
		}
		if _, ok := d.Input.Translations["ru"]; !ok {
			t.Errorf("%s (%s) has no Russian translation", d.Name, c)
		}
		for _, p := range d.Input.Provisions {
			if p.Translations[lang[c]].Body == "" || p.Translations["ru"].Body == "" {
				t.Errorf("%s: provision %s lacks its %s or Russian text", d.Name, p.Key, lang[c])
			}
		}
	}
}

func TestFictionalMaterialSaysItIsDemo(t *testing.T) {
	marker := map[string]string{"en": "demo", "ru": "демо", "kk": "демо", "ky": "демо", "tg": "намоишӣ", "tk": "görkezme", "uz": "namoyish"}
	for _, d := range mustDocuments(t) {
		switch d.Input.Kind {
		case "training", "course", "video", "case":
		default:
			continue
		}
		for lang, tr := range d.Input.Translations {
			all := strings.ToLower(tr.Title + " " + tr.Summary + " " + tr.Body)
			if !strings.Contains(all, marker[lang]) && !strings.Contains(all, "вымышлен") && !strings.Contains(all, "fictional") &&
				!strings.Contains(all, "ойдон чыгарылган") && !strings.Contains(all, "ойдан шығарылған") && !strings.Contains(all, "oʻylab topilgan") {
				t.Errorf("%s in %s does not say it is demo material", d.Name, lang)
			}
		}
	}
}

func TestDemoEventsAreValidAndSpreadOverTime(t *testing.T) {
	evs, err := Events()
	if err != nil {
		t.Fatal(err)
	}
	// The demo was written on 2026-11-22: it must hold past and upcoming
	// events around that day.
	written := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	kinds := map[platform.EventKind]int{}
	years := map[int]int{}
	past, upcoming := 0, 0
	for i, e := range evs {
		e.Normalize()
		if err := e.Validate(); err != nil {
			t.Errorf("event %d: %v", i+1, err)
		}
		kinds[e.Kind]++
		years[e.Start.Year()]++
		if e.End.Before(written) {
			past++
		} else {
			upcoming++
		}
		if (e.OnlineURL == "") == (len(e.City) == 0) {
			t.Errorf("event %d has both a city and an online link, or neither", i+1)
		}
		for _, lang := range platform.Languages() {
			if e.OnlineURL != "" {
				break
			}
			if e.City[lang] == "" {
				t.Errorf("event %d has no %s city name", i+1, lang)
			}
			if err := platform.CheckScript(lang, e.City[lang]); err != nil {
				t.Errorf("event %d city: %v", i+1, err)
			}
		}
		for lang, tr := range e.Translations {
			if err := platform.CheckScript(lang, tr.Title+" "+tr.Description+" "+tr.Outcome); err != nil {
				t.Errorf("event %d: %v", i+1, err)
			}
		}
		if tr := e.Translations["ru"]; tr.Title == "" || e.Translations["en"].Title == "" {
			t.Errorf("event %d lacks its English or Russian title", i+1)
		}
		if e.Kind == "bilateral" && len(e.Countries) != 2 {
			t.Errorf("bilateral event %d has countries %v", i+1, e.Countries)
		}
	}
	for _, k := range platform.EventKinds() {
		if kinds[k] == 0 {
			t.Errorf("no demo event of kind %s", k)
		}
	}
	for y := 2024; y <= 2027; y++ {
		if years[y] == 0 {
			t.Errorf("no demo event in %d", y)
		}
	}
	if past < 10 || upcoming < 4 {
		t.Errorf("%d past and %d upcoming events around %s", past, upcoming, written.Format(time.DateOnly))
	}
}

func TestDemoEventsReproduceThe2024Record(t *testing.T) {
	evs, err := Events()
	if err != nil {
		t.Fatal(err)
	}
	trainings, astana, dushanbe := 0, false, false
	for _, e := range evs {
		if e.Start.Year() != 2024 {
			continue
		}
		switch {
		case e.Kind == platform.EventRegionalTraining || e.Kind == platform.EventExpertDiscussion:
			trainings++
		case e.Kind == platform.EventConference:
			astana = e.City["en"] == "Astana" && e.Start.In(time.FixedZone("", 5*3600)).Format(time.DateOnly) == "2024-10-30" &&
				e.End.Sub(e.Start) > 48*time.Hour && slices.ContainsFunc(e.Partners, func(p string) bool { return strings.Contains(p, "Anti-Corruption Academy") })
		case e.City["en"] == "Dushanbe" && strings.Contains(e.Translations["en"].Title, "integrity in business and the public sector"):
			dushanbe = true
		}
	}
	if trainings != 10 {
		t.Errorf("%d regional trainings and expert discussions in 2024, want 10", trainings)
	}
	if !astana {
		t.Error("no three-day Astana conference on 30 October 2024 with the International Anti-Corruption Academy")
	}
	if !dushanbe {
		t.Error("no Dushanbe event on integrity in business and the public sector")
	}
}

func TestDecodeDocumentIsStrict(t *testing.T) {
	tests := []struct {
		name string
		json string
		ok   bool
	}{
		{"a document in the model's shape is read", `{"kind":"national_law","translations":{"ru":{"title":"Закон","issuingBody":"Парламент"}},"provisions":[{"key":"art-1","translations":{"ru":{"title":"Статья 1"}}}]}`, true},
		{"an unknown field is refused", `{"kind":"national_law","tags":["x"]}`, false},
		{"an unknown field in a translation is refused", `{"kind":"national_law","translations":{"ru":{"titel":"Закон"}}}`, false},
		{"articles as strings are refused", `{"kind":"national_law","uncacArticles":["20"]}`, false},
		{"a second value after the document is refused", `{"kind":"national_law"} {}`, false},
		{"broken JSON is refused", `{"kind":`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeDocument([]byte(tt.json))
			if (err == nil) != tt.ok {
				t.Errorf("decodeDocument(%s) = %v", tt.json, err)
			}
		})
	}
}

func TestResolveWaitsForRelationTargets(t *testing.T) {
	in := platform.DocumentInput{Relations: []platform.Relation{{Type: platform.RelRepeals, Target: "old-law"}}}
	if _, ok := resolve(in, map[string]string{}); ok {
		t.Error("resolved a relation to a document not written yet")
	}
	out, ok := resolve(in, map[string]string{"old-law": "0123456789abcdef01234567"})
	if !ok || out.Relations[0].Target != "0123456789abcdef01234567" || in.Relations[0].Target != "old-law" {
		t.Errorf("resolve = %+v, %v; input now %+v", out.Relations, ok, in.Relations)
	}
}

// The Astana conference shows a programme: sessions on each of its three
// days in Astana, the third the Academy's training, titled in English and
// Russian.
func TestDemoAstanaConferenceHasAProgramme(t *testing.T) {
	evs, err := Events()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Translations["en"].Title != "First annual conference of the Regional Platform" {
			continue
		}
		e.Normalize()
		loc, err := platform.LoadZone(e.TimeZone)
		if err != nil {
			t.Fatal(err)
		}
		days := map[string]int{}
		for _, s := range e.Sessions {
			days[s.Start.In(loc).Format("2006-01-02")]++
			if s.Translations["en"].Title == "" || s.Translations["ru"].Title == "" {
				t.Errorf("a session lacks an English or Russian title: %+v", s)
			}
		}
		if len(e.Sessions) < 8 || days["2024-10-30"] == 0 || days["2024-10-31"] == 0 || days["2024-11-01"] == 0 {
			t.Errorf("the programme: %d sessions, by day %v", len(e.Sessions), days)
		}
		if last := e.Sessions[len(e.Sessions)-1]; !strings.Contains(last.Translations["en"].Title, "IACA") {
			t.Errorf("the last day is not the Academy's training: %+v", last)
		}
		return
	}
	t.Fatal("no Astana conference")
}
