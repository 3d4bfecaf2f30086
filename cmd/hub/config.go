package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything the hub reads from its environment. It is parsed and
// validated in one place, by LoadConfig.
type Config struct {
	Addr         string        // HUB_ADDR
	MetricsAddr  string        // HUB_METRICS_ADDR; empty: no metrics
	DataDir      string        // HUB_DATA_DIR
	BaseURL      string        // HUB_BASE_URL
	MongoURI     string        // HUB_MONGO_URI; empty: embedded FerretDB
	MongoDB      string        // HUB_MONGO_DB
	S3           S3Config      // HUB_S3_*; empty endpoint: local folder
	Demo         bool          // HUB_DEMO
	MaxBody      int64         // HUB_MAX_BODY
	MaxUpload    int64         // HUB_MAX_UPLOAD
	StartTimeout time.Duration // HUB_START_TIMEOUT
	LogLevel     slog.Level    // HUB_LOG_LEVEL
	LogFormat    LogFormat     // HUB_LOG_FORMAT
	FilesSecret  string        // HUB_FILES_SECRET
	// Accounts: proxies believed about client addresses, mail for one-time
	// links, single sign-on (see accounts.go).
	TrustedProxies []string   // HUB_TRUSTED_PROXIES
	SMTP           SMTPConfig // HUB_SMTP_*; empty host: links are only shown
	OIDC           OIDCConfig // HUB_OIDC_*; empty issuer: no single sign-on

	// ExtractTimeout is how long the child process that reads one uploaded
	// file's text may take before it is killed (see extract.Isolated).
	ExtractTimeout time.Duration // HUB_EXTRACT_TIMEOUT
}

// S3Config is the object store's part of Config.
type S3Config struct {
	Endpoint, Bucket, AccessKey, SecretKey, Region string
	UseTLS                                         bool
}

// configVar describes one variable: its name, default, meaning and how it is
// parsed into the Config.
type configVar struct {
	name, def, help string
	set             func(c *Config, v string) error
}

// configVars is the table of every variable the hub reads; the README's
// configuration table follows it.
var configVars = []configVar{
	{"HUB_ADDR", ":8080", "address to listen on", func(c *Config, v string) error {
		if _, _, err := net.SplitHostPort(v); err != nil {
			return fmt.Errorf("want host:port or :port: %v", err)
		}
		c.Addr = v
		return nil
	}},
	{"HUB_METRICS_ADDR", "", "address of the Prometheus metrics (/metrics), apart from the site's; empty: none", func(c *Config, v string) error {
		if v == "" {
			return nil
		}
		if _, _, err := net.SplitHostPort(v); err != nil {
			return fmt.Errorf("want host:port or :port: %v", err)
		}
		c.MetricsAddr = v
		return nil
	}},
	{"HUB_DATA_DIR", "./hub-data", "folder for the embedded database, local objects and the search index", func(c *Config, v string) error {
		c.DataDir = v
		return nil
	}},
	{"HUB_BASE_URL", "", "public address of the hub: every absolute URL it writes (feeds, mailed links, signed file URLs) starts with it (default http://localhost<HUB_ADDR>)", func(c *Config, v string) error {
		if v == "" {
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("want an absolute http(s) URL")
		}
		c.BaseURL = strings.TrimRight(v, "/")
		return nil
	}},
	{"HUB_MONGO_URI", "", "MongoDB connection string; empty runs FerretDB embedded with SQLite files in the data folder", func(c *Config, v string) error {
		if v != "" && !strings.HasPrefix(v, "mongodb://") && !strings.HasPrefix(v, "mongodb+srv://") {
			return fmt.Errorf("want a mongodb:// or mongodb+srv:// URI")
		}
		c.MongoURI = v
		return nil
	}},
	{"HUB_MONGO_DB", "uncachub", "database name", func(c *Config, v string) error {
		if v == "" || strings.ContainsAny(v, `/\. "$`) {
			return fmt.Errorf("want a database name without / \\ . space \" $")
		}
		c.MongoDB = v
		return nil
	}},
	{"HUB_S3_ENDPOINT", "", "S3 server host:port (MinIO or any S3); empty keeps objects in the data folder", func(c *Config, v string) error {
		if v != "" {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return fmt.Errorf("want host:port without scheme: %v", err)
			}
		}
		c.S3.Endpoint = v
		return nil
	}},
	{"HUB_S3_BUCKET", "uncac-hub", "bucket (created when missing)", func(c *Config, v string) error { c.S3.Bucket = v; return nil }},
	{"HUB_S3_ACCESS_KEY", "", "S3 access key", func(c *Config, v string) error { c.S3.AccessKey = v; return nil }},
	{"HUB_S3_SECRET_KEY", "", "S3 secret key", func(c *Config, v string) error { c.S3.SecretKey = v; return nil }},
	{"HUB_S3_REGION", "", "S3 region (optional)", func(c *Config, v string) error { c.S3.Region = v; return nil }},
	{"HUB_S3_TLS", "false", "use https to reach the S3 server", func(c *Config, v string) (err error) {
		c.S3.UseTLS, err = strconv.ParseBool(v)
		return err
	}},
	{"HUB_DEMO", "true", "load the demo content into an empty database at first start", func(c *Config, v string) (err error) {
		c.Demo, err = strconv.ParseBool(v)
		return err
	}},
	{"HUB_MAX_BODY", "1048576", "largest JSON request body, in bytes", func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 || n > 1<<30 {
			return fmt.Errorf("want a number of bytes from 1024 to 1073741824")
		}
		c.MaxBody = n
		return nil
	}},
	{"HUB_MAX_UPLOAD", "52428800", "largest attachment upload, in bytes (larger: 413)", func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 || n > 1<<40 {
			return fmt.Errorf("want a number of bytes from 1024 to 1099511627776")
		}
		c.MaxUpload = n
		return nil
	}},
	{"HUB_EXTRACT_TIMEOUT", "60s", "how long reading the text of one uploaded file may take before it is stopped (the file is then not searchable)", func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > time.Hour {
			return fmt.Errorf("want a duration such as 60s (from 1s to 1h)")
		}
		c.ExtractTimeout = d
		return nil
	}},
	{"HUB_START_TIMEOUT", "15s", "how long start-up waits for an external MongoDB or S3 server", func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 10*time.Minute {
			return fmt.Errorf("want a duration such as 15s (at most 10m)")
		}
		c.StartTimeout = d
		return nil
	}},
	{"HUB_LOG_LEVEL", "info", "debug, info, warn or error", func(c *Config, v string) error {
		return c.LogLevel.UnmarshalText([]byte(v))
	}},
	{"HUB_LOG_FORMAT", "text", "text (key=value lines) or json (one JSON object a line)", func(c *Config, v string) error {
		switch f := LogFormat(v); f {
		case LogText, LogJSON:
			c.LogFormat = f
			return nil
		}
		return fmt.Errorf("want text or json")
	}},
	{"HUB_FILES_SECRET", "", "key that signs file URLs of the local object store (at least 16 characters; default: generated once and kept in the data folder)", func(c *Config, v string) error {
		if v != "" && len(v) < 16 {
			return fmt.Errorf("want at least 16 characters")
		}
		c.FilesSecret = v
		return nil
	}},
	{"HUB_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (for rate limits and the audit trail); empty: none", func(c *Config, v string) error {
		return parseProxies(c, v)
	}},
	{"HUB_SMTP_HOST", "", "SMTP server for mailing invitations and password-reset links; empty: links are only shown to the secretariat", func(c *Config, v string) error { c.SMTP.Host = v; return nil }},
	{"HUB_SMTP_PORT", "587", "SMTP port (465: implicit TLS; otherwise STARTTLS when offered)", func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("want a port number")
		}
		c.SMTP.Port = n
		return nil
	}},
	{"HUB_SMTP_USER", "", "SMTP user (optional)", func(c *Config, v string) error { c.SMTP.User = v; return nil }},
	{"HUB_SMTP_PASSWORD", "", "SMTP password", func(c *Config, v string) error { c.SMTP.Password = v; return nil }},
	{"HUB_SMTP_FROM", "", "sender address of the hub's mail, e.g. UNCAC Hub <hub@example.org> (required with HUB_SMTP_HOST)", func(c *Config, v string) error { c.SMTP.From = v; return nil }},
	{"HUB_OIDC_ISSUER", "", "OpenID Connect issuer URL for single sign-on; empty: password sign-in only", func(c *Config, v string) error { c.OIDC.Issuer = strings.TrimRight(v, "/"); return nil }},
	{"HUB_OIDC_CLIENT_ID", "", "client id registered with the OpenID Connect provider", func(c *Config, v string) error { c.OIDC.ClientID = v; return nil }},
	{"HUB_OIDC_CLIENT_SECRET", "", "client secret registered with the OpenID Connect provider", func(c *Config, v string) error { c.OIDC.ClientSecret = v; return nil }},
}

// LoadConfig reads the configuration through getenv. A bad value is an error
// that names the variable.
func LoadConfig(getenv func(string) string) (Config, error) {
	var c Config
	for _, v := range configVars {
		val, set := getenv(v.name), true
		if val == "" {
			val, set = v.def, false
		}
		if err := v.set(&c, strings.TrimSpace(val)); err != nil {
			if !set {
				return c, fmt.Errorf("default of %s: %w", v.name, err)
			}
			return c, fmt.Errorf("%s=%q: %w", v.name, val, err)
		}
	}
	if c.S3.Endpoint != "" && (c.S3.AccessKey == "" || c.S3.SecretKey == "") {
		return c, fmt.Errorf("HUB_S3_ACCESS_KEY and HUB_S3_SECRET_KEY are required when HUB_S3_ENDPOINT is set")
	}
	if c.S3.Endpoint != "" && c.S3.Bucket == "" {
		return c, fmt.Errorf("HUB_S3_BUCKET must not be empty when HUB_S3_ENDPOINT is set")
	}
	if c.BaseURL == "" {
		host, port, _ := net.SplitHostPort(c.Addr)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	if err := validateAccounts(&c); err != nil {
		return c, err
	}
	return c, nil
}
