package library

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// A plain-text attachment is served with its own bytes (so that its SHA-256,
// its length and a download stay those of the file uploaded) and the
// charset it is written in, which browsers decode: UTF-8, UTF-16 with its
// byte-order mark, or one of the Cyrillic code pages in which Russian and
// Central Asian texts were written before UTF-8. Converting to UTF-8 would
// serve other bytes than the file's; every browser knows these charsets.

// charsetHead is how much of a text file textCharset looks at.
const charsetHead = 256 << 10

// legacyCharsets are the 8-bit code pages Cyrillic text was written in, by
// the names browsers know them by (the WHATWG Encoding Standard), most
// common first.
var legacyCharsets = []struct {
	name string
	enc  encoding.Encoding
}{{"windows-1251", charmap.Windows1251}, {"koi8-r", charmap.KOI8R}, {"ibm866", charmap.CodePage866}}

// textCharset names the charset of a text file from its head (complete when
// the head is the whole file), decided as text extraction decodes the file
// (platform/extract/text.go): a UTF-8 or UTF-16 byte-order mark, else valid
// UTF-8, else the Cyrillic code page under which the text reads most like
// running text (most letters lower case; box drawing means the wrong page).
func textCharset(head []byte, complete bool) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "utf-16le"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "utf-16be"
	}
	if !complete {
		// The head may end inside a character.
		head = trimPartialRune(head)
	}
	if utf8.Valid(head) {
		return "utf-8"
	}
	best, bestScore := legacyCharsets[0].name, -1<<31
	for _, cs := range legacyCharsets {
		s, err := cs.enc.NewDecoder().Bytes(head)
		if err != nil {
			continue
		}
		score := 0
		for _, r := range string(s) {
			switch {
			case unicode.IsLower(r) && unicode.Is(unicode.Cyrillic, r):
				score += 2
			case unicode.IsUpper(r):
				score--
			case r >= 0x2500 && r <= 0x25FF, r >= 0x2320 && r <= 0x2321:
				score -= 2
			}
		}
		if score > bestScore {
			best, bestScore = cs.name, score
		}
	}
	return best
}

// trimPartialRune drops an incomplete UTF-8 character at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return b // ASCII: nothing is cut
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}
