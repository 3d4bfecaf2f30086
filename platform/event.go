package platform

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// EventKind is what sort of meeting an event is.
type EventKind string

// Event kinds. The values of the kinds events had before they had a type of
// their own ("conference", "meeting", "webinar", "focus_group", "bilateral")
// are kept; the old "training" is read as a regional or national training
// (see LegacyEventKind).
const (
	EventRegionalTraining EventKind = "regional_training"
	EventNationalTraining EventKind = "national_training"
	EventWebinar          EventKind = "webinar"
	EventWorkshop         EventKind = "workshop"
	EventFocusGroup       EventKind = "focus_group"
	EventExpertDiscussion EventKind = "expert_discussion"
	EventConference       EventKind = "conference"
	EventBilateral        EventKind = "bilateral"
	EventStudyVisit       EventKind = "study_visit"
	// EventMeeting is a founding or coordination meeting of the platform.
	EventMeeting EventKind = "meeting"
)

// EventKinds lists the event kinds, in the order forms and filters show
// them.
func EventKinds() []EventKind {
	return []EventKind{EventRegionalTraining, EventNationalTraining, EventWebinar, EventWorkshop, EventFocusGroup,
		EventExpertDiscussion, EventConference, EventBilateral, EventStudyVisit, EventMeeting}
}

// National reports whether events of the kind may be a country's own: a
// focal point organizes national trainings, webinars, workshops and focus
// groups for their country. Regional trainings, expert discussions, the
// conference, bilateral meetings, study visits (which take one country's
// delegation to another) and the platform's meetings are the secretariat's.
func (k EventKind) National() bool {
	switch k {
	case EventNationalTraining, EventWebinar, EventWorkshop, EventFocusGroup:
		return true
	}
	return false
}

// LegacyEventKind maps the kind of an event stored before the kinds were
// named: "training" was a regional training when it was for several
// countries, else a national one. Other kinds are returned as they are.
func LegacyEventKind(kind string, countries []string) EventKind {
	if kind == "training" {
		if len(countries) > 1 {
			return EventRegionalTraining
		}
		return EventNationalTraining
	}
	return EventKind(kind)
}

// EventStatus is where an event stands.
type EventStatus string

// Event statuses.
const (
	EventDraft            EventStatus = "draft"
	EventPlanned          EventStatus = "planned"
	EventRegistrationOpen EventStatus = "registration_open"
	EventFull             EventStatus = "full"
	EventHeld             EventStatus = "held"
	EventCancelled        EventStatus = "cancelled"
)

// EventStatuses lists the event statuses.
func EventStatuses() []EventStatus {
	return []EventStatus{EventDraft, EventPlanned, EventRegistrationOpen, EventFull, EventHeld, EventCancelled}
}

// EventText is one language's text of an event. Description is stored as
// "summary", the name the field had when events used Translation.
type EventText struct {
	Title       string `json:"title" bson:"title"`
	Description string `json:"description,omitempty" bson:"summary,omitempty"`
	// Outcome says what the event achieved, once it is held.
	Outcome string `json:"outcome,omitempty" bson:"outcome,omitempty"`
}

// Event is a meeting the secretariat plans or records: a training, webinar,
// focus group, the annual conference or a bilateral meeting in its margins.
//
// Organizers, partners, funders, trainers and speakers are plain names:
// organizations and people write their names one way in the documents of
// an event, and a name per language would be typed seven times for no
// reader's gain. Trainers and speakers become expert profiles later.
type Event struct {
	ID     string      `json:"id" bson:"_id"`
	Kind   EventKind   `json:"kind" bson:"kind"`
	Status EventStatus `json:"status" bson:"status"`
	// Start and End are instants; TimeZone is the IANA zone the event is
	// held in, in which its page shows them first.
	Start    time.Time `json:"start" bson:"start"`
	End      time.Time `json:"end" bson:"end"`
	TimeZone string    `json:"timeZone" bson:"timeZone"`
	// Country hosts the event (empty for one held online); Countries are
	// those it is for, which need not include the host (a bilateral
	// meeting in the conference's margins).
	Country   string   `json:"country" bson:"country"`
	Countries []string `json:"countries" bson:"countries"`
	Areas     []string `json:"areas" bson:"areas"`
	// UncacArticles are the Convention's articles the event is about.
	UncacArticles []int `json:"uncacArticles" bson:"uncacArticles"`
	// City is the venue's city by language; an online event has none.
	City    map[string]string `json:"city" bson:"city"`
	Address string            `json:"address,omitempty" bson:"address,omitempty"`
	Rooms   []string          `json:"rooms" bson:"rooms"`
	// OnlineURL is where an online (or hybrid) event is joined.
	OnlineURL string `json:"onlineUrl,omitempty" bson:"onlineUrl,omitempty"`
	// Languages are the working languages; Interpretation the languages
	// interpreted into.
	Languages      []string `json:"languages" bson:"languages"`
	Interpretation []string `json:"interpretation" bson:"interpretation"`
	// Capacity is the number of participants; 0 means no limit.
	Capacity int `json:"capacity" bson:"capacity"`
	// RequiresApproval makes each registration wait for the focal point of
	// the participant's country (or the secretariat) to approve it.
	RequiresApproval bool     `json:"requiresApproval" bson:"requiresApproval"`
	Organizers       []string `json:"organizers" bson:"organizers"`
	Partners         []string `json:"partners" bson:"partners"`
	Funders          []string `json:"funders" bson:"funders"`
	Trainers         []string `json:"trainers" bson:"trainers"`
	Speakers         []string `json:"speakers" bson:"speakers"`
	// Experts are the expert profiles that train or speak at the event
	// (an accepted invitation adds one). Pages name each as the reader may
	// see the profile: the name where its consent allows, else "a
	// trainer", as for an erased profile.
	Experts []EventExpert `json:"experts,omitempty" bson:"experts,omitempty"`
	// Materials are ids of library documents used at the event.
	Materials    []string             `json:"materials" bson:"materials"`
	Visibility   string               `json:"visibility" bson:"visibility"`
	Translations map[string]EventText `json:"translations" bson:"translations"`
	// Sessions are the event's programme: a conference's timetable, a
	// training's days.
	Sessions  []EventSession `json:"sessions" bson:"sessions"`
	CreatedAt time.Time      `json:"createdAt" bson:"createdAt"`
	UpdatedAt time.Time      `json:"updatedAt" bson:"updatedAt"`
	// Version counts the event's saved states, for updates that must not
	// overwrite a newer one (EventInput.IfVersion, an If-Match header).
	Version int `json:"version" bson:"version"`
	// Seq is the change-log sequence of the write that produced this state.
	Seq uint64 `json:"-" bson:"seq"`
}

// EventInput is what a client sends to create or replace an event.
type EventInput struct {
	Kind             EventKind         `json:"kind"`
	Status           EventStatus       `json:"status"`
	Start            time.Time         `json:"start"`
	End              time.Time         `json:"end"`
	TimeZone         string            `json:"timeZone"`
	Country          string            `json:"country"`
	Countries        []string          `json:"countries"`
	Areas            []string          `json:"areas"`
	UncacArticles    []int             `json:"uncacArticles"`
	City             map[string]string `json:"city"`
	Address          string            `json:"address"`
	Rooms            []string          `json:"rooms"`
	OnlineURL        string            `json:"onlineUrl"`
	Languages        []string          `json:"languages"`
	Interpretation   []string          `json:"interpretation"`
	Capacity         int               `json:"capacity"`
	RequiresApproval bool              `json:"requiresApproval"`
	Organizers       []string          `json:"organizers"`
	Partners         []string          `json:"partners"`
	Funders          []string          `json:"funders"`
	Trainers         []string          `json:"trainers"`
	Speakers         []string          `json:"speakers"`
	Materials        []string          `json:"materials"`
	// Experts links expert profiles; nil in an update keeps the event's
	// links (forms do not carry them: invitations make them).
	Experts      []EventExpert        `json:"experts,omitempty"`
	Visibility   string               `json:"visibility"`
	Translations map[string]EventText `json:"translations"`
	Sessions     []EventSession       `json:"sessions"`
	// IfVersion, when not 0, makes an update succeed only if the event is
	// still at that version (an edit form or an If-Match header).
	IfVersion int `json:"-"`
}

// EventExpert links an expert's profile to an event, in a part.
type EventExpert struct {
	ExpertID string     `json:"expertId" bson:"expertId"`
	Role     ExpertRole `json:"role" bson:"role"`
}

// SessionText is one language's text of a session.
type SessionText struct {
	Title       string `json:"title" bson:"title"`
	Description string `json:"description,omitempty" bson:"description,omitempty"`
}

// EventSession is one item of an event's programme: a panel, a talk, a
// training module. Any kind of event may have sessions.
type EventSession struct {
	Start time.Time `json:"start" bson:"start"`
	End   time.Time `json:"end" bson:"end"`
	// Room is one of the event's rooms when it lists any.
	Room string `json:"room,omitempty" bson:"room,omitempty"`
	// Speakers are plain names, as the event's.
	Speakers     []string               `json:"speakers" bson:"speakers"`
	Translations map[string]SessionText `json:"translations" bson:"translations"`
}

// Title returns the session's title in the first language of chain that
// has one, with that language; or any title when none of chain has one.
func (s *EventSession) Title(chain []string) (string, string) {
	return PickText(s.Translations, chain, func(t SessionText) string { return t.Title })
}

// cloneSessions copies sessions deeply, so that an event and an input made
// from it (the mirror's copies) share no slice or map.
func cloneSessions(in []EventSession) []EventSession {
	if in == nil {
		return nil
	}
	out := make([]EventSession, len(in))
	for i, s := range in {
		s.Speakers = slices.Clone(s.Speakers)
		tr := make(map[string]SessionText, len(s.Translations))
		for k, v := range s.Translations {
			tr[k] = v
		}
		s.Translations = tr
		out[i] = s
	}
	return out
}

// Limits on event fields.
const (
	MaxEventSessions    = 200
	MaxEventDescription = 20_000
	MaxEventNames       = 100 // organizers, partners, funders, trainers, speakers, rooms each
	MaxEventMaterials   = 100
	MaxEventCapacity    = 100_000
	MaxEventLength      = 366 * 24 * time.Hour
)

// DefaultTimeZone is the zone of a member state's capital, where an event it
// hosts is held unless it says otherwise; "UTC" for any other country.
func DefaultTimeZone(country string) string {
	switch country {
	case "KZ":
		return "Asia/Almaty"
	case "KG":
		return "Asia/Bishkek"
	case "TJ":
		return "Asia/Dushanbe"
	case "TM":
		return "Asia/Ashgabat"
	case "UZ":
		return "Asia/Tashkent"
	}
	return "UTC"
}

// Normalize trims and de-duplicates the input's fields in place. An empty
// status is "planned", an empty visibility public, an empty zone the host
// country's (DefaultTimeZone).
func (in *EventInput) Normalize() {
	in.Kind = EventKind(strings.TrimSpace(string(in.Kind)))
	in.Status = EventStatus(strings.TrimSpace(string(in.Status)))
	if in.Status == "" {
		in.Status = EventPlanned
	}
	in.Visibility = strings.TrimSpace(in.Visibility)
	if in.Visibility == "" {
		in.Visibility = Public
	}
	country := func(s string) string {
		if s = strings.ToUpper(s); s == "OTHER" {
			return "other"
		}
		return s
	}
	in.Country = country(strings.TrimSpace(in.Country))
	in.Countries = normalizeCodes(in.Countries, country)
	in.TimeZone = strings.TrimSpace(in.TimeZone)
	if in.TimeZone == "" {
		in.TimeZone = DefaultTimeZone(in.Country)
	}
	in.Areas = normalizeCodes(in.Areas, func(s string) string { return s })
	slices.Sort(in.UncacArticles)
	in.UncacArticles = slices.Compact(in.UncacArticles)
	in.Languages = normalizeCodes(in.Languages, strings.ToLower)
	in.Interpretation = normalizeCodes(in.Interpretation, strings.ToLower)
	in.Materials = normalizeCodes(in.Materials, strings.ToLower)
	in.Address = CleanLine(in.Address)
	in.OnlineURL = strings.TrimSpace(in.OnlineURL)
	for _, names := range []*[]string{&in.Rooms, &in.Organizers, &in.Partners, &in.Funders, &in.Trainers, &in.Speakers} {
		*names = cleanNames(*names)
	}
	for lang, c := range in.City {
		if c = CleanLine(c); c == "" {
			delete(in.City, lang)
		} else {
			in.City[lang] = c
		}
	}
	for lang, t := range in.Translations {
		t.Title, t.Description, t.Outcome = CleanLine(t.Title), CleanText(t.Description), CleanText(t.Outcome)
		if t.Title == "" && t.Description == "" && t.Outcome == "" {
			delete(in.Translations, lang)
			continue
		}
		in.Translations[lang] = t
	}
	for i := range in.Sessions {
		se := &in.Sessions[i]
		se.Room, se.Speakers = CleanLine(se.Room), cleanNames(se.Speakers)
		for lang, t := range se.Translations {
			t.Title, t.Description = CleanLine(t.Title), CleanText(t.Description)
			if t.Title == "" && t.Description == "" {
				delete(se.Translations, lang)
				continue
			}
			se.Translations[lang] = t
		}
	}
	// The programme reads in time order; sessions at once, by room.
	slices.SortStableFunc(in.Sessions, func(a, b EventSession) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Room, b.Room)
	})
}

// cleanNames cleans a list of names, keeping their order and dropping empty
// ones and repeats.
func cleanNames(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n = CleanLine(n); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// invalidField is the Invalid error of one field of an event: the reader's
// message names it.
func invalidField(field, messageID string, value any, format string, args ...any) error {
	return Localized(Invalid, messageID, map[string]any{"Field": field, "Value": value}, "%s: "+format, append([]any{field}, args...)...)
}

// Validate checks the input against the taxonomies and limits. Call
// Normalize first. The error is Invalid, with a message for the reader that
// names the field (its JSON name). Whether materials exist is for the
// service to check.
func (in *EventInput) Validate() error {
	if !slices.Contains(EventKinds(), in.Kind) {
		return invalidField("kind", "error.event_bad_kind", in.Kind, "unknown event kind %q", in.Kind)
	}
	if !slices.Contains(EventStatuses(), in.Status) {
		return invalidField("status", "error.event_bad_status", in.Status, "unknown event status %q", in.Status)
	}
	if in.Start.IsZero() {
		return invalidField("start", "error.event_missing", "", "a start is required")
	}
	if in.End.IsZero() {
		return invalidField("end", "error.event_missing", "", "an end is required")
	}
	// Dates must be plausible, as a document's are (see checkDateRange).
	now := time.Now()
	if err := checkDateRange("start", "error.event_start_out_of_range", in.Start, now); err != nil {
		return err
	}
	if err := checkDateRange("end", "error.event_end_out_of_range", in.End, now); err != nil {
		return err
	}
	if in.End.Before(in.Start) {
		return invalidField("end", "error.event_end_before_start", in.End.Format(time.RFC3339), "the end is before the start")
	}
	if in.End.Sub(in.Start) > MaxEventLength {
		return invalidField("end", "error.event_too_long", in.End.Format(time.RFC3339), "an event lasts at most a year")
	}
	if _, err := LoadZone(in.TimeZone); err != nil {
		return Localized(Invalid, "error.event_bad_zone", map[string]any{"Field": "timeZone", "Value": in.TimeZone, "Example": "Asia/Tashkent"},
			"timeZone: unknown time zone %q", in.TimeZone)
	}
	if in.Country != "" && !slices.Contains(Countries(), in.Country) && in.Country != "other" {
		return invalidField("country", "error.event_bad_value", in.Country, "unknown country %q", in.Country)
	}
	if len(in.Countries) == 0 {
		return invalidField("countries", "error.event_missing", "", "the countries the event is for are required")
	}
	for _, c := range in.Countries {
		if !slices.Contains(Countries(), c) && c != "other" {
			return invalidField("countries", "error.event_bad_value", c, "unknown country %q", c)
		}
	}
	for _, a := range in.Areas {
		if !slices.Contains(Areas(), a) {
			return invalidField("areas", "error.event_bad_value", a, "unknown area %q", a)
		}
	}
	for _, n := range in.UncacArticles {
		if _, ok := ArticleByNumber(n); !ok {
			return invalidField("uncacArticles", "error.event_bad_value", n, "no UNCAC article %d", n)
		}
	}
	for field, langs := range map[string][]string{"languages": in.Languages, "interpretation": in.Interpretation} {
		for _, l := range langs {
			if !validLanguageTag(l) {
				return invalidField(field, "error.event_bad_value", l, "%q is not a language code", l)
			}
		}
	}
	if in.Capacity < 0 || in.Capacity > MaxEventCapacity {
		return invalidField("capacity", "error.event_bad_capacity", in.Capacity, "capacity %d is not between 0 and %d", in.Capacity, MaxEventCapacity)
	}
	if in.OnlineURL != "" {
		if u, err := url.Parse(in.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.OnlineURL) > 2000 {
			return Localized(Invalid, "error.event_bad_url", map[string]any{"Field": "onlineUrl", "Value": in.OnlineURL, "Example": "https://"},
				"onlineUrl: %q is not an http(s) address", in.OnlineURL)
		}
	}
	if !slices.Contains(Visibilities(), in.Visibility) {
		return invalidField("visibility", "error.event_bad_value", in.Visibility, "unknown visibility %q", in.Visibility)
	}
	if len(in.Materials) > MaxEventMaterials {
		return invalidField("materials", "error.event_too_many", MaxEventMaterials, "more than %d materials", MaxEventMaterials)
	}
	for _, id := range in.Materials {
		if !ValidRecordID(id) {
			return invalidField("materials", "error.event_bad_value", id, "%q is not a document id", id)
		}
	}
	for field, names := range map[string][]string{"rooms": in.Rooms, "organizers": in.Organizers, "partners": in.Partners,
		"funders": in.Funders, "trainers": in.Trainers, "speakers": in.Speakers} {
		if len(names) > MaxEventNames {
			return invalidField(field, "error.event_too_many", MaxEventNames, "more than %d names", MaxEventNames)
		}
		for i, n := range names {
			if err := checkText(textField{field + "." + strconv.Itoa(i), n, MaxTitleLen}); err != nil {
				return err
			}
		}
	}
	if err := checkText(textField{"address", in.Address, MaxTitleLen}); err != nil {
		return err
	}
	for lang, c := range in.City {
		if !ValidLanguage(lang) {
			return invalidField("city", "error.event_bad_value", lang, "unsupported language %q", lang)
		}
		if err := checkText(textField{"city." + lang, c, MaxTitleLen}); err != nil {
			return err
		}
	}
	hasTitle := false
	for lang, t := range in.Translations {
		if !ValidLanguage(lang) {
			return invalidField("translations", "error.event_bad_value", lang, "unsupported language %q", lang)
		}
		for _, f := range []textField{{"translations." + lang + ".title", t.Title, MaxTitleLen},
			{"translations." + lang + ".description", t.Description, MaxEventDescription},
			{"translations." + lang + ".outcome", t.Outcome, MaxEventDescription}} {
			if err := checkText(f); err != nil {
				return err
			}
		}
		hasTitle = hasTitle || t.Title != ""
	}
	if !hasTitle {
		return Localized(Invalid, "error.missing_title", nil, "a title is required in at least one language")
	}
	for i, x := range in.Experts {
		field := fmt.Sprintf("experts.%d", i)
		if !ValidRecordID(x.ExpertID) {
			return invalidField(field+".expertId", "error.event_bad_value", x.ExpertID, "%q is not an expert id", x.ExpertID)
		}
		if x.Role != RoleTrainer && x.Role != RoleSpeaker {
			return invalidField(field+".role", "error.event_bad_value", x.Role, "role must be trainer or speaker")
		}
	}
	return in.validateSessions()
}

// validateSessions checks the programme: each session within the event,
// in one of its rooms, titled, and no two at once in one room. Call after
// the event's own times are checked and the sessions sorted (Normalize).
func (in *EventInput) validateSessions() error {
	if len(in.Sessions) > MaxEventSessions {
		return invalidField("sessions", "error.event_too_many", MaxEventSessions, "more than %d sessions", MaxEventSessions)
	}
	for i, se := range in.Sessions {
		field := "sessions." + strconv.Itoa(i)
		if se.Start.IsZero() {
			return invalidField(field+".start", "error.event_missing", "", "a session's start is required")
		}
		if se.End.IsZero() {
			return invalidField(field+".end", "error.event_missing", "", "a session's end is required")
		}
		if se.End.Before(se.Start) {
			return invalidField(field+".end", "error.event_session_end_before_start", se.End.Format(time.RFC3339), "the session ends before it starts")
		}
		for _, t := range []struct {
			name string
			at   time.Time
		}{{"start", se.Start}, {"end", se.End}} {
			if t.at.Before(in.Start) || t.at.After(in.End) {
				return invalidField(field+"."+t.name, "error.event_session_outside", t.at.Format(time.RFC3339), "the session is outside the event's time")
			}
		}
		if err := checkText(textField{field + ".room", se.Room, MaxTitleLen}); err != nil {
			return err
		}
		if se.Room != "" && len(in.Rooms) > 0 && !slices.Contains(in.Rooms, se.Room) {
			return invalidField(field+".room", "error.event_session_unknown_room", se.Room, "%q is not one of the event's rooms", se.Room)
		}
		if len(se.Speakers) > MaxEventNames {
			return invalidField(field+".speakers", "error.event_too_many", MaxEventNames, "more than %d names", MaxEventNames)
		}
		for j, n := range se.Speakers {
			if err := checkText(textField{field + ".speakers." + strconv.Itoa(j), n, MaxTitleLen}); err != nil {
				return err
			}
		}
		hasTitle := false
		for lang, t := range se.Translations {
			if !ValidLanguage(lang) {
				return invalidField(field+".translations", "error.event_bad_value", lang, "unsupported language %q", lang)
			}
			for _, f := range []textField{{field + ".translations." + lang + ".title", t.Title, MaxTitleLen},
				{field + ".translations." + lang + ".description", t.Description, MaxEventDescription}} {
				if err := checkText(f); err != nil {
					return err
				}
			}
			hasTitle = hasTitle || t.Title != ""
		}
		if !hasTitle {
			return invalidField(field+".translations", "error.event_session_missing_title", "", "a session needs a title in at least one language")
		}
		// Sessions are sorted by start: an earlier one in the same room
		// still running at this start overlaps it.
		for j := range i {
			if prev := in.Sessions[j]; prev.Room == se.Room && prev.End.After(se.Start) {
				return Localized(Invalid, "error.event_session_overlap", map[string]any{"Field": field + ".room", "Value": se.Room, "Other": "sessions." + strconv.Itoa(j)},
					"%s.room: overlaps session %d in room %q", field, j, se.Room)
			}
		}
	}
	return nil
}

// validLanguageTag accepts a working language given as a code: one of the
// hub's seven or any other two- or three-letter code (events are also held
// in English, French, Chinese…).
func validLanguageTag(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// LoadZone returns the location of an IANA zone name. "Local" and the empty
// name, which time.LoadLocation accepts, are refused: an event's zone must
// mean the same on every server.
//
// Zones are kept once loaded: time.LoadLocation reads the zone database
// each time (a file), and a page of events, the month view or the
// statistics ask for hundreds (it was half of the statistics' time).
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, Errorf(Invalid, "no time zone")
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// zones are the locations LoadZone loaded, by name. Unknown names are not
// kept (a client sending many would grow it).
var zones sync.Map

// Concerns lists the countries whose records an event is: those it is for
// and its host. Who may edit it is decided on them (CanEditEvent).
func (in *EventInput) Concerns() []string { return concerns(in.Country, in.Countries) }

// Concerns is EventInput.Concerns for a stored event.
func (e *Event) Concerns() []string { return concerns(e.Country, e.Countries) }

func concerns(host string, countries []string) []string {
	out := slices.Clone(countries)
	if host != "" && !slices.Contains(out, host) {
		out = append(out, host)
	}
	return out
}

// Location returns the event's zone, or UTC when it has none a server knows.
func (e *Event) Location() *time.Location {
	if loc, err := LoadZone(e.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// Title returns the event's title in the first language of chain that has
// one, with that language; or any title when none of chain has one.
func (e *Event) Title(chain []string) (string, string) {
	return PickText(e.Translations, chain, func(t EventText) string { return t.Title })
}

// Input returns the event's fields as an input, for an edit that changes
// only some of them.
func (e *Event) Input() EventInput {
	tr := make(map[string]EventText, len(e.Translations))
	for k, v := range e.Translations {
		tr[k] = v
	}
	city := make(map[string]string, len(e.City))
	for k, v := range e.City {
		city[k] = v
	}
	return EventInput{
		Kind: e.Kind, Status: e.Status, Start: e.Start, End: e.End, TimeZone: e.TimeZone, Country: e.Country,
		Countries: slices.Clone(e.Countries), Areas: slices.Clone(e.Areas), UncacArticles: slices.Clone(e.UncacArticles),
		City: city, Address: e.Address, Rooms: slices.Clone(e.Rooms), OnlineURL: e.OnlineURL,
		Languages: slices.Clone(e.Languages), Interpretation: slices.Clone(e.Interpretation), Capacity: e.Capacity, RequiresApproval: e.RequiresApproval,
		Organizers: slices.Clone(e.Organizers), Partners: slices.Clone(e.Partners), Funders: slices.Clone(e.Funders),
		Trainers: slices.Clone(e.Trainers), Speakers: slices.Clone(e.Speakers), Materials: slices.Clone(e.Materials),
		Experts: slices.Clone(e.Experts), Visibility: e.Visibility, Translations: tr, Sessions: cloneSessions(e.Sessions), IfVersion: e.Version,
	}
}

// SetFields copies the input's fields onto the event.
func (e *Event) SetFields(in EventInput) {
	e.Kind, e.Status, e.Start, e.End, e.TimeZone = in.Kind, in.Status, in.Start.UTC(), in.End.UTC(), in.TimeZone
	e.Country, e.Countries, e.Areas, e.UncacArticles = in.Country, in.Countries, in.Areas, in.UncacArticles
	e.City, e.Address, e.Rooms, e.OnlineURL = in.City, in.Address, in.Rooms, in.OnlineURL
	e.Languages, e.Interpretation, e.Capacity, e.RequiresApproval = in.Languages, in.Interpretation, in.Capacity, in.RequiresApproval
	e.Organizers, e.Partners, e.Funders, e.Trainers, e.Speakers = in.Organizers, in.Partners, in.Funders, in.Trainers, in.Speakers
	e.Materials, e.Visibility, e.Translations = in.Materials, in.Visibility, in.Translations
	if in.Experts != nil {
		e.Experts = slices.Clone(in.Experts)
	}
	e.Sessions = cloneSessions(in.Sessions)
	for i := range e.Sessions {
		e.Sessions[i].Start, e.Sessions[i].End = e.Sessions[i].Start.UTC(), e.Sessions[i].End.UTC()
	}
	e.FillDefaults()
}

// FillDefaults gives an event read from the database what events stored
// before these fields existed lack: named kinds for the old "training", a
// status (held once it ended, else planned), the host country's zone, and
// empty lists rather than null.
func (e *Event) FillDefaults() {
	e.Kind = LegacyEventKind(string(e.Kind), e.Countries)
	if e.Status == "" {
		e.Status = EventPlanned
		if !e.End.IsZero() && e.End.Before(time.Now()) {
			e.Status = EventHeld
		}
	}
	if e.TimeZone == "" {
		e.TimeZone = DefaultTimeZone(e.Country)
	}
	for _, l := range []*[]string{&e.Countries, &e.Areas, &e.Rooms, &e.Languages, &e.Interpretation,
		&e.Organizers, &e.Partners, &e.Funders, &e.Trainers, &e.Speakers, &e.Materials} {
		if *l == nil {
			*l = []string{}
		}
	}
	if e.UncacArticles == nil {
		e.UncacArticles = []int{}
	}
	if e.City == nil {
		e.City = map[string]string{}
	}
	if e.Translations == nil {
		e.Translations = map[string]EventText{}
	}
	if e.Sessions == nil {
		e.Sessions = []EventSession{}
	}
	for i := range e.Sessions {
		if e.Sessions[i].Speakers == nil {
			e.Sessions[i].Speakers = []string{}
		}
		if e.Sessions[i].Translations == nil {
			e.Sessions[i].Translations = map[string]SessionText{}
		}
	}
	if e.Version == 0 {
		e.Version = 1
	}
}

// EventFilter selects events. Empty lists and zero times mean no condition;
// a condition on a list matches events with any of its values.
type EventFilter struct {
	Countries []string
	Areas     []string
	Kinds     []EventKind
	Articles  []int
	// Materials selects the events that used any of these library
	// documents.
	Materials []string
	// EndsAfter and StartsBefore bound the events' times: an event that
	// ends after EndsAfter and starts before StartsBefore.
	EndsAfter    time.Time
	StartsBefore time.Time
	// Descending lists the latest start first.
	Descending bool
	Offset     int
	Limit      int // 0 means 20; at most MaxEventPage
}

// MaxEventPage is the largest page of events a list gives.
const MaxEventPage = 500

// Validate checks the filter's values against the taxonomies. Codes:
// Invalid, naming the parameter.
func (f *EventFilter) Validate() error {
	for _, c := range f.Countries {
		if !slices.Contains(Countries(), c) && c != "other" {
			return invalidField("country", "error.event_bad_value", c, "unknown country %q", c)
		}
	}
	for _, a := range f.Areas {
		if !slices.Contains(Areas(), a) {
			return invalidField("area", "error.event_bad_value", a, "unknown area %q", a)
		}
	}
	for _, k := range f.Kinds {
		if !slices.Contains(EventKinds(), k) {
			return invalidField("kind", "error.event_bad_kind", k, "unknown event kind %q", k)
		}
	}
	for _, n := range f.Articles {
		if _, ok := ArticleByNumber(n); !ok {
			return invalidField("article", "error.event_bad_value", n, "no UNCAC article %d", n)
		}
	}
	if f.Offset < 0 || f.Limit < 0 {
		return invalidField("page", "error.event_bad_value", f.Offset, "negative paging")
	}
	return nil
}

// EventService keeps the platform's events. Every method applies the
// visibility and permission rules for the user in ctx (see UserFromContext):
// an event the user may not see does not exist for them.
type EventService interface {
	// FindEvents returns a page of events in start order (or reversed) and
	// the number that match. Codes: Invalid (a bad filter).
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, int, error)
	// FindEventByID returns an event. Codes: NotFound (also for an event
	// the user may not see).
	FindEventByID(ctx context.Context, id string) (*Event, error)
	// CreateEvent validates and stores a new event. Codes: Invalid (naming
	// the field; also materials that are not documents the user sees),
	// Unauthorized, Forbidden (CanEditEvent, or a visibility the user may
	// not give: CanGiveVisibility), refusals audited.
	CreateEvent(ctx context.Context, in EventInput) (*Event, error)
	// UpdateEvent replaces an event's fields. The user must be allowed to
	// edit the event as it was and as it will be. Codes: Invalid,
	// NotFound, Unauthorized, Forbidden (as for CreateEvent), Conflict
	// (changed concurrently, or not at in.IfVersion).
	UpdateEvent(ctx context.Context, id string, in EventInput) (*Event, error)
	// DeleteEvent removes an event. Codes: NotFound, Unauthorized,
	// Forbidden (audited), Conflict (people registered for it: it is
	// cancelled instead, and stays in the record).
	DeleteEvent(ctx context.Context, id string) error
	// Overlaps returns the events the user sees that an event written with
	// in would overlap (OverlapWith), in start order, leaving out the event
	// exceptID (the one being edited). Only in's start, end, status,
	// countries, host, trainers, speakers, rooms, city and address count.
	// Codes: Invalid (no start or end, an end before the start).
	Overlaps(ctx context.Context, in EventInput, exceptID string) ([]Overlap, error)
}
