package platform

import (
	"context"
	"time"
)

// An import of a spreadsheet written from the pages runs as a job: the
// request reads the file, starts the import in the background and sends
// the reader to the job's page, which shows its progress until the
// report is there. The job's state is kept in the database so that every
// hub process sharing it can show the page.

// ImportJobState is where an import job is.
type ImportJobState string

// Import job states. A job still running whose heartbeat (UpdatedAt) is
// older than ImportJobStale was interrupted (its hub stopped).
const (
	JobRunning ImportJobState = "running"
	JobDone    ImportJobState = "done"
	JobFailed  ImportJobState = "failed"
)

// ImportJobStale is how old a running job's heartbeat may be before its
// page calls it interrupted: its owner saves it at least every few
// seconds while it runs.
const ImportJobStale = 30 * time.Second

// ImportJob is a spreadsheet import run in the background: who started
// it, what it does, how far it is, and at the end its report (or why it
// failed).
type ImportJob struct {
	// ID is unguessable: it is the job page's address.
	ID string `json:"id" bson:"_id"`
	// User is who started it, the only one who may read it.
	User string `json:"user" bson:"userId"`
	// Kind is "items" or "recommendations".
	Kind       string         `json:"kind" bson:"kind"`
	DryRun     bool           `json:"dryRun" bson:"dryRun"`
	WriteValid bool           `json:"writeValid" bson:"writeValid"`
	State      ImportJobState `json:"state" bson:"state"`
	// Checked of Rows rows were checked; then Written of ToWrite records
	// were written (Writing is set from the first write on).
	Checked int  `json:"checked" bson:"checked"`
	Rows    int  `json:"rows" bson:"rows"`
	Writing bool `json:"writing" bson:"writing"`
	Written int  `json:"written" bson:"written"`
	ToWrite int  `json:"toWrite" bson:"toWrite"`
	// Report is the import's report once done (its per-row outcomes
	// left out: the page shows the counts and the problems).
	Report *ImportReport `json:"report,omitempty" bson:"report,omitempty"`
	// Error is why a failed job failed, as a message for the reader.
	Error *ImportProblem `json:"error,omitempty" bson:"error,omitempty"`
	// CreatedAt is when it started; UpdatedAt is its heartbeat.
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" bson:"updatedAt"`
}

// Interrupted reports whether a job that says it runs has stopped being
// saved: the hub running it stopped before it ended.
func (j *ImportJob) Interrupted(now time.Time) bool {
	return j.State == JobRunning && now.Sub(j.UpdatedAt) > ImportJobStale
}

// ImportJobStore keeps import jobs. A job is written by the one goroutine
// that runs it (a single writer), so Save replaces it whole. Jobs are not
// records of the hub: they are not in the change log nor audited (the
// rows an import writes are).
type ImportJobStore interface {
	// Save creates or replaces a job. Codes: Unavailable.
	Save(ctx context.Context, j *ImportJob) error
	// Get returns a job by id, whoever started it (the caller checks).
	// Codes: NotFound, Unavailable.
	Get(ctx context.Context, id string) (*ImportJob, error)
	// DeleteFinished deletes the jobs that ended (or were interrupted)
	// before t. Codes: Unavailable.
	DeleteFinished(ctx context.Context, before time.Time) error
}
