package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// HEAD is answered for every route as GET is, without the body (RFC 9110
// 9.3.2): link checkers, monitors and caches ask it. gin routes a request by
// its method only and would answer 405 to HEAD on a GET route, and
// registering HEAD beside every GET in every file is easy to forget. So
// Handler's outer handler (headRouter) routes a HEAD request as GET, and the
// first middleware (restoreHEAD) gives the handlers the request's real
// method back, so that those that can skip work for HEAD (downloads, the
// file store) do. Routes are therefore registered with GET only; a HEAD
// route would never be reached.
//
// The body a handler writes in answer to HEAD is dropped by net/http, which
// keeps the server's own copy of the request (still HEAD) and computes the
// same Content-Length for a short body as for GET.

// headKey marks, in a request's context, a HEAD request routed as GET.
type headKey struct{}

// headRouter is the gin engine (behind the compression: compress.go) with
// HEAD routed as GET, so that the compression treats HEAD as GET too and
// both carry the same headers.
type headRouter struct{ next http.Handler }

// ServeHTTP implements http.Handler.
func (h headRouter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		// A copy: the server's request stays HEAD, so it drops the body.
		r = r.WithContext(context.WithValue(r.Context(), headKey{}, true))
		r.Method = http.MethodGet
	}
	h.next.ServeHTTP(w, r)
}

// restoreHEAD puts back the method of a HEAD request that headRouter routed
// as GET.
//
// The style sheet and the other static files are the exception: they are
// small and built in, and served as GET they are compressed for HEAD as
// for GET, so both carry the same headers (net/http's file server would
// skip the body for HEAD, and the compression would then not happen).
func restoreHEAD(c *gin.Context) {
	if head, _ := c.Request.Context().Value(headKey{}).(bool); head && !strings.HasPrefix(c.Request.URL.Path, "/static/") {
		c.Request.Method = http.MethodHead
	}
	c.Next()
}
