package mongo_test

import (
	"context"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// TestAccountPasswordResetsRevokeAPITokens: after a suspected compromise the
// owner resets or changes the password, and whatever the intruder held —
// sessions, API tokens made with them — stops working. Setting the first
// password through an invitation leaves tokens made for the account.
func TestAccountPasswordResetsRevokeAPITokens(t *testing.T) {
	f := newAccounts(t)
	sec := f.member(t, "sec@unodc.example", platform.RoleSecretariat, "", "secretariat password")
	secCtx := from(sec, "192.0.2.10")
	works := func(secret string) bool {
		_, err := f.users.Authenticate(context.Background(), secret)
		return err == nil
	}
	newToken := func(u *platform.User, name string) string {
		t.Helper()
		secret, _, err := f.users.CreateToken(from(u, "192.0.2.20"), u.ID, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}

	t.Run("an invitation leaves the token made for the new account", func(t *testing.T) {
		u, link, err := f.accounts.Invite(secCtx, platform.NewUser{Email: "bot@example.kz", Name: "Import bot", Role: platform.RoleExpert, Country: "KZ"})
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := f.users.CreateToken(system(), u.ID, "import", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.accounts.UseLink(from(nil, "192.0.2.21"), platform.LinkInvitation, link, "the bot's own password"); err != nil {
			t.Fatal(err)
		}
		if !works(tok) {
			t.Fatal("accepting an invitation revoked the account's token")
		}
	})

	t.Run("a reset through the forgotten-password link revokes every token", func(t *testing.T) {
		u := f.member(t, "kz@example.kz", platform.RoleFocalPoint, "KZ", "first long password")
		a, b := newToken(u, "laptop"), newToken(u, "intruder's")
		_, link, err := f.accounts.RequestReset(from(nil, "192.0.2.22"), "kz@example.kz")
		if err != nil {
			t.Fatal(err)
		}
		if !works(a) || !works(b) {
			t.Fatal("asking for a link (which anyone may do) must not revoke anything")
		}
		if _, _, err := f.accounts.UseLink(from(nil, "192.0.2.22"), platform.LinkReset, link, "second long password"); err != nil {
			t.Fatal(err)
		}
		if works(a) || works(b) {
			t.Fatal("a token kept working after its owner's password was reset")
		}
		entries, _, err := f.audit.FindAudit(system(), platform.AuditFilter{Action: platform.ActionRevoke})
		if err != nil || len(entries) < 2 {
			t.Fatalf("revocations not audited: %v %d", err, len(entries))
		}
		c := newToken(u, "after the reset")
		if !works(c) {
			t.Fatal("a token made after the reset does not work")
		}
	})

	t.Run("a reset link made by the secretariat revokes tokens and sessions at once", func(t *testing.T) {
		u := f.member(t, "kg@example.kg", platform.RoleFocalPoint, "KG", "first long password")
		tok := newToken(u, "script")
		_, session, err := f.accounts.SignIn(from(nil, "192.0.2.23"), "kg@example.kg", "first long password")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.accounts.CreateLink(secCtx, platform.LinkReset, u.ID); err != nil {
			t.Fatal(err)
		}
		if works(tok) {
			t.Fatal("the token works while the reset link waits for its owner")
		}
		if _, _, err := f.accounts.SessionUser(context.Background(), session); platform.ErrorCode(err) != platform.Unauthorized {
			t.Fatalf("the session survived the secretariat's reset: %v", err)
		}
	})

	t.Run("a change by the owner revokes the tokens too", func(t *testing.T) {
		u := f.member(t, "tj@example.tj", platform.RoleFocalPoint, "TJ", "first long password")
		tok := newToken(u, "script")
		if _, err := f.accounts.ChangePassword(from(u, "192.0.2.24"), "first long password", "second long password"); err != nil {
			t.Fatal(err)
		}
		if works(tok) {
			t.Fatal("a token kept working after its owner changed the password")
		}
	})
}
