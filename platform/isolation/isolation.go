// Package isolation runs the parsers of untrusted files in child processes
// of the hub's own binary, so that a hostile file (one that makes a parser
// recurse without end, allocate gigabytes or loop for ever) costs a child,
// never the server.
//
// Both sides live here. The parent (Run) starts the child with the limits
// as flags, hands it the file on standard input, kills it after a timeout,
// reads at most a given length of its output and tells how it failed: its
// own refusal (exit status 1, the reason on standard error, see Refusal),
// or the limits' work (ErrTimeout, ErrMemory, ErrStack, ErrCrashed, see
// Failure). The child (Flags, LimitSelf) caps its own address space, stack
// and CPU time as it starts: it is meant for a process that does nothing
// else. What the child reads and writes is its package's business:
// platform/extract's text, platform/photo's photos.
package isolation

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
)

// Defaults of Limits.
const (
	DefaultTimeout   = 60 * time.Second
	DefaultMaxMemory = 1 << 30
)

// maxStack is the child's largest goroutine stack: an input that makes a
// parser recurse without end (a PDF object stream that contains itself)
// stops there within a fraction of a second (64 MB took four times longer)
// instead of growing the stack to the runtime's default of 1 GB. Real files
// nest far less: the hub's own readers bound their depth, and 16 MB holds
// tens of thousands of the PDF reader's frames.
const maxStack = 16 << 20

// The ways a child fails that are not its own refusal: each is a Failure's
// Err, so match them with errors.Is. The packages that run children say
// them in their own words to their readers.
var (
	// ErrTimeout means the child took longer than allowed (its timeout, or
	// its CPU time) and was stopped.
	ErrTimeout = errors.New("isolation: the child took too long and was stopped")
	// ErrMemory means the child needed more memory than allowed.
	ErrMemory = errors.New("isolation: the child needed more memory than allowed and was stopped")
	// ErrStack means the child's stack overflowed: the input's structure
	// loops or is nested deeper than any real file.
	ErrStack = errors.New("isolation: the child's stack overflowed")
	// ErrCrashed means the child failed in another way (a panic, a signal).
	ErrCrashed = errors.New("isolation: the child crashed")
)

// Failure is a child stopped by its limits or dead: Err is one of
// ErrTimeout, ErrMemory, ErrStack or ErrCrashed, and Detail what is known
// beyond it (" (after 1m0s)", ": panic: …"), ready to follow a message.
type Failure struct {
	Err    error
	Detail string
}

func (f *Failure) Error() string { return f.Err.Error() + f.Detail }

// Unwrap returns Err.
func (f *Failure) Unwrap() error { return f.Err }

// Refusal is the child's own answer that it will not or cannot do its work
// on this input: it exited with status 1 and Message (the first line of
// its standard error).
type Refusal struct {
	Message string
}

func (r *Refusal) Error() string { return r.Message }

// Limits are what a child may use.
type Limits struct {
	// Timeout is how long the child may take; default DefaultTimeout.
	Timeout time.Duration
	// MaxMemory caps the child's address space in bytes beyond what the
	// Go runtime holds when it starts (RLIMIT_AS; the garbage collector
	// aims below it); default DefaultMaxMemory.
	MaxMemory int64
}

func (l Limits) timeout() time.Duration {
	if l.Timeout > 0 {
		return l.Timeout
	}
	return DefaultTimeout
}

func (l Limits) maxMemory() int64 {
	if l.MaxMemory > 0 {
		return l.MaxMemory
	}
	return DefaultMaxMemory
}

// Result is what a child wrote.
type Result struct {
	// Output is the child's standard output, at most the maxOutput bytes
	// Run was given.
	Output []byte
	// Over is set when the child wrote more than maxOutput bytes: Output
	// holds the first maxOutput, the child was killed and how it ended is
	// not looked at.
	Over bool
}

// Run starts command (the program and its first arguments, e.g. the hub's
// own executable and a hidden subcommand) with the limits as the flags
// "-memory" and "-cpu" (see Flags), then args, and stdin as its standard
// input (an *os.File is handed over as it is, so the child may read it at
// random). It waits for the child to end, or kills it after the timeout or
// when ctx ends, and reads at most maxOutput bytes of what it writes.
//
// Errors: a *Refusal (the child's own error), a *Failure (the limits, or a
// crash: errors of the input, for the caller to say so), ctx's error when
// ctx ended first, or a platform.Error with the code Unavailable when the
// child could not be started (nothing is known of the input then).
func Run(ctx context.Context, command, args []string, stdin io.Reader, l Limits, maxOutput int) (Result, error) {
	if len(command) == 0 {
		return Result{}, &platform.Error{Code: platform.Internal, Message: "isolation: no command"}
	}
	timeout := l.timeout()
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// CPU time is a backstop for a child whose parent died before killing
	// it: the garbage collector's threads may use more than wall time.
	cpu := int64(2*timeout/time.Second) + 5
	argv := append(append([]string{}, command[1:]...),
		"-memory", strconv.FormatInt(l.maxMemory(), 10), "-cpu", strconv.FormatInt(cpu, 10))
	cmd := exec.CommandContext(runCtx, command[0], append(argv, args...)...)
	cmd.Env = []string{} // the child needs none of the server's secrets
	cmd.SysProcAttr = childAttr()
	cmd.WaitDelay = time.Second
	cmd.Stdin = stdin
	stderr := &headWriter{max: 64 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return Result{}, unavailable(err)
	}
	if err := cmd.Start(); err != nil {
		return Result{}, unavailable(err)
	}
	out, readErr := io.ReadAll(io.LimitReader(stdout, int64(maxOutput)+1))
	over := len(out) > maxOutput
	if over {
		// The child has written all the caller will keep; the rest is not
		// read.
		_ = cmd.Process.Kill()
		out = out[:maxOutput]
	}
	waitErr := cmd.Wait()
	switch {
	case over:
		return Result{Output: out, Over: true}, nil
	case waitErr != nil && ctx.Err() != nil:
		return Result{}, ctx.Err()
	case waitErr != nil && runCtx.Err() != nil:
		return Result{}, &Failure{ErrTimeout, fmt.Sprintf(" (after %s)", timeout)}
	case waitErr != nil:
		return Result{}, childError(waitErr, stderr.String(), l.maxMemory())
	case readErr != nil:
		return Result{}, &Failure{ErrCrashed, ": " + readErr.Error()}
	}
	return Result{Output: out}, nil
}

func unavailable(err error) error {
	return &platform.Error{Code: platform.Unavailable, Message: "isolation: cannot start the child process", Err: err}
}

// childError tells why the child failed from its exit and what it wrote
// on standard error: its own error message (exit status 1), or the Go
// runtime's last words.
func childError(err error, stderr string, memory int64) error {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return &Failure{ErrCrashed, ": " + err.Error()}
	}
	if ee.ExitCode() == 1 {
		msg := strings.TrimSpace(stderr)
		if msg == ErrTimeout.Error() {
			// Said by the child on SIGXCPU (LimitSelf).
			return &Failure{Err: ErrTimeout}
		}
		if msg != "" {
			return &Refusal{firstLine(msg)}
		}
	}
	switch {
	case strings.Contains(stderr, "stack overflow") || strings.Contains(stderr, "stack exceeds"):
		return &Failure{Err: ErrStack}
	case strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory"):
		return &Failure{ErrMemory, fmt.Sprintf(" (%d MB)", memory>>20)}
	}
	if sig, cpu := signaled(ee); cpu {
		return &Failure{Err: ErrTimeout}
	} else if sig != "" {
		return &Failure{ErrCrashed, ": the reader was stopped by signal " + sig}
	}
	for line := range strings.SplitSeq(stderr, "\n") {
		if strings.HasPrefix(line, "fatal error: ") || strings.HasPrefix(line, "panic: ") {
			return &Failure{ErrCrashed, ": " + line}
		}
	}
	return &Failure{ErrCrashed, fmt.Sprintf(": exit status %d", ee.ExitCode())}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	buf bytes.Buffer
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (w *headWriter) String() string { return w.buf.String() }

// Flags are the child's side of Limits: the flags Run passes, on the
// child's flag set.
type Flags struct {
	memory, cpu *int64
}

// AddFlags defines "-memory" and "-cpu" on fs. Call Apply once fs is
// parsed.
func AddFlags(fs *flag.FlagSet) *Flags {
	return &Flags{
		memory: fs.Int64("memory", DefaultMaxMemory, "address space limit in bytes"),
		cpu:    fs.Int64("cpu", int64(2*DefaultTimeout/time.Second), "CPU time limit in seconds"),
	}
}

// Apply caps this process as the flags say (LimitSelf).
func (f *Flags) Apply() error { return LimitSelf(*f.memory, *f.cpu) }
