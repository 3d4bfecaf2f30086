package indexer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/search"
)

// DocumentStore is what the indexer needs of the document persistence.
type DocumentStore interface {
	FindDocumentByID(ctx context.Context, id string) (*platform.Document, error)
	AllDocuments(ctx context.Context, fn func(*platform.Document) error) error
}

// EventStore is what the indexer needs of the event persistence.
type EventStore interface {
	FindEventByID(ctx context.Context, id string) (*platform.Event, error)
	AllEvents(ctx context.Context, fn func(*platform.Event) error) error
}

// ImportedDocumentStore is a DocumentStore that hands the indexer the
// documents its bulk imports have just stored, so that an import is not
// read back from the database document by document.
type ImportedDocumentStore interface {
	DocumentStore
	// KeepImported has the store keep up to limit imported documents at a
	// time until they are taken.
	KeepImported(limit int)
	// TakeImported returns the document id as the import stored it when
	// seq is the number of that import's change of the document or of one
	// of its provisions; ok is false otherwise (then it is read).
	TakeImported(id string, seq uint64) (doc *platform.Document, ok bool)
	// ForgetImportedThrough forgets the documents whose import's changes
	// are all numbered seq or lower: the index's checkpoint has passed them.
	ForgetImportedThrough(seq uint64)
}

// importedKept is how many imported documents a store keeps for the
// indexer: two of its largest reads of the log (catchUpFactor × the
// default BatchSize), about 60 MB of the benchmark's documents. Beyond
// that the indexer reads them from the database as before.
const importedKept = 2 * catchUpFactor * 500

// Documents returns the Source of library documents. A store that keeps
// what its imports stored (ImportedDocumentStore) is asked to.
func Documents(s DocumentStore) Source { return newDocumentSource(s, nil) }

func newDocumentSource(s DocumentStore, a AttachmentTextStore) documentSource {
	d := documentSource{s: s, att: a}
	if k, ok := s.(ImportedDocumentStore); ok {
		k.KeepImported(importedKept)
		d.imported = k
	}
	return d
}

// AttachmentTextStore gives the text extracted from documents' attachments.
type AttachmentTextStore interface {
	// AttachmentTexts returns a document's extracted attachment texts.
	AttachmentTexts(ctx context.Context, docID string) ([]platform.AttachmentText, error)
	// DocumentsWithText returns the ids of the documents that have any.
	DocumentsWithText(ctx context.Context) (map[string]bool, error)
}

// DocumentsWithAttachments returns the Source of library documents whose
// search entries carry their attachments' text, each in the attachment's
// language.
func DocumentsWithAttachments(s DocumentStore, a AttachmentTextStore) Source {
	return newDocumentSource(s, a)
}

// Provisions returns the Source of provisions: each provision of a law is a
// search entry of its own, with the id "<document id>/p/<key>" (the change
// log names them so under platform.TypeProvision).
func Provisions(s DocumentStore) Source {
	p := provisionSource{s: s}
	p.imported, _ = s.(ImportedDocumentStore)
	return p
}

// Events returns the Source of events.
func Events(s EventStore) Source { return eventSource{s} }

type documentSource struct {
	s        DocumentStore
	att      AttachmentTextStore
	imported ImportedDocumentStore // nil when s keeps nothing
}

// loadChange implements changeLoader: a document an import of this process
// has just stored, as it stored it. It has no attachment yet: an
// attachment is a later change of the document, which reads it.
func (d documentSource) loadChange(c platform.Change) (*search.Document, bool) {
	if d.imported == nil {
		return nil, false
	}
	// A delete's number is none of the import's, so the store forgets the
	// document (else it would be kept, unused, until the limit).
	doc, ok := d.imported.TakeImported(c.ID, c.Seq)
	if !ok || c.Op == platform.OpDelete || doc.Seq != c.Seq {
		return nil, false
	}
	sd := DocumentToSearch(doc)
	return &sd, true
}

// passed implements changeLoader.
func (d documentSource) passed(seq uint64) {
	if d.imported != nil {
		d.imported.ForgetImportedThrough(seq)
	}
}

// Type implements Source.
func (documentSource) Type() platform.RecordType { return platform.TypeDocument }

func (d documentSource) Load(ctx context.Context, id string) (*search.Document, error) {
	doc, err := d.s.FindDocumentByID(platform.NewContextWithUser(ctx, platform.System()), id)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var texts []platform.AttachmentText
	if d.att != nil {
		if texts, err = d.att.AttachmentTexts(ctx, id); err != nil {
			return nil, err
		}
	}
	sd := DocumentToSearch(doc, texts...)
	return &sd, nil
}

func (d documentSource) All(ctx context.Context, fn func(search.Document) error) error {
	with := map[string]bool{}
	if d.att != nil {
		var err error
		if with, err = d.att.DocumentsWithText(ctx); err != nil {
			return err
		}
	}
	return d.s.AllDocuments(ctx, func(doc *platform.Document) error {
		var texts []platform.AttachmentText
		if with[doc.ID] {
			var err error
			if texts, err = d.att.AttachmentTexts(ctx, doc.ID); err != nil {
				return err
			}
		}
		return fn(DocumentToSearch(doc, texts...))
	})
}

// DocumentToSearch flattens a library document for the index, with the
// text extracted from its attachments added to the body of each
// attachment's language. Issuing bodies and UNCAC paragraphs are searchable
// terms; the date is the adoption date (else entry into force, else when
// the record was made), which gives the year facet.
func DocumentToSearch(d *platform.Document, attachments ...platform.AttachmentText) search.Document {
	tx := texts(d.Translations)
	for _, a := range attachments {
		if a.Text == "" || !search.IsLanguage(a.Lang) {
			continue
		}
		t := tx[a.Lang]
		if t.Body != "" {
			t.Body += "\n\n"
		}
		t.Body += a.Text
		tx[a.Lang] = t
	}
	terms := taxonomyTerms(d.UncacArticles, d.Areas, d.Countries)
	terms = append(terms, d.UncacParagraphs...)
	for _, t := range d.Translations {
		if t.IssuingBody != "" {
			terms = append(terms, t.IssuingBody)
		}
	}
	return search.Document{
		ID: d.ID, Type: string(platform.TypeDocument), Kind: d.Kind, Texts: tx,
		Countries: d.Countries, Areas: d.Areas, Articles: d.UncacArticles,
		Visibility: d.Visibility, Status: string(d.Status), Date: documentDate(d), Terms: terms,
	}
}

// documentDate is the date a document is known by: adopted, else in force,
// else created.
func documentDate(d *platform.Document) time.Time {
	for _, s := range []string{d.Adopted, d.InForce} {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t
		}
	}
	return d.CreatedAt
}

// ProvisionToSearch flattens one provision of a document for the index. It
// shares the document's kind, countries, areas, visibility, status and
// date, and has its own text and UNCAC articles.
func ProvisionToSearch(d *platform.Document, p *platform.Provision) search.Document {
	tx := make(map[string]search.Text, len(p.Translations))
	for lang, t := range p.Translations {
		tx[lang] = search.Text{Title: t.Title, Body: t.Body}
	}
	terms := taxonomyTerms(p.UncacArticles, d.Areas, d.Countries)
	if p.Number != "" {
		terms = append(terms, p.Number)
	}
	return search.Document{
		ID: platform.ProvisionID(d.ID, p.Key), Type: string(platform.TypeProvision), Kind: d.Kind, Texts: tx,
		Countries: d.Countries, Areas: d.Areas, Articles: p.UncacArticles,
		Visibility: d.Visibility, Status: string(d.Status), Date: documentDate(d), Terms: terms, Parent: d.ID,
	}
}

type provisionSource struct {
	s        DocumentStore
	imported ImportedDocumentStore // nil when s keeps nothing
}

// loadChange implements changeLoader: a provision of a document an import
// of this process has just stored (its change is numbered after the
// document's, in the order of the provisions).
func (p provisionSource) loadChange(c platform.Change) (*search.Document, bool) {
	if p.imported == nil {
		return nil, false
	}
	docID, key, ok := platform.SplitProvisionID(c.ID)
	if !ok {
		return nil, false
	}
	doc, ok := p.imported.TakeImported(docID, c.Seq) // a delete: forgotten, as in documentSource
	if !ok || c.Op == platform.OpDelete || c.Seq <= doc.Seq || doc.Provisions[c.Seq-doc.Seq-1].Key != key {
		return nil, false
	}
	sd := ProvisionToSearch(doc, &doc.Provisions[c.Seq-doc.Seq-1])
	return &sd, true
}

// passed implements changeLoader: the document source, which shares the
// store, has it forget.
func (provisionSource) passed(uint64) {}

// Type implements Source.
func (provisionSource) Type() platform.RecordType { return platform.TypeProvision }

func (p provisionSource) Load(ctx context.Context, id string) (*search.Document, error) {
	docID, key, ok := platform.SplitProvisionID(id)
	if !ok {
		return nil, nil
	}
	doc, err := p.s.FindDocumentByID(platform.NewContextWithUser(ctx, platform.System()), docID)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pr, ok := doc.Provision(key)
	if !ok {
		return nil, nil
	}
	sd := ProvisionToSearch(doc, pr)
	return &sd, nil
}

func (p provisionSource) All(ctx context.Context, fn func(search.Document) error) error {
	return p.s.AllDocuments(ctx, func(doc *platform.Document) error {
		for i := range doc.Provisions {
			if err := fn(ProvisionToSearch(doc, &doc.Provisions[i])); err != nil {
				return err
			}
		}
		return nil
	})
}

type eventSource struct{ s EventStore }

// Type implements Source.
func (eventSource) Type() platform.RecordType { return platform.TypeEvent }

func (e eventSource) Load(ctx context.Context, id string) (*search.Document, error) {
	ev, err := e.asItsReaders(ctx, id)
	if platform.ErrorCode(err) == platform.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sd := EventToSearch(ev)
	return &sd, nil
}

func (e eventSource) All(ctx context.Context, fn func(search.Document) error) error {
	var ids []string
	if err := e.s.AllEvents(ctx, func(ev *platform.Event) error {
		ids = append(ids, ev.ID)
		return nil
	}); err != nil {
		return err
	}
	for _, id := range ids {
		ev, err := e.asItsReaders(ctx, id)
		if platform.ErrorCode(err) == platform.NotFound {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(EventToSearch(ev)); err != nil {
			return err
		}
	}
	return nil
}

// asItsReaders reads an event as the widest audience of its visibility
// reads it: the public a public event, a member a members' one. Its entry
// then names no linked expert, typed or linked, whom those readers may
// not know as its trainer (the expert's consent), since every reader the
// entry is searched by would find the event by that name.
func (e eventSource) asItsReaders(ctx context.Context, id string) (*platform.Event, error) {
	ev, err := e.s.FindEventByID(platform.NewContextWithUser(ctx, platform.System()), id)
	if err != nil || len(ev.Experts) == 0 {
		return ev, err
	}
	switch ev.Visibility {
	case platform.Public:
		return e.s.FindEventByID(platform.NewContextWithUser(ctx, nil), id)
	case platform.Members:
		return e.s.FindEventByID(platform.NewContextWithUser(ctx, &platform.User{ID: "indexer", Role: platform.RoleFocalPoint}), id)
	}
	return ev, nil
}

// EventToSearch flattens an event for the index: its titles,
// descriptions and outcomes in every language; as searchable terms its
// city names in every language, address, rooms, the names of its
// organizers, partners, funders, trainers and speakers (its sessions'
// speakers too), and the names of its articles, areas and countries in all
// seven languages; its sessions' titles and descriptions join the body of
// their language. Its date is its start.
func EventToSearch(e *platform.Event) search.Document {
	terms := []string{}
	for _, lang := range platform.Languages() {
		if c := e.City[lang]; c != "" && !slices.Contains(terms, c) {
			terms = append(terms, c)
		}
	}
	names := [][]string{{e.Address}, e.Rooms, e.Organizers, e.Partners, e.Funders, e.Trainers, e.Speakers}
	// Trainers and speakers are people: their names are searched in any
	// spelling (search.FoldName) too.
	people := slices.Concat(e.Trainers, e.Speakers)
	for _, se := range e.Sessions {
		names = append(names, se.Speakers)
		people = append(people, se.Speakers...)
	}
	for _, names := range names {
		for _, n := range names {
			if n != "" && !slices.Contains(terms, n) {
				terms = append(terms, n)
			}
		}
	}
	terms = append(terms, taxonomyTerms(e.UncacArticles, e.Areas, e.Countries)...)
	tx := make(map[string]search.Text, len(e.Translations))
	for lang, t := range e.Translations {
		tx[lang] = search.Text{Title: t.Title, Summary: t.Description, Body: t.Outcome}
	}
	// Events had no sessions before this was indexed, so the index needs no
	// rebuild for it.
	// A session's text in a language the event has none in is a term, so
	// that no result shows an empty title.
	for _, se := range e.Sessions {
		for lang, st := range se.Translations {
			t, ok := tx[lang]
			if !ok {
				terms = append(terms, st.Title)
				continue
			}
			for _, part := range []string{st.Title, st.Description} {
				if part != "" {
					t.Body = strings.TrimSpace(t.Body + "\n\n" + part)
				}
			}
			tx[lang] = t
		}
	}
	return search.Document{
		ID: e.ID, Type: string(platform.TypeEvent), Kind: string(e.Kind), Texts: tx,
		Countries: e.Countries, Areas: e.Areas, Articles: e.UncacArticles, Visibility: e.Visibility, Date: e.Start, Terms: terms,
		Names: people,
	}
}

func texts(tr map[string]platform.Translation) map[string]search.Text {
	out := make(map[string]search.Text, len(tr))
	for lang, t := range tr {
		out[lang] = search.Text{Title: t.Title, Summary: t.Summary, Body: t.Body}
	}
	return out
}

// Searcher implements platform.SearchService on a search index. The index
// answers with ids, titles and snippets, filtered by the visibilities the
// reader may see; the result list reads nothing from the database.
type Searcher struct {
	Index search.Index
	// Thesaurus, when set, widens queries with the anti-corruption
	// thesaurus (see thesaurus.go).
	Thesaurus *Thesaurus
}

var _ platform.SearchService = (*Searcher)(nil)

// Search implements platform.SearchService.
func (s *Searcher) Search(ctx context.Context, q platform.SearchQuery) (*platform.SearchResult, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	sq := search.Query{
		Text: q.Text, Lang: q.Lang, Fallback: q.Fallback, Types: typeNames(q.Types), Kinds: q.Kinds, Countries: q.Countries,
		Areas: q.Areas, Articles: q.Articles, Statuses: q.Statuses, Languages: q.Languages, Year: q.Year, Sort: q.Sort,
		From: (q.Page - 1) * q.Size, Size: q.Size, Highlight: true,
		Visibilities: platform.SearchVisibilities(platform.UserFromContext(ctx)),
		Expand:       s.Thesaurus.Expand(q.Text),
	}
	if q.Facets {
		sq.Facets = []string{"type", "kind", "country", "area", "article", "language", "status", "year"}
	}
	res, err := s.Index.Search(ctx, sq)
	if err != nil {
		if isInvalid(err) {
			return nil, platform.Localized(platform.Invalid, "error.invalid", map[string]any{"Detail": err.Error()}, "invalid query: %v", err)
		}
		return nil, err
	}
	out := &platform.SearchResult{Total: int(res.Total), FullMatches: int(res.FullMatches), Relaxed: res.Relaxed,
		DidYouMean: res.DidYouMean, Facets: map[string][]platform.FacetValue{}}
	for name, values := range res.Facets {
		fv := make([]platform.FacetValue, len(values))
		for i, v := range values {
			fv[i] = platform.FacetValue{Value: v.Value, Count: v.Count}
		}
		out.Facets[name] = fv
	}
	// Titles come from the index, which holds them with the visibility it
	// filtered on: a result list reads nothing else (the database would
	// cost a read per hit). A change reaches the index within the indexer's
	// lag (a local write at once, another hub's within a poll).
	chain := append([]string{q.Lang}, q.Fallback...)
	for _, h := range res.Hits {
		t, l := hitTitle(h, chain)
		out.Hits = append(out.Hits, platform.SearchHit{
			ID: hitID(h.Type, h.ID), Type: platform.RecordType(h.Type), Title: t, TitleLang: l, Snippet: h.Snippet, Score: h.Score,
			Missing: h.Missing,
		})
	}
	return out, nil
}

// hitTitle names a hit in a result list: its title along chain; a part of
// a record (a law's provision) by its own title, or its number, and its
// record's title.
func hitTitle(h search.Hit, chain []string) (string, string) {
	t, l := pickTitle(h.Titles, chain)
	if h.Parent == "" {
		return t, l
	}
	if t == "" {
		if _, key, ok := platform.SplitProvisionID(h.ID); ok {
			t = key
		}
	}
	if pt, pl := pickTitle(h.ParentTitles, chain); pt != "" {
		if l == "" {
			l = pl
		}
		return t + " — " + pt, l
	}
	return t, l
}

// pickTitle returns the title in the first language of chain that has one,
// else in the first language of the hub's order that has one.
func pickTitle(titles map[string]string, chain []string) (string, string) {
	for _, lang := range append(slices.Clip(chain), platform.Languages()...) {
		if t := titles[lang]; t != "" {
			return t, lang
		}
	}
	return "", ""
}

func isInvalid(err error) bool {
	return errors.Is(err, search.ErrInvalidQuery)
}

// typeNames are record types as the search index names them.
func typeNames(ts []platform.RecordType) []string {
	if ts == nil {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// hitID is the record id of a search entry: an expert's entries are one
// per tier (see ExpertSearchEntries).
func hitID(typ, id string) string {
	if typ == string(platform.TypeExpert) {
		return platform.ExpertIDOfSearch(id)
	}
	return id
}
