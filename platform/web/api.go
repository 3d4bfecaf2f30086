package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// apiLanguage picks the language of API messages: ?lang=, then the cookie,
// then Accept-Language.
func (s *Server) apiLanguage(c *gin.Context) {
	cookie, _ := c.Cookie("lang")
	setLang(c, i18n.Negotiate(c.Query("lang"), cookie, c.GetHeader("Accept-Language")))
	c.Next()
}

// SplitList accepts both repeated parameters and comma-separated values.
func SplitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// IntQuery reads the whole number of the query parameter name (0 when it is
// absent), leaving what it may be to the query type that uses it.
func IntQuery(c *gin.Context, name string) (int, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": name + "=" + Clip(v, 40)}, "bad %s", name)
	}
	return n, nil
}

// IntParam reads the integer query parameter name, def when it is absent;
// one that is not a number from lo to hi is refused (Invalid) with a message
// that names it.
func IntParam(c *gin.Context, name string, def, lo, hi int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		detail := name + "=" + Clip(v, 40) + " (" + strconv.Itoa(lo) + "–" + strconv.Itoa(hi) + ")"
		return 0, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": detail}, "bad %s", name)
	}
	return n, nil
}

// NextPage tells a list's reader where its next page is: a Link header
// (RFC 8288, rel="next") and the returned absolute URL, which the answer
// gives as "next". The URL is the request's own with the query parameter
// that moves through the list (page or offset) set to value. more false
// (the last page) sets nothing and returns "".
func (s *Server) NextPage(c *gin.Context, more bool, param string, value int) string {
	if !more {
		return ""
	}
	q := c.Request.URL.Query()
	q.Set(param, strconv.Itoa(value))
	u := s.PublicURL() + c.Request.URL.Path + "?" + q.Encode()
	c.Header("Link", "<"+u+`>; rel="next"`)
	return u
}

// WithNext adds "next" to a list's answer when there is a next page.
func WithNext(body gin.H, next string) gin.H {
	if next != "" {
		body["next"] = next
	}
	return body
}

// VersionTag is the ETag of a record's version ("v3"), which an update's
// If-Match sends back (IfMatchVersion). Every module's records use it.
func VersionTag(version int) string { return `"v` + strconv.Itoa(version) + `"` }

// IfMatchVersion reads an If-Match header made of one VersionTag (weak or
// strong); empty and "*" mean no condition (0). Anything else is Invalid,
// naming the header.
func IfMatchVersion(h string) (int, error) {
	h = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "W/"))
	if h == "" || h == "*" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.Trim(h, `"`), "v"))
	if err != nil || n < 1 {
		return 0, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": "If-Match: " + h}, "bad If-Match %q", h)
	}
	return n, nil
}
