package certificate

import (
	"codeberg.org/go-pdf/fpdf"
	qr "github.com/piglig/go-qr"
)

// qrSize is the side of the QR code of VerifyURL, quiet zone included, in
// mm: a URL of MaxURLLen bytes needs version 11 at level M (61 modules),
// whose modules are then 0.41 mm, which phones read from paper (a test
// holds them to 0.38 mm at least).
const qrSize = 28.0

// qrModules returns the QR code of text (level M: 15 % of it may be
// smudged or torn) as rows of dark modules.
func qrModules(text string) ([][]bool, error) {
	code, err := qr.EncodeText(text, qr.Medium)
	if err != nil {
		return nil, err
	}
	n := code.Size()
	rows := make([][]bool, n)
	for y := range rows {
		rows[y] = make([]bool, n)
		for x := range rows[y] {
			rows[y][x] = code.Module(x, y)
		}
	}
	return rows, nil
}

// drawQR draws modules as a square of side qrSize at x, y (its top left),
// with the four-module quiet zone the standard asks for inside the square;
// each run of dark modules in a row is one rectangle.
func drawQR(pdf *fpdf.Fpdf, modules [][]bool, x, y float64) {
	m := qrSize / float64(len(modules)+8)
	pdf.SetFillColor(0, 0, 0)
	for row, dark := range modules {
		for col := 0; col < len(dark); {
			if !dark[col] {
				col++
				continue
			}
			end := col
			for end < len(dark) && dark[end] {
				end++
			}
			pdf.Rect(x+float64(4+col)*m, y+float64(4+row)*m, float64(end-col)*m, m, "F")
			col = end
		}
	}
}
