// Package miniotest runs a real MinIO server for tests: the S3 store is
// tested against the real thing, never a mock.
//
// The server binary comes from $HUB_MINIO_BIN or else <repo root>/tools/bin/minio
// (built by "make tools"). A missing binary fails the test: CI must never
// skip the S3 tests silently.
package miniotest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ca-uncac/hub/storage/s3"
)

// EnvBinary names the environment variable that overrides the binary's path.
const EnvBinary = "HUB_MINIO_BIN"

// StartTimeout bounds the wait for a starting server to become live.
const StartTimeout = 30 * time.Second

// Server is a MinIO server on 127.0.0.1 with its data in a test's temporary
// folder. Stop and Start let fault tests take it away and bring it back on
// the same address with the same data.
type Server struct {
	// Endpoint is host:port of the S3 API.
	Endpoint  string
	AccessKey string
	SecretKey string
	// DataDir holds the server's data.
	DataDir string

	bin, consoleAddr, certsDir string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
	log  *syncBuffer
}

// Start starts a server that is stopped when the test ends. It fails the
// test when the binary is missing or the server does not become live
// within StartTimeout.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatalf("miniotest: %v", err)
	}
	srv := &Server{
		AccessKey: "hubtestadmin",
		SecretKey: "hubtestsecret-" + strconv.Itoa(os.Getpid()),
		DataDir:   t.TempDir(),
		bin:       bin,
		certsDir:  t.TempDir(),
	}
	// A free port can be taken by someone else before MinIO binds it;
	// try a few.
	for attempt := 0; ; attempt++ {
		srv.Endpoint, srv.consoleAddr = freeAddr(t), freeAddr(t)
		err = srv.Start()
		if err == nil || attempt == 2 {
			break
		}
		t.Logf("miniotest: %v; retrying on other ports", err)
	}
	if err != nil {
		t.Fatalf("miniotest: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("miniotest: stopping: %v", err)
		}
	})
	return srv
}

// Config returns the s3.Config for a bucket on this server, with
// CreateBucket set.
func (s *Server) Config(bucket string) s3.Config {
	return s3.Config{Endpoint: s.Endpoint, Bucket: bucket, AccessKey: s.AccessKey, SecretKey: s.SecretKey, CreateBucket: true}
}

// URL returns the base URL of the S3 API.
func (s *Server) URL() string { return "http://" + s.Endpoint }

// Start starts the server (again) on its address and data folder and waits
// until it is live. Starting a running server is an error.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return errors.New("server already running")
	}
	s.log = &syncBuffer{}
	cmd := exec.Command(s.bin, "server", s.DataDir,
		"--address", s.Endpoint,
		"--console-address", s.consoleAddr,
		"--certs-dir", s.certsDir, // empty: no TLS certificates from ~/.minio
		"--quiet")
	setDeathSignal(cmd)
	cmd.Env = append(envWithoutMinIO(),
		"MINIO_ROOT_USER="+s.AccessKey,
		"MINIO_ROOT_PASSWORD="+s.SecretKey,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
	)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", s.bin, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	s.cmd, s.done = cmd, done

	if err := s.waitLive(done); err != nil {
		cmd.Process.Kill()
		<-done
		s.cmd, s.done = nil, nil
		return fmt.Errorf("minio server on %s: %w; its output:\n%s", s.Endpoint, err, s.log.String())
	}
	return nil
}

// waitLive polls the liveness endpoint until it answers 200 without the
// "offline" status MinIO sets while its object layer is still starting.
func (s *Server) waitLive(exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/minio/health/live", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && resp.Header.Get("X-Minio-Server-Status") == "" {
				return nil
			}
		}
		select {
		case <-exited:
			return errors.New("exited before becoming live")
		case <-ctx.Done():
			return fmt.Errorf("not live after %v", StartTimeout)
		case <-tick.C:
		}
	}
}

// Stop kills the server abruptly, as a crash or a pulled cable would, and
// waits for it to exit. Stopping a stopped server does nothing.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return nil
	}
	err := s.cmd.Process.Kill()
	<-s.done
	s.cmd, s.done = nil, nil
	if errors.Is(err, os.ErrProcessDone) {
		err = nil
	}
	return err
}

// Log returns what the server printed since it was last started.
func (s *Server) Log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.log == nil {
		return ""
	}
	return s.log.String()
}

// Binary returns the path of the MinIO server binary, or an error that says
// how to get one.
func Binary() (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("$%s: %w", EnvBinary, err)
		}
		return p, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "tools", "bin", "minio")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("no MinIO server binary at %s: run `make tools` in %s (or set $%s)", p, root, EnvBinary)
	}
	return p, nil
}

// repoRoot walks up from the working folder to the one holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder; set $" + EnvBinary)
		}
		dir = parent
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("miniotest: finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// envWithoutMinIO is the environment minus MINIO_* settings of the
// developer's shell, which could change the server's behaviour.
func envWithoutMinIO() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MINIO_") {
			env = append(env, kv)
		}
	}
	return env
}

// syncBuffer collects the server's output from two pipes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
