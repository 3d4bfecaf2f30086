package bleve

import (
	"context"
	"fmt"
	"strings"

	"github.com/ca-uncac/hub/search"
)

// Search implements search.Index.
//
// Every word must match (AND) in some field: any language's text (stemmed
// for English and Russian, folded for the others), the cross-script fold
// fields, or the taxonomy terms. A word found nowhere in the index is
// matched with a typo instead (one edit for words of 5–7 letters, two from
// 8: "corupton" is two edits from "corruption"). Stop words (English and
// Russian, and the commonest conjunctions of the other languages) only rank.
// When fewer than search.RelaxBelow records have all the words, records
// with most of them follow (a second scan of the same accumulators: see
// relax), so that a long query never comes back empty just because of one
// unlucky word. Thesaurus expansions (Query.Expand) stand in for the words
// they cover.
//
// Facet counts are exact, over every hit. Results are cached until the
// next Apply (see cache.go).
func (ix *Index) Search(ctx context.Context, q search.Query) (res *search.Result, err error) {
	defer wrap(&err, "search/bleve: search %.40q", q.Text)
	if err := q.Validate(); err != nil {
		return nil, err
	}
	key, cacheable := cacheKey(q)
	gen := ix.cache.generation()
	if cacheable {
		if res, ok := ix.cache.get(key, gen); ok {
			return res, nil
		}
	}
	r, err := ix.openSnapshot()
	if err != nil {
		return nil, err
	}
	defer r.close()
	f := r.filters(q)
	r.see(&f.visibility)

	pl := ix.newPlanner(q.Lang)
	clauses := search.ParseQuery(q.Text)
	p := pl.build(clauses, q.Expand)
	if err := pl.expandPrefixes(r); err != nil {
		return nil, err
	}
	if err := r.lookup(p); err != nil {
		return nil, err
	}
	if err := r.addTypos(p); err != nil {
		return nil, err
	}
	if err := r.lookup(p); err != nil {
		return nil, err
	}
	sc := r.newScores()
	defer sc.release()
	if err := r.accumulate(ctx, p, sc); err != nil {
		return nil, err
	}
	size := q.Size
	if size == 0 {
		size = search.DefaultSize
	}
	wanted := r.wantedValues(q.Facets)
	byDate := q.Sort == search.SortDate
	col := r.collect(p, sc, f, wanted, q.From+size, byDate)
	if col.full < search.RelaxBelow && p.relaxable {
		r.relax(p, sc, f, &col)
	}

	res = &search.Result{Total: col.total, FullMatches: col.full, Relaxed: col.partial > 0, Hits: []search.Hit{}}
	if p.text {
		if res.DidYouMean, err = ix.didYouMean(ctx, r, clauses, p, q, f, col.full); err != nil {
			return nil, err
		}
	}
	var mk *marker
	if q.Highlight {
		mk = newMarker(ix.analyzers, p)
	}
	for i, c := range col.top {
		if i < q.From {
			continue
		}
		h, err := r.hit(c, sc, mk, append([]string{q.Lang}, q.Fallback...))
		if err != nil {
			return nil, err
		}
		if c.tier > 0 {
			h.Missing = p.missing(sc.mask[sc.base[c.seg]+int(c.doc)])
		}
		res.Hits = append(res.Hits, h)
	}
	if len(q.Facets) > 0 {
		res.Facets = r.facets(q.Facets, col.counts)
	}
	if cacheable {
		ix.cache.put(key, gen, res)
	}
	return res, nil
}

// hit reads what a result shows of candidate c: its id, type, parent and,
// with a marker, its snippet.
func (r *snapshotReader) hit(c candidate, sc *scores, mk *marker, chain []string) (search.Hit, error) {
	ss := r.segs[c.seg]
	id, err := ss.DocID(uint64(c.doc))
	if err != nil {
		return search.Hit{}, fmt.Errorf("read hit id: %w", err)
	}
	h := search.Hit{ID: string(id), Score: float64(c.score), Type: r.valueOf(r.tables[c.seg].row(uint64(c.doc)), search.FacetType),
		Titles: map[string]string{}}
	texts := storedText{}
	err = ss.VisitDocument(uint64(c.doc), func(field string, _ byte, value []byte, _ []uint64) bool {
		switch part, l, _ := strings.Cut(field, "_"); {
		case field == fieldParent:
			h.Parent = string(value)
		case part == "title" && search.IsLanguage(l):
			h.Titles[l] = string(value)
			texts[field] = string(value)
		case mk != nil:
			texts[field] = string(value)
		}
		return true
	})
	if err != nil {
		return search.Hit{}, fmt.Errorf("read hit %s: %w", id, err)
	}
	if mk != nil {
		h.Snippet, h.Lang = mk.snippet(texts, sc.field[sc.base[c.seg]+int(c.doc)], chain)
	}
	if h.Parent != "" {
		if h.ParentTitles, err = r.titles(h.Parent); err != nil {
			return search.Hit{}, err
		}
	}
	return h, nil
}

// titles returns the indexed titles of the record id, or nil when it is not
// in the index or the reader may not see it.
func (r *snapshotReader) titles(id string) (map[string]string, error) {
	for s, ss := range r.segs {
		nums, err := ss.DocNumbers([]string{id})
		if err != nil {
			return nil, err
		}
		if nums.IsEmpty() {
			continue
		}
		if r.vis != nil && r.vis[s] != nil && !r.vis[s].has(uint64(nums.Minimum())) {
			return nil, nil
		}
		out := map[string]string{}
		err = ss.VisitDocument(uint64(nums.Minimum()), func(field string, _ byte, value []byte, _ []uint64) bool {
			if part, l, _ := strings.Cut(field, "_"); part == "title" && search.IsLanguage(l) {
				out[l] = string(value)
			}
			return true
		})
		return out, err
	}
	return nil, nil
}
