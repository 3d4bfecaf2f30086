package platform

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Evaluation of events: a knowledge test taken before (pre) and after
// (post) a training, and a satisfaction questionnaire after it.
//
// Choices written down here:
//   - An evaluation is a record of its own (TypeEvaluation, keyed by the
//     event's id), not a field of the event: its editors change it without
//     a new version of the event, and the event's form stays as it is.
//     Whoever may edit the event (CanEditEvent) edits its evaluation.
//   - The pre-test and the post-test are the same questions: the gain is
//     measured on the same items, so a gain is learning and not a
//     difference between two tests' difficulty.
//   - Once somebody answered the test, its shape (how many questions, how
//     many options each, which is correct) is fixed, and so is the number
//     of statements once somebody answered the questionnaire: texts may be
//     corrected, but answers already given keep meaning what they meant.
//   - Answers are aggregated only: per person they are the secretariat's
//     (Answers). An event's editors who are not the secretariat (a focal
//     point and their national training) see a phase's means and
//     distributions only from MinEvaluationRespondents respondents on, so
//     that nobody reads a colleague's score off a mean of one or two.
//     Counts are always shown. (A reader who compares the results before
//     and after one more answer still learns that answer's effect on the
//     mean; the minimum keeps the obvious case out, not every inference.)

// EvaluationPhase is one of an evaluation's three parts a participant
// answers.
type EvaluationPhase string

// Evaluation phases.
const (
	PhasePre          EvaluationPhase = "pre"
	PhasePost         EvaluationPhase = "post"
	PhaseSatisfaction EvaluationPhase = "satisfaction"
)

// EvaluationPhases lists the phases in the order they are answered.
func EvaluationPhases() []EvaluationPhase {
	return []EvaluationPhase{PhasePre, PhasePost, PhaseSatisfaction}
}

// Test reports whether the phase is the knowledge test.
func (p EvaluationPhase) Test() bool { return p == PhasePre || p == PhasePost }

// Limits of an evaluation.
const (
	MaxTestQuestions          = 20
	MinTestOptions            = 2
	MaxTestOptions            = 8
	MaxSatisfactionStatements = 20
	MaxEvaluationText         = 1000
	MaxEvaluationComment      = 4000
	// MinEvaluationRespondents is the number of respondents from which
	// means and distributions are shown to editors who are not the
	// secretariat.
	MinEvaluationRespondents = 3
	// EvaluationAfterEnd is how long after its event the post-test and the
	// questionnaire stay open.
	EvaluationAfterEnd = 30 * 24 * time.Hour
)

// TestQuestion is a multiple-choice question with one correct option.
// Text and each option are by language.
type TestQuestion struct {
	Text    map[string]string   `json:"text" bson:"text"`
	Options []map[string]string `json:"options" bson:"options"`
	// Correct is the index of the correct option. It is never shown to
	// participants (Evaluation.ForParticipant).
	Correct int `json:"correct" bson:"correct"`
}

// Statement is a statement of the satisfaction questionnaire, rated from
// 1 (disagree) to 5 (agree). Key names a default statement (relevance,
// trainers…); statements the editors wrote have none.
type Statement struct {
	Key  string            `json:"key,omitempty" bson:"key,omitempty"`
	Text map[string]string `json:"text" bson:"text"`
}

// Evaluation is an event's knowledge test and satisfaction questionnaire.
// An empty Test means no pre- and post-test; an empty Satisfaction no
// questionnaire.
type Evaluation struct {
	EventID      string         `json:"eventId" bson:"_id"`
	Test         []TestQuestion `json:"test" bson:"test"`
	Satisfaction []Statement    `json:"satisfaction" bson:"satisfaction"`
	// Version counts the saved states (EvaluationInput.IfVersion).
	Version   int       `json:"version" bson:"version"`
	UpdatedAt time.Time `json:"updatedAt" bson:"updatedAt"`
	Seq       uint64    `json:"-" bson:"seq"`
}

// EvaluationInput is what an event's editors send to define its evaluation.
type EvaluationInput struct {
	Test         []TestQuestion `json:"test"`
	Satisfaction []Statement    `json:"satisfaction"`
	// IfVersion, when not 0, makes the save succeed only if the evaluation
	// is still at that version.
	IfVersion int `json:"-"`
}

// Has reports whether the evaluation has the phase.
func (e *Evaluation) Has(p EvaluationPhase) bool {
	if e == nil {
		return false
	}
	if p.Test() {
		return len(e.Test) > 0
	}
	return p == PhaseSatisfaction && len(e.Satisfaction) > 0
}

// ForParticipant returns a copy without the correct options, for those who
// answer the test.
func (e *Evaluation) ForParticipant() *Evaluation {
	c := *e
	c.Test = make([]TestQuestion, len(e.Test))
	for i, q := range e.Test {
		q.Correct = -1
		c.Test[i] = q
	}
	return &c
}

// Input returns the evaluation as an input, to edit.
func (e *Evaluation) Input() EvaluationInput {
	return EvaluationInput{Test: e.Test, Satisfaction: e.Satisfaction, IfVersion: e.Version}
}

// cleanTexts trims each language's text and drops the empty ones.
func cleanTexts(m map[string]string) map[string]string {
	out := map[string]string{}
	for lang, t := range m {
		if t = CleanLine(t); t != "" {
			out[strings.TrimSpace(lang)] = t
		}
	}
	return out
}

// Normalize trims the texts.
func (in *EvaluationInput) Normalize() {
	for i := range in.Test {
		q := &in.Test[i]
		q.Text = cleanTexts(q.Text)
		opts := make([]map[string]string, len(q.Options))
		for j, o := range q.Options {
			opts[j] = cleanTexts(o)
		}
		q.Options = opts
	}
	for i := range in.Satisfaction {
		in.Satisfaction[i].Key = strings.TrimSpace(in.Satisfaction[i].Key)
		in.Satisfaction[i].Text = cleanTexts(in.Satisfaction[i].Text)
	}
	if in.Test == nil {
		in.Test = []TestQuestion{}
	}
	if in.Satisfaction == nil {
		in.Satisfaction = []Statement{}
	}
}

// checkTexts checks a text by language: known languages, within limits,
// and (when required) at least one.
func checkTexts(field string, m map[string]string) error {
	if len(m) == 0 {
		return invalidField(field, "error.event_missing", "", "a text in at least one language is required")
	}
	for lang, t := range m {
		if !ValidLanguage(lang) {
			return invalidField(field, "error.event_bad_value", lang, "unsupported language %q", lang)
		}
		if err := checkText(textField{field + "." + lang, t, MaxEvaluationText}); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks the input. Call Normalize first. The error is Invalid,
// naming the field as the JSON has it, from 0: test.2.options is the third
// question's options.
func (in *EvaluationInput) Validate() error {
	if len(in.Test) > MaxTestQuestions {
		return invalidField("test", "error.event_too_many", MaxTestQuestions, "more than %d questions", MaxTestQuestions)
	}
	for i, q := range in.Test {
		f := "test." + strconv.Itoa(i)
		if err := checkTexts(f+".text", q.Text); err != nil {
			return err
		}
		if len(q.Options) < MinTestOptions || len(q.Options) > MaxTestOptions {
			return invalidField(f+".options", "error.evaluation_options", len(q.Options), "%d options, want %d to %d", len(q.Options), MinTestOptions, MaxTestOptions)
		}
		for j, o := range q.Options {
			if err := checkTexts(f+".options."+strconv.Itoa(j), o); err != nil {
				return err
			}
		}
		if q.Correct < 0 || q.Correct >= len(q.Options) {
			return invalidField(f+".correct", "error.event_bad_value", q.Correct, "no option %d", q.Correct)
		}
	}
	if len(in.Satisfaction) > MaxSatisfactionStatements {
		return invalidField("satisfaction", "error.event_too_many", MaxSatisfactionStatements, "more than %d statements", MaxSatisfactionStatements)
	}
	for i, s := range in.Satisfaction {
		if err := checkTexts("satisfaction."+strconv.Itoa(i)+".text", s.Text); err != nil {
			return err
		}
	}
	return nil
}

// SameShape reports whether in keeps the shape of e's part that answers
// were given to: for the test, the number of questions, of options and the
// correct ones; for the questionnaire, the number of statements.
func (e *Evaluation) SameShape(in EvaluationInput, test, satisfaction bool) bool {
	if test {
		if len(in.Test) != len(e.Test) {
			return false
		}
		for i, q := range e.Test {
			if len(in.Test[i].Options) != len(q.Options) || in.Test[i].Correct != q.Correct {
				return false
			}
		}
	}
	return !satisfaction || len(in.Satisfaction) == len(e.Satisfaction)
}

// DefaultStatements is the standard satisfaction questionnaire, in the seven
// languages, which the evaluation form starts from: relevance, trainers,
// materials, organization and whether the participant would recommend the
// training.
func DefaultStatements() []Statement {
	return []Statement{
		{Key: "relevance", Text: map[string]string{
			"en": "The training was relevant to my work.",
			"ru": "Тренинг был актуален для моей работы.",
			"kk": "Тренинг менің жұмысым үшін өзекті болды.",
			"ky": "Тренинг менин ишим үчүн актуалдуу болду.",
			"tg": "Тренинг барои кори ман муҳим буд.",
			"tk": "Okuw meniň işim üçin ähmiýetlidi.",
			"uz": "Trening mening ishim uchun dolzarb boʻldi.",
		}},
		{Key: "trainers", Text: map[string]string{
			"en": "The trainers knew the subject well and explained it clearly.",
			"ru": "Тренеры хорошо знали тему и понятно объясняли.",
			"kk": "Тренерлер тақырыпты жақсы білді және түсінікті түсіндірді.",
			"ky": "Тренерлер теманы жакшы билишип, түшүнүктүү түшүндүрүштү.",
			"tg": "Тренерон мавзӯъро хуб медонистанд ва фаҳмо шарҳ медоданд.",
			"tk": "Tälimçiler temany gowy bilýärdiler we düşnükli düşündirdiler.",
			"uz": "Trenerlar mavzuni yaxshi bilishdi va tushunarli tushuntirishdi.",
		}},
		{Key: "materials", Text: map[string]string{
			"en": "The materials were useful.",
			"ru": "Материалы были полезными.",
			"kk": "Материалдар пайдалы болды.",
			"ky": "Материалдар пайдалуу болду.",
			"tg": "Маводҳо муфид буданд.",
			"tk": "Materiallar peýdalydy.",
			"uz": "Materiallar foydali boʻldi.",
		}},
		{Key: "organization", Text: map[string]string{
			"en": "The training was well organized.",
			"ru": "Тренинг был хорошо организован.",
			"kk": "Тренинг жақсы ұйымдастырылды.",
			"ky": "Тренинг жакшы уюштурулду.",
			"tg": "Тренинг хуб ташкил карда шуда буд.",
			"tk": "Okuw gowy guralypdy.",
			"uz": "Trening yaxshi tashkil etildi.",
		}},
		{Key: "recommend", Text: map[string]string{
			"en": "I would recommend this training to colleagues.",
			"ru": "Я бы порекомендовал(а) этот тренинг коллегам.",
			"kk": "Мен бұл тренингті әріптестеріме ұсынар едім.",
			"ky": "Мен бул тренингди кесиптештериме сунуштамакмын.",
			"tg": "Ман ин тренингро ба ҳамкасбонам тавсия медодам.",
			"tk": "Men bu okuwy kärdeşlerime maslahat bererdim.",
			"uz": "Men bu treningni hamkasblarimga tavsiya qilgan boʻlardim.",
		}},
	}
}

// PhaseOpen reports whether a phase takes answers at now for the event:
// the pre-test from registration until the event ends (trainings often
// give it in the opening session); the post-test and the questionnaire
// from the event's start (they are handed out in the closing session,
// before the recorded end) until EvaluationAfterEnd after its end. A
// pre-test after the participant's post-test is refused by the service:
// it would measure nothing.
func PhaseOpen(e *Event, p EvaluationPhase, now time.Time) bool {
	if p == PhasePre {
		return now.Before(e.End)
	}
	return !now.Before(e.Start) && now.Before(e.End.Add(EvaluationAfterEnd))
}

// EvaluationAnswer is one participant's answer to one phase. Its ID,
// "<registration>.<phase>", is the claim that makes it the only one.
type EvaluationAnswer struct {
	ID             string          `json:"id" bson:"_id"`
	EventID        string          `json:"eventId" bson:"eventId"`
	RegistrationID string          `json:"registrationId" bson:"registrationId"`
	Phase          EvaluationPhase `json:"phase" bson:"phase"`
	// Choices are the options chosen, one per question (test phases).
	Choices []int `json:"choices,omitempty" bson:"choices,omitempty"`
	// Ratings are 1–5, one per statement (the questionnaire).
	Ratings []int     `json:"ratings,omitempty" bson:"ratings,omitempty"`
	Comment string    `json:"comment,omitempty" bson:"comment,omitempty"`
	At      time.Time `json:"at" bson:"at"`
	Seq     uint64    `json:"-" bson:"seq"`
}

// EvaluationAnswerID is the id of a registration's answer to a phase.
func EvaluationAnswerID(registrationID string, p EvaluationPhase) string {
	return registrationID + "." + string(p)
}

// AnswerInput is what a participant sends for a phase: Choices for a test
// (the index of the option chosen per question, -1 for none), Ratings and
// an optional Comment for the questionnaire.
type AnswerInput struct {
	Choices []int  `json:"choices"`
	Ratings []int  `json:"ratings"`
	Comment string `json:"comment"`
}

// CheckAnswer checks an answer to a phase of e. The error is Invalid and
// names the field: choices.2 for the third question (missing, or an option
// it does not have), ratings.0 for a rating outside 1–5, comment when too
// long.
func (e *Evaluation) CheckAnswer(p EvaluationPhase, in *AnswerInput) error {
	in.Comment = CleanText(in.Comment)
	if p.Test() {
		in.Ratings, in.Comment = nil, ""
		for i, q := range e.Test {
			f := "choices." + strconv.Itoa(i)
			if i >= len(in.Choices) || in.Choices[i] < 0 {
				return invalidField(f, "error.evaluation_unanswered", "", "question %d is not answered", i)
			}
			if in.Choices[i] >= len(q.Options) {
				return invalidField(f, "error.evaluation_bad_option", in.Choices[i], "question %d has no option %d", i, in.Choices[i])
			}
		}
		if len(in.Choices) > len(e.Test) {
			return invalidField("choices", "error.event_too_many", len(e.Test), "%d choices for %d questions", len(in.Choices), len(e.Test))
		}
		return nil
	}
	in.Choices = nil
	for i := range e.Satisfaction {
		f := "ratings." + strconv.Itoa(i)
		if i >= len(in.Ratings) || in.Ratings[i] == 0 {
			return invalidField(f, "error.evaluation_unanswered", "", "statement %d is not rated", i)
		}
		if in.Ratings[i] < 1 || in.Ratings[i] > 5 {
			return invalidField(f, "error.evaluation_bad_rating", in.Ratings[i], "rating %d is not from 1 to 5", in.Ratings[i])
		}
	}
	if len(in.Ratings) > len(e.Satisfaction) {
		return invalidField("ratings", "error.event_too_many", len(e.Satisfaction), "%d ratings for %d statements", len(in.Ratings), len(e.Satisfaction))
	}
	return checkText(textField{"comment", in.Comment, MaxEvaluationComment})
}

// Same reports whether a is the answer in would give: a form sent twice.
func (a *EvaluationAnswer) Same(in AnswerInput) bool {
	return slices.Equal(a.Choices, in.Choices) && slices.Equal(a.Ratings, in.Ratings) && a.Comment == in.Comment
}

// Score is the share of the test's questions answered correctly, in
// percent.
func (e *Evaluation) Score(choices []int) float64 {
	if len(e.Test) == 0 {
		return 0
	}
	right := 0
	for i, q := range e.Test {
		if i < len(choices) && choices[i] == q.Correct {
			right++
		}
	}
	return 100 * float64(right) / float64(len(e.Test))
}

// QuestionResult is one question's results: the share of correct answers
// before and after, and the gain over those who took both tests.
type QuestionResult struct {
	PreCorrect  *float64 `json:"preCorrect"`
	PostCorrect *float64 `json:"postCorrect"`
	Gain        *float64 `json:"gain"`
}

// StatementResult is one statement's ratings: their mean and how many
// gave each rating (Distribution[0] counts the 1s).
type StatementResult struct {
	Count        int      `json:"count"`
	Mean         *float64 `json:"mean"`
	Distribution []int    `json:"distribution"`
}

// EvaluationResults are an event's evaluation in aggregate. A mean is nil
// when nobody answered, or when it is withheld (Withheld).
type EvaluationResults struct {
	EventID string `json:"eventId"`
	// Respondents to each phase, and Both the pre- and post-test.
	Pre          int `json:"pre"`
	Post         int `json:"post"`
	Both         int `json:"both"`
	Satisfaction int `json:"satisfaction"`
	// PreMean and PostMean are mean scores in percent; Gain is the mean of
	// post − pre, in points, over those who took both.
	PreMean          *float64          `json:"preMean"`
	PostMean         *float64          `json:"postMean"`
	Gain             *float64          `json:"gain"`
	Questions        []QuestionResult  `json:"questions"`
	Statements       []StatementResult `json:"statements"`
	SatisfactionMean *float64          `json:"satisfactionMean"`
	// Comments are the questionnaire's comments, for the secretariat only.
	Comments []string `json:"comments,omitempty"`
	// Withheld tells that some means were left out because fewer than
	// MinEvaluationRespondents answered (for editors other than the
	// secretariat).
	Withheld bool `json:"withheld"`
	// MinRespondents is that minimum.
	MinRespondents int `json:"minRespondents"`
}

func mean(sum float64, n int) *float64 {
	if n == 0 {
		return nil
	}
	m := sum / float64(n)
	return &m
}

// AggregateEvaluation computes an event's results from its evaluation and
// its answers. Everything is computed; WithholdBelow then takes out what
// the reader may not see.
func AggregateEvaluation(e *Evaluation, answers []*EvaluationAnswer) *EvaluationResults {
	r := &EvaluationResults{EventID: e.EventID, MinRespondents: MinEvaluationRespondents,
		Questions: make([]QuestionResult, len(e.Test)), Statements: make([]StatementResult, len(e.Satisfaction)), Comments: []string{}}
	pre := map[string][]int{}
	post := map[string][]int{}
	var preSum, postSum, ratingSum float64
	ratings := 0
	qPre, qPost := make([]int, len(e.Test)), make([]int, len(e.Test))
	sSum := make([]int, len(e.Satisfaction))
	for i := range r.Statements {
		r.Statements[i].Distribution = make([]int, 5)
	}
	for _, a := range answers {
		switch a.Phase {
		case PhasePre, PhasePost:
			if len(a.Choices) != len(e.Test) {
				continue // cannot happen while the shape is fixed
			}
			counts, sum := qPre, &preSum
			if a.Phase == PhasePre {
				r.Pre++
				pre[a.RegistrationID] = a.Choices
			} else {
				r.Post++
				post[a.RegistrationID] = a.Choices
				counts, sum = qPost, &postSum
			}
			*sum += e.Score(a.Choices)
			for i, q := range e.Test {
				if a.Choices[i] == q.Correct {
					counts[i]++
				}
			}
		case PhaseSatisfaction:
			if len(a.Ratings) != len(e.Satisfaction) {
				continue
			}
			r.Satisfaction++
			for i, v := range a.Ratings {
				if v < 1 || v > 5 {
					continue
				}
				s := &r.Statements[i]
				s.Count++
				s.Distribution[v-1]++
				sSum[i] += v
				ratingSum += float64(v)
				ratings++
			}
			if a.Comment != "" {
				r.Comments = append(r.Comments, a.Comment)
			}
		}
	}
	r.PreMean, r.PostMean = mean(preSum, r.Pre), mean(postSum, r.Post)
	var gainSum float64
	qGain := make([]int, len(e.Test))
	for id, p := range pre {
		q, ok := post[id]
		if !ok {
			continue
		}
		r.Both++
		gainSum += e.Score(q) - e.Score(p)
		for i, tq := range e.Test {
			if q[i] == tq.Correct {
				qGain[i]++
			}
			if p[i] == tq.Correct {
				qGain[i]--
			}
		}
	}
	r.Gain = mean(gainSum, r.Both)
	for i := range e.Test {
		r.Questions[i] = QuestionResult{PreCorrect: mean(100*float64(qPre[i]), r.Pre), PostCorrect: mean(100*float64(qPost[i]), r.Post),
			Gain: mean(100*float64(qGain[i]), r.Both)}
	}
	for i := range r.Statements {
		r.Statements[i].Mean = mean(float64(sSum[i]), r.Statements[i].Count)
	}
	r.SatisfactionMean = mean(ratingSum, ratings)
	return r
}

// ForReader returns the results as u may see them: everything for the
// secretariat; for others, no comments, and no means or distributions of a
// phase fewer than MinEvaluationRespondents answered (nor the gain, when
// fewer took both tests).
func (r *EvaluationResults) ForReader(u *User) *EvaluationResults {
	c := *r
	if IsSecretariat(u) {
		return &c
	}
	c.Comments = nil
	few := func(n int) bool {
		if n > 0 && n < MinEvaluationRespondents {
			c.Withheld = true
			return true
		}
		return false
	}
	c.Questions = slices.Clone(r.Questions)
	if few(r.Pre) {
		c.PreMean = nil
		for i := range c.Questions {
			c.Questions[i].PreCorrect = nil
		}
	}
	if few(r.Post) {
		c.PostMean = nil
		for i := range c.Questions {
			c.Questions[i].PostCorrect = nil
		}
	}
	if few(r.Both) {
		c.Gain = nil
		for i := range c.Questions {
			c.Questions[i].Gain = nil
		}
	}
	if few(r.Satisfaction) {
		c.SatisfactionMean = nil
		c.Statements = make([]StatementResult, len(r.Statements))
		for i, s := range r.Statements {
			c.Statements[i] = StatementResult{Count: s.Count, Distribution: nil}
		}
	}
	return &c
}

// Summary is the results' headline, for the statistics.
func (r *EvaluationResults) Summary() EvaluationSummary {
	return EvaluationSummary{EventID: r.EventID, Pre: r.Pre, Post: r.Post, Both: r.Both, Satisfaction: r.Satisfaction,
		PreMean: r.PreMean, PostMean: r.PostMean, Gain: r.Gain, SatisfactionMean: r.SatisfactionMean, Withheld: r.Withheld}
}

// EvaluationSummary is an event's evaluation in a line: the counts of
// respondents, the mean scores and gain (percent, points) and the mean
// satisfaction (1–5), with the same withholding as the results.
type EvaluationSummary struct {
	EventID          string   `json:"eventId"`
	Pre              int      `json:"pre"`
	Post             int      `json:"post"`
	Both             int      `json:"both"`
	Satisfaction     int      `json:"satisfaction"`
	PreMean          *float64 `json:"preMean"`
	PostMean         *float64 `json:"postMean"`
	Gain             *float64 `json:"gain"`
	SatisfactionMean *float64 `json:"satisfactionMean"`
	Withheld         bool     `json:"withheld"`
}

// PersonAnswer is an answer with who gave it, for the secretariat, with
// the test's score.
type PersonAnswer struct {
	*EvaluationAnswer
	Name    string   `json:"name"`
	Country string   `json:"country"`
	Email   string   `json:"email"`
	Score   *float64 `json:"score,omitempty"`
}

// PhaseState is where a participant stands with a phase.
type PhaseState struct {
	Phase    EvaluationPhase `json:"phase"`
	Open     bool            `json:"open"`
	Answered bool            `json:"answered"`
}

// Participation is what a participant sees of an event's evaluation: the
// questions without the correct options, and the state of each phase the
// evaluation has.
type Participation struct {
	Registration *Registration `json:"-"`
	Evaluation   *Evaluation   `json:"evaluation"`
	Phases       []PhaseState  `json:"phases"`
	// Refusal, when set, is why the participant answers nothing (not
	// registered, staff); Phases are then empty.
	Refusal error `json:"-"`
}

// Phase returns the state of phase p, and whether the evaluation has it.
func (p *Participation) Phase(ph EvaluationPhase) (PhaseState, bool) {
	for _, s := range p.Phases {
		if s.Phase == ph {
			return s, true
		}
	}
	return PhaseState{}, false
}

// EvaluationService keeps events' evaluations and their answers.
type EvaluationService interface {
	// FindEvaluation returns an event's evaluation, with the correct
	// options, for its editors. Codes: NotFound (no event, or no
	// evaluation yet), Unauthorized, Forbidden.
	FindEvaluation(ctx context.Context, eventID string) (*Evaluation, error)
	// SetEvaluation defines an event's evaluation. Codes: Invalid (naming
	// the field), NotFound, Unauthorized, Forbidden (not CanEditEvent;
	// audited), Conflict (IfVersion not current, or a change of shape
	// after answers).
	SetEvaluation(ctx context.Context, eventID string, in EvaluationInput) (*Evaluation, error)
	// Participation returns what the registration's participant (by
	// account or link token) sees of the event's evaluation. Codes:
	// NotFound (no such registration for this reader, or no evaluation).
	Participation(ctx context.Context, registrationID string) (*Participation, error)
	// Answer records the participant's answer to a phase, once: the same
	// answer sent again (a double click) gives the stored one with
	// existed true. Codes: Invalid (naming the field), NotFound,
	// Forbidden (not registered with a seat, or staff), Conflict (phase
	// closed, or answered already with other answers).
	Answer(ctx context.Context, registrationID string, p EvaluationPhase, in AnswerInput) (a *EvaluationAnswer, existed bool, err error)
	// Results aggregates an event's answers for its editors and the
	// secretariat (ForReader). Codes: NotFound, Unauthorized, Forbidden.
	Results(ctx context.Context, eventID string) (*EvaluationResults, error)
	// Answers lists an event's answers person by person, for the
	// secretariat only. Codes: NotFound, Unauthorized, Forbidden.
	Answers(ctx context.Context, eventID string) ([]PersonAnswer, error)
	// EvaluationSummaries gives the summary of each of the events whose
	// results the reader may see (the secretariat: all; an editor: their
	// events) and that have an evaluation; other ids are left out.
	EvaluationSummaries(ctx context.Context, eventIDs []string) (map[string]EvaluationSummary, error)
}
