package main

import (
	"context"
	"errors"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// documents is the Mongo document service as the web layer is given it: its
// bulk import reports a refused input as the domain's
// *platform.ImportRefusal (the store names it *mongo.ImportError), so that
// the API can say which line of the request it was.
type documents struct{ *mongo.DocumentService }

var _ platform.DocumentImporter = documents{}

// ImportDocuments implements platform.DocumentImporter.
func (d documents) ImportDocuments(ctx context.Context, ins []platform.DocumentInput) ([]string, error) {
	ids, err := d.DocumentService.ImportDocuments(ctx, ins)
	var ie *mongo.ImportError
	if errors.As(err, &ie) {
		return ids, &platform.ImportRefusal{Index: ie.Index, Err: ie.Err}
	}
	return ids, err
}
