package platform

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Attendance and certificates of attendance.
//
// A registration's Attended lists the days (YYYY-MM-DD in the event's own
// zone) its participant was checked in: by the secretariat ticking a list,
// or by the participant's check-in code typed at the door. Only registered
// participants (a seat, or the event's own staff) are checked in, only on
// the event's days, and only by the event's editors. After the event, a
// participant who attended at least one day gets a certificate of
// attendance with a verification code; the code is issued once, with the
// first certificate, and a public page confirms it.

// DayLayout is how an attendance day is written.
const DayLayout = time.DateOnly

// MaxCertificateHoursPerDay caps the hours a certificate counts for one
// attended day.
const MaxCertificateHoursPerDay = 8

// Days returns the days the event covers in its own zone, as YYYY-MM-DD,
// in order. An event ending at midnight does not cover the day that starts
// then; an event whose end is not after its start covers its start's day.
func (e *Event) Days() []string {
	loc := e.Location()
	start, end := e.Start.In(loc), e.End.In(loc)
	if end.After(start) {
		end = end.Add(-time.Nanosecond)
	} else {
		end = start
	}
	first := time.Date(start.Year(), start.Month(), start.Day(), 12, 0, 0, 0, time.UTC)
	last := time.Date(end.Year(), end.Month(), end.Day(), 12, 0, 0, 0, time.UTC)
	var out []string
	for d := first; !d.After(last) && len(out) <= int(MaxEventLength/(24*time.Hour))+1; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(DayLayout))
	}
	return out
}

// CheckDays normalizes attendance days (sorted, without repeats) and checks
// that each is one of the event's days. The error is Invalid naming field.
func (e *Event) CheckDays(field string, days []string) ([]string, error) {
	own := e.Days()
	out := make([]string, 0, len(days))
	for _, d := range days {
		d = strings.TrimSpace(d)
		if _, err := time.Parse(DayLayout, d); err != nil {
			return nil, invalidField(field, "error.attendance_bad_day", d, "%q is not a day (YYYY-MM-DD)", d)
		}
		if !slices.Contains(own, d) {
			return nil, Localized(Invalid, "error.attendance_not_event_day",
				map[string]any{"Field": field, "Value": d, "From": own[0], "To": own[len(own)-1]},
				"%s: %s is not a day of the event (%s to %s in %s)", field, d, own[0], own[len(own)-1], e.TimeZone)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Today returns the day it is at now in the event's zone, and whether that
// day is one of the event's days.
func (e *Event) Today(now time.Time) (string, bool) {
	d := now.In(e.Location()).Format(DayLayout)
	return d, slices.Contains(e.Days(), d)
}

// CertificateHours is the rule for the hours a certificate of attendance
// states: for each attended day, the part of the event's time (Start to
// End) that falls on that day in the event's zone, at most
// MaxCertificateHoursPerDay (a three-day training from 09:00 on the first
// day to 17:00 on the last counts 8 hours a day, not the nights between),
// rounded down to a half hour; the days' hours are summed. Days that are not
// the event's count nothing.
func CertificateHours(e *Event, attended []string) float64 {
	hours := e.DayHours()
	total := 0.0
	for _, d := range attended {
		total += float64(int(min(hours[d], MaxCertificateHoursPerDay)*2)) / 2
	}
	return total
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// CheckInInput names whom to check in and for which day: the participant's
// check-in code (as typed at the door: case, spaces and hyphens do not
// matter) or the registration's id, one of the two; Day is YYYY-MM-DD in the
// event's zone, empty for today there.
type CheckInInput struct {
	Code           string `json:"code"`
	RegistrationID string `json:"registrationId"`
	Day            string `json:"day"`
}

// NormalizeCheckInCode writes a typed check-in code as it is stored:
// upper case, without spaces and hyphens.
func NormalizeCheckInCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

// CheckInResult is what a check-in gives: the registration, the day, and
// whether the participant was checked in for that day already (then
// nothing changed).
type CheckInResult struct {
	Registration *Registration `json:"registration"`
	Day          string        `json:"day"`
	Already      bool          `json:"already"`
}

// IssuedCertificate is what the certificate of a registration says, for the
// web layer to render: the registration (with its verification code and
// when it was first issued) and its event.
type IssuedCertificate struct {
	Registration *Registration
	Event        *Event
	Hours        float64
}

// CertificateCheck is what the public verification of a certificate shows.
type CertificateCheck struct {
	Code     string            `json:"code"`
	Name     string            `json:"name"`
	Country  string            `json:"country"`
	EventID  string            `json:"eventId"`
	Titles   map[string]string `json:"titles"`
	Kind     EventKind         `json:"kind"`
	Start    time.Time         `json:"start"`
	End      time.Time         `json:"end"`
	TimeZone string            `json:"timeZone"`
	Days     []string          `json:"daysAttended"`
	Hours    float64           `json:"hours"`
	IssuedAt time.Time         `json:"issuedAt"`
}

// AttendanceService checks participants in and issues their certificates.
// The mongo RegistrationService implements it beside RegistrationService.
type AttendanceService interface {
	// CheckIn marks a registered participant of an event as present on a
	// day; checking in again changes nothing (Already). Only the event's
	// editors check in. Codes: Invalid (neither or both of code and
	// registrationId; a day that is not the event's, naming "day"),
	// NotFound (the event; no participant of the event with the code),
	// Unauthorized, Forbidden (not an editor; audited), Conflict (the
	// participant is not registered: waiting, pending, cancelled).
	CheckIn(ctx context.Context, eventID string, in CheckInInput) (*CheckInResult, error)
	// SetAttendance replaces the days a participant attended. Codes as
	// CheckIn, the days named "days".
	SetAttendance(ctx context.Context, registrationID string, days []string) (*Registration, error)
	// Certificate issues (the first time: a verification code, audited) or
	// reissues the certificate of a registration, for its participant and
	// the event's editors. Codes: NotFound, Forbidden (a focal point who
	// is neither; a participant who attended no day), Conflict (the event
	// has not ended).
	Certificate(ctx context.Context, registrationID string) (*IssuedCertificate, error)
	// VerifyCertificate confirms a certificate by its code, for anyone.
	// Codes: NotFound (no such code, or its participant no longer counts
	// as attending).
	VerifyCertificate(ctx context.Context, code string) (*CertificateCheck, error)
}
