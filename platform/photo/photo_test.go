package photo_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/photo"
	"github.com/ca-uncac/hub/platform/photo/phototest"
)

// at is the colour of the photo's pixel at (x, y).
func at(t *testing.T, j []byte, x, y int) color.Color {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return m.At(x, y)
}

// TestPhotosAreMadeFromEveryFormat: an image of each accepted format comes
// out as a clean baseline JPEG that fits 600 × 600 with its proportions,
// not enlarged, with its transparent parts white and its colours where
// they were.
func TestPhotosAreMadeFromEveryFormat(t *testing.T) {
	type probe struct {
		x, y int
		want color.Color
	}
	for _, c := range []struct {
		name   string
		src    []byte
		w, h   int
		probes []probe
	}{
		{"a large landscape JPEG is shrunk to 600 pixels wide", encodeJPEG(t, cornered(1800, 1200)), 600, 400,
			[]probe{{20, 20, red}, {580, 380, blue}}},
		{"a portrait PNG is shrunk to 600 pixels high", encodePNG(t, cornered(300, 900)), 200, 600,
			[]probe{{10, 20, red}, {190, 580, blue}}},
		{"a small JPEG keeps its size", encodeJPEG(t, cornered(120, 80)), 120, 80,
			[]probe{{5, 5, red}, {110, 70, blue}}},
		{"a PNG's transparent half comes out white", encodePNG(t, halfClear(900, 300, red)), 600, 200,
			[]probe{{100, 100, white}, {500, 100, red}}},
		{"a GIF's transparent colour comes out white", encodeGIF(t, halfClear(160, 90, red)), 160, 90,
			[]probe{{20, 45, white}, {140, 45, red}}},
		{"a lossy WebP", readFile(t, "testdata/lossy.webp"), 96, 64,
			[]probe{{8, 8, red}, {90, 60, blue}}},
		{"a lossless WebP with alpha", readFile(t, "testdata/lossless-alpha.webp"), 96, 64,
			[]probe{{10, 30, white}, {80, 30, green}}},
		{"a lossy WebP with alpha", readFile(t, "testdata/lossy-alpha.webp"), 96, 64,
			[]probe{{10, 30, white}, {80, 30, green}}},
		{"a 600 × 600 image keeps its size", encodePNG(t, cornered(600, 600)), 600, 600,
			[]probe{{50, 50, red}}},
		{"a line one pixel high stays a pixel high", encodePNG(t, cornered(4000, 2)), 600, 1, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := photo.Process(c.src)
			if err != nil {
				t.Fatal(err)
			}
			if p.Width != c.w || p.Height != c.h {
				t.Fatalf("%d×%d, want %d×%d", p.Width, p.Height, c.w, c.h)
			}
			checkClean(t, p.JPEG, c.w, c.h)
			for _, pr := range c.probes {
				if got := at(t, p.JPEG, pr.x, pr.y); !near(got, pr.want) {
					t.Errorf("at (%d, %d): %v, want %v", pr.x, pr.y, got, pr.want)
				}
			}
		})
	}
}

// TestTheCameraMetadataDoesNotSurvive: a JPEG straight from a phone, with
// its EXIF block (orientation and GPS position), an XMP packet naming the
// place, an ICC profile and a comment, gives a photo with none of them.
func TestTheCameraMetadataDoesNotSurvive(t *testing.T) {
	for _, order := range []string{"MM", "II"} {
		src := withSegments(encodeJPEG(t, cornered(800, 600)),
			exifSegment(order, 1),
			segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><photoshop:City>Almaty</photoshop:City></x:xmpmeta>")),
			segment(0xe2, append([]byte("ICC_PROFILE\x00\x01\x01"), make([]byte, 128)...)),
			segment(0xfe, []byte("Almaty, 43.2389 N 76.8897 E")),
		)
		if !bytes.Contains(src, phototest.GPSBytes(order)) || !bytes.Contains(src, []byte("Exif")) {
			t.Fatal("the test's upload has no GPS position")
		}
		p, err := photo.Process(src)
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, p.JPEG, 600, 450)
		if bytes.Contains(p.JPEG, phototest.GPSBytes(order)) {
			t.Errorf("%s: the photo holds the GPS latitude", order)
		}
	}
}

// TestAPortraitTakenSidewaysComesOutUpright: each EXIF orientation turns
// the photo as a browser shows the original: the red corner of the
// sensor's top left lands where the orientation says, and a quarter turn
// swaps width and height. A damaged EXIF block leaves the image as it is.
func TestAPortraitTakenSidewaysComesOutUpright(t *testing.T) {
	sensor := encodeJPEG(t, cornered(160, 80))
	corner := map[string]image.Point{"top left": {10, 10}, "top right": {-10, 10}, "bottom right": {-10, -10}, "bottom left": {10, -10}}
	for _, c := range []struct {
		name        string
		orientation int
		w, h        int
		corner      string
	}{
		{"1 is upright", 1, 160, 80, "top left"},
		{"2 is mirrored", 2, 160, 80, "top right"},
		{"3 is upside down", 3, 160, 80, "bottom right"},
		{"4 is mirrored upside down", 4, 160, 80, "bottom left"},
		{"5 is transposed", 5, 80, 160, "top left"},
		{"6, a phone held upright, turns a quarter clockwise", 6, 80, 160, "top right"},
		{"7 is transversed", 7, 80, 160, "bottom right"},
		{"8 turns a quarter anticlockwise", 8, 80, 160, "bottom left"},
	} {
		for _, order := range []string{"MM", "II"} {
			t.Run(c.name+" ("+order+")", func(t *testing.T) {
				p, err := photo.Process(withSegments(sensor, exifSegment(order, c.orientation)))
				if err != nil {
					t.Fatal(err)
				}
				checkClean(t, p.JPEG, c.w, c.h)
				pt := corner[c.corner]
				if pt.X < 0 {
					pt.X += c.w
				}
				if pt.Y < 0 {
					pt.Y += c.h
				}
				if got := at(t, p.JPEG, pt.X, pt.Y); !near(got, red) {
					t.Errorf("the %s corner is %v, not red", c.corner, got)
				}
			})
		}
	}
	damaged := exifSegment("MM", 6)
	binary.BigEndian.PutUint32(damaged[4+6+4:], 1<<30) // the first directory's offset, far past the end
	for name, src := range map[string][]byte{
		"a directory past the block's end": withSegments(sensor, damaged),
		"no orientation tag":               withSegments(sensor, exifSegment("MM", 0)),
		"an orientation of 9":              withSegments(sensor, exifSegment("II", 9)),
		"a block cut short":                withSegments(sensor, segment(0xe1, []byte("Exif\x00\x00MM\x00\x2a"))),
	} {
		p, err := photo.Process(src)
		if err != nil || p.Width != 160 || p.Height != 80 {
			t.Errorf("%s: %v, want the image as it is", name, err)
		}
	}
}

// TestWhatIsNotAPhotoIsRefused: files of other types, damaged images and
// images whose header claims too many pixels are refused; the last before
// anything is decoded (in microseconds) and without allocating their
// pixels (the largest would need 40 GB).
func TestWhatIsNotAPhotoIsRefused(t *testing.T) {
	j := encodeJPEG(t, cornered(64, 48))
	g := encodeGIF(t, cornered(64, 48))
	brokenPNG := encodePNG(t, cornered(64, 48))
	brokenPNG[len(brokenPNG)-20] ^= 0xff // inside the last data chunk
	for _, c := range []struct {
		name string
		src  []byte
		want error
		bomb bool
	}{
		{"a text file named photo.jpg", []byte("This is my photo, honestly.\n"), photo.ErrNotImage, false},
		{"an empty file", nil, photo.ErrNotImage, false},
		{"a PDF", []byte("%PDF-1.7\n1 0 obj << >> endobj\n"), photo.ErrNotImage, false},
		{"an SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), photo.ErrNotImage, false},
		{"a BMP", append([]byte("BM"), make([]byte, 60)...), photo.ErrNotImage, false},
		{"a truncated JPEG", j[:len(j)/2], photo.ErrDamaged, false},
		{"a JPEG's first bytes alone", j[:3], photo.ErrDamaged, false},
		{"a PNG with a damaged data chunk", brokenPNG, photo.ErrDamaged, false},
		{"a RIFF that is not a WebP", []byte("RIFF\x04\x00\x00\x00WEBPjunk"), photo.ErrDamaged, false},
		{"a PNG header claiming 100,000 × 100,000 pixels", pngHeader(100_000, 100_000), photo.ErrTooManyPixels, true},
		{"a PNG of 41.6 megapixels", pngHeader(8000, 5200), photo.ErrTooManyPixels, true},
		{"a PNG 12,001 pixels wide and 10 high", pngHeader(12_001, 10), photo.ErrTooManyPixels, true},
		{"a JPEG claiming 65,500 × 65,500 pixels", withJPEGSize(t, j, 65_500, 65_500), photo.ErrTooManyPixels, true},
		{"a GIF claiming 65,535 × 65,535 pixels", withGIFSize(t, g, 65_535, 65_535), photo.ErrTooManyPixels, true},
		{"a WebP claiming 16,384 × 16,384 pixels", withVP8LSize(t, 16_384, 16_384), photo.ErrTooManyPixels, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			p, err := photo.Process(c.src)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, c.want) {
				t.Fatalf("%v (%v), want %v", err, p, c.want)
			}
			t.Logf("%v in %s", err, took)
			// Decoding the smallest of these would allocate 160 MB and take
			// seconds; the time allows for a busy machine.
			if allocated := after.TotalAlloc - before.TotalAlloc; c.bomb && (allocated > 1<<20 || took > time.Second) {
				t.Errorf("refused after %s and %d bytes allocated", took, allocated)
			}
		})
	}
}

func TestSniffTellsTheFormatsFromTheirFirstBytes(t *testing.T) {
	for _, c := range []struct {
		name, head, want string
	}{
		{"JPEG", "\xff\xd8\xff\xe0", photo.FormatJPEG},
		{"PNG", "\x89PNG\r\n\x1a\n", photo.FormatPNG},
		{"GIF 87a", "GIF87a", photo.FormatGIF},
		{"GIF 89a", "GIF89a", photo.FormatGIF},
		{"WebP", "RIFF\x00\x00\x00\x00WEBP", photo.FormatWebP},
		{"a WAV is a RIFF but no WebP", "RIFF\x00\x00\x00\x00WAVE", ""},
		{"a JPEG's first two bytes are not enough", "\xff\xd8", ""},
		{"HTML", "<!doctype html>", ""},
	} {
		if got := photo.Sniff([]byte(c.head)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
