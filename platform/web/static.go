package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// The static files (style sheet, scripts, icon) are fingerprinted: pages
// link them as /static/<name>?v=<hash of the content> (the template
// function static), and an answer for the current hash may be cached for a
// year without asking again (immutable): a new release has new hashes, so
// readers get its files at once. Any other v, or none, is answered with
// no-cache and the hash as ETag, so a stale link still works.

// staticHashes maps a static file's name to the first 12 hex digits of the
// SHA-256 of its content.
var staticHashes = hashStatic()

func hashStatic() map[string]string {
	out := map[string]string{}
	_ = fs.WalkDir(assets, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[strings.TrimPrefix(path, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}

// staticURL is the fingerprinted address of a static file (the template
// function static).
func staticURL(name string) string {
	if h, ok := staticHashes[name]; ok {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}

// staticFiles serves the static files with their caching.
func staticFiles() gin.HandlerFunc {
	sub, _ := fs.Sub(assets, "static")
	files := http.StripPrefix("/static/", http.FileServer(noListing{http.FS(sub)}))
	return func(c *gin.Context) {
		name := strings.TrimPrefix(c.Param("filepath"), "/")
		if h, ok := staticHashes[name]; ok {
			if c.Query("v") == h {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Header("Cache-Control", "public, no-cache")
			}
			c.Header("ETag", `"`+h+`"`)
		}
		files.ServeHTTP(c.Writer, c.Request)
	}
}
