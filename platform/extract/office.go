package extract

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Namespaces of the elements the office readers look at.
const (
	nsWord  = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsText  = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsOffic = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
)

// docxText reads the main document of a DOCX file, then its footnotes and
// endnotes. Deleted text of tracked changes is left out.
func docxText(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("docx: %w", err)
	}
	var out strings.Builder
	found := false
	for _, name := range []string{"word/document.xml", "word/footnotes.xml", "word/endnotes.xml"} {
		i := slices.IndexFunc(zr.File, func(f *zip.File) bool { return f.Name == name })
		if i < 0 {
			continue
		}
		rc, err := openMember(zr.File[i], maxUnzipped)
		if err != nil {
			return "", fmt.Errorf("docx %s: %w", name, err)
		}
		found = found || name == "word/document.xml"
		err = wordXML(rc, &out)
		rc.Close()
		if err != nil {
			return "", fmt.Errorf("docx %s: %w", name, err)
		}
		out.WriteString("\n")
		if enough(&out) {
			break
		}
	}
	if !found {
		return "", errors.New("docx: no word/document.xml")
	}
	return out.String(), nil
}

// wordXML writes the text of a WordprocessingML part: runs' text, tabs and
// breaks, one line per paragraph.
func wordXML(r io.Reader, out *strings.Builder) error {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	inText, deleted := false, 0
	for !enough(out) {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsWord {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "del":
				deleted++
			case "tab", "ptab":
				out.WriteString("\t")
			case "br", "cr":
				out.WriteString("\n")
			case "noBreakHyphen":
				out.WriteString("\u2011")
			case "softHyphen":
				out.WriteString("\u00ad")
			case "sym":
				// A symbol-font character; its code is in w:char, which
				// in Unicode fonts is the character itself.
				for _, a := range t.Attr {
					if a.Name.Local == "char" {
						if n, err := strconv.ParseUint(a.Value, 16, 32); err == nil && n >= 0x20 && n < 0xF000 {
							out.WriteRune(rune(n))
						}
					}
				}
			}
		case xml.EndElement:
			if t.Name.Space != nsWord {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "del":
				deleted--
			case "p":
				out.WriteString("\n")
			case "tc":
				out.WriteString("\t")
			}
		case xml.CharData:
			if inText && deleted == 0 {
				out.Write(t)
			}
		}
	}
	return nil
}

// odtText reads content.xml of an OpenDocument text: paragraphs and
// headings, with their spaces, tabs and line breaks. Annotations are left
// out.
func odtText(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("odt: %w", err)
	}
	i := slices.IndexFunc(zr.File, func(f *zip.File) bool { return f.Name == "content.xml" })
	if i < 0 {
		return "", errors.New("odt: no content.xml")
	}
	rc, err := openMember(zr.File[i], maxUnzipped)
	if err != nil {
		return "", fmt.Errorf("odt content.xml: %w", err)
	}
	defer rc.Close()
	var out strings.Builder
	dec := xml.NewDecoder(rc)
	dec.Strict = false
	// depth counts open text:p and text:h elements: character data counts
	// only inside them (elsewhere it is indentation of the XML).
	depth, skip := 0, 0
	for !enough(&out) {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("odt content.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space == nsOffic && t.Name.Local == "annotation" {
				skip++
			}
			if t.Name.Space != nsText || skip > 0 {
				continue
			}
			switch t.Name.Local {
			case "p", "h":
				depth++
			case "s":
				n := 1
				for _, a := range t.Attr {
					if a.Name.Local == "c" {
						if c, err := strconv.Atoi(a.Value); err == nil && c > 0 && c < 1000 {
							n = c
						}
					}
				}
				out.WriteString(strings.Repeat(" ", n))
			case "tab":
				out.WriteString("\t")
			case "line-break":
				out.WriteString("\n")
			}
		case xml.EndElement:
			if t.Name.Space == nsOffic && t.Name.Local == "annotation" {
				skip--
			}
			if t.Name.Space == nsText && skip == 0 && (t.Name.Local == "p" || t.Name.Local == "h") {
				depth--
				out.WriteString("\n")
			}
		case xml.CharData:
			if depth > 0 && skip == 0 {
				out.Write(t)
			}
		}
	}
	return out.String(), nil
}
