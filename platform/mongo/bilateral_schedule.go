package mongo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// Settings implements platform.BilateralService. A delegation's reader
// gets the settings without the interpreters' times off (the rooms name
// where their meetings are).
func (s *BilateralService) Settings(ctx context.Context, eventID string) (*platform.BilateralSettings, error) {
	c, err := s.seeing(ctx, eventID)
	if err != nil {
		return nil, err
	}
	out := c.settings
	if !c.secretariat {
		for i := range out.Interpreters {
			out.Interpreters[i].Unavailable = []platform.TimeRange{}
		}
	}
	return out, nil
}

// secretariatAt is conference for the secretariat's writes: Unauthorized,
// NotFound for who may not see the conference's bilaterals, Forbidden
// (audited) for a delegation's user.
func (s *BilateralService) secretariatAt(ctx context.Context, typ platform.RecordType, eventID, what string, attempted any) (*conference, error) {
	c, err := s.writing(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if !c.secretariat {
		return nil, s.db.deniedAttempt(ctx, typ, eventID, nil, attempted, bilateralForbidden(c.u, what))
	}
	return c, nil
}

// SaveSettings implements platform.BilateralService.
func (s *BilateralService) SaveSettings(ctx context.Context, eventID string, in platform.BilateralSettings, ifVersion int) (_ *platform.BilateralSettings, err error) {
	defer platform.Wrap(&err, "SaveSettings(%q)", eventID)
	c, err := s.secretariatAt(ctx, platform.TypeBilateralSettings, eventID, "change the bilateral settings", in)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(c.ev); err != nil {
		return nil, err
	}
	old := c.settings
	if ifVersion != 0 && ifVersion != old.Version {
		return nil, bilateralConflict(eventID)
	}
	next := cloneSettings(&in)
	next.EventID, next.UpdatedAt, next.Version = eventID, c.now, old.Version+1
	if old.Version == 0 {
		err = s.db.write(ctx, upsert(platform.TypeBilateralSettings, eventID).holding(next).audited(platform.ActionCreate, nil, next),
			func(ctx context.Context, seq uint64) error {
				next.Seq = seq
				_, err := s.coll(colBilateralSettings).InsertOne(ctx, next)
				if mongo.IsDuplicateKeyError(err) {
					return bilateralConflict(eventID)
				}
				return err
			})
	} else {
		err = s.replace(ctx, platform.TypeBilateralSettings, colBilateralSettings, colBilateralSettingsVersions, "eventId", eventID,
			old.Version, old, next, func(seq uint64) { next.Seq = seq }, next)
	}
	if err != nil {
		return nil, err
	}
	return cloneSettings(next), nil
}

// Windows implements platform.BilateralService.
func (s *BilateralService) Windows(ctx context.Context, eventID string) ([]platform.TimeRange, error) {
	c, err := s.seeing(ctx, eventID)
	if err != nil {
		return nil, err
	}
	return platform.BilateralWindows(c.ev, c.settings)
}

// storedSchedule returns a copy of the conference's schedule, or an empty
// one at version 0.
func (s *BilateralService) storedSchedule(ctx context.Context, eventID string) (*platform.BilateralSchedule, error) {
	out := &platform.BilateralSchedule{EventID: eventID}
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.roadmap.bilateral.schedules.rows[eventID]; got != nil {
			out = got
		}
	})
	out = cloneSchedule(out)
	if out.PublishedAt != nil && out.PublishedVersion == 0 {
		// Published before the store kept the published version: its
		// version is the nearest, and never lower than the SEQUENCE that
		// delegations' calendars already hold.
		out.PublishedVersion = out.Version
	}
	return out, err
}

// Schedule implements platform.BilateralService. A delegation's reader
// gets the published meetings of the delegations they act for, and
// nothing of the draft: what the solver found, what it could not place
// and who solved it are the secretariat's.
func (s *BilateralService) Schedule(ctx context.Context, eventID string) (*platform.BilateralSchedule, error) {
	c, err := s.seeing(ctx, eventID)
	if err != nil {
		return nil, err
	}
	sch, err := s.storedSchedule(ctx, eventID)
	if err != nil || c.secretariat {
		return sch, err
	}
	ours := map[string]bool{}
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.bilateral.requests.by[eventKey(eventID)] {
			if c.actsFor[r.From] || c.actsFor[r.To] {
				ours[r.ID] = true
			}
		}
	}); err != nil {
		return nil, err
	}
	out := &platform.BilateralSchedule{EventID: eventID, Meetings: []platform.ScheduledMeeting{}, Unplaced: []platform.UnplacedMeeting{},
		Moves: []platform.MeetingMove{}, Published: []platform.ScheduledMeeting{}, PublishedAt: sch.PublishedAt,
		Version: sch.PublishedVersion, PublishedVersion: sch.PublishedVersion}
	for _, m := range sch.Published {
		if ours[m.RequestID] {
			out.Published = append(out.Published, m)
		}
	}
	return out, nil
}

// staleSolve is how old a claim on a schedule's version must be before
// another solver may take it over: the first died between claiming and
// storing (a run lasts at most MaxSolveTimeBoxSeconds).
const staleSolve = 5 * time.Minute

// claimSchedule makes the caller the one writer of the conference's
// schedule after version: the unique insert of "<event>.<version>" into
// bilateral_solves. Of two secretariat members solving (or publishing) from
// the same version, one inserts it and the other gets Conflict, told that
// another result stands. A claim left by a writer that died is taken over
// once stale, if the schedule is still at that version.
func (s *BilateralService) claimSchedule(ctx context.Context, eventID string, version int, what string) error {
	id := fmt.Sprintf("%s.%d", eventID, version)
	claims := s.coll(colBilateralSolves)
	now := s.db.now()
	u := signedIn(ctx)
	doc := bson.D{{Key: "_id", Value: id}, {Key: "eventId", Value: eventID}, {Key: "version", Value: version},
		{Key: "what", Value: what}, {Key: "by", Value: u.ID}, {Key: "at", Value: now}}
	lost := platform.Localized(platform.Conflict, "bilaterals.error.solved_meanwhile", nil,
		"the schedule of %q was solved or published from version %d meanwhile", eventID, version)
	_, err := claims.InsertOne(ctx, doc)
	if err == nil {
		return nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return translate(err)
	}
	var cur struct {
		Version int `bson:"version"`
	}
	err = s.coll(colBilateralSchedules).FindOne(ctx, byID(eventID)).Decode(&cur)
	if err != nil && err != mongo.ErrNoDocuments {
		return translate(err)
	}
	if cur.Version != version {
		return lost
	}
	res, err := claims.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: bson.D{{Key: "$lt", Value: now.Add(-staleSolve)}}}})
	if err != nil {
		return translate(err)
	}
	if res.DeletedCount == 0 {
		return lost
	}
	if _, err := claims.InsertOne(ctx, doc); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return lost
		}
		return translate(err)
	}
	return nil
}

// storeSchedule writes next (at old.Version+1) in place of old, the
// caller holding the claim on old's version.
func (s *BilateralService) storeSchedule(ctx context.Context, old, next *platform.BilateralSchedule) error {
	action := platform.ActionUpdate
	var before any = old
	if old.Version == 0 {
		action, before = platform.ActionCreate, nil
	}
	return s.db.write(ctx, upsert(platform.TypeBilateralSchedule, next.EventID).holding(next).audited(action, before, next),
		func(ctx context.Context, seq uint64) error {
			next.Seq = seq
			if old.Version == 0 {
				_, err := s.coll(colBilateralSchedules).InsertOne(ctx, next)
				if mongo.IsDuplicateKeyError(err) {
					return bilateralConflict(next.EventID)
				}
				return err
			}
			return replaceVersion(ctx, s.coll(colBilateralSchedules), next.EventID, old.Version, next, bilateralConflict(next.EventID))
		})
}

// Publish implements platform.BilateralService. The delegations whose
// meetings the new schedule adds, moves or drops are told (their
// country's focal points and their head's account); a failure to tell them
// is logged, the schedule stays published.
func (s *BilateralService) Publish(ctx context.Context, eventID string, ifVersion int) (_ *platform.BilateralSchedule, err error) {
	defer platform.Wrap(&err, "Publish(%q)", eventID)
	c, err := s.secretariatAt(ctx, platform.TypeBilateralSchedule, eventID, "publish the schedule", nil)
	if err != nil {
		return nil, err
	}
	old, err := s.storedSchedule(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if ifVersion != old.Version {
		return nil, bilateralConflict(eventID)
	}
	if old.SolvedAt.IsZero() {
		return nil, platform.Localized(platform.Conflict, "bilaterals.error.no_draft", nil, "no schedule of %q was solved", eventID)
	}
	// A meeting whose request was withdrawn or declined since the draft was
	// solved is not sent to the delegations: the draft must be solved again.
	stale := ""
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, mt := range old.Meetings {
			if r := m.roadmap.bilateral.requests.rows[mt.RequestID]; stale == "" && (r == nil || r.Status != platform.MeetingAccepted) {
				stale = mt.RequestID
			}
		}
	}); err != nil {
		return nil, err
	}
	if stale != "" {
		return nil, platform.Localized(platform.Conflict, "bilaterals.error.draft_stale", nil,
			"request %q of the draft of %q is no longer accepted", stale, eventID)
	}
	if err := s.claimSchedule(ctx, eventID, old.Version, "publish"); err != nil {
		return nil, err
	}
	next := cloneSchedule(old)
	now := c.now
	next.Published, next.PublishedAt = slices.Clone(old.Meetings), &now
	next.Moves, next.Version = []platform.MeetingMove{}, old.Version+1
	next.PublishedVersion = next.Version
	if err := s.storeSchedule(ctx, old, next); err != nil {
		return nil, err
	}
	detail := "changed"
	if old.PublishedAt == nil {
		detail = "published"
	}
	if err := s.notifySchedule(ctx, c, changedMeetings(old.Published, next.Published), detail); err != nil {
		s.log.Warn("bilaterals: could not notify the delegations of a published schedule", "event", eventID, "err", err)
	}
	return cloneSchedule(next), nil
}

// changedMeetings lists the requests whose meeting is in one schedule and
// not the other, or at another time, room or interpreter.
func changedMeetings(before, after []platform.ScheduledMeeting) []string {
	was := map[string]platform.ScheduledMeeting{}
	for _, m := range before {
		was[m.RequestID] = m
	}
	var out []string
	for _, m := range after {
		if w, ok := was[m.RequestID]; !ok || !sameMeeting(w, m) {
			out = append(out, m.RequestID)
		}
		delete(was, m.RequestID)
	}
	for id := range was {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func sameMeeting(a, b platform.ScheduledMeeting) bool {
	return a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Room == b.Room && a.Interpreter == b.Interpreter
}

// notifySchedule tells the users who act for the delegations of the
// changed requests (their country's focal points, their head's account),
// one notification each, the one publishing aside.
func (s *BilateralService) notifySchedule(ctx context.Context, c *conference, changed []string, detail string) error {
	if len(changed) == 0 {
		return nil
	}
	concerned := map[string]*platform.Delegation{}
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, id := range changed {
			r := m.roadmap.bilateral.requests.rows[id]
			if r == nil {
				continue
			}
			for _, d := range []string{r.From, r.To} {
				if got := m.roadmap.bilateral.delegations.rows[d]; got != nil {
					concerned[d] = cloneDelegation(got)
				}
			}
		}
	}); err != nil {
		return err
	}
	// Each user once, with the country of the first delegation they act for.
	users := map[string]string{}
	focal := map[string][]string{}
	for _, d := range concerned {
		if d.Kind == platform.DelegationCountry {
			if _, ok := focal[d.Country]; !ok {
				ids, err := s.focalPoints(ctx, d.Country)
				if err != nil {
					return err
				}
				focal[d.Country] = ids
			}
			for _, id := range focal[d.Country] {
				users[id] = d.Country
			}
		}
		if d.HeadUser != "" {
			if _, ok := users[d.HeadUser]; !ok {
				users[d.HeadUser] = d.Country
			}
		}
	}
	if c.u != nil {
		delete(users, c.u.ID)
	}
	title := platform.Text{}
	for lang, t := range c.ev.Translations {
		if t.Title != "" {
			title[lang] = t.Title
		}
	}
	var out []platform.Notification
	ids := make([]string, 0, len(users))
	for id := range users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		u, err := s.db.userByID(ctx, id)
		if platform.ErrorCode(err) == platform.NotFound {
			continue
		}
		if err != nil {
			return err
		}
		if u.Disabled || u.ErasedAt != nil {
			continue
		}
		out = append(out, platform.Notification{ID: bson.NewObjectID().Hex(), User: id, Kind: platform.NotifySchedule,
			RecordType: platform.TypeBilateralSchedule, RecordID: c.ev.ID, Country: users[id], Title: shortTitle(title),
			Detail: detail, At: c.now})
	}
	if len(out) == 0 {
		return nil
	}
	ws := make([]write, len(out))
	for i := range out {
		ws[i] = upsert(platform.TypeNotification, out[i].ID)
	}
	return s.db.commit(ctx, ws, func(ctx context.Context, seqs []uint64) error {
		docs := make([]any, len(out))
		for i := range out {
			out[i].Seq = seqs[i]
			ws[i].changes[0].rec = out[i]
			docs[i] = out[i]
		}
		_, err := s.coll(colNotifications).InsertMany(ctx, docs)
		return err
	})
}

// focalPoints lists the accounts of a country's focal points (the users
// collection is small: a scan of it is cheap).
func (s *BilateralService) focalPoints(ctx context.Context, country string) ([]string, error) {
	users, err := findAll[platform.User](ctx, s.coll(colUsers), bson.D{{Key: "role", Value: platform.RoleFocalPoint}, {Key: "country", Value: country}})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range users {
		if !u.Disabled && u.ErasedAt == nil {
			out = append(out, u.ID)
		}
	}
	return out, nil
}
