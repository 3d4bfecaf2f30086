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
// the deleted documents' marks).
//
// A reader's own words are kept only when they are frequent (see
// termMatches). Readers' words are as varied as the readers, but the cost of
// a search is the postings it reads, and those are the frequent words'
// ("public", "должностных", "korrupsiya"): few of them, asked for again and
// again, each read in several fields of several hundred bytes of postings.
// Reading a kept list costs a tenth of decoding the postings. Nothing of a
// result is kept: every search still scores, filters, counts and ranks
// every match; only the decoding of the postings is done once per segment.

// matchBudget is the most memory match lists take in all, in bytes; past it
// alternatives are matched on every search, as if nothing were kept. The
// hub's thesaurus on 100,000 documents takes a few tens of megabytes.
const matchBudget = 128 << 20

// matchList is what one wording matches in one field of one segment: the
// documents (local numbers, ascending) and each one's BM25 factor, in
// full precision: a score from a kept list must be, to the last bit, the
// score from the postings (whether a word is kept depends on how many
// documents have it, hidden ones too, and what a reader may not see must
// not change a score).
type matchList struct {
	docs []uint32
	tf   []float64
}

func (m *matchList) size() int64 { return listBytes(len(m.docs)) }

// listBytes is the memory a match list of n documents takes.
func listBytes(n int) int64 { return int64(n)*12 + 64 }

// matchStore holds a segment's match lists by key (see termKey, phraseKey).
type matchStore struct {
	mu    sync.Mutex
	lists map[string]*matchList
	bytes int64
	// frequent is the share of bytes that frequent reader words take
	// (counted in frequentBytes rather than matchBytes).
	frequent int64
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

// put keeps m under key when the budget allows: frequentBudget for a
// frequent reader word's list, matchBudget for the others.
func (ms *matchStore) put(key string, m *matchList, frequent bool) {
	n := m.size() + int64(len(key))
	total, budget := &matchBytes, int64(matchBudget)
	if frequent {
		total, budget = &frequentBytes, frequentBudget
	}
	if total.Add(n) > budget {
		total.Add(-n)
		return
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.lists == nil {
		ms.lists = map[string]*matchList{}
	}
	if _, ok := ms.lists[key]; ok {
		total.Add(-n) // another search kept it first
		return
	}
	ms.lists[key] = m
	ms.bytes += n
	if frequent {
		ms.frequent += n
	}
}

// release gives the store's memory back to the budgets.
func (ms *matchStore) release() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	matchBytes.Add(-(ms.bytes - ms.frequent))
	frequentBytes.Add(-ms.frequent)
	ms.lists, ms.bytes, ms.frequent = nil, 0, 0
}

// Frequent reader words are kept within their own budget, so that they
// never crowd out the thesaurus's alternatives: a word is kept in a segment
// when it is in at least keepTermDocs of its documents and the lists kept
// so take less than frequentBudget bytes.
const frequentBudget = 96 << 20

// keepTermDocs is how many documents of a segment a reader's word must be
// in to be kept (a variable for the tests).
var keepTermDocs uint64 = 2048

// frequentBytes is the memory the kept lists of frequent reader words take
// in all open indexes (apart from matchBytes).
var frequentBytes atomic.Int64

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
// read from its postings pl. A thesaurus alternative (tp.cached) always has
// one. A reader's word has one only when it is frequent: scored by BM25
// (tags and flat fields read bitmaps, which are cheap) and in at least
// keepTermDocs documents of the segment, while frequentBudget allows; ok is
// false otherwise, and its postings are read as they are.
func (r *snapshotReader) termMatches(s int, tp *termPlan, pl segment.PostingsList) (m *matchList, ok bool, err error) {
	if !tp.cached && (tp.constant || tp.flat || pl.Count() < keepTermDocs) {
		return nil, false, nil
	}
	ms := &r.tables[s].matches
	key := termKey(tp)
	if m := ms.get(key); m != nil {
		return m, true, nil
	}
	if !tp.cached && frequentBytes.Load()+listBytes(int(pl.Count())) > frequentBudget {
		return nil, false, nil
	}
	m = &matchList{docs: make([]uint32, 0, pl.Count()), tf: make([]float64, 0, pl.Count())}
	it := pl.Iterator(true, true, false, nil)
	for {
		post, err := it.Next()
		if err != nil {
			return nil, false, err
		}
		if post == nil {
			break
		}
		m.docs = append(m.docs, uint32(post.Number()))
		m.tf = append(m.tf, bm25(float64(post.Frequency()), post.Norm(), tp.avgLen))
	}
	ms.put(key, m, !tp.cached)
	return m, true, nil
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
		m.tf = append(m.tf, bm25(float64(count), norm, pp.avgLen))
	})
	if err != nil {
		return nil, err
	}
	ms.put(key, m, false)
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
					if _, _, err := r.termMatches(s, tp, tp.pls[s]); err != nil {
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

// KeptBytes returns the memory the match lists of all open indexes take,
// the thesaurus's and the frequent words'.
func (ix *Index) KeptBytes() int64 { return matchBytes.Load() + frequentBytes.Load() }
