package mongo_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/mongo"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestAFailedCommandIsReported: the metrics count failed database commands
// through OnCommandFailed; one that succeeds is not reported.
func TestAFailedCommandIsReported(t *testing.T) {
	var mu sync.Mutex
	var failed []string
	db, err := mongo.Open(context.Background(), embeddedURI, "open_test", 10*time.Second, mongo.OnCommandFailed(func(command string) {
		mu.Lock()
		defer mu.Unlock()
		failed = append(failed, command)
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.RunCommand(context.Background(), bson.D{{Key: "noSuchCommandHere", Value: 1}}); err == nil {
		t.Fatal("an unknown command succeeded")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) != 1 || failed[0] != "noSuchCommandHere" {
		t.Errorf("reported %v, want the one failed command", failed)
	}
}
