package bleve

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/ca-uncac/hub/search"
)

// Searches filter, count facets and sort by date over every hit, which can be
// most of the index. Reading those values from bleve's doc values for each
// hit costs microseconds per hit and field (290 ms for three facets over
// 56,000 hits here). Instead, each index segment gets a table of its
// documents' keyword values, built once from the doc values when a search
// first meets the segment: segments never change (scorch writes new ones
// and merges old ones into new ones), so the table stays right for the
// segment's life, and a search then reads a hit's values from memory.

// values interns keyword values: each (field, value) pair gets a small
// number, so a table row is a short list of numbers and a facet count is an
// array indexed by them. Numbers are never reused; the set grows with the
// distinct values the index has seen (a few hundred for the hub).
type values struct {
	mu    sync.RWMutex
	ids   map[valueKey]uint16
	keys  []valueKey
	limit int
}

type valueKey struct {
	field uint8 // index into tableFields
	value string
}

// tableFields are the keyword fields a table holds, in this order; the
// day field is kept apart as a number.
var tableFields = search.FacetNames()

func fieldIndex(name string) int { return slices.Index(tableFields, name) }

func newValues() *values {
	return &values{ids: map[valueKey]uint16{}, limit: 1<<16 - 1}
}

// id returns the number of (field, value), adding it when new. ok is false
// when the set is full, which would take 65,535 distinct values.
func (v *values) id(field uint8, value string) (uint16, bool) {
	k := valueKey{field, value}
	v.mu.RLock()
	id, ok := v.ids[k]
	v.mu.RUnlock()
	if ok {
		return id, true
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if id, ok := v.ids[k]; ok {
		return id, true
	}
	if len(v.keys) >= v.limit {
		return 0, false
	}
	id = uint16(len(v.keys))
	v.ids[k] = id
	v.keys = append(v.keys, k)
	return id, true
}

// snapshot returns the keys known now; a search uses it to size its
// counters and to name facet values.
func (v *values) snapshot() []valueKey {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keys[:len(v.keys):len(v.keys)]
}

// table holds the keyword values of one segment's documents, by local
// document number, in compressed-row form.
type table struct {
	start []uint32 // row d is vals[start[d]:start[d+1]]
	vals  []uint16
	day   []int32 // days since 1970, noDay when the document has no date
	// tie orders documents that rank equal on score and date: by their
	// lowest UNCAC article (noArticle without one), so that equal hits
	// come in the same order in every index of the same records, whatever
	// order bleve gave them.
	tie []uint16
	// ids are the documents' ids, the last tie-break (see hitHeap.better).
	ids []string
	// matches keeps what thesaurus alternatives match in the segment (see
	// matches.go); pass, which documents pass filters (see passing).
	matches matchStore
	pass    passSets
}

const noArticle = 1<<16 - 1

// noDay sorts after every date in a newest-first order.
const noDay = -1 << 31

func (t *table) row(d uint64) []uint16 { return t.vals[t.start[d]:t.start[d+1]] }

// buildTable reads seg's doc values into a table.
func buildTable(seg segment.Segment, vs *values) (*table, error) {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("segment %T has no doc values", seg)
	}
	n := seg.Count()
	t := &table{start: make([]uint32, n+1), vals: make([]uint16, 0, n*8), day: make([]int32, n), tie: make([]uint16, n)}
	article := fieldIndex(search.FacetArticle)
	fields := keywordFields
	var state segment.DocVisitState
	var visitErr error
	var err error
	for d := uint64(0); d < n; d++ {
		t.day[d] = noDay
		t.tie[d] = noArticle
		state, err = dv.VisitDocValues(d, fields, func(field string, term []byte) {
			if field == fieldDay {
				if v, err := strconv.ParseInt(string(term), 10, 32); err == nil {
					t.day[d] = int32(v)
				}
				return
			}
			fi := fieldIndex(field)
			if fi < 0 {
				return
			}
			if fi == article {
				if n, err := strconv.Atoi(string(term)); err == nil && n >= 0 && n < int(t.tie[d]) {
					t.tie[d] = uint16(n)
				}
			}
			id, ok := vs.id(uint8(fi), string(term))
			if !ok {
				visitErr = fmt.Errorf("more than %d distinct keyword values", vs.limit)
				return
			}
			t.vals = append(t.vals, id)
		}, state)
		if err != nil {
			return nil, err
		}
		if visitErr != nil {
			return nil, visitErr
		}
		t.start[d+1] = uint32(len(t.vals))
	}
	if t.ids, err = docIDs(seg); err != nil {
		return nil, err
	}
	return t, nil
}

// docIDs returns the ids of seg's documents by number, read from the id
// field's dictionary (each id has one posting) rather than from the stored
// documents, which would mean decompressing them all.
func docIDs(seg segment.Segment) ([]string, error) {
	ids := make([]string, seg.Count())
	d, err := seg.Dictionary(idField)
	if err != nil {
		return nil, err
	}
	it := d.AutomatonIterator(nil, nil, nil)
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return ids, nil
		}
		if pl, err = d.PostingsList([]byte(e.Term), nil, pl); err != nil {
			return nil, err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			if n := p.Number(); n < uint64(len(ids)) {
				ids[n] = e.Term
			}
		}
	}
}

// idField is the field bleve keeps document ids in.
const idField = "_id"

// tables caches the table of each live segment.
type tables struct {
	vals *values

	mu        sync.Mutex
	entries   map[segment.Segment]*tableEntry
	lastPrune time.Time
}

type tableEntry struct {
	once     sync.Once
	t        *table
	err      error
	lastUsed time.Time
}

// tableIdle is how long the table of a segment no search has used is kept:
// segments merged away are forgotten after it, while a search still running
// on an older snapshot does not make the tables of the new segments be
// rebuilt.
const tableIdle = time.Minute

func newTables() *tables {
	return &tables{vals: newValues(), entries: map[segment.Segment]*tableEntry{}}
}

// get returns the tables of segs, building missing ones, and forgets the
// tables of segments that no search used for tableIdle.
func (ts *tables) get(segs []segment.Segment) ([]*table, error) {
	now := time.Now()
	ts.mu.Lock()
	entries := make([]*tableEntry, len(segs))
	for i, s := range segs {
		e := ts.entries[s]
		if e == nil {
			e = &tableEntry{}
			ts.entries[s] = e
		}
		e.lastUsed = now
		entries[i] = e
	}
	if len(ts.entries) > len(segs) && now.Sub(ts.lastPrune) > tableIdle/4 {
		ts.lastPrune = now
		for s, e := range ts.entries {
			if now.Sub(e.lastUsed) > tableIdle {
				if e.t != nil {
					e.t.matches.release()
				}
				delete(ts.entries, s)
			}
		}
	}
	ts.mu.Unlock()
	out := make([]*table, len(segs))
	for i, e := range entries {
		e.once.Do(func() { e.t, e.err = buildTable(segs[i], ts.vals) })
		if e.err != nil {
			return nil, e.err
		}
		out[i] = e.t
	}
	return out, nil
}
