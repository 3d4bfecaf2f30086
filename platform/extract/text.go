package extract

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// maxTextBytes bounds how much of a text or HTML file is read: enough for
// the MaxChars kept, with room for markup.
const maxTextBytes = 8 * MaxChars

// plainText decodes a text file: UTF-8 (with or without a byte-order mark),
// UTF-16 with a byte-order mark, or else the legacy Cyrillic code page whose
// decoding looks most like running text.
func plainText(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTextBytes))
	if err != nil {
		return "", err
	}
	return decodeText(b), nil
}

func decodeText(b []byte) string {
	switch cs := Charset(b, true); cs {
	case "utf-8":
		return string(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}))
	case "utf-16le", "utf-16be":
		return decodeUTF16(b[:len(b)&^1])
	default:
		s, _ := legacyEncoding(cs).NewDecoder().Bytes(b)
		return string(s)
	}
}

// Charset names the charset a plain text is written in, by the names
// browsers know (the WHATWG Encoding Standard), from its head (complete
// when the head is the whole text): a UTF-8 or UTF-16 byte-order mark, else
// valid UTF-8, else the Cyrillic code page under which it reads most like
// running text. Extraction decodes with it, and the library serves a text
// file with it, so what a browser shows is what search indexed.
func Charset(head []byte, complete bool) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8"
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		return "utf-16le"
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		return "utf-16be"
	}
	if !complete {
		head = trimPartialRune(head) // the head may end inside a character
	}
	if utf8.Valid(head) {
		return "utf-8"
	}
	return legacyCharset(head)
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

// decodeUTF16 decodes UTF-16 text that starts with its byte-order mark.
func decodeUTF16(b []byte) string {
	big := b[0] == 0xFE
	u := make([]uint16, 0, len(b)/2-1)
	for i := 2; i+1 < len(b); i += 2 {
		if big {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

// legacyCharsets are the 8-bit code pages Cyrillic text was written in
// before UTF-8, by their WHATWG names, most common first.
var legacyCharsets = []struct {
	name string
	enc  encoding.Encoding
}{{"windows-1251", charmap.Windows1251}, {"koi8-r", charmap.KOI8R}, {"ibm866", charmap.CodePage866}}

// legacyEncoding is the code page of a name legacyCharset gave.
func legacyEncoding(name string) encoding.Encoding {
	for _, cs := range legacyCharsets {
		if cs.name == name {
			return cs.enc
		}
	}
	return legacyCharsets[0].enc
}

// legacyCharset names the code page under which b reads most like text: in
// running text most letters are lower case, and the three code pages put
// lower and upper case in different places.
func legacyCharset(b []byte) string {
	best, bestScore := legacyCharsets[0].name, -1<<31
	for _, cs := range legacyCharsets {
		s, err := cs.enc.NewDecoder().Bytes(b)
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
				score -= 2 // box drawing: the wrong code page
			}
		}
		if score > bestScore {
			best, bestScore = cs.name, score
		}
	}
	return best
}

// skipped are the HTML elements whose content is not text.
var skipped = map[string]bool{"script": true, "style": true, "noscript": true, "template": true, "svg": true, "math": true}

// blocks are the HTML elements that end a line.
var blocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "section": true, "article": true, "header": true, "footer": true, "blockquote": true,
	"pre": true, "table": true, "ul": true, "ol": true, "dd": true, "dt": true, "title": true, "hr": true,
}

// htmlText reads the text of an HTML page in the charset the page declares
// (a meta element or a byte-order mark; windows-1252 by the HTML rules when
// it declares none and is not UTF-8).
func htmlText(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTextBytes))
	if err != nil {
		return "", err
	}
	var src io.Reader = bytes.NewReader(b)
	if enc, name, _ := charset.DetermineEncoding(b, "text/html"); name != "utf-8" {
		if name == "windows-1252" && !utf8.Valid(b) {
			// No declaration: a Cyrillic page without one is far likelier
			// in this library than a Western European one.
			src = legacyEncoding(legacyCharset(b)).NewDecoder().Reader(src)
		} else {
			src = enc.NewDecoder().Reader(src)
		}
	}
	z := html.NewTokenizer(src)
	var out strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return out.String(), nil
			}
			return "", fmt.Errorf("html: %w", z.Err())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipped[tag] {
				skip++
			}
			if blocks[tag] || tag == "td" || tag == "th" {
				out.WriteString("\n")
			}
			if tag == "script" || tag == "style" {
				// The tokenizer treats their content as raw text; a
				// self-closing form has none.
				continue
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipped[tag] && skip > 0 {
				skip--
			}
			if blocks[tag] {
				out.WriteString("\n")
			} else if tag == "td" || tag == "th" {
				out.WriteString("\t")
			}
		case html.TextToken:
			if skip == 0 {
				out.WriteString(collapseSpace(string(z.Text())))
			}
		}
	}
}

// collapseSpace turns runs of white space (HTML source layout) into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) && r != '\u00a0' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
