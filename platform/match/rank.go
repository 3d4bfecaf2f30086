package match

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// Code names a reason for a candidate's rank or for an expert's exclusion.
// The web layer translates it, with the reason's arguments, into the
// reader's language.
type Code string

// Reasons for a rank. Each adds its Points to the candidate's score.
const (
	// CodeArea: the expert covers the request's thematic areas (Areas).
	CodeArea Code = "area"
	// CodeArticle: the expert covers the request's UNCAC articles
	// (Articles).
	CodeArticle Code = "article"
	// CodeNoTopic: the request has topics and the expert covers none.
	CodeNoTopic Code = "no_topic"
	// CodeLanguage: the expert works in the request's languages
	// (Languages, with their levels, the best first).
	CodeLanguage Code = "language"
	// CodeNoLanguage: the expert works in none of the request's languages
	// at working level or better (Languages: those they speak at basic
	// level, if any).
	CodeNoLanguage Code = "no_language"
	// CodeAvailable: a period the expert gave covers the dates (Period).
	CodeAvailable Code = "available"
	// CodeAvailablePartly: a period the expert gave covers some of the
	// dates but none all of them (Period: the first such).
	CodeAvailablePartly Code = "available_partly"
	// CodeUnavailable: the expert gave periods and none meets the dates.
	CodeUnavailable Code = "unavailable"
	// CodeAvailabilityUnknown: the expert gave no periods.
	CodeAvailabilityUnknown Code = "availability_unknown"
	// CodeDelivered: the expert trained or spoke at Count past events.
	CodeDelivered Code = "delivered"
	// CodeCountry: the event is for one country, the expert's (Country).
	CodeCountry Code = "country"
	// CodeIRMReviewer: the expert reviewed States in the IRM (Count
	// reviews).
	CodeIRMReviewer Code = "irm_reviewer"
	// CodeIRMCycle: one of those reviews was in the cycle of the request
	// (Cycle).
	CodeIRMCycle Code = "irm_cycle"
	// CodeIRMFocalPoint: the expert, never a reviewer, was the focal point
	// of their State's review (Count).
	CodeIRMFocalPoint Code = "irm_focal_point"
	// CodeOnEvent: the expert is booked on the request's event already
	// (EventIDs).
	CodeOnEvent Code = "on_event"
)

// Reasons for an exclusion.
const (
	// CodeDoNotPropose: the expert asked not to be proposed.
	CodeDoNotPropose Code = "do_not_propose"
	// CodeStateUnderReview: the expert is of the State under review, or
	// was the focal point of its review (State).
	CodeStateUnderReview Code = "state_under_review"
	// CodeBooked: the expert is booked on other events at that time
	// (EventIDs).
	CodeBooked Code = "booked"
)

// The weights of the score. Topic fit is the strongest part, then the
// languages; an expert without a working language of the request loses
// more than the rest can give, so they rank below every expert who can
// work in the event, while staying listed with the reason (interpretation
// may still make them useful).
const (
	// Thematic areas: 20 points when the expert covers the request's areas,
	// in proportion when some (two areas are enough for the full points).
	weightAreas, areasEnough = 20, 2
	// UNCAC articles: 30 points when the expert covers three of the
	// request's articles (or all of them when it has fewer), in
	// proportion below.
	weightArticles, articlesEnough = 30, 3
	// Languages: the best of the request's languages the expert works in:
	// native 20, fluent 18, working 14; none at working level −100.
	weightNative, weightFluent, weightWorking, penaltyNoLanguage = 20, 18, 14, -100
	// Availability: a period covering the dates +10, periods that meet only
	// part of them −5, periods that miss them −15, none given 0.
	weightAvailable, penaltyPartly, penaltyUnavailable = 10, -5, -15
	// Past deliveries: 15×(1−½ⁿ) for n events, rounded: 8, 11, 13, 14, 15.
	weightDelivered = 15
	// An event for a single country: +5 for its experts.
	weightCountry = 5
	// Reviews: IRM reviewer +6, and +4 when in the same cycle; focal point
	// of a review (never a reviewer) +3.
	weightIRMReviewer, weightIRMCycle, weightIRMFocalPoint = 6, 4, 3
)

// Reason is one reason for a candidate's rank (its Points add to the score)
// or for an exclusion (no points). Only the arguments its Code names are
// set; lists are in a stable order.
type Reason struct {
	Code   Code `json:"code"`
	Points int  `json:"points"`
	// Areas and Articles are the request's topics the expert covers.
	Areas    []string `json:"areas,omitempty"`
	Articles []int    `json:"articles,omitempty"`
	// Languages are the expert's skills in the request's languages.
	Languages []platform.LanguageSkill `json:"languages,omitempty"`
	Count     int                      `json:"count,omitempty"`
	Cycle     int                      `json:"cycle,omitempty"`
	State     string                   `json:"state,omitempty"`
	Country   string                   `json:"country,omitempty"`
	Period    *platform.Period         `json:"period,omitempty"`
	EventIDs  []string                 `json:"eventIds,omitempty"`
}

// Candidate is an expert proposed, with the score and the reasons that
// make it up (Score is the sum of the reasons' Points).
type Candidate struct {
	ExpertID string   `json:"expertId"`
	Score    int      `json:"score"`
	Reasons  []Reason `json:"reasons"`
}

// Exclusion is an expert left out because of a conflict, with every
// conflict found (do_not_propose, state_under_review, booked, in that
// order).
type Exclusion struct {
	ExpertID string   `json:"expertId"`
	Reasons  []Reason `json:"reasons"`
}

// Result is the answer to a request: the candidates, best first, and the
// experts excluded, by id.
type Result struct {
	Candidates []Candidate `json:"candidates"`
	Excluded   []Exclusion `json:"excluded"`
}

// Rank proposes experts for req (call req.Validate first): every approved
// profile among experts is either a candidate or excluded; pending, merged
// and erased ones are skipped silently, as is a second profile with an id
// seen already. bookings are the experts' commitments; deliveries counts
// the past events each expert (by id) trained or spoke at.
//
// An expert is excluded when they asked not to be proposed, when the
// request is a review and they are of the State under review (or were the
// focal point of its review), or when a booking on another event overlaps
// the request's dates. The others are scored from −115 to 100 (105 for a
// review), as the sum of:
//
//   - topic fit, up to 50: thematic areas up to 20 (in proportion of the
//     request's areas covered, two being enough for all 20) and UNCAC
//     articles up to 30 (three being enough); a review without topics
//     takes its cycle's chapters and areas;
//   - languages, when the request names any, the best of them the expert
//     works in: native 20, fluent 18, working 14; none at working level or
//     better −100, which puts the expert below every one who can (whose
//     score is −1 at worst, while theirs is −15 at best);
//   - availability, when the request has dates: a period covering them
//     +10, periods covering only part of them −5, periods missing them
//     −15, no periods given 0 (availability_unknown);
//   - past deliveries, with diminishing returns: 15×(1−½ⁿ) rounded;
//   - for an event for one country, +5 for that country's experts;
//   - for a review, IRM reviewer experience +6 and +4 more in the same
//     cycle, or focal point experience +3.
//
// Candidates are ordered by score, highest first, then by id; Limit keeps
// the first ones.
func Rank(req Request, experts []*platform.Expert, bookings []Booking, deliveries map[string]int) Result {
	s := newScorer(&req)
	conflicts := map[string][]string{}
	onEvent := map[string]bool{}
	for _, b := range bookings {
		switch {
		case req.EventID != "" && b.EventID == req.EventID:
			onEvent[b.ExpertID] = true
		case s.dated && b.overlaps(req.Start, req.End):
			conflicts[b.ExpertID] = append(conflicts[b.ExpertID], b.EventID)
		}
	}
	// Score everyone, then explain the candidates kept: the reasons of
	// thousands of candidates cost more than their scores, and a page
	// shows a few dozen.
	type scored struct {
		e         *platform.Expert
		score     int
		delivered int
		onEvent   bool
		size      sizes
	}
	ranked := make([]scored, 0, len(experts))
	res := Result{Excluded: []Exclusion{}}
	s.arena.grow(sizes{reasons: 8, strs: 4, ints: 72, langs: platform.MaxExpertListItems, periods: 1})
	seen := make(map[string]bool, len(experts))
	for _, e := range experts {
		if e == nil || e.Status != platform.ExpertApproved || seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		var booked []string
		if len(conflicts) > 0 {
			booked = conflicts[e.ID]
		}
		if ex := s.conflicts(e, booked); len(ex) > 0 {
			res.Excluded = append(res.Excluded, Exclusion{ExpertID: e.ID, Reasons: ex})
			continue
		}
		r := scored{e: e, delivered: deliveries[e.ID], onEvent: len(onEvent) > 0 && onEvent[e.ID]}
		var c Candidate
		c, r.size = s.score(e, r.delivered, r.onEvent, false)
		r.score = c.Score
		ranked = append(ranked, r)
	}
	slices.SortFunc(res.Excluded, func(a, b Exclusion) int { return strings.Compare(a.ExpertID, b.ExpertID) })

	// Order by score with a counting sort (scores are integers in a short
	// range), then by id within each score, only as far as the limit:
	// sorting thousands of candidates by id costs more than scoring them.
	keep := len(ranked)
	if req.Limit > 0 {
		keep = min(keep, req.Limit)
	}
	order := make([]int32, 0, len(ranked))
	if len(ranked) > 0 {
		lo, hi := ranked[0].score, ranked[0].score
		for _, r := range ranked {
			lo, hi = min(lo, r.score), max(hi, r.score)
		}
		next := make([]int32, hi-lo+2) // next[hi-score]: where that score's run starts
		for _, r := range ranked {
			next[hi-r.score+1]++
		}
		for i := 1; i < len(next); i++ {
			next[i] += next[i-1]
		}
		order = order[:len(ranked)]
		for i, r := range ranked {
			order[next[hi-r.score]] = int32(i)
			next[hi-r.score]++
		}
		for from := 0; from < keep; {
			to := from + 1
			for to < len(order) && ranked[order[to]].score == ranked[order[from]].score {
				to++
			}
			slices.SortFunc(order[from:to], func(a, b int32) int { return strings.Compare(ranked[a].e.ID, ranked[b].e.ID) })
			from = to
		}
	}
	order = order[:keep]

	var total sizes
	for _, i := range order {
		total = total.plus(ranked[i].size)
	}
	s.arena.grow(total)
	res.Candidates = make([]Candidate, len(order))
	for k, i := range order {
		r := &ranked[i]
		res.Candidates[k], _ = s.score(r.e, r.delivered, r.onEvent, true)
	}
	return res
}

// scorer holds what the request's scoring needs, prepared once.
type scorer struct {
	req      *Request
	arena    arena
	areas    []string
	articles [72]bool // by UNCAC article number
	nArticle int
	langs    []string
	// dated is set when the request has a period; lastDay is its last
	// calendar day (End is excluded).
	dated           bool
	lastDay         time.Time
	nationalCountry string
}

func newScorer(req *Request) *scorer {
	s := &scorer{req: req}
	areas, articles := req.topics()
	for _, a := range areas {
		if !slices.Contains(s.areas, a) {
			s.areas = append(s.areas, a)
		}
	}
	for _, n := range articles {
		if n > 0 && n < len(s.articles) && !s.articles[n] {
			s.articles[n] = true
			s.nArticle++
		}
	}
	for _, l := range req.Languages {
		if !slices.Contains(s.langs, l) {
			s.langs = append(s.langs, l)
		}
	}
	if !req.Start.IsZero() && req.End.After(req.Start) {
		s.dated = true
		s.lastDay = platform.Day(req.End.Add(-time.Nanosecond))
	}
	if req.Kind == KindEvent && len(req.Countries) == 1 {
		s.nationalCountry = req.Countries[0]
	}
	return s
}

// conflicts lists the reasons e may not be proposed; booked are the
// events of e's bookings that overlap the request.
func (s *scorer) conflicts(e *platform.Expert, booked []string) []Reason {
	var out []Reason
	if e.DoNotPropose {
		out = append(out, Reason{Code: CodeDoNotPropose})
	}
	if s.req.Kind == KindReview && s.req.State != "" {
		own := e.Country == s.req.State || slices.ContainsFunc(e.IRM, func(x platform.IRMExperience) bool {
			return x.Role == platform.IRMFocalPoint && x.State == s.req.State
		})
		if own {
			out = append(out, Reason{Code: CodeStateUnderReview, State: s.req.State})
		}
	}
	if len(booked) > 0 {
		ids := slices.Clone(booked)
		slices.Sort(ids)
		out = append(out, Reason{Code: CodeBooked, EventIDs: slices.Compact(ids)})
	}
	return out
}

// proportion is weight×min(n, enough)/enough, rounded, with enough no
// more than total.
func proportion(weight, n, total, enough int) int {
	k := min(total, enough)
	if k == 0 {
		return 0
	}
	return (2*weight*min(n, k) + k) / (2 * k)
}

// score is e's rank for the request, with its reasons.
// It also returns the room the reasons took in the arena.
//
// Without explain, the reasons are left out (they are built all the same,
// in room the next call reuses): the score alone, to rank.
func (s *scorer) score(e *platform.Expert, delivered int, onEvent, explain bool) (Candidate, sizes) {
	c := Candidate{ExpertID: e.ID}
	a := &s.arena
	base := a.lens()
	first := len(a.reasons)
	add := func(r Reason) {
		c.Score += r.Points
		a.reasons = append(a.reasons, r)
	}

	start := len(a.strs)
	for _, x := range s.areas {
		if slices.Contains(e.Areas, x) {
			a.strs = append(a.strs, x)
		}
	}
	areas := piece(a.strs, start)
	start = len(a.ints)
	for _, n := range e.Articles {
		if n > 0 && n < len(s.articles) && s.articles[n] && !slices.Contains(a.ints[start:], n) {
			a.ints = append(a.ints, n)
		}
	}
	articles := piece(a.ints, start)
	slices.Sort(articles)
	if len(areas) > 0 {
		add(Reason{Code: CodeArea, Points: proportion(weightAreas, len(areas), len(s.areas), areasEnough), Areas: areas})
	}
	if len(articles) > 0 {
		add(Reason{Code: CodeArticle, Points: proportion(weightArticles, len(articles), s.nArticle, articlesEnough), Articles: articles})
	}
	if len(areas) == 0 && len(articles) == 0 && (len(s.areas) > 0 || s.nArticle > 0) {
		add(Reason{Code: CodeNoTopic})
	}

	if len(s.langs) > 0 {
		// The skills at working level or better, the best first (the
		// request's order among equals); else those at basic level.
		start := len(a.langs)
		best := 0
		for lvl := levelNative; lvl >= levelBasic; lvl-- {
			if lvl < levelWorking && len(a.langs) > start {
				break
			}
			for _, l := range s.langs {
				for _, k := range e.Languages {
					if k.Lang == l && levelRank(k.Level) == lvl {
						a.langs = append(a.langs, k)
						best = max(best, lvl)
					}
				}
			}
		}
		skills := piece(a.langs, start)
		switch best {
		case levelNative:
			add(Reason{Code: CodeLanguage, Points: weightNative, Languages: skills})
		case levelFluent:
			add(Reason{Code: CodeLanguage, Points: weightFluent, Languages: skills})
		case levelWorking:
			add(Reason{Code: CodeLanguage, Points: weightWorking, Languages: skills})
		default:
			add(Reason{Code: CodeNoLanguage, Points: penaltyNoLanguage, Languages: skills})
		}
	}

	if s.dated {
		add(s.availability(&e.ExpertProfile))
	}

	if delivered > 0 {
		pts := int(math.Round(weightDelivered * (1 - math.Pow(0.5, float64(delivered)))))
		add(Reason{Code: CodeDelivered, Points: pts, Count: delivered})
	}

	if s.nationalCountry != "" && e.Country == s.nationalCountry {
		add(Reason{Code: CodeCountry, Points: weightCountry, Country: e.Country})
	}

	if s.req.Kind == KindReview {
		reviews, focal, sameCycle := 0, 0, false
		for _, x := range e.IRM {
			switch x.Role {
			case platform.IRMReviewer:
				reviews++
				sameCycle = sameCycle || x.Cycle == s.req.Cycle
			case platform.IRMFocalPoint:
				focal++
			}
		}
		switch {
		case reviews > 0:
			add(Reason{Code: CodeIRMReviewer, Points: weightIRMReviewer, Count: reviews})
			if sameCycle {
				add(Reason{Code: CodeIRMCycle, Points: weightIRMCycle, Cycle: s.req.Cycle})
			}
		case focal > 0:
			add(Reason{Code: CodeIRMFocalPoint, Points: weightIRMFocalPoint, Count: focal})
		}
	}

	if onEvent {
		add(Reason{Code: CodeOnEvent, EventIDs: []string{s.req.EventID}})
	}
	used := a.lens().minus(base)
	if explain {
		c.Reasons = piece(a.reasons, first)
	} else {
		a.truncate(base)
	}
	return c, used
}

// The levels' strengths, as platform.LanguageLevel.Rank gives them.
const (
	levelBasic = iota + 1
	levelWorking
	levelFluent
	levelNative
)

// levelRank is l.Rank() without the list it allocates, for the scoring
// loop.
func levelRank(l platform.LanguageLevel) int {
	switch l {
	case platform.LevelNative:
		return levelNative
	case platform.LevelFluent:
		return levelFluent
	case platform.LevelWorking:
		return levelWorking
	case platform.LevelBasic:
		return levelBasic
	}
	return 0
}

// arena holds the reasons of a Rank and their lists in a few large
// slices, which each candidate's take capped pieces of: thousands of small
// allocations cost more than the scoring itself.
type arena struct {
	reasons []Reason
	strs    []string
	ints    []int
	langs   []platform.LanguageSkill
	periods []platform.Period
}

// sizes measures an arena: the lengths of its slices.
type sizes struct{ reasons, strs, ints, langs, periods int }

func (z sizes) plus(o sizes) sizes {
	return sizes{z.reasons + o.reasons, z.strs + o.strs, z.ints + o.ints, z.langs + o.langs, z.periods + o.periods}
}

func (z sizes) minus(o sizes) sizes {
	return sizes{z.reasons - o.reasons, z.strs - o.strs, z.ints - o.ints, z.langs - o.langs, z.periods - o.periods}
}

func (a *arena) lens() sizes {
	return sizes{len(a.reasons), len(a.strs), len(a.ints), len(a.langs), len(a.periods)}
}

// truncate drops what was appended since the arena measured z.
func (a *arena) truncate(z sizes) {
	a.reasons, a.strs, a.ints = a.reasons[:z.reasons], a.strs[:z.strs], a.ints[:z.ints]
	a.langs, a.periods = a.langs[:z.langs], a.periods[:z.periods]
}

// grow gives the arena new, empty slices with room for z: what the
// candidates kept took when they were scored.
func (a *arena) grow(z sizes) {
	a.reasons = make([]Reason, 0, z.reasons)
	a.strs = make([]string, 0, z.strs)
	a.ints = make([]int, 0, z.ints)
	a.langs = make([]platform.LanguageSkill, 0, z.langs)
	a.periods = make([]platform.Period, 0, z.periods)
}

// availability is the reason the expert's periods give for the request's
// dates.
func (s *scorer) availability(p *platform.ExpertProfile) Reason {
	if len(p.Availability) == 0 {
		return Reason{Code: CodeAvailabilityUnknown}
	}
	from := s.req.Start
	if span, ok := p.Covering(from, s.lastDay); ok {
		return Reason{Code: CodeAvailable, Points: weightAvailable, Period: s.arena.period(span)}
	}
	partly := -1
	for i, a := range p.Availability {
		if partly < 0 && a.Overlaps(from, s.lastDay) {
			partly = i
		}
	}
	if partly >= 0 {
		return Reason{Code: CodeAvailablePartly, Points: penaltyPartly, Period: s.arena.period(p.Availability[partly])}
	}
	return Reason{Code: CodeUnavailable, Points: penaltyUnavailable}
}

// period is a copy of p in the arena. The pointers handed out earlier
// stay valid when the arena grows: they keep the array they point into.
func (a *arena) period(p platform.Period) *platform.Period {
	a.periods = append(a.periods, p)
	return &a.periods[len(a.periods)-1]
}

// piece is what was appended to an arena slice since start: capped, so
// that later appends never write into it, and nil when empty.
func piece[T any](s []T, start int) []T {
	if len(s) == start {
		return nil
	}
	return s[start:len(s):len(s)]
}
