package platform

import "context"

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

// MaxQueryLen is the longest query text accepted, in characters.
const MaxQueryLen = 1000

// SearchHit is one found record, with what a result list shows of it.
type SearchHit struct {
	ID        string
	Type      RecordType
	Title     string
	TitleLang string // the language Title is in
	Snippet   string // HTML: escaped text with <mark> around matches
	Score     float64
}

// FacetValue is one value of a facet with the number of hits that have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult is a page of hits, the total and the facet counts.
type SearchResult struct {
	Total  int
	Hits   []SearchHit
	Facets map[string][]FacetValue
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
