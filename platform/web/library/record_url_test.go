package library

import (
	"testing"

	"github.com/ca-uncac/hub/platform"
)

func TestEveryRecordTypeHasItsPageAddress(t *testing.T) {
	for _, tc := range []struct {
		typ  platform.RecordType
		id   string
		want string
	}{
		{platform.TypeDocument, "d1", "/ru/library/d1"},
		{platform.TypeProvision, "d1/p/art-3", "/ru/library/d1/p/art-3"},
		{platform.TypeEvent, "e1", "/ru/events/e1"},
		{platform.TypeExpert, "x1", "/ru/experts/x1"},
		{platform.TypeCommitment, "c1", "/ru/roadmap/items/c1"},
		{platform.TypeRecommendation, "r1", "/ru/roadmap/recommendations/r1"},
	} {
		t.Run(string(tc.typ), func(t *testing.T) {
			if got := recordURL("ru", tc.typ, tc.id); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
	for _, typ := range platform.SearchedTypes() {
		if typ != platform.TypeDocument && recordURL("en", typ, "x") == "/en/library/x" {
			t.Errorf("%s hits would link to the library", typ)
		}
	}
}
