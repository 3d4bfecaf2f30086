package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// TestMetricsAreServedApartAndParse: with HUB_METRICS_ADDR the hub serves
// Prometheus metrics there, in the text format Prometheus parses, and the
// public site does not answer /metrics. The requests made show by route
// pattern (never a path with its ids), with their latency; searches are
// timed; the index lag, the extraction queue and the Go runtime are there.
func TestMetricsAreServedApartAndParse(t *testing.T) {
	h := startHub(t, map[string]string{"HUB_DEMO": "false", "HUB_METRICS_ADDR": "127.0.0.1:0"})
	m := regexp.MustCompile(`metrics listening.*addr=(127\.0\.0\.1:\d+)`).FindStringSubmatch(h.Log())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", h.Log())
	}
	for _, path := range []string{"/en/", "/ru/library", "/api/v1/search?q=corruption", "/api/v1/documents/no-such-document", "/metrics"} {
		resp, err := http.Get(h.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if path == "/metrics" && resp.StatusCode != http.StatusNotFound {
			t.Errorf("the public site answers /metrics with %d", resp.StatusCode)
		}
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	var parser expfmt.TextParser
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the metrics do not parse: %v", err)
	}
	for _, name := range []string{"hub_http_requests_total", "hub_http_request_duration_seconds", "hub_search_duration_seconds",
		"hub_index_lag", "hub_extract_queue", "hub_extractions_total", "hub_storage_errors_total", "go_goroutines", "process_resident_memory_bytes"} {
		if families[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	count := func(route, status string) float64 {
		var n float64
		for _, mm := range families["hub_http_requests_total"].GetMetric() {
			if label(mm, "route") == route && label(mm, "status") == status {
				n += mm.GetCounter().GetValue()
			}
		}
		return n
	}
	for _, c := range []struct{ route, status string }{
		{"/:lang/", "200"}, {"/:lang/library", "200"}, {"/api/v1/search", "200"}, {"/api/v1/documents/:id", "404"},
	} {
		if count(c.route, c.status) < 1 {
			t.Errorf("no request counted for %s %s", c.route, c.status)
		}
	}
	for _, mm := range families["hub_http_requests_total"].GetMetric() {
		if r := label(mm, "route"); strings.Contains(r, "no-such-document") || strings.Contains(r, "corruption") {
			t.Errorf("a path or query reached a label: %s", r)
		}
	}
	var searches uint64
	for _, mm := range families["hub_search_duration_seconds"].GetMetric() {
		if label(mm, "op") == "search" {
			searches += mm.GetHistogram().GetSampleCount()
		}
	}
	if searches < 1 {
		t.Error("the search was not timed")
	}
	if v := families["hub_index_lag"].GetMetric()[0].GetGauge().GetValue(); v < 0 {
		t.Errorf("index lag %v: the gauge could not be read", v)
	}
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
