package miniotest

import (
	"strings"
	"testing"
)

func TestBinaryReportsAMissingOverride(t *testing.T) {
	t.Setenv(EnvBinary, "/nonexistent/minio")
	if _, err := Binary(); err == nil || !strings.Contains(err.Error(), EnvBinary) {
		t.Errorf("Binary() = %v, want an error naming $%s", err, EnvBinary)
	}
}

func TestStopAndStartKeepAddressAndData(t *testing.T) {
	srv := Start(t)
	endpoint := srv.Endpoint
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err == nil {
		t.Error("Start of a running server succeeded")
	}
	if srv.Endpoint != endpoint {
		t.Errorf("endpoint changed from %s to %s", endpoint, srv.Endpoint)
	}
}
