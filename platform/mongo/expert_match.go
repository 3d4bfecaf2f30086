package mongo

import (
	"cmp"
	"context"
	"slices"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
)

// MatchExperts proposes experts for an event or an IRM review
// (match.Rank) from the whole pool: the secretariat's tool, since it reads
// every field whatever the experts' consent. The experts' bookings are the
// events they are linked to (and the invitations they accepted) that are
// not cancelled; their deliveries the events they trained or spoke at
// before the request's start. Codes: Invalid (the request), Unauthorized,
// Forbidden.
func (s *ExpertService) MatchExperts(ctx context.Context, req match.Request) (_ match.Result, err error) {
	defer platform.Wrap(&err, "MatchExperts")
	if err := secretariatOnly(platform.UserFromContext(ctx), "match experts"); err != nil {
		return match.Result{}, err
	}
	if err := req.Validate(); err != nil {
		return match.Result{}, err
	}
	var pool []*platform.Expert
	var bookings []match.Booking
	deliveries := map[string]int{}
	err = s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.experts {
			if e.Status == platform.ExpertApproved {
				pool = append(pool, e)
			}
		}
		// A link to a profile merged into another books the one it lives
		// in now.
		holder := func(id string) string {
			for i := 0; i < 8; i++ {
				e := m.experts[id]
				if e == nil || e.Status != platform.ExpertMerged || e.MergedInto == "" {
					break
				}
				id = e.MergedInto
			}
			return id
		}
		booked := map[[2]string]bool{}
		book := func(expertID string, ev *platform.Event) {
			key := [2]string{holder(expertID), ev.ID}
			if booked[key] {
				return
			}
			booked[key] = true
			bookings = append(bookings, match.Booking{ExpertID: key[0], EventID: ev.ID, Start: ev.Start, End: ev.End})
			if !req.Start.IsZero() && ev.End.Before(req.Start) || req.Start.IsZero() && ev.Status == platform.EventHeld {
				deliveries[key[0]]++
			}
		}
		for _, ev := range m.events {
			if ev.Status == platform.EventCancelled {
				continue
			}
			for _, x := range ev.Experts {
				book(x.ExpertID, ev)
			}
		}
		for _, x := range m.invitations {
			if ev := m.events[x.EventID]; x.Status == platform.InvitationAccepted && ev != nil && ev.Status != platform.EventCancelled {
				book(x.ExpertID, ev)
			}
		}
	})
	if err != nil {
		return match.Result{}, err
	}
	// The order of the mirror's map is random: the pool goes to Rank in
	// id order, so that equal requests give equal answers.
	slices.SortFunc(pool, func(a, b *platform.Expert) int { return cmp.Compare(a.ID, b.ID) })
	return match.Rank(req, pool, bookings, deliveries), nil
}

// Duplicates lists pairs of profiles that look like one person, with the
// evidence (match.Duplicates over every profile not merged or erased).
// Secretariat only. Codes: Unauthorized, Forbidden.
func (s *ExpertService) Duplicates(ctx context.Context) ([]platform.DuplicatePair, error) {
	if err := secretariatOnly(platform.UserFromContext(ctx), "list duplicates"); err != nil {
		return nil, err
	}
	var pool []*platform.Expert
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.experts {
			pool = append(pool, e)
		}
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(pool, func(a, b *platform.Expert) int { return cmp.Compare(a.ID, b.ID) })
	out := match.Duplicates(pool)
	if out == nil {
		out = []platform.DuplicatePair{}
	}
	return out, nil
}
