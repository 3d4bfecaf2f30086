// Package photo makes the experts' profile photos from the images they
// upload: a JPEG the hub wrote itself, at most Side pixels a side, upright,
// on white, and without any of the upload's metadata (the EXIF block with
// the camera's GPS position, XMP, ICC profiles, comments), since the file
// is encoded anew from the pixels alone.
//
// Process is pure: bytes in, JPEG out. The server does not call it itself:
// Isolated runs it in a child process of the hub's binary (RunChild is the
// child's side, under the limits of package platform/isolation), because
// image decoders are parsers of hostile files like any other.
//
// The accepted formats are JPEG, PNG, GIF (its first frame) and WebP,
// told from the content, never from a file name. The decoders are the
// standard library's and golang.org/x/image/webp; the resizing is
// golang.org/x/image/draw's Catmull-Rom. An image's dimensions are read
// from its header and refused over MaxPixels or MaxSide before a pixel is
// decoded, so a header that claims 100,000 × 100,000 pixels (a
// decompression bomb) costs nothing.
package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Limits and the shape of a stored photo.
const (
	// Side is the largest width and height of a stored photo; a smaller
	// image keeps its size (it is never enlarged).
	Side = 600
	// Quality is the JPEG quality of a stored photo.
	Quality = 85
)

// The largest image accepted, by its header: 40 megapixels (a phone's
// photo has 12 to 50) and 12,000 pixels a side. Decoding one holds about 4
// bytes a pixel (8 for a 16-bit PNG, 16 while a progressive JPEG's
// coefficients are kept), within the child's memory limit.
const (
	MaxPixels = 40_000_000
	MaxSide   = 12_000
)

// maxPixels and maxSide are the limits applied: the constants, except in
// the fuzz test, which works on small images to run fast.
var (
	maxPixels = MaxPixels
	maxSide   = MaxSide
)

// Errors of Process.
var (
	// ErrNotImage means the content is none of the accepted formats.
	ErrNotImage = errors.New("photo: not a JPEG, PNG, GIF or WebP image")
	// ErrDamaged means the content starts as an accepted format but does
	// not decode (truncated, corrupt, or a variant the decoder lacks,
	// such as an animated WebP).
	ErrDamaged = errors.New("photo: the image cannot be decoded")
	// ErrTooManyPixels means the image is larger than MaxPixels or
	// MaxSide.
	ErrTooManyPixels = errors.New("photo: the image has too many pixels")
)

// Formats of Sniff.
const (
	FormatJPEG = "jpeg"
	FormatPNG  = "png"
	FormatGIF  = "gif"
	FormatWebP = "webp"
)

// Sniff tells an image's format from its first bytes (the first 12 are
// enough): FormatJPEG, FormatPNG, FormatGIF, FormatWebP, or "" for
// anything else.
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return FormatJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return FormatGIF
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return FormatWebP
	}
	return ""
}

// Photo is a photo as Process made it.
type Photo struct {
	// JPEG is a baseline JPEG without metadata segments.
	JPEG []byte
	// Width and Height are its size in pixels, each at most Side.
	Width, Height int
}

// Process makes a profile photo from an uploaded image: it refuses
// anything that is not a JPEG, PNG, GIF or WebP image (ErrNotImage), one
// whose header says it is over MaxPixels or MaxSide (ErrTooManyPixels,
// before decoding) and one that does not decode (ErrDamaged); it turns a
// JPEG upright as its EXIF orientation says, shrinks the image to fit
// Side × Side keeping its proportions, puts what is transparent on white,
// and encodes a baseline JPEG of Quality.
func Process(src []byte) (*Photo, error) {
	format := Sniff(src)
	if format == "" {
		return nil, ErrNotImage
	}
	cfg, err := decodeConfig(format, src)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	img, err := decode(format, src)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	// The decoders keep to the header's size; this does not rely on it.
	b := img.Bounds()
	if err := checkSize(b.Dx(), b.Dy()); err != nil {
		return nil, err
	}
	orientation := 1
	if format == FormatJPEG {
		orientation = exifOrientation(src)
	}
	w, h := fit(b.Dx(), b.Dy(), Side)
	canvas := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(canvas, canvas.Bounds(), image.White, image.Point{}, draw.Src)
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(canvas, canvas.Bounds(), img, b.Min, draw.Over)
	} else {
		draw.CatmullRom.Scale(canvas, canvas.Bounds(), img, b, draw.Over, nil)
	}
	out := orient(canvas, orientation)
	var buf bytes.Buffer
	// image/jpeg writes a baseline JPEG with no APPn or COM segment: the
	// upload's metadata has no way into it.
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: Quality}); err != nil {
		return nil, err
	}
	return &Photo{JPEG: buf.Bytes(), Width: out.Rect.Dx(), Height: out.Rect.Dy()}, nil
}

// checkSize refuses dimensions that are empty or over the limits.
func checkSize(w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("%w: %d×%d pixels", ErrDamaged, w, h)
	case w > maxSide || h > maxSide || w*h > maxPixels:
		return fmt.Errorf("%w: %d×%d", ErrTooManyPixels, w, h)
	}
	return nil
}

// fit is the size of a w × h image shrunk to fit side × side, keeping its
// proportions (rounded, at least a pixel); a smaller image keeps its size.
func fit(w, h, side int) (int, int) {
	switch {
	case w <= side && h <= side:
		return w, h
	case w >= h:
		return side, max(1, (h*side+w/2)/w)
	default:
		return max(1, (w*side+h/2)/h), side
	}
}

func decodeConfig(format string, src []byte) (cfg image.Config, err error) {
	defer recoverDecoder(&err)
	r := bytes.NewReader(src)
	switch format {
	case FormatJPEG:
		return jpeg.DecodeConfig(r)
	case FormatPNG:
		return png.DecodeConfig(r)
	case FormatGIF:
		return gif.DecodeConfig(r)
	default:
		return webp.DecodeConfig(r)
	}
}

func decode(format string, src []byte) (img image.Image, err error) {
	defer recoverDecoder(&err)
	r := bytes.NewReader(src)
	switch format {
	case FormatJPEG:
		return jpeg.Decode(r)
	case FormatPNG:
		return png.Decode(r)
	case FormatGIF:
		// The first frame of an animation.
		return gif.Decode(r)
	default:
		return webp.Decode(r)
	}
}

// recoverDecoder turns a decoder's panic into an error of the file: the
// decoders are others' code, and in the child a panic would only say less.
// The hub's own code is not covered, so that the fuzz test sees its bugs.
func recoverDecoder(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("the decoder failed: %v", r)
	}
}

// orient returns m turned as EXIF orientation o (1 to 8) says the picture
// is to be shown; 1 (or an unknown value) is m itself.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored upside down
				dx, dy = x, h-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // taken turned a quarter anticlockwise: turn clockwise
				dx, dy = h-1-y, x
			case 7: // transversed
				dx, dy = h-1-y, w-1-x
			case 8: // taken turned a quarter clockwise: turn anticlockwise
				dx, dy = y, w-1-x
			}
			copy(out.Pix[out.PixOffset(dx, dy):][:4], m.Pix[m.PixOffset(x, y):][:4])
		}
	}
	return out
}
