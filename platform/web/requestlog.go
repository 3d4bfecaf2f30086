package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Every request is logged in one line when it is answered: its id (also
// sent back as X-Request-Id, so that a person reporting a problem can quote
// it), method, route, status, duration and the signed-in user's id. The
// route is gin's pattern (/:lang/documents/:id), never the path: paths and
// query strings carry one-time link secrets, search words and ids. Nothing
// from the request's headers, cookies or body is logged.
//
// The line is written by Handler's outer handler, so that what gin answers
// before any middleware (trailing-slash redirects) is logged too; the
// first middleware (noteRequest) adds the route and the user it learns.

// requestLog is what the line of one request gathers while it is served.
type requestLog struct {
	id, route, user string
}

// requestLogKey holds a request's *requestLog in its context.
type requestLogKey struct{}

// RequestIDHeader is the response header that names the request's id.
const RequestIDHeader = "X-Request-Id"

// newRequestID is 16 random hex digits: unique enough to find one request
// in a day's log, and telling nothing about it.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// logRequests wraps next with the request's id and its log line.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.Now()
		rl := &requestLog{id: newRequestID()}
		w.Header().Set(RequestIDHeader, rl.id)
		sw := &statusWriter{ResponseWriter: w}
		method := r.Method
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestLogKey{}, rl)))
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		took := s.Now().Sub(start)
		s.Metrics.observe(rl.routeOrNone(), method, status, took)
		attrs := []slog.Attr{slog.String("request", rl.id), slog.String("method", method), slog.String("route", rl.routeOrNone()),
			slog.Int("status", status), slog.Float64("ms", float64(took.Microseconds())/1000), slog.Int64("bytes", sw.bytes)}
		if rl.user != "" {
			attrs = append(attrs, slog.String("user", rl.user))
		}
		s.Logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

func (rl *requestLog) routeOrNone() string {
	if rl.route == "" {
		return "none"
	}
	return rl.route
}

// noteRequest tells the request's log line its route and, once answered,
// its user.
func noteRequest(c *gin.Context) {
	rl, _ := c.Request.Context().Value(requestLogKey{}).(*requestLog)
	if rl == nil {
		c.Next()
		return
	}
	rl.route = c.FullPath()
	c.Next()
	if u := User(c); u != nil {
		rl.user = u.ID
	}
}

// RequestID is the id of the request, as its log line and X-Request-Id
// name it.
func RequestID(c *gin.Context) string {
	if rl, _ := c.Request.Context().Value(requestLogKey{}).(*requestLog); rl != nil {
		return rl.id
	}
	return ""
}

// requestAttrs name the request in the other lines logged while serving
// it: its id and route, never its path.
func requestAttrs(c *gin.Context) []any {
	route := c.FullPath()
	if route == "" {
		route = "none"
	}
	return []any{"request", RequestID(c), "method", c.Request.Method, "route", route}
}

// statusWriter notes the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush passes streaming on (downloads, long answers).
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
