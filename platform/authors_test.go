package platform_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// authorField reports whether a field names a person: who created, changed,
// saved or uploaded a record ("CreatedBy", "UpdatedByName"…).
func authorField(f reflect.StructField) bool {
	return strings.HasSuffix(f.Name, "By") || strings.HasSuffix(f.Name, "ByName") || strings.HasSuffix(f.Name, "ByEmail")
}

// authorFields lists the author fields of type t and of the structs it
// holds (lists, maps, pointers), by path.
func authorFields(t reflect.Type, path string, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return nil
	}
	seen[t] = true
	var out []string
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		if authorField(f) {
			out = append(out, path+f.Name)
		}
		out = append(out, authorFields(f.Type, path+f.Name+".", seen)...)
	}
	return out
}

// withAuthors sets every top-level author field of the struct v points at
// to a user id.
func withAuthors(t *testing.T, v any) {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	for f := range rv.Type().Fields() {
		if authorField(f) {
			if f.Type.Kind() != reflect.String {
				t.Fatalf("%s.%s is not a string: teach this test its kind", rv.Type().Name(), f.Name)
			}
			rv.FieldByIndex(f.Index).SetString("u-author")
		}
	}
}

// shownAuthors lists the author fields of v that are not empty.
func shownAuthors(v any) []string {
	rv := reflect.Indirect(reflect.ValueOf(v))
	var out []string
	for f := range rv.Type().Fields() {
		if authorField(f) && !rv.FieldByIndex(f.Index).IsZero() {
			out = append(out, f.Name)
		}
	}
	return out
}

// TestRecordsHideTheirAuthorsFromVisitors: every record an anonymous reader
// can be given (documents with their provisions and relations, versions,
// attachments, events, search hits and suggestions) either has no field
// naming a person or hides all of them, through its ForReader, from
// anybody but a signed-in member. A field added later (an event's
// CreatedBy, a provision's UpdatedBy) fails here until ForReader hides it
// and the services apply it.
func TestRecordsHideTheirAuthorsFromVisitors(t *testing.T) {
	member := &platform.User{ID: "u-expert", Role: platform.RoleExpert, Country: "TJ"}
	disabled := &platform.User{ID: "u-gone", Role: platform.RoleFocalPoint, Country: "KZ", Disabled: true}
	readers := []struct {
		name   string
		u      *platform.User
		member bool
	}{
		{"an anonymous visitor", nil, false},
		{"a deactivated account", disabled, false},
		{"an expert", member, true},
		{"the secretariat", &platform.User{ID: "u-sec", Role: platform.RoleSecretariat}, true},
	}
	hiding := []struct {
		name      string
		record    func() any
		forReader func(v any, u *platform.User) any
	}{
		{"a document", func() any { return &platform.Document{} },
			func(v any, u *platform.User) any { return v.(*platform.Document).ForReader(u) }},
		{"a document's version", func() any { return &platform.DocumentVersion{} },
			func(v any, u *platform.User) any { return v.(*platform.DocumentVersion).ForReader(u) }},
		{"an attachment", func() any { return &platform.Attachment{} },
			func(v any, u *platform.User) any { return v.(*platform.Attachment).ForReader(u) }},
	}
	for _, h := range hiding {
		t.Run(h.name+" hides its authors from visitors only", func(t *testing.T) {
			rec := h.record()
			withAuthors(t, rec)
			all := shownAuthors(rec)
			if len(all) == 0 {
				t.Fatal("no author field: move this record to the list of those without")
			}
			for _, r := range readers {
				got := shownAuthors(h.forReader(rec, r.u))
				if r.member && len(got) != len(all) {
					t.Errorf("%s is given %v of %v", r.name, got, all)
				}
				if !r.member && len(got) > 0 {
					t.Errorf("%s is given %v", r.name, got)
				}
			}
			if got := shownAuthors(rec); len(got) != len(all) {
				t.Errorf("a visitor's copy changed the record itself: %v left", got)
			}
		})
	}
	// Records without a ForReader, and those that go out inside a parent
	// whose ForReader sees only its own fields, must name nobody.
	nobody := []struct {
		name string
		typ  reflect.Type
		// nestedOnly: the record's own fields are its ForReader's business.
		nestedOnly bool
	}{
		{"a document's provisions, relations and texts", reflect.TypeFor[platform.Document](), true},
		{"an event", reflect.TypeFor[platform.Event](), false},
		{"a search result and its hits", reflect.TypeFor[platform.SearchResult](), false},
		{"a suggestion", reflect.TypeFor[platform.Suggestion](), false},
	}
	for _, n := range nobody {
		t.Run(n.name+" names nobody", func(t *testing.T) {
			var fields []string
			for _, p := range authorFields(n.typ, "", map[reflect.Type]bool{}) {
				if !n.nestedOnly || strings.Contains(p, ".") {
					fields = append(fields, p)
				}
			}
			if len(fields) > 0 {
				t.Errorf("%v name a person: hide them with a ForReader that the service applies, as Document.ForReader", fields)
			}
		})
	}
}
