package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ca-uncac/hub/bench"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/search"
	"github.com/ca-uncac/hub/search/relevance"
)

type pgBenchOptions struct {
	docs, queries int
	levels, url   string
}

// The alternative a user would pick: PostgreSQL full-text search. One table
// holds the documents with their texts in three columns: English, Russian,
// and the other five languages together; each has a tsvector column
// computed on insert (title weight A, summary B, body D) with its
// language's configuration (english and russian stem; the others use
// "simple" after "unaccent", as PostgreSQL has no Kazakh, Kyrgyz, Tajik,
// Turkmen or Uzbek dictionaries) and a GIN index. A search matches any of
// the three (the reader's language does not restrict it, as in the hub),
// ranks by the sum of ts_rank_cd, counts three facets (country, kind, year)
// over every match, and highlights the 20 best with ts_headline, in one
// round trip.

const pgSetup = `
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'hub_simple') THEN
    CREATE TEXT SEARCH CONFIGURATION hub_simple (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION hub_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END $$;`

func pgTable(name string) string {
	tsv := func(cfg, x string) string {
		return fmt.Sprintf(`setweight(to_tsvector('%[1]s', coalesce(title_%[2]s, '')), 'A') || setweight(to_tsvector('%[1]s', coalesce(summary_%[2]s, '')), 'B') || setweight(to_tsvector('%[1]s', coalesce(body_%[2]s, '')), 'D')`, cfg, x)
	}
	return fmt.Sprintf(`DROP TABLE IF EXISTS %[1]s;
CREATE TABLE %[1]s (
  id int PRIMARY KEY, name text, kind text, countries text[], articles int[], visibility text, status text, year int, date date, title text,
  title_en text, summary_en text, body_en text, title_ru text, summary_ru text, body_ru text, title_si text, summary_si text, body_si text,
  tsv_en tsvector GENERATED ALWAYS AS (%[2]s) STORED,
  tsv_ru tsvector GENERATED ALWAYS AS (%[3]s) STORED,
  tsv_si tsvector GENERATED ALWAYS AS (%[4]s) STORED)`, name, tsv("english", "en"), tsv("russian", "ru"), tsv("hub_simple", "si"))
}

func pgIndexes(name string) []string {
	return []string{
		fmt.Sprintf("CREATE INDEX ON %s USING gin (tsv_en)", name),
		fmt.Sprintf("CREATE INDEX ON %s USING gin (tsv_ru)", name),
		fmt.Sprintf("CREATE INDEX ON %s USING gin (tsv_si)", name),
		fmt.Sprintf("CREATE INDEX ON %s USING gin (countries)", name),
		fmt.Sprintf("CREATE INDEX ON %s (date DESC)", name),
		fmt.Sprintf("ANALYZE %s", name),
	}
}

var pgColumns = []string{"id", "name", "kind", "countries", "articles", "visibility", "status", "year", "date", "title",
	"title_en", "summary_en", "body_en", "title_ru", "summary_ru", "body_ru", "title_si", "summary_si", "body_si"}

// pgRow flattens a document as the table keeps it; the Convention's
// provisions go into the bodies of their languages.
func pgRow(id int, name string, in platform.DocumentInput, now time.Time) []any {
	var t [3][3]strings.Builder // en ru si × title summary body
	col := func(lang string) int {
		switch lang {
		case "en":
			return 0
		case "ru":
			return 1
		}
		return 2
	}
	add := func(b *strings.Builder, s string) {
		if s != "" {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(s)
		}
	}
	for _, lang := range platform.Languages() {
		tr, ok := in.Translations[lang]
		if !ok {
			continue
		}
		c := col(lang)
		add(&t[c][0], tr.Title)
		add(&t[c][1], tr.Summary)
		add(&t[c][2], tr.Body)
	}
	for _, p := range in.Provisions {
		for lang, tr := range p.Translations {
			add(&t[col(lang)][2], tr.Title+" "+tr.Body)
		}
	}
	title, _ := (&platform.Document{Translations: in.Translations}).Title(platform.Languages())
	date, year := now, now.Year()
	if d, err := time.Parse("2006-01-02", in.Adopted); err == nil {
		date, year = d, d.Year()
	}
	articles := make([]int32, len(in.UncacArticles))
	for i, a := range in.UncacArticles {
		articles[i] = int32(a)
	}
	vis := in.Visibility
	if vis == "" {
		vis = platform.Public
	}
	row := []any{int32(id), name, in.Kind, in.Countries, articles, vis, in.Status, int32(year), date, title}
	for c := range 3 {
		for f := range 3 {
			row = append(row, nullable(t[c][f].String()))
		}
	}
	return row
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// tsquery writes the hub's query language as a tsquery (the same parser,
// so that PostgreSQL gets phrases, prefixes and exclusions as the hub
// does); it returns "" for a query without words.
func tsquery(text string) string {
	var parts []string
	positive := false
	for _, c := range search.ParseQuery(text) {
		words := make([]string, len(c.Words))
		for i, w := range c.Words {
			words[i] = "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(w) + "'"
			if c.Prefix {
				words[i] += ":*"
			}
		}
		p := strings.Join(words, " <-> ")
		if len(words) > 1 {
			p = "(" + p + ")"
		}
		if c.Exclude {
			p = "!" + p
		} else {
			positive = true
		}
		parts = append(parts, p)
	}
	if !positive {
		return ""
	}
	return strings.Join(parts, " & ")
}

// pgSearchSQL is the search of q over table, with its arguments.
func pgSearchSQL(table string, q bench.Query, visibility bool, size int) (string, []any) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var where []string
	if visibility {
		where = append(where, "d.visibility = 'public'")
	}
	if len(q.Countries) > 0 {
		where = append(where, "d.countries && "+arg(q.Countries)+"::text[]")
	}
	if len(q.Articles) > 0 {
		a := make([]int32, len(q.Articles))
		for i, v := range q.Articles {
			a[i] = int32(v)
		}
		where = append(where, "d.articles && "+arg(a)+"::int[]")
	}
	if q.Year != 0 {
		where = append(where, "d.year = "+arg(int32(q.Year)))
	}
	cfg, x := "hub_simple", "si"
	switch q.Lang {
	case "en":
		cfg, x = "english", "en"
	case "ru":
		cfg, x = "russian", "ru"
	}
	ts := tsquery(q.Text)
	var b strings.Builder
	order := "rank DESC, id"
	if ts == "" || q.Sort == "date" {
		order = "date DESC, id"
	}
	if ts != "" {
		p := arg(ts)
		fmt.Fprintf(&b, "WITH q AS (SELECT to_tsquery('english', %[1]s) en, to_tsquery('russian', %[1]s) ru, to_tsquery('hub_simple', %[1]s) si),\n", p)
		where = append(where, "(d.tsv_en @@ q.en OR d.tsv_ru @@ q.ru OR d.tsv_si @@ q.si)")
		fmt.Fprintf(&b, "m AS MATERIALIZED (SELECT d.id, d.countries, d.kind, d.year, d.date, ts_rank_cd(d.tsv_en, q.en) + ts_rank_cd(d.tsv_ru, q.ru) + ts_rank_cd(d.tsv_si, q.si) AS rank FROM %s d, q WHERE %s),\n", table, strings.Join(where, " AND "))
		fmt.Fprintf(&b, "top AS (SELECT id, rank, date FROM m ORDER BY %s LIMIT %d)\n", order, size)
		fmt.Fprintf(&b, "SELECT (SELECT count(*) FROM m), (SELECT coalesce(json_agg(json_build_object('id', d.id, 'name', d.name, 'title', d.title, 'snippet', "+
			"ts_headline('%s', concat_ws(' ', d.title_%s, d.summary_%s, d.body_%s), q.%s)) ORDER BY top.%s), '[]') FROM top JOIN %s d USING (id), q),\n",
			cfg, x, x, x, x, strings.ReplaceAll(order, ", id", ", top.id"), table)
	} else {
		if len(where) == 0 {
			where = append(where, "true")
		}
		fmt.Fprintf(&b, "WITH m AS MATERIALIZED (SELECT d.id, d.countries, d.kind, d.year, d.date, 0 AS rank FROM %s d WHERE %s),\n", table, strings.Join(where, " AND "))
		fmt.Fprintf(&b, "top AS (SELECT id, rank, date FROM m ORDER BY %s LIMIT %d)\n", order, size)
		fmt.Fprintf(&b, "SELECT (SELECT count(*) FROM m), (SELECT coalesce(json_agg(json_build_object('id', d.id, 'name', d.name, 'title', d.title, 'snippet', "+
			"left(coalesce(d.summary_%s, d.summary_ru, d.summary_en, ''), 200)) ORDER BY top.date DESC, top.id), '[]') FROM top JOIN %s d USING (id)),\n", x, table)
	}
	b.WriteString("(SELECT coalesce(json_object_agg(c, n), '{}') FROM (SELECT unnest(countries) c, count(*) n FROM m GROUP BY 1) f),\n")
	b.WriteString("(SELECT coalesce(json_object_agg(kind, n), '{}') FROM (SELECT kind, count(*) n FROM m GROUP BY 1) f),\n")
	b.WriteString("(SELECT coalesce(json_object_agg(year, n), '{}') FROM (SELECT year, count(*) n FROM m GROUP BY 1) f)")
	return b.String(), args
}

// pgHit is a hit as the search returns it.
type pgHit struct {
	ID      int    `json:"id"`
	Name    string `json:"name"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
}

// pgSearch runs one search and returns the total and the hits.
func pgSearch(ctx context.Context, pool *pgxpool.Pool, table string, q bench.Query, visibility bool, size int) (int64, []pgHit, error) {
	sql, args := pgSearchSQL(table, q, visibility, size)
	var total int64
	var hits, f1, f2, f3 []byte
	if err := pool.QueryRow(ctx, sql, args...).Scan(&total, &hits, &f1, &f2, &f3); err != nil {
		return 0, nil, fmt.Errorf("%q: %w", q.Text, err)
	}
	var out []pgHit
	if err := json.Unmarshal(hits, &out); err != nil {
		return 0, nil, err
	}
	return total, out, nil
}

// pgLoad creates the table and copies the documents in; it returns how
// long the copy took and how long the indexes took.
func pgLoad(ctx context.Context, pool *pgxpool.Pool, table string, n int, row func(i int) []any) (copyTook, indexTook time.Duration, err error) {
	if _, err := pool.Exec(ctx, pgSetup); err != nil {
		return 0, 0, err
	}
	if _, err := pool.Exec(ctx, pgTable(table)); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	i := 0
	_, err = pool.CopyFrom(ctx, pgx.Identifier{table}, pgColumns, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		return row(i - 1), nil
	}))
	if err != nil {
		return 0, 0, err
	}
	copyTook = time.Since(start)
	start = time.Now()
	for _, s := range pgIndexes(table) {
		if _, err := pool.Exec(ctx, s); err != nil {
			return 0, 0, fmt.Errorf("%s: %w", s, err)
		}
	}
	return copyTook, time.Since(start), nil
}

// benchPG loads the corpus and the demo content into PostgreSQL, runs the
// hub's query mixes against it and the judged queries, and sets the
// figures against the hub's (from the import and search parts of the same
// corpus, and the hub's relevance measured here).
func benchPG(ctx context.Context, m measureFlags, o pgBenchOptions, stdout io.Writer) (bench.Part, error) {
	part := newPart(fmt.Sprintf("pg-%d", o.docs), fmt.Sprintf("PostgreSQL full-text search, %d documents", o.docs))
	levels, err := parseLevels(o.levels)
	if err != nil {
		return part, err
	}
	pcfg, err := pgxpool.ParseConfig(o.url)
	if err != nil {
		return part, err
	}
	pcfg.MaxConns = int32(max(levels[len(levels)-1], 4))
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return part, err
	}
	defer pool.Close()
	var version string
	if err := pool.QueryRow(ctx, "SELECT version()").Scan(&version); err != nil {
		return part, fmt.Errorf("PostgreSQL at %s (bench/postgres.sh start runs one): %w", o.url, err)
	}
	var settings string
	pool.QueryRow(ctx, `SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
		WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'jit', 'synchronous_commit', 'max_parallel_workers_per_gather')`).Scan(&settings)
	fmt.Fprintf(stdout, "%s\n%s\n", version, settings)

	// The corpus.
	_, lines, err := corpusLines(m.out, o.docs, m.seed)
	if err != nil {
		return part, err
	}
	table := fmt.Sprintf("docs_%d", o.docs)
	now := time.Now()
	var decodeErr error
	start := time.Now()
	copyTook, indexTook, err := pgLoad(ctx, pool, table, len(lines), func(i int) []any {
		var in platform.DocumentInput
		if err := json.Unmarshal(lines[i], &in); err != nil && decodeErr == nil {
			decodeErr = err
		}
		return pgRow(i+1, "", in, now)
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return part, err
	}
	loadTook := time.Since(start)
	var tableSize int64
	pool.QueryRow(ctx, "SELECT pg_total_relation_size($1)", table).Scan(&tableSize)
	pgRate := float64(len(lines)) / loadTook.Seconds()
	fmt.Fprintf(stdout, "loaded %d documents: copy %s, indexes %s: %.0f documents/s; %s on disk\n", len(lines),
		copyTook.Round(time.Millisecond), indexTook.Round(time.Millisecond), pgRate, bench.MB(tableSize))

	// The mixes.
	mix := mixes(levels, o.queries, m.seed)
	var hitSum atomic.Int64
	pgq := func(ctx context.Context, q bench.Query) error {
		total, _, err := pgSearch(ctx, pool, table, q, true, 20)
		hitSum.Add(total)
		return err
	}
	bench.Drive(ctx, 2, bench.Queries(100, m.seed+9), pgq)
	runs := map[int]bench.Run{}
	hits := map[int]float64{}
	for _, c := range levels {
		hitSum.Store(0)
		runs[c] = bench.Drive(ctx, c, mix[c], pgq)
		hits[c] = float64(hitSum.Load()) / float64(len(mix[c]))
		r := runs[c]
		fmt.Fprintf(stdout, "%2d clients: PostgreSQL p50 %s p95 %s p99 %s (%.1f/s, %d errors)\n", c,
			bench.Ms(r.Latency.P50), bench.Ms(r.Latency.P95), bench.Ms(r.Latency.P99), r.PerSecond(), r.Errors)
		if r.Errors > 0 {
			fmt.Fprintf(stdout, "   first error: %s\n", r.FirstError)
		}
	}

	// Relevance on the judged set: the demo content in PostgreSQL, and the
	// hub as `hubbench relevance` measures it.
	pgScores, perQuery, err := pgRelevance(ctx, pool, now)
	if err != nil {
		return part, err
	}
	hubRep, err := measureRelevance(ctx)
	if err != nil {
		return part, err
	}
	fmt.Fprintf(stdout, "judged set: nDCG@10 hub %.3f, PostgreSQL %.3f; MRR hub %.3f, PostgreSQL %.3f\n",
		hubRep.Overall.NDCG10, pgScores.NDCG10, hubRep.Overall.MRR, pgScores.MRR)

	// Against the hub's figures for the same corpus.
	hubSearch, haveSearch, err := bench.LoadPart(m.out, fmt.Sprintf("search-%d", o.docs))
	if err != nil {
		return part, err
	}
	hubImport, haveImport, err := bench.LoadPart(m.out, fmt.Sprintf("import-%d", o.docs))
	if err != nil {
		return part, err
	}
	f := part.Figures
	f["docs_per_s"], f["copy_s"], f["index_s"], f["table_mb"] = pgRate, copyTook.Seconds(), indexTook.Seconds(), float64(tableSize)/(1<<20)
	f["ndcg_pg"], f["ndcg_hub"], f["ndcg_diff"] = pgScores.NDCG10, hubRep.Overall.NDCG10, hubRep.Overall.NDCG10-pgScores.NDCG10
	f["mrr_pg"], f["mrr_hub"] = pgScores.MRR, hubRep.Overall.MRR
	if haveImport {
		f["import_ratio"] = hubImport.Figures["docs_per_s"] / pgRate
		f["searchable_ratio"] = hubImport.Figures["searchable_per_s"] / pgRate
	}
	for _, c := range levels {
		r := runs[c]
		f[fmt.Sprintf("pg_p50_ms_c%d", c)], f[fmt.Sprintf("pg_p95_ms_c%d", c)], f[fmt.Sprintf("pg_p99_ms_c%d", c)] = msf(r.Latency.P50), msf(r.Latency.P95), msf(r.Latency.P99)
		f[fmt.Sprintf("pg_qps_c%d", c)], f[fmt.Sprintf("pg_errors_c%d", c)] = r.PerSecond(), float64(r.Errors)
		if haveSearch {
			for _, p := range []string{"p50", "p95", "p99"} {
				if h := hubSearch.Figures[fmt.Sprintf("hub_%s_ms_c%d", p, c)]; h > 0 {
					f[fmt.Sprintf("speedup_%s_c%d", p, c)] = f[fmt.Sprintf("pg_%s_ms_c%d", p, c)] / h
				}
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s, on the same machine, a private cluster on loopback (`bench/postgres.sh`): %s.\n\n", version, settings)
	b.WriteString("One table: each document's texts in three groups — English, Russian, and the other five languages together — each with a ")
	b.WriteString("stored tsvector (title A, summary B, body D) in its language's configuration (`english`, `russian`, and `simple` after `unaccent` ")
	b.WriteString("for Kazakh, Kyrgyz, Tajik, Turkmen and Uzbek, which PostgreSQL has no dictionaries for) and a GIN index on each; GIN on countries, ")
	b.WriteString("B-tree on the date. A search is one statement: the hub's query parsed by the hub's own parser into a tsquery (phrases `<->`, prefixes `:*`, ")
	b.WriteString("exclusions `!`), matched against the three columns, filters, ranked by `ts_rank_cd`, **three** facets counted over all matches ")
	b.WriteString("(country, kind, year; the hub counts eight), the 20 best highlighted with `ts_headline`. No typo tolerance, no cross-script folding, ")
	b.WriteString("no thesaurus: what PostgreSQL offers without extensions beyond `unaccent`. The same query mixes as the hub's search part, as an anonymous reader (public documents).\n\n")
	b.WriteString("| | PostgreSQL | hub | hub against PostgreSQL |\n| --- | --- | --- | --- |\n")
	hubRate, hubSearchable := "not run", "not run"
	if haveImport {
		hubRate = fmt.Sprintf("%.0f documents/s (acknowledged)", hubImport.Figures["docs_per_s"])
		hubSearchable = fmt.Sprintf("%.0f documents/s (all searchable)", hubImport.Figures["searchable_per_s"])
	}
	fmt.Fprintf(&b, "| load %d documents | COPY %s + indexes %s: %.0f documents/s | %s; %s | %.2f× the rate acknowledged, %.2f× searchable |\n", len(lines),
		copyTook.Round(time.Millisecond), indexTook.Round(time.Millisecond), pgRate, hubRate, hubSearchable, f["import_ratio"], f["searchable_ratio"])
	fmt.Fprintf(&b, "| size on disk | %s (table, TOAST and indexes) | %s database + %s index | |\n", bench.MB(tableSize),
		fmt.Sprintf("%.0f MB", hubImport.Figures["db_mb"]), fmt.Sprintf("%.0f MB", hubImport.Figures["index_mb"]))
	for _, c := range levels {
		r := runs[c]
		hub := "not run"
		if haveSearch {
			hub = fmt.Sprintf("%.1f / %.1f / %.1f ms", hubSearch.Figures[fmt.Sprintf("hub_p50_ms_c%d", c)], hubSearch.Figures[fmt.Sprintf("hub_p95_ms_c%d", c)], hubSearch.Figures[fmt.Sprintf("hub_p99_ms_c%d", c)])
		}
		fmt.Fprintf(&b, "| search, %s, p50 / p95 / p99 | %s / %s / %s (%.1f/s, %d errors) | %s | %s at p50, %s at p99 |\n", clientsN(c),
			bench.Ms(r.Latency.P50), bench.Ms(r.Latency.P95), bench.Ms(r.Latency.P99), r.PerSecond(), r.Errors, hub,
			faster(f[fmt.Sprintf("speedup_p50_c%d", c)]), faster(f[fmt.Sprintf("speedup_p99_c%d", c)]))
	}
	fmt.Fprintf(&b, "| matches per query (1 client) | %.0f | %.0f | |\n", hits[levels[0]], hubSearch.Figures[fmt.Sprintf("hits_c%d", levels[0])])
	fmt.Fprintf(&b, "| judged set (%d queries, demo content): nDCG@10 | %.3f | %.3f | %+.3f |\n", len(perQuery), pgScores.NDCG10, hubRep.Overall.NDCG10, f["ndcg_diff"])
	fmt.Fprintf(&b, "| judged set: MRR | %.3f | %.3f | %+.3f |\n", pgScores.MRR, hubRep.Overall.MRR, hubRep.Overall.MRR-pgScores.MRR)
	b.WriteString("\nThe judged queries where the two differ most (nDCG@10, PostgreSQL → hub):\n\n")
	hubBy := map[string]float64{}
	for _, q := range hubRep.Queries {
		hubBy[q.ID] = q.NDCG10
	}
	type diff struct {
		id, text, lang string
		pg, hub        float64
	}
	var diffs []diff
	for _, q := range perQuery {
		diffs = append(diffs, diff{q.ID, q.Text, q.Lang, q.NDCG10, hubBy[q.ID]})
	}
	sortByGap := func(a, b diff) int {
		ga, gb := a.hub-a.pg, b.hub-b.pg
		if ga < 0 {
			ga = -ga
		}
		if gb < 0 {
			gb = -gb
		}
		switch {
		case ga > gb:
			return -1
		case ga < gb:
			return 1
		}
		return strings.Compare(a.id, b.id)
	}
	slices.SortFunc(diffs, sortByGap)
	for _, d := range diffs[:min(8, len(diffs))] {
		fmt.Fprintf(&b, "- %s (%s) «%s»: %.2f → %.2f\n", d.id, d.lang, d.text, d.pg, d.hub)
	}
	part.Markdown = b.String()
	return part, nil
}

// pgRelevance loads the demo documents into their own table and runs the
// judged queries against it, as the secretariat (every visibility), as
// `hubbench relevance` does against the hub.
func pgRelevance(ctx context.Context, pool *pgxpool.Pool, now time.Time) (relevance.Scores, []queryScore, error) {
	docs, err := demo.Documents()
	if err != nil {
		return relevance.Scores{}, nil, err
	}
	if _, _, err := pgLoad(ctx, pool, "demo_docs", len(docs), func(i int) []any {
		return pgRow(i+1, docs[i].Name, docs[i].Input, now)
	}); err != nil {
		return relevance.Scores{}, nil, err
	}
	queries, err := relevance.Judged()
	if err != nil {
		return relevance.Scores{}, nil, err
	}
	var s relevance.Scores
	var out []queryScore
	for _, q := range queries {
		_, hits, err := pgSearch(ctx, pool, "demo_docs", bench.Query{Text: q.Text, Lang: q.Lang}, false, relevanceDepth)
		if err != nil {
			return s, nil, err
		}
		var ranked []string
		for _, h := range hits {
			ranked = append(ranked, h.Name)
		}
		qs := queryScore{Query: q, NDCG10: q.NDCG(ranked, 10), RR: q.ReciprocalRank(ranked), Top: ranked}
		out = append(out, qs)
		s.NDCG10 += qs.NDCG10 / float64(len(queries))
		s.MRR += qs.RR / float64(len(queries))
	}
	return s, out, nil
}

// faster writes a speed-up (PostgreSQL's latency ÷ the hub's).
func faster(x float64) string {
	switch {
	case x == 0:
		return "n/a"
	case x >= 1:
		return fmt.Sprintf("hub **%.1f×** faster", x)
	}
	return fmt.Sprintf("hub **%.1f×** slower", 1/x)
}

// clientsN writes "1 client", "8 clients".
func clientsN(n int) string {
	if n == 1 {
		return "1 client"
	}
	return fmt.Sprintf("%d clients", n)
}
