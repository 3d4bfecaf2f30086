package mongo_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// oneSlot gives the conference one window of one slot (so that meetings
// at once need rooms of their own), rooms r1 and r2 and an interpreter
// between English and Russian.
func (f *bilateralFixture) oneSlot(t *testing.T) *platform.BilateralSettings {
	t.Helper()
	s := platform.DefaultBilateralSettings(f.ev.ID)
	at := f.ev.Start.Add(time.Hour)
	s.Windows = []platform.TimeRange{{Start: at, End: at.Add(30 * time.Minute)}}
	s.Rooms = []platform.BilateralRoom{{Name: "Room Esil", Capacity: 6}, {Name: "Room Nura", Capacity: 6}}
	s.Interpreters = []platform.BilateralInterpreter{{Name: "Мария Ким", Pairs: []platform.LanguagePair{{A: "ru", B: "en"}}}}
	got, err := f.svc.SaveSettings(f.ctx("secretariat"), f.ev.ID, *s, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rooms[0].ID != "r1" || got.Interpreters[0].Pairs[0] != (platform.LanguagePair{A: "en", B: "ru"}) {
		t.Fatalf("settings: %+v", got)
	}
	return got
}

// accepted asks and accepts a meeting between two delegations.
func (f *bilateralFixture) accepted(t *testing.T, from, to *platform.Delegation, asker, answerer, topic string) *platform.MeetingRequest {
	t.Helper()
	r := f.ask(t, f.ctx(asker), from, to, topic)
	got, err := f.svc.AnswerRequest(f.ctx(answerer), r.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{to.Members[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBadSettingsAreRefusedNamingTheField(t *testing.T) {
	f := newBilateral(t)
	at := f.ev.Start.Add(time.Hour)
	tests := []struct {
		name  string
		edit  func(*platform.BilateralSettings)
		field string
	}{
		{"a room of capacity 0", func(s *platform.BilateralSettings) { s.Rooms = []platform.BilateralRoom{{Name: "Esil", Capacity: 0}} }, "rooms.0.capacity"},
		{"a slot longer than every window", func(s *platform.BilateralSettings) {
			s.Windows = []platform.TimeRange{{Start: at, End: at.Add(20 * time.Minute)}}
			s.SlotMinutes = 30
		}, "slotMinutes"},
		{"a window outside the conference", func(s *platform.BilateralSettings) {
			s.Windows = []platform.TimeRange{{Start: f.ev.End, End: f.ev.End.Add(time.Hour)}}
		}, "windows.0"},
		{"an interpreter's pair with one language", func(s *platform.BilateralSettings) {
			s.Interpreters = []platform.BilateralInterpreter{{Name: "X", Pairs: []platform.LanguagePair{{A: "ru", B: "ru"}}}}
		}, "interpreters.0.pairs.0"},
		{"an interpreter's unknown language", func(s *platform.BilateralSettings) {
			s.Interpreters = []platform.BilateralInterpreter{{Name: "X", Pairs: []platform.LanguagePair{{A: "ru", B: "elvish"}}}}
		}, "interpreters.0.pairs.0"},
		{"a day that ends before it starts", func(s *platform.BilateralSettings) { s.DayStart, s.DayEnd = "18:00", "09:00" }, "dayEnd"},
		{"a day hour that is no time", func(s *platform.BilateralSettings) { s.DayStart = "9 am" }, "dayStart"},
		{"a deadline after the conference", func(s *platform.BilateralSettings) { s.RequestDeadline = f.ev.End.Add(time.Hour) }, "requestDeadline"},
		{"a time box too long", func(s *platform.BilateralSettings) { s.TimeBoxSeconds = 600 }, "timeBoxSeconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := platform.DefaultBilateralSettings(f.ev.ID)
			tt.edit(s)
			_, err := f.svc.SaveSettings(f.ctx("secretariat"), f.ev.ID, *s, 0)
			wantCode(t, err, platform.Invalid)
			if got := platform.AsError(err).Data["Field"]; got != tt.field {
				t.Fatalf("named %v, want %q (%v)", got, tt.field, err)
			}
		})
	}
}

func TestTwoSecretariatMembersSolvingAtOnce(t *testing.T) {
	f := newBilateral(t)
	f.oneSlot(t)
	f.accepted(t, f.kz, f.uz, "kz", "uz", "Asset recovery")
	f.accepted(t, f.academy, f.kz, "head", "kz", "Training of prosecutors")
	second, err := f.users.CreateUser(system(), platform.NewUser{Email: "sec2@example.org", Name: "Second", Role: platform.RoleSecretariat})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]*platform.BilateralSchedule, 2)
	errs := make([]error, 2)
	for i, ctx := range []context.Context{f.ctx("secretariat"), from(second, "192.0.2.10")} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = f.svc.Solve(ctx, f.ev.ID, 0)
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil:
			if won >= 0 {
				t.Fatal("both solves stood")
			}
			won = i
		case platform.ErrorCode(err) != platform.Conflict:
			t.Fatalf("the other solve: %v, want Conflict", err)
		}
	}
	if won < 0 {
		t.Fatalf("no solve stood: %v", errs)
	}
	t.Logf("the loser was told: %v", errs[1-won])
	stored, err := f.svc.Schedule(f.ctx("secretariat"), f.ev.ID)
	if err != nil || stored.Version != 1 || stored.SolvedBy != results[won].SolvedBy || stored.Placed != results[won].Placed {
		t.Fatalf("stored %+v, want the winner's %+v (%v)", stored, results[won], err)
	}
	// The one who lost solves again from the version that stands.
	if _, err := f.svc.Solve(from(second, "192.0.2.10"), f.ev.ID, 1); err != nil {
		t.Fatal(err)
	}
}

func TestPublishThenSolveAgainAfterARoomIsWithdrawn(t *testing.T) {
	f := newBilateral(t)
	kg, err := f.users.CreateUser(system(), platform.NewUser{Email: "kg@example.org", Name: "User kg", Role: platform.RoleFocalPoint, Country: "KG"})
	if err != nil {
		t.Fatal(err)
	}
	f.as["kg"] = kg
	kgd := f.delegation(t, f.ctx("kg"), "", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG",
		Members: []platform.DelegationMember{f.member(t, "Азамат Бекболотов", "azamat@example.kg", "ky", "ru")}, Head: "m1"})
	settings := f.oneSlot(t)
	a := f.accepted(t, f.kz, f.uz, "kz", "uz", "Asset recovery")
	b := f.accepted(t, f.academy, kgd, "head", "kg", "Training of investigators")
	if _, err := f.svc.LockRequest(f.ctx("kz"), a.ID, true); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("a delegation locks a meeting: %v", err)
	}

	draft, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Placed != 2 || draft.UpperBound != 2 || len(draft.Meetings) != 2 {
		t.Fatalf("draft: %+v", draft)
	}
	// Delegations see nothing of a draft.
	if got, err := f.svc.Schedule(f.ctx("kz"), f.ev.ID); err != nil || len(got.Published) != 0 || len(got.Meetings) != 0 {
		t.Fatalf("a delegation's view of a draft: %v %+v", err, got)
	}
	pub, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, draft.Version)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.Published) != 2 || pub.PublishedAt == nil {
		t.Fatalf("published: %+v", pub)
	}
	first := f.notified(t)
	for _, who := range []string{"kz", "uz", "kg", "head"} {
		if first[who] != 1 {
			t.Fatalf("after the first publication: %v, want each delegation told once", first)
		}
	}
	// A delegation sees its own published meeting only.
	mine, err := f.svc.Schedule(f.ctx("kz"), f.ev.ID)
	if err != nil || len(mine.Published) != 1 || mine.Published[0].RequestID != a.ID || len(mine.Unplaced) != 0 || mine.SolvedBy != "" {
		t.Fatalf("a delegation's view: %v %+v", err, mine)
	}
	all, _ := f.svc.Schedule(f.ctx("secretariat"), f.ev.ID)
	if !slices.ContainsFunc(all.Published, func(m platform.ScheduledMeeting) bool { return m.RequestID == b.ID }) {
		t.Fatalf("the secretariat's view lacks the other meeting: %+v", all.Published)
	}

	// The room of a's meeting is withdrawn and another added: a moves, b
	// stays.
	roomOfA := ""
	for _, m := range pub.Published {
		if m.RequestID == a.ID {
			roomOfA = m.Room
		}
	}
	next := *settings
	next.Rooms = slices.Clone(settings.Rooms)
	for i := range next.Rooms {
		if next.Rooms[i].ID == roomOfA {
			next.Rooms[i].Withdrawn = true
		}
	}
	next.Rooms = append(next.Rooms, platform.BilateralRoom{Name: "Room Ishim", Capacity: 4})
	if _, err := f.svc.SaveSettings(f.ctx("secretariat"), f.ev.ID, next, settings.Version); err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, pub.Version)
	if err != nil {
		t.Fatal(err)
	}
	if again.Placed != 2 || len(again.Moves) != 1 || again.Moves[0].RequestID != a.ID || again.Moves[0].To == nil || again.Moves[0].To.Room != "r3" {
		t.Fatalf("solved again: placed %d, moves %+v", again.Placed, again.Moves)
	}
	if _, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, again.Version); err != nil {
		t.Fatal(err)
	}
	second := f.notified(t)
	for who, want := range map[string]int{"kz": 2, "uz": 2, "kg": 1, "head": 1} {
		if second[who] != want {
			t.Fatalf("after the move: %v, want only Kazakhstan and Uzbekistan told again", second)
		}
	}

	// Withdrawing an accepted request drops its published meeting.
	if _, err := f.svc.AnswerRequest(f.ctx("head"), b.ID, platform.MeetingAnswer{Action: "withdraw"}); err != nil {
		t.Fatal(err)
	}
	dropped, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, again.Version+1)
	if err != nil {
		t.Fatal(err)
	}
	if dropped.Placed != 1 || len(dropped.Moves) != 1 || dropped.Moves[0].RequestID != b.ID || dropped.Moves[0].To != nil {
		t.Fatalf("after a withdrawal: %+v", dropped)
	}
}

// notified counts each actor's schedule notifications.
func (f *bilateralFixture) notified(t *testing.T) map[string]int {
	t.Helper()
	follows := mongo.NewFollowService(f.db)
	out := map[string]int{}
	for name := range f.as {
		ns, _, err := follows.Notifications(f.ctx(name), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Kind == platform.NotifySchedule && n.RecordID == f.ev.ID && n.RecordType == platform.TypeBilateralSchedule && n.Title["en"] == "Annual conference" {
				out[name]++
			}
		}
	}
	return out
}

func TestSolveKeepsALockedMeetingAndRefusesSettingsThatHoldNone(t *testing.T) {
	f := newBilateral(t)
	if _, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0); platform.ErrorCode(err) != platform.Invalid ||
		platform.AsError(err).Data["Field"] != "rooms" {
		t.Fatalf("solving without rooms: %v", err)
	}
	s := platform.DefaultBilateralSettings(f.ev.ID)
	s.Rooms = []platform.BilateralRoom{{Name: "Esil", Capacity: 4}, {Name: "Nura", Capacity: 4}}
	if _, err := f.svc.SaveSettings(f.ctx("secretariat"), f.ev.ID, *s, 0); err != nil {
		t.Fatal(err)
	}
	a := f.accepted(t, f.kz, f.uz, "kz", "uz", "Asset recovery")
	first, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0)
	if err != nil || first.Placed != 1 {
		t.Fatalf("%v %+v", err, first)
	}
	if _, err := f.svc.LockRequest(f.ctx("secretariat"), a.ID, true); err != nil {
		t.Fatal(err)
	}
	f.accepted(t, f.uz, f.academy, "uz", "head", "E-learning")
	second, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, first.Version)
	if err != nil || second.Placed != 2 {
		t.Fatalf("%v %+v", err, second)
	}
	if i := slices.IndexFunc(second.Meetings, func(m platform.ScheduledMeeting) bool { return m.RequestID == a.ID }); i < 0 ||
		!second.Meetings[i].Start.Equal(first.Meetings[0].Start) || second.Meetings[i].Room != first.Meetings[0].Room {
		t.Fatalf("the locked meeting moved: %+v, was %+v", second.Meetings, first.Meetings)
	}
}

func TestARestartLosesNothing(t *testing.T) {
	f := newBilateral(t)
	f.oneSlot(t)
	a := f.accepted(t, f.kz, f.uz, "kz", "uz", "Asset recovery")
	pending := f.ask(t, f.ctx("head"), f.academy, f.kz, "Courses")
	draft, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, draft.Version); err != nil {
		t.Fatal(err)
	}
	read := func(svc *mongo.BilateralService) []any {
		ds, err1 := svc.Delegations(f.ctx("secretariat"), f.ev.ID)
		rs, err2 := svc.Requests(f.ctx("secretariat"), f.ev.ID, "", "")
		st, err3 := svc.Settings(f.ctx("secretariat"), f.ev.ID)
		sc, err4 := svc.Schedule(f.ctx("secretariat"), f.ev.ID)
		mine, err5 := svc.Schedule(f.ctx("uz"), f.ev.ID)
		for _, err := range []error{err1, err2, err3, err4, err5} {
			if err != nil {
				t.Fatal(err)
			}
		}
		return []any{ds, rs, st, sc, mine}
	}
	before := read(f.svc)
	restarted := mongo.NewBilateralService(openNamed(t, f.name))
	after := read(restarted)
	if !sameJSON(t, before, after) {
		t.Fatalf("after a restart:\n%s\nbefore:\n%s", toJSON(t, after), toJSON(t, before))
	}
	if got, err := restarted.Request(f.ctx("kz"), pending.ID); err != nil || got.Status != platform.MeetingPending {
		t.Fatalf("%v %+v", err, got)
	}
	if got, err := restarted.Request(f.ctx("uz"), a.ID); err != nil || got.Status != platform.MeetingAccepted {
		t.Fatalf("%v %+v", err, got)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameJSON(t *testing.T, a, b any) bool { return toJSON(t, a) == toJSON(t, b) }

// TestADraftChangesNothingADelegationReads: after a publication, the
// secretariat solving again (a draft no delegation sees) leaves a
// delegation's view of the schedule as it was, version included (the
// version is the .ics SEQUENCE and the ETag a delegation gets: it once
// counted the secretariat's drafts). Publishing again moves it on.
func TestADraftChangesNothingADelegationReads(t *testing.T) {
	f := newBilateral(t)
	f.oneSlot(t)
	f.accepted(t, f.kz, f.uz, "kz", "uz", "Asset recovery")
	draft, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, draft.Version)
	if err != nil {
		t.Fatal(err)
	}
	before, err := f.svc.Schedule(f.ctx("kz"), f.ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if before.PublishedVersion != pub.Version || pub.PublishedVersion != pub.Version {
		t.Fatalf("published as version %d, read as %d (%d)", pub.Version, before.PublishedVersion, pub.PublishedVersion)
	}
	again, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, pub.Version)
	if err != nil {
		t.Fatal(err)
	}
	after, err := f.svc.Schedule(f.ctx("kz"), f.ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("a draft changed what a delegation reads:\n%+v\n%+v", before, after)
	}
	if _, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, again.Version); err != nil {
		t.Fatal(err)
	}
	if later, err := f.svc.Schedule(f.ctx("kz"), f.ev.ID); err != nil || later.Version <= before.Version || later.PublishedVersion != later.Version {
		t.Fatalf("after publishing again: %v %+v (was version %d)", err, later, before.Version)
	}
}

// TestAScheduleStoredBeforePublishedVersionReadsAsItsVersion: a schedule
// published before the store kept PublishedVersion gives delegations its
// version, not 0 (a calendar ignores an update whose SEQUENCE went down).
func TestAScheduleStoredBeforePublishedVersionReadsAsItsVersion(t *testing.T) {
	f := newBilateral(t)
	f.oneSlot(t)
	f.accepted(t, f.kz, f.uz, "kz", "uz", "Asset recovery")
	draft, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, draft.Version)
	if err != nil {
		t.Fatal(err)
	}
	client, err := driver.Connect(options.Client().ApplyURI(embeddedURI))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	if _, err := client.Database(f.name).Collection("bilateral_schedules").UpdateOne(context.Background(),
		bson.M{"_id": f.ev.ID}, bson.M{"$unset": bson.M{"publishedVersion": ""}}); err != nil {
		t.Fatal(err)
	}
	restarted := mongo.NewBilateralService(openNamed(t, f.name))
	got, err := restarted.Schedule(f.ctx("kz"), f.ev.ID)
	if err != nil || got.Version != pub.Version || got.PublishedVersion != pub.Version || len(got.Published) != 1 {
		t.Fatalf("%v %+v, want version %d", err, got, pub.Version)
	}
}

// TestADraftWithAMeetingWithdrawnSinceIsNotPublished: a request withdrawn
// after the draft was solved makes publishing that draft a Conflict (solve
// again), so delegations are never sent a meeting that no longer exists;
// the published schedule stays as it was.
func TestADraftWithAMeetingWithdrawnSinceIsNotPublished(t *testing.T) {
	f := newBilateral(t)
	f.oneSlot(t)
	a := f.accepted(t, f.kz, f.uz, "kz", "uz", "Asset recovery")
	draft, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0)
	if err != nil || len(draft.Meetings) != 1 {
		t.Fatalf("%v %+v", err, draft)
	}
	if _, err := f.svc.AnswerRequest(f.ctx("kz"), a.ID, platform.MeetingAnswer{Action: "withdraw"}); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Publish(f.ctx("secretariat"), f.ev.ID, draft.Version)
	wantCode(t, err, platform.Conflict)
	if got := platform.AsError(err).MessageID; got != "bilaterals.error.draft_stale" {
		t.Fatalf("message %q", got)
	}
	if sch, err := f.svc.Schedule(f.ctx("secretariat"), f.ev.ID); err != nil || sch.PublishedAt != nil || sch.Version != draft.Version {
		t.Fatalf("after the refusal: %v %+v", err, sch)
	}
	again, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, draft.Version)
	if err != nil || len(again.Meetings) != 0 {
		t.Fatalf("solved again: %v %+v", err, again)
	}
	if _, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, again.Version); err != nil {
		t.Fatalf("publishing the new draft: %v", err)
	}
}
