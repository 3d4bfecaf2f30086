package extract

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ca-uncac/hub/platform/isolation"
)

// ChildCommand is the hidden subcommand of the hub's binary that runs
// RunChild: `hub extract-text [flags] FORMAT`, the file on standard input,
// the text on standard output.
const ChildCommand = "extract-text"

// Defaults of Isolated.
const (
	DefaultTimeout   = isolation.DefaultTimeout
	DefaultMaxMemory = isolation.DefaultMaxMemory
	// DefaultMaxOutput is what a child that keeps MaxChars characters can
	// write at most: four bytes a character.
	DefaultMaxOutput = 4 * MaxChars
)

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

// Isolated extracts text in a child process (see package
// platform/isolation), so that a hostile file (one that makes the PDF
// reader recurse without end, allocate gigabytes or loop for ever) costs a
// child, never the server: the child caps its own address space, stack and
// CPU time when it starts (RunChild), and the parent kills it after Timeout
// and reads at most MaxOutput bytes of its text. Every way the child fails
// is an error of the file (see ErrTimeout, ErrMemory, ErrStack,
// ErrCrashed); only failing to start it is not (platform.Unavailable).
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

func (x *Isolated) maxOutput() int {
	if x.MaxOutput > 0 {
		return x.MaxOutput
	}
	return DefaultMaxOutput
}

// Text extracts the text of a file of size bytes as Text does, in a child
// process. It has the signature of files.Extractor.Text.
func (x *Isolated) Text(format string, r io.ReaderAt, size int64) (string, error) {
	var stdin io.Reader
	if f, ok := r.(*os.File); ok {
		// The child reads the file itself, at random, as PDF needs.
		stdin = f
	} else {
		stdin = io.NewSectionReader(r, 0, size)
	}
	res, err := isolation.Run(context.Background(), x.Command, []string{"-size", strconv.FormatInt(size, 10), format},
		stdin, isolation.Limits{Timeout: x.Timeout, MaxMemory: x.MaxMemory}, x.maxOutput())
	if err != nil {
		return "", childError(err)
	}
	out := res.Output
	if res.Over {
		out = cutRunes(out)
	}
	// The child cleaned its text already; cleaning again keeps the promise
	// of Text whatever the child wrote.
	text := Clean(string(out))
	if !hasLetters(text) {
		return "", ErrNoText
	}
	return text, nil
}

// childError says a child's failure in extract's words: its refusal as the
// error of Text it was, the limits' work as ErrTimeout, ErrMemory, ErrStack
// or ErrCrashed.
func childError(err error) error {
	var (
		refusal *isolation.Refusal
		failure *isolation.Failure
	)
	switch {
	case errors.As(err, &refusal):
		msg := refusal.Message
		for _, known := range []error{ErrNoText, ErrUnsupported, ErrTooLarge, ErrStructure} {
			if msg == known.Error() {
				return known
			}
			if rest, ok := strings.CutPrefix(msg, known.Error()+": "); ok {
				return fmt.Errorf("%w: %s", known, rest)
			}
		}
		return errors.New(msg)
	case errors.As(err, &failure):
		for _, m := range []struct{ from, to error }{
			{isolation.ErrTimeout, ErrTimeout}, {isolation.ErrMemory, ErrMemory},
			{isolation.ErrStack, ErrStack}, {isolation.ErrCrashed, ErrCrashed},
		} {
			if failure.Err == m.from {
				return fmt.Errorf("%w%s", m.to, failure.Detail)
			}
		}
	}
	return err
}

// cutRunes returns the longest prefix of b that does not end within a
// character.
func cutRunes(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && i < len(b); i++ {
		r, size := utf8.DecodeLastRune(b[:len(b)-i])
		if r != utf8.RuneError || size > 1 {
			return b[:len(b)-i]
		}
	}
	return b
}

// RunChild is the child's side of Isolated: it caps this process (address
// space, stack, CPU time: it is meant for a process that does nothing
// else), reads the file from stdin, writes its text to stdout and returns
// the exit status: 0, or 1 with the error on stderr. A file that defeats
// the caps ends the process with the Go runtime's exit status 2, which the
// parent reads as well. args are the flags Isolated passes and the format.
func RunChild(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet(ChildCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	limits := isolation.AddFlags(fs)
	size := fs.Int64("size", -1, "bytes of the file (default: all of standard input)")
	fs.BoolVar(&checkPDFStructure, "check", true, "check a PDF's cross-reference structure before reading it (false: for tests of the limits alone)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "usage: %s [-memory BYTES] [-cpu SECONDS] [-size BYTES] FORMAT < FILE > TEXT\n", ChildCommand)
		return 1
	}
	if err := limits.Apply(); err != nil {
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
