package mongo

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// Attendance and certificates (platform.AttendanceService), on the
// registrations: a check-in, a list saved, and a certificate's first issue
// each replace the registration through the one write path (replace:
// audited, and refused as Conflict when the registration changed since it
// was read, in which case the check-in is tried again on the fresh record).
// The verification code lives on the registration (certificateCode) rather
// than in a collection of its own: it belongs to exactly one registration,
// is issued by the same conditional write that guards every other change to
// it, and two first downloads at once cannot both issue one (the loser of
// the write reads the winner's code).

// certificateCodeLen is a verification code's length: 12 characters of
// checkInAlphabet's 32 are 60 random bits, unguessable by trying (the
// verification page answers one code per request) and short enough to type
// from paper.
const certificateCodeLen = 12

// newCertificateCode returns a verification code. Each byte is reduced
// modulo 32, which divides 256: every character is equally likely.
func newCertificateCode() (string, error) {
	var b [certificateCodeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = checkInAlphabet[int(b[i])%len(checkInAlphabet)]
	}
	return string(b[:]), nil
}

// writeRetries is how many times a check-in is tried when another write
// changed the registration between its read and its write.
const writeRetries = 3

// editorOf checks that the user in ctx edits ev, the condition for checking
// in and setting attendance; a refusal is audited against record.
func (s *RegistrationService) editorOf(ctx context.Context, ev *platform.Event, id string, record any) error {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return platform.Localized(platform.Unauthorized, "error.unauthorized", nil, "sign-in required")
	}
	if !platform.CanEditEvent(u, ev.Kind, ev.Concerns()) {
		err := platform.Localized(platform.Forbidden, "error.attendance_forbidden", nil, "user %s may not check in participants of %s", u.ID, ev.ID)
		return s.db.denied(ctx, platform.TypeRegistration, id, record, err)
	}
	return nil
}

// attending checks that r may be marked present: registered, with a seat
// or as staff.
func (s *RegistrationService) attending(ctx context.Context, ev *platform.Event, r *platform.Registration) error {
	if err := s.fillStatus(ctx, ev, r); err != nil {
		return err
	}
	if r.Status != platform.StatusRegistered {
		return platform.Localized(platform.Conflict, "error.attendance_not_registered", map[string]any{"Name": r.Name},
			"registration %q is %s, not registered", r.ID, r.Status)
	}
	return nil
}

// CheckIn implements platform.AttendanceService.
func (s *RegistrationService) CheckIn(ctx context.Context, eventID string, in platform.CheckInInput) (_ *platform.CheckInResult, err error) {
	defer platform.Wrap(&err, "CheckIn(%q)", eventID)
	code := platform.NormalizeCheckInCode(in.Code)
	if (code == "") == (in.RegistrationID == "") {
		return nil, platform.Localized(platform.Invalid, "error.checkin_whom", map[string]any{"Field": "code"},
			"give either a check-in code or a registration id")
	}
	ev, err := s.events.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, err
	}
	// The editor's right is checked before the code is looked up, so that
	// nobody else learns which codes exist.
	if err := s.editorOf(ctx, ev, "", in); err != nil {
		return nil, err
	}
	day := in.Day
	if day == "" {
		today, ok := ev.Today(s.db.now())
		if !ok {
			return nil, platform.Localized(platform.Invalid, "error.checkin_not_today", map[string]any{"Field": "day", "Value": today},
				"day: today (%s) is not a day of the event; give the day", today)
		}
		day = today
	}
	days, err := ev.CheckDays("day", []string{day})
	if err != nil {
		return nil, err
	}
	day = days[0]
	for attempt := 0; ; attempt++ {
		r, err := s.checkInTarget(ctx, ev, code, in.RegistrationID)
		if err != nil {
			return nil, err
		}
		if err := s.attending(ctx, ev, r); err != nil {
			return nil, err
		}
		if slices.Contains(r.Attended, day) {
			return &platform.CheckInResult{Registration: r, Day: day, Already: true}, nil
		}
		next := *r
		next.Attended = append(slices.Clone(r.Attended), day)
		slices.Sort(next.Attended)
		next.UpdatedAt = s.db.now()
		err = s.replace(ctx, r, &next)
		if platform.ErrorCode(err) == platform.Conflict && attempt < writeRetries {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &platform.CheckInResult{Registration: &next, Day: day}, nil
	}
}

// checkInTarget reads the registration a check-in names, of event ev.
func (s *RegistrationService) checkInTarget(ctx context.Context, ev *platform.Event, code, id string) (*platform.Registration, error) {
	filter := bson.D{{Key: "eventId", Value: ev.ID}, {Key: "checkInCode", Value: code}}
	var notFound error = platform.Localized(platform.NotFound, "error.checkin_bad_code", map[string]any{"Code": code},
		"no participant of event %q has the code %q", ev.ID, code)
	if id != "" {
		filter = bson.D{{Key: "eventId", Value: ev.ID}, {Key: "_id", Value: id}}
		notFound = registrationNotFound(id)
	}
	if id != "" {
		var r platform.Registration
		err := s.coll().FindOne(ctx, filter).Decode(&r)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil, notFound
		}
		if err != nil {
			return nil, translate(err)
		}
		if r.Attended == nil {
			r.Attended = []string{}
		}
		return &r, nil
	}
	// By code: from the mirror (a code is no _id), then read by _id.
	found := ""
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.byEvent[ev.ID] {
			if r.CheckInCode == code {
				found = r.ID
			}
		}
	}); err != nil {
		return nil, err
	}
	if found == "" {
		return nil, notFound
	}
	return s.checkInTarget(ctx, ev, "", found)
}

// SetAttendance implements platform.AttendanceService.
func (s *RegistrationService) SetAttendance(ctx context.Context, id string, days []string) (_ *platform.Registration, err error) {
	defer platform.Wrap(&err, "SetAttendance(%q)", id)
	for attempt := 0; ; attempt++ {
		r, ev, _, err := s.load(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := s.editorOf(ctx, ev, id, r); err != nil {
			return nil, err
		}
		want, err := ev.CheckDays("days", days)
		if err != nil {
			return nil, err
		}
		if len(want) > 0 {
			if err := s.attending(ctx, ev, r); err != nil {
				return nil, err
			}
		} else if err := s.fillStatus(ctx, ev, r); err != nil {
			return nil, err
		}
		if slices.Equal(want, r.Attended) {
			return r, nil
		}
		next := *r
		next.Attended, next.UpdatedAt = want, s.db.now()
		err = s.replace(ctx, r, &next)
		if platform.ErrorCode(err) == platform.Conflict && attempt < writeRetries {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &next, nil
	}
}

// Certificate implements platform.AttendanceService. The event's end
// decides when certificates are given (Conflict before it): a certificate
// states the days attended, which are final only then. Before, a
// participant who attended no day is told nothing about certificates
// (Conflict, not Forbidden): they may still come.
func (s *RegistrationService) Certificate(ctx context.Context, id string) (_ *platform.IssuedCertificate, err error) {
	defer platform.Wrap(&err, "Certificate(%q)", id)
	for attempt := 0; ; attempt++ {
		r, ev, a, err := s.load(ctx, id)
		if err != nil {
			return nil, err
		}
		if !a.participant && !a.editor {
			err := platform.Localized(platform.Forbidden, "error.certificate_forbidden", nil,
				"only the participant and the event's organizers download the certificate of %q", id)
			return nil, err
		}
		if r.ErasedAt != nil {
			// It would name nobody, and its code would tie a paper to
			// the erased record.
			return nil, platform.Localized(platform.Conflict, "error.certificate_erased", nil, "registration %q was erased", id)
		}
		if s.db.now().Before(ev.End) {
			return nil, platform.Localized(platform.Conflict, "error.certificate_not_yet", nil, "event %q has not ended", ev.ID)
		}
		if err := s.fillStatus(ctx, ev, r); err != nil {
			return nil, err
		}
		if len(r.Attended) == 0 || r.Status != platform.StatusRegistered {
			return nil, platform.Localized(platform.Forbidden, "error.certificate_not_attended", nil,
				"registration %q attended no day of the event", id)
		}
		out := &platform.IssuedCertificate{Registration: r, Event: ev, Hours: platform.CertificateHours(ev, r.Attended)}
		if r.CertificateCode != "" {
			return out, nil
		}
		code, err := newCertificateCode()
		if err != nil {
			return nil, err
		}
		next := *r
		now := s.db.now()
		next.CertificateCode, next.CertifiedAt = code, &now
		err = s.replace(ctx, r, &next)
		if platform.ErrorCode(err) == platform.Conflict && attempt < writeRetries {
			continue // another download issued it, or attendance changed: read again
		}
		if err != nil {
			return nil, err
		}
		out.Registration = &next
		return out, nil
	}
}

// VerifyCertificate implements platform.AttendanceService. It reads the
// registration and the event as they are now: the page confirms what a
// certificate downloaded now would say, and a certificate whose participant
// no longer counts as attending (their days cleared) is no longer
// confirmed.
func (s *RegistrationService) VerifyCertificate(ctx context.Context, code string) (_ *platform.CertificateCheck, err error) {
	defer platform.Wrap(&err, "VerifyCertificate(%q)", code)
	code = platform.NormalizeCheckInCode(code)
	notFound := platform.Localized(platform.NotFound, "error.certificate_unknown", map[string]any{"Code": code}, "no certificate %q", code)
	if len(code) != certificateCodeLen {
		return nil, notFound
	}
	var r platform.Registration
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		if c := m.byCert[code]; c != nil {
			r = *copyOf(c)
		}
	}); err != nil {
		return nil, err
	}
	if r.ID == "" {
		return nil, notFound
	}
	ev, err := s.events.FindEventByID(platform.NewContextWithUser(ctx, platform.System()), r.EventID)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if len(r.Attended) == 0 || r.State != platform.RegistrationActive || r.CertifiedAt == nil {
		return nil, notFound
	}
	titles := map[string]string{}
	for lang, t := range ev.Translations {
		if t.Title != "" {
			titles[lang] = t.Title
		}
	}
	return &platform.CertificateCheck{Code: code, Name: r.Name, Country: r.Country, EventID: ev.ID, Titles: titles, Kind: ev.Kind,
		Start: ev.Start, End: ev.End, TimeZone: ev.TimeZone, Days: r.Attended, Hours: platform.CertificateHours(ev, r.Attended),
		IssuedAt: *r.CertifiedAt}, nil
}
