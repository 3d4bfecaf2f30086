package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/extract/extracttest"
)

// TestHostileFilesDoNotTakeTheHubDown uploads PDFs of a few hundred bytes
// crafted to overflow the PDF reader's stack, make it allocate 64-128 GB or
// loop for ever. Each is accepted (it is a PDF) and read in a child
// process, which refuses it (the structure check) or dies on it (a file
// the check cannot follow); each is marked not searchable with the reason
// for members. The hub stays ready throughout and a normal PDF uploaded
// after them is extracted and found.
func TestHostileFilesDoNotTakeTheHubDown(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_EXTRACT_TIMEOUT": "3s"})
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	expert := addUser(t, env, "--email", "expert@example.kz", "--name", "Expert KZ", "--role", "expert", "--country", "KZ")
	id := createDoc(t, h.URL, token, `{"kind":"report","countries":["KZ"],"translations":{"en":{"title":"Files from an attacker"}}}`)
	files := h.URL + "/api/v1/documents/" + id + "/attachments"
	// The crafted PDFs the structure check refuses, and two it cannot
	// follow, on which the reader dies or loops in the child.
	hostile := append(extracttest.HostilePDFs(), extracttest.Unchecked()...)
	start := time.Now()
	for i, f := range hostile {
		if status, out := upload(t, files, token, "hostile"+string(rune('a'+i))+".pdf", f.Data, "en"); status != 201 {
			t.Fatalf("%s: upload %d %s", f.Name, status, out)
		}
	}
	if status, out := upload(t, files, token, "normal.pdf", extracttest.PDF("Quillonbridge asset recovery guidelines"), "en"); status != 201 {
		t.Fatalf("normal PDF: upload %d %s", status, out)
	}
	// The hub stays ready and answers while the children die.
	deadline := time.Now().Add(60 * time.Second)
	for pending := true; pending; {
		if status, body := do(t, "GET", h.URL+"/readyz", "", nil); status != 200 {
			t.Fatalf("/readyz while extracting: %d %s", status, body)
		}
		status, body := do(t, "GET", files, token, nil)
		var res struct{ Attachments []attachmentJSON }
		if status != 200 || json.Unmarshal(body, &res) != nil || len(res.Attachments) != len(hostile)+1 {
			t.Fatalf("attachments while extracting: %d %s", status, body)
		}
		pending = false
		for _, a := range res.Attachments {
			pending = pending || a.TextState == "pending"
		}
		if time.Now().After(deadline) {
			t.Fatalf("extraction still pending: %s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("%d hostile files and a normal one read in %s", len(hostile), time.Since(start).Round(time.Millisecond))

	status, body := do(t, "GET", files, expert, nil)
	var res struct {
		Attachments []struct {
			Name, TextState string
			Searchable      bool
			TextError       *string
		}
	}
	if status != 200 || json.Unmarshal(body, &res) != nil {
		t.Fatalf("attachments: %d %s", status, body)
	}
	for _, a := range res.Attachments {
		switch {
		case a.Name == "normal.pdf":
			if a.TextState != "done" || !a.Searchable {
				t.Errorf("the normal PDF after the hostile ones: %+v", a)
			}
		case a.TextState != "failed" || a.Searchable || a.TextError == nil || *a.TextError == "":
			t.Errorf("%s: %+v", a.Name, a)
		default:
			t.Logf("%s: %s", a.Name, *a.TextError)
		}
	}
	waitFound(t, h.URL, "quillonbridge", "en", id, 10*time.Second)
	if status, body := do(t, "GET", h.URL+"/readyz", "", nil); status != 200 {
		t.Fatalf("/readyz after: %d %s", status, body)
	}
	// The page says so to a member, in their language.
	_, page := do(t, "GET", h.URL+"/ru/library/"+id, expert, nil)
	if !strings.Contains(string(page), "Не доступен для поиска") {
		t.Error("the page does not mark the hostile files as not searchable")
	}
}

// TestTheHubBinaryReadsFilesInItsHiddenCommand: the real binary answers
// `hub extract-text FORMAT` with the text of the file on its standard
// input, refuses a hostile one (exit status 1, the reason on standard
// error), and dies alone, quickly, on one that gets past the check.
func TestTheHubBinaryReadsFilesInItsHiddenCommand(t *testing.T) {
	bin := buildHub(t)
	run := func(in []byte) (string, string, error) {
		cmd := exec.Command(bin, "extract-text", "pdf")
		cmd.Stdin = bytes.NewReader(in)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}
	if out, errs, err := run(extracttest.PDF("Quillonbridge asset recovery")); err != nil || !strings.Contains(out, "Quillonbridge") {
		t.Fatalf("normal PDF: %q %v %s", out, err, errs)
	}
	_, errs, err := run(extracttest.HostilePDFs()[0].Data)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.HasPrefix(errs, "pdf: damaged or hostile structure") {
		t.Fatalf("self-containing object stream: %v, %.300s", err, errs)
	}
	start := time.Now()
	_, errs, err = run(extracttest.Unchecked()[0].Data)
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(errs, "stack overflow") {
		t.Fatalf("self-containing object stream the check cannot follow: %v, %.300s", err, errs)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the stack overflow took %s", took)
	}
}
