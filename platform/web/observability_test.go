package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ca-uncac/hub/i18n"
)

// BenchmarkRequestObservability is what the request log and the request
// metrics add to one request through the whole handler (gin, compression,
// security headers), on a route that does nearly nothing, so that their
// cost is not lost in a search's: without either (the log at WARN, as
// HUB_LOG_LEVEL=warn runs it), with the metrics, with every request logged
// as JSON to a file (written, not discarded, as HUB_LOG_FORMAT=json to a
// redirected standard error), and with both. The difference in ns/op
// between "both" and "neither" is what each request pays; hubbench
// bench-observability measures it on real searches (README,
// "Measurements").
//
//	go test -run '^$' -bench RequestObservability -benchmem ./platform/web/
func BenchmarkRequestObservability(b *testing.B) {
	bundle, err := i18n.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name         string
		log, metrics bool
	}{
		{"neither", false, false},
		{"metrics", false, true},
		{"request log to a file", true, false},
		{"both", true, true},
	} {
		b.Run(bb.name, func(b *testing.B) {
			f, err := os.Create(filepath.Join(b.TempDir(), "hub.log"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			level := slog.LevelWarn
			if bb.log {
				level = slog.LevelInfo
			}
			s := &Server{Bundle: bundle, Logger: slog.New(slog.NewJSONHandler(f, &slog.HandlerOptions{Level: level}))}
			if bb.metrics {
				s.Metrics = NewHTTPMetrics(prometheus.NewRegistry())
			}
			h, err := s.Handler()
			if err != nil {
				b.Fatal(err)
			}
			s.engine.GET("/api/v1/things/:id", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"id": c.Param("id")}) })
			req := httptest.NewRequest("GET", "/api/v1/things/42?q=words", nil)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
			b.StopTimer()
			if st, err := f.Stat(); err == nil && bb.log && st.Size() == 0 {
				b.Fatal("nothing was logged")
			}
		})
	}
}
