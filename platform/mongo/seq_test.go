package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

func TestConcurrentWritersGetDistinctSequenceNumbers(t *testing.T) {
	db := openDB(t)
	const writers, each = 12, 8
	var (
		mu   sync.Mutex
		seen = map[uint64]int{}
		wg   sync.WaitGroup
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				n := 1 + (w+i)%3 // single numbers and ranges
				got, err := mongo.NextSeqs(context.Background(), db, n)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) != n || !slices.IsSorted(got) {
					t.Errorf("asked for %d numbers, got %v", n, got)
				}
				mu.Lock()
				for _, seq := range got {
					seen[seq]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for seq, times := range seen {
		if times > 1 {
			t.Fatalf("sequence %d handed out %d times", seq, times)
		}
	}
	// No number is skipped: the log has no hole for indexers (and
	// registrations telling their place) to wait on.
	for seq := uint64(1); seq <= uint64(len(seen)); seq++ {
		if seen[seq] == 0 {
			t.Errorf("sequence %d was never handed out, but %d numbers were", seq, len(seen))
		}
	}
	t.Logf("%d numbers handed out, all distinct, none skipped", len(seen))
}

func TestConcurrentEditsOfOneVersionLetOneWin(t *testing.T) {
	_, docs, sec, d := publicLaw(t)
	const writers = 8
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		won, lost int
	)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := lawInput("KZ", platform.Public)
			in.IfVersion = d.Version
			in.Translations["en"] = platform.Translation{Title: fmt.Sprintf("Edit %d", i)}
			_, err := docs.UpdateDocument(sec, d.ID, in)
			mu.Lock()
			defer mu.Unlock()
			switch platform.ErrorCode(err) {
			case "":
				won++
			case platform.Conflict:
				lost++
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || lost != writers-1 {
		t.Fatalf("%d edits of version %d succeeded and %d conflicted; want exactly one winner", won, d.Version, lost)
	}
	got, err := docs.FindDocumentByID(sec, d.ID)
	if err != nil || got.Version != d.Version+1 {
		t.Fatalf("after the race: %v, version %d", err, got.Version)
	}
}
