package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildHub compiles the real binary once per test run, as make build does.
func buildHub(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hub")
	cmd := exec.Command("go", "build", "-tags", serverTags, "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startProcess runs the hub binary and waits until it listens.
func startProcess(t *testing.T, bin string, env []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "hub listening on") {
				close(ready)
				break
			}
		}
		for sc.Scan() {
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("the hub did not start within 60s")
	}
	addr := ""
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "HUB_ADDR="); ok {
			addr = v
		}
	}
	waitStatus(t, "http://"+addr+"/readyz", 200, 60*time.Second)
	return cmd
}

func TestAKilledHubLosesNoAcknowledgedDocument(t *testing.T) {
	bin := buildHub(t)
	data := t.TempDir()
	addr := freePort(t)
	env := []string{"HUB_DATA_DIR=" + data, "HUB_ADDR=" + addr, "HUB_DEMO=false"}
	base := "http://" + addr

	proc := startProcess(t, bin, env)
	cmd := exec.Command(bin, "users", "add", "--email", "f@example.org", "--name", "F", "--role", "secretariat", "--token")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("users add beside a running hub: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := lines[len(lines)-1]

	var ids []string
	for i := range 20 {
		doc := fmt.Sprintf(`{"kind":"report","translations":{"uz":{"title":"Korrupsiyaga qarshi hisobot %d","body":"Oʻzbekiston Respublikasi"}}}`, i)
		status, body := do(t, "POST", base+"/api/v1/documents", token, strings.NewReader(doc))
		if status != 201 {
			t.Fatalf("create %d: %d %s", i, status, body)
		}
		var c struct{ ID string }
		json.Unmarshal(body, &c)
		ids = append(ids, c.ID)
	}
	if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	proc.Wait()

	startProcess(t, bin, env)
	for _, id := range ids {
		if status, body := do(t, "GET", base+"/api/v1/documents/"+id, "", nil); status != 200 {
			t.Fatalf("document %s after the crash: %d %s", id, status, body)
		}
	}
	// Every one is found, in either script.
	for _, q := range []string{"hisobot", "Ўзбекистон"} {
		status, body := do(t, "GET", base+"/api/v1/search?size=100&q="+q, "", nil)
		var res struct{ Total int }
		json.Unmarshal(body, &res)
		if status != 200 || res.Total != len(ids) {
			t.Fatalf("search %q after the crash: %d, total %d, want %d", q, status, res.Total, len(ids))
		}
	}
}
