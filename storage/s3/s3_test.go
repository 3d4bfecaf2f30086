package s3_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/s3"
	"github.com/ca-uncac/hub/storage/s3/miniotest"
	"github.com/ca-uncac/hub/storage/storagetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	srv := miniotest.Start(t)
	var n atomic.Int64
	storagetest.Run(t, func(t *testing.T) storage.Store {
		ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
		defer cancel()
		s, err := s3.New(ctx, srv.Config(fmt.Sprintf("hub-test-%d", n.Add(1))))
		if err != nil {
			t.Fatalf("s3.New: %v", err)
		}
		return s
	})
}

// closedAddr returns an address on which nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestNewFailsFastWhenTheServerIsUnreachable(t *testing.T) {
	t.Parallel()
	cfg := s3.Config{Endpoint: closedAddr(t), Bucket: "hub", AccessKey: "k", SecretKey: "secret-key", CreateBucket: true}
	for _, deadline := range []bool{true, false} {
		ctx := context.Background()
		if deadline {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
		}
		start := time.Now()
		s, err := s3.New(ctx, cfg)
		took := time.Since(start)
		if err == nil {
			t.Fatalf("New(%s) with deadline %t succeeded: %v", cfg.Endpoint, deadline, s)
		}
		if took > 15*time.Second {
			t.Errorf("New with deadline %t took %v", deadline, took)
		}
		if !strings.Contains(err.Error(), cfg.Endpoint) || !strings.Contains(err.Error(), "refused") {
			t.Errorf("New error %q does not name the endpoint and the cause", err)
		}
		t.Logf("deadline %t: failed after %v: %v", deadline, took, err)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	good := s3.Config{Endpoint: "127.0.0.1:9000", Bucket: "hub", AccessKey: "k", SecretKey: "s"}
	tests := []struct {
		name   string
		change func(*s3.Config)
		want   string
	}{
		{"no endpoint", func(c *s3.Config) { c.Endpoint = "" }, "Endpoint"},
		{"an endpoint with a scheme", func(c *s3.Config) { c.Endpoint = "http://127.0.0.1:9000" }, "Endpoint"},
		{"no credentials", func(c *s3.Config) { c.SecretKey = "" }, "SecretKey"},
		{"a bad bucket name", func(c *s3.Config) { c.Bucket = "Hub_Files" }, "Bucket"},
	}
	for _, tt := range tests {
		cfg := good
		tt.change(&cfg)
		_, err := s3.New(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: New = %v, want an error naming %s", tt.name, err, tt.want)
		}
	}
}

func TestNewWithoutCreateBucketNeedsTheBucket(t *testing.T) {
	t.Parallel()
	srv := miniotest.Start(t)
	cfg := srv.Config("absent")
	cfg.CreateBucket = false
	if _, err := s3.New(t.Context(), cfg); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("New without the bucket = %v, want a does-not-exist error", err)
	}
}

func TestNewWithWrongCredentialsFails(t *testing.T) {
	t.Parallel()
	srv := miniotest.Start(t)
	cfg := srv.Config("hub")
	cfg.SecretKey = "wrong-secret-key"
	if _, err := s3.New(t.Context(), cfg); err == nil {
		t.Error("New with a wrong secret key succeeded")
	}
}

func TestPingFollowsTheServer(t *testing.T) {
	t.Parallel()
	srv := miniotest.Start(t)
	s, err := s3.New(t.Context(), srv.Config("hub"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := s.Put(ctx, "before", strings.NewReader("kept"), 4, storage.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping succeeded with the server stopped")
	} else if time.Since(start) > 5*time.Second {
		t.Errorf("Ping took %v to notice the server is gone", time.Since(start))
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after restart: %v", err)
	}
	if obj, err := s.Stat(ctx, "before"); err != nil || obj.Size != 4 {
		t.Errorf("Stat after restart = %+v, %v; want the object kept", obj, err)
	}
}

func TestServerRefusesContentThatMissesTheDeclaredChecksum(t *testing.T) {
	t.Parallel()
	srv := miniotest.Start(t)
	s, err := s3.New(t.Context(), srv.Config("hub"))
	if err != nil {
		t.Fatal(err)
	}
	// base64 of the SHA-256 of "other".
	sum := sha256.Sum256([]byte("other"))
	err = s.PutWithChecksumHeader(t.Context(), "k", strings.NewReader("content"), 7, base64.StdEncoding.EncodeToString(sum[:]))
	if !errors.Is(err, storage.ErrIntegrity) {
		t.Errorf("upload with a wrong checksum header = %v, want ErrIntegrity", err)
	}
	if _, err := s.Stat(t.Context(), "k"); !errors.Is(err, storage.ErrNotExist) {
		t.Errorf("Stat after the refused upload = %v, want ErrNotExist", err)
	}
}

func TestNewGivesUpAtTheDeadlineWhenTheServerNeverAnswers(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() { // accept and stay silent
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err = s3.New(ctx, s3.Config{Endpoint: l.Addr().String(), Bucket: "hub", AccessKey: "k", SecretKey: "secret-key"})
	if err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("New against a silent server = %v after %v, want an error after about 2s", err, time.Since(start))
	}
}

func TestRequestsFailQuicklyWhileTheServerIsDown(t *testing.T) {
	t.Parallel()
	srv := miniotest.Start(t)
	s, err := s3.New(t.Context(), srv.Config("hub"))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := s.Stat(t.Context(), "x"); err == nil || errors.Is(err, storage.ErrNotExist) {
		t.Errorf("Stat with the server down = %v, want an internal error", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Stat with the server down took %v", took)
	}
	if _, err := s.Put(t.Context(), "y", strings.NewReader("y"), 1, storage.PutOptions{}); err == nil {
		t.Error("Put with the server down succeeded")
	}
}
