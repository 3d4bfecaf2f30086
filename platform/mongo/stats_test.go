package mongo_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// statsFixture is a year of events with registrations of every kind that
// counts and does not.
type statsFixture struct {
	db                *mongo.DB
	events            *mongo.EventService
	regs              *mongo.RegistrationService
	sec               context.Context
	training, webinar *platform.Event
}

// takingRegistrations creates an event a month from now that takes
// registrations; heldIn moves it to its real dates once people registered.
func (fx *statsFixture) takingRegistrations(t *testing.T, in platform.EventInput) *platform.Event {
	t.Helper()
	in.Start = time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	in.End = in.Start.Add(8 * time.Hour)
	in.Status = platform.EventRegistrationOpen
	e, err := fx.events.CreateEvent(fx.sec, in)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (fx *statsFixture) heldIn(t *testing.T, e *platform.Event, status platform.EventStatus, start, end string) *platform.Event {
	t.Helper()
	in := e.Input()
	var err error
	if in.Start, err = time.Parse(time.RFC3339, start); err != nil {
		t.Fatal(err)
	}
	if in.End, err = time.Parse(time.RFC3339, end); err != nil {
		t.Fatal(err)
	}
	in.Status = status
	e, err = fx.events.UpdateEvent(fx.sec, e.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (fx *statsFixture) register(t *testing.T, ctx context.Context, e *platform.Event, name, email, country, gender string, cat platform.RegistrationCategory) *platform.RegistrationResult {
	t.Helper()
	res, err := fx.regs.Register(ctx, e.ID, platform.RegistrationInput{Name: name, Email: email, Country: country, Gender: gender,
		Category: cat, Language: "ru"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func newStatsFixture(t *testing.T) *statsFixture {
	t.Helper()
	db := openDB(t)
	fx := &statsFixture{db: db, events: mongo.NewEventService(db), regs: mongo.NewRegistrationService(db), sec: asUser(platform.RoleSecretariat, "")}
	anon := context.Background()

	// A regional training for KZ and KG with two seats: two registered,
	// two waiting, one who cancelled, and a trainer the organizers added.
	in := eventInput(platform.EventRegionalTraining, "KZ", "KG")
	in.Capacity, in.Trainers = 2, []string{"Sara Lindqvist"}
	tr := fx.takingRegistrations(t, in)
	fx.register(t, anon, tr, "Айгүл Сейітқызы", "aigul@example.kz", "KZ", "female", "")
	fx.register(t, anon, tr, "Bakyt Asanov", "bakyt@example.kg", "KG", "male", "")
	fx.register(t, anon, tr, "Firuza Rahimova", "firuza@example.tj", "TJ", "female", "")
	fx.register(t, anon, tr, "Merdan Orazov", "merdan@example.tm", "TM", "male", "")
	gone := fx.register(t, anon, tr, "Gone Away", "gone@example.kz", "KZ", "female", "")
	if _, err := fx.regs.CancelRegistration(platform.ContextWithRegistrationToken(anon, gone.Token), gone.Registration.ID); err != nil {
		t.Fatal(err)
	}
	fx.register(t, fx.sec, tr, "Aziz Karimov", "aziz@example.org", "other", "", platform.CategoryTrainer)
	// Monday 10 March 2025 09:00 to Wednesday 17:00 in Almaty (UTC+5).
	fx.training = fx.heldIn(t, tr, platform.EventHeld, "2025-03-10T04:00:00Z", "2025-03-12T12:00:00Z")

	// A webinar for Uzbekistan on asset recovery without a limit, left
	// "registration open" after it ended; Aigul comes again.
	in = eventInput(platform.EventWebinar, "UZ")
	in.Capacity, in.Areas, in.Trainers = 0, []string{"asset_recovery"}, []string{"  sara   LINDQVIST "}
	wb := fx.takingRegistrations(t, in)
	fx.register(t, anon, wb, "Айгүл Сейітқызы", "aigul@example.kz", "KZ", "female", "")
	fx.register(t, anon, wb, "Dilnoza Karimova", "dilnoza@example.uz", "UZ", "", "")
	fx.webinar = fx.heldIn(t, wb, platform.EventRegistrationOpen, "2025-06-03T05:00:00Z", "2025-06-03T07:00:00Z")

	// A cancelled conference and a workshop of 2024 count for nothing in 2025.
	cf := fx.takingRegistrations(t, eventInput(platform.EventConference, "KZ", "KG", "TJ", "TM", "UZ"))
	fx.register(t, anon, cf, "Nobody Counted", "nobody@example.kz", "KZ", "male", "")
	fx.heldIn(t, cf, platform.EventCancelled, "2025-10-30T04:00:00Z", "2025-10-31T12:00:00Z")
	ws := fx.takingRegistrations(t, eventInput(platform.EventWorkshop, "KZ"))
	fx.register(t, anon, ws, "Last Year", "last@example.kz", "KZ", "male", "")
	fx.heldIn(t, ws, platform.EventHeld, "2024-11-05T04:00:00Z", "2024-11-05T08:00:00Z")
	return fx
}

func count(list []platform.StatsCount, key string) int {
	i := slices.IndexFunc(list, func(c platform.StatsCount) bool { return c.Key == key })
	if i < 0 {
		return -1
	}
	return list[i].Count
}

func TestStatsCountHeldEventsAndSeatsOnly(t *testing.T) {
	fx := newStatsFixture(t)
	svc := mongo.NewStatsService(fx.db)
	st, err := svc.EventStats(context.Background(), platform.StatsFilter{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"events", st.Events, 2},
		{"regional trainings", count(st.EventsByKind, "regional_training"), 1},
		{"webinars (ended, not cancelled)", count(st.EventsByKind, "webinar"), 1},
		{"conferences (cancelled)", count(st.EventsByKind, "conference"), 0},
		{"workshops (another year)", count(st.EventsByKind, "workshop"), 0},
		// Two seats and the trainer, and the webinar's two.
		{"participants", st.Participants, 5},
		{"unique participants", st.UniqueParticipants, 4},
		{"from KZ", count(st.ByCountry, "KZ"), 2},
		{"from KG", count(st.ByCountry, "KG"), 1},
		{"from TJ (waiting)", count(st.ByCountry, "TJ"), 0},
		{"from TM (waiting)", count(st.ByCountry, "TM"), 0},
		{"from UZ", count(st.ByCountry, "UZ"), 1},
		{"from elsewhere", count(st.ByCountry, "other"), 1},
		{"delegates", count(st.ByCategory, "delegate"), 4},
		{"trainers registered", count(st.ByCategory, "trainer"), 1},
		{"women", count(st.ByGender, "female"), 2},
		{"men", count(st.ByGender, "male"), 1},
		{"gender not given", count(st.ByGender, platform.GenderNotGiven), 2},
		{"trainers (Sara twice, Aziz)", st.Trainers, 2},
		{"trainings", st.TrainingEvents, 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	if st.TrainingHours != 24 {
		t.Errorf("training hours %v, want 24 (three days of 8)", st.TrainingHours)
	}
	if st.Attendance != nil || st.KnowledgeGain != nil {
		t.Errorf("attendance %+v and gain %+v without data", st.Attendance, st.KnowledgeGain)
	}

	t.Run("the country and area filters are the list's", func(t *testing.T) {
		for _, tt := range []struct {
			f      platform.StatsFilter
			events int
			people int
		}{
			{platform.StatsFilter{Year: 2025, Countries: []string{"kg"}}, 1, 3},
			{platform.StatsFilter{Year: 2025, Countries: []string{"UZ", "TM"}}, 1, 2},
			{platform.StatsFilter{Year: 2025, Areas: []string{"asset_recovery"}}, 1, 2},
			{platform.StatsFilter{Year: 2025, Countries: []string{"KG"}, Areas: []string{"asset_recovery"}}, 0, 0},
			{platform.StatsFilter{Year: 2024}, 1, 1},
		} {
			got, err := svc.EventStats(context.Background(), tt.f)
			if err != nil || got.Events != tt.events || got.Participants != tt.people {
				t.Errorf("%+v: %d events, %d participants, %v; want %d, %d", tt.f, got.Events, got.Participants, err, tt.events, tt.people)
			}
		}
		if _, err := svc.EventStats(context.Background(), platform.StatsFilter{Year: 2025, Areas: []string{"sports"}}); platform.ErrorCode(err) != platform.Invalid {
			t.Errorf("an unknown area: %v", err)
		}
	})

	t.Run("knowledge gain comes from the evaluations' source", func(t *testing.T) {
		var asked []string
		withGain := mongo.NewStatsService(fx.db)
		withGain.Gains = func(_ context.Context, ids []string) (map[string]platform.EventGain, error) {
			asked = ids
			return map[string]platform.EventGain{fx.training.ID: {Mean: 18.5, Respondents: 2}}, nil
		}
		got, err := withGain.EventStats(context.Background(), platform.StatsFilter{Year: 2025})
		if err != nil || got.KnowledgeGain == nil || got.KnowledgeGain.Mean != 18.5 || got.KnowledgeGain.Events != 1 || got.KnowledgeGain.Respondents != 2 {
			t.Errorf("gain %+v, %v", got.KnowledgeGain, err)
		}
		slices.Sort(asked)
		want := []string{fx.training.ID, fx.webinar.ID}
		slices.Sort(want)
		if !slices.Equal(asked, want) {
			t.Errorf("the source was asked about %v, want the held events %v", asked, want)
		}
	})
}

func TestStatsDoNotChangeWithEventsTheReaderMayNotSee(t *testing.T) {
	fx := newStatsFixture(t)
	svc := mongo.NewStatsService(fx.db)
	var asked [][]string
	svc.Gains = func(_ context.Context, ids []string) (map[string]platform.EventGain, error) {
		asked = append(asked, ids)
		return nil, nil
	}
	readers := map[string]context.Context{
		"anonymous": context.Background(), "an expert": asUser(platform.RoleExpert, "KZ"), "a focal point": asUser(platform.RoleFocalPoint, "KG"),
	}
	f := platform.StatsFilter{Year: 2025}
	before := map[string]*platform.EventStats{}
	for who, ctx := range readers {
		st, err := svc.EventStats(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		before[who] = st
	}
	secBefore, err := svc.EventStats(fx.sec, f)
	if err != nil {
		t.Fatal(err)
	}

	// A secretariat-only coordination meeting of 2025 with a registered
	// participant and a trainer of its own.
	in := eventInput(platform.EventRegionalTraining, "KZ", "KG")
	in.Visibility, in.Trainers = platform.Secretariat, []string{"Hidden Trainer"}
	hidden := fx.takingRegistrations(t, in)
	fx.register(t, fx.sec, hidden, "Secret Person", "secret@example.kz", "KZ", "female", "")
	hidden = fx.heldIn(t, hidden, platform.EventHeld, "2025-09-01T04:00:00Z", "2025-09-01T12:00:00Z")

	asked = nil
	for who, ctx := range readers {
		st, err := svc.EventStats(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(st, before[who]) {
			t.Errorf("%s: the statistics changed with a secretariat-only event:\n%+v\n%+v", who, before[who], st)
		}
	}
	for _, ids := range asked {
		if slices.Contains(ids, hidden.ID) {
			t.Errorf("the gain source was asked about a hidden event for a reader who may not see it")
		}
	}
	secAfter, err := svc.EventStats(fx.sec, f)
	if err != nil {
		t.Fatal(err)
	}
	if secAfter.Events != secBefore.Events+1 || secAfter.Participants != secBefore.Participants+1 || secAfter.Trainers != secBefore.Trainers+1 ||
		secAfter.TrainingHours != secBefore.TrainingHours+8 {
		t.Errorf("the secretariat does not see its meeting: %+v then %+v", secBefore, secAfter)
	}
}
