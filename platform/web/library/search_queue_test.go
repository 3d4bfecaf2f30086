package library

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// gate is a search service whose searches wait until the test opens the
// gate, counting how many run at once.
type gate struct {
	open            chan struct{}
	running, most   atomic.Int32
	started, served atomic.Int32
}

func (g *gate) Search(ctx context.Context, q platform.SearchQuery) (*platform.SearchResult, error) {
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for {
		m := g.most.Load()
		if n <= m || g.most.CompareAndSwap(m, n) {
			break
		}
	}
	g.started.Add(1)
	select {
	case <-g.open:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	g.served.Add(1)
	return &platform.SearchResult{}, nil
}

func (g *gate) Suggest(context.Context, platform.SuggestQuery) ([]platform.Suggestion, error) {
	return nil, nil
}

// TestSearchesTakeTurns: no more searches run at once than there are
// slots; one that waits longer than the queue allows gets a 503 in the
// reader's language, and the others are answered once their turn comes.
func TestSearchesTakeTurns(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{open: make(chan struct{})}
	s := &web.Server{Bundle: bundle, Modules: []web.Module{&Module{Search: g, SearchSlots: 2, SearchQueueWait: 300 * time.Millisecond}}}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	get := func(lang string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/search?q=%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD&lang="+lang, nil)
		req.Header.Set("Accept-Language", lang)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	// Two searches hold both slots.
	first := make(chan int, 2)
	for range 2 {
		go func() { first <- get("en").Code }()
	}
	deadline := time.Now().Add(10 * time.Second)
	for g.started.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	// A third waits its turn, longer than the queue allows.
	w := get("ru")
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("a search that found no turn: %d %s, want 503", w.Code, w.Body)
	}
	if !strings.Contains(w.Body.String(), "много поисковых запросов") {
		t.Errorf("the refusal is not in the reader's language: %s", w.Body)
	}
	if ra := w.Header().Get("Retry-After"); ra == "" {
		t.Error("a search that found no turn is not told when to come back (Retry-After)")
	}
	// A fourth waits, and is answered when the gate opens.
	fourth := make(chan int, 1)
	go func() { fourth <- get("kk").Code }()
	time.Sleep(50 * time.Millisecond)
	close(g.open)
	for range 2 {
		if code := <-first; code != http.StatusOK {
			t.Errorf("a search holding a slot: %d, want 200", code)
		}
	}
	if code := <-fourth; code != http.StatusOK {
		t.Errorf("a search that waited its turn: %d, want 200", code)
	}
	if most := g.most.Load(); most > 2 {
		t.Errorf("%d searches ran at once, with 2 slots", most)
	}
	if served := g.served.Load(); served != 3 {
		t.Errorf("%d searches served, want 3", served)
	}
}
