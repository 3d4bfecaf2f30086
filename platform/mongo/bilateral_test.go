package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// bilateralFixture is a conference a month ahead with three delegations
// (Kazakhstan, Uzbekistan, an academy), the accounts that act for them,
// and a settable clock.
type bilateralFixture struct {
	name   string // the database's, to open it again
	db     *mongo.DB
	svc    *mongo.BilateralService
	events *mongo.EventService
	regs   *mongo.RegistrationService
	users  *mongo.UserService
	clock  *clock
	ev     *platform.Event
	// users by name: "kz" and "uz" focal points, "tj" a focal point of a
	// country without a delegation, "head" the academy's head, "expert",
	// "secretariat".
	as map[string]*platform.User
	// the delegations
	kz, uz, academy *platform.Delegation
}

var bilateralDBs atomic.Int64

// openNamed opens database name on the embedded server (again, when it
// exists: a restarted hub), closing it when the test ends.
func openNamed(t *testing.T, name string) *mongo.DB {
	t.Helper()
	db, err := mongo.Open(context.Background(), embeddedURI, name, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	return db
}

func (f *bilateralFixture) ctx(name string) context.Context {
	if name == "" {
		return platform.NewContextWithRequestInfo(context.Background(), platform.RequestInfo{IP: "192.0.2.9", UserAgent: "test"})
	}
	return from(f.as[name], "192.0.2.9")
}

func conferenceInput(start time.Time) platform.EventInput {
	return platform.EventInput{Kind: platform.EventConference, Status: platform.EventRegistrationOpen, Start: start, End: start.Add(33 * time.Hour),
		TimeZone: "Asia/Almaty", Country: "KZ", Countries: []string{"KZ", "KG", "TJ", "TM", "UZ"}, Visibility: platform.Public,
		Translations: map[string]platform.EventText{"en": {Title: "Annual conference"}, "ru": {Title: "Ежегодная конференция"}}}
}

func newBilateral(t *testing.T) *bilateralFixture {
	t.Helper()
	name := fmt.Sprintf("bilateral%d_%d", time.Now().UnixNano()%1e9, bilateralDBs.Add(1))
	db := openNamed(t, name)
	c := &clock{t: time.Now().UTC().Truncate(time.Millisecond)}
	db.SetClock(c.now)
	f := &bilateralFixture{name: name, db: db, svc: mongo.NewBilateralService(db), events: mongo.NewEventService(db), regs: mongo.NewRegistrationService(db),
		users: mongo.NewUserService(db), clock: c, as: map[string]*platform.User{}}
	for _, u := range []struct{ name, role, country string }{
		{"kz", platform.RoleFocalPoint, "KZ"}, {"uz", platform.RoleFocalPoint, "UZ"}, {"tj", platform.RoleFocalPoint, "TJ"},
		{"head", platform.RoleExpert, ""}, {"expert", platform.RoleExpert, "KZ"}, {"secretariat", platform.RoleSecretariat, ""},
	} {
		got, err := f.users.CreateUser(system(), platform.NewUser{Email: u.name + "@example.org", Name: "User " + u.name, Role: u.role, Country: u.country})
		if err != nil {
			t.Fatal(err)
		}
		f.as[u.name] = got
	}
	// The conference starts at 09:00 in Astana a month ahead.
	day := c.now().In(time.FixedZone("+05", 5*3600)).AddDate(0, 0, 30)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, time.FixedZone("+05", 5*3600))
	ev, err := f.events.CreateEvent(system(), conferenceInput(start))
	if err != nil {
		t.Fatal(err)
	}
	f.ev = ev
	f.kz = f.delegation(t, system(), "", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KZ",
		Members: []platform.DelegationMember{f.member(t, "Айгүл Сейітқызы", "aigul@example.kz", "kk", "ru"), f.member(t, "Ерлан Оспанов", "erlan@example.kz", "ru")}, Head: "m1"})
	f.uz = f.delegation(t, system(), "", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "UZ",
		Members: []platform.DelegationMember{f.member(t, "Dilnoza Karimova", "dilnoza@example.uz", "uz", "ru")}, Head: "m1"})
	f.academy = f.delegation(t, system(), "", platform.DelegationInput{Kind: platform.DelegationOrganization, Name: "International Anti-Corruption Academy",
		Members: []platform.DelegationMember{f.member(t, "Anna Huber", "head@example.org", "en", "de")}, Head: "m1"})
	return f
}

// member registers a person for the conference and returns them as a
// member linked to the registration.
func (f *bilateralFixture) member(t *testing.T, name, email string, langs ...string) platform.DelegationMember {
	t.Helper()
	res, err := f.regs.Register(context.Background(), f.ev.ID, platform.RegistrationInput{Name: name, Country: "KZ", Email: email})
	if err != nil {
		t.Fatal(err)
	}
	return platform.DelegationMember{RegistrationID: res.Registration.ID, Languages: langs}
}

func (f *bilateralFixture) delegation(t *testing.T, ctx context.Context, id string, in platform.DelegationInput) *platform.Delegation {
	t.Helper()
	d, err := f.svc.SaveDelegation(ctx, f.ev.ID, id, in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (f *bilateralFixture) ask(t *testing.T, ctx context.Context, from, to *platform.Delegation, topic string) *platform.MeetingRequest {
	t.Helper()
	r, err := f.svc.CreateRequest(ctx, f.ev.ID, platform.MeetingRequestInput{From: from.ID, To: to.ID, Topic: topic,
		Areas: []string{"asset_recovery"}, UncacArticles: []int{51}, FromMembers: []string{from.Members[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if platform.ErrorCode(err) != code {
		t.Fatalf("got %v (%s), want %s", err, platform.ErrorCode(err), code)
	}
}

func TestDelegationsTakeNamesAndTheHeadsAccountFromRegistrations(t *testing.T) {
	f := newBilateral(t)
	if f.kz.Members[0].Name != "Айгүл Сейітқызы" || f.kz.Members[1].ID != "m2" {
		t.Fatalf("members: %+v", f.kz.Members)
	}
	if f.academy.HeadUser != f.as["head"].ID {
		t.Fatalf("the head's account is %q, want %q (by the registration's email)", f.academy.HeadUser, f.as["head"].ID)
	}
	if !platform.CanActForDelegation(f.as["head"], f.academy) || platform.CanActForDelegation(f.as["head"], f.kz) {
		t.Fatal("the head acts for their delegation alone")
	}
}

func TestBadDelegationsAreRefusedNamingTheField(t *testing.T) {
	f := newBilateral(t)
	other, err := f.events.CreateEvent(system(), conferenceInput(f.ev.Start.AddDate(0, 1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.regs.Register(context.Background(), other.ID, platform.RegistrationInput{Name: "Someone Else", Country: "KG", Email: "else@example.kg"})
	if err != nil {
		t.Fatal(err)
	}
	ok := platform.DelegationMember{Name: "Азамат Бекболотов", Languages: []string{"ky", "ru"}}
	long := make([]rune, platform.MaxDelegationName+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name  string
		in    platform.DelegationInput
		field string
	}{
		{"a head who is not a member", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG", Members: []platform.DelegationMember{ok}, Head: "m7"}, "head"},
		{"a member registered for another event", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG",
			Members: []platform.DelegationMember{{RegistrationID: res.Registration.ID, Languages: []string{"ru"}}}, Head: "m1"}, "members.0.registrationId"},
		{"an unknown language", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG",
			Members: []platform.DelegationMember{{Name: "Азамат", Languages: []string{"klingon"}}}, Head: "m1"}, "members.0.languages"},
		{"a second delegation of a country", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KZ", Members: []platform.DelegationMember{ok}, Head: "m1"}, "country"},
		{"a country that is not a member state", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "FR", Members: []platform.DelegationMember{ok}, Head: "m1"}, "country"},
		{"an organization without a name", platform.DelegationInput{Kind: platform.DelegationOrganization, Members: []platform.DelegationMember{ok}, Head: "m1"}, "name"},
		{"a name too long", platform.DelegationInput{Kind: platform.DelegationOrganization, Name: string(long), Members: []platform.DelegationMember{ok}, Head: "m1"}, "name"},
		{"a time off outside the conference", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG", Members: []platform.DelegationMember{{Name: "Азамат",
			Languages: []string{"ky"}, Unavailable: []platform.TimeRange{{Start: f.ev.Start.AddDate(0, 0, -3), End: f.ev.Start.AddDate(0, 0, -2)}}}}, Head: "m1"}, "members.0.unavailable.0"},
		{"no members", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG", Head: "m1"}, "members"},
		{"a member of another delegation", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG",
			Members: []platform.DelegationMember{ok, {RegistrationID: f.kz.Members[1].RegistrationID, Languages: []string{"ru"}}}, Head: "m1"}, "members.1.registrationId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.SaveDelegation(system(), f.ev.ID, "", tt.in)
			wantCode(t, err, platform.Invalid)
			e := platform.AsError(err)
			if e.Data["Field"] != tt.field || len(e.MessageID) < len("bilaterals.error.") || e.MessageID[:len("bilaterals.error.")] != "bilaterals.error." {
				t.Fatalf("got %s %v, want the field %q named", e.MessageID, e.Data, tt.field)
			}
		})
	}
}

func TestBadRequestsAreRefusedNamingTheField(t *testing.T) {
	f := newBilateral(t)
	other, err := f.events.CreateEvent(system(), conferenceInput(f.ev.Start.AddDate(0, 1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	elsewhere, err := f.svc.SaveDelegation(system(), other.ID, "", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "TJ",
		Members: []platform.DelegationMember{{Name: "Фирӯз Раҳимов", Languages: []string{"tg"}}}, Head: "m1"})
	if err != nil {
		t.Fatal(err)
	}
	base := func() platform.MeetingRequestInput {
		return platform.MeetingRequestInput{From: f.kz.ID, To: f.uz.ID, Topic: "Asset recovery", FromMembers: []string{"m1"}}
	}
	tests := []struct {
		name  string
		edit  func(*platform.MeetingRequestInput)
		field string
	}{
		{"a delegation not at the conference", func(in *platform.MeetingRequestInput) { in.To = elsewhere.ID }, "to"},
		{"a request to itself", func(in *platform.MeetingRequestInput) { in.To = f.kz.ID }, "to"},
		{"a member not of the delegation", func(in *platform.MeetingRequestInput) { in.FromMembers = []string{"m9"} }, "fromMembers"},
		{"a pair with the same language twice", func(in *platform.MeetingRequestInput) { in.Interpretation = &platform.LanguagePair{A: "ru", B: "RU"} }, "interpretation"},
		{"an unknown language in the pair", func(in *platform.MeetingRequestInput) { in.Interpretation = &platform.LanguagePair{A: "ru", B: "xyz"} }, "interpretation"},
		{"no topic", func(in *platform.MeetingRequestInput) { in.Topic = " \u200b " }, "topic"},
		{"an unknown article", func(in *platform.MeetingRequestInput) { in.UncacArticles = []int{72} }, "uncacArticles"},
		{"an unknown priority", func(in *platform.MeetingRequestInput) { in.Priority = "urgent" }, "priority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.edit(&in)
			_, err := f.svc.CreateRequest(f.ctx("kz"), f.ev.ID, in)
			wantCode(t, err, platform.Invalid)
			if got := platform.AsError(err).Data["Field"]; got != tt.field {
				t.Fatalf("named %v, want %q (%v)", got, tt.field, err)
			}
		})
	}
}

func TestMeetingRequestLifecycle(t *testing.T) {
	f := newBilateral(t)
	r := f.ask(t, f.ctx("kz"), f.kz, f.uz, "Return of assets  from abroad")
	if r.Status != platform.MeetingPending || r.Topic != "Return of assets from abroad" || r.Priority != platform.PriorityNormal {
		t.Fatalf("created: %+v", r)
	}
	t.Run("the same topic between the same delegations, either way, is a duplicate", func(t *testing.T) {
		_, err := f.svc.CreateRequest(f.ctx("uz"), f.ev.ID, platform.MeetingRequestInput{From: f.uz.ID, To: f.kz.ID, Topic: "RETURN OF ASSETS FROM ABROAD", FromMembers: []string{"m1"}})
		wantCode(t, err, platform.Conflict)
	})
	t.Run("the asking side may not accept its own request", func(t *testing.T) {
		_, err := f.svc.AnswerRequest(f.ctx("kz"), r.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}})
		wantCode(t, err, platform.Forbidden)
	})
	t.Run("the other side accepts with its members", func(t *testing.T) {
		got, err := f.svc.AnswerRequest(f.ctx("uz"), r.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}, IfVersion: r.Version})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != platform.MeetingAccepted || !slices.Equal(got.ToMembers, []string{"m1"}) || got.DecidedBy != f.as["uz"].ID {
			t.Fatalf("accepted: %+v", got)
		}
		_, err = f.svc.AnswerRequest(f.ctx("uz"), r.ID, platform.MeetingAnswer{Action: "decline"})
		wantCode(t, err, platform.Conflict)
	})
	t.Run("the asking side withdraws an accepted request", func(t *testing.T) {
		got, err := f.svc.AnswerRequest(f.ctx("kz"), r.ID, platform.MeetingAnswer{Action: "withdraw", Reason: "The minister cannot come."})
		if err != nil || got.Status != platform.MeetingWithdrawn {
			t.Fatalf("withdrawn: %v %+v", err, got)
		}
	})
	t.Run("once withdrawn, the same topic may be asked again", func(t *testing.T) {
		f.ask(t, f.ctx("kz"), f.kz, f.uz, "Return of assets from abroad")
	})
	t.Run("a declined request says why", func(t *testing.T) {
		d := f.ask(t, f.ctx("head"), f.academy, f.kz, "Training of investigators")
		got, err := f.svc.AnswerRequest(f.ctx("kz"), d.ID, platform.MeetingAnswer{Action: "decline", Reason: "Covered at the plenary."})
		if err != nil || got.Status != platform.MeetingDeclined || got.Reason != "Covered at the plenary." {
			t.Fatalf("declined: %v %+v", err, got)
		}
	})
	t.Run("a stale version is refused", func(t *testing.T) {
		d := f.ask(t, f.ctx("uz"), f.uz, f.academy, "Courses")
		_, err := f.svc.AnswerRequest(f.ctx("head"), d.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}, IfVersion: d.Version + 1})
		wantCode(t, err, platform.Conflict)
	})
}

func TestPendingRequestsExpireAtTheDeadline(t *testing.T) {
	f := newBilateral(t)
	s := platform.DefaultBilateralSettings(f.ev.ID)
	s.RequestDeadline = f.clock.now().Add(24 * time.Hour)
	if _, err := f.svc.SaveSettings(f.ctx("secretariat"), f.ev.ID, *s, 0); err != nil {
		t.Fatal(err)
	}
	pending := f.ask(t, f.ctx("kz"), f.kz, f.uz, "Beneficial ownership registers")
	accepted := f.ask(t, f.ctx("kz"), f.kz, f.academy, "Training")
	if _, err := f.svc.AnswerRequest(f.ctx("head"), accepted.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}}); err != nil {
		t.Fatal(err)
	}
	f.clock.add(24 * time.Hour)
	got, err := f.svc.Request(f.ctx("uz"), pending.ID)
	if err != nil || got.Status != platform.MeetingExpired {
		t.Fatalf("at the deadline: %v %+v", err, got)
	}
	if got, _ := f.svc.Request(f.ctx("kz"), accepted.ID); got.Status != platform.MeetingAccepted {
		t.Fatalf("an accepted request does not expire: %+v", got)
	}
	_, err = f.svc.AnswerRequest(f.ctx("uz"), pending.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}})
	wantCode(t, err, platform.Conflict)
	expired, err := f.svc.Requests(f.ctx("secretariat"), f.ev.ID, "", platform.MeetingExpired)
	if err != nil || len(expired) != 1 || expired[0].ID != pending.ID {
		t.Fatalf("expired list: %v %v", err, expired)
	}
	_, err = f.svc.CreateRequest(f.ctx("uz"), f.ev.ID, platform.MeetingRequestInput{From: f.uz.ID, To: f.academy.ID, Topic: "Late", FromMembers: []string{"m1"}})
	wantCode(t, err, platform.Invalid)
	// The deadline binds the delegations: the secretariat records a
	// request and an answer arranged late.
	if _, err := f.svc.CreateRequest(f.ctx("secretariat"), f.ev.ID, platform.MeetingRequestInput{From: f.uz.ID, To: f.academy.ID, Topic: "Late", FromMembers: []string{"m1"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.AnswerRequest(f.ctx("secretariat"), pending.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}}); err != nil || got.Status != platform.MeetingAccepted {
		t.Fatalf("a late answer recorded by the secretariat: %v %+v", err, got)
	}
}

func TestBilateralVisibility(t *testing.T) {
	f := newBilateral(t)
	mine := f.ask(t, f.ctx("kz"), f.kz, f.uz, "Mutual legal assistance")
	hidden := f.ask(t, f.ctx("uz"), f.uz, f.academy, "E-learning")
	for _, who := range []string{"", "tj", "expert"} {
		t.Run(fmt.Sprintf("%q, acting for no delegation, finds nothing", who), func(t *testing.T) {
			_, err := f.svc.Delegations(f.ctx(who), f.ev.ID)
			wantCode(t, err, platform.NotFound)
			_, err = f.svc.Request(f.ctx(who), mine.ID)
			wantCode(t, err, platform.NotFound)
			_, err = f.svc.Schedule(f.ctx(who), f.ev.ID)
			wantCode(t, err, platform.NotFound)
		})
	}
	t.Run("a delegation sees every delegation's name and head, and its own in full", func(t *testing.T) {
		list, err := f.svc.Delegations(f.ctx("kz"), f.ev.ID)
		if err != nil || len(list) != 3 {
			t.Fatalf("%v %v", err, list)
		}
		for _, d := range list {
			full := d.ID == f.kz.ID
			if full != (len(d.Members) == 2) || !full && (d.Members[0].RegistrationID != "" || len(d.Members[0].Languages) != 0) {
				t.Fatalf("%s: %+v", d.Name, d.Members)
			}
		}
	})
	t.Run("a delegation's requests are theirs: the same list without the hidden request", func(t *testing.T) {
		all, err := f.svc.Requests(f.ctx("secretariat"), f.ev.ID, "", "")
		if err != nil || len(all) != 2 {
			t.Fatalf("%v %v", err, all)
		}
		theirs, err := f.svc.Requests(f.ctx("kz"), f.ev.ID, "", "")
		if err != nil || len(theirs) != 1 || theirs[0].ID != mine.ID {
			t.Fatalf("%v %v", err, theirs)
		}
		_, err = f.svc.Request(f.ctx("kz"), hidden.ID)
		wantCode(t, err, platform.NotFound)
	})
}

// TestWhatADelegationSeesDoesNotDependOnWhatIsHiddenFromIt compares a
// delegation's reads before and after other delegations' requests, an
// accepted one among them, are added: the same, to the byte.
func TestWhatADelegationSeesDoesNotDependOnWhatIsHiddenFromIt(t *testing.T) {
	f := newBilateral(t)
	s := platform.DefaultBilateralSettings(f.ev.ID)
	s.Rooms = []platform.BilateralRoom{{Name: "Esil", Capacity: 6}}
	if _, err := f.svc.SaveSettings(f.ctx("secretariat"), f.ev.ID, *s, 0); err != nil {
		t.Fatal(err)
	}
	mine := f.ask(t, f.ctx("kz"), f.kz, f.uz, "Mutual legal assistance")
	if _, err := f.svc.AnswerRequest(f.ctx("uz"), mine.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}}); err != nil {
		t.Fatal(err)
	}
	draft, err := f.svc.Solve(f.ctx("secretariat"), f.ev.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(f.ctx("secretariat"), f.ev.ID, draft.Version); err != nil {
		t.Fatal(err)
	}
	view := func() string {
		ds, err1 := f.svc.Delegations(f.ctx("kz"), f.ev.ID)
		rs, err2 := f.svc.Requests(f.ctx("kz"), f.ev.ID, "", "")
		sc, err3 := f.svc.Schedule(f.ctx("kz"), f.ev.ID)
		d, err4 := f.svc.Delegation(f.ctx("kz"), f.academy.ID)
		for _, err := range []error{err1, err2, err3, err4} {
			if err != nil {
				t.Fatal(err)
			}
		}
		return toJSON(t, []any{ds, rs, sc, d})
	}
	before := view()
	hidden := f.ask(t, f.ctx("uz"), f.uz, f.academy, "E-learning")
	if _, err := f.svc.AnswerRequest(f.ctx("head"), hidden.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}}); err != nil {
		t.Fatal(err)
	}
	f.ask(t, f.ctx("head"), f.academy, f.uz, "Courses")
	if after := view(); after != before {
		t.Fatalf("the delegation's view changed with records hidden from it:\n%s\nwas\n%s", after, before)
	}
	// The secretariat sees them.
	if all, _ := f.svc.Requests(f.ctx("secretariat"), f.ev.ID, "", ""); len(all) != 3 {
		t.Fatalf("the secretariat sees %d requests, want 3", len(all))
	}
}

func TestOneDelegationPerCountryAndOneLiveRequestPerTopicUnderConcurrency(t *testing.T) {
	f := newBilateral(t)
	const writers = 4
	run := func(do func() error) (ok, refused int) {
		errs := make(chan error, writers)
		for range writers {
			go func() { errs <- do() }()
		}
		for range writers {
			switch err := <-errs; platform.ErrorCode(err) {
			case "":
				ok++
			case platform.Invalid, platform.Conflict:
				refused++
			default:
				t.Fatalf("unexpected: %v", err)
			}
		}
		return ok, refused
	}
	ok, refused := run(func() error {
		_, err := f.svc.SaveDelegation(system(), f.ev.ID, "", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG",
			Members: []platform.DelegationMember{{Name: "Азамат Бекболотов", Languages: []string{"ky"}}}, Head: "m1"})
		return err
	})
	if ok != 1 || refused != writers-1 {
		t.Fatalf("%d Kyrgyz delegations stood, %d refused; want one", ok, refused)
	}
	ok, refused = run(func() error {
		_, err := f.svc.CreateRequest(f.ctx("kz"), f.ev.ID, platform.MeetingRequestInput{From: f.kz.ID, To: f.uz.ID, Topic: "Extradition", FromMembers: []string{"m1"}})
		return err
	})
	if ok != 1 || refused != writers-1 {
		t.Fatalf("%d requests on one topic stood, %d refused; want one", ok, refused)
	}
	// A declined request frees its topic at once; a deleted delegation its
	// country.
	list, _ := f.svc.Requests(f.ctx("kz"), f.ev.ID, "", platform.MeetingPending)
	if _, err := f.svc.AnswerRequest(f.ctx("uz"), list[0].ID, platform.MeetingAnswer{Action: "decline"}); err != nil {
		t.Fatal(err)
	}
	f.ask(t, f.ctx("kz"), f.kz, f.uz, "Extradition")
	if err := f.svc.DeleteDelegation(system(), f.academy.ID); err != nil {
		t.Fatal(err)
	}
	f.delegation(t, system(), "", platform.DelegationInput{Kind: platform.DelegationOrganization, Name: "International Anti-Corruption Academy",
		Members: []platform.DelegationMember{{Name: "Anna Huber", Languages: []string{"en"}}}, Head: "m1"})
}
