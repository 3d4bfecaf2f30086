package mongo

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

func invitationNotFound(id string) error {
	return platform.Localized(platform.NotFound, "experts.error.invitation_not_found", nil, "invitation %q not found", id)
}

// invitationID is the one id an expert's invitation to an event has: a
// second invitation of the same expert to the same event is the same
// record, so that two secretariat members inviting at once make one.
func invitationID(expertID, eventID string) string { return expertID + "." + eventID }

// InviteExpert invites an approved expert to take a part at an event. An
// invitation declined before may be sent again; one open or accepted is a
// Conflict. Secretariat only. Codes: Invalid, NotFound (expert or event),
// Unauthorized, Forbidden (audited), Conflict.
func (s *ExpertService) InviteExpert(ctx context.Context, expertID, eventID string, role platform.ExpertRole, message string) (_ *platform.ExpertInvitation, err error) {
	defer platform.Wrap(&err, "InviteExpert(%q, %q)", expertID, eventID)
	u := platform.UserFromContext(ctx)
	if err := secretariatOnly(u, "invite experts"); err != nil {
		return nil, s.db.denied(ctx, platform.TypeExpertInvitation, invitationID(expertID, eventID), nil, err)
	}
	message = strings.TrimSpace(message)
	switch {
	case role != platform.RoleTrainer && role != platform.RoleSpeaker:
		return nil, platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": "role", "Value": string(role)}, "role: trainer or speaker")
	case !utf8.ValidString(message) || utf8.RuneCountInString(message) > 2000:
		return nil, platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": "message", "Value": ""}, "message: too long")
	}
	e, err := s.current(ctx, expertID)
	if err != nil {
		return nil, err
	}
	if e == nil || e.Status != platform.ExpertApproved {
		return nil, expertNotFound(expertID)
	}
	if _, err := NewEventService(s.db).FindEventByID(ctx, eventID); err != nil {
		return nil, err
	}
	id := invitationID(e.ID, eventID)
	var old *platform.ExpertInvitation
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if x := m.invitations[id]; x != nil {
			c := *x
			old = &c
		}
	}); err != nil {
		return nil, err
	}
	if old != nil && old.Status != platform.InvitationDeclined {
		return nil, platform.Localized(platform.Conflict, "experts.error.invited_already", nil, "expert %s is invited to %s already", e.ID, eventID)
	}
	x := &platform.ExpertInvitation{ID: id, ExpertID: e.ID, EventID: eventID, Role: role, Status: platform.InvitationSent,
		Message: message, By: u.ID, At: s.db.now()}
	err = s.db.write(ctx, upsert(platform.TypeExpertInvitation, id).holding(x).audited(platform.ActionCreate, old, x),
		func(ctx context.Context, seq uint64) error {
			x.Seq = seq
			if old == nil {
				_, err := s.db.db.Collection(colExpertInvitations).InsertOne(ctx, x)
				return err
			}
			// Sending a declined invitation again replaces it, once.
			res, err := s.db.db.Collection(colExpertInvitations).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "seq", Value: int64(old.Seq)}}, x)
			if err == nil && res.MatchedCount == 0 {
				err = platform.Localized(platform.Conflict, "error.conflict", nil, "invitation %s changed concurrently", id)
			}
			return err
		})
	if mongo.IsDuplicateKeyError(err) {
		return nil, platform.Localized(platform.Conflict, "experts.error.invited_already", nil, "expert %s is invited to %s already", e.ID, eventID)
	}
	if err != nil {
		return nil, err
	}
	c := *x
	return &c, nil
}

// AnswerInvitation accepts or declines an invitation, for the invited
// expert (or the secretariat on their behalf). Accepting links the profile
// to the event in the invitation's part. Codes: NotFound, Unauthorized,
// Forbidden (audited), Conflict (answered already).
func (s *ExpertService) AnswerInvitation(ctx context.Context, id string, accept bool) (_ *platform.ExpertInvitation, err error) {
	defer platform.Wrap(&err, "AnswerInvitation(%q)", id)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	var old *platform.ExpertInvitation
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if x := m.invitations[id]; x != nil {
			c := *x
			old = &c
		}
	}); err != nil {
		return nil, err
	}
	if old == nil {
		return nil, invitationNotFound(id)
	}
	e, err := s.current(ctx, old.ExpertID)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, invitationNotFound(id)
	}
	if !platform.IsSecretariat(u) && !platform.IsOwnExpert(u, e) {
		return nil, s.db.denied(ctx, platform.TypeExpertInvitation, id, nil,
			platform.Localized(platform.Forbidden, "experts.error.forbidden", nil, "user %s may not answer invitation %s", u.ID, id))
	}
	if old.Status != platform.InvitationSent {
		return nil, platform.Localized(platform.Conflict, "experts.error.answered", nil, "invitation %s is %s already", id, old.Status)
	}
	x := *old
	now := s.db.now()
	x.Status, x.AnsweredAt = platform.InvitationDeclined, &now
	if accept {
		x.Status = platform.InvitationAccepted
	}
	conflict := platform.Localized(platform.Conflict, "experts.error.answered", nil, "invitation %s answered concurrently", id)
	// The answer claims the invitation's state: of two answers at once,
	// one is stored (FerretDB does not apply a filtered replace
	// atomically).
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.db.db.Collection(colExpertVersions), records: s.db.db.Collection(colExpertInvitations),
		parentKey: "invitationId", id: "inv." + id, version: int(old.Seq), versionField: "seq", state: old, conflict: conflict}); err != nil {
		return nil, err
	}
	err = s.db.write(ctx, upsert(platform.TypeExpertInvitation, id).holding(&x).audited(platform.ActionUpdate, old, &x),
		func(ctx context.Context, seq uint64) error {
			x.Seq = seq
			res, err := s.db.db.Collection(colExpertInvitations).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "seq", Value: int64(old.Seq)}}, &x)
			if err == nil && res.MatchedCount == 0 {
				err = conflict
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	if accept {
		if err := s.linkToEvent(ctx, e.ID, x.EventID, x.Role); err != nil {
			return nil, err
		}
	}
	return &x, nil
}

// linkToEvent adds the expert to the event's linked experts, as the hub
// (an expert may not edit events; the secretariat's invitation is the
// permission).
func (s *ExpertService) linkToEvent(ctx context.Context, expertID, eventID string, role platform.ExpertRole) error {
	sys := platform.NewContextWithUser(ctx, platform.System())
	events := NewEventService(s.db)
	for range 3 {
		ev, err := events.FindEventByID(sys, eventID)
		if err != nil {
			return err
		}
		link := platform.EventExpert{ExpertID: expertID, Role: role}
		if slices.Contains(ev.Experts, link) {
			return nil
		}
		in := ev.Input()
		in.Experts = append(in.Experts, link)
		_, err = events.UpdateEvent(sys, eventID, in)
		if platform.ErrorCode(err) != platform.Conflict {
			return err
		}
	}
	return platform.Localized(platform.Conflict, "error.conflict", nil, "event %q changed concurrently", eventID)
}

// InvitationFilter selects invitations: of one expert (and those merged
// into them), of one event, or all (the secretariat).
type InvitationFilter struct {
	ExpertID, EventID string
}

// FindInvitations lists invitations, newest first: the secretariat's any,
// an expert's their own. Codes: Unauthorized, NotFound (an expert not
// theirs).
func (s *ExpertService) FindInvitations(ctx context.Context, f InvitationFilter) ([]*platform.ExpertInvitation, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	ids := []string{}
	if f.ExpertID != "" {
		e, err := s.current(ctx, f.ExpertID)
		if err != nil {
			return nil, err
		}
		if e == nil || !platform.IsSecretariat(u) && !platform.IsOwnExpert(u, e) {
			return nil, expertNotFound(f.ExpertID)
		}
		ids = append([]string{e.ID}, e.MergedFrom...)
	} else if !platform.IsSecretariat(u) {
		own, err := s.OwnExpert(ctx)
		if err != nil {
			return nil, err
		}
		ids = append([]string{own.ID}, own.MergedFrom...)
	}
	out := []*platform.ExpertInvitation{}
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, x := range m.invitations {
			if (len(ids) == 0 || slices.Contains(ids, x.ExpertID)) && (f.EventID == "" || x.EventID == f.EventID) {
				c := *x
				out = append(out, &c)
			}
		}
	})
	slices.SortFunc(out, func(a, b *platform.ExpertInvitation) int { return cmp.Or(b.At.Compare(a.At), cmp.Compare(a.ID, b.ID)) })
	return out, err
}
