package photo

import (
	"bytes"
	"encoding/binary"
)

// exifOrientation reads the orientation a camera recorded in a JPEG's EXIF
// block (TIFF tag 0x0112 of the first image directory): 1 to 8, or 1 when
// there is none or the block is damaged. Phones store a portrait as the
// sensor saw it, on its side, and say so here; the photo is turned
// accordingly (orient), as browsers show the original.
//
// Only this one tag is read, and nothing is trusted: the walk over the
// JPEG's segments stops at the first scan, every offset is checked against
// the segment's length, and every step moves forward, so the work is
// bounded by the file's length whatever it holds.
func exifOrientation(b []byte) int {
	if !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return 1
		}
		marker := b[i+1]
		switch {
		case marker == 0xff: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || marker >= 0xd0 && marker <= 0xd8: // no length
			i += 2
			continue
		case marker == 0xda || marker == 0xd9: // start of scan, end of image
			return 1
		}
		n := int(b[i+2])<<8 | int(b[i+3]) // the length counts its own two bytes
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		if payload := b[i+4 : i+2+n]; marker == 0xe1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")) {
			return tiffOrientation(payload[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 (a SHORT) in the first image directory
// of the TIFF structure t that an EXIF block holds.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	offset := uint64(order.Uint32(t[4:]))
	if offset < 8 || offset+2 > uint64(len(t)) {
		return 1
	}
	entries := int(order.Uint16(t[offset:]))
	for p := int(offset) + 2; entries > 0 && p+12 <= len(t); entries, p = entries-1, p+12 {
		e := t[p : p+12]
		if order.Uint16(e) != 0x0112 {
			continue
		}
		// Type 3 is SHORT; the one value sits at the start of the value
		// field.
		if order.Uint16(e[2:]) != 3 || order.Uint32(e[4:]) != 1 {
			return 1
		}
		if o := int(order.Uint16(e[8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}
