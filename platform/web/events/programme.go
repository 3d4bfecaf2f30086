package events

import (
	"strings"
	"time"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
)

// The event form edits the programme without a script: a text area with a
// session a line,
//
//	2024-10-30 10:00–11:30 | Hall A | Opening | Speaker A; Speaker B
//
// times at the event in its zone (a hyphen or an en dash between them; an
// end on another day written with its date), the room and speakers
// possibly empty, the title in the form's language. The API takes the
// sessions whole, titles in every language.

const (
	dayLayout  = "2006-01-02"
	timeLayout = "15:04"
)

// formatProgramme prints sessions a line each, titles in the first language
// of chain that has one.
func formatProgramme(sessions []platform.EventSession, loc *time.Location, chain []string) string {
	var b strings.Builder
	for _, se := range sessions {
		start, end := se.Start.In(loc), se.End.In(loc)
		title, _ := se.Title(chain)
		b.WriteString(start.Format(dayLayout + " " + timeLayout))
		b.WriteString("–")
		if end.Format(dayLayout) != start.Format(dayLayout) {
			b.WriteString(end.Format(dayLayout + " "))
		}
		b.WriteString(end.Format(timeLayout))
		b.WriteString(" | " + se.Room + " | " + title + " | " + strings.Join(se.Speakers, "; ") + "\n")
	}
	return b.String()
}

// parseProgramme reads the form's programme into sessions titled in lang.
// A line that does not read is Invalid, naming its number (from 1, blank
// lines counted, as the writer sees them) and showing example, a line in
// the reader's language.
func parseProgramme(text, lang, example string, loc *time.Location) ([]platform.EventSession, error) {
	var out []platform.EventSession
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		se, ok := parseSessionLine(line, lang, loc)
		if !ok {
			return out, platform.Localized(platform.Invalid, "error.event_programme_line",
				map[string]any{"Field": "programme", "Line": i + 1, "Value": line, "Example": example},
				"programme: line %d %q does not read as a session", i+1, line)
		}
		out = append(out, se)
	}
	return out, nil
}

func parseSessionLine(line, lang string, loc *time.Location) (platform.EventSession, bool) {
	parts := strings.Split(line, "|")
	if len(parts) < 3 || len(parts) > 4 {
		return platform.EventSession{}, false
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	when := strings.ReplaceAll(strings.ReplaceAll(parts[0], "—", "-"), "–", "-")
	day, times, ok := strings.Cut(when, " ")
	if !ok {
		return platform.EventSession{}, false
	}
	from, to, ok := strings.Cut(strings.TrimSpace(times), "-")
	if !ok {
		return platform.EventSession{}, false
	}
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	start, err := time.ParseInLocation(dayLayout+" "+timeLayout, day+" "+from, loc)
	if err != nil {
		return platform.EventSession{}, false
	}
	endText := to
	if !strings.Contains(to, " ") { // the same day
		endText = day + " " + to
	}
	end, err := time.ParseInLocation(dayLayout+" "+timeLayout, strings.Join(strings.Fields(endText), " "), loc)
	if err != nil || parts[2] == "" {
		return platform.EventSession{}, false
	}
	se := platform.EventSession{Start: start, End: end, Room: parts[1],
		Translations: map[string]platform.SessionText{lang: {Title: parts[2]}}}
	if len(parts) == 4 {
		for _, n := range strings.Split(parts[3], ";") {
			if n = strings.TrimSpace(n); n != "" {
				se.Speakers = append(se.Speakers, n)
			}
		}
	}
	return se, true
}

// keepTexts gives sessions read from the form what the form does not show
// of the sessions they were printed from: the titles in other languages and
// the descriptions. A session is the one it was when it starts at the same
// time in the same room; its title in lang is replaced only when the writer
// changed the one the form showed (which may have been another language's).
func keepTexts(sessions, before []platform.EventSession, lang string) {
	chain := i18n.Chain(lang)
	used := make([]bool, len(before))
	for i := range sessions {
		se := &sessions[i]
		for j, old := range before {
			if used[j] || !old.Start.Equal(se.Start) || old.Room != se.Room {
				continue
			}
			used[j] = true
			shown, _ := old.Title(chain)
			title := se.Translations[lang].Title
			tr := make(map[string]platform.SessionText, len(old.Translations)+1)
			for k, v := range old.Translations {
				tr[k] = v
			}
			if title != shown {
				t := tr[lang]
				t.Title = title
				tr[lang] = t
			}
			se.Translations = tr
			break
		}
	}
}
