package web

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
)

// MaxQuery is the longest query string (the part of the address after ?)
// the hub reads, in bytes as sent (percent-encoded). It is well above what
// any parameter may hold (a search of platform.MaxQueryLen Cyrillic
// characters takes 6 KB), so that a value merely too long for its parameter
// is refused by the parameter's own rule, with its own message (the search
// says its limit in characters); only a query string no page or program
// of the hub would send is refused here.
const MaxQuery = 64 << 10

// checkQuery refuses, for every route, a query string the handlers could
// not read safely: longer than MaxQuery, malformed (a % without two hex
// digits, a ; between parameters: Go would silently drop the pair), or with
// a name or value that is not UTF-8 text or holds a control character (NUL
// above all, which MongoDB refuses in a pattern and Go's strings carry
// anywhere). It answers 400 in the reader's language, so that handlers and
// the domain only ever see text and keep to what a parameter may mean.
func (s *Server) checkQuery(c *gin.Context) {
	raw := c.Request.URL.RawQuery
	if raw == "" {
		c.Next()
		return
	}
	if len(raw) > MaxQuery {
		s.earlyError(c, platform.Localized(platform.Invalid, "error.query_string_too_long", map[string]any{"Limit": HumanBytes(MaxQuery)},
			"query string of %d bytes", len(raw)))
		return
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		s.earlyError(c, platform.Localized(platform.Invalid, "error.query_malformed", nil, "malformed query string: %v", err))
		return
	}
	for name, vs := range values {
		if !readableText(name) {
			s.earlyError(c, platform.Localized(platform.Invalid, "error.query_not_text", map[string]any{"Name": showName(name)}, "parameter name %q is not text", name))
			return
		}
		for _, v := range vs {
			if !readableText(v) {
				s.earlyError(c, platform.Localized(platform.Invalid, "error.query_not_text", map[string]any{"Name": showName(name)}, "parameter %q is not text", name))
				return
			}
		}
	}
	c.Next()
}

// readableText reports whether s is UTF-8 without control characters other
// than tab and line breaks.
func readableText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return false
		}
	}
	return true
}

// showName makes a parameter's name fit to show in a message: valid text,
// at most 40 bytes.
func showName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
	return Clip(name, 40)
}
