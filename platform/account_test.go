package platform

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestRolesAndCountriesGoTogether(t *testing.T) {
	tests := []struct {
		name, role, country, want string
	}{
		{"a focal point of a member state", RoleFocalPoint, "KZ", ""},
		{"a focal point without a country", RoleFocalPoint, "", Invalid},
		{"a focal point of a partner country", RoleFocalPoint, "other", Invalid},
		{"an expert from a partner country", RoleExpert, "other", ""},
		{"the secretariat without a country", RoleSecretariat, "", ""},
		{"an unknown country", RoleExpert, "FR", Invalid},
		{"an unknown role", "admin", "", Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(ValidateRole(tt.role, tt.country)); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUserUpdatesTellRestrictedFieldsApart(t *testing.T) {
	base := User{ID: "u1", Name: "Aibek", Role: RoleFocalPoint, Country: "KG", Language: "ky"}
	str := func(s string) *string { return &s }
	yes := true
	tests := []struct {
		name       string
		up         UserUpdate
		restricted bool
		code       string
	}{
		{"a new name is the user's own business", UserUpdate{Name: str("  Айбек  ")}, false, ""},
		{"the same role again is no change", UserUpdate{Role: str(RoleFocalPoint), Country: str("kg")}, false, ""},
		{"a new role is restricted", UserUpdate{Role: str(RoleExpert)}, true, ""},
		{"a new country is restricted", UserUpdate{Country: str("TJ")}, true, ""},
		{"deactivating is restricted", UserUpdate{Disabled: &yes}, true, ""},
		{"an empty name is invalid", UserUpdate{Name: str("  ")}, false, Invalid},
		{"a focal point moved out of the member states is invalid", UserUpdate{Country: str("other")}, false, Invalid},
		{"an unsupported language is invalid", UserUpdate{Language: str("de")}, false, Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, restricted, err := tt.up.Apply(base)
			if ErrorCode(err) != tt.code || (err == nil && restricted != tt.restricted) {
				t.Fatalf("restricted %v, err %v", restricted, err)
			}
			if err == nil && tt.up.Name != nil && got.Name != strings.TrimSpace(*tt.up.Name) {
				t.Fatalf("name %q", got.Name)
			}
		})
	}
}

func TestPasswordRules(t *testing.T) {
	tests := []struct {
		name, password, email, want string
	}{
		{"ten characters", "0123456789", "a@b.org", ""},
		{"nine characters", "012345678", "a@b.org", Invalid},
		{"ten Cyrillic letters", "қазақстандық", "a@b.org", ""},
		{"the email address", "someone@example.org", "someone@example.org", Invalid},
		{"too long", strings.Repeat("x", MaxPasswordLen+1), "a@b.org", Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(ValidatePassword(tt.password, tt.email)); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVisibilityByRole(t *testing.T) {
	tests := []struct {
		name string
		u    *User
		want string
	}{
		{"an anonymous visitor sees public records", nil, "public"},
		{"an expert sees members' records", &User{Role: RoleExpert}, "public members"},
		{"a focal point sees members' records", &User{Role: RoleFocalPoint, Country: "TM"}, "public members"},
		{"the secretariat sees everything", &User{Role: RoleSecretariat}, "public members secretariat"},
		{"a deactivated secretariat account sees public records only", &User{Role: RoleSecretariat, Disabled: true}, "public"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(VisibleTo(tt.u), " "); got != tt.want {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func TestRequestInfoTravelsInTheContext(t *testing.T) {
	if ri := RequestInfoFromContext(context.Background()); ri != (RequestInfo{}) {
		t.Fatalf("empty context: %+v", ri)
	}
	ctx := NewContextWithRequestInfo(context.Background(), RequestInfo{IP: "192.0.2.1", UserAgent: "curl/8"})
	if ri := RequestInfoFromContext(ctx); ri.IP != "192.0.2.1" || ri.UserAgent != "curl/8" {
		t.Fatalf("got %+v", ri)
	}
}

func TestFieldChangesAreJSONValuesInTheAPI(t *testing.T) {
	b, err := json.Marshal(FieldChange{Field: "visibility", Before: `"public"`, After: `"members"`})
	if err != nil || string(b) != `{"field":"visibility","before":"public","after":"members"}` {
		t.Fatalf("%s %v", b, err)
	}
	b, _ = json.Marshal(FieldChange{Field: "countries", After: `["KZ"]`})
	if string(b) != `{"field":"countries","before":null,"after":["KZ"]}` {
		t.Fatalf("%s", b)
	}
}
