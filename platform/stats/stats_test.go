package stats_test

import (
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/stats"
)

var now = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

func event(id string, kind platform.EventKind, status platform.EventStatus, start string, hours, capacity int, trainers ...string) *platform.Event {
	s, err := time.Parse(time.RFC3339, start)
	if err != nil {
		panic(err)
	}
	return &platform.Event{ID: id, Kind: kind, Status: status, Start: s, End: s.Add(time.Duration(hours) * time.Hour),
		TimeZone: "Asia/Tashkent", Capacity: capacity, Trainers: trainers}
}

func reg(event string, queue uint64, cat platform.RegistrationCategory, country, gender, email string, state platform.RegistrationState, attended ...string) *platform.Registration {
	return &platform.Registration{EventID: event, Queue: queue, Category: cat, Country: country, Gender: gender, Email: email,
		Name: email, State: state, Attended: attended}
}

func count(list []platform.StatsCount, key string) int {
	for _, c := range list {
		if c.Key == key {
			return c.Count
		}
	}
	return -1
}

func TestHeldKeepsTheYearInTheEventsZoneAndHeldEvents(t *testing.T) {
	events := []*platform.Event{
		// 31 December 20:00 UTC is 1 January in Tashkent: 2025.
		event("newyear", platform.EventWebinar, platform.EventHeld, "2024-12-31T20:00:00Z", 2, 0),
		event("dec", platform.EventWebinar, platform.EventHeld, "2024-12-31T10:00:00Z", 2, 0),
		event("ended", platform.EventWorkshop, platform.EventPlanned, "2025-06-01T04:00:00Z", 4, 0),
		event("cancelled", platform.EventWorkshop, platform.EventCancelled, "2025-06-01T04:00:00Z", 4, 0),
		event("draft", platform.EventWorkshop, platform.EventDraft, "2025-06-01T04:00:00Z", 4, 0),
	}
	got := stats.Held(events, platform.StatsFilter{Year: 2025}, now)
	if len(got) != 2 || got[0].ID != "newyear" || got[1].ID != "ended" {
		t.Errorf("held %v", ids(got))
	}
	from, to := stats.YearWindow(2025)
	if !from.Before(events[0].Start) || !to.After(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("window %s–%s", from, to)
	}
}

func ids(es []*platform.Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestComputeCountsSeatsOnceAndNothingElse(t *testing.T) {
	training := event("t", platform.EventRegionalTraining, platform.EventHeld, "2025-03-10T04:00:00Z", 56, 2, "Sara Lindqvist", "Aziz Karimov")
	webinar := event("w", platform.EventWebinar, platform.EventHeld, "2025-04-10T04:00:00Z", 2, 0, "sara  lindqvist")
	held := []*platform.Event{training, webinar}
	regs := []*platform.Registration{
		// The training has two seats: the third in line waits.
		reg("t", 3, platform.CategoryDelegate, "KZ", "female", "a@x.kz", platform.RegistrationActive, "2025-03-10", "2025-03-11"),
		reg("t", 1, platform.CategoryDelegate, "KG", "male", "b@x.kg", platform.RegistrationActive, "2025-03-10"),
		reg("t", 7, platform.CategoryObserver, "UZ", "", "waits@x.uz", platform.RegistrationActive),
		reg("t", 9, platform.CategoryTrainer, "other", "", "Aziz Karimov", platform.RegistrationActive),
		reg("t", 0, platform.CategoryDelegate, "TJ", "female", "pending@x.tj", platform.RegistrationPending),
		reg("t", 0, platform.CategoryDelegate, "TJ", "female", "cancelled@x.tj", platform.RegistrationCancelled),
		reg("t", 0, platform.CategoryDelegate, "TJ", "female", "rejected@x.tj", platform.RegistrationRejected),
		// The webinar has no limit; a@x.kz comes again.
		reg("w", 20, platform.CategoryDelegate, "KZ", "female", "a@x.kz", platform.RegistrationActive),
		reg("w", 21, platform.CategorySpeaker, "TM", "other", "s@x.tm", platform.RegistrationActive),
		reg("w", 22, platform.CategoryTrainer, "KZ", "male", "New Trainer", platform.RegistrationActive),
		// A registration of an event not counted changes nothing.
		reg("hidden", 1, platform.CategoryDelegate, "KZ", "female", "h@x.kz", platform.RegistrationActive),
	}
	st := stats.Compute(platform.StatsFilter{Year: 2025}, held, regs, nil)
	checks := []struct {
		what      string
		got, want int
	}{
		{"events", st.Events, 2},
		{"regional trainings", count(st.EventsByKind, "regional_training"), 1},
		{"webinars", count(st.EventsByKind, "webinar"), 1},
		{"conferences (zero, listed)", count(st.EventsByKind, "conference"), 0},
		{"participants", st.Participants, 6},
		{"unique participants", st.UniqueParticipants, 5},
		{"from KZ", count(st.ByCountry, "KZ"), 3},
		{"from KG", count(st.ByCountry, "KG"), 1},
		{"from UZ (waiting)", count(st.ByCountry, "UZ"), 0},
		{"from TJ (pending, cancelled, rejected)", count(st.ByCountry, "TJ"), 0},
		{"from other", count(st.ByCountry, "other"), 1},
		{"delegates", count(st.ByCategory, "delegate"), 3},
		{"observers", count(st.ByCategory, "observer"), 0},
		{"trainers registered", count(st.ByCategory, "trainer"), 2},
		{"speakers", count(st.ByCategory, "speaker"), 1},
		{"women", count(st.ByGender, "female"), 2},
		{"men", count(st.ByGender, "male"), 2},
		{"other", count(st.ByGender, "other"), 1},
		{"not given", count(st.ByGender, platform.GenderNotGiven), 1},
		// Sara Lindqvist twice, Aziz Karimov listed and registered, New Trainer.
		{"trainers", st.Trainers, 3},
		{"trainings", st.TrainingEvents, 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	// 10 March 09:00 to 12 March 17:00 in Tashkent: 8 + 8 + 8.
	if st.TrainingHours != 24 {
		t.Errorf("training hours %v, want 24", st.TrainingHours)
	}
	if st.Attendance == nil || st.Attendance.Events != 1 || st.Attendance.ParticipantHours != 24 {
		t.Errorf("attendance %+v, want one training and 24 participant-hours", st.Attendance)
	}
	if st.KnowledgeGain != nil {
		t.Errorf("knowledge gain without data: %+v", st.KnowledgeGain)
	}
}

func TestKnowledgeGainIsTheMeanOverEventsWithData(t *testing.T) {
	held := []*platform.Event{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	g := stats.Gain(held, map[string]platform.EventGain{"a": {Mean: 10, Respondents: 30}, "b": {Mean: 20, Respondents: 2},
		"c": {Mean: 99, Respondents: 0}, "hidden": {Mean: 50, Respondents: 5}})
	if g == nil || g.Mean != 15 || g.Events != 2 || g.Respondents != 32 {
		t.Errorf("gain %+v, want mean 15 over 2 events and 32 respondents", g)
	}
	if stats.Gain(held, nil) != nil {
		t.Errorf("gain without data")
	}
}

func TestAnErasedTrainerCountsOnceByThePlaceholder(t *testing.T) {
	a := event("a", platform.EventRegionalTraining, platform.EventHeld, "2025-03-10T04:00:00Z", 8, 0)
	b := event("b", platform.EventWebinar, platform.EventHeld, "2025-04-10T04:00:00Z", 2, 0)
	erased := func(r *platform.Registration) *platform.Registration {
		at := now
		r.Name, r.ErasedAt = "", &at
		return r
	}
	regs := []*platform.Registration{
		// One erased person who trained twice, another erased trainer,
		// and an erased delegate, who is no trainer.
		erased(reg("a", 1, platform.CategoryTrainer, "other", "", platform.ErasedEmail("u1"), platform.RegistrationActive)),
		erased(reg("b", 1, platform.CategoryTrainer, "other", "", platform.ErasedEmail("u1"), platform.RegistrationActive)),
		erased(reg("b", 2, platform.CategoryTrainer, "KZ", "", platform.ErasedEmail("u2"), platform.RegistrationActive)),
		erased(reg("b", 3, platform.CategoryDelegate, "KZ", "", platform.ErasedEmail("u3"), platform.RegistrationActive)),
	}
	if st := stats.Compute(platform.StatsFilter{Year: 2025}, []*platform.Event{a, b}, regs, nil); st.Trainers != 2 || st.UniqueParticipants != 3 {
		t.Errorf("trainers %d (want 2), unique participants %d (want 3)", st.Trainers, st.UniqueParticipants)
	}
}
