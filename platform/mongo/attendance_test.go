package mongo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// set puts the clock (user_test.go) at t.
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// threeDayTraining creates, with the clock before it, a regional training
// of Kazakhstan and Kyrgyzstan in Bishkek from 12 May 2026 09:00 to 14 May
// 17:00 (UTC+6), which takes registrations for two seats.
func threeDayTraining(t *testing.T, events *mongo.EventService, kind platform.EventKind, countries ...string) *platform.Event {
	t.Helper()
	in := eventInput(kind, countries...)
	in.TimeZone = "Asia/Bishkek"
	in.Start = time.Date(2026, 5, 12, 3, 0, 0, 0, time.UTC)
	in.End = time.Date(2026, 5, 14, 11, 0, 0, 0, time.UTC)
	in.Status, in.Capacity = platform.EventRegistrationOpen, 2
	e, err := events.CreateEvent(asUser(platform.RoleSecretariat, ""), in)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEventDaysAndCertificateHours(t *testing.T) {
	loc, _ := platform.LoadZone("Asia/Bishkek")
	e := &platform.Event{TimeZone: "Asia/Bishkek", Start: time.Date(2026, 5, 12, 9, 0, 0, 0, loc), End: time.Date(2026, 5, 14, 17, 0, 0, 0, loc)}
	if got := e.Days(); !slices.Equal(got, []string{"2026-05-12", "2026-05-13", "2026-05-14"}) {
		t.Errorf("days %v", got)
	}
	for _, tt := range []struct {
		name     string
		start    time.Time
		end      time.Time
		attended []string
		want     float64
	}{
		{"a full day counts at most eight hours", e.Start, e.End, []string{"2026-05-12", "2026-05-13", "2026-05-14"}, 24},
		{"a short last day counts its hours", e.Start, time.Date(2026, 5, 13, 12, 45, 0, 0, loc), []string{"2026-05-13"}, 8},
		{"a morning webinar counts its hours, down to the half hour", time.Date(2026, 5, 12, 10, 0, 0, 0, loc), time.Date(2026, 5, 12, 12, 50, 0, 0, loc), []string{"2026-05-12"}, 2.5},
		{"a day that is not the event's counts nothing", e.Start, e.End, []string{"2026-05-15", "bogus"}, 0},
	} {
		ev := &platform.Event{TimeZone: "Asia/Bishkek", Start: tt.start, End: tt.end}
		if got := platform.CertificateHours(ev, tt.attended); got != tt.want {
			t.Errorf("%s: %v hours, want %v", tt.name, got, tt.want)
		}
	}
	midnight := &platform.Event{TimeZone: "Asia/Bishkek", Start: time.Date(2026, 5, 12, 18, 0, 0, 0, loc), End: time.Date(2026, 5, 13, 0, 0, 0, 0, loc)}
	if got := midnight.Days(); !slices.Equal(got, []string{"2026-05-12"}) {
		t.Errorf("an event ending at midnight covers %v", got)
	}
}

func TestCheckInByCodeAndByListIsIdempotentAndOnlyForTheRegistered(t *testing.T) {
	db := openDB(t)
	c := &clock{t: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	db.SetClock(c.now)
	events, regs := mongo.NewEventService(db), mongo.NewRegistrationService(db)
	e := threeDayTraining(t, events, platform.EventRegionalTraining, "KZ", "KG")
	sec := asUser(platform.RoleSecretariat, "")
	anon := context.Background()
	var rs []*platform.RegistrationResult
	for i := range 3 {
		res, err := regs.Register(anon, e.ID, person(i, "KZ"))
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, res)
	}
	a, b, waiting := rs[0].Registration, rs[1].Registration, rs[2].Registration
	trainer, err := regs.Register(sec, e.ID, platform.RegistrationInput{Name: "Trainer", Country: "other", Email: "t@unodc.example", Category: platform.CategoryTrainer})
	if err != nil || trainer.Registration.Status != platform.StatusRegistered {
		t.Fatalf("trainer: %+v %v", trainer, err)
	}

	// The first morning in Bishkek (06:00 UTC is 12:00 there).
	c.set(time.Date(2026, 5, 12, 6, 0, 0, 0, time.UTC))
	typed := strings.ToLower(a.CheckInCode[:4] + "-" + a.CheckInCode[4:])
	got, err := regs.CheckIn(sec, e.ID, platform.CheckInInput{Code: typed})
	if err != nil || got.Already || got.Day != "2026-05-12" || got.Registration.ID != a.ID || !slices.Equal(got.Registration.Attended, []string{"2026-05-12"}) {
		t.Fatalf("check-in by code: %+v %v", got, err)
	}
	seq := got.Registration.Seq
	again, err := regs.CheckIn(sec, e.ID, platform.CheckInInput{Code: a.CheckInCode, Day: "2026-05-12"})
	if err != nil || !again.Already || again.Registration.Seq != seq {
		t.Errorf("a second check-in the same day changed something: %+v %v", again, err)
	}
	audit := mongo.NewAuditService(db)
	updates, n, err := audit.FindAudit(sec, platform.AuditFilter{RecordID: a.ID, Action: platform.ActionUpdate})
	if err != nil || n != 1 || updates[0].ActorID != "u-secretariat" {
		t.Errorf("the check-in and its repeat left %d audited updates (%v), want one by the secretariat", n, err)
	}
	if got, err := regs.CheckIn(sec, e.ID, platform.CheckInInput{RegistrationID: trainer.Registration.ID, Day: "2026-05-14"}); err != nil || got.Already {
		t.Errorf("the trainer by id: %+v %v", got, err)
	}

	t.Run("bad check-ins are refused with their reason", func(t *testing.T) {
		for _, tt := range []struct {
			name  string
			ctx   context.Context
			in    platform.CheckInInput
			code  string
			field string
		}{
			{"a day after the event", sec, platform.CheckInInput{Code: a.CheckInCode, Day: "2026-05-15"}, platform.Invalid, "day"},
			{"a day that is no day", sec, platform.CheckInInput{Code: a.CheckInCode, Day: "12.05.2026"}, platform.Invalid, "day"},
			{"neither code nor id", sec, platform.CheckInInput{Day: "2026-05-12"}, platform.Invalid, "code"},
			{"a wrong code", sec, platform.CheckInInput{Code: "ZZZZZZZZ"}, platform.NotFound, ""},
			{"another event's registration", sec, platform.CheckInInput{RegistrationID: "0123456789abcdef01234567"}, platform.NotFound, ""},
			{"a waiting participant", sec, platform.CheckInInput{Code: waiting.CheckInCode}, platform.Conflict, ""},
			{"a focal point, who does not edit a regional training", asUser(platform.RoleFocalPoint, "KZ"), platform.CheckInInput{Code: b.CheckInCode}, platform.Forbidden, ""},
			{"nobody signed in", anon, platform.CheckInInput{Code: b.CheckInCode}, platform.Unauthorized, ""},
		} {
			_, err := regs.CheckIn(tt.ctx, e.ID, tt.in)
			if platform.ErrorCode(err) != tt.code || tt.field != "" && !hasField(err, tt.field) {
				t.Errorf("%s: %v, want %s naming %q", tt.name, err, tt.code, tt.field)
			}
		}
		if _, n, err := audit.FindAudit(sec, platform.AuditFilter{Kind: platform.TypeRegistration, Action: platform.ActionDenied}); err != nil || n < 1 {
			t.Errorf("the focal point's refused check-in is not in the audit trail: %d %v", n, err)
		}
		if p := platform.AsError(mustErr(regs.CheckIn(sec, e.ID, platform.CheckInInput{Code: "zzzz-zzzz"}))); p == nil || p.Data["Code"] != "ZZZZZZZZ" {
			t.Errorf("a wrong code's message does not name it: %+v", p)
		}
	})

	t.Run("the list the secretariat ticks sets the days", func(t *testing.T) {
		r, err := regs.SetAttendance(sec, b.ID, []string{"2026-05-13", "2026-05-12", "2026-05-13"})
		if err != nil || !slices.Equal(r.Attended, []string{"2026-05-12", "2026-05-13"}) {
			t.Fatalf("set: %+v %v", r, err)
		}
		same, err := regs.SetAttendance(sec, b.ID, []string{"2026-05-12", "2026-05-13"})
		if err != nil || same.Seq != r.Seq {
			t.Errorf("the same days again wrote: %v", err)
		}
		if _, err := regs.SetAttendance(sec, b.ID, []string{"2026-05-11"}); platform.ErrorCode(err) != platform.Invalid || !hasField(err, "days") {
			t.Errorf("a day before the event: %v", err)
		}
		if _, err := regs.SetAttendance(sec, waiting.ID, []string{"2026-05-12"}); platform.ErrorCode(err) != platform.Conflict {
			t.Errorf("a waiting participant ticked: %v", err)
		}
		if _, err := regs.SetAttendance(sec, waiting.ID, nil); err != nil {
			t.Errorf("no days for a waiting participant: %v", err)
		}
		if _, err := regs.SetAttendance(asUser(platform.RoleFocalPoint, "KZ"), b.ID, nil); platform.ErrorCode(err) != platform.Forbidden {
			t.Errorf("the participant's focal point set attendance: %v", err)
		}
		if _, err := regs.SetAttendance(asUser(platform.RoleFocalPoint, "TJ"), b.ID, nil); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("another country's focal point set attendance: %v", err)
		}
	})

	t.Run("certificates go to attendees after the event, with one code", func(t *testing.T) {
		mine := platform.ContextWithRegistrationToken(anon, rs[0].Token)
		if _, err := regs.Certificate(mine, a.ID); platform.ErrorCode(err) != platform.Conflict {
			t.Errorf("a certificate during the event: %v", err)
		}
		c.set(time.Date(2026, 5, 14, 11, 0, 0, 0, time.UTC)) // the end
		cert, err := regs.Certificate(mine, a.ID)
		if err != nil || len(cert.Registration.CertificateCode) != 12 || cert.Hours != 8 || cert.Registration.CertifiedAt == nil {
			t.Fatalf("the attendee's certificate: %+v %v", cert, err)
		}
		c.add(24 * time.Hour)
		again, err := regs.Certificate(sec, a.ID)
		if err != nil || again.Registration.CertificateCode != cert.Registration.CertificateCode || !again.Registration.CertifiedAt.Equal(*cert.Registration.CertifiedAt) {
			t.Errorf("downloading again gave another code: %+v %v", again, err)
		}
		if _, err := regs.Certificate(platform.ContextWithRegistrationToken(anon, rs[2].Token), waiting.ID); platform.ErrorCode(err) != platform.Forbidden {
			t.Errorf("a certificate for one who did not attend: %v", err)
		}
		if _, err := regs.Certificate(asUser(platform.RoleFocalPoint, "KZ"), a.ID); platform.ErrorCode(err) != platform.Forbidden {
			t.Errorf("the focal point downloaded a participant's certificate: %v", err)
		}
		if _, err := regs.Certificate(anon, a.ID); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("a stranger: %v", err)
		}

		check, err := regs.VerifyCertificate(anon, strings.ToLower(cert.Registration.CertificateCode))
		if err != nil || check.Name != a.Name || !slices.Equal(check.Days, []string{"2026-05-12"}) || check.Titles["en"] == "" || check.Hours != 8 {
			t.Errorf("verification: %+v %v", check, err)
		}
		if _, err := regs.VerifyCertificate(anon, "ABCDEFGHJKLM"); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("an unknown code: %v", err)
		}
		// Cleared attendance withdraws the confirmation.
		if _, err := regs.SetAttendance(sec, a.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := regs.VerifyCertificate(anon, cert.Registration.CertificateCode); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("a certificate of one no longer attending: %v", err)
		}
	})
}

// A focal point checks in at their country's national training, and not at
// another country's.
func TestFocalPointsCheckInAtTheirNationalEvents(t *testing.T) {
	db := openDB(t)
	c := &clock{t: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	db.SetClock(c.now)
	events, regs := mongo.NewEventService(db), mongo.NewRegistrationService(db)
	e := threeDayTraining(t, events, platform.EventNationalTraining, "KG")
	res, err := regs.Register(context.Background(), e.ID, person(1, "KG"))
	if err != nil {
		t.Fatal(err)
	}
	c.set(time.Date(2026, 5, 13, 6, 0, 0, 0, time.UTC))
	if _, err := regs.CheckIn(asUser(platform.RoleFocalPoint, "KZ"), e.ID, platform.CheckInInput{Code: res.Registration.CheckInCode}); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("another country's focal point: %v", err)
	}
	got, err := regs.CheckIn(asUser(platform.RoleFocalPoint, "KG"), e.ID, platform.CheckInInput{Code: res.Registration.CheckInCode})
	if err != nil || got.Day != "2026-05-13" {
		t.Errorf("the country's focal point: %+v %v", got, err)
	}
	c.set(time.Date(2026, 5, 20, 6, 0, 0, 0, time.UTC))
	if _, err := regs.CheckIn(asUser(platform.RoleFocalPoint, "KG"), e.ID, platform.CheckInInput{Code: res.Registration.CheckInCode}); platform.ErrorCode(err) != platform.Invalid || !hasField(err, "day") {
		t.Errorf("checking in today after the event: %v", err)
	}
}

func mustErr[T any](_ T, err error) error { return err }
