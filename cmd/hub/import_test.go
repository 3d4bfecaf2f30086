package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommand runs `hub import` on files with good and bad lines.
func TestImportCommand(t *testing.T) {
	data := t.TempDir()
	env := func(k string) string {
		switch k {
		case "HUB_DATA_DIR":
			return data
		case "HUB_DEMO":
			return "false"
		}
		return ""
	}
	good := `{"kind":"national_law","countries":["KZ"],"uncacArticles":[20],"translations":{"ru":{"title":"Закон о незаконном обогащении"}}}
{"kind":"training","countries":["UZ"],"translations":{"uz":{"title":"Oʻquv qoʻllanma: manfaatlar toʻqnashuvi"}}}

{"kind":"report","translations":{"en":{"title":"A report","body":"Text."}}}
`
	bad := `{"kind":"training","translations":{"en":{"title":"Fine"}}}
{"kind":"novel","translations":{"en":{"title":"Not a kind"}}}
{"kind":"training","translations":{"en":{"title":"Unknown field"}},"colour":"red"}
`
	write := func(name, body string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hub := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), args, env, &out, io.Discard)
		return out.String(), err
	}
	count := func() int64 {
		cfg, err := LoadConfig(env)
		if err != nil {
			t.Fatal(err)
		}
		d, err := openData(context.Background(), cfg, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		defer d.close()
		n, err := d.docs.CountDocuments(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	out, err := hub("import", write("good.jsonl", good))
	if err != nil || !strings.Contains(out, "imported 3 documents") {
		t.Fatalf("good file: %v\n%s", err, out)
	}
	if n := count(); n != 3 {
		t.Fatalf("%d documents after importing 3", n)
	}
	_, err = hub("import", "--check", write("bad.jsonl", bad))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "nothing imported") {
		t.Fatalf("a checked bad file: %v", err)
	}
	if n := count(); n != 3 {
		t.Errorf("a checked bad file imported something: %d documents", n)
	}
	_, err = hub("import", write("bad.jsonl", bad))
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl line ") {
		t.Fatalf("a bad file: %v", err)
	}
	if n := count(); n != 3 {
		t.Errorf("the batch with a bad line was partly written: %d documents", n)
	}
	// A line the store refuses after every line decoded and validated (its
	// relation points at a document that does not exist) is named too,
	// with the reason; with --check, before anything is written, even when
	// it comes after the first batch.
	amends := `{"kind":"report","relations":[{"type":"amends","target":"0123456789abcdef01234567"}],"translations":{"en":{"title":"Amendment"}}}` + "\n"
	_, err = hub("import", write("missing.jsonl", good+amends))
	if err == nil || !strings.Contains(err.Error(), "missing.jsonl line 5: ") || !strings.Contains(err.Error(), "0123456789abcdef01234567") {
		t.Fatalf("a relation to a document that does not exist: %v", err)
	}
	if n := count(); n != 3 {
		t.Errorf("the batch with a refused line was partly written: %d documents", n)
	}
	_, err = hub("import", "--check", write("missing.jsonl", strings.Repeat(`{"kind":"report","translations":{"en":{"title":"A report"}}}`+"\n", importBatch)+amends))
	if err == nil || !strings.Contains(err.Error(), "nothing imported") || !strings.Contains(err.Error(), fmt.Sprintf("line %d: ", importBatch+1)) ||
		!strings.Contains(err.Error(), "0123456789abcdef01234567") {
		t.Fatalf("a checked file with a relation to a document that does not exist after the first batch: %v", err)
	}
	if n := count(); n != 3 {
		t.Errorf("a checked file with a refused line imported something: %d documents", n)
	}
	// A byte order mark at the start of the file (as Windows editors save
	// UTF-8) is not part of the first line.
	out, err = hub("import", write("bom.jsonl", "\ufeff"+strings.ReplaceAll(good, "\n", "\r\n")))
	if err != nil || !strings.Contains(out, "imported 3 documents") {
		t.Fatalf("a file starting with a byte order mark: %v\n%s", err, out)
	}
	if n := count(); n != 6 {
		t.Errorf("%d documents after importing 3 more", n)
	}
	if _, err := hub("import"); err == nil {
		t.Error("import without a file succeeded")
	}
}
