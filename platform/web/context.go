package web

import (
	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
)

// What the middlewares learn about a request travels in gin's context under
// these keys, read through the typed accessors below: nothing outside this
// file names them.
type contextKey int

const (
	// langKey holds the reader's language (a string).
	langKey contextKey = iota
	// pageKey marks a request answered with a page, whose errors are pages
	// too (a bool).
	pageKey
	// sessionKey holds the session of a reader signed in with the session
	// cookie (a *platform.Session).
	sessionKey
)

// Lang is the reader's language: the /{lang}/ prefix of a page, the API's
// negotiated language, or "" before a middleware has chosen it.
func Lang(c *gin.Context) string {
	v, _ := c.Get(langKey)
	lang, _ := v.(string)
	return lang
}

// IsPage reports whether the request is answered with a page (so its errors
// are rendered as pages rather than JSON).
func IsPage(c *gin.Context) bool {
	v, _ := c.Get(pageKey)
	page, _ := v.(bool)
	return page
}

// Session is the session of a reader signed in with the session cookie, or
// nil (anonymous, or a program with a bearer token).
func Session(c *gin.Context) *platform.Session {
	v, _ := c.Get(sessionKey)
	sess, _ := v.(*platform.Session)
	return sess
}

// User is the signed-in user (by session cookie or bearer token), or nil.
func User(c *gin.Context) *platform.User { return platform.UserFromContext(c.Request.Context()) }

// AsPage marks the request as a page in lang, for a handler outside the
// /{lang}/ pages (a sign-in provider's callback): its errors are pages in
// that language.
func AsPage(c *gin.Context, lang string) {
	setPage(c)
	setLang(c, lang)
}

func setLang(c *gin.Context, lang string) { c.Set(langKey, lang) }

func setPage(c *gin.Context) { c.Set(pageKey, true) }
