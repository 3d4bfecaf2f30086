package followmail_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
	"github.com/ca-uncac/hub/platform/web/followmail"
)

var embeddedURI string

func TestMain(m *testing.M) { mongotest.Main(m, "hub-followmail-test", &embeddedURI) }

// inbox records the mail sent (the mail server is not the hub's: its
// client, the account module's SMTPMailer, has its own tests).
type inbox struct {
	mu   sync.Mutex
	mail []string
	fail bool
}

func (b *inbox) Send(_ context.Context, to, subject, body string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail {
		return fmt.Errorf("the mail server is down")
	}
	b.mail = append(b.mail, to+"\n"+subject+"\n"+body)
	return nil
}

func TestNotificationsAreMailedInTheirUsersLanguage(t *testing.T) {
	db := mongotest.OpenDB(t, embeddedURI)
	sys := platform.NewContextWithUser(context.Background(), platform.System())
	users := mongo.NewUserService(db)
	follows := mongo.NewFollowService(db)
	recs := mongo.NewRecommendationService(db)
	var ctxs []context.Context
	for _, nu := range []platform.NewUser{
		{Email: "fp@example.org", Name: "Focal point", Role: platform.RoleFocalPoint, Country: "KZ"},
		{Email: "uz@example.org", Name: "Expert", Role: platform.RoleExpert},
	} {
		u, err := users.CreateUser(sys, nu)
		if err != nil {
			t.Fatal(err)
		}
		ctxs = append(ctxs, platform.NewContextWithUser(context.Background(), u))
	}
	lang := "uz"
	u1, _ := users.FindUserByID(sys, platform.UserFromContext(ctxs[1]).ID)
	if _, err := users.UpdateUser(sys, u1.ID, platform.UserUpdate{Language: &lang}); err != nil {
		t.Fatal(err)
	}
	in := platform.RecommendationInput{Country: "KZ", Source: platform.SourceUNCAC2, Articles: []int{36}, Visibility: platform.Public,
		Text: platform.Text{"en": "Strengthen the independence of the Anti-Corruption Agency.", "ru": "Укрепить независимость антикоррупционного органа."}}
	r, err := recs.CreateRecommendation(sys, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, ctx := range ctxs {
		if err := follows.Follow(ctx, platform.FollowTarget{Type: platform.TypeRecommendation, ID: r.ID}); err != nil {
			t.Fatal(err)
		}
	}
	in.Implementation = platform.ImplFull
	if _, err := recs.UpdateRecommendation(sys, r.ID, in); err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	box := &inbox{fail: true}
	s := &followmail.Sender{Outbox: follows, Users: users, Mailer: box, Bundle: bundle, BaseURL: "https://hub.example.org/"}
	if n, err := s.SendPending(context.Background()); err == nil || n != 0 {
		t.Fatalf("a failed mail: %d %v", n, err)
	}
	box.fail = false
	n, err := s.SendPending(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("sent %d: %v", n, err)
	}
	joined := strings.Join(box.mail, "\n----\n")
	for _, want := range []string{
		"fp@example.org\nRoadmap: Strengthen the independence",
		"The implementation rating of a recommendation you follow changed.",
		"https://hub.example.org/en/roadmap/recommendations/" + r.ID,
		"uz@example.org\nYoʻl xaritasi: Укрепить независимость",
		"https://hub.example.org/uz/notifications",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %q in\n%s", want, joined)
		}
	}
	if n, err := s.SendPending(context.Background()); err != nil || n != 0 {
		t.Fatalf("mailed twice: %d %v", n, err)
	}
}
