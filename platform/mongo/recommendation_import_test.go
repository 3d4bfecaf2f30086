package mongo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

func row(n int, id string, in platform.RecommendationInput) platform.RecommendationRow {
	return platform.RecommendationRow{Row: n, ID: id, RecommendationInput: in}
}

func TestImportRecommendations(t *testing.T) {
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	sec := asUser(platform.RoleSecretariat, "")
	kz := asUser(platform.RoleFocalPoint, "KZ")
	item := commitment(t, db, "KZ", platform.Public, platform.Text{"en": "Amend the law"})
	byRef, err := recs.CreateRecommendation(sec, recInput("KZ", "para. 12", statsEN, platform.Public, 36))
	if err != nil {
		t.Fatal(err)
	}
	noRef, err := recs.CreateRecommendation(sec, recInput("KZ", "", "Train judges on the confiscation of proceeds of corruption.", platform.Public, 31))
	if err != nil {
		t.Fatal(err)
	}
	third, err := recs.CreateRecommendation(sec, recInput("KZ", "para. 5", "Adopt a law on whistleblowers.", platform.Public, 33))
	if err != nil {
		t.Fatal(err)
	}
	withCommitment := recInput("KZ", "para. 20", agencyEN, platform.Public, 36)
	withCommitment.Commitments = []string{item}
	changedByID := recInput("KZ", "para. 99", "Adopt a law on the protection of whistleblowers.", platform.Public, 33)
	changedByID.Implementation = platform.ImplPartial
	rated := recInput("KZ", "para. 12", statsEN, platform.Public, 36)
	rated.Implementation = platform.ImplLargely
	badCommitment := recInput("KZ", "para. 21", agencyEN, platform.Public, 36)
	badCommitment.Commitments = []string{bson.NewObjectID().Hex()}
	rows := []platform.RecommendationRow{
		row(2, "", recInput("KZ", "para. 12", statsEN, platform.Public, 36)),                                               // by reference, unchanged
		row(3, "", recInput("KZ", "", "Train judges on the confiscation of proceeds of corruption.", platform.Public, 31)), // by text, unchanged
		row(4, "", withCommitment), // created
		row(5, "", recInput("UZ", "para. 1", agencyEN, platform.Public, 36)), // another country's
		row(6, "", badCommitment),     // an unknown commitment
		row(7, third.ID, changedByID), // by id, changed
		row(8, "", recInput("KZ", "para. 22", agencyEN2, platform.Public, 36)), // created, a duplicate of row 4
	}
	check := func(t *testing.T, rep *platform.ImportReport, written bool) {
		t.Helper()
		if rep.Created != 2 || rep.Changed != 1 || rep.Unchanged != 2 || rep.Rejected != 2 || rep.Written != written {
			t.Fatalf("report: %+v", rep)
		}
		if len(rep.Problems) != 2 || rep.Problems[0].Row != 5 || rep.Problems[0].MessageID != "roadmap.error.forbidden_row" ||
			rep.Problems[0].Column != "country" || rep.Problems[1].Row != 6 || rep.Problems[1].Column != "commitments" {
			t.Fatalf("problems: %+v", rep.Problems)
		}
		if rep.Rows[0].ID != byRef.ID || rep.Rows[1].ID != noRef.ID || rep.Rows[5].ID != third.ID {
			t.Fatalf("matches: %+v", rep.Rows)
		}
	}
	count := func() int64 {
		n, err := mongo.CountRaw(context.Background(), db, "recommendations", bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	t.Run("a dry run says what would happen and writes nothing", func(t *testing.T) {
		rep, err := recs.ImportRecommendations(kz, rows, platform.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		check(t, rep, false)
		if rep.Rows[2].ID != "" || count() != 3 {
			t.Fatalf("dry run: %+v, %d stored", rep.Rows[2], count())
		}
	})
	t.Run("with bad rows nothing is written", func(t *testing.T) {
		rep, err := recs.ImportRecommendations(kz, rows, platform.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		check(t, rep, false)
		if count() != 3 {
			t.Fatalf("%d stored", count())
		}
	})
	t.Run("WriteValid writes the valid rows, with their duplicates flagged", func(t *testing.T) {
		var progress []int
		rep, err := recs.ImportRecommendations(kz, rows, platform.ImportOptions{WriteValid: true, Progress: func(done, total int) { progress = append(progress, done) }})
		if err != nil {
			t.Fatal(err)
		}
		check(t, rep, true)
		if count() != 5 || len(progress) == 0 || progress[len(progress)-1] != len(rows) {
			t.Fatalf("%d stored, progress %v", count(), progress)
		}
		a, err := recs.Recommendation(kz, rep.Rows[2].ID)
		if err != nil || len(a.Commitments) != 1 || len(a.Duplicates) != 1 || a.Duplicates[0] != rep.Rows[6].ID {
			t.Fatalf("created: %v %+v", err, a)
		}
		b, err := recs.Recommendation(kz, third.ID)
		if err != nil || b.Implementation != platform.ImplPartial || b.Version != 2 || b.Reference != "para. 99" {
			t.Fatalf("changed: %v %+v", err, b)
		}
	})
	t.Run("importing the file again changes nothing", func(t *testing.T) {
		again := append([]platform.RecommendationRow{}, rows[:4]...)
		again = append(again, rows[5:]...)
		again[2] = row(4, "", withCommitment)
		rep, err := recs.ImportRecommendations(kz, again, platform.ImportOptions{WriteValid: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 0 || rep.Changed != 0 || rep.Unchanged != 5 || count() != 5 {
			t.Fatalf("again: %+v, %d stored", rep, count())
		}
	})
	t.Run("a rating changed by reference", func(t *testing.T) {
		rep, err := recs.ImportRecommendations(sec, []platform.RecommendationRow{row(2, "", rated)}, platform.ImportOptions{})
		if err != nil || rep.Changed != 1 || !rep.Written {
			t.Fatalf("%v %+v", err, rep)
		}
		if r, _ := recs.Recommendation(sec, byRef.ID); r.Implementation != platform.ImplLargely {
			t.Fatalf("%+v", r)
		}
	})
	t.Run("an expert may not import at all", func(t *testing.T) {
		_, err := recs.ImportRecommendations(asUser(platform.RoleExpert, ""), rows, platform.ImportOptions{})
		if platform.ErrorCode(err) != platform.Forbidden {
			t.Fatalf("got %v", err)
		}
	})
}

// Five thousand rows of five countries, a tenth of them paraphrases of
// another, imported on the embedded FerretDB, then imported again.
func TestImportFiveThousandRecommendations(t *testing.T) {
	if testing.Short() {
		t.Skip("a measurement")
	}
	db := openDB(t)
	recs := mongo.NewRecommendationService(db)
	sec := asUser(platform.RoleSecretariat, "")
	subjects := []string{"asset declarations of public officials", "the independence of the anti-corruption agency",
		"the liability of legal persons", "the protection of whistleblowers", "public procurement", "the confiscation of proceeds",
		"conflicts of interest in the civil service", "the financing of political parties"}
	verbs := []string{"Strengthen", "Review", "Publish", "Introduce", "Extend", "Evaluate", "Train staff on", "Digitize"}
	var rows []platform.RecommendationRow
	for i := range 5000 {
		country := platform.Countries()[i%5]
		text := fmt.Sprintf("%s %s in region %d, with a report to parliament by %d and measure %d.",
			verbs[(i/5)%len(verbs)], subjects[(i/40)%len(subjects)], i/320, 2020+i%7, i)
		if i%10 == 9 {
			prev := rows[i-5].Text["en"]
			text = "The state should " + prev
		}
		in := recInput(country, fmt.Sprintf("para. %d", i), text, platform.Public, 5+i%60)
		rows = append(rows, row(i+2, "", in))
	}
	start := time.Now()
	rep, err := recs.ImportRecommendations(sec, rows, platform.ImportOptions{})
	took := time.Since(start)
	if err != nil || rep.Created != 5000 || !rep.Written {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	t.Logf("5,000 rows imported in %s", took)
	if took > 10*time.Second {
		t.Fatalf("took %s", took)
	}
	flagged, n, err := recs.FindRecommendations(sec, platform.RecommendationFilter{Duplicates: true, Limit: 500})
	if err != nil || n < 500 {
		t.Fatalf("flagged: %v %d", err, n)
	}
	_ = flagged
	start = time.Now()
	rep, err = recs.ImportRecommendations(sec, rows, platform.ImportOptions{})
	if err != nil || rep.Unchanged != 5000 {
		t.Fatalf("again: %v %+v", err, rep)
	}
	t.Logf("again, unchanged, in %s", time.Since(start))
}
