package bleve

import (
	"container/list"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/ca-uncac/hub/search"
)

// Results are cached, because readers repeat themselves: the library page
// opens with the empty query and its facets, a search is followed by its
// second page and by facet clicks that come back to it, everybody looks for
// "коррупция". An entry is keyed by the whole query, visibilities included,
// and is only used while the index has not changed since (the generation
// moves on with every Apply), so a cached answer is never stale.

// cacheSize is the number of results kept.
const cacheSize = 512

type resultCache struct {
	gen atomic.Uint64

	mu      sync.Mutex
	order   *list.List // of *cacheEntry, most recent first
	entries map[string]*list.Element
}

type cacheEntry struct {
	key string
	gen uint64
	res *search.Result
}

func newResultCache() *resultCache {
	return &resultCache{order: list.New(), entries: map[string]*list.Element{}}
}

// generation is the index's generation, read before a search starts.
func (c *resultCache) generation() uint64 { return c.gen.Load() }

// invalidate starts a new generation: every entry is stale.
func (c *resultCache) invalidate() { c.gen.Add(1) }

func (c *resultCache) get(key string, gen uint64) (*search.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if e.gen != gen {
		c.order.Remove(el)
		delete(c.entries, key)
		return nil, false
	}
	c.order.MoveToFront(el)
	return cloneResult(e.res), true
}

// put stores res as the answer at generation gen; an answer computed while
// an Apply ran is stored with the older generation and never served.
func (c *resultCache) put(key string, gen uint64, res *search.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.order.Remove(el)
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, gen: gen, res: cloneResult(res)})
	for c.order.Len() > cacheSize {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cacheEntry).key)
	}
}

func cloneResult(r *search.Result) *search.Result {
	out := &search.Result{Total: r.Total, FullMatches: r.FullMatches, Relaxed: r.Relaxed, DidYouMean: r.DidYouMean,
		Hits: slices.Clone(r.Hits)}
	for i := range out.Hits {
		out.Hits[i].Missing = slices.Clone(out.Hits[i].Missing)
	}
	if r.Facets != nil {
		out.Facets = maps.Clone(r.Facets)
		for k, v := range out.Facets {
			out.Facets[k] = slices.Clone(v)
		}
	}
	return out
}

// cacheKey encodes q; every field takes part, so equal keys mean equal
// queries.
func cacheKey(q search.Query) (string, bool) {
	if len(q.Text) > 2048 {
		return "", false // not worth keeping
	}
	return fmt.Sprintf("%#v", q), true
}
