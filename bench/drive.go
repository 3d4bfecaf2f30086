package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Run is the outcome of driving a list of requests with some concurrent
// clients.
type Run struct {
	Clients  int           `json:"clients"`
	Requests int           `json:"requests"`
	Errors   int           `json:"errors"`
	Took     time.Duration `json:"took"`
	// Latency summarises the requests that succeeded.
	Latency Percentiles `json:"latency"`
	// FirstError describes the first failure, if any.
	FirstError string `json:"firstError,omitempty"`
}

// PerSecond is the rate of requests over the run.
func (r Run) PerSecond() float64 {
	if r.Took <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Took.Seconds()
}

// Drive sends every item to fn from clients concurrent workers, each taking
// the next item as soon as it is done with one (a closed loop, as readers
// waiting for their page are), and times each call. An error counts the
// call as failed. Drive returns when every item was tried or ctx ended.
func Drive[T any](ctx context.Context, clients int, items []T, fn func(context.Context, T) error) Run {
	var (
		next   atomic.Int64
		mu     sync.Mutex
		lat    = make([]time.Duration, 0, len(items))
		errs   int
		first  string
		wg     sync.WaitGroup
		start  = time.Now()
		record = func(d time.Duration, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs++
				if first == "" {
					first = err.Error()
				}
				return
			}
			lat = append(lat, d)
		}
	)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(items) {
					return
				}
				t := time.Now()
				err := fn(ctx, items[i])
				record(time.Since(t), err)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	return Run{Clients: clients, Requests: len(lat) + errs, Errors: errs, Took: took, Latency: Summarise(lat), FirstError: first}
}

// Memory follows the resident memory of a process by sampling
// /proc/<pid>/status.
type Memory struct {
	pid  int
	stop chan struct{}
	done chan struct{}

	mu      sync.Mutex
	peak    int64 // bytes, since the last Reset
	samples []MemorySample
}

// MemorySample is the resident memory at a moment.
type MemorySample struct {
	At  time.Duration `json:"at"` // since the sampling started
	RSS int64         `json:"rss"`
}

// FollowMemory samples the process's resident memory every interval until
// Stop.
func FollowMemory(pid int, interval time.Duration) *Memory {
	m := &Memory{pid: pid, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		start := time.Now()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if rss, err := ResidentMemory(pid); err == nil {
				m.mu.Lock()
				m.peak = max(m.peak, rss)
				m.samples = append(m.samples, MemorySample{At: time.Since(start), RSS: rss})
				m.mu.Unlock()
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

// Peak returns the highest resident memory sampled since the start or the
// last Reset, in bytes.
func (m *Memory) Peak() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.peak
}

// Reset starts a new peak and forgets the samples.
func (m *Memory) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.peak, m.samples = 0, nil
}

// Samples returns the samples since the start or the last Reset.
func (m *Memory) Samples() []MemorySample {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]MemorySample(nil), m.samples...)
}

// Stop ends the sampling.
func (m *Memory) Stop() {
	close(m.stop)
	<-m.done
}

// ResidentMemory returns a process's resident set size (VmRSS) in bytes.
func ResidentMemory(pid int) (int64, error) { return statusField(pid, "VmRSS:") }

// PeakResidentMemory returns a process's peak resident set size (VmHWM) in
// bytes: the high-water mark the kernel keeps, between samples too.
func PeakResidentMemory(pid int) (int64, error) { return statusField(pid, "VmHWM:") }

func statusField(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// MB writes bytes as mebibytes.
func MB(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

// Ms writes a duration in milliseconds with one decimal.
func Ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
