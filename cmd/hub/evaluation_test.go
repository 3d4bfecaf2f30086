package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// runningTrainingJSON is a national training of Kazakhstan that started an
// hour ago and ends later today: the pre-test, the post-test and the
// questionnaire are all open.
func runningTrainingJSON(capacity int) string {
	start := time.Now().UTC().Add(-time.Hour).Truncate(time.Minute)
	return fmt.Sprintf(`{"kind":"national_training","status":"registration_open","countries":["KZ"],"country":"KZ",
  "start":%q,"end":%q,"capacity":%d,"areas":["prevention"],"city":{"ru":"Астана"},
  "translations":{"en":{"title":"National training on asset declarations"},"ru":{"title":"Национальный тренинг по декларированию активов"}}}`,
		start.Format(time.RFC3339), start.Add(8*time.Hour).Format(time.RFC3339), capacity)
}

// evaluationJSON is two questions (correct options 1 and 0) in English and
// Russian, and two statements.
const evaluationJSON = `{"test":[
  {"text":{"en":"Which UNCAC article is on public sector codes of conduct?","ru":"Какая статья КПК ООН о кодексах поведения?"},
   "options":[{"en":"Article 5","ru":"Статья 5"},{"en":"Article 8","ru":"Статья 8"},{"en":"Article 20","ru":"Статья 20"}],"correct":1},
  {"text":{"en":"Are asset declarations published in full?","ru":"Публикуются ли декларации полностью?"},
   "options":[{"en":"No","ru":"Нет"},{"en":"Yes","ru":"Да"}],"correct":0}],
 "satisfaction":[{"key":"relevance","text":{"en":"The training was relevant to my work.","ru":"Тренинг был актуален для моей работы."}},
  {"key":"recommend","text":{"en":"I would recommend it.","ru":"Я бы порекомендовал(а) его."}}]}`

func TestEvaluationThroughTheAPIAndPages(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	sec := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	kz := addUser(t, env, "--email", "fp@kz.example", "--name", "KZ focal point", "--role", "focal-point", "--country", "KZ")
	expert := addUser(t, env, "--email", "expert@example.kz", "--name", "Expert", "--role", "expert")
	e := createEvent(t, h.URL, kz, runningTrainingJSON(3))
	base := h.URL + "/api/v1/events/" + e.ID + "/evaluation"

	t.Run("defining it names the field in the reader's language", func(t *testing.T) {
		for _, tt := range []struct{ body, lang, field, word string }{
			{strings.Replace(evaluationJSON, `"correct":0`, `"correct":2`, 1), "ru", "test.1.correct", "недопустимо"},
			{strings.Replace(evaluationJSON, `{"en":"No","ru":"Нет"},`, ``, 1), "en", "test.1.options", "from 2 to 8"},
			{strings.Replace(evaluationJSON, `"The training was relevant to my work.","ru":"Тренинг был актуален для моей работы."`, `""`, 1), "kk", "satisfaction.0.text", "міндетті"},
		} {
			status, raw := do(t, "PUT", base+"?lang="+tt.lang, kz, strings.NewReader(tt.body))
			if status != 400 || !strings.Contains(string(raw), tt.field) || !strings.Contains(string(raw), tt.word) {
				t.Errorf("%s: %d %s", tt.field, status, raw)
			}
		}
		if status, raw := do(t, "PUT", base, expert, strings.NewReader(evaluationJSON)); status != 403 {
			t.Errorf("an expert defined it: %d %s", status, raw)
		}
		status, raw := do(t, "PUT", base, kz, strings.NewReader(evaluationJSON))
		if status != 200 || !strings.Contains(string(raw), `"version":1`) {
			t.Fatalf("the focal point defines it: %d %s", status, raw)
		}
	})

	people := []registrationJSON{
		register(t, h.URL, e.ID, "", personJSON("Айгүл Сейітқызы", "aigul@example.kz", "KZ"), 201),
		register(t, h.URL, e.ID, "", personJSON("Ерлан Ахметов", "erlan@example.kz", "KZ"), 201),
		register(t, h.URL, e.ID, "", personJSON("Dana Nurlanovna", "dana@example.kz", "KZ"), 201),
		register(t, h.URL, e.ID, "", personJSON("Waiting Person", "wait@example.kz", "KZ"), 201),
	}
	answerURL := func(r registrationJSON, phase, lang string) string {
		return h.URL + "/api/v1/registrations/" + r.ID + "/evaluation/" + phase + "?lang=" + lang
	}
	answer := func(r registrationJSON, phase, lang, body string) (int, string) {
		status, raw := do(t, "POST", answerURL(r, phase, lang), "", strings.NewReader(body), "X-Registration-Token", r.ManageToken)
		return status, string(raw)
	}

	t.Run("who answers, and bad answers", func(t *testing.T) {
		if status, raw := answer(people[3], "pre", "ru", `{"choices":[1,0]}`); status != 403 || !strings.Contains(raw, "подтверждённым местом") {
			t.Errorf("a waiting person: %d %s", status, raw)
		}
		if status, raw := do(t, "POST", answerURL(people[0], "pre", "en"), "", strings.NewReader(`{"choices":[1,0]}`)); status != 404 {
			t.Errorf("without the link: %d %s", status, raw)
		}
		for _, tt := range []struct{ phase, lang, body, field, word string }{
			{"pre", "en", `{"choices":[1]}`, "choices.1", "not answered"},
			{"pre", "ru", `{"choices":[3,0]}`, "choices.0", "нет варианта"},
			{"satisfaction", "uz", `{"ratings":[5,6]}`, "ratings.1", "1 dan 5 gacha"},
			{"satisfaction", "en", `{"ratings":[5,4],"bogus":1}`, "bogus", ""},
		} {
			if status, raw := answer(people[0], tt.phase, tt.lang, tt.body); status != 400 || !strings.Contains(raw, tt.field) || !strings.Contains(raw, tt.word) {
				t.Errorf("%s %s: %d %s", tt.phase, tt.body, status, raw)
			}
		}
		if status, raw := answer(people[0], "during", "en", `{}`); status != 404 {
			t.Errorf("an unknown phase: %d %s", status, raw)
		}
	})

	t.Run("a participant reads the questions without their answers", func(t *testing.T) {
		u := h.URL + "/api/v1/registrations/" + people[0].ID + "/evaluation"
		status, raw := do(t, "GET", u, "", nil, "X-Registration-Token", people[0].ManageToken)
		// The correct options are not said (-1 in their place).
		if status != 200 || !strings.Contains(string(raw), `"phases"`) || !strings.Contains(string(raw), `"phase":"pre"`) ||
			regexp.MustCompile(`"correct":[0-9]`).MatchString(string(raw)) {
			t.Errorf("the participant's view: %d %s", status, raw)
		}
		if status, raw := do(t, "GET", u, "", nil); status != 404 {
			t.Errorf("without the link: %d %s", status, raw)
		}
		if status, raw := do(t, "GET", h.URL+"/api/v1/registrations/"+people[3].ID+"/evaluation", "", nil, "X-Registration-Token", people[3].ManageToken); status != 403 {
			t.Errorf("a waiting person: %d %s", status, raw)
		}
	})

	t.Run("answered once; the same answer again is 200, another 409", func(t *testing.T) {
		for i, pre := range []string{`[0,0]`, `[1,1]`, `[1,0]`} {
			if status, raw := answer(people[i], "pre", "en", `{"choices":`+pre+`}`); status != 201 {
				t.Fatalf("pre-test %d: %d %s", i, status, raw)
			}
		}
		if status, raw := answer(people[2], "pre", "en", `{"choices":[1,0]}`); status != 200 {
			t.Errorf("the same pre-test again: %d %s", status, raw)
		}
		if status, raw := answer(people[2], "pre", "ru", `{"choices":[0,0]}`); status != 409 || !strings.Contains(raw, "один раз") {
			t.Errorf("another pre-test: %d %s", status, raw)
		}
		for i := range 2 {
			if status, raw := answer(people[i], "post", "en", `{"choices":[1,0]}`); status != 201 {
				t.Fatalf("post-test %d: %d %s", i, status, raw)
			}
		}
		if status, raw := answer(people[0], "satisfaction", "en", `{"ratings":[5,4],"comment":"Very useful"}`); status != 201 {
			t.Fatalf("questionnaire: %d %s", status, raw)
		}
	})

	results := func(token string) (int, map[string]any) {
		status, raw := do(t, "GET", base+"/results", token, nil)
		var r map[string]any
		_ = json.Unmarshal(raw, &r)
		return status, r
	}

	t.Run("results: aggregates for the organizer, everything for the secretariat", func(t *testing.T) {
		status, r := results(sec)
		// Pre: 50, 50, 100; post: 100, 100; gain over the two who took both: +50 each.
		if status != 200 || r["pre"] != 3.0 || fmt.Sprintf("%.2f", r["preMean"]) != "66.67" || r["postMean"] != 100.0 || r["gain"] != 50.0 ||
			r["satisfactionMean"] != 4.5 || fmt.Sprint(r["comments"]) != "[Very useful]" {
			t.Errorf("the secretariat's results: %d %v", status, r)
		}
		status, r = results(kz)
		// Three took the pre-test: its mean shows; two the post-test: withheld.
		if status != 200 || fmt.Sprintf("%.2f", r["preMean"]) != "66.67" || r["postMean"] != nil || r["gain"] != nil || r["satisfactionMean"] != nil || r["withheld"] != true ||
			r["comments"] != nil || r["satisfaction"] != 1.0 {
			t.Errorf("the focal point's results: %d %v", status, r)
		}
		if status, _ := results(expert); status != 403 {
			t.Errorf("an expert's results: %d", status)
		}
		if status, _ := results(""); status != 401 {
			t.Errorf("anonymous results: %d", status)
		}
		if status, raw := do(t, "GET", base+"/answers", kz, nil); status != 403 {
			t.Errorf("the focal point read the answers person by person: %d %s", status, raw)
		}
		status, raw := do(t, "GET", base+"/answers", sec, nil)
		if status != 200 || strings.Count(string(raw), `"phase"`) != 6 || !strings.Contains(string(raw), "Айгүл Сейітқызы") {
			t.Errorf("the secretariat's answers: %d %s", status, raw)
		}
	})

	t.Run("pages", func(t *testing.T) {
		status, raw := do(t, "GET", h.URL+"/ru/events/"+e.ID+"/evaluation/results", kz, nil)
		if status != 200 || !strings.Contains(string(raw), "Результаты оценки") || !strings.Contains(string(raw), `id="withheld"`) ||
			strings.Contains(string(raw), "Very useful") || strings.Contains(string(raw), "Айгүл") {
			t.Errorf("the focal point's results page: %d", status)
		}
		status, raw = do(t, "GET", h.URL+"/en/events/"+e.ID+"/evaluation/results", sec, nil)
		if status != 200 || !strings.Contains(string(raw), "Very useful") || !strings.Contains(string(raw), "Айгүл Сейітқызы") {
			t.Errorf("the secretariat's results page: %d", status)
		}
		if status, _ := do(t, "GET", h.URL+"/en/events/"+e.ID+"/evaluation/results", expert, nil); status != 403 {
			t.Errorf("an expert's results page: %d", status)
		}
		status, raw = do(t, "GET", h.URL+"/en/events/"+e.ID+"/evaluation/edit", kz, nil)
		if status != 200 || !strings.Contains(string(raw), "Article 8") || !strings.Contains(string(raw), `name="version" value="1"`) {
			t.Errorf("the edit form: %d", status)
		}
		status, raw = do(t, "GET", h.URL+"/kk/registrations/"+people[3].ID+"/evaluation/post?token="+people[3].ManageToken, "", nil)
		if status != 403 || !strings.Contains(string(raw), "орны расталған") {
			t.Errorf("a waiting person's page: %d", status)
		}
		status, raw = do(t, "GET", h.URL+"/en/registrations/"+people[2].ID+"?token="+people[2].ManageToken, "", nil)
		if status != 200 || !strings.Contains(string(raw), `id="evaluation-post"`) || strings.Contains(string(raw), `id="evaluation-pre"`) {
			t.Errorf("the registration page links the open phases not answered: %d", status)
		}
	})

	t.Run("the form of a new evaluation starts from the standard questionnaire", func(t *testing.T) {
		other := createEvent(t, h.URL, sec, runningTrainingJSON(0))
		status, raw := do(t, "GET", h.URL+"/uz/events/"+other.ID+"/evaluation/edit", sec, nil)
		if status != 200 || !strings.Contains(string(raw), "Trening mening ishim uchun dolzarb boʻldi.") {
			t.Errorf("a new evaluation's form: %d", status)
		}
		post := func(form url.Values) (int, string, string) {
			req, _ := http.NewRequest("POST", h.URL+"/ru/events/"+other.ID+"/evaluation/edit", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", "Bearer "+sec)
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, res.Header.Get("Location"), string(b)
		}
		form := url.Values{"version": {"0"}, "questions": {"2"}, "statements": {"1"},
			"t0_text_ru": {"Какая статья о кодексах поведения?"}, "t0_options_ru": {"Статья 5\nСтатья 8\nСтатья 20"},
			"t0_text_en": {"Which article is on codes of conduct?"}, "t0_options_en": {"Article 5\nArticle 8"}, "t0_correct": {"2"},
			"s0_key": {"relevance"}, "s0_text_ru": {"Тренинг был актуален."}}
		status, _, body := post(form)
		if status != 400 || !strings.Contains(body, "test.0.options.en") || !strings.Contains(body, "Какая статья о кодексах поведения?") {
			t.Errorf("options of different lengths: %d", status)
		}
		form.Set("t0_options_en", "Article 5\nArticle 8\nArticle 20")
		if status, loc, body := post(form); status != 303 || loc != "/ru/events/"+other.ID+"/evaluation/results" {
			t.Fatalf("the form saved: %d %s %s", status, loc, body)
		}
		status, raw = do(t, "GET", h.URL+"/api/v1/events/"+other.ID+"/evaluation", sec, nil)
		if status != 200 || !strings.Contains(string(raw), `"correct":1`) || !strings.Contains(string(raw), `{"en":"Article 20","ru":"Статья 20"}`) ||
			strings.Count(string(raw), `"key"`) != 1 {
			t.Errorf("the saved evaluation: %d %s", status, raw)
		}
	})
}

// A participant opens the pre-test from their registration's page, answers
// it and sees it recorded; the results count them.
func TestBrowserAnswersThePreTest(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false"})
	sec := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	e := createEvent(t, h.URL, sec, openTrainingJSON(10, false))
	if status, raw := do(t, "PUT", h.URL+"/api/v1/events/"+e.ID+"/evaluation", sec, strings.NewReader(evaluationJSON)); status != 200 {
		t.Fatalf("evaluation: %d %s", status, raw)
	}
	r := register(t, h.URL, e.ID, "", personJSON("Бакыт Асанов", "bakyt@example.kg", "KG"), 201)

	ctx := browser(t)
	step, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(step,
		chromedp.Navigate(r.ManageURL),
		chromedp.WaitVisible(chromedp.CSS("#evaluation-pre")),
		chromedp.Click(chromedp.CSS("#evaluation-pre")),
		chromedp.WaitVisible(chromedp.CSS("#evaluation-form")),
	); err != nil {
		t.Fatal(err)
	}
	if title, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("main h1"))); err != nil || title != "Входной тест" {
		t.Errorf("the page's title %q (%v)", title, err)
	}
	// Sending with a question left out keeps the choice and names it.
	if err := chromedp.Do(step,
		chromedp.Click(chromedp.CSS("#q0-1")),
		chromedp.Click(chromedp.CSS("#evaluation-submit")),
		chromedp.WaitVisible(chromedp.CSS("#form-error")),
	); err != nil {
		t.Fatal(err)
	}
	if msg, err := chromedp.Run(step, chromedp.Text(chromedp.CSS("#form-error"))); err != nil || !strings.Contains(msg, "choices.1") {
		t.Errorf("the error reads %q (%v)", msg, err)
	}
	if err := chromedp.Do(step,
		chromedp.WaitVisible(chromedp.CSS("#q0-1:checked")),
		chromedp.Click(chromedp.CSS("#q1-0")),
		chromedp.Click(chromedp.CSS("#evaluation-submit")),
		chromedp.WaitVisible(chromedp.CSS("#evaluation-done")),
	); err != nil {
		t.Fatal(err)
	}
	status, raw := do(t, "GET", h.URL+"/api/v1/events/"+e.ID+"/evaluation/results", sec, nil)
	if status != 200 || !strings.Contains(string(raw), `"pre":1,`) || !strings.Contains(string(raw), `"preMean":100`) {
		t.Errorf("results after the browser's pre-test: %d %s", status, raw)
	}
}
