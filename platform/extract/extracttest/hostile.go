// Package extracttest builds files for the tests of text extraction: PDFs
// of a few hundred bytes crafted to crash, exhaust or hang a PDF reader, and
// a plain PDF with a line of text, so that the tests of platform/extract and
// the hub's end-to-end tests upload the same files.
package extracttest

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"fmt"
)

// File is a named test file.
type File struct {
	// Name says what the file does to a reader.
	Name string
	// Data is the file.
	Data []byte
}

// HostilePDFs returns one small PDF of each kind known to take down a PDF
// reader that trusts the file's structure:
//
//   - an object stream that contains itself (the reader recurses until the
//     stack overflows, which no recover catches);
//   - a cross-reference subsection that starts at object 2,000,000,000 (the
//     reader grows its table to that length: about 64 GB);
//   - a cross-reference stream whose /Size is 4,000,000,000 (about 128 GB);
//   - a trailer whose /Prev points at its own cross-reference table (the
//     reader reads the same table for ever);
//   - an object stream that /Extends itself (the reader looks for an object
//     through the chain of streams for ever).
//
// Each passes type sniffing as a PDF.
func HostilePDFs() []File {
	return []File{
		{"an object stream that contains itself", selfContainedObjectStream()},
		{"an xref subsection starting at object 2,000,000,000", hugeXrefSubsection()},
		{"an xref stream with /Size 4000000000", hugeXrefSize()},
		{"a trailer whose /Prev points at its own xref", selfPrev()},
		{"an object stream that /Extends itself", selfExtends()},
	}
}

// Unchecked returns hostile PDFs that the hub's structure check cannot
// follow, so that only the child process's limits stand between them and
// the server: an object stream that contains itself (the reader's stack
// overflows) and one that /Extends itself (the reader loops until it is
// killed), each behind a cross-reference stream encoded in ASCII85, which
// the PDF reader decodes and the check leaves to it.
func Unchecked() []File {
	var self bytes.Buffer
	self.WriteString("%PDF-1.5\n")
	ascii85XrefStream(&self, [][3]int{{0, 0, 65535}, {2, 2, 0}, {2, 2, 0}})
	var ext bytes.Buffer
	ext.WriteString("%PDF-1.5\n")
	strm := ext.Len()
	ext.WriteString("2 0 obj\n<< /Type /ObjStm /N 0 /First 1 /Extends 2 0 R /Length 1 >>\nstream\n \nendstream\nendobj\n")
	ascii85XrefStream(&ext, [][3]int{{0, 0, 65535}, {2, 2, 0}, {1, strm, 0}})
	return []File{
		{"an object stream that contains itself, behind an ASCII85 xref stream", self.Bytes()},
		{"an object stream that /Extends itself, behind an ASCII85 xref stream", ext.Bytes()},
	}
}

// ascii85XrefStream appends cross-reference stream 3 (widths 1 4 2, in
// ASCII85) for objects 0 to 2, and startxref.
func ascii85XrefStream(buf *bytes.Buffer, entries [][3]int) {
	var data bytes.Buffer
	for _, e := range entries {
		data.Write([]byte{byte(e[0]), byte(e[1] >> 24), byte(e[1] >> 16), byte(e[1] >> 8), byte(e[1]), byte(e[2] >> 8), byte(e[2])})
	}
	enc := make([]byte, ascii85.MaxEncodedLen(data.Len()))
	enc = append(enc[:ascii85.Encode(enc, data.Bytes())], "~>"...)
	at := buf.Len()
	fmt.Fprintf(buf, "3 0 obj\n<< /Type /XRef /W [1 4 2] /Root 1 0 R /Size 3 /Filter /ASCII85Decode /Length %d >>\nstream\n", len(enc))
	buf.Write(enc)
	fmt.Fprintf(buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
}

// xrefStream appends a cross-reference stream with entries (type, field 2,
// field 3; widths 1 4 2) for objects 0..len(entries)-1 and the file's end.
func xrefStream(buf *bytes.Buffer, entries [][3]int, extra string) {
	var data bytes.Buffer
	for _, e := range entries {
		data.WriteByte(byte(e[0]))
		data.Write([]byte{byte(e[1] >> 24), byte(e[1] >> 16), byte(e[1] >> 8), byte(e[1])})
		data.Write([]byte{byte(e[2] >> 8), byte(e[2])})
	}
	at := buf.Len()
	fmt.Fprintf(buf, "%d 0 obj\n<< /Type /XRef /W [1 4 2] /Root 1 0 R /Length %d %s >>\nstream\n", len(entries), data.Len(), extra)
	buf.Write(data.Bytes())
	fmt.Fprintf(buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
}

// selfContainedObjectStream: object 1 (the catalog) is in object stream 2,
// which the cross-reference stream says is itself in object stream 2.
func selfContainedObjectStream() []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.5\n")
	xrefStream(&buf, [][3]int{{0, 0, 65535}, {2, 2, 0}, {2, 2, 0}}, "/Size 3")
	return buf.Bytes()
}

// hugeXrefSubsection: a classic table whose second subsection starts at
// object 2,000,000,000.
func hugeXrefSubsection() []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	obj := buf.Len()
	buf.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	at := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 2\n0000000000 65535 f \n%010d 00000 n \n2000000000 1\n%010d 00000 n \n", obj, obj)
	fmt.Fprintf(&buf, "trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", at)
	return buf.Bytes()
}

// hugeXrefSize: a cross-reference stream that announces 4,000,000,000
// objects.
func hugeXrefSize() []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.5\n")
	obj := buf.Len()
	buf.WriteString("1 0 obj\n<< /Type /Catalog /Pages 3 0 R >>\nendobj\n")
	xrefStream(&buf, [][3]int{{0, 0, 65535}, {1, obj, 0}}, "/Size 4000000000 /Index [0 2]")
	return buf.Bytes()
}

// selfPrev: a classic table whose trailer's /Prev is the table's own offset.
func selfPrev() []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	obj := buf.Len()
	buf.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	at := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 2\n0000000000 65535 f \n%010d 00000 n \n", obj)
	fmt.Fprintf(&buf, "trailer\n<< /Size 2 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", at, at)
	return buf.Bytes()
}

// selfExtends: the catalog is in object stream 2, which holds no object
// and extends itself.
func selfExtends() []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.5\n")
	strm := buf.Len()
	buf.WriteString("2 0 obj\n<< /Type /ObjStm /N 0 /First 1 /Extends 2 0 R /Length 1 >>\nstream\n \nendstream\nendobj\n")
	xrefStream(&buf, [][3]int{{0, 0, 65535}, {2, 2, 0}, {1, strm, 0}}, "/Size 3")
	return buf.Bytes()
}

// PDF returns a one-page PDF that shows line in Helvetica (ASCII only).
func PDF(line string) []byte {
	content := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", line)
	return Objects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	)
}

// Objects returns a PDF of the given objects, numbered from 1 (the first
// is the catalog), with a classic cross-reference table.
func Objects(objs ...string) []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	var offsets []int
	for i, o := range objs {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	at := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, at)
	return buf.Bytes()
}

// CompressedPDF returns a one-page PDF that shows line, written as recent
// producers write: its objects in a compressed object stream, its
// cross-reference stream compressed with the PNG Up predictor, and an
// incremental update whose /Prev leads back to the first section.
func CompressedPDF(line string) []byte {
	content := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", line)
	inStream := []string{ // objects 1 to 4, in object stream 6
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var head, body bytes.Buffer
	for i, o := range inStream {
		fmt.Fprintf(&head, "%d %d ", i+1, body.Len())
		body.WriteString(o + "\n")
	}
	objstm := deflate(append(head.Bytes(), body.Bytes()...))
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.5\n")
	off5 := buf.Len()
	fmt.Fprintf(&buf, "5 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	off6 := buf.Len()
	fmt.Fprintf(&buf, "6 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n", len(inStream), head.Len(), len(objstm))
	buf.Write(objstm)
	buf.WriteString("\nendstream\nendobj\n")
	rows := [][3]int{{0, 0, 65535}, {2, 6, 0}, {2, 6, 1}, {2, 6, 2}, {2, 6, 3}, {1, off5, 0}, {1, off6, 0}}
	first := buf.Len()
	xrefStreamPNG(&buf, 7, rows, fmt.Sprintf("/Size %d", len(rows)))
	// An update: a new info dictionary, its own section pointing back.
	off8 := buf.Len()
	buf.WriteString("8 0 obj\n<< /Title (Update) >>\nendobj\n")
	xrefStreamPNG(&buf, 9, [][3]int{{1, off8, 0}}, fmt.Sprintf("/Size 10 /Index [8 1] /Info 8 0 R /Prev %d", first))
	return buf.Bytes()
}

// xrefStreamPNG appends cross-reference stream obj (widths 1 4 2,
// Flate-compressed, PNG Up predictor) for rows, and startxref.
func xrefStreamPNG(buf *bytes.Buffer, obj int, rows [][3]int, extra string) {
	var raw bytes.Buffer
	prev := make([]byte, 7)
	for _, e := range rows {
		row := []byte{byte(e[0]), byte(e[1] >> 24), byte(e[1] >> 16), byte(e[1] >> 8), byte(e[1]), byte(e[2] >> 8), byte(e[2])}
		raw.WriteByte(2) // Up
		for i, b := range row {
			raw.WriteByte(b - prev[i])
		}
		prev = row
	}
	data := deflate(raw.Bytes())
	at := buf.Len()
	fmt.Fprintf(buf, "%d 0 obj\n<< /Type /XRef /W [1 4 2] /Root 1 0 R %s /Filter /FlateDecode /DecodeParms << /Columns 7 /Predictor 12 >> /Length %d >>\nstream\n", obj, extra, len(data))
	buf.Write(data)
	fmt.Fprintf(buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}
