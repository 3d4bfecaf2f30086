package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// openTraining creates a training a month from now that takes
// registrations, with capacity seats.
func openTraining(t *testing.T, events *mongo.EventService, capacity int, approval bool) *platform.Event {
	t.Helper()
	in := eventInput(platform.EventRegionalTraining, "KZ", "KG")
	in.Start = time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	in.End = in.Start.Add(24 * time.Hour)
	in.Status, in.Capacity, in.RequiresApproval = platform.EventRegistrationOpen, capacity, approval
	e, err := events.CreateEvent(asUser(platform.RoleSecretariat, ""), in)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func person(n int, country string) platform.RegistrationInput {
	return platform.RegistrationInput{Name: fmt.Sprintf("Участник %d", n), Country: country, Email: fmt.Sprintf("p%d@example.kz", n),
		Organization: "Anti-Corruption Agency", Language: "ru"}
}

func TestRegistrationWaitingListMovesUpOnCancellation(t *testing.T) {
	db := openDB(t)
	events, regs := mongo.NewEventService(db), mongo.NewRegistrationService(db)
	e := openTraining(t, events, 2, false)
	anon := context.Background()

	var results []*platform.RegistrationResult
	for i := range 4 {
		res, err := regs.Register(anon, e.ID, person(i, "KZ"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Token == "" || res.Existed {
			t.Errorf("registration %d: %+v", i, res)
		}
		results = append(results, res)
	}
	want := []platform.RegistrationStatus{platform.StatusRegistered, platform.StatusRegistered, platform.StatusWaiting, platform.StatusWaiting}
	for i, res := range results {
		if res.Registration.Status != want[i] {
			t.Errorf("registration %d is %s, want %s", i, res.Registration.Status, want[i])
		}
	}
	if p := results[3].Registration.WaitingPosition; p != 2 {
		t.Errorf("the fourth waits at place %d, want 2", p)
	}
	c, err := regs.Counts(anon, e.ID)
	if err != nil || c.Registered != 2 || c.Waiting != 2 || !c.Full() {
		t.Errorf("counts %+v, %v", c, err)
	}

	// Registering twice changes nothing, and a stranger gets no link.
	again, err := regs.Register(anon, e.ID, person(1, "KZ"))
	if err != nil || !again.Existed || again.Token != "" || again.Registration.ID != results[1].Registration.ID {
		t.Fatalf("a second registration: %+v %v", again, err)
	}
	if c2, _ := regs.Counts(anon, e.ID); c2 != c {
		t.Errorf("counts after a repeat %+v, want %+v", c2, c)
	}

	// Nobody but its participant (or the event's people) sees a registration.
	first := results[0].Registration.ID
	if _, err := regs.FindRegistration(anon, first); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("a stranger read a registration: %v", err)
	}
	if _, err := regs.FindRegistration(platform.ContextWithRegistrationToken(anon, results[1].Token), first); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("another registration's link read it: %v", err)
	}
	mine := platform.ContextWithRegistrationToken(anon, results[0].Token)
	got, err := regs.FindRegistration(mine, first)
	if err != nil || got.Status != platform.StatusRegistered || got.CheckInCode == "" {
		t.Fatalf("the participant reads %+v %v", got, err)
	}

	// The first cancels: the third moves up and is told, once.
	if _, err := regs.CancelRegistration(mine, first); err != nil {
		t.Fatal(err)
	}
	if _, err := regs.CancelRegistration(mine, first); err != nil {
		t.Errorf("cancelling again: %v", err)
	}
	third := platform.ContextWithRegistrationToken(anon, results[2].Token)
	up, err := regs.FindRegistration(third, results[2].Registration.ID)
	if err != nil || up.Status != platform.StatusRegistered {
		t.Fatalf("the third after a cancellation: %+v %v", up, err)
	}
	notices, err := regs.Notices(third, up.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, n := range notices {
		kinds = append(kinds, n.Kind)
	}
	if !slices.Equal(kinds, []string{platform.NoticeWaiting, platform.NoticePromoted}) {
		t.Errorf("the third's notices: %v", kinds)
	}
	fourth, _ := regs.FindRegistration(platform.ContextWithRegistrationToken(anon, results[3].Token), results[3].Registration.ID)
	if fourth.Status != platform.StatusWaiting || fourth.WaitingPosition != 1 {
		t.Errorf("the fourth: %s at %d", fourth.Status, fourth.WaitingPosition)
	}

	// Capacity below the number registered is refused, naming the field;
	// raising it moves the fourth up.
	sec := asUser(platform.RoleSecretariat, "")
	in := e.Input()
	in.Capacity = 1
	if _, err := events.UpdateEvent(sec, e.ID, in); platform.ErrorCode(err) != platform.Invalid || !hasField(err, "capacity") {
		t.Errorf("capacity below the registered: %v", err)
	}
	in.Capacity = 3
	if _, err := events.UpdateEvent(sec, e.ID, in); err != nil {
		t.Fatal(err)
	}
	fourth, _ = regs.FindRegistration(sec, results[3].Registration.ID)
	if fourth.Status != platform.StatusRegistered {
		t.Errorf("the fourth after capacity 3: %s", fourth.Status)
	}

	// A cancelled participant may register again, at the end of the line.
	re, err := regs.Register(mine, e.ID, person(0, "KZ"))
	if err != nil || re.Registration.Status != platform.StatusWaiting || re.Token == "" {
		t.Errorf("registering again after cancelling: %+v %v", re, err)
	}
}

func TestRegistrationNeedsTheFocalPointsApproval(t *testing.T) {
	db := openDB(t)
	events, regs := mongo.NewEventService(db), mongo.NewRegistrationService(db)
	e := openTraining(t, events, 10, true)
	res, err := regs.Register(context.Background(), e.ID, person(1, "KG"))
	if err != nil || res.Registration.Status != platform.StatusPending {
		t.Fatalf("%+v %v", res, err)
	}
	id := res.Registration.ID
	if _, err := regs.DecideRegistration(asUser(platform.RoleFocalPoint, "KZ"), id, true); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("another country's focal point decided: %v", err)
	}
	list, total, err := regs.EventRegistrations(asUser(platform.RoleFocalPoint, "KZ"), e.ID, platform.RegistrationFilter{})
	if err != nil || total != 0 || len(list) != 0 {
		t.Errorf("another country's focal point lists %d (%v)", total, err)
	}
	kg := asUser(platform.RoleFocalPoint, "KG")
	list, total, err = regs.EventRegistrations(kg, e.ID, platform.RegistrationFilter{Status: platform.StatusPending})
	if err != nil || total != 1 || list[0].ID != id {
		t.Fatalf("the focal point's list: %d %v", total, err)
	}
	got, err := regs.DecideRegistration(kg, id, true)
	if err != nil || got.Status != platform.StatusRegistered || got.DecidedBy != "u-focal-pointKG" {
		t.Fatalf("approved: %+v %v", got, err)
	}
	if _, err := regs.DecideRegistration(kg, id, false); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("deciding twice: %v", err)
	}
	speaker := platform.RegistrationInput{Name: "Speaker", Country: "KG", Email: "s@example.org", Category: platform.CategorySpeaker}
	if _, err := regs.Register(context.Background(), e.ID, speaker); platform.ErrorCode(err) != platform.Unauthorized {
		t.Errorf("a visitor registered as a speaker: %v", err)
	}
	if _, err := regs.Register(asUser(platform.RoleExpert, "KG"), e.ID, speaker); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("an expert registered as a speaker: %v", err)
	}
}

func TestRegistrationRefusesBadInputNamingTheField(t *testing.T) {
	db := openDB(t)
	events, regs := mongo.NewEventService(db), mongo.NewRegistrationService(db)
	e := openTraining(t, events, 10, false)
	for field, in := range map[string]platform.RegistrationInput{
		"name":     {Country: "KZ", Email: "a@example.org"},
		"email":    {Name: "A", Country: "KZ", Email: "not an address"},
		"country":  {Name: "A", Country: "XX", Email: "a@example.org"},
		"gender":   {Name: "A", Country: "KZ", Email: "a@example.org", Gender: "unknown"},
		"category": {Name: "A", Country: "KZ", Email: "a@example.org", Category: "vip"},
		"language": {Name: "A", Country: "KZ", Email: "a@example.org", Language: "fr"},
	} {
		if _, err := regs.Register(context.Background(), e.ID, in); platform.ErrorCode(err) != platform.Invalid || !hasField(err, field) {
			t.Errorf("%s: %v", field, err)
		}
	}
	held := openTraining(t, events, 10, false)
	in := held.Input()
	in.Status = platform.EventPlanned
	if _, err := events.UpdateEvent(asUser(platform.RoleSecretariat, ""), held.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := regs.Register(context.Background(), held.ID, person(1, "KZ")); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("registering for an event not open: %v", err)
	}
}

// Many people registering at once for few seats: exactly capacity of them
// are registered, the rest wait in the order of their place in line, each
// was told their true status, and nobody is lost or doubled. FerretDB has
// no transactions; the benchmark runs 500 for 100 seats.
func TestRegistrationUnderConcurrencyKeepsCapacity(t *testing.T) {
	db := openDB(t)
	events, regs := mongo.NewEventService(db), mongo.NewRegistrationService(db)
	const capacity, people = 10, 60
	e := openTraining(t, events, capacity, false)
	var wg sync.WaitGroup
	told := make([]platform.RegistrationStatus, people)
	ids := make([]string, people)
	errs := make(chan error, people)
	for i := range people {
		wg.Go(func() {
			res, err := regs.Register(context.Background(), e.ID, person(i, "UZ"))
			if err != nil {
				errs <- err
				return
			}
			told[i], ids[i] = res.Registration.Status, res.Registration.ID
		})
	}
	// The same person sent twice at once: one registration.
	for range 3 {
		wg.Go(func() {
			if _, err := regs.Register(context.Background(), e.ID, person(0, "UZ")); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sec := asUser(platform.RoleSecretariat, "")
	list, total, err := regs.EventRegistrations(sec, e.ID, platform.RegistrationFilter{Limit: 500})
	if err != nil || total != people {
		t.Fatalf("%d registrations (%v), want %d", total, err, people)
	}
	registered := 0
	for i, r := range list {
		switch {
		case i < capacity && r.Status != platform.StatusRegistered, i >= capacity && (r.Status != platform.StatusWaiting || r.WaitingPosition != i-capacity+1):
			t.Errorf("place %d: %s (waiting at %d)", i, r.Status, r.WaitingPosition)
		}
		if r.Status == platform.StatusRegistered {
			registered++
		}
		if k := slices.Index(ids, r.ID); k >= 0 && told[k] != r.Status {
			t.Errorf("%s was told %s and is %s", r.Name, told[k], r.Status)
		}
	}
	if registered != capacity {
		t.Errorf("%d registered, want %d", registered, capacity)
	}
}

// hasField reports whether err is an error whose message names field.
func hasField(err error, field string) bool {
	e := platform.AsError(err)
	return e != nil && e.Data["Field"] == field
}

// Two hubs on one database: each keeps its own mirror of the events and
// registrations, and sees the other's writes (from the change log) within
// mirrorFresh (50 ms) — counts, places in line, the events list — while a
// registrant's place is final when told, whichever hub they registered on.
func TestTwoProcessesSeeEachOthersRegistrations(t *testing.T) {
	name := fmt.Sprintf("twohubs%d", time.Now().UnixNano()%1e6)
	open := func() *mongo.DB {
		db, err := mongo.Open(context.Background(), embeddedURI, name, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close(context.Background()) })
		return db
	}
	a, b := open(), open()
	eventsA, regsA := mongo.NewEventService(a), mongo.NewRegistrationService(a)
	eventsB, regsB := mongo.NewEventService(b), mongo.NewRegistrationService(b)
	e := openTraining(t, eventsA, 1, false)
	soon := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the other hub never saw %s", what)
			}
		}
	}
	soon("the event", func() bool {
		_, total, err := eventsB.FindEvents(context.Background(), platform.EventFilter{})
		return err == nil && total == 1
	})
	first, err := regsA.Register(context.Background(), e.ID, person(1, "KZ"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := regsB.Register(context.Background(), e.ID, person(2, "KG"))
	if err != nil {
		t.Fatal(err)
	}
	if first.Registration.Status != platform.StatusRegistered || second.Registration.Status != platform.StatusWaiting {
		t.Fatalf("across hubs: %s then %s", first.Registration.Status, second.Registration.Status)
	}
	for name, regs := range map[string]*mongo.RegistrationService{"a": regsA, "b": regsB} {
		soon("the counts on hub "+name, func() bool {
			c, err := regs.Counts(context.Background(), e.ID)
			return err == nil && c.Registered == 1 && c.Waiting == 1
		})
	}
	// A cancellation on one hub moves the line up on the other.
	if _, err := regsA.CancelRegistration(platform.ContextWithRegistrationToken(context.Background(), first.Token), first.Registration.ID); err != nil {
		t.Fatal(err)
	}
	soon("the move up", func() bool {
		got, err := regsB.FindRegistration(platform.ContextWithRegistrationToken(context.Background(), second.Token), second.Registration.ID)
		return err == nil && got.Status == platform.StatusRegistered
	})
}

// An event people registered for stays in the record: deleting it is a
// Conflict (cancel it instead), and nothing changes.
func TestAnEventWithRegistrationsIsCancelledNotDeleted(t *testing.T) {
	db := openDB(t)
	events, regs := mongo.NewEventService(db), mongo.NewRegistrationService(db)
	e := openTraining(t, events, 10, false)
	sec := asUser(platform.RoleSecretariat, "")
	if _, err := regs.Register(context.Background(), e.ID, person(1, "KZ")); err != nil {
		t.Fatal(err)
	}
	if err := events.DeleteEvent(sec, e.ID); platform.ErrorCode(err) != platform.Conflict {
		t.Fatalf("deleting an event with a registration: %v", err)
	}
	if _, err := events.FindEventByID(sec, e.ID); err != nil {
		t.Errorf("the event is gone: %v", err)
	}
	empty := openTraining(t, events, 10, false)
	if err := events.DeleteEvent(sec, empty.ID); err != nil {
		t.Errorf("deleting an event nobody registered for: %v", err)
	}
}
