package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ca-uncac/hub/search"
	"github.com/ca-uncac/hub/search/searchtest"
)

func TestConformanceOnDisk(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index {
		ix, rebuilt, err := Open(filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		if !rebuilt {
			t.Error("a new index is not reported as rebuilt")
		}
		return ix
	})
}

func TestConformanceInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("the on-disk run covers the same code")
	}
	searchtest.Run(t, func(t *testing.T) search.Index {
		ix, err := OpenMemory()
		if err != nil {
			t.Fatal(err)
		}
		return ix
	})
}

func mustOpen(t *testing.T, dir string, version int) (*Index, bool) {
	t.Helper()
	ix, rebuilt, err := open(dir, version)
	if err != nil {
		t.Fatalf("open(%s, %d): %v", dir, version, err)
	}
	return ix, rebuilt
}

func mustClose(t *testing.T, ix *Index) {
	t.Helper()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}

// fill indexes one document with Seq 42.
func fill(t *testing.T, ix *Index) {
	t.Helper()
	err := ix.Apply(context.Background(), search.Batch{Seq: 42, Upserts: []search.Document{{
		ID: "d1", Type: "document", Texts: map[string]search.Text{"uz": {Title: "Oʻzbekiston"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
}

// state returns the Seq and Count of ix.
func state(t *testing.T, ix *Index) (seq, count uint64) {
	t.Helper()
	ctx := context.Background()
	seq, err := ix.Seq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	count, err = ix.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return seq, count
}

func TestReopenKeepsSeqAndDocuments(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, _ := mustOpen(t, dir, MappingVersion)
	fill(t, ix)
	mustClose(t, ix)

	ix, rebuilt := mustOpen(t, dir, MappingVersion)
	defer mustClose(t, ix)
	if rebuilt {
		t.Error("reopening rebuilt the index")
	}
	if seq, count := state(t, ix); seq != 42 || count != 1 {
		t.Errorf("after reopening: Seq %d, Count %d; want 42, 1", seq, count)
	}
	res, err := ix.Search(context.Background(), search.Query{Text: "Ўзбекистон"})
	if err != nil || res.Total != 1 {
		t.Errorf("after reopening: search = %+v, %v", res, err)
	}
}

func TestNewMappingVersionRebuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, _ := mustOpen(t, dir, MappingVersion)
	fill(t, ix)
	mustClose(t, ix)

	ix, rebuilt := mustOpen(t, dir, MappingVersion+1)
	defer mustClose(t, ix)
	if !rebuilt {
		t.Error("a new mapping version did not rebuild the index")
	}
	if seq, count := state(t, ix); seq != 0 || count != 0 {
		t.Errorf("after the rebuild: Seq %d, Count %d; want 0, 0", seq, count)
	}
}

func TestCorruptedIndexRebuilds(t *testing.T) {
	corruptions := map[string]func(t *testing.T, dir string){
		"garbage metadata": func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "index_meta.json"), "\x00\x01garbage{{{")
		},
		"garbage store": func(t *testing.T, dir string) {
			store := filepath.Join(dir, "store")
			if err := os.RemoveAll(store); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(store, 0o700); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(store, "root.bolt"), "this is not a bolt database, not even close to one")
		},
		"unknown index type": func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "index_meta.json"), `{"storage":"nope","index_type":"nope"}`)
		},
		"store missing": func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "store")); err != nil {
				t.Fatal(err)
			}
		},
		"empty folder": func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix, _ := mustOpen(t, dir, MappingVersion)
			fill(t, ix)
			mustClose(t, ix)
			corrupt(t, dir)

			ix, rebuilt := mustOpen(t, dir, MappingVersion)
			defer mustClose(t, ix)
			if !rebuilt {
				t.Error("not rebuilt")
			}
			if seq, count := state(t, ix); seq != 0 || count != 0 {
				t.Errorf("after the rebuild: Seq %d, Count %d; want 0, 0", seq, count)
			}
			fill(t, ix) // usable
		})
	}
}

func TestForeignFolderIsNotDeleted(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "thesis.docx")
	write(t, precious, "years of work")
	if _, _, err := Open(dir); err == nil {
		t.Fatal("Open of a folder with foreign files succeeded")
	}
	if _, err := os.Stat(precious); err != nil {
		t.Errorf("the foreign file is gone: %v", err)
	}
}

func TestSecondOpenFailsInsteadOfBlocking(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, _ := mustOpen(t, dir, MappingVersion)
	defer mustClose(t, ix)
	fill(t, ix)

	start := time.Now()
	second, _, err := Open(dir)
	if err == nil {
		_ = second.Close()
		t.Fatal("a second Open of an open index succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Errorf("second Open: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %s", d)
	}
	// The first index is untouched.
	if seq, count := state(t, ix); seq != 42 || count != 1 {
		t.Errorf("after the failed second Open: Seq %d, Count %d; want 42, 1", seq, count)
	}
}

func TestCloseTwice(t *testing.T) {
	ix, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	mustClose(t, ix)
	mustClose(t, ix)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOpenWithoutFolderFails(t *testing.T) {
	if ix, _, err := Open(""); err == nil {
		_ = ix.Close()
		t.Error(`Open("") succeeded`)
	}
}

// TestBatchesThatKeepTheCheckpointMayBeAppliedTogether: the indexer applies
// the first batches of a long read together (they store the checkpoint as
// it is), then the one that moves it; whatever the interleaving, the
// checkpoint is the last one's and every document is in.
func TestBatchesThatKeepTheCheckpointMayBeAppliedTogether(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, _ := mustOpen(t, dir, MappingVersion)
	fill(t, ix) // Seq 42, one document
	ctx := context.Background()
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			var b search.Batch
			b.Seq = 42
			for i := range 25 {
				b.Upserts = append(b.Upserts, search.Document{ID: fmt.Sprintf("g%d-%d", g, i), Type: "document",
					Texts: map[string]search.Text{"ru": {Title: fmt.Sprintf("Доклад %d", i)}}})
			}
			errs <- ix.Apply(ctx, b)
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Apply(ctx, search.Batch{Seq: 50, Upserts: []search.Document{{ID: "last", Type: "document",
		Texts: map[string]search.Text{"ru": {Title: "Последний доклад"}}}}}); err != nil {
		t.Fatal(err)
	}
	if seq, count := state(t, ix); seq != 50 || count != 1+8*25+1 {
		t.Errorf("Seq %d, Count %d; want 50, %d", seq, count, 1+8*25+1)
	}
	mustClose(t, ix)
	ix, _ = mustOpen(t, dir, MappingVersion)
	defer mustClose(t, ix)
	if seq, count := state(t, ix); seq != 50 || count != 1+8*25+1 {
		t.Errorf("after reopening: Seq %d, Count %d; want 50, %d", seq, count, 1+8*25+1)
	}
}
