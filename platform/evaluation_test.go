package platform_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// question is a test question with n options in English and Russian, the
// correct one at index correct.
func question(n, correct int) platform.TestQuestion {
	q := platform.TestQuestion{Text: map[string]string{"en": "Which article covers asset declarations?", "ru": "Какая статья о декларациях?"}, Correct: correct}
	for i := range n {
		q.Options = append(q.Options, map[string]string{"en": fmt.Sprintf("Article %d", 8+i), "ru": fmt.Sprintf("Статья %d", 8+i)})
	}
	return q
}

func validEvaluation() platform.EvaluationInput {
	return platform.EvaluationInput{Test: []platform.TestQuestion{question(3, 0), question(4, 2), question(2, 1)},
		Satisfaction: platform.DefaultStatements()}
}

func fieldOf(err error) string {
	if e := platform.AsError(err); e != nil {
		if f, ok := e.Data["Field"].(string); ok {
			return f
		}
		if d, ok := e.Data["Detail"].(string); ok {
			return d
		}
	}
	return ""
}

func TestEvaluationInputValidateNamesTheField(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *platform.EvaluationInput)
		field  string // "" when valid
	}{
		{"three questions and the default questionnaire are valid", func(*platform.EvaluationInput) {}, ""},
		{"no test and no questionnaire is valid (nothing to answer)", func(in *platform.EvaluationInput) { in.Test, in.Satisfaction = nil, nil }, ""},
		{"a question with one option is refused", func(in *platform.EvaluationInput) {
			in.Test[2].Options = in.Test[2].Options[:1]
			in.Test[2].Correct = 0
		}, "test.2.options"},
		{"a question with nine options is refused", func(in *platform.EvaluationInput) { in.Test[0] = question(9, 0) }, "test.0.options"},
		{"a correct option it does not have is refused", func(in *platform.EvaluationInput) { in.Test[1].Correct = 4 }, "test.1.correct"},
		{"a negative correct option is refused", func(in *platform.EvaluationInput) { in.Test[1].Correct = -1 }, "test.1.correct"},
		{"a question without text is refused", func(in *platform.EvaluationInput) { in.Test[0].Text = map[string]string{"en": "  "} }, "test.0.text"},
		{"an option without text is refused", func(in *platform.EvaluationInput) { in.Test[1].Options[3] = map[string]string{"ru": "\u200b"} }, "test.1.options.3"},
		{"a text in an unknown language is refused", func(in *platform.EvaluationInput) { in.Test[0].Text["fr"] = "Quel article ?" }, "test.0.text"},
		{"a statement without text is refused", func(in *platform.EvaluationInput) { in.Satisfaction[4].Text = nil }, "satisfaction.4.text"},
		{"too long a statement is refused", func(in *platform.EvaluationInput) {
			in.Satisfaction[0].Text = map[string]string{"en": strings.Repeat("a", platform.MaxEvaluationText+1)}
		}, "satisfaction.0.text.en > 1000"},
		{"twenty-one questions are refused", func(in *platform.EvaluationInput) {
			for len(in.Test) <= platform.MaxTestQuestions {
				in.Test = append(in.Test, question(2, 0))
			}
		}, "test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validEvaluation()
			tt.change(&in)
			in.Normalize()
			err := in.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if platform.ErrorCode(err) != platform.Invalid || fieldOf(err) != tt.field {
				t.Fatalf("got %v (field %q), want Invalid naming %q", err, fieldOf(err), tt.field)
			}
		})
	}
}

func TestDefaultStatementsAreInTheSevenLanguages(t *testing.T) {
	for _, s := range platform.DefaultStatements() {
		for _, lang := range platform.Languages() {
			text := s.Text[lang]
			if text == "" {
				t.Errorf("%s has no %s text", s.Key, lang)
			}
			if lang == "uz" && strings.ContainsAny(text, "'’") {
				t.Errorf("%s: Uzbek writes ʻ (U+02BB), not an apostrophe: %q", s.Key, text)
			}
		}
	}
}

func TestCheckAnswerNamesTheField(t *testing.T) {
	in := validEvaluation()
	in.Normalize()
	e := &platform.Evaluation{Test: in.Test, Satisfaction: in.Satisfaction}
	tests := []struct {
		name  string
		phase platform.EvaluationPhase
		in    platform.AnswerInput
		field string
	}{
		{"every question answered", platform.PhasePre, platform.AnswerInput{Choices: []int{0, 3, 1}}, ""},
		{"a question left out", platform.PhasePost, platform.AnswerInput{Choices: []int{0, -1, 1}}, "choices.1"},
		{"too few choices", platform.PhasePre, platform.AnswerInput{Choices: []int{0}}, "choices.1"},
		{"an option the question does not have", platform.PhasePre, platform.AnswerInput{Choices: []int{0, 4, 1}}, "choices.1"},
		{"more choices than questions", platform.PhasePre, platform.AnswerInput{Choices: []int{0, 1, 1, 1}}, "choices"},
		{"every statement rated", platform.PhaseSatisfaction, platform.AnswerInput{Ratings: []int{5, 4, 3, 2, 1}, Comment: "Спасибо"}, ""},
		{"a rating of 6", platform.PhaseSatisfaction, platform.AnswerInput{Ratings: []int{5, 4, 6, 2, 1}}, "ratings.2"},
		{"a rating of -1", platform.PhaseSatisfaction, platform.AnswerInput{Ratings: []int{-1, 4, 3, 2, 1}}, "ratings.0"},
		{"a statement not rated", platform.PhaseSatisfaction, platform.AnswerInput{Ratings: []int{5, 4, 3, 2}}, "ratings.4"},
		{"too long a comment", platform.PhaseSatisfaction, platform.AnswerInput{Ratings: []int{5, 4, 3, 2, 1},
			Comment: strings.Repeat("ы", platform.MaxEvaluationComment+1)}, "comment > 4000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.CheckAnswer(tt.phase, &tt.in)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if platform.ErrorCode(err) != platform.Invalid || fieldOf(err) != tt.field {
				t.Fatalf("got %v (field %q), want Invalid naming %q", err, fieldOf(err), tt.field)
			}
		})
	}
}

func TestPhasesOpenAroundTheEvent(t *testing.T) {
	start := time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)
	e := &platform.Event{Start: start, End: start.Add(8 * time.Hour)}
	tests := []struct {
		at              time.Time
		pre, post, sati bool
	}{
		{start.Add(-30 * 24 * time.Hour), true, false, false},
		{start, true, true, true},
		{e.End.Add(-time.Second), true, true, true},
		{e.End, false, true, true},
		{e.End.Add(platform.EvaluationAfterEnd - time.Second), false, true, true},
		{e.End.Add(platform.EvaluationAfterEnd), false, false, false},
	}
	for _, tt := range tests {
		got := []bool{platform.PhaseOpen(e, platform.PhasePre, tt.at), platform.PhaseOpen(e, platform.PhasePost, tt.at),
			platform.PhaseOpen(e, platform.PhaseSatisfaction, tt.at)}
		if got[0] != tt.pre || got[1] != tt.post || got[2] != tt.sati {
			t.Errorf("at %s: pre, post, satisfaction open %v, want %v %v %v", tt.at, got, tt.pre, tt.post, tt.sati)
		}
	}
}

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-9 }

// TestAggregateScoresKnowledgeGainAndSatisfaction works an event of four
// participants out by hand: the test has three questions, correct options
// 0, 2 and 1.
func TestAggregateScoresKnowledgeGainAndSatisfaction(t *testing.T) {
	in := validEvaluation()
	e := &platform.Evaluation{EventID: "ev", Test: in.Test, Satisfaction: in.Satisfaction[:2]}
	answer := func(rid string, p platform.EvaluationPhase, choices, ratings []int, comment string) *platform.EvaluationAnswer {
		return &platform.EvaluationAnswer{RegistrationID: rid, Phase: p, Choices: choices, Ratings: ratings, Comment: comment}
	}
	answers := []*platform.EvaluationAnswer{
		answer("a", platform.PhasePre, []int{0, 0, 0}, nil, ""),  // 1 of 3
		answer("a", platform.PhasePost, []int{0, 2, 1}, nil, ""), // 3 of 3: +66.7
		answer("b", platform.PhasePre, []int{1, 2, 0}, nil, ""),  // 1 of 3
		answer("b", platform.PhasePost, []int{0, 2, 0}, nil, ""), // 2 of 3: +33.3
		answer("c", platform.PhasePre, []int{0, 2, 1}, nil, ""),  // 3 of 3, no post-test
		answer("d", platform.PhasePost, []int{1, 1, 0}, nil, ""), // 0 of 3, no pre-test
		answer("a", platform.PhaseSatisfaction, nil, []int{5, 4}, "Очень полезно"),
		answer("b", platform.PhaseSatisfaction, nil, []int{4, 4}, ""),
		answer("d", platform.PhaseSatisfaction, nil, []int{3, 1}, ""),
	}
	r := platform.AggregateEvaluation(e, answers)
	if r.Pre != 3 || r.Post != 3 || r.Both != 2 || r.Satisfaction != 3 {
		t.Fatalf("counts pre %d post %d both %d satisfaction %d", r.Pre, r.Post, r.Both, r.Satisfaction)
	}
	// Pre: (33.3 + 33.3 + 100) / 3; post: (100 + 66.7 + 0) / 3; gain over a and b: (66.7 + 33.3) / 2.
	if !near(r.PreMean, 500.0/9) || !near(r.PostMean, 500.0/9) || !near(r.Gain, 50) {
		t.Errorf("pre %v post %v gain %v", *r.PreMean, *r.PostMean, *r.Gain)
	}
	// Question 1 (correct 2): pre b, c right (2 of 3); post a, b right (2 of 3); a gained, b and c kept it.
	q := r.Questions[1]
	if !near(q.PreCorrect, 200.0/3) || !near(q.PostCorrect, 200.0/3) || !near(q.Gain, 50) {
		t.Errorf("question 1: %v %v %v", *q.PreCorrect, *q.PostCorrect, *q.Gain)
	}
	if s := r.Statements[0]; s.Count != 3 || !near(s.Mean, 4) || fmt.Sprint(s.Distribution) != "[0 0 1 1 1]" {
		t.Errorf("statement 0: %+v", s)
	}
	if s := r.Statements[1]; !near(s.Mean, 3) || fmt.Sprint(s.Distribution) != "[1 0 0 2 0]" {
		t.Errorf("statement 1: %+v", s)
	}
	if !near(r.SatisfactionMean, 21.0/6) || len(r.Comments) != 1 {
		t.Errorf("satisfaction %v, comments %q", *r.SatisfactionMean, r.Comments)
	}

	sec := &platform.User{ID: "s", Role: platform.RoleSecretariat}
	fp := &platform.User{ID: "f", Role: platform.RoleFocalPoint, Country: "KZ"}
	if all := r.ForReader(sec); all.Withheld || len(all.Comments) != 1 || all.Gain == nil {
		t.Errorf("the secretariat reads %+v", all)
	}
	// Two took both tests: the gain is withheld from a focal point; three
	// took each test, so the means are shown; comments never.
	got := r.ForReader(fp)
	if !got.Withheld || got.Gain != nil || got.Questions[1].Gain != nil || got.PreMean == nil || got.Comments != nil {
		t.Errorf("a focal point reads %+v", got)
	}
	if r.Gain == nil || r.Questions[1].Gain == nil {
		t.Error("ForReader changed the results it was given")
	}

	// One respondent: counts only.
	one := platform.AggregateEvaluation(e, answers[6:7]).ForReader(fp)
	if one.Satisfaction != 1 || one.SatisfactionMean != nil || one.Statements[0].Mean != nil || one.Statements[0].Distribution != nil || one.Statements[0].Count != 1 {
		t.Errorf("one respondent, read by a focal point: %+v", one)
	}
	// Nobody: nothing withheld, nothing to show.
	if none := platform.AggregateEvaluation(e, nil).ForReader(fp); none.Withheld || none.PreMean != nil {
		t.Errorf("no answers: %+v", none)
	}
}
