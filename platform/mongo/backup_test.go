package mongo_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// dumped is a backup's collections in memory.
type dumped map[string]map[string]bson.Raw

func dumpAll(t *testing.T, db *mongo.DB) (dumped, mongo.BackupInfo) {
	t.Helper()
	out := dumped{}
	info, err := db.Dump(context.Background(), t.TempDir(), func(c mongo.BackupCollection) error {
		r, err := c.Open()
		if err != nil {
			return err
		}
		defer r.Close()
		out[c.Name] = map[string]bson.Raw{}
		n := 0
		err = mongo.ReadBSON(r, func(doc bson.Raw) error {
			id := doc.Lookup("_id")
			key, ok := id.StringValueOK()
			if !ok {
				key = id.String()
			}
			out[c.Name][key] = doc
			n++
			return nil
		})
		if err == nil && n != c.Count {
			err = fmt.Errorf("%s: %d documents, %d announced", c.Name, n, c.Count)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, info
}

// TestABackupUnderWritesIsAsOfOneChange backs up a database while it is
// written: a writer updates documents all along, and writes made at the
// backup's stages (between the first copy and the first round, and after a
// round read a record again) force the rounds the design relies on. Every
// document of the backup must then be exactly as it was at the backup's
// change number: as stored now when nothing changed it since, otherwise
// carrying the number of its last change up to there, and absent when
// that change deleted it.
func TestABackupUnderWritesIsAsOfOneChange(t *testing.T) {
	db := openDB(t)
	docs := mongo.NewDocumentService(db)
	sec := asUser(platform.RoleSecretariat, "")
	var ids []string
	for range 30 {
		d, err := docs.CreateDocument(sec, lawInput("KZ", platform.Public))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	retitled := func(title string) platform.DocumentInput {
		in := lawInput("KZ", platform.Public)
		in.Translations["en"] = platform.Translation{Title: title}
		return in
	}
	var created string
	reset := mongo.SetDumpStage(func(stage string, round int) {
		switch {
		case stage == "copied":
			if _, err := docs.UpdateDocument(sec, ids[0], retitled("Changed after the first copy")); err != nil {
				t.Error(err)
			}
			if err := docs.DeleteDocument(sec, ids[1]); err != nil {
				t.Error(err)
			}
			d, err := docs.CreateDocument(sec, retitled("Created after the first copy"))
			if err != nil {
				t.Error(err)
			}
			created = d.ID
		case stage == "reread" && round == 1:
			// ids[0] was read again in this round: changing it now
			// makes the round unclean.
			if _, err := docs.UpdateDocument(sec, ids[0], retitled("Changed after the first round")); err != nil {
				t.Error(err)
			}
		}
	})
	defer reset()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := docs.UpdateDocument(sec, ids[10+i%10], retitled(fmt.Sprintf("Writer %d", i))); err != nil {
				t.Error(err)
				return
			}
			writes.Add(1)
		}
	}()
	got, info := dumpAll(t, db)
	close(stop)
	wg.Wait()
	t.Logf("backup as of change %d after %d rounds; the writer made %d updates", info.Seq, info.Rounds, writes.Load())
	if info.Rounds < 2 {
		t.Errorf("rounds = %d, want at least 2 (a record read again changed after its round)", info.Rounds)
	}

	ctx := context.Background()
	now, err := db.RawRecords(ctx, "documents")
	if err != nil {
		t.Fatal(err)
	}
	changes, err := db.ChangeLog().Since(ctx, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	lastUpTo := map[string]platform.Change{}
	changedAfter := map[string]bool{}
	for _, c := range changes {
		if c.Type != platform.TypeDocument {
			continue
		}
		if c.Seq <= info.Seq {
			lastUpTo[c.ID] = c
		} else {
			changedAfter[c.ID] = true
		}
	}
	all := map[string]bool{}
	for id := range now {
		all[id] = true
	}
	for id := range got["documents"] {
		all[id] = true
	}
	for id := range all {
		b, inBackup := got["documents"][id]
		last, changedBefore := lastUpTo[id]
		switch {
		case !changedAfter[id]:
			if !bytes.Equal(b, now[id]) {
				t.Errorf("document %s unchanged since change %d: backup %v, database %v", id, info.Seq, b, now[id])
			}
		case !changedBefore || last.Op == platform.OpDelete:
			if inBackup {
				t.Errorf("document %s did not exist at change %d, but the backup has it", id, info.Seq)
			}
		default:
			seq, _ := b.Lookup("seq").AsInt64OK()
			if !inBackup || uint64(seq) != last.Seq {
				t.Errorf("document %s: backup has it at change %d (present %t), want its change %d", id, seq, inBackup, last.Seq)
			}
		}
	}
	title := func(id string) string {
		s, _ := got["documents"][id].Lookup("translations", "en", "title").StringValueOK()
		return s
	}
	if title(ids[0]) != "Changed after the first round" {
		t.Errorf("the document changed after the first round reads %q in the backup", title(ids[0]))
	}
	if _, ok := got["documents"][ids[1]]; ok {
		t.Error("the document deleted after the first copy is in the backup")
	}
	if title(created) != "Created after the first copy" {
		t.Errorf("the document created after the first copy reads %q in the backup", title(created))
	}
	for _, c := range got["changes"] {
		if n, _ := c.Lookup("_id").AsInt64OK(); uint64(n) > info.Seq {
			t.Errorf("the backup's change log holds change %d, past %d", n, info.Seq)
		}
	}
	if _, ok := got["seq_claims"]; ok {
		t.Error("the backup holds the claims of change numbers")
	}
}

// TestARestoredBackupHoldsWhatWasBackedUp loads each collection of a
// backup into a new database and reads it back byte for byte; the new
// database is refused a second restore.
func TestARestoredBackupHoldsWhatWasBackedUp(t *testing.T) {
	src := openDB(t)
	docs := mongo.NewDocumentService(src)
	sec := asUser(platform.RoleSecretariat, "")
	for range 5 {
		if _, err := docs.CreateDocument(sec, lawInput("UZ", platform.Members)); err != nil {
			t.Fatal(err)
		}
	}
	got, info := dumpAll(t, src)
	dst := openDB(t)
	ctx := context.Background()
	if empty, _, err := dst.IsEmpty(ctx); err != nil || !empty {
		t.Fatalf("a new database: empty %t, %v", empty, err)
	}
	for name, recs := range got {
		var buf bytes.Buffer
		for _, r := range recs {
			buf.Write(r)
		}
		n, err := dst.Load(ctx, name, &buf)
		if err != nil || n != len(recs) {
			t.Fatalf("load %s: %d of %d, %v", name, n, len(recs), err)
		}
	}
	for name, recs := range got {
		back, err := dst.RawRecords(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(back) != len(recs) {
			t.Errorf("%s: %d records restored, %d backed up", name, len(back), len(recs))
		}
		for id, r := range recs {
			if !bytes.Equal(back[id], r) {
				t.Errorf("%s %s: restored %v, backed up %v", name, id, back[id], r)
			}
		}
	}
	if head, err := dst.ChangeLog().LastSeq(ctx); err != nil || head != info.Seq {
		t.Errorf("restored change counter %d (%v), want %d", head, err, info.Seq)
	}
	if empty, coll, err := dst.IsEmpty(ctx); err != nil || empty || coll == "" {
		t.Errorf("a restored database: empty %t (%s), %v", empty, coll, err)
	}
	// A write after the restore takes the next number.
	d, err := mongo.NewDocumentService(dst).CreateDocument(sec, lawInput("UZ", platform.Public))
	if err != nil {
		t.Fatal(err)
	}
	if d.Seq != info.Seq+1 {
		t.Errorf("the first write after the restore took change %d, want %d", d.Seq, info.Seq+1)
	}
}

func TestReadBSONRefusesABrokenSequence(t *testing.T) {
	doc, _ := bson.Marshal(bson.D{{Key: "_id", Value: "a"}})
	for _, tt := range []struct {
		name string
		in   []byte
	}{
		{"a document cut short", append(bytes.Clone(doc), doc[:len(doc)-3]...)},
		{"a length below a document's", []byte{1, 0, 0, 0}},
		{"a length past the limit", []byte{0xff, 0xff, 0xff, 0x7f, 0}},
		{"bytes that are not BSON", append([]byte{12, 0, 0, 0}, bytes.Repeat([]byte{0xee}, 8)...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := mongo.ReadBSON(bytes.NewReader(tt.in), func(bson.Raw) error { return nil })
			if err == nil {
				t.Fatal("accepted")
			}
		})
	}
	n := 0
	if err := mongo.ReadBSON(io.MultiReader(bytes.NewReader(doc), bytes.NewReader(doc)), func(bson.Raw) error { n++; return nil }); err != nil || n != 2 {
		t.Fatalf("two documents: %d, %v", n, err)
	}
}
