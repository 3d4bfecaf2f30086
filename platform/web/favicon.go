package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"

	"github.com/gin-gonic/gin"
)

// faviconPNG is the icon browsers ask /favicon.ico for when a page names
// none: the same mark as static/favicon.svg (a white ring on the platform's
// blue), drawn once at start as a 32×32 PNG, which every browser takes at
// that address.
var faviconPNG = drawFavicon()

func drawFavicon() []byte {
	const size = 32
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 0xff}
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			img.Set(x, y, blue)
			dx, dy := float64(x)-15.5, float64(y)-15.5
			if d := dx*dx + dy*dy; d <= 11*11 && d >= 7*7 {
				img.Set(x, y, white)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // an in-memory image always encodes
	}
	return buf.Bytes()
}

// favicon answers /favicon.ico.
func favicon(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=604800")
	c.Data(http.StatusOK, "image/png", faviconPNG)
}
