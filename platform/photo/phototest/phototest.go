// Package phototest builds images for the tests of the experts' photos: a
// camera's EXIF block written by hand (an orientation and a GPS position),
// the header of a decompression bomb, and the check that a photo is a
// clean baseline JPEG, so that the tests of platform/photo and the hub's
// end-to-end tests use the same files and the same check.
package phototest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/jpeg"
)

// Latitude and Longitude are where the test photos say they were taken:
// Almaty, 43°14′20″ N 76°53′23″ E, as degrees, minutes and seconds.
var (
	Latitude  = [3]uint32{43, 14, 20}
	Longitude = [3]uint32{76, 53, 23}
)

// Segment is a JPEG marker segment: 0xFF, the marker, the length (which
// counts itself) and the payload.
func Segment(marker byte, payload []byte) []byte {
	return append([]byte{0xff, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
}

// WithSegments puts segments (each a whole marker segment) right after a
// JPEG's start-of-image marker, where cameras write theirs.
func WithSegments(j []byte, segments ...[]byte) []byte {
	out := append([]byte{}, j[:2]...)
	for _, s := range segments {
		out = append(out, s...)
	}
	return append(out, j[2:]...)
}

// ByteOrder is the TIFF byte order "MM" (big-endian) or "II"
// (little-endian).
func ByteOrder(order string) binary.AppendByteOrder {
	if order == "II" {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// EXIF is the APP1 segment a camera writes: "Exif", then a TIFF structure
// in the byte order "MM" or "II" whose first directory holds the
// orientation (when o is not 0) and a pointer to a GPS directory with
// Latitude and Longitude.
func EXIF(order string, o int) []byte {
	bo := ByteOrder(order)
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
	for _, v := range append(Latitude[:], Longitude[:]...) {
		u32(int(v))
		u32(1)
	}
	return Segment(0xe1, append([]byte("Exif\x00\x00"), t...))
}

// GPSBytes is Latitude as EXIF stores it in byte order order: what must
// not survive in a photo.
func GPSBytes(order string) []byte {
	bo := ByteOrder(order)
	var b []byte
	for _, v := range Latitude {
		b = bo.AppendUint32(b, v)
		b = bo.AppendUint32(b, 1)
	}
	return b
}

// PNGHeader is a PNG that stops after its header chunk, which claims
// w × h pixels of 8-bit RGBA: what a decompression bomb shows before its
// data.
func PNGHeader(w, h uint32) []byte {
	chunk := []byte("IHDR")
	chunk = binary.BigEndian.AppendUint32(chunk, w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 8, 6, 0, 0, 0)
	b := binary.BigEndian.AppendUint32([]byte("\x89PNG\r\n\x1a\n"), uint32(len(chunk)-4))
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

// Markers lists a JPEG's markers up to its first scan.
func Markers(j []byte) ([]byte, error) {
	if !bytes.HasPrefix(j, []byte{0xff, 0xd8}) {
		return nil, fmt.Errorf("not a JPEG: % x", j[:min(len(j), 8)])
	}
	var ms []byte
	for i := 2; i+4 <= len(j); {
		if j[i] != 0xff {
			return nil, fmt.Errorf("no marker at %d", i)
		}
		ms = append(ms, j[i+1])
		if j[i+1] == 0xda {
			return ms, nil
		}
		i += 2 + (int(j[i+2])<<8 | int(j[i+3]))
	}
	return nil, fmt.Errorf("no scan in the JPEG")
}

// CheckClean says what is wrong, if anything, with j as a photo of w × h
// pixels: it must be a baseline JPEG (SOF0) with no segment but
// quantization and Huffman tables, the frame and the scan (no APPn: no
// EXIF, XMP, ICC or JFIF; no comment) and none of the words of the
// metadata the tests put in uploads.
func CheckClean(j []byte, w, h int) error {
	ms, err := Markers(j)
	if err != nil {
		return err
	}
	sawFrame := false
	for _, m := range ms {
		switch m {
		case 0xc0:
			sawFrame = true
		case 0xdb, 0xc4, 0xda:
		default:
			return fmt.Errorf("the photo has a segment with marker %#x", m)
		}
	}
	if !sawFrame {
		return fmt.Errorf("the photo is not a baseline JPEG (no SOF0)")
	}
	for _, s := range []string{"Exif", "http://ns.adobe.com", "ICC_PROFILE", "Almaty"} {
		if bytes.Contains(j, []byte(s)) {
			return fmt.Errorf("the photo holds %q", s)
		}
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(j))
	if err != nil || cfg.Width != w || cfg.Height != h {
		return fmt.Errorf("the photo is %d×%d (%v), want %d×%d", cfg.Width, cfg.Height, err, w, h)
	}
	return nil
}
