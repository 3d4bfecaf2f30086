package mongo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// The permission matrix of the bilateral meetings: each kind of user × each
// operation on the Kazakh delegation at a conference (and its requests,
// the settings and the schedule). The expected answer of each cell comes
// from wantBilateral, which states the rules of platform.BilateralService's
// doc comment in a few lines, apart from the code under test. Each actor
// gets a conference of their own, so that no cell depends on another's
// writes.

// bilateralActors are the matrix's columns: names of fixture users, ""
// for the anonymous visitor.
var bilateralActors = []string{"", "expert", "deactivated", "tj", "uz", "kz", "kzhead", "secretariat"}

// partial is the cell's answer when a reader gets a delegation without its
// members (the list of delegations' view of another delegation).
const partial = "partial"

func wantBilateral(actor, action string) string {
	actsForKZ := actor == "kz" || actor == "kzhead" || actor == "secretariat"
	// Those who act for a delegation at the conference see its bilaterals.
	sees := actsForKZ || actor == "uz"
	anonymous := actor == "" || actor == "deactivated"
	signed := func(allowed bool, seen bool) string {
		switch {
		case anonymous:
			return platform.Unauthorized
		case allowed:
			return ""
		case seen:
			return platform.Forbidden
		}
		return platform.NotFound
	}
	switch action {
	case "list delegations", "read settings":
		if sees {
			return ""
		}
		return platform.NotFound
	case "read the delegation in full":
		switch {
		case actsForKZ:
			return ""
		case sees:
			return partial
		}
		return platform.NotFound
	case "read a request of the delegation", "list the delegation's requests", "read the delegation's published meeting":
		// The request is between Kazakhstan and the academy: Uzbekistan
		// is no side of it.
		if actsForKZ {
			return ""
		}
		return platform.NotFound
	case "update the delegation", "ask for a meeting for the delegation":
		return signed(actsForKZ, sees)
	case "accept a request made to the delegation", "withdraw a request of the delegation":
		return signed(actsForKZ, false)
	case "delete the delegation":
		// At a second conference, where Uzbekistan has no delegation.
		return signed(actsForKZ, false)
	case "create a delegation of Kyrgyzstan":
		// The conference is public: who may not create is told so.
		return signed(actor == "secretariat", true)
	case "lock a meeting of the delegation", "save settings", "solve", "publish":
		// The secretariat's; a delegation's users see the conference.
		return signed(actor == "secretariat", sees)
	}
	panic("no rule for " + action)
}

type bilateralCell struct {
	action string
	do     func(ctx context.Context) error
}

func bilateralCells(t *testing.T, f *bilateralFixture) []bilateralCell {
	t.Helper()
	sys := system()
	// The Kazakh delegation's head has an account (by the registration's
	// email).
	kzhead, err := f.users.CreateUser(sys, platform.NewUser{Email: "aigul@example.kz", Name: "Айгүл Сейітқызы", Role: platform.RoleExpert})
	if err != nil {
		t.Fatal(err)
	}
	f.as["kzhead"] = kzhead
	in := platform.DelegationInput{Kind: f.kz.Kind, Country: f.kz.Country, Members: f.kz.Members, Head: f.kz.Head}
	f.kz = f.delegation(t, sys, f.kz.ID, in)
	if f.kz.HeadUser != kzhead.ID {
		t.Fatalf("head user %q", f.kz.HeadUser)
	}
	// A second conference where Kazakhstan alone has a delegation.
	ev2, err := f.events.CreateEvent(sys, conferenceInput(f.ev.Start.AddDate(0, 2, 0)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.regs.Register(context.Background(), ev2.ID, platform.RegistrationInput{Name: "Айгүл Сейітқызы", Country: "KZ", Email: "aigul@example.kz"})
	if err != nil {
		t.Fatal(err)
	}
	kz2, err := f.svc.SaveDelegation(sys, ev2.ID, "", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KZ",
		Members: []platform.DelegationMember{{RegistrationID: res.Registration.ID, Languages: []string{"kk"}}}, Head: "m1"})
	if err != nil {
		t.Fatal(err)
	}
	// Settings with a day of rooms; one meeting of Kazakhstan with the
	// academy published, one with Uzbekistan accepted.
	s := platform.DefaultBilateralSettings(f.ev.ID)
	s.Rooms = []platform.BilateralRoom{{Name: "Esil", Capacity: 6}}
	if _, err := f.svc.SaveSettings(sys, f.ev.ID, *s, 0); err != nil {
		t.Fatal(err)
	}
	published := f.ask(t, sys, f.kz, f.academy, "Published")
	if _, err := f.svc.AnswerRequest(sys, published.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}}); err != nil {
		t.Fatal(err)
	}
	sch, err := f.svc.Solve(sys, f.ev.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(sys, f.ev.ID, sch.Version); err != nil {
		t.Fatal(err)
	}
	withUZ := f.ask(t, sys, f.kz, f.uz, "Accepted")
	if _, err := f.svc.AnswerRequest(sys, withUZ.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}}); err != nil {
		t.Fatal(err)
	}
	read := f.ask(t, sys, f.kz, f.academy, "Read me")
	toKZ := f.ask(t, sys, f.academy, f.kz, "To accept")
	toWithdraw := f.ask(t, sys, f.kz, f.academy, "To withdraw")
	version := func() int {
		got, err := f.svc.Schedule(sys, f.ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Version
	}
	return []bilateralCell{
		{"list delegations", func(ctx context.Context) error { _, err := f.svc.Delegations(ctx, f.ev.ID); return err }},
		{"read the delegation in full", func(ctx context.Context) error {
			d, err := f.svc.Delegation(ctx, f.kz.ID)
			if err == nil && len(d.Members) != len(f.kz.Members) {
				return platform.Errorf(partial, "%d members", len(d.Members))
			}
			return err
		}},
		{"update the delegation", func(ctx context.Context) error {
			_, err := f.svc.SaveDelegation(ctx, f.ev.ID, f.kz.ID, in)
			return err
		}},
		{"delete the delegation", func(ctx context.Context) error { return f.svc.DeleteDelegation(ctx, kz2.ID) }},
		{"create a delegation of Kyrgyzstan", func(ctx context.Context) error {
			_, err := f.svc.SaveDelegation(ctx, f.ev.ID, "", platform.DelegationInput{Kind: platform.DelegationCountry, Country: "KG",
				Members: []platform.DelegationMember{{Name: "Азамат Бекболотов", Languages: []string{"ky"}}}, Head: "m1"})
			return err
		}},
		{"read a request of the delegation", func(ctx context.Context) error { _, err := f.svc.Request(ctx, read.ID); return err }},
		{"list the delegation's requests", func(ctx context.Context) error {
			list, err := f.svc.Requests(ctx, f.ev.ID, f.kz.ID, "")
			if err == nil && !slices.ContainsFunc(list, func(r *platform.MeetingRequest) bool { return r.ID == read.ID }) {
				return platform.Errorf(platform.NotFound, "not listed")
			}
			return err
		}},
		{"ask for a meeting for the delegation", func(ctx context.Context) error {
			_, err := f.svc.CreateRequest(ctx, f.ev.ID, platform.MeetingRequestInput{From: f.kz.ID, To: f.academy.ID, Topic: "Asked", FromMembers: []string{"m1"}})
			return err
		}},
		{"accept a request made to the delegation", func(ctx context.Context) error {
			_, err := f.svc.AnswerRequest(ctx, toKZ.ID, platform.MeetingAnswer{Action: "accept", ToMembers: []string{"m1"}})
			return err
		}},
		{"withdraw a request of the delegation", func(ctx context.Context) error {
			_, err := f.svc.AnswerRequest(ctx, toWithdraw.ID, platform.MeetingAnswer{Action: "withdraw"})
			return err
		}},
		{"lock a meeting of the delegation", func(ctx context.Context) error { _, err := f.svc.LockRequest(ctx, withUZ.ID, true); return err }},
		{"read settings", func(ctx context.Context) error { _, err := f.svc.Settings(ctx, f.ev.ID); return err }},
		{"save settings", func(ctx context.Context) error {
			cur, err := f.svc.Settings(sys, f.ev.ID)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.SaveSettings(ctx, f.ev.ID, *cur, cur.Version)
			return err
		}},
		{"read the delegation's published meeting", func(ctx context.Context) error {
			got, err := f.svc.Schedule(ctx, f.ev.ID)
			if err == nil && !slices.ContainsFunc(got.Published, func(m platform.ScheduledMeeting) bool { return m.RequestID == published.ID }) {
				return platform.Errorf(platform.NotFound, "not in the schedule")
			}
			return err
		}},
		{"solve", func(ctx context.Context) error { _, err := f.svc.Solve(ctx, f.ev.ID, version()); return err }},
		{"publish", func(ctx context.Context) error { _, err := f.svc.Publish(ctx, f.ev.ID, version()); return err }},
	}
}

func TestBilateralPermissionMatrix(t *testing.T) {
	cells := 0
	for _, actor := range bilateralActors {
		name := actor
		if name == "" {
			name = "anonymous"
		}
		t.Run(name, func(t *testing.T) {
			f := newBilateral(t)
			all := bilateralCells(t, f)
			if actor == "deactivated" {
				u, err := f.users.CreateUser(system(), platform.NewUser{Email: "off@example.org", Name: "Off", Role: platform.RoleFocalPoint, Country: "KZ"})
				if err != nil {
					t.Fatal(err)
				}
				yes := true
				if u, err = f.users.UpdateUser(system(), u.ID, platform.UserUpdate{Disabled: &yes}); err != nil {
					t.Fatal(err)
				}
				f.as["deactivated"] = u
			}
			ctx := f.ctx(actor)
			for _, c := range all {
				cells++
				t.Run(c.action, func(t *testing.T) {
					want := wantBilateral(actor, c.action)
					if got := platform.ErrorCode(c.do(ctx)); got != want {
						t.Fatalf("%s %s: got %q, want %q", name, c.action, got, want)
					}
				})
			}
			if actor != "" && actor != "deactivated" && actor != "secretariat" {
				denied, _, err := mongo.NewAuditService(f.db).FindAudit(system(), platform.AuditFilter{Action: platform.ActionDenied, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				refused := 0
				for _, c := range all {
					if wantBilateral(actor, c.action) == platform.Forbidden {
						refused++
					}
				}
				if len(denied) != refused {
					t.Fatalf("%d refusals audited, want %d", len(denied), refused)
				}
			}
		})
	}
	t.Logf("%d cells", cells)
}
