package mongo_test

import (
	"context"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// TestExportKeepsOtherPeoplesAddressesOut: a focal point's export holds the
// entries about their account, but the address and browser of whoever else
// wrote them (the secretariat, someone trying their email) are not theirs.
func TestExportKeepsOtherPeoplesAddressesOut(t *testing.T) {
	f := newAccounts(t)
	sec := f.member(t, "sec@unodc.example", platform.RoleSecretariat, "", "secretariat password")
	u := f.member(t, "me@example.kg", platform.RoleFocalPoint, "KG", "my long password")
	at := func(who *platform.User, ip, agent string) context.Context {
		ctx := platform.NewContextWithRequestInfo(context.Background(), platform.RequestInfo{IP: ip, UserAgent: agent})
		if who != nil {
			ctx = platform.NewContextWithUser(ctx, who)
		}
		return ctx
	}
	org := "Anti-Corruption Service"
	if _, err := f.users.UpdateUser(at(sec, "198.51.100.7", "SecretariatBrowser/9"), u.ID, platform.UserUpdate{Organization: &org}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.accounts.SignIn(at(nil, "203.0.113.66", "StrangerBrowser/1"), "me@example.kg", "a wrong guess"); platform.ErrorCode(err) != platform.Unauthorized {
		t.Fatal(err)
	}
	me := at(u, "192.0.2.44", "MyBrowser/3")
	if _, _, err := f.accounts.SignIn(me, "me@example.kg", "my long password"); err != nil {
		t.Fatal(err)
	}
	ex, err := f.users.ExportUser(me, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var bySecretariat, mine, anonymous int
	for _, e := range ex.Audit {
		switch {
		case e.ActorID == u.ID:
			if e.IP == "192.0.2.44" && e.UserAgent == "MyBrowser/3" {
				mine++ // their own address and browser stay
			}
		case e.IP != "" || e.UserAgent != "":
			t.Errorf("someone else's address or browser in the export: %+v", e)
		case e.ActorID == sec.ID:
			if e.ActorName != sec.Name || e.ActorRole != platform.RoleSecretariat {
				t.Errorf("the secretariat's change lost who made it: %+v", e)
			}
			bySecretariat++
		case e.ActorID == "" && e.Action == platform.ActionSignInFailed:
			anonymous++
		}
	}
	if bySecretariat == 0 || mine == 0 || anonymous == 0 {
		t.Fatalf("entries about the user missing: secretariat %d, own with their address %d, failed sign-ins %d", bySecretariat, mine, anonymous)
	}
	// The audit trail itself keeps everything, for the secretariat.
	entries, _, err := f.audit.FindAudit(system(), platform.AuditFilter{ActorID: sec.ID})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || e.IP == "198.51.100.7" && e.UserAgent == "SecretariatBrowser/9"
	}
	if !found {
		t.Fatal("the audit trail lost the secretariat's address")
	}
}
