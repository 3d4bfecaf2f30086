package mongo_test

import (
	"testing"

	"github.com/ca-uncac/hub/platform/files"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
)

// The attachment service's own tests are in package platform/files; the
// permission matrix here drives it over this package's records.

var upload = mongotest.Upload

// newAttachments is the attachment service on db's records and a folder.
func newAttachments(t *testing.T, db *mongo.DB) *files.Service {
	t.Helper()
	return files.New(mongo.NewAttachmentStore(db), mongo.NewDocumentService(db), mongotest.FolderStore(t), files.Options{})
}
