package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// colImportJobs keeps the spreadsheet imports run in the background. It is
// not in the change log (nothing indexes a job) and a job is not audited:
// the records an import writes are.
const colImportJobs = "import_jobs"

// ImportJobStore implements platform.ImportJobStore.
type ImportJobStore struct{ db *DB }

var _ platform.ImportJobStore = (*ImportJobStore)(nil)

// NewImportJobStore returns the import jobs of db.
func NewImportJobStore(db *DB) *ImportJobStore { return &ImportJobStore{db: db} }

func (s *ImportJobStore) coll() *mongo.Collection { return s.db.db.Collection(colImportJobs) }

// Save implements platform.ImportJobStore: the job's one writer replaces
// it whole.
func (s *ImportJobStore) Save(ctx context.Context, j *platform.ImportJob) error {
	_, err := s.coll().ReplaceOne(ctx, bson.D{{Key: "_id", Value: j.ID}}, j, options.Replace().SetUpsert(true))
	return translate(err)
}

// Get implements platform.ImportJobStore.
func (s *ImportJobStore) Get(ctx context.Context, id string) (*platform.ImportJob, error) {
	var j platform.ImportJob
	err := s.coll().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&j)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, platform.Localized(platform.NotFound, "roadmap.error.job_not_found", nil, "import job %q not found", id)
	}
	if err != nil {
		return nil, translate(err)
	}
	return &j, nil
}

// DeleteFinished implements platform.ImportJobStore. A job still said to
// be running whose heartbeat is that old was interrupted long ago: it
// goes too. (FerretDB v1 has no TTL indexes, hence the explicit clean-up.)
func (s *ImportJobStore) DeleteFinished(ctx context.Context, before time.Time) error {
	_, err := s.coll().DeleteMany(ctx, bson.D{{Key: "updatedAt", Value: bson.D{{Key: "$lt", Value: before}}}})
	return translate(err)
}
