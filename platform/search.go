package platform

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"
)

// SearchQuery is a search as a reader asks it.
type SearchQuery struct {
	Text      string
	Lang      string   // the reader's language: its texts rank first
	Fallback  []string // the languages to show titles in when Lang has none, in order
	Types     []RecordType
	Kinds     []string
	Countries []string
	Areas     []string
	Articles  []int
	Statuses  []string
	Languages []string // records readable in one of these languages
	Year      int
	Sort      string // "relevance" (default) or "date"
	Page      int    // from 1
	Size      int    // 1–100, default 20
	Facets    bool
}

// Limits of a search, checked once, by SearchQuery.Validate and
// SuggestQuery.Validate; the web layer only reads the numbers and the
// search service refuses what does not validate.
const (
	// MaxQueryLen is the longest query text accepted, in characters.
	MaxQueryLen = 1000
	// DefaultSearchSize and MaxSearchSize bound a page of hits.
	DefaultSearchSize = 20
	MaxSearchSize     = 100
	// MaxSearchDepth is the deepest hit a reader may page to: deep pages
	// cost as much as all the pages before them.
	MaxSearchDepth = 10000
	// MaxSearchYear bounds the year filter.
	MaxSearchYear = 9999
	// DefaultSuggestSize and MaxSuggestSize bound a list of suggestions.
	DefaultSuggestSize = 8
	MaxSuggestSize     = 20
)

// Validate fills q's defaults (page 1, DefaultSearchSize hits) and checks
// every field against the limits above, returning Invalid with a message
// for the reader that names what was wrong.
func (q *SearchQuery) Validate() error {
	if utf8.RuneCountInString(q.Text) > MaxQueryLen {
		return Localized(Invalid, "error.query_too_long", map[string]any{"Limit": MaxQueryLen}, "query longer than %d characters", MaxQueryLen)
	}
	if q.Size == 0 {
		q.Size = DefaultSearchSize
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if err := inRange("size", q.Size, 1, MaxSearchSize); err != nil {
		return err
	}
	if err := inRange("page", q.Page, 1, MaxSearchDepth/q.Size); err != nil {
		return err
	}
	if err := inRange("year", q.Year, 0, MaxSearchYear); err != nil {
		return err
	}
	for _, n := range q.Articles {
		if _, ok := ArticleByNumber(n); !ok {
			return Localized(Invalid, "error.bad_article", map[string]any{"Value": n}, "no UNCAC article %d", n)
		}
	}
	for _, l := range q.Languages {
		if !ValidLanguage(l) {
			return Localized(Invalid, "error.bad_language", map[string]any{"Value": l}, "unsupported language %q", l)
		}
	}
	if err := q.checkFilters(); err != nil {
		return err
	}
	if q.Sort != "" && q.Sort != "relevance" && q.Sort != "date" {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": "sort=" + q.Sort}, "bad sort")
	}
	return nil
}

// checkFilters refuses a filter value no record can have, naming the
// parameter and the value: a typing error is told, not answered with no
// results.
func (q *SearchQuery) checkFilters() error {
	bad := func(name string, v any) error {
		return Localized(Invalid, "error.invalid", map[string]any{"Detail": fmt.Sprintf("%s=%v", name, v)}, "bad %s %v", name, v)
	}
	for _, t := range q.Types {
		if !slices.Contains(SearchedTypes(), t) {
			return bad("type", t)
		}
	}
	kinds := append(DocumentKinds(), string(TypeExpert))
	for _, k := range EventKinds() {
		kinds = append(kinds, string(k))
	}
	// A roadmap item's kind (commitment, action, milestone) and a
	// recommendation's source.
	for _, k := range ItemKinds() {
		kinds = append(kinds, string(k))
	}
	for _, k := range RecommendationSources() {
		kinds = append(kinds, string(k))
	}
	for _, k := range q.Kinds {
		if !slices.Contains(kinds, k) {
			return bad("kind", k)
		}
	}
	for _, c := range q.Countries {
		if !slices.Contains(Countries(), c) && c != "other" {
			return bad("country", c)
		}
	}
	for _, a := range q.Areas {
		if !slices.Contains(Areas(), a) {
			return bad("area", a)
		}
	}
	var statuses []string
	for _, st := range DocumentStatuses() {
		statuses = append(statuses, string(st))
	}
	for _, st := range EventStatuses() {
		statuses = append(statuses, string(st))
	}
	statuses = append(statuses, string(ExpertApproved), string(ExpertPending))
	// A roadmap item's status and a recommendation's implementation.
	for _, st := range ItemStatuses() {
		statuses = append(statuses, string(st))
	}
	for _, st := range Implementations() {
		statuses = append(statuses, string(st))
	}
	for _, st := range q.Statuses {
		if !slices.Contains(statuses, st) {
			return bad("status", st)
		}
	}
	return nil
}

// SearchedTypes lists the record types the search index holds.
func SearchedTypes() []RecordType {
	return []RecordType{TypeDocument, TypeProvision, TypeEvent, TypeExpert, TypeCommitment, TypeRecommendation}
}

// Validate fills q's default size and checks it and the prefix's length;
// a language the hub does not have is dropped (titles in any language).
func (q *SuggestQuery) Validate() error {
	if utf8.RuneCountInString(q.Prefix) > MaxQueryLen {
		return Localized(Invalid, "error.query_too_long", map[string]any{"Limit": MaxQueryLen}, "prefix longer than %d characters", MaxQueryLen)
	}
	if q.Lang != "" && !ValidLanguage(q.Lang) {
		q.Lang = ""
	}
	for _, t := range q.Types {
		if !slices.Contains(SearchedTypes(), t) {
			return Localized(Invalid, "error.invalid", map[string]any{"Detail": fmt.Sprintf("type=%v", t)}, "bad type %v", t)
		}
	}
	if q.Size == 0 {
		q.Size = DefaultSuggestSize
	}
	return inRange("size", q.Size, 1, MaxSuggestSize)
}

// inRange refuses a number outside lo–hi, naming the parameter and the range.
func inRange(name string, n, lo, hi int) error {
	if n >= lo && n <= hi {
		return nil
	}
	detail := fmt.Sprintf("%s=%d (%d–%d)", name, n, lo, hi)
	return Localized(Invalid, "error.invalid", map[string]any{"Detail": detail}, "bad %s", name)
}

// SearchHit is one found record, with what a result list shows of it.
type SearchHit struct {
	ID        string
	Type      RecordType
	Title     string
	TitleLang string // the language Title is in
	Snippet   string // HTML: escaped text with <mark> around matches
	Score     float64
	// Missing is empty for a record that has every word of the query; for
	// a partial match (SearchResult.Relaxed) it lists the query's words the
	// record lacks, as the reader typed them.
	Missing []string `json:"missing,omitempty"`
}

// FacetValue is one value of a facet with the number of hits that have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult is a page of hits, the total and the facet counts.
//
// When fewer than a page of records (search.RelaxBelow) have every word of
// a query of several words, the search is relaxed: records that lack a few
// of the words (never a quoted phrase; never one with an excluded word)
// follow every full match, each with its Missing words, and Total and the
// facet counts include them. (The JSON names are the API's.)
type SearchResult struct {
	// Total counts the hits, partial matches included when Relaxed.
	Total int
	// FullMatches counts the hits that have every word of the query.
	FullMatches int `json:"fullMatches"`
	// Relaxed says partial matches follow the full matches.
	Relaxed bool `json:"relaxed"`
	Hits    []SearchHit
	Facets  map[string][]FacetValue
	// DidYouMean is the query with its misspelt words corrected into words
	// of records the reader may see, when the query finds little and the
	// corrected one finds more; "" otherwise.
	DidYouMean string `json:"didYouMean,omitempty"`
}

// SuggestQuery asks for completions of what a reader is typing.
type SuggestQuery struct {
	// Prefix is the text typed so far; its last word is incomplete unless
	// the text ends with a space.
	Prefix string
	Lang   string       // the reader's language: its titles come first
	Types  []RecordType // record types to suggest; empty means all
	Size   int          // 1–20, default 8
}

// Suggestion is a record whose title completes what the reader typed.
type Suggestion struct {
	Text string // the title (plain text), in Lang
	Lang string
	ID   string
	Type RecordType
}

// SearchService finds records, showing each reader only what they may see.
type SearchService interface {
	// Search runs q for the user in ctx. Codes: Invalid (a query that cannot
	// be run, with a message for the reader), Unavailable.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
	// Suggest completes q.Prefix into titles of records the user in ctx
	// may see. Codes: Invalid, Unavailable.
	Suggest(ctx context.Context, q SuggestQuery) ([]Suggestion, error)
}
