package mongo

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// Registrations and the notices sent about them.
//
// Who has a seat is never stored: an active registration's place in line
// (Queue, the change-log number of the write that made it active) and the
// event's capacity decide it, so that 500 people registering at once for
// 100 seats leave exactly the first 100 in line registered whatever the
// order the writes land in, on a database without transactions. What a
// participant was last told is the notice of theirs with the highest Tell,
// and a change of status (a seat freed, capacity raised) is told once: the
// notice's _id ("<registration>.t<n>") is the unique-insert claim that
// makes concurrent writers agree on who tells it.
//
// A registration's document is only ever replaced whole, by the writer
// that claimed its current state (registration_versions, as documents and
// events do): FerretDB v1 applies an update as a read and a write, so two
// updates of one document at once could lose one (a cancellation undone by
// a notice's bookkeeping). The links that manage a registration are
// records of their own for the same reason.
const (
	colRegistrations        = "registrations"
	colRegistrationVersions = "registration_versions"
	colRegistrationLinks    = "registration_links"
	colNotices              = "notices"
)

// registrationIndexes are the indexes registrations and notices need;
// ensureIndexes creates them.
func registrationIndexes() map[string][]mongo.IndexModel {
	return map[string][]mongo.IndexModel{
		colRegistrations: {
			{Keys: bson.D{{Key: "eventId", Value: 1}, {Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)},
			{Keys: bson.D{{Key: "eventId", Value: 1}, {Key: "state", Value: 1}, {Key: "queue", Value: 1}}},
			{Keys: bson.D{{Key: "userId", Value: 1}}},
			{Keys: bson.D{{Key: "email", Value: 1}}},
			// attendance.go: a check-in by code, a certificate's verification.
			{Keys: bson.D{{Key: "eventId", Value: 1}, {Key: "checkInCode", Value: 1}}},
			{Keys: bson.D{{Key: "certificateCode", Value: 1}}},
		},
		colNotices: {
			{Keys: bson.D{{Key: "registrationId", Value: 1}, {Key: "at", Value: 1}}},
			{Keys: bson.D{{Key: "eventId", Value: 1}, {Key: "tell", Value: 1}}},
			{Keys: bson.D{{Key: "sentAt", Value: 1}}},
		},
	}
}

// RegistrationService implements platform.RegistrationService on MongoDB.
type RegistrationService struct {
	db     *DB
	events *EventService
}

var _ platform.RegistrationService = (*RegistrationService)(nil)

// NewRegistrationService returns the registration service of db.
func NewRegistrationService(db *DB) *RegistrationService {
	return &RegistrationService{db: db, events: NewEventService(db)}
}

func (s *RegistrationService) coll() *mongo.Collection { return s.db.db.Collection(colRegistrations) }

func registrationNotFound(id string) error {
	return platform.Localized(platform.NotFound, "error.registration_not_found", nil, "registration %q not found", id)
}

// checkInAlphabet leaves out letters and digits read one for another
// (0 and O, 1 and I).
const checkInAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// newCheckInCode returns an eight-character code for the door.
func newCheckInCode() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = checkInAlphabet[int(b[i])%len(checkInAlphabet)]
	}
	return string(b[:]), nil
}

// Register implements platform.RegistrationService.
func (s *RegistrationService) Register(ctx context.Context, eventID string, in platform.RegistrationInput) (_ *platform.RegistrationResult, err error) {
	defer platform.Wrap(&err, "Register(%q)", eventID)
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, err
	}
	now := s.db.now()
	if !ev.RegistrationOpen(now) {
		return nil, platform.Localized(platform.Conflict, "error.registration_closed", nil, "event %q does not take registrations", eventID)
	}
	u := platform.UserFromContext(ctx)
	if in.Category.Staff() && u == nil {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required to register staff")
	}
	if in.Category.Staff() && !platform.CanEditEvent(u, ev.Kind, ev.Concerns()) {
		err := platform.Localized(platform.Forbidden, "error.registration_staff", map[string]any{"Field": "category"},
			"category %s is given by the event's organizers", in.Category)
		return nil, s.db.deniedAttempt(ctx, platform.TypeRegistration, "", nil, in, err)
	}
	if old, err := s.byEmail(ctx, eventID, in.Email); err != nil {
		return nil, err
	} else if old != nil {
		return s.again(ctx, old, ev, in)
	}
	token, err := newSecret("reg_")
	if err != nil {
		return nil, err
	}
	code, err := newCheckInCode()
	if err != nil {
		return nil, err
	}
	r := &platform.Registration{
		ID: bson.NewObjectID().Hex(), EventID: eventID, Name: in.Name, Country: in.Country, Organization: in.Organization,
		Position: in.Position, Gender: in.Gender, Email: in.Email, Category: in.Category, Language: in.Language,
		ListPublicly: in.ListPublicly, State: platform.RegistrationActive, CheckInCode: code, Attended: []string{},
		CreatedAt: now, UpdatedAt: now,
	}
	if u != nil && !u.IsSystem() && strings.EqualFold(u.Email, in.Email) {
		r.UserID = u.ID
	}
	if in.FormKey != "" {
		r.FormKey = hashSecret(in.FormKey)
	}
	if ev.RequiresApproval && !in.Category.Staff() && !platform.CanApproveRegistration(u, in.Country) {
		r.State = platform.RegistrationPending
	}
	err = s.db.write(ctx, upsert(platform.TypeRegistration, r.ID).holding(r).audited(platform.ActionCreate, nil, r),
		func(ctx context.Context, seq uint64) error {
			r.Seq = seq
			if r.State == platform.RegistrationActive {
				r.Queue = seq
			}
			_, err := s.coll().InsertOne(ctx, r)
			return err
		})
	if mongo.IsDuplicateKeyError(err) {
		// The same person's other request was stored in between (a form
		// sent twice): answer as for a repeat. That request may not have
		// reached the mirror yet (its change is appended after its
		// insert), so the registration is read from the collection.
		var old platform.Registration
		ferr := s.coll().FindOne(ctx, bson.D{{Key: "eventId", Value: eventID}, {Key: "email", Value: in.Email}}).Decode(&old)
		if ferr == nil {
			return s.again(ctx, &old, ev, in)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := s.addLink(ctx, r.ID, token); err != nil {
		return nil, err
	}
	if err := s.tellPlace(ctx, ev, r, toldState{}, token); err != nil {
		return nil, err
	}
	return &platform.RegistrationResult{Registration: r, Token: token}, nil
}

// again answers a second registration of the same email for an event. A
// cancelled registration is taken up again (at the end of the line);
// otherwise nothing changes. The answer carries a new link only when the
// request may manage the registration: the same form sent again, or its
// participant signed in. Anyone else learns only that the address is
// registered, and its owner gets a new link by notice.
func (s *RegistrationService) again(ctx context.Context, old *platform.Registration, ev *platform.Event, in platform.RegistrationInput) (*platform.RegistrationResult, error) {
	sameForm := in.FormKey != "" && old.FormKey != "" && subtle.ConstantTimeCompare([]byte(hashSecret(in.FormKey)), []byte(old.FormKey)) == 1
	owner := sameForm || s.isParticipant(ctx, old)
	if old.State == platform.RegistrationCancelled && owner {
		return s.reactivate(ctx, old, ev)
	}
	token, err := newSecret("reg_")
	if err != nil {
		return nil, err
	}
	if err := s.addLink(ctx, old.ID, token); err != nil {
		return nil, err
	}
	if err := s.fillStatus(ctx, ev, old); err != nil {
		return nil, err
	}
	if !owner {
		if err := s.notice(ctx, old, old.ID+".l"+hashSecret(token)[:12], platform.NoticeLink, token); err != nil {
			return nil, err
		}
		return &platform.RegistrationResult{Registration: old, Existed: true}, nil
	}
	return &platform.RegistrationResult{Registration: old, Token: token, Existed: true}, nil
}

// reactivate puts a cancelled registration back in line, at its end.
func (s *RegistrationService) reactivate(ctx context.Context, old *platform.Registration, ev *platform.Event) (*platform.RegistrationResult, error) {
	token, err := newSecret("reg_")
	if err != nil {
		return nil, err
	}
	r := *old
	r.State, r.UpdatedAt = platform.RegistrationActive, s.db.now()
	if ev.RequiresApproval && !r.Category.Staff() && !platform.CanApproveRegistration(platform.UserFromContext(ctx), r.Country) {
		r.State = platform.RegistrationPending
	}
	if err := s.replace(ctx, old, &r); err != nil {
		return nil, err
	}
	if err := s.addLink(ctx, r.ID, token); err != nil {
		return nil, err
	}
	prev, err := s.toldOf(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if err := s.tellPlace(ctx, ev, &r, prev, token); err != nil {
		return nil, err
	}
	return &platform.RegistrationResult{Registration: &r, Token: token}, nil
}

// replace writes r over old, which must still be the registration's
// state (else Conflict): the writer first claims old's state, kept as a
// version (see claimVersion), so that of concurrent writers one replaces
// it. A registration that becomes active takes its place at the end of the
// line.
func (s *RegistrationService) replace(ctx context.Context, old, r *platform.Registration) error {
	return s.replaceAs(ctx, old, r, old, auditRecord{kind: platform.TypeRegistration, id: old.ID, action: platform.ActionUpdate, before: old, after: r})
}

// replaceAs is replace keeping state as the claimed version and writing
// the audit entry rec: an erasure keeps neither the participant's data as
// a version nor their values in the trail.
func (s *RegistrationService) replaceAs(ctx context.Context, old, r *platform.Registration, state any, rec auditRecord) error {
	conflict := platform.Localized(platform.Conflict, "error.conflict", nil, "registration %q changed concurrently", old.ID)
	err := s.db.claimVersion(ctx, versionClaim{versions: s.db.db.Collection(colRegistrationVersions), records: s.coll(),
		parentKey: "registrationId", versionField: "seq", id: old.ID, version: int(old.Seq), state: state, conflict: conflict})
	if err != nil {
		return err
	}
	return s.db.write(ctx, upsert(platform.TypeRegistration, r.ID).holding(r).auditedAs(rec),
		func(ctx context.Context, seq uint64) error {
			r.Seq = seq
			if r.State == platform.RegistrationActive && old.State != platform.RegistrationActive {
				r.Queue = seq
			}
			res, err := s.coll().ReplaceOne(ctx, bson.D{{Key: "_id", Value: old.ID}, {Key: "seq", Value: old.Seq}}, r)
			if err == nil && res.MatchedCount == 0 {
				err = conflict
			}
			return err
		})
}

// addLink records a link secret that manages a registration: the link is
// a record of its own (registration_links, its _id the secret's hash), so
// that giving a new link never rewrites the registration.
func (s *RegistrationService) addLink(ctx context.Context, registrationID, token string) error {
	_, err := s.db.db.Collection(colRegistrationLinks).InsertOne(ctx, bson.D{
		{Key: "_id", Value: hashSecret(token)}, {Key: "registrationId", Value: registrationID}, {Key: "at", Value: s.db.now()}})
	return translate(err)
}

func (s *RegistrationService) byEmail(ctx context.Context, eventID, email string) (*platform.Registration, error) {
	return s.db.mirror().registrationOf(ctx, eventID, email)
}

// How long a registration waits for the writes before it (settlePatience)
// and how old a change above a missing number makes the number dead
// (settleStale): writers in flight at once finish within seconds.
const (
	settlePatience = 10 * time.Second
	settleStale    = 10 * time.Second
)

// tellPlace tells the participant of a registration just written its
// status, once the writes before it are stored (waitSettled) when its
// place in line decides it. When the wait gave up, settle corrects whoever
// was told too early.
func (s *RegistrationService) tellPlace(ctx context.Context, ev *platform.Event, r *platform.Registration, prev toldState, token string) error {
	settled := true
	if r.State == platform.RegistrationActive && !r.Category.Staff() && ev.Capacity > 0 {
		// The writes that took their place in line before this one are
		// stored, so its place among them is final when it is told.
		settled = s.db.mirror().waitApplied(ctx, r.Queue)
	}
	if err := s.fillStatus(ctx, ev, r); err != nil {
		return err
	}
	if err := s.tell(ctx, r, prev, r.Status, token); err != nil {
		return err
	}
	if !settled {
		return s.db.settle(ctx, ev)
	}
	return nil
}

// fillStatus works out r's status (and place on the waiting list).
func (s *RegistrationService) fillStatus(ctx context.Context, ev *platform.Event, r *platform.Registration) error {
	return s.db.mirror().view(ctx, func(m *mirror) { r.Status, r.WaitingPosition = m.status(ev, r) })
}

// lineEntry is an active registration's place in line, with what settle
// needs to tell it.
type lineEntry struct {
	ID, Email, Language, EventID string
	told                         toldState
}

// line returns an event's seat-taking active registrations in queue order,
// with what each was last told.
func (s *RegistrationService) line(ctx context.Context, eventID string) ([]lineEntry, error) {
	var out []lineEntry
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.lineLocked(eventID) {
			out = append(out, lineEntry{ID: r.ID, Email: r.Email, Language: r.Language, EventID: r.EventID, told: m.told[r.ID]})
		}
	})
	return out, err
}

// settle tells every active registration of the event whose status changed
// since it was last told: those a freed seat or a larger capacity moved up,
// and (after a race a writer lost its wait on) those that turn out to wait.
func (db *DB) settle(ctx context.Context, ev *platform.Event) error {
	s := &RegistrationService{db: db, events: NewEventService(db)}
	line, err := s.line(ctx, ev.ID)
	if err != nil {
		return err
	}
	for i, l := range line {
		want := platform.StatusRegistered
		if ev.Capacity > 0 && i >= ev.Capacity {
			want = platform.StatusWaiting
		}
		if l.told.n == 0 || l.told.status == want {
			continue // being told by its own writer, or told already
		}
		r := &platform.Registration{ID: l.ID, EventID: l.EventID, Email: l.Email, Language: l.Language}
		if err := s.tell(ctx, r, l.told, want, ""); err != nil {
			return err
		}
	}
	return nil
}

// toldState is what a participant was last told: the status of their
// notice with the highest Tell, n.
type toldState struct {
	status platform.RegistrationStatus
	n      int
}

// toldOf reads what a registration's participant was last told.
func (s *RegistrationService) toldOf(ctx context.Context, id string) (toldState, error) {
	var t toldState
	err := s.db.mirror().view(ctx, func(m *mirror) { t = m.told[id] })
	return t, err
}

// tell tells the participant status now, after prev: a notice claimed by
// its unique _id ("<registration>.t<prev.n+1>"). A notice already claimed
// by another writer means it was told: nothing more to do. token, when
// set, goes with the notice for the mail's link.
func (s *RegistrationService) tell(ctx context.Context, r *platform.Registration, prev toldState, status platform.RegistrationStatus, token string) error {
	kind := string(status)
	switch {
	case prev.status == platform.StatusWaiting && status == platform.StatusRegistered:
		kind = platform.NoticePromoted
	case prev.status == platform.StatusRegistered && status == platform.StatusWaiting:
		kind = platform.NoticeDemoted
	}
	n := platform.Notice{ID: fmt.Sprintf("%s.t%d", r.ID, prev.n+1), RegistrationID: r.ID, EventID: r.EventID, Kind: kind,
		Email: r.Email, Language: r.Language, At: s.db.now(), Token: token, Tell: prev.n + 1, Status: status}
	if err := s.putNotice(ctx, n); err != nil && !errors.Is(err, errTold) {
		return err
	}
	return nil
}

// putNotice stores a notice through the write path (the mirrors learn what
// was told from the change log); errTold when its _id exists. A notice to
// an erased participant (platform.IsErasedEmail) is not written: it could
// reach nobody, and a mail to the placeholder would only fail.
func (s *RegistrationService) putNotice(ctx context.Context, n platform.Notice) error {
	if platform.IsErasedEmail(n.Email) {
		return nil
	}
	err := s.db.write(ctx, upsert(platform.TypeNotice, n.ID).holding(n), func(ctx context.Context, _ uint64) error {
		_, err := s.db.db.Collection(colNotices).InsertOne(ctx, n)
		return err
	})
	if mongo.IsDuplicateKeyError(err) {
		return errTold
	}
	return err
}

// errTold is notice's answer when the notice exists already.
var errTold = errors.New("notice exists")

// notice stores a notice to r's participant under id, once.
func (s *RegistrationService) notice(ctx context.Context, r *platform.Registration, id, kind, token string) error {
	return s.putNotice(ctx, platform.Notice{ID: id, RegistrationID: r.ID, EventID: r.EventID, Kind: kind, Email: r.Email,
		Language: r.Language, At: s.db.now(), Token: token})
}

// access tells what the user in ctx may do with a registration: read and
// cancel it as its participant, decide on it as an approver of its
// country, manage it as an editor of its event.
type access struct{ participant, approver, editor bool }

func (a access) any() bool { return a.participant || a.approver || a.editor }

// isParticipant reports whether ctx is the registration's participant: its
// account, an account with its email, or a holder of one of its links.
func (s *RegistrationService) isParticipant(ctx context.Context, r *platform.Registration) bool {
	if u := platform.UserFromContext(ctx); u != nil && !u.IsSystem() && !u.Disabled {
		if r.UserID != "" && u.ID == r.UserID || strings.EqualFold(u.Email, r.Email) {
			return true
		}
	}
	if t := platform.RegistrationToken(ctx); t != "" {
		var link struct {
			RegistrationID string `bson:"registrationId"`
		}
		// The lookup is by the secret's hash, the link's _id: nothing to
		// compare in constant time.
		err := s.db.db.Collection(colRegistrationLinks).FindOne(ctx, byID(hashSecret(t))).Decode(&link)
		return err == nil && link.RegistrationID == r.ID
	}
	return false
}

func (s *RegistrationService) accessTo(ctx context.Context, r *platform.Registration, ev *platform.Event) access {
	u := platform.UserFromContext(ctx)
	return access{
		participant: s.isParticipant(ctx, r),
		approver:    platform.CanApproveRegistration(u, r.Country),
		editor:      platform.CanEditEvent(u, ev.Kind, ev.Concerns()),
	}
}

// load reads a registration and its event (whatever the event's
// visibility: a registration shows its participant the event they
// registered for) and the user's access; NotFound for a user with none.
func (s *RegistrationService) load(ctx context.Context, id string) (*platform.Registration, *platform.Event, access, error) {
	var r platform.Registration
	err := s.coll().FindOne(ctx, byID(id)).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil, access{}, registrationNotFound(id)
	}
	if err != nil {
		return nil, nil, access{}, translate(err)
	}
	ev, err := s.events.FindEventByID(platform.NewContextWithUser(ctx, platform.System()), r.EventID)
	if err != nil {
		return nil, nil, access{}, err
	}
	a := s.accessTo(ctx, &r, ev)
	if !a.any() {
		return nil, nil, access{}, registrationNotFound(id)
	}
	if r.Attended == nil {
		r.Attended = []string{}
	}
	return &r, ev, a, nil
}

// FindRegistration implements platform.RegistrationService.
func (s *RegistrationService) FindRegistration(ctx context.Context, id string) (*platform.Registration, error) {
	r, ev, _, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	return r, s.fillStatus(ctx, ev, r)
}

// CancelRegistration implements platform.RegistrationService.
func (s *RegistrationService) CancelRegistration(ctx context.Context, id string) (_ *platform.Registration, err error) {
	defer platform.Wrap(&err, "CancelRegistration(%q)", id)
	old, ev, _, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if old.State == platform.RegistrationCancelled {
		return old, s.fillStatus(ctx, ev, old)
	}
	if !s.db.now().Before(ev.End) {
		return nil, platform.Localized(platform.Conflict, "error.registration_over", nil, "event %q is over", ev.ID)
	}
	r := *old
	r.State, r.UpdatedAt = platform.RegistrationCancelled, s.db.now()
	if err := s.replace(ctx, old, &r); err != nil {
		return nil, err
	}
	if err := s.notice(ctx, &r, r.ID+".c"+fmt.Sprint(r.Seq), platform.NoticeCancelled, ""); err != nil && !errors.Is(err, errTold) {
		return nil, err
	}
	if err := s.db.settle(ctx, ev); err != nil {
		return nil, err
	}
	return &r, s.fillStatus(ctx, ev, &r)
}

// DecideRegistration implements platform.RegistrationService.
func (s *RegistrationService) DecideRegistration(ctx context.Context, id string, approve bool) (_ *platform.Registration, err error) {
	defer platform.Wrap(&err, "DecideRegistration(%q)", id)
	old, ev, a, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.approver {
		err := platform.Localized(platform.Forbidden, "error.registration_not_approver", nil, "only the focal point of %s or the secretariat decides", old.Country)
		return nil, s.db.denied(ctx, platform.TypeRegistration, id, old, err)
	}
	if old.State != platform.RegistrationPending {
		return nil, platform.Localized(platform.Conflict, "error.registration_not_pending", nil, "registration %q is not pending", id)
	}
	r := *old
	r.State, r.UpdatedAt, r.DecidedBy = platform.RegistrationRejected, s.db.now(), platform.UserFromContext(ctx).ID
	if approve {
		r.State = platform.RegistrationActive
	}
	if err := s.replace(ctx, old, &r); err != nil {
		return nil, err
	}
	prev, err := s.toldOf(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if err := s.tellPlace(ctx, ev, &r, prev, ""); err != nil {
		return nil, err
	}
	return &r, nil
}

// EventRegistrations implements platform.RegistrationService.
func (s *RegistrationService) EventRegistrations(ctx context.Context, eventID string, f platform.RegistrationFilter) ([]*platform.Registration, int, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, 0, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	if f.Status != "" && !slices.Contains(platform.RegistrationStatuses(), f.Status) {
		return nil, 0, platform.Localized(platform.Invalid, "error.event_bad_value", map[string]any{"Field": "status", "Value": f.Status}, "unknown status %q", f.Status)
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, platform.Localized(platform.Invalid, "error.event_bad_value", map[string]any{"Field": "page", "Value": f.Offset}, "negative paging")
	}
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, 0, err
	}
	country := "" // all
	if !platform.CanEditEvent(u, ev.Kind, ev.Concerns()) {
		if u.Role != platform.RoleFocalPoint || u.Disabled {
			return nil, 0, platform.Localized(platform.Forbidden, "error.event_forbidden", nil, "user %s may not see the registrations of %s", u.ID, eventID)
		}
		country = u.Country
	}
	var all []*platform.Registration
	err = s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.byEvent[eventID] {
			if country == "" || r.Country == country {
				c := copyOf(r)
				c.Status, c.WaitingPosition = m.status(ev, c)
				all = append(all, c)
			}
		}
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b *platform.Registration) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	// Registered, then waiting people in line order, then the rest by
	// status, each as they came.
	slices.SortStableFunc(all, func(a, b *platform.Registration) int {
		if d := orderInList(a) - orderInList(b); d != 0 {
			return d
		}
		if a.State == platform.RegistrationActive {
			return cmp.Compare(a.Queue, b.Queue)
		}
		return 0
	})
	kept := all[:0]
	for _, r := range all {
		if f.Status == "" || r.Status == f.Status {
			if r.Attended == nil {
				r.Attended = []string{}
			}
			kept = append(kept, r)
		}
	}
	total := len(kept)
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}
	limit = min(limit, platform.MaxEventPage)
	lo := min(f.Offset, total)
	return kept[lo:min(lo+limit, total)], total, nil
}

func orderInList(r *platform.Registration) int {
	return slices.Index(platform.RegistrationStatuses(), r.Status)
}

// MyRegistrations implements platform.RegistrationService.
func (s *RegistrationService) MyRegistrations(ctx context.Context) ([]*platform.Registration, error) {
	u := platform.UserFromContext(ctx)
	if u == nil || u.IsSystem() {
		return nil, platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	var out []*platform.Registration
	err := s.db.mirror().view(ctx, func(m *mirror) {
		seen := map[string]bool{}
		for _, idx := range []map[string]*platform.Registration{m.byUser[u.ID], m.byEmail[strings.ToLower(u.Email)]} {
			for _, r := range idx {
				if !seen[r.ID] {
					seen[r.ID] = true
					out = append(out, copyOf(r))
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *platform.Registration) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	if len(out) > platform.MaxEventPage {
		out = out[:platform.MaxEventPage]
	}
	sys := platform.NewContextWithUser(ctx, platform.System())
	for _, r := range out {
		ev, err := s.events.FindEventByID(sys, r.EventID)
		if err != nil {
			return nil, err
		}
		if err := s.fillStatus(ctx, ev, r); err != nil {
			return nil, err
		}
		if r.Attended == nil {
			r.Attended = []string{}
		}
	}
	if out == nil {
		out = []*platform.Registration{}
	}
	return out, nil
}

// Counts implements platform.RegistrationService.
func (s *RegistrationService) Counts(ctx context.Context, eventID string) (platform.RegistrationCounts, error) {
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return platform.RegistrationCounts{}, err
	}
	return s.db.registrationCounts(ctx, ev)
}

func (db *DB) registrationCounts(ctx context.Context, ev *platform.Event) (platform.RegistrationCounts, error) {
	c := platform.RegistrationCounts{Capacity: ev.Capacity}
	err := db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.byEvent[ev.ID] {
			switch {
			case r.State == platform.RegistrationPending:
				c.Pending++
			case r.State != platform.RegistrationActive:
			case r.Category.Staff():
				c.Staff++
			default:
				c.Registered++
			}
		}
	})
	if ev.Capacity > 0 && c.Registered > ev.Capacity {
		c.Registered, c.Waiting = ev.Capacity, c.Registered-ev.Capacity
	}
	return c, err
}

// PublicParticipants implements platform.RegistrationService.
func (s *RegistrationService) PublicParticipants(ctx context.Context, eventID string) ([]platform.PublicParticipant, error) {
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, err
	}
	out := []platform.PublicParticipant{}
	var listed []*platform.Registration
	err = s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.byEvent[eventID] {
			if r.ListPublicly && r.State == platform.RegistrationActive {
				if st, _ := m.status(ev, r); st == platform.StatusRegistered {
					listed = append(listed, r)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(listed, func(a, b *platform.Registration) int { return cmp.Compare(a.Queue, b.Queue) })
	for _, r := range listed {
		out = append(out, platform.PublicParticipant{Name: r.Name, Organization: r.Organization, Country: r.Country, Category: r.Category})
	}
	return out, nil
}

// Notices implements platform.RegistrationService.
func (s *RegistrationService) Notices(ctx context.Context, id string) ([]platform.Notice, error) {
	if _, _, _, err := s.load(ctx, id); err != nil {
		return nil, err
	}
	cur, err := s.db.db.Collection(colNotices).Find(ctx, bson.D{{Key: "registrationId", Value: id}}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, translate(err)
	}
	out := []platform.Notice{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, translate(err)
	}
	return out, nil
}

// eraseRegistrations erases the personal data of a person's registrations:
// those of account userID and those made with one of the addresses in
// emails, each of which becomes its placeholder there (see
// UserService.EraseUser for what goes and what stays, and why). A
// registration erased before (a resumed erasure) only has its leftovers
// removed again. It returns the names the registrations held, for the
// audit trail's sweep.
func (db *DB) eraseRegistrations(ctx context.Context, userID string, emails map[string]string) ([]string, error) {
	s := &RegistrationService{db: db, events: NewEventService(db)}
	var regs []*platform.Registration
	err := db.mirror().view(ctx, func(m *mirror) {
		seen := map[string]bool{}
		idx := []map[string]*platform.Registration{m.byUser[userID]}
		for e := range emails {
			idx = append(idx, m.byEmail[e])
		}
		for _, rs := range idx {
			for _, r := range rs {
				if !seen[r.ID] {
					seen[r.ID] = true
					regs = append(regs, copyOf(r))
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(regs, func(a, b *platform.Registration) int { return cmp.Compare(a.ID, b.ID) })
	sys := platform.NewContextWithUser(ctx, platform.System())
	now := db.now()
	var names []string
	unname := map[string][]string{} // event → the names its staff registrations gave
	settle := map[string]bool{}
	notices := db.db.Collection(colNotices)
	for _, old := range regs {
		if old.ErasedAt == nil {
			ev, err := s.events.FindEventByID(sys, old.EventID)
			if err != nil {
				return nil, err
			}
			r := erasedRegistration(old, userID, emails, now)
			// A seat for an event not held yet goes to the next in line:
			// nobody can come in the erased person's name.
			if (old.State == platform.RegistrationActive || old.State == platform.RegistrationPending) &&
				!ev.HeldBy(now) && len(old.Attended) == 0 {
				r.State = platform.RegistrationCancelled
				settle[ev.ID] = settle[ev.ID] || old.State == platform.RegistrationActive
			}
			if err := s.replaceAs(ctx, old, r, r, auditRecord{kind: platform.TypeRegistration, id: old.ID, action: platform.ActionErase}); err != nil {
				return nil, err
			}
			if old.Name != "" {
				names = append(names, old.Name)
				if old.Category.Staff() {
					unname[old.EventID] = append(unname[old.EventID], old.Name)
				}
			}
		}
		byReg := bson.D{{Key: "registrationId", Value: old.ID}}
		for _, coll := range []string{colRegistrationLinks, colRegistrationVersions} {
			if _, err := db.db.Collection(coll).DeleteMany(ctx, byReg); err != nil {
				return nil, translate(err)
			}
		}
		// Notices not mailed yet would be mailed to the person; those
		// mailed keep only the placeholder, for what was told.
		if _, err := notices.DeleteMany(ctx, append(slices.Clone(byReg), bson.E{Key: "sentAt", Value: nil})); err != nil {
			return nil, translate(err)
		}
		if _, err := notices.UpdateMany(ctx, byReg, bson.D{
			{Key: "$set", Value: bson.D{{Key: "email", Value: placeholderOf(old.Email, emails, userID)}, {Key: "language", Value: ""}}},
			{Key: "$unset", Value: bson.D{{Key: "token", Value: ""}}},
		}); err != nil {
			return nil, translate(err)
		}
		if err := db.scrubAudit(ctx, platform.TypeRegistration, old.ID); err != nil {
			return nil, err
		}
	}
	for id, ns := range unname {
		if err := db.unnameEvents(ctx, []string{id}, ns); err != nil {
			return nil, err
		}
	}
	for id, active := range settle {
		if !active {
			continue
		}
		ev, err := s.events.FindEventByID(sys, id)
		if err != nil {
			return nil, err
		}
		if err := db.settle(ctx, ev); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// erasedRegistration is old without its participant's personal data.
func erasedRegistration(old *platform.Registration, userID string, emails map[string]string, now time.Time) *platform.Registration {
	r := copyOf(old)
	r.Name, r.Organization, r.Position, r.Language = "", "", "", ""
	r.Email = placeholderOf(old.Email, emails, userID)
	// The account, erased too, stays the registration's: a resumed erasure
	// finds the registration by it once the address is gone.
	r.UserID = userID
	r.ListPublicly = false
	r.CheckInCode, r.CertificateCode, r.FormKey = "", "", ""
	r.UpdatedAt, r.ErasedAt = now, &now
	return r
}

// placeholderOf is the placeholder of an address of the person, in emails
// (the account's own placeholder for an address the map lacks).
func placeholderOf(email string, emails map[string]string, userID string) string {
	if p, ok := emails[strings.ToLower(email)]; ok {
		return p
	}
	return platform.ErasedEmail(userID)
}
