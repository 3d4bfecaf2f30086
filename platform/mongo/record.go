package mongo

import (
	"context"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
)

var _ platform.ParticipantRecorder = (*RegistrationService)(nil)

// RecordParticipants implements platform.ParticipantRecorder: one write
// through commit for the whole list (one counter step, one insert), so a
// thousand past participants take a moment, not a thousand round trips.
func (s *RegistrationService) RecordParticipants(ctx context.Context, eventID string, people []platform.ParticipantRecord) (_ *platform.RecordResult, err error) {
	defer platform.Wrap(&err, "RecordParticipants(%q)", eventID)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if !platform.CanEditEvent(u, ev.Kind, ev.Concerns()) {
		err := platform.Localized(platform.Forbidden, "error.event_forbidden", nil, "user %s may not record participants of %s", u.ID, eventID)
		return nil, s.db.denied(ctx, platform.TypeEvent, eventID, ev, err)
	}
	if len(people) > platform.MaxRecordBatch {
		return nil, platform.Localized(platform.Invalid, "error.event_too_many", map[string]any{"Field": "participants", "Value": platform.MaxRecordBatch},
			"more than %d participants", platform.MaxRecordBatch)
	}
	// Who is registered already (by email).
	seen := make(map[string]bool, len(people))
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.byEvent[eventID] {
			seen[r.Email] = true
		}
	}); err != nil {
		return nil, err
	}
	res := &platform.RecordResult{}
	now := s.db.now()
	var regs []*platform.Registration
	for i, p := range people {
		field := "participants." + strconv.Itoa(i)
		in := p.RegistrationInput
		in.Normalize()
		if err := in.Validate(); err != nil {
			return nil, renamed(err, field)
		}
		days, err := ev.CheckDays(field+".attended", p.Attended)
		if err != nil {
			return nil, err
		}
		if seen[in.Email] {
			res.Existing++
			continue
		}
		seen[in.Email] = true
		code, err := newCheckInCode()
		if err != nil {
			return nil, err
		}
		regs = append(regs, &platform.Registration{
			ID: bson.NewObjectID().Hex(), EventID: eventID, Name: in.Name, Country: in.Country, Organization: in.Organization,
			Position: in.Position, Gender: in.Gender, Email: in.Email, Category: in.Category, Language: in.Language,
			ListPublicly: in.ListPublicly, State: platform.RegistrationActive, CheckInCode: code, Attended: days,
			CreatedAt: now, UpdatedAt: now,
		})
	}
	if len(regs) == 0 {
		return res, nil
	}
	// Each is told "registered" once, silently (no mail: they were
	// recorded from a list), so that a later change of status is told.
	notices := make([]platform.Notice, len(regs))
	ws := make([]write, len(regs))
	for i, r := range regs {
		notices[i] = platform.Notice{ID: r.ID + ".t1", RegistrationID: r.ID, EventID: eventID, Kind: platform.NoticeRegistered,
			Email: r.Email, Language: r.Language, At: now, SentAt: &now, Tell: 1, Status: platform.StatusRegistered}
		ws[i] = upsert(platform.TypeRegistration, r.ID).holding(r).also(platform.TypeNotice, notices[i].ID).holding(notices[i]).
			audited(platform.ActionCreate, nil, r)
	}
	err = s.db.commit(ctx, ws, func(ctx context.Context, seqs []uint64) error {
		docs := make([]any, len(regs))
		for i, r := range regs {
			r.Seq, r.Queue = seqs[i], seqs[i]
			docs[i] = r
		}
		if _, err := s.coll().InsertMany(ctx, docs); err != nil {
			return err
		}
		ns := make([]any, len(notices))
		for i, n := range notices {
			ns[i] = n
		}
		_, err := s.db.db.Collection(colNotices).InsertMany(ctx, ns)
		return err
	})
	if err != nil {
		return nil, err
	}
	res.Recorded = len(regs)
	return res, nil
}

// renamed gives an Invalid error of one record the field name it has in
// the list ("participants.3.email").
func renamed(err error, prefix string) error {
	e := platform.AsError(err)
	if e == nil || e.Data == nil {
		return err
	}
	data := make(map[string]any, len(e.Data))
	for k, v := range e.Data {
		data[k] = v
	}
	if f, ok := data["Field"].(string); ok {
		data["Field"] = prefix + "." + f
	}
	return platform.Localized(e.Code, e.MessageID, data, "%s: %s", prefix, e.Message)
}
