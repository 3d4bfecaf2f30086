package bleve

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/ca-uncac/hub/search"
)

// Thesaurus alternatives are the dearest part of a search: a practitioner's
// term ("кодекс поведения", "beneficial ownership") stands for up to 16
// other wordings, most of them phrases, each looked up in three fields of
// its language, and matching a phrase reads positions. Yet the
// alternatives come from the thesaurus, which is data: the same few hundred
// wordings are asked for again and again. So what an alternative matches in
// a segment (its documents and their BM25 factors, before the weights and
// the idf that depend on the query and the whole index) is kept with the
// segment's table, for the segment's life: segments never change, and a
// document deleted since is dropped when the list is used (scoresOf clears
// the deleted documents' marks). A reader's own words are not kept: they
// are as varied as the readers, and cheap next to phrases of the thesaurus.

// matchBudget is the most memory match lists take in all, in bytes; past it
// alternatives are matched on every search, as if nothing were kept. The
// hub's thesaurus on 100,000 documents takes a few tens of megabytes.
const matchBudget = 128 << 20

// matchList is what one wording matches in one field of one segment: the
// documents (local numbers, ascending) and each one's BM25 factor.
type matchList struct {
	docs []uint32
	tf   []float32
}

func (m *matchList) size() int64 { return int64(len(m.docs))*8 + 64 }

// matchStore holds a segment's match lists by key (see termKey, phraseKey).
type matchStore struct {
	mu    sync.Mutex
	lists map[string]*matchList
	bytes int64
	// prepared says the warmer has matched the prepared expansions here.
	prepared bool
}

// matchBytes is the memory all match stores take; a store's share is given
// back when its segment's table is forgotten.
var matchBytes atomic.Int64

func (ms *matchStore) get(key string) *matchList {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.lists[key]
}

// put keeps m under key when the budget allows.
func (ms *matchStore) put(key string, m *matchList) {
	n := m.size() + int64(len(key))
	if matchBytes.Add(n) > matchBudget {
		matchBytes.Add(-n)
		return
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.lists == nil {
		ms.lists = map[string]*matchList{}
	}
	if _, ok := ms.lists[key]; ok {
		matchBytes.Add(-n) // another search kept it first
		return
	}
	ms.lists[key] = m
	ms.bytes += n
}

// release gives the store's memory back to the budget.
func (ms *matchStore) release() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	matchBytes.Add(-ms.bytes)
	ms.lists, ms.bytes = nil, 0
}

func termKey(tp *termPlan) string { return tp.field + "\x00" + string(tp.term) }

func phraseKey(pp *phrasePlan) string {
	var b strings.Builder
	b.WriteString(pp.field)
	for i, t := range pp.terms {
		b.WriteByte(0)
		b.Write(t)
		b.WriteByte(1)
		b.WriteString(strconv.FormatUint(pp.offs[i], 10))
	}
	return b.String()
}

// termMatches returns the match list of tp in segment s, from the store or
// read from its postings pl.
func (r *snapshotReader) termMatches(s int, tp *termPlan, pl segment.PostingsList) (*matchList, error) {
	ms := &r.tables[s].matches
	key := termKey(tp)
	if m := ms.get(key); m != nil {
		return m, nil
	}
	m := &matchList{docs: make([]uint32, 0, pl.Count()), tf: make([]float32, 0, pl.Count())}
	it := pl.Iterator(true, true, false, nil)
	for {
		post, err := it.Next()
		if err != nil {
			return nil, err
		}
		if post == nil {
			break
		}
		m.docs = append(m.docs, uint32(post.Number()))
		m.tf = append(m.tf, float32(bm25(float64(post.Frequency()), post.Norm(), tp.avgLen)))
	}
	ms.put(key, m)
	return m, nil
}

// phraseMatches returns the match list of pp in segment s, from the store
// or matched on the positions of its terms' postings pls.
func (r *snapshotReader) phraseMatches(s int, pp *phrasePlan, pls []segment.PostingsList) (*matchList, error) {
	ms := &r.tables[s].matches
	key := phraseKey(pp)
	if m := ms.get(key); m != nil {
		return m, nil
	}
	m := &matchList{}
	err := eachPhrase(pp, pls, nil, func(doc uint64, count int, norm float64) {
		m.docs = append(m.docs, uint32(doc))
		m.tf = append(m.tf, float32(bm25(float64(count), norm, pp.avgLen)))
	})
	if err != nil {
		return nil, err
	}
	ms.put(key, m)
	return m, nil
}

// prepareIdle is how long the index must have been left alone before the
// warmer prepares alternatives: during a bulk import segments come and go
// faster than it is worth matching in them.
const prepareIdle = time.Second

// PrepareExpansions has the index match exps' alternatives in each segment
// ahead of the searches that need them (see matches.go), while no batch is
// coming in, so that even the first search with a practitioner's term finds
// its lists ready. The thesaurus gives all its groups here at start.
func (ix *Index) PrepareExpansions(exps []search.Expansion) {
	exps = slices.Clone(exps)
	ix.prepared.Store(&exps)
}

// prepare matches the alternatives of exps in the segments of r that have
// not had them yet.
func (ix *Index) prepare(r *snapshotReader, exps []search.Expansion) error {
	var todo []int
	for s, t := range r.tables {
		if !t.matches.isPrepared() {
			todo = append(todo, s)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	for _, e := range exps {
		select {
		case <-ix.stop:
			return nil
		default:
		}
		pl := ix.newPlanner("")
		p := pl.build(search.ParseQuery(e.Match), []search.Expansion{e})
		if err := r.lookup(p); err != nil {
			return err
		}
		for _, s := range todo {
			for _, tp := range p.terms {
				if tp.cached && tp.pls[s] != nil {
					if _, err := r.termMatches(s, tp, tp.pls[s]); err != nil {
						return err
					}
				}
			}
			for _, pp := range p.phrases {
				if pp.cached && pp.pls[s] != nil {
					if _, err := r.phraseMatches(s, pp, pp.pls[s]); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, s := range todo {
		r.tables[s].matches.setPrepared()
	}
	return nil
}

func (ms *matchStore) isPrepared() bool {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.prepared
}

func (ms *matchStore) setPrepared() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.prepared = true
}

// PrepareNow matches the prepared expansions' alternatives in the current
// segments at once, as the warmer would when the index is idle (for
// benchmarks, which measure a hub that has had its moment).
func (ix *Index) PrepareNow() error {
	exps := ix.prepared.Load()
	if exps == nil {
		return nil
	}
	r, err := ix.openSnapshot()
	if err != nil {
		return err
	}
	defer r.close()
	return ix.prepare(r, *exps)
}

// KeptBytes returns the memory the match lists of all open indexes take.
func (ix *Index) KeptBytes() int64 { return matchBytes.Load() }
