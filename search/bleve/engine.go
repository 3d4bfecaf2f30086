package bleve

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
)

// The query engine. Bleve analyses, stores, merges and persists the index;
// queries are evaluated here, on the segments' postings directly, because
// bleve's searchers cost about a microsecond per hit and per field (a word
// is looked up in 27 fields), sort through a heap of per-field iterators,
// and read doc values hit by hit for facets.
//
// A search takes a snapshot of the index and goes over its segments one by
// one. For each term (a word analysed for one field) it walks the term's
// postings and adds the BM25 score to an array indexed by document number,
// and marks which query words (clauses) the document has; phrases are
// matched on positions. It then scans the array: a document that has all
// required words, none of the excluded ones and passes the filters is a
// hit, and is counted in the facets (from the segment's table, see
// table.go) and offered to a heap that keeps the best From+Size. Only those
// get their id and stored text read, for snippets.

// snapshotReader is one search's view of the index.
type snapshotReader struct {
	snap   *scorch.IndexSnapshot
	reader index.IndexReader
	segs   []*scorch.SegmentSnapshot
	tables []*table
	keys   []valueKey // keyword values known when the tables were read
	docs   uint64     // live documents the reader may see, for idf
	// vis are, per segment, the documents the reader may see (nil: all),
	// set by see.
	vis []*passSet
	// dicts caches the segments' term dictionaries by field.
	dicts []map[string]segment.TermDictionary
}

func (ix *Index) openSnapshot() (*snapshotReader, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		_ = reader.Close()
		return nil, fmt.Errorf("index reader is a %T, not a scorch snapshot", reader)
	}
	r := &snapshotReader{snap: snap, reader: reader, segs: snap.Segments()}
	segs := make([]segment.Segment, len(r.segs))
	for i, s := range r.segs {
		segs[i] = s.Segment()
	}
	if r.tables, err = ix.tables.get(segs); err != nil {
		_ = reader.Close()
		return nil, err
	}
	r.keys = ix.tables.vals.snapshot()
	if r.docs, err = snap.DocCount(); err != nil {
		_ = reader.Close()
		return nil, err
	}
	r.dicts = make([]map[string]segment.TermDictionary, len(r.segs))
	return r, nil
}

func (r *snapshotReader) close() { _ = r.reader.Close() }

func (r *snapshotReader) dict(s int, field string) (segment.TermDictionary, error) {
	if r.dicts[s] == nil {
		r.dicts[s] = map[string]segment.TermDictionary{}
	}
	if d, ok := r.dicts[s][field]; ok {
		return d, nil
	}
	d, err := r.segs[s].Segment().Dictionary(field)
	if err != nil {
		return nil, err
	}
	r.dicts[s][field] = d
	return d, nil
}

// see restricts the statistics of the reader's searches to the documents
// that pass f, the reader's visibility filter: the number of documents and
// the document frequencies that weigh words (idf), whether a word is in the
// index at all (or is matched with a typo instead), and which words a
// prefix or a typo stands for and how common they are. So records hidden
// from a reader change nothing of what the reader gets: not the scores, not
// the order, not which words a typo reaches. (bleve's own statistics are
// over every document of the index, which let an anonymous reader find out,
// from a typo no longer corrected, that a secret record has a word.)
func (r *snapshotReader) see(f *filters) {
	r.vis = make([]*passSet, len(r.segs))
	if f.need == 0 {
		return
	}
	var n uint64
	for s, t := range r.tables {
		ps := t.passing(f)
		r.vis[s] = ps
		c := ps.bm.GetCardinality()
		if del := r.deleted(s); del != nil {
			c -= ps.bm.AndCardinality(del)
		}
		n += c
	}
	r.docs = n
}

// visible returns the number of documents of segment s's postings list pl
// (made without the deleted documents) that the reader may see.
func (r *snapshotReader) visible(s int, pl segment.PostingsList) (uint64, error) {
	n := pl.Count()
	if r.vis == nil || n == 0 {
		return n, nil
	}
	ps := r.vis[s]
	if ps == nil || ps.all {
		return n, nil
	}
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok && o.ActualBitmap() != nil {
		return ps.count(o.ActualBitmap()), nil
	}
	var c uint64
	for {
		post, err := it.Next()
		if err != nil || post == nil {
			return c, err
		}
		if ps.has(post.Number()) {
			c++
		}
	}
}

// omitCounter is a term dictionary that can list its terms without reading
// their postings (newer zap segments).
type omitCounter interface {
	AutomatonIteratorOmitCount(a segment.Automaton, start, end []byte) segment.DictionaryIterator
}

// dictTerms returns the terms of field that a accepts (nil: any) between
// start (inclusive) and end (exclusive, nil: no end) and that a document
// the reader may see has: the first limit of them in the dictionary's
// order, with the number of such documents when counted is set.
//
// Each segment is read until it has given limit such terms: the first limit
// of the whole index are among those. The counts of the terms a segment did
// not reach are then looked up in it.
func (r *snapshotReader) dictTerms(field string, a segment.Automaton, start, end []byte, limit int, counted bool) ([]index.DictEntry, error) {
	found := map[string]*index.DictEntry{}
	stopped := make([]bool, len(r.segs))
	reached := make([]string, len(r.segs))
	var pl segment.PostingsList
	for s, ss := range r.segs {
		d, err := r.dict(s, field)
		if err != nil {
			return nil, err
		}
		var it segment.DictionaryIterator
		if oc, ok := d.(omitCounter); ok {
			it = oc.AutomatonIteratorOmitCount(a, start, end)
		} else {
			it = d.AutomatonIterator(a, start, end)
		}
		n := 0
		for {
			e, err := it.Next()
			if err != nil {
				return nil, err
			}
			if e == nil {
				break
			}
			if pl, err = d.PostingsList([]byte(e.Term), ss.Deleted(), pl); err != nil {
				return nil, err
			}
			c, err := r.visible(s, pl)
			if err != nil {
				return nil, err
			}
			if c == 0 {
				continue
			}
			f := found[e.Term]
			if f == nil {
				f = &index.DictEntry{Term: e.Term, EditDistance: e.EditDistance}
				found[e.Term] = f
			}
			f.Count += c
			if n++; n == limit {
				stopped[s], reached[s] = true, e.Term
				break
			}
		}
	}
	es := make([]index.DictEntry, 0, len(found))
	for _, e := range found {
		es = append(es, *e)
	}
	slices.SortFunc(es, func(a, b index.DictEntry) int { return strings.Compare(a.Term, b.Term) })
	es = es[:min(limit, len(es))]
	if !counted {
		for i := range es {
			es[i].Count = 0 // partial: only the segments' first terms
		}
		return es, nil
	}
	for s, ss := range r.segs {
		if !stopped[s] {
			continue
		}
		d, err := r.dict(s, field)
		if err != nil {
			return nil, err
		}
		for i := range es {
			if es[i].Term <= reached[s] {
				continue
			}
			if pl, err = d.PostingsList([]byte(es[i].Term), ss.Deleted(), pl); err != nil {
				return nil, err
			}
			c, err := r.visible(s, pl)
			if err != nil {
				return nil, err
			}
			es[i].Count += c
		}
	}
	return es, nil
}

// candidateFactor is how many dictionary terms, per term kept, a prefix or
// a typo's candidates are picked from: the first limit*candidateFactor in
// the dictionary's order (enough to pick the common ones from).
const candidateFactor = 20

// prefixTerms returns up to limit terms of field beginning with prefix that
// the reader may see, the most frequent first.
func (r *snapshotReader) prefixTerms(field, prefix string, limit int) ([]string, error) {
	start := []byte(prefix)
	es, err := r.dictTerms(field, nil, start, prefixEnd(start), candidateFactor*limit+1, true)
	if err != nil {
		return nil, err
	}
	return pickTerms(es, limit), nil
}

// fuzzyTerms returns up to limit terms of field within fuzziness edits of
// term that the reader may see, the closest first (then in the dictionary's
// order).
func (r *snapshotReader) fuzzyTerms(field, term string, fuzziness, limit int) ([]string, error) {
	a, err := levAutomaton(term, fuzziness)
	if err != nil {
		return nil, err
	}
	es, err := r.dictTerms(field, a, nil, nil, candidateFactor*limit+1, false)
	if err != nil {
		return nil, err
	}
	return pickTerms(es, limit), nil
}

// levBuilders build the automata of words within one and two edits of a
// word; they take a while to make, so once.
var levBuilders = sync.OnceValues(func() ([2]*levenshtein.LevenshteinAutomatonBuilder, error) {
	var bs [2]*levenshtein.LevenshteinAutomatonBuilder
	for i := range bs {
		b, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(i+1), true)
		if err != nil {
			return bs, err
		}
		bs[i] = b
	}
	return bs, nil
})

func levAutomaton(term string, fuzziness int) (segment.Automaton, error) {
	if fuzziness < 1 || fuzziness > 2 {
		return nil, fmt.Errorf("fuzziness %d is not 1 or 2", fuzziness)
	}
	bs, err := levBuilders()
	if err != nil {
		return nil, err
	}
	return bs[fuzziness-1].BuildDfa(term, uint8(fuzziness))
}

// prefixEnd returns the first key after every key that begins with p, or
// nil when there is none.
func prefixEnd(p []byte) []byte {
	end := slices.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// lookup fills the postings lists and document frequencies of the plan's
// terms and phrases that have none yet.
func (r *snapshotReader) lookup(p *plan) error {
	n := float64(r.docs)
	idf := func(df uint64) float64 { return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5)) }
	for _, tp := range p.terms {
		if tp.pls != nil {
			continue
		}
		tp.pls = make([]segment.PostingsList, len(r.segs))
		for s, ss := range r.segs {
			d, err := r.dict(s, tp.field)
			if err != nil {
				return err
			}
			pl, err := d.PostingsList(tp.term, ss.Deleted(), nil)
			if err != nil {
				return err
			}
			if pl == nil {
				continue
			}
			c, err := r.visible(s, pl)
			if err != nil {
				return err
			}
			if c > 0 {
				tp.pls[s] = pl
				tp.df += c
			}
		}
		tp.idf = idf(tp.df)
	}
	for _, pp := range p.phrases {
		if pp.pls != nil {
			continue
		}
		pp.pls = make([][]segment.PostingsList, len(r.segs))
		dfs := make([]uint64, len(pp.terms))
		for s, ss := range r.segs {
			d, err := r.dict(s, pp.field)
			if err != nil {
				return err
			}
			pls := make([]segment.PostingsList, len(pp.terms))
			missing := false
			for i, t := range pp.terms {
				pl, err := d.PostingsList(t, ss.Deleted(), nil)
				if err != nil {
					return err
				}
				if pl == nil {
					missing = true
					continue
				}
				c, err := r.visible(s, pl)
				if err != nil {
					return err
				}
				if c == 0 {
					missing = true
					continue
				}
				pls[i] = pl
				dfs[i] += c
			}
			if !missing {
				pp.pls[s] = pls
			}
		}
		for _, df := range dfs {
			pp.idf += idf(df)
		}
	}
	return nil
}

// addTypos adds typo-tolerant lookups (in the fold field, and in the names
// with the words' FoldName) for the words that are nowhere in the index.
func (r *snapshotReader) addTypos(p *plan) error {
	found := map[int]bool{}
	for _, tp := range p.terms {
		if tp.df > 0 && tp.clause >= 0 {
			found[tp.clause] = true
		}
	}
	fbit := uint32(1) << searchFieldIndex(fieldFold)
	for _, tc := range p.typoClauses {
		if found[tc.clause] {
			continue
		}
		if tc.folded != "" {
			terms, err := r.fuzzyTerms(fieldFold, tc.folded, fuzzinessOf(tc.folded), maxFuzzyTerms)
			if err != nil {
				return err
			}
			for _, t := range terms {
				p.terms = append(p.terms, &termPlan{field: fieldFold, fbit: fbit, term: []byte(t),
					weight: tc.weight * fuzzyWeight, bit: tc.bit, avgLen: 600, clause: tc.clause, part: p.partOf(tc.bit), typo: true})
			}
		}
		if tc.named != "" {
			terms, err := r.fuzzyTerms(fieldNames, tc.named, fuzzinessOf(tc.named), maxFuzzyTerms)
			if err != nil {
				return err
			}
			for _, t := range terms {
				p.terms = append(p.terms, &termPlan{field: fieldNames, fbit: namesBit, term: []byte(t),
					weight: tc.weight * fuzzyWeight * namesWeight, bit: tc.bit, avgLen: namesAvgLen, clause: tc.clause, part: p.partOf(tc.bit), typo: true})
			}
		}
	}
	return nil
}

// fuzzinessOf is the number of typos a word (folded) is matched with: one
// for words of 5–7 letters, two from 8.
func fuzzinessOf(folded string) int {
	if utf8.RuneCountInString(folded) >= 8 {
		return 2
	}
	return 1
}

// scores holds the per-document accumulators of one search over all
// segments, one after the other (base[s] is segment s's start).
type scores struct {
	base  []int
	score []float32
	mask  []uint64
	field []uint32
	// partial holds, for each expansion of the plan, the score of its own
	// words (see expansionUnit).
	partial [][]float32
	// found holds, for each alternative wording, a bit per document that
	// has it (see phrasePlan.group).
	found [][]uint64
}

var scoresPool sync.Pool

func (r *snapshotReader) newScores() *scores {
	total := 0
	base := make([]int, len(r.segs))
	for s, ss := range r.segs {
		base[s] = total
		total += int(ss.Segment().Count())
	}
	sc, _ := scoresPool.Get().(*scores)
	if sc == nil || cap(sc.score) < total {
		sc = &scores{score: make([]float32, total), mask: make([]uint64, total), field: make([]uint32, total)}
	} else {
		sc.score, sc.mask, sc.field = sc.score[:total], sc.mask[:total], sc.field[:total]
		clear(sc.score)
		clear(sc.mask)
		clear(sc.field)
	}
	sc.base = base
	sc.partial, sc.found = nil, nil
	return sc
}

func (sc *scores) release() {
	if cap(sc.score) <= 1<<22 { // keep at most 4M documents' worth
		scoresPool.Put(sc)
	}
}

// accumulate walks the postings of the plan into sc.
func (r *snapshotReader) accumulate(ctx context.Context, p *plan, sc *scores) error {
	for range p.expansions {
		sc.partial = append(sc.partial, make([]float32, len(sc.score)))
	}
	for range p.groups {
		sc.found = append(sc.found, make([]uint64, len(sc.score)/64+1))
	}
	var it segment.PostingsIterator
	buf := make([]uint32, 512)
	for s := range r.segs {
		if err := ctx.Err(); err != nil {
			return err
		}
		base := sc.base[s]
		kept := false // a kept match list was used: it may name documents deleted since
		for _, tp := range p.terms {
			pl := tp.pls[s]
			if pl == nil {
				continue
			}
			m, ok, err := r.termMatches(s, tp, pl)
			if err != nil {
				return err
			}
			if ok {
				kept = true
				w := tp.weight * tp.idf
				for i, doc := range m.docs {
					sc.add(base+int(doc), float32(w*m.tf[i]), tp.part, tp.bit, tp.fbit)
				}
				continue
			}
			scored := !tp.constant && !tp.flat
			it = pl.Iterator(scored, scored, false, it)
			if tp.flat {
				// Only which documents have it: straight from the bitmap.
				if o, ok := it.(segment.OptimizablePostingsIterator); ok && o.ActualBitmap() != nil {
					addFlat(o.ActualBitmap(), base, float32(tp.weight*tp.idf), tp, sc, buf)
					continue
				}
			}
			w := tp.weight * tp.idf
			for {
				post, err := it.Next()
				if err != nil {
					return err
				}
				if post == nil {
					break
				}
				d := base + int(post.Number())
				switch {
				case tp.constant:
					// A tag: its score comes in collect (tagBoost).
					sc.add(d, float32(tp.weight), 0, tp.bit, tp.fbit)
				case tp.flat:
					sc.add(d, float32(w), tp.part, tp.bit, tp.fbit)
				default:
					sc.add(d, float32(w*bm25(float64(post.Frequency()), post.Norm(), tp.avgLen)), tp.part, tp.bit, tp.fbit)
				}
			}
		}
		for _, pp := range p.phrases {
			pls := pp.pls[s]
			if pls == nil {
				continue
			}
			if !pp.cached {
				if err := matchPhrase(pp, pls, base, sc); err != nil {
					return err
				}
				continue
			}
			m, err := r.phraseMatches(s, pp, pls)
			if err != nil {
				return err
			}
			kept = true
			w := pp.weight * pp.idf
			for i, doc := range m.docs {
				d := base + int(doc)
				if pp.group > 0 {
					if sc.found[pp.group-1][d/64]&(1<<(d%64)) != 0 {
						continue
					}
					sc.found[pp.group-1][d/64] |= 1 << (d % 64)
				}
				sc.add(d, float32(w*m.tf[i]), pp.part, pp.bit, pp.fbit)
			}
		}
		if del := r.deleted(s); kept && del != nil {
			for it := del.Iterator(); it.HasNext(); {
				sc.mask[base+int(it.Next())] = 0
			}
		}
	}
	return nil
}

// addFlat adds the flat score v of tp to the documents of bm.
func addFlat(bm *roaring.Bitmap, base int, v float32, tp *termPlan, sc *scores, buf []uint32) {
	it := bm.ManyIterator()
	for {
		n := it.NextMany(buf)
		if n == 0 {
			return
		}
		for _, doc := range buf[:n] {
			sc.add(base+int(doc), v, tp.part, tp.bit, tp.fbit)
		}
	}
}

// add adds score v of a match (of the clause bit, in the field fbit) to
// document d; part is the expansion whose own words matched, from 1, or 0.
func (sc *scores) add(d int, v float32, part int, bit uint64, fbit uint32) {
	sc.score[d] += v
	if part > 0 {
		sc.partial[part-1][d] += v
	}
	sc.mask[d] |= bit
	sc.field[d] |= fbit
}

// bm25 is the BM25 term-frequency factor for tf occurrences in a field
// whose length norm is 1/sqrt(length).
func bm25(tf, norm, avgLen float64) float64 {
	length := avgLen
	if norm > 0 {
		length = 1 / (norm * norm)
	}
	return tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*length/avgLen))
}

// matchPhrase finds the documents of one segment where pp's terms stand at
// their offsets, and scores them by the number of occurrences. A document
// its group has found already (in an earlier field) is not looked at.
func matchPhrase(pp *phrasePlan, pls []segment.PostingsList, base int, sc *scores) error {
	var skip func(doc uint64) bool
	if pp.group > 0 {
		found := sc.found[pp.group-1]
		skip = func(doc uint64) bool {
			d := base + int(doc)
			return found[d/64]&(1<<(d%64)) != 0
		}
	}
	w := pp.weight * pp.idf
	return eachPhrase(pp, pls, skip, func(doc uint64, count int, norm float64) {
		d := base + int(doc)
		if pp.group > 0 {
			sc.found[pp.group-1][d/64] |= 1 << (d % 64)
		}
		sc.add(d, float32(w*bm25(float64(count), norm, pp.avgLen)), pp.part, pp.bit, pp.fbit)
	})
}

// eachPhrase calls emit for each document of one segment where pp's terms
// (with postings pls) stand at their offsets, with the number of times
// they do and the field's length norm; skip, when not nil, leaves documents
// out before their positions are read.
//
// Positions are dear to read, so the documents that have every term are
// found first without them (the rarest term leading, the others advanced to
// its documents), and positions are read only for those that have them all.
//
// Which term leads is a matter of cost only. It is picked by the length of
// the postings, which counts the documents the reader may not see too, so
// what is found must not depend on it: an occurrence is a place where every
// term stands at its offset, the same whichever term's positions lead to
// it. A field of several values (the terms) numbers each value's positions
// from 1, so a place is a position within one value (see phrasePos): by
// position alone, "aigerim" of the terms "Aigerim Nurlanova" and
// "aigerim@example.kz" stood twice at 1, and the address was counted twice
// when "aigerim" led and once when "example" did, as it does where records
// the reader may not see make "aigerim" commoner.
func eachPhrase(pp *phrasePlan, pls []segment.PostingsList, skip func(doc uint64) bool, emit func(doc uint64, count int, norm float64)) error {
	lead := 0
	for i, pl := range pls {
		if pl.Count() < pls[lead].Count() {
			lead = i
		}
	}
	// An iterator only moves forward, and Advance consumes the posting it
	// returns: a cursor keeps it for the next document.
	type cursor struct {
		it    segment.PostingsIterator
		doc   uint64
		valid bool
		post  segment.Posting
	}
	advance := func(c *cursor, doc uint64) (bool, error) {
		if !c.valid || c.doc < doc {
			p, err := c.it.Advance(doc)
			if err != nil || p == nil {
				return false, err
			}
			c.doc, c.valid, c.post = p.Number(), true, p
		}
		return true, nil
	}
	plain := make([]cursor, len(pls))
	located := make([]cursor, len(pls))
	for i, pl := range pls {
		plain[i] = cursor{it: pl.Iterator(false, false, false, nil)}
		located[i] = cursor{it: pl.Iterator(true, true, true, nil)}
	}
	// Each term's places in the document, sorted and without repeats (a
	// handful per document: sorted slices beat maps here).
	positions := make([][]phrasePos, len(pls))
	for {
		post, err := plain[lead].it.Next()
		if err != nil || post == nil {
			return err
		}
		doc := post.Number()
		if skip != nil && skip(doc) {
			continue
		}
		all := true
		for i := range plain {
			if i == lead {
				continue
			}
			ok, err := advance(&plain[i], doc)
			if err != nil {
				return err
			}
			if !ok {
				return nil // this term has no later documents
			}
			if plain[i].doc != doc {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		// Every term is there: read their positions.
		var norm float64
		for i := range located {
			ok, err := advance(&located[i], doc)
			if err != nil {
				return err
			}
			if !ok || located[i].doc != doc {
				return fmt.Errorf("phrase in %s: positions of document %d not found", pp.field, doc)
			}
			if i == lead {
				norm = located[i].post.Norm()
			}
			positions[i] = positions[i][:0]
			for _, l := range located[i].post.Locations() {
				positions[i] = append(positions[i], positionOf(l))
			}
			if !slices.IsSortedFunc(positions[i], comparePos) {
				slices.SortFunc(positions[i], comparePos)
			}
			positions[i] = slices.CompactFunc(positions[i], func(a, b phrasePos) bool { return comparePos(a, b) == 0 })
		}
		// Each of the lead's places (a set: one per occurrence) where the
		// others follow is one occurrence of the phrase.
		count := 0
		for _, lp := range positions[lead] {
			if lp.pos < pp.offs[lead] {
				continue
			}
			start := lp.pos - pp.offs[lead]
			found := true
			for i := range pls {
				if i == lead {
					continue
				}
				at := lp
				at.pos = start + pp.offs[i]
				if _, ok := slices.BinarySearchFunc(positions[i], at, comparePos); !ok {
					found = false
					break
				}
			}
			if found {
				count++
			}
		}
		if count > 0 {
			emit(doc, count, norm)
		}
	}
}

// phrasePos is where a term stands in a document's field: its position
// within the value it is in. bleve numbers the positions of each value of
// a field of several values (an array) from 1, and tells the values apart
// by their array positions: elem is 1 + the value's index in a flat array
// (0 outside arrays), nested holds the array positions of a nested one.
type phrasePos struct {
	elem   uint64
	nested string
	pos    uint64
}

// comparePos orders places by value, then position.
func comparePos(a, b phrasePos) int {
	if c := cmp.Compare(a.elem, b.elem); c != 0 {
		return c
	}
	if c := strings.Compare(a.nested, b.nested); c != 0 {
		return c
	}
	return cmp.Compare(a.pos, b.pos)
}

func positionOf(l segment.Location) phrasePos {
	p := phrasePos{pos: l.Pos()}
	switch ap := l.ArrayPositions(); len(ap) {
	case 0:
	case 1:
		p.elem = ap[0] + 1
	default:
		var b []byte
		for _, a := range ap {
			b = binary.AppendUvarint(b, a)
		}
		p.nested = string(b)
	}
	return p
}

// deleted returns segment s's deleted documents, or nil when none is.
func (r *snapshotReader) deleted(s int) *roaring.Bitmap {
	d := r.segs[s].Deleted()
	if d == nil || d.IsEmpty() {
		return nil
	}
	return d
}
