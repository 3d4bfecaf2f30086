package mongo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

func TestAnImportJobIsReplacedWholeReadBackWithItsReportAndDeletedADayAfterItEnded(t *testing.T) {
	db := openDB(t)
	jobs := mongo.NewImportJobStore(db)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	j := &platform.ImportJob{ID: "job-1", User: "u1", Kind: "items", State: platform.JobRunning, Rows: 300, Checked: 100,
		CreatedAt: now, UpdatedAt: now}
	if err := jobs.Save(ctx, j); err != nil {
		t.Fatal(err)
	}
	j.State, j.Checked, j.Writing, j.Written, j.ToWrite = platform.JobDone, 300, true, 40, 40
	j.Report = &platform.ImportReport{Created: 40, Rejected: 1, Written: true, Problems: []platform.ImportProblem{
		{Row: 7, Column: "weight", MessageID: "roadmap.error.bad_field", Data: map[string]any{"Field": "weight", "Value": "many"}, Message: "weight: many"}}}
	if err := jobs.Save(ctx, j); err != nil {
		t.Fatal(err)
	}
	got, err := jobs.Get(ctx, "job-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != platform.JobDone || got.Checked != 300 || got.Written != 40 || got.Report == nil || got.Report.Created != 40 ||
		len(got.Report.Problems) != 1 || got.Report.Problems[0].Column != "weight" || got.Report.Problems[0].Data["Value"] != "many" ||
		!got.UpdatedAt.Equal(now) {
		t.Errorf("read back %+v (report %+v)", got, got.Report)
	}
	if _, err := jobs.Get(ctx, "job-2"); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("a job that does not exist: %v", err)
	}
	// A job of now stays; one whose heartbeat is older than the bound goes.
	if err := jobs.DeleteFinished(ctx, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Get(ctx, "job-1"); err != nil {
		t.Errorf("a recent job was deleted: %v", err)
	}
	if err := jobs.DeleteFinished(ctx, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Get(ctx, "job-1"); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("an old job was kept: %v", err)
	}
}

func TestErasingAUserDeletesTheirImportJobs(t *testing.T) {
	db := openDB(t)
	jobs := mongo.NewImportJobStore(db)
	_, u := storedUser(t, db, "fp@example.kz", platform.RoleFocalPoint, "KZ")
	now := time.Now().UTC()
	for _, j := range []*platform.ImportJob{
		{ID: "theirs", User: u.ID, Kind: "items", State: platform.JobDone, CreatedAt: now, UpdatedAt: now},
		{ID: "others", User: "someone-else", Kind: "items", State: platform.JobDone, CreatedAt: now, UpdatedAt: now},
	} {
		if err := jobs.Save(context.Background(), j); err != nil {
			t.Fatal(err)
		}
	}
	if err := mongo.NewUserService(db).EraseUser(asUser(platform.RoleSecretariat, ""), u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Get(context.Background(), "theirs"); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("the erased user's job is kept: %v", err)
	}
	if _, err := jobs.Get(context.Background(), "others"); err != nil {
		t.Errorf("another user's job: %v", err)
	}
}
