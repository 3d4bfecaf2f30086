package mongo

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// The bilateral meetings' collections. The *_versions collections keep
// each record's earlier states and the claims that let one of several
// concurrent writers replace a record (DB.claimVersion); bilateral_solves
// holds the claims of the schedule's versions, which Solve and Publish take
// (see claimSchedule).
const (
	colDelegations               = "delegations"
	colMeetingRequests           = "meeting_requests"
	colBilateralSettings         = "bilateral_settings"
	colBilateralSchedules        = "bilateral_schedules"
	colBilateralSolves           = "bilateral_solves"
	colDelegationVersions        = "delegation_versions"
	colMeetingRequestVersions    = "meeting_request_versions"
	colBilateralSettingsVersions = "bilateral_settings_versions"
)

// BilateralService implements platform.BilateralService on MongoDB.
//
// Every read is answered from the mirror (the tables of bilateralTables):
// a conference's delegations and requests are lists by event, which
// FerretDB would answer by reading the whole collection. Every write goes
// through the write path (DB.write), holding the record for the mirror; a
// record is replaced whole after claiming its current state
// (DB.claimVersion), as FerretDB applies neither an update nor a
// findAndModify atomically. A pending request past the conference's
// deadline is expired when read: no job changes it.
type BilateralService struct {
	db  *DB
	log *slog.Logger
}

var _ platform.BilateralService = (*BilateralService)(nil)

// NewBilateralService returns the bilateral meetings' service of db. It
// logs (a failure to notify delegations of a published schedule) to slog's
// default logger until SetLogger.
func NewBilateralService(db *DB) *BilateralService {
	return &BilateralService{db: db, log: slog.Default()}
}

// SetLogger sets the logger of failures that do not fail a write.
func (s *BilateralService) SetLogger(l *slog.Logger) {
	if l != nil {
		s.log = l
	}
}

func (s *BilateralService) coll(name string) *mongo.Collection { return s.db.db.Collection(name) }

// bilateralTables are the mirror's tables of the bilateral records:
// delegations and requests indexed by their event.
type bilateralTables struct {
	delegations *table[platform.Delegation]
	requests    *table[platform.MeetingRequest]
	settings    *table[platform.BilateralSettings]
	schedules   *table[platform.BilateralSchedule]
}

func newBilateralTables() bilateralTables {
	return bilateralTables{
		delegations: newTable(colDelegations, func(d *platform.Delegation) string { return d.ID },
			func(d *platform.Delegation) []string { return []string{eventKey(d.EventID)} }),
		requests: newTable(colMeetingRequests, func(r *platform.MeetingRequest) string { return r.ID },
			func(r *platform.MeetingRequest) []string { return []string{eventKey(r.EventID)} }),
		settings:  newTable(colBilateralSettings, func(s *platform.BilateralSettings) string { return s.EventID }, nil),
		schedules: newTable(colBilateralSchedules, func(s *platform.BilateralSchedule) string { return s.EventID }, nil),
	}
}

// add lists the tables by the record type they hold into tables.
func (b bilateralTables) add(tables map[platform.RecordType]mirrorTable) {
	tables[platform.TypeDelegation] = b.delegations
	tables[platform.TypeMeetingRequest] = b.requests
	tables[platform.TypeBilateralSettings] = b.settings
	tables[platform.TypeBilateralSchedule] = b.schedules
}

// eventKey is the index key of an event's delegations and requests.
func eventKey(id string) string { return "e:" + id }

// The records are copied deeply in and out of the mirror: a caller that
// changes what it got changes nothing the next reader gets.

func cloneDelegation(d *platform.Delegation) *platform.Delegation {
	c := *d
	c.Members = make([]platform.DelegationMember, len(d.Members))
	for i, m := range d.Members {
		m.Languages = slices.Clone(m.Languages)
		m.Unavailable = slices.Clone(m.Unavailable)
		if m.Languages == nil {
			m.Languages = []string{}
		}
		if m.Unavailable == nil {
			m.Unavailable = []platform.TimeRange{}
		}
		c.Members[i] = m
	}
	return &c
}

func cloneRequest(r *platform.MeetingRequest) *platform.MeetingRequest {
	c := *r
	c.Areas, c.UncacArticles = orEmpty(slices.Clone(r.Areas)), slices.Clone(r.UncacArticles)
	if c.UncacArticles == nil {
		c.UncacArticles = []int{}
	}
	c.FromMembers, c.ToMembers = orEmpty(slices.Clone(r.FromMembers)), orEmpty(slices.Clone(r.ToMembers))
	if r.Interpretation != nil {
		p := *r.Interpretation
		c.Interpretation = &p
	}
	if r.DecidedAt != nil {
		t := *r.DecidedAt
		c.DecidedAt = &t
	}
	return &c
}

func cloneSettings(s *platform.BilateralSettings) *platform.BilateralSettings {
	c := *s
	c.Windows = slices.Clone(s.Windows)
	c.Rooms = slices.Clone(s.Rooms)
	c.Interpreters = make([]platform.BilateralInterpreter, len(s.Interpreters))
	for i, x := range s.Interpreters {
		x.Pairs, x.Unavailable = slices.Clone(x.Pairs), slices.Clone(x.Unavailable)
		if x.Unavailable == nil {
			x.Unavailable = []platform.TimeRange{}
		}
		c.Interpreters[i] = x
	}
	if c.Windows == nil {
		c.Windows = []platform.TimeRange{}
	}
	if c.Rooms == nil {
		c.Rooms = []platform.BilateralRoom{}
	}
	return &c
}

func cloneSchedule(s *platform.BilateralSchedule) *platform.BilateralSchedule {
	c := *s
	c.Meetings, c.Unplaced, c.Published = slices.Clone(s.Meetings), slices.Clone(s.Unplaced), slices.Clone(s.Published)
	c.Moves = make([]platform.MeetingMove, len(s.Moves))
	for i, m := range s.Moves {
		if m.To != nil {
			to := *m.To
			m.To = &to
		}
		c.Moves[i] = m
	}
	if s.PublishedAt != nil {
		t := *s.PublishedAt
		c.PublishedAt = &t
	}
	if c.Meetings == nil {
		c.Meetings = []platform.ScheduledMeeting{}
	}
	if c.Unplaced == nil {
		c.Unplaced = []platform.UnplacedMeeting{}
	}
	if c.Published == nil {
		c.Published = []platform.ScheduledMeeting{}
	}
	return &c
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Errors of the bilateral meetings, with their message ids.

func bilateralNotFound(what, id string) error {
	return platform.Localized(platform.NotFound, "bilaterals.error.not_found", nil, "%s %q not found", what, id)
}

func bilateralForbidden(u *platform.User, what string) error {
	id := ""
	if u != nil {
		id = u.ID
	}
	return platform.Localized(platform.Forbidden, "bilaterals.error.forbidden", nil, "user %s may not %s", id, what)
}

func bilateralConflict(id string) error {
	return platform.Localized(platform.Conflict, "bilaterals.error.changed", nil, "%q changed concurrently", id)
}

func bilateralInvalid(field, what string, value any, format string, args ...any) error {
	return platform.Localized(platform.Invalid, "bilaterals.error."+what, map[string]any{"Field": field, "Value": value},
		"%s: "+format, append([]any{field}, args...)...)
}

// conference is what a reader in ctx may do at a conference's bilateral
// meetings.
type conference struct {
	ev          *platform.Event
	u           *platform.User
	secretariat bool
	// actsFor are the conference's delegations the reader acts for
	// (platform.CanActForDelegation), the secretariat aside.
	actsFor  map[string]bool
	settings *platform.BilateralSettings
	now      time.Time
}

// sees reports whether the reader may see the conference's bilaterals at
// all.
func (c *conference) sees() bool { return c.secretariat || len(c.actsFor) > 0 }

// mayAct reports whether the reader acts for delegation id.
func (c *conference) mayAct(id string) bool { return c.secretariat || c.actsFor[id] }

// deadline is when the conference's pending requests expire.
func (c *conference) deadline() time.Time { return c.settings.Deadline(c.ev) }

// conference reads the event (NotFound when the reader may not see it,
// Invalid when it is no conference) and what the reader in ctx may do
// there, in one look at the mirror.
func (s *BilateralService) conference(ctx context.Context, eventID string) (*conference, error) {
	u := signedIn(ctx)
	c := &conference{u: u, secretariat: platform.IsSecretariat(u), actsFor: map[string]bool{}, now: s.db.now()}
	err := s.db.mirror().view(ctx, func(m *mirror) {
		e := m.events[eventID]
		if e == nil {
			return
		}
		cp := *e
		cp.SetFields(e.Input())
		c.ev = &cp
		if u != nil && !c.secretariat {
			for _, d := range m.roadmap.bilateral.delegations.by[eventKey(eventID)] {
				if platform.CanActForDelegation(u, d) {
					c.actsFor[d.ID] = true
				}
			}
		}
		if st := m.roadmap.bilateral.settings.rows[eventID]; st != nil {
			c.settings = cloneSettings(st)
		}
	})
	if err != nil {
		return nil, err
	}
	if c.ev == nil || !visible(ctx, c.ev.Visibility) {
		return nil, bilateralNotFound("conference", eventID)
	}
	if c.ev.Kind != platform.EventConference {
		return nil, platform.Localized(platform.Invalid, "bilaterals.error.not_conference", map[string]any{"Field": "eventId", "Value": eventID},
			"event %q is not a conference", eventID)
	}
	if c.settings == nil {
		c.settings = platform.DefaultBilateralSettings(eventID)
	}
	return c, nil
}

// seeing is conference for a read: NotFound for a reader who may not see
// the conference's bilaterals.
func (s *BilateralService) seeing(ctx context.Context, eventID string) (*conference, error) {
	c, err := s.conference(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if !c.sees() {
		return nil, bilateralNotFound("conference", eventID)
	}
	return c, nil
}

// writing is conference for a write: Unauthorized for an anonymous
// writer, NotFound for one who may not see the conference's bilaterals.
func (s *BilateralService) writing(ctx context.Context, eventID string) (*conference, error) {
	if signedIn(ctx) == nil {
		return nil, signInRequired()
	}
	return s.seeing(ctx, eventID)
}

// delegationFor is a copy of d as the reader of c gets it: whole for the
// secretariat and those who act for it; else its name, kind and head.
func (c *conference) delegationFor(d *platform.Delegation) *platform.Delegation {
	out := cloneDelegation(d)
	if c.mayAct(d.ID) {
		return out
	}
	out.Members = []platform.DelegationMember{}
	if h := d.Member(d.Head); h != nil {
		out.Members = append(out.Members, platform.DelegationMember{ID: h.ID, Name: h.Name, Position: h.Position,
			Languages: []string{}, Unavailable: []platform.TimeRange{}})
	}
	out.HeadUser = ""
	return out
}

// requestFor is a copy of r with its status as of now.
func (c *conference) requestFor(r *platform.MeetingRequest) *platform.MeetingRequest {
	out := cloneRequest(r)
	out.Status = r.EffectiveStatus(c.now, c.deadline())
	return out
}

// seesRequest reports whether the reader of c sees r.
func (c *conference) seesRequest(r *platform.MeetingRequest) bool {
	return c.secretariat || c.actsFor[r.From] || c.actsFor[r.To]
}

// Delegations implements platform.BilateralService: by kind (countries
// first, in the order of platform.Countries), then name.
func (s *BilateralService) Delegations(ctx context.Context, eventID string) ([]*platform.Delegation, error) {
	c, err := s.seeing(ctx, eventID)
	if err != nil {
		return nil, err
	}
	out := []*platform.Delegation{}
	err = s.db.mirror().view(ctx, func(m *mirror) {
		for _, d := range m.roadmap.bilateral.delegations.by[eventKey(eventID)] {
			out = append(out, c.delegationFor(d))
		}
	})
	countries := platform.Countries()
	order := func(d *platform.Delegation) int {
		if d.Kind == platform.DelegationCountry {
			return slices.Index(countries, d.Country)
		}
		return len(countries)
	}
	slices.SortFunc(out, func(a, b *platform.Delegation) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return out, err
}

// delegation returns a copy of delegation id as stored, or nil.
func (s *BilateralService) delegation(ctx context.Context, id string) (*platform.Delegation, error) {
	var d *platform.Delegation
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.roadmap.bilateral.delegations.rows[id]; got != nil {
			d = cloneDelegation(got)
		}
	})
	return d, err
}

// request returns a copy of request id as stored, or nil.
func (s *BilateralService) request(ctx context.Context, id string) (*platform.MeetingRequest, error) {
	var r *platform.MeetingRequest
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.roadmap.bilateral.requests.rows[id]; got != nil {
			r = cloneRequest(got)
		}
	})
	return r, err
}

// Delegation implements platform.BilateralService.
func (s *BilateralService) Delegation(ctx context.Context, id string) (*platform.Delegation, error) {
	d, err := s.delegation(ctx, id)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, bilateralNotFound("delegation", id)
	}
	c, err := s.seeing(ctx, d.EventID)
	if err != nil {
		return nil, bilateralNotFound("delegation", id)
	}
	return c.delegationFor(d), nil
}

// SaveDelegation implements platform.BilateralService. Members linked to a
// registration take their name (and position, when they have none) from
// it; the head's registration gives the account that acts for the
// delegation (its own, or the account with its email). A focal point
// creates their country's delegation; the secretariat any; a delegation's
// kind and country stay as the secretariat made them.
func (s *BilateralService) SaveDelegation(ctx context.Context, eventID, id string, in platform.DelegationInput) (_ *platform.Delegation, err error) {
	defer platform.Wrap(&err, "SaveDelegation(%q, %q)", eventID, id)
	u := signedIn(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	c, err := s.conference(ctx, eventID)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	var old *platform.Delegation
	if id != "" {
		if old, err = s.delegation(ctx, id); err != nil {
			return nil, err
		}
		if old == nil || old.EventID != eventID || !c.sees() {
			return nil, bilateralNotFound("delegation", id)
		}
		if !c.mayAct(id) {
			return nil, s.db.deniedAttempt(ctx, platform.TypeDelegation, id, old, in, bilateralForbidden(u, "change this delegation"))
		}
		if !c.secretariat && (in.Kind != old.Kind || in.Country != old.Country) {
			return nil, s.db.deniedAttempt(ctx, platform.TypeDelegation, id, old, in, bilateralForbidden(u, "change a delegation's kind or country"))
		}
		if in.IfVersion != 0 && in.IfVersion != old.Version {
			return nil, bilateralConflict(id)
		}
	} else if !c.secretariat && !(u.Role == platform.RoleFocalPoint && in.Kind == platform.DelegationCountry && in.Country == u.Country && u.Country != "") {
		return nil, s.db.deniedAttempt(ctx, platform.TypeDelegation, "", nil, in, bilateralForbidden(u, "create this delegation"))
	}
	// Linked members take their names from their registrations.
	regs := map[string]*platform.Registration{}
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, mem := range in.Members {
			if r := m.regs[mem.RegistrationID]; r != nil {
				regs[mem.RegistrationID] = copyOf(r)
			}
		}
	}); err != nil {
		return nil, err
	}
	for i := range in.Members {
		mem := &in.Members[i]
		if r := regs[mem.RegistrationID]; r != nil && r.EventID == eventID && r.ErasedAt == nil {
			mem.Name = platform.CleanLine(r.Name)
			if mem.Position == "" {
				mem.Position = platform.CleanLine(r.Position)
			}
		}
	}
	for i, mem := range in.Members {
		if !platform.ValidRecordID(mem.RegistrationID) {
			continue // none, or garbage that Validate names
		}
		if r := regs[mem.RegistrationID]; r == nil || r.EventID != eventID {
			return nil, bilateralInvalid("members."+strconv.Itoa(i)+".registrationId", "registration_other_event", mem.RegistrationID,
				"not a registration of this conference")
		}
	}
	if err := in.Validate(c.ev); err != nil {
		return nil, err
	}
	seen := false
	// A person is in one delegation: in two, the scheduler would see two
	// people and could place them in two meetings at once.
	memberOf := map[string]bool{}
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, d := range m.roadmap.bilateral.delegations.by[eventKey(eventID)] {
			if d.ID != id {
				for _, mem := range d.Members {
					if mem.RegistrationID != "" {
						memberOf[mem.RegistrationID] = true
					}
				}
			}
			if d.ID != id && d.Kind == in.Kind && (in.Kind == platform.DelegationCountry && d.Country == in.Country ||
				in.Kind == platform.DelegationOrganization && search.Fold(d.Name) == search.Fold(in.Name)) {
				seen = true
			}
		}
	}); err != nil {
		return nil, err
	}
	for i, mem := range in.Members {
		if memberOf[mem.RegistrationID] {
			return nil, bilateralInvalid("members."+strconv.Itoa(i)+".registrationId", "registration_taken", mem.RegistrationID,
				"this person is a member of another delegation")
		}
	}
	taken := func() error {
		field, value := "country", in.Country
		if in.Kind == platform.DelegationOrganization {
			field, value = "name", in.Name
		}
		return bilateralInvalid(field, "delegation_taken", value, "the conference has this delegation already")
	}
	if seen {
		return nil, taken()
	}
	headUser := ""
	for _, mem := range in.Members {
		if mem.ID != in.Head || mem.RegistrationID == "" {
			continue
		}
		r := regs[mem.RegistrationID]
		headUser = r.UserID
		if headUser == "" && r.ErasedAt == nil {
			if su, err := s.db.userByEmail(ctx, r.Email); err == nil && !su.Disabled && su.ErasedAt == nil {
				headUser = su.ID
			}
		}
	}
	now := s.db.now()
	d := &platform.Delegation{EventID: eventID, Kind: in.Kind, Country: in.Country, Name: in.Name, Members: in.Members,
		Head: in.Head, HeadUser: headUser, UpdatedAt: now}
	for i := range d.Members {
		m := &d.Members[i]
		if m.Unavailable == nil {
			m.Unavailable = []platform.TimeRange{}
		}
	}
	d.ID = id
	if old == nil {
		d.ID = bson.NewObjectID().Hex()
	}
	key := delegationKey(eventID, d.Kind, d.Country, d.Name)
	newKey := old == nil || key != delegationKey(old.EventID, old.Kind, old.Country, old.Name)
	if newKey {
		won, err := s.claimKey(ctx, colDelegationVersions, key, d.ID, s.delegationHolds(ctx, key))
		if err != nil {
			return nil, err
		}
		if !won {
			return nil, taken()
		}
	}
	if old == nil {
		d.CreatedAt, d.Version = now, 1
		err = s.db.write(ctx, upsert(platform.TypeDelegation, d.ID).holding(d).audited(platform.ActionCreate, nil, d),
			func(ctx context.Context, seq uint64) error {
				d.Seq = seq
				_, err := s.coll(colDelegations).InsertOne(ctx, d)
				return err
			})
	} else {
		d.CreatedAt, d.Version = old.CreatedAt, old.Version+1
		err = s.replace(ctx, platform.TypeDelegation, colDelegations, colDelegationVersions, "delegationId", old.ID, old.Version, old, d,
			func(seq uint64) { d.Seq = seq }, d)
	}
	if err != nil {
		if newKey {
			s.releaseKey(ctx, colDelegationVersions, key, d.ID)
		}
		return nil, err
	}
	if old != nil && newKey {
		s.releaseKey(ctx, colDelegationVersions, delegationKey(old.EventID, old.Kind, old.Country, old.Name), old.ID)
	}
	return cloneDelegation(d), nil
}

// replace replaces record id of coll (of type typ, at version), claiming
// its state first, through the write path, audited as an update; setSeq
// gives the record its change-log number; held is the record the mirror
// takes (copied when the change is logged, its number set by then).
func (s *BilateralService) replace(ctx context.Context, typ platform.RecordType, coll, versions, parentKey, id string, version int,
	old, next any, setSeq func(uint64), held any) error {
	conflict := bilateralConflict(id)
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.coll(versions), records: s.coll(coll), parentKey: parentKey,
		id: id, version: version, state: old, conflict: conflict}); err != nil {
		return err
	}
	return s.db.write(ctx, upsert(typ, id).holding(held).audited(platform.ActionUpdate, old, next),
		func(ctx context.Context, seq uint64) error {
			setSeq(seq)
			return replaceVersion(ctx, s.coll(coll), id, version, next, conflict)
		})
}

// DeleteDelegation implements platform.BilateralService. A delegation with
// a pending or accepted request (either side) is kept (Conflict): the
// requests name it.
func (s *BilateralService) DeleteDelegation(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "DeleteDelegation(%q)", id)
	u := signedIn(ctx)
	if u == nil {
		return signInRequired()
	}
	old, err := s.delegation(ctx, id)
	if err != nil {
		return err
	}
	if old == nil {
		return bilateralNotFound("delegation", id)
	}
	c, err := s.conference(ctx, old.EventID)
	if err != nil || !c.sees() {
		return bilateralNotFound("delegation", id)
	}
	if !c.mayAct(id) {
		return s.db.denied(ctx, platform.TypeDelegation, id, old, bilateralForbidden(u, "delete this delegation"))
	}
	busy := false
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.bilateral.requests.by[eventKey(old.EventID)] {
			st := r.EffectiveStatus(c.now, c.deadline())
			if (r.From == id || r.To == id) && (st == platform.MeetingPending || st == platform.MeetingAccepted) {
				busy = true
			}
		}
	}); err != nil {
		return err
	}
	if busy {
		return platform.Localized(platform.Conflict, "bilaterals.error.delegation_has_requests", nil, "delegation %q has pending or accepted requests", id)
	}
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.coll(colDelegationVersions), records: s.coll(colDelegations),
		parentKey: "delegationId", id: id, version: old.Version, state: old, conflict: bilateralConflict(id)}); err != nil {
		return err
	}
	err = s.db.write(ctx, remove(platform.TypeDelegation, id).audited(platform.ActionDelete, old, nil),
		func(ctx context.Context, _ uint64) error {
			_, err := s.coll(colDelegations).DeleteOne(ctx, byID(id))
			return err
		})
	if err == nil {
		s.releaseKey(ctx, colDelegationVersions, delegationKey(old.EventID, old.Kind, old.Country, old.Name), id)
	}
	return err
}

// Requests implements platform.BilateralService: newest first.
func (s *BilateralService) Requests(ctx context.Context, eventID, delegation string, status platform.MeetingStatus) ([]*platform.MeetingRequest, error) {
	c, err := s.seeing(ctx, eventID)
	if err != nil {
		return nil, err
	}
	out := []*platform.MeetingRequest{}
	err = s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.bilateral.requests.by[eventKey(eventID)] {
			if !c.seesRequest(r) || delegation != "" && r.From != delegation && r.To != delegation {
				continue
			}
			got := c.requestFor(r)
			if status != "" && got.Status != status {
				continue
			}
			out = append(out, got)
		}
	})
	slices.SortFunc(out, func(a, b *platform.MeetingRequest) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(b.ID, a.ID))
	})
	return out, err
}

// Request implements platform.BilateralService.
func (s *BilateralService) Request(ctx context.Context, id string) (*platform.MeetingRequest, error) {
	r, c, err := s.readRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.requestFor(r), nil
}

// readRequest reads request id and its conference for a reader who sees
// it (NotFound for anyone else).
func (s *BilateralService) readRequest(ctx context.Context, id string) (*platform.MeetingRequest, *conference, error) {
	r, err := s.request(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if r == nil {
		return nil, nil, bilateralNotFound("meeting request", id)
	}
	c, err := s.conference(ctx, r.EventID)
	if err != nil || !c.seesRequest(r) {
		return nil, nil, bilateralNotFound("meeting request", id)
	}
	return r, c, nil
}

// CreateRequest implements platform.BilateralService. The deadline binds
// the delegations, not the secretariat. Two requests between
// the same delegations (either way) on the same topic (compared across
// scripts and case) are one too many while the first is pending or
// accepted.
func (s *BilateralService) CreateRequest(ctx context.Context, eventID string, in platform.MeetingRequestInput) (_ *platform.MeetingRequest, err error) {
	defer platform.Wrap(&err, "CreateRequest(%q)", eventID)
	c, err := s.writing(ctx, eventID)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	from, err := s.delegation(ctx, in.From)
	if err != nil {
		return nil, err
	}
	to, err := s.delegation(ctx, in.To)
	if err != nil {
		return nil, err
	}
	if from == nil || from.EventID != eventID {
		return nil, bilateralInvalid("from", "not_at_conference", in.From, "not a delegation at this conference")
	}
	if to == nil || to.EventID != eventID {
		return nil, bilateralInvalid("to", "not_at_conference", in.To, "not a delegation at this conference")
	}
	if !c.mayAct(from.ID) {
		return nil, s.db.deniedAttempt(ctx, platform.TypeMeetingRequest, "", nil, in, bilateralForbidden(c.u, "ask for this delegation"))
	}
	for _, id := range in.FromMembers {
		if from.Member(id) == nil {
			return nil, bilateralInvalid("fromMembers", "unknown_member", id, "not a member of the delegation")
		}
	}
	// The deadline binds the delegations; the secretariat may still
	// record a request arranged late (on site, by letter).
	if !c.secretariat && !c.now.Before(c.deadline()) {
		return nil, platform.Localized(platform.Invalid, "bilaterals.error.deadline_passed",
			map[string]any{"Field": "requestDeadline", "Value": c.deadline().Format(time.RFC3339)}, "the deadline for requests has passed")
	}
	topic := search.Fold(in.Topic)
	dup := false
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.bilateral.requests.by[eventKey(eventID)] {
			st := r.EffectiveStatus(c.now, c.deadline())
			pair := r.From == in.From && r.To == in.To || r.From == in.To && r.To == in.From
			if pair && (st == platform.MeetingPending || st == platform.MeetingAccepted) && search.Fold(r.Topic) == topic {
				dup = true
			}
		}
	}); err != nil {
		return nil, err
	}
	duplicate := platform.Localized(platform.Conflict, "bilaterals.error.duplicate_request", map[string]any{"Field": "topic", "Value": in.Topic},
		"a pending or accepted request between these delegations has this topic")
	if dup {
		return nil, duplicate
	}
	id := bson.NewObjectID().Hex()
	key := requestKey(eventID, in.From, in.To, in.Topic)
	if won, err := s.claimKey(ctx, colMeetingRequestVersions, key, id, s.requestHolds(ctx, c, key)); err != nil {
		return nil, err
	} else if !won {
		return nil, duplicate
	}
	r := &platform.MeetingRequest{ID: id, EventID: eventID, From: in.From, To: in.To, Topic: in.Topic,
		Areas: orEmpty(in.Areas), UncacArticles: in.UncacArticles, Priority: in.Priority, FromMembers: in.FromMembers, ToMembers: []string{},
		Interpretation: in.Interpretation, Status: platform.MeetingPending, CreatedBy: c.u.ID, CreatedAt: c.now, UpdatedAt: c.now, Version: 1}
	if r.UncacArticles == nil {
		r.UncacArticles = []int{}
	}
	err = s.db.write(ctx, upsert(platform.TypeMeetingRequest, r.ID).holding(r).audited(platform.ActionCreate, nil, r),
		func(ctx context.Context, seq uint64) error {
			r.Seq = seq
			_, err := s.coll(colMeetingRequests).InsertOne(ctx, r)
			return err
		})
	if err != nil {
		s.releaseKey(ctx, colMeetingRequestVersions, key, id)
		return nil, err
	}
	return c.requestFor(r), nil
}

// AnswerRequest implements platform.BilateralService. The secretariat may
// answer for either side, and after the deadline (a late answer it
// records). An accepted request may still be withdrawn by
// the side that asked (the next schedule drops it).
func (s *BilateralService) AnswerRequest(ctx context.Context, id string, in platform.MeetingAnswer) (_ *platform.MeetingRequest, err error) {
	defer platform.Wrap(&err, "AnswerRequest(%q)", id)
	if signedIn(ctx) == nil {
		return nil, signInRequired()
	}
	old, c, err := s.readRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	side := old.To
	if in.Action == platform.AnswerWithdraw {
		side = old.From
	}
	if !c.mayAct(side) {
		return nil, s.db.deniedAttempt(ctx, platform.TypeMeetingRequest, id, old, in, bilateralForbidden(c.u, in.Action+" this request"))
	}
	if in.IfVersion != 0 && in.IfVersion != old.Version {
		return nil, bilateralConflict(id)
	}
	st := old.EffectiveStatus(c.now, c.deadline())
	if st == platform.MeetingExpired && c.secretariat {
		st = platform.MeetingPending // the secretariat records a late answer
	}
	if st != platform.MeetingPending && !(in.Action == platform.AnswerWithdraw && st == platform.MeetingAccepted) {
		return nil, platform.Localized(platform.Conflict, "bilaterals.error.already_answered", map[string]any{"Value": string(st)},
			"the request is %s", st)
	}
	next := cloneRequest(old)
	switch in.Action {
	case platform.AnswerAccept:
		to, err := s.delegation(ctx, old.To)
		if err != nil {
			return nil, err
		}
		for _, m := range in.ToMembers {
			if to == nil || to.Member(m) == nil {
				return nil, bilateralInvalid("toMembers", "unknown_member", m, "not a member of the delegation")
			}
		}
		next.Status, next.ToMembers = platform.MeetingAccepted, in.ToMembers
		if in.Interpretation != nil {
			next.Interpretation = in.Interpretation
		}
	case platform.AnswerDecline:
		next.Status = platform.MeetingDeclined
	case platform.AnswerWithdraw:
		next.Status = platform.MeetingWithdrawn
		next.Locked = false
	}
	now := c.now
	next.Reason, next.DecidedBy, next.DecidedAt = in.Reason, c.u.ID, &now
	next.UpdatedAt, next.Version = now, old.Version+1
	if err := s.replace(ctx, platform.TypeMeetingRequest, colMeetingRequests, colMeetingRequestVersions, "requestId", id, old.Version,
		old, next, func(seq uint64) { next.Seq = seq }, next); err != nil {
		return nil, err
	}
	return c.requestFor(next), nil
}

// LockRequest implements platform.BilateralService. Only an accepted
// request is locked (Invalid otherwise).
func (s *BilateralService) LockRequest(ctx context.Context, id string, locked bool) (_ *platform.MeetingRequest, err error) {
	defer platform.Wrap(&err, "LockRequest(%q)", id)
	if signedIn(ctx) == nil {
		return nil, signInRequired()
	}
	old, c, err := s.readRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if !c.secretariat {
		return nil, s.db.denied(ctx, platform.TypeMeetingRequest, id, old, bilateralForbidden(c.u, "lock a meeting"))
	}
	if locked && old.EffectiveStatus(c.now, c.deadline()) != platform.MeetingAccepted {
		return nil, bilateralInvalid("locked", "not_accepted", old.Status, "only an accepted request is locked")
	}
	if old.Locked == locked {
		return c.requestFor(old), nil
	}
	next := cloneRequest(old)
	next.Locked, next.UpdatedAt, next.Version = locked, c.now, old.Version+1
	if err := s.replace(ctx, platform.TypeMeetingRequest, colMeetingRequests, colMeetingRequestVersions, "requestId", id, old.Version,
		old, next, func(seq uint64) { next.Seq = seq }, next); err != nil {
		return nil, err
	}
	return c.requestFor(next), nil
}
