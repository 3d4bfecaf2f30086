package bleve

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/ca-uncac/hub/search"
)

// filters are a query's filters as per-value bits: value v passes filter i
// when bits[v] has bit i, and a document passes when its values together
// have every bit of need.
type filters struct {
	bits []uint16
	need uint16
	none bool // a filter that no indexed value can pass
	// key names the filters by what they let through (see passing).
	key string
}

// queryFilters are a query's filters in two parts: who may see the record
// (the same for every search of a kind of reader, so its passing documents
// are kept per segment: see passing) and the reader's own choices (checked
// hit by hit).
type queryFilters struct {
	visibility, chosen filters
}

func (f *queryFilters) none() bool { return f.visibility.none || f.chosen.none }

func (r *snapshotReader) filters(q search.Query) queryFilters {
	qf := queryFilters{visibility: filters{bits: make([]uint16, len(r.keys))}, chosen: filters{bits: make([]uint16, len(r.keys))}}
	n := 0
	add := func(f *filters, field string, vs []string) {
		if len(vs) == 0 {
			return
		}
		bit := uint16(1) << n
		n++
		f.need |= bit
		fi := uint8(fieldIndex(field))
		found := false
		for _, v := range vs {
			for id, k := range r.keys {
				if k.field == fi && k.value == v {
					f.bits[id] |= bit
					found = true
				}
			}
		}
		if !found {
			f.none = true
		}
	}
	c := &qf.chosen
	add(c, search.FacetType, q.Types)
	add(c, search.FacetKind, q.Kinds)
	add(c, search.FacetCountry, q.Countries)
	add(c, search.FacetArea, q.Areas)
	add(c, search.FacetStatus, q.Statuses)
	add(c, search.FacetLanguage, q.Languages)
	articles := make([]string, len(q.Articles))
	for i, a := range q.Articles {
		articles[i] = strconv.Itoa(a)
	}
	add(c, search.FacetArticle, articles)
	if q.Year != 0 {
		add(c, search.FacetYear, []string{strconv.Itoa(q.Year)})
	}
	v := &qf.visibility
	add(v, search.FacetVisibility, q.Visibilities)
	if v.need != 0 {
		var b strings.Builder
		for id, bits := range v.bits {
			if bits != 0 {
				fmt.Fprintf(&b, "%d,", id)
			}
		}
		v.key = b.String()
	}
	return qf
}

// Every search filters on visibility, and readers of a kind alike: an
// anonymous reader sees public records, a member public and members' ones.
// So which documents of a segment a kind of reader may see is worked out
// once per segment and kept with its table (at most maxPassSets kinds per
// segment). The same sets restrict the statistics a search ranks and
// expands words with (see snapshotReader.see).
const maxPassSets = 8

type passSets struct {
	mu   sync.Mutex
	sets map[string]*passSet
}

// passSet is the documents of one segment that pass a filter (deleted ones
// included: the table does not know them), as a bitset for the scan over
// hits and as bitmaps for counting the postings a reader may see: bm of
// those that pass and failed of the others, the smaller of which a count
// intersects with (readers see most records).
type passSet struct {
	bits       []uint64
	bm, failed *roaring.Bitmap
	// all says every document of the segment passes.
	all bool
}

func (ps *passSet) has(d uint64) bool { return ps.bits[d/64]&(1<<(d%64)) != 0 }

// count returns the number of documents of postings (a bitmap of live
// documents) that pass. A short list is looked up in the bitset document by
// document; a long one (bitmap containers, mostly) is intersected with the
// smaller of the bitmaps.
func (ps *passSet) count(postings *roaring.Bitmap) uint64 {
	n := postings.GetCardinality()
	if n > shortPostings {
		if ps.failed.GetCardinality() < ps.bm.GetCardinality() {
			return n - postings.AndCardinality(ps.failed)
		}
		return postings.AndCardinality(ps.bm)
	}
	var c uint64
	var buf [256]uint32
	it := postings.ManyIterator()
	for {
		k := it.NextMany(buf[:])
		if k == 0 {
			return c
		}
		for _, d := range buf[:k] {
			if ps.has(uint64(d)) {
				c++
			}
		}
	}
}

// shortPostings is the longest postings list passSet.count looks up
// document by document: roaring keeps up to 4096 documents of a range of
// 65,536 as a sorted array, which it would intersect by merging.
const shortPostings = 4096

// passing returns the documents of t that pass f (nil: all do).
func (t *table) passing(f *filters) *passSet {
	if f.need == 0 {
		return nil
	}
	t.pass.mu.Lock()
	set, ok := t.pass.sets[f.key]
	t.pass.mu.Unlock()
	if ok {
		return set
	}
	n := len(t.start) - 1
	set = &passSet{bits: make([]uint64, n/64+1), bm: roaring.New(), failed: roaring.New()}
	count := 0
	for d := range n {
		if f.pass(t.row(uint64(d))) {
			set.bits[d/64] |= 1 << (d % 64)
			set.bm.Add(uint32(d))
			count++
		} else {
			set.failed.Add(uint32(d))
		}
	}
	set.all = count == n
	t.pass.mu.Lock()
	defer t.pass.mu.Unlock()
	if t.pass.sets == nil || len(t.pass.sets) >= maxPassSets {
		t.pass.sets = map[string]*passSet{}
	}
	t.pass.sets[f.key] = set
	return set
}

func (f *filters) pass(row []uint16) bool {
	if f.need == 0 {
		return true
	}
	var have uint16
	for _, v := range row {
		have |= f.bits[v]
	}
	return have == f.need
}

// candidate is a hit on its way through the heap.
type candidate struct {
	// tier is 0 for a full match and, for a partial one, the number of
	// units it lacks: every full match ranks above every partial one, and
	// among those the ones with more of the query's words come first.
	tier  uint8
	score float32
	day   int32
	tie   uint16
	seg   int32
	doc   uint32
}

// hitHeap keeps the best k candidates, the worst on top.
type hitHeap struct {
	c      []candidate
	byDate bool
	// tables name the candidates' documents, for the last tie-break.
	tables []*table
}

// better orders candidates for the result: by score or by date, then the
// other, then by the table's tie order, then by id. Not by position in the
// index: which segment and place bleve gives a document depends on what
// else was indexed with it and when segments merged, and the order of equal
// hits must be the same whatever else the index holds (records hidden from
// the reader included) and stable between pages.
func (h *hitHeap) better(a, b candidate) bool {
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	first, second := cmp.Compare(a.score, b.score), cmp.Compare(a.day, b.day)
	if h.byDate {
		first, second = second, first
	}
	if first != 0 {
		return first > 0
	}
	if second != 0 {
		return second > 0
	}
	if a.tie != b.tie {
		return a.tie < b.tie
	}
	if a.seg != b.seg || a.doc != b.doc {
		if c := strings.Compare(h.tables[a.seg].ids[a.doc], h.tables[b.seg].ids[b.doc]); c != 0 {
			return c < 0
		}
	}
	if a.seg != b.seg {
		return a.seg < b.seg
	}
	return a.doc < b.doc
}

func (h *hitHeap) Len() int           { return len(h.c) }
func (h *hitHeap) Less(i, j int) bool { return h.better(h.c[j], h.c[i]) }
func (h *hitHeap) Swap(i, j int)      { h.c[i], h.c[j] = h.c[j], h.c[i] }
func (h *hitHeap) Push(x any)         { h.c = append(h.c, x.(candidate)) }
func (h *hitHeap) Pop() any {
	x := h.c[len(h.c)-1]
	h.c = h.c[:len(h.c)-1]
	return x
}

func (h *hitHeap) offer(c candidate, k int) {
	switch {
	case k <= 0:
	case len(h.c) < k:
		heap.Push(h, c)
	case h.better(c, h.c[0]):
		h.c[0] = c
		heap.Fix(h, 0)
	}
}

// sorted returns the kept candidates, best first.
func (h *hitHeap) sorted() []candidate {
	out := slices.Clone(h.c)
	slices.SortFunc(out, func(a, b candidate) int {
		if h.better(a, b) {
			return -1
		}
		if h.better(b, a) {
			return 1
		}
		return 0
	})
	return out
}

// collection is what a scan over the accumulators finds.
type collection struct {
	total  uint64
	top    []candidate
	counts []int32 // by value id, for the wanted facets
	// full counts the full matches, partial the partial ones (see relax).
	full, partial uint64

	h           *hitHeap
	k           int
	passing     []*passSet
	tags        [][]bool
	wanted      []bool
	countFacets bool
}

// accept counts document d of segment s as a hit of the given tier when
// the reader may see it and it passes the filters.
func (r *snapshotReader) accept(col *collection, p *plan, sc *scores, f *filters, s int, d uint64, score float32, tier uint8) bool {
	if ps := col.passing[s]; ps != nil && !ps.has(d) {
		return false
	}
	t := r.tables[s]
	row := t.row(d)
	if !f.pass(row) {
		return false
	}
	if len(p.expansions) > 0 {
		score = r.expansionScore(p, sc, col.tags, row, sc.base[s]+int(d), score)
	}
	col.total++
	if col.countFacets {
		for _, v := range row {
			if col.wanted[v] {
				col.counts[v]++
			}
		}
	}
	col.h.offer(candidate{tier: tier, score: score, day: t.day[d], tie: t.tie[d], seg: int32(s), doc: uint32(d)}, col.k)
	return true
}

// collect scans the accumulators (or, for a query without words, every
// live document) and keeps the full matches: the best k, the total and the
// facet counts.
func (r *snapshotReader) collect(p *plan, sc *scores, qf queryFilters, wanted []bool, k int, byDate bool) collection {
	col := collection{counts: make([]int32, len(r.keys)), k: k, wanted: wanted}
	col.h = &hitHeap{byDate: byDate, tables: r.tables}
	if qf.none() {
		return col
	}
	f := &qf.chosen
	col.countFacets = slices.Contains(wanted, true)
	col.tags = r.tagValues(p)
	col.passing = make([]*passSet, len(r.segs))
	for s, t := range r.tables {
		col.passing[s] = t.passing(&qf.visibility)
	}
	accept := func(s int, d uint64, score float32) { r.accept(&col, p, sc, f, s, d, score, 0) }
	for s, ss := range r.segs {
		n := ss.Segment().Count()
		base := sc.base[s]
		if !p.text {
			del := r.deleted(s)
			for d := uint64(0); d < n; d++ {
				if del != nil && del.Contains(uint32(d)) {
					continue
				}
				accept(s, d, 0)
			}
			continue
		}
		masks := sc.mask[base : base+int(n)]
		if len(p.units) == 0 {
			// Only exclusions: every live document that has none.
			del := r.deleted(s)
			for d := uint64(0); d < n; d++ {
				if masks[d]&p.exclude != 0 || del != nil && del.Contains(uint32(d)) {
					continue
				}
				accept(s, d, sc.score[base+int(d)])
			}
			continue
		}
		for d, m := range masks {
			if m == 0 || m&p.exclude != 0 {
				continue
			}
			ok := true
			for _, u := range p.units {
				if !u.ok(m) {
					ok = false
					break
				}
			}
			if ok {
				accept(s, uint64(d), sc.score[base+d])
			}
		}
	}
	col.full = col.total
	col.top = col.h.sorted()
	return col
}

// matched returns the number of p's units that mask m meets, or -1 when it
// misses a strict one (a quoted phrase) or has an excluded word.
func (p *plan) matched(m uint64) int {
	if m == 0 || m&p.exclude != 0 {
		return -1
	}
	n := 0
	for _, u := range p.units {
		switch {
		case u.ok(m):
			n++
		case u.strict:
			return -1
		}
	}
	return n
}

// relax adds the partial matches to col, a collection of full matches (see
// search.RelaxBelow): documents the reader may see that pass the filters
// and meet at least all but search.MaxMissing of the units, every strict one
// among them, or, when nothing matched fully and none meets that many, the
// most units any meets. The first scan counts the candidates by the units
// they meet, the second offers those kept.
func (r *snapshotReader) relax(p *plan, sc *scores, qf queryFilters, col *collection) {
	if qf.none() || len(p.units) < 2 {
		return
	}
	n := len(p.units)
	f := &qf.chosen
	byUnits := make([]uint64, n)
	for s, ss := range r.segs {
		base := sc.base[s]
		for d, m := range sc.mask[base : base+int(ss.Segment().Count())] {
			k := p.matched(m)
			if k <= 0 || k == n {
				continue
			}
			if ps := col.passing[s]; ps != nil && !ps.has(uint64(d)) {
				continue
			}
			if f.pass(r.tables[s].row(uint64(d))) {
				byUnits[k]++
			}
		}
	}
	least := n - search.MaxMissing(n)
	var some uint64
	for k := least; k < n; k++ {
		some += byUnits[k]
	}
	if some == 0 {
		if col.full > 0 {
			return
		}
		for least = n - 1; least > 0 && byUnits[least] == 0; least-- {
		}
		if least == 0 {
			return
		}
	}
	for s, ss := range r.segs {
		base := sc.base[s]
		for d, m := range sc.mask[base : base+int(ss.Segment().Count())] {
			if k := p.matched(m); k >= least && k < n {
				r.accept(col, p, sc, f, s, uint64(d), sc.score[base+d], uint8(n-k))
			}
		}
	}
	col.partial = col.total - col.full
	col.top = col.h.sorted()
}

// missing returns the units that mask m does not meet, as typed.
func (p *plan) missing(m uint64) []string {
	var out []string
	for _, u := range p.units {
		if !u.ok(m) && !slices.Contains(out, u.typed) {
			out = append(out, u.typed)
		}
	}
	return out
}

// tagValues marks, for each expansion, the value ids of its articles; and
// in the last slice, every article value id.
func (r *snapshotReader) tagValues(p *plan) [][]bool {
	if len(p.expansions) == 0 {
		return nil
	}
	fi := uint8(fieldIndex(search.FacetArticle))
	out := make([][]bool, len(p.expansions)+1)
	for k := range out {
		out[k] = make([]bool, len(r.keys))
	}
	for id, key := range r.keys {
		if key.field != fi {
			continue
		}
		out[len(p.expansions)][id] = true
		for k, e := range p.expansions {
			out[k][id] = slices.Contains(e.articles, key.value)
		}
	}
	return out
}

// expansionScore adjusts the score of document d (index i in the
// accumulators) for the plan's expansions: the partial score of an
// expansion's own words is dropped when the document qualifies only through
// the alternatives, and the document's tags with the expansion's articles
// add tagBoost.
func (r *snapshotReader) expansionScore(p *plan, sc *scores, tags [][]bool, row []uint16, i int, score float32) float32 {
	m := sc.mask[i]
	all := tags[len(p.expansions)]
	for k, e := range p.expansions {
		if m&e.own != e.own || e.own == 0 {
			score -= sc.partial[k][i]
		}
		if len(e.articles) == 0 {
			continue
		}
		matched, total := 0, 0
		for _, v := range row {
			if all[v] {
				total++
				if tags[k][v] {
					matched++
				}
			}
		}
		score += float32(tagBoost(matched, total))
	}
	return max(score, 0)
}

// tagBoost scores a record tagged with matched of the articles an
// expansion ties to the query, among total tags: the more of them, and the
// fewer other tags (the more the record is about them), the more. The
// Convention's article itself, tagged with that article alone, scores the
// full articleWeight.
func tagBoost(matched, total int) float64 {
	if matched == 0 || total == 0 {
		return 0
	}
	return articleWeight * float64(matched) / math.Sqrt(float64(total))
}

// facets turns counts into the result's facets: each wanted facet's values,
// most frequent first, at most facetSize of them.
func (r *snapshotReader) facets(names []string, counts []int32) map[string][]search.FacetValue {
	out := make(map[string][]search.FacetValue, len(names))
	for _, name := range names {
		out[name] = []search.FacetValue{}
	}
	for id, c := range counts {
		if c == 0 {
			continue
		}
		k := r.keys[id]
		name := tableFields[k.field]
		if vs, ok := out[name]; ok {
			out[name] = append(vs, search.FacetValue{Value: k.value, Count: int(c)})
		}
	}
	for name, vs := range out {
		slices.SortFunc(vs, func(a, b search.FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		if n := facetSize(name); len(vs) > n {
			vs = vs[:n]
		}
		out[name] = vs
	}
	return out
}

// wantedValues marks the value ids of the named facets.
func (r *snapshotReader) wantedValues(names []string) []bool {
	w := make([]bool, len(r.keys))
	if len(names) == 0 {
		return w
	}
	fields := make([]bool, len(tableFields))
	for _, n := range names {
		if i := fieldIndex(n); i >= 0 {
			fields[i] = true
		}
	}
	for id, k := range r.keys {
		w[id] = fields[k.field]
	}
	return w
}

// valueOf returns the first value of field in a row.
func (r *snapshotReader) valueOf(row []uint16, field string) string {
	fi := uint8(fieldIndex(field))
	for _, v := range row {
		if r.keys[v].field == fi {
			return r.keys[v].value
		}
	}
	return ""
}
