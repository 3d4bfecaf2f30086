package photo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image/jpeg"
	"io"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/isolation"
)

// ChildCommand is the hidden subcommand of the hub's binary that runs
// RunChild: `hub process-photo [flags]`, the image on standard input, the
// photo (a JPEG) on standard output.
const ChildCommand = "process-photo"

// ErrTooLarge means the upload is over the size in bytes it may have.
var ErrTooLarge = errors.New("photo: the file is larger than allowed")

// DefaultParallel is how many photos are made at once by default.
const DefaultParallel = 2

// maxOutput bounds the JPEG read from a child. A photo of Side × Side
// pixels at Quality weighs 20 to 150 KB; pure noise, the worst case,
// about 250 KB. More is not a photo the child meant to write.
const maxOutput = 4 << 20

// Isolated makes photos in child processes (see package platform/isolation),
// so that an image that crashes a decoder, makes it allocate without end
// or loop costs a child, never the server: the child caps its own address
// space, stack and CPU time when it starts (RunChild), and the parent kills
// it after Timeout. At most Parallel children run at once, since a child
// may use up to MaxMemory and uploads come from requests, many at a time;
// the others wait their turn (or their request's end). The zero value
// needs only Command.
type Isolated struct {
	// Command starts the child: the program and its first arguments, to
	// which the limits are appended, e.g. the hub's own executable and
	// ChildCommand. Required.
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

// Process reads an upload from r, at most max bytes (platform.MaxPhotoBytes
// when max is 0 or less), and makes its photo (see Process) in a child
// process. It returns the JPEG and the photo's record without its Key
// (which the store decides).
//
// Codes: TooLarge (more than max bytes, refused as soon as they are read,
// without a child; or more pixels than MaxPixels or MaxSide allow);
// UnsupportedType (not a JPEG, PNG, GIF or WebP image, one that does not
// decode, or one on which the child died, ran out of time or memory);
// Unavailable (no child could be started); Internal (the child wrote
// something that is not a photo). An error reading r is returned as it
// is, and so is ctx's when ctx ends first.
func (x *Isolated) Process(ctx context.Context, r io.Reader, max int64) ([]byte, *platform.ExpertPhoto, error) {
	if max <= 0 {
		max = platform.MaxPhotoBytes
	}
	src, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(src)) > max {
		return nil, nil, tooLarge(max, ErrTooLarge)
	}
	// Telling the format is four comparisons, not parsing: a file that is
	// plainly no image does not cost a child.
	if Sniff(src) == "" {
		return nil, nil, notImage(ErrNotImage)
	}
	if err := x.slots.Acquire(ctx, x.parallel()); err != nil {
		return nil, nil, err
	}
	res, err := isolation.Run(ctx, x.Command, []string{"-max", fmt.Sprint(max)}, bytes.NewReader(src),
		isolation.Limits{Timeout: x.Timeout, MaxMemory: x.MaxMemory}, maxOutput)
	x.slots.Release()
	if err != nil {
		return nil, nil, childError(err, max)
	}
	out := res.Output
	if res.Over {
		return nil, nil, fmt.Errorf("photo: the child wrote more than %d bytes", maxOutput)
	}
	// The size is read back from the JPEG's frame header (the standard
	// library reads the markers up to it, nothing more), which also checks
	// that the child wrote what a photo is.
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > Side || cfg.Height > Side {
		return nil, nil, fmt.Errorf("photo: the child wrote no photo (%d bytes, %d×%d: %v)", len(out), cfg.Width, cfg.Height, err)
	}
	sum := sha256.Sum256(out)
	return out, &platform.ExpertPhoto{Width: cfg.Width, Height: cfg.Height, Size: int64(len(out)), SHA256: hex.EncodeToString(sum[:])}, nil
}

// childError says a child's failure in platform terms: its refusals by
// their kind, and whatever the limits did to it as an image the hub cannot
// read. Anything else (ctx's end, a child that could not start) passes.
func childError(err error, max int64) error {
	var (
		refusal *isolation.Refusal
		failure *isolation.Failure
	)
	switch {
	case errors.As(err, &refusal):
		for _, known := range []error{ErrNotImage, ErrDamaged, ErrTooManyPixels, ErrTooLarge} {
			rest, ok := strings.CutPrefix(refusal.Message, known.Error())
			if !ok {
				continue
			}
			err := fmt.Errorf("%w%s", known, rest)
			if known == ErrTooManyPixels || known == ErrTooLarge {
				return tooLarge(max, err)
			}
			return notImage(err)
		}
		return fmt.Errorf("photo: the child refused to work: %s", refusal.Message)
	case errors.As(err, &failure):
		return notImage(err)
	}
	return err
}

// notImage refuses an upload the hub cannot read as a photo (415).
func notImage(err error) error {
	return &platform.Error{Code: platform.UnsupportedType, MessageID: "experts.error.photo_not_image",
		Data:    map[string]any{"Formats": "JPEG, PNG, GIF, WebP"},
		Message: "the upload is not a photo the hub can read", Err: err}
}

// tooLarge refuses an upload over max bytes or the limits on pixels
// (413); the message gives them all.
func tooLarge(max int64, err error) error {
	return &platform.Error{Code: platform.TooLarge, MessageID: "experts.error.photo_too_large",
		Data:    map[string]any{"Limit": humanBytes(max), "Megapixels": MaxPixels / 1_000_000, "Side": MaxSide},
		Message: "the photo is too large", Err: err}
}

// humanBytes writes a limit for people: "10 MB", "512 KB", "100 B".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// RunChild is the child's side of Isolated: it caps this process (address
// space, stack, CPU time: it is meant for a process that does nothing
// else), reads an image of at most -max bytes from stdin, writes its photo
// (Process) to stdout and returns the exit status: 0, or 1 with the error
// on stderr. An image that defeats the caps ends the process with the Go
// runtime's exit status 2, which the parent reads as well. args are the
// flags Isolated passes.
func RunChild(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	fs := flag.NewFlagSet(ChildCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	limits := isolation.AddFlags(fs)
	max := fs.Int64("max", platform.MaxPhotoBytes, "the largest image in bytes")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "usage: %s [-memory BYTES] [-cpu SECONDS] [-max BYTES] < IMAGE > JPEG\n", ChildCommand)
		return 1
	}
	if err := limits.Apply(); err != nil {
		fmt.Fprintf(stderr, "photo: cannot limit the child: %v\n", err)
		return 1
	}
	src, err := io.ReadAll(io.LimitReader(stdin, *max+1))
	if err != nil {
		fmt.Fprintf(stderr, "photo: reading the image: %v\n", err)
		return 1
	}
	if int64(len(src)) > *max {
		fmt.Fprintf(stderr, "%v: over %d bytes\n", ErrTooLarge, *max)
		return 1
	}
	p, err := Process(src)
	if err != nil {
		fmt.Fprintln(stderr, strings.ReplaceAll(err.Error(), "\n", " "))
		return 1
	}
	if _, err := stdout.Write(p.JPEG); err != nil {
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
