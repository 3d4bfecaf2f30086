package isolation_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/isolation"
)

// childCommand makes this test binary a child that misbehaves as asked:
// the ways a parser of a hostile file ends.
const childCommand = "isolation-test-child"

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == childCommand {
		os.Exit(child(os.Args[2:]))
	}
	os.Exit(m.Run())
}

var sink [][]byte

func child(args []string) int {
	fs := flag.NewFlagSet(childCommand, flag.ContinueOnError)
	limits := isolation.AddFlags(fs)
	if fs.Parse(args) != nil || fs.NArg() != 1 {
		return 3
	}
	if err := limits.Apply(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	switch fs.Arg(0) {
	case "echo":
		_, _ = io.Copy(os.Stdout, os.Stdin)
	case "refuse":
		fmt.Fprintln(os.Stderr, "no such thing: it is not a photo\nsecond line")
		return 1
	case "loop":
		for {
			runtime.Gosched()
		}
	case "allocate":
		for {
			sink = append(sink, bytes.Repeat([]byte{1}, 64<<20))
		}
	case "recurse":
		recurse(1 << 40)
	case "panic":
		panic("the decoder met a byte it did not expect")
	case "flood":
		for {
			if _, err := os.Stdout.Write(make([]byte, 1<<16)); err != nil {
				return 0
			}
		}
	}
	return 0
}

// recurse calls itself as deep as depth says (a parser following a
// structure that contains itself).
func recurse(depth int) int {
	if depth == 0 {
		return 0
	}
	var pad [256]byte
	pad[depth%256] = byte(depth)
	return recurse(depth-1) + int(pad[0])
}

// TestEveryWayAChildEndsIsTold: the child's output comes back when it
// succeeds; its refusal is a Refusal with its first line; a loop, a
// memory bomb, a recursion and a panic are Failures of their kinds (the
// loop soon after its timeout); output past the limit is cut and the child
// killed; and the parent goes on.
func TestEveryWayAChildEndsIsTold(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	command := []string{exe, childCommand}
	// The loop meets a short timeout; the other children end by their own
	// limits, well within a long one, however busy the machine.
	const short, long = 2 * time.Second, 30 * time.Second
	for _, c := range []struct {
		name, behaviour string
		want            error // nil: success
		or              error // another failure as good as want
		refusal         string
		output          string
		over            bool
	}{
		{name: "a child that does its work answers with its output", behaviour: "echo", output: "Ўзбекистон"},
		{name: "a child's refusal is its first line", behaviour: "refuse", refusal: "no such thing: it is not a photo"},
		{name: "a child that loops is stopped after the timeout", behaviour: "loop", want: isolation.ErrTimeout},
		{name: "a child that allocates without end runs out of memory", behaviour: "allocate", want: isolation.ErrMemory},
		// A recursion meets the stack cap, or (the runtime grows a stack by
		// copying it into one twice as big) the address space first: on a
		// busy machine either, both a failure the parent tells.
		{name: "a child that recurses without end overflows its stack", behaviour: "recurse", want: isolation.ErrStack, or: isolation.ErrMemory},
		{name: "a child that panics has crashed", behaviour: "panic", want: isolation.ErrCrashed},
		{name: "a child that writes too much is cut off", behaviour: "flood", over: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			timeout := long
			if c.want == isolation.ErrTimeout {
				timeout = short
			}
			limits := isolation.Limits{Timeout: timeout, MaxMemory: 256 << 20}
			start := time.Now()
			res, err := isolation.Run(context.Background(), command, []string{c.behaviour}, strings.NewReader("Ўзбекистон"), limits, 1000)
			took := time.Since(start)
			t.Logf("%v in %s", err, took.Round(time.Millisecond))
			var refusal *isolation.Refusal
			switch {
			case c.refusal != "":
				if !errors.As(err, &refusal) || refusal.Message != c.refusal {
					t.Fatalf("err %v, want the refusal %q", err, c.refusal)
				}
			case c.want != nil:
				var failure *isolation.Failure
				if !errors.Is(err, c.want) && (c.or == nil || !errors.Is(err, c.or)) || !errors.As(err, &failure) {
					t.Fatalf("err %v, want %v", err, c.want)
				}
			case err != nil:
				t.Fatal(err)
			case c.over:
				if !res.Over || len(res.Output) != 1000 {
					t.Fatalf("over %v, %d bytes", res.Over, len(res.Output))
				}
			case string(res.Output) != c.output || res.Over:
				t.Fatalf("output %q (over %v), want %q", res.Output, res.Over, c.output)
			}
			if took > timeout+2*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}

// TestAChildIsKilledWhenItsCallerGivesUp: a cancelled context stops the
// child and is the error, not a failure of the input.
func TestAChildIsKilledWhenItsCallerGivesUp(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = isolation.Run(ctx, []string{exe, childCommand}, []string{"loop"}, nil, isolation.Limits{Timeout: time.Minute}, 10)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, isolation.ErrTimeout) {
		t.Fatalf("err %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s", took)
	}
}

// TestAChildThatCannotStartIsUnavailable: nothing is known of the input.
func TestAChildThatCannotStartIsUnavailable(t *testing.T) {
	_, err := isolation.Run(context.Background(), []string{"/nonexistent/hub"}, nil, nil, isolation.Limits{}, 10)
	if platform.ErrorCode(err) != platform.Unavailable {
		t.Fatalf("err %v", err)
	}
}
