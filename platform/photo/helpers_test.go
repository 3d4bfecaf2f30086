package photo_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
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

// withSegments puts segments (each a whole marker segment) right after a
// JPEG's start-of-image marker, where cameras write theirs.
func withSegments(j []byte, segments ...[]byte) []byte {
	out := append([]byte{}, j[:2]...)
	for _, s := range segments {
		out = append(out, s...)
	}
	return append(out, j[2:]...)
}

// segment is a JPEG marker segment: 0xFF, the marker, the length (which
// counts itself) and the payload.
func segment(marker byte, payload []byte) []byte {
	return append([]byte{0xff, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
}

// Almaty, where the test photos were not taken: 43°14′20″ N 76°53′23″ E.
var latitude, longitude = [3]uint32{43, 14, 20}, [3]uint32{76, 53, 23}

// exifSegment is the APP1 segment a camera writes, built by hand: "Exif",
// then a TIFF structure in the byte order "MM" (big-endian) or "II"
// (little-endian) whose first directory holds the orientation (when o is
// not 0) and a pointer to a GPS directory with the latitude and longitude
// of Almaty.
func exifSegment(order string, o int) []byte {
	bo := byteOrder(order)
	var t []byte
	u16 := func(v int) { t = bo.AppendUint16(t, uint16(v)) }
	u32 := func(v int) { t = bo.AppendUint32(t, uint32(v)) }
	entry := func(tag, typ, count int, value []byte) {
		u16(tag)
		u16(typ)
		u32(count)
		t = append(t, append(value, make([]byte, 4-len(value))...)...)
	}
	short := func(v int) []byte { return bo.AppendUint16(nil, uint16(v)) }
	long := func(v int) []byte { return bo.AppendUint32(nil, uint32(v)) }

	t = append(t, order...)
	u16(42)
	u32(8) // the first directory follows the header
	entries := 1
	if o != 0 {
		entries++
	}
	ifd0End := 8 + 2 + 12*entries + 4
	gpsEnd := ifd0End + 2 + 12*4 + 4
	u16(entries)
	if o != 0 {
		entry(0x0112, 3, 1, short(o)) // Orientation, SHORT
	}
	entry(0x8825, 4, 1, long(ifd0End)) // GPSInfo, LONG: the GPS directory's offset
	u32(0)
	u16(4)
	entry(0x0001, 2, 2, []byte("N\x00")) // GPSLatitudeRef, ASCII
	entry(0x0002, 5, 3, long(gpsEnd))    // GPSLatitude, 3 RATIONALs
	entry(0x0003, 2, 2, []byte("E\x00")) // GPSLongitudeRef
	entry(0x0004, 5, 3, long(gpsEnd+24)) // GPSLongitude
	u32(0)
	for _, v := range append(latitude[:], longitude[:]...) {
		u32(int(v))
		u32(1)
	}
	return segment(0xe1, append([]byte("Exif\x00\x00"), t...))
}

// byteOrder is the TIFF byte order "MM" or "II".
func byteOrder(order string) binary.AppendByteOrder {
	if order == "II" {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// gpsBytes is the latitude as exifSegment stores it in byte order bo.
func gpsBytes(bo binary.AppendByteOrder) []byte {
	var b []byte
	for _, v := range latitude {
		b = bo.AppendUint32(b, v)
		b = bo.AppendUint32(b, 1)
	}
	return b
}

// markers lists a JPEG's markers up to its first scan, and fails the test
// when the file is not a JPEG.
func markers(t testing.TB, j []byte) []byte {
	t.Helper()
	if !bytes.HasPrefix(j, []byte{0xff, 0xd8}) {
		t.Fatalf("not a JPEG: % x", j[:min(len(j), 8)])
	}
	var ms []byte
	for i := 2; i+4 <= len(j); {
		if j[i] != 0xff {
			t.Fatalf("no marker at %d", i)
		}
		ms = append(ms, j[i+1])
		if j[i+1] == 0xda {
			return ms
		}
		i += 2 + (int(j[i+2])<<8 | int(j[i+3]))
	}
	t.Fatal("no scan in the JPEG")
	return nil
}

// checkClean fails the test unless j is a baseline JPEG (SOF0) of w × h
// pixels with no segment but quantization and Huffman tables, the frame
// and the scan: no APPn (EXIF, XMP, ICC, JFIF), no comment.
func checkClean(t testing.TB, j []byte, w, h int) {
	t.Helper()
	sawFrame := false
	for _, m := range markers(t, j) {
		switch m {
		case 0xc0:
			sawFrame = true
		case 0xdb, 0xc4, 0xda:
		default:
			t.Fatalf("the photo has a segment with marker %#x", m)
		}
	}
	if !sawFrame {
		t.Fatal("the photo is not a baseline JPEG (no SOF0)")
	}
	for _, s := range []string{"Exif", "http://ns.adobe.com", "ICC_PROFILE", "Almaty"} {
		if bytes.Contains(j, []byte(s)) {
			t.Fatalf("the photo holds %q", s)
		}
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(j))
	if err != nil || cfg.Width != w || cfg.Height != h {
		t.Fatalf("the photo is %d×%d (%v), want %d×%d", cfg.Width, cfg.Height, err, w, h)
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

// pngHeader is a PNG that stops after its header chunk, which claims
// w × h pixels: what a decompression bomb shows before its data.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA, no interlace
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
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
