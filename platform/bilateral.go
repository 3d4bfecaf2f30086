package platform

import (
	"context"
	"time"
)

// Record types of the bilateral meetings at a conference.
const (
	// TypeDelegation is a country's or organization's delegation at a
	// conference.
	TypeDelegation RecordType = "delegation"
	// TypeMeetingRequest is one delegation's request to meet another.
	TypeMeetingRequest RecordType = "meeting_request"
	// TypeBilateralSettings is a conference's rooms, interpreters, slot
	// length and request deadline (one per event, its id the event's).
	TypeBilateralSettings RecordType = "bilateral_settings"
	// TypeBilateralSchedule is a conference's draft and published schedule
	// of bilateral meetings (one per event, its id the event's).
	TypeBilateralSchedule RecordType = "bilateral_schedule"
)

// TimeRange is a span of time, [Start, End).
type TimeRange struct {
	Start time.Time `json:"start" bson:"start"`
	End   time.Time `json:"end" bson:"end"`
}

// LanguagePair is two languages interpreted between, either way; Normalize
// orders them so that ("ru","en") and ("en","ru") are stored alike.
type LanguagePair struct {
	A string `json:"a" bson:"a"`
	B string `json:"b" bson:"b"`
}

// DelegationKind is whom a delegation represents.
type DelegationKind string

// Delegation kinds.
const (
	DelegationCountry      DelegationKind = "country"      // a member state (Country)
	DelegationOrganization DelegationKind = "organization" // a partner, donor or civil society (Name)
)

// DelegationMember is a person in a delegation. Members are registered
// participants of the conference (RegistrationID); their names are copied
// from the registration when linked, so a schedule prints without it.
type DelegationMember struct {
	// ID is stable within the delegation ("m1", "m2"…), so that requests
	// keep naming the member when others are added or removed.
	ID             string `json:"id" bson:"id"`
	RegistrationID string `json:"registrationId,omitempty" bson:"registrationId,omitempty"`
	Name           string `json:"name" bson:"name"`
	Position       string `json:"position,omitempty" bson:"position,omitempty"`
	// Languages the member speaks well enough to meet in (BCP 47 primary
	// tags, any language, not only the hub's seven).
	Languages []string `json:"languages" bson:"languages"`
	// Unavailable are the times the member is committed elsewhere.
	Unavailable []TimeRange `json:"unavailable" bson:"unavailable"`
}

// Delegation is a country's or an organization's delegation at a
// conference.
type Delegation struct {
	ID      string         `json:"id" bson:"_id"`
	EventID string         `json:"eventId" bson:"eventId"`
	Kind    DelegationKind `json:"kind" bson:"kind"`
	// Country is the member state of a country delegation (KZ KG TJ TM UZ);
	// Name is an organization's name as it writes it (pages name a country
	// delegation by its country, in the reader's language).
	Country string             `json:"country,omitempty" bson:"country,omitempty"`
	Name    string             `json:"name,omitempty" bson:"name,omitempty"`
	Members []DelegationMember `json:"members" bson:"members"`
	// Head is the member ID of the head of delegation.
	Head string `json:"head" bson:"head"`
	// HeadUser is the account of the head of delegation (from the linked
	// registration), who acts for the delegation as its focal point does.
	HeadUser  string    `json:"-" bson:"headUser,omitempty"`
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" bson:"updatedAt"`
	Version   int       `json:"version" bson:"version"`
	Seq       uint64    `json:"-" bson:"seq"`
}

// DelegationInput is what a client sends to create or replace a delegation.
type DelegationInput struct {
	Kind      DelegationKind     `json:"kind"`
	Country   string             `json:"country"`
	Name      string             `json:"name"`
	Members   []DelegationMember `json:"members"`
	Head      string             `json:"head"`
	IfVersion int                `json:"-"`
}

// Limits on bilateral records.
const (
	MaxDelegationMembers   = 50
	MaxMemberLanguages     = 10
	MaxUnavailableRanges   = 50
	MaxRequestMembers      = 20
	MaxBilateralRooms      = 50
	MaxInterpreters        = 100
	MaxSlotMinutes         = 240
	MaxSolveTimeBoxSeconds = 60
)

// MeetingStatus is where a meeting request stands.
type MeetingStatus string

// Meeting request statuses. A pending request past the conference's
// request deadline reads as expired (worked out when read, as delayed items
// are: no job has to run for it).
const (
	MeetingPending   MeetingStatus = "pending"
	MeetingAccepted  MeetingStatus = "accepted"
	MeetingDeclined  MeetingStatus = "declined"
	MeetingWithdrawn MeetingStatus = "withdrawn" // by the delegation that asked
	MeetingExpired   MeetingStatus = "expired"
)

// MeetingPriority orders requests when not all can be placed.
type MeetingPriority string

// Meeting priorities.
const (
	PriorityHigh   MeetingPriority = "high"
	PriorityNormal MeetingPriority = "normal"
	PriorityLow    MeetingPriority = "low"
)

// Weight is the priority as the scheduler counts it (higher first).
func (p MeetingPriority) Weight() int {
	switch p {
	case PriorityHigh:
		return 3
	case PriorityLow:
		return 1
	}
	return 2
}

// MeetingRequest is one delegation's request to meet another at a
// conference. The asking delegation names its members who attend; the
// other names its own when it accepts.
type MeetingRequest struct {
	ID      string `json:"id" bson:"_id"`
	EventID string `json:"eventId" bson:"eventId"`
	From    string `json:"from" bson:"from"` // delegation id
	To      string `json:"to" bson:"to"`     // delegation id
	// Topic is written once, in the asker's language, as an event's names
	// are; Areas and UncacArticles tag it in every language.
	Topic         string          `json:"topic" bson:"topic"`
	Areas         []string        `json:"areas" bson:"areas"`
	UncacArticles []int           `json:"uncacArticles" bson:"uncacArticles"`
	Priority      MeetingPriority `json:"priority" bson:"priority"`
	FromMembers   []string        `json:"fromMembers" bson:"fromMembers"`
	ToMembers     []string        `json:"toMembers" bson:"toMembers"`
	// Interpretation is the pair of languages the meeting needs an
	// interpreter for; nil when the delegations share one.
	Interpretation *LanguagePair `json:"interpretation,omitempty" bson:"interpretation,omitempty"`
	Status         MeetingStatus `json:"status" bson:"status"`
	// Reason is the decliner's or withdrawer's reason.
	Reason    string     `json:"reason,omitempty" bson:"reason,omitempty"`
	DecidedBy string     `json:"decidedBy,omitempty" bson:"decidedBy,omitempty"`
	DecidedAt *time.Time `json:"decidedAt,omitempty" bson:"decidedAt,omitempty"`
	// Locked keeps the meeting where the schedule has it when the
	// secretariat solves again (the secretariat's choice).
	Locked    bool      `json:"locked" bson:"locked"`
	CreatedBy string    `json:"createdBy" bson:"createdBy"`
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" bson:"updatedAt"`
	Version   int       `json:"version" bson:"version"`
	Seq       uint64    `json:"-" bson:"seq"`
}

// MeetingRequestInput is what a delegation sends to ask for a meeting.
type MeetingRequestInput struct {
	From           string          `json:"from"`
	To             string          `json:"to"`
	Topic          string          `json:"topic"`
	Areas          []string        `json:"areas"`
	UncacArticles  []int           `json:"uncacArticles"`
	Priority       MeetingPriority `json:"priority"`
	FromMembers    []string        `json:"fromMembers"`
	Interpretation *LanguagePair   `json:"interpretation"`
}

// MeetingAnswer is the other delegation's answer (accept with its members,
// or decline with a reason), or the asker's withdrawal.
type MeetingAnswer struct {
	// Action is "accept", "decline" or "withdraw".
	Action    string   `json:"action"`
	ToMembers []string `json:"toMembers"`
	// Interpretation may be set by the accepting side, which knows its
	// members' languages.
	Interpretation *LanguagePair `json:"interpretation"`
	Reason         string        `json:"reason"`
	IfVersion      int           `json:"-"`
}

// BilateralRoom is a room for bilateral meetings.
type BilateralRoom struct {
	ID       string `json:"id" bson:"id"`
	Name     string `json:"name" bson:"name"`
	Capacity int    `json:"capacity" bson:"capacity"`
	// Withdrawn rooms are kept (schedules name them) but no longer used.
	Withdrawn bool `json:"withdrawn" bson:"withdrawn"`
}

// BilateralInterpreter is an interpreter available for bilateral meetings.
type BilateralInterpreter struct {
	ID          string         `json:"id" bson:"id"`
	Name        string         `json:"name" bson:"name"`
	Pairs       []LanguagePair `json:"pairs" bson:"pairs"`
	Unavailable []TimeRange    `json:"unavailable" bson:"unavailable"`
	Withdrawn   bool           `json:"withdrawn" bson:"withdrawn"`
}

// BilateralSettings is how a conference's bilateral meetings are held.
// The free windows are the days' meeting hours (DayStart–DayEnd in the
// event's zone, on each day of the event) less the sessions of its
// timetable, unless Windows lists them explicitly.
type BilateralSettings struct {
	EventID      string                 `json:"eventId" bson:"_id"`
	SlotMinutes  int                    `json:"slotMinutes" bson:"slotMinutes"`
	BreakMinutes int                    `json:"breakMinutes" bson:"breakMinutes"`
	DayStart     string                 `json:"dayStart" bson:"dayStart"` // "09:00"
	DayEnd       string                 `json:"dayEnd" bson:"dayEnd"`     // "18:00"
	Windows      []TimeRange            `json:"windows" bson:"windows"`
	Rooms        []BilateralRoom        `json:"rooms" bson:"rooms"`
	Interpreters []BilateralInterpreter `json:"interpreters" bson:"interpreters"`
	// RequestDeadline is when pending requests expire and no new ones are
	// taken; zero: the conference's start.
	RequestDeadline time.Time `json:"requestDeadline" bson:"requestDeadline"`
	// TimeBoxSeconds bounds a run of the scheduler (default 2).
	TimeBoxSeconds int       `json:"timeBoxSeconds" bson:"timeBoxSeconds"`
	UpdatedAt      time.Time `json:"updatedAt" bson:"updatedAt"`
	Version        int       `json:"version" bson:"version"`
	Seq            uint64    `json:"-" bson:"seq"`
}

// ScheduledMeeting is a meeting request placed in a schedule.
type ScheduledMeeting struct {
	RequestID   string    `json:"requestId" bson:"requestId"`
	Start       time.Time `json:"start" bson:"start"`
	End         time.Time `json:"end" bson:"end"`
	Room        string    `json:"room" bson:"room"`
	Interpreter string    `json:"interpreter,omitempty" bson:"interpreter,omitempty"`
}

// UnplacedMeeting is an accepted request the scheduler could not place,
// with its reason (schedule.Reason) and the resource concerned.
type UnplacedMeeting struct {
	RequestID string `json:"requestId" bson:"requestId"`
	Reason    string `json:"reason" bson:"reason"`
	Resource  string `json:"resource,omitempty" bson:"resource,omitempty"`
}

// MeetingMove is a published meeting a new schedule moves (To set) or drops
// (To nil).
type MeetingMove struct {
	RequestID string            `json:"requestId" bson:"requestId"`
	From      ScheduledMeeting  `json:"from" bson:"from"`
	To        *ScheduledMeeting `json:"to,omitempty" bson:"to,omitempty"`
}

// BilateralSchedule is a conference's schedule of bilateral meetings: the
// draft the secretariat last solved, and the one last published to the
// delegations.
type BilateralSchedule struct {
	EventID  string             `json:"eventId" bson:"_id"`
	Meetings []ScheduledMeeting `json:"meetings" bson:"meetings"`
	Unplaced []UnplacedMeeting  `json:"unplaced" bson:"unplaced"`
	// Placed, UpperBound and Optimal are the solver's: UpperBound is a
	// proven bound on how many of the accepted requests any schedule could
	// place.
	Placed     int  `json:"placed" bson:"placed"`
	UpperBound int  `json:"upperBound" bson:"upperBound"`
	Optimal    bool `json:"optimal" bson:"optimal"`
	TimedOut   bool `json:"timedOut" bson:"timedOut"`
	// Moves are the published meetings this draft moves or drops.
	Moves    []MeetingMove `json:"moves" bson:"moves"`
	SolvedAt time.Time     `json:"solvedAt" bson:"solvedAt"`
	SolvedBy string        `json:"solvedBy" bson:"solvedBy"`
	// Published is the schedule the delegations see, as of PublishedAt.
	Published   []ScheduledMeeting `json:"published" bson:"published"`
	PublishedAt *time.Time         `json:"publishedAt,omitempty" bson:"publishedAt,omitempty"`
	// PublishedVersion is the Version that Published was published as. A
	// delegation reads it as the Version (the .ics SEQUENCE): the
	// secretariat's drafts, which it does not see, change nothing it reads.
	PublishedVersion int    `json:"publishedVersion,omitempty" bson:"publishedVersion,omitempty"`
	Version          int    `json:"version" bson:"version"`
	Seq              uint64 `json:"-" bson:"seq"`
}

// NotifySchedule tells a delegation's focal point and head that the
// published schedule changed for them (Detail: "published", "changed").
const NotifySchedule NotificationKind = "schedule"

// CanActForDelegation reports whether u may act for the delegation (ask,
// answer, name members): the secretariat for any; a country's focal point for
// its country's delegation; the head of delegation's own account.
func CanActForDelegation(u *User, d *Delegation) bool {
	if u == nil || u.Disabled || d == nil {
		return false
	}
	if IsSecretariat(u) {
		return true
	}
	if u.Role == RoleFocalPoint && d.Kind == DelegationCountry && u.Country != "" && u.Country == d.Country {
		return true
	}
	return d.HeadUser != "" && d.HeadUser == u.ID
}

// BilateralService keeps a conference's delegations, meeting requests,
// settings and schedule. Who sees what: the secretariat everything; a
// signed-in user who acts for a delegation at the conference sees the list
// of delegations (names, kinds, heads), their own delegation in full, the
// requests their delegation made or received and their delegation's
// published meetings; anyone else gets NotFound, as for a hidden record.
// Every change goes through the one write path, with the audit trail.
type BilateralService interface {
	// Settings returns the conference's settings (defaults when none were
	// saved). Codes: NotFound (no such conference, or hidden), Invalid (the
	// event is not a conference).
	Settings(ctx context.Context, eventID string) (*BilateralSettings, error)
	// SaveSettings replaces them (secretariat only). Codes: Invalid (naming
	// the field: a room of capacity 0, a slot longer than every window, a
	// bad pair), Forbidden, Conflict (not at IfVersion).
	SaveSettings(ctx context.Context, eventID string, in BilateralSettings, ifVersion int) (*BilateralSettings, error)
	// Windows returns the free windows the settings give (derived from the
	// timetable unless listed).
	Windows(ctx context.Context, eventID string) ([]TimeRange, error)

	// Delegations lists the conference's delegations the user may see.
	Delegations(ctx context.Context, eventID string) ([]*Delegation, error)
	// Delegation returns one. Codes: NotFound.
	Delegation(ctx context.Context, id string) (*Delegation, error)
	// SaveDelegation creates (id "") or replaces a delegation. The
	// secretariat creates any; a focal point their country's. Codes:
	// Invalid (naming the field: a member registration not of this event,
	// a head who is not a member, a second delegation of a country),
	// Forbidden, Conflict.
	SaveDelegation(ctx context.Context, eventID, id string, in DelegationInput) (*Delegation, error)
	// DeleteDelegation removes a delegation with no accepted requests.
	// Codes: NotFound, Forbidden, Conflict.
	DeleteDelegation(ctx context.Context, id string) error

	// Requests lists the requests the user may see, of the conference,
	// filtered by delegation (either side) and status when not empty.
	Requests(ctx context.Context, eventID, delegation string, status MeetingStatus) ([]*MeetingRequest, error)
	// Request returns one. Codes: NotFound.
	Request(ctx context.Context, id string) (*MeetingRequest, error)
	// CreateRequest asks for a meeting, for a delegation the user acts
	// for. Codes: Invalid (naming the field: a delegation not at the
	// conference, itself, members not of the delegation, the deadline
	// passed, a pair with the same language twice), Forbidden, Conflict (a
	// pending or accepted request between the two on the same topic).
	CreateRequest(ctx context.Context, eventID string, in MeetingRequestInput) (*MeetingRequest, error)
	// AnswerRequest accepts or declines (the other delegation) or withdraws
	// (the asking one) a request. Codes: Invalid, Forbidden, NotFound,
	// Conflict (already answered, expired, not at IfVersion).
	AnswerRequest(ctx context.Context, id string, in MeetingAnswer) (*MeetingRequest, error)
	// LockRequest keeps (or frees) an accepted request where the draft has
	// it when solving again (secretariat only).
	LockRequest(ctx context.Context, id string, locked bool) (*MeetingRequest, error)

	// Schedule returns the conference's schedule: all of it for the
	// secretariat; for a delegation, only the published meetings it takes
	// part in (draft fields empty). Codes: NotFound.
	Schedule(ctx context.Context, eventID string) (*BilateralSchedule, error)
	// Solve runs the scheduler over the accepted requests and stores the
	// result as the draft (secretariat only). ifVersion is the schedule's
	// version the secretariat saw: of two solving at once, one result
	// stands and the other gets Conflict. Codes: Forbidden, Conflict,
	// Invalid (settings that cannot hold a meeting, naming the field).
	Solve(ctx context.Context, eventID string, ifVersion int) (*BilateralSchedule, error)
	// Publish makes the draft the published schedule and notifies the
	// delegations whose meetings it adds, moves or drops. Codes:
	// Forbidden, Conflict (not at ifVersion).
	Publish(ctx context.Context, eventID string, ifVersion int) (*BilateralSchedule, error)
}
