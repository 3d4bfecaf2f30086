package mongo_test

import (
	"testing"

	"github.com/ca-uncac/hub/platform"
)

// TestLibraryImplausibleDatesAreRefusedOnEveryPath: "0000-01-01" used to be
// stored and give the library a year facet "0". A create, an update and a
// bulk import refuse it alike, naming the field.
func TestLibraryImplausibleDatesAreRefusedOnEveryPath(t *testing.T) {
	_, docs, sec, d := publicLaw(t)
	check := func(t *testing.T, err error, field string) {
		t.Helper()
		e := platform.AsError(err)
		if e == nil || e.Code != platform.Invalid || e.Data["Field"] != field {
			t.Fatalf("got %v, want Invalid naming %s", err, field)
		}
	}
	zero := func() platform.DocumentInput {
		in := lawInput("KZ", platform.Public)
		in.Adopted = "0000-01-01"
		return in
	}
	t.Run("a create", func(t *testing.T) {
		_, err := docs.CreateDocument(sec, zero())
		check(t, err, "adopted")
	})
	t.Run("an update", func(t *testing.T) {
		in := lawInput("KZ", platform.Public)
		in.InForce = "2999-01-01"
		_, err := docs.UpdateDocument(sec, d.ID, in)
		check(t, err, "inForce")
	})
	t.Run("a bulk import", func(t *testing.T) {
		_, err := docs.ImportDocuments(sec, []platform.DocumentInput{lawInput("KZ", platform.Public), zero()})
		check(t, err, "adopted")
	})
	if _, total, err := docs.FindDocuments(sec, platform.DocumentFilter{}); err != nil || total != 1 {
		t.Fatalf("documents stored: %d %v", total, err)
	}
}
