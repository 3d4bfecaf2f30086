package mongo

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// Evaluations and their answers.
//
// An evaluation is stored under its event's id; its earlier states are
// kept in evaluation_versions by the version claim events use. An answer
// is stored under "<registration>.<phase>": inserting it is the claim that
// makes it the only one, so two submits of one form (a double click, two
// tabs) store one answer whatever the order they land in, on a database
// without transactions. Results are computed in Go from the event's
// answers (platform.AggregateEvaluation): FerretDB v1 computes only the
// first accumulator of a $group, and an event's answers are a few hundred
// small documents at most.
const (
	colEvaluations        = "evaluations"
	colEvaluationVersions = "evaluation_versions"
	colEvaluationAnswers  = "evaluation_answers"
)

// evaluationIndexes are the indexes evaluations need; ensureIndexes
// creates them.
func evaluationIndexes() map[string][]mongo.IndexModel {
	return map[string][]mongo.IndexModel{
		colEvaluationAnswers: {{Keys: bson.D{{Key: "eventId", Value: 1}, {Key: "phase", Value: 1}}}},
	}
}

// EvaluationService implements platform.EvaluationService on MongoDB.
type EvaluationService struct {
	db     *DB
	events *EventService
	regs   *RegistrationService
}

var _ platform.EvaluationService = (*EvaluationService)(nil)

// NewEvaluationService returns the evaluation service of db.
func NewEvaluationService(db *DB) *EvaluationService {
	return &EvaluationService{db: db, events: NewEventService(db), regs: NewRegistrationService(db)}
}

func (s *EvaluationService) coll() *mongo.Collection { return s.db.db.Collection(colEvaluations) }
func (s *EvaluationService) answers() *mongo.Collection {
	return s.db.db.Collection(colEvaluationAnswers)
}

func evaluationNone(eventID string) error {
	return platform.Localized(platform.NotFound, "error.evaluation_none", nil, "event %q has no evaluation", eventID)
}

// answerAudit is what the audit trail keeps of an answer: who answered
// which phase, not the answers, which are the secretariat's alone.
type answerAudit struct {
	EventID        string                   `json:"eventId"`
	RegistrationID string                   `json:"registrationId"`
	Phase          platform.EvaluationPhase `json:"phase"`
}

// load reads an event's evaluation; nil, nil when it has none.
func (s *EvaluationService) load(ctx context.Context, eventID string) (*platform.Evaluation, error) {
	var e platform.Evaluation
	err := s.coll().FindOne(ctx, byID(eventID)).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	return &e, nil
}

// editable reads an event the user in ctx may edit: Unauthorized,
// NotFound, Forbidden otherwise.
func (s *EvaluationService) editable(ctx context.Context, eventID string) (*platform.Event, *platform.User, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, nil, err
	}
	if !platform.CanEditEvent(u, ev.Kind, ev.Concerns()) {
		return nil, nil, platform.Localized(platform.Forbidden, "error.evaluation_forbidden", nil, "user %s may not see the evaluation of %s", u.ID, eventID)
	}
	return ev, u, nil
}

// FindEvaluation implements platform.EvaluationService.
func (s *EvaluationService) FindEvaluation(ctx context.Context, eventID string) (_ *platform.Evaluation, err error) {
	defer platform.Wrap(&err, "FindEvaluation(%q)", eventID)
	if _, _, err := s.editable(ctx, eventID); err != nil {
		return nil, err
	}
	e, err := s.load(ctx, eventID)
	if err == nil && e == nil {
		err = evaluationNone(eventID)
	}
	return e, err
}

// SetEvaluation implements platform.EvaluationService.
func (s *EvaluationService) SetEvaluation(ctx context.Context, eventID string, in platform.EvaluationInput) (_ *platform.Evaluation, err error) {
	defer platform.Wrap(&err, "SetEvaluation(%q)", eventID)
	in.Normalize()
	if _, _, err := s.editable(ctx, eventID); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeEvaluation, eventID, nil, in, err)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	old, err := s.load(ctx, eventID)
	if err != nil {
		return nil, err
	}
	conflict := platform.Localized(platform.Conflict, "error.conflict", nil, "evaluation %q changed concurrently", eventID)
	oldVersion := 0
	if old != nil {
		oldVersion = old.Version
	}
	if in.IfVersion != 0 && in.IfVersion != oldVersion {
		return nil, conflict
	}
	e := &platform.Evaluation{EventID: eventID, Test: in.Test, Satisfaction: in.Satisfaction, Version: oldVersion + 1, UpdatedAt: s.db.now()}
	if old == nil {
		err = s.db.write(ctx, upsert(platform.TypeEvaluation, eventID).audited(platform.ActionCreate, nil, e),
			func(ctx context.Context, seq uint64) error {
				e.Seq = seq
				_, err := s.coll().InsertOne(ctx, e)
				if mongo.IsDuplicateKeyError(err) {
					return conflict
				}
				return err
			})
		if err != nil {
			return nil, err
		}
		return e, nil
	}
	tested, err := s.answers().CountDocuments(ctx, bson.D{{Key: "eventId", Value: eventID}, {Key: "phase", Value: bson.D{{Key: "$in", Value: bson.A{platform.PhasePre, platform.PhasePost}}}}})
	if err != nil {
		return nil, translate(err)
	}
	rated, err := s.answers().CountDocuments(ctx, bson.D{{Key: "eventId", Value: eventID}, {Key: "phase", Value: platform.PhaseSatisfaction}})
	if err != nil {
		return nil, translate(err)
	}
	if !old.SameShape(in, tested > 0, rated > 0) {
		return nil, platform.Localized(platform.Conflict, "error.evaluation_shape_fixed", nil,
			"evaluation %q was answered: its questions, options, correct options and statements stay", eventID)
	}
	err = s.db.claimVersion(ctx, versionClaim{versions: s.db.db.Collection(colEvaluationVersions), records: s.coll(),
		parentKey: "eventId", id: eventID, version: old.Version, state: old, conflict: conflict})
	if err != nil {
		return nil, err
	}
	err = s.db.write(ctx, upsert(platform.TypeEvaluation, eventID).audited(platform.ActionUpdate, old, e),
		func(ctx context.Context, seq uint64) error {
			e.Seq = seq
			res, err := s.coll().ReplaceOne(ctx, bson.D{{Key: "_id", Value: eventID}, {Key: "version", Value: old.Version}}, e)
			if err == nil && res.MatchedCount == 0 {
				err = conflict
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Participation implements platform.EvaluationService.
func (s *EvaluationService) Participation(ctx context.Context, registrationID string) (_ *platform.Participation, err error) {
	defer platform.Wrap(&err, "Participation(%q)", registrationID)
	r, ev, a, err := s.regs.load(ctx, registrationID)
	if err != nil {
		return nil, err
	}
	if !a.participant {
		return nil, platform.Localized(platform.Forbidden, "error.evaluation_participant_only", nil, "only the participant answers for registration %q", registrationID)
	}
	if err := s.regs.fillStatus(ctx, ev, r); err != nil {
		return nil, err
	}
	e, err := s.load(ctx, ev.ID)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, evaluationNone(ev.ID)
	}
	p := &platform.Participation{Registration: r, Evaluation: e.ForParticipant(), Phases: []platform.PhaseState{}}
	switch {
	case r.Status != platform.StatusRegistered:
		p.Refusal = platform.Localized(platform.Forbidden, "error.evaluation_not_registered", map[string]any{"Value": string(r.Status)},
			"registration %q is %s, not registered", r.ID, r.Status)
		return p, nil
	case r.Category.Staff():
		p.Refusal = platform.Localized(platform.Forbidden, "error.evaluation_staff", nil, "registration %q is of the event's staff", r.ID)
		return p, nil
	}
	ids := bson.A{}
	for _, ph := range platform.EvaluationPhases() {
		ids = append(ids, platform.EvaluationAnswerID(r.ID, ph))
	}
	cur, err := s.answers().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, options.Find().SetProjection(bson.D{{Key: "phase", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	var done []struct {
		Phase platform.EvaluationPhase `bson:"phase"`
	}
	if err := cur.All(ctx, &done); err != nil {
		return nil, translate(err)
	}
	answered := func(ph platform.EvaluationPhase) bool {
		return slices.ContainsFunc(done, func(d struct {
			Phase platform.EvaluationPhase `bson:"phase"`
		}) bool {
			return d.Phase == ph
		})
	}
	now := s.db.now()
	for _, ph := range platform.EvaluationPhases() {
		if !e.Has(ph) {
			continue
		}
		open := platform.PhaseOpen(ev, ph, now) && !(ph == platform.PhasePre && answered(platform.PhasePost))
		p.Phases = append(p.Phases, platform.PhaseState{Phase: ph, Open: open, Answered: answered(ph)})
	}
	return p, nil
}

// Answer implements platform.EvaluationService.
func (s *EvaluationService) Answer(ctx context.Context, registrationID string, ph platform.EvaluationPhase, in platform.AnswerInput) (_ *platform.EvaluationAnswer, _ bool, err error) {
	defer platform.Wrap(&err, "Answer(%q, %s)", registrationID, ph)
	if !slices.Contains(platform.EvaluationPhases(), ph) {
		return nil, false, platform.Localized(platform.NotFound, "error.evaluation_none", nil, "no phase %q", ph)
	}
	p, err := s.Participation(ctx, registrationID)
	if err != nil {
		return nil, false, err
	}
	if p.Refusal != nil {
		return nil, false, p.Refusal
	}
	state, ok := p.Phase(ph)
	if !ok {
		return nil, false, evaluationNone(p.Registration.EventID)
	}
	id := platform.EvaluationAnswerID(registrationID, ph)
	// A repeat is answered before the phase's window and the answers are
	// checked: the same form sent twice gets the stored answer.
	if state.Answered {
		return s.again(ctx, id, in)
	}
	closed := "error.evaluation_closed_after"
	if ph == platform.PhasePre {
		closed = "error.evaluation_closed_pre"
	}
	if !state.Open {
		return nil, false, platform.Localized(platform.Conflict, closed, nil, "phase %s of registration %q is closed", ph, registrationID)
	}
	// The full evaluation (with the correct options) checks the answer.
	e, err := s.load(ctx, p.Registration.EventID)
	if err != nil {
		return nil, false, err
	}
	if err := e.CheckAnswer(ph, &in); err != nil {
		return nil, false, err
	}
	a := &platform.EvaluationAnswer{ID: id, EventID: p.Registration.EventID, RegistrationID: registrationID, Phase: ph,
		Choices: in.Choices, Ratings: in.Ratings, Comment: in.Comment, At: s.db.now()}
	audit := answerAudit{EventID: a.EventID, RegistrationID: registrationID, Phase: ph}
	err = s.db.write(ctx, upsert(platform.TypeEvaluationAnswer, id).audited(platform.ActionCreate, nil, audit),
		func(ctx context.Context, seq uint64) error {
			a.Seq = seq
			_, err := s.answers().InsertOne(ctx, a)
			return err
		})
	if mongo.IsDuplicateKeyError(err) {
		// The other submit of the same form was stored in between.
		return s.again(ctx, id, in)
	}
	if err != nil {
		return nil, false, err
	}
	return a, false, nil
}

// again answers a second submit of a phase: the stored answer when it is
// the same, else Conflict.
func (s *EvaluationService) again(ctx context.Context, id string, in platform.AnswerInput) (*platform.EvaluationAnswer, bool, error) {
	var old platform.EvaluationAnswer
	if err := s.answers().FindOne(ctx, byID(id)).Decode(&old); err != nil {
		return nil, false, translate(err)
	}
	in.Comment = platform.CleanText(in.Comment)
	if old.Phase.Test() {
		in.Ratings, in.Comment = nil, ""
	} else {
		in.Choices = nil
	}
	if !old.Same(in) {
		return nil, false, platform.Localized(platform.Conflict, "error.evaluation_answered", nil, "answer %q was given already", id)
	}
	return &old, true, nil
}

// eventAnswers reads the answers of events.
func (s *EvaluationService) eventAnswers(ctx context.Context, eventIDs ...string) ([]*platform.EvaluationAnswer, error) {
	cur, err := s.answers().Find(ctx, bson.D{{Key: "eventId", Value: bson.D{{Key: "$in", Value: eventIDs}}}}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	out := []*platform.EvaluationAnswer{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, translate(err)
	}
	return out, nil
}

// Results implements platform.EvaluationService.
func (s *EvaluationService) Results(ctx context.Context, eventID string) (_ *platform.EvaluationResults, err error) {
	defer platform.Wrap(&err, "Results(%q)", eventID)
	_, u, err := s.editable(ctx, eventID)
	if err != nil {
		return nil, err
	}
	e, err := s.load(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, evaluationNone(eventID)
	}
	answers, err := s.eventAnswers(ctx, eventID)
	if err != nil {
		return nil, err
	}
	return platform.AggregateEvaluation(e, answers).ForReader(u), nil
}

// Answers implements platform.EvaluationService.
func (s *EvaluationService) Answers(ctx context.Context, eventID string) (_ []platform.PersonAnswer, err error) {
	defer platform.Wrap(&err, "Answers(%q)", eventID)
	_, u, err := s.editable(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if !platform.IsSecretariat(u) {
		return nil, platform.Localized(platform.Forbidden, "error.evaluation_answers_secretariat", nil, "user %s is not the secretariat", u.ID)
	}
	e, err := s.load(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, evaluationNone(eventID)
	}
	answers, err := s.eventAnswers(ctx, eventID)
	if err != nil {
		return nil, err
	}
	ids := bson.A{}
	for _, a := range answers {
		ids = append(ids, a.RegistrationID)
	}
	cur, err := s.regs.coll().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.Find().SetProjection(bson.D{{Key: "name", Value: 1}, {Key: "country", Value: 1}, {Key: "email", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	var regs []platform.Registration
	if err := cur.All(ctx, &regs); err != nil {
		return nil, translate(err)
	}
	who := make(map[string]platform.Registration, len(regs))
	for _, r := range regs {
		who[r.ID] = r
	}
	out := make([]platform.PersonAnswer, 0, len(answers))
	for _, a := range answers {
		r := who[a.RegistrationID]
		pa := platform.PersonAnswer{EvaluationAnswer: a, Name: r.Name, Country: r.Country, Email: r.Email}
		if a.Phase.Test() {
			score := e.Score(a.Choices)
			pa.Score = &score
		}
		out = append(out, pa)
	}
	// By person, then in the order the phases are answered.
	slices.SortStableFunc(out, func(a, b platform.PersonAnswer) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.RegistrationID, b.RegistrationID),
			slices.Index(platform.EvaluationPhases(), a.Phase)-slices.Index(platform.EvaluationPhases(), b.Phase))
	})
	return out, nil
}

// EvaluationSummaries implements platform.EvaluationService. It reads the
// events (from the mirror), their evaluations and their answers in two
// queries, whatever the number of events.
func (s *EvaluationService) EvaluationSummaries(ctx context.Context, eventIDs []string) (_ map[string]platform.EvaluationSummary, err error) {
	defer platform.Wrap(&err, "EvaluationSummaries")
	out := map[string]platform.EvaluationSummary{}
	u := platform.UserFromContext(ctx)
	if u == nil || len(eventIDs) == 0 {
		return out, nil
	}
	// The events from the mirror: an $in of ids is no {_id: x} lookup,
	// which FerretDB answers by reading every event.
	var mine []string
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, id := range eventIDs {
			if ev := m.events[id]; ev != nil && visible(ctx, ev.Visibility) && platform.CanEditEvent(u, ev.Kind, ev.Concerns()) {
				mine = append(mine, ev.ID)
			}
		}
	}); err != nil {
		return nil, err
	}
	if len(mine) == 0 {
		return out, nil
	}
	// Every evaluation, kept if it is of one of the events: FerretDB reads
	// the whole collection for an $in of ids anyway (the statistics ask
	// for a year's hundreds of events), and there is one per evaluated
	// event.
	cur, err := s.coll().Find(ctx, bson.D{})
	if err != nil {
		return nil, translate(err)
	}
	var all []*platform.Evaluation
	if err := cur.All(ctx, &all); err != nil {
		return nil, translate(err)
	}
	wanted := make(map[string]bool, len(mine))
	for _, id := range mine {
		wanted[id] = true
	}
	var evals []*platform.Evaluation
	var evaluated []string
	for _, e := range all {
		if wanted[e.EventID] {
			evals = append(evals, e)
			evaluated = append(evaluated, e.EventID)
		}
	}
	if len(evals) == 0 {
		return out, nil
	}
	answers, err := s.eventAnswers(ctx, evaluated...)
	if err != nil {
		return nil, err
	}
	byEvent := map[string][]*platform.EvaluationAnswer{}
	for _, a := range answers {
		byEvent[a.EventID] = append(byEvent[a.EventID], a)
	}
	for _, e := range evals {
		out[e.EventID] = platform.AggregateEvaluation(e, byEvent[e.EventID]).ForReader(u).Summary()
	}
	return out, nil
}
