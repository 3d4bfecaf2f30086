package match_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
)

// randomCase is a small pool in which conflicts are frequent: few
// countries, bookings crowded into one month, a request in it.
func randomCase(rnd *rand.Rand) (match.Request, []*platform.Expert, []match.Booking, map[string]int) {
	pick := func(list []string) string { return list[rnd.IntN(len(list))] }
	month := date(3, 1)
	at := func() time.Time { return month.Add(time.Duration(rnd.IntN(30*24)) * time.Hour) }
	var req match.Request
	if rnd.IntN(2) == 0 {
		req = match.Request{Kind: match.KindEvent, EventID: fmt.Sprintf("ev%d", rnd.IntN(4))}
		req.Start = at()
		req.End = req.Start.Add(time.Duration(1+rnd.IntN(96)) * time.Hour)
		if rnd.IntN(2) == 0 {
			req.Countries = []string{pick(platform.Countries())}
		}
	} else {
		req = match.Request{Kind: match.KindReview, State: pick(platform.Countries()), Cycle: 1 + rnd.IntN(2)}
		if rnd.IntN(2) == 0 {
			req.Start = platform.Day(at())
			req.End = req.Start.AddDate(0, 0, 1+rnd.IntN(7))
		}
	}
	for range rnd.IntN(3) {
		req.Areas = append(req.Areas, pick(platform.Areas()))
	}
	for range rnd.IntN(5) {
		req.Articles = append(req.Articles, 1+rnd.IntN(20))
	}
	for range rnd.IntN(3) {
		req.Languages = append(req.Languages, pick([]string{"ru", "en", "kk", "uz"}))
	}

	var experts []*platform.Expert
	n := 1 + rnd.IntN(40)
	for i := range n {
		e := &platform.Expert{ID: fmt.Sprintf("x%02d", rnd.IntN(n+5)), Status: platform.ExpertApproved}
		if i%7 == 6 {
			e.Status = []platform.ExpertStatus{platform.ExpertPending, platform.ExpertMerged, platform.ExpertErased}[rnd.IntN(3)]
		}
		e.Country = pick(append(platform.Countries(), "other"))
		e.DoNotPropose = rnd.IntN(8) == 0
		for range rnd.IntN(3) {
			e.Areas = append(e.Areas, pick(platform.Areas()))
		}
		for range rnd.IntN(5) {
			e.Articles = append(e.Articles, 1+rnd.IntN(20))
		}
		for _, l := range []string{"ru", "en", "kk", "uz"} {
			if rnd.IntN(2) == 0 {
				e.Languages = append(e.Languages, platform.LanguageSkill{Lang: l, Level: platform.LanguageLevels()[rnd.IntN(4)]})
			}
		}
		for range rnd.IntN(3) {
			role := platform.IRMRoles()[rnd.IntN(2)]
			e.IRM = append(e.IRM, platform.IRMExperience{Role: role, Cycle: 1 + rnd.IntN(2), State: pick(append(platform.Countries(), "AF"))})
		}
		for range rnd.IntN(3) {
			from := platform.Day(at())
			e.Availability = append(e.Availability, platform.Period{From: from, To: from.AddDate(0, 0, rnd.IntN(10))})
		}
		experts = append(experts, e)
	}
	var bookings []match.Booking
	for range rnd.IntN(30) {
		s := at()
		bookings = append(bookings, match.Booking{ExpertID: fmt.Sprintf("x%02d", rnd.IntN(n+5)), EventID: fmt.Sprintf("ev%d", rnd.IntN(6)),
			Start: s, End: s.Add(time.Duration(1+rnd.IntN(72)) * time.Hour)})
	}
	deliveries := map[string]int{}
	for range rnd.IntN(10) {
		deliveries[fmt.Sprintf("x%02d", rnd.IntN(n+5))] = rnd.IntN(6)
	}
	return req, experts, bookings, deliveries
}

// conflictsOf is the checker's own reading of the conflicts: the
// codes for which e may not be proposed, and the events it is booked on.
func conflictsOf(req match.Request, e *platform.Expert, bookings []match.Booking) ([]match.Code, []string) {
	var codes []match.Code
	if e.DoNotPropose {
		codes = append(codes, match.CodeDoNotPropose)
	}
	if req.Kind == match.KindReview {
		focal := false
		for _, x := range e.IRM {
			focal = focal || x.Role == platform.IRMFocalPoint && x.State == req.State
		}
		if e.Country == req.State || focal {
			codes = append(codes, match.CodeStateUnderReview)
		}
	}
	var events []string
	if !req.Start.IsZero() {
		for _, b := range bookings {
			if b.ExpertID == e.ID && b.EventID != req.EventID && b.Start.Before(req.End) && req.Start.Before(b.End) && !slices.Contains(events, b.EventID) {
				events = append(events, b.EventID)
			}
		}
	}
	slices.Sort(events)
	if len(events) > 0 {
		codes = append(codes, match.CodeBooked)
	}
	return codes, events
}

// checkResult checks a Rank result against the checker's reading of the
// rules.
func checkResult(t *testing.T, req match.Request, experts []*platform.Expert, bookings []match.Booking, res match.Result) {
	t.Helper()
	// The profiles that count: the first approved one of each id.
	first := map[string]*platform.Expert{}
	for _, e := range experts {
		if e.Status == platform.ExpertApproved && first[e.ID] == nil {
			first[e.ID] = e
		}
	}
	listed := map[string]bool{}
	for _, c := range res.Candidates {
		if listed[c.ExpertID] {
			t.Fatalf("%s listed twice", c.ExpertID)
		}
		listed[c.ExpertID] = true
		e := first[c.ExpertID]
		if e == nil {
			t.Fatalf("candidate %s is not an approved profile", c.ExpertID)
		}
		if codes, _ := conflictsOf(req, e, bookings); len(codes) > 0 {
			t.Fatalf("candidate %s has conflicts %v", c.ExpertID, codes)
		}
		sum := 0
		for _, r := range c.Reasons {
			sum += r.Points
		}
		if sum != c.Score {
			t.Fatalf("candidate %s: score %d, reasons sum to %d", c.ExpertID, c.Score, sum)
		}
	}
	for i := 1; i < len(res.Candidates); i++ {
		a, b := res.Candidates[i-1], res.Candidates[i]
		if a.Score < b.Score || a.Score == b.Score && a.ExpertID >= b.ExpertID {
			t.Fatalf("out of order: %s (%d) before %s (%d)", a.ExpertID, a.Score, b.ExpertID, b.Score)
		}
	}
	for i, x := range res.Excluded {
		if listed[x.ExpertID] {
			t.Fatalf("%s both a candidate and excluded", x.ExpertID)
		}
		listed[x.ExpertID] = true
		if i > 0 && res.Excluded[i-1].ExpertID >= x.ExpertID {
			t.Fatalf("exclusions out of order at %s", x.ExpertID)
		}
		e := first[x.ExpertID]
		if e == nil {
			t.Fatalf("excluded %s is not an approved profile", x.ExpertID)
		}
		codes, events := conflictsOf(req, e, bookings)
		var got []match.Code
		var gotEvents []string
		for _, r := range x.Reasons {
			got = append(got, r.Code)
			if r.Code == match.CodeBooked {
				gotEvents = r.EventIDs
			}
		}
		if !slices.Equal(got, codes) || !slices.Equal(gotEvents, events) {
			t.Fatalf("%s excluded for %v %v, the checker says %v %v", x.ExpertID, got, gotEvents, codes, events)
		}
	}
	if req.Limit == 0 && len(listed) != len(first) {
		t.Fatalf("%d profiles listed of %d approved", len(listed), len(first))
	}
}

func TestRankProperties(t *testing.T) {
	// seen tallies the codes met, to show the generator reaches each rule.
	seen := map[match.Code]int{}
	defer func() {
		for _, c := range []match.Code{match.CodeDoNotPropose, match.CodeStateUnderReview, match.CodeBooked, match.CodeArea, match.CodeArticle,
			match.CodeNoTopic, match.CodeLanguage, match.CodeNoLanguage, match.CodeAvailable, match.CodeAvailablePartly, match.CodeUnavailable,
			match.CodeAvailabilityUnknown, match.CodeDelivered, match.CodeCountry, match.CodeIRMReviewer, match.CodeIRMCycle,
			match.CodeIRMFocalPoint, match.CodeOnEvent} {
			if seen[c] == 0 {
				t.Errorf("no random case met %s", c)
			}
		}
	}()
	for seed := range uint64(600) {
		rnd := rand.New(rand.NewPCG(seed, 1))
		req, experts, bookings, deliveries := randomCase(rnd)
		if err := req.Validate(); err != nil {
			t.Fatalf("seed %d: the generator made an invalid request: %v", seed, err)
		}
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			res := match.Rank(req, experts, bookings, deliveries)
			checkResult(t, req, experts, bookings, res)
			for _, c := range res.Candidates {
				for _, r := range c.Reasons {
					seen[r.Code]++
				}
			}
			for _, x := range res.Excluded {
				for _, r := range x.Reasons {
					seen[r.Code]++
				}
			}

			// A limit keeps the first candidates, explained alike, and
			// every exclusion.
			limited := req
			limited.Limit = 1 + rnd.IntN(5)
			part := match.Rank(limited, experts, bookings, deliveries)
			want := res.Candidates[:min(limited.Limit, len(res.Candidates))]
			if !reflect.DeepEqual(part.Candidates, want) || !reflect.DeepEqual(part.Excluded, res.Excluded) {
				t.Fatalf("limit %d: %+v, want %+v", limited.Limit, part, want)
			}

			// Giving a candidate one more of the request's topics never
			// lowers their score, and raises it when they had none.
			areas, articles := req.Areas, req.Articles
			if req.Kind == match.KindReview && len(areas) == 0 && len(articles) == 0 {
				return // the cycle's topics; covered by the table tests
			}
			for _, c := range res.Candidates {
				e := slices.IndexFunc(experts, func(e *platform.Expert) bool { return e.ID == c.ExpertID && e.Status == platform.ExpertApproved })
				before := experts[e]
				more := before.Clone()
				hadTopic := slices.ContainsFunc(c.Reasons, func(r match.Reason) bool {
					return r.Code == match.CodeArea || r.Code == match.CodeArticle
				})
				if a := slices.IndexFunc(areas, func(a string) bool { return !slices.Contains(more.Areas, a) }); a >= 0 {
					more.Areas = append(more.Areas, areas[a])
				} else if n := slices.IndexFunc(articles, func(n int) bool { return !slices.Contains(more.Articles, n) }); n >= 0 {
					more.Articles = append(more.Articles, articles[n])
				} else {
					continue
				}
				pool := slices.Clone(experts)
				pool[e] = more
				after := match.Rank(req, pool, bookings, deliveries)
				i := slices.IndexFunc(after.Candidates, func(x match.Candidate) bool { return x.ExpertID == c.ExpertID })
				if i < 0 {
					t.Fatalf("%s is no longer a candidate with one more topic", c.ExpertID)
				}
				if got := after.Candidates[i].Score; got < c.Score || !hadTopic && got == c.Score {
					t.Fatalf("%s: score %d with one more topic, %d before", c.ExpertID, got, c.Score)
				}
				if !reflect.DeepEqual(after.Excluded, res.Excluded) {
					t.Fatalf("a topic changed the exclusions")
				}
			}
		})
	}
}

// TestRankSyntheticPool checks the rules on the benchmark's pool, for each
// of its requests.
func TestRankSyntheticPool(t *testing.T) {
	s := match.SyntheticPool(2000, 7)
	for i, req := range s.Requests {
		if err := req.Validate(); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		res := match.Rank(req, s.Experts, s.Bookings, s.Deliveries)
		checkResult(t, req, s.Experts, s.Bookings, res)
		if len(res.Candidates) == 0 {
			t.Errorf("request %d (%s): no candidates", i, strings.Join(req.Areas, ","))
		}
	}
}
