package photo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"os"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/photo"
)

// TestMain lets the test binary be the child of photo.Isolated, as the
// hub's binary is in production: run with photo.ChildCommand, it makes
// one photo and exits.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == photo.ChildCommand {
		os.Exit(photo.RunChild(os.Stdin, os.Stdout, os.Stderr, os.Args[2:]))
	}
	os.Exit(m.Run())
}

// isolated runs the child in this test binary.
func isolated(t testing.TB) *photo.Isolated {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &photo.Isolated{Command: []string{exe, photo.ChildCommand}, Timeout: 30 * time.Second}
}

// noChild is an Isolated whose child cannot start: what it answers without
// Unavailable was decided without a child.
var noChild = &photo.Isolated{Command: []string{"/nonexistent/hub", photo.ChildCommand}}

// TestTheIsolatedPhotoIsTheOneMadeInProcess: through the child, an image
// gives the same JPEG, byte for byte, as Process, with its size, length
// and SHA-256 in the record.
func TestTheIsolatedPhotoIsTheOneMadeInProcess(t *testing.T) {
	x := isolated(t)
	for name, src := range map[string][]byte{
		"a phone's JPEG with EXIF": withSegments(encodeJPEG(t, cornered(1600, 1200)), exifSegment("II", 6)),
		"a PNG with transparency":  encodePNG(t, halfClear(700, 300, green)),
		"a WebP":                   readFile(t, "testdata/lossy-alpha.webp"),
	} {
		t.Run(name, func(t *testing.T) {
			want, err := photo.Process(src)
			if err != nil {
				t.Fatal(err)
			}
			got, rec, err := x.Process(context.Background(), bytes.NewReader(src), 0)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(got)
			if !bytes.Equal(got, want.JPEG) || rec.Width != want.Width || rec.Height != want.Height ||
				rec.Size != int64(len(got)) || rec.SHA256 != hex.EncodeToString(sum[:]) || rec.Key != "" {
				t.Fatalf("isolated %d bytes %+v, in process %d bytes %d×%d", len(got), rec, len(want.JPEG), want.Width, want.Height)
			}
		})
	}
}

// endless is an upload that never ends, counting what was read of it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.read += int64(len(p))
	return len(p), nil
}

// TestIsolatedRefusalsAreTheWebsStatuses: what is not a photo is
// UnsupportedType (415), what is too large TooLarge (413), each with its
// message for the reader; an upload over the limit is read no further than
// one byte past it, and neither it nor a file that is plainly no image
// starts a child.
func TestIsolatedRefusalsAreTheWebsStatuses(t *testing.T) {
	x := isolated(t)
	j := encodeJPEG(t, cornered(64, 48))
	for _, c := range []struct {
		name    string
		x       *photo.Isolated
		src     []byte
		max     int64
		code    string
		message string
		cause   error
	}{
		{"a text file is refused without a child", noChild, []byte("just text"), 0,
			platform.UnsupportedType, "experts.error.photo_not_image", photo.ErrNotImage},
		{"an upload over the limit is refused without a child", noChild, j, 100,
			platform.TooLarge, "experts.error.photo_too_large", photo.ErrTooLarge},
		{"a truncated JPEG is refused by the child", x, j[:len(j)-200], 0,
			platform.UnsupportedType, "experts.error.photo_not_image", photo.ErrDamaged},
		{"a decompression bomb is refused by the child", x, pngHeader(100_000, 100_000), 0,
			platform.TooLarge, "experts.error.photo_too_large", photo.ErrTooManyPixels},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, rec, err := c.x.Process(context.Background(), bytes.NewReader(c.src), c.max)
			e := platform.AsError(err)
			if e == nil || e.Code != c.code || e.MessageID != c.message || !errors.Is(err, c.cause) {
				t.Fatalf("%v (%+v), want %s %s", err, rec, c.code, c.message)
			}
			if c.code == platform.UnsupportedType && e.Data["Formats"] != "JPEG, PNG, GIF, WebP" {
				t.Errorf("the message's data: %v", e.Data)
			}
		})
	}

	up := &endless{}
	start := time.Now()
	_, _, err := noChild.Process(context.Background(), up, 0)
	e := platform.AsError(err)
	if e == nil || e.Code != platform.TooLarge || e.Data["Limit"] != "10 MB" || e.Data["Megapixels"] != 40 || e.Data["Side"] != 12000 {
		t.Fatalf("an endless upload: %v %+v", err, e)
	}
	if up.read > platform.MaxPhotoBytes+64<<10 {
		t.Errorf("read %d bytes of an upload over %d", up.read, platform.MaxPhotoBytes)
	}
	t.Logf("an endless upload refused after %d bytes and %s", up.read, time.Since(start).Round(time.Millisecond))

	if _, _, err := noChild.Process(context.Background(), bytes.NewReader(j), 0); platform.ErrorCode(err) != platform.Unavailable {
		t.Errorf("a photo without a child to make it: %v", err)
	}
}

// TestAnImageThatExhaustsTheChildIsRefused: a PNG of 36 megapixels of
// nothing (within the limits, 30 KB compressed, 144 MB decoded) costs a
// child capped at 64 MB its life, not the server: the upload is refused as
// an image the hub cannot read, and the next photo is made.
func TestAnImageThatExhaustsTheChildIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a 36-megapixel PNG")
	}
	bomb := encodePNG(t, image.NewGray(image.Rect(0, 0, 6000, 6000)))
	t.Logf("the PNG: %d bytes", len(bomb))
	x := isolated(t)
	x.MaxMemory = 64 << 20
	start := time.Now()
	_, _, err := x.Process(context.Background(), bytes.NewReader(bomb), 0)
	if platform.ErrorCode(err) != platform.UnsupportedType {
		t.Fatalf("%v, want unsupported type", err)
	}
	t.Logf("%v in %s", err, time.Since(start).Round(time.Millisecond))
	// The next upload, under the usual limit (64 MB of address space is
	// too tight for the Go runtime's own reservations to be sure of any
	// image), is made by the same parent.
	x.MaxMemory = 0
	if _, _, err := x.Process(context.Background(), bytes.NewReader(encodeJPEG(t, cornered(800, 800))), 0); err != nil {
		t.Fatalf("the next photo: %v", err)
	}
}

// TestAWaitingUploadGivesUpWithItsRequest: while Parallel children run,
// another upload waits for its turn, and stops waiting when its request
// ends.
func TestAWaitingUploadGivesUpWithItsRequest(t *testing.T) {
	// A child that takes its time (a shell that sleeps, whatever its
	// flags) holds the one slot.
	x := &photo.Isolated{Command: []string{"/bin/sh", "-c", "sleep 10", "sh"}, Parallel: 1}
	src := encodeJPEG(t, cornered(10, 10))
	first, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := x.Process(first, bytes.NewReader(src), 0)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, _, err := x.Process(ctx, bytes.NewReader(src), 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the waiting upload: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the waiting upload gave up after %s", took)
	}
	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("the first upload: %v", err)
	}
}
