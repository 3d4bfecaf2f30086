package match_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
)

// eventRequest is a training on prevention and articles 5 and 6, in
// Russian, from 10 March 04:00 to 12 March 12:00 UTC, for Kazakhstan and
// Kyrgyzstan.
func eventRequest() match.Request {
	return match.Request{Kind: match.KindEvent, EventID: "ev1", Areas: []string{"prevention"}, Articles: []int{5, 6},
		Languages: []string{"ru"}, Start: day1, End: day3, Countries: []string{"KZ", "KG"}}
}

// reviewRequest is a cycle 1 review of Uzbekistan in Russian, without
// dates.
func reviewRequest() match.Request {
	return match.Request{Kind: match.KindReview, State: "UZ", Cycle: 1, Languages: []string{"ru"}}
}

// expert is an approved Kazakh expert on prevention and article 5, a
// native Russian speaker who gave no availability.
func expert(id string) *platform.Expert {
	return &platform.Expert{ID: id, Status: platform.ExpertApproved, ExpertProfile: platform.ExpertProfile{
		NameLatin: "Expert " + id, Country: "KZ", Areas: []string{"prevention"}, Articles: []int{5},
		Languages: []platform.LanguageSkill{{Lang: "ru", Level: platform.LevelNative}}}}
}

func date(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

func period(from, to time.Time) platform.Period { return platform.Period{From: from, To: to} }

// rankOne ranks a single expert and returns their candidacy or exclusion.
func rankOne(t *testing.T, req match.Request, e *platform.Expert, bookings []match.Booking, deliveries map[string]int) (*match.Candidate, *match.Exclusion) {
	t.Helper()
	if err := req.Validate(); err != nil {
		t.Fatalf("request: %v", err)
	}
	res := match.Rank(req, []*platform.Expert{e}, bookings, deliveries)
	switch {
	case len(res.Candidates)+len(res.Excluded) != 1:
		t.Fatalf("Rank = %+v, want the expert once", res)
	case len(res.Candidates) == 1:
		c := res.Candidates[0]
		sum := 0
		for _, r := range c.Reasons {
			sum += r.Points
		}
		if sum != c.Score {
			t.Errorf("score %d is not the sum of the reasons' points %d", c.Score, sum)
		}
		return &c, nil
	}
	return nil, &res.Excluded[0]
}

func reasonOf(c *match.Candidate, code match.Code) *match.Reason {
	for i := range c.Reasons {
		if c.Reasons[i].Code == code {
			return &c.Reasons[i]
		}
	}
	return nil
}

func TestRankReasons(t *testing.T) {
	type setup struct {
		req        match.Request
		e          *platform.Expert
		bookings   []match.Booking
		deliveries map[string]int
	}
	tests := []struct {
		name   string
		change func(*setup)
		want   match.Reason
		absent []match.Code
	}{
		{"an expert covering the event's one area gets the 20 area points", nil,
			match.Reason{Code: match.CodeArea, Points: 20, Areas: []string{"prevention"}}, nil},
		{"an expert covering one of two areas gets half of them", func(s *setup) { s.req.Areas = []string{"private_sector", "prevention"} },
			match.Reason{Code: match.CodeArea, Points: 10, Areas: []string{"prevention"}}, nil},
		{"two areas of three are enough for all the area points", func(s *setup) {
			s.req.Areas = []string{"private_sector", "prevention", "asset_recovery"}
			s.e.Areas = []string{"prevention", "private_sector"}
		}, match.Reason{Code: match.CodeArea, Points: 20, Areas: []string{"private_sector", "prevention"}}, nil},
		{"an expert covering one of two articles gets half the article points", nil,
			match.Reason{Code: match.CodeArticle, Points: 15, Articles: []int{5}}, nil},
		{"three articles of many are enough for all the article points", func(s *setup) {
			s.req.Articles = []int{5, 6, 7, 8, 9, 10, 11, 12}
			s.e.Articles = []int{5, 6, 7, 40}
		}, match.Reason{Code: match.CodeArticle, Points: 30, Articles: []int{5, 6, 7}}, nil},
		{"an expert covering none of the topics is told so, for no points", func(s *setup) {
			s.e.Areas, s.e.Articles = []string{"asset_recovery"}, []int{40}
		}, match.Reason{Code: match.CodeNoTopic}, []match.Code{match.CodeArea, match.CodeArticle}},
		{"a native speaker of the working language gets 20", nil,
			match.Reason{Code: match.CodeLanguage, Points: 20, Languages: []platform.LanguageSkill{{Lang: "ru", Level: platform.LevelNative}}}, nil},
		{"a fluent speaker gets 18", func(s *setup) { s.e.Languages[0].Level = platform.LevelFluent },
			match.Reason{Code: match.CodeLanguage, Points: 18, Languages: []platform.LanguageSkill{{Lang: "ru", Level: platform.LevelFluent}}}, nil},
		{"a speaker at working level gets 14", func(s *setup) { s.e.Languages[0].Level = platform.LevelWorking },
			match.Reason{Code: match.CodeLanguage, Points: 14, Languages: []platform.LanguageSkill{{Lang: "ru", Level: platform.LevelWorking}}}, nil},
		{"the best working language counts and every one is listed, the best first", func(s *setup) {
			s.req.Languages = []string{"en", "ru", "kk"}
			s.e.Languages = []platform.LanguageSkill{{Lang: "kk", Level: platform.LevelWorking}, {Lang: "en", Level: platform.LevelWorking},
				{Lang: "ru", Level: platform.LevelFluent}, {Lang: "fr", Level: platform.LevelNative}}
		}, match.Reason{Code: match.CodeLanguage, Points: 18, Languages: []platform.LanguageSkill{
			{Lang: "ru", Level: platform.LevelFluent}, {Lang: "en", Level: platform.LevelWorking}, {Lang: "kk", Level: platform.LevelWorking}}}, nil},
		{"an expert with basic Russian only loses 100 points, the reason naming the level", func(s *setup) {
			s.e.Languages = []platform.LanguageSkill{{Lang: "en", Level: platform.LevelNative}, {Lang: "ru", Level: platform.LevelBasic}}
		}, match.Reason{Code: match.CodeNoLanguage, Points: -100, Languages: []platform.LanguageSkill{{Lang: "ru", Level: platform.LevelBasic}}},
			[]match.Code{match.CodeLanguage}},
		{"an expert without the working language loses 100 points", func(s *setup) {
			s.e.Languages = []platform.LanguageSkill{{Lang: "en", Level: platform.LevelNative}}
		}, match.Reason{Code: match.CodeNoLanguage, Points: -100}, nil},
		{"a period covering the dates adds 10", func(s *setup) {
			s.e.Availability = []platform.Period{period(date(1, 1), date(2, 1)), period(date(3, 1), date(3, 31))}
		}, match.Reason{Code: match.CodeAvailable, Points: 10, Period: &platform.Period{From: date(3, 1), To: date(3, 31)}}, nil},
		{"an event ending at midnight does not need the next day", func(s *setup) {
			s.req.End = date(3, 13)
			s.e.Availability = []platform.Period{period(date(3, 10), date(3, 12))}
		}, match.Reason{Code: match.CodeAvailable, Points: 10, Period: &platform.Period{From: date(3, 10), To: date(3, 12)}}, nil},
		{"a period covering part of the dates takes 5", func(s *setup) {
			s.e.Availability = []platform.Period{period(date(2, 1), date(2, 20)), period(date(3, 11), date(3, 31))}
		}, match.Reason{Code: match.CodeAvailablePartly, Points: -5, Period: &platform.Period{From: date(3, 11), To: date(3, 31)}}, nil},
		{"periods missing the dates take 15", func(s *setup) {
			s.e.Availability = []platform.Period{period(date(4, 1), date(4, 30))}
		}, match.Reason{Code: match.CodeUnavailable, Points: -15}, nil},
		{"an expert who gave no periods is of unknown availability, for no points", nil,
			match.Reason{Code: match.CodeAvailabilityUnknown}, nil},
		{"a review without dates says nothing of availability", func(s *setup) {
			s.req = reviewRequest()
			s.e.Availability = []platform.Period{period(date(4, 1), date(4, 30))}
		}, match.Reason{Code: match.CodeLanguage, Points: 20, Languages: []platform.LanguageSkill{{Lang: "ru", Level: platform.LevelNative}}},
			[]match.Code{match.CodeAvailable, match.CodeUnavailable, match.CodeAvailabilityUnknown}},
		{"one past delivery adds 8", func(s *setup) { s.deliveries = map[string]int{"x": 1} },
			match.Reason{Code: match.CodeDelivered, Points: 8, Count: 1}, nil},
		{"three past deliveries add 13", func(s *setup) { s.deliveries = map[string]int{"x": 3} },
			match.Reason{Code: match.CodeDelivered, Points: 13, Count: 3}, nil},
		{"ten past deliveries add no more than 15", func(s *setup) { s.deliveries = map[string]int{"x": 10} },
			match.Reason{Code: match.CodeDelivered, Points: 15, Count: 10}, nil},
		{"an expert of the one country a national event is for gets 5", func(s *setup) { s.req.Countries = []string{"KZ"} },
			match.Reason{Code: match.CodeCountry, Points: 5, Country: "KZ"}, nil},
		{"a regional event favours no country", nil, match.Reason{Code: match.CodeArea, Points: 20, Areas: []string{"prevention"}},
			[]match.Code{match.CodeCountry}},
		{"a review without topics takes its cycle's areas and articles", func(s *setup) {
			s.req = reviewRequest()
			s.e.Areas, s.e.Articles = []string{"criminalization", "prevention"}, []int{5, 15, 16}
		}, match.Reason{Code: match.CodeArticle, Points: 20, Articles: []int{15, 16}}, nil},
		{"an IRM reviewer in another cycle gets 6", func(s *setup) {
			s.req = reviewRequest()
			s.e.IRM = []platform.IRMExperience{{Role: platform.IRMReviewer, Cycle: 2, State: "AF"}, {Role: platform.IRMReviewer, Cycle: 2, State: "MN"}}
		}, match.Reason{Code: match.CodeIRMReviewer, Points: 6, Count: 2}, []match.Code{match.CodeIRMCycle}},
		{"an IRM reviewer in the same cycle gets 4 more", func(s *setup) {
			s.req = reviewRequest()
			s.e.IRM = []platform.IRMExperience{{Role: platform.IRMReviewer, Cycle: 1, State: "AF"}}
		}, match.Reason{Code: match.CodeIRMCycle, Points: 4, Cycle: 1}, nil},
		{"the focal point of another State's review gets 3", func(s *setup) {
			s.req = reviewRequest()
			s.e.IRM = []platform.IRMExperience{{Role: platform.IRMFocalPoint, Cycle: 1, State: "KZ"}}
		}, match.Reason{Code: match.CodeIRMFocalPoint, Points: 3, Count: 1}, nil},
		{"IRM experience does not count for an event", func(s *setup) {
			s.e.IRM = []platform.IRMExperience{{Role: platform.IRMReviewer, Cycle: 1, State: "AF"}}
		}, match.Reason{Code: match.CodeArea, Points: 20, Areas: []string{"prevention"}}, []match.Code{match.CodeIRMReviewer, match.CodeIRMCycle}},
		{"an expert booked on this very event is listed with it, not excluded", func(s *setup) {
			s.bookings = []match.Booking{{ExpertID: "x", EventID: "ev1", Start: day1, End: day3}}
		}, match.Reason{Code: match.CodeOnEvent, EventIDs: []string{"ev1"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := setup{req: eventRequest(), e: expert("x")}
			if tt.change != nil {
				tt.change(&s)
			}
			c, ex := rankOne(t, s.req, s.e, s.bookings, s.deliveries)
			if ex != nil {
				t.Fatalf("excluded: %+v", ex)
			}
			got := reasonOf(c, tt.want.Code)
			if got == nil || !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("reason %+v, want %+v (all: %+v)", got, tt.want, c.Reasons)
			}
			for _, code := range tt.absent {
				if r := reasonOf(c, code); r != nil {
					t.Errorf("unexpected reason %+v", *r)
				}
			}
		})
	}
}

func TestRankExclusions(t *testing.T) {
	ev2 := match.Booking{ExpertID: "x", EventID: "ev2", Start: day1.Add(-24 * time.Hour), End: day1.Add(time.Hour)}
	ev3 := match.Booking{ExpertID: "x", EventID: "ev3", Start: day3.Add(-time.Hour), End: day3.Add(48 * time.Hour)}
	tests := []struct {
		name     string
		req      match.Request
		change   func(*platform.Expert)
		bookings []match.Booking
		want     []match.Reason // nil: a candidate
	}{
		{"an expert who asked not to be proposed is excluded", eventRequest(), func(e *platform.Expert) { e.DoNotPropose = true }, nil,
			[]match.Reason{{Code: match.CodeDoNotPropose}}},
		{"an expert of the State under review is excluded", reviewRequest(), func(e *platform.Expert) { e.Country = "UZ" }, nil,
			[]match.Reason{{Code: match.CodeStateUnderReview, State: "UZ"}}},
		{"the focal point of the State's review is excluded wherever they work now", reviewRequest(), func(e *platform.Expert) {
			e.Country = "other"
			e.IRM = []platform.IRMExperience{{Role: platform.IRMFocalPoint, Cycle: 2, State: "UZ"}}
		}, nil, []match.Reason{{Code: match.CodeStateUnderReview, State: "UZ"}}},
		{"a reviewer who reviewed the State before is no conflict", reviewRequest(), func(e *platform.Expert) {
			e.IRM = []platform.IRMExperience{{Role: platform.IRMReviewer, Cycle: 2, State: "UZ"}}
		}, nil, nil},
		{"an expert of the host country is no conflict for an event", eventRequest(), func(e *platform.Expert) { e.Country = "UZ" }, nil, nil},
		{"an expert booked on another event at that time is excluded, naming it", eventRequest(), nil, []match.Booking{ev2},
			[]match.Reason{{Code: match.CodeBooked, EventIDs: []string{"ev2"}}}},
		{"a booking ending as the event starts is no conflict", eventRequest(), nil,
			[]match.Booking{{ExpertID: "x", EventID: "ev2", Start: day1.Add(-time.Hour), End: day1}}, nil},
		{"a booking of another expert is no conflict", eventRequest(), nil,
			[]match.Booking{{ExpertID: "y", EventID: "ev2", Start: day1, End: day3}}, nil},
		{"a review with dates excludes the experts booked then", datedReview(), nil, []match.Booking{ev3}, []match.Reason{{Code: match.CodeBooked, EventIDs: []string{"ev3"}}}},
		{"a review without dates excludes no booked expert", reviewRequest(), nil, []match.Booking{ev2, ev3}, nil},
		{"every conflict is listed, each booking once", datedReview(), func(e *platform.Expert) {
			e.DoNotPropose, e.Country = true, "UZ"
		}, []match.Booking{ev3, ev2, ev3}, []match.Reason{{Code: match.CodeDoNotPropose}, {Code: match.CodeStateUnderReview, State: "UZ"},
			{Code: match.CodeBooked, EventIDs: []string{"ev2", "ev3"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := expert("x")
			if tt.change != nil {
				tt.change(e)
			}
			c, ex := rankOne(t, tt.req, e, tt.bookings, nil)
			switch {
			case tt.want == nil && ex != nil:
				t.Errorf("excluded: %+v", ex)
			case tt.want != nil && ex == nil:
				t.Errorf("a candidate: %+v", c)
			case tt.want != nil && !reflect.DeepEqual(ex.Reasons, tt.want):
				t.Errorf("exclusion %+v, want %+v", ex.Reasons, tt.want)
			}
		})
	}
}

func TestRankListsApprovedProfilesOnly(t *testing.T) {
	var pool []*platform.Expert
	for _, st := range []platform.ExpertStatus{platform.ExpertApproved, platform.ExpertPending, platform.ExpertMerged, platform.ExpertErased} {
		e := expert(string(st))
		e.Status = st
		pool = append(pool, e)
	}
	excluded := expert("pending-excluded")
	excluded.Status, excluded.DoNotPropose = platform.ExpertPending, true
	again := expert("approved")
	again.Areas = nil
	pool = append(pool, excluded, nil, again)
	res := match.Rank(eventRequest(), pool, nil, nil)
	if len(res.Candidates) != 1 || res.Candidates[0].ExpertID != "approved" || res.Candidates[0].Score != 20+15+20 || len(res.Excluded) != 0 {
		t.Errorf("Rank = %+v, want the approved profile alone, as first given", res)
	}
}

func TestRankOrder(t *testing.T) {
	// c: topic and language (55); a and b: the same without article 5
	// (40), by id; d: no language (35−100).
	a, b, c, d := expert("a"), expert("b"), expert("c"), expert("d")
	a.Articles, b.Articles = nil, nil
	d.Languages = nil
	pool := []*platform.Expert{d, b, c, a}
	res := match.Rank(eventRequest(), pool, nil, nil)
	var got []string
	var scores []int
	for _, x := range res.Candidates {
		got, scores = append(got, x.ExpertID), append(scores, x.Score)
	}
	if !slices.Equal(got, []string{"c", "a", "b", "d"}) || !slices.Equal(scores, []int{55, 40, 40, -65}) {
		t.Errorf("order %v scores %v, want [c a b d] [55 40 40 -65]", got, scores)
	}
	req := eventRequest()
	req.Limit = 2
	res = match.Rank(req, pool, nil, nil)
	if len(res.Candidates) != 2 || res.Candidates[0].ExpertID != "c" || res.Candidates[1].ExpertID != "a" || len(res.Candidates[1].Reasons) == 0 {
		t.Errorf("limited to 2: %+v", res.Candidates)
	}
}

func TestRankWithoutLanguageRanksFarBelow(t *testing.T) {
	// The best expert without the language is below the weakest one with
	// it: all topics, available, delivering often, against a working
	// speaker who covers no topic and is away.
	star, plain := expert("star"), expert("plain")
	star.Languages = []platform.LanguageSkill{{Lang: "en", Level: platform.LevelNative}, {Lang: "ru", Level: platform.LevelBasic}}
	star.Articles = []int{5, 6}
	star.Availability = []platform.Period{period(date(3, 1), date(3, 31))}
	plain.Areas, plain.Articles = nil, nil
	plain.Languages[0].Level = platform.LevelWorking
	plain.Availability = []platform.Period{period(date(5, 1), date(5, 31))}
	res := match.Rank(eventRequest(), []*platform.Expert{star, plain}, nil, map[string]int{"star": 9})
	if len(res.Candidates) != 2 || res.Candidates[0].ExpertID != "plain" {
		t.Fatalf("Rank = %+v, want plain first", res.Candidates)
	}
	if last := res.Candidates[1]; last.ExpertID != "star" || reasonOf(&last, match.CodeNoLanguage) == nil {
		t.Errorf("star listed without the reason: %+v", last)
	}
}

// datedReview is reviewRequest for the week from 10 March.
func datedReview() match.Request {
	r := reviewRequest()
	r.Start, r.End = date(3, 10), date(3, 17)
	return r
}
