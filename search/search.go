// Package search is the boundary between the hub and its full-text index.
//
// The database stays the source of truth: records are flattened into
// Documents and sent to an Index in Batches that carry the change-log
// sequence they bring the index to, so an indexer can resume after a restart
// by asking the index for its Seq. Searches return record ids (plus a
// highlighted snippet), never the records themselves.
//
// The package also holds what every implementation shares: the query language
// (ParseQuery), the cross-script folding of Central Asian spellings (Fold, and
// FoldName for people's names) and the word segmentation they rely on
// (Segment). Implementations live
// in subpackages (search/bleve) and are checked by one conformance suite
// (search/searchtest).
package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// Text is one language's text of a record.
type Text struct {
	Title, Summary, Body string
}

// Document is a record flattened for indexing.
type Document struct {
	ID   string
	Type string // "document", "event", "expert", "commitment", "recommendation"
	Kind string // the type's own subdivision, e.g. "law" or "training" for documents

	// Texts maps a language code (see Languages) to the record's text in
	// that language. Records are often only partly translated; languages
	// without text are simply absent.
	Texts map[string]Text

	Countries  []string
	Areas      []string
	Articles   []int // UNCAC articles, 1–71
	Visibility string
	Status     string

	// Date orders results by date and, when Year is 0, gives the year
	// facet; the zero time means the record has no date (it sorts last).
	Date time.Time
	// Year is the record's year for the year facet and filter, when it is
	// not Date's: a law's adoption year while Date is its last change, say.
	// 0 means Date's year (none when Date is zero).
	Year int
	// Languages are the languages the record can be read in, for the
	// language facet and filter: its texts' and its attachments'. Empty
	// means the languages of Texts.
	Languages []string
	// Parent is the id of the record this one is a part of (a provision's
	// law); empty for a whole record. Hits report it.
	Parent string

	// Terms are extra searchable words: the names of the taxonomy terms the
	// record is tagged with, in all languages, so that a Russian query reaches
	// an English record through its UNCAC article's Russian title.
	Terms []string

	// Names are the people the record is about, each name as written (an
	// expert's name in Cyrillic and in Latin letters; an event could list
	// its trainers). A query word matches a name's word when their FoldName
	// are equal, so a name is found in any script and common spelling; a
	// name match ranks high, and suggestions complete names too. Whoever
	// may see the record may find it by these names: list only names every
	// reader of the record may know.
	Names []string
}

// How the platform fills a Document for a library document (note to
// platform/indexer's DocumentToSearch): Kind is the document kind, Status
// its legal status (draft, in_force, amended, repealed, or ""), Date the
// adoption date when set, else the entry into force, else when the record
// was made; Year stays 0 (Date's year gives the year facet) and Languages
// stays empty (the languages of Texts, to which the text extracted from
// attachments is added in each attachment's language); Terms are the names
// of its articles, areas and countries in every language, its UNCAC
// paragraphs and issuing bodies. A provision is a Document of its own with
// Type "provision", Parent the law's id, the law's countries, areas, status
// and dates, and its own articles.

// Validate reports whether d can be indexed. The error wraps ErrInvalidDocument.
func (d Document) Validate() error {
	switch {
	case d.ID == "":
		return fmt.Errorf("%w: empty id", ErrInvalidDocument)
	case len(d.ID) > MaxIDBytes:
		return fmt.Errorf("%w: id longer than %d bytes", ErrInvalidDocument, MaxIDBytes)
	case !utf8.ValidString(d.ID):
		return fmt.Errorf("%w: id %q is not valid UTF-8", ErrInvalidDocument, d.ID)
	}
	for lang := range d.Texts {
		if !IsLanguage(lang) {
			return fmt.Errorf("%w: document %q has text in unknown language %q", ErrInvalidDocument, d.ID, lang)
		}
	}
	for _, lang := range d.Languages {
		if !IsLanguage(lang) {
			return fmt.Errorf("%w: document %q has unknown language %q", ErrInvalidDocument, d.ID, lang)
		}
	}
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Errorf("%w: document %q has year %d", ErrInvalidDocument, d.ID, d.Year)
	}
	return nil
}

// Query is a search request.
type Query struct {
	// Text is what the reader typed, in the query language described at
	// ParseQuery. Any text is valid.
	Text string
	// Lang is the reader's language (see Languages, or "" for none): matches
	// in that language's fields rank higher and its snippets are preferred.
	Lang string
	// Fallback are the languages the reader reads next, in order (a Kazakh
	// reader's Russian, then English): snippets come from them before the
	// other languages.
	Fallback []string

	// Filters. Within one filter the values are alternatives (OR); filters
	// combine with AND. Empty means no restriction.
	Types, Kinds, Countries, Areas, Statuses []string
	// Languages keeps records readable in one of these languages (see
	// Document.Languages).
	Languages []string
	// Visibilities lists the record visibilities the reader may see; empty
	// means no restriction.
	Visibilities []string
	Articles     []int // 1–71
	Year         int   // 0 means any year

	// Facets names the facet counts wanted, from FacetNames.
	Facets []string

	// Sort is SortRelevance (also "") or SortDate (newest first).
	Sort string

	// From is the number of hits to skip and Size the number wanted (0 means
	// DefaultSize).
	From, Size int

	// Highlight asks for Hit.Snippet.
	Highlight bool

	// Expand widens parts of Text with other wordings of the same idea
	// (from a thesaurus): see Expansion.
	Expand []Expansion
}

// Expansion gives other wordings for some words of a query. A record that
// lacks Match's words but matches one of Alternatives or is tagged with one
// of Articles counts as matching those words; it ranks below a record that
// has the words themselves. Records tagged with Articles also rank higher
// among those that have the words. An Expansion whose Match is not among
// the query's words (compared after Fold, as consecutive words or a quoted
// phrase) is ignored.
type Expansion struct {
	Match        string
	Alternatives []Alternative
	Articles     []int
}

// Alternative is another wording, a phrase, in one language: it is looked
// for in that language's text (and in the taxonomy terms), so that a word of
// one language does not match its false friend in another ("пара" is a bribe
// in Kazakh and a pair in Russian). Lang "" means any language.
type Alternative struct {
	Lang, Text string
}

// Limits of an Expansion list; extra entries are ignored.
const (
	MaxExpansions   = 8
	MaxAlternatives = 16
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Facet names, which are also the names of the filterable fields.
const (
	FacetType       = "type"
	FacetKind       = "kind"
	FacetCountry    = "country"
	FacetArea       = "area"
	FacetArticle    = "article"
	FacetLanguage   = "language"
	FacetStatus     = "status"
	FacetYear       = "year"
	FacetVisibility = "visibility"
)

// FacetNames returns the facets a Query may ask for.
func FacetNames() []string {
	return []string{FacetType, FacetKind, FacetCountry, FacetArea, FacetArticle,
		FacetLanguage, FacetStatus, FacetYear, FacetVisibility}
}

// Limits of a Query.
const (
	DefaultSize = 20
	MaxSize     = 100
	// MaxFrom bounds paging depth: deep pages cost as much as all the pages
	// before them and nobody reads them.
	MaxFrom = 10000
	// MaxArticle is the number of articles of the UN Convention against
	// Corruption.
	MaxArticle = 71
	// MaxIDBytes bounds Document.ID.
	MaxIDBytes = 512
)

// Languages returns the language codes a Document may have text in, in the
// order the hub lists them.
func Languages() []string {
	return []string{"en", "ru", "kk", "ky", "tg", "tk", "uz"}
}

// IsLanguage reports whether code is one of Languages.
func IsLanguage(code string) bool {
	return slices.Contains(Languages(), code)
}

// Validate reports whether q is well formed. The error wraps ErrInvalidQuery.
// Only the fields set by the program are checked; Text is never invalid.
func (q Query) Validate() error {
	invalid := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidQuery}, args...)...)
	}
	if q.Lang != "" && !IsLanguage(q.Lang) {
		return invalid("unknown language %q", q.Lang)
	}
	for _, f := range q.Facets {
		if !slices.Contains(FacetNames(), f) {
			return invalid("unknown facet %q", f)
		}
	}
	switch q.Sort {
	case "", SortRelevance, SortDate:
	default:
		return invalid("unknown sort %q", q.Sort)
	}
	if q.From < 0 || q.From > MaxFrom {
		return invalid("from %d is outside 0–%d", q.From, MaxFrom)
	}
	if q.Size < 0 || q.Size > MaxSize {
		return invalid("size %d is outside 0–%d", q.Size, MaxSize)
	}
	if q.Year < 0 || q.Year > 9999 {
		return invalid("year %d is outside 0–9999", q.Year)
	}
	for _, a := range q.Articles {
		if a < 1 || a > MaxArticle {
			return invalid("article %d is outside 1–%d", a, MaxArticle)
		}
	}
	for _, l := range q.Languages {
		if !IsLanguage(l) {
			return invalid("unknown language %q", l)
		}
	}
	for _, e := range q.Expand {
		for _, alt := range e.Alternatives {
			if alt.Lang != "" && !IsLanguage(alt.Lang) {
				return invalid("expansion in unknown language %q", alt.Lang)
			}
		}
		for _, a := range e.Articles {
			if a < 1 || a > MaxArticle {
				return invalid("expansion article %d is outside 1–%d", a, MaxArticle)
			}
		}
	}
	return nil
}

// Hit is one search result.
type Hit struct {
	ID, Type string
	Score    float64
	// Snippet is one fragment of the record's text around the matched words,
	// as HTML: the matches are wrapped in <mark>…</mark> and everything else
	// is escaped. Empty unless Query.Highlight was set.
	Snippet string
	// Lang is the language the snippet came from.
	Lang string
	// Parent is Document.Parent of the hit.
	Parent string
	// Titles are the hit's titles by language, and ParentTitles its
	// parent's (when it has a parent that is indexed), as indexed, so that a
	// result list needs no other read.
	Titles, ParentTitles map[string]string
	// Missing is empty for a full match. For a partial match (see
	// Result.Relaxed) it lists the query's words the record lacks, as the
	// reader typed them, in the query's order; a thesaurus term of several
	// words is one entry ("conflict of interest").
	Missing []string
}

// FacetValue is one value of a facet and the number of hits that have it.
type FacetValue struct {
	Value string
	Count int
}

// Result is the answer to a Query.
type Result struct {
	// Total counts every hit, partial matches included when Relaxed.
	Total uint64
	// FullMatches counts the hits that have every word of the query
	// (Total when not Relaxed).
	FullMatches uint64
	// Relaxed says that records with most but not all of the query's words
	// follow the full matches (see RelaxBelow): they rank below every full
	// match, carry Hit.Missing, and are counted in Total and the Facets.
	Relaxed bool
	Hits    []Hit
	// Facets maps each requested facet to its most frequent values, most
	// frequent first, counted over the Total hits.
	Facets map[string][]FacetValue
	// DidYouMean is the query rewritten with its misspelt words corrected,
	// or "". A word of the query is taken for a misspelling when no record
	// the reader may see has it (typo tolerance matched it with close
	// words), or, when the query has fewer than RelaxBelow full matches,
	// when it is in fewer than 3 such records (in any of its forms: other
	// endings, stems) and a word as close as typo tolerance allows is in at
	// least ten times as many. The correction is
	// that word as records the reader may see write it, in the script typed
	// where they have it so. DidYouMean is given when the corrected query
	// has more full matches than the query as typed has (none, when a word
	// is in no record). Only what the reader may see is read for it: a word
	// of a record hidden from them is never suggested.
	DidYouMean string
}

// RelaxBelow is the number of full matches below which a search of
// several words is relaxed: when fewer records than a first page
// (DefaultSize) have every word, records that lack some of them follow,
// so that a reader who paraphrases the Convention with one word its texts
// do not use still gets the records with the others. (Meilisearch fills a
// page the same way, dropping words from the end; Elasticsearch's
// minimum_should_match asks for most words always.) Below every full
// match, a partial match ranks by how many of the query's words it has,
// then by score.
//
// Which words may be missing: each word of the query (a stop word beside
// others is no word here; a thesaurus term of several words counts as
// one) may, except quoted phrases, which a partial match always has, and
// excluded words, which it never has. A query of one such word is never
// relaxed. How many may be missing: MaxMissing. When no record has even
// that many, the records with the most of the words are given, so that a
// query never comes back empty while some record has one of its words.
const RelaxBelow = DefaultSize

// MaxMissing is how many of n words a partial match may lack: one of two
// to five words (so at least half), and a third of longer queries, whose
// words are more often the reader's own wording.
func MaxMissing(n int) int {
	if n < 2 {
		return 0
	}
	return max(1, n/3)
}

// SuggestQuery asks for completions of what a reader is typing.
type SuggestQuery struct {
	// Prefix is the text typed so far; its last word is incomplete (a
	// trailing space completes it). Quotes and operators are plain text.
	Prefix string
	// Lang is the reader's language (or ""): titles in it come first and a
	// record's title is given in it when that title matches.
	Lang string
	// Visibilities lists the record visibilities the reader may see; empty
	// means no restriction.
	Visibilities []string
	// Types restricts the record types; empty means all.
	Types []string
	// Size is the number of suggestions wanted (0 means DefaultSuggestSize).
	Size int
}

// Limits of a SuggestQuery.
const (
	DefaultSuggestSize = 8
	MaxSuggestSize     = 20
)

// Validate reports whether q is well formed. The error wraps
// ErrInvalidQuery. Prefix is never invalid.
func (q SuggestQuery) Validate() error {
	if q.Lang != "" && !IsLanguage(q.Lang) {
		return fmt.Errorf("%w: unknown language %q", ErrInvalidQuery, q.Lang)
	}
	if q.Size < 0 || q.Size > MaxSuggestSize {
		return fmt.Errorf("%w: size %d is outside 0–%d", ErrInvalidQuery, q.Size, MaxSuggestSize)
	}
	return nil
}

// Suggestion is one completion: a record's title, or the name of a person
// it is about (Document.Names) when none of its titles has what was typed.
type Suggestion struct {
	// Text is the title, plain text (not HTML), in the reader's language
	// when that title matched, else in the language that matched; or the
	// name that matched, preferably one written in the script typed.
	Text string
	// Lang is Text's language; "" for a name, which has none.
	Lang     string
	ID, Type string
}

// Batch is a set of changes applied atomically together with Seq, the
// change-log sequence it brings the index to. Deletes are applied after
// Upserts, so an id in both ends up deleted.
type Batch struct {
	Upserts []Document
	Deletes []string
	Seq     uint64
}

// Index is a full-text index of the hub's records.
//
// Errors: methods return errors wrapping ErrInvalidQuery or
// ErrInvalidDocument where said; any other error is internal.
type Index interface {
	// Apply applies b atomically and records b.Seq. Calls should come from
	// one writer; concurrent calls are serialised. An invalid document makes
	// the whole batch fail with ErrInvalidDocument.
	Apply(ctx context.Context, b Batch) error
	// Seq returns the Seq of the last applied Batch (0 for a new index).
	Seq(ctx context.Context) (uint64, error)
	// Search runs q. A malformed q (see Query.Validate) fails with
	// ErrInvalidQuery; the text itself is never an error.
	Search(ctx context.Context, q Query) (*Result, error)
	// Suggest completes what a reader is typing into titles of records
	// and the names of the people they are about (Document.Names): the last
	// word of q.Prefix is a prefix, the words before it must all be in the
	// title or the names. A malformed q (see SuggestQuery.Validate) fails with
	// ErrInvalidQuery.
	Suggest(ctx context.Context, q SuggestQuery) ([]Suggestion, error)
	// Count returns the number of indexed documents.
	Count(ctx context.Context) (uint64, error)
	// Close releases the index. It is safe to call more than once.
	Close() error
}

var (
	// ErrInvalidQuery is wrapped by errors about malformed Query values.
	ErrInvalidQuery = errors.New("invalid search query")
	// ErrInvalidDocument is wrapped by errors about Documents that cannot
	// be indexed.
	ErrInvalidDocument = errors.New("invalid search document")
)
