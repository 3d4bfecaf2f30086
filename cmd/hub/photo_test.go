package main

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo/mongotest"
	"github.com/ca-uncac/hub/platform/photo/phototest"
)

// phoneJPEG is a 2000 × 1500 JPEG as a phone held upright writes it: on its
// side, with EXIF saying so (orientation 6) and where it was taken.
func phoneJPEG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 2000, 1500))
	for y := range 1500 {
		for x := range 2000 {
			m.Set(x, y, color.RGBA{uint8(x / 8), uint8(y / 6), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return phototest.WithSegments(b.Bytes(), phototest.EXIF("II", 6))
}

// TestTheHubBinaryMakesPhotosInItsHiddenCommand: the real binary answers
// `hub process-photo` with the photo of the image on its standard input
// (upright, 450 × 600, without the EXIF block and its GPS position), and
// refuses a file that is no image and a decompression bomb (exit status 1,
// the reason on standard error).
func TestTheHubBinaryMakesPhotosInItsHiddenCommand(t *testing.T) {
	bin := buildHub(t)
	run := func(in []byte) ([]byte, string, error) {
		cmd := exec.Command(bin, "process-photo")
		cmd.Stdin = bytes.NewReader(in)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.Bytes(), errb.String(), err
	}
	out, errs, err := run(phoneJPEG(t))
	if err != nil {
		t.Fatalf("a phone's photo: %v %s", err, errs)
	}
	if err := phototest.CheckClean(out, 450, 600); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, phototest.GPSBytes("II")) {
		t.Fatal("the photo holds the GPS latitude")
	}
	var ee *exec.ExitError
	for name, c := range map[string]struct {
		in   []byte
		want string
	}{
		"a text file":          {[]byte("not a photo"), "photo: not a JPEG, PNG, GIF or WebP image"},
		"a decompression bomb": {phototest.PNGHeader(100_000, 100_000), "photo: the image has too many pixels: 100000×100000"},
	} {
		start := time.Now()
		out, errs, err := run(c.in)
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.HasPrefix(errs, c.want) || len(out) != 0 {
			t.Errorf("%s: %v, %d bytes out, %q", name, err, len(out), errs)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: refused after %s", name, took)
		}
	}
}

// TestTheHubsPhotosAreMadeByItsOwnChild: the photos the hub wires up
// (newPhotos) are made by a child of its own executable (this test binary
// stands for it, see TestMain) and stored; what is no image is refused
// with the code the web layer answers 415, and not stored.
func TestTheHubsPhotosAreMadeByItsOwnChild(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	store := mongotest.FolderStore(t)
	photos := newPhotos(exe, store, Config{ExtractTimeout: 30 * time.Second})
	ctx := context.Background()
	const expert = "65f0c0ffee00000000000002"
	ph, err := photos.Put(ctx, expert, bytes.NewReader(phoneJPEG(t)))
	if err != nil {
		t.Fatal(err)
	}
	if ph.Width != 450 || ph.Height != 600 || !strings.HasPrefix(ph.Key, "photos/"+expert+"/") {
		t.Fatalf("photo %+v", ph)
	}
	if _, err := photos.Put(ctx, expert, strings.NewReader("%PDF-1.7")); platform.ErrorCode(err) != platform.UnsupportedType {
		t.Fatalf("a PDF as a photo: %v", err)
	}
	if list, err := store.List(ctx, ""); err != nil || len(list) != 1 || list[0].Key != ph.Key {
		t.Fatalf("stored: %v %+v", err, list)
	}
}
