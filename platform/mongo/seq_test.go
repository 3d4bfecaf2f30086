package mongo_test

import (
	"context"
	"sync"
	"testing"

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
				first, err := mongo.NextSeqs(context.Background(), db, n)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for k := range n {
					seen[first+uint64(k)]++
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
	t.Logf("%d numbers handed out, all distinct", len(seen))
}
