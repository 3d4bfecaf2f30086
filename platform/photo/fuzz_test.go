package photo_test

import (
	"errors"
	"testing"

	"github.com/ca-uncac/hub/platform/photo"
)

// FuzzPhoto feeds arbitrary bytes to Process, the child's work: it must
// return a clean baseline JPEG that fits Side × Side or one of its three
// errors, never panic in the hub's own code (the EXIF walk, the turning,
// the limits; a decoder's panic is an error of the file) and never hang.
// The limits are lowered to a megapixel so that each input decodes in
// milliseconds: the code paths are the same. Seeds: an image of each
// format, a phone's JPEG with EXIF in both byte orders, damaged EXIF and
// the headers of decompression bombs (a failing input found later goes to
// testdata/fuzz/FuzzPhoto, committed with its fix).
func FuzzPhoto(f *testing.F) {
	defer photo.SetLimits(1<<20, 2048)()
	j := encodeJPEG(f, cornered(64, 48))
	f.Add(j)
	f.Add(withSegments(j, exifSegment("MM", 6)))
	f.Add(withSegments(j, exifSegment("II", 8), segment(0xfe, []byte("comment"))))
	f.Add(withSegments(j, segment(0xe1, []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff"))))
	f.Add(encodePNG(f, halfClear(40, 30, red)))
	f.Add(encodeGIF(f, halfClear(40, 30, red)))
	f.Add(readFile(f, "testdata/lossy.webp"))
	f.Add(readFile(f, "testdata/lossless-alpha.webp"))
	f.Add(readFile(f, "testdata/lossy-alpha.webp"))
	f.Add(pngHeader(100_000, 100_000))
	f.Add(withJPEGSize(f, j, 5000, 5000))
	f.Add([]byte("GIF89a"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := photo.Process(src)
		if err != nil {
			if !errors.Is(err, photo.ErrNotImage) && !errors.Is(err, photo.ErrDamaged) && !errors.Is(err, photo.ErrTooManyPixels) {
				t.Fatalf("an error of no known kind: %v", err)
			}
			return
		}
		if p.Width < 1 || p.Height < 1 || p.Width > photo.Side || p.Height > photo.Side {
			t.Fatalf("a photo of %d×%d", p.Width, p.Height)
		}
		checkClean(t, p.JPEG, p.Width, p.Height)
	})
}
