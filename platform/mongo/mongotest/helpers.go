package mongotest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/dir"
)

var dbCounter atomic.Int64

// OpenDB opens a fresh database for one test on the server at uri (the one
// Main started) and closes it when the test ends.
func OpenDB(t testing.TB, uri string) *mongo.DB {
	t.Helper()
	name := fmt.Sprintf("test%d_%d", time.Now().UnixNano()%1e6, dbCounter.Add(1))
	db, err := mongo.Open(context.Background(), uri, name, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	return db
}

// AsUser is a context signed in as a user of role and country.
func AsUser(role, country string) context.Context {
	return platform.NewContextWithUser(context.Background(), &platform.User{ID: "u-" + role + country, Role: role, Country: country})
}

// LawInput is a national law of country with visibility vis, in English and
// Russian.
func LawInput(country, vis string) platform.DocumentInput {
	return platform.DocumentInput{
		Kind: "national_law", Countries: []string{country}, Areas: []string{"prevention"},
		UncacArticles: []int{20, 5, 20}, Visibility: vis,
		Translations: map[string]platform.Translation{
			"en": {Title: "  Law on combating corruption  ", Body: "Illicit enrichment is an offence."},
			"ru": {Title: "Закон о противодействии коррупции"},
		},
	}
}

// FolderStore is an object store in a temporary folder of the test.
func FolderStore(t testing.TB) storage.Store {
	t.Helper()
	st, err := dir.New(t.TempDir(), dir.Options{BaseURL: "http://127.0.0.1:1/files", Secret: []byte("0123456789abcdef0123")})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Upload is a file to attach with content, as the web layer hands it over.
func Upload(name string, content []byte, format string) platform.AttachmentUpload {
	sum := sha256.Sum256(content)
	return platform.AttachmentUpload{Name: name, Format: format, ContentType: "text/plain; charset=utf-8",
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Content: bytes.NewReader(content)}
}
