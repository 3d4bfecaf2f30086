package events

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// Overlap warnings (platform.OverlapWith): an event saved at the same time
// as another that shares a country, a trainer or speaker, or a room at one
// venue is saved all the same, and the writer is told. The API answers a
// POST or PUT with the event and its "warnings"; GET
// /api/v1/events/overlaps checks times and names before anything is saved.
//
// The forms do not stop on a warning: a secretariat planner often means
// two events to run side by side (a bilateral meeting in the conference's
// margins shares its countries), and a form that asks "save anyway?" is
// clicked through. The form saves and goes to the event's page as before,
// and the page shows whoever may edit the event what it overlaps, with
// links, computed afresh at each visit: a conflict made later by another
// event shows there too, and nothing needs carrying from the form to the
// page. Readers who may not edit the event never see the notice, and the
// notice lists only events its reader sees.

// warning is an overlap as the API gives it.
type warning struct {
	ID        string                   `json:"id"`
	Title     string                   `json:"title"`
	TitleLang string                   `json:"titleLang"`
	Start     time.Time                `json:"start"`
	End       time.Time                `json:"end"`
	TimeZone  string                   `json:"timeZone"`
	Reasons   []platform.OverlapReason `json:"reasons"`
}

func warnings(overlaps []platform.Overlap, lang string) []warning {
	chain := i18n.Chain(lang)
	out := make([]warning, 0, len(overlaps))
	for _, o := range overlaps {
		w := warning{ID: o.EventID, Start: o.Start, End: o.End, TimeZone: o.TimeZone, Reasons: o.Reasons}
		w.Title, w.TitleLang = o.Title(chain)
		out = append(out, w)
	}
	return out
}

// savedEvent is an event the API saved, with the overlaps it has with
// events the writer sees.
type savedEvent struct {
	*platform.Event
	Warnings []warning `json:"warnings"`
}

// withWarnings gives a saved event its overlaps. The event is saved
// whatever they are: if they cannot be computed, the answer says none and
// the log says why.
func (s *server) withWarnings(c *gin.Context, e *platform.Event) savedEvent {
	overlaps, err := s.Events.Overlaps(c.Request.Context(), e.Input(), e.ID)
	if err != nil {
		s.Logger.Error("overlaps of a saved event", "event", e.ID, "err", err)
	}
	return savedEvent{Event: e, Warnings: warnings(overlaps, web.Lang(c))}
}

// apiOverlaps answers GET /api/v1/events/overlaps: the events a planned one
// would overlap. start and end are required (RFC 3339); country, trainer
// (a trainer's or speaker's name), room and city may repeat; address is
// one; exclude is the id of the event being edited. A bad value is a 400
// naming its parameter.
func (s *server) apiOverlaps(c *gin.Context) {
	in, exclude, err := overlapParams(c)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	overlaps, err := s.Events.Overlaps(c.Request.Context(), in, exclude)
	if err != nil {
		s.WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"warnings": warnings(overlaps, web.Lang(c))})
}

// overlapParams reads the overlap check's parameters into an input.
func overlapParams(c *gin.Context) (platform.EventInput, string, error) {
	in := platform.EventInput{Status: platform.EventPlanned, City: map[string]string{}}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"start", &in.Start}, {"end", &in.End}} {
		v := c.Query(p.name)
		t, err := time.Parse(time.RFC3339, v)
		if v == "" {
			return in, "", platform.Localized(platform.Invalid, "error.event_missing", map[string]any{"Field": p.name}, "%s: required", p.name)
		}
		if err != nil {
			return in, "", badParam(p.name, v)
		}
		*p.dst = t
	}
	for _, name := range []string{"country", "trainer", "room", "city"} {
		values := nonEmpty(c.QueryArray(name))
		if len(values) > platform.MaxEventNames {
			return in, "", badParam(name, values[platform.MaxEventNames])
		}
		for i, v := range values {
			if len([]rune(v)) > platform.MaxTitleLen {
				return in, "", badParam(name, string([]rune(v)[:32])+"…")
			}
			switch name {
			case "country":
				if v = strings.ToUpper(v); v == "OTHER" {
					v = "other"
				}
				if !slices.Contains(platform.Countries(), v) && v != "other" {
					return in, "", badParam(name, v)
				}
				in.Countries = append(in.Countries, v)
			case "trainer":
				in.Trainers = append(in.Trainers, v)
			case "room":
				in.Rooms = append(in.Rooms, v)
			case "city":
				// The language a city is written in does not matter to
				// the comparison, which looks at every language's name.
				in.City[itoa(i)] = v
			}
		}
	}
	in.Address = c.Query("address")
	if len([]rune(in.Address)) > platform.MaxTitleLen {
		return in, "", badParam("address", string([]rune(in.Address)[:32])+"…")
	}
	exclude := c.Query("exclude")
	if exclude != "" && !platform.ValidRecordID(exclude) {
		return in, "", badParam("exclude", exclude)
	}
	return in, exclude, nil
}

// overlapView is an overlap as the event page shows it.
type overlapView struct {
	ID, Title, TitleLang, Start, End, Zone string
	Reasons                                []string
}

// overlapViews are the overlaps of an event, in the reader's language, for
// its page.
func (s *server) overlapViews(c *gin.Context, e *platform.Event) ([]overlapView, error) {
	overlaps, err := s.Events.Overlaps(c.Request.Context(), e.Input(), e.ID)
	if err != nil {
		return nil, err
	}
	lang, l := web.Lang(c), s.Localizer(c)
	chain := i18n.Chain(lang)
	var out []overlapView
	for _, o := range overlaps {
		loc, err := platform.LoadZone(o.TimeZone)
		if err != nil {
			loc = time.UTC
		}
		v := overlapView{ID: o.EventID, Zone: o.TimeZone,
			Start: o.Start.In(loc).Format("2006-01-02 15:04"), End: o.End.In(loc).Format("2006-01-02 15:04")}
		v.Title, v.TitleLang = o.Title(chain)
		for _, r := range o.Reasons {
			value := r.Value
			if r.Kind == platform.OverlapCountry {
				value = l.T("country." + r.Value)
			}
			v.Reasons = append(v.Reasons, l.T("overlap.reason_"+string(r.Kind), map[string]any{"Value": value}))
		}
		out = append(out, v)
	}
	return out, nil
}
