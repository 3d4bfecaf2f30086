package sheet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/isolation"
)

// ChildCommand is the hidden subcommand of the hub's binary that runs
// RunChild: `hub read-sheet [flags] KIND FORMAT`, the file on standard
// input, its rows and problems as JSON on standard output.
const ChildCommand = "read-sheet"

// Kind is what a sheet holds.
type Kind string

// The kinds of sheets.
const (
	KindItems           Kind = "items"
	KindRecommendations Kind = "recommendations"
)

// DefaultParallel is how many sheets are read at once by default.
const DefaultParallel = 2

// maxOutput bounds the JSON read from a child: the rows of a file of
// MaxFileBytes, each text escaped at worst to twice its bytes, with the
// field names of every row.
const maxOutput = 3*MaxFileBytes + 16<<20

// refusalPrefix starts the line a child writes on standard error when it
// refuses the file: the error as JSON follows, so that the parent gives
// its reader the same platform.Error, message id and data included.
const refusalPrefix = "sheet refused: "

// childOutput is what a child read: the rows of its kind, and the problems.
type childOutput struct {
	Items           []platform.ItemRow           `json:"items,omitempty"`
	Recommendations []platform.RecommendationRow `json:"recommendations,omitempty"`
	Problems        []platform.ImportProblem     `json:"problems,omitempty"`
}

// Isolated reads uploaded sheets in child processes (see package
// platform/isolation): an XLSX is a zip of XML, and a hostile one (a zip
// bomb, XML nested without end, a shared-strings table of millions of
// entries) costs a child, never the server. The child caps its own address
// space, stack and CPU time when it starts (RunChild) and the parent kills
// it after Timeout. At most Parallel children run at once, since each may
// use up to MaxMemory; the others wait their turn (or their request's
// end). The zero value needs only Command.
type Isolated struct {
	// Command starts the child: the program and its first arguments, to
	// which the limits, the kind and the format are appended, e.g. the
	// hub's own executable and ChildCommand. Required.
	Command []string
	// Timeout is how long a child may take; default
	// isolation.DefaultTimeout.
	Timeout time.Duration
	// MaxMemory caps a child's address space in bytes beyond what the Go
	// runtime holds at its start; default isolation.DefaultMaxMemory.
	MaxMemory int64
	// Parallel is how many children may run at once; default
	// DefaultParallel.
	Parallel int

	slots isolation.Slots
}

// ReadItems reads an items sheet as ReadItems does, in a child process.
//
// Errors: as ReadItems (the child's refusal comes back as the same
// platform.Error); TooLarge (more than MaxFileBytes, refused as soon as
// they are read, without a child; or a file whose reading ran out of the
// child's memory or time: "roadmap.sheet.too_complex"); Invalid (a child
// that crashed or overflowed its stack on the file:
// "roadmap.sheet.unreadable"); Unavailable (no child could be started).
// An error reading r is returned as it is, and so is ctx's when ctx ends
// first.
func (x *Isolated) ReadItems(ctx context.Context, r io.Reader, format Format) ([]platform.ItemRow, []platform.ImportProblem, error) {
	out, err := x.read(ctx, KindItems, format, r)
	if err != nil {
		return nil, nil, err
	}
	return out.Items, out.Problems, nil
}

// ReadRecommendations reads a recommendations sheet as ReadRecommendations
// does, in a child process, with the errors of Isolated.ReadItems.
func (x *Isolated) ReadRecommendations(ctx context.Context, r io.Reader, format Format) ([]platform.RecommendationRow, []platform.ImportProblem, error) {
	out, err := x.read(ctx, KindRecommendations, format, r)
	if err != nil {
		return nil, nil, err
	}
	return out.Recommendations, out.Problems, nil
}

func (x *Isolated) read(ctx context.Context, kind Kind, format Format, r io.Reader) (*childOutput, error) {
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	src, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileBytes {
		return nil, tooLarge()
	}
	if err := x.slots.Acquire(ctx, x.parallel()); err != nil {
		return nil, err
	}
	res, err := isolation.Run(ctx, x.Command, []string{string(kind), string(format)}, bytes.NewReader(src),
		isolation.Limits{Timeout: x.Timeout, MaxMemory: x.MaxMemory}, maxOutput)
	x.slots.Release()
	if err != nil {
		return nil, childError(err)
	}
	if res.Over {
		return nil, unreadable(fmt.Errorf("sheet: the child wrote more than %d bytes", maxOutput))
	}
	var out childOutput
	if err := json.Unmarshal(res.Output, &out); err != nil {
		return nil, fmt.Errorf("sheet: the child wrote no rows: %w", err)
	}
	return &out, nil
}

// childError says a child's failure in platform terms: its refusal as the
// error it was, running out of memory or time as a file too large to read,
// a crash or a stack overflow as a file that cannot be read. Anything else
// (ctx's end, a child that could not start) passes.
func childError(err error) error {
	var (
		refusal *isolation.Refusal
		failure *isolation.Failure
	)
	switch {
	case errors.As(err, &refusal):
		if rest, ok := strings.CutPrefix(refusal.Message, refusalPrefix); ok {
			var e wireError
			if json.Unmarshal([]byte(rest), &e) == nil && e.Code != "" {
				return &platform.Error{Code: e.Code, MessageID: e.MessageID, Data: e.Data, Message: e.Message}
			}
		}
		return unreadable(fmt.Errorf("sheet: the child refused: %s", refusal.Message))
	case errors.As(err, &failure):
		if errors.Is(failure, isolation.ErrTimeout) || errors.Is(failure, isolation.ErrMemory) {
			return tooComplex(err)
		}
		return unreadable(err)
	}
	return err
}

// wireError is a platform.Error as a child tells it to its parent.
type wireError struct {
	Code      string         `json:"code"`
	MessageID string         `json:"messageId,omitempty"`
	Data      map[string]any `json:"data,omitempty"`
	Message   string         `json:"message"`
}

func unreadable(err error) error {
	return &platform.Error{Code: platform.Invalid, MessageID: "roadmap.sheet.unreadable",
		Message: "the file could not be read", Err: err}
}

// RunChild is the child's side of Isolated: it caps this process (address
// space, stack, CPU time: it is meant for a process that does nothing
// else), reads a sheet of the kind and format its arguments name from
// stdin, writes what it read as JSON to stdout and returns the exit
// status: 0, or 1 with its refusal on stderr (the platform.Error as JSON
// after refusalPrefix). A file that defeats the caps ends the process with
// the Go runtime's exit status 2, which the parent reads as well.
func RunChild(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet(ChildCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	limits := isolation.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if fs.NArg() != 2 {
		fmt.Fprintf(stderr, "usage: %s [-memory BYTES] [-cpu SECONDS] items|recommendations csv|xlsx < FILE > JSON\n", ChildCommand)
		return 1
	}
	if err := limits.Apply(); err != nil {
		fmt.Fprintf(stderr, "sheet: cannot limit the child: %v\n", err)
		return 1
	}
	kind, format := Kind(fs.Arg(0)), Format(fs.Arg(1))
	var (
		out childOutput
		err error
	)
	switch kind {
	case KindItems:
		out.Items, out.Problems, err = ReadItems(stdin, format)
	case KindRecommendations:
		out.Recommendations, out.Problems, err = ReadRecommendations(stdin, format)
	default:
		fmt.Fprintf(stderr, "sheet: unknown kind %q\n", kind)
		return 1
	}
	if err != nil {
		w := wireError{Code: platform.Invalid, MessageID: "roadmap.sheet.unreadable", Message: err.Error()}
		if e := platform.AsError(err); e != nil {
			w = wireError{Code: e.Code, MessageID: e.MessageID, Data: e.Data, Message: e.Error()}
		}
		b, _ := json.Marshal(w)
		fmt.Fprintf(stderr, "%s%s\n", refusalPrefix, b)
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return 1
	}
	return 0
}

// parallel is Parallel or its default.
func (x *Isolated) parallel() int {
	if x.Parallel > 0 {
		return x.Parallel
	}
	return DefaultParallel
}
