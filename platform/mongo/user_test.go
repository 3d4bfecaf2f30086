package mongo_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// cheap are argon2id parameters that keep tests fast; the hashes they make
// have the same format and are verified by the same code.
var cheap = platform.PasswordParams{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// system is the context of the command line: it may do everything.
func system() context.Context {
	return platform.NewContextWithUser(context.Background(), platform.System())
}

// from is a context of a request by u from ip.
func from(u *platform.User, ip string) context.Context {
	ctx := platform.NewContextWithRequestInfo(context.Background(), platform.RequestInfo{IP: ip, UserAgent: "test-agent/1.0"})
	if u != nil {
		ctx = platform.NewContextWithUser(ctx, u)
	}
	return ctx
}

// clock is a settable clock for tests of expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// accountsFixture is a database with the account services and a clock.
type accountsFixture struct {
	db       *mongo.DB
	users    *mongo.UserService
	accounts *mongo.AccountService
	audit    *mongo.AuditService
	clock    *clock
}

func newAccounts(t *testing.T) *accountsFixture {
	t.Helper()
	db := openDB(t)
	c := &clock{t: time.Now().UTC().Truncate(time.Millisecond)}
	db.SetClock(c.now)
	return &accountsFixture{db: db, users: mongo.NewUserService(db), clock: c,
		accounts: mongo.NewAccountService(db, mongo.AccountOptions{Password: cheap}), audit: mongo.NewAuditService(db)}
}

// member invites a user and sets their password through the invitation,
// returning the user.
func (f *accountsFixture) member(t *testing.T, email, role, country, password string) *platform.User {
	t.Helper()
	u, link, err := f.accounts.Invite(system(), platform.NewUser{Email: email, Name: "Name of " + email, Role: role, Country: country})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.UseLink(from(nil, "192.0.2.9"), platform.LinkInvitation, link, password); err != nil {
		t.Fatal(err)
	}
	u.HasPassword = true
	return u
}

func TestTokens(t *testing.T) {
	f := newAccounts(t)
	u, err := f.users.CreateUser(system(), platform.NewUser{Email: "Aida@Example.org", Name: "Aida", Role: platform.RoleFocalPoint, Country: "kg"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "aida@example.org" || u.Country != "KG" {
		t.Fatalf("not normalized: %+v", u)
	}
	tests := []struct {
		name string
		in   platform.NewUser
		want string
	}{
		{"the same email again is a conflict", platform.NewUser{Email: "aida@example.org", Name: "Again", Role: platform.RoleExpert}, platform.Conflict},
		{"a focal point without a country is invalid", platform.NewUser{Email: "x@example.org", Name: "X", Role: platform.RoleFocalPoint}, platform.Invalid},
		{"an unknown role is invalid", platform.NewUser{Email: "y@example.org", Name: "Y", Role: "admin"}, platform.Invalid},
		{"a name with an address is not an email", platform.NewUser{Email: "Y <y@example.org>", Name: "Y", Role: platform.RoleExpert}, platform.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.users.CreateUser(system(), tt.in); platform.ErrorCode(err) != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
		})
	}
	owner := from(u, "192.0.2.1")
	secret, tok, err := f.users.CreateToken(owner, u.ID, "cli", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.users.Authenticate(context.Background(), secret)
	if err != nil || got.ID != u.ID || got.Country != "KG" {
		t.Fatalf("authenticate: %v %+v", err, got)
	}
	soon := f.clock.now().Add(time.Hour)
	expiring, _, err := f.users.CreateToken(owner, u.ID, "short", &soon)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.users.CreateToken(owner, u.ID, "past", &time.Time{}); platform.ErrorCode(err) != platform.Invalid {
		t.Fatalf("a token expiring in the past: %v", err)
	}
	other := from(&platform.User{ID: "someone-else", Role: platform.RoleSecretariat}, "192.0.2.2")
	if _, _, err := f.users.CreateToken(other, u.ID, "not mine", nil); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("a token for someone else: %v", err)
	}
	if err := f.users.RevokeToken(other, u.ID, tok.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("revoking someone else's token: %v", err)
	}
	for _, s := range []string{secret + "x", "", "hub_", "Bearer " + secret} {
		if _, err := f.users.Authenticate(context.Background(), s); platform.ErrorCode(err) != platform.Unauthorized {
			t.Errorf("token %q: %v", s, err)
		}
	}
	f.clock.add(2 * time.Hour)
	if _, err := f.users.Authenticate(context.Background(), expiring); platform.ErrorCode(err) != platform.Unauthorized {
		t.Errorf("expired token: %v", err)
	}
	if err := f.users.RevokeToken(owner, u.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.users.Authenticate(context.Background(), secret); platform.ErrorCode(err) != platform.Unauthorized {
		t.Errorf("revoked token: %v", err)
	}
	third, _, err := f.users.CreateToken(owner, u.ID, "third", nil)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	if _, err := f.users.UpdateUser(system(), u.ID, platform.UserUpdate{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.users.Authenticate(context.Background(), third); platform.ErrorCode(err) != platform.Unauthorized {
		t.Errorf("token of a disabled user: %v", err)
	}
	list, err := f.users.FindTokens(owner, u.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("tokens: %v %d", err, len(list))
	}
	for _, tk := range list {
		if tk.Hash == "" || strings.Contains(tk.Hash, "hub_") {
			t.Errorf("token %s: stored hash %q", tk.ID, tk.Hash)
		}
	}
}

func TestSignInSessionsAndSignOut(t *testing.T) {
	f := newAccounts(t)
	u := f.member(t, "fp@example.kz", platform.RoleFocalPoint, "KZ", "correct horse battery")
	ctx := from(nil, "198.51.100.7")
	got, secret, err := f.accounts.SignIn(ctx, " FP@example.kz ", "correct horse battery")
	if err != nil || got.ID != u.ID {
		t.Fatalf("sign in: %v %+v", err, got)
	}
	su, sess, err := f.accounts.SessionUser(ctx, secret)
	if err != nil || su.ID != u.ID || sess.IP != "198.51.100.7" || sess.Method != "password" {
		t.Fatalf("session: %v %+v %+v", err, su, sess)
	}
	bad := []struct{ name, email, password, want string }{
		{"a wrong password", "fp@example.kz", "wrong horse battery", platform.Unauthorized},
		{"an unknown email answers the same", "nobody@example.kz", "correct horse battery", platform.Unauthorized},
		{"an empty password", "fp@example.kz", "", platform.Invalid},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := f.accounts.SignIn(ctx, tt.email, tt.password)
			if platform.ErrorCode(err) != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			if tt.want == platform.Unauthorized && platform.AsError(err).MessageID != "account.error.wrong_password" {
				t.Fatalf("message %q reveals more than wrong email or password", platform.AsError(err).MessageID)
			}
		})
	}
	flipped := "A"
	if strings.HasSuffix(secret, "A") {
		flipped = "B"
	}
	for _, tampered := range []string{secret[:len(secret)-1] + flipped, secret + "x", "hs_", "", strings.Repeat("x", 5000)} {
		if _, _, err := f.accounts.SessionUser(ctx, tampered); platform.ErrorCode(err) != platform.Unauthorized {
			t.Errorf("tampered secret %q: %v", tampered, err)
		}
	}
	// Idle for longer than the idle timeout: signed out.
	f.clock.add(platform.SessionIdleTimeout + time.Minute)
	if _, _, err := f.accounts.SessionUser(ctx, secret); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("idle session: %v", err)
	}
	// Active sessions live until their maximum age.
	_, secret, err = f.accounts.SignIn(ctx, "fp@example.kz", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for elapsed := time.Duration(0); elapsed < platform.MaxSessionAge-time.Hour; elapsed += 6 * time.Hour {
		if _, _, err := f.accounts.SessionUser(ctx, secret); err != nil {
			t.Fatalf("active session after %s: %v", elapsed, err)
		}
		f.clock.add(6 * time.Hour)
	}
	f.clock.add(2 * time.Hour)
	if _, _, err := f.accounts.SessionUser(ctx, secret); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("session past its maximum age: %v", err)
	}
	// Sign out ends one session, sign out everywhere all of them.
	_, s1, _ := f.accounts.SignIn(ctx, "fp@example.kz", "correct horse battery")
	_, s2, _ := f.accounts.SignIn(ctx, "fp@example.kz", "correct horse battery")
	_, s3, _ := f.accounts.SignIn(ctx, "fp@example.kz", "correct horse battery")
	if err := f.accounts.SignOut(ctx, s1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.SessionUser(ctx, s1); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("signed-out session: %v", err)
	}
	if _, _, err := f.accounts.SessionUser(ctx, s2); err != nil {
		t.Fatalf("other session after signing out one: %v", err)
	}
	if err := f.accounts.SignOutEverywhere(from(u, "198.51.100.7")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{s2, s3} {
		if _, _, err := f.accounts.SessionUser(ctx, s); platform.ErrorCode(err) != platform.Unauthorized {
			t.Fatalf("session after signing out everywhere: %v", err)
		}
	}
	// Changing the password ends the other sessions and opens a new one.
	_, s4, _ := f.accounts.SignIn(ctx, "fp@example.kz", "correct horse battery")
	me := from(u, "198.51.100.7")
	if _, err := f.accounts.ChangePassword(me, "not the password", "a brand new passphrase"); platform.ErrorCode(err) != platform.Invalid {
		t.Fatalf("wrong current password: %v", err)
	}
	if _, err := f.accounts.ChangePassword(me, "correct horse battery", "short"); platform.ErrorCode(err) != platform.Invalid {
		t.Fatalf("short new password: %v", err)
	}
	s5, err := f.accounts.ChangePassword(me, "correct horse battery", "a brand new passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.SessionUser(ctx, s4); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("old session after a password change: %v", err)
	}
	if _, _, err := f.accounts.SessionUser(ctx, s5); err != nil {
		t.Fatalf("new session after a password change: %v", err)
	}
	if _, _, err := f.accounts.SignIn(ctx, "fp@example.kz", "correct horse battery"); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("old password still works: %v", err)
	}
	// A deactivated user is signed out and cannot sign in.
	yes := true
	if _, err := f.users.UpdateUser(system(), u.ID, platform.UserUpdate{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.SessionUser(ctx, s5); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("session of a deactivated user: %v", err)
	}
	if _, _, err := f.accounts.SignIn(ctx, "fp@example.kz", "a brand new passphrase"); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("deactivated user signs in: %v", err)
	}
}

func TestTwentyWrongPasswordsAreRateLimited(t *testing.T) {
	f := newAccounts(t)
	f.member(t, "target@example.uz", platform.RoleExpert, "UZ", "the right password")
	f.member(t, "bystander@example.uz", platform.RoleExpert, "UZ", "another right password")
	attacker := from(nil, "203.0.113.66")
	for i := 1; i < platform.SignInLimit; i++ {
		if _, _, err := f.accounts.SignIn(attacker, "target@example.uz", "guess"); platform.ErrorCode(err) != platform.Unauthorized {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, _, err := f.accounts.SignIn(attacker, "target@example.uz", "guess")
	if platform.ErrorCode(err) != platform.RateLimited {
		t.Fatalf("attempt %d: %v, want rate limited", platform.SignInLimit, err)
	}
	wait, _ := platform.AsError(err).Data["Wait"].(time.Duration)
	if wait <= 0 || wait > platform.SignInWindow {
		t.Fatalf("wait %s", wait)
	}
	if m, _ := platform.AsError(err).Data["Minutes"].(int); m != 15 {
		t.Fatalf("minutes to wait %d, want 15", m)
	}
	tests := []struct {
		name, ip, email, password string
	}{
		{"the right password from the same address", "203.0.113.66", "target@example.uz", "the right password"},
		{"another account from the same address", "203.0.113.66", "bystander@example.uz", "another right password"},
		{"the same account from another address", "198.51.100.1", "target@example.uz", "the right password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := f.accounts.SignIn(from(nil, tt.ip), tt.email, tt.password); platform.ErrorCode(err) != platform.RateLimited {
				t.Fatalf("got %v, want rate limited", err)
			}
		})
	}
	if _, _, err := f.accounts.SignIn(from(nil, "198.51.100.1"), "bystander@example.uz", "another right password"); err != nil {
		t.Fatalf("another account from another address: %v", err)
	}
	f.clock.add(platform.SignInWindow + time.Second)
	if _, _, err := f.accounts.SignIn(attacker, "target@example.uz", "the right password"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	entries, _, err := f.audit.FindAudit(system(), platform.AuditFilter{Action: platform.ActionSignInLimited})
	if err != nil || len(entries) == 0 || entries[0].IP == "" {
		t.Fatalf("blocked attempts not audited: %v %+v", err, entries)
	}
}

func TestOneTimeLinksWorkOnce(t *testing.T) {
	f := newAccounts(t)
	sec := f.member(t, "sec@unodc.example", platform.RoleSecretariat, "", "secretariat password")
	secCtx := from(sec, "192.0.2.10")
	u, link, err := f.accounts.Invite(secCtx, platform.NewUser{Email: "new@example.tj", Name: "Нигора", Role: platform.RoleExpert, Country: "TJ", Language: "tg"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f.accounts.CheckLink(context.Background(), platform.LinkInvitation, link); err != nil || got.ID != u.ID {
		t.Fatalf("check: %v", err)
	}
	if _, err := f.accounts.CheckLink(context.Background(), platform.LinkReset, link); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("an invitation used as a reset link: %v", err)
	}
	if _, _, err := f.accounts.UseLink(context.Background(), platform.LinkInvitation, link, "short"); platform.ErrorCode(err) != platform.Invalid {
		t.Fatalf("short password: %v", err)
	}
	if _, _, err := f.accounts.UseLink(context.Background(), platform.LinkInvitation, link, "new@example.tj"); platform.ErrorCode(err) != platform.Invalid {
		t.Fatalf("the email as password: %v", err)
	}
	// A refused password leaves the link usable; concurrent uses: one wins.
	var wg sync.WaitGroup
	codes := make([]string, 4)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := f.accounts.UseLink(context.Background(), platform.LinkInvitation, link, "my very own password")
			codes[i] = platform.ErrorCode(err)
		}()
	}
	wg.Wait()
	if n := slices.Index(codes, ""); n < 0 || slices.ContainsFunc(codes[n+1:], func(c string) bool { return c == "" }) {
		t.Fatalf("concurrent uses of one link: %q (want exactly one success)", codes)
	}
	for _, c := range codes {
		if c != "" && c != platform.NotFound {
			t.Fatalf("concurrent uses: %q", codes)
		}
	}
	if _, _, err := f.accounts.UseLink(context.Background(), platform.LinkInvitation, link, "my very own password"); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("link used twice: %v", err)
	}
	if _, _, err := f.accounts.SignIn(from(nil, "192.0.2.11"), "new@example.tj", "my very own password"); err != nil {
		t.Fatal(err)
	}
	// Reset links: a newer one replaces the older; they expire.
	first, err := f.accounts.CreateLink(secCtx, platform.LinkReset, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.accounts.CreateLink(secCtx, platform.LinkReset, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.accounts.CheckLink(context.Background(), platform.LinkReset, first); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("replaced link: %v", err)
	}
	f.clock.add(platform.ResetTTL + time.Minute)
	if _, err := f.accounts.CheckLink(context.Background(), platform.LinkReset, second); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("expired link: %v", err)
	}
	if _, err := f.accounts.CreateLink(from(u, "192.0.2.11"), platform.LinkReset, sec.ID); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("an expert making a reset link: %v", err)
	}
	// Self-service reset: the link is for the account's owner only.
	ru, third, err := f.accounts.RequestReset(from(nil, "192.0.2.12"), "NEW@example.tj")
	if err != nil || ru.ID != u.ID {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.RequestReset(from(nil, "192.0.2.12"), "nobody@example.tj"); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("reset for an unknown email: %v", err)
	}
	if _, _, err := f.accounts.UseLink(context.Background(), platform.LinkReset, third, "yet another password"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.SignIn(from(nil, "192.0.2.11"), "new@example.tj", "yet another password"); err != nil {
		t.Fatal(err)
	}
}

func TestUsersManageOnlyWhatTheirRoleAllows(t *testing.T) {
	f := newAccounts(t)
	sec := f.member(t, "sec@unodc.example", platform.RoleSecretariat, "", "secretariat password")
	fp := f.member(t, "fp@example.kg", platform.RoleFocalPoint, "KG", "focal point password")
	secCtx, fpCtx := from(sec, "192.0.2.1"), from(fp, "192.0.2.2")
	str := func(s string) *string { return &s }
	yes := true
	tests := []struct {
		name string
		ctx  context.Context
		id   string
		up   platform.UserUpdate
		want string
	}{
		{"a user changes their own name", fpCtx, fp.ID, platform.UserUpdate{Name: str("Айгүл"), Language: str("ky")}, ""},
		{"a user cannot change their own role", fpCtx, fp.ID, platform.UserUpdate{Role: str(platform.RoleSecretariat)}, platform.Forbidden},
		{"a user cannot change their own country", fpCtx, fp.ID, platform.UserUpdate{Country: str("KZ")}, platform.Forbidden},
		{"a user cannot see another user", fpCtx, sec.ID, platform.UserUpdate{Name: str("x")}, platform.NotFound},
		{"the secretariat changes a role and country", secCtx, fp.ID, platform.UserUpdate{Role: str(platform.RoleFocalPoint), Country: str("TJ")}, ""},
		{"the secretariat cannot make a focal point without a member state", secCtx, fp.ID, platform.UserUpdate{Country: str("other")}, platform.Invalid},
		{"the secretariat cannot disable themselves", secCtx, sec.ID, platform.UserUpdate{Disabled: &yes}, platform.Invalid},
		{"an unsupported language is invalid", fpCtx, fp.ID, platform.UserUpdate{Language: str("fr")}, platform.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.users.UpdateUser(tt.ctx, tt.id, tt.up); platform.ErrorCode(err) != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	got, err := f.users.FindUserByID(fpCtx, fp.ID)
	if err != nil || got.Name != "Айгүл" || got.Country != "TJ" || got.Role != platform.RoleFocalPoint {
		t.Fatalf("after the updates: %v %+v", err, got)
	}
	if _, _, err := f.users.FindUsers(fpCtx, platform.UserFilter{}); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("a focal point lists users: %v", err)
	}
	list, total, err := f.users.FindUsers(secCtx, platform.UserFilter{Text: "айгү"})
	if err != nil || total != 1 || list[0].ID != fp.ID {
		t.Fatalf("search by a part of the name: %v %d", err, total)
	}
	if err := f.users.RequestDeletion(fpCtx, "I am leaving the agency"); err != nil {
		t.Fatal(err)
	}
	list, _, err = f.users.FindUsers(secCtx, platform.UserFilter{DeletionRequested: true})
	if err != nil || len(list) != 1 || list[0].DeletionReason != "I am leaving the agency" {
		t.Fatalf("deletion requests: %v %+v", err, list)
	}
}

func TestExportHoldsEverythingAboutTheUser(t *testing.T) {
	f := newAccounts(t)
	u := f.member(t, "me@example.tm", platform.RoleFocalPoint, "TM", "my long password")
	me := from(u, "192.0.2.44")
	if _, _, err := f.accounts.SignIn(me, "me@example.tm", "my long password"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.users.CreateToken(me, u.ID, "script", nil); err != nil {
		t.Fatal(err)
	}
	docs := mongo.NewDocumentService(f.db)
	d, err := docs.CreateDocument(me, lawInput("TM", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	ex, err := f.users.ExportUser(me, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ex.User.Email != "me@example.tm" || len(ex.Tokens) != 1 || len(ex.Sessions) < 1 || len(ex.Links) != 1 ||
		!slices.Contains(ex.Documents, d.ID) || len(ex.Audit) < 3 {
		t.Fatalf("export: %+v", ex)
	}
	for _, s := range ex.Sessions {
		if s.Hash == "" {
			t.Fatal("sessions in the export should be the stored records")
		}
	}
	other := f.member(t, "other@example.tm", platform.RoleExpert, "TM", "other long password")
	if _, err := f.users.ExportUser(from(other, "192.0.2.45"), u.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Fatalf("someone else's export: %v", err)
	}
}

func TestTheAuditTrailRecordsWhoWhenWhereAndWhat(t *testing.T) {
	f := newAccounts(t)
	sec := f.member(t, "sec@unodc.example", platform.RoleSecretariat, "", "secretariat password")
	kz := f.member(t, "fp@example.kz", platform.RoleFocalPoint, "KZ", "focal point password")
	docs := mongo.NewDocumentService(f.db)
	kzCtx := from(kz, "203.0.113.5")
	d, err := docs.CreateDocument(kzCtx, lawInput("KZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	in := lawInput("KZ", platform.Members)
	in.Translations["en"] = platform.Translation{Title: "Law on combating corruption (2024)"}
	if _, err := docs.UpdateDocument(kzCtx, d.ID, in); err != nil {
		t.Fatal(err)
	}
	uz, err := docs.CreateDocument(from(sec, "192.0.2.1"), lawInput("UZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := docs.UpdateDocument(kzCtx, uz.ID, lawInput("UZ", platform.Public)); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("another country's document: %v", err)
	}
	secCtx := from(sec, "192.0.2.1")
	entries, total, err := f.audit.FindAudit(secCtx, platform.AuditFilter{RecordID: d.ID})
	if err != nil || total != 2 {
		t.Fatalf("entries for the document: %v %d", err, total)
	}
	up := entries[0]
	if up.Action != platform.ActionUpdate || up.ActorID != kz.ID || up.ActorCountry != "KZ" || up.IP != "203.0.113.5" ||
		up.UserAgent != "test-agent/1.0" || up.Kind != platform.TypeDocument || !slices.Contains(up.Countries, "KZ") {
		t.Fatalf("update entry: %+v", up)
	}
	changed := map[string][2]string{}
	for _, c := range up.Changes {
		changed[c.Field] = [2]string{c.Before, c.After}
	}
	if changed["visibility"] != [2]string{`"public"`, `"members"`} ||
		changed["translations.en.title"] != [2]string{`"Law on combating corruption"`, `"Law on combating corruption (2024)"`} {
		t.Fatalf("changes: %+v", up.Changes)
	}
	if _, ok := changed["updatedAt"]; ok {
		t.Fatal("updatedAt is noise in the trail")
	}
	if _, ok := changed["translations.ru.title"]; ok {
		t.Fatal("an unchanged field is in the trail")
	}
	denied, _, err := f.audit.FindAudit(secCtx, platform.AuditFilter{Action: platform.ActionDenied, Kind: platform.TypeDocument})
	if err != nil || len(denied) != 1 || denied[0].RecordID != uz.ID || denied[0].ActorID != kz.ID ||
		!slices.Contains(denied[0].Countries, "UZ") || !slices.Contains(denied[0].Countries, "KZ") {
		t.Fatalf("denied entries: %v %+v", err, denied)
	}
	filters := []struct {
		name string
		f    platform.AuditFilter
		want func(*platform.AuditEntry) bool
	}{
		{"by user", platform.AuditFilter{ActorID: kz.ID}, func(e *platform.AuditEntry) bool { return e.ActorID == kz.ID }},
		{"by country", platform.AuditFilter{Country: "UZ"}, func(e *platform.AuditEntry) bool { return slices.Contains(e.Countries, "UZ") }},
		{"by record kind", platform.AuditFilter{Kind: platform.TypeSession}, func(e *platform.AuditEntry) bool { return e.Kind == platform.TypeSession }},
		{"by date", platform.AuditFilter{Since: f.clock.now().Add(-time.Minute), Until: f.clock.now().Add(time.Minute)}, func(*platform.AuditEntry) bool { return true }},
	}
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			got, n, err := f.audit.FindAudit(secCtx, tt.f)
			if err != nil || n == 0 || len(got) == 0 {
				t.Fatalf("%v %d", err, n)
			}
			for _, e := range got {
				if !tt.want(e) {
					t.Fatalf("entry does not match the filter: %+v", e)
				}
			}
		})
	}
	if _, n, _ := f.audit.FindAudit(secCtx, platform.AuditFilter{Until: f.clock.now().Add(-time.Hour)}); n != 0 {
		t.Fatalf("%d entries before they happened", n)
	}
	if _, _, err := f.audit.FindAudit(kzCtx, platform.AuditFilter{}); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("a focal point reads the trail: %v", err)
	}
	if _, _, err := f.audit.FindAudit(context.Background(), platform.AuditFilter{}); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatalf("an anonymous visitor reads the trail: %v", err)
	}
}

// TestTheAuditTrailCannotBeChanged checks that nothing can change the trail:
// the service has one method, a reader, and no file of the package but
// audit.go touches the audit collection, which only inserts into it and
// reads it, but for the erasure of a person's data (its scrub functions,
// which blank values and names and keep every entry).
func TestTheAuditTrailCannotBeChanged(t *testing.T) {
	if n := reflect.TypeFor[platform.AuditService]().NumMethod(); n != 1 {
		t.Fatalf("platform.AuditService has %d methods; only FindAudit may exist", n)
	}
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	writes := regexp.MustCompile(`\b(UpdateOne|UpdateMany|ReplaceOne|DeleteOne|DeleteMany|FindOneAndUpdate|FindOneAndReplace|FindOneAndDelete|BulkWrite|Drop)\(`)
	for _, fi := range files {
		name := fi.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		switch name {
		case "db.go":
			// names the collection and its indexes only
		case "audit.go":
			for _, fn := range funcSources(t, name, src) {
				if m := writes.FindString(fn.src); m != "" && !strings.HasPrefix(fn.name, "scrub") {
					t.Errorf("audit.go's %s calls %s", fn.name, m)
				}
				if m := regexp.MustCompile(`\b(DeleteOne|DeleteMany|Drop|FindOneAndDelete|BulkWrite)\(`).FindString(fn.src); m != "" {
					t.Errorf("audit.go's %s calls %s: an erasure keeps every entry", fn.name, m)
				}
			}
		default:
			if strings.Contains(src, "colAudit") {
				t.Errorf("%s touches the audit collection; only audit.go may", name)
			}
		}
	}
}

// funcSource is one function of a Go file, by name, with its source.
type funcSource struct{ name, src string }

// funcSources splits a Go file into its functions.
func funcSources(t *testing.T, name, src string) []funcSource {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []funcSource
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			out = append(out, funcSource{fd.Name.Name, src[fset.Position(fd.Pos()).Offset:fset.Position(fd.End()).Offset]})
		}
	}
	return out
}
