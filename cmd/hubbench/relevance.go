package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/ca-uncac/hub/cmd/internal/wiring"
	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/platform/mongo"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
	"github.com/ca-uncac/hub/search/relevance"
)

// relevanceDepth is how many hits each judged query looks at (nDCG counts
// the first ten, the reciprocal rank all of them).
const relevanceDepth = 20

// queryScore is one judged query's result.
type queryScore struct {
	relevance.Query
	NDCG10, RR float64
	Top        []string // record names, best first
}

// relevanceReport is the result of the judged set.
type relevanceReport struct {
	Queries []queryScore
	Overall relevance.Scores
	// Groups are the means over all queries, the paraphrases and each
	// language (relevance.Breakdown); the first is Overall.
	Groups []relevance.Group
}

// relevanceCmd is `hubbench relevance`: it loads the demo content into a fresh
// embedded database and index in a temporary folder, runs the judged
// queries of search/relevance and prints nDCG@10 and the reciprocal rank of
// each, and their means over all queries, over the paraphrases and per
// language.
func relevanceCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hubbench relevance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	raise := fs.String("raise-floor", "", "write the measured means, rounded down to 0.01, into this floor file where they beat it (search/relevance/floor.json)")
	top := fs.Int("top", 0, "also print the first N hits of each query")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	rep, err := measureRelevance(ctx)
	if err != nil {
		return err
	}
	printRelevance(stdout, rep, *top)
	floor, err := relevance.Floor()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "floor (search/relevance/floor.json): nDCG@10 %.2f, MRR %.2f\n", floor.NDCG10, floor.MRR)
	if *raise != "" {
		changed, err := relevance.RaiseFloor(*raise, rep.Overall)
		if err != nil {
			return err
		}
		if changed {
			fmt.Fprintf(stdout, "raised the floor in %s\n", *raise)
		}
	}
	return nil
}

func printRelevance(w io.Writer, rep *relevanceReport, top int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "query\tlang\tnDCG@10\tRR\ttext (P: a paraphrase)")
	for _, q := range rep.Queries {
		mark := ""
		if q.Paraphrase {
			mark = "P "
		}
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%s%s\n", q.ID, q.Lang, q.NDCG10, q.RR, mark, q.Text)
		if top > 0 {
			for i, name := range q.Top[:min(top, len(q.Top))] {
				fmt.Fprintf(tw, "\t\t\t\t  %d. %s (%d)\n", i+1, name, q.Gain(name))
			}
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "means\tqueries\tnDCG@10\tMRR\t")
	for _, g := range rep.Groups {
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t\n", g.Name, g.Queries, g.NDCG10, g.MRR)
	}
	tw.Flush()
}

// measureRelevance runs the judged set against the demo content in a fresh
// embedded database and index, searching the library (documents and
// provisions) as the secretariat (which sees every record), with the hub's
// thesaurus.
func measureRelevance(ctx context.Context) (_ *relevanceReport, err error) {
	queries, err := relevance.Judged()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "hub-relevance-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	d, err := openDatabase(ctx, tmp)
	if err != nil {
		return nil, err
	}
	defer d.close()
	if err := demo.Load(ctx, d.docs, d.events, nil); err != nil {
		return nil, err
	}
	idx, _, err := searchbleve.Open(filepath.Join(tmp, "index"))
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	if err := wiring.NewIndexer(idx, d.db, d.docs, d.events, nil).Start(ctx); err != nil {
		return nil, err
	}
	names, err := demoNames(ctx, d.docs)
	if err != nil {
		return nil, err
	}
	s := &indexer.Searcher{Index: idx, Thesaurus: indexer.HubThesaurus()}
	sctx := platform.NewContextWithUser(ctx, platform.System())
	rep := &relevanceReport{}
	var measured []relevance.Measured
	for _, q := range queries {
		res, err := s.Search(sctx, platform.SearchQuery{Text: q.Text, Lang: q.Lang, Fallback: i18n.Chain(q.Lang)[1:], Size: relevanceDepth,
			Types: []platform.RecordType{platform.TypeDocument, platform.TypeProvision}})
		if err != nil {
			return nil, fmt.Errorf("query %s %q: %w", q.ID, q.Text, err)
		}
		var ranked []string
		for _, h := range res.Hits {
			ranked = append(ranked, recordName(names, h))
		}
		qs := queryScore{Query: q, NDCG10: q.NDCG(ranked, 10), RR: q.ReciprocalRank(ranked), Top: ranked}
		rep.Queries = append(rep.Queries, qs)
		rep.Overall.NDCG10 += qs.NDCG10 / float64(len(queries))
		rep.Overall.MRR += qs.RR / float64(len(queries))
		measured = append(measured, relevance.Measured{Query: q, NDCG10: qs.NDCG10, RR: qs.RR})
	}
	rep.Groups = relevance.Breakdown(measured)
	return rep, nil
}

// demoNames maps the ids of the loaded demo documents to their demo names,
// recognising each document by its titles.
func demoNames(ctx context.Context, library *mongo.DocumentService) (map[string]string, error) {
	docs, err := demo.Documents()
	if err != nil {
		return nil, err
	}
	byTitles := map[string]string{}
	for _, doc := range docs {
		k := titlesKey(doc.Input.Translations)
		if _, dup := byTitles[k]; dup {
			return nil, fmt.Errorf("two demo documents have the titles %q", k)
		}
		byTitles[k] = doc.Name
	}
	out := map[string]string{}
	err = library.AllDocuments(ctx, func(doc *platform.Document) error {
		if name, ok := byTitles[titlesKey(doc.Translations)]; ok {
			out[doc.ID] = name
		}
		return nil
	})
	if err == nil && len(out) != len(docs) {
		err = fmt.Errorf("recognised %d of %d demo documents by their titles", len(out), len(docs))
	}
	return out, err
}

func titlesKey(tr map[string]platform.Translation) string {
	var parts []string
	for _, lang := range platform.Languages() {
		if t, ok := tr[lang]; ok {
			parts = append(parts, lang+"="+strings.TrimSpace(t.Title))
		}
	}
	return strings.Join(parts, "|")
}

// recordName names a hit as the judged set does: a document by its demo
// name, a provision as "<document name>/p/<key>", anything else by type
// and id.
func recordName(names map[string]string, h platform.SearchHit) string {
	switch h.Type {
	case platform.TypeDocument:
		if n, ok := names[h.ID]; ok {
			return n
		}
	case platform.TypeProvision:
		if docID, key, ok := platform.SplitProvisionID(h.ID); ok {
			if n, ok := names[docID]; ok {
				return n + "/p/" + key
			}
		}
	}
	return string(h.Type) + ":" + h.ID
}
