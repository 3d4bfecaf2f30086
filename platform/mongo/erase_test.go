package mongo_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// erasedCollections are the collections that may hold something of a
// person: the test looks for their name and email in every document.
var erasedCollections = []string{"users", "sessions", "tokens", "links", "signin_failures", "audit",
	"registrations", "registration_versions", "registration_links", "notices", "events", "event_versions",
	"experts", "expert_versions", "expert_history", "import_jobs"}

// findTexts returns, for each text, the collections where some document
// holds it (case aside).
func findTexts(t *testing.T, db *mongo.DB, texts ...string) map[string][]string {
	t.Helper()
	found := map[string][]string{}
	for _, coll := range erasedCollections {
		docs, err := mongo.DumpRaw(context.Background(), db, coll)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			d = strings.ToLower(d)
			for _, x := range texts {
				if strings.Contains(d, strings.ToLower(x)) && !slices.Contains(found[x], coll) {
					found[x] = append(found[x], coll)
				}
			}
		}
	}
	return found
}

// heldTraining makes a regional training that took registrations and was
// held on 10 March 2025 in Almaty, with trainers; register adds people
// before it is moved to that date.
func heldTraining(t *testing.T, events *mongo.EventService, trainers []string, register func(e *platform.Event)) *platform.Event {
	t.Helper()
	sec := asUser(platform.RoleSecretariat, "")
	in := eventInput(platform.EventRegionalTraining, "KZ", "KG")
	in.Start = time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	in.End, in.Status, in.Trainers = in.Start.Add(8*time.Hour), platform.EventRegistrationOpen, trainers
	e, err := events.CreateEvent(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	register(e)
	in = e.Input()
	in.Start, in.End, in.Status = time.Date(2025, 3, 10, 4, 0, 0, 0, time.UTC), time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC), platform.EventHeld
	if e, err = events.UpdateEvent(sec, e.ID, in); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestErasingAUserLeavesNothingThatNamesThem(t *testing.T) {
	f := newAccounts(t)
	events, regs := mongo.NewEventService(f.db), mongo.NewRegistrationService(f.db)
	sec := asUser(platform.RoleSecretariat, "")
	const (
		email, name, latin = "zarina.erasova@example.kz", "Зарина Эрасова", "Zarina Erasova"
		org, org2, device  = "Агентство Эрасовой", "Erasova Consulting", "Erasova laptop"
	)
	u, link, err := f.accounts.Invite(system(), platform.NewUser{Email: email, Name: name, Role: platform.RoleFocalPoint, Country: "KZ", Organization: org})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.UseLink(from(nil, "192.0.2.10"), platform.LinkInvitation, link, "erasova passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.accounts.CreateLink(system(), platform.LinkReset, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.SignIn(from(nil, "192.0.2.10"), email, "wrong passphrase"); err == nil {
		t.Fatal("a wrong password signed in")
	}
	u, _, err = f.accounts.SignIn(from(nil, "192.0.2.10"), email, "erasova passphrase")
	if err != nil {
		t.Fatal(err)
	}
	me := from(u, "192.0.2.10")
	if _, err := f.users.UpdateUser(me, u.ID, platform.UserUpdate{Organization: new(org2)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.users.CreateToken(me, u.ID, device, nil); err != nil {
		t.Fatal(err)
	}
	// Someone without the right tries to invite her again: the refusal,
	// in the trail, holds what was asked for.
	if _, err := f.users.CreateUser(asUser(platform.RoleExpert, ""), platform.NewUser{Email: email, Name: name, Role: platform.RoleExpert}); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("an expert invites: %v", err)
	}

	// Her registrations: for a training not held yet (signed in), for one
	// held (anonymously, in Latin letters, attended, with a certificate),
	// and as a trainer the event names.
	future := openTraining(t, events, 1, false)
	mine, err := regs.Register(me, future.ID, platform.RegistrationInput{Name: name, Email: email, Country: "KZ", Organization: org, Language: "ru"})
	if err != nil || mine.Registration.UserID != u.ID {
		t.Fatalf("registering signed in: %v %+v", err, mine)
	}
	next, err := regs.Register(context.Background(), future.ID, person(1, "KG"))
	if err != nil || next.Registration.Status != platform.StatusWaiting {
		t.Fatalf("the next in line: %v %+v", err, next)
	}
	var held *platform.RegistrationResult
	training := heldTraining(t, events, nil, func(e *platform.Event) {
		if held, err = regs.Register(context.Background(), e.ID, platform.RegistrationInput{Name: latin, Email: strings.ToUpper(email), Country: "KZ",
			Organization: org, Position: "Главный специалист", Gender: "female", Language: "ru", ListPublicly: true}); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := regs.SetAttendance(sec, held.Registration.ID, []string{"2025-03-10"}); err != nil {
		t.Fatal(err)
	}
	cert, err := regs.Certificate(sec, held.Registration.ID)
	if err != nil {
		t.Fatal(err)
	}
	taught := heldTraining(t, events, []string{"Sara Lindqvist", name}, func(e *platform.Event) {
		if _, err := regs.Register(me, e.ID, platform.RegistrationInput{Name: name, Email: email, Country: "KZ", Category: platform.CategoryTrainer, Language: "ru"}); platform.ErrorCode(err) != platform.Forbidden {
			t.Fatalf("a focal point registers a trainer of a regional training: %v", err)
		}
		if _, err := regs.Register(sec, e.ID, platform.RegistrationInput{Name: name, Email: email, Country: "KZ", Category: platform.CategoryTrainer, Language: "ru"}); err != nil {
			t.Fatal(err)
		}
	})
	if err := f.users.RequestDeletion(me, "Прошу удалить мои данные — "+name); err != nil {
		t.Fatal(err)
	}

	texts := []string{email, name, latin, org, org2, device}
	before := findTexts(t, f.db, texts...)
	for _, x := range texts {
		if len(before[x]) == 0 {
			t.Fatalf("before the erasure nothing holds %q: the search would see nothing", x)
		}
	}

	if err := f.users.EraseUser(from(mongotestSecretariat(t, f), "192.0.2.1"), u.ID); err != nil {
		t.Fatal(err)
	}

	if after := findTexts(t, f.db, texts...); len(after) > 0 {
		t.Errorf("after the erasure the database still holds: %v", after)
	}
	got, err := f.users.FindUserByID(system(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != platform.ErasedEmail(u.ID) || got.Name != "" || got.Organization != "" || !got.Disabled || got.ErasedAt == nil ||
		got.HasPassword || got.Role != platform.RoleFocalPoint || got.Country != "KZ" || got.DeletionRequestedAt == nil || got.DeletionReason != "" {
		t.Errorf("the erased account: %+v", got)
	}
	if _, _, err := f.accounts.SignIn(from(nil, "192.0.2.10"), email, "erasova passphrase"); platform.ErrorCode(err) != platform.Unauthorized {
		t.Errorf("signing in after the erasure: %v", err)
	}
	for _, coll := range []string{"sessions", "tokens", "links"} {
		if n, err := mongo.CountRaw(context.Background(), f.db, coll, bson.D{{Key: "userId", Value: u.ID}}); err != nil || n != 0 {
			t.Errorf("%s of the erased account: %d %v", coll, n, err)
		}
	}
	// The trail keeps what she did, by her id, without her name.
	acted, n, err := f.audit.FindAudit(system(), platform.AuditFilter{ActorID: u.ID, Limit: 500})
	if err != nil || n == 0 {
		t.Fatalf("her entries: %d %v", n, err)
	}
	for _, e := range acted {
		if e.ActorName != "" || e.IP != "" || e.UserAgent != "" || e.ActorRole != platform.RoleFocalPoint || e.ActorCountry != "KZ" {
			t.Errorf("an entry of hers keeps %+v", e)
		}
	}
	erasures, _, err := f.audit.FindAudit(system(), platform.AuditFilter{RecordID: u.ID, Action: platform.ActionErase})
	if err != nil || len(erasures) != 1 || erasures[0].ActorRole != platform.RoleSecretariat {
		t.Errorf("the erasure's entry: %v %+v", err, erasures)
	}

	// The registrations keep what the statistics count.
	r, err := regs.FindRegistration(sec, held.Registration.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.ErasedAt == nil || r.Name != "" || r.Organization != "" || r.Position != "" || r.ListPublicly || r.CheckInCode != "" || r.CertificateCode != "" ||
		r.Email != platform.ErasedEmail(u.ID) || r.Country != "KZ" || r.Gender != "female" || r.Category != platform.CategoryDelegate ||
		!slices.Equal(r.Attended, []string{"2025-03-10"}) || r.State != platform.RegistrationActive {
		t.Errorf("the held training's registration: %+v", r)
	}
	if _, err := regs.VerifyCertificate(context.Background(), cert.Registration.CertificateCode); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("her certificate still verifies: %v", err)
	}
	if _, err := regs.Certificate(sec, held.Registration.ID); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("a certificate in the erased name: %v", err)
	}
	if list, _ := regs.PublicParticipants(context.Background(), training.ID); len(list) != 0 {
		t.Errorf("listed publicly: %+v", list)
	}
	// The seat she held for the coming training goes to the next in line.
	if r, err := regs.FindRegistration(sec, mine.Registration.ID); err != nil || r.State != platform.RegistrationCancelled {
		t.Errorf("the coming training's registration: %v %+v", err, r)
	}
	if r, err := regs.FindRegistration(sec, next.Registration.ID); err != nil || r.Status != platform.StatusRegistered {
		t.Errorf("the next in line: %v %+v", err, r)
	}
	// The event she taught keeps its other trainer, and her registration
	// as a trainer.
	if e, err := events.FindEventByID(sec, taught.ID); err != nil || !slices.Equal(e.Trainers, []string{"Sara Lindqvist"}) {
		t.Errorf("the event she taught: %v %+v", err, e)
	}
	list, _, err := regs.EventRegistrations(sec, taught.ID, platform.RegistrationFilter{})
	if err != nil || len(list) != 1 || list[0].Email != platform.ErasedEmail(u.ID) || list[0].Category != platform.CategoryTrainer {
		t.Errorf("her trainer's registration: %v %+v", err, list)
	}

	// The deletion is done: it leaves the secretariat's list of requests.
	if _, n, err := f.users.FindUsers(system(), platform.UserFilter{DeletionRequested: true}); err != nil || n != 0 {
		t.Errorf("deletions to carry out: %d %v", n, err)
	}
	// An erased account is not changed again, and erasing it again is done.
	if _, err := f.users.UpdateUser(system(), u.ID, platform.UserUpdate{Disabled: new(false)}); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("reactivating an erased account: %v", err)
	}
	if err := f.users.EraseUser(sec, u.ID); err != nil {
		t.Errorf("erasing again: %v", err)
	}
}

// mongotestSecretariat stores a secretariat member, who erases.
func mongotestSecretariat(t *testing.T, f *accountsFixture) *platform.User {
	t.Helper()
	s, err := f.users.CreateUser(system(), platform.NewUser{Email: "officer@unodc.example", Name: "Officer", Role: platform.RoleSecretariat})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestErasingUsersLeavesTheStatisticsAsTheyWere(t *testing.T) {
	fx := newStatsFixture(t)
	users := mongo.NewUserService(fx.db)
	// Aigul registered twice without an account, Aziz trained; both get
	// an account, and the training names Aziz among its trainers too.
	aigul, err := users.CreateUser(system(), platform.NewUser{Email: "aigul@example.kz", Name: "Айгүл Сейітқызы", Role: platform.RoleExpert, Country: "KZ"})
	if err != nil {
		t.Fatal(err)
	}
	aziz, err := users.CreateUser(system(), platform.NewUser{Email: "aziz@example.org", Name: "Aziz Karimov", Role: platform.RoleExpert})
	if err != nil {
		t.Fatal(err)
	}
	in := fx.training.Input()
	in.Trainers = append(in.Trainers, "Aziz  Karimov")
	if _, err := fx.events.UpdateEvent(fx.sec, fx.training.ID, in); err != nil {
		t.Fatal(err)
	}
	stats := func() *platform.EventStats {
		t.Helper()
		st, err := mongo.NewStatsService(fx.db).EventStats(context.Background(), platform.StatsFilter{Year: 2025})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	before := stats()
	if before.Participants == 0 || before.UniqueParticipants == 0 || before.Trainers != 2 {
		t.Fatalf("the fixture's statistics: %+v", before)
	}
	for _, u := range []*platform.User{aigul, aziz} {
		if err := users.EraseUser(fx.sec, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	if after := stats(); !reflect.DeepEqual(before, after) {
		t.Errorf("the statistics changed:\nbefore %+v\nafter  %+v", before, after)
	}
	found := findTexts(t, fx.db, "aigul@example.kz", "Айгүл", "aziz@example.org", "Aziz")
	if len(found) > 0 {
		t.Errorf("still held: %v", found)
	}
}

func TestErasingAUserIsTheSecretariatsAlone(t *testing.T) {
	f := newAccounts(t)
	target := f.member(t, "target@example.kg", platform.RoleExpert, "KG", "target passphrase")
	officer := mongotestSecretariat(t, f)
	fp := f.member(t, "fp@example.kg", platform.RoleFocalPoint, "KG", "focal passphrase")
	tests := []struct {
		name string
		ctx  context.Context
		id   string
		want string
	}{
		{"an anonymous visitor", context.Background(), target.ID, platform.Unauthorized},
		{"the person themselves", from(target, "192.0.2.5"), target.ID, platform.Forbidden},
		{"a focal point of their country", from(fp, "192.0.2.6"), target.ID, platform.Forbidden},
		{"a member of the secretariat, themselves", from(officer, "192.0.2.7"), officer.ID, platform.Invalid},
		{"a member of the secretariat, an unknown user", from(officer, "192.0.2.7"), "64b000000000000000000000", platform.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := platform.ErrorCode(f.users.EraseUser(tt.ctx, tt.id)); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			u, err := f.users.FindUserByID(system(), target.ID)
			if err != nil || u.ErasedAt != nil || u.Email != "target@example.kg" || u.Disabled {
				t.Fatalf("a refused erasure changed the user: %v %+v", err, u)
			}
		})
	}
	denied, _, err := f.audit.FindAudit(system(), platform.AuditFilter{RecordID: target.ID, Action: platform.ActionDenied})
	if err != nil || len(denied) != 2 || denied[0].ActorID != fp.ID || denied[1].ActorID != target.ID {
		t.Errorf("the refusals in the trail: %v %+v", err, denied)
	}
	if _, _, err := f.accounts.SignIn(from(nil, "192.0.2.5"), "target@example.kg", "target passphrase"); err != nil {
		t.Errorf("the person signs in after the refusals: %v", err)
	}
}

func TestErasingAUserErasesTheirExpertProfile(t *testing.T) {
	f := newAccounts(t)
	var removed []string
	experts := mongo.NewExpertService(f.db, mongo.ExpertOptions{RemovePhoto: func(_ context.Context, key string) error {
		removed = append(removed, key)
		return nil
	}})
	f.users.SetExperts(experts)
	u := f.member(t, "rustam@example.uz", platform.RoleExpert, "UZ", "expert passphrase")
	own := from(u, "192.0.2.8")
	e, err := experts.CreateExpert(own, expertInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := experts.SetExpertPhoto(own, e.ID, &platform.ExpertPhoto{Key: "experts/photo-of-rustam.jpg", Width: 10, Height: 10, Size: 100, SHA256: "00"}); err != nil {
		t.Fatal(err)
	}
	if err := f.users.EraseUser(asUser(platform.RoleSecretariat, ""), u.ID); err != nil {
		t.Fatal(err)
	}
	got, err := experts.StoredExpert(context.Background(), e.ID)
	if err != nil || got.Status != platform.ExpertErased || got.NameLatin != "" || got.Contact.Email != "" {
		t.Errorf("the profile after its account's erasure: %v %+v", err, got)
	}
	if !slices.Equal(removed, []string{"experts/photo-of-rustam.jpg"}) {
		t.Errorf("photos removed: %v", removed)
	}
	if found := findTexts(t, f.db, "Rustam Aliyev", "Алиев Рустам", "r.aliyev@example.org", "rustam@example.uz"); len(found) > 0 {
		t.Errorf("still held: %v", found)
	}
}
