package photo_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"github.com/ca-uncac/hub/platform/photo/phototest"
)

// The tests make their images themselves, except the WebP ones (Go has
// no WebP encoder; see testdata/README.md).

var (
	red         = color.NRGBA{255, 0, 0, 255}
	blue        = color.NRGBA{0, 0, 255, 255}
	green       = color.NRGBA{0, 160, 0, 255}
	white       = color.NRGBA{255, 255, 255, 255}
	transparent = color.NRGBA{}
)

// cornered is a w × h image whose top-left corner (a quarter of each side)
// is red and the rest blue: where the corner ends up tells how the image
// was turned.
func cornered(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := blue
			if x < w/4 && y < h/4 {
				c = red
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

// halfClear is a w × h image whose left half is transparent and right half
// opaque c.
func halfClear(w, h int, c color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := w / 2; x < w; x++ {
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encodeGIF writes m with a palette of transparent, red and blue.
func encodeGIF(t testing.TB, m image.Image) []byte {
	t.Helper()
	p := image.NewPaletted(m.Bounds(), color.Palette{transparent, red, blue})
	for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
		for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
			p.Set(x, y, m.At(x, y))
		}
	}
	var b bytes.Buffer
	if err := gif.Encode(&b, p, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	withSegments = phototest.WithSegments
	segment      = phototest.Segment
	exifSegment  = phototest.EXIF
	pngHeader    = phototest.PNGHeader
)

// checkClean fails the test unless j is a clean baseline JPEG of w × h
// pixels (phototest.CheckClean).
func checkClean(t testing.TB, j []byte, w, h int) {
	t.Helper()
	if err := phototest.CheckClean(j, w, h); err != nil {
		t.Fatal(err)
	}
}

// near reports whether two colours differ by at most 48 in each channel,
// which JPEG's losses stay within away from edges.
func near(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return int(x>>8)-int(y>>8) <= 48 && int(y>>8)-int(x>>8) <= 48 }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

// withJPEGSize is a JPEG whose frame header claims w × h pixels.
func withJPEGSize(t testing.TB, j []byte, w, h uint16) []byte {
	t.Helper()
	j = append([]byte{}, j...)
	i := bytes.Index(j, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0")
	}
	binary.BigEndian.PutUint16(j[i+5:], h)
	binary.BigEndian.PutUint16(j[i+7:], w)
	return j
}

// withGIFSize is a GIF whose logical screen and first frame claim w × h.
func withGIFSize(t testing.TB, g []byte, w, h uint16) []byte {
	t.Helper()
	g = append([]byte{}, g...)
	binary.LittleEndian.PutUint16(g[6:], w)
	binary.LittleEndian.PutUint16(g[8:], h)
	return g
}

// withVP8LSize is a lossless WebP whose header claims w × h pixels (at
// most 16384 each): 14 bits of width - 1, then 14 of height - 1, after the
// signature byte 0x2f.
func withVP8LSize(t testing.TB, w, h uint32) []byte {
	t.Helper()
	b := readFile(t, "testdata/lossless-alpha.webp")
	i := bytes.Index(b, []byte("VP8L"))
	if i < 0 || b[i+8] != 0x2f {
		t.Fatal("not a VP8L file")
	}
	bits := binary.LittleEndian.Uint32(b[i+9:])
	bits = bits&^(1<<28-1) | (w - 1) | (h-1)<<14
	binary.LittleEndian.PutUint32(b[i+9:], bits)
	return b
}
