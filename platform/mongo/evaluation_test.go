package mongo_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// runningTraining is a national training of Kazakhstan that started an
// hour ago and ends later today, organized by its focal point: every
// phase of its evaluation is open.
func runningTraining(t *testing.T, events *mongo.EventService, capacity int) *platform.Event {
	t.Helper()
	in := eventInput(platform.EventNationalTraining, "KZ")
	in.Start = time.Now().UTC().Add(-time.Hour).Truncate(time.Minute)
	in.End = in.Start.Add(8 * time.Hour)
	in.Status, in.Capacity = platform.EventRegistrationOpen, capacity
	e, err := events.CreateEvent(asUser(platform.RoleFocalPoint, "KZ"), in)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// threeQuestions is a test whose correct options are 0, 2 and 1, with the
// standard questionnaire.
func threeQuestions() platform.EvaluationInput {
	q := func(n, correct int) platform.TestQuestion {
		q := platform.TestQuestion{Text: map[string]string{"ru": "Вопрос", "en": "Question"}, Correct: correct}
		for i := range n {
			q.Options = append(q.Options, map[string]string{"ru": fmt.Sprintf("Ответ %d", i), "en": fmt.Sprintf("Answer %d", i)})
		}
		return q
	}
	return platform.EvaluationInput{Test: []platform.TestQuestion{q(3, 0), q(3, 2), q(2, 1)}, Satisfaction: platform.DefaultStatements()}
}

func TestEvaluationAnsweredOnceAndAggregatedPrivately(t *testing.T) {
	db := openDB(t)
	events, regs, evals := mongo.NewEventService(db), mongo.NewRegistrationService(db), mongo.NewEvaluationService(db)
	e := runningTraining(t, events, 4)
	fp, sec := asUser(platform.RoleFocalPoint, "KZ"), asUser(platform.RoleSecretariat, "")
	expert, otherFP := asUser(platform.RoleExpert, "KZ"), asUser(platform.RoleFocalPoint, "KG")
	anon := context.Background()

	// Defining it: the event's editors only.
	if _, err := evals.SetEvaluation(expert, e.ID, threeQuestions()); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("an expert defined the evaluation: %v", err)
	}
	if _, err := evals.SetEvaluation(otherFP, e.ID, threeQuestions()); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("another country's focal point defined it: %v", err)
	}
	if _, err := evals.SetEvaluation(anon, e.ID, threeQuestions()); platform.ErrorCode(err) != platform.Unauthorized {
		t.Errorf("an anonymous visitor defined it: %v", err)
	}
	bad := threeQuestions()
	bad.Test[1].Correct = 3
	if _, err := evals.SetEvaluation(fp, e.ID, bad); platform.ErrorCode(err) != platform.Invalid || fieldOf(err) != "test.1.correct" {
		t.Errorf("a correct option out of range: %v", err)
	}
	ev, err := evals.SetEvaluation(fp, e.ID, threeQuestions())
	if err != nil || ev.Version != 1 {
		t.Fatalf("the focal point defines it: %+v %v", ev, err)
	}

	// p0, p1, p2, p5 take the four seats; p3 and p4 wait; p4 cancels.
	token := map[int]string{}
	rid := map[int]string{}
	for _, n := range []int{0, 1, 2, 5, 3, 4} {
		res, err := regs.Register(anon, e.ID, person(n, "KZ"))
		if err != nil {
			t.Fatal(err)
		}
		token[n], rid[n] = res.Token, res.Registration.ID
	}
	as := func(n int) context.Context { return platform.ContextWithRegistrationToken(anon, token[n]) }
	if _, err := regs.CancelRegistration(as(4), rid[4]); err != nil {
		t.Fatal(err)
	}
	answer := func(n int, ph platform.EvaluationPhase, in platform.AnswerInput) error {
		t.Helper()
		_, _, err := evals.Answer(as(n), rid[n], ph, in)
		return err
	}
	test := func(c ...int) platform.AnswerInput { return platform.AnswerInput{Choices: c} }
	rate := func(comment string, r ...int) platform.AnswerInput {
		return platform.AnswerInput{Ratings: r, Comment: comment}
	}

	t.Run("who may answer", func(t *testing.T) {
		for n, want := range map[int]string{3: platform.Forbidden, 4: platform.Forbidden} {
			if err := answer(n, platform.PhasePre, test(0, 2, 1)); platform.ErrorCode(err) != want {
				t.Errorf("p%d (not registered with a seat): %v, want %s", n, err, want)
			}
		}
		if _, _, err := evals.Answer(anon, rid[0], platform.PhasePre, test(0, 2, 1)); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("a stranger: %v", err)
		}
		if _, _, err := evals.Answer(as(1), rid[0], platform.PhasePre, test(0, 2, 1)); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("another participant's link: %v", err)
		}
		if _, _, err := evals.Answer(fp, rid[0], platform.PhasePre, test(0, 2, 1)); platform.ErrorCode(err) != platform.Forbidden {
			t.Errorf("the organizer on the participant's behalf: %v", err)
		}
		trainer := person(9, "KZ")
		trainer.Category = platform.CategoryTrainer
		res, err := regs.Register(fp, e.ID, trainer)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := evals.Answer(platform.ContextWithRegistrationToken(anon, res.Token), res.Registration.ID, platform.PhasePre, test(0, 2, 1)); platform.ErrorCode(err) != platform.Forbidden {
			t.Errorf("a trainer: %v", err)
		}
	})

	t.Run("bad answers name the field", func(t *testing.T) {
		for _, tt := range []struct {
			ph    platform.EvaluationPhase
			in    platform.AnswerInput
			field string
		}{
			{platform.PhasePre, test(0, 3, 1), "choices.1"},
			{platform.PhasePre, test(0, 2), "choices.2"},
			{platform.PhaseSatisfaction, rate("", 5, 5, 0, 5, 5), "ratings.2"},
			{platform.PhaseSatisfaction, rate("", 5, 5, 5, 5, 7), "ratings.4"},
		} {
			if err := answer(0, tt.ph, tt.in); platform.ErrorCode(err) != platform.Invalid || fieldOf(err) != tt.field {
				t.Errorf("%s %+v: %v, want Invalid naming %s", tt.ph, tt.in, err, tt.field)
			}
		}
	})

	for _, a := range []struct {
		n  int
		ph platform.EvaluationPhase
		in platform.AnswerInput
	}{
		{0, platform.PhasePre, test(0, 0, 0)},  // 33.3
		{0, platform.PhasePost, test(0, 2, 1)}, // 100
		{1, platform.PhasePre, test(1, 2, 0)},  // 33.3
		{1, platform.PhasePost, test(0, 2, 0)}, // 66.7
		{2, platform.PhasePre, test(0, 2, 1)},  // 100
		{5, platform.PhasePost, test(1, 1, 0)}, // 0
		{0, platform.PhaseSatisfaction, rate("Очень полезно", 5, 4, 5, 4, 5)},
	} {
		if err := answer(a.n, a.ph, a.in); err != nil {
			t.Fatalf("p%d %s: %v", a.n, a.ph, err)
		}
	}

	t.Run("a pre-test after the post-test is refused", func(t *testing.T) {
		if err := answer(5, platform.PhasePre, test(0, 2, 1)); platform.ErrorCode(err) != platform.Conflict {
			t.Errorf("p5's pre-test after their post-test: %v", err)
		}
	})

	t.Run("a double submit counts once; other answers are a conflict", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		existed := make([]bool, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, existed[i], errs[i] = evals.Answer(as(2), rid[2], platform.PhaseSatisfaction, rate("  Хорошо ", 4, 4, 3, 4, 4))
			}()
		}
		wg.Wait()
		fresh := 0
		for i, err := range errs {
			if err != nil {
				t.Errorf("submit %d: %v", i, err)
			}
			if !existed[i] {
				fresh++
			}
		}
		if fresh != 1 {
			t.Errorf("%d submits stored an answer, want 1", fresh)
		}
		if err := answer(2, platform.PhaseSatisfaction, rate("", 1, 1, 1, 1, 1)); platform.ErrorCode(err) != platform.Conflict {
			t.Errorf("other answers to an answered phase: %v", err)
		}
		p, err := evals.Participation(as(2), rid[2])
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := p.Phase(platform.PhaseSatisfaction); !s.Answered {
			t.Errorf("p2's phases after answering: %+v", p.Phases)
		}
		if p.Evaluation.Test[0].Correct != -1 {
			t.Error("a participant reads the correct options")
		}
	})

	t.Run("the secretariat reads everything", func(t *testing.T) {
		r, err := evals.Results(sec, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Pre != 3 || r.Post != 3 || r.Both != 2 || r.Satisfaction != 2 || r.Withheld {
			t.Fatalf("counts %+v", r)
		}
		// Gain over p0 (+66.7) and p1 (+33.3); satisfaction (23 + 19) / 10.
		if !near(r.Gain, 50) || !near(r.SatisfactionMean, 4.2) || len(r.Comments) != 2 {
			t.Errorf("gain %v satisfaction %v comments %q", r.Gain, r.SatisfactionMean, r.Comments)
		}
		rows, err := evals.Answers(sec, e.ID)
		if err != nil || len(rows) != 8 || rows[0].Name != "Участник 0" || rows[0].Phase != platform.PhasePre || !near(rows[0].Score, 100.0/3) {
			t.Fatalf("answers: %d %v", len(rows), err)
		}
	})

	t.Run("the focal point organizing it reads aggregates only", func(t *testing.T) {
		r, err := evals.Results(fp, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Withheld || r.PreMean == nil || r.PostMean == nil || r.Gain != nil || r.SatisfactionMean != nil ||
			r.Statements[0].Mean != nil || r.Statements[0].Count != 2 || r.Comments != nil {
			t.Errorf("the focal point's results: %+v", r)
		}
		if _, err := evals.Answers(fp, e.ID); platform.ErrorCode(err) != platform.Forbidden {
			t.Errorf("the focal point read the answers person by person: %v", err)
		}
	})

	t.Run("members and other focal points read nothing", func(t *testing.T) {
		for name, ctx := range map[string]context.Context{"an expert": expert, "another focal point": otherFP} {
			if _, err := evals.Results(ctx, e.ID); platform.ErrorCode(err) != platform.Forbidden {
				t.Errorf("%s read the results: %v", name, err)
			}
			if _, err := evals.Answers(ctx, e.ID); platform.ErrorCode(err) != platform.Forbidden {
				t.Errorf("%s read the answers: %v", name, err)
			}
		}
		if _, err := evals.Results(anon, e.ID); platform.ErrorCode(err) != platform.Unauthorized {
			t.Errorf("anonymous results: %v", err)
		}
	})

	t.Run("once answered, texts change but not the shape", func(t *testing.T) {
		in := threeQuestions()
		in.Test[0].Correct = 1
		if _, err := evals.SetEvaluation(fp, e.ID, in); platform.ErrorCode(err) != platform.Conflict {
			t.Errorf("a new correct option after answers: %v", err)
		}
		in = threeQuestions()
		in.Satisfaction = in.Satisfaction[:4]
		if _, err := evals.SetEvaluation(fp, e.ID, in); platform.ErrorCode(err) != platform.Conflict {
			t.Errorf("a statement removed after answers: %v", err)
		}
		in = threeQuestions()
		in.Test[0].Text["kk"] = "Сұрақ"
		in.IfVersion = 1
		got, err := evals.SetEvaluation(fp, e.ID, in)
		if err != nil || got.Version != 2 {
			t.Errorf("a translation added: %+v %v", got, err)
		}
		if _, err := evals.SetEvaluation(fp, e.ID, in); platform.ErrorCode(err) != platform.Conflict {
			t.Errorf("a save of version 1 over version 2: %v", err)
		}
	})

	t.Run("summaries for the statistics", func(t *testing.T) {
		plain := runningTraining(t, events, 0) // no evaluation
		all, err := evals.EvaluationSummaries(sec, []string{e.ID, plain.ID, "000000000000000000000000"})
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := all[e.ID]; len(all) != 1 || !ok || s.Both != 2 || !near(s.Gain, 50) {
			t.Errorf("the secretariat's summaries: %+v", all)
		}
		mine, err := evals.EvaluationSummaries(fp, []string{e.ID})
		if s := mine[e.ID]; err != nil || s.Pre != 3 || s.Gain != nil || !s.Withheld {
			t.Errorf("the focal point's summary: %+v %v", s, err)
		}
		if none, err := evals.EvaluationSummaries(expert, []string{e.ID}); err != nil || len(none) != 0 {
			t.Errorf("an expert's summaries: %+v %v", none, err)
		}
	})
}

func TestEvaluationPostTestWaitsForTheEvent(t *testing.T) {
	db := openDB(t)
	events, regs, evals := mongo.NewEventService(db), mongo.NewRegistrationService(db), mongo.NewEvaluationService(db)
	e := openTraining(t, events, 10, false) // a month from now
	if _, err := evals.SetEvaluation(asUser(platform.RoleSecretariat, ""), e.ID, threeQuestions()); err != nil {
		t.Fatal(err)
	}
	res, err := regs.Register(context.Background(), e.ID, person(1, "KG"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := platform.ContextWithRegistrationToken(context.Background(), res.Token)
	p, err := evals.Participation(ctx, res.Registration.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []platform.PhaseState{{Phase: platform.PhasePre, Open: true}, {Phase: platform.PhasePost}, {Phase: platform.PhaseSatisfaction}}
	if fmt.Sprint(p.Phases) != fmt.Sprint(want) {
		t.Errorf("phases %+v, want %+v", p.Phases, want)
	}
	if _, _, err := evals.Answer(ctx, res.Registration.ID, platform.PhasePost, platform.AnswerInput{Choices: []int{0, 2, 1}}); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("a post-test before the event: %v", err)
	}
	if _, existed, err := evals.Answer(ctx, res.Registration.ID, platform.PhasePre, platform.AnswerInput{Choices: []int{0, 2, 1}}); err != nil || existed {
		t.Errorf("the pre-test: %v %v", existed, err)
	}
}

// fieldOf is the field an Invalid error names.
func fieldOf(err error) string {
	if e := platform.AsError(err); e != nil {
		if f, ok := e.Data["Field"].(string); ok {
			return f
		}
	}
	return ""
}

func near(p *float64, want float64) bool { return p != nil && *p-want < 1e-9 && want-*p < 1e-9 }
