// Package schedule places bilateral meetings between delegations into the
// free windows of a conference: a pure algorithm, with no database, web or
// clock of its own, so that it can be tested on thousands of instances and
// benchmarked on its own.
//
// An Instance says what there is (windows between plenary sessions, a slot
// length and a break, rooms with capacities, interpreters with language
// pairs, people and delegations with the times they are not available) and
// what is asked (accepted meetings, each between two delegations, with the
// people who attend, a priority and perhaps an interpretation pair). Solve
// never puts a person, delegation, room or interpreter in two places at
// once, keeps locked meetings where they are, explains each meeting it
// could not place and proves an upper bound on how many could be placed.
// Check, written apart from the solver, validates any schedule against
// every rule.
//
// The objective, compared in this order:
//
//  1. the count of meetings placed, the most;
//  2. the published meetings moved (to another time, room or interpreter)
//     or dropped, the fewest;
//  3. the sum of the priorities of the meetings placed, the most.
//
// Moves come before priority because delegations plan around a published
// schedule (travel, briefings, who attends): a published meeting is moved
// or dropped only when its placement no longer holds (its room or a
// person withdrawn) or when moving it lets more meetings be placed, never
// to make room for a meeting of higher priority. Re-solving after a room
// is withdrawn thus moves the meetings that were in it, plus only what
// their re-placement strictly needs, and a request added moves nothing
// unless that places more. With no published schedule the second
// criterion is void and priority decides which meetings to place, as it
// does among schedules of equal count and equal moves.
//
// How it solves (solve.go has the details): meetings start on a grid of
// slots (Slots), so two meetings conflict only within one slot, where rooms
// and interpreters are two small bipartite matchings. A greedy places
// meetings by priority and scarcity, after the locked and still-valid
// published ones; a local search of ejection chains, priority swaps (which
// never take a published meeting's place) and random perturbations
// improves it within the time box; an exact branch and bound, restarted
// with growing limits, proves the count optimal (and on small instances
// the moves and the priority) or finds better. The upper bound
// (bound.go) is the least of several relaxations solved exactly: meetings
// placeable alone, matchings of meetings to (slot, room) and (slot,
// interpreter) pairs, each delegation's and person's free slots.
package schedule

import "time"

// Interval is a span of time, [Start, End).
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// LanguagePair is two languages an interpreter interprets between, in either
// direction: ("en", "ru") and ("ru", "en") are the same pair. Languages are
// BCP 47 primary tags ("en", "ru", "kk", "zh").
type LanguagePair struct {
	A string `json:"a"`
	B string `json:"b"`
}

// Room is a meeting room and the number of people it seats.
type Room struct {
	ID       string `json:"id"`
	Capacity int    `json:"capacity"`
	// Unavailable are the times the room is taken for something else.
	Unavailable []Interval `json:"unavailable,omitempty"`
}

// Interpreter is a person who interprets between the pairs of languages.
type Interpreter struct {
	ID          string         `json:"id"`
	Pairs       []LanguagePair `json:"pairs"`
	Unavailable []Interval     `json:"unavailable,omitempty"`
}

// Person is a member of a delegation who may attend meetings.
type Person struct {
	ID          string     `json:"id"`
	Delegation  string     `json:"delegation"`
	Unavailable []Interval `json:"unavailable,omitempty"`
}

// Delegation is a country's or an organization's delegation.
type Delegation struct {
	ID          string     `json:"id"`
	Unavailable []Interval `json:"unavailable,omitempty"`
}

// Meeting is an accepted request for a meeting between two delegations.
type Meeting struct {
	ID          string    `json:"id"`
	Delegations [2]string `json:"delegations"`
	// People attend it (members of either delegation); each must be free.
	People []string `json:"people"`
	// Size is the number of seats it needs; 0 means len(People).
	Size int `json:"size,omitempty"`
	// Priority orders meetings when not all can be placed: higher first.
	// The count placed comes first, then the published meetings kept
	// where they were, then the priorities of those placed.
	Priority int `json:"priority"`
	// Interpretation is the pair the meeting needs an interpreter for; nil
	// when the delegations share a language.
	Interpretation *LanguagePair `json:"interpretation,omitempty"`
	// Locked, when not nil, is where the meeting must stay: the solver keeps
	// it there or, if that is no longer possible (its room withdrawn),
	// reports it unplaced with the reason rather than moving it.
	Locked *Placement `json:"locked,omitempty"`
}

// Placement puts a meeting at a time, in a room, with an interpreter (empty
// when it needs none).
type Placement struct {
	Meeting     string    `json:"meeting"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Room        string    `json:"room"`
	Interpreter string    `json:"interpreter,omitempty"`
}

// Instance is one scheduling problem.
type Instance struct {
	// Windows are the free times between plenary sessions; meetings start
	// on a grid in each window: its start, then every SlotLength+Break.
	Windows    []Interval    `json:"windows"`
	SlotLength time.Duration `json:"slotLength"`
	// Break is the least time between two meetings that share a person,
	// delegation, room or interpreter.
	Break        time.Duration `json:"break"`
	Rooms        []Room        `json:"rooms"`
	Interpreters []Interpreter `json:"interpreters"`
	People       []Person      `json:"people"`
	Delegations  []Delegation  `json:"delegations"`
	Meetings     []Meeting     `json:"meetings"`
	// Published is the schedule as the delegations last saw it: the solver
	// keeps each of these placements where it is still valid, moving or
	// dropping one only when that places more meetings, and then as few as
	// it can (Result.Moves lists those it moved or dropped).
	Published []Placement `json:"published,omitempty"`
}

// Options bound a run of the solver.
type Options struct {
	// TimeBox is how long the solver may search; it returns its best
	// schedule by then. 0 means 2 seconds.
	TimeBox time.Duration
	// Seed makes a run repeatable.
	Seed int64
}

// Reason says why a meeting was not placed. Each is a stable code, which
// pages translate ("bilaterals.reason.<code>").
type Reason string

// Reasons a meeting was not placed. The first group holds for the meeting
// alone (no schedule could place it); the second says which resource was
// taken at every time it could otherwise have had.
const (
	ReasonSlotTooLong       Reason = "slot_too_long"        // the slot is longer than every window
	ReasonNoRoomLargeEnough Reason = "no_room_large_enough" // Resource: the size needed
	ReasonNoInterpreter     Reason = "no_interpreter"       // nobody interprets the pair; Resource: "en-ru"
	ReasonNoCommonTime      Reason = "no_common_time"       // the people, delegations, a room and an interpreter are never free together
	ReasonLockedInvalid     Reason = "locked_invalid"       // a locked placement that breaks a rule; Resource: what
	ReasonPersonBusy        Reason = "person_busy"          // Resource: the person
	ReasonDelegationBusy    Reason = "delegation_busy"      // Resource: the delegation
	ReasonRoomsFull         Reason = "rooms_full"           // every large enough room was taken
	ReasonInterpretersBusy  Reason = "interpreters_busy"    // every interpreter with the pair was taken
	ReasonLowerPriority     Reason = "lower_priority"       // placing it would have displaced more, or higher, meetings
)

// Unplaced is a meeting the solver did not place, and why.
type Unplaced struct {
	Meeting  string `json:"meeting"`
	Reason   Reason `json:"reason"`
	Resource string `json:"resource,omitempty"`
}

// Move is a published meeting the solver moved (To set) or could no longer
// place (To nil).
type Move struct {
	Meeting string     `json:"meeting"`
	From    Placement  `json:"from"`
	To      *Placement `json:"to,omitempty"`
}

// Result is a schedule and what the solver proved about it.
type Result struct {
	Placements []Placement `json:"placements"`
	Unplaced   []Unplaced  `json:"unplaced"`
	// Placed is len(Placements); UpperBound is a proven bound on how many
	// meetings any schedule could place (Placed <= UpperBound).
	Placed     int `json:"placed"`
	UpperBound int `json:"upperBound"`
	// Optimal reports that Placed is proven the most possible (it equals
	// the bound, or the search was complete).
	Optimal  bool          `json:"optimal"`
	TimedOut bool          `json:"timedOut"`
	Moves    []Move        `json:"moves"`
	Elapsed  time.Duration `json:"elapsed"`
}

// Violation is a rule a schedule breaks, as Check reports it.
type Violation struct {
	// Rule is a stable code: "unknown_meeting", "placed_twice",
	// "outside_window", "off_grid", "wrong_length", "person_overlap",
	// "delegation_overlap", "room_overlap", "interpreter_overlap",
	// "room_too_small", "interpreter_pair", "missing_interpreter",
	// "unavailable", "unknown_room", "unknown_interpreter", "locked_moved".
	Rule     string `json:"rule"`
	Meeting  string `json:"meeting"`
	Other    string `json:"other,omitempty"`
	Resource string `json:"resource,omitempty"`
}
