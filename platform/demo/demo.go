// Package demo holds the content a new hub starts with: the Convention
// itself, article by article, with its titles in the hub's seven languages;
// model and national laws of the five member states with their provisions
// tagged, strategies, guidelines, training materials, reports and case
// studies (data/documents/*.json); and the platform's meetings, trainings,
// webinars, focus groups and conferences (data/events.json). It writes
// through the platform services, like any other client.
//
// Laws and strategies are real instruments, summarised briefly (their texts
// say they are not the official texts); model-law drafts, training materials,
// cases and reports of the platform are fictional and say so.
package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/ca-uncac/hub/platform"
)

//go:embed data/documents/*.json
var documentFiles embed.FS

//go:embed data/events.json
var eventsJSON []byte

// Document is one demo document and the name the demo data knows it by.
type Document struct {
	// Name is "uncac-article-<n>" for the Convention's articles, and the
	// data file's name without ".json" for the others. Relations in the data
	// name their targets this way; Load turns the names into ids.
	Name  string
	Input platform.DocumentInput
}

// Load writes the demo content: documents, events and the held events'
// participants (see Participants; none when participants is nil). It is
// meant for an empty database; the caller makes sure it runs once.
func Load(ctx context.Context, docs platform.DocumentService, events platform.EventService, participants platform.ParticipantRecorder) error {
	ctx = platform.NewContextWithUser(ctx, platform.System())
	all, err := Documents()
	if err != nil {
		return err
	}
	evs, err := Events()
	if err != nil {
		return err
	}
	// A document is written once the documents it relates to exist, so
	// that its relations can carry their ids.
	ids := make(map[string]string, len(all))
	for pending := all; len(pending) > 0; {
		var later []Document
		for _, d := range pending {
			in, ready := resolve(d.Input, ids)
			if !ready {
				later = append(later, d)
				continue
			}
			created, err := docs.CreateDocument(ctx, in)
			if err != nil {
				return fmt.Errorf("demo document %s: %w", d.Name, err)
			}
			ids[d.Name] = created.ID
		}
		if len(later) == len(pending) {
			return fmt.Errorf("demo document %s: a relation names a document the demo does not have, or relations form a cycle", later[0].Name)
		}
		pending = later
	}
	for i, e := range evs {
		created, err := events.CreateEvent(ctx, e)
		if err != nil {
			return fmt.Errorf("demo event %d: %w", i+1, err)
		}
		if people := Participants(i, created); len(people) > 0 && participants != nil {
			if _, err := participants.RecordParticipants(ctx, created.ID, people); err != nil {
				return fmt.Errorf("demo event %d's participants: %w", i+1, err)
			}
		}
	}
	return nil
}

// resolve returns the input with its relation targets turned from demo
// names into ids, and whether every target has been written yet.
func resolve(in platform.DocumentInput, ids map[string]string) (platform.DocumentInput, bool) {
	if len(in.Relations) == 0 {
		return in, true
	}
	rels := make([]platform.Relation, len(in.Relations))
	for i, r := range in.Relations {
		id, ok := ids[r.Target]
		if !ok {
			return in, false
		}
		rels[i] = platform.Relation{Type: r.Type, Target: id}
	}
	in.Relations = rels
	return in, true
}

// Documents returns the demo documents: the 71 articles of the Convention,
// then those of data/documents in file name order. Relation targets are
// still demo names (see Document.Name).
func Documents() ([]Document, error) {
	out := conventionDocuments()
	names, err := fs.Glob(documentFiles, "data/documents/*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		b, err := documentFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		in, err := decodeDocument(b)
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", name, err)
		}
		out = append(out, Document{Name: strings.TrimSuffix(path.Base(name), ".json"), Input: in})
	}
	return out, nil
}

// Events returns the demo events, in the order of data/events.json, as the
// API takes them.
func Events() ([]platform.EventInput, error) {
	var evs []platform.EventInput
	if err := decodeStrict(eventsJSON, &evs); err != nil {
		return nil, fmt.Errorf("demo data/events.json: %w", err)
	}
	return evs, nil
}

// decodeDocument reads one document file. The decoding is strict, like the
// API's: a field the model does not have, a value of the wrong type or
// anything after the object is an error, so that the data keeps matching
// platform.DocumentInput as the model changes.
func decodeDocument(b []byte) (platform.DocumentInput, error) {
	var in platform.DocumentInput
	err := decodeStrict(b, &in)
	return in, err
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON value")
	}
	return nil
}

// chapterAreas ties the Convention's chapters to the platform's thematic
// areas.
var chapterAreas = map[string][]string{
	"II":  {"prevention"},
	"III": {"criminalization"},
	"IV":  {"asset_recovery"},
	"V":   {"asset_recovery"},
}

// privateSector lists the articles about the private sector.
var privateSector = map[int]bool{12: true, 14: true, 21: true, 22: true, 26: true, 39: true}

// articleTitle formats an article document's title in each language, from
// the article's number (and, for Turkmen, its ordinal suffix) and title.
var articleTitle = map[string]func(n int, title string) string{
	"en": func(n int, t string) string { return fmt.Sprintf("UNCAC Article %d. %s", n, t) },
	"ru": func(n int, t string) string { return fmt.Sprintf("КПК ООН, статья %d. %s", n, t) },
	"kk": func(n int, t string) string {
		return fmt.Sprintf("БҰҰ-ның Сыбайлас жемқорлыққа қарсы конвенциясы, %d-бап. %s", n, t)
	},
	"ky": func(n int, t string) string {
		return fmt.Sprintf("БУУнун Коррупцияга каршы конвенциясы, %d-берене. %s", n, t)
	},
	"tg": func(n int, t string) string {
		return fmt.Sprintf("Конвенсияи СММ зидди коррупсия, моддаи %d. %s", n, t)
	},
	"tk": func(n int, t string) string {
		return fmt.Sprintf("BMG-niň Korrupsiýa garşy Konwensiýasy, %d-%s madda. %s", n, turkmenOrdinal(n), t)
	},
	"uz": func(n int, t string) string {
		return fmt.Sprintf("BMTning Korrupsiyaga qarshi konvensiyasi, %d-modda. %s", n, t)
	},
}

// articleSummary says in each language where an article stands: chapter
// number and title, article number.
var articleSummary = map[string]func(ch, chTitle string, n int) string{
	"en": func(ch, t string, n int) string {
		return fmt.Sprintf("United Nations Convention against Corruption, chapter %s (%s), article %d.", ch, t, n)
	},
	"ru": func(ch, t string, n int) string {
		return fmt.Sprintf("Конвенция Организации Объединенных Наций против коррупции, глава %s «%s», статья %d.", ch, t, n)
	},
	"kk": func(ch, t string, n int) string {
		return fmt.Sprintf("Біріккен Ұлттар Ұйымының Сыбайлас жемқорлыққа қарсы конвенциясы, %s тарау «%s», %d-бап.", ch, t, n)
	},
	"ky": func(ch, t string, n int) string {
		return fmt.Sprintf("Бириккен Улуттар Уюмунун Коррупцияга каршы конвенциясы, %s глава «%s», %d-берене.", ch, t, n)
	},
	"tg": func(ch, t string, n int) string {
		return fmt.Sprintf("Конвенсияи Созмони Милали Муттаҳид зидди коррупсия, боби %s «%s», моддаи %d.", ch, t, n)
	},
	"tk": func(ch, t string, n int) string {
		return fmt.Sprintf("Birleşen Milletler Guramasynyň Korrupsiýa garşy Konwensiýasy, %s bap «%s», %d-%s madda.", ch, t, n, turkmenOrdinal(n))
	},
	"uz": func(ch, t string, n int) string {
		return fmt.Sprintf("Birlashgan Millatlar Tashkilotining Korrupsiyaga qarshi konvensiyasi, %s bob «%s», %d-modda.", ch, t, n)
	},
}

// generalAssembly names the body that adopted the Convention.
var generalAssembly = map[string]string{
	"en": "United Nations General Assembly",
	"ru": "Генеральная Ассамблея Организации Объединенных Наций",
	"kk": "Біріккен Ұлттар Ұйымының Бас Ассамблеясы",
	"ky": "Бириккен Улуттар Уюмунун Башкы Ассамблеясы",
	"tg": "Ассамблеяи Генералии Созмони Милали Муттаҳид",
	"tk": "Birleşen Milletler Guramasynyň Baş Assambleýasy",
	"uz": "Birlashgan Millatlar Tashkilotining Bosh Assambleyasi",
}

// turkmenOrdinal returns the ordinal suffix Turkmen writes after a number
// ("1-nji", "6-njy"): it follows the vowel harmony of the number's last
// word, back vowels (alty, dokuz, on, otuz, kyrk, altmyş) taking -njy.
func turkmenOrdinal(n int) string {
	last := n % 10
	if last == 0 {
		last = n % 100
	}
	switch last {
	case 6, 9, 10, 30, 40, 60, 90:
		return "njy"
	}
	return "nji"
}

// conventionDocuments returns the Convention as one document per article,
// each tagged with its own article, titled and summarised in every
// language, with the English text as body.
func conventionDocuments() []Document {
	out := make([]Document, 0, len(platform.Articles()))
	for _, a := range platform.Articles() {
		areas := append([]string(nil), chapterAreas[a.Chapter]...)
		if privateSector[a.Number] {
			areas = append(areas, "private_sector")
		}
		ch, _ := platform.ChapterByNumber(a.Chapter)
		tr := make(map[string]platform.Translation, len(platform.Languages()))
		for _, lang := range platform.Languages() {
			tr[lang] = platform.Translation{
				Title:       articleTitle[lang](a.Number, a.Title[lang]),
				Summary:     articleSummary[lang](a.Chapter, ch.Title[lang], a.Number),
				Body:        strings.TrimSpace(a.Text[lang]),
				IssuingBody: generalAssembly[lang],
			}
		}
		out = append(out, Document{
			Name: "uncac-article-" + strconv.Itoa(a.Number),
			Input: platform.DocumentInput{
				Kind: "convention", Areas: areas, UncacArticles: []int{a.Number}, Visibility: platform.Public,
				Adopted: "2003-10-31", InForce: "2005-12-14", Status: platform.DocumentInForce, StatusDate: "2005-12-14",
				Translations: tr,
			},
		})
	}
	return out
}
