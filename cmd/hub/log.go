package main

import (
	"io"
	"log/slog"
	"net/url"
)

// LogFormat is how the hub writes its log (HUB_LOG_FORMAT).
type LogFormat string

// The log formats.
const (
	LogText LogFormat = "text" // key=value lines, for people
	LogJSON LogFormat = "json" // one JSON object a line, for log collectors
)

// newLogger writes to w in format, from level up.
func newLogger(format LogFormat, w io.Writer, level slog.Leveler) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redacted stands in the log for a secret that is set.
const redacted = "[redacted]"

// secret is how a secret setting is logged: whether it is set, never what.
func secret(v string) string {
	if v == "" {
		return ""
	}
	return redacted
}

// redactURI keeps a connection string's hosts and database and hides its
// credentials and options (options may carry credentials too:
// authMechanismProperties).
func redactURI(v string) string {
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil {
		return redacted
	}
	if u.User != nil {
		u.User = url.User(redacted)
	}
	if u.RawQuery != "" {
		u.RawQuery = redacted
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// LogValue is the configuration as the start-up line shows it: every
// setting by its variable's name, secrets only as set or not, so that an
// operator sees what the hub runs with and the log holds no key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("HUB_ADDR", c.Addr),
		slog.String("HUB_METRICS_ADDR", c.MetricsAddr),
		slog.String("HUB_DATA_DIR", c.DataDir),
		slog.String("HUB_BASE_URL", c.BaseURL),
		slog.String("HUB_MONGO_URI", redactURI(c.MongoURI)),
		slog.String("HUB_MONGO_DB", c.MongoDB),
		slog.String("HUB_S3_ENDPOINT", c.S3.Endpoint),
		slog.String("HUB_S3_BUCKET", c.S3.Bucket),
		slog.String("HUB_S3_ACCESS_KEY", secret(c.S3.AccessKey)),
		slog.String("HUB_S3_SECRET_KEY", secret(c.S3.SecretKey)),
		slog.String("HUB_S3_REGION", c.S3.Region),
		slog.Bool("HUB_S3_TLS", c.S3.UseTLS),
		slog.Bool("HUB_DEMO", c.Demo),
		slog.Int64("HUB_MAX_BODY", c.MaxBody),
		slog.Int64("HUB_MAX_UPLOAD", c.MaxUpload),
		slog.String("HUB_EXTRACT_TIMEOUT", c.ExtractTimeout.String()),
		slog.String("HUB_START_TIMEOUT", c.StartTimeout.String()),
		slog.String("HUB_LOG_LEVEL", c.LogLevel.String()),
		slog.String("HUB_LOG_FORMAT", string(c.LogFormat)),
		slog.String("HUB_FILES_SECRET", secret(c.FilesSecret)),
		slog.Any("HUB_TRUSTED_PROXIES", c.TrustedProxies),
		slog.String("HUB_SMTP_HOST", c.SMTP.Host),
		slog.Int("HUB_SMTP_PORT", c.SMTP.Port),
		// The SMTP user is often a person's address.
		slog.String("HUB_SMTP_USER", secret(c.SMTP.User)),
		slog.String("HUB_SMTP_PASSWORD", secret(c.SMTP.Password)),
		slog.String("HUB_SMTP_FROM", c.SMTP.From),
		slog.String("HUB_OIDC_ISSUER", c.OIDC.Issuer),
		slog.String("HUB_OIDC_CLIENT_ID", c.OIDC.ClientID),
		slog.String("HUB_OIDC_CLIENT_SECRET", secret(c.OIDC.ClientSecret)),
	)
}
