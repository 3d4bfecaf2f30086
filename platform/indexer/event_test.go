package indexer_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/indexer"
)

func TestEventsAreFoundByTheirNewFields(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	start := time.Date(2025, 6, 17, 4, 0, 0, 0, time.UTC)
	e, err := f.events.CreateEvent(secretariat, platform.EventInput{
		Kind: platform.EventExpertDiscussion, Start: start, End: start.Add(8 * time.Hour), Country: "UZ", Countries: []string{"UZ", "KG"},
		UncacArticles: []int{46}, Trainers: []string{"Jasur Ergashev"}, Partners: []string{"International Anti-Corruption Academy"},
		City: map[string]string{"en": "Samarkand", "uz": "Samarqand"},
		Sessions: []platform.EventSession{{Start: start, End: start.Add(time.Hour), Speakers: []string{"Zarina Khodjaeva"},
			Translations: map[string]platform.SessionText{"en": {Title: "Timelines of extradition"}, "kk": {Title: "Экстрадиция мерзімдері"}}}},
		Translations: map[string]platform.EventText{
			"en": {Title: "Expert discussion on requests for assistance", Outcome: "A checklist of mutual legal assistance requests."},
			"ru": {Title: "Экспертное обсуждение запросов о помощи", Description: "Центральные органы обсуждают сроки исполнения."},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	idx, ix := f.open(t)
	// Closed before the test's folder is removed: the index writes in the
	// background (segment merges, prepared thesaurus matches).
	defer idx.Close()
	if err := ix.Start(ctx); err != nil {
		t.Fatal(err)
	}
	s := &indexer.Searcher{Index: idx}
	for _, tt := range []struct{ name, q, lang string }{
		{"its outcome", "checklist", "en"},
		{"its description", "исполнения", "ru"},
		{"a trainer's name", "Ergashev", "en"},
		{"a partner's name", "Academy", "en"},
		{"its city in Uzbek", "Samarqand", "uz"},
		{"a session's title", "extradition", "en"},
		{"a session's speaker", "Khodjaeva", "en"},
		{"a session's title in a language the event has no text in", "мерзімдері", "kk"},
		{"its article's title in Russian", "взаимная правовая помощь", "ru"},
	} {
		got := hitIDs(t, s, ctx, platform.SearchQuery{Text: tt.q, Lang: tt.lang, Types: []platform.RecordType{platform.TypeEvent}})
		if !slices.Contains(got, e.ID) {
			t.Errorf("%s (%q): %v", tt.name, tt.q, got)
		}
	}
}
