package events

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// Evaluation pages and API: the editors' form that defines an event's
// pre- and post-test and satisfaction questionnaire, the participant's
// pages that answer them (reached from the registration's page, by account
// or link token), and the results in aggregate. Without an
// EvaluationService the routes answer 404.

// registerEvaluation adds the evaluation routes to the module's.
func (s *server) registerEvaluation(r *web.Router) {
	api, p := r.API, r.Pages
	api.GET("/events/:id/evaluation", s.apiEvaluation)
	api.PUT("/events/:id/evaluation", s.apiSetEvaluation)
	api.GET("/events/:id/evaluation/results", s.apiEvaluationResults)
	api.GET("/events/:id/evaluation/answers", s.apiEvaluationAnswers)
	api.GET("/registrations/:rid/evaluation", s.apiParticipation)
	api.POST("/registrations/:rid/evaluation/:phase", s.apiAnswer)

	p.GET("/events/:id/evaluation/edit", s.evaluationForm)
	p.POST("/events/:id/evaluation/edit", s.evaluationSubmit)
	p.GET("/events/:id/evaluation/results", s.evaluationResultsPage)
	p.GET("/registrations/:rid/evaluation/:phase", s.answerForm)
	p.POST("/registrations/:rid/evaluation/:phase", s.answerSubmit)
}

// evaluations is the service, or false (and a 404) without one.
func (s *server) evaluations(c *gin.Context) (platform.EvaluationService, bool) {
	if s.Evaluations == nil {
		s.WriteError(c, platform.Localized(platform.NotFound, "error.evaluation_none", nil, "no evaluations"))
		return nil, false
	}
	return s.Evaluations, true
}

// phaseParam reads :phase; another value is a 404.
func (s *server) phaseParam(c *gin.Context) (platform.EvaluationPhase, bool) {
	ph := platform.EvaluationPhase(c.Param("phase"))
	for _, p := range platform.EvaluationPhases() {
		if p == ph {
			return ph, true
		}
	}
	s.WriteError(c, platform.Localized(platform.NotFound, "error.evaluation_none", nil, "no phase %q", ph))
	return "", false
}

func (s *server) apiEvaluation(c *gin.Context) {
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	e, err := svc.FindEvaluation(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(e.Version))
	c.JSON(http.StatusOK, e)
}

func (s *server) apiSetEvaluation(c *gin.Context) {
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	var in platform.EvaluationInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	version, err := web.IfMatchVersion(c.GetHeader("If-Match"))
	if err != nil {
		s.WriteError(c, err)
		return
	}
	in.IfVersion = version
	e, err := svc.SetEvaluation(c.Request.Context(), id, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.Header("ETag", web.VersionTag(e.Version))
	c.JSON(http.StatusOK, e)
}

func (s *server) apiEvaluationResults(c *gin.Context) {
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	r, err := svc.Results(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *server) apiEvaluationAnswers(c *gin.Context) {
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	id, ok := s.eventID(c, c.Param("id"))
	if !ok {
		return
	}
	list, err := svc.Answers(c.Request.Context(), id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"answers": list})
}

// apiAnswer answers POST /api/v1/registrations/{rid}/evaluation/{phase}:
// 201 with the answer stored, 200 with the stored one when the same
// answer was sent before.
func (s *server) apiAnswer(c *gin.Context) {
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	rid, ok := s.registrationID(c)
	if !ok {
		return
	}
	ph, ok := s.phaseParam(c)
	if !ok {
		return
	}
	var in platform.AnswerInput
	if err := s.DecodeJSON(c, &in); err != nil {
		s.WriteError(c, err)
		return
	}
	a, existed, err := svc.Answer(regContext(c).Request.Context(), rid, ph, in)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	c.JSON(status, a)
}

// The editors' form. Each question has, per language, its text and its
// options one per line (in the same order in every language), and the
// number of its correct option; each statement its text per language. The
// form shows two empty questions and one empty statement more than there
// are; a question or statement left empty in every language is dropped.

type questionView struct {
	N             int // from 1
	Text, Options map[string]string
	Correct       string
}

type statementView struct {
	N    int
	Key  string
	Text map[string]string
}

type evaluationFormView struct {
	EventID, EventTitle, Error string
	Version                    int
	Questions                  []questionView
	Statements                 []statementView
	Languages                  []i18n.Language
	New                        bool
}

func (s *server) evaluationFormView(c *gin.Context, e *platform.Event, in platform.EvaluationInput) evaluationFormView {
	title, _ := e.Title(i18n.Chain(web.Lang(c)))
	v := evaluationFormView{EventID: e.ID, EventTitle: title, Version: in.IfVersion, Languages: i18n.Languages()}
	for _, q := range in.Test {
		qv := questionView{Text: q.Text, Options: map[string]string{}}
		if q.Correct >= 0 && q.Correct < len(q.Options) {
			qv.Correct = strconv.Itoa(q.Correct + 1)
		}
		for _, lang := range platform.Languages() {
			var lines []string
			for _, o := range q.Options {
				if o[lang] != "" {
					lines = append(lines, o[lang])
				}
			}
			qv.Options[lang] = strings.Join(lines, "\n")
		}
		v.Questions = append(v.Questions, qv)
	}
	for range min(2, platform.MaxTestQuestions-len(in.Test)) {
		v.Questions = append(v.Questions, questionView{})
	}
	for i := range v.Questions {
		v.Questions[i].N = i + 1
	}
	for _, st := range in.Satisfaction {
		v.Statements = append(v.Statements, statementView{Key: st.Key, Text: st.Text})
	}
	if len(in.Satisfaction) < platform.MaxSatisfactionStatements {
		v.Statements = append(v.Statements, statementView{})
	}
	for i := range v.Statements {
		v.Statements[i].N = i + 1
	}
	return v
}

// formEvaluation reads the editors' form. A language whose options are not
// as many lines as the question's options is Invalid, naming
// test.N.options.LANG.
func formEvaluation(c *gin.Context) (platform.EvaluationInput, error) {
	var in platform.EvaluationInput
	in.IfVersion, _ = strconv.Atoi(c.PostForm("version"))
	nq, _ := strconv.Atoi(c.PostForm("questions"))
	var lineErr error
	for i := range min(nq, platform.MaxTestQuestions+2) {
		f := "t" + strconv.Itoa(i) + "_"
		q := platform.TestQuestion{Text: map[string]string{}, Correct: -1}
		opts := map[string][]string{}
		n := 0
		for _, lang := range platform.Languages() {
			if t := strings.TrimSpace(c.PostForm(f + "text_" + lang)); t != "" {
				q.Text[lang] = t
			}
			for _, line := range strings.Split(c.PostForm(f+"options_"+lang), "\n") {
				if line = strings.TrimSpace(line); line != "" {
					opts[lang] = append(opts[lang], line)
				}
			}
			n = max(n, len(opts[lang]))
		}
		if len(q.Text) == 0 && n == 0 {
			continue // an empty slot
		}
		for _, lang := range platform.Languages() {
			if k := len(opts[lang]); k != 0 && k != n && lineErr == nil {
				field := fmt.Sprintf("test.%d.options.%s", len(in.Test), lang)
				lineErr = platform.Localized(platform.Invalid, "error.evaluation_option_lines", map[string]any{"Field": field, "Value": k},
					"%s: %d options, others have %d", field, k, n)
			}
		}
		for j := range n {
			o := map[string]string{}
			for lang, lines := range opts {
				if j < len(lines) {
					o[lang] = lines[j]
				}
			}
			q.Options = append(q.Options, o)
		}
		if k, err := strconv.Atoi(strings.TrimSpace(c.PostForm(f + "correct"))); err == nil {
			q.Correct = k - 1
		}
		in.Test = append(in.Test, q)
	}
	ns, _ := strconv.Atoi(c.PostForm("statements"))
	for i := range min(ns, platform.MaxSatisfactionStatements+1) {
		f := "s" + strconv.Itoa(i) + "_"
		st := platform.Statement{Key: c.PostForm(f + "key"), Text: map[string]string{}}
		for _, lang := range platform.Languages() {
			if t := strings.TrimSpace(c.PostForm(f + "text_" + lang)); t != "" {
				st.Text[lang] = t
			}
		}
		if len(st.Text) > 0 {
			in.Satisfaction = append(in.Satisfaction, st)
		}
	}
	return in, lineErr
}

// evaluationForm serves /{lang}/events/{id}/evaluation/edit: the event's
// evaluation, or a new one with the standard questionnaire.
func (s *server) evaluationForm(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	e, ok := s.event(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	id := e.ID
	in := platform.EvaluationInput{Satisfaction: platform.DefaultStatements()}
	ev, err := svc.FindEvaluation(ctx, id)
	switch {
	case err == nil:
		in = ev.Input()
	case platform.ErrorCode(err) != platform.NotFound:
		s.WriteError(c, err)
		return
	}
	v := s.evaluationFormView(c, e, in)
	v.New = ev == nil
	s.Render(c, http.StatusOK, "evaluationform", "events", s.Localizer(c).T("evaluation.edit"), v)
}

func (s *server) evaluationSubmit(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	e, ok := s.event(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	id := e.ID
	in, err := formEvaluation(c)
	if err == nil {
		_, err = svc.SetEvaluation(ctx, id, in)
	}
	if err != nil {
		status, msg := s.Explain(c, err)
		if status >= 500 || status == http.StatusForbidden || status == http.StatusNotFound {
			s.WriteError(c, err)
			return
		}
		v := s.evaluationFormView(c, e, in)
		v.Error = msg
		s.Render(c, status, "evaluationform", "events", s.Localizer(c).T("evaluation.edit"), v)
		return
	}
	c.Redirect(http.StatusSeeOther, "/"+web.Lang(c)+"/events/"+id+"/evaluation/results")
}

// pct writes a share in percent, or a dash when it is not shown.
func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", *p)
}

// points writes a gain in points, signed.
func points(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%+.1f", *p)
}

func rating(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f", *p)
}

type questionRow struct{ Text, Pre, Post, Gain string }

type statementRow struct {
	Text, Mean   string
	Count        int
	Distribution []int
}

type answerRow struct {
	Name, Country, Phase, Score, Comment string
	Ratings                              string
}

// evaluationResultsPage serves /{lang}/events/{id}/evaluation/results to
// the event's editors and the secretariat, with the answers person by
// person for the secretariat.
func (s *server) evaluationResultsPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	e, ok := s.event(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	id := e.ID
	r, err := svc.Results(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	ev, err := svc.FindEvaluation(ctx, id)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	l, lang := s.Localizer(c), web.Lang(c)
	chain := i18n.Chain(lang)
	var questions []questionRow
	for i, q := range r.Questions {
		questions = append(questions, questionRow{Text: pick(ev.Test[i].Text, chain), Pre: pct(q.PreCorrect), Post: pct(q.PostCorrect), Gain: points(q.Gain)})
	}
	var statements []statementRow
	for i, st := range r.Statements {
		statements = append(statements, statementRow{Text: pick(ev.Satisfaction[i].Text, chain), Mean: rating(st.Mean), Count: st.Count, Distribution: st.Distribution})
	}
	var answers []answerRow
	if platform.IsSecretariat(web.User(c)) {
		list, err := svc.Answers(ctx, id)
		if err != nil {
			s.WriteError(c, err)
			return
		}
		for _, a := range list {
			row := answerRow{Name: a.Name, Country: l.T("country." + a.Country), Phase: l.T("evaluation.phase_" + string(a.Phase)), Score: pct(a.Score), Comment: a.Comment}
			if a.Score == nil {
				row.Score = ""
			}
			parts := make([]string, len(a.Ratings))
			for i, v := range a.Ratings {
				parts[i] = strconv.Itoa(v)
			}
			row.Ratings = strings.Join(parts, " ")
			answers = append(answers, row)
		}
	}
	title, _ := e.Title(chain)
	s.Render(c, http.StatusOK, "evaluationresults", "events", l.T("evaluation.results"), map[string]any{
		"EventID": id, "EventTitle": title, "R": r, "PreMean": pct(r.PreMean), "PostMean": pct(r.PostMean), "Gain": points(r.Gain),
		"SatisfactionMean": rating(r.SatisfactionMean), "Questions": questions, "Statements": statements, "Answers": answers,
		"Secretariat": platform.IsSecretariat(web.User(c)),
	})
}

// The participant's pages.

type choiceView struct {
	Value   int
	Text    string
	Checked bool
}

type itemView struct {
	Index   int
	N       int
	Text    string
	Choices []choiceView
}

type answerFormView struct {
	RegistrationID, EventID, EventTitle, Phase, PhaseTitle, Token, Error string
	Test, Answered, Open                                                 bool
	Items                                                                []itemView
	Comment                                                              string
}

func (s *server) answerView(c *gin.Context, p *platform.Participation, ph platform.EvaluationPhase, in platform.AnswerInput) (answerFormView, error) {
	l, lang := s.Localizer(c), web.Lang(c)
	chain := i18n.Chain(lang)
	e, err := s.Events.FindEventByID(platform.NewContextWithUser(c.Request.Context(), platform.System()), p.Registration.EventID)
	if err != nil {
		return answerFormView{}, err
	}
	state, _ := p.Phase(ph)
	v := answerFormView{RegistrationID: p.Registration.ID, EventID: e.ID, Phase: string(ph), PhaseTitle: l.T("evaluation.phase_" + string(ph)),
		Token: registrationToken(c), Test: ph.Test(), Answered: state.Answered, Open: state.Open, Comment: in.Comment}
	v.EventTitle, _ = e.Title(chain)
	chosen := func(list []int, i, v int) bool { return i < len(list) && list[i] == v }
	if ph.Test() {
		for i, q := range p.Evaluation.Test {
			it := itemView{Index: i, N: i + 1, Text: pick(q.Text, chain)}
			for j, o := range q.Options {
				it.Choices = append(it.Choices, choiceView{Value: j, Text: pick(o, chain), Checked: chosen(in.Choices, i, j)})
			}
			v.Items = append(v.Items, it)
		}
	} else {
		for i, st := range p.Evaluation.Satisfaction {
			it := itemView{Index: i, N: i + 1, Text: pick(st.Text, chain)}
			for r := 1; r <= 5; r++ {
				it.Choices = append(it.Choices, choiceView{Value: r, Text: strconv.Itoa(r), Checked: chosen(in.Ratings, i, r)})
			}
			v.Items = append(v.Items, it)
		}
	}
	return v, nil
}

// participation reads the participant's evaluation for a page; a refusal
// (not registered, staff) or a phase the evaluation lacks is an error page.
func (s *server) participation(c *gin.Context) (*platform.Participation, platform.EvaluationPhase, bool) {
	svc, ok := s.evaluations(c)
	if !ok {
		return nil, "", false
	}
	rid, ok := s.registrationID(c)
	if !ok {
		return nil, "", false
	}
	ph, ok := s.phaseParam(c)
	if !ok {
		return nil, "", false
	}
	p, err := svc.Participation(regContext(c).Request.Context(), rid)
	if err == nil && p.Refusal != nil {
		err = p.Refusal
	}
	if err == nil {
		if _, has := p.Phase(ph); !has {
			err = platform.Localized(platform.NotFound, "error.evaluation_none", nil, "no phase %s", ph)
		}
	}
	if err != nil {
		s.WriteError(c, err)
		return nil, "", false
	}
	return p, ph, true
}

// answerForm serves /{lang}/registrations/{rid}/evaluation/{phase}.
func (s *server) answerForm(c *gin.Context) {
	p, ph, ok := s.participation(c)
	if !ok {
		return
	}
	v, err := s.answerView(c, p, ph, platform.AnswerInput{})
	if err != nil {
		s.WriteError(c, err)
		return
	}
	s.Render(c, http.StatusOK, "evaluation", "events", v.PhaseTitle, v)
}

// answerSubmit takes the participant's answers: stored (or the same sent
// again) goes back to the page, which thanks; a refusal shows the form
// again with what was chosen and the reason.
func (s *server) answerSubmit(c *gin.Context) {
	p, ph, ok := s.participation(c)
	if !ok {
		return
	}
	var in platform.AnswerInput
	items := len(p.Evaluation.Satisfaction)
	if ph.Test() {
		items = len(p.Evaluation.Test)
	}
	for i := range items {
		v, err := strconv.Atoi(c.PostForm("q" + strconv.Itoa(i)))
		if err != nil {
			v = -1
			if !ph.Test() {
				v = 0
			}
		}
		if ph.Test() {
			in.Choices = append(in.Choices, v)
		} else {
			in.Ratings = append(in.Ratings, v)
		}
	}
	in.Comment = c.PostForm("comment")
	if _, _, err := s.Evaluations.Answer(c.Request.Context(), p.Registration.ID, ph, in); err != nil {
		status, msg := s.Explain(c, err)
		if status >= 500 {
			s.WriteError(c, err)
			return
		}
		v, verr := s.answerView(c, p, ph, in)
		if verr != nil {
			s.WriteError(c, verr)
			return
		}
		v.Error = msg
		s.Render(c, status, "evaluation", "events", v.PhaseTitle, v)
		return
	}
	u := "/" + web.Lang(c) + "/registrations/" + p.Registration.ID + "/evaluation/" + string(ph)
	if t := registrationToken(c); t != "" {
		u += "?token=" + url.QueryEscape(t)
	}
	c.Redirect(http.StatusSeeOther, u)
}

// evaluationLink is a phase as the registration's page lists it.
type evaluationLink struct {
	Phase, Title string
	Open         bool
	Answered     bool
}

// registrationEvaluation lists the phases a registration's participant
// answers, for the registration's page; none when the event has no
// evaluation or the reader is not the participant with a seat.
func (s *server) registrationEvaluation(c *gin.Context, rid string) []evaluationLink {
	if s.Evaluations == nil {
		return nil
	}
	p, err := s.Evaluations.Participation(c.Request.Context(), rid)
	if err != nil || p.Refusal != nil {
		return nil
	}
	l := s.Localizer(c)
	var out []evaluationLink
	for _, ph := range p.Phases {
		out = append(out, evaluationLink{Phase: string(ph.Phase), Title: l.T("evaluation.phase_" + string(ph.Phase)), Open: ph.Open, Answered: ph.Answered})
	}
	return out
}

// apiParticipation answers GET /api/v1/registrations/{rid}/evaluation: what
// the participant answers, the questions without their correct options and
// the state of each phase, for a client that answers through the API.
func (s *server) apiParticipation(c *gin.Context) {
	svc, ok := s.evaluations(c)
	if !ok {
		return
	}
	rid, ok := s.registrationID(c)
	if !ok {
		return
	}
	p, err := svc.Participation(regContext(c).Request.Context(), rid)
	if err == nil && p.Refusal != nil {
		err = p.Refusal
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}
