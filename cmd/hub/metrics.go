package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/search"
	"github.com/ca-uncac/hub/storage"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// hubMetrics are what the hub tells Prometheus at HUB_METRICS_ADDR: its
// requests (by route and status, with latency), search latency, how far the
// search index lags behind the change log, the text-extraction queue and
// its failures, failed database commands and object-store calls, and the Go
// runtime and process. They are served on an address of their own, so that
// the public site never answers /metrics and an operator exposes it to the
// scraper only.
type hubMetrics struct {
	reg           *prometheus.Registry
	http          *web.HTTPMetrics
	search        *prometheus.HistogramVec
	mongoErrors   *prometheus.CounterVec
	storageErrors *prometheus.CounterVec
	extracted     *prometheus.CounterVec
}

func newHubMetrics() *hubMetrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &hubMetrics{
		reg:  reg,
		http: web.NewHTTPMetrics(reg),
		search: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hub_search_duration_seconds",
			Help:    "Time the search index takes to answer, by operation (search, suggest).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}, []string{"op"}),
		mongoErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hub_mongo_command_errors_total",
			Help: "Database commands that failed, by command name.",
		}, []string{"command"}),
		storageErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hub_storage_errors_total",
			Help: "Object-store calls that failed (a missing object is an answer, not counted), by operation.",
		}, []string{"op"}),
		extracted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hub_extractions_total",
			Help: "Attachments whose text extraction finished, by outcome (text, failed: kept as not searchable).",
		}, []string{"outcome"}),
	}
	reg.MustRegister(m.search, m.mongoErrors, m.storageErrors, m.extracted)
	// Both outcomes and every operation show from the start, at 0, so that
	// a rate() works before the first failure.
	m.extracted.WithLabelValues("text")
	m.extracted.WithLabelValues("failed")
	for _, op := range []string{"put", "get", "stat", "delete", "presign", "list"} {
		m.storageErrors.WithLabelValues(op)
	}
	return m
}

// gauges registers the values read when Prometheus scrapes: the index lag
// in change-log sequences and the number of attachments waiting for
// extraction. A read that fails (the database away) reports -1, which an
// alert can tell from a real 0.
func (m *hubMetrics) gauges(lag func(context.Context) (uint64, error), pending func(context.Context) (int64, error)) {
	read := func(f func(ctx context.Context) (float64, error)) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			v, err := f(ctx)
			if err != nil {
				return -1
			}
			return v
		}
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "hub_index_lag",
			Help: "Change-log sequences written but not yet applied to this hub's search index.",
		}, read(func(ctx context.Context) (float64, error) { n, err := lag(ctx); return float64(n), err })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "hub_extract_queue",
			Help: "Attachments waiting for their text to be extracted.",
		}, read(func(ctx context.Context) (float64, error) { n, err := pending(ctx); return float64(n), err })),
	)
}

// onCommandFailed is the database's hook (mongo.OnCommandFailed).
func (m *hubMetrics) onCommandFailed() mongo.OpenOption {
	return mongo.OnCommandFailed(func(command string) { m.mongoErrors.WithLabelValues(command).Inc() })
}

// outcome is the attachments' hook (files.Options.Outcome).
func (m *hubMetrics) outcome(failed bool) {
	if failed {
		m.extracted.WithLabelValues("failed").Inc()
	} else {
		m.extracted.WithLabelValues("text").Inc()
	}
}

// serve answers /metrics on ln until ctx ends.
func (m *hubMetrics) serve(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shut)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// timedIndex times the searches readers make (not the indexer's writes).
type timedIndex struct {
	search.Index
	h *prometheus.HistogramVec
}

func (t timedIndex) Search(ctx context.Context, q search.Query) (*search.Result, error) {
	defer t.time("search", time.Now())
	return t.Index.Search(ctx, q)
}

func (t timedIndex) Suggest(ctx context.Context, q search.SuggestQuery) ([]search.Suggestion, error) {
	defer t.time("suggest", time.Now())
	return t.Index.Suggest(ctx, q)
}

func (t timedIndex) time(op string, start time.Time) {
	t.h.WithLabelValues(op).Observe(time.Since(start).Seconds())
}

// countedStore counts the object store's failed calls.
type countedStore struct {
	storage.Store
	errs *prometheus.CounterVec
}

func (s countedStore) count(op string, err error) {
	if err != nil && !errors.Is(err, storage.ErrNotExist) {
		s.errs.WithLabelValues(op).Inc()
	}
}

func (s countedStore) Put(ctx context.Context, key string, r io.Reader, size int64, opts storage.PutOptions) (storage.Object, error) {
	o, err := s.Store.Put(ctx, key, r, size, opts)
	s.count("put", err)
	return o, err
}

func (s countedStore) Get(ctx context.Context, key string) (io.ReadCloser, storage.Object, error) {
	rc, o, err := s.Store.Get(ctx, key)
	s.count("get", err)
	return rc, o, err
}

func (s countedStore) Stat(ctx context.Context, key string) (storage.Object, error) {
	o, err := s.Store.Stat(ctx, key)
	s.count("stat", err)
	return o, err
}

func (s countedStore) Delete(ctx context.Context, key string) error {
	err := s.Store.Delete(ctx, key)
	s.count("delete", err)
	return err
}

func (s countedStore) PresignGet(ctx context.Context, key string, expiry time.Duration, filename string) (string, error) {
	u, err := s.Store.PresignGet(ctx, key, expiry, filename)
	s.count("presign", err)
	return u, err
}

func (s countedStore) List(ctx context.Context, prefix string) ([]storage.Object, error) {
	o, err := s.Store.List(ctx, prefix)
	s.count("list", err)
	return o, err
}
