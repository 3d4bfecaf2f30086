package extract

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform"
)

// ChildCommand is the hidden subcommand of the hub's binary that runs
// RunChild: `hub extract-text [flags] FORMAT`, the file on standard input,
// the text on standard output.
const ChildCommand = "extract-text"

// Defaults of Isolated.
const (
	DefaultTimeout   = 60 * time.Second
	DefaultMaxMemory = 1 << 30
	// DefaultMaxOutput is what a child that keeps MaxChars characters can
	// write at most: four bytes a character.
	DefaultMaxOutput = 4 * MaxChars
)

// maxStack is the child's largest goroutine stack: a file that makes the
// reader recurse without end (an object stream that contains itself) stops
// there within a fraction of a second (64 MB took four times longer)
// instead of growing the stack to the runtime's default of 1 GB. Real files
// nest far less: the hub's own readers bound their depth (maxPageDepth),
// and 16 MB holds tens of thousands of the PDF reader's frames.
const maxStack = 16 << 20

// Errors of Isolated.Text when the child did not finish. Their messages
// are what members read as the reason a file is not searchable.
var (
	// ErrTimeout means reading the file took longer than allowed.
	ErrTimeout = errors.New("extract: reading the file took too long and was stopped")
	// ErrMemory means reading the file needed more memory than allowed.
	ErrMemory = errors.New("extract: reading the file needed more memory than allowed and was stopped")
	// ErrStack means the file's structure is nested without end (or
	// deeper than any real file), which the reader could not follow.
	ErrStack = errors.New("extract: the file's structure loops or is nested too deeply")
	// ErrCrashed means the reader failed in another way on this file.
	ErrCrashed = errors.New("extract: the file could not be read")
)

// Isolated extracts text in a child process, so that a hostile file (one
// that makes the PDF reader recurse without end, allocate gigabytes or loop
// for ever) costs a child, never the server: the child caps its own address
// space, stack and CPU time when it starts (RunChild), and the parent kills
// it after Timeout and reads at most MaxOutput bytes of its text. Every way
// the child fails is an error of the file (see ErrTimeout, ErrMemory,
// ErrStack, ErrCrashed); only failing to start it is not (platform.Unavailable).
//
// Output over MaxOutput is cut at the last whole character before the
// limit, not refused: a well-behaved child never writes more than
// DefaultMaxOutput (it keeps MaxChars characters), text beyond the kept
// length is dropped anyway (Clean), and a smaller limit set on purpose
// should keep the file searchable by its beginning.
type Isolated struct {
	// Command starts the child: the program and its first arguments, to
	// which the limits and the format are appended, e.g. the hub's own
	// executable and ChildCommand. Required.
	Command []string
	// Timeout is how long the child may take; default DefaultTimeout.
	Timeout time.Duration
	// MaxMemory caps the child's address space in bytes (RLIMIT_AS; the
	// garbage collector aims below it); default DefaultMaxMemory.
	MaxMemory int64
	// MaxOutput is the most text read from the child, in bytes; default
	// DefaultMaxOutput.
	MaxOutput int
}

func (x *Isolated) timeout() time.Duration {
	if x.Timeout > 0 {
		return x.Timeout
	}
	return DefaultTimeout
}

func (x *Isolated) maxMemory() int64 {
	if x.MaxMemory > 0 {
		return x.MaxMemory
	}
	return DefaultMaxMemory
}

func (x *Isolated) maxOutput() int {
	if x.MaxOutput > 0 {
		return x.MaxOutput
	}
	return DefaultMaxOutput
}

// Text extracts the text of a file of size bytes as Text does, in a child
// process. It has the signature of files.Extractor.Text.
func (x *Isolated) Text(format string, r io.ReaderAt, size int64) (string, error) {
	if len(x.Command) == 0 {
		return "", &platform.Error{Code: platform.Internal, Message: "extract: Isolated without a Command"}
	}
	timeout := x.timeout()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// CPU time is a backstop for a child whose parent died before killing
	// it: the garbage collector's threads may use more than wall time.
	cpu := int64(2*timeout/time.Second) + 5
	args := append(append([]string{}, x.Command[1:]...),
		"-memory", strconv.FormatInt(x.maxMemory(), 10), "-cpu", strconv.FormatInt(cpu, 10),
		"-size", strconv.FormatInt(size, 10), format)
	cmd := exec.CommandContext(ctx, x.Command[0], args...)
	cmd.Env = []string{} // the child needs none of the server's secrets
	cmd.SysProcAttr = childAttr()
	cmd.WaitDelay = time.Second
	if f, ok := r.(*os.File); ok {
		// The child reads the file itself, at random, as PDF needs.
		cmd.Stdin = f
	} else {
		cmd.Stdin = io.NewSectionReader(r, 0, size)
	}
	stderr := &headWriter{max: 64 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", unavailable(err)
	}
	if err := cmd.Start(); err != nil {
		return "", unavailable(err)
	}
	max := x.maxOutput()
	out, readErr := io.ReadAll(io.LimitReader(stdout, int64(max)+1))
	over := len(out) > max
	if over {
		// The child has written all it will keep; the rest is not read.
		_ = cmd.Process.Kill()
		out = cutRunes(out, max)
	}
	waitErr := cmd.Wait()
	switch {
	case over:
	case waitErr != nil && ctx.Err() != nil:
		return "", fmt.Errorf("%w (after %s)", ErrTimeout, timeout)
	case waitErr != nil:
		return "", childError(waitErr, stderr.String(), x.maxMemory())
	case readErr != nil:
		return "", fmt.Errorf("%w: %v", ErrCrashed, readErr)
	}
	// The child cleaned its text already; cleaning again keeps the promise
	// of Text whatever the child wrote.
	text := Clean(string(out))
	if !hasLetters(text) {
		return "", ErrNoText
	}
	return text, nil
}

func unavailable(err error) error {
	return &platform.Error{Code: platform.Unavailable, Message: "extract: cannot start the text extractor", Err: err}
}

// childError tells why the child failed from its exit and what it wrote
// on standard error: its own error message (exit status 1), or the Go
// runtime's last words.
func childError(err error, stderr string, memory int64) error {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return fmt.Errorf("%w: %v", ErrCrashed, err)
	}
	if ee.ExitCode() == 1 {
		msg := strings.TrimSpace(stderr)
		for _, known := range []error{ErrNoText, ErrUnsupported, ErrTooLarge, ErrStructure, ErrTimeout} {
			if msg == known.Error() {
				return known
			}
			if rest, ok := strings.CutPrefix(msg, known.Error()+": "); ok {
				return fmt.Errorf("%w: %s", known, rest)
			}
		}
		if msg != "" {
			return errors.New(firstLine(msg))
		}
	}
	switch {
	case strings.Contains(stderr, "stack overflow") || strings.Contains(stderr, "stack exceeds"):
		return ErrStack
	case strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory"):
		return fmt.Errorf("%w (%d MB)", ErrMemory, memory>>20)
	}
	if sig, cpu := signaled(ee); cpu {
		return ErrTimeout
	} else if sig != "" {
		return fmt.Errorf("%w: the reader was stopped by signal %s", ErrCrashed, sig)
	}
	for line := range strings.SplitSeq(stderr, "\n") {
		if strings.HasPrefix(line, "fatal error: ") || strings.HasPrefix(line, "panic: ") {
			return fmt.Errorf("%w: %s", ErrCrashed, line)
		}
	}
	return fmt.Errorf("%w: exit status %d", ErrCrashed, ee.ExitCode())
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// cutRunes returns the longest prefix of b of at most n bytes that does
// not end within a character.
func cutRunes(b []byte, n int) []byte {
	b = b[:n]
	for i := 0; i < utf8.UTFMax && i < len(b); i++ {
		r, size := utf8.DecodeLastRune(b[:len(b)-i])
		if r != utf8.RuneError || size > 1 {
			return b[:len(b)-i]
		}
	}
	return b
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

// RunChild is the child's side of Isolated: it caps this process (address
// space, stack, CPU time: it is meant for a process that does nothing
// else), reads the file from stdin, writes its text to stdout and returns
// the exit status: 0, or 1 with the error on stderr. A file that defeats
// the caps ends the process with the Go runtime's exit status 2, which the
// parent reads as well. args are the flags Isolated passes and the format.
func RunChild(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet(ChildCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	memory := fs.Int64("memory", DefaultMaxMemory, "address space limit in bytes")
	cpu := fs.Int64("cpu", int64(2*DefaultTimeout/time.Second), "CPU time limit in seconds")
	size := fs.Int64("size", -1, "bytes of the file (default: all of standard input)")
	fs.BoolVar(&checkPDFStructure, "check", true, "check a PDF's cross-reference structure before reading it (false: for tests of the limits alone)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "usage: %s [-memory BYTES] [-cpu SECONDS] [-size BYTES] FORMAT < FILE > TEXT\n", ChildCommand)
		return 1
	}
	if err := limitSelf(*memory, *cpu); err != nil {
		fmt.Fprintf(stderr, "extract: cannot limit the extractor: %v\n", err)
		return 1
	}
	r, n, err := input(stdin, *size)
	if err != nil {
		fmt.Fprintf(stderr, "extract: reading the file: %v\n", err)
		return 1
	}
	text, err := Text(fs.Arg(0), r, n)
	if err != nil {
		fmt.Fprintln(stderr, strings.ReplaceAll(err.Error(), "\n", " "))
		return 1
	}
	if _, err := io.WriteString(stdout, text); err != nil {
		return 1
	}
	return 0
}

// input is the file on stdin: read in place when it is a regular file (the
// parent hands its temporary file over), else read into memory.
func input(stdin io.Reader, size int64) (io.ReaderAt, int64, error) {
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if size < 0 || size > st.Size() {
				size = st.Size()
			}
			return f, size, nil
		}
	}
	if size >= 0 {
		stdin = io.LimitReader(stdin, size)
	}
	b, err := io.ReadAll(stdin)
	return bytes.NewReader(b), int64(len(b)), err
}
