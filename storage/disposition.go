package storage

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ContentDisposition returns a Content-Disposition header value that makes
// a browser download the response as filename (RFC 6266). A name that is
// not plain ASCII travels RFC 5987-encoded in filename*, with an ASCII
// fallback in filename for old clients, so Cyrillic or Kazakh names survive.
// Control characters, quotes, backslashes and slashes never reach the header
// (they become "_"), which rules out header injection and paths. An empty
// filename gives "attachment".
func ContentDisposition(filename string) string {
	name := cleanFilename(filename)
	if name == "" {
		return "attachment"
	}
	var fallback strings.Builder
	ascii := true
	for _, r := range name {
		if r < utf8.RuneSelf {
			fallback.WriteRune(r)
		} else {
			ascii = false
			fallback.WriteByte('_')
		}
	}
	if ascii {
		return `attachment; filename="` + name + `"`
	}
	var enc strings.Builder
	for i := 0; i < len(name); i++ {
		if c := name[i]; isAttrChar(c) {
			enc.WriteByte(c)
		} else {
			const hex = "0123456789ABCDEF"
			enc.WriteByte('%')
			enc.WriteByte(hex[c>>4])
			enc.WriteByte(hex[c&15])
		}
	}
	return `attachment; filename="` + fallback.String() + `"; filename*=UTF-8''` + enc.String()
}

// cleanFilename makes name valid UTF-8 and replaces the characters that are
// unsafe in a header or a file name.
func cleanFilename(name string) string {
	name = strings.ToValidUTF8(name, "_")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, name)
	return strings.TrimSpace(name)
}

// isAttrChar reports whether c may appear unencoded in an RFC 5987 value.
func isAttrChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
