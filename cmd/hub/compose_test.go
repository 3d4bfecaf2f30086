package main

import (
	"context"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// loadCompose loads docker-compose.yml as Docker Compose does (the
// compose-spec loader: interpolation, normalisation, consistency checks)
// with env as the only environment.
func loadCompose(t *testing.T, env ...string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{"../../docker-compose.yml"},
		cli.WithWorkingDirectory("../.."), cli.WithEnv(env), cli.WithName("uncac-hub"))
	if err != nil {
		t.Fatal(err)
	}
	return cli.ProjectFromOptions(context.Background(), opts)
}

// TestTheComposeFileLoadsAndRefusesDefaultSecrets: no Docker engine runs
// here, so the compose file is checked as far as the loader goes. It must
// load with real settings, refuse to start without them (no default S3 keys
// or public address), restart its services, load no demo content by
// default, and give the hub the settings it reads.
func TestTheComposeFileLoadsAndRefusesDefaultSecrets(t *testing.T) {
	for _, missing := range []string{"HUB_S3_ACCESS_KEY", "HUB_S3_SECRET_KEY", "HUB_BASE_URL"} {
		var env []string
		for _, kv := range []string{"HUB_S3_ACCESS_KEY=hub-operator", "HUB_S3_SECRET_KEY=a-long-real-secret", "HUB_BASE_URL=https://hub.example.org"} {
			if !strings.HasPrefix(kv, missing+"=") {
				env = append(env, kv)
			}
		}
		if _, err := loadCompose(t, env...); err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("without %s: %v, want a refusal naming it", missing, err)
		}
	}
	p, err := loadCompose(t, "HUB_S3_ACCESS_KEY=hub-operator", "HUB_S3_SECRET_KEY=a-long-real-secret", "HUB_BASE_URL=https://hub.example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"mongo", "minio", "hub"} {
		s, ok := p.Services[name]
		if !ok {
			t.Fatalf("no service %s", name)
		}
		if s.Restart != "unless-stopped" {
			t.Errorf("%s restarts %q", name, s.Restart)
		}
		if s.HealthCheck == nil || len(s.HealthCheck.Test) == 0 {
			t.Errorf("%s has no health check", name)
		}
	}
	hub := p.Services["hub"]
	env := map[string]string{}
	for k, v := range hub.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	if env["HUB_DEMO"] != "false" {
		t.Errorf("HUB_DEMO %q, want demo content off by default", env["HUB_DEMO"])
	}
	// Every setting the hub is given is one it reads (a misspelt variable
	// would be silently ignored by the container).
	known := map[string]bool{}
	for _, s := range configVars {
		known[s.name] = true
	}
	for k := range env {
		if !known[k] {
			t.Errorf("the hub is given %s, which it does not read", k)
		}
	}
	if env["HUB_BASE_URL"] != "https://hub.example.org" || env["HUB_S3_SECRET_KEY"] != "a-long-real-secret" {
		t.Errorf("settings not passed through: %v", env)
	}
}
