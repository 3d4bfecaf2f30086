package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestTheConfigurationIsLoggedWithoutSecrets(t *testing.T) {
	secrets := map[string]string{
		"HUB_FILES_SECRET":       "files-secret-0123456789",
		"HUB_S3_ACCESS_KEY":      "s3-access-key-value",
		"HUB_S3_SECRET_KEY":      "s3-secret-key-value",
		"HUB_SMTP_USER":          "mailer@ministry.example",
		"HUB_SMTP_PASSWORD":      "smtp-password-value",
		"HUB_OIDC_CLIENT_SECRET": "oidc-client-secret-value",
	}
	env := map[string]string{
		"HUB_MONGO_URI":   "mongodb://hubuser:mongo-password-value@db1.example:27017,db2.example:27017/uncachub?authSource=admin&authMechanismProperties=AWS_SESSION_TOKEN:session-token-value",
		"HUB_S3_ENDPOINT": "minio.example:9000", "HUB_SMTP_HOST": "smtp.example", "HUB_SMTP_FROM": "Hub <hub@example.org>",
		"HUB_OIDC_ISSUER": "https://id.example", "HUB_OIDC_CLIENT_ID": "uncac-hub", "HUB_LOG_FORMAT": "json",
	}
	for k, v := range secrets {
		env[k] = v
	}
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	newLogger(cfg.LogFormat, &out, slog.LevelInfo).Info("hub started", "config", cfg)
	var line struct{ Config map[string]any }
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	// Every variable shows, so that a new one cannot be forgotten here.
	for _, v := range configVars {
		if _, ok := line.Config[v.name]; !ok {
			t.Errorf("%s is not in the start-up line", v.name)
		}
	}
	for k, v := range secrets {
		if line.Config[k] != redacted {
			t.Errorf("%s logged as %v, want %s", k, line.Config[k], redacted)
		}
		if strings.Contains(out.String(), v) {
			t.Errorf("the value of %s is in the log", k)
		}
	}
	for _, s := range []string{"hubuser", "mongo-password-value", "session-token-value"} {
		if strings.Contains(out.String(), s) {
			t.Errorf("%q of HUB_MONGO_URI is in the log: %s", s, line.Config["HUB_MONGO_URI"])
		}
	}
	if uri, _ := line.Config["HUB_MONGO_URI"].(string); !strings.Contains(uri, "db1.example:27017,db2.example:27017/uncachub") {
		t.Errorf("HUB_MONGO_URI logged as %q, want its hosts and database", uri)
	}
	if line.Config["HUB_OIDC_CLIENT_ID"] != "uncac-hub" || line.Config["HUB_S3_ENDPOINT"] != "minio.example:9000" {
		t.Errorf("settings that are not secret should show: %v", line.Config)
	}
}
