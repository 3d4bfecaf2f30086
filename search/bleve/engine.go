package bleve

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The query engine. Bleve analyses, stores, merges and persists the index;
// queries are evaluated here, on the segments' postings directly, because
// bleve's searchers cost about a microsecond per hit and per field (a word
// is looked up in 26 fields), sort through a heap of per-field iterators,
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
	docs   uint64     // live documents, for idf
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

// prefixTerms returns up to limit terms of field beginning with prefix,
// the most frequent first.
func (r *snapshotReader) prefixTerms(field, prefix string, limit int) ([]string, error) {
	d, err := r.snap.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, err
	}
	return dictTerms(d, limit)
}

// fuzzyTerms returns up to limit terms of field within fuzziness edits of
// term, the closest and most frequent first.
func (r *snapshotReader) fuzzyTerms(field, term string, fuzziness, limit int) ([]string, error) {
	d, err := r.snap.FieldDictFuzzy(field, term, fuzziness, "")
	if err != nil {
		return nil, err
	}
	return dictTerms(d, limit)
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
			if pl != nil && pl.Count() > 0 {
				tp.pls[s] = pl
				tp.df += pl.Count()
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
				if pl == nil || pl.Count() == 0 {
					missing = true
					continue
				}
				pls[i] = pl
				dfs[i] += pl.Count()
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

// addTypos adds typo-tolerant lookups (in the fold field) for the words
// that are nowhere in the index.
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
		fuzziness := 1
		if len([]rune(tc.folded)) >= 8 {
			fuzziness = 2
		}
		terms, err := r.fuzzyTerms(fieldFold, tc.folded, fuzziness, maxFuzzyTerms)
		if err != nil {
			return err
		}
		for _, t := range terms {
			p.terms = append(p.terms, &termPlan{field: fieldFold, fbit: fbit, term: []byte(t),
				weight: tc.weight * fuzzyWeight, bit: tc.bit, avgLen: 600, clause: tc.clause, part: p.partOf(tc.bit)})
		}
	}
	return nil
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
			if tp.cached {
				m, err := r.termMatches(s, tp, pl)
				if err != nil {
					return err
				}
				kept = true
				w := float32(tp.weight * tp.idf)
				for i, doc := range m.docs {
					sc.add(base+int(doc), w*m.tf[i], tp.part, tp.bit, tp.fbit)
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
			w := float32(pp.weight * pp.idf)
			for i, doc := range m.docs {
				d := base + int(doc)
				if pp.group > 0 {
					if sc.found[pp.group-1][d/64]&(1<<(d%64)) != 0 {
						continue
					}
					sc.found[pp.group-1][d/64] |= 1 << (d % 64)
				}
				sc.add(d, w*m.tf[i], pp.part, pp.bit, pp.fbit)
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
	positions := make([]map[uint64]bool, len(pls))
	for i := range positions {
		positions[i] = map[uint64]bool{}
	}
	var leadPos []uint64
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
			locs := located[i].post.Locations()
			if i == lead {
				norm = located[i].post.Norm()
				leadPos = leadPos[:0]
				for _, l := range locs {
					leadPos = append(leadPos, l.Pos())
				}
				continue
			}
			clear(positions[i])
			for _, l := range locs {
				positions[i][l.Pos()] = true
			}
		}
		count := 0
		for _, lp := range leadPos {
			if lp < pp.offs[lead] {
				continue
			}
			start := lp - pp.offs[lead]
			found := true
			for i := range pls {
				if i != lead && !positions[i][start+pp.offs[i]] {
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

// deleted returns segment s's deleted documents, or nil when none is.
func (r *snapshotReader) deleted(s int) *roaring.Bitmap {
	d := r.segs[s].Deleted()
	if d == nil || d.IsEmpty() {
		return nil
	}
	return d
}
