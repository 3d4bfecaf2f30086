package platform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Limits on the texts of bilateral records (the counts are in bilateral.go).
const (
	MaxDelegationName = 300
	MaxMemberName     = MaxNameLen
	MaxMemberPosition = 300
	MaxMeetingTopic   = 500
	MaxMeetingReason  = 1000
	MaxRoomName       = 200
	MaxRoomCapacity   = 1000
	MaxBreakMinutes   = 240
	MaxBilateralID    = 40 // a member's, room's or interpreter's id
	MinSlotMinutes    = 5
)

// Defaults of a conference's bilateral settings.
const (
	DefaultSlotMinutes    = 30
	DefaultBreakMinutes   = 10
	DefaultDayStart       = "09:00"
	DefaultDayEnd         = "18:00"
	DefaultTimeBoxSeconds = 2
)

// Answers to a meeting request (MeetingAnswer.Action).
const (
	AnswerAccept   = "accept"
	AnswerDecline  = "decline"
	AnswerWithdraw = "withdraw"
)

// bilateralField is the Invalid error of one field of a bilateral record,
// with a message "bilaterals.error.<what>" that names the field.
func bilateralField(field, what string, value any, format string, args ...any) error {
	return Localized(Invalid, "bilaterals.error."+what, map[string]any{"Field": field, "Value": value},
		"%s: "+format, append([]any{field}, args...)...)
}

// bilateralLimit is the Invalid error of a field over its limit.
func bilateralLimit(field, what string, max int) error {
	return Localized(Invalid, "bilaterals.error."+what, map[string]any{"Field": field, "Max": max},
		"%s: more than %d", field, max)
}

// checkBilateralText checks a text's encoding and length.
func checkBilateralText(field, value string, max int) error {
	if !utf8.ValidString(value) {
		return bilateralField(field, "bad_field", "", "not valid UTF-8")
	}
	if utf8.RuneCountInString(value) > max {
		return bilateralLimit(field, "too_long", max)
	}
	return nil
}

// NormalizeLanguage returns the canonical BCP 47 primary language tag of s
// ("EN", "eng" → "en"), or "" when s is none (a well-formed but unknown
// subtag such as "xyz" included).
func NormalizeLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > 8 || strings.ContainsAny(s, "-_") {
		return ""
	}
	b, err := language.ParseBase(s)
	if err != nil {
		return ""
	}
	// "und" (undetermined) and the private-use range qaa–qtz name no
	// language an interpreter could be found for.
	if t := b.String(); t != "und" && !(len(t) == 3 && t >= "qaa" && t <= "qtz") {
		return t
	}
	return ""
}

// Normalize orders the pair's languages, each normalized, so that the pair
// is stored one way.
func (p *LanguagePair) Normalize() {
	a, b := NormalizeLanguage(p.A), NormalizeLanguage(p.B)
	if a == "" {
		a = strings.TrimSpace(p.A)
	}
	if b == "" {
		b = strings.TrimSpace(p.B)
	}
	if b < a {
		a, b = b, a
	}
	p.A, p.B = a, b
}

// String is the pair as the scheduler's reasons name it ("en-ru").
func (p LanguagePair) String() string { return p.A + "-" + p.B }

// Validate checks that both languages are known and differ.
func (p LanguagePair) Validate(field string) error {
	for _, l := range []string{p.A, p.B} {
		if NormalizeLanguage(l) != l {
			return bilateralField(field, "bad_language", l, "%q is not a language code", l)
		}
	}
	if p.A == p.B {
		return bilateralField(field, "same_language", p.A, "a pair needs two different languages")
	}
	return nil
}

// checkRanges checks times that must lie within the event (when ev is not
// nil), each ending after it starts.
func checkRanges(field string, rs []TimeRange, ev *Event) error {
	if len(rs) > MaxUnavailableRanges {
		return bilateralLimit(field, "too_many", MaxUnavailableRanges)
	}
	for i, r := range rs {
		f := field + "." + strconv.Itoa(i)
		if r.Start.IsZero() || r.End.IsZero() {
			return bilateralField(f, "missing", "", "a start and an end are required")
		}
		if !r.End.After(r.Start) {
			return bilateralField(f, "bad_range", r.End.Format(time.RFC3339), "the end is not after the start")
		}
		if ev != nil && (r.Start.Before(ev.Start) || r.End.After(ev.End)) {
			return bilateralField(f, "outside_event", r.Start.Format(time.RFC3339), "outside the conference")
		}
	}
	return nil
}

// normalizeRanges puts times in UTC, in order.
func normalizeRanges(rs []TimeRange) []TimeRange {
	out := make([]TimeRange, len(rs))
	for i, r := range rs {
		out[i] = TimeRange{Start: r.Start.UTC(), End: r.End.UTC()}
	}
	slices.SortFunc(out, func(a, b TimeRange) int { return a.Start.Compare(b.Start) })
	return out
}

// normalizeLanguages normalizes, de-duplicates and sorts language tags; a
// tag that is none is kept as written, for Validate to name it.
func normalizeLanguages(in []string) []string {
	out := make([]string, 0, len(in))
	for _, l := range in {
		n := NormalizeLanguage(l)
		if n == "" {
			n = strings.TrimSpace(l)
		}
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// Normalize trims the input's texts (NFC), puts codes in their canonical
// case and members' times in UTC. Members without an id get the next free
// "m<n>".
func (in *DelegationInput) Normalize() {
	in.Kind = DelegationKind(strings.TrimSpace(string(in.Kind)))
	in.Country = NormalizeCountry(in.Country)
	in.Name = CleanLine(in.Name)
	in.Head = strings.TrimSpace(in.Head)
	next := 0
	for _, m := range in.Members {
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(m.ID), "m")); err == nil && strings.HasPrefix(strings.TrimSpace(m.ID), "m") {
			next = max(next, n)
		}
	}
	for i := range in.Members {
		m := &in.Members[i]
		m.ID = strings.TrimSpace(m.ID)
		if m.ID == "" {
			next++
			m.ID = "m" + strconv.Itoa(next)
		}
		m.RegistrationID = strings.TrimSpace(m.RegistrationID)
		m.Name, m.Position = CleanLine(m.Name), CleanLine(m.Position)
		m.Languages = normalizeLanguages(m.Languages)
		m.Unavailable = normalizeRanges(m.Unavailable)
	}
	if in.Kind == DelegationCountry {
		in.Name = ""
	} else if in.Kind == DelegationOrganization {
		in.Country = ""
	}
}

// Validate checks the input against the taxonomies and limits, and the
// members' times against the conference ev. Call Normalize first. Whether
// the registrations are the conference's is for the service to check.
func (in *DelegationInput) Validate(ev *Event) error {
	switch in.Kind {
	case DelegationCountry:
		if in.Country == "" {
			return bilateralField("country", "missing", "", "a country delegation names its country")
		}
		if !slices.Contains(Countries(), in.Country) {
			return bilateralField("country", "bad_field", in.Country, "not a member state")
		}
	case DelegationOrganization:
		if in.Name == "" {
			return bilateralField("name", "missing", "", "an organization's delegation has a name")
		}
		if err := checkBilateralText("name", in.Name, MaxDelegationName); err != nil {
			return err
		}
	default:
		return bilateralField("kind", "bad_field", in.Kind, "unknown delegation kind")
	}
	if len(in.Members) == 0 {
		return bilateralField("members", "missing", "", "a delegation has at least one member")
	}
	if len(in.Members) > MaxDelegationMembers {
		return bilateralLimit("members", "too_many", MaxDelegationMembers)
	}
	ids := map[string]bool{}
	regs := map[string]bool{}
	for i, m := range in.Members {
		f := "members." + strconv.Itoa(i)
		if len(m.ID) > MaxBilateralID {
			return bilateralLimit(f+".id", "too_long", MaxBilateralID)
		}
		if ids[m.ID] {
			return bilateralField(f+".id", "duplicate", m.ID, "two members have the id %q", m.ID)
		}
		ids[m.ID] = true
		if m.RegistrationID != "" {
			if !ValidRecordID(m.RegistrationID) {
				return bilateralField(f+".registrationId", "bad_field", m.RegistrationID, "not a registration id")
			}
			if regs[m.RegistrationID] {
				return bilateralField(f+".registrationId", "duplicate", m.RegistrationID, "a registration is one member")
			}
			regs[m.RegistrationID] = true
		}
		if m.Name == "" {
			return bilateralField(f+".name", "missing", "", "a member has a name")
		}
		if err := checkBilateralText(f+".name", m.Name, MaxMemberName); err != nil {
			return err
		}
		if err := checkBilateralText(f+".position", m.Position, MaxMemberPosition); err != nil {
			return err
		}
		if len(m.Languages) == 0 {
			return bilateralField(f+".languages", "missing", "", "a member speaks at least one language")
		}
		if len(m.Languages) > MaxMemberLanguages {
			return bilateralLimit(f+".languages", "too_many", MaxMemberLanguages)
		}
		for _, l := range m.Languages {
			if NormalizeLanguage(l) != l {
				return bilateralField(f+".languages", "bad_language", l, "%q is not a language code", l)
			}
		}
		if err := checkRanges(f+".unavailable", m.Unavailable, ev); err != nil {
			return err
		}
	}
	if in.Head == "" {
		return bilateralField("head", "missing", "", "a delegation has a head")
	}
	if !ids[in.Head] {
		return bilateralField("head", "head_not_member", in.Head, "the head is not a member")
	}
	return nil
}

// Member returns the member of the delegation with id, or nil.
func (d *Delegation) Member(id string) *DelegationMember {
	for i := range d.Members {
		if d.Members[i].ID == id {
			return &d.Members[i]
		}
	}
	return nil
}

// normalizeMemberIDs trims, de-duplicates and sorts member ids.
func normalizeMemberIDs(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// Normalize trims the request's texts and codes; an empty priority is
// normal.
func (in *MeetingRequestInput) Normalize() {
	in.From, in.To = strings.TrimSpace(in.From), strings.TrimSpace(in.To)
	in.Topic = CleanLine(in.Topic)
	in.Areas = normalizeCodes(in.Areas, func(s string) string { return s })
	slices.Sort(in.UncacArticles)
	in.UncacArticles = slices.Compact(in.UncacArticles)
	in.Priority = MeetingPriority(strings.TrimSpace(string(in.Priority)))
	if in.Priority == "" {
		in.Priority = PriorityNormal
	}
	in.FromMembers = normalizeMemberIDs(in.FromMembers)
	if in.Interpretation != nil {
		in.Interpretation.Normalize()
	}
}

// Validate checks the request alone. Call Normalize first. Whether the
// delegations are at the conference and the members theirs is for the
// service to check.
func (in *MeetingRequestInput) Validate() error {
	if !ValidRecordID(in.From) {
		return bilateralField("from", "not_at_conference", in.From, "not a delegation id")
	}
	if !ValidRecordID(in.To) {
		return bilateralField("to", "not_at_conference", in.To, "not a delegation id")
	}
	if in.From == in.To {
		return bilateralField("to", "same_delegation", in.To, "a delegation does not meet itself")
	}
	if in.Topic == "" {
		return bilateralField("topic", "missing", "", "a topic is required")
	}
	if err := checkBilateralText("topic", in.Topic, MaxMeetingTopic); err != nil {
		return err
	}
	for _, a := range in.Areas {
		if !slices.Contains(Areas(), a) {
			return bilateralField("areas", "bad_field", a, "unknown area")
		}
	}
	for _, n := range in.UncacArticles {
		if _, ok := ArticleByNumber(n); !ok {
			return bilateralField("uncacArticles", "bad_field", n, "no UNCAC article %d", n)
		}
	}
	if !slices.Contains([]MeetingPriority{PriorityHigh, PriorityNormal, PriorityLow}, in.Priority) {
		return bilateralField("priority", "bad_field", in.Priority, "unknown priority")
	}
	if len(in.FromMembers) == 0 {
		return bilateralField("fromMembers", "missing", "", "at least one member attends")
	}
	if len(in.FromMembers) > MaxRequestMembers {
		return bilateralLimit("fromMembers", "too_many", MaxRequestMembers)
	}
	if in.Interpretation != nil {
		return in.Interpretation.Validate("interpretation")
	}
	return nil
}

// Normalize trims the answer.
func (in *MeetingAnswer) Normalize() {
	in.Action = strings.ToLower(strings.TrimSpace(in.Action))
	in.ToMembers = normalizeMemberIDs(in.ToMembers)
	in.Reason = CleanText(in.Reason)
	if in.Interpretation != nil {
		in.Interpretation.Normalize()
	}
}

// Validate checks the answer alone. Call Normalize first.
func (in *MeetingAnswer) Validate() error {
	switch in.Action {
	case AnswerAccept:
		if len(in.ToMembers) == 0 {
			return bilateralField("toMembers", "missing", "", "at least one member attends")
		}
		if len(in.ToMembers) > MaxRequestMembers {
			return bilateralLimit("toMembers", "too_many", MaxRequestMembers)
		}
		if in.Interpretation != nil {
			if err := in.Interpretation.Validate("interpretation"); err != nil {
				return err
			}
		}
	case AnswerDecline, AnswerWithdraw:
	default:
		return bilateralField("action", "bad_field", in.Action, "accept, decline or withdraw")
	}
	return checkBilateralText("reason", in.Reason, MaxMeetingReason)
}

// EffectiveStatus is the request's status as of now under deadline: a
// pending request past it is expired.
func (r *MeetingRequest) EffectiveStatus(now, deadline time.Time) MeetingStatus {
	if r.Status == MeetingPending && !deadline.IsZero() && !now.Before(deadline) {
		return MeetingExpired
	}
	return r.Status
}

// Deadline is when pending requests expire: the settings' deadline, or
// the conference's start.
func (s *BilateralSettings) Deadline(ev *Event) time.Time {
	if !s.RequestDeadline.IsZero() {
		return s.RequestDeadline
	}
	return ev.Start
}

// DefaultBilateralSettings are a conference's settings before the
// secretariat saves any.
func DefaultBilateralSettings(eventID string) *BilateralSettings {
	return &BilateralSettings{EventID: eventID, SlotMinutes: DefaultSlotMinutes, BreakMinutes: DefaultBreakMinutes,
		DayStart: DefaultDayStart, DayEnd: DefaultDayEnd, Windows: []TimeRange{}, Rooms: []BilateralRoom{},
		Interpreters: []BilateralInterpreter{}, TimeBoxSeconds: DefaultTimeBoxSeconds}
}

// nextID returns "<prefix><n>" for the first n above those ids of the
// form taken.
func nextID(prefix string, taken []string) func() string {
	n := 0
	for _, id := range taken {
		if k, err := strconv.Atoi(strings.TrimPrefix(id, prefix)); err == nil && strings.HasPrefix(id, prefix) {
			n = max(n, k)
		}
	}
	return func() string { n++; return prefix + strconv.Itoa(n) }
}

// Normalize trims the settings' texts, fills the defaults of what is
// zero, gives rooms and interpreters without an id the next free "r<n>",
// "i<n>", and puts times in UTC.
func (s *BilateralSettings) Normalize() {
	if s.SlotMinutes == 0 {
		s.SlotMinutes = DefaultSlotMinutes
	}
	s.DayStart, s.DayEnd = strings.TrimSpace(s.DayStart), strings.TrimSpace(s.DayEnd)
	if s.DayStart == "" {
		s.DayStart = DefaultDayStart
	}
	if s.DayEnd == "" {
		s.DayEnd = DefaultDayEnd
	}
	if s.TimeBoxSeconds == 0 {
		s.TimeBoxSeconds = DefaultTimeBoxSeconds
	}
	s.Windows = normalizeRanges(s.Windows)
	if !s.RequestDeadline.IsZero() {
		s.RequestDeadline = s.RequestDeadline.UTC()
	}
	var ids []string
	for i := range s.Rooms {
		r := &s.Rooms[i]
		r.ID, r.Name = strings.TrimSpace(r.ID), CleanLine(r.Name)
		ids = append(ids, r.ID)
	}
	room := nextID("r", ids)
	for i := range s.Rooms {
		if s.Rooms[i].ID == "" {
			s.Rooms[i].ID = room()
		}
	}
	ids = ids[:0]
	for i := range s.Interpreters {
		x := &s.Interpreters[i]
		x.ID, x.Name = strings.TrimSpace(x.ID), CleanLine(x.Name)
		for j := range x.Pairs {
			x.Pairs[j].Normalize()
		}
		x.Unavailable = normalizeRanges(x.Unavailable)
		ids = append(ids, x.ID)
	}
	interp := nextID("i", ids)
	for i := range s.Interpreters {
		if s.Interpreters[i].ID == "" {
			s.Interpreters[i].ID = interp()
		}
	}
	if s.Windows == nil {
		s.Windows = []TimeRange{}
	}
	if s.Rooms == nil {
		s.Rooms = []BilateralRoom{}
	}
	if s.Interpreters == nil {
		s.Interpreters = []BilateralInterpreter{}
	}
}

// Validate checks the settings for the conference ev. Call Normalize
// first. A slot longer than every free window is refused (naming
// slotMinutes): no meeting could be held.
func (s *BilateralSettings) Validate(ev *Event) error {
	if s.SlotMinutes < MinSlotMinutes || s.SlotMinutes > MaxSlotMinutes {
		return bilateralField("slotMinutes", "bad_field", s.SlotMinutes, "between %d and %d minutes", MinSlotMinutes, MaxSlotMinutes)
	}
	if s.BreakMinutes < 0 || s.BreakMinutes > MaxBreakMinutes {
		return bilateralField("breakMinutes", "bad_field", s.BreakMinutes, "between 0 and %d minutes", MaxBreakMinutes)
	}
	start, err := clockTime(s.DayStart)
	if err != nil {
		return bilateralField("dayStart", "bad_time", s.DayStart, "not a time of day")
	}
	end, err := clockTime(s.DayEnd)
	if err != nil {
		return bilateralField("dayEnd", "bad_time", s.DayEnd, "not a time of day")
	}
	if end <= start {
		return bilateralField("dayEnd", "bad_range", s.DayEnd, "the day ends before it starts")
	}
	if s.TimeBoxSeconds < 1 || s.TimeBoxSeconds > MaxSolveTimeBoxSeconds {
		return bilateralField("timeBoxSeconds", "bad_field", s.TimeBoxSeconds, "between 1 and %d seconds", MaxSolveTimeBoxSeconds)
	}
	if len(s.Windows) > MaxEventSessions {
		return bilateralLimit("windows", "too_many", MaxEventSessions)
	}
	for i, w := range s.Windows {
		f := "windows." + strconv.Itoa(i)
		if !w.End.After(w.Start) {
			return bilateralField(f, "bad_range", w.End.Format(time.RFC3339), "the end is not after the start")
		}
		if w.Start.Before(ev.Start) || w.End.After(ev.End) {
			return bilateralField(f, "outside_event", w.Start.Format(time.RFC3339), "outside the conference")
		}
		if i > 0 && s.Windows[i-1].End.After(w.Start) {
			return bilateralField(f, "overlap", w.Start.Format(time.RFC3339), "overlaps the window before")
		}
	}
	if !s.RequestDeadline.IsZero() && s.RequestDeadline.After(ev.End) {
		return bilateralField("requestDeadline", "outside_event", s.RequestDeadline.Format(time.RFC3339), "after the conference's end")
	}
	if len(s.Rooms) > MaxBilateralRooms {
		return bilateralLimit("rooms", "too_many", MaxBilateralRooms)
	}
	seen := map[string]bool{}
	for i, r := range s.Rooms {
		f := "rooms." + strconv.Itoa(i)
		if len(r.ID) > MaxBilateralID {
			return bilateralLimit(f+".id", "too_long", MaxBilateralID)
		}
		if seen[r.ID] {
			return bilateralField(f+".id", "duplicate", r.ID, "two rooms have the id %q", r.ID)
		}
		seen[r.ID] = true
		if r.Name == "" {
			return bilateralField(f+".name", "missing", "", "a room has a name")
		}
		if err := checkBilateralText(f+".name", r.Name, MaxRoomName); err != nil {
			return err
		}
		if r.Capacity < 1 {
			return bilateralField(f+".capacity", "room_capacity", r.Capacity, "a room seats 1 to %d people", MaxRoomCapacity)
		}
		if r.Capacity > MaxRoomCapacity {
			return Localized(Invalid, "bilaterals.error.room_capacity_max", map[string]any{"Field": f + ".capacity", "Value": r.Capacity, "Max": MaxRoomCapacity},
				"%s: a room seats 1 to %d people", f+".capacity", MaxRoomCapacity)
		}
	}
	if len(s.Interpreters) > MaxInterpreters {
		return bilateralLimit("interpreters", "too_many", MaxInterpreters)
	}
	seen = map[string]bool{}
	for i, x := range s.Interpreters {
		f := "interpreters." + strconv.Itoa(i)
		if len(x.ID) > MaxBilateralID {
			return bilateralLimit(f+".id", "too_long", MaxBilateralID)
		}
		if seen[x.ID] {
			return bilateralField(f+".id", "duplicate", x.ID, "two interpreters have the id %q", x.ID)
		}
		seen[x.ID] = true
		if x.Name == "" {
			return bilateralField(f+".name", "missing", "", "an interpreter has a name")
		}
		if err := checkBilateralText(f+".name", x.Name, MaxMemberName); err != nil {
			return err
		}
		if len(x.Pairs) == 0 {
			return bilateralField(f+".pairs", "missing", "", "an interpreter has a pair")
		}
		if len(x.Pairs) > MaxMemberLanguages {
			return bilateralLimit(f+".pairs", "too_many", MaxMemberLanguages)
		}
		for j, p := range x.Pairs {
			if err := p.Validate(fmt.Sprintf("%s.pairs.%d", f, j)); err != nil {
				return err
			}
		}
		if err := checkRanges(f+".unavailable", x.Unavailable, ev); err != nil {
			return err
		}
	}
	windows, err := BilateralWindows(ev, s)
	if err != nil {
		return err
	}
	slot := time.Duration(s.SlotMinutes) * time.Minute
	if !slices.ContainsFunc(windows, func(w TimeRange) bool { return w.End.Sub(w.Start) >= slot }) {
		return bilateralField("slotMinutes", "slot_too_long", s.SlotMinutes, "longer than every free window")
	}
	return nil
}

// clockTime parses "HH:MM" into minutes after midnight (24:00 allowed).
func clockTime(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("not HH:MM: %q", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || hh == 24 && mm != 0 {
		return 0, fmt.Errorf("not HH:MM: %q", s)
	}
	return hh*60 + mm, nil
}
