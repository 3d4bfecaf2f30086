package extract

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The PDF reader (github.com/ledongthuc/pdf) trusts the file's
// cross-reference structure: it follows /Prev from section to section and
// /Extends from object stream to object stream without remembering where it
// has been, resolves an object stream through the cross-reference entries
// even when they say it is inside itself, and sizes its table by the
// largest object number a section names. A file of a few hundred bytes can
// so make it loop for ever, recurse until the stack overflows, or allocate
// a hundred gigabytes. The reader cannot be patched from here; the child
// process (Isolated) is what keeps such a file from hurting the server. But
// checkStructure looks over the same structure first, with cycle detection
// and size limits, so that the files known to do this are refused in
// milliseconds instead of holding the extraction worker until its timeout.
//
// It is conservative: it refuses a file only for what it has seen for sure
// (a loop, a number beyond the format's limits, an object stream inside
// itself); whatever it cannot follow (another filter, an indirect
// length, damage) it leaves to the reader.

// checkPDFStructure is whether pdfText calls checkStructure: always, but
// in the child of the tests that show what its limits do without it.
var checkPDFStructure = true

// ErrStructure is the error of a PDF whose cross-reference structure loops
// or names more objects than the format allows (see checkStructure).
var ErrStructure = errors.New("pdf: damaged or hostile structure")

// Limits of checkStructure.
const (
	// maxObjects is the largest object number a PDF may use (ISO 32000-1,
	// annex C: 8,388,607). The reader's table for it takes about 270 MB.
	maxObjects = 8_388_607
	// maxSections bounds the /Prev chain: a file updated incrementally
	// has one section per update.
	maxSections = 10_000
	// maxRecorded bounds the entries remembered to check object streams;
	// past it the object streams are left to the reader.
	maxRecorded = 1 << 20
	// maxExtends bounds a chain of object streams.
	maxExtends = 10_000
	// maxDictTokens bounds the tokens read for one dictionary.
	maxDictTokens = 100_000
)

// checkStructure walks the cross-reference sections of a PDF of size bytes
// from the last startxref through /Prev, and the /Extends chains of the
// object streams they name. It returns an error wrapping ErrStructure for
// a loop, an object number beyond maxObjects, or an object stream said to
// be inside itself; nil when it finds none of these or cannot
// follow the file.
func checkStructure(r io.ReaderAt, size int64) error {
	off, ok := startXref(r, size)
	if !ok {
		return nil
	}
	c := &xrefCheck{r: r, size: size, offsets: map[int]int64{}, containers: map[int]int{}, seen: map[int]bool{}}
	visited := map[int64]bool{}
	for {
		if visited[off] {
			return fmt.Errorf("%w: its cross-reference sections loop (/Prev %d)", ErrStructure, off)
		}
		if len(visited) >= maxSections {
			return fmt.Errorf("%w: more than %d cross-reference sections", ErrStructure, maxSections)
		}
		visited[off] = true
		prev, err := c.section(off)
		if err != nil || prev < 0 {
			if errors.Is(err, ErrStructure) {
				return err
			}
			break
		}
		off = prev
	}
	return c.objectStreams()
}

// startXref finds the offset after the last "startxref" near the end.
func startXref(r io.ReaderAt, size int64) (int64, bool) {
	n := min(size, 1024)
	tail := make([]byte, n)
	if _, err := r.ReadAt(tail, size-n); err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return 0, false
	}
	l := newLexer(bytes.NewReader(tail[i+len("startxref"):]))
	off, err := strconv.ParseInt(l.token(), 10, 64)
	if err != nil || off < 0 || off >= size {
		return 0, false
	}
	return off, true
}

// xrefCheck remembers, first section first (the newest entry wins, as in
// the reader), where each object is: at an offset, or in an object stream.
type xrefCheck struct {
	r          io.ReaderAt
	size       int64
	offsets    map[int]int64 // object → offset
	containers map[int]int   // object → the object stream it is in
	seen       map[int]bool  // objects with an entry
	partial    bool          // maxRecorded reached
}

func (c *xrefCheck) record(obj, typ int, f2 int64) {
	if c.seen[obj] {
		return
	}
	if len(c.seen) >= maxRecorded {
		c.partial = true
		return
	}
	c.seen[obj] = true
	switch typ {
	case 1:
		c.offsets[obj] = f2
	case 2:
		c.containers[obj] = int(f2)
	}
}

func (c *xrefCheck) lexerAt(off int64) *lexer {
	return newLexer(io.NewSectionReader(c.r, off, c.size-off))
}

// section reads the cross-reference section at off (a table and its
// trailer, or a cross-reference stream) and returns its /Prev, or -1.
func (c *xrefCheck) section(off int64) (int64, error) {
	if off < 0 || off >= c.size {
		return -1, nil
	}
	l := c.lexerAt(off)
	tok := l.token()
	var d dict
	if tok == "xref" {
		for {
			tok := l.token()
			if tok == "trailer" {
				break
			}
			start, err1 := strconv.Atoi(tok)
			count, err2 := strconv.Atoi(l.token())
			if err1 != nil || err2 != nil || start < 0 || count < 0 {
				return -1, nil
			}
			if start > maxObjects || count > maxObjects-start+1 {
				return -1, fmt.Errorf("%w: a cross-reference subsection names objects %d to %d (at most %d)", ErrStructure, start, int64(start)+int64(count)-1, maxObjects)
			}
			for i := range count {
				f1, _ := strconv.ParseInt(l.token(), 10, 64)
				l.token()
				switch l.token() {
				case "n":
					c.record(start+i, 1, f1)
				case "f":
					c.record(start+i, 0, 0)
				default:
					return -1, nil
				}
			}
		}
		if l.token() != "<<" {
			return -1, nil
		}
		d = l.dict()
	} else {
		if _, err := strconv.Atoi(tok); err != nil {
			return -1, nil
		}
		l.token()
		if l.token() != "obj" || l.token() != "<<" {
			return -1, nil
		}
		d = l.dict()
		if d.name("Type") != "XRef" {
			return -1, nil
		}
		if err := c.xrefStream(l, d); err != nil {
			return -1, err
		}
	}
	if s, ok := d.int("Size"); ok && (s < 0 || s > maxObjects+1) {
		return -1, fmt.Errorf("%w: /Size %d (at most %d objects)", ErrStructure, s, maxObjects+1)
	}
	if prev, ok := d.int("Prev"); ok {
		return prev, nil
	}
	return -1, nil
}

// xrefStream checks a cross-reference stream's /Index and records its
// entries when it can decode them (no filter, or Flate with or without a
// PNG predictor).
func (c *xrefCheck) xrefStream(l *lexer, d dict) error {
	size, _ := d.int("Size")
	index := d.ints("Index")
	if index == nil {
		index = []int64{0, size}
	}
	total := int64(0)
	for i := 0; i+1 < len(index); i += 2 {
		start, count := index[i], index[i+1]
		if start < 0 || count < 0 || start > maxObjects || count > maxObjects-start+1 {
			return fmt.Errorf("%w: a cross-reference stream names objects from %d, %d of them (at most %d)", ErrStructure, start, count, maxObjects)
		}
		total += count
	}
	w := d.ints("W")
	length, ok := d.int("Length")
	if len(w) != 3 || !ok || length < 0 || length > c.size || l.token() != "stream" {
		return nil
	}
	row := 0
	for _, x := range w {
		if x < 0 || x > 8 {
			return nil
		}
		row += int(x)
	}
	br := l.streamData(length)
	if br == nil {
		return nil
	}
	var data io.Reader = br
	switch d.name("Filter") {
	case "":
	case "FlateDecode":
		zr, err := zlib.NewReader(data)
		if err != nil {
			return nil
		}
		data = bufio.NewReader(io.LimitReader(zr, total*int64(row+1)+1))
		parms, ok := d.dictOf("DecodeParms")
		if !ok {
			return nil
		}
		switch p, ok := parms.int("Predictor"); {
		case !ok || p == 1:
		case p >= 10 && p <= 15:
			if cols, _ := parms.int("Columns"); cols != int64(row) {
				return nil
			}
			data = &pngUp{r: data, prev: make([]byte, row), cur: make([]byte, row+1)}
		default:
			return nil
		}
	default:
		return nil
	}
	buf := make([]byte, row)
	for i := 0; i+1 < len(index); i += 2 {
		for j := range index[i+1] {
			if _, err := io.ReadFull(data, buf); err != nil {
				return nil
			}
			f := [3]int64{1, 0, 0}
			at := 0
			for k, n := range w {
				if n == 0 {
					continue
				}
				f[k] = 0
				for _, b := range buf[at : at+int(n)] {
					f[k] = f[k]<<8 | int64(b)
				}
				at += int(n)
			}
			c.record(int(index[i]+j), int(f[0]), f[1])
		}
	}
	return nil
}

// objectStreams checks that no object stream is said to be inside itself,
// directly or through others (the reader would resolve it through itself
// for ever), and that every chain of /Extends ends.
func (c *xrefCheck) objectStreams() error {
	if c.partial {
		return nil
	}
	checked := map[int]bool{}
	for _, strm := range c.containers {
		if checked[strm] {
			continue
		}
		checked[strm] = true
		// The reader finds a stream said to be inside a stream through
		// that one; a chain that comes back is followed for ever. (One
		// that ends fails in the reader for that object only.)
		inside := map[int]bool{strm: true}
		for cur, ok := c.containers[strm]; ok; cur, ok = c.containers[cur] {
			if inside[cur] {
				return fmt.Errorf("%w: object stream %d is said to be inside itself", ErrStructure, cur)
			}
			inside[cur] = true
		}
		chain := map[int]bool{strm: true}
		for cur := strm; ; {
			off, ok := c.offsets[cur]
			if !ok || off < 0 || off >= c.size {
				break
			}
			l := c.lexerAt(off)
			l.token()
			l.token()
			if l.token() != "obj" || l.token() != "<<" {
				break
			}
			next, ok := l.dict().ref("Extends")
			if !ok {
				break
			}
			if chain[next] {
				return fmt.Errorf("%w: object stream %d extends itself through /Extends", ErrStructure, next)
			}
			if len(chain) >= maxExtends {
				return fmt.Errorf("%w: more than %d object streams extend each other", ErrStructure, maxExtends)
			}
			chain[next] = true
			checked[next] = true
			cur = next
		}
	}
	return nil
}

// pngUp undoes the PNG predictors of a cross-reference stream (Up, as
// producers write them; the others too, as they are short).
type pngUp struct {
	r         io.Reader
	prev, cur []byte
	left      []byte
}

func (p *pngUp) Read(b []byte) (int, error) {
	if len(p.left) == 0 {
		if _, err := io.ReadFull(p.r, p.cur); err != nil {
			return 0, err
		}
		row := p.cur[1:]
		for i := range row {
			var left, upLeft byte
			if i > 0 {
				left, upLeft = row[i-1], p.prev[i-1]
			}
			up := p.prev[i]
			switch p.cur[0] {
			case 1:
				row[i] += left
			case 2:
				row[i] += up
			case 3:
				row[i] += byte((int(left) + int(up)) / 2)
			case 4:
				row[i] += paeth(left, up, upLeft)
			}
		}
		copy(p.prev, row)
		p.left = p.prev
	}
	n := copy(b, p.left)
	p.left = p.left[n:]
	return n, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// lexer reads PDF tokens: delimiters and names as they are written,
// strings as "()" or "<>", numbers and keywords as text.
type lexer struct {
	b      *bufio.Reader
	peeked []string
}

func newLexer(r io.Reader) *lexer { return &lexer{b: bufio.NewReaderSize(r, 4096)} }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// token returns the next token, or "" at the end or on damage.
func (l *lexer) token() string {
	if n := len(l.peeked); n > 0 {
		t := l.peeked[n-1]
		l.peeked = l.peeked[:n-1]
		return t
	}
	for {
		c, err := l.b.ReadByte()
		if err != nil {
			return ""
		}
		switch {
		case isSpace(c):
			continue
		case c == '%':
			for c != '\n' && c != '\r' {
				if c, err = l.b.ReadByte(); err != nil {
					return ""
				}
			}
			continue
		case c == '(':
			return l.skipString()
		case c == '<':
			if next, _ := l.b.Peek(1); len(next) == 1 && next[0] == '<' {
				l.b.ReadByte()
				return "<<"
			}
			for c != '>' {
				if c, err = l.b.ReadByte(); err != nil {
					return ""
				}
			}
			return "<>"
		case c == '>':
			if next, _ := l.b.Peek(1); len(next) == 1 && next[0] == '>' {
				l.b.ReadByte()
				return ">>"
			}
			return ">"
		case c == '[' || c == ']' || c == '{' || c == '}' || c == ')':
			return string(c)
		}
		tok := []byte{c}
		for len(tok) < 256 {
			next, err := l.b.Peek(1)
			if err != nil || isSpace(next[0]) || isDelim(next[0]) {
				break
			}
			l.b.ReadByte()
			tok = append(tok, next[0])
		}
		return string(tok)
	}
}

func (l *lexer) skipString() string {
	depth := 1
	for depth > 0 {
		c, err := l.b.ReadByte()
		if err != nil {
			return ""
		}
		switch c {
		case '\\':
			l.b.ReadByte()
		case '(':
			depth++
		case ')':
			depth--
		}
	}
	return "()"
}

func (l *lexer) unread(t string) { l.peeked = append(l.peeked, t) }

// streamData returns a reader of the length bytes after the end of line
// that follows "stream", or nil.
func (l *lexer) streamData(length int64) *bufio.Reader {
	c, err := l.b.ReadByte()
	if err == nil && c == '\r' {
		c, err = l.b.ReadByte()
	}
	if err != nil || c != '\n' {
		return nil
	}
	return bufio.NewReader(io.LimitReader(l.b, length))
}

// dict holds a dictionary's entries as the tokens of their values.
type dict map[string][]string

// dict reads a dictionary after its "<<".
func (l *lexer) dict() dict {
	d := dict{}
	for n := 0; n < maxDictTokens; n++ {
		key := l.token()
		if key == ">>" || key == "" || key[0] != '/' {
			return d
		}
		d[key[1:]] = l.value(&n)
	}
	return d
}

// value reads one value's tokens: a nested dictionary or array whole, a
// reference as its three tokens.
func (l *lexer) value(n *int) []string {
	t := l.token()
	switch t {
	case "<<", "[":
		out := []string{t}
		depth := 1
		for depth > 0 && *n < maxDictTokens {
			*n++
			t := l.token()
			switch t {
			case "":
				return out
			case "<<", "[":
				depth++
			case ">>", "]":
				depth--
			}
			out = append(out, t)
		}
		return out
	}
	if _, err := strconv.ParseInt(t, 10, 64); err == nil {
		gen := l.token()
		if _, err := strconv.Atoi(gen); err == nil {
			if r := l.token(); r == "R" {
				return []string{t, gen, "R"}
			} else {
				l.unread(r)
			}
		}
		l.unread(gen)
	}
	return []string{t}
}

func (d dict) int(key string) (int64, bool) {
	v := d[key]
	if len(v) != 1 {
		return 0, false
	}
	n, err := strconv.ParseInt(v[0], 10, 64)
	return n, err == nil
}

func (d dict) name(key string) string {
	if v := d[key]; len(v) == 1 && len(v[0]) > 1 && v[0][0] == '/' {
		return v[0][1:]
	}
	return ""
}

func (d dict) ref(key string) (int, bool) {
	v := d[key]
	if len(v) != 3 || v[2] != "R" {
		return 0, false
	}
	n, err := strconv.Atoi(v[0])
	return n, err == nil
}

// ints reads an array of integers, or nil.
func (d dict) ints(key string) []int64 {
	v := d[key]
	if len(v) < 2 || v[0] != "[" || v[len(v)-1] != "]" {
		return nil
	}
	out := []int64{}
	for _, t := range v[1 : len(v)-1] {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// dictOf reads a direct dictionary of simple values; ok is false when the
// entry is there but is not one.
func (d dict) dictOf(key string) (_ dict, ok bool) {
	v := d[key]
	out := dict{}
	if len(v) == 0 {
		return out, true
	}
	if len(v) < 2 || v[0] != "<<" || v[len(v)-1] != ">>" || len(v)%2 != 0 {
		return nil, false
	}
	for i := 1; i+1 < len(v); i += 2 {
		k, val := v[i], v[i+1]
		if len(k) < 2 || k[0] != '/' || val == "<<" || val == "[" {
			return nil, false
		}
		out[k[1:]] = []string{val}
	}
	return out, true
}
