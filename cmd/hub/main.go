// Command hub is the Central Asia UNCAC Hub: one binary that serves the web
// site and API (hub serve, the default), rebuilds the search index (hub
// reindex), manages users (hub users add) and imports documents (hub
// import). Its benchmarks are cmd/hubbench, a command of their own.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	// Events name IANA zones (Asia/Bishkek…): the zone database is built in,
	// so that zones load on machines without one (a scratch container).
	_ "time/tzdata"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/photo"
	"github.com/ca-uncac/hub/platform/sheet"
)

func main() {
	if code, ok := runChild(os.Args[1:]); ok {
		os.Exit(code)
	}
	// The limit is the process's own: the child processes set theirs (see
	// package platform/isolation), and tests running hubs in-process keep
	// the runtime's default.
	if limit, ok := memoryLimit(os.Getenv); ok {
		debug.SetMemoryLimit(limit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hub:", err)
		os.Exit(1)
	}
}

// runChild runs a hidden command when args name one, before anything else
// starts, and reports whether it did: the child processes that parse one
// uploaded file each (see package platform/isolation), the text of an
// attachment (extract.Isolated), an expert's photo (photo.Isolated) or
// the rows of an uploaded roadmap spreadsheet (sheet.Isolated).
func runChild(args []string) (code int, ok bool) {
	if len(args) == 0 {
		return 0, false
	}
	switch args[0] {
	case extract.ChildCommand:
		return extract.RunChild(os.Stdin, os.Stdout, os.Stderr, args[1:]), true
	case photo.ChildCommand:
		return photo.RunChild(os.Stdin, os.Stdout, os.Stderr, args[1:]), true
	case sheet.ChildCommand:
		return sheet.RunChild(os.Stdin, os.Stdout, os.Stderr, args[1:]), true
	}
	return 0, false
}

const usage = `usage:
  hub [serve]                 serve the hub (configuration from HUB_* variables)
  hub version                 print the version, the commit it was built from and the Go release
  hub healthcheck             exit 0 when the hub on HUB_ADDR answers /healthz (for container health checks)
  hub reindex                 rebuild the search index from the database (stop the server first)
  hub users add --email E --name N --role R [--country CC] [--organization O] [--language L] [--invite] [--token]
                              create a user; with --invite print a one-time link to choose a password,
                              with --token print a new API token as the last line
  hub import [--check] FILE.jsonl
                              add the documents of a file (one DocumentInput JSON object per line)
                              to the library, as the system, in batches of 500 each written whole;
                              --check refuses the file before writing if any line is bad
  hub backup FILE             write one archive (.tar.gz) of every record, as of one change, and every stored
                              file, with checksums; works while the hub serves
  hub restore FILE            check the archive whole, then restore it into an empty deployment (a new
                              data folder, or an empty database and bucket) and rebuild the search index

The benchmarks and measurements are another command: go run ./cmd/hubbench help
`

// run is the whole program, apart from reading the real environment, so
// that tests run it as it is.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "version" {
		// The version needs no configuration: it answers even when the
		// environment is wrong.
		printVersion(stdout, readBuildInfo())
		return nil
	}
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return err
	}
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, stdout, stderr, nil)
	case "reindex":
		return reindex(ctx, cfg, stdout)
	case "users":
		if len(args) == 0 || args[0] != "add" {
			return fmt.Errorf("unknown users command\n%s", usage)
		}
		return usersAdd(ctx, cfg, args[1:], stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, cfg)
	case "import":
		return importCmd(ctx, cfg, args, stdout, stderr)
	case "backup":
		return backupCmd(ctx, cfg, args, stdout)
	case "restore":
		return restoreCmd(ctx, cfg, args, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func usersAdd(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hub users add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "email address (required)")
	name := fs.String("name", "", "full name (required)")
	role := fs.String("role", "", "role: "+strings.Join(platform.Roles(), ", "))
	country := fs.String("country", "", "country code (KZ KG TJ TM UZ), required for a focal point")
	token := fs.Bool("token", false, "also create an API token and print it as the last line")
	expires := fs.Duration("token-expires", 0, "token lifetime (e.g. 2160h); 0 means no expiry")
	org := fs.String("organization", "", "organization (optional)")
	lang := fs.String("language", "", "preferred language: en ru kk ky tg tk uz (optional)")
	invite := fs.Bool("invite", false, "also print a one-time link (valid 7 days) for the user to choose a password")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	a, err := openData(ctx, cfg, nil, true)
	if err != nil {
		return err
	}
	defer a.close()
	// The command line acts as the hub itself: whoever can run it owns the
	// data folder or the database credentials anyway.
	ctx = platform.NewContextWithUser(ctx, platform.System())
	u, err := a.users.CreateUser(ctx, platform.NewUser{Email: *email, Name: *name, Role: *role, Country: *country,
		Organization: *org, Language: *lang})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s <%s>, role %s", u.ID, u.Email, u.Role)
	if u.Country != "" {
		fmt.Fprintf(stdout, ", country %s", u.Country)
	}
	fmt.Fprintln(stdout)
	if *invite {
		link, err := a.accounts.CreateLink(ctx, platform.LinkInvitation, u.ID)
		if err != nil {
			return err
		}
		l := u.Language
		if l == "" {
			l = "en"
		}
		fmt.Fprintln(stdout, "Invitation link (shown once; works once, for 7 days):")
		fmt.Fprintf(stdout, "%s/%s/invitation/%s\n", cfg.BaseURL, l, link)
	}
	if !*token {
		return nil
	}
	var exp *time.Time
	if *expires > 0 {
		t := time.Now().Add(*expires).UTC()
		exp = &t
	}
	secret, _, err := a.users.CreateToken(ctx, u.ID, "created with hub users add", exp)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "API token (shown once; send it as Authorization: Bearer <token>):")
	fmt.Fprintln(stdout, secret)
	return nil
}

// errIndexBusy explains a locked index.
var errIndexBusy = errors.New("the search index is in use by a running hub: stop it first (each hub process owns its index)")

// healthcheck asks the local hub whether it is alive; containers without a
// shell or curl use it as their health check.
func healthcheck(ctx context.Context, cfg Config) error {
	_, port, _ := net.SplitHostPort(cfg.Addr)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+net.JoinHostPort("127.0.0.1", port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %s", res.Status)
	}
	return nil
}
