package mongo_test

import (
	"context"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// stored creates a user of role and country and returns a context signed
// in as them.
func storedUser(t *testing.T, db *mongo.DB, email, role, country string) (context.Context, *platform.User) {
	t.Helper()
	u, err := mongo.NewUserService(db).CreateUser(system(), platform.NewUser{Email: email, Name: email, Role: role, Country: country})
	if err != nil {
		t.Fatal(err)
	}
	return platform.NewContextWithUser(context.Background(), u), u
}

func TestFollowChecksTheTarget(t *testing.T) {
	db := openDB(t)
	follows := mongo.NewFollowService(db)
	recs := mongo.NewRecommendationService(db)
	sec := asUser(platform.RoleSecretariat, "")
	fp, _ := storedUser(t, db, "fp@example.org", platform.RoleFocalPoint, "KZ")
	pubItem := commitment(t, db, "KZ", platform.Public, platform.Text{"en": "Declarations"})
	secItem := commitment(t, db, "KZ", platform.Secretariat, platform.Text{"en": "Internal"})
	rec, err := recs.CreateRecommendation(sec, recInput("KZ", "p", agencyEN, platform.Public, 36))
	if err != nil {
		t.Fatal(err)
	}
	secRec, err := recs.CreateRecommendation(sec, recInput("KZ", "q", statsEN, platform.Secretariat, 36))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		target platform.FollowTarget
		code   string
	}{
		{"a public commitment", fp, platform.FollowTarget{Type: platform.TypeCommitment, ID: pubItem}, ""},
		{"the same again changes nothing", fp, platform.FollowTarget{Type: platform.TypeCommitment, ID: pubItem}, ""},
		{"a recommendation", fp, platform.FollowTarget{Type: platform.TypeRecommendation, ID: rec.ID}, ""},
		{"a country", fp, platform.FollowTarget{Type: platform.FollowCountry, ID: "UZ"}, ""},
		{"the regional items", fp, platform.FollowTarget{Type: platform.FollowCountry, ID: platform.RegionalKey}, ""},
		{"a commitment hidden from them does not exist", fp, platform.FollowTarget{Type: platform.TypeCommitment, ID: secItem}, platform.NotFound},
		{"a recommendation hidden from them does not exist", fp, platform.FollowTarget{Type: platform.TypeRecommendation, ID: secRec.ID}, platform.NotFound},
		{"no such commitment", fp, platform.FollowTarget{Type: platform.TypeCommitment, ID: rec.ID}, platform.NotFound},
		{"no such country", fp, platform.FollowTarget{Type: platform.FollowCountry, ID: "XX"}, platform.Invalid},
		{"no such type", fp, platform.FollowTarget{Type: platform.TypeEvent, ID: rec.ID}, platform.Invalid},
		{"an anonymous visitor", context.Background(), platform.FollowTarget{Type: platform.FollowCountry, ID: "KZ"}, platform.Unauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := platform.ErrorCode(follows.Follow(tc.ctx, tc.target)); got != tc.code {
				t.Fatalf("got %q, want %q", got, tc.code)
			}
		})
	}
	list, err := follows.Following(fp)
	if err != nil || len(list) != 4 {
		t.Fatalf("following: %v %+v", err, list)
	}
	if err := follows.Unfollow(fp, platform.FollowTarget{Type: platform.FollowCountry, ID: "UZ"}); err != nil {
		t.Fatal(err)
	}
	if err := follows.Unfollow(fp, platform.FollowTarget{Type: platform.FollowCountry, ID: "UZ"}); err != nil {
		t.Fatal(err)
	}
	if list, _ := follows.Following(fp); len(list) != 3 || list[0].ID != mongo.FollowID(list[0].User, list[0].Target) {
		t.Fatalf("after unfollowing: %+v", list)
	}
	// A deleted recommendation is followed no more.
	if err := recs.DeleteRecommendation(sec, rec.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := follows.Following(fp); len(list) != 2 || slices.ContainsFunc(list, func(f platform.Follow) bool { return f.Target.ID == rec.ID }) {
		t.Fatalf("after the deletion: %+v", list)
	}
}

func TestFollowersAreNotifiedOfWhatTheyMaySee(t *testing.T) {
	db := openDB(t)
	follows := mongo.NewFollowService(db)
	recs := mongo.NewRecommendationService(db)
	sec, secUser := storedUser(t, db, "sec@example.org", platform.RoleSecretariat, "")
	fp, _ := storedUser(t, db, "fp@example.org", platform.RoleFocalPoint, "KZ")
	expert, _ := storedUser(t, db, "expert@example.org", platform.RoleExpert, "")
	gone, goneUser := storedUser(t, db, "gone@example.org", platform.RoleFocalPoint, "KZ")
	item := commitment(t, db, "KZ", platform.Public, platform.Text{"en": "Declarations", "ru": "Декларации"})
	in := recInput("KZ", "p", agencyEN, platform.Public, 36)
	rec, err := recs.CreateRecommendation(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, ctx := range []context.Context{sec, fp, expert, gone} {
		for _, target := range []platform.FollowTarget{{Type: platform.TypeCommitment, ID: item}, {Type: platform.FollowCountry, ID: "KZ"},
			{Type: platform.TypeRecommendation, ID: rec.ID}} {
			if err := follows.Follow(ctx, target); err != nil {
				t.Fatal(err)
			}
		}
	}
	yes := true
	if _, err := mongo.NewUserService(db).UpdateUser(system(), goneUser.ID, platform.UserUpdate{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	unread := func(ctx context.Context) ([]platform.Notification, int) {
		t.Helper()
		list, n, err := follows.Notifications(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return list, n
	}
	// A members-only update of the commitment, by the focal point: the
	// secretariat and the expert (a member) are told, once each, though
	// they follow it twice (the item and its country); the focal point
	// acted, the deactivated account is told nothing.
	n := platform.Notification{Kind: platform.NotifyClaim, RecordType: platform.TypeCommitment, RecordID: item, Title: platform.Text{"en": "Declarations"}, Detail: "40"}
	if err := mongo.NotifyFollowers(fp, db, n, platform.Members, "KZ",
		platform.FollowTarget{Type: platform.TypeCommitment, ID: item}, platform.FollowTarget{Type: platform.FollowCountry, ID: "KZ"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want int
	}{{"the secretariat", sec, 1}, {"a member", expert, 1}, {"the one who acted", fp, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			list, u := unread(tc.ctx)
			if len(list) != tc.want || u != tc.want {
				t.Fatalf("got %d notifications, %d unread: %+v", len(list), u, list)
			}
			if tc.want > 0 && (list[0].RecordID != item || list[0].Country != "KZ" || list[0].Kind != platform.NotifyClaim) {
				t.Fatalf("%+v", list[0])
			}
		})
	}
	// A secretariat-only change reaches the secretariat alone.
	if err := mongo.NotifyFollowers(fp, db, n, platform.Secretariat, "KZ", platform.FollowTarget{Type: platform.TypeCommitment, ID: item}); err != nil {
		t.Fatal(err)
	}
	if _, u := unread(expert); u != 1 {
		t.Fatalf("the expert was told of a secretariat-only change: %d", u)
	}
	if _, u := unread(sec); u != 2 {
		t.Fatalf("secretariat: %d", u)
	}
	// A rating changed by the secretariat tells the focal point.
	in.Implementation = platform.ImplLargely
	if _, err := recs.UpdateRecommendation(sec, rec.ID, in); err != nil {
		t.Fatal(err)
	}
	list, u := unread(fp)
	if u != 1 || list[0].Kind != platform.NotifyRating || list[0].Detail != string(platform.ImplLargely) || list[0].RecordID != rec.ID {
		t.Fatalf("rating: %d %+v", u, list)
	}
	// Read: one, then all.
	all, _ := unread(sec)
	if err := follows.MarkRead(sec, []string{all[0].ID}); err != nil {
		t.Fatal(err)
	}
	if list, u := unread(sec); u != 1 || !list[0].Read || list[1].Read || !slices.IsSortedFunc(list, func(a, b platform.Notification) int { return b.At.Compare(a.At) }) {
		t.Fatalf("after reading one: %d %+v", u, list)
	}
	if err := follows.MarkRead(sec, nil); err != nil {
		t.Fatal(err)
	}
	if _, u := unread(sec); u != 0 {
		t.Fatalf("after reading all: %d", u)
	}
	// Another's notifications are not theirs to mark.
	if err := follows.MarkRead(fp, []string{all[1].ID}); err != nil {
		t.Fatal(err)
	}
	if n, err := mongo.CountRaw(context.Background(), db, "notifications", bson.D{{Key: "user", Value: goneUser.ID}}); err != nil || n != 0 {
		t.Fatalf("the deactivated account was told: %v %d", err, n)
	}
	if n, err := mongo.CountRaw(context.Background(), db, "notifications", bson.D{{Key: "user", Value: secUser.ID}}); err != nil || n != 2 {
		t.Fatalf("stored: %v %d", err, n)
	}
}

func TestNotificationOutbox(t *testing.T) {
	db := openDB(t)
	follows := mongo.NewFollowService(db)
	fp, fpUser := storedUser(t, db, "fp@example.org", platform.RoleFocalPoint, "KZ")
	if err := follows.Follow(fp, platform.FollowTarget{Type: platform.FollowCountry, ID: "KZ"}); err != nil {
		t.Fatal(err)
	}
	n := platform.Notification{Kind: platform.NotifyStatus, RecordType: platform.TypeCommitment, RecordID: "c", Detail: "completed"}
	if err := mongo.NotifyFollowers(system(), db, n, platform.Public, "KZ", platform.FollowTarget{Type: platform.FollowCountry, ID: "KZ"}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pending, err := follows.PendingNotifications(ctx, 10)
	if err != nil || len(pending) != 1 || pending[0].User != fpUser.ID {
		t.Fatalf("pending: %v %+v", err, pending)
	}
	id := pending[0].ID
	if ok, err := follows.ClaimNotification(ctx, id); err != nil || !ok {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, err := follows.ClaimNotification(ctx, id); err != nil || ok {
		t.Fatalf("a second sender claimed it too: %v %v", ok, err)
	}
	if err := follows.ReleaseNotification(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ok, err := follows.ClaimNotification(ctx, id); err != nil || !ok {
		t.Fatalf("claim after release: %v %v", ok, err)
	}
	if err := follows.MarkMailed(ctx, id); err != nil {
		t.Fatal(err)
	}
	if pending, err := follows.PendingNotifications(ctx, 10); err != nil || len(pending) != 0 {
		t.Fatalf("still pending: %v %+v", err, pending)
	}
	if list, unread, err := follows.Notifications(fp, 0, 0); err != nil || unread != 1 || list[0].Read {
		t.Fatalf("mailing is not reading: %v %d %+v", err, unread, list)
	}
}

// The roadmap's items tell their followers through notifyFollowers: a
// claim by a focal point reaches the secretariat that follows the item's
// country and the expert who follows the item, not the focal point.
func TestAClaimOnAnItemNotifiesItsFollowers(t *testing.T) {
	env := newRoadmapEnv(t)
	follows := mongo.NewFollowService(env.db)
	sec, _ := storedUser(t, env.db, "sec@example.org", platform.RoleSecretariat, "")
	fp, _ := storedUser(t, env.db, "fp@example.org", platform.RoleFocalPoint, "KZ")
	expert, _ := storedUser(t, env.db, "x@example.org", platform.RoleExpert, "")
	it := env.create(t, env.sec, env.commitment("KZ", "prevention", "Electronic asset declarations"))
	if err := follows.Follow(sec, platform.FollowTarget{Type: platform.FollowCountry, ID: "KZ"}); err != nil {
		t.Fatal(err)
	}
	if err := follows.Follow(expert, platform.FollowTarget{Type: platform.TypeCommitment, ID: it.ID}); err != nil {
		t.Fatal(err)
	}
	env.claim(t, fp, it.ID, 40)
	for name, ctx := range map[string]context.Context{"the secretariat": sec, "the expert": expert} {
		list, unread, err := follows.Notifications(ctx, 0, 0)
		if err != nil || unread != 1 || list[0].RecordID != it.ID || list[0].Kind != platform.NotifyClaim {
			t.Fatalf("%s: %v %d %+v", name, err, unread, list)
		}
	}
	if _, unread, _ := follows.Notifications(fp, 0, 0); unread != 0 {
		t.Fatalf("the focal point was told of their own claim: %d", unread)
	}
}
