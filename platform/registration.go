package platform

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// RegistrationCategory is the capacity in which a person comes to an event.
type RegistrationCategory string

// Registration categories.
const (
	CategoryDelegate    RegistrationCategory = "delegate"
	CategoryObserver    RegistrationCategory = "observer"
	CategoryTrainer     RegistrationCategory = "trainer"
	CategorySpeaker     RegistrationCategory = "speaker"
	CategorySecretariat RegistrationCategory = "secretariat"
)

// RegistrationCategories lists the categories, in the order forms show them.
func RegistrationCategories() []RegistrationCategory {
	return []RegistrationCategory{CategoryDelegate, CategoryObserver, CategoryTrainer, CategorySpeaker, CategorySecretariat}
}

// Staff reports whether the category is the event's own people: trainers,
// speakers and the secretariat. They take no participant's seat (an event's
// capacity counts delegates and observers), need no approval, and only the
// event's editors register them, so that nobody passes the waiting list by
// calling themselves a speaker.
func (c RegistrationCategory) Staff() bool {
	return c == CategoryTrainer || c == CategorySpeaker || c == CategorySecretariat
}

// SeatCategories lists the categories an event's capacity counts.
func SeatCategories() []RegistrationCategory {
	return []RegistrationCategory{CategoryDelegate, CategoryObserver}
}

// Genders lists the values a registration's optional gender takes; the
// empty value is "not given". The statistics count them.
func Genders() []string { return []string{"female", "male", "other"} }

// RegistrationState is where a registration stands, as stored.
type RegistrationState string

// Registration states. Whether an active registration has a seat or waits
// is not stored: it follows from its place in the queue and the event's
// capacity (see RegistrationStatus), so that no two writers can disagree
// about it.
const (
	// RegistrationPending waits for approval by the focal point of the
	// participant's country (an event with RequiresApproval).
	RegistrationPending RegistrationState = "pending"
	// RegistrationActive holds a place in the queue.
	RegistrationActive    RegistrationState = "active"
	RegistrationRejected  RegistrationState = "rejected"
	RegistrationCancelled RegistrationState = "cancelled"
)

// RegistrationStatus is what a participant is told of their registration.
type RegistrationStatus string

// Registration statuses.
const (
	StatusRegistered RegistrationStatus = "registered"
	StatusWaiting    RegistrationStatus = "waiting"
	StatusPending    RegistrationStatus = "pending"
	StatusRejected   RegistrationStatus = "rejected"
	StatusCancelled  RegistrationStatus = "cancelled"
)

// RegistrationStatuses lists the statuses.
func RegistrationStatuses() []RegistrationStatus {
	return []RegistrationStatus{StatusRegistered, StatusWaiting, StatusPending, StatusRejected, StatusCancelled}
}

// Registration is one person's registration for an event.
type Registration struct {
	ID      string `json:"id" bson:"_id"`
	EventID string `json:"eventId" bson:"eventId"`
	// UserID is the account that registered, when one did.
	UserID string `json:"userId,omitempty" bson:"userId,omitempty"`
	// Name is written as the person writes it, in the script they chose.
	Name         string               `json:"name" bson:"name"`
	Country      string               `json:"country" bson:"country"`
	Organization string               `json:"organization,omitempty" bson:"organization,omitempty"`
	Position     string               `json:"position,omitempty" bson:"position,omitempty"`
	Gender       string               `json:"gender,omitempty" bson:"gender,omitempty"`
	Email        string               `json:"email" bson:"email"`
	Category     RegistrationCategory `json:"category" bson:"category"`
	// Language is the one notices and the certificate are written in.
	Language string `json:"language" bson:"language"`
	// ListPublicly is the participant's consent to appear, with their
	// organization and country, on the event's public participant list.
	ListPublicly bool              `json:"listPublicly" bson:"listPublicly"`
	State        RegistrationState `json:"state" bson:"state"`
	// Queue is the registration's place in line for a seat: the change-log
	// number of the write that made it active. Lower comes first.
	Queue uint64 `json:"-" bson:"queue"`
	// CheckInCode is the participant's code for checking in at the door.
	CheckInCode string `json:"checkInCode,omitempty" bson:"checkInCode"`
	// Attended lists the days (YYYY-MM-DD in the event's zone) the
	// participant was checked in.
	Attended []string `json:"attended" bson:"attended"`
	// CertificateCode verifies the participant's certificate of
	// attendance; it is given with the first certificate (CertifiedAt) and
	// stays the same for every download after (see AttendanceService).
	CertificateCode string     `json:"certificateCode,omitempty" bson:"certificateCode,omitempty"`
	CertifiedAt     *time.Time `json:"certifiedAt,omitempty" bson:"certifiedAt,omitempty"`
	// ErasedAt is set when the participant's personal data were erased
	// (UserService.EraseUser): the registration keeps what the statistics
	// count (country, category, gender, the days attended, its place and
	// state) under an address of ErasedEmail, and nothing that names the
	// person.
	ErasedAt *time.Time `json:"erasedAt,omitempty" bson:"erasedAt,omitempty"`
	// DecidedBy is the user who approved or rejected the registration.
	DecidedBy string    `json:"decidedBy,omitempty" bson:"decidedBy,omitempty"`
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" bson:"updatedAt"`
	// FormKey is the SHA-256 of the secret of the form it was sent from
	// (RegistrationInput.FormKey).
	FormKey string `json:"-" bson:"formKey,omitempty"`
	Seq     uint64 `json:"-" bson:"seq"`

	// Status and WaitingPosition are worked out when the registration is
	// read: registered or waiting (with its 1-based place on the waiting
	// list) for an active registration, else its state.
	Status          RegistrationStatus `json:"status" bson:"-"`
	WaitingPosition int                `json:"waitingPosition,omitempty" bson:"-"`
}

// RegistrationInput is what a person sends to register.
type RegistrationInput struct {
	Name         string               `json:"name"`
	Country      string               `json:"country"`
	Organization string               `json:"organization"`
	Position     string               `json:"position"`
	Gender       string               `json:"gender"`
	Email        string               `json:"email"`
	Category     RegistrationCategory `json:"category"`
	Language     string               `json:"language"`
	ListPublicly bool                 `json:"listPublicly"`
	// FormKey, when set, is a secret of the form the registration was sent
	// from: the same form sent again gets the same answer (a fresh link to
	// the registration) rather than "already registered".
	FormKey string `json:"-"`
}

// Limits on registration fields.
const (
	MaxRegistrationField = 300
	MaxEmailLen          = 254
)

// Normalize trims the input; an empty category is delegate, an empty
// language English.
func (in *RegistrationInput) Normalize() {
	in.Name = CleanLine(in.Name)
	in.Country = NormalizeCountry(in.Country)
	in.Organization = CleanLine(in.Organization)
	in.Position = CleanLine(in.Position)
	in.Gender = strings.ToLower(strings.TrimSpace(in.Gender))
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Category = RegistrationCategory(strings.ToLower(strings.TrimSpace(string(in.Category))))
	if in.Category == "" {
		in.Category = CategoryDelegate
	}
	in.Language = strings.TrimSpace(in.Language)
	if in.Language == "" {
		in.Language = "en"
	}
}

// Validate checks the input. Call Normalize first. The error is Invalid,
// with a message for the reader that names the field.
func (in *RegistrationInput) Validate() error {
	if in.Name == "" {
		return invalidField("name", "error.registration_missing", "", "a name is required")
	}
	for _, f := range []textField{{"name", in.Name, MaxNameLen}, {"organization", in.Organization, MaxRegistrationField},
		{"position", in.Position, MaxRegistrationField}} {
		if err := checkText(f); err != nil {
			return err
		}
	}
	addr, err := mail.ParseAddress(in.Email)
	if err != nil || addr.Name != "" || addr.Address != in.Email || utf8.RuneCountInString(in.Email) > MaxEmailLen {
		return invalidField("email", "error.registration_bad_email", in.Email, "%q is not an email address", in.Email)
	}
	if !slices.Contains(Countries(), in.Country) && in.Country != "other" {
		return invalidField("country", "error.event_bad_value", in.Country, "unknown country %q", in.Country)
	}
	if in.Gender != "" && !slices.Contains(Genders(), in.Gender) {
		return invalidField("gender", "error.event_bad_value", in.Gender, "unknown gender %q", in.Gender)
	}
	if !slices.Contains(RegistrationCategories(), in.Category) {
		return invalidField("category", "error.event_bad_value", in.Category, "unknown category %q", in.Category)
	}
	if !ValidLanguage(in.Language) {
		return invalidField("language", "error.event_bad_value", in.Language, "unsupported language %q", in.Language)
	}
	return nil
}

// RegistrationOpen reports whether people may register at now: the event
// takes registrations (registration open, or full with a waiting list) and
// has not ended.
func (e *Event) RegistrationOpen(now time.Time) bool {
	return (e.Status == EventRegistrationOpen || e.Status == EventFull) && now.Before(e.End)
}

// CanApproveRegistration reports whether u decides on registrations from
// country: the secretariat for every country, a focal point for their own.
func CanApproveRegistration(u *User, country string) bool {
	if u == nil || u.Disabled {
		return false
	}
	return IsSecretariat(u) || u.Role == RoleFocalPoint && u.Country == country
}

// RegistrationCounts sums up an event's registrations. Registered is at
// most the capacity (when there is one); the rest of the active
// registrations wait.
type RegistrationCounts struct {
	Capacity   int `json:"capacity"`
	Registered int `json:"registered"`
	Waiting    int `json:"waiting"`
	Pending    int `json:"pending"`
	// Staff counts trainers, speakers and the secretariat, who take no seat.
	Staff int `json:"staff"`
}

// Full reports whether no seat is left.
func (c RegistrationCounts) Full() bool { return c.Capacity > 0 && c.Registered >= c.Capacity }

// Notice kinds: what a participant is told by mail (when the hub sends
// mail) and on their registration's page.
const (
	NoticeRegistered = "registered" // registered, with a seat
	NoticeWaiting    = "waiting"    // on the waiting list
	NoticePending    = "pending"    // awaiting approval
	NoticePromoted   = "promoted"   // moved up from the waiting list
	NoticeDemoted    = "demoted"    // moved to the waiting list after all
	NoticeRejected   = "rejected"
	NoticeCancelled  = "cancelled"
	NoticeLink       = "link" // a new link to manage the registration
)

// Notice is a message to a participant about their registration.
type Notice struct {
	ID             string    `json:"id" bson:"_id"`
	RegistrationID string    `json:"registrationId" bson:"registrationId"`
	EventID        string    `json:"eventId" bson:"eventId"`
	Kind           string    `json:"kind" bson:"kind"`
	Email          string    `json:"-" bson:"email"`
	Language       string    `json:"-" bson:"language"`
	At             time.Time `json:"at" bson:"at"`
	// Tell numbers the notices that tell a status (1, 2, …; 0 for the
	// others) and Status is the status told: the participant's latest
	// told status is that of their highest Tell. A change of status (a
	// seat freed, capacity raised) is told once: the notice's _id
	// "<registration>.t<Tell>" is the claim.
	Tell   int                `json:"-" bson:"tell,omitempty"`
	Status RegistrationStatus `json:"-" bson:"status,omitempty"`
	// Token is the secret of a link that manages the registration, for
	// the mail; it is cleared once the mail is sent.
	Token  string     `json:"-" bson:"token,omitempty"`
	SentAt *time.Time `json:"sentAt,omitempty" bson:"sentAt,omitempty"`
}

// RegistrationResult is what registering gives.
type RegistrationResult struct {
	Registration *Registration
	// Token is the secret of a link that manages the registration; empty
	// when the registration existed and the request may not manage it.
	Token string
	// Existed tells that the person was registered already: nothing
	// changed.
	Existed bool
}

// RegistrationFilter selects an event's registrations for its editors and
// approvers.
type RegistrationFilter struct {
	Status RegistrationStatus // empty: all
	Offset int
	Limit  int // 0 means 50; at most MaxEventPage
}

// PublicParticipant is a line of an event's public participant list.
type PublicParticipant struct {
	Name         string               `json:"name"`
	Organization string               `json:"organization,omitempty"`
	Country      string               `json:"country"`
	Category     RegistrationCategory `json:"category"`
}

// RegistrationService keeps events' registrations. A registration is read
// and changed by its participant (signed in as the account that registered
// or owning its email, or holding its link's token: see
// ContextWithRegistrationToken), by the event's editors, and by the focal
// point of the participant's country (CanApproveRegistration). Everyone
// else gets NotFound.
type RegistrationService interface {
	AttendanceService // attendance.go: check-in, attendance, certificates
	// Register registers the person for an event the user in ctx sees.
	// Past capacity the registration waits; registering twice changes
	// nothing (Existed). Codes: Invalid (naming the field), NotFound,
	// Conflict (registration not open), Forbidden (a staff category from
	// someone who may not edit the event).
	Register(ctx context.Context, eventID string, in RegistrationInput) (*RegistrationResult, error)
	// FindRegistration returns a registration with its status. Codes:
	// NotFound.
	FindRegistration(ctx context.Context, id string) (*Registration, error)
	// CancelRegistration cancels a registration; the first waiting
	// registration moves up, with a notice. Cancelling again changes
	// nothing. Codes: NotFound, Conflict (the event is over).
	CancelRegistration(ctx context.Context, id string) (*Registration, error)
	// DecideRegistration approves or rejects a pending registration.
	// Codes: NotFound, Forbidden (not CanApproveRegistration; audited),
	// Conflict (not pending).
	DecideRegistration(ctx context.Context, id string, approve bool) (*Registration, error)
	// EventRegistrations lists an event's registrations in queue order
	// for its editors (all) and focal points (their country's). Codes:
	// NotFound, Unauthorized, Forbidden.
	EventRegistrations(ctx context.Context, eventID string, f RegistrationFilter) ([]*Registration, int, error)
	// MyRegistrations lists the registrations of the signed-in user (by
	// account or email), newest first.
	MyRegistrations(ctx context.Context) ([]*Registration, error)
	// Counts sums up an event's registrations.
	Counts(ctx context.Context, eventID string) (RegistrationCounts, error)
	// PublicParticipants lists the registered participants who consented
	// to be listed, in queue order.
	PublicParticipants(ctx context.Context, eventID string) ([]PublicParticipant, error)
	// Notices lists a registration's notices, oldest first. Codes as
	// FindRegistration.
	Notices(ctx context.Context, id string) ([]Notice, error)
}

type registrationTokenKey struct{}

// ContextWithRegistrationToken returns ctx carrying the secret of a
// registration's link, which lets its holder read and cancel that
// registration.
func ContextWithRegistrationToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, registrationTokenKey{}, token)
}

// RegistrationToken returns the link secret ctx carries, if any.
func RegistrationToken(ctx context.Context) string {
	s, _ := ctx.Value(registrationTokenKey{}).(string)
	return s
}

// NoticeOutbox is the notices waiting to be mailed. A sender claims a
// notice before mailing it, so that of several hubs one mails it.
type NoticeOutbox interface {
	// PendingNotices lists up to limit notices not mailed yet, oldest
	// first.
	PendingNotices(ctx context.Context, limit int) ([]Notice, error)
	// ClaimNotice makes the caller the one that mails the notice; false
	// when another sender holds it.
	ClaimNotice(ctx context.Context, id string) (bool, error)
	// NoticeSent records the notice mailed and forgets its link secret.
	NoticeSent(ctx context.Context, id string) error
	// ReleaseNotice gives a claimed notice back (the mail failed): it is
	// tried again later.
	ReleaseNotice(ctx context.Context, id string) error
}

// ParticipantRecord is a participant of a past (or any) event as the
// secretariat records them from its own lists: a registration with the
// days they attended.
type ParticipantRecord struct {
	RegistrationInput
	Attended []string `json:"attended"`
}

// MaxRecordBatch is the most participants one call records.
const MaxRecordBatch = 2000

// RecordResult says what recording participants did.
type RecordResult struct {
	Recorded int `json:"recorded"`
	// Existing counts those whose email was registered for the event
	// already: they are left as they are.
	Existing int `json:"existing"`
}

// ParticipantRecorder records participants of an event whatever its status
// (the 2024 trainings' lists, a walk-in at the door), without notices.
// Only the event's editors record; each record is audited.
type ParticipantRecorder interface {
	// RecordParticipants registers the people, active and in the order
	// given, with their attended days. Codes: Invalid (naming the
	// record: "participants.3.email"), NotFound, Unauthorized, Forbidden
	// (audited).
	RecordParticipants(ctx context.Context, eventID string, people []ParticipantRecord) (*RecordResult, error)
}
