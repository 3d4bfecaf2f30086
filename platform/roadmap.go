package platform

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Record types of the roadmap.
const (
	// TypeRoadmapPeriod is a two-year period of the roadmap (2025–2026).
	TypeRoadmapPeriod RecordType = "roadmap_period"
	// TypePriority is a priority of a period under one thematic area.
	TypePriority RecordType = "priority"
	// TypeCommitment is a commitment, or one of its actions or milestones
	// (RoadmapItem.Kind): one record type, nested by Parent, so that a
	// tree of any depth rolls up the same way.
	TypeCommitment RecordType = "commitment"
	// TypeProgressUpdate is a dated entry of a commitment's timeline: text,
	// evidence and perhaps a progress claim.
	TypeProgressUpdate RecordType = "progress_update"
	// TypeReassessment is a country's rating of a priority or commitment
	// at the end of a period.
	TypeReassessment RecordType = "reassessment"
	// TypeRecommendation is a review recommendation to a country.
	TypeRecommendation RecordType = "recommendation"
	// TypeFollow is a user's following of a commitment, a recommendation or
	// a country.
	TypeFollow RecordType = "follow"
	// TypeNotification is a message in a user's notifications in the hub.
	TypeNotification RecordType = "notification"
)

// ItemKind is what a roadmap item is.
type ItemKind string

// Item kinds. A commitment sits under a priority; actions and milestones
// sit under a commitment or an action.
const (
	KindCommitment ItemKind = "commitment"
	KindAction     ItemKind = "action"
	KindMilestone  ItemKind = "milestone"
)

// ItemKinds lists the item kinds.
func ItemKinds() []ItemKind { return []ItemKind{KindCommitment, KindAction, KindMilestone} }

// ItemStatus is an item's place on the completion scale (the Open
// Government Partnership's, with withdrawn).
type ItemStatus string

// Item statuses, in the order of the scale. A withdrawn item counts for
// nothing in its parent's progress.
const (
	StatusNotStarted  ItemStatus = "not_started"
	StatusLimited     ItemStatus = "limited"
	StatusSubstantial ItemStatus = "substantial"
	StatusCompleted   ItemStatus = "completed"
	StatusWithdrawn   ItemStatus = "withdrawn"
)

// ItemStatuses lists the statuses in the order of the scale.
func ItemStatuses() []ItemStatus {
	return []ItemStatus{StatusNotStarted, StatusLimited, StatusSubstantial, StatusCompleted, StatusWithdrawn}
}

// ClaimState is where a progress claim stands with the secretariat.
type ClaimState string

// Claim states. A focal point's claim is claimed until the secretariat
// verifies it or questions it (with a reason); a claim the secretariat makes
// itself is verified at once.
const (
	ClaimClaimed    ClaimState = "claimed"
	ClaimVerified   ClaimState = "verified"
	ClaimQuestioned ClaimState = "questioned"
)

// Rating is a country's reassessment of a priority or commitment at the end
// of a period.
type Rating string

// Reassessment ratings.
const (
	RatingAchieved Rating = "achieved"
	RatingRelevant Rating = "relevant"
	RatingAdjust   Rating = "adjust"
)

// Ratings lists the reassessment ratings.
func Ratings() []Rating { return []Rating{RatingAchieved, RatingRelevant, RatingAdjust} }

// RecommendationSource is the mechanism a recommendation comes from.
type RecommendationSource string

// Recommendation sources.
const (
	SourceUNCAC1     RecommendationSource = "uncac1"
	SourceUNCAC2     RecommendationSource = "uncac2"
	SourceIstanbul   RecommendationSource = "oecd_iap"
	SourceGRECO      RecommendationSource = "greco"
	SourceConference RecommendationSource = "conference"
	SourceNational   RecommendationSource = "national"
)

// RecommendationSources lists the sources.
func RecommendationSources() []RecommendationSource {
	return []RecommendationSource{SourceUNCAC1, SourceUNCAC2, SourceIstanbul, SourceGRECO, SourceConference, SourceNational}
}

// Implementation is how far a recommendation is implemented.
type Implementation string

// Implementation ratings, from nothing to all.
const (
	ImplNone     Implementation = "not_implemented"
	ImplPartial  Implementation = "partially"
	ImplLargely  Implementation = "largely"
	ImplFull     Implementation = "fully"
	ImplNotRated Implementation = "not_rated"
)

// Implementations lists the implementation ratings, not rated first.
func Implementations() []Implementation {
	return []Implementation{ImplNotRated, ImplNone, ImplPartial, ImplLargely, ImplFull}
}

// Limits on roadmap fields.
const (
	MaxRoadmapTitle = 500
	MaxRoadmapText  = 20000
	MaxRoadmapCode  = 40
	// MaxRoadmapDepth bounds the nesting of items under a commitment.
	MaxRoadmapDepth = 6
	MaxIndicators   = 20
	MaxEvidence     = 50
	// DefaultStallDays is how long an item may go without an update
	// before it is stalled, unless the period says otherwise.
	DefaultStallDays = 90
)

// Text is a text per language (Languages): a title, a description, an
// update's text.
type Text map[string]string

// In returns the text in lang along the hub's fallback chain (lang, then
// Russian, then English, then any), and the language it is in.
func (t Text) In(lang string) (string, string) {
	chain := []string{lang, "ru", "en"}
	if lang == "en" || lang == "ru" {
		chain = []string{lang, "en", "ru"}
	}
	for _, l := range chain {
		if s := t[l]; s != "" {
			return s, l
		}
	}
	for _, l := range Languages() {
		if s := t[l]; s != "" {
			return s, l
		}
	}
	return "", ""
}

// normalize trims each text, drops the empty ones, and writes texts in NFC
// with \n line ends (a spreadsheet's \r\n comes back as \n, so a text
// must be stored as it will be read again, or a second import of the same
// file would see a change).
func (t Text) normalize() {
	for l, s := range t {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.TrimSpace(norm.NFC.String(strings.ReplaceAll(s, "\r", "\n")))
		if s == "" {
			delete(t, l)
		} else {
			t[l] = s
		}
	}
}

// Normalize writes the update's texts as ItemInput.Normalize does.
func (in *UpdateInput) Normalize() { in.Text.normalize() }

// RoadmapPeriod is a period of the roadmap, such as 2025–2026. Its id is
// its years ("2025-2026").
type RoadmapPeriod struct {
	ID    string    `json:"id" bson:"_id"`
	Start time.Time `json:"start" bson:"start"` // first day, UTC midnight
	End   time.Time `json:"end" bson:"end"`     // last day, UTC midnight
	Title Text      `json:"title,omitempty" bson:"title,omitempty"`
	// StallDays is how many days without an update make an item stalled
	// (0: DefaultStallDays).
	StallDays int `json:"stallDays,omitempty" bson:"stallDays,omitempty"`
	// Previous is the id of the period before, whose relevant items
	// this one carries over.
	Previous  string    `json:"previous,omitempty" bson:"previous,omitempty"`
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" bson:"updatedAt"`
	Version   int       `json:"version" bson:"version"`
	Seq       uint64    `json:"-" bson:"seq"`
}

// Stall is the period's stall limit in days.
func (p *RoadmapPeriod) Stall() int {
	if p.StallDays > 0 {
		return p.StallDays
	}
	return DefaultStallDays
}

var periodID = regexp.MustCompile(`^(\d{4})-(\d{4})$`)

// Validate checks a period: its id is "YYYY-YYYY", its end not before its
// start, its stall limit 0–3650 days.
func (p *RoadmapPeriod) Validate() error {
	if !periodID.MatchString(p.ID) {
		return roadmapField("id", p.ID, "a period's id is its years, such as 2025-2026")
	}
	if p.Start.IsZero() || p.End.IsZero() {
		return roadmapField("start", "", "a period has a start and an end")
	}
	if p.End.Before(p.Start) {
		return roadmapField("end", p.End.Format(time.DateOnly), "ends before it starts")
	}
	if p.StallDays < 0 || p.StallDays > 3650 {
		return roadmapField("stallDays", p.StallDays, "between 0 and 3650 days")
	}
	return checkRoadmapText("title", p.Title, MaxRoadmapTitle)
}

// Priority is one of a period's priorities, under one thematic area
// (Areas). Priorities are regional: every country's commitments sit under
// them.
type Priority struct {
	ID          string `json:"id" bson:"_id"`
	Period      string `json:"period" bson:"period"`
	Area        string `json:"area" bson:"area"`
	Code        string `json:"code,omitempty" bson:"code,omitempty"`
	Title       Text   `json:"title" bson:"title"`
	Description Text   `json:"description,omitempty" bson:"description,omitempty"`
	Order       int    `json:"order" bson:"order"`
	// CarriedFrom is the priority of the previous period this one
	// continues.
	CarriedFrom string    `json:"carriedFrom,omitempty" bson:"carriedFrom,omitempty"`
	Visibility  string    `json:"visibility" bson:"visibility"`
	CreatedAt   time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt" bson:"updatedAt"`
	Version     int       `json:"version" bson:"version"`
	Seq         uint64    `json:"-" bson:"seq"`
}

// Validate checks a priority's fields (whether its period exists is the
// service's to check).
func (p *Priority) Validate() error {
	if !slices.Contains(Areas(), p.Area) {
		return roadmapField("area", p.Area, "unknown thematic area %q", p.Area)
	}
	if !slices.Contains(Visibilities(), p.Visibility) {
		return roadmapField("visibility", p.Visibility, "unknown visibility %q", p.Visibility)
	}
	if err := checkCode(p.Code); err != nil {
		return err
	}
	if title, _ := p.Title.In("en"); title == "" {
		return Localized(Invalid, "roadmap.error.title_required", map[string]any{"Field": "title"}, "title: required in at least one language")
	}
	if err := checkRoadmapText("title", p.Title, MaxRoadmapTitle); err != nil {
		return err
	}
	return checkRoadmapText("description", p.Description, MaxRoadmapText)
}

// Indicator measures an item: a baseline, a target and the current value,
// in a unit.
type Indicator struct {
	Name     Text     `json:"name" bson:"name"`
	Unit     string   `json:"unit,omitempty" bson:"unit,omitempty"`
	Baseline *float64 `json:"baseline,omitempty" bson:"baseline,omitempty"`
	Target   *float64 `json:"target,omitempty" bson:"target,omitempty"`
	Current  *float64 `json:"current,omitempty" bson:"current,omitempty"`
}

// Progress is an item's progress in percent, as claimed by its country and
// as verified by the secretariat. Nil means nothing was claimed (or
// verified) yet.
type Progress struct {
	Claimed  *float64 `json:"claimed,omitempty" bson:"claimed,omitempty"`
	Verified *float64 `json:"verified,omitempty" bson:"verified,omitempty"`
}

// RoadmapItem is a commitment, an action or a milestone. A commitment
// belongs to a priority; an action or milestone to its Parent item. Country
// is empty for a regional item.
type RoadmapItem struct {
	ItemInput `bson:",inline"`
	ID        string `json:"id" bson:"_id"`
	// Rollup is the item's progress as each tier of readers sees it
	// (Tier: "public", "members", "secretariat"): an item with children
	// rolls up only the children that tier may see, so a hidden action
	// changes nothing a reader gets. Kept current on every write (not
	// computed per view).
	Rollup map[string]Progress `json:"-" bson:"rollup"`
	// Own is the progress of the item's own claims (its latest claim, its
	// latest verified claim); a leaf's Rollup is Own.
	Own Progress `json:"-" bson:"own"`
	// LastUpdate is the time of the latest entry in the item's timeline
	// (or of its creation): what "stalled" is counted from.
	LastUpdate time.Time `json:"lastUpdate" bson:"lastUpdate"`
	// Children counts the item's direct children (all tiers, as
	// stored); the copy a reader gets counts those they may see.
	Children int `json:"children" bson:"children"`
	// Depth is 0 for a commitment, 1 for its actions, and so on.
	Depth     int       `json:"depth" bson:"depth"`
	CreatedAt time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" bson:"updatedAt"`
	CreatedBy string    `json:"createdBy,omitempty" bson:"createdBy,omitempty"`
	Version   int       `json:"version" bson:"version"`
	Seq       uint64    `json:"-" bson:"seq"`
}

// ItemInput is what an editor gives for an item.
type ItemInput struct {
	Kind     ItemKind `json:"kind" bson:"kind"`
	Period   string   `json:"period" bson:"period"`
	Priority string   `json:"priority" bson:"priority"`
	// Parent is the item an action or milestone belongs to; empty for a
	// commitment.
	Parent string `json:"parent,omitempty" bson:"parent,omitempty"`
	// Country is the country the item is for (Countries), empty for a
	// regional one. An action has its commitment's country.
	Country string `json:"country,omitempty" bson:"country,omitempty"`
	// Code is the item's number in the roadmap ("KZ-1.2"), unique in its
	// period and country; an import matches rows on it.
	Code        string      `json:"code,omitempty" bson:"code,omitempty"`
	Title       Text        `json:"title" bson:"title"`
	Description Text        `json:"description,omitempty" bson:"description,omitempty"`
	Lead        string      `json:"lead,omitempty" bson:"lead,omitempty"` // lead institution
	Start       *time.Time  `json:"start,omitempty" bson:"start,omitempty"`
	Due         *time.Time  `json:"due,omitempty" bson:"due,omitempty"`
	Indicators  []Indicator `json:"indicators,omitempty" bson:"indicators,omitempty"`
	// Weight is the item's share of its parent's progress (default 1;
	// 0 counts for nothing).
	Weight   float64    `json:"weight" bson:"weight"`
	Status   ItemStatus `json:"status" bson:"status"`
	Articles []int      `json:"articles,omitempty" bson:"articles,omitempty"`
	// CarriedFrom is the item of the previous period this one continues;
	// its timeline is shown before this one's.
	CarriedFrom string `json:"carriedFrom,omitempty" bson:"carriedFrom,omitempty"`
	Visibility  string `json:"visibility" bson:"visibility"`
	// IfVersion, when set on an update, refuses it (Conflict) unless the
	// item is still at that version.
	IfVersion int `json:"ifVersion,omitempty" bson:"-"`
}

// roadmapField is an Invalid error naming field (its JSON name, which is
// also its column in spreadsheets).
func roadmapField(field string, value any, format string, args ...any) error {
	return Localized(Invalid, "roadmap.error.bad_field", map[string]any{"Field": field, "Value": value},
		"%s: "+format, append([]any{field}, args...)...)
}

var codePattern = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._/-]*$`)

func checkCode(code string) error {
	if code == "" {
		return nil
	}
	if utf8.RuneCountInString(code) > MaxRoadmapCode || !codePattern.MatchString(code) {
		return roadmapField("code", code, "letters, digits and . _ / - only, at most %d", MaxRoadmapCode)
	}
	return nil
}

func checkRoadmapText(field string, t Text, max int) error {
	for lang, s := range t {
		if !ValidLanguage(lang) {
			return roadmapField(field, lang, "unknown language %q", lang)
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
			return Localized(Invalid, "roadmap.error.too_long", map[string]any{"Field": field + "." + lang, "Limit": max},
				"%s.%s: longer than %d characters", field, lang, max)
		}
		if i := strings.IndexFunc(s, unsafeRune); i >= 0 {
			return roadmapField(field+"."+lang, fmt.Sprintf("U+%04X", []rune(s[i:])[0]), "holds a control character")
		}
	}
	return nil
}

// Normalize trims the input's texts and fills its defaults: weight 1 when
// none was given is NOT assumed here (a weight of 0 is meaningful); status
// not started; visibility public.
func (in *ItemInput) Normalize() {
	for _, t := range []Text{in.Title, in.Description} {
		t.normalize()
	}
	in.Code = strings.TrimSpace(in.Code)
	in.Lead = collapseSpaces(in.Lead)
	if in.Status == "" {
		in.Status = StatusNotStarted
	}
	if in.Visibility == "" {
		in.Visibility = Public
	}
	if in.Kind == "" {
		in.Kind = KindCommitment
		if in.Parent != "" {
			in.Kind = KindAction
		}
	}
	slices.Sort(in.Articles)
	in.Articles = slices.Compact(in.Articles)
}

// Validate checks the input's own fields; period, priority and parent
// (existence, cycles, due date within the period) are the service's to
// check, with the same error shape. The error is Invalid, naming the field.
func (in *ItemInput) Validate() error {
	if !slices.Contains(ItemKinds(), in.Kind) {
		return roadmapField("kind", in.Kind, "unknown kind %q", in.Kind)
	}
	if in.Kind == KindCommitment && in.Parent != "" {
		return roadmapField("parent", in.Parent, "a commitment has no parent item")
	}
	if in.Kind != KindCommitment && in.Parent == "" {
		return roadmapField("parent", "", "an action or milestone belongs to a commitment or an action")
	}
	if in.Period == "" {
		return roadmapField("period", "", "required")
	}
	if in.Priority == "" {
		return roadmapField("priority", "", "required")
	}
	if in.Country != "" && !slices.Contains(Countries(), in.Country) {
		return roadmapField("country", in.Country, "unknown country %q", in.Country)
	}
	if err := checkCode(in.Code); err != nil {
		return err
	}
	if title, _ := in.Title.In("en"); title == "" {
		return Localized(Invalid, "roadmap.error.title_required", map[string]any{"Field": "title"}, "title: required in at least one language")
	}
	if err := checkRoadmapText("title", in.Title, MaxRoadmapTitle); err != nil {
		return err
	}
	if err := checkRoadmapText("description", in.Description, MaxRoadmapText); err != nil {
		return err
	}
	if utf8.RuneCountInString(in.Lead) > MaxRoadmapTitle || strings.IndexFunc(in.Lead, unsafeRune) >= 0 {
		return roadmapField("lead", "", "at most %d characters, no control characters", MaxRoadmapTitle)
	}
	if in.Start != nil && in.Due != nil && in.Due.Before(*in.Start) {
		return roadmapField("due", in.Due.Format(time.DateOnly), "due before it starts")
	}
	if math.IsNaN(in.Weight) || math.IsInf(in.Weight, 0) || in.Weight < 0 || in.Weight > 1000 {
		return roadmapField("weight", in.Weight, "a weight is between 0 and 1000")
	}
	if !slices.Contains(ItemStatuses(), in.Status) {
		return roadmapField("status", in.Status, "unknown status %q", in.Status)
	}
	if !slices.Contains(Visibilities(), in.Visibility) {
		return roadmapField("visibility", in.Visibility, "unknown visibility %q", in.Visibility)
	}
	for _, n := range in.Articles {
		if _, ok := ArticleByNumber(n); !ok {
			return roadmapField("articles", n, "no article %d in the Convention", n)
		}
	}
	if len(in.Indicators) > MaxIndicators {
		return roadmapField("indicators", len(in.Indicators), "at most %d indicators", MaxIndicators)
	}
	for i, ind := range in.Indicators {
		f := fmt.Sprintf("indicators.%d", i)
		if name, _ := ind.Name.In("en"); name == "" {
			return roadmapField(f+".name", "", "an indicator has a name")
		}
		if err := checkRoadmapText(f+".name", ind.Name, MaxRoadmapTitle); err != nil {
			return err
		}
		if utf8.RuneCountInString(ind.Unit) > 40 || strings.IndexFunc(ind.Unit, unsafeRune) >= 0 {
			return roadmapField(f+".unit", ind.Unit, "at most 40 characters")
		}
		for name, v := range map[string]*float64{"baseline": ind.Baseline, "target": ind.Target, "current": ind.Current} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				return roadmapField(f+"."+name, "", "not a number")
			}
		}
	}
	return nil
}

// Concerns lists the countries an item concerns, for CanEditRoadmap: its
// country, or none for a regional item.
func (it *RoadmapItem) Concerns() []string {
	if it.Country == "" {
		return nil
	}
	return []string{it.Country}
}

// Delayed reports whether the item's due date passed at now while it is
// neither completed nor withdrawn.
func (it *RoadmapItem) Delayed(now time.Time) bool {
	return it.Due != nil && Day(now).After(*it.Due) && it.Status != StatusCompleted && it.Status != StatusWithdrawn
}

// Stalled reports whether the item, open, had no update for stallDays at
// now.
func (it *RoadmapItem) Stalled(now time.Time, stallDays int) bool {
	if it.Status == StatusCompleted || it.Status == StatusWithdrawn {
		return false
	}
	return now.Sub(it.LastUpdate) > time.Duration(stallDays)*24*time.Hour
}

// ProgressFor is the item's progress as the reader u sees it.
func (it *RoadmapItem) ProgressFor(u *User) Progress { return it.Rollup[Tier(u)] }

// CanEditRoadmap reports whether u may create or change an item (or an
// update, a reassessment, a recommendation) of country: the secretariat
// any; a focal point only their own country's, never a regional one.
func CanEditRoadmap(u *User, country string) bool {
	if country == "" {
		return IsSecretariat(u)
	}
	return CanEdit(u, []string{country})
}

// ChildProgress is what RollUp needs of a child: its weight, its status
// and its progress for the tier being rolled up.
type ChildProgress struct {
	Weight   float64
	Status   ItemStatus
	Progress Progress
}

// RollUp computes a parent's progress from its children: the weighted mean
// of the children's progress, withdrawn children left out; a child with no
// claim counts as 0; claimed and verified are rolled up separately (a child
// with nothing verified counts 0 in the verified mean). When every weight is
// 0 the children count equally. No children gives nil (nothing to say).
// Results are rounded to one decimal.
func RollUp(children []ChildProgress) Progress {
	var sumW, claimed, verified float64
	var n int
	var anyClaim, anyVerified bool
	for _, c := range children {
		if c.Status == StatusWithdrawn {
			continue
		}
		n++
		sumW += c.Weight
	}
	if n == 0 {
		return Progress{}
	}
	for _, c := range children {
		if c.Status == StatusWithdrawn {
			continue
		}
		w := c.Weight
		if sumW == 0 {
			w = 1
		}
		if c.Progress.Claimed != nil {
			anyClaim = true
			claimed += w * *c.Progress.Claimed
		}
		if c.Progress.Verified != nil {
			anyVerified = true
			verified += w * *c.Progress.Verified
		}
	}
	total := sumW
	if sumW == 0 {
		total = float64(n)
	}
	var p Progress
	if anyClaim {
		v := math.Round(claimed/total*10) / 10
		p.Claimed = &v
	}
	if anyVerified {
		v := math.Round(verified/total*10) / 10
		p.Verified = &v
	}
	return p
}

// Evidence is what an update points at to show its progress: a library
// document, an event, or a file uploaded with the update.
type Evidence struct {
	Kind EvidenceKind `json:"kind" bson:"kind"`
	// Ref is the document's or event's id, or the uploaded file's id.
	Ref string `json:"ref" bson:"ref"`
	// Name is the file's name (an uploaded file), or empty.
	Name string `json:"name,omitempty" bson:"name,omitempty"`
	// Size and ContentType describe an uploaded file.
	Size        int64  `json:"size,omitempty" bson:"size,omitempty"`
	ContentType string `json:"contentType,omitempty" bson:"contentType,omitempty"`
}

// EvidenceKind is what a piece of evidence is.
type EvidenceKind string

// Evidence kinds.
const (
	EvidenceDocument EvidenceKind = "document"
	EvidenceEvent    EvidenceKind = "event"
	EvidenceFile     EvidenceKind = "file"
)

// Claim is a progress claim carried by an update.
type Claim struct {
	Progress float64    `json:"progress" bson:"progress"`
	Status   ItemStatus `json:"status,omitempty" bson:"status,omitempty"`
	State    ClaimState `json:"state" bson:"state"`
	// Reason is the secretariat's reason for questioning the claim (or
	// its note on verifying it).
	Reason     string     `json:"reason,omitempty" bson:"reason,omitempty"`
	ReviewedBy string     `json:"reviewedBy,omitempty" bson:"reviewedBy,omitempty"`
	ReviewedAt *time.Time `json:"reviewedAt,omitempty" bson:"reviewedAt,omitempty"`
}

// ProgressUpdate is one entry of an item's timeline.
type ProgressUpdate struct {
	UpdateInput `bson:",inline"`
	ID          string `json:"id" bson:"_id"`
	Item        string `json:"item" bson:"item"`
	// Country and Visibility are the item's (its visibility narrowed by
	// its ancestors'), copied so that lists and feeds filter without
	// reading the item; kept so when the item or an ancestor changes.
	Country    string    `json:"country,omitempty" bson:"country,omitempty"`
	Visibility string    `json:"visibility" bson:"visibility"`
	Author     string    `json:"author" bson:"author"`
	CreatedAt  time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt" bson:"updatedAt"`
	Version    int       `json:"version" bson:"version"`
	Seq        uint64    `json:"-" bson:"seq"`
}

// UpdateInput is what a focal point or the secretariat gives for an update.
type UpdateInput struct {
	// Date is the day the update speaks of (default today); not in the
	// future.
	Date     time.Time  `json:"date" bson:"date"`
	Text     Text       `json:"text,omitempty" bson:"text,omitempty"`
	Evidence []Evidence `json:"evidence,omitempty" bson:"evidence,omitempty"`
	// Claim, when set, claims the item's progress (and perhaps a status).
	// The service sets its State.
	Claim *Claim `json:"claim,omitempty" bson:"claim,omitempty"`
}

// Validate checks an update's fields: a claim's progress is 0–100, its
// status one of the scale, evidence kinds known. Whether the evidence
// exists, and that the item has no children when progress is claimed (a
// parent's progress is rolled up), are the service's to check.
func (in *UpdateInput) Validate() error {
	if err := checkRoadmapText("text", in.Text, MaxRoadmapText); err != nil {
		return err
	}
	if in.Claim == nil && len(in.Evidence) == 0 && len(in.Text) == 0 {
		return roadmapField("text", "", "an update says something, shows evidence or claims progress")
	}
	if in.Claim != nil {
		p := in.Claim.Progress
		if math.IsNaN(p) || p < 0 || p > 100 {
			return roadmapField("claim.progress", p, "progress is between 0 and 100")
		}
		if in.Claim.Status != "" && !slices.Contains(ItemStatuses(), in.Claim.Status) {
			return roadmapField("claim.status", in.Claim.Status, "unknown status %q", in.Claim.Status)
		}
	}
	if len(in.Evidence) > MaxEvidence {
		return roadmapField("evidence", len(in.Evidence), "at most %d pieces of evidence", MaxEvidence)
	}
	for i, e := range in.Evidence {
		if !slices.Contains([]EvidenceKind{EvidenceDocument, EvidenceEvent, EvidenceFile}, e.Kind) {
			return roadmapField(fmt.Sprintf("evidence.%d.kind", i), e.Kind, "unknown evidence kind %q", e.Kind)
		}
		if e.Ref == "" || !ValidRecordID(e.Ref) {
			return roadmapField(fmt.Sprintf("evidence.%d.ref", i), e.Ref, "not a record id")
		}
	}
	return nil
}

// Reassessment is a country's rating of a priority or commitment at the end
// of a period. Its id is "<period>/<country>/<item id>": one answer per
// country and item, replaced when the country answers again.
type Reassessment struct {
	ID      string `json:"id" bson:"_id"`
	Period  string `json:"period" bson:"period"`
	Country string `json:"country" bson:"country"`
	// Item is the priority's or the commitment's id; ItemType says which.
	Item      string     `json:"item" bson:"item"`
	ItemType  RecordType `json:"itemType" bson:"itemType"`
	Rating    Rating     `json:"rating" bson:"rating"`
	Comment   string     `json:"comment,omitempty" bson:"comment,omitempty"`
	By        string     `json:"by" bson:"by"`
	At        time.Time  `json:"at" bson:"at"`
	CarriedTo string     `json:"carriedTo,omitempty" bson:"carriedTo,omitempty"`
	Version   int        `json:"version" bson:"version"`
	Seq       uint64     `json:"-" bson:"seq"`
}

// ReassessmentID is the id of country's answer on item in period.
func ReassessmentID(period, country, item string) string { return period + "/" + country + "/" + item }

// Recommendation is a recommendation to a country from a review or another
// mechanism.
type Recommendation struct {
	RecommendationInput `bson:",inline"`
	ID                  string `json:"id" bson:"_id"`
	// Duplicates are the recommendations that are likely the same (same
	// country, a shared article, similar text in some language), kept
	// current on write, for the secretariat to merge or link.
	Duplicates []string  `json:"duplicates,omitempty" bson:"duplicates,omitempty"`
	CreatedAt  time.Time `json:"createdAt" bson:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt" bson:"updatedAt"`
	CreatedBy  string    `json:"createdBy,omitempty" bson:"createdBy,omitempty"`
	Version    int       `json:"version" bson:"version"`
	Seq        uint64    `json:"-" bson:"seq"`
}

// RecommendationInput is what an editor gives for a recommendation.
type RecommendationInput struct {
	Country string               `json:"country" bson:"country"`
	Source  RecommendationSource `json:"source" bson:"source"`
	// Reference locates it in its source: a report's paragraph, a
	// conference's name and year.
	Reference      string         `json:"reference,omitempty" bson:"reference,omitempty"`
	Year           int            `json:"year,omitempty" bson:"year,omitempty"`
	Articles       []int          `json:"articles,omitempty" bson:"articles,omitempty"`
	Area           string         `json:"area,omitempty" bson:"area,omitempty"`
	Text           Text           `json:"text" bson:"text"`
	Implementation Implementation `json:"implementation" bson:"implementation"`
	// Commitments are the roadmap items that answer it.
	Commitments []string `json:"commitments,omitempty" bson:"commitments,omitempty"`
	Visibility  string   `json:"visibility" bson:"visibility"`
	IfVersion   int      `json:"ifVersion,omitempty" bson:"-"`
}

// Normalize trims texts and fills defaults (not rated, public).
func (in *RecommendationInput) Normalize() {
	in.Text.normalize()
	in.Reference = collapseSpaces(in.Reference)
	if in.Implementation == "" {
		in.Implementation = ImplNotRated
	}
	if in.Visibility == "" {
		in.Visibility = Public
	}
	slices.Sort(in.Articles)
	in.Articles = slices.Compact(in.Articles)
	slices.Sort(in.Commitments)
	in.Commitments = slices.Compact(in.Commitments)
}

// Validate checks the input's fields (whether the commitments exist is the
// service's to check).
func (in *RecommendationInput) Validate() error {
	if !slices.Contains(Countries(), in.Country) {
		return roadmapField("country", in.Country, "unknown country %q", in.Country)
	}
	if !slices.Contains(RecommendationSources(), in.Source) {
		return roadmapField("source", in.Source, "unknown source %q", in.Source)
	}
	if utf8.RuneCountInString(in.Reference) > MaxRoadmapTitle || strings.IndexFunc(in.Reference, unsafeRune) >= 0 {
		return roadmapField("reference", "", "at most %d characters, no control characters", MaxRoadmapTitle)
	}
	if in.Year != 0 && (in.Year < 1990 || in.Year > 2100) {
		return roadmapField("year", in.Year, "a year between 1990 and 2100")
	}
	if in.Area != "" && !slices.Contains(Areas(), in.Area) {
		return roadmapField("area", in.Area, "unknown thematic area %q", in.Area)
	}
	for _, n := range in.Articles {
		if _, ok := ArticleByNumber(n); !ok {
			return roadmapField("articles", n, "no article %d in the Convention", n)
		}
	}
	if text, _ := in.Text.In("en"); text == "" {
		return Localized(Invalid, "roadmap.error.text_required", map[string]any{"Field": "text"}, "text: required in at least one language")
	}
	if err := checkRoadmapText("text", in.Text, MaxRoadmapText); err != nil {
		return err
	}
	if !slices.Contains(Implementations(), in.Implementation) {
		return roadmapField("implementation", in.Implementation, "unknown rating %q", in.Implementation)
	}
	if !slices.Contains(Visibilities(), in.Visibility) {
		return roadmapField("visibility", in.Visibility, "unknown visibility %q", in.Visibility)
	}
	if len(in.Commitments) > 100 {
		return roadmapField("commitments", len(in.Commitments), "at most 100 commitments")
	}
	for _, id := range in.Commitments {
		if !ValidRecordID(id) {
			return roadmapField("commitments", id, "not a record id")
		}
	}
	return nil
}

// FollowTarget is what a user follows: a commitment, a recommendation or a
// country.
type FollowTarget struct {
	Type RecordType `json:"type" bson:"type"` // TypeCommitment, TypeRecommendation, or "country"
	ID   string     `json:"id" bson:"id"`     // the record's id, or the country's code
}

// FollowCountry is FollowTarget.Type for a country.
const FollowCountry RecordType = "country"

// Follow is a user's following of a target. Its id is
// "<user>/<type>/<target id>".
type Follow struct {
	ID     string       `json:"id" bson:"_id"`
	User   string       `json:"user" bson:"user"`
	Target FollowTarget `json:"target" bson:"target"`
	At     time.Time    `json:"at" bson:"at"`
	Seq    uint64       `json:"-" bson:"seq"`
}

// NotificationKind is what happened that a follower is told of.
type NotificationKind string

// Notification kinds.
const (
	NotifyStatus     NotificationKind = "status"     // an item's status changed
	NotifyClaim      NotificationKind = "claim"      // progress was claimed
	NotifyVerified   NotificationKind = "verified"   // a claim was verified
	NotifyQuestioned NotificationKind = "questioned" // a claim was questioned
	NotifyEvidence   NotificationKind = "evidence"   // new evidence was linked
	NotifyRating     NotificationKind = "rating"     // a recommendation's implementation rating changed
)

// Notification is one message in a user's notifications: what happened to
// which record. Followers are told only of what they may see.
type Notification struct {
	ID         string           `json:"id" bson:"_id"`
	User       string           `json:"user" bson:"user"`
	Kind       NotificationKind `json:"kind" bson:"kind"`
	RecordType RecordType       `json:"recordType" bson:"recordType"`
	RecordID   string           `json:"recordId" bson:"recordId"`
	Country    string           `json:"country,omitempty" bson:"country,omitempty"`
	// Title is the record's title when it happened, per language.
	Title  Text      `json:"title,omitempty" bson:"title,omitempty"`
	Detail string    `json:"detail,omitempty" bson:"detail,omitempty"` // a status, a progress, a reason
	At     time.Time `json:"at" bson:"at"`
	Read   bool      `json:"read" bson:"read"`
	// Mailed is when it was mailed (HUB_SMTP_* set), nil before.
	Mailed *time.Time `json:"-" bson:"mailed,omitempty"`
	Seq    uint64     `json:"-" bson:"seq"`
}

// ItemFilter selects roadmap items for a list.
type ItemFilter struct {
	Period    string
	Countries []string // "regional" for regional items
	Areas     []string
	Priority  string
	Kinds     []ItemKind
	Statuses  []ItemStatus
	Article   int
	Parent    string // the children of one item
	TopLevel  bool   // commitments only
	Delayed   bool
	Stalled   bool
	Text      string // in a title or code, any language
	Offset    int
	Limit     int // 0: 50; at most 500
}

// RegionalKey is the "country" of regional items in filters, matrices and
// spreadsheets.
const RegionalKey = "regional"

// Validate checks the filter and fills its defaults.
func (f *ItemFilter) Validate() error {
	for _, c := range f.Countries {
		if c != RegionalKey && !slices.Contains(Countries(), c) {
			return roadmapField("country", c, "unknown country %q", c)
		}
	}
	for _, a := range f.Areas {
		if !slices.Contains(Areas(), a) {
			return roadmapField("area", a, "unknown thematic area %q", a)
		}
	}
	for _, k := range f.Kinds {
		if !slices.Contains(ItemKinds(), k) {
			return roadmapField("kind", k, "unknown kind %q", k)
		}
	}
	for _, s := range f.Statuses {
		if !slices.Contains(ItemStatuses(), s) {
			return roadmapField("status", s, "unknown status %q", s)
		}
	}
	if f.Article != 0 {
		if _, ok := ArticleByNumber(f.Article); !ok {
			return roadmapField("article", f.Article, "no article %d in the Convention", f.Article)
		}
	}
	if utf8.RuneCountInString(f.Text) > MaxQueryLen {
		return roadmapField("q", "", "longer than %d characters", MaxQueryLen)
	}
	if f.Offset < 0 || f.Offset > MaxSearchDepth {
		return roadmapField("offset", f.Offset, "between 0 and %d", MaxSearchDepth)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > 500 {
		return roadmapField("limit", f.Limit, "between 1 and 500")
	}
	return nil
}

// RecommendationFilter selects recommendations for a list.
type RecommendationFilter struct {
	Countries       []string
	Sources         []RecommendationSource
	Implementations []Implementation
	Article         int
	Area            string
	Duplicates      bool // only those flagged as likely duplicates
	Commitment      string
	Text            string
	Offset          int
	Limit           int // 0: 50; at most 500
}

// Validate checks the filter and fills its defaults.
func (f *RecommendationFilter) Validate() error {
	for _, c := range f.Countries {
		if !slices.Contains(Countries(), c) {
			return roadmapField("country", c, "unknown country %q", c)
		}
	}
	for _, s := range f.Sources {
		if !slices.Contains(RecommendationSources(), s) {
			return roadmapField("source", s, "unknown source %q", s)
		}
	}
	for _, s := range f.Implementations {
		if !slices.Contains(Implementations(), s) {
			return roadmapField("implementation", s, "unknown rating %q", s)
		}
	}
	if f.Area != "" && !slices.Contains(Areas(), f.Area) {
		return roadmapField("area", f.Area, "unknown thematic area %q", f.Area)
	}
	if f.Article != 0 {
		if _, ok := ArticleByNumber(f.Article); !ok {
			return roadmapField("article", f.Article, "no article %d in the Convention", f.Article)
		}
	}
	if utf8.RuneCountInString(f.Text) > MaxQueryLen {
		return roadmapField("q", "", "longer than %d characters", MaxQueryLen)
	}
	if f.Offset < 0 || f.Offset > MaxSearchDepth {
		return roadmapField("offset", f.Offset, "between 0 and %d", MaxSearchDepth)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > 500 {
		return roadmapField("limit", f.Limit, "between 1 and 500")
	}
	return nil
}

// MatrixCell is one cell of the country × thematic area matrix: the
// rolled-up progress of the commitments the reader may see, and how many.
type MatrixCell struct {
	Country  string   `json:"country"` // a code, or RegionalKey
	Area     string   `json:"area"`
	Progress Progress `json:"progress"`
	Items    int      `json:"items"`
	Delayed  int      `json:"delayed"`
	Stalled  int      `json:"stalled"`
}

// Overview is a period's roadmap as one reader sees it: the matrix (rows
// are the five countries then regional, columns the four areas), each
// country's and each area's total, and the counts by status.
type Overview struct {
	Period    string                 `json:"period"`
	Cells     []MatrixCell           `json:"cells"`
	Countries map[string]MatrixCell  `json:"countries"` // by country (and RegionalKey), all areas
	Areas     map[string]MatrixCell  `json:"areas"`     // by area, all countries
	Total     MatrixCell             `json:"total"`
	Statuses  map[ItemStatus]int     `json:"statuses"`
	Claims    map[ClaimState]int     `json:"claims"` // pending, verified, questioned claims
	Recs      map[Implementation]int `json:"recommendations"`
}

// TimelineEntry is an item's timeline for a reader: the updates they may
// see, their evidence limited to what they may see, oldest first, with the
// timelines of the items it was carried from before them.
type TimelineEntry struct {
	ProgressUpdate
	// FromItem is set when the entry belongs to an earlier period's item
	// this one was carried from.
	FromItem string `json:"fromItem,omitempty"`
}

// RoadmapService keeps the roadmap: periods, priorities, items, their
// timelines and the end-of-period reassessment. Every method applies the
// visibility and permission rules for the user in ctx: an item the reader
// may not see does not exist for them (NotFound), and what they get of a
// visible item (its progress, its children, its evidence) leaves out what
// they may not see.
type RoadmapService interface {
	// Periods lists the periods, latest first.
	Periods(ctx context.Context) ([]RoadmapPeriod, error)
	// SavePeriod creates or replaces a period. Secretariat only. Codes:
	// Invalid, Unauthorized, Forbidden.
	SavePeriod(ctx context.Context, p RoadmapPeriod) (*RoadmapPeriod, error)
	// Priorities lists a period's priorities the reader may see, by area
	// then order. Codes: Invalid (unknown period).
	Priorities(ctx context.Context, period string) ([]Priority, error)
	// SavePriority creates (empty ID) or replaces a priority. Secretariat
	// only. Codes: Invalid, NotFound, Unauthorized, Forbidden.
	SavePriority(ctx context.Context, p Priority) (*Priority, error)

	// FindItems lists the items the reader may see, by period, country,
	// priority and code, and the number that match. Codes: Invalid.
	FindItems(ctx context.Context, f ItemFilter) ([]*RoadmapItem, int, error)
	// Item returns one item. Codes: NotFound.
	Item(ctx context.Context, id string) (*RoadmapItem, error)
	// CreateItem stores a new item. Codes: Invalid (naming the field: an
	// unknown period, priority or parent; a due date outside the period;
	// a code taken; too deep), Unauthorized, Forbidden (not the
	// secretariat nor the country's focal point; audited).
	CreateItem(ctx context.Context, in ItemInput) (*RoadmapItem, error)
	// UpdateItem replaces an item's fields, and rolls up its parents.
	// Codes: as CreateItem, plus NotFound and Conflict (changed
	// concurrently or not at in.IfVersion; a parent making a cycle is
	// Invalid naming parent).
	UpdateItem(ctx context.Context, id string, in ItemInput) (*RoadmapItem, error)
	// DeleteItem removes an item with no children. Codes: NotFound,
	// Unauthorized, Forbidden, Conflict (it has children).
	DeleteItem(ctx context.Context, id string) error

	// Timeline lists an item's updates the reader may see, oldest first.
	// Codes: NotFound.
	Timeline(ctx context.Context, item string) ([]TimelineEntry, error)
	// AddUpdate adds an update to an item's timeline; a claim by a focal
	// point is claimed, by the secretariat verified. A claimed status
	// becomes the item's status. Followers are notified. Codes: Invalid
	// (progress claimed on an item with children; unknown evidence),
	// NotFound, Unauthorized, Forbidden.
	AddUpdate(ctx context.Context, item string, in UpdateInput) (*ProgressUpdate, error)
	// ReviewClaim verifies (verified true) or questions a claim, with a
	// reason (required when questioning). Secretariat only. Codes:
	// Invalid, NotFound (no such update, or it has no claim),
	// Unauthorized, Forbidden, Conflict (already reviewed).
	ReviewClaim(ctx context.Context, update string, verified bool, reason string) (*ProgressUpdate, error)

	// Overview computes the period's matrix and totals for the reader from
	// the rolled-up progress kept on the items. Codes: Invalid.
	Overview(ctx context.Context, period string) (*Overview, error)
	// Attention lists the period's open items the reader may see that are
	// delayed or stalled, for the next regional meeting. Codes: Invalid.
	Attention(ctx context.Context, period string) ([]*RoadmapItem, error)

	// Reassess records country's rating of a priority or commitment of a
	// period. The secretariat or the country's focal point. Codes:
	// Invalid, NotFound, Unauthorized, Forbidden.
	Reassess(ctx context.Context, r Reassessment) (*Reassessment, error)
	// Reassessments lists a period's answers, for the side-by-side view.
	// Members. Codes: Invalid, Unauthorized.
	Reassessments(ctx context.Context, period string) ([]Reassessment, error)
	// CarryOver copies an item (with its children) or a priority into the
	// period to, linked by CarriedFrom; its timeline stays with the
	// original and is shown before the copy's. Secretariat only. Codes:
	// Invalid (to is not a later period), NotFound, Unauthorized,
	// Forbidden, Conflict (carried already).
	CarryOver(ctx context.Context, item string, to string) (string, error)

	// ImportItems applies a spreadsheet's rows: a row with an id updates
	// that item, else one with a code the item of that code in its period
	// and country, else one whose title (in any language given) equals an
	// item's under the same period, country and parent; otherwise it
	// creates an item. A parent may be named by id or code, including a
	// row's earlier in the file. Rows equal to what is stored change
	// nothing, so importing a file twice changes nothing. Nothing is
	// written on a dry run, nor when a row is wrong unless opts.WriteValid.
	// Every row is checked as CreateItem/UpdateItem would (the problems
	// name row and column). Codes: Invalid (more rows than MaxImportRows),
	// Unauthorized, Forbidden (a row of another country is a problem of
	// that row, not a refusal).
	ImportItems(ctx context.Context, rows []ItemRow, opts ImportOptions) (*ImportReport, error)
}

// MaxImportRows bounds a spreadsheet import.
const MaxImportRows = 20000

// ItemRow is one row of an items spreadsheet as read: its number in the
// file (the header is row 1), the item's id if the file has one, its parent
// by id or code, and its fields.
type ItemRow struct {
	Row       int
	ID        string
	ParentRef string
	ItemInput
}

// RecommendationRow is one row of a recommendations spreadsheet.
type RecommendationRow struct {
	Row int
	ID  string
	RecommendationInput
}

// ImportOptions say what an import writes: nothing on a dry run; with bad
// rows, nothing unless WriteValid (then the valid rows are written).
type ImportOptions struct {
	DryRun     bool
	WriteValid bool
	// Progress, when set, is called as rows are checked and written
	// (done of total), for the page's progress bar.
	Progress func(done, total int) `json:"-"`
}

// ImportProblem is why a row cannot be imported: its row number, the
// column (a field name such as "weight" or "title.ru"), and the reason
// as a message for the reader.
type ImportProblem struct {
	Row       int            `json:"row"`
	Column    string         `json:"column,omitempty"`
	MessageID string         `json:"messageId,omitempty"`
	Data      map[string]any `json:"data,omitempty"`
	Message   string         `json:"message"`
}

// ImportOutcome is what an import did (or would do) with one row.
type ImportOutcome string

// Import outcomes.
const (
	OutcomeCreated   ImportOutcome = "created"
	OutcomeChanged   ImportOutcome = "changed"
	OutcomeUnchanged ImportOutcome = "unchanged"
	OutcomeRejected  ImportOutcome = "rejected"
)

// ImportRowResult is one row's outcome and the id it has (or will have:
// empty for a row to be created on a dry run).
type ImportRowResult struct {
	Row     int           `json:"row"`
	ID      string        `json:"id,omitempty"`
	Outcome ImportOutcome `json:"outcome"`
}

// ImportReport is an import's result: each row's outcome, the problems,
// and whether anything was written.
type ImportReport struct {
	Rows      []ImportRowResult `json:"rows"`
	Problems  []ImportProblem   `json:"problems"`
	Created   int               `json:"created"`
	Changed   int               `json:"changed"`
	Unchanged int               `json:"unchanged"`
	Rejected  int               `json:"rejected"`
	Written   bool              `json:"written"`
}

// ProblemOf turns an error from a validation into a row's problem: its
// column is the field the error names.
func ProblemOf(row int, err error) ImportProblem {
	p := ImportProblem{Row: row, Message: err.Error()}
	if e := AsError(err); e != nil {
		p.MessageID, p.Data, p.Message = e.MessageID, e.Data, e.Message
		if f, ok := e.Data["Field"].(string); ok {
			p.Column = f
		}
	}
	return p
}

// RecommendationService keeps the review recommendations.
type RecommendationService interface {
	// FindRecommendations lists those the reader may see and the number
	// that match. Codes: Invalid.
	FindRecommendations(ctx context.Context, f RecommendationFilter) ([]*Recommendation, int, error)
	// Recommendation returns one. Codes: NotFound.
	Recommendation(ctx context.Context, id string) (*Recommendation, error)
	// CreateRecommendation stores one and flags its likely duplicates
	// (on both sides). Codes: Invalid, Unauthorized, Forbidden.
	CreateRecommendation(ctx context.Context, in RecommendationInput) (*Recommendation, error)
	// UpdateRecommendation replaces one. Codes: Invalid, NotFound,
	// Unauthorized, Forbidden, Conflict.
	UpdateRecommendation(ctx context.Context, id string, in RecommendationInput) (*Recommendation, error)
	// DeleteRecommendation removes one. Codes: NotFound, Unauthorized,
	// Forbidden.
	DeleteRecommendation(ctx context.Context, id string) error
	// RecommendationCounts counts the recommendations the reader may see
	// by implementation rating, in one pass (the overview's figures).
	RecommendationCounts(ctx context.Context) (map[Implementation]int, error)
	// ImportRecommendations applies a spreadsheet's rows as ImportItems
	// does: by id, else by country, source and reference when the
	// reference is given, else by country, source and equal text.
	ImportRecommendations(ctx context.Context, rows []RecommendationRow, opts ImportOptions) (*ImportReport, error)
}

// FollowService keeps who follows what, and their notifications.
type FollowService interface {
	// Follow starts following a target the user may see (idempotent).
	// Codes: Invalid, NotFound, Unauthorized.
	Follow(ctx context.Context, t FollowTarget) error
	// Unfollow stops it (idempotent). Codes: Unauthorized.
	Unfollow(ctx context.Context, t FollowTarget) error
	// Following lists what the user follows. Codes: Unauthorized.
	Following(ctx context.Context) ([]Follow, error)
	// Notifications lists the user's notifications, latest first, and
	// how many are unread. Codes: Unauthorized.
	Notifications(ctx context.Context, offset, limit int) ([]Notification, int, error)
	// MarkRead marks the user's notifications read (all when ids is
	// empty). Codes: Unauthorized.
	MarkRead(ctx context.Context, ids []string) error
}
